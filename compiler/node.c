/* SPDX-License-Identifier: Apache-2.0 */
/* node.c - tree constructors, lookups and edits; see node.h. */
#include "node.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

const char *fc_node_kind_name(enum fc_node_kind k)
{
	switch (k) {
	case FC_NODE_NULL: return "null";
	case FC_NODE_BOOL: return "boolean";
	case FC_NODE_INT: return "integer";
	case FC_NODE_FLOAT: return "number";
	case FC_NODE_STR: return "string";
	case FC_NODE_MAP: return "object";
	case FC_NODE_SEQ: return "array";
	}
	FC_UNREACHABLE();
	return "?";
}

static struct fc_node *node_new(struct fc_arena *a, enum fc_node_kind k)
{
	struct fc_node *n = FC_NEW(a, struct fc_node);
	n->kind = k;
	if (fc_node_is_scalar(n)) {
		n->str = "";
		n->len = 0;
	}
	return n;
}

struct fc_node *fc_node_map(struct fc_arena *a)
{
	return node_new(a, FC_NODE_MAP);
}

struct fc_node *fc_node_seq(struct fc_arena *a)
{
	return node_new(a, FC_NODE_SEQ);
}

struct fc_node *fc_node_scalar(struct fc_arena *a, enum fc_node_kind k, const char *s, size_t n)
{
	struct fc_node *x = node_new(a, k);
	x->str = fc_arena_strndup(a, s, n);
	x->len = n;
	return x;
}

struct fc_node *fc_node_str(struct fc_arena *a, const char *s)
{
	return fc_node_scalar(a, FC_NODE_STR, s, strlen(s));
}

struct fc_node *fc_node_strn(struct fc_arena *a, const char *s, size_t n)
{
	return fc_node_scalar(a, FC_NODE_STR, s, n);
}

struct fc_node *fc_node_strf(struct fc_arena *a, const char *fmt, ...)
{
	va_list ap;
	char buf[512];
	int n;

	va_start(ap, fmt);
	n = fc_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(buf))
		return fc_node_strn(a, buf, (size_t)n);
	{
		char *p = fc_arena_alloc(a, (size_t)n + 1);
		struct fc_node *x = node_new(a, FC_NODE_STR);
		va_start(ap, fmt);
		fc_vformat(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
		x->str = p;
		x->len = (size_t)n;
		return x;
	}
}

struct fc_node *fc_node_int(struct fc_arena *a, int64_t v)
{
	char buf[24];
	size_t n = fc_fmt_int(buf, v);
	return fc_node_scalar(a, FC_NODE_INT, buf, n);
}

struct fc_node *fc_node_bool(struct fc_arena *a, bool v)
{
	struct fc_node *x = node_new(a, FC_NODE_BOOL);
	x->str = v ? "true" : "false";
	x->len = v ? 4 : 5;
	return x;
}

struct fc_node *fc_node_null(struct fc_arena *a)
{
	struct fc_node *x = node_new(a, FC_NODE_NULL);
	x->str = "null";
	x->len = 4;
	return x;
}

struct fc_pair *fc_node_pair(const struct fc_node *map, const char *key)
{
	uint32_t i;

