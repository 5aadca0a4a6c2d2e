/* SPDX-License-Identifier: Apache-2.0 */
/* yaml.c - libyaml events -> located fc_node trees, one document at a time.
 *
 * Second stage: runs on each fc_source after source.c, before validate.c.
 * The only file that includes libyaml and the only place where libyaml's
 * 0-based marks become 1-based locations.  Plain scalars are typed with the
 * YAML 1.1 rules of go-yaml v2 (kubectl).  On top of libyaml it checks what
 * libyaml does not: duplicate keys, tags, undefined aliases, a node budget
 * for alias expansion (billion laughs) and a nesting limit, which also caps
 * libyaml's quadratic cost on deep flow nesting because we stop pulling
 * events at once.  Aliases share the anchored subtree (trees are read-only
 * after parsing); only the top node is copied so it carries the alias's
 * location.
 */
#include "yaml.h"

#include <yaml.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "source.h"
#include "units.h"

#define YAML_TAG "tag:yaml.org,2002:"
#define DEFAULT_MAX_DEPTH 64
#define DEFAULT_MAX_ALIAS_NODES 1000000

/* a merge source ("<<: *base") waiting for the end of its mapping */
struct merge {
	struct fc_node *src; /* a MAP */
	struct merge *next;
};

/* an open collection */
struct frame {
	struct fc_node *node;  /* MAP or SEQ being filled */
	struct fc_node *key;   /* MAP: the key awaiting its value */
	bool has_key;          /* MAP: the next node is a value */
	bool key_is_merge;     /* the pending key is the plain "<<" */
	bool skip;             /* the pending key was rejected: drop the value */
	const char *anchor;    /* anchor name (arena) or NULL */
	size_t first;          /* r->nodes before this collection started */
	struct merge *merges, *merges_last; /* in order; no pointer into the frame: the stack moves */
};

/* an anchor of the current document; chained in r->buckets */
struct anchor {
	const char *name;
	struct fc_node *node;
	size_t size; /* nodes in the subtree, alias expansions included */
	struct anchor *next;
};

/* one key of a mapping during the end-of-mapping checks */
struct entry {
	struct fc_node *key, *val;
	uint32_t seq;  /* input order; merged keys after explicit ones */
	bool drop;     /* a merged key that an earlier key overrides */
};

struct fc_yaml_reader {
	struct fc_ctx *ctx;
	const struct fc_source *src;
	yaml_parser_t parser;
	bool has_parser; /* parser initialized (the source is valid UTF-8) */
	bool done;       /* end of stream, or an error ended this source */
	bool failed;     /* an error was reported in the current document */
	bool fatal;      /* stop pulling events now */
	struct fc_arena *a; /* the current document's arena */
	struct fc_node *root;
	size_t nodes;       /* nodes of this document, alias expansions included */
	size_t max_nodes;
	unsigned max_depth;
	struct frame *stack;
	size_t depth, stack_cap;
	struct anchor **buckets;
	size_t nbuckets, nanchors;
	/* libyaml's mark.index counts characters, not bytes: this cursor maps
	 * one to the other; marks arrive in increasing order */
	size_t cur_index, cur_off, bom;
	struct entry *scratch;
	size_t scratch_cap;
};

/* ---- locations ---------------------------------------------------------- */

static size_t byteof(struct fc_yaml_reader *r, size_t index)
{
	const unsigned char *t = (const unsigned char *)r->src->text;
	size_t len = r->src->len;

	if (r->src->ascii)
		return index < len ? index : len;
	if (index < r->cur_index) {
		r->cur_index = 0;
		r->cur_off = r->bom;
	}
	while (r->cur_index < index && r->cur_off < len) {
		r->cur_off++;
		while (r->cur_off < len && (t[r->cur_off] & 0xC0) == 0x80)
			r->cur_off++;
		r->cur_index++;
	}
	return r->cur_off;
}

