/* SPDX-License-Identifier: Apache-2.0 */
/* drift_test.c - unit tests for the field comparison of drift.c: which
 * differences count, and how their paths are spelled. */
#include "drift.h"

#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "node.h"
#include "test.h"
#include "yaml.h"

/* the differences of live from want, as "path: detail" lines (caller frees) */
static char *differences(const char *want, const char *live)
{
	struct fc_options opts;
	struct fc_ctx ctx;
	struct fc_drift_diffs d = { NULL, 0, 0 };
	struct fc_buf b = FC_BUF_INIT;
	struct fc_node *w, *l;
	size_t i;
	char *s;

	memset(&opts, 0, sizeof(opts));
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = fc_arena_new();
	ctx.opts = &opts;
	ctx.sources_tail = &ctx.sources;
	w = fc_yaml_parse_string(&ctx, ctx.arena, "want.yaml", want, strlen(want));
	l = fc_yaml_parse_string(&ctx, ctx.arena, "live.yaml", live, strlen(live));
	if (w && l)
		fc_drift_compare(&d, ctx.arena, w, l);
	for (i = 0; i < d.n; i++)
		fc_buf_printf(&b, "%s: %s\n", d.v[i].path, d.v[i].detail);
	s = fc_xstrdup(b.ptr ? b.ptr : (w && l ? "" : "parse error"));
	fc_buf_fini(&b);
	fc_arena_free(ctx.arena);
	return s;
}

#define CHECK_DIFF(want, live, expect)                      \
	do {                                                \
		char *got_ = differences((want), (live));   \
		FC_CHECK_STR(got_, (expect));               \
		fc_xfree(got_);                             \
	} while (0)

static void test_drift__only_rendered_fields(int *failures)
{
	/* server defaults, status and metadata the server adds are not drift */
	CHECK_DIFF("metadata: {name: a, labels: {x: y}}\nspec: {replicas: 1}\n",
	           "metadata: {name: a, uid: u, resourceVersion: '5', labels: {x: y, extra: z}}\n"
	           "spec: {replicas: 1, revisionHistoryLimit: 10}\nstatus: {replicas: 1}\n",
	           "");
	CHECK_DIFF("spec: {replicas: 1}\n", "spec: {replicas: 3}\n", "spec.replicas: rendered 1, live 3\n");
	CHECK_DIFF("spec: {replicas: 1}\n", "spec: {}\n", "spec.replicas: not in the live object\n");
	CHECK_DIFF("spec: {replicas: 1}\n", "{}\n", "spec: not in the live object\n");
	/* the content hash decides out-of-date, it is no field difference */
	CHECK_DIFF("metadata: {annotations: {flinkc.io/content-hash: aaaa, b: c}}\n",
	           "metadata: {annotations: {flinkc.io/content-hash: bbbb, b: d}}\n",
	           "metadata.annotations.b: rendered c, live d\n");
}

static void test_drift__paths(int *failures)
{
	/* keys that are not plain words are quoted in brackets */
	CHECK_DIFF("metadata: {labels: {app.kubernetes.io/name: x}}\n",
	           "metadata: {labels: {app.kubernetes.io/name: z}}\n",
	           "metadata.labels[\"app.kubernetes.io/name\"]: rendered x, live z\n");
	CHECK_DIFF("data: {config.yaml: \"a: 1\\n\"}\n", "data: {config.yaml: \"a: 2\\n\"}\n",
	           "data[\"config.yaml\"]: changed\n");
	/* lists of named items by name, order ignored */
	CHECK_DIFF("c: [{name: main, image: a}, {name: side, image: b}]\n",
	           "c: [{name: side, image: b}, {name: main, image: x, tty: false}]\n",
	           "c[name=main].image: rendered a, live x\n");
	CHECK_DIFF("c: [{name: main}]\n", "c: [{name: main}, {name: injected}]\n",
	           "c[name=injected]: only in the live object\n");
	CHECK_DIFF("c: [{name: main}, {name: side}]\n", "c: [{name: main}]\n",
	           "c[name=side]: not in the live object\n");
	/* other lists by index */
	CHECK_DIFF("args: [a, b]\n", "args: [a, c, d]\n",
	           "args[1]: rendered b, live c\nargs[2]: only in the live object\n");
	/* names repeat (one volume mounted twice): by index */
	CHECK_DIFF("m: [{name: v, mountPath: /a}, {name: v, mountPath: /b}]\n",
	           "m: [{name: v, mountPath: /a}, {name: v, mountPath: /c}]\n",
	           "m[1].mountPath: rendered /b, live /c\n");
	CHECK_DIFF("s: {a: 1}\n", "s: [1]\n", "s: rendered object, live array\n");
}

static void test_drift__normalization(int *failures)
{
	/* quantities under resources compare by value */
	CHECK_DIFF("resources: {limits: {cpu: '1.0', memory: 2048Mi}, requests: {cpu: 500m, memory: 1Gi}}\n",
	           "resources: {limits: {cpu: '1', memory: 2Gi}, requests: {cpu: '0.5', memory: 1073741824}}\n", "");
	CHECK_DIFF("resources: {limits: {cpu: '1.0'}}\n", "resources: {limits: {cpu: '2'}}\n",
	           "resources.limits.cpu: rendered '1.0', live '2'\n");
	/* outside resources, text is text */
	CHECK_DIFF("env: [{name: A, value: '1.0'}]\n", "env: [{name: A, value: '1'}]\n",
	           "env[name=A].value: rendered '1.0', live '1'\n");
	/* an int is not a numeric string */
	CHECK_DIFF("ports: [{port: 8081}]\n", "ports: [{port: '8081'}]\n",
	           "ports[0].port: rendered 8081, live '8081'\n");
	/* numbers by value */
	CHECK_DIFF("x: 1\n", "x: 1.0\n", "");
	/* zero values the API server omits */
	CHECK_DIFF("spec: {hostNetwork: false, n: 0, s: '', e: {}, l: [], z: null}\n", "spec: {}\n", "");
	CHECK_DIFF("spec: {hostNetwork: true}\n", "spec: {}\n", "spec.hostNetwork: not in the live object\n");
	CHECK_DIFF("spec: {emptyDir: {}}\n", "spec: {emptyDir: {medium: ''}}\n", "");
}

const struct fc_test fc_drift_tests[] = {
	{ "drift__only_rendered_fields", test_drift__only_rendered_fields },
	{ "drift__paths", test_drift__paths },
	{ "drift__normalization", test_drift__normalization },
	{ NULL, NULL },
};
