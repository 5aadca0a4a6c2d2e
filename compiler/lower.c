/* SPDX-License-Identifier: Apache-2.0 */
/* lower.c - FlinkDeployment -> struct fc_job; see lower.h.
 *
 * The steps follow the operator's FlinkConfigBuilder in order (each write
 * overrides the earlier ones), then ApplicationReconciler.deploy, then the
 * Flink client's KubernetesClusterDescriptor, then removal of the keys that
 * never ship.  Comments name the step of facts/operator.md §c they mirror.
 */
#include "lower.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "defaults.h"
#include "diag.h"
#include "embed.h"
#include "features.h"
#include "merge.h"
#include "podspec.h"
#include "text.h"
#include "units.h"
#include "version.h"

#define POD_TEMPLATE_DIR "/opt/flink/pod-template"
#define TM_TEMPLATE_FILE "taskmanager-pod-template.yaml"

/* "<a>jobmanager<b>" or "<a>taskmanager<b>", a constant: a and b are literals */
#define SIDE_KEY(jm, a, b) ((jm) ? a "jobmanager" b : a "taskmanager" b)

struct lower {
	struct fc_ctx *ctx;
	struct fc_arena *a;
	struct fc_job *job;
	struct fc_conf *conf;     /* job->conf */
	const struct fc_node *spec;
	unsigned errors;
};

static void err(struct lower *l, const struct fc_node *at, const char *code, const char *path,
                const char *fmt, const char *arg)
{
	struct fc_loc loc = at ? at->loc : l->job->loc;
	fc_diag_at(l->ctx, FC_SEV_ERROR, loc, code, path, fmt, path, arg);
	l->errors++;
}

/* ---- typed reads of the spec ---------------------------------------------- */

/* a scalar's text, or NULL (reporting a type error for collections) */
static const char *str_at(struct lower *l, const struct fc_node *map, const char *key,
                          const char *path)
{
	struct fc_node *v = fc_node_get(map, key);

	if (!v || v->kind == FC_NODE_NULL)
		return NULL;
	if (!fc_node_is_scalar(v)) {
		err(l, v, "E0201", path, "%s: expected a string, got %s", fc_node_kind_name(v->kind));
		return NULL;
	}
	return v->str;
}

static bool nonblank(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

/* an integer field; returns def when absent */
static long long int_at(struct lower *l, const struct fc_node *map, const char *key,
                        const char *path, long long def)
{
	struct fc_node *v = fc_node_get(map, key);

	if (!v || v->kind == FC_NODE_NULL)
		return def;
	if (v->kind != FC_NODE_INT) {
		err(l, v, "E0201", path, "%s: expected an integer, got %s", fc_node_kind_name(v->kind));
		return def;
	}
	return strtoll(v->str, NULL, 10);
}

static const struct fc_node *map_at(struct lower *l, const struct fc_node *map, const char *key,
                                    const char *path)
{
	struct fc_node *v = fc_node_get(map, key);

	if (!v || v->kind == FC_NODE_NULL)
		return NULL;
	if (v->kind != FC_NODE_MAP) {
		err(l, v, "E0201", path, "%s: expected an object, got %s", fc_node_kind_name(v->kind));
		return NULL;
	}
	return v;
}

/* ---- configuration helpers ------------------------------------------------- */

static void set(struct lower *l, const char *key, const char *value, enum fc_conf_type t)
{
	struct fc_loc none = { 0 };
	fc_conf_set(l->conf, key, value, t, none);
}

static void setf(struct lower *l, const char *key, enum fc_conf_type t, const char *fmt, ...)
	FC_PRINTF(4, 5);
static void setf(struct lower *l, const char *key, enum fc_conf_type t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	fc_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	set(l, key, buf, t);
}

static void set_double(struct lower *l, const char *key, double v)
{
	char buf[64];
	fc_units_format_double(buf, sizeof(buf), v);
	set(l, key, buf, FC_CONF_DOUBLE);
}

/* Flink's boolean parse: "true"/"false", case-insensitive */
static bool conf_bool(const struct fc_conf *c, const char *key, bool def)
{
	const char *v = fc_conf_get(c, key);
	if (!v)
		return def;
	if (strcasecmp(v, "true") == 0)
		return true;
	if (strcasecmp(v, "false") == 0)
		return false;
	return def;
}

static const char *conf_str(const struct fc_conf *c, const char *key, const char *def)
{
	const char *v = fc_conf_get(c, key);
	return v ? v : def;
}

/* first present key of a deprecated-alias list */
static const char *conf_first(const struct fc_conf *c, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *v = fc_conf_get(c, *keys);
		if (v)
			return v;
	}
	return NULL;
}

static struct fc_loc conf_loc(const struct fc_conf *c, const char *key, struct fc_loc def)
{
	struct fc_conf_entry *e = fc_conf_entry(c, key);
	return e && e->loc.line ? e->loc : def;
}

/* a port option: integer value or the default; reports non-integers */
static int conf_port(struct lower *l, const char *key, int def)
{
	const char *v = fc_conf_get(l->conf, key);
	char *end;
	long n;

	if (!v)
		return def;
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 0 || n > 65535) {
		fc_diag_at(l->ctx, FC_SEV_ERROR, conf_loc(l->conf, key, l->job->loc), "E0402",
		           "spec.flinkConfiguration",
		           "flinkConfiguration \"%s\": expected a fixed port number, got \"%s\"", key, v);
		l->errors++;
		return def;
	}
	return (int)n;
}

/* HighAvailabilityMode.isHighAvailabilityModeActivated */
static bool ha_active(const struct fc_conf *c)
{
	static const char *const keys[] = { "high-availability.type", "high-availability", "recovery.mode", NULL };
	const char *v = conf_first(c, keys);
	return v && nonblank(v) && strcasecmp(v, "NONE") != 0 && strcasecmp(v, "standalone") != 0;
}

/* "k:v,k:v" -> MAP (Flink's map option syntax; empty entries skipped) */
static struct fc_node *parse_map_option(struct fc_arena *a, const char *s)
{
	struct fc_node *m = fc_node_map(a);

	while (s && *s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		const char *colon = memchr(s, ':', n);
		if (colon) {
			char *k = fc_arena_strndup(a, s, (size_t)(colon - s));
			fc_node_set(a, m, k, fc_node_strn(a, colon + 1, n - (size_t)(colon - s) - 1));
		}
		s = comma ? comma + 1 : NULL;
	}
	return m;
}

/* "key:k,operator:Equal,...;key:..." -> SEQ of toleration maps (keys case-insensitive) */
static struct fc_node *parse_tolerations(struct fc_arena *a, const char *s)
{
	static const char *const fields[] = { "effect", "key", "operator", "tolerationSeconds", "value" };
	struct fc_node *seq = fc_node_seq(a);

