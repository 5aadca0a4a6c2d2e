/* SPDX-License-Identifier: Apache-2.0 */
/* security.c - default security contexts for the Flink pods; see security.h.
 *
 * Pod: runAsNonRoot, runAsUser, runAsGroup and fsGroup 9999 (the `flink`
 * user and group of the official image) and the RuntimeDefault seccomp
 * profile.  Main container: allowPrivilegeEscalation false, every
 * capability dropped, runAsNonRoot.  The user's pod template wins key by
 * key.  readOnlyRootFilesystem is not set: Flink writes to /tmp (io.tmp.dirs,
 * web.tmpdir), to /opt/flink/log, and the entrypoint to /opt/flink/plugins
 * and the conf dir; a read-only root would need an emptyDir for each.
 *
 * Why this never breaks the image's entrypoint, for every Flink version
 * (S3.4, C6, and the flink-docker sources behind them):
 * - images <= 2.1 have no USER, start as root and step down with
 *   `exec $(drop_privs_cmd) ...`; drop_privs_cmd prints nothing when
 *   `id -u` is not 0, so started as 9999 they run Flink directly, without
 *   gosu.  The image runs no chown at start; /opt/flink is chowned to
 *   flink:flink (9999:9999) when the image is built.  Flink's own
 *   standalone manifests run these images with runAsUser 9999 (S2.5).
 * - the 2.2 image has `USER flink` and no gosu; it only warns as root.
 * - runAsNonRoot needs a numeric user to be checked: the old images run as
 *   root and `USER flink` is a name, so runAsUser is always set with it.
 * The ids runAsUser, runAsGroup and fsGroup are one choice: when the
 * user's template sets any of them (pod, or main container), flinkc adds
 * none, so no id of 9999 is mixed with the user's; with
 * FC_FEATURE_PLATFORM_IDS (securityContext: platform-assigned) flinkc adds
 * none either, for platforms that assign ids from a namespace range and
 * refuse others (OpenShift's restricted-v2 SCC sets runAsUser itself, which
 * also satisfies runAsNonRoot).  runAsNonRoot is added only when some uid
 * is set or assigned.
 * User choices that change what is added, so that the pod still starts:
 * - the main container runs as root (runAsUser 0 on it or on the pod):
 *   no runAsNonRoot (the kubelet would refuse to start it) and no dropped
 *   capabilities (gosu needs SETUID and SETGID, and root without
 *   DAC_OVERRIDE cannot write the files of user flink).  Any container
 *   of the pod, or the pod, set to runAsUser 0 keeps runAsNonRoot off
 *   the pod level, which every container inherits;
 * - the main container is privileged: no allowPrivilegeEscalation (the API
 *   server rejects false together with privileged) and no dropped
 *   capabilities (privileged has them all anyway).
 */
#include "security.h"

#include <string.h>

#include "arena.h"
#include "merge.h"
#include "flinkconf.h"

/* where the JobManager reads the TaskManager template (N8.5) */
#define TM_TEMPLATE_PATH "/opt/flink/pod-template/taskmanager-pod-template.yaml"

static const struct fc_node *get(const struct fc_node *map, const char *key)
{
	const struct fc_node *v = fc_node_get(map, key);
	return v && v->kind != FC_NODE_NULL ? v : NULL;
}

/* set key unless the user set it (a null counts as unset) */
static void add(struct fc_arena *a, struct fc_node *map, const char *key, struct fc_node *val)
{
	if (!get(map, key))
		fc_node_set(a, map, key, val);
}

static bool is_true(const struct fc_node *v)
{
	return v && v->kind == FC_NODE_BOOL && strcmp(v->str, "true") == 0;
}

static bool is_false(const struct fc_node *v)
{
	return v && v->kind == FC_NODE_BOOL && strcmp(v->str, "false") == 0;
}

static bool is_root(const struct fc_node *uid)
{
	return uid && fc_node_is_scalar(uid) && strcmp(uid->str, "0") == 0;
}

/* does a container in the list say runAsUser 0? */
static bool any_root(const struct fc_node *containers)
{
	uint32_t i;

	for (i = 0; containers && containers->kind == FC_NODE_SEQ && i < containers->n; i++)
		if (is_root(get(get(containers->items[i], "securityContext"), "runAsUser")))
			return true;
	return false;
}

/* the map under key, created empty (replacing a null) */
static struct fc_node *submap(struct fc_arena *a, struct fc_node *map, const char *key)
{
	return fc_node_getmap(a, map, key);
}

