/* SPDX-License-Identifier: Apache-2.0 */
/* defaults.c - loading and applying the project defaults document; see defaults.h. */
#include "defaults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "flinkconf.h"
#include "lower.h"
#include "node.h"
#include "source.h"
#include "yaml.h"

static const struct {
	const char *key;
	unsigned bit;
	bool on; /* default */
} switches[] = {
	{ "rbac", FC_OBJ_RBAC, true },
	{ "podMonitor", FC_OBJ_PODMONITOR, true },
	{ "networkPolicy", FC_OBJ_NETWORKPOLICY, false },
	{ "podDisruptionBudget", FC_OBJ_PDB, false },
	{ "securityContext", FC_OBJ_SECURITY, true },
};

static const char *const fields[] = { "apiVersion", "kind", "namespace", "labels", "annotations",
	                              "images", "flinkConfiguration", "namespaces", "flinkVersions",
	                              "objects" };

static unsigned builtin_objects(void)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < countof(switches); i++)
		if (switches[i].on)
			bits |= switches[i].bit;
	return bits;
}

static bool file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* FC_DEFAULTS_FILE beside an input, or NULL */
static char *beside(struct fc_arena *a, const char *input)
{
	struct stat st;
	const char *slash;
	char *p;

	if (strcmp(input, "-") == 0)
		return NULL;
	if (stat(input, &st) == 0 && S_ISDIR(st.st_mode))
		p = fc_arena_printf(a, "%s%s%s", input, input[strlen(input) - 1] == '/' ? "" : "/", FC_DEFAULTS_FILE);
	else if ((slash = strrchr(input, '/')))
		p = fc_arena_printf(a, "%.*s/%s", (int)(slash - input), input, FC_DEFAULTS_FILE);
	else
		p = fc_arena_strdup(a, FC_DEFAULTS_FILE);
	return file_exists(p) ? p : NULL;
}

static struct fc_node *map_field(struct fc_ctx *ctx, const struct fc_node *doc, const char *key)
{
	struct fc_node *v = fc_node_get(doc, key);

	if (!v || v->kind == FC_NODE_NULL)
		return NULL;
	if (v->kind != FC_NODE_MAP) {
		fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0901", key, "defaults %s: expected an object, got %s", key,
		           fc_node_kind_name(v->kind));
		return NULL;
	}
	return v;
}

static void check(struct fc_ctx *ctx, struct fc_defaults *d, const struct fc_node *doc)
{
	const char *api = fc_node_getstr(doc, "apiVersion"), *kind = fc_node_getstr(doc, "kind");
	const struct fc_node *objs, *v;
	uint32_t i;
	size_t k;

	if (!api || strcmp(api, "flinkc.io/v1alpha1") != 0 || !kind || strcmp(kind, "Defaults") != 0)
		fc_diag_error(ctx, doc->loc, "E0901",
		              "a defaults document needs apiVersion: flinkc.io/v1alpha1 and kind: Defaults");
	for (i = 0; i < doc->n; i++) {
		const struct fc_node *key = doc->pairs[i].key;
		bool known = false;
		for (k = 0; k < countof(fields); k++)
			known |= strcmp(key->str, fields[k]) == 0;
		if (!known)
			fc_diag_at(ctx, FC_SEV_ERROR, key->loc, "E0902", key->str,
			           "defaults: unknown field \"%s\"; expected one of namespace, labels, annotations, images, "
			           "flinkConfiguration, namespaces, flinkVersions, objects",
			           key->str);
	}
	d->namespace_ = fc_node_getstr(doc, "namespace");
	d->labels = map_field(ctx, doc, "labels");
	d->annotations = map_field(ctx, doc, "annotations");
	d->images = map_field(ctx, doc, "images");
	d->conf = map_field(ctx, doc, "flinkConfiguration");
	d->namespaces = map_field(ctx, doc, "namespaces");
	d->versions = map_field(ctx, doc, "flinkVersions");
	for (i = 0; d->versions && i < d->versions->n; i++) {
		const struct fc_node *key = d->versions->pairs[i].key;
		char name[16];
		size_t n = strlen(key->str);
		snprintf(name, sizeof(name), "%.*s", (int)(n && key->str[n - 1] == '+' ? n - 1 : n), key->str);
		if (!fc_lower_version(name))
			fc_diag_at(ctx, FC_SEV_ERROR, key->loc, "E0903", "flinkVersions",
			           "defaults flinkVersions: \"%s\" is not a Flink version; expected v1_15 .. v2_4, "
			           "optionally with '+' for that version and newer",
			           key->str);
	}
	objs = map_field(ctx, doc, "objects");
	for (i = 0; objs && i < objs->n; i++) {
		const struct fc_node *key = objs->pairs[i].key;
		v = objs->pairs[i].val;
		for (k = 0; k < countof(switches); k++)
			if (strcmp(key->str, switches[k].key) == 0)
				break;
		if (k == countof(switches)) {
			fc_diag_at(ctx, FC_SEV_ERROR, key->loc, "E0902", "objects",
			           "defaults objects: unknown switch \"%s\"; expected rbac, podMonitor, networkPolicy, "
			           "podDisruptionBudget or securityContext",
			           key->str);
			continue;
		}
		if (v->kind != FC_NODE_BOOL) {
			fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0901", "objects",
			           "defaults objects.%s: expected true or false, got %s", key->str, fc_node_kind_name(v->kind));
			continue;
		}
		if (strcmp(v->str, "true") == 0)
			d->objects |= switches[k].bit;
		else
			d->objects &= ~switches[k].bit;
	}
}

