# SPDX-License-Identifier: PostgreSQL
"""t_profile.py: `safepg profile check` and `safepg profile default`.

Every invalid profile of tests/data/profile/invalid gives exit 8 and
exactly its .err text on stderr; valid ones exit 0; the default profile
prints and checks clean; where the user profile is looked for; files that
others could have written are refused (group- or world-writable, owned by
another user, in a world-writable directory); the system floor is checked
too.  `profile check` never connects, so this file starts no server.
"""
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pgcluster import SAFEPG, TOP, run  # noqa: E402
from tap import done, is_, like, ok  # noqa: E402

DATA = os.path.join(TOP, "tests", "data", "profile")
tmp = tempfile.mkdtemp(prefix="safepg-profile-")
os.chmod(tmp, 0o700)
home = os.path.join(tmp, "home")
os.makedirs(home, mode=0o700)


def env(**extra):
    e = {k: v for k, v in os.environ.items()
         if not k.startswith(("PG", "SAFEPG_", "XDG_"))}
    e.update(HOME=home, LC_ALL="C.UTF-8",
             SAFEPG_SYSTEM_PROFILE=os.path.join(tmp, "no-system-profile.yaml"))
    for k, v in extra.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def safepg(*args, cwd=None, **extra):
    return run([SAFEPG] + list(args), env=env(**extra), cwd=cwd)


def write(path, text, mode=0o600):
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


GOOD = "version: 1\nenvironments:\n  prod:\n    protection: strict\n"

