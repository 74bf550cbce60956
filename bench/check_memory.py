# SPDX-License-Identifier: PostgreSQL
"""check_memory.py: `safepg check` streams.  Makes real plain pg_dump files
of growing size (a throwaway server, a table filled to the size asked, plus
2,000 small tables of schema), runs `safepg check` over each and reports
wall time, units per second and peak resident memory (getrusage of the
child).  Peak memory must not grow with the input.

    python3 bench/check_memory.py [MiB ...]     (default: 100 1024)
Prints a Markdown table; bench/run.sh puts it into bench/RESULTS.md.
"""
import os
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402


def make_dump(pg, mib, path):
    pg.sql("drop table if exists big; create table big (id bigint, note text, n numeric)")
    rows = max(1, mib * 1024 * 1024 // 120)
    step = 2_000_000
    for lo in range(0, rows, step):
        hi = min(rows, lo + step)
        pg.sql("insert into big select g, repeat(md5(g::text), 3), g * 1.5 "
               "from generate_series(%d, %d) g" % (lo + 1, hi))
    with open(path, "wb") as f:
        subprocess.run([os.path.join(pg.bin, "pg_dump"), "-h", pg.sock, "-p", str(pg.port),
                        "-U", "postgres", "postgres"], stdout=f, check=True)


def measure(path):
    """Exit code, stderr, units, wall seconds and peak RSS (KiB) of safepg
    check itself (GNU time: a child forked from Python would carry
    Python's own RSS as its floor)."""
    fd, rss = tempfile.mkstemp()
    os.close(fd)
    t0 = time.monotonic()
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss, SAFEPG, "check",
                          "--fail-on=catastrophic", path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    units = 0
    for _ in p.stdout:
        units += 1
    err = p.stderr.read()
    code = p.wait()
    wall = time.monotonic() - t0
    with open(rss) as f:
        peak = int(f.read().split()[-1])
    os.unlink(rss)
    return code, err, units, wall, peak


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1024]
    tmp = tempfile.mkdtemp(prefix="safepg-bench-", dir=os.environ.get("TMPDIR", "/tmp"))
    rows = []
    with Cluster() as pg:
        ddl = ";".join("create table s%d (id int primary key, a text, b timestamptz)" % i
                       for i in range(2000))
        pg.sql(ddl)
        for mib in sorted(sizes):
            path = os.path.join(tmp, "dump-%d.sql" % mib)
            make_dump(pg, mib, path)
            size = os.path.getsize(path)
            code, err, units, wall, peak = measure(path)
            os.unlink(path)
            if code not in (0, 9) or err:
                print("check failed on %s: exit %d\n%s" % (path, code, err.decode()[-2000:]))
                return 1
            rows.append((size, units, wall, peak))
    os.rmdir(tmp)
    print("| dump size | units | wall | units/s | MB/s | peak RSS |")
    print("|---|---|---|---|---|---|")
    for size, units, wall, peak in rows:
        print("| %.0f MiB | %d | %.2f s | %.0f | %.0f | %.1f MiB |" % (
            size / 2**20, units, wall, units / wall, size / 2**20 / wall, peak / 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main())
