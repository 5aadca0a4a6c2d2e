/* SPDX-License-Identifier: Apache-2.0 */
/* hashes_test.c - unit tests for hashes.c: writing an object once
 * (fc_hashes_stamp) gives the bytes and hash of the definition
 * (fc_hashes_content, then the annotation, then the canonical writer). */
#include "hashes.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "node.h"
#include "test.h"
#include "yaml.h"
#include "yamlw.h"

/* both ways on two parses of text; true if bytes and hashes agree */
static bool same_both_ways(const char *text, int *failures)
{
	struct fc_ctx ctx;
	struct fc_buf want = FC_BUF_INIT, got = FC_BUF_INIT, scratch = FC_BUF_INIT;
	char h1[FC_HASHES_LEN + 1], h2[FC_HASHES_LEN + 1];
	struct fc_node *x, *y, *meta;
	bool same;

	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = fc_arena_new();
	ctx.sources_tail = &ctx.sources;
	x = fc_yaml_parse_string(&ctx, ctx.arena, "x.yaml", text, strlen(text));
	y = fc_yaml_parse_string(&ctx, ctx.arena, "y.yaml", text, strlen(text));
	FC_CHECK(x && y && ctx.nerrors == 0);
	if (!x || !y)
		return false;
	fc_hashes_content(h1, x, &scratch);
	meta = fc_node_get(x, "metadata");
	if (meta && meta->kind == FC_NODE_MAP)
		fc_node_set(ctx.arena, fc_node_getmap(ctx.arena, meta, "annotations"), FC_HASHES_CONTENT,
		            fc_node_str(ctx.arena, h1));
	fc_buf_puts(&want, "prefix\n"); /* stamp appends to what is there */
	fc_yamlw_doc(&want, x, FC_YAMLW_OBJECT);
	fc_buf_puts(&got, "prefix\n");
	fc_hashes_stamp(h2, ctx.arena, y, &got, &scratch);
	same = strcmp(h1, h2) == 0 && want.len == got.len && memcmp(want.ptr, got.ptr, want.len) == 0;
	if (!same)
		fprintf(stderr, "want %s:\n%s\ngot %s:\n%s\n", h1, want.ptr, h2, got.ptr);
	fc_buf_fini(&want);
	fc_buf_fini(&got);
	fc_buf_fini(&scratch);
	fc_arena_free(ctx.arena);
	return same;
}

static void test_hashes__stamp_is_the_definition(int *failures)
{
	static const char *const objects[] = {
		/* plain, no annotations */
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n}\ndata: {k: v}\n",
		/* annotations before and after the hash's key, an old hash replaced */
		"kind: Service\napiVersion: v1\nspec: {ports: [{port: 1}]}\nmetadata:\n  name: s\n"
		"  annotations: {a: '1', zz: '2', flinkc.io/content-hash: 0123456789abcdef}\n",
		/* only an old hash: the annotations map goes away for the hash */
		"apiVersion: v1\nkind: Secret\nmetadata: {name: a, annotations: {flinkc.io/content-hash: x}}\n"
		"type: Opaque\n",
		/* annotations that are not a map */
		"apiVersion: v1\nkind: Secret\nmetadata: {name: a, annotations: null}\ntype: Opaque\n",
		/* nothing after the head */
		"apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
		/* metadata not a map */
		"apiVersion: v1\nkind: X\nmetadata: 3\nspec: {}\n",
		/* keys that sort before apiVersion */
		"AAA: 1\napiVersion: v1\nkind: X\nmetadata: {name: b}\n_z: [1, 2]\n",
	};
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		FC_CHECK(same_both_ways(objects[i], failures));
}

const struct fc_test fc_hashes_tests[] = {
	{ "test_hashes__stamp_is_the_definition", test_hashes__stamp_is_the_definition },
	{ NULL, NULL },
};
