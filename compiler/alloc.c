/* SPDX-License-Identifier: Apache-2.0 */
/* alloc.c - checked malloc wrappers; see alloc.h. */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fc_oom(void)
{
	fputs("flinkc: out of memory\n", stderr);
	exit(3);
}

#ifdef FC_TEST_FAULTS
static long fail_at = -2, ncalls;

static void print_count(void)
{
	fprintf(stderr, "flinkc: %ld allocations\n", ncalls);
}

static int should_fail(void)
{
	if (fail_at == -2) {
		const char *s = getenv("FC_FAIL_ALLOC_AT");
		fail_at = s ? atol(s) : -1;
		if (fail_at == 0)
			atexit(print_count);
	}
	return fail_at >= 0 && ++ncalls == fail_at;
}
#else
#define should_fail() 0
#endif

void *fc_xmalloc(size_t n)
{
	void *p = should_fail() ? NULL : malloc(n ? n : 1);
	if (!p)
		fc_oom();
	return p;
}

void *fc_xcalloc(size_t nmemb, size_t size)
{
	void *p = should_fail() ? NULL : calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		fc_oom();
	return p;
}

void *fc_xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		fc_oom();
	p = should_fail() ? NULL : realloc(p, (nmemb && size) ? nmemb * size : 1);
	if (!p)
		fc_oom();
	return p;
}

char *fc_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(fc_xmalloc(n), s, n);
}

void fc_xfree(void *p)
{
	free(p);
}
