/* SPDX-License-Identifier: Apache-2.0 */
/* validate_test.c - unit tests for validate.c: one test per keyword of the
 * supported subset (the message, code, path and line of each violation),
 * null handling, unknown fields and their suggestions, the implicit
 * resource fields, anyOf/allOf/oneOf/not, and the document entry point
 * with and without --crd schemas.
 */
#include "validate.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "schema.h"
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
	t->ctx.schemas = fc_schema_set_new();
}

static void teardown(struct t *t)
{
	fc_validate_fini(&t->ctx);
	fc_arena_free(t->ctx.arena);
}

static const struct fc_node *parse(struct t *t, const char *file, const char *text)
{
	const struct fc_node *n = fc_yaml_parse_string(&t->ctx, t->ctx.arena, file, text, strlen(text));
	if (!n)
		fprintf(stderr, "validate_test: bad test YAML:\n%s\n", text);
	return n;
}

/* validate doc against schema (both YAML texts); root: doc is a resource */
static void check(struct t *t, const char *schema, const char *doc, bool root)
{
	const struct fc_node *sn = parse(t, "s.yaml", schema), *dn = parse(t, "d.yaml", doc);
	const struct fc_schema *s;

	if (!sn || !dn) {
		t->rc = 99;
		return;
	}
	s = fc_schema_compile(t->ctx.schemas, &t->ctx, sn, "s");
	fc_schema_set_link(t->ctx.schemas, &t->ctx);
	t->rc = fc_validate_tree(&t->ctx, dn, s, root);
}

static unsigned count(const struct t *t, const char *code)
{
	const struct fc_diag *d;
	unsigned k = 0;

	for (d = t->ctx.diags; d; d = d->next)
		if (strcmp(d->code, code) == 0)
			k++;
	return k;
}

static unsigned ndiags(const struct t *t)
{
	const struct fc_diag *d;
	unsigned k = 0;

	for (d = t->ctx.diags; d; d = d->next)
		k++;
	return k;
}

/* the message of the diagnostic with this code on this line of d.yaml, or NULL */
static const char *msg_at(const struct t *t, const char *code, uint32_t line)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		if (strcmp(d->code, code) == 0 && d->loc.line == line && strcmp(d->loc.file, "d.yaml") == 0)
			return d->msg;
	return NULL;
}

static void dump(const struct t *t)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		fprintf(stderr, "  %s:%u:%u [%s] %s | %s\n", d->loc.file ? d->loc.file : "-", d->loc.line, d->loc.col,
		        d->code, d->path ? d->path : "-", d->msg);
}

/* exactly n diagnostics, else dump them */
#define EXPECT_N(t, n)                           \
	do {                                     \
		FC_CHECK(ndiags(t) == (n));      \
		if (ndiags(t) != (n))            \
			dump(t);                 \
	} while (0)

static const char job_schema[] =
	"type: object\n"
	"properties:\n"
	"  spec:\n"
	"    type: object\n"
	"    properties:\n"
	"      job:\n"
	"        type: object\n"
	"        properties:\n"
	"          parallelism: {type: integer}\n"
	"          jarURI: {type: string}\n"
	"          upgradeMode: {type: string, enum: [last-state, savepoint, stateless]}\n";

static void test_validate__type(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, job_schema, "spec:\n  job:\n    parallelism: four\n    jarURI: 12\n", false);
	FC_CHECK(t.rc == FC_ERR);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0603", 3), "spec.job.parallelism: expected integer, got string \"four\"");
	FC_CHECK_STR(msg_at(&t, "E0603", 4), "spec.job.jarURI: expected string, got integer 12; quote it to make it a string");
	teardown(&t);

	setup(&t);
	check(&t, "type: array\nitems: {type: number}\n", "[1, 2.5, '3', true, {}, []]\n", false);
	EXPECT_N(&t, 4);
	FC_CHECK(count(&t, "E0603") == 4);
	teardown(&t);

	setup(&t);
	check(&t, "type: array\nitems: {type: boolean}\n", "- true\n- 'true'\n- yes\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0603", 2), "[1]: expected boolean, got string \"true\"");
	teardown(&t);

	setup(&t);
	check(&t, "type: object", "- a\n", false);
	FC_CHECK_STR(msg_at(&t, "E0603", 1), "(root): expected object, got array");
	teardown(&t);
}

