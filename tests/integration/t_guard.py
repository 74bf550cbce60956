# SPDX-License-Identifier: PostgreSQL
"""t_guard.py: the guard against a real throwaway server, without a terminal.

Every safepg run here has no controlling terminal (setsid), so nothing can
be confirmed by typing.  A profile (in the test's temporary directory, mode
0600) makes the Unix socket strict.  Shown: a DROP TABLE needing
confirmation exits 6 and the table keeps its rows; --confirm with another
phrase exits 5; --confirm=shop counts down on stderr and drops it; a script
whose last statement is blocked ran nothing (exit 4); a script needing
confirmation without a terminal ran nothing (exit 6); a database tagged
production reached through 127.0.0.1 is guarded as production while an
untagged one is not; in a read_only environment an INSERT fails until
\\readwrite lifts it, and \\readwrite asks first (exit 6 without a
terminal, runs with --confirm); a bad profile exits 8.  Every decision is
in the audit log ($HOME/.local/state/safepg/audit.jsonl here) and its chain
verifies; with an audit log that cannot be written a DROP is refused (exit
4) while a SELECT still runs.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG, Result  # noqa: E402
from tap import done, is_, like, ok, unlike  # noqa: E402

PROFILE = """\
version: 1
environments:
  reporting:
    match:
      databases: ["rep"]
    protection: confirm
    read_only: true
    countdown: 0
  shop:
    match:
      hosts: ["/*"]
    protection: strict
    countdown: 10
    countdown_noninteractive: 1
  dev:
    match:
      hosts: ["127.0.0.1"]
    protection: warn
  production:
    match:
      server_tag: production
    protection: strict
    countdown_noninteractive: 0
