/* SPDX-License-Identifier: Apache-2.0 */
/* regex.h - schema `pattern`s on PCRE2 with the semantics of Go's regexp (RE2).
 *
 * Used by schema.c (compile, once per schema node) and validate.c (match).
 * kube-apiserver evaluates CRD patterns with Go's regexp, so a pattern is
 * accepted here exactly when RE2 would accept it (facts/yaml-libraries.md §5):
 * backreferences, lookaround, atomic groups, possessive and nested
 * quantifiers, \Z, \C, \G, \K, \R, \X, (?#...), (?|...), (*VERB), recursion,
 * conditionals, flags other than imsU and repetition counts above 1000 are
 * rejected.  Matching is an unanchored search ($ only at the very end,
 * \d \w ASCII as in RE2), with a match limit: a pattern that backtracks too
 * much reports FC_REGEX_TOO_COMPLEX and must be treated as a failure.
 * Known differences left as they are: PCRE2's \s also matches \v (RE2's does
 * not), and \v is PCRE2's vertical-whitespace class (RE2: the VT character).
 *
 * Every pcre2 allocation goes through alloc.c.  Compiled patterns belong to
 * the fc_regex_env that compiled them and are freed with it.
 */
#ifndef FC_REGEX_H
#define FC_REGEX_H

#include "base.h"

struct fc_regex;
struct fc_regex_env;

/* results of fc_regex_match */
enum {
	FC_REGEX_NOMATCH = 0,
	FC_REGEX_MATCH = 1,
	FC_REGEX_TOO_COMPLEX = -2, /* match, depth, heap or JIT stack limit reached */
	FC_REGEX_BAD_SUBJECT = -3, /* the subject is not valid UTF-8 */
};

#define FC_REGEX_MATCH_LIMIT 100000u
#define FC_REGEX_DEPTH_LIMIT 10000u
#define FC_REGEX_MAX_REPEAT 1000u

/* contexts and match data shared by every pattern of one schema set; never NULL */
struct fc_regex_env *fc_regex_env_new(void);
/* frees the environment and every pattern compiled with it; NULL does nothing */
void fc_regex_env_free(struct fc_regex_env *env);

/* Check that pattern[0..len) is RE2 syntax that PCRE2 reads the same way.
 * Returns 0, or FC_ERR with a message ("lookahead (?= is not supported")
 * in err[0..errlen) and the byte offset of the construct in *offset. */
int fc_regex_check_re2(const char *pattern, size_t len, char *err, size_t errlen, size_t *offset);

/* Compile pattern[0..len) (checked with fc_regex_check_re2 first), with JIT
 * when PCRE2 has it.  Returns 0 and sets *out, or FC_ERR with a message in
 * err and the offset in *offset; *out is then NULL. */
int fc_regex_compile(struct fc_regex **out, struct fc_regex_env *env, const char *pattern, size_t len,
                     char *err, size_t errlen, size_t *offset);

/* Search s[0..n) for re, with the match data of its environment (so not
 * from two threads at once).  Returns FC_REGEX_MATCH, FC_REGEX_NOMATCH,
 * FC_REGEX_TOO_COMPLEX or FC_REGEX_BAD_SUBJECT. */
int fc_regex_match(struct fc_regex *re, const char *s, size_t n);

/* Patterns compiled on first use, each once: the built-in schema's patterns
 * are compiled at build time only to check them, and a run compiles those a
 * value meets.  One cache per thread (matching uses its environment). */
struct fc_regex_cache;
struct fc_regex_cache *fc_regex_cache_new(void);
/* frees the cache and its patterns; NULL does nothing */
void fc_regex_cache_free(struct fc_regex_cache *c);
/* the compiled form of the NUL-terminated pattern at `pattern`, keyed by
 * that address (which must stay valid); NULL if it does not compile */
struct fc_regex *fc_regex_cache_get(struct fc_regex_cache *c, const char *pattern);

/* the pattern as written (NUL-terminated) */
const char *fc_regex_source(const struct fc_regex *re);

#endif
