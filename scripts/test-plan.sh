#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-plan.sh - `flinkc plan` against `flinkc render`, checked from outside:
# the last line is "plan: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# For every input set (each golden case that renders successfully, a generated
# fleet of varied FlinkDeployments and FlinkSessionJobs, and the fleet of
# `make bench`), it renders and plans (--format json) the same inputs and
# checks, in Python with its own quantity parser:
#   1. every rendered object with pods (Deployment, Job, ...) is in the plan,
#      with its pod count, and every container's CPU and memory requests and
#      limits are the rendered ones (requests default to limits); the pod's
#      effective figures follow the Kubernetes rule (README "Capacity plan");
#   2. every native TaskManager pod agrees with what Flink builds from the
#      rendered flink-config and pod-template ConfigMaps (facts N8.4): memory
#      request = taskmanager.memory.process.size in MiB, limit = that x the
#      limit factor (truncated), CPU = taskmanager.cpu.cores, else
#      kubernetes.taskmanager.cpu.amount > 0, else the slots, x its factor;
#      the template's other containers as they are;
#   3. a native application's TaskManager count is Flink's ceil(parallelism.default
#      / taskmanager.numberOfTaskSlots) (without slot-manager bounds or overrides),
#      a standalone one's the TaskManager Deployment's replicas;
#   4. the namespace and overall totals are the sums of count x pod figures.
# Needs python3 with PyYAML; nothing outside the repository.

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL

if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "plan: skipped (no python3 with PyYAML)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-plan.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# the fleet of `make bench` too (scripts/bench.sh's generator), 200 jobs
sed -n '/^gen()/,/^}/p' scripts/bench.sh >"$tmp/gen.sh"
if [ -s "$tmp/gen.sh" ]; then
	. "$tmp/gen.sh"
	gen 200 "$tmp/bench"
fi

FLINKC=$(pwd)/flinkc TMP=$tmp python3 - <<'EOF'
import json, math, os, re, subprocess, sys, random
from decimal import Decimal, ROUND_CEILING
import yaml

FLINKC = os.environ["FLINKC"]
TMP = os.environ["TMP"]
passed = failed = 0

def bad(msg):
    global failed
    failed += 1
    print("FAIL", msg)

def good():
    global passed
    passed += 1

SUFFIX = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60,
          "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": 1,
          "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18}

def quantity(v):
    """a Kubernetes quantity as a Decimal"""
    s = str(v).strip()
    m = re.fullmatch(r"([+-]?[0-9.]+)([eE][+-]?[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?", s)
    if not m:
        raise ValueError(s)
    x = Decimal(m.group(1) + (m.group(2) or ""))
    return x * Decimal(SUFFIX[m.group(3) or ""])

def cpu_milli(v):
    return int((quantity(v) * 1000).to_integral_value(ROUND_CEILING))

def mem_bytes(v):
    return min(MAX, int(quantity(v).to_integral_value(ROUND_CEILING)))

def container_res(c):
    res = c.get("resources") or {}
    req, lim = res.get("requests") or {}, res.get("limits") or {}
    out = {}
    for name, conv, key in (("cpu", cpu_milli, "cpu"), ("memory", mem_bytes, "memory")):
        l = conv(lim[key]) if key in lim else 0
        r = conv(req[key]) if key in req else l
        out[name] = (r, l)
    return {"cpuRequestMillis": out["cpu"][0], "cpuLimitMillis": out["cpu"][1],
            "memoryRequestBytes": out["memory"][0], "memoryLimitBytes": out["memory"][1]}

MAX = 2**63 - 1  # the plan saturates there (a "1024m" request with an "8Gi" limit gets near it)

FIELDS = ("cpuRequestMillis", "cpuLimitMillis", "memoryRequestBytes", "memoryLimitBytes")

def effective(spec):
    """Kubernetes' effective pod figures, sidecars (restartPolicy: Always) included"""
    inits = spec.get("initContainers") or []
    cs = spec.get("containers") or []
    out = {}
    for f in FIELDS:
        run = sum(container_res(c)[f] for c in cs)
        side = peak = 0
        for c in inits:
            v = container_res(c)[f]
            if c.get("restartPolicy") == "Always":
                side += v
            else:
                peak = max(peak, side + v)
        out[f] = min(max(run + side, peak), MAX)
    return out

