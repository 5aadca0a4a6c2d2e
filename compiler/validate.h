/* SPDX-License-Identifier: Apache-2.0 */
/* validate.h - check a parsed document against the schema of its kind.
 *
 * Runs after yaml.c and before rules.c.  Uses the built-in schema (schema/,
 * compiled into the binary) or the CRDs given with --crd; the schema is
 * compiled once per run and kept on the context.  Reports every violation
 * it finds, unknown fields included; never mutates the tree.
 */
#ifndef FC_VALIDATE_H
#define FC_VALIDATE_H

#include "base.h"

struct fc_ctx;
struct fc_node;

/* Validate doc (a mapping with string apiVersion and kind).  Returns 0, or
 * FC_ERR if an error was reported. */
int fc_validate_document(struct fc_ctx *ctx, const struct fc_node *doc);
/* release what validation kept on ctx (compiled schemas, regexes); safe to call twice */
void fc_validate_fini(struct fc_ctx *ctx);

#endif
