/* SPDX-License-Identifier: Apache-2.0 */
/* arena_test.c - unit tests for arena.c's mark and rewind: what was
 * allocated before the mark stays, what came after (small allocations,
 * new blocks, big blocks behind the head) is given back. */
#include "arena.h"

#include <string.h>

#include "test.h"

static void test_arena__rewind(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	char *kept = fc_arena_strdup(a, "kept");
	size_t used = fc_arena_used(a);
	struct fc_arena_mark m = fc_arena_mark(a);
	int round;

	for (round = 0; round < 3; round++) {
		size_t i;
		char *big = fc_arena_alloc(a, 100000); /* a block of its own, behind the head */
		big[99999] = 'x';
		for (i = 0; i < 5000; i++) /* new head blocks, and more big ones behind them */
			fc_arena_alloc(a, i % 1000 == 0 ? 70000 : 40);
		FC_CHECK(fc_arena_used(a) > used);
		fc_arena_rewind(a, m);
		FC_CHECK(fc_arena_used(a) == used);
		FC_CHECK_STR(kept, "kept");
	}
	/* the marked block is used again from where the mark was */
	FC_CHECK(fc_arena_strdup(a, "next") == kept + 16);
	fc_arena_free(a);
}

static void test_arena__rewind_empty(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_arena_mark m = fc_arena_mark(a);

	fc_arena_alloc(a, 100000);
	fc_arena_alloc(a, 10);
	fc_arena_rewind(a, m);
	FC_CHECK(fc_arena_used(a) == 0);
	FC_CHECK_STR(fc_arena_strdup(a, "again"), "again");
	fc_arena_free(a);
}

const struct fc_test fc_arena_tests[] = {
	{ "test_arena__rewind", test_arena__rewind },
	{ "test_arena__rewind_empty", test_arena__rewind_empty },
	{ NULL, NULL },
};
