#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-mutations.sh - the schema mutation corpus (scripts/test-mutations.py).
#
# Runs ./flinkc validate on a few hundred variants of the upstream examples
# (unknown and misspelt fields at every depth, wrong types, bad enum values,
# out-of-range numbers, removed required fields) and checks each is
# rejected with an error on the mutated line.  Needs the schema engine:
# until `flinkc validate` rejects an unknown field, it reports
# "mutations: 0 passed, 0 failed (needs schema engine)".
# Last line: "mutations: N passed, M failed".
set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL

if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "mutations: 0 passed, 0 failed (needs python3 with PyYAML)"
	exit 0
fi
exec python3 scripts/test-mutations.py "$@"
