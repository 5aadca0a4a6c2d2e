/* SPDX-License-Identifier: Apache-2.0 */
/* script.c - quoting for generated shell scripts and JSON text, and the
 * embedded script templates; see script.h. */
#include "script.h"

#include <string.h>

#include "buf.h"
#include "embed.h"

void fc_script_shell(struct fc_buf *out, const char *s, size_t len)
{
	size_t i;

	fc_buf_putc(out, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '\'')
			fc_buf_puts(out, "'\\''");
		else
			fc_buf_putc(out, s[i]);
	}
	fc_buf_putc(out, '\'');
}

/* length of the UTF-8 sequence at p (1..4) and its code point; 0 if invalid */
static size_t utf8(uint32_t *cp, const unsigned char *p, const unsigned char *e)
{
	size_t n, i;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, c = p[0] & 0x1Fu;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, c = p[0] & 0x0Fu;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, c = p[0] & 0x07u;
	else
		return 0;
	if ((size_t)(e - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

void fc_script_json(struct fc_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	fc_buf_putc(out, '"');
	while (p < e) {
		uint32_t c;
		size_t n = utf8(&c, p, e);

		if (n == 0) {
			fc_buf_puts(out, "\\ufffd");
			p++;
			continue;
		}
		switch (c) {
		case '"': fc_buf_puts(out, "\\\""); break;
		case '\\': fc_buf_puts(out, "\\\\"); break;
		case '\n': fc_buf_puts(out, "\\n"); break;
		case '\r': fc_buf_puts(out, "\\r"); break;
		case '\t': fc_buf_puts(out, "\\t"); break;
		case '\b': fc_buf_puts(out, "\\b"); break;
		case '\f': fc_buf_puts(out, "\\f"); break;
		default:
			if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF)
				fc_buf_printf(out, "\\u%04x", (unsigned)c);
			else
				fc_buf_append(out, (const char *)p, n);
		}
		p += n;
	}
	fc_buf_putc(out, '"');
}

void fc_script_template(struct fc_buf *b, const char *file)
{
	const struct fc_embedded *f = fc_embed_find(fc_templates_files, file);
	const char *p, *end, *nl;

	if (!FC_ALWAYS(f))
		return;
	for (p = f->data, end = p + f->len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (!(nl - p >= 2 && p[0] == '#' && p[1] == '#'))
			fc_buf_append(b, p, (size_t)(nl - p + (nl < end)));
	}
}
