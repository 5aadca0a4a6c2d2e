/* SPDX-License-Identifier: Apache-2.0 */
/* manifest.h - read plain Kubernetes objects (not Flink inputs) from sources.
 *
 * For the commands that read objects rather than jobs: `flinkc hash`
 * (rendered manifests) and `flinkc diff --live` (what `kubectl get -o yaml`
 * prints).  Accepts multi-document streams, `kind: List` documents (their
 * items are the objects) and single objects; every object must be a
 * mapping with string apiVersion, kind and metadata.name, else a located
 * error E0701.  Runs on sources that source.c has loaded.
 */
#ifndef FC_MANIFEST_H
#define FC_MANIFEST_H

#include "base.h"
#include "node.h"

struct fc_arena;
struct fc_ctx;
struct fc_source;

struct fc_manifest_obj {
	struct fc_node *obj;
	const char *api_version, *kind, *name;
	const char *namespace_; /* "" when absent */
	const char *group;      /* API group: apiVersion before '/', "" for the core group */
	struct fc_loc loc;      /* where the object starts */
};

struct fc_manifest {
	struct fc_manifest_obj *v; /* in input order; arena */
	size_t n, cap;
};

/* Append to out every object of the sources from `first` to the end of the
 * list, parsed into arena a.  Problems are reported on ctx; returns 0 or
 * FC_ERR (the objects read so far stay in out). */
int fc_manifest_read(struct fc_manifest *out, struct fc_ctx *ctx, struct fc_arena *a,
                     const struct fc_source *first);

/* the API group of an apiVersion ("apps/v1" -> "apps", "v1" -> ""), in arena a */
const char *fc_manifest_group(struct fc_arena *a, const char *api_version);

#endif
