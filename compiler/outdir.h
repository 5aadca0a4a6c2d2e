/* SPDX-License-Identifier: Apache-2.0 */
/* outdir.h - one file per object: naming, the index, atomic writes, check.
 *
 * The last stage for `flinkc render -o DIR` and `flinkc check --golden DIR`
 * (the public entry points are in fc.h).  File names are a pure function of
 * (namespace, kind, API group, name), documented in README.md "Output
 * directories":
 *
 *     <namespace>/<kind>[.<group>]_<name>.yaml      (.json with --format json)
 *     _cluster/<kind>[.<group>]_<name>.yaml         objects without a namespace
 *
 * kind is lowercased; every byte outside [a-z0-9.-] of group and name
 * (outside [a-z0-9-] of the namespace, [a-z0-9] of the kind) is written
 * %XX, so distinct objects never share a file, even on case-insensitive
 * file systems.  A file name longer than 255 bytes keeps its first 200
 * bytes and ends in "~" and the XXH3-64 of the full name.  DIR/.flinkc-index
 * lists the files flinkc wrote, so --prune removes only those.
 */
#ifndef FC_OUTDIR_H
#define FC_OUTDIR_H

#include "base.h"

struct fc_buf;

#define FC_OUTDIR_INDEX ".flinkc-index"

/* append the path of an object's file relative to DIR; ext is ".yaml" or ".json" */
void fc_outdir_name(struct fc_buf *out, const char *api_version, const char *kind, const char *namespace_,
                    const char *name, const char *ext);

#endif
