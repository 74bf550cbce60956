# SPDX-License-Identifier: PostgreSQL
"""t_env_target.py: client-side target resolution, through `safepg env`.

The target libpq would use, from psql-style options, positional arguments,
conninfo strings and URIs, PG* variables and service files, every host of a
multi-host conninfo counting.  Then one real connection: the host a name
resolves to is matched by an address block (hostaddr learnt on connecting).
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster  # noqa: E402
from tap import done, is_, like  # noqa: E402


def field(out, name):
    m = re.search(r"^%s: (.*)$" % re.escape(name), out, re.M)
    return m.group(1) if m else None


with Cluster(tcp=True) as pg:
    nofloor = os.path.join(pg.base, "none.yaml")
    svcfile = os.path.join(pg.base, "pg_service.conf")
    with open(svcfile, "w") as f:
        f.write("[billing]\nhost=db1.prod.example.com\nport=5433\ndbname=ledger\n"
                "user=clerk\n\n[local]\nhost=127.0.0.1\nport=%d\ndbname=postgres\n"
                "user=postgres\n" % pg.port)

    def env(**kw):
        e = pg.env(SAFEPG_SYSTEM_PROFILE=nofloor, PGHOST=None, PGPORT=None,
                   PGUSER=None, PGDATABASE=None, USER="alice", LOGNAME="alice",
                   PGSERVICEFILE=svcfile)
        e.update({k: v for k, v in kw.items() if v is not None})
        return e

    def target(*args, **kw):
        r = pg.safepg("env", "--no-connect", *args, env=env(**kw))
        return r.code, field(r.out, "target"), r

    cases = [
        (["-h", "db.example.com", "-p", "6000", "-U", "bob", "-d", "shop"], {},
         'host "db.example.com" port 6000, database "shop", user "bob"',
         "psql options"),
        (["-h", "db.example.com", "shop", "bob"], {},
         'host "db.example.com" port 5432, database "shop", user "bob"',
         "positional DBNAME USER"),
        (["-h", "db.example.com", "-U", "bob"], {},
         'host "db.example.com" port 5432, database "bob", user "bob"',
         "the database defaults to the user"),
        ([], {"PGHOST": "pg.example.com", "PGPORT": "7000", "PGUSER": "carol",
              "PGDATABASE": "crm"},
         'host "pg.example.com" port 7000, database "crm", user "carol"',
         "PG* variables"),
        (["-d", "postgresql://u@a.example.com:6001,b.example.com:6002/app"], {},
         'host "a.example.com" port 6001 or host "b.example.com" port 6002, '
         'database "app", user "u"', "URI with two hosts"),
        (["-h", "ignored.example.com", "-p", "1", "-d", "host=x.example.com dbname=y"], {},
         'host "x.example.com" port 1, database "y", user "%s"',
         "a conninfo's values win over -h (psql's expand_dbname)"),
        (["-d", "hostaddr=10.20.0.7 port=5432 dbname=shop user=bob"], {},
         'host "" (hostaddr "10.20.0.7") port 5432, database "shop", user "bob"',
         "hostaddr only"),
        (["-d", "host=a,b hostaddr=10.0.0.1,10.0.0.2 dbname=d user=u"], {},
         'host "a" (hostaddr "10.0.0.1") port 5432 or host "b" (hostaddr "10.0.0.2") '
         'port 5432, database "d", user "u"', "host and hostaddr lists"),
        (["-d", "service=billing"], {},
         'host "db1.prod.example.com" port 5433, database "ledger", user "clerk", '
         'service "billing"', "service file via service="),
        (["-d", "service=billing port=9999"], {},
         'host "db1.prod.example.com" port 9999, database "ledger", user "clerk", '
         'service "billing"', "conninfo beats the service file"),
        ([], {"PGSERVICE": "billing", "PGPORT": "1111"},
         'host "db1.prod.example.com" port 5433, database "ledger", user "clerk", '
         'service "billing"', "PGSERVICE; the service file beats PG* variables"),
        ([], {},
         'socket "/var/run/postgresql" port 5432, database "%s", user "%s"',
         "no host: libpq's default socket directory"),
        (["-h", "/tmp/sock", "-p", "5999"], {},
         'socket "/tmp/sock" port 5999, database "%s", user "%s"', "socket directory"),
    ]
    me = None
    for args, extra, want, name in cases:
        code, got, r = target(*args, **extra)
        if "%s" in want:
            # libpq's default user is the operating system user
            m = re.search(r'user "([^"]*)"$', got or "")
            me = m.group(1) if m else "?"
            want = want.replace("%s", me)
        is_((code, got), (0, want), name)

    code, got, r = target("-d", "service=billing")
    is_(field(r.out, "environment"), "production (strict)",
        "the service's host decides the environment")

    code, got, r = target("-d", "host=h1,h2 port=1,2,3 dbname=db")
    is_(code, 1, "three ports for two hosts: exit 1")
    like(r.err, r"could not match 3 port numbers to 2 hosts", "  libpq's reason")
    code, got, r = target("-d", "host=a,b port=1,2 dbname=d")
    is_(code, 0, "one port per host is fine")
    code, got, r = target("-d", "postgresql://[::1")
    is_(code, 1, "a bad URI: exit 1")
    like(r.err, r"^safepg env: .*URI", "  libpq's message")

    # a multi-host target: a remote host is not made local by a loopback one
    code, got, r = target("-d", "host=127.0.0.1,db.example.com dbname=shop user=u")
    is_(field(r.out, "environment"), "remote (confirm)", "loopback + remote host: remote")
    like(r.out, r'host "db\.example\.com" matches no environment of the built-in default',
         "  says which host")

    # a host name connects to an address; the address block matches it
    prof = os.path.join(pg.base, "cidr.yaml")
    with open(prof, "w") as f:
        f.write("version: 1\nenvironments:\n  lab:\n    match:\n"
                "      hosts: [\"127.0.0.0/8\"]\n      databases: [postgres]\n"
                "    protection: confirm\n  other:\n    protection: off\n"
                "default_environment: other\n")
    os.chmod(prof, 0o600)
    r = pg.safepg("env", "--profile", prof, "-h", "localhost", "-p", str(pg.port),
                  "-U", "postgres", "-d", "postgres", env=env())
    is_(r.code, 0, "connect by name: exit 0")
    like(field(r.out, "target") or "", r'host "localhost" \(hostaddr "(127\.0\.0\.1|::1)"\)',
         "  the address connected to is recorded")
    if "::1" not in (field(r.out, "target") or ""):
        is_(field(r.out, "environment"), "lab (confirm)", "  and 127.0.0.0/8 matches it")
    r = pg.safepg("env", "--no-connect", "--profile", prof, "-h", "localhost",
                  "-d", "postgres", env=env())
    is_(field(r.out, "environment"), "other (off)", "  (a name alone never matches a block)")

done()
