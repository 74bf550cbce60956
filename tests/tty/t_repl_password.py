# SPDX-License-Identifier: PostgreSQL
"""t_repl_password: the password prompt, on the terminal only.

A role with a SCRAM password on a TCP connection: safepg asks
"Password for user alice: " on its terminal, without echo, and connects
with the right answer; a wrong one fails with psql's message and exit code
2; -w never asks; a password piped into stdin is never read as the answer;
PGPASSWORD is used without asking.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG, run  # noqa: E402
from tap import ok, is_, like, unlike, done  # noqa: E402
from ptyterm import Term  # noqa: E402


def main():
    with Cluster(tcp=True) as pg:
        pg.sql("CREATE ROLE alice LOGIN PASSWORD 'secret'")
        hba = os.path.join(pg.data, "pg_hba.conf")
        rule = "host all alice 127.0.0.1/32 scram-sha-256\n"
        if pg.as_root:
            subprocess.run(["runuser", "-u", "postgres", "--", "sh", "-c",
                            "{ printf '%%s' \"$0\"; cat '%s'; } > '%s.new' && mv '%s.new' '%s'"
                            % (hba, hba, hba, hba), rule], check=True)
        else:
            with open(hba) as f:
                old = f.read()
            with open(hba, "w") as f:
                f.write(rule + old)
        pg._server(["pg_ctl", "-D", pg.data, "reload"])
        env = pg.env(TERM="dumb", PGHOST="127.0.0.1", PGUSER="alice")
        argv = [SAFEPG, "-X", "-d", "postgres"]

        t = Term(argv, env)
        ok(t.expect(r"Password for user alice: ") is not None, "asks for alice's password")
        t.send("secret\r")
        ok(t.expect(r"postgres=> ") is not None, "the right password connects (prompt =>)")
        t.send("select current_user;\r")
        ok(t.expect(r"alice.*?\(1 row\)") is not None, "connected as alice")
        t.send("\\q\r")
        is_(t.wait(), 0, "\\q leaves")

        t = Term(argv, env)
        t.expect(r"Password for user alice: ")
        t.send("wrong\r")
        m = t.expect(r'password authentication failed for user "alice"')
        ok(m is not None, "a wrong password fails with the server's message")
        is_(t.wait(), 2, "and exit code 2")

        r = run(argv + ["-w", "-c", "select 1"], env=env)
        is_(r.code, 2, "-w never prompts: exit code 2")
        like(r.err, r"no password supplied", "-w: libpq says no password was supplied")

        # no terminal at all: the password piped in is not taken as the answer
        r = subprocess.run(["setsid", "-w"] + argv + ["-c", "select 1"], env=env,
                           input=b"secret\n", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=30)
        is_(r.returncode, 2, "without a terminal the connection fails (exit 2)")
        unlike(r.stdout.decode(), r"1 row", "stdin is never read as the password")

        r = run(argv + ["-c", "select current_user"], env=dict(env, PGPASSWORD="secret"))
        like(r.out, r"alice", "PGPASSWORD connects without asking")
    done()


main()
