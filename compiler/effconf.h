/* SPDX-License-Identifier: Apache-2.0 */
/* effconf.h - the effective Flink configuration E of one document, built once.
 *
 * E is what the operator's validator and its FlinkConfigBuilder both start
 * from (facts/operator.md §b "E", §c step 1): the operator's own defaults
 * (E0, the helm chart's flink-conf.yaml), then the project defaults document
 * (global, the document's namespace, its flinkVersion), then the document's
 * spec.flinkConfiguration flattened.  compile.c builds it once for each
 * FlinkDeployment and hands it to rules.c (which reads it) and to lower.c
 * (which copies it and goes on with the builder's later steps).
 */
#ifndef FC_EFFCONF_H
#define FC_EFFCONF_H

#include "flinkconf.h"

struct fc_arena;
struct fc_ctx;
struct fc_node;

/* E0 and the project defaults for doc (its metadata.namespace, else the
 * defaults' namespace, else "default"; its spec.flinkVersion) into out, in
 * arena a.  doc may be of any shape (or NULL): what is missing is skipped. */
void fc_effconf_base(struct fc_conf *out, const struct fc_ctx *ctx, struct fc_arena *a,
                     const struct fc_node *doc);

/* fc_effconf_base, then doc's spec.flinkConfiguration flattened when it is
 * a map (any other shape is reported by the schema and by lower.c) */
void fc_effconf_build(struct fc_conf *out, const struct fc_ctx *ctx, struct fc_arena *a,
                      const struct fc_node *doc);

#endif
