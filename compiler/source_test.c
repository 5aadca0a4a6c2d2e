/* SPDX-License-Identifier: Apache-2.0 */
/* source_test.c - unit tests for reading input files (source.c): files of a
 * directory are read whole whatever their size around the first read's
 * 64 KB, whether their text was kept from loading or read again, and the
 * per-file limit (E0003) holds at its exact boundary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "fc.h"
#include "test.h"

static const char job[] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm%d, namespace: ns}\n"
                          "data: {k: v}\n";

/* a directory of files: a ConfigMap each, after a comment that pads it to sizes[i] bytes */
static void make_dir(char *dir, const size_t *sizes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char path[512], head[256];
		FILE *f;
		int len = snprintf(head, sizeof(head), job, (int)i);
		size_t k;

		snprintf(path, sizeof(path), "%s/f%zu.yaml", dir, i);
		f = fopen(path, "wb");
		if (!f)
			abort();
		/* the padding first: a file read short loses its object */
		if (sizes[i] > (size_t)len + 2) {
			fputs("#", f);
			for (k = (size_t)len + 1; k + 1 < sizes[i]; k++)
				fputc('x', f);
			fputs("\n", f);
		}
		fputs(head, f);
		fclose(f);
	}
}

static void remove_dir(const char *dir, size_t n)
{
	size_t i;
	char path[512];

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%zu.yaml", dir, i);
		remove(path);
	}
	rmdir(dir);
}

/* compile dir (-j jobs, limit); the number of objects, or -1 on error, and the diagnostics */
static long render(const char *dir, unsigned jobs, size_t limit, struct fc_buf *diags)
{
	const char *inputs[1] = { dir };
	struct fc_options opts;
	struct fc_result *res = NULL;
	enum fc_status st;
	long n;

	memset(&opts, 0, sizeof(opts));
	opts.inputs = inputs;
	opts.ninputs = 1;
	opts.jobs = jobs;
	opts.max_input_bytes = limit;
	st = fc_compile(&res, &opts);
	fc_result_diags(res, diags, FC_DIAG_TEXT);
	n = st == FC_OK ? (long)fc_result_nobjects(res) : -1;
	fc_result_free(res);
	return n;
}

/* a directory of files of these sizes renders whole, without a
 * diagnostic, at -j 1 and 2 */
static void check_renders(int *failures, const size_t *sizes, size_t n)
{
	char dir[] = "/tmp/flinkc-source-test-XXXXXX";
	unsigned j;

	if (!mkdtemp(dir)) {
		FC_CHECK(!"mkdtemp");
		return;
	}
	make_dir(dir, sizes, n);
	for (j = 1; j <= 2; j++) {
		struct fc_buf d = FC_BUF_INIT;
		FC_CHECK(render(dir, j, 0, &d) == (long)n);
		FC_CHECK(d.len == 0);
		fc_buf_fini(&d);
	}
	remove_dir(dir, n);
}

static void test_source__sizes(int *failures)
{
	/* around the first read (64 KB) and its doublings */
	static const size_t sizes[] = { 70, 65535, 65536, 65537, 131072, 131073, 300000 };

	check_renders(failures, sizes, sizeof(sizes) / sizeof(sizes[0]));
}

/* past the 2 MiB of texts kept from loading (compile.c), files are read
 * again when compiled: both kinds in one run */
static void test_source__kept_and_reread(int *failures)
{
	size_t sizes[12], i;

	for (i = 0; i < 12; i++)
		sizes[i] = 300000 + i * 1000;
	check_renders(failures, sizes, 12);
}

static void test_source__limit(int *failures)
{
	static const size_t sizes[] = { 100, 65536, 65537 };
	char dir[] = "/tmp/flinkc-source-test-XXXXXX";
	struct fc_buf d = FC_BUF_INIT;

	if (!mkdtemp(dir)) {
		FC_CHECK(!"mkdtemp");
		return;
	}
	make_dir(dir, sizes, 3);
	/* the limit itself is allowed, a byte more is not */
	FC_CHECK(render(dir, 1, 65537, &d) == 3);
	FC_CHECK(d.len == 0);
	fc_buf_clear(&d);
	FC_CHECK(render(dir, 2, 65536, &d) == -1);
	FC_CHECK(d.ptr && strstr(d.ptr, "f2.yaml") && strstr(d.ptr, "E0003"));
	FC_CHECK(d.ptr && !strstr(d.ptr, "f1.yaml"));
	fc_buf_clear(&d);
	FC_CHECK(render(dir, 1, 100, &d) == -1);
	FC_CHECK(d.ptr && strstr(d.ptr, "f1.yaml") && strstr(d.ptr, "f2.yaml") && !strstr(d.ptr, "f0.yaml"));
	fc_buf_fini(&d);
	remove_dir(dir, 3);
}

const struct fc_test fc_source_tests[] = {
	{ "source__sizes", test_source__sizes },
	{ "source__kept_and_reread", test_source__kept_and_reread },
	{ "source__limit", test_source__limit },
	{ NULL, NULL },
};
