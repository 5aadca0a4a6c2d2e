/* SPDX-License-Identifier: Apache-2.0 */
/* textdiff_test.c - unit tests for textdiff.c: exact GNU diff -u bytes for
 * the usual shapes, and random texts whose diff must apply back and be
 * minimal (edit count = N + M - 2 LCS, checked with a quadratic LCS). */
#include "textdiff.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "test.h"

/* diff a -> b with 3 lines of context, labels "a" and "b"; "" when equal */
static char *udiff(const char *a, const char *b)
{
	struct fc_buf out = FC_BUF_INIT;
	char *s;

	fc_textdiff_unified(&out, a, strlen(a), b, strlen(b), "a", "b", 3);
	s = fc_xstrdup(out.ptr ? out.ptr : "");
	fc_buf_fini(&out);
	return s;
}

#define CHECK_DIFF(a, b, want)                \
	do {                                  \
		char *got_ = udiff((a), (b)); \
		FC_CHECK_STR(got_, (want));   \
		fc_xfree(got_);               \
	} while (0)

static void test_textdiff__equal(int *failures)
{
	struct fc_buf out = FC_BUF_INIT;

	FC_CHECK(!fc_textdiff_unified(&out, "x\ny\n", 4, "x\ny\n", 4, "a", "b", 3));
	FC_CHECK(out.len == 0);
	FC_CHECK(!fc_textdiff_unified(&out, "", 0, "", 0, "a", "b", 3));
	FC_CHECK(out.len == 0);
	fc_buf_fini(&out);
}

