/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_explain.c - `flinkc explain PATH`: document a field of the built-in schema. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_explain[] =
	"usage: flinkc explain [KIND.]PATH\n"
	"\n"
	"Prints the documentation of a field of the built-in schema: its type,\n"
	"allowed values, default, description, the operator rules (error codes)\n"
	"that concern it and, for objects, the fields below it.\n"
	"\n"
	"KIND is FlinkDeployment (the default) or FlinkSessionJob.  PATH goes\n"
	"through objects, arrays and maps with dots:\n"
	"  flinkc explain spec.job.upgradeMode\n"
	"  flinkc explain FlinkSessionJob.spec.deploymentName\n"
	"  flinkc explain spec.podTemplate.spec.containers.resources\n"
	"  flinkc explain spec.flinkConfiguration.taskmanager.numberOfTaskSlots\n"
	"\n"
	"options:\n"
	"  -h, --help   this help\n"
	"\n"
	"exit status: 0 ok, 1 unknown field, 2 usage, 3 I/O or internal error\n";

int fc_cli_explain(int argc, char **argv)
{
	const char *path = NULL;
	struct fc_buf out = FC_BUF_INIT, err = FC_BUF_INIT;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return fputs(usage_explain, stdout), 0;
		if (strcmp(a, "--") == 0 && i + 1 < argc && !path) {
			path = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			return fc_cli_usage_error("unknown option '%s'", a);
		} else if (path) {
			return fc_cli_usage_error("explain takes one field path, got another: '%s'", a);
		} else {
			path = a;
		}
	}
	if (!path)
		return fc_cli_usage_error("%s", "explain needs a field path, e.g. spec.job.upgradeMode");
	return fc_cli_print(fc_explain(&out, &err, path), &out, &err);
}
