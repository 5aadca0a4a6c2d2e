#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-build.sh - the Makefile is honest, checked with `make -n` (nothing
# is built):
#  - the object of every source file depends on every header of the
#    repository the file includes, directly or through other headers;
#  - `make asan` and `make fuzz` put every object and binary under
#    build/asan/ and build/fuzz/, and the plain build names none of those
#    and no sanitizer, so a plain `make` after them never links an
#    instrumented object.
# Run after the binaries of make test are built.  Final line: "N passed, M failed".
set -u
LC_ALL=C
export LC_ALL
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL build: $*"
	fail=$((fail + 1))
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-build.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

replay=
for f in cmd/fuzz/fuzz_*.c; do
	n=${f#cmd/fuzz/fuzz_}
	replay="$replay cmd/fuzz/replay-${n%.c}"
done
# shellcheck disable=SC2086
set -- flinkc flinkc-faults unit-bin $replay

# every source file of the build with the closure of the repository's
# headers it includes (a header is looked up beside the file, then in
# compiler/, as -iquote compiler does): "HEADER SOURCE" lines
grep -H '^#include "' compiler/*.[ch] cmd/*/*.[ch] | awk -F'"' '
BEGIN {
	while (("ls compiler/*.h cmd/*/*.h" | getline x) > 0)
		exists[x] = 1
}
{
	file = substr($1, 1, index($1, ":") - 1)
	dir = file
	sub(/\/[^\/]*$/, "", dir)
	n = inc[file]++
	inc[file, n] = $2
	incdir[file, n] = dir
}
function resolve(d, h,   p) {
	p = d "/" h
	return p in exists ? p : "compiler/" h
}
function closure(f,   k, h) {
	for (k = 0; k < inc[f]; k++) {
		h = resolve(incdir[f, k], inc[f, k])
		if (!(h in seen)) {
			seen[h] = 1
			closure(h)
		}
	}
}
END {
	for (f in inc) {
		if (f !~ /\.c$/ || f ~ /_gen\.c$/ || f ~ /^cmd\/(golden|gen\/embed)/)
			continue
		split("", seen)
		closure(f)
		for (h in seen)
			print h, f
	}
}' >"$tmp/deps"
# make's database: the prerequisites of every target of the build
make -p -n -s "$@" cmd/gen/nodes >"$tmp/db" 2>&1 || {
	bad "make -p -n failed: $(tail -n 1 "$tmp/db")"
}
# "HEADER SOURCE" lines whose header is not a prerequisite of the source's target
awk '
FNR == NR {
	if ($1 ~ /:$/ && $2 != ".SHELLSTATUS") {
		t = substr($1, 1, length($1) - 1)
		for (i = 2; i <= NF; i++)
			dep[t, $i] = 1
		target[t] = 1
	}
	next
}
{
	t = $2
	if (t == "cmd/gen/nodes.c")
		t = "cmd/gen/nodes"
	else
		sub(/\.c$/, ".o", t)
	if (!(t in target))
		print t " is not a target of the build"
	else if (!((t, $1) in dep))
		print t " does not depend on " $1 " (included by " $2 ")"
	else
		print "ok"
}' "$tmp/db" "$tmp/deps" >"$tmp/res"
pass=$((pass + $(grep -c '^ok$' "$tmp/res")))
while read -r line; do
	[ "$line" = ok ] || bad "$line"
done <"$tmp/res"

# instrumented builds stay in their directories
check_dir() {
	what=$1 dir=$2
	shift 2
	make -n -B -s "$@" >"$tmp/cmds" 2>&1 || {
		bad "$what: make -n failed: $(tail -n 1 "$tmp/cmds")"
		return
	}
	# outputs of instrumented commands, and objects they read
	grep -e '-fsanitize' "$tmp/cmds" |
		awk '{ for (i = 1; i <= NF; i++) if ($i == "-o") print $(++i); else if ($i ~ /\.[oa]$/) print $i }' |
		grep -v "^$dir" | sort -u >"$tmp/stray"
	if [ -s "$tmp/stray" ]; then
		bad "$what: outside $dir: $(tr '\n' ' ' <"$tmp/stray")"
	elif grep -e '-fsanitize' "$tmp/cmds" | grep -q -e '-o cmd/gen/'; then
		bad "$what: a build tool is instrumented"
	else
		ok
	fi
}
check_dir asan build/asan/ O=build/asan/ CFLAGS='-O1 -g -fsanitize=address,undefined' \
	LDFLAGS='-fsanitize=address,undefined' build/asan/flinkc build/asan/flinkc-faults \
	build/asan/cmd/unit/unit build/asan/cmd/golden/golden
check_dir fuzz build/fuzz/ O=build/fuzz/ CC=clang CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address' \
	build/fuzz/cmd/fuzz/fuzz-compile
# the targets name the same directories as the checks above
for t in asan fuzz; do
	if make -n "$t" 2>/dev/null | grep -q "O=build/$t/"; then ok; else bad "make $t does not build into build/$t/"; fi
done
# the plain build: no sanitizer, nothing under build/
make -n -B -s "$@" >"$tmp/cmds" 2>&1
if grep -q -e '-fsanitize' -e ' build/' "$tmp/cmds"; then
	bad "the plain build: $(grep -e '-fsanitize' -e ' build/' "$tmp/cmds" | head -n 1)"
else
	ok
fi

echo "build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
