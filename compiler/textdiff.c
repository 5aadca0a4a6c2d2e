/* SPDX-License-Identifier: Apache-2.0 */
/* textdiff.c - Myers line diff and GNU-style unified output; see textdiff.h.
 *
 * Lines are compared by a 64-bit hash first, then by bytes.  A line keeps
 * its "\n", so a last line without one differs from the same text with
 * one, as in diff(1).  The edit script is recorded as two flag arrays
 * (deleted lines of a, inserted lines of b), like GNU diff's `changed`
 * vectors; hunks are then cut from the flags.
 */
#include "textdiff.h"

#include <string.h>
#include <xxhash.h>

#include "alloc.h"
#include "buf.h"

struct line {
	const char *p;
	size_t n; /* bytes, the '\n' included when there is one */
	uint64_t h;
};

struct side {
	struct line *v;
	size_t n;
	bool *changed; /* deleted (a) or inserted (b) */
};

struct diff {
	struct side a, b;
	long *v1, *v2; /* Myers' V arrays, forward and backward */
};

static void split(struct side *s, const char *t, size_t len)
{
	size_t cap = 16, i = 0;

	s->v = fc_xreallocarray(NULL, cap, sizeof(*s->v));
	s->n = 0;
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (t + i)) + 1 : len - i;
		if (s->n == cap) {
			cap *= 2;
			s->v = fc_xreallocarray(s->v, cap, sizeof(*s->v));
		}
		s->v[s->n].p = t + i;
		s->v[s->n].n = n;
		s->v[s->n].h = XXH3_64bits(t + i, n);
		s->n++;
		i += n;
	}
	s->changed = fc_xcalloc(s->n + 1, sizeof(*s->changed));
}

static bool eq(const struct diff *d, size_t i, size_t j)
{
	const struct line *x = &d->a.v[i], *y = &d->b.v[j];

	return x->h == y->h && x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

static void mark(bool *changed, size_t from, size_t to)
{
	for (; from < to; from++)
		changed[from] = true;
}

static void compare(struct diff *d, size_t a0, size_t a1, size_t b0, size_t b1);

/* Find the middle snake of a[a0,a1) x b[b0,b1) (both non-empty, first and
 * last lines different) and recurse on both sides of it.  This is the
 * "bisect" of Myers' paper as diff-match-patch writes it. */
static void bisect(struct diff *d, size_t a0, size_t a1, size_t b0, size_t b1)
{
	long n = (long)(a1 - a0), m = (long)(b1 - b0);
	long max_d = (n + m + 1) / 2, off = max_d, len = 2 * max_d + 2;
	long delta = n - m, k1start = 0, k1end = 0, k2start = 0, k2end = 0, dd, k, i;
	bool front = (delta & 1) != 0;
	long *v1 = d->v1, *v2 = d->v2;

	for (i = 0; i < len; i++)
		v1[i] = v2[i] = -1;
	v1[off + 1] = 0;
	v2[off + 1] = 0;
	for (dd = 0; dd < max_d; dd++) {
		for (k = -dd + k1start; k <= dd - k1end; k += 2) {
			long ko = off + k, x, y;
			if (k == -dd || (k != dd && v1[ko - 1] < v1[ko + 1]))
				x = v1[ko + 1];
			else
				x = v1[ko - 1] + 1;
			y = x - k;
			while (x < n && y < m && eq(d, a0 + (size_t)x, b0 + (size_t)y))
				x++, y++;
			v1[ko] = x;
			if (x > n) {
				k1end += 2;
			} else if (y > m) {
				k1start += 2;
			} else if (front) {
				long k2o = off + delta - k;
				if (k2o >= 0 && k2o < len && v2[k2o] != -1 && x >= n - v2[k2o]) {
					compare(d, a0, a0 + (size_t)x, b0, b0 + (size_t)y);
					compare(d, a0 + (size_t)x, a1, b0 + (size_t)y, b1);
					return;
				}
			}
		}
		for (k = -dd + k2start; k <= dd - k2end; k += 2) {
			long ko = off + k, x, y;
			if (k == -dd || (k != dd && v2[ko - 1] < v2[ko + 1]))
				x = v2[ko + 1];
			else
				x = v2[ko - 1] + 1;
			y = x - k;
			while (x < n && y < m && eq(d, a1 - 1 - (size_t)x, b1 - 1 - (size_t)y))
				x++, y++;
			v2[ko] = x;
			if (x > n) {
				k2end += 2;
			} else if (y > m) {
				k2start += 2;
			} else if (!front) {
				long k1o = off + delta - k;
				if (k1o >= 0 && k1o < len && v1[k1o] != -1) {
					long x1 = v1[k1o], y1 = off + x1 - k1o;
					if (x1 >= n - x) {
						compare(d, a0, a0 + (size_t)x1, b0, b0 + (size_t)y1);
						compare(d, a0 + (size_t)x1, a1, b0 + (size_t)y1, b1);
						return;
					}
				}
			}
		}
	}
	/* no common line at all */
	mark(d->a.changed, a0, a1);
	mark(d->b.changed, b0, b1);
}

/* record the edit script of a[a0,a1) -> b[b0,b1) */
static void compare(struct diff *d, size_t a0, size_t a1, size_t b0, size_t b1)
{
	while (a0 < a1 && b0 < b1 && eq(d, a0, b0))
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && eq(d, a1 - 1, b1 - 1))
		a1--, b1--;
	if (a0 == a1)
		mark(d->b.changed, b0, b1);
	else if (b0 == b1)
		mark(d->a.changed, a0, a1);
	else
		bisect(d, a0, a1, b0, b1);
}

