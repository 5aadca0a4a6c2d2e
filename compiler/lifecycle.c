/* SPDX-License-Identifier: Apache-2.0 */
/* lifecycle.c - upgrade modes, job state and nonces; see lifecycle.h.
 *
 * Restore order at JobManager start (facts/operator.md §f, "savepoint"):
 * the path the upgrade hook recorded in ConfigMap X-restore, else
 * spec.job.initialSavepointPath (already execution.savepoint.path in the
 * configuration), else nothing.  With a recorded path the job also gets
 * the job id recorded beside it: a fresh id per savepoint, so that the
 * stopped job's entries in the job result store and the HA ConfigMaps
 * (which outlive the cluster) cannot make the new JobManager treat the job
 * as finished or resume the old job instead of the savepoint.
 */
#include "lifecycle.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "script.h"

#define VOLUME "flinkc-restore"

static const char *text_of(const struct fc_node *n)
{
	return n && fc_node_is_scalar(n) && n->kind != FC_NODE_NULL ? n->str : NULL;
}

void fc_lifecycle_of(struct fc_lifecycle *out, const struct fc_job *job)
{
	const struct fc_node *spec = fc_node_get(job->doc, "spec");
	const struct fc_node *j = fc_node_get(spec, "job");
	const char *mode = text_of(fc_node_get(j, "upgradeMode"));
	const char *state = text_of(fc_node_get(j, "state"));

	memset(out, 0, sizeof(*out));
	out->upgrade_mode = mode ? mode : "stateless";
	out->suspended = job->application && state && strcmp(state, "suspended") == 0;
	out->restart_nonce = text_of(fc_node_get(spec, "restartNonce"));
	if (job->application) {
		out->savepoint_nonce = text_of(fc_node_get(j, "savepointTriggerNonce"));
		out->checkpoint_nonce = text_of(fc_node_get(j, "checkpointTriggerNonce"));
	}
	/* savepoint upgrades: the hook stops the job into a savepoint and the
	 * JobManager restores from it.  last-state: with HA the new JobManager
	 * recovers by itself (fixed job id, HA metadata); without HA the hook
	 * cancels the job and records its latest retained checkpoint */
	out->upgrade_hook = job->application && (strcmp(out->upgrade_mode, "savepoint") == 0 ||
	                                         (strcmp(out->upgrade_mode, "last-state") == 0 && !job->ha));
	out->restore = out->upgrade_hook;
}

const char *fc_lifecycle_restore_name(struct fc_arena *a, const struct fc_job *job)
{
	return fc_arena_printf(a, "%s-restore", job->name);
}

/* restore: "-D" options before the native entrypoint's own arguments */
static const char *native_start(struct fc_arena *a, const char *start)
{
	return fc_arena_printf(a,
	                       "r=" FC_LIFECYCLE_RESTORE_DIR "; "
	                       "if [ -s \"$r/" FC_LIFECYCLE_PATH_KEY "\" ]; then "
	                       "set -- \"-Dexecution.savepoint.path=$(cat \"$r/" FC_LIFECYCLE_PATH_KEY "\")\"; "
	                       "if [ -s \"$r/" FC_LIFECYCLE_JOBID_KEY "\" ]; then "
	                       "set -- \"$@\" \"-D\\$internal.pipeline.job-id=$(cat \"$r/" FC_LIFECYCLE_JOBID_KEY
	                       "\")\"; fi; fi; exec %s \"$@\"",
	                       start);
}

/* restore: "--fromSavepoint" (and "--job-id") right after "standalone-job",
 * before the program arguments; the entrypoint then runs as before */
