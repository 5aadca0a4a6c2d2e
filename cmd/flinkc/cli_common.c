/* SPDX-License-Identifier: Apache-2.0 */
/* cli_common.c - options shared by the commands in cmd_<name>.c that compile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int fc_cli_usage_error(const char *fmt, const char *arg)
{
	fputs("flinkc: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nrun 'flinkc --help' for usage\n", stderr);
	return FC_USAGE;
}

/* parse text|json|github|sarif; 0 or -1 */
static int error_format(const char *s, enum fc_diag_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = FC_DIAG_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = FC_DIAG_JSON;
	else if (strcmp(s, "github") == 0)
		*out = FC_DIAG_GITHUB;
	else if (strcmp(s, "sarif") == 0)
		*out = FC_DIAG_SARIF;
	else
		return -1;
	return 0;
}

/* value of "--opt VALUE" or "--opt=VALUE"; advances *i */
const char *fc_cli_optval(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int fc_cli_is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int common_opt(int argc, char **argv, int *i, struct fc_options *opts, enum fc_diag_format *efmt)
{
	const char *a = argv[*i], *v;

	if (fc_cli_is_opt(a, "--error-format")) {
		if (!(v = fc_cli_optval(argc, argv, i, "--error-format")))
			return fc_cli_usage_error("option %s needs a value", "--error-format");
		if (error_format(v, efmt))
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
	return fc_text_is_dns_label(s, strlen(s));
}

int fc_cli_format_choice(int argc, char **argv, int *i, const char *const *names, size_t n, const char *unknown,
                         int *out)
{
	const char *v = fc_cli_optval(argc, argv, i, "--format");
	size_t k;

	if (!v)
		return fc_cli_usage_error("option %s needs a value", "--format");
	for (k = 0; k < n; k++)
		if (strcmp(v, names[k]) == 0) {
			*out = (int)k;
			return 0;
		}
	return fc_cli_usage_error(unknown, v);
}

int fc_cli_output_format(int argc, char **argv, int *i, enum fc_format *out)
{
	static const char *const names[] = { "yaml", "json" };
	static const enum fc_format formats[] = { FC_FORMAT_YAML, FC_FORMAT_JSON };
	int k, rc = fc_cli_format_choice(argc, argv, i, names, 2, "unknown format '%s'; expected yaml or json", &k);

	if (rc == 0)
		*out = formats[k];
	return rc;
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
		fc_oom();
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

enum fc_status fc_cli_write(FILE *f, const struct fc_buf *b)
{
	enum fc_status st = FC_OK;

	if (b->len && fwrite(b->ptr, 1, b->len, f) != b->len)
		st = FC_IOERR;
	if (fflush(f) != 0)
		st = FC_IOERR;
	return st;
}

void fc_cli_diags(struct fc_result *r, enum fc_diag_format fmt)
{
	struct fc_buf b = FC_BUF_INIT;

	fc_result_diags(r, &b, fmt);
	fc_cli_write(stderr, &b);
	fc_buf_fini(&b);
}

int fc_cli_print(enum fc_status st, struct fc_buf *out, struct fc_buf *err)
{
	if (err->len)
		fc_cli_write(stderr, err);
	if (st == FC_OK)
		st = fc_cli_write(stdout, out);
	fc_buf_fini(out);
	fc_buf_fini(err);
	return (int)st;
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
