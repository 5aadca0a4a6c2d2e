#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-submitter.sh - run the submitter scripts flinkc writes for
# FlinkSessionJobs against a mock of Flink's REST API, under the system sh
# and under BusyBox (when installed); see scripts/submitter-test.mjs.
# Needs node and curl (scripts/deps.sh installs them and busybox).
# Last line: "submitter: N passed, M failed".
cd "$(dirname "$0")/.." || exit 3
for tool in node curl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "submitter: $tool not found: 0 passed, 1 failed"
		exit 1
	fi
done
exec node scripts/submitter-test.mjs
