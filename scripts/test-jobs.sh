#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-jobs.sh - `-j N` gives the same bytes as `-j 1` (issue 11 item 4).
#
# Worker threads compile input files side by side and the main thread adds
# their results in input order (compile.c), so stdout, stderr and the exit
# status must not depend on N.  Compared for -j 1, -j 2 and -j 7 (more
# workers than this machine has processors, so units finish out of order):
#   fleet       a generated fleet: 300 application clusters (HA, pod
#               templates), 60 session clusters each with a session job in a
#               separate file (targets across units), ServiceAccounts of
#               the inputs that replace flinkc's (adoption across units), a
#               ConfigMap passed through
#   collisions  the fleet plus a file that renders an object twice (E0501
#               across units) and one with a schema error and a session job
#               naming a missing deployment
#   commands    render --format json, validate, check, plan (each unit's plan
#               is merged in input order, fc_plan_take) on the fleet
#   upstream    every example of ../shared/upstream and ../shared/realworld
#               together in one run (errors and all), when ../shared is there
#   tsan        fleet, plan and collisions again with flinkc built with
#               ThreadSanitizer (make tsan), which stops at any data race
# Last line: "jobs: N passed, M failed".

set -u
cd "$(dirname "$0")/.." || exit 3

FLINKC=${FLINKC:-./flinkc}
pass=0 fail=0
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# same NAME ARGS...: the outputs of -j 1, -j 2 and -j 7 are byte-identical
same() {
	name=$1
	shift
	for j in 1 2 7; do
		"$FLINKC" "$@" -j "$j" >"$tmp/out.$j" 2>"$tmp/err.$j"
		echo $? >"$tmp/rc.$j"
	done
	for j in 2 7; do
		if cmp -s "$tmp/out.1" "$tmp/out.$j" && cmp -s "$tmp/err.1" "$tmp/err.$j" &&
			cmp -s "$tmp/rc.1" "$tmp/rc.$j"; then
			ok
		else
			bad "$name: -j $j differs from -j 1"
			diff "$tmp/out.1" "$tmp/out.$j" | head -5
			diff "$tmp/err.1" "$tmp/err.$j" | head -5
		fi
	done
}

fleet="$tmp/fleet"
mkdir -p "$fleet"
awk -v out="$fleet" 'BEGIN {
	for (i = 0; i < 300; i++) {
		f = sprintf("%s/app-%03d.yaml", out, i)
		printf "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n" > f
		printf "metadata:\n  name: app-%03d\n  namespace: team-%d\n", i, i % 7 > f
		printf "spec:\n  image: flink:1.20\n  flinkVersion: v1_20\n  serviceAccount: sa-%d\n", i % 5 > f
		printf "  flinkConfiguration:\n    taskmanager.numberOfTaskSlots: \"%d\"\n", 1 + i % 4 > f
		printf "    high-availability.type: kubernetes\n    high-availability.storageDir: s3://b/ha/%d\n", i > f
		printf "    state.savepoints.dir: s3://b/sp/%d\n    state.checkpoints.dir: s3://b/cp/%d\n", i, i > f
		printf "  podTemplate:\n    spec:\n      containers:\n      - name: flink-main-container\n" > f
		printf "        volumeMounts: [{mountPath: /data, name: data}]\n      volumes: [{name: data, emptyDir: {}}]\n" > f
		printf "  jobManager:\n    resource: {memory: 2048m, cpu: 1}\n" > f
		printf "  taskManager:\n    resource: {memory: 4096m, cpu: 2}\n" > f
		printf "  job:\n    jarURI: local:///opt/flink/usrlib/job-%d.jar\n    parallelism: %d\n", i, 2 + i % 8 > f
		printf "    upgradeMode: %s\n", (i % 3 == 0 ? "savepoint" : "stateless") > f
		close(f)
	}
	for (i = 0; i < 60; i++) {
		f = sprintf("%s/sess-%03d.yaml", out, i)
		printf "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n" > f
		printf "metadata:\n  name: sess-%03d\n  namespace: team-%d\n", i, i % 7 > f
		printf "spec:\n  image: flink:1.20\n  flinkVersion: v1_20\n  serviceAccount: flink\n" > f
		printf "  flinkConfiguration:\n    state.savepoints.dir: s3://b/sess/%d\n", i > f
		printf "    state.checkpoints.dir: s3://b/sess-cp/%d\n", i > f
		printf "  jobManager:\n    resource: {memory: 2048m, cpu: 1}\n" > f
		printf "  taskManager:\n    resource: {memory: 2048m, cpu: 1}\n" > f
		close(f)
		f = sprintf("%s/zz-job-%03d.yaml", out, i)
		printf "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\n" > f
		printf "metadata:\n  name: job-%03d\n  namespace: team-%d\n", i, i % 7 > f
		printf "spec:\n  deploymentName: sess-%03d\n  job:\n", i > f
		printf "    jarURI: https://repo.example.com/jobs/job-%d.jar\n    parallelism: 2\n", i > f
		printf "    upgradeMode: %s\n", (i % 2 ? "savepoint" : "stateless") > f
		close(f)
	}
	for (i = 0; i < 7; i++) {
		f = sprintf("%s/sa-team-%d.yaml", out, i)
		printf "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-1\n  namespace: team-%d\n", i > f
		printf "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: team-%d\n", i > f
		printf "data:\n  k: v%d\n", i > f
		close(f)
	}
}'

