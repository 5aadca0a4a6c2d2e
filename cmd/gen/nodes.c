/* SPDX-License-Identifier: Apache-2.0 */
/* cmd/gen/nodes - parse YAML files at build time into static trees.
 *
 *   nodes [--schema] PREFIX OUT.c FILE...
 *
 * Parses every document of each FILE with flinkc's own reader (compiler/
 * yaml.c, so scalars are typed exactly as at run time) and writes OUT.c
 * defining `const struct fc_embedded_tree fc_<PREFIX>_trees[]`
 * (compiler/embed.h): one { base name, documents, count } row per FILE in
 * the order given, then a { NULL, NULL, 0 } row.  The nodes are static
 * arrays with their locations ("<PREFIX>/<base name>", line, column), so a
 * program that starts reads them as they are, with no parsing: the built-in
 * schema costs nothing at start-up but compiling it.  Any diagnostic in a
 * FILE fails the build.  Output depends only on the arguments and the files'
 * bytes; it is written to a temporary name and renamed.
 *
 * With --schema the files are the built-in schema (compiler/schema.h): they
 * are also compiled, with the compiler's own schema.c, and the compiled set
 * is written as static tables beside the trees, `fc_schema_builtin[]` with
 * `fc_schema_nbuiltin` entries (embed.h), pointing into those trees for
 * enum values and defaults.  A run then starts with the schema ready: no
 * compiling, and only the pages of the schema parts it validates against
 * are ever read.  Patterns are compiled here only to check them; a run
 * compiles a pattern when a value first meets it (regex.h).  Schema errors
 * fail the build.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "node.h"
#include "schema.h"
#include "source.h"
#include "yaml.h"

static const char *argv0 = "nodes";

struct gen {
	/* node k: v[k] its tree node, file[k] the input it came from, first[k]
	 * the index of its first pair (maps) or item (seqs) */
	const struct fc_node **v;
	size_t *file, *first;
	size_t nnodes, capnodes;
	size_t (*pairs)[2]; /* key and value node numbers */
	size_t npairs, cappairs;
	size_t *items;
	size_t nitems, capitems;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", argv0);
		exit(1);
	}
	return p;
}

#define GROW(v, n, cap, more)                                              \
	do {                                                               \
		if ((n) + (more) > (cap)) {                                \
			while ((n) + (more) > (cap))                       \
				(cap) = (cap) ? (cap) * 2 : 1024;          \
			(v) = xrealloc((v), (cap) * sizeof(*(v)));         \
		}                                                          \
	} while (0)

static char *slurp(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", argv0, path, strerror(errno));
		exit(1);
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			data = xrealloc(data, cap + 1);
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	data[len] = '\0';
	*len_out = len;
	return data;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* s[0..n) as a C string literal; every byte outside printable ASCII (and
 * the characters that could end or bend a literal) as a 3-digit octal escape */
static void put_literal(FILE *out, const char *s, size_t n)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\' || c == '?')
			fprintf(out, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, out);
		else
			fprintf(out, "\\%03o", c);
		if (i % 200 == 199 && i + 1 < n)
			fputs("\"\n\t\"", out); /* short literal pieces (C11's limit is 4095) */
	}
	fputc('"', out);
}

/* number the nodes of a tree depth-first, with their pairs and items */
static size_t number(struct gen *g, const struct fc_node *n, size_t file)
{
	size_t id = g->nnodes++, j;

	GROW(g->v, id, g->capnodes, 1);
	g->file = xrealloc(g->file, g->capnodes * sizeof(*g->file));
	g->first = xrealloc(g->first, g->capnodes * sizeof(*g->first));
	g->v[id] = n;
	g->file[id] = file;
	g->first[id] = 0;
	if (n->kind == FC_NODE_MAP && n->n) {
		size_t base = g->npairs;
		GROW(g->pairs, g->npairs, g->cappairs, n->n);
		g->npairs += n->n;
		g->first[id] = base;
		for (j = 0; j < n->n; j++) {
			size_t k = number(g, n->pairs[j].key, file);
			size_t v = number(g, n->pairs[j].val, file);
			g->pairs[base + j][0] = k;
			g->pairs[base + j][1] = v;
		}
	} else if (n->kind == FC_NODE_SEQ && n->n) {
		size_t base = g->nitems;
		GROW(g->items, g->nitems, g->capitems, n->n);
		g->nitems += n->n;
		g->first[id] = base;
		for (j = 0; j < n->n; j++) {
			size_t k = number(g, n->items[j], file);
			g->items[base + j] = k;
		}
	}
	return id;
}

