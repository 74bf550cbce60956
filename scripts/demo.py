# SPDX-License-Identifier: PostgreSQL
"""demo.py: `make demo` — a throwaway PostgreSQL server with a small shop
database, and safepg opened on it.  The server lives in a temporary
directory and is removed when safepg exits.  The database says of itself
that it is production (safepg.environment), so it is treated as one even
though it is reached through a local socket: try `drop table orders;` or
`delete from customers;` and see what safepg does.  Without a terminal it
shows what `safepg check` thinks of a few statements instead.
"""
import os
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402

SHOP = """
create table customers (id int primary key, name text not null, email text);
create table orders (id int primary key, customer_id int references customers,
                     total numeric(10,2), placed_at timestamptz default now());
insert into customers select g, 'customer ' || g, 'c' || g || '@example.com'
  from generate_series(1, 100) g;
insert into orders select g, 1 + g % 100, (g * 7 % 500) + 0.99
  from generate_series(1, 1000) g;
"""

EXAMPLES = """select count(*) from orders;
update orders set total = 0 where id = 7;
delete from customers;
drop table orders;
drop database shop;
"""


def main():
    with Cluster() as pg:
        pg.sql("create database shop")
        pg.sql(SHOP, db="shop")
        pg.sql("alter database shop set safepg.environment = 'production'")
        env = pg.env(PGDATABASE="shop")
        env.pop("HOME", None)
        env["HOME"] = pg.home
        print("safepg demo: a throwaway server on %s, database \"shop\" (it calls itself production)."
              % pg.sock)
        if not sys.stdin.isatty():
            print("No terminal: here is what `safepg check` says of a few statements.\n")
            p = subprocess.run([SAFEPG, "check", "--fail-on=catastrophic"],
                               input=EXAMPLES.encode(), env=env)
            return 0 if p.returncode in (0, 9) else p.returncode
        print("Try: select * from orders limit 3;   delete from orders;   drop database shop;")
        print("\\q leaves and removes the server.\n")
        return subprocess.call([SAFEPG], env=env)


if __name__ == "__main__":
    sys.exit(main())
