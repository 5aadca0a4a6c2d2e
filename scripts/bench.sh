#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench.sh - `make bench`: how fast flinkc renders, against the floor and a peer.
#
# Fleets (generated here, deterministic):
#   apps N      N FlinkDeployments, one per file: native application clusters
#               with HA, a pod template and nested configuration
#   sessions N  N session clusters, each with one FlinkSessionJob, one file each
# For each size it prints whole-process figures (bench/runs: median of RUNS
# runs after one warm-up, five times as many up to 100 jobs; peak resident
# memory of any run):
#   flinkc      ./flinkc render DIR > /dev/null (the stream is kept from a
#               run before, for the floor and the object count)
#   floor       bench/floor: parse the inputs with libyaml events, write the
#               output bytes; the least any renderer does (ratio flinkc/floor:
#               run in turn with flinkc, the median of the pairs' ratios)
#   kustomize   kubectl kustomize re-serializing flinkc's own output, up to
#               KUSTOMIZE_MAX jobs (ratio kustomize/flinkc)
# Targets (issue 11): 1 job <= 1.3x floor; 10,000 jobs <= 1 s and <= 3x floor;
# t(10k)/t(1k) <= 11; peak memory flat in N.
set -eu

RUNS=${RUNS:-5}
APPS=${APPS:-"1 100 1000 10000"}
SESSIONS=${SESSIONS:-"1000 2000 4000 8000"}
KUSTOMIZE_MAX=${KUSTOMIZE_MAX:-100}
FLINKC=${FLINKC:-./flinkc}
dir=build/bench
mkdir -p "$dir"
CC=${CC:-cc}
$CC -O2 -o "$dir/runs" bench/runs.c
$CC -O2 -o "$dir/floor" bench/floor.c $(pkg-config --cflags --libs yaml-0.1 2>/dev/null || echo -lyaml)

gen_apps() { # N OUTDIR
	rm -rf "$2" && mkdir -p "$2"
	awk -v n="$1" -v out="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			f = sprintf("%s/job-%05d.yaml", out, i)
			printf "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n" > f
			printf "metadata:\n  name: job-%05d\n  namespace: team-%d\n", i, i % 10 > f
			printf "spec:\n  image: flink:2.2\n  flinkVersion: v2_2\n  serviceAccount: flink\n" > f
			printf "  flinkConfiguration:\n    taskmanager.numberOfTaskSlots: 2\n" > f
			printf "    state: {savepoints.dir: \"s3://b/sp/%d\", checkpoints.dir: \"s3://b/cp/%d\"}\n", i, i > f
			printf "    high-availability: {type: kubernetes, storageDir: \"s3://b/ha/%d\"}\n", i > f
			printf "  podTemplate:\n    spec:\n      containers:\n      - name: flink-main-container\n" > f
			printf "        volumeMounts: [{mountPath: /data, name: data}]\n" > f
			printf "      volumes: [{name: data, emptyDir: {}}]\n" > f
			printf "  jobManager:\n    resources: {requests: {memory: 2048m, cpu: \"1\"}}\n" > f
			printf "  taskManager:\n    resources: {requests: {memory: 4096m, cpu: \"2\"}}\n" > f
			printf "  job:\n    jarURI: local:///opt/flink/usrlib/job-%d.jar\n    parallelism: 4\n", i > f
			printf "    upgradeMode: stateless\n" > f
			close(f)
		}
	}'
}

gen_sessions() { # N OUTDIR
	rm -rf "$2" && mkdir -p "$2"
	awk -v n="$1" -v out="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			f = sprintf("%s/s-%05d.yaml", out, i)
			printf "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n" > f
			printf "metadata:\n  name: sess-%05d\n  namespace: team-%d\n", i, i % 10 > f
			printf "spec:\n  image: flink:1.20\n  flinkVersion: v1_20\n  serviceAccount: flink\n" > f
			printf "  jobManager:\n    resource: {memory: 2048m, cpu: 1}\n" > f
			printf "  taskManager:\n    resource: {memory: 2048m, cpu: 1}\n---\n" > f
			printf "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\n" > f
			printf "metadata:\n  name: job-%05d\n  namespace: team-%d\n", i, i % 10 > f
			printf "spec:\n  deploymentName: sess-%05d\n  job:\n", i > f
			printf "    jarURI: https://repo.example.com/jobs/job-%d.jar\n    parallelism: 2\n", i > f
			printf "    upgradeMode: stateless\n" > f
			close(f)
		}
	}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# bench FLEET N: one table row
