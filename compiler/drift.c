/* SPDX-License-Identifier: Apache-2.0 */
/* drift.c - rendered vs live objects; see drift.h and README.md "Drift".
 *
 * Field comparison, walking the rendered object:
 *  - a map compares each of its keys; keys only the live side has are
 *    server defaults or other managers' fields and are ignored;
 *  - a list whose items are all maps with distinct string `name`s is
 *    matched by name (`containers[name=flink-main-container]`), and a live
 *    item with another name is a difference; any other list by index;
 *  - scalars compare by kind and canonical text; two numbers by value
 *    (1 and 1.0); under a `resources` key, two Kubernetes quantities by
 *    value ('1.0' and 1, 2048Mi and 2Gi), as the API server normalizes them;
 *  - a rendered zero value (false, 0, "", null, {} or []) equals an absent
 *    live field, since the API server omits empty fields.
 */
#include "drift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "hashes.h"
#include "manifest.h"
#include "node.h"
#include "source.h"
#include "text.h"
#include "units.h"
#include "yaml.h"
#include "yamlw.h"

#define DETAIL_MAX 40 /* longest scalar shown in a detail */
#define MANAGED_BY_LABEL "app.kubernetes.io/managed-by"

struct walk {
	struct fc_drift_diffs *out;
	struct fc_arena *a;
	struct fc_buf path;
};

static void add(struct walk *w, const char *detail)
{
	struct fc_drift_diffs *o = w->out;

	if (o->n == o->cap) {
		size_t ncap = o->cap ? o->cap * 2 : 8;
		o->v = fc_arena_grow(w->a, o->v, o->n, ncap, sizeof(*o->v));
		o->cap = ncap;
	}
	o->v[o->n].path = fc_arena_strndup(w->a, w->path.ptr ? w->path.ptr : "", w->path.len);
	o->v[o->n].detail = detail;
	o->n++;
}

/* a key that reads well after a dot */
static bool plain_key(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!(fc_text_is_alnum(*k) || *k == '_' || *k == '-'))
			return false;
	return true;
}

static void push_key(struct walk *w, const char *k)
{
	if (plain_key(k)) {
		if (w->path.len)
			fc_buf_putc(&w->path, '.');
		fc_buf_puts(&w->path, k);
		return;
	}
	fc_buf_puts(&w->path, "[\"");
	for (; *k; k++) {
		if (*k == '"' || *k == '\\')
			fc_buf_putc(&w->path, '\\');
		fc_buf_putc(&w->path, *k);
	}
	fc_buf_puts(&w->path, "\"]");
}

static void truncate_path(struct walk *w, size_t len)
{
	w->path.len = len;
	if (w->path.ptr)
		w->path.ptr[len] = '\0';
}

static bool is_zero(const struct fc_node *n)
{
	switch (n->kind) {
	case FC_NODE_NULL: return true;
	case FC_NODE_BOOL: return strcmp(n->str, "false") == 0;
	case FC_NODE_INT: return strcmp(n->str, "0") == 0;
	case FC_NODE_FLOAT: return strtod(n->str, NULL) == 0.0;
	case FC_NODE_STR: return n->len == 0;
	case FC_NODE_MAP:
	case FC_NODE_SEQ: return n->n == 0;
	}
	return false;
}

static bool is_number(const struct fc_node *n)
{
	return n->kind == FC_NODE_INT || n->kind == FC_NODE_FLOAT;
}

static bool scalar_equal(const struct fc_node *x, const struct fc_node *y, bool resources)
{
	if (x->kind == y->kind && x->len == y->len && memcmp(x->str, y->str, x->len) == 0)
		return true;
	if (resources && x->kind != FC_NODE_NULL && x->kind != FC_NODE_BOOL && y->kind != FC_NODE_NULL &&
	    y->kind != FC_NODE_BOOL) {
		int64_t qx, qy;
		if (fc_units_parse_quantity(&qx, x->str) == 0 && fc_units_parse_quantity(&qy, y->str) == 0)
			return qx == qy;
	}
	if (is_number(x) && is_number(y))
		return strtod(x->str, NULL) == strtod(y->str, NULL);
	return false;
}

/* a scalar as the detail shows it, or NULL when too long to be useful */
static const char *shown(struct walk *w, const struct fc_node *n)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *s;

	if (n->len > DETAIL_MAX || memchr(n->str, '\n', n->len))
		return NULL;
	if (n->kind == FC_NODE_STR)
		fc_yamlw_scalar(&b, n->str, n->len);
	else
		fc_buf_append(&b, n->str, n->len);
	s = fc_arena_strndup(w->a, b.ptr, b.len);
	fc_buf_fini(&b);
	return s;
}

