# SPDX-License-Identifier: PostgreSQL
"""tap.py: TAP output for the Python integration and terminal tests.

    from tap import ok, is_, done
    ok(cond, "name")
    is_(got, want, "name")          # shows both on failure
    done()                          # plan, "N passed, N failed", exit status
"""
import sys

_run = 0
_failed = 0


def diag(msg):
    for line in str(msg).splitlines() or [""]:
        print("# " + line)
    sys.stdout.flush()


def ok(cond, name):
    global _run, _failed
    _run += 1
    if not cond:
        _failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", _run, name))
    sys.stdout.flush()
    return bool(cond)


def is_(got, want, name):
    good = ok(got == want, name)
    if not good:
        diag("     got: %r" % (got,))
        diag("expected: %r" % (want,))
    return good


def like(got, pattern, name):
    import re
    good = ok(got is not None and re.search(pattern, got, re.S) is not None, name)
    if not good:
        diag("     got: %r" % (got,))
        diag("expected to match: %r" % (pattern,))
    return good


def unlike(got, pattern, name):
    import re
    good = ok(got is None or re.search(pattern, got, re.S) is None, name)
    if not good:
        diag("     got: %r" % (got,))
        diag("expected not to match: %r" % (pattern,))
    return good


def done():
    print("1..%d" % _run)
    print("# %d passed, %d failed" % (_run - _failed, _failed))
    sys.stdout.flush()
    sys.exit(1 if (_failed or not _run) else 0)
