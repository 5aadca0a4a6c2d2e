/* SPDX-License-Identifier: Apache-2.0 */
/* schema_test.c - unit tests for schema.c: what each supported keyword
 * compiles to, ignored keywords, schema errors (E0601/E0602) with their
 * locations, CRDs (v1 and the older v1beta1 layout, the real upstream
 * files), built-in schema files and x-flinkc-ref links.
 */
#include "schema.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "embed.h"
#include "node.h"
#include "test.h"
#include "yaml.h"

struct t {
	struct fc_ctx ctx;
	struct fc_options opts;
	struct fc_schema_set *set;
};

static void setup(struct t *t)
{
	memset(t, 0, sizeof(*t));
	t->ctx.arena = fc_arena_new();
	t->ctx.opts = &t->opts;
	t->ctx.sources_tail = &t->ctx.sources;
	t->set = fc_schema_set_new();
}

static void teardown(struct t *t)
{
	fc_schema_set_free(t->set);
	fc_arena_free(t->ctx.arena);
}

static const struct fc_node *parse(struct t *t, const char *text)
{
	const struct fc_node *n = fc_yaml_parse_string(&t->ctx, t->ctx.arena, "s.yaml", text, strlen(text));
	if (!n)
		fprintf(stderr, "schema_test: bad test YAML:\n%s\n", text);
	return n;
}

static const struct fc_schema *sc(struct t *t, const char *text)
{
	const struct fc_node *n = parse(t, text);
	return n ? fc_schema_compile(t->set, &t->ctx, n, "s") : NULL;
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

/* the message of the diagnostic with this code on this line, or NULL */
static const char *msg_at(const struct t *t, const char *code, uint32_t line)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		if (strcmp(d->code, code) == 0 && d->loc.line == line)
			return d->msg;
	return NULL;
}

static void dump(const struct t *t)
{
	const struct fc_diag *d;

	for (d = t->ctx.diags; d; d = d->next)
		fprintf(stderr, "  %s:%u:%u [%s] %s\n", d->loc.file ? d->loc.file : "-", d->loc.line, d->loc.col,
		        d->code, d->msg);
}

static void test_schema__type(int *failures)
{
	static const struct {
		const char *text;
		enum fc_schema_type type;
		const char *name;
	} cases[] = {
		{ "type: object", FC_SCHEMA_OBJECT, "object" },    { "type: array", FC_SCHEMA_ARRAY, "array" },
		{ "type: string", FC_SCHEMA_STRING, "string" },    { "type: integer", FC_SCHEMA_INTEGER, "integer" },
		{ "type: number", FC_SCHEMA_NUMBER, "number" },    { "type: boolean", FC_SCHEMA_BOOLEAN, "boolean" },
		{ "description: any", FC_SCHEMA_ANY, "any" },
	};
	size_t i;
	struct t t;

	setup(&t);
	for (i = 0; i < countof(cases); i++) {
		const struct fc_schema *s = sc(&t, cases[i].text);
		FC_CHECK(s && s->type == cases[i].type);
		if (s)
			FC_CHECK_STR(fc_schema_type_name(s), cases[i].name);
	}
	FC_CHECK(t.ctx.nerrors == 0);
	teardown(&t);
}

static void test_schema__properties_sorted(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "type: object\nproperties:\n  zeta: {type: string}\n  alpha: {type: integer}\n  mid: {}\n");
	FC_CHECK(s && s->nprops == 3);
	if (s && s->nprops == 3) {
		FC_CHECK_STR(s->props[0].name, "alpha");
		FC_CHECK_STR(s->props[1].name, "mid");
		FC_CHECK_STR(s->props[2].name, "zeta");
		FC_CHECK(fc_schema_property(s, "alpha")->type == FC_SCHEMA_INTEGER);
		FC_CHECK(fc_schema_property(s, "zeta")->type == FC_SCHEMA_STRING);
		FC_CHECK(fc_schema_property(s, "nope") == NULL);
	}
	teardown(&t);
}

