/* SPDX-License-Identifier: Apache-2.0 */
/* json.c - JSON syntax check of Kubernetes-object inputs with jansson, and
 * the reader of Argo CD's ARGOCD_APP_PARAMETERS (fc.h).
 *
 * The check runs in manifest.c before yaml.c parses a JSON source into
 * nodes: see json.h.  The only file in compiler/ that includes jansson.
 */
#include "json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "source.h"

bool fc_json_is_json(const struct fc_source *src)
{
	size_t n = strlen(src->name), i = 0;

	if (n > 5 && strcmp(src->name + n - 5, ".json") == 0)
		return true;
	while (i < src->len && strchr(" \t\r\n", src->text[i]))
		i++;
	if (i == src->len || src->text[i] != '{')
		return false;
	for (i++; i < src->len && strchr(" \t\r\n", src->text[i]); i++)
		;
	return i < src->len && (src->text[i] == '"' || src->text[i] == '}');
}

int fc_json_check(struct fc_ctx *ctx, const struct fc_source *src)
{
	json_error_t err;
	json_t *j = json_loadb(src->text, src->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	struct fc_loc loc;

	if (j) {
		json_decref(j);
		return 0;
	}
	memset(&loc, 0, sizeof(loc));
	loc.file = src->name;
	/* jansson: 1-based line; column of the token's last character, 0 at the end */
	loc.line = err.line > 0 ? (uint32_t)err.line : 1;
	loc.col = err.column > 0 ? (uint32_t)err.column : 1;
	fc_diag_error(ctx, loc, "E0733", "invalid JSON: %s", err.text);
	return FC_ERR;
}

/* the value of 4 hex digits at p, or -1 */
static long hex4(const char *p, const char *end)
{
	long v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		int c = (unsigned char)p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* the code point of a surrogate pair "\uD8xx\uDCxx" at p (after its
 * backslash), or -1 */
static long pair(const char *p, const char *end)
{
	long hi, lo;

	if (*p != 'u' || (hi = hex4(p + 1, end)) < 0xd800 || hi > 0xdbff)
		return -1;
	if (end - (p + 5) < 6 || p[5] != '\\' || p[6] != 'u' || (lo = hex4(p + 7, end)) < 0xdc00 ||
	    lo > 0xdfff)
		return -1;
	return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

const struct fc_source *fc_json_for_yaml(struct fc_arena *a, const struct fc_source *src)
{
	const char *p = src->text, *end = src->text + src->len, *from = src->text;
	struct fc_source *copy;
	struct fc_buf b = FC_BUF_INIT;

	/* in valid JSON every backslash starts an escape: skip each with the
	 * character after it, so "\\ud83d" is not taken for one */
	while ((p = memchr(p, '\\', (size_t)(end - p))) && p + 1 < end) {
		long cp = pair(p + 1, end);
		if (cp < 0) {
			p += 2;
			continue;
		}
		fc_buf_append(&b, from, (size_t)(p - from));
		fc_buf_printf(&b, "\\U%08lx", cp);
		p += 12;
		from = p;
	}
	if (!b.ptr)
		return src;
	fc_buf_append(&b, from, (size_t)(end - from));
	copy = FC_NEW(a, struct fc_source);
	*copy = *src;
	copy->text = fc_arena_strndup(a, b.ptr, b.len);
	copy->len = b.len;
	copy->maplen = 0;
	copy->next = NULL;
	fc_buf_fini(&b);
	return copy;
}

/* ---- Argo CD's ARGOCD_APP_PARAMETERS (fc.h) ---- */

const char *const fc_json_argocd_names[FC_ARGOCD_NPARAMS] = {
	[FC_ARGOCD_DEFAULTS] = "defaults",
	[FC_ARGOCD_NAMESPACE] = "namespace",
	[FC_ARGOCD_KUBE_VERSION] = "kube-version",
};

/* p->error = "WHERE: error[CODE]: message"; returns FC_INVALID */
static int fail(struct fc_argocd_params *p, const char *where, const char *code, const char *fmt, ...)
	FC_PRINTF(4, 5);

static int fail(struct fc_argocd_params *p, const char *where, const char *code, const char *fmt, ...)
{
	struct fc_buf b = FC_BUF_INIT;
	char msg[256];
	va_list ap;
	int n;

	fc_buf_printf(&b, "%s: error[%s]: ", where, code);
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(msg)) { /* a long parameter name: format again at its length */
		size_t off = b.len;
		fc_buf_reserve(&b, (size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(b.ptr + off, (size_t)n + 1, fmt, ap);
		va_end(ap);
		b.len += (size_t)n;
	} else if (n > 0) {
		fc_buf_append(&b, msg, (size_t)n);
	}
	fc_xfree(p->error);
	p->error = b.ptr;
	return FC_INVALID;
}

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* one item: {"name": N, "string": V} (Argo CD also sends "array" or "map") */
static int read_param(struct fc_argocd_params *p, const json_t *item, size_t i)
{
	char where[64];
	const json_t *name, *val;
	const char *key;
	size_t k;

	snprintf(where, sizeof(where), "ARGOCD_APP_PARAMETERS[%zu]", i);
	if (!json_is_object(item))
		return fail(p, where, "E1003", "expected an object {\"name\": ..., \"string\": ...}, got %s",
		            json_kind(item));
	name = json_object_get(item, "name");
	if (!json_is_string(name))
		return fail(p, where, "E1003", "name: expected a string, got %s", name ? json_kind(name) : "nothing");
	key = json_string_value(name);
	for (k = 0; k < FC_ARGOCD_NPARAMS; k++)
		if (strcmp(key, fc_json_argocd_names[k]) == 0)
			break;
	if (k == FC_ARGOCD_NPARAMS)
		return fail(p, where, "E1003", "unknown parameter \"%s\"; expected defaults, namespace or kube-version",
		            key);
	if (p->value[k])
		return fail(p, where, "E1003", "parameter \"%s\" is given twice", key);
	val = json_object_get(item, "string");
	if (!json_is_string(val)) {
		const char *other = json_object_get(item, "array") ? "an array" :
		                    json_object_get(item, "map")   ? "a map" :
		                    val                            ? json_kind(val) :
		                                                     "nothing";
		return fail(p, where, "E1003", "parameter \"%s\": expected a string value (\"string\": ...), got %s",
		            key, other);
	}
	p->value[k] = json_string_value(val);
	return 0;
}

enum fc_status fc_json_argocd_params(struct fc_argocd_params *out, const char *text)
{
	json_error_t err;
	json_t *root;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!text || !*text)
		return FC_OK;
	root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		char where[64];
		snprintf(where, sizeof(where), "ARGOCD_APP_PARAMETERS:%d:%d", err.line < 1 ? 1 : err.line,
		         err.column < 1 ? 1 : err.column);
		return fail(out, where, "E1002", "invalid JSON: %s", err.text);
	}
	out->doc = root;
	if (!json_is_array(root))
		return fail(out, "ARGOCD_APP_PARAMETERS", "E1003", "expected a JSON array of parameters, got %s",
		            json_kind(root));
	for (i = 0; rc == 0 && i < json_array_size(root); i++)
		rc = read_param(out, json_array_get(root, i), i);
	return rc ? FC_INVALID : FC_OK;
}

void fc_json_argocd_params_fini(struct fc_argocd_params *p)
{
	json_decref(p->doc);
	fc_xfree(p->error);
	memset(p, 0, sizeof(*p));
}