same "fleet render" render "$fleet"
if [ "$(cat "$tmp/rc.1")" = 0 ] && [ "$(grep -c '^kind: Deployment$' "$tmp/out.1")" = 360 ]; then
	ok
else
	bad "fleet: expected it to render 360 Deployments"
	head -5 "$tmp/err.1"
fi
same "fleet render --format json" render --format json "$fleet"
same "fleet validate" validate "$fleet"
"$FLINKC" render -o "$tmp/golden" "$fleet" >/dev/null 2>&1
rm "$tmp/golden/team-3/deployment.apps_app-010.yaml" && echo changed >>"$tmp/golden/team-3/service_app-010-rest.yaml" || bad "fleet: render -o wrote no team-3/deployment.apps_app-010.yaml"
same "fleet check" check --golden "$tmp/golden" "$fleet"
same "fleet plan" plan "$fleet"

coll="$tmp/coll"
cp -r "$fleet" "$coll"
cat >"$coll/app-150-dup.yaml" <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: app-150-rest
  namespace: team-3
spec:
  ports: [{port: 8081}]
EOF
cat >"$coll/broken.yaml" <<'EOF'
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: Broken_Name
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager: {resource: {memory: 2048m, cpu: one}}
  taskManager: {resource: {memory: 2048m, cpu: 1}}
---
apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata:
  name: orphan
spec:
  deploymentName: nowhere
  job: {jarURI: "https://repo.example.com/x.jar", parallelism: 1, upgradeMode: stateless}
EOF
same "collisions render" render --max-errors 1000 "$coll"
# the cases are what they claim: a duplicate across files, a missing target
if grep -q "E0501" "$tmp/err.1" && grep -q "nowhere" "$tmp/err.1" && [ ! -s "$tmp/out.1" ]; then
	ok
else
	bad "collisions: expected E0501 and the missing session-job target, nothing on stdout"
fi
same "collisions validate --error-format json" validate --error-format json "$coll"

if [ -d ../shared/upstream ] && [ -d ../shared/realworld ]; then
	same "upstream and realworld" render ../shared/upstream ../shared/realworld
	same "upstream and realworld, sarif" validate --error-format sarif ../shared/upstream ../shared/realworld
else
	echo "jobs: upstream and realworld skipped (no ../shared)"
fi

# the same under ThreadSanitizer (make tsan): any data race fails the run
if make -s tsan >"$tmp/tsan.log" 2>&1 && [ -x build/tsan/flinkc ]; then
	FLINKC_PLAIN=$FLINKC
	FLINKC=build/tsan/flinkc
	export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
	same "tsan: fleet render" render "$fleet"
	same "tsan: fleet plan" plan "$fleet"
	same "tsan: collisions render" render --max-errors 1000 "$coll"
	unset TSAN_OPTIONS
	FLINKC=$FLINKC_PLAIN
else
	echo "jobs: no ThreadSanitizer build (make tsan); its checks skipped"
	tail -3 "$tmp/tsan.log"
fi

# -j is checked: a bad value is a usage error
"$FLINKC" render -j x "$fleet" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "worker threads" "$tmp/err"; then ok; else bad "-j x: exit $rc"; fi
FLINKC_JOBS=65 "$FLINKC" render "$fleet" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "FLINKC_JOBS" "$tmp/err"; then ok; else bad "FLINKC_JOBS=65: exit $rc"; fi

echo "jobs: $pass passed, $fail failed"