	while (s && *s) {
		const char *semi = strchr(s, ';');
		char *one = fc_arena_strndup(a, s, semi ? (size_t)(semi - s) : strlen(s));
		struct fc_node *raw = parse_map_option(a, one), *t = fc_node_map(a);
		uint32_t i;
		size_t f;

		for (i = 0; i < raw->n; i++)
			for (f = 0; f < countof(fields); f++)
				if (strcasecmp(raw->pairs[i].key->str, fields[f]) == 0) {
					struct fc_node *v = raw->pairs[i].val;
					if (f == 3) /* tolerationSeconds is an integer */
						v = fc_node_int(a, strtoll(v->str, NULL, 10));
					fc_node_set(a, t, fields[f], v);
				}
		if (t->n)
			fc_node_push(a, seq, t);
		s = semi ? semi + 1 : NULL;
	}
	return seq;
}

/* entries "containerized.<side>.env.NAME" -> SEQ of {name, value}, sorted by name (E6) */
static struct fc_node *env_from_conf(struct fc_arena *a, const struct fc_conf *c, const char *prefix)
{
	struct fc_node *seq = fc_node_seq(a);
	size_t i, plen = strlen(prefix);

	for (i = 0; i < c->n; i++) {
		if (strncmp(c->v[i].key, prefix, plen) != 0 || !c->v[i].key[plen])
			continue;
		struct fc_node *e = fc_node_map(a);
		fc_node_set(a, e, "name", fc_node_str(a, c->v[i].key + plen));
		fc_node_set(a, e, "value", fc_node_str(a, c->v[i].value));
		fc_node_push(a, seq, e);
	}
	return seq;
}

/* ---- memory ---------------------------------------------------------------- */

static bool conf_memory(const struct fc_conf *c, const char *key, uint64_t *bytes)
{
	const char *v = fc_conf_get(c, key);
	return v && fc_units_parse_memory(bytes, v) == 0;
}

/* JobManager total process memory from the configuration (Flink's
 * JobManagerProcessUtils): process.size, else flink.size (or heap + 128m
 * off-heap) plus metaspace (256m) and JVM overhead (10%, 192m..1g). */
static uint64_t jm_process_bytes(const struct fc_conf *c)
{
	static const uint64_t MiB = 1024 * 1024;
	uint64_t process, flink, heap, meta = 256 * MiB, off = 128 * MiB, total, over;

	if (conf_memory(c, "jobmanager.memory.process.size", &process))
		return process;
	if (!conf_memory(c, "jobmanager.memory.flink.size", &flink)) {
		if (!conf_memory(c, "jobmanager.memory.heap.size", &heap))
			return 0;
		conf_memory(c, "jobmanager.memory.off-heap.size", &off);
		flink = heap + off;
	}
	conf_memory(c, "jobmanager.memory.jvm-metaspace.size", &meta);
	total = flink + meta;
	over = total / 9; /* overhead = 10% of the process size: (flink+meta) * 0.1 / 0.9 */
	if (over < 192 * MiB)
		over = 192 * MiB;
	if (over > 1024 * MiB)
		over = 1024 * MiB;
	return total + over;
}

/* ---- steps 7 and 8: JobManager and TaskManager resources -------------------- */

struct res {
	const char *memory;       /* chosen memory string */
	const struct fc_node *memory_at;
	const char *cpu;          /* chosen cpu string */
	const struct fc_node *cpu_at;
	double cpu_factor, memory_factor; /* 0 = not set */
};

/* the value of requests.<key>, falling back to limits.<key> */
static const struct fc_node *req_or_limit(const struct fc_node *resources, const char *key)
{
	const struct fc_node *v = fc_node_path(resources, "requests");
	v = fc_node_get(v, key);
	if (!v || v->kind == FC_NODE_NULL)
		v = fc_node_get(fc_node_get(resources, "limits"), key);
	return v && v->kind != FC_NODE_NULL && fc_node_is_scalar(v) ? v : NULL;
}

static bool has_entries(const struct fc_node *m)
{
	return m && m->kind == FC_NODE_MAP && m->n > 0;
}

/* resource routing: `resources` wins when it has requests or limits */
static void pick_resources(struct lower *l, const struct fc_node *side, struct res *r)
{
	const struct fc_node *resources = fc_node_get(side, "resources");
	const struct fc_node *resource = fc_node_get(side, "resource");

	memset(r, 0, sizeof(*r));
	if (has_entries(fc_node_get(resources, "requests")) || has_entries(fc_node_get(resources, "limits"))) {
		const struct fc_node *m = req_or_limit(resources, "memory"), *c = req_or_limit(resources, "cpu");
		const struct fc_node *rq = fc_node_get(resources, "requests"), *lm = fc_node_get(resources, "limits");
		const struct fc_node *rc = fc_node_get(rq, "cpu"), *lc = fc_node_get(lm, "cpu");
		const struct fc_node *rmem = fc_node_get(rq, "memory"), *lmem = fc_node_get(lm, "memory");
		double req, lim;
		int64_t reqm, limm;

		r->memory = m ? m->str : NULL;
		r->memory_at = m;
		r->cpu = c ? c->str : NULL;
		r->cpu_at = c;
		/* limit factors: Quantity semantics for both (facts errata) */
		if (rc && lc && fc_units_quantity_double(&req, rc->str) == 0 &&
		    fc_units_quantity_double(&lim, lc->str) == 0 && req > 0)
			r->cpu_factor = lim / req;
		if (rmem && lmem && fc_units_parse_quantity(&reqm, rmem->str) == 0 &&
		    fc_units_parse_quantity(&limm, lmem->str) == 0 && reqm > 0)
			r->memory_factor = (double)limm / (double)reqm;
		return;
	}
	if (resource && resource->kind == FC_NODE_MAP) {
		const struct fc_node *m = fc_node_get(resource, "memory"), *c = fc_node_get(resource, "cpu");
		if (m && m->kind != FC_NODE_NULL && fc_node_is_scalar(m)) {
			r->memory = m->str;
			r->memory_at = m;
		}
		if (c && c->kind != FC_NODE_NULL && fc_node_is_scalar(c)) {
			r->cpu = c->str;
			r->cpu_at = c;
		}
	}
	(void)l;
}

/* the main container of a pod template, created if missing */
static struct fc_node *main_container(struct fc_arena *a, struct fc_node *pod)
{
	return fc_merge_main_container(a, fc_node_getmap(a, pod, "spec"));
}

