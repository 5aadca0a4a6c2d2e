/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_live - fuzz harness: any bytes as the live objects of `flinkc diff
 * --live` (what `kubectl get -o yaml` prints), compared with the objects
 * rendered from a fixed input, as text and as JSON; see fuzz.h. */
#include <stdio.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *live = fuzz_file(data, size);
	FILE *devnull = fopen("/dev/null", "w");
	struct fc_drift_stats stats;
	enum fc_format fmt = size && data[0] == '{' ? FC_FORMAT_JSON : FC_FORMAT_YAML;
	struct fc_result *res = NULL;

	if (!devnull)
		return 0;
	if (live && fuzz_compile_jobs(&res, NULL) == FC_OK) {
		struct fc_buf text = FC_BUF_INIT;
		fc_drift_live(&stats, res, live, fmt, &text);
		fc_buf_fini(&text);
		fc_result_print_diags(res, devnull, FC_DIAG_TEXT);
	}
	fc_result_free(res);
	fclose(devnull);
	return 0;
}
