/* SPDX-License-Identifier: Apache-2.0 */
/* flinkc - command line: dispatch argv[1] to its command (cmd_<name>.c).
 *
 * Exit status: 0 ok, 1 invalid input, 2 usage, 3 I/O or internal error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "revision.h" /* FC_REVISION, written by the Makefile */

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
	/* a rendered stream is written in large blocks: a 100 MB output in a
	 * few hundred writes, not 25,000 of 4 KB (a terminal stays line-buffered);
	 * glibc ignores the size given with a NULL buffer */
	static char outbuf[256 << 10];
	size_t i;

	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
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
