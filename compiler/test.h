/* SPDX-License-Identifier: Apache-2.0 */
/* test.h - the tiny unit-test harness used by compiler/<mod>_test.c.
 *
 * Each test file exports `const struct fc_test fc_<mod>_tests[]`, ended by
 * a { NULL, NULL } row; cmd/unit/main.c runs every table.  Never linked
 * into flinkc.
 */
#ifndef FC_TEST_H
#define FC_TEST_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct fc_test {
	const char *name;
	void (*fn)(int *failures);
};

#define FC_CHECK(cond)                                                                   \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			(*failures)++;                                                   \
		}                                                                        \
	} while (0)

#define FC_CHECK_STR(got, want)                                                          \
	do {                                                                             \
		const char *g_ = (got), *w_ = (want);                                    \
		if (!g_ || strcmp(g_, w_) != 0) {                                        \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
			        g_ ? g_ : "(null)", w_);                                 \
			(*failures)++;                                                   \
		}                                                                        \
	} while (0)

/* A test that reads PATH from outside the repository (../shared) stops
 * here where PATH is absent and counts as skipped, unless a check already
 * failed.  A bare clone has no ../shared; CI has it. */
#define FC_SKIPPED (-1)
#define FC_NEEDS(path)                                                                   \
	do {                                                                             \
		if (access((path), R_OK) != 0) {                                         \
			if (*failures == 0)                                              \
				*failures = FC_SKIPPED;                                  \
			return;                                                          \
		}                                                                        \
	} while (0)

#endif