try:
    # --- the data files, through the real binary
    bad = sorted(glob.glob(os.path.join(DATA, "invalid", "*.yaml")))
    ok(len(bad) >= 25, "at least 25 invalid profiles (%d)" % len(bad))
    for path in bad:
        name = os.path.basename(path)
        with open(path[:-5] + ".err") as f:
            want = f.read()
        r = safepg("profile", "check", name, cwd=os.path.dirname(path))
        is_((r.code, r.err), (8, want), "%s: exit 8 and the exact message" % name)
    for path in sorted(glob.glob(os.path.join(DATA, "valid", "*.yaml"))):
        name = os.path.basename(path)
        r = safepg("profile", "check", "-v", name, cwd=os.path.dirname(path))
        is_(r.code, 0, "%s: valid" % name)
        with open(path[:-5] + ".out") as f:
            is_(r.out, "%s: ok\n" % name + f.read(), "%s: effective settings (-v)" % name)

    # every error of several files at once
    r = safepg("profile", "check", "several_errors.yaml", "bad_color.yaml",
               cwd=os.path.join(DATA, "invalid"))
    is_(r.code, 8, "two bad files: exit 8")
    is_(r.err.count("\n"), 6, "  every error of both is shown")

    # --- the default profile
    r = safepg("profile", "default")
    is_(r.code, 0, "profile default: exit 0")
    like(r.out, r"^# safepg built-in default profile", "  prints the built-in profile")
    dflt = os.path.join(tmp, "default.yaml")
    write(dflt, r.out)
    r = safepg("profile", "check", dflt)
    is_((r.code, r.out), (0, dflt + ": ok\n"), "  and it checks clean")

    # --- where the user profile is looked for
    r = safepg("profile", "check")
    is_(r.code, 0, "no profile anywhere: exit 0")
    is_(r.out, "%s/.config/safepg/profile.yaml: not found; the built-in default applies\n"
        % home, "  says the built-in default applies")
    xdg = os.path.join(tmp, "xdg")
    write(os.path.join(xdg, "safepg", "profile.yaml"), GOOD)
    r = safepg("profile", "check", XDG_CONFIG_HOME=xdg)
    is_(r.out, os.path.join(xdg, "safepg", "profile.yaml") + ": ok\n",
        "$XDG_CONFIG_HOME/safepg/profile.yaml is used")
    named = os.path.join(tmp, "named.yaml")
    write(named, GOOD)
    r = safepg("profile", "check", XDG_CONFIG_HOME=xdg, SAFEPG_PROFILE=named)
    is_(r.out, named + ": ok\n", "$SAFEPG_PROFILE wins over XDG")
    r = safepg("profile", "check", SAFEPG_PROFILE=os.path.join(tmp, "missing.yaml"))
    is_(r.code, 8, "$SAFEPG_PROFILE names a missing file: exit 8")
    is_(r.err, "%s: cannot open: No such file or directory\n" % os.path.join(tmp, "missing.yaml"),
        "  cannot open")

    # --- files others could have written
    gw = os.path.join(tmp, "gw.yaml")
    write(gw, GOOD, 0o620)
    r = safepg("profile", "check", gw)
    is_(r.code, 8, "group-writable: exit 8")
    is_(r.err, "%s: writable by group or others; refusing to use it\nhint: chmod go-w %s\n"
        % (gw, gw), "  message and hint")
    write(gw, GOOD, 0o602)
    r = safepg("profile", "check", gw)
    is_(r.code, 8, "world-writable: exit 8")
    write(gw, GOOD, 0o644)
    r = safepg("profile", "check", gw)
    is_(r.code, 0, "group- and world-readable is fine")

    opendir = os.path.join(tmp, "open")
    os.makedirs(opendir)
    os.chmod(opendir, 0o777)
    write(os.path.join(opendir, "p.yaml"), GOOD)
    r = safepg("profile", "check", os.path.join(opendir, "p.yaml"))
    is_(r.code, 8, "in a world-writable directory: exit 8")
    like(r.err, r"its directory .*/open is writable by group or others", "  says so")
    os.chmod(opendir, 0o1777)
    r = safepg("profile", "check", os.path.join(opendir, "p.yaml"))
    is_(r.code, 0, "a sticky directory (like /tmp) is fine")

    link = os.path.join(tmp, "link.yaml")
    os.symlink(os.path.join(opendir, "p.yaml"), link)
    os.chmod(opendir, 0o777)
    r = safepg("profile", "check", link)
    is_(r.code, 8, "a symlink into a world-writable directory: exit 8")

    if os.geteuid() == 0:
        other = os.path.join(tmp, "other.yaml")
        write(other, GOOD)
        os.chown(other, pwd.getpwnam("nobody").pw_uid, -1)
        r = safepg("profile", "check", other)
        is_(r.code, 8, "owned by another user: exit 8")
        is_(r.err, '%s: owned by user "nobody", not by you or root; refusing to use it\n'
            "hint: use a copy you own, with chmod go-w\n" % other, "  message and hint")
    else:
        # a file of root's, as an ordinary user, is fine (ssh does the same)
        r = safepg("profile", "check", "/etc/passwd")
        ok(r.code == 8 and "owned" not in r.err, "a root-owned file is not refused for its owner")

    r = safepg("profile", "check", tmp)
    is_((r.code, r.err), (8, "%s: not a regular file\n" % tmp), "a directory: exit 8")

    big = os.path.join(tmp, "big.yaml")
    write(big, GOOD + "#" * (1024 * 1024 + 1) + "\n")
    r = safepg("profile", "check", big)
    is_(r.code, 8, "over 1 MiB: exit 8")

    # --- the system floor
    floor = os.path.join(tmp, "floor.yaml")
    write(floor, "version: 1\nenvironments: {}\nbogus: 1\n")
    r = safepg("profile", "check", SAFEPG_SYSTEM_PROFILE=floor)
    is_(r.code, 8, "an invalid system floor: exit 8")
    like(r.err, r'floor\.yaml:3:1: unknown key "bogus"', "  its error")

    # --- the man page's profiles are real: the built-in default it shows is
    # the built-in default, and the annotated example is valid
    with open(os.path.join(TOP, "man", "safepg-profile.5")) as f:
        man = f.read()

    def literal_after(heading):
        part = man[man.index(heading):]
        body = part[part.index(".Bd -literal"):]
        body = body[body.index("\n") + 1:body.index("\n.Ed\n")]
        return body.replace("\\e", "\\") + "\n"

    shown = os.path.join(tmp, "man-default.yaml")
    write(shown, literal_after(".Sh BUILT-IN DEFAULT"))
    a = safepg("profile", "check", "-v", shown)
    b = safepg("profile", "check", "-v", dflt)
    ok(a.code == 0 and "environment production" in a.out, "the man page's default loads")
    is_(a.out.split("\n", 1)[1:], b.out.split("\n", 1)[1:],
        "safepg-profile(5) shows the built-in default as it is")
    example = os.path.join(tmp, "man-example.yaml")
    write(example, literal_after(".Sh EXAMPLES"))
    r = safepg("profile", "check", example)
    is_((r.code, r.err), (0, ""), "safepg-profile(5): the annotated example is valid")

    # --- usage
    r = safepg("profile")
    is_(r.code, 1, "profile without a command: exit 1")
    r = safepg("profile", "frobnicate")
    is_(r.code, 1, "unknown command: exit 1")
    like(r.err, r'unknown command "frobnicate"', "  says so")
finally:
    subprocess.run(["chmod", "-R", "u+rwx", tmp])
    shutil.rmtree(tmp, ignore_errors=True)

done()
