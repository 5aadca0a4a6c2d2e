/* SPDX-License-Identifier: Apache-2.0 */
/* schema.c - compile OpenAPI v3 schemas (CRDs, built-in files); see schema.h.
 *
 * A schema file is parsed one document at a time into a scratch arena by
 * yaml.c; what validation and explain need is copied into the set's own
 * arena, so the (large: 587 KB for the FlinkDeployment CRD) parse tree is
 * freed as soon as its document is compiled.
 */
#include "schema.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "regex.h"
#include "source.h"
#include "yaml.h"

struct comp {
	struct fc_schema_set *set;
	struct fc_ctx *ctx;
	struct fc_buf path;   /* the schema path of the node being compiled */
	unsigned in_branch;   /* inside anyOf/allOf/oneOf/not: x-flinkc-ref is not allowed */
	bool borrow;          /* the source tree outlives the set: point into it, do not copy */
};

/* ---- the set --------------------------------------------------------------- */

struct fc_schema_set *fc_schema_set_new(void)
{
	struct fc_schema_set *set = fc_xcalloc(1, sizeof(*set));

	set->arena = fc_arena_new();
	set->rx = fc_regex_env_new();
	return set;
}

void fc_schema_set_free(struct fc_schema_set *set)
{
	if (!set)
		return;
	fc_regex_env_free(set->rx);
	fc_arena_free(set->arena);
	fc_xfree(set);
}

/* ---- diagnostics ----------------------------------------------------------- */

static void serr(struct comp *c, const struct fc_node *at, const char *code, const char *fmt, ...)
	FC_PRINTF(4, 5);

static void serr(struct comp *c, const struct fc_node *at, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fc_diag_at(c->ctx, FC_SEV_ERROR, at->loc, code, c->path.ptr ? c->path.ptr : "",
	           "schema error: %s: %s", c->path.ptr ? c->path.ptr : "", msg);
}

/* the JSON type name of a keyword value, for "expected ..., got <kind>" */
static const char *kind_of(const struct fc_node *n)
{
	return fc_node_kind_name(n->kind);
}

/* ---- keyword values -------------------------------------------------------- */

static bool want_kind(struct comp *c, const struct fc_node *v, enum fc_node_kind k, const char *what)
{
	if (v->kind == k)
		return true;
	serr(c, v, "E0601", "expected %s, got %s", what, kind_of(v));
	return false;
}

static bool get_bool(struct comp *c, const struct fc_node *v, bool *out)
{
	if (!want_kind(c, v, FC_NODE_BOOL, "a boolean"))
		return false;
	*out = strcmp(v->str, "true") == 0;
	return true;
}

static bool get_count(struct comp *c, const struct fc_node *v, int64_t *out)
{
	char *end;
	long long x;

	if (!want_kind(c, v, FC_NODE_INT, "a non-negative integer"))
		return false;
	errno = 0;
	x = strtoll(v->str, &end, 10);
	if (errno || *end || x < 0) {
		serr(c, v, "E0601", "expected a non-negative integer, got %s", v->str);
		return false;
	}
	*out = x;
	return true;
}

/* parse a canonical INT or FLOAT text as a bound */
static bool get_bound(struct comp *c, const struct fc_node *v, struct fc_schema_bound *b)
{
	if (v->kind == FC_NODE_INT) {
		char *end;
		errno = 0;
		b->i = strtoll(v->str, &end, 10);
		b->is_int = errno == 0 && *end == '\0';
		b->d = strtod(v->str, NULL);
	} else if (v->kind == FC_NODE_FLOAT) {
		b->d = strtod(v->str, NULL);
		b->is_int = false;
		if (!isfinite(b->d) || v->str[0] == '.' || (v->str[0] == '-' && v->str[1] == '.')) {
			serr(c, v, "E0601", "expected a finite number, got %s", v->str);
			return false;
		}
	} else {
		serr(c, v, "E0601", "expected a number, got %s", kind_of(v));
		return false;
	}
	b->set = true;
	b->text = fc_arena_strdup(c->set->arena, v->str);
	return true;
}

