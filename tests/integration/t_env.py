# SPDX-License-Identifier: PostgreSQL
"""t_env.py: `safepg env` against a real throwaway server over 127.0.0.1.

A database tagged production (ALTER DATABASE ... SET safepg.environment)
reached over loopback resolves to production although the client side says
dev; a tag supplied by the client (PGOPTIONS, options=) is ignored in both
directions; role and cluster (ALTER SYSTEM) tags; the system identifier; a
refused connection exits 2; a bad or group-writable profile exits 8 and no
connection reaches the server (its log, with log_connections, proves it).
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, free_port  # noqa: E402
from tap import done, is_, like, ok, unlike  # noqa: E402

PROFILE = """\
version: 1
environments:
  dev:
    match:
      hosts: ["127.0.0.1", "/*"]
    protection: warn
  staging:
    protection: confirm
  production:
    match:
      server_tag: production
    protection: strict
    color: red
"""


def write_profile(path, text, mode=0o600):
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def connections(pg):
    with open(os.path.join(pg.base, "server.log")) as f:
        return len(re.findall(r"connection authorized|connection received", f.read()))


def field(out, name):
    m = re.search(r"^%s: (.*)$" % re.escape(name), out, re.M)
    return m.group(1) if m else None


with Cluster(tcp=True, conf="log_connections = on\n") as pg:
    pg.sql("CREATE DATABASE shop")
    pg.sql("ALTER DATABASE shop SET safepg.environment = 'production'")
    pg.sql("CREATE ROLE app LOGIN")
    pg.sql("CREATE ROLE ops LOGIN")
    pg.sql("ALTER ROLE ops SET safepg.environment = 'production'")

    profile = os.path.join(pg.home, ".config", "safepg", "profile.yaml")
    write_profile(profile, PROFILE)
    nofloor = os.path.join(pg.base, "no-system-profile.yaml")
    base = pg.env(SAFEPG_SYSTEM_PROFILE=nofloor)
    tcp = ["-h", "127.0.0.1", "-p", str(pg.port)]

    # --- the tagged database over loopback is production
    r = pg.safepg("env", *tcp, "-U", "postgres", "-d", "shop", env=base)
    is_(r.code, 0, "env over 127.0.0.1: exit 0")
    is_(field(r.out, "environment"), "production (strict)", "tagged database is production")
    is_(field(r.out, "server"), 'safepg.environment "production" (set by the database)',
        "the database's tag is reported")
    is_(field(r.out, "profile"), profile, "the user profile was read")
    like(r.out, r'"dev" of \S+ matches on the client side: host "127\.0\.0\.1" '
         r'\(hostaddr "127\.0\.0\.1"\) matches "127\.0\.0\.1"',
         "the client side matched dev by host")
    like(r.out, r'the server says "production" but the client side matched "dev": '
         r'the stricter applies \("production"\)', "the user is told why")
    like(field(r.out, "actions"), r"catastrophic block", "production blocks catastrophic")

    # --- client side only
    r = pg.safepg("env", "--no-connect", *tcp, "-d", "shop", env=base)
    is_(r.code, 0, "--no-connect: exit 0")
    is_(field(r.out, "environment"), "dev (warn)", "--no-connect: client side says dev")
    is_(field(r.out, "server"), "not asked (--no-connect)", "--no-connect: server not asked")

    # --- the same through a URI and a conninfo string
    r = pg.safepg("env", "postgresql://postgres@127.0.0.1:%d/shop" % pg.port, env=base)
    is_(field(r.out, "environment"), "production (strict)", "URI: production")
    r = pg.safepg("env", "host=127.0.0.1 port=%d dbname=shop user=postgres" % pg.port, env=base)
    is_(field(r.out, "environment"), "production (strict)", "conninfo: production")

    # --- a tag supplied through PGOPTIONS is ignored, both ways
    env = dict(base, PGOPTIONS="-c safepg.environment=dev")
    r = pg.safepg("env", *tcp, "-d", "shop", env=env)
    is_(field(r.out, "environment"), "production (strict)",
        "PGOPTIONS=dev cannot relax a production database")
    like(r.out, r"supplied \(PGOPTIONS or options=\) is ignored", "and says it was ignored")
    check = pg.psql(*tcp, "-d", "shop", "-Atc", "SHOW safepg.environment", env=env)
    is_(check.out.strip(), "dev", "(the server did take the client's value for the session)")

    env = dict(base, PGOPTIONS="-c safepg.environment=production")
    r = pg.safepg("env", *tcp, "-d", "postgres", env=env)
    is_(field(r.out, "server"), "safepg.environment not set",
        "PGOPTIONS=production on an untagged database: superuser sees it not set")
    is_(field(r.out, "environment"), "dev (warn)", "  and the client side decides")

    env = dict(base, PGOPTIONS="-c SafePG.Environment=production")
    r = pg.safepg("env", *tcp, "-U", "app", "-d", "postgres", env=env)
    is_(field(r.out, "server"), "safepg.environment unknown",
        "unprivileged role with a client tag: the cluster's own value cannot be told apart")
    is_(field(r.out, "environment"), "dev (warn)", "  and the client's tag is not used")

    r = pg.safepg("env", "host=127.0.0.1 port=%d dbname=postgres user=app "
                  "options='-c safepg.environment=production'" % pg.port, env=base)
    unlike(r.out, r'server: safepg.environment "production"', "options= in conninfo ignored too")

    # --- a role's tag
    r = pg.safepg("env", *tcp, "-U", "ops", "-d", "postgres", env=base)
    is_(field(r.out, "server"), 'safepg.environment "production" (set by the role)',
        "ALTER ROLE ... SET: set by the role")
    is_(field(r.out, "environment"), "production (strict)", "  resolves to production")

    # --- a role cannot hide the database's tag behind its own
    pg.sql("ALTER ROLE app SET safepg.environment = 'dev'")
    r = pg.safepg("env", *tcp, "-U", "app", "-d", "shop", env=base)
    is_(field(r.out, "server"), 'safepg.environment "dev" (set by the role); '
        'also "production" (set by the database)', "role and database tags are both read")
    is_(field(r.out, "environment"), "production (strict)",
        "  a role's laxer tag does not relax the tagged database")
    pg.sql("ALTER ROLE app RESET safepg.environment")

    # --- settings arrays with quoted elements are read as PostgreSQL wrote them
    pg.sql("ALTER ROLE app SET search_path = 'a, \"b c\"'")
    pg.sql("ALTER ROLE app SET safepg.environment = 'blue, \"green\" {x}'")
    pg.sql("ALTER ROLE app SET work_mem = '64kB'")
    r = pg.safepg("env", *tcp, "-U", "app", "-d", "postgres", env=base)
    is_(field(r.out, "server"), 'safepg.environment "blue, "green" {x}" (set by the role)',
        "a tag among quoted settings (commas, quotes, braces) is read whole")
    pg.sql("ALTER ROLE app RESET ALL")

    # --- the cluster's tag (ALTER SYSTEM)
    # ALTER SYSTEM knows a placeholder only once the session has seen it
    r = pg.psql("-v", "ON_ERROR_STOP=1", "-c", "SET safepg.environment = 'x'",
                "-c", "ALTER SYSTEM SET safepg.environment = 'staging'",
                "-c", "SELECT pg_reload_conf()")
    ok(r.code == 0, "ALTER SYSTEM SET safepg.environment (%s)" % r.err.strip())
    pg.sql("SELECT pg_sleep(0.5)")
    r = pg.safepg("env", *tcp, "-d", "postgres", env=base)
    is_(field(r.out, "server"), 'safepg.environment "staging" (set by the cluster)',
        "ALTER SYSTEM: superuser reads it from pg_file_settings")
    is_(field(r.out, "environment"), "staging (confirm)", "  staging is stricter than dev")
    r = pg.safepg("env", *tcp, "-U", "app", "-d", "postgres", env=base)
    is_(field(r.out, "server"), 'safepg.environment "staging" (set by the cluster)',
        "ALTER SYSTEM: unprivileged role, no client value: current_setting")
    env = dict(base, PGOPTIONS="-c safepg.environment=dev")
    r = pg.safepg("env", *tcp, "-d", "postgres", env=env)
    is_(field(r.out, "server"), 'safepg.environment "staging" (set by the cluster)',
        "ALTER SYSTEM beats PGOPTIONS (superuser)")
    r = pg.safepg("env", *tcp, "-d", "shop", env=base)
    is_(field(r.out, "server"), 'safepg.environment "production" (set by the database); '
        'also "staging" (set by the cluster)',
        "the database's setting is the one in effect, the cluster's is read too")
    is_(field(r.out, "environment"), "production (strict)", "  production applies")
    pg.psql("-c", "SET safepg.environment = 'x'", "-c", "ALTER SYSTEM RESET safepg.environment",
            "-c", "SELECT pg_reload_conf()")

    # --- system identifier, for a role that may read it
    sysid = pg.sql("SELECT system_identifier FROM pg_control_system()").strip()
    r = pg.safepg("env", *tcp, "-d", "postgres", env=base)
    is_(field(r.out, "system identifier"), sysid, "the system identifier is read")
    r = pg.safepg("env", *tcp, "-U", "app", "-d", "postgres", env=base)
    # PostgreSQL 15 lets every role execute pg_control_system()
    is_(field(r.out, "system identifier"), sysid, "  also for an ordinary role")
    pg.sql("REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC")
    r = pg.safepg("env", *tcp, "-U", "app", "-d", "postgres", env=base)
    is_(field(r.out, "system identifier"), None, "  not once it is revoked")
    is_(r.code, 0, "  and that is not an error")
    sysprof = os.path.join(pg.base, "sysid.yaml")
    write_profile(sysprof, "version: 1\nenvironments:\n  vault:\n    match:\n"
                  "      system_identifier: %s\n    protection: readonly\n" % sysid)
    r = pg.safepg("env", *tcp, "-d", "postgres", "--profile", sysprof, env=base)
    like(field(r.out, "environment"), r"^vault \(readonly\)", "system_identifier selects vault")

    # --- the built-in default when there is no profile
    env = pg.env(SAFEPG_SYSTEM_PROFILE=nofloor, XDG_CONFIG_HOME=os.path.join(pg.base, "none"))
    r = pg.safepg("env", *tcp, "-d", "shop", env=env)
    is_(field(r.out, "profile"), "(built-in default)", "no profile: built-in default")
    is_(field(r.out, "environment"), "production (strict)",
        "  production by the server's tag although 127.0.0.1 is local")

    # --- a floor the user profile cannot loosen
    floor = os.path.join(pg.base, "floor.yaml")
    write_profile(floor, "version: 1\nenvironments:\n  dev:\n    protection: confirm\n"
                  "    countdown: 3\n")
    r = pg.safepg("env", "--no-connect", *tcp, env=pg.env(SAFEPG_SYSTEM_PROFILE=floor))
    is_(field(r.out, "floor"), floor, "floor is read")
    like(field(r.out, "actions"), r"destructive confirm", "floor's dev makes destructive confirm")
    like(r.out, r"floor .* made it stricter", "  and says so")

    # --- cannot connect: exit 2
    dead = free_port()
    r = pg.safepg("env", "-h", "127.0.0.1", "-p", str(dead), env=base)
    is_(r.code, 2, "refused connection: exit 2")
    like(r.err, r"^safepg: error: connection to server at \"127\.0\.0\.1\", port %d failed"
         % dead, "  psql's message")

    # --- a bad profile: exit 8 and no connection at all
    before = connections(pg)
    write_profile(profile, PROFILE, mode=0o664)
    r = pg.safepg("env", *tcp, "-d", "shop", env=base)
    is_(r.code, 8, "group-writable profile: exit 8")
    is_(r.err, "%s: writable by group or others; refusing to use it\nhint: chmod go-w %s\n"
        % (profile, profile), "  the message and hint")
    is_(r.out, "", "  nothing on stdout")
    r = pg.safepg("env", "-h", "127.0.0.1", "-p", str(dead), env=base)
    is_(r.code, 8, "group-writable profile + unreachable port: still 8 (checked first)")
    write_profile(profile, PROFILE.replace("protection: warn", "protecton: warn"))
    r = pg.safepg("env", *tcp, "-d", "shop", env=base)
    is_(r.code, 8, "misspelt key: exit 8")
    like(r.err, r'profile\.yaml:\d+:\d+: unknown key "protecton"; did you mean "protection"\?',
         "  FILE:LINE:COLUMN and a did-you-mean")
    write_profile(floor, "version: 1\nenvironments: [\n")
    write_profile(profile, PROFILE)
    r = pg.safepg("env", *tcp, "-d", "shop", env=pg.env(SAFEPG_SYSTEM_PROFILE=floor))
    is_(r.code, 8, "a broken floor profile: exit 8")
    time.sleep(0.3)
    is_(connections(pg), before, "the server saw no connection from any refused run")

done()
