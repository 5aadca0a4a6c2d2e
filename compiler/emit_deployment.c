/* SPDX-License-Identifier: Apache-2.0 */
/* emit_deployment.c - the JobManager Deployment X (N4).
 *
 * Starts from the merged JobManager pod template and applies what Flink's
 * decorators do, in their order (N1.3): labels and annotations, service
 * account, host network and DNS policy, pull secrets, node selector,
 * tolerations, volumes (template's first, then Flink's), and the main
 * container `flink-main-container` appended after the template's sidecars,
 * with command, args, ports, env, resources and mounts (N4.5).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "emit.h"
#include "security.h"
#include "units.h"

#define CONFIG_HASH_ANNOTATION "flinkc.io/config-hash"

static struct fc_node *named(struct fc_arena *a, const char *name)
{
	struct fc_node *m = fc_node_map(a);
	fc_node_set(a, m, "name", fc_node_str(a, name));
	return m;
}

static struct fc_node *item(struct fc_arena *a, const char *file)
{
	struct fc_node *m = fc_node_map(a);
	fc_node_set(a, m, "key", fc_node_str(a, file));
	fc_node_set(a, m, "path", fc_node_str(a, file));
	return m;
}

static struct fc_node *mount(struct fc_arena *a, const char *name, const char *path)
{
	struct fc_node *m = named(a, name);
	fc_node_set(a, m, "mountPath", fc_node_str(a, path));
	return m;
}

static struct fc_node *env_value(struct fc_arena *a, const char *name, const char *value)
{
	struct fc_node *m = named(a, name);
	fc_node_set(a, m, "value", fc_node_str(a, value));
	return m;
}

static struct fc_node *env_field(struct fc_arena *a, const char *name, const char *field)
{
	struct fc_node *m = named(a, name), *vf = fc_node_map(a), *ref = fc_node_map(a);
	fc_node_set(a, ref, "apiVersion", fc_node_str(a, "v1"));
	fc_node_set(a, ref, "fieldPath", fc_node_str(a, field));
	fc_node_set(a, vf, "fieldRef", ref);
	fc_node_set(a, m, "valueFrom", vf);
	return m;
}

static struct fc_node *container_port(struct fc_arena *a, const char *name, int p)
{
	struct fc_node *m = named(a, name);
	fc_node_set(a, m, "containerPort", fc_node_int(a, p));
	return m;
}

static void append_all(struct fc_arena *a, struct fc_node *seq, const struct fc_node *from)
{
	uint32_t i;

	for (i = 0; from && from->kind == FC_NODE_SEQ && i < from->n; i++)
		fc_node_push(a, seq, fc_node_copy(a, from->items[i]));
}

/* split the template's containers into sidecars (kept in place) and the main one */
static struct fc_node *take_main(struct fc_arena *a, struct fc_node *podspec)
{
	struct fc_node *cs = fc_node_get(podspec, "containers"), *kept, *main = NULL;
	uint32_t i;

	kept = fc_node_seq(a);
	for (i = 0; cs && cs->kind == FC_NODE_SEQ && i < cs->n; i++) {
		const char *name = fc_node_getstr(cs->items[i], "name");
		if (!main && name && strcmp(name, "flink-main-container") == 0)
			main = cs->items[i];
		else
			fc_node_push(a, kept, cs->items[i]);
	}
	fc_node_set(a, podspec, "containers", kept);
	return main ? main : named(a, "flink-main-container");
}

static const char *fmt_double(struct fc_arena *a, double v)
{
	char buf[64];
	fc_units_format_double(buf, sizeof(buf), v);
	return fc_arena_strdup(a, buf);
}

/* KubernetesUtils.getResourceRequirements: template values kept, cpu and memory overwritten */
static void set_resources(struct fc_arena *a, struct fc_node *c, const struct fc_side *s)
{
	struct fc_node *res = fc_node_getmap(a, c, "resources");
	struct fc_node *req = fc_node_getmap(a, res, "requests"), *lim = fc_node_getmap(a, res, "limits");

	fc_node_set(a, req, "cpu", fc_node_str(a, fmt_double(a, s->cpu)));
	fc_node_set(a, lim, "cpu", fc_node_str(a, fmt_double(a, s->cpu * s->cpu_limit_factor)));
	fc_node_set(a, req, "memory", fc_node_strf(a, "%lluMi", (unsigned long long)s->memory_mb));
	fc_node_set(a, lim, "memory",
	            fc_node_strf(a, "%lluMi", (unsigned long long)(double)((double)s->memory_mb * s->memory_limit_factor)));
}

