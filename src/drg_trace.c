/* DRG grouping traces: the decision steps of one case as data and text. */
#include "drg_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

typedef struct trace_step {
  int kind;
  int32_t object, code, value;
  size_t text;
} trace_step;

struct ygt_drg_trace {
  trace_step *steps;
  size_t n, cap;
  char *pool;
  size_t len, pool_cap;
};

int ygt_drg_trace_new(ygt_drg_trace **out) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_drg_trace_new: NULL out");
  *out = ygt__calloc(1, sizeof **out);
  return *out ? YGT_OK : YGT_ENOMEM;
}

void ygt_drg_trace_free(ygt_drg_trace *t) {
  if (!t) return;
  ygt__free(t->steps);
  ygt__free(t->pool);
  ygt__free(t);
}

void ygt__drg_trace_reset(ygt_drg_trace *t) {
  t->n = 0;
  t->len = 0;
}

int ygt__drg_trace_add(ygt_drg_trace *t, int kind, int32_t object, int32_t code, int32_t value,
                       const char *fmt, ...) {
  char text[768];
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  size_t n = len < 0 ? 0 : (size_t)len < sizeof text ? (size_t)len : sizeof text - 1;
  if (ygt__grow((void **)&t->steps, &t->cap, t->n + 1, sizeof *t->steps) ||
      ygt__grow((void **)&t->pool, &t->pool_cap, t->len + n + 1, 1))
    return YGT_ENOMEM;
  memcpy(t->pool + t->len, text, n);
  t->pool[t->len + n] = '\0';
  t->steps[t->n++] = (trace_step){kind, object, code, value, t->len};
  t->len += n + 1;
  return YGT_OK;
}

size_t ygt_drg_trace_count(const ygt_drg_trace *t) { return t->n; }

int ygt_drg_trace_step(const ygt_drg_trace *t, size_t i, int *kind, int32_t *object, int32_t *code,
                       int32_t *value) {
  if (i >= t->n) return ygt__error(YGT_ERANGE, "trace step %zu of %zu", i, t->n);
  const trace_step *s = &t->steps[i];
  if (kind) *kind = s->kind;
  if (object) *object = s->object;
  if (code) *code = s->code;
  if (value) *value = s->value;
  return YGT_OK;
}

const char *ygt_drg_trace_line(const ygt_drg_trace *t, size_t i) {
  return i < t->n ? t->pool + t->steps[i].text : NULL;
}
