/* SPDX-License-Identifier: Apache-2.0 */
/* compile.c - the driver behind fc_compile(): load -> parse -> rules -> lower -> emit -> write.
 *
 * One document at a time goes through the pipeline in its own arena, which
 * is freed before the next document: only diagnostics, the serialized
 * objects and small per-cluster summaries stay in the run's arena, so
 * memory stays flat as inputs grow.  If anything failed, nothing is output.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "defaults.h"
#include "diag.h"
#include "effconf.h"
#include "emit.h"
#include "inert.h"
#include "lower.h"
#include "options.h"
#include "os.h"
#include "plan.h"
#include "regex.h"
#include "rules.h"
#include "source.h"
#include "text.h"
#include "validate.h"
#include "yaml.h"

struct fc_result {
	struct fc_ctx ctx;
	struct fc_emit *emit;
	size_t nobjects;
	struct fc_buf stream;
	enum fc_status status;
};

/* the namespace of objects that name none */
static const char *ctx_namespace(const struct fc_ctx *ctx)
{
	return ctx->defaults && ctx->defaults->namespace_ ? ctx->defaults->namespace_ : "default";
}

/* a document kept until every FlinkDeployment has been seen */
struct kept {
	struct fc_node *doc;
	const char *ns, *name;                     /* deployments: the index key */
	struct fc_diag *schema_end, *schema_start; /* the schema's diagnostics of doc: [start, end) */
	bool invalid;                              /* the schema check failed: rules only, no output */
	struct kept *next;
};

struct run {
	struct fc_ctx *ctx;
	struct fc_emit *emit;
	/* trimmed copies of the FlinkDeployments (session-job targets), only when
	 * an input mentions FlinkSessionJob: by (namespace, name), open addressing,
	 * at most half full; a later copy of the same name replaces the earlier */
	bool want_targets;
	struct kept **targets;
	size_t ntargets, nslots;
	struct kept *sessionjobs, **sessionjobs_tail; /* deferred until all deployments are known */
	/* a worker (-j): ctx and emit are the unit's own, and kept deployments
	 * wait in this list for absorb() instead of going into targets */
	bool worker;
	struct kept *kept, **kept_tail;
	struct fc_arena *docs; /* each document's, reset before the next (owned by the thread) */
};

/* FNV-1a over "ns\0name\0" */
static size_t target_hash(const char *ns, const char *name)
{
	uint64_t h = 14695981039346656037ull;
	const unsigned char *p;

	for (p = (const unsigned char *)ns;; p++) {
		h = (h ^ *p) * 1099511628211ull;
		if (!*p)
			break;
	}
	for (p = (const unsigned char *)name;; p++) {
		h = (h ^ *p) * 1099511628211ull;
		if (!*p)
			break;
	}
	h ^= h >> 33; /* mix the high bits into the low ones the table keeps */
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (size_t)h;
}

/* the slot of (ns, name): its entry, or the empty slot where it belongs */
static struct kept **target_slot(const struct run *r, const char *ns, const char *name)
{
	size_t i = target_hash(ns, name) & (r->nslots - 1);

	while (r->targets[i] && (strcmp(r->targets[i]->name, name) != 0 || strcmp(r->targets[i]->ns, ns) != 0))
		i = (i + 1) & (r->nslots - 1);
	return &r->targets[i];
}

static void target_put(struct run *r, struct kept *k)
{
	struct kept **slot;

	if ((r->ntargets + 1) * 2 > r->nslots) {
		struct kept **old = r->targets;
		size_t n = r->nslots, i;
		r->nslots = n ? n * 2 : 64;
		r->targets = fc_xcalloc(r->nslots, sizeof(*r->targets));
		for (i = 0; i < n; i++)
			if (old[i])
				*target_slot(r, old[i]->ns, old[i]->name) = old[i];
		fc_xfree(old);
	}
	slot = target_slot(r, k->ns, k->name);
	if (!*slot)
		r->ntargets++;
	*slot = k;
}

/* keep what a session job needs of its target: apiVersion, kind, metadata, spec.job,
 * spec.flinkConfiguration, spec.mode (run arena) */
