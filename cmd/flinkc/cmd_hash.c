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
	struct fc_cli_args args;
	int rc = fc_cli_parse(&args, argc, argv, usage, NULL, NULL);

	if (rc < 0 && (rc = fc_cli_need_inputs(&args)) < 0) {
		struct fc_buf report = FC_BUF_INIT, diags = FC_BUF_INIT;
		enum fc_status st = fc_hashes_verify(&args.opts, &report, &diags, args.efmt);
		/* the report first, then the diagnostics and the summary */
		if (fc_cli_write(stdout, &report) != FC_OK && st == FC_OK)
			st = FC_IOERR;
		fc_cli_write(stderr, &diags);
		fc_buf_fini(&report);
		fc_buf_fini(&diags);
		rc = (int)st;
	}
	fc_cli_args_fini(&args);
	return rc;
}
