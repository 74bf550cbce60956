#!/bin/sh
# SPDX-License-Identifier: PostgreSQL
# lint.sh: layering and hygiene checks that the compiler cannot make.
#   tests/lint.sh source    every C file opens with SPDX, includes banned.h last;
#                           pure modules (src/core) include no libpq, readline, termios
#   tests/lint.sh headers   pure headers include no libpq, readline, termios
set -eu
cd "$(dirname "$0")/.."
fail=0
err() { echo "lint: $*" >&2; fail=1; }

case ${1:-source} in
source)
	for f in src/*.c src/core/*.c; do
		[ -e "$f" ] || continue
		head -n 1 "$f" | grep -q 'SPDX-License-Identifier' || err "$f: no SPDX line first"
		last=$(grep -n '^#include' "$f" | tail -n 1 | cut -d: -f2-)
		[ "$last" = '#include "safepg/banned.h"' ] || err "$f: banned.h must be the last #include"
	done
	for f in src/core/*.c; do
		[ -e "$f" ] || continue
		if grep -nE '^#include *[<"](libpq-fe\.h|readline/|termios\.h|libpq/)' "$f"; then
			err "$f: a pure module must not include libpq, readline or termios"
		fi
	done
	for f in include/safepg/*.h tests/unit/*.c tests/unit/*.h fuzz/*.c; do
		[ -e "$f" ] || continue
		head -n 1 "$f" | grep -q 'SPDX-License-Identifier' || err "$f: no SPDX line first"
	done
	;;
headers)
	# A header is pure when its module lives in src/core.
	for f in src/core/*.c; do
		[ -e "$f" ] || continue
		h=include/safepg/$(basename "$f" .c).h
		[ -e "$h" ] || continue
		if grep -nE '^#include *[<"](libpq-fe\.h|readline/|termios\.h)' "$h"; then
			err "$h: a pure header must not include libpq, readline or termios"
		fi
	done
	;;
*) echo "usage: $0 source|headers" >&2; exit 2 ;;
esac
exit $fail
