/* SPDX-License-Identifier: Apache-2.0 */
/* units_test.c - unit tests for units.c: Flink MemorySize and durations,
 * Kubernetes Quantity, the operator's memory fallback (fabric8 and
 * BigDecimal quirks included) and Java's Double.toString.  Expected values
 * come from the Java sources and, for doubles, from a JDK 25 run.
 */
#include "units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define FC_GIB ((uint64_t)1 << 30)
#define FC_MIB ((uint64_t)1 << 20)

static bool mem_is(const char *s, uint64_t want)
{
	uint64_t got = 0;
	return fc_units_parse_memory(&got, s) == 0 && got == want;
}

static bool mem_bad(const char *s)
{
	uint64_t got = 12345;
	return fc_units_parse_memory(&got, s) == FC_ERR && got == 12345;
}

static bool op_is(const char *s, uint64_t want)
{
	uint64_t got = 0;
	return fc_units_operator_memory(&got, s) == 0 && got == want;
}

static bool op_bad(const char *s)
{
	uint64_t got = 12345;
	return fc_units_operator_memory(&got, s) == FC_ERR && got == 12345;
}

static bool q_is(const char *s, int64_t want)
{
	int64_t got = 0;
	return fc_units_parse_quantity(&got, s) == 0 && got == want;
}

static bool q_bad(const char *s)
{
	int64_t got = 12345;
	return fc_units_parse_quantity(&got, s) == FC_ERR && got == 12345;
}

static bool qd_is(const char *s, double want)
{
	double got = -1;
	return fc_units_quantity_double(&got, s) == 0 && got == want;
}

static bool dur_is(const char *s, int64_t want)
{
	int64_t got = 0;
	return fc_units_parse_duration(&got, s) == 0 && got == want;
}

static bool dur_bad(const char *s)
{
	int64_t got = 12345;
	return fc_units_parse_duration(&got, s) == FC_ERR && got == 12345;
}

static const char *fmt_mem(char *buf, size_t n, uint64_t bytes)
{
	fc_units_format_memory(buf, n, bytes);
	return buf;
}

static const char *fmt_dbl(char *buf, size_t n, double v)
{
	fc_units_format_double(buf, n, v);
	return buf;
}

static void test_units__memory_units(int *failures)
{
	FC_CHECK(mem_is("2048m", 2048 * FC_MIB));
	FC_CHECK(mem_is("1G", FC_GIB));
	FC_CHECK(mem_is("1gb", FC_GIB));
	FC_CHECK(mem_is("500M", 500 * FC_MIB));
	FC_CHECK(mem_is("1536mb", 1536 * FC_MIB));
	FC_CHECK(mem_is("3 mebibytes", 3 * FC_MIB));
	FC_CHECK(mem_is("100", 100));
	FC_CHECK(mem_is("100b", 100));
	FC_CHECK(mem_is("100 Bytes", 100));
	FC_CHECK(mem_is("4k", 4096));
	FC_CHECK(mem_is("4KB", 4096));
	FC_CHECK(mem_is("4 KiBiBytes", 4096));
	FC_CHECK(mem_is("2gibibytes", 2 * FC_GIB));
	FC_CHECK(mem_is("1t", (uint64_t)1 << 40));
	FC_CHECK(mem_is("1TB", (uint64_t)1 << 40));
	FC_CHECK(mem_is("1 tebibytes", (uint64_t)1 << 40));
	FC_CHECK(mem_is("0", 0));
	FC_CHECK(mem_is("007m", 7 * FC_MIB));
}

static void test_units__memory_whitespace(int *failures)
{
	/* String.trim() on the whole text and again on the unit */
	FC_CHECK(mem_is("  1 g  ", FC_GIB));
	FC_CHECK(mem_is("\t64\tm\n", 64 * FC_MIB));
	FC_CHECK(mem_is("1   mb", FC_MIB));
	FC_CHECK(mem_bad("1 m b"));
	FC_CHECK(mem_bad(""));
	FC_CHECK(mem_bad("   "));
}