def pod_of(obj):
    kind, spec = obj["kind"], obj.get("spec") or {}
    if kind == "Pod":
        return spec, 1, False
    if kind in ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"):
        return spec["template"]["spec"], spec.get("replicas", 1), False
    if kind == "DaemonSet":
        return spec["template"]["spec"], 1, False
    if kind == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    elif kind != "Job":
        return None, 0, False
    return spec["template"]["spec"], spec.get("parallelism", 1), True

def flink_memory(s):
    m = re.fullmatch(r"\s*([0-9]+)\s*([a-zA-Z]*)\s*", str(s))
    unit = m.group(2).lower()
    mult = {"": 1, "b": 1, "bytes": 1, "k": 2**10, "kb": 2**10, "m": 2**20, "mb": 2**20,
            "g": 2**30, "gb": 2**30, "t": 2**40, "tb": 2**40}[unit]
    return int(m.group(1)) * mult

def flatten(d, prefix=""):
    out = {}
    for k, v in (d or {}).items():
        if isinstance(v, dict):
            out.update(flatten(v, prefix + str(k) + "."))
        else:
            out[prefix + str(k)] = v
    return out

def flink_conf(cm):
    data = cm.get("data") or {}
    if "config.yaml" in data:
        return {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in flatten(yaml.safe_load(data["config.yaml"])).items()}
    conf = {}
    for line in data.get("flink-conf.yaml", "").splitlines():
        if ": " in line and not line.startswith("#"):
            k, v = line.split(": ", 1)
            conf[k] = v
    return conf

