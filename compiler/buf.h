/* SPDX-License-Identifier: Apache-2.0 */
/* buf.h - growable byte buffer on the heap, for output bytes.
 *
 * The buffer is always NUL-terminated after ptr[len].  _fini frees it.
 */
#ifndef FC_BUF_H
#define FC_BUF_H

#include "base.h"
#include "fc.h" /* struct fc_buf, FC_BUF_INIT, fc_buf_fini: the library's output to the CLI */

void fc_buf_init(struct fc_buf *b);
void fc_buf_reserve(struct fc_buf *b, size_t extra);
void fc_buf_append(struct fc_buf *b, const char *s, size_t n);
void fc_buf_puts(struct fc_buf *b, const char *s);
void fc_buf_putc(struct fc_buf *b, char c);
void fc_buf_printf(struct fc_buf *b, const char *fmt, ...) FC_PRINTF(2, 3);
void fc_buf_clear(struct fc_buf *b);

#endif
