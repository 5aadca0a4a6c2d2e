/* SPDX-License-Identifier: Apache-2.0 */
/* common.c - helpers of the fuzz harnesses; see fuzz.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

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

static char path[256];

static void remove_file(void)
{
	unlink(path);
}

const char *fuzz_file(const unsigned char *data, size_t size)
{
	FILE *f;
	size_t n;

	if (!*path) {
		const char *dir = getenv("TMPDIR");
		snprintf(path, sizeof(path), "%s/flinkc-fuzz-%ld.yaml", dir && *dir ? dir : "/tmp",
		         (long)getpid());
		atexit(remove_file);
	}
	f = fopen(path, "wb");
	if (!f)
		return NULL;
	n = fwrite(data, 1, size, f);
	if (fclose(f) != 0 || n != size)
		return NULL;
	return path;
}

enum fc_status fuzz_compile_jobs(struct fc_result **res, const char *defaults_file)
{
	struct fc_options opts;

	memset(&opts, 0, sizeof(opts));
	opts.input_data = jobs;
	opts.input_len = sizeof(jobs) - 1;
	opts.defaults_file = defaults_file;
	return fc_compile(res, &opts);
}