static void keep_deployment(struct run *r, const struct fc_node *doc)
{
	struct fc_arena *a = r->ctx->arena;
	struct fc_node *t, *spec;
	const struct fc_node *s = fc_node_get(doc, "spec"), *m = fc_node_get(doc, "metadata");
	static const char *const top[] = { "apiVersion", "kind", "metadata" };
	static const char *const keep[] = { "job", "flinkConfiguration", "mode", "flinkVersion" };
	const char *ns = fc_node_getstr(m, "namespace"), *name = fc_node_getstr(m, "name");
	struct kept *k;
	size_t i;

	if (!r->want_targets || !name)
		return;
	t = fc_node_map(a);
	spec = fc_node_map(a);
	k = FC_NEW(a, struct kept);
	for (i = 0; i < countof(top); i++)
		if (fc_node_get(doc, top[i]))
			fc_node_set(a, t, top[i], fc_node_copy(a, fc_node_get(doc, top[i])));
	for (i = 0; i < countof(keep); i++)
		if (fc_node_get(s, keep[i]))
			fc_node_set(a, spec, keep[i], fc_node_copy(a, fc_node_get(s, keep[i])));
	fc_node_set(a, t, "spec", spec);
	t->loc = doc->loc;
	k->doc = t;
	k->ns = fc_arena_strdup(a, ns ? ns : ctx_namespace(r->ctx));
	k->name = fc_arena_strdup(a, name);
	if (r->worker) {
		*r->kept_tail = k;
		r->kept_tail = &k->next;
	} else {
		target_put(r, k);
	}
}

/* the FlinkDeployment `name` in namespace `ns`, or NULL */
static const struct fc_node *find_deployment(const struct run *r, const char *ns, const char *name)
{
	return r->nslots && *target_slot(r, ns, name) ? (*target_slot(r, ns, name))->doc : NULL;
}

/* ---- reading and checking the lazy inputs, on threads for many ---- */

/* the texts read at load that are kept for the compile, in bytes: fleets of
 * up to some 2,000 jobs are read once; larger ones read the rest again
 * (memory stays flat) */
#define KEEP_BYTES (2u << 20)

struct checking {
	struct fc_source **v;
	size_t n, next;
	size_t limit;
	atomic_size_t keep;
	pthread_mutex_t mu;
};

static void *check_worker(void *arg)
{
	struct checking *c = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&c->mu);
		i = c->next++;
		pthread_mutex_unlock(&c->mu);
		if (i >= c->n)
			return NULL;
		fc_source_check(c->v[i], c->limit, &c->keep);
	}
}

/* every lazy input read, checked and scanned (fc_source_check), on up to
 * nw threads, then what was found reported in input order */
static void check_sources(struct fc_ctx *ctx, unsigned nw)
{
	struct checking c;
	struct fc_source *s;
	pthread_t th[64];
	unsigned w, started = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.limit = ctx->max_input_bytes;
	atomic_init(&c.keep, KEEP_BYTES);
	for (s = ctx->sources; s; s = s->next)
		c.n += s->unchecked;
	if (!c.n)
		return;
	c.v = fc_xmalloc(c.n * sizeof(*c.v));
	for (s = ctx->sources, i = 0; s; s = s->next)
		if (s->unchecked)
			c.v[i++] = s;
	pthread_mutex_init(&c.mu, NULL);
	for (w = 1; w < nw && w < countof(th); w++) /* and this thread */
		started += pthread_create(&th[started], NULL, check_worker, &c) == 0;
	check_worker(&c);
	for (w = 0; w < started; w++)
		pthread_join(th[w], NULL);
	pthread_mutex_destroy(&c.mu);
	for (i = 0; i < c.n; i++)
		fc_source_checked(ctx, c.v[i]);
	fc_xfree(c.v);
}

/* whether any input mentions FlinkSessionJob: only then are deployments kept */
static bool any_sessionjob(const struct fc_ctx *ctx)
{
	const struct fc_source *s;

	for (s = ctx->sources; s; s = s->next)
		if (s->mentions_sessionjob) /* scanned when loaded (source.c) */
			return true;
	return false;
}

/* the schema's verdict on the document being processed */
struct checked {
	bool invalid;
	struct fc_diag *start, *end; /* its diagnostics: the list from start up to (not incl.) end */
};

typedef int doc_fn(struct run *r, struct fc_arena *a, struct fc_node *doc, const struct checked *ck);

/* Drop the operator-rule diagnostics (added since `rules_end`) located
 * exactly where a schema diagnostic of the same document already is: the
 * schema and the operator often say the same thing about one field (a name
 * pattern, a missing serviceAccount), and one message per spot is enough.
 * Everything else of both is kept, so a file's defects show in one run. */
