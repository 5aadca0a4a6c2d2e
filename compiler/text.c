/* SPDX-License-Identifier: Apache-2.0 */
/* text.c - DNS-1123 labels and the edit distance of suggestions; see text.h. */
#include "text.h"

bool fc_text_eqci_n(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!b[i] || fc_text_lower(a[i]) != fc_text_lower(b[i]))
			return false;
	return b[n] == '\0';
}

bool fc_text_is_dns_label(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || fc_text_is_digit(s[i]) || s[i] == '-'))
			return false;
	return true;
}

unsigned fc_text_distance(const char *a, size_t na, const char *b, size_t nb, unsigned max, unsigned flags)
{
	/* three rows of the dynamic programme: i-2, i-1, i */
	unsigned rows[3][FC_TEXT_MAX_DISTANCE_LEN + 1], *prev2, *prev, *cur, best;
	int (*fold)(int) = flags & FC_TEXT_FOLD ? fc_text_lower : NULL;
	size_t i, j;

	if ((na > nb ? na - nb : nb - na) > max)
		return max + 1;
	if (na > FC_TEXT_MAX_DISTANCE_LEN || nb > FC_TEXT_MAX_DISTANCE_LEN)
		return max + 1;
	for (j = 0; j <= nb; j++)
		rows[1][j] = (unsigned)j;
	prev2 = rows[0];
	prev = rows[1];
	cur = rows[2];
	for (i = 1; i <= na; i++) {
		int ca = (unsigned char)a[i - 1], pa = i > 1 ? (unsigned char)a[i - 2] : 0;
		if (fold) {
			ca = fold(ca);
			pa = fold(pa);
		}
		cur[0] = (unsigned)i;
		best = cur[0];
		for (j = 1; j <= nb; j++) {
			int cb = (unsigned char)b[j - 1], pb = j > 1 ? (unsigned char)b[j - 2] : 0;
			unsigned d;
			if (fold) {
				cb = fold(cb);
				pb = fold(pb);
			}
			d = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == pb && pa == cb && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1; /* transposition */
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > max)
			return max + 1;
		/* rotate */
		{
			unsigned *t = prev2;
			prev2 = prev;
			prev = cur;
			cur = t;
		}
	}
	return prev[nb] > max ? max + 1 : prev[nb];
}
