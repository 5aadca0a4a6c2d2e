/* SPDX-License-Identifier: Apache-2.0 */
/* rules.c - the operator's DefaultValidator rules (facts/operator.md §b).
 *
 * Runs after the schema check and before lower.c, on one FlinkDeployment
 * or FlinkSessionJob tree at a time.  One function (or table row) per rule,
 * named after its number in the facts.  Where the operator stops at the
 * first failing rule, every failure is reported here, at the node of the
 * field it concerns, in the operator's words.  Config-derived rules read
 * the effective configuration E (operator defaults, then the flattened
 * flinkConfiguration; effconf.h): a FlinkDeployment's is the caller's (the
 * one lower.c starts from), a session job's is built here in a scratch
 * arena freed at the end (it adds the target's configuration).  A field
 * of the wrong type is the schema's business: its rule is skipped.  Rules
 * needing the cluster (2c, 9a-9e, session job 3, DNS for 4e/4f) are not
 * here; literal restricted hosts (4f) are.
 */
#include "rules.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "effconf.h"
#include "jnet.h"
#include "flinkconf.h"
#include "node.h"
#include "placeholder.h"
#include "text.h"
#include "units.h"

/* one run of the rules over one document */
struct run {
	struct fc_ctx *ctx;
	struct fc_arena *tmp;       /* E, paths, messages; freed by run_fini */
	const struct fc_node *doc;  /* the document root */
	const struct fc_node *spec; /* doc.spec, NULL if absent */
	const struct fc_node *cfg;  /* spec.flinkConfiguration, for locations */
	const struct fc_conf *E;    /* the effective configuration (effconf.h) */
	struct fc_conf own;         /* session jobs: E, built here */
	const char *job_code;       /* session jobs: the one code of 6a-6g, else NULL */
	const char *as_code;        /* session jobs: the one code of 11 and 11b, else NULL */
};

static const char NAME_MSG[] =
	"the FlinkDeployment name: %s is invalid, must consist of lower case alphanumeric "
	"characters or '-', start with an alphabetic character, and end with an alphanumeric "
	"character (e.g. 'my-name',  or 'abc-123'), and the length must be no more than 45 "
	"characters";

static const char HINT_MEM[] =
	"; expected a Flink memory size (\"2048m\", \"2g\") or a Kubernetes quantity (\"2Gi\")";

/* ---- helpers ---- */

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static bool eqci(const char *a, const char *b) { return fc_text_eqci_n(a, strlen(a), b); }
static bool prefix_ci(const char *s, const char *p) { return fc_text_eqci_n(s, strlen(p), p); }
/* a Flink boolean option is true (Flink parses it case-insensitively) */
static bool is_true(const char *s) { return s && eqci(s, "true"); }

/* why a memory string failed to parse: a fraction ("1.5Gi", "1.5g") gets
 * the whole number of MiB it means; anything else the general hint */
static const char *mem_hint(struct run *r, const char *v)
{
	static const char units[] = "kmgt";
	const char *p = v, *u;
	double x, scale = 1;
	char *end;

	while (*p == ' ')
		p++;
	if (!strchr(p, '.') || *p < '0' || *p > '9')
		return HINT_MEM;
	x = strtod(p, &end);
	while (*end == ' ')
		end++;
	if (!*end || !(u = strchr(units, fc_text_lower(*end))))
		return HINT_MEM;
	for (scale = 1024; u > units; u--)
		scale *= 1024;
	end++;
	if (*end == 'i' || *end == 'I')
		end++;
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || x <= 0 || x * scale < 1024 * 1024 || x * scale > 1e18)
		return "; fractions are not accepted; write a whole number with a smaller unit";
	return fc_arena_printf(r->tmp, "; fractions are not accepted; write \"%lluMi\"",
	                       (unsigned long long)(x * scale / (1024 * 1024)));
}

/* Java's StringUtils.isNullOrWhitespaceOnly */
static bool blank(const char *s)
{
	while (s && *s)
		if (!is_space(*s++))
			return false;
	return true;
}

/* the value under key, unless absent or an explicit null (Java's null) */
static const struct fc_node *get(const struct fc_node *map, const char *key)
{
	const struct fc_node *n = fc_node_get(map, key);
	return n && n->kind != FC_NODE_NULL ? n : NULL;
}

static const struct fc_node *getmap(const struct fc_node *map, const char *key)
{
	const struct fc_node *n = get(map, key);
	return n && n->kind == FC_NODE_MAP ? n : NULL;
}

/* the text Jackson binds to a String field: a STR, INT or FLOAT scalar */
static const char *text(const struct fc_node *n)
{
	bool ok = n && (n->kind == FC_NODE_STR || n->kind == FC_NODE_INT || n->kind == FC_NODE_FLOAT);
	return ok ? n->str : NULL;
}

static bool int_of(const struct fc_node *n, long long *v)
{
	if (!n || n->kind != FC_NODE_INT)
		return false;
	*v = strtoll(n->str, NULL, 10);
	return true;
}

/* n if it has a location, else the key `spec:`, else the document: a
 * missing field is reported at its parent's key, not at the parent's
 * first child (where a block mapping's location is) */
static struct fc_loc where(const struct run *r, const struct fc_node *n)
{
	const struct fc_pair *p = fc_node_pair(r->doc, "spec");

	if (n && n->loc.line)
		return n->loc;
	return p && p->key->loc.line ? p->key->loc : r->doc->loc;
}

/* the key of map's field `key` (present, maybe null), else where(NULL) */
static struct fc_loc at_key(const struct run *r, const struct fc_node *map, const char *key)
{
	const struct fc_pair *p = fc_node_pair(map, key);
	return p && p->key->loc.line ? p->key->loc : where(r, NULL);
}