static void drop_shadowed(struct fc_ctx *ctx, struct fc_diag *rules_end, const struct checked *ck)
{
	struct fc_diag **pp = &ctx->diags;

	while (*pp && *pp != rules_end) {
		struct fc_diag *d = *pp, *s;
		bool shadowed = false;
		for (s = ck->start; s && s != ck->end && !shadowed; s = s->next)
			shadowed = s->sev == FC_SEV_ERROR && d->sev == FC_SEV_ERROR && s->loc.file == d->loc.file &&
			           s->loc.line == d->loc.line && s->loc.col == d->loc.col;
		if (shadowed) {
			*pp = d->next;
			ctx->nerrors--;
		} else {
			pp = &d->next;
		}
	}
}

static int do_deployment(struct run *r, struct fc_arena *a, struct fc_node *doc, const struct checked *ck)
{
	struct fc_job job;
	struct fc_conf E;
	unsigned before = r->ctx->nerrors;
	struct fc_diag *rules_end;
	int rc;

	if (fc_rules_is_canary(doc)) {
		fc_diag_warning(r->ctx, doc->loc, "W0102",
		                "FlinkDeployment is the operator's canary (label flink.apache.org/canary); "
		                "nothing to render");
		return 0;
	}
	keep_deployment(r, doc);
	fc_options_check(r->ctx, fc_node_path(doc, "spec.flinkConfiguration"));
	fc_inert_check(r->ctx, doc);
	rules_end = r->ctx->diags;
	fc_effconf_build(&E, r->ctx, a, doc); /* one E, read by the rules, copied by lower */
	if (fc_rules_deployment(r->ctx, doc, &E) || ck->invalid) {
		drop_shadowed(r->ctx, rules_end, ck);
		return FC_ERR;
	}
	memset(&job, 0, sizeof(job));
	job.loc = doc->loc;
	if (fc_lower_deployment(r->ctx, a, doc, &E, &job) || r->ctx->nerrors > before)
		return FC_ERR;
	fc_plan_begin_job(r->ctx->opts->plan, &job);
	rc = fc_emit_job(r->emit, a, &job);
	fc_plan_end_job(r->ctx->opts->plan, a, &job);
	return rc;
}

/* session jobs wait until every FlinkDeployment is known (their targets) */
static int do_sessionjob(struct run *r, struct fc_arena *a, struct fc_node *doc, const struct checked *ck)
{
	struct kept *k = FC_NEW(r->ctx->arena, struct kept);

	(void)a;
	k->invalid = ck->invalid;
	k->schema_start = ck->start;
	k->schema_end = ck->end;
	fc_options_check(r->ctx, fc_node_path(doc, "spec.flinkConfiguration"));
	fc_inert_check(r->ctx, doc);
	k->doc = fc_node_copy(r->ctx->arena, doc);
	*r->sessionjobs_tail = k;
	r->sessionjobs_tail = &k->next;
	return 0;
}

/* one session job, its target known (or not) by now */
static void run_sessionjob(struct run *r, const struct kept *k)
{
	const struct fc_node *meta = fc_node_get(k->doc, "metadata");
	const char *ns = fc_node_getstr(meta, "namespace");
	const char *target_name;
	const struct fc_node *target;
	struct fc_diag *rules_end = r->ctx->diags;
	struct checked ck = { k->invalid, k->schema_start, k->schema_end };
	struct fc_sessionjob model;

	if (!ns)
		ns = ctx_namespace(r->ctx);
	target_name = fc_node_getstr(fc_node_get(k->doc, "spec"), "deploymentName");
	target = target_name ? find_deployment(r, ns, target_name) : NULL;
	if (fc_rules_sessionjob(r->ctx, k->doc, target) || k->invalid) {
		drop_shadowed(r->ctx, rules_end, &ck);
		return;
	}
	fc_arena_reset(r->docs);
	fc_plan_begin_sessionjob(r->ctx->opts->plan, k->doc, ns);
	if (fc_lower_sessionjob(r->ctx, r->docs, k->doc, target, &model) == 0)
		fc_emit_sessionjob(r->emit, r->docs, &model);
	fc_plan_end(r->ctx->opts->plan);
}

static int do_snapshot(struct run *r, struct fc_arena *a, struct fc_node *doc, const struct checked *ck)
{
	struct fc_diag *rules_end = r->ctx->diags;

	(void)a;
	if (fc_rules_snapshot(r->ctx, doc) || ck->invalid) {
		drop_shadowed(r->ctx, rules_end, ck);
		return FC_ERR;
	}
	fc_diag_warning(r->ctx, doc->loc, "W0103",
	                "FlinkStateSnapshot needs the operator to take a snapshot; nothing to render");
	return 0;
}