static void test_validate__properties_and_paths(int *failures)
{
	static const char schema[] =
		"type: object\n"
		"properties:\n"
		"  spec:\n"
		"    type: object\n"
		"    properties:\n"
		"      podTemplate:\n"
		"        type: object\n"
		"        properties:\n"
		"          spec:\n"
		"            type: object\n"
		"            properties:\n"
		"              containers:\n"
		"                type: array\n"
		"                items: {type: object, properties: {name: {type: string}, image: {type: string}}}\n";
	struct t t;

	setup(&t);
	check(&t, schema,
	      "spec:\n  podTemplate:\n    spec:\n      containers:\n      - name: a\n        image: [x]\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0603", 6), "spec.podTemplate.spec.containers[0].image: expected string, got array");
	teardown(&t);
}

static void test_validate__additional_properties(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: object\nadditionalProperties: {type: string}\n",
	      "a: x\nb.c/d: 1\ne: [1]\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0603", 2), "[b.c/d]: expected string, got integer 1; quote it to make it a string");
	FC_CHECK_STR(msg_at(&t, "E0603", 3), "e: expected string, got array");
	teardown(&t);

	setup(&t);
	check(&t, "type: object\nproperties: {a: {}}\nadditionalProperties: false\n", "a: 1\nb: 2\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0608", 2), "b: unknown field \"b\"");
	teardown(&t);

	setup(&t);
	check(&t, "type: object\nproperties: {a: {}}\nadditionalProperties: true\n", "a: 1\nb: 2\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);
}

static void test_validate__items(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: array\nitems: {type: array, items: {type: integer}}\n", "- [1, 2]\n- [3, x]\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0603", 2), "[1][1]: expected integer, got string \"x\"");
	teardown(&t);
}

static void test_validate__required(int *failures)
{
	static const char schema[] = "type: object\nproperties:\n  job:\n    type: object\n    required: [jarURI, parallelism]\n"
	                             "    properties: {jarURI: {type: string}, parallelism: {type: integer}}\n";
	struct t t;

	setup(&t);
	check(&t, schema, "job:\n  parallelism: 2\n", false);
	EXPECT_N(&t, 1);
	/* located at the parent's key */
	FC_CHECK_STR(msg_at(&t, "E0607", 1), "job.jarURI: required field is missing");
	teardown(&t);

	/* null is dropped by the API server: it does not satisfy required */
	setup(&t);
	check(&t, schema, "job:\n  jarURI:\n  parallelism: 2\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK(count(&t, "E0607") == 1);
	teardown(&t);
}

static void test_validate__enum(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, job_schema, "spec:\n  job:\n    upgradeMode: savepiont\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0604", 3),
	             "spec.job.upgradeMode: unsupported value \"savepiont\"; expected one of \"last-state\", "
	             "\"savepoint\", \"stateless\"; did you mean \"savepoint\"?");
	teardown(&t);

	setup(&t);
	check(&t, "enum: [1, 2.5, true]\n", "2.50\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);

	setup(&t);
	check(&t, "enum: [1, 2.5, true]\n", "'1'\n", false);
	FC_CHECK_STR(msg_at(&t, "E0604", 1), "(root): unsupported value \"1\"; expected one of 1, 2.5, true");
	teardown(&t);
}

static void test_validate__pattern(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: array\nitems: {type: string, pattern: '^[a-z]+$'}\n", "- abc\n- \"abc\\n\"\n- Abc\n", false);
	EXPECT_N(&t, 2);
	/* $ matches only at the very end (RE2), not before a final newline */
	FC_CHECK_STR(msg_at(&t, "E0605", 2), "[1]: \"abc\\n\" does not match the pattern \"^[a-z]+$\"");
	FC_CHECK(msg_at(&t, "E0605", 3) != NULL);
	teardown(&t);

	/* only strings are matched */
	setup(&t);
	check(&t, "x-kubernetes-int-or-string: true\npattern: '^[a-z]+$'\n", "12\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);
}

