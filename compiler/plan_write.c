/* SPDX-License-Identifier: Apache-2.0 */
/* plan_write.c - the capacity plan as a text table, Markdown or JSON, and
 * the change from a base plan (`flinkc plan --base`).  See README.md
 * "Capacity plan" for the formats; the plan itself is plan.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "plan.h"

/* ---- numbers ---- */

/* millicores as cores: "2", "0.5", "1.25"; sign "+" when signed and v > 0 */
static void fmt_cpu(char *buf, size_t n, int64_t v, bool sign)
{
	const char *s = v < 0 ? "-" : sign && v > 0 ? "+" : "";
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char frac[8];
	size_t len;

	if (a % 1000 == 0) {
		snprintf(buf, n, "%s%" PRIu64, s, a / 1000);
		return;
	}
	snprintf(frac, sizeof(frac), "%03u", (unsigned)(a % 1000));
	len = strlen(frac);
	while (len && frac[len - 1] == '0')
		frac[--len] = '\0';
	snprintf(buf, n, "%s%" PRIu64 ".%s", s, a / 1000, frac);
}

/* bytes in the largest binary unit that is at most the value: exact
 * ("4 GiB", "512 MiB") or rounded to two decimals ("33.94 GiB"; JSON has the
 * bytes); "0 B" */
static void fmt_mem(char *buf, size_t n, int64_t v, bool sign)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	const char *s = v < 0 ? "-" : sign && v > 0 ? "+" : "";
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, unit = 1, whole, h;
	size_t u = 0;

	while (u + 1 < countof(units) && a >= unit * 1024) {
		unit *= 1024;
		u++;
	}
	whole = a / unit;
	h = ((a % unit) * 100 + unit / 2) / unit; /* hundredths, rounded half up */
	if (h == 100)
		whole++, h = 0;
	if (h == 0)
		snprintf(buf, n, "%s%" PRIu64 " %s", s, whole, units[u]);
	else if (h % 10 == 0)
		snprintf(buf, n, "%s%" PRIu64 ".%u %s", s, whole, (unsigned)(h / 10), units[u]);
	else
		snprintf(buf, n, "%s%" PRIu64 ".%02u %s", s, whole, (unsigned)h, units[u]);
}

static void fmt_res(char *buf, size_t n, int k, int64_t v, bool sign)
{
	if (k < FC_PLAN_MEM_REQ)
		fmt_cpu(buf, n, v, sign);
	else
		fmt_mem(buf, n, v, sign);
}

/* ---- tables: rows of cells, aligned for text, pipes for Markdown ---- */

#define MAXCOLS 14

struct table {
	const char *cells[MAXCOLS];
	size_t ncols;
	bool right[MAXCOLS];
	char **v; /* rows * ncols, heap strings */
	size_t nrows, caprows;
};

static void table_init(struct table *t, const char *const *head, size_t ncols, const char *align)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		t->cells[i] = head[i];
		t->right[i] = align[i] == 'r';
	}
}

static void table_row(struct table *t, const char *const *cells)
{
	size_t i;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? 2 * t->caprows : 64;
		t->v = fc_xreallocarray(t->v, t->caprows * t->ncols, sizeof(*t->v));
	}
	for (i = 0; i < t->ncols; i++)
		t->v[t->nrows * t->ncols + i] = fc_xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

/* display width: UTF-8 continuation bytes do not count */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void pad(struct fc_buf *b, size_t n)
{
	while (n--)
		fc_buf_putc(b, ' ');
}

