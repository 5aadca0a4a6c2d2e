/* SPDX-License-Identifier: Apache-2.0 */
/* plan_test.c - unit tests for plan.c: a pod's effective resources under
 * Kubernetes' rule (init containers, sidecars, requests from limits,
 * overhead) and quantities too large to count in thousandths. */
#include "plan.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "node.h"
#include "test.h"
#include "yaml.h"

/* the effective figures of the pod spec in text: "cpuReq cpuLim memReq memLim" in millis and bytes */
static void effective(char *out, size_t n, const char *text, size_t *ncontainers)
{
	struct fc_options opts;
	struct fc_ctx ctx;
	struct fc_plan *p = fc_plan_new();
	struct fc_plan_container *cs = NULL;
	struct fc_plan_res r;
	struct fc_node *spec;

	memset(&opts, 0, sizeof(opts));
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = fc_arena_new();
	ctx.opts = &opts;
	ctx.sources_tail = &ctx.sources;
	spec = fc_yaml_parse_string(&ctx, ctx.arena, "pod.yaml", text, strlen(text));
	*ncontainers = 0;
	r = fc_plan_pod_resources(p, spec, &cs, ncontainers);
	snprintf(out, n, "%lld %lld %lld %lld", (long long)r.v[FC_PLAN_CPU_REQ], (long long)r.v[FC_PLAN_CPU_LIM],
	         (long long)r.v[FC_PLAN_MEM_REQ], (long long)r.v[FC_PLAN_MEM_LIM]);
	fc_plan_free(p);
	fc_arena_free(ctx.arena);
}

#define CHECK_POD(text, want, nwant)                          \
	do {                                                  \
		char got_[128];                               \
		size_t n_;                                    \
		effective(got_, sizeof(got_), text, &n_);     \
		FC_CHECK_STR(got_, want);                     \
		FC_CHECK(n_ == (nwant));                      \
	} while (0)

static void test_plan__containers_add_up(int *failures)
{
	CHECK_POD("containers:\n"
	          "- {name: a, resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: '1', memory: 2Gi}}}\n"
	          "- {name: b, resources: {requests: {cpu: '1.5', memory: 512Mi}}}\n",
	          "2000 1000 1610612736 2147483648", 2);
	/* no resources at all: zero, not an error */
	CHECK_POD("containers: [{name: a}]\n", "0 0 0 0", 1);
	CHECK_POD("{}\n", "0 0 0 0", 0);
}

static void test_plan__requests_default_to_limits(int *failures)
{
	CHECK_POD("containers: [{name: a, resources: {limits: {cpu: 250m, memory: 128Mi}}}]\n",
	          "250 250 134217728 134217728", 1);
	/* a request given keeps its own value */
	CHECK_POD("containers: [{name: a, resources: {requests: {cpu: 100m}, limits: {cpu: 250m}}}]\n",
	          "100 250 0 0", 1);
}

static void test_plan__init_containers_take_the_max(int *failures)
{
	/* max(max(init), sum(containers)) per figure */
	CHECK_POD("initContainers: [{name: i, resources: {requests: {cpu: '3', memory: 64Mi}}}]\n"
	          "containers: [{name: a, resources: {requests: {cpu: '1', memory: 1Gi}}},"
	          " {name: b, resources: {requests: {cpu: '1', memory: 1Gi}}}]\n",
	          "3000 0 2147483648 0", 3);
}

static void test_plan__sidecars_run_alongside(int *failures)
{
	/* sidecar (restartPolicy: Always) adds to the containers and to the init
	 * containers that start after it, not to those before it */
	CHECK_POD("initContainers:\n"
	          "- {name: early, resources: {requests: {cpu: '2'}}}\n"
	          "- {name: proxy, restartPolicy: Always, resources: {requests: {cpu: 500m}}}\n"
	          "- {name: late, resources: {requests: {cpu: '2'}}}\n"
	          "containers: [{name: main, resources: {requests: {cpu: '1'}}}]\n",
	          "2500 0 0 0", 4);
	CHECK_POD("initContainers: [{name: proxy, restartPolicy: Always, resources: {requests: {cpu: 500m}}}]\n"
	          "containers: [{name: main, resources: {requests: {cpu: '4'}}}]\n",
	          "4500 0 0 0", 2);
}

static void test_plan__overhead(int *failures)
{
	CHECK_POD("overhead: {cpu: 250m, memory: 120Mi}\n"
	          "containers: [{name: a, resources: {requests: {cpu: '1', memory: 1Gi}, limits: {cpu: '1', memory: 1Gi}}}]\n",
	          "1250 1250 1199570944 1199570944", 1);
}

static void test_plan__big_quantities_saturate(int *failures)
{
	/* the operator's limit factor of "1024m" (millibytes) to "8Gi" */
	CHECK_POD("containers: [{name: a, resources: {limits: {memory: 8589934592000Mi}}}]\n",
	          "0 0 9007199254740992000 9007199254740992000", 1);
	CHECK_POD("containers: [{name: a, resources: {limits: {memory: 9000000000000Ei}}},"
	          " {name: b, resources: {limits: {memory: 1Gi}}}]\n",
	          "0 0 9223372036854775807 9223372036854775807", 2);
	/* fractional bytes round up, as the API server does */
	CHECK_POD("containers: [{name: a, resources: {requests: {memory: 1500m}}}]\n", "0 0 2 0", 1);
}

const struct fc_test fc_plan_tests[] = {
	{ "plan: containers add up", test_plan__containers_add_up },
	{ "plan: requests default to limits", test_plan__requests_default_to_limits },
	{ "plan: init containers take the max", test_plan__init_containers_take_the_max },
	{ "plan: sidecars run alongside", test_plan__sidecars_run_alongside },
	{ "plan: RuntimeClass overhead", test_plan__overhead },
	{ "plan: big quantities saturate", test_plan__big_quantities_saturate },
	{ NULL, NULL },
};