static void main_container(struct fc_arena *a, const struct fc_job *job, struct fc_node *c)
{
	struct fc_node *seq;
	uint32_t i;

	if (job->image && *job->image)
		fc_node_set(a, c, "image", fc_node_str(a, job->image));
	if (job->pull_policy || !fc_node_get(c, "imagePullPolicy"))
		fc_node_set(a, c, "imagePullPolicy", fc_node_str(a, job->pull_policy ? job->pull_policy : "IfNotPresent"));
	seq = fc_node_seq(a);
	fc_node_push(a, seq, fc_node_str(a, job->entry_path));
	fc_node_set(a, c, "command", seq);
	seq = fc_node_seq(a);
	fc_node_push(a, seq, fc_node_str(a, "bash"));
	fc_node_push(a, seq, fc_node_str(a, "-c"));
	/* string concatenation with single spaces: empty args leave a trailing space (N4.5) */
	fc_node_push(a, seq, fc_node_strf(a, "kubernetes-jobmanager.sh %s %s",
	                                  job->application ? "kubernetes-application" : "kubernetes-session",
	                                  job->jm.entrypoint_args));
	fc_node_set(a, c, "args", seq);

	if (job->host_network) {
		fc_node_del(c, "ports");
	} else {
		seq = fc_node_getseq(a, c, "ports");
		fc_node_push(a, seq, container_port(a, "rest", job->rest_port));
		fc_node_push(a, seq, container_port(a, "jobmanager-rpc", job->rpc_port));
		fc_node_push(a, seq, container_port(a, "blobserver", job->blob_port));
	}

	seq = fc_node_getseq(a, c, "env");
	append_all(a, seq, job->jm.env);
	fc_node_push(a, seq, env_field(a, "_POD_IP_ADDRESS", "status.podIP"));
	if (job->log_dir)
		fc_node_push(a, seq, env_value(a, "FLINK_LOG_DIR", job->log_dir));
	append_all(a, seq, job->env_secrets);
	if (job->hadoop_conf_map)
		fc_node_push(a, seq, env_value(a, "HADOOP_CONF_DIR", "/opt/hadoop/conf"));

	set_resources(a, c, &job->jm);

	seq = fc_node_getseq(a, c, "volumeMounts");
	fc_node_push(a, seq, mount(a, "user-artifacts-volume", job->artifacts_dir));
	for (i = 0; i < job->secrets->n; i++)
		fc_node_push(a, seq, mount(a, fc_arena_printf(a, "%s-volume", fc_node_getstr(job->secrets->items[i], "name")),
		                           fc_node_getstr(job->secrets->items[i], "path")));
	if (job->hadoop_conf_map)
		fc_node_push(a, seq, mount(a, "hadoop-config-volume", "/opt/hadoop/conf"));
	fc_node_push(a, seq, mount(a, "flink-config-volume", job->conf_dir));
	if (job->tm_template_file)
		fc_node_push(a, seq, mount(a, "pod-template-volume", "/opt/flink/pod-template"));
}

static void volumes(struct fc_arena *a, const struct fc_job *job, struct fc_node *podspec)
{
	struct fc_node *seq = fc_node_getseq(a, podspec, "volumes"), *v, *cm, *items;
	size_t i;

	v = named(a, "user-artifacts-volume");
	fc_node_set(a, v, "emptyDir", fc_node_map(a));
	fc_node_push(a, seq, v);
	for (i = 0; i < job->secrets->n; i++) {
		const char *name = fc_node_getstr(job->secrets->items[i], "name");
		struct fc_node *s = fc_node_map(a);
		v = named(a, fc_arena_printf(a, "%s-volume", name));
		fc_node_set(a, s, "secretName", fc_node_str(a, name));
		fc_node_set(a, v, "secret", s);
		fc_node_push(a, seq, v);
	}
	if (job->hadoop_conf_map) {
		v = named(a, "hadoop-config-volume");
		fc_node_set(a, v, "configMap", named(a, job->hadoop_conf_map));
		fc_node_push(a, seq, v);
	}
	v = named(a, "flink-config-volume");
	cm = named(a, fc_arena_printf(a, "flink-config-%s", job->name));
	items = fc_node_getseq(a, cm, "items");
	for (i = 0; i < countof(job->logs); i++)
		if (job->logs[i].name)
			fc_node_push(a, items, item(a, job->logs[i].name));
	fc_node_push(a, items, item(a, job->conf_file));
	fc_node_set(a, v, "configMap", cm);
	fc_node_push(a, seq, v);
	if (job->tm_template_file) {
		v = named(a, "pod-template-volume");
		cm = named(a, fc_arena_printf(a, "pod-template-%s", job->name));
		fc_node_push(a, fc_node_getseq(a, cm, "items"), item(a, "taskmanager-pod-template.yaml"));
		fc_node_set(a, v, "configMap", cm);
		fc_node_push(a, seq, v);
	}
}

