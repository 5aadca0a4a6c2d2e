/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_plan.c - `flinkc plan [--base DIR|FILE] INPUT...`: what the inputs
 * will run (pods, TaskManagers, CPU, memory), per job and namespace, and
 * what a change adds or removes.  README.md "Capacity plan". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: flinkc plan [options] INPUT...\n"
	"\n"
	"Prints the capacity the inputs will run: for every FlinkDeployment and\n"
	"FlinkSessionJob its mode, Flink version, parallelism, slots, JobManagers and\n"
	"TaskManagers (native clusters: as Flink's JobManager will start them), each\n"
	"pod's CPU and memory requests and limits (sidecars and init containers\n"
	"included) and the totals per namespace and overall.  Job pods (session job\n"
	"submitters, hooks) are counted apart from the clusters.  The figures come\n"
	"from the same lowering that 'flinkc render' uses.\n"
	"\n"
	"options:\n"
	"  --format text|markdown|json  output format (default text; markdown for a pull\n"
	"                           request comment; json: see README \"Capacity plan\")\n"
	"  --base DIR|FILE          also plan these inputs (e.g. the base branch) and\n"
	"                           show what changes from them: added, removed and\n"
	"                           changed jobs, per namespace\n"
	"  --error-format FORMAT    text (default), json, github or sarif\n"
	"  --max-errors N           errors shown before the rest are counted (default 50)\n"
	"  -j, --jobs N             worker threads: 1 compiles on one; 0 (default) one per processor\n"
	"                           when the inputs are 32 KB or more (FLINKC_JOBS sets the default)\n"
	"  --defaults FILE          project defaults (default: flinkc-defaults.yaml beside the\n"
	"                           inputs); its quota: {<namespace>: {cpu, memory}} is checked\n"
	"  --namespace NS           namespace for objects that name none (wins over the defaults')\n"
	"  --allow-unknown-fields   report unknown fields as warnings, not errors\n"
	"  --verbose                also print notes: objects of the inputs used in place of flinkc's\n"
	"  -h, --help               this help\n"
	"\n"
	"A namespace over a quota (the defaults' quota, or a ResourceQuota among the\n"
	"inputs) is error E0770; the plan is still printed.\n"
	"\n"
	"exit status: 0 ok, 1 invalid input or a quota exceeded, 2 usage, 3 I/O or\n"
	"internal error\n";

struct plan_opts {
	const char *base;
	enum fc_plan_format fmt;
};

static int plan_opt(int argc, char **argv, int *i, struct fc_cli_args *args, void *payload)
{
	struct plan_opts *o = payload;
	static const char *const names[] = { "text", "markdown", "json" };
	static const enum fc_plan_format formats[] = { FC_PLAN_TEXT, FC_PLAN_MARKDOWN, FC_PLAN_JSON };
	const char *a = argv[*i];
	int k, rc;

	(void)args;
	if (fc_cli_is_opt(a, "--base")) {
		if (!(o->base = fc_cli_optval(argc, argv, i, "--base")) || !*o->base)
			return fc_cli_usage_error("option %s needs a directory or file", "--base");
		return 1;
	}
	if (!fc_cli_is_opt(a, "--format"))
		return 0;
	if ((rc = fc_cli_format_choice(argc, argv, i, names, 3, "unknown format '%s'; expected text, markdown or json",
	                               &k)) != 0)
		return rc;
	o->fmt = formats[k];
	return 1;
}

/* compile opts into a finished plan; *res holds the diagnostics */
static enum fc_status build(struct fc_plan **out, struct fc_result **res, struct fc_options *opts)
{
	enum fc_status st;

	*out = fc_plan_new();
	opts->plan = *out;
	opts->validate_only = true; /* every object is emitted, only the stream is not built */
	st = fc_compile(res, opts);
	opts->plan = NULL;
	if (st == FC_OK)
		fc_plan_finish(*out);
	return st;
}

static int plan(const struct plan_opts *o, struct fc_cli_args *args)
{
	struct fc_plan *head, *base = NULL;
	struct fc_result *res, *bres = NULL;
	struct fc_buf text = FC_BUF_INIT;
	struct fc_options bopts = args->opts; /* the base's results point here: lives until they are freed */
	const char *in[1];
	enum fc_status st = build(&head, &res, &args->opts), bst = FC_OK, quota = FC_OK;

	if (o->base) {
		in[0] = o->base;
		bopts.inputs = in;
		bopts.ninputs = 1;
		bst = build(&base, &bres, &bopts);
	}
	if (st == FC_OK && bst == FC_OK)
		quota = fc_plan_check_quotas(head, res);
	fc_cli_diags(res, args->efmt);
	if (bres)
		fc_cli_diags(bres, args->efmt);
	/* both inputs compiled: the plan is printed, even over a quota */
	if (st == FC_OK && bst == FC_OK && (st = fc_plan_write(&text, head, base, o->fmt)) == FC_OK)
		st = fc_cli_write(stdout, &text);
	fc_buf_fini(&text);
	if (st == FC_OK)
		st = bst != FC_OK ? bst : quota;
	fc_plan_free(base);
	fc_plan_free(head);
	fc_result_free(bres);
	fc_result_free(res);
	return st;
}

int fc_cli_plan(int argc, char **argv)
{
	struct plan_opts o = { NULL, FC_PLAN_TEXT };
	struct fc_cli_args args;
	int rc = fc_cli_parse(&args, argc, argv, usage, plan_opt, &o);

	if (rc < 0 && (rc = fc_cli_need_inputs(&args)) < 0)
		rc = plan(&o, &args);
	fc_cli_args_fini(&args);
	return rc;
}
