/* SPDX-License-Identifier: Apache-2.0 */
/* node.h - the one tree type: parsed input and built output alike.
 *
 * yaml.c builds input trees (every node located); lower.c and the emitters
 * build output trees with the constructors below; yamlw.c writes them.
 * Nodes live in an arena and are never freed one by one.  Scalars hold
 * canonical text: an INT is decimal ("0x1F" in the input becomes "31"),
 * a BOOL is "true"/"false", a NULL is "null", a FLOAT is Java's
 * Double.toString form ("0.5", "1000.0").
 */
#ifndef FC_NODE_H
#define FC_NODE_H

#include "base.h"

struct fc_arena;

/* a position in an input file; 1-based; len is the span for ^~~~ */
struct fc_loc {
	const char *file;
	uint32_t line, col, len;
};

enum fc_node_kind {
	FC_NODE_NULL,
	FC_NODE_BOOL,
	FC_NODE_INT,
	FC_NODE_FLOAT,
	FC_NODE_STR,
	FC_NODE_MAP,
	FC_NODE_SEQ,
};

struct fc_pair {
	struct fc_node *key; /* always a scalar; key->str is the key text */
	struct fc_node *val;
};

struct fc_node {
	enum fc_node_kind kind;
	bool quoted;       /* input scalar was quoted or tagged !!str */
	struct fc_loc loc; /* zero for nodes built by the compiler */
	const char *str;   /* scalars: canonical text, NUL-terminated */
	size_t len;        /* scalars: bytes in str (may contain NUL) */
	struct fc_pair *pairs;  /* MAP: n pairs, in input/insertion order */
	struct fc_node **items; /* SEQ: n items */
	uint32_t n, cap;
};

static inline bool fc_node_is_scalar(const struct fc_node *n)
{
	return n->kind != FC_NODE_MAP && n->kind != FC_NODE_SEQ;
}

/* "null", "boolean", "integer", "number", "string", "object", "array" */
const char *fc_node_kind_name(enum fc_node_kind k);

struct fc_node *fc_node_map(struct fc_arena *a);
struct fc_node *fc_node_seq(struct fc_arena *a);
/* a scalar of kind k whose canonical text is s[0..n) (copied) */
struct fc_node *fc_node_scalar(struct fc_arena *a, enum fc_node_kind k, const char *s, size_t n);
struct fc_node *fc_node_str(struct fc_arena *a, const char *s);
struct fc_node *fc_node_strn(struct fc_arena *a, const char *s, size_t n);
struct fc_node *fc_node_strf(struct fc_arena *a, const char *fmt, ...) FC_PRINTF(2, 3);
struct fc_node *fc_node_int(struct fc_arena *a, int64_t v);
struct fc_node *fc_node_bool(struct fc_arena *a, bool v);
struct fc_node *fc_node_null(struct fc_arena *a);

/* value of key in map; NULL if map is NULL, not a map, or has no such key */
struct fc_node *fc_node_get(const struct fc_node *map, const char *key);
/* the pair holding key, or NULL */
struct fc_pair *fc_node_pair(const struct fc_node *map, const char *key);
/* follow a dotted path of map keys ("spec.job.jarURI"); NULL if any step is missing */
struct fc_node *fc_node_path(const struct fc_node *root, const char *path);
/* string value of key if it is a scalar other than null, else NULL */
const char *fc_node_getstr(const struct fc_node *map, const char *key);

/* set key to val: replaces the value in place or appends a pair */
void fc_node_set(struct fc_arena *a, struct fc_node *map, const char *key, struct fc_node *val);
/* set key only if absent; returns the value now under key */
struct fc_node *fc_node_setdefault(struct fc_arena *a, struct fc_node *map, const char *key,
                                   struct fc_node *val);
/* get the map under key, creating an empty map if absent */
struct fc_node *fc_node_getmap(struct fc_arena *a, struct fc_node *map, const char *key);
/* get the seq under key, creating an empty seq if absent */
struct fc_node *fc_node_getseq(struct fc_arena *a, struct fc_node *map, const char *key);
/* remove key; returns true if it was there */
bool fc_node_del(struct fc_node *map, const char *key);
void fc_node_push(struct fc_arena *a, struct fc_node *seq, struct fc_node *item);

/* deep copy into a, texts included; locations are kept (file names are run-owned) */
struct fc_node *fc_node_copy(struct fc_arena *a, const struct fc_node *n);
/* structural equality (kinds, texts, keys in order-independent fashion) */
bool fc_node_equal(const struct fc_node *x, const struct fc_node *y);

#endif
