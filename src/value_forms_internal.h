/* Internal: value spellings of exports (value_forms.c). */
#ifndef YGT_VALUE_FORMS_INTERNAL_H
#define YGT_VALUE_FORMS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* s with full-width ASCII (０-９, －, ．, ／, ：, ...) and the ideographic
 * space made ASCII, in buf; s itself when it has none or does not fit. */
const char *ygt__fold_wide(const char *s, char *buf, size_t cap);

/* A date as YYYYMMDD from "2024-01-10", "20240110", "2024/1/10",
 * "2024年1月10日", each optionally followed by a time of day
 * ("2024-01-10 08:30:00", "2024-01-10T08:30"); -1 when it is not one. */
int32_t ygt__parse_date_forms(const char *s);

/* A duration as whole units of unit_minutes (60: hours, 1: minutes) from an
 * integer already in those units or "D/H/M" (天/时/分, "1/13/24"), rounded
 * down to the units completed; 0, or -1 when it is not one. */
int ygt__parse_duration(const char *s, int unit_minutes, int64_t *out);

/* An integer, also written with a fraction of zeros ("45.0": a numeric
 * field of an export) or in full-width digits; 0 or YGT_EPARSE / YGT_ERANGE. */
int ygt__parse_whole(const char *s, int64_t *out);

#endif
