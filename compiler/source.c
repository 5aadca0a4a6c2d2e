/* SPDX-License-Identifier: Apache-2.0 */
/* source.c - read inputs into the run arena; see source.h.
 *
 * Directories are walked recursively; entries whose name starts with '.'
 * are skipped (.git, editor files).  The paths found are sorted with
 * strcmp so the order never depends on the file system.
 */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "ctx.h"
#include "diag.h"
#include "os.h"

static struct fc_loc noloc(const char *file)
{
	struct fc_loc l = { file, 0, 0, 0 };
	return l;
}

/* first invalid UTF-8 sequence in s, or -1; rejects overlongs, surrogates, > U+10FFFF */
static long utf8_invalid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, need;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return (long)i;
		}
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
				return (long)i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return (long)i;
		i += need + 1;
	}
	return -1;
}

static bool all_ascii(const unsigned char *s, size_t n)
{
	unsigned char any = 0;
	size_t i;

	for (i = 0; i < n; i++)
		any |= s[i];
	return !(any & 0x80);
}

/* compile.c keeps deployments for session jobs only when a source mentions them */
#define SESSIONJOB "FlinkSessionJob"

/* whether w[0..wn) occurs in t[0..n) */
static bool contains(const char *t, size_t n, const char *w, size_t wn)
{
	const char *p = t, *end = t + n;

	while ((size_t)(end - p) >= wn && (p = memchr(p, w[0], (size_t)(end - p) - wn + 1)))
		if (memcmp(p++, w, wn) == 0)
			return true;
	return false;
}

/* E0002 at the line and column of text[bad] */
static void report_utf8(struct fc_ctx *ctx, const char *name, const char *text, size_t len, long bad)
{
	struct fc_loc loc = { name, 1, 1, 1 };
	long i;

	if ((size_t)bad >= len)
		return;
	for (i = 0; i < bad; i++) {
		if (text[i] == '\n') {
			loc.line++;
			loc.col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			loc.col++;
		}
	}
	fc_diag_error(ctx, loc, "E0002", "invalid UTF-8 (byte 0x%02X); input must be UTF-8", (unsigned char)text[bad]);
}

static struct fc_source *addsource(struct fc_ctx *ctx, const char *name, const char *text, size_t len)
{
	struct fc_source *s = FC_NEW(ctx->arena, struct fc_source);
	long bad;

	s->name = fc_arena_strdup(ctx->arena, name);
	s->text = text;
	s->len = len;
	s->utf8_ok = true;
	s->input = true;
	bad = utf8_invalid((const unsigned char *)text, len);
	s->ascii = bad < 0 && all_ascii((const unsigned char *)text, len);
	s->mentions_sessionjob = contains(text, len, SESSIONJOB, sizeof(SESSIONJOB) - 1);
	s->bad = bad;
	if (bad >= 0) {
		report_utf8(ctx, s->name, text, len, bad);
		s->utf8_ok = false;
	}
	*ctx->sources_tail = s;
	ctx->sources_tail = &s->next;
	return s;
}

static int readstream(struct fc_ctx *ctx, FILE *f, const char *name)
{
	size_t cap = 64 * 1024, len = 0, n;
	char *buf = fc_xmalloc(cap), *text;

	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len > ctx->max_input_bytes) {
			fc_xfree(buf);
			fc_diag_error(ctx, noloc(name), "E0003",
			              "input is larger than the limit of %zu bytes", ctx->max_input_bytes);
			return FC_ERR;
		}
		if (len == cap) {
			cap *= 2;
			buf = fc_xreallocarray(buf, cap, 1);
		}
	}
	if (ferror(f)) {
		fc_xfree(buf);
		fc_diag_error(ctx, noloc(name), "E0001", "cannot read '%s': %s", name, strerror(errno));
		ctx->io_error = true;
		return FC_ERR;
	}
	text = fc_arena_strndup(ctx->arena, buf, len);
	fc_xfree(buf);
	addsource(ctx, name, text, len);
	return 0;
}

/* A regular file is mapped, not read: its pages can be given back once
 * parsed (fc_source_release), so the inputs do not stay in memory.  The
 * bytes past the end of the last page read as zero, which ends the text;
 * a file that fills its last page exactly is read instead. */
