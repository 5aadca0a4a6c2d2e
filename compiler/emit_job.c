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
 * Identity, so that re-running is harmless and a changed spec runs again:
 *   - the Flink job id is 32 hex digits: 16 from XXH3-128 of
 *     "<namespace>/<name>/session-job" (the same for every spec of this
 *     session job, so a later submitter can find and stop earlier runs),
 *     then 16 from XXH3-64 of the spec fields that restart a job in the
 *     operator (its IGNORE-type fields left out).  The script does nothing
 *     when that id already exists, and Flink refuses a duplicate id anyway;
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
 * Runs after fc_rules_sessionjob passed: jarURI, when present, is https.
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
#include "flinkconf.h"
#include "script.h"
#include "version.h"
#include "yamlw.h"

#define DEFAULT_IMAGE "curlimages/curl:8.11.1"
#define IMAGE_ANNOTATION "flinkc.io/submitter-image"
#define CA_ANNOTATION "flinkc.io/submitter-ca-secret"
#define WORK_DIR "/work"
#define CA_DIR "/etc/flinkc/ca"
#define SCRIPT "submit-session-job.sh"
#define HOOK_SCRIPT "hook-sessionjob.sh"
#define RESTORE_DIR "/etc/flinkc/restore"
#define DELETE_ANNOTATION "flinkc.io/stop-on-delete"
#define SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
#define DEFAULT_SAVEPOINT_TIMEOUT 900
#define CURL_UID 100 /* curlimages/curl: USER curl_user (uid 100, gid 101), not numeric */
#define CURL_GID 101

struct sj {
	struct fc_emit *e;
	struct fc_ctx *ctx;
	struct fc_arena *a;
	const struct fc_node *doc, *spec, *job, *target;
	const char *name, *ns, *deployment;
	unsigned errors;
};

static struct fc_loc loc_of(const struct sj *s, const struct fc_node *n)
{
	return n && n->loc.line ? n->loc : s->doc->loc;
}

/* a scalar's text (what Jackson binds to a String), or NULL; reports collections */
static const char *str_of(struct sj *s, const struct fc_node *n, const char *path)
{
	if (!n || n->kind == FC_NODE_NULL)
		return NULL;
	if (fc_node_is_scalar(n))
		return n->str;
	fc_diag_at(s->ctx, FC_SEV_ERROR, loc_of(s, n), "E0705", path, "%s: expected a string, got %s", path,
	           fc_node_kind_name(n->kind));
	s->errors++;
	return NULL;
}

/* a node of kind k or NULL (null is absent); reports other kinds */
static const struct fc_node *kind_of(struct sj *s, const struct fc_node *n, enum fc_node_kind k,
                                     const char *path)
{
	if (!n || n->kind == FC_NODE_NULL)
		return NULL;
	if (n->kind == k)
		return n;
	fc_diag_at(s->ctx, FC_SEV_ERROR, loc_of(s, n), "E0705", path, "%s: expected %s %s, got %s", path,
	           k == FC_NODE_INT ? "an" : "a", fc_node_kind_name(k), fc_node_kind_name(n->kind));
	s->errors++;
	return NULL;
}

static bool is_true(const char *v)
{
	return v && strcasecmp(v, "true") == 0;
}

static char *hex64(struct fc_arena *a, uint64_t h)
{
	return fc_arena_printf(a, "%016llx", (unsigned long long)h);
}

/* ---- identity ---- */

/* the job fields whose change the operator ignores (facts/operator.md §a) */
static const char *const ignored_job_fields[] = {
	"state", "savepointTriggerNonce", "initialSavepointPath", "checkpointTriggerNonce",
	"upgradeMode", "allowNonRestoredState", "autoscalerResetNonce",
};

static bool ignored_key(const char *k)
{
	return strncmp(k, "kubernetes.operator.", 20) == 0 || strncmp(k, "job.autoscaler.", 15) == 0 ||
	       strcmp(k, "parallelism.default") == 0;
}

/* 16 hex digits over the spec as the operator compares it: the canonical
 * YAML of the spec without flinkConfiguration and the ignored job fields,
 * then the flattened configuration without the ignored keys */
