/* SPDX-License-Identifier: Apache-2.0 */
/* hashes.c - content hashes, the digest of a rendered set, `flinkc hash`.
 *
 * The content hash is defined on the canonical bytes that yamlw.c writes
 * for an object tree, so parsing a rendered object (YAML or JSON, any
 * layout) and writing it again gives the bytes emit.c hashed: that is what
 * lets `flinkc hash` verify committed manifests, and what the test script
 * checks against an independent recomputation over the file bytes.
 */
#include "hashes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack: no allocation per object */
#include <xxhash.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "manifest.h"
#include "node.h"
#include "source.h"
#include "yamlw.h"

void fc_hashes_hex(char out[FC_HASHES_LEN + 1], const void *s, size_t n)
{
	fc_format(out, FC_HASHES_LEN + 1, "%016llx", (unsigned long long)XXH3_64bits(s, n));
}

void fc_hashes_config(char out[FC_HASHES_LEN + 1], const char *config_map, const char *pod_template)
{
	char in[2 * FC_HASHES_LEN + 1];
	int n = snprintf(in, sizeof(in), "%s%s", config_map, pod_template ? pod_template : "");

	fc_hashes_hex(out, in, (size_t)n < sizeof(in) ? (size_t)n : sizeof(in) - 1);
}

/* what is hashed: obj without the content-hash annotation, and without an
 * annotations map that this leaves empty (or that is not a map at all) */
static void strip(struct fc_node *obj)
{
	struct fc_node *meta = fc_node_get(obj, "metadata");
	struct fc_node *ann = fc_node_get(meta, "annotations");

	if (ann && ann->kind == FC_NODE_MAP)
		fc_node_del(ann, FC_HASHES_CONTENT);
	if (ann && (ann->kind != FC_NODE_MAP || ann->n == 0))
		fc_node_del(meta, "annotations");
}

void fc_hashes_content(char out[FC_HASHES_LEN + 1], struct fc_node *obj, struct fc_buf *scratch)
{
	strip(obj);
	fc_buf_clear(scratch);
	fc_yamlw_doc(scratch, obj, FC_YAMLW_OBJECT);
	fc_hashes_hex(out, scratch->ptr, scratch->len);
}

static bool is_head(const char *key)
{
	return strcmp(key, "apiVersion") == 0 || strcmp(key, "kind") == 0 || strcmp(key, "metadata") == 0;
}

void fc_hashes_stamp(char hex[FC_HASHES_LEN + 1], struct fc_arena *a, struct fc_node *obj, struct fc_buf *out,
                     struct fc_buf *scratch)
{
	struct fc_node *meta, *head = fc_node_map(a), *body = fc_node_map(a);
	XXH3_state_t st;
	size_t start = out->len, hlen;
	uint32_t i;

	strip(obj);
	meta = fc_node_get(obj, "metadata");
	/* The canonical writer puts apiVersion, kind and metadata first and the
	 * other keys after them, sorted: head's bytes then body's are obj's. */
	for (i = 0; obj->kind == FC_NODE_MAP && i < obj->n; i++)
		fc_node_set(a, is_head(obj->pairs[i].key->str) ? head : body, obj->pairs[i].key->str, obj->pairs[i].val);
	if (!meta || meta->kind != FC_NODE_MAP || head->n == 0 || body->n == 0) {
		/* no place for the annotation, or nothing to split: the plain way */
		fc_hashes_content(hex, obj, scratch);
		if (meta && meta->kind == FC_NODE_MAP)
			fc_node_set(a, fc_node_getmap(a, meta, "annotations"), FC_HASHES_CONTENT, fc_node_str(a, hex));
		fc_yamlw_doc(out, obj, FC_YAMLW_OBJECT);
		return;
	}
	fc_buf_clear(scratch);
	fc_yamlw_doc(scratch, head, FC_YAMLW_OBJECT);
	fc_yamlw_doc(out, body, FC_YAMLW_OBJECT);
	XXH3_64bits_reset(&st);
	XXH3_64bits_update(&st, scratch->ptr, scratch->len);
	XXH3_64bits_update(&st, out->ptr + start, out->len - start);
	fc_format(hex, FC_HASHES_LEN + 1, "%016llx", (unsigned long long)XXH3_64bits_digest(&st));

