/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_live - fuzz harness: any bytes as the live objects of `flinkc diff
 * --live FILE.yaml` (what `kubectl get -o yaml` prints), compared with the
 * objects rendered from a fixed input (compiled once: fuzz_jobs_begin),
 * reported as text or, when the input starts with '{', as JSON; see
 * fuzz.h.  fuzz_json.c gives the bytes as a .json file. */
#include <stdio.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *live = fuzz_file(".yaml", data, size);
	struct fc_drift_stats stats;
	enum fc_format fmt = size && data[0] == '{' ? FC_FORMAT_JSON : FC_FORMAT_YAML;
	struct fc_result *res;

	if (live) {
		struct fc_buf text = FC_BUF_INIT;
		res = fuzz_jobs_begin();
		fc_drift_live(&stats, res, live, fmt, &text);
		fc_buf_fini(&text);
		fuzz_diags(res, FC_DIAG_TEXT);
		fuzz_jobs_end();
	}
	return 0;
}
