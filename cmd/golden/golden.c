/* SPDX-License-Identifier: Apache-2.0 */
/* cmd/golden - the golden-file test runner (STYLE §8).
 *
 *   golden [--update] FLINKC TESTDATA_DIR GOLDEN_DIR [FILTER]
 *
 * Every subdirectory TESTDATA_DIR/<case> (byte order, names containing
 * FILTER if given) is one case.  Its command line is FLINKC followed by the
 * lines of <case>/args (one argument per line, blank lines ignored; default
 * "render").  "{case}" in a line is replaced by the case directory's path;
 * when no line mentions {case} and the case directory holds a *.yaml or
 * *.yml file, that path is appended.  <case>/stdin, if present, is fed as
 * standard input (else /dev/null).  Expected results:
 *
 *   GOLDEN_DIR/<case>/out.yaml   standard output   (absent = empty)
 *   GOLDEN_DIR/<case>/stderr     standard error    (absent = empty)
 *   GOLDEN_DIR/<case>/exit       exit status       (absent = 0)
 *
 * Each case runs twice: once with LC_ALL=C TZ=UTC in the current directory,
 * and once with LC_ALL=C.UTF-8 TZ=Pacific/Chatham FLINKC_SPILL_BYTES=0 (every
 * rendered text goes through the temporary file) FLINKC_JOBS=3 (three worker
 * threads whenever a case has two input files or more) from another working
 * directory (T/a/b of a temp dir T, where symlinks to every entry of the
 * current directory and of its parent make the same relative paths resolve,
 * e.g. testdata/... and ../shared/...).  Both runs must give the same bytes.
 *
 * Mismatches print "FAIL <case>" and unified diffs (diff -u), at most
 * DIFF_LINES lines per case.  --update rewrites GOLDEN_DIR from the output
 * instead and removes golden directories whose case is gone.  The last line
 * is "golden: N passed, M failed" (", K skipped" when K > 0); the exit
 * status is 1 if any case failed, 2 on usage or setup errors.
 *
 * A case whose arguments name a file under ../shared/ that does not exist
 * is skipped: a bare clone of the repository has no ../shared beside it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define DIFF_LINES 200           /* diff lines printed per case */
#define DEFAULT_TIMEOUT 60       /* seconds per run; GOLDEN_TIMEOUT overrides */

static const char *argv0 = "golden";

struct buf {
	char *ptr;
	size_t len, cap;
};

struct strvec {
	char **v;    /* NULL-terminated */
	size_t n, cap;
};

/* one run of flinkc */
struct result {
	struct buf out, err;
	int code;    /* exit status, or -1 if killed */
	int sig;     /* signal that killed it, or 0 */
};

/* everything a run needs that does not change from case to case */
struct runner {
	const char *flinkc;       /* as given; argv[0] of every run */
	char *flinkc_abs;         /* absolute path for the second run, or NULL (PATH) */
	const char *testdata;
	const char *golden;
	const char *filter;       /* NULL: all cases */
	bool update;
	unsigned timeout;
	char *tmp;                /* T */
	char *altcwd;             /* T/a/b */
	char *f_out, *f_err;      /* T/stdout, T/stderr: a run's output */
	char *f_a, *f_b, *f_diff; /* T/a.txt, T/b.txt, T/diff: diff input and output */
};

/* where the FAIL line of a case has been printed, and the diff budget */
struct report {
	const char *name;
	bool failed;
	int lines_left;
};

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", argv0);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

/* a newly allocated "a/b", without doubling a trailing '/' of a */
static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xrealloc(NULL, la + lb + 2);

	memcpy(s, a, la);
	if (la && a[la - 1] != '/')
		s[la++] = '/';
	memcpy(s + la, b, lb + 1);
	return s;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n + 1) {
		while (b->cap - b->len < n + 1)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->ptr = xrealloc(b->ptr, b->cap);
	}
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

static void buf_free(struct buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

static bool buf_eq(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0);
}

static void vec_push(struct strvec *v, char *s)
{
	if (v->n + 2 > v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = xrealloc(v->v, v->cap * sizeof *v->v);
	}
	v->v[v->n++] = s;
	v->v[v->n] = NULL;
}

static void vec_free(struct strvec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

/* read a whole file into b; returns 1 if read, 0 if it does not exist, -1 on error */
static int read_file(struct buf *b, const char *path)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	b->len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: cannot open '%s': %s\n", argv0, path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: cannot read '%s': %s\n", argv0, path, strerror(errno));
			close(fd);
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	return 1;
}

