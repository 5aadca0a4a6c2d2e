/* SPDX-License-Identifier: Apache-2.0 */
/* plan.c - the capacity plan: collected while compiling, then totalled and
 * checked against quotas.  See plan.h; the output is plan_write.c. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "defaults.h"
#include "diag.h"
#include "flinkconf.h"
#include "node.h"
#include "units.h"

struct fc_plan *fc_plan_new(void)
{
	struct fc_plan *p = fc_xcalloc(1, sizeof(*p));

	p->a = fc_arena_new();
	p->cur = -1;
	return p;
}

void fc_plan_free(struct fc_plan *p)
{
	if (!p)
		return;
	fc_xfree(p->entries);
	fc_xfree(p->quotas);
	fc_arena_free(p->a);
	fc_xfree(p);
}

static const char *dup(struct fc_plan *p, const char *s)
{
	return s ? fc_arena_strdup(p->a, s) : NULL;
}

static struct fc_loc dup_loc(struct fc_plan *p, struct fc_loc l)
{
	l.file = dup(p, l.file);
	return l;
}

static struct fc_plan_entry *new_entry(struct fc_plan *p)
{
	struct fc_plan_entry *e;

	if (p->nentries == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		p->entries = fc_xreallocarray(p->entries, p->cap, sizeof(*p->entries));
	}
	e = &p->entries[p->nentries++];
	memset(e, 0, sizeof(*e));
	e->tms_min = e->tms_max = -1;
	return e;
}

void fc_plan_take(struct fc_plan *dst, const struct fc_plan *src)
{
	size_t i, j, k;

	if (!dst || !src)
		return;
	for (i = 0; i < src->nentries; i++) {
		const struct fc_plan_entry *f = &src->entries[i];
		struct fc_plan_entry *e = new_entry(dst);
		*e = *f;
		e->kind = dup(dst, f->kind);
		e->namespace_ = dup(dst, f->namespace_);
		e->name = dup(dst, f->name);
		e->loc = dup_loc(dst, f->loc);
		e->mode = dup(dst, f->mode);
		e->version = dup(dst, f->version);
		e->scheduler = dup(dst, f->scheduler);
		e->note = dup(dst, f->note);
		e->target = dup(dst, f->target);
		e->pods = f->npods ? fc_arena_alloc(dst->a, f->npods * sizeof(*e->pods)) : NULL;
		for (j = 0; j < f->npods; j++) {
			struct fc_plan_pod *d = &e->pods[j];
			*d = f->pods[j];
			d->role = dup(dst, d->role);
			d->object = dup(dst, d->object);
			d->containers = d->ncontainers ? fc_arena_alloc(dst->a, d->ncontainers * sizeof(*d->containers)) : NULL;
			for (k = 0; k < d->ncontainers; k++) {
				d->containers[k] = f->pods[j].containers[k];
				d->containers[k].name = dup(dst, d->containers[k].name);
			}
		}
	}
	for (i = 0; i < src->nquotas; i++) {
		struct fc_plan_quota *q;
		dst->quotas = fc_xreallocarray(dst->quotas, dst->nquotas + 1, sizeof(*dst->quotas));
		q = &dst->quotas[dst->nquotas++];
		*q = src->quotas[i];
		q->namespace_ = dup(dst, q->namespace_);
		q->source = dup(dst, q->source);
		q->loc = dup_loc(dst, q->loc);
		for (k = 0; k < FC_PLAN_NQUOTA; k++) {
			q->at[k] = dup_loc(dst, q->at[k]);
			q->path[k] = dup(dst, q->path[k]);
		}
	}
}

static struct fc_plan_entry *current(struct fc_plan *p)
{
	return p->cur >= 0 ? &p->entries[p->cur] : NULL;
}

static struct fc_plan_pod *new_pod(struct fc_plan *p, struct fc_plan_entry *e)
{
	e->pods = fc_arena_grow(p->a, e->pods, e->npods, e->npods + 1, sizeof(*e->pods));
	memset(&e->pods[e->npods], 0, sizeof(*e->pods));
	return &e->pods[e->npods++];
}

/* a * b + c, or INT64_MAX when that overflows (all >= 0) */
static int64_t sat_muladd(int64_t a, int64_t b, int64_t c)
{
	if (a && b > (INT64_MAX - c) / a)
		return INT64_MAX;
	return a * b + c;
}