static const char *dup(struct comp *c, const char *s)
{
	return fc_arena_strdup(c->set->arena, s);
}

/* ---- compiling ------------------------------------------------------------- */

static struct fc_schema *compile(struct comp *c, const struct fc_node *n);

/* compile child n with a and b (may be NULL) appended to the path */
static struct fc_schema *compile_at(struct comp *c, const struct fc_node *n, const char *a, const char *b)
{
	size_t mark = c->path.len;
	struct fc_schema *s;

	fc_buf_puts(&c->path, a);
	if (b)
		fc_buf_puts(&c->path, b);
	s = compile(c, n);
	c->path.len = mark;
	c->path.ptr[mark] = '\0';
	return s;
}

static int cmpprop(const void *a, const void *b)
{
	return strcmp(((const struct fc_schema_prop *)a)->name, ((const struct fc_schema_prop *)b)->name);
}

static const struct {
	const char *name;
	enum fc_schema_type type;
} type_names[] = {
	{ "object", FC_SCHEMA_OBJECT },   { "array", FC_SCHEMA_ARRAY },     { "string", FC_SCHEMA_STRING },
	{ "integer", FC_SCHEMA_INTEGER }, { "number", FC_SCHEMA_NUMBER },   { "boolean", FC_SCHEMA_BOOLEAN },
};

static const struct {
	const char *name;
	enum fc_schema_format format;
} format_names[] = {
	{ "int32", FC_SCHEMA_FORMAT_INT32 },       { "int64", FC_SCHEMA_FORMAT_INT64 },
	{ "float", FC_SCHEMA_FORMAT_FLOAT },       { "double", FC_SCHEMA_FORMAT_DOUBLE },
	{ "byte", FC_SCHEMA_FORMAT_BYTE },         { "date-time", FC_SCHEMA_FORMAT_DATE_TIME },
	{ "date", FC_SCHEMA_FORMAT_DATE },         { "quantity", FC_SCHEMA_FORMAT_QUANTITY },
	{ "int-or-string", FC_SCHEMA_FORMAT_INT_OR_STRING },
};

static void kw_type(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	size_t i;

	if (!want_kind(c, v, FC_NODE_STR, "a type name (string)"))
		return;
	for (i = 0; i < countof(type_names); i++)
		if (strcmp(v->str, type_names[i].name) == 0) {
			s->type = type_names[i].type;
			return;
		}
	serr(c, v, "E0601", "unknown type \"%s\"; expected object, array, string, integer, number or boolean",
	     v->str);
}

static void kw_format(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	size_t i;

	if (!want_kind(c, v, FC_NODE_STR, "a format name (string)"))
		return;
	s->format_name = dup(c, v->str);
	for (i = 0; i < countof(format_names); i++)
		if (strcmp(v->str, format_names[i].name) == 0)
			s->format = format_names[i].format;
	if (s->format == FC_SCHEMA_FORMAT_INT_OR_STRING)
		s->flags |= FC_SCHEMA_INT_OR_STRING;
}

static void kw_properties(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	uint32_t i;

	if (!want_kind(c, v, FC_NODE_MAP, "an object of schemas"))
		return;
	s->props = fc_arena_alloc(c->set->arena, (v->n ? v->n : 1) * sizeof(*s->props));
	for (i = 0; i < v->n; i++) {
		const struct fc_pair *p = &v->pairs[i];
		s->props[s->nprops].name = dup(c, p->key->str);
		s->props[s->nprops].schema = compile_at(c, p->val, ".", p->key->str);
		s->nprops++;
	}
	qsort(s->props, s->nprops, sizeof(*s->props), cmpprop);
}

static void kw_additional(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	bool b;

	if (v->kind == FC_NODE_BOOL) {
		get_bool(c, v, &b);
		s->flags |= b ? FC_SCHEMA_ADDITIONAL_TRUE : FC_SCHEMA_ADDITIONAL_FALSE;
		return;
	}
	if (!want_kind(c, v, FC_NODE_MAP, "a boolean or a schema"))
		return;
	s->additional = compile_at(c, v, "", NULL);
}