static const char *kinds(struct walk *w, const struct fc_node *x, const struct fc_node *y)
{
	return fc_arena_printf(w->a, "rendered %s, live %s", fc_node_kind_name(x->kind), fc_node_kind_name(y->kind));
}

/* the name of a list item, or NULL */
static const char *item_name(const struct fc_node *item)
{
	const struct fc_node *n = item->kind == FC_NODE_MAP ? fc_node_get(item, "name") : NULL;

	return n && n->kind == FC_NODE_STR ? n->str : NULL;
}

/* every item is a map with a string name, and the names are distinct */
static bool named_list(const struct fc_node *seq)
{
	uint32_t i, k;

	if (seq->n == 0)
		return false;
	for (i = 0; i < seq->n; i++) {
		const char *n = item_name(seq->items[i]);
		if (!n)
			return false;
		for (k = 0; k < i; k++)
			if (strcmp(n, item_name(seq->items[k])) == 0)
				return false;
	}
	return true;
}

static void walk(struct walk *w, const struct fc_node *want, const struct fc_node *live, bool resources);

static void walk_map(struct walk *w, const struct fc_node *want, const struct fc_node *live, bool resources)
{
	size_t len = w->path.len;
	uint32_t i;

	for (i = 0; i < want->n; i++) {
		const char *k = want->pairs[i].key->str;
		push_key(w, k);
		/* the hash decides out-of-date; it is not a field difference */
		if (strcmp(w->path.ptr, "metadata.annotations[\"" FC_HASHES_CONTENT "\"]") != 0)
			walk(w, want->pairs[i].val, fc_node_get(live, k), resources || strcmp(k, "resources") == 0);
		truncate_path(w, len);
	}
}

static void walk_seq(struct walk *w, const struct fc_node *want, const struct fc_node *live, bool resources)
{
	size_t len = w->path.len;
	uint32_t i, k;

	if (named_list(want)) {
		for (i = 0; i < want->n; i++) {
			const char *name = item_name(want->items[i]);
			const struct fc_node *match = NULL;
			for (k = 0; k < live->n && !match; k++) {
				const char *ln = item_name(live->items[k]);
				if (ln && strcmp(ln, name) == 0)
					match = live->items[k];
			}
			fc_buf_printf(&w->path, "[name=%s]", name);
			walk(w, want->items[i], match, resources);
			truncate_path(w, len);
		}
		for (k = 0; k < live->n; k++) {
			const char *ln = item_name(live->items[k]);
			bool found = false;
			for (i = 0; ln && i < want->n && !found; i++)
				found = strcmp(ln, item_name(want->items[i])) == 0;
			if (found)
				continue;
			if (ln)
				fc_buf_printf(&w->path, "[name=%s]", ln);
			else
				fc_buf_printf(&w->path, "[%u]", k);
			add(w, "only in the live object");
			truncate_path(w, len);
		}
		return;
	}
	for (i = 0; i < want->n || i < live->n; i++) {
		fc_buf_printf(&w->path, "[%u]", i);
		if (i < want->n)
			walk(w, want->items[i], i < live->n ? live->items[i] : NULL, resources);
		else
			add(w, "only in the live object");
		truncate_path(w, len);
	}
}

static void walk(struct walk *w, const struct fc_node *want, const struct fc_node *live, bool resources)
{
	if (!live || (live->kind == FC_NODE_NULL && want->kind != FC_NODE_NULL)) {
		if (!is_zero(want))
			add(w, "not in the live object");
		return;
	}
	if (want->kind == FC_NODE_MAP || want->kind == FC_NODE_SEQ) {
		if (live->kind != want->kind)
			add(w, kinds(w, want, live));
		else if (want->kind == FC_NODE_MAP)
			walk_map(w, want, live, resources);
		else
			walk_seq(w, want, live, resources);
		return;
	}
	if (!fc_node_is_scalar(live)) {
		add(w, kinds(w, want, live));
	} else if (!scalar_equal(want, live, resources)) {
		const char *x = shown(w, want), *y = shown(w, live);
		add(w, x && y ? fc_arena_printf(w->a, "rendered %s, live %s", x, y) : "changed");
	}
}

