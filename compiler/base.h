/* SPDX-License-Identifier: Apache-2.0 */
/* base.h - macros every module may use.
 *
 * The only header besides alloc.c where #if belongs (STYLE §10).
 */
#ifndef FC_BASE_H
#define FC_BASE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#if defined(__GNUC__) || defined(__clang__)
#define FC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define FC_NORETURN __attribute__((noreturn))
#else
#define FC_PRINTF(f, a)
#define FC_NORETURN
#endif

#define countof(a) (sizeof(a) / sizeof((a)[0]))

/* an impossible branch: asserts in debug builds, tells the optimizer otherwise */
#ifdef NDEBUG
#define FC_UNREACHABLE() __builtin_unreachable()
#else
#define FC_UNREACHABLE() assert(!"unreachable")
#endif

/* SQLite-style defensive checks: evaluate to x, assert in debug builds */
#ifdef NDEBUG
#define FC_ALWAYS(x) (x)
#define FC_NEVER(x) (x)
#else
#define FC_ALWAYS(x) ((x) ? 1 : (assert(0), 0))
#define FC_NEVER(x) ((x) ? (assert(0), 1) : 0)
#endif

/* generic failure return code; stages return 0 or a negative FC_ERR */
#define FC_ERR (-1)

#endif