static void test_units__memory_rejects(int *failures)
{
	FC_CHECK(mem_bad("2Gi"));    /* unit "gi" unknown: the operator falls back */
	FC_CHECK(mem_bad("1.5g"));   /* digits only */
	FC_CHECK(mem_bad("-1m"));    /* no sign */
	FC_CHECK(mem_bad("+1m"));
	FC_CHECK(mem_bad("m"));
	FC_CHECK(mem_bad("1 p"));
	FC_CHECK(mem_bad("1e3"));
	FC_CHECK(mem_bad("1kib"));
	FC_CHECK(mem_bad("1 gigabytes"));
}

static void test_units__memory_overflow(int *failures)
{
	FC_CHECK(mem_is("9223372036854775807", INT64_MAX));
	FC_CHECK(mem_bad("9223372036854775808"));
	FC_CHECK(mem_bad("18446744073709551616"));
	FC_CHECK(mem_is("8388607t", (uint64_t)8388607 << 40));
	FC_CHECK(mem_bad("8388608t"));
	FC_CHECK(mem_bad("9007199254740992k"));
	FC_CHECK(mem_is("9007199254740991k", (uint64_t)9007199254740991 << 10));
}

static void test_units__format_memory(int *failures)
{
	char b[64];

	FC_CHECK_STR(fmt_mem(b, sizeof(b), 2 * FC_GIB), "2 gb");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 1536 * FC_MIB), "1536 mb");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 1610612736), "1536 mb");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 1000), "1000 bytes");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 100), "100 bytes");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 1024), "1 kb");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 1025), "1025 bytes");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 1536), "1536 bytes");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 2097152000), "2000 mb");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), (uint64_t)3 << 30 | (uint64_t)1 << 20), "3073 mb");
	/* Flink's orElse(BYTES): whole tebibytes (and 0) print in bytes */
	FC_CHECK_STR(fmt_mem(b, sizeof(b), 0), "0 bytes");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), (uint64_t)1 << 40), "1099511627776 bytes");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), (uint64_t)3 << 40), "3298534883328 bytes");
	FC_CHECK_STR(fmt_mem(b, sizeof(b), ((uint64_t)1 << 40) + FC_GIB), "1025 gb");
	/* truncation never overruns */
	FC_CHECK_STR(fmt_mem(b, 4, 2 * FC_GIB), "2 g");
	fc_units_format_memory(b, 0, 1);
}

static void test_units__format_memory_roundtrip(int *failures)
{
	/* what the operator writes reads back as the same size */
	static const char *const in[] = { "2048m", "1536m", "1g", "100", "3k", "7 tb" };
	char b[64];
	uint64_t x, y;

	for (size_t i = 0; i < countof(in); i++) {
		FC_CHECK(fc_units_parse_memory(&x, in[i]) == 0);
		fc_units_format_memory(b, sizeof(b), x);
		FC_CHECK(fc_units_parse_memory(&y, b) == 0 && x == y);
	}
}

static void test_units__quantity_suffixes(int *failures)
{
	FC_CHECK(q_is("1", 1000));
	FC_CHECK(q_is("0", 0));
	FC_CHECK(q_is("500m", 500));
	FC_CHECK(q_is("100m", 100));
	FC_CHECK(q_is("2Gi", 2147483648000));
	FC_CHECK(q_is("1Ki", 1024000));
	FC_CHECK(q_is("1Mi", 1048576000));
	FC_CHECK(q_is("1Ti", 1099511627776000));
	FC_CHECK(q_is("1Pi", 1125899906842624000));
	FC_CHECK(q_is("8Pi", 9007199254740992000));
	FC_CHECK(q_is("1k", 1000000));
	FC_CHECK(q_is("1M", 1000000000));
	FC_CHECK(q_is("1G", 1000000000000));
	FC_CHECK(q_is("1T", 1000000000000000));
	FC_CHECK(q_is("1P", 1000000000000000000));
	FC_CHECK(q_is("1000u", 1));
	FC_CHECK(q_is("1000000n", 1));
	FC_CHECK(q_is("2000Mi", 2097152000000));
	FC_CHECK(q_is("+5", 5000));
	FC_CHECK(q_is("-5", -5000));
	FC_CHECK(q_is("-2Gi", -2147483648000));
	FC_CHECK(q_is("007", 7000));
}