static void test_schema__additional_properties(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "type: object\nadditionalProperties: {type: string}\n");
	FC_CHECK(s && s->additional && s->additional->type == FC_SCHEMA_STRING);
	FC_CHECK(s && fc_schema_property(s, "anything") == s->additional);
	s = sc(&t, "type: object\nadditionalProperties: false\n");
	FC_CHECK(s && (s->flags & FC_SCHEMA_ADDITIONAL_FALSE) && !s->additional);
	s = sc(&t, "type: object\nadditionalProperties: true\n");
	FC_CHECK(s && (s->flags & FC_SCHEMA_ADDITIONAL_TRUE));
	s = sc(&t, "additionalProperties: 3\n");
	FC_CHECK(count(&t, "E0601") == 1);
	FC_CHECK_STR(msg_at(&t, "E0601", 1), "schema error: s.additionalProperties: expected a boolean or a schema, got integer");
	teardown(&t);
}

static void test_schema__items_required_enum(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "type: array\nitems: {type: integer}\nminItems: 1\nmaxItems: 3\n");
	FC_CHECK(s && s->items && s->items->type == FC_SCHEMA_INTEGER);
	FC_CHECK(s && s->min_items == 1 && s->max_items == 3 && s->min_length == -1 && s->max_length == -1);
	s = sc(&t, "type: object\nrequired: [b, a]\n");
	FC_CHECK(s && s->nrequired == 2);
	if (s && s->nrequired == 2) {
		FC_CHECK_STR(s->required[0], "b");
		FC_CHECK_STR(s->required[1], "a");
	}
	s = sc(&t, "enum: [running, suspended, 3, null]\n");
	FC_CHECK(s && s->nenum == 4);
	if (s && s->nenum == 4) {
		FC_CHECK(s->enum_vals[0]->kind == FC_NODE_STR);
		FC_CHECK(s->enum_vals[2]->kind == FC_NODE_INT);
		FC_CHECK(s->enum_vals[3]->kind == FC_NODE_NULL);
	}
	s = sc(&t, "items: [{type: string}]\n");
	FC_CHECK(s && !s->items);
	FC_CHECK(count(&t, "E0601") == 1);
	teardown(&t);
}

static void test_schema__pattern_and_format(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "type: string\npattern: '^[a-z]+$'\nformat: date-time\nminLength: 2\nmaxLength: 8\n");
	FC_CHECK(s && s->re && s->pattern && strcmp(s->pattern, "^[a-z]+$") == 0);
	FC_CHECK(s && s->format == FC_SCHEMA_FORMAT_DATE_TIME && strcmp(s->format_name, "date-time") == 0);
	FC_CHECK(s && s->min_length == 2 && s->max_length == 8);
	s = sc(&t, "format: int32");
	FC_CHECK(s && s->format == FC_SCHEMA_FORMAT_INT32);
	s = sc(&t, "format: int-or-string");
	FC_CHECK(s && (s->flags & FC_SCHEMA_INT_OR_STRING));
	s = sc(&t, "format: hostname"); /* unknown formats are ignored */
	FC_CHECK(s && s->format == FC_SCHEMA_FORMAT_NONE && strcmp(s->format_name, "hostname") == 0);
	FC_CHECK(t.ctx.nerrors == 0);
	teardown(&t);
}

static void test_schema__bounds(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "type: integer\nminimum: 1\nmaximum: 10\nexclusiveMaximum: true\n");
	FC_CHECK(s && s->minimum.set && s->minimum.is_int && s->minimum.i == 1 && !s->minimum.exclusive);
	FC_CHECK(s && s->maximum.set && s->maximum.i == 10 && s->maximum.exclusive);
	/* the boolean may come first */
	s = sc(&t, "exclusiveMinimum: true\nminimum: 0.5\n");
	FC_CHECK(s && s->minimum.set && !s->minimum.is_int && s->minimum.d == 0.5 && s->minimum.exclusive);
	if (s)
		FC_CHECK_STR(s->minimum.text, "0.5");
	/* JSON Schema 2019: the bound itself */
	s = sc(&t, "exclusiveMinimum: 0\n");
	FC_CHECK(s && s->minimum.set && s->minimum.exclusive && s->minimum.i == 0);
	s = sc(&t, "minimum: low\nminLength: -1\nmaxItems: 1.5\n");
	FC_CHECK(count(&t, "E0601") == 3);
	teardown(&t);
}

