# SPDX-License-Identifier: PostgreSQL
"""t_guard: the typed confirmation and the countdown, through a pseudo-terminal.

safepg runs on a pty that is its controlling terminal (pty.fork: a new
session), so /dev/tty is the pty.  A profile in the test's temporary
directory (mode 0600) makes the Unix socket strict.  Shown: the right
phrase continues and the DROP happens; a wrong phrase, an empty answer and
Ctrl-C decline, the table keeps its rows and the session goes on; an open
transaction is left open and the user is told; type-ahead does not
confirm; the countdown ticks on the terminal and a key cancels it; stdin
piped with a terminal present still asks on the terminal (stdin cannot
answer); the terminal settings are restored after Ctrl-C, SIGTERM and a
suspend during the countdown; the environment's colour and NO_COLOR; a
script's statements needing confirmation are listed and asked once for the
lot; in a read_only environment \\readwrite asks before lifting.
"""
import os
import signal
import sys
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import done, is_, ok, diag  # noqa: E402
from ptyterm import Term  # noqa: E402

PROFILE = """\
version: 1
environments:
  shop:
    match:
      hosts: ["/*"]
    protection: strict
    countdown: %d
"""

PROMPT = r"shop=# "
ASK = r'Type "shop" to run it, anything else cancels: '


def attrs_of(t):
    time.sleep(0.3)
    return termios.tcgetattr(t.fd)


def cooked(t):
    """The pty's line discipline is back to canonical mode with echo."""
    try:
        attrs = termios.tcgetattr(t.fd)
    except termios.error as e:
        diag("tcgetattr: %s" % e)
        return False
    return bool(attrs[3] & termios.ICANON) and bool(attrs[3] & termios.ECHO)


