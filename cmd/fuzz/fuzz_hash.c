/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_hash - fuzz harness: any bytes as the Kubernetes objects `flinkc
 * hash` reads (streams, Lists, objects with content and config hashes);
 * see fuzz.h. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fc_options opts;
	struct fc_buf report = FC_BUF_INIT, diags = FC_BUF_INIT;

	memset(&opts, 0, sizeof(opts));
	opts.input_data = (const char *)data;
	opts.input_len = size;
	fc_hashes_verify(&opts, &report, &diags, FC_DIAG_TEXT);
	fc_buf_fini(&report);
	fc_buf_fini(&diags);
	return 0;
}