static void kw_items(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	if (v->kind == FC_NODE_SEQ) {
		serr(c, v, "E0601", "tuple validation (items as a list) is not supported; give one schema");
		return;
	}
	if (want_kind(c, v, FC_NODE_MAP, "a schema (object)"))
		s->items = compile_at(c, v, "", NULL);
}

static void kw_required(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	uint32_t i;

	if (!want_kind(c, v, FC_NODE_SEQ, "a list of field names"))
		return;
	s->required = fc_arena_alloc(c->set->arena, (v->n ? v->n : 1) * sizeof(*s->required));
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->kind != FC_NODE_STR) {
			serr(c, v->items[i], "E0601", "item %u: expected a field name (string), got %s", i,
			     kind_of(v->items[i]));
			continue;
		}
		s->required[s->nrequired++] = dup(c, v->items[i]->str);
	}
}

static void kw_enum(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	uint32_t i;

	if (!want_kind(c, v, FC_NODE_SEQ, "a list of values"))
		return;
	s->enum_vals = fc_arena_alloc(c->set->arena, (v->n ? v->n : 1) * sizeof(*s->enum_vals));
	for (i = 0; i < v->n; i++)
		s->enum_vals[s->nenum++] = c->borrow ? v->items[i] : fc_node_copy(c->set->arena, v->items[i]);
}

static void kw_pattern(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	char err[256];
	size_t off = 0;

	if (!want_kind(c, v, FC_NODE_STR, "a regular expression (string)"))
		return;
	if (fc_regex_compile(&s->re, c->set->rx, v->str, v->len, err, sizeof(err), &off)) {
		serr(c, v, "E0602", "\"%s\" is not a valid RE2 regular expression: %s (at offset %zu)",
		     v->str, err, off);
		return;
	}
	s->pattern = fc_regex_source(s->re);
}

static void kw_minimum(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	bool excl = s->minimum.exclusive;
	if (get_bound(c, v, &s->minimum))
		s->minimum.exclusive = excl;
}

static void kw_maximum(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	bool excl = s->maximum.exclusive;
	if (get_bound(c, v, &s->maximum))
		s->maximum.exclusive = excl;
}

/* exclusiveMinimum: a boolean (OpenAPI 3.0) or the bound itself (JSON Schema 2019) */
static void exclusive(struct comp *c, struct fc_schema_bound *b, const struct fc_node *v)
{
	bool x;

	if (v->kind == FC_NODE_BOOL) {
		if (get_bool(c, v, &x))
			b->exclusive = x;
	} else if (get_bound(c, v, b)) {
		b->exclusive = true;
	}
}

static void kw_exclusive_minimum(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	exclusive(c, &s->minimum, v);
}

static void kw_exclusive_maximum(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	exclusive(c, &s->maximum, v);
}

static void kw_min_length(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	get_count(c, v, &s->min_length);
}

static void kw_max_length(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	get_count(c, v, &s->max_length);
}

static void kw_min_items(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	get_count(c, v, &s->min_items);
}

static void kw_max_items(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	get_count(c, v, &s->max_items);
}

static void flag(struct comp *c, struct fc_schema *s, const struct fc_node *v, unsigned f)
{
	bool b;

	if (get_bool(c, v, &b)) {
		if (b)
			s->flags |= f;
		else
			s->flags &= ~f;
	}
}

static void kw_nullable(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	flag(c, s, v, FC_SCHEMA_NULLABLE);
}

static void kw_preserve(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	flag(c, s, v, FC_SCHEMA_PRESERVE_UNKNOWN);
}

static void kw_int_or_string(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	flag(c, s, v, FC_SCHEMA_INT_OR_STRING);
}

static void kw_embedded(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	flag(c, s, v, FC_SCHEMA_EMBEDDED_RESOURCE);
}

static void kw_default(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	s->default_ = c->borrow ? v : fc_node_copy(c->set->arena, v);
}

static void kw_description(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	if (want_kind(c, v, FC_NODE_STR, "a string"))
		s->description = fc_arena_strndup(c->set->arena, v->str, v->len);
}

