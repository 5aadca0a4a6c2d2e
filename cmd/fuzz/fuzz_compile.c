/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_compile - fuzz entry: any bytes through the whole pipeline.
 *
 * With clang, `make fuzz` links libFuzzer and AddressSanitizer and runs it.
 * Without libFuzzer (the FC_FUZZ_MAIN build), main() replays every file
 * given on the command line or found in the given directories, so CI with
 * gcc runs the corpus too (libgit2's standalone_driver).  The rule: no
 * crash, leak, hang or assertion for any input.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fc.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

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

#ifdef FC_FUZZ_MAIN
static int replay(const char *path, unsigned *n)
{
	struct stat st;
	FILE *f;
	unsigned char *buf;
	size_t len;

	if (stat(path, &st) != 0)
		return perror(path), 1;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		int rc = 0;
		if (!d)
			return perror(path), 1;
		while ((e = readdir(d))) {
			char sub[4096];
			if (e->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rc |= replay(sub, n);
		}
		closedir(d);
		return rc;
	}
	f = fopen(path, "rb");
	if (!f)
		return perror(path), 1;
	buf = malloc((size_t)st.st_size + 1);
	len = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!buf)
		return 1;
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	(*n)++;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned n = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++)
		rc |= replay(argv[i], &n);
	printf("fuzz-replay: %u passed, %d failed\n", n, rc ? 1 : 0);
	return rc;
}
#endif
