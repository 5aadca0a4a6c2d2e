/* SPDX-License-Identifier: Apache-2.0 */
/* cli.h - shared by the command files of cmd/flinkc: option parsing helpers
 * and one entry point per command (registered in main.c's table). */
#ifndef FC_CLI_H
#define FC_CLI_H

#include "fc.h"

/* argv[0] is the command name ("render"); returns the process exit status */
typedef int fc_cli_cmd_fn(int argc, char **argv);

int fc_cli_usage_error(const char *fmt, const char *arg);
/* value of "--opt VALUE" or "--opt=VALUE" at argv[*i]; advances *i; NULL if absent */
const char *fc_cli_optval(int argc, char **argv, int *i, const char *name);
/* argv[i] is "--opt" or "--opt=..." */
int fc_cli_is_opt(const char *arg, const char *name);
/* parse text|json|github|sarif; 0 or -1 */
int fc_cli_error_format(const char *s, enum fc_diag_format *out);

fc_cli_cmd_fn fc_cli_render, fc_cli_validate;
fc_cli_cmd_fn fc_cli_explain; /* cmd_explain.c */
fc_cli_cmd_fn fc_cli_schema;  /* cmd_schema.c */
fc_cli_cmd_fn fc_cli_check, fc_cli_diff, fc_cli_hash; /* cmd_check.c, cmd_diff.c, cmd_hash.c */

/* --error-format, --max-errors, --defaults and --allow-unknown-fields at argv[*i]
 * (cli_common.c): 1 if consumed,
 * 0 if argv[*i] is neither, FC_USAGE after printing a usage error */
/* "flinkc: <verb> DIR: 1 added, ..." or "flinkc: DIR is up to date" on stderr (cli_common.c) */
void fc_cli_outdir_summary(const char *dir, const struct fc_outdir_stats *st, const char *verb);
/* the value of --format at argv[*i] as yaml|json into *out; 0, or FC_USAGE after a usage error */
int fc_cli_output_format(int argc, char **argv, int *i, enum fc_format *out);
int fc_cli_common_opt(int argc, char **argv, int *i, struct fc_options *opts, enum fc_diag_format *efmt);

#endif
