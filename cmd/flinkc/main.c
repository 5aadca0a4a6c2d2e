/* SPDX-License-Identifier: Apache-2.0 */
/* flinkc - command line: argv -> struct fc_options; fc_compile(); print; exit code.
 *
 * Exit status: 0 ok, 1 invalid input, 2 usage, 3 I/O or internal error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "revision.h" /* FC_REVISION, written by the Makefile */

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
	"  plan       the pods, CPU and memory the inputs will run, and what a change adds\n"
	"  hash       check the content hashes of rendered objects\n"
	"  argocd-generate  the Argo CD plugin's generate command (reads Argo CD's environment)\n"
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
	"  --post-render            Helm post-renderer: read a manifest stream on stdin, print\n"
	"                           its other documents unchanged and the compiled objects of\n"
	"                           its Flink resources\n"
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
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
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the inputs)\n"
	"  --namespace NS           namespace for objects that name none (wins over the defaults')\n"
	"  --crd FILE               validate against the CustomResourceDefinition(s) in FILE\n"
	"                           instead of the built-in schema (repeatable)\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  --verbose                also print notes: objects of the inputs used in place of flinkc's\n"
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
			fprintf(stderr, "%s: error[E0005]: cannot write the output\n", argv0);
			return FC_IOERR;
		}
		return FC_OK;
	}
	if (fc_result_write(res, stdout) != FC_OK) {
		fprintf(stderr, "%s: error[E0005]: cannot write the output\n", argv0);
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
	fc_result_print_diags(res, stderr, args.efmt);
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

static int cmd_version(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return fputs("usage: flinkc version\n\nprints the version of flinkc and the source revision it was\n"
		             "built from (git describe; \"unknown\" outside a git checkout)\n",
		             stdout),
		       0;
	printf("flinkc %s (revision %s)\n", FC_VERSION, FC_REVISION);
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
	{ "plan", fc_cli_plan },
	{ "hash", fc_cli_hash },
	{ "argocd-generate", fc_cli_argocd },
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
