/* SPDX-License-Identifier: Apache-2.0 */
/* emit.h - turn lowered jobs into Kubernetes objects; collect, order, write them.
 *
 * Each Kubernetes kind has one emit_<kind>.c with one function, registered
 * in the table in emit.c (STYLE §7); emit.c never looks at kind names
 * otherwise.  Objects are built as trees in the job's arena, then
 * canonicalized, hashed and serialized into the run at once, so memory
 * stays flat as the number of jobs grows.
 */
#ifndef FC_EMIT_H
#define FC_EMIT_H

#include "base.h"
#include "fc.h"
#include "model.h"

struct fc_arena;
struct fc_buf;
struct fc_ctx;
struct fc_emit;

/* one job's objects: called with the job's arena for building trees */
typedef int fc_emit_fn(struct fc_emit *e, struct fc_arena *a, struct fc_job *job);
/* after every document: objects that depend on several jobs (RBAC) */
typedef int fc_emit_finish_fn(struct fc_emit *e, struct fc_arena *a);

struct fc_emitter {
	const char *kind;
	fc_emit_fn *emit;
	fc_emit_finish_fn *finish; /* may be NULL */
};

struct fc_emit *fc_emit_new(struct fc_ctx *ctx);
/* An emitter for a worker (compile.c, -j): objects are made, hashed and
 * serialized as usual, then wait, with the RBAC needs, for fc_emit_replay.
 * ctx is the worker's context: diagnostics and strings go there. */
struct fc_emit *fc_emit_new_recorder(struct fc_ctx *ctx);
/* add what recorder w holds to e, in the order it was made, as if made
 * there (duplicates are found now); w is emptied */
void fc_emit_replay(struct fc_emit *e, struct fc_emit *w);
void fc_emit_free(struct fc_emit *e);

/* run every emitter over a lowered FlinkDeployment */
int fc_emit_job(struct fc_emit *e, struct fc_arena *a, struct fc_job *job);
/* any other Kubernetes object from the input, canonicalized */
int fc_emit_passthrough(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj);
/* run the finish hooks (once, after the last document) */
int fc_emit_finish(struct fc_emit *e);
/* order the objects (after the last one is added); returns their number */
size_t fc_emit_finish_objects(struct fc_emit *e);
/* the i-th ordered object; valid until fc_emit_free */
const struct fc_object *fc_emit_object_at(const struct fc_emit *e, size_t i);
/* the text of the i-th ordered object; a spilled one is read through its
 * batch's window (spill.h), so writing every text in order keeps memory
 * flat and reads each batch forward; valid until the next call */
const char *fc_emit_text(struct fc_emit *e, size_t i);
/* 0, or the errno of a failed write or read of the spill file */
int fc_emit_spill_failed(const struct fc_emit *e);

/* ---- for emit_<kind>.c ---- */

/* add a finished object: canonicalize, hash, serialize.  `origin` is the
 * input location that produced it (for duplicate reports). */
void fc_emit_add(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj, struct fc_loc origin);
/* the same, returning the object's content hash (16 hex digits, run arena)
 * for an emitter that writes it into another object (the config hash into
 * the Deployments, a Deployment's into its hook Job's name).  A plan (which
 * writes no object) serializes only these, for their hashes. */
const char *fc_emit_add_hashed(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj, struct fc_loc origin);
/* as fc_emit_add, for an object flinkc adds only for convenience (RBAC,
 * PodMonitor, NetworkPolicy, PodDisruptionBudget): an object of the same
 * kind, namespace and name in the inputs is used instead, in either input
 * order, with a note N0501 under --verbose; never an error. */
const char *fc_emit_add_optional(struct fc_emit *e, struct fc_arena *a, struct fc_node *obj, struct fc_loc origin);
/* {apiVersion, kind, metadata: {name, namespace}} */
struct fc_node *fc_emit_object(struct fc_arena *a, const char *api_version, const char *kind,
                               const char *namespace_, const char *name);
/* {type: flink-native-kubernetes|flink-standalone-kubernetes, app: X} */
struct fc_node *fc_emit_common_labels(struct fc_arena *a, const struct fc_job *job);
/* common labels + component */
struct fc_node *fc_emit_selector(struct fc_arena *a, const struct fc_job *job, const char *component);
/* copy the pairs of src into dst (dst's values replaced) */
void fc_emit_merge_map(struct fc_arena *a, struct fc_node *dst, const struct fc_node *src);
/* the run's context and arena */
struct fc_ctx *fc_emit_ctx(struct fc_emit *e);

enum {
	FC_RBAC_JOBMANAGER = 1 << 0, /* TaskManager pods; the JM Deployment (owner of TM pods) */
	FC_RBAC_HA_WRITE = 1 << 1,   /* Kubernetes HA: the JM writes leader and HA ConfigMaps */
	FC_RBAC_HA_READ = 1 << 2,    /* Kubernetes HA: TaskManagers watch the leader ConfigMaps */
	FC_RBAC_SERVICES = 1 << 3,   /* host network: the JM updates the Services' target ports */
};

/* what one service account in one namespace must be allowed to do */
struct fc_rbac_need {
	const char *namespace_, *account;
	unsigned perms;  /* FC_RBAC_* bits */
	struct fc_loc origin;
};

/* record a need (merged per namespace and account) */
void fc_emit_rbac_need(struct fc_emit *e, const char *namespace_, const char *account, unsigned perms,
                       struct fc_loc origin);
/* every need recorded so far, in first-seen order */
size_t fc_emit_rbac_needs(struct fc_emit *e, const struct fc_rbac_need **out);

/* A FlinkSessionJob, lowered (fc_lower_sessionjob): the submitter Job and its stop
 * hook (emit_job.c). */
int fc_emit_sessionjob(struct fc_emit *e, struct fc_arena *a, const struct fc_sessionjob *m);

/* the emitters */
fc_emit_fn fc_emit_configmap, fc_emit_service, fc_emit_deployment, fc_emit_podmonitor;
fc_emit_fn fc_emit_serviceaccount;
fc_emit_fn fc_emit_ingress;
fc_emit_finish_fn fc_emit_serviceaccount_finish, fc_emit_role_finish, fc_emit_rolebinding_finish;
/* the Role and RoleBinding of a service account: "flinkc-<account>" (emit_role.c) */
const char *fc_emit_role_name(struct fc_arena *a, const char *account);
fc_emit_fn fc_emit_networkpolicy, fc_emit_poddisruptionbudget;
fc_emit_fn fc_emit_hook; /* lifecycle hook Job and its RBAC (emit_hook.c) */

#endif
