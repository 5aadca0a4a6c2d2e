/* SPDX-License-Identifier: Apache-2.0 */
/* version.c - the Flink versions flinkc knows; see version.h. */
#include "version.h"

#include <string.h>

static const struct {
	const char *name;
	int version;
	const char *image; /* default image when spec.image is blank; NULL: none released */
} versions[] = {
	{ "v1_13", 113, NULL },
	{ "v1_14", 114, NULL },
	{ "v1_15", 115, "apache/flink:1.15.4-scala_2.12" },
	{ "v1_16", 116, "apache/flink:1.16.3-scala_2.12" },
	{ "v1_17", 117, "apache/flink:1.17.2-scala_2.12" },
	{ "v1_18", 118, "apache/flink:1.18.1-scala_2.12" },
	{ "v1_19", 119, "apache/flink:1.19.3-scala_2.12" },
	{ "v1_20", 120, "apache/flink:1.20.4-scala_2.12" },
	{ "v2_0", 200, "apache/flink:2.0.2-scala_2.12" },
	{ "v2_1", 201, "apache/flink:2.1.2-scala_2.12" },
	{ "v2_2", 202, "apache/flink:2.2.1-scala_2.12" },
	{ "v2_3", 203, "apache/flink:2.3.0-scala_2.12" },
	{ "v2_4", 204, NULL },
};

int fc_version_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < countof(versions); i++)
		if (strcmp(versions[i].name, name) == 0)
			return versions[i].version;
	return 0;
}

const char *fc_version_image(int version)
{
	size_t i;

	for (i = 0; i < countof(versions); i++)
		if (versions[i].version == version)
			return versions[i].image;
	return NULL;
}
