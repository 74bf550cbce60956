# SPDX-License-Identifier: PostgreSQL
"""t_describe: the describe family (\\d and friends, \\l, \\z, \\sf) against psql.

A schema with tables, partitions, inheritance, views, materialized views,
indexes, constraints, foreign keys, policies, triggers, rules, statistics,
sequences, identity and generated columns, composite types, domains, enums,
functions, aggregates, operators, roles, extensions, publications and more
is created once; each case runs `psql -X` and `safepg -X` with the same
arguments and compares stdout, stderr and exit code byte for byte.  Most
cases also run with -E, so the catalog queries themselves (ECHO_HIDDEN)
are compared too.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, run, SAFEPG  # noqa: E402
from tap import ok, diag, done  # noqa: E402

SETUP = r"""
CREATE ROLE alice LOGIN CREATEDB CONNECTION LIMIT 5;
CREATE ROLE bob NOLOGIN;
CREATE ROLE carol SUPERUSER REPLICATION BYPASSRLS VALID UNTIL '2030-01-01 00:00:00+00';
GRANT bob TO alice;
COMMENT ON ROLE bob IS 'the bob role';
ALTER ROLE alice SET work_mem = '8MB';
ALTER ROLE alice IN DATABASE postgres SET search_path = app, public;
CREATE SCHEMA app AUTHORIZATION alice;
COMMENT ON SCHEMA app IS 'application schema';
CREATE SCHEMA "Mixed Case";
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE app.mood IS 'how one feels';
CREATE TYPE app.pair AS (a int, b text);
CREATE DOMAIN app.posint AS int NOT NULL CHECK (VALUE > 0) DEFAULT 1;
COMMENT ON DOMAIN app.posint IS 'positive integers';
CREATE TABLE app.customers (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL COLLATE "C",
  email text UNIQUE,
  mood app.mood DEFAULT 'ok',
  score numeric(10,2) CHECK (score >= 0),
  created timestamptz DEFAULT now(),
  name_len int GENERATED ALWAYS AS (length(name)) STORED
);
COMMENT ON TABLE app.customers IS 'people who pay';
COMMENT ON COLUMN app.customers.name IS 'full name';
ALTER TABLE app.customers ALTER COLUMN email SET STATISTICS 500;
ALTER TABLE app.customers ALTER COLUMN name SET STORAGE EXTERNAL;
CREATE INDEX customers_lower_name ON app.customers (lower(name)) WHERE score > 10;
CREATE TABLE app.orders (
  id bigserial,
  customer_id int NOT NULL REFERENCES app.customers(id) ON DELETE CASCADE,
  placed date NOT NULL,
  total numeric,
  PRIMARY KEY (id, placed),
  CONSTRAINT positive_total CHECK (total > 0)
) PARTITION BY RANGE (placed);
CREATE TABLE app.orders_2023 PARTITION OF app.orders FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE app.orders_2024 PARTITION OF app.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
  PARTITION BY HASH (id);
CREATE TABLE app.orders_2024_a PARTITION OF app.orders_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE app.orders_2024_b PARTITION OF app.orders_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE app.orders_default PARTITION OF app.orders DEFAULT;
CREATE TABLE app.booking (id int, room int UNIQUE DEFERRABLE,
  EXCLUDE USING btree (id WITH =) DEFERRABLE INITIALLY DEFERRED);
