/* SPDX-License-Identifier: Apache-2.0 */
/* emit_hook.c - the lifecycle hook of a FlinkDeployment: the Job that stops
 * its job with a savepoint before the cluster is replaced, and the
 * ServiceAccount, Role and RoleBinding it runs with (lifecycle.h).
 *
 * The Job is an Argo CD PreSync hook; its RBAC objects are PreSync hooks
 * of an earlier wave, so they exist before it runs (plain kubectl users
 * apply the objects labelled flinkc.io/phase=pre-sync first, README).
 * The Job runs templates/hook-upgrade.sh in a curl image, preceded by the
 * variables computed here.  It compares the live Deployments' content
 * hashes with the rendered ones, so a sync that does not change the
 * cluster stops nothing.  Its name carries a hash of its spec, so plain
 * kubectl users get a new Job exactly when the cluster changes.
 */
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "defaults.h"
#include "diag.h"
#include "emit.h"
#include "lifecycle.h"
#include "script.h"
#include "yamlw.h"

#define DEFAULT_IMAGE "curlimages/curl:8.11.1"
#define DEFAULT_SAVEPOINT_TIMEOUT 900
#define DEFAULT_POD_TIMEOUT 300
#define SCRIPT "hook-upgrade.sh"
#define TRIGGER_SCRIPT "hook-trigger.sh"
#define TRIGGER_TIMEOUT 900
#define WORK_DIR "/work"
#define SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
#define CURL_UID 100 /* curlimages/curl: USER curl_user (uid 100, gid 101), not numeric */
#define CURL_GID 101

struct hook {
	struct fc_emit *e;
	struct fc_arena *a;
	const struct fc_job *job;
	const char *account; /* X-lifecycle */
};

static struct fc_node *str(struct fc_arena *a, const char *s)
{
	return fc_node_str(a, s);
}

static struct fc_node *labels(struct hook *h)
{
	struct fc_node *m = fc_node_map(h->a);

	fc_node_set(h->a, m, "app", str(h->a, h->job->name));
	fc_node_set(h->a, m, "component", str(h->a, "lifecycle"));
	fc_node_set(h->a, m, "flinkc.io/phase", str(h->a, "pre-sync"));
	return m;
}

/* an object of the hook with its labels and Argo CD hook annotations */
static struct fc_node *object(struct hook *h, const char *api, const char *kind, const char *name,
                              const char *wave, const char *delete_policy)
{
	struct fc_node *o = fc_emit_object(h->a, api, kind, h->job->namespace_, name);
	struct fc_node *meta = fc_node_get(o, "metadata"), *ann = fc_node_map(h->a);

	fc_node_set(h->a, meta, "labels", labels(h));
	fc_node_set(h->a, ann, "argocd.argoproj.io/hook", str(h->a, "PreSync"));
	fc_node_set(h->a, ann, "argocd.argoproj.io/hook-delete-policy", str(h->a, delete_policy));
	if (wave)
		fc_node_set(h->a, ann, "argocd.argoproj.io/sync-wave", str(h->a, wave));
	fc_node_set(h->a, meta, "annotations", ann);
	return o;
}

static struct fc_node *seq_of(struct fc_arena *a, const char *const *v, size_t n)
{
	struct fc_node *s = fc_node_seq(a);
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i])
			fc_node_push(a, s, fc_node_str(a, v[i]));
	return s;
}

static void rule(struct fc_arena *a, struct fc_node *rules, const char *group, const char *resource,
                 const char *const *names, size_t nnames, const char *const *verbs, size_t nverbs)
{
	struct fc_node *r = fc_node_map(a);

	fc_node_set(a, r, "apiGroups", seq_of(a, &group, 1));
	fc_node_set(a, r, "resources", seq_of(a, &resource, 1));
	if (nnames)
		fc_node_set(a, r, "resourceNames", seq_of(a, names, nnames));
	fc_node_set(a, r, "verbs", seq_of(a, verbs, nverbs));
	fc_node_push(a, rules, r);
}

/* exactly what the scripts call: read and write X-restore (create cannot
 * be limited to a name: Kubernetes authorizes it before the object has
 * one); for the upgrade hook also read and delete the cluster's
 * Deployments and list its pods */
