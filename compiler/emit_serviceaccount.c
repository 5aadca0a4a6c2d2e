/* SPDX-License-Identifier: Apache-2.0 */
/* emit_serviceaccount.c - the service accounts the Flink pods run as (N12).
 *
 * Per job it records what each account needs; after the last job it emits
 * one ServiceAccount per namespace and account, deduplicated across jobs:
 * every account the pods name, in both modes, so that the pods can start.
 * The account "default" exists in every namespace and is not emitted; an
 * account of the same name in the inputs is used instead (emit.c).
 */
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "defaults.h"
#include "emit.h"

int fc_emit_serviceaccount(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	unsigned jm = FC_RBAC_JOBMANAGER, tm = 0;
	const struct fc_node *name = fc_node_path(job->doc, "metadata.name");
	/* notes and errors about these objects point at the job's name */
	struct fc_loc at = name && name->loc.line ? name->loc : job->loc;

	(void)a;
	if (!(fc_emit_ctx(e)->defaults->objects & FC_OBJ_RBAC))
		return 0; /* switched off in the project defaults */
	if (job->ha) {
		jm |= FC_RBAC_HA_WRITE;
		tm |= FC_RBAC_HA_READ;
	}
	if (job->host_network)
		jm |= FC_RBAC_SERVICES;
	if (job->mode == FC_MODE_STANDALONE) {
		/* standalone: nothing creates pods; only HA needs the API (S2.12) */
		jm &= ~(unsigned)FC_RBAC_JOBMANAGER;
	}
	/* every account the pods name must exist, even one that needs no
	 * permissions (perms 0: standalone without HA, TaskManagers without HA);
	 * emit_role.c and emit_rolebinding.c skip those */
	fc_emit_rbac_need(e, job->namespace_, job->jm.service_account, jm, at);
	fc_emit_rbac_need(e, job->namespace_, job->tm.service_account, tm, at);
	return 0;
}

int fc_emit_serviceaccount_finish(struct fc_emit *e, struct fc_arena *a)
{
	const struct fc_rbac_need *v;
	size_t i, n = fc_emit_rbac_needs(e, &v);

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].account, "default") == 0)
			continue;
		fc_emit_add_optional(e, a, fc_emit_object(a, "v1", "ServiceAccount", v[i].namespace_, v[i].account),
		            v[i].origin);
	}
	return 0;
}
