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

/* Text the library produced for the caller to print (it never prints
 * itself): ptr[0..len), NUL-terminated, on the heap; start with
 * FC_BUF_INIT and free with fc_buf_fini (buf.c, which also builds it). */
struct fc_buf {
	char *ptr;
	size_t len, cap;
};
#define FC_BUF_INIT { NULL, 0, 0 }
void fc_buf_fini(struct fc_buf *b);

/* Out of memory, anywhere (the library's allocations and the CLI's): prints
 * "flinkc: out of memory" and exits with status 3 (alloc.c).  The one place
 * that ends the process. */
_Noreturn void fc_oom(void);

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
	const char *stdin_name;    /* display name for "-" (default "<stdin>") and for input_data */
	const char *input_data;    /* an in-memory input (fuzzing, embedding), named stdin_name or "<input>"; may be NULL */
	size_t input_len;
	unsigned max_errors;       /* 0 = default 50 */
	const char *const *crd_files; /* --crd: validate against these CRDs instead of the built-in schema */
	size_t ncrd_files;
	bool allow_unknown_fields;    /* unknown fields are warnings, not errors */
	const char *defaults_file;    /* --defaults; NULL: look for flinkc-defaults.yaml beside the inputs */
	bool verbose;                 /* --verbose: also report notes (what was adopted from the inputs) */
	struct fc_plan *plan;         /* `flinkc plan`: collect the capacity plan while compiling (plan.h) */
	const char *namespace_;       /* --namespace: for objects that name none; wins over the defaults document */
	unsigned jobs;                /* -j: worker threads; 0: one per processor when the inputs are large */
	const char *fallback_namespace; /* for objects that name none when neither namespace_ nor the defaults
	                                 * document gives one (Argo CD's ARGOCD_APP_NAMESPACE); NULL: "default" */
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
struct fc_plan;

/* Runs the pipeline.  *out is always set (free with fc_result_free) unless
 * out of memory, which exits the process.  Returns the status.  The result
 * keeps a pointer to opts: opts and what it points to stay valid until
 * fc_result_free (the diagnostics and the stages that take a result read
 * them). */
enum fc_status fc_compile(struct fc_result **out, const struct fc_options *opts);
void fc_result_free(struct fc_result *r);

/* the rendered stream ("---"-separated YAML documents, or a JSON List); empty on error */
const char *fc_result_stream(struct fc_result *r, size_t *len);
/* Write the same stream to f, one object at a time (memory stays flat).
 * FC_OK, or FC_IOERR when f (or the temporary file) failed. */
enum fc_status fc_result_write(struct fc_result *r, FILE *f);
size_t fc_result_nobjects(const struct fc_result *r);
const struct fc_object *fc_result_object(const struct fc_result *r, size_t i);
unsigned fc_result_nerrors(const struct fc_result *r);
unsigned fc_result_nwarnings(const struct fc_result *r);
/* append the sorted diagnostics to out (the caller prints them); color is never used */
void fc_result_diags(struct fc_result *r, struct fc_buf *out, enum fc_diag_format fmt);

/* `flinkc explain PATH` (explain.c): append the documentation of one field
 * of the built-in schema to out: type, allowed values, default,
 * description, operator rules, child fields.  PATH is "spec.job.state",
 * optionally after a kind ("FlinkSessionJob.spec.job"; default
 * FlinkDeployment).  An unknown path is reported in err with the nearest
 * field and gives FC_INVALID; FC_IOERR for a broken built-in schema. */
enum fc_status fc_explain(struct fc_buf *out, struct fc_buf *err, const char *path);

/* `flinkc schema` (jsonschema.c): append the built-in schema to out as a
 * JSON Schema (draft-07) for editors: of one kind, or with kind NULL of
 * both, selected by each document's kind.  An unknown kind is reported
 * in err and gives FC_USAGE; FC_IOERR for a broken built-in schema. */
enum fc_status fc_jsonschema(struct fc_buf *out, struct fc_buf *err, const char *kind);
/* ---- after rendering: hashes, output directories, drift ----
 * hashes.c, outdir.c and drift.c.  The functions that take a result need
 * one for which fc_compile returned FC_OK; the problems they meet (I/O,
 * bad live input) are added to its diagnostics, so print those after the
 * call.  See README.md "Content hashes", "Output directories", "Drift". */

/* The digest of a rendered set: XXH3-64 (seed 0) over the objects' content
 * hashes (16 hex digits each) concatenated in output order, written to out
 * as 16 lowercase hex digits and a NUL. */
void fc_hashes_digest(char out[17], const struct fc_result *r);

/* `flinkc hash`: read the Kubernetes objects in opts->inputs (streams or
 * Lists), recompute each content hash, and the config-hash of a Deployment
 * whose ConfigMaps are among them; one line per check is appended to
 * report, diagnostics and a summary to diags.  FC_OK when all match;
 * FC_INVALID on a mismatch, an object without a hash or bad input; FC_IOERR. */
