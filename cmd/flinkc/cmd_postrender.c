/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_postrender.c - `flinkc render --post-render`: a Helm post-renderer.
 *
 * Helm pipes the whole rendered chart to the post-renderer's standard input
 * and installs what it prints.  So: read every document from stdin, compile
 * the Flink Kubernetes Operator resources among them, and print every other
 * document exactly as it came (bytes, comments such as Helm's "# Source:",
 * order), followed by the objects compiled from the Flink resources.  On
 * any error nothing is printed and the exit status is non-zero, so Helm
 * stops.
 *
 * The whole stream is compiled once, so a ServiceAccount or Role the chart
 * ships beside a job is adopted as with `flinkc render`; it is compiled a
 * second time with the Flink documents blanked out, and the objects that
 * appear only in the first result are the compiled ones.  Blanking keeps
 * the line numbers, so diagnostics point into the stream as Helm wrote it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* one document of the stream: [start, end) of the text, separator excluded */
struct doc {
	size_t start, end;
	bool is_flink; /* a flink.apache.org resource: compiled, not passed through */
	bool has_content; /* anything but blank lines and comments */
};

struct docs {
	struct doc *v;
	size_t n, cap;
};

static void push(struct docs *d, size_t start, size_t end)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (!d->v)
			fc_oom();
	}
	memset(&d->v[d->n], 0, sizeof(d->v[d->n]));
	d->v[d->n].start = start;
	d->v[d->n].end = end;
	d->n++;
}

/* a "---" document separator line at s (the rest of the line is ignored, as
 * "--- # Source" or "--- !tag" would be content only for a top-level scalar) */
static bool is_separator(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "---", 3) == 0 && (n == 3 || s[3] == ' ' || s[3] == '\t' || s[3] == '\n' ||
	                                              s[3] == '\r');
}

/* Split text into documents at "---" lines at column 0.  libyaml ends a
 * document at such a line even inside a quoted scalar, so this splits where
 * the parser does. */
static void split(struct docs *out, const char *text, size_t len)
{
	size_t line = 0, start = 0;

	while (line < len) {
		const char *nl = memchr(text + line, '\n', len - line);
		size_t next = nl ? (size_t)(nl - text) + 1 : len;
		if (is_separator(text + line, next - line)) {
			if (line > start)
				push(out, start, line);
			start = next;
		}
		line = next;
	}
	if (len > start)
		push(out, start, len);
}

/* classify a document: a column-0 "apiVersion:" whose value is in the
 * flink.apache.org group marks a Flink resource; a flow-style document that
 * mentions the group cannot be told apart this way and is an error */
