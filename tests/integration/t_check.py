# SPDX-License-Identifier: PostgreSQL
"""t_check.py: `safepg check` end to end — the real binary on files, -c and
stdin: formats, thresholds, exit codes, \\i, COPY data passed over, and a run
over every PostgreSQL regression script without a crash or a sanitizer
report.  It never connects, so no server is started here."""
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from tap import ok, is_, like, unlike, diag, done  # noqa: E402
from pgcluster import SAFEPG, TOP  # noqa: E402

TMP = tempfile.mkdtemp(prefix="safepg-check-")
# check must not need a server: point libpq nowhere.
ENV = dict(os.environ, PGHOST="/nonexistent", PGPORT="1")


def check(*args, input=None):
    p = subprocess.run([SAFEPG, "check"] + list(args), input=(input or "").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                       timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# --- text format, positions, exit codes
mig = write("mig.sql", "select 1;\n  update t set a = 1 where id = 2;\n"
            "delete from orders;\ndrop database shop;\n")
code, out, err = check("--fail-on=catastrophic", mig)
lines = out.splitlines()
is_(code, 9, "a catastrophic unit with --fail-on=catastrophic exits 9")
is_(len(lines), 4, "one line per unit")
like(lines[0], r"^%s:1:1: read SELECT" % mig, "text line: FILE:LINE:COLUMN: CLASS KIND")
like(lines[1], r"^%s:2:3: write UPDATE" % mig, "column counts from 1 past leading spaces")
like(lines[2], r"^%s:3:1: destructive DELETE: .*orders" % mig, "DELETE without WHERE is destructive, reason names the table")
like(lines[3], r"^%s:4:1: catastrophic DROP DATABASE" % mig, "DROP DATABASE is catastrophic")

code, out, err = check("-c", "select 1", "-c", "insert into t values (1)")
is_(code, 0, "read and write pass the default threshold")
like(out, r"^-c:1:1: read SELECT.*\n-c:1:1: write INSERT", "-c units are reported as -c")

code, out, err = check("-c", "truncate t")
is_(code, 9, "default --fail-on is destructive: TRUNCATE fails")
code, out, err = check("-c", "do $$ begin execute 'drop table ' || 'x'; end $$")
is_(code, 9, "unknown counts as destructive for the default threshold")
code, out, err = check("--fail-on=catastrophic", "-c", "drop table t")
is_(code, 0, "--fail-on=catastrophic lets a DROP TABLE pass")
code, out, err = check("--fail-on=write", "-c", "insert into t values (1)")
is_(code, 9, "--fail-on=write fails on INSERT")
code, out, err = check("--fail-on=unknown", "-c", "call p()")
is_(code, 9, "--fail-on=unknown fails on CALL")

code, out, err = check(input="select 1;\nselect 2;\n")
is_(code, 0, "stdin is read when there are no files and no -c")
like(out, r"^-:1:1: read SELECT.*\n-:2:1: read SELECT", "stdin units are reported as -")

code, out, err = check("--fail-on=catastrophic", "-c", "selec 1; drop table t")
ok(code == 0 and "unknown" in out, "what the grammar rejects is unknown, never read")

# --- json
code, out, err = check("--format=json", "-c", "delete from public.orders")
objs = [json.loads(l) for l in out.splitlines()]
is_(len(objs), 1, "json: one object per unit")
o = objs[0]
is_(sorted(k for k in ("file", "line", "column", "class", "kind", "objects", "reasons", "text") if k in o),
    sorted(["file", "line", "column", "class", "kind", "objects", "reasons", "text"]),
    "json: every documented key is present")
is_((o["file"], o["line"], o["column"], o["class"], o["kind"]),
    ("-c", 1, 1, "destructive", "DELETE"), "json: position, class and kind")
ok(any("orders" in x for x in o["objects"]), "json: objects name the table")
ok(isinstance(o["reasons"], list) and o["reasons"], "json: reasons is a non-empty array")
is_(o["text"], "delete from public.orders", "json: text is the unit")
code, out, err = check("--format", "json", "-c", "select 'a\"b\\c\n'")
ok(code == 0 and json.loads(out.splitlines()[0])["text"] == "select 'a\"b\\c\n'",
   "json: quotes, backslashes and newlines are escaped")

# --- meta-commands, \i, COPY data
inc = write("inc.sql", "drop table inner_t;\n")
main = write("main.sql", "\\i %s\nselect 1;\n" % inc)
code, out, err = check("--fail-on=catastrophic", main)
like(out, r"inc\.sql:1:1: destructive DROP TABLE", "\\i: the included file's units are classified")
selfinc = write("self.sql", "\\i %s\n" % os.path.join(TMP, "self.sql"))
code, out, err = check(selfinc)
ok(code in (0, 9) and "unknown" in out, "\\i of itself is reported, not followed forever")
code, out, err = check("-c", "\\i /nonexistent/file.sql")
ok(code == 9 and "unknown" in out, "\\i of an unreadable file is unknown")
cp = write("copy.sql", "copy t from stdin;\ndrop table x\t1\nselect 2\n\\.\nselect 3;\n")
code, out, err = check("--fail-on=catastrophic", cp)
lines = out.splitlines()
ok(not any("DROP" in l for l in lines), "COPY FROM STDIN data is passed over, never parsed")
like(out, r"copy\.sql:5:1: read SELECT", "units after \\. are classified again")
code, out, err = check("-c", "\\! rm -rf /tmp/x")
is_(code, 9, "\\! rm -rf is destructive")
code, out, err = check("-c", "\\o /tmp/out.txt")
like(out, r"write", "\\o FILE is write")
code, out, err = check("-c", "\\d orders")
is_(code, 0, "\\d is read")

# --- bad usage and unreadable input
code, out, err = check("--format=xml", "-c", "select 1")
is_(code, 1, "an unknown format is a usage error: exit 1")
like(err, r"format", "the usage error names the option")
code, out, err = check("--fail-on=nope", "-c", "select 1")
is_(code, 1, "an unknown class is a usage error: exit 1")
code, out, err = check("--frobnicate")
is_(code, 1, "an unknown option: exit 1")
code, out, err = check(os.path.join(TMP, "missing.sql"))
is_(code, 1, "an unreadable file: exit 1")
like(err, r"missing\.sql", "the message names the file")
code, out, err = check("--help")
ok(code == 0 and "--fail-on" in out, "--help documents the options")

# --- every regression script: no crash, no hang, no sanitizer report
scripts = sorted(glob.glob(os.path.join(TOP, "..", "shared", "compat", "regress", "sql", "*.sql")))
if not scripts:
    diag("no regression scripts found next to the repository; using tests/data")
    scripts = sorted(glob.glob(os.path.join(TOP, "tests", "data", "**", "*.sql"), recursive=True))
bad = []
units = 0
for s in scripts:
    code, out, err = check("--format=json", s)
    units += len(out.splitlines())
    if code not in (0, 9) or "runtime error" in err or "Sanitizer" in err:
        bad.append((s, code, err[-400:]))
for b in bad[:5]:
    diag(repr(b))
ok(scripts and not bad, "check runs over %d scripts (%d units) with exit 0 or 9 and no sanitizer report"
   % (len(scripts), units))

done()
