/* SPDX-License-Identifier: Apache-2.0 */
/* flinkconf_test.c - unit tests for flinkconf.c: the sorted entry table,
 * flattening as the operator does it, Flink's list encoding, and both
 * config file renderings (flat flink-conf.yaml, nested config.yaml via
 * yamlw.c) including the E0410 prefix conflict.
 */
#include "flinkconf.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "test.h"
#include "yamlw.h"

struct fx {
	struct fc_arena *a;
	struct fc_ctx ctx;
	struct fc_conf c;
	struct fc_buf out;
};

static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->a = fc_arena_new();
	f->ctx.arena = f->a;
	fc_conf_init(&f->c, f->a);
	fc_buf_init(&f->out);
}

static void fx_fini(struct fx *f)
{
	fc_buf_fini(&f->out);
	fc_arena_free(f->a);
}

static struct fc_loc loc(uint32_t line, uint32_t col)
{
	struct fc_loc l = { "in.yaml", line, col, 1 };
	return l;
}

/* n, located at line:col */
static struct fc_node *at(struct fc_node *n, uint32_t line, uint32_t col)
{
	n->loc = loc(line, col);
	return n;
}

static struct fc_node *scalar(struct fc_arena *a, enum fc_node_kind k, const char *s)
{
	return fc_node_scalar(a, k, s, strlen(s));
}

static struct fc_node *seq2(struct fc_arena *a, struct fc_node *x, struct fc_node *y)
{
	struct fc_node *s = fc_node_seq(a);
	fc_node_push(a, s, x);
	fc_node_push(a, s, y);
	return s;
}

/* the key's value is value and the entry is a STRING */
static bool has(const struct fc_conf *c, const char *key, const char *value)
{
	const struct fc_conf_entry *e = fc_conf_entry(c, key);
	return e && strcmp(e->value, value) == 0 && e->type == FC_CONF_STRING;
}

static void test_flinkconf__table_sorted(int *failures)
{
	struct fx f;
	struct fc_loc none = { 0 };
	size_t i;

	fx_init(&f);
	fc_conf_set(&f.c, "b", "1", FC_CONF_INT, none);
	fc_conf_set(&f.c, "a.b", "x", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "a", "y", FC_CONF_STRING, loc(3, 4));
	fc_conf_set(&f.c, "a-b", "z", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "b", "2", FC_CONF_INT, loc(9, 1));
	FC_CHECK(f.c.n == 4);
	for (i = 1; i < f.c.n; i++)
		FC_CHECK(strcmp(f.c.v[i - 1].key, f.c.v[i].key) < 0);
	FC_CHECK_STR(f.c.v[0].key, "a");
	FC_CHECK_STR(f.c.v[1].key, "a-b");
	FC_CHECK_STR(fc_conf_get(&f.c, "b"), "2");
	FC_CHECK(fc_conf_entry(&f.c, "b")->loc.line == 9);
	FC_CHECK(fc_conf_get(&f.c, "c") == NULL);

	fc_conf_setdefault(&f.c, "a", "other", FC_CONF_STRING);
	fc_conf_setdefault(&f.c, "c", "3", FC_CONF_INT);
	FC_CHECK_STR(fc_conf_get(&f.c, "a"), "y");
	FC_CHECK_STR(fc_conf_get(&f.c, "c"), "3");
	FC_CHECK(fc_conf_entry(&f.c, "c")->type == FC_CONF_INT);

	FC_CHECK(fc_conf_del(&f.c, "a-b"));
	FC_CHECK(!fc_conf_del(&f.c, "a-b"));
	fc_conf_del_prefix(&f.c, "a");
	FC_CHECK(f.c.n == 2);
	FC_CHECK_STR(f.c.v[0].key, "b");
	FC_CHECK_STR(f.c.v[1].key, "c");
	fx_fini(&f);
}

static void test_flinkconf__table_grows(int *failures)
{
	struct fx f;
	struct fc_loc none = { 0 };
	char key[16];
	int i;

	fx_init(&f);
	for (i = 99; i >= 0; i--) {
		snprintf(key, sizeof(key), "k%02d", i);
		fc_conf_set(&f.c, key, key, FC_CONF_STRING, none);
	}
	FC_CHECK(f.c.n == 100);
	FC_CHECK_STR(f.c.v[0].key, "k00");
	FC_CHECK_STR(f.c.v[99].key, "k99");
	FC_CHECK_STR(fc_conf_get(&f.c, "k42"), "k42");
	fx_fini(&f);
}