static void test_schema__flags_and_annotations(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "nullable: true\nx-kubernetes-preserve-unknown-fields: true\nx-kubernetes-int-or-string: true\n"
	           "x-kubernetes-embedded-resource: true\ndefault: 4\ndescription: the parallelism\n"
	           "x-flinkc-rules: [E0316, E0317]\n");
	FC_CHECK(s && (s->flags & FC_SCHEMA_NULLABLE) && (s->flags & FC_SCHEMA_PRESERVE_UNKNOWN) &&
	         (s->flags & FC_SCHEMA_INT_OR_STRING) && (s->flags & FC_SCHEMA_EMBEDDED_RESOURCE));
	FC_CHECK(s && s->default_ && s->default_->kind == FC_NODE_INT && strcmp(s->default_->str, "4") == 0);
	FC_CHECK(s && s->description && strcmp(s->description, "the parallelism") == 0);
	FC_CHECK(s && s->nrules == 2 && strcmp(s->rules[1], "E0317") == 0);
	if (s)
		FC_CHECK_STR(fc_schema_type_name(s), "integer or string");
	s = sc(&t, "nullable: 'yes'\n");
	FC_CHECK(count(&t, "E0601") == 1);
	teardown(&t);
}

static void test_schema__combinators(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "anyOf: [{type: integer}, {type: string}]\nallOf: [{minimum: 0}]\n"
	           "oneOf: [{required: [a]}, {required: [b]}, {}]\nnot: {enum: [x]}\n");
	FC_CHECK(s && s->nany_of == 2 && s->any_of[1]->type == FC_SCHEMA_STRING);
	FC_CHECK(s && s->nall_of == 1 && s->all_of[0]->minimum.set);
	FC_CHECK(s && s->none_of == 3);
	FC_CHECK(s && s->not_ && s->not_->nenum == 1);
	s = sc(&t, "anyOf: []\n");
	s = sc(&t, "oneOf: [3]\n");
	s = sc(&t, "not: [a]\n");
	FC_CHECK(count(&t, "E0601") == 3);
	teardown(&t);
}

static void test_schema__ignored_keywords(int *failures)
{
	struct t t;
	const struct fc_schema *s;

	setup(&t);
	s = sc(&t, "type: array\ntitle: T\nexample: [1]\nuniqueItems: true\nx-kubernetes-list-type: set\n"
	           "x-kubernetes-validations: [{rule: self.size() > 0}]\nmultipleOf: 2\nfoo: bar\n");
	FC_CHECK(s && s->type == FC_SCHEMA_ARRAY);
	FC_CHECK(t.ctx.nerrors == 0 && t.ctx.nwarnings == 0);
	teardown(&t);
}

static void test_schema__errors_located(int *failures)
{
	struct t t;

	setup(&t);
	sc(&t, "type: object\nproperties:\n  a:\n    type: strnig\n  b:\n    pattern: '(?=x)'\n  c: 5\n");
	if (t.ctx.nerrors != 3)
		dump(&t);
	FC_CHECK_STR(msg_at(&t, "E0601", 4),
	             "schema error: s.properties.a.type: unknown type \"strnig\"; expected object, array, string, integer, "
	             "number or boolean");
	FC_CHECK_STR(msg_at(&t, "E0602", 6),
	             "schema error: s.properties.b.pattern: \"(?=x)\" is not a valid RE2 regular expression: "
	             "lookahead (?= is not supported (at offset 0)");
	FC_CHECK_STR(msg_at(&t, "E0601", 7), "schema error: s.properties.c: expected a schema (object), got integer");
	teardown(&t);
}

static const char crd_text[] =
	"apiVersion: apiextensions.k8s.io/v1\n"
	"kind: CustomResourceDefinition\n"
	"metadata: {name: widgets.example.com}\n"
	"spec:\n"
	"  group: example.com\n"
	"  names: {kind: Widget, plural: widgets}\n"
	"  versions:\n"
	"  - name: v1\n"
	"    schema:\n"
	"      openAPIV3Schema:\n"
	"        type: object\n"
	"        properties: {spec: {type: object, properties: {size: {type: integer}}}}\n"
	"  - name: v2\n"
	"    schema:\n"
	"      openAPIV3Schema: {type: object}\n"
	"  - name: v0\n";

