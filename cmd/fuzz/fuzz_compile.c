/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_compile - fuzz harness: any bytes through the whole pipeline, as
 * the inputs of `flinkc render` (see fuzz.h). */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fc_options opts;
	struct fc_result *res;
	FILE *devnull;

	memset(&opts, 0, sizeof(opts));
	opts.input_data = (const char *)data;
	opts.input_len = size;
	fc_compile(&res, &opts);
	devnull = fopen("/dev/null", "w");
	if (devnull) {
		/* exercise the diagnostic printers too (source lines, carets) */
		fc_result_print_diags(res, devnull, FC_DIAG_TEXT);
		fc_result_print_diags(res, devnull, FC_DIAG_SARIF);
		fclose(devnull);
	}
	fc_result_free(res);
	return 0;
}
