/* SPDX-License-Identifier: Apache-2.0 */
/* emit.c - the emitter table, the object collector and the output order.
 *
 * Objects are ordered by kind in install order (Helm's InstallOrder, which
 * Argo CD also uses), then namespace, then name; kinds not in the list come
 * last, by kind name.  Two objects with the same kind, namespace and name
 * are an error naming both origins, except that an object flinkc adds only
 * for convenience (fc_emit_add_optional: RBAC, PodMonitor, ...) yields to
 * the input's own object of that kind, namespace and name, in either input
 * order: the input's is kept, flinkc's dropped, and a note says so.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "defaults.h"
#include "diag.h"
#include "hashes.h"
#include "plan.h"
#include "spill.h"
#include "yamlw.h"

/* Sorted by install order of their kinds: this is also the output order. */
static const struct fc_emitter emitters[] = {
	{ "NetworkPolicy", fc_emit_networkpolicy, NULL },
	{ "PodDisruptionBudget", fc_emit_poddisruptionbudget, NULL },
	{ "ServiceAccount", fc_emit_serviceaccount, fc_emit_serviceaccount_finish },
	{ "ConfigMap", fc_emit_configmap, NULL },
	{ "Role", NULL, fc_emit_role_finish },
	{ "RoleBinding", NULL, fc_emit_rolebinding_finish },
	{ "Service", fc_emit_service, NULL },
	{ "Deployment", fc_emit_deployment, NULL },
	{ "Job", fc_emit_hook, NULL }, /* after Deployment: it needs their content hashes */
	{ "Ingress", fc_emit_ingress, NULL },
	{ "PodMonitor", fc_emit_podmonitor, NULL },
};

static const char *const install_order[] = {
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
	"PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
	"ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
	"CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
	"ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
	"DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
	"APIService",
};

#define NO_OFFSET UINT64_MAX
#define MANAGED_BY_LABEL "app.kubernetes.io/managed-by"

/* who asked for an object */
enum source {
	FROM_FLINKC,   /* carries a job: its Deployments, Services, ConfigMaps */
	FROM_OPTIONAL, /* flinkc adds it for convenience; the input's own replaces it */
	FROM_INPUT,    /* passed through from the inputs */
};

struct object {
	struct fc_object pub;
	uint64_t off;         /* NO_OFFSET, or the text is in the spill file here (pub.text set by
	                       * fc_emit_finish_objects, mapped), or while batch is the open
	                       * batch, in the batch buffer here */
	unsigned batch;       /* spilled: 1 + the number of its sorted batch */
	unsigned rank;
	struct fc_loc origin;
	enum source source;
	const char *key_ns;   /* the namespace it lands in: an input object without one, the default */
	const char *job;      /* FROM_FLINKC/OPTIONAL during a job: the FlinkDeployment's name */
	struct fc_loc job_at; /* ... and where that name is written */
};

/* an object made on a worker (fc_emit_new_recorder), waiting to be added
 * to the run in input order by fc_emit_replay */
struct rec {
	const char *kind, *ns, *name, *api_version, *key_ns; /* the worker context's arena */
	char *text;          /* malloc'd */
	size_t len;
	char hash[FC_HASHES_LEN + 1];
	struct fc_loc origin;
	enum source source;
	const char *job;     /* as in struct object */
	struct fc_loc job_at;
};

struct fc_emit {
	struct fc_ctx *ctx;
	struct object *v;
	size_t n, cap;
	struct fc_rbac_need *needs;
	size_t nneeds, capneeds;
	struct fc_buf scratch;
	bool sorted;
	const char *job;      /* the FlinkDeployment being emitted (fc_emit_job), else NULL */
	struct fc_loc job_at; /* where its metadata.name is written */
	/* (kind, namespace, name) -> index + 1 into v; open addressing, for
	 * duplicate detection only (never iterated, so order cannot leak) */
	size_t *slots;
	size_t nslots;
	struct fc_spill *spill; /* where the texts wait (spill.h) */
	/* Spilled texts go to the file in sorted batches: the open batch's
	 * texts wait in batchbuf, and when it holds BATCH_BYTES they are
	 * written in output order.  The output then reads each batch forward,
	 * a window at a time (fc_spill_read_window): an external merge, a few
	 * reads per batch instead of one per object. */
	struct fc_buf batchbuf;
	size_t *batch;          /* indexes into v of the open batch's objects */
	size_t nbatch, capbatch;
	unsigned nbatches;      /* written so far; the open one is nbatches + 1 */
	struct fc_spill_window *windows; /* one per batch, for reading */
	const char **interned; /* kinds, apiVersions, namespaces: a few texts, stored once */
	size_t ninterned, ninternslots;
	bool recorder;        /* objects and needs wait in recs for fc_emit_replay */
	struct rec *recs;
	size_t nrecs, caprecs;
};

