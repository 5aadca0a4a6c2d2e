#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-argocd.sh - the Argo CD Config Management Plugin
# (integrations/argocd/plugin.yaml and `flinkc argocd-generate`), run the way
# Argo CD's CMP server runs it; the last line is "argocd: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# The plugin file is read with python3-yaml and checked as Argo CD's
# ValidatePluginConfig does (facts/gitops.md §1.1).  Each generation unpacks
# a copy of a small repository into a fresh $TMPDIR/_cmp_server/<uuid>
# directory with files at mode 0644 (§1.2, §1.3), runs the discovery
# command and the generate command exactly as plugin.yaml lists them, with
# cwd = the application's source path and the build environment of §1.4
# (app name, namespace, revision, source path and repository, ARGOCD_ENV_*,
# ARGOCD_APP_PARAMETERS and the PARAM_* variables, KUBE_VERSION,
# KUBE_API_VERSIONS), in a process group that gets SIGTERM on the deadline
# (§1.7).  stdout is split into documents as the repo-server does (§1.5).
# The k8s-validate check is skipped when ../shared/tools/k8s-validate is
# absent; everything else needs only this repository.

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
ROOT=$(pwd)
PLUGIN=$ROOT/integrations/argocd/plugin.yaml
K8S_VALIDATE=$ROOT/../shared/tools/k8s-validate/run.sh

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-argocd.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
# t NAME CMD...: one assertion; on failure show the last run's stderr
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

# the plugin binary on PATH, as in the sidecar image (/usr/local/bin/flinkc)
mkdir -p "$tmp/bin" && ln -s "$ROOT/flinkc" "$tmp/bin/flinkc"

# ---- plugin.yaml: the shape Argo CD accepts ----
python3 - "$PLUGIN" >"$tmp/plugin.check" 2>&1 <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
ok = lambda c, m: print(("ok " if c else "bad ") + m)
ok(d.get("apiVersion") == "argoproj.io/v1alpha1", "apiVersion")
ok(d.get("kind") == "ConfigManagementPlugin", "kind is ConfigManagementPlugin")
ok(bool(d.get("metadata", {}).get("name")), "metadata.name set")
s = d.get("spec", {})
ok(bool(s.get("generate", {}).get("command")), "spec.generate.command non-empty")
f = s.get("discover", {}).get("find", {})
ok(sum(bool(x) for x in (s.get("discover", {}).get("fileName"), f.get("glob"), f.get("command"))) == 1,
   "exactly one of fileName, find.glob, find.command")
known = {"name", "title", "tooltip", "required", "itemType", "collectionType", "string", "array", "map"}
st = s.get("parameters", {}).get("static", [])
ok([p["name"] for p in st] == ["defaults", "namespace", "kube-version"], "static parameters announced")
ok(all(set(p) <= known for p in st), "static parameters use ParameterAnnouncement fields only")
ok(set(s) <= {"version", "init", "generate", "discover", "parameters", "preserveFileMode", "provideGitCreds"},
   "spec has PluginConfigSpec fields only")
EOF
while read -r verdict what; do
	t "plugin.yaml: $what" [ "$verdict" = ok ]
done <"$tmp/plugin.check"
t "plugin.yaml: parsed" grep -q '^ok kind' "$tmp/plugin.check"

# the commands, one word per line (none contains a newline)
python3 -c 'import sys, yaml; c = yaml.safe_load(open(sys.argv[1]))["spec"]["generate"]; print("\n".join(c["command"] + c.get("args", [])))' "$PLUGIN" >"$tmp/generate.argv"
python3 -c 'import sys, yaml; c = yaml.safe_load(open(sys.argv[1]))["spec"]["discover"]["find"]; print("\n".join(c["command"] + c.get("args", [])))' "$PLUGIN" >"$tmp/discover.argv"

