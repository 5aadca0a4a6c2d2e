/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_defaults - fuzz harness: any bytes as the defaults document
 * (`--defaults FILE`, flinkc-defaults.yaml) of a fixed valid input, then
 * the render and its diagnostics; see fuzz.h. */
#include <stdio.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *file = fuzz_file(data, size);
	FILE *devnull = fopen("/dev/null", "w");
	struct fc_result *res;

	if (!devnull)
		return 0;
	if (file) {
		fuzz_compile_jobs(&res, file);
		fc_result_print_diags(res, devnull, FC_DIAG_TEXT);
		fc_result_free(res);
	}
	fclose(devnull);
	return 0;
}
