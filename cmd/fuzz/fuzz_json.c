/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_json - fuzz harness: any bytes as Kubernetes objects in a file
 * named *.json (`kubectl get -o json`, `flinkc render --format json`),
 * which is JSON by its name whatever it starts with: jansson's check
 * (json.c) and then the node reader, as `flinkc hash objects.json` and
 * `flinkc diff --live live.json` read it (the second against the objects
 * of a fixed input, compiled once: fuzz_jobs_begin); see fuzz.h.
 * fuzz_hash.c and fuzz_live.c cover the names that are not *.json. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *live;
	struct fc_options opts;
	struct fc_drift_stats stats;
	struct fc_result *res;
	struct fc_buf report = FC_BUF_INIT, diags = FC_BUF_INIT;

	memset(&opts, 0, sizeof(opts));
	opts.input_data = (const char *)data;
	opts.input_len = size;
	opts.stdin_name = "objects.json";
	fc_hashes_verify(&opts, &report, &diags, FC_DIAG_TEXT);
	fc_buf_fini(&report);
	fc_buf_fini(&diags);

	live = fuzz_file(".json", data, size);
	if (live) {
		struct fc_buf text = FC_BUF_INIT;
		res = fuzz_jobs_begin();
		fc_drift_live(&stats, res, live, FC_FORMAT_JSON, &text);
		fc_buf_fini(&text);
		fuzz_diags(res, FC_DIAG_TEXT);
		fuzz_jobs_end();
	}
	return 0;
}
