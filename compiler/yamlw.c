/* SPDX-License-Identifier: Apache-2.0 */
/* yamlw.c - the canonical YAML (and JSON) writer; see yamlw.h.
 *
 * The last stage of the pipeline: emitters build fc_node trees and this
 * file alone turns them into bytes.  One style per kind of value, so the
 * same tree always gives the same bytes: block style, 2-space indent,
 * kubectl-style sequences, literal blocks for multi-line text, no folding,
 * no trailing whitespace.  A string is written plain only if YAML 1.1
 * (kubectl's go-yaml v2, PyYAML) and YAML 1.2 core readers would all read
 * it back as that same string; otherwise it is single-quoted, or
 * double-quoted when it holds characters only escapes can carry.
 * Never mutates the tree: key order comes from a sorted index per map.
 */
#include "yamlw.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "buf.h"
#include "node.h"

#define BAD_CP 0xFFFFFFFFu /* an invalid UTF-8 byte */

/* decode one UTF-8 character at p (p < e) into *cp; returns its length (>= 1) */
static size_t utf8(uint32_t *cp, const unsigned char *p, const unsigned char *e)
{
	size_t n, i;
	uint32_t c = p[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07;
	else
		goto bad;
	if ((size_t)(e - p) < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = c << 6 | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = BAD_CP;
	return 1;
}

/* a character we may write raw: YAML's printable set minus tab, the
 * 1.1 line breaks (NEL, LS, PS) and the BOM, which readers mishandle */
static bool printable(uint32_t c)
{
	if (c < 0x80)
		return c >= 0x20 && c != 0x7F;
	if (c < 0xA0 || c == 0x2028 || c == 0x2029 || c == 0xFEFF)
		return false;
	return c < 0xFFFE || (c >= 0x10000 && c <= 0x10FFFF);
}

/* ---- eight bytes at a time ----
 * Texts (configuration files, scripts) are most of the output: their plain
 * runs are checked a 64-bit word at a time.  Each test is exact for "some
 * byte of w": it may mark bytes above the first hit, never miss one. */

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static uint64_t load8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* some byte of w (all below 0x80) is below n (n <= 0x80) */
static bool any_below(uint64_t w, unsigned n)
{
	return ((w - ONES * n) & ~w & HIGHS) != 0;
}

/* some byte of w is c */
static bool any_is(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);

	return ((x - ONES) & ~x & HIGHS) != 0;
}

/* the 8 bytes are printable ASCII: 0x20 to 0x7E */
static bool word_printable(uint64_t w)
{
	return !(w & HIGHS) && !any_below(w, 0x20) && !any_is(w, 0x7F);
}

/* 0x80 in exactly the bytes of w (all below 0x80) that are c */
static uint64_t bytes_equal(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);

	return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
}

/* word_printable, '\n' and '\t' counted as printable: they become 0x2A and
 * 0x29 (a bit set by their exact byte masks) before the check */
static bool word_printable_breaks(uint64_t w)
{
	if (w & HIGHS)
		return false;
	return word_printable(w | (bytes_equal(w, '\n') >> 2) | (bytes_equal(w, '\t') >> 2));
}

/* true if every character is printable; '\n' and '\t' count as printable when allow_breaks */
static bool all_printable(const char *s, size_t len, bool allow_breaks)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	uint32_t cp;

#ifdef __SSE2__
	/* 16 bytes at a time: none below 0x20 (signed: nor above 0x7F) but the
	 * allowed breaks, none 0x7F */
	{
		const __m128i sp = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
		const __m128i nl = _mm_set1_epi8(allow_breaks ? '\n' : 0x7F);
		const __m128i tab = _mm_set1_epi8(allow_breaks ? '\t' : 0x7F);
		while (e - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
			__m128i ok = _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, tab));
			__m128i bad = _mm_or_si128(_mm_andnot_si128(ok, _mm_cmplt_epi8(v, sp)), _mm_cmpeq_epi8(v, del));
			if (_mm_movemask_epi8(bad))
				break; /* the bytes below look at them one by one */
			p += 16;
		}
	}
