/* SPDX-License-Identifier: Apache-2.0 */
/* diag.c - collecting, sorting and printing diagnostics; see diag.h.
 *
 * Formatting lives here, not in the stages: the driver calls fc_diag_render
 * once at the end with every diagnostic of the run, sorted, and the CLI
 * prints the text.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "ctx.h"

#define WINDOW 120

static void vadd(struct fc_ctx *ctx, enum fc_sev sev, struct fc_loc loc, const char *code,
                 const char *path, const char *fmt, va_list ap)
{
	struct fc_diag *d = FC_NEW(ctx->arena, struct fc_diag);
	char buf[1024];
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(buf)) {
		d->msg = fc_arena_strndup(ctx->arena, buf, (size_t)n);
	} else {
		char *p = fc_arena_alloc(ctx->arena, (size_t)n + 1);
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
		d->msg = p;
	}
	va_end(ap2);
	d->sev = sev;
	d->loc = loc;
	d->code = code;
	d->path = path ? fc_arena_strdup(ctx->arena, path) : NULL;
	d->next = ctx->diags;
	ctx->diags = d;
	if (sev == FC_SEV_ERROR)
		ctx->nerrors++;
	else if (sev == FC_SEV_WARNING)
		ctx->nwarnings++;
}

void fc_diag_error(struct fc_ctx *ctx, struct fc_loc loc, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(ctx, FC_SEV_ERROR, loc, code, NULL, fmt, ap);
	va_end(ap);
}

void fc_diag_warning(struct fc_ctx *ctx, struct fc_loc loc, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(ctx, FC_SEV_WARNING, loc, code, NULL, fmt, ap);
	va_end(ap);
}

void fc_diag_at(struct fc_ctx *ctx, enum fc_sev sev, struct fc_loc loc, const char *code,
                const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(ctx, sev, loc, code, path, fmt, ap);
	va_end(ap);
}

void fc_diag_take(struct fc_ctx *dst, const struct fc_ctx *src, struct fc_diag **remap[], size_t nremap)
{
	struct fc_diag *head = NULL, **tail = &head, *old_head = dst->diags;
	const struct fc_diag *d;
	size_t i;

	for (d = src->diags; d; d = d->next) {
		struct fc_diag *c = FC_NEW(dst->arena, struct fc_diag);
		*c = *d;
		c->msg = fc_arena_strdup(dst->arena, d->msg);
		c->path = d->path ? fc_arena_strdup(dst->arena, d->path) : NULL;
		for (i = 0; i < nremap; i++)
			if (*remap[i] == d)
				*remap[i] = c;
		*tail = c;
		tail = &c->next;
	}
	for (i = 0; i < nremap; i++)
		if (!*remap[i])
			*remap[i] = old_head; /* the end of src's list: what follows it now */
	*tail = old_head;
	dst->diags = head ? head : old_head;
	dst->nerrors += src->nerrors;
	dst->nwarnings += src->nwarnings;
}

static int cmpdiag(const void *a, const void *b)
{
	const struct fc_diag *x = *(struct fc_diag *const *)a, *y = *(struct fc_diag *const *)b;
	int c = strcmp(x->loc.file ? x->loc.file : "", y->loc.file ? y->loc.file : "");

	if (c)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	if ((c = strcmp(x->code, y->code)))
		return c;
	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	return strcmp(x->msg, y->msg);
}

/* sorted by (file, line, col, code), as an array (arena); *n receives the count */
static struct fc_diag **sorted(struct fc_ctx *ctx, size_t *n)
{
	struct fc_diag *d, **v;
	size_t i = 0, count = 0;

	for (d = ctx->diags; d; d = d->next)
		count++;
	v = fc_arena_alloc(ctx->arena, (count ? count : 1) * sizeof(*v));
	for (d = ctx->diags; d; d = d->next)
		v[i++] = d;
	qsort(v, count, sizeof(*v), cmpdiag);
	*n = count;
	return v;
}

static const char *sevname(enum fc_sev s)
{
	return s == FC_SEV_ERROR ? "error" : s == FC_SEV_WARNING ? "warning" : "note";
}

/* the text of line `line` (1-based) of file among the run's sources, without
 * its newline; NULL if unknown */
