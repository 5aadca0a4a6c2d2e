/* SPDX-License-Identifier: Apache-2.0 */
/* options_test.c - unit tests for options.c: the known-key list, open
 * prefixes, edit distance, suggestions and warning W0620. */
#include "options.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "embed.h"
#include "node.h"
#include "test.h"
#include "text.h"
#include "yaml.h"

static bool known(const char *k)
{
	return fc_options_known(k, strlen(k));
}

static const char *suggest(char *buf, size_t cap, const char *k)
{
	const char *s;
	size_t n = fc_options_suggest(&s, k, strlen(k));

	if (n == 0 || n >= cap)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static unsigned dist(const char *a, const char *b, unsigned max)
{
	return fc_text_distance(a, strlen(a), b, strlen(b), max, FC_TEXT_FOLD);
}

static void test_options__list_sorted_unique(int *failures)
{
	const struct fc_embedded *e = fc_embed_find(fc_schema_files, "flink-options.txt");
	const char *p, *prev = NULL, *end;
	size_t prevn = 0;

	FC_CHECK(e != NULL);
	if (!e)
		return;
	end = e->data + e->len;
	FC_CHECK(e->len > 0 && end[-1] == '\n');
	for (p = e->data; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p), m;
		int c;
		FC_CHECK(n > 0);
		if (prev) {
			m = n < prevn ? n : prevn;
			c = memcmp(prev, p, m);
			FC_CHECK(c < 0 || (c == 0 && prevn < n)); /* strictly increasing */
		}
		prev = p;
		prevn = n;
		p += n + 1;
	}
}

static void test_options__known_and_prefixes(int *failures)
{
	FC_CHECK(known("taskmanager.numberOfTaskSlots"));
	FC_CHECK(known("$internal.flink.version"));
	FC_CHECK(known("kubernetes.operator.periodic.savepoint.interval"));
	FC_CHECK(known("job.autoscaler.utilization.target"));
	FC_CHECK(known("state.checkpoints.dir"));         /* deprecated alias */
	FC_CHECK(known("high-availability"));             /* deprecated key */
	FC_CHECK(known("containerized.master.env.FOO"));  /* open prefix */
	FC_CHECK(known("metrics.reporter.prom.port"));
	FC_CHECK(known("execution.checkpointing.dir"));
	FC_CHECK(known("aaa") == false);
	FC_CHECK(known("zzzz.unknown") == false);
	FC_CHECK(known("taskmanager.numberOfTaskSlot") == false);
	FC_CHECK(known("containerized.master.env") == false); /* the prefix needs its dot */
	FC_CHECK(known("") == false);
}

static void test_options__distance(int *failures)
{
	FC_CHECK(dist("abc", "abc", 2) == 0);
	FC_CHECK(dist("abc", "ABC", 2) == 0);    /* case-insensitive */
	FC_CHECK(dist("abc", "acb", 2) == 1);    /* transposition */
	FC_CHECK(dist("abc", "ab", 2) == 1);
	FC_CHECK(dist("abc", "xyz", 2) == 3);    /* max + 1 */
	FC_CHECK(dist("", "ab", 3) == 2);
	FC_CHECK(dist("kitten", "sitting", 5) == 3);
	FC_CHECK(dist("abcdefgh", "a", 2) == 3); /* length difference alone */
}

static void test_options__suggest(int *failures)
{
	char buf[128];

	FC_CHECK_STR(suggest(buf, sizeof(buf), "taskmanager.numberOfTaskSlot"),
	             "taskmanager.numberOfTaskSlots");
	FC_CHECK_STR(suggest(buf, sizeof(buf), "Parallelism.Default"), "parallelism.default");
	FC_CHECK_STR(suggest(buf, sizeof(buf), "execution.checkpointing.intreval"),
	             "execution.checkpointing.interval");
	FC_CHECK(suggest(buf, sizeof(buf), "my.company.option") == NULL);
	FC_CHECK(suggest(buf, sizeof(buf), "") == NULL);
}

static const char *nearest(char *buf, size_t cap, const char *k)
{
	const char *s;
	size_t n = fc_options_nearest(&s, k, strlen(k));

	if (n == 0 || n >= cap)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* issue 8: far from any key by distance, but under a prefix Flink owns */
static void test_options__nearest(int *failures)
{
	char buf[128];

	FC_CHECK_STR(nearest(buf, sizeof(buf), "restart-strategy.exponential-delay.multiplier"),
	             "restart-strategy.exponential-delay.backoff-multiplier");
	const char *x = nearest(buf, sizeof(buf), "restart-strategy.fixed-delay.tries");
	FC_CHECK(x && strncmp(x, "restart-strategy.fixed-delay.", 29) == 0);
	FC_CHECK(nearest(buf, sizeof(buf), "nothing-shared") == NULL);
}

static void test_options__check_warns_at_key(int *failures)
{
	static const char text[] =
		"taskmanager.numberOfTaskSlot: 2\n"
		"taskmanager:\n"
		"  memory:\n"
		"    proces.size: 2g\n"
		"my.company.option: x\n"
		"containerized.master.env.X: y\n"
		"parallelism.default: 1\n"
		"parallelism.defualt: []\n";   /* an empty list gives no key */
	struct fc_options opts;
	struct fc_ctx ctx;
	struct fc_node *cfg;
	const struct fc_diag *d;
	unsigned n = 0;

	memset(&ctx, 0, sizeof(ctx));
	memset(&opts, 0, sizeof(opts));
	ctx.arena = fc_arena_new();
	ctx.opts = &opts;
	ctx.sources_tail = &ctx.sources;
	cfg = fc_yaml_parse_string(&ctx, ctx.arena, "t.yaml", text, strlen(text));
	FC_CHECK(cfg != NULL);
	fc_options_check(&ctx, cfg);
	FC_CHECK(ctx.nerrors == 0);
	FC_CHECK(ctx.nwarnings == 2);
	for (d = ctx.diags; d; d = d->next) {
		n++;
		FC_CHECK_STR(d->code, "W0620");
		FC_CHECK(d->sev == FC_SEV_WARNING);
		if (d->loc.line == 1)
			FC_CHECK_STR(d->msg, "spec.flinkConfiguration: unknown Flink option "
			                     "\"taskmanager.numberOfTaskSlot\"; did you mean "
			                     "\"taskmanager.numberOfTaskSlots\"?");
		else
			FC_CHECK(d->loc.line == 4 && d->loc.col == 5);
	}
	FC_CHECK(n == 2);
	fc_options_check(&ctx, NULL);           /* absent */
	fc_options_check(&ctx, fc_node_str(ctx.arena, "x")); /* not a map: the schema says so */
	FC_CHECK(ctx.nwarnings == 2);
	fc_arena_free(ctx.arena);
}

const struct fc_test fc_options_tests[] = {
	{ "options/list_sorted_unique", test_options__list_sorted_unique },
	{ "options/known_and_prefixes", test_options__known_and_prefixes },
	{ "options/distance", test_options__distance },
	{ "options/suggest", test_options__suggest },
	{ "options/check_warns_at_key", test_options__check_warns_at_key },
	{ "options/nearest", test_options__nearest },
	{ NULL, NULL },
};
