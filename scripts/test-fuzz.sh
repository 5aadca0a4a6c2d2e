#!/bin/sh
# test-fuzz.sh - replay the fuzz corpus (fuzz/corpus: minimized crashers and
# interesting inputs found by `make fuzz`) and every testdata input through
# the whole pipeline; any crash or hang fails.  Final line: "fuzz-replay: N passed, M failed".
set -u
if [ ! -x cmd/fuzz/replay ]; then
	echo "fuzz-replay: 0 passed, 1 failed (cmd/fuzz/replay not built)"
	exit 1
fi
timeout 300 ./cmd/fuzz/replay fuzz/corpus testdata