/* a copy changes without changing its source (lower.c copies E, which rules.c read) */
static void test_flinkconf__copy(int *failures)
{
	struct fx f;
	struct fc_conf copy, empty;
	struct fc_loc none = { 0 };

	fx_init(&f);
	fc_conf_copy(&empty, f.a, &f.c);
	FC_CHECK(empty.n == 0);
	fc_conf_set(&empty, "x", "1", FC_CONF_STRING, none);
	FC_CHECK(f.c.n == 0);
	fc_conf_set(&f.c, "b", "1", FC_CONF_INT, loc(2, 3));
	fc_conf_set(&f.c, "d", "4", FC_CONF_STRING, none);
	fc_conf_copy(&copy, f.a, &f.c);
	FC_CHECK(copy.n == 2 && copy.arena == f.a);
	FC_CHECK(fc_conf_entry(&copy, "b")->type == FC_CONF_INT && fc_conf_entry(&copy, "b")->loc.line == 2);
	fc_conf_set(&copy, "a", "0", FC_CONF_STRING, none);
	fc_conf_set(&copy, "b", "2", FC_CONF_STRING, none);
	FC_CHECK(fc_conf_del(&copy, "d"));
	FC_CHECK(copy.n == 2);
	FC_CHECK_STR(fc_conf_get(&copy, "b"), "2");
	FC_CHECK(f.c.n == 2);
	FC_CHECK_STR(fc_conf_get(&f.c, "b"), "1");
	FC_CHECK_STR(fc_conf_get(&f.c, "d"), "4");
	FC_CHECK(!fc_conf_get(&f.c, "a"));
	fx_fini(&f);
}

/* the operator's examples: nested maps, dotted keys at any level */
static void test_flinkconf__flatten_nested(int *failures)
{
	struct fx f;
	struct fc_node *cfg, *m, *ssl;

	fx_init(&f);
	cfg = fc_node_map(f.a);
	fc_node_set(f.a, cfg, "taskmanager.numberOfTaskSlots", scalar(f.a, FC_NODE_INT, "2"));
	m = fc_node_getmap(f.a, cfg, "state");
	fc_node_set(f.a, m, "savepoints.dir", fc_node_str(f.a, "file:///flink-data/savepoints"));
	fc_node_set(f.a, m, "checkpoints.dir", fc_node_str(f.a, "file:///flink-data/checkpoints"));
	m = fc_node_getmap(f.a, cfg, "high-availability");
	fc_node_set(f.a, m, "type", fc_node_str(f.a, "kubernetes"));
	fc_node_set(f.a, m, "storageDir", at(fc_node_str(f.a, "file:///flink-data/ha"), 7, 19));
	m = fc_node_getmap(f.a, cfg, "job.autoscaler");
	fc_node_set(f.a, m, "enabled", fc_node_bool(f.a, true));
	fc_node_set(f.a, m, "metrics.window", fc_node_str(f.a, "15m"));
	ssl = fc_node_getmap(f.a, fc_node_getmap(f.a, cfg, "security.ssl"), "internal");
	fc_node_set(f.a, ssl, "enabled", fc_node_bool(f.a, true));

	fc_conf_flatten(&f.c, cfg);
	FC_CHECK(f.c.n == 8);
	FC_CHECK(has(&f.c, "taskmanager.numberOfTaskSlots", "2"));
	FC_CHECK(has(&f.c, "state.savepoints.dir", "file:///flink-data/savepoints"));
	FC_CHECK(has(&f.c, "state.checkpoints.dir", "file:///flink-data/checkpoints"));
	FC_CHECK(has(&f.c, "high-availability.type", "kubernetes"));
	FC_CHECK(has(&f.c, "high-availability.storageDir", "file:///flink-data/ha"));
	FC_CHECK(has(&f.c, "job.autoscaler.enabled", "true"));
	FC_CHECK(has(&f.c, "job.autoscaler.metrics.window", "15m"));
	FC_CHECK(has(&f.c, "security.ssl.internal.enabled", "true"));
	FC_CHECK(fc_conf_entry(&f.c, "high-availability.storageDir")->loc.line == 7);
	FC_CHECK(fc_conf_entry(&f.c, "high-availability.storageDir")->loc.col == 19);
	fx_fini(&f);
}