#endif
	while (p < e) {
		if (e - p >= 8) {
			uint64_t w = load8(p);
			const unsigned char *q = p + 8;
			if (allow_breaks ? word_printable_breaks(w) : word_printable(w)) {
				p = q;
				continue;
			}
			if (!(w & HIGHS)) { /* ASCII with a control: a line break, say */
				for (; p < q; p++)
					if (!(*p >= 0x20 && *p < 0x7F) && !(allow_breaks && (*p == '\n' || *p == '\t')))
						return false;
				continue;
			}
		}
		if (*p >= 0x20 && *p < 0x7F) {
			p++;
			continue;
		}
		p += utf8(&cp, p, e);
		if (!printable(cp) && !(allow_breaks && (cp == '\n' || cp == '\t')))
			return false;
	}
	return true;
}

bool fc_yamlw__all_printable(const char *s, size_t len, bool allow_breaks)
{
	return all_printable(s, len, allow_breaks);
}

/* Plain scalars that some reader types as null, bool, float or merge/value
 * key (YAML 1.1 bools include y/n/on/off; PyYAML types "=" as a value key),
 * by length; every key of a manifest is looked up here, so keep rows short. */
static const char *const typed_words[6][13] = {
	[1] = { "~", "y", "Y", "n", "N", "=" },
	[2] = { "no", "No", "NO", "on", "On", "ON", "<<" },
	[3] = { "yes", "Yes", "YES", "off", "Off", "OFF" },
	[4] = { "null", "Null", "NULL", "true", "True", "TRUE", ".inf", ".Inf", ".INF", ".nan",
	        ".NaN", ".NAN" },
	[5] = { "false", "False", "FALSE", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF" },
};

static bool isdigit_(int c)
{
	return c >= '0' && c <= '9';
}

/* skip [0-9_]* from *p; returns how many characters were skipped */
static size_t digits(const char **p, const char *e)
{
	const char *q = *p;
	size_t n;

	while (q < e && (isdigit_(*q) || *q == '_'))
		q++;
	n = (size_t)(q - *p);
	*p = q;
	return n;
}

/* Int, float or sexagesimal in any reader.  A superset, so '_' counts as a
 * digit everywhere (go-yaml v2 strips every '_' before parsing): 0x/0o/0b
 * prefixes in any case, [0-9_]+(:[0-9_]+)*(.[0-9_]*)?([eE][+-]?[0-9_]+)?,
 * .[0-9_]+..., each with an optional sign. */
static bool numeric(const char *s, size_t len)
{
	const char *p = s, *e = s + len, *q;
	size_t nint, nfrac = 0;

	if (p < e && (*p == '+' || *p == '-'))
		p++;
	if (p == e)
		return false;
	q = p;
	if (*q == '0') {
		for (q++; q < e && *q == '_'; q++)
			;
		if (q < e && *q && strchr("xXoObB", *q)) {
			for (q++; q < e && *q && strchr("0123456789abcdefABCDEF_", *q); q++)
				;
			if (q == e)
				return true;
		}
	}
	q = p;
	nint = digits(&q, e);
	if (nint && q < e && *q == ':') {
		while (q < e && *q == ':') {
			q++;
			if (!digits(&q, e))
				return false;
		}
	}
	if (q < e && *q == '.') {
		q++;
		nfrac = digits(&q, e);
	}
	if (!nint && !nfrac)
		return false;
	if (q < e && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < e && (*q == '+' || *q == '-'))
			q++;
		if (!digits(&q, e))
			return false;
	}
	return q == e;
}

/* starts like a YAML 1.1 timestamp: [0-9]{4}-[0-9]{1,2}-[0-9]{1,2} */
static bool timestamp(const char *s, size_t len)
{
	size_t i = 0, n;

	for (; i < 4; i++)
		if (i >= len || !isdigit_(s[i]))
			return false;
	if (i >= len || s[i++] != '-')
		return false;
	for (n = 0; n < 2 && i < len && isdigit_(s[i]); n++)
		i++;
	if (!n || i >= len || s[i++] != '-')
		return false;
	return i < len && isdigit_(s[i]);
}

/* a plain scalar some reader would not type as a string */
static bool typed(const char *s, size_t len)
{
	const char *const *w;

	/* most strings start with none of the first characters of typed_words
	 * or of numbers and timestamps */
	if (!s[0] || !strchr("~yYnN=oO<tTfF.+-0123456789", s[0]))
		return false;
	for (w = len < countof(typed_words) ? typed_words[len] : typed_words[0]; *w; w++)
		if ((*w)[0] == s[0] && !memcmp(*w, s, len))
			return true;
	if (isdigit_(s[0]) || s[0] == '+' || s[0] == '-' || s[0] == '.')
		return numeric(s, len) || timestamp(s, len);
	return false;
}

