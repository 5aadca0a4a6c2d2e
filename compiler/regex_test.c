/* SPDX-License-Identifier: Apache-2.0 */
/* regex_test.c - unit tests for regex.c: RE2 semantics on PCRE2 (end-only $,
 * unanchored search, ASCII \d), every construct RE2 rejects, constructs it
 * accepts, PCRE2 syntax errors, and the match limit on a catastrophic
 * pattern.
 */
#include "regex.h"

#include <string.h>

#include "test.h"

/* compile p; returns the pattern or NULL (err receives the message) */
static struct fc_regex *comp(struct fc_regex_env *env, const char *p, char *err, size_t errlen)
{
	struct fc_regex *re = NULL;
	size_t off = 0;

	if (fc_regex_compile(&re, env, p, strlen(p), err, errlen, &off))
		return NULL;
	return re;
}

/* compile p and match s: FC_REGEX_* or 99 when p does not compile */
static int match(struct fc_regex_env *env, const char *p, const char *s)
{
	char err[256];
	struct fc_regex *re = comp(env, p, err, sizeof(err));

	if (!re) {
		fprintf(stderr, "regex_test: /%s/ does not compile: %s\n", p, err);
		return 99;
	}
	return fc_regex_match(re, s, strlen(s));
}

static void test_regex__basic_match(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();
	const char *dns = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

	FC_CHECK(match(env, dns, "my-job-1") == FC_REGEX_MATCH);
	FC_CHECK(match(env, dns, "My-job") == FC_REGEX_NOMATCH);
	FC_CHECK(match(env, dns, "job-") == FC_REGEX_NOMATCH);
	FC_CHECK(match(env, dns, "") == FC_REGEX_NOMATCH);
	fc_regex_env_free(env);
}

static void test_regex__dollar_end_only(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();

	FC_CHECK(match(env, "^abc$", "abc") == FC_REGEX_MATCH);
	FC_CHECK(match(env, "^abc$", "abc\n") == FC_REGEX_NOMATCH); /* PCRE2's default would match */
	FC_CHECK(match(env, "(?m)^abc$", "abc\nx") == FC_REGEX_MATCH);
	fc_regex_env_free(env);
}

static void test_regex__unanchored_search(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();

	FC_CHECK(match(env, "b+", "abbbc") == FC_REGEX_MATCH);
	FC_CHECK(match(env, "^b", "abc") == FC_REGEX_NOMATCH);
	fc_regex_env_free(env);
}

static void test_regex__ascii_classes(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();

	FC_CHECK(match(env, "^\\d+$", "0123") == FC_REGEX_MATCH);
	FC_CHECK(match(env, "^\\d+$", "\xd9\xa3") == FC_REGEX_NOMATCH); /* ARABIC-INDIC DIGIT THREE */
	FC_CHECK(match(env, "^\\w$", "\xc3\xa9") == FC_REGEX_NOMATCH);  /* é */
	FC_CHECK(match(env, "^\\pL$", "\xc3\xa9") == FC_REGEX_MATCH);
	FC_CHECK(match(env, "^.$", "\xc3\xa9") == FC_REGEX_MATCH);      /* UTF-8: one character */
	FC_CHECK(match(env, "^\\x{263A}$", "\xe2\x98\xba") == FC_REGEX_MATCH);
	fc_regex_env_free(env);
}

/* every construct RE2 rejects, with a word of the message */
static void test_regex__re2_rejects(int *failures)
{
	static const struct {
		const char *pattern, *word;
	} cases[] = {
		{ "(?=a)b", "lookahead" },
		{ "a(?!b)", "lookahead" },
		{ "(?<=a)b", "lookbehind" },
		{ "(?<!a)b", "lookbehind" },
		{ "(a)\\1", "backreference" },
		{ "(?P<x>a)(?P=x)", "backreference" },
		{ "(?<x>a)\\k<x>", "backreference" },
		{ "(a)\\g1", "backreference" },
		{ "(?>a+)b", "atomic" },
		{ "a++b", "possessive" },
		{ "a*+b", "possessive" },
		{ "a?+b", "possessive" },
		{ "a{2}+", "possessive" },
		{ "a{2}{3}", "nested repetition" },
		{ "a*??", "nested repetition" },
		{ "abc\\Z", "\\Z" },
		{ "a\\Cb", "\\C" },
		{ "a{1001}", "above 1000" },
		{ "a{2,1001}", "above 1000" },
		{ "a{1001,}", "above 1000" },
		{ "(*UTF)a", "VERB" },
		{ "(?x)a b", "flag x" },
		{ "a(?#comment)", "comment" },
		{ "(?|(a)|(b))", "branch reset" },
		{ "(a)(?(1)b|c)", "conditional" },
		{ "(a(?R)?b)", "recursion" },
		{ "(a)(?1)", "recursion" },
		{ "\\Ga", "escape \\G" },
		{ "a\\Kb", "escape \\K" },
		{ "\\R", "escape \\R" },
		{ "\\X", "escape \\X" },
		{ "\\h", "escape \\h" },
		{ "\\e", "escape \\e" },
		{ "\\u0041", "escape \\u" },
		{ "[\\b]", "character class" },
		{ "[[:foo:]]", "POSIX class" },
		{ "\\8", "backreference" },
	};
	struct fc_regex_env *env = fc_regex_env_new();
	size_t i;

	for (i = 0; i < countof(cases); i++) {
		char err[256];
		struct fc_regex *re = comp(env, cases[i].pattern, err, sizeof(err));
		if (re || !strstr(err, cases[i].word)) {
			fprintf(stderr, "regex_test: /%s/: %s (want an error with \"%s\")\n", cases[i].pattern,
			        re ? "accepted" : err, cases[i].word);
			(*failures)++;
		}
	}
	fc_regex_env_free(env);
}