# ---- the repository Argo CD streams to the sidecar ----
repo=$tmp/repo
mkdir -p "$repo/apps/etl" "$repo/apps/params" "$repo/apps/withdefaults" "$repo/config" "$repo/apps/broken" "$repo/apps/empty/notes" \
	"$repo/apps/canary" "$repo/apps/plain" "$repo/.git/apps" "$repo/apps/term"
job() { # job NAME [NAMESPACE]: a FlinkDeployment
	cat <<EOF
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: $1
$( [ -n "${2:-}" ] && echo "  namespace: $2")
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
    parallelism: 2
    upgradeMode: stateless
EOF
}
job etl >"$repo/apps/etl/etl.yaml"
job orders payments >"$repo/apps/etl/orders.yaml"
cat >"$repo/apps/etl/settings.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: etl-settings
data:
  mode: batch
EOF
job params >"$repo/apps/params/job.yaml"
cat >"$repo/config/team.yaml" <<'EOF'
apiVersion: flinkc.io/v1alpha1
kind: Defaults
namespace: from-defaults
labels: {team: data}
EOF
job beside >"$repo/apps/withdefaults/job.yaml"
printf 'apiVersion: flinkc.io/v1alpha1\nkind: Defaults\nnamespace: beside\n' >"$repo/apps/withdefaults/flinkc-defaults.yaml"
job broken >"$repo/apps/broken/job.yaml"
sed -i 's/parallelism: 2/parallelism: two/' "$repo/apps/broken/job.yaml"
echo "nothing to render here" >"$repo/apps/empty/notes/README.md"
cat >"$repo/apps/canary/canary.yaml" <<'EOF'
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: canary
  labels: {flink.apache.org/canary: "true"}
EOF
cat >"$repo/apps/plain/cm.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata: {name: plain}
EOF
job hidden >"$repo/.git/apps/job.yaml"
job term >"$repo/apps/term/job.yaml"
mkfifo "$repo/apps/term/slow-defaults.yaml"

