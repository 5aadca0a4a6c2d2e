/* SPDX-License-Identifier: Apache-2.0 */
/* outdir.c - `render -o DIR` and `check --golden DIR`; see outdir.h and fc.h.
 *
 * Writing never modifies DIR in place.  The complete new content is built
 * in a sibling directory .<base>.flinkc-new-XXXXXX: the rendered files,
 * the index, and every other entry of DIR carried over (regular files as
 * hard links, or copies where linking fails; symbolic links recreated;
 * directories with their modes).  Then the two directories are exchanged
 * (renameat2 RENAME_EXCHANGE; without it DIR is renamed aside and the new
 * one renamed in, and back on failure) and the old content is removed.
 * Any failure before the swap removes the new directory, so DIR is exactly
 * as it was.  When nothing would change, DIR is not touched at all.
 */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "hashes.h"
#include "manifest.h"
#include "os.h"
#include "textdiff.h"

#define NAME_MAX_BYTES 255 /* a file name component on every common file system */
#define NAME_KEEP 200      /* bytes kept of a name that is too long */

/* ---- naming ---- */

static void escape(struct fc_buf *out, const char *s, const char *extra, bool lower)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (lower && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c && strchr(extra, c))) {
			fc_buf_putc(out, (char)c);
		} else {
			fc_buf_putc(out, '%');
			fc_buf_putc(out, hex[c >> 4]);
			fc_buf_putc(out, hex[c & 15]);
		}
	}
}

/* append component s[0..n) + ext, shortened with a hash when too long */
static void component(struct fc_buf *out, const char *s, size_t n, const char *ext)
{
	size_t keep = NAME_KEEP;
	char h[FC_HASHES_LEN + 1];

	if (n + strlen(ext) <= NAME_MAX_BYTES) {
		fc_buf_append(out, s, n);
		fc_buf_puts(out, ext);
		return;
	}
	/* do not cut a %XX escape in two */
	if (s[keep - 1] == '%')
		keep -= 1;
	else if (s[keep - 2] == '%')
		keep -= 2;
	fc_hashes_hex(h, s, n);
	fc_buf_append(out, s, keep);
	fc_buf_printf(out, "~%s%s", h, ext);
}

void fc_outdir_name(struct fc_buf *out, const char *api_version, const char *kind, const char *namespace_,
                    const char *name, const char *ext)
{
	struct fc_buf part = FC_BUF_INIT;
	const char *slash = strchr(api_version, '/');

	if (*namespace_) {
		escape(&part, namespace_, "-", false);
		component(out, part.ptr, part.len, "");
	} else {
		fc_buf_puts(out, "_cluster");
	}
	fc_buf_putc(out, '/');
	fc_buf_clear(&part);
	escape(&part, kind, "", true);
	if (slash) {
		char *group = fc_xmalloc((size_t)(slash - api_version) + 1);
		memcpy(group, api_version, (size_t)(slash - api_version));
		group[slash - api_version] = '\0';
		fc_buf_putc(&part, '.');
		escape(&part, group, ".-", false);
		fc_xfree(group);
	}
	fc_buf_putc(&part, '_');
	escape(&part, name, ".-", false);
	component(out, part.ptr, part.len, ext);
	fc_buf_fini(&part);
}

/* ---- the rendered files and DIR ---- */

struct file {
	const char *path; /* relative to DIR */
	const char *text;
	size_t len;
};

struct job {
	struct fc_ctx *ctx;
	const char *dir;       /* as given, for messages */
	char *abs;             /* absolute, symbolic links resolved (run arena) */
	char *parent, *base;   /* abs split at its last '/' */
	bool exists;
	mode_t mode;           /* of DIR, or what a new directory gets */
	struct file *files;    /* sorted by path */
	size_t nfiles;
	const char **old_index; /* sorted, unique */
	size_t nold;
	unsigned flags;
	size_t pruned;         /* while copying */
};

static struct fc_loc at(const char *file)
{
	struct fc_loc l = { file, 0, 0, 0 };
	return l;
}

static void io_error(struct job *j, const char *what, const char *path)
{
	fc_diag_error(j->ctx, at(j->dir), "E0710", "cannot %s '%s': %s", what, path, strerror(errno));
	j->ctx->io_error = true;
}

static char *join(struct fc_arena *a, const char *x, const char *y)
{
	size_t n = strlen(x);

	if (!*y)
		return fc_arena_strdup(a, x);
	return fc_arena_printf(a, "%s%s%s", x, n && x[n - 1] == '/' ? "" : "/", y);
}

