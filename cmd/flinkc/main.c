/* SPDX-License-Identifier: Apache-2.0 */
/* flinkc - command line: argv -> struct fc_options; fc_compile(); print; exit code.
 *
 * Exit status: 0 ok, 1 invalid input, 2 usage, 3 I/O or internal error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *argv0 = "flinkc";

static const char usage_main[] =
	"usage: flinkc <command> [options] [INPUT...]\n"
	"\n"
	"Compiles Flink Kubernetes Operator resources (FlinkDeployment, FlinkSessionJob)\n"
	"into plain Kubernetes objects.\n"
	"\n"
	"commands:\n"
	"  render     write the Kubernetes objects as a YAML stream to stdout\n"
	"  validate   check the inputs; write nothing\n"
	"  explain    document a field of the built-in schema (flinkc explain spec.job)\n"
	"  schema     print the built-in schema as JSON Schema, for editors\n"
	"  check      compare the rendered objects with a golden directory\n"
	"  diff       compare the rendered objects with live objects (drift)\n"
	"  version    print the version\n"
	"\n"
	"INPUT is a file, a directory (every *.yaml/*.yml below it, in byte order of\n"
	"path) or - for standard input.  Run 'flinkc <command> --help' for options.\n"
	"\n"
	"exit status: 0 ok, 1 invalid input, 2 usage, 3 I/O or internal error\n";

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
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --allow-empty            succeed even when no object is rendered\n"
	"  --crd FILE               validate against the CustomResourceDefinition(s) in FILE\n"
	"                           instead of the built-in schema (repeatable)\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
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
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --crd FILE               validate against the CustomResourceDefinition(s) in FILE\n"
	"                           instead of the built-in schema (repeatable)\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 valid, 1 invalid input, 2 usage, 3 I/O or internal error\n";

int fc_cli_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", argv0);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nrun '%s --help' for usage\n", argv0);
	return FC_USAGE;
}

int fc_cli_error_format(const char *s, enum fc_diag_format *out)
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

static int cmd_compile(int argc, char **argv, int validate)
{
	struct fc_options opts;
	struct fc_result *res;
	enum fc_diag_format efmt = FC_DIAG_TEXT;
	/* one block: the inputs, then the --crd files */
	const char **inputs = calloc(2 * ((size_t)argc + 1), sizeof(*inputs)), **crds;
	int allow_empty = 0, prune = 0, digest = 0, i, rc, status;
	const char *outdir = NULL;
	struct fc_outdir_stats st;
	size_t n = 0, ncrds = 0;

	if (!inputs) {
		fputs("flinkc: out of memory\n", stderr);
		return FC_IOERR;
	}
	crds = inputs + argc + 1;
	memset(&opts, 0, sizeof(opts));
	opts.validate_only = validate != 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(validate ? usage_validate : usage_render, stdout);
			free(inputs);
			return 0;
		} else if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++)
				inputs[n++] = argv[i];
			break;
		} else if (!validate && fc_cli_is_opt(a, "--format")) {
			if ((rc = fc_cli_output_format(argc, argv, &i, &opts.format)) != 0)
				return free(inputs), rc;
		} else if ((rc = fc_cli_common_opt(argc, argv, &i, &opts, &efmt)) != 0) {
			if (rc != 1)
				return free(inputs), rc;
		} else if (!validate && strcmp(a, "--allow-empty") == 0) {
			allow_empty = 1;
		} else if (!validate && (fc_cli_is_opt(a, "-o") || fc_cli_is_opt(a, "--output"))) {
			const char *o = a[1] == 'o' ? "-o" : "--output";
			if (!(outdir = fc_cli_optval(argc, argv, &i, o)) || !*outdir)
				return free(inputs), fc_cli_usage_error("option %s needs a directory", o);
		} else if (!validate && strcmp(a, "--prune") == 0) {
			prune = 1;
		} else if (!validate && strcmp(a, "--digest") == 0) {
			digest = 1;
		} else if (fc_cli_is_opt(a, "--crd")) {
			if (!(v = fc_cli_optval(argc, argv, &i, "--crd")) || !*v)
				return free(inputs), fc_cli_usage_error("option %s needs a value", "--crd");
			crds[ncrds++] = v;
		} else if (a[0] == '-' && a[1] != '\0') {
			return free(inputs), fc_cli_usage_error("unknown option '%s'", a);
		} else {
			inputs[n++] = a;
		}
	}
	if (n == 0) {
		free(inputs);
		return fc_cli_usage_error("%s", "no input; give files, directories or - for standard input");
	}
	if (prune && !outdir)
		return free(inputs), fc_cli_usage_error("%s", "--prune needs -o DIR");
	opts.inputs = inputs;
	opts.ninputs = n;
	opts.crd_files = crds;
	opts.ncrd_files = ncrds;
	status = fc_compile(&res, &opts);
	/* files first: their I/O problems are diagnostics printed with the rest */
	if (status == FC_OK && outdir && (fc_result_nobjects(res) || allow_empty))
		status = fc_outdir_write(&st, res, outdir, prune ? FC_OUTDIR_PRUNE : 0);
	fc_result_print_diags(res, stderr, efmt);
	if (status == FC_OK && !validate) {
		size_t len;
		const char *s = fc_result_stream(res, &len);
		char hex[17];
		if (fc_result_nobjects(res) == 0 && !allow_empty) {
			/* an empty stream would let Argo CD prune everything (facts/gitops.md §0) */
			fprintf(stderr, "%s: error[E0004]: no Kubernetes objects rendered; use --allow-empty if that is "
			                "intended\n",
			        argv0);
			status = FC_INVALID;
		} else if (digest) {
			fc_hashes_digest(hex, res);
			if (printf("%s\n", hex) < 0 || fflush(stdout) != 0) {
				fprintf(stderr, "%s: error[E0005]: cannot write the output\n", argv0);
				status = FC_IOERR;
			}
		} else if (outdir) {
			fc_cli_outdir_summary(outdir, &st, "wrote");
		} else if (fwrite(s, 1, len, stdout) != len || fflush(stdout) != 0) {
			fprintf(stderr, "%s: error[E0005]: cannot write the output\n", argv0);
			status = FC_IOERR;
		}
	}
	fc_result_free(res);
	free(inputs);
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

static int cmd_version(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return fputs("usage: flinkc version\n\nprints the version of flinkc\n", stdout), 0;
	printf("flinkc %s\n", FC_VERSION);
	return 0;
}

/* the commands; each lives in its own cmd_<name>.c unless it is a few lines */
static const struct {
	const char *name;
	fc_cli_cmd_fn *fn;
} commands[] = {
	{ "render", fc_cli_render },
	{ "validate", fc_cli_validate },
	{ "explain", fc_cli_explain },
	{ "schema", fc_cli_schema },
	{ "check", fc_cli_check },
	{ "diff", fc_cli_diff },
	{ "hash", fc_cli_hash }, /* not in the usage text: README.md "Content hashes" */
	{ "version", cmd_version },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return fputs(usage_main, stderr), FC_USAGE;
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
		return fputs(usage_main, stdout), 0;
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv + 1);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	return fc_cli_usage_error("unknown command '%s'", argv[1]);
}
