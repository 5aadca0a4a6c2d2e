/* SPDX-License-Identifier: Apache-2.0 */
/* alloc.h - the one seam through which heap memory is obtained.
 *
 * On exhaustion these print "flinkc: out of memory" and exit 3, so callers
 * never check for NULL.  FC_FAIL_ALLOC_AT=n (test builds) fails the n-th call.
 */
#ifndef FC_ALLOC_H
#define FC_ALLOC_H

#include "base.h"

void *fc_xmalloc(size_t n);
void *fc_xcalloc(size_t nmemb, size_t size);
/* like realloc, but checks nmemb*size for overflow */
void *fc_xreallocarray(void *p, size_t nmemb, size_t size);
char *fc_xstrdup(const char *s);
void fc_xfree(void *p);

#endif
