/* SPDX-License-Identifier: Apache-2.0 */
/* emit_ingress.c - Ingress X from spec.ingress (facts/operator.md §d).
 *
 * The operator's IngressUtils, step by step: the template gets "http://"
 * unless it starts with http:// or https:// (case-insensitive), every
 * {{name}} and {{namespace}} is replaced (case-insensitive), and the result
 * is read as java.net.URL does.  The URL's host (when not blank) and path
 * (when not blank, verbatim: regex fragments stay, no dot-segment removal,
 * no rewriting) make exactly one rule with one ImplementationSpecific path
 * to the X-rest Service on rest.port.  Only networking.k8s.io/v1; no
 * ownerReferences (there is no FlinkDeployment object in the cluster).
 * rules.c has already rejected a missing or unparseable template (4a, 4b).
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "emit.h"

/* the text Jackson binds to a String field */
static const char *text(const struct fc_node *n)
{
	bool ok = n && (n->kind == FC_NODE_STR || n->kind == FC_NODE_INT || n->kind == FC_NODE_FLOAT ||
	                n->kind == FC_NODE_BOOL);
	return ok ? n->str : NULL;
}

static bool blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
			return false;
	return true;
}

/* IngressUtils.getIngressUrl before the parse: scheme and placeholders */
static void expand(struct fc_buf *url, const char *t, const char *name, const char *ns)
{
	if (strncasecmp(t, "http://", 7) != 0 && strncasecmp(t, "https://", 8) != 0)
		fc_buf_puts(url, "http://");
	while (*t) {
		if (strncasecmp(t, "{{name}}", 8) == 0) {
			fc_buf_puts(url, name);
			t += 8;
		} else if (strncasecmp(t, "{{namespace}}", 13) == 0) {
			fc_buf_puts(url, ns);
			t += 13;
		} else {
			fc_buf_putc(url, *t++);
		}
	}
}

struct url_parts {
	const char *host, *path;
	size_t host_len, path_len;
};

/* java.net.URL(spec) on "http[s]://...", reduced to getHost() and
 * getPath(): the spec is trimmed of characters <= ' ', the fragment (from
 * the first '#') and the query (from the first '?' before it) are cut, the
 * authority runs from "//" to the next '/', a user-info part ends at its
 * only '@' (two '@' leave no host), and the port goes.  The path is the
 * rest, untouched: URL normalizes dot segments only for relative specs. */
static void url_parse(struct url_parts *u, const char *s, size_t len)
{
	size_t start = 0, limit = len, i, alen;
	const char *auth, *at, *p;

	memset(u, 0, sizeof(*u));
	while (limit > 0 && (unsigned char)s[limit - 1] <= ' ')
		limit--;
	while (start < limit && (unsigned char)s[start] <= ' ')
		start++;
	if ((p = memchr(s + start, '#', limit - start)))
		limit = (size_t)(p - s);
	if ((p = memchr(s + start, '?', limit - start)))
		limit = (size_t)(p - s);
	p = memchr(s + start, ':', limit - start);
	if (!FC_ALWAYS(p))
		return;
	start = (size_t)(p - s) + 1;
	if (limit - start < 2 || s[start] != '/' || s[start + 1] != '/') {
		u->path = s + start; /* not reached: expand() always gives "scheme://" */
		u->path_len = limit - start;
		return;
	}
	start += 2;
	for (i = start; i < limit && s[i] != '/'; i++)
		;
	auth = s + start;
	alen = i - start;
	u->path = s + i;
	u->path_len = limit - i;
	u->host = auth;
	u->host_len = alen;
	if ((at = memchr(auth, '@', alen))) {
		if (memchr(at + 1, '@', alen - (size_t)(at + 1 - auth))) {
			u->host_len = 0;
			return;
		}
		u->host = at + 1;
		u->host_len = alen - (size_t)(u->host - auth);
	}
	if (u->host_len && u->host[0] == '[') {
		if ((p = memchr(u->host, ']', u->host_len)))
			u->host_len = (size_t)(p - u->host) + 1;
	} else if ((p = memchr(u->host, ':', u->host_len))) {
		u->host_len = (size_t)(p - u->host);
	}
}

/* a Map<String,String> from the spec: scalar values as their text, others skipped */
static void string_map(struct fc_arena *a, struct fc_node *dst, const struct fc_node *src)
{
	uint32_t i;

	for (i = 0; src && src->kind == FC_NODE_MAP && i < src->n; i++) {
		const char *v = text(src->pairs[i].val);
		if (v)
			fc_node_set(a, dst, src->pairs[i].key->str,
			            fc_node_strn(a, v, src->pairs[i].val->len));
	}
}

int fc_emit_ingress(struct fc_emit *e, struct fc_arena *a, struct fc_job *job)
{
	const struct fc_node *ing = fc_node_path(job->doc, "spec.ingress"), *tls;
	const struct fc_node *t = fc_node_get(ing, "template");
	const char *tmpl = t && t->kind != FC_NODE_BOOL ? text(t) : NULL, *cls; /* as rules.c reads it */
	struct fc_node *o, *meta, *labels, *ann, *spec, *rule, *path, *svc;
	struct fc_buf url = FC_BUF_INIT;
	struct url_parts u;

	if (!ing || ing->kind != FC_NODE_MAP || !tmpl)
		return 0;
	expand(&url, tmpl, job->name, job->namespace_);
	url_parse(&u, url.ptr, url.len);

	o = fc_emit_object(a, "networking.k8s.io/v1", "Ingress", job->namespace_, job->name);
	meta = fc_node_get(o, "metadata");
	labels = fc_node_getmap(a, meta, "labels");
	string_map(a, labels, fc_node_get(ing, "labels"));
	fc_node_set(a, labels, "component", fc_node_str(a, "ingress"));
	ann = fc_node_map(a);
	string_map(a, ann, fc_node_get(ing, "annotations"));
	if (ann->n)
		fc_node_set(a, meta, "annotations", ann);

	spec = fc_node_getmap(a, o, "spec");
	if ((cls = text(fc_node_get(ing, "className"))))
		fc_node_set(a, spec, "ingressClassName", fc_node_str(a, cls));
	tls = fc_node_get(ing, "tls");
	if (tls && tls->kind == FC_NODE_SEQ && tls->n)
		fc_node_set(a, spec, "tls", fc_node_copy(a, tls));
	rule = fc_node_map(a);
	if (u.host && !blank(u.host, u.host_len))
		fc_node_set(a, rule, "host", fc_node_strn(a, u.host, u.host_len));
	path = fc_node_map(a);
	fc_node_set(a, path, "pathType", fc_node_str(a, "ImplementationSpecific"));
	if (u.path && !blank(u.path, u.path_len))
		fc_node_set(a, path, "path", fc_node_strn(a, u.path, u.path_len));
	svc = fc_node_map(a);
	fc_node_set(a, svc, "name", fc_node_strf(a, "%s-rest", job->name));
	fc_node_set(a, fc_node_getmap(a, svc, "port"), "number", fc_node_int(a, job->rest_port));
	fc_node_set(a, fc_node_getmap(a, path, "backend"), "service", svc);
	fc_node_push(a, fc_node_getseq(a, fc_node_getmap(a, rule, "http"), "paths"), path);
	fc_node_push(a, fc_node_getseq(a, spec, "rules"), rule);
	fc_buf_fini(&url);
	fc_emit_add(e, a, o, job->loc);
	return 0;
}
