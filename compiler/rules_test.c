/* SPDX-License-Identifier: Apache-2.0 */
/* rules_test.c - unit tests for rules.c: one test per rule code, checking
 * the code, the field path and the line reported, plus valid documents
 * (upstream basic.yaml), several defects at once, the canary exemption and
 * trees of the wrong shape.  Inputs are inline YAML parsed by yaml.c.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "effconf.h"
#include "node.h"
#include "test.h"
#include "yaml.h"

struct t {
	struct fc_ctx ctx;
	struct fc_options opts;
	int rc;
};

static void setup(struct t *t)
{
	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
}

static void teardown(struct t *t) { fc_arena_free(t->ctx.arena); }

static struct fc_node *parse(struct t *t, const char *text)
{
	struct fc_node *n = fc_yaml_parse_string(&t->ctx, t->ctx.arena, "t.yaml", text, strlen(text));
	if (!n)
		fprintf(stderr, "rules_test: bad test YAML:\n%s\n", text);
	return n;
}

/* run the FlinkDeployment rules over text */
static void deployment(struct t *t, const char *text)
{
	struct fc_node *doc;
	struct fc_conf E;

	setup(t);
	doc = parse(t, text);
	fc_effconf_build(&E, &t->ctx, t->ctx.arena, doc);
	t->rc = fc_rules_deployment(&t->ctx, doc, &E);
}

/* run the FlinkSessionJob rules over text, with target (a YAML text or NULL) */
static void sessionjob(struct t *t, const char *text, const char *target)
{
	setup(t);
	t->rc = fc_rules_sessionjob(&t->ctx, parse(t, text), target ? parse(t, target) : NULL);
}

static void dump(const struct t *t)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		fprintf(stderr, "  %u:%u [%s] %s | %s\n", d->loc.line, d->loc.col, d->code,
		        d->path ? d->path : "-", d->msg);
}

/* the diagnostic with this code, path and line, or NULL */
static const struct fc_diag *find(const struct t *t, const char *code, const char *path,
                                  uint32_t line)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		if (strcmp(d->code, code) == 0 && d->path && strcmp(d->path, path) == 0 &&
		    d->loc.line == line && d->loc.file && strcmp(d->loc.file, "t.yaml") == 0)
			return d;
	return NULL;
}

/* the message of that diagnostic, or NULL */
static const char *msg_of(const struct t *t, const char *code, const char *path, uint32_t line)
{
	const struct fc_diag *d = find(t, code, path, line);
	return d ? d->msg : NULL;
}

static void check_has(int *failures, const struct t *t, const char *code, const char *path,
                      uint32_t line)
{
	FC_CHECK(find(t, code, path, line) != NULL);
	FC_CHECK(t->rc == FC_ERR);
	if (!find(t, code, path, line)) {
		fprintf(stderr, "  want %u [%s] %s; got:\n", line, code, path);
		dump(t);
	}
}

/* exactly one diagnostic: this one */
static void check_only(int *failures, const struct t *t, const char *code, const char *path,
                       uint32_t line)
{
	check_has(failures, t, code, path, line);
	FC_CHECK(t->ctx.nerrors == 1);
	if (t->ctx.nerrors != 1)
		dump(t);
}

static void check_none(int *failures, const struct t *t)
{
	FC_CHECK(t->ctx.nerrors == 0 && t->rc == 0);
	if (t->ctx.nerrors)
		dump(t);
}

static void expect(int *failures, const char *text, const char *code, const char *path,
                   uint32_t line)
{
	struct t t;

	deployment(&t, text);
	check_only(failures, &t, code, path, line);
	teardown(&t);
}

static void expect_msg(int *failures, const char *text, const char *code, const char *path,
                       uint32_t line, const char *msg)
{
	struct t t;
	const struct fc_diag *d;

	deployment(&t, text);
	check_only(failures, &t, code, path, line);
	if ((d = find(&t, code, path, line)))
		FC_CHECK_STR(d->msg, msg);
	teardown(&t);
}

static void expect_ok(int *failures, const char *text)
{
	struct t t;

	deployment(&t, text);
	check_none(failures, &t);
	teardown(&t);
}

/* A valid session cluster, lines 1-14; tests append spec fields from line 15. */
#define HEAD                                       \
	"apiVersion: flink.apache.org/v1beta1\n" /* 1 */ \
	"kind: FlinkDeployment\n"                /* 2 */ \
	"metadata:\n"                            /* 3 */ \
	"  name: basic-example\n"                /* 4 */ \
	"spec:\n"                                /* 5 */
#define JM                            \
	"  jobManager:\n"   /* 8 */       \
	"    resources:\n"  /* 9 */       \
	"      requests:\n" /* 10 */      \
	"        memory: 2048m\n" /* 11 */
#define TM                          \
	"  taskManager:\n" /* 12 */     \
	"    resource:\n"  /* 13 */     \
	"      memory: 2g\n" /* 14 */
#define SESSION HEAD "  flinkVersion: v2_2\n" /* 6 */ "  serviceAccount: flink\n" /* 7 */ JM TM
/* ... and an application cluster, lines 15-18 */
#define JOB                       \
	"  job:\n"                  /* 15 */ \
	"    jarURI: local:///x.jar\n" /* 16 */ \
	"    parallelism: 2\n"      /* 17 */ \
	"    upgradeMode: stateless\n" /* 18 */
#define APP SESSION JOB

/* a job of this upgrade mode, lines 15-17, then more job fields */
#define JOB_MODE(m) "  job:\n    parallelism: 2\n    upgradeMode: " m "\n"

static void test_rules__valid_basic_example(int *failures)
{
	/* upstream examples/basic.yaml */
	expect_ok(failures, "apiVersion: flink.apache.org/v1beta1\n"
	                    "kind: FlinkDeployment\n"
	                    "metadata:\n"
	                    "  name: basic-example\n"
	                    "spec:\n"
	                    "  image: flink:2.2\n"
	                    "  flinkVersion: v2_2\n"
	                    "  flinkConfiguration:\n"
	                    "    taskmanager.numberOfTaskSlots: 2\n"
	                    "  serviceAccount: flink\n"
	                    "  jobManager:\n"
	                    "    resources:\n"
	                    "      requests:\n"
	                    "        memory: \"2048m\"\n"
	                    "        cpu: \"1\"\n"
	                    "  taskManager:\n"
	                    "    resources:\n"
	                    "      requests:\n"
	                    "        memory: \"2048m\"\n"
	                    "        cpu: \"1\"\n"
	                    "  job:\n"
	                    "    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar\n"
	                    "    parallelism: 2\n"
	                    "    upgradeMode: stateless\n");
	expect_ok(failures, SESSION);
	expect_ok(failures, APP);
}

static void test_rules__valid_checkpoint_ha(int *failures)
{
	/* upstream basic-checkpoint-ha.yaml: nested config, savepoint mode, HA */
	expect_ok(failures, SESSION "  flinkConfiguration:\n"
	                            "    state:\n"
	                            "      savepoints.dir: file:///flink-data/savepoints\n"
	                            "      checkpoints.dir: file:///flink-data/checkpoints\n"
	                            "    high-availability:\n"
	                            "      type: kubernetes\n"
	                            "      storageDir: file:///flink-data/ha\n"
	                            "  job:\n"
	                            "    parallelism: 2\n"
	                            "    upgradeMode: savepoint\n"
	                            "    savepointTriggerNonce: 0\n");
}