enum fc_status fc_hashes_verify(const struct fc_options *opts, struct fc_buf *report, struct fc_buf *diags,
                                enum fc_diag_format efmt);

/* counts of files, from fc_outdir_write and fc_outdir_check */
struct fc_outdir_stats {
	size_t added, changed, unchanged; /* rendered files: new, different, equal */
	size_t removed; /* write: pruned flinkc files; check: extra files */
	size_t kept;    /* write without prune: flinkc files no longer rendered, left in place */
	bool written;   /* write: DIR was replaced (false when nothing changed) */
};

enum { FC_OUTDIR_PRUNE = 1 << 0 }; /* remove files flinkc wrote earlier that are no longer rendered */

/* Write every object of r to its own file under dir (naming: outdir.h),
 * atomically: the new content is built in a sibling directory and swapped
 * in, so on any error dir is left exactly as it was.  Files flinkc did not
 * write are carried over; dir/.flinkc-index records the files it did.
 * Returns FC_OK or FC_IOERR; *out is filled in either case. */
enum fc_status fc_outdir_write(struct fc_outdir_stats *out, struct fc_result *r, const char *dir,
                               unsigned flags);

/* Compare what fc_outdir_write would write with dir, writing nothing:
 * appends a unified diff per changed file, then "missing: PATH" and
 * "extra: PATH" lines, to text.  FC_OK if identical, FC_INVALID if not,
 * FC_IOERR. */
enum fc_status fc_outdir_check(struct fc_outdir_stats *out, struct fc_result *r, const char *dir,
                               struct fc_buf *text);

/* counts of objects by drift status, from fc_drift_live */
struct fc_drift_stats {
	size_t in_sync, missing, extra, out_of_date, drifted;
};

/* Compare the objects of r with the live objects in file `live` (what
 * `kubectl get -o yaml` prints: a List or a stream; "-" is stdin) and append
 * one entry per object to text, as text or (FC_FORMAT_JSON) a JSON array.
 * FC_OK if everything is in sync, FC_INVALID if not or the live file is
 * bad, FC_IOERR. */
enum fc_status fc_drift_live(struct fc_drift_stats *out, struct fc_result *r, const char *live,
                             enum fc_format fmt, struct fc_buf *text);

/* s[0..n) is a DNS-1123 label, as namespace names are (text.c) */
bool fc_text_is_dns_label(const char *s, size_t n);

/* ---- Argo CD's plugin parameters (json.c) ----
 * ARGOCD_APP_PARAMETERS, as `flinkc argocd-generate` reads it: a JSON
 * array of {"name": N, "string": V}, for the parameters announced in
 * integrations/argocd/plugin.yaml (doc/argocd.md). */
enum { FC_ARGOCD_DEFAULTS, FC_ARGOCD_NAMESPACE, FC_ARGOCD_KUBE_VERSION, FC_ARGOCD_NPARAMS };

/* "defaults", "namespace", "kube-version": the names, by FC_ARGOCD_* */
extern const char *const fc_json_argocd_names[FC_ARGOCD_NPARAMS];

struct fc_argocd_params {
	const char *value[FC_ARGOCD_NPARAMS]; /* the parameter's string, or NULL if not given */
	char *error;                          /* "WHERE: error[CODE]: message" (one line, no newline), or NULL */
	void *doc;                            /* private: the parsed text the values point into */
};

/* Read text (NULL or "": no parameters) into *out: FC_OK, or FC_INVALID
 * with out->error set (values read so far stay).  Nothing is printed.
 * Free with fc_json_argocd_params_fini, in either case. */
enum fc_status fc_json_argocd_params(struct fc_argocd_params *out, const char *text);
void fc_json_argocd_params_fini(struct fc_argocd_params *p);

/* ---- `flinkc plan`: what the inputs will run (plan.c, plan_write.c) ----
 * Set opts->plan to a plan from fc_plan_new and call fc_compile: the plan
 * is collected from the lowered jobs and from the objects as they are
 * emitted (one source of truth with render).  README.md "Capacity plan". */
enum fc_plan_format { FC_PLAN_TEXT, FC_PLAN_MARKDOWN, FC_PLAN_JSON };

struct fc_plan *fc_plan_new(void);
void fc_plan_free(struct fc_plan *p);
/* after fc_compile returned FC_OK: session-cluster estimates and totals */
void fc_plan_finish(struct fc_plan *p);
/* Compare the namespace totals with the quotas (the defaults' `quota` and
 * ResourceQuota objects among the inputs); each breach is an error E0770
 * added to r's diagnostics.  FC_OK or FC_INVALID. */
enum fc_status fc_plan_check_quotas(struct fc_plan *p, struct fc_result *r);
/* append the plan, or with base (may be NULL) the change from base to p,
 * to out; both finished.  FC_OK, or FC_IOERR when they are not */
enum fc_status fc_plan_write(struct fc_buf *out, const struct fc_plan *p, const struct fc_plan *base,
                             enum fc_plan_format fmt);

#endif