struct fc_emit *fc_emit_new(struct fc_ctx *ctx)
{
	struct fc_emit *e = fc_xcalloc(1, sizeof(*e));
	e->ctx = ctx;
	e->spill = fc_spill_new();
	return e;
}

struct fc_emit *fc_emit_new_recorder(struct fc_ctx *ctx)
{
	struct fc_emit *e = fc_xcalloc(1, sizeof(*e));
	e->ctx = ctx;
	e->recorder = true;
	return e;
}

void fc_emit_free(struct fc_emit *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->nrecs; i++)
		fc_xfree(e->recs[i].text);
	fc_xfree(e->recs);
	fc_xfree(e->v);
	fc_xfree(e->needs);
	fc_xfree(e->slots);
	fc_buf_fini(&e->scratch);
	fc_buf_fini(&e->batchbuf);
	fc_xfree(e->batch);
	for (i = 0; e->windows && i < e->nbatches; i++)
		fc_buf_fini(&e->windows[i].buf);
	fc_xfree(e->windows);
	fc_spill_free(e->spill);
	fc_xfree(e->interned);
	fc_xfree(e);
}

struct fc_ctx *fc_emit_ctx(struct fc_emit *e)
{
	return e->ctx;
}

/* FNV-1a over "kind\0ns\0name\0" */
static uint64_t key_hash(const char *kind, const char *ns, const char *name)
{
	const char *parts[3] = { kind, ns, name };
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < 3; i++) {
		const unsigned char *p = (const unsigned char *)parts[i];
		do {
			h ^= *p;
			h *= 1099511628211ull;
		} while (*p++);
	}
	/* FNV's low bits, the ones a table index keeps, hardly mix: names that
	 * differ in a digit (job-00017, job-00018) probed long runs of slots */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static struct object *find(const struct fc_emit *e, const char *kind, const char *ns, const char *name)
{
	size_t i;

	if (!e->nslots)
		return NULL;
	for (i = key_hash(kind, ns, name) & (e->nslots - 1); e->slots[i]; i = (i + 1) & (e->nslots - 1)) {
		struct object *p = &e->v[e->slots[i] - 1];
		if (strcmp(p->pub.kind, kind) == 0 && strcmp(p->key_ns, ns) == 0 && strcmp(p->pub.name, name) == 0)
			return p;
	}
	return NULL;
}

/* the run's one copy of s (open addressing, at most half full) */
static const char *intern(struct fc_emit *e, const char *s)
{
	size_t i;

	if ((e->ninterned + 1) * 2 > e->ninternslots) {
		const char **old = e->interned;
		size_t n = e->ninternslots, k;
		e->ninternslots = n ? n * 2 : 64;
		e->interned = fc_xcalloc(e->ninternslots, sizeof(*e->interned));
		for (k = 0; k < n; k++) {
			if (!old[k])
				continue;
			for (i = key_hash(old[k], "", "") & (e->ninternslots - 1); e->interned[i];
			     i = (i + 1) & (e->ninternslots - 1))
				;
			e->interned[i] = old[k];
		}
		fc_xfree(old);
	}
	for (i = key_hash(s, "", "") & (e->ninternslots - 1); e->interned[i]; i = (i + 1) & (e->ninternslots - 1))
		if (strcmp(e->interned[i], s) == 0)
			return e->interned[i];
	e->ninterned++;
	return e->interned[i] = fc_arena_strdup(e->ctx->arena, s);
}

static void index_put(struct fc_emit *e, size_t idx)
{
	const struct object *o = &e->v[idx];
	size_t i = key_hash(o->pub.kind, o->key_ns, o->pub.name) & (e->nslots - 1);

	while (e->slots[i])
		i = (i + 1) & (e->nslots - 1);
	e->slots[i] = idx + 1;
}