static int classify(struct doc *d, const char *text, const char *name)
{
	size_t p = d->start, lineno = 1, i;
	bool flow = false;

	for (i = 0; i < d->start; i++)
		lineno += text[i] == '\n';
	while (p < d->end) {
		const char *s = text + p, *nl = memchr(s, '\n', d->end - p);
		size_t n = nl ? (size_t)(nl - s) : d->end - p, k = 0;

		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
			k++;
		if (k < n && s[k] != '#') {
			if (!d->has_content && s[k] == '{')
				flow = true;
			d->has_content = true;
		}
		if (n > 11 && memcmp(s, "apiVersion:", 11) == 0) {
			k = 11;
			while (k < n && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (k < n && (s[k] == '"' || s[k] == '\''))
				k++;
			if (n - k >= 17 && memcmp(s + k, "flink.apache.org/", 17) == 0)
				d->is_flink = true;
		}
		p += n + 1;
	}
	if (flow && !d->is_flink) {
		const char *q = text + d->start;
		size_t n = d->end - d->start;
		for (i = 0; i + 16 <= n; i++)
			if (memcmp(q + i, "flink.apache.org", 16) == 0) {
				fprintf(stderr,
				        "%s:%zu:1: error[E1010]: a flow-style document that mentions flink.apache.org; "
				        "--post-render compiles block-style documents whose apiVersion: line starts "
				        "at column 0\n",
				        name, lineno);
				return -1;
			}
	}
	return 0;
}

static bool same_object(const struct fc_object *a, const struct fc_object *b)
{
	return strcmp(a->api_version, b->api_version) == 0 && strcmp(a->kind, b->kind) == 0 &&
	       strcmp(a->namespace_, b->namespace_) == 0 && strcmp(a->name, b->name) == 0;
}

/* read all of f into a malloc'd NUL-terminated buffer; NULL on a read error */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0, r;
	char *b = malloc(cap);

	if (!b)
		fc_oom();
	while ((r = fread(b + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0 && !(b = realloc(b, cap *= 2)))
			fc_oom();
	}
	if (ferror(f)) {
		free(b);
		return NULL;
	}
	b[n] = '\0';
	*len = n;
	return b;
}

/* the verbatim documents, then the compiled objects; "---" between them */
static int write_out(const char *text, const struct docs *d, struct fc_result *full, struct fc_result *rest)
{
	size_t i, j, ndocs = 0;

	for (i = 0; i < d->n; i++) {
		const struct doc *x = &d->v[i];
		if (x->is_flink || !x->has_content)
			continue;
		if (ndocs++)
			fputs("---\n", stdout);
		fwrite(text + x->start, 1, x->end - x->start, stdout);
		if (text[x->end - 1] != '\n')
			fputc('\n', stdout);
	}
	for (i = 0; i < fc_result_nobjects(full); i++) {
		const struct fc_object *o = fc_result_object(full, i);
		bool passed = false;
		for (j = 0; !passed && j < fc_result_nobjects(rest); j++)
			passed = same_object(o, fc_result_object(rest, j));
		if (passed)
			continue;
		if (ndocs++)
			fputs("---\n", stdout);
		fwrite(o->text, 1, o->len, stdout);
	}
	if (ndocs == 0) {
		fputs("flinkc: error[E0004]: no Kubernetes objects on standard input or rendered from it\n", stderr);
		return FC_INVALID;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("flinkc: error[E0005]: cannot write the output\n", stderr);
		return FC_IOERR;
	}
	return FC_OK;
}

int fc_cli_post_render(struct fc_cli_args *args)
{
	struct docs d = { NULL, 0, 0 };
	struct fc_result *full = NULL, *rest = NULL;
	char *text, *blank = NULL;
	size_t len = 0, i, k;
	int status;
	const char *name = "<stdin>";

	if (args->opts.ninputs > 1 || (args->opts.ninputs == 1 && strcmp(args->inputs[0], "-") != 0))
		return fc_cli_usage_error("%s", "--post-render reads standard input only (give no INPUT, or -)");
	if (args->opts.format != FC_FORMAT_YAML)
		return fc_cli_usage_error("%s", "--post-render writes YAML (Helm reads it); drop --format json");
	if (!(text = slurp(stdin, &len))) {
		fputs("flinkc: error[E0001]: cannot read standard input\n", stderr);
		return FC_IOERR;
	}
	split(&d, text, len);
	for (i = 0; i < d.n; i++)
		if (classify(&d.v[i], text, name)) {
			status = FC_INVALID;
			goto out;
		}
	/* the whole stream */
	args->opts.ninputs = 0;
	args->opts.input_data = text;
	args->opts.input_len = len;
	args->opts.stdin_name = name;
	status = fc_compile(&full, &args->opts);
	fc_cli_diags(full, args->efmt);
	if (status != FC_OK)
		goto out;
	/* without the Flink documents: every byte but newlines becomes a space */
	blank = malloc(len + 1);
	if (!blank)
		fc_oom();
	memcpy(blank, text, len + 1);
	for (i = 0; i < d.n; i++)
		if (d.v[i].is_flink)
			for (k = d.v[i].start; k < d.v[i].end; k++)
				if (blank[k] != '\n')
					blank[k] = ' ';
	args->opts.input_data = blank;
	status = fc_compile(&rest, &args->opts);
	if (status != FC_OK) { /* a subset of a stream that compiled: cannot happen */
		fc_cli_diags(rest, args->efmt);
		goto out;
	}
	status = write_out(text, &d, full, rest);
out:
	fc_result_free(full);
	fc_result_free(rest);
	free(blank);
	free(text);
	free(d.v);
	return status;
}
