# SPDX-License-Identifier: PostgreSQL
"""t_print_crosstab.py: crosstab.c against psql 15's \\crosstabview, byte for byte.

The same query is pivoted by psql -X reading `QUERY \\crosstabview ARGS` on
stdin (psql -c refuses SQL mixed with a meta-command) and by
tests/drivers/drv_print -V ARG... -c QUERY, in several formats, with column
numbers, plain, upper-case and quoted names, a sort column, NULL headers and
NULL display; psql's errors (too few columns, unknown, ambiguous and
out-of-range columns, same column twice, duplicate cells) must come out the
same on stderr, with failure in both or in neither (psql exits 3 under
ON_ERROR_STOP, the driver 1).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pgcluster import Cluster, TOP  # noqa: E402
from tap import ok, diag, done  # noqa: E402

DRIVERS = os.environ.get("SAFEPG_DRIVERS") or os.path.join(TOP, "build", "drivers")
DRV = os.path.join(DRIVERS, "drv_print")

SETUP = r"""
create table sales (region text, month text, amount numeric, mnum int, "Mixed" text);
insert into sales values
  ('north', 'feb', 10, 2, 'x'), ('south', 'jan', 20, 1, 'y'), ('north', 'jan', 5, 1, 'z'),
  ('east', 'mar', null, 3, 'w'), (null, 'feb', 7, 2, 'v'), ('south', null, 1, 9, 'u'),
  ('wëst', 'mär', 99, 3, 'ü');
"""

Q = "select region, month, amount from sales"
Q5 = 'select region, month, amount, mnum, "Mixed" from sales'


def run(argv, env, input=None):
    p = subprocess.run(argv, env=env, input=input or b"", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout, p.stderr


def compare(pg, name, query, args, psets=()):
    env = pg.env()
    pargs, dargs = ["-X", "-v", "ON_ERROR_STOP=1"], []
    for p in psets:
        pargs += ["-P", p]
        dargs += ["-P", p]
    script = (query + " \\crosstabview " + " ".join(args) + "\n").encode()
    dargs += ["-X"]
    for a in args:
        dargs += ["-V", a]
    dargs += ["-c", query]
    want = run([os.path.join(pg.bin, "psql")] + pargs, env, script)
    got = run([DRV] + dargs, env)
    same = (got[1] == want[1] and (got[0] == 0) == (want[0] == 0) and got[2] == want[2])
    if not ok(same, name):
        diag("psql: %r" % (want,))
        diag(" drv: %r" % (got,))


def main():
    with Cluster() as pg:
        pg.sql(SETUP)
        for fmt in ("aligned", "unaligned", "csv", "html"):
            for x in ("off", "on"):
                compare(pg, "%s x=%s default columns" % (fmt, x), Q, [],
                        ["format=" + fmt, "expanded=" + x])
        compare(pg, "swapped headers by number", Q, ["2", "1"])
        compare(pg, "names", Q5, ["month", "region", "amount"])
        compare(pg, "upper-case name is downcased", Q5, ["MONTH", "Region", "amount"])
        compare(pg, "quoted mixed-case name", Q5, ['"Mixed"', "month", "amount"])
        compare(pg, "sort column", Q5, ["region", "month", "amount", "mnum"])
        compare(pg, "sort column, by number", Q5, ["1", "2", "3", "4"])
        compare(pg, "null display", Q, [], ["null=<NULL>"])
        compare(pg, "title and border 2", Q, [], ["title=Pivot", "border=2"])
        compare(pg, "empty result", Q + " where false", [])
        compare(pg, "error: too few columns", "select 1, 2", [])
        compare(pg, "error: unknown column", Q, ["nosuch"])
        compare(pg, "error: quoted name keeps case", Q5, ['"MONTH"'])
        compare(pg, "error: out of range", Q, ["4"])
        compare(pg, "error: column 0", Q, ["0"])
        compare(pg, "error: same column twice", Q, ["1", "1"])
        compare(pg, "error: data column needed", Q5, ["region", "month"])
        compare(pg, "error: ambiguous name", "select 1 as a, 2 as a, 3 as b", ["a"])
        compare(pg, "error: duplicate cells", "select 1 as v, 2 as h, 3 as d "
                "union all select 1, 2, 4", [])
        compare(pg, "error: duplicate cells with null display",
                "select null::int as v, null::int as h, 3 as d union all select null, null, 4",
                [], ["null=N"])
    done()


if __name__ == "__main__":
    main()
