/* SPDX-License-Identifier: Apache-2.0 */
/* diag.h - diagnostics: collected with a location during the run, printed once.
 *
 * Stages never print.  They call fc_diag_error/_warning with the node's
 * location, a stable code (documented in README.md) and a message that
 * starts lowercase, names the field path and says what was expected.
 */
#ifndef FC_DIAG_H
#define FC_DIAG_H

#include <stdio.h>

#include "base.h"
#include "fc.h"
#include "node.h"

struct fc_ctx;

enum fc_sev { FC_SEV_ERROR, FC_SEV_WARNING, FC_SEV_NOTE };

struct fc_diag {
	enum fc_sev sev;
	struct fc_loc loc;
	const char *code;  /* stable id, e.g. "E0203" */
	const char *path;  /* field path ("spec.job.parallelism") or NULL */
	const char *msg;   /* arena-owned, formatted */
	struct fc_diag *next;
};

/* Copy every diagnostic of src (a worker's context, compile.c) in front of
 * dst's, in the same order, with the counts: as if they had been reported
 * to dst.  Each *remap[i] pointing at one of src's diagnostics is changed to
 * point at its copy, and NULL (the end of src's list) to what follows the
 * copies. */
void fc_diag_take(struct fc_ctx *dst, const struct fc_ctx *src, struct fc_diag **remap[], size_t nremap);

void fc_diag_error(struct fc_ctx *ctx, struct fc_loc loc, const char *code, const char *fmt, ...)
	FC_PRINTF(4, 5);
void fc_diag_warning(struct fc_ctx *ctx, struct fc_loc loc, const char *code, const char *fmt, ...)
	FC_PRINTF(4, 5);
/* as fc_diag_error, recording the field path separately for machine formats */
void fc_diag_at(struct fc_ctx *ctx, enum fc_sev sev, struct fc_loc loc, const char *code,
                const char *path, const char *fmt, ...) FC_PRINTF(6, 7);

/* append the sorted diagnostics to out in the given format, errors capped at max */
void fc_diag_render(struct fc_buf *out, struct fc_ctx *ctx, enum fc_diag_format fmt, unsigned max);

#endif