/* what RE2 accepts compiles, and means the same */
static void test_regex__re2_accepts(int *failures)
{
	static const struct {
		const char *pattern, *subject;
		int want;
	} cases[] = {
		{ "a{1000}", "b", FC_REGEX_NOMATCH },
		{ "^a{2,3}$", "aaa", FC_REGEX_MATCH },
		{ "(?i)^abc$", "ABC", FC_REGEX_MATCH },
		{ "(?i:a)b", "Ab", FC_REGEX_MATCH },
		{ "(?s)^a.b$", "a\nb", FC_REGEX_MATCH },
		{ "^a.b$", "a\nb", FC_REGEX_NOMATCH },
		{ "(?U)^(a+)", "aaa", FC_REGEX_MATCH },
		{ "^(?P<year>\\d{4})-(?<m>\\d{2})$", "2024-05", FC_REGEX_MATCH },
		{ "^(?:ab)+$", "abab", FC_REGEX_MATCH },
		{ "^a*?b$", "aab", FC_REGEX_MATCH },
		{ "^[[:alpha:]]+$", "abc", FC_REGEX_MATCH },
		{ "^[[:^digit:]]$", "a", FC_REGEX_MATCH },
		{ "^[]a]+$", "]a", FC_REGEX_MATCH },
		{ "^[(?=]+$", "(?=", FC_REGEX_MATCH },
		{ "^\\Q(?=a)\\E$", "(?=a)", FC_REGEX_MATCH },
		{ "^\\.\\*\\$$", ".*$", FC_REGEX_MATCH },
		{ "\\Aab\\z", "ab", FC_REGEX_MATCH },
		{ "\\bword\\b", "a word.", FC_REGEX_MATCH },
		{ "^\\101$", "A", FC_REGEX_MATCH }, /* octal */
		{ "^\\x41$", "A", FC_REGEX_MATCH },
		{ "^a{,2}$", "a{,2}", FC_REGEX_MATCH }, /* not a repetition in either */
		{ "^(+|-)?[0-9]+$", "+12", 99 },        /* a PCRE2 syntax error, as in RE2 */
	};
	struct fc_regex_env *env = fc_regex_env_new();
	size_t i;

	for (i = 0; i < countof(cases); i++) {
		char err[256];
		struct fc_regex *re = comp(env, cases[i].pattern, err, sizeof(err));
		int got = re ? fc_regex_match(re, cases[i].subject, strlen(cases[i].subject)) : 99;
		if (got != cases[i].want) {
			fprintf(stderr, "regex_test: /%s/ on \"%s\": got %d (%s), want %d\n", cases[i].pattern,
			        cases[i].subject, got, re ? "-" : err, cases[i].want);
			(*failures)++;
		}
	}
	fc_regex_env_free(env);
}

static void test_regex__syntax_error_offset(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();
	struct fc_regex *re = NULL;
	char err[256];
	size_t off = 0;

	FC_CHECK(fc_regex_compile(&re, env, "ab(c", 4, err, sizeof(err), &off) == FC_ERR);
	FC_CHECK(re == NULL);
	FC_CHECK(strstr(err, "missing closing parenthesis") != NULL);
	FC_CHECK(off == 4);
	FC_CHECK(fc_regex_compile(&re, env, "ab(?=c)", 7, err, sizeof(err), &off) == FC_ERR);
	FC_CHECK(off == 2);
	fc_regex_env_free(env);
}

/* ^(a+)+$ against a...ab backtracks exponentially: the limit must stop it
 * and the result must not be a pass */
static void test_regex__match_limit(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();
	char subject[64];

	memset(subject, 'a', 40);
	subject[40] = 'b';
	subject[41] = '\0';
	FC_CHECK(match(env, "^(a+)+$", subject) == FC_REGEX_TOO_COMPLEX);
	FC_CHECK(match(env, "^(a|aa)+$", subject) == FC_REGEX_TOO_COMPLEX);
	subject[40] = '\0';
	FC_CHECK(match(env, "^(a+)+$", subject) == FC_REGEX_MATCH);
	fc_regex_env_free(env);
}

static void test_regex__bad_utf8_subject(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();

	FC_CHECK(match(env, "a", "\xff" "a") == FC_REGEX_BAD_SUBJECT);
	fc_regex_env_free(env);
}

static void test_regex__source_kept(int *failures)
{
	struct fc_regex_env *env = fc_regex_env_new();
	char err[64];
	struct fc_regex *re = comp(env, "^x+$", err, sizeof(err));

	FC_CHECK(re != NULL);
	if (re)
		FC_CHECK_STR(fc_regex_source(re), "^x+$");
	fc_regex_env_free(env);
	fc_regex_env_free(NULL);
}

const struct fc_test fc_regex_tests[] = {
	{ "test_regex__basic_match", test_regex__basic_match },
	{ "test_regex__dollar_end_only", test_regex__dollar_end_only },
	{ "test_regex__unanchored_search", test_regex__unanchored_search },
	{ "test_regex__ascii_classes", test_regex__ascii_classes },
	{ "test_regex__re2_rejects", test_regex__re2_rejects },
	{ "test_regex__re2_accepts", test_regex__re2_accepts },
	{ "test_regex__syntax_error_offset", test_regex__syntax_error_offset },
	{ "test_regex__match_limit", test_regex__match_limit },
	{ "test_regex__bad_utf8_subject", test_regex__bad_utf8_subject },
	{ "test_regex__source_kept", test_regex__source_kept },
	{ NULL, NULL },
};
