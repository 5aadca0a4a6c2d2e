/* SPDX-License-Identifier: Apache-2.0 */
/* emit_deployment.c - the Deployments: JobManager X (N4) and, in standalone
 * mode, TaskManager X-taskmanager (facts/operator.md §e, S4).
 *
 * Starts from the merged pod template of the side and applies what Flink's
 * decorators do, in their order (N1.3): labels and annotations, service
 * account, host network and DNS policy, pull secrets, node selector,
 * tolerations, volumes (template's first, then Flink's), and the main
 * container `flink-main-container` appended after the template's sidecars,
 * with command, args, ports, env, resources and mounts (N4.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "emit.h"
#include "lifecycle.h"
#include "podspec.h"
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

static bool has_mount_at(const struct fc_node *c, const char *path)
{
	const struct fc_node *mounts = fc_node_get(c, "volumeMounts");
	uint32_t i;

	for (i = 0; mounts && mounts->kind == FC_NODE_SEQ && i < mounts->n; i++) {
		const char *p = fc_node_getstr(mounts->items[i], "mountPath");
		size_t n = strlen(path);
		if (p && strncmp(p, path, n) == 0 && (p[n] == '\0' || p[n] == '/'))
			return true;
	}
	return false;
}

/* the JobManager's container arguments */
static struct fc_node *jm_args(struct fc_arena *a, const struct fc_job *job, const struct fc_node *tmpl_args)
{
	struct fc_node *seq = fc_node_seq(a);
	uint32_t i;

	if (job->mode == FC_MODE_NATIVE) {
		fc_node_push(a, seq, fc_node_str(a, "bash"));
		fc_node_push(a, seq, fc_node_str(a, "-c"));
		/* string concatenation with single spaces: empty args leave a trailing space (N4.5) */
		fc_node_push(a, seq, fc_node_strf(a, "kubernetes-jobmanager.sh %s %s",
		                                  job->application ? "kubernetes-application" : "kubernetes-session",
		                                  job->jm.entrypoint_args));
		return seq;
	}
	if (!job->application) {
		/* session: appended to args already in the pod template (errata) */
		for (i = 0; tmpl_args && tmpl_args->kind == FC_NODE_SEQ && i < tmpl_args->n; i++)
			fc_node_push(a, seq, fc_node_copy(a, tmpl_args->items[i]));
		fc_node_push(a, seq, fc_node_str(a, "jobmanager"));
	} else {
		fc_node_push(a, seq, fc_node_str(a, "standalone-job"));
		if (job->entry_class) {
			fc_node_push(a, seq, fc_node_str(a, "--job-classname"));
			fc_node_push(a, seq, fc_node_str(a, job->entry_class));
		}
		if (job->allow_non_restored)
			fc_node_push(a, seq, fc_node_str(a, "--allowNonRestoredState"));
		if (job->savepoint_path) {
			fc_node_push(a, seq, fc_node_str(a, "--fromSavepoint"));
			fc_node_push(a, seq, fc_node_str(a, job->savepoint_path));
		}
	}
	if (job->ha) {
		fc_node_push(a, seq, fc_node_str(a, "-D"));
		fc_node_push(a, seq, fc_node_str(a, "jobmanager.rpc.address=$(_POD_IP_ADDRESS)"));
	}
	if (job->application)
		append_all(a, seq, job->job_args);
	return seq;
}

/* Part 3: the reporter's port, under the name the PodMonitor selects
 * (a port of the template already serving that number keeps its name) */
static const char *add_metrics_port(struct fc_arena *a, const struct fc_job *job, struct fc_node *c)
{
	if (!job->metrics_port || job->host_network)
		return NULL;
	return fc_podspec_port(a, c, "metrics", job->metrics_port, fc_podspec_metrics_alt);
}

/* env entries of a SEQ, each unless the container has one of that name */
static void add_env_all(struct fc_arena *a, struct fc_node *c, const struct fc_node *from)
{
	uint32_t i;

	for (i = 0; from && from->kind == FC_NODE_SEQ && i < from->n; i++)
		fc_podspec_env(a, c, fc_node_copy(a, from->items[i]));
}

