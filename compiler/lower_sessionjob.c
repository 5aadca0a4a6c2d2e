/* SPDX-License-Identifier: Apache-2.0 */
/* lower_sessionjob.c - FlinkSessionJob -> struct fc_sessionjob; see lower.h.
 *
 * Reads the session job and the FlinkDeployment it targets once, checks
 * what the submitter and its stop hook need of them (E0701-E0706, the
 * warnings W0701, W0703-W0705), and resolves everything emit_job.c writes:
 * the REST endpoint, the run request's fields, the annotations and the job
 * id.  Runs after fc_rules_sessionjob passed: jarURI, when present, is https.
 *
 * The Flink job id is 32 hex digits: 16 from XXH3-128 of
 * "<namespace>/<name>/session-job" (the same for every spec of this
 * session job, so a later submitter can find and stop earlier runs), then
 * 16 from XXH3-64 of the spec fields that restart a job in the operator
 * (its IGNORE-type fields left out; facts/operator.md §a).
 */
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "defaults.h"
#include "diag.h"
#include "lower.h"
#include "version.h"
#include "yamlw.h"

#define IMAGE_ANNOTATION "flinkc.io/submitter-image"
#define CA_ANNOTATION "flinkc.io/submitter-ca-secret"
#define DELETE_ANNOTATION "flinkc.io/stop-on-delete"

