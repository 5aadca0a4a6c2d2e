/* SPDX-License-Identifier: Apache-2.0 */
/* rules.h - every rule of the operator's DefaultValidator (facts/operator.md §b).
 *
 * Runs after the schema check and before lower.c.  Unlike the operator,
 * which stops at the first failing rule, every failing rule is reported,
 * each with a stable code (README.md, "Error codes") at the location of
 * the field it concerns.  Rules that need the previous spec in the cluster
 * (9a-9e, session job rule 3) cannot be decided from files and are not here.
 */
#ifndef FC_RULES_H
#define FC_RULES_H

#include "base.h"

struct fc_conf;
struct fc_ctx;
struct fc_node;

/* Rules for a FlinkDeployment document, whose effective configuration
 * (fc_effconf_build) is E; E is only read.  Returns 0, or FC_ERR if any
 * rule failed (diagnostics reported). */
int fc_rules_deployment(struct fc_ctx *ctx, const struct fc_node *doc, const struct fc_conf *E);

/* Rules for a FlinkSessionJob document; `target` is the FlinkDeployment
 * named by spec.deploymentName in the same namespace when it is in the
 * input set (rules 5-8 run only then), else NULL. */
int fc_rules_sessionjob(struct fc_ctx *ctx, const struct fc_node *doc, const struct fc_node *target);

/* Rules for a FlinkStateSnapshot (facts/operator.md §b, FlinkStateSnapshot):
 * exactly one of savepoint and checkpoint; a job reference unless the
 * savepoint already exists.  The target lookup needs the cluster. */
int fc_rules_snapshot(struct fc_ctx *ctx, const struct fc_node *doc);

/* true if a FlinkDeployment carries the operator's canary label
 * (flink.apache.org/canary: "true"), which exempts it from validation */
bool fc_rules_is_canary(const struct fc_node *doc);

#endif
