/* SPDX-License-Identifier: Apache-2.0 */
/* explain.c - `flinkc explain PATH`: the documentation of one schema field.
 *
 * Not a pipeline stage: it reads the built-in schema documents
 * (schemadoc.c) and prints, for a field path such as spec.job.upgradeMode,
 * its type, allowed values, default, constraints, description, the
 * operator rules that concern it (x-flinkc-rules, summarised from the table
 * below) and, for objects, the child fields.  Paths go through arrays
 * (containers.image, containers[0].image) and maps; keys with dots
 * (log4j-console.properties) are matched whole.  Keys below
 * flinkConfiguration are looked up in the list of known Flink options.
 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "node.h"
#include "options.h"
#include "schemadoc.h"
#include "text.h"

/* one line per operator rule code (compiler/rules.c), sorted by code */
static const struct {
	const char *code, *summary;
} rules[] = {
	{ "E0301", "metadata.name must match [a-z]([-a-z0-9]{0,43}[a-z0-9])? (at most 45 characters)" },
	{ "E0302", "spec.flinkVersion must be defined" },
	{ "E0303", "flinkVersion v1_13 and v1_14 are not supported" },
	{ "E0304", "kubernetes.namespace, kubernetes.cluster-id and high-availability.cluster-id are "
	           "forbidden in flinkConfiguration" },
	{ "E0305", "kubernetes.operator.deployment.rollback.enabled needs high availability" },
	{ "E0306", "kubernetes.operator.cluster.health-check.enabled needs "
	           "kubernetes.operator.jm-deployment-recovery.enabled" },
	{ "E0307", "spec.ingress needs a template" },
	{ "E0308", "the ingress template must be a valid URL once {{name}} and {{namespace}} are replaced" },
	{ "E0309", "logConfiguration keys may only be log4j-console.properties and logback-console.xml" },
	{ "E0310", "upgradeMode last-state or savepoint needs execution.checkpointing.dir" },
	{ "E0311", "upgradeMode savepoint needs execution.checkpointing.savepoint-dir" },
	{ "E0312", "savepointTriggerNonce needs execution.checkpointing.savepoint-dir" },
	{ "E0313", "kubernetes.operator.periodic.savepoint.interval needs "
	           "execution.checkpointing.savepoint-dir" },
	{ "E0314", "kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age needs "
	           "execution.checkpointing.savepoint-dir" },
	{ "E0315", "taskManager.replicas must be larger than 0" },
	{ "E0316", "job.parallelism must be larger than 0 unless taskManager.replicas is set" },
	{ "E0317", "JobManager memory must be defined (resource.memory, resources.requests.memory or "
	           "jobmanager.memory.process.size)" },
	{ "E0318", "jobManager.resource.memory must parse as a Flink memory size or a quantity" },
	{ "E0319", "jobManager.resource.ephemeralStorage must be a Kubernetes quantity" },
	{ "E0320", "jobManager.resources memory must parse and not be negative" },
	{ "E0321", "jobManager.resources memory must be positive" },
	{ "E0322", "jobManager.resources cpu must be positive" },
	{ "E0323", "other jobManager.resources must not be negative" },
	{ "E0324", "a jobManager.resources cpu or memory request must not exceed its limit" },
	{ "E0325", "jobManager.replicas must be at least 1" },
	{ "E0326", "more than one JobManager replica needs high availability" },
	{ "E0327", "TaskManager memory must be defined (resource.memory, resources.requests.memory or "
	           "taskmanager.memory.process.size)" },
	{ "E0328", "taskManager resource or resources must parse, be positive, and requests must not "
	           "exceed limits" },
	{ "E0329", "taskManager.replicas must be at least 1" },
	{ "E0330", "spec.serviceAccount must be defined" },
	{ "E0331", "job.autoscaler.* options must lie within their ranges when the autoscaler is enabled" },
	{ "E0332", "job.autoscaler.metrics.window must not be smaller than "
	           "kubernetes.operator.reconcile.interval" },
	{ "E0341", "deploymentName must be defined and a valid FlinkDeployment name" },
	{ "E0342", "spec.job must be defined" },
	{ "E0343", "jarURI must be a valid URI" },
	{ "E0344", "jarURI must include a scheme" },
	{ "E0345", "the jarURI scheme must be allowed (https only, unless the defaults document sets "
	           "kubernetes.operator.user.artifacts.allowed-schemes)" },
	{ "E0346", "an http or https jarURI must include a host" },
	{ "E0347", "an http or https jarURI host must not resolve to a restricted address" },
	{ "E0348", "deploymentName must name a session cluster, not an application cluster" },
	{ "E0349", "the target session cluster's name must match deploymentName" },
	{ "E0350", "checkpoint, savepoint and parallelism rules, over the session cluster's and the "
	           "job's configuration" },
	{ "E0351", "autoscaler rules, over the session cluster's and the job's configuration" },
};