/* the leaf of map whose flattened key (prefix.key...) is `key`, or NULL */
static const struct fc_node *conf_key_node(const struct fc_node *map, const char *key)
{
	uint32_t i;

	for (i = 0; map && map->kind == FC_NODE_MAP && i < map->n; i++) {
		const struct fc_node *k = map->pairs[i].key, *v = map->pairs[i].val;
		if (strcmp(k->str, key) == 0 && v->kind != FC_NODE_MAP)
			return k;
		if (v->kind == FC_NODE_MAP && strncmp(key, k->str, k->len) == 0 &&
		    key[k->len] == '.' && (k = conf_key_node(v, key + k->len + 1)))
			return k;
	}
	return NULL;
}

/* where a config entry was written, else flinkConfiguration, spec, document */
static struct fc_loc conf_where(const struct run *r, const struct fc_conf_entry *e)
{
	return e && e->loc.line ? e->loc : where(r, r->cfg);
}

/* where the key of a config entry was written in spec.flinkConfiguration,
 * else as conf_where */
static struct fc_loc conf_key_where(const struct run *r, const struct fc_conf_entry *e)
{
	const struct fc_node *k = e ? conf_key_node(r->cfg, e->key) : NULL;
	return k && k->loc.line ? k->loc : conf_where(r, e);
}

static const char *conf_path(const struct run *r, const char *key)
{
	return fc_arena_printf(r->tmp, "spec.flinkConfiguration.%s", key);
}

/* the first of keys (an option's key, then its fallbacks; NULL-ended) in E */
static const struct fc_conf_entry *conf_find(const struct run *r, const char *const *keys)
{
	const struct fc_conf_entry *e = NULL;

	for (; *keys && !e; keys++)
		e = fc_conf_entry(r->E, *keys);
	return e;
}

/* a session job's one code for a group of rules, else the rule's own */
static const char *pick(const char *group, const char *own) { return group ? group : own; }

static void report(struct run *r, struct fc_loc loc, const char *code, const char *path,
                   const char *fmt, ...) FC_PRINTF(5, 6);

/* "<path>: <message>" at loc; the message is the operator's, lower-cased */
static void report(struct run *r, struct fc_loc loc, const char *code, const char *path,
                   const char *fmt, ...)
{
	va_list ap, ap2;
	char *msg;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	n = n < 0 ? 0 : n;
	msg = fc_arena_alloc(r->tmp, (size_t)n + 1);
	vsnprintf(msg, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	fc_diag_at(r->ctx, FC_SEV_ERROR, loc, code, path, "%s: %s", path, msg);
}

/* HighAvailabilityMode.isHighAvailabilityModeActivated */
static bool ha_active(const struct run *r)
{
	static const char *const keys[] = { "high-availability.type", "recovery.mode",
		                            "high-availability", NULL };
	const struct fc_conf_entry *e = conf_find(r, keys);

	return e && !eqci(e->value, "NONE") && !eqci(e->value, "standalone");
}

/* spec may be NULL (absent); E is the caller's, or NULL to build r->own:
 * the helm chart's flink-conf.yaml and the project defaults (operator.md
 * §b "E", effconf.h), to which the caller adds the configurations it needs */
static void run_init(struct run *r, struct fc_ctx *ctx, const struct fc_node *doc,
                     const struct fc_node *spec, const struct fc_conf *E)
{
	memset(r, 0, sizeof(*r));
	r->ctx = ctx;
	r->tmp = fc_arena_new();
	r->doc = doc;
	r->spec = spec;
	r->cfg = getmap(spec, "flinkConfiguration");
	if (!E)
		fc_effconf_base(&r->own, ctx, r->tmp, doc);
	r->E = E ? E : &r->own;
}

static void run_fini(struct run *r) { fc_arena_free(r->tmp); }

/* ---- rule 1 (and session job rule 1): the name ---- */

/* [a-z]([-a-z\d]{0,43}[a-z\d])? */
static bool name_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 1 || n > 45 || strlen(s) != n || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || fc_text_is_digit(s[i]) || (s[i] == '-' && i < n - 1)))
			return false;
	return true;
}

static void rule_name(struct run *r, const char *code, const char *path, const struct fc_node *n)
{
	if (n && n->kind == FC_NODE_STR && !name_ok(n->str, n->len)) {
		if (n->len > 45)
			report(r, n->loc, code, path, "%s (it is %zu characters long)",
			       fc_arena_printf(r->tmp, NAME_MSG, n->str), n->len);
		else
			report(r, n->loc, code, path, NAME_MSG, n->str);
	}
}

/* ---- rule 2: flinkVersion ---- */

static void rule_version(struct run *r)
{
	static const char *const ok[] = { "v1_15", "v1_16", "v1_17", "v1_18", "v1_19", "v1_20",
		                          "v2_0",  "v2_1",  "v2_2",  "v2_3",  "v2_4" };
	const struct fc_node *v = fc_node_get(r->spec, "flinkVersion");
	size_t i;

	if (!v || v->kind == FC_NODE_NULL) {
		report(r, where(r, v), "E0302", "spec.flinkVersion", "flink Version must be defined");
		return;
	}
	for (i = 0; v->kind == FC_NODE_STR && i < countof(ok); i++)
		if (strcmp(v->str, ok[i]) == 0)
			return;
	if (v->kind == FC_NODE_STR)
		report(r, v->loc, "E0303", "spec.flinkVersion",
		       "flink version %s is not supported by this operator version; expected one "
		       "of v1_15, v1_16, v1_17, v1_18, v1_19, v1_20, v2_0, v2_1, v2_2, v2_3, v2_4",
		       v->str);
}

/* ---- rule 3: forbidden keys, rollback, health check ---- */

