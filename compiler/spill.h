/* SPDX-License-Identifier: Apache-2.0 */
/* spill.h - where rendered object texts wait until they are written.
 *
 * The first texts of a run stay in memory; past a budget (1 MiB, or
 * FLINKC_SPILL_BYTES) the rest go to an unlinked temporary file in $TMPDIR
 * (else /tmp), so a render's peak memory does not grow with its output.
 * Texts are written out in another order than they were stored (sorted by
 * kind, namespace, name), so each is read back by offset.  Without a usable
 * temporary directory everything stays in memory.
 */
#ifndef FC_SPILL_H
#define FC_SPILL_H

#include "base.h"

struct fc_arena;
struct fc_buf;
struct fc_spill;

struct fc_spill *fc_spill_new(void);
void fc_spill_free(struct fc_spill *s);

/* Keep text[0..len): in arena a (returns the copy) or in the file (returns
 * NULL and sets *off).  A failed write of the file is remembered: see
 * fc_spill_failed. */
const char *fc_spill_put(struct fc_spill *s, struct fc_arena *a, const char *text, size_t len, uint64_t *off);

/* After the last put: the file's texts readable in place, mapped (nothing
 * is read until a page is touched), or NULL when nothing was spilled or
 * the file cannot be mapped (errno kept in fc_spill_failed). */
const char *fc_spill_map(struct fc_spill *s);

/* The spilled text at off, len bytes, read into scratch without touching
 * the mapping: writing a large output keeps memory flat. */
const char *fc_spill_read(struct fc_spill *s, uint64_t off, size_t len, struct fc_buf *scratch);

/* 0, or the errno of the first failed write, read or map */
int fc_spill_failed(const struct fc_spill *s);

#endif
