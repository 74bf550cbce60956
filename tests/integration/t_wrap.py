# SPDX-License-Identifier: PostgreSQL
"""t_wrap.py: the guarded PostgreSQL tools against a real throwaway server.

A strict profile (mode 0600) matches the Unix socket, with catastrophic
raised from block to confirm so that dropdb can be confirmed; a database
tagged production on the server is strict as well.  Every run has no
controlling terminal (setsid).  Shown: `safepg dropdb shop` exits 6 and
shop still exists; with --confirm=shop it is gone (the real dropdb ran);
the same through a link named dropdb; `safepg pg_dump -s` writes output
byte-identical to the real pg_dump's, and pg_dump -f over an existing file
asks (exit 6) while a new file is written; `pg_restore --clean` into the
production-tagged database refuses (exit 6) and leaves its table, while
pg_restore -f (no database) runs; a wrong --confirm exits 5; the calls are
in the audit log with the tool's name; the aliases of `safepg shell-init
bash` work in a real bash (type, and a guarded dropdb through the alias).
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG, Result  # noqa: E402
from tap import done, is_, like, ok  # noqa: E402

PROFILE = """\
version: 1
environments:
  production:
    match:
      server_tag: production
    protection: strict
    countdown_noninteractive: 0
  local:
    match:
      hosts: ["/*"]
    protection: strict
    rules:
      catastrophic: confirm
    countdown_noninteractive: 0
