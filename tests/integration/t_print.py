# SPDX-License-Identifier: PostgreSQL
"""t_print.py: safepg's result printing against psql 15, byte for byte.

A throwaway server holds tables with NULLs, multibyte and double-width
text, newlines, tabs, carriage returns and control characters, wide values
and numbers.  For a grid of formats x border x expanded x tuples_only (with
and without title and footer), line styles, wrapping widths, separators,
NULL display, numeric locale and the \\pset reports, the same query is
printed by the real `psql -X -P ... -c ...` and by tests/drivers/drv_print
(print.c, pset.c), and stdout, stderr and the exit code must be identical.
Nothing here is pager-related: stdout is a pipe, as psql requires for it.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pgcluster import Cluster, TOP  # noqa: E402
from tap import ok, diag, done  # noqa: E402

DRIVERS = os.environ.get("SAFEPG_DRIVERS") or os.path.join(TOP, "build", "drivers")
DRV = os.path.join(DRIVERS, "drv_print")

SETUP = r"""
create table t (id int, name text, amount numeric, note text);
insert into t values
  (1, 'alpha', 1234567.891, 'plain'),
  (2, 'bêta', -42, E'two\nlines'),
  (3, '日本語テキスト', null, E'tab\there'),
  (null, 'wide ' || repeat('x', 50), 0.5, E'carriage\rreturn'),
  (5, E'pipe|amp&<lt>"q"', 1e20, '  leading spaces'),
  (6, '', 3, E'\\. back\\slash_#$%{}~^ ctl\x01'),
  (7, E'multi\nline\nname', 12345, E'a,b;c');
create table words (id int, body text, tag text);
insert into words
  select i, repeat('lorem ipsum ', i * 2), 'tag' || i from generate_series(1, 4) i;
create table empty (a int, b text);
"""

Q_T = "select * from t order by id nulls last"
Q_HDR = 'select 1 as "Ünï\ncode", \'x\' as "two\nline\nheader", 2.5::float8 as f'
Q_WORDS = "select * from words order by id"
Q_EMPTY = "select * from empty"
Q_ONE = "select 42 as answer"
Q_NOCOL = "select from t where id = 1"
Q_NARROW = "select 'a' as x, i from generate_series(1, 12) i"

count = 0


def run(argv, env):
    p = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout, p.stderr


def compare(pg, name, psets, queries=(Q_T,), shows=(), env_extra=None, listing=False,
            fetch=0, footers=(), pcmd=None):
    """pcmd: psql runs this -c command instead of the queries (a describe command)."""
    """psql -X -P... -c Q... versus drv_print -P... -c Q...; shows are noisy \\pset."""
    env = pg.env(**(env_extra or {}))
    pargs, dargs = ["-X"], []
    for p in psets:
        pargs += ["-P", p]
        dargs += ["-P", p]
    for s in shows:
        name_val = s.split("=", 1)
        cmd = "\\pset " + name_val[0]
        if len(name_val) > 1:
            cmd += " '" + name_val[1].replace("\\", "\\\\").replace("'", "\\'") + "'"
        pargs += ["-c", cmd]
        dargs += ["-s", s]
    if fetch:
        pargs += ["-v", "FETCH_COUNT=%d" % fetch]
        dargs += ["-f", str(fetch)]
    if listing:
        pargs += ["-c", "\\pset"]
        dargs += ["-L"]
    for f in footers:
        dargs += ["-F", f]
    for q in queries:
        if pcmd is None:
            pargs += ["-c", q]
        dargs += ["-c", q]
    if pcmd is not None:
        pargs += ["-c", pcmd]
    want = run([os.path.join(pg.bin, "psql")] + pargs, env)
    got = run([DRV] + dargs, env)
    # a query case where psql itself fails would compare nothing useful
    sane = not queries or want[0] == 0
    good = ok(got == want and sane, name)
    if not good:
        diag("args: %r" % (dargs,))
        diag("psql: code %r err %r" % (want[0], want[2]))
        diag("drv:  code %r err %r" % (got[0], got[2]))
        wl = want[1].decode("utf-8", "replace").splitlines()
        gl = got[1].decode("utf-8", "replace").splitlines()
        for i in range(max(len(wl), len(gl))):
            w = wl[i] if i < len(wl) else "<none>"
            g = gl[i] if i < len(gl) else "<none>"
            if w != g:
                diag("line %d\n psql: %r\n  drv: %r" % (i + 1, w, g))
                break
    return good


def compare_log(pg, name, psets, query=Q_T):
    """psql -L FILE against drv_print -l FILE: the logs without psql's QUERY banner."""
    env = pg.env()
    plog = os.path.join(pg.base, "psql.log")
    dlog = os.path.join(pg.base, "drv.log")
    for f in (plog, dlog):
        if os.path.exists(f):
            os.unlink(f)
    pargs, dargs = ["-X", "-L", plog], ["-l", dlog]
    for p in psets:
        pargs += ["-P", p]
        dargs += ["-P", p]
    want = run([os.path.join(pg.bin, "psql")] + pargs + ["-c", query], env)
    got = run([DRV] + dargs + ["-c", query], env)
    with open(plog, "rb") as f:
        wlog = f.read().split(b"**************************\n\n", 1)[-1]
    with open(dlog, "rb") as f:
        glog = f.read()
    good = ok(want[0] == 0 and got == want and glog == wlog and glog != b"", name)
    if not good:
        diag("psql log: %r" % (wlog,))
        diag(" drv log: %r" % (glog,))


