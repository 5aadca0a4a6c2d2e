/* SPDX-License-Identifier: Apache-2.0 */
/* schemadoc_test.c - checks of the built-in schema content (the .yaml files of schema/):
 * it loads, every field has a description, every $ref resolves, every
 * x-flinkc-rules code is an operator rule that explain can summarise, and
 * the kinds have the required fields the design promises. */
#include "schemadoc.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "explain.h"
#include "node.h"
#include "test.h"

struct walk {
	const struct fc_schemadocs *docs;
	int *failures;
	unsigned fields, described, depth;
};

static void walk_schema(struct walk *w, const struct fc_node *s, const char *path);

static void walk_props(struct walk *w, const struct fc_node *s, const char *path)
{
	const struct fc_node *props = fc_node_get(s, "properties"), *v;
	char sub[512];
	uint32_t i, j;

	for (i = 0; props && i < props->n; i++) {
		const struct fc_node *f = props->pairs[i].val;
		const struct fc_node *target = fc_schemadoc_deref(w->docs, f);
		snprintf(sub, sizeof(sub), "%s.%s", path, props->pairs[i].key->str);
		w->fields++;
		if (fc_node_getstr(f, "description") || (target && fc_node_getstr(target, "description")))
			w->described++;
		else
			fprintf(stderr, "schema: %s has no description\n", sub);
		if ((v = fc_node_get(f, "x-flinkc-rules"))) {
			for (j = 0; j < v->n; j++) {
				const char *code = v->items[j]->str;
				int *failures = w->failures;
				FC_CHECK(strncmp(code, "E03", 3) == 0);
				FC_CHECK(fc_explain_rule(code) != NULL);
			}
		}
		walk_schema(w, f, sub);
	}
}

static void walk_schema(struct walk *w, const struct fc_node *s, const char *path)
{
	const struct fc_node *v;
	int *failures = w->failures;

	if (!s || s->kind != FC_NODE_MAP || w->depth > 40)
		return;
	if (fc_node_getstr(s, "$ref")) {
		FC_CHECK(fc_schemadoc_deref(w->docs, s) != NULL);
		return; /* walked as its own document */
	}
	w->depth++;
	walk_props(w, s, path);
	if ((v = fc_node_get(s, "items")))
		walk_schema(w, v, path);
	if ((v = fc_node_get(s, "additionalProperties")) && v->kind == FC_NODE_MAP)
		walk_schema(w, v, path);
	w->depth--;
}

static bool required(const struct fc_node *s, const char *path, const char *name)
{
	const struct fc_node *req = fc_node_get(path ? fc_node_path(s, path) : s, "required");
	uint32_t i;

	for (i = 0; req && i < req->n; i++)
		if (strcmp(req->items[i]->str, name) == 0)
			return true;
	return false;
}

static void test_schemadoc__content(int *failures)
{
	struct fc_schemadoc_run run;
	struct fc_buf err = FC_BUF_INIT;
	const struct fc_schemadoc *fd, *fsj, *pod;
	struct walk w;
	size_t i;

	FC_CHECK(fc_schemadoc_open(&run, &err) == 0 && err.len == 0);
	fc_buf_fini(&err);
	fd = fc_schemadoc_find(&run.docs, "FlinkDeployment");
	fsj = fc_schemadoc_find(&run.docs, "FlinkSessionJob");
	pod = fc_schemadoc_find(&run.docs, "PodTemplate");
	FC_CHECK(fd && fsj && pod);
	if (!fd || !fsj || !pod) {
		fc_schemadoc_close(&run);
		return;
	}
	FC_CHECK_STR(fd->api_version, "flink.apache.org/v1beta1");
	FC_CHECK(required(fd->schema, NULL, "spec"));
	FC_CHECK(required(fd->schema, "properties.spec", "flinkVersion"));
	FC_CHECK(required(fd->schema, "properties.spec", "serviceAccount"));
	FC_CHECK(required(fd->schema, "properties.metadata", "name"));
	FC_CHECK(required(fsj->schema, "properties.spec", "deploymentName"));
	FC_CHECK(required(fsj->schema, "properties.spec", "job"));
	FC_CHECK(!required(fsj->schema, "properties.spec.properties.job", "jarURI"));
	FC_CHECK(fc_schemadoc_flag(fc_node_path(fd->schema, "properties.spec.properties.flinkConfiguration"),
	                           "x-kubernetes-preserve-unknown-fields"));
	for (i = 0; i < run.docs.n; i++) {
		memset(&w, 0, sizeof(w));
		w.docs = &run.docs;
		w.failures = failures;
		walk_schema(&w, run.docs.v[i].schema, run.docs.v[i].kind);
		FC_CHECK(w.fields > 0 && w.described == w.fields);
	}
	fc_schemadoc_close(&run);
}

/* every rule code of compiler/rules.c has a summary */
static void test_schemadoc__rule_table(int *failures)
{
	static const char *const codes[] = {
		"E0301", "E0302", "E0303", "E0304", "E0305", "E0306", "E0307", "E0308", "E0309",
		"E0310", "E0311", "E0312", "E0313", "E0314", "E0315", "E0316", "E0317", "E0318",
		"E0319", "E0320", "E0321", "E0322", "E0323", "E0324", "E0325", "E0326", "E0327",
		"E0328", "E0329", "E0330", "E0331", "E0332", "E0341", "E0342", "E0343", "E0344",
		"E0345", "E0346", "E0347", "E0348", "E0349", "E0350", "E0351",
	};
	size_t i;

	for (i = 0; i < countof(codes); i++)
		FC_CHECK(fc_explain_rule(codes[i]) != NULL);
	FC_CHECK(fc_explain_rule("E0399") == NULL);
}

const struct fc_test fc_schemadoc_tests[] = {
	{ "schemadoc/content", test_schemadoc__content },
	{ "schemadoc/rule_table", test_schemadoc__rule_table },
	{ NULL, NULL },
};
