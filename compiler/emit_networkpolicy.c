/* SPDX-License-Identifier: Apache-2.0 */
/* emit_networkpolicy.c - NetworkPolicy <name>-flink (FC_FEATURE_NETWORKPOLICY).
 *
 * Selects every pod of the cluster ({type, app}: JobManagers and
 * TaskManagers, N3) and admits, for Ingress only:
 * 1. the cluster's own pods.  Flink's fixed ports (REST, JobManager RPC,
 *    blob server, TaskManager RPC, N6/N10) are listed only when the two
 *    ports Flink picks at random by default are pinned too:
 *    taskmanager.data.port (TaskManager to TaskManager data exchange) and
 *    metrics.internal.query-service.port (the web UI's metrics); otherwise
 *    the rule has no port list, because a listed set would cut shuffles.
 *    Kubernetes HA adds nothing: it goes through the API server (N11).
 * 2. REST (the port the server binds, rest.bind-port) from
 *    flinkc.io/rest-ingress-from (job->rest_peers), else from the pods of
 *    the job's own namespace.
 * 3. for each Prometheus reporter (Part 3, P1), its port from every
 *    namespace: Prometheus usually runs in a namespace of its own.  A port
 *    range ("9250-9260") admits its first port, the one a pod's single
 *    Flink process binds.
 * Egress is not restricted.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "emit.h"
#include "features.h"

#define PROM_FACTORY "org.apache.flink.metrics.prometheus.PrometheusReporterFactory"
#define PROM_CLASS "org.apache.flink.metrics.prometheus.PrometheusReporter" /* before 1.17 */

/* the first port of "9249", "9250-9260" or "9250-9260,9300": -1 if none */
static int first_port(const char *v, bool *is_single)
{
	char *end;
	long n;

	if (!v)
		return -1;
	while (*v == ' ')
		v++;
	n = strtol(v, &end, 10);
	if (end == v || n < 1 || n > 65535)
		return -1;
	while (*end == ' ')
		end++;
	if (is_single)
		*is_single = *end == '\0';
	return (int)n;
}

/* a port Flink binds as configured: a fixed number other than 0, else -1 */
static int fixed_port(const struct fc_job *job, const char *key)
{
	bool single = false;
	int p = first_port(fc_conf_get(&job->conf, key), &single);
	return single ? p : -1;
}

static void push_port(struct fc_arena *a, struct fc_node *ports, int port)
{
	struct fc_node *m;
	uint32_t i;

	for (i = 0; i < ports->n; i++)
		if (strtol(fc_node_getstr(ports->items[i], "port"), NULL, 10) == port)
			return;
	m = fc_node_map(a);
	fc_node_set(a, m, "port", fc_node_int(a, port));
	fc_node_set(a, m, "protocol", fc_node_str(a, "TCP"));
	fc_node_push(a, ports, m);
}

static struct fc_node *rule(struct fc_arena *a, struct fc_node *from, struct fc_node *ports)
{
	struct fc_node *r = fc_node_map(a);
	fc_node_set(a, r, "from", from);
	if (ports)
		fc_node_set(a, r, "ports", ports);
	return r;
}

static struct fc_node *one(struct fc_arena *a, const char *selector, struct fc_node *match_labels)
{
	struct fc_node *from = fc_node_seq(a), *p = fc_node_map(a), *sel = fc_node_map(a);
	if (match_labels)
		fc_node_set(a, sel, "matchLabels", match_labels);
	fc_node_set(a, p, selector, sel);
	fc_node_push(a, from, p);
	return from;
}

/* rule 1's ports, or NULL when some port is random */
static struct fc_node *internal_ports(struct fc_arena *a, const struct fc_job *job)
{
	const char *bind = fc_conf_get(&job->conf, "taskmanager.data.bind-port");
	int data = fixed_port(job, bind ? "taskmanager.data.bind-port" : "taskmanager.data.port");
	int query = fixed_port(job, "metrics.internal.query-service.port");
	struct fc_node *ports;