static int cmp_file(const void *x, const void *y)
{
	return strcmp(((const struct file *)x)->path, ((const struct file *)y)->path);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const struct file *find_file(const struct job *j, const char *path)
{
	struct file key = { path, NULL, 0 };

	return j->nfiles ? bsearch(&key, j->files, j->nfiles, sizeof(key), cmp_file) : NULL;
}

static bool in_old_index(const struct job *j, const char *path)
{
	return j->nold && bsearch(&path, j->old_index, j->nold, sizeof(path), cmp_str) != NULL;
}

/* the rendered objects as files, sorted by path; duplicates are a bug upstream */
static int collect(struct job *j, struct fc_result *r)
{
	struct fc_arena *a = j->ctx->arena;
	const char *ext = j->ctx->opts->format == FC_FORMAT_JSON ? ".json" : ".yaml";
	struct fc_buf b = FC_BUF_INIT;
	size_t i;

	j->nfiles = fc_result_nobjects(r);
	j->files = fc_arena_alloc(a, (j->nfiles ? j->nfiles : 1) * sizeof(*j->files));
	for (i = 0; i < j->nfiles; i++) {
		const struct fc_object *o = fc_result_object(r, i);
		fc_buf_clear(&b);
		fc_outdir_name(&b, o->api_version, o->kind, o->namespace_, o->name, ext);
		j->files[i].path = fc_arena_strndup(a, b.ptr, b.len);
		j->files[i].text = o->text;
		j->files[i].len = o->len;
	}
	fc_buf_fini(&b);
	qsort(j->files, j->nfiles, sizeof(*j->files), cmp_file);
	for (i = 1; i < j->nfiles; i++) {
		if (strcmp(j->files[i - 1].path, j->files[i].path) == 0) {
			fc_diag_error(j->ctx, at(j->dir), "E0713", "two objects map to the same file '%s'",
			              j->files[i].path);
			j->ctx->io_error = true; /* an internal error: exit status 3 */
			return FC_ERR;
		}
	}
	return 0;
}

static mode_t default_dir_mode(void)
{
	mode_t m = umask(0);

	umask(m);
	return 0777 & ~m;
}

/* find DIR: absolute path, parent, base, whether it exists */
static int resolve(struct job *j, const char *dir)
{
	struct fc_arena *a = j->ctx->arena;
	struct stat st;
	char *rp, *slash;

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			fc_diag_error(j->ctx, at(dir), "E0711", "'%s' exists and is not a directory", dir);
			j->ctx->io_error = true;
			return FC_ERR;
		}
		if (!(j->abs = fc_os_realpath(a, dir))) {
			io_error(j, "resolve", dir);
			return FC_ERR;
		}
		j->exists = true;
		j->mode = st.st_mode & 07777;
	} else if (errno == ENOENT) {
		char *d = fc_arena_strdup(a, dir), *base, *parent;
		size_t n = strlen(d);
		while (n > 1 && d[n - 1] == '/')
			d[--n] = '\0';
		slash = strrchr(d, '/');
		base = slash ? slash + 1 : d;
		parent = slash ? (slash == d ? "/" : (*slash = '\0', d)) : ".";
		if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
			fc_diag_error(j->ctx, at(dir), "E0711", "cannot use '%s' as an output directory", dir);
			j->ctx->io_error = true;
			return FC_ERR;
		}
		if (!(rp = fc_os_realpath(a, parent))) {
			io_error(j, "create", dir);
			return FC_ERR;
		}
		j->abs = join(a, rp, base);
		j->exists = false;
		j->mode = default_dir_mode();
	} else {
		io_error(j, "open", dir);
		return FC_ERR;
	}
	slash = strrchr(j->abs, '/');
	if (!slash || !slash[1]) {
		fc_diag_error(j->ctx, at(dir), "E0711", "cannot use '%s' as an output directory", dir);
		j->ctx->io_error = true;
		return FC_ERR;
	}
	j->parent = slash == j->abs ? "/" : fc_arena_strndup(a, j->abs, (size_t)(slash - j->abs));
	j->base = slash + 1;
	return 0;
}

/* Read a whole file into b.  1 if read, 0 if it is not there (or is not a
 * regular file), -1 on an I/O error with errno set. */
static int slurp(struct fc_buf *b, const char *path)
{
	char chunk[65536];
	struct stat st;
	ssize_t n;
	int fd;

	fc_buf_clear(b);
	if (lstat(path, &st) != 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	if (!S_ISREG(st.st_mode))
		return 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		fc_buf_append(b, chunk, (size_t)n);
	}
	close(fd);
	return 1;
}

