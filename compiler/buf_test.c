/* SPDX-License-Identifier: Apache-2.0 */
/* buf_test.c - unit tests for buf.c: fc_vformat writes what vsnprintf
 * writes, and returns what it returns, for every format it handles itself,
 * truncated or not, and hands the others to vsnprintf. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "test.h"

/* both formatters on the same arguments; 0 when they agree */
static int differ(size_t cap, const char *fmt, ...)
{
	char a[128], b[128];
	va_list ap, aq;
	int na, nb;

	memset(a, 'A', sizeof(a));
	memset(b, 'A', sizeof(b));
	va_start(ap, fmt);
	va_copy(aq, ap);
	na = fc_vformat(a, cap, fmt, ap);
	nb = vsnprintf(b, cap, fmt, aq);
	va_end(aq);
	va_end(ap);
	if (na != nb || memcmp(a, b, sizeof(a)) != 0) {
		fprintf(stderr, "fc_vformat(cap %zu, \"%s\"): %d \"%.*s\", vsnprintf: %d \"%.*s\"\n", cap, fmt, na,
		        (int)(cap ? cap : 1), a, nb, (int)(cap ? cap : 1), b);
		return 1;
	}
	return 0;
}

static void test_buf__vformat_cases(int *failures)
{
	static const size_t caps[] = { 0, 1, 2, 5, 7, 16, 100 };
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		size_t c = caps[i];
		FC_CHECK(!differ(c, "plain text"));
		FC_CHECK(!differ(c, "%s-%s", "flink-config", "job"));
		FC_CHECK(!differ(c, "%s|%s", (const char *)NULL, ""));
		FC_CHECK(!differ(c, "%.*s-%s-%s", 3, "abcdef", "x", "y"));
		FC_CHECK(!differ(c, "%.*s|%.*s|%.*s", 0, "abc", -1, "abc", 10, "ab"));
		FC_CHECK(!differ(c, "%.*s|%.*s|%.*s", 5, (const char *)NULL, 6, (const char *)NULL, -1,
		                 (const char *)NULL));
		FC_CHECK(!differ(c, "%d %i %u %%", -2147483647 - 1, 0, 4294967295u));
		FC_CHECK(!differ(c, "%ld %lu %lld %llu", (long)INT64_MIN, (unsigned long)UINT64_MAX,
		                 (long long)-1, (unsigned long long)12345678901234ull));
		FC_CHECK(!differ(c, "%zu %zd%c%c", (size_t)SIZE_MAX, (ptrdiff_t)-7, 'x', '\0'));
		FC_CHECK(!differ(c, "%016llx|%016llx|%08llx|%x|%lx", 0xabcull, UINT64_MAX, 0x123456789ull, 0u,
		                 (unsigned long)0xdeadbeef));
		FC_CHECK(!differ(c, "%.*s-%s-%08llx", 5, "job-name", "savepoint", 0xfull));
		FC_CHECK(!differ(c, "%02x%zx", 0x1ffu, (size_t)0));
		/* handed to vsnprintf whole */
		FC_CHECK(!differ(c, "%016llx %s %5d %-3s|", 0xabcull, "s", 42, "a"));
		FC_CHECK(!differ(c, "%08X %.3s %g %0d", 255u, "abcdef", 0.5, 3));
	}
}

/* random formats of the handled conversions against vsnprintf */
static void test_buf__vformat_random(int *failures)
{
	static const char *const words[] = { "", "a", "job-00001", "flink-config-", "(null)", "%", "x y" };
	uint64_t x = 88172645463325252ull;
	int i, bad = 0;

	for (i = 0; i < 20000 && !bad; i++) {
		char fmt[64];
		const char *s1, *s2;
		long long v;
		size_t cap;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		s1 = words[x % 7];
		s2 = (x >> 3) % 11 == 0 ? NULL : words[(x >> 8) % 7];
		v = (long long)(x >> 1) * ((x & 1) ? -1 : 1) >> ((x >> 20) % 64);
		cap = (x >> 30) % 40;
		switch ((x >> 40) % 6) {
		case 0: snprintf(fmt, sizeof(fmt), "%s%%s:%%lld/%%.*s", s1); break;
		case 1: snprintf(fmt, sizeof(fmt), "%%s%s%%zu%%c", s1); break;
		case 2: snprintf(fmt, sizeof(fmt), "[%%d]%%s%s", s1); break;
		case 3: snprintf(fmt, sizeof(fmt), "%%lu%%%%%s", s1); break;
		case 4: snprintf(fmt, sizeof(fmt), "%%u.%%i%s%%0%dllx", s1, (int)((x >> 52) % 20)); break;
		default: snprintf(fmt, sizeof(fmt), "%s", s1); break;
		}
		if (strchr(s1, '%')) /* a word holding '%' is part of the format: keep it literal */
			continue;
		switch ((x >> 40) % 6) {
		case 0: bad = differ(cap, fmt, s2, v, (int)((x >> 50) % 12) - 2, s1); break;
		case 1: bad = differ(cap, fmt, s2, (size_t)v, (int)('a' + x % 26)); break;
		case 2: bad = differ(cap, fmt, (int)v, s2); break;
		case 3: bad = differ(cap, fmt, (unsigned long)v); break;
		case 4: bad = differ(cap, fmt, (unsigned)v, (int)v, (unsigned long long)v); break;
		default: bad = differ(cap, fmt); break;
		}
	}
	FC_CHECK(!bad);
}

const struct fc_test fc_buf_tests[] = {
	{ "buf__vformat_cases", test_buf__vformat_cases },
	{ "buf__vformat_random", test_buf__vformat_random },
	{ NULL, NULL },
};