static int write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	size_t off = 0;

	if (fd < 0)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			goto fail;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "%s: cannot write '%s': %s\n", argv0, path, strerror(errno));
	return -1;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * the entries of dir, sorted bytewise, without "." and "..": all of them, or
 * only the subdirectories not starting with '.'.  A missing dir is empty.
 */
static void list_dir(struct strvec *out, const char *dir, bool subdirs)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		if (errno != ENOENT)
			die("cannot open directory '%s': %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (subdirs) {
			char *p;
			bool keep;

			if (e->d_name[0] == '.')
				continue;
			p = join(dir, e->d_name);
			keep = is_dir(p);
			free(p);
			if (!keep)
				continue;
		}
		vec_push(out, xstrdup(e->d_name));
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static bool has_yaml(const char *dir)
{
	struct strvec names = { 0 };
	bool found = false;
	size_t i;

	list_dir(&names, dir, false);
	for (i = 0; i < names.n && !found; i++)
		found = ends_with(names.v[i], ".yaml") || ends_with(names.v[i], ".yml");
	vec_free(&names);
	return found;
}

/* s with every "{case}" replaced by casepath; *hit is set if there was one */
static char *subst_case(const char *s, size_t len, const char *casepath, bool *hit)
{
	static const char key[] = "{case}";
	struct buf b = { 0 };
	size_t i = 0;

	while (i < len) {
		if (len - i >= sizeof key - 1 && memcmp(s + i, key, sizeof key - 1) == 0) {
			buf_add(&b, casepath, strlen(casepath));
			i += sizeof key - 1;
			*hit = true;
		} else {
			buf_add(&b, s + i, 1);
			i++;
		}
	}
	if (!b.ptr)
		buf_add(&b, "", 0);
	return b.ptr;
}

/* argv of a case, after argv[0]; returns -1 if <case>/args cannot be read */
static int case_args(struct strvec *out, const char *casepath)
{
	char *argspath = join(casepath, "args");
	struct buf b = { 0 };
	bool hit = false;
	int rc = read_file(&b, argspath);

	free(argspath);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		vec_push(out, xstrdup("render"));
	} else {
		const char *p = b.ptr, *end = b.ptr + b.len;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *eol = nl ? nl : end;
			size_t n = (size_t)(eol - p), k;

			if (n && p[n - 1] == '\r')
				n--;
			for (k = 0; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
				;
			if (k < n)
				vec_push(out, subst_case(p, n, casepath, &hit));
			p = nl ? nl + 1 : end;
		}
	}
	buf_free(&b);
	if (!hit && has_yaml(casepath))
		vec_push(out, xstrdup(casepath));
	return 0;
}

/* how to start one child process */
struct spawn {
	char *const *argv;
	const char *path;      /* executable; NULL: execvp(argv[0]) */
	const char *cwd;       /* NULL: inherit */
	const char *const *env; /* NAME=VALUE pairs to set, NULL-terminated, or NULL */
	const char *in;        /* stdin file; NULL: /dev/null */
	const char *out, *err; /* stdout/stderr files; NULL: inherit */
	unsigned timeout;      /* seconds; 0: none */
};