REV=0123456789abcdef0123456789abcdef01234567
n=0
# cmp_run KIND APP_PATH [VAR=VALUE...]: run plugin.yaml's KIND (generate or
# discover) command the way the CMP server does; stdout in $tmp/out, stderr
# in $tmp/err, exit status in $rc
cmp_run() {
	kind=$1 app=$2
	shift 2
	n=$((n + 1))
	work=$tmp/_cmp_server/uuid-$n
	mkdir -p "$work"
	# the repository arrives as a tarball: regular files 0644, dirs 0755
	(cd "$repo" && tar -cf - --exclude=./apps/term/slow-defaults.yaml .) | (cd "$work" && tar -xf -)
	find "$work" -type f -exec chmod 0644 {} + && find "$work" -type d -exec chmod 0755 {} +
	[ -p "$repo/apps/term/slow-defaults.yaml" ] && mkfifo "$work/apps/term/slow-defaults.yaml"
	(
		cd "$work/$app" || exit 99
		exec env -i PATH="$tmp/bin:/usr/bin:/bin" HOME="$tmp" TMPDIR="$tmp" \
			ARGOCD_APP_NAME=flink-etl ARGOCD_APP_NAMESPACE=streaming ARGOCD_APP_PROJECT_NAME=default \
			ARGOCD_APP_REVISION=$REV ARGOCD_APP_REVISION_SHORT=0123456 ARGOCD_APP_REVISION_SHORT_8=01234567 \
			ARGOCD_APP_SOURCE_PATH="$app" ARGOCD_APP_SOURCE_REPO_URL=https://git.example.com/data/flink.git \
			ARGOCD_APP_SOURCE_TARGET_REVISION=main KUBE_VERSION=1.30.4 \
			KUBE_API_VERSIONS=v1,apps/v1,batch/v1,policy/v1,networking.k8s.io/v1,rbac.authorization.k8s.io/v1 \
			"$@" sh -c 'IFS="
"; set -f; exec $(cat "$0")' "$tmp/$kind.argv"
	) >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
# args for env(1): parameters as Argo CD sends them (JSON and PARAM_*)
params_env() {
	printf 'ARGOCD_APP_PARAMETERS=%s\n' "$1"
}
discovered() { [ "$rc" -eq 0 ] && [ -s "$tmp/out" ]; }
not_discovered() { ! discovered; }
empty_out() { [ ! -s "$tmp/out" ]; }
# the documents as the repo-server splits them: every one an object
objects() {
	python3 -c '
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
for d in docs:
    assert isinstance(d, dict) and d.get("apiVersion") and d.get("kind") and d["metadata"]["name"], d
    print(d["kind"], d["metadata"].get("namespace", "-"), d["metadata"]["name"])
' "$1"
}

# ---- discovery (§1.1: a match is exit 0 and non-empty stdout) ----
cmp_run discover apps/etl
t "discover: a directory with FlinkDeployments matches" discovered
cmp_run discover apps/plain
t "discover: plain Kubernetes objects do not match" not_discovered
cmp_run discover apps/empty
t "discover: no YAML does not match" not_discovered
cmp_run discover .
t "discover: the repository root matches through apps/" discovered
t "discover: but not through .git/" sh -c '! grep -q "^./.git" "$1/out"' sh "$tmp"

# ---- generate: the objects, Argo CD's environment ----
cmp_run generate apps/etl
t "generate: exit 0" [ "$rc" -eq 0 ]
t "generate: nothing on stderr" [ ! -s "$tmp/err" ]
cp "$tmp/out" "$tmp/etl.yaml"
objects "$tmp/etl.yaml" >"$tmp/etl.objects" 2>"$tmp/err"
t "generate: every document is a Kubernetes object" [ $? -eq 0 ]
t "generate: both jobs and the ConfigMap rendered" sh -c 'grep -qx "Deployment streaming etl" "$1" && grep -qx "Deployment payments orders" "$1" && grep -qx "ConfigMap streaming etl-settings" "$1"' sh "$tmp/etl.objects"
t "generate: objects without a namespace go to ARGOCD_APP_NAMESPACE" sh -c '! grep -q " default " "$1"' sh "$tmp/etl.objects"
t "generate: no tracking annotation or instance label (§1.11)" sh -c '! grep -qE "argocd.argoproj.io/(tracking-id|installation-id)|app.kubernetes.io/instance" "$1"' sh "$tmp/etl.yaml"
t "generate: no revision, app name or repository in the output (§0.3)" sh -c '! grep -qE "0123456|flink-etl|git.example.com" "$1"' sh "$tmp/etl.yaml"
t "generate: no server-populated fields (§0.3)" sh -c '! grep -qE "creationTimestamp|resourceVersion|uid:|managedFields|^status:" "$1"' sh "$tmp/etl.yaml"
"$ROOT/flinkc" render --namespace streaming "$repo/apps/etl" >"$tmp/render.yaml" 2>/dev/null
t "generate: the same bytes as flinkc render --namespace" cmp -s "$tmp/etl.yaml" "$tmp/render.yaml"
cmp_run generate apps/etl
t "generate: the same output twice" cmp -s "$tmp/out" "$tmp/etl.yaml"
cmp_run generate apps/etl ARGOCD_APP_REVISION=fedcba9876543210fedcba9876543210fedcba98 ARGOCD_APP_NAME=other
t "generate: another revision and app name, the same output" cmp -s "$tmp/out" "$tmp/etl.yaml"
if [ -f "$K8S_VALIDATE" ]; then
	bash "$K8S_VALIDATE" "$tmp/etl.yaml" >"$tmp/err" 2>&1
	t "generate: the output passes k8s-validate" [ $? -eq 0 ]
else
	echo "argocd: k8s-validate check skipped (no ../shared/tools/k8s-validate)"
fi

# ---- parameters and ARGOCD_ENV_* (§1.4) ----
cmp_run generate apps/withdefaults
t "settings: flinkc-defaults.yaml's namespace wins over ARGOCD_APP_NAMESPACE" \
	sh -c 'grep -q "^  namespace: beside" "$1/out" && ! grep -q "namespace: streaming" "$1/out"' sh "$tmp"
cmp_run generate apps/params "$(params_env '[{"name": "defaults", "string": "../../config/team.yaml"}]')" PARAM_DEFAULTS=../../config/team.yaml
t "settings: parameter defaults: exit 0" [ "$rc" -eq 0 ]
t "settings: parameter defaults: its namespace and labels" sh -c 'grep -q "^  namespace: from-defaults" "$1/out" && grep -q "team: data" "$1/out" && ! grep -q "namespace: streaming" "$1/out"' sh "$tmp"
cmp_run generate apps/params ARGOCD_ENV_FLINKC_DEFAULTS=../../config/team.yaml
t "settings: ARGOCD_ENV_FLINKC_DEFAULTS works too" grep -q "^  namespace: from-defaults" "$tmp/out"
cmp_run generate apps/params ARGOCD_ENV_FLINKC_DEFAULTS=../../config/team.yaml \
	"$(params_env '[{"name": "namespace", "string": "analytics"}]')" PARAM_NAMESPACE=analytics
t "settings: parameter namespace wins over the defaults document" sh -c 'grep -q "^  namespace: analytics" "$1/out" && ! grep -q "namespace: from-defaults" "$1/out" && grep -q "team: data" "$1/out"' sh "$tmp"
cmp_run generate apps/params ARGOCD_ENV_FLINKC_NAMESPACE=from-env \
	"$(params_env '[{"name": "namespace", "string": "from-param"}]')"
t "settings: a parameter wins over ARGOCD_ENV_FLINKC_NAMESPACE" sh -c 'grep -q "namespace: from-param" "$1/out" && ! grep -q from-env "$1/out"' sh "$tmp"
cmp_run generate apps/params ARGOCD_ENV_FLINKC_NAMESPACE=from-env
t "settings: ARGOCD_ENV_FLINKC_NAMESPACE alone" grep -q "namespace: from-env" "$tmp/out"
cmp_run generate apps/params "$(params_env '[{"name": "kube-version", "string": "1.27"}]')"
t "settings: kube-version older than 1.29: exit 0" [ "$rc" -eq 0 ]
t "settings: kube-version older than 1.29: a warning" grep -q '^parameter "kube-version": warning\[W1001\]: Kubernetes 1.27 is older than 1.29' "$tmp/err"
cmp_run generate apps/params KUBE_VERSION=1.28.2+k3s1
t "settings: KUBE_VERSION older than 1.29: the same warning" grep -q '^KUBE_VERSION: warning\[W1001\]: Kubernetes 1.28.2+k3s1 is older' "$tmp/err"
cmp_run generate apps/params "$(params_env '[]')"
t "settings: an empty parameter list" [ "$rc" -eq 0 ]

# ---- failures: non-zero, nothing on stdout, a short message ----
# fails NAME PATTERN: the last run failed with exit status 1, empty stdout and PATTERN on stderr
fails() {
	t "$1: exit 1" [ "$rc" -eq 1 ]
	t "$1: nothing on stdout" empty_out
	t "$1: message" grep -qE -- "$2" "$tmp/err"
	t "$1: short message (at most 40 lines)" [ "$(wc -l <"$tmp/err")" -le 40 ]
}
cmp_run generate apps/broken
fails "invalid job" '^\./job\.yaml:[0-9]+:[0-9]+: error\[E0'
cmp_run generate apps/empty
fails "no YAML at all" '^flinkc: error\[E0004\]: no Kubernetes objects rendered'
cmp_run generate apps/canary
fails "only the operator's canary (zero objects)" 'error\[E0004\]'
cmp_run generate apps/params "$(params_env '[{"name": "namespace", "string": "x"},]')"
fails "malformed ARGOCD_APP_PARAMETERS" '^ARGOCD_APP_PARAMETERS:1:39: error\[E1002\]: invalid JSON: '
cmp_run generate apps/params "$(params_env '[{"name": "namespace",
  "string": "x", "string": "y"}]')"
