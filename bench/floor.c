/* SPDX-License-Identifier: Apache-2.0 */
/* bench/floor - the least any renderer must do (used by `make bench`).
 *
 *   floor OUTPUT_FILE INPUT...
 *
 * Parses every INPUT with libyaml's event API (no tree is built), then
 * writes the bytes of OUTPUT_FILE (the stream flinkc rendered from the same
 * inputs) to standard output.  A renderer can be no faster than reading
 * its inputs as YAML and writing its output; flinkc's time is reported as a
 * ratio to this program's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static int parse(const char *path)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, ok = 1;

	if (!f) {
		perror(path);
		return 0;
	}
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "floor: %s: YAML error\n", path);
			ok = 0;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
	return ok;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	FILE *out;
	size_t n;
	int i;

	if (argc < 2) {
		fputs("usage: floor OUTPUT_FILE INPUT...\n", stderr);
		return 2;
	}
	for (i = 2; i < argc; i++)
		if (!parse(argv[i]))
			return 1;
	out = fopen(argv[1], "rb");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof buf, out)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return 1;
	fclose(out);
	return 0;
}
