#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-bare-clone.sh - `make test` passes in a copy of the repository that
# has no ../shared beside it, as anyone gets it from a Git host.
#
# Copies the tracked files (as they are in the work tree) into a temporary
# directory without a ../shared, builds there and runs scripts/test.sh.
# Checks that it ends with 0 failed, that some suites ran and that the
# suites needing ../shared said they were skipped.  The copy's own run of
# this suite is skipped (FLINKC_BARE_CLONE is set), so it does not recurse.
# Last line: "bare-clone: N passed, M failed".
set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL

if [ -n "${FLINKC_BARE_CLONE:-}" ]; then
	echo "bare-clone: skipped (already inside a bare copy)"
	echo "bare-clone: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-bare.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
t() {
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name"
	fi
}

# tracked files only: build products and local files stay behind
mkdir "$tmp/flinkc"
git ls-files -z | xargs -0 cp --parents -t "$tmp/flinkc" 2>"$tmp/cp.err"
t "copy the tracked files" [ ! -s "$tmp/cp.err" ]

(cd "$tmp/flinkc" && FLINKC_BARE_CLONE=1 make -s -j2 test) >"$tmp/out" 2>&1
rc=$?
last=$(tail -n 1 "$tmp/out")
echo "inside a bare copy: $last"
t "make test exits 0 (status $rc)" [ "$rc" -eq 0 ]
t "last line is 'N passed, 0 failed, K skipped'" \
	sh -c 'echo "$1" | grep -Eq "^[1-9][0-9]* passed, 0 failed, [1-9][0-9]* skipped$"' - "$last"
for s in golden k8s-validate schema-crds mutations; do
	t "suite $s says it was skipped" grep -q "^$s: .*skipped" "$tmp/out"
done
[ "$fail" -eq 0 ] || tail -n 40 "$tmp/out"

echo "bare-clone: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
