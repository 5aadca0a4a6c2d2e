/* SPDX-License-Identifier: Apache-2.0 */
/* arena.c - bump allocator in growing blocks; see arena.h.
 *
 * With ARENA_DEBUG every allocation is its own malloc so that ASan sees
 * overflows (libgit2's GIT_DEBUG_POOL).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"

#define ALIGN 16
#define BLOCK (64 * 1024)
#define FIRST_BLOCK (4 * 1024)

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(ALIGN) unsigned char data[];
};

struct fc_arena {
	struct block *head;
	size_t total;        /* bytes handed out (fc_arena_used, marks) */
	struct block *spare; /* ordinary blocks kept by fc_arena_reset, largest first */
};

struct fc_arena *fc_arena_new(void)
{
	return fc_xcalloc(1, sizeof(struct fc_arena));
}

void fc_arena_free(struct fc_arena *a)
{
	struct block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		fc_xfree(b);
	}
	for (b = a->spare; b; b = next) {
		next = b->next;
		fc_xfree(b);
	}
	fc_xfree(a);
}

static struct block *newblock(size_t cap)
{
	struct block *b = fc_xmalloc(sizeof(*b) + cap);
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

void fc_arena_reset(struct fc_arena *a)
{
	struct block *b, *next, *keep = NULL, **tail = &a->spare;

	while (*tail)
		tail = &(*tail)->next;
	for (b = a->head; b; b = next) {
		next = b->next;
#ifndef ARENA_DEBUG
		if (b->cap <= BLOCK) {
			/* ordinary blocks are reused: no fresh pages (and on this
			 * kind of machine, no page faults) per document; the head
			 * stays, the others wait in spare, the larger first */
			b->used = 0;
			if (!keep) {
				keep = b;
			} else {
				b->next = NULL;
				*tail = b;
				tail = &b->next;
			}
			continue;
		}
#endif
		fc_xfree(b);
	}
	if (keep)
		keep->next = NULL;
	a->head = keep;
	a->total = 0;
}

/* n bytes, not cleared */
static void *alloc_raw(struct fc_arena *a, size_t n)
{
	struct block *b = a->head;
	void *p;

	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	a->total += n;
#ifdef ARENA_DEBUG
	b = newblock(n);
	b->next = a->head;
	a->head = b;
#else
	if (!b || b->cap - b->used < n) {
		if (n > BLOCK / 4) {
			/* big allocations get their own block behind the head */
			struct block *big = newblock(n);
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = n;
			return big->data;
		}
		/* the first blocks small (most arenas hold a few KB: a worker's
		 * unit, a plan's), doubling up to BLOCK */
		if (a->spare && a->spare->cap >= n) {
			b = a->spare;
			a->spare = b->next;
		} else {
			size_t cap = b && b->cap < BLOCK ? 2 * b->cap : b ? BLOCK : FIRST_BLOCK;
			b = newblock(cap < n ? n : cap);
		}
		b->next = a->head;
		a->head = b;
	}
#endif
	p = b->data + b->used;
	b->used += n;
	return p;
}

void *fc_arena_alloc(struct fc_arena *a, size_t n)
{
	void *p = alloc_raw(a, n);

	memset(p, 0, n);
	return p;
}

char *fc_arena_strndup(struct fc_arena *a, const char *s, size_t n)
{
	char *p = alloc_raw(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *fc_arena_strdup(struct fc_arena *a, const char *s)
{
	return fc_arena_strndup(a, s, strlen(s));
}

char *fc_arena_printf(struct fc_arena *a, const char *fmt, ...)
{
	va_list ap;
	char buf[256], *p;
	int n;

	va_start(ap, fmt);
	n = fc_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(buf))
		return fc_arena_strndup(a, buf, (size_t)n);
	p = alloc_raw(a, (size_t)n + 1);
	va_start(ap, fmt);
	fc_vformat(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *fc_arena_grow(struct fc_arena *a, void *old, size_t nmemb, size_t ncap, size_t size)
{
	void *p;

	assert(ncap >= nmemb);
	if (size && ncap > SIZE_MAX / size)
		fc_oom();
	p = alloc_raw(a, ncap * size);
	if (nmemb)
		memcpy(p, old, nmemb * size);
	memset((char *)p + nmemb * size, 0, (ncap - nmemb) * size);
	return p;
}

size_t fc_arena_used(const struct fc_arena *a)
{
	return a->total;
}

struct fc_arena_mark fc_arena_mark(const struct fc_arena *a)
{
	struct fc_arena_mark m;

	m.head = a->head;
	m.next = a->head ? a->head->next : NULL;
	m.used = a->head ? a->head->used : 0;
	m.total = a->total;
	return m;
}

void fc_arena_rewind(struct fc_arena *a, struct fc_arena_mark m)
{
	struct block *mark = m.head, *b, *next;

	/* blocks made since: in front of the marked head, and the big ones
	 * put right behind it while it was still the head */
	for (b = a->head; b != mark; b = next) {
		next = b->next;
		fc_xfree(b);
	}
	if (mark) {
		for (b = mark->next; b != m.next; b = next) {
			next = b->next;
			fc_xfree(b);
		}
		mark->next = m.next;
		mark->used = m.used;
	}
	a->head = mark;
	a->total = m.total;
}