static int mapfile(struct fc_ctx *ctx, const char *path)
{
	struct stat st;
	long page = sysconf(_SC_PAGESIZE);
	int fd = open(path, O_RDONLY);
	struct fc_source *s;
	void *p;

	if (fd < 0)
		return 1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || page <= 0 ||
	    st.st_size % page == 0 || (size_t)st.st_size > ctx->max_input_bytes) {
		close(fd);
		return 1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 1;
	s = addsource(ctx, path, p, (size_t)st.st_size);
	s->maplen = (size_t)st.st_size;
	fc_source_release(s); /* checked; parsed later */
	return 0;
}

void fc_source_release(const struct fc_source *s)
{
	if (s->maplen)
		fc_os_release_pages(s->text, s->maplen);
}

void fc_source_unmap_all(struct fc_ctx *ctx)
{
	struct fc_source *s;

	for (s = ctx->sources; s; s = s->next)
		if (s->maplen) {
			munmap((void *)(uintptr_t)s->text, s->maplen);
			s->maplen = 0;
		}
}

/* the file at path, read again, when it had `known` bytes: a new buffer
 * (NUL-terminated), or NULL with errno set, or with *len != known if it
 * changed (no fstat: its size is known) */
static char *reread(const char *path, size_t known, size_t *len)
{
	int fd = open(path, O_RDONLY);
	char *buf;
	size_t n = 0;
	ssize_t got = 1;

	if (fd < 0)
		return NULL;
	buf = fc_xmalloc(known + 2);
	/* a regular file reads short only at its end: one read, usually */
	while (n < known + 1 && (got = read(fd, buf + n, known + 1 - n)) > 0) {
		n += (size_t)got;
		if ((size_t)got < known + 1 - (n - (size_t)got))
			break;
	}
	close(fd);
	if (got < 0) {
		fc_xfree(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* read the regular file at path whole into a new buffer (NUL-terminated);
 * NULL with errno set (EFBIG past limit).  No fstat: one read fills the
 * first 64 KB, and a regular file reads short only at its end, so a job's
 * file takes open, read and close. */
static char *slurp(const char *path, size_t limit, size_t *len)
{
	int fd = open(path, O_RDONLY);
	size_t cap = 64 * 1024, n = 0;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = fc_xmalloc(cap + 1);
	for (;;) {
		ssize_t got;
		if (n == cap) {
			if (cap > limit) {
				close(fd);
				fc_xfree(buf);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = fc_xreallocarray(buf, cap + 1, 1);
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0) {
			int err = errno;
			close(fd);
			fc_xfree(buf);
			errno = err;
			return NULL;
		}
		n += (size_t)got;
		if (got == 0 || n < cap)
			break;
	}
	close(fd);
	if (n > limit) {
		fc_xfree(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A lazy input (ctx->lazy_inputs), a regular file: only named here;
 * fc_source_check reads, checks and scans it (on worker threads, compile.c)
 * and fc_source_checked reports what it found, and it is read again when
 * compiled.  Small reads into the heap cost less than mapping a file and
 * giving its pages back (which flushes every processor's TLB). */
static void lazyfile(struct fc_ctx *ctx, const char *path)
{
	struct fc_source *s = FC_NEW(ctx->arena, struct fc_source);

	s->name = fc_arena_strdup(ctx->arena, path);
	s->input = true;
	s->lazy = true;
	s->unchecked = true;
	s->bad = -1;
	*ctx->sources_tail = s;
	ctx->sources_tail = &s->next;
}

void fc_source_check(struct fc_source *s, size_t limit, atomic_size_t *keep)
{
	size_t len, left;
	char *text = slurp(s->name, limit, &len);

	if (!text) {
		s->err = errno ? errno : EIO;
		return;
	}
	s->len = len;
	s->bad = utf8_invalid((const unsigned char *)text, len);
	s->ascii = s->bad < 0 && all_ascii((const unsigned char *)text, len);
	s->mentions_sessionjob = contains(text, len, SESSIONJOB, sizeof(SESSIONJOB) - 1);
	left = keep ? atomic_load(keep) : 0;
	while (s->bad < 0 && left > len && !atomic_compare_exchange_weak(keep, &left, left - len - 1))
		;
	if (s->bad < 0 && left > len) /* to its size: slurp's buffer has room for 64 KB */
		s->kept = fc_xreallocarray(text, len + 1, 1);
	else
		fc_xfree(text);
}

void fc_source_drop_kept(struct fc_ctx *ctx)
{
	struct fc_source *s;

	for (s = ctx->sources; s; s = s->next) {
		fc_xfree(s->kept);
		s->kept = NULL;
	}
}

void fc_source_checked(struct fc_ctx *ctx, struct fc_source *s)
{
	size_t len;
	char *text;

	s->unchecked = false;
	s->utf8_ok = !s->err && s->bad < 0;
	if (s->err == EFBIG) {
		fc_diag_error(ctx, noloc(s->name), "E0003", "input is larger than the limit of %zu bytes",
		              ctx->max_input_bytes);
	} else if (s->err) {
		fc_diag_error(ctx, noloc(s->name), "E0001", "cannot open '%s': %s", s->name, strerror(s->err));
		ctx->io_error = true;
	} else if (s->bad >= 0 && (text = reread(s->name, s->len, &len)) != NULL) {
		/* rare: read again for the position */
		report_utf8(ctx, s->name, text, len < s->len ? len : s->len, s->bad);
		fc_xfree(text);
	}
	if (!s->utf8_ok)
		s->input = false; /* nothing to compile */
}

const char *fc_source_read(struct fc_ctx *ctx, struct fc_source *s, char **owned)
{
	size_t len;

	*owned = NULL;
	if (!s->lazy || s->text)
		return s->text;
	if (s->kept) { /* read once already, by fc_source_check */
		*owned = s->kept;
		s->kept = NULL;
		return *owned;
	}
	*owned = reread(s->name, s->len, &len);
	if (!*owned || len != s->len) {
		fc_diag_error(ctx, noloc(s->name), "E0001", "cannot read '%s': %s", s->name,
		              *owned ? "it changed while flinkc ran" : strerror(errno));
		ctx->io_error = true;
		fc_xfree(*owned);
		*owned = NULL;
		return NULL;
	}
	return *owned;
}

/* regular: known to be a regular file (a directory entry's type, a stat) */
static int readfile(struct fc_ctx *ctx, const char *path, bool regular)
{
	FILE *f;
	int rc;

	if (ctx->lazy_inputs && regular) {
		lazyfile(ctx, path);
		return 0;
	}
	if (mapfile(ctx, path) == 0)
		return 0;
	f = fopen(path, "rb");
	if (!f) {
		fc_diag_error(ctx, noloc(path), "E0001", "cannot open '%s': %s", path, strerror(errno));
		ctx->io_error = true;
		return FC_ERR;
	}
	rc = readstream(ctx, f, path);
	fclose(f);
	return rc;
}

struct pathlist {
	char **v;
	size_t n, cap;
};

static void addpath(struct pathlist *l, const char *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = fc_xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = fc_xstrdup(p);
}

static bool is_yaml_name(const char *name)
{
	size_t n = strlen(name);

	if (strcmp(name, FC_DEFAULTS_FILE) == 0)
		return false; /* the defaults document is read by defaults.c, not compiled */
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int walk(struct fc_ctx *ctx, const char *dir, struct pathlist *out, unsigned depth)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > 64) {
		fc_diag_error(ctx, noloc(dir), "E0003", "directory nesting deeper than 64 levels");
		return FC_ERR;
	}
	d = opendir(dir);
	if (!d) {
		fc_diag_error(ctx, noloc(dir), "E0001", "cannot open directory '%s': %s", dir, strerror(errno));
		ctx->io_error = true;
		return FC_ERR;
	}
	while ((e = readdir(d))) {
		struct stat st;
		enum fc_os_entry kind = fc_os_entry_kind(e);
		char *p;
		size_t n;

		if (e->d_name[0] == '.' || (kind == FC_OS_ENTRY_FILE && !is_yaml_name(e->d_name)))
			continue;
		n = strlen(dir) + strlen(e->d_name) + 2;
		p = fc_xmalloc(n);
		snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (kind == FC_OS_ENTRY_FILE) {
			addpath(out, p); /* a regular file, by its directory entry */
		} else if (kind == FC_OS_ENTRY_DIR) {
			if (walk(ctx, p, out, depth + 1))
				rc = FC_ERR;
		} else if (stat(p, &st) != 0) {
			fc_diag_error(ctx, noloc(p), "E0001", "cannot stat '%s': %s", p, strerror(errno));
			ctx->io_error = true;
			rc = FC_ERR;
		} else if (S_ISDIR(st.st_mode)) {
			if (walk(ctx, p, out, depth + 1))
				rc = FC_ERR;
		} else if (S_ISREG(st.st_mode) && is_yaml_name(e->d_name)) {
			addpath(out, p);
		}
		fc_xfree(p);
	}
	closedir(d);
	return rc;
}

/* file names in strcmp order (NULL first) */
static int cmpname(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return !x || !y ? (x != NULL) - (y != NULL) : strcmp(x, y);
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* path is the --defaults file (the same file by device and inode) */
static bool is_defaults(const struct stat *defaults, const char *path)
{
	struct stat st;

	return defaults->st_ino && stat(path, &st) == 0 && st.st_dev == defaults->st_dev &&
	       st.st_ino == defaults->st_ino;
}

int fc_source_load_all(struct fc_ctx *ctx, const char *const *inputs, size_t n)
{
	size_t i, j;
	int rc = 0;
	struct stat defaults; /* --defaults: read by defaults.c, not compiled, even below a directory */

	memset(&defaults, 0, sizeof(defaults));
	if (ctx->opts->defaults_file && stat(ctx->opts->defaults_file, &defaults) != 0)
		memset(&defaults, 0, sizeof(defaults));

	if (ctx->opts->input_data) {
		const char *name = ctx->opts->stdin_name ? ctx->opts->stdin_name : "<input>";
		if (ctx->opts->input_len > ctx->max_input_bytes) {
			fc_diag_error(ctx, noloc(name), "E0003", "input is larger than the limit of %zu bytes",
			              ctx->max_input_bytes);
			rc = FC_ERR;
		} else {
			addsource(ctx, name, fc_arena_strndup(ctx->arena, ctx->opts->input_data, ctx->opts->input_len),
			          ctx->opts->input_len);
		}
	}
	for (i = 0; i < n; i++) {
		struct stat st;
		const char *in = inputs[i];

		if (strcmp(in, "-") == 0) {
			const char *name = ctx->opts->stdin_name ? ctx->opts->stdin_name : "<stdin>";
			if (readstream(ctx, stdin, name))
				rc = FC_ERR;
			continue;
		}
		if (stat(in, &st) != 0) {
			fc_diag_error(ctx, noloc(in), "E0001", "cannot open '%s': %s", in, strerror(errno));
			ctx->io_error = true;
			rc = FC_ERR;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			struct pathlist l = { NULL, 0, 0 };
			if (walk(ctx, in, &l, 0))
				rc = FC_ERR;
			if (l.n) /* qsort(NULL, 0, ...) is undefined */
				qsort(l.v, l.n, sizeof(*l.v), cmpstr);
			for (j = 0; j < l.n; j++) {
				if (!is_defaults(&defaults, l.v[j]) && readfile(ctx, l.v[j], true))
					rc = FC_ERR;
				fc_xfree(l.v[j]);
			}
			fc_xfree(l.v);
			continue;
		}
		{
			const char *base = strrchr(in, '/');
			if (strcmp(base ? base + 1 : in, FC_DEFAULTS_FILE) == 0 || is_defaults(&defaults, in))
				continue; /* read by defaults.c */
		}
		if (readfile(ctx, in, S_ISREG(st.st_mode)))
			rc = FC_ERR;
	}
	return rc;
}

int fc_source_load_one(struct fc_ctx *ctx, const char *path, const struct fc_source **out)
{
	struct fc_source **tail = ctx->sources_tail;

	if (readfile(ctx, path, false))
		return FC_ERR;
	(*tail)->input = false;
	*out = *tail;
	return (*out)->utf8_ok ? 0 : FC_ERR;
}

void fc_source_read_for_diags(struct fc_ctx *ctx)
{
	const struct fc_diag *d;
	const char **files;
	struct fc_source *s;
	size_t n = 0, i;

	for (d = ctx->diags; d; d = d->next)
		n++;
	if (!n)
		return;
	files = fc_xmalloc(n * sizeof(*files));
	for (d = ctx->diags, i = 0; d; d = d->next)
		files[i++] = d->loc.file;
	qsort(files, n, sizeof(*files), cmpname);
	for (s = ctx->sources; s; s = s->next) {
		size_t len;
		char *t;
		if (!s->lazy || s->text || !bsearch(&s->name, files, n, sizeof(*files), cmpname))
			continue;
		if ((t = reread(s->name, s->len, &len)) != NULL) {
			s->text = fc_arena_strndup(ctx->arena, t, len);
			s->len = len;
		}
		fc_xfree(t);
	}
	fc_xfree(files);
}
