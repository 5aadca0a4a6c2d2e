/* SPDX-License-Identifier: Apache-2.0 */
/* text.h - ASCII character classes, DNS-1123 labels and the edit distance
 * behind "did you mean" suggestions.
 *
 * A leaf module: no state, no allocation, no locale (the <ctype.h>
 * functions depend on it and take only unsigned char values).
 */
#ifndef FC_TEXT_H
#define FC_TEXT_H

#include "base.h"

static inline bool fc_text_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool fc_text_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool fc_text_is_alnum(int c)
{
	return fc_text_is_alpha(c) || fc_text_is_digit(c);
}

static inline int fc_text_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int fc_text_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* a[0..n) equals the string b, ASCII letters compared case-insensitively */
bool fc_text_eqci_n(const char *a, size_t n, const char *b);

/* s[0..n) is a DNS-1123 label (namespace names, volume names): 1 to 63
 * lower-case letters, digits and '-', starting and ending alphanumeric
 * (declared in fc.h too, for the CLI's --namespace) */
bool fc_text_is_dns_label(const char *s, size_t n);

enum { FC_TEXT_FOLD = 1 << 0 }; /* fc_text_distance: ASCII letters compare case-insensitively */

/* Optimal string alignment distance between a[0..na) and b[0..nb)
 * (insertions, deletions, substitutions and adjacent transpositions cost
 * 1), or max + 1 as soon as it is known to exceed max; strings longer than
 * FC_TEXT_MAX_DISTANCE_LEN are never close.  flags: FC_TEXT_FOLD. */
#define FC_TEXT_MAX_DISTANCE_LEN 256
unsigned fc_text_distance(const char *a, size_t na, const char *b, size_t nb, unsigned max, unsigned flags);

#endif