ALTER TABLE app.booking CLUSTER ON booking_room_key;
CREATE TABLE app.empty_parted (a int) PARTITION BY LIST (a);
CREATE TABLE app.base (id int, note text);
CREATE TABLE app.child (extra int) INHERITS (app.base);
CREATE TABLE app.child2 () INHERITS (app.base);
CREATE TABLE app.typed OF app.pair;
CREATE UNLOGGED TABLE app.scratch (x int) WITH (fillfactor = 70, autovacuum_enabled = false);
ALTER TABLE app.scratch REPLICA IDENTITY FULL;
CREATE TABLE app.secure (id int, owner name);
ALTER TABLE app.secure ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.secure FOR SELECT TO alice, bob USING (owner = current_user);
CREATE POLICY strict ON app.secure AS RESTRICTIVE FOR UPDATE USING (true) WITH CHECK (id > 0);
CREATE TABLE app.forced (id int);
ALTER TABLE app.forced ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.forced FORCE ROW LEVEL SECURITY;
CREATE STATISTICS app.cust_stats (ndistinct, dependencies) ON name, email FROM app.customers;
CREATE STATISTICS app.cust_all ON mood, score FROM app.customers;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t_touch BEFORE UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE TRIGGER t_off AFTER INSERT ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.customers DISABLE TRIGGER t_off;
CREATE TRIGGER t_always AFTER DELETE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.customers ENABLE ALWAYS TRIGGER t_always;
CREATE TRIGGER t_parted AFTER INSERT ON app.orders FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE RULE r_base AS ON INSERT TO app.base WHERE NEW.id < 0 DO INSTEAD NOTHING;
CREATE VIEW app.big_customers AS SELECT id, name FROM app.customers WHERE score > 100;
COMMENT ON VIEW app.big_customers IS 'the big ones';
CREATE RULE r_view AS ON DELETE TO app.big_customers DO INSTEAD NOTHING;
CREATE MATERIALIZED VIEW app.totals AS SELECT customer_id, sum(total) AS s FROM app.orders GROUP BY 1;
CREATE INDEX totals_idx ON app.totals (customer_id);
CREATE SEQUENCE app.counter START 10 INCREMENT 5 MAXVALUE 1000 CYCLE CACHE 3;
CREATE SEQUENCE app.owned_seq OWNED BY app.base.id;
CREATE TABLE public.plain (a int, b text DEFAULT 'x', c varchar(10));
CREATE TABLE "Mixed Case"."Odd Table" ("Col A" int);
CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
COMMENT ON FUNCTION app.add(int, int) IS 'adds';
CREATE FUNCTION app.add(a text, b text) RETURNS text LANGUAGE sql AS 'SELECT a || b';
CREATE FUNCTION app.series(n int) RETURNS SETOF int LANGUAGE sql STABLE AS 'SELECT generate_series(1, n)';
CREATE PROCEDURE app.proc(x int) LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION app.win() RETURNS int LANGUAGE internal WINDOW AS 'window_row_number';
CREATE AGGREGATE app.mysum(int) (SFUNC = int4pl, STYPE = int);
COMMENT ON AGGREGATE app.mysum(int) IS 'my sum';
CREATE FUNCTION app.eq_pair(app.pair, app.pair) RETURNS bool LANGUAGE sql AS 'SELECT $1.a = $2.a';
CREATE OPERATOR app.=== (LEFTARG = app.pair, RIGHTARG = app.pair, FUNCTION = app.eq_pair);
COMMENT ON OPERATOR app.=== (app.pair, app.pair) IS 'pair equality';
CREATE CAST (app.pair AS text) WITH INOUT;
CREATE COLLATION app.mycoll (provider = libc, locale = 'C');
CREATE CONVERSION app.myconv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
CREATE EXTENSION IF NOT EXISTS plpgsql;
CREATE PUBLICATION pub_all FOR ALL TABLES;
CREATE PUBLICATION pub_some FOR TABLE app.customers (id, name) WHERE (id > 10), app.base;
CREATE PUBLICATION pub_schema FOR TABLES IN SCHEMA "Mixed Case";
CREATE FUNCTION app.evt() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;
CREATE EVENT TRIGGER evt_ddl ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION app.evt();
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO bob;
GRANT SELECT, INSERT ON app.customers TO bob;
GRANT UPDATE (name) ON app.customers TO alice;
GRANT USAGE ON SCHEMA app TO bob;
CREATE FOREIGN DATA WRAPPER dummy_fdw;
CREATE SERVER srv FOREIGN DATA WRAPPER dummy_fdw OPTIONS (host 'h', port '1');
CREATE USER MAPPING FOR alice SERVER srv OPTIONS (user 'a');
CREATE FOREIGN TABLE app.remote (id int OPTIONS (column_name 'rid'), v text) SERVER srv OPTIONS (table_name 'r');
CREATE TEXT SEARCH CONFIGURATION app.mycfg (COPY = english);
CREATE VIEW app.sec WITH (security_barrier = true, security_invoker = on) AS
  SELECT id FROM app.base WHERE id > 0 WITH LOCAL CHECK OPTION;
