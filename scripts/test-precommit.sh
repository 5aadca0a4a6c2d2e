#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-precommit.sh - the hooks of .pre-commit-hooks.yaml with the real
# pre-commit client (Debian's, installed by scripts/deps.sh); the last line
# is "precommit: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# try-repo needs a committed hook repository (facts/gitops.md §2.3): the
# working tree's .pre-commit-hooks.yaml is committed into a temporary git
# repository, so the test sees uncommitted edits and works in a tarball too.
# A temporary project repository holding a FlinkDeployment then runs the
# hooks the way a commit does (staged files, `pre-commit try-repo`, and
# `pre-commit run` with a .pre-commit-config.yaml as README.md shows):
# the first render regenerates and fails, the second passes, a changed
# input fails until the regenerated files are staged (§2.2).  Everything
# is offline: `language: system` hooks install nothing.  Skipped when
# pre-commit or git is not installed.

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
ROOT=$(pwd)

if ! command -v pre-commit >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1; then
	echo "precommit: skipped (no pre-commit or git; scripts/deps.sh installs them)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-precommit.XXXXXX") || exit 3
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
		[ -f "$tmp/log" ] && sed 's/^/    log: /' "$tmp/log" | head -20
	fi
}

# an isolated environment: flinkc on PATH as after `make install`, no user
# git or pre-commit configuration, a fresh pre-commit store
mkdir -p "$tmp/bin" "$tmp/home"
ln -s "$ROOT/flinkc" "$tmp/bin/flinkc"
PATH=$tmp/bin:$PATH
HOME=$tmp/home
PRE_COMMIT_HOME=$tmp/store
GIT_CONFIG_NOSYSTEM=1
export PATH HOME PRE_COMMIT_HOME GIT_CONFIG_NOSYSTEM
git config --global user.name flinkc-test
git config --global user.email test@flinkc.invalid
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# the hook repository: this working tree's manifest, committed
hooks=$tmp/hooks
mkdir -p "$hooks"
cp "$ROOT/.pre-commit-hooks.yaml" "$hooks/"
(cd "$hooks" && git init -q && git add . && git commit -qm hooks) || exit 3

