/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_test.c - unit tests for yaml.c: typing, locations, documents, checks.
 *
 * Each test builds its own fc_ctx by hand (no driver) and parses strings
 * through fc_yaml_parse_string or an fc_source made on the spot.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "source.h"
#include "test.h"
#include "yaml.h"

struct t {
	struct fc_ctx ctx;
	struct fc_options opts;
};

static void setup(struct t *t)
{
	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
}

static void teardown(struct t *t)
{
	fc_arena_free(t->ctx.arena);
}

static struct fc_node *parse(struct t *t, const char *text)
{
	return fc_yaml_parse_string(&t->ctx, t->ctx.arena, "t.yaml", text, strlen(text));
}

/* the newest diagnostic with this code, or NULL */
static const struct fc_diag *diag(const struct t *t, const char *code)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		if (strcmp(d->code, code) == 0)
			return d;
	return NULL;
}

static bool at(const struct fc_loc *l, uint32_t line, uint32_t col, uint32_t len)
{
	return l->line == line && l->col == col && l->len == len && l->file &&
	       strcmp(l->file, "t.yaml") == 0;
}

/* parse text, expect exactly one error with this code, message and position */
static void expect_error(int *failures, const char *text, const char *code, const char *msg,
                         uint32_t line, uint32_t col)
{
	struct t t;
	const struct fc_diag *d;

	setup(&t);
	FC_CHECK(parse(&t, text) == NULL);
	FC_CHECK(t.ctx.nerrors == 1);
	d = diag(&t, code);
	FC_CHECK(d != NULL);
	if (d) {
		FC_CHECK_STR(d->msg, msg);
		FC_CHECK(d->loc.line == line && d->loc.col == col);
		if (d->loc.line != line || d->loc.col != col)
			fprintf(stderr, "  at %u:%u, want %u:%u\n", d->loc.line, d->loc.col, line, col);
	}
	teardown(&t);
}

