# SPDX-License-Identifier: PostgreSQL
"""t_wrap: `safepg dropdb` on production asks on the terminal and counts down.

safepg runs on a pty that is its controlling terminal.  A database tagged
production on the server (ALTER DATABASE ... SET safepg.environment) is
matched by a profile (mode 0600) whose production environment confirms
catastrophic calls with a 3 s countdown (the socket itself is a relaxed
environment, so the built-in default, whose production blocks, stays out).  Shown: the question names the
environment and dropdb and asks for the name of the database being
dropped; a wrong name declines (exit 5) and the database stays; a key
during the countdown cancels it (exit 5); the right name followed by the
countdown ticking down runs the real dropdb (exit 0) and the database is
gone.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import done, is_, ok  # noqa: E402
from ptyterm import Term  # noqa: E402

PROFILE = """\
version: 1
environments:
  production:
    match:
      server_tag: production
    protection: strict
    rules:
      catastrophic: confirm
    countdown: 3
  local:
    match:
      hosts: ["/*"]
    protection: warn
"""

ASK = r'Type "shop" to run it, anything else cancels: '


def main():
    with Cluster() as pg:
        pg.sql("CREATE DATABASE shop")
        pg.sql("ALTER DATABASE shop SET safepg.environment = 'production'")
        path = os.path.join(pg.base, "profile.yaml")
        with open(path, "w") as f:
            f.write(PROFILE)
        os.chmod(path, 0o600)
        env = pg.env(TERM="dumb", SAFEPG_PROFILE=path, SAFEPG_PGBIN=pg.bin,
                     SAFEPG_SYSTEM_PROFILE=os.path.join(pg.base, "no-floor.yaml"))

        def exists():
            return "shop" in pg.sql("SELECT datname FROM pg_database").split()

        argv = [SAFEPG, "dropdb", "shop"]
        t = Term(argv, env)
        m = t.expect(r"production.*dropdb \(catastrophic\).*" + ASK)
        ok(m is not None, "dropdb asks in production, naming the database to type")
        t.send("postgres\r")
        ok(t.expect(r"declined") is not None, "another name declines")
        is_(t.wait(), 5, "exit 5 after a wrong name")
        ok(exists(), "shop still exists")

        t = Term(argv, env)
        t.expect(ASK)
        t.send("shop\r")
        ok(t.expect(r"running in 3 s") is not None, "the countdown starts at 3")
        t.send("x")
        ok(t.expect(r"declined \(countdown cancelled\)") is not None, "a key cancels it")
        is_(t.wait(), 5, "exit 5 after a cancelled countdown")
        ok(exists(), "shop still exists")

        t = Term(argv, env)
        t.expect(ASK)
        t.send("shop\r")
        ok(t.expect(r"running in 3 s") is not None, "countdown 3")
        ok(t.expect(r"running in 2 s") is not None, "ticks to 2")
        ok(t.expect(r"running in 1 s") is not None, "ticks to 1")
        is_(t.wait(15), 0, "the real dropdb ran and exited 0")
        ok(not exists(), "shop is gone")
    done()


main()
