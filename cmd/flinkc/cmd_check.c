/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_check.c - `flinkc check --golden DIR [--update] INPUT...`: compare the
 * rendered objects with a directory of golden files (CI), or rewrite it. */
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
	"  --update                 rewrite DIR instead, as 'render -o DIR --prune' does\n"
	"  --format yaml|json       file format (default yaml)\n"
	"  --allow-empty            succeed even when no object is rendered\n"
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 DIR matches (or was updated), 1 differences or invalid input,\n"
	"2 usage, 3 I/O or internal error\n";

int fc_cli_check(int argc, char **argv)
{
	struct fc_options opts;
	struct fc_result *res;
	struct fc_outdir_stats st;
	enum fc_diag_format efmt = FC_DIAG_TEXT;
	const char **inputs = calloc((size_t)argc + 1, sizeof(*inputs));
	const char *dir = NULL;
	int update = 0, allow_empty = 0, i, rc;
	size_t n = 0;
	enum fc_status status;

	if (!inputs)
		return fputs("flinkc: out of memory\n", stderr), FC_IOERR;
	memset(&opts, 0, sizeof(opts));
	memset(&st, 0, sizeof(st));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return free(inputs), 0;
		} else if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++)
				inputs[n++] = argv[i];
			break;
		} else if ((rc = fc_cli_common_opt(argc, argv, &i, &opts, &efmt)) != 0) {
			if (rc != 1)
				return free(inputs), rc;
		} else if (fc_cli_is_opt(a, "--golden")) {
			if (!(dir = fc_cli_optval(argc, argv, &i, "--golden")) || !*dir)
				return free(inputs), fc_cli_usage_error("option %s needs a directory", "--golden");
		} else if (fc_cli_is_opt(a, "--format")) {
			if ((rc = fc_cli_output_format(argc, argv, &i, &opts.format)) != 0)
				return free(inputs), rc;
		} else if (strcmp(a, "--update") == 0) {
			update = 1;
		} else if (strcmp(a, "--allow-empty") == 0) {
			allow_empty = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			return free(inputs), fc_cli_usage_error("unknown option '%s'", a);
		} else {
			inputs[n++] = a;
		}
	}
	if (!dir)
		return free(inputs), fc_cli_usage_error("%s", "check needs --golden DIR");
	if (n == 0)
		return free(inputs), fc_cli_usage_error("%s", "no input; give files, directories or - for standard input");
	opts.inputs = inputs;
	opts.ninputs = n;
	status = fc_compile(&res, &opts);
	if (status == FC_OK && fc_result_nobjects(res) == 0 && !allow_empty) {
		fc_result_print_diags(res, stderr, efmt);
		fputs("flinkc: error[E0004]: no Kubernetes objects rendered; use --allow-empty if that is intended\n",
		      stderr);
		fc_result_free(res);
		return free(inputs), FC_INVALID;
	}
	if (status == FC_OK) {
		if (update)
			status = fc_outdir_write(&st, res, dir, FC_OUTDIR_PRUNE);
		else
			status = fc_outdir_check(&st, res, dir, stdout);
	}
	fc_result_print_diags(res, stderr, efmt);
	if (status == FC_OK && update) {
		fc_cli_outdir_summary(dir, &st, "updated");
	} else if (status == FC_OK) {
		fprintf(stderr, "flinkc: %s is up to date (%zu files)\n", dir, st.unchanged);
	} else if (status == FC_INVALID && fc_result_nerrors(res) == 0) {
		fprintf(stderr,
		        "flinkc: %s differs from the rendered objects: %zu changed, %zu missing, %zu extra; "
		        "run with --update to rewrite it\n",
		        dir, st.changed, st.added, st.removed);
	}
	fc_result_free(res);
	free(inputs);
	return status;
}
