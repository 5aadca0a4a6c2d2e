/* SPDX-License-Identifier: Apache-2.0 */
/* explain.h - `flinkc explain` (its entry point, fc_explain, is in fc.h).
 *
 * Exposes the table of operator-rule summaries for the schema tests.
 */
#ifndef FC_EXPLAIN_H
#define FC_EXPLAIN_H

#include "fc.h"

/* the one-line summary of an operator-rule code ("E0310"), or NULL if the
 * code is not in the table */
const char *fc_explain_rule(const char *code);

#endif
