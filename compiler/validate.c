/* SPDX-License-Identifier: Apache-2.0 */
/* validate.c - walk a document against its compiled schema; see validate.h.
 *
 * Semantics follow kube-apiserver for custom resources:
 *  - Types come from the node kinds yaml.c gives (YAML 1.1, as kubectl
 *    reads it); an integer is also a number; x-kubernetes-int-or-string
 *    takes an integer or a string.
 *  - An object field whose value is null and whose schema is not nullable
 *    is dropped by the API server before validation: it is skipped here too
 *    (and counts as missing for `required`).  Null elsewhere is a type error.
 *  - Unknown fields are judged on the structural schema only (properties
 *    and additionalProperties outside anyOf/allOf/oneOf/not), where the API
 *    server would prune them.  apiVersion, kind and metadata are implicitly
 *    allowed at the root and in x-kubernetes-embedded-resource objects, and
 *    the root metadata (ObjectMeta) is not checked for unknown fields
 *    unless the schema lists its properties (the built-in schema does).
 *  - anyOf/oneOf/not branches are evaluated into a side list: when every
 *    failing branch reports exactly the same problems those are reported,
 *    otherwise one E0609 summarises the first problem of each branch.
 *
 * Diagnostics are collected per document and handed to diag.c at the end;
 * their messages start with the kubectl-style field path
 * (spec.podTemplate.spec.containers[0].image, metadata.labels[app/x]).
 */
#include "validate.h"

#include <errno.h>
#include <float.h>
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
#include "embed.h"
#include "node.h"
#include "placeholder.h"
#include "regex.h"
#include "schema.h"
#include "text.h"
#include "units.h"

#define MAX_DEPTH 256      /* schema references can nest without the document nesting */
#define MAX_ENUM_LISTED 16 /* enum values spelled out in a message */
#define MAX_QUOTED 60      /* bytes of a value quoted in a message */

/* a diagnostic not yet handed to diag.c */
struct vdiag {
	enum fc_sev sev;
	struct fc_loc loc;
	const char *code;
	const char *path;  /* field path; "" for the document itself */
	const char *body;  /* message without the path */
};

struct vst {
	struct fc_ctx *ctx;
	struct fc_arena *a;         /* messages and paths; created on the first diagnostic */
	struct vdiag *d;
	size_t n, cap;
	struct fc_buf path;         /* path of the node being checked */
	unsigned depth;
	bool allow_unknown;
	const struct fc_node *key; /* the key of the value being checked; NULL at the root and in arrays */
};

/* ---- diagnostics ----------------------------------------------------------- */

static struct fc_arena *scratch(struct vst *st)
{
	if (!st->a)
		st->a = fc_arena_new();
	return st->a;
}

static void add(struct vst *st, enum fc_sev sev, struct fc_loc loc, const char *code, const char *fmt, ...)
	FC_PRINTF(5, 6);

static void add(struct vst *st, enum fc_sev sev, struct fc_loc loc, const char *code, const char *fmt, ...)
{
	struct fc_arena *a = scratch(st);
	struct vdiag *d;
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->d = fc_xreallocarray(st->d, st->cap, sizeof(*st->d));
	}
	d = &st->d[st->n++];
	d->sev = sev;
	d->loc = loc;
	d->code = code;
	d->path = fc_arena_strndup(a, st->path.ptr ? st->path.ptr : "", st->path.len);
	d->body = fc_arena_strndup(a, buf, n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static bool same_diag(const struct vdiag *x, const struct vdiag *y)
{
	return x->sev == y->sev && strcmp(x->code, y->code) == 0 && x->loc.line == y->loc.line &&
	       x->loc.col == y->loc.col && strcmp(x->path, y->path) == 0 && strcmp(x->body, y->body) == 0;
}

/* ---- paths and values in messages ------------------------------------------ */

static bool plain_key(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') || *k == '_' ||
		      *k == '-' || *k == '$' || *k == '@'))
			return false;
	return true;
}

