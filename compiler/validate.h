/* SPDX-License-Identifier: Apache-2.0 */
/* validate.h - check a parsed document against the schema of its kind.
 *
 * Runs after yaml.c and before rules.c.  Uses the built-in schema (schema/,
 * compiled into the binary) or the CRDs given with --crd; the schema is
 * compiled once per run and kept on the context.  Reports every violation
 * it finds, unknown fields included; never mutates the tree.
 *
 * Codes: E0603 wrong type, E0604 not in enum, E0605 pattern, E0606 format,
 * range, length or item count, E0607 required field missing, E0608 unknown
 * field (W0608 with --allow-unknown-fields), E0609 anyOf/oneOf/not, E0610
 * pattern too complex for the value, W0611 no schema for the kind in the
 * --crd files.  Schema errors are E0601/E0602 (schema.h).
 */
#ifndef FC_VALIDATE_H
#define FC_VALIDATE_H

#include "base.h"

struct fc_ctx;
struct fc_node;
struct fc_schema;
struct fc_schema_set;

/* Load the --crd files now (when there are any), so that a bad CRD is
 * reported even if no input needs it.  Returns 0 or FC_ERR. */
int fc_validate_init(struct fc_ctx *ctx);
/* Validate doc (a mapping with string apiVersion and kind).  Returns 0, or
 * FC_ERR if an error was reported.  A document with no schema passes (with
 * warning W0611 when the schemas come from --crd). */
int fc_validate_document(struct fc_ctx *ctx, const struct fc_node *doc);
/* Validate any tree n against schema s (compiled by schema.c, still
 * alive); root: n is a resource (apiVersion, kind and metadata are
 * implicitly allowed).  0 or FC_ERR. */
int fc_validate_tree(struct fc_ctx *ctx, const struct fc_node *n, const struct fc_schema *s, bool root);
/* the run's schema set (the --crd files, else the built-in schema), loaded on
 * first use and owned by ctx; never NULL */
struct fc_schema_set *fc_validate_schemas(struct fc_ctx *ctx);
/* release what validation kept on ctx (compiled schemas, regexes); safe to call twice */
void fc_validate_fini(struct fc_ctx *ctx);

#endif
