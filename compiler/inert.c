/* SPDX-License-Identifier: Apache-2.0 */
/* inert.c - warnings for what will not happen without the operator; see inert.h.
 *
 * The operator options below are the ones facts/operator.md names whose
 * effect is a controller action (a periodic trigger, a redeploy, a
 * rollback, an autoscaler).  Options about upgrades and snapshots
 * (upgradeMode, suspend, restartNonce, the trigger nonces) are carried
 * out by flinkc's hook Jobs and are deliberately absent.
 */
#include "inert.h"

#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "placeholder.h"

/* an operator option that does nothing in rendered objects */
struct inert_option {
	const char *key;
	bool when_true;      /* only when its value is "true" (any case) */
	const char *instead; /* what to use instead, after "; " */
};

static const struct inert_option options[] = {
	{ "job.autoscaler.enabled", true,
	  "size spec.job.parallelism and taskManager.replicas yourself, or run standalone with "
	  "scheduler-mode: reactive and scale the TaskManager Deployment (a HorizontalPodAutoscaler)" },
	{ "kubernetes.operator.job.autoscaler.enabled", true,
	  "size spec.job.parallelism and taskManager.replicas yourself, or run standalone with "
	  "scheduler-mode: reactive and scale the TaskManager Deployment (a HorizontalPodAutoscaler)" },
	{ "kubernetes.operator.periodic.savepoint.interval", false,
	  "take savepoints from a CronJob through the REST API (POST /jobs/<id>/savepoints), or rely "
	  "on retained checkpoints" },
	{ "kubernetes.operator.periodic.checkpoint.interval", false,
	  "use Flink's execution.checkpointing.interval" },
	{ "kubernetes.operator.job.restart.failed", true,
	  "use a Flink restart strategy (restart-strategy.type: exponential-delay)" },
	{ "kubernetes.operator.job.savepoint-on-deletion", true,
	  "stop the job with a savepoint (flink stop --savepointPath) before deleting it" },
	{ "kubernetes.operator.deployment.rollback.enabled", true,
	  "roll back by reverting the commit in Git" },
	{ "kubernetes.operator.deployment.readiness.timeout", false,
	  "the Deployments' progressDeadlineSeconds reports a stuck rollout" },
	{ "kubernetes.operator.cluster.health-check.enabled", true,
	  "add a livenessProbe to flink-main-container in the pod template" },
	{ "kubernetes.operator.reconcile.interval", false,
	  "flinkc renders once; the sync interval of your GitOps tool plays this part" },
};

/* spec.job fields whose change only the operator acts on */
static const struct {
	const char *field;
	const char *instead;
} job_fields[] = {
	{ "autoscalerResetNonce", "there is no autoscaler history to reset" },
	{ "savepointRedeployNonce",
	  "change spec.job.initialSavepointPath: the rendered configuration starts from it" },
};

static void placeholder(struct fc_ctx *ctx, const struct fc_node *v, const char *path)
{
	size_t at, len;

	if (!v || v->kind != FC_NODE_STR)
		return;
	len = fc_placeholder_find(&at, v->str, v->len);
	if (len)
		fc_diag_at(ctx, FC_SEV_WARNING, v->loc, "W0631", path,
		           "%s: \"%s\" holds the unexpanded placeholder %.*s; the operator passes it "
		           "through and the pod fails at run time; substitute it before rendering",
		           path, v->str, (int)len, v->str + at);
}

static void option(struct fc_ctx *ctx, const char *key, const struct fc_pair *p)
{
	size_t i;

	for (i = 0; i < countof(options); i++) {
		const struct inert_option *o = &options[i];
		if (strcmp(key, o->key) != 0)
			continue;
		if (o->when_true && !(fc_node_is_scalar(p->val) && strcasecmp(p->val->str, "true") == 0))
			return;
		fc_diag_at(ctx, FC_SEV_WARNING, p->key->loc, "W0630", "spec.flinkConfiguration",
		           "spec.flinkConfiguration: %s does nothing without the Flink Kubernetes "
		           "Operator (its control loop acts on it); %s",
		           key, o->instead);
		return;
	}
}