/* applyResourceToPodTemplate: non-cpu/memory resources go to the main container */
static struct fc_node *resources_to_template(struct lower *l, struct fc_node *pod,
                                             const struct fc_node *side)
{
	const struct fc_node *resources = fc_node_get(side, "resources");
	const struct fc_node *resource = fc_node_get(side, "resource");
	static const char *const sections[] = { "requests", "limits" };
	size_t s;
	uint32_t i;

	if (has_entries(fc_node_get(resources, "requests")) || has_entries(fc_node_get(resources, "limits"))) {
		for (s = 0; s < 2; s++) {
			const struct fc_node *sec = fc_node_get(resources, sections[s]);
			for (i = 0; sec && sec->kind == FC_NODE_MAP && i < sec->n; i++) {
				const char *k = sec->pairs[i].key->str;
				if (strcmp(k, "cpu") == 0 || strcmp(k, "memory") == 0)
					continue;
				if (!pod)
					pod = fc_node_map(l->a);
				struct fc_node *res = fc_node_getmap(l->a, main_container(l->a, pod), "resources");
				fc_node_set(l->a, fc_node_getmap(l->a, res, sections[s]), k,
				            fc_node_copy(l->a, sec->pairs[i].val));
			}
		}
	} else {
		const char *eph = str_at(l, resource, "ephemeralStorage", "spec.resource.ephemeralStorage");
		if (nonblank(eph)) {
			if (!pod)
				pod = fc_node_map(l->a);
			struct fc_node *res = fc_node_getmap(l->a, main_container(l->a, pod), "resources");
			for (s = 0; s < 2; s++)
				fc_node_set(l->a, fc_node_getmap(l->a, res, sections[s]), "ephemeral-storage",
				            fc_node_str(l->a, eph));
		}
	}
	return pod;
}

/* Flink cannot start a process smaller than its JVM metaspace plus the
 * JVM overhead minimum (256m + 192m unless configured; flink-kubernetes.md
 * N8.4): the operator would accept "2048", which is 2048 bytes, and the pod
 * would die at start.  E0406 names the unit a bare number probably meant. */
static void memory_floor(struct lower *l, bool jm, const char *v, uint64_t bytes, struct fc_loc loc,
                         const char *path)
{
	static const uint64_t MiB = 1024 * 1024;
	const char *p = jm ? "jobmanager" : "taskmanager", *hint;
	uint64_t meta = 256 * MiB, over = 192 * MiB;
	char have[64], need[64];
	size_t i;

	conf_memory(l->conf, SIDE_KEY(jm, "", ".memory.jvm-metaspace.size"), &meta);
	conf_memory(l->conf, SIDE_KEY(jm, "", ".memory.jvm-overhead.min"), &over);
	if (bytes >= meta + over)
		return;
	for (i = 0; v[i] >= '0' && v[i] <= '9'; i++)
		;
	fc_units_format_memory(have, sizeof(have), bytes);
	fc_units_format_memory(need, sizeof(need), meta + over);
	hint = i > 0 && v[i] == '\0' ? fc_arena_printf(l->a, "; did you mean \"%sm\" (MiB)? A number "
	                                                   "without a unit is bytes", v)
	                              : "";
	fc_diag_at(l->ctx, FC_SEV_ERROR, loc, "E0406", path,
	           "%s: \"%s\" is %s, below the %s a %s needs for JVM metaspace and JVM overhead "
	           "alone (%s.memory.jvm-metaspace.size, %s.memory.jvm-overhead.min)%s",
	           path, v, have, need, jm ? "JobManager" : "TaskManager", p, p, hint);
	l->errors++;
}

/* memory_floor for the memory a side's spec gives (r->memory_at) */
static void spec_memory_floor(struct lower *l, const struct fc_node *side, const struct res *r, bool jm,
                              uint64_t bytes)
{
	const char *path;

	if (!r->memory_at)
		return;
	if (r->memory_at == fc_node_path(side, "resource.memory"))
		path = "resource.memory";
	else if (r->memory_at == fc_node_path(fc_node_get(side, "resources"), "requests.memory"))
		path = "resources.requests.memory";
	else
		path = "resources.limits.memory";
	memory_floor(l, jm, r->memory, bytes, r->memory_at->loc,
	             fc_arena_printf(l->a, "spec.%s.%s", jm ? "jobManager" : "taskManager", path));
}

/* memory_floor for <side>.memory.process.size written in the configuration
 * when the spec gives no memory */
static void conf_memory_floor(struct lower *l, bool jm)
{
	const char *key = jm ? "jobmanager.memory.process.size" : "taskmanager.memory.process.size";
	const struct fc_conf_entry *e = fc_conf_entry(l->conf, key);
	uint64_t bytes;

	if (e && e->loc.line && fc_units_parse_memory(&bytes, e->value) == 0)
		memory_floor(l, jm, e->value, bytes, e->loc,
		             fc_arena_printf(l->a, "spec.flinkConfiguration.%s", key));
}

/* steps 7/8: memory, cpu and limit-factor keys for one side */
static void apply_side_spec(struct lower *l, const struct fc_node *side, bool jm)
{
	const char *key;
	struct res r;
	uint64_t bytes;
	double cpu;

	if (!side) {
		conf_memory_floor(l, jm);
		return;
	}
	pick_resources(l, side, &r);
	if (!nonblank(r.memory))
		conf_memory_floor(l, jm);
	if (nonblank(r.memory)) {
		char buf[64];
		key = SIDE_KEY(jm, "", ".memory.process.size");
		/* Flink MemorySize input is rewritten canonically ("2048m" -> "2 gb"),
		 * Quantity input becomes a byte count ("2Gi" -> "2147483648"): errata */
		if (fc_units_parse_memory(&bytes, r.memory) == 0) {
			fc_units_format_memory(buf, sizeof(buf), bytes);
			set(l, key, buf, FC_CONF_STRING);
			spec_memory_floor(l, side, &r, jm, bytes);
		} else if (fc_units_operator_memory(&bytes, r.memory) == 0) {
			snprintf(buf, sizeof(buf), "%llu", (unsigned long long)bytes);
			set(l, key, buf, FC_CONF_STRING);
			spec_memory_floor(l, side, &r, jm, bytes);
		}
		/* unparsable memory is rule 7b/7d (rules.c) */
	}
	if (r.cpu && fc_units_quantity_double(&cpu, r.cpu) == 0) {
		set_double(l, SIDE_KEY(jm, "kubernetes.", ".cpu.amount"), cpu);
		if (l->job->version < 117) {
			set_double(l, SIDE_KEY(jm, "kubernetes.", ".cpu"), cpu);
		}
	}
	if (r.cpu_factor > 0) {
		set_double(l, SIDE_KEY(jm, "kubernetes.", ".cpu.limit-factor"), r.cpu_factor);
	}
	if (r.memory_factor > 0) {
		set_double(l, SIDE_KEY(jm, "kubernetes.", ".memory.limit-factor"), r.memory_factor);
	}
	if (jm) {
		long long n = int_at(l, side, "replicas", "spec.jobManager.replicas", 1);
		if (n > 0)
			setf(l, "kubernetes.jobmanager.replicas", FC_CONF_INT, "%lld", n);
	} else {
		long long n = int_at(l, side, "replicas", "spec.taskManager.replicas", 0);
		if (n > 0)
			setf(l, "kubernetes.internal.taskmanager.replicas", FC_CONF_INT, "%lld", n);
	}
}

/* ---- step 6: pod templates -------------------------------------------------- */