static void test_units__quantity_decimals(int *failures)
{
	FC_CHECK(q_is("0.5", 500));
	FC_CHECK(q_is(".5", 500));
	FC_CHECK(q_is("5.", 5000));
	FC_CHECK(q_is("1.25", 1250));
	FC_CHECK(q_is("1.5Gi", 1610612736000));
	FC_CHECK(q_is("0.5Ki", 512000));
	FC_CHECK(q_is("1.5k", 1500000));
	FC_CHECK(q_is("0.000", 0));
	FC_CHECK(q_is("1.000000000000000000000000000000", 1000));
	FC_CHECK(q_is("00000000000000000000000000000001", 1000));
}

static void test_units__quantity_exponent(int *failures)
{
	FC_CHECK(q_is("1e3", 1000000));
	FC_CHECK(q_is("1E3", 1000000));
	FC_CHECK(q_is("1e+3", 1000000));
	FC_CHECK(q_is("1E-3", 1));
	FC_CHECK(q_is("1.5e2", 150000));
	FC_CHECK(q_is("12e-1", 1200));
	FC_CHECK(q_is("0e999999999999999999", 0));
	FC_CHECK(q_is("1e-999999999999999999", 1));
	FC_CHECK(q_bad("1e"));
	FC_CHECK(q_bad("1e+"));
	FC_CHECK(q_bad("1e1.5"));
	FC_CHECK(q_bad("1e3Gi"));
	FC_CHECK(q_bad("1e999"));
}

static void test_units__quantity_rounding(int *failures)
{
	/* finer than milli rounds away from zero, as the API server does */
	FC_CHECK(q_is("0.0001", 1));
	FC_CHECK(q_is("1n", 1));
	FC_CHECK(q_is("1u", 1));
	FC_CHECK(q_is("1001u", 2));
	FC_CHECK(q_is("0.1m", 1));
	FC_CHECK(q_is("1.0001", 1001));
	FC_CHECK(q_is("1.000000000000000000000000000000001", 1001));
	FC_CHECK(q_is("0.1Ki", 102400));
	FC_CHECK(q_is("0.0000001Ki", 1)); /* 0.0001024 */
	FC_CHECK(q_is("0.001Ki", 1024));
	FC_CHECK(q_is("-0.0001", -1));
	FC_CHECK(q_is("0.0000000000000000000000000000000000000001", 1));
}

static void test_units__quantity_rejects(int *failures)
{
	FC_CHECK(q_bad(""));
	FC_CHECK(q_bad("+"));
	FC_CHECK(q_bad("-"));
	FC_CHECK(q_bad("."));
	FC_CHECK(q_bad("Gi"));
	FC_CHECK(q_bad("1K"));   /* kilo is lower case */
	FC_CHECK(q_bad("1gi"));
	FC_CHECK(q_bad("1GI"));
	FC_CHECK(q_bad("1Gib"));
	FC_CHECK(q_bad("1mi"));
	FC_CHECK(q_bad("1 Gi"));
	FC_CHECK(q_bad(" 1"));
	FC_CHECK(q_bad("1 "));
	FC_CHECK(q_bad("1.2.3"));
	FC_CHECK(q_bad("abc"));
	FC_CHECK(q_bad("1x"));
	FC_CHECK(q_bad("--1"));
	FC_CHECK(q_bad("0x10"));
}

static void test_units__quantity_overflow(int *failures)
{
	FC_CHECK(q_is("9223372036854775807m", INT64_MAX));
	FC_CHECK(q_is("-9223372036854775807m", -INT64_MAX));
	FC_CHECK(q_bad("9223372036854775808m"));
	FC_CHECK(q_is("9223372036854775.807", INT64_MAX));
	FC_CHECK(q_bad("9223372036854775.8071"));
	FC_CHECK(q_bad("8Ei"));
	FC_CHECK(q_bad("1Ei"));
	FC_CHECK(q_is("8191Ti", 9006099743113216000));
	FC_CHECK(q_bad("9Pi"));
	FC_CHECK(q_bad("10E"));
	FC_CHECK(q_bad("99999999999999999999"));
}