/* anyOf / allOf / oneOf: a non-empty list of schemas */
static struct fc_schema **branches(struct comp *c, const struct fc_node *v, uint32_t *n)
{
	struct fc_schema **out;
	uint32_t i;
	char at[48];

	*n = 0;
	if (!want_kind(c, v, FC_NODE_SEQ, "a list of schemas"))
		return NULL;
	if (v->n == 0) {
		serr(c, v, "E0601", "expected at least one schema");
		return NULL;
	}
	out = fc_arena_alloc(c->set->arena, v->n * sizeof(*out));
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->kind != FC_NODE_MAP) {
			serr(c, v->items[i], "E0601", "item %u: expected a schema (object), got %s", i,
			     kind_of(v->items[i]));
			continue;
		}
		snprintf(at, sizeof(at), "[%u]", i);
		c->in_branch++;
		out[(*n)++] = compile_at(c, v->items[i], at, NULL);
		c->in_branch--;
	}
	return out;
}

static void kw_any_of(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	s->any_of = branches(c, v, &s->nany_of);
}

static void kw_all_of(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	s->all_of = branches(c, v, &s->nall_of);
}

static void kw_one_of(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	s->one_of = branches(c, v, &s->none_of);
}

static void kw_not(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	if (want_kind(c, v, FC_NODE_MAP, "a schema (object)")) {
		c->in_branch++;
		s->not_ = compile_at(c, v, "", NULL);
		c->in_branch--;
	}
}

static void kw_rules(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	uint32_t i;

	if (!want_kind(c, v, FC_NODE_SEQ, "a list of rule codes"))
		return;
	s->rules = fc_arena_alloc(c->set->arena, (v->n ? v->n : 1) * sizeof(*s->rules));
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->kind != FC_NODE_STR) {
			serr(c, v->items[i], "E0601", "item %u: expected a rule code (string), got %s", i,
			     kind_of(v->items[i]));
			continue;
		}
		s->rules[s->nrules++] = dup(c, v->items[i]->str);
	}
}

static void kw_ref(struct comp *c, struct fc_schema *s, const struct fc_node *v)
{
	struct fc_schema_set *set = c->set;

	if (!want_kind(c, v, FC_NODE_STR, "a kind name (string)"))
		return;
	if (c->in_branch) {
		/* a branch is evaluated on the same value: a reference back to an
		 * enclosing schema would loop without descending into the document */
		serr(c, v, "E0601", "x-flinkc-ref may not be used inside anyOf, allOf, oneOf or not");
		return;
	}
	s->ref = dup(c, v->str);
	if (set->nrefs == set->refs_cap) {
		set->refs_cap = set->refs_cap ? set->refs_cap * 2 : 16;
		set->refs = fc_arena_grow(set->arena, set->refs, set->nrefs, set->refs_cap, sizeof(*set->refs));
	}
	set->refs[set->nrefs++] = s;
}

typedef void kw_fn(struct comp *c, struct fc_schema *s, const struct fc_node *v);

/* the supported keywords, sorted by strcmp for binary search;
 * `annotation`: may stand beside x-flinkc-ref.  `$ref: <Kind>` is the
 * spelling the built-in schema files use for the same reference (CRDs
 * cannot contain $ref: structural schemas forbid it). */
static const struct {
	const char *name;
	kw_fn *fn;
	bool annotation;
} keywords[] = {
	{ "$ref", kw_ref, true },
	{ "additionalProperties", kw_additional, false },
	{ "allOf", kw_all_of, false },
	{ "anyOf", kw_any_of, false },
	{ "default", kw_default, true },
	{ "description", kw_description, true },
	{ "enum", kw_enum, false },
	{ "exclusiveMaximum", kw_exclusive_maximum, false },
	{ "exclusiveMinimum", kw_exclusive_minimum, false },
	{ "format", kw_format, false },
	{ "items", kw_items, false },
	{ "maxItems", kw_max_items, false },
	{ "maxLength", kw_max_length, false },
	{ "maximum", kw_maximum, false },
	{ "minItems", kw_min_items, false },
	{ "minLength", kw_min_length, false },
	{ "minimum", kw_minimum, false },
	{ "not", kw_not, false },
	{ "nullable", kw_nullable, true },
	{ "oneOf", kw_one_of, false },
	{ "pattern", kw_pattern, false },
	{ "properties", kw_properties, false },
	{ "required", kw_required, false },
	{ "type", kw_type, false },
	{ "x-flinkc-ref", kw_ref, true },
	{ "x-flinkc-rules", kw_rules, true },
	{ "x-kubernetes-embedded-resource", kw_embedded, false },
	{ "x-kubernetes-int-or-string", kw_int_or_string, false },
	{ "x-kubernetes-preserve-unknown-fields", kw_preserve, false },
};