/* expected texts produced by GNU diffutils 3.8 `diff -u` */
static void test_textdiff__shapes(int *failures)
{
	/* one changed line in the middle */
	CHECK_DIFF("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
	           "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	/* from and to the empty text */
	CHECK_DIFF("", "x\ny\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
	CHECK_DIFF("x\n", "", "--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n");
	/* insertion at the start, single-line ranges */
	CHECK_DIFF("b\n", "a\nb\n", "--- a\n+++ b\n@@ -1 +1,2 @@\n+a\n b\n");
	/* missing final newline on one side */
	CHECK_DIFF("a\nb", "a\nb\n", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
	/* two changes far apart: two hunks */
	CHECK_DIFF("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
	           "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n",
	           "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"
	           "@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n");
	/* two changes 6 lines apart (= 2 * context): one hunk */
	CHECK_DIFF("1\n2\n3\n4\n5\n6\n7\n8\n", "x\n2\n3\n4\n5\n6\n7\ny\n",
	           "--- a\n+++ b\n@@ -1,8 +1,8 @@\n-1\n+x\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+y\n");
	/* deletions come before insertions inside a change */
	CHECK_DIFF("k\na\nb\nk\n", "k\nc\nk\n", "--- a\n+++ b\n@@ -1,4 +1,3 @@\n k\n-a\n-b\n+c\n k\n");
}

/* apply a unified diff (as produced here) to a; NULL if it does not apply */
static char *apply(const char *a, const char *patch)
{
	struct fc_buf out = FC_BUF_INIT;
	const char *p = patch, *ap = a;
	size_t aline = 1;
	char *s;

	/* skip the two header lines */
	p = strchr(p, '\n') + 1;
	p = strchr(p, '\n') + 1;
	while (*p) {
		unsigned long start = strtoul(p + 4, NULL, 10);
		const char *nl = strchr(p, '\n');
		if (strncmp(p, "@@ -", 4) != 0)
			goto bad;
		if (start == 0)
			start = 1; /* an empty range at the top */
		else if (strstr(p, ",0 +") && strstr(p, ",0 +") < nl)
			start++; /* an empty range names the line before it */
		/* copy lines before the hunk */
		while (aline < start) {
			const char *e = strchr(ap, '\n');
			e = e ? e + 1 : ap + strlen(ap);
			fc_buf_append(&out, ap, (size_t)(e - ap));
			ap = e;
			aline++;
		}
		p = nl + 1;
		while (*p && *p != '@') {
			const char *e = strchr(p, '\n');
			size_t n = (size_t)(e - p);
			bool nonl = strncmp(e + 1, "\\ No newline", 12) == 0;
			if (*p == ' ' || *p == '-') {
				if (strncmp(ap, p + 1, n - 1) != 0)
					goto bad;
				ap += n - 1 + (nonl ? 0 : 1);
				aline++;
			}
			if (*p == ' ' || *p == '+') {
				fc_buf_append(&out, p + 1, n - 1);
				if (!nonl)
					fc_buf_putc(&out, '\n');
			}
			p = e + 1;
			if (nonl)
				p = strchr(p, '\n') + 1;
		}
	}
	fc_buf_puts(&out, ap);
	s = fc_xstrdup(out.ptr ? out.ptr : "");
	fc_buf_fini(&out);
	return s;
bad:
	fc_buf_fini(&out);
	return NULL;
}

/* N + M - 2 LCS of the lines of a and b (one-letter lines) */
static size_t min_edits(const char *a, const char *b)
{
	size_t n = strlen(a) / 2, m = strlen(b) / 2, i, j, lcs;
	size_t *t = fc_xcalloc((n + 1) * (m + 1), sizeof(*t));

	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++)
			t[i * (m + 1) + j] = a[2 * (i - 1)] == b[2 * (j - 1)]
			                             ? t[(i - 1) * (m + 1) + j - 1] + 1
			                             : (t[(i - 1) * (m + 1) + j] > t[i * (m + 1) + j - 1]
			                                        ? t[(i - 1) * (m + 1) + j]
			                                        : t[i * (m + 1) + j - 1]);
	lcs = t[n * (m + 1) + m];
	fc_xfree(t);
	return n + m - 2 * lcs;
}

static void test_textdiff__random(int *failures)
{
	unsigned long seed = 12345;
	int round;

	for (round = 0; round < 3000; round++) {
		char a[128], b[128];
		size_t na, nb, i, edits = 0;
		char *patch, *back;
		struct fc_buf out = FC_BUF_INIT;
		const char *p;

		/* a small alphabet makes many equal lines; LCG for determinism */
#define RND() (seed = seed * 6364136223846793005UL + 1442695040888963407UL, (unsigned)(seed >> 33))
		na = RND() % 40;
		nb = RND() % 40;
		for (i = 0; i < na; i++)
			a[2 * i] = (char)('a' + RND() % 4), a[2 * i + 1] = '\n';
		a[2 * na] = '\0';
		for (i = 0; i < nb; i++)
			b[2 * i] = (char)('a' + RND() % 4), b[2 * i + 1] = '\n';
		b[2 * nb] = '\0';
		/* context 0 keeps every hunk line an edit */
		fc_textdiff_unified(&out, a, strlen(a), b, strlen(b), "a", "b", round % 2 ? 3 : 0);
		patch = fc_xstrdup(out.ptr ? out.ptr : "");
		fc_buf_fini(&out);
		if (strcmp(a, b) == 0) {
			FC_CHECK(patch[0] == '\0');
			fc_xfree(patch);
			continue;
		}
		back = apply(a, patch);
		FC_CHECK(back && strcmp(back, b) == 0);
		if (round % 2 == 0) {
			p = strchr(strchr(patch, '\n') + 1, '\n'); /* after the headers */
			while ((p = strchr(p, '\n')) != NULL)
				if (*++p == '-' || *p == '+')
					edits++;
			FC_CHECK(edits == min_edits(a, b));
		}
		fc_xfree(back);
		fc_xfree(patch);
	}
}

const struct fc_test fc_textdiff_tests[] = {
	{ "textdiff__equal", test_textdiff__equal },
	{ "textdiff__shapes", test_textdiff__shapes },
	{ "textdiff__random", test_textdiff__random },
	{ NULL, NULL },
};
