/* SPDX-License-Identifier: Apache-2.0 */
/* schema.h - OpenAPI v3 schemas compiled into a compact tree, once per run.
 *
 * Sources: the openAPIV3Schema of CustomResourceDefinitions (--crd FILE;
 * spec.versions[].schema.openAPIV3Schema, or the older spec.validation),
 * and the built-in schema files embedded from schema/.  A built-in file is
 * one YAML document or a stream of them, each
 *
 *     kind: FlinkDeployment
 *     apiVersion: flink.apache.org/v1beta1
 *     description: ...            (optional)
 *     schema: <an openAPIV3Schema>
 *
 * validate.c walks the result; `flinkc explain` reads it (descriptions,
 * defaults, x-flinkc-rules).
 *
 * Supported keywords: type (object, array, string, integer, number,
 * boolean), properties, additionalProperties (bool or schema), items,
 * required, enum, pattern (regex.h: RE2 syntax), format (int32, int64,
 * float, double, byte, date-time, date, quantity, int-or-string), minimum,
 * maximum, exclusiveMinimum/exclusiveMaximum (boolean, OpenAPI 3.0, or a
 * number, JSON Schema 2019), minLength, maxLength, minItems, maxItems,
 * nullable, default and description (recorded), anyOf, allOf, oneOf, not,
 * x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string,
 * x-kubernetes-embedded-resource, and two extensions of ours:
 *   x-flinkc-rules: [E0316, ...]  operator rule codes that also check this
 *                                 field (recorded for explain)
 *   x-flinkc-ref: <Kind>          this node is the schema of another entry
 *                                 of the same set (e.g. Pod, for pod
 *                                 templates); only description, default,
 *                                 nullable and x-flinkc-rules may stand
 *                                 beside it, and not inside anyOf, allOf,
 *                                 oneOf or not (so references always
 *                                 descend into the document: no loops).
 * Ignored (accepted, not checked): title, example, externalDocs, readOnly,
 * writeOnly, deprecated, multipleOf, uniqueItems, minProperties,
 * maxProperties, x-kubernetes-list-type, x-kubernetes-list-map-keys,
 * x-kubernetes-map-type, x-kubernetes-validations (CEL) and any other key.
 * Unknown `format` names are ignored too, as the API server ignores them.
 *
 * Keyword values of the wrong type, unknown `type` names, and patterns that
 * do not compile are schema errors (E0601, E0602) located in the schema
 * file; the offending keyword is then left out and the rest still works.
 */
#ifndef FC_SCHEMA_H
#define FC_SCHEMA_H

#include "base.h"
#include "node.h"

struct fc_arena;
struct fc_ctx;
struct fc_regex;
struct fc_regex_env;

enum fc_schema_type {
	FC_SCHEMA_ANY,      /* no `type` */
	FC_SCHEMA_OBJECT,
	FC_SCHEMA_ARRAY,
	FC_SCHEMA_STRING,
	FC_SCHEMA_INTEGER,
	FC_SCHEMA_NUMBER,
	FC_SCHEMA_BOOLEAN,
};

enum fc_schema_format {
	FC_SCHEMA_FORMAT_NONE,      /* absent or unknown (format_name keeps the text) */
	FC_SCHEMA_FORMAT_INT32,
	FC_SCHEMA_FORMAT_INT64,
	FC_SCHEMA_FORMAT_FLOAT,
	FC_SCHEMA_FORMAT_DOUBLE,
	FC_SCHEMA_FORMAT_BYTE,      /* base64 */
	FC_SCHEMA_FORMAT_DATE_TIME, /* RFC 3339 */
	FC_SCHEMA_FORMAT_DATE,      /* RFC 3339 full-date */
	FC_SCHEMA_FORMAT_QUANTITY,  /* Kubernetes resource.Quantity (strings; integers pass) */
	FC_SCHEMA_FORMAT_INT_OR_STRING,
};

/* flags of struct fc_schema */
enum {
	FC_SCHEMA_NULLABLE = 1 << 0,
	FC_SCHEMA_PRESERVE_UNKNOWN = 1 << 1,  /* x-kubernetes-preserve-unknown-fields: true */
	FC_SCHEMA_INT_OR_STRING = 1 << 2,     /* x-kubernetes-int-or-string or format int-or-string */
	FC_SCHEMA_EMBEDDED_RESOURCE = 1 << 3, /* apiVersion, kind, metadata implicitly allowed */
	FC_SCHEMA_ADDITIONAL_TRUE = 1 << 4,   /* additionalProperties: true */
	FC_SCHEMA_ADDITIONAL_FALSE = 1 << 5,  /* additionalProperties: false */
};

/* a numeric bound; the text is the canonical number as written */
struct fc_schema_bound {
	bool set, exclusive;
	bool is_int;      /* i holds the exact value */
	int64_t i;
	double d;
	const char *text;
};

struct fc_schema_prop {
	const char *name;
	struct fc_schema *schema;
};

