/* SPDX-License-Identifier: Apache-2.0 */
/* merge.h - the operator's pod-template merge (FlinkUtils.mergePodTemplates).
 *
 * Used by lower.c to combine spec.podTemplate with the JobManager and
 * TaskManager templates.  Objects merge recursively, the override wins for
 * scalars, a null in the override deletes nothing; arrays merge by index
 * (objects element-wise, scalars keep the base and only surplus override
 * elements are appended), or by `name` when every element has one and
 * by_name is set (kubernetes.operator.pod-template.merge-arrays-by-name).
 */
#ifndef FC_MERGE_H
#define FC_MERGE_H

#include "base.h"

struct fc_arena;
struct fc_node;

/* The container named flink-main-container in a pod spec's containers,
 * appended (with only its name) when missing. */
struct fc_node *fc_merge_main_container(struct fc_arena *a, struct fc_node *podspec);

/* a new tree (arena a); either input may be NULL; NULL if both are */
struct fc_node *fc_merge_pod_templates(struct fc_arena *a, const struct fc_node *base,
                                       const struct fc_node *over, bool by_name);

#endif
