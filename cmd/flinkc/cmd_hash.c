/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_hash.c - `flinkc hash FILE...`: recompute and check the content hashes
 * of rendered objects (e.g. committed manifests).  Not listed in the main
 * usage text; documented in README.md "Content hashes". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: flinkc hash [options] FILE...\n"
	"\n"
	"Reads Kubernetes objects (YAML streams or Lists, as flinkc render writes them\n"
	"in YAML or JSON), recomputes each object's flinkc.io/content-hash and, for a\n"
	"Deployment whose ConfigMaps are among them, its pod template's\n"
	"flinkc.io/config-hash, and prints one line per check:\n"
	"\n"
	"  FILE:LINE: ok KIND NAMESPACE/NAME HASH\n"
	"  FILE:LINE: mismatch KIND NAMESPACE/NAME: annotation HASH, computed HASH\n"
	"  FILE:LINE: unhashed KIND NAMESPACE/NAME: no flinkc.io/content-hash annotation\n"
	"\n"
	"FILE may be a directory (every *.yaml/*.yml below it) or - for standard input.\n"
	"\n"
	"options:\n"
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 every hash matches, 1 a mismatch, a missing hash or invalid\n"
	"input, 2 usage, 3 I/O error\n";

int fc_cli_hash(int argc, char **argv)
{
	struct fc_options opts;
	enum fc_diag_format efmt = FC_DIAG_TEXT;
	const char **inputs = calloc((size_t)argc + 1, sizeof(*inputs));
	int i, rc;
	size_t n = 0;
	enum fc_status status;

	if (!inputs)
		return fputs("flinkc: out of memory\n", stderr), FC_IOERR;
	memset(&opts, 0, sizeof(opts));
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
		} else if (a[0] == '-' && a[1] != '\0') {
			return free(inputs), fc_cli_usage_error("unknown option '%s'", a);
		} else {
			inputs[n++] = a;
		}
	}
	if (n == 0)
		return free(inputs), fc_cli_usage_error("%s", "no input; give files, directories or - for standard input");
	opts.inputs = inputs;
	opts.ninputs = n;
	status = fc_hashes_verify(&opts, stdout, stderr, efmt);
	free(inputs);
	return status;
}