	if (!map || map->kind != FC_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const char *k = map->pairs[i].key->str;
		if (k[0] == key[0] && strcmp(k, key) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

struct fc_node *fc_node_get(const struct fc_node *map, const char *key)
{
	struct fc_pair *p = fc_node_pair(map, key);
	return p ? p->val : NULL;
}

struct fc_node *fc_node_path(const struct fc_node *root, const char *path)
{
	char key[256];
	struct fc_node *n = NULL;
	const struct fc_node *cur = root;

	if (!*path)
		return NULL;
	while (cur && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, path, len);
		key[len] = '\0';
		n = fc_node_get(cur, key);
		cur = n;
		path += len + (dot ? 1 : 0);
	}
	return n;
}

const char *fc_node_getstr(const struct fc_node *map, const char *key)
{
	struct fc_node *v = fc_node_get(map, key);
	if (!v || !fc_node_is_scalar(v) || v->kind == FC_NODE_NULL)
		return NULL;
	return v->str;
}

static void reserve(struct fc_arena *a, struct fc_node *n, size_t elsize, void **arr)
{
	uint32_t ncap;

	if (n->n < n->cap)
		return;
	ncap = n->cap ? n->cap * 2 : 4;
	*arr = fc_arena_grow(a, *arr, n->n, ncap, elsize);
	n->cap = ncap;
}

void fc_node_set(struct fc_arena *a, struct fc_node *map, const char *key, struct fc_node *val)
{
	struct fc_pair *p;

	assert(map->kind == FC_NODE_MAP);
	p = fc_node_pair(map, key);
	if (p) {
		p->val = val;
		return;
	}
	reserve(a, map, sizeof(struct fc_pair), (void **)&map->pairs);
	map->pairs[map->n].key = fc_node_str(a, key);
	map->pairs[map->n].val = val;
	map->n++;
}

struct fc_node *fc_node_setdefault(struct fc_arena *a, struct fc_node *map, const char *key,
                                   struct fc_node *val)
{
	struct fc_node *cur = fc_node_get(map, key);
	if (cur)
		return cur;
	fc_node_set(a, map, key, val);
	return val;
}

struct fc_node *fc_node_getmap(struct fc_arena *a, struct fc_node *map, const char *key)
{
	struct fc_pair *p = fc_node_pair(map, key);

	if (p && p->val->kind == FC_NODE_MAP)
		return p->val;
	if (p) {
		p->val = fc_node_map(a);
		return p->val;
	}
	{
		struct fc_node *m = fc_node_map(a);
		fc_node_set(a, map, key, m);
		return m;
	}
}

struct fc_node *fc_node_getseq(struct fc_arena *a, struct fc_node *map, const char *key)
{
	struct fc_pair *p = fc_node_pair(map, key);

	if (p && p->val->kind == FC_NODE_SEQ)
		return p->val;
	if (p) {
		p->val = fc_node_seq(a);
		return p->val;
	}
	{
		struct fc_node *s = fc_node_seq(a);
		fc_node_set(a, map, key, s);
		return s;
	}
}

bool fc_node_del(struct fc_node *map, const char *key)
{
	struct fc_pair *p = fc_node_pair(map, key);
	size_t i;

	if (!p)
		return false;
	i = (size_t)(p - map->pairs);
	memmove(p, p + 1, (map->n - i - 1) * sizeof(*p));
	map->n--;
	return true;
}

void fc_node_push(struct fc_arena *a, struct fc_node *seq, struct fc_node *item)
{
	assert(seq->kind == FC_NODE_SEQ);
	reserve(a, seq, sizeof(struct fc_node *), (void **)&seq->items);
	seq->items[seq->n++] = item;
}

struct fc_node *fc_node_copy(struct fc_arena *a, const struct fc_node *n)
{
	struct fc_node *c;
	uint32_t i;

	if (!n)
		return NULL;
	c = FC_NEW(a, struct fc_node);
	*c = *n;
	c->pairs = NULL;
	c->items = NULL;
	c->cap = 0;
	c->n = 0;
	if (fc_node_is_scalar(n)) {
		/* the text may live in another arena that is freed first */
		c->str = fc_arena_strndup(a, n->str, n->len);
	} else if (n->kind == FC_NODE_MAP) {
		c->pairs = fc_arena_alloc(a, (n->n ? n->n : 1) * sizeof(struct fc_pair));
		c->cap = n->n;
		for (i = 0; i < n->n; i++) {
			c->pairs[i].key = fc_node_copy(a, n->pairs[i].key);
			c->pairs[i].val = fc_node_copy(a, n->pairs[i].val);
		}
		c->n = n->n;
	} else if (n->kind == FC_NODE_SEQ) {
		c->items = fc_arena_alloc(a, (n->n ? n->n : 1) * sizeof(struct fc_node *));
		c->cap = n->n;
		for (i = 0; i < n->n; i++)
			c->items[i] = fc_node_copy(a, n->items[i]);
		c->n = n->n;
	}
	return c;
}

bool fc_node_equal(const struct fc_node *x, const struct fc_node *y)
{
	uint32_t i;

	if (x == y)
		return true;
	if (!x || !y || x->kind != y->kind)
		return false;
	switch (x->kind) {
	case FC_NODE_MAP:
		if (x->n != y->n)
			return false;
		for (i = 0; i < x->n; i++) {
			struct fc_node *v = fc_node_get(y, x->pairs[i].key->str);
			if (!v || !fc_node_equal(x->pairs[i].val, v))
				return false;
		}
		return true;
	case FC_NODE_SEQ:
		if (x->n != y->n)
			return false;
		for (i = 0; i < x->n; i++)
			if (!fc_node_equal(x->items[i], y->items[i]))
				return false;
		return true;
	default:
		return x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
	}
}