/* append the key to the path: ".key", or "[key]" when it has dots, slashes, ... */
static size_t push_key(struct vst *st, const char *key)
{
	size_t mark = st->path.len;

	if (plain_key(key)) {
		if (st->path.len)
			fc_buf_putc(&st->path, '.');
		fc_buf_puts(&st->path, key);
	} else {
		fc_buf_putc(&st->path, '[');
		for (; *key; key++) {
			unsigned char c = (unsigned char)*key;
			if (c < 0x20 || c == 0x7F)
				fc_buf_printf(&st->path, "\\x%02x", c);
			else
				fc_buf_putc(&st->path, (char)c);
		}
		fc_buf_putc(&st->path, ']');
	}
	return mark;
}

static size_t push_index(struct vst *st, uint32_t i)
{
	size_t mark = st->path.len;
	fc_buf_printf(&st->path, "[%u]", i);
	return mark;
}

static void pop(struct vst *st, size_t mark)
{
	st->path.len = mark;
	if (st->path.ptr)
		st->path.ptr[mark] = '\0';
}

/* s[0..n) quoted with escapes, cut after MAX_QUOTED bytes on a character boundary */
static const char *quote(struct vst *st, const char *s, size_t n)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *out;
	size_t i;

	fc_buf_putc(&b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= MAX_QUOTED && (c & 0xC0) != 0x80) {
			fc_buf_puts(&b, "...");
			break;
		}
		if (c == '"' || c == '\\')
			fc_buf_printf(&b, "\\%c", c);
		else if (c == '\n')
			fc_buf_puts(&b, "\\n");
		else if (c == '\t')
			fc_buf_puts(&b, "\\t");
		else if (c < 0x20 || c == 0x7F)
			fc_buf_printf(&b, "\\x%02x", c);
		else
			fc_buf_putc(&b, (char)c);
	}
	fc_buf_putc(&b, '"');
	out = fc_arena_strndup(scratch(st), b.ptr, b.len);
	fc_buf_fini(&b);
	return out;
}

/* "string \"four\"", "integer 4", "number 0.5", "boolean true", "null", "object", "array" */
static const char *describe(struct vst *st, const struct fc_node *n)
{
	switch (n->kind) {
	case FC_NODE_STR: return fc_arena_printf(scratch(st), "string %s", quote(st, n->str, n->len));
	case FC_NODE_INT:
	case FC_NODE_FLOAT:
	case FC_NODE_BOOL: return fc_arena_printf(scratch(st), "%s %s", fc_node_kind_name(n->kind), n->str);
	default: return fc_node_kind_name(n->kind);
	}
}

/* an enum value or a value in a message: strings quoted, the rest as written */
static const char *value_text(struct vst *st, const struct fc_node *n)
{
	if (n->kind == FC_NODE_STR)
		return quote(st, n->str, n->len);
	if (fc_node_is_scalar(n))
		return n->str;
	return fc_node_kind_name(n->kind);
}

/* ---- suggestions ------------------------------------------------------------- */

/* the closest name to word among names[0..n), or NULL when none is close
 * (distance at most max(2, len/3) and below the word's length) or when
 * several are equally close */
static const char *closest(const char *word, const char *const *names, size_t n)
{
	size_t len = strlen(word), i, ties = 0;
	unsigned limit = len / 3 > 2 ? (unsigned)(len / 3) : 2, best = limit + 1;
	const char *out = NULL;

	for (i = 0; i < n; i++) {
		unsigned d = fc_text_distance(word, len, names[i], strlen(names[i]), limit, 0);
		if (d >= len || d > best)
			continue;
		if (d == best && out && strcmp(out, names[i]) != 0) {
			ties++;
		} else if (d < best) {
			best = d;
			out = names[i];
			ties = 0;
		}
	}
	return ties ? NULL : out;
}

/* ---- keyword checks ---------------------------------------------------------- */

/* own: the structural schema of n when s is an anyOf/allOf/oneOf/not branch
 * (it decides which null fields the API server drops), NULL otherwise */
static void walk(struct vst *st, const struct fc_node *n, const struct fc_schema *s, const struct fc_schema *own,
                 bool structural, bool root);

static bool is_nullable(const struct fc_schema *s)
{
	return (s->flags & FC_SCHEMA_NULLABLE) || (fc_schema_deref(s)->flags & FC_SCHEMA_NULLABLE);
}

