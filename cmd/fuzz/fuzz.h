/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz.h - what every fuzz harness shares (cmd/fuzz/fuzz_NAME.c).
 *
 * A harness defines LLVMFuzzerTestOneInput: with clang, `make fuzz
 * FUZZER=NAME` links it with libFuzzer and the sanitizers; otherwise
 * replay.c's main() runs it over the corpus fuzz/NAME (make test).  common.c is linked into both.  The
 * rule: no crash, leak, hang or assertion for any input.
 */
#ifndef FC_FUZZ_H
#define FC_FUZZ_H

#include <stddef.h>
#include <stdio.h>

#include "fc.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Write the bytes to a file of this process (under $TMPDIR, removed at
 * exit) for the readers that take a path; returns the path, or NULL.  ext
 * is ".yaml" or ".json" (a reader may go by the name). */
const char *fuzz_file(const char *ext, const unsigned char *data, size_t size);

/* fc_compile on a small valid input (common.c: a FlinkDeployment with a
 * pod template, a session cluster and a session job), with an optional
 * defaults file; opts is filled in and must outlive *res (fc.h) */
enum fc_status fuzz_compile_jobs(struct fc_result **res, struct fc_options *opts,
                                 const char *defaults_file);

/* The result of fuzz_compile_jobs without defaults, compiled once and
 * reused by the stages that run on a result (diff --live): fuzz_jobs_begin
 * returns it, fuzz_jobs_end undoes what the stage added (its sources,
 * diagnostics, counts, and its memory: the arena goes back to its mark). */
struct fc_result *fuzz_jobs_begin(void);
void fuzz_jobs_end(void);
/* the result's diagnostics rendered (and dropped), as the CLI prints them */
void fuzz_diags(struct fc_result *res, enum fc_diag_format fmt);

#endif