/* run a keyword's handler with the keyword appended to the path */
static void keyword(struct comp *c, struct fc_schema *s, kw_fn *fn, const char *key, const struct fc_node *v)
{
	size_t mark = c->path.len;

	fc_buf_putc(&c->path, '.');
	fc_buf_puts(&c->path, key);
	fn(c, s, v);
	c->path.len = mark;
	c->path.ptr[mark] = '\0';
}

static struct fc_schema *compile(struct comp *c, const struct fc_node *n)
{
	struct fc_schema *s = FC_NEW(c->set->arena, struct fc_schema);
	const char *other = NULL; /* a keyword that may not stand beside x-flinkc-ref */
	const struct fc_node *other_at = NULL;
	uint32_t i, excl[2], nexcl = 0; /* the exclusive* pairs, run after the bounds */
	size_t k, excl_kw[2];

	s->min_length = s->max_length = s->min_items = s->max_items = -1;
	s->loc = n->loc;
	if (n->kind != FC_NODE_MAP) {
		serr(c, n, "E0601", "expected a schema (object), got %s", kind_of(n));
		return s;
	}
	/* exclusive* may come before or after the bound it qualifies: bounds first */
	for (i = 0; i < n->n; i++) {
		const char *key = n->pairs[i].key->str;
		size_t lo = 0, hi = countof(keywords);
		while (lo < hi) {
			int cmp;
			k = lo + (hi - lo) / 2;
			cmp = strcmp(key, keywords[k].name);
			if (cmp == 0)
				break;
			if (cmp < 0)
				hi = k;
			else
				lo = k + 1;
		}
		if (lo >= hi)
			continue; /* not a supported keyword: ignored */
		if (keywords[k].fn == kw_exclusive_minimum || keywords[k].fn == kw_exclusive_maximum) {
			excl_kw[nexcl] = k;
			excl[nexcl++] = i;
		} else {
			keyword(c, s, keywords[k].fn, key, n->pairs[i].val);
		}
		if (!keywords[k].annotation && !other) {
			other = keywords[k].name;
			other_at = n->pairs[i].key;
		}
	}
	for (i = 0; i < nexcl; i++)
		keyword(c, s, keywords[excl_kw[i]].fn, keywords[excl_kw[i]].name, n->pairs[excl[i]].val);
	if (s->ref && other)
		serr(c, other_at, "E0601",
		     "\"%s\" may not stand beside x-flinkc-ref (only description, default, nullable and "
		     "x-flinkc-rules may)",
		     other);
	return s;
}

static struct fc_schema *compile_root(struct fc_schema_set *set, struct fc_ctx *ctx, const struct fc_node *n,
                                      const char *path, bool borrow)
{
	struct comp c;
	struct fc_schema *s;

	memset(&c, 0, sizeof(c));
	c.set = set;
	c.borrow = borrow;
	c.ctx = ctx;
	fc_buf_puts(&c.path, path);
	s = compile(&c, n);
	fc_buf_fini(&c.path);
	return s;
}

struct fc_schema *fc_schema_compile(struct fc_schema_set *set, struct fc_ctx *ctx, const struct fc_node *n,
                                    const char *path)
{
	return compile_root(set, ctx, n, path, false);
}

/* ---- entries ----------------------------------------------------------------- */

const struct fc_schema_entry *fc_schema_set_find(const struct fc_schema_set *set, const char *api_version,
                                                 const char *kind)
{
	size_t i;

	for (i = 0; i < set->nentries; i++)
		if (strcmp(set->entries[i].kind, kind) == 0 && strcmp(set->entries[i].api_version, api_version) == 0)
			return &set->entries[i];
	return NULL;
}

