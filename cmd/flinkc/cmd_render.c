/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_render.c - `flinkc render` and `flinkc validate`: compile the inputs and
 * write the stream, the digest or a directory (-o), or only the diagnostics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_render[] =
	"usage: flinkc render [options] INPUT...\n"
	"\n"
	"Writes every rendered object to stdout, ordered by kind (install order),\n"
	"namespace and name.  On any error nothing is written and the exit status is 1.\n"
	"\n"
	"options:\n"
	"  --format yaml|json       output format (default yaml; json writes a List)\n"
	"  -o, --output DIR         write one file per object under DIR instead, atomically:\n"
	"                           DIR/<namespace>/<kind>[.<group>]_<name>.yaml\n"
	"  --prune                  with -o: remove files flinkc wrote earlier that are\n"
	"                           no longer rendered (listed in DIR/.flinkc-index)\n"
	"  --digest                 print only the digest of the rendered set (16 hex)\n"
	"  --post-render            Helm post-renderer: read a manifest stream on stdin, print\n"
	"                           its other documents unchanged and the compiled objects of\n"
	"                           its Flink resources\n"
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
	"  -j, --jobs N             worker threads: 1 compiles on one; 0 (default) one per processor\n"
	"                           when the inputs are 32 KB or more (FLINKC_JOBS sets the default)\n"
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --namespace NS           namespace for objects that name none (wins over the defaults')\n"
	"  --allow-empty            succeed even when no object is rendered\n"
	"  --crd FILE               validate against the CustomResourceDefinition(s) in FILE\n"
	"                           instead of the built-in schema (repeatable)\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  --verbose                also print notes: objects of the inputs used in place of flinkc's\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 ok, 1 invalid input, 2 usage, 3 I/O or internal error\n";

static const char usage_validate[] =
	"usage: flinkc validate [options] INPUT...\n"
	"\n"
	"Checks the inputs as render does, reporting every problem; writes nothing\n"
	"to stdout.\n"
	"\n"
	"options:\n"
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
	"  -j, --jobs N             worker threads: 1 compiles on one; 0 (default) one per processor\n"
	"                           when the inputs are 32 KB or more (FLINKC_JOBS sets the default)\n"
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --namespace NS           namespace for objects that name none (wins over the defaults')\n"
	"  --crd FILE               validate against the CustomResourceDefinition(s) in FILE\n"
	"                           instead of the built-in schema (repeatable)\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  --verbose                also print notes: objects of the inputs used in place of flinkc's\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 valid, 1 invalid input, 2 usage, 3 I/O or internal error\n";

struct render_opts {
	bool validate;
	bool allow_empty, prune, digest, post_render;
	const char *outdir;
};

/* render's and validate's own options */
static int render_opt(int argc, char **argv, int *i, struct fc_cli_args *args, void *payload)
{
	struct render_opts *o = payload;
	const char *a = argv[*i], *v;

	if (fc_cli_is_opt(a, "--crd")) {
		if (!(v = fc_cli_optval(argc, argv, i, "--crd")) || !*v)
			return fc_cli_usage_error("option %s needs a value", "--crd");
		args->crds[args->opts.ncrd_files++] = v;
		return 1;
	}
	if (o->validate)
		return 0;
	if (fc_cli_is_opt(a, "--format")) {
		int rc = fc_cli_output_format(argc, argv, i, &args->opts.format);
		return rc ? rc : 1;
	}
	if (strcmp(a, "--allow-empty") == 0)
		o->allow_empty = true;
	else if (strcmp(a, "--prune") == 0)
		o->prune = true;
	else if (strcmp(a, "--digest") == 0)
		o->digest = true;
	else if (strcmp(a, "--post-render") == 0)
		o->post_render = true;
	else if (fc_cli_is_opt(a, "-o") || fc_cli_is_opt(a, "--output")) {
		const char *name = a[1] == 'o' ? "-o" : "--output";
		if (!(o->outdir = fc_cli_optval(argc, argv, i, name)) || !*o->outdir)
			return fc_cli_usage_error("option %s needs a directory", name);
	} else
		return 0;
	return 1;
}

/* print what was rendered: the stream, the digest, or the summary of -o */
static int write_result(const struct render_opts *o, struct fc_result *res, const struct fc_outdir_stats *st)
{
	char hex[18];

	if (fc_result_nobjects(res) == 0 && !o->allow_empty) {
		fc_cli_no_objects();
		return FC_INVALID;
	}
	if (o->outdir) {
		fc_cli_outdir_summary(o->outdir, st, "wrote");
		return FC_OK;
	}
	if (o->digest) {
		fc_hashes_digest(hex, res);
		strcat(hex, "\n");
		if (fputs(hex, stdout) < 0 || fflush(stdout) != 0) {
			fputs("flinkc: error[E0005]: cannot write the output\n", stderr);
			return FC_IOERR;
		}
		return FC_OK;
	}
	if (fc_result_write(res, stdout) != FC_OK) {
		fputs("flinkc: error[E0005]: cannot write the output\n", stderr);
		return FC_IOERR;
	}
	return FC_OK;
}

static int cmd_compile(int argc, char **argv, int validate)
{
	struct render_opts o = { validate != 0, false, false, false, false, NULL };
	struct fc_cli_args args;
	struct fc_result *res;
	struct fc_outdir_stats st;
	int status = fc_cli_parse(&args, argc, argv, validate ? usage_validate : usage_render, render_opt, &o);

	if (status < 0 && o.post_render) {
		if (o.outdir || o.digest || o.prune)
			status = fc_cli_usage_error("%s", "--post-render writes the stream to stdout; drop -o, --prune and --digest");
		else
			status = fc_cli_post_render(&args);
	}
	if (status < 0)
		status = fc_cli_need_inputs(&args);
	if (status < 0 && o.prune && !o.outdir)
		status = fc_cli_usage_error("%s", "--prune needs -o DIR");
	if (status >= 0) {
		fc_cli_args_fini(&args);
		return status;
	}
	args.opts.validate_only = o.validate;
	status = fc_compile(&res, &args.opts);
	/* files first: their I/O problems are diagnostics printed with the rest */
	memset(&st, 0, sizeof(st));
	if (status == FC_OK && o.outdir && (fc_result_nobjects(res) || o.allow_empty))
		status = fc_outdir_write(&st, res, o.outdir, o.prune ? FC_OUTDIR_PRUNE : 0);
	fc_cli_diags(res, args.efmt);
	if (status == FC_OK && !o.validate)
		status = write_result(&o, res, &st);
	fc_result_free(res);
	fc_cli_args_fini(&args);
	return status;
}

int fc_cli_render(int argc, char **argv)
{
	return cmd_compile(argc, argv, 0);
}

int fc_cli_validate(int argc, char **argv)
{
	return cmd_compile(argc, argv, 1);
}