static void rule_config(struct run *r)
{
	static const char *const forbidden[] = { "kubernetes.namespace", "kubernetes.cluster-id",
		                                  "high-availability.cluster-id" };
	const struct fc_conf_entry *e;
	size_t i;

	for (i = 0; i < countof(forbidden); i++)
		if ((e = fc_conf_entry(r->E, forbidden[i])))
			report(r, conf_key_where(r, e), "E0304", conf_path(r, e->key),
			       "forbidden Flink config key: %s", e->key);
	e = fc_conf_entry(r->E, "kubernetes.operator.deployment.rollback.enabled");
	if (e && is_true(e->value) && !ha_active(r))
		report(r, conf_where(r, e), "E0305", conf_path(r, e->key),
		       "HA must be enabled for rollback support");
	e = fc_conf_entry(r->E, "kubernetes.operator.jm-deployment-recovery.enabled");
	if (e && eqci(e->value, "false") &&
	    is_true(fc_conf_get(r->E, "kubernetes.operator.cluster.health-check.enabled")))
		report(r, conf_where(r, e), "E0306", conf_path(r, e->key),
		       "deployment recovery (kubernetes.operator.jm-deployment-recovery.enabled) "
		       "must be enabled for job health check "
		       "(kubernetes.operator.cluster.health-check.enabled) support");
}

/* ---- rule 4: ingress ---- */

static void rule_ingress(struct run *r)
{
	const struct fc_node *ing = getmap(r->spec, "ingress"), *t = get(ing, "template");
	const char *name = text(fc_node_path(r->doc, "metadata.name"));
	const char *ns = text(fc_node_path(r->doc, "metadata.namespace")), *s, *err;
	struct fc_buf url = FC_BUF_INIT;

	if (ing && !t)
		report(r, fc_node_get(ing, "template") ? fc_node_get(ing, "template")->loc
		                                       : at_key(r, r->spec, "ingress"),
		       "E0307", "spec.ingress.template", "ingress template must be defined");
	if (!(s = text(t)))
		return;
	/* IngressUtils.getIngressUrl: http:// unless given, then the placeholders */
	fc_buf_reserve(&url, 0);
	if (!prefix_ci(s, "http://") && !prefix_ci(s, "https://"))
		fc_buf_puts(&url, "http://");
	while (*s) {
		if (prefix_ci(s, "{{name}}")) {
			fc_buf_puts(&url, name ? name : "");
			s += 8;
		} else if (prefix_ci(s, "{{namespace}}")) {
			fc_buf_puts(&url, ns ? ns : "default");
			s += 13;
		} else {
			fc_buf_putc(&url, *s++);
		}
	}
	if ((err = fc_jnet_url_error(r->tmp, url.ptr)))
		report(r, t->loc, "E0308", "spec.ingress.template",
		       "unable to process the Ingress template(%s). Error: %s", t->str, err);
	fc_buf_fini(&url);
}

/* ---- rule 5: logConfiguration keys ---- */

static void rule_logconf(struct run *r)
{
	const struct fc_node *lc = getmap(r->spec, "logConfiguration");
	uint32_t i;

	for (i = 0; lc && i < lc->n; i++) {
		const char *k = lc->pairs[i].key->str;
		if (strcmp(k, "log4j-console.properties") != 0 && strcmp(k, "logback-console.xml") != 0)
			report(r, lc->pairs[i].key->loc, "E0309",
			       fc_arena_printf(r->tmp, "spec.logConfiguration.%s", k),
			       "invalid log config key: %s. Allowed keys are "
			       "[log4j-console.properties, logback-console.xml]", k);
	}
}

/* ---- rule 6: the job (also session job rule 7, with tm == NULL) ---- */

static void rule_job(struct run *r, const struct fc_node *job, const struct fc_node *tm)
{
	static const char *const ckpt_keys[] = { "execution.checkpointing.dir",
		"state.checkpoints.dir", "state.backend.fs.checkpointdir", NULL };
	static const char *const sp_keys[] = { "execution.checkpointing.savepoint-dir",
		"state.savepoints.dir", "savepoints.state.backend.fs.dir", NULL };
	const struct fc_node *um = get(job, "upgradeMode"), *rep = get(tm, "replicas"), *par, *n;
	const struct fc_conf_entry *ckpt = conf_find(r, ckpt_keys), *sp = conf_find(r, sp_keys), *e;
	const char *mode = um && um->kind == FC_NODE_STR ? um->str : "stateless";
	const char *sp_path = conf_path(r, sp ? sp->key : sp_keys[0]);
	bool savepoint = strcmp(mode, "savepoint") == 0;
	struct fc_loc sp_loc = conf_where(r, sp);
	long long v;

	/* a directory that is set but blank is reported where it is set; a
	 * missing one at the field that needs it, naming the missing key */
	if ((savepoint || strcmp(mode, "last-state") == 0) && ckpt && blank(ckpt->value))
		report(r, conf_where(r, ckpt), pick(r->job_code, "E0310"), conf_path(r, ckpt->key),
		       "checkpoint directory[execution.checkpointing.dir] must be defined for "
		       "last-state and savepoint upgrade modes");
	else if ((savepoint || strcmp(mode, "last-state") == 0) && !ckpt)
		report(r, um->loc, pick(r->job_code, "E0310"), "spec.job.upgradeMode",
		       "checkpoint directory[execution.checkpointing.dir] must be defined for "
		       "last-state and savepoint upgrade modes; the configuration has no %s",
		       conf_path(r, ckpt_keys[0]));
	if (sp && !blank(sp->value))
		goto replicas;
	if (savepoint)
		report(r, sp ? sp_loc : um->loc, pick(r->job_code, "E0311"),
		       sp ? sp_path : "spec.job.upgradeMode",
		       "job could not be upgraded with savepoint while config "
		       "key[execution.checkpointing.savepoint-dir] is not set%s%s",
		       sp ? "" : "; the configuration has no ", sp ? "" : sp_path);
	if ((n = get(job, "savepointTriggerNonce")))
		report(r, sp ? sp_loc : n->loc, pick(r->job_code, "E0312"), sp_path,
		       "savepoint could not be manually triggered for the running job while config "
		       "key[execution.checkpointing.savepoint-dir] is not set");
	if ((e = fc_conf_entry(r->E, "kubernetes.operator.periodic.savepoint.interval")))
		report(r, conf_key_where(r, e), pick(r->job_code, "E0313"), sp_path,
		       "periodic savepoints cannot be enabled when config "
		       "key[execution.checkpointing.savepoint-dir] is not set");
	if ((e = fc_conf_entry(r->E,
	                       "kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age")))
		report(r, conf_key_where(r, e), pick(r->job_code, "E0314"), sp_path,
		       "in order to use max-checkpoint age functionality config "
		       "key[execution.checkpointing.savepoint-dir] must be set to allow triggering "
		       "savepoint upgrades");
replicas:
	if (rep) {
		if (int_of(rep, &v) && v < 1)
			report(r, rep->loc, pick(r->job_code, "E0315"), "spec.taskManager.replicas",
			       "taskManager replicas must be larger than 0");
		return;
	}
	/* parallelism defaults to 0 in Java, so it is effectively required */
	par = fc_node_get(job, "parallelism");
	if (!par || par->kind == FC_NODE_NULL || (int_of(par, &v) && v < 1))
		report(r, par ? par->loc : at_key(r, r->spec, "job"), pick(r->job_code, "E0316"),
		       "spec.job.parallelism", "job parallelism must be larger than 0");
}

