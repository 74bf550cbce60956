#!/bin/sh
# SPDX-License-Identifier: PostgreSQL
# run.sh: `make bench` — safepg against psql on one throwaway server, in one
# run, written to bench/RESULTS.md (see bench/run.py).
set -eu
cd "$(dirname "$0")/.."
"${PYTHON:-python3}" bench/run.py "$@"