static const struct {
	const char *in;
	enum fc_node_kind kind;
	const char *canon;
} typing[] = {
	/* null */
	{ "~", FC_NODE_NULL, "null" }, { "null", FC_NODE_NULL, "null" },
	{ "Null", FC_NODE_NULL, "null" }, { "NULL", FC_NODE_NULL, "null" },
	{ "", FC_NODE_NULL, "null" },
	/* bool, every YAML 1.1 spelling go-yaml v2 knows */
	{ "y", FC_NODE_BOOL, "true" }, { "Y", FC_NODE_BOOL, "true" },
	{ "yes", FC_NODE_BOOL, "true" }, { "Yes", FC_NODE_BOOL, "true" },
	{ "YES", FC_NODE_BOOL, "true" }, { "on", FC_NODE_BOOL, "true" },
	{ "On", FC_NODE_BOOL, "true" }, { "ON", FC_NODE_BOOL, "true" },
	{ "true", FC_NODE_BOOL, "true" }, { "True", FC_NODE_BOOL, "true" },
	{ "TRUE", FC_NODE_BOOL, "true" }, { "n", FC_NODE_BOOL, "false" },
	{ "N", FC_NODE_BOOL, "false" }, { "no", FC_NODE_BOOL, "false" },
	{ "No", FC_NODE_BOOL, "false" }, { "NO", FC_NODE_BOOL, "false" },
	{ "off", FC_NODE_BOOL, "false" }, { "Off", FC_NODE_BOOL, "false" },
	{ "OFF", FC_NODE_BOOL, "false" }, { "false", FC_NODE_BOOL, "false" },
	{ "False", FC_NODE_BOOL, "false" }, { "FALSE", FC_NODE_BOOL, "false" },
	/* int */
	{ "0", FC_NODE_INT, "0" }, { "-0", FC_NODE_INT, "0" }, { "42", FC_NODE_INT, "42" },
	{ "+5", FC_NODE_INT, "5" }, { "-17", FC_NODE_INT, "-17" },
	{ "1_000", FC_NODE_INT, "1000" }, { "+685_230", FC_NODE_INT, "685230" },
	{ "0755", FC_NODE_INT, "493" }, { "02472256", FC_NODE_INT, "685230" },
	{ "-0755", FC_NODE_INT, "-493" }, { "0o755", FC_NODE_INT, "493" },
	{ "0O17", FC_NODE_INT, "15" }, { "0x1F", FC_NODE_INT, "31" },
	{ "0X1f", FC_NODE_INT, "31" }, { "-0x1F", FC_NODE_INT, "-31" },
	{ "0x_0A_74_AE", FC_NODE_INT, "685230" }, { "0b101", FC_NODE_INT, "5" },
	{ "-0b101010", FC_NODE_INT, "-42" },
	{ "9223372036854775807", FC_NODE_INT, "9223372036854775807" },
	{ "-9223372036854775808", FC_NODE_INT, "-9223372036854775808" },
	/* float */
	{ "1e3", FC_NODE_FLOAT, "1000.0" }, { "1E3", FC_NODE_FLOAT, "1000.0" },
	{ "123456e1", FC_NODE_FLOAT, "1234560.0" }, { "6.8523e+5", FC_NODE_FLOAT, "685230.0" },
	{ ".5", FC_NODE_FLOAT, "0.5" }, { "+.5", FC_NODE_FLOAT, "0.5" },
	{ "1.", FC_NODE_FLOAT, "1.0" }, { "-.1", FC_NODE_FLOAT, "-0.1" },
	{ "1.5", FC_NODE_FLOAT, "1.5" }, { "685_230.15", FC_NODE_FLOAT, "685230.15" },
	{ "2.5e-3", FC_NODE_FLOAT, "0.0025" },
	{ "08", FC_NODE_FLOAT, "8.0" }, /* not octal: go-yaml falls through to float */
	{ ".inf", FC_NODE_FLOAT, ".inf" }, { ".Inf", FC_NODE_FLOAT, ".inf" },
	{ ".INF", FC_NODE_FLOAT, ".inf" }, { "+.inf", FC_NODE_FLOAT, ".inf" },
	{ "+.Inf", FC_NODE_FLOAT, ".inf" }, { "+.INF", FC_NODE_FLOAT, ".inf" },
	{ "-.inf", FC_NODE_FLOAT, "-.inf" }, { "-.Inf", FC_NODE_FLOAT, "-.inf" },
	{ "-.INF", FC_NODE_FLOAT, "-.inf" }, { ".nan", FC_NODE_FLOAT, ".nan" },
	{ ".NaN", FC_NODE_FLOAT, ".nan" }, { ".NAN", FC_NODE_FLOAT, ".nan" },
	/* strings: sexagesimal and timestamps stay strings, as in go-yaml v2 */
	{ "12:30", FC_NODE_STR, "12:30" }, { "1:2:3", FC_NODE_STR, "1:2:3" },
	{ "190:20:30", FC_NODE_STR, "190:20:30" }, { "2024-01-01", FC_NODE_STR, "2024-01-01" },
	{ "2015-02-24T18:19:39Z", FC_NODE_STR, "2015-02-24T18:19:39Z" },
	{ "yess", FC_NODE_STR, "yess" }, { "tRUE", FC_NODE_STR, "tRUE" },
	{ "nULL", FC_NODE_STR, "nULL" }, { "oN", FC_NODE_STR, "oN" },
	{ "0x", FC_NODE_STR, "0x" }, { "0b2", FC_NODE_STR, "0b2" },
	{ "0xG", FC_NODE_STR, "0xG" }, { "1e", FC_NODE_STR, "1e" },
	{ "1.2.3", FC_NODE_STR, "1.2.3" }, { ".", FC_NODE_STR, "." }, { "-x", FC_NODE_STR, "-x" },
	{ "+", FC_NODE_STR, "+" }, { "1e400", FC_NODE_STR, "1e400" }, { "inf", FC_NODE_STR, "inf" },
	{ "NaN", FC_NODE_STR, "NaN" }, { ".infinity", FC_NODE_STR, ".infinity" },
	{ "=", FC_NODE_STR, "=" }, { "<<", FC_NODE_STR, "<<" }, { "1 2", FC_NODE_STR, "1 2" },
	{ "flink:1.17", FC_NODE_STR, "flink:1.17" }, { "2Gi", FC_NODE_STR, "2Gi" },
};

static void test_yaml__typing_table(int *failures)
{
	size_t i;

	for (i = 0; i < countof(typing); i++) {
		struct t t;
		char text[128];
		struct fc_node *root, *v;

		setup(&t);
		snprintf(text, sizeof(text), "v: %s\n", typing[i].in);
		root = parse(&t, text);
		v = fc_node_get(root, "v");
		FC_CHECK(v != NULL);
		if (v) {
			if (v->kind != typing[i].kind)
				fprintf(stderr, "  '%s': kind %s, want %s\n", typing[i].in,
				        fc_node_kind_name(v->kind), fc_node_kind_name(typing[i].kind));
			FC_CHECK(v->kind == typing[i].kind);
			FC_CHECK_STR(v->str, typing[i].canon);
			FC_CHECK(v->len == strlen(typing[i].canon));
			FC_CHECK(!v->quoted);
		}
		teardown(&t);
	}
}