static void rbac(struct hook *h, bool upgrade)
{
	struct fc_arena *a = h->a;
	const struct fc_job *job = h->job;
	struct fc_node *o, *rules = fc_node_seq(a), *ref, *subj, *subjects;
	const char *cm[] = { fc_lifecycle_restore_name(a, job) };
	const char *deps[] = { job->name, job->mode == FC_MODE_STANDALONE
		                                  ? fc_arena_printf(a, "%s-taskmanager", job->name)
		                                  : NULL };
	static const char *const create[] = { "create" }, *const get_patch[] = { "get", "patch" };
	static const char *const get_delete[] = { "delete", "get" }, *const list[] = { "list" };

	o = object(h, "v1", "ServiceAccount", h->account, "-1", "BeforeHookCreation");
	fc_emit_add(h->e, a, o, job->loc);

	rule(a, rules, "", "configmaps", NULL, 0, create, 1);
	rule(a, rules, "", "configmaps", cm, 1, get_patch, 2);
	if (upgrade) {
		rule(a, rules, "", "pods", NULL, 0, list, 1);
		rule(a, rules, "apps", "deployments", deps, deps[1] ? 2 : 1, get_delete, 2);
	}
	o = object(h, "rbac.authorization.k8s.io/v1", "Role", h->account, "-1", "BeforeHookCreation");
	fc_node_set(a, o, "rules", rules);
	fc_emit_add(h->e, a, o, job->loc);

	o = object(h, "rbac.authorization.k8s.io/v1", "RoleBinding", h->account, "-1", "BeforeHookCreation");
	ref = fc_node_map(a);
	fc_node_set(a, ref, "apiGroup", str(a, "rbac.authorization.k8s.io"));
	fc_node_set(a, ref, "kind", str(a, "Role"));
	fc_node_set(a, ref, "name", str(a, h->account));
	fc_node_set(a, o, "roleRef", ref);
	subj = fc_node_map(a);
	fc_node_set(a, subj, "kind", str(a, "ServiceAccount"));
	fc_node_set(a, subj, "name", str(a, h->account));
	fc_node_set(a, subj, "namespace", str(a, job->namespace_));
	subjects = fc_node_seq(a);
	fc_node_push(a, subjects, subj);
	fc_node_set(a, o, "subjects", subjects);
	fc_emit_add(h->e, a, o, job->loc);
}

/* ---- the script ---- */

static void var(struct fc_buf *b, const char *name, const char *value)
{
	fc_buf_printf(b, "%s=", name);
	fc_script_shell(b, value, strlen(value));
	fc_buf_putc(b, '\n');
}

static bool is_true(const char *v)
{
	return v && strcasecmp(v, "true") == 0;
}

static const char *savepoint_dir(const struct fc_job *job)
{
	static const char *const keys[] = { "execution.checkpointing.savepoint-dir", "state.savepoints.dir",
		                            "savepoints.state.backend.fs.dir" };
	size_t i;
	const char *v;

	for (i = 0; i < countof(keys); i++)
		if ((v = fc_conf_get(&job->conf, keys[i])) && v[0])
			return v;
	return NULL;
}

static bool rest_tls(const struct fc_job *job)
{
	const char *ssl = fc_conf_get(&job->conf, "security.ssl.rest.enabled");
	return is_true(ssl ? ssl : fc_conf_get(&job->conf, "security.ssl.enabled"));
}

static int timeout_of(int configured, int fallback)
{
	return configured > 0 ? configured : fallback;
}

/* the variables both scripts share */
static void common_vars(struct fc_buf *b, struct hook *h)
{
	const struct fc_job *job = h->job;
	bool tls = rest_tls(job);

	var(b, "CLUSTER", job->name);
	var(b, "NAMESPACE", job->namespace_);
	var(b, "REST", fc_arena_printf(h->a, "%s://%s-rest.%s:%d", tls ? "https" : "http", job->name,
	                               job->namespace_, job->rest_port));
	var(b, "TLS", tls ? "--insecure" : "");
	var(b, "KUBE", "https://kubernetes.default.svc");
	var(b, "KUBE_TLS", "--cacert " SA_DIR "/ca.crt");
	var(b, "TOKEN_FILE", SA_DIR "/token");
	var(b, "WORK", WORK_DIR);
	var(b, "RESTORE_CM", fc_lifecycle_restore_name(h->a, job));
}

