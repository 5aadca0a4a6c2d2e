#!/bin/sh
# bench.sh - `make bench`: how fast flinkc renders, against the floor and a peer.
#
# For N = 1, 100, 1000 and 5000 FlinkDeployments (native application
# clusters with HA, pod templates and nested configuration), it times:
#   flinkc     ./flinkc render DIR > out.yaml            (process start included)
#   floor      cat of the inputs and of the output bytes (reading + writing, nothing else)
#   kustomize  kubectl kustomize over the rendered objects (a peer that only
#              re-serializes the same objects; skipped when kubectl is absent)
# Each figure is the median of RUNS runs (default 5) of the whole process.
set -eu

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1 100 1000 5000"}
FLINKC=${FLINKC:-./flinkc}
dir=build/bench
mkdir -p "$dir"

gen() { # gen N OUTDIR: N FlinkDeployments, one per file
	n=$1 out=$2
	rm -rf "$out" && mkdir -p "$out"
	awk -v n="$n" -v out="$out" 'BEGIN {
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
			printf "    upgradeMode: savepoint\n" > f
			close(f)
		}
	}'
}

now_ns() { date +%s%N; }

# median wall time in ms of RUNS runs of "$@" (stdout to /dev/null)
median_ms() {
	i=0 ts=""
	while [ $i -lt "$RUNS" ]; do
		t0=$(now_ns)
		"$@" >/dev/null
		t1=$(now_ns)
		ts="$ts $(( (t1 - t0) / 1000 ))"
		i=$((i + 1))
	done
	echo $ts | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'
}

floor() { cat "$1"/*.yaml "$2" >/dev/null; }

printf '%-6s %10s %12s %10s %12s %12s\n' jobs "flinkc ms" "jobs/s" "floor ms" "kustomize ms" "objects"
for n in $SIZES; do
	in=$dir/in-$n
	gen "$n" "$in"
	"$FLINKC" render "$in" >"$dir/out-$n.yaml"
	objs=$(grep -c '^kind:' "$dir/out-$n.yaml")
	f_ms=$(median_ms "$FLINKC" render "$in")
	fl_ms=$(median_ms floor "$in" "$dir/out-$n.yaml")
	k_ms=-
	if command -v kubectl >/dev/null 2>&1 && [ "$n" -le "${KUSTOMIZE_MAX:-100}" ]; then
		k=$dir/kust-$n
		mkdir -p "$k"
		cp "$dir/out-$n.yaml" "$k/objects.yaml"
		printf 'resources:\n- objects.yaml\n' >"$k/kustomization.yaml"
		k_ms=$(median_ms kubectl kustomize "$k")
	fi
	rate=$(awk -v n="$n" -v ms="$f_ms" 'BEGIN { printf "%.0f", (ms > 0 ? n * 1000 / ms : 0) }')
	printf '%-6s %10s %12s %10s %12s %12s\n' "$n" "$f_ms" "$rate" "$fl_ms" "$k_ms" "$objs"
done
echo "median of $RUNS runs each; kustomize only up to KUSTOMIZE_MAX=${KUSTOMIZE_MAX:-100} jobs (it is quadratic, facts/yaml-libraries.md §3)"