/* the Flink kinds this compiler reads; every other object passes through */
static const struct {
	const char *kind;
	doc_fn *fn;
} flink_kinds[] = {
	{ "FlinkDeployment", do_deployment },
	{ "FlinkSessionJob", do_sessionjob },
	{ "FlinkStateSnapshot", do_snapshot },
};

static int need_string(struct fc_ctx *ctx, const struct fc_node *map, const char *key, const char *path,
                       struct fc_loc at)
{
	const struct fc_node *v = fc_node_get(map, key);

	if (v && v->kind == FC_NODE_STR && v->len)
		return 0;
	if (v)
		fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0111", path, "%s: expected a non-empty string, got %s", path,
		           fc_node_kind_name(v->kind));
	else
		fc_diag_at(ctx, FC_SEV_ERROR, at, "E0111", path, "%s: required field is missing", path);
	return FC_ERR;
}

static int do_document(struct run *r, struct fc_arena *a, struct fc_node *doc)
{
	const struct fc_node *meta;
	const char *kind, *api;
	size_t i;
	int rc = 0;

	if (doc->kind != FC_NODE_MAP) {
		fc_diag_error(r->ctx, doc->loc, "E0110", "a document must be a Kubernetes object (a mapping), got %s",
		              fc_node_kind_name(doc->kind));
		return FC_ERR;
	}
	rc |= need_string(r->ctx, doc, "apiVersion", "apiVersion", doc->loc);
	rc |= need_string(r->ctx, doc, "kind", "kind", doc->loc);
	meta = fc_node_get(doc, "metadata");
	if (meta && meta->kind != FC_NODE_MAP) {
		fc_diag_at(r->ctx, FC_SEV_ERROR, meta->loc, "E0111", "metadata", "metadata: expected an object, got %s",
		           fc_node_kind_name(meta->kind));
		return FC_ERR;
	}
	if (meta && !fc_node_get(meta, "name") && fc_node_get(meta, "generateName")) {
		fc_diag_at(r->ctx, FC_SEV_ERROR, fc_node_pair(meta, "generateName")->key->loc, "E0111",
		           "metadata.generateName",
		           "metadata.generateName: not supported: rendered objects need fixed names (Git "
		           "and a second render must name the same object); set metadata.name");
		return FC_ERR;
	}
	if (meta && !fc_node_get(meta, "name")) {
		/* a misspelt key is where the name was meant to be */
		for (i = 0; i < meta->n; i++) {
			const struct fc_node *k = meta->pairs[i].key;
			if (fc_text_distance(k->str, k->len, "name", 4, 2, FC_TEXT_FOLD) <= 2 && strcmp(k->str, "name") != 0) {
				fc_diag_at(r->ctx, FC_SEV_ERROR, k->loc, "E0111", "metadata.name",
				           "metadata.name: required field is missing; \"%s\" here looks like a "
				           "misspelling of it", k->str);
				return FC_ERR;
			}
		}
	}
	rc |= need_string(r->ctx, meta, "name", "metadata.name",
	                  meta ? fc_node_pair(doc, "metadata")->key->loc : doc->loc);
	if (rc)
		return FC_ERR;
	kind = fc_node_getstr(doc, "kind");
	api = fc_node_getstr(doc, "apiVersion");
	if (strncmp(api, "flink.apache.org/", 17) == 0) {
		struct checked ck;

		/* the operator does not validate its canary (spec-less) deployments;
		 * after a schema error the operator rules still run (report every
		 * defect in one run) but nothing is lowered or emitted */
		ck.end = r->ctx->diags;
		ck.invalid = !fc_rules_is_canary(doc) && fc_validate_document(r->ctx, doc);
		ck.start = r->ctx->diags;
		for (i = 0; i < countof(flink_kinds); i++)
			if (strcmp(kind, flink_kinds[i].kind) == 0)
				return flink_kinds[i].fn(r, a, doc, &ck);
		if (ck.invalid)
			return FC_ERR;
		fc_diag_at(r->ctx, FC_SEV_ERROR, fc_node_get(doc, "kind")->loc, "E0112", "kind",
		           "kind: unknown Flink kind \"%s\"; expected FlinkDeployment, FlinkSessionJob or "
		           "FlinkStateSnapshot",
		           kind);
		return FC_ERR;
	}
	return fc_emit_passthrough(r->emit, a, doc);
}

