/* SPDX-License-Identifier: Apache-2.0 */
/* spill.h - where rendered object texts wait until they are written.
 *
 * The first texts of a run stay in memory; past a budget (1 MiB, or
 * FLINKC_SPILL_BYTES) the rest go to an unlinked temporary file in $TMPDIR
 * (else /tmp), so a render's peak memory does not grow with its output.
 * Texts are written out in another order than they were stored (sorted by
 * kind, namespace, name): emit.c stores them in sorted batches and reads
 * each batch forward through a window.  Without a usable
 * temporary directory everything stays in memory.
 */
#ifndef FC_SPILL_H
#define FC_SPILL_H

#include "base.h"
#include "buf.h"

struct fc_arena;
struct fc_buf;
struct fc_spill;

struct fc_spill *fc_spill_new(void);
void fc_spill_free(struct fc_spill *s);

/* Keep text[0..len): a copy in arena a while the budget lasts (or without
 * a file), else NULL: then the text is for fc_spill_append, which writes it
 * to the file and returns its offset.  A failed write of the file is
 * remembered: see fc_spill_failed. */
const char *fc_spill_keep(struct fc_spill *s, struct fc_arena *a, const char *text, size_t len);
uint64_t fc_spill_append(struct fc_spill *s, const char *text, size_t len);

/* A reader of texts stored in increasing offsets (a sorted run, emit.c):
 * each read fills 64 KiB or more, so texts read in their stored order cost
 * one system call per window, not one each. */
struct fc_spill_window {
	uint64_t off;        /* of buf's first byte in the file */
	struct fc_buf buf;   /* zeroed: empty */
};
/* the spilled text at off, len bytes, from w or read into it */
const char *fc_spill_read_window(struct fc_spill *s, struct fc_spill_window *w, uint64_t off, size_t len);

/* After the last put: the file's texts readable in place, mapped (nothing
 * is read until a page is touched), or NULL when nothing was spilled or
 * the file cannot be mapped (errno kept in fc_spill_failed). */
const char *fc_spill_map(struct fc_spill *s);

/* 0, or the errno of the first failed write, read or map */
int fc_spill_failed(const struct fc_spill *s);

#endif
