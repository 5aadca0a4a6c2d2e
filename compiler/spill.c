/* SPDX-License-Identifier: Apache-2.0 */
/* spill.c - object texts past a memory budget, in an unlinked temporary file. */
#include "spill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"

#define DEFAULT_BUDGET ((size_t)1 << 20)
#define WBUF_SIZE ((size_t)256 << 10)

struct fc_spill {
	size_t budget, in_memory; /* bytes kept in memory so far */
	int fd;                   /* -1: not spilling (yet, or cannot) */
	bool tried;               /* a file was tried: do not try again */
	uint64_t size;            /* bytes given to the file, buffered ones included */
	char *wbuf;               /* unwritten tail of the file */
	size_t wlen;
	void *map;
	size_t maplen;
	int err;
};

struct fc_spill *fc_spill_new(void)
{
	struct fc_spill *s = fc_xcalloc(1, sizeof(*s));
	const char *env = getenv("FLINKC_SPILL_BYTES");
	char *end;
	unsigned long long v;

	s->fd = -1;
	s->budget = DEFAULT_BUDGET;
	if (env && *env) {
		errno = 0;
		v = strtoull(env, &end, 10);
		if (!*end && !errno)
			s->budget = (size_t)v;
	}
	return s;
}

void fc_spill_free(struct fc_spill *s)
{
	if (!s)
		return;
	if (s->map)
		munmap(s->map, s->maplen);
	if (s->fd >= 0)
		close(s->fd);
	fc_xfree(s->wbuf);
	fc_xfree(s);
}

/* an unlinked file in $TMPDIR or /tmp, or -1 */
static int open_tmp(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	path = fc_xmalloc(strlen(dir) + sizeof("/flinkc-spill.XXXXXX"));
	strcpy(path, dir);
	strcat(path, "/flinkc-spill.XXXXXX");
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	fc_xfree(path);
	return fd;
}

static void flush(struct fc_spill *s)
{
	size_t done = 0;

	while (done < s->wlen && !s->err) {
		ssize_t n = write(s->fd, s->wbuf + done, s->wlen - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			s->err = n < 0 ? errno : EIO;
		else
			done += (size_t)n;
	}
	s->wlen = 0;
}

const char *fc_spill_keep(struct fc_spill *s, struct fc_arena *a, const char *text, size_t len)
{
	if (s->fd < 0 && !s->tried && s->in_memory + len > s->budget) {
		s->tried = true;
		s->fd = open_tmp();
		if (s->fd >= 0)
			s->wbuf = fc_xmalloc(WBUF_SIZE);
	}
	if (s->fd >= 0)
		return NULL;
	s->in_memory += len;
	return fc_arena_strndup(a, text, len);
}

uint64_t fc_spill_append(struct fc_spill *s, const char *text, size_t len)
{
	uint64_t off = s->size;

	s->size += len;
	while (len) {
		size_t n = WBUF_SIZE - s->wlen < len ? WBUF_SIZE - s->wlen : len;
		memcpy(s->wbuf + s->wlen, text, n);
		s->wlen += n;
		text += n;
		len -= n;
		if (s->wlen == WBUF_SIZE)
			flush(s);
	}
	return off;
}

const char *fc_spill_map(struct fc_spill *s)
{
	if (s->fd < 0 || s->size == 0)
		return NULL;
	if (s->map)
		return s->map;
	flush(s);
	if (s->err)
		return NULL;
	s->maplen = (size_t)s->size;
	s->map = mmap(NULL, s->maplen, PROT_READ, MAP_PRIVATE, s->fd, 0);
	if (s->map == MAP_FAILED) {
		s->map = NULL;
		s->err = errno;
	}
	return s->map;
}

/* what a window reads at least: many texts of a run per read */
#define WINDOW_BYTES ((size_t)64 << 10)

const char *fc_spill_read_window(struct fc_spill *s, struct fc_spill_window *w, uint64_t off, size_t len)
{
	size_t want, done = 0;

	if (w->buf.ptr && off >= w->off && off + len <= w->off + w->buf.len)
		return w->buf.ptr + (off - w->off);
	flush(s);
	want = len > WINDOW_BYTES ? len : WINDOW_BYTES;
	if (off + want > s->size)
		want = (size_t)(s->size - off);
	fc_buf_clear(&w->buf);
	fc_buf_reserve(&w->buf, want);
	while (done < want && !s->err) {
		ssize_t n = pread(s->fd, w->buf.ptr + done, want - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			s->err = n < 0 ? errno : EIO;
		else
			done += (size_t)n;
	}
	w->off = off;
	w->buf.len = done;
	w->buf.ptr[done] = '\0';
	return done >= len ? w->buf.ptr : "";
}

int fc_spill_failed(const struct fc_spill *s)
{
	return s->err;
}