static void test_yaml__quoted_strings(int *failures)
{
	static const char *const text =
		"a: \"true\"\nb: '1'\nc: \"0x1F\"\nd: |\n  yes\ne: >-\n  12\n  13\nf: 'null'\ng: \"\"\n"
		"h: \"x\\0y\"\n";
	static const char *const want[] = { "true", "1", "0x1F", "yes\n", "12 13", "null", "" };
	static const char *const keys[] = { "a", "b", "c", "d", "e", "f", "g" };
	struct t t;
	struct fc_node *root, *h;
	size_t i;

	setup(&t);
	root = parse(&t, text);
	FC_CHECK(root && root->kind == FC_NODE_MAP && root->n == 8);
	for (i = 0; root && i < countof(keys); i++) {
		struct fc_node *v = fc_node_get(root, keys[i]);
		FC_CHECK(v && v->kind == FC_NODE_STR && v->quoted);
		if (v)
			FC_CHECK_STR(v->str, want[i]);
	}
	h = fc_node_get(root, "h"); /* NUL inside: len keeps it */
	FC_CHECK(h && h->kind == FC_NODE_STR && h->len == 3 && memcmp(h->str, "x\0y", 3) == 0);
	teardown(&t);
}

static void test_yaml__tags(int *failures)
{
	static const struct {
		const char *key;
		enum fc_node_kind kind;
		const char *canon;
		bool quoted;
	} want[] = {
		{ "s", FC_NODE_STR, "123", true },    { "i", FC_NODE_INT, "12", false },
		{ "h", FC_NODE_INT, "31", false },    { "f", FC_NODE_FLOAT, "1.0", false },
		{ "b", FC_NODE_BOOL, "true", false }, { "nl", FC_NODE_NULL, "null", false },
		{ "e", FC_NODE_STR, "12", true },     { "x", FC_NODE_STR, "aGk=", true },
	};
	struct t t;
	struct fc_node *root, *v;
	size_t i;

	setup(&t);
	root = parse(&t, "s: !!str 123\ni: !!int \"12\"\nh: !!int '0x1F'\nf: !!float 1\n"
	                 "b: !!bool \"yes\"\nnl: !!null ''\ne: ! 12\nx: !!binary aGk=\n"
	                 "m: !!map {a: 1}\nq: !!seq [1]\nr: !<tag:yaml.org,2002:str> 7\n");
	FC_CHECK(root != NULL && t.ctx.nerrors == 0);
	for (i = 0; root && i < countof(want); i++) {
		v = fc_node_get(root, want[i].key);
		FC_CHECK(v && v->kind == want[i].kind && v->quoted == want[i].quoted);
		if (v)
			FC_CHECK_STR(v->str, want[i].canon);
	}
	v = fc_node_get(root, "m");
	FC_CHECK(v && v->kind == FC_NODE_MAP);
	v = fc_node_get(root, "q");
	FC_CHECK(v && v->kind == FC_NODE_SEQ);
	v = fc_node_get(root, "r");
	FC_CHECK(v && v->kind == FC_NODE_STR);
	teardown(&t);
}

static void test_yaml__unsupported_tag(int *failures)
{
	expect_error(failures, "a: !foo x\n", "E0104", "unsupported tag '!foo'", 1, 4);
	expect_error(failures, "a: !!timestamp 2020-01-01\n", "E0104",
	             "unsupported tag '!!timestamp'", 1, 4);
	expect_error(failures, "a:\n  b: !!seq {c: 1}\n", "E0104", "unsupported tag '!!seq'", 2, 6);
	expect_error(failures, "a: !!map x\n", "E0104", "unsupported tag '!!map'", 1, 4);
	expect_error(failures, "a: !!int abc\n", "E0104", "\"abc\" is not a valid !!int", 1, 4);
	expect_error(failures, "a: !!bool 1\n", "E0104", "\"1\" is not a valid !!bool", 1, 4);
}