static void test_units__quantity_double(int *failures)
{
	FC_CHECK(qd_is("500m", 0.5));
	FC_CHECK(qd_is("1", 1.0));
	FC_CHECK(qd_is("0.25", 0.25));
	FC_CHECK(qd_is("0.1", 0.1));
	FC_CHECK(qd_is("100m", 0.1));
	FC_CHECK(qd_is("2Gi", 2147483648.0));
	FC_CHECK(qd_is("1.5Gi", 1610612736.0));
	FC_CHECK(qd_is("1e3", 1000.0));
	FC_CHECK(qd_is("1E-3", 0.001));
	FC_CHECK(qd_is("-2.5", -2.5));
	FC_CHECK(qd_is("0", 0.0));
	FC_CHECK(qd_is("1n", 1e-9));
	FC_CHECK(qd_is("3u", 3e-6));
	FC_CHECK(qd_is("0.30000000000000004", 0.30000000000000004));
	FC_CHECK(qd_is("8Ei", 9223372036854775808.0)); /* no milli, no overflow */
	FC_CHECK(qd_is("1e-400", 0.0));
	{
		double d;
		FC_CHECK(fc_units_quantity_double(&d, "1e400") == FC_ERR);
		FC_CHECK(fc_units_quantity_double(&d, "1Gib") == FC_ERR);
		FC_CHECK(fc_units_quantity_double(&d, "") == FC_ERR);
	}
}

static void test_units__quantity_double_long(int *failures)
{
	/* more digits than strtod ever needs: truncation keeps a sticky digit */
	char s[1200];
	size_t n = 0;

	s[n++] = '1';
	s[n++] = '.';
	while (n < 1100)
		s[n++] = '0';
	s[n++] = '1';
	s[n] = '\0';
	FC_CHECK(qd_is(s, 1.0));
	/* 1 + 2^-53 (exactly halfway) plus a tiny bit rounds up */
	FC_CHECK(qd_is("1.00000000000000011102230246251565404236316680908203125", 1.0));
	memcpy(s, "1.00000000000000011102230246251565404236316680908203125", 55);
	n = 55;
	while (n < 1100)
		s[n++] = '0';
	s[n++] = '1';
	s[n] = '\0';
	FC_CHECK(qd_is(s, nextafter(1.0, 2.0)));
}

static void test_units__operator_memory_flink_first(int *failures)
{
	FC_CHECK(op_is("2048m", 2048 * FC_MIB));
	FC_CHECK(op_is("1G", FC_GIB));
	FC_CHECK(op_is("1gb", FC_GIB));
	FC_CHECK(op_is("500M", 500 * FC_MIB));
	FC_CHECK(op_is("1536m", 1536 * FC_MIB));
	FC_CHECK(op_is("100", 100));
	FC_CHECK(op_is(" 1 g ", FC_GIB));
}

static void test_units__operator_memory_quantity(int *failures)
{
	FC_CHECK(op_is("2Gi", 2 * FC_GIB));
	FC_CHECK(op_is("2000Mi", 2000 * FC_MIB));
	FC_CHECK(op_is("1Gib", FC_GIB));     /* "1GIB" -> "1GI" -> "1Gi" */
	FC_CHECK(op_is("1GiB", FC_GIB));
	FC_CHECK(op_is("1gi", FC_GIB));
	FC_CHECK(op_is("512ki", 512 * 1024));
	FC_CHECK(op_is("1 Gi", FC_GIB));     /* whitespace is removed */
	FC_CHECK(op_is("1\tG i", FC_GIB));
	FC_CHECK(op_is("1Ti", (uint64_t)1 << 40));
	FC_CHECK(op_is("8Pi", (uint64_t)8 << 50));
	FC_CHECK(op_is("1e3", 1000));
	FC_CHECK(op_is("1E+3", 1000));
	FC_CHECK(op_is("5P", 5000000000000000));
	FC_CHECK(op_is("+2Gi", 2 * FC_GIB)); /* BigDecimal takes a '+' */
	FC_CHECK(op_is("-0", 0));
	FC_CHECK(op_is("5.Gi", 5 * FC_GIB));
	FC_CHECK(op_is("1e0", 1));
	FC_CHECK(op_is("3e15", 3000000000000000));
	/* "<unit char><int>" is 10^int whatever the char (getMultiple) */
	FC_CHECK(op_is("2G3", 2000));
	/* getAmountInBytes prefixes a leading '.' with "0" */
	FC_CHECK(op_is(".", 0));
	FC_CHECK(op_is(".Gi", 0));
	FC_CHECK(op_is(".e3", 0));
	FC_CHECK(op_bad(".5e1"));  /* "5.0" */
	FC_CHECK(op_bad("+."));
	FC_CHECK(op_bad("-.Gi"));
}