/* index v[idx]; the table stays at most half full */
static void index_add(struct fc_emit *e, size_t idx)
{
	if ((idx + 1) * 2 > e->nslots) {
		size_t j;
		e->nslots = e->nslots ? e->nslots * 2 : 256;
		while ((idx + 1) * 2 > e->nslots)
			e->nslots *= 2;
		fc_xfree(e->slots);
		e->slots = fc_xcalloc(e->nslots, sizeof(*e->slots));
		for (j = 0; j < idx; j++)
			index_put(e, j);
	}
	index_put(e, idx);
}

static unsigned rank_of(const char *kind)
{
	size_t i;

	for (i = 0; i < countof(install_order); i++)
		if (strcmp(install_order[i], kind) == 0)
			return (unsigned)i;
	return (unsigned)countof(install_order);
}

int fc_emit_job(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	size_t i;
	int rc = 0;

	const struct fc_node *name = fc_node_path(job->doc, "metadata.name");

	e->job = fc_arena_strdup(e->ctx->arena, job->name);
	e->job_at = name && name->loc.line ? name->loc : job->loc;
	for (i = 0; i < countof(emitters); i++)
		if (emitters[i].emit && emitters[i].emit(e, a, job))
			rc = FC_ERR;
	e->job = NULL;
	return rc;
}

int fc_emit_finish(struct fc_emit *e)
{
	struct fc_arena *a = fc_arena_new();
	size_t i;
	int rc = 0;

	for (i = 0; i < countof(emitters); i++)
		if (emitters[i].finish && emitters[i].finish(e, a))
			rc = FC_ERR;
	fc_arena_free(a);
	return rc;
}

/* add the pairs of src whose keys dst lacks */
static void merge_missing(struct fc_arena *a, struct fc_node *dst, const struct fc_node *src)
{
	uint32_t i;

	for (i = 0; i < src->n; i++)
		if (fc_node_is_scalar(src->pairs[i].val))
			fc_node_setdefault(a, dst, src->pairs[i].key->str, fc_node_copy(a, src->pairs[i].val));
}

/* kinds without a namespace (they never get the default namespace) */
static bool cluster_scoped(const char *kind)
{
	static const char *const kinds[] = {
		"APIService", "CSIDriver", "CSINode", "ClusterIssuer", "ClusterRole", "ClusterRoleBinding",
		"CustomResourceDefinition", "IngressClass", "MutatingWebhookConfiguration", "Namespace", "Node",
		"PersistentVolume", "PriorityClass", "RuntimeClass", "StorageClass",
		"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration",
		"VolumeAttachment",
	};
	size_t i;

	for (i = 0; i < countof(kinds); i++)
		if (strcmp(kinds[i], kind) == 0)
			return true;
	return false;
}

/* "file:line:col", or "file:line" without a column */
static const char *where(struct fc_arena *a, struct fc_loc loc)
{
	if (!loc.file)
		return "?";
	return loc.col ? fc_arena_printf(a, "%s:%u:%u", loc.file, loc.line, loc.col)
	               : fc_arena_printf(a, "%s:%u", loc.file, loc.line);
}

/* what an object was rendered for: the FlinkDeployment (its name's
 * location), else the document at `origin` */
static const char *for_job(struct fc_arena *a, const char *job, struct fc_loc at, struct fc_loc origin,
                           enum source src)
{
	if (job)
		return fc_arena_printf(a, "FlinkDeployment \"%s\" at %s", job, where(a, at));
	/* optional objects made after the last document (RBAC) come from a FlinkDeployment */
	return fc_arena_printf(a, "the %s at %s", src == FROM_OPTIONAL ? "FlinkDeployment" : "document",
	                       where(a, origin));
}

/* Two objects of one kind, namespace and name: p was added before, the
 * new one comes from `src` at `origin`.  Returns true when the new one
 * is to be added in p's place, false when it is dropped (adopted or an
 * error, reported here). */
