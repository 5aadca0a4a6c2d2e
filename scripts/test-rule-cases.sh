#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-rule-cases.sh - every operator-rule code has a golden case.
#
# Run by scripts/test.sh from the repository root.  Looks only at the
# golden files of the cases testdata/rule-*, not at ./flinkc:
#  1. every code E0301-E0332, E0341-E0351, E0361, E0362 is reported as an
#     error in at least one golden/rule-*/stderr, except the codes listed in
#     UNTRIGGERABLE below, which must appear in none (so that the list stays
#     true when one becomes reachable);
#  2. every case shows what its name says: golden/rule-<CODE>-*/stderr holds
#     error[<CODE>], and a case named rule-<CODE>-...-shadowed-<E06xx> (the
#     built-in schema reports the defect at the rule's spot) holds
#     error[<E06xx>] and not error[<CODE>].
# Last line: "rule-cases: N passed, M failed".

set -u
cd "$(dirname "$0")/.." || exit 3

# Codes no input file can trigger, one per line: CODE reason.
# E0349: flinkc finds a session job's target by namespace and
# metadata.name == spec.deploymentName, so a target found always has the
# session job's deploymentName as its name (no target: W0701).
UNTRIGGERABLE='E0349 target found by its name, which is deploymentName'

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

set -- golden/rule-*/stderr
if [ ! -f "$1" ]; then
	echo "FAIL no golden/rule-*/stderr"
	echo "rule-cases: 0 passed, 1 failed"
	exit 1
fi

codes=
n=301
while [ "$n" -le 332 ]; do codes="$codes E0$n"; n=$((n + 1)); done
n=341
while [ "$n" -le 351 ]; do codes="$codes E0$n"; n=$((n + 1)); done
codes="$codes E0361 E0362"

# 1. each code in some case (an untriggerable one in none)
for code in $codes; do
	reason=$(printf '%s\n' "$UNTRIGGERABLE" | sed -n "s/^$code //p")
	found=$(grep -l "error\[$code\]" "$@" | head -n 1)
	if [ -n "$reason" ]; then
		if [ -z "$found" ]; then
			ok
		else
			bad "$code is listed as untriggerable ($reason), but $found reports it"
		fi
	elif [ -n "$found" ]; then
		ok
	else
		bad "$code: no golden/rule-*/stderr reports error[$code]"
	fi
done

# 2. each case shows the code of its name
for d in golden/rule-*/; do
	name=${d#golden/}
	name=${name%/}
	f=${d}stderr
	code=$(printf '%s\n' "$name" | sed -n 's/^rule-\(E[0-9][0-9][0-9][0-9]\)-.*/\1/p')
	shadow=$(printf '%s\n' "$name" | sed -n 's/.*-shadowed-\(E[0-9][0-9][0-9][0-9]\)$/\1/p')
	if [ -z "$code" ]; then
		bad "$name: not named rule-<CODE>-<what>"
	elif [ ! -f "$f" ]; then
		bad "$name: no $f"
	elif [ -n "$shadow" ]; then
		if grep -q "error\[$shadow\]" "$f" && ! grep -q "error\[$code\]" "$f"; then
			ok
		else
			bad "$name: want error[$shadow] and no error[$code] in $f"
		fi
	elif grep -q "error\[$code\]" "$f"; then
		ok
	else
		bad "$name: no error[$code] in $f"
	fi
done

echo "rule-cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