static void test_schema__crd_versions(int *failures)
{
	struct t t;
	const struct fc_schema_entry *e;

	setup(&t);
	FC_CHECK(fc_schema_set_add_crd(t.set, &t.ctx, parse(&t, crd_text)) == 0);
	FC_CHECK(t.set->nentries == 2);
	e = fc_schema_set_find(t.set, "example.com/v1", "Widget");
	FC_CHECK(e && fc_schema_property(fc_schema_property(e->schema, "spec"), "size")->type == FC_SCHEMA_INTEGER);
	FC_CHECK(e && e->loc.line == 11);
	FC_CHECK(fc_schema_set_find(t.set, "example.com/v2", "Widget") != NULL);
	FC_CHECK(fc_schema_set_find(t.set, "example.com/v0", "Widget") == NULL);
	FC_CHECK(fc_schema_set_has_kind(t.set, "Widget") && !fc_schema_set_has_kind(t.set, "Gadget"));
	/* the same CRD again: a second schema for each version */
	FC_CHECK(fc_schema_set_add_crd(t.set, &t.ctx, parse(&t, crd_text)) == FC_ERR);
	FC_CHECK(count(&t, "E0601") == 2);
	teardown(&t);
}

static void test_schema__crd_v1beta1_layout(int *failures)
{
	struct t t;

	setup(&t);
	FC_CHECK(fc_schema_set_add_crd(t.set, &t.ctx,
	                               parse(&t, "kind: CustomResourceDefinition\n"
	                                         "spec:\n  group: g.io\n  version: v1alpha1\n"
	                                         "  names: {kind: Old}\n"
	                                         "  validation: {openAPIV3Schema: {type: object}}\n")) == 0);
	FC_CHECK(fc_schema_set_find(t.set, "g.io/v1alpha1", "Old") != NULL);
	FC_CHECK(fc_schema_set_add_crd(t.set, &t.ctx, parse(&t, "kind: CustomResourceDefinition\nspec: {}\n")) ==
	         FC_ERR);
	FC_CHECK(count(&t, "E0601") == 1);
	teardown(&t);
}

static void test_schema__upstream_crd_files(int *failures)
{
	struct t t;
	const struct fc_schema_entry *e;
	const struct fc_schema *spec;

	FC_NEEDS("../shared/upstream/operator/crds/flinkdeployments.flink.apache.org-v1.yml");
	setup(&t);
	FC_CHECK(fc_schema_set_load_crd_file(
			 t.set, &t.ctx, "../shared/upstream/operator/crds/flinkdeployments.flink.apache.org-v1.yml") == 0);
	FC_CHECK(fc_schema_set_load_crd_file(
			 t.set, &t.ctx, "../shared/upstream/operator/crds/flinksessionjobs.flink.apache.org-v1.yml") == 0);
	if (t.ctx.nerrors)
		dump(&t);
	FC_CHECK(t.set->from_crds && !t.set->load_failed);
	e = fc_schema_set_find(t.set, "flink.apache.org/v1beta1", "FlinkDeployment");
	spec = e ? fc_schema_property(e->schema, "spec") : NULL;
	FC_CHECK(spec && fc_schema_property(spec, "flinkConfiguration")->flags & FC_SCHEMA_PRESERVE_UNKNOWN);
	FC_CHECK(spec && fc_schema_property(spec, "flinkVersion")->nenum == 13);
	FC_CHECK(spec && fc_schema_property(fc_schema_property(fc_schema_property(spec, "jobManager"), "resources"),
	                                    "requests")->additional->flags & FC_SCHEMA_INT_OR_STRING);
	FC_CHECK(fc_schema_set_find(t.set, "flink.apache.org/v1beta1", "FlinkSessionJob") != NULL);
	teardown(&t);
}

static void test_schema__crd_file_errors(int *failures)
{
	struct t t;

	setup(&t);
	FC_CHECK(fc_schema_set_load_crd_file(t.set, &t.ctx, "no/such/crd.yaml") == FC_ERR);
	FC_CHECK(count(&t, "E0001") == 1 && t.ctx.io_error && t.set->load_failed);
	teardown(&t);
	setup(&t);
	/* a file without a CRD (a FlinkDeployment example) */
	FC_CHECK(fc_schema_set_load_crd_file(t.set, &t.ctx, "examples/quickstart.yaml") ==
	         FC_ERR);
	FC_CHECK(count(&t, "E0601") == 1 && !t.ctx.io_error);
	teardown(&t);
}

static const char builtin_text[] =
	"kind: Pod\n"
	"apiVersion: v1\n"
	"schema:\n"
	"  type: object\n"
	"  properties: {spec: {type: object, properties: {hostname: {type: string}}}}\n"
	"---\n"
	"kind: FlinkDeployment\n"
	"apiVersion: flink.apache.org/v1beta1\n"
	"description: a Flink cluster\n"
	"schema:\n"
	"  type: object\n"
	"  properties:\n"
	"    spec:\n"
	"      type: object\n"
	"      properties:\n"
	"        podTemplate: {x-flinkc-ref: Pod, description: the base pod}\n";