/* scalars give their canonical text; null the string "null" */
static void test_flinkconf__flatten_scalars(int *failures)
{
	struct fx f;
	struct fc_node *cfg, *m;

	fx_init(&f);
	cfg = fc_node_map(f.a);
	fc_node_set(f.a, cfg, "a", at(fc_node_null(f.a), 2, 4));
	fc_node_set(f.a, cfg, "b", scalar(f.a, FC_NODE_FLOAT, "0.5"));
	fc_node_set(f.a, cfg, "c", fc_node_bool(f.a, false));
	fc_node_set(f.a, cfg, "d", fc_node_str(f.a, "2"));
	fc_node_set(f.a, cfg, "e", fc_node_str(f.a, ""));
	/* Java joins with "." only under a non-empty parent key */
	m = fc_node_getmap(f.a, cfg, "");
	fc_node_set(f.a, m, "f", fc_node_str(f.a, "x"));
	fc_conf_flatten(&f.c, cfg);
	FC_CHECK(f.c.n == 6);
	FC_CHECK(has(&f.c, "a", "null"));
	FC_CHECK(fc_conf_entry(&f.c, "a")->loc.line == 2);
	FC_CHECK(has(&f.c, "b", "0.5"));
	FC_CHECK(has(&f.c, "c", "false"));
	FC_CHECK(has(&f.c, "d", "2"));
	FC_CHECK(has(&f.c, "e", ""));
	FC_CHECK(has(&f.c, "f", "x"));

	/* non-map input is the caller's to report */
	fc_conf_flatten(&f.c, fc_node_str(f.a, "x"));
	fc_conf_flatten(&f.c, NULL);
	FC_CHECK(f.c.n == 6);
	fx_fini(&f);
}

/* arrays ';'-joined verbatim; containers inside give ""; empties dropped */
static void test_flinkconf__flatten_lists(int *failures)
{
	struct fx f;
	struct fc_node *cfg, *s;

	fx_init(&f);
	cfg = fc_node_map(f.a);
	s = seq2(f.a, fc_node_str(f.a, "local:///a.jar"), fc_node_str(f.a, "local:///b.jar"));
	fc_node_set(f.a, cfg, "pipeline.jars", at(s, 5, 3));
	s = seq2(f.a, fc_node_map(f.a), fc_node_seq(f.a));
	fc_node_push(f.a, s, scalar(f.a, FC_NODE_INT, "7"));
	fc_node_set(f.a, cfg, "mixed", s);
	fc_node_set(f.a, cfg, "semi", seq2(f.a, fc_node_str(f.a, "a;b"), fc_node_null(f.a)));
	fc_node_set(f.a, cfg, "one", seq2(f.a, fc_node_str(f.a, ""), fc_node_str(f.a, "")));
	fc_node_set(f.a, cfg, "empty.list", fc_node_seq(f.a));
	fc_node_set(f.a, cfg, "empty.map", fc_node_map(f.a));
	fc_node_getmap(f.a, fc_node_getmap(f.a, cfg, "deep"), "er");
	fc_conf_flatten(&f.c, cfg);
	FC_CHECK(f.c.n == 4);
	FC_CHECK(has(&f.c, "pipeline.jars", "local:///a.jar;local:///b.jar"));
	FC_CHECK(fc_conf_entry(&f.c, "pipeline.jars")->loc.line == 5);
	FC_CHECK(has(&f.c, "mixed", ";;7"));
	FC_CHECK(has(&f.c, "semi", "a;b;null"));
	FC_CHECK(has(&f.c, "one", ";"));
	FC_CHECK(fc_conf_get(&f.c, "empty.list") == NULL);
	FC_CHECK(fc_conf_get(&f.c, "empty.map") == NULL);
	FC_CHECK(fc_conf_get(&f.c, "deep.er") == NULL);
	fx_fini(&f);
}

