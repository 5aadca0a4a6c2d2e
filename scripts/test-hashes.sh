#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-hashes.sh - content hashes, config hashes and digests, checked from
# outside: the last line is "hashes: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
#  1. `flinkc hash` accepts every golden object stream (YAML and JSON).
#  2. Independently of flinkc's code: for every document of every golden
#     YAML stream, the bytes with the content-hash line removed (and the
#     "annotations:" line when that empties it) hash, with a 10-line C
#     program over libxxhash's XXH3_64bits, to the recorded value; every
#     Deployment's config-hash is the XXH3 of its ConfigMaps' hashes; the
#     README's definitions are what the code does.
#  3. hash-one-option-a/-b differ in one Flink option: exactly the
#     flink-config ConfigMap's and the Deployment's hashes (and config-hash)
#     differ, every other object keeps its hash.
#  4. Hashes and digests do not depend on the run: time zone, locale,
#     working directory, output format; the digest is the XXH3 of the
#     content hashes in output order.

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
FLINKC=$(pwd)/flinkc

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-hashes.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# check NAME CONDITION-COMMAND...
check() {
	name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}

# an XXH3-64 of standard input as 16 hex digits, written without flinkc's code
cat >"$tmp/xxh3.c" <<'EOF'
#include <stdio.h>
#include <xxhash.h>
int main(void)
{
	static char buf[1 << 24];
	size_t n = fread(buf, 1, sizeof buf, stdin);
	printf("%016llx\n", (unsigned long long)XXH3_64bits(buf, n));
	return n == sizeof buf;
}
EOF
if ! ${CC:-cc} -o "$tmp/xxh3" "$tmp/xxh3.c" -lxxhash 2>"$tmp/cc.err"; then
	cat "$tmp/cc.err"
	echo "hashes: 0 passed, 1 failed"
	exit 1
fi
XXH3=$tmp/xxh3