static void test_units__operator_memory_bigdecimal(int *failures)
{
	/* the product must print as a plain integer: scale exactly 0 */
	FC_CHECK(op_bad("1.5Gi"));  /* "1610612736.0" */
	FC_CHECK(op_bad("0.5Gi"));
	FC_CHECK(op_bad("1.0Gi"));
	FC_CHECK(op_bad("1.5"));
	FC_CHECK(op_bad("1.5e3"));  /* "1500.0" */
	FC_CHECK(op_bad("1E-3"));   /* "0.001" */
	FC_CHECK(op_bad("0E-3"));   /* "0.000" */
	/* pow(n, DECIMAL64) keeps 16 digits: 10^18 and 2^60 get scale -3 */
	FC_CHECK(op_bad("1E"));     /* "1.000000000000000E+18" */
	FC_CHECK(op_bad("1Ei"));
	FC_CHECK(op_is("1.000E", 1000000000000000000));
	FC_CHECK(op_is("1.000Ei", 1152921504606847000));
	FC_CHECK(op_bad("1e16"));
	FC_CHECK(op_is("1.0e16", 10000000000000000));
}

static void test_units__operator_memory_rejects(int *failures)
{
	FC_CHECK(op_bad("-2Gi"));
	FC_CHECK(op_bad("-1"));
	FC_CHECK(op_bad(""));
	FC_CHECK(op_bad("   "));
	FC_CHECK(op_bad("B"));
	FC_CHECK(op_bad("Gi"));
	FC_CHECK(op_bad("abc"));
	FC_CHECK(op_bad("1.5K"));   /* "K" is no fabric8 format */
	FC_CHECK(op_bad("1KB3"));
	FC_CHECK(op_bad("1E3E"));   /* digit in the format, then a letter */
	FC_CHECK(op_bad("1E1.5"));
	FC_CHECK(op_bad("1G-"));
	FC_CHECK(op_bad("1Xi"));
	FC_CHECK(op_bad("1u"));     /* upper-cased to "1U": no unit char */
	FC_CHECK(op_bad("8Pi8"));
	FC_CHECK(op_bad("1e9999999999"));
	FC_CHECK(op_bad("9223372036854775808"));
	FC_CHECK(op_bad("8192Pi"));
	FC_CHECK(op_is("8191Pi", 9222246136947933184u));
	FC_CHECK(op_bad("1\xc3\xa9Gi"));
	FC_CHECK(op_bad("99999999999999999999999Gi"));
	FC_CHECK(op_is("9223372036854775807", INT64_MAX));
}

static void test_units__format_double_plain(int *failures)
{
	char b[64];

	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1.0), "1.0");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.5), "0.5");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.1), "0.1");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.25), "0.25");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1.5 * 1.5), "2.25");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.1 + 0.2), "0.30000000000000004");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 100.0), "100.0");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), -2.5), "-2.5");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 123.456), "123.456");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1000000.0), "1000000.0");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 9999999.0), "9999999.0");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.001), "0.001");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.0012), "0.0012");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 2.0 / 3.0), "0.6666666666666666");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 4.0 / 3.0), "1.3333333333333333");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1.1), "1.1");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 2147483648.0 / 1e9), "2.147483648");
}

