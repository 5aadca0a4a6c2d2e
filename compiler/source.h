/* SPDX-License-Identifier: Apache-2.0 */
/* source.h - loading input files: paths, directories, stdin.
 *
 * First stage of the pipeline.  Expands directories to every .yaml/.yml file
 * below them in byte order of path, reads each file whole into the run
 * arena and checks it is UTF-8, reporting the exact position if not.
 */
#ifndef FC_SOURCE_H
#define FC_SOURCE_H

#include <stdatomic.h>

#include "base.h"
#include "ctx.h" /* struct fc_source */

/* the project defaults document (defaults.c): never an input, also in a
 * directory of inputs */
#define FC_DEFAULTS_FILE "flinkc-defaults.yaml"

/* Resolve every input into ctx->sources (in order).  Reports I/O errors as
 * diagnostics with code E0001 and sets ctx->io_error.  Returns 0 or FC_ERR. */
int fc_source_load_all(struct fc_ctx *ctx, const char *const *inputs, size_t n);

/* Read one file that is not an input (the defaults document) so that its
 * diagnostics can show source lines.  0 or FC_ERR (reported). */
int fc_source_load_one(struct fc_ctx *ctx, const char *path, const struct fc_source **out);

/* The text of s: s->text, or for a lazy source the text fc_source_check
 * kept (once) or else the file read again, in a new NUL-terminated buffer
 * that *owned is set to (free it with fc_xfree; NULL when s->text is
 * returned).  NULL after reporting E0001 to ctx if the file cannot be
 * read.  Safe on worker threads (each with its own ctx and sources). */
const char *fc_source_read(struct fc_ctx *ctx, struct fc_source *s, char **owned);
/* A lazy source just loaded: read it, check it is UTF-8, scan it (thread
 * safe: it writes only s, reports nothing), limit the largest size allowed;
 * then, on the loading thread and in order, fc_source_checked reports what
 * was found (E0001, E0002, E0003) and drops a source that cannot be
 * compiled from the inputs.  A text that fits what is left of *keep
 * (bytes, shared by the threads; NULL: none) stays in s->kept, so that the
 * compile need not read the file again. */
void fc_source_check(struct fc_source *s, size_t limit, atomic_size_t *keep);
/* free the texts kept and not taken (a compilation that stopped early) */
void fc_source_drop_kept(struct fc_ctx *ctx);
void fc_source_checked(struct fc_ctx *ctx, struct fc_source *s);

/* read again, into ctx's arena, the lazy sources that ctx's diagnostics
 * point into, so they can show their source lines */
void fc_source_read_for_diags(struct fc_ctx *ctx);

/* give back the memory of a mapped source's pages (they are read again
 * from the file if touched, e.g. for a diagnostic's source line) */
void fc_source_release(const struct fc_source *s);
/* unmap every mapped source (at the end of the run) */
void fc_source_unmap_all(struct fc_ctx *ctx);

#endif