/* every flattened key of a flinkConfiguration map, as fc_conf_flatten makes them */
static void walk_conf(struct fc_ctx *ctx, struct fc_buf *path, const struct fc_node *map)
{
	size_t mark = path->len;
	uint32_t i;

	for (i = 0; i < map->n; i++) {
		const struct fc_pair *p = &map->pairs[i];
		if (mark > 0)
			fc_buf_putc(path, '.');
		fc_buf_append(path, p->key->str, p->key->len);
		if (p->val->kind == FC_NODE_MAP) {
			walk_conf(ctx, path, p->val);
		} else {
			struct fc_buf full = FC_BUF_INIT;
			fc_buf_printf(&full, "spec.flinkConfiguration.%s", path->ptr);
			option(ctx, path->ptr, p);
			placeholder(ctx, p->val, full.ptr);
			fc_buf_fini(&full);
		}
		path->len = mark;
		path->ptr[mark] = '\0';
	}
}

/* the images of one pod template's containers and init containers */
static void template_images(struct fc_ctx *ctx, const struct fc_node *tpl, const char *where)
{
	static const char *const lists[] = { "containers", "initContainers" };
	struct fc_buf path = FC_BUF_INIT;
	size_t k;
	uint32_t i;

	for (k = 0; k < countof(lists); k++) {
		const struct fc_node *cs = fc_node_get(fc_node_get(tpl, "spec"), lists[k]);
		for (i = 0; cs && cs->kind == FC_NODE_SEQ && i < cs->n; i++) {
			path.len = 0;
			fc_buf_printf(&path, "%s.spec.%s[%u].image", where, lists[k], i);
			placeholder(ctx, fc_node_get(cs->items[i], "image"), path.ptr);
		}
	}
	fc_buf_fini(&path);
}

void fc_inert_check(struct fc_ctx *ctx, const struct fc_node *doc)
{
	const struct fc_node *spec = fc_node_get(doc, "spec"), *cfg, *job, *jar, *mode;
	struct fc_buf path = FC_BUF_INIT;
	size_t i;

	if (!spec || spec->kind != FC_NODE_MAP)
		return;
	cfg = fc_node_get(spec, "flinkConfiguration");
	if (cfg && cfg->kind == FC_NODE_MAP && cfg->n) {
		fc_buf_reserve(&path, 64);
		path.ptr[0] = '\0';
		walk_conf(ctx, &path, cfg);
		fc_buf_fini(&path);
	}
	job = fc_node_get(spec, "job");
	for (i = 0; job && job->kind == FC_NODE_MAP && i < countof(job_fields); i++) {
		const struct fc_pair *p = fc_node_pair(job, job_fields[i].field);
		if (p && p->val->kind != FC_NODE_NULL)
			fc_diag_at(ctx, FC_SEV_WARNING, p->key->loc, "W0630", "spec.job",
			           "spec.job.%s does nothing without the Flink Kubernetes Operator; %s",
			           job_fields[i].field, job_fields[i].instead);
	}
	placeholder(ctx, fc_node_get(spec, "image"), "spec.image");
	template_images(ctx, fc_node_get(spec, "podTemplate"), "spec.podTemplate");
	template_images(ctx, fc_node_get(fc_node_get(spec, "jobManager"), "podTemplate"),
	                "spec.jobManager.podTemplate");
	template_images(ctx, fc_node_get(fc_node_get(spec, "taskManager"), "podTemplate"),
	                "spec.taskManager.podTemplate");
	/* operator.md §c step 9: native application mode sets pipeline.jars = [jarURI] */
	jar = fc_node_get(job, "jarURI");
	mode = fc_node_get(spec, "mode");
	if (jar && jar->kind == FC_NODE_STR && !fc_node_get(spec, "deploymentName")) {
		placeholder(ctx, jar, "spec.job.jarURI");
		if (!(mode && mode->kind == FC_NODE_STR && strcmp(mode->str, "standalone") == 0))
			for (i = 0; cfg && cfg->kind == FC_NODE_MAP && i < cfg->n; i++) {
				const struct fc_pair *p = &cfg->pairs[i];
				const struct fc_node *v = p->val;
				if (strcmp(p->key->str, "pipeline.jars") == 0 ||
				    (strcmp(p->key->str, "pipeline") == 0 && (v = fc_node_get(v, "jars")) &&
				     (p = fc_node_pair(p->val, "jars"))))
					fc_diag_at(ctx, FC_SEV_WARNING, p->key->loc, "W0632",
					           "spec.flinkConfiguration",
					           "spec.flinkConfiguration: pipeline.jars is replaced by "
					           "spec.job.jarURI (\"%s\") in application mode, so these jars are "
					           "not loaded; put them in the image's lib/ directory or list "
					           "them in pipeline.classpaths",
					           jar->str);
			}
	}
}