/* A memory quantity too large to count in thousandths ("8589934592000Mi",
 * which the operator's limit factor makes of a "1024m" request): digits and
 * a suffix, in bytes, saturating at INT64_MAX. */
static int big_bytes(int64_t *out, const char *s)
{
	static const struct {
		const char *suffix;
		int64_t mult;
	} units[] = { { "Ki", (int64_t)1 << 10 }, { "Mi", (int64_t)1 << 20 }, { "Gi", (int64_t)1 << 30 },
		      { "Ti", (int64_t)1 << 40 }, { "Pi", (int64_t)1 << 50 }, { "Ei", (int64_t)1 << 60 },
		      { "k", 1000 }, { "M", 1000000 }, { "G", 1000000000 }, { "T", 1000000000000 },
		      { "P", 1000000000000000 }, { "E", 1000000000000000000 }, { "", 1 } };
	int64_t v = 0;
	size_t i;

	if (*s < '0' || *s > '9')
		return FC_ERR;
	for (; *s >= '0' && *s <= '9'; s++)
		v = sat_muladd(v, 10, *s - '0');
	for (i = 0; i < countof(units); i++)
		if (strcmp(s, units[i].suffix) == 0) {
			*out = sat_muladd(v, units[i].mult, 0);
			return 0;
		}
	return FC_ERR;
}

/* the value of a resource quantity node in millis (cpu) or bytes (memory); 0 or FC_ERR */
static int quantity(int64_t *out, const struct fc_node *v, bool memory)
{
	int64_t milli;

	if (!v || !fc_node_is_scalar(v) || v->kind == FC_NODE_NULL || v->kind == FC_NODE_BOOL)
		return FC_ERR;
	if (fc_units_parse_quantity(&milli, v->str) || milli < 0)
		return memory ? big_bytes(out, v->str) : FC_ERR;
	/* memory in bytes, rounded up as the API server rounds a fractional byte */
	*out = memory ? milli / 1000 + (milli % 1000 != 0) : milli;
	return 0;
}

/* requests default to the limits when a container gives only limits (Kubernetes defaulting) */
static void container_res(struct fc_plan_res *r, const struct fc_node *c)
{
	const struct fc_node *res = fc_node_get(c, "resources");
	const struct fc_node *req = fc_node_get(res, "requests"), *lim = fc_node_get(res, "limits");
	static const char *const names[2] = { "cpu", "memory" };
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 2; i++) {
		int64_t q = 0, l = 0;
		bool has_req = quantity(&q, fc_node_get(req, names[i]), i == 1) == 0;
		bool has_lim = quantity(&l, fc_node_get(lim, names[i]), i == 1) == 0;
		r->v[i * 2] = has_req ? q : has_lim ? l : 0;
		r->v[i * 2 + 1] = has_lim ? l : 0;
	}
}

static void add(struct fc_plan_res *dst, const struct fc_plan_res *x, int64_t times)
{
	size_t k;

	for (k = 0; k < FC_PLAN_NRES; k++)
		dst->v[k] = sat_muladd(x->v[k], times, dst->v[k]);
}

static size_t seq_len(const struct fc_node *s)
{
	return s && s->kind == FC_NODE_SEQ ? s->n : 0;
}

struct fc_plan_res fc_plan_pod_resources(struct fc_plan *p, const struct fc_node *podspec,
                                         struct fc_plan_container **out, size_t *n)
{
	const struct fc_node *inits = fc_node_get(podspec, "initContainers"), *cs = fc_node_get(podspec, "containers");
	size_t ni = seq_len(inits), nc = seq_len(cs), i, k;
	struct fc_plan_res sum, sidecars, peak, eff, over;
	struct fc_plan_container *v = fc_arena_alloc(p->a, (ni + nc + 1) * sizeof(*v));
	const struct fc_node *overhead = fc_node_get(podspec, "overhead");