bool fc_schema_set_has_kind(const struct fc_schema_set *set, const char *kind)
{
	size_t i;

	for (i = 0; i < set->nentries; i++)
		if (strcmp(set->entries[i].kind, kind) == 0)
			return true;
	return false;
}

/* add an entry; a second schema for the same apiVersion and kind is an error */
static int add_entry(struct fc_schema_set *set, struct fc_ctx *ctx, const char *api_version, const char *kind,
                     const struct fc_schema *schema, struct fc_loc loc, const char *description)
{
	const struct fc_schema_entry *old = fc_schema_set_find(set, api_version, kind);
	struct fc_schema_entry *e;

	if (old) {
		fc_diag_at(ctx, FC_SEV_ERROR, loc, "E0601", NULL,
		           "schema error: a second schema for %s %s (the first is at %s:%u)", api_version, kind,
		           old->loc.file ? old->loc.file : "?", old->loc.line);
		return FC_ERR;
	}
	if (set->nentries == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 8;
		set->entries = fc_arena_grow(set->arena, set->entries, set->nentries, set->cap, sizeof(*set->entries));
	}
	e = &set->entries[set->nentries++];
	e->api_version = fc_arena_strdup(set->arena, api_version);
	e->kind = fc_arena_strdup(set->arena, kind);
	e->description = description ? fc_arena_strdup(set->arena, description) : NULL;
	e->schema = schema;
	e->loc = loc;
	return 0;
}

/* ---- CRDs -------------------------------------------------------------------- */

static const char *str_at(const struct fc_node *root, const char *path)
{
	const struct fc_node *n = fc_node_path(root, path);
	return n && n->kind == FC_NODE_STR && n->len ? n->str : NULL;
}

int fc_schema_set_add_crd(struct fc_schema_set *set, struct fc_ctx *ctx, const struct fc_node *crd)
{
	const struct fc_node *spec = fc_node_get(crd, "spec"), *versions, *legacy;
	const char *group = str_at(crd, "spec.group"), *kind = str_at(crd, "spec.names.kind");
	const struct fc_schema *legacy_schema = NULL;
	unsigned before = ctx->nerrors;
	size_t added = 0;
	uint32_t i;
	char *api;

	if (!group || !kind) {
		fc_diag_at(ctx, FC_SEV_ERROR, crd->loc, "E0601", NULL,
		           "schema error: CustomResourceDefinition without spec.group and spec.names.kind");
		return FC_ERR;
	}
	/* apiextensions.k8s.io/v1beta1: one schema for every version */
	legacy = fc_node_path(spec, "validation.openAPIV3Schema");
	if (legacy)
		legacy_schema = fc_schema_compile(set, ctx, legacy, "spec.validation.openAPIV3Schema");
	versions = fc_node_get(spec, "versions");
	if (versions && versions->kind == FC_NODE_SEQ) {
		for (i = 0; i < versions->n; i++) {
			const struct fc_node *v = versions->items[i], *sn = fc_node_path(v, "schema.openAPIV3Schema");
			const char *name = str_at(v, "name");
			const struct fc_schema *s = legacy_schema;
			char path[64];

			if (!name)
				continue;
			if (sn) {
				snprintf(path, sizeof(path), "spec.versions[%u].schema.openAPIV3Schema", i);
				s = fc_schema_compile(set, ctx, sn, path);
			}
			if (!s)
				continue;
			api = fc_arena_printf(set->arena, "%s/%s", group, name);
			if (add_entry(set, ctx, api, kind, s, sn ? sn->loc : legacy->loc, NULL) == 0)
				added++;
		}
	} else if (legacy_schema && str_at(crd, "spec.version")) {
		api = fc_arena_printf(set->arena, "%s/%s", group, str_at(crd, "spec.version"));
		if (add_entry(set, ctx, api, kind, legacy_schema, legacy->loc, NULL) == 0)
			added++;
	}
	if (!added && ctx->nerrors == before)
		fc_diag_at(ctx, FC_SEV_ERROR, crd->loc, "E0601", NULL,
		           "schema error: CustomResourceDefinition %s.%s has no version with an openAPIV3Schema", kind,
		           group);
	return ctx->nerrors > before ? FC_ERR : 0;
}

