# SPDX-License-Identifier: PostgreSQL
"""demo.py: `make demo` — a throwaway PostgreSQL server with a small shop
database and its staging copy, a demo profile, and safepg opened on
production.  Both databases say which environment they are
(safepg.environment), so production is guarded as production although it
is reached through a local socket.  Without a terminal, a short scripted
tour runs instead.  The server lives in a temporary directory and is
removed when safepg exits.
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

PROFILE = """version: 1
environments:
  production:
    description: the shop's live database (the server says so itself)
    match:
      server_tag: production
    protection: strict
    countdown: 5
    confirm_phrase: database
    color: red
  staging:
    description: the staging copy
    match:
      server_tag: staging
    protection: warn
    color: yellow
"""

EXAMPLES = """select count(*) from orders;
update orders set total = 0 where id = 7;
delete from customers;
drop table orders;
drop database shop;
"""

TOUR = [
    ("which environment is this, and why", ["env"]),
    ("a read on production goes straight through", ["-c", "select count(*) from orders"]),
    ("a DROP on production without a terminal is refused (exit 6)", ["-c", "drop table orders"]),
    ("...and the table is still there", ["-c", "select count(*) from orders"]),
    ("the same DROP on staging is allowed with a warning", ["-d", "shop_staging", "-c", "drop table orders"]),
]


def tour(env):
    print("No terminal: a short scripted tour instead.\n")
    for title, args in TOUR:
        print("## %s\n$ safepg %s" % (title, " ".join(args)))
        sys.stdout.flush()
        p = subprocess.run([SAFEPG] + args, env=env, stdin=subprocess.DEVNULL)
        print("(exit %d)\n" % p.returncode)
    print("## what `safepg check` says of a few statements")
    sys.stdout.flush()
    subprocess.run([SAFEPG, "check", "--fail-on=catastrophic"], input=EXAMPLES.encode(), env=env)
    return 0


def main():
    with Cluster() as pg:
        pg.sql("create database shop")
        pg.sql(SHOP, db="shop")
        pg.sql("create database shop_staging template shop")
        pg.sql("alter database shop set safepg.environment = 'production'")
        pg.sql("alter database shop_staging set safepg.environment = 'staging'")
        profile = os.path.join(pg.base, "profile.yaml")
        with open(profile, "w") as f:
            f.write(PROFILE)
        os.chmod(profile, 0o600)
        env = pg.env(PGDATABASE="shop", SAFEPG_PROFILE=profile)
        print("safepg demo: a throwaway server on %s; database \"shop\" says it is production,"
              " \"shop_staging\" says it is staging (profile: %s)." % (pg.sock, profile))
        if not sys.stdin.isatty():
            return tour(env)
        print("Try: select * from orders limit 3;   delete from orders;   drop database shop;")
        print("     \\c shop_staging   to see the same statements on staging.")
        print("\\q leaves and removes the server.\n")
        return subprocess.call([SAFEPG], env=env)


if __name__ == "__main__":
    sys.exit(main())
