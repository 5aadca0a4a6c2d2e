#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-json.sh - `render --format json` is a v1 List that machines read; the
# last line is "json: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# The List is parsed back (python3 json) and compared, object by object, with
# the YAML stream of the same inputs (read with YAML 1.1 rules, as kubectl
# does).  `kubectl apply/create --dry-run=client` need a cluster to map kinds
# (checked: both fail without one), so kubectl's offline reader is used
# instead: its built-in kustomize takes the List as a resource file and
# unpacks the items; that output passes k8s-validate (skipped without
# ../shared/tools/k8s-validate; the kubectl part without kubectl).  JSON
# read by `flinkc hash` and `diff --live` is covered by golden cases
# (hash-verify-json, hash-json-invalid, diff-live-kubectl-json-*).

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
ROOT=$(pwd)
FLINKC=$ROOT/flinkc
K8S_VALIDATE=$ROOT/../shared/tools/k8s-validate/run.sh

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-json.XXXXXX") || exit 3
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
		[ -f "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -6
	fi
}

# inputs from this repository only: the example and every valid golden case
# with a plain `render` of a single input file
set -- "$ROOT/examples/quickstart.yaml"
for c in testdata/native-* testdata/standalone-* testdata/security-* testdata/sessionjob-tls-target-present; do
	[ $# -ge 12 ] && break
	[ -f "$c/input.yaml" ] && [ ! -f "$c/args" ] && [ ! -s "golden/${c#testdata/}/exit" ] && set -- "$@" "$ROOT/$c/input.yaml"
done
i=0
for in in "$@"; do
	i=$((i + 1))
	name=${in#"$ROOT"/}
	"$FLINKC" render "$in" >"$tmp/$i.yaml" 2>/dev/null || continue
	"$FLINKC" render --format json "$in" >"$tmp/$i.json" 2>"$tmp/err"
	t "$name: render --format json exits 0" [ $? -eq 0 ]
	python3 - "$tmp/$i.json" "$tmp/$i.yaml" >"$tmp/err" 2>&1 <<'EOF'
import json, sys, yaml
l = json.load(open(sys.argv[1]))
assert list(l) == ["apiVersion", "kind", "items"], list(l)
assert l["apiVersion"] == "v1" and l["kind"] == "List", (l["apiVersion"], l["kind"])
docs = [d for d in yaml.safe_load_all(open(sys.argv[2])) if d is not None]
assert len(docs) == len(l["items"]), (len(docs), len(l["items"]))
for d, j in zip(docs, l["items"]):
    assert d == j, (d.get("kind"), d["metadata"]["name"])
EOF
	t "$name: the List holds the YAML stream's objects, equal and in order" [ $? -eq 0 ]
done
t "inputs: at least 10 rendered" [ "$i" -ge 10 ]
"$FLINKC" render --format json "$ROOT/examples/quickstart.yaml" >"$tmp/again.json" 2>/dev/null
t "the same bytes twice" cmp -s "$tmp/again.json" "$tmp/1.json"
t "ends with a newline, no trailing spaces" sh -c '[ "$(tail -c 1 "$1" | od -An -c | tr -d " ")" = "\\n" ] && ! grep -q " $" "$1"' sh "$tmp/1.json"

if command -v kubectl >/dev/null 2>&1; then
	mkdir -p "$tmp/kz"
	cp "$tmp/1.json" "$tmp/kz/objects.json"
	printf 'resources: [objects.json]\n' >"$tmp/kz/kustomization.yaml"
	kubectl kustomize "$tmp/kz" >"$tmp/kz.yaml" 2>"$tmp/err"
	t "kubectl (kustomize) reads the List" [ $? -eq 0 ]
	python3 - "$tmp/kz.yaml" "$tmp/1.yaml" >"$tmp/err" 2>&1 <<'EOF'
import sys, yaml
key = lambda d: (d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"])
a = sorted((d for d in yaml.safe_load_all(open(sys.argv[1])) if d), key=key)
b = sorted((d for d in yaml.safe_load_all(open(sys.argv[2])) if d), key=key)
assert a == b, [key(x) for x in a]
EOF
	t "kubectl's items are flinkc's objects" [ $? -eq 0 ]
	if [ -f "$K8S_VALIDATE" ]; then
		bash "$K8S_VALIDATE" "$tmp/kz.yaml" >"$tmp/err" 2>&1
		t "kubectl's items pass k8s-validate" [ $? -eq 0 ]
	else
		echo "json: k8s-validate check skipped (no ../shared/tools/k8s-validate)"
	fi
else
	echo "json: kubectl checks skipped (no kubectl)"
fi

echo "json: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