static bool type_ok(const struct fc_node *n, const struct fc_schema *s)
{
	if (s->flags & FC_SCHEMA_INT_OR_STRING)
		return n->kind == FC_NODE_INT || n->kind == FC_NODE_STR;
	switch (s->type) {
	case FC_SCHEMA_ANY: return true;
	case FC_SCHEMA_OBJECT: return n->kind == FC_NODE_MAP;
	case FC_SCHEMA_ARRAY: return n->kind == FC_NODE_SEQ;
	case FC_SCHEMA_STRING: return n->kind == FC_NODE_STR;
	case FC_SCHEMA_INTEGER: return n->kind == FC_NODE_INT;
	case FC_SCHEMA_NUMBER: return n->kind == FC_NODE_INT || n->kind == FC_NODE_FLOAT;
	case FC_SCHEMA_BOOLEAN: return n->kind == FC_NODE_BOOL;
	}
	return true;
}

static void type_error(struct vst *st, const struct fc_node *n, const struct fc_schema *s)
{
	bool wants_string = s->type == FC_SCHEMA_STRING || (s->flags & FC_SCHEMA_INT_OR_STRING);
	bool surprise = !n->quoted && (n->kind == FC_NODE_BOOL || n->kind == FC_NODE_FLOAT ||
	                               n->kind == FC_NODE_INT || n->kind == FC_NODE_NULL);

	size_t plen = st->path.len;
	/* a memory size without a unit is bytes to Flink: suggest the unit meant */
	bool memory = plen >= 7 && strcmp(st->path.ptr + plen - 7, ".memory") == 0 && n->kind == FC_NODE_INT &&
	              n->str[0] != '-';

	if (wants_string && surprise && memory)
		add(st, FC_SEV_ERROR, n->loc, "E0603",
		    "expected %s, got %s; write \"%sm\" for %s MiB (a memory size without a unit is bytes)",
		    fc_schema_type_name(s), describe(st, n), n->str, n->str);
	else
		add(st, FC_SEV_ERROR, n->loc, "E0603", "expected %s, got %s%s", fc_schema_type_name(s), describe(st, n),
		    wants_string && surprise && n->kind != FC_NODE_NULL ? "; quote it to make it a string" : "");
}

static double num_value(const struct fc_node *n)
{
	if (n->kind == FC_NODE_FLOAT && (n->str[0] == '.' || (n->str[0] == '-' && n->str[1] == '.')))
		return strcmp(n->str, ".nan") == 0 ? NAN : n->str[0] == '-' ? -INFINITY : INFINITY;
	return strtod(n->str, NULL);
}

static bool enum_equal(const struct fc_node *v, const struct fc_node *e)
{
	bool vnum = v->kind == FC_NODE_INT || v->kind == FC_NODE_FLOAT;
	bool enum_num = e->kind == FC_NODE_INT || e->kind == FC_NODE_FLOAT;

	if (vnum && enum_num) {
		if (v->kind == FC_NODE_INT && e->kind == FC_NODE_INT)
			return strcmp(v->str, e->str) == 0;
		return num_value(v) == num_value(e);
	}
	if (v->kind != e->kind)
		return false;
	if (fc_node_is_scalar(v))
		return v->len == e->len && memcmp(v->str, e->str, v->len) == 0;
	return fc_node_equal(v, e);
}

static void check_enum(struct vst *st, const struct fc_node *n, const struct fc_schema *s)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *names[64], *hint = NULL;
	size_t nnames = 0;
	uint32_t i;

	for (i = 0; i < s->nenum; i++)
		if (enum_equal(n, s->enum_vals[i]))
			return;
	for (i = 0; i < s->nenum && i < MAX_ENUM_LISTED; i++) {
		fc_buf_puts(&b, i ? ", " : "");
		fc_buf_puts(&b, value_text(st, s->enum_vals[i]));
	}
	if (s->nenum > MAX_ENUM_LISTED)
		fc_buf_printf(&b, ", ... (%u values)", s->nenum);
	if (n->kind == FC_NODE_STR && strlen(n->str) == n->len) {
		for (i = 0; i < s->nenum && nnames < countof(names); i++)
			if (s->enum_vals[i]->kind == FC_NODE_STR && strlen(s->enum_vals[i]->str) == s->enum_vals[i]->len)
				names[nnames++] = s->enum_vals[i]->str;
		hint = closest(n->str, names, nnames);
	}
	add(st, FC_SEV_ERROR, n->loc, "E0604", "unsupported value %s; expected one of %s%s%s%s", value_text(st, n),
	    b.ptr ? b.ptr : "(none)", hint ? "; did you mean " : "", hint ? quote(st, hint, strlen(hint)) : "",
	    hint ? "?" : "");
	fc_buf_fini(&b);
}

