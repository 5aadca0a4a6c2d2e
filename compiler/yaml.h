/* SPDX-License-Identifier: Apache-2.0 */
/* yaml.h - parse one source into located trees, one document at a time.
 *
 * Second stage.  The only module that includes <yaml.h> (libyaml) and the
 * only place that turns libyaml's 0-based marks into 1-based locations.
 * Plain scalars are typed with YAML 1.1 rules as kubectl (go-yaml v2) types
 * them, so the tree holds what the API server would receive.
 */
#ifndef FC_YAML_H
#define FC_YAML_H

#include "base.h"

struct fc_arena;
struct fc_ctx;
struct fc_node;
struct fc_source;
struct fc_yaml_reader;

/* start reading src; never NULL */
struct fc_yaml_reader *fc_yaml_open(struct fc_ctx *ctx, const struct fc_source *src);
/* Parse the next document into arena a.  Returns 1 and sets *out (the root
 * node, never NULL) for a document; 0 at the end of the stream; FC_ERR after
 * reporting an error (the rest of the source is skipped).  Empty documents
 * (only comments, or an explicit null) are skipped. */
int fc_yaml_next(struct fc_yaml_reader *r, struct fc_arena *a, struct fc_node **out);
void fc_yaml_close(struct fc_yaml_reader *r);

/* Parse a whole string (tests, embedded data): the first document, or NULL
 * after reporting an error through ctx.  file names the text in locations. */
struct fc_node *fc_yaml_parse_string(struct fc_ctx *ctx, struct fc_arena *a, const char *file,
                                     const char *text, size_t len);

#endif