static void test_yaml__int_out_of_range(int *failures)
{
	struct t t;
	const struct fc_diag *d;

	expect_error(failures, "a: 9223372036854775808\n", "E0107", "integer out of range", 1, 4);
	expect_error(failures, "- -9223372036854775809\n", "E0107", "integer out of range", 1, 3);
	expect_error(failures, "a: 0x1_0000_0000_0000_0000\n", "E0107", "integer out of range", 1,
	             4);
	expect_error(failures, "a: !!int '99999999999999999999'\n", "E0107", "integer out of range",
	             1, 4);
	setup(&t);
	FC_CHECK(parse(&t, "a: 18446744073709551616\n") == NULL);
	d = diag(&t, "E0107");
	FC_CHECK(d && at(&d->loc, 1, 4, 20));
	teardown(&t);
}

static void test_yaml__locations(int *failures)
{
	struct t t;
	struct fc_node *root, *spec, *args, *flow, *v;

	setup(&t);
	root = parse(&t, "apiVersion: v1\n"
	                 "spec:\n"
	                 "  job:\n"
	                 "    jarURI: \"local:///x.jar\"   # c\n"
	                 "  args:\n"
	                 "  - one\n"
	                 "  - \"two\"\n"
	                 "flow: [a, {b: c}]\n"
	                 "text: |-\n"
	                 "  body\n"
	                 "long: first   \n"
	                 "  second\n");
	FC_CHECK(root && at(&root->loc, 1, 1, 1));
	if (!root) {
		teardown(&t);
		return;
	}
	FC_CHECK(at(&root->pairs[0].key->loc, 1, 1, 10));
	FC_CHECK(at(&root->pairs[0].val->loc, 1, 13, 2));
	spec = fc_node_get(root, "spec");
	FC_CHECK(spec && at(&spec->loc, 3, 3, 1));
	FC_CHECK(at(&root->pairs[1].key->loc, 2, 1, 4));
	v = fc_node_path(root, "spec.job");
	FC_CHECK(v && v->n == 1 && at(&v->pairs[0].key->loc, 4, 5, 6));
	FC_CHECK(v && at(&v->pairs[0].val->loc, 4, 13, 16));
	args = fc_node_get(spec, "args");
	FC_CHECK(args && args->kind == FC_NODE_SEQ && args->n == 2 && at(&args->loc, 6, 3, 1));
	FC_CHECK(args && args->n == 2 && at(&args->items[0]->loc, 6, 5, 3));
	FC_CHECK(args && args->n == 2 && at(&args->items[1]->loc, 7, 5, 5));
	flow = fc_node_get(root, "flow");
	FC_CHECK(flow && flow->n == 2 && at(&flow->loc, 8, 7, 1));
	FC_CHECK(flow && flow->n == 2 && at(&flow->items[0]->loc, 8, 8, 1));
	FC_CHECK(flow && flow->n == 2 && at(&flow->items[1]->loc, 8, 11, 1));
	FC_CHECK(flow && flow->n == 2 && at(&flow->items[1]->pairs[0].key->loc, 8, 12, 1));
	v = fc_node_get(root, "text"); /* a block scalar's span is its header */
	FC_CHECK(v && at(&v->loc, 9, 7, 2));
	v = fc_node_get(root, "long"); /* multi-line: the first line, blanks trimmed */
	FC_CHECK(v && at(&v->loc, 11, 7, 5));
	FC_CHECK(v && v->str && strcmp(v->str, "first second") == 0);
	teardown(&t);
}

static void test_yaml__locations_unicode_bom_crlf(int *failures)
{
	struct t t;
	struct fc_node *root, *v;

	setup(&t);
	root = parse(&t, "\xC3\xA9: \xC3\xA9\xC3\xA9\xC3\xA9\nx: \"\xE2\x82\xAC\"\n");
	v = fc_node_get(root, "\xC3\xA9");
	FC_CHECK(v && at(&v->loc, 1, 4, 3)); /* columns count characters */
	v = fc_node_get(root, "x");
	FC_CHECK(v && at(&v->loc, 2, 4, 3));
	root = parse(&t, "\xEF\xBB\xBF" "a: 1\r\nbb: 22\r\n");
	FC_CHECK(root && root->n == 2 && at(&root->pairs[0].val->loc, 1, 4, 1));
	FC_CHECK(root && root->n == 2 && at(&root->pairs[1].key->loc, 2, 1, 2));
	FC_CHECK(root && root->n == 2 && at(&root->pairs[1].val->loc, 2, 5, 2));
	teardown(&t);
}

