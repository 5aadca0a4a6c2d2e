/* SPDX-License-Identifier: Apache-2.0 */
/* effconf_test.c - unit tests for effconf.c: E's layers in the operator's
 * order (E0, the defaults document's global, namespace and version parts,
 * then the document's flinkConfiguration; facts/operator.md §b "E"), the
 * namespace fallbacks, and documents of the wrong shape.
 */
#include "effconf.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "defaults.h"
#include "node.h"
#include "test.h"
#include "yaml.h"

struct fx {
	struct fc_ctx ctx;
	struct fc_defaults d;
	struct fc_conf E;
};

static struct fc_node *parse(struct fx *f, const char *text)
{
	struct fc_node *n = fc_yaml_parse_string(&f->ctx, f->ctx.arena, "t.yaml", text, strlen(text));
	if (!n)
		fprintf(stderr, "effconf_test: bad test YAML:\n%s\n", text);
	return n;
}

/* a defaults document with one key per layer, each overriding the one before */
static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->ctx.arena = fc_arena_new();
	f->ctx.sources_tail = &f->ctx.sources;
	f->d.conf = parse(f, "a: global\nb: global\n");
	f->d.namespaces = parse(f, "team:\n  b: namespace\n  c: namespace\n");
	f->d.versions = parse(f, "v1_18:\n  c: version\n  d: version\n");
	f->ctx.defaults = &f->d;
}

static void fx_fini(struct fx *f) { fc_arena_free(f->ctx.arena); }

/* key has value, typed STRING */
static bool has(const struct fc_conf *c, const char *key, const char *value)
{
	const struct fc_conf_entry *e = fc_conf_entry(c, key);
	return e && strcmp(e->value, value) == 0 && e->type == FC_CONF_STRING;
}

static void test_effconf__layers(int *failures)
{
	struct fx f;

	fx_init(&f);
	fc_effconf_build(&f.E, &f.ctx, f.ctx.arena,
	                 parse(&f, "metadata:\n  name: x\n  namespace: team\n"
	                           "spec:\n  flinkVersion: v1_18\n  flinkConfiguration:\n"
	                           "    d: user\n    e:\n      f: 1\n"));
	/* E0 is typed STRING, as lower.c renders it (rules.c reads only values) */
	FC_CHECK(has(&f.E, "taskmanager.numberOfTaskSlots", "1"));
	FC_CHECK(has(&f.E, "parallelism.default", "1"));
	FC_CHECK(has(&f.E, "a", "global"));
	FC_CHECK(has(&f.E, "b", "namespace"));
	FC_CHECK(has(&f.E, "c", "version"));
	FC_CHECK(has(&f.E, "d", "user"));
	FC_CHECK(has(&f.E, "e.f", "1"));
	FC_CHECK(fc_conf_entry(&f.E, "e.f")->loc.line == 9);
	FC_CHECK(fc_conf_entry(&f.E, "a")->loc.line == 1); /* the defaults document's own */
	FC_CHECK(f.E.n == 7);
	fx_fini(&f);
}

/* base stops before the document's flinkConfiguration; a missing namespace
 * is the defaults' own, else "default"; another version takes no version part */
static void test_effconf__base_and_namespace(int *failures)
{
	struct fx f;
	const char *doc = "metadata:\n  name: x\nspec:\n  flinkVersion: v1_19\n"
	                  "  flinkConfiguration:\n    d: user\n";

	fx_init(&f);
	fc_effconf_base(&f.E, &f.ctx, f.ctx.arena, parse(&f, doc));
	FC_CHECK(has(&f.E, "b", "global"));
	FC_CHECK(!fc_conf_get(&f.E, "c"));
	FC_CHECK(!fc_conf_get(&f.E, "d"));
	f.d.namespace_ = "team";
	fc_effconf_base(&f.E, &f.ctx, f.ctx.arena, parse(&f, doc));
	FC_CHECK(has(&f.E, "b", "namespace"));
	FC_CHECK(has(&f.E, "c", "namespace"));
	fc_effconf_build(&f.E, &f.ctx, f.ctx.arena, parse(&f, doc));
	FC_CHECK(has(&f.E, "d", "user"));
	fx_fini(&f);
}

/* no document, a spec that is no map, a flinkConfiguration that is no
 * map: E0 and the global defaults only (the schema reports the shapes) */
static void test_effconf__shapes(int *failures)
{
	struct fx f;

	fx_init(&f);
	fc_effconf_build(&f.E, &f.ctx, f.ctx.arena, NULL);
	FC_CHECK(f.E.n == 4 && has(&f.E, "b", "global"));
	fc_effconf_build(&f.E, &f.ctx, f.ctx.arena, parse(&f, "spec: [1]\n"));
	FC_CHECK(f.E.n == 4);
	fc_effconf_build(&f.E, &f.ctx, f.ctx.arena, parse(&f, "spec:\n  flinkConfiguration: x\n"));
	FC_CHECK(f.E.n == 4);
	f.ctx.defaults = NULL;
	fc_effconf_build(&f.E, &f.ctx, f.ctx.arena, parse(&f, "spec:\n  flinkConfiguration: {d: 2}\n"));
	FC_CHECK(f.E.n == 3 && has(&f.E, "d", "2"));
	fx_fini(&f);
}

const struct fc_test fc_effconf_tests[] = {
	{ "effconf__layers", test_effconf__layers },
	{ "effconf__base_and_namespace", test_effconf__base_and_namespace },
	{ "effconf__shapes", test_effconf__shapes },
	{ NULL, NULL },
};
