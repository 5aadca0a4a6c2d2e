/* SPDX-License-Identifier: Apache-2.0 */
/* features_test.c - unit tests for features.c: the base and the switch
 * annotations (any case), rest-ingress-from in each form, and the errors
 * with their locations.  Documents are inline YAML parsed by yaml.c.
 */
#include "features.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "flinkconf.h"
#include "test.h"
#include "yaml.h"

struct t {
	struct fc_ctx ctx;
	struct fc_options opts;
	struct fc_job job;
	int rc;
};

/* resolve the switches of a document whose metadata.annotations is `annotations` (flow YAML) */
static void run(struct t *t, unsigned base, const char *annotations)
{
	char text[512];

	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
	t->job.mode = FC_MODE_STANDALONE; /* no pod template work here (security_test.c) */
	fc_conf_init(&t->job.conf, t->ctx.arena);
	snprintf(text, sizeof(text), "kind: FlinkDeployment\nmetadata:\n  name: x\n  annotations: %s\n",
	         annotations);
	t->job.doc = fc_yaml_parse_string(&t->ctx, t->ctx.arena, "t.yaml", text, strlen(text));
	t->rc = fc_features_from_annotations(&t->ctx, t->ctx.arena, &t->job, base);
}

static void teardown(struct t *t) { fc_arena_free(t->ctx.arena); }

static bool has_diag(const struct t *t, const char *code, uint32_t line, uint32_t col)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		if (strcmp(d->code, code) == 0 && d->loc.line == line && d->loc.col == col)
			return true;
	return false;
}

static void test_features__base_and_switches(int *failures)
{
	struct t t;

	run(&t, FC_FEATURES_DEFAULT, "{}");
	FC_CHECK(t.rc == 0 && t.job.features == FC_FEATURE_SECURITY && t.job.rest_peers == NULL);
	teardown(&t);
	run(&t, FC_FEATURES_DEFAULT,
	    "{flinkc.io/security-context: \"False\", flinkc.io/network-policy: \"TRUE\", "
	    "flinkc.io/pod-disruption-budget: \"true\"}");
	FC_CHECK(t.rc == 0 && t.job.features == (FC_FEATURE_NETWORKPOLICY | FC_FEATURE_PDB));
	teardown(&t);
	/* a base from elsewhere (the defaults document) is what the annotations override */
	run(&t, FC_FEATURE_NETWORKPOLICY | FC_FEATURE_PDB, "{flinkc.io/pod-disruption-budget: \"false\"}");
	FC_CHECK(t.rc == 0 && t.job.features == FC_FEATURE_NETWORKPOLICY);
	teardown(&t);
}

static void test_features__rest_ingress_from(int *failures)
{
	struct t t;
	const struct fc_node *p;

	run(&t, 0, "{flinkc.io/rest-ingress-from: \" 10.0.0.0/8 ,namespace=ingress-nginx,fd00::/64\"}");
	FC_CHECK(t.rc == 0 && t.job.rest_peers && t.job.rest_peers->n == 3);
	if (t.job.rest_peers && t.job.rest_peers->n == 3) {
		p = t.job.rest_peers->items[0];
		FC_CHECK_STR(fc_node_getstr(fc_node_get(p, "ipBlock"), "cidr"), "10.0.0.0/8");
		p = fc_node_path(t.job.rest_peers->items[1], "namespaceSelector.matchLabels");
		FC_CHECK_STR(fc_node_getstr(p, "kubernetes.io/metadata.name"), "ingress-nginx");
		p = t.job.rest_peers->items[2];
		FC_CHECK_STR(fc_node_getstr(fc_node_get(p, "ipBlock"), "cidr"), "fd00::/64");
	}
	teardown(&t);
}

static void test_features__errors(int *failures)
{
	static const char *const bad[] = {
		"10.0.0.0", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/x", "fd00::/129", "namespace=",
		"namespace=Upper", "namespace=-x", "10.0.0.0/8,", "", "pods=a",
	};
	char ann[128];
	struct t t;
	size_t i;

	run(&t, FC_FEATURES_DEFAULT, "{flinkc.io/network-policy: \"yes\", flinkc.io/security-context: [a]}");
	FC_CHECK(t.rc != 0 && t.ctx.nerrors == 2);
	FC_CHECK(has_diag(&t, "E0801", 4, 43));
	FC_CHECK(has_diag(&t, "E0801", 4, 78));
	teardown(&t);
	for (i = 0; i < countof(bad); i++) {
		snprintf(ann, sizeof(ann), "{flinkc.io/rest-ingress-from: \"%s\"}", bad[i]);
		run(&t, 0, ann);
		if (t.rc == 0 || !has_diag(&t, "E0802", 4, 46)) {
			fprintf(stderr, "  accepted or misplaced: \"%s\"\n", bad[i]);
			(*failures)++;
		}
		teardown(&t);
	}
}

const struct fc_test fc_features_tests[] = {
	{ "features__base_and_switches", test_features__base_and_switches },
	{ "features__rest_ingress_from", test_features__rest_ingress_from },
	{ "features__errors", test_features__errors },
	{ NULL, NULL },
};
