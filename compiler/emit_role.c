/* SPDX-License-Identifier: Apache-2.0 */
/* emit_role.c - Role flinkc-<account>: least privilege for the Flink pods (N12.2).
 *
 * The JobManager creates, watches and deletes TaskManager pods, reads its
 * own Deployment (owner of those pods; setting blockOwnerDeletion needs
 * deployments/finalizers update) and deletes it when an application ends;
 * with Kubernetes HA it writes leader ConfigMaps and TaskManagers watch
 * them; with host networking it updates the Services' target ports.
 */
#include "arena.h"
#include "emit.h"

static struct fc_node *rule(struct fc_arena *a, const char *group, const char *resource,
                            const char *const *verbs)
{
	struct fc_node *r = fc_node_map(a), *s;

	s = fc_node_getseq(a, r, "apiGroups");
	fc_node_push(a, s, fc_node_str(a, group));
	s = fc_node_getseq(a, r, "resources");
	fc_node_push(a, s, fc_node_str(a, resource));
	s = fc_node_getseq(a, r, "verbs");
	for (; *verbs; verbs++)
		fc_node_push(a, s, fc_node_str(a, *verbs));
	return r;
}

const char *fc_emit_role_name(struct fc_arena *a, const char *account)
{
	return fc_arena_printf(a, "flinkc-%s", account);
}

/* after the last job: the needs were recorded by emit_serviceaccount.c */
int fc_emit_role_finish(struct fc_emit *e, struct fc_arena *a)
{
	static const char *const pods[] = { "create", "delete", "get", "list", "watch", NULL };
	static const char *const deploy[] = { "delete", "get", NULL };
	static const char *const finalizers[] = { "update", NULL };
	static const char *const cm_rw[] = { "create", "delete", "get", "list", "update", "watch", NULL };
	static const char *const cm_ro[] = { "get", "list", "watch", NULL };
	static const char *const svc[] = { "get", "update", NULL };
	const struct fc_rbac_need *v;
	size_t i, n = fc_emit_rbac_needs(e, &v);

	for (i = 0; i < n; i++) {
		struct fc_node *o, *rules;
		unsigned p = v[i].perms;

		if (!p)
			continue; /* an account the pods run as, with nothing to call */
		o = fc_emit_object(a, "rbac.authorization.k8s.io/v1", "Role", v[i].namespace_,
		                   fc_emit_role_name(a, v[i].account));
		rules = fc_node_getseq(a, o, "rules");

		if (p & FC_RBAC_HA_WRITE)
			fc_node_push(a, rules, rule(a, "", "configmaps", cm_rw));
		else if (p & FC_RBAC_HA_READ)
			fc_node_push(a, rules, rule(a, "", "configmaps", cm_ro));
		if (p & FC_RBAC_JOBMANAGER)
			fc_node_push(a, rules, rule(a, "", "pods", pods));
		if (p & FC_RBAC_SERVICES)
			fc_node_push(a, rules, rule(a, "", "services", svc));
		if (p & FC_RBAC_JOBMANAGER) {
			fc_node_push(a, rules, rule(a, "apps", "deployments", deploy));
			fc_node_push(a, rules, rule(a, "apps", "deployments/finalizers", finalizers));
		}
		fc_emit_add_optional(e, a, o, v[i].origin);
	}
	return 0;
}
