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
	FILE *devnull = fopen("/dev/null", "w");

	if (!devnull)
		return 0;
	memset(&opts, 0, sizeof(opts));
	opts.input_data = (const char *)data;
	opts.input_len = size;
	fc_hashes_verify(&opts, devnull, devnull, FC_DIAG_TEXT);
	fclose(devnull);
	return 0;
}