bench() {
	fleet=$1 n=$2 in=$dir/$1-$2 out=$dir/$1-$2.out
	"gen_$fleet" "$n" "$in"
	# the stream once, for counting and for the floor; then both are timed
	# writing to /dev/null (a disk file would add its page-cache copy to
	# one side only; Argo CD reads the stream from a pipe)
	"$FLINKC" render "$in" >"$out"
	objs=$(grep -c '^kind:' "$out")
	# flinkc and the floor in turn, the ratio the median of the pairs';
	# small fleets take milliseconds: more runs there
	runs=$RUNS
	[ "$n" -gt 100 ] || runs=$((RUNS * 5))
	set -- $("$dir/runs" "$runs" /dev/null "$FLINKC" render "$in" --vs "$dir/floor" "$out" "$in"/*.yaml)
	f_ms=$1 f_kb=$2 fl_ms=$3 x_floor=$5
	k_ms=- k_ratio=-
	if [ "$n" -le "$KUSTOMIZE_MAX" ] && command -v kubectl >/dev/null 2>&1; then
		k=$dir/kust-$fleet-$n
		mkdir -p "$k"
		cp "$out" "$k/objects.yaml"
		printf 'resources:\n- objects.yaml\n' >"$k/kustomization.yaml"
		set -- $("$dir/runs" "$RUNS" /dev/null kubectl kustomize "$k")
		k_ms=$1
		k_ratio=$(ratio "$k_ms" "$f_ms")
		eval "k_floor_${fleet}_$n=$(ratio "$k_ms" "$fl_ms")"
	fi
	printf '%-9s %6s %8s %10s %9s %8s %8s %13s %10s\n' "$fleet" "$n" "$objs" "$f_ms" "$((f_kb / 1024))" \
		"$fl_ms" "$x_floor" "$k_ms" "$k_ratio"
	eval "t_${fleet}_$n=$f_ms x_${fleet}_$n=$x_floor kb_${fleet}_$n=$f_kb k_${fleet}_$n=$k_ratio"
}

# target LABEL VALUE OP LIMIT: one line of the verdicts (issue 11)
target() {
	[ -n "$2" ] && [ "$2" != - ] || return 0
	if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { exit !(op == "<=" ? v <= l : v >= l) }'; then
		verdict=met
	else
		verdict="NOT met"
	fi
	printf '  %-34s %9s %s %-6s %s\n' "$1" "$2" "$3" "$4" "$verdict"
}

printf '%-9s %6s %8s %10s %9s %8s %8s %13s %10s\n' fleet jobs objects "flinkc ms" "peak MB" \
	"floor ms" "x floor" "kustomize ms" "kust/flinkc"
for n in $APPS; do bench apps "$n"; done
for n in $SESSIONS; do bench sessions "$n"; done
# issue 12: a plan of the largest apps fleet (same pipeline, no object written)
for n in $APPS; do last=$n; done
set -- $("$dir/runs" "$RUNS" /dev/null "$FLINKC" plan "$dir/apps-$last")
echo "plan      $last jobs: $1 ms, peak $(($2 / 1024)) MB"
if [ -n "${t_apps_10000:-}" ] && [ -n "${t_apps_1000:-}" ]; then
	echo "t(10k)/t(1k) apps: $(ratio "$t_apps_10000" "$t_apps_1000")"
fi
if [ -n "${t_sessions_8000:-}" ] && [ -n "${t_sessions_1000:-}" ]; then
	echo "t(8k)/t(1k) sessions: $(ratio "$t_sessions_8000" "$t_sessions_1000") (8 for linear)"
fi
echo "targets (issue 11), from this run:"
target "1 job, x floor" "${x_apps_1:-}" "<=" 1.3
target "10,000 jobs, ms" "${t_apps_10000:-}" "<=" 1000
target "10,000 jobs, x floor" "${x_apps_10000:-}" "<=" 3
if [ -n "${t_apps_10000:-}" ] && [ -n "${t_apps_1000:-}" ]; then
	target "t(10k)/t(1k)" "$(ratio "$t_apps_10000" "$t_apps_1000")" "<=" 11
fi
if [ -n "${kb_apps_10000:-}" ]; then
	target "10,000 jobs, peak MB" "$((kb_apps_10000 / 1024))" "<=" 32
fi
target "100 jobs, kustomize / flinkc" "${k_apps_100:-}" ">=" 100
if [ -n "${k_floor_apps_100:-}" ]; then
	echo "  (kustomize / floor at 100 jobs: ${k_floor_apps_100}, the most any renderer reaches here)"
fi
echo "median of $RUNS runs each after one warm-up ($((RUNS * 5)) up to 100 jobs), flinkc and the floor in turn;"
echo "x floor: the median of the paired runs' ratios (bench/runs --vs); kustomize up to KUSTOMIZE_MAX=$KUSTOMIZE_MAX jobs"