static const char *source_line(const struct fc_ctx *ctx, const char *file, uint32_t line, size_t *len)
{
	const struct fc_source *s;

	for (s = ctx->sources; s; s = s->next) {
		const char *p, *end, *nl;
		uint32_t l = 1;

		if (strcmp(s->name, file) != 0)
			continue;
		if (!s->text)
			return NULL; /* a lazy input not read again (source.h) */
		p = s->text;
		end = s->text + s->len;
		while (l < line) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				return NULL;
			p = nl + 1;
			l++;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		*len = (size_t)((nl ? nl : end) - p);
		if (*len && p[*len - 1] == '\r')
			(*len)--;
		return p;
	}
	return NULL;
}

static void print_text(struct fc_ctx *ctx, struct fc_buf *f, const struct fc_diag *d)
{
	const char *line;
	size_t len, i, start, end, caret;

	if (d->loc.file && d->loc.line)
		fc_buf_printf(f, "%s:%u:%u: ", d->loc.file, d->loc.line, d->loc.col);
	else if (d->loc.file)
		fc_buf_printf(f, "%s: ", d->loc.file);
	else
		fc_buf_puts(f, "flinkc: ");
	fc_buf_printf(f, "%s[%s]: %s\n", sevname(d->sev), d->code, d->msg);
	if (!d->loc.file || !d->loc.line)
		return;
	line = source_line(ctx, d->loc.file, d->loc.line, &len);
	if (!line)
		return;
	caret = d->loc.col ? d->loc.col - 1 : 0;
	/* very long lines: show a window of WINDOW bytes around the caret */
	start = caret > WINDOW / 2 ? caret - WINDOW / 2 : 0;
	if (start > len)
		start = len;
	end = start + WINDOW < len ? start + WINDOW : len;
	fc_buf_printf(f, "%5u | %s", d->loc.line, start ? "..." : "");
	for (i = start; i < end; i++)
		fc_buf_putc(f, line[i] == '\t' ? ' ' : line[i]);
	fc_buf_puts(f, end < len ? "...\n      | " : "\n      | ");
	for (i = start ? start - 3 : 0; i < caret && i < len; i++)
		fc_buf_putc(f, ' ');
	fc_buf_putc(f, '^');
	for (i = 1; i < d->loc.len && caret + i < end; i++)
		fc_buf_putc(f, '~');
	fc_buf_putc(f, '\n');
}

/* JSON string escaping for the machine formats */
static void jstr(struct fc_buf *f, const char *s)
{
	fc_buf_putc(f, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fc_buf_printf(f, "\\%c", c);
		else if (c == '\n')
			fc_buf_puts(f, "\\n");
		else if (c < 0x20)
			fc_buf_printf(f, "\\u%04x", c);
		else
			fc_buf_putc(f, c);
	}
	fc_buf_putc(f, '"');
}

static void print_json(struct fc_buf *f, const struct fc_diag *d, bool first)
{
	fc_buf_puts(f, first ? "\n  " : ",\n  ");
	fc_buf_puts(f, "{\"file\": ");
	jstr(f, d->loc.file ? d->loc.file : "");
	fc_buf_printf(f, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", \"code\": ", d->loc.line,
	        d->loc.col, sevname(d->sev));
	jstr(f, d->code);
	fc_buf_puts(f, ", \"path\": ");
	if (d->path)
		jstr(f, d->path);
	else
		fc_buf_puts(f, "null");
	fc_buf_puts(f, ", \"message\": ");
	jstr(f, d->msg);
	fc_buf_putc(f, '}');
}

/* GitHub workflow commands: data escapes %, CR, LF; properties also : and , */
static void ghesc(struct fc_buf *f, const char *s, bool prop)
{
	for (; s && *s; s++) {
		if (*s == '%')
			fc_buf_puts(f, "%25");
		else if (*s == '\r')
			fc_buf_puts(f, "%0D");
		else if (*s == '\n')
			fc_buf_puts(f, "%0A");
		else if (prop && *s == ':')
			fc_buf_puts(f, "%3A");
		else if (prop && *s == ',')
			fc_buf_puts(f, "%2C");
		else
			fc_buf_putc(f, *s);
	}
}

