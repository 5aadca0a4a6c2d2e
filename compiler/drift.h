/* SPDX-License-Identifier: Apache-2.0 */
/* drift.h - compare rendered objects with live ones (`flinkc diff --live`).
 *
 * Runs after a successful compilation, on its result (fc_drift_live in
 * fc.h).  Live objects come from a file as `kubectl get -o yaml` prints
 * them.  Each object is matched by (API group, kind, namespace, name) and
 * classified: in-sync, missing, extra (live, labelled managed-by flinkc,
 * not rendered), out-of-date (the live content hash differs from the
 * rendered one) or drifted (same hash, but a field flinkc sets differs).
 * Only fields present in the rendered object are compared, so server
 * defaults and status never count; the comparison rules are in
 * README.md "Drift".  Exposed here for the unit tests.
 */
#ifndef FC_DRIFT_H
#define FC_DRIFT_H

#include "base.h"

struct fc_arena;
struct fc_node;

/* one difference: a field path (kubectl style, "spec.replicas",
 * "spec.template.spec.containers[name=main].image", `metadata.labels["a/b"]`)
 * and, for the text report, a short explanation */
struct fc_drift_diff {
	const char *path;
	const char *detail; /* "rendered 1, live 2", "not in the live object", ... */
};

struct fc_drift_diffs {
	struct fc_drift_diff *v; /* arena */
	size_t n, cap;
};

/* Append to out the differences of the fields of `want` (a rendered object)
 * in `live`, in the rendered object's order.  The content-hash annotation
 * is not compared. */
void fc_drift_compare(struct fc_drift_diffs *out, struct fc_arena *a, const struct fc_node *want,
                      const struct fc_node *live);

#endif
