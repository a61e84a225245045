/* The per-thread error record and the fixed tables of error codes. */
#include "error_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Fixed-size buffers: recording an error must never allocate, since the
 * error being recorded may be an allocation failure. */
typedef struct error_slot {
  ygt_error pub;
  char message[768];
  char source[256];
  char field[128];
} error_slot;

static _Thread_local error_slot tls_slot;

static error_slot *slot(void) {
  error_slot *s = &tls_slot;
  s->pub.message = s->message;
  s->pub.source = s->source;
  s->pub.field = s->field;
  return s;
}

const ygt_error *ygt_error_last(void) { return &slot()->pub; }

void ygt_error_clear(void) {
  error_slot *s = slot();
  s->pub.code = YGT_OK;
  s->pub.line = 0;
  s->pub.column = 0;
  s->message[0] = s->source[0] = s->field[0] = '\0';
}

static void copy_text(char *dst, size_t cap, const char *src) {
  snprintf(dst, cap, "%s", src ? src : "");
}

/* Writes "SOURCE:LINE:COLUMN: FIELD: " into buf, skipping empty parts. */
static size_t format_location(char *buf, size_t cap, const error_slot *s) {
  int n = 0;
  if (s->source[0] != '\0') {
    n = snprintf(buf, cap, "%s", s->source);
    if (s->pub.line > 0) n += snprintf(buf + n, cap - (size_t)n, ":%d", s->pub.line);
    if (s->pub.column > 0) n += snprintf(buf + n, cap - (size_t)n, ":%d", s->pub.column);
    n += snprintf(buf + n, cap - (size_t)n, ": ");
  }
  if ((size_t)n < cap && s->field[0] != '\0')
    n += snprintf(buf + n, cap - (size_t)n, "%s: ", s->field);
  return (size_t)n < cap ? (size_t)n : cap - 1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 6, 0)))
#endif
static int record(int code, const char *source, int line, int column,
                  const char *field, const char *fmt, va_list ap) {
  error_slot *s = slot();
  s->pub.code = code;
  s->pub.line = line > 0 ? line : 0;
  s->pub.column = column > 0 ? column : 0;
  copy_text(s->source, sizeof s->source, source);
  copy_text(s->field, sizeof s->field, field);
  size_t used = format_location(s->message, sizeof s->message, s);
  vsnprintf(s->message + used, sizeof s->message - used, fmt, ap);
  return code;
}

int ygt__error(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  record(code, NULL, 0, 0, NULL, fmt, ap);
  va_end(ap);
  return code;
}

int ygt__error_at(int code, const char *source, int line, int column,
                  const char *field, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  record(code, source, line, column, field, fmt, ap);
  va_end(ap);
  return code;
}

/* One row per code: the enum value, its name and its description.  The
 * index is -code, so the table must list the codes in order. */
static const struct {
  int code;
  const char *name;
  const char *text;
} error_table[] = {
  {YGT_OK, "YGT_OK", "success"},
  {YGT_ENOMEM, "YGT_ENOMEM", "out of memory"},
  {YGT_EINVAL, "YGT_EINVAL", "invalid argument"},
  {YGT_EIO, "YGT_EIO", "input/output error"},
  {YGT_EPARSE, "YGT_EPARSE", "malformed input"},
  {YGT_EVALIDATE, "YGT_EVALIDATE", "input breaks a validation rule"},
  {YGT_ENOTFOUND, "YGT_ENOTFOUND", "not found"},
  {YGT_EEXISTS, "YGT_EEXISTS", "already exists"},
  {YGT_ERANGE, "YGT_ERANGE", "value out of range"},
  {YGT_EOVERFLOW, "YGT_EOVERFLOW", "arithmetic overflow"},
  {YGT_ELIMIT, "YGT_ELIMIT", "limit exceeded"},
  {YGT_ESTATE, "YGT_ESTATE", "operation not allowed in the current state"},
  {YGT_EUNSUPPORTED, "YGT_EUNSUPPORTED", "unsupported format or feature"},
  {YGT_EBUFSIZE, "YGT_EBUFSIZE", "output buffer too small"},
  {YGT_EINTERNAL, "YGT_EINTERNAL", "internal error"},
  {YGT_EACCOUNTS, "YGT_EACCOUNTS", "accounts do not balance"},
};

static int table_index(int code) {
  int n = (int)(sizeof error_table / sizeof error_table[0]);
  return (code <= 0 && code > -n) ? -code : -1; /* compare first: -INT_MIN overflows */
}

const char *ygt_strerror(int code) {
  int i = table_index(code);
  return i < 0 ? "unknown error code" : error_table[i].text;
}

const char *ygt_error_name(int code) {
  int i = table_index(code);
  return i < 0 ? "YGT_EUNKNOWN" : error_table[i].name;
}