static void table_write(struct fc_buf *b, struct table *t, bool markdown, const char *indent)
{
	size_t w[MAXCOLS], r, c;

	for (c = 0; c < t->ncols; c++) {
		w[c] = width(t->cells[c]);
		for (r = 0; r < t->nrows; r++) {
			size_t cw = width(t->v[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (r = 0; r <= t->nrows + (markdown ? 1 : 0); r++) {
		fc_buf_puts(b, indent);
		for (c = 0; c < t->ncols; c++) {
			const char *s;
			size_t sw, last = c + 1 == t->ncols;
			if (markdown && r == 1) {
				fc_buf_puts(b, c ? " " : "| ");
				fc_buf_puts(b, t->right[c] ? "--:" : "---");
				fc_buf_puts(b, " |");
				continue;
			}
			s = r == 0 ? t->cells[c] : t->v[(r - (markdown ? 2 : 1)) * t->ncols + c];
			sw = width(s);
			if (markdown) {
				fc_buf_puts(b, c ? " " : "| ");
				fc_buf_puts(b, s);
				fc_buf_puts(b, " |");
				continue;
			}
			if (c)
				fc_buf_puts(b, "  ");
			if (t->right[c])
				pad(b, w[c] - sw);
			fc_buf_puts(b, s);
			if (!t->right[c] && !last)
				pad(b, w[c] - sw);
		}
		/* no trailing blanks */
		while (b->len && b->ptr[b->len - 1] == ' ' && !markdown)
			b->len--;
		fc_buf_putc(b, '\n');
	}
	for (r = 0; r < t->nrows * t->ncols; r++)
		fc_xfree(t->v[r]);
	fc_xfree(t->v);
	t->v = NULL;
	t->nrows = 0;
}

/* ---- one plan ---- */

static const char *mode_of(char *buf, size_t n, const struct fc_plan_entry *e)
{
	if (!strcmp(e->kind, "FlinkSessionJob"))
		snprintf(buf, n, "session job in %s", e->target ? e->target : "?");
	else if (!e->mode)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%s %s", e->mode, e->application ? "application" : "session");
	return buf;
}

static const char *tms_of(char *buf, size_t n, const struct fc_plan_entry *e)
{
	if (strcmp(e->kind, "FlinkDeployment"))
		snprintf(buf, n, "-");
	else if (e->tms_on_demand && e->tms_max >= 0)
		snprintf(buf, n, "%lld on demand, max %lld", (long long)e->tms, (long long)e->tms_max);
	else if (e->tms_on_demand)
		snprintf(buf, n, "%lld on demand", (long long)e->tms);
	else
		snprintf(buf, n, "%lld", (long long)e->tms);
	return buf;
}

static const char *num(char *buf, size_t n, int64_t v)
{
	if (v > 0)
		snprintf(buf, n, "%lld", (long long)v);
	else
		snprintf(buf, n, "-");
	return buf;
}

static void res_cells(char (*bufs)[32], const char **cells, const struct fc_plan_res *r, bool sign)
{
	int k;

	for (k = 0; k < FC_PLAN_NRES; k++) {
		fmt_res(bufs[k], sizeof(bufs[k]), k, r->v[k], sign);
		cells[k] = bufs[k];
	}
}

static struct fc_plan_res sum2(const struct fc_plan_res *x, const struct fc_plan_res *y)
{
	struct fc_plan_res r;
	int k;

	for (k = 0; k < FC_PLAN_NRES; k++)
		r.v[k] = x->v[k] + y->v[k];
	return r;
}

static void jobs_table(struct fc_buf *b, const struct fc_plan *p, bool md)
{
	static const char *const head[] = { "NAMESPACE", "NAME", "KIND", "MODE", "FLINK", "PARALLELISM", "SLOTS",
		                            "JM", "TM", "CPU REQ", "CPU LIM", "MEM REQ", "MEM LIM" };
	struct table t;
	size_t i;

	table_init(&t, head, countof(head), "lllllrrrlrrrr");
	for (i = 0; i < p->nentries; i++) {
		const struct fc_plan_entry *e = &p->entries[i];
		char mode[160], par[32], slots[32], jm[32], tm[96], r[4][32];
		const char *cells[13] = { e->namespace_, e->name, e->kind, mode_of(mode, sizeof(mode), e),
			                  e->version ? e->version : "-", num(par, sizeof(par), e->parallelism),
			                  num(slots, sizeof(slots), e->slots), num(jm, sizeof(jm), e->jm_replicas),
			                  tms_of(tm, sizeof(tm), e) };
		struct fc_plan_res all = sum2(&e->cluster, &e->jobs);
		res_cells(r, cells + 9, &all, false);
		table_row(&t, cells);
	}
	table_write(b, &t, md, "");
}

static const char *containers_of(struct fc_buf *tmp, const struct fc_plan_pod *pod)
{
	size_t i, nmain = 0, nside = 0, ninit = 0;

	for (i = 0; i < pod->ncontainers; i++) {
		if (pod->containers[i].sidecar)
			nside++;
		else if (pod->containers[i].init)
			ninit++;
		else
			nmain++;
	}
	fc_buf_clear(tmp);
	fc_buf_printf(tmp, "%zu", nmain);
	if (nside)
		fc_buf_printf(tmp, " + %zu sidecar%s", nside, nside == 1 ? "" : "s");
	if (ninit)
		fc_buf_printf(tmp, " + %zu init", ninit);
	return tmp->ptr;
}

static void pods_table(struct fc_buf *b, const struct fc_plan *p, bool md)
{
	static const char *const head[] = { "NAMESPACE", "NAME", "POD", "FROM", "COUNT", "CONTAINERS",
		                            "CPU REQ", "CPU LIM", "MEM REQ", "MEM LIM" };
	struct table t;
	struct fc_buf tmp = FC_BUF_INIT;
	size_t i, j;

	table_init(&t, head, countof(head), "llllrlrrrr");
	for (i = 0; i < p->nentries; i++) {
		const struct fc_plan_entry *e = &p->entries[i];
		for (j = 0; j < e->npods; j++) {
			const struct fc_plan_pod *pod = &e->pods[j];
			char count[32], r[4][32];
			const char *cells[10] = { e->namespace_, e->name, pod->role, pod->object, count,
				                  containers_of(&tmp, pod) };
			snprintf(count, sizeof(count), "%lld", (long long)pod->count);
			res_cells(r, cells + 6, &pod->res, false);
			table_row(&t, cells);
		}
	}
	table_write(b, &t, md, "");
	fc_buf_fini(&tmp);
}

static void ns_table(struct fc_buf *b, const struct fc_plan *p, bool md)
{
	static const char *const head[] = { "NAMESPACE", "ENTRIES", "PODS OF", "CPU REQ", "CPU LIM", "MEM REQ", "MEM LIM" };
	struct table t;
	size_t i;

	table_init(&t, head, countof(head), "lrlrrrr");
	for (i = 0; i <= p->nns; i++) {
		const char *name = i < p->nns ? p->ns[i].namespace_ : "(all)";
		const struct fc_plan_res *cl = i < p->nns ? &p->ns[i].cluster : &p->cluster;
		const struct fc_plan_res *jb = i < p->nns ? &p->ns[i].jobs : &p->jobs;
		struct fc_plan_res all = sum2(cl, jb);
		char n[32], r[4][32];
		const char *cells[7] = { name, n, "long-running" };
		bool jobs = jb->v[FC_PLAN_CPU_REQ] || jb->v[FC_PLAN_CPU_LIM] || jb->v[FC_PLAN_MEM_REQ] || jb->v[FC_PLAN_MEM_LIM];

		snprintf(n, sizeof(n), "%zu", i < p->nns ? p->ns[i].nentries : p->nentries);
		res_cells(r, cells + 3, cl, false);
		table_row(&t, cells);
		if (!jobs) /* the Job pods' and total rows only where there are Job pods */
			continue;
		cells[1] = "";
		cells[0] = "";
		cells[2] = "Job pods";
		res_cells(r, cells + 3, jb, false);
		table_row(&t, cells);
		cells[2] = "total";
		res_cells(r, cells + 3, &all, false);
		table_row(&t, cells);
	}
	table_write(b, &t, md, "");
}

static void notes(struct fc_buf *b, const struct fc_plan *p, bool md)
{
	size_t i;

	for (i = 0; i < p->nentries; i++)
		if (p->entries[i].note)
			break;
	if (i < p->nentries)
		fc_buf_puts(b, "\n");
	for (i = 0; i < p->nentries; i++)
		if (p->entries[i].note)
			fc_buf_printf(b, "%s%s/%s: %s\n", md ? "- " : "note: ", p->entries[i].namespace_,
			              p->entries[i].name, p->entries[i].note);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* the quotas exceeded, after the summary line */
static void breaches(struct fc_buf *b, const struct fc_plan *p, bool md)
{
	size_t i;

	for (i = 0; i < p->nbreaches; i++)
		fc_buf_printf(b, "%s%s\n", md ? "- **Quota exceeded**: " : "quota exceeded: ", p->breaches[i].message);
}

/* the plan; with_breaches: the quotas exceeded after the summary line */
static void write_plan(struct fc_buf *b, const struct fc_plan *p, bool md, bool with_breaches)
{
	struct fc_plan_res all = sum2(&p->cluster, &p->jobs);
	char cpu[32], mem[32];

	fmt_cpu(cpu, sizeof(cpu), all.v[FC_PLAN_CPU_REQ], false);
	fmt_mem(mem, sizeof(mem), all.v[FC_PLAN_MEM_REQ], false);
	fc_buf_printf(b, "%s%s CPU, %s memory requested in %zu %s; %zu %s%s\n", md ? "**" : "", cpu, mem, p->nns,
	              plural(p->nns, "namespace", "namespaces"), p->nentries, plural(p->nentries, "job", "jobs"),
	              md ? "**" : "");
	if (with_breaches && p->nbreaches) {
		fc_buf_puts(b, "\n");
		breaches(b, p, md);
	}
	if (!p->nentries)
		return;
	fc_buf_puts(b, md ? "\n#### Jobs\n\n" : "\n");
	jobs_table(b, p, md);
	fc_buf_puts(b, md ? "\n#### Pods\n\n" : "\n");
	pods_table(b, p, md);
	fc_buf_puts(b, md ? "\n#### Namespaces\n\n" : "\n");
	ns_table(b, p, md);
	notes(b, p, md);
}

/* ---- JSON ---- */

static void json_str(struct fc_buf *b, const char *s)
{
	fc_buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fc_buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			fc_buf_printf(b, "\\u%04x", c);
		else
			fc_buf_putc(b, (char)c);
	}
	fc_buf_putc(b, '"');
}

static void json_res(struct fc_buf *b, const struct fc_plan_res *r)
{
	fc_buf_printf(b,
	              "{\"cpuRequestMillis\": %lld, \"cpuLimitMillis\": %lld, \"memoryRequestBytes\": %lld, "
	              "\"memoryLimitBytes\": %lld}",
	              (long long)r->v[FC_PLAN_CPU_REQ], (long long)r->v[FC_PLAN_CPU_LIM],
	              (long long)r->v[FC_PLAN_MEM_REQ], (long long)r->v[FC_PLAN_MEM_LIM]);
}

static void json_key_str(struct fc_buf *b, const char *key, const char *v)
{
	fc_buf_printf(b, "\"%s\": ", key);
	if (v)
		json_str(b, v);
	else
		fc_buf_puts(b, "null");
}

static void json_entry(struct fc_buf *b, const struct fc_plan_entry *e)
{
	size_t j, c;

	fc_buf_puts(b, "{");
	json_key_str(b, "namespace", e->namespace_);
	fc_buf_puts(b, ", ");
	json_key_str(b, "name", e->name);
	fc_buf_puts(b, ", ");
	json_key_str(b, "kind", e->kind);
	fc_buf_puts(b, ",\n      ");
	json_key_str(b, "mode", e->mode);
	fc_buf_printf(b, ", \"application\": %s, ", e->application ? "true" : "false");
	json_key_str(b, "flinkVersion", e->version);
	fc_buf_puts(b, ", ");
	json_key_str(b, "deploymentName", e->target);
	fc_buf_puts(b, ", ");
	json_key_str(b, "scheduler", e->scheduler);
	fc_buf_printf(b,
	              ",\n      \"parallelism\": %lld, \"slotsPerTaskManager\": %lld, \"jobManagers\": %lld, "
	              "\"taskManagers\": %lld, \"taskManagersOnDemand\": %s, \"taskManagersMin\": %lld, "
	              "\"taskManagersMax\": %lld,\n      ",
	              (long long)e->parallelism, (long long)e->slots, (long long)e->jm_replicas, (long long)e->tms,
	              e->tms_on_demand ? "true" : "false", (long long)e->tms_min, (long long)e->tms_max);
	json_key_str(b, "note", e->note);
	fc_buf_puts(b, ",\n      \"pods\": [");
	for (j = 0; j < e->npods; j++) {
		const struct fc_plan_pod *pod = &e->pods[j];
		fc_buf_puts(b, j ? ",\n        {" : "\n        {");
		json_key_str(b, "role", pod->role);
		fc_buf_puts(b, ", ");
		json_key_str(b, "object", pod->object);
		fc_buf_printf(b, ", \"job\": %s, \"count\": %lld,\n          \"resources\": ", pod->is_job ? "true" : "false",
		              (long long)pod->count);
		json_res(b, &pod->res);
		fc_buf_puts(b, ",\n          \"containers\": [");
		for (c = 0; c < pod->ncontainers; c++) {
			const struct fc_plan_container *x = &pod->containers[c];
			fc_buf_puts(b, c ? ",\n            {" : "\n            {");
			json_key_str(b, "name", x->name);
			fc_buf_printf(b, ", \"init\": %s, \"sidecar\": %s, \"resources\": ", x->init ? "true" : "false",
			              x->sidecar ? "true" : "false");
			json_res(b, &x->res);
			fc_buf_puts(b, "}");
		}
		fc_buf_puts(b, pod->ncontainers ? "\n          ]}" : "]}");
	}
	fc_buf_puts(b, e->npods ? "\n      ],\n      \"clusterTotal\": " : "],\n      \"clusterTotal\": ");
	json_res(b, &e->cluster);
	fc_buf_puts(b, ",\n      \"jobsTotal\": ");
	json_res(b, &e->jobs);
	fc_buf_puts(b, "}");
}

static void json_plan_body(struct fc_buf *b, const struct fc_plan *p)
{
	size_t i;

	fc_buf_puts(b, "  \"jobs\": [");
	for (i = 0; i < p->nentries; i++) {
		fc_buf_puts(b, i ? ",\n    " : "\n    ");
		json_entry(b, &p->entries[i]);
	}
	fc_buf_puts(b, p->nentries ? "\n  ],\n  \"namespaces\": [" : "],\n  \"namespaces\": [");
	for (i = 0; i < p->nns; i++) {
		fc_buf_puts(b, i ? ",\n    {" : "\n    {");
		json_key_str(b, "namespace", p->ns[i].namespace_);
		fc_buf_printf(b, ", \"jobs\": %zu, \"clusterTotal\": ", p->ns[i].nentries);
		json_res(b, &p->ns[i].cluster);
		fc_buf_puts(b, ", \"jobsTotal\": ");
		json_res(b, &p->ns[i].jobs);
		fc_buf_puts(b, "}");
	}
	fc_buf_puts(b, p->nns ? "\n  ],\n  \"clusterTotal\": " : "],\n  \"clusterTotal\": ");
	json_res(b, &p->cluster);
	fc_buf_puts(b, ",\n  \"jobsTotal\": ");
	json_res(b, &p->jobs);
	fc_buf_puts(b, ",\n  \"quotaExceeded\": [");
	for (i = 0; i < p->nbreaches; i++) {
		const struct fc_plan_breach *x = &p->breaches[i];
		static const char *const names[] = { "cpuRequestMillis", "cpuLimitMillis", "memoryRequestBytes",
			                             "memoryLimitBytes", "pods" };
		fc_buf_puts(b, i ? ",\n    {" : "\n    {");
		json_key_str(b, "namespace", x->namespace_);
		fc_buf_printf(b, ", \"resource\": \"%s\", \"total\": %lld, \"budget\": %lld, ", names[x->res],
		              (long long)x->total, (long long)x->budget);
		json_key_str(b, "source", x->source);
		fc_buf_puts(b, "}");
	}
	fc_buf_puts(b, p->nbreaches ? "\n  ]" : "]");
}

/* ---- the change from a base plan ---- */

enum change { SAME, ADDED, REMOVED, CHANGED };

static int cmp_key(const struct fc_plan_entry *a, const struct fc_plan_entry *b)
{
	int c;

	if ((c = strcmp(a->namespace_, b->namespace_)))
		return c;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return strcmp(a->kind, b->kind);
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* "parallelism 8→16, TaskManagers 2→4, CPU +4, memory +8 GiB" into d (empty: no change) */
static void describe(struct fc_buf *d, const struct fc_plan_entry *o, const struct fc_plan_entry *n)
{
	static const char *const res_label[] = { "CPU", "CPU limit", "memory", "memory limit" };
	struct fc_plan_res zero, delta, jd;
	const struct fc_plan_res *oc, *nc, *oj, *nj;
	char x[32];
	int k;

	memset(&zero, 0, sizeof(zero));
	oc = o ? &o->cluster : &zero;
	nc = n ? &n->cluster : &zero;
	oj = o ? &o->jobs : &zero;
	nj = n ? &n->jobs : &zero;
	fc_buf_clear(d);
	if (o && n) {
		if (!str_eq(o->mode, n->mode) || o->application != n->application)
			fc_buf_printf(d, ", mode %s %s→%s %s", o->mode ? o->mode : "-", o->application ? "application" : "session",
			              n->mode ? n->mode : "-", n->application ? "application" : "session");
		if (!str_eq(o->version, n->version))
			fc_buf_printf(d, ", Flink %s→%s", o->version ? o->version : "-", n->version ? n->version : "-");
		if (o->parallelism != n->parallelism)
			fc_buf_printf(d, ", parallelism %lld→%lld", (long long)o->parallelism, (long long)n->parallelism);
		if (o->slots != n->slots)
			fc_buf_printf(d, ", slots %lld→%lld", (long long)o->slots, (long long)n->slots);
		if (o->jm_replicas != n->jm_replicas)
			fc_buf_printf(d, ", JobManagers %lld→%lld", (long long)o->jm_replicas, (long long)n->jm_replicas);
		if (o->tms != n->tms)
			fc_buf_printf(d, ", TaskManagers %lld→%lld", (long long)o->tms, (long long)n->tms);
	}
	for (k = 0; k < FC_PLAN_NRES; k++) {
		delta.v[k] = nc->v[k] - oc->v[k];
		jd.v[k] = nj->v[k] - oj->v[k];
	}
	for (k = 0; k < FC_PLAN_NRES; k++) {
		if (!delta.v[k])
			continue;
		/* a limit that moves with its request is not worth a second mention */
		if ((k == FC_PLAN_CPU_LIM || k == FC_PLAN_MEM_LIM) && delta.v[k] == delta.v[k - 1])
			continue;
		fmt_res(x, sizeof(x), k, delta.v[k], true);
		fc_buf_printf(d, ", %s %s", res_label[k], x);
	}
	for (k = 0; k < FC_PLAN_NRES; k += 2)
		if (jd.v[k]) {
			fmt_res(x, sizeof(x), k, jd.v[k], true);
			fc_buf_printf(d, ", Job pods %s %s", k ? "memory" : "CPU", x);
		}
}

struct diff {
	size_t added, removed, changed, unchanged;
	size_t nns_changed;
	struct fc_plan_res delta; /* requested and limited, clusters and Job pods */
};

/* walk both sorted entry lists; fn gets each pair (either side NULL when missing) */
typedef void pair_fn(const struct fc_plan_entry *o, const struct fc_plan_entry *n, enum change c, const char *what,
                     void *payload);

static void walk(const struct fc_plan *base, const struct fc_plan *p, pair_fn *fn, void *payload)
{
	size_t i = 0, j = 0;
	struct fc_buf d = FC_BUF_INIT;

	while (i < base->nentries || j < p->nentries) {
		const struct fc_plan_entry *o = i < base->nentries ? &base->entries[i] : NULL;
		const struct fc_plan_entry *n = j < p->nentries ? &p->entries[j] : NULL;
		int c = !o ? 1 : !n ? -1 : cmp_key(o, n);
		if (c < 0)
			n = NULL, i++;
		else if (c > 0)
			o = NULL, j++;
		else
			i++, j++;
		describe(&d, o, n);
		fn(o, n, !o ? ADDED : !n ? REMOVED : d.len ? CHANGED : SAME, d.len > 2 ? d.ptr + 2 : "", payload);
	}
	fc_buf_fini(&d);
}

static void count_fn(const struct fc_plan_entry *o, const struct fc_plan_entry *n, enum change c, const char *what,
                     void *payload)
{
	struct diff *df = payload;
	int k;

	(void)what;
	df->added += c == ADDED;
	df->removed += c == REMOVED;
	df->changed += c == CHANGED;
	df->unchanged += c == SAME;
	for (k = 0; k < FC_PLAN_NRES; k++)
		df->delta.v[k] += (n ? n->cluster.v[k] + n->jobs.v[k] : 0) - (o ? o->cluster.v[k] + o->jobs.v[k] : 0);
}

/* the namespaces' total change: base and head namespaces merged by name */
struct ns_delta {
	const char *namespace_;
	struct fc_plan_res delta;
	size_t changes;
};

static size_t ns_deltas(struct ns_delta **out, const struct fc_plan *base, const struct fc_plan *p)
{
	struct ns_delta *v = fc_xcalloc(base->nentries + p->nentries + 1, sizeof(*v));
	size_t n = 0, i = 0, j = 0;
	struct fc_buf d = FC_BUF_INIT;
	int k;

	while (i < base->nentries || j < p->nentries) {
		const struct fc_plan_entry *o = i < base->nentries ? &base->entries[i] : NULL;
		const struct fc_plan_entry *e = j < p->nentries ? &p->entries[j] : NULL;
		int c = !o ? 1 : !e ? -1 : cmp_key(o, e);
		const char *ns;
		if (c < 0)
			e = NULL, i++;
		else if (c > 0)
			o = NULL, j++;
		else
			i++, j++;
		ns = o ? o->namespace_ : e->namespace_;
		if (!n || strcmp(v[n - 1].namespace_, ns))
			v[n++].namespace_ = ns;
		describe(&d, o, e);
		if (!o || !e || d.len)
			v[n - 1].changes++;
		for (k = 0; k < FC_PLAN_NRES; k++)
			v[n - 1].delta.v[k] += (e ? e->cluster.v[k] + e->jobs.v[k] : 0) - (o ? o->cluster.v[k] + o->jobs.v[k] : 0);
	}
	fc_buf_fini(&d);
	*out = v;
	return n;
}

static const char *change_name(enum change c)
{
	return c == ADDED ? "added" : c == REMOVED ? "removed" : c == CHANGED ? "changed" : "unchanged";
}

struct rows {
	struct table *t;
};

static void row_fn(const struct fc_plan_entry *o, const struct fc_plan_entry *n, enum change c, const char *what,
                   void *payload)
{
	struct rows *r = payload;
	const struct fc_plan_entry *e = n ? n : o;
	const char *cells[5];

	if (c == SAME)
		return;
	cells[0] = change_name(c);
	cells[1] = e->namespace_;
	cells[2] = e->name;
	cells[3] = e->kind;
	cells[4] = what;
	table_row(r->t, cells);
}

static void summary_line(struct fc_buf *b, const struct diff *df, size_t nns, bool md)
{
	const struct {
		size_t n;
		const char *verb;
	} parts[] = { { df->added, "added" }, { df->changed, "changed" }, { df->removed, "removed" } };
	char cpu[32], mem[32];
	bool first = true;
	size_t i;

	fmt_cpu(cpu, sizeof(cpu), df->delta.v[FC_PLAN_CPU_REQ], true);
	fmt_mem(mem, sizeof(mem), df->delta.v[FC_PLAN_MEM_REQ], true);
	fc_buf_printf(b, "%s%s CPU, %s memory in %zu %s; ", md ? "**" : "", cpu, mem, nns,
	              plural(nns, "namespace", "namespaces"));
	for (i = 0; i < countof(parts); i++) {
		if (!parts[i].n)
			continue;
		if (first)
			fc_buf_printf(b, "%zu %s %s", parts[i].n, plural(parts[i].n, "job", "jobs"), parts[i].verb);
		else
			fc_buf_printf(b, ", %zu %s", parts[i].n, parts[i].verb);
		first = false;
	}
	if (first)
		fc_buf_puts(b, "no job changed");
	fc_buf_printf(b, "; %zu unchanged%s\n", df->unchanged, md ? "**" : "");
}

static void write_diff(struct fc_buf *b, const struct fc_plan *p, const struct fc_plan *base, bool md)
{
	static const char *const head[] = { "CHANGE", "NAMESPACE", "NAME", "KIND", "WHAT" };
	static const char *const nshead[] = { "NAMESPACE", "CHANGES", "CPU REQ", "CPU LIM", "MEM REQ", "MEM LIM" };
	struct diff df;
	struct ns_delta *nd;
	size_t nn = ns_deltas(&nd, base, p), i, nch = 0;
	struct table t;
	struct rows r = { &t };

	memset(&df, 0, sizeof(df));
	walk(base, p, count_fn, &df);
	for (i = 0; i < nn; i++)
		nch += nd[i].changes > 0;
	summary_line(b, &df, nch, md);
	if (p->nbreaches) {
		fc_buf_puts(b, "\n");
		breaches(b, p, md);
	}
	if (df.added + df.removed + df.changed) {
		fc_buf_puts(b, md ? "\n#### Changes\n\n" : "\n");
		table_init(&t, head, countof(head), "lllll");
		walk(base, p, row_fn, &r);
		table_write(b, &t, md, "");
		fc_buf_puts(b, md ? "\n#### Namespaces\n\n" : "\n");
		table_init(&t, nshead, countof(nshead), "lrrrrr");
		for (i = 0; i < nn; i++) {
			char c[32], rs[4][32];
			const char *cells[6] = { nd[i].namespace_, c };
			if (!nd[i].changes)
				continue;
			snprintf(c, sizeof(c), "%zu", nd[i].changes);
			res_cells(rs, cells + 2, &nd[i].delta, true);
			table_row(&t, cells);
		}
		table_write(b, &t, md, "");
	}
	fc_xfree(nd);
	if (md) {
		fc_buf_puts(b, "\n<details><summary>Plan after the change</summary>\n\n");
		write_plan(b, p, true, false);
		fc_buf_puts(b, "\n</details>\n");
	}
}

struct jrows {
	struct fc_buf *b;
	size_t n;
};

static void json_change_fn(const struct fc_plan_entry *o, const struct fc_plan_entry *n, enum change c,
                           const char *what, void *payload)
{
	struct jrows *j = payload;
	const struct fc_plan_entry *e = n ? n : o;
	struct fc_plan_res d;
	int k;

	if (c == SAME)
		return;
	for (k = 0; k < FC_PLAN_NRES; k++)
		d.v[k] = (n ? n->cluster.v[k] + n->jobs.v[k] : 0) - (o ? o->cluster.v[k] + o->jobs.v[k] : 0);
	fc_buf_puts(j->b, j->n++ ? ",\n    {" : "\n    {");
	json_key_str(j->b, "change", change_name(c));
	fc_buf_puts(j->b, ", ");
	json_key_str(j->b, "namespace", e->namespace_);
	fc_buf_puts(j->b, ", ");
	json_key_str(j->b, "name", e->name);
	fc_buf_puts(j->b, ", ");
	json_key_str(j->b, "kind", e->kind);
	fc_buf_puts(j->b, ",\n      ");
	json_key_str(j->b, "what", what);
	if (o && n)
		fc_buf_printf(j->b,
		              ",\n      \"parallelism\": [%lld, %lld], \"taskManagers\": [%lld, %lld], "
		              "\"jobManagers\": [%lld, %lld]",
		              (long long)o->parallelism, (long long)n->parallelism, (long long)o->tms, (long long)n->tms,
		              (long long)o->jm_replicas, (long long)n->jm_replicas);
	fc_buf_puts(j->b, ",\n      \"delta\": ");
	json_res(j->b, &d);
	fc_buf_puts(j->b, "}");
}

static void json_diff(struct fc_buf *b, const struct fc_plan *p, const struct fc_plan *base)
{
	struct diff df;
	struct ns_delta *nd;
	size_t nn = ns_deltas(&nd, base, p), i, k = 0;
	struct jrows j = { b, 0 };

	memset(&df, 0, sizeof(df));
	walk(base, p, count_fn, &df);
	fc_buf_printf(b,
	              ",\n  \"change\": {\"added\": %zu, \"removed\": %zu, \"changed\": %zu, \"unchanged\": %zu,\n"
	              "    \"delta\": ",
	              df.added, df.removed, df.changed, df.unchanged);
	json_res(b, &df.delta);
	fc_buf_puts(b, "},\n  \"changes\": [");
	walk(base, p, json_change_fn, &j);
	fc_buf_puts(b, j.n ? "\n  ],\n  \"namespaceChanges\": [" : "],\n  \"namespaceChanges\": [");
	for (i = 0; i < nn; i++) {
		if (!nd[i].changes)
			continue;
		fc_buf_puts(b, k++ ? ",\n    {" : "\n    {");
		json_key_str(b, "namespace", nd[i].namespace_);
		fc_buf_printf(b, ", \"changes\": %zu, \"delta\": ", nd[i].changes);
		json_res(b, &nd[i].delta);
		fc_buf_puts(b, "}");
	}
	fc_buf_puts(b, k ? "\n  ]" : "]");
	fc_xfree(nd);
}

enum fc_status fc_plan_write(struct fc_buf *out, const struct fc_plan *p, const struct fc_plan *base,
                             enum fc_plan_format fmt)
{
	if (!FC_ALWAYS(p->finished && (!base || base->finished)))
		return FC_IOERR;
	if (fmt == FC_PLAN_JSON) {
		fc_buf_puts(out, "{\n  \"planVersion\": 1,\n");
		json_plan_body(out, p);
		if (base)
			json_diff(out, p, base);
		fc_buf_puts(out, "\n}\n");
	} else if (base) {
		write_diff(out, p, base, fmt == FC_PLAN_MARKDOWN);
	} else {
		write_plan(out, p, fmt == FC_PLAN_MARKDOWN, true);
	}
	return FC_OK;
}
