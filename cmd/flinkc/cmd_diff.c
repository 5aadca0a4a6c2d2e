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
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 everything in sync, 1 differences or invalid input, 2 usage,\n"
	"3 I/O or internal error\n";

int fc_cli_diff(int argc, char **argv)
{
	struct fc_options opts;
	struct fc_result *res;
	struct fc_drift_stats st;
	enum fc_diag_format efmt = FC_DIAG_TEXT;
	enum fc_format fmt = FC_FORMAT_YAML;
	const char **inputs = calloc((size_t)argc + 1, sizeof(*inputs));
	const char *live = NULL, *v;
	int i, rc, stdin_used = 0;
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
		} else if (fc_cli_is_opt(a, "--live")) {
			if (!(live = fc_cli_optval(argc, argv, &i, "--live")) || !*live)
				return free(inputs), fc_cli_usage_error("option %s needs a file", "--live");
		} else if (fc_cli_is_opt(a, "--format")) {
			if (!(v = fc_cli_optval(argc, argv, &i, "--format")))
				return free(inputs), fc_cli_usage_error("option %s needs a value", "--format");
			if (strcmp(v, "text") == 0)
				fmt = FC_FORMAT_YAML;
			else if (strcmp(v, "json") == 0)
				fmt = FC_FORMAT_JSON;
			else
				return free(inputs), fc_cli_usage_error("unknown format '%s'; expected text or json", v);
		} else if (a[0] == '-' && a[1] != '\0') {
			return free(inputs), fc_cli_usage_error("unknown option '%s'", a);
		} else {
			inputs[n++] = a;
		}
	}
	if (!live)
		return free(inputs), fc_cli_usage_error("%s", "diff needs --live FILE");
	if (n == 0)
		return free(inputs), fc_cli_usage_error("%s", "no input; give files, directories or - for standard input");
	for (i = 0; i < (int)n; i++)
		stdin_used |= strcmp(inputs[i], "-") == 0;
	if (stdin_used && strcmp(live, "-") == 0)
		return free(inputs), fc_cli_usage_error("%s", "standard input cannot hold both the inputs and --live");
	opts.inputs = inputs;
	opts.ninputs = n;
	status = fc_compile(&res, &opts);
	if (status == FC_OK)
		status = fc_drift_live(&st, res, live, fmt, stdout);
	fc_result_print_diags(res, stderr, efmt);
	if (fc_result_nerrors(res) == 0 && status != FC_IOERR)
		fprintf(stderr, "flinkc: %zu in sync, %zu missing, %zu extra, %zu out of date, %zu drifted\n", st.in_sync,
		        st.missing, st.extra, st.out_of_date, st.drifted);
	fc_result_free(res);
	free(inputs);
	return status;
}