def check_set(label, inputs):
    r = subprocess.run([FLINKC, "render"] + inputs, capture_output=True, text=True)
    p = subprocess.run([FLINKC, "plan", "--format", "json"] + inputs, capture_output=True, text=True)
    if r.returncode != 0:
        return  # only input sets that render
    if p.returncode != 0 and not re.search(r"E077[01]", p.stderr):  # a quota problem still prints the plan
        bad("%s: plan exit %d: %s" % (label, p.returncode, p.stderr[:300]))
        return
    plan = json.loads(p.stdout)
    objs = [o for o in yaml.safe_load_all(r.stdout) if o]
    pods = {}
    for e in plan["jobs"]:
        for pod in e["pods"]:
            pods[(e["namespace"], pod["object"])] = (e, pod)
    cms = {(o["metadata"].get("namespace", "default"), o["metadata"]["name"]): o for o in objs if o["kind"] == "ConfigMap"}
    ok = True
    # 1. rendered pods
    for o in objs:
        spec, count, is_job = pod_of(o)
        if spec is None:
            continue
        ns = o["metadata"].get("namespace", "default")
        key = (ns, "%s/%s" % (o["kind"], o["metadata"]["name"]))
        if key not in pods:
            bad("%s: %s/%s not in the plan" % (label, ns, key[1])); ok = False
            continue
        e, pod = pods.pop(key)
        want = [(c.get("name"), container_res(c)) for c in (spec.get("initContainers") or []) + (spec.get("containers") or [])]
        have = [(c["name"], c["resources"]) for c in pod["containers"]]
        if want != have:
            bad("%s: %s containers: rendered %s, plan %s" % (label, key[1], want, have)); ok = False
        if pod["count"] != count or pod["job"] != is_job:
            bad("%s: %s count %s job %s, plan %s %s" % (label, key[1], count, is_job, pod["count"], pod["job"])); ok = False
        if pod["resources"] != effective(spec):
            bad("%s: %s effective %s, plan %s" % (label, key[1], effective(spec), pod["resources"])); ok = False
        if e["mode"] == "standalone" and pod["role"] == "taskmanager" and e["taskManagers"] != count:
            bad("%s: %s standalone TaskManagers %s, replicas %s" % (label, key[1], e["taskManagers"], count)); ok = False
    # 2. native TaskManager pods, from the ConfigMaps
    for (ns, obj), (e, pod) in sorted(pods.items()):
        if not obj.startswith("Pod (") or e["mode"] != "native":
            bad("%s: plan pod %s/%s not rendered" % (label, ns, obj)); ok = False
            continue
        conf = flink_conf(cms[(ns, "flink-config-" + e["name"])])
        tmpl = cms.get((ns, "pod-template-" + e["name"]))
        tspec = (yaml.safe_load(tmpl["data"]["taskmanager-pod-template.yaml"]).get("spec") or {}) if tmpl else {}
        slots = int(conf.get("taskmanager.numberOfTaskSlots", 1))
        mib = flink_memory(conf["taskmanager.memory.process.size"]) >> 20 if "taskmanager.memory.process.size" in conf else 0
        cpu = float(conf.get("taskmanager.cpu.cores", 0) or 0)
        if cpu <= 0:
            cpu = float(conf.get("kubernetes.taskmanager.cpu.amount", -1))
        if cpu <= 0:
            cpu = float(slots)
        cf = float(conf.get("kubernetes.taskmanager.cpu.limit-factor", 1.0))
        mf = float(conf.get("kubernetes.taskmanager.memory.limit-factor", 1.0))
        main = {"name": "flink-main-container", "resources": {
            "requests": {"cpu": repr(cpu), "memory": "%dMi" % mib},
            "limits": {"cpu": repr(cpu * cf), "memory": "%dMi" % int(mib * mf)}}}
        others = [c for c in tspec.get("containers") or [] if c.get("name") != "flink-main-container"]
        spec = {"initContainers": tspec.get("initContainers") or [], "containers": others + [main]}
        want = [(c.get("name"), container_res(c)) for c in spec["initContainers"] + spec["containers"]]
        have = [(c["name"], c["resources"]) for c in pod["containers"]]
        if want != have:
            bad("%s: %s/%s TaskManager pod: Flink makes %s, plan %s" % (label, ns, e["name"], want, have)); ok = False
        if pod["resources"] != effective(spec):
            bad("%s: %s/%s TaskManager effective %s, plan %s" % (label, ns, e["name"], effective(spec), pod["resources"])); ok = False
        bounded = any(k.startswith("slotmanager.") for k in conf) or "pipeline.jobvertex-parallelism-overrides" in conf
        if e["application"] and not bounded:
            par = int(conf["parallelism.default"])
            if e["taskManagers"] != -(-par // slots) or pod["count"] != e["taskManagers"]:
                bad("%s: %s/%s TaskManagers %s, Flink's ceil(%d / %d)" % (label, ns, e["name"], e["taskManagers"], par, slots)); ok = False
    # 4. totals
    tot = {f: 0 for f in FIELDS}
    for e in plan["jobs"]:
        for which in ("clusterTotal", "jobsTotal"):
            s = {f: min(MAX, sum(p["count"] * p["resources"][f] for p in e["pods"] if p["job"] == (which == "jobsTotal"))) for f in FIELDS}
            if s != e[which]:
                bad("%s: %s/%s %s %s, pods give %s" % (label, e["namespace"], e["name"], which, e[which], s)); ok = False
            for f in FIELDS:
                tot[f] += s[f]
    if {f: min(MAX, plan["clusterTotal"][f] + plan["jobsTotal"][f]) for f in FIELDS} != {f: min(MAX, tot[f]) for f in FIELDS}:
        bad("%s: overall totals" % label); ok = False
    if ok:
        good()

def case_inputs(case):
    d = os.path.join("testdata", case)
    args = ["render"]
    if os.path.exists(os.path.join(d, "args")):
        args = [a for a in open(os.path.join(d, "args")).read().split("\n") if a.strip()]
    if not args or args[0] != "render" or any(a.startswith("-") for a in args[1:]):
        return None
    ins = [a.replace("{case}", d) for a in args[1:]]
    if not any("{case}" in a for a in args):
        ins += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith((".yaml", ".yml")))[:1]
    exit_file = os.path.join("golden", case, "exit")
    if os.path.exists(exit_file) and open(exit_file).read().strip() not in ("", "0"):
        return None
    return ins

sets = 0
for case in sorted(os.listdir("testdata")):
    if case.startswith("plan-"):
        args = [a for a in open(os.path.join("testdata", case, "args")).read().split("\n") if a.strip()]
        ins = [a.replace("{case}", "testdata/" + case) for a in args[1:] if not a.startswith("-")]
        ins = [a for a in ins if os.path.exists(a) and not a.endswith("/base") and not a.endswith("base.yaml")]
    else:
        ins = case_inputs(case)
    if ins and all(os.path.exists(a) for a in ins):
        check_set(case, ins)
        sets += 1