static void test_rules__E0301_name(int *failures)
{
	expect_msg(failures,
	           "kind: FlinkDeployment\nmetadata:\n  name: Basic_Example\nspec:\n"
	           "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM TM,
	           "E0301", "metadata.name", 3,
	           "metadata.name: the FlinkDeployment name: Basic_Example is invalid, must consist "
	           "of lower case alphanumeric characters or '-', start with an alphabetic "
	           "character, and end with an alphanumeric character (e.g. 'my-name',  or "
	           "'abc-123'), and the length must be no more than 45 characters");
	expect(failures, "metadata:\n  name: a-\nspec:\n  flinkVersion: v2_2\n"
	                 "  serviceAccount: flink\n" JM TM,
	       "E0301", "metadata.name", 2);
	expect(failures, "metadata:\n  name: 1abc\nspec:\n  flinkVersion: v2_2\n"
	                 "  serviceAccount: flink\n" JM TM,
	       "E0301", "metadata.name", 2);
	/* 45 characters pass, 46 do not */
	expect_ok(failures, "metadata:\n  name: a2345678901234567890123456789012345678901234z\n"
	                    "spec:\n  flinkVersion: v2_2\n  serviceAccount: flink\n" JM TM);
	expect(failures, "metadata:\n  name: a23456789012345678901234567890123456789012345z\n"
	                 "spec:\n  flinkVersion: v2_2\n  serviceAccount: flink\n" JM TM,
	       "E0301", "metadata.name", 2);
}

static void test_rules__E0302_flink_version_missing(int *failures)
{
	/* reported at the key spec: (line 5), not at its first child */
	expect_msg(failures, HEAD "  serviceAccount: flink\n" JM TM, "E0302", "spec.flinkVersion", 5,
	           "spec.flinkVersion: flink Version must be defined");
	expect(failures, HEAD "  flinkVersion: null\n  serviceAccount: flink\n" JM TM, "E0302",
	       "spec.flinkVersion", 6);
}

static void test_rules__E0303_flink_version_unsupported(int *failures)
{
	expect_msg(failures, HEAD "  flinkVersion: v1_14\n  serviceAccount: flink\n" JM TM, "E0303",
	           "spec.flinkVersion", 6,
	           "spec.flinkVersion: flink version v1_14 is not supported by this operator "
	           "version; expected one of v1_15, v1_16, v1_17, v1_18, v1_19, v1_20, v2_0, v2_1, "
	           "v2_2, v2_3, v2_4");
	expect(failures, HEAD "  flinkVersion: v3_0\n  serviceAccount: flink\n" JM TM, "E0303",
	       "spec.flinkVersion", 6);
	expect_ok(failures, HEAD "  flinkVersion: v1_15\n  serviceAccount: flink\n" JM TM);
}

static void test_rules__E0304_forbidden_keys(int *failures)
{
	struct t t;

	deployment(&t, SESSION "  flinkConfiguration:\n"              /* 15 */
	                       "    kubernetes.namespace: other\n"    /* 16 */
	                       "    kubernetes:\n"                    /* 17 */
	                       "      cluster-id: x\n"                /* 18 */
	                       "    high-availability.cluster-id: y\n"); /* 19 */
	check_has(failures, &t, "E0304", "spec.flinkConfiguration.kubernetes.namespace", 16);
	check_has(failures, &t, "E0304", "spec.flinkConfiguration.kubernetes.cluster-id", 18);
	check_has(failures, &t, "E0304", "spec.flinkConfiguration.high-availability.cluster-id", 19);
	FC_CHECK(t.ctx.nerrors == 3);
	FC_CHECK_STR(msg_of(&t, "E0304", "spec.flinkConfiguration.kubernetes.namespace", 16),
	             "spec.flinkConfiguration.kubernetes.namespace: forbidden Flink config key: "
	             "kubernetes.namespace");
	teardown(&t);
}

static void test_rules__E0305_rollback_needs_ha(int *failures)
{
	expect_msg(failures, SESSION "  flinkConfiguration:\n"
	                             "    kubernetes.operator.deployment.rollback.enabled: true\n",
	           "E0305", "spec.flinkConfiguration.kubernetes.operator.deployment.rollback.enabled",
	           16,
	           "spec.flinkConfiguration.kubernetes.operator.deployment.rollback.enabled: HA must "
	           "be enabled for rollback support");
	/* high-availability (deprecated key) NONE or standalone is still no HA */
	expect(failures, SESSION "  flinkConfiguration:\n"
	                         "    high-availability: standalone\n"
	                         "    kubernetes.operator.deployment.rollback.enabled: \"TRUE\"\n",
	       "E0305", "spec.flinkConfiguration.kubernetes.operator.deployment.rollback.enabled", 17);
	expect_ok(failures, SESSION "  flinkConfiguration:\n"
	                            "    high-availability.type: kubernetes\n"
	                            "    kubernetes.operator.deployment.rollback.enabled: true\n");
	/* any other string is a factory class: active */
	expect_ok(failures, SESSION "  flinkConfiguration:\n"
	                            "    high-availability: org.example.MyHaFactory\n"
	                            "    kubernetes.operator.deployment.rollback.enabled: true\n");
}

static void test_rules__E0306_health_check_needs_recovery(int *failures)
{
	expect(failures, SESSION "  flinkConfiguration:\n"
	                         "    kubernetes.operator.cluster.health-check.enabled: true\n"
	                         "    kubernetes.operator.jm-deployment-recovery.enabled: false\n",
	       "E0306", "spec.flinkConfiguration.kubernetes.operator.jm-deployment-recovery.enabled",
	       17);
	expect_ok(failures, SESSION "  flinkConfiguration:\n"
	                            "    kubernetes.operator.cluster.health-check.enabled: true\n");
}

static void test_rules__E0307_ingress_template_missing(int *failures)
{
	/* at the key ingress: */
	expect_msg(failures, SESSION "  ingress:\n    className: nginx\n", "E0307",
	           "spec.ingress.template", 15,
	           "spec.ingress.template: ingress template must be defined");
	expect(failures, SESSION "  ingress:\n    template: null\n", "E0307", "spec.ingress.template",
	       16);
}

static void test_rules__E0308_ingress_template_malformed(int *failures)
{
	expect_msg(failures, SESSION "  ingress:\n    template: \"example.com:port\"\n", "E0308",
	           "spec.ingress.template", 16,
	           "spec.ingress.template: unable to process the Ingress template(example.com:port)"
	           ". Error: Error at index 0 in: \"port\"");
	/* placeholders are replaced case-insensitively before parsing */
	expect(failures, SESSION "  ingress:\n    template: \"example.com:{{NAME}}\"\n", "E0308",
	       "spec.ingress.template", 16);
	expect(failures, SESSION "  ingress:\n    template: \"https://[zz::1]/x\"\n", "E0308",
	       "spec.ingress.template", 16);
	expect_ok(failures, SESSION "  ingress:\n"
	                            "    template: \"{{name}}.{{namespace}}.flink.k8s.io\"\n");
	expect_ok(failures, SESSION "  ingress:\n"
	                            "    template: \"/{{namespace}}/{{name}}(/|$)(.*)\"\n"
	                            "    className: nginx\n");
	expect_ok(failures, SESSION "  ingress:\n    template: \"HTTPS://example.com:8443/x\"\n");
}