static void print_github(struct fc_buf *f, const struct fc_diag *d)
{
	fc_buf_printf(f, "::%s ", d->sev == FC_SEV_ERROR ? "error" : d->sev == FC_SEV_WARNING ? "warning" : "notice");
	if (d->loc.file) {
		fc_buf_puts(f, "file=");
		ghesc(f, d->loc.file, true);
		if (d->loc.line)
			fc_buf_printf(f, ",line=%u,col=%u", d->loc.line, d->loc.col);
		fc_buf_putc(f, ',');
	}
	fc_buf_puts(f, "title=");
	ghesc(f, d->code, true);
	fc_buf_puts(f, "::");
	ghesc(f, d->msg, false);
	fc_buf_putc(f, '\n');
}

static void print_sarif(struct fc_buf *f, struct fc_diag **v, size_t n)
{
	size_t i, j;

	fc_buf_puts(f, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	      "    \"tool\": {\"driver\": {\"name\": \"flinkc\", \"version\": \"" FC_VERSION
	      "\", \"informationUri\": \"https://flinkc.io\", \"rules\": [");
	/* one rule per distinct code, in sorted-code order */
	for (i = 0, j = 0; i < n; i++) {
		size_t k;
		bool seen = false;
		for (k = 0; k < i; k++)
			if (strcmp(v[k]->code, v[i]->code) == 0)
				seen = true;
		if (seen)
			continue;
		fc_buf_puts(f, j++ ? ", " : "");
		fc_buf_puts(f, "{\"id\": ");
		jstr(f, v[i]->code);
		fc_buf_putc(f, '}');
	}
	fc_buf_puts(f, "]}},\n    \"results\": [");
	for (i = 0; i < n; i++) {
		const struct fc_diag *d = v[i];
		fc_buf_puts(f, i ? ",\n      " : "\n      ");
		fc_buf_puts(f, "{\"ruleId\": ");
		jstr(f, d->code);
		fc_buf_printf(f, ", \"level\": \"%s\", \"message\": {\"text\": ",
		        d->sev == FC_SEV_ERROR ? "error" : d->sev == FC_SEV_WARNING ? "warning" : "note");
		jstr(f, d->msg);
		fc_buf_puts(f, "}");
		if (d->loc.file) {
			fc_buf_puts(f, ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
			jstr(f, d->loc.file);
			fc_buf_puts(f, "}");
			if (d->loc.line)
				fc_buf_printf(f, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}", d->loc.line,
				        d->loc.col ? d->loc.col : 1);
			fc_buf_puts(f, "}}]");
		}
		fc_buf_puts(f, "}");
	}
	fc_buf_puts(f, n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
}

void fc_diag_render(struct fc_buf *f, struct fc_ctx *ctx, enum fc_diag_format fmt, unsigned max)
{
	size_t n, i, shown = 0, nerr = 0, dropped = 0;
	struct fc_diag **v = sorted(ctx, &n), **keep;

	/* cap: keep every warning/note, the first `max` errors */
	keep = fc_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*keep));
	for (i = 0; i < n; i++) {
		if (v[i]->sev == FC_SEV_ERROR && max && nerr++ >= max) {
			dropped++;
			continue;
		}
		keep[shown++] = v[i];
	}
	switch (fmt) {
	case FC_DIAG_TEXT:
		for (i = 0; i < shown; i++)
			print_text(ctx, f, keep[i]);
		if (dropped)
			fc_buf_printf(f, "flinkc: %zu more error%s not shown\n", dropped, dropped == 1 ? "" : "s");
		break;
	case FC_DIAG_JSON:
		fc_buf_putc(f, '[');
		for (i = 0; i < shown; i++)
			print_json(f, keep[i], i == 0);
		fc_buf_puts(f, shown ? "\n]\n" : "]\n");
		break;
	case FC_DIAG_GITHUB:
		for (i = 0; i < shown; i++)
			print_github(f, keep[i]);
		if (dropped)
			fc_buf_printf(f, "::error title=flinkc::%zu more errors not shown\n", dropped);
		break;
	case FC_DIAG_SARIF:
		print_sarif(f, keep, shown);
		break;
	}
}
