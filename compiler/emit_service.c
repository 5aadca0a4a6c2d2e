/* SPDX-License-Identifier: Apache-2.0 */
/* emit_service.c - Services X (internal, headless) and X-rest (N6).
 *
 * The internal Service exists only without high availability in native
 * mode and always in standalone mode (S4).  X-rest takes its type from
 * kubernetes.rest-service.exposed.type; Headless_ClusterIP is ClusterIP
 * with clusterIP: None.  From Flink 2.2 kubernetes.{rest,internal}-service.labels
 * are applied after the common labels (facts E2); earlier versions ignore them.
 */
#include <string.h>

#include "arena.h"
#include "emit.h"

static struct fc_node *port(struct fc_arena *a, const char *name, int p, int target)
{
	struct fc_node *m = fc_node_map(a);
	fc_node_set(a, m, "name", fc_node_str(a, name));
	fc_node_set(a, m, "port", fc_node_int(a, p));
	if (target >= 0)
		fc_node_set(a, m, "targetPort", fc_node_int(a, target));
	return m;
}

static struct fc_node *service(struct fc_arena *a, const struct fc_job *job, const char *name,
                               const struct fc_node *annotations, const struct fc_node *labels)
{
	struct fc_node *o = fc_emit_object(a, "v1", "Service", job->namespace_, name);
	struct fc_node *meta = fc_node_get(o, "metadata"), *spec = fc_node_getmap(a, o, "spec");
	struct fc_node *l = fc_emit_common_labels(a, job);

	/* from Flink 2.2 the service labels option applies after the common labels (E2) */
	if (job->version >= 202)
		fc_emit_merge_map(a, l, labels);
	fc_node_set(a, meta, "labels", l);
	if (annotations && annotations->n)
		fc_node_set(a, meta, "annotations", fc_node_copy(a, annotations));
	fc_node_set(a, spec, "selector", fc_emit_selector(a, job, "jobmanager"));
	return o;
}

int fc_emit_service(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	struct fc_node *o, *spec, *ports;

	if (!job->ha || job->mode == FC_MODE_STANDALONE) {
		o = service(a, job, job->name, job->internal_annotations, job->internal_labels);
		spec = fc_node_get(o, "spec");
		fc_node_set(a, spec, "clusterIP", fc_node_str(a, "None"));
		ports = fc_node_getseq(a, spec, "ports");
		fc_node_push(a, ports, port(a, "jobmanager-rpc", job->rpc_port, -1));
		fc_node_push(a, ports, port(a, "blobserver", job->blob_port, -1));
		fc_emit_add(e, a, o, job->loc);
	}
	o = service(a, job, fc_arena_printf(a, "%s-rest", job->name), job->rest_annotations, job->rest_labels);
	spec = fc_node_get(o, "spec");
	if (strcmp(job->rest_type, "Headless_ClusterIP") == 0) {
		fc_node_set(a, spec, "type", fc_node_str(a, "ClusterIP"));
		fc_node_set(a, spec, "clusterIP", fc_node_str(a, "None"));
	} else {
		fc_node_set(a, spec, "type", fc_node_str(a, job->rest_type));
	}
	ports = fc_node_getseq(a, spec, "ports");
	fc_node_push(a, ports, port(a, "rest", job->rest_port, job->rest_bind_port));
	fc_emit_add(e, a, o, job->loc);
	return 0;
}
