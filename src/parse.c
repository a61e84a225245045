/* Exact parsing of numbers in table fields (see table_internal.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "table_internal.h"
#include "yigongti/error.h"

static int only_spaces(const char *s) {
  while (*s == ' ') s++;
  return *s == '\0';
}

/* The usual field, an optional '-' and 1 to 18 digits, read without strtoll
 * (which cannot overflow there); 0 when s is anything else. */
static int plain_int(const char *s, int64_t *out) {
  int neg = *s == '-';
  const char *p = s + neg;
  int64_t v = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (p - (s + neg) == 18) return 0;
    v = v * 10 + (*p - '0');
  }
  if (*p || p == s + neg) return 0;
  *out = neg ? -v : v;
  return 1;
}

int ygt__parse_int64(const char *s, int64_t *out) {
  while (*s == ' ') s++;
  if (plain_int(s, out)) return 0;
  if (*s == '\0') return YGT_EPARSE;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (end == s || !only_spaces(end)) return YGT_EPARSE;
  if (errno == ERANGE) return YGT_ERANGE;
  *out = (int64_t)v;
  return 0;
}

int ygt__parse_double(const char *s, double *out) {
  while (*s == ' ') s++;
  if (*s == '\0') return YGT_EPARSE;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || !only_spaces(end)) return YGT_EPARSE;
  if (errno == ERANGE || !isfinite(v)) return YGT_ERANGE;
  *out = v;
  return 0;
}

/* Whole yuan, with thousands separators as exports write them ("117,635"):
 * a first group of 1-3 digits, then groups of exactly three.  Returns the
 * position after the number, or NULL (YGT_EPARSE / YGT_ERANGE in *rc). */
static const char *whole_yuan(const char *s, int64_t *yuan, int *rc) {
  int group = 0, grouped = 0;
  for (*yuan = 0; (*s >= '0' && *s <= '9') || *s == ','; s++) {
    if (*s == ',') {
      if (group == 0 || group > 3 || (grouped && group != 3) || s[1] < '0' || s[1] > '9') break;
      grouped = 1;
      group = 0;
      continue;
    }
    if (*yuan > (INT64_MAX / 100 - 9) / 10) return (void)(*rc = YGT_ERANGE), NULL;
    *yuan = *yuan * 10 + (*s - '0');
    group++;
  }
  if (grouped && group != 3) return (void)(*rc = YGT_EPARSE), NULL;
  return s;
}

int ygt__parse_fen(const char *s, int64_t *out) {
  while (*s == ' ') s++;
  int neg = (*s == '-');
  if (*s == '-' || *s == '+') s++;
  if (*s < '0' || *s > '9') return YGT_EPARSE;
  int64_t yuan = 0;
  int rc = 0;
  if (!(s = whole_yuan(s, &yuan, &rc))) return rc;
  int64_t fen = 0;
  if (*s == '.') {
    s++;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
      if (digits < 2) fen = fen * 10 + (*s - '0');
      else if (*s != '0') return YGT_ERANGE; /* finer than a fen */
    }
    if (digits == 1) fen *= 10;
  }
  if (!only_spaces(s)) return YGT_EPARSE;
  int64_t v = yuan * 100 + fen;
  *out = neg ? -v : v;
  return 0;
}

static int days_in_month(int y, int m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d[m - 1] + (m == 2 && leap);
}

int32_t ygt__parse_date(const char *s) {
  char digits[9];
  size_t n = 0, len = strlen(s);
  if (len == 10 && s[4] == '-' && s[7] == '-') {
    for (size_t i = 0; i < len; i++)
      if (i != 4 && i != 7) digits[n++] = s[i];
  } else if (len == 8) {
    memcpy(digits, s, 8);
    n = 8;
  }
  if (n != 8) return -1;
  int32_t v = 0;
  for (int i = 0; i < 8; i++) {
    if (digits[i] < '0' || digits[i] > '9') return -1;
    v = v * 10 + (digits[i] - '0');
  }
  int y = v / 10000, m = v / 100 % 100, d = v % 100;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
  return v;
}
