/* SPDX-License-Identifier: Apache-2.0 */
/* json.h - JSON syntax check of Kubernetes-object inputs (jansson).
 *
 * `kubectl get -o json` output given to `flinkc hash` and `flinkc diff
 * --live` is parsed into nodes by yaml.c (JSON is a subset of YAML and the
 * nodes need locations, which jansson does not keep), but YAML accepts
 * what JSON does not (trailing commas, single quotes, comments, unquoted
 * keys).  A JSON input is therefore first checked by jansson, so a broken
 * file is reported as the JSON error it is, at its line and column.
 */
#ifndef FC_JSON_H
#define FC_JSON_H

#include <stdbool.h>

struct fc_arena;
struct fc_ctx;
struct fc_source;

/* the source is JSON: its name ends in ".json", or its first non-blank
 * characters are '{' and then '"' or '}' */
bool fc_json_is_json(const struct fc_source *src);

/* Check src with jansson (duplicate keys rejected); on a syntax error
 * report E0733 at the line and column jansson gives and return FC_ERR. */
int fc_json_check(struct fc_ctx *ctx, const struct fc_source *src);

/* YAML has no surrogate escapes, so yaml.c (libyaml) rejects the
 * "\ud83d\ude00" that JSON writes for a character above U+FFFF (Python's
 * json.dumps, jq -a).  For a source that fc_json_check accepted: src, or
 * when it has such pairs a copy (in a) whose text writes each pair as the
 * one YAML escape "\U0001f600" (two characters shorter: a column after it
 * on its line is reported 2 further left per pair). */
const struct fc_source *fc_json_for_yaml(struct fc_arena *a, const struct fc_source *src);

#endif
