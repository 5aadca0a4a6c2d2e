/* SPDX-License-Identifier: Apache-2.0 */
/* emit_job.c - FlinkSessionJob -> a batch/v1 Job that submits it.
 *
 * The operator runs a session job by uploading its jar to the session
 * cluster's REST API and running it there (/jars/upload, /jars/:id/run).
 * Without an operator, a small Job does the same: a curl container runs
 * templates/submit-session-job.sh, preceded by the variables computed
 * here.  Everything user-supplied reaches the script through two escaping
 * layers (script.h): JSON for the request body, then one single-quoted
 * shell word per variable.
 *
 * It reads only the lowered model (struct fc_sessionjob, lower_sessionjob.c),
 * which has checked the document and its target already.
 *
 * Identity, so that re-running is harmless and a changed spec runs again:
 *   - the Flink job id (lower_sessionjob.c) is 32 hex digits: 16 the same
 *     for every spec of this session job (so a later submitter can find and
 *     stop earlier runs), then 16 from the spec fields that restart a job
 *     in the operator.  The script does nothing when that id already
 *     exists, and Flink refuses a duplicate id anyway;
 *   - the Job's name is "<name>-" plus 10 hex digits of XXH3-64 of the
 *     Job's own canonical spec, so any change to what it would do (spec,
 *     target port, image) gives a new Job (a Job's pod template is
 *     immutable), and an unchanged input keeps the name.
 * The stop hook (templates/hook-sessionjob.sh; README "Session jobs and
 * Ingress"): an Argo CD PreSync Job with its ServiceAccount, Role and
 * RoleBinding, rendered for every session job, that stops this session
 * job's runs that must not go on (suspended: all; running: those of earlier
 * specs) with a savepoint (stateless: a cancel) and records the stop in
 * ConfigMap "<name>-sessionjob-restore", which the submitter mounts and
 * reads at run time: after a recorded stop, the run's job id is the prefix
 * plus 16 hex digits of MD5("<job id>/<stopped-job-id>"), and the recorded
 * savepoint is where it starts.  The record never enters the rendered
 * bytes.  With flinkc.io/stop-on-delete: "true" the same script also runs
 * as a PreDelete Job (facts/gitops.md §1.10).
 */
#include <string.h>
#include <xxhash.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "defaults.h"
#include "emit.h"
#include "model.h"
#include "script.h"
#include "yamlw.h"

#define DEFAULT_IMAGE "curlimages/curl:8.11.1"
#define WORK_DIR "/work"
#define CA_DIR "/etc/flinkc/ca"
#define SCRIPT "submit-session-job.sh"
#define HOOK_SCRIPT "hook-sessionjob.sh"
#define RESTORE_DIR "/etc/flinkc/restore"
#define SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
#define DEFAULT_SAVEPOINT_TIMEOUT 900
#define CURL_UID 100 /* curlimages/curl: USER curl_user (uid 100, gid 101), not numeric */
#define CURL_GID 101

struct sj {
	struct fc_emit *e;
	struct fc_arena *a;
	const struct fc_sessionjob *m;
};

static char *hex64(struct fc_arena *a, uint64_t h)
{
	return fc_arena_printf(a, "%016llx", (unsigned long long)h);
}

/* ---- the script ---- */

static void var(struct fc_buf *b, const char *name, const char *value)
{
	fc_buf_puts(b, name);
	fc_buf_putc(b, '=');
	fc_script_shell(b, value, strlen(value));
	fc_buf_putc(b, '\n');
}

/* the /jars/:id/run body's fields (JarRunRequestBody) after "jobId", each
 * with its leading comma, without savepointPath: the script adds those */
