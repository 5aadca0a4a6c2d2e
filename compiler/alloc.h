/* SPDX-License-Identifier: Apache-2.0 */
/* alloc.h - the one seam through which heap memory is obtained.
 *
 * On exhaustion these print "flinkc: out of memory" and exit 3, so callers
 * never check for NULL.  Library code that meets an exhausted allocator
 * elsewhere (libyaml, xxHash) calls fc_oom(), the one place that exits.
 *
 * Test builds (FC_TEST_FAULTS; `make flinkc-faults`): FC_FAIL_ALLOC_AT=n
 * fails the n-th call of fc_xmalloc, fc_xcalloc or fc_xreallocarray (PCRE2
 * allocates through them too); FC_FAIL_ALLOC_AT=0 fails none and prints
 * "flinkc: N allocations" to stderr at exit (scripts/test-alloc.sh).
 */
#ifndef FC_ALLOC_H
#define FC_ALLOC_H

#include "base.h"

FC_NORETURN void fc_oom(void);
void *fc_xmalloc(size_t n);
void *fc_xcalloc(size_t nmemb, size_t size);
/* like realloc, but checks nmemb*size for overflow */
void *fc_xreallocarray(void *p, size_t nmemb, size_t size);
char *fc_xstrdup(const char *s);
void fc_xfree(void *p);

#endif
