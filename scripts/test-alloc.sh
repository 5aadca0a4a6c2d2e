#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-alloc.sh - allocation-failure injection, as SQLite's test_malloc:
# for every command over a small input, run flinkc-faults (flinkc with
# alloc.c built with FC_TEST_FAULTS, see alloc.h) once to count its
# allocations N, then once for every k = 1..N with FC_FAIL_ALLOC_AT=k.  Each
# of those runs must end the one clean way: exit status 3, stderr exactly
# "flinkc: out of memory", nothing on stdout, an output directory as it
# was and no temporary directory left beside it; k = N+1 must behave as
# the uninjected run.  With valgrind installed, one k per command (at two
# thirds of N, after the compile) also runs under memcheck: exit status 3,
# no invalid access, no definitely lost block (ALLOC_VALGRIND=0 skips it).
# FLINKC_FAULTS=build/asan/flinkc-faults (after `make asan`) runs the whole
# sweep under ASan and LSan.
# Final line: "N passed, M failed".
set -u
LC_ALL=C
export LC_ALL
F=${FLINKC_FAULTS:-./flinkc-faults}
VALGRIND=${ALLOC_VALGRIND:-1}
if [ ! -x "$F" ]; then
	echo "alloc: $F not built (make flinkc-faults)"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-alloc.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# a FlinkDeployment with a pod template, a session cluster and a session job
cat >"$tmp/jobs.yaml" <<'YAML'
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: app, namespace: flink}
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  flinkConfiguration: {taskmanager.numberOfTaskSlots: '2', state.checkpoints.dir: 's3://b/cp'}
  podTemplate:
    metadata: {labels: {team: data}}
    spec:
      containers:
        - name: flink-main-container
          env: [{name: A, value: b}]
          volumeMounts: [{name: scratch, mountPath: /scratch}]
      volumes: [{name: scratch, emptyDir: {}}]
  jobManager: {resource: {memory: 2048m, cpu: 1}}
  taskManager: {resource: {memory: 2048m, cpu: 1}}
  job: {jarURI: 'local:///opt/flink/app.jar', parallelism: 2, upgradeMode: stateless}
---
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: session, namespace: flink}
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager: {resource: {memory: 2048m, cpu: 1}}
  taskManager: {resource: {memory: 2048m, cpu: 1}}
---
apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata: {name: job, namespace: flink}
spec:
  deploymentName: session
  job: {jarURI: 'https://example.com/job.jar', parallelism: 1}
YAML

# a defaults document (README "Defaults")
cat >"$tmp/defaults.yaml" <<'YAML'
flinkConfiguration:
  execution.checkpointing.interval: 60s
namespaces:
  flink:
    flinkConfiguration: {taskmanager.memory.managed.fraction: '0.2'}
YAML

"$F" render "$tmp/jobs.yaml" >"$tmp/rendered.yaml" 2>"$tmp/render.err" || {
	cat "$tmp/render.err"
	echo "alloc: the input does not render"
	echo "0 passed, 1 failed"
	exit 1
}
mkdir "$tmp/golden" "$tmp/outparent"
"$F" render -o "$tmp/golden" "$tmp/jobs.yaml" 2>/dev/null
"$F" render -o "$tmp/outparent/out" "$tmp/jobs.yaml" 2>/dev/null
cp -R "$tmp/outparent/out" "$tmp/outref"

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL alloc $name k=$k: $*"
	fail=$((fail + 1))
}
l1= l2=

# sweep NAME ARGS...: the sweep over one command; the output directory
# is checked for the commands that write one
sweep() {
	name=$1
	shift
	w=$tmp/$name
	mkdir "$w"
	case "$*" in
	*" -o "*) outdir=true ;;
	*) outdir=false ;;
	esac
	FC_FAIL_ALLOC_AT=0 "$F" "$@" >"$w/out0" 2>"$w/err0"
	want=$?
	n=$(sed -n 's/^flinkc: \([0-9][0-9]*\) allocations$/\1/p' "$w/err0")
	k=0
	if [ -z "$n" ] || [ "$want" -ge 3 ]; then
		bad "no allocation count or exit status $want"
		cat "$w/err0"
		return
	fi
	k=1
	while [ "$k" -le "$n" ]; do
		FC_FAIL_ALLOC_AT=$k "$F" "$@" >"$w/out" 2>"$w/err"
		rc=$?
		if [ "$rc" -ne 3 ]; then
			bad "exit status $rc, want 3"
		elif ! { read -r l1 && ! read -r l2; } <"$w/err" || [ "$l1" != "flinkc: out of memory" ]; then
			bad "stderr: $(head -c 200 "$w/err")"
		elif [ -s "$w/out" ]; then
			bad "$(wc -c <"$w/out") bytes on stdout"
		elif $outdir && ! diff -r "$tmp/outref" "$tmp/outparent/out" >/dev/null 2>&1; then
			bad "the output directory changed"
		elif $outdir && [ "$(ls -A "$tmp/outparent")" != out ]; then
			bad "left beside the output directory: $(ls -A "$tmp/outparent" | tr '\n' ' ')"
		else
			ok
		fi
		# put the directory back for the next k
		if $outdir && [ "$fail" -ne 0 ]; then
			rm -rf "$tmp/outparent"
			mkdir "$tmp/outparent"
			cp -R "$tmp/outref" "$tmp/outparent/out"
		fi
		k=$((k + 1))
	done
	# one past the last: nothing fails, as the uninjected run
	FC_FAIL_ALLOC_AT=$k "$F" "$@" >"$w/out" 2>/dev/null
	rc=$?
	if [ "$rc" -ne "$want" ] || ! cmp -s "$w/out" "$w/out0"; then
		bad "exit status $rc or stdout differs from the run without failure"
	else
		ok
	fi
	echo "alloc $name: $n allocations, each failed once"
	if [ "$VALGRIND" != 0 ] && command -v valgrind >/dev/null 2>&1; then
		k=$((n - n / 3))
		FC_FAIL_ALLOC_AT=$k valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite --show-leak-kinds=definite \
			"$F" "$@" >/dev/null 2>"$w/vg"
		rc=$?
		if [ "$rc" -ne 3 ]; then
			bad "under valgrind: exit status $rc"
			head -n 30 "$w/vg"
		else
			ok
		fi
	fi
}

# two lanes (two cores); each prints its counts last
lane1() {
	sweep render render "$tmp/jobs.yaml"
	sweep render-outdir render -o "$tmp/outparent/out" --prune --defaults "$tmp/defaults.yaml" "$tmp/jobs.yaml"
	sweep validate validate "$tmp/jobs.yaml"
	sweep hash hash "$tmp/rendered.yaml"
	sweep plan plan "$tmp/jobs.yaml"
	echo "$pass $fail"
}
lane2() {
	sweep render-defaults render --defaults "$tmp/defaults.yaml" "$tmp/jobs.yaml"
	sweep render-json render --format json "$tmp/jobs.yaml"
	sweep diff-live diff --live "$tmp/rendered.yaml" "$tmp/jobs.yaml"
	sweep check check --golden "$tmp/golden" "$tmp/jobs.yaml"
	echo "$pass $fail"
}
lane1 >"$tmp/lane1" 2>&1 &
lane2 >"$tmp/lane2" 2>&1
wait
pass=0 fail=0
for l in "$tmp/lane1" "$tmp/lane2"; do
	sed '$d' "$l"
	set -- $(tail -n 1 "$l")
	pass=$((pass + ${1:-0}))
	fail=$((fail + ${2:-1}))
done
echo "alloc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