	/* the head again, stamped, in front of the body */
	fc_node_set(a, fc_node_getmap(a, meta, "annotations"), FC_HASHES_CONTENT, fc_node_str(a, hex));
	fc_buf_clear(scratch);
	fc_yamlw_doc(scratch, head, FC_YAMLW_OBJECT);
	hlen = scratch->len;
	fc_buf_reserve(out, hlen);
	memmove(out->ptr + start + hlen, out->ptr + start, out->len - start + 1);
	memcpy(out->ptr + start, scratch->ptr, hlen);
	out->len += hlen;
}

const char *fc_hashes_recorded(const struct fc_node *obj)
{
	const struct fc_node *ann = fc_node_path(obj, "metadata.annotations");
	const struct fc_node *h = fc_node_get(ann, FC_HASHES_CONTENT);

	return h && h->kind == FC_NODE_STR ? h->str : NULL;
}

void fc_hashes_digest(char out[FC_HASHES_LEN + 1], const struct fc_result *r)
{
	size_t i, n = fc_result_nobjects(r);
	XXH3_state_t *st = XXH3_createState();

	if (!st)
		fc_oom();
	XXH3_64bits_reset(st);
	for (i = 0; i < n; i++)
		XXH3_64bits_update(st, fc_result_object(r, i)->hash, FC_HASHES_LEN);
	fc_format(out, FC_HASHES_LEN + 1, "%016llx", (unsigned long long)XXH3_64bits_digest(st));
	XXH3_freeState(st);
}

/* ---- flinkc hash ---- */

/* one object as the report names it */
struct seen {
	const struct fc_manifest_obj *m;
	const char *computed; /* its content hash, recomputed */
};

static void name_obj(struct fc_buf *b, const struct fc_manifest_obj *m)
{
	fc_buf_printf(b, "%s:%u: ", m->loc.file ? m->loc.file : "?", m->loc.line);
}

static void put_id(struct fc_buf *b, const struct fc_manifest_obj *m)
{
	if (*m->namespace_)
		fc_buf_printf(b, "%s %s/%s", m->kind, m->namespace_, m->name);
	else
		fc_buf_printf(b, "%s %s", m->kind, m->name);
}

/* The recomputed content hash of ConfigMap `name` in the namespace of d, or
 * NULL: the one in d's file, else (unless *same_file) the only one among
 * all inputs (a directory written by render -o has one object per file).
 * *same_file tells which it was. */
static const char *configmap_hash(const struct seen *v, size_t n, const struct seen *d, const char *name,
                                  bool *same_file)
{
	const char *found = NULL;
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		const struct fc_manifest_obj *m = v[i].m;
		if (strcmp(m->kind, "ConfigMap") != 0 || *m->group != '\0' ||
		    strcmp(m->namespace_, d->m->namespace_) != 0 || strcmp(m->name, name) != 0)
			continue;
		if (m->loc.file && d->m->loc.file && strcmp(m->loc.file, d->m->loc.file) == 0) {
			*same_file = true;
			return v[i].computed;
		}
		found = v[i].computed;
		count++;
	}
	return count == 1 && !*same_file ? found : NULL;
}

/* Deployment X's pod template config-hash (fc_hashes_config) over the
 * content hashes of flink-config-X and pod-template-X found in the inputs.
 * Returns 1 if it matches, -1 if not, 0 if there is nothing to check. */
