/* Internal: setting the per-thread error record (see include/yigongti/error.h). */
#ifndef YGT_ERROR_INTERNAL_H
#define YGT_ERROR_INTERNAL_H

#include "yigongti/error.h"

#if defined(__GNUC__)
#  define YGT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define YGT_PRINTF(f, a)
#endif

/* Record a failure without a location and return @code, so that callers can
 * write `return ygt__error(YGT_EINVAL, "...")`. */
int ygt__error(int code, const char *fmt, ...) YGT_PRINTF(2, 3);

/* Record a failure in an input: the message becomes
 * "SOURCE:LINE:COLUMN: FIELD: text" (parts that are empty or 0 are left out)
 * and the parts are kept in their own fields.  Returns @code. */
int ygt__error_at(int code, const char *source, int line, int column,
                  const char *field, const char *fmt, ...) YGT_PRINTF(6, 7);

/* " (did you mean `x`?)" for the name of the NULL-terminated `names`
 * closest to `word` (ygt_closest_name), or "" when none is close; written
 * into out (cap bytes), which is returned.  For messages about unknown keys
 * and columns (suggest.c). */
const char *ygt__did_you_mean(char *out, size_t cap, const char *word, const char *const *names);

#endif
