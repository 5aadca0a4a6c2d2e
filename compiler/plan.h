/* SPDX-License-Identifier: Apache-2.0 */
/* plan.h - the capacity plan: what every FlinkDeployment and FlinkSessionJob
 * will run (pods, TaskManagers, CPU and memory), collected while compiling.
 *
 * compile.c brackets each lowered job with fc_plan_begin_job/fc_plan_end_job
 * (and each session job with fc_plan_begin_sessionjob/fc_plan_end), and
 * emit.c hands every finished object to fc_plan_object before writing it:
 * the pods of the plan are read from the very trees that render writes.
 * The native TaskManager pod, which no manifest holds, is built by the
 * emitter's own code (emit_deployment.c, into job->native_tm_pod).  Every
 * function does nothing
 * when the plan is NULL.
 *
 * Units: CPU in millicores, memory in bytes.  Pod resources follow the
 * Kubernetes rule for a pod's effective request/limit:
 *   max(sum(containers) + sum(sidecars), max over init containers i of
 *       (init_i + sum of the sidecars started before i))
 * where sidecars are init containers with restartPolicy: Always; a
 * container without a value counts 0.
 */
#ifndef FC_PLAN_H
#define FC_PLAN_H

#include "base.h"
#include "fc.h"
#include "model.h"

struct fc_arena;
struct fc_node;

/* CPU (millicores) and memory (bytes), requested and limited: v[FC_PLAN_*] */
enum { FC_PLAN_CPU_REQ, FC_PLAN_CPU_LIM, FC_PLAN_MEM_REQ, FC_PLAN_MEM_LIM, FC_PLAN_NRES };
/* quotas bound one more figure: the number of pods */
enum { FC_PLAN_PODS = FC_PLAN_NRES, FC_PLAN_NQUOTA };
struct fc_plan_res {
	int64_t v[FC_PLAN_NRES];
};

struct fc_plan_container {
	const char *name;
	bool init, sidecar;      /* an init container; one with restartPolicy: Always */
	struct fc_plan_res res;
};

/* a kind of pod a job runs: the JobManager, the TaskManagers, a Job's pod */
struct fc_plan_pod {
	const char *role;        /* jobmanager, taskmanager, or the object's kind in lower case (job) */
	const char *object;      /* "Deployment/orders"; "Pod (created by the JobManager)" for native TMs */
	bool is_job;             /* a Job's pod: counted apart from the cluster */
	int64_t count;           /* pods of this kind that run at once */
	struct fc_plan_res res;  /* one pod, effective */
	struct fc_plan_container *containers;
	size_t ncontainers;
};

struct fc_plan_entry {
	const char *kind, *namespace_, *name;
	struct fc_loc loc;
	const char *mode;        /* native, standalone; NULL for a session job */
	bool application;
	const char *version;     /* flinkVersion name, or NULL */
	int64_t parallelism;     /* 0: none (session cluster) */
	int64_t slots;           /* per TaskManager; 0 for a session job */
	int64_t jm_replicas;
	int64_t tms;             /* TaskManagers counted in the totals */
	bool tms_on_demand;      /* native session: the JobManager starts them for submitted jobs */
	int64_t tms_min, tms_max; /* on demand: bounds from the configuration; -1 = none */
	const char *scheduler;   /* default, adaptive, reactive */
	const char *note;        /* how the TaskManager count was decided, or NULL */
	const char *target;      /* session job: its FlinkDeployment */
	struct fc_plan_pod *pods;
	size_t npods;
	struct fc_plan_res cluster, jobs; /* totals: JobManager + TaskManagers; Job pods */
	int64_t default_parallelism; /* session cluster: parallelism.default, for its session jobs */
	size_t nsessionjobs;     /* session cluster: its session jobs among the inputs */
};

struct fc_plan_ns {
	const char *namespace_;
	size_t nentries;
	struct fc_plan_res cluster, jobs;
};

/* a budget: the defaults' quota.<ns> or a ResourceQuota's spec.hard */
struct fc_plan_quota {
	const char *namespace_;
	const char *source;      /* "quota.team-a in flinkc-defaults.yaml", "ResourceQuota team-a/compute" */
	struct fc_loc loc;
	int64_t hard[FC_PLAN_NQUOTA]; /* FC_PLAN_* figures; -1 = no bound, -2 = not a quantity */
	struct fc_loc at[FC_PLAN_NQUOTA];
	const char *path[FC_PLAN_NQUOTA]; /* the field of each bound, for the diagnostic */
};

/* a quota exceeded (fc_plan_check_quotas), for the output */
struct fc_plan_breach {
	const char *namespace_, *source, *message;
	int res;                 /* FC_PLAN_*, FC_PLAN_PODS */
	int64_t total, budget;
};

struct fc_plan {
	struct fc_arena *a;
	struct fc_plan_entry *entries;
	size_t nentries, cap;
	long cur;                /* index of the entry between begin and end, or -1 */
	struct fc_plan_quota *quotas;
	size_t nquotas, capq;
	/* after fc_plan_finish: sorted entries, namespaces, totals */
	struct fc_plan_ns *ns;
	size_t nns;
	struct fc_plan_res cluster, jobs;
	bool finished;
	struct fc_plan_breach *breaches;
	size_t nbreaches;
};

/* append what src collected (a worker's plan, compile.c) to dst, copied, in
 * order, as if collected there; src must be between jobs */
void fc_plan_take(struct fc_plan *dst, const struct fc_plan *src);

void fc_plan_begin_job(struct fc_plan *p, const struct fc_job *job);
/* a the job's arena (unused: emit_deployment.c built the native TaskManager pod) */
void fc_plan_end_job(struct fc_plan *p, struct fc_arena *a, const struct fc_job *job);
/* doc a FlinkSessionJob that passed the rules; ns its namespace */
void fc_plan_begin_sessionjob(struct fc_plan *p, const struct fc_node *doc, const char *ns);
void fc_plan_end(struct fc_plan *p);
/* an object about to be written (emit.c) */
void fc_plan_object(struct fc_plan *p, const struct fc_node *obj, struct fc_loc origin);

/* one pod's effective resources from its spec (the rule above); containers
 * into *out (plan arena), their number into *n */
struct fc_plan_res fc_plan_pod_resources(struct fc_plan *p, const struct fc_node *podspec,
                                         struct fc_plan_container **out, size_t *n);

#endif
