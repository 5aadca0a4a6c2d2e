/* SPDX-License-Identifier: Apache-2.0 */
/* json_test.c - unit tests for json.c: which sources count as JSON, and
 * where jansson's syntax errors are reported (line, column of the
 * offending token's last character). */
#include "json.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "source.h"
#include "test.h"

struct t {
	struct fc_ctx ctx;
	struct fc_options opts;
	struct fc_source src;
};

static void setup(struct t *t, const char *name, const char *text)
{
	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
	t->src.name = name;
	t->src.text = text;
	t->src.len = strlen(text);
	t->src.utf8_ok = true;
}

static void test_json__is_json(int *failures)
{
	struct t t;

	setup(&t, "live.json", "apiVersion: v1\n");
	FC_CHECK(fc_json_is_json(&t.src)); /* by name, whatever the content */
	fc_arena_free(t.ctx.arena);
	setup(&t, "<stdin>", " \n\t{\n    \"apiVersion\": \"v1\"}");
	FC_CHECK(fc_json_is_json(&t.src));
	fc_arena_free(t.ctx.arena);
	setup(&t, "<stdin>", "{}");
	FC_CHECK(fc_json_is_json(&t.src));
	fc_arena_free(t.ctx.arena);
	setup(&t, "a.yaml", "{apiVersion: v1, kind: List}\n"); /* flow YAML stays YAML */
	FC_CHECK(!fc_json_is_json(&t.src));
	fc_arena_free(t.ctx.arena);
	setup(&t, "a.yaml", "apiVersion: v1\n");
	FC_CHECK(!fc_json_is_json(&t.src));
	fc_arena_free(t.ctx.arena);
	setup(&t, "a.yaml", "");
	FC_CHECK(!fc_json_is_json(&t.src));
	fc_arena_free(t.ctx.arena);
}

static void test_json__valid(int *failures)
{
	struct t t;

	setup(&t, "a.json", "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"List\",\n    \"items\": []\n}\n");
	FC_CHECK(fc_json_check(&t.ctx, &t.src) == 0);
	FC_CHECK(t.ctx.nerrors == 0);
	fc_arena_free(t.ctx.arena);
}

/* the one diagnostic of a failed check */
static void check_error(int *failures, const char *text, uint32_t line, uint32_t col, const char *msg)
{
	struct t t;

	setup(&t, "a.json", text);
	FC_CHECK(fc_json_check(&t.ctx, &t.src) == FC_ERR);
	FC_CHECK(t.ctx.nerrors == 1);
	if (t.ctx.diags) {
		FC_CHECK_STR(t.ctx.diags->code, "E0733");
		FC_CHECK_STR(t.ctx.diags->loc.file, "a.json");
		FC_CHECK(t.ctx.diags->loc.line == line);
		FC_CHECK(t.ctx.diags->loc.col == col);
		FC_CHECK(strstr(t.ctx.diags->msg, msg) != NULL);
	}
	fc_arena_free(t.ctx.arena);
}