/* every document of one input, one at a time, each in its own arena */
static void run_source(struct run *r, struct fc_source *s)
{
	struct fc_source view = *s; /* with the text of a lazy source (source.h) */
	struct fc_yaml_reader *rd;
	char *owned;

	if (!(view.text = fc_source_read(r->ctx, s, &owned)))
		return;
	rd = fc_yaml_open(r->ctx, &view);

	for (;;) {
		struct fc_node *doc = NULL;
		int got;
		fc_arena_reset(r->docs);
		got = fc_yaml_next(rd, r->docs, &doc);
		if (got == 1)
			do_document(r, r->docs, doc);
		if (got != 1)
			break;
	}
	fc_yaml_close(rd);
	fc_xfree(owned);
	fc_source_release(s);
}

/* ---- -j N: inputs on worker threads ------------------------------------------
 *
 * Each input file is a unit: a worker takes the next one and runs its
 * documents through the whole pipeline (parse, validate, rules, lower, emit,
 * serialize and hash) in a context of its own (arena, diagnostics, the
 * patterns it compiled) and an emitter that records (fc_emit_new_recorder).
 * The main thread absorbs the units in input order: their diagnostics,
 * objects, RBAC needs, session jobs and kept deployments are added to the
 * run exactly as -j 1 adds them, so the output is the same bytes.  Read-only
 * while workers run: the options, the defaults, the schema, the sources.
 * At most AHEAD units per worker wait to be absorbed, so memory stays flat. */

#define WINDOW 64
/* units in flight per worker: enough to keep the workers busy while the
 * main thread absorbs, few enough that waiting texts stay small */
#define AHEAD 4
/* the input size from which -j 0 means one worker per processor: about 30
 * jobs, a few milliseconds of work against some 100 microseconds to start
 * the threads */
#define AUTO_BYTES (32 * 1024)

struct unit {
	struct fc_ctx ctx;
	struct fc_options opts; /* the run's, with a plan of its own for a plan */
	struct run r;
	bool done;
};

/* a unit of work: a run of input files (nsrcs of them from src, in list
 * order, counting only inputs), or a run of session jobs (after every input
 * is absorbed: their targets are known then, and read only) */
struct task {
	struct fc_source *src;
	size_t nsrcs;
	const struct kept *sessionjobs;
	size_t nsessionjobs;
};

struct pool {
	struct run *main;
	struct fc_ctx ctx;   /* the run's context as the tasks start: what units copy
	                      * (the main thread changes its own while they run) */
	struct run r;        /* likewise: targets, want_targets */
	const struct task *tasks;
	size_t ntasks, next, absorbed;
	size_t ahead;        /* at most this many units past the last absorbed (<= WINDOW) */
	struct unit units[WINDOW];
	pthread_mutex_t mu;
	pthread_cond_t done, space;
};

/* what a worker thread keeps from one unit to the next */
struct thread {
	struct fc_regex_cache *patterns;
	struct fc_arena *docs;
};

static void unit_run(struct pool *p, struct unit *u, const struct task *task, struct thread *t)
{
	const struct run *m = &p->r;
	struct fc_source *s;
	const struct kept *k;
	size_t i;

	u->ctx = p->ctx; /* shares opts, defaults, schemas, sources and limits */
	u->opts = *p->ctx.opts;
	if (u->opts.plan)
		u->opts.plan = fc_plan_new();
	u->ctx.opts = &u->opts;
	u->ctx.arena = fc_arena_new();
	u->ctx.diags = NULL;
	u->ctx.nerrors = u->ctx.nwarnings = 0;
	u->ctx.io_error = false;
	u->ctx.patterns = t->patterns;
	memset(&u->r, 0, sizeof(u->r));
	u->r.docs = t->docs;
	u->r.ctx = &u->ctx;
	u->r.emit = fc_emit_new_recorder(&u->ctx);
	u->r.want_targets = m->want_targets;
	u->r.worker = true;
	u->r.kept_tail = &u->r.kept;
	u->r.sessionjobs_tail = &u->r.sessionjobs;
	u->r.targets = m->targets; /* complete (and read only) once session jobs run */
	u->r.nslots = m->nslots;
	for (s = task->src, i = 0; i < task->nsrcs; s = s->next)
		if (s->input) {
			run_source(&u->r, s);
			i++;
		}
	for (k = task->sessionjobs, i = 0; i < task->nsessionjobs; k = k->next, i++)
		run_sessionjob(&u->r, k);
	t->patterns = u->ctx.patterns;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	struct thread t = { NULL, fc_arena_new() };

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;
		while (p->next < p->ntasks && p->next >= p->absorbed + p->ahead)
			pthread_cond_wait(&p->space, &p->mu);
		if (p->next >= p->ntasks)
			break;
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		unit_run(p, &p->units[i % WINDOW], &p->tasks[i], &t);
		pthread_mutex_lock(&p->mu);
		p->units[i % WINDOW].done = true;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	fc_regex_cache_free(t.patterns);
	fc_arena_free(t.docs);
	return NULL;
}

