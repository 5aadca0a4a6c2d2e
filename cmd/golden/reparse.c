/* SPDX-License-Identifier: Apache-2.0 */
/* cmd/golden/reparse - re-read emitted YAML with a second, independent parser.
 *
 *   reparse FILE...
 *
 * flinkc writes YAML with its own writer (yamlw.c) and reads it with
 * libyaml; this test reads every golden stream with libfyaml instead.  Each
 * document of each FILE must load without error (duplicate keys included)
 * and be a mapping with non-empty scalar apiVersion, kind and metadata.name.
 * The stream is read document by document with fy_parse_load_document,
 * since fy_document_build_from_file keeps only the first.  One file is one
 * unit: the last line is "reparse: N passed, M failed", and the exit status
 * is 1 if any file failed, 2 on usage errors.
 */
#include <libfyaml.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *argv0 = "reparse";

/* a non-empty plain or quoted scalar at path below root, else NULL */
static const char *scalar_at(struct fy_node *root, const char *path, size_t *len)
{
	struct fy_node *n = fy_node_by_path(root, path, (size_t)-1, FYNWF_DONT_FOLLOW);
	const char *s;

	if (!n || !fy_node_is_scalar(n))
		return NULL;
	s = fy_node_get_scalar(n, len);
	return s && *len ? s : NULL;
}

/* check one document; prints why and returns false if it is not an object */
static bool check_object(const char *file, unsigned idx, struct fy_node *root)
{
	static const char *const paths[] = { "/apiVersion", "/kind", "/metadata/name" };
	bool ok = true;
	size_t i, len;
	const char *kind;

	if (!root || !fy_node_is_mapping(root)) {
		printf("%s: doc#%u: not a mapping\n", file, idx);
		return false;
	}
	/* a List (flinkc render --format json) holds the objects under items */
	kind = scalar_at(root, "/kind", &len);
	if (kind && len == 4 && memcmp(kind, "List", 4) == 0) {
		struct fy_node *items = fy_node_by_path(root, "/items", (size_t)-1, FYNWF_DONT_FOLLOW);
		struct fy_node *it;
		void *iter = NULL;
		if (!items || !fy_node_is_sequence(items)) {
			printf("%s: doc#%u: List without items\n", file, idx);
			return false;
		}
		while ((it = fy_node_sequence_iterate(items, &iter)))
			ok &= check_object(file, idx, it);
		return ok;
	}
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		if (!scalar_at(root, paths[i], &len)) {
			printf("%s: doc#%u: missing or non-string %s\n", file, idx, paths[i] + 1);
			ok = false;
		}
	}
	return ok;
}

static bool check_doc(const char *file, unsigned idx, struct fy_document *fyd)
{
	return check_object(file, idx, fy_document_root(fyd));
}

/* check every document of a file */
static bool check_file(const char *file)
{
	struct fy_parse_cfg cfg = { .flags = FYPCF_DEFAULT_PARSE };
	struct fy_parser *fyp = fy_parser_create(&cfg);
	struct fy_document *fyd;
	unsigned ndocs = 0;
	bool ok = true;

	if (!fyp) {
		fprintf(stderr, "%s: cannot create a parser\n", argv0);
		return false;
	}
	if (fy_parser_set_input_file(fyp, file) != 0) {
		printf("%s: cannot open\n", file);
		fy_parser_destroy(fyp);
		return false;
	}
	while ((fyd = fy_parse_load_document(fyp)) != NULL) {
		if (!check_doc(file, ndocs, fyd))
			ok = false;
		fy_parse_document_destroy(fyp, fyd);
		ndocs++;
	}
	if (fy_parser_get_stream_error(fyp)) {
		printf("%s: doc#%u: YAML error (libfyaml)\n", file, ndocs);
		ok = false;
	} else if (ndocs == 0) {
		printf("%s: no documents\n", file);
		ok = false;
	}
	fy_parser_destroy(fyp);
	return ok;
}

int main(int argc, char **argv)
{
	int i, passed = 0, failed = 0;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
		fprintf(stderr, "usage: %s FILE...\n", argv0);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (check_file(argv[i]))
			passed++;
		else
			failed++;
	}
	printf("reparse: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