/* a safe relative path: no leading '/', no empty, "." or ".." component */
static bool safe_path(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/')
		return false;
	while (*c) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n + (e ? 1 : 0);
		if (e && !*c)
			return false;
	}
	return true;
}

/* DIR/.flinkc-index: the files flinkc wrote, one per line; '#' comments */
static int read_index(struct job *j)
{
	struct fc_arena *a = j->ctx->arena;
	struct fc_buf b = FC_BUF_INIT;
	const char *p, *end;
	size_t cap = 0, i, k;
	int rc;

	j->old_index = NULL;
	j->nold = 0;
	if (!j->exists)
		return 0;
	rc = slurp(&b, join(a, j->abs, FC_OUTDIR_INDEX));
	if (rc < 0) {
		io_error(j, "read", join(a, j->dir, FC_OUTDIR_INDEX));
		fc_buf_fini(&b);
		return FC_ERR;
	}
	for (p = b.ptr, end = b.ptr + b.len; rc == 1 && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = fc_arena_strndup(a, p, n);
		p += n + (nl ? 1 : 0);
		if (!*line || *line == '#' || strlen(line) != n || !safe_path(line))
			continue;
		if (j->nold == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			j->old_index = fc_arena_grow(a, (void *)j->old_index, j->nold, ncap, sizeof(char *));
			cap = ncap;
		}
		j->old_index[j->nold++] = line;
	}
	fc_buf_fini(&b);
	if (j->nold > 1) {
		qsort((void *)j->old_index, j->nold, sizeof(char *), cmp_str);
		for (i = 1, k = 1; i < j->nold; i++)
			if (strcmp(j->old_index[i], j->old_index[k - 1]) != 0)
				j->old_index[k++] = j->old_index[i];
		j->nold = k;
	}
	return 0;
}

static bool exists_nofollow(const char *path, bool *is_dir)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return false;
	if (is_dir)
		*is_dir = S_ISDIR(st.st_mode);
	return true;
}

/* ---- writing ---- */

static int write_all(const char *path, const char *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	size_t off = 0;

	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return close(fd);
}

static int copy_file(const char *from, const char *to, mode_t mode)
{
	struct fc_buf b = FC_BUF_INIT;
	int rc = slurp(&b, from);

	if (rc == 1)
		rc = write_all(to, b.ptr ? b.ptr : "", b.len, mode) == 0 && chmod(to, mode) == 0 ? 0 : -1;
	else
		rc = -1;
	fc_buf_fini(&b);
	return rc;
}

/* remove a tree without following symbolic links; best effort, 0 or -1 */
static int remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	chmod(path, 0700); /* a read-only directory cannot be emptied */
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d)) != NULL) {
		size_t n;
		char *p;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n = strlen(path) + strlen(e->d_name) + 2;
		p = fc_xmalloc(n);
		snprintf(p, n, "%s/%s", path, e->d_name);
		if (remove_tree(p))
			rc = -1;
		fc_xfree(p);
	}
	closedir(d);
	return rmdir(path) || rc ? -1 : 0;
}

/* names in directory path, sorted (so errors are deterministic); NULL + errno on failure */
static char **list_dir(struct fc_arena *a, const char *path, size_t *n)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			v = fc_arena_grow(a, v, *n, ncap, sizeof(*v));
			cap = ncap;
		}
		v[(*n)++] = fc_arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v ? v : fc_arena_alloc(a, sizeof(*v));
}

/* Carry DIR/rel over into NEW/rel: everything except the rendered files, the
 * index, and (with prune) files of the old index.  *pruned_here is set when
 * something below was pruned. */
