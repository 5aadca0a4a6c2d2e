#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""test-mutations.py - mutation corpus for the schema check of `flinkc validate`.

Every FlinkDeployment and FlinkSessionJob of ../shared/upstream/operator/examples
that `flinkc validate` accepts on its own is a base document.  From each base,
guided by the built-in schema (`flinkc schema`, JSON Schema), variants are made
at test time:

  unknown   an unknown field added to every closed object, at every depth
            (podTemplate containers, volume mounts, ...)         expect E0608
  type      a value of the wrong type (string <-> number, list, object)  E0603
  enum      a value outside an enum (present, or added when absent)     E0604
  range     a number below a minimum or above a maximum                 E0606
  pattern   a string that does not match a pattern (metadata.name)      E0605
  required  a required field removed                                    E0607

Each variant is written as YAML by this script, line by line, so the line of
the mutated key is known; `flinkc validate FILE` must exit 1 with an error on
that line (for a removed field: an error naming the field, on any line), and
must not crash (any exit status other than 0 and 1, or a signal, fails).
Codes are not required to match unless --strict-codes is given.  When
python3-jsonschema is installed, every variant is first confirmed invalid
against the same JSON Schema (variants it accepts are dropped), so the
expectations follow the schema exactly.

Variants that exercise the same schema location the same way are made once
(the first base document wins).  Until the schema engine is merged,
`flinkc validate` accepts unknown fields; the script then prints
"mutations: ... 0 passed, 1 failed" and exits 1.
--oracle checks the variants against the JSON Schema only (no flinkc run).