/* the same flattened key twice: the later one in document order wins */
static void test_flinkconf__flatten_later_wins(int *failures)
{
	struct fx f;
	struct fc_node *cfg;

	fx_init(&f);
	cfg = fc_node_map(f.a);
	fc_node_set(f.a, cfg, "a.b", at(fc_node_str(f.a, "1"), 1, 6));
	fc_node_set(f.a, fc_node_getmap(f.a, cfg, "a"), "b", at(fc_node_str(f.a, "2"), 3, 6));
	fc_conf_flatten(&f.c, cfg);
	FC_CHECK(f.c.n == 1);
	FC_CHECK(has(&f.c, "a.b", "2"));
	FC_CHECK(fc_conf_entry(&f.c, "a.b")->loc.line == 3);

	/* and the other way round */
	fc_conf_init(&f.c, f.a);
	cfg = fc_node_map(f.a);
	fc_node_set(f.a, fc_node_getmap(f.a, cfg, "a"), "b", at(fc_node_str(f.a, "2"), 2, 6));
	fc_node_set(f.a, cfg, "a.b", at(fc_node_str(f.a, "1"), 3, 6));
	fc_conf_flatten(&f.c, cfg);
	FC_CHECK(has(&f.c, "a.b", "1"));
	FC_CHECK(fc_conf_entry(&f.c, "a.b")->loc.line == 3);
	fx_fini(&f);
}

static void test_flinkconf__list_join_split(int *failures)
{
	static const char *const elems[] = { "a", "b;c", "it's", "say \"hi\"", "" };
	struct fx f;
	struct fc_node *s;
	const char *v;
	size_t i;

	fx_init(&f);
	v = fc_conf_list_join(f.a, elems, countof(elems));
	FC_CHECK_STR(v, "a;'b;c';'it''s';'say \"hi\"';");
	FC_CHECK_STR(fc_conf_list_join(f.a, elems, 0), "");
	FC_CHECK_STR(fc_conf_list_join(f.a, elems, 1), "a");

	/* a trailing empty element is lost, as in Flink */
	s = fc_conf_list_node(f.a, v);
	FC_CHECK(s->kind == FC_NODE_SEQ && s->n == 4);
	for (i = 0; i < 4 && i < s->n; i++) {
		FC_CHECK(s->items[i]->kind == FC_NODE_STR);
		FC_CHECK_STR(s->items[i]->str, elems[i]);
	}

	/* unquoted tokens trimmed; empty only between delimiters; "" quotes */
	s = fc_conf_list_node(f.a, " a ; b;;\"x;\"\"y\" ; ' ' ");
	FC_CHECK(s->n == 5);
	if (s->n == 5) {
		FC_CHECK_STR(s->items[0]->str, "a");
		FC_CHECK_STR(s->items[1]->str, "b");
		FC_CHECK_STR(s->items[2]->str, "");
		FC_CHECK_STR(s->items[3]->str, "x;\"y");
		FC_CHECK_STR(s->items[4]->str, " ");
	}
	FC_CHECK(fc_conf_list_node(f.a, "")->n == 0);
	FC_CHECK(fc_conf_list_node(f.a, ";a;")->n == 1);
	/* malformed: kept, never a crash */
	s = fc_conf_list_node(f.a, "'open;x");
	FC_CHECK(s->n == 1 && strcmp(s->items[0]->str, "open;x") == 0);
	s = fc_conf_list_node(f.a, "it's;b");
	FC_CHECK(s->n == 2 && strcmp(s->items[0]->str, "it's") == 0);
	fx_fini(&f);
}

static void test_flinkconf__render_flat(int *failures)
{
	struct fx f;
	struct fc_loc none = { 0 };

	fx_init(&f);
	fc_conf_render_flat(&f.out, &f.c);
	FC_CHECK(f.out.len == 0);
	fc_conf_set(&f.c, "taskmanager.numberOfTaskSlots", "2", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "parallelism.default", "2", FC_CONF_INT, none);
	fc_conf_set(&f.c, "web.cancel.enable", "false", FC_CONF_BOOL, none);
	fc_conf_set(&f.c, "pipeline.jars", "local:///a.jar;'b;c.jar'", FC_CONF_LIST, none);
	fc_conf_set(&f.c, "kubernetes.jobmanager.annotations", "a:b,c:d", FC_CONF_MAP, none);
	fc_conf_set(&f.c, "execution.checkpointing.interval", "5 min", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "$internal.application.program-args", "", FC_CONF_LIST, none);
	fc_conf_render_flat(&f.out, &f.c);
	/* the empty program-args list has no line: Flink skips "key:" lines */
	FC_CHECK_STR(f.out.ptr, "execution.checkpointing.interval: 5 min\n"
	                        "kubernetes.jobmanager.annotations: a:b,c:d\n"
	                        "parallelism.default: 2\n"
	                        "pipeline.jars: local:///a.jar;'b;c.jar'\n"
	                        "taskmanager.numberOfTaskSlots: 2\n"
	                        "web.cancel.enable: false\n");
	fx_fini(&f);
}