void fc_drift_compare(struct fc_drift_diffs *out, struct fc_arena *a, const struct fc_node *want,
                      const struct fc_node *live)
{
	struct walk w;

	w.out = out;
	w.a = a;
	fc_buf_init(&w.path);
	walk(&w, want, live, false);
	fc_buf_fini(&w.path);
}

/* ---- fc_drift_live ---- */

enum status { ST_IN_SYNC, ST_MISSING, ST_EXTRA, ST_OUT_OF_DATE, ST_DRIFTED };
static const char *const status_name[] = { "in-sync", "missing", "extra", "out-of-date", "drifted" };

struct entry {
	enum status status;
	const char *kind, *api_version, *namespace_, *name;
	struct fc_drift_diffs diffs;
};

static int cmp_live(const void *x, const void *y)
{
	const struct fc_manifest_obj *a = *(const struct fc_manifest_obj *const *)x;
	const struct fc_manifest_obj *b = *(const struct fc_manifest_obj *const *)y;
	int c;

	if ((c = strcmp(a->group, b->group)) || (c = strcmp(a->kind, b->kind)) ||
	    (c = strcmp(a->namespace_, b->namespace_)) || (c = strcmp(a->name, b->name)))
		return c;
	return 0;
}

/* index of the live object with this identity in the sorted array, or -1 */
static long find_live(struct fc_manifest_obj *const *v, size_t n, const char *group, const char *kind,
                      const char *ns, const char *name)
{
	struct fc_manifest_obj key;
	const struct fc_manifest_obj *kp = &key;
	struct fc_manifest_obj *const *hit;

	memset(&key, 0, sizeof(key));
	key.group = group;
	key.kind = kind;
	key.namespace_ = ns;
	key.name = name;
	hit = n ? bsearch(&kp, v, n, sizeof(*v), cmp_live) : NULL;
	return hit ? (long)(hit - v) : -1;
}

static bool managed(const struct fc_node *obj)
{
	const char *v = fc_node_getstr(fc_node_path(obj, "metadata.labels"), MANAGED_BY_LABEL);

	return v && strcmp(v, "flinkc") == 0;
}

static void put_text(struct fc_buf *b, const struct entry *e)
{
	size_t i;

	fc_buf_printf(b, "%-11s  %s ", status_name[e->status], e->kind);
	if (*e->namespace_)
		fc_buf_printf(b, "%s/", e->namespace_);
	fc_buf_printf(b, "%s\n", e->name);
	for (i = 0; i < e->diffs.n; i++) {
		fc_buf_printf(b, "    %s", e->diffs.v[i].path);
		if (e->diffs.v[i].detail)
			fc_buf_printf(b, ": %s", e->diffs.v[i].detail);
		fc_buf_putc(b, '\n');
	}
}

static void put_json(struct fc_buf *b, struct fc_arena *a, const struct entry *v, size_t n)
{
	struct fc_node *root = fc_node_seq(a);
	size_t i, k;

	for (i = 0; i < n; i++) {
		struct fc_node *o = fc_node_map(a), *paths = fc_node_seq(a);
		fc_node_set(a, o, "kind", fc_node_str(a, v[i].kind));
		fc_node_set(a, o, "apiVersion", fc_node_str(a, v[i].api_version));
		fc_node_set(a, o, "namespace", fc_node_str(a, v[i].namespace_));
		fc_node_set(a, o, "name", fc_node_str(a, v[i].name));
		fc_node_set(a, o, "status", fc_node_str(a, status_name[v[i].status]));
		for (k = 0; k < v[i].diffs.n; k++)
			fc_node_push(a, paths, fc_node_str(a, v[i].diffs.v[k].path));
		fc_node_set(a, o, "paths", paths);
		fc_node_push(a, root, o);
	}
	fc_yamlw_json(b, root, FC_YAMLW_KEEP_ORDER);
}

static int cmp_extra(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c;

	if ((c = strcmp(a->kind, b->kind)) || (c = strcmp(a->namespace_, b->namespace_)) ||
	    (c = strcmp(a->name, b->name)))
		return c;
	return strcmp(a->api_version, b->api_version);
}

/* of two objects, the one read later (for reporting a duplicate there) */
static const struct fc_manifest_obj *later(const struct fc_manifest_obj *x, const struct fc_manifest_obj *y)
{
	return x > y ? x : y; /* man.v is in reading order */
}