static void test_validate__pattern_too_complex(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: string\npattern: '^(a+)+$'\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n", false);
	FC_CHECK(t.rc == FC_ERR);
	EXPECT_N(&t, 1);
	FC_CHECK(msg_at(&t, "E0610", 1) != NULL);
	FC_CHECK(msg_at(&t, "E0610", 1) && strstr(msg_at(&t, "E0610", 1), "pattern too complex for value"));
	teardown(&t);
}

static void test_validate__format_int32_int64(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: array\nitems: {type: integer, format: int32}\n",
	      "- 2147483647\n- 2147483648\n- -2147483648\n- -2147483649\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0606", 2), "[1]: 2147483648 is out of range for int32 (-2147483648 to 2147483647)");
	FC_CHECK(msg_at(&t, "E0606", 4) != NULL);
	teardown(&t);

	setup(&t);
	check(&t, "type: array\nitems: {type: integer, format: int64}\n",
	      "- 9223372036854775807\n- -9223372036854775808\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);
}

static void test_validate__format_strings(int *failures)
{
	struct t t;

	setup(&t);
	check(&t,
	      "type: object\nproperties:\n  b: {type: string, format: byte}\n  t: {type: string, format: date-time}\n"
	      "  d: {type: string, format: date}\n  q: {x-kubernetes-int-or-string: true, format: quantity}\n",
	      "b: aGVsbG8=\nt: '2024-02-29T12:30:00.5+01:00'\nd: '2024-02-30'\nq: 2Gx\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0606", 3), "d: \"2024-02-30\" is not an RFC 3339 date (2006-01-02)");
	FC_CHECK(msg_at(&t, "E0606", 4) != NULL);
	teardown(&t);

	setup(&t);
	check(&t, "type: object\nproperties:\n  b: {type: string, format: byte}\n  t: {type: string, format: date-time}\n"
	          "  q: {format: quantity}\n",
	      "b: 'not base64'\nt: '2024-01-01 25:00:00Z'\nq: 500m\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK(msg_at(&t, "E0606", 1) != NULL && msg_at(&t, "E0606", 2) != NULL);
	teardown(&t);
}

static void test_validate__minimum_maximum(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: array\nitems: {type: number, minimum: 1, maximum: 10}\n", "[1, 10, 0, 10.5, 0.99]\n", false);
	EXPECT_N(&t, 3);
	FC_CHECK(count(&t, "E0606") == 3);
	teardown(&t);

	setup(&t);
	check(&t, "type: object\nproperties:\n  lo: {type: integer, minimum: 0, exclusiveMinimum: true}\n"
	          "  hi: {type: number, maximum: 1.5, exclusiveMaximum: true}\n",
	      "lo: 0\nhi: 1.5\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0606", 1), "lo: must be greater than 0, got 0");
	FC_CHECK_STR(msg_at(&t, "E0606", 2), "hi: must be less than 1.5, got 1.5");
	teardown(&t);

	setup(&t);
	check(&t, "type: integer\nminimum: 1\n", "0\n", false);
	FC_CHECK_STR(msg_at(&t, "E0606", 1), "(root): must be at least 1, got 0");
	teardown(&t);
}

static void test_validate__min_max_length(int *failures)
{
	struct t t;

	setup(&t);
	/* lengths count characters, not bytes: "héllo" is 5 */
	check(&t, "type: array\nitems: {type: string, minLength: 2, maxLength: 5}\n", "- héllo\n- a\n- toolong\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0606", 2), "[1]: must be at least 2 characters long, got 1");
	FC_CHECK_STR(msg_at(&t, "E0606", 3), "[2]: must be at most 5 characters long, got 7");
	teardown(&t);
}