static void run_body(const struct fc_sessionjob *m, struct fc_buf *b)
{
	const struct fc_conf *conf = &m->conf;
	size_t i;

	if (m->allow_non_restored)
		fc_buf_printf(b, ",\"allowNonRestoredState\":%s", m->allow_non_restored);
	if (m->entry_class.ptr) {
		fc_buf_puts(b, ",\"entryClass\":");
		fc_script_json(b, m->entry_class.ptr, m->entry_class.len);
	}
	if (conf->n) {
		fc_buf_puts(b, ",\"flinkConfiguration\":{");
		for (i = 0; i < conf->n; i++) {
			if (i)
				fc_buf_putc(b, ',');
			fc_script_json(b, conf->v[i].key, strlen(conf->v[i].key));
			fc_buf_putc(b, ':');
			fc_script_json(b, conf->v[i].value, strlen(conf->v[i].value));
		}
		fc_buf_putc(b, '}');
	}
	if (m->parallelism)
		fc_buf_printf(b, ",\"parallelism\":%s", m->parallelism);
	if (m->nargs) {
		fc_buf_puts(b, ",\"programArgsList\":[");
		for (i = 0; i < m->nargs; i++) {
			if (i)
				fc_buf_putc(b, ',');
			fc_script_json(b, m->args[i].ptr, m->args[i].len);
		}
		fc_buf_putc(b, ']');
	}
}

/* ---- the Job ---- */

static struct fc_node *labels(struct sj *s)
{
	struct fc_node *m = fc_node_map(s->a);

	fc_node_set(s->a, m, "app", fc_node_str(s->a, s->m->deployment));
	fc_node_set(s->a, m, "component", fc_node_str(s->a, "submitter"));
	fc_node_set(s->a, m, "flinkc.io/session-job", fc_node_str(s->a, s->m->name));
	return m;
}

static struct fc_node *quantities(struct fc_arena *a, const char *cpu, const char *memory)
{
	struct fc_node *m = fc_node_map(a);

	fc_node_set(a, m, "cpu", fc_node_str(a, cpu));
	fc_node_set(a, m, "memory", fc_node_str(a, memory));
	return m;
}

/* how a pod differs between the submitter and the stop hook */
struct pod_opts {
	const char *container;
	const char *account;    /* the hook's ServiceAccount (token mounted), or NULL */
	const char *restore_cm; /* mounted optional at RESTORE_DIR, or NULL */
};

static struct fc_node *pod_spec(struct sj *s, const struct pod_opts *po, const char *image, const char *ca_secret,
                                const char *script)
{
	struct fc_arena *a = s->a;
	struct fc_node *ps = fc_node_map(a), *psc = fc_node_map(a), *c = fc_node_map(a);
	struct fc_node *csc = fc_node_map(a), *cmd = fc_node_seq(a), *res = fc_node_map(a);
	struct fc_node *mounts = fc_node_seq(a), *vols = fc_node_seq(a), *m, *v;

	fc_node_set(a, ps, "automountServiceAccountToken", fc_node_bool(a, po->account != NULL));
	fc_node_set(a, ps, "restartPolicy", fc_node_str(a, "Never"));
	if (po->account)
		fc_node_set(a, ps, "serviceAccountName", fc_node_str(a, po->account));
	fc_node_set(a, psc, "runAsNonRoot", fc_node_bool(a, true));
	fc_node_set(a, psc, "runAsUser", fc_node_int(a, CURL_UID));
	fc_node_set(a, psc, "runAsGroup", fc_node_int(a, CURL_GID));
	fc_node_set(a, fc_node_getmap(a, psc, "seccompProfile"), "type", fc_node_str(a, "RuntimeDefault"));
	fc_node_set(a, ps, "securityContext", psc);

	fc_node_set(a, c, "name", fc_node_str(a, po->container));
	fc_node_set(a, c, "image", fc_node_str(a, image));
	fc_node_push(a, cmd, fc_node_str(a, "/bin/sh"));
	fc_node_push(a, cmd, fc_node_str(a, "-c"));
	fc_node_push(a, cmd, fc_node_str(a, script));
	fc_node_set(a, c, "command", cmd);
	fc_node_set(a, res, "requests", quantities(a, "100m", "64Mi"));
	fc_node_set(a, res, "limits", quantities(a, "500m", "128Mi"));
	fc_node_set(a, c, "resources", res);
	fc_node_set(a, csc, "allowPrivilegeEscalation", fc_node_bool(a, false));
	fc_node_push(a, fc_node_getseq(a, fc_node_getmap(a, csc, "capabilities"), "drop"), fc_node_str(a, "ALL"));
	fc_node_set(a, csc, "readOnlyRootFilesystem", fc_node_bool(a, true));
	fc_node_set(a, csc, "runAsNonRoot", fc_node_bool(a, true));
	fc_node_set(a, c, "securityContext", csc);

	m = fc_node_map(a);
	fc_node_set(a, m, "name", fc_node_str(a, "work"));
	fc_node_set(a, m, "mountPath", fc_node_str(a, WORK_DIR));
	fc_node_push(a, mounts, m);
	v = fc_node_map(a);
	fc_node_set(a, v, "name", fc_node_str(a, "work"));
	fc_node_set(a, v, "emptyDir", fc_node_map(a));
	fc_node_push(a, vols, v);
	if (ca_secret) {
		m = fc_node_map(a);
		fc_node_set(a, m, "name", fc_node_str(a, "ca"));
		fc_node_set(a, m, "mountPath", fc_node_str(a, CA_DIR));
		fc_node_set(a, m, "readOnly", fc_node_bool(a, true));
		fc_node_push(a, mounts, m);
		v = fc_node_map(a);
		fc_node_set(a, v, "name", fc_node_str(a, "ca"));
		fc_node_set(a, fc_node_getmap(a, v, "secret"), "secretName", fc_node_str(a, ca_secret));
		fc_node_push(a, vols, v);
	}
	if (po->restore_cm) {
		m = fc_node_map(a);
		fc_node_set(a, m, "name", fc_node_str(a, "restore"));
		fc_node_set(a, m, "mountPath", fc_node_str(a, RESTORE_DIR));
		fc_node_set(a, m, "readOnly", fc_node_bool(a, true));
		fc_node_push(a, mounts, m);
		v = fc_node_map(a);
		fc_node_set(a, v, "name", fc_node_str(a, "restore"));
		fc_node_set(a, fc_node_getmap(a, v, "configMap"), "name", fc_node_str(a, po->restore_cm));
		fc_node_set(a, fc_node_getmap(a, v, "configMap"), "optional", fc_node_bool(a, true));
		fc_node_push(a, vols, v);
	}
	fc_node_set(a, c, "volumeMounts", mounts);
	fc_node_push(a, fc_node_getseq(a, ps, "containers"), c);
	fc_node_set(a, ps, "volumes", vols);
	return ps;
}

