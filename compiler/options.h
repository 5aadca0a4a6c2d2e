/* SPDX-License-Identifier: Apache-2.0 */
/* options.h - the Flink and operator configuration keys flinkc knows.
 *
 * The list is schema/flink-options.txt (embedded): one key per line, sorted
 * in byte order; a line ending in '*' is an open prefix under which any key
 * is accepted (containerized.master.env.*, metrics.reporter.*).  Runs beside
 * the operator rules: a flinkConfiguration key that is unknown but close to
 * a known one is most likely a typo that Flink would silently ignore.
 */
#ifndef FC_OPTIONS_H
#define FC_OPTIONS_H

#include "base.h"

struct fc_ctx;
struct fc_node;

/* Warn (W0620, at the key) for every flattened key of cfg (a
 * flinkConfiguration map; anything else is ignored) that is neither known
 * nor under an open prefix but within a small edit distance of a known key,
 * suggesting it.  Keys with no close known key are left alone: third-party
 * options are legitimate.  Never reports an error. */
void fc_options_check(struct fc_ctx *ctx, const struct fc_node *cfg);

/* key (len bytes) is a known option or lies under an open prefix */
bool fc_options_known(const char *key, size_t len);

/* The known option closest to key within the typo distance (1 for keys
 * shorter than 10 bytes, 2 below 25, else 3; letter case ignored when
 * measuring), ties broken by list order.  Sets *out to it (embedded text,
 * not NUL-terminated) and returns its length, or returns 0 if none. */
size_t fc_options_suggest(const char **out, const char *key, size_t len);

/* The known option nearest to key for a key under a prefix Flink owns:
 * among the keys sharing the most leading dot-separated segments with it,
 * one containing its last segment ("multiplier" in
 * "...backoff-multiplier"), else the closest by distance.  Sets *out
 * (embedded text, not NUL-terminated) and returns its length, or 0. */
size_t fc_options_nearest(const char **out, const char *key, size_t len);


#endif