/* read a whole file into a heap buffer (NUL-terminated); 0 or FC_ERR after reporting */
static int read_file(struct fc_ctx *ctx, const char *path, const char *display, char **out, size_t *len)
{
	struct fc_loc loc = { display, 0, 0, 0 };
	size_t cap = 1 << 16, n = 0, limit = ctx->max_input_bytes ? ctx->max_input_bytes : (size_t)64 << 20;
	FILE *f = fopen(path, "rb");
	char *buf;

	*out = NULL;
	if (!f) {
		fc_diag_error(ctx, loc, "E0001", "cannot open CRD file '%s': %s", path, strerror(errno));
		ctx->io_error = true;
		return FC_ERR;
	}
	buf = fc_xmalloc(cap + 1);
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > limit) {
			fc_diag_error(ctx, loc, "E0001", "CRD file '%s' is larger than %zu bytes", path, limit);
			break;
		}
		if (got == 0) {
			if (ferror(f))
				fc_diag_error(ctx, loc, "E0001", "cannot read CRD file '%s': %s", path, strerror(errno));
			else {
				fclose(f);
				buf[n] = '\0';
				*out = buf;
				*len = n;
				return 0;
			}
			break;
		}
		if (n == cap) {
			cap *= 2;
			buf = fc_xreallocarray(buf, cap + 1, 1);
		}
	}
	fclose(f);
	fc_xfree(buf);
	ctx->io_error = true;
	return FC_ERR;
}

int fc_schema_set_load_crd_file(struct fc_schema_set *set, struct fc_ctx *ctx, const char *path)
{
	struct fc_source src;
	struct fc_yaml_reader *r;
	unsigned before = ctx->nerrors;
	size_t ncrds = 0;
	char *text;

	memset(&src, 0, sizeof(src));
	src.name = fc_arena_strdup(ctx->arena, path); /* diagnostics outlive the set */
	if (read_file(ctx, path, src.name, &text, &src.len)) {
		set->load_failed = true;
		return FC_ERR;
	}
	src.text = text;
	src.utf8_ok = true; /* libyaml rejects invalid UTF-8 itself */
	r = fc_yaml_open(ctx, &src);
	for (;;) {
		struct fc_arena *a = fc_arena_new();
		struct fc_node *doc = NULL;
		int got = fc_yaml_next(r, a, &doc);
		const char *kind = got == 1 ? fc_node_getstr(doc, "kind") : NULL;

		if (kind && strcmp(kind, "CustomResourceDefinition") == 0) {
			ncrds++;
			fc_schema_set_add_crd(set, ctx, doc);
		}
		fc_arena_free(a);
		if (got != 1)
			break;
	}
	fc_yaml_close(r);
	fc_xfree(text);
	if (!ncrds && ctx->nerrors == before) {
		struct fc_loc loc = { src.name, 1, 1, 0 };
		fc_diag_error(ctx, loc, "E0601", "schema error: no CustomResourceDefinition in '%s'", path);
	}
	if (ctx->nerrors > before)
		set->load_failed = true;
	set->from_crds = true;
	return ctx->nerrors > before ? FC_ERR : 0;
}

/* ---- built-in schema files ----------------------------------------------------- */

static int builtin_entry(struct fc_schema_set *set, struct fc_ctx *ctx, const struct fc_node *doc, bool borrow)
{
	const char *kind = fc_node_getstr(doc, "kind"), *api = fc_node_getstr(doc, "apiVersion");
	const struct fc_node *sn = fc_node_get(doc, "schema"), *desc = fc_node_get(doc, "description");
	const struct fc_schema *s;

	if (doc->kind != FC_NODE_MAP || !kind || !api || !sn) {
		fc_diag_at(ctx, FC_SEV_ERROR, doc->loc, "E0601", NULL,
		           "schema error: a built-in schema document needs kind, apiVersion and schema");
		return FC_ERR;
	}
	s = compile_root(set, ctx, sn, "schema", borrow);
	return add_entry(set, ctx, api, kind, s, doc->loc, desc && desc->kind == FC_NODE_STR ? desc->str : NULL);
}