static int carry(struct job *j, const char *tmp, const char *rel, bool *pruned_here)
{
	struct fc_arena *a = j->ctx->arena;
	const char *src_dir = join(a, j->abs, rel);
	size_t n, i;
	char **names = list_dir(a, src_dir, &n);

	if (!names) {
		io_error(j, "read directory", join(a, j->dir, rel));
		return FC_ERR;
	}
	for (i = 0; i < n; i++) {
		const char *r = *rel ? join(a, rel, names[i]) : names[i];
		const char *src = join(a, j->abs, r), *dst = join(a, tmp, r);
		struct stat st;

		if (!*rel && strcmp(names[i], FC_OUTDIR_INDEX) == 0)
			continue;
		if (lstat(src, &st) != 0) {
			io_error(j, "read", join(a, j->dir, r));
			return FC_ERR;
		}
		if (S_ISDIR(st.st_mode)) {
			bool below = false;
			if (find_file(j, r)) {
				errno = EISDIR;
				io_error(j, "replace", join(a, j->dir, r));
				return FC_ERR;
			}
			if (mkdir(dst, 0700) != 0 && errno != EEXIST) {
				io_error(j, "create", dst);
				return FC_ERR;
			}
			if (carry(j, tmp, r, &below))
				return FC_ERR;
			/* a directory emptied by pruning goes too; rmdir fails on anything else */
			if (below && rmdir(dst) == 0) {
				*pruned_here = true;
				continue;
			}
			if (chmod(dst, st.st_mode & 07777) != 0) {
				io_error(j, "set the mode of", dst);
				return FC_ERR;
			}
		} else if (find_file(j, r)) {
			continue; /* replaced by the rendered file */
		} else if ((j->flags & FC_OUTDIR_PRUNE) && in_old_index(j, r)) {
			j->pruned++;
			*pruned_here = true;
		} else if (S_ISLNK(st.st_mode)) {
			char *target = fc_arena_alloc(a, (size_t)st.st_size + 1);
			ssize_t len = readlink(src, target, (size_t)st.st_size + 1);
			if (len < 0 || (size_t)len > (size_t)st.st_size) {
				io_error(j, "read the link", join(a, j->dir, r));
				return FC_ERR;
			}
			target[len] = '\0';
			if (symlink(target, dst) != 0) {
				io_error(j, "create the link", dst);
				return FC_ERR;
			}
		} else if (S_ISREG(st.st_mode)) {
			if (link(src, dst) != 0 && copy_file(src, dst, st.st_mode & 07777) != 0) {
				io_error(j, "copy", join(a, j->dir, r));
				return FC_ERR;
			}
		} else {
			fc_diag_error(j->ctx, at(j->dir), "E0712",
			              "cannot carry '%s' over into the new directory: not a regular file, "
			              "directory or symbolic link",
			              join(a, j->dir, r));
			j->ctx->io_error = true;
			return FC_ERR;
		}
	}
	return 0;
}

/* the index text for the rendered files plus the stale ones kept */
static void index_text(struct fc_buf *out, const struct job *j, const char **kept, size_t nkept)
{
	size_t i = 0, k = 0;

	fc_buf_puts(out, "# Files written by flinkc render -o; --prune removes those no longer rendered.\n");
	while (i < j->nfiles || k < nkept) {
		if (k == nkept || (i < j->nfiles && strcmp(j->files[i].path, kept[k]) < 0))
			fc_buf_printf(out, "%s\n", j->files[i++].path);
		else
			fc_buf_printf(out, "%s\n", kept[k++]);
	}
}

static char *make_temp(struct job *j, const char *what)
{
	char *t = fc_arena_printf(j->ctx->arena, "%s/.%s.flinkc-%s-XXXXXX", j->parent, j->base, what);

	if (!mkdtemp(t)) {
		io_error(j, "create a directory beside", j->dir);
		return NULL;
	}
	return t;
}

/* build NEW beside DIR; returns its path or NULL (and NEW is gone) */
static char *build(struct job *j, const struct fc_buf *index)
{
	struct fc_arena *a = j->ctx->arena;
	char *tmp = make_temp(j, "new");
	size_t i;
	bool pruned = false;

	if (!tmp)
		return NULL;
	for (i = 0; i < j->nfiles; i++) {
		const char *path = join(a, tmp, j->files[i].path);
		const char *slash = strchr(j->files[i].path, '/');
		if (slash) {
			const char *d = join(a, tmp, fc_arena_strndup(a, j->files[i].path,
			                                              (size_t)(slash - j->files[i].path)));
			if (mkdir(d, 0777) != 0 && errno != EEXIST) {
				io_error(j, "create", d);
				goto fail;
			}
		}
		if (write_all(path, j->files[i].text, j->files[i].len, 0666) != 0) {
			io_error(j, "write", path);
			goto fail;
		}
	}
	if (write_all(join(a, tmp, FC_OUTDIR_INDEX), index->ptr, index->len, 0666) != 0) {
		io_error(j, "write", join(a, tmp, FC_OUTDIR_INDEX));
		goto fail;
	}
	j->pruned = 0;
	if (j->exists && carry(j, tmp, "", &pruned))
		goto fail;
	if (chmod(tmp, j->mode) != 0) {
		io_error(j, "set the mode of", tmp);
		goto fail;
	}
	return tmp;
fail:
	remove_tree(tmp);
	return NULL;
}