/* child side: redirect and exec; never returns */
static void child(const struct spawn *s)
{
	const char *const *e;
	int fd;

	if (s->cwd && chdir(s->cwd) != 0) {
		fprintf(stderr, "%s: cannot chdir to '%s': %s\n", argv0, s->cwd, strerror(errno));
		_exit(127);
	}
	for (e = s->env; e && *e; e += 2)
		setenv(e[0], e[1], 1);
	fd = open(s->in ? s->in : "/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0)
		_exit(127);
	close(fd);
	if (s->out) {
		fd = open(s->out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		close(fd);
	}
	if (s->err) {
		fd = open(s->err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(127);
		close(fd);
	}
	/* a pending alarm survives exec: SIGALRM ends a hanging run */
	if (s->timeout)
		alarm(s->timeout);
	if (s->path)
		execv(s->path, s->argv);
	else
		execvp(s->argv[0], s->argv);
	fprintf(stderr, "%s: cannot run '%s': %s\n", argv0, s->path ? s->path : s->argv[0],
	        strerror(errno));
	_exit(127);
}

/* run a child to completion; returns its wait status */
static int spawn_wait(const struct spawn *s)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0)
		child(s);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	return status;
}

/* run flinkc for a case; alt selects the second, changed environment */
static void run_case(struct result *r, const struct runner *R, char *const *argv,
                     const char *stdin_path, bool alt)
{
	static const char *const env1[] = { "LC_ALL", "C", "LANG", "C", "TZ", "UTC", NULL };
	/* the second run also keeps every rendered text in the spill file and
	 * compiles on worker threads */
	static const char *const env2[] = { "LC_ALL", "C.UTF-8", "LANG", "C.UTF-8", "TZ", "Pacific/Chatham",
		                            "FLINKC_SPILL_BYTES", "0", "FLINKC_JOBS", "3", NULL };
	struct spawn s = {
		.argv = argv,
		.path = alt ? R->flinkc_abs : (strchr(R->flinkc, '/') ? R->flinkc : NULL),
		.cwd = alt ? R->altcwd : NULL,
		.env = alt ? env2 : env1,
		.in = stdin_path,
		.out = R->f_out,
		.err = R->f_err,
		.timeout = R->timeout,
	};
	int status = spawn_wait(&s);

	r->code = -1;
	r->sig = 0;
	if (WIFEXITED(status))
		r->code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->sig = WTERMSIG(status);
	if (read_file(&r->out, R->f_out) < 0 || read_file(&r->err, R->f_err) < 0)
		die("cannot read the output of a run");
}

static void result_free(struct result *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

/* print "FAIL <case><why>" once per reason */
static void fail(struct report *rep, const char *why)
{
	printf("FAIL %s%s\n", rep->name, why);
	rep->failed = true;
}

/* print one line of diff output, keeping to the case's budget */
static void print_limited(struct report *rep, const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (rep->lines_left == 0) {
			printf("... (diff truncated after %d lines)\n", DIFF_LINES);
			rep->lines_left = -1;
		}
		if (rep->lines_left < 0)
			return;
		printf("%.*s\n", (int)n, p);
		rep->lines_left--;
		p = nl ? nl + 1 : end;
	}
}

/* print diff -u of a (from file path_a, or the bytes in a) and the bytes b */
static void show_diff(const struct runner *R, struct report *rep, const char *label_a,
                      const char *path_a, const struct buf *a, const char *label_b,
                      const struct buf *b)
{
	char *argv[] = { "diff", "-u", "-L", NULL, "-L", NULL, NULL, NULL, NULL };
	struct spawn s = { .argv = argv, .out = R->f_diff };
	struct buf out = { 0 };
	int status, i;

	if (rep->lines_left < 0)
		return;
	if (!path_a) {
		if (write_file(R->f_a, a->ptr, a->len) < 0)
			die("cannot write temporary files");
		path_a = R->f_a;
	}
	if (write_file(R->f_b, b->ptr, b->len) < 0)
		die("cannot write temporary files");
	argv[3] = xstrdup(label_a);
	argv[5] = xstrdup(label_b);
	argv[6] = xstrdup(path_a);
	argv[7] = R->f_b;
	status = spawn_wait(&s);
	for (i = 3; i <= 6; i += i == 3 ? 2 : 1)
		free(argv[i]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1 || read_file(&out, R->f_diff) < 0) {
		printf("(cannot run diff -u; %s and %s differ)\n", label_a, label_b);
	} else {
		print_limited(rep, out.ptr ? out.ptr : "", out.len);
	}
	buf_free(&out);
}

/* the three parts of a result, as text */
enum part { PART_OUT, PART_ERR, PART_EXIT };
static const char *const part_file[] = { "out.yaml", "stderr", "exit" };

static void part_text(struct buf *out, const struct result *r, enum part p)
{
	char num[32];

	out->len = 0;
	switch (p) {
	case PART_OUT:
		buf_add(out, r->out.ptr ? r->out.ptr : "", r->out.len);
		break;
	case PART_ERR:
		buf_add(out, r->err.ptr ? r->err.ptr : "", r->err.len);
		break;
	case PART_EXIT:
		snprintf(num, sizeof num, "%d\n", r->code);
		buf_add(out, num, strlen(num));
		break;
	}
}

/* both runs must give the same bytes; reports and returns false if not */
static bool check_same(const struct runner *R, struct report *rep, const struct result *r1,
                       const struct result *r2)
{
	struct buf a = { 0 }, b = { 0 };
	bool same = true;
	int p;

	for (p = PART_OUT; p <= PART_EXIT; p++) {
		part_text(&a, r1, (enum part)p);
		part_text(&b, r2, (enum part)p);
		if (buf_eq(&a, &b))
			continue;
		if (same)
			fail(rep, " (not deterministic)");
		same = false;
		{
			char l1[64], l2[64];
			snprintf(l1, sizeof l1, "%s (run 1)", part_file[p]);
			snprintf(l2, sizeof l2, "%s (run 2)", part_file[p]);
			show_diff(R, rep, l1, NULL, &a, l2, &b);
		}
	}
	buf_free(&a);
	buf_free(&b);
	return same;
}

/* compare a result with GOLDEN_DIR/<case>/ and report differences */
static void check_golden(const struct runner *R, struct report *rep, const char *gdir,
                         const struct result *r)
{
	struct buf want = { 0 }, got = { 0 };
	int p;

	for (p = PART_OUT; p <= PART_EXIT; p++) {
		char *path = join(gdir, part_file[p]);
		int rc = read_file(&want, path);

		if (rc < 0) {
			fail(rep, " (cannot read golden file)");
			free(path);
			continue;
		}
		if (rc == 0) {
			want.len = 0;
			if (p == PART_EXIT)
				buf_add(&want, "0\n", 2);
		} else if (p == PART_EXIT) {
			/* "1", "1\n": compare as numbers */
			char *end;
			long v = strtol(want.ptr ? want.ptr : "", &end, 10);
			while (*end == '\n' || *end == ' ' || *end == '\r' || *end == '\t')
				end++;
			if (want.len == 0 || *end != '\0' || v < 0 || v > 255) {
				fail(rep, " (bad exit file)");
				free(path);
				continue;
			}
			want.len = 0;
			{
				char num[32];
				snprintf(num, sizeof num, "%ld\n", v);
				buf_add(&want, num, strlen(num));
			}
		}
		part_text(&got, r, (enum part)p);
		if (!buf_eq(&want, &got)) {
			char label[64];
			if (!rep->failed)
				fail(rep, "");
			snprintf(label, sizeof label, "actual %s", part_file[p]);
			show_diff(R, rep, path, rc && p != PART_EXIT ? path : NULL, &want, label,
			          &got);
		}
		free(path);
	}
	buf_free(&want);
	buf_free(&got);
}

static bool known_part(const char *name)
{
	return strcmp(name, "out.yaml") == 0 || strcmp(name, "stderr") == 0 ||
	       strcmp(name, "exit") == 0;
}

/* set path to exactly data (remove it if data is empty); returns 1 if changed */
static int sync_file(const char *path, const struct buf *data)
{
	struct buf old = { 0 };
	int rc = read_file(&old, path);
	int changed = 0;

	if (rc < 0)
		die("cannot update '%s'", path);
	if (data->len == 0) {
		if (rc == 1) {
			if (unlink(path) != 0)
				die("cannot remove '%s': %s", path, strerror(errno));
			changed = 1;
		}
	} else if (rc == 0 || !buf_eq(&old, data)) {
		if (write_file(path, data->ptr, data->len) < 0)
			die("cannot update '%s'", path);
		changed = 1;
	}
	buf_free(&old);
	return changed;
}

/* --update: make GOLDEN_DIR/<case>/ hold exactly r */
static void update_golden(const struct runner *R, const char *name, const char *gdir,
                          const struct result *r)
{
	struct strvec names = { 0 };
	struct buf data = { 0 };
	int changed = 0, p;
	size_t i;

	if ((r->out.len || r->err.len || r->code != 0) && !is_dir(gdir)) {
		if (mkdir(R->golden, 0777) != 0 && errno != EEXIST)
			die("cannot create '%s': %s", R->golden, strerror(errno));
		if (mkdir(gdir, 0777) != 0 && errno != EEXIST)
			die("cannot create '%s': %s", gdir, strerror(errno));
	}
	for (p = PART_OUT; p <= PART_EXIT; p++) {
		char *path = join(gdir, part_file[p]);

		part_text(&data, r, (enum part)p);
		if (p == PART_EXIT && r->code == 0)
			data.len = 0;
		if (data.len || is_dir(gdir))
			changed |= sync_file(path, &data);
		free(path);
	}
	/* files of an older layout */
	list_dir(&names, gdir, false);
	for (i = 0; i < names.n; i++) {
		char *path;
		if (known_part(names.v[i]))
			continue;
		path = join(gdir, names.v[i]);
		if (unlink(path) == 0)
			changed = 1;
		free(path);
	}
	vec_free(&names);
	rmdir(gdir); /* only succeeds if empty: an all-empty result needs no directory */
	if (changed)
		printf("UPDATE %s\n", name);
	buf_free(&data);
}

/* the first argument naming a file under ../shared/ that is absent, or NULL */
static const char *missing_shared(const struct strvec *argv)
{
	struct stat st;
	size_t i;

	for (i = 0; i < argv->n; i++) {
		const char *p = strstr(argv->v[i], "../shared/");
		if (p && stat(p, &st) != 0)
			return p;
	}
	return NULL;
}

enum verdict { PASSED, FAILED, SKIPPED };

/* run one case */
static enum verdict do_case(const struct runner *R, const char *name)
{
	char *casepath = join(R->testdata, name);
	char *gdir = join(R->golden, name);
	char *stdin_path = join(casepath, "stdin");
	struct strvec argv = { 0 };
	struct result r1 = { 0 }, r2 = { 0 };
	struct report rep = { .name = name, .lines_left = DIFF_LINES };
	struct stat st;
	bool skipped = false;

	vec_push(&argv, xstrdup(R->flinkc));
	if (case_args(&argv, casepath) < 0) {
		fail(&rep, " (cannot read args)");
		goto out;
	}
	if (missing_shared(&argv)) {
		printf("SKIP %s (no %s)\n", name, missing_shared(&argv));
		skipped = true;
		goto out;
	}
	if (stat(stdin_path, &st) != 0) {
		free(stdin_path);
		stdin_path = NULL;
	}

	run_case(&r1, R, argv.v, stdin_path, false);
	if (!r1.sig) /* a crash or timeout is reported without a second wait */
		run_case(&r2, R, argv.v, stdin_path, true);

	if (r1.sig || r2.sig) {
		const struct result *k = r1.sig ? &r1 : &r2;
		char why[80];
		snprintf(why, sizeof why, " (killed by signal %d%s in run %d)", k->sig,
		         k->sig == SIGALRM ? ", timeout" : "", k == &r1 ? 1 : 2);
		fail(&rep, why);
		print_limited(&rep, k->err.ptr ? k->err.ptr : "", k->err.len);
		goto out;
	}
	if (!R->update) {
		check_golden(R, &rep, gdir, &r1);
		/* unexpected files: a golden directory holds only the three parts */
		{
			struct strvec names = { 0 };
			size_t i;
			list_dir(&names, gdir, false);
			for (i = 0; i < names.n; i++) {
				if (known_part(names.v[i]))
					continue;
				if (!rep.failed)
					fail(&rep, "");
				printf("unexpected file %s/%s\n", gdir, names.v[i]);
			}
			vec_free(&names);
		}
	}
	if (check_same(R, &rep, &r1, &r2) && R->update)
		update_golden(R, name, gdir, &r1);
out:
	result_free(&r1);
	result_free(&r2);
	vec_free(&argv);
	free(stdin_path);
	free(casepath);
	free(gdir);
	return rep.failed ? FAILED : skipped ? SKIPPED : PASSED;
}

/* delete a tree without following symlinks (they point into the repo) */
static void remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		struct strvec names = { 0 };
		size_t i;
		list_dir(&names, path, false);
		for (i = 0; i < names.n; i++) {
			char *p = join(path, names.v[i]);
			remove_tree(p);
			free(p);
		}
		vec_free(&names);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* link every entry of the directory src (absolute) into dst, except skip */
static void link_entries(const char *src, const char *dst, const char *skip)
{
	struct strvec names = { 0 };
	size_t i;

	list_dir(&names, src, false);
	for (i = 0; i < names.n; i++) {
		char *from, *to;
		if (skip && strcmp(names.v[i], skip) == 0)
			continue;
		from = join(src, names.v[i]);
		to = join(dst, names.v[i]);
		if (symlink(from, to) != 0)
			die("cannot create symlink '%s': %s", to, strerror(errno));
		free(from);
		free(to);
	}
	vec_free(&names);
}

/* T, T/a/b and the symlinks that make T/a/b look like the current directory */
static void setup_tmp(struct runner *R)
{
	const char *tmpdir = getenv("TMPDIR");
	char cwd[PATH_MAX], parent[PATH_MAX];
	char *tmpl, *a;

	if (!getcwd(cwd, sizeof cwd))
		die("getcwd: %s", strerror(errno));
	/* getcwd gives the physical path, so ".." is its dirname */
	memcpy(parent, cwd, sizeof parent);
	{
		char *slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
	}

	tmpl = join(tmpdir && *tmpdir ? tmpdir : "/tmp", "golden.XXXXXX");
	if (!mkdtemp(tmpl))
		die("cannot create a temporary directory '%s': %s", tmpl, strerror(errno));
	R->tmp = tmpl;
	a = join(R->tmp, "a");
	R->altcwd = join(a, "b");
	if (mkdir(a, 0777) != 0 || mkdir(R->altcwd, 0777) != 0)
		die("cannot create '%s': %s", R->altcwd, strerror(errno));
	link_entries(cwd, R->altcwd, NULL);
	link_entries(parent, a, "b");
	free(a);

	R->f_out = join(R->tmp, "stdout");
	R->f_err = join(R->tmp, "stderr");
	R->f_a = join(R->tmp, "a.txt");
	R->f_b = join(R->tmp, "b.txt");
	R->f_diff = join(R->tmp, "diff");

	if (strchr(R->flinkc, '/')) {
		char *abs = R->flinkc[0] == '/' ? xstrdup(R->flinkc) : join(cwd, R->flinkc);
		R->flinkc_abs = abs;
	}
}

static void cleanup_tmp(struct runner *R)
{
	if (R->tmp)
		remove_tree(R->tmp);
	free(R->tmp);
	free(R->altcwd);
	free(R->f_out);
	free(R->f_err);
	free(R->f_a);
	free(R->f_b);
	free(R->f_diff);
	free(R->flinkc_abs);
}

static bool in_sorted(const struct strvec *v, const char *s)
{
	return v->n && bsearch(&s, v->v, v->n, sizeof *v->v, cmp_str) != NULL;
}

/* golden directories without a testdata case; returns the number of failures */
static int stale_goldens(const struct runner *R, const struct strvec *cases)
{
	struct strvec gdirs = { 0 };
	int failed = 0;
	size_t i;

	list_dir(&gdirs, R->golden, true);
	for (i = 0; i < gdirs.n; i++) {
		const char *name = gdirs.v[i];
		char *path;

		if (in_sorted(cases, name))
			continue;
		path = join(R->golden, name);
		if (R->update) {
			remove_tree(path);
			printf("REMOVE %s\n", path);
		} else if (!R->filter || strstr(name, R->filter)) {
			printf("FAIL %s (%s has no testdata case; run make golden-update)\n", name,
			       path);
			failed++;
		}
		free(path);
	}
	vec_free(&gdirs);
	return failed;
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [--update] FLINKC TESTDATA_DIR GOLDEN_DIR [FILTER]\n", argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	struct runner R = { 0 };
	struct strvec cases = { 0 };
	const char *t = getenv("GOLDEN_TIMEOUT");
	int i = 1, passed = 0, failed = 0, skipped = 0;
	size_t k;

	if (i < argc && strcmp(argv[i], "--update") == 0) {
		R.update = true;
		i++;
	}
	if (argc - i < 3 || argc - i > 4 || (argv[i][0] == '-' && argv[i][1] != '\0'))
		usage();
	R.flinkc = argv[i];
	R.testdata = argv[i + 1];
	R.golden = argv[i + 2];
	R.filter = argc - i == 4 ? argv[i + 3] : NULL;
	R.timeout = t && atoi(t) > 0 ? (unsigned)atoi(t) : DEFAULT_TIMEOUT;
	if (!is_dir(R.testdata))
		die("'%s' is not a directory", R.testdata);

	list_dir(&cases, R.testdata, true);
	setup_tmp(&R);

	for (k = 0; k < cases.n; k++) {
		if (R.filter && !strstr(cases.v[k], R.filter))
			continue;
		switch (do_case(&R, cases.v[k])) {
		case PASSED:
			passed++;
			break;
		case FAILED:
			failed++;
			break;
		case SKIPPED:
			skipped++;
			break;
		}
	}
	failed += stale_goldens(&R, &cases);

	cleanup_tmp(&R);
	vec_free(&cases);
	printf("golden: %d passed, %d failed", passed, failed);
	if (skipped)
		printf(", %d skipped", skipped);
	printf("\n");
	return failed ? 1 : 0;
}