static void add_startup_probe(struct lower *l, struct fc_node *pod)
{
	struct fc_node *c = main_container(l->a, pod), *probe, *get;

	if (fc_node_get(c, "startupProbe"))
		return;
	probe = fc_node_map(l->a);
	get = fc_node_map(l->a);
	fc_node_set(l->a, get, "path", fc_node_str(l->a, "/config"));
	fc_node_set(l->a, get, "port", fc_node_str(l->a, "rest"));
	fc_node_set(l->a, probe, "httpGet", get);
	fc_node_set(l->a, probe, "periodSeconds", fc_node_int(l->a, 1));
	fc_node_set(l->a, probe, "failureThreshold", fc_node_int(l->a, 2147483647));
	fc_node_set(l->a, c, "startupProbe", probe);
}

/* native: the TaskManager template ships in pod-template-X; the JobManager
 * reads it from its mount (N8.5), so the option points there */
static void ship_tm_template(struct lower *l, const struct fc_node *tm)
{
	struct fc_node *file = fc_node_map(l->a);
	uint32_t i;

	fc_node_set(l->a, file, "apiVersion", fc_node_str(l->a, "v1"));
	fc_node_set(l->a, file, "kind", fc_node_str(l->a, "Pod"));
	for (i = 0; tm && i < tm->n; i++)
		if (strcmp(tm->pairs[i].key->str, "apiVersion") && strcmp(tm->pairs[i].key->str, "kind"))
			fc_node_set(l->a, file, tm->pairs[i].key->str, tm->pairs[i].val);
	l->job->tm_template_file = file;
	set(l, "kubernetes.pod-template-file.taskmanager", POD_TEMPLATE_DIR "/" TM_TEMPLATE_FILE, FC_CONF_STRING);
}

/* Part 3: TaskManager pods are made by the JobManager from the template, so
 * the named metrics port reaches them through it (native mode) */
static void add_tm_metrics_port(struct lower *l)
{
	struct fc_node *c;

	if (!l->job->metrics_port || l->job->mode != FC_MODE_NATIVE || l->job->host_network)
		return;
	if (!l->job->tm_template_file)
		ship_tm_template(l, NULL);
	c = main_container(l->a, l->job->tm_template_file);
	/* a template port on that number is reused under its own name (podspec.c) */
	l->job->tm.metrics_port_name =
		fc_podspec_port(l->a, c, "metrics", l->job->metrics_port, fc_podspec_metrics_alt);
}

static void apply_pod_templates(struct lower *l)
{
	const struct fc_node *common = map_at(l, l->spec, "podTemplate", "spec.podTemplate");
	const struct fc_node *jmspec = fc_node_get(l->spec, "jobManager");
	const struct fc_node *tmspec = fc_node_get(l->spec, "taskManager");
	bool by_name = conf_bool(l->conf, "kubernetes.operator.pod-template.merge-arrays-by-name", false);
	struct fc_node *jm, *tm;

	jm = fc_merge_pod_templates(l->a, common, map_at(l, jmspec, "podTemplate", "spec.jobManager.podTemplate"), by_name);
	jm = resources_to_template(l, jm, jmspec);
	if (conf_bool(l->conf, "kubernetes.operator.jm-deployment.startup.probe.enabled", true)) {
		if (!jm)
			jm = fc_node_map(l->a);
		add_startup_probe(l, jm);
	}
	tm = fc_merge_pod_templates(l->a, common, map_at(l, tmspec, "podTemplate", "spec.taskManager.podTemplate"), by_name);
	tm = resources_to_template(l, tm, tmspec);
	l->job->jm.template_ = jm;
	l->job->tm.template_ = tm;
	/* The operator writes both templates to temp files; the JM one is applied
	 * when the Deployment is built, the TM one ships in pod-template-X and
	 * the JobManager reads it from its mount (N8.5): point the option there. */
	fc_conf_del(l->conf, "kubernetes.pod-template-file.jobmanager");
	fc_conf_del(l->conf, "kubernetes.pod-template-file.default");
	fc_conf_del(l->conf, "kubernetes.pod-template-file");
	if (tm && l->job->mode == FC_MODE_STANDALONE) {
		/* standalone applies the template to the TaskManager Deployment itself (S4) */
		fc_conf_del(l->conf, "kubernetes.pod-template-file.taskmanager");
	} else if (tm) {
		ship_tm_template(l, tm);
	} else {
		fc_conf_del(l->conf, "kubernetes.pod-template-file.taskmanager");
	}
}

/* ---- step 9: job or session ------------------------------------------------- */

static const char *const slots_key = "taskmanager.numberOfTaskSlots";

/* the largest parallelism in "vertex:p,vertex:p"; 0 if none */
static long long max_override(const char *s)
{
	long long best = 0;

	while (s && *s) {
		const char *colon = strchr(s, ':'), *comma = strchr(s, ',');
		if (colon && (!comma || colon < comma)) {
			long long v = strtoll(colon + 1, NULL, 10);
			if (v > best)
				best = v;
		}
		s = comma ? comma + 1 : NULL;
	}
	return best;
}

