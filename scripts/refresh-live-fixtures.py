#!/usr/bin/env python3
# refresh-live-fixtures.py - bring the drift-detection fixtures up to date.
#
# testdata/diff-live-*/live.yaml look like `kubectl get -o yaml` output:
# flinkc's objects as the API server returns them (status, managedFields,
# uid, defaults, normalized quantities) plus deliberate edits.  When the
# emitters change, every rendered object changes and the fixtures would
# report "out of date" everywhere.  This script re-renders the inputs,
# merges each rendered object into its live counterpart (rendered values
# win, server-added fields stay), adds live objects for new rendered ones,
# and re-applies each fixture's deliberate edits.  Run it from the repo
# root after `make flinkc`, then review `git diff testdata/diff-live-*`
# and `make golden-update`.
import copy
import json
import subprocess
import sys

import yaml

EXAMPLE = "../shared/upstream/operator/examples/basic.yaml"


def render(inputs):
    out = subprocess.run(["./flinkc", "render", *inputs], check=True, capture_output=True, text=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def key(o):
    m = o.get("metadata", {})
    return (o["kind"], m.get("namespace", ""), m["name"])


def named(lst):
    return all(isinstance(x, dict) and "name" in x for x in lst)


def merge(live, want):
    """what the API server would hold after applying `want` over `live`"""
    if isinstance(live, dict) and isinstance(want, dict):
        out = copy.deepcopy(live)
        for k, v in want.items():
            out[k] = merge(live.get(k), v)
        return out
    if isinstance(live, list) and isinstance(want, list):
        if named(live) and named(want):
            by = {x["name"]: x for x in live}
            return [merge(by.get(x["name"]), x) for x in want]
        return [merge(live[i] if i < len(live) else None, x) for i, x in enumerate(want)]
    return copy.deepcopy(want)


def server_fields(o, n):
    """a new live object: what every object gets from the API server"""
    m = o.setdefault("metadata", {})
    m["creationTimestamp"] = "2025-03-04T10:15:22Z"
    m["resourceVersion"] = str(41200 + n)
    m["uid"] = "6b1f00%02d-3c2e-4d7a-9f10-2b8e5a3c1d%02d" % (n, n)
    m["managedFields"] = [{"apiVersion": o["apiVersion"], "fieldsType": "FieldsV1", "fieldsV1": {},
                           "manager": "kubectl-client-side-apply", "operation": "Update",
                           "time": "2025-03-04T10:15:22Z"}]
    return o


def last_applied(live, want):
    ann = live["metadata"].setdefault("annotations", {})
    ann["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(want, sort_keys=True,
                                                                         separators=(",", ":")) + "\n"


def container(o, name):
    for c in o["spec"]["template"]["spec"]["containers"]:
        if c["name"] == name:
            return c
    raise KeyError(name)


def refresh(path, inputs, edits=None, absent=(), stale=()):
    text = open(path).read()
    header = []
    for line in text.splitlines(True):
        if not line.startswith("#"):
            break
        header.append(line)
    docs = [d for d in yaml.safe_load_all(text) if d]
    is_list = len(docs) == 1 and docs[0].get("kind") == "List"
    items = docs[0]["items"] if is_list else docs
    live = {key(o): o for o in items}
    order = [key(o) for o in items]
    for n, want in enumerate(render(inputs)):
        k = key(want)
        if k in absent:
            live.pop(k, None)
            continue
        if k in stale:
            continue
        old = live.get(k) or server_fields({"apiVersion": want["apiVersion"], "kind": want["kind"],
                                            "metadata": {}}, n)
        new = merge(old, want)
        last_applied(new, want)
        if k not in live:
            order.append(k)
        live[k] = new
    if edits:
        edits(live)
    out = [live[k] for k in order if k in live]
    body = yaml.safe_dump({"apiVersion": "v1", "items": out, "kind": "List", "metadata": {"resourceVersion": ""}}
                          if is_list else None, sort_keys=True, default_flow_style=False) if is_list else \
        yaml.safe_dump_all(out, sort_keys=True, default_flow_style=False)
    open(path, "w").write("".join(header) + body)


def classes_edits(live):
    d = live[("Deployment", "default", "basic-example")]
    d["spec"]["replicas"] = 2
    container(d, "flink-main-container")["image"] = "flink:2.2-debug"
    live[("Service", "default", "basic-example-rest")]["spec"]["type"] = "NodePort"


def main():
    refresh("testdata/diff-live-in-sync/live.yaml", [EXAMPLE])
    refresh("testdata/diff-live-classes/live.yaml", [EXAMPLE, "testdata/diff-live-classes/settings.yaml"],
            edits=classes_edits,
            absent={("RoleBinding", "default", "flinkc-flink")},
            stale={("ConfigMap", "default", "job-settings")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