static struct fc_source *source(struct t *t, const char *text)
{
	struct fc_source *s = FC_NEW(t->ctx.arena, struct fc_source);
	s->name = "t.yaml";
	s->text = text;
	s->len = strlen(text);
	s->utf8_ok = true;
	return s;
}

static void test_yaml__multi_doc(int *failures)
{
	struct t t;
	struct fc_yaml_reader *r;
	struct fc_node *n = NULL;

	setup(&t);
	r = fc_yaml_open(&t.ctx, source(&t, "a: 1\n"
	                                    "---\n"
	                                    "# only a comment\n"
	                                    "---\n"
	                                    "~\n"
	                                    "---\n"
	                                    "b: 2\n"
	                                    "---\n"
	                                    "--- null\n"
	                                    "...\n"
	                                    "---\n"
	                                    "[]\n"
	                                    "--- !!null\n"));
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 1);
	FC_CHECK(n && fc_node_get(n, "a") && n->pairs[0].key->loc.line == 1);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 1);
	FC_CHECK(n && fc_node_get(n, "b") && n->pairs[0].key->loc.line == 7);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 1);
	FC_CHECK(n && n->kind == FC_NODE_SEQ && n->n == 0 && n->loc.line == 12);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 0 && n == NULL);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 0);
	fc_yaml_close(r);

	r = fc_yaml_open(&t.ctx, source(&t, "# nothing here\n# at all\n"));
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 0);
	fc_yaml_close(r);
	r = fc_yaml_open(&t.ctx, source(&t, ""));
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 0);
	fc_yaml_close(r);
	FC_CHECK(t.ctx.nerrors == 0);
	teardown(&t);
}

static void test_yaml__error_ends_source(int *failures)
{
	struct t t;
	struct fc_yaml_reader *r;
	struct fc_node *n = NULL;
	struct fc_source *s;

	setup(&t);
	r = fc_yaml_open(&t.ctx, source(&t, "a: 1\n---\nb: [\n---\nc: 3\n"));
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 1);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == FC_ERR && n == NULL);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 0);
	fc_yaml_close(r);
	FC_CHECK(t.ctx.nerrors == 1);

	/* a semantic error still ends the source after its document */
	r = fc_yaml_open(&t.ctx, source(&t, "a: 1\na: 2\n---\nc: 3\n"));
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == FC_ERR);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 0);
	fc_yaml_close(r);

	/* source.c already reported bad UTF-8: nothing to parse */
	s = source(&t, "a: \xFF\n");
	s->utf8_ok = false;
	r = fc_yaml_open(&t.ctx, s);
	FC_CHECK(fc_yaml_next(r, t.ctx.arena, &n) == 0);
	fc_yaml_close(r);
	FC_CHECK(t.ctx.nerrors == 2);
	fc_yaml_close(NULL);
	teardown(&t);
}

static void test_yaml__duplicate_key(int *failures)
{
	struct t t;
	const struct fc_diag *d;

	expect_error(failures, "a: 1\nb: 2\na: 3\n", "E0102",
	             "duplicate key \"a\"; first defined at line 1", 3, 1);
	expect_error(failures, "x:\n  name: 1\n  'name': 2\n", "E0102",
	             "duplicate key \"name\"; first defined at line 2", 3, 3);
	expect_error(failures, "1: a\n01: b\n", "E0102", "duplicate key \"1\"; first defined at line 1",
	             2, 1);
	expect_error(failures, "true: a\nyes: b\n", "E0102",
	             "duplicate key \"true\"; first defined at line 1", 2, 1);
	expect_error(failures, "{a: 1, b: 2, a: 3}", "E0102",
	             "duplicate key \"a\"; first defined at line 1", 1, 14);
	setup(&t);
	FC_CHECK(parse(&t, "a: 1\nA: 2\nx: {a: 1}\ny: {a: 2}\n'1': 1\n1.0: 2\n") != NULL);
	FC_CHECK(t.ctx.nerrors == 0);
	FC_CHECK(parse(&t, "k: 1\nk: 2\nk: 3\n") == NULL); /* each repeat is reported */
	FC_CHECK(t.ctx.nerrors == 2);
	for (d = t.ctx.diags; d; d = d->next)
		FC_CHECK_STR(d->msg, "duplicate key \"k\"; first defined at line 1");
	teardown(&t);
}