CREATE FUNCTION app.std(x int) RETURNS int LANGUAGE sql RETURN x * 2;
CREATE FUNCTION app.atomic(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 1; END;
SELECT lo_create(4242);
COMMENT ON LARGE OBJECT 4242 IS 'a blob';
CREATE TEXT SEARCH DICTIONARY app.mydict (TEMPLATE = simple, STOPWORDS = english);
"""

# (name, arguments after -X); -E variants are added for most.
CASES = [
    ("\\d", ["-c", "\\d"]),
    ("\\dS pg_class", ["-c", "\\dS pg_class"]),
    ("\\d app.*", ["-c", "\\d app.*"]),
    ("\\d+ app.customers", ["-c", "\\d+ app.customers"]),
    ("\\d app.customers", ["-c", "\\d app.customers"]),
    ("\\d app.orders", ["-c", "\\d app.orders"]),
    ("\\d+ app.orders", ["-c", "\\d+ app.orders"]),
    ("\\d+ app.orders_2024", ["-c", "\\d+ app.orders_2024"]),
    ("\\d app.orders_2023", ["-c", "\\d app.orders_2023"]),
    ("\\d+ app.empty_parted", ["-c", "\\d+ app.empty_parted"]),
    ("\\d+ app.base", ["-c", "\\d+ app.base"]),
    ("\\d app.base", ["-c", "\\d app.base"]),
    ("\\d app.booking", ["-c", "\\d app.booking"]),
    ("\\d app.child", ["-c", "\\d app.child"]),
    ("\\d+ app.typed", ["-c", "\\d+ app.typed"]),
    ("\\d+ app.scratch", ["-c", "\\d+ app.scratch"]),
    ("\\d app.secure", ["-c", "\\d app.secure"]),
    ("\\d app.forced", ["-c", "\\d app.forced"]),
    ("\\d+ app.big_customers", ["-c", "\\d+ app.big_customers"]),
    ("\\d+ app.totals", ["-c", "\\d+ app.totals"]),
    ("\\d app.counter", ["-c", "\\d app.counter"]),
    ("\\d app.owned_seq", ["-c", "\\d app.owned_seq"]),
    ("\\d app.customers_id_seq", ["-c", "\\d app.customers_id_seq"]),
    ("\\d+ app.customers_pkey", ["-c", "\\d+ app.customers_pkey"]),
    ("\\d app.customers_lower_name", ["-c", "\\d app.customers_lower_name"]),
    ("\\d app.orders_pkey", ["-c", "\\d app.orders_pkey"]),
    ("\\d app.pair", ["-c", "\\d+ app.pair"]),
    ("\\d+ app.remote", ["-c", "\\d+ app.remote"]),
    ("\\d \"Mixed Case\".*", ["-c", "\\d \"Mixed Case\".*"]),
    ("\\d plain", ["-c", "\\d plain"]),
    ("\\d nosuch", ["-c", "\\d nosuch"]),
    ("\\d a.b.c.d", ["-c", "\\d a.b.c.d"]),
    ("\\d otherdb.app.base", ["-c", "\\d otherdb.app.base"]),
    ("\\d postgres.app.base", ["-c", "\\d postgres.app.base"]),
    ("\\d pg_toast table", ["-c", "\\dt+ pg_toast.*"]),
    ("\\dt", ["-c", "\\dt"]),
    ("\\dt+ app.*", ["-c", "\\dt+ app.*"]),
    ("\\di app.*", ["-c", "\\di app.*"]),
    ("\\dis+", ["-c", "\\dis+ app.*"]),
    ("\\dv app.*", ["-c", "\\dv app.*"]),
    ("\\dm+ app.*", ["-c", "\\dm+ app.*"]),
    ("\\ds app.*", ["-c", "\\ds app.*"]),
    ("\\dE app.*", ["-c", "\\dE app.*"]),
    ("\\dtv app.c*", ["-c", "\\dtv app.c*"]),
    ("\\dt nosuch", ["-c", "\\dt nosuch"]),
    ("\\dt quiet nosuch", ["-q", "-c", "\\dt nosuch"]),
    ("\\dP", ["-c", "\\dP"]),
    ("\\dPn+", ["-c", "\\dPn+"]),
    ("\\dPt app.*", ["-c", "\\dPt app.*"]),
    ("\\dPi", ["-c", "\\dPi"]),
    ("\\d x expanded", ["-x", "-c", "\\d app.base"]),
    ("\\d unaligned", ["-A", "-c", "\\d app.customers"]),
    ("\\dt semicolon", ["-c", "\\dt app.base;"]),
    ("\\d extra argument", ["-c", "\\d app.base app.child"]),
    ("\\dZ unknown", ["-c", "\\dZ"]),
    ("\\dn", ["-c", "\\dn"]),
    ("\\dn+", ["-c", "\\dn+"]),
    ("\\dnS", ["-c", "\\dnS"]),
    ("\\dn+ \"Mixed Case\"", ["-c", "\\dn+ \"Mixed Case\""]),
    ("\\dn a.b", ["-c", "\\dn a.b"]),
    ("\\df", ["-c", "\\df"]),
    ("\\df+ app.*", ["-c", "\\df+ app.*"]),
    ("\\dfn app.*", ["-c", "\\dfn app.*"]),
    ("\\dfa", ["-c", "\\dfa app.*"]),
    ("\\dfp", ["-c", "\\dfp app.*"]),
    ("\\dft", ["-c", "\\dft app.*"]),
    ("\\dfw", ["-c", "\\dfw app.*"]),
    ("\\dfnt", ["-c", "\\dfnt app.*"]),
    ("\\df args", ["-c", "\\df app.add int int"]),
    ("\\df args -", ["-c", "\\df app.* - "]),
    ("\\dfS int4*", ["-c", "\\dfS int4p*"]),
    ("\\df bad option", ["-c", "\\dfx"]),
    ("\\dfz bad letter", ["-c", "\\dfnz"]),
    ("\\dT", ["-c", "\\dT"]),
    ("\\dT+ app.*", ["-c", "\\dT+ app.*"]),
    ("\\dTS int", ["-c", "\\dTS int"]),
    ("\\dT int[]", ["-c", "\\dT int[]"]),
    ("\\do", ["-c", "\\do"]),
    ("\\do+ app.*", ["-c", "\\do+ app.*"]),
    ("\\doS + int4 int4", ["-c", "\\doS + integer integer"]),
    ("\\doS - one arg", ["-c", "\\doS - integer"]),
    ("\\du", ["-c", "\\du"]),
    ("\\du+", ["-c", "\\du+"]),
    ("\\dg a*", ["-c", "\\dg a*"]),
    ("\\duS", ["-c", "\\duS"]),
    ("\\drds", ["-c", "\\drds"]),
    ("\\drds alice postgres", ["-c", "\\drds alice postgres"]),
    ("\\drds nobody", ["-c", "\\drds nobody"]),
    ("\\drds nobody nodb", ["-c", "\\drds nobody nodb"]),
    ("\\l", ["-c", "\\l"]),
    ("\\l+ postgres", ["-c", "\\l+ postgres"]),
    ("\\list t*", ["-c", "\\list t*"]),
    ("\\l a.b", ["-c", "\\l a.b"]),
    ("\\dp", ["-c", "\\dp"]),
    ("\\dp app.*", ["-c", "\\dp app.*"]),
    ("\\z app.secure", ["-c", "\\z app.secure"]),
    ("\\ddp", ["-c", "\\ddp"]),
    ("\\dd", ["-c", "\\dd"]),
    ("\\ddS pg_*", ["-c", "\\ddS t_*"]),
    ("\\da", ["-c", "\\da"]),
    ("\\daS count", ["-c", "\\daS count"]),
    ("\\dA", ["-c", "\\dA"]),
    ("\\dA+", ["-c", "\\dA+"]),
    ("\\db", ["-c", "\\db"]),
    ("\\db+ pg_default", ["-c", "\\db+ pg_default"]),
    ("\\dL", ["-c", "\\dL"]),
    ("\\dL+ plpgsql", ["-c", "\\dL+ plpgsql"]),
    ("\\dLS", ["-c", "\\dLS"]),
    ("\\dD", ["-c", "\\dD"]),
    ("\\dD+ app.*", ["-c", "\\dD+ app.*"]),
    ("\\dc", ["-c", "\\dc"]),
    ("\\dc+ app.*", ["-c", "\\dc+ app.*"]),
    ("\\dconfig", ["-c", "\\dconfig"]),
    ("\\dconfig+ work*", ["-c", "\\dconfig+ work*"]),
    ("\\dconfig a.b.c", ["-c", "\\dconfig a.b.c"]),
    ("\\dy", ["-c", "\\dy"]),
    ("\\dy+", ["-c", "\\dy+"]),
    ("\\dX", ["-c", "\\dX"]),
    ("\\dX app.cust*", ["-c", "\\dX app.cust*"]),
    ("\\dC app.pair", ["-c", "\\dC app.pair"]),
    ("\\dC+ int*", ["-c", "\\dC+ int*"]),
    ("\\dO", ["-c", "\\dO"]),
    ("\\dO+ app.*", ["-c", "\\dO+ app.*"]),
    ("\\dx", ["-c", "\\dx"]),
    ("\\dx+", ["-c", "\\dx+"]),
    ("\\dx+ nosuch", ["-c", "\\dx+ nosuch"]),
    ("\\dl", ["-c", "\\dl"]),
    ("\\dl+", ["-c", "\\dl+"]),
    ("\\dew", ["-c", "\\dew"]),
    ("\\dew+", ["-c", "\\dew+"]),
    ("\\des", ["-c", "\\des"]),
    ("\\des+", ["-c", "\\des+"]),
    ("\\deu", ["-c", "\\deu"]),
    ("\\deu+ alice", ["-c", "\\deu+ alice"]),
    ("\\det", ["-c", "\\det app.*"]),
    ("\\det+", ["-c", "\\det+ app.*"]),
    ("\\dF", ["-c", "\\dF"]),
    ("\\dF app.*", ["-c", "\\dF app.*"]),
    ("\\dF+ app.*", ["-c", "\\dF+ app.*"]),
    ("\\dF+ nosuch", ["-c", "\\dF+ nosuch"]),
    ("\\dFp", ["-c", "\\dFp"]),
    ("\\dFp+", ["-c", "\\dFp+"]),
    ("\\dFd", ["-c", "\\dFd"]),
    ("\\dFd+ app.*", ["-c", "\\dFd+ app.*"]),
    ("\\dFt", ["-c", "\\dFt"]),
    ("\\dFt+", ["-c", "\\dFt+"]),
    ("\\dRp", ["-c", "\\dRp"]),
    ("\\dRp+", ["-c", "\\dRp+"]),
    ("\\dRp+ nosuch", ["-c", "\\dRp+ nosuch"]),
    ("\\dRs", ["-c", "\\dRs"]),
    ("\\dRs+ x*", ["-c", "\\dRs+ x*"]),
    ("\\dAc btree int4", ["-c", "\\dAc btree int4"]),
    ("\\dAc+ brin", ["-c", "\\dAc+ brin"]),
    ("\\dAf hash", ["-c", "\\dAf hash"]),
    ("\\dAf+ btree text", ["-c", "\\dAf+ btree text"]),
    ("\\dAo btree integer_ops", ["-c", "\\dAo btree integer_ops"]),
    ("\\dAo+ gist", ["-c", "\\dAo+ gist"]),
    ("\\dAp hash", ["-c", "\\dAp hash"]),
    ("\\dAp+ btree float_ops", ["-c", "\\dAp+ btree float_ops"]),
    ("\\dAx unknown", ["-c", "\\dAx"]),
    ("\\sf app.add(int,int)", ["-c", "\\sf app.add(int,int)"]),
    ("\\sf+ app.add(text, text)", ["-c", "\\sf+ app.add(text, text)"]),
    ("\\sf ambiguous", ["-c", "\\sf app.add"]),
    ("\\sf nosuch", ["-c", "\\sf nosuch"]),
    ("\\sf no argument", ["-c", "\\sf"]),
    ("\\sf+ app.touch", ["-c", "\\sf+ app.touch"]),
    ("\\sf+ app.std", ["-c", "\\sf+ app.std"]),
    ("\\sf+ app.atomic", ["-c", "\\sf+ app.atomic"]),
    ("\\sf semicolon", ["-c", "\\sf app.series;"]),
    ("\\sv app.big_customers", ["-c", "\\sv app.big_customers"]),
    ("\\sv+ app.sec", ["-c", "\\sv+ app.sec"]),
    ("\\sv app.customers", ["-c", "\\sv app.customers"]),
    ("\\sv no argument", ["-c", "\\sv"]),
    ("\\sv quote", ["-c", "\\sv app.\"x'y\""]),
    ("\\lo_list", ["-c", "\\lo_list"]),
    ("\\lo_list+", ["-c", "\\lo_list+"]),
    ("\\d html", ["-P", "format=html", "-c", "\\d+ app.customers"]),
    ("\\dt expanded", ["-x", "-c", "\\dt+ app.*"]),
    ("\\d+ border 2 unicode", ["-P", "border=2", "-P", "linestyle=unicode", "-c",
                                 "\\d+ app.orders"]),
    ("\\du csv", ["--csv", "-c", "\\du"]),
    ("\\dn null display", ["-P", "null=(null)", "-c", "\\dn+"]),
    ("\\d tuples only", ["-t", "-c", "\\d app.customers"]),
    ("\\d sequence expanded", ["-x", "-c", "\\d app.counter"]),
    ("\\dRp+ latex", ["-P", "format=latex", "-c", "\\dRp+ pub_some"]),
    ("ECHO_HIDDEN noexec \\d", ["-v", "ECHO_HIDDEN=noexec", "-c", "\\d app.base"]),
    ("ECHO_HIDDEN noexec \\sf", ["-v", "ECHO_HIDDEN=noexec", "-c", "\\sf app.std"]),
    ("HIDE_TABLEAM", ["-v", "HIDE_TABLEAM=on", "-v", "HIDE_TOAST_COMPRESSION=on", "-c",
                      "\\d+ app.customers"]),
    ("HIDE_TABLEAM \\dt+", ["-v", "HIDE_TABLEAM=on", "-c", "\\dt+ app.c*"]),
    ("argument counts: \\dA extra", ["-c", "\\dA btree int4"]),
    ("argument counts: \\dAc extra", ["-c", "\\dAc btree int4 more"]),
    ("argument counts: \\drds extra", ["-c", "\\drds alice postgres more"]),
    ("argument counts: \\df many", ["-c", "\\df app.add int int int int"]),
    ("argument counts: \\do three", ["-c", "\\doS + int4 int4 int4"]),
    ("argument counts: \\dfx extra", ["-c", "\\dfx a b"]),
    ("argument counts: \\l extra", ["-c", "\\l postgres more"]),
    ("argument counts: \\z extra", ["-c", "\\z app.base more"]),
    ("quoted pattern with semicolon", ["-c", "\\dt \"app\".\"base\";"]),
    ("variable in pattern", ["-v", "t=app.base", "-c", "\\d :t"]),
    ("-l", ["-l"]),
    ("-l -A -t", ["-l", "-A", "-t"]),
    ("-l -d template1", ["-l", "-d", "template1"]),
    ("\\if false skips \\d", ["-c", "\\if false\n\\d app.base\n\\dt nosuch\n\\sf nosuch\n\\endif"]),
]

ECHO = True


def compare(pg, psql, name, args):
    res = []
    for binary in (psql, SAFEPG):
        r = run([binary, "-X"] + args, env=pg.env())
        res.append(r)
    a, b = res
    if not ok((a.code, a.out, a.err) == (b.code, b.out, b.err),
              "%s: same stdout, stderr and exit code as psql" % name):
        for what, x, y in (("code", a.code, b.code), ("stdout", a.out, b.out),
                           ("stderr", a.err, b.err)):
            if x != y:
                if isinstance(x, str):
                    xl, yl = x.splitlines(), y.splitlines()
                    for i, (p, q) in enumerate(zip(xl, yl)):
                        if p != q:
                            diag("%s differs at line %d:" % (what, i + 1))
                            diag("psql:   %r" % p)
                            diag("safepg: %r" % q)
                            break
                    else:
                        diag("%s: line counts %d vs %d" % (what, len(xl), len(yl)))
                else:
                    diag("%s psql %r safepg %r" % (what, x, y))


def main():
    only = os.environ.get("T_DESCRIBE_ONLY")
    # \l+ shows database sizes: no autovacuum to change them between the two runs
    with Cluster(conf="autovacuum = off\n") as pg:
        r = pg.sql(SETUP)
        psql = os.path.join(pg.bin, "psql")
        for name, args in CASES:
            if only and only not in name:
                continue
            compare(pg, psql, name, args)
            if ECHO:
                compare(pg, psql, name + " (-E)", ["-E"] + args)
        if not only:
            # A deliberate difference: psql pastes \dn's pattern between quotes
            # as it is (a quote ends the string); safepg quotes it as a literal.
            r = pg.safepg("-X", "-E", "-c", "\\dn 'x''y;select 1'")
            ok(r.code == 0 and "WHERE n.nspname = 'x''y;select 1'" in r.out,
               "\\dn quotes its pattern as a literal in the publication query")
    done()


if __name__ == "__main__":
    main()