static void test_flinkconf__render_nested(int *failures)
{
	static const char *const jars[] = { "local:///opt/flink/a.jar", "local:///opt/flink/b.jar" };
	static const char *const args[] = { "--input", "s3://in;x" };
	struct fx f;
	struct fc_loc none = { 0 };

	fx_init(&f);
	fc_conf_set(&f.c, "taskmanager.numberOfTaskSlots", "2", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "parallelism.default", "2", FC_CONF_INT, none);
	fc_conf_set(&f.c, "web.cancel.enable", "false", FC_CONF_BOOL, none);
	fc_conf_set(&f.c, "kubernetes.jobmanager.cpu.amount", "0.5", FC_CONF_DOUBLE, none);
	fc_conf_set(&f.c, "pipeline.jars", fc_conf_list_join(f.a, jars, 2), FC_CONF_LIST, none);
	fc_conf_set(&f.c, "$internal.application.program-args", fc_conf_list_join(f.a, args, 2),
	            FC_CONF_LIST, none);
	fc_conf_set(&f.c, "$internal.application.main", "org.example.Main", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "kubernetes.jobmanager.annotations",
	            "flinkdeployment.flink.apache.org/generation:1,team:data", FC_CONF_MAP, none);
	fc_conf_set(&f.c, "rest.flamegraph.enabled", "true", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "metrics.reporter.prom.filter.includes", "*", FC_CONF_STRING, none);
	FC_CHECK(fc_conf_render_nested(&f.ctx, &f.out, &f.c, loc(1, 1)) == 0);
	FC_CHECK(f.ctx.nerrors == 0);
	FC_CHECK_STR(f.out.ptr, "$internal:\n"
	                        "  application:\n"
	                        "    main: org.example.Main\n"
	                        "    program-args:\n"
	                        "    - --input\n"
	                        "    - s3://in;x\n"
	                        "kubernetes:\n"
	                        "  jobmanager:\n"
	                        "    annotations:\n"
	                        "      flinkdeployment.flink.apache.org/generation: '1'\n"
	                        "      team: data\n"
	                        "    cpu:\n"
	                        "      amount: 0.5\n"
	                        "metrics:\n"
	                        "  reporter:\n"
	                        "    prom:\n"
	                        "      filter:\n"
	                        "        includes: '*'\n"
	                        "parallelism:\n"
	                        "  default: 2\n"
	                        "pipeline:\n"
	                        "  jars:\n"
	                        "  - local:///opt/flink/a.jar\n"
	                        "  - local:///opt/flink/b.jar\n"
	                        "rest:\n"
	                        "  flamegraph:\n"
	                        "    enabled: 'true'\n"
	                        "taskmanager:\n"
	                        "  numberOfTaskSlots: '2'\n"
	                        "web:\n"
	                        "  cancel:\n"
	                        "    enable: false\n");
	fx_fini(&f);
}

/* application mode without args: an empty list, not an empty string */
static void test_flinkconf__render_nested_empty_list(int *failures)
{
	struct fx f;
	struct fc_loc none = { 0 };

	fx_init(&f);
	fc_conf_set(&f.c, "$internal.application.program-args", "", FC_CONF_LIST, none);
	FC_CHECK(fc_conf_render_nested(&f.ctx, &f.out, &f.c, none) == 0);
	FC_CHECK_STR(f.out.ptr, "$internal:\n"
	                        "  application:\n"
	                        "    program-args: []\n");
	fx_fini(&f);
}

/* keys with empty segments stay literal leaves where the empty segment starts */
static void test_flinkconf__render_nested_empty_segments(int *failures)
{
	struct fx f;
	struct fc_loc none = { 0 };

	fx_init(&f);
	fc_conf_set(&f.c, "a", "1", FC_CONF_INT, none);
	fc_conf_set(&f.c, "a..b", "2", FC_CONF_INT, none);
	fc_conf_set(&f.c, "p.q..r", "3", FC_CONF_INT, none);
	fc_conf_set(&f.c, "p.z", "4", FC_CONF_INT, none);
	fc_conf_set(&f.c, "y.", "5", FC_CONF_INT, none);
	FC_CHECK(fc_conf_render_nested(&f.ctx, &f.out, &f.c, none) == 0);
	FC_CHECK(f.ctx.nerrors == 0);
	FC_CHECK_STR(f.out.ptr, "a: 1\n"
	                        "a..b: 2\n"
	                        "p:\n"
	                        "  q..r: 3\n"
	                        "  z: 4\n"
	                        "y.: 5\n");
	fx_fini(&f);
}

