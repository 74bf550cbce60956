# SPDX-License-Identifier: PostgreSQL
"""t_audit.py: the audit log end to end — 50 processes appending 200 records
each to one log through the real src/audit.c (tests/drivers/drv_audit.c):
no line torn, lost or out of order, the chain checked here independently
with hashlib and by `safepg audit verify`; verify naming an edited, removed,
swapped or torn line; a torn tail healed by the next append; file and
directory modes; default paths; unwritable logs failing with their cause.
The log is a file only, so no server is started here."""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from tap import ok, is_, like, diag, done  # noqa: E402
from pgcluster import SAFEPG, TOP  # noqa: E402

DRIVERS = os.environ.get("SAFEPG_DRIVERS") or os.path.join(TOP, "build", "drivers")
DRV = os.path.join(DRIVERS, "drv_audit")
TMP = tempfile.mkdtemp(prefix="safepg-audit-")
os.chmod(TMP, 0o755)
ZEROS = "0" * 64
HASH_KEY = b',"hash":"'
ENV = dict(os.environ, XDG_STATE_HOME=os.path.join(TMP, "state"),
           HOME=os.path.join(TMP, "home"), XDG_CONFIG_HOME=os.path.join(TMP, "config"))
ENV.pop("SAFEPG_PROFILE", None)
# A floor of our own without audit.path, so that /etc/safepg cannot change the defaults.
FLOOR = os.path.join(TMP, "floor.yaml")
with open(FLOOR, "w") as f:
    f.write("version: 1\nenvironments:\n  local:\n    match:\n      hosts: [\"/*\"]\n"
            "    protection: warn\n")
os.chmod(FLOOR, 0o600)
ENV["SAFEPG_SYSTEM_PROFILE"] = FLOOR


def run(argv, env=None, timeout=120):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env or ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def verify(*args, env=None):
    return run([SAFEPG, "audit", "verify"] + list(args), env=env)


def chain_errors(data):
    """Check the chain with hashlib, independently of the C code: a list of problems."""
    problems = []
    prev = ZEROS
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    else:
        problems.append("no newline at the end")
    for i, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            problems.append("line %d: invalid JSON: %s" % (i, e))
            break
        cut = line.rfind(HASH_KEY)
        if rec.get("hash") != hashlib.sha256(line[:cut]).hexdigest():
            problems.append("line %d: hash" % i)
        if rec.get("prev") != prev:
            problems.append("line %d: prev" % i)
        if rec.get("statement") is not None and \
                rec.get("sha256") != hashlib.sha256(rec["statement"].encode()).hexdigest():
            problems.append("line %d: sha256" % i)
        prev = hashlib.sha256(line).hexdigest()
        if len(problems) > 5:
            break
    return problems


