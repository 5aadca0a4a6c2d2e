/* SPDX-License-Identifier: Apache-2.0 */
/* hashes.h - content hashes as documented in README.md "Content hashes".
 *
 * emit.c stamps every object with metadata.annotations["flinkc.io/content-hash"]
 * while rendering; this module holds the definition in a form that can be
 * re-run on any parsed object: `flinkc hash` uses it to verify committed
 * manifests, drift.c to read live objects.  It also defines the pods' config
 * hash (emit_configmap.c stamps it, `flinkc hash` checks it) and computes the
 * digest of a whole rendered set (`flinkc render --digest`).
 */
#ifndef FC_HASHES_H
#define FC_HASHES_H

#include "base.h"
#include "fc.h"

struct fc_arena;
struct fc_buf;
struct fc_node;

#define FC_HASHES_CONTENT "flinkc.io/content-hash"
#define FC_HASHES_CONFIG "flinkc.io/config-hash"
#define FC_HASHES_LEN 16 /* hex digits of an XXH3-64 */

/* The content hash of obj (a Kubernetes object tree) into out (16 hex
 * digits and a NUL).  Removes the content-hash annotation from obj, and the
 * annotations map when that leaves it empty (or when it is not a map at
 * all); scratch is reused for the canonical bytes. */
void fc_hashes_content(char out[FC_HASHES_LEN + 1], struct fc_node *obj, struct fc_buf *scratch);

/* Render obj as it is emitted: append its canonical YAML to out, with the
 * content-hash annotation set to the hash (written into hex) of the same
 * bytes without it, as fc_hashes_content defines it.  The object is written
 * once: only its head (apiVersion, kind, metadata) is written twice, without
 * and with the annotation; the rest goes straight to out.  Nodes for the
 * split and the annotation come from a; scratch is reused. */
void fc_hashes_stamp(char hex[FC_HASHES_LEN + 1], struct fc_arena *a, struct fc_node *obj, struct fc_buf *out,
                     struct fc_buf *scratch);

/* XXH3-64 (seed 0) of s[0..n) as 16 lowercase hex digits and a NUL */
void fc_hashes_hex(char out[FC_HASHES_LEN + 1], const void *s, size_t n);

/* The pods' config hash (annotation FC_HASHES_CONFIG on a Deployment's pod
 * template): fc_hashes_hex over the content hashes of the ConfigMaps its
 * pods mount, flink-config-X then pod-template-X (NULL when there is none),
 * concatenated. */
void fc_hashes_config(char out[FC_HASHES_LEN + 1], const char *config_map, const char *pod_template);

/* the recorded content-hash annotation of obj, or NULL */
const char *fc_hashes_recorded(const struct fc_node *obj);

#endif