/* ---- rules 7 and 8: JobManager and TaskManager ---- */

struct comp {
	const char *key;        /* "jobManager": the spec field and the message's subject */
	const char *mem_any[6]; /* E keys from any of which Flink derives the memory */
	const char *mem_all[3]; /* ... or from all of which */
	const char *c_missing;  /* 7a or 8a */
	const char *c[7];       /* 7b-7h, indexed by the enum below; 8b for all */
};

enum { C_MEM, C_STORAGE, C_REQ_MEM, C_REQ_ZERO, C_CPU, C_OTHER, C_EXCEED };

static const struct comp jm_comp = {
	"jobManager",
	{ "jobmanager.memory.process.size", "jobmanager.memory.flink.size",
	  "jobmanager.memory.heap.size", "jobmanager.heap.size", "jobmanager.heap.mb", NULL },
	{ NULL },
	"E0317",
	{ "E0318", "E0319", "E0320", "E0321", "E0322", "E0323", "E0324" },
};

static const struct comp tm_comp = {
	"taskManager",
	{ "taskmanager.memory.process.size", "taskmanager.memory.flink.size", NULL },
	{ "taskmanager.memory.task.heap.size", "taskmanager.memory.managed.size", NULL },
	"E0327",
	{ "E0328", "E0328", "E0328", "E0328", "E0328", "E0328", "E0328" },
};

/* Flink can derive the memory from E (JobManagerProcessUtils,
 * TaskExecutorProcessUtils), as far as which keys hold a MemorySize */
static bool memory_in_conf(const struct run *r, const struct comp *c)
{
	const char *v;
	uint64_t b;
	size_t i;

	for (i = 0; c->mem_any[i]; i++)
		if ((v = fc_conf_get(r->E, c->mem_any[i])) && fc_units_parse_memory(&b, v) == 0)
			return true;
	for (i = 0; c->mem_all[i]; i++)
		if (!(v = fc_conf_get(r->E, c->mem_all[i])) || fc_units_parse_memory(&b, v) != 0)
			return false;
	return i > 0;
}

/* 7d-7h over resources.requests and resources.limits */
static void rule_requirements(struct run *r, const struct comp *c, const struct fc_node *res)
{
	static const char *const secs[] = { "requests", "limits" };
	const struct fc_node *cpu[2] = { NULL }, *mem[2] = { NULL };
	int64_t q, qcpu[2] = { 0 }, qmem[2] = { 0 };
	uint64_t b;
	uint32_t i, k;

	for (i = 0; i < 2; i++) {
		const struct fc_node *sec = getmap(res, secs[i]);
		for (k = 0; sec && k < sec->n; k++) {
			const struct fc_node *val = sec->pairs[k].val;
			const char *key = sec->pairs[k].key->str, *v = text(val), *path;
			bool is_cpu = strcmp(key, "cpu") == 0;
			if (!v)
				continue;
			path = fc_arena_printf(r->tmp, "spec.%s.resources.%s.%s", c->key, secs[i], key);
			if (strcmp(key, "memory") == 0) {
				if (fc_units_operator_memory(&b, v) != 0)
					report(r, val->loc, c->c[C_REQ_MEM], path,
					       "%s resource requirements %s memory parse error: invalid "
					       "memory size \"%s\"%s", c->key, secs[i], v, mem_hint(r, v));
				else if (b == 0)
					report(r, val->loc, c->c[C_REQ_ZERO], path,
					       "%s resource requirements %s memory must be positive: %s",
					       c->key, secs[i], v);
				else if (fc_units_parse_quantity(&qmem[i], v) == 0)
					mem[i] = val;
			} else if (fc_units_parse_quantity(&q, v) != 0) {
				report(r, val->loc, c->c[is_cpu ? C_CPU : C_OTHER], path,
				       "%s resource requirements %s %s parse error: invalid quantity "
				       "\"%s\"; expected a Kubernetes quantity such as \"500m\" or \"2\"",
				       c->key, secs[i], key, v);
			} else if (is_cpu && q <= 0) {
				report(r, val->loc, c->c[C_CPU], path,
				       "%s resource requirements %s cpu must be positive: %s", c->key,
				       secs[i], v);
			} else if (is_cpu) {
				cpu[i] = val;
				qcpu[i] = q;
			} else if (q < 0) {
				report(r, val->loc, c->c[C_OTHER], path,
				       "%s resource requirements %s %s must not be negative: %s", c->key,
				       secs[i], key, v);
			}
		}
	}
	/* request > limit, compared as Kubernetes quantities (fabric8 compareTo) */
	if (cpu[0] && cpu[1] && qcpu[0] > qcpu[1])
		report(r, cpu[0]->loc, c->c[C_EXCEED],
		       fc_arena_printf(r->tmp, "spec.%s.resources.requests.cpu", c->key),
		       "%s resource requirements cpu request (%s) must not exceed its limit (%s)",
		       c->key, cpu[0]->str, cpu[1]->str);
	if (mem[0] && mem[1] && qmem[0] > qmem[1])
		report(r, mem[0]->loc, c->c[C_EXCEED],
		       fc_arena_printf(r->tmp, "spec.%s.resources.requests.memory", c->key),
		       "%s resource requirements memory request (%s) must not exceed its limit (%s)",
		       c->key, mem[0]->str, mem[1]->str);
}