static bool collide(struct fc_emit *e, struct object *p, const struct rec *r)
{
	enum source src = r->source;
	struct fc_loc origin = r->origin;
	struct fc_ctx *ctx = e->ctx;
	struct fc_arena *ra = ctx->arena;
	const char *kind = p->pub.kind, *name = p->pub.name, *ns = p->key_ns;

	if (src == FROM_OPTIONAL && p->source == FROM_INPUT) {
		if (ctx->opts->verbose)
			fc_diag_at(ctx, FC_SEV_NOTE, p->origin, "N0501", "metadata.name",
			           "%s \"%s\" in namespace \"%s\" is the input's own; flinkc does not add its "
			           "own for %s",
			           kind, name, ns, for_job(ra, r->job, r->job_at, origin, src));
		return false;
	}
	if (src == FROM_INPUT && p->source == FROM_OPTIONAL) {
		if (ctx->opts->verbose)
			fc_diag_at(ctx, FC_SEV_NOTE, origin, "N0501", "metadata.name",
			           "%s \"%s\" in namespace \"%s\" is the input's own; flinkc does not add its "
			           "own for %s",
			           kind, name, ns, for_job(ra, p->job, p->job_at, p->origin, p->source));
		return true;
	}
	if (src == FROM_INPUT && p->source == FROM_FLINKC) {
		fc_diag_at(ctx, FC_SEV_ERROR, origin, "E0501", "metadata.name",
		           "%s \"%s\" in namespace \"%s\" is also rendered by flinkc for %s; rename or "
		           "remove this object and say what it should change in the FlinkDeployment "
		           "(spec, flinkConfiguration, pod templates)",
		           kind, name, ns, for_job(ra, p->job, p->job_at, p->origin, p->source));
		return false;
	}
	if (src == FROM_FLINKC && p->source == FROM_INPUT) {
		fc_diag_at(ctx, FC_SEV_ERROR, p->origin, "E0501", "metadata.name",
		           "%s \"%s\" in namespace \"%s\" is also rendered by flinkc for %s; rename or "
		           "remove this object and say what it should change in the FlinkDeployment "
		           "(spec, flinkConfiguration, pod templates)",
		           kind, name, ns, for_job(ra, r->job, r->job_at, origin, src));
		return false;
	}
	fc_diag_error(ctx, origin, "E0501", "%s \"%s\" in namespace \"%s\" is produced twice; the other comes from %s:%u",
	              kind, name, ns, p->origin.file ? p->origin.file : "?", p->origin.line);
	return false;
}

#define BATCH_BYTES ((size_t)4 << 20)

static int cmpobj(const void *x, const void *y);

static int cmpobjp(const void *x, const void *y)
{
	return cmpobj(*(struct object *const *)x, *(struct object *const *)y);
}

/* write the open batch to the spill file in output order */
static void batch_flush(struct fc_emit *e)
{
	struct object **p;
	size_t i, n = 0;

	if (!e->nbatch)
		return;
	p = fc_xmalloc(e->nbatch * sizeof(*p));
	for (i = 0; i < e->nbatch; i++)
		p[n++] = &e->v[e->batch[i]];
	qsort(p, n, sizeof(*p), cmpobjp);
	for (i = 0; i < n; i++)
		p[i]->off = fc_spill_append(e->spill, e->batchbuf.ptr + p[i]->off, p[i]->pub.len);
	fc_xfree(p);
	e->nbatches++;
	e->nbatch = 0;
	fc_buf_clear(&e->batchbuf);
}

/* object v[idx] goes to the spill file: into the open batch */
static void batch_add(struct fc_emit *e, size_t idx, const char *text, size_t len)
{
	struct object *o = &e->v[idx];

	if (o->batch != e->nbatches + 1) { /* else a text replaced in the open batch */
		if (e->nbatch == e->capbatch) {
			e->capbatch = e->capbatch ? 2 * e->capbatch : 256;
			e->batch = fc_xreallocarray(e->batch, e->capbatch, sizeof(*e->batch));
		}
		e->batch[e->nbatch++] = idx;
		o->batch = e->nbatches + 1;
	}
	o->off = e->batchbuf.len;
	fc_buf_append(&e->batchbuf, text, len);
	if (e->batchbuf.len >= BATCH_BYTES)
		batch_flush(e);
}

/* Add r to the run's objects (its text is copied): a duplicate is
 * reported or adopted here.  Returns the object's hash in the run's arena. */