static void test_yaml__complex_key(int *failures)
{
	expect_error(failures, "? [a, b]\n: c\n", "E0103", "mapping keys must be scalars, got array",
	             1, 3);
	expect_error(failures, "x: {{a: 1}: 2}\n", "E0103",
	             "mapping keys must be scalars, got object", 1, 5);
}

static void test_yaml__anchors(int *failures)
{
	struct t t;
	struct fc_node *root, *base, *use, *s;

	setup(&t);
	root = parse(&t, "base: &b {x: 1, y: [1, 2]}\nuse: *b\ns: &s hello\nt: *s\n"
	                 "a: &x 1\nb: &x 2\nc: *x\n"
	                 "k0: &k0 0\nk1: &k1 1\nk2: &k2 2\nk3: &k3 3\nk4: &k4 4\nk5: &k5 5\n"
	                 "k6: &k6 6\nk7: &k7 7\nk8: &k8 8\nk9: &k9 9\nl: [*k0, *k9]\n");
	FC_CHECK(root && t.ctx.nerrors == 0);
	base = fc_node_get(root, "base");
	use = fc_node_get(root, "use");
	FC_CHECK(use && use->kind == FC_NODE_MAP && fc_node_equal(base, use));
	FC_CHECK(use && at(&use->loc, 2, 6, 2)); /* the alias's own location */
	s = fc_node_get(root, "t");
	FC_CHECK(s && s->kind == FC_NODE_STR && at(&s->loc, 4, 4, 2));
	if (s)
		FC_CHECK_STR(s->str, "hello");
	FC_CHECK_STR(fc_node_getstr(root, "c"), "2"); /* a redefined anchor wins */
	s = fc_node_get(root, "l");
	FC_CHECK(s && s->n == 2 && strcmp(s->items[0]->str, "0") == 0 &&
	         strcmp(s->items[1]->str, "9") == 0);
	teardown(&t);

	/* many anchors (the table grows), one redefined after the growth */
	setup(&t);
	{
		char text[8192];
		size_t len = 0;
		int i;
		for (i = 0; i < 300; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "- &a%d %d\n", i, i);
		snprintf(text + len, sizeof(text) - len, "- &a5 five\n- *a5\n- *a299\n- *a0\n");
		root = parse(&t, text);
	}
	FC_CHECK(root && root->kind == FC_NODE_SEQ && root->n == 304);
	if (root && root->n == 304) {
		FC_CHECK_STR(root->items[301]->str, "five");
		FC_CHECK_STR(root->items[302]->str, "299");
		FC_CHECK_STR(root->items[303]->str, "0");
	}
	teardown(&t);
}

static void test_yaml__undefined_alias(int *failures)
{
	expect_error(failures, "a: 1\nb: *nope\n", "E0106", "undefined alias '*nope'", 2, 4);
	expect_error(failures, "a: &r [1, *r]\n", "E0106", "undefined alias '*r'", 1, 11);
}

static void test_yaml__alias_budget(int *failures)
{
	static const char *const laughs =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	struct t t;
	const struct fc_diag *d;
	clock_t t0 = clock();

	setup(&t);
	FC_CHECK(parse(&t, laughs) == NULL);
	FC_CHECK(t.ctx.nerrors == 1);
	d = diag(&t, "E0105");
	FC_CHECK(d && d->loc.line == 7);
	if (d)
		FC_CHECK_STR(d->msg, "alias expansion exceeds the limit of 1000000 nodes");
	FC_CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	teardown(&t);

	/* root 1 + key 1 + seq 4 + key 1 = 7 before the first alias; each costs 4 */
	setup(&t);
	t.ctx.max_alias_nodes = 11;
	FC_CHECK(parse(&t, "a: &a [1, 2, 3]\nb: *a\nc: *a\n") == NULL);
	d = diag(&t, "E0105");
	FC_CHECK(d && at(&d->loc, 3, 4, 2));
	if (d)
		FC_CHECK_STR(d->msg, "alias expansion exceeds the limit of 11 nodes");
	t.ctx.max_alias_nodes = 16;
	FC_CHECK(parse(&t, "a: &a [1, 2, 3]\nb: *a\nc: *a\n") != NULL);
	teardown(&t);
}