static void test_units__format_double_sci(int *failures)
{
	char b[64];

	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1e7), "1.0E7");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1e-4), "1.0E-4");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 123456789.0), "1.23456789E8");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1.2345e-5), "1.2345E-5");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.00099), "9.9E-4");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), -1e7), "-1.0E7");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1e21), "1.0E21");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1e23), "1.0E23");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 2e23), "2.0E23");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 1.7976931348623157e308), "1.7976931348623157E308");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 2.2250738585072014e-308), "2.2250738585072014E-308");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 4.9e-324), "4.9E-324");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 9.223372036854776e18), "9.223372036854776E18");
}

static void test_units__format_double_special(int *failures)
{
	char b[64];

	FC_CHECK_STR(fmt_dbl(b, sizeof(b), 0.0), "0.0");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), -0.0), "-0.0");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), INFINITY), "Infinity");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), -INFINITY), "-Infinity");
	FC_CHECK_STR(fmt_dbl(b, sizeof(b), NAN), "NaN");
	FC_CHECK_STR(fmt_dbl(b, 3, 0.5), "0.");
	fc_units_format_double(b, 0, 1.0);
}

static void test_units__format_double_roundtrip(int *failures)
{
	/* a deterministic sweep: every output reads back as the same double */
	char b[64];
	uint64_t x = 0x9E3779B97F4A7C15u;
	double v, w;

	for (int i = 0; i < 2000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&v, &x, sizeof(v));
		if (!isfinite(v))
			continue;
		fc_units_format_double(b, sizeof(b), v);
		w = strtod(b, NULL);
		FC_CHECK(w == v);
	}
}

static void test_units__duration_units(int *failures)
{
	FC_CHECK(dur_is("100", 100));
	FC_CHECK(dur_is("100ms", 100));
	FC_CHECK(dur_is("100 milli", 100));
	FC_CHECK(dur_is("100 millis", 100));
	FC_CHECK(dur_is("100 millisecond", 100));
	FC_CHECK(dur_is("100 milliseconds", 100));
	FC_CHECK(dur_is("30s", 30000));
	FC_CHECK(dur_is("30 sec", 30000));
	FC_CHECK(dur_is("30 secs", 30000));
	FC_CHECK(dur_is("30 second", 30000));
	FC_CHECK(dur_is("30 seconds", 30000));
	FC_CHECK(dur_is("5min", 300000));
	FC_CHECK(dur_is("5m", 300000));
	FC_CHECK(dur_is("5 minute", 300000));
	FC_CHECK(dur_is("5 minutes", 300000));
	FC_CHECK(dur_is("1h", 3600000));
	FC_CHECK(dur_is("2 hours", 7200000));
	FC_CHECK(dur_is("1 hour", 3600000));
	FC_CHECK(dur_is("1d", 86400000));
	FC_CHECK(dur_is("2 days", 172800000));
	FC_CHECK(dur_is("1 day", 86400000));
	FC_CHECK(dur_is("1500000ns", 1));
	FC_CHECK(dur_is("999999 nanos", 0));
	FC_CHECK(dur_is("5 nano", 0));
	FC_CHECK(dur_is("3 nanosecond", 0));
	FC_CHECK(dur_is("3000000000 nanoseconds", 3000));
	FC_CHECK(dur_is("2500\xc2\xb5s", 2)); /* µs */
	FC_CHECK(dur_is("2500 micro", 2));
	FC_CHECK(dur_is("2500 micros", 2));
	FC_CHECK(dur_is("2500 microsecond", 2));
	FC_CHECK(dur_is("2500 microseconds", 2));
}