static void test_validate__min_max_items(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: object\nproperties:\n  a: {type: array, minItems: 1}\n  b: {type: array, maxItems: 2}\n",
	      "a: []\nb: [1, 2, 3]\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0606", 1), "a: must have at least 1 item, got 0");
	FC_CHECK_STR(msg_at(&t, "E0606", 2), "b: must have at most 2 items, got 3");
	teardown(&t);
}

static void test_validate__nullable(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: array\nitems: {type: string, nullable: true}\n", "[a, null, ~]\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);

	setup(&t);
	check(&t, "type: array\nitems: {type: string}\n", "[a, null]\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0603", 1), "[1]: expected string, got null");
	teardown(&t);

	/* an object field set to null is dropped, as the API server does */
	setup(&t);
	check(&t, job_schema, "spec:\n  job:\n    parallelism:\n    jarURI: null\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);
}

static void test_validate__preserve_unknown_fields(int *failures)
{
	static const char schema[] = "type: object\nproperties:\n  conf:\n    x-kubernetes-preserve-unknown-fields: true\n"
	                             "    properties: {known: {type: integer}}\n";
	struct t t;

	setup(&t);
	check(&t, schema, "conf:\n  a.b: 1\n  nested: {x: [1, {y: 2}]}\n  known: x\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0603", 4), "conf.known: expected integer, got string \"x\"");
	teardown(&t);
}

static void test_validate__int_or_string(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: object\nadditionalProperties: {anyOf: [{type: integer}, {type: string}], "
	          "x-kubernetes-int-or-string: true}\n",
	      "cpu: 1\nmemory: 2Gi\nhalf: 0.5\nlist: [1]\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK_STR(msg_at(&t, "E0603", 3), "half: expected integer or string, got number 0.5; quote it to make it a string");
	FC_CHECK_STR(msg_at(&t, "E0603", 4), "list: expected integer or string, got array");
	teardown(&t);
}

static void test_validate__any_of(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "anyOf: [{type: integer, minimum: 10}, {type: string, pattern: '^x'}]\n", "5\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0609", 1),
	             "(root): matches none of the anyOf alternatives: (1) must be at least 10, got 5; "
	             "(2) expected string, got integer 5; quote it to make it a string");
	teardown(&t);

	setup(&t);
	check(&t, "anyOf: [{type: integer, minimum: 10}, {type: string, pattern: '^x'}]\n", "[12, xy]\n", false);
	FC_CHECK(t.rc == FC_ERR); /* an array is neither */
	teardown(&t);

	setup(&t);
	check(&t, "type: array\nitems: {anyOf: [{type: integer, minimum: 10}, {type: string, pattern: '^x'}]}\n",
	      "[12, xy]\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);

	/* the branches agree: their common error is reported as it is */
	setup(&t);
	check(&t, "type: object\nproperties: {a: {}, b: {}}\nanyOf: [{required: [a]}, {required: [a]}]\n", "b: 1\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0607", 1), "a: required field is missing");
	teardown(&t);

	/* a branch's nested problem is named with its path; unknown fields are
	 * not judged inside branches */
	setup(&t);
	check(&t, "type: object\nproperties: {a: {}, b: {}}\n"
	          "anyOf: [{properties: {a: {type: string}}}, {required: [b]}]\n",
	      "a: 1\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0609", 1),
	             "(root): matches none of the anyOf alternatives: (1) a: expected string, got integer 1; quote it "
	             "to make it a string; (2) b: required field is missing");
	teardown(&t);
}

static void test_validate__all_of(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "allOf: [{type: integer}, {minimum: 3}, {maximum: 1}]\n", "2\n", false);
	EXPECT_N(&t, 2);
	FC_CHECK(count(&t, "E0606") == 2);
	teardown(&t);
}

static void test_validate__one_of(int *failures)
{
	static const char schema[] = "type: object\nproperties: {a: {}, b: {}}\noneOf: [{required: [a]}, {required: [b]}]\n";
	struct t t;

	setup(&t);
	check(&t, schema, "a: 1\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);

	setup(&t);
	check(&t, schema, "a: 1\nb: 2\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0609", 1), "(root): matches more than one of the oneOf alternatives (1 and 2)");
	teardown(&t);

	setup(&t);
	check(&t, schema, "{}\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0609", 1),
	             "(root): matches none of the oneOf alternatives: (1) a: required field is missing; (2) b: "
	             "required field is missing");
	teardown(&t);
}