/* "<name>-<10 hex>", the name cut so the whole fits a label value (63) */
static const char *job_name(struct sj *s, const struct fc_node *job_spec)
{
	struct fc_buf b = FC_BUF_INIT;
	size_t n = strlen(s->m->name);
	uint64_t h;

	fc_yamlw_doc(&b, job_spec, 0);
	h = XXH3_64bits(b.ptr, b.len);
	fc_buf_fini(&b);
	if (n > 52)
		n = 52;
	while (n > 1 && (s->m->name[n - 1] == '-' || s->m->name[n - 1] == '.'))
		n--;
	return fc_arena_printf(s->a, "%.*s-%.10s", (int)n, s->m->name, hex64(s->a, h));
}

/* ---- the stop hook (hook-sessionjob.sh) ---- */

/* what the stop hook's objects share */
struct hook {
	const char *rest, *tls, *job_id, *upgrade, *stop_body, *image, *ca;
	const char *restore_cm; /* "<name>-sessionjob-restore" */
	const char *account;    /* "<name>-sessionjob-hook" */
	int sp_timeout;
	bool on_delete; /* flinkc.io/stop-on-delete: a PreDelete Job too */
};

static struct fc_node *hook_labels(struct sj *s, const char *phase)
{
	struct fc_node *m = fc_node_map(s->a);

	fc_node_set(s->a, m, "app", fc_node_str(s->a, s->m->deployment));
	fc_node_set(s->a, m, "component", fc_node_str(s->a, "lifecycle"));
	fc_node_set(s->a, m, "flinkc.io/phase", fc_node_str(s->a, phase));
	fc_node_set(s->a, m, "flinkc.io/session-job", fc_node_str(s->a, s->m->name));
	return m;
}

