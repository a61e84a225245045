/* The report's text sink and the number formats every section uses. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "year_internal.h"

void ygt__yr_put(yr_sink *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t room = s->len < s->cap ? s->cap - s->len : 0;
  int n = vsnprintf(room ? s->buf + s->len : NULL, room, fmt, ap);
  va_end(ap);
  if (n > 0) s->len += (size_t)n;
}

const char *ygt__yr_yuan(char *out, size_t cap, int64_t fen) {
  char digits[32];
  int64_t whole = (fen < 0 ? -fen : fen) / 100;
  int n = snprintf(digits, sizeof digits, "%lld", (long long)whole);
  char *p = out;
  if (fen < 0) *p++ = '-';
  for (int i = 0; i < n && (size_t)(p - out) + 2 < cap; i++) {
    if (i && (n - i) % 3 == 0) *p++ = ',';
    *p++ = digits[i];
  }
  *p = '\0';
  return out;
}

const char *ygt__yr_pct(char *out, size_t cap, double share) {
  if (isnan(share)) snprintf(out, cap, "   n/a");
  else snprintf(out, cap, "%5.1f %%", 100.0 * share);
  return out;
}