#define WIDTH 80  /* wrap descriptions at this column */
#define INDENT 4

/* what a path resolved to */
struct target {
	const struct fc_schemadoc *doc;
	const struct fc_node *schema;  /* NULL for a key below a free-form object */
	bool required;                 /* listed in the parent's required */
	struct fc_buf path;            /* canonical path ("spec.job.upgradeMode") */
	const char *freeform;          /* the free-form object's name ("flinkConfiguration") */
	const char *map_desc;          /* for a map value: the map's description */
	size_t map_len;                /* ... and the length of the map's path */
	struct fc_buf rest;            /* the key below it ("taskmanager.numberOfTaskSlots") */
};

const char *fc_explain_rule(const char *code)
{
	size_t i;

	for (i = 0; i < countof(rules); i++)
		if (strcmp(rules[i].code, code) == 0)
			return rules[i].summary;
	return NULL;
}


/* a map's value schema (additionalProperties as a schema), or NULL */
static const struct fc_node *map_values(const struct fc_node *s)
{
	const struct fc_node *ap = fc_node_get(s, "additionalProperties");
	return ap && ap->kind == FC_NODE_MAP ? ap : NULL;
}

static void type_name(struct fc_buf *b, const struct fc_schemadocs *docs, const struct fc_node *s)
{
	const char *t;
	const struct fc_node *v;

	s = fc_schemadoc_deref(docs, s);
	if (!s) {
		fc_buf_puts(b, "object");
		return;
	}
	t = fc_node_getstr(s, "type");
	if (fc_schemadoc_flag(s, "x-kubernetes-int-or-string")) {
		fc_buf_puts(b, "int-or-string");
	} else if (t && strcmp(t, "array") == 0) {
		fc_buf_puts(b, "[]");
		if ((v = fc_node_get(s, "items")))
			type_name(b, docs, v);
		else
			fc_buf_puts(b, "any");
	} else if (!fc_node_get(s, "properties") && (v = map_values(s))) {
		fc_buf_puts(b, "map[string]");
		type_name(b, docs, v);
	} else if ((!t || strcmp(t, "object") == 0) && !fc_node_get(s, "properties") &&
	           fc_schemadoc_flag(s, "x-kubernetes-preserve-unknown-fields")) {
		fc_buf_puts(b, t ? "object (free-form)" : "any");
	} else {
		fc_buf_puts(b, t ? t : fc_node_get(s, "properties") ? "object" : "any");
	}
}

/* true if name is in the schema's required list */
static bool is_required(const struct fc_node *s, const char *name)
{
	const struct fc_node *req = fc_node_get(s, "required");
	uint32_t i;

	if (!req || req->kind != FC_NODE_SEQ)
		return false;
	for (i = 0; i < req->n; i++)
		if (fc_node_is_scalar(req->items[i]) && strcmp(req->items[i]->str, name) == 0)
			return true;
	return false;
}

/* the object schema a path step descends into: arrays go to their items */
static const struct fc_node *container(const struct fc_schemadocs *docs, const struct fc_node *s)
{
	int guard;

	for (guard = 0; s && guard < 16; guard++) {
		const struct fc_node *items;
		s = fc_schemadoc_deref(docs, s);
		if (!s || !(items = fc_node_get(s, "items")) || fc_node_get(s, "properties"))
			return s;
		s = items;
	}
	return s;
}

/* ---- path parsing ---- */

struct segs {
	char **v;
	size_t n;
};

/* split on '.', dropping "[...]" index suffixes; empty segments are kept
 * (and rejected later as unknown fields) */
