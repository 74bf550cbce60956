# SPDX-License-Identifier: PostgreSQL
"""t_client_opts: psql's command-line options through psql and safepg.

-c and -f (repeated, mixed, in order), -1, -v, output options, connection
options and failures, and every exit code psql documents (0, 1, 2, 3):
each case must give the same stdout, stderr and exit code as the real psql.
Then a few safepg-only checks: --help lists psql's options, --version.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, run, SAFEPG  # noqa: E402
from tap import ok, is_, like, diag, done  # noqa: E402

SETUP = """
DROP TABLE IF EXISTS t CASCADE;
CREATE TABLE t (id int PRIMARY KEY, name text);
INSERT INTO t VALUES (1, 'one'), (2, 'two');
"""

FILES = {
    "a.sql": "select 'a' as file;\n",
    "b.sql": "select 'b' as file;\nselect nope;\nselect 'b2';\n",
    "ins.sql": "insert into t values (10, 'ten');\ninsert into t values (1, 'dup');\n",
    "empty.sql": "",
}

# (name, options, stdin)
CASES = [
    ("two -c in order", ["-c", "select 1", "-c", "select 2"], None),
    ("-c and -f mixed in order", ["-c", "select 0", "-f", "a.sql", "-c", "select 3"], None),
    ("-f repeated", ["-f", "a.sql", "-f", "a.sql"], None),
    ("-f with error exits 0", ["-f", "b.sql"], None),
    ("-f with error and ON_ERROR_STOP exits 3", ["-v", "ON_ERROR_STOP=1", "-f", "b.sql"], None),
    ("-c error then -c goes on, last result counts", ["-c", "select nope", "-c", "select 1"], None),
    ("-c ok then -c error exits 1", ["-c", "select 1", "-c", "select nope"], None),
    ("ON_ERROR_STOP stops -c list", ["-v", "ON_ERROR_STOP=1", "-c", "select nope",
                                     "-c", "select 1"], None),
    ("-1 commits", ["-1", "-c", "insert into t values (5, 'five')", "-c",
                    "select count(*) from t"], None),
    ("-1 with error and ON_ERROR_STOP rolls back", ["-1", "-v", "ON_ERROR_STOP=1",
                                                    "-f", "ins.sql"], None),
    ("-1 with error without ON_ERROR_STOP commits", ["-1", "-f", "ins.sql", "-c",
                                                     "select count(*) from t"], None),
    ("-1 from stdin", ["-1"], "insert into t values (7, 'x');\nselect count(*) from t;\n"),
    ("-1 interactive refused", ["-1"], None),
    ("-c meta-command", ["-c", "\\echo hello :USER"], None),
    ("-c invalid meta-command", ["-c", "\\nope"], None),
    ("-c several statements", ["-c", "select 1; select 2"], None),
    ("-f missing file", ["-f", "nope.sql"], None),
    ("-f missing then ok", ["-f", "nope.sql", "-c", "select 1"], None),
    ("-f empty", ["-f", "empty.sql"], None),
    ("-f - reads stdin", ["-f", "-"], "select 'stdin';\nselect nope;\n"),
    ("-v sets variables", ["-v", "x=1", "--set=y=2", "--variable", "z", "-c",
                           "\\echo :x :y :z"], None),
    ("-v bad name", ["-v", "a b=1", "-c", "select 1"], None),
    ("-A -t -F", ["-A", "-t", "-F", ",", "-c", "select * from t order by id"], None),
    ("-A -R", ["-A", "-R", "#", "-c", "select * from t order by id"], None),
    ("-z -0", ["-A", "-z", "-0", "-c", "select * from t order by id"], None),
    ("-x", ["-x", "-c", "select * from t order by id"], None),
    ("-H", ["-H", "-c", "select * from t order by id"], None),
    ("-P options", ["-P", "border=2", "-P", "null=NUL", "-c", "select 1, null"], None),
    ("-P bad option", ["-P", "nope=1", "-c", "select 1"], None),
    ("-T table attr", ["-H", "-T", "width=90", "-c", "select 1"], None),
    ("--csv", ["--csv", "-c", "select * from t order by id"], None),
    ("-q quiet", ["-q", "-c", "\\pset border 2", "-c", "select 1"], None),
    ("-e echo queries", ["-e", "-c", "select 1"], None),
    ("-a echo all with -c", ["-a", "-c", "select 1"], None),
    ("-E echo hidden", ["-E", "-c", "select 1"], None),
    ("-o output file", ["-o", "out.txt", "-c", "select 1", "-c", "\\! cat out.txt"], None),
    ("-S single line", ["-S"], "select 1\nselect 2\n"),
    ("-L log file", ["-L", "log.txt", "-c", "select 1", "-c", "select 2"], None),
    ("dbname and user positional", ["postgres", "postgres", "-c", "select current_user"], None),
    ("extra argument ignored", ["postgres", "postgres", "extra", "-c", "select 1"], None),
    ("-d conninfo", ["-d", "dbname=postgres application_name=x", "-c", "show application_name"],
     None),
    ("URI", ["-c", "select current_database()", "postgresql:///postgres"], None),
    ("missing database exits 2", ["-d", "nosuchdb", "-c", "select 1"], None),
    ("bad port exits 2", ["-p", "1", "-c", "select 1"], None),
    ("unknown user exits 2", ["-U", "nosuchuser", "-c", "select 1"], None),
    ("unknown option", ["--nope"], None),
    ("missing option argument", ["-c"], None),
    ("-w never prompts", ["-w", "-c", "select 1"], None),
    ("\\c in -c", ["-c", "\\c postgres", "-c", "select current_database()"], None),
    ("-l needs -1 check", ["-1", "-c", "select 1"], None),
]


def main():
    with Cluster() as pg:
        work = os.path.join(pg.base, "work")
        os.makedirs(work, exist_ok=True)
        for n, c in FILES.items():
            with open(os.path.join(work, n), "w") as f:
                f.write(c)
        psql = os.path.join(pg.bin, "psql")
        for name, opts, stdin in CASES:
            res = []
            for binary in (psql, SAFEPG):
                pg.sql(SETUP)
                for junk in ("out.txt", "log.txt"):
                    p = os.path.join(work, junk)
                    if os.path.exists(p):
                        os.unlink(p)
                r = run([binary, "-X"] + opts, env=pg.env(),
                        input=stdin if stdin is not None else "", cwd=work)
                # getopt names the program as invoked: psql runs by its full path here
                r.err = r.err.replace(psql + ":", "psql:")
                # what -L wrote counts as output
                log = os.path.join(work, "log.txt")
                if os.path.exists(log):
                    with open(log) as f:
                        r.out += "--- log.txt\n" + f.read()
                res.append(r)
            a, b = res
            if not ok((a.code, a.out, a.err) == (b.code, b.out, b.err),
                      "%s: same stdout, stderr and exit code as psql" % name):
                for what, x, y in (("code", a.code, b.code), ("stdout", a.out, b.out),
                                   ("stderr", a.err, b.err)):
                    if x != y:
                        diag("%s psql:   %r" % (what, x))
                        diag("%s safepg: %r" % (what, y))

        # safepg's own faces
        r = run([SAFEPG, "--help"], env=pg.env())
        is_(r.code, 0, "--help exits 0")
        for flag in ("-c, --command", "-f, --file", "-v, --set", "-X, --no-psqlrc", "-1",
                     "-A, --no-align", "--csv", "-P, --pset", "-h, --host", "-p, --port",
                     "-U, --username", "-w, --no-password", "-W, --password"):
            ok(flag in r.out, "--help lists %s" % flag)
        r = run([SAFEPG, "--version"], env=pg.env())
        like(r.out, r"^safepg \d+\.\d+\.\d+", "--version names safepg and its version")
        # ~/.safepgrc is read, ~/.psqlrc is not
        with open(os.path.join(pg.home, ".safepgrc"), "w") as f:
            f.write("\\set from_rc yes\n")
        with open(os.path.join(pg.home, ".psqlrc"), "w") as f:
            f.write("\\set from_psqlrc yes\n")
        r = run([SAFEPG, "-c", "\\echo :from_rc :from_psqlrc"], env=pg.env())
        is_(r.out, "yes :from_psqlrc\n", "~/.safepgrc is read and ~/.psqlrc is not")
        r = run([SAFEPG, "-X", "-c", "\\echo :from_rc"], env=pg.env())
        is_(r.out, ":from_rc\n", "-X skips ~/.safepgrc")
    done()


main()