enum fc_status fc_drift_live(struct fc_drift_stats *stats, struct fc_result *r, const char *live,
                             enum fc_format fmt, struct fc_buf *out)
{
	struct fc_ctx *ctx = fc_compile__ctx(r);
	struct fc_arena *a = ctx->arena;
	struct fc_source **tail = ctx->sources_tail;
	struct fc_manifest man = { NULL, 0, 0 };
	struct fc_manifest_obj **sorted;
	struct fc_buf text = FC_BUF_INIT;
	struct entry *v;
	bool *used;
	size_t nobj = fc_result_nobjects(r), nv = 0, i, nextra;
	unsigned before = ctx->nerrors;
	enum fc_status status = FC_OK;

	memset(stats, 0, sizeof(*stats));
	if (FC_NEVER(ctx->nerrors))
		return FC_INVALID;
	fc_source_load_all(ctx, &live, 1);
	if (*tail)
		fc_manifest_read(&man, ctx, a, *tail);
	sorted = fc_arena_alloc(a, (man.n ? man.n : 1) * sizeof(*sorted));
	for (i = 0; i < man.n; i++)
		sorted[i] = &man.v[i];
	qsort(sorted, man.n, sizeof(*sorted), cmp_live);
	for (i = 1; i < man.n; i++)
		if (cmp_live(&sorted[i - 1], &sorted[i]) == 0)
			fc_diag_error(ctx, later(sorted[i - 1], sorted[i])->loc, "E0732",
			              "live object %s %s%s%s appears twice", sorted[i]->kind, sorted[i]->namespace_,
			              *sorted[i]->namespace_ ? "/" : "", sorted[i]->name);
	if (ctx->nerrors > before)
		return ctx->io_error ? FC_IOERR : FC_INVALID;

	used = fc_arena_alloc(a, (man.n ? man.n : 1) * sizeof(*used));
	v = fc_arena_alloc(a, (nobj + man.n ? nobj + man.n : 1) * sizeof(*v));
	for (i = 0; i < nobj; i++) {
		const struct fc_object *o = fc_result_object(r, i);
		const char *group = fc_manifest_group(a, o->api_version);
		struct fc_node *want = fc_yaml_parse_string(ctx, a, "<rendered>", o->text, o->len);
		struct entry *e = &v[nv++];
		long k = find_live(sorted, man.n, group, o->kind, o->namespace_, o->name);
		const char *recorded;

		/* an object without a namespace is applied to the default namespace */
		if (k < 0 && !*o->namespace_)
			k = find_live(sorted, man.n, group, o->kind, "default", o->name);
		memset(e, 0, sizeof(*e));
		e->kind = o->kind;
		e->api_version = o->api_version;
		e->namespace_ = o->namespace_;
		e->name = o->name;
		if (FC_NEVER(!want))
			return FC_IOERR;
		if (k < 0) {
			e->status = ST_MISSING;
			continue;
		}
		used[k] = true;
		fc_drift_compare(&e->diffs, a, want, sorted[k]->obj);
		recorded = fc_hashes_recorded(sorted[k]->obj);
		if (!recorded || strcmp(recorded, o->hash) != 0)
			e->status = ST_OUT_OF_DATE;
		else
			e->status = e->diffs.n ? ST_DRIFTED : ST_IN_SYNC;
	}
	nextra = nv;
	for (i = 0; i < man.n; i++) {
		struct entry *e;
		if (used[i] || !managed(sorted[i]->obj))
			continue;
		e = &v[nv++];
		memset(e, 0, sizeof(*e));
		e->status = ST_EXTRA;
		e->kind = sorted[i]->kind;
		e->api_version = sorted[i]->api_version;
		e->namespace_ = sorted[i]->namespace_;
		e->name = sorted[i]->name;
	}
	qsort(v + nextra, nv - nextra, sizeof(*v), cmp_extra);

	for (i = 0; i < nv; i++) {
		size_t *count[] = { &stats->in_sync, &stats->missing, &stats->extra, &stats->out_of_date,
			            &stats->drifted };
		(*count[v[i].status])++;
		if (v[i].status != ST_IN_SYNC)
			status = FC_INVALID;
		if (fmt != FC_FORMAT_JSON)
			put_text(&text, &v[i]);
	}
	if (fmt == FC_FORMAT_JSON)
		put_json(&text, a, v, nv);
	fc_buf_append(out, text.ptr, text.len);
	fc_buf_fini(&text);
	return status;
}
