/* SPDX-License-Identifier: Apache-2.0 */
/* textdiff.h - line diff of two texts, printed as a unified diff.
 *
 * Used by outdir.c (`flinkc check`) to show how a golden file differs from
 * what would be rendered.  Myers' O(ND) algorithm in linear space (middle
 * snake, divide and conquer), so memory stays O(N+M) however different the
 * texts are.  The output follows GNU `diff -u` byte for byte: hunk ranges
 * ("-3,7 +3,8", "-0,0", "-5"), deletions before insertions inside a change,
 * and "\ No newline at end of file" after a last line without one.
 */
#ifndef FC_TEXTDIFF_H
#define FC_TEXTDIFF_H

#include "base.h"

struct fc_buf;

/* Append to out a unified diff from text a to text b with `context` lines
 * of context, headed "--- label_a" and "+++ label_b".  Appends nothing and
 * returns false when the texts are equal; true when they differ.  Texts
 * need not end in a newline and may be empty; they are not NUL-terminated. */
bool fc_textdiff_unified(struct fc_buf *out, const char *a, size_t alen, const char *b, size_t blen,
                         const char *label_a, const char *label_b, unsigned context);

#endif