/* 7a-7h for the JobManager, 8a-8b for the TaskManager */
static void rule_component(struct run *r, const struct comp *c)
{
	const struct fc_node *m = get(r->spec, c->key), *res, *reqs, *n;
	const char *v;
	uint64_t b;
	int64_t q;

	if (m && m->kind != FC_NODE_MAP)
		return;
	res = getmap(m, "resource");
	reqs = getmap(m, "resources");
	if (blank(text(get(res, "memory"))) && !get(getmap(reqs, "requests"), "memory") &&
	    !get(getmap(reqs, "limits"), "memory") && !memory_in_conf(r, c))
		report(r, m ? at_key(r, r->spec, c->key) : where(r, NULL), c->c_missing,
		       fc_arena_printf(r->tmp, "spec.%s.resources.requests.memory", c->key),
		       "%s resource memory must be defined using `spec.%s.resource.memory` or "
		       "`spec.%s.resources.requests.memory`", c->key, c->key, c->key);
	if ((v = text(n = get(res, "memory"))) && fc_units_operator_memory(&b, v) != 0)
		report(r, n->loc, c->c[C_MEM],
		       fc_arena_printf(r->tmp, "spec.%s.resource.memory", c->key),
		       "%s resource memory parse error: invalid memory size \"%s\"%s", c->key, v,
		       mem_hint(r, v));
	if ((v = text(n = get(res, "ephemeralStorage"))) && fc_units_parse_quantity(&q, v) != 0)
		report(r, n->loc, c->c[C_STORAGE],
		       fc_arena_printf(r->tmp, "spec.%s.resource.ephemeralStorage", c->key),
		       "%s resource ephemeral storage parse error: invalid quantity \"%s\"; "
		       "expected a Kubernetes quantity such as \"10Gi\"", c->key, v);
	if (reqs)
		rule_requirements(r, c, reqs);
}

/* 7i, 7j */
static void rule_jm_replicas(struct run *r)
{
	const struct fc_node *n = get(getmap(r->spec, "jobManager"), "replicas");
	long long v;

	if (!int_of(n, &v))
		return;
	if (v < 1)
		report(r, n->loc, "E0325", "spec.jobManager.replicas",
		       "jobManager replicas should not be configured less than one");
	else if (v > 1 && !ha_active(r))
		report(r, n->loc, "E0326", "spec.jobManager.replicas",
		       "high availability should be enabled when starting standby JobManagers");
}

/* ---- rule 11: autoscaler options ---- */

/* job.autoscaler.<name>, else its fallback kubernetes.operator.job.autoscaler.<name> */
static const struct fc_conf_entry *as_find(const struct run *r, const char *name)
{
	char key[128];
	const struct fc_conf_entry *e;

	snprintf(key, sizeof(key), "job.autoscaler.%s", name);
	if ((e = fc_conf_entry(r->E, key)))
		return e;
	snprintf(key, sizeof(key), "kubernetes.operator.job.autoscaler.%s", name);
	return fc_conf_entry(r->E, key);
}

/* Double.parseDouble: trimmed decimal or [+-]Infinity/NaN, optional d/f suffix */
static bool java_double(const char *s, double *out)
{
	const char *p = s, *u;
	char *end;

	while (is_space(*p))
		p++;
	u = p + (*p == '+' || *p == '-');
	if (strncmp(u, "Infinity", 8) != 0 && strncmp(u, "NaN", 3) != 0)
		for (; *u; u++)
			if (fc_text_is_alpha(*u) && !strchr("eEdDfF", *u))
				return false; /* no "inf", "nan" or hex, which strtod takes */
	*out = strtod(p, &end);
	if (end == p)
		return false;
	end += *end && strchr("dDfF", *end);
	while (is_space(*end))
		end++;
	return *end == '\0';
}

struct as_rule {
	const char *name;    /* after "job.autoscaler." */
	const char *min;     /* Double.toString of the bound; NULL: none; "": the target */
	const char *max;
	const char *enabled; /* checked only when this option is true */
};

/* AutoscalerValidator.validateAutoscalerOptions, in its order */
static const struct as_rule as_rules[] = {
	{ "scale-down.max-factor", "0.0", NULL, NULL },
	{ "scale-up.max-factor", "0.0", NULL, NULL },
	{ "utilization.target", "0.0", "1.0", NULL },
	{ "target.utilization.boundary", "0.0", NULL, NULL },
	{ "utilization.max", "", "1.0", NULL },
	{ "utilization.min", "0.0", "", NULL },
	{ "memory.gc-pressure.threshold", "0.0", "1.0", NULL },
	{ "memory.heap-usage.threshold", "0.0", "1.0", NULL },
	{ "observed-scalability.coefficient-min", "0.01", "1.0", "observed-scalability.enabled" },
	{ "scaling.effectiveness.threshold", "0.0", "1.0", "scaling.effectiveness.detection.enabled" },
	{ "memory.tuning.overhead", "0.0", "1.0", "memory.tuning.enabled" },
};

