/* SPDX-License-Identifier: Apache-2.0 */
/* emit_poddisruptionbudget.c - PodDisruptionBudget <name>-jobmanager (FC_FEATURE_PDB).
 *
 * Only for clusters with Kubernetes HA and more than one JobManager (N4.2,
 * N11.2): a voluntary disruption (a node drain) then takes at most one
 * JobManager at a time, and a standby takes over.  maxUnavailable 1 never
 * blocks a drain, and unhealthyPodEvictionPolicy AlwaysAllow lets a drain
 * evict a JobManager that is not ready (kube-linter
 * pdb-unhealthy-pod-eviction-policy, gitops §4.2).  A single JobManager
 * cannot be protected without blocking node drains, so there the switch
 * gives warning W0801 and no object.  TaskManagers get no budget: in native
 * mode they are bare pods the JobManager replaces itself (N1.2).
 */
#include "arena.h"
#include "diag.h"
#include "emit.h"
#include "features.h"

int fc_emit_poddisruptionbudget(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	struct fc_node *o, *spec;

	if (!(job->features & FC_FEATURE_PDB))
		return 0;
	if (!job->ha || job->jm.replicas < 2) {
		fc_diag_warning(fc_emit_ctx(e), fc_features_loc(job, FC_ANN_PDB), "W0801",
		                "no PodDisruptionBudget for \"%s\": %s it runs a single JobManager, which a "
		                "budget cannot protect without blocking node drains",
		                job->name, job->ha ? "with 1 JobManager replica" : "without high availability");
		return 0;
	}
	o = fc_emit_object(a, "policy/v1", "PodDisruptionBudget", job->namespace_,
	                   fc_arena_printf(a, "%s-jobmanager", job->name));
	fc_node_set(a, fc_node_get(o, "metadata"), "labels", fc_emit_common_labels(a, job));
	spec = fc_node_getmap(a, o, "spec");
	fc_node_set(a, spec, "maxUnavailable", fc_node_int(a, 1));
	fc_node_set(a, fc_node_getmap(a, spec, "selector"), "matchLabels", fc_emit_selector(a, job, "jobmanager"));
	fc_node_set(a, spec, "unhealthyPodEvictionPolicy", fc_node_str(a, "AlwaysAllow"));
	fc_emit_add_optional(e, a, o, job->loc);
	return 0;
}
