/* SPDX-License-Identifier: Apache-2.0 */
/* lifecycle.h - upgrade modes, job state and nonces without an operator.
 *
 * The operator's control loop stops a job with a savepoint before it
 * replaces the cluster, scales a suspended job to nothing and restarts
 * pods on a new restartNonce (facts/operator.md §f).  flinkc renders the
 * same guarantees as plain objects: an upgrade hook Job (emit_hook.c)
 * that stops the running job with a savepoint and records the path in
 * ConfigMap X-restore, and a JobManager whose start command restores from
 * that path at run time.  The recorded path never enters the rendered
 * bytes: it is data written in the cluster.
 *
 * Read from the FlinkDeployment after lowering; the emitters ask here.
 */
#ifndef FC_LIFECYCLE_H
#define FC_LIFECYCLE_H

#include "model.h"

struct fc_arena;

#define FC_LIFECYCLE_RESTORE_DIR "/opt/flink/restore"   /* where X-restore is mounted */
#define FC_LIFECYCLE_PATH_KEY "savepoint-path"          /* data keys of X-restore */
#define FC_LIFECYCLE_JOBID_KEY "job-id"
#define FC_LIFECYCLE_NONCE_ANNOTATION "flinkc.io/restart-nonce"

struct fc_lifecycle {
	const char *upgrade_mode;     /* "stateless", "savepoint" or "last-state" */
	bool suspended;               /* spec.job.state: suspended */
	bool restore;                 /* the JobManager restores from ConfigMap X-restore */
	bool upgrade_hook;            /* a PreSync hook stops the job with a savepoint first */
	const char *restart_nonce;    /* spec.restartNonce as text, or NULL */
	const char *savepoint_nonce;  /* spec.job.savepointTriggerNonce as text, or NULL */
	const char *checkpoint_nonce; /* spec.job.checkpointTriggerNonce as text, or NULL */
};

/* what the job's spec asks for; never fails (the schema checked the types) */
void fc_lifecycle_of(struct fc_lifecycle *out, const struct fc_job *job);

/* "X-restore" */
const char *fc_lifecycle_restore_name(struct fc_arena *a, const struct fc_job *job);

/* Apply the lifecycle to one Deployment as emit_deployment.c built it:
 * spec.replicas 0 when suspended, the restart-nonce annotation on the pod
 * template, and on the JobManager (jm) of a restoring job the optional
 * X-restore volume and a start command that picks the recorded savepoint
 * at run time.  `main` is the main container (not yet in the pod). */
void fc_lifecycle_apply_deployment(struct fc_arena *a, const struct fc_job *job, bool jm,
                                   struct fc_node *deployment_spec, struct fc_node *main);

#endif