/* an object of the hook with its labels and Argo CD hook annotations */
static struct fc_node *hook_object(struct sj *s, const char *api, const char *kind, const char *name,
                                   const char *phase, const char *hooks, const char *wave, const char *policy)
{
	struct fc_node *o = fc_emit_object(s->a, api, kind, s->m->namespace_, name);
	struct fc_node *meta = fc_node_get(o, "metadata"), *ann = fc_node_getmap(s->a, meta, "annotations");

	fc_node_set(s->a, meta, "labels", hook_labels(s, phase));
	fc_node_set(s->a, ann, "argocd.argoproj.io/hook", fc_node_str(s->a, hooks));
	fc_node_set(s->a, ann, "argocd.argoproj.io/hook-delete-policy", fc_node_str(s->a, policy));
	if (wave)
		fc_node_set(s->a, ann, "argocd.argoproj.io/sync-wave", fc_node_str(s->a, wave));
	return o;
}

static void rule(struct fc_arena *a, struct fc_node *rules, const char *group, const char *resource,
                 const char *name, const char *verb1, const char *verb2)
{
	struct fc_node *r = fc_node_map(a), *verbs = fc_node_seq(a);

	fc_node_push(a, fc_node_getseq(a, r, "apiGroups"), fc_node_str(a, group));
	fc_node_push(a, fc_node_getseq(a, r, "resources"), fc_node_str(a, resource));
	if (name)
		fc_node_push(a, fc_node_getseq(a, r, "resourceNames"), fc_node_str(a, name));
	fc_node_push(a, verbs, fc_node_str(a, verb1));
	if (verb2)
		fc_node_push(a, verbs, fc_node_str(a, verb2));
	fc_node_set(a, r, "verbs", verbs);
	fc_node_push(a, rules, r);
}

/* exactly what the script calls: read and write the record (create cannot
 * be limited to a name: Kubernetes authorizes it before the object has
 * one), list the session cluster's pods, delete the submitter Job */
static void hook_rbac(struct sj *s, const struct hook *h, const char *submitter)
{
	struct fc_arena *a = s->a;
	const char *hooks = h->on_delete ? "PreSync,PreDelete" : "PreSync";
	struct fc_node *o, *rules = fc_node_seq(a), *ref, *subj;

	o = hook_object(s, "v1", "ServiceAccount", h->account, "pre-sync", hooks, "-1", "BeforeHookCreation");
	fc_emit_add(s->e, a, o, s->m->loc);

	rule(a, rules, "", "configmaps", NULL, "create", NULL);
	rule(a, rules, "", "configmaps", h->restore_cm, "get", "patch");
	rule(a, rules, "", "pods", NULL, "list", NULL);
	if (submitter)
		rule(a, rules, "batch", "jobs", submitter, "delete", NULL);
	o = hook_object(s, "rbac.authorization.k8s.io/v1", "Role", h->account, "pre-sync", hooks, "-1",
	                "BeforeHookCreation");
	fc_node_set(a, o, "rules", rules);
	fc_emit_add(s->e, a, o, s->m->loc);

	o = hook_object(s, "rbac.authorization.k8s.io/v1", "RoleBinding", h->account, "pre-sync", hooks, "-1",
	                "BeforeHookCreation");
	ref = fc_node_getmap(a, o, "roleRef");
	fc_node_set(a, ref, "apiGroup", fc_node_str(a, "rbac.authorization.k8s.io"));
	fc_node_set(a, ref, "kind", fc_node_str(a, "Role"));
	fc_node_set(a, ref, "name", fc_node_str(a, h->account));
	subj = fc_node_map(a);
	fc_node_set(a, subj, "kind", fc_node_str(a, "ServiceAccount"));
	fc_node_set(a, subj, "name", fc_node_str(a, h->account));
	fc_node_set(a, subj, "namespace", fc_node_str(a, s->m->namespace_));
	fc_node_push(a, fc_node_getseq(a, o, "subjects"), subj);
	fc_emit_add(s->e, a, o, s->m->loc);
}