/* Quartz DailyCalendar's time, HH:MM[:SS[:mmm]], in ms */
static bool daily_time(const char *s, size_t n, long *ms)
{
	static const long max[] = { 23, 59, 59, 999 }, unit[] = { 3600000, 60000, 1000, 1 };
	size_t i = 0, f, d;
	long v;

	for (*ms = 0, f = 0; f < 4; f++) {
		for (d = i, v = 0; i < n && fc_text_is_digit(s[i]) && i - d < 9; i++)
			v = v * 10 + (s[i] - '0');
		if (i == d || v > max[f])
			return false;
		*ms += v * unit[f];
		if (i == n)
			return f >= 1;
		if (s[i++] != ':')
			return false;
	}
	return false;
}

/* a daily expression: start-end, start before end */
static bool daily_expr(const char *s, size_t n)
{
	const char *dash = memchr(s, '-', n);
	size_t rest = dash ? n - (size_t)(dash + 1 - s) : 0;
	long a, b;

	return dash && !memchr(dash + 1, '-', rest) && daily_time(s, (size_t)(dash - s), &a) &&
	       daily_time(dash + 1, rest, &b) && a < b;
}

/* a Quartz cron expression, as far as its shape: 6 or 7 fields of cron
 * characters, plain numbers in range, '?' in exactly one of day-of-month
 * and day-of-week */
static bool cron_expr(const char *s, size_t n)
{
	static const long max[] = { 59, 59, 23, 31, 12, 7, 2199 };
	bool q[7] = { false };
	size_t i = 0, f = 0;

	for (;;) {
		char prev = ' ';
		while (i < n && is_space(s[i]))
			i++;
		if (i == n)
			break;
		if (f == 7)
			return false;
		while (i < n && !is_space(s[i])) {
			long v = 0;
			if (!fc_text_is_digit(s[i])) {
				if (!fc_text_is_alpha(s[i]) && !strchr("*?,/#-", s[i]))
					return false;
				q[f] |= s[i] == '?';
				prev = s[i++];
				continue;
			}
			while (i < n && fc_text_is_digit(s[i]) && v < 100000)
				v = v * 10 + (s[i++] - '0');
			if (prev != '/' && prev != '#' && v > max[f]) /* increments are free */
				return false;
			prev = '0';
		}
		f++;
	}
	return f >= 6 && q[3] != q[5] && !q[0] && !q[1] && !q[2] && !q[4] && !q[6];
}

/* CalendarUtils.validateExcludedPeriods over the ';'-separated list */
static void rule_excluded_periods(struct run *r, const char *code)
{
	const struct fc_conf_entry *e = as_find(r, "excluded.periods");
	const struct fc_node *list = e ? fc_conf_list_node(r->tmp, e->value) : NULL;
	uint32_t i;

	for (i = 0; list && i < list->n; i++) {
		const char *x = list->items[i]->str, *p = x, *amp, *why = NULL, *tok[2] = { 0 };
		size_t len[2] = { 0 }, nt = 0, used = 0, k;
		int daily = 0, cron = 0;
		bool is_daily, is_cron;
		/* String.split("&&"): trailing empty parts are dropped */
		for (;; p = amp + 2, nt++) {
			amp = strstr(p, "&&");
			if (nt < 2)
				tok[nt] = p, len[nt] = amp ? (size_t)(amp - p) : strlen(p);
			if (amp ? amp > p : *p)
				used = nt + 1;
			if (!amp)
				break;
		}
		if (used > 2)
			why = "";
		for (k = 0; k < used && !why; k++) {
			for (; len[k] && is_space(*tok[k]); len[k]--)
				tok[k]++;
			while (len[k] && is_space(tok[k][len[k] - 1]))
				len[k]--;
			is_daily = daily_expr(tok[k], len[k]);
			is_cron = cron_expr(tok[k], len[k]);
			daily += is_daily;
			cron += is_cron;
			if (!is_daily && !is_cron)
				why = ", the value is neither a valid daily expression nor a valid cron "
				      "expression";
		}
		if (!why && used == 2 && (daily != 1 || cron != 1))
			why = ", the value can not be configured as dailyExpression && "
			      "dailyExpression or cronExpression && cronExpression";
		if (why || used == 0)
			report(r, conf_where(r, e), code, conf_path(r, e->key),
			       "invalid value %s in the autoscaler config "
			       "job.autoscaler.excluded.periods%s", x, why ? why : "");
	}
}

/* Java's Duration.toString ("PT15M", "PT1H30M", "PT1.5S") for ms >= 0 */
static void iso_duration(char *buf, size_t n, int64_t ms)
{
	long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
	int len = snprintf(buf, n, "PT");

	if (h)
		len += snprintf(buf + len, n - (size_t)len, "%lldH", h);
	if (m)
		len += snprintf(buf + len, n - (size_t)len, "%lldM", m);
	if (s || f || ms == 0) {
		len += snprintf(buf + len, n - (size_t)len, "%lld", s);
		if (f)
			for (len += snprintf(buf + len, n - (size_t)len, ".%03lld", f);
			     buf[len - 1] == '0';)
				buf[--len] = '\0';
		snprintf(buf + len, n - (size_t)len, "S");
	}
}

/* 11b: a metric window shorter than the reconcile interval keeps < 2 samples */
static void rule_metric_window(struct run *r, const char *code)
{
	const struct fc_conf_entry *w = as_find(r, "metrics.window");
	const struct fc_conf_entry *iv = fc_conf_entry(r->E, "kubernetes.operator.reconcile.interval");
	int64_t wms = 15 * 60000, ims = 60000;
	char ws[64], is[64];

	if ((w && fc_units_parse_duration(&wms, w->value) != 0) ||
	    (iv && fc_units_parse_duration(&ims, iv->value) != 0) || wms >= ims || wms < 0)
		return;
	iso_duration(ws, sizeof(ws), wms);
	iso_duration(is, sizeof(is), ims);
	report(r, conf_where(r, w ? w : iv), code, conf_path(r, (w ? w : iv)->key),
	       "the autoscaler metric window (job.autoscaler.metrics.window=%s) must not be "
	       "smaller than the operator reconcile interval "
	       "(kubernetes.operator.reconcile.interval=%s), otherwise fewer than two metric "
	       "samples are retained and autoscaling is never applied", ws, is);
}