/* the namespace for objects that name none: the option, the document's, the fallback */
static void set_namespace(struct fc_defaults *d, const struct fc_options *o)
{
	if (o->namespace_)
		d->namespace_ = o->namespace_;
	else if (!d->namespace_)
		d->namespace_ = o->fallback_namespace;
}

int fc_defaults_load(struct fc_ctx *ctx)
{
	struct fc_defaults *d = FC_NEW(ctx->arena, struct fc_defaults);
	const struct fc_options *o = ctx->opts;
	const char *file = o->defaults_file;
	const struct fc_source *src;
	struct fc_yaml_reader *rd;
	struct fc_node *doc = NULL;
	unsigned before = ctx->nerrors;
	size_t i;

	d->objects = builtin_objects();
	ctx->defaults = d;
	for (i = 0; !file && i < o->ninputs; i++)
		file = beside(ctx->arena, o->inputs[i]);
	if (!file) {
		set_namespace(d, o);
		return 0;
	}
	d->file = file;
	if (fc_source_load_one(ctx, file, &src))
		return FC_ERR;
	rd = fc_yaml_open(ctx, src);
	if (fc_yaml_next(rd, ctx->arena, &doc) == 1) {
		if (doc->kind != FC_NODE_MAP)
			fc_diag_error(ctx, doc->loc, "E0901", "a defaults document must be a mapping, got %s",
			              fc_node_kind_name(doc->kind));
		else
			check(ctx, d, doc);
	}
	fc_yaml_close(rd);
	set_namespace(d, o);
	return ctx->nerrors > before ? FC_ERR : 0;
}

/* the version of a flinkVersions key, and whether it ends in '+' */
static int key_version(const char *key, bool *plus)
{
	char name[16];
	size_t n = strlen(key);

	*plus = n && key[n - 1] == '+';
	snprintf(name, sizeof(name), "%.*s", (int)(*plus ? n - 1 : n), key);
	return fc_lower_version(name);
}

void fc_defaults_apply_conf(const struct fc_defaults *d, struct fc_conf *c, const char *ns, int version)
{
	uint32_t i;
	int v;

	if (!d)
		return;
	if (d->conf)
		fc_conf_flatten(c, d->conf);
	if (d->namespaces) {
		const struct fc_node *n = fc_node_get(d->namespaces, ns);
		if (n && n->kind == FC_NODE_MAP)
			fc_conf_flatten(c, n);
	}
	/* ascending version order, whatever the order in the file */
	for (v = 100; d->versions && v <= 299; v++) {
		for (i = 0; i < d->versions->n; i++) {
			bool plus;
			const struct fc_node *val = d->versions->pairs[i].val;
			if (key_version(d->versions->pairs[i].key->str, &plus) != v || val->kind != FC_NODE_MAP)
				continue;
			if (version == v || (plus && version > v))
				fc_conf_flatten(c, val);
		}
	}
}

const char *fc_defaults_image(const struct fc_defaults *d, const char *version_name)
{
	return d && d->images && version_name ? fc_node_getstr(d->images, version_name) : NULL;
}
