# SPDX-License-Identifier: PostgreSQL
"""t_copy: COPY FROM STDIN data inline in a script, psql and safepg compared.

safepg reads inline COPY data from a regular file in large blocks and gives
back what follows the end marker; from a pipe or a terminal it reads line
by line.  Each case is a script (bytes) run through the real psql and
through safepg three ways -- `-f script`, stdin redirected from the script
file, stdin from a pipe -- and stdout, stderr and the exit code must be
byte for byte psql's.  The scripts end by printing what the table holds, so
a byte sent or lost differently shows.  Cases aim at the places where block
reading could differ from psql's fgets: the end marker at and around a
block boundary and psql's 8 KiB buffer boundary, lines longer than a block,
CRLF, data without a final newline or marker, NUL bytes, more SQL (and more
COPYs) after the data, and errors in the middle of the data, whose line
numbers psql and the server report.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import ok, diag, done  # noqa: E402

BLOCK = 128 * 1024      # src/copy.c COPY_BLOCK
PSQLBUF = 8192          # psql's COPYBUFSIZ

HEAD = b"drop table if exists u;\ncreate table u (a int, b text);\n"
TAIL = (b"select count(*), sum(length(b)), md5(string_agg(a || ':' || coalesce(b, '~'), ','"
        b" order by a, b)) from u;\n")
COPY = b"copy u from stdin;\n"


def rows(n, width, start=1):
    """n data lines of exactly width bytes each (newline included)."""
    out = []
    for i in range(start, start + n):
        head = b"%d\t" % i
        out.append(head + b"x" * (width - len(head) - 1) + b"\n")
    return b"".join(out)


def filler(size):
    """Data lines adding up to exactly size bytes (size >= 50)."""
    k = (size - 50) // 100
    last = size - 100 * k
    data = rows(k, 100) + b"%d\t" % (k + 1)
    return data + b"y" * (size - len(data) - 1) + b"\n" if last else data


def boundary_cases():
    cases = []
    # The end marker starting a few bytes before, at and after the first
    # block boundary (counted from the first data byte), then SQL after it.
    for d in range(-5, 4):
        data = filler(BLOCK + d)
        cases.append(("marker at block boundary %+d" % d,
                      HEAD + COPY + data + b"\\.\nselect 'after';\n" + TAIL))
    for d in (-2, -1, 0, 1):
        data = filler(BLOCK + d)
        cases.append(("CRLF marker at block boundary %+d" % d,
                      HEAD + COPY + data + b"\\.\r\nselect 'after';\n" + TAIL))
    # psql's 8 KiB buffer: lines crossing its boundary, a marker right after
    for d in (-6, -5, -4, -3, 0, 1):
        data = filler(PSQLBUF + d)
        cases.append(("marker after %+d bytes around psql's buffer" % d,
                      HEAD + COPY + data + b"\\.\n" + TAIL))
    # A NUL byte cuts psql's fgets piece short: what is lost depends on
    # where psql's 8 KiB buffer stands when the piece starts, after blocks
    # read ahead.  A long line with a NUL every 97 bytes loses a different
    # amount for (nearly) every buffer position; its NUL-free tail, longer
    # than psql's buffer, keeps its newline, so the script goes on.
    nul_line = b"7\t" + (b"k" * 96 + b"\x00") * 200 + b"t" * 8300 + b"\n"
    for d in (0, 37, 1001, 4099, 8190):
        data = filler(BLOCK + 1000 + d) + nul_line + b"8\tafter\n"
        cases.append(("NUL bytes in a long line after %d" % d, HEAD + COPY + data + b"\\.\n" + TAIL))
    return cases


CASES = [
    ("empty data", HEAD + COPY + b"\\.\n" + TAIL),
    ("a few lines and SQL after", HEAD + COPY + b"1\tone\n2\ttwo\n\\.\nselect 'after';\n" + TAIL),
    ("no final newline, no marker", HEAD + COPY + b"1\tone\n2\ttwo"),
    ("no marker, data to the end", HEAD + COPY + b"1\tone\n2\ttwo\n"),
    ("marker without newline at the end", HEAD + COPY + b"1\tone\n\\."),
    ("marker with CR only at the end", HEAD + COPY + b"1\tone\n\\.\r"),
    ("CRLF data and CRLF marker",
     HEAD + COPY + b"1\tone\r\n2\ttwo\r\n\\.\r\nselect 'after';\r\n" + TAIL),
    ("not a marker: text before or after it",
     HEAD + COPY + b"1\ta\\.\n2\tb\n\\.x\n\\.\n" + TAIL),
    ("two COPYs in a row", HEAD + COPY + b"1\tone\n\\.\n" + COPY + b"2\ttwo\n\\.\n" + TAIL),
    ("COPY and a query on the same line",
     HEAD + b"copy u from stdin; select 'same line';\n1\tone\n\\.\n" + TAIL),
    ("error in the middle: line numbers",
     HEAD + b"select 1;\n" + COPY + b"1\tone\n2\ttwo\nbad\tthree\n4\tfour\n\\.\n"
     b"select 'after';\nselect nope;\n" + TAIL),
    ("error in a long COPY", HEAD + COPY + rows(3000, 60) + b"x\ty\n" + rows(3000, 60, 5000)
     + b"\\.\nselect nope;\n" + TAIL),
    ("a line longer than a block", HEAD + COPY + b"1\t" + b"z" * (3 * BLOCK + 17) + b"\n"
     b"2\tshort\n\\.\n" + TAIL),
    ("a long line then a marker at a block boundary",
     HEAD + COPY + b"1\t" + b"z" * (BLOCK - 3) + b"\n\\.\nselect 'after';\n" + TAIL),
    ("a long last line without newline", HEAD + COPY + b"1\t" + b"w" * (BLOCK + 100)),
    ("many lines, several blocks", HEAD + COPY + rows(20000, 77) + b"\\.\n" + TAIL),
    ("NUL byte in data", HEAD + COPY + b"1\tone\n2\tt\x00wo\n3\tthree\n\\.\nselect 'after';\n" + TAIL),
    ("NUL byte just before the marker",
     HEAD + COPY + b"1\tone\n2\tt\x00wo\n\\.\nselect 'eaten?';\n" + TAIL),
    ("NUL byte after a block", HEAD + COPY + filler(BLOCK + 50) + b"9\tn\x00ul\n\\.\n" + TAIL),
    ("ON_ERROR_STOP after a failing COPY",
     b"\\set ON_ERROR_STOP on\n" + HEAD + COPY + b"x\ty\n\\.\nselect 'not reached';\n"),
    ("backslash copy from stdin inline",
     HEAD + b"\\copy u from stdin\n1\tone\n\\.\nselect 'after';\n" + TAIL),
    ("csv with a quoted marker-like line",
     HEAD + b"copy u from stdin csv;\n1,\"a\n\\.\n\"\n2,b\n\\.\n" + TAIL),
] + boundary_cases()

# safepg runs with a profile that lets everything through without a word.
OFF_PROFILE = "version: 1\ndefault_environment: off\nenvironments:\n  off:\n    protection: off\n"


def run(pg, binary, how, script):
    env = pg.env()
    if binary == SAFEPG:
        profile = os.path.join(pg.base, "off-profile.yaml")
        if not os.path.exists(profile):
            with open(profile, "w") as f:
                f.write(OFF_PROFILE)
            os.chmod(profile, 0o600)
        env["SAFEPG_PROFILE"] = profile
        env["SAFEPG_SYSTEM_PROFILE"] = os.path.join(pg.base, "no-floor.yaml")
    work = os.path.join(pg.base, "work")
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o777)
    path = os.path.join(work, "s.sql")
    with open(path, "wb") as f:
        f.write(script)
    os.chmod(path, 0o644)
    argv = [binary, "-X"]
    if how == "-f":
        p = subprocess.run(argv + ["-f", "s.sql"], env=env, cwd=work, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    elif how == "<file":
        with open(path, "rb") as f:
            p = subprocess.run(argv, env=env, cwd=work, stdin=f, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=120)
    else:
        p = subprocess.run(argv, env=env, cwd=work, input=script, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    with Cluster() as pg:
        psql = os.path.join(pg.bin, "psql")
        pg.sql("create table u (a int)")  # no NOTICE from the first drop
        for name, script in CASES:
            for how in ("-f", "<file", "|pipe"):
                a = run(pg, psql, how, script)
                b = run(pg, SAFEPG, how, script)
                if not ok(a == b, "%s (%s): same stdout, stderr and exit code as psql"
                          % (name, how)):
                    for what, x, y in zip(("code", "stdout", "stderr"), a, b):
                        if x != y:
                            diag("%s: psql %r" % (what, x[-600:] if isinstance(x, bytes) else x))
                            diag("%s: safepg %r" % (what, y[-600:] if isinstance(y, bytes) else y))
        # the cases must exercise what they name: psql's own output shows it
        a = run(pg, psql, "-f", dict(CASES)["NUL byte just before the marker"])
        ok(b"eaten?" not in a[1], "psql reads past a marker that follows a NUL line (case is live)")
        a = run(pg, psql, "-f", dict(CASES)["error in the middle: line numbers"])
        ok(b"s.sql:9: ERROR" in a[2] and b"line 3" in a[2],
           "psql reports the script line after the data and the COPY line (case is live)")
    return done()


if __name__ == "__main__":
    sys.exit(main())