static void test_rules__E0309_log_config_key(int *failures)
{
	expect_msg(failures, SESSION "  logConfiguration:\n"
	                             "    log4j-console.properties: x\n"
	                             "    log4j.properties: y\n",
	           "E0309", "spec.logConfiguration.log4j.properties", 17,
	           "spec.logConfiguration.log4j.properties: invalid log config key: "
	           "log4j.properties. Allowed keys are [log4j-console.properties, "
	           "logback-console.xml]");
}

static void test_rules__E0310_checkpoint_dir(int *failures)
{
	/* no directory: at the upgradeMode that needs it, naming the missing key */
	expect_msg(failures, SESSION JOB_MODE("last-state"), "E0310", "spec.job.upgradeMode", 17,
	           "spec.job.upgradeMode: checkpoint "
	           "directory[execution.checkpointing.dir] must be defined for last-state and "
	           "savepoint upgrade modes; the configuration has no "
	           "spec.flinkConfiguration.execution.checkpointing.dir");
	/* a blank value: at it */
	expect(failures, SESSION "  flinkConfiguration:\n    state.checkpoints.dir: \" \"\n"
	                         JOB_MODE("last-state"),
	       "E0310", "spec.flinkConfiguration.state.checkpoints.dir", 16);
	/* the deprecated key counts */
	expect_ok(failures, SESSION "  flinkConfiguration:\n    state.checkpoints.dir: s3://c\n"
	                            JOB_MODE("last-state"));
	/* no last-state rule about HA */
	expect_ok(failures, SESSION "  flinkConfiguration:\n"
	                            "    execution.checkpointing.dir: s3://c\n" JOB_MODE("last-state"));
}

#define CKPT "  flinkConfiguration:\n    execution.checkpointing.dir: s3://c\n" /* 15-16 */

static void test_rules__E0311_savepoint_dir_for_savepoint_mode(int *failures)
{
	expect(failures, SESSION CKPT JOB_MODE("savepoint"), "E0311", "spec.job.upgradeMode", 19);
	expect_ok(failures, SESSION CKPT "    state.savepoints.dir: s3://s\n" JOB_MODE("savepoint"));
}

static void test_rules__E0312_savepoint_trigger_nonce(int *failures)
{
	expect_msg(failures, SESSION CKPT JOB_MODE("stateless") "    savepointTriggerNonce: 1\n",
	           "E0312", "spec.flinkConfiguration.execution.checkpointing.savepoint-dir", 20,
	           "spec.flinkConfiguration.execution.checkpointing.savepoint-dir: savepoint could "
	           "not be manually triggered for the running job while config "
	           "key[execution.checkpointing.savepoint-dir] is not set");
}

static void test_rules__E0313_periodic_savepoints(int *failures)
{
	expect(failures, SESSION CKPT "    kubernetes.operator.periodic.savepoint.interval: 1h\n"
	                 JOB_MODE("stateless"),
	       "E0313", "spec.flinkConfiguration.execution.checkpointing.savepoint-dir", 17);
}

static void test_rules__E0314_max_checkpoint_age(int *failures)
{
	expect(failures, SESSION "  flinkConfiguration:\n"
	                 "    kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age: "
	                 "10 min\n" JOB_MODE("stateless"),
	       "E0314", "spec.flinkConfiguration.execution.checkpointing.savepoint-dir", 16);
}

static void test_rules__E0315_tm_replicas_with_job(int *failures)
{
	/* with a job only 6f speaks, not 8c */
	expect_msg(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM
	                     "  taskManager:\n" /* 12 */
	                     "    replicas: 0\n" /* 13 */
	                     "    resource:\n      memory: 2g\n" JOB,
	           "E0315", "spec.taskManager.replicas", 13,
	           "spec.taskManager.replicas: taskManager replicas must be larger than 0");
	/* replicas set: parallelism is not needed */
	expect_ok(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM
	                    "  taskManager:\n    replicas: 2\n    resource:\n      memory: 2g\n"
	                    "  job:\n    jarURI: local:///x.jar\n");
}

static void test_rules__E0316_parallelism(int *failures)
{
	/* missing: at the key job: */
	expect_msg(failures, SESSION "  job:\n    jarURI: local:///x.jar\n", "E0316",
	           "spec.job.parallelism", 15,
	           "spec.job.parallelism: job parallelism must be larger than 0");
	expect(failures, SESSION "  job:\n    parallelism: 0\n", "E0316", "spec.job.parallelism", 16);
	/* a wrong type is the schema's business */
	expect_ok(failures, SESSION "  job:\n    parallelism: four\n");
}

static void test_rules__E0317_jm_memory_missing(int *failures)
{
	expect_msg(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                     "  jobManager:\n    replicas: 1\n" TM,
	           "E0317", "spec.jobManager.resources.requests.memory", 8,
	           "spec.jobManager.resources.requests.memory: jobManager resource memory must be "
	           "defined using `spec.jobManager.resource.memory` or "
	           "`spec.jobManager.resources.requests.memory`");
	/* no jobManager at all: at the key spec: */
	expect(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" TM, "E0317",
	       "spec.jobManager.resources.requests.memory", 5);
	/* Flink derives it from the configuration; limits alone also do */
	expect_ok(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                    "  flinkConfiguration:\n    jobmanager.memory.process.size: 1g\n" TM);
	expect_ok(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                    "  flinkConfiguration:\n    jobmanager.heap.size: 1g\n" TM);
	expect_ok(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                    "  jobManager:\n    resources:\n      limits:\n        memory: 1Gi\n" TM);
}

static void test_rules__E0318_jm_resource_memory(int *failures)
{
	expect_msg(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                     "  jobManager:\n    resource:\n      memory: abc\n" TM,
	           "E0318", "spec.jobManager.resource.memory", 10,
	           "spec.jobManager.resource.memory: jobManager resource memory parse error: invalid "
	           "memory size \"abc\"; expected a Flink memory size (\"2048m\", \"2g\") or a "
	           "Kubernetes quantity (\"2Gi\")");
	/* Flink units first, then a Kubernetes quantity */
	expect_ok(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                    "  jobManager:\n    resource:\n      memory: 2Gi\n" TM);
}

static void test_rules__E0319_jm_ephemeral_storage(int *failures)
{
	expect(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                 "  jobManager:\n    resource:\n      memory: 1g\n"
	                 "      ephemeralStorage: abc\n" TM,
	       "E0319", "spec.jobManager.resource.ephemeralStorage", 11);
}

#define JM_REQ(x) HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" \
	"  jobManager:\n    resources:\n" x TM /* x from line 10 */

