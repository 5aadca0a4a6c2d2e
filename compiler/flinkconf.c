/* SPDX-License-Identifier: Apache-2.0 */
/* flinkconf.c - a Flink configuration: flattening, typed entries, file rendering.
 *
 * lower.c fills a struct fc_conf from spec.flinkConfiguration (flattened
 * as the operator's ConfigObjectNode.asFlatMap does) and then sets the
 * operator's typed keys; emit renders it as the ConfigMap's flink-conf.yaml
 * (Flink < 2.0, flat lines) or config.yaml (Flink >= 2.0, nested, through
 * yamlw.c).  Entries stay sorted by key with strcmp, so every rendering is
 * deterministic where the operator's follows hash order.
 */
#include "flinkconf.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "yamlw.h"

void fc_conf_init(struct fc_conf *c, struct fc_arena *a)
{
	c->arena = a;
	c->v = NULL;
	c->n = c->cap = 0;
}

void fc_conf_copy(struct fc_conf *out, struct fc_arena *a, const struct fc_conf *src)
{
	fc_conf_init(out, a);
	if (!src->n)
		return;
	out->v = fc_arena_grow(a, src->v, src->n, src->n, sizeof(*out->v));
	out->n = out->cap = src->n;
}

/* binary search: true if key is at *at, else *at is where it would go */
static bool find(const struct fc_conf *c, const char *key, size_t *at)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(c->v[mid].key, key);
		if (cmp == 0) {
			*at = mid;
			return true;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return false;
}

struct fc_conf_entry *fc_conf_entry(const struct fc_conf *c, const char *key)
{
	size_t i;
	return find(c, key, &i) ? &c->v[i] : NULL;
}

const char *fc_conf_get(const struct fc_conf *c, const char *key)
{
	struct fc_conf_entry *e = fc_conf_entry(c, key);
	return e ? e->value : NULL;
}

void fc_conf_set(struct fc_conf *c, const char *key, const char *value, enum fc_conf_type t,
                 struct fc_loc loc)
{
	struct fc_conf_entry *e;
	size_t i;

	if (!find(c, key, &i)) {
		if (c->n == c->cap) {
			size_t ncap = c->cap ? c->cap * 2 : 32;
			c->v = fc_arena_grow(c->arena, c->v, c->n, ncap, sizeof(*c->v));
			c->cap = ncap;
		}
		memmove(c->v + i + 1, c->v + i, (c->n - i) * sizeof(*c->v));
		c->n++;
		c->v[i].key = fc_arena_strdup(c->arena, key);
	}
	e = &c->v[i];
	e->value = fc_arena_strdup(c->arena, value);
	e->type = t;
	e->loc = loc;
}

void fc_conf_setdefault(struct fc_conf *c, const char *key, const char *value, enum fc_conf_type t)
{
	struct fc_loc none = { 0 };

	if (!fc_conf_entry(c, key))
		fc_conf_set(c, key, value, t, none);
}

bool fc_conf_del(struct fc_conf *c, const char *key)
{
	size_t i;

	if (!find(c, key, &i))
		return false;
	memmove(c->v + i, c->v + i + 1, (c->n - i - 1) * sizeof(*c->v));
	c->n--;
	return true;
}

void fc_conf_del_prefix(struct fc_conf *c, const char *prefix)
{
	size_t i, n = 0, plen = strlen(prefix);

	for (i = 0; i < c->n; i++)
		if (strncmp(c->v[i].key, prefix, plen) != 0)
			c->v[n++] = c->v[i];
	c->n = n;
}

/* ---- flattening (ConfigObjectNode.flattenHelper) ---- */

static void setlen(struct fc_buf *b, size_t len)
{
	b->len = len;
	b->ptr[len] = '\0';
}

/* Flatten n under the key in path.  Later duplicates win, as with the
 * operator's Map.put; each entry keeps the location of its value. */
