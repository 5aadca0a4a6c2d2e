/* SPDX-License-Identifier: Apache-2.0 */
/* lifecycle_test.c - unit tests for lifecycle.c: which jobs get an upgrade
 * hook and a restore (operator.md §f), the suspended replicas, the nonce
 * annotation, and the standalone start arguments with the static
 * --fromSavepoint pair moved into the run-time choice.
 */
#include "lifecycle.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "flinkconf.h"
#include "test.h"
#include "yaml.h"

struct t {
	struct fc_ctx ctx;
	struct fc_options opts;
	struct fc_job job;
};

static struct fc_node *parse(struct t *t, const char *text)
{
	return fc_yaml_parse_string(&t->ctx, t->ctx.arena, "t.yaml", text, strlen(text));
}

static void setup(struct t *t, const char *doc, enum fc_mode mode, bool ha)
{
	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
	t->job.name = "x";
	t->job.namespace_ = "ns";
	t->job.mode = mode;
	t->job.ha = ha;
	t->job.entry_path = "/docker-entrypoint.sh";
	fc_conf_init(&t->job.conf, t->ctx.arena);
	t->job.doc = parse(t, doc);
	t->job.application = fc_node_path(t->job.doc, "spec.job") != NULL;
}

static void teardown(struct t *t) { fc_arena_free(t->ctx.arena); }

static void test_lifecycle__modes(int *failures)
{
	static const struct {
		const char *doc;
		bool ha, hook, suspended;
	} cases[] = {
		{ "spec: {job: {upgradeMode: savepoint}}", false, true, false },
		{ "spec: {job: {upgradeMode: savepoint, state: suspended}}", true, true, true },
		{ "spec: {job: {upgradeMode: stateless, state: suspended}}", false, false, true },
		{ "spec: {job: {}}", false, false, false },
		{ "spec: {job: {upgradeMode: last-state}}", true, false, false },
		{ "spec: {job: {upgradeMode: last-state}}", false, true, false },
		{ "spec: {flinkConfiguration: {}}", false, false, false }, /* session cluster */
	};
	size_t i;

	for (i = 0; i < countof(cases); i++) {
		struct t t;
		struct fc_lifecycle lc;
		setup(&t, cases[i].doc, FC_MODE_NATIVE, cases[i].ha);
		fc_lifecycle_of(&lc, &t.job);
		FC_CHECK(lc.upgrade_hook == cases[i].hook);
		FC_CHECK(lc.restore == cases[i].hook);
		FC_CHECK(lc.suspended == cases[i].suspended);
		teardown(&t);
	}
}

static void test_lifecycle__nonces(int *failures)
{
	struct t t;
	struct fc_lifecycle lc;

	setup(&t, "spec: {restartNonce: 3, job: {savepointTriggerNonce: -1, checkpointTriggerNonce: 0}}",
	      FC_MODE_NATIVE, false);
	fc_lifecycle_of(&lc, &t.job);
	FC_CHECK_STR(lc.restart_nonce, "3");
	FC_CHECK_STR(lc.savepoint_nonce, "-1");
	FC_CHECK_STR(lc.checkpoint_nonce, "0");
	teardown(&t);
	/* a session cluster takes no snapshots, but restarts on its nonce */
	setup(&t, "spec: {restartNonce: 3}", FC_MODE_NATIVE, false);
	fc_lifecycle_of(&lc, &t.job);
	FC_CHECK_STR(lc.restart_nonce, "3");
	FC_CHECK(!lc.savepoint_nonce && !lc.checkpoint_nonce && !lc.upgrade_hook);
	teardown(&t);
}

static void test_lifecycle__standalone_deployment(int *failures)
{
	struct t t;
	struct fc_node *spec, *main, *args;
	const char *want[] = { "bash", "-c", NULL, "flinkc-restore", "standalone-job", "--job-classname", "C",
		               "--fromSavepoint" /* a program argument: kept */, "s3://init" };
	size_t i;

	setup(&t, "spec: {restartNonce: 5, job: {upgradeMode: savepoint, state: suspended}}", FC_MODE_STANDALONE,
	      false);
	t.job.savepoint_path = "s3://init";
	spec = parse(&t, "{replicas: 2, template: {spec: {}}}");
	main = parse(&t, "{name: flink-main-container, args: [standalone-job, --job-classname, C, "
	                 "--fromSavepoint, s3://init, --fromSavepoint, s3://init]}");
	fc_lifecycle_apply_deployment(t.ctx.arena, &t.job, true, spec, main);
	FC_CHECK_STR(fc_node_path(spec, "replicas")->str, "0");
	FC_CHECK_STR(fc_node_getstr(fc_node_path(spec, "template.metadata.annotations"),
	                            FC_LIFECYCLE_NONCE_ANNOTATION), "5");
	args = fc_node_get(main, "args");
	FC_CHECK(args->n == countof(want));
	for (i = 0; i < countof(want) && i < args->n; i++)
		if (want[i])
			FC_CHECK_STR(args->items[i]->str, want[i]);
	FC_CHECK(strstr(args->items[2]->str, "p='s3://init'") != NULL);
	FC_CHECK_STR(fc_node_getstr(fc_node_path(main, "volumeMounts")->items[0], "mountPath"),
	             FC_LIFECYCLE_RESTORE_DIR);
	FC_CHECK(fc_node_path(spec, "template.spec.volumes") != NULL);
	/* the TaskManager side: replicas and nonce, no restore */
	spec = parse(&t, "{replicas: 2, template: {spec: {}}}");
	main = parse(&t, "{name: flink-main-container, args: [taskmanager]}");
	fc_lifecycle_apply_deployment(t.ctx.arena, &t.job, false, spec, main);
	FC_CHECK_STR(fc_node_path(spec, "replicas")->str, "0");
	FC_CHECK(fc_node_get(main, "volumeMounts") == NULL);
	FC_CHECK_STR(fc_node_get(main, "args")->items[0]->str, "taskmanager");
	teardown(&t);
}

const struct fc_test fc_lifecycle_tests[] = {
	{ "lifecycle__modes", test_lifecycle__modes },
	{ "lifecycle__nonces", test_lifecycle__nonces },
	{ "lifecycle__standalone_deployment", test_lifecycle__standalone_deployment },
	{ NULL, NULL },
};