static const char *commit(struct fc_emit *e, const struct rec *r, const struct fc_node *obj)
{
	struct fc_ctx *ctx = e->ctx;
	struct object *o = find(e, r->kind, r->key_ns, r->name);

	if (o && !collide(e, o, r))
		return fc_arena_strdup(ctx->arena, r->hash);
	if (obj)
		fc_plan_object(ctx->opts->plan, obj, r->origin);
	if (!o) {
		/* a new entry; else the input's object takes the optional one's place */
		if (e->n == e->cap) {
			e->cap = e->cap ? e->cap * 2 : 64;
			e->v = fc_xreallocarray(e->v, e->cap, sizeof(*e->v));
		}
		o = &e->v[e->n++];
		o->batch = 0;
		o->pub.kind = intern(e, r->kind);
		o->pub.namespace_ = intern(e, r->ns);
		o->pub.name = fc_arena_strdup(ctx->arena, r->name);
		o->key_ns = intern(e, r->key_ns);
		o->rank = rank_of(r->kind);
		index_add(e, e->n - 1);
	}
	o->pub.api_version = intern(e, r->api_version);
	o->off = NO_OFFSET;
	o->pub.text = fc_spill_keep(e->spill, ctx->arena, r->text, r->len);
	o->pub.len = r->len;
	if (!o->pub.text)
		batch_add(e, (size_t)(o - e->v), r->text, r->len);
	o->pub.hash = fc_arena_strdup(ctx->arena, r->hash);
	o->origin = r->origin;
	o->source = r->source;
	o->job = r->source == FROM_INPUT ? NULL : r->job;
	o->job_at = r->job_at;
	e->sorted = false;
	return o->pub.hash;
}

/* need_hash: the caller writes the hash into another object (a plan
 * serializes only those objects and keeps no text) */
static const char *add(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj, struct fc_loc origin,
                       enum source src, bool need_hash)
{
	struct fc_ctx *ctx = e->ctx;
	struct rec r;
	const char *hash;
	struct fc_buf out = FC_BUF_INIT;
	struct fc_node *meta = fc_node_get(obj, "metadata");
	const char *kind = fc_node_getstr(obj, "kind"), *ns = fc_node_getstr(meta, "namespace");
	const char *name = fc_node_getstr(meta, "name"), *api;

	/* every object says who manages it, so drift detection can tell ours apart */
	if (meta && meta->kind == FC_NODE_MAP) {
		const struct fc_defaults *d = ctx->defaults;
		fc_node_set(a, fc_node_getmap(a, meta, "labels"), MANAGED_BY_LABEL, fc_node_str(a, "flinkc"));
		/* project labels and annotations: the object's own keys win */
		if (d && d->labels)
			merge_missing(a, fc_node_getmap(a, meta, "labels"), d->labels);
		if (d && d->annotations)
			merge_missing(a, fc_node_getmap(a, meta, "annotations"), d->annotations);
	}
	/* the hash (hashes.c) is of the canonical YAML: JSON output writes twice */
	if (ctx->opts->plan && !need_hash) {
		memset(r.hash, '0', FC_HASHES_LEN);
		r.hash[FC_HASHES_LEN] = '\0';
	} else if (ctx->opts->format == FC_FORMAT_JSON) {
		fc_hashes_content(r.hash, obj, &e->scratch);
		if (meta && meta->kind == FC_NODE_MAP)
			fc_node_set(a, fc_node_getmap(a, meta, "annotations"), FC_HASHES_CONTENT, fc_node_str(a, r.hash));
		fc_yamlw_json(&out, obj, FC_YAMLW_OBJECT);
	} else {
		fc_hashes_stamp(r.hash, a, obj, &out, &e->scratch);
	}
	r.kind = kind ? kind : "";
	r.ns = ns ? ns : "";
	r.name = name ? name : "";
	api = fc_node_getstr(obj, "apiVersion");
	r.api_version = api ? api : "";
	/* kubectl puts a namespaced object without a namespace into the
	 * default one, where flinkc's own objects of jobs without one go */
	if (ns)
		r.key_ns = ns;
	else if (cluster_scoped(r.kind))
		r.key_ns = "";
	else
		r.key_ns = ctx->defaults && ctx->defaults->namespace_ ? ctx->defaults->namespace_ : "default";
	if (ctx->opts->plan) /* nothing is written */
		fc_buf_clear(&out);
	r.text = out.ptr ? out.ptr : fc_xcalloc(1, 1);
	r.len = out.len;
	r.origin = origin;
	r.source = src;
	r.job = src == FROM_INPUT ? NULL : e->job;
	r.job_at = e->job_at;
	if (!e->recorder) {
		hash = commit(e, &r, obj);
		fc_xfree(r.text);
		return hash;
	}
	/* on a worker: the plan reads the tree now (it is gone at replay; an
	 * object dropped at replay is a duplicate, an error, or one flinkc adds
	 * for convenience, which runs no pod) and the strings outlive the
	 * document's arena a */
	fc_plan_object(ctx->opts->plan, obj, origin);
	r.kind = fc_arena_strdup(ctx->arena, r.kind);
	r.ns = fc_arena_strdup(ctx->arena, r.ns);
	r.name = fc_arena_strdup(ctx->arena, r.name);
	r.api_version = fc_arena_strdup(ctx->arena, r.api_version);
	r.key_ns = fc_arena_strdup(ctx->arena, r.key_ns);
	if (e->nrecs == e->caprecs) {
		e->caprecs = e->caprecs ? e->caprecs * 2 : 16;
		e->recs = fc_xreallocarray(e->recs, e->caprecs, sizeof(*e->recs));
	}
	e->recs[e->nrecs++] = r;
	return fc_arena_strdup(ctx->arena, r.hash);
}