struct fc_schema {
	enum fc_schema_type type;
	enum fc_schema_format format;
	unsigned flags;
	const char *format_name;             /* as written, or NULL */
	struct fc_schema_prop *props;        /* sorted by name (strcmp) */
	uint32_t nprops;
	struct fc_schema *additional;        /* additionalProperties as a schema, or NULL */
	struct fc_schema *items;             /* NULL: any items */
	const char **required;               /* in schema order */
	uint32_t nrequired;
	const struct fc_node **enum_vals;    /* copies, located in the schema file */
	uint32_t nenum;
	struct fc_regex *re;                 /* compiled pattern, or NULL */
	const char *pattern;                 /* the pattern text, or NULL */
	struct fc_schema_bound minimum, maximum;
	int64_t min_length, max_length;      /* -1: not set; lengths count code points */
	int64_t min_items, max_items;        /* -1: not set */
	struct fc_schema **any_of, **all_of, **one_of;
	uint32_t nany_of, nall_of, none_of;
	struct fc_schema *not_;
	const char *ref;                     /* x-flinkc-ref: the kind named */
	const struct fc_schema *ref_target;  /* resolved after loading, or NULL */
	const char *description;
	const struct fc_node *default_;      /* copy of `default`, or NULL */
	const char **rules;                  /* x-flinkc-rules codes */
	uint32_t nrules;
	struct fc_loc loc;                   /* where the schema node is */
};

/* one kind of one API version with its schema */
struct fc_schema_entry {
	const char *api_version;   /* "flink.apache.org/v1beta1" */
	const char *kind;          /* "FlinkDeployment" */
	const char *description;   /* built-in files: the entry's description, or NULL */
	const struct fc_schema *schema;
	struct fc_loc loc;         /* where the entry was defined */
};

struct fc_schema_set {
	struct fc_arena *arena;      /* every compiled schema, string and copied value */
	struct fc_regex_env *rx;     /* every compiled pattern */
	struct fc_schema_entry *entries;
	size_t nentries, cap;
	bool from_crds;              /* loaded from --crd files (else built-in) */
	bool load_failed;            /* a file could not be read or had schema errors: validate nothing */
	struct fc_schema **refs;     /* x-flinkc-ref nodes, resolved by fc_schema_set_link */
	size_t nrefs, refs_cap;
};

/* the built-in schema (the YAML files of schema/), compiled and linked at build time by
 * cmd/gen/nodes --schema: fc_schema_nbuiltin entries */
extern struct fc_schema_entry fc_schema_builtin[];
extern const size_t fc_schema_nbuiltin;

/* an empty set; never NULL */
struct fc_schema_set *fc_schema_set_new(void);
/* frees the set, its schemas and its patterns; NULL does nothing */
void fc_schema_set_free(struct fc_schema_set *set);

/* Load every CustomResourceDefinition of the YAML file at path (one
 * document or a stream; other documents are skipped).  I/O errors are
 * E0001 (ctx->io_error is set), schema errors E0601/E0602.  Returns 0 or
 * FC_ERR. */
int fc_schema_set_load_crd_file(struct fc_schema_set *set, struct fc_ctx *ctx, const char *path);
/* Add the versions of one parsed CRD document; file names it in locations.
 * Returns 0, or FC_ERR after reporting. */
int fc_schema_set_add_crd(struct fc_schema_set *set, struct fc_ctx *ctx, const struct fc_node *crd);
/* Load one built-in schema file (the format above) from text[0..len);
 * name is used in locations.  0 or FC_ERR after reporting. */
int fc_schema_set_load_builtin(struct fc_schema_set *set, struct fc_ctx *ctx, const char *name,
                               const char *text, size_t len);
/* The same from documents parsed at build time (embed.h: fc_schema_trees)
 * that outlive the set: enum values and defaults point into them (so
 * cmd/gen/nodes can write the compiled set as static tables beside the
 * trees).  0 or FC_ERR after reporting. */
int fc_schema_set_load_docs(struct fc_schema_set *set, struct fc_ctx *ctx, struct fc_node *const *docs, size_t n);
/* Resolve x-flinkc-ref links between entries; call once after loading.
 * Unknown kinds are E0601.  0 or FC_ERR. */
int fc_schema_set_link(struct fc_schema_set *set, struct fc_ctx *ctx);

/* Compile one schema node into the set (tests, built-ins); path names the
 * node in messages ("openAPIV3Schema").  Never NULL: a node with errors
 * compiles to what could be read of it. */
struct fc_schema *fc_schema_compile(struct fc_schema_set *set, struct fc_ctx *ctx, const struct fc_node *n,
                                    const char *path);

/* the entry for this apiVersion and kind, or NULL */
const struct fc_schema_entry *fc_schema_set_find(const struct fc_schema_set *set, const char *api_version,
                                                 const char *kind);
/* whether any entry has this kind (whatever its version) */
bool fc_schema_set_has_kind(const struct fc_schema_set *set, const char *kind);

/* the schema a reference node stands for (s itself when it is not one) */
const struct fc_schema *fc_schema_deref(const struct fc_schema *s);
/* the schema of property name: a listed property, else additionalProperties; NULL if neither */
const struct fc_schema *fc_schema_property(const struct fc_schema *s, const char *name);
/* the property `name` listed in s->props (binary search), without the additionalProperties fallback or dereferencing; NULL if absent */
const struct fc_schema *fc_schema_listed(const struct fc_schema *s, const char *name);
/* "object", "array", ..., "integer or string" for int-or-string, "any" */
const char *fc_schema_type_name(const struct fc_schema *s);

#endif