static const char *const kinds[] = {
	"FC_NODE_NULL", "FC_NODE_BOOL", "FC_NODE_INT", "FC_NODE_FLOAT",
	"FC_NODE_STR", "FC_NODE_MAP", "FC_NODE_SEQ",
};

static void write_all(FILE *out, const struct gen *g, const char *prefix, int nfiles, char **files,
                      const size_t *filedocs, const size_t *docs, size_t ndocs, bool schema)
{
	size_t k;
	int i;

	fprintf(out, "/* generated by cmd/gen/nodes from %s/: do not edit */\n", prefix);
	fputs("#include <stddef.h>\n", out);
	if (schema)
		fputs("#include <stdint.h>\n", out);
	fputs("\n#include \"embed.h\"\n#include \"node.h\"\n", out);
	if (schema)
		fputs("#include \"schema.h\"\n", out);
	fputc('\n', out);
	for (i = 0; i < nfiles; i++) {
		char *name = xrealloc(NULL, strlen(prefix) + strlen(base_name(files[i])) + 2);
		sprintf(name, "%s/%s", prefix, base_name(files[i]));
		fprintf(out, "static const char F%d[] = ", i);
		put_literal(out, name, strlen(name));
		fputs(";\n", out);
		free(name);
	}
	fprintf(out, "\nstatic struct fc_node N[%zu];\n", g->nnodes ? g->nnodes : 1);
	fprintf(out, "static struct fc_pair P[%zu];\n", g->npairs ? g->npairs : 1);
	fprintf(out, "static struct fc_node *I[%zu];\n\n", g->nitems ? g->nitems : 1);

	fprintf(out, "static struct fc_node N[%zu] = {\n", g->nnodes ? g->nnodes : 1);
	for (k = 0; k < g->nnodes; k++) {
		const struct fc_node *n = g->v[k];
		fprintf(out, "\t{ %s, %s, { F%zu, %u, %u, %u }, ", kinds[n->kind], n->quoted ? "true" : "false",
		        g->file[k], n->loc.line, n->loc.col, n->loc.len);
		if (fc_node_is_scalar(n)) {
			put_literal(out, n->str, n->len);
			fprintf(out, ", %zu, NULL, NULL, 0, 0 },\n", n->len);
		} else if (n->kind == FC_NODE_MAP && n->n) {
			fprintf(out, "NULL, 0, P + %zu, NULL, %u, %u },\n", g->first[k], n->n, n->n);
		} else if (n->kind == FC_NODE_SEQ && n->n) {
			fprintf(out, "NULL, 0, NULL, I + %zu, %u, %u },\n", g->first[k], n->n, n->n);
		} else {
			fputs("NULL, 0, NULL, NULL, 0, 0 },\n", out);
		}
	}
	fputs("};\n\nstatic struct fc_pair P[] = {\n", out);
	for (k = 0; k < g->npairs; k++)
		fprintf(out, "\t{ N + %zu, N + %zu },\n", g->pairs[k][0], g->pairs[k][1]);
	if (!g->npairs)
		fputs("\t{ NULL, NULL },\n", out);
	fputs("};\n\nstatic struct fc_node *I[] = {\n", out);
	for (k = 0; k < g->nitems; k++)
		fprintf(out, "\tN + %zu,\n", g->items[k]);
	if (!g->nitems)
		fputs("\tNULL,\n", out);
	fputs("};\n\n", out);

	for (i = 0; i < nfiles; i++) {
		size_t d, end = i + 1 < nfiles ? filedocs[i + 1] : ndocs;
		fprintf(out, "static struct fc_node *const D%d[] = {", i);
		for (d = filedocs[i]; d < end; d++)
			fprintf(out, " N + %zu,", docs[d]);
		fputs(" NULL };\n", out);
	}
	fprintf(out, "\nconst struct fc_embedded_tree fc_%s_trees[] = {\n", prefix);
	for (i = 0; i < nfiles; i++) {
		size_t end = i + 1 < nfiles ? filedocs[i + 1] : ndocs;
		fputs("\t{ ", out);
		put_literal(out, base_name(files[i]), strlen(base_name(files[i])));
		fprintf(out, ", D%d, %zu },\n", i, end - filedocs[i]);
	}
	fputs("\t{ NULL, NULL, 0 },\n};\n", out);
}

