/* SPDX-License-Identifier: Apache-2.0 */
/* inert.h - say what will not happen: warnings for input that the operator
 * would act on (or pass through) but that does nothing in what flinkc
 * renders.
 *
 * Runs beside the operator rules on each FlinkDeployment and
 * FlinkSessionJob, before lowering; only warns, never fails a document:
 *   W0630  a spec field or operator option whose effect needs the
 *          operator's control loop (facts/operator.md §b, §f), naming what
 *          to use instead;
 *   W0631  an image or configuration value holding an unexpanded
 *          placeholder (placeholder.h);
 *   W0632  a native application's own pipeline.jars, which jarURI
 *          replaces (operator.md §c step 9).
 */
#ifndef FC_INERT_H
#define FC_INERT_H

#include "base.h"

struct fc_ctx;
struct fc_node;

/* Warn about doc (a FlinkDeployment or FlinkSessionJob tree; anything else,
 * or a part of the wrong type, is left to the schema check). */
void fc_inert_check(struct fc_ctx *ctx, const struct fc_node *doc);

#endif