/* 11 and 11b (session job rule 8), only with job.autoscaler.enabled */
static void rule_autoscaler(struct run *r)
{
	const char *c11 = pick(r->as_code, "E0331");
	const struct fc_conf_entry *te, *e = as_find(r, "enabled");
	double target = 0.7, v, lo, hi;
	bool target_ok = true;
	char tbuf[32];
	size_t i;

	if (!e || !is_true(e->value))
		return;
	if ((te = as_find(r, "utilization.target")) || (te = as_find(r, "target.utilization")))
		target_ok = java_double(te->value, &target);
	fc_units_format_double(tbuf, sizeof(tbuf), target);
	for (i = 0; i < countof(as_rules); i++) {
		const struct as_rule *a = &as_rules[i];
		const char *min = a->min && !*a->min ? tbuf : a->min;
		const char *max = a->max && !*a->max ? tbuf : a->max;
		if (a->enabled && !((e = as_find(r, a->enabled)) && is_true(e->value)))
			continue;
		e = strcmp(a->name, "utilization.target") == 0 ? te : as_find(r, a->name);
		if (!e || (!target_ok && (min == tbuf || max == tbuf)))
			continue; /* unset options have valid defaults */
		lo = min ? strtod(min, NULL) : -INFINITY;
		hi = max ? strtod(max, NULL) : INFINITY;
		if (!java_double(e->value, &v))
			report(r, conf_where(r, e), c11, conf_path(r, e->key),
			       "invalid value in the autoscaler config job.autoscaler.%s", a->name);
		else if (v < lo || v > hi)
			report(r, conf_where(r, e), c11, conf_path(r, e->key),
			       "the AutoScalerOption job.autoscaler.%s is invalid, it should be a value "
			       "within the range [%s, %s]", a->name, min ? min : "-Infinity",
			       max ? max : "+Infinity");
	}
	rule_excluded_periods(r, c11);
	rule_metric_window(r, pick(r->as_code, "E0332"));
}

/* ---- FlinkDeployment ---- */

bool fc_rules_is_canary(const struct fc_node *doc)
{
	const struct fc_node *l =
		fc_node_get(fc_node_path(doc, "metadata.labels"), "flink.apache.org/canary");
	return l && l->kind == FC_NODE_STR && strcmp(l->str, "true") == 0;
}

int fc_rules_deployment(struct fc_ctx *ctx, const struct fc_node *doc, const struct fc_conf *E)
{
	unsigned before = ctx->nerrors;
	const struct fc_node *spec, *job, *tm, *n;
	struct run r;
	long long v;

	if (!doc || doc->kind != FC_NODE_MAP || fc_rules_is_canary(doc))
		return 0;
	spec = get(doc, "spec");
	run_init(&r, ctx, doc, spec && spec->kind == FC_NODE_MAP ? spec : NULL, E);
	rule_name(&r, "E0301", "metadata.name", fc_node_path(doc, "metadata.name"));
	if (spec && spec->kind != FC_NODE_MAP)
		goto out; /* the schema reports it */
	rule_version(&r);
	rule_config(&r);
	rule_ingress(&r);
	rule_logconf(&r);
	job = getmap(spec, "job");
	tm = getmap(spec, "taskManager");
	if (job)
		rule_job(&r, job, tm);
	rule_component(&r, &jm_comp);
	rule_jm_replicas(&r);
	rule_component(&r, &tm_comp);
	if (!get(spec, "job") && int_of(n = get(tm, "replicas"), &v) && v < 1)
		report(&r, n->loc, "E0329", "spec.taskManager.replicas", /* else 6f said it */
		       "taskManager replicas should not be configured less than one");
	if (!get(spec, "serviceAccount"))
		report(&r, where(&r, fc_node_get(spec, "serviceAccount")), "E0330",
		       "spec.serviceAccount",
		       "spec.serviceAccount must be defined. If you use helm, its value should be "
		       "the same with the name of jobServiceAccount");
	rule_autoscaler(&r);
out:
	run_fini(&r);
	return ctx->nerrors > before ? FC_ERR : 0;
}

/* ---- FlinkSessionJob: jarURI (rule 4) ---- */

/* The operator's own options are read from E before the session job's
 * flinkConfiguration is applied: the defaults document is the operator's
 * configuration, and a CR cannot override these (operator.md §b, 4c). */
#define ALLOWED_SCHEMES "kubernetes.operator.user.artifacts.allowed-schemes"
#define RESTRICTED_HOSTS "kubernetes.operator.user.artifacts.disallow-restricted-hosts"

/* the scheme s[0..n) is in the allowlist (a ';' or ',' separated list,
 * compared case-insensitively); *shown gets the list as the operator prints
 * its lower-cased set, "[http, https]" */
static bool scheme_allowed(struct run *r, const char *s, size_t n, const char **shown)
{
	const char *list = fc_conf_get(r->E, ALLOWED_SCHEMES), *p;
	struct fc_buf b = FC_BUF_INIT;
	bool found = false, first = true;

	if (!list)
		list = "https";
	fc_buf_putc(&b, '[');
	for (p = list; *p;) {
		size_t m = strcspn(p, ";,"), k;
		const char *t = p;
		p += m + (p[m] != '\0');
		while (m && is_space(*t))
			t++, m--;
		while (m && is_space(t[m - 1]))
			m--;
		if (!m)
			continue;
		for (k = 0; m == n && k < n && fc_text_lower(t[k]) == fc_text_lower(s[k]); k++)
			;
		found |= m == n && k == n;
		if (!first)
			fc_buf_puts(&b, ", ");
		first = false;
		for (k = 0; k < m; k++)
			fc_buf_putc(&b, fc_text_lower(t[k]));
	}
	fc_buf_putc(&b, ']');
	*shown = fc_arena_strndup(r->tmp, b.ptr, b.len);
	fc_buf_fini(&b);
	return found;
}