static const char *upgrade_script(struct hook *h, int sp_timeout, int pod_timeout)
{
	struct fc_arena *a = h->a;
	const struct fc_job *job = h->job;
	struct fc_buf b = FC_BUF_INIT, body = FC_BUF_INIT;
	const char *jm_hash = job->jm_hash, *tm_hash = job->tm_hash;
	const char *dir = savepoint_dir(job), *type, *s;

	type = job->mode == FC_MODE_STANDALONE ? "flink-standalone-kubernetes" : "flink-native-kubernetes";
	fc_buf_printf(&b, "# flinkc: stop FlinkDeployment %s/%s with a savepoint before it is replaced\n",
	              job->namespace_, job->name);
	common_vars(&b, h);
	if (job->mode == FC_MODE_STANDALONE && tm_hash)
		var(&b, "DEPLOYMENTS", fc_arena_printf(a, "%s=%s %s-taskmanager=%s", job->name, jm_hash ? jm_hash : "",
		                                       job->name, tm_hash));
	else
		var(&b, "DEPLOYMENTS", fc_arena_printf(a, "%s=%s", job->name, jm_hash ? jm_hash : ""));
	var(&b, "SELECTOR", fc_arena_printf(a, "app%%3D%s%%2Ctype%%3D%s", job->name, type));
	fc_buf_puts(&body, "{\"drain\":false");
	if (dir) {
		fc_buf_puts(&body, ",\"targetDirectory\":");
		fc_script_json(&body, dir, strlen(dir));
	}
	fc_buf_putc(&body, '}');
	var(&b, "STOP_BODY", body.ptr);
	{
		struct fc_lifecycle lc;
		fc_lifecycle_of(&lc, job);
		var(&b, "UPGRADE_MODE", lc.upgrade_mode);
	}
	var(&b, "SAVEPOINT_TIMEOUT", fc_arena_printf(a, "%d", sp_timeout));
	var(&b, "POD_TIMEOUT", fc_arena_printf(a, "%d", pod_timeout));
	var(&b, "PAUSE", "5");
	fc_script_template(&b, SCRIPT);
	s = fc_arena_strndup(a, b.ptr, b.len);
	fc_buf_fini(&b);
	fc_buf_fini(&body);
	return s;
}

/* ---- the Job ---- */

static struct fc_node *quantities(struct fc_arena *a, const char *cpu, const char *memory)
{
	struct fc_node *m = fc_node_map(a);

	fc_node_set(a, m, "cpu", str(a, cpu));
	fc_node_set(a, m, "memory", str(a, memory));
	return m;
}

static struct fc_node *pod_spec(struct hook *h, const char *image, const char *container, const char *script)
{
	struct fc_arena *a = h->a;
	struct fc_node *ps = fc_node_map(a), *psc = fc_node_map(a), *c = fc_node_map(a);
	struct fc_node *csc = fc_node_map(a), *cmd = fc_node_seq(a), *res = fc_node_map(a);
	struct fc_node *mounts = fc_node_seq(a), *vols = fc_node_seq(a), *m, *v;

	fc_node_set(a, ps, "automountServiceAccountToken", fc_node_bool(a, true));
	fc_node_set(a, ps, "restartPolicy", str(a, "Never"));
	fc_node_set(a, ps, "serviceAccountName", str(a, h->account));
	fc_node_set(a, psc, "runAsNonRoot", fc_node_bool(a, true));
	fc_node_set(a, psc, "runAsUser", fc_node_int(a, CURL_UID));
	fc_node_set(a, psc, "runAsGroup", fc_node_int(a, CURL_GID));
	fc_node_set(a, fc_node_getmap(a, psc, "seccompProfile"), "type", str(a, "RuntimeDefault"));
	fc_node_set(a, ps, "securityContext", psc);

	fc_node_set(a, c, "name", str(a, container));
	fc_node_set(a, c, "image", str(a, image));
	fc_node_push(a, cmd, str(a, "/bin/sh"));
	fc_node_push(a, cmd, str(a, "-c"));
	fc_node_push(a, cmd, str(a, script));
	fc_node_set(a, c, "command", cmd);
	fc_node_set(a, res, "requests", quantities(a, "100m", "64Mi"));
	fc_node_set(a, res, "limits", quantities(a, "500m", "128Mi"));
	fc_node_set(a, c, "resources", res);
	fc_node_set(a, csc, "allowPrivilegeEscalation", fc_node_bool(a, false));
	fc_node_push(a, fc_node_getseq(a, fc_node_getmap(a, csc, "capabilities"), "drop"), str(a, "ALL"));
	fc_node_set(a, csc, "readOnlyRootFilesystem", fc_node_bool(a, true));
	fc_node_set(a, csc, "runAsNonRoot", fc_node_bool(a, true));
	fc_node_set(a, c, "securityContext", csc);
	m = fc_node_map(a);
	fc_node_set(a, m, "name", str(a, "work"));
	fc_node_set(a, m, "mountPath", str(a, WORK_DIR));
	fc_node_push(a, mounts, m);
	fc_node_set(a, c, "volumeMounts", mounts);
	v = fc_node_map(a);
	fc_node_set(a, v, "name", str(a, "work"));
	fc_node_set(a, v, "emptyDir", fc_node_map(a));
	fc_node_push(a, vols, v);
	fc_node_push(a, fc_node_getseq(a, ps, "containers"), c);
	fc_node_set(a, ps, "volumes", vols);
	return ps;
}

