/* SPDX-License-Identifier: Apache-2.0 */
/* options.c - known Flink option keys and the typo warning W0620; see options.h.
 *
 * The embedded list is searched in place: an exact key by bisection over
 * its sorted lines, open prefixes and suggestions by one pass, which only
 * happens for keys that are not known (rare), so nothing is allocated.
 */
#include "options.h"

#include <string.h>

#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "embed.h"
#include "node.h"
#include "text.h"

#define LIST_NAME "flink-options.txt"

struct list {
	const char *p, *end;
};

static bool list_get(struct list *l)
{
	const struct fc_embedded *e = fc_embed_find(fc_schema_files, LIST_NAME);

	if (!FC_ALWAYS(e != NULL))
		return false;
	l->p = e->data;
	l->end = e->data + e->len;
	return true;
}

/* the line starting at p: its length without the newline */
static size_t line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return (size_t)((nl ? nl : end) - p);
}

/* byte-order comparison of key with a line, as strcmp would order them */
static int cmp_line(const char *key, size_t len, const char *line, size_t n)
{
	int c = memcmp(key, line, len < n ? len : n);
	return c ? c : (len > n) - (len < n);
}

static bool known_exact(const struct list *l, const char *key, size_t len)
{
	const char *lo = l->p, *hi = l->end;

	while (lo < hi) {
		const char *mid = lo + (hi - lo) / 2, *line = mid;
		size_t n;
		int c;
		while (line > lo && line[-1] != '\n')
			line--;
		n = line_len(line, hi);
		c = cmp_line(key, len, line, n);
		if (c == 0)
			return true;
		if (c < 0)
			hi = line;
		else
			lo = line + n + 1;
	}
	return false;
}

static bool under_prefix(const struct list *l, const char *key, size_t len)
{
	const char *p;
	size_t n;

	for (p = l->p; p < l->end; p += n + 1) {
		n = line_len(p, l->end);
		if (n > 0 && p[n - 1] == '*' && len >= n - 1 && memcmp(key, p, n - 1) == 0)
			return true;
	}
	return false;
}

bool fc_options_known(const char *key, size_t len)
{
	struct list l;

	if (!list_get(&l))
		return true;
	return known_exact(&l, key, len) || under_prefix(&l, key, len);
}

static unsigned typo_limit(size_t len)
{
	return len < 10 ? 1 : len < 25 ? 2 : 3;
}

size_t fc_options_suggest(const char **out, const char *key, size_t len)
{
	struct list l;
	const char *p, *best = NULL;
	unsigned limit = typo_limit(len), bestd = limit + 1, d;
	size_t n, bestn = 0;

	*out = NULL;
	if (!list_get(&l))
		return 0;
	for (p = l.p; p < l.end; p += n + 1) {
		n = line_len(p, l.end);
		if (n == 0 || p[n - 1] == '*')
			continue;
		d = fc_text_distance(key, len, p, n, bestd > 0 ? bestd - 1 : 0, FC_TEXT_FOLD);
		if (d < bestd) {
			bestd = d;
			best = p;
			bestn = n;
			if (d == 0)
				break;
		}
	}
	*out = best;
	return best ? bestn : 0;
}

/* Prefixes whose options Flink defines completely (the list holds them
 * all): a key under one that Flink does not know is ignored by Flink, so it
 * is reported however far it is from a real one.  Third-party and operator
 * options live elsewhere (s3.*, fs.*, kubernetes.operator.*, job.autoscaler.*). */
static const char *const owned[] = {
	"blob.",           "cluster.",        "execution.",     "heartbeat.", "high-availability.",
	"jobmanager.",     "parallelism.",    "pipeline.",      "resourcemanager.",
	"rest.",           "restart-strategy.", "slotmanager.", "state.",     "taskmanager.",
	"web.",
};

static bool is_owned(const char *key, size_t len)
{
	size_t i, n;

	for (i = 0; i < countof(owned); i++) {
		n = strlen(owned[i]);
		if (len > n && memcmp(key, owned[i], n) == 0)
			return true;
	}
	return false;
}