static void rule_jar(struct run *r, const struct fc_node *n)
{
	const char *s = n && n->kind == FC_NODE_STR ? n->str : NULL, *err = NULL, *shown;
	struct fc_jnet_uri u;

	if (!s)
		return;
	if (strlen(s) != n->len)
		err = fc_arena_printf(r->tmp, "Illegal character in path at index %zu: %s",
		                      strlen(s), s);
	if (err || !fc_jnet_uri_parse(r->tmp, &u, s, &err)) {
		size_t at, plen = fc_placeholder_find(&at, s, strlen(s));
		if (plen)
			report(r, n->loc, "E0343", "spec.job.jarURI",
			       "jarURI is not a valid URI: it holds the unexpanded placeholder %.*s; "
			       "substitute it before rendering (%s)", (int)plen, s + at, err);
		else
			report(r, n->loc, "E0343", "spec.job.jarURI", "jarURI is not a valid URI: %s", err);
		return;
	}
	if (!u.scheme_len) {
		report(r, n->loc, "E0344", "spec.job.jarURI", "jarURI must include a scheme");
		return;
	}
	if (!scheme_allowed(r, s, u.scheme_len, &shown))
		report(r, n->loc, "E0345", "spec.job.jarURI",
		       "jarURI scheme '%.*s' is not in the allowlist %s. Configure "
		       "'" ALLOWED_SCHEMES "' (flinkConfiguration of the defaults document) to "
		       "extend the allowlist",
		       (int)u.scheme_len, s, shown);
	if (!fc_text_eqci_n(s, u.scheme_len, "https") && !fc_text_eqci_n(s, u.scheme_len, "http"))
		return;
	if (eqci(fc_conf_get(r->E, RESTRICTED_HOSTS) ? fc_conf_get(r->E, RESTRICTED_HOSTS) : "true",
	         "false"))
		return;
	if (!u.host || u.host_len == 0)
		report(r, n->loc, "E0346", "spec.job.jarURI",
		       "jarURI must include a host for http/https schemes");
	else if (fc_jnet_restricted_host(u.host, u.host_len))
		report(r, n->loc, "E0347", "spec.job.jarURI",
		       "jarURI host '%.*s' resolves to a restricted address", (int)u.host_len, u.host);
}

/* ---- FlinkSessionJob ---- */

int fc_rules_sessionjob(struct fc_ctx *ctx, const struct fc_node *doc, const struct fc_node *target)
{
	unsigned before = ctx->nerrors;
	const struct fc_node *spec, *dn, *job, *tspec;
	const char *tname;
	struct run r;

	if (!doc || doc->kind != FC_NODE_MAP || fc_rules_is_canary(doc))
		return 0;
	spec = get(doc, "spec");
	if (spec && spec->kind != FC_NODE_MAP)
		return 0; /* the schema reports it */
	run_init(&r, ctx, doc, spec, NULL);
	dn = get(spec, "deploymentName");
	if (!dn)
		report(&r, where(&r, fc_node_get(spec, "deploymentName")), "E0341",
		       "spec.deploymentName", "deploymentName must be defined: it names the session "
		       "cluster (a FlinkDeployment without a job) to run the job on");
	rule_name(&r, "E0341", "spec.deploymentName", dn);
	job = get(spec, "job");
	if (!job)
		report(&r, where(&r, fc_node_get(spec, "job")), "E0342", "spec.job",
		       "the job spec should not be empty");
	rule_jar(&r, get(getmap(spec, "job"), "jarURI"));
	if (target && target->kind == FC_NODE_MAP) {
		tspec = getmap(target, "spec");
		if (get(tspec, "job"))
			report(&r, where(&r, dn), "E0348", "spec.deploymentName",
			       "can not submit session job to application cluster");
		tname = text(fc_node_path(target, "metadata.name"));
		if (tname && dn && dn->kind == FC_NODE_STR && strcmp(tname, dn->str) != 0)
			report(&r, dn->loc, "E0349", "spec.deploymentName",
			       "the session job's cluster id is not match with the session cluster");
		/* E = defaults, the session cluster's configuration, then the job's */
		fc_conf_flatten(&r.own, getmap(tspec, "flinkConfiguration"));
		fc_conf_flatten(&r.own, r.cfg);
		r.job_code = "E0350";
		r.as_code = "E0351";
		if (job && job->kind == FC_NODE_MAP)
			rule_job(&r, job, NULL);
		rule_autoscaler(&r);
	}
	run_fini(&r);
	return ctx->nerrors > before ? FC_ERR : 0;
}

/* ---- FlinkStateSnapshot ---- */

int fc_rules_snapshot(struct fc_ctx *ctx, const struct fc_node *doc)
{
	unsigned before = ctx->nerrors;
	const struct fc_node *spec = fc_node_get(doc, "spec"), *sp, *cp, *ref;
	struct fc_loc at;

	if (!doc || doc->kind != FC_NODE_MAP)
		return 0;
	at = fc_node_pair(doc, "spec") ? fc_node_pair(doc, "spec")->key->loc : doc->loc;
	sp = fc_node_get(spec, "savepoint");
	cp = fc_node_get(spec, "checkpoint");
	if ((sp && sp->kind != FC_NODE_NULL) == (cp && cp->kind != FC_NODE_NULL))
		fc_diag_at(ctx, FC_SEV_ERROR, at, "E0361", "spec",
		           "spec: exactly one of checkpoint or savepoint configurations has to be set");
	ref = fc_node_get(spec, "jobReference");
	if ((!ref || ref->kind == FC_NODE_NULL) &&
	    !(sp && fc_node_get(sp, "alreadyExists") && strcmp(fc_node_get(sp, "alreadyExists")->str, "true") == 0))
		fc_diag_at(ctx, FC_SEV_ERROR, at, "E0362", "spec.jobReference",
		           "spec.jobReference: job reference must be supplied for this snapshot");
	return ctx->nerrors > before ? FC_ERR : 0;
}