static const char *hook_script(struct sj *s, const struct hook *h, const char *state, const char *submitter)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *out;

	fc_buf_printf(&b, "# flinkc: stop the runs of FlinkSessionJob %s/%s (%s) in session cluster %s\n", s->m->namespace_,
	              s->m->name, state, s->m->deployment);
	var(&b, "SESSION_JOB", s->m->name);
	var(&b, "NAMESPACE", s->m->namespace_);
	var(&b, "REST", h->rest);
	var(&b, "TLS", h->tls);
	var(&b, "KUBE", "https://kubernetes.default.svc");
	var(&b, "KUBE_TLS", "--cacert " SA_DIR "/ca.crt");
	var(&b, "TOKEN_FILE", SA_DIR "/token");
	var(&b, "WORK", WORK_DIR);
	var(&b, "SELECTOR", fc_arena_printf(s->a, "app%%3D%s%%2Ccomponent%%3Djobmanager", s->m->deployment));
	var(&b, "RESTORE_CM", h->restore_cm);
	var(&b, "JOB_ID", h->job_id);
	var(&b, "JOB_PREFIX", fc_arena_strndup(s->a, h->job_id, 16));
	var(&b, "STATE", state);
	var(&b, "SUBMITTER", submitter ? submitter : "");
	var(&b, "UPGRADE_MODE", h->upgrade);
	var(&b, "STOP_BODY", h->stop_body);
	var(&b, "SAVEPOINT_TIMEOUT", fc_arena_printf(s->a, "%d", h->sp_timeout));
	var(&b, "PAUSE", "5");
	fc_script_template(&b, HOOK_SCRIPT);
	out = fc_arena_strndup(s->a, b.ptr, b.len);
	fc_buf_fini(&b);
	return out;
}

/* "<name>-<what>-<8 hex of the Job's spec>", the name cut to fit 63 */
static const char *hook_name(struct sj *s, const char *what, const struct fc_node *spec)
{
	struct fc_buf b = FC_BUF_INIT;
	size_t n = strlen(s->m->name), room = 63 - 10 - strlen(what);
	uint64_t h;

	fc_yamlw_doc(&b, spec, 0);
	h = XXH3_64bits(b.ptr, b.len);
	fc_buf_fini(&b);
	if (n > room)
		n = room;
	while (n > 1 && (s->m->name[n - 1] == '-' || s->m->name[n - 1] == '.'))
		n--;
	return fc_arena_printf(s->a, "%.*s-%s-%08llx", (int)n, s->m->name, what, (unsigned long long)(h >> 32));
}

/* state "running"/"suspended": the PreSync Job; "deleted": the PreDelete Job */
static void hook_job(struct sj *s, const struct hook *h, const char *state, const char *submitter)
{
	struct fc_arena *a = s->a;
	bool del = strcmp(state, "deleted") == 0;
	const char *phase = del ? "pre-delete" : "pre-sync";
	struct pod_opts po = { "stop", h->account, NULL };
	struct fc_node *o, *spec, *tmpl;

	spec = fc_node_map(a);
	/* the script bounds itself; the deadline is a backstop */
	fc_node_set(a, spec, "activeDeadlineSeconds", fc_node_int(a, h->sp_timeout + 300));
	/* a failed hook fails the sync (the deletion): a person looks first */
	fc_node_set(a, spec, "backoffLimit", fc_node_int(a, 0));
	fc_node_set(a, spec, "ttlSecondsAfterFinished", fc_node_int(a, 86400));
	tmpl = fc_node_getmap(a, spec, "template");
	fc_node_set(a, fc_node_getmap(a, tmpl, "metadata"), "labels", hook_labels(s, phase));
	fc_node_set(a, tmpl, "spec", pod_spec(s, &po, h->image, h->ca, hook_script(s, h, state, submitter)));
	o = hook_object(s, "batch/v1", "Job", hook_name(s, del ? "delete" : "stop", spec), phase,
	                del ? "PreDelete" : "PreSync", NULL, "BeforeHookCreation,HookSucceeded");
	fc_node_set(a, o, "spec", spec);
	fc_emit_add(s->e, a, o, s->m->loc);
}