int fc_emit_deployment(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	struct fc_node *o, *meta, *spec, *tmpl, *tmeta, *pod, *main, *labels, *ann, *seq;
	const char *dns, *hash;

	if (job->mode != FC_MODE_NATIVE)
		return 0; /* standalone deployments are not built yet */
	o = fc_emit_object(a, "apps/v1", "Deployment", job->namespace_, job->name);
	meta = fc_node_get(o, "metadata");
	/* N3.5: user labels first, the selector on top */
	labels = fc_node_copy(a, job->jm.labels);
	fc_emit_merge_map(a, labels, fc_emit_selector(a, job, "jobmanager"));
	fc_node_set(a, meta, "labels", labels);
	if (job->jm.annotations->n)
		fc_node_set(a, meta, "annotations", fc_node_copy(a, job->jm.annotations));

	spec = fc_node_getmap(a, o, "spec");
	fc_node_set(a, spec, "replicas", fc_node_int(a, job->jm.replicas));
	fc_node_set(a, fc_node_getmap(a, spec, "selector"), "matchLabels", fc_emit_selector(a, job, "jobmanager"));

	tmpl = job->jm.template_ ? fc_node_copy(a, job->jm.template_) : fc_node_map(a);
	fc_node_del(tmpl, "apiVersion");
	fc_node_del(tmpl, "kind");
	fc_node_del(tmpl, "status");
	tmeta = fc_node_getmap(a, tmpl, "metadata");
	fc_node_del(tmeta, "name");
	fc_node_del(tmeta, "namespace");
	/* N4.3: template labels, then user labels, then the selector */
	fc_emit_merge_map(a, fc_node_getmap(a, tmeta, "labels"), labels);
	ann = fc_node_getmap(a, tmeta, "annotations");
	fc_emit_merge_map(a, ann, job->jm.annotations);
	hash = fc_emit_recall(e, "config-hash");
	if (hash)
		fc_node_set(a, ann, CONFIG_HASH_ANNOTATION, fc_node_str(a, hash));

	pod = fc_node_getmap(a, tmpl, "spec");
	fc_node_set(a, pod, "serviceAccount", fc_node_str(a, job->jm.service_account));
	fc_node_set(a, pod, "serviceAccountName", fc_node_str(a, job->jm.service_account));
	fc_node_set(a, pod, "hostNetwork", fc_node_bool(a, job->host_network));
	dns = fc_node_getstr(pod, "dnsPolicy");
	if (job->host_network)
		dns = "ClusterFirstWithHostNet";
	else if (!dns || !*dns)
		dns = "ClusterFirst";
	fc_node_set(a, pod, "dnsPolicy", fc_node_str(a, dns));
	if (job->pull_secrets->n)
		append_all(a, fc_node_getseq(a, pod, "imagePullSecrets"), job->pull_secrets);
	if (job->jm.node_selector->n)
		fc_emit_merge_map(a, fc_node_getmap(a, pod, "nodeSelector"), job->jm.node_selector);
	if (job->jm.tolerations->n)
		append_all(a, fc_node_getseq(a, pod, "tolerations"), job->jm.tolerations);
	volumes(a, job, pod);

	main = take_main(a, pod);
	main_container(a, job, main);
	fc_security_apply_pod(a, job, pod, main);
	seq = fc_node_get(pod, "containers");
	fc_node_push(a, seq, main);

	fc_node_set(a, spec, "template", tmpl);
	fc_emit_add(e, a, o, job->loc);
	return 0;
}