static void test_rules__E0320_jm_requirements_memory_parse(int *failures)
{
	expect_msg(failures, JM_REQ("      requests:\n        memory: -2Gi\n"), "E0320",
	           "spec.jobManager.resources.requests.memory", 11,
	           "spec.jobManager.resources.requests.memory: jobManager resource requirements "
	           "requests memory parse error: invalid memory size \"-2Gi\"; expected a Flink "
	           "memory size (\"2048m\", \"2g\") or a Kubernetes quantity (\"2Gi\")");
}

static void test_rules__E0321_jm_requirements_memory_zero(int *failures)
{
	expect_msg(failures, JM_REQ("      limits:\n        memory: 0\n"), "E0321",
	           "spec.jobManager.resources.limits.memory", 11,
	           "spec.jobManager.resources.limits.memory: jobManager resource requirements "
	           "limits memory must be positive: 0");
}

static void test_rules__E0322_jm_requirements_cpu(int *failures)
{
	const char *m;
	struct t t;

	expect_msg(failures, JM_REQ("      requests:\n        memory: 1Gi\n        cpu: 0\n"), "E0322",
	           "spec.jobManager.resources.requests.cpu", 12,
	           "spec.jobManager.resources.requests.cpu: jobManager resource requirements "
	           "requests cpu must be positive: 0");
	deployment(&t, JM_REQ("      requests:\n        memory: 1Gi\n        cpu: lots\n"));
	check_only(failures, &t, "E0322", "spec.jobManager.resources.requests.cpu", 12);
	m = msg_of(&t, "E0322", "spec.jobManager.resources.requests.cpu", 12);
	FC_CHECK(m && strstr(m, "requests cpu parse error: invalid quantity \"lots\"") != NULL);
	teardown(&t);
	expect_ok(failures, JM_REQ("      requests:\n        memory: 1Gi\n        cpu: 500m\n"));
}

static void test_rules__E0323_jm_requirements_negative(int *failures)
{
	expect_msg(failures,
	           JM_REQ("      requests:\n        memory: 1Gi\n        ephemeral-storage: -1Gi\n"),
	           "E0323", "spec.jobManager.resources.requests.ephemeral-storage", 12,
	           "spec.jobManager.resources.requests.ephemeral-storage: jobManager resource "
	           "requirements requests ephemeral-storage must not be negative: -1Gi");
	expect_ok(failures,
	          JM_REQ("      requests:\n        memory: 1Gi\n        ephemeral-storage: 0\n"));
}

static void test_rules__E0324_jm_request_exceeds_limit(int *failures)
{
	struct t t;

	deployment(&t, JM_REQ("      requests:\n"     /* 10 */
	                      "        memory: 2Gi\n"  /* 11 */
	                      "        cpu: 2\n"       /* 12 */
	                      "      limits:\n"        /* 13 */
	                      "        memory: 1Gi\n"  /* 14 */
	                      "        cpu: 1.5\n"));  /* 15 */
	check_has(failures, &t, "E0324", "spec.jobManager.resources.requests.cpu", 12);
	check_has(failures, &t, "E0324", "spec.jobManager.resources.requests.memory", 11);
	FC_CHECK(t.ctx.nerrors == 2);
	FC_CHECK_STR(msg_of(&t, "E0324", "spec.jobManager.resources.requests.cpu", 12),
	             "spec.jobManager.resources.requests.cpu: jobManager resource requirements cpu "
	             "request (2) must not exceed its limit (1.5)");
	teardown(&t);
	expect_ok(failures, JM_REQ("      requests:\n        memory: 1Gi\n        cpu: 500m\n"
	                           "      limits:\n        memory: 1Gi\n        cpu: 1\n"));
}

static void test_rules__E0325_jm_replicas_zero(int *failures)
{
	expect_msg(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                     "  jobManager:\n    replicas: 0\n    resource:\n      memory: 1g\n" TM,
	           "E0325", "spec.jobManager.replicas", 9,
	           "spec.jobManager.replicas: jobManager replicas should not be configured less "
	           "than one");
}

static void test_rules__E0326_standby_needs_ha(int *failures)
{
	expect_msg(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                     "  jobManager:\n    replicas: 2\n    resource:\n      memory: 1g\n" TM,
	           "E0326", "spec.jobManager.replicas", 9,
	           "spec.jobManager.replicas: high availability should be enabled when starting "
	           "standby JobManagers");
	expect_ok(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n"
	                    "  flinkConfiguration:\n    high-availability:\n      type: kubernetes\n"
	                    "  jobManager:\n    replicas: 2\n    resource:\n      memory: 1g\n" TM);
}

static void test_rules__E0327_tm_memory_missing(int *failures)
{
	expect(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM
	                 "  taskManager:\n    replicas: 1\n",
	       "E0327", "spec.taskManager.resources.requests.memory", 12);
	/* task heap alone is not enough; with managed memory it is */
	expect(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM
	                 "  flinkConfiguration:\n    taskmanager.memory.task.heap.size: 1g\n",
	       "E0327", "spec.taskManager.resources.requests.memory", 5);
	expect_ok(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM
	                    "  flinkConfiguration:\n    taskmanager.memory.task.heap.size: 1g\n"
	                    "    taskmanager.memory.managed.size: 1g\n");
}

static void test_rules__E0328_tm_resources(int *failures)
{
	struct t t;

	deployment(&t, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM
	                    "  taskManager:\n"        /* 12 */
	                    "    resource:\n"         /* 13 */
	                    "      memory: abc\n"     /* 14 */
	                    "    resources:\n"        /* 15 */
	                    "      requests:\n"       /* 16 */
	                    "        memory: 1Gi\n"   /* 17 */
	                    "        cpu: -1\n");     /* 18 */
	check_has(failures, &t, "E0328", "spec.taskManager.resource.memory", 14);
	check_has(failures, &t, "E0328", "spec.taskManager.resources.requests.cpu", 18);
	FC_CHECK(t.ctx.nerrors == 2);
	FC_CHECK_STR(msg_of(&t, "E0328", "spec.taskManager.resources.requests.cpu", 18),
	             "spec.taskManager.resources.requests.cpu: taskManager resource requirements "
	             "requests cpu must be positive: -1");
	teardown(&t);
}

static void test_rules__E0329_session_tm_replicas(int *failures)
{
	expect_msg(failures, HEAD "  flinkVersion: v2_2\n  serviceAccount: flink\n" JM
	                     "  taskManager:\n    replicas: -1\n    resource:\n      memory: 2g\n",
	           "E0329", "spec.taskManager.replicas", 13,
	           "spec.taskManager.replicas: taskManager replicas should not be configured less "
	           "than one");
}

static void test_rules__E0330_service_account(int *failures)
{
	expect_msg(failures, HEAD "  flinkVersion: v2_2\n" JM TM, "E0330", "spec.serviceAccount", 5,
	           "spec.serviceAccount: spec.serviceAccount must be defined. If you use helm, its "
	           "value should be the same with the name of jobServiceAccount");
}

#define AUTOSCALER "  flinkConfiguration:\n    job.autoscaler.enabled: true\n" /* 15-16 */