/* code points in s[0..n) (the input is valid UTF-8) */
static int64_t utf8_length(const char *s, size_t n)
{
	int64_t count = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

static bool digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num2(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

/* RFC 3339 full-date at s (10 bytes) */
static bool is_date(const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m, d;

	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return false;
	m = num2(s + 5);
	d = num2(s + 8);
	return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

/* RFC 3339 date-time: 2006-01-02T15:04:05[.frac](Z|+hh:mm|-hh:mm) */
static bool is_date_time(const char *s, size_t n)
{
	size_t i = 19;

	if (n < 20 || !is_date(s, n) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s + 11, 2) ||
	    s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	if (num2(s + 11) > 23 || num2(s + 14) > 59 || num2(s + 17) > 60)
		return false;
	if (s[i] == '.') {
		size_t j = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == j)
			return false;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z'))
		return i + 1 == n;
	if (i + 6 == n && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2) && s[i + 3] == ':' &&
	    digits(s + i + 4, 2))
		return num2(s + i + 1) <= 23 && num2(s + i + 4) <= 59;
	return false;
}

/* standard base64 with padding */
static bool is_base64(const char *s, size_t n)
{
	size_t i, pad = 0;

	if (n % 4)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '=') {
			if (i < n - 2)
				return false;
			pad++;
		} else if (pad || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		                    c == '+' || c == '/')) {
			return false;
		}
	}
	return true;
}

/* the compiled pattern of s, compiled when a value first meets it (regex.h) */
static struct fc_regex *pattern(struct fc_ctx *ctx, const struct fc_schema *s)
{
	if (!ctx->patterns)
		ctx->patterns = fc_regex_cache_new();
	return fc_regex_cache_get(ctx->patterns, s->pattern);
}

static void check_string(struct vst *st, const struct fc_node *n, const struct fc_schema *s)
{
	struct fc_regex *re;
	int64_t len = (s->min_length >= 0 || s->max_length >= 0) ? utf8_length(n->str, n->len) : 0;
	const char *what = NULL;

	if (s->min_length >= 0 && len < s->min_length)
		add(st, FC_SEV_ERROR, n->loc, "E0606", "must be at least %lld characters long, got %lld",
		    (long long)s->min_length, (long long)len);
	if (s->max_length >= 0 && len > s->max_length)
		add(st, FC_SEV_ERROR, n->loc, "E0606", "must be at most %lld characters long, got %lld",
		    (long long)s->max_length, (long long)len);
	if (s->pattern && (re = pattern(st->ctx, s))) {
		int rc = fc_regex_match(re, n->str, n->len);
		size_t at, plen = 0;
		if (rc == FC_REGEX_NOMATCH)
			plen = fc_placeholder_find(&at, n->str, n->len);
		if (rc == FC_REGEX_NOMATCH && plen)
			add(st, FC_SEV_ERROR, n->loc, "E0605",
			    "%s holds the unexpanded placeholder %.*s, so it does not match the pattern %s; "
			    "substitute it before rendering",
			    quote(st, n->str, n->len), (int)plen, n->str + at, quote(st, s->pattern, strlen(s->pattern)));
		else if (rc == FC_REGEX_NOMATCH)
			add(st, FC_SEV_ERROR, n->loc, "E0605", "%s does not match the pattern %s", quote(st, n->str, n->len),
			    quote(st, s->pattern, strlen(s->pattern)));
		else if (rc == FC_REGEX_TOO_COMPLEX)
			add(st, FC_SEV_ERROR, n->loc, "E0610", "pattern too complex for value %s (match limit reached): %s",
			    quote(st, n->str, n->len), quote(st, s->pattern, strlen(s->pattern)));
		else if (rc == FC_REGEX_BAD_SUBJECT)
			add(st, FC_SEV_ERROR, n->loc, "E0605", "value is not valid UTF-8");
	}
	switch (s->format) {
	case FC_SCHEMA_FORMAT_BYTE:
		if (!is_base64(n->str, n->len))
			what = "base64 data (format byte)";
		break;
	case FC_SCHEMA_FORMAT_DATE_TIME:
		if (!is_date_time(n->str, n->len))
			what = "an RFC 3339 date-time (2006-01-02T15:04:05Z)";
		break;
	case FC_SCHEMA_FORMAT_DATE:
		if (n->len != 10 || !is_date(n->str, n->len))
			what = "an RFC 3339 date (2006-01-02)";
		break;
	case FC_SCHEMA_FORMAT_QUANTITY: {
		double d;
		if (strlen(n->str) != n->len || fc_units_quantity_double(&d, n->str))
			what = "a Kubernetes quantity (\"500m\", \"2Gi\", \"1.5\")";
		break;
	}
	default: break;
	}
	if (what)
		add(st, FC_SEV_ERROR, n->loc, "E0606", "%s is not %s", quote(st, n->str, n->len), what);
}