static void flatten(struct fc_conf *c, struct fc_buf *path, const struct fc_node *n)
{
	size_t mark = path->len;
	struct fc_buf val = FC_BUF_INIT;
	uint32_t i;

	switch (n->kind) {
	case FC_NODE_MAP:
		for (i = 0; i < n->n; i++) {
			/* Java: parentKey.isEmpty() ? key : parentKey + "." + key */
			if (mark > 0)
				fc_buf_putc(path, '.');
			fc_buf_puts(path, n->pairs[i].key->str);
			flatten(c, path, n->pairs[i].val);
			setlen(path, mark);
		}
		break;
	case FC_NODE_SEQ:
		if (n->n == 0)
			break;
		/* elements' asText() joined verbatim: containers give "", and an
		 * element holding ';' is not quoted (the operator does not either) */
		fc_buf_reserve(&val, 0);
		for (i = 0; i < n->n; i++) {
			if (i > 0)
				fc_buf_putc(&val, ';');
			if (fc_node_is_scalar(n->items[i]))
				fc_buf_puts(&val, n->items[i]->str);
		}
		fc_conf_set(c, path->ptr, val.ptr, FC_CONF_STRING, n->loc);
		fc_buf_fini(&val);
		break;
	default:
		fc_conf_set(c, path->ptr, n->str, FC_CONF_STRING, n->loc);
		break;
	}
}

void fc_conf_flatten(struct fc_conf *c, const struct fc_node *cfg)
{
	struct fc_buf path = FC_BUF_INIT;

	if (!cfg || cfg->kind != FC_NODE_MAP)
		return;
	fc_buf_reserve(&path, 0); /* path.ptr is a valid "" from here on */
	flatten(c, &path, cfg);
	fc_buf_fini(&path);
}

/* ---- list and map values (Flink's StructuredOptionsSplitter) ---- */

static bool is_space(char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r') || (ch >= 0x1c && ch <= 0x1f);
}

/* Split s on delim as splitEscaped does: tokens may be quoted with ' or "
 * (a doubled quote inside stands for itself), unquoted tokens are trimmed,
 * and an empty token counts only between two delimiters.  Where Flink
 * would throw (unclosed quote, quote inside an unquoted token) the text is
 * kept as it is.  Returns a SEQ of STR. */
static struct fc_node *split(struct fc_arena *a, const char *s, char delim)
{
	struct fc_node *seq = fc_node_seq(a);
	struct fc_buf tok = FC_BUF_INIT;
	bool prev_delim = false;

	fc_buf_reserve(&tok, 0);
	while (*s) {
		if (is_space(*s)) {
			s++;
			continue;
		}
		if (*s == delim) {
			if (prev_delim)
				fc_node_push(a, seq, fc_node_str(a, ""));
			prev_delim = true;
			s++;
			continue;
		}
		fc_buf_clear(&tok);
		if (*s == '\'' || *s == '"') {
			char q = *s++;
			for (; *s && !(s[0] == q && s[1] != q); s++) {
				fc_buf_putc(&tok, *s);
				if (s[0] == q)
					s++; /* doubled quote */
			}
			if (*s)
				s++; /* closing quote */
		} else {
			for (; *s && *s != delim; s++)
				fc_buf_putc(&tok, *s);
			while (tok.len > 0 && (unsigned char)tok.ptr[tok.len - 1] <= ' ')
				setlen(&tok, tok.len - 1);
		}
		fc_node_push(a, seq, fc_node_strn(a, tok.ptr, tok.len));
		prev_delim = false;
	}
	fc_buf_fini(&tok);
	return seq;
}

struct fc_node *fc_conf_list_node(struct fc_arena *a, const char *value)
{
	return split(a, value, ';');
}