static void test_rules__E0331_autoscaler_ranges(int *failures)
{
	struct t t;

	expect_msg(failures, SESSION AUTOSCALER "    job.autoscaler.utilization.target: 1.5\n",
	           "E0331", "spec.flinkConfiguration.job.autoscaler.utilization.target", 17,
	           "spec.flinkConfiguration.job.autoscaler.utilization.target: the AutoScalerOption "
	           "job.autoscaler.utilization.target is invalid, it should be a value within the "
	           "range [0.0, 1.0]");
	/* utilization.max lies in [target, 1], the default target 0.7 */
	expect_msg(failures, SESSION AUTOSCALER "    job.autoscaler.utilization.max: 0.5\n", "E0331",
	           "spec.flinkConfiguration.job.autoscaler.utilization.max", 17,
	           "spec.flinkConfiguration.job.autoscaler.utilization.max: the AutoScalerOption "
	           "job.autoscaler.utilization.max is invalid, it should be a value within the "
	           "range [0.7, 1.0]");
	expect_msg(failures, SESSION AUTOSCALER "    job.autoscaler.scale-down.max-factor: -1\n",
	           "E0331", "spec.flinkConfiguration.job.autoscaler.scale-down.max-factor", 17,
	           "spec.flinkConfiguration.job.autoscaler.scale-down.max-factor: the "
	           "AutoScalerOption job.autoscaler.scale-down.max-factor is invalid, it should be a "
	           "value within the range [0.0, +Infinity]");
	expect_msg(failures, SESSION AUTOSCALER "    job.autoscaler.memory.heap-usage.threshold: x\n",
	           "E0331", "spec.flinkConfiguration.job.autoscaler.memory.heap-usage.threshold", 17,
	           "spec.flinkConfiguration.job.autoscaler.memory.heap-usage.threshold: invalid "
	           "value in the autoscaler config job.autoscaler.memory.heap-usage.threshold");
	/* the old kubernetes.operator. prefix is a fallback key */
	expect(failures, SESSION AUTOSCALER
	       "    kubernetes.operator.job.autoscaler.utilization.min: 0.9\n",
	       "E0331", "spec.flinkConfiguration.kubernetes.operator.job.autoscaler.utilization.min",
	       17);
	/* checked only when their feature is enabled */
	expect_ok(failures, SESSION AUTOSCALER "    job.autoscaler.memory.tuning.overhead: 2\n");
	expect(failures, SESSION AUTOSCALER "    job.autoscaler.memory.tuning.overhead: 2\n"
	                 "    job.autoscaler.memory.tuning.enabled: true\n",
	       "E0331", "spec.flinkConfiguration.job.autoscaler.memory.tuning.overhead", 17);
	/* nothing without the autoscaler */
	expect_ok(failures, SESSION "  flinkConfiguration:\n"
	                            "    job.autoscaler.utilization.target: 7\n");
	/* all bad options are reported */
	deployment(&t, SESSION AUTOSCALER "    job.autoscaler.scale-up.max-factor: -1\n"
	                                  "    job.autoscaler.target.utilization.boundary: -1\n");
	FC_CHECK(t.ctx.nerrors == 2);
	teardown(&t);
}

static void test_rules__E0331_autoscaler_excluded_periods(int *failures)
{
	expect_ok(failures, SESSION AUTOSCALER
	          "    job.autoscaler.excluded.periods: \"* * 9-11,14-16 * * ?;"
	          "9:30:30-10:50:20 && * * * ? * 2,5;* * * ? * 2-6\"\n");
	expect_msg(failures, SESSION AUTOSCALER "    job.autoscaler.excluded.periods: \"9:00-8:00\"\n",
	           "E0331", "spec.flinkConfiguration.job.autoscaler.excluded.periods", 17,
	           "spec.flinkConfiguration.job.autoscaler.excluded.periods: invalid value "
	           "9:00-8:00 in the autoscaler config job.autoscaler.excluded.periods, the value "
	           "is neither a valid daily expression nor a valid cron expression");
	expect(failures, SESSION AUTOSCALER "    job.autoscaler.excluded.periods: \"* * 25 * * ?\"\n",
	       "E0331", "spec.flinkConfiguration.job.autoscaler.excluded.periods", 17);
	expect(failures, SESSION AUTOSCALER
	       "    job.autoscaler.excluded.periods: \"* * * ? * 2 && * * * ? * 3\"\n",
	       "E0331", "spec.flinkConfiguration.job.autoscaler.excluded.periods", 17);
}

static void test_rules__E0332_metric_window(int *failures)
{
	expect_msg(failures, SESSION AUTOSCALER "    job.autoscaler.metrics.window: 30 s\n", "E0332",
	           "spec.flinkConfiguration.job.autoscaler.metrics.window", 17,
	           "spec.flinkConfiguration.job.autoscaler.metrics.window: the autoscaler metric "
	           "window (job.autoscaler.metrics.window=PT30S) must not be smaller than the "
	           "operator reconcile interval (kubernetes.operator.reconcile.interval=PT1M), "
	           "otherwise fewer than two metric samples are retained and autoscaling is never "
	           "applied");
	/* the default window (15 min) against a long interval: at the interval */
	expect_msg(failures, SESSION AUTOSCALER "    kubernetes.operator.reconcile.interval: 90 min\n",
	           "E0332", "spec.flinkConfiguration.kubernetes.operator.reconcile.interval", 17,
	           "spec.flinkConfiguration.kubernetes.operator.reconcile.interval: the autoscaler "
	           "metric window (job.autoscaler.metrics.window=PT15M) must not be smaller than "
	           "the operator reconcile interval (kubernetes.operator.reconcile.interval=PT1H30M)"
	           ", otherwise fewer than two metric samples are retained and autoscaling is never "
	           "applied");
	expect_ok(failures, SESSION AUTOSCALER "    job.autoscaler.metrics.window: 1 min\n");
}

static void test_rules__canary_skips_everything(int *failures)
{
	struct t t;

	/* upstream examples/canary.yaml: no spec at all */
	deployment(&t, "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n"
	               "metadata:\n  name: canary\n  labels:\n"
	               "    \"flink.apache.org/canary\": \"true\"\n");
	check_none(failures, &t);
	FC_CHECK(fc_rules_is_canary(parse(&t, "metadata:\n  labels:\n"
	                                      "    flink.apache.org/canary: \"true\"\n")));
	FC_CHECK(!fc_rules_is_canary(parse(&t, "metadata:\n  labels:\n"
	                                       "    flink.apache.org/canary: \"false\"\n")));
	FC_CHECK(!fc_rules_is_canary(parse(&t, "metadata: {}\n")));
	FC_CHECK(!fc_rules_is_canary(NULL));
	teardown(&t);
	/* not a canary: the same document fails */
	deployment(&t, "metadata:\n  name: canary\n  labels:\n"
	               "    \"flink.apache.org/canary\": \"false\"\n");
	check_has(failures, &t, "E0302", "spec.flinkVersion", 1);
	check_has(failures, &t, "E0330", "spec.serviceAccount", 1);
	teardown(&t);
}

