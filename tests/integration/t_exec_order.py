# SPDX-License-Identifier: PostgreSQL
"""t_exec_order: the way safepg sends statements keeps psql's semantics.

safepg classifies, decides and audits every statement around sending it
(and takes a fast path for the common harmless ones); none of that may
change what a script does.  Each script here runs through psql and
through safepg on the same server state with stdout and stderr on one
pipe, so the order of results, notices and errors is compared as well as
their bytes, and the exit code and the rows the script left behind are
compared too.  Shown: output and error order with notices in between;
errors with psql's file:line; ON_ERROR_STOP stopping at the right
statement (the later ones never reach the server, by its own log);
transaction state across errors, with -1 and with AUTOCOMMIT off;
variables that a statement sets (ROW_COUNT, \\gset) used by the next one;
standard_conforming_strings changed mid-script; a statement needing
confirmation in a script read from a pipe, without a terminal: the
statements before it ran, it and everything after it were never sent
(the server's log shows none of them).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import done, is_, ok, diag  # noqa: E402

SETUP = """
DROP TABLE IF EXISTS t, log CASCADE;
CREATE TABLE t (id int PRIMARY KEY, a int, b text);
CREATE TABLE log (n serial, what text);
"""

CASES = [
    ("many small statements, output in order", [], "".join(
        "insert into t values (%d, %d, 'row %d');\nupdate t set a = a + 1 where id = %d;\n"
        "select id, a, b from t where id = %d;\n" % (i, i, i, i, i) for i in range(200))),
    ("notices and errors between results", [],
     "select 1 as one;\n"
     "do $$ begin raise notice 'first notice'; end $$;\n"
     "insert into t values (1, 1, 'x');\n"
     "insert into t values (1, 1, 'dup');\n"
     "select 2 as two;\n"
     "do $$ begin raise warning 'a warning'; end $$;\n"
     "select * from nope;\n"
     "\\echo between\n"
     "select 3 as three;\n"),
    ("ON_ERROR_STOP stops at the failing statement", ["-v", "ON_ERROR_STOP=1"],
     "insert into t values (1, 1, 'a');\n"
     "insert into t values (2, 2, 'b');\n"
     "insert into t values (2, 2, 'dup');\n"
     "insert into log (what) values ('after the error');\n"
     "insert into t values (3, 3, 'c');\n"),
    ("transaction aborted by an error, then rolled back", [],
     "begin;\n"
     "insert into t values (1, 1, 'a');\n"
     "insert into t values (1, 1, 'dup');\n"
     "insert into t values (2, 2, 'b');\n"
     "select 1;\n"
     "rollback;\n"
     "insert into t values (3, 3, 'c');\n"
     "select id from t order by id;\n"),
    ("single transaction (-1) with an error rolls everything back", ["-1"],
     "insert into t values (1, 1, 'a');\n"
     "update t set a = 5 where id = 1;\n"
     "insert into t values (1, 1, 'dup');\n"
     "insert into t values (2, 2, 'b');\n"),
    ("-1 with ON_ERROR_STOP", ["-1", "-v", "ON_ERROR_STOP=1"],
     "insert into t values (1, 1, 'a');\n"
     "insert into t values (1, 1, 'dup');\n"
     "insert into t values (2, 2, 'b');\n"),
    ("AUTOCOMMIT off", ["-v", "AUTOCOMMIT=off"],
     "insert into t values (1, 1, 'a');\n"
     "\\echo :LAST_ERROR_MESSAGE\n"
     "commit;\n"
     "insert into t values (2, 2, 'b');\n"
     "rollback;\n"
     "select id from t order by id;\n"),
    ("a statement's variables feed the next", [],
     "insert into t values (1, 1, 'a'), (2, 2, 'b');\n"
     "update t set a = a + 1 where id = 1;\n"
     "select :ROW_COUNT as rows_updated;\n"
     "select max(id) as top from t \\gset\n"
     "insert into t values (:top + 1, 0, 'next');\n"
     "delete from t where id = 99;\n"
     "\\echo :ROW_COUNT :ERROR :SQLSTATE\n"
     "insert into t values (1, 1, 'dup');\n"
     "\\echo :ERROR :SQLSTATE\n"
     "select id from t order by id;\n"),
    ("standard_conforming_strings changed mid-script", [],
     "set standard_conforming_strings = off;\n"
     "insert into t values (1, 1, 'a\\'b');\n"
     "set standard_conforming_strings = on;\n"
     "insert into t values (2, 2, 'c\\d');\n"
     "select id, b from t order by id;\n"),
    ("several statements on a line", [],
     "insert into t values (1, 1, 'a'); insert into t values (1, 1, 'dup'); "
     "insert into t values (2, 2, 'b'); select count(*) from t;\n"),
]


def run(argv, env, text):
    """stdout and stderr on one pipe: their order is part of the result."""
    p = subprocess.run(argv, env=env, input=text.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


with Cluster(conf="log_statement = 'all'\nlog_line_prefix = ''\n") as pg:
    pg.sql("CREATE DATABASE o")
    env = pg.env(PGDATABASE="o", SAFEPG_SYSTEM_PROFILE=os.path.join(pg.base, "no-floor.yaml"))
    psql = os.path.join(pg.bin, "psql")

    def state():
        return pg.sql("SELECT coalesce(string_agg(id || ':' || a || ':' || b, ',' ORDER BY id), '') "
                      "FROM t", db="o").strip() + " | " + \
            pg.sql("SELECT coalesce(string_agg(what, ',' ORDER BY n), '') FROM log", db="o").strip()

    for name, opts, script in CASES:
        path = os.path.join(pg.base, "script.sql")
        with open(path, "w") as f:
            f.write(script)
        results = {}
        for label, prog in (("psql", psql), ("safepg", SAFEPG)):
            pg.sql(SETUP, db="o")
            code, out = run([prog, "-X"] + opts + ["-f", path], env, "")
            # psql names itself in messages; safepg says "psql" there too
            results[label] = (code, out, state())
        p, s = results["psql"], results["safepg"]
        same = p == s
        ok(same, "%s: same output (in order), exit code and rows as psql" % name)
        if not same:
            diag("psql   exit %d, rows %s\n%s" % (p[0], p[2], p[1][-1500:]))
            diag("safepg exit %d, rows %s\n%s" % (s[0], s[2], s[1][-1500:]))

    # --- ON_ERROR_STOP: the statements after the error never reached the server
    pg.sql(SETUP, db="o")
    marker = "/* after-the-error */"
    script = ("insert into t values (1, 1, 'a');\ninsert into t values (1, 1, 'dup');\n"
              "insert into log (what) values ('x') %s;\n" % marker)
    code, out = run([SAFEPG, "-X", "-v", "ON_ERROR_STOP=1"], env, script)
    is_(code, 3, "ON_ERROR_STOP from a pipe: exit 3")
    with open(os.path.join(pg.base, "server.log"), errors="replace") as f:
        seen = f.read()
    ok("'dup'" in seen and marker not in seen,
       "the server received the failing statement and never the one after it")

    # --- a statement needing confirmation: never sent, nor anything after it
    profile = os.path.join(pg.base, "strict.yaml")
    with open(profile, "w") as f:
        f.write("version: 1\nenvironments:\n  shop:\n    match:\n      hosts: [\"/*\"]\n"
                "    protection: strict\n")
    os.chmod(profile, 0o600)
    senv = dict(env, SAFEPG_PROFILE=profile)
    pg.sql(SETUP, db="o")
    script = ("insert into t values (1, 1, 'before') /* m-before */;\n"
              "drop table log /* m-drop */;\n"
              "insert into t values (2, 2, 'after') /* m-after */;\n")
    p = subprocess.run(["setsid", "-w", SAFEPG, "-X"], env=senv, input=script.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    is_(p.returncode, 6, "a script from a pipe reaching a DROP without a terminal: exit 6")
    with open(os.path.join(pg.base, "server.log"), errors="replace") as f:
        seen = f.read()
    ok("m-before" in seen, "the statement before it was sent")
    ok("m-drop" not in seen and "m-after" not in seen,
       "the DROP and the statement after it never reached the server")
    is_(state(), "1:1:before | ", "the rows are those of the first statement only")

done()
