/* SPDX-License-Identifier: Apache-2.0 */
/* yamlw.h - the canonical YAML (and JSON) writer: the only code that writes YAML.
 *
 * Block style, 2-space indent, sequences not indented under their key,
 * no folding, literal blocks for multi-line strings, every string quoted
 * that a YAML 1.1 or 1.2 reader would read as anything else.  Keys are
 * written sorted with strcmp; with FC_YAMLW_OBJECT the document root puts
 * apiVersion, kind, metadata first.  Output never depends on the locale.
 */
#ifndef FC_YAMLW_H
#define FC_YAMLW_H

#include "base.h"

struct fc_buf;
struct fc_node;

enum {
	FC_YAMLW_OBJECT = 1 << 0, /* root is a Kubernetes object: apiVersion, kind, metadata first */
	FC_YAMLW_KEEP_ORDER = 1 << 1, /* keep map order as given instead of sorting */
};

/* append one document (no "---" marker) ending in "\n" */
void fc_yamlw_doc(struct fc_buf *out, const struct fc_node *doc, unsigned flags);
/* append a scalar string as it would be written in value position ("yes" -> "'yes'") */
void fc_yamlw_scalar(struct fc_buf *out, const char *s, size_t len);
/* true if the string must be quoted to be read back as that string */
bool fc_yamlw_needs_quotes(const char *s, size_t len);
/* the same answer by the general rules alone, without the shortcut for
 * strings of letters, digits and -._/ (for yamlw_test.c) */
bool fc_yamlw__needs_quotes_general(const char *s, size_t len);
/* whether s is all printable (line breaks and tabs too when allow_breaks): the
 * writer's 8-bytes-at-a-time check, for yamlw_test.c */
bool fc_yamlw__all_printable(const char *s, size_t len, bool allow_breaks);
/* append the document as pretty JSON (2-space indent), same key order, ending in "\n" */
void fc_yamlw_json(struct fc_buf *out, const struct fc_node *doc, unsigned flags);

/* One pair of a block mapping at column ind, exactly as the mapping's writer
 * lays it out (flags 0): "key: value", or with v NULL "key:" alone, for a
 * mapping whose pairs the caller writes next at column ind + 2.  last: the
 * value ends the document.  key[0..klen) need not end in a NUL.  For text
 * written without building its tree (flinkconf.c's nested configuration). */
void fc_yamlw_pair(struct fc_buf *out, const char *key, size_t klen, const struct fc_node *v, size_t ind, bool last);

#endif