fails "ARGOCD_APP_PARAMETERS with a duplicate key, second line" '^ARGOCD_APP_PARAMETERS:2:[0-9]+: error\[E1002\]: invalid JSON: duplicate'
cmp_run generate apps/params "$(params_env '{"name": "namespace"}')"
fails "ARGOCD_APP_PARAMETERS not an array" '^ARGOCD_APP_PARAMETERS: error\[E1003\]: expected a JSON array of parameters, got an object'
cmp_run generate apps/params "$(params_env '[{"name": "values-files", "array": ["a.yaml"]}]')"
fails "an unknown parameter" '^ARGOCD_APP_PARAMETERS\[0\]: error\[E1003\]: unknown parameter "values-files"; expected defaults, namespace or kube-version'
cmp_run generate apps/params "$(params_env '[{"name": "defaults", "string": "a"}, {"name": "namespace", "map": {"a": "b"}}]')"
fails "a map for a string parameter" '^ARGOCD_APP_PARAMETERS\[1\]: error\[E1003\]: parameter "namespace": expected a string value \("string": \.\.\.\), got a map'
cmp_run generate apps/params "$(params_env '[{"name": "namespace", "string": "Prod_1"}]')"
fails "a namespace that is not a DNS label" "^parameter \"namespace\": error\\[E1001\\]: 'Prod_1' is not a namespace name"
cmp_run generate apps/params ARGOCD_ENV_FLINKC_DEFAULTS=../../../etc/passwd
fails "a defaults path outside the repository" "^ARGOCD_ENV_FLINKC_DEFAULTS: error\\[E1001\\]: '../../../etc/passwd': expected a path relative"
cmp_run generate apps/params ARGOCD_ENV_FLINKC_DEFAULTS=/etc/passwd
fails "an absolute defaults path" "E1001"
cmp_run generate apps/params ARGOCD_ENV_FLINKC_DEFAULTS=../x/../../../etc/passwd
fails "a defaults path that climbs out on the way" "E1001"
cmp_run generate apps/params "$(params_env '[{"name": "defaults", "string": "missing.yaml"}]')"
t "a missing defaults file: exit 3" [ "$rc" -eq 3 ]
t "a missing defaults file: nothing on stdout" empty_out
t "a missing defaults file: message" grep -q "E0001.*missing.yaml" "$tmp/err"
cmp_run generate apps/params "$(params_env '[{"name": "kube-version", "string": "latest"}]')"
fails "a kube-version that is not a version" "^parameter \"kube-version\": error\\[E1001\\]: 'latest' is not a Kubernetes version"

