#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-schema-json.sh - `flinkc schema` writes valid, deterministic JSON Schema.
#
# Checks, for the combined schema and each kind: the output parses as JSON,
# two runs give the same bytes, and (when python3-jsonschema is installed)
# it is a valid draft-07 schema that accepts every FlinkDeployment and
# FlinkSessionJob of ../shared/upstream/operator/examples except the
# canary and the api-test "unknown-fields" fixtures, which it must reject,
# and every variant of the mutation corpus (test-mutations.py --oracle) is
# rejected by it with an error on the mutated line.
# Last line: "schema-json: N passed, M failed".
set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-schema.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

for kind in "" FlinkDeployment FlinkSessionJob; do
	name=${kind:-all}
	if [ -n "$kind" ]; then set -- --kind "$kind"; else set --; fi
	./flinkc schema "$@" >"$tmp/$name.json" 2>"$tmp/err" || { bad "$name: exit status $?"; continue; }
	./flinkc schema "$@" >"$tmp/$name.2.json" 2>/dev/null
	if cmp -s "$tmp/$name.json" "$tmp/$name.2.json"; then ok; else bad "$name: two runs differ"; fi
	if python3 -c 'import json,sys; json.load(sys.stdin)' <"$tmp/$name.json"; then ok; else bad "$name: not JSON"; fi
done

if [ ! -d ../shared/upstream/operator/examples ]; then
	echo "schema-json: draft-07 checks skipped (no ../shared/upstream/operator/examples)"
	skip=1
elif python3 -c 'import jsonschema, yaml' 2>/dev/null; then
	python3 - "$tmp/all.json" ../shared/upstream/operator/examples <<'PY' >"$tmp/py" 2>&1
import glob, json, os, sys
import jsonschema, yaml

schema = json.load(open(sys.argv[1]))
passed = failed = 0
try:
    jsonschema.Draft7Validator.check_schema(schema)
    passed += 1
except jsonschema.SchemaError as e:
    print("FAIL not a draft-07 schema:", e.message)
    failed += 1
v = jsonschema.Draft7Validator(schema)
for f in sorted(glob.glob(os.path.join(sys.argv[2], "*.yaml"))):
    for doc in yaml.safe_load_all(open(f)):
        if not isinstance(doc, dict) or doc.get("kind") not in ("FlinkDeployment", "FlinkSessionJob"):
            continue
        labels = (doc.get("metadata") or {}).get("labels") or {}
        if labels.get("flink.apache.org/canary") == "true":
            continue
        errs = list(v.iter_errors(doc))
        want_bad = "unknown-fields" in f
        if bool(errs) == want_bad:
            passed += 1
        else:
            failed += 1
            print("FAIL %s (%s): %s" % (os.path.basename(f), doc["kind"],
                  "accepted" if want_bad else "; ".join(e.message for e in errs[:3])))
print("py: %d passed, %d failed" % (passed, failed))
PY
	cat "$tmp/py" | grep -v '^py: '
	counts=$(sed -n 's/^py: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$tmp/py")
	if [ -n "$counts" ]; then
		pass=$((pass + ${counts% *}))
		fail=$((fail + ${counts#* }))
	else
		bad "jsonschema check did not run"
	fi
	# the mutation corpus against the same schema: every variant invalid, on its line
	python3 scripts/test-mutations.py --oracle >"$tmp/mut" 2>&1
	counts=$(sed -n 's/^mutations: \([0-9]*\) passed, \([0-9]*\) failed.*$/\1 \2/p' "$tmp/mut")
	if [ -n "$counts" ]; then
		pass=$((pass + ${counts% *}))
		fail=$((fail + ${counts#* }))
		[ "${counts#* }" -eq 0 ] || cat "$tmp/mut"
	else
		cat "$tmp/mut"
		bad "mutation oracle did not run"
	fi
else
	echo "schema-json: python3 jsonschema/yaml not installed; draft-07 checks skipped"
fi

if [ "$skip" -ne 0 ]; then
	echo "schema-json: $pass passed, $fail failed, $skip skipped"
else
	echo "schema-json: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
