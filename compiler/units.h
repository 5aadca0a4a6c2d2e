/* SPDX-License-Identifier: Apache-2.0 */
/* units.h - numbers as Flink and Kubernetes spell them.
 *
 * Flink MemorySize ("2048m" = 2048 MiB, binary units, case-insensitive),
 * Kubernetes Quantity ("2Gi", "500m", "1e3"), the operator's memory rule
 * (MemorySize first, then Quantity), Flink durations, and Java's
 * Double.toString, all without locale or floating-point surprises.
 */
#ifndef FC_UNITS_H
#define FC_UNITS_H

#include "base.h"

/* Flink MemorySize.parse: "<digits>[ ]<unit>", units b|bytes, k|kb|kibibytes,
 * m|mb|mebibytes, g|gb|gibibytes, t|tb|tebibytes (case-insensitive), no unit =
 * bytes.  Returns 0 and the byte count, FC_ERR if not a MemorySize or it overflows. */
int fc_units_parse_memory(uint64_t *out, const char *s);

/* Kubernetes Quantity: sign, decimal number, suffix (Ki Mi Gi Ti Pi Ei, n u m k M G T P E,
 * or e/E exponent).  *milli receives the value in thousandths, rounded up as the API
 * server rounds ("500m" -> 500, "1" -> 1000, "2Gi" -> 2147483648000).  Returns 0 or
 * FC_ERR (bad syntax or out of range). */
int fc_units_parse_quantity(int64_t *milli, const char *s);
/* the Quantity as a double ("500m" -> 0.5); 0 or FC_ERR */
int fc_units_quantity_double(double *out, const char *s);

/* The operator's parseResourceMemoryString: Flink MemorySize first, then the
 * string upper-cased, a trailing 'B' dropped, 'I' -> 'i', parsed as a Quantity
 * in bytes.  0 or FC_ERR. */
int fc_units_operator_memory(uint64_t *bytes, const char *s);

/* MemorySize.toString: largest exact unit, "2 gb", "1536 mb", "100 bytes", "0 bytes" */
void fc_units_format_memory(char *buf, size_t n, uint64_t bytes);

/* Java Double.toString: "1.0", "0.5", "0.30000000000000004", "1.0E7", "1.0E-4",
 * "Infinity", "NaN"; shortest digits that round-trip. */
void fc_units_format_double(char *buf, size_t n, double v);

/* Flink TimeUtils.parseDuration: "<number>[ ]<unit>" with units ns/nano/...,
 * us/micro, ms/milli, s/sec/second(s), m/min/minute(s), h/hour(s), d/day(s);
 * no unit = ms.  *ms receives milliseconds.  0 or FC_ERR. */
int fc_units_parse_duration(int64_t *ms, const char *s);

#endif