/* a null field that the structural schema makes nullable satisfies
 * `required` inside a branch too */
static void test_validate__one_of_nullable(int *failures)
{
	static const char schema[] = "type: object\nproperties: {a: {type: integer}, b: {type: string, nullable: true}}\n"
	                             "oneOf: [{required: [a]}, {required: [b]}]\n";
	struct t t;

	setup(&t);
	check(&t, schema, "b: null\n", false);
	EXPECT_N(&t, 0);
	teardown(&t);

	setup(&t);
	check(&t, schema, "a: null\n", false); /* dropped: a is not nullable */
	EXPECT_N(&t, 1);
	FC_CHECK(count(&t, "E0609") == 1);
	teardown(&t);
}

static void test_validate__not(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, "type: array\nitems: {type: string, not: {enum: [latest]}}\n", "[v1, latest]\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK_STR(msg_at(&t, "E0609", 1), "[1]: must not match the schema under \"not\"");
	teardown(&t);
}

static void test_validate__unknown_field_suggestion(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, job_schema, "spec:\n  job:\n    parralelism: 2\n    zzz: 1\n  jobb: {}\n", false);
	EXPECT_N(&t, 3);
	FC_CHECK_STR(msg_at(&t, "E0608", 3), "spec.job.parralelism: unknown field \"parralelism\"; did you mean \"parallelism\"?");
	FC_CHECK_STR(msg_at(&t, "E0608", 4), "spec.job.zzz: unknown field \"zzz\"");
	FC_CHECK_STR(msg_at(&t, "E0608", 5), "spec.jobb: unknown field \"jobb\"; did you mean \"job\"?");
	teardown(&t);

	/* equally close names: no suggestion */
	setup(&t);
	check(&t, "type: object\nproperties: {ab: {}, ac: {}}\n", "ad: 1\n", false);
	FC_CHECK_STR(msg_at(&t, "E0608", 1), "ad: unknown field \"ad\"");
	teardown(&t);

	/* --allow-unknown-fields: warnings, and the document passes */
	setup(&t);
	t.opts.allow_unknown_fields = true;
	check(&t, job_schema, "spec:\n  job:\n    parralelism: 2\n", false);
	FC_CHECK(t.rc == 0 && t.ctx.nerrors == 0 && t.ctx.nwarnings == 1);
	FC_CHECK_STR(msg_at(&t, "W0608", 3), "spec.job.parralelism: unknown field \"parralelism\"; did you mean \"parallelism\"?");
	teardown(&t);
}

static void test_validate__root_and_embedded_resources(int *failures)
{
	static const char schema[] = "type: object\nproperties:\n  spec:\n    type: object\n    properties:\n"
	                             "      template: {type: object, x-kubernetes-embedded-resource: true, properties: {spec: {}}}\n";
	struct t t;

	setup(&t);
	check(&t, schema,
	      "apiVersion: v1\nkind: X\nmetadata: {name: a, uid: u}\nspec:\n  template:\n    kind: Pod\n"
	      "    metadata: {name: b}\n    spec: {}\n",
	      true);
	EXPECT_N(&t, 0);
	teardown(&t);

	/* not a resource: the same fields are unknown */
	setup(&t);
	check(&t, "type: object\nproperties: {spec: {}}\n", "kind: X\nspec: {}\n", false);
	EXPECT_N(&t, 1);
	FC_CHECK(count(&t, "E0608") == 1);
	teardown(&t);
}

/* recursive references descend into the document; a loop of references
 * (B -> C -> B) and a reference inside a combinator (which could loop on
 * the same value) are schema errors, and validation still terminates */