"""


def notty(argv, env, cwd=None):
    """Run argv in a new session: no controlling terminal, /dev/tty cannot open."""
    p = subprocess.run(["setsid", "-w"] + argv, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, cwd=cwd)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))


def dbs(pg):
    return pg.sql("SELECT datname FROM pg_database ORDER BY 1").split()


with Cluster() as pg:
    for db in ("shop", "shop2", "shop3", "tagged"):
        pg.sql("CREATE DATABASE %s" % db)
    pg.sql("ALTER DATABASE tagged SET safepg.environment = 'production'")
    pg.sql("CREATE TABLE orders (id int PRIMARY KEY, note text); "
           "INSERT INTO orders VALUES (1, 'a'), (2, 'b')", db="tagged")
    pg.sql("CREATE TABLE items (id int); CREATE VIEW v AS SELECT 1 AS one", db="shop2")

    profile = os.path.join(pg.base, "profile.yaml")
    with open(profile, "w") as f:
        f.write(PROFILE)
    os.chmod(profile, 0o600)
    env = pg.env(SAFEPG_PROFILE=profile,
                 SAFEPG_SYSTEM_PROFILE=os.path.join(pg.base, "no-floor.yaml"),
                 SAFEPG_PGBIN=pg.bin)
    audit = os.path.join(pg.home, ".local", "state", "safepg", "audit.jsonl")

    # dropdb: catastrophic, the phrase is the database dropped
    r = notty([SAFEPG, "dropdb", "shop"], env)
    is_(r.code, 6, "dropdb without a terminal exits 6")
    like(r.err, r"dropdb", "the refusal names dropdb")
    ok("shop" in dbs(pg), "shop still exists after the refused dropdb")
    r = notty([SAFEPG, "dropdb", "--confirm=postgres", "shop"], env)
    is_(r.code, 5, "dropdb --confirm with another name exits 5")
    ok("shop" in dbs(pg), "shop still exists after the mistyped confirmation")
    r = notty([SAFEPG, "dropdb", "--confirm=shop", "shop"], env)
    is_(r.code, 0, "dropdb --confirm=shop exits 0: %s" % r.err.strip())
    ok("shop" not in dbs(pg), "shop is gone")
    r = notty([SAFEPG, "dropdb", "--confirm=nosuch", "nosuch"], env)
    is_(r.code, 1, "the real dropdb's exit code passes through (no such database)")
    like(r.err, r"does not exist", "and its message")

    # through a link named dropdb
    linkdir = os.path.join(pg.base, "links")
    os.makedirs(linkdir)
    os.symlink(os.path.abspath(SAFEPG), os.path.join(linkdir, "dropdb"))
    link = os.path.join(linkdir, "dropdb")
    r = notty([link, "shop3"], env)
    is_(r.code, 6, "link dropdb without a terminal exits 6")
    ok("shop3" in dbs(pg), "shop3 still exists")
    # no SAFEPG_PGBIN and the link first in PATH: the real one is still found, never itself
    env_path = dict(env, PATH=linkdir + ":" + pg.bin + ":" + os.environ.get("PATH", ""))
    env_path.pop("SAFEPG_PGBIN")
    r = notty([link, "--confirm=shop3", "shop3"], env_path)
    is_(r.code, 0, "link dropdb --confirm=shop3 exits 0: %s" % r.err.strip())
    ok("shop3" not in dbs(pg), "shop3 is gone")

    # pg_dump: byte-identical to the real one
    real = subprocess.run([os.path.join(pg.bin, "pg_dump"), "-s", "--restrict-key=safepgtest", "shop2"], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    r = subprocess.run(["setsid", "-w", SAFEPG, "pg_dump", "-s", "--restrict-key=safepgtest", "shop2"], env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    is_(r.returncode, 0, "safepg pg_dump -s exits 0")
    ok(real.returncode == 0 and len(real.stdout) > 100 and b"CREATE TABLE" in real.stdout,
       "the real pg_dump wrote a schema")
    ok(r.stdout == real.stdout, "safepg pg_dump output is byte-identical to pg_dump's")
    dump = os.path.join(pg.base, "shop2.sql")
    r = notty([SAFEPG, "pg_dump", "-f", dump, "shop2"], env)
    is_(r.code, 0, "pg_dump -f to a new file runs")
    ok(os.path.getsize(dump) > 0, "the dump file was written")
    before = os.path.getmtime(dump)
    r = notty([SAFEPG, "pg_dump", "-f", dump, "shop2"], env)
    is_(r.code, 6, "pg_dump -f over an existing file needs confirmation (exit 6)")
    like(r.err, r"overwrites the existing file", "and says why")
    is_(os.path.getmtime(dump), before, "the existing file was not touched")

    # pg_restore into the production-tagged database
    arch = os.path.join(pg.base, "tagged.dump")
    r = notty([SAFEPG, "pg_dump", "-Fc", "-f", arch, "tagged"], env)
    is_(r.code, 0, "pg_dump -Fc of tagged runs")
    r = notty([SAFEPG, "pg_restore", "--clean", "-d", "tagged", arch], env)
    is_(r.code, 6, "pg_restore --clean into production without a terminal exits 6")
    like(r.err, r"production", "the refusal names production")
    is_(pg.sql("SELECT count(*) FROM orders", db="tagged").strip(), "2",
        "the tagged database keeps its rows")
    r = notty([SAFEPG, "pg_restore", "-d", "tagged", arch], env)
    is_(r.code, 6, "pg_restore (no --clean) into a production database that holds objects exits 6")
    like(r.err, r"already holds objects", "and says the database already holds objects")
    pg.sql("CREATE DATABASE emptyprod")
    pg.sql("ALTER DATABASE emptyprod SET safepg.environment = 'production'")
    r = notty([SAFEPG, "pg_restore", "-d", "emptyprod", arch], env)
    is_(r.code, 0, "pg_restore into an empty production database is a write: it runs (%s)"
        % r.err.strip()[-300:])
    is_(pg.sql("SELECT count(*) FROM orders", db="emptyprod").strip(), "2",
        "and restores the rows")
    out_sql = os.path.join(pg.base, "restored.sql")
    r = notty([SAFEPG, "pg_restore", "-f", out_sql, arch], env)
    is_(r.code, 0, "pg_restore -f (no database) runs")
    like(open(out_sql).read(), r"CREATE TABLE public\.orders", "and writes the script")

    # the audit log records the calls with the tool's name
    lines = [json.loads(x) for x in open(audit)]
    tools = [(x.get("tool"), x.get("decision")) for x in lines]
    ok(("dropdb", "no_tty") in tools and ("dropdb", "confirmed") in tools,
       "dropdb decisions are in the audit log")
    ok(("pg_restore", "no_tty") in tools, "the refused pg_restore is in the audit log")
    r = pg.safepg("audit", "verify", audit, env=env)
    is_(r.code, 0, "the audit log verifies")

    # shell-init aliases in a real bash
    r = pg.safepg("shell-init", "bash", env=env)
    is_(r.code, 0, "shell-init bash exits 0")
    like(r.out, r"alias dropdb='safepg dropdb'", "it prints the dropdb alias")
    benv = dict(env, PATH=os.path.dirname(os.path.abspath(SAFEPG)) + ":" + env["PATH"])
    init = r.out
    b = notty(["bash", "-O", "expand_aliases", "-c", init + "\ntype pg_dump"], benv)
    like(b.out, r"pg_dump is aliased to .safepg pg_dump.", "bash sees the pg_dump alias")
    b = notty(["bash", "-O", "expand_aliases", "-c", init + "\ndropdb shop2\necho rc=$?"], benv)
    like(b.out, r"rc=6", "dropdb through the alias is guarded (exit 6)")
    ok("shop2" in dbs(pg), "shop2 still exists")
    r = pg.safepg("shell-init", "fish", env=env)
    like(r.out, r"function dropdb --wraps dropdb; command safepg dropdb \$argv; end",
         "shell-init fish prints functions")
    r = pg.safepg("shell-init", "tcsh", env=env)
    is_(r.code, 1, "an unknown shell exits 1")

done()