# ---- SIGTERM on the deadline (§1.7): the process group is signalled ----
# The defaults file is a FIFO nobody writes, so generation blocks in open(2)
# until the CMP server's deadline sends SIGTERM to the group.
n=$((n + 1))
(
	cd "$repo/apps/term" &&
		exec setsid env -i PATH="$tmp/bin:/usr/bin:/bin" ARGOCD_APP_NAMESPACE=streaming \
			ARGOCD_ENV_FLINKC_DEFAULTS=slow-defaults.yaml flinkc argocd-generate
) >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q 'fifo\|pipe' "/proc/$pid/wchan" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
wait "$pid"
rc=$?
t "SIGTERM: exit status 143" [ "$rc" -eq 143 ]
t "SIGTERM: nothing on stdout" empty_out
t "SIGTERM: a message on stderr" grep -q '^flinkc: error\[E1004\]: terminated by SIGTERM' "$tmp/err"

# ---- the command line ----
"$ROOT/flinkc" argocd-generate --help >"$tmp/out" 2>"$tmp/err"
rc=$?
t "--help: exit 0" [ "$rc" -eq 0 ]
t "--help: the environment listed" sh -c 'grep -q ARGOCD_APP_PARAMETERS "$1/out" && grep -q KUBE_VERSION "$1/out"' sh "$tmp"
"$ROOT/flinkc" argocd-generate a b >"$tmp/out" 2>"$tmp/err"
t "two directories: usage error" [ $? -eq 2 ]

