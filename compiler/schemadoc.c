/* SPDX-License-Identifier: Apache-2.0 */
/* schemadoc.c - parse the embedded schema files into trees; see schemadoc.h. */
#include "schemadoc.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "embed.h"
#include "node.h"
#include "source.h"
#include "yaml.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* add the documents of one file; FC_ERR after reporting */
static int load_file(struct fc_schemadocs *docs, size_t *cap, struct fc_ctx *ctx,
                     struct fc_arena *a, const struct fc_embedded *e)
{
	struct fc_source *src = FC_NEW(a, struct fc_source);
	struct fc_yaml_reader *r;
	struct fc_node *doc;
	int rc, status = 0;

	src->name = fc_arena_printf(a, "schema/%s", e->name);
	src->text = e->data;
	src->len = e->len;
	src->utf8_ok = true;
	r = fc_yaml_open(ctx, src);
	while ((rc = fc_yaml_next(r, a, &doc)) == 1) {
		const char *kind = fc_node_getstr(doc, "kind");
		const struct fc_node *schema = fc_node_get(doc, "schema");
		if (!kind || !schema || schema->kind != FC_NODE_MAP) {
			fc_diag_error(ctx, doc->loc, "E0009",
			              "a schema document needs a string kind and a schema mapping");
			status = FC_ERR;
			continue;
		}
		if (docs->n == *cap) {
			size_t ncap = *cap ? *cap * 2 : 8;
			docs->v = fc_arena_grow(a, docs->v, docs->n, ncap, sizeof(*docs->v));
			*cap = ncap;
		}
		docs->v[docs->n].kind = kind;
		docs->v[docs->n].api_version = fc_node_getstr(doc, "apiVersion");
		docs->v[docs->n].schema = schema;
		docs->n++;
	}
	fc_yaml_close(r);
	return rc < 0 ? FC_ERR : status;
}

/* Parse every embedded .yaml file of schema/ into arena a.  Errors (which
 * mean the binary was built from broken schema files) are reported through
 * ctx; returns 0 or FC_ERR. */
static int load(struct fc_schemadocs *out, struct fc_ctx *ctx, struct fc_arena *a)
{
	const struct fc_embedded *e;
	size_t cap = 0;
	int status = 0;

	out->v = NULL;
	out->n = 0;
	for (e = fc_schema_files; e->name; e++)
		if (ends_with(e->name, ".yaml") && load_file(out, &cap, ctx, a, e))
			status = FC_ERR;
	return status;
}

int fc_schemadoc_open(struct fc_schemadoc_run *run, struct fc_buf *err)
{
	memset(run, 0, sizeof(*run));
	run->ctx.arena = fc_arena_new();
	run->ctx.opts = &run->opts;
	run->ctx.sources_tail = &run->ctx.sources;
	if (load(&run->docs, &run->ctx, run->ctx.arena) == 0 && run->ctx.nerrors == 0)
		return 0;
	fc_diag_render(err, &run->ctx, FC_DIAG_TEXT, 50);
	fc_schemadoc_close(run);
	return FC_ERR;
}

void fc_schemadoc_close(struct fc_schemadoc_run *run)
{
	fc_arena_free(run->ctx.arena);
	run->ctx.arena = NULL;
}

const struct fc_schemadoc *fc_schemadoc_find(const struct fc_schemadocs *docs, const char *kind)
{
	size_t i;

	for (i = 0; i < docs->n; i++)
		if (strcmp(docs->v[i].kind, kind) == 0)
			return &docs->v[i];
	return NULL;
}

const struct fc_node *fc_schemadoc_deref(const struct fc_schemadocs *docs, const struct fc_node *s)
{
	const char *ref = fc_node_getstr(s, "$ref");
	const struct fc_schemadoc *d;

	if (!ref)
		return s;
	d = fc_schemadoc_find(docs, ref);
	return d ? d->schema : NULL;
}

bool fc_schemadoc_flag(const struct fc_node *s, const char *key)
{
	const struct fc_node *v = fc_node_get(s, key);
	return v && v->kind == FC_NODE_BOOL && strcmp(v->str, "true") == 0;
}