/* <0, 0, >0 as value n compares with bound b */
static int compare(const struct fc_node *n, const struct fc_schema_bound *b)
{
	double d;

	if (n->kind == FC_NODE_INT && b->is_int) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(n->str, &end, 10);
		if (!errno && !*end)
			return v < b->i ? -1 : v > b->i;
	}
	d = num_value(n);
	return d < b->d ? -1 : d > b->d ? 1 : 0;
}

static void check_number(struct vst *st, const struct fc_node *n, const struct fc_schema *s)
{
	const struct fc_schema_bound *lo = &s->minimum, *hi = &s->maximum;

	if (n->kind == FC_NODE_FLOAT && isnan(num_value(n)) && (lo->set || hi->set)) {
		add(st, FC_SEV_ERROR, n->loc, "E0606", "must be a number, got %s", n->str);
		return;
	}
	if (lo->set) {
		int c = compare(n, lo);
		if (c < 0 || (c == 0 && lo->exclusive))
			add(st, FC_SEV_ERROR, n->loc, "E0606", "must be %s %s, got %s",
			    lo->exclusive ? "greater than" : "at least", lo->text, n->str);
	}
	if (hi->set) {
		int c = compare(n, hi);
		if (c > 0 || (c == 0 && hi->exclusive))
			add(st, FC_SEV_ERROR, n->loc, "E0606", "must be %s %s, got %s",
			    hi->exclusive ? "less than" : "at most", hi->text, n->str);
	}
	if (n->kind == FC_NODE_INT && s->format == FC_SCHEMA_FORMAT_INT32) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(n->str, &end, 10);
		if (errno || v < INT32_MIN || v > INT32_MAX)
			add(st, FC_SEV_ERROR, n->loc, "E0606", "%s is out of range for int32 (-2147483648 to 2147483647)",
			    n->str);
	} else if (n->kind == FC_NODE_INT && s->format == FC_SCHEMA_FORMAT_INT64) {
		char *end;
		errno = 0;
		(void)strtoll(n->str, &end, 10);
		if (errno || *end)
			add(st, FC_SEV_ERROR, n->loc, "E0606", "%s is out of range for int64", n->str);
	} else if (n->kind == FC_NODE_FLOAT && s->format == FC_SCHEMA_FORMAT_FLOAT) {
		double d = num_value(n);
		if (isfinite(d) && fabs(d) > FLT_MAX)
			add(st, FC_SEV_ERROR, n->loc, "E0606", "%s is out of range for float", n->str);
	}
}

static void check_array(struct vst *st, const struct fc_node *n, const struct fc_schema *s, bool structural)
{
	uint32_t i;

	if (s->min_items >= 0 && n->n < s->min_items)
		add(st, FC_SEV_ERROR, n->loc, "E0606", "must have at least %lld item%s, got %u",
		    (long long)s->min_items, s->min_items == 1 ? "" : "s", n->n);
	if (s->max_items >= 0 && n->n > s->max_items)
		add(st, FC_SEV_ERROR, n->loc, "E0606", "must have at most %lld item%s, got %u",
		    (long long)s->max_items, s->max_items == 1 ? "" : "s", n->n);
	if (!s->items)
		return;
	for (i = 0; i < n->n; i++) {
		size_t mark = push_index(st, i);
		const struct fc_node *key = st->key;
		st->key = NULL;
		walk(st, n->items[i], s->items, NULL, structural, false);
		st->key = key;
		pop(st, mark);
	}
}

/* a listed property of s, or NULL (s is dereferenced) */
static const struct fc_schema *listed(const struct fc_schema *s, const char *name)
{
	return fc_schema_listed(s, name);
}