static const char *spec_hash(struct sj *s, const struct fc_conf *conf)
{
	struct fc_node *copy = fc_node_copy(s->a, s->spec), *job = fc_node_get(copy, "job");
	struct fc_buf b = FC_BUF_INIT;
	size_t i;
	const char *hex;

	fc_node_del(copy, "flinkConfiguration");
	for (i = 0; job && job->kind == FC_NODE_MAP && i < countof(ignored_job_fields); i++)
		fc_node_del(job, ignored_job_fields[i]);
	fc_yamlw_doc(&b, copy, 0);
	for (i = 0; i < conf->n; i++)
		if (!ignored_key(conf->v[i].key))
			fc_buf_printf(&b, "%s=%s\n", conf->v[i].key, conf->v[i].value);
	hex = hex64(s->a, XXH3_64bits(b.ptr, b.len));
	fc_buf_fini(&b);
	return hex;
}

static const char *job_prefix(struct sj *s)
{
	char *in = fc_arena_printf(s->a, "%s/%s/session-job", s->ns, s->name);
	XXH128_hash_t h = XXH3_128bits(in, strlen(in));
	return hex64(s->a, h.high64);
}

/* ---- checks of the annotations ---- */

static bool dns_subdomain(const char *v)
{
	size_t i, n = strlen(v);

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i < n; i++) {
		char c = v[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (alnum)
			continue;
		if ((c != '-' && c != '.') || i == 0 || i == n - 1)
			return false;
		if (c == '.' && (v[i - 1] == '.' || v[i - 1] == '-' || v[i + 1] == '-'))
			return false;
	}
	return true;
}

/* a reference with a digest, or a tag other than "latest" (kube-linter latest-tag) */
static bool pinned_image(const char *v)
{
	const char *slash = strrchr(v, '/'), *colon;
	size_t i;

	for (i = 0; v[i]; i++)
		if ((unsigned char)v[i] <= ' ' || v[i] == 0x7f)
			return false;
	if (i == 0)
		return false;
	if (strchr(v, '@'))
		return true;
	colon = strrchr(slash ? slash : v, ':');
	return colon && colon[1] && strcmp(colon + 1, "latest") != 0;
}

