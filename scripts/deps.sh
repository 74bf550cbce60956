#!/bin/sh
# SPDX-License-Identifier: PostgreSQL
# deps.sh: install the Debian packages that building and testing safepg need,
# when any is missing.  Used by `make check`, `make demo` and .ci/run.
# Set SAFEPG_NO_INSTALL=1 to only report what is missing.
set -eu
PKGS="build-essential pkg-config clang libpq-dev libssl-dev libreadline-dev libyaml-dev
libpg-query-dev libprotobuf-c-dev postgresql postgresql-client postgresql-contrib
python3 perl groff-base util-linux time"
missing=
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case $st in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
echo "deps: missing Debian packages:$missing"
if [ "${SAFEPG_NO_INSTALL:-}" = 1 ]; then exit 1; fi
if [ "$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; else
	echo "deps: run as root, or install them: apt-get install -y$missing" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
