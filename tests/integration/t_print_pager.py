# SPDX-License-Identifier: PostgreSQL
"""t_print_pager.py: the pager and terminal-width rules of print.c against psql 15.

psql and tests/drivers/drv_print run in a pseudo-terminal of a chosen size
(stdin and stdout both the terminal, as psql's pager requires), with a pager
that marks every line it passes ("P:"), so the bytes on the terminal show
whether the pager ran, and how the terminal width shaped the table.  Each
case asserts that the pager did or did not run as psql's rules say, and
that the terminal received the same bytes from both programs.  Last, a
pager that interrupts its parent shows that printing stops at Ctrl-C and
"Interrupted" reaches the pager (with psql and drv_print -K alike; where
exactly it stops depends on timing, so only that is compared).
"""
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pgcluster import Cluster, TOP  # noqa: E402
from tap import ok, diag, done  # noqa: E402

DRIVERS = os.environ.get("SAFEPG_DRIVERS") or os.path.join(TOP, "build", "drivers")
DRV = os.path.join(DRIVERS, "drv_print")
PAGER = "sed 's/^/P:/'"


def run_pty(argv, env, rows, cols):
    """Run argv on a fresh pseudo-terminal of rows x cols; return (code, bytes)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    p = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave,
                         start_new_session=True)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            p.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=30), out


def compare(pg, name, psets, query, paged, rows=24, cols=80, env_extra=None):
    extra = {"PSQL_PAGER": PAGER, "PAGER": None, "COLUMNS": None}
    extra.update(env_extra or {})
    env = pg.env(**extra)
    pargs, dargs = [], []
    for p in psets:
        pargs += ["-P", p]
        dargs += ["-P", p]
    want = run_pty([os.path.join(pg.bin, "psql"), "-X"] + pargs + ["-c", query], env, rows, cols)
    got = run_pty([DRV] + dargs + ["-c", query], env, rows, cols)
    was_paged = b"P:" in want[1]
    good = ok(was_paged == paged, "psql: %s: pager %s" % (name, "used" if paged else "not used"))
    good = ok(got == want, "same terminal bytes: %s" % name) and good
    if not good:
        diag("psql: %r" % (want,))
        diag(" drv: %r" % (got,))


def interrupted(pg, name, psets):
    """A pager that sends SIGINT to its parent: printing stops, "Interrupted" is paged."""
    env = pg.env(PSQL_PAGER="kill -INT $PPID; sleep 1; " + PAGER, PAGER=None, COLUMNS=None)
    query = "select i, repeat('z', 50) from generate_series(1, 200000) i"
    argv = list(sum((["-P", p] for p in psets), []))
    for prog in ([os.path.join(pg.bin, "psql"), "-X"], [DRV, "-K"]):
        code, out = run_pty(prog + argv + ["-c", query], env, 24, 80)
        lines = out.count(b"\n")
        good = ok(out.rstrip().endswith(b"P:Interrupted") and
                  b"200000 rows" not in out and 0 < lines < 200000,
                  "%s: %s stops and pages \"Interrupted\"" % (os.path.basename(prog[0]), name))
        if not good:
            diag("code %r, %d lines, tail %r" % (code, lines, out[-200:]))


def main():
    with Cluster() as pg:
        pg.sql("create table n (i int, s text);"
               "insert into n select i, repeat('w', i) from generate_series(1, 40) i;")
        many = "select * from n order by i"
        few = "select * from n where i <= 5 order by i"
        wide = "select repeat('x', 100) as wide, 1 as b"
        compare(pg, "40 rows on 24 lines", [], many, True)
        compare(pg, "5 rows on 24 lines", [], few, False)
        compare(pg, "pager=off", ["pager=off"], many, False)
        compare(pg, "pager=always, 5 rows", ["pager=always"], few, True)
        compare(pg, "pager_min_lines=100", ["pager_min_lines=100"], many, False)
        compare(pg, "pager_min_lines=30", ["pager_min_lines=30"], many, True)
        compare(pg, "expanded, 5 rows of 3 lines on 12 lines", ["expanded=on"], few, True,
                rows=12)
        compare(pg, "expanded, 5 rows on 24 lines", ["expanded=on"], few, False)
        compare(pg, "unaligned 40 rows", ["format=unaligned"], many, True)
        compare(pg, "csv 5 rows", ["format=csv"], few, False)
        compare(pg, "html 40 rows", ["format=html"], many, True)
        compare(pg, "wider than the terminal", [], wide, True, cols=60)
        compare(pg, "wide but fits", [], wide, False, cols=120)
        compare(pg, "expanded auto on a narrow terminal", ["expanded=auto"], wide, False,
                cols=60)
        compare(pg, "wrapped to the terminal width", ["format=wrapped"], wide, False, cols=60)
        compare(pg, "wrapped to $COLUMNS", ["format=wrapped"], wide, False, cols=120,
                env_extra={"COLUMNS": "50"})
        compare(pg, "wrapped, \\pset columns wins", ["format=wrapped", "columns=70"], wide,
                False, cols=40, env_extra={"COLUMNS": "50"})
        compare(pg, "wrapped expanded on a narrow terminal",
                ["format=wrapped", "expanded=on"], wide, False, cols=40)
        compare(pg, "PSQL_PAGER empty: no pager", [], many, False,
                env_extra={"PSQL_PAGER": "", "PAGER": PAGER})
        compare(pg, "PAGER blank: no pager", [], many, False,
                env_extra={"PSQL_PAGER": None, "PAGER": "  "})
        compare(pg, "PAGER when PSQL_PAGER is unset", [], many, True,
                env_extra={"PSQL_PAGER": None, "PAGER": PAGER})
        compare(pg, "newlines count toward the screen", [],
                "select string_agg(i::text, E'\\n') from generate_series(1, 30) i", True)
        interrupted(pg, "aligned", [])
        interrupted(pg, "unaligned expanded", ["format=unaligned", "expanded=on"])
    done()


if __name__ == "__main__":
    main()
