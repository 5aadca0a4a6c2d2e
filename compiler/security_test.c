/* SPDX-License-Identifier: Apache-2.0 */
/* security_test.c - unit tests for security.c: what is added to an empty
 * pod, that the user's keys win (a null counts as unset), the root and
 * privileged exceptions, the switch, and the TaskManager template created
 * in native mode only.  Inputs and expectations are inline YAML.
 */
#include "security.h"

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

static void setup(struct t *t, unsigned features)
{
	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
	t->job.features = features;
	t->job.mode = FC_MODE_NATIVE;
	fc_conf_init(&t->job.conf, t->ctx.arena);
}

static void teardown(struct t *t) { fc_arena_free(t->ctx.arena); }

static struct fc_node *parse(struct t *t, const char *text)
{
	return fc_yaml_parse_string(&t->ctx, t->ctx.arena, "t.yaml", text, strlen(text));
}

/* apply to the pod spec `pod` (YAML; its containers[0] is the main one) and compare */
static bool applies(unsigned features, const char *pod, const char *want)
{
	struct t t;
	struct fc_node *p, *w;
	bool ok;

	setup(&t, features);
	p = parse(&t, pod);
	w = parse(&t, want);
	fc_security_apply_pod(t.ctx.arena, &t.job, p, fc_node_get(p, "containers")->items[0]);
	ok = p && w && fc_node_equal(p, w);
	teardown(&t);
	return ok;
}

#define DEFAULT_POD                                                                       \
	"securityContext: {runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, "       \
	"fsGroup: 9999, seccompProfile: {type: RuntimeDefault}}\n"
#define DEFAULT_MAIN                                                                      \
	"securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, " \
	"runAsNonRoot: true}"

static void test_security__defaults(int *failures)
{
	FC_CHECK(applies(FC_FEATURE_SECURITY, "containers: [{name: flink-main-container}]\n",
	                 DEFAULT_POD "containers: [{name: flink-main-container, " DEFAULT_MAIN "}]\n"));
}

static void test_security__off(int *failures)
{
	FC_CHECK(applies(0, "containers: [{name: flink-main-container}]\n",
	                 "containers: [{name: flink-main-container}]\n"));
}

static void test_security__user_wins(int *failures)
{
	FC_CHECK(applies(FC_FEATURE_SECURITY,
	                 "securityContext: {runAsUser: 1000, fsGroup: null, seccompProfile: {type: Unconfined}}\n"
	                 "containers:\n"
	                 "- name: flink-main-container\n"
	                 "  securityContext: {capabilities: {add: [NET_ADMIN]}, allowPrivilegeEscalation: true}\n",
	                 /* the user chose the uid: no group or fsGroup 9999 beside it */
	                 "securityContext: {runAsNonRoot: true, runAsUser: 1000, fsGroup: null, "
	                 "seccompProfile: {type: Unconfined}}\n"
	                 "containers:\n"
	                 "- name: flink-main-container\n"
	                 "  securityContext: {capabilities: {add: [NET_ADMIN], drop: [ALL]}, "
	                 "allowPrivilegeEscalation: true, runAsNonRoot: true}\n"));
	/* the user's drop list is kept as it is */
	FC_CHECK(applies(FC_FEATURE_SECURITY,
	                 "containers: [{name: m, securityContext: {capabilities: {drop: [NET_RAW]}}}]\n",
	                 DEFAULT_POD "containers: [{name: m, securityContext: {allowPrivilegeEscalation: false, "
	                 "capabilities: {drop: [NET_RAW]}, runAsNonRoot: true}}]\n"));
}

static void test_security__root(int *failures)
{
	/* root on the pod: no runAsNonRoot, no dropped capabilities */
	FC_CHECK(applies(FC_FEATURE_SECURITY, "securityContext: {runAsUser: 0}\ncontainers: [{name: m}]\n",
	                 "securityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: m, securityContext: {allowPrivilegeEscalation: false}}]\n"));
	/* the container's own non-root user beats a root pod; the pod level stays without runAsNonRoot */
	FC_CHECK(applies(FC_FEATURE_SECURITY,
	                 "securityContext: {runAsUser: 0}\ncontainers: [{name: m, securityContext: {runAsUser: 5}}]\n",
	                 "securityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: m, securityContext: {runAsUser: 5, allowPrivilegeEscalation: false, "
	                 "capabilities: {drop: [ALL]}, runAsNonRoot: true}}]\n"));
}

/* a sidecar or init container that runs as root keeps runAsNonRoot off the pod level */
static void test_security__root_sidecar(int *failures)
{
	FC_CHECK(applies(FC_FEATURE_SECURITY,
	                 "containers: [{name: m}, {name: s, securityContext: {runAsUser: 0}}]\n",
	                 "securityContext: {runAsUser: 9999, runAsGroup: 9999, fsGroup: 9999, "
	                 "seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: m, " DEFAULT_MAIN "}, {name: s, securityContext: {runAsUser: 0}}]\n"));
	FC_CHECK(applies(FC_FEATURE_SECURITY,
	                 "initContainers: [{name: i, securityContext: {runAsUser: 0}}]\ncontainers: [{name: m}]\n",
	                 "securityContext: {runAsUser: 9999, runAsGroup: 9999, fsGroup: 9999, "
	                 "seccompProfile: {type: RuntimeDefault}}\n"
	                 "initContainers: [{name: i, securityContext: {runAsUser: 0}}]\n"
	                 "containers: [{name: m, " DEFAULT_MAIN "}]\n"));
}