const char *fc_conf_list_join(struct fc_arena *a, const char *const *elems, size_t n)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *out;
	size_t i;

	fc_buf_reserve(&b, 0);
	for (i = 0; i < n; i++) {
		const char *e = elems[i];
		if (i > 0)
			fc_buf_putc(&b, ';');
		/* ConfigurationUtils.escapeWithSingleQuote(e, ";") */
		if (!strpbrk(e, ";\"'")) {
			fc_buf_puts(&b, e);
			continue;
		}
		fc_buf_putc(&b, '\'');
		for (; *e; e++) {
			if (*e == '\'')
				fc_buf_putc(&b, '\'');
			fc_buf_putc(&b, *e);
		}
		fc_buf_putc(&b, '\'');
	}
	out = fc_arena_strndup(a, b.ptr, b.len);
	fc_buf_fini(&b);
	return out;
}

/* a MAP value "k:v,k:v" as a MAP of STR; an entry that is not exactly
 * "k:v" after unquoting is cut at its first ':' instead */
static struct fc_node *map_node(struct fc_arena *a, const char *value)
{
	struct fc_node *map = fc_node_map(a), *ents = split(a, value, ',');
	uint32_t i;

	for (i = 0; i < ents->n; i++) {
		const char *ent = ents->items[i]->str, *colon = strchr(ent, ':');
		struct fc_node *kv = split(a, ent, ':');

		if (kv->n == 2)
			fc_node_set(a, map, kv->items[0]->str, kv->items[1]);
		else if (colon)
			fc_node_set(a, map, fc_arena_strndup(a, ent, (size_t)(colon - ent)),
			            fc_node_str(a, colon + 1));
		else if (*ent)
			fc_node_set(a, map, ent, fc_node_str(a, ""));
	}
	return map;
}

/* ---- rendering ---- */

void fc_conf_render_flat(struct fc_buf *out, const struct fc_conf *c)
{
	size_t i;

	/* Flink's legacy parser trims each line and skips "key:" lines without
	 * a value, so an empty value is the same as no line; leaving it out
	 * keeps the file free of trailing spaces (and a literal block in YAML). */
	for (i = 0; i < c->n; i++)
		if (c->v[i].value[0])
			fc_buf_printf(out, "%s: %s\n", c->v[i].key, c->v[i].value);
}

/* Length of the first segment of key if config.yaml nests it, else 0.
 * A segment is split off only when it and the next one are non-empty, so
 * a key with an empty segment ("a..b", ".a", "a.") stops nesting there and
 * its remainder becomes one literal leaf key under the maps built so far
 * ("x.a..b" -> x: {a..b: v}).  Flink would read such a file back to the
 * same flat key, where splitting on empty segments would not. */
static size_t seglen(const char *key)
{
	const char *dot = strchr(key, '.');

	if (!dot || dot == key || dot[1] == '\0' || dot[1] == '.')
		return 0;
	return (size_t)(dot - key);
}

/* true if the nested path of k1 is a proper prefix of that of k2 */
static bool nests_under(const char *k1, const char *k2)
{
	size_t len = strlen(k1), off = 0, seg;

	if (strncmp(k1, k2, len) != 0)
		return false;
	while ((seg = seglen(k2 + off)) > 0) {
		off += seg;
		if (off == len)
			return true;
		off++; /* the dot */
	}
	return false;
}

static struct fc_node *leaf(struct fc_arena *a, const struct fc_conf_entry *e)
{
	size_t len = strlen(e->value);

	switch (e->type) {
	case FC_CONF_STRING: return fc_node_strn(a, e->value, len);
	case FC_CONF_INT: return fc_node_scalar(a, FC_NODE_INT, e->value, len);
	case FC_CONF_BOOL: return fc_node_scalar(a, FC_NODE_BOOL, e->value, len);
	case FC_CONF_DOUBLE: return fc_node_scalar(a, FC_NODE_FLOAT, e->value, len);
	case FC_CONF_LIST: return fc_conf_list_node(a, e->value);
	case FC_CONF_MAP: return map_node(a, e->value);
	}
	FC_UNREACHABLE();
	return fc_node_strn(a, e->value, len);
}