static void test_validate__ref_cycles(int *failures)
{
	static const char text[] = "kind: A\napiVersion: v1\nschema:\n  type: object\n"
	                           "  properties: {self: {x-flinkc-ref: A}, n: {type: integer}}\n---\n"
	                           "kind: B\napiVersion: v1\nschema: {x-flinkc-ref: C}\n---\n"
	                           "kind: C\napiVersion: v1\nschema: {x-flinkc-ref: B}\n---\n"
	                           "kind: D\napiVersion: v1\nschema: {allOf: [{x-flinkc-ref: D}]}\n";
	struct t t;
	const struct fc_node *doc;

	setup(&t);
	FC_CHECK(fc_schema_set_load_builtin(t.ctx.schemas, &t.ctx, "c.yaml", text, strlen(text)) == FC_ERR);
	FC_CHECK(count(&t, "E0601") == 1); /* D */
	FC_CHECK(fc_schema_set_link(t.ctx.schemas, &t.ctx) == FC_ERR);
	FC_CHECK(count(&t, "E0601") == 3); /* D, and the B <-> C loop twice */
	doc = parse(&t, "d.yaml", "n: x\nself: {self: {n: 1, m: 2}}\n");
	FC_CHECK(fc_validate_tree(&t.ctx, doc, fc_schema_set_find(t.ctx.schemas, "v1", "A")->schema, false) == FC_ERR);
	FC_CHECK(count(&t, "E0603") == 1 && count(&t, "E0608") == 1);
	FC_CHECK(msg_at(&t, "E0603", 1) != NULL && msg_at(&t, "E0608", 2) != NULL);
	FC_CHECK(fc_validate_tree(&t.ctx, doc, fc_schema_set_find(t.ctx.schemas, "v1", "B")->schema, false) == 0);
	teardown(&t);
}

static void test_validate__every_violation(int *failures)
{
	struct t t;

	setup(&t);
	check(&t, job_schema,
	      "spec:\n  job:\n    parallelism: x\n    jarURI: [a]\n    upgradeMode: now\n    extra: 1\n  other: 2\n",
	      false);
	EXPECT_N(&t, 5);
	teardown(&t);
}

static void test_validate__document_without_schema(int *failures)
{
	static const char doc[] = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkBlueGreenDeployment\nmetadata: {name: a}\n";
	struct t t;

	/* a kind without a built-in schema, and no --crd: nothing to say */
	setup(&t);
	fc_validate_fini(&t.ctx);
	FC_CHECK(fc_validate_document(&t.ctx, parse(&t, "d.yaml", doc)) == 0);
	EXPECT_N(&t, 0);
	teardown(&t);

	/* --crd without that kind: W0611 */
	FC_NEEDS("../shared/upstream/operator/crds/flinksessionjobs.flink.apache.org-v1.yml");
	setup(&t);
	{
		static const char *const crds[] = {
			"../shared/upstream/operator/crds/flinksessionjobs.flink.apache.org-v1.yml",
		};
		fc_validate_fini(&t.ctx);
		t.opts.crd_files = crds;
		t.opts.ncrd_files = 1;
		FC_CHECK(fc_validate_init(&t.ctx) == 0);
		FC_CHECK(fc_validate_document(&t.ctx, parse(&t, "d.yaml", doc)) == 0);
		EXPECT_N(&t, 1);
		FC_CHECK_STR(msg_at(&t, "W0611", 2),
		             "kind: no schema for flink.apache.org/v1beta1 FlinkBlueGreenDeployment in the --crd files; not "
		             "validated");
	}
	teardown(&t);
}

/* a CRD with schema errors: reported once, and documents are not validated against it */
static void test_validate__document_broken_crd(int *failures)
{
	char path[] = "/tmp/flinkc-unit-crd-XXXXXX";
	const char *crds[1] = { path };
	static const char crd[] = "kind: CustomResourceDefinition\nspec:\n  group: flink.apache.org\n"
	                          "  names: {kind: FlinkDeployment}\n  versions:\n  - name: v1beta1\n"
	                          "    schema: {openAPIV3Schema: {type: object, properties: {spec: {type: strnig}}}}\n";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct t t;

	FC_CHECK(f != NULL);
	if (!f)
		return;
	fputs(crd, f);
	fclose(f);
	setup(&t);
	fc_validate_fini(&t.ctx);
	t.opts.crd_files = crds;
	t.opts.ncrd_files = 1;
	FC_CHECK(fc_validate_init(&t.ctx) == FC_ERR);
	FC_CHECK(fc_validate_document(&t.ctx, parse(&t, "d.yaml",
	                                            "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n"
	                                            "metadata: {name: a}\nspec: 1\nextra: 2\n")) == 0);
	FC_CHECK(count(&t, "E0601") == 1 && ndiags(&t) == 1);
	teardown(&t);
	remove(path);
}