static void test_yaml__merge_keys(int *failures)
{
	struct t t;
	struct fc_node *root, *m;

	setup(&t);
	root = parse(&t, "base: &base {a: 1, b: 2}\n"
	                 "more: &more {b: 3, c: 4}\n"
	                 "m:\n"
	                 "  <<: [*base, *more]\n"
	                 "  a: 10\n"
	                 "  d: 5\n"
	                 "one:\n"
	                 "  x: 9\n"
	                 "  <<: {x: 1, z: 2}\n"
	                 "quoted: {'<<': {x: 1}}\n"
	                 "value: <<\n"
	                 "empty: {<<: {}}\n");
	FC_CHECK(root && t.ctx.nerrors == 0);
	m = fc_node_get(root, "m"); /* explicit keys first, then merged ones in merge order */
	FC_CHECK(m && m->n == 4);
	if (m && m->n == 4) {
		FC_CHECK_STR(m->pairs[0].key->str, "a");
		FC_CHECK_STR(m->pairs[1].key->str, "d");
		FC_CHECK_STR(m->pairs[2].key->str, "b");
		FC_CHECK_STR(m->pairs[3].key->str, "c");
		FC_CHECK_STR(fc_node_getstr(m, "a"), "10"); /* explicit wins */
		FC_CHECK_STR(fc_node_getstr(m, "b"), "2");  /* earlier source wins */
		FC_CHECK_STR(fc_node_getstr(m, "c"), "4");
		FC_CHECK(m->pairs[2].key->loc.line == 1);   /* merged keys keep their place */
	}
	m = fc_node_get(root, "one");
	FC_CHECK(m && m->n == 2);
	FC_CHECK_STR(fc_node_getstr(m, "x"), "9"); /* explicit wins even before "<<" */
	FC_CHECK_STR(fc_node_getstr(m, "z"), "2");
	m = fc_node_get(root, "quoted"); /* a quoted "<<" is an ordinary key */
	FC_CHECK(m && m->n == 1 && fc_node_get(m, "<<") && fc_node_get(m, "<<")->kind == FC_NODE_MAP);
	FC_CHECK_STR(fc_node_getstr(root, "value"), "<<");
	m = fc_node_get(root, "empty");
	FC_CHECK(m && m->kind == FC_NODE_MAP && m->n == 0);
	teardown(&t);

	expect_error(failures, "m:\n  <<: 1\n", "E0109",
	             "merge key '<<' needs a mapping or a sequence of mappings, got integer", 2, 7);
	expect_error(failures, "m:\n  <<: [{a: 1}, [2]]\n", "E0109",
	             "merge key '<<' needs a mapping or a sequence of mappings, got array", 2, 16);
}

