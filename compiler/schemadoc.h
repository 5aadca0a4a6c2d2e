/* SPDX-License-Identifier: Apache-2.0 */
/* schemadoc.h - the built-in schema documents (the .yaml files of schema/) as trees.
 *
 * Support for the commands that show the schema rather than check inputs
 * against it: `flinkc explain` (explain.c) and `flinkc schema`
 * (jsonschema.c).  Each .yaml file of schema/ is a YAML stream of documents
 * {kind, apiVersion, schema}; `$ref: <Kind>` inside a schema stands for
 * the schema of the document of that kind (schema/pod.yaml's PodTemplate).
 * Validation itself compiles the same files in schema.c.
 */
#ifndef FC_SCHEMADOC_H
#define FC_SCHEMADOC_H

#include <stdio.h>

#include "base.h"
#include "ctx.h"

struct fc_arena;
struct fc_node;

struct fc_schemadoc {
	const char *kind;            /* "FlinkDeployment", "PodTemplate", ... */
	const char *api_version;     /* "flink.apache.org/v1beta1", "v1" */
	const struct fc_node *schema; /* the OpenAPI v3 schema (a map) */
};

struct fc_schemadocs {
	struct fc_schemadoc *v;      /* in file order, then document order */
	size_t n;
};

/* A self-contained context for the schema commands: its own arena and the
 * loaded documents.  fc_schemadoc_open prints the diagnostics of broken
 * schema files to err and returns FC_ERR (the run is then already closed);
 * fc_schemadoc_close frees everything. */
struct fc_schemadoc_run {
	struct fc_ctx ctx;
	struct fc_options opts;
	struct fc_schemadocs docs;
};
int fc_schemadoc_open(struct fc_schemadoc_run *run, struct fc_buf *err);
void fc_schemadoc_close(struct fc_schemadoc_run *run);

/* the document of kind (exact match), or NULL */
const struct fc_schemadoc *fc_schemadoc_find(const struct fc_schemadocs *docs, const char *kind);

/* the schema s stands for: the referenced document's schema when s holds
 * `$ref: <Kind>` (NULL if no such document), else s itself */
const struct fc_node *fc_schemadoc_deref(const struct fc_schemadocs *docs, const struct fc_node *s);

/* true if s has the boolean key set to true (e.g. "x-kubernetes-preserve-unknown-fields") */
bool fc_schemadoc_flag(const struct fc_node *s, const char *key);

#endif