static bool is_meta_key(const char *k)
{
	return strcmp(k, "apiVersion") == 0 || strcmp(k, "kind") == 0 || strcmp(k, "metadata") == 0;
}

static void unknown_field(struct vst *st, const struct fc_pair *p, const struct fc_schema *s, bool implicit)
{
	const char *key = p->key->str, *hint;
	const char **names = fc_arena_alloc(scratch(st), (s->nprops + 3) * sizeof(*names));
	size_t nnames = 0, mark;
	uint32_t i;

	for (i = 0; i < s->nprops; i++)
		names[nnames++] = s->props[i].name;
	if (implicit) {
		names[nnames++] = "apiVersion";
		names[nnames++] = "kind";
		names[nnames++] = "metadata";
	}
	hint = closest(key, names, nnames);
	mark = push_key(st, key);
	add(st, st->allow_unknown ? FC_SEV_WARNING : FC_SEV_ERROR, p->key->loc, st->allow_unknown ? "W0608" : "E0608",
	    "unknown field %s%s%s%s", quote(st, key, p->key->len), hint ? "; did you mean " : "",
	    hint ? quote(st, hint, strlen(hint)) : "", hint ? "?" : "");
	pop(st, mark);
}

/* an object field the API server drops before validating: null, and not nullable in own */
static bool pruned(const struct fc_pair *p, const struct fc_schema *own)
{
	const struct fc_schema *prop;

	if (p->val->kind != FC_NODE_NULL)
		return false;
	prop = listed(own, p->key->str);
	if (!prop)
		prop = own->additional;
	return !(prop && is_nullable(prop));
}

static void check_object(struct vst *st, const struct fc_node *n, const struct fc_schema *s,
                         const struct fc_schema *own, bool structural, bool root)
{
	bool implicit = root || (s->flags & FC_SCHEMA_EMBEDDED_RESOURCE);
	bool judge = structural && !(s->flags & (FC_SCHEMA_PRESERVE_UNKNOWN | FC_SCHEMA_ADDITIONAL_TRUE)) &&
	             !s->additional && (s->type == FC_SCHEMA_OBJECT || s->nprops);
	const struct fc_node *parent_key;
	/* a missing field is reported at its parent's key (`spec:`), not at
	 * the parent's first child, which is where a block mapping starts */
	struct fc_loc at = st->key && st->key->loc.line ? st->key->loc : n->loc;
	uint32_t i;

	for (i = 0; i < n->n; i++) {
		const struct fc_pair *p = &n->pairs[i];
		const char *key = p->key->str;
		const struct fc_schema *sub = listed(s, key);
		size_t mark;

		if (!sub)
			sub = s->additional;
		if (!sub) {
			if (implicit && is_meta_key(key))
				continue;
			if (judge)
				unknown_field(st, p, s, implicit);
			continue;
		}
		if (pruned(p, own))
			continue;
		mark = push_key(st, key);
		parent_key = st->key;
		st->key = p->key;
		/* ObjectMeta is the API server's: no unknown-field judgement below the
		 * root metadata unless the schema describes it (the built-in one
		 * lists every ObjectMeta field, so `namespaec` is caught) */
		walk(st, p->val, sub, NULL,
		     structural && !(implicit && strcmp(key, "metadata") == 0 && sub->nprops == 0), false);
		st->key = parent_key;
		pop(st, mark);
	}
	for (i = 0; i < s->nrequired; i++) {
		const struct fc_pair *p = fc_node_pair(n, s->required[i]);
		size_t mark;

		if (p && !pruned(p, own))
			continue;
		mark = push_key(st, s->required[i]);
		add(st, FC_SEV_ERROR, at, "E0607", "required field is missing");
		pop(st, mark);
	}
}

/* ---- anyOf / oneOf / not ------------------------------------------------------ */

/* run one branch; returns the number of errors it added (kept in st->d) */
static size_t branch(struct vst *st, const struct fc_node *n, const struct fc_schema *b, const struct fc_schema *own)
{
	size_t before = st->n, i, errors = 0;

	walk(st, n, b, own, false, false);
	for (i = before; i < st->n; i++)
		if (st->d[i].sev == FC_SEV_ERROR)
			errors++;
	return errors;
}