static void test_schema__builtin_and_ref(int *failures)
{
	struct t t;
	const struct fc_schema_entry *e;
	const struct fc_schema *pt;

	setup(&t);
	FC_CHECK(fc_schema_set_load_builtin(t.set, &t.ctx, "x.yaml", builtin_text, strlen(builtin_text)) == 0);
	FC_CHECK(fc_schema_set_link(t.set, &t.ctx) == 0);
	FC_CHECK(t.set->nentries == 2 && !t.set->from_crds);
	e = fc_schema_set_find(t.set, "flink.apache.org/v1beta1", "FlinkDeployment");
	FC_CHECK(e && e->description && strcmp(e->description, "a Flink cluster") == 0);
	FC_CHECK(e && strcmp(e->loc.file, "schema/x.yaml") == 0 && e->loc.line == 7);
	pt = e ? fc_schema_property(fc_schema_property(e->schema, "spec"), "podTemplate") : NULL;
	FC_CHECK(pt && strcmp(pt->ref, "Pod") == 0 && strcmp(pt->description, "the base pod") == 0);
	FC_CHECK(pt && fc_schema_deref(pt) == fc_schema_set_find(t.set, "v1", "Pod")->schema);
	FC_CHECK(pt && fc_schema_property(fc_schema_property(pt, "spec"), "hostname") != NULL);
	if (t.ctx.nerrors)
		dump(&t);
	teardown(&t);
}

static void test_schema__ref_errors(int *failures)
{
	struct t t;
	static const char text[] = "kind: A\napiVersion: v1\nschema:\n  x-flinkc-ref: Nope\n---\n"
	                           "kind: B\napiVersion: v1\nschema:\n  x-flinkc-ref: A\n  type: object\n---\n"
	                           "kind: C\napiVersion: v1\n";

	setup(&t);
	FC_CHECK(fc_schema_set_load_builtin(t.set, &t.ctx, "r.yaml", text, strlen(text)) == FC_ERR);
	FC_CHECK(fc_schema_set_link(t.set, &t.ctx) == FC_ERR);
	FC_CHECK(msg_at(&t, "E0601", 4) != NULL);  /* no kind Nope */
	FC_CHECK(msg_at(&t, "E0601", 10) != NULL); /* type beside x-flinkc-ref */
	FC_CHECK(msg_at(&t, "E0601", 12) != NULL); /* C has no schema */
	FC_CHECK(count(&t, "E0601") == 3);
	teardown(&t);
}

/* ---- the built-in schema compiled at build time ---------------------------------- */

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_loc(struct fc_loc a, struct fc_loc b)
{
	return same_str(a.file, b.file) && a.line == b.line && a.col == b.col && a.len == b.len;
}

static bool same_bound(const struct fc_schema_bound *a, const struct fc_schema_bound *b)
{
	return a->set == b->set && a->exclusive == b->exclusive && a->is_int == b->is_int && a->i == b->i &&
	       (a->d == b->d || (a->d != a->d && b->d != b->d)) && same_str(a->text, b->text);
}

static bool same_node(const struct fc_node *a, const struct fc_node *b)
{
	uint32_t i;

	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->quoted != b->quoted || a->n != b->n || !same_loc(a->loc, b->loc))
		return false;
	if (fc_node_is_scalar(a))
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	for (i = 0; i < a->n; i++)
		if (a->kind == FC_NODE_MAP ? !same_node(a->pairs[i].key, b->pairs[i].key) ||
		                                     !same_node(a->pairs[i].val, b->pairs[i].val)
		                           : !same_node(a->items[i], b->items[i]))
			return false;
	return true;
}

/* a and b compile the same schema; *n counts the nodes compared.  References
 * compare by the kind they name (their targets are entries, compared there). */
