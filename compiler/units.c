/* SPDX-License-Identifier: Apache-2.0 */
/* units.c - numbers as Flink, Kubernetes and Java spell them.
 *
 * A leaf module under lower.c and the emitters: Flink MemorySize and
 * TimeUtils durations, Kubernetes Quantity (the Go parser's grammar, exact
 * integer arithmetic), the operator's memory fallback (fabric8 Quantity and
 * BigDecimal, reproduced exactly) and Java's Double.toString.  No state,
 * no allocation, no locale: %e output is read digit by digit and strtod only
 * ever sees "<digits>e<exponent>".
 */
#include "units.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

/* Long.MAX_VALUE, unsigned: every count here must also fit a Java long */
#define FC_LONG_MAX ((uint64_t)INT64_MAX)

/* ---- character helpers (and text.h) ----------------------------------- */

/* Java String.trim(): drops every char <= ' ' at both ends */
static void jtrim(const char **b, const char **e)
{
	while (*b < *e && (unsigned char)**b <= ' ')
		(*b)++;
	while (*e > *b && (unsigned char)(*e)[-1] <= ' ')
		(*e)--;
}

/* Java's "\\s" without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r] */
static bool is_jspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* [b,e) equals lit ignoring ASCII case; lit is lower case (Locale.US lowering) */
static bool eq_label(const char *b, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(e - b) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (fc_text_lower((unsigned char)b[i]) != (unsigned char)lit[i])
			return false;
	return true;
}

