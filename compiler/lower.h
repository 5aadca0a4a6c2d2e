/* SPDX-License-Identifier: Apache-2.0 */
/* lower.h - FlinkDeployment tree -> typed job model with its effective configuration;
 * FlinkSessionJob tree -> typed session job model (lower_sessionjob.c).
 *
 * Runs after validation.  Builds the configuration exactly as the operator's
 * FlinkConfigBuilder does (facts/operator.md §c), then the Flink client's
 * own additions (ports, rpc address, entrypoint class), replacing every
 * random or environment-dependent value with one derived from the input
 * (the "determinism checklist").  Reports type errors it meets on the way;
 * returns FC_ERR if the job cannot be lowered.
 */
#ifndef FC_LOWER_H
#define FC_LOWER_H

#include "model.h"

struct fc_arena;
struct fc_ctx;

/* Lower the FlinkDeployment `doc` into *job (arena a).  `E` is doc's
 * effective configuration (defaults + flattened spec.flinkConfiguration,
 * effconf.h), the one rules.c read; job->conf starts as a copy of it, so
 * E's arena must live as long as the job. */
int fc_lower_deployment(struct fc_ctx *ctx, struct fc_arena *a, struct fc_node *doc,
                        const struct fc_conf *E, struct fc_job *job);

/* Lower the FlinkSessionJob `doc` into *out (arena a) for emit_job.c:
 * `target` is the FlinkDeployment it names when that is in the input set,
 * else NULL.  Reports what the submitter and its stop hook cannot use
 * (E0701-E0706) and warns about the target (W0701, W0703-W0705); returns
 * FC_ERR after an error, or when the document lacks what rules.c already
 * reported (name, deploymentName, job), and then nothing is to be emitted. */
int fc_lower_sessionjob(struct fc_ctx *ctx, struct fc_arena *a, const struct fc_node *doc,
                        const struct fc_node *target, struct fc_sessionjob *out);

#endif