/* the env both sides get after their own and the JobManager's pod IP (N4.5, N8.4) */
static void side_env(struct fc_arena *a, const struct fc_job *job, struct fc_node *c)
{
	if (job->log_dir)
		fc_podspec_env(a, c, env_value(a, "FLINK_LOG_DIR", job->log_dir));
	add_env_all(a, c, job->env_secrets);
	if (job->hadoop_conf_map)
		fc_podspec_env(a, c, env_value(a, "HADOOP_CONF_DIR", "/opt/hadoop/conf"));
}

/* the mounts both sides get: secrets, Hadoop configuration, Flink configuration */
static void side_mounts(struct fc_arena *a, const struct fc_job *job, struct fc_node *c)
{
	uint32_t i;

	for (i = 0; i < job->secrets->n; i++)
		fc_podspec_mount(a, c, mount(a, fc_arena_printf(a, "%s-volume", fc_node_getstr(job->secrets->items[i], "name")),
		                             fc_node_getstr(job->secrets->items[i], "path")));
	if (job->hadoop_conf_map)
		fc_podspec_mount(a, c, mount(a, "hadoop-config-volume", "/opt/hadoop/conf"));
	fc_podspec_mount(a, c, mount(a, "flink-config-volume", job->conf_dir));
}

/* flinkc's startup probe asks for port "rest" by name (lower.c): follow the
 * REST port to the name it is served under, or to its number */
static void probe_rest(struct fc_arena *a, struct fc_node *c, const char *rest, int number)
{
	struct fc_node *get = fc_node_path(c, "startupProbe.httpGet");
	const char *p = fc_node_getstr(get, "port");

	if (!p || strcmp(p, "rest") != 0 || (rest && strcmp(rest, "rest") == 0))
		return;
	fc_node_set(a, get, "port", rest ? fc_node_str(a, rest) : fc_node_int(a, number));
}

/* image, pull policy (explicit option > template > IfNotPresent, N4.5), command and args */
static void run_as(struct fc_arena *a, const struct fc_job *job, struct fc_node *c, struct fc_node *args)
{
	struct fc_node *seq;

	if (job->image && *job->image)
		fc_node_set(a, c, "image", fc_node_str(a, job->image));
	if (job->pull_policy || !fc_node_get(c, "imagePullPolicy"))
		fc_node_set(a, c, "imagePullPolicy", fc_node_str(a, job->pull_policy ? job->pull_policy : "IfNotPresent"));
	seq = fc_node_seq(a);
	fc_node_push(a, seq, fc_node_str(a, job->entry_path));
	fc_node_set(a, c, "command", seq);
	fc_node_set(a, c, "args", args);
}

/* returns the name of the metrics port (add_metrics_port) */
static const char *jm_container(struct fc_arena *a, const struct fc_job *job, struct fc_node *c)
{
	const char *metrics = NULL;

	run_as(a, job, c, jm_args(a, job, fc_node_get(c, "args")));

	if (job->host_network) {
		fc_node_del(c, "ports");
	} else {
		/* Flink's names; a number the template declares keeps the template's name */
		probe_rest(a, c, fc_podspec_port(a, c, "rest", job->rest_port, NULL), job->rest_port);
		fc_podspec_port(a, c, "jobmanager-rpc", job->rpc_port, NULL);
		fc_podspec_port(a, c, "blobserver", job->blob_port, NULL);
		metrics = add_metrics_port(a, job, c);
	}

	fc_node_getseq(a, c, "env");
	add_env_all(a, c, job->jm.env);
	fc_podspec_env(a, c, env_field(a, "_POD_IP_ADDRESS", "status.podIP"));
	side_env(a, job, c);

	set_resources(a, c, &job->jm);

	fc_node_getseq(a, c, "volumeMounts");
	/* UserLibMountDecorator (standalone application with pipeline.classpaths) */
	if (job->mode == FC_MODE_STANDALONE && job->application &&
	    fc_conf_get(&job->conf, "pipeline.classpaths") && !has_mount_at(c, "/opt/flink/usrlib"))
		fc_podspec_mount(a, c, mount(a, "user-lib-dir", "/opt/flink/usrlib"));
	fc_podspec_mount(a, c, mount(a, "user-artifacts-volume", job->artifacts_dir));
	side_mounts(a, job, c);
	if (job->mode == FC_MODE_NATIVE && job->tm_template_file)
		fc_podspec_mount(a, c, mount(a, "pod-template-volume", "/opt/flink/pod-template"));
	return metrics;
}

