# SPDX-License-Identifier: PostgreSQL
"""t_spec: classifying a -f script ahead, in a thread, changes nothing but time.

A script of statements the fast path does not take (queries, DDL, DO
blocks, COPY with data that looks like SQL, \\i, variables, PREPARE and
EXECUTE, standard_conforming_strings switched off and on) runs through
psql and through safepg with speculation on and off: output (stdout and
stderr on one pipe, so order counts), exit code and the rows left behind
are the same all three ways.  The audit log's verdicts (class, kind,
objects, reasons, decision) for every statement are the same with and
without speculation.  And the overlap is real: on a script of 300
queries that starts with pg_sleep(1), the thread's verdicts were used
(SAFEPG_SPEC_STATS=1 says how many), while SAFEPG_SPECULATE=0 turns it
off.  Texts that never match (a variable in each) keep the queue moving.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import done, is_, ok, like, diag  # noqa: E402

SETUP = """
DROP TABLE IF EXISTS t, u CASCADE;
CREATE TABLE t (id int PRIMARY KEY, a int, b text);
CREATE TABLE u (x int, y text);
"""

INCLUDED = """
select 'from the included file' as inc, count(*) from t;
insert into u select id, b from t where id < 3;
"""

SCRIPT = """
insert into t select g, g * 2, 'row ' || g from generate_series(1, 20) g;
select id, a, b from t where id between 3 and 6 order by id;
select count(*) as n, sum(a) as s from t;
do $$ begin raise notice 'inside DO: %', (select count(*) from t); end $$;
\\set lim 4
select id from t order by id limit :lim;
select max(id) as top from t \\gset
insert into t values (:top + 1, 0, 'after gset') returning id;
\\ir inc.sql
copy u (x, y) from stdin;
1\tselect 1; drop table t;
2\tinsert into t values (99);
\\.
select x, y from u order by x, y;
prepare p (int) as select b from t where id = $1;
execute p(5);
deallocate p;
set standard_conforming_strings = off;
insert into u values (7, 'back\\\\slash and \\'quote\\'');
set standard_conforming_strings = on;
select y from u where x = 7;
update t set a = a + 1 where id in (select x from u);
with d as (delete from u where x = 2 returning *) select count(*) as deleted from d;
select * from nope;
create index on t (a);
alter table t add column c int default 3;
select c, count(*) from t group by c;
delete from t where id > 10;
select count(*) from t;
"""


def run(argv, env):
    p = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


with Cluster() as pg:
    pg.sql("CREATE DATABASE s")
    base = pg.env(PGDATABASE="s", SAFEPG_SYSTEM_PROFILE=os.path.join(pg.base, "no-floor.yaml"))
    psql = os.path.join(pg.bin, "psql")
    work = os.path.join(pg.base, "work")
    os.makedirs(work)
    with open(os.path.join(work, "inc.sql"), "w") as f:
        f.write(INCLUDED)
    script = os.path.join(work, "script.sql")
    with open(script, "w") as f:
        f.write(SCRIPT)

    def state():
        return pg.sql("SELECT coalesce(string_agg(id || ':' || a || ':' || b, ',' ORDER BY id), '') "
                      "FROM t", db="s").strip() + " | " + \
            pg.sql("SELECT coalesce(string_agg(x || ':' || y, ',' ORDER BY x, y), '') FROM u",
                   db="s").strip()

    def audit_verdicts(home):
        path = os.path.join(home, ".local", "state", "safepg", "audit.jsonl")
        with open(path) as f:
            recs = [json.loads(line) for line in f]
        return [(r["statement"], r["class"], r["kind"], r["reasons"], r["decision"], r["outcome"])
                for r in recs]

    results = {}
    verdicts = {}
    for label, argv, extra in (
            ("psql", [psql, "-X", "-f", script], {}),
            ("speculating", [SAFEPG, "-X", "-f", script], {"SAFEPG_SPEC_STATS": "1"}),
            ("not speculating", [SAFEPG, "-X", "-f", script], {"SAFEPG_SPECULATE": "0"})):
        pg.sql(SETUP, db="s")
        home = os.path.join(pg.base, "home-" + label.replace(" ", "-"))
        os.makedirs(home)
        env = dict(base, HOME=home, **extra)
        code, out = run(argv, env)
        if label == "speculating":
            stats = [l for l in out.splitlines() if l.startswith("safepg: classified ahead")]
            out = "\n".join(l for l in out.splitlines() if l not in stats) + "\n"
            is_(len([l for l in stats if " for the run: " in l]), 1,
                "SAFEPG_SPEC_STATS=1 reports once for the run")
            ok(len(stats) == 3 and all(re.match(r"^safepg: classified ahead for the (precheck|run): "
                                                r"\d+ of \d+ statements$", l) for l in stats),
               "... and for the precheck of the script and of its \\ir file: %r" % stats)
        else:
            out = out if out.endswith("\n") else out + "\n"
        results[label] = (code, out, state())
        if label != "psql":
            verdicts[label] = audit_verdicts(home)

    for label in ("speculating", "not speculating"):
        same = results[label] == results["psql"]
        ok(same, "%s: same output (in order), exit code and rows as psql" % label)
        if not same:
            diag("psql:\n%s\n%s" % (results["psql"][1][-1200:], results["psql"][2]))
            diag("%s:\n%s\n%s" % (label, results[label][1][-1200:], results[label][2]))
    ok(len(verdicts["speculating"]) > 20, "the audit log has the script's statements (%d lines)"
       % len(verdicts["speculating"]))
    is_(verdicts["speculating"], verdicts["not speculating"],
        "every statement's class, kind, reasons and decision are the same with and without it")

    # --- the overlap is real: queries the fast path does not take are classified ahead
    pg.sql(SETUP + "INSERT INTO t SELECT g, g, 'r' FROM generate_series(1, 300) g", db="s")
    many = os.path.join(work, "many.sql")
    with open(many, "w") as f:
        # the server sleeps first: the thread has a second to get ahead
        f.write("select pg_sleep(1);\n")
        for i in range(300):
            f.write("select id, a, length(b) from t where id = %d order by a limit 1;\n" % i)
    code, out = run([SAFEPG, "-X", "-q", "-A", "-t", "-f", many], dict(base, SAFEPG_SPEC_STATS="1"))
    runs = [l.split() for l in out.splitlines() if l.startswith("safepg: classified ahead for the run")]
    got = runs[0] if runs else []
    handed = int(got[6]) if len(got) > 8 else -1
    is_(got[8:9], ["301"], "301 statements were asked about while running")
    ok(0 < handed <= 300,
       "while the server slept, the thread classified ahead; its verdicts were used (%d of 301)"
       % handed)
    pre = [l.split() for l in out.splitlines() if l.startswith("safepg: classified ahead for the precheck")]
    got = pre[0] if pre else []
    handed = int(got[6]) if len(got) > 8 else -1
    # how the precheck's parsing is shared depends on scheduling: only its bounds are certain
    ok(got[8:9] == ["301"] and 0 <= handed <= 301,
       "the precheck asked about every statement (%d of 301 from the thread)" % handed)
    # --- out of step: every text differs from the file's (a variable), the queue fills
    vary = os.path.join(work, "vary.sql")
    with open(vary, "w") as f:
        f.write("\\set v 7\n")
        for i in range(700):
            f.write("select :v + %d as n, count(*) from t where id < %d;\n" % (i, i))
    outs = []
    for prog, extra in ((psql, {}), (SAFEPG, {"SAFEPG_SPEC_STATS": "1"})):
        outs.append(run([prog, "-X", "-q", "-A", "-t", "-f", vary], dict(base, **extra)))
    runs = [l for l in outs[1][1].splitlines() if "classified ahead for the run" in l]
    body = "\n".join(l for l in outs[1][1].splitlines() if "classified ahead" not in l) + "\n"
    ok(outs[0][0] == outs[1][0] == 0 and outs[0][1] == body,
       "700 statements whose text the variable changes: same output as psql")
    is_(runs, ["safepg: classified ahead for the run: 0 of 700 statements"],
        "... none taken from the thread, which never got stuck on a full queue")
    code, out = run([SAFEPG, "-X", "-q", "-A", "-t", "-f", many],
                    dict(base, SAFEPG_SPEC_STATS="1", SAFEPG_SPECULATE="0"))
    ok("classified ahead" not in out and code == 0, "SAFEPG_SPECULATE=0 turns it off")
done()
