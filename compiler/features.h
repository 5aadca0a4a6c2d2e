/* SPDX-License-Identifier: Apache-2.0 */
/* features.h - the switches for optional objects and security defaults of one job.
 *
 * Runs once per FlinkDeployment, at the end of lower.c.  The switches
 * (FC_FEATURE_* in model.h) start from a base the caller passes: until the
 * project defaults document exists that is FC_FEATURES_DEFAULT (security on,
 * NetworkPolicy and PodDisruptionBudget off).  The FlinkDeployment's own
 * annotations then override it:
 *
 *   flinkc.io/security-context: "true" | "false" | "platform-assigned" (any case;
 *     the last: on, without runAsUser, runAsGroup and fsGroup; "true" keeps
 *     the project defaults' choice of ids)
 *   flinkc.io/network-policy: "true" | "false"
 *   flinkc.io/pod-disruption-budget: "true" | "false"
 *   flinkc.io/rest-ingress-from: "10.0.0.0/8" | "namespace=<name>", comma-separated
 */
#ifndef FC_FEATURES_H
#define FC_FEATURES_H

#include "model.h"

struct fc_arena;
struct fc_ctx;

#define FC_ANN_SECURITY "flinkc.io/security-context"
#define FC_ANN_NETWORKPOLICY "flinkc.io/network-policy"
#define FC_ANN_PDB "flinkc.io/pod-disruption-budget"
#define FC_ANN_REST_INGRESS_FROM "flinkc.io/rest-ingress-from"
#define FC_ANN_PLATFORM_ASSIGNED "platform-assigned"

/* Set job->features (base, then the annotations) and job->rest_peers, then
 * apply what the switches change in the lowered model before anything is
 * emitted: in native mode the security context of the TaskManager pod
 * template shipped in pod-template-X (security.c), which is created when
 * there was none.  Bad annotation values are errors E0801/E0802 at their
 * location; returns FC_ERR if there was one, else 0. */
int fc_features_from_annotations(struct fc_ctx *ctx, struct fc_arena *a, struct fc_job *job,
                                 unsigned base);

/* where annotation `key` of the job's document is written, else the document */
struct fc_loc fc_features_loc(const struct fc_job *job, const char *key);

#endif