def main():
    with Cluster() as pg:
        pg.sql("CREATE DATABASE shop")

        def reset():
            pg.sql("DROP TABLE IF EXISTS orders; CREATE TABLE orders (id int); "
                   "INSERT INTO orders VALUES (1), (2), (3)", db="shop")

        def rows():
            if pg.sql("SELECT to_regclass('orders') IS NULL", db="shop").strip() == "t":
                return "gone"
            return pg.sql("SELECT count(*) FROM orders", db="shop").strip()

        def profile(countdown):
            path = os.path.join(pg.base, "profile-%d.yaml" % countdown)
            with open(path, "w") as f:
                f.write(PROFILE % countdown)
            os.chmod(path, 0o600)
            return pg.env(TERM="dumb", SAFEPG_PROFILE=path,
                          SAFEPG_SYSTEM_PROFILE=os.path.join(pg.base, "no-floor.yaml"))

        env1 = profile(1)
        argv = [SAFEPG, "-X", "-d", "shop"]

        # --- the right phrase continues; wrong, empty, Ctrl-C decline
        reset()
        t = Term(argv, env1)
        ok(t.expect(PROMPT) is not None, "REPL started")
        t.send("DROP TABLE orders;\r")
        m = t.expect(r"\[shop\].*DROP TABLE \(destructive\).*target: .*/shop as postgres.*"
                     r"objects: orders.*" + ASK)
        ok(m is not None, "the question names environment, target, kind and objects")
        t.send("shap\r")
        ok(t.expect(r"declined \(the phrase did not match\)") is not None, "a wrong phrase declines")
        ok(t.expect(PROMPT) is not None, "the session goes on")
        is_(rows(), "3", "after a wrong phrase the table is there with its rows")

        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("\r")
        ok(t.expect(r"declined \(empty answer\)") is not None, "an empty answer declines")
        t.expect(PROMPT)
        is_(rows(), "3", "after an empty answer the table is there")

        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("sh\x03")
        ok(t.expect(r"declined \(interrupted\)") is not None, "Ctrl-C declines")
        t.expect(PROMPT)
        is_(rows(), "3", "after Ctrl-C the table is there")

        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("SHOP\r")
        ok(t.expect(r"declined") is not None, "the phrase is case-sensitive")
        t.expect(PROMPT)

        # an open transaction is left as it was
        t.send("BEGIN;\r")
        t.expect(r"shop=\*# ")
        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("no\r")
        ok(t.expect(r"transaction is left as it was; it is still open") is not None,
           "declined inside a transaction: the user is told it is still open")
        ok(t.expect(r"shop=\*# ") is not None, "and it is (prompt shows the transaction)")
        t.send("ROLLBACK;\r")
        t.expect(PROMPT)

        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("shop\r")
        ok(t.expect(r"running in 1 s") is not None, "after the phrase the countdown is shown")
        ok(t.expect(r"DROP TABLE\r?\n") is not None, "then the statement runs")
        t.expect(PROMPT)
        is_(rows(), "gone", "the right phrase: the table is gone")
        t.send("\\q\r")
        is_(t.wait(), 0, "\\q leaves")

        # --- colours: the banner and the question in the environment's colour, NO_COLOR honoured
        t = Term(argv, env1)
        ok(t.expect(rb"safepg: environment \x1b\[1;31mshop\x1b\[0m \(strict\)") is not None,
           "the banner names the environment in its colour (red)")
        ok(t.expect(rb': database "shop" as "postgres" on socket ".*?" port \d+\r?\n') is not None,
           "the banner names database, user, host and port")
        t.expect(PROMPT)
        t.send("DROP TABLE orders;\r")
        ok(t.expect(rb"\x1b\[1;31m\[shop\]\x1b\[0m DROP TABLE") is not None,
           "the question shows the environment in red")
        t.send("\x03")
        t.expect(PROMPT)
        t.send("\\q\r")
        t.wait()
        t = Term(argv, dict(env1, NO_COLOR="1"))
        m = t.expect(r"safepg: environment (.*?) \(strict\)")
        ok(m is not None and m.group(1) == b"shop", "NO_COLOR: the banner without colour")
        t.expect(PROMPT)
        t.send("DROP TABLE orders;\r")
        m = t.expect(ASK)
        ok(m is not None and b"\x1b[" not in t.buf and b"\n[shop] DROP TABLE" in
           (m.string[:m.end()]), "NO_COLOR: the question without escape sequences")
        t.send("\x03")
        t.expect(PROMPT)
        t.send("\\q\r")
        t.wait()

        # --- type-ahead does not confirm
        reset()
        t = Term(argv, env1)
        t.expect(PROMPT)
        # the phrase arrives in the same write as the statement, before any question
        t.send("DROP TABLE orders;\rshop\r")
        ok(t.expect(ASK) is not None, "the question is asked")
        time.sleep(1.5)
        t.buf = b""
        m = t.expect(r"running in", timeout=1)
        ok(m is None, "the type-ahead did not answer it (no countdown started)")
        t.send("\x03")
        t.expect(r"declined")
        is_(rows(), "3", "type-ahead: the table is there")
        t.send("\\q\r")
        t.wait()

        # --- the countdown ticks on the terminal and a key cancels it
        env3 = profile(3)
        t = Term(argv, env3)
        t.expect(PROMPT)
        # at the prompt the line editor has its own mode: the question must put it back
        at_prompt = attrs_of(t)
        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("shop\r")
        ok(t.expect(r"running in 3 s") is not None, "countdown starts at 3")
        ok(t.expect(r"running in 2 s") is not None, "and ticks to 2")
        t.send("x")
        ok(t.expect(r"declined \(countdown cancelled\)") is not None, "a key cancels it")
        t.expect(PROMPT)
        is_(rows(), "3", "cancelled countdown: the table is there")
        ok(attrs_of(t) == at_prompt, "terminal settings as at the prompt after the countdown")

        # Ctrl-C during the countdown
        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("shop\r")
        t.expect(r"running in 3 s")
        t.send("\x03")
        ok(t.expect(r"declined \(countdown cancelled\)") is not None, "Ctrl-C cancels the countdown")
        t.expect(PROMPT)
        ok(attrs_of(t) == at_prompt, "terminal restored after Ctrl-C in the countdown")
        is_(rows(), "3", "the table is there")

        # suspend during the countdown: terminal restored while stopped, countdown resumes
        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("shop\r")
        t.expect(r"running in 3 s")
        ok(not cooked(t), "during the countdown the terminal is in single-key mode")
        os.kill(t.pid, signal.SIGTSTP)
        stopped = False
        for _ in range(50):
            with open("/proc/%d/stat" % t.pid) as f:
                if f.read().split(") ")[1].startswith("T"):
                    stopped = True
                    break
            time.sleep(0.1)
        ok(stopped, "SIGTSTP suspends safepg")
        ok(cooked(t), "the terminal is restored while suspended")
        os.kill(t.pid, signal.SIGCONT)
        ok(t.expect(r"running in \d s") is not None, "after fg the countdown goes on")
        t.send("q")
        ok(t.expect(r"declined \(countdown cancelled\)") is not None, "and a key still cancels it")
        t.expect(PROMPT)
        ok(attrs_of(t) == at_prompt, "terminal restored after suspend and cancel")

        # SIGTERM during the countdown
        t.send("DROP TABLE orders;\r")
        t.expect(ASK)
        t.send("shop\r")
        t.expect(r"running in 3 s")
        os.kill(t.pid, signal.SIGTERM)
        code = t.wait()
        ok(code is not None and code != 0, "SIGTERM ends safepg (exit %r)" % code)
        ok(cooked(t), "the terminal is restored after SIGTERM")
        is_(rows(), "3", "SIGTERM in the countdown: the table is there")

        # --- stdin piped, a terminal present: the question is on the terminal
        reset()
        sh = ["/bin/sh", "-c", "{ echo 'DROP TABLE orders;'; yes shop | head -n 1000; } | "
              "\"$0\" -X -d shop", SAFEPG]
        t = Term(sh, env1)
        ok(t.expect(r"DROP TABLE.*" + ASK) is not None,
           "stdin piped: the question is asked on the terminal")
        time.sleep(1)
        ok(t.expect(r"running in", timeout=1) is None,
           "the 'shop' lines waiting on stdin did not answer it")
        t.send("nope\r")
        ok(t.expect(r"declined \(the phrase did not match\)") is not None,
           "a wrong phrase on the terminal declines")
        is_(t.wait(), 5, "the piped script stops with exit 5")
        is_(rows(), "3", "the table is there")

        sh = ["/bin/sh", "-c", "yes shop | \"$0\" -X -d shop -c 'DROP TABLE orders'", SAFEPG]
        t = Term(sh, env1)
        ok(t.expect(ASK) is not None, "-c with stdin full of the phrase: asked on the terminal")
        t.send("shop\r")
        ok(t.expect(r"running in 1 s") is not None, "the phrase typed on the terminal confirms")
        is_(t.wait(), 0, "exit 0")
        is_(rows(), "gone", "and the table is gone")

        # --- a script's statements needing confirmation: listed, asked once for the lot
        reset()
        pg.sql("CREATE TABLE IF NOT EXISTS items (id int); INSERT INTO items VALUES (1)", db="shop")
        script = os.path.join(pg.base, "lot.sql")
        with open(script, "w") as f:
            f.write("INSERT INTO orders VALUES (4);\nDELETE FROM orders;\nDROP TABLE items;\n")
        t = Term([SAFEPG, "-X", "-d", "shop", "-f", script], env1)
        m = t.expect(r"2 statements of this script need confirmation.*lot\.sql:2: DELETE.*"
                     r"lot\.sql:3: DROP TABLE.*" + r'Type "shop" to run them all')
        ok(m is not None, "the script's two statements are listed in one question")
        is_(rows(), "3", "nothing ran before the answer (the INSERT waits too)")
        t.send("shop\r")
        ok(t.expect(r"running in 1 s") is not None, "one countdown")
        is_(t.wait(), 0, "the script runs to its end without asking again")
        is_(rows(), "0", "the DELETE ran")
        is_(pg.sql("SELECT to_regclass('items') IS NULL", db="shop").strip(), "t", "the DROP ran")

        # --- read-only environment: \readwrite asks on the terminal before lifting
        pg.sql("CREATE DATABASE rep")
        pg.sql("CREATE TABLE r (x int)", db="rep")
        ro = os.path.join(pg.base, "ro.yaml")
        with open(ro, "w") as f:
            f.write("version: 1\nenvironments:\n  reporting:\n    match:\n      databases: [rep]\n"
                    "    protection: confirm\n    read_only: true\n    countdown: 0\n")
        os.chmod(ro, 0o600)
        t = Term([SAFEPG, "-X", "-d", "rep"], dict(env1, SAFEPG_PROFILE=ro))
        ok(t.expect(r"read-only: this session's transactions are read-only") is not None,
           "the session says it is read-only")
        t.expect(r"rep=# ")
        t.send("INSERT INTO r VALUES (1);\r")
        ok(t.expect(r"cannot execute INSERT in a read-only transaction") is not None,
           "an INSERT fails")
        t.expect(r"rep=# ")
        t.send("\\readwrite\r")
        ok(t.expect(r'\\readwrite.*Type "rep" to run it') is not None, "\\readwrite asks first")
        t.send("no\r")
        ok(t.expect(r"declined") is not None, "a wrong phrase keeps it read-only")
        t.expect(r"rep=# ")
        t.send("INSERT INTO r VALUES (1);\r")
        ok(t.expect(r"read-only transaction") is not None, "INSERT still fails")
        t.expect(r"rep=# ")
        t.send("\\readwrite\r")
        t.expect(r'Type "rep" to run it')
        t.send("rep\r")
        ok(t.expect(r"read-only lifted for this session") is not None, "the right phrase lifts it")
        t.expect(r"rep=# ")
        t.send("INSERT INTO r VALUES (1);\r")
        ok(t.expect(r"INSERT 0 1") is not None, "and the INSERT works")
        t.send("\\q\r")
        t.wait()

        # --- allowed statements' audit lines are batched, but written before the prompt
        log = os.path.join(pg.home, ".local", "state", "safepg", "audit.jsonl")
        t = Term([SAFEPG, "-X", "-d", "rep"], dict(env1, SAFEPG_PROFILE=ro))
        t.expect(r"rep=# ")
        t.send("SELECT 'audit-me-' || 42;\r")
        t.expect(r"audit-me-42")
        ok(t.expect(r"rep=# ") is not None, "a SELECT ran and the prompt is back")
        with open(log) as f:
            tail = f.read().splitlines()[-1]
        ok("audit-me-' || 42" in tail and '"outcome":"ok"' in tail,
           "its audit line is in the log while the session waits at the prompt")
        t.send("\\q\r")
        t.wait()
    done()


main()