/* put NEW in DIR's place; the old content is removed afterwards */
static int swap(struct job *j, const char *tmp)
{
	const char *old;

	if (!j->exists) {
		if (rename(tmp, j->abs) != 0) {
			io_error(j, "create", j->dir);
			return FC_ERR;
		}
		return 0;
	}
	if (fc_os_exchange(tmp, j->abs) == 0) {
		old = tmp; /* now holds the old content */
	} else if (errno == ENOSYS) {
		if (!(old = make_temp(j, "old")))
			return FC_ERR;
		if (rename(j->abs, old) != 0) {
			io_error(j, "move aside", j->dir);
			rmdir(old);
			return FC_ERR;
		}
		if (rename(tmp, j->abs) != 0) {
			int e = errno;
			if (rename(old, j->abs) != 0)
				fc_diag_error(j->ctx, at(j->dir), "E0714",
				              "cannot move '%s' back into place: %s; the old content is in '%s'",
				              j->dir, strerror(errno), old);
			errno = e;
			io_error(j, "replace", j->dir);
			return FC_ERR;
		}
	} else {
		io_error(j, "replace", j->dir);
		return FC_ERR;
	}
	if (remove_tree(old) != 0)
		fc_diag_warning(j->ctx, at(j->dir), "W0710", "cannot remove the old content in '%s': %s", old,
		                strerror(errno));
	return 0;
}

static int setup(struct job *j, struct fc_result *r, const char *dir, unsigned flags,
                 struct fc_outdir_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	memset(j, 0, sizeof(*j));
	j->ctx = fc_compile__ctx(r);
	j->dir = dir;
	j->flags = flags;
	if (FC_NEVER(j->ctx->nerrors))
		return FC_ERR; /* a failed compilation writes nothing */
	if (collect(j, r) || resolve(j, dir) || read_index(j))
		return FC_ERR;
	return 0;
}

enum fc_status fc_outdir_write(struct fc_outdir_stats *stats, struct fc_result *r, const char *dir,
                               unsigned flags)
{
	struct job j;
	struct fc_buf cur = FC_BUF_INIT, index = FC_BUF_INIT;
	const char **kept;
	size_t i, nkept = 0;
	char *tmp;
	int rc = FC_ERR;

	if (setup(&j, r, dir, flags, stats))
		goto out;
	/* plan: what changes, and which stale flinkc files stay */
	for (i = 0; i < j.nfiles; i++) {
		int got = j.exists ? slurp(&cur, join(j.ctx->arena, j.abs, j.files[i].path)) : 0;
		if (got < 0) {
			io_error(&j, "read", join(j.ctx->arena, dir, j.files[i].path));
			goto out;
		}
		if (got == 0)
			stats->added++;
		else if (cur.len == j.files[i].len && memcmp(cur.ptr, j.files[i].text, cur.len) == 0)
			stats->unchanged++;
		else
			stats->changed++;
	}
	kept = fc_arena_alloc(j.ctx->arena, (j.nold ? j.nold : 1) * sizeof(*kept));
	for (i = 0; i < j.nold; i++) {
		bool is_dir = false;
		if (find_file(&j, j.old_index[i]) ||
		    !exists_nofollow(join(j.ctx->arena, j.abs, j.old_index[i]), &is_dir) || is_dir)
			continue;
		if (flags & FC_OUTDIR_PRUNE)
			stats->removed++;
		else
			kept[nkept++] = j.old_index[i];
	}
	stats->kept = nkept;
	index_text(&index, &j, kept, nkept);
	if (j.exists && !stats->added && !stats->changed && !stats->removed) {
		int got = slurp(&cur, join(j.ctx->arena, j.abs, FC_OUTDIR_INDEX));
		if (got == 1 && cur.len == index.len && memcmp(cur.ptr, index.ptr, cur.len) == 0) {
			rc = 0; /* nothing to do: leave DIR alone */
			goto out;
		}
	}
	if (!(tmp = build(&j, &index)))
		goto out;
	if (swap(&j, tmp)) {
		remove_tree(tmp);
		goto out;
	}
	stats->written = true;
	rc = 0;
out:
	fc_buf_fini(&cur);
	fc_buf_fini(&index);
	return rc ? (j.ctx && j.ctx->io_error ? FC_IOERR : FC_INVALID) : FC_OK;
}

