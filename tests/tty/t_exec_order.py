# SPDX-License-Identifier: PostgreSQL
"""t_exec_order: a statement needing confirmation is never sent ahead of its answer.

On a terminal, one input line holds three statements: an INSERT, a DROP
TABLE that the strict profile asks about, and another INSERT.  While the
question is on the screen the server (log_statement = all) has received
the first INSERT and neither the DROP nor the statement after it.  The
same holds in a script run with -f: the precheck asks before anything is
sent.  Then the answers are carried out: a wrong phrase keeps the table,
the right one drops it.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import done, is_, ok  # noqa: E402
from ptyterm import Term  # noqa: E402

PROFILE = """\
version: 1
environments:
  shop:
    match:
      hosts: ["/*"]
    protection: strict
    countdown: 0
"""
ASK = r'Type "shop" to run it, anything else cancels: '


def main():
    with Cluster(conf="log_statement = 'all'\n") as pg:
        pg.sql("CREATE DATABASE shop")
        log = os.path.join(pg.base, "server.log")
        profile = os.path.join(pg.base, "profile.yaml")
        with open(profile, "w") as f:
            f.write(PROFILE)
        os.chmod(profile, 0o600)
        env = pg.env(TERM="dumb", SAFEPG_PROFILE=profile,
                     SAFEPG_SYSTEM_PROFILE=os.path.join(pg.base, "no-floor.yaml"))

        def seen(marker):
            with open(log, errors="replace") as f:
                return marker in f.read()

        def reset():
            pg.sql("DROP TABLE IF EXISTS orders, notes; CREATE TABLE orders (id int); "
                   "CREATE TABLE notes (what text)", db="shop")

        def notes():
            return pg.sql("SELECT coalesce(string_agg(what, ',' ORDER BY what), '') FROM notes",
                          db="shop").strip()

        # --- the REPL: three statements on one line
        reset()
        t = Term([SAFEPG, "-X", "-d", "shop"], env)
        t.expect(r"shop=# ")
        t.send("insert into notes values ('one') /* m-one */; drop table orders /* m-drop */; "
               "insert into notes values ('three') /* m-three */;\r")
        ok(t.expect(ASK) is not None, "the DROP is asked about")
        time.sleep(0.5)   # anything sent ahead would have reached the log by now
        ok(seen("m-one"), "while it asks, the statement before it has run")
        ok(not seen("m-drop") and not seen("m-three"),
           "while it asks, neither the DROP nor the statement after it was sent")
        t.send("nope\r")
        ok(t.expect(r"declined") is not None, "a wrong phrase declines")
        t.expect(r"shop=# ")
        ok(not seen("m-drop"), "the declined DROP never reached the server")
        is_(pg.sql("SELECT to_regclass('orders') IS NOT NULL", db="shop").strip(), "t",
            "the table is still there")
        t.send("\\q\r")
        t.wait()

        # --- a script: asked before anything is sent, then run in order
        reset()
        script = os.path.join(pg.base, "s.sql")
        with open(script, "w") as f:
            f.write("insert into notes values ('s1') /* s-one */;\n"
                    "drop table orders /* s-drop */;\n"
                    "insert into notes values ('s3') /* s-three */;\n")
        t = Term([SAFEPG, "-X", "-d", "shop", "-f", script], env)
        ok(t.expect(ASK) is not None, "a script's DROP is asked about before it starts")
        time.sleep(0.5)
        ok(not seen("s-one") and not seen("s-drop") and not seen("s-three"),
           "while it asks, nothing of the script was sent")
        t.send("shop\r")
        is_(t.wait(timeout=30), 0, "confirmed: the script runs to the end")
        is_(notes(), "s1,s3", "both INSERTs ran")
        is_(pg.sql("SELECT to_regclass('orders') IS NULL", db="shop").strip(), "t",
            "and the table was dropped")
    done()


main()