# the golden object streams
yaml_streams=
json_streams=
for f in golden/*/out.yaml; do
	case "$(head -c 11 "$f")" in
	apiVersion:) yaml_streams="$yaml_streams $f" ;;
	"{"*) # JSON Lists of objects, not the JSON Schema of `flinkc schema`
		head -c 40 "$f" | grep -q '"apiVersion"' && json_streams="$json_streams $f" ;;
	esac
done

# ---- 1. flinkc hash on every golden stream ----
for f in $yaml_streams $json_streams; do
	check "flinkc hash $f" sh -c '"$1" hash "$2" >/dev/null 2>&1' sh "$FLINKC" "$f"
done

# ---- 2. recompute from the bytes ----

# split a YAML stream into $tmp/doc.N files
split_docs() {
	rm -f "$tmp"/doc.*
	awk -v out="$tmp/doc." 'BEGIN { n = 1 } /^---$/ { n++; next } { print > (out n) }' "$1"
}

# the canonical bytes that were hashed: the document without its content-hash
# line, and without "annotations:" when that was its only entry
strip_hash() {
	awk '
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				if (line[i] ~ /^    flinkc\.io\/content-hash: /) {
					if (line[i - 1] == "  annotations:" && line[i + 1] !~ /^    /)
						drop[i - 1] = 1
					drop[i] = 1
				}
			}
			for (i = 1; i <= NR; i++)
				if (!drop[i])
					print line[i]
		}' "$1"
}

# "KIND NAMESPACE NAME CONTENT-HASH CONFIG-HASH" of a canonical YAML document
# ("-" for what it lacks); quotes around hashes removed
describe() {
	awk '
		/^[A-Za-z]/ { top = $1 }
		/^kind: / { kind = $2 }
		top == "metadata:" && /^  name: / { name = $2 }
		top == "metadata:" && /^  namespace: / { ns = $2 }
		top == "metadata:" && /^    app: / && app == "" { app = $2 }
		top == "metadata:" && /^    flinkc\.io\/content-hash: / { h = $2 }
		top == "spec:" && /^        flinkc\.io\/config-hash: / { c = $2 }
		END {
			gsub(/'\''/, "", h); gsub(/'\''/, "", c)
			print kind, (ns == "" ? "-" : ns), name, (h == "" ? "-" : h), (c == "" ? "-" : c), (app == "" ? name : app)
		}' "$1"
}

# table of a stream: one describe line per document, in output order
table() {
	split_docs "$1"
	i=1
	while [ -f "$tmp/doc.$i" ]; do
		describe "$tmp/doc.$i"
		i=$((i + 1))
	done
}

for f in $yaml_streams; do
	split_docs "$f"
	i=1
	while [ -f "$tmp/doc.$i" ]; do
		d=$tmp/doc.$i
		set -- $(describe "$d")
		want=$4
		got=$(strip_hash "$d" | "$XXH3")
		if [ "$want" = "$got" ]; then ok; else bad "$f document $i ($1 $3): recorded $want, recomputed $got"; fi
		i=$((i + 1))
	done
	# config-hash = XXH3(hash(flink-config-X) hash(pod-template-X))
	table "$f" >"$tmp/table"
	while read -r kind ns name h c app; do
		[ "$kind" = Deployment ] && [ "$c" != - ] || continue
		# the cluster is the app label: standalone X-taskmanager mounts flink-config-X
		h1=$(awk -v ns="$ns" -v n="flink-config-$app" '$1 == "ConfigMap" && $2 == ns && $3 == n { print $4 }' "$tmp/table")
		h2=$(awk -v ns="$ns" -v n="pod-template-$app" '$1 == "ConfigMap" && $2 == ns && $3 == n { print $4 }' "$tmp/table")
		got=$(printf '%s%s' "$h1" "$h2" | "$XXH3")
		if [ -n "$h1" ] && [ "$c" = "$got" ]; then ok; else bad "$f Deployment $ns/$name: config-hash $c, recomputed $got"; fi
	done <"$tmp/table"
done

# ---- 3. one Flink option changed ----
"$FLINKC" render testdata/hash-one-option-a >"$tmp/a.yaml" 2>"$tmp/a.err" || bad "render hash-one-option-a"
"$FLINKC" render testdata/hash-one-option-b >"$tmp/b.yaml" 2>"$tmp/b.err" || bad "render hash-one-option-b"
table "$tmp/a.yaml" >"$tmp/ta"
table "$tmp/b.yaml" >"$tmp/tb"
cut -d' ' -f1-3 "$tmp/ta" >"$tmp/ta3"
cut -d' ' -f1-3 "$tmp/tb" >"$tmp/tb3"
check "one option: the same objects" cmp -s "$tmp/ta3" "$tmp/tb3"
# "KIND NAME content|config" for every hash that differs
paste -d' ' "$tmp/ta" "$tmp/tb" | awk '
	$4 != $10 { print $1, $3, "content" }
	$5 != $11 { print $1, $3, "config" }' >"$tmp/changed"
cat >"$tmp/want" <<'EOF'
ConfigMap flink-config-orders content
Deployment orders content
Deployment orders config
EOF
check "one option: exactly flink-config-orders and Deployment orders change" cmp -s "$tmp/changed" "$tmp/want" ||
	{ echo "changed hashes:"; cat "$tmp/changed"; }
for k in ServiceAccount Role RoleBinding Service; do
	check "one option: every $k keeps its hash" sh -c 'grep -q "^$1 " "$2" && ! grep -q "^$1 " "$3"' sh "$k" "$tmp/ta" "$tmp/changed"
done
check "one option: pod-template-orders keeps its hash" sh -c 'grep -q "^ConfigMap streaming pod-template-orders " "$1" && ! grep -q "pod-template" "$2"' sh "$tmp/ta" "$tmp/changed"
check "one option: digests differ" sh -c '[ "$("$1" render --digest "$2")" != "$("$1" render --digest "$3")" ]' sh "$FLINKC" testdata/hash-one-option-a testdata/hash-one-option-b

# ---- 4. independent of the run ----
in=testdata/hash-one-option-a
d1=$("$FLINKC" render --digest $in)
check "digest is 16 hex digits" sh -c 'printf "%s\n" "$1" | grep -qx "[0-9a-f]\{16\}"' sh "$d1"
check "digest = XXH3 of the content hashes in output order" \
	sh -c '[ "$(cut -d" " -f4 "$1" | tr -d "\n" | "$2")" = "$3" ]' sh "$tmp/ta" "$XXH3" "$d1"
check "digest with --format json" sh -c '[ "$("$1" render --format json --digest "$2")" = "$3" ]' sh "$FLINKC" $in "$d1"
check "digest under another TZ and locale" \
	sh -c '[ "$(TZ=Pacific/Chatham LC_ALL=C.UTF-8 "$1" render --digest "$2")" = "$3" ]' sh "$FLINKC" $in "$d1"
check "digest from another directory" \
	sh -c 'cd "$4" && [ "$("$1" render --digest "$2")" = "$3" ]' sh "$FLINKC" "$(pwd)/$in" "$d1" "$tmp"
check "same bytes twice" sh -c '"$1" render "$2" | cmp -s - "$3"' sh "$FLINKC" $in "$tmp/a.yaml"
check "JSON output carries the same hashes" sh -c '
	"$1" render --format json "$2" | grep -o "\"flinkc.io/[a-z-]*-hash\": \"[0-9a-f]*\"" | sed "s/.*: \"//; s/\"//" >"$4/j"
	grep -o "flinkc.io/[a-z-]*-hash: .*" "$3" | sed "s/.*: //; s/'\''//g" | cmp -s - "$4/j"' sh "$FLINKC" $in "$tmp/a.yaml" "$tmp"
check "render -o files hash like the stream" sh -c '
	"$1" render -o "$3/out" "$2" 2>/dev/null && "$1" hash "$3/out" >/dev/null 2>&1' sh "$FLINKC" $in "$tmp"
check "--digest prints one line" sh -c '[ "$("$1" render --digest "$2" | wc -l)" -eq 1 ]' sh "$FLINKC" $in

echo "hashes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
