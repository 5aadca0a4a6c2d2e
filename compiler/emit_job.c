/* SPDX-License-Identifier: Apache-2.0 */
/* emit_job.c - FlinkSessionJob -> submitter Job.  (Placeholder.) */
#include "ctx.h"
#include "diag.h"
#include "emit.h"

int fc_emit_sessionjob(struct fc_emit *e, struct fc_arena *a, const struct fc_node *doc,
                       const struct fc_node *target)
{
	(void)a, (void)target;
	fc_diag_warning(fc_emit_ctx(e), doc->loc, "W0101", "FlinkSessionJob is not rendered by this version; skipped");
	return 0;
}