static bool same_schema(const struct fc_schema *a, const struct fc_schema *b, size_t *n)
{
	uint32_t i;

	if (!a || !b)
		return a == b;
	++*n;
	if (a->type != b->type || a->format != b->format || a->flags != b->flags ||
	    !same_str(a->format_name, b->format_name) || a->nprops != b->nprops || a->nrequired != b->nrequired ||
	    a->nenum != b->nenum || !same_str(a->pattern, b->pattern) || !same_bound(&a->minimum, &b->minimum) ||
	    !same_bound(&a->maximum, &b->maximum) || a->min_length != b->min_length ||
	    a->max_length != b->max_length || a->min_items != b->min_items || a->max_items != b->max_items ||
	    a->nany_of != b->nany_of || a->nall_of != b->nall_of || a->none_of != b->none_of ||
	    !same_str(a->ref, b->ref) || !a->ref_target != !b->ref_target || !same_str(a->description, b->description) ||
	    !same_node(a->default_, b->default_) || a->nrules != b->nrules || !same_loc(a->loc, b->loc))
		return false;
	for (i = 0; i < a->nprops; i++)
		if (!same_str(a->props[i].name, b->props[i].name) || !same_schema(a->props[i].schema, b->props[i].schema, n))
			return false;
	for (i = 0; i < a->nrequired; i++)
		if (!same_str(a->required[i], b->required[i]))
			return false;
	for (i = 0; i < a->nenum; i++)
		if (!same_node(a->enum_vals[i], b->enum_vals[i]))
			return false;
	for (i = 0; i < a->nrules; i++)
		if (!same_str(a->rules[i], b->rules[i]))
			return false;
	for (i = 0; i < a->nany_of; i++)
		if (!same_schema(a->any_of[i], b->any_of[i], n))
			return false;
	for (i = 0; i < a->nall_of; i++)
		if (!same_schema(a->all_of[i], b->all_of[i], n))
			return false;
	for (i = 0; i < a->none_of; i++)
		if (!same_schema(a->one_of[i], b->one_of[i], n))
			return false;
	return same_schema(a->additional, b->additional, n) && same_schema(a->items, b->items, n) &&
	       same_schema(a->not_, b->not_, n);
}

/* The tables cmd/gen/nodes --schema writes are exactly what compiling the
 * same trees at run time gives, entry by entry and node by node. */
static void test_schema__builtin_tables(int *failures)
{
	const struct fc_embedded_tree *tr;
	struct t t;
	size_t i, n = 0;

	setup(&t);
	for (tr = fc_schema_trees; tr->name; tr++)
		FC_CHECK(fc_schema_set_load_docs(t.set, &t.ctx, tr->docs, tr->ndocs) == 0);
	FC_CHECK(fc_schema_set_link(t.set, &t.ctx) == 0);
	FC_CHECK(t.set->nentries == fc_schema_nbuiltin && fc_schema_nbuiltin >= 3);
	for (i = 0; i < t.set->nentries && i < fc_schema_nbuiltin; i++) {
		const struct fc_schema_entry *a = &t.set->entries[i], *b = &fc_schema_builtin[i];
		FC_CHECK_STR(b->api_version, a->api_version);
		FC_CHECK_STR(b->kind, a->kind);
		FC_CHECK(same_str(a->description, b->description) && same_loc(a->loc, b->loc));
		FC_CHECK(same_schema(a->schema, b->schema, &n));
	}
	FC_CHECK(n > 500); /* every node was reached, not only the roots */
	/* the static patterns wait to be compiled; the run-time ones are */
	FC_CHECK(fc_schema_builtin[0].schema->re == NULL);
	teardown(&t);
}

const struct fc_test fc_schema_tests[] = {
	{ "test_schema__type", test_schema__type },
	{ "test_schema__properties_sorted", test_schema__properties_sorted },
	{ "test_schema__additional_properties", test_schema__additional_properties },
	{ "test_schema__items_required_enum", test_schema__items_required_enum },
	{ "test_schema__pattern_and_format", test_schema__pattern_and_format },
	{ "test_schema__bounds", test_schema__bounds },
	{ "test_schema__flags_and_annotations", test_schema__flags_and_annotations },
	{ "test_schema__combinators", test_schema__combinators },
	{ "test_schema__ignored_keywords", test_schema__ignored_keywords },
	{ "test_schema__errors_located", test_schema__errors_located },
	{ "test_schema__crd_versions", test_schema__crd_versions },
	{ "test_schema__crd_v1beta1_layout", test_schema__crd_v1beta1_layout },
	{ "test_schema__upstream_crd_files", test_schema__upstream_crd_files },
	{ "test_schema__crd_file_errors", test_schema__crd_file_errors },
	{ "test_schema__builtin_and_ref", test_schema__builtin_and_ref },
	{ "test_schema__ref_errors", test_schema__ref_errors },
	{ "test_schema__builtin_tables", test_schema__builtin_tables },
	{ NULL, NULL },
};
