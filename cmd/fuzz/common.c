/* SPDX-License-Identifier: Apache-2.0 */
/* common.c - helpers of the fuzz harnesses; see fuzz.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
/* internal headers, for fuzz_jobs_end's undo */
#include "arena.h"
#include "ctx.h"
#include "source.h"

static const char jobs[] =
	"apiVersion: flink.apache.org/v1beta1\n"
	"kind: FlinkDeployment\n"
	"metadata: {name: app, namespace: flink}\n"
	"spec:\n"
	"  image: flink:1.20\n"
	"  flinkVersion: v1_20\n"
	"  serviceAccount: flink\n"
	"  flinkConfiguration: {taskmanager.numberOfTaskSlots: '2'}\n"
	"  podTemplate:\n"
	"    spec:\n"
	"      containers:\n"
	"        - name: flink-main-container\n"
	"          env: [{name: A, value: b}]\n"
	"  jobManager: {resource: {memory: 2048m, cpu: 1}}\n"
	"  taskManager: {resource: {memory: 2048m, cpu: 1}}\n"
	"  job: {jarURI: 'local:///opt/flink/app.jar', parallelism: 2, upgradeMode: stateless}\n"
	"---\n"
	"apiVersion: flink.apache.org/v1beta1\n"
	"kind: FlinkDeployment\n"
	"metadata: {name: session, namespace: flink}\n"
	"spec:\n"
	"  image: flink:1.20\n"
	"  flinkVersion: v1_20\n"
	"  serviceAccount: flink\n"
	"  jobManager: {resource: {memory: 2048m, cpu: 1}}\n"
	"  taskManager: {resource: {memory: 2048m, cpu: 1}}\n"
	"---\n"
	"apiVersion: flink.apache.org/v1beta1\n"
	"kind: FlinkSessionJob\n"
	"metadata: {name: job, namespace: flink}\n"
	"spec:\n"
	"  deploymentName: session\n"
	"  job: {jarURI: 'https://example.com/job.jar', parallelism: 1}\n";

/* one file per extension, rewritten for each input */
static struct {
	const char *ext;
	char path[256];
} files[] = { { ".yaml", "" }, { ".json", "" } };

static void remove_files(void)
{
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (*files[i].path)
			unlink(files[i].path);
}

const char *fuzz_file(const char *ext, const unsigned char *data, size_t size)
{
	static int registered;
	const char *dir = getenv("TMPDIR");
	char *path = NULL;
	size_t i;
	FILE *f;
	size_t n;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strcmp(files[i].ext, ext) == 0)
			path = files[i].path;
	if (!path)
		return NULL;
	if (!*path) {
		snprintf(path, sizeof(files[0].path), "%s/flinkc-fuzz-%ld%s", dir && *dir ? dir : "/tmp",
		         (long)getpid(), ext);
		if (!registered++)
			atexit(remove_files);
	}
	f = fopen(path, "wb");
	if (!f)
		return NULL;
	n = fwrite(data, 1, size, f);
	if (fclose(f) != 0 || n != size)
		return NULL;
	return path;
}

enum fc_status fuzz_compile_jobs(struct fc_result **res, struct fc_options *opts, const char *defaults_file)
{
	memset(opts, 0, sizeof(*opts));
	opts->input_data = jobs;
	opts->input_len = sizeof(jobs) - 1;
	opts->defaults_file = defaults_file;
	return fc_compile(res, opts);
}

static struct fc_options compiled_opts;
static struct fc_result *compiled;
static struct fc_ctx saved;
static struct fc_arena_mark mark;

struct fc_result *fuzz_jobs_begin(void)
{
	if (!compiled && fuzz_compile_jobs(&compiled, &compiled_opts, NULL) != FC_OK)
		abort(); /* the fixed input compiles */
	saved = *fc_compile__ctx(compiled);
	mark = fc_arena_mark(saved.arena);
	return compiled;
}

void fuzz_jobs_end(void)
{
	struct fc_ctx *ctx = fc_compile__ctx(compiled);

	fc_source_unmap_all(ctx); /* the stage's files; the compiled input is in memory */
	*saved.sources_tail = NULL;
	*ctx = saved;
	fc_arena_rewind(ctx->arena, mark);
}

void fuzz_diags(struct fc_result *res, enum fc_diag_format fmt)
{
	struct fc_buf text = FC_BUF_INIT;

	fc_result_diags(res, &text, fmt);
	fc_buf_fini(&text);
}