/* The branches' diagnostics are st->d[mark..st->n), branch i starting at
 * starts[i].  Keep them when all agree, else replace them with one E0609. */
static void combine(struct vst *st, const struct fc_node *n, const char *kw, size_t mark, const size_t *starts,
                    uint32_t nb)
{
	struct fc_buf b = FC_BUF_INIT;
	size_t len0 = (nb > 1 ? starts[1] : st->n) - starts[0];
	bool agree = true;
	uint32_t i;
	size_t k;

	for (i = 1; i < nb && agree; i++) {
		size_t end = i + 1 < nb ? starts[i + 1] : st->n;
		if (end - starts[i] != len0)
			agree = false;
		for (k = 0; agree && k < len0; k++)
			agree = same_diag(&st->d[starts[0] + k], &st->d[starts[i] + k]);
	}
	if (agree) {
		st->n = mark + len0;
		return;
	}
	for (i = 0; i < nb; i++) {
		const struct vdiag *d = &st->d[starts[i]];
		size_t end = i + 1 < nb ? starts[i + 1] : st->n;
		fc_buf_printf(&b, "%s(%u) ", i ? "; " : "", i + 1);
		if (end == starts[i])
			fc_buf_puts(&b, "matches");
		else if (strcmp(d->path, st->path.ptr ? st->path.ptr : "") != 0)
			fc_buf_printf(&b, "%s: %s", d->path, d->body);
		else
			fc_buf_puts(&b, d->body);
	}
	st->n = mark;
	add(st, FC_SEV_ERROR, n->loc, "E0609", "matches none of the %s alternatives: %s", kw, b.ptr);
	fc_buf_fini(&b);
}

static void check_any_of(struct vst *st, const struct fc_node *n, const struct fc_schema *s,
                         const struct fc_schema *own)
{
	size_t mark = st->n, small[16], *starts = small;
	uint32_t i;

	if (s->nany_of > countof(small))
		starts = fc_arena_alloc(scratch(st), s->nany_of * sizeof(*starts));
	for (i = 0; i < s->nany_of; i++) {
		starts[i] = st->n;
		if (!branch(st, n, s->any_of[i], own)) {
			st->n = mark;
			return;
		}
	}
	combine(st, n, "anyOf", mark, starts, s->nany_of);
}

static void check_one_of(struct vst *st, const struct fc_node *n, const struct fc_schema *s,
                         const struct fc_schema *own)
{
	size_t mark = st->n, small[16], *starts = small;
	uint32_t i, first = 0, second = 0, passed = 0;

	if (s->none_of > countof(small))
		starts = fc_arena_alloc(scratch(st), s->none_of * sizeof(*starts));
	for (i = 0; i < s->none_of; i++) {
		starts[i] = st->n;
		if (!branch(st, n, s->one_of[i], own)) {
			passed++;
			if (passed == 1)
				first = i + 1;
			else if (passed == 2)
				second = i + 1;
		}
	}
	if (passed == 1) {
		st->n = mark;
	} else if (passed > 1) {
		st->n = mark;
		add(st, FC_SEV_ERROR, n->loc, "E0609", "matches more than one of the oneOf alternatives (%u and %u)",
		    first, second);
	} else {
		combine(st, n, "oneOf", mark, starts, s->none_of);
	}
}

static void check_not(struct vst *st, const struct fc_node *n, const struct fc_schema *s, const struct fc_schema *own)
{
	size_t mark = st->n, errors = branch(st, n, s->not_, own);

	st->n = mark;
	if (!errors)
		add(st, FC_SEV_ERROR, n->loc, "E0609", "must not match the schema under \"not\"");
}

/* ---- the walk ----------------------------------------------------------------- */