/* add a finished unit to the run, as if its documents had been processed there */
static void absorb(struct run *m, struct unit *u)
{
	struct fc_arena *ma = m->ctx->arena;
	struct fc_diag **remap[2 * 16], ***rp = remap;
	size_t n = 0;
	struct kept *k;

	for (k = u->r.sessionjobs; k; k = k->next)
		n += 2;
	if (n > countof(remap))
		rp = fc_xmalloc(n * sizeof(*rp));
	n = 0;
	for (k = u->r.sessionjobs; k; k = k->next) {
		rp[n++] = &k->schema_start;
		rp[n++] = &k->schema_end;
	}
	fc_diag_take(m->ctx, &u->ctx, rp, n);
	if (rp != remap)
		fc_xfree(rp);
	m->ctx->io_error |= u->ctx.io_error;
	fc_emit_replay(m->emit, u->r.emit);
	fc_plan_take(m->ctx->opts->plan, u->opts.plan);
	fc_plan_free(u->opts.plan);
	for (k = u->r.kept; k; k = k->next) {
		struct kept *c = FC_NEW(ma, struct kept);
		c->doc = fc_node_copy(ma, k->doc);
		c->ns = fc_arena_strdup(ma, k->ns);
		c->name = fc_arena_strdup(ma, k->name);
		target_put(m, c);
	}
	for (k = u->r.sessionjobs; k; k = k->next) {
		struct kept *c = FC_NEW(ma, struct kept);
		*c = *k;
		c->doc = fc_node_copy(ma, k->doc);
		c->next = NULL;
		*m->sessionjobs_tail = c;
		m->sessionjobs_tail = &c->next;
	}
	fc_emit_free(u->r.emit);
	fc_arena_free(u->ctx.arena);
}

/* how many workers: 1 for a single input; -j N; or, for -j 0, one per
 * processor when the inputs are large enough to pay for the threads */
static unsigned nworkers(const struct fc_ctx *ctx, size_t nsrcs)
{
	const struct fc_source *s;
	unsigned j = ctx->opts->jobs;
	size_t bytes = 0;

	if (nsrcs < 2 || (!j && nsrcs < 4))
		return 1;
	if (!j) {
		for (s = ctx->sources; s; s = s->next)
			bytes += s->input ? s->len : 0;
		j = bytes >= AUTO_BYTES ? fc_os_ncpus() : 1;
	}
	return j > nsrcs ? (unsigned)nsrcs : j > 64 ? 64 : j;
}

/* the tasks on nw worker threads, absorbed in order */
static void run_pool(struct run *r, const struct task *tasks, size_t n, unsigned nw)
{
	struct pool *p = fc_xcalloc(1, sizeof(*p));
	pthread_t th[64];
	unsigned w, started = 0;
	size_t i;

	p->main = r;
	p->ctx = *r->ctx;
	p->r = *r;
	p->tasks = tasks;
	p->ntasks = n;
	p->ahead = nw * AHEAD < WINDOW ? nw * AHEAD : WINDOW;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_cond_init(&p->space, NULL);
	for (w = 0; w < nw && w < countof(th); w++)
		started += pthread_create(&th[started], NULL, worker, p) == 0;
	if (!started) { /* no threads to be had: do it here */
		struct thread t = { NULL, r->docs };
		for (i = 0; i < n; i++) {
			unit_run(p, &p->units[0], &tasks[i], &t);
			absorb(r, &p->units[0]);
		}
		fc_regex_cache_free(t.patterns);
		p->next = p->absorbed = n;
	}
	for (i = p->absorbed; i < n; i++) {
		struct unit *u = &p->units[i % WINDOW];
		pthread_mutex_lock(&p->mu);
		while (!u->done)
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
		absorb(r, u);
		pthread_mutex_lock(&p->mu);
		u->done = false;
		p->absorbed++;
		pthread_cond_broadcast(&p->space);
		pthread_mutex_unlock(&p->mu);
	}
	for (w = 0; w < started; w++)
		pthread_join(th[w], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->space);
	fc_xfree(p);
}

/* session jobs per task: enough to pay for a unit, few enough that their
 * texts (a submitter script each) waiting to be absorbed stay small */
