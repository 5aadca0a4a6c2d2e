/* SPDX-License-Identifier: Apache-2.0 */
/* buf.c - growable byte buffer; see buf.h. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void fc_buf_init(struct fc_buf *b)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void fc_buf_fini(struct fc_buf *b)
{
	fc_xfree(b->ptr);
	fc_buf_init(b);
}

void fc_buf_reserve(struct fc_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;

	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	b->ptr = fc_xreallocarray(b->ptr, cap, 1);
	b->cap = cap;
	b->ptr[b->len] = '\0'; /* a reserved buffer is a string, "" at first */
}

void fc_buf_append_grow(struct fc_buf *b, const char *s, size_t n)
{
	fc_buf_reserve(b, n);
	if (n)
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void fc_buf_puts(struct fc_buf *b, const char *s)
{
	fc_buf_append(b, s, strlen(s));
}

void fc_buf_printf(struct fc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* once into the room there is; again only when it did not fit */
	fc_buf_reserve(b, 128);
	va_start(ap, fmt);
	n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->ptr[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		fc_buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void fc_buf_clear(struct fc_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

size_t fc_fmt_uint(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return n;
}

size_t fc_fmt_int(char *out, int64_t v)
{
	if (v >= 0)
		return fc_fmt_uint(out, (uint64_t)v);
	out[0] = '-';
	return 1 + fc_fmt_uint(out + 1, (uint64_t)0 - (uint64_t)v);
}
