/* SPDX-License-Identifier: Apache-2.0 */
/* arena.h - bump allocator: everything one compilation creates, freed at once.
 *
 * Memory from an arena is zeroed and max-aligned, never NULL (out of memory
 * exits through alloc.c), and is never freed piecemeal.
 */
#ifndef FC_ARENA_H
#define FC_ARENA_H

#include "base.h"

struct fc_arena;

struct fc_arena *fc_arena_new(void);
/* frees every block; NULL does nothing */
void fc_arena_free(struct fc_arena *a);
/* forget every allocation, keeping one block for the next ones (a fresh
 * arena per document without fresh memory per document) */
void fc_arena_reset(struct fc_arena *a);
void *fc_arena_alloc(struct fc_arena *a, size_t n);
/* copy of s[0..n) with a NUL appended */
char *fc_arena_strndup(struct fc_arena *a, const char *s, size_t n);
char *fc_arena_strdup(struct fc_arena *a, const char *s);
/* printf into the arena */
char *fc_arena_printf(struct fc_arena *a, const char *fmt, ...) FC_PRINTF(2, 3);
/* grow an arena array of nmemb elements to ncap (old contents copied) */
void *fc_arena_grow(struct fc_arena *a, void *old, size_t nmemb, size_t ncap, size_t size);

/* bytes handed out since the arena was made or last reset */
size_t fc_arena_used(const struct fc_arena *a);

/* A point in an arena to go back to.  fc_arena_rewind(a, m) frees
 * everything allocated after fc_arena_mark returned m (pointers to it
 * become invalid) and keeps what was allocated before: a long-lived
 * result that a stage runs on again and again (the fuzz harnesses). */
struct fc_arena_mark {
	void *head, *next; /* the head block and what followed it */
	size_t used, total;
};
struct fc_arena_mark fc_arena_mark(const struct fc_arena *a);
void fc_arena_rewind(struct fc_arena *a, struct fc_arena_mark m);

#define FC_NEW(a, T) ((T *)fc_arena_alloc((a), sizeof(T)))

#endif
