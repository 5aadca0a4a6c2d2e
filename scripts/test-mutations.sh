#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-mutations.sh - the schema mutation corpus (scripts/test-mutations.py).
#
# Runs ./flinkc validate on a few hundred variants of the upstream examples
# (unknown and misspelt fields at every depth, wrong types, bad enum values,
# out-of-range numbers, removed required fields) and checks each is
# rejected with an error on the mutated line.  If `flinkc validate`
# accepts a plain unknown field, the whole suite fails at once.
# Last line: "mutations: N passed, M failed".
set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL

if [ ! -d ../shared/upstream/operator/examples ]; then
	echo "mutations: skipped (no ../shared/upstream/operator/examples)"
	echo "mutations: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

# a Python with PyYAML: the one on PATH, else Debian's (scripts/deps.sh
# installs python3-yaml); without one the suite fails rather than vanish
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import yaml' 2>/dev/null; then
		exec "$py" scripts/test-mutations.py "$@"
	fi
done
echo "mutations: 0 passed, 1 failed (no python3 with PyYAML; run scripts/deps.sh)"
exit 1
