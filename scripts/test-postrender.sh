#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-postrender.sh - `flinkc render --post-render`, the Helm post-renderer,
# held to Helm's exec contract (helm.sh/helm/v3 pkg/postrender: the rendered
# manifests on stdin, the result on stdout, a non-zero exit fails the
# install); the last line is "postrender: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# Helm is not in Debian, so the stream is written the way `helm template`
# writes one (a "# Source:" comment per template, empty templates, other
# kinds beside the FlinkDeployment) and fed through the wrapper
# integrations/helm/flinkc-post-render as Helm would run it.  The output
# passes k8s-validate unless ../shared/tools/k8s-validate is absent.

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
ROOT=$(pwd)
FLINKC=$ROOT/flinkc
K8S_VALIDATE=$ROOT/../shared/tools/k8s-validate/run.sh

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-postrender.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
cd "$tmp" || exit 3
mkdir bin && ln -s "$FLINKC" bin/flinkc
PATH=$tmp/bin:$PATH

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
		[ -f err ] && sed 's/^/    stderr: /' err | head -6
	fi
}

# post FILE [ARGS]: run the post-renderer as Helm does; stdout in out, stderr in err, status in $rc
post() {
	f=$1
	shift
	sh "$ROOT/integrations/helm/flinkc-post-render" "$@" <"$f" >out 2>err
	rc=$?
}
# docs FILE DIR: one file per document ("---" lines split), blank/comment-only documents dropped
docs() {
	rm -rf "$2" && mkdir "$2"
	awk -v d="$2" 'BEGIN { n = 1 } /^---([ \t]|$)/ { n++; next } { print > (d "/" sprintf("%04d", n)) }' "$1"
	for x in "$2"/*; do
		[ -f "$x" ] || continue
		grep -qv '^[[:space:]]*\(#.*\)\{0,1\}$' "$x" || rm "$x"
	done
}

flink_doc() { # flink_doc NAME PARALLELISM
	cat <<EOF
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: $1
  namespace: prod
  labels:
    helm.sh/chart: etl-0.1.0
spec:
  image: flink:2.2
  flinkVersion: v2_2
  serviceAccount: flink
  jobManager:
    resource: {memory: 2048m, cpu: 1}
  taskManager:
    resource: {memory: 2048m, cpu: 1}
  job:
    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar
    parallelism: $2
    upgradeMode: stateless
EOF
}

# the chart's rendered manifests, as helm template writes them
{
	printf -- '---\n# Source: etl/templates/secret.yaml\n'
	cat <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: etl-credentials
  namespace: prod
type: Opaque
stringData:
  password: "s3cr3t"   # quoted, with a comment
EOF
	printf -- '---\n# Source: etl/templates/disabled.yaml\n'
	printf -- '---\n# Source: etl/templates/configmap.yaml\n'
	cat <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: etl-settings
  namespace: prod
  annotations: {note: "flow style, kept as written"}
data:
  "on": "yes"    # quoted for YAML 1.1 readers
  octal: '0755' 
  script: |
    #!/bin/sh
    echo "--- not a separator, indented"
EOF
	printf -- '---\n# Source: etl/templates/flinkdeployment.yaml\n'
	flink_doc etl 2
	printf -- '---\n# Source: etl/templates/monitor.yaml\n'
	cat <<'EOF'
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: etl-extra
  namespace: prod
spec:
  selector:
    matchLabels: {app: etl}
  podMetricsEndpoints:
  - port: metrics
EOF
} >chart.yaml

post chart.yaml
t "mixed: exit 0" [ "$rc" -eq 0 ]
t "mixed: nothing on stderr" [ ! -s err ]
cp out mixed.yaml
docs chart.yaml in.d
docs mixed.yaml out.d
for f in in.d/*; do
	if grep -q '^apiVersion: flink.apache.org/' "$f"; then
		t "mixed: the FlinkDeployment is not passed on" sh -c '! grep -q "^kind: FlinkDeployment" mixed.yaml'
		continue
	fi
	found=false
	for g in out.d/*; do
		cmp -s "$f" "$g" && found=true
	done
	t "mixed: $(sed -n 's/^# Source: //p' "$f") passed through byte for byte" $found
done
t "mixed: other documents keep their order, before the compiled objects" sh -c '
	sed -n "s/^# Source: //p" mixed.yaml | tr "\n" " " | grep -qx "etl/templates/secret.yaml etl/templates/configmap.yaml etl/templates/monitor.yaml "'
flink_doc etl 2 >flink-only.yaml
"$FLINKC" render flink-only.yaml >want.yaml 2>/dev/null
docs want.yaml want.d
t "mixed: the compiled objects are flinkc render's, byte for byte and in its order" sh -c '
	n=$(ls want.d | wc -l); [ "$n" -gt 3 ] || exit 1
	ls out.d | tail -n "$n" >names; i=0
	for w in want.d/*; do i=$((i + 1)); g=out.d/$(sed -n "${i}p" names); cmp -s "$w" "$g" || exit 1; done'
t "mixed: every document count adds up" [ "$(ls out.d | wc -l)" -eq $(($(ls want.d | wc -l) + 3)) ]
python3 -c '
import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    assert d is None or (d["apiVersion"] and d["kind"] and d["metadata"]["name"]), d
' mixed.yaml 2>err
t "mixed: the output is a YAML stream of objects" [ $? -eq 0 ]
post chart.yaml
t "mixed: the same output twice" cmp -s out mixed.yaml
if [ -f "$K8S_VALIDATE" ]; then
	bash "$K8S_VALIDATE" mixed.yaml >err 2>&1
	t "mixed: the output passes k8s-validate" [ $? -eq 0 ]
else
	echo "postrender: k8s-validate check skipped (no ../shared/tools/k8s-validate)"
fi
post chart.yaml --namespace staging
t "--namespace: objects that name a namespace keep it" cmp -s out mixed.yaml
flink_doc etl 2 | grep -v '^  namespace: prod$' >nons.yaml
post nons.yaml --namespace staging
t "--namespace: a FlinkDeployment without one is compiled into it (the release namespace)" sh -c '[ "$(grep -c "^  namespace: staging$" out)" -ge "$(grep -c "^kind:" out)" ] && ! grep -E "^ *namespace: " out | grep -vq staging' 

# the README's Helm 3 command line: --post-renderer flinkc with the
# --post-renderer-args render, --post-render, --namespace=prod, which Helm's
# exec post-renderer passes as the arguments, stdin the chart's manifests
flinkc render --post-render --namespace=prod <chart.yaml >out 2>err
t "README: the arguments Helm passes give the same stream as the wrapper" cmp -s out mixed.yaml
t "README: the example's arguments are those in README.md" grep -q -- '--post-renderer-args render --post-renderer-args --post-render' "$ROOT/README.md"

# a chart without Flink resources goes through untouched
sed '/^# Source: etl\/templates\/flinkdeployment.yaml/,/upgradeMode/d' chart.yaml >plain.yaml
post plain.yaml
docs plain.yaml plain-in.d
docs out plain-out.d
t "no Flink resources: exit 0" [ "$rc" -eq 0 ]
t "no Flink resources: every document unchanged, in order" sh -c 'cat plain-in.d/* >a && cat plain-out.d/* >b && cmp -s a b && [ "$(ls plain-in.d | wc -l)" -eq "$(ls plain-out.d | wc -l)" ]' 

# ---- errors: non-zero exit, nothing on stdout, a located message on stderr ----
sed 's/parallelism: 2/parallelism: two/' chart.yaml >bad.yaml
line=$(grep -n 'parallelism: two' bad.yaml | cut -d: -f1)
post bad.yaml
t "invalid job: exit 1" [ "$rc" -eq 1 ]
t "invalid job: nothing on stdout" [ ! -s out ]
t "invalid job: the error points into the stream Helm wrote (line $line)" grep -q "^<stdin>:$line:[0-9]*: error\[E0" err
: >empty.yaml
post empty.yaml
t "empty stream: exit 1" [ "$rc" -eq 1 ]
t "empty stream: nothing on stdout" [ ! -s out ]
t "empty stream: E0004" grep -q 'error\[E0004\]' err
printf -- '---\n# Source: etl/templates/a.yaml\n---\n# Source: etl/templates/b.yaml\n' >comments.yaml
post comments.yaml
t "only empty templates: exit 1 (E0004)" sh -c '[ "$1" -eq 1 ] && grep -q E0004 err' sh "$rc"
{
	cat plain.yaml
	printf -- '---\n{"apiVersion": "flink.apache.org/v1beta1", "kind": "FlinkDeployment", "metadata": {"name": "x"}}\n'
} >flow.yaml
line=$(grep -n '^{"apiVersion"' flow.yaml | cut -d: -f1)
post flow.yaml
t "flow-style Flink document: exit 1" [ "$rc" -eq 1 ]
t "flow-style Flink document: nothing on stdout" [ ! -s out ]
t "flow-style Flink document: E1010 at its line" grep -q "^<stdin>:$line:1: error\[E1010\]" err
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x}\n' >syntax.yaml
post syntax.yaml
t "YAML syntax error: exit 1, located, nothing on stdout" sh -c '[ "$1" -eq 1 ] && [ ! -s out ] && grep -q "^<stdin>:3:[0-9]*: error\[E0101\]" err' sh "$rc"

# ---- usage ----
"$FLINKC" render --post-render chart.yaml >out 2>err
t "usage: a file argument is refused (stdin only)" [ $? -eq 2 ]
"$FLINKC" render --post-render -o dir <chart.yaml >out 2>err
t "usage: -o is refused" [ $? -eq 2 ]
"$FLINKC" render --post-render --format json <chart.yaml >out 2>err
t "usage: --format json is refused" [ $? -eq 2 ]
"$FLINKC" render --post-render - <chart.yaml >out 2>err
t "usage: - is accepted" cmp -s out mixed.yaml

echo "postrender: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
