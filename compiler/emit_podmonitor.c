/* SPDX-License-Identifier: Apache-2.0 */
/* emit_podmonitor.c - PodMonitor X for clusters with a Prometheus reporter (Part 3).
 *
 * Neither Flink nor the operator exposes the reporter's port (P4), so
 * lower.c adds a container port named `metrics` to the JobManager and,
 * through the pod template or the TaskManager Deployment, the TaskManagers;
 * this PodMonitor selects every pod of the cluster on that port.
 */
#include "arena.h"
#include "ctx.h"
#include "defaults.h"
#include "emit.h"

int fc_emit_podmonitor(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	struct fc_node *o, *spec, *ep;

	if (!job->metrics_port || job->host_network || !(fc_emit_ctx(e)->defaults->objects & FC_OBJ_PODMONITOR))
		return 0;
	o = fc_emit_object(a, "monitoring.coreos.com/v1", "PodMonitor", job->namespace_, job->name);
	fc_node_set(a, fc_node_get(o, "metadata"), "labels", fc_emit_common_labels(a, job));
	spec = fc_node_getmap(a, o, "spec");
	fc_node_set(a, fc_node_getmap(a, spec, "selector"), "matchLabels", fc_emit_common_labels(a, job));
	ep = fc_node_map(a);
	fc_node_set(a, ep, "port", fc_node_str(a, "metrics"));
	fc_node_set(a, ep, "path", fc_node_str(a, "/metrics"));
	fc_node_push(a, fc_node_getseq(a, spec, "podMetricsEndpoints"), ep);
	fc_emit_add(e, a, o, job->loc);
	return 0;
}