	if (data < 0 || query < 0)
		return NULL;
	ports = fc_node_seq(a);
	push_port(a, ports, job->rest_bind_port);
	push_port(a, ports, job->rpc_port);
	if (job->ha && fixed_port(job, "high-availability.jobmanager.port") > 0)
		push_port(a, ports, fixed_port(job, "high-availability.jobmanager.port"));
	push_port(a, ports, job->blob_port);
	push_port(a, ports, job->tm_rpc_port);
	push_port(a, ports, data);
	push_port(a, ports, query);
	return ports;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* is reporter name[0..n) on?  metrics.reporters, when set, lists the ones
 * that run (',' as Flink writes it, ';' as a flattened YAML list) */
static bool reporter_on(const struct fc_job *job, const char *name, size_t n)
{
	const char *list = fc_conf_get(&job->conf, "metrics.reporters");

	if (!list)
		return true;
	while (*list) {
		size_t len = strcspn(list, ",;"), skip = len;
		const char *item = list;
		while (len && *item == ' ') {
			item++;
			len--;
		}
		while (len && item[len - 1] == ' ')
			len--;
		if (len == n && memcmp(item, name, n) == 0)
			return true;
		list += skip + (list[skip] != '\0');
	}
	return false;
}

/* rule 3's ports: one per Prometheus reporter that is on, in key order
 * ("metrics.reporter.<name>.factory.class", or ".class" before 1.17);
 * NULL if there is none */
static struct fc_node *metrics_ports(struct fc_arena *a, const struct fc_job *job)
{
	static const char prefix[] = "metrics.reporter.";
	struct fc_node *ports = NULL;
	size_t i;

	for (i = 0; i < job->conf.n; i++) {
		const struct fc_conf_entry *e = &job->conf.v[i];
		const char *name = e->key + sizeof(prefix) - 1, *suffix, *port_value;
		size_t n;
		int port;

		if (strncmp(e->key, prefix, sizeof(prefix) - 1) != 0)
			continue;
		if (ends_with(name, ".factory.class") && strcmp(e->value, PROM_FACTORY) == 0)
			suffix = ".factory.class";
		else if (job->version < 117 && ends_with(name, ".class") && strcmp(e->value, PROM_CLASS) == 0)
			suffix = ".class";
		else
			continue;
		n = strlen(name) - strlen(suffix);
		if (n == 0 || !reporter_on(job, name, n))
			continue;
		port_value = fc_conf_get(&job->conf, fc_arena_printf(a, "%s%.*s.port", prefix, (int)n, name));
		port = port_value ? first_port(port_value, NULL) : 9249;
		if (port < 0)
			continue;
		if (!ports)
			ports = fc_node_seq(a);
		push_port(a, ports, port);
	}
	return ports;
}

int fc_emit_networkpolicy(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	struct fc_node *o, *spec, *ingress, *types, *ports, *from;
	const struct fc_pair *ing;

	if (!(job->features & FC_FEATURE_NETWORKPOLICY))
		return 0;
	o = fc_emit_object(a, "networking.k8s.io/v1", "NetworkPolicy", job->namespace_,
	                   fc_arena_printf(a, "%s-flink", job->name));
	fc_node_set(a, fc_node_get(o, "metadata"), "labels", fc_emit_common_labels(a, job));
	spec = fc_node_getmap(a, o, "spec");
	fc_node_set(a, fc_node_getmap(a, spec, "podSelector"), "matchLabels", fc_emit_common_labels(a, job));
	types = fc_node_getseq(a, spec, "policyTypes");
	fc_node_push(a, types, fc_node_str(a, "Ingress"));
	ingress = fc_node_getseq(a, spec, "ingress");

	fc_node_push(a, ingress, rule(a, one(a, "podSelector", fc_emit_common_labels(a, job)), internal_ports(a, job)));

	ports = fc_node_seq(a);
	push_port(a, ports, job->rest_bind_port);
	from = job->rest_peers ? fc_node_copy(a, job->rest_peers) : one(a, "podSelector", NULL);
	fc_node_push(a, ingress, rule(a, from, ports));
	ing = fc_node_pair(fc_node_get(job->doc, "spec"), "ingress");
	if (!job->rest_peers && ing && ing->val->kind != FC_NODE_NULL)
		fc_diag_warning(fc_emit_ctx(e), ing->key->loc, "W0802",
		                "spec.ingress: the NetworkPolicy admits REST only from namespace \"%s\"; "
		                "set annotation %s to the ingress controller's namespace "
		                "(\"namespace=<name>\") or CIDR",
		                job->namespace_, FC_ANN_REST_INGRESS_FROM);

	ports = metrics_ports(a, job);
	if (ports)
		fc_node_push(a, ingress, rule(a, one(a, "namespaceSelector", NULL), ports));

	fc_emit_add_optional(e, a, o, job->loc);
	return 0;
}
