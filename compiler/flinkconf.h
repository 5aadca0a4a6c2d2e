/* SPDX-License-Identifier: Apache-2.0 */
/* flinkconf.h - a Flink configuration: flattening, typed entries, file rendering.
 *
 * Used by lower.c to build the effective configuration exactly as the
 * operator does (facts/operator.md §c): spec.flinkConfiguration flattened
 * (nested maps joined with '.', lists ';'-joined, empty lists dropped,
 * scalars in their JSON text form), then typed keys set by the operator.
 * Entries are kept sorted by key, so rendering is deterministic.
 */
#ifndef FC_FLINKCONF_H
#define FC_FLINKCONF_H

#include "base.h"
#include "node.h"

struct fc_arena;
struct fc_buf;
struct fc_ctx;

/* The Java type a value has in the operator's Configuration; decides how
 * config.yaml (Flink >= 2.0) writes it.  User flinkConfiguration values are
 * always STRING (the operator uses setString). */
enum fc_conf_type {
	FC_CONF_STRING,
	FC_CONF_INT,
	FC_CONF_BOOL,
	FC_CONF_DOUBLE,
	FC_CONF_LIST,     /* value holds ';'-joined elements; an element with ';' is single-quoted */
	FC_CONF_MAP,      /* value holds "k:v,k:v" */
};

struct fc_conf_entry {
	const char *key;
	const char *value;
	enum fc_conf_type type;
	struct fc_loc loc; /* where the user wrote it; zero for derived keys */
};

struct fc_conf {
	struct fc_arena *arena;
	struct fc_conf_entry *v; /* sorted by key (strcmp), unique keys */
	size_t n, cap;
};

void fc_conf_init(struct fc_conf *c, struct fc_arena *a);
/* out: a copy of src in arena a, to change without changing src; it shares
 * src's key and value strings (never changed in place), so src's arena must
 * live as long as out */
void fc_conf_copy(struct fc_conf *out, struct fc_arena *a, const struct fc_conf *src);
/* value of key, or NULL */
const char *fc_conf_get(const struct fc_conf *c, const char *key);
struct fc_conf_entry *fc_conf_entry(const struct fc_conf *c, const char *key);
/* set key (copied) to value (copied), replacing any previous entry */
void fc_conf_set(struct fc_conf *c, const char *key, const char *value, enum fc_conf_type t,
                 struct fc_loc loc);
/* set only if absent */
void fc_conf_setdefault(struct fc_conf *c, const char *key, const char *value, enum fc_conf_type t);
bool fc_conf_del(struct fc_conf *c, const char *key);
/* remove every key starting with prefix ("kubernetes.operator.") */
void fc_conf_del_prefix(struct fc_conf *c, const char *prefix);

/* Flatten a flinkConfiguration node (map, possibly nested) into c as STRING
 * entries, with the operator's rules: nested keys joined by '.', arrays
 * ';'-joined (elements that are objects become ""), empty arrays and empty
 * objects produce no key, explicit null becomes "null", scalars their text.
 * Non-map input is reported by the caller, not here. */
void fc_conf_flatten(struct fc_conf *c, const struct fc_node *cfg);

/* the elements of a LIST value (';'-split, single quotes removed) as a SEQ of STR */
struct fc_node *fc_conf_list_node(struct fc_arena *a, const char *value);
/* a LIST value from elements (quoting elements that contain ';') */
const char *fc_conf_list_join(struct fc_arena *a, const char *const *elems, size_t n);

/* Render as a Flink < 2.0 flink-conf.yaml: one "key: value" line per entry,
 * sorted, values verbatim. */
void fc_conf_render_flat(struct fc_buf *out, const struct fc_conf *c);

/* Render as a Flink >= 2.0 config.yaml: keys split on every '.' into nested
 * maps, written with yamlw; STRING values quoted when YAML would type them,
 * INT/BOOL/DOUBLE plain, LIST as block sequences, MAP as nested maps.
 * A key that is a prefix of another ("a" and "a.b") cannot be nested: each
 * such pair is reported as error E0410 at the user's location of the longer
 * key (or of the document when derived) through ctx, and FC_ERR returned. */
int fc_conf_render_nested(struct fc_ctx *ctx, struct fc_buf *out, const struct fc_conf *c,
                          struct fc_loc doc_loc);

#endif
