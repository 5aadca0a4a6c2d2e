/* SPDX-License-Identifier: Apache-2.0 */
/* regex.c - RE2-compatible patterns on PCRE2; see regex.h.
 *
 * The RE2 check is a small scanner over the pattern, not a parser: PCRE2
 * still does the real parsing and reports its own syntax errors; the scanner
 * only rejects what PCRE2 would accept but Go's regexp/syntax would not.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct fc_regex {
	pcre2_code *code;
	char *src;              /* the pattern, NUL-terminated */
	struct fc_regex_env *env; /* contexts and match data used to match it */
	struct fc_regex *next;  /* every pattern of the environment, for freeing */
	unsigned runs;          /* matches so far by the interpreter */
	bool jit_pending;       /* JIT-compile once it has run JIT_AFTER times: most patterns
	                         * run a few times, where compiling costs more than it saves */
};

#define JIT_AFTER 32

struct fc_regex_env {
	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	pcre2_match_context *mctx;
	pcre2_match_data *md;   /* one pair: only match or no match is needed */
	bool jit;               /* PCRE2 was built with JIT support */
	struct fc_regex *all;
};

static void *rx_malloc(PCRE2_SIZE n, void *payload)
{
	(void)payload;
	return fc_xmalloc(n ? n : 1);
}

static void rx_free(void *p, void *payload)
{
	(void)payload;
	fc_xfree(p);
}

struct fc_regex_env *fc_regex_env_new(void)
{
	struct fc_regex_env *env = fc_xcalloc(1, sizeof(*env));
	uint32_t jit = 0;

