/* SPDX-License-Identifier: Apache-2.0 */
/* bench/runs - time a whole process (used by `make bench`).
 *
 *   runs N OUT CMD [ARG...]
 *   runs N OUT CMD [ARG...] --vs CMD2 [ARG...]
 *
 * Runs CMD N times (after one run not counted) with standard output to the
 * file OUT and prints "MEDIAN_MS PEAK_KB": the median wall time of the
 * whole process in milliseconds, start-up included, and the largest peak
 * resident set of any run (wait4's ru_maxrss).  With --vs, the two
 * commands run in turn (CMD, CMD2, CMD, ...: a machine that slows down or
 * speeds up meanwhile does so for both) and it prints "MEDIAN_MS PEAK_KB
 * MEDIAN2_MS PEAK2_KB RATIO", RATIO the median of the N ratios CMD/CMD2 of
 * the runs made side by side.  Exits 1 if a run fails.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* one run of argv with standard output to out: its wall time in ms, or -1 */
static double run(const char *out, char **argv, long *peak)
{
	struct rusage ru;
	int status;
	double t0 = now_ms();
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
		perror("runs");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "runs: %s failed (status %d)\n", argv[0], status);
		return -1;
	}
	if (ru.ru_maxrss > *peak)
		*peak = ru.ru_maxrss;
	return now_ms() - t0;
}

int main(int argc, char **argv)
{
	int n, i;
	double *t, *t2, *r;
	long peak = 0, peak2 = 0;
	char **b = NULL;

	if (argc < 4 || (n = atoi(argv[1])) < 1) {
		fputs("usage: runs N OUT CMD [ARG...] [--vs CMD2 [ARG...]]\n", stderr);
		return 2;
	}
	for (i = 3; i < argc; i++)
		if (strcmp(argv[i], "--vs") == 0) {
			argv[i] = NULL;
			b = argv + i + 1;
			break;
		}
	if (b && !*b) {
		fputs("runs: --vs needs a command\n", stderr);
		return 2;
	}
	t = calloc((size_t)n, sizeof(*t));
	t2 = calloc((size_t)n, sizeof(*t2));
	r = calloc((size_t)n, sizeof(*r));
	if (!t || !t2 || !r)
		return 1;
	for (i = -1; i < n; i++) {
		double x = run(argv[2], argv + 3, &peak), y = 0;
		if (x < 0 || (b && (y = run(argv[2], b, &peak2)) < 0))
			return 1;
		if (i < 0)
			continue;
		t[i] = x;
		t2[i] = y;
		r[i] = y > 0 ? x / y : 0;
	}
	if (!b) {
		printf("%.1f %ld\n", median(t, n), peak);
		return 0;
	}
	printf("%.1f %ld %.1f %ld %.2f\n", median(t, n), peak, median(t2, n), peak2, median(r, n));
	return 0;
}
