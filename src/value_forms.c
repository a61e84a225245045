/* The value spellings of exports (doc/formats/exports.md): full-width
 * digits and signs, dates in the usual forms and durations written
 * `天/时/分`.  Each turns a field into the form the strict parsers read,
 * so that every case reader (tables, column maps, the 4101 reader) accepts
 * the same spellings. */
#include "value_forms_internal.h"

#include <stdio.h>
#include <string.h>

#include "error_internal.h"
#include "table_internal.h"

/* U+FF01..U+FF5E (EF BC 81 .. EF BD 9E) are ASCII 0x21..0x7E shifted; U+3000 is a space. */
static int wide_char(const unsigned char *p, char *out) {
  if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return *out = ' ', 1;
  if (p[0] != 0xEF || (p[1] != 0xBC && p[1] != 0xBD) || p[2] < 0x80 || p[2] > 0xBF) return 0;
  unsigned cp = 0xFF00u + ((p[1] - 0xBCu) << 6) + (p[2] - 0x80u);
  if (cp < 0xFF01 || cp > 0xFF5E) return 0;
  *out = (char)(cp - 0xFF01 + 0x21);
  return 1;
}

const char *ygt__fold_wide(const char *s, char *buf, size_t cap) {
  /* One scan for the lead bytes (every numeric field of a case file comes here): a field with neither
   * folds to a copy of itself, so nothing else needs to look for the exact sequences first. */
  if (!strpbrk(s, "\xEF\xE3")) return s;
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < cap;) {
    if (wide_char(p, &buf[n])) { n++; p += 3; continue; }
    buf[n++] = (char)*p++;
  }
  if (n + 1 >= cap) return s; /* too long for a number or a date: left to fail as it is */
  buf[n] = '\0';
  return buf;
}

/* Reads 1..max digits; returns the count (0: none). */
static int digits(const char **p, int max, int *v) {
  int n = 0;
  *v = 0;
  while (n < max && **p >= '0' && **p <= '9') *v = *v * 10 + (*(*p)++ - '0'), n++;
  return n;
}

/* "HH:MM[:SS]" after a date, or nothing. */
static int time_of_day(const char *p) {
  while (*p == ' ') p++;
  if (!*p) return 1;
  int h, m, sec = 0;
  if (digits(&p, 2, &h) < 1 || *p++ != ':' || digits(&p, 2, &m) != 2) return 0;
  if (*p == ':' && (p++, digits(&p, 2, &sec) != 2)) return 0;
  while (*p == ' ') p++;
  return !*p && h < 24 && m < 60 && sec < 60;
}

/* 2024-01-10, 2024/1/10, 2024年1月10日, each with an optional time of day. */
static int32_t separated_date(const char *s) {
  const char *p = s;
  int y, m, d;
  if (digits(&p, 4, &y) != 4) return -1;
  int cn = strncmp(p, "年", 3) == 0;
  char sep = *p;
  if (!cn && sep != '-' && sep != '/') return -1;
  p += cn ? 3 : 1;
  if (digits(&p, 2, &m) < 1) return -1;
  if (cn ? strncmp(p, "月", 3) != 0 : *p != sep) return -1;
  p += cn ? 3 : 1;
  if (digits(&p, 2, &d) < 1) return -1;
  if (cn && strncmp(p, "日", 3) == 0) p += 3;
  if (*p == 'T' || *p == ' ') p++;
  else if (*p) return -1;
  if (!time_of_day(p)) return -1;
  char text[9];
  snprintf(text, sizeof text, "%04u%02u%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
  return ygt__parse_date(text);
}

int32_t ygt__parse_date_forms(const char *s) {
  char buf[64];
  s = ygt__fold_wide(s, buf, sizeof buf);
  while (*s == ' ') s++;
  int32_t d = ygt__parse_date(s);
  return d >= 0 ? d : separated_date(s);
}

/* "D/H/M" (days, hours 0-23, minutes 0-59) to minutes; -1 when it is not one. */
static int64_t slashed_minutes(const char *p) {
  int v[3];
  for (int i = 0; i < 3; i++) {
    if (digits(&p, 9, &v[i]) < 1) return -1;
    if (*p != (i < 2 ? '/' : '\0')) return -1;
    if (i < 2) p++;
  }
  if (v[1] > 23 || v[2] > 59) return -1;
  return (int64_t)v[0] * 1440 + v[1] * 60 + v[2];
}

int ygt__parse_duration(const char *s, int unit_minutes, int64_t *out) {
  char buf[64];
  s = ygt__fold_wide(s, buf, sizeof buf);
  while (*s == ' ') s++;
  if (strchr(s, '/')) {
    int64_t min = slashed_minutes(s);
    if (min < 0) return -1;
    *out = min / unit_minutes; /* whole units completed: 95 h 59 min is 95 h */
    return 0;
  }
  int64_t x;
  if (ygt__parse_whole(s, &x) || x < 0) return -1;
  *out = x;
  return 0;
}

/* 1 when s holds only ASCII digits and '-': nothing to fold, no fraction. */
static int plain_ascii(const char *s) {
  while ((*s >= '0' && *s <= '9') || *s == '-') s++;
  return *s == '\0';
}

int ygt__parse_whole(const char *s, int64_t *out) {
  if (plain_ascii(s)) return ygt__parse_int64(s, out);
  char buf[64];
  s = ygt__fold_wide(s, buf, sizeof buf);
  const char *dot = strchr(s, '.');
  if (!dot) return ygt__parse_int64(s, out);
  size_t n = (size_t)(dot - s);
  if (n == 0 || n >= sizeof buf || dot[1 + strspn(dot + 1, "0")] != '\0' || !dot[1]) return YGT_EPARSE;
  char whole[64];
  memcpy(whole, s, n);
  whole[n] = '\0';
  return ygt__parse_int64(whole, out);
}
