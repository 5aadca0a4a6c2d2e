/* SPDX-License-Identifier: Apache-2.0 */
/* jsonschema.c - `flinkc schema`: the built-in schema as a JSON Schema for editors.
 *
 * Not a pipeline stage.  Converts the OpenAPI v3 subset of schema/ (read
 * by schemadoc.c) to JSON Schema draft-07, which yaml-language-server and
 * most validators accept:
 *   $ref: Kind                       -> {"$ref": "#/definitions/Kind"} (wrapped in
 *                                       allOf when the field has its own description)
 *   x-kubernetes-int-or-string       -> anyOf [integer, string]
 *   x-kubernetes-preserve-unknown-fields -> dropped (the object stays open)
 *   an object with properties and no additionalProperties -> additionalProperties
 *                                       false (closed, as flinkc validates it)
 *   nullable: true                   -> "null" added to type
 *   format int32                     -> minimum/maximum of an int32; int64,
 *                                       double: dropped (no draft-07 formats)
 *   x-flinkc-rules                   -> dropped (strict validators reject
 *                                       unknown keywords)
 * Everything else is copied.  Keys are written sorted (yamlw.c), so the
 * output is deterministic.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "fc.h"
#include "node.h"
#include "schemadoc.h"
#include "yamlw.h"

#define DRAFT "http://json-schema.org/draft-07/schema#"

struct conv {
	struct fc_arena *a;
	const struct fc_schemadocs *docs;
	bool used[16]; /* documents referenced with $ref, by index in docs */
};

static struct fc_node *convert(struct conv *c, const struct fc_node *s);


static struct fc_node *type_node(struct fc_arena *a, const char *t)
{
	struct fc_node *m = fc_node_map(a);
	fc_node_set(a, m, "type", fc_node_str(a, t));
	return m;
}

static void mark_used(struct conv *c, const char *kind)
{
	size_t i;

	for (i = 0; i < c->docs->n && i < countof(c->used); i++)
		if (strcmp(c->docs->v[i].kind, kind) == 0)
			c->used[i] = true;
}

static struct fc_node *ref_node(struct conv *c, const char *kind)
{
	struct fc_node *r = fc_node_map(c->a);

	mark_used(c, kind);
	fc_node_set(c->a, r, "$ref", fc_node_strf(c->a, "#/definitions/%s", kind));
	return r;
}

static struct fc_node *convert_seq(struct conv *c, const struct fc_node *seq)
{
	struct fc_node *out = fc_node_seq(c->a);
	uint32_t i;

	for (i = 0; i < seq->n; i++)
		fc_node_push(c->a, out, convert(c, seq->items[i]));
	return out;
}

/* $ref plus siblings: draft-07 ignores siblings of $ref, so keep them
 * beside an allOf that holds the reference */
static struct fc_node *convert_ref(struct conv *c, const struct fc_node *s, const char *kind)
{
	struct fc_node *out = fc_node_map(c->a), *all = fc_node_seq(c->a);
	uint32_t i;

	for (i = 0; i < s->n; i++) {
		const char *k = s->pairs[i].key->str;
		if (strcmp(k, "$ref") == 0 || strcmp(k, "x-flinkc-rules") == 0)
			continue;
		fc_node_set(c->a, out, k, fc_node_copy(c->a, s->pairs[i].val));
	}
	if (out->n == 0)
		return ref_node(c, kind);
	fc_node_push(c->a, all, ref_node(c, kind));
	fc_node_set(c->a, out, "allOf", all);
	return out;
}

static struct fc_node *convert(struct conv *c, const struct fc_node *s)
{
	struct fc_node *out, *v;
	const char *ref, *fmt, *t;
	uint32_t i;

	if (!s || s->kind != FC_NODE_MAP)
		return fc_node_copy(c->a, s); /* true/false schemas */
	if ((ref = fc_node_getstr(s, "$ref")))
		return convert_ref(c, s, ref);
	out = fc_node_map(c->a);
	for (i = 0; i < s->n; i++) {
		const char *k = s->pairs[i].key->str;
		const struct fc_node *val = s->pairs[i].val;
		if (strcmp(k, "x-kubernetes-preserve-unknown-fields") == 0 ||
		    strcmp(k, "x-kubernetes-int-or-string") == 0 || strcmp(k, "x-flinkc-rules") == 0 ||
		    strcmp(k, "nullable") == 0 || strcmp(k, "format") == 0) {
			continue;
		} else if (strcmp(k, "properties") == 0 && val->kind == FC_NODE_MAP) {
			uint32_t j;
			v = fc_node_map(c->a);
			for (j = 0; j < val->n; j++)
				fc_node_set(c->a, v, val->pairs[j].key->str, convert(c, val->pairs[j].val));
			fc_node_set(c->a, out, k, v);
		} else if ((strcmp(k, "items") == 0 || strcmp(k, "additionalProperties") == 0 ||
		            strcmp(k, "not") == 0) &&
		           val->kind == FC_NODE_MAP) {
			fc_node_set(c->a, out, k, convert(c, val));
		} else if ((strcmp(k, "anyOf") == 0 || strcmp(k, "allOf") == 0 || strcmp(k, "oneOf") == 0) &&
		           val->kind == FC_NODE_SEQ) {
			fc_node_set(c->a, out, k, convert_seq(c, val));
		} else {
			fc_node_set(c->a, out, k, fc_node_copy(c->a, val));
		}
	}
	if (fc_schemadoc_flag(s, "x-kubernetes-int-or-string")) {
		v = fc_node_seq(c->a);
		fc_node_push(c->a, v, type_node(c->a, "integer"));
		fc_node_push(c->a, v, type_node(c->a, "string"));
		fc_node_del(out, "type");
		fc_node_set(c->a, out, "anyOf", v);
	}
	fmt = fc_node_getstr(s, "format");
	if (fmt && strcmp(fmt, "int32") == 0) {
		fc_node_setdefault(c->a, out, "minimum", fc_node_int(c->a, INT32_MIN));
		fc_node_setdefault(c->a, out, "maximum", fc_node_int(c->a, INT32_MAX));
	} else if (fmt && strcmp(fmt, "int64") != 0 && strcmp(fmt, "double") != 0 &&
	           strcmp(fmt, "float") != 0) {
		fc_node_set(c->a, out, "format", fc_node_str(c->a, fmt));
	}
	if (fc_node_get(s, "properties") && !fc_node_get(s, "additionalProperties") &&
	    !fc_schemadoc_flag(s, "x-kubernetes-preserve-unknown-fields"))
		fc_node_set(c->a, out, "additionalProperties", fc_node_bool(c->a, false));
	if (fc_schemadoc_flag(s, "nullable") && (t = fc_node_getstr(out, "type"))) {
		v = fc_node_seq(c->a);
		fc_node_push(c->a, v, fc_node_str(c->a, t));
		fc_node_push(c->a, v, fc_node_str(c->a, "null"));
		fc_node_set(c->a, out, "type", v);
	}
	return out;
}

