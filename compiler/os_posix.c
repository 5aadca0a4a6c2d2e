/* SPDX-License-Identifier: Apache-2.0 */
/* os_posix.c - os.h on POSIX systems, with Linux's renameat2 when the C
 * library declares it (glibc 2.28 and later); elsewhere the exchange
 * reports ENOSYS and the caller falls back to two renames. */
#define _GNU_SOURCE 1 /* renameat2 and RENAME_EXCHANGE in <stdio.h> */

#include "os.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arena.h"

int fc_os_exchange(const char *a, const char *b)
{
	const char *t = getenv("FLINKC_TEST_NO_EXCHANGE");

	if (t && strcmp(t, "1") == 0) {
		errno = ENOSYS;
		return -1;
	}
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno == EINVAL || errno == ENOTSUP)
		errno = ENOSYS; /* kernel or file system without the flag */
	return -1;
#else
	(void)a;
	(void)b;
	errno = ENOSYS;
	return -1;
#endif
}

char *fc_os_realpath(struct fc_arena *a, const char *path)
{
	char *r = realpath(path, NULL), *s;

	if (!r)
		return NULL;
	s = fc_arena_strdup(a, r);
	free(r); /* allocated by the C library */
	return s;
}

void fc_os_release_pages(const void *p, size_t len)
{
#ifdef MADV_DONTNEED
	/* page-aligned start, as madvise requires; the caller's mapping is */
	(void)madvise((void *)(uintptr_t)p, len, MADV_DONTNEED);
#else
	(void)p;
	(void)len;
#endif
}

unsigned fc_os_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	FILE *f;

#ifdef CPU_COUNT
	{
		cpu_set_t set;
		if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
			n = CPU_COUNT(&set);
	}
#endif
	/* a container's CPU limit, as Argo CD's repo-server sidecars usually
	 * have: cgroup v2 "quota period", else v1's two files */
	{
		long quota = -1, period = -1;
		f = fopen("/sys/fs/cgroup/cpu.max", "r");
		if (f) {
			if (fscanf(f, "%ld %ld", &quota, &period) != 2)
				quota = -1; /* "max 100000": no limit */
			fclose(f);
		} else if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "r")) != NULL) {
			if (fscanf(f, "%ld", &quota) != 1)
				quota = -1;
			fclose(f);
			if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "r")) != NULL) {
				if (fscanf(f, "%ld", &period) != 1)
					period = -1;
				fclose(f);
			}
		}
		if (quota > 0 && period > 0 && (quota + period - 1) / period < n)
			n = (quota + period - 1) / period;
	}
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

enum fc_os_entry fc_os_entry_kind(const void *dirent)
{
#ifdef DT_REG
	switch (((const struct dirent *)dirent)->d_type) {
	case DT_REG: return FC_OS_ENTRY_FILE;
	case DT_DIR: return FC_OS_ENTRY_DIR;
	default: break;
	}
#else
	(void)dirent;
#endif
	return FC_OS_ENTRY_UNKNOWN;
}