static const char *standalone_start(struct fc_arena *a, const struct fc_job *job)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *init = job->savepoint_path ? job->savepoint_path : "", *s;

	fc_buf_puts(&b, "r=" FC_LIFECYCLE_RESTORE_DIR "; m=$1; shift; p=");
	fc_script_shell(&b, init, strlen(init));
	fc_buf_puts(&b, "; j=; if [ -s \"$r/" FC_LIFECYCLE_PATH_KEY "\" ]; then p=$(cat \"$r/" FC_LIFECYCLE_PATH_KEY
	                "\"); if [ -s \"$r/" FC_LIFECYCLE_JOBID_KEY "\" ]; then j=$(cat \"$r/" FC_LIFECYCLE_JOBID_KEY
	                "\"); fi; fi; if [ -n \"$j\" ]; then set -- --job-id \"$j\" \"$@\"; fi; "
	                "if [ -n \"$p\" ]; then set -- --fromSavepoint \"$p\" \"$@\"; fi; exec ");
	fc_script_shell(&b, job->entry_path, strlen(job->entry_path));
	fc_buf_puts(&b, " \"$m\" \"$@\"");
	s = fc_arena_strndup(a, b.ptr, b.len);
	fc_buf_fini(&b);
	return s;
}

static void restore_start(struct fc_arena *a, const struct fc_job *job, struct fc_node *main)
{
	struct fc_node *args = fc_node_get(main, "args"), *seq;
	bool moved = false;
	uint32_t i;

	if (!args || args->kind != FC_NODE_SEQ || args->n == 0)
		return;
	if (job->mode == FC_MODE_NATIVE) {
		/* [bash, -c, "kubernetes-jobmanager.sh kubernetes-application ..."] */
		struct fc_node *last = args->items[args->n - 1];
		args->items[args->n - 1] = fc_node_str(a, native_start(a, last->str));
		return;
	}
	seq = fc_node_seq(a);
	fc_node_push(a, seq, fc_node_str(a, "bash"));
	fc_node_push(a, seq, fc_node_str(a, "-c"));
	fc_node_push(a, seq, fc_node_str(a, standalone_start(a, job)));
	fc_node_push(a, seq, fc_node_str(a, "flinkc-restore"));
	for (i = 0; i < args->n; i++) {
		/* the static --fromSavepoint pair (the first: the options come
		 * before the program arguments): the script decides at run time */
		if (!moved && job->savepoint_path && i + 1 < args->n &&
		    strcmp(args->items[i]->str, "--fromSavepoint") == 0 &&
		    strcmp(args->items[i + 1]->str, job->savepoint_path) == 0) {
			moved = true;
			i++;
			continue;
		}
		fc_node_push(a, seq, args->items[i]);
	}
	fc_node_set(a, main, "args", seq);
}

static void restore_volume(struct fc_arena *a, const struct fc_job *job, struct fc_node *pod, struct fc_node *main)
{
	struct fc_node *m = fc_node_map(a), *v = fc_node_map(a), *cm = fc_node_map(a);

	fc_node_set(a, m, "name", fc_node_str(a, VOLUME));
	fc_node_set(a, m, "mountPath", fc_node_str(a, FC_LIFECYCLE_RESTORE_DIR));
	fc_node_set(a, m, "readOnly", fc_node_bool(a, true));
	fc_node_push(a, fc_node_getseq(a, main, "volumeMounts"), m);
	fc_node_set(a, v, "name", fc_node_str(a, VOLUME));
	fc_node_set(a, cm, "name", fc_node_str(a, fc_lifecycle_restore_name(a, job)));
	fc_node_set(a, cm, "optional", fc_node_bool(a, true));
	fc_node_set(a, v, "configMap", cm);
	fc_node_push(a, fc_node_getseq(a, pod, "volumes"), v);
}

void fc_lifecycle_apply_deployment(struct fc_arena *a, const struct fc_job *job, bool jm,
                                   struct fc_node *deployment_spec, struct fc_node *main)
{
	struct fc_lifecycle lc;
	struct fc_node *tmpl = fc_node_getmap(a, deployment_spec, "template");

	fc_lifecycle_of(&lc, job);
	if (lc.suspended)
		fc_node_set(a, deployment_spec, "replicas", fc_node_int(a, 0));
	if (lc.restart_nonce)
		fc_node_set(a, fc_node_getmap(a, fc_node_getmap(a, tmpl, "metadata"), "annotations"),
		            FC_LIFECYCLE_NONCE_ANNOTATION, fc_node_str(a, lc.restart_nonce));
	if (jm && lc.restore) {
		restore_start(a, job, main);
		restore_volume(a, job, fc_node_getmap(a, tmpl, "spec"), main);
	}
}