# --- 50 processes x 200 records on one log, its directories not there yet
log = os.path.join(TMP, "a", "b", "audit.jsonl")
procs = [subprocess.Popen([DRV, log, "200"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
         for _ in range(50)]
results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in procs]
for p in procs:
    p.stdout.close()
    p.stderr.close()
bad = [r for r in results if r[0] != 0]
ok(not bad, "50 concurrent writers all succeeded")
if bad:
    diag(bad[0][1])
with open(log, "rb") as f:
    data = f.read()
lines = data.split(b"\n")
is_(lines[-1], b"", "the log ends with a newline")
lines = lines[:-1]
is_(len(lines), 10000, "10000 lines: none lost, none split")
recs = []
invalid = 0
for line in lines:
    try:
        recs.append(json.loads(line))
    except ValueError:
        invalid += 1
is_(invalid, 0, "every line is valid JSON (none torn or interleaved)")
per_pid = {}
for r in recs:
    per_pid.setdefault(r["pid"], []).append(r["seq"])
is_(len(per_pid), 50, "records from 50 processes")
ok(all(v == list(range(1, 201)) for v in per_pid.values()),
   "each process's 200 records are all there, in its order")
ok(all(r["statement"].startswith("DELETE FROM t /* pid %d, record %d:" % (r["pid"], r["seq"] - 1))
       for r in recs), "each statement is intact and belongs to its record")
ts = [r["ts"] for r in recs]
ok(ts == sorted(ts), "timestamps never go backwards (taken under the lock)")
like(recs[0]["ts"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", "ts is RFC 3339 UTC with milliseconds")
is_(sorted(recs[0].keys()),
    sorted(["ts", "version", "tool", "os_user", "pid", "seq", "environment", "host", "port",
            "database", "db_user", "class", "kind", "statement", "sha256", "decision",
            "reasons", "outcome", "sqlstate", "rows", "prev", "hash"]),
    "a line has every field")
is_(recs[0]["prev"], ZEROS, "the first line's prev is 64 zeros")
is_(chain_errors(data), [], "the chain holds, checked with hashlib")
code, out, err = verify(log)
is_((code, out.strip()), (0, "%s: 10000 lines, chain intact" % log), "safepg audit verify passes")
is_(stat.S_IMODE(os.stat(log).st_mode), 0o600, "the log is created 0600")
is_(stat.S_IMODE(os.stat(os.path.dirname(log)).st_mode), 0o700, "its directory is created 0700")
is_(stat.S_IMODE(os.stat(os.path.join(TMP, "a")).st_mode), 0o700, "and the one above it")

# --- tampering: each on a copy of the good log
def tampered(name, fn):
    path = os.path.join(TMP, name)
    ls = [l + b"\n" for l in lines]
    out = fn(ls)
    with open(path, "wb") as f:
        f.write(b"".join(out) if isinstance(out, list) else out)
    return path


def edit(ls):
    ls[4999] = ls[4999].replace(b'"decision":"confirmed"', b'"decision":"declined"')
    return ls


code, out, err = verify(tampered("edited", edit))
is_(code, 1, "edited line: verify exits 1")
like(err, r'^safepg: error: audit log ".*edited": line 5000: the line does not match its "hash"\n'
     r'hint: ', "... naming line 5000, psql-style")

code, out, err = verify(tampered("removed", lambda ls: ls[:1233] + ls[1234:]))
is_(code, 1, "removed line: verify exits 1")
like(err, r'line 1234: "prev" does not match line 1233', "... naming line 1234")

code, out, err = verify(tampered("removed-first", lambda ls: ls[1:]))
like(err, r'line 1: "prev" is not 64 zeros', "removed first line: line 1 named")

code, out, err = verify(tampered("swapped", lambda ls: ls[:10] + [ls[11], ls[10]] + ls[12:]))
is_(code, 1, "swapped lines: verify exits 1")
like(err, r"line 11: ", "... naming line 11")

torn_path = tampered("torn", lambda ls: b"".join(ls)[:-100])
code, out, err = verify(torn_path)
is_(code, 1, "torn last line: verify exits 1")
like(err, r"line 10000: torn", "... naming line 10000 as torn")

code, out, err = verify(tampered("garbage", lambda ls: ls[:7] + [b"{oops\n"] + ls[7:]))
like(err, r"line 8: not valid JSON", "a line of invalid JSON is named")

# An append after a torn tail closes the torn line and chains on.
code, out, err = run([DRV, torn_path, "1"])
is_(code, 0, "appending after a torn tail works")
with open(torn_path, "rb") as f:
    tdata = f.read()
tl = tdata.split(b"\n")
is_(len(tl), 10002, "the torn line is closed with a newline, the new line follows it")
is_(json.loads(tl[10000])["prev"], hashlib.sha256(tl[9999]).hexdigest(),
    "the new line chains to the torn line's bytes")
code, out, err = verify(torn_path)
like(err, r"line 10000: not valid JSON", "verify still names the torn line")

# --- long lines: the last line is read back across many blocks
big = os.path.join(TMP, "big", "audit.jsonl")
is_(run([DRV, "-b", "1000000", big, "3"])[0], 0, "three records with 1 MB statements")
is_(run([DRV, big, "2"])[0], 0, "... then two short ones chained after them")
is_(run([DRV, "-b", "20000", big, "2"])[0], 0, "... then two of 20 kB")
with open(big, "rb") as f:
    bdata = f.read()
is_(chain_errors(bdata), [], "the chain across long lines holds (hashlib)")
is_(verify(big)[:2], (0, "%s: 7 lines, chain intact\n" % big), "... and for safepg audit verify")

# --- sync appends, and an empty log
sync_log = os.path.join(TMP, "sync", "audit.jsonl")
code, out, err = run([DRV, "-s", sync_log, "20"])
is_(code, 0, "appends with fsync succeed")
is_(verify(sync_log)[:2], (0, "%s: 20 lines, chain intact\n" % sync_log), "... and verify")
empty = os.path.join(TMP, "empty.jsonl")
open(empty, "w").close()
is_(verify(empty)[:2], (0, "%s: 0 lines, chain intact\n" % empty), "an empty log is intact")
code, out, err = verify(os.path.join(TMP, "missing.jsonl"))
is_(code, 1, "a missing log: exit 1")
like(err, r'^safepg: error: could not open audit log ".*missing\.jsonl": No such file or directory',
     "... saying why")

# --- default paths
state_log = os.path.join(TMP, "state", "safepg", "audit.jsonl")
is_(run([DRV, "-d"])[1].strip(), state_log, "default path under $XDG_STATE_HOME")
env = dict(ENV)
del env["XDG_STATE_HOME"]
home_log = os.path.join(TMP, "home", ".local", "state", "safepg", "audit.jsonl")
is_(run([DRV, "-d"], env=env)[1].strip(), home_log, "without it, ~/.local/state/safepg")
env["XDG_STATE_HOME"] = "relative/dir"
is_(run([DRV, "-d"], env=env)[1].strip(), home_log, "a relative XDG_STATE_HOME is ignored")
is_(run([DRV, "-", "3"])[0], 0, "appending to the default path creates it")
ok(os.path.exists(state_log), "... at $XDG_STATE_HOME/safepg/audit.jsonl")
is_(verify()[:2], (0, "%s: 3 lines, chain intact\n" % state_log),
    "safepg audit verify without FILE reads the default path")
is_(run([DRV, "~/tilde/audit.jsonl", "2"])[0], 0, "a path starting with ~/ is under HOME")
ok(os.path.exists(os.path.join(TMP, "home", "tilde", "audit.jsonl")), "... there")

# The profile's audit.path is the default for verify.
prof = os.path.join(TMP, "profile.yaml")
plog = os.path.join(TMP, "profile-log", "audit.jsonl")
with open(prof, "w") as f:
    f.write("version: 1\naudit:\n  path: %s\nenvironments:\n  local:\n"
            "    match:\n      hosts: [\"/*\"]\n    protection: warn\n" % plog)
os.chmod(prof, 0o600)
run([DRV, plog, "4"])
code, out, err = verify("--profile", prof)
is_((code, out), (0, "%s: 4 lines, chain intact\n" % plog), "verify reads the profile's audit.path")
if code:
    diag(err)

# A floor's audit.path wins over the user's.
floor2 = os.path.join(TMP, "floor2.yaml")
flog = os.path.join(TMP, "floor-log", "audit.jsonl")
with open(floor2, "w") as f:
    f.write("version: 1\naudit:\n  path: %s\nenvironments:\n  local:\n"
            "    match:\n      hosts: [\"/*\"]\n    protection: warn\n" % flog)
os.chmod(floor2, 0o600)
run([DRV, flog, "5"])
code, out, err = verify("--profile", prof, env=dict(ENV, SAFEPG_SYSTEM_PROFILE=floor2))
is_((code, out), (0, "%s: 5 lines, chain intact\n" % flog),
    "a floor profile's audit.path wins over the user profile's")
code, out, err = verify("--profile", os.path.join(TMP, "nonexistent.yaml"))
is_(code, 8, "a named profile that is missing: exit 8, no log read")

# --- logs that cannot be written
afile = os.path.join(TMP, "regular")
open(afile, "w").close()
code, out, err = run([DRV, os.path.join(afile, "sub", "audit.jsonl"), "1"])
is_(code, 1, "a log under a regular file: the append fails")
like(err, r'could not create directory ".*/regular": Not a directory\nhint: ',
     "... with the cause and a hint")
os.makedirs(os.path.join(TMP, "isdir", "audit.jsonl"))
code, out, err = run([DRV, os.path.join(TMP, "isdir", "audit.jsonl"), "1"])
is_(code, 1, "a log path that is a directory fails")
like(err, r'could not open audit log ".*audit\.jsonl": Is a directory', "... saying so")
code, out, err = run([DRV, "/dev/null", "1"])
like(err, r'audit log "/dev/null" is not a regular file', "a device is refused as a log")

# Permissions: as an unprivileged user (root ignores them).
ro = os.path.join(TMP, "readonly")
os.mkdir(ro, 0o500)
cmd = [DRV, os.path.join(ro, "audit.jsonl"), "1"]
if os.geteuid() == 0:
    # A copy the postgres user can run, in TMP (0755), rather than loosening build/.
    drv_copy = os.path.join(TMP, "drv_audit")
    shutil.copy(DRV, drv_copy)
    shutil.chown(ro, "postgres")
    cmd = ["runuser", "-u", "postgres", "--", drv_copy, os.path.join(ro, "audit.jsonl"), "1"]
code, out, err = run(cmd)
is_(code, 1, "a log in a read-only directory (0500) fails")
like(err, r'could not open audit log ".*readonly/audit\.jsonl": Permission denied\nhint: ',
     "... with the cause and a hint")

# --- queued lines (audit_queue: the guard's allowed statements), written in batches
qdir = os.path.join(TMP, "queue")
os.makedirs(qdir)
qlog = os.path.join(qdir, "q1.jsonl")
code, out, err = run([DRV, "-q", "-c", qlog, "10"])
is_((code, out.strip()), (0, "0 lines"), "10 queued lines are not written one by one")
with open(qlog, "rb") as f:
    data = f.read()
is_((data.count(b"\n"), chain_errors(data)), (10, []), "... but all at close, chained")
qlog = os.path.join(qdir, "q2.jsonl")
code, out, err = run([DRV, "-q", "-c", qlog, "70"])
is_(out.strip(), "64 lines", "the 64th queued line writes the batch")
qlog = os.path.join(qdir, "q3.jsonl")
code, out, err = run([DRV, "-q", "-z", "1100", "-c", qlog, "2"])
is_(out.strip(), "2 lines", "a line queued a second after the oldest writes the batch")
qlog = os.path.join(qdir, "q4.jsonl")
code, out, err = run([DRV, "-q", "-k", qlog, "5"])
with open(qlog, "rb") as f:
    data = f.read()
is_((code, data.count(b"\n"), chain_errors(data)), (0, 5, []),
    "queued lines are written at exit(3) without a close")
qlog = os.path.join(qdir, "q5.jsonl")
code, out, err = run([DRV, "-q", "-e", "7", "-c", qlog, "20"])
with open(qlog, "rb") as f:
    recs = [json.loads(l) for l in f.read().splitlines()]
is_(out.strip(), "14 lines", "an immediate append writes the queued lines first, in one write")
is_([r["seq"] for r in recs], list(range(1, 21)), "... in the order they were made")
qlog = os.path.join(qdir, "mixed.jsonl")
procs = [subprocess.Popen([DRV, "-q", "-e", "5", qlog, "200"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE) for _ in range(20)]
results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in procs]
for p in procs:
    p.stderr.close()
ok(all(r[0] == 0 for r in results), "20 writers queueing and appending at once all succeeded")
with open(qlog, "rb") as f:
    data = f.read()
is_(chain_errors(data), [], "... the chain holds across their batches")
per_pid = {}
for line in data.splitlines():
    r = json.loads(line)
    per_pid.setdefault(r["pid"], []).append(r["seq"])
ok(len(per_pid) == 20 and all(v == list(range(1, 201)) for v in per_pid.values()),
   "... every process's 200 lines are there, in its order")
code, out, err = verify(qlog)
is_((code, out.strip()), (0, "%s: 4000 lines, chain intact" % qlog), "... and verify passes")

# --- latency, for the record
lat = os.path.join(TMP, "lat", "audit.jsonl")
diag(run([DRV, "-t", lat, "2000"])[1].strip())
diag(run([DRV, "-t", "-s", lat, "100"])[1].strip())

shutil.rmtree(TMP, ignore_errors=True)
done()