/* standalone: pipeline.classpaths = [jarURI], local:// rewritten to file:// (§c step 9) */
static void standalone_classpath(struct lower *l, const struct fc_node *at, const char *jar)
{
	const char *colon = strchr(jar, ':');
	const char *cp = jar;

	if (!colon || colon == jar || strspn(jar, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") !=
	                                  (size_t)(colon - jar)) {
		/* the operator throws a NullPointerException here (facts errata) */
		err(l, at, "E0404", "spec.job.jarURI",
		    "%s: standalone mode needs a jar URI with a scheme, got \"%s\"; use local:///path/in/image.jar", jar);
		return;
	}
	if (strncmp(jar, "local:", 6) == 0) /* case-sensitive, as the operator checks it */
		cp = fc_arena_printf(l->a, "file:%s", jar + 6);
	set(l, "pipeline.classpaths", fc_conf_list_join(l->a, &cp, 1), FC_CONF_LIST);
}

static void apply_job(struct lower *l)
{
	const struct fc_node *job = fc_node_get(l->spec, "job");
	const struct fc_node *tmspec = fc_node_get(l->spec, "taskManager");
	const char *jar, *entry, *mode;
	long long par, replicas, slots;
	const struct fc_node *args, *anrs;

	if (l->job->mode == FC_MODE_STANDALONE)
		set(l, "kubernetes.internal.cluster-mode", l->job->application ? "APPLICATION" : "SESSION",
		    FC_CONF_STRING);
	if (!l->job->application) {
		set(l, "execution.target", l->job->mode == FC_MODE_STANDALONE ? "remote" : "kubernetes-session",
		    FC_CONF_STRING);
		return;
	}
	set(l, "execution.target", "kubernetes-application", FC_CONF_STRING);
	jar = str_at(l, job, "jarURI", "spec.job.jarURI");
	if (jar && l->job->mode == FC_MODE_NATIVE)
		set(l, "pipeline.jars", fc_conf_list_join(l->a, &jar, 1), FC_CONF_LIST);
	else if (jar)
		standalone_classpath(l, fc_node_get(job, "jarURI"), jar);
	par = int_at(l, job, "parallelism", "spec.job.parallelism", 0);
	replicas = int_at(l, tmspec, "replicas", "spec.taskManager.replicas", 0);
	slots = strtoll(conf_str(l->conf, slots_key, "1"), NULL, 10);
	if (slots < 1)
		slots = 1;
	if (replicas > 0) {
		par = replicas * slots;
	} else if (l->job->mode == FC_MODE_STANDALONE) {
		long long o = max_override(fc_conf_get(l->conf, "pipeline.jobvertex-parallelism-overrides"));
		if (o > 0)
			par = o;
	}
	setf(l, "parallelism.default", FC_CONF_INT, "%lld", par);
	/* step 8: standalone application clusters size the TaskManager Deployment */
	if (l->job->mode == FC_MODE_STANDALONE && !fc_conf_get(l->conf, "kubernetes.internal.taskmanager.replicas"))
		setf(l, "kubernetes.internal.taskmanager.replicas", FC_CONF_INT, "%lld", (par + slots - 1) / slots);
	set(l, "execution.shutdown-on-application-finish", "false", FC_CONF_BOOL);
	fc_conf_setdefault(l->conf, "execution.submit-failed-job-on-application-error", "true", FC_CONF_BOOL);
	fc_conf_setdefault(l->conf, "pipeline.name", l->job->name, FC_CONF_STRING);
	mode = str_at(l, job, "upgradeMode", "spec.job.upgradeMode");
	if (mode && strcmp(mode, "last-state") == 0)
		fc_conf_setdefault(l->conf, "execution.checkpointing.interval", "5 min", FC_CONF_STRING);
	fc_conf_setdefault(l->conf, "execution.checkpointing.externalized-checkpoint-retention",
	                   "RETAIN_ON_CANCELLATION", FC_CONF_STRING);
	anrs = fc_node_get(job, "allowNonRestoredState");
	if (anrs && anrs->kind == FC_NODE_BOOL) {
		set(l, "execution.savepoint.ignore-unclaimed-state", anrs->str, FC_CONF_BOOL);
		l->job->allow_non_restored = strcmp(anrs->str, "true") == 0;
	}
	entry = str_at(l, job, "entryClass", "spec.job.entryClass");
	if (entry)
		set(l, "$internal.application.main", entry, FC_CONF_STRING);
	l->job->entry_class = entry;
	if (l->job->mode == FC_MODE_STANDALONE)
		set(l, "execution.target", "remote", FC_CONF_STRING);
	args = fc_node_get(job, "args");
	l->job->job_args = fc_node_seq(l->a);
	{
		const char **v = NULL;
		size_t n = 0;
		uint32_t i;
		if (args && args->kind == FC_NODE_SEQ) {
			v = fc_arena_alloc(l->a, (args->n + 1) * sizeof(*v));
			for (i = 0; i < args->n; i++)
				if (fc_node_is_scalar(args->items[i])) {
					v[n++] = args->items[i]->str;
					fc_node_push(l->a, l->job->job_args, fc_node_str(l->a, args->items[i]->str));
				}
		} else if (args && args->kind != FC_NODE_NULL) {
			err(l, args, "E0201", "spec.job.args", "%s: expected an array of strings, got %s",
			    fc_node_kind_name(args->kind));
		}
		set(l, "$internal.application.program-args", fc_conf_list_join(l->a, v, n), FC_CONF_LIST);
	}
}

/* ---- deterministic stand-ins for the operator's random values -------------- */

/* 32 hex digits derived from namespace/name: stable across renders and machines */
static const char *derived_id(struct lower *l, const char *salt)
{
	char in[512];
	int n = snprintf(in, sizeof(in), "%s/%s/%s", l->job->namespace_, l->job->name, salt);
	XXH128_hash_t h = XXH3_128bits(in, (size_t)(n < (int)sizeof(in) ? n : (int)sizeof(in) - 1));
	return fc_arena_printf(l->a, "%016llx%016llx", (unsigned long long)h.high64,
	                       (unsigned long long)h.low64);
}

static void apply_deploy_time(struct lower *l)
{
	const struct fc_node *job = fc_node_get(l->spec, "job");
	const char *sp = str_at(l, job, "initialSavepointPath", "spec.job.initialSavepointPath");
	const char *storage = fc_conf_get(l->conf, "high-availability.storageDir");

	/* ApplicationReconciler.deploy: the savepoint path is set or removed */
	if (l->job->application && nonblank(sp))
		set(l, "execution.savepoint.path", sp, FC_CONF_STRING);
	else
		fc_conf_del(l->conf, "execution.savepoint.path");
	if (nonblank(storage)) {
		char *path = fc_arena_printf(l->a, "%s%sjob-result-store/%s/%s", storage,
		                             storage[strlen(storage) - 1] == '/' ? "" : "/",
		                             l->job->name, derived_id(l, "job-result-store"));
		set(l, "job-result-store.storage-path", path, FC_CONF_STRING);
		fc_conf_setdefault(l->conf, "job-result-store.delete-on-commit", "false", FC_CONF_BOOL);
	}
	if (l->job->application && !fc_conf_get(l->conf, "$internal.pipeline.job-id"))
		set(l, "$internal.pipeline.job-id", derived_id(l, "job-id"), FC_CONF_STRING);
}

/* ---- the Flink client (KubernetesClusterDescriptor, decorators) ------------ */

static void pin_port(struct lower *l, const char *key, const char *fixed)
{
	const char *v = fc_conf_get(l->conf, key);
	if (!v || strcmp(v, "0") == 0)
		set(l, key, fixed, FC_CONF_STRING);
}

static void apply_client(struct lower *l)
{
	struct fc_job *j = l->job;

	if (j->mode == FC_MODE_NATIVE) {
		set(l, "internal.cluster.execution-mode", "NORMAL", FC_CONF_STRING);
		set(l, "kubernetes.internal.jobmanager.entrypoint.class",
		    j->application ? "org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint"
		                   : "org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint",
		    FC_CONF_STRING);
	}
	pin_port(l, "blob.server.port", "6124");
	pin_port(l, "taskmanager.rpc.port", "6122");
	if (j->ha) {
		const char *hp = fc_conf_get(l->conf, "high-availability.jobmanager.port");
		if (!hp || strcmp(hp, "0") == 0)
			setf(l, "high-availability.jobmanager.port", FC_CONF_STRING, "%d", j->rpc_port);
	}
	/* InternalServiceDecorator; standalone writes it even with HA (errata) */
	if (!j->ha || j->mode == FC_MODE_STANDALONE)
		setf(l, "jobmanager.rpc.address", FC_CONF_STRING, "%s.%s", j->name, j->namespace_);
}

/* ---- resolve the typed model from the final configuration ----------------- */

static void resolve_side(struct lower *l, struct fc_side *s, bool jm)
{
	const struct fc_conf *c = l->conf;
	const char *v;
	double d;

	s->service_account = fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".service-account"));
	if (!s->service_account)
		s->service_account = fc_conf_get(c, "kubernetes.service-account");
	if (!s->service_account && s->template_) {
		const struct fc_node *ps = fc_node_get(s->template_, "spec");
		s->service_account = fc_node_getstr(ps, "serviceAccountName");
		if (!s->service_account)
			s->service_account = fc_node_getstr(ps, "serviceAccount");
	}
	if (!s->service_account)
		s->service_account = "default";
	s->labels = parse_map_option(l->a, fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".labels")));
	s->annotations = parse_map_option(l->a, fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".annotations")));
	s->node_selector = parse_map_option(l->a, fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".node-selector")));
	s->tolerations = parse_tolerations(l->a, fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".tolerations")));
	s->env = env_from_conf(l->a, c, jm ? "containerized.master.env." : "containerized.taskmanager.env.");
	s->entrypoint_args = conf_str(c, SIDE_KEY(jm, "kubernetes.", ".entrypoint.args"), "");
	v = fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".cpu.amount"));
	if (!v) {
		v = fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".cpu"));
	}
	s->cpu = jm ? 1.0 : -1.0;
	if (v && fc_units_quantity_double(&d, v) == 0)
		s->cpu = d;
	s->cpu_limit_factor = s->memory_limit_factor = 1.0;
	if ((v = fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".cpu.limit-factor"))) && fc_units_quantity_double(&d, v) == 0)
		s->cpu_limit_factor = d;
	if ((v = fc_conf_get(c, SIDE_KEY(jm, "kubernetes.", ".memory.limit-factor"))) && fc_units_quantity_double(&d, v) == 0)
		s->memory_limit_factor = d;
	if (jm) {
		s->memory_mb = jm_process_bytes(c) >> 20;
		s->replicas = (int)strtol(conf_str(c, "kubernetes.jobmanager.replicas", "1"), NULL, 10);
	} else {
		uint64_t b = 0;
		conf_memory(c, "taskmanager.memory.process.size", &b);
		s->memory_mb = b >> 20;
		s->replicas = (int)strtol(conf_str(c, "kubernetes.internal.taskmanager.replicas", "1"), NULL, 10);
	}
}