/* returns the name of the metrics port (add_metrics_port) */
static const char *tm_container(struct fc_arena *a, const struct fc_job *job, struct fc_node *c)
{
	struct fc_node *seq = fc_node_seq(a);
	const char *metrics = NULL;

	fc_node_push(a, seq, fc_node_str(a, "taskmanager"));
	run_as(a, job, c, seq);
	if (job->host_network) {
		fc_node_del(c, "ports");
	} else {
		fc_podspec_port(a, c, "taskmanager-rpc", job->tm_rpc_port, NULL);
		metrics = add_metrics_port(a, job, c);
	}
	seq = fc_node_getseq(a, c, "env");
	add_env_all(a, c, job->tm.env);
	side_env(a, job, c);
	if (seq->n == 0)
		fc_node_del(c, "env");
	set_resources(a, c, &job->tm);
	fc_node_getseq(a, c, "volumeMounts");
	side_mounts(a, job, c);
	return metrics;
}

static void volumes(struct fc_arena *a, const struct fc_job *job, struct fc_node *podspec, bool jm,
                    const struct fc_node *main)
{
	struct fc_node *v, *cm, *items;
	size_t i;

	fc_node_getseq(a, podspec, "volumes");

	if (jm && job->mode == FC_MODE_STANDALONE && job->application &&
	    fc_conf_get(&job->conf, "pipeline.classpaths") && !has_mount_at(main, "/opt/flink/usrlib")) {
		v = named(a, "user-lib-dir");
		fc_node_set(a, v, "emptyDir", fc_node_map(a));
		fc_podspec_volume(a, podspec, v);
	}
	if (jm) {
		v = named(a, "user-artifacts-volume");
		fc_node_set(a, v, "emptyDir", fc_node_map(a));
		fc_podspec_volume(a, podspec, v);
	}
	for (i = 0; i < job->secrets->n; i++) {
		const char *name = fc_node_getstr(job->secrets->items[i], "name");
		struct fc_node *s = fc_node_map(a);
		v = named(a, fc_arena_printf(a, "%s-volume", name));
		fc_node_set(a, s, "secretName", fc_node_str(a, name));
		fc_node_set(a, v, "secret", s);
		fc_podspec_volume(a, podspec, v);
	}
	if (job->hadoop_conf_map) {
		v = named(a, "hadoop-config-volume");
		fc_node_set(a, v, "configMap", named(a, job->hadoop_conf_map));
		fc_podspec_volume(a, podspec, v);
	}
	v = named(a, "flink-config-volume");
	cm = named(a, fc_arena_printf(a, "flink-config-%s", job->name));
	items = fc_node_getseq(a, cm, "items");
	for (i = 0; i < countof(job->logs); i++)
		if (job->logs[i].name)
			fc_node_push(a, items, item(a, job->logs[i].name));
	fc_node_push(a, items, item(a, job->conf_file));
	fc_node_set(a, v, "configMap", cm);
	fc_podspec_volume(a, podspec, v);
	if (jm && job->mode == FC_MODE_NATIVE && job->tm_template_file) {
		v = named(a, "pod-template-volume");
		cm = named(a, fc_arena_printf(a, "pod-template-%s", job->name));
		fc_node_push(a, fc_node_getseq(a, cm, "items"), item(a, "taskmanager-pod-template.yaml"));
		fc_node_set(a, v, "configMap", cm);
		fc_podspec_volume(a, podspec, v);
	}
}

