/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_defaults - fuzz harness: any bytes as the defaults document
 * (`--defaults FILE`, flinkc-defaults.yaml) of a fixed valid input, then
 * the render and its diagnostics; see fuzz.h.
 *
 * fc_compile reads the defaults first (fc_defaults_load) and then compiles
 * the inputs with what it read.  A document from which nothing was read
 * (not YAML, not a mapping, only errors) compiles the inputs exactly as no
 * defaults do, which only costs time: so the document is first read on
 * its own, as fc_compile reads it, and the whole render runs only when
 * that read something. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
/* internal headers, for reading the defaults on their own */
#include "arena.h"
#include "ctx.h"
#include "defaults.h"
#include "diag.h"
#include "source.h"

/* the defaults read from file (a copy, file NULL); diagnostics rendered and dropped */
static struct fc_defaults read_defaults(const char *file)
{
	struct fc_options opts;
	struct fc_ctx ctx;
	struct fc_defaults d;

	memset(&opts, 0, sizeof(opts));
	memset(&ctx, 0, sizeof(ctx));
	opts.defaults_file = file;
	ctx.arena = fc_arena_new();
	ctx.opts = &opts;
	ctx.sources_tail = &ctx.sources;
	ctx.max_input_bytes = (size_t)64 << 20; /* fc_compile's limits */
	ctx.max_depth = 64;
	ctx.max_alias_nodes = 1000000;
	fc_defaults_load(&ctx);
	{
		struct fc_buf text = FC_BUF_INIT;
		fc_diag_render(&text, &ctx, FC_DIAG_TEXT, 50);
		fc_buf_fini(&text);
	}
	memset(&d, 0, sizeof(d)); /* padding too: compared with memcmp */
	if (ctx.defaults)
		memcpy(&d, ctx.defaults, sizeof(d));
	d.file = NULL;
	fc_source_unmap_all(&ctx);
	fc_arena_free(ctx.arena);
	return d;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct fc_defaults none;
	static int have_none;
	const char *file;
	struct fc_options opts;
	struct fc_result *res;
	struct fc_defaults d;

	if (!have_none && (file = fuzz_file(".yaml", (const unsigned char *)"", 0))) {
		none = read_defaults(file); /* an empty document: the built-in defaults */
		have_none = 1;
	}
	file = fuzz_file(".yaml", data, size);
	if (file) {
		d = read_defaults(file);
		if (!have_none || memcmp(&d, &none, sizeof(d)) != 0) {
			fuzz_compile_jobs(&res, &opts, file);
			fuzz_diags(res, FC_DIAG_TEXT);
			fc_result_free(res);
		}
	}
	return 0;
}