static void split(struct segs *out, struct fc_arena *a, const char *path)
{
	size_t cap = 8;
	const char *p = path;

	out->v = fc_arena_alloc(a, cap * sizeof(*out->v));
	out->n = 0;
	for (;;) {
		const char *dot = strchr(p, '.'), *end = dot ? dot : p + strlen(p);
		const char *br = memchr(p, '[', (size_t)(end - p));
		char *seg;
		if (br && end[-1] == ']')
			seg = fc_arena_strndup(a, p, (size_t)(br - p));
		else
			seg = fc_arena_strndup(a, p, (size_t)(end - p));
		if (out->n == cap) {
			out->v = fc_arena_grow(a, out->v, out->n, cap * 2, sizeof(*out->v));
			cap *= 2;
		}
		out->v[out->n++] = seg;
		if (!dot)
			break;
		p = dot + 1;
	}
}

static bool eqci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* the document a leading path segment names (kind, plural or short name), or NULL */
static const struct fc_schemadoc *kind_of(const struct fc_schemadocs *docs, const char *seg)
{
	static const struct {
		const char *alias, *kind;
	} aliases[] = {
		{ "flinkdep", "FlinkDeployment" },
		{ "flinkdeployments", "FlinkDeployment" },
		{ "sessionjob", "FlinkSessionJob" },
		{ "flinksessionjobs", "FlinkSessionJob" },
	};
	size_t i;

	for (i = 0; i < docs->n; i++)
		if (eqci(seg, docs->v[i].kind))
			return &docs->v[i];
	for (i = 0; i < countof(aliases); i++)
		if (eqci(seg, aliases[i].alias))
			return fc_schemadoc_find(docs, aliases[i].kind);
	return NULL;
}

/* join segs[i..j] with '.' into b (cleared first) */
static void join(struct fc_buf *b, const struct segs *s, size_t i, size_t j)
{
	size_t k;

	fc_buf_clear(b);
	fc_buf_reserve(b, 1);
	b->ptr[0] = '\0';
	for (k = i; k <= j; k++) {
		if (k > i)
			fc_buf_putc(b, '.');
		fc_buf_puts(b, s->v[k]);
	}
}

static unsigned name_limit(size_t len)
{
	return len < 5 ? 1 : len < 12 ? 2 : 3;
}

/* the property of s closest to name, or NULL */
static const char *closest(const struct fc_node *props, const char *name)
{
	const char *best = NULL;
	size_t len = strlen(name);
	unsigned bestd = name_limit(len) + 1, d;
	uint32_t i;

	for (i = 0; props && props->kind == FC_NODE_MAP && i < props->n; i++) {
		const char *k = props->pairs[i].key->str;
		d = fc_text_distance(name, len, k, strlen(k), bestd - 1, FC_TEXT_FOLD);
		if (d < bestd) {
			bestd = d;
			best = k;
		}
	}
	return best;
}

/* the kind closest to a misspelt leading segment, or NULL */
static const char *closest_kind(const struct fc_schemadocs *docs, const char *seg)
{
	const char *best = NULL;
	size_t len = strlen(seg), i;
	unsigned bestd = name_limit(len) + 1, d;

	for (i = 0; i < docs->n; i++) {
		d = fc_text_distance(seg, len, docs->v[i].kind, strlen(docs->v[i].kind), bestd - 1, FC_TEXT_FOLD);
		if (d < bestd) {
			bestd = d;
			best = docs->v[i].kind;
		}
	}
	return best;
}

static void append_path(struct fc_buf *path, const char *name)
{
	if (path->len)
		fc_buf_putc(path, '.');
	fc_buf_puts(path, name);
}

/* Resolve segs (after the kind) from the document's root.  On an unknown
 * field, prints the error to err and returns FC_ERR. */