struct sj {
	struct fc_ctx *ctx;
	struct fc_arena *a;
	const struct fc_node *doc, *spec, *job, *target;
	struct fc_sessionjob *m;
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
	char *in = fc_arena_printf(s->a, "%s/%s/session-job", s->m->namespace_, s->m->name);
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

/* ---- the run request (JarRunRequestBody) ---- */

/* the fields of spec.job the run request carries, checked in the order of its body */
static void run_fields(struct sj *s)
{
	struct fc_sessionjob *m = s->m;
	const struct fc_node *v;
	size_t i;

	v = kind_of(s, fc_node_get(s->job, "allowNonRestoredState"), FC_NODE_BOOL, "spec.job.allowNonRestoredState");
	m->allow_non_restored = v ? v->str : NULL;
	m->entry_class.ptr = str_of(s, fc_node_get(s->job, "entryClass"), "spec.job.entryClass");
	if (m->entry_class.ptr)
		m->entry_class.len = fc_node_get(s->job, "entryClass")->len;
	v = kind_of(s, fc_node_get(s->job, "parallelism"), FC_NODE_INT, "spec.job.parallelism");
	if (v && v->str[0] != '-' && strcmp(v->str, "0") != 0) /* the operator sends only > 0 */
		m->parallelism = v->str;
	v = kind_of(s, fc_node_get(s->job, "args"), FC_NODE_SEQ, "spec.job.args");
	if (v && v->n) {
		m->args = fc_arena_alloc(s->a, v->n * sizeof(*m->args));
		m->nargs = v->n;
		for (i = 0; i < v->n; i++) {
			const char *arg = str_of(s, v->items[i], "spec.job.args");
			m->args[i].ptr = arg ? arg : "";
			m->args[i].len = arg ? v->items[i]->len : 0;
		}
	}
}

/* ---- the target ---- */

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

/* ---- the session job ---- */

/* the annotations the submitter and the stop hook read (E0703, E0706, E0704) */
static void annotations(struct sj *s)
{
	struct fc_sessionjob *m = s->m;
	const struct fc_node *image_at, *del_at, *ca_at;
	const char *image, *del, *ca;

	image = annotation(s, IMAGE_ANNOTATION, &image_at);
	if (image_at && (!image || !pinned_image(image))) {
		fc_diag_at(s->ctx, FC_SEV_ERROR, loc_of(s, image_at), "E0703",
		           "metadata.annotations." IMAGE_ANNOTATION,
		           "metadata.annotations[\"" IMAGE_ANNOTATION "\"]: expected an image with a pinned "
		           "tag or digest (not \"latest\"), got \"%s\"",
		           image ? image : "");
		s->errors++;
	}
	m->submitter_image = image;
	del = annotation(s, DELETE_ANNOTATION, &del_at);
	if (del_at && (!del || (strcmp(del, "true") != 0 && strcmp(del, "false") != 0))) {
		fc_diag_at(s->ctx, FC_SEV_ERROR, loc_of(s, del_at), "E0706", "metadata.annotations." DELETE_ANNOTATION,
		           "metadata.annotations[\"" DELETE_ANNOTATION "\"]: expected \"true\" (stop the job with a "
		           "savepoint before Argo CD deletes the application) or \"false\", got \"%s\"",
		           del ? del : "");
		s->errors++;
	}
	m->stop_on_delete = del && strcmp(del, "true") == 0;
	ca = annotation(s, CA_ANNOTATION, &ca_at);
	if (ca_at && (!ca || !dns_subdomain(ca))) {
		fc_diag_at(s->ctx, FC_SEV_ERROR, loc_of(s, ca_at), "E0704", "metadata.annotations." CA_ANNOTATION,
		           "metadata.annotations[\"" CA_ANNOTATION "\"]: expected the name of a Secret in "
		           "namespace \"%s\", got \"%s\"",
		           m->namespace_, ca ? ca : "");
		s->errors++;
	}
	m->ca_secret = ca;
}

/* the endpoint and the warnings about the target (W0701, W0703-W0705) */
static void target(struct sj *s, const struct fc_node *cfg)
{
	struct fc_sessionjob *m = s->m;
	struct fc_loc at = loc_of(s, fc_node_get(s->spec, "deploymentName"));
	struct target_info t;

	read_target(s, &t, &m->conf);
	m->rest = fc_arena_printf(s->a, "%s://%s-rest.%s:%d", t.scheme, m->deployment, m->namespace_, t.port);
	m->rest_tls = strcmp(t.scheme, "https") == 0;
	m->savepoint_dir = t.savepoint_dir;
	if (!s->target)
		fc_diag_at(s->ctx, FC_SEV_WARNING, at, "W0701", "spec.deploymentName",
		           "spec.deploymentName: FlinkDeployment \"%s\" is not in the input set; the submitter "
		           "and its stop hook assume its REST endpoint is %s",
		           m->deployment, m->rest);
	if (m->rest_tls && !m->ca_secret)
		fc_diag_at(s->ctx, FC_SEV_WARNING, at, "W0703", "spec.deploymentName",
		           "spec.deploymentName: session cluster \"%s\" serves its REST API over TLS; without "
		           "annotation " CA_ANNOTATION " naming a Secret with ca.crt, the submitter does not "
		           "verify its certificate (curl --insecure)",
		           m->deployment);
	if (t.mutual_tls)
		fc_diag_at(s->ctx, FC_SEV_WARNING, at, "W0704", "spec.deploymentName",
		           "spec.deploymentName: session cluster \"%s\" requires REST client certificates "
		           "(security.ssl.rest.authentication-enabled); the submitter has none and will be refused",
		           m->deployment);
	if (m->conf.n && s->target) {
		const char *vname = fc_node_getstr(fc_node_get(s->target, "spec"), "flinkVersion");
		int version = fc_version_parse(vname);
		if (version && version < 117)
			fc_diag_at(s->ctx, FC_SEV_WARNING, loc_of(s, cfg), "W0705", "spec.flinkConfiguration",
			           "spec.flinkConfiguration: session cluster \"%s\" runs Flink %s, whose REST API "
			           "takes no flinkConfiguration when running a jar (Flink 1.17+, FLIP-256); "
			           "the submission will be refused",
			           m->deployment, vname);
	}
}

int fc_lower_sessionjob(struct fc_ctx *ctx, struct fc_arena *a, const struct fc_node *doc,
                        const struct fc_node *target_doc, struct fc_sessionjob *out)
{
	struct sj s = { ctx, a, doc, NULL, NULL, target_doc, out, 0 };
	const struct fc_node *meta = fc_node_get(doc, "metadata"), *cfg;
	const char *state, *upgrade;

	memset(out, 0, sizeof(*out));
	out->loc = doc->loc;
	s.spec = fc_node_get(doc, "spec");
	s.job = fc_node_get(s.spec, "job");
	out->name = fc_node_getstr(meta, "name");
	out->namespace_ = fc_node_getstr(meta, "namespace");
	/* no namespace: the project's (defaults document, --namespace), as for
	 * the FlinkDeployment it names and every other object */
	if (!out->namespace_)
		out->namespace_ = ctx->defaults && ctx->defaults->namespace_ ? ctx->defaults->namespace_ : "default";
	out->deployment = fc_node_getstr(s.spec, "deploymentName");
	if (!out->name || !out->deployment || !s.job || s.job->kind != FC_NODE_MAP)
		return FC_ERR; /* reported by rules.c */

	state = str_of(&s, fc_node_get(s.job, "state"), "spec.job.state");
	out->suspended = state && strcmp(state, "suspended") == 0;
	if (!out->suspended)
		out->jar_uri = str_of(&s, fc_node_get(s.job, "jarURI"), "spec.job.jarURI");
	if (!out->suspended && !out->jar_uri) {
		fc_diag_at(ctx, FC_SEV_ERROR, loc_of(&s, s.job), "E0701", "spec.job.jarURI",
		           "spec.job.jarURI: a session job needs a jar to upload to the session cluster; "
		           "set an https:// URI");
		s.errors++;
	}
	if (strlen(out->name) > 63) {
		fc_diag_at(ctx, FC_SEV_ERROR, loc_of(&s, fc_node_get(meta, "name")), "E0702", "metadata.name",
		           "metadata.name: \"%s\" is %zu characters; the submitter Job is labelled with it, "
		           "and a label value has at most 63",
		           out->name, strlen(out->name));
		s.errors++;
	}
	annotations(&s);

	fc_conf_init(&out->conf, a);
	cfg = fc_node_get(s.spec, "flinkConfiguration");
	if (cfg && cfg->kind == FC_NODE_MAP)
		fc_conf_flatten(&out->conf, cfg);
	else
		kind_of(&s, cfg, FC_NODE_MAP, "spec.flinkConfiguration");
	target(&s, cfg);
	upgrade = str_of(&s, fc_node_get(s.job, "upgradeMode"), "spec.job.upgradeMode");
	out->upgrade_mode = upgrade ? upgrade : "stateless";
	out->initial_savepoint =
		str_of(&s, fc_node_get(s.job, "initialSavepointPath"), "spec.job.initialSavepointPath");
	out->job_id = fc_arena_printf(a, "%s%s", job_prefix(&s), spec_hash(&s, &out->conf));
	run_fields(&s);
	return s.errors ? FC_ERR : 0;
}