void fc_emit_replay(struct fc_emit *e, struct fc_emit *w)
{
	const char *job_src = NULL, *job = NULL;
	size_t i;

	for (i = 0; i < w->nrecs; i++) {
		struct rec *r = &w->recs[i];
		if (r->job && r->job != job_src) {
			job_src = r->job;
			job = fc_arena_strdup(e->ctx->arena, r->job);
		}
		if (r->job)
			r->job = job;
		commit(e, r, NULL);
		fc_xfree(r->text);
		r->text = NULL;
	}
	w->nrecs = 0;
	for (i = 0; i < w->nneeds; i++)
		fc_emit_rbac_need(e, w->needs[i].namespace_, w->needs[i].account, w->needs[i].perms,
		                  w->needs[i].origin);
	w->nneeds = 0;
}

void fc_emit_add(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj, struct fc_loc origin)
{
	add(e, a, obj, origin, FROM_FLINKC, false);
}

const char *fc_emit_add_hashed(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj, struct fc_loc origin)
{
	return add(e, a, obj, origin, FROM_FLINKC, true);
}

const char *fc_emit_add_optional(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj, struct fc_loc origin)
{
	return add(e, a, obj, origin, FROM_OPTIONAL, false);
}

int fc_emit_passthrough(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj)
{
	struct fc_node *meta = fc_node_get(obj, "metadata");
	const struct fc_node *name = fc_node_get(meta, "name");
	/* duplicates are reported at the object's name */
	struct fc_loc origin = name && name->loc.line ? name->loc : obj->loc;

	/* server-populated fields never belong in desired state */
	fc_node_del(obj, "status");
	if (meta && meta->kind == FC_NODE_MAP && e->ctx->defaults && e->ctx->defaults->namespace_ &&
	    !fc_node_get(meta, "namespace") && !cluster_scoped(fc_node_getstr(obj, "kind")))
		fc_node_set(a, meta, "namespace", fc_node_str(a, e->ctx->defaults->namespace_));
	if (meta && meta->kind == FC_NODE_MAP) {
		static const char *const drop[] = { "creationTimestamp", "resourceVersion", "uid",
			                            "generation", "managedFields", "selfLink" };
		size_t i;
		for (i = 0; i < countof(drop); i++)
			fc_node_del(meta, drop[i]);
	}
	add(e, a, obj, origin, FROM_INPUT, false);
	return 0;
}

static int cmpobj(const void *x, const void *y)
{
	const struct object *a = x, *b = y;
	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	/* kind, namespace and apiVersion are interned: equal strings are one pointer */
	if (a->pub.kind != b->pub.kind && (c = strcmp(a->pub.kind, b->pub.kind)))
		return c;
	if (a->pub.namespace_ != b->pub.namespace_ && (c = strcmp(a->pub.namespace_, b->pub.namespace_)))
		return c;
	if ((c = strcmp(a->pub.name, b->pub.name)))
		return c;
	return a->pub.api_version == b->pub.api_version ? 0 : strcmp(a->pub.api_version, b->pub.api_version);
}

static void sort_objects(struct fc_emit *e)
{
	if (!e->sorted) {
		if (e->n > 1) /* e->v is NULL when nothing was emitted */
			qsort(e->v, e->n, sizeof(*e->v), cmpobj);
		e->sorted = true;
	}
}