static int resolve(struct target *t, const struct fc_schemadocs *docs, const struct segs *segs,
                   size_t first, struct fc_buf *err)
{
	const struct fc_node *cur = t->doc->schema;
	struct fc_buf name = FC_BUF_INIT;
	size_t i = first, j;
	int rc = 0;

	while (i < segs->n) {
		const struct fc_node *obj = container(docs, cur), *props, *v = NULL;
		props = obj ? fc_node_get(obj, "properties") : NULL;
		for (j = i; j < segs->n && props; j++) {
			join(&name, segs, i, j);
			if ((v = fc_node_get(props, name.ptr)))
				break;
		}
		if (v) {
			append_path(&t->path, name.ptr);
			t->required = is_required(obj, name.ptr);
			t->map_desc = NULL;
			cur = v;
			i = j + 1;
			continue;
		}
		if (obj && map_values(obj)) {
			/* a map: one key; scalar values take the rest of the path as the key */
			const struct fc_node *mv = container(docs, map_values(obj));
			bool scalar = !fc_node_get(mv, "properties") && !map_values(mv);
			j = scalar ? segs->n - 1 : i;
			join(&name, segs, i, j);
			t->map_len = t->path.len;
			append_path(&t->path, name.ptr);
			t->required = false;
			t->map_desc = fc_node_getstr(obj, "description");
			cur = map_values(obj);
			i = j + 1;
			continue;
		}
		if (obj && !props && fc_schemadoc_flag(obj, "x-kubernetes-preserve-unknown-fields")) {
			const char *dot = strrchr(t->path.ptr ? t->path.ptr : "", '.');
			t->freeform = dot ? dot + 1 : t->path.ptr;
			join(&t->rest, segs, i, segs->n - 1);
			t->schema = NULL;
			goto out;
		}
		{
			const char *near = closest(props, segs->v[i]);
			if (i == 0 && !near)
				near = closest_kind(docs, segs->v[i]);
			if (t->path.len)
				fc_buf_printf(err, "flinkc: explain: %s.%s: unknown field of %s", t->path.ptr, segs->v[i],
				        t->doc->kind);
			else
				fc_buf_printf(err, "flinkc: explain: %s: unknown field of %s", segs->v[i], t->doc->kind);
			if (near)
				fc_buf_printf(err, "; did you mean \"%s%s%s\"?", t->path.len ? t->path.ptr : "",
				        t->path.len ? "." : "", near);
			else if (!props)
				fc_buf_printf(err, "; %s has no fields", t->path.len ? t->path.ptr : t->doc->kind);
			fc_buf_putc(err, '\n');
			rc = FC_ERR;
			goto out;
		}
	}
	t->schema = cur;
out:
	fc_buf_fini(&name);
	return rc;
}

/* ---- output ---- */

/* append text wrapped at WIDTH, each line indented by INDENT; runs of
 * white space become one space */
static void wrap(struct fc_buf *b, const char *text)
{
	const char *p = text;
	size_t col = 0;

	while (*p) {
		const char *w;
		size_t n;
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (!*p)
			break;
		for (w = p; *p && *p != ' ' && *p != '\n' && *p != '\t'; p++)
			;
		n = (size_t)(p - w);
		if (col > 0 && col + 1 + n > WIDTH) {
			fc_buf_putc(b, '\n');
			col = 0;
		}
		if (col == 0) {
			fc_buf_printf(b, "%*s", INDENT, "");
			col = INDENT;
		} else {
			fc_buf_putc(b, ' ');
			col++;
		}
		fc_buf_append(b, w, n);
		col += n;
	}
	if (col)
		fc_buf_putc(b, '\n');
}

/* "a, b, c" of a sequence of scalars ("" shown as "") */
static void scalars(struct fc_buf *b, const struct fc_node *seq)
{
	uint32_t i;

	for (i = 0; i < seq->n; i++) {
		const struct fc_node *v = seq->items[i];
		if (i)
			fc_buf_puts(b, ", ");
		if (!fc_node_is_scalar(v))
			fc_buf_puts(b, "...");
		else if (v->kind == FC_NODE_STR && v->len == 0)
			fc_buf_puts(b, "\"\"");
		else
			fc_buf_append(b, v->str, v->len);
	}
}

static void line(struct fc_buf *b, const char *label, const char *value)
{
	fc_buf_printf(b, "%-10s%s\n", label, value);
}

