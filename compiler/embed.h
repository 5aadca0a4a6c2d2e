/* SPDX-License-Identifier: Apache-2.0 */
/* embed.h - data files compiled into the binary.
 *
 * cmd/gen/embed turns templates/ and schema/ into templates_gen.c and
 * schema_gen.c at build time, so flinkc never looks up install paths at run
 * time.  Each table is sorted by name and ends with a { NULL, NULL, 0 } row.
 */
#ifndef FC_EMBED_H
#define FC_EMBED_H

#include <stddef.h>

struct fc_embedded {
	const char *name;  /* base name of the file, e.g. "log4j-console.properties" */
	const char *data;  /* the file's bytes; data[len] is always '\0' */
	size_t len;        /* number of bytes, not counting the final '\0' */
};

extern const struct fc_embedded fc_templates_files[];  /* templates/ */
extern const struct fc_embedded fc_schema_files[];     /* schema/ */

struct fc_node;

/* the YAML files of schema/, parsed at build time by cmd/gen/nodes */
struct fc_embedded_tree {
	const char *name;              /* base name of the file */
	struct fc_node *const *docs;   /* its documents, in order */
	size_t ndocs;
};

extern const struct fc_embedded_tree fc_schema_trees[]; /* ends with a { NULL, NULL, 0 } row */

/* look up a file by base name in a table; returns NULL if it is not there */
const struct fc_embedded *fc_embed_find(const struct fc_embedded *table, const char *name);

#endif
