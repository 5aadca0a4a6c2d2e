/* SPDX-License-Identifier: Apache-2.0 */
/* text_test.c - unit tests for text.c: DNS-1123 labels, the case-folding
 * comparison and the edit distance of suggestions. */
#include "text.h"

#include <string.h>

#include "test.h"

static unsigned dist(const char *a, const char *b, unsigned max, unsigned flags)
{
	return fc_text_distance(a, strlen(a), b, strlen(b), max, flags);
}

static void test_text__distance(int *failures)
{
	FC_CHECK(dist("parralelism", "parallelism", 5, 0) == 2);
	FC_CHECK(dist("jarUIR", "jarURI", 5, 0) == 1); /* a transposition */
	FC_CHECK(dist("kitten", "sitting", 5, 0) == 3);
	FC_CHECK(dist("", "abc", 5, 0) == 3);
	FC_CHECK(dist("same", "same", 0, 0) == 0);
	FC_CHECK(dist("abcdef", "uvwxyz", 2, 0) == 3); /* max + 1 */
	FC_CHECK(dist("Name", "name", 2, 0) == 1);
	FC_CHECK(dist("Name", "name", 2, FC_TEXT_FOLD) == 0);
	FC_CHECK(dist("nAEm", "name", 2, FC_TEXT_FOLD) == 1); /* folded transposition */
}

static void test_text__distance_long(int *failures)
{
	char a[FC_TEXT_MAX_DISTANCE_LEN + 2];

	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	FC_CHECK(dist(a, a, 3, 0) == 4); /* too long to compare: never close */
	a[FC_TEXT_MAX_DISTANCE_LEN] = '\0';
	FC_CHECK(dist(a, a, 3, 0) == 0);
}

static void test_text__dns_label(int *failures)
{
	char big[65];

	FC_CHECK(fc_text_is_dns_label("a", 1));
	FC_CHECK(fc_text_is_dns_label("team-a1", 7));
	FC_CHECK(!fc_text_is_dns_label("", 0));
	FC_CHECK(!fc_text_is_dns_label("-a", 2));
	FC_CHECK(!fc_text_is_dns_label("a-", 2));
	FC_CHECK(!fc_text_is_dns_label("Team", 4));
	FC_CHECK(!fc_text_is_dns_label("a.b", 3));
	memset(big, 'a', sizeof(big));
	FC_CHECK(fc_text_is_dns_label(big, 63));
	FC_CHECK(!fc_text_is_dns_label(big, 64));
}

static void test_text__classes(int *failures)
{
	FC_CHECK(fc_text_is_digit('0') && fc_text_is_digit('9') && !fc_text_is_digit('a'));
	FC_CHECK(fc_text_is_alpha('z') && fc_text_is_alpha('Z') && !fc_text_is_alpha('_'));
	FC_CHECK(!fc_text_is_alnum((char)0xc3) && fc_text_is_alnum('q'));
	FC_CHECK(fc_text_lower('Q') == 'q' && fc_text_lower('-') == '-' && fc_text_upper('q') == 'Q');
	FC_CHECK(fc_text_eqci_n("Https", 5, "https"));
	FC_CHECK(!fc_text_eqci_n("http", 4, "https"));
	FC_CHECK(!fc_text_eqci_n("https", 5, "http"));
}

const struct fc_test fc_text_tests[] = {
	{ "test_text__distance", test_text__distance },
	{ "test_text__distance_long", test_text__distance_long },
	{ "test_text__dns_label", test_text__dns_label },
	{ "test_text__classes", test_text__classes },
	{ NULL, NULL },
};