#define SESSIONJOBS_PER_TASK 8

/* workers for reading the inputs (their sizes not known yet): -j N, or
 * for -j 0 one per processor from 64 files */
static unsigned nworkers_for_files(const struct fc_ctx *ctx)
{
	const struct fc_source *s;
	size_t n = 0;
	unsigned j = ctx->opts->jobs;

	for (s = ctx->sources; s; s = s->next)
		n += s->unchecked;
	if (!j)
		j = n >= 64 ? fc_os_ncpus() : 1;
	return j > n ? (unsigned)(n ? n : 1) : j > 64 ? 64 : j;
}

/* Input files per task: small files (a job each, typically) go in runs of
 * about TASK_BYTES, so that a worker takes the lock, and wakes the main
 * thread, once per run rather than once per file (10,000 files: some
 * 20,000 context switches); runs are cut smaller when there is little
 * input, so that every worker has several.  Returns the number of tasks. */
#define TASK_BYTES (16 * 1024)
#define TASKS_PER_WORKER 8

static size_t file_tasks(struct fc_ctx *ctx, struct task *tasks, unsigned nw)
{
	struct fc_source *s;
	size_t bytes = 0, cut, have = 0, n = 0;

	for (s = ctx->sources; s; s = s->next)
		bytes += s->input ? s->len : 0;
	cut = bytes / ((size_t)nw * TASKS_PER_WORKER);
	cut = cut > TASK_BYTES ? TASK_BYTES : cut;
	for (s = ctx->sources; s; s = s->next) {
		if (!s->input)
			continue;
		if (!n || have >= cut) {
			tasks[n++].src = s;
			have = 0;
		}
		tasks[n - 1].nsrcs++;
		have += s->len;
	}
	return n;
}

static void run_sources(struct run *r)
{
	struct fc_source *s;
	const struct kept *k;
	struct task *tasks;
	size_t n = 0, nsj = 0, i;
	unsigned nw;

	for (s = r->ctx->sources; s; s = s->next)
		n += s->input ? 1 : 0;
	nw = nworkers(r->ctx, n);
	if (nw <= 1) {
		for (s = r->ctx->sources; s; s = s->next)
			if (s->input)
				run_source(r, s);
		for (k = r->sessionjobs; k; k = k->next)
			run_sessionjob(r, k);
		return;
	}
	fc_validate_schemas(r->ctx); /* loaded once, before the workers read it */
	tasks = fc_xcalloc(n, sizeof(*tasks));
	n = file_tasks(r->ctx, tasks, nw);
	run_pool(r, tasks, n, nw);
	fc_xfree(tasks);

	for (k = r->sessionjobs; k; k = k->next)
		nsj++;
	if (!nsj)
		return;
	tasks = fc_xcalloc((nsj + SESSIONJOBS_PER_TASK - 1) / SESSIONJOBS_PER_TASK, sizeof(*tasks));
	for (k = r->sessionjobs, n = 0, i = 0; k; k = k->next, i++) {
		if (i % SESSIONJOBS_PER_TASK == 0)
			tasks[n++].sessionjobs = k;
		tasks[n - 1].nsessionjobs++;
	}
	run_pool(r, tasks, n, nw);
	fc_xfree(tasks);
}

/* where the stream goes: a FILE, or else a buffer */
struct sink {
	FILE *f;
	struct fc_buf *b;
	bool failed;
};

static void put(struct sink *k, const char *p, size_t n)
{
	if (k->f)
		k->failed |= fwrite(p, 1, n, k->f) != n;
	else
		fc_buf_append(k->b, p, n);
}

static void puts_(struct sink *k, const char *s)
{
	put(k, s, strlen(s));
}

/* the documents joined by "---", or a JSON v1 List of the objects; each
 * text is read in turn (spill.h), so memory stays flat */
static void write_stream(struct fc_result *res, struct sink *k)
{
	bool json = res->ctx.opts->format == FC_FORMAT_JSON;
	size_t i;

	if (json)
		puts_(k, "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [");
	for (i = 0; i < res->nobjects && !k->failed; i++) {
		size_t len = fc_emit_object_at(res->emit, i)->len;
		const char *t = fc_emit_text(res->emit, i), *end = t + len;
		if (!json) {
			if (i)
				puts_(k, "---\n");
			put(k, t, len);
			continue;
		}
		puts_(k, i ? ",\n    " : "\n    ");
		/* re-indent the object by 4 spaces, dropping its final newline */
		while (t < end) {
			const char *nl = memchr(t, '\n', (size_t)(end - t));
			size_t n = nl ? (size_t)(nl - t) : (size_t)(end - t);
			put(k, t, n);
			t += n + (nl ? 1 : 0);
			if (nl && t < end)
				puts_(k, "\n    ");
		}
	}
	if (json)
		puts_(k, res->nobjects ? "\n  ]\n}\n" : "]\n}\n");
}