static void test_validate__document_with_crd(int *failures)
{
	static const char *const crds[] = {
		"../shared/upstream/operator/crds/flinkdeployments.flink.apache.org-v1.yml",
	};
	struct t t;

	FC_NEEDS(crds[0]);
	setup(&t);
	fc_validate_fini(&t.ctx);
	t.opts.crd_files = crds;
	t.opts.ncrd_files = 1;
	FC_CHECK(fc_validate_document(&t.ctx, parse(&t, "d.yaml",
	                                            "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n"
	                                            "metadata: {name: a}\n"
	                                            "spec:\n  job: {parallelism: four}\n"
	                                            "  taskManager:\n    resources: {requests: {cpu: 0.5}}\n"
	                                            "  podTemplate:\n    spec:\n      containers:\n"
	                                            "      - name: main\n        imagee: x\n")) == FC_ERR);
	EXPECT_N(&t, 3);
	FC_CHECK_STR(msg_at(&t, "E0603", 5), "spec.job.parallelism: expected integer, got string \"four\"");
	FC_CHECK_STR(msg_at(&t, "E0603", 7),
	             "spec.taskManager.resources.requests.cpu: expected integer or string, got number 0.5; quote it to "
	             "make it a string");
	FC_CHECK_STR(msg_at(&t, "E0608", 12),
	             "spec.podTemplate.spec.containers[0].imagee: unknown field \"imagee\"; did you mean \"image\"?");
	teardown(&t);
}

const struct fc_test fc_validate_tests[] = {
	{ "test_validate__type", test_validate__type },
	{ "test_validate__properties_and_paths", test_validate__properties_and_paths },
	{ "test_validate__additional_properties", test_validate__additional_properties },
	{ "test_validate__items", test_validate__items },
	{ "test_validate__required", test_validate__required },
	{ "test_validate__enum", test_validate__enum },
	{ "test_validate__pattern", test_validate__pattern },
	{ "test_validate__pattern_too_complex", test_validate__pattern_too_complex },
	{ "test_validate__format_int32_int64", test_validate__format_int32_int64 },
	{ "test_validate__format_strings", test_validate__format_strings },
	{ "test_validate__minimum_maximum", test_validate__minimum_maximum },
	{ "test_validate__min_max_length", test_validate__min_max_length },
	{ "test_validate__min_max_items", test_validate__min_max_items },
	{ "test_validate__nullable", test_validate__nullable },
	{ "test_validate__preserve_unknown_fields", test_validate__preserve_unknown_fields },
	{ "test_validate__int_or_string", test_validate__int_or_string },
	{ "test_validate__any_of", test_validate__any_of },
	{ "test_validate__all_of", test_validate__all_of },
	{ "test_validate__one_of", test_validate__one_of },
	{ "test_validate__one_of_nullable", test_validate__one_of_nullable },
	{ "test_validate__not", test_validate__not },
	{ "test_validate__unknown_field_suggestion", test_validate__unknown_field_suggestion },
	{ "test_validate__root_and_embedded_resources", test_validate__root_and_embedded_resources },
	{ "test_validate__ref_cycles", test_validate__ref_cycles },
	{ "test_validate__every_violation", test_validate__every_violation },
	{ "test_validate__document_without_schema", test_validate__document_without_schema },
	{ "test_validate__document_broken_crd", test_validate__document_broken_crd },
	{ "test_validate__document_with_crd", test_validate__document_with_crd },
	{ NULL, NULL },
};