/* the entry of a SEQ whose `key` is s, or NULL */
static const struct fc_node *entry(const struct fc_node *seq, const char *key, const char *s)
{
	uint32_t i;

	for (i = 0; seq && seq->kind == FC_NODE_SEQ && i < seq->n; i++) {
		const char *v = fc_node_getstr(seq->items[i], key);
		if (v && strcmp(v, s) == 0)
			return seq->items[i];
	}
	return NULL;
}

/* W0503: the template's own volume or mount took the place of the one
 * that brings flinkc's ConfigMap `cm` to `path` (podspec.c keeps the
 * user's): say so, since the rendered files then never reach Flink */
static void check_shipped(struct fc_emit *e, const struct fc_job *job, const char *deployment,
                          const struct fc_node *pod, const struct fc_node *main, const char *vol,
                          const char *path, const char *cm)
{
	const struct fc_node *v = entry(fc_node_get(pod, "volumes"), "name", vol);
	const struct fc_node *m = entry(fc_node_get(main, "volumeMounts"), "mountPath", path);
	const char *vcm = fc_node_getstr(fc_node_get(v, "configMap"), "name");
	const char *mname = fc_node_getstr(m, "name");
	const struct fc_node *at;

	if (vcm && strcmp(vcm, cm) == 0 && mname && strcmp(mname, vol) == 0)
		return;
	at = !(vcm && strcmp(vcm, cm) == 0) ? v : m;
	fc_diag_at(fc_emit_ctx(e), FC_SEV_WARNING, at && at->loc.line ? at->loc : job->loc, "W0503", "podTemplate",
	           "Deployment \"%s\": the pod template's own %s \"%s\" takes the place of flinkc's; "
	           "ConfigMap \"%s\" is not mounted at %s",
	           deployment, at == v ? "volume" : "mount at", at == v ? vol : path, cm, path);
}

