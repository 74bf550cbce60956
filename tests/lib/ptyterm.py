# SPDX-License-Identifier: PostgreSQL
"""ptyterm.py: a child process on a pseudo-terminal, for the terminal tests.

    t = Term([SAFEPG, "-X"], env)       # 40x120 screen
    t.expect(r"postgres=# ")            # regex on the output not yet matched
    t.send("select 1;\r")
    code = t.wait()                     # exit code, or None after a timeout (killed)
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

from tap import diag


class Term:
    """A child process on a pty: send keys, wait for patterns."""

    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        # a real screen size, so that short results are not sent to a pager
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.buf = b""

    def send(self, s):
        os.write(self.fd, s.encode() if isinstance(s, str) else s)

    def expect(self, pattern, timeout=10):
        """Read until pattern (regex on bytes) matches the unread output; return the match."""
        deadline = time.time() + timeout
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern, re.S)
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.time()
            if left <= 0:
                diag("timeout waiting for %r; have %r" % (pattern, self.buf[-400:]))
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    diag("eof waiting for %r; have %r" % (pattern, self.buf[-400:]))
                    return None
                self.buf += data

    def wait(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                # drain what is left so the pty closes cleanly
                return os.waitstatus_to_exitcode(status)
            try:
                r, _, _ = select.select([self.fd], [], [], 0.1)
                if r:
                    os.read(self.fd, 4096)
            except OSError:
                pass
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        return None


