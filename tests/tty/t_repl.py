# SPDX-License-Identifier: PostgreSQL
"""t_repl: the interactive client driven through a pseudo-terminal.

The real binary runs under a pty (python's pty module), against a
throwaway server: the banner and prompt appear, a query is answered, the
continuation prompt shows an open statement, Ctrl-C at the prompt clears
the buffer, Ctrl-C cancels a running pg_sleep and the session lives on,
\\q and Ctrl-D leave with exit code 0, history keeps statements but never
a password.
"""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import ok, is_, like, unlike, done  # noqa: E402
from ptyterm import Term  # noqa: E402


def main():
    with Cluster() as pg:
        env = pg.env(TERM="dumb", COLUMNS="120", LINES="40")
        env["SAFEPG_HISTORY"] = ""
        histfile = os.path.join(pg.home, ".safepg_history")

        t = Term([SAFEPG, "-X"], env)
        ok(t.expect(r"safepg \(") is not None, "banner names safepg")
        ok(t.expect(r'Type "help" for help\.') is not None, "help hint shown")
        ok(t.expect(r"postgres=# ") is not None, "prompt is dbname=# for a superuser")
        t.send("select 40 + 2 as answer;\r")
        m = t.expect(r"answer.*?\n.*?42.*?\(1 row\)")
        ok(m is not None, "a query is answered")
        ok(t.expect(r"postgres=# ") is not None, "prompt again after the result")

        t.send("select\r")
        ok(t.expect(r"postgres-# ") is not None, "continuation prompt for an open statement")
        t.send("'x' as y;\r")
        ok(t.expect(r"y.*?x.*?\(1 row\).*?postgres=# ") is not None,
           "the statement completes on the next line")

        t.send("select 'unfinished\r")
        ok(t.expect(r"postgres'# ") is not None, "quote prompt inside a literal")
        t.send(b"\x03")
        ok(t.expect(r"postgres=# ") is not None, "Ctrl-C at the prompt clears the buffer")
        t.send("select 'after ctrl-c' as z;\r")
        ok(t.expect(r"after ctrl-c.*?postgres=# ") is not None,
           "the next statement runs alone after Ctrl-C")

        t.send("select pg_sleep(30);\r")
        time.sleep(1.0)
        start = time.time()
        t.send(b"\x03")
        m = t.expect(r"canceling statement due to user request", timeout=10)
        ok(m is not None, "Ctrl-C cancels a running pg_sleep")
        ok(time.time() - start < 5, "the cancel takes effect at once")
        ok(t.expect(r"postgres=# ") is not None, "prompt back after the cancel")
        t.send("select 'still alive' as s;\r")
        ok(t.expect(r"still alive.*?postgres=# ") is not None, "the session lives on")

        t.send("select 'tick' as w \\watch 0.2\r")
        ok(t.expect(r"\(every 0\.2s\).*?tick.*?\(every 0\.2s\).*?tick") is not None,
           "\\watch repeats the query with its title")
        t.send(b"\x03")
        ok(t.expect(r"postgres=# ") is not None, "Ctrl-C ends \\watch")
        t.send("select 'after watch' as a;\r")
        ok(t.expect(r"after watch.*?postgres=# ") is not None, "the session goes on after \\watch")

        t.send("select pg_terminate_backend(pg_backend_pid());\r")
        ok(t.expect(r"The connection to the server was lost\. Attempting reset: Succeeded\.")
           is not None, "a lost connection is reset interactively")
        t.send("select 'reconnected' as r;\r")
        ok(t.expect(r"reconnected.*?\(1 row\).*?postgres=# ") is not None,
           "the next statement runs on the new connection")

        t.send("\\set AUTOCOMMIT off\r")
        t.expect(r"postgres=# ")
        t.send("select 1;\r")
        ok(t.expect(r"postgres=\*# ") is not None, "prompt shows an open transaction")
        t.send("rollback;\r")
        t.expect(r"postgres=# ")
        t.send("\\set AUTOCOMMIT on\r")
        t.expect(r"postgres=# ")

        t.send("alter role postgres password 'hunter2';\r")
        ok(t.expect(r"ALTER ROLE.*?postgres=# ") is not None, "a password statement runs")
        t.send("\\q\r")
        is_(t.wait(), 0, "\\q leaves with exit code 0")

        hist = open(histfile).read() if os.path.exists(histfile) else ""
        like(hist, r"select 40 \+ 2", "history keeps statements")
        unlike(hist, r"hunter2", "history never keeps a password")

        t = Term([SAFEPG, "-X"], env)
        t.expect(r"postgres=# ")
        t.send(b"\x04")
        is_(t.wait(), 0, "Ctrl-D at an empty prompt leaves with exit code 0")

        t = Term([SAFEPG, "-X"], env)
        t.expect(r"postgres=# ")
        t.send("create table tab_completion_target (a int);\r")
        t.expect(r"CREATE TABLE.*?postgres=# ")
        t.send("select * from tab_compl\t")
        ok(t.expect(r"tab_completion_target") is not None, "tab completes a table name")
        t.send(";\r")
        t.expect(r"postgres=# ")
        t.send("create table tc2 (unusual_column_name int);\r")
        t.expect(r"CREATE TABLE.*?postgres=# ")
        t.send("select unusual_col\t")
        ok(t.expect(r"unusual_column_name") is not None, "tab completes a column name")
        t.send(" from tc2;\r")
        t.expect(r"postgres=# ")
        t.send("select pg_terminate_backe\t")
        ok(t.expect(r"pg_terminate_backend") is not None, "tab completes a function name")
        t.send(b"\x03")
        t.expect(r"postgres=# ")
        t.send("quit\r")
        is_(t.wait(), 0, "quit leaves")

        # SIGTERM at the prompt: the terminal is given back in its normal mode
        t = Term(["/bin/sh", "-c", "'%s' -X; echo EXIT=$?; stty -a" % SAFEPG], env)
        t.expect(r"postgres=# ")
        time.sleep(0.3)
        child = None
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d) as f:
                    st = f.read()
            except OSError:
                continue
            # pid (comm) state ppid ...
            if st.split(") ", 1)[1].split()[1] == str(t.pid) and "(safepg)" in st:
                child = int(d)
        ok(child is not None, "found safepg under the shell")
        if child:
            os.kill(child, signal.SIGTERM)
        m = t.expect(r"EXIT=(\d+)")
        is_(m.group(1).decode() if m else None, "143", "SIGTERM ends safepg by that signal")
        m = t.expect(r"(-?icanon).*?(-?echo) ")
        ok(m is not None and m.group(1) == b"icanon" and m.group(2) == b"echo",
           "the terminal is back in canonical mode with echo")
        t.wait()
    done()


main()
