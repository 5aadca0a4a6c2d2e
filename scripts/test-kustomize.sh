#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-kustomize.sh - flinkc as a kustomize generator, run by the real
# `kubectl kustomize --enable-alpha-plugins` (kubectl's built-in kustomize);
# the last line is "kustomize: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# kubectl's kustomize runs legacy exec plugins with --enable-alpha-plugins
# but silently skips exec KRM functions (it has no --enable-exec flag;
# checked with kubectl v1.32 / kustomize v5.5), so the generator is the
# legacy plugin integrations/kustomize/plugin/.../FlinkcGenerator.  The
# kustomization generates the objects of a FlinkDeployment, adds a
# ConfigMap of its own and patches the generated Deployment; the README's
# example is this kustomization.  Skipped without kubectl.

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
ROOT=$(pwd)
K8S_VALIDATE=$ROOT/../shared/tools/k8s-validate/run.sh

if ! command -v kubectl >/dev/null 2>&1; then
	echo "kustomize: skipped (no kubectl)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-kustomize.XXXXXX") || exit 3
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
		[ -f "$tmp/err" ] && sed 's/^/    stderr: /' "$tmp/err" | head -8
	fi
}

mkdir -p "$tmp/bin"
ln -s "$ROOT/flinkc" "$tmp/bin/flinkc"
PATH=$tmp/bin:$PATH
KUSTOMIZE_PLUGIN_HOME=$ROOT/integrations/kustomize/plugin
export PATH KUSTOMIZE_PLUGIN_HOME

# the README's example, taken from README.md
app=$tmp/app
mkdir -p "$app"
awk -v dir="$app" '
	/^<!-- kustomize-example / { f = dir "/" $3; d = f; sub(/\/[^\/]*$/, "", d); system("mkdir -p " d); next }
	f && /^```yaml$/ { on = 1; next }
	on && /^```$/ { on = 0; f = ""; next }
	on { print > f }' "$ROOT/README.md"
t "README: the example's five files" sh -c 'cd "$1" && [ -f kustomization.yaml ] && [ -f flink-jobs.yaml ] && [ -f jobs/etl.yaml ] && [ -f memory.yaml ] && [ -f settings.yaml ]' sh "$app"
cd "$app" || exit 3

kubectl kustomize --enable-alpha-plugins . >"$tmp/out.yaml" 2>"$tmp/err"
t "kustomize: exit 0" [ $? -eq 0 ]
t "kustomize: the generated Deployment is there" grep -q '^kind: Deployment' "$tmp/out.yaml"
t "kustomize: no FlinkDeployment reaches the output" sh -c '! grep -q "^kind: FlinkDeployment" "$1"' sh "$tmp/out.yaml"
python3 - "$tmp/out.yaml" >"$tmp/err" 2>&1 <<'EOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
dep = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "etl"][0]
assert dep["metadata"]["namespace"] == "streaming", dep["metadata"]
c = dep["spec"]["template"]["spec"]["containers"][0]
assert c["resources"]["limits"]["memory"] == "3Gi", c["resources"]
assert dep["metadata"]["labels"]["team"] == "data", dep["metadata"]["labels"]
assert any(d["kind"] == "ConfigMap" and d["metadata"]["name"] == "etl-settings" for d in docs)
assert all(d["metadata"]["labels"]["team"] == "data" for d in docs)
EOF
t "kustomize: the patch, the namespace and the common label applied to generated objects" [ $? -eq 0 ]
flinkc render --namespace streaming jobs >"$tmp/plain.yaml" 2>/dev/null
python3 - "$tmp/out.yaml" "$tmp/plain.yaml" >"$tmp/err" 2>&1 <<'EOF'
import sys, yaml
key = lambda d: (d["kind"], d["metadata"]["name"])
a = {key(d) for d in yaml.safe_load_all(open(sys.argv[1])) if d}
b = {key(d) for d in yaml.safe_load_all(open(sys.argv[2])) if d}
assert a == b | {("ConfigMap", "etl-settings")}, (a ^ b)
EOF
t "kustomize: exactly flinkc render's objects plus the kustomization's own" [ $? -eq 0 ]
kubectl kustomize --enable-alpha-plugins . >"$tmp/again.yaml" 2>/dev/null
t "kustomize: the same output twice" cmp -s "$tmp/out.yaml" "$tmp/again.yaml"
if [ -f "$K8S_VALIDATE" ]; then
	bash "$K8S_VALIDATE" "$tmp/out.yaml" >"$tmp/err" 2>&1
	t "kustomize: the output passes k8s-validate" [ $? -eq 0 ]
else
	echo "kustomize: k8s-validate check skipped (no ../shared/tools/k8s-validate)"
fi

kubectl kustomize . >"$tmp/noalpha.yaml" 2>"$tmp/err"
t "kustomize: without --enable-alpha-plugins kustomize refuses (never a silent empty build)" [ $? -ne 0 ]

# an invalid job fails the build with flinkc's located message
sed 's/parallelism: 2/parallelism: two/' jobs/etl.yaml >jobs/etl.yaml.new && mv jobs/etl.yaml.new jobs/etl.yaml
kubectl kustomize --enable-alpha-plugins . >"$tmp/out.yaml" 2>"$tmp/err"
t "invalid job: kustomize fails" [ $? -ne 0 ]
t "invalid job: flinkc's located error in kustomize's message" grep -q 'jobs/etl.yaml:[0-9]*:[0-9]*: error\[E0' "$tmp/err"
rm jobs/etl.yaml
kubectl kustomize --enable-alpha-plugins . >"$tmp/out.yaml" 2>"$tmp/err"
t "no job: kustomize fails (flinkc never generates nothing)" [ $? -ne 0 ]

echo "kustomize: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