int fc_emit_sessionjob(struct fc_emit *e, struct fc_arena *a, const struct fc_sessionjob *m)
{
	struct sj s = { e, a, m };
	const struct fc_defaults *d = fc_emit_ctx(e)->defaults;
	const char *name = NULL, *tls;
	struct hook h;
	struct fc_buf body = FC_BUF_INIT, sh = FC_BUF_INIT, sp = FC_BUF_INIT;
	struct fc_node *o, *spec, *tmpl, *ann;

	tls = !m->rest_tls ? "" : m->ca_secret ? "--cacert " CA_DIR "/ca.crt" : "--insecure";
	run_body(m, &body);
	memset(&h, 0, sizeof(h));
	h.rest = m->rest;
	h.tls = tls;
	h.job_id = m->job_id;
	h.upgrade = m->upgrade_mode;
	h.image = d && d->hook_image ? d->hook_image : DEFAULT_IMAGE;
	h.ca = m->ca_secret;
	h.restore_cm = fc_arena_printf(a, "%s-sessionjob-restore", m->name);
	h.account = fc_arena_printf(a, "%s-sessionjob-hook", m->name);
	h.sp_timeout = d && d->savepoint_timeout > 0 ? d->savepoint_timeout : DEFAULT_SAVEPOINT_TIMEOUT;
	h.on_delete = m->stop_on_delete;
	fc_buf_puts(&sp, "{\"drain\":false");
	if (m->savepoint_dir && m->savepoint_dir[0]) {
		fc_buf_puts(&sp, ",\"targetDirectory\":");
		fc_script_json(&sp, m->savepoint_dir, strlen(m->savepoint_dir));
	}
	fc_buf_putc(&sp, '}');
	h.stop_body = fc_arena_strndup(a, sp.ptr, sp.len);
	fc_buf_clear(&sp);
	if (m->initial_savepoint && m->initial_savepoint[0]) {
		fc_script_json(&sp, m->initial_savepoint, strlen(m->initial_savepoint));
		/* the script adds the quotes itself */
		memmove(sp.ptr, sp.ptr + 1, sp.len - 2);
		sp.len -= 2;
		sp.ptr[sp.len] = '\0';
	}
	if (!m->suspended) {
		struct pod_opts po = { "submit", NULL, h.restore_cm };
		fc_buf_printf(&sh, "# flinkc: submit FlinkSessionJob %s/%s to session cluster %s\n", m->namespace_,
		              m->name, m->deployment);
		var(&sh, "REST", m->rest);
		var(&sh, "TLS", tls);
		var(&sh, "JAR_URI", m->jar_uri);
		var(&sh, "JAR_NAME", fc_arena_printf(a, "%s.jar", m->name));
		var(&sh, "WORK", WORK_DIR);
		var(&sh, "JOB_ID", m->job_id);
		var(&sh, "JOB_PREFIX", fc_arena_strndup(a, m->job_id, 16));
		var(&sh, "UPGRADE_MODE", m->upgrade_mode);
		var(&sh, "SAVEPOINT_JSON", sp.ptr ? sp.ptr : "");
		var(&sh, "RESTORE", RESTORE_DIR);
		var(&sh, "BODY", body.ptr);
		var(&sh, "STOP_BODY", h.stop_body);
		var(&sh, "TRIES", "60");
		var(&sh, "PAUSE", "5");
		fc_script_template(&sh, SCRIPT);

		spec = fc_node_map(a);
		fc_node_set(a, spec, "activeDeadlineSeconds", fc_node_int(a, 1800));
		fc_node_set(a, spec, "backoffLimit", fc_node_int(a, 3));
		fc_node_set(a, spec, "ttlSecondsAfterFinished", fc_node_int(a, 86400));
		tmpl = fc_node_getmap(a, spec, "template");
		fc_node_set(a, fc_node_getmap(a, tmpl, "metadata"), "labels", labels(&s));
		fc_node_set(a, tmpl, "spec", pod_spec(&s, &po, m->submitter_image ? m->submitter_image : DEFAULT_IMAGE,
		                                      m->ca_secret, sh.ptr));
		name = job_name(&s, spec);

		o = fc_emit_object(a, "batch/v1", "Job", m->namespace_, name);
		fc_node_set(a, fc_node_get(o, "metadata"), "labels", labels(&s));
		ann = fc_node_getmap(a, fc_node_get(o, "metadata"), "annotations");
		fc_node_set(a, ann, "flinkc.io/flink-job-id", fc_node_str(a, m->job_id));
		fc_node_set(a, o, "spec", spec);
		fc_emit_add(e, a, o, m->loc);
	}
	/* the stop hook: before every sync, and before Argo CD deletes the application when asked */
	hook_rbac(&s, &h, name);
	hook_job(&s, &h, m->suspended ? "suspended" : "running", name);
	if (h.on_delete)
		hook_job(&s, &h, "deleted", NULL);
	fc_buf_fini(&body);
	fc_buf_fini(&sh);
	fc_buf_fini(&sp);
	return 0;
}
