# SPDX-License-Identifier: PostgreSQL
"""t_client_diff: scripts through psql and safepg, compared byte for byte.

Each case runs the same input with the same options through the real psql
and through safepg against the same throwaway server, and asserts that
stdout, stderr and the exit code are identical.  The database is reset
between cases, so each case sees the same state under both clients.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, run, SAFEPG  # noqa: E402
from tap import ok, is_, diag, done  # noqa: E402

SETUP = """
DROP TABLE IF EXISTS t, u CASCADE;
CREATE TABLE t (id int PRIMARY KEY, name text, price numeric);
INSERT INTO t VALUES (1, 'apple', 1.5), (2, 'pear', NULL), (3, 'fig', 10);
CREATE TABLE u (a int, b text);
"""

# (name, options, stdin or None, {file name: content})
CASES = [
    ("simple select", ["-c", "select 1 as one"], None, {}),
    ("select from table", ["-c", "select * from t order by id"], None, {}),
    ("sql error with -c", ["-c", "select * from nope"], None, {}),
    ("syntax error with caret", ["-c", "select 1 +"], None, {}),
    ("division error", ["-c", "select 1/0"], None, {}),
    ("empty input", [], "", {}),
    ("only comments", [], "-- nothing\n/* nothing */\n", {}),
    ("script with error goes on", ["-f", "s.sql"], None,
     {"s.sql": "select 1;\nselect * from nope;\nselect 2;\n"}),
    ("ON_ERROR_STOP stops with 3", ["-v", "ON_ERROR_STOP=1", "-f", "s.sql"], None,
     {"s.sql": "select 1;\nselect * from nope;\nselect 2;\n"}),
    ("ON_ERROR_STOP from stdin", ["-v", "ON_ERROR_STOP=on"],
     "select 1;\nselect * from nope;\nselect 2;\n", {}),
    ("set and interpolate", [], "\\set x 42\nselect :x as x, :'x' as lit, :\"x\" is null;\n", {}),
    ("undefined variable left alone", [], "select ':nope' as a, :'nope';\n", {}),
    ("unset and echo", [], "\\set a hello\n\\echo :a\n\\unset a\n\\echo :a\n", {}),
    ("echo -n and qecho", [], "\\echo -n abc\n\\echo def\n\\qecho q1 'q 2'\n\\warn w\n", {}),
    ("if elif else", [],
     "\\set v 2\n\\if :v = 1\n\\echo one\n\\elif false\n\\echo no\n\\else\n\\echo other\n\\endif\n",
     {}),
    ("if with expression", [],
     "\\if true\n select 'yes';\n\\else\n select 'no';\n\\endif\n", {}),
    ("nested if skipped", [],
     "\\if false\n\\if true\n\\echo inner\n\\endif\n select 1;\n\\endif\n\\echo after\n", {}),
    ("if errors", [], "\\elif true\n\\else\n\\endif\n\\if maybe\n\\endif\n", {}),
    ("unterminated if", [], "\\if true\nselect 1;\n", {}),
    ("gset", [], "select 1 as a, 'x' as b \\gset\n\\echo :a :b\nselect 5 as n \\gset p_\n\\echo :p_n\n",
     {}),
    ("gset no rows", [], "select 1 where false \\gset\n\\echo :ROW_COUNT\n", {}),
    ("gexec", [], "select 'select ' || g || ' as n' from generate_series(1,3) g \\gexec\n", {}),
    ("gdesc", [], "select 1 as a, 'x'::text as b \\gdesc\n", {}),
    ("g to file then read", [],
     "select * from t order by id \\g out.txt\n\\! cat out.txt\n", {}),
    ("gx", [], "select * from t where id = 1 \\gx\n", {}),
    ("o redirect", [], "\\o out2.txt\nselect 42;\n\\o\n\\! cat out2.txt\nselect 43;\n", {}),
    ("copy from stdin", [],
     "copy u from stdin;\n1\tone\n2\ttwo\n\\.\nselect * from u order by a;\n", {}),
    ("copy to stdout", [], "copy t to stdout;\ncopy (select 1, 'a b') to stdout csv;\n", {}),
    ("copy from stdin csv with error", [],
     "copy u from stdin csv;\n1,x\nbad,y\n\\.\nselect count(*) from u;\n", {}),
    ("refused COPY FROM STDIN: its data is eaten", ["-a"],
     "copy u from stdin with (header wrong_choice);\n1\tx\n\\.\nselect count(*) from u;\n"
     "copy (select 1) from stdin;\n2\ty\n\\.\nselect 'after';\n", {}),
    ("COPY FROM STDOUT reads inline data", ["-a"],
     "copy u from stdout;\n3\tz\n\\.\nselect * from u;\n", {}),
    ("backslash copy", [],
     "\\copy u from 'data.txt'\n\\copy u to stdout\n\\copy (select 7) to stdout\n",
     {"data.txt": "5\tfive\n6\tsix\n"}),
    ("notices", [],
     "do $$ begin raise notice 'hello %', 1; raise warning 'careful'; end $$;\n", {}),
    ("notice with detail and hint", [],
     "do $$ begin raise notice 'n' using detail = 'd', hint = 'h'; end $$;\n", {}),
    ("error with detail", [], "insert into t values (1, 'dup', 0);\n", {}),
    ("transactions and errors", [],
     "begin;\nselect 1;\nselect nope;\nselect 2;\nrollback;\n", {}),
    ("ON_ERROR_ROLLBACK", ["-v", "ON_ERROR_ROLLBACK=on"],
     "begin;\ninsert into u values (1);\nselect nope;\ninsert into u values (2);\ncommit;\n"
     "select count(*) from u;\n", {}),
    ("AUTOCOMMIT off", ["-v", "AUTOCOMMIT=off"],
     "insert into u values (9);\nrollback;\nselect count(*) from u;\n", {}),
    ("echo all", ["-a"], "select 1;\n\\echo x\n", {}),
    ("echo queries", ["-e"], "select 1;\n", {}),
    ("echo errors", ["-b"], "select 1;\nselect nope;\n", {}),
    ("unaligned tuples only", ["-A", "-t"], "select * from t order by id;\n", {}),
    ("field separator", ["-A", "-F", ";"], "select * from t order by id;\n", {}),
    ("csv", ["--csv"], "select * from t order by id;\n", {}),
    ("expanded", ["-x"], "select * from t order by id;\n", {}),
    ("pset commands", [],
     "\\pset null (null)\n\\pset border 2\nselect * from t order by id;\n\\pset format unaligned\n"
     "select 1, 2;\n\\pset\n", {}),
    ("toggles a t x", [], "\\a\n\\t\nselect 1, 2;\n\\x\n\\t\nselect 3 as c;\n", {}),
    ("bad pset", [], "\\pset format nope\n\\pset nope\n", {}),
    ("invalid command", [], "\\nope\nselect 1;\n", {}),
    ("extra argument", [], "\\echo a\n\\r extra\n", {}),
    ("p and r", [], "select 1\n\\p\n\\r\n\\p\n", {}),
    ("i include and ir", [], "\\i inc.sql\n\\i missing.sql\n",
     {"inc.sql": "select 'included';\nselect nope;\n"}),
    ("statement without semicolon at end", [], "select 'tail'", {}),
    ("multi statements per line", [], "select 1; select 2; select 3\\g\n", {}),
    ("backslash semicolon", [], "select 1 \\; select 2;\n", {}),
    ("dollar quotes and comments", [],
     "select $$a;b$$ as d, 'it''s' /* c; */ as q -- x;\n;\n", {}),
    ("psql variables special", [], "select 1;\n\\echo :ROW_COUNT :ERROR\nselect nope;\n"
     "\\echo :ERROR :SQLSTATE\n\\echo :LAST_ERROR_MESSAGE\n", {}),
    ("set with several args", [], "\\set v a b 'c d'\n\\echo :v\n\\set v\n\\echo :v.\n", {}),
    ("setenv getenv", [], "\\setenv FOO bar\n\\getenv v FOO\n\\echo :v\n", {}),
    ("shell escape", [], "\\! echo from shell\n", {}),
    ("backticks", [], "\\set x `echo 12`\nselect :x;\n", {}),
    ("FETCH_COUNT", ["-v", "FETCH_COUNT=2"],
     "select g from generate_series(1,5) g;\n", {}),
    ("timing off output", [], "\\timing off\n\\timing\n", {}),
    ("errverbose", [], "\\errverbose\nselect nope;\n\\errverbose\n", {}),
    ("VERBOSITY terse", ["-v", "VERBOSITY=terse"], "select nope;\n", {}),
    ("encoding", [], "\\encoding\n\\encoding LATIN1\n\\encoding\n\\encoding nope\n", {}),
    ("SHOW_CONTEXT", ["-v", "SHOW_CONTEXT=always"],
     "do $$ begin raise notice 'ctx'; end $$;\n", {}),
    ("custom format dump refused", [], "PGDMP garbage\n", {}),
    ("restrict", [], "\\restrict abc\n\\echo no\nselect 1;\n\\unrestrict abc\n\\echo yes\n", {}),
    ("set bad variable name", [], "\\set 'bad name' 1\n\\unset\n", {}),
    ("bool variable errors", [], "\\set ON_ERROR_STOP maybe\n\\set FETCH_COUNT x\n", {}),
    ("watch with empty query", [], "\\watch 1\n", {}),
    ("single line mode", ["-S"], "select 1\nselect 2\n", {}),
    ("html output", ["-H"], "select * from t order by id;\n", {}),
    ("cd and include relative", [], "\\cd sub\n\\ir rel.sql\n",
     {"sub/rel.sql": "select 'rel';\n"}),
    ("prompt from file input", ["-f", "p.sql"], None,
     {"p.sql": "\\prompt 'give: ' v\n\\echo got :v\n"}),
    ("writing buffer", [], "select 77\n\\w wq.sql\n\\r\n\\i wq.sql\n", {}),
    ("crlf lines", [], "select 1;\r\nselect 2;\r\n", {}),
    ("connection lost in a script exits 2", [],
     "select 1;\nselect pg_terminate_backend(pg_backend_pid());\nselect 2;\n", {}),
    ("connection string reconnect", [],
     "\\c postgres\n\\echo :DBNAME\n\\c nosuchdb\n\\echo :DBNAME\n", {}),
]


# Cases that need an environment variable: (name, options, stdin, files, env)
ENV_CASES = [
    ("edit the query buffer with EDITOR", [], "select 1 as edited\n\\e\n;\n", {},
     {"EDITOR": "sed -i s/1/2/"}),
    ("edit a file with EDITOR", [], "\\e f.sql\n;\n", {"f.sql": "select 'from file'\n"},
     {"EDITOR": "true", "PSQL_EDITOR": "sed -i s/file/editor/"}),
    ("edit with a line number", [], "select 3\n\\e 1\n;\n", {},
     {"EDITOR": "sed -i s/3/4/", "PSQL_EDITOR_LINENUMBER_ARG": "-e1p -e"}),
    ("getenv of an unset variable", [], "\\getenv v NOPE_NOT_SET\n\\echo :v\n", {}, {}),
]


def prepare(pg, files):
    d = os.path.join(pg.base, "work")
    if os.path.isdir(d):
        for root, dirs, fs in os.walk(d, topdown=False):
            for f in fs:
                os.unlink(os.path.join(root, f))
            for x in dirs:
                os.rmdir(os.path.join(root, x))
    os.makedirs(os.path.join(d, "sub"), exist_ok=True)
    for name, content in files.items():
        path = os.path.join(d, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(content)
    return d


def run_client(pg, binary, opts, stdin, files, extra_env=None):
    d = prepare(pg, files)
    pg.sql(SETUP)
    argv = [binary, "-X"] + opts
    return run(argv, env=pg.env(**(extra_env or {})), input=stdin if stdin is not None else "",
               cwd=d)


def main():
    with Cluster() as pg:
        psql = os.path.join(pg.bin, "psql")
        for name, opts, stdin, files, extra_env in ([c + ({},) for c in CASES] + ENV_CASES):
            a = run_client(pg, psql, opts, stdin, files, extra_env)
            b = run_client(pg, SAFEPG, opts, stdin, files, extra_env)
            same = (a.code, a.out, a.err) == (b.code, b.out, b.err)
            if not ok(same, "%s: same stdout, stderr and exit code as psql" % name):
                for what, x, y in (("code", a.code, b.code), ("stdout", a.out, b.out),
                                   ("stderr", a.err, b.err)):
                    if x != y:
                        diag("%s psql:   %r" % (what, x))
                        diag("%s safepg: %r" % (what, y))
    done()


main()