void fc_security_apply_pod(struct fc_arena *a, const struct fc_job *job, struct fc_node *podspec,
                           struct fc_node *main)
{
	const struct fc_node *upsc = get(podspec, "securityContext"), *ucsc = get(main, "securityContext");
	const struct fc_node *uid = get(ucsc, "runAsUser");
	struct fc_node *psc, *csc, *seq, *seccomp;
	bool as_root, some_root, privileged, pod_nonroot_off, user_ids, add_ids, uid_known;

	if (!(job->features & FC_FEATURE_SECURITY))
		return;
	/* the ids are one choice: the user's (any of them), the platform's, or 9999 */
	user_ids = get(upsc, "runAsUser") || get(upsc, "runAsGroup") || get(upsc, "fsGroup") ||
	           get(ucsc, "runAsUser") || get(ucsc, "runAsGroup");
	add_ids = !user_ids && !(job->features & FC_FEATURE_PLATFORM_IDS);
	/* runAsNonRoot is checked against a numeric uid: one that is set, or
	 * one the platform assigns (else the kubelet refuses the image's root
	 * or named USER) */
	uid_known = add_ids || get(upsc, "runAsUser") || get(ucsc, "runAsUser") ||
	            (job->features & FC_FEATURE_PLATFORM_IDS);
	if (!uid)
		uid = get(upsc, "runAsUser");
	as_root = is_root(uid);
	/* a pod-level runAsNonRoot would stop every container that runs as root */
	some_root = as_root || is_root(get(upsc, "runAsUser")) ||
	            any_root(get(podspec, "containers")) || any_root(get(podspec, "initContainers"));
	privileged = is_true(get(ucsc, "privileged"));
	pod_nonroot_off = is_false(get(upsc, "runAsNonRoot"));

	psc = submap(a, podspec, "securityContext");
	if (!some_root && uid_known)
		add(a, psc, "runAsNonRoot", fc_node_bool(a, true));
	if (add_ids) {
		add(a, psc, "runAsUser", fc_node_int(a, FC_SECURITY_FLINK_UID));
		add(a, psc, "runAsGroup", fc_node_int(a, FC_SECURITY_FLINK_UID));
		add(a, psc, "fsGroup", fc_node_int(a, FC_SECURITY_FLINK_UID));
	}
	seccomp = fc_node_map(a);
	fc_node_set(a, seccomp, "type", fc_node_str(a, "RuntimeDefault"));
	add(a, psc, "seccompProfile", seccomp);

	csc = submap(a, main, "securityContext");
	if (!privileged)
		add(a, csc, "allowPrivilegeEscalation", fc_node_bool(a, false));
	if (!privileged && !as_root) {
		struct fc_node *caps = submap(a, csc, "capabilities");
		seq = fc_node_seq(a);
		fc_node_push(a, seq, fc_node_str(a, "ALL"));
		add(a, caps, "drop", seq);
	}
	/* the user's pod-level runAsNonRoot: false is a choice for every container */
	if (!as_root && !pod_nonroot_off && uid_known)
		add(a, csc, "runAsNonRoot", fc_node_bool(a, true));
	if (csc->n == 0)
		fc_node_del(main, "securityContext");
}

/* the template's flink-main-container, appended when missing */
static struct fc_node *main_container(struct fc_arena *a, struct fc_node *podspec)
{
	return fc_merge_main_container(a, podspec);
}

void fc_security_lower_taskmanager(struct fc_arena *a, struct fc_job *job)
{
	struct fc_node *file = job->tm_template_file, *spec;

	if (!(job->features & FC_FEATURE_SECURITY) || job->mode != FC_MODE_NATIVE)
		return;
	if (!file) {
		struct fc_loc none = { 0 };
		file = fc_node_map(a);
		fc_node_set(a, file, "apiVersion", fc_node_str(a, "v1"));
		fc_node_set(a, file, "kind", fc_node_str(a, "Pod"));
		job->tm_template_file = file;
		fc_conf_set(&job->conf, "kubernetes.pod-template-file.taskmanager", TM_TEMPLATE_PATH,
		            FC_CONF_STRING, none);
	}
	/* the file shares its spec with job->tm.template_: change a copy */
	spec = fc_node_copy(a, get(file, "spec"));
	if (!spec || spec->kind != FC_NODE_MAP)
		spec = fc_node_map(a);
	fc_node_set(a, file, "spec", spec);
	fc_security_apply_pod(a, job, spec, main_container(a, spec));
}