static bool is_break(const unsigned char *t, size_t i, size_t len)
{
	return t[i] == '\n' || t[i] == '\r' ||
	       (t[i] == 0xC2 && i + 1 < len && t[i + 1] == 0x85) ||
	       (t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && (t[i + 2] & 0xFE) == 0xA8);
}

/* Characters of the span start..end on its first line: a block scalar's
 * span is its header ("|-"), a multi-line scalar's is its first line. */
static uint32_t spanlen(struct fc_yaml_reader *r, yaml_mark_t start, yaml_mark_t end, bool block)
{
	const unsigned char *t = (const unsigned char *)r->src->text;
	size_t len = r->src->len, i = byteof(r, start.index), idx = start.index;
	uint32_t n = 0, blanks = 0;

	if (r->src->ascii) { /* one byte per character, no NEL/LS/PS */
		size_t e = end.index < len ? end.index : len;
		for (; i < e && t[i] != '\n' && t[i] != '\r'; i++, n++) {
			if (t[i] == ' ' || t[i] == '\t') {
				if (block)
					break;
				blanks++;
			} else {
				blanks = 0;
			}
		}
		if (i < end.index)
			n -= blanks;
		return n ? n : 1;
	}
	while (idx < end.index && i < len && !is_break(t, i, len)) {
		if (t[i] == ' ' || t[i] == '\t') {
			if (block)
				break;
			blanks++;
		} else {
			blanks = 0;
		}
		n++;
		idx++;
		i++;
		while (i < len && (t[i] & 0xC0) == 0x80)
			i++;
	}
	if (idx < end.index)
		n -= blanks; /* cut at a line break: drop trailing blanks */
	return n ? n : 1;
}

static struct fc_loc locate(struct fc_yaml_reader *r, yaml_mark_t m)
{
	struct fc_loc loc = { r->src->name, (uint32_t)m.line + 1, (uint32_t)m.column + 1, 1 };
	return loc;
}

/* ---- errors ------------------------------------------------------------- */

/* "!!int" for "tag:yaml.org,2002:int", other tags as written */
static const char *shorttag(struct fc_yaml_reader *r, const char *tag)
{
	size_t n = strlen(YAML_TAG);

	if (strncmp(tag, YAML_TAG, n) == 0)
		return fc_arena_printf(r->a, "!!%s", tag + n);
	return tag;
}