/* the pre-1.17 HA key next to a nested one cannot go into config.yaml */
static void test_flinkconf__render_nested_prefix_conflict(int *failures)
{
	struct fx f;
	struct fc_node *cfg;
	struct fc_diag *d;

	fx_init(&f);
	cfg = fc_node_map(f.a);
	fc_node_set(f.a, cfg, "high-availability", at(fc_node_str(f.a, "kubernetes"), 4, 24));
	fc_node_set(f.a, cfg, "high-availability.storageDir", at(fc_node_str(f.a, "s3://ha"), 5, 35));
	fc_conf_flatten(&f.c, cfg);
	FC_CHECK(fc_conf_render_nested(&f.ctx, &f.out, &f.c, loc(1, 1)) == FC_ERR);
	FC_CHECK(f.out.len == 0);
	FC_CHECK(f.ctx.nerrors == 1);
	d = f.ctx.diags;
	FC_CHECK(d != NULL);
	if (d) {
		FC_CHECK_STR(d->code, "E0410");
		FC_CHECK_STR(d->path, "spec.flinkConfiguration");
		FC_CHECK(d->sev == FC_SEV_ERROR);
		FC_CHECK(d->loc.line == 5 && d->loc.col == 35);
		FC_CHECK_STR(d->msg, "config.yaml (Flink >= 2.0) cannot nest configuration key "
		                     "\"high-availability.storageDir\" under \"high-availability\", "
		                     "which has a value of its own; replace \"high-availability\" "
		                     "with its non-deprecated form (no key may be a prefix of "
		                     "another)");
	}
	/* the flat file has no such limit */
	fc_conf_render_flat(&f.out, &f.c);
	FC_CHECK_STR(f.out.ptr, "high-availability: kubernetes\n"
	                        "high-availability.storageDir: s3://ha\n");
	fx_fini(&f);
}

/* every pair once, found past keys sorting in between; locations fall back */
static void test_flinkconf__render_nested_prefix_pairs(int *failures)
{
	struct fx f;
	struct fc_loc none = { 0 };
	struct fc_diag *d;
	unsigned n = 0;

	fx_init(&f);
	fc_conf_set(&f.c, "a", "1", FC_CONF_STRING, loc(2, 4));
	fc_conf_set(&f.c, "a-x", "1", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "a.b", "1", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "a.b.c", "1", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "ab", "1", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "ab.", "1", FC_CONF_STRING, none);
	fc_conf_set(&f.c, "x", "1", FC_CONF_INT, none);
	fc_conf_set(&f.c, "x.y", "1", FC_CONF_INT, none);
	FC_CHECK(fc_conf_render_nested(&f.ctx, &f.out, &f.c, loc(1, 1)) == FC_ERR);
	FC_CHECK(f.out.len == 0);
	/* (a, a.b) (a, a.b.c) (a.b, a.b.c) (x, x.y); not ab/ab. nor a/a-x */
	FC_CHECK(f.ctx.nerrors == 4);
	for (d = f.ctx.diags; d; d = d->next) {
		n++;
		FC_CHECK_STR(d->code, "E0410");
		if (strstr(d->msg, "\"a.b.c\" under \"a.b\"") || strstr(d->msg, "\"x.y\""))
			FC_CHECK(d->loc.line == 1);
		else
			FC_CHECK(d->loc.line == 2 && d->loc.col == 4);
	}
	FC_CHECK(n == 4);
	fx_fini(&f);
}

/* The nested rendering is written without building its tree; the oracle
 * here builds the tree the keys nest into (segments split at a dot with
 * something on both sides, as flinkconf.c's seglen) and writes it with
 * yamlw: on random key sets, including empty segments and keys that are
 * prefixes of others' segments, both must be the same bytes. */
