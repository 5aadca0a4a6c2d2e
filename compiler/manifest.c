/* SPDX-License-Identifier: Apache-2.0 */
/* manifest.c - Kubernetes objects from YAML streams and Lists; see manifest.h. */
#include "manifest.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "json.h"
#include "source.h"
#include "yaml.h"

const char *fc_manifest_group(struct fc_arena *a, const char *api_version)
{
	const char *slash = strchr(api_version, '/');

	return slash ? fc_arena_strndup(a, api_version, (size_t)(slash - api_version)) : "";
}

static bool is_str(const struct fc_node *n)
{
	return n && n->kind == FC_NODE_STR && n->len > 0;
}

static int add(struct fc_manifest *out, struct fc_ctx *ctx, struct fc_arena *a, struct fc_node *obj)
{
	struct fc_node *meta = fc_node_get(obj, "metadata");
	struct fc_manifest_obj *o;
	const char *ns;

	if (obj->kind != FC_NODE_MAP || !is_str(fc_node_get(obj, "apiVersion")) ||
	    !is_str(fc_node_get(obj, "kind")) || !is_str(fc_node_get(meta, "name"))) {
		fc_diag_error(ctx, obj->loc, "E0730",
		              "not a Kubernetes object: expected a mapping with apiVersion, kind and metadata.name");
		return FC_ERR;
	}
	if (out->n == out->cap) {
		size_t ncap = out->cap ? out->cap * 2 : 32;
		out->v = fc_arena_grow(a, out->v, out->n, ncap, sizeof(*out->v));
		out->cap = ncap;
	}
	o = &out->v[out->n++];
	o->obj = obj;
	o->api_version = fc_node_getstr(obj, "apiVersion");
	o->kind = fc_node_getstr(obj, "kind");
	o->name = fc_node_getstr(meta, "name");
	ns = fc_node_getstr(meta, "namespace");
	o->namespace_ = ns ? ns : "";
	o->group = fc_manifest_group(a, o->api_version);
	o->loc = obj->loc;
	return 0;
}

/* a document: one object, or a List of them */
static int document(struct fc_manifest *out, struct fc_ctx *ctx, struct fc_arena *a, struct fc_node *doc)
{
	const char *kind = doc->kind == FC_NODE_MAP ? fc_node_getstr(doc, "kind") : NULL;
	const char *api = doc->kind == FC_NODE_MAP ? fc_node_getstr(doc, "apiVersion") : NULL;
	struct fc_node *items;
	uint32_t i;
	int rc = 0;

	if (!kind || !api || strcmp(kind, "List") != 0 || strcmp(api, "v1") != 0)
		return add(out, ctx, a, doc);
	items = fc_node_get(doc, "items");
	if (!items || items->kind == FC_NODE_NULL)
		return 0; /* kubectl prints "items: []" for nothing found */
	if (items->kind != FC_NODE_SEQ) {
		fc_diag_error(ctx, items->loc, "E0731", "items: expected a list of objects, got %s",
		              fc_node_kind_name(items->kind));
		return FC_ERR;
	}
	for (i = 0; i < items->n; i++)
		if (add(out, ctx, a, items->items[i]))
			rc = FC_ERR;
	return rc;
}

int fc_manifest_read(struct fc_manifest *out, struct fc_ctx *ctx, struct fc_arena *a,
                     const struct fc_source *first)
{
	const struct fc_source *s;
	int rc = 0;

	for (s = first; s; s = s->next) {
		struct fc_yaml_reader *rd;
		struct fc_node *doc;
		const struct fc_source *text = s;
		int got;

		if (s->utf8_ok && fc_json_is_json(s)) {
			if (fc_json_check(ctx, s)) {
				rc = FC_ERR;
				continue;
			}
			text = fc_json_for_yaml(a, s);
		}
		rd = fc_yaml_open(ctx, text);

		while ((got = fc_yaml_next(rd, a, &doc)) == 1)
			if (document(out, ctx, a, doc))
				rc = FC_ERR;
		if (got < 0)
			rc = FC_ERR;
		fc_yaml_close(rd);
	}
	return rc;
}
