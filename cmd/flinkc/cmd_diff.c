/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_diff.c - `flinkc diff --live FILE INPUT...`: offline drift detection
 * against live objects saved with `kubectl get -o yaml`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: flinkc diff --live FILE [options] INPUT...\n"
	"\n"
	"Compares the rendered objects with live objects, as 'kubectl get -o yaml'\n"
	"prints them (a List or a YAML stream; - is standard input), and prints one\n"
	"line per object:\n"
	"\n"
	"  in-sync      live and rendered agree\n"
	"  missing      rendered, not live\n"
	"  extra        live, labelled app.kubernetes.io/managed-by: flinkc, not rendered\n"
	"  out-of-date  the live flinkc.io/content-hash differs: the input changed since\n"
	"               the last apply\n"
	"  drifted      same hash, but a field flinkc sets was changed in the cluster\n"
	"\n"
	"followed by the differing field paths.  Only fields that flinkc renders are\n"
	"compared, so server defaults, status and other managers' fields are ignored.\n"
	"\n"
	"options:\n"
	"  --live FILE              the live objects (required)\n"
	"  --format text|json       report format (default text; json: an array of\n"
	"                           {kind, apiVersion, namespace, name, status, paths})\n"
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
	"exit status: 0 everything in sync, 1 differences or invalid input, 2 usage,\n"
	"3 I/O or internal error\n";

struct diff_opts {
	const char *live;
	enum fc_format fmt;
};

static int diff_opt(int argc, char **argv, int *i, struct fc_cli_args *args, void *payload)
{
	struct diff_opts *o = payload;
	static const char *const names[] = { "text", "json" };
	static const enum fc_format formats[] = { FC_FORMAT_YAML, FC_FORMAT_JSON };
	const char *a = argv[*i];
	int k, rc;

	(void)args;
	if (fc_cli_is_opt(a, "--live")) {
		if (!(o->live = fc_cli_optval(argc, argv, i, "--live")) || !*o->live)
			return fc_cli_usage_error("option %s needs a file", "--live");
		return 1;
	}
	if (!fc_cli_is_opt(a, "--format"))
		return 0;
	if ((rc = fc_cli_format_choice(argc, argv, i, names, 2, "unknown format '%s'; expected text or json", &k)) != 0)
		return rc;
	o->fmt = formats[k];
	return 1;
}

static int diff(const struct diff_opts *o, struct fc_cli_args *args)
{
	struct fc_result *res;
	struct fc_drift_stats st;
	struct fc_buf text = FC_BUF_INIT;
	enum fc_status status = fc_compile(&res, &args->opts), wst;

	memset(&st, 0, sizeof(st));
	if (status == FC_OK)
		status = fc_drift_live(&st, res, o->live, o->fmt, &text);
	if ((wst = fc_cli_write(stdout, &text)) != FC_OK) {
		fputs("flinkc: error[E0005]: cannot write the output\n", stderr);
		status = wst;
	}
	fc_buf_fini(&text);
	fc_cli_diags(res, args->efmt);
	if (fc_result_nerrors(res) == 0 && status != FC_IOERR)
		fprintf(stderr, "flinkc: %zu in sync, %zu missing, %zu extra, %zu out of date, %zu drifted\n", st.in_sync,
		        st.missing, st.extra, st.out_of_date, st.drifted);
	fc_result_free(res);
	return status;
}

int fc_cli_diff(int argc, char **argv)
{
	struct diff_opts o = { NULL, FC_FORMAT_YAML };
	struct fc_cli_args args;
	int rc = fc_cli_parse(&args, argc, argv, usage, diff_opt, &o);
	size_t i;

	if (rc < 0 && !o.live)
		rc = fc_cli_usage_error("%s", "diff needs --live FILE");
	if (rc < 0)
		rc = fc_cli_need_inputs(&args);
	for (i = 0; rc < 0 && i < args.opts.ninputs; i++)
		if (strcmp(args.inputs[i], "-") == 0 && strcmp(o.live, "-") == 0)
			rc = fc_cli_usage_error("%s", "standard input cannot hold both the inputs and --live");
	if (rc < 0)
		rc = diff(&o, &args);
	fc_cli_args_fini(&args);
	return rc;
}
