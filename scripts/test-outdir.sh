#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-outdir.sh - `flinkc render -o DIR [--prune]` and `flinkc check
# --golden DIR [--update]` on real directory states; the last line is
# "outdir: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# Each test builds directories under a temporary directory, runs ./flinkc
# and looks at the result: file names and bytes, the index, files flinkc
# did not write, pruning, that a failed run (bad input, unwritable parent,
# a file in the way, a special file) leaves DIR byte-identical (recursive
# listing with types, modes, link targets and checksums compared before
# and after) with no temporary directory left behind, the fallback without
# renameat2, and that check's diff applies with patch(1).

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
FLINKC=$(pwd)/flinkc
ORDERS=$(pwd)/testdata/hash-one-option-a
APP=$(pwd)/testdata/check-identical/in

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-outdir.XXXXXX") || exit 3
cleanup() {
	chattr -i "$tmp/ro" 2>/dev/null
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$tmp" || exit 3

# a small native application cluster "basic-example" in namespace default
BASIC=$tmp/basic.yaml
cat >"$BASIC" <<'EOF'
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic-example
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    resource: {memory: "2048m", cpu: 1}
  taskManager:
    resource: {memory: "2048m", cpu: 1}
  job:
    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar
    parallelism: 2
    upgradeMode: stateless
EOF

pass=0
fail=0
# t NAME CMD...: one assertion
t() {
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		[ -f err.txt ] && sed 's/^/    stderr: /' err.txt | head -5
	fi
}

# snap DIR: every entry with type, mode, size, link target, and file checksums
snap() {
	(cd "$1" && find . -printf '%p %y %m %s %l\n' | sort && find . -type f -exec cksum {} + | sort)
}
# no temporary .X.flinkc-* directory left beside DIR
no_leftovers() {
	! ls -a "$(dirname "$1")" | grep -q "^\.$(basename "$1")\.flinkc-"
}
# the YAML documents of a stream, one per file, as sorted checksums
doc_sums() {
	rm -rf docs && mkdir docs
	awk 'BEGIN { n = 1 } /^---$/ { n++; next } { print > ("docs/" n) }' "$1"
	(cd docs && for f in *; do cksum <"$f"; done) | sort
}
file_sums() {
	(cd "$1" && find . -type f ! -name .flinkc-index -exec sh -c 'cksum <"$1"' sh {} \;) | sort
}

# ---- a fresh directory ----
"$FLINKC" render "$ORDERS" >stream.yaml
"$FLINKC" render -o fresh "$ORDERS" >out.txt 2>err.txt
rc=$?
t "fresh: exit 0" [ $rc -eq 0 ]
t "fresh: nothing on stdout" [ ! -s out.txt ]
t "fresh: a summary on stderr" grep -q "^flinkc: wrote fresh: 8 added, 0 changed, 0 unchanged, 0 removed$" err.txt
t "fresh: one file per object" [ "$(find fresh -type f ! -name .flinkc-index | wc -l)" -eq "$(grep -c '^kind:' stream.yaml)" ]
doc_sums stream.yaml >want.sums
file_sums fresh >got.sums
t "fresh: each file is exactly one object's canonical text" cmp -s want.sums got.sums
for f in streaming/configmap_flink-config-orders.yaml streaming/configmap_pod-template-orders.yaml \
	streaming/deployment.apps_orders.yaml streaming/role.rbac.authorization.k8s.io_flinkc-flink.yaml \
	streaming/rolebinding.rbac.authorization.k8s.io_flinkc-flink.yaml streaming/service_orders.yaml \
	streaming/service_orders-rest.yaml streaming/serviceaccount_flink.yaml; do
	t "fresh: $f" [ -f "fresh/$f" ]
done
(cd fresh && find . -type f ! -name .flinkc-index | sed 's|^\./||' | sort) >want.index
grep -v '^#' fresh/.flinkc-index >got.index
t "fresh: the index lists exactly the files, sorted" cmp -s want.index got.index
t "fresh: the files pass flinkc hash" sh -c '"$1" hash fresh >/dev/null 2>&1' sh "$FLINKC"
"$FLINKC" render -o "$tmp/fresh-abs/" "$ORDERS" 2>/dev/null
t "fresh: absolute path with a trailing slash" diff -r fresh fresh-abs
"$FLINKC" render --format json -o json "$ORDERS" 2>/dev/null
t "fresh: --format json writes .json files" [ -f json/streaming/deployment.apps_orders.json ]
"$FLINKC" render -o cluster "$APP" 2>/dev/null
t "fresh: objects without a namespace go to _cluster/" [ -f cluster/_cluster/clusterrole.rbac.authorization.k8s.io_web-reader.yaml ]
t "fresh: no temporary directory left" no_leftovers fresh

# ---- nothing to do: DIR is not touched ----
ino=$(stat -c %i fresh)
snap fresh >before
"$FLINKC" render -o fresh "$ORDERS" 2>err.txt
t "again: exit 0" [ $? -eq 0 ]
t "again: reported up to date" grep -q "^flinkc: fresh is up to date (8 files)$" err.txt
t "again: same directory (inode)" [ "$(stat -c %i fresh)" = "$ino" ]
snap fresh >after
t "again: byte-identical" cmp -s before after

# ---- an existing directory with user files and a stale flinkc file ----
cp -a fresh existing
echo "written by a person" >existing/README.md
mkdir existing/streaming/notes existing/empty
echo "keep me" >existing/streaming/notes/todo.txt
ln -s README.md existing/link
chmod 640 existing/README.md
chmod 750 existing/streaming/notes
ino_user=$(stat -c %i existing/README.md)
"$FLINKC" render -o existing "$BASIC" 2>err.txt
t "no prune: exit 0" [ $? -eq 0 ]
t "no prune: summary counts kept files" grep -q "8 no longer rendered, kept (use --prune to remove)" err.txt
t "no prune: stale flinkc file stays" cmp -s fresh/streaming/deployment.apps_orders.yaml existing/streaming/deployment.apps_orders.yaml
t "no prune: stale files stay in the index" grep -qx "streaming/deployment.apps_orders.yaml" existing/.flinkc-index
t "no prune: new files written" [ -f existing/default/deployment.apps_basic-example.yaml ]
t "no prune: user file untouched (same inode, mode, bytes)" sh -c '[ "$(stat -c "%i %a" existing/README.md)" = "$1 640" ] && [ "$(cat existing/README.md)" = "written by a person" ]' sh "$ino_user"
t "no prune: user directory and its file kept with its mode" sh -c '[ "$(stat -c %a existing/streaming/notes)" = 750 ] && [ "$(cat existing/streaming/notes/todo.txt)" = "keep me" ]'
t "no prune: empty user directory kept" [ -d existing/empty ]
t "no prune: symbolic link kept" [ "$(readlink existing/link)" = README.md ]
cp -a existing existing2
"$FLINKC" render -o existing --prune "$BASIC" 2>err.txt
t "prune: exit 0" [ $? -eq 0 ]
t "prune: summary" grep -q "^flinkc: wrote existing: 0 added, 0 changed, 8 unchanged, 8 removed$" err.txt
t "prune: stale flinkc files removed" [ ! -e existing/streaming/deployment.apps_orders.yaml ]
t "prune: index holds only rendered files" sh -c '! grep -q "^streaming/" existing/.flinkc-index && [ "$(grep -vc "^#" existing/.flinkc-index)" -eq 8 ]'
t "prune: user files kept" sh -c '[ -f existing/README.md ] && [ -f existing/streaming/notes/todo.txt ] && [ -L existing/link ] && [ -d existing/empty ]'
t "prune: user file still the same inode" [ "$(stat -c %i existing/README.md)" = "$ino_user" ]
rm -r existing2/streaming/notes
"$FLINKC" render -o existing2 --prune "$BASIC" 2>/dev/null
t "prune: a directory emptied by pruning is removed" [ ! -e existing2/streaming ]
t "prune: an empty user directory is not" [ -d existing2/empty ]
t "prune: no temporary directory left" no_leftovers existing

# a user file at a path flinkc renders is replaced (and then listed as flinkc's)
mkdir taken && mkdir taken/default && echo mine >taken/default/service_basic-example.yaml
"$FLINKC" render -o taken "$BASIC" 2>/dev/null
t "replace: rendered file replaces a file at its path" grep -q "^kind: Service" taken/default/service_basic-example.yaml

# ---- failures leave DIR exactly as it was ----
cp -a existing victim
snap victim >before
printf 'apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: bad\nspec:\n  job:\n    parallelism: four\n' >bad.yaml
"$FLINKC" render -o victim --prune bad.yaml >/dev/null 2>err.txt
t "bad input: exit 1" [ $? -eq 1 ]
snap victim >after
t "bad input: DIR byte-identical" cmp -s before after
t "bad input: no temporary directory left" no_leftovers victim

# a file in the way of a namespace directory: fails after the new tree is half built
mkdir blocked && echo "not a directory" >blocked/streaming && echo x >blocked/keep.txt
snap blocked >before
"$FLINKC" render -o blocked --prune "$ORDERS" >/dev/null 2>err.txt
t "file in the way: exit 3" [ $? -eq 3 ]
t "file in the way: E0710 names the file" grep -q "error\[E0710\]: cannot copy 'blocked/streaming'" err.txt
snap blocked >after
t "file in the way: DIR byte-identical" cmp -s before after
t "file in the way: no temporary directory left" no_leftovers blocked

# a special file cannot be carried over (when something changes; else DIR is not touched)
cp -a existing special && mkfifo special/pipe
snap special >before
"$FLINKC" render -o special "$ORDERS" >/dev/null 2>err.txt
t "special file: exit 3" [ $? -eq 3 ]
t "special file: E0712" grep -q "error\[E0712\]" err.txt
snap special >after
t "special file: DIR byte-identical" cmp -s before after
t "special file: no temporary directory left" no_leftovers special

# an unwritable parent: chattr +i as root, chmod otherwise
mkdir ro && cp -a existing ro/out
snap ro/out >before
locked=false
if [ "$(id -u)" -eq 0 ]; then
	chattr +i ro 2>/dev/null && locked=true
else
	chmod 555 ro && locked=true
fi
if $locked && ! touch ro/probe 2>/dev/null; then
	"$FLINKC" render -o ro/out --prune "$ORDERS" >/dev/null 2>err.txt
	t "unwritable: exit 3" [ $? -eq 3 ]
	t "unwritable: E0710" grep -q "error\[E0710\]: cannot create a directory beside 'ro/out'" err.txt
	snap ro/out >after
	t "unwritable: DIR byte-identical" cmp -s before after
else
	echo "SKIP unwritable parent (cannot make one here)"
fi
chattr -i ro 2>/dev/null
chmod 755 ro
"$FLINKC" render -o /proc/flinkc-test-out "$ORDERS" >/dev/null 2>err.txt
t "unwritable: /proc exits 3" [ $? -eq 3 ]
touch plainfile
"$FLINKC" render -o plainfile "$ORDERS" >/dev/null 2>err.txt
t "not a directory: exit 3 with E0711" sh -c '[ $1 -eq 3 ] && grep -q "error\[E0711\]" err.txt' sh $?

# ---- without renameat2: rename aside, rename in ----
cp -a existing fallback
FLINKC_TEST_NO_EXCHANGE=1 "$FLINKC" render -o fallback --prune "$ORDERS" 2>err.txt
t "fallback: exit 0" [ $? -eq 0 ]
cp -a existing exchange
"$FLINKC" render -o exchange --prune "$ORDERS" 2>/dev/null
t "fallback: same result as the exchange" sh -c 'snap() { (cd "$1" && find . -printf "%p %y %m %s %l\n" | sort && find . -type f -exec cksum {} + | sort); }; [ "$(snap fallback)" = "$(snap exchange)" ]'
t "fallback: no temporary directory left" no_leftovers fallback

# ---- DIR is a symbolic link: the link stays, its target is updated ----
mkdir target && ln -s target linked
"$FLINKC" render -o linked "$BASIC" 2>/dev/null
t "symlink: still a link" [ -L linked ]
t "symlink: target written" [ -f target/default/deployment.apps_basic-example.yaml ]

# ---- check ----
"$FLINKC" render -o golden "$ORDERS" 2>/dev/null
"$FLINKC" check --golden golden "$ORDERS" >out.txt 2>err.txt
t "check identical: exit 0" [ $? -eq 0 ]
t "check identical: no output" [ ! -s out.txt ]
t "check identical: summary" grep -q "^flinkc: golden is up to date (8 files)$" err.txt
sed -i 's/parallelism.default: 4/parallelism.default: 3/' golden/streaming/configmap_flink-config-orders.yaml
rm golden/streaming/service_orders.yaml
"$FLINKC" render -o golden "$BASIC" 2>/dev/null # a flinkc file for an object no longer in the input
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' >golden/streaming/stray.yaml
snap golden >before
"$FLINKC" check --golden golden "$ORDERS" >out.txt 2>err.txt
t "check differences: exit 1" [ $? -eq 1 ]
snap golden >after
t "check differences: writes nothing" cmp -s before after
t "check differences: diff of the changed file" grep -q "^-    parallelism.default: 3$" out.txt
t "check differences: missing file" grep -qx "missing: golden/streaming/service_orders.yaml" out.txt
t "check differences: extra flinkc file" grep -qx "extra: golden/default/deployment.apps_basic-example.yaml" out.txt
t "check differences: extra file not written by flinkc" grep -qx "extra: golden/streaming/stray.yaml (not written by flinkc; --update keeps it)" out.txt
t "check differences: summary" grep -q "golden differs from the rendered objects: 1 changed, 1 missing, 9 extra" err.txt
cp -a golden patched
sed -n '/^--- /,/^missing: /p' out.txt | sed '$d' | sed 's|golden/|patched/|' >fix.patch
if command -v patch >/dev/null 2>&1; then
	t "check differences: the diff applies with patch -p0" sh -c 'patch -s -p0 <fix.patch >/dev/null && cmp -s patched/streaming/configmap_flink-config-orders.yaml fresh/streaming/configmap_flink-config-orders.yaml'
else
	echo "SKIP patch -p0 (no patch(1) here)"
fi
"$FLINKC" check --golden golden --update "$ORDERS" >out.txt 2>err.txt
t "check --update: exit 1 when it changed DIR" [ $? -eq 1 ]
t "check --update: summary" grep -q "^flinkc: updated golden: 1 added, 1 changed, 6 unchanged, 8 removed$" err.txt
cp -a golden golden-again
"$FLINKC" check --golden golden-again --update "$ORDERS" >out.txt 2>err.txt
t "check --update: exit 0 when DIR was up to date" [ $? -eq 0 ]
t "check --update: up to date summary" grep -q "^flinkc: golden-again is up to date (8 files)$" err.txt
rm -rf golden-again
"$FLINKC" check --golden golden "$ORDERS" >out.txt 2>err.txt
t "check after --update: only the stray file is left" sh -c '[ $1 -eq 1 ] && [ "$(cat out.txt)" = "extra: golden/streaming/stray.yaml (not written by flinkc; --update keeps it)" ]' sh $?
rm golden/streaming/stray.yaml
"$FLINKC" check --golden golden "$ORDERS" >/dev/null 2>&1
t "check after removing it: exit 0" [ $? -eq 0 ]
t "check --update equals render -o --prune" diff -r golden fresh
"$FLINKC" check --golden golden bad.yaml >out.txt 2>err.txt
t "check with bad input: exit 1, located diagnostic, no diff" sh -c '[ $1 -eq 1 ] && [ ! -s out.txt ] && grep -q "^bad.yaml:[0-9]*:[0-9]*: error\[E" err.txt' sh $?

echo "outdir: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
