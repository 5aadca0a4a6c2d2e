/* SPDX-License-Identifier: Apache-2.0 */
/* os.h - the few operating-system calls POSIX does not offer portably.
 *
 * Implemented in os_posix.c, the one file of compiler/ besides base.h and
 * alloc.c that may hold #if (STYLE §10).  Used by outdir.c to swap a
 * freshly written output directory into place.
 */
#ifndef FC_OS_H
#define FC_OS_H

#include "base.h"

/* Exchange the directory entries a and b atomically (Linux renameat2 with
 * RENAME_EXCHANGE): both must exist.  Returns 0, or -1 with errno set;
 * errno is ENOSYS when this system or file system cannot do it, and the
 * caller should fall back to two renames.  The environment variable
 * FLINKC_TEST_NO_EXCHANGE=1 forces ENOSYS, so tests reach the fallback. */
int fc_os_exchange(const char *a, const char *b);

/* Give back the memory of the pages of a read-only file mapping
 * [p, p + len) (madvise MADV_DONTNEED, Linux); they are read from the file
 * again if touched.  Does nothing where that is not available. */
void fc_os_release_pages(const void *p, size_t len);

/* what a directory entry (a struct dirent *) is, from its d_type where
 * the system has it, so a directory walk needs no stat for most entries */
enum fc_os_entry { FC_OS_ENTRY_FILE, FC_OS_ENTRY_DIR, FC_OS_ENTRY_UNKNOWN /* a link, or ask stat */ };
enum fc_os_entry fc_os_entry_kind(const void *dirent);

/* the processors this process may run on: online, in its affinity mask,
 * within its cgroup's CPU quota; 1 to 64 */
unsigned fc_os_ncpus(void);

struct fc_arena;
/* the absolute path of an existing path, symbolic links resolved, in arena
 * a; NULL with errno set on failure */
char *fc_os_realpath(struct fc_arena *a, const char *path);

#endif