size_t fc_emit_finish_objects(struct fc_emit *e)
{
	const char *map;
	size_t i;

	batch_flush(e);
	map = fc_spill_map(e->spill);

	sort_objects(e);
	/* spilled texts mapped in place: nothing is read until touched */
	for (i = 0; i < e->n; i++)
		if (!e->v[i].pub.text)
			e->v[i].pub.text = map ? map + e->v[i].off : "";
	return e->n;
}

const struct fc_object *fc_emit_object_at(const struct fc_emit *e, size_t i)
{
	return &e->v[i].pub; /* struct object starts with its public part */
}

const char *fc_emit_text(struct fc_emit *e, size_t i)
{
	const struct object *o;

	sort_objects(e);
	o = &e->v[i];
	if (o->off == NO_OFFSET)
		return o->pub.text;
	/* spilled: in a batch written by fc_emit_finish_objects */
	if (!e->windows)
		e->windows = fc_xcalloc(e->nbatches, sizeof(*e->windows));
	/* read in output order, each batch is read forward */
	return fc_spill_read_window(e->spill, &e->windows[o->batch - 1], o->off, o->pub.len);
}

int fc_emit_spill_failed(const struct fc_emit *e)
{
	return fc_spill_failed(e->spill);
}

struct fc_node *fc_emit_object(struct fc_arena *a, const char *api_version, const char *kind,
                               const char *namespace_, const char *name)
{
	struct fc_node *o = fc_node_map(a), *m = fc_node_map(a);

	fc_node_set(a, o, "apiVersion", fc_node_str(a, api_version));
	fc_node_set(a, o, "kind", fc_node_str(a, kind));
	fc_node_set(a, m, "name", fc_node_str(a, name));
	if (namespace_)
		fc_node_set(a, m, "namespace", fc_node_str(a, namespace_));
	fc_node_set(a, o, "metadata", m);
	return o;
}

struct fc_node *fc_emit_common_labels(struct fc_arena *a, const struct fc_job *job)
{
	struct fc_node *m = fc_node_map(a);

	fc_node_set(a, m, "type", fc_node_str(a, job->mode == FC_MODE_STANDALONE ? "flink-standalone-kubernetes"
	                                                                       : "flink-native-kubernetes"));
	fc_node_set(a, m, "app", fc_node_str(a, job->name));
	return m;
}

struct fc_node *fc_emit_selector(struct fc_arena *a, const struct fc_job *job, const char *component)
{
	struct fc_node *m = fc_emit_common_labels(a, job);
	fc_node_set(a, m, "component", fc_node_str(a, component));
	return m;
}

void fc_emit_merge_map(struct fc_arena *a, struct fc_node *dst, const struct fc_node *src)
{
	uint32_t i;

	for (i = 0; src && src->kind == FC_NODE_MAP && i < src->n; i++)
		fc_node_set(a, dst, src->pairs[i].key->str, fc_node_copy(a, src->pairs[i].val));
}

/* ---- RBAC needs, shared by the three RBAC emitters ---- */

void fc_emit_rbac_need(struct fc_emit *e, const char *namespace_, const char *account, unsigned perms,
                       struct fc_loc origin)
{
	struct fc_ctx *ctx = e->ctx;
	size_t i;

	for (i = 0; i < e->nneeds; i++) {
		struct fc_rbac_need *n = &e->needs[i];
		if (strcmp(n->namespace_, namespace_) == 0 && strcmp(n->account, account) == 0) {
			n->perms |= perms;
			return;
		}
	}
	if (e->nneeds == e->capneeds) {
		e->capneeds = e->capneeds ? e->capneeds * 2 : 16;
		e->needs = fc_xreallocarray(e->needs, e->capneeds, sizeof(*e->needs));
	}
	e->needs[e->nneeds].namespace_ = fc_arena_strdup(ctx->arena, namespace_);
	e->needs[e->nneeds].account = fc_arena_strdup(ctx->arena, account);
	e->needs[e->nneeds].perms = perms;
	e->needs[e->nneeds].origin = origin;
	e->nneeds++;
}

size_t fc_emit_rbac_needs(struct fc_emit *e, const struct fc_rbac_need **out)
{
	*out = e->needs;
	return e->nneeds;
}
