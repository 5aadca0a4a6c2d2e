#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test.sh - run every test suite; the last line is "N passed, M failed".
#
# Run by `make test` from the repository root after the binaries are built.
# Suites, in order: unit tests, golden cases, k8s-validate on every golden
# manifest (one call), the libfyaml re-parse of the same files, then every
# scripts/test-*.sh.  Each suite's last "N passed, M failed[, K skipped]"
# line is counted (k8s-validate: its "N valid, M invalid" summary, one unit
# per document).  Suites that need ../shared (the upstream examples and CRDs,
# k8s-validate, the real-world corpus) report themselves skipped where it is
# absent, as in a bare clone of the repository.
# A suite that exits non-zero without reporting a failure, or prints no count,
# counts as 1 failed.  A failing suite's whole output is shown.

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL

K8S_VALIDATE=../shared/tools/k8s-validate/run.sh

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-test.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

total_pass=0
total_fail=0
total_skip=0

# count NAME RC POSITIVE NEGATIVE: add the suite whose output is in $tmp/out
# and exit status RC; POSITIVE/NEGATIVE are the words of its summary line
count() {
	name=$1 rc=$2 pos=$3 neg=$4
	line=$(grep "[0-9] $pos, [0-9][0-9]* $neg" "$tmp/out" | tail -n 1)
	counts=$(printf ' %s\n' "$line" |
		sed -n "s/^.*[^0-9]\([0-9][0-9]*\) $pos, \([0-9][0-9]*\) $neg.*\$/\1 \2/p")
	if [ -z "$counts" ]; then
		cat "$tmp/out"
		echo "$name: no result line (exit status $rc): 0 passed, 1 failed"
		total_fail=$((total_fail + 1))
		return
	fi
	p=${counts% *}
	f=${counts#* }
	k=$(printf '%s\n' "$line" | sed -n 's/^.*, \([0-9][0-9]*\) skipped.*$/\1/p')
	total_skip=$((total_skip + ${k:-0}))
	silent=false
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or failed without saying so
		silent=true
	fi
	if [ "$f" -ne 0 ]; then
		cat "$tmp/out" # ends with $line for the passed/failed suites
		[ "$pos" = passed ] || echo "$name: $p passed, $f failed (documents)"
	elif [ "$pos" = passed ]; then
		echo "$line"
	else
		echo "$name: $p passed, $f failed (documents)"
	fi
	if $silent; then
		echo "$name: exit status $rc without a failure count: counted as 1 failed"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

# suite NAME CMD...: run CMD and count its "N passed, M failed" line
suite() {
	name=$1
	shift
	"$@" >"$tmp/out" 2>&1
	count "$name" $? passed failed
}

# (a) unit tests, (b) golden cases
suite unit ./cmd/unit/unit
suite golden ./cmd/golden/golden ./flinkc testdata golden

# every golden stream of Kubernetes objects (help and version texts are not)
set --
for f in golden/*/out.yaml; do
	case "$(head -c 11 "$f")" in
	apiVersion:|"{"*apiVer) set -- "$@" "$f" ;;
	esac
done

# (c) strict Kubernetes schema validation, one call for all files.  Not -q:
# that drops the summary line when every document is valid; the per-document
# "OK" lines are filtered out instead.
if [ ! -f "$K8S_VALIDATE" ]; then
	echo "k8s-validate: skipped (no $K8S_VALIDATE): 0 passed, 0 failed, 1 skipped"
	total_skip=$((total_skip + 1))
elif [ $# -eq 0 ]; then
	echo "k8s-validate: 0 passed, 0 failed (no golden manifests)"
else
	bash "$K8S_VALIDATE" "$@" >"$tmp/raw" 2>&1
	rc=$?
	grep -v ': OK$' "$tmp/raw" >"$tmp/out"
	count k8s-validate $rc valid invalid
fi

# (d) the same files through libfyaml
suite reparse ./cmd/golden/reparse "$@"

# (e) further suites
for t in scripts/test-*.sh; do
	[ -f "$t" ] || continue
	name=${t#scripts/}
	suite "${name%.sh}" sh "$t"
done

if [ "$total_skip" -ne 0 ]; then
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ]
