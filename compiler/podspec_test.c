/* SPDX-License-Identifier: Apache-2.0 */
/* podspec_test.c - unit tests for podspec.c: a port reused by number (and
 * named when it has no name), alternate names when the name is taken, a
 * UDP port not counted, and env, volumes and mounts never duplicated. */
#include "podspec.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "node.h"
#include "test.h"
#include "yaml.h"

struct t {
	struct fc_ctx ctx;
	struct fc_options opts;
};

static struct fc_node *parse(struct t *t, const char *text)
{
	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
	return fc_yaml_parse_string(&t->ctx, t->ctx.arena, "t.yaml", text, strlen(text));
}

static bool same(struct t *t, const struct fc_node *got, const char *want)
{
	struct fc_node *w = fc_yaml_parse_string(&t->ctx, t->ctx.arena, "w.yaml", want, strlen(want));
	return got && w && fc_node_equal(got, w);
}

/* {name: n, value: v} (v NULL: {name: n}) */
static struct fc_node *named(struct fc_arena *a, const char *n, const char *v)
{
	struct fc_node *m = fc_node_map(a);
	fc_node_set(a, m, "name", fc_node_str(a, n));
	if (v)
		fc_node_set(a, m, "value", fc_node_str(a, v));
	return m;
}

static const char *const alt[] = { "flink-metrics", NULL };

static void test_podspec__ports(int *failures)
{
	struct t t;
	struct fc_node *c;
	const char *name;

	/* the number is declared under another name: reused, nothing added */
	c = parse(&t, "ports: [{name: prom, containerPort: 9249}]\n");
	name = fc_podspec_port(t.ctx.arena, c, "metrics", 9249, alt);
	FC_CHECK(name && strcmp(name, "prom") == 0 && same(&t, c, "ports: [{name: prom, containerPort: 9249}]\n"));
	fc_arena_free(t.ctx.arena);
	/* an unnamed port on the number gets the wanted name */
	c = parse(&t, "ports: [{containerPort: 9249}]\n");
	name = fc_podspec_port(t.ctx.arena, c, "metrics", 9249, alt);
	FC_CHECK(name && strcmp(name, "metrics") == 0 &&
	         same(&t, c, "ports: [{containerPort: 9249, name: metrics}]\n"));
	fc_arena_free(t.ctx.arena);
	/* the name is taken by another number: the alternate */
	c = parse(&t, "ports: [{name: metrics, containerPort: 9300}]\n");
	name = fc_podspec_port(t.ctx.arena, c, "metrics", 9249, alt);
	FC_CHECK(name && strcmp(name, "flink-metrics") == 0 &&
	         same(&t, c, "ports: [{name: metrics, containerPort: 9300}, {name: flink-metrics, containerPort: 9249}]\n"));
	fc_arena_free(t.ctx.arena);
	/* no alternates: nothing added; a UDP port on the number does not count */
	c = parse(&t, "ports: [{name: rest, containerPort: 9999}, {name: x, containerPort: 8081, protocol: UDP}]\n");
	FC_CHECK(fc_podspec_port(t.ctx.arena, c, "rest", 8081, NULL) == NULL &&
	         same(&t, c, "ports: [{name: rest, containerPort: 9999}, {name: x, containerPort: 8081, protocol: UDP}]\n"));
	fc_arena_free(t.ctx.arena);
	/* no ports at all: added */
	c = parse(&t, "name: m\n");
	name = fc_podspec_port(t.ctx.arena, c, "rest", 8081, NULL);
	FC_CHECK(name && same(&t, c, "name: m\nports: [{name: rest, containerPort: 8081}]\n"));
	fc_arena_free(t.ctx.arena);
}

static void test_podspec__env_volumes_mounts(int *failures)
{
	struct t t;
	struct fc_node *pod = parse(&t, "volumes: [{name: v, emptyDir: {}}]\n"
	                                "containers: [{name: m, env: [{name: A, value: user}], "
	                                "volumeMounts: [{name: v, mountPath: /opt/flink/conf}]}]\n");
	struct fc_node *c = fc_node_get(pod, "containers")->items[0];
	struct fc_arena *a = t.ctx.arena;

	FC_CHECK(!fc_podspec_env(a, c, named(a, "A", "flinkc")));
	FC_CHECK(fc_podspec_env(a, c, named(a, "B", "flinkc")));
	FC_CHECK(!fc_podspec_volume(a, pod, named(a, "v", NULL)));
	FC_CHECK(fc_podspec_volume(a, pod, named(a, "w", NULL)));
	{
		struct fc_node *m = fc_node_map(a);
		fc_node_set(a, m, "name", fc_node_str(a, "w"));
		fc_node_set(a, m, "mountPath", fc_node_str(a, "/opt/flink/conf"));
		FC_CHECK(!fc_podspec_mount(a, c, m));
		m = fc_node_map(a);
		fc_node_set(a, m, "name", fc_node_str(a, "w"));
		fc_node_set(a, m, "mountPath", fc_node_str(a, "/data"));
		FC_CHECK(fc_podspec_mount(a, c, m));
	}
	FC_CHECK(fc_node_get(c, "env")->n == 2 && fc_node_get(pod, "volumes")->n == 2 &&
	         fc_node_get(c, "volumeMounts")->n == 2);
	FC_CHECK(strcmp(fc_node_getstr(fc_node_get(c, "env")->items[0], "value"), "user") == 0);
	fc_arena_free(a);
}

const struct fc_test fc_podspec_tests[] = {
	{ "podspec__ports", test_podspec__ports },
	{ "podspec__env_volumes_mounts", test_podspec__env_volumes_mounts },
	{ NULL, NULL },
};