static void walk(struct vst *st, const struct fc_node *n, const struct fc_schema *s, const struct fc_schema *own,
                 bool structural, bool root)
{
	bool nullable = is_nullable(s);
	uint32_t i;

	s = fc_schema_deref(s);
	if (!own)
		own = s;
	if (st->depth >= MAX_DEPTH)
		return;
	st->depth++;
	if (n->kind == FC_NODE_NULL) {
		if (!nullable && (s->type != FC_SCHEMA_ANY || (s->flags & FC_SCHEMA_INT_OR_STRING)))
			type_error(st, n, s);
		goto out;
	}
	if (!type_ok(n, s)) {
		type_error(st, n, s);
		goto out;
	}
	if (s->nenum)
		check_enum(st, n, s);
	switch (n->kind) {
	case FC_NODE_STR: check_string(st, n, s); break;
	case FC_NODE_INT:
	case FC_NODE_FLOAT: check_number(st, n, s); break;
	case FC_NODE_SEQ: check_array(st, n, s, structural); break;
	case FC_NODE_MAP: check_object(st, n, s, own, structural, root); break;
	default: break;
	}
	for (i = 0; i < s->nall_of; i++)
		walk(st, n, s->all_of[i], own, false, false);
	if (s->nany_of)
		check_any_of(st, n, s, own);
	if (s->none_of)
		check_one_of(st, n, s, own);
	if (s->not_)
		check_not(st, n, s, own);
out:
	st->depth--;
}

/* ---- entry points ------------------------------------------------------------- */

static int run(struct fc_ctx *ctx, const struct fc_node *n, const struct fc_schema *s, bool root)
{
	struct vst st;
	unsigned before = ctx->nerrors;
	size_t i;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.allow_unknown = ctx->opts && ctx->opts->allow_unknown_fields;
	walk(&st, n, s, NULL, true, root);
	for (i = 0; i < st.n; i++) {
		const struct vdiag *d = &st.d[i];
		fc_diag_at(ctx, d->sev, d->loc, d->code, d->path[0] ? d->path : NULL, "%s: %s",
		           d->path[0] ? d->path : "(root)", d->body);
	}
	fc_xfree(st.d);
	fc_buf_fini(&st.path);
	fc_arena_free(st.a);
	return ctx->nerrors > before ? FC_ERR : 0;
}

int fc_validate_tree(struct fc_ctx *ctx, const struct fc_node *n, const struct fc_schema *s, bool root)
{
	return run(ctx, n, s, root);
}

/* the --crd files, or else every .yaml or .yml file of schema/, compiled at build time */
static struct fc_schema_set *load(struct fc_ctx *ctx)
{
	struct fc_schema_set *set = fc_schema_set_new();
	const struct fc_options *o = ctx->opts;
	size_t i;

	ctx->schemas = set;
	if (o && o->ncrd_files) {
		for (i = 0; i < o->ncrd_files; i++)
			fc_schema_set_load_crd_file(set, ctx, o->crd_files[i]);
		fc_schema_set_link(set, ctx);
	} else {
		/* compiled and linked at build time (cmd/gen/nodes --schema); the
		 * set only points at the static entries, which it never grows */
		set->entries = fc_schema_builtin;
		set->nentries = set->cap = fc_schema_nbuiltin;
	}
	return set;
}

struct fc_schema_set *fc_validate_schemas(struct fc_ctx *ctx)
{
	return ctx->schemas ? ctx->schemas : load(ctx);
}

int fc_validate_init(struct fc_ctx *ctx)
{
	unsigned before = ctx->nerrors;

	if (ctx->opts && ctx->opts->ncrd_files)
		fc_validate_schemas(ctx);
	return ctx->nerrors > before ? FC_ERR : 0;
}

int fc_validate_document(struct fc_ctx *ctx, const struct fc_node *doc)
{
	struct fc_schema_set *set = fc_validate_schemas(ctx);
	const char *api = fc_node_getstr(doc, "apiVersion"), *kind = fc_node_getstr(doc, "kind");
	const struct fc_schema_entry *e;

	if (!api || !kind || set->load_failed)
		return 0; /* a schema with errors (reported) would only mislead */
	e = fc_schema_set_find(set, api, kind);
	if (!e) {
		if (set->from_crds) {
			const struct fc_node *k = fc_node_get(doc, "kind");
			fc_diag_at(ctx, FC_SEV_WARNING, k->loc, "W0611", "kind",
			           "kind: no schema for %s %s in the --crd files%s; not validated", api, kind,
			           fc_schema_set_has_kind(set, kind) ? " (only for other versions)" : "");
		}
		return 0;
	}
	return run(ctx, doc, e->schema, true);
}

void fc_validate_fini(struct fc_ctx *ctx)
{
	fc_schema_set_free(ctx->schemas);
	ctx->schemas = NULL;
	fc_regex_cache_free(ctx->patterns);
	ctx->patterns = NULL;
}