static int check_config_hash(struct fc_buf *rep, struct fc_arena *a, const struct seen *v, size_t n,
                             const struct seen *d)
{
	const struct fc_node *ann = fc_node_path(d->m->obj, "spec.template.metadata.annotations");
	const char *recorded = fc_node_getstr(ann, FC_HASHES_CONFIG);
	const char *h1, *h2, *cluster;
	char want[FC_HASHES_LEN + 1];
	bool same_file = false;

	if (!recorded)
		return 0;
	/* the cluster's name is the `app` label: standalone X-taskmanager mounts flink-config-X too */
	cluster = fc_node_getstr(fc_node_path(d->m->obj, "metadata.labels"), "app");
	if (!cluster)
		cluster = d->m->name;
	h1 = configmap_hash(v, n, d, fc_arena_printf(a, "flink-config-%s", cluster), &same_file);
	if (!h1)
		return 0; /* its ConfigMaps are not among the inputs */
	h2 = configmap_hash(v, n, d, fc_arena_printf(a, "pod-template-%s", cluster), &same_file);
	fc_hashes_config(want, h1, h2);
	name_obj(rep, d->m);
	if (strcmp(recorded, want) == 0) {
		fc_buf_puts(rep, "ok ");
		put_id(rep, d->m);
		fc_buf_printf(rep, " config-hash %s\n", want);
		return 1;
	}
	fc_buf_puts(rep, "mismatch ");
	put_id(rep, d->m);
	fc_buf_printf(rep, ": config-hash %s, computed %s\n", recorded, want);
	return -1;
}

enum fc_status fc_hashes_verify(const struct fc_options *opts, struct fc_buf *report, struct fc_buf *diags,
                                enum fc_diag_format efmt)
{
	struct fc_ctx ctx;
	struct fc_manifest man = { NULL, 0, 0 };
	struct fc_buf rep = FC_BUF_INIT, scratch = FC_BUF_INIT;
	struct seen *v;
	unsigned ok = 0, bad = 0, unhashed = 0;
	enum fc_status status;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = fc_arena_new();
	ctx.opts = opts;
	ctx.sources_tail = &ctx.sources;
	ctx.max_input_bytes = opts->max_input_bytes ? opts->max_input_bytes : (size_t)64 << 20;
	ctx.max_depth = opts->max_depth ? opts->max_depth : 64;
	ctx.max_alias_nodes = opts->max_alias_nodes ? opts->max_alias_nodes : 1000000;

	fc_source_load_all(&ctx, opts->inputs, opts->ninputs);
	fc_manifest_read(&man, &ctx, ctx.arena, ctx.sources);
	v = fc_arena_alloc(ctx.arena, (man.n ? man.n : 1) * sizeof(*v));
	for (i = 0; i < man.n; i++) {
		const struct fc_manifest_obj *m = &man.v[i];
		const char *recorded = fc_hashes_recorded(m->obj);
		char computed[FC_HASHES_LEN + 1];

		/* the recorded value first: computing removes it from the tree */
		recorded = recorded ? fc_arena_strdup(ctx.arena, recorded) : NULL;
		fc_hashes_content(computed, m->obj, &scratch);
		v[i].m = m;
		v[i].computed = fc_arena_strdup(ctx.arena, computed);
		name_obj(&rep, m);
		if (!recorded) {
			fc_buf_puts(&rep, "unhashed ");
			put_id(&rep, m);
			fc_buf_printf(&rep, ": no %s annotation\n", FC_HASHES_CONTENT);
			unhashed++;
		} else if (strcmp(recorded, computed) == 0) {
			fc_buf_puts(&rep, "ok ");
			put_id(&rep, m);
			fc_buf_printf(&rep, " %s\n", computed);
			ok++;
		} else {
			fc_buf_puts(&rep, "mismatch ");
			put_id(&rep, m);
			fc_buf_printf(&rep, ": annotation %s, computed %s\n", recorded, computed);
			bad++;
		}
	}
	for (i = 0; i < man.n; i++) {
		int c;
		if (strcmp(v[i].m->kind, "Deployment") != 0 || strcmp(v[i].m->group, "apps") != 0)
			continue;
		c = check_config_hash(&rep, ctx.arena, v, man.n, &v[i]);
		ok += c > 0;
		bad += c < 0;
	}

	fc_diag_render(diags, &ctx, efmt, opts->max_errors ? opts->max_errors : 50);
	if (ctx.nerrors) {
		status = ctx.io_error ? FC_IOERR : FC_INVALID;
	} else {
		fc_buf_append(report, rep.ptr, rep.len);
		fc_buf_printf(diags, "flinkc: %u ok, %u mismatch, %u unhashed\n", ok, bad, unhashed);
		status = bad || unhashed ? FC_INVALID : FC_OK;
	}
	fc_buf_fini(&rep);
	fc_buf_fini(&scratch);
	fc_arena_free(ctx.arena);
	return status;
}
