/* Text written piece by piece into a caller's buffer (text_internal.h). */
#include "text_internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

void ygt__text_add(ygt__text *t, const char *fmt, ...) {
  size_t at = t->len < t->cap ? t->len : t->cap ? t->cap - 1 : 0;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(t->buf ? t->buf + at : NULL, t->buf ? t->cap - at : 0, fmt, ap);
  va_end(ap);
  if (n > 0) t->len += (size_t)n;
}

int ygt__text_length(const ygt__text *t) { return t->len > INT_MAX ? INT_MAX : (int)t->len; }
