#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-hook.sh - run the lifecycle hook scripts flinkc writes for
# FlinkDeployments (upgradeMode: savepoint) against a fake Flink REST API
# and a fake Kubernetes API, under the system sh and BusyBox, and the
# JobManager's restore logic with the ConfigMap's files present or absent;
# see scripts/hook-test.mjs.  Needs node, curl and bash.
# Last line: "hook: N passed, M failed".
cd "$(dirname "$0")/.." || exit 3
for tool in node curl bash; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "hook: $tool not found: 0 passed, 1 failed"
		exit 1
	fi
done
exec node scripts/hook-test.mjs