enum fc_status fc_compile(struct fc_result **out, const struct fc_options *opts)
{
	struct fc_result *res = fc_xcalloc(1, sizeof(*res));
	struct fc_ctx *ctx = &res->ctx;
	struct run r;

	*out = res;
	ctx->arena = fc_arena_new();
	ctx->opts = opts;
	ctx->sources_tail = &ctx->sources;
	ctx->max_input_bytes = opts->max_input_bytes ? opts->max_input_bytes : (size_t)64 << 20;
	ctx->max_depth = opts->max_depth ? opts->max_depth : 64;
	ctx->max_alias_nodes = opts->max_alias_nodes ? opts->max_alias_nodes : 1000000;
	res->emit = fc_emit_new(ctx);
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.emit = res->emit;
	r.sessionjobs_tail = &r.sessionjobs;
	r.docs = fc_arena_new();

	fc_defaults_load(ctx);
	ctx->lazy_inputs = true;
	fc_source_load_all(ctx, opts->inputs, opts->ninputs);
	ctx->lazy_inputs = false; /* later loads into this context (drift.c's live objects) are kept */
	check_sources(ctx, nworkers_for_files(ctx));
	r.want_targets = any_sessionjob(ctx);
	fc_validate_init(ctx); /* --crd files: report a bad one even without Flink inputs */
	run_sources(&r); /* and the session jobs, once every deployment is known */
	fc_source_drop_kept(ctx);
	fc_xfree(r.targets);
	fc_arena_free(r.docs);
	fc_validate_fini(ctx);
	if (!ctx->nerrors)
		fc_emit_finish(res->emit);
	if (ctx->nerrors) {
		res->status = ctx->io_error ? FC_IOERR : FC_INVALID;
		return res->status;
	}
	res->nobjects = fc_emit_finish_objects(res->emit);
	if (fc_emit_spill_failed(res->emit)) {
		fc_diag_error(ctx, (struct fc_loc){ 0 }, "E0005", "cannot keep the output in a temporary file: %s",
		              strerror(fc_emit_spill_failed(res->emit)));
		ctx->io_error = true;
		res->status = FC_IOERR;
		return res->status;
	}
	res->status = FC_OK;
	return FC_OK;
}

void fc_result_free(struct fc_result *r)
{
	if (!r)
		return;
	fc_emit_free(r->emit);
	fc_buf_fini(&r->stream);
	fc_source_unmap_all(&r->ctx);
	fc_arena_free(r->ctx.arena);
	fc_xfree(r);
}

const char *fc_result_stream(struct fc_result *r, size_t *len)
{
	if (r->status == FC_OK && !r->stream.ptr) {
		struct sink k = { NULL, &r->stream, false };
		write_stream(r, &k);
	}
	*len = r->stream.len;
	return r->stream.ptr ? r->stream.ptr : "";
}

enum fc_status fc_result_write(struct fc_result *r, FILE *f)
{
	struct sink k = { f, NULL, false };

	if (r->status != FC_OK)
		return r->status;
	write_stream(r, &k);
	if (k.failed || fflush(f) != 0 || fc_emit_spill_failed(r->emit))
		return FC_IOERR;
	return FC_OK;
}

size_t fc_result_nobjects(const struct fc_result *r)
{
	return r->status == FC_OK ? r->nobjects : 0;
}

const struct fc_object *fc_result_object(const struct fc_result *r, size_t i)
{
	return i < fc_result_nobjects(r) ? fc_emit_object_at(r->emit, i) : NULL;
}

unsigned fc_result_nerrors(const struct fc_result *r)
{
	return r->ctx.nerrors;
}

unsigned fc_result_nwarnings(const struct fc_result *r)
{
	return r->ctx.nwarnings;
}

void fc_result_diags(struct fc_result *r, struct fc_buf *out, enum fc_diag_format fmt)
{
	fc_source_read_for_diags(&r->ctx); /* their source lines */
	fc_diag_render(out, &r->ctx, fmt, r->ctx.opts->max_errors ? r->ctx.opts->max_errors : 50);
}

struct fc_ctx *fc_compile__ctx(struct fc_result *r)
{
	return &r->ctx;
}