/* report libyaml's error at its problem mark, in our message style */
static void syntax_error(struct fc_yaml_reader *r)
{
	yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	struct fc_loc loc = locate(r, p->problem_mark);
	char msg[256];
	size_t n;

	if (p->error == YAML_MEMORY_ERROR)
		fc_oom(); /* libyaml's own allocator failed */
	if (p->error == YAML_READER_ERROR) {
		/* reader errors carry a byte offset, not a mark */
		size_t i;
		loc.line = loc.col = 1;
		for (i = r->bom; i < p->problem_offset && i < r->src->len; i++) {
			if (r->src->text[i] == '\n') {
				loc.line++;
				loc.col = 1;
			} else if ((r->src->text[i] & 0xC0) != 0x80) {
				loc.col++;
			}
		}
	}
	if (p->error == YAML_SCANNER_ERROR &&
	    strcmp(problem, "found character that cannot start any token") == 0) {
		size_t off = byteof(r, p->problem_mark.index);
		if (off < r->src->len && r->src->text[off] == '\t')
			problem = "tab character in indentation; YAML indentation must use spaces";
	}
	snprintf(msg, sizeof(msg), "%s", problem);
	if (msg[0] >= 'A' && msg[0] <= 'Z')
		msg[0] = (char)(msg[0] - 'A' + 'a');
	n = strlen(msg);
	while (n && (msg[n - 1] == '.' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	fc_diag_error(r->ctx, loc, "E0101", "%s", msg);
	r->failed = r->fatal = true;
}

/* ---- scalar typing (go-yaml v2 resolve.go) ------------------------------ */

struct value {
	enum fc_node_kind kind;
	bool overflow;  /* INT syntax, but outside int64 */
	bool b;
	int64_t i;
	double d;
};

static const struct {
	const char *text;
	enum fc_node_kind kind;
	double d; /* BOOL: 1 true; FLOAT: the value */
} words[] = {
	{ "~", FC_NODE_NULL, 0 },     { "null", FC_NODE_NULL, 0 },   { "Null", FC_NODE_NULL, 0 },
	{ "NULL", FC_NODE_NULL, 0 },  { "y", FC_NODE_BOOL, 1 },      { "Y", FC_NODE_BOOL, 1 },
	{ "yes", FC_NODE_BOOL, 1 },   { "Yes", FC_NODE_BOOL, 1 },    { "YES", FC_NODE_BOOL, 1 },
	{ "on", FC_NODE_BOOL, 1 },    { "On", FC_NODE_BOOL, 1 },     { "ON", FC_NODE_BOOL, 1 },
	{ "true", FC_NODE_BOOL, 1 },  { "True", FC_NODE_BOOL, 1 },   { "TRUE", FC_NODE_BOOL, 1 },
	{ "n", FC_NODE_BOOL, 0 },     { "N", FC_NODE_BOOL, 0 },      { "no", FC_NODE_BOOL, 0 },
	{ "No", FC_NODE_BOOL, 0 },    { "NO", FC_NODE_BOOL, 0 },     { "off", FC_NODE_BOOL, 0 },
	{ "Off", FC_NODE_BOOL, 0 },   { "OFF", FC_NODE_BOOL, 0 },    { "false", FC_NODE_BOOL, 0 },
	{ "False", FC_NODE_BOOL, 0 }, { "FALSE", FC_NODE_BOOL, 0 },  { ".inf", FC_NODE_FLOAT, HUGE_VAL },
	{ ".Inf", FC_NODE_FLOAT, HUGE_VAL },   { ".INF", FC_NODE_FLOAT, HUGE_VAL },
	{ "+.inf", FC_NODE_FLOAT, HUGE_VAL },  { "+.Inf", FC_NODE_FLOAT, HUGE_VAL },
	{ "+.INF", FC_NODE_FLOAT, HUGE_VAL },  { "-.inf", FC_NODE_FLOAT, -HUGE_VAL },
	{ "-.Inf", FC_NODE_FLOAT, -HUGE_VAL }, { "-.INF", FC_NODE_FLOAT, -HUGE_VAL },
	{ ".nan", FC_NODE_FLOAT, NAN },        { ".NaN", FC_NODE_FLOAT, NAN },
	{ ".NAN", FC_NODE_FLOAT, NAN },
};

static int digitval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* strconv.ParseInt(s, 0, 64): sign, then 0x/0o/0b prefix, leading 0 = octal */
static bool parse_int(struct value *v, const char *s)
{
	bool neg = *s == '-', overflow = false;
	unsigned base = 10;
	uint64_t m = 0;

	if (*s == '-' || *s == '+')
		s++;
	if (s[0] == '0' && s[1] && s[2] && strchr("xXoObB", s[1])) {
		base = strchr("xX", s[1]) ? 16 : strchr("oO", s[1]) ? 8 : 2;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d = (unsigned)digitval(*s);
		if (d >= base)
			return false;
		if (m > (UINT64_MAX - d) / base)
			overflow = true;
		else
			m = m * base + d;
	}
	if (m > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
		overflow = true;
	v->overflow = overflow;
	v->kind = FC_NODE_INT;
	v->i = neg ? (int64_t)(0 - m) : (int64_t)m;
	return true;
}

/* go-yaml's yamlStyleFloat: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_float(const char *s)
{
	size_t n;

	if (*s == '-' || *s == '+')
		s++;
	n = strspn(s, "0123456789");
	if (n == 0 && !(s[0] == '.' && s[1] >= '0' && s[1] <= '9'))
		return false;
	s += n;
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		n = strspn(s, "0123456789");
		if (n == 0)
			return false;
		s += n;
	}
	return *s == '\0';
}

/* the implicit type of a plain scalar; s[n] is NUL */
static void resolve(struct value *v, struct fc_arena *a, const char *s, size_t n)
{
	char small[128], *p;
	size_t i, k = 0;

	memset(v, 0, sizeof(*v));
	v->kind = FC_NODE_STR;
	if (n == 0) {
		v->kind = FC_NODE_NULL;
		return;
	}
	if (strlen(s) != n)
		return; /* a quoted "\0": never a number */
	for (i = 0; n <= 5 && strchr("~nNyYoOtTfF.+-", s[0]) && i < countof(words); i++) {
		if (strcmp(s, words[i].text) == 0) {
			v->kind = words[i].kind;
			v->b = words[i].d != 0;
			v->d = words[i].d;
			return;
		}
	}
	if (!strchr("+-.0123456789", s[0]))
		return;
	p = n < sizeof(small) ? small : fc_arena_alloc(a, n + 1);
	for (i = 0; i < n; i++)
		if (s[i] != '_')
			p[k++] = s[i];
	p[k] = '\0';
	if (parse_int(v, p))
		return;
	if (is_float(p)) {
		/* the C locale is never changed, so strtod reads '.' */
		double d = strtod(p, NULL);
		if (!isinf(d)) { /* Go's ParseFloat fails on overflow: a string */
			v->kind = FC_NODE_FLOAT;
			v->d = d;
		}
	}
}

/* the canonical text of a typed value (node.h) */
static struct fc_node *typed(struct fc_arena *a, const struct value *v)
{
	char buf[64];

	switch (v->kind) {
	case FC_NODE_NULL: return fc_node_null(a);
	case FC_NODE_BOOL: return fc_node_bool(a, v->b);
	case FC_NODE_INT: return fc_node_int(a, v->i);
	case FC_NODE_FLOAT:
		if (isnan(v->d))
			snprintf(buf, sizeof(buf), ".nan");
		else if (isinf(v->d))
			snprintf(buf, sizeof(buf), "%s", v->d > 0 ? ".inf" : "-.inf");
		else
			fc_units_format_double(buf, sizeof(buf), v->d);
		return fc_node_scalar(a, FC_NODE_FLOAT, buf, strlen(buf));
	default: FC_UNREACHABLE(); return fc_node_null(a);
	}
}

/* the tags a scalar may carry, and the kind each asks for */
static const struct {
	const char *tag;
	enum fc_node_kind kind;
} scalar_tags[] = {
	{ "!", FC_NODE_STR },                { YAML_TAG "str", FC_NODE_STR },
	{ YAML_TAG "binary", FC_NODE_STR },  { YAML_TAG "int", FC_NODE_INT },
	{ YAML_TAG "float", FC_NODE_FLOAT }, { YAML_TAG "bool", FC_NODE_BOOL },
	{ YAML_TAG "null", FC_NODE_NULL },
};

static struct fc_node *scalar(struct fc_yaml_reader *r, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	yaml_scalar_style_t style = ev->data.scalar.style;
	bool implicit = !tag && style == YAML_PLAIN_SCALAR_STYLE;
	struct fc_loc loc = locate(r, ev->start_mark);
	enum fc_node_kind want = FC_NODE_STR; /* what the tag asks for */
	struct fc_node *node = NULL;
	struct value v;
	size_t i;

	loc.len = spanlen(r, ev->start_mark, ev->end_mark,
	                  style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE);
	if (tag) {
		for (i = 0; i < countof(scalar_tags) && strcmp(tag, scalar_tags[i].tag) != 0; i++)
			;
		if (i < countof(scalar_tags)) {
			want = scalar_tags[i].kind;
		} else {
			fc_diag_error(r->ctx, loc, "E0104", "unsupported tag '%s'", shorttag(r, tag));
			r->failed = true;
		}
	}
	if (implicit || want != FC_NODE_STR) {
		resolve(&v, r->a, s, n);
		if (want == FC_NODE_FLOAT && v.kind == FC_NODE_INT && !v.overflow) {
			v.kind = FC_NODE_FLOAT;
			v.d = (double)v.i;
		}
		if (v.overflow) {
			fc_diag_error(r->ctx, loc, "E0107", "integer out of range");
			r->failed = true;
		} else if (implicit ? v.kind != FC_NODE_STR : v.kind == want) {
			node = typed(r->a, &v);
		} else if (!implicit) {
			fc_diag_error(r->ctx, loc, "E0104", "\"%s\" is not a valid %s", s,
			              shorttag(r, tag));
			r->failed = true;
		}
	}
	if (!node) {
		node = fc_node_scalar(r->a, FC_NODE_STR, s, n);
		node->quoted = style != YAML_PLAIN_SCALAR_STYLE || tag;
	}
	node->loc = loc;
	return node;
}

/* ---- anchors ------------------------------------------------------------ */

static size_t hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct anchor *find_anchor(struct fc_yaml_reader *r, const char *name)
{
	struct anchor *an;

	if (!r->nbuckets)
		return NULL;
	for (an = r->buckets[hash(name) % r->nbuckets]; an; an = an->next)
		if (strcmp(an->name, name) == 0)
			return an;
	return NULL;
}

static void add_anchor(struct fc_yaml_reader *r, const char *name, struct fc_node *node,
                       size_t size)
{
	struct anchor *an = find_anchor(r, name);
	size_t i;

	if (an) { /* redefined: later aliases see the new node */
		an->node = node;
		an->size = size;
		return;
	}
	if (r->nanchors >= r->nbuckets) { /* grow and rehash */
		size_t nb = r->nbuckets ? r->nbuckets * 2 : 64;
		struct anchor **b = fc_xcalloc(nb, sizeof(*b));
		for (i = 0; i < r->nbuckets; i++) {
			while (r->buckets[i]) {
				struct anchor *x = r->buckets[i];
				r->buckets[i] = x->next;
				x->next = b[hash(x->name) % nb];
				b[hash(x->name) % nb] = x;
			}
		}
		fc_xfree(r->buckets);
		r->buckets = b;
		r->nbuckets = nb;
	}
	an = FC_NEW(r->a, struct anchor);
	an->name = name;
	an->node = node;
	an->size = size;
	i = hash(name) % r->nbuckets;
	an->next = r->buckets[i];
	r->buckets[i] = an;
	r->nanchors++;
}

/* An alias costs the size of its subtree, as if it were copied.  The
 * budget is checked here only: a big document without aliases is the
 * input size limit's business. */
static struct fc_node *alias(struct fc_yaml_reader *r, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *an = find_anchor(r, name);
	struct fc_loc loc = locate(r, ev->start_mark);
	struct fc_node *node;

	loc.len = spanlen(r, ev->start_mark, ev->end_mark, false);
	if (!an) {
		fc_diag_error(r->ctx, loc, "E0106", "undefined alias '*%s'", name);
		r->failed = true;
		node = fc_node_null(r->a);
		node->loc = loc;
		return node;
	}
	if (r->nodes > r->max_nodes || an->size > r->max_nodes - r->nodes) {
		fc_diag_error(r->ctx, loc, "E0105", "alias expansion exceeds the limit of %zu nodes",
		              r->max_nodes);
		r->failed = r->fatal = true;
		return NULL;
	}
	r->nodes += an->size;
	node = FC_NEW(r->a, struct fc_node);
	*node = *an->node; /* shares the children: trees are read-only */
	node->loc = loc;
	return node;
}

/* ---- mappings ----------------------------------------------------------- */

static void addpair(struct fc_arena *a, struct fc_node *m, struct fc_node *k, struct fc_node *v)
{
	if (m->n == m->cap) {
		uint32_t ncap = m->cap ? m->cap * 2 : 4;
		m->pairs = fc_arena_grow(a, m->pairs, m->n, ncap, sizeof(*m->pairs));
		m->cap = ncap;
	}
	m->pairs[m->n].key = k;
	m->pairs[m->n].val = v;
	m->n++;
}

static void add_merge(struct fc_yaml_reader *r, struct frame *f, struct fc_node *src)
{
	struct merge *mg = FC_NEW(r->a, struct merge);
	mg->src = src;
	if (f->merges_last)
		f->merges_last->next = mg;
	else
		f->merges = mg;
	f->merges_last = mg;
}

/* the value of "<<": a mapping or a sequence of mappings */
static void merge_value(struct fc_yaml_reader *r, struct frame *f, struct fc_node *v)
{
	uint32_t i = 0;

	if (v->kind == FC_NODE_SEQ)
		for (; i < v->n && v->items[i]->kind == FC_NODE_MAP; i++)
			;
	if (v->kind == FC_NODE_MAP) {
		add_merge(r, f, v);
	} else if (v->kind == FC_NODE_SEQ && i == v->n) {
		for (i = 0; i < v->n; i++)
			add_merge(r, f, v->items[i]);
	} else {
		if (v->kind == FC_NODE_SEQ)
			v = v->items[i]; /* point at the item that is not a mapping */
		fc_diag_error(r->ctx, v->loc, "E0109",
		              "merge key '<<' needs a mapping or a sequence of mappings, got %s",
		              fc_node_kind_name(v->kind));
		r->failed = true;
	}
}

static int cmpkey(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
	int c = memcmp(a->key->str, b->key->str, n);

	if (c == 0 && a->key->len != b->key->len)
		c = a->key->len < b->key->len ? -1 : 1;
	if (c == 0)
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	return c;
}

static int cmpseq(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Duplicate keys, then merges: explicit keys win over merged ones, and an
 * earlier merge source wins over a later one (YAML 1.1 merge spec).
 * Merged pairs go after the explicit ones, in merge order. */
static void end_map(struct fc_yaml_reader *r, struct frame *f)
{
	struct fc_node *m = f->node;
	size_t total = m->n, i, k;
	uint32_t nexplicit = m->n;
	struct merge *mg;

	for (mg = f->merges; mg; mg = mg->next)
		total += mg->src->n;
	if (total == 0 || (total == 1 && !f->merges))
		return;
	if (total > r->scratch_cap) {
		r->scratch = fc_xreallocarray(r->scratch, total, sizeof(*r->scratch));
		r->scratch_cap = total;
	}
	for (i = 0; i < m->n; i++)
		r->scratch[i] = (struct entry){ m->pairs[i].key, m->pairs[i].val, (uint32_t)i, false };
	for (mg = f->merges; mg; mg = mg->next)
		for (k = 0; k < mg->src->n; k++, i++)
			r->scratch[i] = (struct entry){ mg->src->pairs[k].key, mg->src->pairs[k].val,
				                        (uint32_t)i, false };
	qsort(r->scratch, total, sizeof(*r->scratch), cmpkey);
	for (i = 0, k = 1; k < total; k++) {
		struct entry *first = &r->scratch[i], *e = &r->scratch[k];
		if (first->key->len != e->key->len ||
		    memcmp(first->key->str, e->key->str, e->key->len) != 0) {
			i = k;
		} else if (e->seq < nexplicit) {
			fc_diag_error(r->ctx, e->key->loc, "E0102",
			              "duplicate key \"%s\"; first defined at line %u", e->key->str,
			              first->key->loc.line);
			r->failed = true;
		} else {
			e->drop = true;
		}
	}
	if (!f->merges)
		return;
	qsort(r->scratch, total, sizeof(*r->scratch), cmpseq);
	for (i = nexplicit; i < total; i++)
		if (!r->scratch[i].drop)
			addpair(r->a, m, r->scratch[i].key, r->scratch[i].val);
}

/* ---- the tree ----------------------------------------------------------- */

/* hang a finished node on the open collection, or make it the root */
static void attach(struct fc_yaml_reader *r, struct fc_node *n, bool is_merge)
{
	struct frame *f;

	if (r->depth == 0) {
		r->root = n;
		return;
	}
	f = &r->stack[r->depth - 1];
	if (f->node->kind == FC_NODE_SEQ) {
		fc_node_push(r->a, f->node, n);
	} else if (!f->has_key) {
		f->has_key = true;
		f->key = n;
		f->key_is_merge = is_merge;
		f->skip = !fc_node_is_scalar(n);
		if (f->skip) {
			fc_diag_error(r->ctx, n->loc, "E0103", "mapping keys must be scalars, got %s",
			              fc_node_kind_name(n->kind));
			r->failed = true;
		}
	} else {
		f->has_key = false;
		if (f->skip)
			return;
		if (f->key_is_merge)
			merge_value(r, f, n);
		else
			addpair(r->a, f->node, f->key, n);
	}
}

static void check_tag(struct fc_yaml_reader *r, const char *tag, const char *want,
                      struct fc_loc loc)
{
	if (!tag || strcmp(tag, "!") == 0 || strcmp(tag, want) == 0)
		return;
	fc_diag_error(r->ctx, loc, "E0104", "unsupported tag '%s'", shorttag(r, tag));
	r->failed = true;
}

static void start_collection(struct fc_yaml_reader *r, const yaml_event_t *ev, bool is_map)
{
	const char *anchor, *tag;
	struct fc_loc loc = locate(r, ev->start_mark);
	struct frame *f;

	if (is_map) {
		anchor = (const char *)ev->data.mapping_start.anchor;
		tag = (const char *)ev->data.mapping_start.tag;
	} else {
		anchor = (const char *)ev->data.sequence_start.anchor;
		tag = (const char *)ev->data.sequence_start.tag;
	}
	if (r->depth >= r->max_depth) {
		fc_diag_error(r->ctx, loc, "E0108", "nesting deeper than %u levels", r->max_depth);
		r->failed = r->fatal = true;
		return;
	}
	check_tag(r, tag, is_map ? YAML_TAG "map" : YAML_TAG "seq", loc);
	if (r->depth == r->stack_cap) {
		r->stack_cap = r->stack_cap ? r->stack_cap * 2 : 16;
		r->stack = fc_xreallocarray(r->stack, r->stack_cap, sizeof(*r->stack));
	}
	f = &r->stack[r->depth++];
	memset(f, 0, sizeof(*f));
	f->node = is_map ? fc_node_map(r->a) : fc_node_seq(r->a);
	f->node->loc = loc;
	f->anchor = anchor ? fc_arena_strdup(r->a, anchor) : NULL;
	f->first = r->nodes++;
}

static void end_collection(struct fc_yaml_reader *r)
{
	struct frame *f = &r->stack[r->depth - 1];
	struct fc_node *n = f->node;

	if (n->kind == FC_NODE_MAP)
		end_map(r, f);
	if (f->anchor)
		add_anchor(r, f->anchor, n, r->nodes - f->first);
	r->depth--;
	attach(r, n, false);
}

static void handle(struct fc_yaml_reader *r, const yaml_event_t *ev)
{
	struct fc_node *n;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = scalar(r, ev);
		r->nodes++;
		if (ev->data.scalar.anchor)
			add_anchor(r, fc_arena_strdup(r->a, (const char *)ev->data.scalar.anchor), n, 1);
		attach(r, n,
		       ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag &&
		               strcmp((const char *)ev->data.scalar.value, "<<") == 0);
		break;
	case YAML_ALIAS_EVENT:
		if ((n = alias(r, ev)))
			attach(r, n, false);
		break;
	case YAML_SEQUENCE_START_EVENT: start_collection(r, ev, false); break;
	case YAML_MAPPING_START_EVENT: start_collection(r, ev, true); break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: end_collection(r); break;
	default: break;
	}
}

/* Parse one document.  1 with r->root set, 0 at the end of the stream,
 * FC_ERR after an error. */
static int document(struct fc_yaml_reader *r)
{
	yaml_event_t ev;

	r->root = NULL;
	r->nodes = 0;
	r->depth = 0;
	r->failed = false;
	if (r->nanchors)
		memset(r->buckets, 0, r->nbuckets * sizeof(*r->buckets));
	r->nanchors = 0;
	for (;;) {
		yaml_event_type_t type;

		if (!yaml_parser_parse(&r->parser, &ev)) {
			syntax_error(r);
			return FC_ERR;
		}
		type = ev.type;
		handle(r, &ev);
		yaml_event_delete(&ev);
		if (r->fatal)
			return FC_ERR;
		if (type == YAML_STREAM_END_EVENT)
			return 0;
		if (type == YAML_DOCUMENT_END_EVENT)
			return r->failed ? FC_ERR : 1;
	}
}

/* ---- public ------------------------------------------------------------- */

struct fc_yaml_reader *fc_yaml_open(struct fc_ctx *ctx, const struct fc_source *src)
{
	struct fc_yaml_reader *r = fc_xcalloc(1, sizeof(*r));

	r->ctx = ctx;
	r->src = src;
	r->max_depth = ctx->max_depth ? ctx->max_depth : DEFAULT_MAX_DEPTH;
	r->max_nodes = ctx->max_alias_nodes ? ctx->max_alias_nodes : DEFAULT_MAX_ALIAS_NODES;
	r->done = !src->utf8_ok; /* source.c reported it */
	if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
		r->bom = 3; /* libyaml skips the BOM without counting it */
	r->cur_off = r->bom;
	if (!r->done) {
		if (!yaml_parser_initialize(&r->parser))
			fc_oom();
		yaml_parser_set_input_string(&r->parser, (const unsigned char *)src->text, src->len);
		r->has_parser = true;
	}
	return r;
}

int fc_yaml_next(struct fc_yaml_reader *r, struct fc_arena *a, struct fc_node **out)
{
	int rc;

	*out = NULL;
	r->a = a;
	while (!r->done) {
		rc = document(r);
		if (rc == 1 && (!r->root || r->root->kind == FC_NODE_NULL))
			continue; /* empty document, or an explicit null */
		if (rc != 1)
			r->done = true;
		if (rc == 1)
			*out = r->root;
		return rc;
	}
	return 0;
}

void fc_yaml_close(struct fc_yaml_reader *r)
{
	if (!r)
		return;
	if (r->has_parser)
		yaml_parser_delete(&r->parser);
	fc_xfree(r->stack);
	fc_xfree(r->buckets);
	fc_xfree(r->scratch);
	fc_xfree(r);
}

struct fc_node *fc_yaml_parse_string(struct fc_ctx *ctx, struct fc_arena *a, const char *file,
                                     const char *text, size_t len)
{
	struct fc_source *src = FC_NEW(a, struct fc_source);
	struct fc_yaml_reader *r;
	struct fc_node *root = NULL;
	int rc;

	src->name = fc_arena_strdup(a, file);
	src->text = text;
	src->len = len;
	src->utf8_ok = true; /* libyaml still rejects invalid UTF-8 */
	r = fc_yaml_open(ctx, src);
	rc = fc_yaml_next(r, a, &root);
	fc_yaml_close(r);
	if (rc == 0)
		root = fc_node_null(a); /* no document: the empty stream is null */
	return rc < 0 ? NULL : root;
}