/* a block of changes: a[a0,a1) replaced by b[b0,b1) */
struct block {
	size_t a0, a1, b0, b1;
};

/* GNU diff's unified range: "start,count", "start" when count is 1, and
 * for an empty range the line before it with ",0" */
static void put_range(struct fc_buf *out, size_t start, size_t count)
{
	if (count == 1)
		fc_buf_printf(out, "%zu", start + 1);
	else if (count == 0)
		fc_buf_printf(out, "%zu,0", start);
	else
		fc_buf_printf(out, "%zu,%zu", start + 1, count);
}

static void put_line(struct fc_buf *out, char tag, const struct line *l)
{
	fc_buf_putc(out, tag);
	fc_buf_append(out, l->p, l->n);
	if (l->n == 0 || l->p[l->n - 1] != '\n')
		fc_buf_puts(out, "\n\\ No newline at end of file\n");
}

static void put_hunk(struct fc_buf *out, const struct diff *d, const struct block *bl, size_t nbl,
                     unsigned ctx)
{
	size_t alo = bl[0].a0 > ctx ? bl[0].a0 - ctx : 0;
	size_t blo = bl[0].b0 - (bl[0].a0 - alo);
	size_t ahi = bl[nbl - 1].a1 + ctx < d->a.n ? bl[nbl - 1].a1 + ctx : d->a.n;
	size_t bhi = bl[nbl - 1].b1 + (ahi - bl[nbl - 1].a1);
	size_t i, k, j;

	fc_buf_puts(out, "@@ -");
	put_range(out, alo, ahi - alo);
	fc_buf_puts(out, " +");
	put_range(out, blo, bhi - blo);
	fc_buf_puts(out, " @@\n");
	i = alo;
	for (k = 0; k < nbl; k++) {
		for (; i < bl[k].a0; i++)
			put_line(out, ' ', &d->a.v[i]);
		for (; i < bl[k].a1; i++)
			put_line(out, '-', &d->a.v[i]);
		for (j = bl[k].b0; j < bl[k].b1; j++)
			put_line(out, '+', &d->b.v[j]);
	}
	for (; i < ahi; i++)
		put_line(out, ' ', &d->a.v[i]);
}

bool fc_textdiff_unified(struct fc_buf *out, const char *a, size_t alen, const char *b, size_t blen,
                         const char *label_a, const char *label_b, unsigned context)
{
	struct diff d;
	struct block *bl = NULL;
	size_t nbl = 0, cap = 0, i = 0, j = 0, k, start;
	long vlen;

	if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
		return false;
	memset(&d, 0, sizeof(d));
	split(&d.a, a, alen);
	split(&d.b, b, blen);
	vlen = (long)(d.a.n + d.b.n + 1) / 2 * 2 + 2;
	d.v1 = fc_xreallocarray(NULL, (size_t)vlen, sizeof(long));
	d.v2 = fc_xreallocarray(NULL, (size_t)vlen, sizeof(long));
	compare(&d, 0, d.a.n, 0, d.b.n);

	/* unchanged lines of a and b pair up in order: cut the blocks between them */
	while (i < d.a.n || j < d.b.n) {
		if (i < d.a.n && j < d.b.n && !d.a.changed[i] && !d.b.changed[j]) {
			i++, j++;
			continue;
		}
		if (nbl == cap) {
			cap = cap ? cap * 2 : 16;
			bl = fc_xreallocarray(bl, cap, sizeof(*bl));
		}
		bl[nbl].a0 = i;
		bl[nbl].b0 = j;
		while (i < d.a.n && d.a.changed[i])
			i++;
		while (j < d.b.n && d.b.changed[j])
			j++;
		bl[nbl].a1 = i;
		bl[nbl].b1 = j;
		if (FC_NEVER(bl[nbl].a0 == i && bl[nbl].b0 == j))
			break; /* cannot happen: the flags pair up */
		nbl++;
	}
	fc_buf_printf(out, "--- %s\n+++ %s\n", label_a, label_b);
	/* blocks closer than 2*context unchanged lines share a hunk */
	for (start = 0, k = 1; k <= nbl; k++) {
		if (k < nbl && bl[k].a0 - bl[k - 1].a1 <= 2 * (size_t)context)
			continue;
		put_hunk(out, &d, bl + start, k - start, context);
		start = k;
	}
	fc_xfree(bl);
	fc_xfree(d.v1);
	fc_xfree(d.v2);
	fc_xfree(d.a.v);
	fc_xfree(d.b.v);
	fc_xfree(d.a.changed);
	fc_xfree(d.b.changed);
	return true;
}
