/* SPDX-License-Identifier: Apache-2.0 */
/* features.c - resolve the switches of one job; see features.h.
 *
 * Called at the end of lower.c, so that what a switch changes in the model
 * (the TaskManager pod template, and the configuration key naming it) is in
 * place before emit_configmap.c renders flink-config-X and pod-template-X.
 * The emitters of the optional objects only read job->features.
 */
#include "features.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "security.h"
#include "text.h"

static const struct {
	const char *annotation;
	unsigned bit;
} switches[] = {
	{ FC_ANN_SECURITY, FC_FEATURE_SECURITY },
	{ FC_ANN_NETWORKPOLICY, FC_FEATURE_NETWORKPOLICY },
	{ FC_ANN_PDB, FC_FEATURE_PDB },
};

static const struct fc_node *annotation(const struct fc_job *job, const char *key)
{
	const struct fc_node *ann = fc_node_path(job->doc, "metadata.annotations");
	const struct fc_node *v = fc_node_get(ann, key);

	return v && v->kind != FC_NODE_NULL ? v : NULL;
}

struct fc_loc fc_features_loc(const struct fc_job *job, const char *key)
{
	const struct fc_node *v = annotation(job, key);
	return v ? v->loc : job->loc;
}

/* "10.0.0.0/8" or "fd00::/8": an address inet_pton accepts and a prefix length in range */
static bool is_cidr(const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n);
	unsigned char buf[16];
	char addr[64], *end;
	size_t alen;
	long bits;
	bool v6;

	if (!slash || slash == s || slash + 1 == s + n || (size_t)(slash - s) >= sizeof(addr))
		return false;
	alen = (size_t)(slash - s);
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	v6 = memchr(addr, ':', alen) != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, buf) != 1)
		return false;
	{
		char digits[8];
		size_t dlen = n - alen - 1, i;
		if (dlen >= sizeof(digits))
			return false;
		for (i = 0; i < dlen; i++)
			if (slash[1 + i] < '0' || slash[1 + i] > '9')
				return false;
		memcpy(digits, slash + 1, dlen);
		digits[dlen] = '\0';
		bits = strtol(digits, &end, 10);
	}
	return bits >= 0 && bits <= (v6 ? 128 : 32);
}

/* one NetworkPolicy peer from one element of flinkc.io/rest-ingress-from, or NULL */
static struct fc_node *peer(struct fc_arena *a, const char *s, size_t n)
{
	static const char ns[] = "namespace=";
	struct fc_node *p = fc_node_map(a), *sel, *labels;

	if (n > sizeof(ns) - 1 && memcmp(s, ns, sizeof(ns) - 1) == 0) {
		s += sizeof(ns) - 1;
		n -= sizeof(ns) - 1;
		if (!fc_text_is_dns_label(s, n))
			return NULL;
		sel = fc_node_getmap(a, p, "namespaceSelector");
		labels = fc_node_getmap(a, sel, "matchLabels");
		fc_node_set(a, labels, "kubernetes.io/metadata.name", fc_node_strn(a, s, n));
		return p;
	}
	if (!is_cidr(s, n))
		return NULL;
	fc_node_set(a, fc_node_getmap(a, p, "ipBlock"), "cidr", fc_node_strn(a, s, n));
	return p;
}

/* flinkc.io/rest-ingress-from: comma-separated peers, blanks around them ignored */
static int rest_peers(struct fc_ctx *ctx, struct fc_arena *a, struct fc_job *job)
{
	const struct fc_node *v = annotation(job, FC_ANN_REST_INGRESS_FROM);
	struct fc_node *seq;
	const char *s;

	if (!v)
		return 0;
	seq = fc_node_seq(a);
	s = fc_node_is_scalar(v) ? v->str : "";
	for (;;) {
		const char *comma = strchr(s, ','), *end = comma ? comma : s + strlen(s);
		struct fc_node *p;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		p = peer(a, s, (size_t)(end - s));
		if (!p) {
			fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0802", "metadata.annotations",
			           "metadata.annotations[\"%s\"]: expected a CIDR such as \"10.0.0.0/8\" or "
			           "\"namespace=<name>\", comma-separated, got \"%.*s\"",
			           FC_ANN_REST_INGRESS_FROM, (int)(end - s), s);
			return FC_ERR;
		}
		fc_node_push(a, seq, p);
		if (!comma)
			break;
		s = comma + 1;
	}
	job->rest_peers = seq;
	return 0;
}

int fc_features_from_annotations(struct fc_ctx *ctx, struct fc_arena *a, struct fc_job *job,
                                 unsigned base)
{
	int rc = 0;
	size_t i;

	job->features = base;
	for (i = 0; i < countof(switches); i++) {
		const struct fc_node *v = annotation(job, switches[i].annotation);
		if (!v)
			continue;
		if (switches[i].bit == FC_FEATURE_SECURITY && fc_node_is_scalar(v) &&
		    strcasecmp(v->str, FC_ANN_PLATFORM_ASSIGNED) == 0) {
			job->features |= FC_FEATURE_SECURITY | FC_FEATURE_PLATFORM_IDS;
		} else if (fc_node_is_scalar(v) && strcasecmp(v->str, "true") == 0) {
			job->features |= switches[i].bit;
		} else if (fc_node_is_scalar(v) && strcasecmp(v->str, "false") == 0) {
			job->features &= ~switches[i].bit;
		} else {
			fc_diag_at(ctx, FC_SEV_ERROR, v->loc, "E0801", "metadata.annotations",
			           "metadata.annotations[\"%s\"]: expected \"true\"%s or \"false\", got %s%s%s",
			           switches[i].annotation,
			           switches[i].bit == FC_FEATURE_SECURITY ? ", \"" FC_ANN_PLATFORM_ASSIGNED "\"" : "",
			           fc_node_is_scalar(v) ? "\"" : "",
			           fc_node_is_scalar(v) ? v->str : fc_node_kind_name(v->kind),
			           fc_node_is_scalar(v) ? "\"" : "");
			rc = FC_ERR;
		}
	}
	if (rest_peers(ctx, a, job))
		rc = FC_ERR;
	fc_security_lower_taskmanager(a, job);
	return rc;
}
