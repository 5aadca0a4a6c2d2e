/* SPDX-License-Identifier: Apache-2.0 */
/* podspec.c - add ports, env, volumes and mounts without duplicates; see podspec.h. */
#include "podspec.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "node.h"

const char *const fc_podspec_metrics_alt[] = { "flink-metrics", "prom-metrics", "flink-prom", NULL };

/* the entry of seq whose `key` is the string s, or NULL */
static struct fc_node *find(const struct fc_node *seq, const char *key, const char *s)
{
	uint32_t i;

	for (i = 0; seq && seq->kind == FC_NODE_SEQ && i < seq->n; i++) {
		const char *v = fc_node_getstr(seq->items[i], key);
		if (v && strcmp(v, s) == 0)
			return seq->items[i];
	}
	return NULL;
}

/* a port of protocol TCP (the default when unset) */
static bool is_tcp(const struct fc_node *p)
{
	const char *proto = fc_node_getstr(p, "protocol");
	return !proto || strcmp(proto, "TCP") == 0;
}

/* a scalar holding exactly the decimal number n */
static bool is_number(const struct fc_node *v, int n)
{
	char *end;
	long got;

	if (!v || !fc_node_is_scalar(v) || v->kind == FC_NODE_NULL || !*v->str)
		return false;
	got = strtol(v->str, &end, 10);
	return *end == '\0' && got == n;
}

static struct fc_node *port_numbered(const struct fc_node *ports, int number)
{
	uint32_t i;

	for (i = 0; ports && ports->kind == FC_NODE_SEQ && i < ports->n; i++) {
		if (is_number(fc_node_get(ports->items[i], "containerPort"), number) && is_tcp(ports->items[i]))
			return ports->items[i];
	}
	return NULL;
}

/* the first of want, alt[] that no port of the list is named */
static const char *free_name(const struct fc_node *ports, const char *want, const char *const *alt)
{
	if (!find(ports, "name", want))
		return want;
	for (; alt && *alt; alt++)
		if (!find(ports, "name", *alt))
			return *alt;
	return NULL;
}

const char *fc_podspec_port(struct fc_arena *a, struct fc_node *c, const char *want, int number,
                            const char *const *alt)
{
	struct fc_node *ports = fc_node_getseq(a, c, "ports"), *p = port_numbered(ports, number);
	const char *name;

	if (p) {
		name = fc_node_getstr(p, "name");
		if (name && *name)
			return name;
		name = free_name(ports, want, alt);
		if (name)
			fc_node_set(a, p, "name", fc_node_str(a, name));
		return name;
	}
	name = free_name(ports, want, alt);
	if (!name)
		return NULL;
	p = fc_node_map(a);
	fc_node_set(a, p, "name", fc_node_str(a, name));
	fc_node_set(a, p, "containerPort", fc_node_int(a, number));
	fc_node_push(a, ports, p);
	return name;
}

bool fc_podspec_env(struct fc_arena *a, struct fc_node *c, struct fc_node *e)
{
	struct fc_node *seq = fc_node_getseq(a, c, "env");
	const char *name = fc_node_getstr(e, "name");

	if (name && find(seq, "name", name))
		return false;
	fc_node_push(a, seq, e);
	return true;
}

bool fc_podspec_volume(struct fc_arena *a, struct fc_node *podspec, struct fc_node *v)
{
	struct fc_node *seq = fc_node_getseq(a, podspec, "volumes");
	const char *name = fc_node_getstr(v, "name");

	if (name && find(seq, "name", name))
		return false;
	fc_node_push(a, seq, v);
	return true;
}

bool fc_podspec_mount(struct fc_arena *a, struct fc_node *c, struct fc_node *m)
{
	struct fc_node *seq = fc_node_getseq(a, c, "volumeMounts");
	const char *path = fc_node_getstr(m, "mountPath");

	if (path && find(seq, "mountPath", path))
		return false;
	fc_node_push(a, seq, m);
	return true;
}