/* "name:/path,name2:/path2" -> SEQ of {name, path} */
static struct fc_node *parse_secrets(struct fc_arena *a, const char *s)
{
	struct fc_node *m = parse_map_option(a, s), *seq = fc_node_seq(a);
	uint32_t i;

	for (i = 0; i < m->n; i++) {
		struct fc_node *e = fc_node_map(a);
		fc_node_set(a, e, "name", m->pairs[i].key);
		fc_node_set(a, e, "path", m->pairs[i].val);
		fc_node_push(a, seq, e);
	}
	return seq;
}

/* kubernetes.secrets: every entry is "name:path"; Flink mounts Secret
 * `name` as volume "<name>-volume", a DNS-1123 label (so at most 56
 * bytes of name), at the absolute path.  Reports E0405 for the first bad
 * entry, instead of rendering a pod the API server rejects. */
static void check_secrets(struct lower *l, const char *s)
{
	const char *key = "kubernetes.secrets", *why = NULL;

	while (s && *s && !why) {
		const char *comma = strchr(s, ','), *colon;
		size_t n = comma ? (size_t)(comma - s) : strlen(s), name;
		colon = memchr(s, ':', n);
		name = colon ? (size_t)(colon - s) : n;
		if (!colon)
			why = "an entry without ':'";
		else if (name == 0 || name > 56 || s[0] == '-' || s[name - 1] == '-')
			why = "a Secret name that is empty, starts or ends with '-', or is longer than 56 "
			      "characters (the volume \"<name>-volume\" must be a DNS-1123 label)";
		else if (colon[1] != '/')
			why = "a mount path that is not absolute";
		if (!why && !fc_text_is_dns_label(s, name))
			why = "a Secret name that is not a DNS-1123 label (lower-case letters, "
			      "digits and '-')";
		if (why) {
			fc_diag_at(l->ctx, FC_SEV_ERROR, conf_loc(l->conf, key, l->job->loc), "E0405",
			           "spec.flinkConfiguration",
			           "flinkConfiguration \"%s\": \"%.*s\" has %s; expected "
			           "\"<secret>:<absolute path>\", comma-separated (\"db-creds:/opt/secrets\")",
			           key, (int)n, s, why);
			l->errors++;
		}
		s = comma ? comma + 1 : NULL;
	}
}

/* "env:NAME,secret:S,key:K;..." -> env entries with secretKeyRef */
static struct fc_node *parse_env_secrets(struct fc_arena *a, const char *s)
{
	struct fc_node *seq = fc_node_seq(a);

	while (s && *s) {
		const char *semi = strchr(s, ';');
		char *one = fc_arena_strndup(a, s, semi ? (size_t)(semi - s) : strlen(s));
		struct fc_node *m = parse_map_option(a, one);
		const char *env = fc_node_getstr(m, "env"), *sec = fc_node_getstr(m, "secret"),
			   *key = fc_node_getstr(m, "key");
		if (env && sec && key) {
			struct fc_node *e = fc_node_map(a), *vf = fc_node_map(a), *ref = fc_node_map(a);
			fc_node_set(a, ref, "name", fc_node_str(a, sec));
			fc_node_set(a, ref, "key", fc_node_str(a, key));
			fc_node_set(a, vf, "secretKeyRef", ref);
			fc_node_set(a, e, "name", fc_node_str(a, env));
			fc_node_set(a, e, "valueFrom", vf);
			fc_node_push(a, seq, e);
		}
		s = semi ? semi + 1 : NULL;
	}
	return seq;
}

#define PROM_FACTORY "org.apache.flink.metrics.prometheus.PrometheusReporterFactory"
#define PROM_CLASS "org.apache.flink.metrics.prometheus.PrometheusReporter" /* before 1.17 */

/* A reporter's class entry (".factory.class" or ".class", value v) is a
 * Prometheus reporter that Flink loads: the factory, or the class before
 * Flink 1.17.  One that looks meant as one but is not gets W0633 and no
 * PodMonitor: Flink would start without the reporter, and a PodMonitor
 * would scrape a port nobody listens on. */
static bool prometheus_reporter(struct lower *l, const struct fc_conf_entry *e, const char *dot)
{
	const char *v = e->value;
	bool factory = strcmp(dot, ".factory.class") == 0;

	if (strstr(v, "PushGateway") || !strstr(v, "rometheus"))
		return false; /* push, not scraped; or another reporter */
	if (factory && strcmp(v, PROM_FACTORY) == 0)
		return true;
	if (!factory && l->job->version < 117 && strcmp(v, PROM_CLASS) == 0)
		return true;
	if (factory)
		fc_diag_at(l->ctx, FC_SEV_WARNING, conf_loc(l->conf, e->key, l->job->loc), "W0633",
		           "spec.flinkConfiguration",
		           "spec.flinkConfiguration: %s is \"%s\", not Flink's Prometheus reporter "
		           "factory; Flink starts without the reporter and no PodMonitor is rendered; "
		           "expected \"" PROM_FACTORY "\"", e->key, v);
	else
		fc_diag_at(l->ctx, FC_SEV_WARNING, conf_loc(l->conf, e->key, l->job->loc), "W0633",
		           "spec.flinkConfiguration",
		           "spec.flinkConfiguration: %s is not read by Flink %s (reporters are loaded by "
		           "factory since 1.17); no PodMonitor is rendered; set %.*s.factory.class: "
		           PROM_FACTORY, e->key, l->job->version_name,
		           (int)(strlen(e->key) - strlen(dot)), e->key);
	return false;
}