int fc_schema_set_load_builtin(struct fc_schema_set *set, struct fc_ctx *ctx, const char *name, const char *text,
                               size_t len)
{
	struct fc_source src;
	struct fc_yaml_reader *r;
	unsigned before = ctx->nerrors;

	memset(&src, 0, sizeof(src));
	src.name = fc_arena_printf(ctx->arena, "schema/%s", name);
	src.text = text;
	src.len = len;
	src.utf8_ok = true;
	r = fc_yaml_open(ctx, &src);
	for (;;) {
		struct fc_arena *a = fc_arena_new();
		struct fc_node *doc = NULL;
		int got = fc_yaml_next(r, a, &doc);

		if (got == 1)
			builtin_entry(set, ctx, doc, false);
		fc_arena_free(a);
		if (got != 1)
			break;
	}
	fc_yaml_close(r);
	if (ctx->nerrors > before)
		set->load_failed = true;
	return ctx->nerrors > before ? FC_ERR : 0;
}

int fc_schema_set_load_docs(struct fc_schema_set *set, struct fc_ctx *ctx, struct fc_node *const *docs, size_t n)
{
	unsigned before = ctx->nerrors;
	size_t i;

	for (i = 0; i < n; i++)
		builtin_entry(set, ctx, docs[i], true);
	if (ctx->nerrors > before)
		set->load_failed = true;
	return ctx->nerrors > before ? FC_ERR : 0;
}

int fc_schema_set_link(struct fc_schema_set *set, struct fc_ctx *ctx)
{
	unsigned before = ctx->nerrors;
	size_t i, j;

	for (i = 0; i < set->nrefs; i++) {
		struct fc_schema *s = set->refs[i];
		s->ref_target = NULL;
		for (j = 0; j < set->nentries && !s->ref_target; j++)
			if (strcmp(set->entries[j].kind, s->ref) == 0)
				s->ref_target = set->entries[j].schema;
		if (!s->ref_target)
			fc_diag_at(ctx, FC_SEV_ERROR, s->loc, "E0601", NULL,
			           "schema error: x-flinkc-ref: no schema for kind \"%s\"", s->ref);
	}
	for (i = 0; i < set->nrefs; i++) {
		const struct fc_schema *end = fc_schema_deref(set->refs[i]);
		if (end && end->ref_target)
			fc_diag_at(ctx, FC_SEV_ERROR, set->refs[i]->loc, "E0601", NULL,
			           "schema error: x-flinkc-ref: \"%s\" leads to a loop of references", set->refs[i]->ref);
	}
	if (ctx->nerrors > before)
		set->load_failed = true;
	return ctx->nerrors > before ? FC_ERR : 0;
}

/* ---- lookups ----------------------------------------------------------------- */

const struct fc_schema *fc_schema_deref(const struct fc_schema *s)
{
	unsigned hops = 0;

	while (s && s->ref_target && hops++ < 16)
		s = s->ref_target;
	return s;
}

const struct fc_schema *fc_schema_listed(const struct fc_schema *s, const char *name)
{
	size_t lo = 0, hi = s->nprops;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, s->props[mid].name);
		if (c == 0)
			return s->props[mid].schema;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct fc_schema *fc_schema_property(const struct fc_schema *s, const char *name)
{
	const struct fc_schema *p;

	s = fc_schema_deref(s);
	if (!s)
		return NULL;
	p = fc_schema_listed(s, name);
	return p ? p : s->additional;
}

const char *fc_schema_type_name(const struct fc_schema *s)
{
	size_t i;

	s = fc_schema_deref(s);
	if (s->flags & FC_SCHEMA_INT_OR_STRING)
		return "integer or string";
	for (i = 0; i < countof(type_names); i++)
		if (type_names[i].type == s->type)
			return type_names[i].name;
	return "any";
}