/* "<X>-<what>-<8 hex of the Job's spec>"; X has at most 45 characters, so
 * the whole fits a label value (63) */
static const char *hashed_name(struct hook *h, const char *what, const struct fc_node *spec)
{
	struct fc_buf b = FC_BUF_INIT;
	uint64_t hash;

	fc_yamlw_doc(&b, spec, 0);
	hash = XXH3_64bits(b.ptr, b.len);
	fc_buf_fini(&b);
	return fc_arena_printf(h->a, "%.*s-%s-%08llx", 63 - 10 - (int)strlen(what), h->job->name, what,
	                       (unsigned long long)(hash >> 32));
}

static const char *trigger_script(struct hook *h, const char *kind, const char *nonce)
{
	const struct fc_job *job = h->job;
	struct fc_buf b = FC_BUF_INIT, body = FC_BUF_INIT;
	const char *dir = savepoint_dir(job), *s;

	fc_buf_printf(&b, "# flinkc: take a %s of FlinkDeployment %s/%s (nonce %s)\n", kind, job->namespace_,
	              job->name, nonce);
	common_vars(&b, h);
	var(&b, "KIND", kind);
	var(&b, "NONCE", nonce);
	if (strcmp(kind, "savepoint") == 0) {
		/* SavepointTriggerRequestBody */
		fc_buf_puts(&body, "{\"cancel-job\":false");
		if (dir) {
			fc_buf_puts(&body, ",\"target-directory\":");
			fc_script_json(&body, dir, strlen(dir));
		}
		fc_buf_putc(&body, '}');
	} else {
		/* CheckpointTriggerRequestBody (Flink 1.19+); the operator's default type */
		fc_buf_puts(&body, "{\"checkpointType\":\"FULL\"}");
	}
	var(&b, "TRIGGER_BODY", body.ptr);
	var(&b, "TIMEOUT", fc_arena_printf(h->a, "%d", TRIGGER_TIMEOUT));
	var(&b, "PAUSE", "5");
	fc_script_template(&b, TRIGGER_SCRIPT);
	s = fc_arena_strndup(h->a, b.ptr, b.len);
	fc_buf_fini(&b);
	fc_buf_fini(&body);
	return s;
}

/* "<X>-<kind>-<nonce>" ('-' of a negative nonce as 'm'), X cut to fit 63 */
static const char *trigger_name(struct hook *h, const char *kind, const char *nonce)
{
	char *n = fc_arena_strdup(h->a, nonce), *p;
	int room;

	for (p = n; *p; p++)
		if (*p == '-')
			*p = 'm';
	room = 63 - 2 - (int)strlen(kind) - (int)strlen(n);
	if (room > (int)strlen(h->job->name))
		room = (int)strlen(h->job->name);
	while (room > 1 && (h->job->name[room - 1] == '-' || h->job->name[room - 1] == '.'))
		room--;
	return fc_arena_printf(h->a, "%.*s-%s-%s", room, h->job->name, kind, n);
}

/* one Job per nonce: a new nonce is a new Job, an unchanged one the same bytes */
static void trigger(struct hook *h, const char *image, const char *kind, const char *nonce)
{
	struct fc_arena *a = h->a;
	struct fc_node *o, *spec, *tmpl, *l;

	spec = fc_node_map(a);
	fc_node_set(a, spec, "activeDeadlineSeconds", fc_node_int(a, 2 * TRIGGER_TIMEOUT + 300));
	fc_node_set(a, spec, "backoffLimit", fc_node_int(a, 2));
	fc_node_set(a, spec, "ttlSecondsAfterFinished", fc_node_int(a, 86400));
	tmpl = fc_node_getmap(a, spec, "template");
	l = fc_node_map(a);
	fc_node_set(a, l, "app", str(a, h->job->name));
	fc_node_set(a, l, "component", str(a, "lifecycle"));
	fc_node_set(a, l, "flinkc.io/trigger", str(a, kind));
	fc_node_set(a, fc_node_getmap(a, tmpl, "metadata"), "labels", l);
	fc_node_set(a, tmpl, "spec", pod_spec(h, image, kind, trigger_script(h, kind, nonce)));
	o = fc_emit_object(a, "batch/v1", "Job", h->job->namespace_, trigger_name(h, kind, nonce));
	fc_node_set(a, fc_node_get(o, "metadata"), "labels", fc_node_copy(a, l));
	fc_node_set(a, o, "spec", spec);
	fc_emit_add(h->e, a, o, h->job->loc);
}

