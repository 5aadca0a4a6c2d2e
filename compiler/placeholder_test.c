/* SPDX-License-Identifier: Apache-2.0 */
/* placeholder_test.c - unit tests for placeholder.c: the three shapes found
 * in real repositories (issue 8) and the look-alikes that are not. */
#include "placeholder.h"

#include <string.h>

#include "test.h"

/* the placeholder found in s, as a string compared with want (NULL: none) */
static bool finds(const char *s, const char *want)
{
	size_t at = 0, len = fc_placeholder_find(&at, s, strlen(s));

	if (!want)
		return len == 0;
	return len == strlen(want) && memcmp(s + at, want, len) == 0;
}

static void test_placeholder__shapes(int *failures)
{
	FC_CHECK(finds("${ECR_IMAGE}", "${ECR_IMAGE}"));
	FC_CHECK(finds("${REGISTRY:-docker.io}/flink:1.18", "${REGISTRY:-docker.io}"));
	FC_CHECK(finds("s3://$S3_BUCKET/checkpoints", "$S3_BUCKET"));
	FC_CHECK(finds("<Account_ID>.dkr.ecr.amazonaws.com/flink", "<Account_ID>"));
	FC_CHECK(finds("<URI of the job jar>", "<URI of the job jar>"));
	FC_CHECK(finds("${DEPLOYMENT_NAME}", "${DEPLOYMENT_NAME}"));
}

static void test_placeholder__look_alikes(int *failures)
{
	FC_CHECK(finds("${sys:log.file}", NULL));            /* a log4j lookup */
	FC_CHECK(finds("-Dip=$(_POD_IP_ADDRESS)", NULL));    /* Kubernetes' own expansion */
	FC_CHECK(finds("$internal.pipeline.job-id", NULL));  /* a Flink key */
	FC_CHECK(finds("a < b > c", NULL));
	FC_CHECK(finds("flink:1.18", NULL));
	FC_CHECK(finds("price $5", NULL));
	FC_CHECK(finds("${}", NULL));
	FC_CHECK(finds("${UNCLOSED", NULL));
}

const struct fc_test fc_placeholder_tests[] = {
	{ "test_placeholder__shapes", test_placeholder__shapes },
	{ "test_placeholder__look_alikes", test_placeholder__look_alikes },
	{ NULL, NULL },
};