static void test_security__privileged_and_pod_nonroot_off(int *failures)
{
	FC_CHECK(applies(FC_FEATURE_SECURITY,
	                 "containers: [{name: m, securityContext: {privileged: true}}]\n",
	                 DEFAULT_POD "containers: [{name: m, securityContext: {privileged: true, runAsNonRoot: true}}]\n"));
	FC_CHECK(applies(FC_FEATURE_SECURITY, "securityContext: {runAsNonRoot: false}\ncontainers: [{name: m}]\n",
	                 "securityContext: {runAsNonRoot: false, runAsUser: 9999, runAsGroup: 9999, "
	                 "fsGroup: 9999, seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: m, securityContext: {allowPrivilegeEscalation: false, "
	                 "capabilities: {drop: [ALL]}}}]\n"));
}

static void test_security__taskmanager_template(int *failures)
{
	struct t t;
	struct fc_node *want, *spec;

	/* none: created, and the configuration points at it */
	setup(&t, FC_FEATURE_SECURITY);
	fc_security_lower_taskmanager(t.ctx.arena, &t.job);
	want = parse(&t, "apiVersion: v1\nkind: Pod\nspec:\n  " DEFAULT_POD
	                 "  containers: [{name: flink-main-container, " DEFAULT_MAIN "}]\n");
	FC_CHECK(t.job.tm_template_file && fc_node_equal(t.job.tm_template_file, want));
	FC_CHECK_STR(fc_conf_get(&t.job.conf, "kubernetes.pod-template-file.taskmanager"),
	             "/opt/flink/pod-template/taskmanager-pod-template.yaml");
	teardown(&t);

	/* an existing one: its spec is changed in a copy, the merged template is untouched */
	setup(&t, FC_FEATURE_SECURITY);
	t.job.tm.template_ = parse(&t, "spec: {containers: [{name: sidecar}]}\n");
	spec = fc_node_get(t.job.tm.template_, "spec");
	t.job.tm_template_file = parse(&t, "apiVersion: v1\nkind: Pod\n");
	fc_node_set(t.ctx.arena, t.job.tm_template_file, "spec", spec);
	fc_security_lower_taskmanager(t.ctx.arena, &t.job);
	FC_CHECK(fc_node_get(spec, "securityContext") == NULL);
	FC_CHECK(fc_node_path(t.job.tm_template_file, "spec.securityContext") != NULL);
	FC_CHECK(fc_node_path(t.job.tm_template_file, "spec.containers")->n == 2);
	FC_CHECK(fc_conf_get(&t.job.conf, "kubernetes.pod-template-file.taskmanager") == NULL);
	teardown(&t);

	/* standalone mode and the switch off: nothing */
	setup(&t, FC_FEATURE_SECURITY);
	t.job.mode = FC_MODE_STANDALONE;
	fc_security_lower_taskmanager(t.ctx.arena, &t.job);
	FC_CHECK(t.job.tm_template_file == NULL);
	teardown(&t);
	setup(&t, 0);
	fc_security_lower_taskmanager(t.ctx.arena, &t.job);
	FC_CHECK(t.job.tm_template_file == NULL && t.job.conf.n == 0);
	teardown(&t);
}

/* issue 8 item 7: ids left to the platform; the user's own ids are one choice */
static void test_security__platform_ids(int *failures)
{
	FC_CHECK(applies(FC_FEATURE_SECURITY | FC_FEATURE_PLATFORM_IDS, "containers: [{name: flink-main-container}]\n",
	                 "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: flink-main-container, " DEFAULT_MAIN "}]\n"));
	/* the user's ids stay, nothing is added beside them */
	FC_CHECK(applies(FC_FEATURE_SECURITY | FC_FEATURE_PLATFORM_IDS,
	                 "securityContext: {fsGroup: 1000680000}\ncontainers: [{name: m}]\n",
	                 "securityContext: {fsGroup: 1000680000, runAsNonRoot: true, "
	                 "seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: m, " DEFAULT_MAIN "}]\n"));
	/* without the platform: a group alone is the user's choice, and with no
	 * uid known runAsNonRoot would stop an image whose USER is root or a name */
	FC_CHECK(applies(FC_FEATURE_SECURITY, "securityContext: {runAsGroup: 3000}\ncontainers: [{name: m}]\n",
	                 "securityContext: {runAsGroup: 3000, seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: m, securityContext: {allowPrivilegeEscalation: false, "
	                 "capabilities: {drop: [ALL]}}}]\n"));
	/* a uid on the main container is the user's choice too */
	FC_CHECK(applies(FC_FEATURE_SECURITY, "containers: [{name: m, securityContext: {runAsUser: 1001}}]\n",
	                 "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
	                 "containers: [{name: m, securityContext: {runAsUser: 1001, allowPrivilegeEscalation: false, "
	                 "capabilities: {drop: [ALL]}, runAsNonRoot: true}}]\n"));
}

const struct fc_test fc_security_tests[] = {
	{ "security__defaults", test_security__defaults },
	{ "security__off", test_security__off },
	{ "security__user_wins", test_security__user_wins },
	{ "security__root", test_security__root },
	{ "security__root_sidecar", test_security__root_sidecar },
	{ "security__privileged_and_pod_nonroot_off", test_security__privileged_and_pod_nonroot_off },
	{ "security__taskmanager_template", test_security__taskmanager_template },
	{ "security__platform_ids", test_security__platform_ids },
	{ NULL, NULL },
};