job() { # job NAME PARALLELISM
	cat <<EOF
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: $1
  namespace: streaming
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

proj=$tmp/proj
mkdir -p "$proj/flink"
cd "$proj" || exit 3
git init -q
job etl 2 >flink/etl.yaml
printf '# the team'"'"'s Flink jobs\n' >README.md
git add README.md && git commit -qm "start"
git add flink/etl.yaml

# try HOOK: pre-commit try-repo on the staged files; exit status in $rc
try() {
	pre-commit try-repo --color never "$hooks" "$1" >"$tmp/log" 2>&1
	rc=$?
}

# ---- flinkc-render through try-repo (default args: flink/ into rendered/) ----
try flinkc-render
t "render, first run: fails (exit 1)" [ "$rc" -eq 1 ]
t "render, first run: reported as Failed" grep -q '^flinkc render (committed manifests)\.*Failed' "$tmp/log"
t "render, first run: flinkc's summary in the hook output" grep -q 'flinkc: updated rendered: 8 added' "$tmp/log"
t "render, first run: rendered/ written" [ -f rendered/streaming/deployment.apps_etl.yaml ]
"$ROOT/flinkc" render flink >"$tmp/want.yaml" 2>/dev/null
t "render: the files are flinkc render's objects" sh -c 'cat rendered/streaming/*.yaml | grep -c "^kind:" | grep -qx "$(grep -c "^kind:" "$1")"' sh "$tmp/want.yaml"
git add rendered
try flinkc-render
t "render, second run (regenerated files staged): passes (exit 0)" [ "$rc" -eq 0 ]
t "render, second run: reported as Passed" grep -q '^flinkc render (committed manifests)\.*Passed' "$tmp/log"
git commit -qm "rendered manifests"
try flinkc-render
t "render, nothing staged: skipped or passed" [ "$rc" -eq 0 ]

job etl 3 >flink/etl.yaml
git add flink/etl.yaml
try flinkc-render
t "render, changed input: fails" [ "$rc" -eq 1 ]
t "render, changed input: pre-commit saw the modification too" grep -q 'files were modified by this hook' "$tmp/log"
t "render, changed input: rendered/ is current again" sh -c '"$1" check --golden rendered flink >/dev/null 2>&1' sh "$ROOT/flinkc"
try flinkc-render
t "render, changed input, regenerated but not staged: still fails" [ "$rc" -eq 1 ]
git add rendered
try flinkc-render
t "render, changed input, regenerated files staged: passes" [ "$rc" -eq 0 ]
git commit -qm "parallelism 3"

git rm -q flink/etl.yaml
mkdir -p flink
job orders 2 >flink/orders.yaml
git add flink/orders.yaml
try flinkc-render
t "render, a job replaced: fails" [ "$rc" -eq 1 ]
t "render, a job replaced: the old job's files deleted" [ ! -e rendered/streaming/deployment.apps_etl.yaml ]
t "render, a job replaced: the new job's files written" [ -f rendered/streaming/deployment.apps_orders.yaml ]
git add -A rendered
try flinkc-render
t "render, a job replaced, staged: passes" [ "$rc" -eq 0 ]
git commit -qm "orders replaces etl"

# ---- flinkc-validate through try-repo ----
job bad two >flink/bad.yaml
git add flink/bad.yaml
try flinkc-validate
t "validate, invalid job: fails" [ "$rc" -eq 1 ]
t "validate, invalid job: the located error in the hook output" grep -q '^flink/bad.yaml:[0-9]*:[0-9]*: error\[E0' "$tmp/log"
git rm -qf flink/bad.yaml
job good 4 >flink/good.yaml
git add flink/good.yaml
try flinkc-validate
t "validate, valid job: passes" [ "$rc" -eq 0 ]
t "validate: .pre-commit-config.yaml and dot paths are not validated" sh -c 'printf "repos: []\n" >.pre-commit-config.yaml && mkdir -p .github && printf "on: push\n" >.github/ci.yml && git add .pre-commit-config.yaml .github && pre-commit try-repo --color never "$1" flinkc-validate >/dev/null 2>&1' sh "$hooks"
git rm -qf --cached .pre-commit-config.yaml .github/ci.yml && rm -rf .pre-commit-config.yaml .github
git reset -q --hard

# ---- the README's .pre-commit-config.yaml, with other directories ----
cfgproj=$tmp/cfgproj
mkdir -p "$cfgproj/jobs"
cd "$cfgproj" || exit 3
git init -q
mkdir deploy && echo "manifests Argo CD syncs" >deploy/README.md
rev=$(cd "$hooks" && git rev-parse HEAD)
awk '/^<!-- pre-commit-config -->/ { on = 1; next } on && /^```yaml$/ { grab = 1; next } grab && /^```$/ { exit } grab' \
	"$ROOT/README.md" | sed "s|https://github.com/flinkc/flinkc|$hooks|; s|rev: .*|rev: $rev|" >.pre-commit-config.yaml
t "README: the example .pre-commit-config.yaml was found" grep -q 'id: flinkc-render' .pre-commit-config.yaml
job etl 2 >jobs/etl.yaml
git add .
pre-commit run --color never >"$tmp/log" 2>&1
t "README config: first commit attempt fails" [ $? -eq 1 ]
t "README config: deploy/flink written" [ -f deploy/flink/streaming/deployment.apps_etl.yaml ]
git add deploy
pre-commit run --color never >"$tmp/log" 2>&1
t "README config: with the rendered files staged it passes" [ $? -eq 0 ]
t "README config: both hooks ran" sh -c 'grep -q "^flinkc validate\.*Passed" "$1" && grep -q "^flinkc render (committed manifests)\.*Passed" "$1"' sh "$tmp/log"
git commit -qm init
job etl 5 >jobs/etl.yaml
git add jobs
git commit -qm "unrendered change" >"$tmp/log" 2>&1
t "README config: git commit without pre-commit install still commits (hooks are opt-in)" [ $? -eq 0 ]
pre-commit install >/dev/null 2>&1
job etl 6 >jobs/etl.yaml
git add jobs
git commit -qm "a change" >"$tmp/log" 2>&1
t "README config: installed, git commit of a changed job is refused" [ $? -ne 0 ]
git add deploy
git commit -qm "a change, rendered" >"$tmp/log" 2>&1
t "README config: installed, the commit goes through once regenerated files are staged" [ $? -eq 0 ]

echo "precommit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