static void constraints(struct fc_buf *b, const struct fc_node *s)
{
	static const struct {
		const char *key, *label;
	} keys[] = {
		{ "format", "FORMAT:" },   { "minimum", "MINIMUM:" },     { "maximum", "MAXIMUM:" },
		{ "minLength", "MINLEN:" }, { "maxLength", "MAXLEN:" },   { "minItems", "MINITEMS:" },
		{ "maxItems", "MAXITEMS:" }, { "pattern", "PATTERN:" },
	};
	const struct fc_node *v;
	size_t i;

	if ((v = fc_node_get(s, "enum")) && v->kind == FC_NODE_SEQ) {
		struct fc_buf t = FC_BUF_INIT;
		fc_buf_reserve(&t, 1);
		t.ptr[0] = '\0';
		scalars(&t, v);
		line(b, "VALUES:", t.ptr);
		fc_buf_fini(&t);
	}
	if ((v = fc_node_get(s, "default")) && fc_node_is_scalar(v))
		line(b, "DEFAULT:", v->kind == FC_NODE_STR && v->len == 0 ? "\"\"" : v->str);
	for (i = 0; i < countof(keys); i++)
		if ((v = fc_node_get(s, keys[i].key)) && fc_node_is_scalar(v))
			line(b, keys[i].label, v->str);
	if (fc_schemadoc_flag(s, "nullable"))
		line(b, "NULLABLE:", "yes");
}

static int cmp_pair(const void *x, const void *y)
{
	const struct fc_pair *const *a = x, *const *b = y;
	return strcmp((*a)->key->str, (*b)->key->str);
}

static void fields(struct fc_buf *b, const struct fc_schemadocs *docs, const struct fc_node *obj,
                   struct fc_arena *a)
{
	const struct fc_node *props = fc_node_get(obj, "properties");
	const struct fc_pair **v;
	size_t width = 0, i;
	struct fc_buf t = FC_BUF_INIT;

	if (!props || props->kind != FC_NODE_MAP || props->n == 0)
		return;
	v = fc_arena_alloc(a, props->n * sizeof(*v));
	for (i = 0; i < props->n; i++) {
		v[i] = &props->pairs[i];
		if (props->pairs[i].key->len > width)
			width = props->pairs[i].key->len;
	}
	qsort(v, props->n, sizeof(*v), cmp_pair);
	fc_buf_puts(b, "\nFIELDS:\n");
	for (i = 0; i < props->n; i++) {
		fc_buf_clear(&t);
		type_name(&t, docs, v[i]->val);
		fc_buf_printf(b, "%*s%-*s  <%s>%s\n", INDENT, "", (int)width, v[i]->key->str, t.ptr,
		              is_required(obj, v[i]->key->str) ? " -required-" : "");
	}
	if (map_values(obj)) {
		fc_buf_clear(&t);
		type_name(&t, docs, map_values(obj));
		fc_buf_printf(b, "%*s%-*s  <%s>\n", INDENT, "", (int)width, "*", t.ptr);
	}
	fc_buf_fini(&t);
}

static void explain_schema(struct fc_buf *b, const struct fc_schemadocs *docs,
                           const struct target *t, struct fc_arena *a)
{
	const struct fc_node *ref = t->schema, *s = fc_schemadoc_deref(docs, t->schema), *v, *obj;
	struct fc_buf ty = FC_BUF_INIT;
	const char *desc;
	uint32_t i;

	type_name(&ty, docs, ref);
	fc_buf_printf(b, "%-10s%s (%s)\n", "KIND:", t->doc->kind,
	              t->doc->api_version ? t->doc->api_version : "");
	fc_buf_printf(b, "%-10s%s <%s>%s\n", "FIELD:", t->path.len ? t->path.ptr : "(root)", ty.ptr,
	              t->required ? " -required-" : "");
	fc_buf_fini(&ty);
	if (!s)
		return;
	constraints(b, s);
	if ((v = fc_node_get(s, "items")) && (v = fc_schemadoc_deref(docs, v)))
		constraints(b, v);
	/* the description of the field itself wins over its $ref's */
	desc = fc_node_getstr(ref, "description");
	if (!desc)
		desc = fc_node_getstr(s, "description");
	if (!desc && t->map_desc)
		desc = fc_arena_printf(a, "An entry of %.*s.  %s", (int)t->map_len, t->path.ptr,
		                       t->map_desc);
	if (desc) {
		fc_buf_puts(b, "\nDESCRIPTION:\n");
		wrap(b, desc);
	}
	if ((v = fc_node_get(ref, "x-flinkc-rules")) && v->kind == FC_NODE_SEQ && v->n) {
		fc_buf_puts(b, "\nRULES:\n");
		for (i = 0; i < v->n; i++) {
			const char *code = v->items[i]->str, *sum = fc_explain_rule(code);
			fc_buf_printf(b, "%*s%s  %s\n", INDENT, "", code, sum ? sum : "");
		}
	}
	obj = container(docs, s);
	if (obj && !fc_node_get(obj, "properties") && map_values(obj))
		obj = container(docs, map_values(obj));
	if (obj)
		fields(b, docs, obj, a);
}

