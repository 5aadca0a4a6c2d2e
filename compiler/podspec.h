/* SPDX-License-Identifier: Apache-2.0 */
/* podspec.h - add what flinkc puts into a pod without duplicating the user's own.
 *
 * The user's pod template wins over anything flinkc adds (DESIGN §4): a
 * container port whose number (TCP) or name is taken, an env var whose
 * name is taken, a volume whose name is taken and a mount whose path is
 * taken are never added a second time, so the API server's uniqueness rules
 * always hold.  Used by lower.c (the native TaskManager pod template) and
 * emit_deployment.c (the Deployments).
 */
#ifndef FC_PODSPEC_H
#define FC_PODSPEC_H

#include "base.h"

struct fc_arena;
struct fc_node;

/* The name under which container `c` serves TCP port `number`.  A port
 * already declared with that number is reused: its name is returned, and
 * when it has none it is given the first free name of want, then alt[]
 * (NULL-terminated, may be NULL).  Otherwise {name, containerPort} is
 * appended under the first free name of want, then alt[].  Returns NULL
 * when nothing serves the port (every name is taken, or the reused port
 * could not be named). */
const char *fc_podspec_port(struct fc_arena *a, struct fc_node *c, const char *want, int number,
                            const char *const *alt);

/* the names tried after "metrics" for the reporter's port (NULL-terminated) */
extern const char *const fc_podspec_metrics_alt[];

/* Append env entry `e` (a map with a name) to container `c` unless an entry
 * of that name is already there.  Returns true if it was appended. */
bool fc_podspec_env(struct fc_arena *a, struct fc_node *c, struct fc_node *e);

/* Append volume `v` to the pod spec unless a volume of that name exists
 * (the user's then serves flinkc's mounts).  Returns true if appended. */
bool fc_podspec_volume(struct fc_arena *a, struct fc_node *podspec, struct fc_node *v);

/* Append mount `m` to container `c` unless something is already mounted at
 * its mountPath.  Returns true if appended. */
bool fc_podspec_mount(struct fc_arena *a, struct fc_node *c, struct fc_node *m);

#endif
