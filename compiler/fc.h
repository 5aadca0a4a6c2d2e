/* SPDX-License-Identifier: Apache-2.0 */
/* fc.h - the public contract of the flinkc compiler; the only header cmd/ includes.
 *
 * fc_compile() runs the whole pipeline (load, parse, validate, lower, emit,
 * write) over a set of inputs and returns a result holding the rendered
 * objects and the diagnostics.  Nothing is printed by the compiler itself.
 */
#ifndef FC_H
#define FC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define FC_VERSION "0.1.0"

enum fc_format { FC_FORMAT_YAML, FC_FORMAT_JSON };
enum fc_diag_format { FC_DIAG_TEXT, FC_DIAG_JSON, FC_DIAG_GITHUB, FC_DIAG_SARIF };

/* compilation status, also the process exit code */
enum fc_status {
	FC_OK = 0,
	FC_INVALID = 1,  /* input has errors; diagnostics say which */
	FC_USAGE = 2,
	FC_IOERR = 3,    /* cannot read an input, or an internal error */
};

struct fc_options {
	const char *const *inputs; /* files, directories or "-" for stdin */
	size_t ninputs;
	bool validate_only;        /* check, do not emit */
	enum fc_format format;
	const char *stdin_name;    /* display name for "-" (default "<stdin>") */
	const char *input_data;    /* an in-memory input (fuzzing, embedding), named "<input>"; may be NULL */
	size_t input_len;
	unsigned max_errors;       /* 0 = default 50 */
	const char *const *crd_files; /* --crd: validate against these CRDs instead of the built-in schema */
	size_t ncrd_files;
	bool allow_unknown_fields;    /* unknown fields are warnings, not errors */
	const char *defaults_file;    /* --defaults; NULL: look for flinkc-defaults.yaml beside the inputs */
	/* limits; 0 = default */
	size_t max_input_bytes;    /* per file */
	unsigned max_depth;
	size_t max_alias_nodes;
};

/* one rendered object */
struct fc_object {
	const char *api_version, *kind, *namespace_, *name;
	const char *text; /* canonical YAML (or JSON) of the object, ends in "\n" */
	size_t len;
	const char *hash; /* flinkc.io/content-hash: 16 lowercase hex digits */
};

struct fc_result;

/* Runs the pipeline.  *out is always set (free with fc_result_free) unless
 * out of memory, which exits the process.  Returns the status. */
enum fc_status fc_compile(struct fc_result **out, const struct fc_options *opts);
void fc_result_free(struct fc_result *r);

/* the rendered stream ("---"-separated YAML documents, or a JSON List); empty on error */
const char *fc_result_stream(const struct fc_result *r, size_t *len);
size_t fc_result_nobjects(const struct fc_result *r);
const struct fc_object *fc_result_object(const struct fc_result *r, size_t i);
unsigned fc_result_nerrors(const struct fc_result *r);
unsigned fc_result_nwarnings(const struct fc_result *r);
/* print the sorted diagnostics; color is never used */
void fc_result_print_diags(struct fc_result *r, FILE *f, enum fc_diag_format fmt);

/* `flinkc explain PATH` (explain.c): write the documentation of one field
 * of the built-in schema to out: type, allowed values, default,
 * description, operator rules, child fields.  PATH is "spec.job.state",
 * optionally after a kind ("FlinkSessionJob.spec.job"; default
 * FlinkDeployment).  An unknown path is reported on err with the nearest
 * field and gives FC_INVALID; FC_IOERR if out cannot be written. */
enum fc_status fc_explain(FILE *out, FILE *err, const char *path);

/* `flinkc schema` (jsonschema.c): write the built-in schema to out as a
 * JSON Schema (draft-07) for editors: of one kind, or with kind NULL of
 * both, selected by each document's kind.  An unknown kind is reported
 * on err and gives FC_USAGE; FC_IOERR if out cannot be written. */
enum fc_status fc_jsonschema(FILE *out, FILE *err, const char *kind);

#endif