/* one Deployment for a side of the cluster */
static void deployment(struct fc_emit *e, struct fc_arena *a, struct fc_job *job, bool jm)
{
	const struct fc_side *side = jm ? &job->jm : &job->tm;
	const char *component = jm ? "jobmanager" : "taskmanager";
	struct fc_node *o, *meta, *spec, *tmpl, *tmeta, *pod, *main, *labels, *ann;
	const char *dns, *hash;

	o = fc_emit_object(a, "apps/v1", "Deployment", job->namespace_,
	                   jm ? job->name : fc_arena_printf(a, "%s-taskmanager", job->name));
	meta = fc_node_get(o, "metadata");
	/* N3.5: user labels first, the selector on top */
	labels = fc_node_copy(a, side->labels);
	fc_emit_merge_map(a, labels, fc_emit_selector(a, job, component));
	fc_node_set(a, meta, "labels", labels);
	if (side->annotations->n)
		fc_node_set(a, meta, "annotations", fc_node_copy(a, side->annotations));

	spec = fc_node_getmap(a, o, "spec");
	fc_node_set(a, spec, "replicas", fc_node_int(a, side->replicas));
	fc_node_set(a, fc_node_getmap(a, spec, "selector"), "matchLabels", fc_emit_selector(a, job, component));

	tmpl = side->template_ ? fc_node_copy(a, side->template_) : fc_node_map(a);
	fc_node_del(tmpl, "apiVersion");
	fc_node_del(tmpl, "kind");
	fc_node_del(tmpl, "status");
	tmeta = fc_node_getmap(a, tmpl, "metadata");
	fc_node_del(tmeta, "name");
	fc_node_del(tmeta, "namespace");
	/* N4.3: template labels, then user labels, then the selector */
	fc_emit_merge_map(a, fc_node_getmap(a, tmeta, "labels"), labels);
	ann = fc_node_getmap(a, tmeta, "annotations");
	fc_emit_merge_map(a, ann, side->annotations);
	if (job->config_hash)
		fc_node_set(a, ann, CONFIG_HASH_ANNOTATION, fc_node_str(a, job->config_hash));

	pod = fc_node_getmap(a, tmpl, "spec");
	fc_node_set(a, pod, "serviceAccount", fc_node_str(a, side->service_account));
	fc_node_set(a, pod, "serviceAccountName", fc_node_str(a, side->service_account));
	fc_node_set(a, pod, "hostNetwork", fc_node_bool(a, job->host_network));
	dns = fc_node_getstr(pod, "dnsPolicy");
	if (job->host_network)
		dns = "ClusterFirstWithHostNet";
	else if (!dns || !*dns)
		dns = "ClusterFirst";
	fc_node_set(a, pod, "dnsPolicy", fc_node_str(a, dns));
	if (job->pull_secrets->n)
		append_all(a, fc_node_getseq(a, pod, "imagePullSecrets"), job->pull_secrets);
	if (side->node_selector->n)
		fc_emit_merge_map(a, fc_node_getmap(a, pod, "nodeSelector"), side->node_selector);
	if (side->tolerations->n)
		append_all(a, fc_node_getseq(a, pod, "tolerations"), side->tolerations);

	main = take_main(a, pod);
	volumes(a, job, pod, jm, main);
	if (jm)
		job->jm.metrics_port_name = jm_container(a, job, main);
	else
		job->tm.metrics_port_name = tm_container(a, job, main);
	/* both modes, both sides: the switches and per-version rules are in security.c */
	fc_security_apply_pod(a, job, pod, main);
	fc_node_push(a, fc_node_get(pod, "containers"), main);
	check_shipped(e, job, fc_node_getstr(meta, "name"), pod, main, "flink-config-volume", job->conf_dir,
	              fc_arena_printf(a, "flink-config-%s", job->name));
	if (jm && job->mode == FC_MODE_NATIVE && job->tm_template_file)
		check_shipped(e, job, job->name, pod, main, "pod-template-volume", "/opt/flink/pod-template",
		              fc_arena_printf(a, "pod-template-%s", job->name));

	fc_node_set(a, spec, "template", tmpl);
	/* replicas of a suspended job, restart nonce, restore (lifecycle.c) */
	fc_lifecycle_apply_deployment(a, job, jm, spec, main);
	hash = fc_emit_add_hashed(e, a, o, job->loc);
	/* the upgrade hook compares it with the live Deployment (emit_hook.c) */
	if (jm)
		job->jm_hash = hash;
	else
		job->tm_hash = hash;
}

/* The TaskManager pod the JobManager of a native cluster creates (N8): the
 * shipped TaskManager template (sidecars, init containers kept) with the main
 * container's resources as for the Deployments.  CPU: taskmanager.cpu.cores,
 * else kubernetes.taskmanager.cpu.amount if > 0, else the slots (N8.4).
 * Returns the pod spec (arena a); plan.c reads its resources. */
static struct fc_node *native_tm_pod(struct fc_arena *a, const struct fc_job *job)
{
	struct fc_side side = job->tm;
	const char *cores = fc_conf_get(&job->conf, "taskmanager.cpu.cores");
	const char *slots = fc_conf_get(&job->conf, "taskmanager.numberOfTaskSlots");
	struct fc_node *tmpl = job->tm_template_file ? fc_node_copy(a, job->tm_template_file) : fc_node_map(a);
	struct fc_node *pod = fc_node_getmap(a, tmpl, "spec"), *main;
	double d;

	if (cores && fc_units_quantity_double(&d, cores) == 0 && d > 0)
		side.cpu = d;
	else if (side.cpu <= 0)
		side.cpu = slots && strtoll(slots, NULL, 10) > 0 ? (double)strtoll(slots, NULL, 10) : 1.0;
	main = take_main(a, pod);
	set_resources(a, main, &side);
	fc_node_push(a, fc_node_getseq(a, pod, "containers"), main);
	return pod;
}

int fc_emit_deployment(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	deployment(e, a, job, true);
	if (job->mode == FC_MODE_STANDALONE)
		deployment(e, a, job, false);
	else if (fc_emit_ctx(e)->opts->plan)
		job->native_tm_pod = native_tm_pod(a, job);
	return 0;
}