/* ---- check ---- */

static bool is_manifest_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && (strcmp(name + n - 5, ".yaml") == 0 || strcmp(name + n - 5, ".json") == 0)) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* a file check reports as extra */
struct extra {
	const char *path;
	bool ours; /* listed in the index: --update removes it */
};

static int cmp_extra(const void *x, const void *y)
{
	return strcmp(((const struct extra *)x)->path, ((const struct extra *)y)->path);
}

/* Extra files, sorted: in the index and not rendered, and any other
 * *.yaml|*.yml|*.json one directory down (where flinkc writes) that is not
 * rendered, so that a stray manifest in a golden directory fails the check. */
static struct extra *extras(struct job *j, size_t *n)
{
	struct fc_arena *a = j->ctx->arena;
	struct extra *v = NULL;
	size_t cap = 0, i, k, ntop;
	char **top;

	*n = 0;
	if (!j->exists)
		return NULL;
#define PUSH(p, o)                                                               \
	do {                                                                     \
		if (*n == cap) {                                                 \
			size_t ncap_ = cap ? cap * 2 : 16;                       \
			v = fc_arena_grow(a, v, *n, ncap_, sizeof(*v));          \
			cap = ncap_;                                             \
		}                                                                \
		v[*n].path = (p);                                                \
		v[(*n)++].ours = (o);                                            \
	} while (0)
	for (i = 0; i < j->nold; i++) {
		bool is_dir = false;
		if (!find_file(j, j->old_index[i]) &&
		    exists_nofollow(join(a, j->abs, j->old_index[i]), &is_dir) && !is_dir)
			PUSH(j->old_index[i], true);
	}
	top = list_dir(a, j->abs, &ntop);
	for (i = 0; top && i < ntop; i++) {
		const char *d = join(a, j->abs, top[i]);
		struct stat st;
		char **names;
		size_t nn;
		if (top[i][0] == '.' || lstat(d, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		names = list_dir(a, d, &nn);
		for (k = 0; names && k < nn; k++) {
			const char *r = join(a, top[i], names[k]);
			if (is_manifest_name(names[k]) && !find_file(j, r) && !in_old_index(j, r) &&
			    lstat(join(a, j->abs, r), &st) == 0 && S_ISREG(st.st_mode))
				PUSH(r, false);
		}
	}
#undef PUSH
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_extra);
	return v;
}

enum fc_status fc_outdir_check(struct fc_outdir_stats *stats, struct fc_result *r, const char *dir,
                               struct fc_buf *out)
{
	struct job j;
	struct fc_buf cur = FC_BUF_INIT, text = FC_BUF_INIT;
	const char **missing;
	struct extra *extra;
	size_t i, nmissing = 0, nextra = 0;
	int rc = FC_ERR;

	if (setup(&j, r, dir, 0, stats))
		goto out;
	missing = fc_arena_alloc(j.ctx->arena, (j.nfiles ? j.nfiles : 1) * sizeof(*missing));
	for (i = 0; i < j.nfiles; i++) {
		const struct file *f = &j.files[i];
		const char *shown = join(j.ctx->arena, dir, f->path);
		int got = j.exists ? slurp(&cur, join(j.ctx->arena, j.abs, f->path)) : 0;
		if (got < 0) {
			io_error(&j, "read", shown);
			goto out;
		}
		if (got == 0) {
			missing[nmissing++] = shown;
			stats->added++;
		} else if (fc_textdiff_unified(&text, cur.ptr ? cur.ptr : "", cur.len, f->text, f->len, shown,
		                               shown, 3)) {
			stats->changed++;
		} else {
			stats->unchanged++;
		}
	}
	extra = extras(&j, &nextra);
	stats->removed = nextra;
	for (i = 0; i < nmissing; i++)
		fc_buf_printf(&text, "missing: %s\n", missing[i]);
	for (i = 0; i < nextra; i++)
		fc_buf_printf(&text, "extra: %s%s\n", join(j.ctx->arena, dir, extra[i].path),
		              extra[i].ours ? "" : " (not written by flinkc; --update keeps it)");
	fc_buf_append(out, text.ptr, text.len);
	rc = 0;
out:
	fc_buf_fini(&cur);
	fc_buf_fini(&text);
	if (rc)
		return j.ctx && j.ctx->io_error ? FC_IOERR : FC_INVALID;
	return stats->added || stats->changed || stats->removed ? FC_INVALID : FC_OK;
}
