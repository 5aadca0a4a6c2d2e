/* SPDX-License-Identifier: Apache-2.0 */
/* replay.c - main() of cmd/fuzz/replay-NAME: run harness NAME over every
 * file given on the command line or found in the given directories, so a
 * build without libFuzzer (gcc, make test) replays the corpus too
 * (libgit2's standalone_driver).  Prints "NAME: N passed, M failed". */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

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
	const char *name = strrchr(argv[0], '/');
	unsigned n = 0;
	int i, rc = 0;

	name = name ? name + 1 : argv[0];
	for (i = 1; i < argc; i++)
		rc |= replay(argv[i], &n);
	printf("%s: %u passed, %d failed\n", name, n, rc ? 1 : 0);
	return rc;
}
