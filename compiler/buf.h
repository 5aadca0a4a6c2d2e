/* SPDX-License-Identifier: Apache-2.0 */
/* buf.h - growable byte buffer on the heap, for output bytes.
 *
 * The buffer is always NUL-terminated after ptr[len].  _fini frees it.
 */
#ifndef FC_BUF_H
#define FC_BUF_H

#include <stdarg.h>
#include <string.h>

#include "base.h"
#include "fc.h" /* struct fc_buf, FC_BUF_INIT, fc_buf_fini: the library's output to the CLI */

void fc_buf_init(struct fc_buf *b);
void fc_buf_reserve(struct fc_buf *b, size_t extra);
void fc_buf_puts(struct fc_buf *b, const char *s);
/* the writers' innermost calls: inline while the bytes fit */
void fc_buf_append_grow(struct fc_buf *b, const char *s, size_t n);
static inline void fc_buf_append(struct fc_buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
	} else {
		fc_buf_append_grow(b, s, n);
	}
}

static inline void fc_buf_putc(struct fc_buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
	} else {
		fc_buf_append_grow(b, &c, 1);
	}
}
void fc_buf_printf(struct fc_buf *b, const char *fmt, ...) FC_PRINTF(2, 3);
void fc_buf_clear(struct fc_buf *b);

/* v in decimal at out (at least 21 bytes), NUL-terminated, without printf;
 * returns the number of characters */
size_t fc_fmt_uint(char *out, uint64_t v);
size_t fc_fmt_int(char *out, int64_t v);

/* vsnprintf(out, cap, fmt, ap), the same bytes and return value, without
 * stdio for the formats the pipeline uses on every job: %s %.*s %c %%,
 * %d %i %u %x with the l, ll and z sizes, and %x zero-padded (%016llx);
 * any other (%5d, %-3s, %.3s, %f, %X) goes to vsnprintf whole */
int fc_vformat(char *out, size_t cap, const char *fmt, va_list ap);
/* snprintf by fc_vformat */
int fc_format(char *out, size_t cap, const char *fmt, ...) FC_PRINTF(3, 4);

#endif
