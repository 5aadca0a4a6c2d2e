/* SPDX-License-Identifier: Apache-2.0 */
/* bench/runs - time a whole process (used by `make bench`).
 *
 *   runs N OUT CMD [ARG...]
 *
 * Runs CMD N times (after one run not counted) with standard output to the
 * file OUT and prints "MEDIAN_MS PEAK_KB": the median wall time of the
 * whole process in milliseconds, start-up included, and the largest peak
 * resident set of any run (wait4's ru_maxrss).  Exits 1 if a run fails.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n, i;
	double *t;
	long peak = 0;

	if (argc < 4 || (n = atoi(argv[1])) < 1) {
		fputs("usage: runs N OUT CMD [ARG...]\n", stderr);
		return 2;
	}
	t = calloc((size_t)n, sizeof(*t));
	for (i = -1; i < n; i++) {
		struct rusage ru;
		int status;
		double t0 = now_ms();
		pid_t pid = fork();

		if (pid == 0) {
			int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(127);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
			perror("runs");
			return 1;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "runs: %s failed (status %d)\n", argv[3], status);
			return 1;
		}
		if (i >= 0)
			t[i] = now_ms() - t0;
		if (ru.ru_maxrss > peak)
			peak = ru.ru_maxrss;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.1f %ld\n", n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2, peak);
	return 0;
}