static void test_rules__several_defects_all_reported(int *failures)
{
	struct t t;

	deployment(&t, "metadata:\n"                                 /* 1 */
	               "  name: Bad_Name\n"                          /* 2 */
	               "spec:\n"                                     /* 3 */
	               "  flinkVersion: v1_13\n"                     /* 4 */
	               "  flinkConfiguration:\n"                     /* 5 */
	               "    kubernetes.cluster-id: x\n"              /* 6 */
	               "  logConfiguration:\n"                       /* 7 */
	               "    foo: bar\n"                              /* 8 */
	               "  jobManager:\n"                             /* 9 */
	               "    replicas: 0\n"                           /* 10 */
	               "  taskManager:\n"                            /* 11 */
	               "    resource:\n"                             /* 12 */
	               "      memory: 1q\n"                          /* 13 */
	               "  job:\n"                                    /* 14 */
	               "    upgradeMode: savepoint\n"                /* 15 */
	               "    parallelism: 0\n");                      /* 16 */
	check_has(failures, &t, "E0301", "metadata.name", 2);
	check_has(failures, &t, "E0303", "spec.flinkVersion", 4);
	check_has(failures, &t, "E0304", "spec.flinkConfiguration.kubernetes.cluster-id", 6);
	check_has(failures, &t, "E0309", "spec.logConfiguration.foo", 8);
	check_has(failures, &t, "E0310", "spec.job.upgradeMode", 15);
	check_has(failures, &t, "E0311", "spec.job.upgradeMode", 15);
	check_has(failures, &t, "E0316", "spec.job.parallelism", 16);
	check_has(failures, &t, "E0317", "spec.jobManager.resources.requests.memory", 9);
	check_has(failures, &t, "E0325", "spec.jobManager.replicas", 10);
	check_has(failures, &t, "E0328", "spec.taskManager.resource.memory", 13);
	check_has(failures, &t, "E0330", "spec.serviceAccount", 3);
	FC_CHECK(t.ctx.nerrors == 11);
	teardown(&t);
}

static void test_rules__wrong_shapes_do_not_crash(int *failures)
{
	static const char *const docs[] = {
		"just a string\n",
		"- a\n- b\n",
		"spec: 5\n",
		"metadata: 5\nspec: [1, 2]\n",
		"metadata:\n  name: 5\n  labels: x\nspec:\n  flinkVersion: 2\n  serviceAccount: [x]\n"
		"  flinkConfiguration: [a, b]\n  ingress: x\n  logConfiguration: [a]\n"
		"  jobManager: x\n  taskManager: [1]\n  job: x\n",
		"spec:\n  flinkVersion: v2_2\n  serviceAccount: f\n  ingress:\n    template: {a: 1}\n"
		"  jobManager:\n    replicas: two\n    resource: [1]\n    resources:\n"
		"      requests: [1]\n      limits:\n        memory: {a: b}\n        cpu: null\n"
		"  taskManager:\n    replicas: x\n    resource:\n      memory: [1]\n"
		"      ephemeralStorage: {}\n"
		"  job:\n    parallelism: null\n    upgradeMode: 5\n    savepointTriggerNonce: null\n",
		"spec:\n  flinkConfiguration:\n    job.autoscaler.enabled: true\n"
		"    job.autoscaler.excluded.periods: \"&&;&&&&;;a&&b&&c;&& * * * ? * 1\"\n"
		"    job.autoscaler.metrics.window: forever\n"
		"    job.autoscaler.utilization.target: nope\n"
		"    job.autoscaler.utilization.max: 2\n",
	};
	struct t t;
	size_t i;

	for (i = 0; i < countof(docs); i++) {
		deployment(&t, docs[i]);
		teardown(&t);
		sessionjob(&t, docs[i], docs[i]);
		teardown(&t);
	}
	setup(&t);
	FC_CHECK(fc_rules_deployment(&t.ctx, NULL, NULL) == 0);
	FC_CHECK(fc_rules_sessionjob(&t.ctx, NULL, NULL) == 0);
	teardown(&t);
}

/* ---- FlinkSessionJob ---- */

/* a valid session job, lines 1-9 */
#define SJ_HEAD                                         \
	"apiVersion: flink.apache.org/v1beta1\n" /* 1 */    \
	"kind: FlinkSessionJob\n"                /* 2 */    \
	"metadata:\n"                            /* 3 */    \
	"  name: basic-session-job-example\n"    /* 4 */    \
	"spec:\n"                                /* 5 */
#define SJ_DEPLOYMENT "  deploymentName: basic-session-cluster\n" /* 6 */
#define SJ_JOB(uri)                        \
	"  job:\n"              /* 7 */         \
	"    jarURI: " uri "\n" /* 8 */         \
	"    parallelism: 4\n"  /* 9 */
#define SJ_OK SJ_HEAD SJ_DEPLOYMENT SJ_JOB("https://repo1.maven.org/maven2/x/1.0/x-1.0.jar")

#define TARGET_HEAD "kind: FlinkDeployment\nmetadata:\n  name: basic-session-cluster\nspec:\n"

static void sj_expect(int *failures, const char *text, const char *target, const char *code,
                      const char *path, uint32_t line, const char *msg)
{
	struct t t;
	const struct fc_diag *d;

	sessionjob(&t, text, target);
	check_only(failures, &t, code, path, line);
	if (msg && (d = find(&t, code, path, line)))
		FC_CHECK_STR(d->msg, msg);
	teardown(&t);
}

static void sj_expect_ok(int *failures, const char *text, const char *target)
{
	struct t t;

	sessionjob(&t, text, target);
	check_none(failures, &t);
	teardown(&t);
}

/* the jarURI's one diagnostic, or none when code is NULL */
static void jar(int *failures, const char *uri, const char *code, const char *msg)
{
	char text[512];

	snprintf(text, sizeof(text), SJ_HEAD SJ_DEPLOYMENT SJ_JOB("\"%s\""), uri);
	if (code)
		sj_expect(failures, text, NULL, code, "spec.job.jarURI", 8, msg);
	else
		sj_expect_ok(failures, text, NULL);
}

static void test_rules__sessionjob_valid(int *failures)
{
	sj_expect_ok(failures, SJ_OK, NULL);
	sj_expect_ok(failures, SJ_OK, TARGET_HEAD "  flinkVersion: v2_2\n");
	/* upstream basic-session-job-only.yaml */
	sj_expect_ok(failures, "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\n"
	                       "metadata:\n  name: basic-session-job-only-example\nspec:\n"
	                       "  deploymentName: basic-session-deployment-only-example\n"
	                       "  job:\n    jarURI: https://repo1.maven.org/maven2/org/apache/flink/"
	                       "flink-examples-streaming_2.12/1.16.1/flink-examples-streaming_2.12-"
	                       "1.16.1-TopSpeedWindowing.jar\n    parallelism: 4\n"
	                       "    upgradeMode: stateless\n", NULL);
}

static void test_rules__E0341_deployment_name(int *failures)
{
	sj_expect(failures, SJ_HEAD "  deploymentName: Session_Cluster\n" SJ_JOB("https://h/x.jar"),
	          NULL, "E0341", "spec.deploymentName", 6,
	          "spec.deploymentName: the FlinkDeployment name: Session_Cluster is invalid, must "
	          "consist of lower case alphanumeric characters or '-', start with an alphabetic "
	          "character, and end with an alphanumeric character (e.g. 'my-name',  or "
	          "'abc-123'), and the length must be no more than 45 characters");
	/* missing: at the key spec: (line 5) */
	sj_expect(failures, SJ_HEAD SJ_JOB("https://h/x.jar"), NULL, "E0341", "spec.deploymentName", 5,
	          NULL);
}

