/* SPDX-License-Identifier: Apache-2.0 */
/* emit_configmap.c - ConfigMaps flink-config-X and pod-template-X (N5, N7.1).
 *
 * flink-config-X holds the logging files and the Flink configuration file:
 * flat flink-conf.yaml below Flink 2.0, nested config.yaml from 2.0
 * (N5.6).  pod-template-X holds the TaskManager pod template the JobManager
 * reads from its mount.  Runs before emit_deployment.c, which stamps the
 * hash of both onto the pod template so a configuration change rolls it.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "emit.h"
#include "hashes.h"
#include "yamlw.h"

static struct fc_node *configmap(struct fc_arena *a, const struct fc_job *job, const char *name)
{
	struct fc_node *o = fc_emit_object(a, "v1", "ConfigMap", job->namespace_, name);
	fc_node_set(a, fc_node_get(o, "metadata"), "labels", fc_emit_common_labels(a, job));
	return o;
}

int fc_emit_configmap(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	struct fc_ctx *ctx = fc_emit_ctx(e);
	struct fc_node *o, *data;
	struct fc_buf b = FC_BUF_INIT;
	const char *h1, *h2 = NULL;
	char both[FC_HASHES_LEN + 1];
	size_t i;
	int rc;

	o = configmap(a, job, fc_arena_printf(a, "flink-config-%s", job->name));
	data = fc_node_getmap(a, o, "data");
	for (i = 0; i < countof(job->logs); i++)
		if (job->logs[i].name)
			fc_node_set(a, data, job->logs[i].name, fc_node_strn(a, job->logs[i].data, job->logs[i].len));
	if (job->version >= 200) {
		rc = fc_conf_render_nested(ctx, &b, &job->conf, job->loc);
	} else {
		fc_conf_render_flat(&b, &job->conf);
		rc = 0;
	}
	if (rc) {
		fc_buf_fini(&b);
		return FC_ERR;
	}
	fc_node_set(a, data, job->conf_file, fc_node_strn(a, b.ptr ? b.ptr : "", b.len));
	fc_buf_fini(&b);
	h1 = fc_emit_add_hashed(e, a, o, job->loc);

	if (job->mode == FC_MODE_NATIVE && job->tm_template_file) {
		o = configmap(a, job, fc_arena_printf(a, "pod-template-%s", job->name));
		fc_yamlw_doc(&b, job->tm_template_file, FC_YAMLW_OBJECT);
		fc_node_set(a, fc_node_getmap(a, o, "data"), "taskmanager-pod-template.yaml",
		            fc_node_strn(a, b.ptr, b.len));
		fc_buf_fini(&b);
		h2 = fc_emit_add_hashed(e, a, o, job->loc);
	}
	/* the pods' config hash: over the hashes of the ConfigMaps they mount */
	fc_hashes_config(both, h1, h2);
	job->config_hash = fc_arena_strdup(a, both);
	return 0;
}
