/* SPDX-License-Identifier: Apache-2.0 */
/* embed.c - look up the data files compiled into the binary.
 *
 * The tables themselves are generated (templates_gen.c, schema_gen.c by
 * cmd/gen/embed); this file only searches them.  They hold a handful of
 * entries, so a linear scan is all it takes.
 */
#include "embed.h"

#include <string.h>

const struct fc_embedded *fc_embed_find(const struct fc_embedded *table, const char *name)
{
	const struct fc_embedded *e;

	for (e = table; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}