static void test_rules__E0342_job_missing(int *failures)
{
	sj_expect(failures, SJ_HEAD SJ_DEPLOYMENT, NULL, "E0342", "spec.job", 5,
	          "spec.job: the job spec should not be empty");
}

static void test_rules__E0343_jar_uri_invalid(int *failures)
{
	jar(failures, "https://host/a b.jar", "E0343",
	    "spec.job.jarURI: jarURI is not a valid URI: Illegal character in path at index 14: "
	    "https://host/a b.jar");
	jar(failures, "https://host/a%zz.jar", "E0343",
	    "spec.job.jarURI: jarURI is not a valid URI: Malformed escape pair at index 14: "
	    "https://host/a%zz.jar");
	jar(failures, "1https://host/x.jar", "E0343",
	    "spec.job.jarURI: jarURI is not a valid URI: Illegal character in scheme name at "
	    "index 0: 1https://host/x.jar");
	jar(failures, "https://", "E0343",
	    "spec.job.jarURI: jarURI is not a valid URI: Expected authority at index 8: https://");
	jar(failures, "https:", "E0343", NULL);
	jar(failures, "https://h{x}/a.jar", "E0343", NULL);
}

static void test_rules__E0344_jar_uri_no_scheme(int *failures)
{
	jar(failures, "/opt/flink/x.jar", "E0344", "spec.job.jarURI: jarURI must include a scheme");
	jar(failures, "", "E0344", NULL);
}

static void test_rules__E0345_jar_uri_scheme_not_allowed(int *failures)
{
	jar(failures, "local:///opt/flink/x.jar", "E0345",
	    "spec.job.jarURI: jarURI scheme 'local' is not in the allowlist [https]. Configure "
	    "'kubernetes.operator.user.artifacts.allowed-schemes' (flinkConfiguration of the defaults "
	    "document) to extend the allowlist");
	jar(failures, "http://example.com/x.jar", "E0345", NULL);
	jar(failures, "HTTPS://example.com/x.jar", NULL, NULL);
}

static void test_rules__E0346_jar_uri_no_host(int *failures)
{
	jar(failures, "https:///x.jar", "E0346",
	    "spec.job.jarURI: jarURI must include a host for http/https schemes");
	jar(failures, "https://my_host/x.jar", "E0346", NULL); /* registry authority: no host */
	jar(failures, "https:x.jar", "E0346", NULL);
	jar(failures, "https://:443/x.jar", "E0346", NULL);
	jar(failures, "https://127.1/x.jar", "E0346", NULL); /* not a hostname to java.net.URI */
}

static void test_rules__E0347_jar_uri_restricted_host(int *failures)
{
	static const char *const bad[] = {
		"https://127.0.0.1/x.jar", "https://localhost:8443/x.jar", "https://LOCALHOST/x.jar",
		"https://[::1]/x.jar", "https://[::]/x.jar", "https://0.0.0.0/x.jar",
		"https://10.1.2.3/x.jar", "https://172.16.0.1/x.jar", "https://172.31.255.1/x.jar",
		"https://192.168.1.1/x.jar", "https://169.254.169.254/latest", "https://224.0.0.1/",
		"https://239.1.1.1/", "https://[fe80::1]/x.jar", "https://[ff02::1]/x.jar",
		"https://[::ffff:192.168.0.1]/x.jar", "https://2130706433/x.jar", "https://user@127.0.0.1:8443/x.jar",
	};
	static const char *const good[] = {
		"https://8.8.8.8/x.jar", "https://172.32.0.1/x.jar", "https://example.com/x.jar",
		"https://[2001:db8::1]/x.jar", "https://192.169.0.1/x.jar", "https://10.example.com/x",
	};
	size_t i;

	jar(failures, "https://127.0.0.1/x.jar", "E0347",
	    "spec.job.jarURI: jarURI host '127.0.0.1' resolves to a restricted address");
	jar(failures, "https://[::1]/x.jar", "E0347",
	    "spec.job.jarURI: jarURI host '[::1]' resolves to a restricted address");
	for (i = 0; i < countof(bad); i++)
		jar(failures, bad[i], "E0347", NULL);
	for (i = 0; i < countof(good); i++)
		jar(failures, good[i], NULL, NULL);
}

static void test_rules__E0348_target_is_application(int *failures)
{
	sj_expect(failures, SJ_OK, TARGET_HEAD "  job:\n    parallelism: 1\n", "E0348",
	          "spec.deploymentName", 6,
	          "spec.deploymentName: can not submit session job to application cluster");
}

static void test_rules__E0349_target_name(int *failures)
{
	sj_expect(failures, SJ_OK, "metadata:\n  name: other-cluster\nspec: {}\n", "E0349",
	          "spec.deploymentName", 6,
	          "spec.deploymentName: the session job's cluster id is not match with the session "
	          "cluster");
}

static void test_rules__E0350_job_rules_with_target(int *failures)
{
	struct t t;

	sj_expect(failures, SJ_HEAD SJ_DEPLOYMENT "  job:\n    jarURI: https://h/x.jar\n"
	                                          "    parallelism: 0\n",
	          TARGET_HEAD "  flinkVersion: v2_2\n", "E0350", "spec.job.parallelism", 9,
	          "spec.job.parallelism: job parallelism must be larger than 0");
	/* without the target, rules 5-8 do not run */
	sj_expect_ok(failures, SJ_HEAD SJ_DEPLOYMENT "  job:\n    jarURI: https://h/x.jar\n"
	                                             "    parallelism: 0\n", NULL);
	/* E = defaults, then the cluster's configuration, then the job's */
	sj_expect_ok(failures, SJ_OK "    upgradeMode: savepoint\n"
	                             "  flinkConfiguration:\n    state.savepoints.dir: s3://s\n",
	             TARGET_HEAD "  flinkConfiguration:\n    state.checkpoints.dir: s3://c\n");
	sessionjob(&t, SJ_OK "    upgradeMode: last-state\n", TARGET_HEAD "  flinkVersion: v2_2\n");
	/* no directory anywhere: at the job's upgradeMode (line 10) */
	check_only(failures, &t, "E0350", "spec.job.upgradeMode", 10);
	teardown(&t);
	/* a blank value in the target is located there (the target's line 6) */
	sessionjob(&t, SJ_OK "    upgradeMode: last-state\n",
	           TARGET_HEAD "  flinkConfiguration:\n    execution.checkpointing.dir: \"\"\n");
	check_only(failures, &t, "E0350", "spec.flinkConfiguration.execution.checkpointing.dir", 6);
	teardown(&t);
}