def main():
    with Cluster() as pg:
        pg.sql(SETUP)
        ok(os.access(DRV, os.X_OK), "drv_print is built (%s)" % DRV)

        formats = ["aligned", "unaligned", "csv", "wrapped", "html", "asciidoc",
                   "latex", "latex-longtable", "troff-ms"]
        # The main grid: every format x border x expanded x tuples_only, with a title.
        for fmt in formats:
            borders = [0, 1, 2, 3] if fmt.startswith("latex") else [0, 1, 2]
            for border in borders:
                for x in ("off", "on"):
                    for t in ("off", "on"):
                        ps = ["format=" + fmt, "border=%d" % border, "expanded=" + x,
                              "tuples_only=" + t, "title=Títle & <T>", "null=(null)"]
                        if fmt == "wrapped":
                            ps.append("columns=50")
                        compare(pg, "%s border=%d x=%s t=%s" % (fmt, border, x, t), ps)

        # Without title, footer off, multi-line headers, other queries.
        for fmt in formats:
            for x in ("off", "on"):
                compare(pg, "%s x=%s footer off, multi-line headers" % (fmt, x),
                        ["format=" + fmt, "expanded=" + x, "footer=off"],
                        queries=(Q_HDR, Q_ONE))
                compare(pg, "%s x=%s empty result and no columns" % (fmt, x),
                        ["format=" + fmt, "expanded=" + x], queries=(Q_EMPTY, Q_NOCOL))

        # FETCH_COUNT: hunks printed with start_table/stop_table/prior_records.
        for fmt in formats:
            for x in ("off", "on"):
                for n in (2, 7):
                    compare(pg, "%s x=%s FETCH_COUNT=%d" % (fmt, x, n),
                            ["format=" + fmt, "expanded=" + x, "title=Hunks", "border=2"],
                            fetch=n, queries=(Q_T, Q_NARROW))
        for extra in (["expanded=auto", "columns=200"], ["expanded=auto"],
                      ["tuples_only=on", "expanded=on"], ["format=wrapped", "columns=30"]):
            compare(pg, "FETCH_COUNT=3 %s" % " ".join(extra), extra, fetch=3,
                    queries=(Q_T, Q_EMPTY, Q_NARROW))
            compare(pg, "FETCH_COUNT=3 %s env COLUMNS" % " ".join(extra), extra, fetch=3,
                    queries=(Q_WORDS,), env_extra={"COLUMNS": "40"})

        # Line styles in the drawn formats.
        for style in ("ascii", "old-ascii", "unicode"):
            for fmt, extra in (("aligned", []), ("wrapped", ["columns=40"])):
                for border in (0, 1, 2):
                    for x in ("off", "on"):
                        compare(pg, "%s %s border=%d x=%s" % (fmt, style, border, x),
                                ["format=" + fmt, "linestyle=" + style, "border=%d" % border,
                                 "expanded=" + x] + extra,
                                queries=(Q_T, Q_HDR, Q_WORDS, Q_NARROW))
        for b, c, h in (("double", "single", "single"), ("single", "double", "single"),
                        ("single", "single", "double"), ("double", "double", "double")):
            compare(pg, "unicode border=%s column=%s header=%s" % (b, c, h),
                    ["linestyle=unicode", "border=2", "unicode_border_linestyle=" + b,
                     "unicode_column_linestyle=" + c, "unicode_header_linestyle=" + h],
                    queries=(Q_T, Q_WORDS))
            compare(pg, "unicode expanded border=%s column=%s header=%s" % (b, c, h),
                    ["linestyle=unicode", "border=2", "expanded=on",
                     "unicode_border_linestyle=" + b, "unicode_column_linestyle=" + c,
                     "unicode_header_linestyle=" + h], queries=(Q_T,))

        # Wrapping widths, expanded auto.
        for cols in (10, 20, 35, 60, 120):
            for x in ("off", "on", "auto"):
                compare(pg, "wrapped columns=%d x=%s" % (cols, x),
                        ["format=wrapped", "columns=%d" % cols, "expanded=" + x],
                        queries=(Q_WORDS, Q_T))
            compare(pg, "aligned expanded=auto columns=%d" % cols,
                    ["expanded=auto", "columns=%d" % cols], queries=(Q_WORDS, Q_ONE))

        # Unaligned separators and their zero variants; csv separators.
        for ps in (["fieldsep=;"], ["fieldsep=::", "recordsep=<RS>"], ["fieldsep_zero"],
                   ["recordsep_zero"], ["fieldsep_zero", "recordsep_zero"],
                   ["recordsep=\t", "tuples_only=on"]):
            for x in ("off", "on"):
                compare(pg, "unaligned %s x=%s" % (" ".join(ps), x),
                        ["format=unaligned", "expanded=" + x, "title=T"] + ps)
        for sep in (";", "|", "\\", ".", "\t"):
            for x in ("off", "on"):
                compare(pg, "csv csv_fieldsep=%r x=%s" % (sep, x),
                        ["format=csv", "csv_fieldsep=" + sep, "expanded=" + x])

        # NULL display, numeric locale, tableattr.
        compare(pg, "null display multibyte", ["null=∅ nul"])
        for fmt in ("aligned", "unaligned", "html"):
            compare(pg, "%s numericlocale" % fmt, ["format=" + fmt, "numericlocale=on"],
                    queries=(Q_T, "select -1234567.5::numeric, 12::int2, 1e10::float8, "
                             "'$1,000.00'::money, 123456789012::int8"))
        compare(pg, "html tableattr", ["format=html", "tableattr=class=\"x\" id=1"])
        compare(pg, "html tableattr expanded",
                ["format=html", "tableattr=width=90%", "expanded=on"])
        compare(pg, "latex-longtable tableattr widths",
                ["format=latex-longtable", "tableattr=0.2 0.3"], queries=(Q_T,))
        compare(pg, "latex-longtable tableattr border 3",
                ["format=latex-longtable", "tableattr=0.1", "border=3", "title=Cap"],
                queries=(Q_T,))
        compare(pg, "command status", [], queries=("create temp table z(a int)",
                                                    "insert into z values (1), (2)"))
        compare(pg, "command status html", ["format=html"],
                queries=("create temp table z(a int)",))

        # Titles and footers as psql's \\d of a sequence prints them: the query
        # psql -E shows, printed by drv_print with the same title and footer.
        pg.sql("create table ts (id serial primary key)")
        echo = pg.psql("-E", "-c", "\\d ts_id_seq").out
        blocks = [b.split("\n**************************")[0]
                  for b in echo.split("********* QUERY **********\n")[1:]]
        seq_query = [b for b in blocks if "pg_sequence" in b][0]
        for fmt in formats:
            for x in ("off", "on"):
                for border in (0, 2):
                    compare(pg, "\\d sequence: %s x=%s border=%d, title and footer" % (fmt, x, border),
                            ["format=" + fmt, "expanded=" + x, "border=%d" % border,
                             "title=Sequence \"public.ts_id_seq\""],
                            queries=(seq_query,), footers=("Owned by: public.ts.id",),
                            pcmd="\\d ts_id_seq")

        # --log-file: the table again, aligned whatever the format.
        for fmt, extra in (("aligned", []), ("csv", []), ("html", []),
                           ("wrapped", ["columns=30"]), ("unaligned", ["title=Logged"])):
            for x in ("off", "on"):
                compare_log(pg, "log file, %s x=%s" % (fmt, x),
                            ["format=" + fmt, "expanded=" + x] + extra)

        # Other client encodings: LATIN1 widths, and psql's UTF-8 cleaning of
        # invalid bytes that a SQL_ASCII database hands out unconverted.
        latin1 = {"PGCLIENTENCODING": "LATIN1"}
        for fmt in ("aligned", "wrapped", "unaligned"):
            for x in ("off", "on"):
                compare(pg, "LATIN1 %s x=%s" % (fmt, x),
                        ["format=" + fmt, "expanded=" + x, "columns=20", "title=Tïtle"],
                        queries=("select name, note from t where id in (1, 2, 6) order by id",
                                 "select E'caf\\u00e9 \\u00fcber' as \"ñame\""),
                        env_extra=latin1)
        nonchars = ("select chr(65534) || 'a' || chr(65535) as \"h\ufffe\ufdd0i\", "
                    "chr(64976) || chr(65007) || 'b' as x, chr(1114110) || chr(1114111) as y, "
                    "'c' || chr(131070) as z")
        for fmt in ("aligned", "wrapped", "unaligned", "html"):
            for x in ("off", "on"):
                compare(pg, "UTF-8 noncharacters, %s x=%s" % (fmt, x),
                        ["format=" + fmt, "expanded=" + x, "columns=30"], queries=(nonchars,))

        # print_query prints straight from the result unless a value needs
        # cleaning, so each of these is a result of its own: a noncharacter
        # psql removes (4-byte ones; its check lets U+FFFE through) after 7,
        # 8, 9 and 17 ASCII bytes (the 8-byte ASCII check), inside the first 8
        # bytes with only ASCII after it, after a valid multibyte character;
        # one in a NULL display; and numericlocale without a numeric column.
        cleaning = ("select 'abcdefg' || chr(1114111) || 'z' as a7, 1 as n",
                    "select 'abcdefgh' || chr(131070) as a8",
                    "select 'ab' || chr(1114111) || 'cdefghijklmn' as inchunk",
                    "select 'abcdefghi' || chr(131070) || 'y' as a9, null as n",
                    "select repeat('q', 17) || chr(1114111) as a17",
                    "select '0123456789' || chr(233) || 'abcdefgh' || chr(131070) as mb",
                    "select 'abcdef' || chr(233) || chr(131070) || repeat('x', 9) as mbchunk",
                    "select repeat('ok ', 5) || chr(233) || repeat('x', 9) || chr(65534) as valid")
        for fmt in ("aligned", "wrapped", "unaligned", "csv"):
            for x in ("off", "on"):
                compare(pg, "noncharacters after ASCII runs, %s x=%s" % (fmt, x),
                        ["format=" + fmt, "expanded=" + x, "columns=40"],
                        queries=cleaning)
        compare(pg, "NULL display with a noncharacter", ["null=n\U0010ffffl"],
                queries=(Q_T, "select null as n"))
        for fmt in ("aligned", "unaligned"):
            compare(pg, "%s numericlocale, no numeric column" % fmt,
                    ["format=" + fmt, "numericlocale=on"],
                    queries=("select name, note from t order by id", Q_WORDS))
        compare(pg, "numericlocale FETCH_COUNT=2", ["numericlocale=on"], fetch=2,
                queries=(Q_T, "select name from t order by id"))

        # \pset reports and errors, as psql -c '\pset ...' prints them.
        shows = ["border=2", "border", "columns=0", "columns=72", "csv_fieldsep=;",
                 "expanded", "expanded=auto", "x=off", "fieldsep=::", "fieldsep_zero",
                 "footer", "footer=off", "format=u", "format=latex", "format=latex-l",
                 "linestyle=u", "linestyle=old", "null=[NULL]", "numericlocale",
                 "pager=always", "pager=off", "pager", "pager_min_lines=1",
                 "pager_min_lines=5", "recordsep=;", "recordsep", "recordsep_zero",
                 "tableattr=a=1", "T", "title=Hello", "C", "tuples_only", "t=on",
                 "unicode_border_linestyle=d", "unicode_column_linestyle=single",
                 "unicode_header_linestyle=double", "format=a"]
        for s in shows:
            compare(pg, "\\pset %s" % s, [], queries=(), shows=(s,))
        for s in ("nosuch", "format=foo", "format=", "linestyle=x", "x=maybe", "pager=sometimes",
                  "csv_fieldsep=ab", "csv_fieldsep=\"", "numericlocale=perhaps",
                  "unicode_border_linestyle=triple"):
            compare(pg, "\\pset error %s" % s, [], queries=(), shows=(s,))
        compare(pg, "\\pset list", ["border=2", "null=x'y", "title=a\nb", "fieldsep_zero"],
                queries=(), listing=True)
        compare(pg, "\\pset list defaults", [], queries=(), listing=True)
    done()


if __name__ == "__main__":
    main()