static char *repeat(const char *open, size_t n, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close), i;
	char *s = fc_xmalloc(n * (lo + lc) + 1), *p = s;

	for (i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	for (i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

/* A mapping takes its merge after the reader's stack of open collections
 * has grown past its first 16 frames (and moved): the merged keys land in
 * it, not in the stack's old memory (a use after free that dropped them,
 * found by fuzz_hash) */
static void test_yaml__merge_after_deep_value(int *failures)
{
	struct t t;
	struct fc_node *root, *m;
	char *deep = repeat("{a: ", 20, "}"), *text;
	size_t len;

	/* the merge value itself nested deep, and a deep sibling before a merge */
	len = strlen(deep);
	text = fc_xmalloc(2 * len + 64);
	snprintf(text, 2 * len + 64, "m:\n  x: 1\n  <<: {b: %s}\np:\n  q: %s\n  <<: {c: 3}\n", deep, deep);
	setup(&t);
	root = parse(&t, text);
	FC_CHECK(root && t.ctx.nerrors == 0);
	m = fc_node_get(root, "m");
	FC_CHECK(m && m->n == 2 && fc_node_getstr(m, "x") && fc_node_get(m, "b"));
	m = fc_node_get(root, "p");
	FC_CHECK(m && m->n == 2 && fc_node_get(m, "q") && fc_node_getstr(m, "c"));
	teardown(&t);
	fc_xfree(text);
	fc_xfree(deep);
}

static void test_yaml__depth_limit(int *failures)
{
	struct t t;
	const struct fc_diag *d;
	clock_t t0 = clock();
	char *deep = repeat("[", 100000, "");
	char *ok = repeat("[", 64, "]");
	char *over = repeat("[", 65, "]");

	setup(&t);
	FC_CHECK(parse(&t, deep) == NULL);
	FC_CHECK(t.ctx.nerrors == 1);
	d = diag(&t, "E0108");
	FC_CHECK(d && at(&d->loc, 1, 65, 1));
	if (d)
		FC_CHECK_STR(d->msg, "nesting deeper than 64 levels");
	FC_CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
	FC_CHECK(parse(&t, ok) != NULL);
	FC_CHECK(parse(&t, over) == NULL && t.ctx.nerrors == 2);
	teardown(&t);
	fc_xfree(deep);
	fc_xfree(ok);
	fc_xfree(over);

	setup(&t);
	t.ctx.max_depth = 3;
	FC_CHECK(parse(&t, "a:\n b:\n  c:\n   d: 1\n") == NULL);
	d = diag(&t, "E0108");
	FC_CHECK(d && at(&d->loc, 4, 4, 1));
	if (d)
		FC_CHECK_STR(d->msg, "nesting deeper than 3 levels");
	teardown(&t);
}

static void test_yaml__tab_indentation(int *failures)
{
	expect_error(failures, "a:\n\tb: 1\n", "E0101",
	             "tab character in indentation; YAML indentation must use spaces", 2, 1);
	expect_error(failures, "spec:\n  job:\n  \tjarURI: x\n", "E0101",
	             "tab character in indentation; YAML indentation must use spaces", 3, 3);
}

static void test_yaml__syntax_error(int *failures)
{
	expect_error(failures, "a: [1, 2\nb: 3\n", "E0101", "did not find expected ',' or ']'", 2, 2);
	expect_error(failures, "a: b: c\n", "E0101", "mapping values are not allowed in this context",
	             1, 5);
	expect_error(failures, "a: 1\n- b\n", "E0101", "did not find expected key", 2, 1);
	expect_error(failures, "a: \"open\n", "E0101", "found unexpected end of stream", 2, 1);
	expect_error(failures, "a: 1\nb: x\x01y\n", "E0101", "control characters are not allowed", 2,
	             5);
	expect_error(failures, "a: \xC3(\n", "E0101", "invalid trailing UTF-8 octet", 1, 5);
}

static void test_yaml__parse_string(int *failures)
{
	struct t t;
	struct fc_node *n;

	setup(&t);
	n = parse(&t, "");
	FC_CHECK(n && n->kind == FC_NODE_NULL);
	n = parse(&t, "# just a comment\n");
	FC_CHECK(n && n->kind == FC_NODE_NULL);
	n = parse(&t, "--- null\n---\nfirst: 1\n---\nsecond: 2\n");
	FC_CHECK(n && fc_node_get(n, "first") && !fc_node_get(n, "second"));
	n = parse(&t, "- a\n- 2\n");
	FC_CHECK(n && n->kind == FC_NODE_SEQ && n->n == 2 && n->items[1]->kind == FC_NODE_INT);
	FC_CHECK(t.ctx.nerrors == 0);
	teardown(&t);
}

const struct fc_test fc_yaml_tests[] = {
	{ "test_yaml__typing_table", test_yaml__typing_table },
	{ "test_yaml__quoted_strings", test_yaml__quoted_strings },
	{ "test_yaml__tags", test_yaml__tags },
	{ "test_yaml__unsupported_tag", test_yaml__unsupported_tag },
	{ "test_yaml__int_out_of_range", test_yaml__int_out_of_range },
	{ "test_yaml__locations", test_yaml__locations },
	{ "test_yaml__locations_unicode_bom_crlf", test_yaml__locations_unicode_bom_crlf },
	{ "test_yaml__multi_doc", test_yaml__multi_doc },
	{ "test_yaml__error_ends_source", test_yaml__error_ends_source },
	{ "test_yaml__duplicate_key", test_yaml__duplicate_key },
	{ "test_yaml__complex_key", test_yaml__complex_key },
	{ "test_yaml__anchors", test_yaml__anchors },
	{ "test_yaml__undefined_alias", test_yaml__undefined_alias },
	{ "test_yaml__alias_budget", test_yaml__alias_budget },
	{ "test_yaml__merge_keys", test_yaml__merge_keys },
	{ "test_yaml__merge_after_deep_value", test_yaml__merge_after_deep_value },
	{ "test_yaml__depth_limit", test_yaml__depth_limit },
	{ "test_yaml__tab_indentation", test_yaml__tab_indentation },
	{ "test_yaml__syntax_error", test_yaml__syntax_error },
	{ "test_yaml__parse_string", test_yaml__parse_string },
	{ NULL, NULL },
};