/* Part 3: a Prometheus reporter configured under any name, if on the
 * metrics.reporters allow-list; its port (the first of a range), else 0 */
static int prometheus_port(struct lower *l)
{
	static const char *const prefix = "metrics.reporter.";
	const struct fc_conf *c = l->conf;
	const char *allow = fc_conf_get(c, "metrics.reporters");
	size_t i, plen = strlen(prefix);

	for (i = 0; i < c->n; i++) {
		const char *k = c->v[i].key, *name, *dot;
		char key[256];
		int port = 9249;

		if (strncmp(k, prefix, plen) != 0)
			continue;
		name = k + plen;
		dot = strchr(name, '.');
		if (!dot || (strcmp(dot, ".factory.class") != 0 && strcmp(dot, ".class") != 0) ||
		    !prometheus_reporter(l, &c->v[i], dot))
			continue;
		if (allow) {
			/* a ';' or ',' separated list of names */
			size_t n = (size_t)(dot - name);
			const char *p = allow;
			bool listed = false;
			while (*p && !listed) {
				size_t m = strcspn(p, ";,");
				while (m && *p == ' ')
					p++, m--;
				listed = m >= n && strncmp(p, name, n) == 0 && (m == n || p[n] == ' ');
				p += m + (p[m] ? 1 : 0);
			}
			if (!listed)
				continue;
		}
		snprintf(key, sizeof(key), "%s%.*s.port", prefix, (int)(dot - name), name);
		if (fc_conf_get(c, key)) {
			long v = strtol(fc_conf_get(c, key), NULL, 10);
			if (v > 0 && v < 65536)
				port = (int)v;
		}
		return port;
	}
	return 0;
}

static void resolve(struct lower *l)
{
	struct fc_job *j = l->job;
	const struct fc_conf *c = l->conf;
	const char *secrets;
	uint32_t i;

	/* image: explicit option > template > version default (N4.5) */
	j->image = fc_conf_get(c, j->version >= 117 ? "kubernetes.container.image.ref" : "kubernetes.container.image");
	if (!j->image)
		j->image = fc_conf_get(c, "kubernetes.container.image");
	j->pull_policy = fc_conf_get(c, "kubernetes.container.image.pull-policy");
	j->pull_secrets = fc_node_seq(l->a);
	secrets = fc_conf_get(c, "kubernetes.container.image.pull-secrets");
	while (secrets && *secrets) {
		const char *semi = strchr(secrets, ';');
		size_t n = semi ? (size_t)(semi - secrets) : strlen(secrets);
		while (n && (*secrets == ' ')) {
			secrets++;
			n--;
		}
		while (n && secrets[n - 1] == ' ')
			n--;
		if (n) {
			struct fc_node *e = fc_node_map(l->a);
			fc_node_set(l->a, e, "name", fc_node_strn(l->a, secrets, n));
			fc_node_push(l->a, j->pull_secrets, e);
		}
		secrets = semi ? semi + 1 : NULL;
	}
	check_secrets(l, fc_conf_get(c, "kubernetes.secrets"));
	j->secrets = parse_secrets(l->a, fc_conf_get(c, "kubernetes.secrets"));
	j->env_secrets = parse_env_secrets(l->a, fc_conf_get(c, "kubernetes.env.secretKeyRef"));
	j->hadoop_conf_map = fc_conf_get(c, "kubernetes.hadoop.conf.config-map.name");
	if (!conf_bool(c, "kubernetes.decorator.hadoop-conf-mount.enabled", true))
		j->hadoop_conf_map = NULL;
	j->log_dir = fc_conf_get(c, "kubernetes.flink.log.dir");
	j->conf_dir = conf_str(c, "kubernetes.flink.conf.dir", "/opt/flink/conf");
	j->artifacts_dir = conf_str(c, "user.artifacts.base-dir", "/opt/flink/artifacts");
	j->entry_path = conf_str(c, "kubernetes.entry.path", "/docker-entrypoint.sh");
	j->host_network = conf_bool(c, "kubernetes.hostnetwork.enabled", false);
	j->rest_type = conf_str(c, "kubernetes.rest-service.exposed.type", "ClusterIP");
	j->rest_annotations = parse_map_option(l->a, fc_conf_get(c, "kubernetes.rest-service.annotations"));
	j->internal_annotations = parse_map_option(l->a, fc_conf_get(c, "kubernetes.internal-service.annotations"));
	j->rest_labels = parse_map_option(l->a, fc_conf_get(c, "kubernetes.rest-service.labels"));
	j->internal_labels = parse_map_option(l->a, fc_conf_get(c, "kubernetes.internal-service.labels"));
	resolve_side(l, &j->jm, true);
	resolve_side(l, &j->tm, false);
	if (j->tm.cpu <= 0) {
		/* Flink: -1 means "as many cores as slots" (N8.4); standalone must write it */
		long slots = strtol(conf_str(c, slots_key, "1"), NULL, 10);
		j->tm.cpu = slots > 0 ? (double)slots : 1.0;
	}
	j->savepoint_path = fc_conf_get(c, "execution.savepoint.path");
	j->metrics_port = prometheus_port(l);
	add_tm_metrics_port(l);
	/* the default image applies only when neither the config nor the template names one */
	if (!j->image) {
		const struct fc_node *cs = fc_node_path(j->jm.template_, "spec.containers");
		for (i = 0; cs && cs->kind == FC_NODE_SEQ && i < cs->n; i++) {
			const char *name = fc_node_getstr(cs->items[i], "name");
			if (name && strcmp(name, "flink-main-container") == 0 && fc_node_getstr(cs->items[i], "image"))
				j->image = ""; /* the emitter keeps the template's */
		}
	}
	if (!j->image)
		j->image = fc_defaults_image(l->ctx->defaults, j->version_name);
	if (!j->image) {
		j->image = fc_version_image(j->version);
		if (!j->image) {
			fc_diag_at(l->ctx, FC_SEV_ERROR, j->loc, "E0403", "spec.image",
			           "spec.image: flinkVersion %s has no released default image; set spec.image",
			           j->version_name);
			l->errors++;
		}
	}
}

