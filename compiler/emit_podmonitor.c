/* SPDX-License-Identifier: Apache-2.0 */
/* emit_podmonitor.c - PodMonitor X for clusters with a Prometheus reporter (Part 3).
 *
 * Neither Flink nor the operator exposes the reporter's port (P4), so
 * lower.c adds a named container port (`metrics`, unless the user's pod
 * template already serves that number under another name, or has taken
 * the name) to the TaskManager template of native mode, and
 * emit_deployment.c to the Deployments; this PodMonitor selects every pod
 * of the cluster on that port.  When the two sides name it differently,
 * each name gets its own endpoint, kept to its side's pods by the
 * `component` label, so no pod is scraped on a port of the other name.
 */
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "defaults.h"
#include "emit.h"

static struct fc_node *endpoint(struct fc_arena *a, const char *port, const char *component)
{
	struct fc_node *ep = fc_node_map(a);

	fc_node_set(a, ep, "port", fc_node_str(a, port));
	fc_node_set(a, ep, "path", fc_node_str(a, "/metrics"));
	if (component) {
		struct fc_node *r = fc_node_map(a), *src = fc_node_seq(a);
		fc_node_push(a, src, fc_node_str(a, "__meta_kubernetes_pod_label_component"));
		fc_node_set(a, r, "sourceLabels", src);
		fc_node_set(a, r, "regex", fc_node_str(a, component));
		fc_node_set(a, r, "action", fc_node_str(a, "keep"));
		fc_node_push(a, fc_node_getseq(a, ep, "relabelings"), r);
	}
	return ep;
}

int fc_emit_podmonitor(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	struct fc_node *o, *spec, *eps;
	const char *jm = job->jm.metrics_port_name, *tm = job->tm.metrics_port_name;

	if (!job->metrics_port || job->host_network || !(fc_emit_ctx(e)->defaults->objects & FC_OBJ_PODMONITOR))
		return 0;
	if (!jm && !tm)
		return 0; /* every candidate name is taken: nothing to select */
	o = fc_emit_object(a, "monitoring.coreos.com/v1", "PodMonitor", job->namespace_, job->name);
	fc_node_set(a, fc_node_get(o, "metadata"), "labels", fc_emit_common_labels(a, job));
	spec = fc_node_getmap(a, o, "spec");
	fc_node_set(a, fc_node_getmap(a, spec, "selector"), "matchLabels", fc_emit_common_labels(a, job));
	eps = fc_node_getseq(a, spec, "podMetricsEndpoints");
	if (jm && tm && strcmp(jm, tm) == 0) {
		fc_node_push(a, eps, endpoint(a, jm, NULL));
	} else {
		if (jm)
			fc_node_push(a, eps, endpoint(a, jm, "jobmanager"));
		if (tm)
			fc_node_push(a, eps, endpoint(a, tm, "taskmanager"));
	}
	fc_emit_add_optional(e, a, o, job->loc);
	return 0;
}