static void test_units__duration_syntax(int *failures)
{
	FC_CHECK(dur_is("  10 S  ", 10000));
	FC_CHECK(dur_is("10MIN", 600000));
	FC_CHECK(dur_is("1 Day", 86400000));
	FC_CHECK(dur_is("0", 0));
	FC_CHECK(dur_is("9223372036854775807", INT64_MAX));
	FC_CHECK(dur_bad("9223372036854775808"));
	FC_CHECK(dur_bad("106751991167301d"));
	FC_CHECK(dur_is("106751991167 d", 106751991167 * 86400000));
	FC_CHECK(dur_bad(""));
	FC_CHECK(dur_bad("  "));
	FC_CHECK(dur_bad("s"));
	FC_CHECK(dur_bad("-1s"));
	FC_CHECK(dur_bad("1.5s"));
	FC_CHECK(dur_bad("1 x"));
	FC_CHECK(dur_bad("1 m s"));
	/* Flink's labels, not lookalikes: no "mins", no ASCII "us" */
	FC_CHECK(dur_bad("5 mins"));
	FC_CHECK(dur_bad("5us"));
	FC_CHECK(dur_bad("5 hr"));
}

static void test_units__duration_iso(int *failures)
{
	FC_CHECK(dur_is("PT15M", 900000));
	FC_CHECK(dur_is("PT1M", 60000));
	FC_CHECK(dur_is("PT30S", 30000));
	FC_CHECK(dur_is("PT1H30M", 5400000));
	FC_CHECK(dur_is("PT0.5S", 500));
	FC_CHECK(dur_is("PT1,25S", 1250));
	FC_CHECK(dur_is("PT0.0009S", 0));
	FC_CHECK(dur_is("PT1.S", 1000));
	FC_CHECK(dur_is("P2D", 172800000));
	FC_CHECK(dur_is("P1DT1S", 86401000));
	FC_CHECK(dur_is("pt10m", 600000));
	FC_CHECK(dur_is("PT0S", 0));
	FC_CHECK(dur_bad("P"));
	FC_CHECK(dur_bad("PT"));
	FC_CHECK(dur_bad("P1DT"));
	FC_CHECK(dur_is("P1Dt", 86400000)); /* Duration.parse's check is case-sensitive */
	FC_CHECK(dur_bad("Pt"));
	FC_CHECK(dur_bad("PT1M1H"));
	FC_CHECK(dur_bad("PT1D"));
	FC_CHECK(dur_bad("P1H"));
	FC_CHECK(dur_bad("PT1.5M"));
	FC_CHECK(dur_bad("PT1.0000000001S"));
	FC_CHECK(dur_bad("PT15M x"));
	FC_CHECK(dur_bad("PT-1S"));
	FC_CHECK(dur_bad("PT9223372036854775807H"));
}

const struct fc_test fc_units_tests[] = {
	{ "units__memory_units", test_units__memory_units },
	{ "units__memory_whitespace", test_units__memory_whitespace },
	{ "units__memory_rejects", test_units__memory_rejects },
	{ "units__memory_overflow", test_units__memory_overflow },
	{ "units__format_memory", test_units__format_memory },
	{ "units__format_memory_roundtrip", test_units__format_memory_roundtrip },
	{ "units__quantity_suffixes", test_units__quantity_suffixes },
	{ "units__quantity_decimals", test_units__quantity_decimals },
	{ "units__quantity_exponent", test_units__quantity_exponent },
	{ "units__quantity_rounding", test_units__quantity_rounding },
	{ "units__quantity_rejects", test_units__quantity_rejects },
	{ "units__quantity_overflow", test_units__quantity_overflow },
	{ "units__quantity_double", test_units__quantity_double },
	{ "units__quantity_double_long", test_units__quantity_double_long },
	{ "units__operator_memory_flink_first", test_units__operator_memory_flink_first },
	{ "units__operator_memory_quantity", test_units__operator_memory_quantity },
	{ "units__operator_memory_bigdecimal", test_units__operator_memory_bigdecimal },
	{ "units__operator_memory_rejects", test_units__operator_memory_rejects },
	{ "units__format_double_plain", test_units__format_double_plain },
	{ "units__format_double_sci", test_units__format_double_sci },
	{ "units__format_double_special", test_units__format_double_special },
	{ "units__format_double_roundtrip", test_units__format_double_roundtrip },
	{ "units__duration_units", test_units__duration_units },
	{ "units__duration_syntax", test_units__duration_syntax },
	{ "units__duration_iso", test_units__duration_iso },
	{ NULL, NULL },
};