/* {"if": {"properties": {"kind": {"const": K}}, "required": ["kind"]}, "then": {"$ref": ...}} */
static struct fc_node *select_kind(struct conv *c, const char *kind)
{
	struct fc_arena *a = c->a;
	struct fc_node *cond = fc_node_map(a), *props = fc_node_map(a), *k = fc_node_map(a);
	struct fc_node *req = fc_node_seq(a), *rule = fc_node_map(a);

	fc_node_set(a, k, "const", fc_node_str(a, kind));
	fc_node_set(a, props, "kind", k);
	fc_node_set(a, cond, "properties", props);
	fc_node_push(a, req, fc_node_str(a, "kind"));
	fc_node_set(a, cond, "required", req);
	fc_node_set(a, rule, "if", cond);
	fc_node_set(a, rule, "then", ref_node(c, kind));
	return rule;
}

/* the kinds a document may be checked as: those with apiVersion flink.apache.org/... */
static bool is_top(const struct fc_schemadoc *d)
{
	return d->api_version && strncmp(d->api_version, "flink.apache.org/", 17) == 0;
}

/* Convert definitions until no new $ref appears: a referenced document may
 * reference others. */
static struct fc_node *definitions(struct conv *c, const char *skip)
{
	struct fc_node *defs = fc_node_map(c->a);
	bool done[countof(c->used)] = { false };
	bool more = true;
	size_t i;

	while (more) {
		more = false;
		for (i = 0; i < c->docs->n && i < countof(c->used); i++) {
			if (!c->used[i] || done[i])
				continue;
			done[i] = more = true;
			if (skip && strcmp(c->docs->v[i].kind, skip) == 0)
				continue;
			fc_node_set(c->a, defs, c->docs->v[i].kind, convert(c, c->docs->v[i].schema));
		}
	}
	return defs;
}

enum fc_status fc_jsonschema(struct fc_buf *out, struct fc_buf *err, const char *kind)
{
	struct fc_schemadoc_run run;
	struct conv c;
	struct fc_node *root, *defs, *all;
	const struct fc_schemadoc *d;
	enum fc_status status = FC_OK;
	size_t i;

	if (fc_schemadoc_open(&run, err))
		return FC_IOERR;
	memset(&c, 0, sizeof(c));
	c.a = run.ctx.arena;
	c.docs = &run.docs;
	if (kind) {
		d = fc_schemadoc_find(&run.docs, kind);
		if (!d || !is_top(d)) {
			fc_buf_printf(err, "flinkc: schema: unknown kind '%s'; expected FlinkDeployment or "
			             "FlinkSessionJob\n", kind);
			fc_schemadoc_close(&run);
			return FC_USAGE;
		}
		root = convert(&c, d->schema);
		fc_node_set(c.a, root, "title", fc_node_strf(c.a, "%s (%s), flinkc built-in schema", d->kind,
		                                              d->api_version));
		defs = definitions(&c, d->kind);
	} else {
		root = fc_node_map(c.a);
		all = fc_node_seq(c.a);
		for (i = 0; i < run.docs.n; i++)
			if (is_top(&run.docs.v[i]))
				fc_node_push(c.a, all, select_kind(&c, run.docs.v[i].kind));
		fc_node_set(c.a, root, "title", fc_node_str(c.a, "Flink Kubernetes Operator resources, "
		                                                  "flinkc built-in schema"));
		fc_node_set(c.a, root, "description",
		            fc_node_str(c.a, "FlinkDeployment and FlinkSessionJob (flink.apache.org/v1beta1) "
		                             "as flinkc validates them, selected by kind; documents of other "
		                             "kinds are not constrained."));
		fc_node_set(c.a, root, "type", fc_node_str(c.a, "object"));
		fc_node_set(c.a, root, "allOf", all);
		defs = definitions(&c, NULL);
	}
	fc_node_set(c.a, root, "$schema", fc_node_str(c.a, DRAFT));
	if (defs->n)
		fc_node_set(c.a, root, "definitions", defs);
	fc_yamlw_json(out, root, 0);
	fc_schemadoc_close(&run);
	return status;
}