# ---- doc/argocd.md: the repo-server patch applies to a repo-server Deployment ----
# (the shape of Argo CD's install manifest, reduced to what the patch touches)
if command -v kubectl >/dev/null 2>&1; then
	mkdir -p "$tmp/kz"
	awk '/^## The argocd-repo-server patch/ { on = 1 } on && /^```yaml$/ { grab = 1; next } grab && /^```$/ { exit } grab' \
		"$ROOT/doc/argocd.md" >"$tmp/kz/patch.yaml"
	cat >"$tmp/kz/repo-server.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: argocd-repo-server}
  template:
    metadata:
      labels: {app.kubernetes.io/name: argocd-repo-server}
    spec:
      containers:
      - name: argocd-repo-server
        image: quay.io/argoproj/argocd:v3.1.0
        volumeMounts:
        - {name: var-files, mountPath: /var/run/argocd}
        - {name: plugins, mountPath: /home/argocd/cmp-server/plugins}
      volumes:
      - {name: var-files, emptyDir: {}}
      - {name: plugins, emptyDir: {}}
EOF
	printf 'resources: [repo-server.yaml]\npatches:\n- path: patch.yaml\n' >"$tmp/kz/kustomization.yaml"
	kubectl kustomize "$tmp/kz" >"$tmp/kz/out.yaml" 2>"$tmp/err"
	t "doc: the repo-server patch applies with kubectl kustomize" [ $? -eq 0 ]
	t "doc: the patched Deployment has both containers and the sidecar's /tmp" sh -c 'grep -q "name: flinkc$" "$1" && grep -q "name: argocd-repo-server$" "$1" && grep -q "name: flinkc-tmp" "$1" && grep -q "argocd-cmp-server" "$1"' sh "$tmp/kz/out.yaml"
	if [ -f "$K8S_VALIDATE" ]; then
		bash "$K8S_VALIDATE" "$tmp/kz/out.yaml" >"$tmp/err" 2>&1
		t "doc: the patched Deployment passes k8s-validate" [ $? -eq 0 ]
	fi
else
	echo "argocd: repo-server patch check skipped (no kubectl)"
fi
python3 -c '
import sys, yaml
t = open(sys.argv[1]).read()
blocks = [b.split("```")[0] for b in t.split("```yaml\n")[1:]]
app = yaml.safe_load(blocks[-1])
p = app["spec"]["source"]["plugin"]
d = yaml.safe_load(open(sys.argv[2]))
assert p["name"] == d["metadata"]["name"] + "-" + d["spec"]["version"], p["name"]
assert {x["name"] for x in p["parameters"]} <= {x["name"] for x in d["spec"]["parameters"]["static"]}
' "$ROOT/doc/argocd.md" "$PLUGIN" 2>"$tmp/err"
t "doc: the Application names the plugin as name-version and only announced parameters" [ $? -eq 0 ]
python3 -c '
import sys, yaml
t = open(sys.argv[1]).read().split("### Argo CD plugin", 1)[1]
frag = yaml.safe_load(t.split("```yaml\n", 1)[1].split("```", 1)[0])
p = frag["source"]["plugin"]
d = yaml.safe_load(open(sys.argv[2]))
assert p["name"] == d["metadata"]["name"] + "-" + d["spec"]["version"], p["name"]
assert {x["name"] for x in p["parameters"]} <= {x["name"] for x in d["spec"]["parameters"]["static"]}
' "$ROOT/README.md" "$PLUGIN" 2>"$tmp/err"
t "README: the Application fragment names the plugin and announced parameters" [ $? -eq 0 ]

echo "argocd: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
