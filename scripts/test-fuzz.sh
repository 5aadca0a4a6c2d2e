#!/bin/sh
# test-fuzz.sh - replay every fuzz harness's corpus: cmd/fuzz/fuzz_NAME.c
# through cmd/fuzz/replay-NAME over fuzz/NAME (minimized finds and seeds of
# `make fuzz FUZZER=NAME`); the compile harness also gets every testdata
# input.  Any crash or hang fails.  Final line: "N passed, M failed".
set -u
pass=0 fail=0
for src in cmd/fuzz/fuzz_*.c; do
	name=${src#cmd/fuzz/fuzz_}
	name=${name%.c}
	extra=
	[ "$name" = compile ] && extra=testdata
	if [ ! -x "cmd/fuzz/replay-$name" ]; then
		echo "fuzz-$name: cmd/fuzz/replay-$name not built"
		fail=$((fail + 1))
		continue
	fi
	# shellcheck disable=SC2086
	out=$(timeout 300 "./cmd/fuzz/replay-$name" "fuzz/$name" $extra 2>&1)
	rc=$?
	echo "$out" | tail -n 1
	n=$(echo "$out" | sed -n 's/^replay-.*: \([0-9][0-9]*\) passed, 0 failed$/\1/p' | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -n "$n" ]; then
		pass=$((pass + n))
	else
		echo "$out" | tail -n 20
		echo "fuzz-$name: exit status $rc"
		fail=$((fail + 1))
	fi
done
echo "fuzz-replay: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