	env->gctx = pcre2_general_context_create(rx_malloc, rx_free, NULL);
	env->cctx = pcre2_compile_context_create(env->gctx);
	env->mctx = pcre2_match_context_create(env->gctx);
	env->md = pcre2_match_data_create(1, env->gctx);
	if (!env->gctx || !env->cctx || !env->mctx || !env->md)
		fc_oom();
	/* Go's regexp: only \n is a newline (for . and (?m)) */
	pcre2_set_newline(env->cctx, PCRE2_NEWLINE_LF);
	pcre2_set_match_limit(env->mctx, FC_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(env->mctx, FC_REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(env->mctx, 16384); /* KiB */
	env->jit = pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit;
	return env;
}

void fc_regex_env_free(struct fc_regex_env *env)
{
	struct fc_regex *re, *next;

	if (!env)
		return;
	for (re = env->all; re; re = next) {
		next = re->next;
		pcre2_code_free(re->code);
		fc_xfree(re->src);
		fc_xfree(re);
	}
	pcre2_match_data_free(env->md);
	pcre2_match_context_free(env->mctx);
	pcre2_compile_context_free(env->cctx);
	pcre2_general_context_free(env->gctx);
	fc_xfree(env);
}

/* ---- the RE2 check --------------------------------------------------------- */

struct scan {
	const char *p;
	size_t n, i;
	char *err;
	size_t errlen, *offset;
};

static int reject(struct scan *s, size_t at, const char *fmt, const char *arg)
{
	snprintf(s->err, s->errlen, fmt, arg);
	*s->offset = at;
	return FC_ERR;
}

static bool isdigitc(char c) { return c >= '0' && c <= '9'; }
static bool isoctal(char c) { return c >= '0' && c <= '7'; }
static bool isalnumc(char c)
{
	return isdigitc(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* skip a {...} argument of \x{...} or \p{...} starting at s->i; the closing
 * brace is left to PCRE2 to complain about */
static void skip_braces(struct scan *s)
{
	if (s->i < s->n && s->p[s->i] == '{') {
		const char *close = memchr(s->p + s->i, '}', s->n - s->i);
		s->i = close ? (size_t)(close - s->p) + 1 : s->n;
	}
}

/* an escape at s->i (the backslash); in_class: inside [...] */
static int escape(struct scan *s, bool in_class)
{
	size_t at = s->i;
	char e, name[2];

	if (at + 1 >= s->n) {
		s->i = s->n; /* a trailing backslash: PCRE2 reports it */
		return 0;
	}
	e = s->p[at + 1];
	name[0] = e;
	name[1] = '\0';
	s->i = at + 2;
	if (!isalnumc(e)) {
		if ((unsigned char)e >= 0x80)
			return reject(s, at, "escaping a non-ASCII character is not supported%s", "");
		return 0; /* escaped punctuation is a literal in both */
	}
	if (isdigitc(e)) {
		/* \0, \0NN and \NN (two or three octal digits) are octal in RE2; a
		 * lone \1-\9 is a backreference.  Where PCRE2 reads \NN as a
		 * backreference instead, PCRE2_INFO_BACKREFMAX catches it. */
		if (e != '0' && !(e <= '7' && s->i < s->n && isoctal(s->p[s->i])))
			return reject(s, at, "backreference \\%s is not supported", name);
		while (s->i < s->n && s->i < at + 4 && isoctal(s->p[s->i]))
			s->i++;
		return 0;
	}
	switch (e) {
	case 'a': case 'f': case 't': case 'n': case 'r': case 'v':
	case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
		return 0;
	case 'x':
	case 'p': case 'P':
		skip_braces(s);
		return 0;
	case 'b': case 'B': case 'A': case 'z':
		if (in_class)
			return reject(s, at, "\\%s is not supported inside a character class", name);
		return 0;
	case 'Z': return reject(s, at, "\\Z is not supported; use \\z%s", "");
	case 'C': return reject(s, at, "\\C (a single byte) is not supported%s", "");
	case 'k': case 'g': return reject(s, at, "backreference \\%s is not supported", name);
	default: return reject(s, at, "escape \\%s is not supported", name);
	}
}

static const char *const posix_classes[] = {
	"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
	"lower", "print", "punct", "space", "upper", "word", "xdigit",
};

/* a character class at s->i (the '[') */
static int char_class(struct scan *s)
{
	s->i++;
	if (s->i < s->n && s->p[s->i] == '^')
		s->i++;
	if (s->i < s->n && s->p[s->i] == ']')
		s->i++; /* a leading ] is a literal */
	while (s->i < s->n && s->p[s->i] != ']') {
		char c = s->p[s->i];
		if (c == '\\') {
			if (s->i + 1 < s->n && s->p[s->i + 1] == 'Q')
				return reject(s, s->i, "\\Q inside a character class is not supported%s", "");
			if (escape(s, true))
				return FC_ERR;
		} else if (c == '[' && s->i + 1 < s->n && strchr(":=.", s->p[s->i + 1])) {
			size_t at = s->i, k, len;
			const char *name = s->p + s->i + 2, *end;
			char delim[3] = { s->p[s->i + 1], ']', '\0' };
			bool ok = false;

			if (s->p[s->i + 1] != ':')
				return reject(s, at, "[%s...] collating elements are not supported", delim);
			if (name < s->p + s->n && *name == '^')
				name++;
			end = name;
			while (end + 1 < s->p + s->n && !(end[0] == ':' && end[1] == ']'))
				end++;
			if (end + 1 >= s->p + s->n) {
				s->i = s->n; /* unterminated: PCRE2 reports it */
				break;
			}
			len = (size_t)(end - name);
			for (k = 0; k < countof(posix_classes); k++)
				if (strlen(posix_classes[k]) == len && memcmp(posix_classes[k], name, len) == 0)
					ok = true;
			if (!ok)
				return reject(s, at, "unknown POSIX class%s", "");
			s->i = (size_t)(end - s->p) + 2;
		} else {
			s->i++;
		}
	}
	if (s->i < s->n)
		s->i++; /* the ] */
	return 0;
}

/* "(?" at s->i: groups with options and the PCRE2 extensions RE2 lacks */
static int group_options(struct scan *s)
{
	size_t at = s->i, k = s->i + 2;
	char c = k < s->n ? s->p[k] : '\0';

	switch (c) {
	case ':': s->i = k + 1; return 0;
	case '=': return reject(s, at, "lookahead (?= is not supported%s", "");
	case '!': return reject(s, at, "negative lookahead (?! is not supported%s", "");
	case '>': return reject(s, at, "atomic group (?> is not supported%s", "");
	case '#': return reject(s, at, "comment group (?# is not supported%s", "");
	case '|': return reject(s, at, "branch reset group (?| is not supported%s", "");
	case '(': return reject(s, at, "conditional group (?( is not supported%s", "");
	case 'C': return reject(s, at, "callout (?C is not supported%s", "");
	case '\'': return reject(s, at, "named group (?'name') is not supported; use (?P<name>...)%s", "");
	case '<':
		if (k + 1 < s->n && s->p[k + 1] == '=')
			return reject(s, at, "lookbehind (?<= is not supported%s", "");
		if (k + 1 < s->n && s->p[k + 1] == '!')
			return reject(s, at, "negative lookbehind (?<! is not supported%s", "");
		s->i = k + 1; /* (?<name>...): RE2 accepts it */
		return 0;
	case 'P':
		if (k + 1 < s->n && s->p[k + 1] == '<') {
			s->i = k + 2;
			return 0;
		}
		if (k + 1 < s->n && s->p[k + 1] == '=')
			return reject(s, at, "backreference (?P= is not supported%s", "");
		return reject(s, at, "recursion (?P> is not supported%s", "");
	case 'R': case '&': case '+':
		return reject(s, at, "recursion or subroutine call is not supported%s", "");
	default: break;
	}
	if (isdigitc(c) || (c == '-' && k + 1 < s->n && isdigitc(s->p[k + 1])))
		return reject(s, at, "recursion or subroutine call is not supported%s", "");
	/* flags: (?imsU-imsU) or (?flags:...) */
	for (; k < s->n && s->p[k] != ')' && s->p[k] != ':'; k++) {
		char f[2] = { s->p[k], '\0' };
		if (!strchr("imsU-", s->p[k]) || !s->p[k])
			return reject(s, k, "flag %s is not supported; RE2 has i, m, s and U", f);
	}
	s->i = k < s->n ? k + 1 : s->n;
	return 0;
}

/* {n}, {n,} or {n,m} at s->i: returns the length, or 0 when the brace is a literal */
static size_t repeat(struct scan *s, unsigned long *min, unsigned long *max, bool *has_max)
{
	size_t k = s->i + 1, d;
	unsigned long v = 0;

	*has_max = true;
	for (d = 0; k < s->n && isdigitc(s->p[k]); k++, d++)
		if (v <= 100000)
			v = v * 10 + (unsigned long)(s->p[k] - '0');
	if (!d)
		return 0;
	*min = *max = v;
	if (k < s->n && s->p[k] == ',') {
		k++;
		v = 0;
		for (d = 0; k < s->n && isdigitc(s->p[k]); k++, d++)
			if (v <= 100000)
				v = v * 10 + (unsigned long)(s->p[k] - '0');
		*has_max = d > 0;
		*max = v;
	}
	if (k >= s->n || s->p[k] != '}')
		return 0;
	return k + 1 - s->i;
}

int fc_regex_check_re2(const char *pattern, size_t len, char *err, size_t errlen, size_t *offset)
{
	struct scan s = { pattern, len, 0, err, errlen, offset };
	bool after_quant = false, lazy = false; /* the previous token was a quantifier (made lazy) */

	if (errlen)
		err[0] = '\0';
	*offset = 0;
	while (s.i < s.n) {
		char c = s.p[s.i];
		bool quant = false;

		if (c == '\\' && s.i + 1 < s.n && s.p[s.i + 1] == 'Q') {
			const char *end = NULL;
			size_t k;
			for (k = s.i + 2; k + 1 < s.n; k++)
				if (s.p[k] == '\\' && s.p[k + 1] == 'E') {
					end = s.p + k;
					break;
				}
			s.i = end ? (size_t)(end - s.p) + 2 : s.n;
		} else if (c == '\\') {
			if (escape(&s, false))
				return FC_ERR;
		} else if (c == '[') {
			if (char_class(&s))
				return FC_ERR;
		} else if (c == '(' && s.i + 1 < s.n && s.p[s.i + 1] == '?') {
			if (group_options(&s))
				return FC_ERR;
		} else if (c == '(' && s.i + 1 < s.n && s.p[s.i + 1] == '*') {
			return reject(&s, s.i, "(*VERB) is not supported%s", "");
		} else if (c == '*' || c == '+' || c == '?' || c == '{') {
			unsigned long min = 0, max = 0;
			bool has_max = false;
			size_t rlen = 1;

			if (c == '{' && !(rlen = repeat(&s, &min, &max, &has_max))) {
				s.i++; /* a literal brace */
				after_quant = false;
				continue;
			}
			if (after_quant && c == '?' && !lazy) {
				lazy = true;
				s.i++;
				continue;
			}
			if (after_quant && c == '+' && !lazy)
				return reject(&s, s.i, "possessive quantifier is not supported%s", "");
			if (after_quant)
				return reject(&s, s.i, "invalid nested repetition operator%s", "");
			if (c == '{' && (min > FC_REGEX_MAX_REPEAT || (has_max && max > FC_REGEX_MAX_REPEAT)))
				return reject(&s, s.i, "repetition count above 1000%s", "");
			s.i += rlen;
			quant = true;
		} else {
			s.i++;
		}
		after_quant = quant;
		if (!quant)
			lazy = false;
	}
	return 0;
}

/* ---- compile and match ----------------------------------------------------- */

int fc_regex_compile(struct fc_regex **out, struct fc_regex_env *env, const char *pattern, size_t len,
                     char *err, size_t errlen, size_t *offset)
{
	struct fc_regex *re;
	pcre2_code *code;
	PCRE2_SIZE erroff = 0;
	uint32_t backrefs = 0;
	int ec = 0;

	*out = NULL;
	if (fc_regex_check_re2(pattern, len, err, errlen, offset))
		return FC_ERR;
	code = pcre2_compile((PCRE2_SPTR)pattern, len,
	                     PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C | PCRE2_NEVER_UCP,
	                     &ec, &erroff, env->cctx);
	if (!code) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", ec);
		snprintf(err, errlen, "%s", (const char *)msg);
		*offset = erroff;
		return FC_ERR;
	}
	if (pcre2_pattern_info(code, PCRE2_INFO_BACKREFMAX, &backrefs) == 0 && backrefs > 0) {
		pcre2_code_free(code);
		snprintf(err, errlen, "backreferences are not supported");
		*offset = 0;
		return FC_ERR;
	}
	re = fc_xcalloc(1, sizeof(*re));
	re->jit_pending = env->jit;
	re->code = code;
	re->env = env;
	re->src = fc_xmalloc(len + 1);
	memcpy(re->src, pattern, len);
	re->src[len] = '\0';
	re->next = env->all;
	env->all = re;
	*out = re;
	return 0;
}

int fc_regex_match(struct fc_regex *re, const char *s, size_t n)
{
	int rc;

	if (re->jit_pending && ++re->runs > JIT_AFTER) {
		(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* on failure the interpreter runs */
		re->jit_pending = false;
	}
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, re->env->md, re->env->mctx);

	if (rc >= 0)
		return FC_REGEX_MATCH; /* 0: the one-pair ovector was too small, still a match */
	if (rc == PCRE2_ERROR_NOMATCH)
		return FC_REGEX_NOMATCH;
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		return FC_REGEX_BAD_SUBJECT;
	return FC_REGEX_TOO_COMPLEX; /* limits, JIT stack, or anything that is not a verdict */
}

const char *fc_regex_source(const struct fc_regex *re)
{
	return re->src;
}

/* ---- compiled on first use ------------------------------------------------------ */

struct fc_regex_cache {
	struct fc_regex_env *env;
	struct slot {
		const char *key;
		struct fc_regex *re; /* NULL: the pattern does not compile */
	} *slots;
	size_t n, cap; /* cap: a power of two, at most half full */
};

struct fc_regex_cache *fc_regex_cache_new(void)
{
	struct fc_regex_cache *c = fc_xcalloc(1, sizeof(*c));

	c->env = fc_regex_env_new();
	return c;
}

void fc_regex_cache_free(struct fc_regex_cache *c)
{
	if (!c)
		return;
	fc_regex_env_free(c->env);
	fc_xfree(c->slots);
	fc_xfree(c);
}

static size_t slot_of(const struct fc_regex_cache *c, const char *key)
{
	size_t i = (size_t)(((uintptr_t)key >> 3) * 0x9E3779B97F4A7C15ull) & (c->cap - 1);

	while (c->slots[i].key && c->slots[i].key != key)
		i = (i + 1) & (c->cap - 1);
	return i;
}

struct fc_regex *fc_regex_cache_get(struct fc_regex_cache *c, const char *pattern)
{
	char err[256];
	size_t i, off;

	if (c->cap && c->slots[i = slot_of(c, pattern)].key)
		return c->slots[i].re;
	if (2 * (c->n + 1) > c->cap) {
		struct slot *old = c->slots;
		size_t oldcap = c->cap, k;
		c->cap = c->cap ? 2 * c->cap : 64;
		c->slots = fc_xcalloc(c->cap, sizeof(*c->slots));
		for (k = 0; k < oldcap; k++)
			if (old[k].key)
				c->slots[slot_of(c, old[k].key)] = old[k];
		fc_xfree(old);
	}
	i = slot_of(c, pattern);
	c->slots[i].key = pattern;
	if (fc_regex_compile(&c->slots[i].re, c->env, pattern, strlen(pattern), err, sizeof(err), &off))
		c->slots[i].re = NULL;
	c->n++;
	return c->slots[i].re;
}