int fc_emit_hook(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	const struct fc_defaults *d = fc_emit_ctx(e)->defaults;
	struct hook h = { e, a, job, NULL };
	struct fc_lifecycle lc;
	struct fc_node *o, *spec, *tmpl, *tmeta;
	int sp_timeout, pod_timeout;
	const char *image;

	fc_lifecycle_of(&lc, job);
	if (lc.checkpoint_nonce && job->version < 119) {
		const struct fc_node *n = fc_node_path(job->doc, "spec.job.checkpointTriggerNonce");
		fc_diag_at(fc_emit_ctx(e), FC_SEV_ERROR, n ? n->loc : job->loc, "E0720", "spec.job.checkpointTriggerNonce",
		           "spec.job.checkpointTriggerNonce: Flink %s has no REST call that triggers a checkpoint "
		           "(Flink 1.19+); use savepointTriggerNonce, or remove the nonce",
		           job->version_name);
		return FC_ERR;
	}
	if (lc.upgrade_hook && strcmp(lc.upgrade_mode, "last-state") == 0) {
		/* cancel-based last-state restores from a retained checkpoint (§f) */
		const char *key = "execution.checkpointing.externalized-checkpoint-retention";
		const struct fc_conf_entry *r = fc_conf_entry(&job->conf, key);
		if (r && strcasecmp(r->value, "RETAIN_ON_CANCELLATION") != 0) {
			fc_diag_at(fc_emit_ctx(e), FC_SEV_ERROR, r->loc.line ? r->loc : job->loc, "E0721",
			           "spec.flinkConfiguration",
			           "spec.flinkConfiguration.%s: upgradeMode last-state without high availability cancels "
			           "the job and restores from its latest checkpoint, which %s deletes; set it to "
			           "RETAIN_ON_CANCELLATION (or remove it), or enable Kubernetes HA",
			           key, r->value);
			return FC_ERR;
		}
	}
	if (!lc.upgrade_hook && !lc.savepoint_nonce && !lc.checkpoint_nonce)
		return 0;
	h.account = fc_arena_printf(a, "%s-lifecycle", job->name);
	image = d && d->hook_image ? d->hook_image : DEFAULT_IMAGE;
	sp_timeout = timeout_of(d ? d->savepoint_timeout : 0, DEFAULT_SAVEPOINT_TIMEOUT);
	pod_timeout = timeout_of(d ? d->pod_timeout : 0, DEFAULT_POD_TIMEOUT);
	rbac(&h, lc.upgrade_hook);
	if (lc.savepoint_nonce)
		trigger(&h, image, "savepoint", lc.savepoint_nonce);
	if (lc.checkpoint_nonce)
		trigger(&h, image, "checkpoint", lc.checkpoint_nonce);
	if (!lc.upgrade_hook)
		return 0;

	spec = fc_node_map(a);
	/* the script bounds itself; the deadline is a backstop */
	fc_node_set(a, spec, "activeDeadlineSeconds", fc_node_int(a, sp_timeout + pod_timeout + 300));
	/* a failed hook fails the sync: a person looks before anything is retried */
	fc_node_set(a, spec, "backoffLimit", fc_node_int(a, 0));
	fc_node_set(a, spec, "ttlSecondsAfterFinished", fc_node_int(a, 86400));
	tmpl = fc_node_getmap(a, spec, "template");
	tmeta = fc_node_getmap(a, tmpl, "metadata");
	fc_node_set(a, tmeta, "labels", labels(&h));
	fc_node_set(a, tmpl, "spec", pod_spec(&h, image, "upgrade", upgrade_script(&h, sp_timeout, pod_timeout)));
	o = object(&h, "batch/v1", "Job", hashed_name(&h, "upgrade", spec), NULL, "BeforeHookCreation,HookSucceeded");
	fc_node_set(a, o, "spec", spec);
	fc_emit_add(e, a, o, job->loc);
	return 0;
}
