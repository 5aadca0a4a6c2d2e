#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-schema-crds.sh - every upstream example against every upstream CRD.
#
# Run by scripts/test.sh from the repository root.  Only the schema codes
# (E06xx) are looked at, so changes to the operator rules do not matter here:
#   main CRDs      every example passes, except the two unknown-field
#                  fixtures, which fail with E0608 exactly on the lines that
#                  hold unknownField;
#   release-1.15.0 every example with jobManager/taskManager `resources`
#                  fails with E0608 on each of those lines naming
#                  spec.<jobManager|taskManager>.resources; the others pass
#                  (the unknown-field fixtures aside);
#   pre-flink-configuration-yaml (flinkConfiguration map<string,string>)
#                  every FlinkDeployment example with a nested
#                  flinkConfiguration fails with one E0603 per nested key
#                  (spec.flinkConfiguration.<key>: expected string, got object).
# Last line: "schema-crds: N passed, M failed".

set -u
cd "$(dirname "$0")/.." || exit 3

FLINKC=${FLINKC:-./flinkc}
E=../shared/upstream/operator/examples
C=../shared/upstream/operator/crds
if [ ! -d "$E" ] || [ ! -d "$C" ]; then
	echo "schema-crds: skipped (no $C)"
	echo "schema-crds: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-schema-crds.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	sed 's/^/    /' "$tmp/e06"
}

# validate FILE against the CRD files given after it; the E06xx errors go to $tmp/e06
run() {
	f=$1
	shift
	set --
	for c in $crds; do set -- "$@" --crd "$C/$c"; done
	"$FLINKC" validate "$@" "$f" >/dev/null 2>"$tmp/err"
	rc=$?
	grep 'error\[E06' "$tmp/err" >"$tmp/e06"
	if [ "$rc" -gt 1 ]; then
		echo "exit status $rc" >>"$tmp/e06"
		cat "$tmp/err" >>"$tmp/e06"
		return 1
	fi
	return 0
}

# the line numbers of FILE matching the regular expression RE, one per line
lines_of() { grep -n "$2" "$1" | cut -d: -f1; }

# the line numbers of the E06xx errors with code CODE whose message contains TEXT
errors_at() { grep "error\[$1\]: .*$2" "$tmp/e06" | sed 's/^[^:]*:\([0-9]*\):.*/\1/'; }

is_unknown_fixture() {
	case $1 in
	*test-deployment-with-unknown-fields.yaml | *test-session-job-with-unknown-fields.yaml) return 0 ;;
	esac
	return 1
}

# main CRDs
crds="flinkdeployments.flink.apache.org-v1.yml flinksessionjobs.flink.apache.org-v1.yml"
for f in "$E"/*.yaml; do
	name="main: ${f##*/}"
	run "$f" || { bad "$name"; continue; }
	if is_unknown_fixture "$f"; then
		want=$(lines_of "$f" 'unknownField:')
		got=$(errors_at E0608 'unknown field "unknownField"')
		if [ -n "$want" ] && [ "$want" = "$got" ] && [ "$(wc -l <"$tmp/e06")" -eq "$(echo "$want" | wc -l)" ]; then
			ok
		else
			bad "$name (want E0608 on lines $(echo $want))"
		fi
	elif [ -s "$tmp/e06" ]; then
		bad "$name"
	else
		ok
	fi
done

# release-1.15.0 CRDs
crds="release-1.15.0_flinkdeployments.flink.apache.org-v1.yml release-1.15.0_flinksessionjobs.flink.apache.org-v1.yml"
for f in "$E"/*.yaml; do
	name="release-1.15.0: ${f##*/}"
	run "$f" || { bad "$name"; continue; }
	want=$(lines_of "$f" '^    resources:')
	if [ -n "$want" ]; then
		got=$(errors_at E0608 'spec\.\(jobManager\|taskManager\)\.resources: unknown field "resources"')
		if [ "$want" = "$got" ]; then ok; else bad "$name (want E0608 on lines $(echo $want))"; fi
	elif is_unknown_fixture "$f"; then
		if grep -v 'unknownField' "$tmp/e06" | grep -q .; then bad "$name"; else ok; fi
	elif [ -s "$tmp/e06" ]; then
		bad "$name"
	else
		ok
	fi
done

# the CRD from before nested flinkConfiguration (operator < 1.13)
crds="api-test-resources_pre-flink-configuration-yaml-crd.yml"
for f in "$E"/*.yaml; do
	grep -q '^kind: FlinkDeployment' "$f" || continue
	# the keys under a FlinkDeployment's flinkConfiguration that open a nested block
	nested=$(awk '/^kind:/ { fd = ($2 == "FlinkDeployment") }
		/^  flinkConfiguration:/ { in_conf = fd; next }
		in_conf && /^  [^ ]/ { in_conf = 0 }
		in_conf && /^    [^ #][^:]*:[ ]*$/ { print FNR }' "$f")
	[ -n "$nested" ] || continue
	name="pre-flink-configuration: ${f##*/}"
	run "$f" || { bad "$name"; continue; }
	want=$(echo "$nested" | wc -w)
	got=$(grep -c 'error\[E0603\]: spec\.flinkConfiguration[.[][^:]*: expected string, got object' "$tmp/e06")
	if [ "$want" -eq "$got" ]; then ok; else bad "$name (want $want E0603 for nested keys, got $got)"; fi
done

echo "schema-crds: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
