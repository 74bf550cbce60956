# SPDX-License-Identifier: PostgreSQL
"""t_audit_clients: 50 real safepg processes at once, 200 statements each,
against one throwaway server and one audit log: every line is valid JSON,
none is torn or lost, each process's statements are all there, and
`safepg audit verify` accepts the chain."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import Cluster, SAFEPG  # noqa: E402
from tap import ok, is_, done  # noqa: E402

PROCS, STMTS = 50, 200


def main():
    with Cluster(conf="max_connections = 120\n") as pg:
        pg.sql("create table hits (p int, i int)")
        state = os.path.join(pg.base, "state")
        env = pg.env(XDG_STATE_HOME=state)
        scripts = []
        for p in range(PROCS):
            path = os.path.join(pg.base, "s%d.sql" % p)
            with open(path, "w") as f:
                for i in range(STMTS):
                    f.write("insert into hits values (%d, %d);\n" % (p, i))
            scripts.append(path)
        procs = [subprocess.Popen([SAFEPG, "-X", "-q", "-f", s], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for s in scripts]
        codes = [p.wait(timeout=600) for p in procs]
        errs = [p.stderr.read().decode() for p in procs]
        is_(codes, [0] * PROCS, "all %d safepg processes exit 0" % PROCS)
        ok(not any("audit" in e for e in errs), "no process complains about the audit log")
        is_(pg.sql("select count(*) from hits").strip(), str(PROCS * STMTS),
            "the server received every statement")

        log = os.path.join(state, "safepg", "audit.jsonl")
        with open(log, "rb") as f:
            data = f.read()
        ok(data.endswith(b"\n"), "the log ends with a whole line")
        lines = data.split(b"\n")[:-1]
        parsed, bad = [], 0
        for line in lines:
            try:
                parsed.append(json.loads(line))
            except ValueError:
                bad += 1
        is_(bad, 0, "every line is valid JSON (none torn)")
        inserts = [r for r in parsed if str(r.get("statement", "")).startswith("insert into hits")]
        is_(len(inserts), PROCS * STMTS, "one line per statement, none lost")
        seen = {(r["statement"]) for r in inserts}
        is_(len(seen), PROCS * STMTS, "every statement of every process is there once")
        ok(all(r.get("decision") in ("allowed", "warned") and r.get("outcome") == "ok"
               for r in inserts), "each line records the decision and the outcome")
        r = subprocess.run([SAFEPG, "audit", "verify", log], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env)
        is_(r.returncode, 0, "safepg audit verify accepts the chain")
    done()


main()
