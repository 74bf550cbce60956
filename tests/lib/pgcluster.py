# SPDX-License-Identifier: PostgreSQL
"""pgcluster.py: a throwaway PostgreSQL server for one test file.

The server listens on a Unix socket in a fresh temporary directory (and on
127.0.0.1 when tcp=True), runs as the invoking user, or as the `postgres`
system user when the tests run as root (PostgreSQL refuses root), and is
stopped when the test ends (also on an exception).

    from pgcluster import Cluster
    with Cluster() as pg:
        r = pg.safepg("-c", "select 1")        # runs $SAFEPG with pg's environment
        r = pg.psql("-c", "select 1")          # the real psql, same environment
        r.code, r.out, r.err
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

TOP = os.environ.get("SAFEPG_TOP") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
SAFEPG = os.environ.get("SAFEPG") or os.path.join(TOP, "safepg")


def pgbin():
    env = os.environ.get("SAFEPG_TEST_PGBIN")
    if env:
        return env
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                  key=lambda d: int(d.split("/")[-2]))
    if not dirs:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql "
                           "(apt-get install postgresql)")
    return dirs[-1]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Result:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return "Result(code=%r, out=%r, err=%r)" % (self.code, self.out, self.err)


def run(argv, env=None, input=None, timeout=60, cwd=None):
    """Run argv, return Result with decoded stdout/stderr.  input: str or bytes."""
    if isinstance(input, str):
        input = input.encode()
    p = subprocess.run(argv, env=env, input=input, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout, cwd=cwd,
                       stdin=None if input is not None else subprocess.DEVNULL)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))


class Cluster:
    def __init__(self, tcp=False, conf=None):
        self.bin = pgbin()
        self.base = tempfile.mkdtemp(prefix="safepg-test-")
        os.chmod(self.base, 0o755)
        self.data = os.path.join(self.base, "data")
        self.sock = os.path.join(self.base, "sock")
        self.home = os.path.join(self.base, "home")
        os.makedirs(self.sock)
        os.makedirs(self.home)
        self.port = free_port()
        self.tcp = tcp
        self.as_root = os.geteuid() == 0
        self.started = False
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            for d in (self.base, self.sock):
                os.chown(d, pw.pw_uid, pw.pw_gid)
        self._server(["initdb", "-D", self.data, "--no-sync", "-A", "trust",
                      "-U", "postgres", "-E", "UTF8", "--no-locale"])
        extra = "listen_addresses = '%s'\n" % ("127.0.0.1" if tcp else "")
        extra += "port = %d\nunix_socket_directories = '%s'\nfsync = off\n" % (
            self.port, self.sock)
        extra += "max_prepared_transactions = 2\n"
        extra += conf or ""
        self._append_conf(extra)
        self._server(["pg_ctl", "-D", self.data, "-l",
                      os.path.join(self.base, "server.log"), "-w", "-t", "60", "start"])
        self.started = True

    def _server(self, argv):
        argv = [os.path.join(self.bin, argv[0])] + argv[1:]
        if self.as_root:
            argv = ["runuser", "-u", "postgres", "--"] + argv
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            raise RuntimeError("%s failed:\n%s" % (" ".join(argv), p.stdout.decode()))

    def _append_conf(self, text):
        path = os.path.join(self.data, "postgresql.conf")
        if self.as_root:
            subprocess.run(["runuser", "-u", "postgres", "--", "sh", "-c",
                            "cat >> '%s'" % path], input=text.encode(), check=True)
        else:
            with open(path, "a") as f:
                f.write(text)

    def env(self, **extra):
        """A clean environment pointing libpq at this server (socket)."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PG") and not k.startswith("SAFEPG_")
               and not k.startswith("XDG_") and k not in ("LANG", "LANGUAGE", "LC_ALL")}
        env.update(PGHOST=self.sock, PGPORT=str(self.port), PGUSER="postgres",
                   PGDATABASE="postgres", HOME=self.home, LC_ALL="C.UTF-8",
                   PSQL_HISTORY=os.path.join(self.home, ".psql_history"))
        for k, v in extra.items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = v
        return env

    def psql(self, *args, input=None, env=None, timeout=60):
        return run([os.path.join(self.bin, "psql"), "-X"] + list(args),
                   env=env or self.env(), input=input, timeout=timeout)

    def safepg(self, *args, input=None, env=None, timeout=60):
        return run([SAFEPG] + list(args), env=env or self.env(), input=input,
                   timeout=timeout)

    def sql(self, query, db="postgres"):
        """Run SQL through the real psql as the superuser; raise on error."""
        r = self.psql("-v", "ON_ERROR_STOP=1", "-qAt", "-d", db, "-c", query)
        if r.code != 0:
            raise RuntimeError("psql failed: %s" % r.err)
        return r.out

    def stop(self):
        if self.started:
            try:
                self._server(["pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])
            except RuntimeError:
                pass
            self.started = False
        shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False
