/* SPDX-License-Identifier: Apache-2.0 */
/* merge.c - pod-template merging; see merge.h and facts/operator.md §c step 6. */
#include "merge.h"

#include <string.h>

#include "arena.h"
#include "node.h"

static struct fc_node *merge(struct fc_arena *a, const struct fc_node *base,
                             const struct fc_node *over, bool by_name);

static bool all_named(const struct fc_node *seq)
{
	uint32_t i;

	if (seq->n == 0)
		return false;
	for (i = 0; i < seq->n; i++)
		if (seq->items[i]->kind != FC_NODE_MAP || !fc_node_getstr(seq->items[i], "name"))
			return false;
	return true;
}

static struct fc_node *merge_by_name(struct fc_arena *a, const struct fc_node *base,
                                     const struct fc_node *over)
{
	struct fc_node *out = fc_node_seq(a);
	uint32_t i, j;

	for (i = 0; i < base->n; i++) {
		const char *name = fc_node_getstr(base->items[i], "name");
		const struct fc_node *o = NULL;
		for (j = 0; j < over->n && !o; j++)
			if (strcmp(fc_node_getstr(over->items[j], "name"), name) == 0)
				o = over->items[j];
		fc_node_push(a, out, o ? merge(a, base->items[i], o, true) : fc_node_copy(a, base->items[i]));
	}
	for (j = 0; j < over->n; j++) {
		const char *name = fc_node_getstr(over->items[j], "name");
		bool seen = false;
		for (i = 0; i < base->n && !seen; i++)
			seen = strcmp(fc_node_getstr(base->items[i], "name"), name) == 0;
		if (!seen)
			fc_node_push(a, out, fc_node_copy(a, over->items[j]));
	}
	return out;
}

static struct fc_node *merge_by_index(struct fc_arena *a, const struct fc_node *base,
                                      const struct fc_node *over, bool by_name)
{
	struct fc_node *out = fc_node_seq(a);
	uint32_t i;

	for (i = 0; i < base->n; i++) {
		const struct fc_node *b = base->items[i];
		if (i < over->n && b->kind == FC_NODE_MAP && over->items[i]->kind == FC_NODE_MAP)
			fc_node_push(a, out, merge(a, b, over->items[i], by_name));
		else
			fc_node_push(a, out, fc_node_copy(a, b)); /* scalars keep the base */
	}
	for (; i < over->n; i++)
		fc_node_push(a, out, fc_node_copy(a, over->items[i]));
	return out;
}

static struct fc_node *merge(struct fc_arena *a, const struct fc_node *base,
                             const struct fc_node *over, bool by_name)
{
	uint32_t i;
	struct fc_node *out;

	if (!over || over->kind == FC_NODE_NULL)
		return fc_node_copy(a, base);
	if (!base || base->kind == FC_NODE_NULL)
		return fc_node_copy(a, over);
	if (base->kind == FC_NODE_SEQ && over->kind == FC_NODE_SEQ) {
		if (by_name && all_named(base) && all_named(over))
			return merge_by_name(a, base, over);
		return merge_by_index(a, base, over, by_name);
	}
	if (base->kind != FC_NODE_MAP || over->kind != FC_NODE_MAP)
		return fc_node_copy(a, over);
	out = fc_node_copy(a, base);
	for (i = 0; i < over->n; i++) {
		const char *k = over->pairs[i].key->str;
		struct fc_node *cur = fc_node_get(out, k);
		fc_node_set(a, out, k, merge(a, cur, over->pairs[i].val, by_name));
	}
	return out;
}

struct fc_node *fc_merge_pod_templates(struct fc_arena *a, const struct fc_node *base,
                                       const struct fc_node *over, bool by_name)
{
	if (!base && !over)
		return NULL;
	return merge(a, base, over, by_name);
}

struct fc_node *fc_merge_main_container(struct fc_arena *a, struct fc_node *podspec)
{
	struct fc_node *cs = fc_node_getseq(a, podspec, "containers"), *c;
	uint32_t i;

	for (i = 0; i < cs->n; i++) {
		const char *name = fc_node_getstr(cs->items[i], "name");
		if (name && strcmp(name, "flink-main-container") == 0)
			return cs->items[i];
	}
	c = fc_node_map(a);
	fc_node_set(a, c, "name", fc_node_str(a, "flink-main-container"));
	fc_node_push(a, cs, c);
	return c;
}
