/* SPDX-License-Identifier: Apache-2.0 */
/* cmd/gen/embed - turn data files into a C table (build time only).
 *
 *   embed PREFIX OUT.c FILE...
 *
 * writes OUT.c defining `const struct fc_embedded fc_<PREFIX>_files[]`
 * (compiler/embed.h): one { base name, bytes, length } row per FILE in the
 * order given, then a { NULL, NULL, 0 } row.  With no FILE the table holds
 * only that row.  The bytes are a C string literal split into lines; a file
 * too long for one portable literal (C11 guarantees 4095 characters) becomes
 * a char array instead, so the output compiles warning-free with -Wpedantic.
 * Output depends only on the arguments and the files' bytes.  OUT.c is
 * written to a temporary name and renamed, so a failed run leaves no
 * half-written source behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_COLS 76     /* soft width of one literal line */
#define LITERAL_MAX 4000     /* below C11's 4095-character minimum limit */

static const char *argv0 = "embed";

static void die(const char *what, const char *path)
{
	fprintf(stderr, "%s: %s '%s': %s\n", argv0, what, path, strerror(errno));
	exit(1);
}

/* read a whole file; exits on failure */
static char *slurp(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		die("cannot open", path);
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			data = realloc(data, cap);
			if (!data) {
				fprintf(stderr, "%s: out of memory\n", argv0);
				exit(1);
			}
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		die("cannot read", path);
	fclose(f);
	*len_out = len;
	return data;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* write s as a C string literal (no line breaks; names only) */
static void put_name(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\' || c == '?')
			fprintf(out, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, out);
		else
			fprintf(out, "\\%03o", c);
	}
	fputc('"', out);
}

/*
 * write the bytes as adjacent string literals, one per output line, breaking
 * after each newline and before a line grows past LINE_MAX_COLS (a
 * newline stays on the line it ends).  '?' is
 * always escaped (trigraphs), other bytes outside printable ASCII become
 * 3-digit octal escapes, which never swallow a following digit.
 */
static void put_literal(FILE *out, const char *data, size_t len, const char *indent)
{
	char esc[8];
	size_t i, col = 0;
	int open = 0;

	if (len == 0) {
		fprintf(out, "%s\"\"", indent);
		return;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		size_t n;

		if (c == '\n')
			n = (size_t)snprintf(esc, sizeof esc, "\\n");
		else if (c == '\t')
			n = (size_t)snprintf(esc, sizeof esc, "\\t");
		else if (c == '"' || c == '\\' || c == '?')
			n = (size_t)snprintf(esc, sizeof esc, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			n = (size_t)snprintf(esc, sizeof esc, "%c", c);
		else
			n = (size_t)snprintf(esc, sizeof esc, "\\%03o", c);

		if (open && col + n > LINE_MAX_COLS && c != '\n') {
			fputs("\"\n", out);
			open = 0;
		}
		if (!open) {
			fprintf(out, "%s\"", indent);
			open = 1;
			col = 0;
		}
		fputs(esc, out);
		col += n;
		if (c == '\n' && i + 1 < len) {
			fputs("\"\n", out);
			open = 0;
		}
	}
	fputc('"', out);
}

/*
 * write the bytes as a char array initializer, 10 per line, with a final 0.
 * Character constants ('\264'), not integers (0xb4), so a signed char
 * takes bytes above 0x7f without an overflow warning.
 */
static void put_array(FILE *out, const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		fputs(i % 10 == 0 ? "\t" : " ", out);
		if (c == '\'' || c == '\\')
			fprintf(out, "'\\%c',", c);
		else if (c >= 0x20 && c < 0x7f)
			fprintf(out, "'%c',", c);
		else
			fprintf(out, "'\\%03o',", c);
		if (i % 10 == 9)
			fputc('\n', out);
	}
	fprintf(out, "%s0\n", len % 10 == 0 ? "\t" : " ");
}

int main(int argc, char **argv)
{
	const char *prefix, *outpath;
	char *tmppath;
	size_t i, nfiles, plen;
	char **data;
	size_t *lens;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: %s PREFIX OUT.c FILE...\n", argv0);
		return 2;
	}
	prefix = argv[1];
	outpath = argv[2];
	nfiles = (size_t)argc - 3;
	for (i = 0; prefix[i]; i++) {
		char c = prefix[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_')) {
			fprintf(stderr, "%s: PREFIX must be a C identifier: '%s'\n", argv0, prefix);
			return 2;
		}
	}

	data = calloc(nfiles + 1, sizeof *data);
	lens = calloc(nfiles + 1, sizeof *lens);
	plen = strlen(outpath) + 5;
	tmppath = malloc(plen);
	if (!data || !lens || !tmppath) {
		fprintf(stderr, "%s: out of memory\n", argv0);
		return 1;
	}
	for (i = 0; i < nfiles; i++)
		data[i] = slurp(argv[3 + i], &lens[i]);

	snprintf(tmppath, plen, "%s.tmp", outpath);
	out = fopen(tmppath, "w");
	if (!out)
		die("cannot create", tmppath);

	fprintf(out, "/* Generated by cmd/gen/embed from %s/. DO NOT EDIT. */\n", prefix);
	fprintf(out, "#include \"embed.h\"\n\n");

	/* files too long for a portable string literal */
	for (i = 0; i < nfiles; i++) {
		if (lens[i] < LITERAL_MAX)
			continue;
		if (!strstr(argv[3 + i], "*/"))
			fprintf(out, "/* %s */\n", base_name(argv[3 + i]));
		fprintf(out, "static const char file%zu[] = {\n", i);
		put_array(out, data[i], lens[i]);
		fprintf(out, "};\n\n");
	}

	fprintf(out, "const struct fc_embedded fc_%s_files[] = {\n", prefix);
	for (i = 0; i < nfiles; i++) {
		fputs("\t{ ", out);
		put_name(out, base_name(argv[3 + i]));
		if (lens[i] < LITERAL_MAX) {
			fputs(",\n", out);
			put_literal(out, data[i], lens[i], "\t  ");
			fprintf(out, ",\n\t  %zu },\n", lens[i]);
		} else {
			fprintf(out, ", file%zu, %zu },\n", i, lens[i]);
		}
		free(data[i]);
	}
	fprintf(out, "\t{ NULL, NULL, 0 },\n};\n");

	if (fflush(out) != 0 || ferror(out) || fclose(out) != 0)
		die("cannot write", tmppath);
	if (rename(tmppath, outpath) != 0)
		die("cannot rename to", outpath);

	free(data);
	free(lens);
	free(tmppath);
	return 0;
}
