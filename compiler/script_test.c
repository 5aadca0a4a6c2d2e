/* SPDX-License-Identifier: Apache-2.0 */
/* script_test.c - unit tests for script.c: shell and JSON quoting. */
#include "script.h"

#include "buf.h"
#include "test.h"

static const char *sh(struct fc_buf *b, const char *s, size_t n)
{
	fc_buf_clear(b);
	fc_script_shell(b, s, n);
	return b->ptr;
}

static const char *js(struct fc_buf *b, const char *s, size_t n)
{
	fc_buf_clear(b);
	fc_script_json(b, s, n);
	return b->ptr;
}

#define SH(s) sh(&b, s, sizeof(s) - 1)
#define JS(s) js(&b, s, sizeof(s) - 1)

static void test_script__shell(int *failures)
{
	struct fc_buf b = FC_BUF_INIT;

	FC_CHECK_STR(SH(""), "''");
	FC_CHECK_STR(SH("plain"), "'plain'");
	FC_CHECK_STR(SH("it's"), "'it'\\''s'");
	FC_CHECK_STR(SH("''"), "''\\'''\\'''");
	/* nothing else is special inside single quotes */
	FC_CHECK_STR(SH("$HOME `id` \\n \"x\" !1 *"), "'$HOME `id` \\n \"x\" !1 *'");
	FC_CHECK_STR(SH("a\nb"), "'a\nb'");
	fc_buf_fini(&b);
}

static void test_script__json(int *failures)
{
	struct fc_buf b = FC_BUF_INIT;

	FC_CHECK_STR(JS(""), "\"\"");
	FC_CHECK_STR(JS("say \"hi\""), "\"say \\\"hi\\\"\"");
	FC_CHECK_STR(JS("C:\\dir\\"), "\"C:\\\\dir\\\\\"");
	FC_CHECK_STR(JS("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
	FC_CHECK_STR(JS("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
	FC_CHECK_STR(JS("$x 'y' /z"), "\"$x 'y' /z\"");
	/* UTF-8 kept raw, except what YAML or JavaScript mishandle */
	FC_CHECK_STR(JS("caf\xc3\xa9 \xe2\x82\xac"), "\"caf\xc3\xa9 \xe2\x82\xac\"");
	FC_CHECK_STR(JS("\xc2\x85\xe2\x80\xa8\xef\xbb\xbf"), "\"\\u0085\\u2028\\ufeff\"");
	FC_CHECK_STR(JS("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
	/* invalid UTF-8: overlong, surrogate, truncated */
	FC_CHECK_STR(JS("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	FC_CHECK_STR(JS("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	FC_CHECK_STR(JS("a\xe2\x82"), "\"a\\ufffd\\ufffd\"");
	/* embedded NUL */
	FC_CHECK_STR(js(&b, "a\0b", 3), "\"a\\u0000b\"");
	fc_buf_fini(&b);
}

const struct fc_test fc_script_tests[] = {
	{ "script__shell", test_script__shell },
	{ "script__json", test_script__json },
	{ NULL, NULL },
};
