/* SPDX-License-Identifier: Apache-2.0 */
/* placeholder.h - unexpanded template placeholders in input values.
 *
 * Files copied from a repository that fills them in with envsubst, Helm,
 * Kustomize or by hand often still hold `${ECR_IMAGE}`, `$S3_BUCKET` or
 * `<Account_ID>`.  The operator passes such a value through and the pod
 * fails at run time; flinkc says so where it reads the value (inert.c,
 * validate.c, rules.c).  Pure functions, no allocation.
 */
#ifndef FC_PLACEHOLDER_H
#define FC_PLACEHOLDER_H

#include "base.h"

/* The first placeholder in s[0..n): `${NAME}` or `${NAME:-default}` (not a
 * log4j lookup such as `${sys:log.file}`), `$NAME` with NAME upper-case
 * letters, digits and '_' (two or more characters; not Kubernetes' own
 * `$(NAME)`), or `<Words>` starting with a letter and holding only letters,
 * digits, spaces, '_' and '-'.  Sets *at to its offset and returns its
 * length, or returns 0 when there is none. */
size_t fc_placeholder_find(size_t *at, const char *s, size_t n);

#endif