	memset(&sum, 0, sizeof(sum));
	sidecars = peak = sum;
	for (i = 0; i < ni + nc; i++) {
		const struct fc_node *c = i < ni ? inits->items[i] : cs->items[i - ni];
		const char *policy = fc_node_getstr(c, "restartPolicy");
		struct fc_plan_container *x = &v[i];
		x->name = dup(p, fc_node_getstr(c, "name"));
		x->init = i < ni;
		x->sidecar = x->init && policy && strcmp(policy, "Always") == 0;
		container_res(&x->res, c);
		if (!x->init)
			add(&sum, &x->res, 1);
		else if (x->sidecar)
			add(&sidecars, &x->res, 1);
		else
			for (k = 0; k < FC_PLAN_NRES; k++)
				if (sidecars.v[k] + x->res.v[k] > peak.v[k])
					peak.v[k] = sidecars.v[k] + x->res.v[k];
	}
	for (k = 0; k < FC_PLAN_NRES; k++) {
		int64_t run = sum.v[k] + sidecars.v[k];
		eff.v[k] = run > peak.v[k] ? run : peak.v[k];
	}
	/* a RuntimeClass's overhead, when the spec carries it, adds to the
	 * requests, and to the limits where the containers set some */
	memset(&over, 0, sizeof(over));
	quantity(&over.v[FC_PLAN_CPU_REQ], fc_node_get(overhead, "cpu"), false);
	quantity(&over.v[FC_PLAN_MEM_REQ], fc_node_get(overhead, "memory"), true);
	over.v[FC_PLAN_CPU_LIM] = eff.v[FC_PLAN_CPU_LIM] ? over.v[FC_PLAN_CPU_REQ] : 0;
	over.v[FC_PLAN_MEM_LIM] = eff.v[FC_PLAN_MEM_LIM] ? over.v[FC_PLAN_MEM_REQ] : 0;
	add(&eff, &over, 1);
	*out = v;
	*n = ni + nc;
	return eff;
}

static int64_t int_of(const struct fc_node *v, int64_t dflt)
{
	return v && v->kind == FC_NODE_INT ? strtoll(v->str, NULL, 10) : dflt;
}

static int64_t conf_int(const struct fc_conf *c, const char *key, int64_t dflt)
{
	const char *v = fc_conf_get(c, key);
	char *end;
	long long x;

	if (!v)
		return dflt;
	x = strtoll(v, &end, 10);
	return end != v && *end == '\0' ? x : dflt;
}

/* the names of each quota figure in a ResourceQuota's spec.hard and in the
 * defaults' quota.<ns> ("pods" counted like bytes: whole numbers) */
static const char *const quota_keys[FC_PLAN_NQUOTA][2] = {
	{ "requests.cpu", "cpu" }, { "limits.cpu", NULL },  { "requests.memory", "memory" },
	{ "limits.memory", NULL }, { "pods", "count/pods" },
};

static void add_resource_quota(struct fc_plan *p, const struct fc_node *obj, const char *ns, const char *name,
                               struct fc_loc origin)
{
	const struct fc_node *spec = fc_node_get(obj, "spec"), *hard = fc_node_get(spec, "hard");
	struct fc_plan_quota *q;
	size_t k, j;

	/* a scoped quota counts only some pods: flinkc cannot tell which */
	if (!hard || fc_node_get(spec, "scopes") || fc_node_get(spec, "scopeSelector"))
		return;
	p->quotas = fc_xreallocarray(p->quotas, p->nquotas + 1, sizeof(*p->quotas));
	q = &p->quotas[p->nquotas++];
	memset(q, 0, sizeof(*q));
	q->namespace_ = dup(p, ns);
	q->source = fc_arena_printf(p->a, "ResourceQuota %s/%s", ns, name);
	q->loc = dup_loc(p, origin);
	for (k = 0; k < FC_PLAN_NQUOTA; k++) {
		q->hard[k] = -1;
		for (j = 0; j < 2; j++) {
			const struct fc_node *v = quota_keys[k][j] ? fc_node_get(hard, quota_keys[k][j]) : NULL;
			int64_t x;
			if (!v)
				continue;
			q->at[k] = v->loc.line ? dup_loc(p, v->loc) : q->loc;
			q->path[k] = fc_arena_printf(p->a, "spec.hard.%s", quota_keys[k][j]);
			if (quantity(&x, v, k >= FC_PLAN_MEM_REQ))
				q->hard[k] = -2; /* reported by fc_plan_check_quotas */
			else if (q->hard[k] == -1 || x < q->hard[k])
				q->hard[k] = x;
		}
	}
}

