/* SPDX-License-Identifier: Apache-2.0 */
/* json.c - JSON syntax check of Kubernetes-object inputs with jansson.
 *
 * Runs in manifest.c before yaml.c parses a JSON source into nodes: see
 * json.h.  The only file in compiler/ that includes jansson.
 */
#include "json.h"

#include <jansson.h>
#include <string.h>

#include "ctx.h"
#include "diag.h"
#include "node.h"
#include "source.h"

bool fc_json_is_json(const struct fc_source *src)
{
	size_t n = strlen(src->name), i = 0;

	if (n > 5 && strcmp(src->name + n - 5, ".json") == 0)
		return true;
	while (i < src->len && strchr(" \t\r\n", src->text[i]))
		i++;
	if (i == src->len || src->text[i] != '{')
		return false;
	for (i++; i < src->len && strchr(" \t\r\n", src->text[i]); i++)
		;
	return i < src->len && (src->text[i] == '"' || src->text[i] == '}');
}

int fc_json_check(struct fc_ctx *ctx, const struct fc_source *src)
{
	json_error_t err;
	json_t *j = json_loadb(src->text, src->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	struct fc_loc loc;

	if (j) {
		json_decref(j);
		return 0;
	}
	memset(&loc, 0, sizeof(loc));
	loc.file = src->name;
	/* jansson: 1-based line; column of the token's last character, 0 at the end */
	loc.line = err.line > 0 ? (uint32_t)err.line : 1;
	loc.col = err.column > 0 ? (uint32_t)err.column : 1;
	fc_diag_error(ctx, loc, "E0733", "invalid JSON: %s", err.text);
	return FC_ERR;
}