/* a key below a free-form object (flinkConfiguration: Flink options) */
static int explain_freeform(struct fc_buf *b, const struct target *t, struct fc_buf *err)
{
	const char *near;
	size_t n;

	if (strcmp(t->freeform, "flinkConfiguration") != 0) {
		fc_buf_printf(err, "flinkc: explain: %s.%s: %s is a free-form object; its fields are not "
		             "described\n", t->path.ptr, t->rest.ptr, t->path.ptr);
		return FC_INVALID;
	}
	if (!fc_options_known(t->rest.ptr, t->rest.len)) {
		fc_buf_printf(err, "flinkc: explain: %s.%s: not a Flink option flinkc knows", t->path.ptr,
		        t->rest.ptr);
		if ((n = fc_options_suggest(&near, t->rest.ptr, t->rest.len)))
			fc_buf_printf(err, "; did you mean \"%.*s\"?", (int)n, near);
		fc_buf_putc(err, '\n');
		return FC_INVALID;
	}
	fc_buf_printf(b, "%-10s%s (%s)\n", "KIND:", t->doc->kind, t->doc->api_version);
	fc_buf_printf(b, "%-10s%s.%s <string>\n", "FIELD:", t->path.ptr, t->rest.ptr);
	fc_buf_puts(b, "\nDESCRIPTION:\n");
	wrap(b, "A Flink configuration option known to flinkc.  Values are written as strings to "
	        "the Flink configuration file (flink-conf.yaml, or config.yaml from v2_0); see the "
	        "Flink and operator documentation for its meaning.");
	return FC_OK;
}

enum fc_status fc_explain(struct fc_buf *out, struct fc_buf *err, const char *path)
{
	struct fc_schemadoc_run run;
	struct target t;
	struct segs segs;
	struct fc_buf b = FC_BUF_INIT;
	size_t first = 0;
	enum fc_status status = FC_OK;

	if (fc_schemadoc_open(&run, err))
		return FC_IOERR;
	memset(&t, 0, sizeof(t));
	split(&segs, run.ctx.arena, path);
	if (segs.n > 0 && (t.doc = kind_of(&run.docs, segs.v[0])))
		first = 1;
	else
		t.doc = fc_schemadoc_find(&run.docs, "FlinkDeployment");
	if (segs.n == 1 && segs.v[0][0] == '\0') {
		first = 1; /* "" explains the root */
	} else {
		size_t i;
		for (i = 0; i < segs.n; i++)
			if (segs.v[i][0] == '\0') {
				fc_buf_printf(err, "flinkc: explain: '%s': empty field name in the path\n", path);
				status = FC_INVALID;
				goto out;
			}
	}
	if (!FC_ALWAYS(t.doc != NULL)) {
		status = FC_IOERR;
		goto out;
	}
	fc_buf_reserve(&t.path, 1);
	t.path.ptr[0] = '\0';
	if (resolve(&t, &run.docs, &segs, first, err)) {
		status = FC_INVALID;
		goto out;
	}
	fc_buf_reserve(&b, 1024);
	if (t.freeform)
		status = explain_freeform(&b, &t, err);
	else
		explain_schema(&b, &run.docs, &t, run.ctx.arena);
	if (status == FC_OK)
		fc_buf_append(out, b.ptr, b.len);
out:
	fc_buf_fini(&b);
	fc_buf_fini(&t.path);
	fc_buf_fini(&t.rest);
	fc_schemadoc_close(&run);
	return status;
}
