#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-modules.sh - the module graph of compiler/ has no cycle, so the
# pipeline reads one way (source -> yaml -> validate/rules -> lower -> emit
# -> write; STYLE.md §1).
#
# The graph comes from the #include "y.h" lines of compiler/x.c: an edge
# x -> y when y.c exists and y is not x.  Headers without a .c (base.h,
# model.h, ctx.h, fc.h, os.h, test.h) hold only types and are no module;
# unit tests (*_test.c) and generated sources (*_gen.c) are no module
# either.  Every module on a cycle fails, and the cycle is printed.
#
# `test-modules.sh --graph` prints the edges instead; `test-modules.sh DIR`
# checks another directory.  The script first checks itself on a small
# graph with a known cycle, so that it cannot pass by seeing nothing.
# Last line: "N passed, M failed".

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL

# edges DIR: "x y" per edge, sorted
edges() {
	for c in "$1"/*.c; do
		x=${c##*/}
		x=${x%.c}
		case $x in *_test | *_gen) continue ;; esac
		sed -n 's/^[ 	]*#[ 	]*include[ 	]*"\([^"/]*\)\.h".*$/\1/p' "$c" | sort -u |
			while read -r y; do
				[ "$y" != "$x" ] && [ -f "$1/$y.c" ] && echo "$x $y"
			done
	done | sort -u
}

# modules DIR: every module, one a line
modules() {
	for c in "$1"/*.c; do
		x=${c##*/}
		x=${x%.c}
		case $x in *_test | *_gen) continue ;; esac
		echo "$x"
	done
}

# cycles: reads "x y" edges, prints "cycle: a -> b -> a" for every cycle a
# depth-first search closes (one per back edge), then "on-cycle: m" for
# every module on one
cycles() {
	awk '
	{ n[$1]++; adj[$1, n[$1]] = $2; node[$1] = 1; node[$2] = 1 }
	function dfs(u,    i, v, k, s) {
		color[u] = 1
		stack[++top] = u
		for (i = 1; i <= n[u]; i++) {
			v = adj[u, i]
			if (color[v] == 1) {
				s = ""
				for (k = top; k >= 1 && stack[k] != v; k--)
					;
				for (; k <= top; k++) {
					s = s stack[k] " -> "
					on[stack[k]] = 1
				}
				print "cycle: " s v
			} else if (color[v] == 0)
				dfs(v)
		}
		top--
		color[u] = 2
	}
	END {
		# a fixed order: sort the names (insertion sort, a few dozen)
		m = 0
		for (u in node)
			names[++m] = u
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && names[j - 1] > names[j]; j--) {
				t = names[j]; names[j] = names[j - 1]; names[j - 1] = t
			}
		top = 0
		for (i = 1; i <= m; i++)
			if (color[names[i]] == 0)
				dfs(names[i])
		for (i = 1; i <= m; i++)
			if (on[names[i]])
				print "on-cycle: " names[i]
	}'
}

if [ "${1:-}" = "--graph" ]; then
	edges "${2:-compiler}"
	exit 0
fi
dir=${1:-compiler}

pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-modules.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

# the detector itself: a -> b -> c -> a is found, d (which only points into
# it) and e (a type header's user) are not on it, self-includes are no edge
mkdir "$tmp/self"
printf '#include "a.h"\n#include "b.h"\n' >"$tmp/self/a.c"
printf '#include "b.h"\n#include "c.h"\n#include "t.h"\n' >"$tmp/self/b.c"
printf '#include "c.h"\n  #  include "a.h" /* back */\n' >"$tmp/self/c.c"
printf '#include "a.h"\n' >"$tmp/self/d.c"
printf '#include "t.h"\n' >"$tmp/self/e.c"
printf '#include "d.h"\n' >"$tmp/self/d_test.c"
edges "$tmp/self" | cycles >"$tmp/self.out"
if grep -qx 'cycle: a -> b -> c -> a' "$tmp/self.out" &&
	[ "$(grep -c '^on-cycle: ' "$tmp/self.out")" -eq 3 ] &&
	! grep -q 'on-cycle: [de]$' "$tmp/self.out"; then
	pass=$((pass + 1))
else
	echo "FAIL modules: the detector misses the cycle a -> b -> c -> a:"
	cat "$tmp/self.out"
	fail=$((fail + 1))
fi

edges "$dir" >"$tmp/edges"
if [ ! -s "$tmp/edges" ]; then
	echo "FAIL modules: no #include edges found in $dir"
	echo "modules: $pass passed, $((fail + 1)) failed"
	exit 1
fi
cycles <"$tmp/edges" >"$tmp/cycles"
grep '^cycle: ' "$tmp/cycles" | sed 's/^/FAIL modules: /'
for m in $(modules "$dir"); do
	if grep -qx "on-cycle: $m" "$tmp/cycles"; then
		echo "FAIL modules: $m is on a cycle of #include edges"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "modules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