/* bytes of the longest common prefix of a and b that ends at a '.' */
static size_t common_segments(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i, last = 0;

	for (i = 0; i < na && i < nb && a[i] == b[i]; i++)
		if (a[i] == '.')
			last = i + 1;
	return last;
}

/* the last segment of key (after its last '.') occurs in s[0..n) */
static bool has_tail(const char *key, size_t len, const char *s, size_t n)
{
	size_t tl = 0, i;

	while (tl < len && key[len - 1 - tl] != '.')
		tl++;

	for (i = 0; tl && i + tl <= n; i++)
		if (memcmp(s + i, key + len - tl, tl) == 0)
			return true;
	return false;
}

size_t fc_options_nearest(const char **out, const char *key, size_t len)
{
	struct list l;
	const char *p, *best = NULL;
	size_t n, bestn = 0, bestc = 0;
	unsigned bestd = 32, d;
	bool bestt = false;

	*out = NULL;
	if (!list_get(&l))
		return 0;
	for (p = l.p; p < l.end; p += n + 1) {
		size_t c;
		bool t;
		n = line_len(p, l.end);
		if (n == 0 || p[n - 1] == '*')
			continue;
		c = common_segments(key, len, p, n);
		if (c == 0 || c < bestc)
			continue;
		t = has_tail(key, len, p, n);
		d = fc_text_distance(key, len, p, n, 31, FC_TEXT_FOLD);
		if (c > bestc || (t && !bestt) || (t == bestt && d < bestd)) {
			best = p;
			bestn = n;
			bestc = c;
			bestt = t;
			bestd = d;
		}
	}
	*out = best;
	return bestn;
}

/* check one flattened key whose key node is at loc */
static void check_key(struct fc_ctx *ctx, const struct fc_buf *key, struct fc_loc loc)
{
	const char *s;
	size_t n;

	if (fc_options_known(key->ptr, key->len))
		return;
	n = fc_options_suggest(&s, key->ptr, key->len);
	if (n == 0 && is_owned(key->ptr, key->len) && (n = fc_options_nearest(&s, key->ptr, key->len))) {
		fc_diag_at(ctx, FC_SEV_WARNING, loc, "W0620", NULL,
		           "spec.flinkConfiguration: \"%s\" is not a Flink option, so Flink ignores it; "
		           "the nearest is \"%.*s\"",
		           key->ptr, (int)n, s);
		return;
	}
	if (n == 0)
		return;
	fc_diag_at(ctx, FC_SEV_WARNING, loc, "W0620", NULL,
	           "spec.flinkConfiguration: unknown Flink option \"%s\"; did you mean \"%.*s\"?",
	           key->ptr, (int)n, s);
}

/* the keys fc_conf_flatten would produce, with the location of each leaf's key */
static void walk(struct fc_ctx *ctx, struct fc_buf *path, const struct fc_node *map)
{
	size_t mark = path->len;
	uint32_t i;

	for (i = 0; i < map->n; i++) {
		const struct fc_pair *p = &map->pairs[i];
		if (mark > 0)
			fc_buf_putc(path, '.');
		fc_buf_append(path, p->key->str, p->key->len);
		if (p->val->kind == FC_NODE_MAP)
			walk(ctx, path, p->val);
		else if (!(p->val->kind == FC_NODE_SEQ && p->val->n == 0)) /* [] gives no key */
			check_key(ctx, path, p->key->loc);
		path->len = mark;
		path->ptr[mark] = '\0';
	}
}

void fc_options_check(struct fc_ctx *ctx, const struct fc_node *cfg)
{
	struct fc_buf path = FC_BUF_INIT;

	if (!cfg || cfg->kind != FC_NODE_MAP || cfg->n == 0)
		return;
	fc_buf_reserve(&path, 64);
	path.ptr[0] = '\0';
	walk(ctx, &path, cfg);
	fc_buf_fini(&path);
}
