#!/bin/sh
# SPDX-License-Identifier: PostgreSQL
# demo.sh: run scripts/demo.py with the system Python (see there).
exec "${PYTHON:-python3}" "$(dirname "$0")/demo.py" "$@"
