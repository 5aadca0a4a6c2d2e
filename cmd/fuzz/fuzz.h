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
 * exit) for the readers that take a path; returns the path, or NULL. */
const char *fuzz_file(const unsigned char *data, size_t size);

/* fc_compile on a small valid input (common.c: a FlinkDeployment with a
 * pod template, a session cluster and a session job), with an optional
 * defaults file */
enum fc_status fuzz_compile_jobs(struct fc_result **res, const char *defaults_file);

#endif
