/* SPDX-License-Identifier: Apache-2.0 */
/* ctx.h - the state of one compilation, shared by every stage.
 *
 * No globals: everything hangs off struct fc_ctx, so tests and the fuzzer
 * can run many compilations in one process.
 */
#ifndef FC_CTX_H
#define FC_CTX_H

#include "base.h"
#include "fc.h"

struct fc_arena;
struct fc_diag;
struct fc_defaults;
struct fc_regex_cache;
struct fc_schema_set;

/* one loaded file (source.c); diag.c shows its lines */
struct fc_source {
	const char *name;   /* as given or found below a directory; "<stdin>" for - */
	const char *text;   /* file bytes, NUL-terminated */
	size_t len;
	bool utf8_ok;       /* false: an error was reported, do not parse */
	bool ascii;         /* every byte is below 0x80: character indexes are byte offsets */
	bool input;         /* an input to compile (not the defaults document) */
	size_t maplen;      /* > 0: text is a read-only mapping of the file (source.c) */
	bool lazy;          /* a file read when needed (ctx->lazy_inputs): text is NULL
	                     * except while compiled (fc_source_read) and once diagnostics
	                     * point into it (fc_source_read_for_diags) */
	bool mentions_sessionjob; /* "FlinkSessionJob" occurs in the text */
	bool unchecked;     /* lazy: not read yet; fc_source_check reads, checks and scans it */
	char *kept;         /* lazy: the text fc_source_check read, kept (within a budget) for
	                     * the first fc_source_read to take; NULL: read it again */
	int err;            /* fc_source_check: the errno of reading it, or 0 */
	long bad;           /* fc_source_check: the offset of invalid UTF-8, or -1 */
	struct fc_source *next;
};

struct fc_ctx {
	struct fc_arena *arena;        /* the run's arena: sources, diagnostics, outputs */
	const struct fc_options *opts;
	struct fc_diag *diags;         /* unsorted, newest first */
	unsigned nerrors, nwarnings;
	bool io_error;                 /* an input could not be read */
	struct fc_source *sources, **sources_tail;
	bool lazy_inputs;              /* source.c: input files are checked at load, read again when
	                                * compiled, not kept (compile.c; see fc_source_read) */
	const struct fc_defaults *defaults; /* defaults.c: the project defaults, never NULL after loading */
	struct fc_schema_set *schemas;  /* validate.c: compiled once per run, freed by fc_validate_fini */
	struct fc_regex_cache *patterns; /* validate.c: the schema patterns met so far (regex.h) */
	/* limits, defaults applied */
	size_t max_input_bytes;
	unsigned max_depth;
	size_t max_alias_nodes;
};

struct fc_result;
/* the context of a finished compilation, for the stages that run on its
 * result (outdir.c, drift.c); defined in compile.c */
struct fc_ctx *fc_compile__ctx(struct fc_result *r);

#endif
