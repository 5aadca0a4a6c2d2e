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

	memset(&opts, 0, sizeof(opts));
	opts.input_data = (const char *)data;
	opts.input_len = size;
	fc_compile(&res, &opts);
	/* exercise the diagnostic renderers too (source lines, carets) */
	fuzz_diags(res, FC_DIAG_TEXT);
	fuzz_diags(res, FC_DIAG_SARIF);
	fc_result_free(res);
	return 0;
}