"""


def safepg_notty(pg, env, *args, input=None):
    """Run safepg in a new session: no controlling terminal, /dev/tty cannot open."""
    p = subprocess.run(["setsid", "-w", SAFEPG, "-X"] + list(args), env=env,
                       input=input.encode() if input is not None else None,
                       stdin=None if input is not None else subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))


with Cluster(tcp=True) as pg:
    pg.sql("CREATE DATABASE shop")
    pg.sql("CREATE DATABASE tagged")
    pg.sql("CREATE DATABASE rep")
    pg.sql("ALTER DATABASE tagged SET safepg.environment = 'production'")
    for db in ("shop", "tagged", "rep"):
        pg.sql("CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2), (3)", db=db)
    pg.sql("CREATE TABLE orders2 (id int)", db="shop")

    profile = os.path.join(pg.base, "profile.yaml")
    with open(profile, "w") as f:
        f.write(PROFILE)
    os.chmod(profile, 0o600)
    env = pg.env(SAFEPG_PROFILE=profile,
                 SAFEPG_SYSTEM_PROFILE=os.path.join(pg.base, "no-floor.yaml"))

    def count(db, table="orders"):
        return pg.sql("SELECT count(*) FROM %s" % table, db=db).strip()

    def exists(db, table):
        return pg.sql("SELECT to_regclass('%s') IS NOT NULL" % table, db=db).strip() == "t"

    # --- no terminal: exit 6, nothing ran
    r = safepg_notty(pg, env, "-d", "shop", "-c", "DROP TABLE orders")
    is_(r.code, 6, "DROP TABLE without a terminal: exit 6")
    like(r.err, r"DROP TABLE", "the message names the statement")
    like(r.err, r"--confirm=PHRASE", "and says how to pre-confirm")
    is_(count("shop"), "3", "the table is still there with its 3 rows")

    # --- piped stdin cannot confirm either
    r = safepg_notty(pg, env, "-d", "shop", input="DROP TABLE orders;\n")
    is_(r.code, 6, "a script on stdin needing confirmation, no terminal: exit 6")
    is_(count("shop"), "3", "the table still has its rows")

    # --- a wrong --confirm: exit 5
    r = safepg_notty(pg, env, "-d", "shop", "--confirm=Shop", "-c", "DROP TABLE orders")
    is_(r.code, 5, "--confirm with another phrase (case differs): exit 5")
    is_(count("shop"), "3", "the table still has its rows")

    # --- --confirm=shop: countdown on stderr, then it runs
    r = safepg_notty(pg, env, "-d", "shop", "--confirm=shop", "-c", "DROP TABLE orders")
    is_(r.code, 0, "--confirm=shop: exit 0")
    like(r.err, r"running .* in 1 s", "the countdown is shown on stderr")
    ok(not exists("shop", "orders"), "the table is gone")

    # --- a script with a blocked statement at its end ran nothing
    script = os.path.join(pg.base, "migrate.sql")
    with open(script, "w") as f:
        f.write("INSERT INTO orders2 VALUES (42);\nCREATE TABLE made_by_script (x int);\n"
                "-- and at the very end:\nDROP DATABASE rep;\n")
    r = safepg_notty(pg, env, "-d", "shop", "-f", script)
    is_(r.code, 4, "script with DROP DATABASE at its end: exit 4")
    like(r.err, r"migrate\.sql:4: refused: DROP DATABASE is blocked", "names the statement and line")
    is_(count("shop", "orders2"), "0", "the INSERT before it did not run")
    ok(not exists("shop", "made_by_script"), "the CREATE TABLE before it did not run")
    r = safepg_notty(pg, env, "-d", "shop", "--confirm=shop", "-f", script)
    is_(r.code, 4, "--confirm does not lift a block: exit 4")

    # --- a script needing confirmation, no terminal: nothing ran
    with open(script, "w") as f:
        f.write("INSERT INTO orders2 VALUES (7);\nTRUNCATE orders2;\nDELETE FROM orders2;\n")
    r = safepg_notty(pg, env, "-d", "shop", "-f", script)
    is_(r.code, 6, "script needing confirmation, no terminal: exit 6")
    like(r.err, r"2 statements", "both statements needing confirmation are listed")
    is_(count("shop", "orders2"), "0", "the INSERT at its start did not run")
    r = safepg_notty(pg, env, "-d", "shop", "--confirm=shop", "-f", script)
    is_(r.code, 0, "with --confirm=shop the script runs")
    is_(len([x for x in r.err.splitlines() if "running" in x]), 1,
        "one countdown for the lot, not one per statement")
    is_(count("shop", "orders2"), "0", "and ran to its end (TRUNCATE, DELETE)")

    # --- production over 127.0.0.1
    tcp = ["-h", "127.0.0.1", "-p", str(pg.port)]
    r = safepg_notty(pg, env, *tcp, "-d", "tagged", "-c", "DELETE FROM orders")
    is_(r.code, 6, "tagged database over 127.0.0.1: DELETE without WHERE needs confirmation")
    like(r.err, r'environment "production"', "it is guarded as production")
    is_(count("tagged"), "3", "nothing was deleted")
    r = safepg_notty(pg, env, *tcp, "-d", "tagged", "--confirm=tagged", "-c", "DROP DATABASE rep")
    is_(r.code, 4, "catastrophic in production: exit 4 even with --confirm")
    r = safepg_notty(pg, env, *tcp, "-d", "shop", "-c", "DELETE FROM orders2")
    is_(r.code, 0, "untagged database over 127.0.0.1 is dev: runs")
    like(r.err, r"warning: DELETE", "with a warning on stderr")

    # --- read-only environment
    r = safepg_notty(pg, env, "-d", "rep", "-c", "INSERT INTO orders VALUES (4)")
    is_(r.code, 1, "INSERT in a read_only environment fails")
    like(r.err, r"read-only transaction", "the server refuses it")
    is_(count("rep"), "3", "no row was added")
    r = safepg_notty(pg, env, "-d", "rep", "-c", "\\readwrite", "-c",
                     "INSERT INTO orders VALUES (4)")
    is_(r.code, 6, "\\readwrite without a terminal asks first: exit 6")
    is_(count("rep"), "3", "nothing ran")
    r = safepg_notty(pg, env, "-d", "rep", "-c", "SET default_transaction_read_only = off",
                     "-c", "INSERT INTO orders VALUES (4)")
    is_(r.code, 6, "SET default_transaction_read_only = off is guarded as a lift: exit 6")
    is_(count("rep"), "3", "nothing ran")
    r = safepg_notty(pg, env, "-d", "rep", "--confirm=rep", "-c", "\\readwrite", "-c",
                     "INSERT INTO orders VALUES (4)")
    is_(r.code, 0, "\\readwrite with --confirm=rep lifts it")
    is_(count("rep"), "4", "and the INSERT ran")

    # --- the audit log
    log = os.path.join(pg.home, ".local", "state", "safepg", "audit.jsonl")
    ok(os.path.exists(log), "the audit log is at $HOME/.local/state/safepg/audit.jsonl")
    with open(log) as f:
        lines = [json.loads(x) for x in f]
    drops = [x for x in lines if x.get("kind") == "DROP TABLE" and x.get("database") == "shop"
             and x["outcome"] != "ok"]
    is_([x["decision"] for x in drops], ["no_tty", "no_tty", "declined", "confirmed"],
        "the DROP TABLE decisions, in order: no_tty, no_tty (stdin), declined, confirmed")
    ok(drops and drops[-1]["outcome"] == "pending" and drops[-1]["class"] == "destructive"
       and drops[-1]["environment"] == "shop", "the confirmed one: destructive, shop, pending")
    ok(all(x["outcome"] == "not_run" for x in drops[:-1]), "the refused ones: not_run")
    done_ = [x for x in lines if x["seq"] == drops[-1]["seq"] and x["pid"] == drops[-1]["pid"]
             and x["outcome"] == "ok"]
    ok(len(done_) == 1, "the confirmed DROP's outcome line follows: ok")
    errs = [x for x in lines if x.get("kind") == "INSERT" and x["outcome"] == "error"]
    ok(any(x.get("sqlstate") == "25006" for x in errs),
       "the INSERT refused by the read-only server: outcome error, sqlstate 25006")
    ok(any(x.get("kind") == "\\readwrite" and x["decision"] == "confirmed" for x in lines),
       "\\readwrite's confirmation is logged")
    r = pg.safepg("audit", "verify", log, env=env)
    is_(r.code, 0, "safepg audit verify: the chain holds")

    # an audit log that cannot be written refuses destructive statements only
    unwritable = os.path.join(pg.base, "notadir")
    with open(unwritable, "w") as f:
        f.write("a file, so nothing can be created under it\n")
    noaudit = os.path.join(pg.base, "noaudit.yaml")
    with open(noaudit, "w") as f:
        f.write(PROFILE + "audit:\n  path: %s/sub/audit.jsonl\n" % unwritable)
    os.chmod(noaudit, 0o600)
    pg.sql("CREATE TABLE keepme (x int)", db="shop")
    r = safepg_notty(pg, env, "--profile=" + noaudit, "--confirm=shop", "-d", "shop",
                     "-c", "DROP TABLE keepme")
    is_(r.code, 4, "unwritable audit log: DROP refused with exit 4")
    like(r.err, r"cannot be recorded in the audit log", "the message says why")
    ok(exists("shop", "keepme"), "the table is still there")
    r = safepg_notty(pg, env, "--profile=" + noaudit, "-d", "shop", "-At", "-c", "SELECT 41 + 1")
    is_((r.code, r.out.strip()), (0, "42"), "a SELECT still runs")
    like(r.err, r"audit log cannot be written", "with a warning")

    # --- an environment known by the cluster's system identifier (asked only for such profiles)
    sysid = pg.sql("SELECT system_identifier FROM pg_control_system()").strip()
    byid = os.path.join(pg.base, "byid.yaml")
    with open(byid, "w") as f:
        f.write("version: 1\nenvironments:\n  vault:\n    match:\n      system_identifier: %s\n"
                "    protection: strict\n" % sysid)
    os.chmod(byid, 0o600)
    pg.sql("CREATE TABLE byid (x int)", db="rep")
    r = safepg_notty(pg, env, "--profile=" + byid, "-d", "rep", "-c", "DROP TABLE byid")
    is_(r.code, 6, "a profile matching the system identifier guards that cluster: DROP needs "
        "confirmation (exit 6)")
    like(r.err, r'environment "vault"', "the environment is the one named by the identifier")
    ok(exists("rep", "byid"), "the table is still there")

    # --- a bad profile: exit 8 before anything
    bad = os.path.join(pg.base, "bad.yaml")
    with open(bad, "w") as f:
        f.write("version: 1\nenvironments:\n  x:\n    protection: lax\n")
    os.chmod(bad, 0o600)
    r = safepg_notty(pg, env, "--profile=" + bad, "-d", "shop", "-c", "INSERT INTO orders2 VALUES (9)")
    is_(r.code, 8, "a bad --profile: exit 8")
    is_(count("shop", "orders2"), "0", "nothing ran")
    os.chmod(bad, 0o644)
    with open(bad, "w") as f:
        f.write(PROFILE)
    os.chmod(bad, 0o666)
    r = safepg_notty(pg, env, "--profile=" + bad, "-d", "shop", "-c", "SELECT 1")
    is_(r.code, 8, "a world-writable profile: exit 8")
    unlike(r.out, r"1 row", "the query did not run")

done()
