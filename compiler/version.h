/* SPDX-License-Identifier: Apache-2.0 */
/* version.h - the Flink versions flinkc knows: the CRD's flinkVersion names
 * ("v1_20"), their numbers (major*100+minor: 120) and the default image of
 * each.  A leaf module: the defaults document, the rules, lowering and the
 * emitters all read the one table.
 */
#ifndef FC_VERSION_H
#define FC_VERSION_H

#include "base.h"

/* flinkVersion name ("v1_20") -> 120; 0 if not a known version */
int fc_version_parse(const char *name);

/* the image used when spec.image is blank, for a version number; NULL when
 * no image of that version was released */
const char *fc_version_image(int version);

#endif