/* the pod spec of a workload object and how many of its pods run at once */
static const struct fc_node *pod_of(const struct fc_node *obj, const char *kind, int64_t *count, bool *is_job)
{
	const struct fc_node *spec = fc_node_get(obj, "spec");

	*is_job = false;
	*count = 1;
	if (!strcmp(kind, "Pod"))
		return spec;
	if (!strcmp(kind, "Deployment") || !strcmp(kind, "StatefulSet") || !strcmp(kind, "ReplicaSet") ||
	    !strcmp(kind, "ReplicationController")) {
		*count = int_of(fc_node_get(spec, "replicas"), 1);
		return fc_node_path(spec, "template.spec");
	}
	if (!strcmp(kind, "DaemonSet")) /* one per node: counted once */
		return fc_node_path(spec, "template.spec");
	if (!strcmp(kind, "CronJob"))
		spec = fc_node_path(spec, "jobTemplate.spec");
	else if (strcmp(kind, "Job"))
		return NULL;
	*is_job = true;
	*count = int_of(fc_node_get(spec, "parallelism"), 1);
	return fc_node_path(spec, "template.spec");
}

static char *lower(struct fc_plan *p, const char *s)
{
	char *d = fc_arena_strdup(p->a, s);
	char *c;

	for (c = d; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return d;
}

void fc_plan_object(struct fc_plan *p, const struct fc_node *obj, struct fc_loc origin)
{
	const struct fc_node *meta = fc_node_get(obj, "metadata"), *podspec;
	const char *kind = fc_node_getstr(obj, "kind"), *ns = fc_node_getstr(meta, "namespace");
	const char *name = fc_node_getstr(meta, "name"), *component;
	struct fc_plan_entry *e;
	struct fc_plan_pod *pod;
	int64_t count;
	bool is_job;

	if (!p || !kind || !name)
		return;
	if (!ns)
		ns = "default";
	if (!strcmp(kind, "ResourceQuota")) {
		add_resource_quota(p, obj, ns, name, origin);
		return;
	}
	if (!(podspec = pod_of(obj, kind, &count, &is_job)))
		return;
	e = current(p);
	if (!e) { /* a workload of the inputs that no Flink resource made */
		e = new_entry(p);
		e->kind = dup(p, kind);
		e->namespace_ = dup(p, ns);
		e->name = dup(p, name);
		e->loc = dup_loc(p, origin);
	}
	pod = new_pod(p, e);
	component = fc_node_getstr(fc_node_path(obj, "spec.selector.matchLabels"), "component");
	pod->role = current(p) && component && !is_job ? dup(p, component) : lower(p, kind);
	pod->object = fc_arena_printf(p->a, "%s/%s", kind, name);
	pod->is_job = is_job;
	pod->count = count;
	pod->res = fc_plan_pod_resources(p, podspec, &pod->containers, &pod->ncontainers);
}

void fc_plan_begin_job(struct fc_plan *p, const struct fc_job *job)
{
	struct fc_plan_entry *e;
	const char *sm, *js;

	if (!p)
		return;
	e = new_entry(p);
	p->cur = (long)(p->nentries - 1);
	e->kind = "FlinkDeployment";
	e->namespace_ = dup(p, job->namespace_);
	e->name = dup(p, job->name);
	e->loc = dup_loc(p, job->loc);
	e->mode = job->mode == FC_MODE_STANDALONE ? "standalone" : "native";
	e->application = job->application;
	e->version = dup(p, job->version_name);
	e->slots = conf_int(&job->conf, "taskmanager.numberOfTaskSlots", 1);
	if (e->slots < 1)
		e->slots = 1;
	e->default_parallelism = conf_int(&job->conf, "parallelism.default", 1);
	e->parallelism = job->application ? e->default_parallelism : 0;
	sm = fc_conf_get(&job->conf, "scheduler-mode");
	js = fc_conf_get(&job->conf, "jobmanager.scheduler");
	e->scheduler = sm && !strcasecmp(sm, "reactive") ? "reactive" : js && !strcasecmp(js, "adaptive") ? "adaptive"
	                                                                                                 : "default";
}

/* the largest parallelism in "vertex:p,vertex:p"; 0 if none */
static int64_t max_override(const char *s)
{
	int64_t best = 0;

	while (s && *s) {
		const char *colon = strchr(s, ':'), *comma = strchr(s, ',');
		if (colon && (!comma || colon < comma)) {
			int64_t v = strtoll(colon + 1, NULL, 10);
			if (v > best)
				best = v;
		}
		s = comma ? comma + 1 : NULL;
	}
	return best;
}

static int64_t ceil_div(int64_t x, int64_t y)
{
	return y > 0 ? (x + y - 1) / y : 0;
}

/* the slot manager's bounds on a native cluster's TaskManagers (Flink's
 * SlotManagerOptions; ignored in standalone mode, FLINK-32879).  Not
 * slotmanager.max-total-resource.memory: Flink compares it with the
 * TaskManagers' task, network and managed memory, which the plan does not derive. */
static void native_bounds(struct fc_plan_entry *e, const struct fc_conf *c, const struct fc_plan_res *tm)
{
	int64_t max_slots = conf_int(c, "slotmanager.number-of-slots.max", -1);
	int64_t min_slots = conf_int(c, "slotmanager.number-of-slots.min", 0);
	const char *cpu = fc_conf_get(c, "slotmanager.max-total-resource.cpu");
	double d;

	if (max_slots >= 0 && max_slots < INT32_MAX)
		e->tms_max = max_slots / e->slots;
	if (min_slots > 0)
		e->tms_min = ceil_div(min_slots, e->slots);
	if (cpu && fc_units_quantity_double(&d, cpu) == 0 && tm->v[FC_PLAN_CPU_REQ] > 0) {
		int64_t n = (int64_t)(d * 1000) / tm->v[FC_PLAN_CPU_REQ];
		if (e->tms_max < 0 || n < e->tms_max)
			e->tms_max = n;
	}
}

static void native_tms(struct fc_plan_entry *e, const struct fc_job *job)
{
	int64_t par = e->parallelism, o = max_override(fc_conf_get(&job->conf, "pipeline.jobvertex-parallelism-overrides"));
	int64_t need;

	if (!e->application) {
		e->tms_on_demand = true;
		e->tms = e->tms_min > 0 ? e->tms_min : 0; /* the session jobs' share: fc_plan_finish */
		return;
	}
	if (o > 0) {
		par = o;
		e->note = "slots for the largest of pipeline.jobvertex-parallelism-overrides";
	}
	need = ceil_div(par, e->slots);
	if (e->tms_max >= 0 && need > e->tms_max) {
		need = e->tms_max;
		e->note = "capped by slotmanager.number-of-slots.max or slotmanager.max-total-resource.cpu";
	} else if (e->tms_min > need) {
		need = e->tms_min;
		e->note = "raised to slotmanager.number-of-slots.min";
	} else if (!strcmp(e->scheduler, "reactive")) {
		e->note = "reactive mode needs a standalone application cluster; counted as the default scheduler";
	} else if (!strcmp(e->scheduler, "adaptive") && !e->note) {
		e->note = "adaptive scheduler: asks for the parallelism, runs with fewer slots if it must";
	}
	e->tms = need;
}

void fc_plan_end_job(struct fc_plan *p, struct fc_arena *a, const struct fc_job *job)
{
	struct fc_plan_entry *e;
	struct fc_plan_pod *pod = NULL;
	size_t i;

	(void)a; /* the native TaskManager pod comes built, in job->native_tm_pod */
	if (!p || !(e = current(p)))
		return;
	p->cur = -1;
	e->jm_replicas = job->jm.replicas;
	for (i = 0; i < e->npods; i++) {
		if (!strcmp(e->pods[i].role, "jobmanager"))
			e->jm_replicas = e->pods[i].count;
		else if (!strcmp(e->pods[i].role, "taskmanager"))
			pod = &e->pods[i];
	}
	if (job->mode == FC_MODE_STANDALONE) {
		e->tms = pod ? pod->count : 0;
		if (e->application && !strcmp(e->scheduler, "reactive")) {
			e->parallelism = e->tms * e->slots;
			e->note = "reactive: the parallelism follows the TaskManagers (replicas x slots)";
		}
		return;
	}
	if (!FC_ALWAYS(job->native_tm_pod != NULL))
		return; /* emit_deployment.c builds it whenever a plan is collected */
	pod = new_pod(p, e);
	pod->role = "taskmanager";
	pod->object = "Pod (created by the JobManager)";
	pod->res = fc_plan_pod_resources(p, job->native_tm_pod, &pod->containers, &pod->ncontainers);
	native_bounds(e, &job->conf, &pod->containers[pod->ncontainers - 1].res);
	native_tms(e, job);
	pod->count = e->tms;
}

void fc_plan_begin_sessionjob(struct fc_plan *p, const struct fc_node *doc, const char *ns)
{
	const struct fc_node *spec = fc_node_get(doc, "spec");
	struct fc_plan_entry *e;

	if (!p)
		return;
	e = new_entry(p);
	p->cur = (long)(p->nentries - 1);
	e->kind = "FlinkSessionJob";
	e->namespace_ = dup(p, ns);
	e->name = dup(p, fc_node_getstr(fc_node_get(doc, "metadata"), "name"));
	e->loc = dup_loc(p, doc->loc);
	e->application = true;
	e->target = dup(p, fc_node_getstr(spec, "deploymentName"));
	e->parallelism = int_of(fc_node_path(spec, "job.parallelism"), 0);
	e->scheduler = "default";
}

void fc_plan_end(struct fc_plan *p)
{
	if (p)
		p->cur = -1;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct fc_plan_entry *a = x, *b = y;
	int c;

	if ((c = strcmp(a->namespace_, b->namespace_)))
		return c;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return strcmp(a->kind, b->kind);
}

/* the output order: as cmp_entry, then by input location (same-named duplicates) */
static int cmp_sorted(const void *x, const void *y)
{
	const struct fc_plan_entry *a = x, *b = y;
	int c = cmp_entry(x, y);

	if (c)
		return c;
	if ((c = strcmp(a->loc.file ? a->loc.file : "", b->loc.file ? b->loc.file : "")))
		return c;
	return a->loc.line < b->loc.line ? -1 : a->loc.line > b->loc.line;
}

static struct fc_plan_entry *find_cluster(struct fc_plan *p, const char *ns, const char *name)
{
	struct fc_plan_entry key, *e;

	memset(&key, 0, sizeof(key));
	key.namespace_ = ns;
	key.name = name;
	key.kind = "FlinkDeployment";
	e = bsearch(&key, p->entries, p->nentries, sizeof(*p->entries), cmp_entry);
	return e;
}

/* native session clusters: TaskManagers for the slots their session jobs in the inputs ask for */
static void session_estimates(struct fc_plan *p)
{
	size_t i, j;

	for (i = 0; i < p->nentries; i++) {
		struct fc_plan_entry *sj = &p->entries[i], *c;
		if (strcmp(sj->kind, "FlinkSessionJob") || !sj->target || !(c = find_cluster(p, sj->namespace_, sj->target)))
			continue;
		if (sj->parallelism <= 0)
			sj->parallelism = c->default_parallelism > 0 ? c->default_parallelism : 1;
		sj->slots = c->slots;
		c->nsessionjobs++;
		c->parallelism += sj->parallelism; /* slots asked for, shown as the cluster's demand */
	}
	for (i = 0; i < p->nentries; i++) {
		struct fc_plan_entry *c = &p->entries[i];
		int64_t need;
		if (!c->tms_on_demand)
			continue;
		need = ceil_div(c->parallelism, c->slots);
		if (c->tms_max >= 0 && need > c->tms_max) {
			need = c->tms_max;
			c->note = "on demand, capped by slotmanager.number-of-slots.max or slotmanager.max-total-resource.cpu";
		} else if (c->tms_min > need) {
			need = c->tms_min;
			c->note = "on demand, at least slotmanager.number-of-slots.min";
		} else if (c->nsessionjobs) {
			c->note = "on demand: enough for the session jobs among the inputs";
		} else {
			c->note = "on demand: no session job among the inputs";
		}
		c->tms = need;
		for (j = 0; j < c->npods; j++)
			if (!strcmp(c->pods[j].role, "taskmanager"))
				c->pods[j].count = need;
	}
}

void fc_plan_finish(struct fc_plan *p)
{
	size_t i, j;

	if (!p || p->finished)
		return;
	p->finished = true;
	if (p->nentries > 1)
		qsort(p->entries, p->nentries, sizeof(*p->entries), cmp_sorted);
	session_estimates(p);
	p->ns = fc_arena_alloc(p->a, (p->nentries + 1) * sizeof(*p->ns));
	for (i = 0; i < p->nentries; i++) {
		struct fc_plan_entry *e = &p->entries[i];
		struct fc_plan_ns *n;
		for (j = 0; j < e->npods; j++)
			add(e->pods[j].is_job ? &e->jobs : &e->cluster, &e->pods[j].res, e->pods[j].count);
		if (!p->nns || strcmp(p->ns[p->nns - 1].namespace_, e->namespace_)) {
			p->ns[p->nns].namespace_ = e->namespace_;
			p->nns++;
		}
		n = &p->ns[p->nns - 1];
		n->nentries++;
		add(&n->cluster, &e->cluster, 1);
		add(&n->jobs, &e->jobs, 1);
		add(&p->cluster, &e->cluster, 1);
		add(&p->jobs, &e->jobs, 1);
	}
}

/* ---- quotas ---- */

static void defaults_quotas(struct fc_plan *p, const struct fc_defaults *d)
{
	uint32_t i;
	size_t k, j;

	for (i = 0; d && d->quota && i < d->quota->n; i++) {
		const struct fc_node *ns = d->quota->pairs[i].key, *m = d->quota->pairs[i].val;
		struct fc_plan_quota *q;
		p->quotas = fc_xreallocarray(p->quotas, p->nquotas + 1, sizeof(*p->quotas));
		q = &p->quotas[p->nquotas++];
		memset(q, 0, sizeof(*q));
		q->namespace_ = dup(p, ns->str);
		q->source = fc_arena_printf(p->a, "quota.%s in %s", ns->str, d->file ? d->file : "the defaults");
		q->loc = dup_loc(p, ns->loc);
		for (k = 0; k < FC_PLAN_NQUOTA; k++) {
			q->hard[k] = -1;
			for (j = 0; j < 2; j++) {
				const struct fc_node *v = quota_keys[k][j] ? fc_node_get(m, quota_keys[k][j]) : NULL;
				int64_t x;
				if (v && quantity(&x, v, k >= FC_PLAN_MEM_REQ) == 0 && (q->hard[k] < 0 || x < q->hard[k])) {
					q->hard[k] = x;
					q->at[k] = dup_loc(p, v->loc);
					q->path[k] = fc_arena_printf(p->a, "quota.%s.%s", ns->str, quota_keys[k][j]);
				}
			}
		}
	}
}

static const char *const res_names[FC_PLAN_NQUOTA] = { "CPU requests", "CPU limits", "memory requests",
	                                               "memory limits", "pods" };

/* an entry's figure k: requests or limits of all its pods, or their number */
static int64_t figure(const struct fc_plan_entry *e, int k)
{
	int64_t v = 0;
	size_t i;

	if (k < FC_PLAN_NRES)
		return sat_muladd(e->cluster.v[k], 1, e->jobs.v[k]);
	for (i = 0; i < e->npods; i++)
		v = sat_muladd(e->pods[i].count, 1, v);
	return v;
}

/* "1.5" CPUs, "3 GiB" */
static void fmt_amount(char *buf, size_t n, int k, int64_t v)
{
	if (k == FC_PLAN_PODS) {
		snprintf(buf, n, "%lld", (long long)v);
	} else if (k < FC_PLAN_MEM_REQ) {
		if (v % 1000 == 0)
			snprintf(buf, n, "%lld", (long long)(v / 1000));
		else
			snprintf(buf, n, "%lldm", (long long)v);
	} else if (v % ((int64_t)1 << 30) == 0) {
		snprintf(buf, n, "%lldGi", (long long)(v >> 30));
	} else if (v % ((int64_t)1 << 20) == 0) {
		snprintf(buf, n, "%lldMi", (long long)(v >> 20));
	} else {
		snprintf(buf, n, "%lld", (long long)v);
	}
}

/* "team-a/orders 12, team-a/etl 8": the largest contributors of namespace ns to figure k */
static const char *top_contributors(struct fc_plan *p, const char *ns, int k)
{
	struct fc_buf b = FC_BUF_INIT;
	const char *out;
	size_t picked[3], npicked = 0, i, t;
	char amt[64];

	for (t = 0; t < 3; t++) {
		size_t best = (size_t)-1;
		int64_t bv = 0;
		for (i = 0; i < p->nentries; i++) {
			const struct fc_plan_entry *e = &p->entries[i];
			int64_t v = figure(e, k);
			size_t u;
			bool taken = false;
			for (u = 0; u < npicked; u++)
				taken |= picked[u] == i;
			if (!taken && !strcmp(e->namespace_, ns) && v > bv) {
				best = i;
				bv = v;
			}
		}
		if (best == (size_t)-1)
			break;
		picked[npicked++] = best;
		fmt_amount(amt, sizeof(amt), k, bv);
		fc_buf_printf(&b, "%s%s/%s %s", t ? ", " : "", ns, p->entries[best].name, amt);
	}
	out = fc_arena_strndup(p->a, b.ptr ? b.ptr : "", b.len);
	fc_buf_fini(&b);
	return out;
}

enum fc_status fc_plan_check_quotas(struct fc_plan *p, struct fc_result *r)
{
	struct fc_ctx *ctx = fc_compile__ctx(r);
	size_t q, i;
	int k;
	enum fc_status st = FC_OK;

	fc_plan_finish(p);
	defaults_quotas(p, ctx->defaults);
	for (q = 0; q < p->nquotas; q++) {
		const struct fc_plan_quota *x = &p->quotas[q];
		int64_t total[FC_PLAN_NQUOTA];
		memset(total, 0, sizeof(total));
		for (i = 0; i < p->nentries; i++)
			for (k = 0; k < FC_PLAN_NQUOTA; k++)
				if (!strcmp(p->entries[i].namespace_, x->namespace_))
					total[k] = sat_muladd(figure(&p->entries[i], k), 1, total[k]);
		for (k = 0; k < FC_PLAN_NQUOTA; k++) {
			char hard[64], have[64];
			struct fc_plan_breach *br;
			if (x->hard[k] == -2) {
				fc_diag_at(ctx, FC_SEV_ERROR, x->at[k], "E0771", x->path[k],
				           "%s: %s: expected a Kubernetes quantity (\"16\", \"500m\", \"64Gi\")", x->source,
				           x->path[k]);
				st = FC_INVALID;
				continue;
			}
			if (x->hard[k] < 0 || total[k] <= x->hard[k])
				continue;
			fmt_amount(hard, sizeof(hard), k, x->hard[k]);
			fmt_amount(have, sizeof(have), k, total[k]);
			br = fc_arena_grow(p->a, p->breaches, p->nbreaches, p->nbreaches + 1, sizeof(*br));
			p->breaches = br;
			br = &p->breaches[p->nbreaches++];
			br->namespace_ = x->namespace_;
			br->source = x->source;
			br->res = k;
			br->total = total[k];
			br->budget = x->hard[k];
			br->message = fc_arena_printf(p->a, "namespace \"%s\": %s %s exceed the budget %s (%s); largest: %s",
			                              x->namespace_, res_names[k], have, hard, x->source,
			                              top_contributors(p, x->namespace_, k));
			fc_diag_at(ctx, FC_SEV_ERROR, x->at[k], "E0770", x->path[k], "%s", br->message);
			st = FC_INVALID;
		}
	}
	return st;
}
