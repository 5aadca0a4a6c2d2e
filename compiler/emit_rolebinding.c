/* SPDX-License-Identifier: Apache-2.0 */
/* emit_rolebinding.c - RoleBinding flinkc-<account>: binds the Role of emit_role.c. */
#include "arena.h"
#include "emit.h"

/* after the last job: the needs were recorded by emit_serviceaccount.c */
int fc_emit_rolebinding_finish(struct fc_emit *e, struct fc_arena *a)
{
	const struct fc_rbac_need *v;
	size_t i, n = fc_emit_rbac_needs(e, &v);

	for (i = 0; i < n; i++) {
		const char *name;
		struct fc_node *o, *ref, *subj;

		if (!v[i].perms)
			continue; /* no Role for it (emit_role.c) */
		name = fc_emit_role_name(a, v[i].account);
		o = fc_emit_object(a, "rbac.authorization.k8s.io/v1", "RoleBinding", v[i].namespace_, name);
		ref = fc_node_getmap(a, o, "roleRef");
		subj = fc_node_map(a);

		fc_node_set(a, ref, "apiGroup", fc_node_str(a, "rbac.authorization.k8s.io"));
		fc_node_set(a, ref, "kind", fc_node_str(a, "Role"));
		fc_node_set(a, ref, "name", fc_node_str(a, name));
		fc_node_set(a, subj, "kind", fc_node_str(a, "ServiceAccount"));
		fc_node_set(a, subj, "name", fc_node_str(a, v[i].account));
		fc_node_set(a, subj, "namespace", fc_node_str(a, v[i].namespace_));
		fc_node_push(a, fc_node_getseq(a, o, "subjects"), subj);
		fc_emit_add_optional(e, a, o, v[i].origin);
	}
	return 0;
}
