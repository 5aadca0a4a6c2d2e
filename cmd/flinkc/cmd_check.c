/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_check.c - `flinkc check --golden DIR [--update] INPUT...`: compare the
 * rendered objects with a directory of golden files (CI), or rewrite it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: flinkc check --golden DIR [options] INPUT...\n"
	"\n"
	"Compares what 'flinkc render -o DIR' would write with DIR, writing nothing:\n"
	"prints a unified diff for every changed file (apply with patch -p0), then\n"
	"the missing files and the extra ones (listed in DIR/.flinkc-index, or\n"
	"*.yaml one directory down, and no longer rendered).\n"
	"\n"
	"options:\n"
	"  --golden DIR             the directory to compare with (required)\n"
	"  --update                 rewrite DIR instead, as 'render -o DIR --prune' does;\n"
	"                           exit 1 if that changed anything (pre-commit, CI)\n"
	"  --format yaml|json       file format (default yaml)\n"
	"  --allow-empty            succeed even when no object is rendered\n"
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
	"  -j, --jobs N             worker threads: 1 compiles on one; 0 (default) one per processor\n"
	"                           when the inputs are 32 KB or more (FLINKC_JOBS sets the default)\n"
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --namespace NS           namespace for objects that name none (wins over the defaults')\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  --verbose                also print notes: objects of the inputs used in place of flinkc's\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 DIR matches (with --update: was already up to date), 1\n"
	"differences (with --update: DIR was rewritten) or invalid input, 2 usage,\n"
	"3 I/O or internal error\n";

struct check_opts {
	const char *dir;
	bool update, allow_empty;
};

static int check_opt(int argc, char **argv, int *i, struct fc_cli_args *args, void *payload)
{
	struct check_opts *o = payload;
	const char *a = argv[*i];
	int rc;

	if (fc_cli_is_opt(a, "--golden")) {
		if (!(o->dir = fc_cli_optval(argc, argv, i, "--golden")) || !*o->dir)
			return fc_cli_usage_error("option %s needs a directory", "--golden");
	} else if (fc_cli_is_opt(a, "--format")) {
		if ((rc = fc_cli_output_format(argc, argv, i, &args->opts.format)) != 0)
			return rc;
	} else if (strcmp(a, "--update") == 0) {
		o->update = true;
	} else if (strcmp(a, "--allow-empty") == 0) {
		o->allow_empty = true;
	} else {
		return 0;
	}
	return 1;
}

static int check(const struct check_opts *o, struct fc_cli_args *args)
{
	struct fc_result *res;
	struct fc_outdir_stats st;
	struct fc_buf text = FC_BUF_INIT;
	enum fc_status status = fc_compile(&res, &args->opts);

	memset(&st, 0, sizeof(st));
	if (status == FC_OK && fc_result_nobjects(res) == 0 && !o->allow_empty) {
		fc_cli_diags(res, args->efmt);
		fc_cli_no_objects();
		fc_result_free(res);
		return FC_INVALID;
	}
	if (status == FC_OK) {
		if (o->update)
			status = fc_outdir_write(&st, res, o->dir, FC_OUTDIR_PRUNE);
		else
			status = fc_outdir_check(&st, res, o->dir, &text);
	}
	if (fc_cli_write(stdout, &text) != FC_OK) {
		fprintf(stderr, "%s: error[E0710]: cannot write '<stdout>': %s\n", o->dir, strerror(errno ? errno : EIO));
		status = FC_IOERR;
	}
	fc_buf_fini(&text);
	fc_cli_diags(res, args->efmt);
	if (status == FC_OK && o->update) {
		fc_cli_outdir_summary(o->dir, &st, "updated");
		/* like a formatter's check mode: a change must be looked at and
		 * committed, so pre-commit and CI fail until it is (gitops.md §2.2) */
		if (st.written)
			status = FC_INVALID;
	} else if (status == FC_OK) {
		fprintf(stderr, "flinkc: %s is up to date (%zu files)\n", o->dir, st.unchanged);
	} else if (status == FC_INVALID && fc_result_nerrors(res) == 0) {
		fprintf(stderr,
		        "flinkc: %s differs from the rendered objects: %zu changed, %zu missing, %zu extra; "
		        "run with --update to rewrite it\n",
		        o->dir, st.changed, st.added, st.removed);
	}
	fc_result_free(res);
	return status;
}

int fc_cli_check(int argc, char **argv)
{
	struct check_opts o = { NULL, false, false };
	struct fc_cli_args args;
	int rc = fc_cli_parse(&args, argc, argv, usage, check_opt, &o);

	if (rc < 0 && !o.dir)
		rc = fc_cli_usage_error("%s", "check needs --golden DIR");
	if (rc < 0 && (rc = fc_cli_need_inputs(&args)) < 0)
		rc = check(&o, &args);
	fc_cli_args_fini(&args);
	return rc;
}
