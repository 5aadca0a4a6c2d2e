/* SPDX-License-Identifier: Apache-2.0 */
/* script.h - quoting for generated shell scripts and JSON text; the
 * embedded script templates.
 *
 * emit_job.c writes a POSIX sh script that carries user strings (program
 * arguments, URIs, configuration values) inside a JSON request body.  Two
 * layers of escaping, always in this order: JSON first (fc_script_json),
 * then the whole JSON text as one single-quoted shell word
 * (fc_script_shell).  Inside single quotes the shell interprets nothing
 * ($, `, \, " are literal); only the quote itself needs the '\'' dance.
 */
#ifndef FC_SCRIPT_H
#define FC_SCRIPT_H

#include "base.h"

struct fc_buf;

/* append s[0..len) as one single-quoted shell word: 'it'\''s' */
void fc_script_shell(struct fc_buf *out, const char *s, size_t len);

/* append s[0..len) as a JSON string with its quotes.  Escapes '"', '\\',
 * every control character (U+0000-U+001F, U+007F-U+009F) and the
 * characters YAML writers or JavaScript mishandle raw (U+2028, U+2029,
 * U+FEFF) as \uXXXX or the short forms (\n, \t, ...), so the result is
 * printable ASCII or plain UTF-8 and can sit in a YAML literal block.
 * Bytes that are not valid UTF-8 are written as U+FFFD. */
void fc_script_json(struct fc_buf *out, const char *s, size_t len);

/* append the script templates/<file> embedded in the binary, without its
 * "##" comment lines (the notes for readers of the template) */
void fc_script_template(struct fc_buf *out, const char *file);

#endif
