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
	n = fc_vformat(b->ptr + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->ptr[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		fc_buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		fc_vformat(b->ptr + b->len, (size_t)n + 1, fmt, ap);
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

/* every conversion of fmt is one fc_vformat writes itself */
static bool simple_format(const char *f)
{
	while ((f = strchr(f, '%')) != NULL) {
		bool width = false;
		f++;
		if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
			f += 3;
			continue;
		}
		if (f[0] == '0') { /* zero-padded, for x only */
			for (f++; *f >= '0' && *f <= '9'; f++)
				width = true;
			if (!width)
				return false;
		}
		if (f[0] == 'z')
			f++;
		else if (f[0] == 'l')
			f += f[1] == 'l' ? 2 : 1;
		switch (*f) {
		case 'x':
			f++;
			continue;
		case 'd': case 'i': case 'u':
			if (width)
				return false;
			f++;
			continue;
		case 's': case 'c': case '%':
			if (f[-1] != '%') /* no size before these */
				return false;
			f++;
			continue;
		}
		return false;
	}
	return true;
}

int fc_format(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fc_vformat(out, cap, fmt, ap);
	va_end(ap);
	return n;
}

int fc_vformat(char *out, size_t cap, const char *fmt, va_list ap)
{
	size_t n = 0;
	const char *f = fmt;

	if (!simple_format(fmt))
		return vsnprintf(out, cap, fmt, ap);
/* append len bytes of s, as many as fit before the final NUL */
#define PUT(s, len)                                                              \
	do {                                                                     \
		size_t len_ = (len);                                             \
		if (n + 1 < cap)                                                 \
			memcpy(out + n, (s), len_ < cap - 1 - n ? len_ : cap - 1 - n); \
		n += len_;                                                       \
	} while (0)
	while (*f) {
		const char *pct = strchr(f, '%');
		char num[24];
		int size = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
		unsigned width = 0;

		if (!pct) {
			PUT(f, strlen(f));
			break;
		}
		PUT(f, (size_t)(pct - f));
		f = pct + 1;
		if (f[0] == '.') { /* %.*s */
			int prec = va_arg(ap, int);
			const char *s = va_arg(ap, const char *);
			size_t len;
			if (!s) /* glibc: "(null)" when it fits the precision */
				s = prec < 0 || prec >= 6 ? "(null)" : "";
			len = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			PUT(s, len);
			f += 3;
			continue;
		}
		if (*f == '0')
			for (f++; *f >= '0' && *f <= '9'; f++)
				width = width * 10 + (unsigned)(*f - '0');
		if (*f == 'z') {
			size = 3;
			f++;
		} else if (*f == 'l') {
			size = f[1] == 'l' ? 2 : 1;
			f += size;
		}
		switch (*f++) {
		case '%': PUT("%", 1); break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			PUT(&c, 1);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			PUT(s, strlen(s));
			break;
		}
		case 'x': {
			static const char hex[] = "0123456789abcdef";
			uint64_t v = size == 0 ? va_arg(ap, unsigned)
			           : size == 1 ? va_arg(ap, unsigned long)
			           : size == 2 ? va_arg(ap, unsigned long long)
			                       : va_arg(ap, size_t);
			char *e = num + sizeof(num), *q = e;
			do
				*--q = hex[v & 15];
			while ((v >>= 4) != 0);
			for (; width > (unsigned)(e - q); width--)
				PUT("0", 1);
			PUT(q, (size_t)(e - q));
			break;
		}
		case 'u': {
			uint64_t v = size == 0 ? va_arg(ap, unsigned)
			           : size == 1 ? va_arg(ap, unsigned long)
			           : size == 2 ? va_arg(ap, unsigned long long)
			                       : va_arg(ap, size_t);
			PUT(num, fc_fmt_uint(num, v));
			break;
		}
		default: { /* d, i */
			int64_t v = size == 0 ? va_arg(ap, int)
			          : size == 1 ? va_arg(ap, long)
			          : size == 2 ? va_arg(ap, long long)
			                      : (int64_t)va_arg(ap, ptrdiff_t);
			PUT(num, fc_fmt_int(num, v));
			break;
		}
		}
	}
#undef PUT
	if (cap)
		out[n < cap ? n : cap - 1] = '\0';
	return n > (size_t)INT32_MAX ? -1 : (int)n;
}
