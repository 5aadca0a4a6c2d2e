/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_schema.c - `flinkc schema`: print the built-in schema as JSON Schema. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_schema[] =
	"usage: flinkc schema [--kind FlinkDeployment|FlinkSessionJob]\n"
	"\n"
	"Prints the built-in schema as a JSON Schema (draft-07) for editors such as\n"
	"yaml-language-server.  Without --kind the schema covers both kinds and\n"
	"selects by each document's kind.\n"
	"\n"
	"options:\n"
	"  --kind KIND   only the schema of KIND\n"
	"  -h, --help    this help\n"
	"\n"
	"exit status: 0 ok, 2 usage, 3 I/O or internal error\n";

int fc_cli_schema(int argc, char **argv)
{
	const char *kind = NULL, *v;
	struct fc_buf out = FC_BUF_INIT, err = FC_BUF_INIT;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			return fputs(usage_schema, stdout), 0;
		} else if (fc_cli_is_opt(a, "--kind")) {
			if (!(v = fc_cli_optval(argc, argv, &i, "--kind")))
				return fc_cli_usage_error("option %s needs a value", "--kind");
			kind = v;
		} else if (a[0] == '-') {
			return fc_cli_usage_error("unknown option '%s'", a);
		} else {
			return fc_cli_usage_error("schema takes no arguments, got '%s'", a);
		}
	}
	return fc_cli_print(fc_jsonschema(&out, &err, kind), &out, &err);
}
