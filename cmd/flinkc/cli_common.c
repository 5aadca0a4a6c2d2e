/* SPDX-License-Identifier: Apache-2.0 */
/* cli_common.c - options shared by the commands in cmd_<name>.c that compile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int common_opt(int argc, char **argv, int *i, struct fc_options *opts, enum fc_diag_format *efmt)
{
	const char *a = argv[*i], *v;

	if (fc_cli_is_opt(a, "--error-format")) {
		if (!(v = fc_cli_optval(argc, argv, i, "--error-format")))
			return fc_cli_usage_error("option %s needs a value", "--error-format");
		if (fc_cli_error_format(v, efmt))
			return fc_cli_usage_error("unknown error format '%s'; expected text, json, github or sarif", v);
		return 1;
	}
	if (fc_cli_is_opt(a, "--defaults")) {
		if (!(v = fc_cli_optval(argc, argv, i, "--defaults")) || !*v)
			return fc_cli_usage_error("option %s needs a value", "--defaults");
		opts->defaults_file = v;
		return 1;
	}
	if (fc_cli_is_opt(a, "--namespace")) {
		if (!(v = fc_cli_optval(argc, argv, i, "--namespace")) || !*v)
			return fc_cli_usage_error("option %s needs a value", "--namespace");
		if (!fc_cli_namespace_ok(v))
			return fc_cli_usage_error("--namespace: '%s' is not a namespace name (lowercase letters, "
			                          "digits and '-', at most 63, starting and ending alphanumeric)",
			                          v);
		opts->namespace_ = v;
		return 1;
	}
	if (strcmp(a, "--allow-unknown-fields") == 0) {
		opts->allow_unknown_fields = true;
		return 1;
	}
	if (strcmp(a, "--verbose") == 0) {
		opts->verbose = true;
		return 1;
	}
	if (strncmp(a, "-j", 2) == 0 || fc_cli_is_opt(a, "--jobs")) {
		if (a[1] == 'j' && a[2])
			v = a + 2; /* -jN */
		else if (!(v = fc_cli_optval(argc, argv, i, a[1] == 'j' ? "-j" : "--jobs")))
			return fc_cli_usage_error("option %s needs a value", a[1] == 'j' ? "-j" : "--jobs");
		return fc_cli_jobs(v, &opts->jobs) ? FC_USAGE : 1;
	}
	if (fc_cli_is_opt(a, "--max-errors")) {
		char *end;
		long m;
		if (!(v = fc_cli_optval(argc, argv, i, "--max-errors")))
			return fc_cli_usage_error("option %s needs a value", "--max-errors");
		m = strtol(v, &end, 10);
		if (*end || m < 1 || m > 1000000)
			return fc_cli_usage_error("--max-errors: expected a positive number, got '%s'", v);
		opts->max_errors = (unsigned)m;
		return 1;
	}
	return 0;
}

int fc_cli_jobs(const char *v, unsigned *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < 0 || n > 64)
		return fc_cli_usage_error("-j/--jobs/FLINKC_JOBS: expected a number of worker threads from 0 (one per "
		                          "processor for large inputs) to 64, got '%s'",
		                          v);
	*out = (unsigned)n;
	return 0;
}

bool fc_cli_namespace_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

int fc_cli_output_format(int argc, char **argv, int *i, enum fc_format *out)
{
	const char *v = fc_cli_optval(argc, argv, i, "--format");

	if (!v)
		return fc_cli_usage_error("option %s needs a value", "--format");
	if (strcmp(v, "yaml") == 0)
		*out = FC_FORMAT_YAML;
	else if (strcmp(v, "json") == 0)
		*out = FC_FORMAT_JSON;
	else
		return fc_cli_usage_error("unknown format '%s'; expected yaml or json", v);
	return 0;
}

/* --error-format, --max-errors, --defaults, --namespace, --allow-unknown-fields and --verbose above */

int fc_cli_parse(struct fc_cli_args *out, int argc, char **argv, const char *usage, fc_cli_opt_fn *own,
                 void *payload)
{
	int i, rc;

	memset(out, 0, sizeof(*out));
	out->efmt = FC_DIAG_TEXT;
	out->inputs = calloc((size_t)argc + 1, sizeof(*out->inputs));
	out->crds = calloc((size_t)argc + 1, sizeof(*out->crds));
	if (!out->inputs || !out->crds)
		return fputs("flinkc: out of memory\n", stderr), FC_IOERR;
	out->opts.inputs = out->inputs;
	out->opts.crd_files = out->crds;
	if (getenv("FLINKC_JOBS") && fc_cli_jobs(getenv("FLINKC_JOBS"), &out->opts.jobs))
		return FC_USAGE;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return fputs(usage, stdout), 0;
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++)
				out->inputs[out->opts.ninputs++] = argv[i];
			break;
		}
		if ((rc = common_opt(argc, argv, &i, &out->opts, &out->efmt)) == 0 && own)
			rc = own(argc, argv, &i, out, payload);
		if (rc == 1)
			continue;
		if (rc != 0)
			return rc;
		if (a[0] == '-' && a[1] != '\0')
			return fc_cli_usage_error("unknown option '%s'", a);
		out->inputs[out->opts.ninputs++] = a;
	}
	return -1;
}

int fc_cli_need_inputs(const struct fc_cli_args *a)
{
	if (a->opts.ninputs)
		return -1;
	return fc_cli_usage_error("%s", "no input; give files, directories or - for standard input");
}

void fc_cli_args_fini(struct fc_cli_args *a)
{
	free(a->inputs);
	free(a->crds);
	a->inputs = a->crds = NULL;
}

void fc_cli_no_objects(void)
{
	fputs("flinkc: error[E0004]: no Kubernetes objects rendered; use --allow-empty if that is intended\n",
	      stderr);
}

void fc_cli_outdir_summary(const char *dir, const struct fc_outdir_stats *st, const char *verb)
{
	if (!st->written) {
		fprintf(stderr, "flinkc: %s is up to date (%zu files)\n", dir, st->unchanged);
		return;
	}
	fprintf(stderr, "flinkc: %s %s: %zu added, %zu changed, %zu unchanged, %zu removed", verb, dir, st->added,
	        st->changed, st->unchanged, st->removed);
	if (st->kept)
		fprintf(stderr, "; %zu no longer rendered, kept (use --prune to remove)", st->kept);
	fputc('\n', stderr);
}
