/* SPDX-License-Identifier: Apache-2.0 */
/* placeholder.c - find unexpanded template placeholders; see placeholder.h. */
#include "placeholder.h"

static bool is_upper_word(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_letter(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }

/* ${...}: its length from s[i], or 0 (unclosed, empty, or a log4j lookup) */
static size_t braced(const char *s, size_t n, size_t i)
{
	size_t j = i + 2, k;

	for (k = j; k < n && s[k] != '}' && s[k] != '{'; k++)
		;
	if (k >= n || s[k] != '}' || k == j)
		return 0;
	/* ${sys:log.file}, ${env:HOME}: a lower-case prefix and ':' is a lookup */
	for (; j < k && is_lower(s[j]); j++)
		;
	if (j > i + 2 && j < k && s[j] == ':')
		return 0;
	return k + 1 - i;
}

/* $NAME: its length from s[i], or 0 */
static size_t bare(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;

	if (j >= n || !((s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_'))
		return 0;
	while (j < n && is_upper_word(s[j]))
		j++;
	if (j < n && is_lower(s[j]))
		return 0; /* $Foo: not a shell variable by convention */
	return j - i >= 3 ? j - i : 0;
}

/* <Words>: its length from s[i], or 0 */
static size_t angled(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;

	if (j >= n || !is_letter(s[j]))
		return 0;
	while (j < n && (is_letter(s[j]) || is_upper_word(s[j]) || s[j] == ' ' || s[j] == '-'))
		j++;
	if (j >= n || s[j] != '>' || s[j - 1] == ' ')
		return 0;
	return j + 1 - i;
}

size_t fc_placeholder_find(size_t *at, const char *s, size_t n)
{
	size_t i, len;

	for (i = 0; s && i < n; i++) {
		len = 0;
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{')
			len = braced(s, n, i);
		else if (s[i] == '$')
			len = bare(s, n, i);
		else if (s[i] == '<')
			len = angled(s, n, i);
		if (len) {
			*at = i;
			return len;
		}
	}
	return 0;
}
