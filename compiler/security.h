/* SPDX-License-Identifier: Apache-2.0 */
/* security.h - default security contexts for the Flink pods (DESIGN §4).
 *
 * Used by features.c (the TaskManager pod template, at the end of lowering)
 * and by the Deployment emitters (the JobManager pod, and the TaskManager
 * pods of standalone mode).  Everything is conditional on
 * FC_FEATURE_SECURITY in job->features.
 */
#ifndef FC_SECURITY_H
#define FC_SECURITY_H

#include "model.h"

struct fc_arena;

/* The user and group of the official Flink image (S3.4, S2.5). */
#define FC_SECURITY_FLINK_UID 9999

/* Add the default security contexts to `podspec` (a pod's spec map) and to
 * `main` (its flink-main-container map).  Both are built from the user's
 * pod template: a key that is already set (not null) is the user's and is
 * kept.  Sidecars and init containers get only the pod-level settings, as
 * Kubernetes applies them.  Does nothing without FC_FEATURE_SECURITY. */
void fc_security_apply_pod(struct fc_arena *a, const struct fc_job *job, struct fc_node *podspec,
                           struct fc_node *main);

/* Native mode: the same for the TaskManager pod template shipped in
 * pod-template-X (the JobManager creates the TaskManager pods from it,
 * N8).  When the job has no TaskManager template, one is created and
 * kubernetes.pod-template-file.taskmanager is set to its path in the
 * JobManager pod (N8.5), so pod-template-X and its mount appear.  Does
 * nothing without FC_FEATURE_SECURITY or in standalone mode. */
void fc_security_lower_taskmanager(struct fc_arena *a, struct fc_job *job);

#endif
