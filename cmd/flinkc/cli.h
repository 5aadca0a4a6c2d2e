/* SPDX-License-Identifier: Apache-2.0 */
/* cli.h - shared by the command files of cmd/flinkc: option parsing helpers
 * and one entry point per command (registered in main.c's table). */
#ifndef FC_CLI_H
#define FC_CLI_H

#include "fc.h"

/* argv[0] is the command name ("render"); returns the process exit status */
typedef int fc_cli_cmd_fn(int argc, char **argv);

int fc_cli_usage_error(const char *fmt, const char *arg);
/* -j/--jobs/FLINKC_JOBS: 0 to 64 into *out; 0, or FC_USAGE after a usage error */
int fc_cli_jobs(const char *v, unsigned *out);
/* value of "--opt VALUE" or "--opt=VALUE" at argv[*i]; advances *i; NULL if absent */
const char *fc_cli_optval(int argc, char **argv, int *i, const char *name);
/* argv[i] is "--opt" or "--opt=..." */
int fc_cli_is_opt(const char *arg, const char *name);

fc_cli_cmd_fn fc_cli_render, fc_cli_validate; /* cmd_render.c */
fc_cli_cmd_fn fc_cli_explain; /* cmd_explain.c */
fc_cli_cmd_fn fc_cli_schema;  /* cmd_schema.c */
fc_cli_cmd_fn fc_cli_check, fc_cli_diff, fc_cli_hash; /* cmd_check.c, cmd_diff.c, cmd_hash.c */
fc_cli_cmd_fn fc_cli_plan;   /* cmd_plan.c */
fc_cli_cmd_fn fc_cli_argocd;  /* cmd_argocd.c */

/* "flinkc: <verb> DIR: 1 added, ..." or "flinkc: DIR is up to date" on stderr (cli_common.c) */
void fc_cli_outdir_summary(const char *dir, const struct fc_outdir_stats *st, const char *verb);
/* the value of --format at argv[*i] as yaml|json into *out; 0, or FC_USAGE after a usage error */
int fc_cli_output_format(int argc, char **argv, int *i, enum fc_format *out);
/* the value of --format at argv[*i] as its index in names[0..n) into *out; 0,
 * or FC_USAGE after a usage error (unknown: its format, '%s' the value) */
int fc_cli_format_choice(int argc, char **argv, int *i, const char *const *names, size_t n, const char *unknown,
                         int *out);
/* s is a namespace name: a DNS-1123 label (lowercase alphanumerics and '-', at most 63) */
bool fc_cli_namespace_ok(const char *s);
/* write what the library produced, b, to f and flush it: FC_OK or FC_IOERR */
enum fc_status fc_cli_write(FILE *f, const struct fc_buf *b);
/* after a library call that returned st with its output in out and its
 * messages in err: print err on stderr, then out on stdout when st is
 * FC_OK; free both; the exit status */
int fc_cli_print(enum fc_status st, struct fc_buf *out, struct fc_buf *err);
/* E0004 on stderr: nothing was rendered (an empty stream lets Argo CD prune everything) */
void fc_cli_no_objects(void);

/* What a command that reads inputs gets from its command line (cli_common.c). */
struct fc_cli_args {
	struct fc_options opts; /* opts.inputs and opts.crd_files point into the arrays below */
	enum fc_diag_format efmt;
	const char **inputs;    /* heap, argc entries at most */
	const char **crds;      /* heap, for commands that take --crd */
};

/* A command's own option at argv[*i]: 1 if consumed (advance *i past a
 * value), 0 if it is not one of the command's, else the exit status to
 * return after printing a usage error. */
typedef int fc_cli_opt_fn(int argc, char **argv, int *i, struct fc_cli_args *args, void *payload);

/* Parse argv[1..]: -h/--help prints usage; "--" ends the options; then the
 * options every such command shares (--error-format, --max-errors,
 * --defaults, --namespace, --allow-unknown-fields, --verbose), then own() (may be NULL),
 * else an
 * unknown option is a usage error and anything else an input.  Returns -1
 * when the command should go on, else the exit status to return.  Call
 * fc_cli_args_fini in either case. */
int fc_cli_parse(struct fc_cli_args *out, int argc, char **argv, const char *usage, fc_cli_opt_fn *own,
                 void *payload);
/* the usage error for a command line without inputs, or -1 when there are some */
int fc_cli_need_inputs(const struct fc_cli_args *a);
void fc_cli_args_fini(struct fc_cli_args *a);

/* `render --post-render` (cmd_postrender.c): args parsed, no inputs or "-"; the exit status */
int fc_cli_post_render(struct fc_cli_args *args);

/* a result's diagnostics to stderr */
void fc_cli_diags(struct fc_result *r, enum fc_diag_format fmt);

#endif