/* report every pair (k1, k2) where k1 nests under k2; returns the count */
static unsigned conflicts(struct fc_ctx *ctx, const struct fc_conf *c, struct fc_loc doc_loc)
{
	unsigned n = 0;
	size_t i, j;

	/* keys starting with v[i].key follow it directly in strcmp order */
	for (i = 0; i < c->n; i++) {
		const struct fc_conf_entry *s = &c->v[i];
		size_t len = strlen(s->key);

		for (j = i + 1; j < c->n && strncmp(c->v[j].key, s->key, len) == 0; j++) {
			const struct fc_conf_entry *l = &c->v[j];
			struct fc_loc loc = l->loc.line ? l->loc : s->loc.line ? s->loc : doc_loc;

			if (!nests_under(s->key, l->key))
				continue;
			fc_diag_at(ctx, FC_SEV_ERROR, loc, "E0410", "spec.flinkConfiguration",
			           "config.yaml (Flink >= 2.0) cannot nest configuration key \"%s\" "
			           "under \"%s\", which has a value of its own; replace \"%s\" with "
			           "its non-deprecated form (no key may be a prefix of another)",
			           l->key, s->key, s->key);
			n++;
		}
	}
	return n;
}

/* a key's name at one level of the nesting: a segment (a mapping of the
 * keys below it) or the rest of the key (a leaf) */
struct item {
	const char *name;
	size_t len, entry;
	bool leaf;
};

/* the order of a mapping's keys in the writer (yamlw.c): bytes, shorter first */
static int cmpitem(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c = memcmp(a->name, b->name, a->len < b->len ? a->len : b->len);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* The entries idx[0..n) of c, whose keys share their first off bytes (the
 * segments of the mapping being written), as that mapping's pairs at column
 * ind.  The keys are sorted, but a mapping's children need not be adjacent
 * ("a.b.x" < "a.b..y" < "a.b.z" puts the leaf "b..y" between the children of
 * "b"), so each level sorts its names. */
static void write_level(struct fc_buf *out, struct fc_arena *a, const struct fc_conf *c, const size_t *idx,
                        size_t n, size_t off, size_t ind, bool last)
{
	struct item *it = fc_arena_alloc(a, n * sizeof(*it));
	size_t *sub = fc_arena_alloc(a, n * sizeof(*sub));
	size_t k, j, m;

	for (k = 0; k < n; k++) {
		const char *rest = c->v[idx[k]].key + off;
		size_t seg = seglen(rest);
		it[k].name = rest;
		it[k].len = seg ? seg : strlen(rest);
		it[k].entry = idx[k];
		it[k].leaf = seg == 0;
	}
	qsort(it, n, sizeof(*it), cmpitem);
	for (k = 0; k < n; k = j) {
		bool glast;
		j = k + 1;
		if (it[k].leaf) {
			fc_yamlw_pair(out, it[k].name, it[k].len, leaf(a, &c->v[it[k].entry]), ind, last && j == n);
			continue;
		}
		while (j < n && !it[j].leaf && cmpitem(&it[k], &it[j]) == 0)
			j++;
		glast = last && j == n;
		for (m = k; m < j; m++)
			sub[m - k] = it[m].entry;
		fc_yamlw_pair(out, it[k].name, it[k].len, NULL, ind, glast);
		write_level(out, a, c, sub, j - k, off + it[k].len + 1, ind + 2, glast);
	}
}

int fc_conf_render_nested(struct fc_ctx *ctx, struct fc_buf *out, const struct fc_conf *c,
                          struct fc_loc doc_loc)
{
	size_t *idx, i;

	if (conflicts(ctx, c, doc_loc) > 0)
		return FC_ERR;
	if (!c->n) {
		fc_buf_append(out, "{}\n", 3);
		return 0;
	}
	/* written as the tree the keys nest into would be (yamlw.c), without
	 * building it: every key is a path of segments */
	idx = fc_arena_alloc(c->arena, c->n * sizeof(*idx));
	for (i = 0; i < c->n; i++)
		idx[i] = i;
	write_level(out, c->arena, c, idx, c->n, 0, 0, true);
	return 0;
}