static void test_json__errors(int *failures)
{
	check_error(failures, "{\"items\": [1,]}", 1, 14, "invalid JSON: unexpected token near ']'");
	check_error(failures, "{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 5, "duplicate object key");
	check_error(failures, "{\n  // a comment\n}", 2, 3, "invalid JSON");
	check_error(failures, "{\"a\": 'single'}", 1, 7, "invalid JSON");
	check_error(failures, "{\"a\": 1} {\"b\": 2}", 1, 10, "end of file expected");
	check_error(failures, "{\"a\": ", 1, 6, "near end of file");
	check_error(failures, "", 1, 1, "invalid JSON"); /* nothing at all: column 0 becomes 1 */
}

/* surrogate pairs become YAML's \U escape; an escaped backslash before
 * "ud83d" and a source without pairs are left alone */
static void test_json__for_yaml(int *failures)
{
	struct t t;
	const struct fc_source *y;

	setup(&t, "a.json", "{\"a\": \"x\\ud83d\\ude00y\\uD83D\\uDE01\", \"b\": \"\\\\ud83d\\u00e9\"}");
	y = fc_json_for_yaml(t.ctx.arena, &t.src);
	FC_CHECK(y != &t.src);
	FC_CHECK_STR(y->text, "{\"a\": \"x\\U0001f600y\\U0001f601\", \"b\": \"\\\\ud83d\\u00e9\"}");
	FC_CHECK(y->len == strlen(y->text) && y->maplen == 0);
	FC_CHECK_STR(y->name, "a.json");
	fc_arena_free(t.ctx.arena);

	setup(&t, "a.json", "{\"b\": \"\\\\ud83d\\ude00\", \"c\": \"\\u00e9\\\\\"}");
	FC_CHECK(fc_json_for_yaml(t.ctx.arena, &t.src) == &t.src);
	fc_arena_free(t.ctx.arena);
}

/* Argo CD's ARGOCD_APP_PARAMETERS (doc/argocd.md; facts/gitops.md §1.4):
 * the values, and the one-line error the CLI prints */
static void test_json__argocd_params(int *failures)
{
	struct fc_argocd_params p;

	FC_CHECK(fc_json_argocd_params(&p, NULL) == FC_OK);
	FC_CHECK(!p.value[FC_ARGOCD_DEFAULTS] && !p.error);
	fc_json_argocd_params_fini(&p);
	FC_CHECK(fc_json_argocd_params(&p, "[]") == FC_OK);
	fc_json_argocd_params_fini(&p);
	FC_CHECK(fc_json_argocd_params(&p, "[{\"name\": \"namespace\", \"string\": \"prod\"},"
	                                   " {\"name\": \"kube-version\", \"string\": \"1.30\"}]") == FC_OK);
	FC_CHECK_STR(p.value[FC_ARGOCD_NAMESPACE], "prod");
	FC_CHECK_STR(p.value[FC_ARGOCD_KUBE_VERSION], "1.30");
	FC_CHECK(!p.value[FC_ARGOCD_DEFAULTS] && !p.error);
	FC_CHECK_STR(fc_json_argocd_names[FC_ARGOCD_KUBE_VERSION], "kube-version");
	fc_json_argocd_params_fini(&p);
}

static void argocd_error(int *failures, const char *text, const char *want)
{
	struct fc_argocd_params p;

	FC_CHECK(fc_json_argocd_params(&p, text) == FC_INVALID);
	FC_CHECK_STR(p.error, want);
	fc_json_argocd_params_fini(&p);
}

static void test_json__argocd_params_errors(int *failures)
{
	char text[600], want[700];

	argocd_error(failures, "[{\"name\": \"namespace\", \"string\": \"x\"},]",
	             "ARGOCD_APP_PARAMETERS:1:39: error[E1002]: invalid JSON: unexpected token near ']'");
	argocd_error(failures, "{\"name\": \"namespace\"}",
	             "ARGOCD_APP_PARAMETERS: error[E1003]: expected a JSON array of parameters, got an object");
	argocd_error(failures, "[3]",
	             "ARGOCD_APP_PARAMETERS[0]: error[E1003]: expected an object {\"name\": ..., \"string\": ...}, "
	             "got a number");
	argocd_error(failures, "[{\"string\": \"x\"}]",
	             "ARGOCD_APP_PARAMETERS[0]: error[E1003]: name: expected a string, got nothing");
	argocd_error(failures, "[{\"name\": \"defaults\", \"string\": \"a\"}, {\"name\": \"defaults\", \"string\": \"b\"}]",
	             "ARGOCD_APP_PARAMETERS[1]: error[E1003]: parameter \"defaults\" is given twice");
	argocd_error(failures, "[{\"name\": \"namespace\", \"map\": {\"a\": \"b\"}}]",
	             "ARGOCD_APP_PARAMETERS[0]: error[E1003]: parameter \"namespace\": expected a string value "
	             "(\"string\": ...), got a map");
	argocd_error(failures, "[{\"name\": \"namespace\", \"string\": true}]",
	             "ARGOCD_APP_PARAMETERS[0]: error[E1003]: parameter \"namespace\": expected a string value "
	             "(\"string\": ...), got a boolean");
	/* a name longer than the message buffer: the whole name, once */
	snprintf(text, sizeof(text), "[{\"name\": \"%0500d\"}]", 7);
	snprintf(want, sizeof(want),
	         "ARGOCD_APP_PARAMETERS[0]: error[E1003]: unknown parameter \"%0500d\"; expected defaults, "
	         "namespace or kube-version",
	         7);
	argocd_error(failures, text, want);
}

const struct fc_test fc_json_tests[] = {
	{ "test_json__is_json", test_json__is_json },
	{ "test_json__valid", test_json__valid },
	{ "test_json__errors", test_json__errors },
	{ "test_json__for_yaml", test_json__for_yaml },
	{ "test_json__argocd_params", test_json__argocd_params },
	{ "test_json__argocd_params_errors", test_json__argocd_params_errors },
	{ NULL, NULL },
};