/* Long.parseLong of ASCII digits [b,e): 0 or FC_ERR above Long.MAX_VALUE */
static int parse_long(uint64_t *out, const char *b, const char *e)
{
	uint64_t v = 0;

	for (; b < e; b++) {
		unsigned d = (unsigned)(*b - '0');
		if (v > (FC_LONG_MAX - d) / 10)
			return FC_ERR;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* copy a finished string into the caller's buffer, truncating; n may be 0 */
static void put(char *buf, size_t n, const char *s)
{
	if (n)
		snprintf(buf, n, "%s", s);
}

/* ---- Flink MemorySize ------------------------------------------------- */

/* MemorySize.MemoryUnit, in parseUnit's order; shift = log2(multiplier) */
static const struct {
	const char *label;
	unsigned shift;
} memory_units[] = {
	{ "b", 0 },  { "bytes", 0 },     { "k", 10 }, { "kb", 10 }, { "kibibytes", 10 },
	{ "m", 20 }, { "mb", 20 },       { "mebibytes", 20 },       { "g", 30 },
	{ "gb", 30 }, { "gibibytes", 30 }, { "t", 40 }, { "tb", 40 }, { "tebibytes", 40 },
};

int fc_units_parse_memory(uint64_t *out, const char *s)
{
	const char *b = s, *e = s + strlen(s), *p;
	unsigned shift = 0;
	uint64_t v;
	size_t i;

	jtrim(&b, &e);
	for (p = b; p < e && fc_text_is_digit((unsigned char)*p); p++)
		;
	if (p == b || parse_long(&v, b, p) < 0)
		return FC_ERR; /* empty, no leading number, or Long overflow */
	jtrim(&p, &e);
	if (p < e) {
		for (i = 0; i < countof(memory_units); i++)
			if (eq_label(p, e, memory_units[i].label))
				break;
		if (i == countof(memory_units))
			return FC_ERR;
		shift = memory_units[i].shift;
	}
	if (v > FC_LONG_MAX >> shift)
		return FC_ERR;
	*out = v << shift;
	return 0;
}

void fc_units_format_memory(char *buf, size_t n, uint64_t bytes)
{
	/* MemorySize.formatToString: the unit before the first one that does
	 * not divide; if every unit up to tb divides (0 included) Flink falls
	 * back to bytes, so 1 tb prints as "1099511627776 bytes". */
	static const char *const labels[] = { "bytes", "kb", "mb", "gb", "tb" };
	char tmp[48];
	unsigned i;

	for (i = 1; i < countof(labels); i++)
		if (bytes % ((uint64_t)1 << (10 * i)) != 0)
			break;
	i = i == countof(labels) ? 0 : i - 1;
	snprintf(tmp, sizeof(tmp), "%" PRIu64 " %s", bytes >> (10 * i), labels[i]);
	put(buf, n, tmp);
}

/* ---- Kubernetes Quantity ---------------------------------------------- */

/* A parsed Quantity: sign, digits int[.frac], value = digits * mul * 10^exp10. */
struct quantity {
	bool neg;
	const char *ib, *ie; /* integer digits (leading zeros kept) */
	const char *fb, *fe; /* fraction digits, possibly empty */
	unsigned shift;      /* binary suffix: the value is times 2^shift */
	uint64_t mul;        /* 2^shift */
	int64_t exp10;       /* decimal suffix or e/E exponent, clamped */
};

/* digit i of the number's digits int ++ frac */
static unsigned qdigit(const struct quantity *q, size_t i)
{
	size_t ni = (size_t)(q->ie - q->ib);
	return (unsigned)((i < ni ? q->ib[i] : q->fb[i - ni]) - '0');
}

static size_t qndigits(const struct quantity *q)
{
	return (size_t)(q->ie - q->ib) + (size_t)(q->fe - q->fb);
}

/* The suffix after the number, as quantitySuffixer.interpret reads it. */
static int quantity_suffix(struct quantity *q, const char *p)
{
	static const struct {
		const char *s;
		unsigned shift;
		int exp10;
	} suffixes[] = {
		{ "", 0, 0 },    { "n", 0, -9 },   { "u", 0, -6 },   { "m", 0, -3 },
		{ "k", 0, 3 },   { "M", 0, 6 },    { "G", 0, 9 },    { "T", 0, 12 },
		{ "P", 0, 15 },  { "E", 0, 18 },   { "Ki", 10, 0 },  { "Mi", 20, 0 },
		{ "Gi", 30, 0 }, { "Ti", 40, 0 },  { "Pi", 50, 0 },  { "Ei", 60, 0 },
	};
	bool neg = false;
	int64_t e = 0;

	for (size_t i = 0; i < countof(suffixes); i++) {
		if (strcmp(p, suffixes[i].s) == 0) {
			q->shift = suffixes[i].shift;
			q->mul = (uint64_t)1 << q->shift;
			q->exp10 = suffixes[i].exp10;
			return 0;
		}
	}
	/* e/E followed by a signed integer (strconv.ParseInt) */
	if (*p != 'e' && *p != 'E')
		return FC_ERR;
	p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		return FC_ERR;
	for (; *p; p++) {
		if (!fc_text_is_digit((unsigned char)*p))
			return FC_ERR;
		/* saturate: 10^12 is already far outside int64 either way */
		if (e < 1000000000000)
			e = e * 10 + (*p - '0');
	}
	q->mul = 1;
	q->exp10 = neg ? -e : e;
	return 0;
}

/* <sign>? (<digits> ( . <digits>? )? | . <digits>) <suffix> */
static int quantity_scan(struct quantity *q, const char *s)
{
	const char *p = s;

	memset(q, 0, sizeof(*q));
	if (*p == '+' || *p == '-')
		q->neg = *p++ == '-';
	q->ib = p;
	while (fc_text_is_digit((unsigned char)*p))
		p++;
	q->ie = q->fb = q->fe = p;
	if (*p == '.') {
		q->fb = ++p;
		while (fc_text_is_digit((unsigned char)*p))
			p++;
		q->fe = p;
	}
	if (qndigits(q) == 0)
		return FC_ERR;
	return quantity_suffix(q, p);
}

/* |digits| * mul * 10^k as an integer, rounded away from zero when inexact
 * (the API server's inf.RoundUp); FC_ERR above INT64_MAX. */
static int quantity_scaled(uint64_t *out, const struct quantity *q, int64_t k)
{
	size_t n = qndigits(q), nint, i;
	uint64_t p = 0, carry = 0;
	bool sticky = false;

	/* integer part: every digit when k >= 0, else all but the last -k */
	nint = k >= 0 ? n : (uint64_t)-k >= n ? 0 : n - (size_t)-k;
	for (i = 0; i < nint; i++) {
		unsigned d = qdigit(q, i);
		if (p > (FC_LONG_MAX - d) / 10)
			return FC_ERR;
		p = p * 10 + d;
	}
	if (p > FC_LONG_MAX / q->mul)
		return FC_ERR;
	p *= q->mul;
	if (k >= 0) {
		for (; k > 0 && p; k--) {
			if (p > FC_LONG_MAX / 10)
				return FC_ERR;
			p *= 10;
		}
		*out = p;
		return 0;
	}
	/* floor(0.frac * mul) from the right: nested floors of /10 compose;
	 * carry < mul <= 2^60 keeps d*mul + carry below 2^64 */
	for (i = n; i > nint; i--) {
		uint64_t t = qdigit(q, i - 1) * q->mul + carry;
		carry = t / 10;
		sticky |= t % 10 != 0;
	}
	/* implicit zeros between the point and the digits; carry hits 0 fast */
	for (uint64_t z = (uint64_t)-k - (n - nint); z > 0 && carry; z--) {
		sticky |= carry % 10 != 0;
		carry /= 10;
	}
	if (sticky)
		carry++;
	if (p > FC_LONG_MAX - carry)
		return FC_ERR;
	*out = p + carry;
	return 0;
}

int fc_units_parse_quantity(int64_t *milli, const char *s)
{
	struct quantity q;
	uint64_t m;

	if (quantity_scan(&q, s) < 0)
		return FC_ERR;
	if (quantity_scaled(&m, &q, q.exp10 + 3 - (int64_t)(q.fe - q.fb)) < 0)
		return FC_ERR;
	*milli = q.neg ? -(int64_t)m : (int64_t)m;
	return 0;
}

/* Significant digits kept for strtod: a midpoint between two doubles has
 * at most 767, so truncating beyond this with a sticky digit is exact. */
enum { FC_MAX_SIG = 780 };

int fc_units_quantity_double(double *out, const char *s)
{
	char num[FC_MAX_SIG + 32];
	struct quantity q;
	size_t n, i, len = 0;
	int64_t exp;
	bool sticky = false;
	double v;

	if (quantity_scan(&q, s) < 0)
		return FC_ERR;
	n = qndigits(&q);
	exp = q.exp10 - (int64_t)(q.fe - q.fb);
	for (i = 0; i < n && qdigit(&q, i) == 0; i++)
		;
	for (; i < n; i++) {
		unsigned d = qdigit(&q, i);
		if (len < FC_MAX_SIG) {
			num[len++] = (char)('0' + d);
		} else {
			sticky |= d != 0;
			exp++;
		}
	}
	if (len == 0) {
		*out = 0.0;
		return 0;
	}
	if (sticky) {
		num[len++] = '1';
		exp--;
	}
	snprintf(num + len, sizeof(num) - len, "e%" PRId64, exp);
	v = strtod(num, NULL);
	/* times 2^b is exact (normal range), so rounding happened once */
	v = ldexp(v, (int)q.shift);
	if (!isfinite(v))
		return FC_ERR;
	*out = q.neg ? -v : v;
	return 0;
}

/* ---- the operator's memory rule --------------------------------------- */

/* ResourceConfigUtils.formatMemoryStringForK8sSpec as a read-only view of
 * the input: trim(), drop Java \s, toUpperCase(), drop one trailing 'B',
 * a trailing 'I' becomes 'i'. */
struct k8sview {
	const char *p, *end; /* next char, end of the kept chars */
	const char *last;    /* the last kept char (NULL if none) */
};

static void k8sview_init(struct k8sview *v, const char *s)
{
	const char *b = s, *e = s + strlen(s), *q;

	jtrim(&b, &e);
	v->p = b;
	v->end = e;
	v->last = NULL;
	if (b == e)
		return;
	q = e - 1; /* after trim() the last char is not a space */
	if (fc_text_upper((unsigned char)*q) == 'B') {
		v->end = q;
		while (q > b && is_jspace((unsigned char)q[-1]))
			q--;
		if (q == b)
			return;
		q--;
	}
	v->last = q;
}

/* next char of the view, or -1 at the end */
static int k8sview_next(struct k8sview *v)
{
	int c;

	while (v->p < v->end && is_jspace((unsigned char)*v->p))
		v->p++;
	if (v->p >= v->end)
		return -1;
	c = fc_text_upper((unsigned char)*v->p);
	if (v->p == v->last && c == 'I')
		c = 'i';
	v->p++;
	return c;
}

/* fabric8 Quantity.indexOfUnit's unit chars */
static bool is_fabric8_unit(int c)
{
	return c > 0 && strchr("eEinumkKMGTP", c) != NULL;
}

/* fabric8 Quantity.getMultiple's named formats as BigDecimal values
 * m * 10^-scale.  pow(n, DECIMAL64) keeps 16 digits, so 2^60 ("Ei") is
 * 1152921504606847E+3 and 10^18 ("E") is 1000000000000000E+3. */
static const struct {
	const char *f;
	uint64_t m;
	int scale;
} fabric8_formats[] = {
	{ "", 1, 0 },
	{ "Ki", (uint64_t)1 << 10, 0 },
	{ "Mi", (uint64_t)1 << 20, 0 },
	{ "Gi", (uint64_t)1 << 30, 0 },
	{ "Ti", (uint64_t)1 << 40, 0 },
	{ "Pi", (uint64_t)1 << 50, 0 },
	{ "Ei", 1152921504606847, -3 },
	{ "n", 1, 9 },
	{ "u", 1, 6 },
	{ "m", 1, 3 },
	{ "k", 1000, 0 },
	{ "M", 1000000, 0 },
	{ "G", 1000000000, 0 },
	{ "T", 1000000000000, 0 },
	{ "P", 1000000000000000, 0 },
	{ "E", 1000000000000000, -3 },
};

/* The fallback of parseResourceMemoryString: fabric8
 * Quantity.parse(...).getNumericalAmount() is new BigDecimal(amount) times
 * getMultiple(format), and its toString() must then read back as a plain
 * MemorySize byte count.  So the product's scale must be 0 ("1.5Gi" gives
 * "1610612736.0", which the operator's validator rejects), the value not
 * negative and within Long.  Format "<unit char><int>" is 10^int whatever
 * the unit char.  Non-ASCII input is rejected. */
static int fabric8_bytes(uint64_t *out, const char *s)
{
	struct k8sview v;
	char f[3] = "";
	uint64_t unscaled = 0, m = 1;
	int64_t scale = 0, mscale = 0, n = 0;
	bool neg = false, dot = false, big = false, fdigit = false;
	bool int_ok = true, nneg = false;
	int c, ndigits = 0, flen = 0, flast = 0, nlen = 0;
	size_t i;

	k8sview_init(&v, s);
	/* amount: new BigDecimal(the text before the first unit char);
	 * getAmountInBytes puts a "0" before a leading '.', so "." is 0 */
	c = k8sview_next(&v);
	if (c == '.')
		ndigits = 1;
	if (c == '+' || c == '-') {
		neg = c == '-';
		c = k8sview_next(&v);
	}
	for (; c >= 0 && !is_fabric8_unit(c); c = k8sview_next(&v)) {
		if (c == '.' && !dot) {
			dot = true;
		} else if (fc_text_is_digit(c)) {
			unsigned d = (unsigned)(c - '0');
			ndigits++;
			scale += dot;
			if (unscaled > (FC_LONG_MAX - d) / 10)
				big = true;
			else
				unscaled = unscaled * 10 + d;
		} else {
			return FC_ERR;
		}
	}
	if (ndigits == 0)
		return FC_ERR;
	/* format: the rest, as Quantity.parse and getMultiple look at it */
	for (; c >= 0; c = k8sview_next(&v), flen++) {
		if (c >= 0x80)
			return FC_ERR;
		if (flen < 2)
			f[flen] = (char)c;
		if (fc_text_is_digit(c))
			fdigit = true;
		flast = c;
		if (flen == 0)
			continue;
		/* Integer.parseInt(format.substring(1)) */
		if (flen == 1 && (c == '+' || c == '-')) {
			nneg = c == '-';
		} else if (fc_text_is_digit(c)) {
			nlen++;
			if (n <= 999999999)
				n = n * 10 + (c - '0');
		} else {
			int_ok = false;
		}
	}
	if (fdigit && ((flast >= 'a' && flast <= 'z') || (flast >= 'A' && flast <= 'Z')))
		return FC_ERR; /* "Invalid quantity string format passed" */
	if (fdigit) {
		/* 10^n; BigDecimal.pow refuses |n| > 999999999 */
		if (!int_ok || nlen == 0 || n > 999999999)
			return FC_ERR;
		for (int64_t k = 0; k < n && k < 15; k++)
			m *= 10;
		mscale = nneg ? n : n > 15 ? 15 - n : 0;
	} else {
		if (flen > 2)
			return FC_ERR;
		for (i = 0; i < countof(fabric8_formats); i++)
			if (strcmp(f, fabric8_formats[i].f) == 0)
				break;
		if (i == countof(fabric8_formats))
			return FC_ERR; /* "Invalid quantity format passed to parse" */
		m = fabric8_formats[i].m;
		mscale = fabric8_formats[i].scale;
	}
	if (scale + mscale != 0)
		return FC_ERR; /* toString() has a '.' or an exponent */
	if (unscaled != 0 && (big || unscaled > FC_LONG_MAX / m))
		return FC_ERR;
	if (neg && unscaled != 0)
		return FC_ERR;
	*out = unscaled * m;
	return 0;
}

int fc_units_operator_memory(uint64_t *bytes, const char *s)
{
	if (fc_units_parse_memory(bytes, s) == 0)
		return 0;
	return fabric8_bytes(bytes, s);
}

/* ---- Java Double.toString --------------------------------------------- */

/* d * 10^e as the nearest double */
static double dec_to_double(uint64_t d, int e)
{
	char s[48];

	snprintf(s, sizeof(s), "%" PRIu64 "e%d", d, e);
	return strtod(s, NULL);
}

/* The p-digit decimal d * 10^e that rounds to x and is closest to x, if
 * any: %.*e gives the nearest one (ties to even, as Java picks); when it
 * does not round-trip, its neighbour on the other side of x still may
 * (the rounding interval is lopsided at powers of two). */
static bool shortest_at(uint64_t *d_out, int *e_out, double x, int p)
{
	char s[64];
	const char *c;
	uint64_t d = 0, pow = 1;
	int e, i;
	double y;

	snprintf(s, sizeof(s), "%.*e", p - 1, x);
	/* digits up to the exponent; skip the radix char, whatever locale */
	for (c = s; *c && *c != 'e'; c++)
		if (fc_text_is_digit((unsigned char)*c))
			d = d * 10 + (uint64_t)(*c - '0');
	e = atoi(c + 1) - (p - 1);
	y = dec_to_double(d, e);
	if (y != x) {
		for (i = 0; i < p; i++)
			pow *= 10;
		if (y > x) {
			if (--d == pow / 10 - 1) {
				d = pow - 1;
				e--;
			}
		} else if (++d == pow) {
			d = pow / 10;
			e++;
		}
		if (dec_to_double(d, e) != x)
			return false;
	}
	*d_out = d;
	*e_out = e;
	return true;
}

void fc_units_format_double(char *buf, size_t n, double v)
{
	char dig[24], out[48];
	uint64_t d = 0;
	int e = 0, p, nd, e10, len = 0;

	if (isnan(v)) {
		put(buf, n, "NaN");
		return;
	}
	if (isinf(v)) {
		put(buf, n, v < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (v == 0) {
		put(buf, n, signbit(v) ? "-0.0" : "0.0");
		return;
	}
	if (v < 0)
		out[len++] = '-';
	v = fabs(v);
	if (v < 9007199254740992.0 && v == (double)(uint64_t)v) {
		/* an integer below 2^53: its own digits are the shortest that
		 * round-trip (the doubles next to it are 1 or less away) */
		d = (uint64_t)v;
	} else {
		/* the shortest length that round-trips; JDK 19+ picks among lengths
		 * 1 and 2 when 1 suffices, hence 4.9E-324 rather than 5E-324 */
		for (p = 1; p <= 17; p++)
			if (shortest_at(&d, &e, v, p))
				break;
		if (p == 1)
			shortest_at(&d, &e, v, 2);
	}
	for (; d % 10 == 0; d /= 10)
		e++;
	nd = (int)fc_fmt_uint(dig, d);
	e10 = e + nd - 1; /* exponent of the first digit */
	if (e10 >= -3 && e10 < 7) {
		if (e10 < 0) {
			out[len++] = '0';
			out[len++] = '.';
			for (int i = 0; i < -e10 - 1; i++)
				out[len++] = '0';
			memcpy(out + len, dig, (size_t)nd);
			len += nd;
		} else {
			for (int i = 0; i <= e10; i++)
				out[len++] = i < nd ? dig[i] : '0';
			out[len++] = '.';
			if (nd > e10 + 1) {
				memcpy(out + len, dig + e10 + 1, (size_t)(nd - e10 - 1));
				len += nd - e10 - 1;
			} else {
				out[len++] = '0';
			}
		}
	} else {
		out[len++] = dig[0];
		out[len++] = '.';
		if (nd > 1) {
			memcpy(out + len, dig + 1, (size_t)(nd - 1));
			len += nd - 1;
		} else {
			out[len++] = '0';
		}
		out[len++] = 'E';
		len += (int)fc_fmt_int(out + len, e10);
	}
	out[len] = '\0';
	put(buf, n, out);
}

/* ---- Flink durations -------------------------------------------------- */

/* TimeUtils.TimeUnit labels (upstream Flink: "min" and "m" are singular
 * only, microseconds are "µs" not "us"); ns = the unit in nanoseconds */
static const struct {
	const char *label;
	int64_t ns;
} duration_units[] = {
	{ "d", 86400000000000 },   { "day", 86400000000000 },
	{ "days", 86400000000000 }, { "h", 3600000000000 },
	{ "hour", 3600000000000 }, { "hours", 3600000000000 },
	{ "min", 60000000000 },    { "m", 60000000000 },
	{ "minute", 60000000000 }, { "minutes", 60000000000 },
	{ "s", 1000000000 },       { "sec", 1000000000 },
	{ "secs", 1000000000 },    { "second", 1000000000 },
	{ "seconds", 1000000000 }, { "ms", 1000000 },
	{ "milli", 1000000 },      { "millis", 1000000 },
	{ "millisecond", 1000000 }, { "milliseconds", 1000000 },
	{ "\xc2\xb5s", 1000 },     { "micro", 1000 },
	{ "micros", 1000 },        { "microsecond", 1000 },
	{ "microseconds", 1000 },  { "ns", 1 },
	{ "nano", 1 },             { "nanos", 1 },
	{ "nanosecond", 1 },       { "nanoseconds", 1 },
};

/* v units of unit_ns nanoseconds, in whole milliseconds (truncated) */
static int to_ms(int64_t *acc, uint64_t v, int64_t unit_ns)
{
	uint64_t ms;

	if (unit_ns < 1000000) {
		ms = v / (uint64_t)(1000000 / unit_ns);
	} else {
		uint64_t f = (uint64_t)(unit_ns / 1000000);
		if (v > FC_LONG_MAX / f)
			return FC_ERR;
		ms = v * f;
	}
	if (ms > FC_LONG_MAX - (uint64_t)*acc)
		return FC_ERR;
	*acc += (int64_t)ms;
	return 0;
}

/* One "<digits>[.frac]<unit>" part of an ISO-8601 duration, added to *acc:
 * 1 if present, 0 if the text is not this part, FC_ERR if it overflows.
 * Only seconds take a fraction (at most 9 digits, truncated to ms). */
static int iso_part(int64_t *acc, const char **pp, const char *e, int unit, int64_t ns)
{
	const char *p = *pp, *d = p, *de, *f = NULL;
	int64_t frac = 0;
	uint64_t v;

	while (p < e && fc_text_is_digit((unsigned char)*p))
		p++;
	de = p;
	if (p == d)
		return 0;
	if (unit == 'S' && p < e && (*p == '.' || *p == ',')) {
		f = ++p;
		while (p < e && fc_text_is_digit((unsigned char)*p))
			p++;
		if (p - f > 9)
			return 0;
	}
	if (p == e || fc_text_upper((unsigned char)*p) != unit)
		return 0;
	if (parse_long(&v, d, de) < 0 || to_ms(acc, v, ns) < 0)
		return FC_ERR;
	for (int k = 0; f && k < 3; k++)
		frac = frac * 10 + (f + k < p ? f[k] - '0' : 0);
	if (frac > INT64_MAX - *acc)
		return FC_ERR;
	*acc += frac;
	*pp = p + 1;
	return 1;
}

/* Java Duration.parse without signs: P[nD][T[nH][nM][n[.f]S]], case-insensitive,
 * as Duration.toString() writes it ("PT15M", "PT0.5S"); not a Flink syntax,
 * but the operator prints some durations this way. */
static int iso_duration(int64_t *ms, const char *p, const char *e)
{
	static const struct {
		int unit;
		int64_t ns;
	} tparts[] = { { 'H', 3600000000000 }, { 'M', 60000000000 }, { 'S', 1000000000 } };
	int64_t acc = 0;
	int r, nparts;

	if (p == e || fc_text_upper((unsigned char)*p) != 'P')
		return FC_ERR;
	p++;
	if ((nparts = iso_part(&acc, &p, e, 'D', 86400000000000)) < 0)
		return FC_ERR;
	if (p < e && fc_text_upper((unsigned char)*p) == 'T') {
		bool upper_t = *p++ == 'T';
		int nt = 0;
		for (size_t i = 0; i < countof(tparts); i++) {
			if ((r = iso_part(&acc, &p, e, tparts[i].unit, tparts[i].ns)) < 0)
				return FC_ERR;
			nt += r;
		}
		/* Java rejects a bare 'T' with no time part, but only upper case */
		if (nt == 0 && upper_t)
			return FC_ERR;
		nparts += nt;
	}
	if (p != e || nparts == 0)
		return FC_ERR;
	*ms = acc;
	return 0;
}

int fc_units_parse_duration(int64_t *ms, const char *s)
{
	const char *b = s, *e = s + strlen(s), *p;
	int64_t acc = 0;
	uint64_t v;
	size_t i;

	jtrim(&b, &e);
	if (b < e && fc_text_upper((unsigned char)*b) == 'P')
		return iso_duration(ms, b, e);
	for (p = b; p < e && fc_text_is_digit((unsigned char)*p); p++)
		;
	if (p == b || parse_long(&v, b, p) < 0)
		return FC_ERR;
	jtrim(&p, &e);
	if (p == e) {
		*ms = (int64_t)v; /* no unit: milliseconds */
		return 0;
	}
	for (i = 0; i < countof(duration_units); i++)
		if (eq_label(p, e, duration_units[i].label))
			break;
	if (i == countof(duration_units) || to_ms(&acc, v, duration_units[i].ns) < 0)
		return FC_ERR;
	*ms = acc;
	return 0;
}