static size_t oracle_seglen(const char *key)
{
	const char *dot = strchr(key, '.');

	if (!dot || dot == key || dot[1] == '\0' || dot[1] == '.')
		return 0;
	return (size_t)(dot - key);
}

static void oracle(struct fc_buf *out, struct fc_arena *a, const struct fc_conf *c)
{
	struct fc_node *root = fc_node_map(a);
	size_t i, seg;

	for (i = 0; i < c->n; i++) {
		const char *key = c->v[i].key;
		struct fc_node *m = root;
		while ((seg = oracle_seglen(key)) > 0) {
			m = fc_node_getmap(a, m, fc_arena_strndup(a, key, seg));
			key += seg + 1;
		}
		fc_node_set(a, m, key, c->v[i].type == FC_CONF_INT ? fc_node_scalar(a, FC_NODE_INT, c->v[i].value,
		                                                                      strlen(c->v[i].value))
		                                                : fc_node_str(a, c->v[i].value));
	}
	fc_yamlw_doc(out, root, 0);
}

static void test_flinkconf__render_nested_random(int *failures)
{
	static const char *const segs[] = { "a", "b", "a-b", "ab", "b0", "", "x.y", "_", "a.", ".", "Z" };
	static const char *const vals[] = { "1", "true", "x y", "a: b", "", "multi\nline\n", "-1", "'q'" };
	unsigned seed = 12345;
	int round, bad = 0;

	for (round = 0; round < 3000; round++) {
		struct fx f;
		struct fc_buf want = FC_BUF_INIT;
		int k, nkeys;

		fx_init(&f);
		seed = seed * 1103515245u + 12345u;
		nkeys = 1 + (int)(seed >> 16) % 12;
		for (k = 0; k < nkeys; k++) {
			char key[64] = "";
			int depth, d;
			seed = seed * 1103515245u + 12345u;
			depth = 1 + (int)(seed >> 16) % 4;
			for (d = 0; d < depth; d++) {
				seed = seed * 1103515245u + 12345u;
				if (d)
					strcat(key, ".");
				strcat(key, segs[(seed >> 16) % countof(segs)]);
			}
			seed = seed * 1103515245u + 12345u;
			if (!*key)
				continue;
			fc_conf_set(&f.c, key, vals[(seed >> 16) % countof(vals)],
			            (seed >> 20) % 2 ? FC_CONF_STRING : FC_CONF_INT, loc(0, 0));
		}
		if (fc_conf_render_nested(&f.ctx, &f.out, &f.c, loc(1, 1)) == 0) {
			oracle(&want, f.a, &f.c);
			if (want.len != f.out.len || memcmp(want.ptr, f.out.ptr, want.len) != 0) {
				if (!bad)
					fprintf(stderr, "render_nested_random: round %d:\n%s---\n%s", round, f.out.ptr,
					        want.ptr);
				bad++;
			}
		}
		fc_buf_fini(&want);
		fx_fini(&f);
	}
	FC_CHECK(bad == 0);
}

const struct fc_test fc_flinkconf_tests[] = {
	{ "test_flinkconf__render_nested_random", test_flinkconf__render_nested_random },
	{ "flinkconf__table_sorted", test_flinkconf__table_sorted },
	{ "flinkconf__table_grows", test_flinkconf__table_grows },
	{ "flinkconf__copy", test_flinkconf__copy },
	{ "flinkconf__flatten_nested", test_flinkconf__flatten_nested },
	{ "flinkconf__flatten_scalars", test_flinkconf__flatten_scalars },
	{ "flinkconf__flatten_lists", test_flinkconf__flatten_lists },
	{ "flinkconf__flatten_later_wins", test_flinkconf__flatten_later_wins },
	{ "flinkconf__list_join_split", test_flinkconf__list_join_split },
	{ "flinkconf__render_flat", test_flinkconf__render_flat },
	{ "flinkconf__render_nested", test_flinkconf__render_nested },
	{ "flinkconf__render_nested_empty_list", test_flinkconf__render_nested_empty_list },
	{ "flinkconf__render_nested_empty_segments", test_flinkconf__render_nested_empty_segments },
	{ "flinkconf__render_nested_prefix_conflict", test_flinkconf__render_nested_prefix_conflict },
	{ "flinkconf__render_nested_prefix_pairs", test_flinkconf__render_nested_prefix_pairs },
	{ NULL, NULL },
};
