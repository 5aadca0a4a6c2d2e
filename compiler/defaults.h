/* SPDX-License-Identifier: Apache-2.0 */
/* defaults.h - the project defaults document (DESIGN §2).
 *
 * The equivalent of the operator's kubernetes.operator.default-configuration:
 * default Flink configuration (global, per namespace, per Flink version with
 * "vX_Y+" meaning that version and newer), default namespace, labels and
 * annotations for every object, default image per Flink version, and
 * switches for the optional objects.  Read once per run, before any input:
 * from --defaults FILE, else from flinkc-defaults.yaml beside the first
 * input that has one.  Document format (every field optional):
 *
 *   apiVersion: flinkc.io/v1alpha1
 *   kind: Defaults
 *   namespace: flink
 *   labels: {team: data}
 *   annotations: {owner: platform}
 *   images: {v2_2: registry.example.com/flink:2.2.1}
 *   flinkConfiguration: {taskmanager.numberOfTaskSlots: 2}
 *   namespaces: {prod: {restart-strategy.type: exponential-delay}}
 *   flinkVersions: {v1_18+: {...}, v2_0: {...}}
 *   objects: {rbac: true, podMonitor: true, networkPolicy: false,
 *             podDisruptionBudget: false, securityContext: true}
 *   hooks: {image: curlimages/curl:8.11.1, savepointTimeoutSeconds: 900,
 *           podTimeoutSeconds: 300}     (lifecycle hook Jobs, emit_hook.c)
 *   quota: {team-a: {cpu: "64", memory: 256Gi, limits.cpu: "128", pods: "40"}}   (flinkc plan)
 *
 * securityContext may also be "platform-assigned": the security contexts
 * without runAsUser, runAsGroup and fsGroup, for platforms that assign the
 * ids themselves (OpenShift's restricted-v2).
 */
#ifndef FC_DEFAULTS_H
#define FC_DEFAULTS_H

#include "base.h"

struct fc_conf;
struct fc_ctx;
struct fc_node;

/* FC_DEFAULTS_FILE, the document's name beside the inputs, is in source.h */

enum {
	FC_OBJ_RBAC = 1 << 0,
	FC_OBJ_PODMONITOR = 1 << 1,
	FC_OBJ_NETWORKPOLICY = 1 << 2,
	FC_OBJ_PDB = 1 << 3,
	FC_OBJ_SECURITY = 1 << 4,
	FC_OBJ_SECURITY_PLATFORM = 1 << 5, /* securityContext: platform-assigned */
};

#define FC_DEFAULTS_PLATFORM_ASSIGNED "platform-assigned"

struct fc_defaults {
	const char *file;              /* where it came from, or NULL for the built-in defaults */
	const char *namespace_;        /* default namespace, or NULL ("default") */
	struct fc_node *labels, *annotations; /* MAPs of STR, or NULL */
	struct fc_node *images;        /* MAP flinkVersion -> image, or NULL */
	struct fc_node *conf;          /* flinkConfiguration, or NULL */
	struct fc_node *namespaces;    /* MAP namespace -> flinkConfiguration, or NULL */
	struct fc_node *versions;      /* MAP "vX_Y"/"vX_Y+" -> flinkConfiguration, or NULL */
	unsigned objects;              /* FC_OBJ_* switched on */
	const char *hook_image;        /* lifecycle hook Jobs' image, or NULL (built-in) */
	int savepoint_timeout;         /* seconds a hook waits for a savepoint; 0 = built-in */
	int pod_timeout;               /* seconds a hook waits for the old pods to go; 0 = built-in */
	struct fc_node *quota;         /* MAP namespace -> {cpu, memory, requests.*, limits.*, pods}, checked, or NULL */
};

/* Load the defaults for this run into ctx->defaults (run arena): from
 * opts->defaults_file, else FC_DEFAULTS_FILE (source.h) in the directory of each input
 * (a directory input: inside it).  Reports errors located in the file.
 * Returns 0 or FC_ERR. */
int fc_defaults_load(struct fc_ctx *ctx);

/* Apply the default Flink configuration for a job in namespace ns and Flink
 * version v (major*100+minor): global, then namespace, then versions in
 * ascending order (the operator's order), flattened into c. */
void fc_defaults_apply_conf(const struct fc_defaults *d, struct fc_conf *c, const char *ns, int version);

/* the default image for a version name ("v2_2"), or NULL */
const char *fc_defaults_image(const struct fc_defaults *d, const char *version_name);

#endif
