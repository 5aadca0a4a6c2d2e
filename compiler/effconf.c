/* SPDX-License-Identifier: Apache-2.0 */
/* effconf.c - the effective Flink configuration E of one document; see effconf.h.
 *
 * The one place E is built.  rules.c and lower.c used to build it each on
 * their own, rules.c typing E0's two keys INT and lower.c STRING.  They are
 * STRING here: lower.c renders them (config.yaml quotes what YAML would
 * type), and rules.c only reads values, never types, so its diagnostics do
 * not depend on it.
 */
#include "effconf.h"

#include "ctx.h"
#include "defaults.h"
#include "node.h"
#include "version.h"

/* the text a String field binds to (rules.c's reading): a STR, INT or
 * FLOAT scalar, else NULL */
static const char *text(const struct fc_node *n)
{
	bool ok = n && (n->kind == FC_NODE_STR || n->kind == FC_NODE_INT || n->kind == FC_NODE_FLOAT);
	return ok ? n->str : NULL;
}

static const struct fc_node *spec_of(const struct fc_node *doc)
{
	const struct fc_node *spec = fc_node_get(doc, "spec");
	return spec && spec->kind == FC_NODE_MAP ? spec : NULL;
}

void fc_effconf_base(struct fc_conf *out, const struct fc_ctx *ctx, struct fc_arena *a,
                     const struct fc_node *doc)
{
	const char *ns = text(fc_node_path(doc, "metadata.namespace"));
	const char *ver = text(fc_node_get(spec_of(doc), "flinkVersion"));

	/* E0: the operator's default configuration (helm chart flink-conf.yaml) */
	fc_conf_init(out, a);
	fc_conf_setdefault(out, "taskmanager.numberOfTaskSlots", "1", FC_CONF_STRING);
	fc_conf_setdefault(out, "parallelism.default", "1", FC_CONF_STRING);
	/* the project defaults document: global, namespace, version */
	if (!ns)
		ns = ctx->defaults && ctx->defaults->namespace_ ? ctx->defaults->namespace_ : "default";
	fc_defaults_apply_conf(ctx->defaults, out, ns, fc_version_parse(ver));
}

void fc_effconf_build(struct fc_conf *out, const struct fc_ctx *ctx, struct fc_arena *a,
                      const struct fc_node *doc)
{
	const struct fc_node *cfg = fc_node_get(spec_of(doc), "flinkConfiguration");

	fc_effconf_base(out, ctx, a, doc);
	/* step 1: applyFlinkConfiguration */
	if (cfg && cfg->kind == FC_NODE_MAP)
		fc_conf_flatten(out, cfg);
}