/* ---- the compiled schema (--schema) ---------------------------------------------- */

/* pointer -> number, open addressing (for finding, never iterated) */
struct pmap {
	const void **key;
	size_t *val, cap, n;
};

static size_t pmap_slot(const struct pmap *m, const void *k)
{
	size_t i = (size_t)(((uintptr_t)k >> 3) * 0x9E3779B97F4A7C15ull) & (m->cap - 1);

	while (m->key[i] && m->key[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void pmap_put(struct pmap *m, const void *k, size_t v)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct pmap old = *m;
		size_t j;
		m->cap = m->cap ? 2 * m->cap : 1024;
		m->key = calloc(m->cap, sizeof(*m->key));
		m->val = calloc(m->cap, sizeof(*m->val));
		if (!m->key || !m->val)
			xrealloc(NULL, SIZE_MAX); /* reports out of memory */
		m->n = 0;
		for (j = 0; j < old.cap; j++)
			if (old.key[j])
				pmap_put(m, old.key[j], old.val[j]);
		free(old.key);
		free(old.val);
	}
	i = pmap_slot(m, k);
	if (!m->key[i])
		m->n++;
	m->key[i] = k;
	m->val[i] = v;
}

/* the number of k, or SIZE_MAX */
static size_t pmap_get(const struct pmap *m, const void *k)
{
	size_t i;

	if (!m->cap)
		return SIZE_MAX;
	i = pmap_slot(m, k);
	return m->key[i] ? m->val[i] : SIZE_MAX;
}

struct sgen {
	const struct fc_schema **v; /* schema number k: v[k] */
	size_t n, cap;
	struct pmap num;    /* schema -> number */
	struct pmap nodes;  /* tree node -> number in N */
	struct pmap files;  /* file name (as in locations) -> F index */
};

static void snumber(struct sgen *sg, const struct fc_schema *s)
{
	uint32_t i;

	if (!s || pmap_get(&sg->num, s) != SIZE_MAX)
		return;
	GROW(sg->v, sg->n, sg->cap, 1);
	pmap_put(&sg->num, s, sg->n);
	sg->v[sg->n++] = s;
	for (i = 0; i < s->nprops; i++)
		snumber(sg, s->props[i].schema);
	snumber(sg, s->additional);
	snumber(sg, s->items);
	for (i = 0; i < s->nany_of; i++)
		snumber(sg, s->any_of[i]);
	for (i = 0; i < s->nall_of; i++)
		snumber(sg, s->all_of[i]);
	for (i = 0; i < s->none_of; i++)
		snumber(sg, s->one_of[i]);
	snumber(sg, s->not_);
	snumber(sg, s->ref_target);
}

static void put_str(FILE *out, const char *s)
{
	if (s)
		put_literal(out, s, strlen(s));
	else
		fputs("NULL", out);
}

static void put_schema_ref(FILE *out, const struct sgen *sg, const struct fc_schema *s)
{
	if (s)
		fprintf(out, "S + %zu", pmap_get(&sg->num, s));
	else
		fputs("NULL", out);
}

static void put_node_ref(FILE *out, const struct sgen *sg, const struct fc_node *n)
{
	size_t k;

	if (!n) {
		fputs("NULL", out);
		return;
	}
	k = pmap_get(&sg->nodes, n);
	if (k == SIZE_MAX) {
		fprintf(stderr, "%s: a compiled schema value is not in the trees\n", argv0);
		exit(1);
	}
	fprintf(out, "N + %zu", k);
}

/* "\t\t.field = <value>,\n" for a field that is set; nothing otherwise */
static void opt_str(FILE *out, const char *field, const char *s)
{
	if (!s)
		return;
	fprintf(out, "\t\t.%s = ", field);
	put_str(out, s);
	fputs(",\n", out);
}

static void opt_schema(FILE *out, const struct sgen *sg, const char *field, const struct fc_schema *s)
{
	if (!s)
		return;
	fprintf(out, "\t\t.%s = ", field);
	put_schema_ref(out, sg, s);
	fputs(",\n", out);
}

static void opt_node(FILE *out, const struct sgen *sg, const char *field, const struct fc_node *n)
{
	if (!n)
		return;
	fprintf(out, "\t\t.%s = ", field);
	put_node_ref(out, sg, n);
	fputs(",\n", out);
}

static void put_loc(FILE *out, const struct sgen *sg, struct fc_loc loc)
{
	size_t f = loc.file ? pmap_get(&sg->files, loc.file) : SIZE_MAX;

	if (loc.file && f == SIZE_MAX) {
		fprintf(stderr, "%s: a compiled schema names an unknown file\n", argv0);
		exit(1);
	}
	if (f == SIZE_MAX)
		fprintf(out, "{ NULL, %u, %u, %u }", loc.line, loc.col, loc.len);
	else
		fprintf(out, "{ F%zu, %u, %u, %u }", f, loc.line, loc.col, loc.len);
}

static void put_int(FILE *out, int64_t v)
{
	if (v == INT64_MIN)
		fputs("(-INT64_C(9223372036854775807) - 1)", out);
	else
		fprintf(out, "INT64_C(%" PRId64 ")", v);
}

static void put_bound(FILE *out, const struct fc_schema_bound *b)
{
	if (!b->set) {
		fputs("{ false, false, false, 0, 0, NULL }", out);
		return;
	}
	fprintf(out, "{ true, %s, %s, ", b->exclusive ? "true" : "false", b->is_int ? "true" : "false");
	put_int(out, b->i);
	fprintf(out, ", %.17g, ", b->d);
	put_str(out, b->text);
	fputs(" }", out);
}

/* `.field = (type[]){ ... }, .nfield = n, ` for an array of schemas */
static void put_branches(FILE *out, const struct sgen *sg, const char *field, const char *nfield,
                         struct fc_schema *const *v, uint32_t n)
{
	uint32_t i;

	if (!n)
		return;
	fprintf(out, "\t\t.%s = (struct fc_schema *[]){", field);
	for (i = 0; i < n; i++) {
		fputc(' ', out);
		put_schema_ref(out, sg, v[i]);
		fputc(',', out);
	}
	fprintf(out, " },\n\t\t.%s = %u,\n", nfield, n);
}

static void put_strings(FILE *out, const char *field, const char *nfield, const char *const *v, uint32_t n)
{
	uint32_t i;

	if (!n)
		return;
	fprintf(out, "\t\t.%s = (const char *[]){", field);
	for (i = 0; i < n; i++) {
		fputc(' ', out);
		put_str(out, v[i]);
		fputc(',', out);
	}
	fprintf(out, " },\n\t\t.%s = %u,\n", nfield, n);
}

static void write_schema(FILE *out, const struct sgen *sg, const struct fc_schema *s)
{
	uint32_t i;

	fprintf(out, "\t{\n\t\t.type = %d, .format = %d, .flags = %uu,\n", (int)s->type, (int)s->format, s->flags);
	opt_str(out, "format_name", s->format_name);
	if (s->nprops) {
		fputs("\t\t.props = (struct fc_schema_prop[]){\n", out);
		for (i = 0; i < s->nprops; i++) {
			fputs("\t\t\t{ ", out);
			put_str(out, s->props[i].name);
			fputs(", ", out);
			put_schema_ref(out, sg, s->props[i].schema);
			fputs(" },\n", out);
		}
		fprintf(out, "\t\t},\n\t\t.nprops = %u,\n", s->nprops);
	}
	opt_schema(out, sg, "additional", s->additional);
	opt_schema(out, sg, "items", s->items);
	put_strings(out, "required", "nrequired", s->required, s->nrequired);
	if (s->nenum) {
		fputs("\t\t.enum_vals = (const struct fc_node *[]){", out);
		for (i = 0; i < s->nenum; i++) {
			fputc(' ', out);
			put_node_ref(out, sg, s->enum_vals[i]);
			fputc(',', out);
		}
		fprintf(out, " },\n\t\t.nenum = %u,\n", s->nenum);
	}
	opt_str(out, "pattern", s->pattern);
	fputs("\t\t.minimum = ", out);
	put_bound(out, &s->minimum);
	fputs(",\n\t\t.maximum = ", out);
	put_bound(out, &s->maximum);
	fputs(",\n\t\t.min_length = ", out);
	put_int(out, s->min_length);
	fputs(", .max_length = ", out);
	put_int(out, s->max_length);
	fputs(", .min_items = ", out);
	put_int(out, s->min_items);
	fputs(", .max_items = ", out);
	put_int(out, s->max_items);
	fputs(",\n", out);
	put_branches(out, sg, "any_of", "nany_of", s->any_of, s->nany_of);
	put_branches(out, sg, "all_of", "nall_of", s->all_of, s->nall_of);
	put_branches(out, sg, "one_of", "none_of", s->one_of, s->none_of);
	opt_schema(out, sg, "not_", s->not_);
	if (s->ref) {
		fputs("\t\t.ref = ", out);
		put_str(out, s->ref);
		fputs(", .ref_target = ", out);
		put_schema_ref(out, sg, s->ref_target);
		fputs(",\n", out);
	}
	opt_str(out, "description", s->description);
	opt_node(out, sg, "default_", s->default_);
	put_strings(out, "rules", "nrules", s->rules, s->nrules);
	fputs("\t\t.loc = ", out);
	put_loc(out, sg, s->loc);
	fputs(",\n\t},\n", out);
}

static void write_schemas(FILE *out, struct gen *g, struct fc_ctx *ctx, const char *const *names, int nfiles,
                          const size_t *docs, size_t ndocs)
{
	struct fc_schema_set *set = fc_schema_set_new();
	struct fc_node **roots = xrealloc(NULL, (ndocs ? ndocs : 1) * sizeof(*roots));
	struct sgen sg;
	size_t k;

	memset(&sg, 0, sizeof(sg));
	for (k = 0; k < ndocs; k++)
		roots[k] = (struct fc_node *)(uintptr_t)g->v[docs[k]];
	fc_schema_set_load_docs(set, ctx, roots, ndocs);
	fc_schema_set_link(set, ctx);
	if (ctx->nerrors) {
		fprintf(stderr, "%s: the schema does not compile (%u errors)\n", argv0, ctx->nerrors);
		exit(1);
	}
	for (k = 0; k < g->nnodes; k++)
		pmap_put(&sg.nodes, g->v[k], k);
	for (k = 0; k < (size_t)nfiles; k++)
		pmap_put(&sg.files, names[k], k);
	for (k = 0; k < set->nentries; k++)
		snumber(&sg, set->entries[k].schema);

	fputs("\n/* the compiled schema (cmd/gen/nodes --schema) */\n", out);
	fprintf(out, "static struct fc_schema S[%zu];\n\n", sg.n ? sg.n : 1);
	fprintf(out, "static struct fc_schema S[%zu] = {\n", sg.n ? sg.n : 1);
	for (k = 0; k < sg.n; k++)
		write_schema(out, &sg, sg.v[k]);
	if (!sg.n)
		fputs("\t{ 0 },\n", out);
	fputs("};\n\nstruct fc_schema_entry fc_schema_builtin[] = {\n", out);
	for (k = 0; k < set->nentries; k++) {
		const struct fc_schema_entry *e = &set->entries[k];
		fputs("\t{ ", out);
		put_str(out, e->api_version);
		fputs(", ", out);
		put_str(out, e->kind);
		fputs(", ", out);
		put_str(out, e->description);
		fputs(", ", out);
		put_schema_ref(out, &sg, e->schema);
		fputs(", ", out);
		put_loc(out, &sg, e->loc);
		fputs(" },\n", out);
	}
	if (!set->nentries)
		fputs("\t{ NULL, NULL, NULL, NULL, { NULL, 0, 0, 0 } },\n", out);
	fprintf(out, "};\n\nconst size_t fc_schema_nbuiltin = %zu;\n", set->nentries);
	fc_schema_set_free(set);
	free(roots);
}

int main(int argc, char **argv)
{
	struct gen g = { 0 };
	const char *prefix, *outpath;
	char *tmp, **files;
	int i, nfiles;
	size_t *docs = NULL, ndocs = 0, capdocs = 0, *filedocs;
	struct fc_ctx ctx;
	FILE *out;
	const char **names;
	bool schema = false;

	if (argc > 1 && strcmp(argv[1], "--schema") == 0) {
		schema = true;
		argc--;
		argv++;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: %s [--schema] PREFIX OUT.c FILE...\n", argv0);
		return 2;
	}
	prefix = argv[1];
	outpath = argv[2];
	files = argv + 3;
	nfiles = argc - 3;
	filedocs = xrealloc(NULL, (size_t)(nfiles + 1) * sizeof(*filedocs));
	names = xrealloc(NULL, (size_t)(nfiles + 1) * sizeof(*names));
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = fc_arena_new();
	ctx.sources_tail = &ctx.sources;

	for (i = 0; i < nfiles; i++) {
		struct fc_source *src = fc_arena_alloc(ctx.arena, sizeof(*src));
		struct fc_yaml_reader *r;
		struct fc_node *doc;

		memset(src, 0, sizeof(*src));
		src->name = fc_arena_printf(ctx.arena, "%s/%s", prefix, base_name(files[i]));
		names[i] = src->name;
		src->text = slurp(files[i], &src->len);
		src->utf8_ok = true;
		r = fc_yaml_open(&ctx, src);
		filedocs[i] = ndocs;
		while (fc_yaml_next(r, ctx.arena, &doc) == 1) {
			GROW(docs, ndocs, capdocs, 1);
			docs[ndocs++] = number(&g, doc, (size_t)i);
		}
		fc_yaml_close(r);
		if (ctx.nerrors) {
			fprintf(stderr, "%s: '%s' does not parse (%u errors)\n", argv0, files[i], ctx.nerrors);
			return 1;
		}
	}

	tmp = xrealloc(NULL, strlen(outpath) + 5);
	sprintf(tmp, "%s.tmp", outpath);
	out = fopen(tmp, "w");
	if (!out) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", argv0, tmp, strerror(errno));
		return 1;
	}
	write_all(out, &g, prefix, nfiles, files, filedocs, docs, ndocs, schema);
	if (schema)
		write_schemas(out, &g, &ctx, names, nfiles, docs, ndocs);
	if (fclose(out) != 0 || rename(tmp, outpath) != 0) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", argv0, outpath, strerror(errno));
		remove(tmp);
		return 1;
	}
	return 0;
}
