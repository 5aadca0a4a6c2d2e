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
#include "node.h"
#include "source.h"
#include "units.h"
#include "version.h"
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
	                              "objects", "hooks", "quota" };

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

/* hooks: {image, savepointTimeoutSeconds, podTimeoutSeconds} */
static void check_hooks(struct fc_ctx *ctx, struct fc_defaults *d, const struct fc_node *hooks)
{
	uint32_t i;

	for (i = 0; hooks && i < hooks->n; i++) {
		const struct fc_node *key = hooks->pairs[i].key, *v = hooks->pairs[i].val;
		bool image = strcmp(key->str, "image") == 0;
		bool sp = strcmp(key->str, "savepointTimeoutSeconds") == 0;
		bool pods = strcmp(key->str, "podTimeoutSeconds") == 0;
		long long n;

		if (!image && !sp && !pods) {
			fc_diag_at(ctx, FC_SEV_ERROR, key->loc, "E0902", "hooks",
			           "defaults hooks: unknown field \"%s\"; expected image, savepointTimeoutSeconds or "
			           "podTimeoutSeconds",
			           key->str);
			continue;
		}
		if (image) {
			if (v->kind != FC_NODE_STR || !v->str[0] || strchr(v->str, ' ') ||
			    (!strchr(v->str, '@') && (!strrchr(v->str, ':') || strchr(strrchr(v->str, ':'), '/') ||
			                              strcmp(strrchr(v->str, ':'), ":latest") == 0)))
				fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0901", "hooks.image",
				           "defaults hooks.image: expected an image with a pinned tag or digest (not "
				           "\"latest\"), got \"%s\"",
				           fc_node_is_scalar(v) ? v->str : "");
			else
				d->hook_image = v->str;
			continue;
		}
		n = v->kind == FC_NODE_INT ? strtoll(v->str, NULL, 10) : 0;
		if (v->kind != FC_NODE_INT || n < 1 || n > 86400) {
			fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0901", "hooks",
			           "defaults hooks.%s: expected a number of seconds from 1 to 86400", key->str);
			continue;
		}
		if (sp)
			d->savepoint_timeout = (int)n;
		else
			d->pod_timeout = (int)n;
	}
}

/* quota: {<namespace>: {cpu, memory, requests.cpu, requests.memory, limits.cpu, limits.memory,
 * pods}}, each a Kubernetes quantity; read by `flinkc plan` (plan.c) */
static void check_quota(struct fc_ctx *ctx, struct fc_defaults *d, struct fc_node *quota)
{
	static const char *const keys[] = { "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu",
		                            "limits.memory", "pods" };
	unsigned before = ctx->nerrors;
	uint32_t i, j;
	size_t k;

	for (i = 0; quota && i < quota->n; i++) {
		const struct fc_node *ns = quota->pairs[i].key, *m = quota->pairs[i].val;
		if (m->kind != FC_NODE_MAP) {
			fc_diag_at(ctx, FC_SEV_ERROR, m->loc.line ? m->loc : ns->loc, "E0901", "quota",
			           "defaults quota.%s: expected an object such as {cpu: \"16\", memory: 64Gi}, got %s",
			           ns->str, fc_node_kind_name(m->kind));
			continue;
		}
		for (j = 0; j < m->n; j++) {
			const struct fc_node *key = m->pairs[j].key, *v = m->pairs[j].val;
			int64_t milli;
			for (k = 0; k < countof(keys); k++)
				if (strcmp(key->str, keys[k]) == 0)
					break;
			if (k == countof(keys))
				fc_diag_at(ctx, FC_SEV_ERROR, key->loc, "E0902", "quota",
				           "defaults quota.%s: unknown field \"%s\"; expected cpu, memory, requests.cpu, "
				           "requests.memory, limits.cpu, limits.memory or pods",
				           ns->str, key->str);
			else if (!fc_node_is_scalar(v) || v->kind == FC_NODE_NULL || v->kind == FC_NODE_BOOL ||
			         fc_units_parse_quantity(&milli, v->str) || milli < 0)
				fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0901", "quota",
				           "defaults quota.%s.%s: expected a Kubernetes quantity (\"16\", \"500m\", \"64Gi\"), got "
				           "\"%s\"",
				           ns->str, key->str, fc_node_is_scalar(v) ? v->str : fc_node_kind_name(v->kind));
		}
	}
	d->quota = ctx->nerrors > before ? NULL : quota;
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
			           "flinkConfiguration, namespaces, flinkVersions, objects, hooks, quota",
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
		if (!fc_version_parse(name))
			fc_diag_at(ctx, FC_SEV_ERROR, key->loc, "E0903", "flinkVersions",
			           "defaults flinkVersions: \"%s\" is not a Flink version; expected v1_15 .. v2_4, "
			           "optionally with '+' for that version and newer",
			           key->str);
	}
	check_hooks(ctx, d, map_field(ctx, doc, "hooks"));
	check_quota(ctx, d, map_field(ctx, doc, "quota"));
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
		if (switches[k].bit == FC_OBJ_SECURITY && v->kind == FC_NODE_STR &&
		    strcmp(v->str, FC_DEFAULTS_PLATFORM_ASSIGNED) == 0) {
			/* on, with the user and group ids left to the platform */
			d->objects |= FC_OBJ_SECURITY | FC_OBJ_SECURITY_PLATFORM;
			continue;
		}
		if (v->kind != FC_NODE_BOOL) {
			fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0901", "objects",
			           "defaults objects.%s: expected true or false%s, got %s%s%s%s", key->str,
			           switches[k].bit == FC_OBJ_SECURITY ? " or " FC_DEFAULTS_PLATFORM_ASSIGNED : "",
			           fc_node_kind_name(v->kind), v->kind == FC_NODE_STR ? " \"" : "",
			           v->kind == FC_NODE_STR ? v->str : "", v->kind == FC_NODE_STR ? "\"" : "");
			continue;
		}
		if (switches[k].bit == FC_OBJ_SECURITY)
			d->objects &= ~(unsigned)FC_OBJ_SECURITY_PLATFORM;
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
	return fc_version_parse(name);
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