/* Bytes a plain scalar may hold without a closer look ('.'): not ':' or '#'
 * (": " and " #" end a plain scalar), controls, DEL or non-ASCII ('x'). */
static const char plain_byte[257] =
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" /* 0x00 */
	"...#......................:....." /* 0x20 */
	"................................" /* 0x40 */
	"...............................x" /* 0x60 */
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" /* 0x80 */
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

/* c0 starts a token, or c0 c1 does ("- ", "? ", ": ") */
static bool indicator(unsigned char c0, unsigned char c1)
{
	switch (c0) {
	case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*': case '!':
	case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
		return true;
	case '-': case '?': case ':':
		return c1 == ' ';
	}
	return false;
}

/* Bytes of names and paths (keys, labels, images, most values): 2 may
 * start a string without a closer look, 1 may follow.  A string of them
 * that starts with a letter, '_' or '/' meets none of the checks below but
 * the last one, typed(). */
static const unsigned char word_byte[256] = {
	['-'] = 1, ['.'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['/'] = 2, ['_'] = 2,
	['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2, ['G'] = 2, ['H'] = 2,
	['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2, ['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2,
	['Q'] = 2, ['R'] = 2, ['S'] = 2, ['T'] = 2, ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2,
	['Y'] = 2, ['Z'] = 2,
	['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2, ['g'] = 2, ['h'] = 2,
	['i'] = 2, ['j'] = 2, ['k'] = 2, ['l'] = 2, ['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2,
	['q'] = 2, ['r'] = 2, ['s'] = 2, ['t'] = 2, ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2,
	['y'] = 2, ['z'] = 2,
};

bool fc_yamlw_needs_quotes(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	if (len && word_byte[p[0]] == 2) {
		const unsigned char *q = p + 1;
		while (q < e && word_byte[*q])
			q++;
		if (q == e) /* the typed words that start so are short */
			return len < countof(typed_words) && typed(s, len);
	}
	return fc_yamlw__needs_quotes_general(s, len);
}

bool fc_yamlw__needs_quotes_general(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	uint32_t cp;

	if (len == 0)
		return true;
	/* what a reader would take for something else, by the first and last
	 * characters: an indicator, a blank at either end, a trailing ':', a
	 * document marker */
	if (indicator(p[0], len > 1 ? p[1] : ' ') || p[0] == ' ' || e[-1] == ' ' || e[-1] == ':' ||
	    (len >= 3 && ((p[0] == '-' && p[1] == '-' && p[2] == '-') || (p[0] == '.' && p[1] == '.' && p[2] == '.'))))
		return true;
	if (len >= 16) {
		uint64_t w;
		while (e - p >= 8 && word_printable(w = load8(p)) && !any_is(w, ':') && !any_is(w, '#'))
			p += 8;
	}
	for (; p < e; p++) {
		if (plain_byte[*p] == '.')
			continue;
		if ((*p == ':' && p + 1 < e && p[1] == ' ') ||
		    (*p == '#' && p > (const unsigned char *)s && p[-1] == ' '))
			return true;
		if (*p == ':' || *p == '#')
			continue;
		p += utf8(&cp, p, e) - 1;
		if (!printable(cp))
			return true;
	}
	return typed(s, len);
}

static void put_indent(struct fc_buf *b, size_t n)
{
	static const char spaces[] = "                                ";

	for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
		fc_buf_append(b, spaces, sizeof(spaces) - 1);
	fc_buf_append(b, spaces, n);
}

static void put_single(struct fc_buf *b, const char *s, size_t len)
{
	const char *q;

	fc_buf_putc(b, '\'');
	while ((q = memchr(s, '\'', len)) != NULL) {
		fc_buf_append(b, s, (size_t)(q - s) + 1);
		fc_buf_putc(b, '\'');
		len -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	fc_buf_append(b, s, len);
	fc_buf_putc(b, '\'');
}

/* Double-quoted YAML, or a JSON string.  YAML escapes every character that
 * is not printable(); JSON what RFC 8259 requires plus DEL and U+2028/9
 * (line breaks to JavaScript).  Invalid UTF-8 becomes U+FFFD. */
static void put_quoted(struct fc_buf *b, const char *s, size_t len, bool json)
{
	static const struct {
		uint32_t cp;
		char yaml, json; /* the letter after '\\', or 0 */
	} named[] = {
		{ '"', '"', '"' }, { '\\', '\\', '\\' }, { '\n', 'n', 'n' }, { '\t', 't', 't' },
		{ '\r', 'r', 'r' }, { '\b', 0, 'b' }, { '\f', 0, 'f' }, { 0, '0', 0 },
		{ 0x1B, 'e', 0 }, { 0x85, 'N', 0 }, { 0x2028, 'L', 0 }, { 0x2029, 'P', 0 },
	};
	const char *hex = json ? "0123456789abcdef" : "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *e = p + len, *run = p;
	char t[6] = { '\\' };
	uint32_t cp;
	size_t n, i;

	fc_buf_putc(b, '"');
	while (p < e) {
		if (*p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\') {
			p++;
			continue;
		}
		n = utf8(&cp, p, e);
		if (cp >= 0x80 && cp != BAD_CP && (json ? cp != 0x2028 && cp != 0x2029 : printable(cp))) {
			p += n;
			continue;
		}
		fc_buf_append(b, (const char *)run, (size_t)(p - run));
		run = p += n;
		for (i = 0; i < countof(named); i++) {
			t[1] = json ? named[i].json : named[i].yaml;
			if (named[i].cp == cp && t[1])
				break;
		}
		if (i < countof(named)) {
			fc_buf_append(b, t, 2);
		} else if (!json && cp < 0x100) {
			t[1] = 'x', t[2] = hex[cp >> 4], t[3] = hex[cp & 15];
			fc_buf_append(b, t, 4);
		} else {
			cp = cp == BAD_CP ? 0xFFFD : cp; /* printable() lets nothing above U+FFFF here */
			t[1] = 'u', t[2] = hex[cp >> 12], t[3] = hex[cp >> 8 & 15];
			t[4] = hex[cp >> 4 & 15], t[5] = hex[cp & 15];
			fc_buf_append(b, t, 6);
		}
	}
	fc_buf_append(b, (const char *)run, (size_t)(p - run));
	fc_buf_putc(b, '"');
}

/* A literal block keeps the text readable and exact.  Not used when a line
 * ends in a space or tab (the output has no trailing whitespace), for text
 * of only line breaks, or for "|+" text that ends the document (its blank
 * lines would end the output, and the output ends in exactly one "\n"). */
static bool literal_ok(const char *s, size_t len, bool last)
{
	size_t trail = 0;
	const char *nl;

	if (!all_printable(s, len, true))
		return false;
	for (nl = memchr(s, '\n', len); nl; nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - s))) {
		if (nl > s && (nl[-1] == ' ' || nl[-1] == '\t'))
			return false;
	}
	if (s[len - 1] == ' ' || s[len - 1] == '\t')
		return false;
	while (trail < len && s[len - 1 - trail] == '\n')
		trail++;
	if (trail == len)
		return false;
	return !(last && trail > 1);
}

/* "|" header, then the lines at column ind; ends with "\n" */
static void put_literal(struct fc_buf *b, const char *s, size_t len, size_t ind)
{
	const char *p = s, *end = s + len, *nl, *q;
	size_t trail = 0;

	while (trail < len && s[len - 1 - trail] == '\n')
		trail++;
	for (q = s; q < end && *q == '\n'; q++)
		;
	/* a first line starting with a space would be read as indentation, and
	 * libyaml (so go-yaml) rejects a tab where it detects the indentation */
	fc_buf_append(b, "|2", *q == ' ' || *q == '\t' ? 2 : 1);
	if (trail != 1)
		fc_buf_putc(b, trail ? '+' : '-');
	fc_buf_putc(b, '\n');
	if (trail)
		end--; /* the final break ends the last line */
	for (;;) {
		nl = memchr(p, '\n', (size_t)(end - p));
		q = nl ? nl : end;
		if (q > p) {
			put_indent(b, ind);
			fc_buf_append(b, p, (size_t)(q - p));
		}
		fc_buf_putc(b, '\n');
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* libfyaml 0.7.12 reads the '''' of a single-quoted "''" as three quotes */
static bool has_quote_pair(const char *s, size_t len)
{
	const char *q = memchr(s, '\'', len);

	for (; q && q + 1 < s + len; q = memchr(q + 1, '\'', len - (size_t)(q + 1 - s)))
		if (q[1] == '\'')
			return true;
	return false;
}

/* Append a string.  ind >= 0 allows a literal block with lines at column
 * ind; last says the string ends the document.  Returns true if it wrote
 * the final "\n" itself (literal blocks do). */
static bool put_str(struct fc_buf *b, const char *s, size_t len, long ind, bool last)
{
	if (!fc_yamlw_needs_quotes(s, len))
		fc_buf_append(b, s, len);
	else if (ind >= 0 && memchr(s, '\n', len) && literal_ok(s, len, last)) {
		put_literal(b, s, len, (size_t)ind);
		return true;
	} else if (all_printable(s, len, false) && !has_quote_pair(s, len))
		put_single(b, s, len);
	else
		put_quoted(b, s, len, false);
	return false;
}

void fc_yamlw_scalar(struct fc_buf *out, const char *s, size_t len)
{
	put_str(out, s, len, -1, true);
}

/* FLOAT text is Java's Double.toString form; YAML 1.1 wants a sign in the
 * exponent ("1.0E+7") and spells the non-finite values .inf and .nan */
static void put_float(struct fc_buf *b, const char *s, size_t len)
{
	const char *e;

	if (len == 3 && !memcmp(s, "NaN", 3))
		fc_buf_append(b, ".nan", 4);
	else if (len == 8 && !memcmp(s, "Infinity", 8))
		fc_buf_append(b, ".inf", 4);
	else if (len == 9 && !memcmp(s, "-Infinity", 9))
		fc_buf_append(b, "-.inf", 5);
	else if ((e = memchr(s, 'E', len)) != NULL || (e = memchr(s, 'e', len)) != NULL) {
		e++;
		fc_buf_append(b, s, (size_t)(e - s));
		if (e < s + len && isdigit_(*e))
			fc_buf_putc(b, '+');
		fc_buf_append(b, e, len - (size_t)(e - s));
	} else
		fc_buf_append(b, s, len);
}

/* append a scalar node and the "\n" after it; ind and last as for put_str */
static void put_scalar(struct fc_buf *b, const struct fc_node *n, long ind, bool last)
{
	switch (n->kind) {
	case FC_NODE_NULL: fc_buf_append(b, "null", 4); break;
	case FC_NODE_BOOL:
	case FC_NODE_INT: fc_buf_append(b, n->str, n->len); break;
	case FC_NODE_FLOAT: put_float(b, n->str, n->len); break;
	case FC_NODE_STR:
		if (put_str(b, n->str, n->len, ind, last))
			return;
		break;
	case FC_NODE_MAP:
	case FC_NODE_SEQ: FC_UNREACHABLE(); break;
	}
	fc_buf_putc(b, '\n');
}

/* ---- key order ---- */

static int cmp_pair(const void *a, const void *b)
{
	const struct fc_pair *x = *(const struct fc_pair *const *)a;
	const struct fc_pair *y = *(const struct fc_pair *const *)b;
	size_t n = x->key->len < y->key->len ? x->key->len : y->key->len;
	int c = memcmp(x->key->str, y->key->str, n);

	if (c)
		return c;
	if (x->key->len != y->key->len)
		return x->key->len < y->key->len ? -1 : 1;
	return x < y ? -1 : x > y; /* duplicate keys keep input order */
}

#define SMALL_MAP 16 /* maps up to this size: index on the stack, insertion sort */

static const char *const object_keys[] = { "apiVersion", "kind", "metadata" };

static int object_rank(const struct fc_node *key)
{
	size_t i;

	for (i = 0; i < countof(object_keys); i++)
		if (strlen(object_keys[i]) == key->len && !memcmp(key->str, object_keys[i], key->len))
			return (int)i;
	return (int)countof(object_keys);
}

/* Fill idx (room for map->n) with the map's pairs in output order. */
static void order(const struct fc_pair **idx, const struct fc_node *map, unsigned flags, bool root)
{
	const int nobj = (int)countof(object_keys);
	bool obj = root && (flags & FC_YAMLW_OBJECT);
	size_t n = 0, i, nfirst;
	int r;

	for (r = 0; obj && r < nobj; r++)
		for (i = 0; i < map->n; i++)
			if (object_rank(map->pairs[i].key) == r)
				idx[n++] = &map->pairs[i];
	nfirst = n;
	for (i = 0; i < map->n; i++)
		if (!obj || object_rank(map->pairs[i].key) == nobj)
			idx[n++] = &map->pairs[i];
	if (flags & FC_YAMLW_KEEP_ORDER)
		return;
	if (n - nfirst > SMALL_MAP) {
		qsort(idx + nfirst, n - nfirst, sizeof(*idx), cmp_pair);
		return;
	}
	for (i = nfirst + 1; i < n; i++) { /* insertion sort: most maps are small */
		const struct fc_pair *x = idx[i];
		size_t j;

		for (j = i; j > nfirst && cmp_pair(&idx[j - 1], &x) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = x;
	}
}

/* an index for a map: small maps use the caller's stack array */

static const struct fc_pair **index_new(const struct fc_pair **small, const struct fc_node *map,
                                        unsigned flags, bool root)
{
	const struct fc_pair **idx = small;

	if (map->n > SMALL_MAP)
		idx = fc_xmalloc(map->n * sizeof(*idx));
	order(idx, map, flags, root);
	return idx;
}

static void index_free(const struct fc_pair **idx, const struct fc_pair **small)
{
	if (idx != small)
		fc_xfree((void *)idx);
}

/* ---- YAML layout ---- */

static void write_seq(struct fc_buf *b, unsigned flags, const struct fc_node *seq, size_t ind,
                      bool inline_first, bool last);

/* Readers give up on an implicit key longer than 1024 characters (YAML
 * spec, libyaml, PyYAML), so a longer one becomes "? key" with ":" on the
 * next line at column ind. */
static void put_key(struct fc_buf *b, const struct fc_node *key, size_t ind)
{
	size_t at = b->len;

	put_str(b, key->str, key->len, -1, false);
	if (b->len - at <= 1000)
		return;
	fc_buf_reserve(b, 2);
	memmove(b->ptr + at + 2, b->ptr + at, b->len - at + 1);
	memcpy(b->ptr + at, "? ", 2);
	b->len += 2;
	fc_buf_putc(b, '\n');
	put_indent(b, ind);
}

/* pairs at column ind; the first one on the current line when inline_first */
static void write_map(struct fc_buf *b, unsigned flags, const struct fc_node *map, size_t ind,
                      bool inline_first, bool root, bool last)
{
	const struct fc_pair *small[SMALL_MAP], **idx = index_new(small, map, flags, root);
	uint32_t i;

	for (i = 0; i < map->n; i++) {
		const struct fc_node *v = idx[i]->val;
		bool vlast = last && i + 1 == map->n;

		if (i > 0 || !inline_first)
			put_indent(b, ind);
		put_key(b, idx[i]->key, ind);
		if (fc_node_is_scalar(v)) {
			fc_buf_append(b, ": ", 2);
			put_scalar(b, v, (long)ind + 2, vlast);
		} else if (v->n == 0) {
			fc_buf_append(b, v->kind == FC_NODE_MAP ? ": {}\n" : ": []\n", 5);
		} else if (v->kind == FC_NODE_MAP) {
			fc_buf_append(b, ":\n", 2);
			write_map(b, flags, v, ind + 2, false, false, vlast);
		} else {
			fc_buf_append(b, ":\n", 2);
			write_seq(b, flags, v, ind, false, vlast); /* not indented (kubectl) */
		}
	}
	index_free(idx, small);
}

/* items with "- " at column ind; the first one on the current line when inline_first */
static void write_seq(struct fc_buf *b, unsigned flags, const struct fc_node *seq, size_t ind,
                      bool inline_first, bool last)
{
	uint32_t i;

	for (i = 0; i < seq->n; i++) {
		const struct fc_node *v = seq->items[i];
		bool vlast = last && i + 1 == seq->n;

		if (i > 0 || !inline_first)
			put_indent(b, ind);
		fc_buf_append(b, "- ", 2);
		if (fc_node_is_scalar(v))
			put_scalar(b, v, (long)ind + 2, vlast);
		else if (v->n == 0)
			fc_buf_append(b, v->kind == FC_NODE_MAP ? "{}\n" : "[]\n", 3);
		else if (v->kind == FC_NODE_MAP)
			write_map(b, flags, v, ind + 2, true, false, vlast);
		else
			write_seq(b, flags, v, ind + 2, true, vlast);
	}
}

void fc_yamlw_pair(struct fc_buf *b, const char *key, size_t klen, const struct fc_node *v, size_t ind, bool last)
{
	struct fc_node k;

	memset(&k, 0, sizeof(k));
	k.kind = FC_NODE_STR;
	k.str = key;
	k.len = klen;
	put_indent(b, ind);
	put_key(b, &k, ind);
	if (!v)
		fc_buf_append(b, ":\n", 2);
	else if (fc_node_is_scalar(v)) {
		fc_buf_append(b, ": ", 2);
		put_scalar(b, v, (long)ind + 2, last);
	} else if (v->n == 0) {
		fc_buf_append(b, v->kind == FC_NODE_MAP ? ": {}\n" : ": []\n", 5);
	} else if (v->kind == FC_NODE_MAP) {
		fc_buf_append(b, ":\n", 2);
		write_map(b, 0, v, ind + 2, false, false, last);
	} else {
		fc_buf_append(b, ":\n", 2);
		write_seq(b, 0, v, ind, false, last);
	}
}

void fc_yamlw_doc(struct fc_buf *out, const struct fc_node *doc, unsigned flags)
{
	if (!doc)
		fc_buf_append(out, "null\n", 5);
	else if (fc_node_is_scalar(doc))
		put_scalar(out, doc, -1, true); /* no literal at column 0: "---" lines */
	else if (doc->n == 0)
		fc_buf_append(out, doc->kind == FC_NODE_MAP ? "{}\n" : "[]\n", 3);
	else if (doc->kind == FC_NODE_MAP)
		write_map(out, flags, doc, 0, false, true, true);
	else
		write_seq(out, flags, doc, 0, false, true);
}

/* ---- JSON ---- */

/* RFC 8259 number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number(const char *s, size_t len)
{
	const char *p = s, *e = s + len, *q;

	if (p < e && *p == '-')
		p++;
	if (p == e || !isdigit_(*p) || (*p == '0' && p + 1 < e && isdigit_(p[1])))
		return false;
	while (p < e && isdigit_(*p))
		p++;
	if (p < e && *p == '.') {
		for (q = ++p; p < e && isdigit_(*p); p++)
			;
		if (p == q)
			return false;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		if (++p < e && (*p == '+' || *p == '-'))
			p++;
		for (q = p; p < e && isdigit_(*p); p++)
			;
		if (p == q)
			return false;
	}
	return p == e;
}

static void json_node(struct fc_buf *b, unsigned flags, const struct fc_node *n, size_t ind,
                      bool root)
{
	const struct fc_pair *small[SMALL_MAP], **idx;
	uint32_t i;

	switch (n->kind) {
	case FC_NODE_NULL: fc_buf_append(b, "null", 4); return;
	case FC_NODE_BOOL: fc_buf_append(b, n->str, n->len); return;
	case FC_NODE_INT:
	case FC_NODE_FLOAT:
		/* ".inf", "NaN" and the like are no JSON numbers: keep them as text */
		if (json_number(n->str, n->len))
			fc_buf_append(b, n->str, n->len);
		else
			put_quoted(b, n->str, n->len, true);
		return;
	case FC_NODE_STR: put_quoted(b, n->str, n->len, true); return;
	case FC_NODE_MAP:
	case FC_NODE_SEQ: break;
	}
	if (n->n == 0) {
		fc_buf_append(b, n->kind == FC_NODE_MAP ? "{}" : "[]", 2);
		return;
	}
	fc_buf_append(b, n->kind == FC_NODE_MAP ? "{\n" : "[\n", 2);
	idx = n->kind == FC_NODE_MAP ? index_new(small, n, flags, root) : NULL;
	for (i = 0; i < n->n; i++) {
		put_indent(b, ind + 2);
		if (idx) {
			put_quoted(b, idx[i]->key->str, idx[i]->key->len, true);
			fc_buf_append(b, ": ", 2);
		}
		json_node(b, flags, idx ? idx[i]->val : n->items[i], ind + 2, false);
		if (i + 1 < n->n)
			fc_buf_putc(b, ',');
		fc_buf_putc(b, '\n');
	}
	if (idx)
		index_free(idx, small);
	put_indent(b, ind);
	fc_buf_putc(b, n->kind == FC_NODE_MAP ? '}' : ']');
}

void fc_yamlw_json(struct fc_buf *out, const struct fc_node *doc, unsigned flags)
{
	if (doc)
		json_node(out, flags, doc, 0, true);
	else
		fc_buf_append(out, "null", 4);
	fc_buf_putc(out, '\n');
}