static void test_rules__E0351_autoscaler_with_target(int *failures)
{
	sj_expect(failures, SJ_OK "  flinkConfiguration:\n"               /* 10 */
	                          "    job.autoscaler.scale-up.max-factor: -2\n", /* 11 */
	          TARGET_HEAD "  flinkConfiguration:\n    job.autoscaler.enabled: \"true\"\n",
	          "E0351", "spec.flinkConfiguration.job.autoscaler.scale-up.max-factor", 11, NULL);
	sj_expect(failures, SJ_OK "  flinkConfiguration:\n"
	                          "    job.autoscaler.enabled: true\n"
	                          "    job.autoscaler.metrics.window: 10 s\n",
	          TARGET_HEAD "  flinkVersion: v2_2\n", "E0351",
	          "spec.flinkConfiguration.job.autoscaler.metrics.window", 12, NULL);
}

static void test_rules__sessionjob_several_defects(int *failures)
{
	struct t t;

	sessionjob(&t, SJ_HEAD "  deploymentName: -bad\n"          /* 6 */
	               "  job:\n    jarURI: http://127.0.0.1/x.jar\n" /* 7-8 */
	               "    parallelism: 0\n",                      /* 9 */
	           "metadata:\n  name: other\nspec:\n  job: {parallelism: 1}\n");
	check_has(failures, &t, "E0341", "spec.deploymentName", 6);
	check_has(failures, &t, "E0345", "spec.job.jarURI", 8);
	check_has(failures, &t, "E0347", "spec.job.jarURI", 8);
	check_has(failures, &t, "E0348", "spec.deploymentName", 6);
	check_has(failures, &t, "E0349", "spec.deploymentName", 6);
	check_has(failures, &t, "E0350", "spec.job.parallelism", 9);
	FC_CHECK(t.ctx.nerrors == 6);
	teardown(&t);
	/* a canary session job is exempt too */
	sj_expect_ok(failures, "metadata:\n  labels:\n    flink.apache.org/canary: \"true\"\n", NULL);
}

const struct fc_test fc_rules_tests[] = {
	{ "test_rules__valid_basic_example", test_rules__valid_basic_example },
	{ "test_rules__valid_checkpoint_ha", test_rules__valid_checkpoint_ha },
	{ "test_rules__E0301_name", test_rules__E0301_name },
	{ "test_rules__E0302_flink_version_missing", test_rules__E0302_flink_version_missing },
	{ "test_rules__E0303_flink_version_unsupported", test_rules__E0303_flink_version_unsupported },
	{ "test_rules__E0304_forbidden_keys", test_rules__E0304_forbidden_keys },
	{ "test_rules__E0305_rollback_needs_ha", test_rules__E0305_rollback_needs_ha },
	{ "test_rules__E0306_health_check_needs_recovery",
	  test_rules__E0306_health_check_needs_recovery },
	{ "test_rules__E0307_ingress_template_missing", test_rules__E0307_ingress_template_missing },
	{ "test_rules__E0308_ingress_template_malformed",
	  test_rules__E0308_ingress_template_malformed },
	{ "test_rules__E0309_log_config_key", test_rules__E0309_log_config_key },
	{ "test_rules__E0310_checkpoint_dir", test_rules__E0310_checkpoint_dir },
	{ "test_rules__E0311_savepoint_dir_for_savepoint_mode",
	  test_rules__E0311_savepoint_dir_for_savepoint_mode },
	{ "test_rules__E0312_savepoint_trigger_nonce", test_rules__E0312_savepoint_trigger_nonce },
	{ "test_rules__E0313_periodic_savepoints", test_rules__E0313_periodic_savepoints },
	{ "test_rules__E0314_max_checkpoint_age", test_rules__E0314_max_checkpoint_age },
	{ "test_rules__E0315_tm_replicas_with_job", test_rules__E0315_tm_replicas_with_job },
	{ "test_rules__E0316_parallelism", test_rules__E0316_parallelism },
	{ "test_rules__E0317_jm_memory_missing", test_rules__E0317_jm_memory_missing },
	{ "test_rules__E0318_jm_resource_memory", test_rules__E0318_jm_resource_memory },
	{ "test_rules__E0319_jm_ephemeral_storage", test_rules__E0319_jm_ephemeral_storage },
	{ "test_rules__E0320_jm_requirements_memory_parse",
	  test_rules__E0320_jm_requirements_memory_parse },
	{ "test_rules__E0321_jm_requirements_memory_zero",
	  test_rules__E0321_jm_requirements_memory_zero },
	{ "test_rules__E0322_jm_requirements_cpu", test_rules__E0322_jm_requirements_cpu },
	{ "test_rules__E0323_jm_requirements_negative", test_rules__E0323_jm_requirements_negative },
	{ "test_rules__E0324_jm_request_exceeds_limit", test_rules__E0324_jm_request_exceeds_limit },
	{ "test_rules__E0325_jm_replicas_zero", test_rules__E0325_jm_replicas_zero },
	{ "test_rules__E0326_standby_needs_ha", test_rules__E0326_standby_needs_ha },
	{ "test_rules__E0327_tm_memory_missing", test_rules__E0327_tm_memory_missing },
	{ "test_rules__E0328_tm_resources", test_rules__E0328_tm_resources },
	{ "test_rules__E0329_session_tm_replicas", test_rules__E0329_session_tm_replicas },
	{ "test_rules__E0330_service_account", test_rules__E0330_service_account },
	{ "test_rules__E0331_autoscaler_ranges", test_rules__E0331_autoscaler_ranges },
	{ "test_rules__E0331_autoscaler_excluded_periods",
	  test_rules__E0331_autoscaler_excluded_periods },
	{ "test_rules__E0332_metric_window", test_rules__E0332_metric_window },
	{ "test_rules__canary_skips_everything", test_rules__canary_skips_everything },
	{ "test_rules__several_defects_all_reported", test_rules__several_defects_all_reported },
	{ "test_rules__wrong_shapes_do_not_crash", test_rules__wrong_shapes_do_not_crash },
	{ "test_rules__sessionjob_valid", test_rules__sessionjob_valid },
	{ "test_rules__E0341_deployment_name", test_rules__E0341_deployment_name },
	{ "test_rules__E0342_job_missing", test_rules__E0342_job_missing },
	{ "test_rules__E0343_jar_uri_invalid", test_rules__E0343_jar_uri_invalid },
	{ "test_rules__E0344_jar_uri_no_scheme", test_rules__E0344_jar_uri_no_scheme },
	{ "test_rules__E0345_jar_uri_scheme_not_allowed",
	  test_rules__E0345_jar_uri_scheme_not_allowed },
	{ "test_rules__E0346_jar_uri_no_host", test_rules__E0346_jar_uri_no_host },
	{ "test_rules__E0347_jar_uri_restricted_host", test_rules__E0347_jar_uri_restricted_host },
	{ "test_rules__E0348_target_is_application", test_rules__E0348_target_is_application },
	{ "test_rules__E0349_target_name", test_rules__E0349_target_name },
	{ "test_rules__E0350_job_rules_with_target", test_rules__E0350_job_rules_with_target },
	{ "test_rules__E0351_autoscaler_with_target", test_rules__E0351_autoscaler_with_target },
	{ "test_rules__sessionjob_several_defects", test_rules__sessionjob_several_defects },
	{ NULL, NULL },
};