# a generated fleet: native and standalone, applications and sessions, slots,
# replicas, limit factors, HA standbys, sidecars and init containers, session jobs
rnd = random.Random(12)
fleet = os.path.join(TMP, "fleet")
os.makedirs(fleet)
cpus = ["0.5", "1", "1.5", "2", "250m", "3"]
mems = ["1024m", "2Gi", "1536Mi", "3g", "4096m", "1728m"]
sessions = []
for i in range(240):
    ns = "team-%d" % (i % 7)
    name = "job-%03d" % i
    mode = rnd.choice(["native", "native", "standalone"])
    app = rnd.random() < 0.75
    ver = rnd.choice(["v1_18", "v1_20", "v2_0", "v2_2"])
    conf = {"taskmanager.numberOfTaskSlots": str(rnd.randint(1, 4))}
    spec = {"image": "flink:1.20", "flinkVersion": ver, "serviceAccount": "flink", "flinkConfiguration": conf}
    if mode == "standalone":
        spec["mode"] = "standalone"
    jm = {"resources": {"requests": {"cpu": rnd.choice(cpus), "memory": rnd.choice(mems)}}}
    tm = {"resources": {"requests": {"cpu": rnd.choice(cpus), "memory": rnd.choice(mems)}}}
    if rnd.random() < 0.3:
        tm["resources"]["limits"] = {"cpu": str(2 * int(float(quantity(tm["resources"]["requests"]["cpu"])) + 1)),
                                     "memory": "8Gi"}
    if rnd.random() < 0.2:
        conf["kubernetes.taskmanager.memory.limit-factor"] = rnd.choice(["1.1", "1.5", "2"])
        conf["kubernetes.jobmanager.cpu.limit-factor"] = rnd.choice(["1.25", "3"])
    if rnd.random() < 0.2:
        conf["high-availability.type"] = "kubernetes"
        conf["high-availability.storageDir"] = "s3://b/ha/%d" % i
        conf["state.checkpoints.dir"] = "s3://b/cp/%d" % i
        jm["replicas"] = 2
    if rnd.random() < 0.3:
        spec["podTemplate"] = {"spec": {
            "initContainers": [{"name": "init-%d" % i, "image": "busybox:1.36",
                                "resources": {"requests": {"cpu": rnd.choice(cpus), "memory": "256Mi"}}}],
            "containers": [{"name": "sidecar", "image": "busybox:1.36",
                            "resources": {"limits": {"cpu": "100m", "memory": "64Mi"}}}]}}
    if rnd.random() < 0.2:
        tm["podTemplate"] = {"spec": {"initContainers": [{"name": "proxy", "image": "envoy:1", "restartPolicy": "Always",
                                      "resources": {"requests": {"cpu": "200m", "memory": "128Mi"}}}]}}
    if app:
        spec["job"] = {"jarURI": "local:///opt/flink/usrlib/%s.jar" % name, "parallelism": rnd.randint(1, 24),
                       "upgradeMode": "stateless"}
        if rnd.random() < 0.2:
            tm["replicas"] = rnd.randint(1, 5)
    elif mode == "native":
        sessions.append((ns, name))
    spec["jobManager"], spec["taskManager"] = jm, tm
    doc = {"apiVersion": "flink.apache.org/v1beta1", "kind": "FlinkDeployment",
           "metadata": {"name": name, "namespace": ns}, "spec": spec}
    with open(os.path.join(fleet, name + ".yaml"), "w") as f:
        yaml.safe_dump(doc, f)
for k, (ns, target) in enumerate(sessions):
    for j in range(rnd.randint(0, 3)):
        doc = {"apiVersion": "flink.apache.org/v1beta1", "kind": "FlinkSessionJob",
               "metadata": {"name": "%s-sj-%d" % (target, j), "namespace": ns},
               "spec": {"deploymentName": target, "job": {"jarURI": "https://repo.example.com/j.jar",
                        "parallelism": rnd.randint(1, 6), "upgradeMode": "stateless"}}}
        with open(os.path.join(fleet, "%s-sj-%d.yaml" % (target, j)), "w") as f:
            yaml.safe_dump(doc, f)
r = subprocess.run([FLINKC, "render", fleet], capture_output=True, text=True)
if r.returncode != 0:
    bad("generated fleet does not render: " + r.stderr[:500])
else:
    check_set("generated fleet", [fleet])
    sets += 1
bench = os.path.join(TMP, "bench")
if os.path.isdir(bench):
    check_set("make bench fleet", [bench])
    sets += 1
if sets < 20:
    bad("only %d input sets checked" % sets)
print("plan: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