/* keys that never ship (operator removeOperatorConfigs, FlinkConfMountDecorator) */
static void remove_unshipped(struct fc_conf *c)
{
	static const char *const keys[] = {
		"kubernetes.config.file", "$internal.deployment.config-dir", "rest.bind-address",
		"jobmanager.bind-host", "taskmanager.bind-host", "taskmanager.host",
	};
	size_t i;

	fc_conf_del_prefix(c, "kubernetes.operator.");
	fc_conf_del_prefix(c, "job.autoscaler.");
	for (i = 0; i < countof(keys); i++)
		fc_conf_del(c, keys[i]);
}

/* step 2: logConfiguration, else the default shipped from templates/ */
static void apply_log_configuration(struct lower *l)
{
	const struct fc_node *lc = fc_node_get(l->spec, "logConfiguration");
	static const char *const names[2] = { "logback-console.xml", "log4j-console.properties" };
	size_t i;

	if (lc && lc->kind == FC_NODE_MAP && lc->n) {
		for (i = 0; i < 2; i++) {
			const struct fc_node *v = fc_node_get(lc, names[i]);
			if (v && fc_node_is_scalar(v) && v->kind != FC_NODE_NULL) {
				l->job->logs[i].name = names[i];
				l->job->logs[i].data = v->str;
				l->job->logs[i].len = v->len;
			}
		}
		return;
	}
	{
		const struct fc_embedded *e = fc_embed_find(fc_templates_files, names[1]);
		if (FC_ALWAYS(e)) {
			l->job->logs[1].name = names[1];
			l->job->logs[1].data = e->data;
			l->job->logs[1].len = e->len;
		}
	}
}

/* the project defaults' object switches as FC_FEATURE_* bits; annotations override them per job */
static unsigned default_features(const struct fc_ctx *ctx)
{
	unsigned o = ctx->defaults ? ctx->defaults->objects : 0, f = 0;

	if (!ctx->defaults)
		return FC_FEATURES_DEFAULT;
	if (o & FC_OBJ_SECURITY)
		f |= FC_FEATURE_SECURITY;
	if (o & FC_OBJ_SECURITY_PLATFORM)
		f |= FC_FEATURE_PLATFORM_IDS;
	if (o & FC_OBJ_NETWORKPOLICY)
		f |= FC_FEATURE_NETWORKPOLICY;
	if (o & FC_OBJ_PDB)
		f |= FC_FEATURE_PDB;
	return f;
}

int fc_lower_deployment(struct fc_ctx *ctx, struct fc_arena *a, struct fc_node *doc,
                        const struct fc_conf *E, struct fc_job *job)
{
	struct lower l = { ctx, a, job, &job->conf, NULL, 0 };
	const struct fc_node *meta = fc_node_get(doc, "metadata"), *fc, *v;
	const char *s;

	l.spec = fc_node_get(doc, "spec");
	if (!l.spec || l.spec->kind != FC_NODE_MAP) {
		err(&l, l.spec ? l.spec : doc, "E0201", "spec", "%s: expected an object%s",
		    l.spec ? "" : " (the FlinkDeployment has no spec)");
		return FC_ERR;
	}
	job->doc = doc;
	job->name = fc_node_getstr(meta, "name");
	job->namespace_ = fc_node_getstr(meta, "namespace");
	if (!job->namespace_)
		job->namespace_ = ctx->defaults && ctx->defaults->namespace_ ? ctx->defaults->namespace_ : "default";
	s = str_at(&l, l.spec, "flinkVersion", "spec.flinkVersion");
	job->version_name = s;
	job->version = fc_version_parse(s);
	if (!job->name || !job->version)
		return FC_ERR; /* reported by rules.c: rules 1, 2a, 2b */
	s = str_at(&l, l.spec, "mode", "spec.mode");
	job->mode = s && strcmp(s, "standalone") == 0 ? FC_MODE_STANDALONE : FC_MODE_NATIVE;
	v = fc_node_get(l.spec, "job");
	job->application = v && v->kind != FC_NODE_NULL;
	job->conf_file = job->version >= 200 ? "config.yaml" : "flink-conf.yaml";

	/* E0, the project defaults and step 1 (applyFlinkConfiguration): E,
	 * built once by effconf.c; the job's configuration starts as a copy,
	 * which the steps below change (E stays as the rules read it) */
	fc_conf_copy(&job->conf, a, E);
	fc = fc_node_get(l.spec, "flinkConfiguration");
	if (fc && fc->kind != FC_NODE_MAP && fc->kind != FC_NODE_NULL)
		err(&l, fc, "E0201", "spec.flinkConfiguration", "%s: expected an object, got %s",
		    fc_node_kind_name(fc->kind));
	fc_conf_setdefault(&job->conf, "kubernetes.rest-service.exposed.type", "ClusterIP", FC_CONF_STRING);
	fc_conf_setdefault(&job->conf, "web.cancel.enable", "false", FC_CONF_BOOL);
	set(&l, "$internal.flink.version", job->version_name, FC_CONF_STRING);

	apply_log_configuration(&l);                                   /* step 2 */
	s = str_at(&l, l.spec, "image", "spec.image");                 /* step 3 */
	if (nonblank(s))
		set(&l, job->version >= 117 ? "kubernetes.container.image.ref" : "kubernetes.container.image",
		    s, FC_CONF_STRING);
	s = str_at(&l, l.spec, "imagePullPolicy", "spec.imagePullPolicy"); /* step 4 */
	if (s)
		set(&l, "kubernetes.container.image.pull-policy", s, FC_CONF_STRING);
	s = str_at(&l, l.spec, "serviceAccount", "spec.serviceAccount"); /* step 5 */
	if (s)
		set(&l, "kubernetes.service-account", s, FC_CONF_STRING);
	apply_pod_templates(&l);                                       /* step 6 */
	apply_side_spec(&l, map_at(&l, l.spec, "jobManager", "spec.jobManager"), true);   /* step 7 */
	apply_side_spec(&l, map_at(&l, l.spec, "taskManager", "spec.taskManager"), false); /* step 8 */
	apply_job(&l);                                                 /* step 9 */
	/* step 10: build */
	set(&l, "kubernetes.namespace", job->namespace_, FC_CONF_STRING);
	set(&l, "kubernetes.cluster-id", job->name, FC_CONF_STRING);
	job->ha = ha_active(&job->conf);
	if (job->ha)
		set(&l, "high-availability.cluster-id", job->name, FC_CONF_STRING);
	apply_deploy_time(&l);
	job->rest_port = conf_port(&l, "rest.port", 8081);
	job->rest_bind_port = conf_port(&l, "rest.bind-port", job->rest_port);
	job->rpc_port = conf_port(&l, "jobmanager.rpc.port", 6123);
	apply_client(&l);
	job->blob_port = conf_port(&l, "blob.server.port", 6124);
	job->tm_rpc_port = conf_port(&l, "taskmanager.rpc.port", 6122);
	resolve(&l);
	remove_unshipped(&job->conf);
	l.errors += fc_features_from_annotations(ctx, a, job, default_features(ctx)) != 0;
	return l.errors ? FC_ERR : 0;
}