Last line: "mutations: N passed, M failed".
"""

import argparse
import concurrent.futures
import copy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

UNKNOWN_KEY = "unknownFieldZq"
CODES = {"unknown": "E0608", "type": "E0603", "enum": "E0604", "range": "E0606",
         "pattern": "E0605", "required": "E0607"}
DIAG = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note)"
                  r"\[(?P<code>[A-Z0-9]+)\]: (?P<msg>.*)$")


# ---- YAML writer that records the line of every path -------------------------

def scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        s = repr(v)
        if "e" in s and "." not in s.split("e")[0]:
            s = s.replace("e", ".0e", 1)  # YAML 1.1 floats need a dot
        return s
    return json.dumps(str(v))  # a JSON string is a YAML double-quoted scalar


def is_leaf(v):
    return not isinstance(v, (dict, list)) or len(v) == 0


def leaf_text(v):
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return scalar(v)


def emit(node, indent, path, out, lines):
    """Append the block YAML of node to out; lines[path] = 1-based line of
    the key (maps) or the dash (sequences) that introduces each value."""
    pad = " " * indent
    if isinstance(node, dict):
        for k, v in node.items():
            p = path + (str(k),)
            key = json.dumps(str(k))
            lines[p] = len(out) + 1
            if is_leaf(v):
                out.append("%s%s: %s" % (pad, key, leaf_text(v)))
            else:
                out.append("%s%s:" % (pad, key))
                emit(v, indent + 2, p, out, lines)
    else:
        for i, v in enumerate(node):
            p = path + (i,)
            lines[p] = len(out) + 1
            if is_leaf(v):
                out.append("%s- %s" % (pad, leaf_text(v)))
            else:
                out.append("%s-" % pad)
                emit(v, indent + 2, p, out, lines)


def to_yaml(doc):
    out, lines = [], {}
    emit(doc, 0, (), out, lines)
    return "\n".join(out) + "\n", lines


def kpath(path):
    """kubectl-style path: spec.podTemplate.spec.containers[0].image"""
    s = ""
    for p in path:
        if isinstance(p, int):
            s += "[%d]" % p
        else:
            s += ("." if s else "") + p
    return s


def norm(path):
    return tuple("[]" if isinstance(p, int) else p for p in path)


# ---- schema navigation ---------------------------------------------------------

class Schema:
    def __init__(self, root):
        self.defs = root.get("definitions", {})

    def resolve(self, s):
        """follow $ref and allOf wrappers of a single $ref"""
        for _ in range(8):
            if not isinstance(s, dict):
                return s
            if "$ref" in s:
                s = self.defs[s["$ref"].split("/")[-1]]
            elif "allOf" in s and len(s["allOf"]) == 1 and "properties" not in s:
                s = s["allOf"][0]
            else:
                return s
        return s

    def of_kind(self, kind):
        return self.resolve(self.defs[kind])


def types_of(s):
    if "anyOf" in s:
        return {t for a in s["anyOf"] for t in (a.get("type"),) if isinstance(t, str)}
    t = s.get("type")
    if isinstance(t, list):
        return set(t) - {"null"}
    return {t} if t else set()


def closed(s):
    return s.get("type") == "object" and s.get("additionalProperties") is False


def wrong_value(s):
    """a scalar of the wrong type for schema s (a scalar stays on its key's
    line, where the error is expected), or None"""
    ts = types_of(s)
    if not ts:
        return None
    if ts == {"object"}:
        return "not-an-object"
    if ts == {"array"}:
        return "not-a-list"
    if ts == {"integer", "string"}:
        return True
    if ts == {"string"}:
        return 12345
    if ts == {"integer"} or ts == {"number"}:
        return "four"
    if ts == {"boolean"}:
        return "notabool"
    return None


def bad_enum(s):
    e = s.get("enum")
    if not e or types_of(s) != {"string"}:
        return None
    return "bogus-value"


def out_of_range(s):
    if types_of(s) not in ({"integer"}, {"number"}):
        return []
    vals = []
    lo, hi = s.get("minimum"), s.get("maximum")
    # the int32 bounds added for format int32 are too far out to be interesting twice
    if lo is not None:
        vals.append(int(lo) - 1 if float(lo).is_integer() else lo - 1)
    if hi is not None:
        vals.append(int(hi) + 1 if float(hi).is_integer() else hi + 1)
    return vals


def bad_pattern(s):
    if "pattern" in s and types_of(s) == {"string"} and not s.get("enum"):
        return "Not_A_Valid_Value!"
    return None


# ---- mutations -------------------------------------------------------------------

class Mutation:
    def __init__(self, kind, doc, path, what, field=None):
        self.kind = kind        # unknown, type, enum, range, pattern, required
        self.doc = doc          # the mutated document
        self.path = path        # path of the mutated key (tuple)
        self.what = what        # text for reports
        self.field = field      # for required: the removed field's name
        self.text = None
        self.line = None
        self.base = None


def get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def mutate(base, path, fn):
    d = copy.deepcopy(base)
    fn(get(d, path[:-1]) if path else None, path[-1] if path else None, d)
    return d


def walk(schema, s, node, path, muts):
    s = schema.resolve(s)
    if not isinstance(s, dict):
        return
    if isinstance(node, dict):
        props = s.get("properties", {})
        ap = s.get("additionalProperties")
        if closed(s):
            p = path + (UNKNOWN_KEY,)
            d = copy.deepcopy(muts.base)
            get(d, path)[UNKNOWN_KEY] = 1
            muts.add(Mutation("unknown", d, p, "unknown field %s" % kpath(p)))
            # a misspelt existing key (its last two letters swapped), same value
            for k in node:
                typo = k[:-2] + k[-1] + k[-2] if len(k) > 3 else k + "x"
                if typo in props or typo == k or typo in node:
                    continue
                d = copy.deepcopy(muts.base)
                parent = get(d, path)
                get(d, path).clear()
                for k2, v2 in get(muts.base, path).items():
                    parent[typo if k2 == k else k2] = copy.deepcopy(v2)
                p = path + (typo,)
                muts.add(Mutation("unknown", d, p, "misspelt field %s" % kpath(p), field=k))
                break
        for req in s.get("required", []):
            if req in node and (path or req not in ("apiVersion", "kind")):
                d = copy.deepcopy(muts.base)
                del get(d, path)[req]
                muts.add(Mutation("required", d, path + (req,),
                                  "required field %s removed" % kpath(path + (req,)), field=req))
        for name, sub in props.items():
            sub = schema.resolve(sub)
            if name in node:
                walk(schema, sub, node[name], path + (name,), muts)
            elif closed(s):
                # absent: add it with a bad enum value or out of range
                for kind, val in (("enum", bad_enum(sub)),
                                  ("range", (out_of_range(sub) or [None])[0])):
                    if val is None:
                        continue
                    d = copy.deepcopy(muts.base)
                    get(d, path)[name] = val
                    p = path + (name,)
                    muts.add(Mutation(kind, d, p, "%s %s: %r added" % (kind, kpath(p), val)))
        if isinstance(ap, dict):
            for k, v in node.items():
                if k not in props:
                    walk(schema, ap, v, path + (k,), muts)
    elif isinstance(node, list):
        items = s.get("items")
        if items is not None:
            for i, v in enumerate(node):
                walk(schema, items, v, path + (i,), muts)
    if not path or path in (("apiVersion",), ("kind",)):
        return  # these decide whether a document is a Flink resource at all
    # the value at path itself
    cands = [("type", wrong_value(s)), ("enum", bad_enum(s)), ("pattern", bad_pattern(s))]
    cands += [("range", v) for v in out_of_range(s)]
    for kind, val in cands:
        if val is None or val == node:
            continue
        d = copy.deepcopy(muts.base)
        get(d, path[:-1])[path[-1]] = val
        muts.add(Mutation(kind, d, path, "%s %s: %r" % (kind, kpath(path), val)))


class Collector:
    def __init__(self):
        self.items = []
        self.seen = set()
        self.base = None
        self.base_name = None
        self.kind = None

    def add(self, m):
        key = (self.kind, m.kind, m.field if m.kind == "unknown" else None, norm(m.path), json.dumps(get_or_none(m.doc, m.path)))
        if key in self.seen:
            return
        self.seen.add(key)
        m.base = self.base_name
        m.kind_of_base = self.kind
        self.items.append(m)


def get_or_none(doc, path):
    try:
        return get(doc, path)
    except (KeyError, IndexError, TypeError):
        return None


# ---- running ---------------------------------------------------------------------

def run_flinkc(flinkc, text, tmpdir, name):
    f = os.path.join(tmpdir, name + ".yaml")
    with open(f, "w") as fh:
        fh.write(text)
    p = subprocess.run([flinkc, "validate", f], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=60)
    diags = []
    for line in p.stderr.decode("utf-8", "replace").splitlines():
        m = DIAG.match(line)
        if m:
            diags.append(m.groupdict())
    return p.returncode, diags, f


def check(m, rc, diags, strict):
    """None if the variant passed, else the reason"""
    if rc < 0:
        return "killed by signal %d" % -rc
    if rc not in (0, 1):
        return "exit status %d" % rc
    if rc != 1:
        return "accepted (exit 0)"
    errors = [d for d in diags if d["sev"] == "error"]
    if m.kind == "required":
        hits = [d for d in errors if m.field in d["msg"]]
        where = "naming %s" % m.field
    else:
        hits = [d for d in errors if int(d["line"]) == m.line]
        where = "on line %d" % m.line
    if not hits:
        got = "; ".join("%s:%s %s" % (d["line"], d["code"], d["msg"]) for d in errors[:3])
        return "no error %s (got: %s)" % (where, got or "none")
    if strict and not any(d["code"] == CODES[m.kind] for d in hits):
        return "error %s has code %s, expected %s" % (where, hits[0]["code"], CODES[m.kind])
    return None


def probe_engine(flinkc, tmpdir, base):
    d = copy.deepcopy(base)
    d.setdefault("spec", {})[UNKNOWN_KEY] = 1
    text, _ = to_yaml(d)
    rc, _, _ = run_flinkc(flinkc, text, tmpdir, "probe")
    return rc == 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flinkc", default="./flinkc")
    ap.add_argument("--examples", default="../shared/upstream/operator/examples")
    ap.add_argument("--oracle", action="store_true",
                    help="check the variants against the JSON Schema only")
    ap.add_argument("--strict-codes", action="store_true")
    ap.add_argument("--keep", help="write every variant into this directory")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-v", action="store_true", help="list every variant")
    args = ap.parse_args()

    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if args.oracle and not jsonschema:
        print("mutations: --oracle needs python3-jsonschema: 0 passed, 1 failed")
        return 1

    p = subprocess.run([args.flinkc, "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        print(p.stderr.decode(), end="")
        print("mutations: flinkc schema failed: 0 passed, 1 failed")
        return 1
    root = json.loads(p.stdout)
    schema = Schema(root)
    validators = {}
    if jsonschema:
        for kind in ("FlinkDeployment", "FlinkSessionJob"):
            validators[kind] = jsonschema.Draft7Validator(
                {"$ref": "#/definitions/" + kind, "definitions": root["definitions"]})

    def invalid(doc, kind):
        """None without jsonschema, else whether the kind's schema rejects doc"""
        v = validators.get(kind)
        return None if v is None else bool(list(v.iter_errors(doc)))

    tmpdir = args.keep or tempfile.mkdtemp(prefix="flinkc-mutations.")
    os.makedirs(tmpdir, exist_ok=True)

    # base documents
    bases = []
    for f in sorted(glob.glob(os.path.join(args.examples, "*.yaml"))):
        with open(f) as fh:
            docs = list(yaml.safe_load_all(fh))
        for i, doc in enumerate(docs):
            if not isinstance(doc, dict) or doc.get("kind") not in ("FlinkDeployment", "FlinkSessionJob"):
                continue
            labels = (doc.get("metadata") or {}).get("labels") or {}
            if labels.get("flink.apache.org/canary") == "true":
                continue  # exempt from validation, as in the operator
            bases.append(("%s#%d" % (os.path.basename(f), i), doc))
    if not bases:
        print("mutations: no examples in %s: 0 passed, 1 failed" % args.examples)
        return 1

    if not args.oracle and not probe_engine(args.flinkc, tmpdir, bases[0][1]):
        # the schema engine is part of flinkc: not rejecting an unknown field is a failure
        print("mutations: flinkc validate accepts an unknown field: 0 passed, 1 failed")
        return 1

    clean = []
    for name, doc in bases:
        text, _ = to_yaml(doc)
        if invalid(doc, doc["kind"]):
            continue
        if not args.oracle:
            rc, _, _ = run_flinkc(args.flinkc, text, tmpdir, "base-" + re.sub(r"\W", "_", name))
            if rc != 0:
                continue
        clean.append((name, doc))

    col = Collector()
    for name, doc in clean:
        col.base, col.base_name, col.kind = doc, name, doc["kind"]
        walk(schema, schema.of_kind(doc["kind"]), doc, (), col)

    # expectations: the line of the key; confirmed invalid by the JSON Schema
    muts, dropped = [], 0
    for m in col.items:
        m.text, lines = to_yaml(m.doc)
        m.line = lines.get(m.path)
        if invalid(m.doc, m.kind_of_base) is False:
            dropped += 1
            if args.v:
                print("drop (schema accepts it) %s: %s" % (m.base, m.what))
            continue
        muts.append(m)

    passed = failed = 0
    failures = []
    if args.oracle:
        # the JSON Schema must report an error on the expected line too
        for m in muts:
            _, lines = to_yaml(m.doc)
            errs = validators[m.kind_of_base].iter_errors(m.doc)
            got = set()
            for e in errs:
                path = tuple(e.absolute_path)
                if e.validator == "additionalProperties" and isinstance(e.instance, dict):
                    props = e.schema.get("properties", {})
                    got.update(lines.get(path + (k,)) for k in e.instance if k not in props)
                elif e.validator == "required":
                    got.add("required")
                else:
                    got.add(lines.get(path))
            want = "required" if m.kind == "required" else m.line
            if want in got:
                passed += 1
            else:
                failed += 1
                failures.append("FAIL %s: %s: schema errors on %s, not %s" % (m.base, m.what, got, want))
    else:
        def one(ix):
            m = muts[ix]
            rc, diags, f = run_flinkc(args.flinkc, m.text, tmpdir, "m%04d" % ix)
            return ix, check(m, rc, diags, args.strict_codes), f

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as ex:
            for ix, why, f in ex.map(one, range(len(muts))):
                m = muts[ix]
                if why is None:
                    passed += 1
                    if args.v:
                        print("ok   %s: %s" % (m.base, m.what))
                else:
                    failed += 1
                    failures.append("FAIL %s: %s: %s (%s)" % (m.base, m.what, why, f))
    for line in failures[:100]:
        print(line)
    if len(failures) > 100:
        print("... %d more failures" % (len(failures) - 100))
    kinds = {}
    for m in muts:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    print("mutations: %d base documents, %d variants (%s)%s" % (
        len(clean), len(muts), ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
        "; %d dropped as valid" % dropped if dropped else ""))
    print("mutations: %d passed, %d failed%s" % (passed, failed, " (oracle)" if args.oracle else ""))
    if not args.keep:
        for f in glob.glob(os.path.join(tmpdir, "*.yaml")):
            os.unlink(f)
        os.rmdir(tmpdir)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