static const char *annotation(struct sj *s, const char *key, const struct fc_node **at)
{
	const struct fc_node *ann = fc_node_path(s->doc, "metadata.annotations");
	const struct fc_node *v = fc_node_get(ann, key);

	*at = v;
	return v && fc_node_is_scalar(v) && v->kind != FC_NODE_NULL ? v->str : NULL;
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
static void run_body(struct sj *s, struct fc_buf *b, const struct fc_conf *conf)
{
	const struct fc_node *v;
	const char *str;
	size_t i;

	v = kind_of(s, fc_node_get(s->job, "allowNonRestoredState"), FC_NODE_BOOL, "spec.job.allowNonRestoredState");
	if (v)
		fc_buf_printf(b, ",\"allowNonRestoredState\":%s", v->str);
	str = str_of(s, fc_node_get(s->job, "entryClass"), "spec.job.entryClass");
	if (str) {
		fc_buf_puts(b, ",\"entryClass\":");
		fc_script_json(b, str, fc_node_get(s->job, "entryClass")->len);
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
	v = kind_of(s, fc_node_get(s->job, "parallelism"), FC_NODE_INT, "spec.job.parallelism");
	if (v && v->str[0] != '-' && strcmp(v->str, "0") != 0) /* the operator sends only > 0 */
		fc_buf_printf(b, ",\"parallelism\":%s", v->str);
	v = kind_of(s, fc_node_get(s->job, "args"), FC_NODE_SEQ, "spec.job.args");
	if (v && v->n) {
		fc_buf_puts(b, ",\"programArgsList\":[");
		for (i = 0; i < v->n; i++) {
			const char *arg = str_of(s, v->items[i], "spec.job.args");
			if (i)
				fc_buf_putc(b, ',');
			if (arg)
				fc_script_json(b, arg, v->items[i]->len);
			else
				fc_buf_puts(b, "\"\"");
		}
		fc_buf_putc(b, ']');
	}
}

struct target_info {
	const char *scheme;
	int port;
	bool mutual_tls;
	const char *savepoint_dir; /* execution.checkpointing.savepoint-dir or an alias, or NULL */
};

/* The REST endpoint as the operator's client for this session job sees
 * it: the session cluster's flinkConfiguration (when known) overlaid with
 * the session job's own (FlinkConfigManager.getSessionJobConfig). */
static void read_target(struct sj *s, struct target_info *t, const struct fc_conf *job_conf)
{
	struct fc_conf c;
	const char *v, *ssl;
	size_t i;

	static const char *const sp_keys[] = { "execution.checkpointing.savepoint-dir", "state.savepoints.dir",
		                               "savepoints.state.backend.fs.dir" };

	t->scheme = "http";
	t->port = 8081;
	t->mutual_tls = false;
	t->savepoint_dir = NULL;
	fc_conf_init(&c, s->a);
	if (s->target)
		fc_conf_flatten(&c, fc_node_path(s->target, "spec.flinkConfiguration"));
	for (i = 0; i < job_conf->n; i++)
		fc_conf_set(&c, job_conf->v[i].key, job_conf->v[i].value, job_conf->v[i].type, job_conf->v[i].loc);
	if ((v = fc_conf_get(&c, "rest.port"))) {
		long p = 0;
		const char *q;
		for (q = v; *q >= '0' && *q <= '9' && p <= 65535; q++)
			p = p * 10 + (*q - '0');
		if (q > v && !*q && p > 0 && p <= 65535)
			t->port = (int)p; /* anything else is E0402 on the FlinkDeployment */
	}
	for (i = 0; i < countof(sp_keys) && !t->savepoint_dir; i++)
		t->savepoint_dir = fc_conf_get(&c, sp_keys[i]);
	/* SecurityOptions.isRestSSLEnabled: the deprecated security.ssl.enabled is the fallback */
	ssl = fc_conf_get(&c, "security.ssl.rest.enabled");
	if (!ssl)
		ssl = fc_conf_get(&c, "security.ssl.enabled");
	if (is_true(ssl)) {
		t->scheme = "https";
		t->mutual_tls = is_true(fc_conf_get(&c, "security.ssl.rest.authentication-enabled"));
	}
}

/* ---- the Job ---- */

static struct fc_node *labels(struct sj *s)
{
	struct fc_node *m = fc_node_map(s->a);

	fc_node_set(s->a, m, "app", fc_node_str(s->a, s->deployment));
	fc_node_set(s->a, m, "component", fc_node_str(s->a, "submitter"));
	fc_node_set(s->a, m, "flinkc.io/session-job", fc_node_str(s->a, s->name));
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
	size_t n = strlen(s->name);
	uint64_t h;

	fc_yamlw_doc(&b, job_spec, 0);
	h = XXH3_64bits(b.ptr, b.len);
	fc_buf_fini(&b);
	if (n > 52)
		n = 52;
	while (n > 1 && (s->name[n - 1] == '-' || s->name[n - 1] == '.'))
		n--;
	return fc_arena_printf(s->a, "%.*s-%.10s", (int)n, s->name, hex64(s->a, h));
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

	fc_node_set(s->a, m, "app", fc_node_str(s->a, s->deployment));
	fc_node_set(s->a, m, "component", fc_node_str(s->a, "lifecycle"));
	fc_node_set(s->a, m, "flinkc.io/phase", fc_node_str(s->a, phase));
	fc_node_set(s->a, m, "flinkc.io/session-job", fc_node_str(s->a, s->name));
	return m;
}

/* an object of the hook with its labels and Argo CD hook annotations */
static struct fc_node *hook_object(struct sj *s, const char *api, const char *kind, const char *name,
                                   const char *phase, const char *hooks, const char *wave, const char *policy)
{
	struct fc_node *o = fc_emit_object(s->a, api, kind, s->ns, name);
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
	fc_emit_add(s->e, a, o, s->doc->loc);

	rule(a, rules, "", "configmaps", NULL, "create", NULL);
	rule(a, rules, "", "configmaps", h->restore_cm, "get", "patch");
	rule(a, rules, "", "pods", NULL, "list", NULL);
	if (submitter)
		rule(a, rules, "batch", "jobs", submitter, "delete", NULL);
	o = hook_object(s, "rbac.authorization.k8s.io/v1", "Role", h->account, "pre-sync", hooks, "-1",
	                "BeforeHookCreation");
	fc_node_set(a, o, "rules", rules);
	fc_emit_add(s->e, a, o, s->doc->loc);

	o = hook_object(s, "rbac.authorization.k8s.io/v1", "RoleBinding", h->account, "pre-sync", hooks, "-1",
	                "BeforeHookCreation");
	ref = fc_node_getmap(a, o, "roleRef");
	fc_node_set(a, ref, "apiGroup", fc_node_str(a, "rbac.authorization.k8s.io"));
	fc_node_set(a, ref, "kind", fc_node_str(a, "Role"));
	fc_node_set(a, ref, "name", fc_node_str(a, h->account));
	subj = fc_node_map(a);
	fc_node_set(a, subj, "kind", fc_node_str(a, "ServiceAccount"));
	fc_node_set(a, subj, "name", fc_node_str(a, h->account));
	fc_node_set(a, subj, "namespace", fc_node_str(a, s->ns));
	fc_node_push(a, fc_node_getseq(a, o, "subjects"), subj);
	fc_emit_add(s->e, a, o, s->doc->loc);
}

static const char *hook_script(struct sj *s, const struct hook *h, const char *state, const char *submitter)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *out;

	fc_buf_printf(&b, "# flinkc: stop the runs of FlinkSessionJob %s/%s (%s) in session cluster %s\n", s->ns,
	              s->name, state, s->deployment);
	var(&b, "SESSION_JOB", s->name);
	var(&b, "NAMESPACE", s->ns);
	var(&b, "REST", h->rest);
	var(&b, "TLS", h->tls);
	var(&b, "KUBE", "https://kubernetes.default.svc");
	var(&b, "KUBE_TLS", "--cacert " SA_DIR "/ca.crt");
	var(&b, "TOKEN_FILE", SA_DIR "/token");
	var(&b, "WORK", WORK_DIR);
	var(&b, "SELECTOR", fc_arena_printf(s->a, "app%%3D%s%%2Ccomponent%%3Djobmanager", s->deployment));
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
	size_t n = strlen(s->name), room = 63 - 10 - strlen(what);
	uint64_t h;

	fc_yamlw_doc(&b, spec, 0);
	h = XXH3_64bits(b.ptr, b.len);
	fc_buf_fini(&b);
	if (n > room)
		n = room;
	while (n > 1 && (s->name[n - 1] == '-' || s->name[n - 1] == '.'))
		n--;
	return fc_arena_printf(s->a, "%.*s-%s-%08llx", (int)n, s->name, what, (unsigned long long)(h >> 32));
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
	fc_emit_add(s->e, a, o, s->doc->loc);
}

int fc_emit_sessionjob(struct fc_emit *e, struct fc_arena *a, const struct fc_node *doc,
                       const struct fc_node *target)
{
	struct sj s = { e, fc_emit_ctx(e), a, doc, NULL, NULL, target, NULL, NULL, NULL, 0 };
	const struct fc_node *meta = fc_node_get(doc, "metadata"), *n, *image_at, *ca_at;
	const struct fc_node *del_at;
	const struct fc_defaults *d = fc_emit_ctx(e)->defaults;
	const char *jar = NULL, *state, *image, *ca, *job_id, *upgrade, *savepoint, *name = NULL, *rest, *del;
	bool suspended;
	struct hook h;
	struct fc_conf conf;
	struct target_info t;
	struct fc_buf body = FC_BUF_INIT, sh = FC_BUF_INIT, sp = FC_BUF_INIT;
	struct fc_node *o, *spec, *tmpl, *ann;

	s.spec = fc_node_get(doc, "spec");
	s.job = fc_node_get(s.spec, "job");
	s.name = fc_node_getstr(meta, "name");
	s.ns = fc_node_getstr(meta, "namespace");
	s.ns = s.ns ? s.ns : "default";
	s.deployment = fc_node_getstr(s.spec, "deploymentName");
	if (!s.name || !s.deployment || !s.job || s.job->kind != FC_NODE_MAP)
		return 0; /* reported by rules.c */

	state = str_of(&s, fc_node_get(s.job, "state"), "spec.job.state");
	/* suspended: no submitter, only the stop hook (which needs no jar) */
	suspended = state && strcmp(state, "suspended") == 0;
	if (!suspended)
		jar = str_of(&s, fc_node_get(s.job, "jarURI"), "spec.job.jarURI");
	if (!suspended && !jar) {
		fc_diag_at(s.ctx, FC_SEV_ERROR, loc_of(&s, s.job), "E0701", "spec.job.jarURI",
		           "spec.job.jarURI: a session job needs a jar to upload to the session cluster; "
		           "set an https:// URI");
		s.errors++;
	}
	if (strlen(s.name) > 63) {
		fc_diag_at(s.ctx, FC_SEV_ERROR, loc_of(&s, fc_node_get(meta, "name")), "E0702", "metadata.name",
		           "metadata.name: \"%s\" is %zu characters; the submitter Job is labelled with it, "
		           "and a label value has at most 63",
		           s.name, strlen(s.name));
		s.errors++;
	}
	image = annotation(&s, IMAGE_ANNOTATION, &image_at);
	if (image_at && (!image || !pinned_image(image))) {
		fc_diag_at(s.ctx, FC_SEV_ERROR, loc_of(&s, image_at), "E0703",
		           "metadata.annotations." IMAGE_ANNOTATION,
		           "metadata.annotations[\"" IMAGE_ANNOTATION "\"]: expected an image with a pinned "
		           "tag or digest (not \"latest\"), got \"%s\"",
		           image ? image : "");
		s.errors++;
	}
	if (!image)
		image = DEFAULT_IMAGE;
	del = annotation(&s, DELETE_ANNOTATION, &del_at);
	if (del_at && (!del || (strcmp(del, "true") != 0 && strcmp(del, "false") != 0))) {
		fc_diag_at(s.ctx, FC_SEV_ERROR, loc_of(&s, del_at), "E0706", "metadata.annotations." DELETE_ANNOTATION,
		           "metadata.annotations[\"" DELETE_ANNOTATION "\"]: expected \"true\" (stop the job with a "
		           "savepoint before Argo CD deletes the application) or \"false\", got \"%s\"",
		           del ? del : "");
		s.errors++;
	}
	ca = annotation(&s, CA_ANNOTATION, &ca_at);
	if (ca_at && (!ca || !dns_subdomain(ca))) {
		fc_diag_at(s.ctx, FC_SEV_ERROR, loc_of(&s, ca_at), "E0704", "metadata.annotations." CA_ANNOTATION,
		           "metadata.annotations[\"" CA_ANNOTATION "\"]: expected the name of a Secret in "
		           "namespace \"%s\", got \"%s\"",
		           s.ns, ca ? ca : "");
		s.errors++;
	}

	fc_conf_init(&conf, a);
	n = fc_node_get(s.spec, "flinkConfiguration");
	if (n && n->kind == FC_NODE_MAP)
		fc_conf_flatten(&conf, n);
	else
		kind_of(&s, n, FC_NODE_MAP, "spec.flinkConfiguration");
	read_target(&s, &t, &conf);
	rest = fc_arena_printf(a, "%s://%s-rest.%s:%d", t.scheme, s.deployment, s.ns, t.port);
	if (!target)
		fc_diag_at(s.ctx, FC_SEV_WARNING, loc_of(&s, fc_node_get(s.spec, "deploymentName")), "W0701",
		           "spec.deploymentName",
		           "spec.deploymentName: FlinkDeployment \"%s\" is not in the input set; the submitter "
		           "and its stop hook assume its REST endpoint is %s",
		           s.deployment, rest);
	if (strcmp(t.scheme, "https") == 0 && !ca)
		fc_diag_at(s.ctx, FC_SEV_WARNING, loc_of(&s, fc_node_get(s.spec, "deploymentName")), "W0703",
		           "spec.deploymentName",
		           "spec.deploymentName: session cluster \"%s\" serves its REST API over TLS; without "
		           "annotation " CA_ANNOTATION " naming a Secret with ca.crt, the submitter does not "
		           "verify its certificate (curl --insecure)",
		           s.deployment);
	if (t.mutual_tls)
		fc_diag_at(s.ctx, FC_SEV_WARNING, loc_of(&s, fc_node_get(s.spec, "deploymentName")), "W0704",
		           "spec.deploymentName",
		           "spec.deploymentName: session cluster \"%s\" requires REST client certificates "
		           "(security.ssl.rest.authentication-enabled); the submitter has none and will be refused",
		           s.deployment);

	if (conf.n && target) {
		int version = fc_version_parse(fc_node_getstr(fc_node_get(target, "spec"), "flinkVersion"));
		if (version && version < 117)
			fc_diag_at(s.ctx, FC_SEV_WARNING, loc_of(&s, n), "W0705", "spec.flinkConfiguration",
			           "spec.flinkConfiguration: session cluster \"%s\" runs Flink %s, whose REST API "
			           "takes no flinkConfiguration when running a jar (Flink 1.17+, FLIP-256); "
			           "the submission will be refused",
			           s.deployment, fc_node_getstr(fc_node_get(target, "spec"), "flinkVersion"));
	}
	upgrade = str_of(&s, fc_node_get(s.job, "upgradeMode"), "spec.job.upgradeMode");
	upgrade = upgrade ? upgrade : "stateless";
	savepoint = str_of(&s, fc_node_get(s.job, "initialSavepointPath"), "spec.job.initialSavepointPath");
	job_id = fc_arena_printf(a, "%s%s", job_prefix(&s), spec_hash(&s, &conf));
	run_body(&s, &body, &conf);
	if (s.errors) {
		fc_buf_fini(&body);
		return FC_ERR;
	}
	memset(&h, 0, sizeof(h));
	h.rest = rest;
	h.tls = strcmp(t.scheme, "https") ? "" : ca ? "--cacert " CA_DIR "/ca.crt" : "--insecure";
	h.job_id = job_id;
	h.upgrade = upgrade;
	h.image = d && d->hook_image ? d->hook_image : DEFAULT_IMAGE;
	h.ca = ca_at ? ca : NULL;
	h.restore_cm = fc_arena_printf(a, "%s-sessionjob-restore", s.name);
	h.account = fc_arena_printf(a, "%s-sessionjob-hook", s.name);
	h.sp_timeout = d && d->savepoint_timeout > 0 ? d->savepoint_timeout : DEFAULT_SAVEPOINT_TIMEOUT;
	h.on_delete = del && strcmp(del, "true") == 0;
	fc_buf_puts(&sp, "{\"drain\":false");
	if (t.savepoint_dir && t.savepoint_dir[0]) {
		fc_buf_puts(&sp, ",\"targetDirectory\":");
		fc_script_json(&sp, t.savepoint_dir, strlen(t.savepoint_dir));
	}
	fc_buf_putc(&sp, '}');
	h.stop_body = fc_arena_strndup(a, sp.ptr, sp.len);
	fc_buf_clear(&sp);
	if (savepoint && savepoint[0]) {
		fc_script_json(&sp, savepoint, strlen(savepoint));
		/* the script adds the quotes itself */
		memmove(sp.ptr, sp.ptr + 1, sp.len - 2);
		sp.len -= 2;
		sp.ptr[sp.len] = '\0';
	}
	if (!suspended) {
		struct pod_opts po = { "submit", NULL, h.restore_cm };
		fc_buf_printf(&sh, "# flinkc: submit FlinkSessionJob %s/%s to session cluster %s\n", s.ns, s.name,
		              s.deployment);
		var(&sh, "REST", rest);
		var(&sh, "TLS", strcmp(t.scheme, "https") ? "" : ca ? "--cacert " CA_DIR "/ca.crt" : "--insecure");
		var(&sh, "JAR_URI", jar);
		var(&sh, "JAR_NAME", fc_arena_printf(a, "%s.jar", s.name));
		var(&sh, "WORK", WORK_DIR);
		var(&sh, "JOB_ID", job_id);
		var(&sh, "JOB_PREFIX", fc_arena_strndup(a, job_id, 16));
		var(&sh, "UPGRADE_MODE", upgrade);
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
		fc_node_set(a, tmpl, "spec", pod_spec(&s, &po, image, ca_at ? ca : NULL, sh.ptr));
		name = job_name(&s, spec);

		o = fc_emit_object(a, "batch/v1", "Job", s.ns, name);
		fc_node_set(a, fc_node_get(o, "metadata"), "labels", labels(&s));
		ann = fc_node_getmap(a, fc_node_get(o, "metadata"), "annotations");
		fc_node_set(a, ann, "flinkc.io/flink-job-id", fc_node_str(a, job_id));
		fc_node_set(a, o, "spec", spec);
		fc_emit_add(e, a, o, doc->loc);
	}
	/* the stop hook: before every sync, and before Argo CD deletes the application when asked */
	hook_rbac(&s, &h, name);
	hook_job(&s, &h, suspended ? "suspended" : "running", name);
	if (h.on_delete)
		hook_job(&s, &h, "deleted", NULL);
	fc_buf_fini(&body);
	fc_buf_fini(&sh);
	fc_buf_fini(&sp);
	return 0;
}
