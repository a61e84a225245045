/* Helpers shared by the fuzz targets that replace one file of a bundle or
 * need NUL-terminated text. */
#ifndef YGT_FUZZ_UTIL_H
#define YGT_FUZZ_UTIL_H

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "yigongti.h"

/* Writes size bytes to dir/name. */
static inline void fuzz_put(const char *dir, const char *name, const void *data, size_t size) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return;
  fuzz_scratch(path);
  if (size) fwrite(data, 1, size, f);
  fclose(f);
}

/* A whole file as a malloc'ed NUL-terminated string (NULL if unreadable). */
static inline char *fuzz_slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc(n > 0 ? (size_t)n + 1 : 1);
  size_t got = fread(s, 1, n > 0 ? (size_t)n : 0, f);
  s[got] = 0;
  fclose(f);
  return s;
}

/* The input as a malloc'ed NUL-terminated string. */
static inline char *fuzz_text(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (size) memcpy(s, data, size);
  s[size] = 0;
  return s;
}

/* A per-process scratch directory named after tag. */
static inline const char *fuzz_dir(const char *tag) {
  static char dir[128];
  snprintf(dir, sizeof dir, "%s/ygt-fuzz-%s-%d", fuzz_tmp_root(), tag, (int)getpid());
  if (mkdir(dir, 0700) == 0) fuzz_scratch(dir);
  return dir;
}

/* Reads bytes of the input as small integers. */
typedef struct fuzz_reader {
  const uint8_t *p;
  size_t n;
} fuzz_reader;

static inline uint32_t fuzz_u8(fuzz_reader *r) {
  if (!r->n) return 0;
  r->n--;
  return *r->p++;
}

/* n bytes little-endian, in a fixed order. */
static inline uint32_t fuzz_bytes(fuzz_reader *r, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; i++) v |= fuzz_u8(r) << (8 * i);
  return v;
}

/* A value with a bias to interesting ones: small, negative, extreme. */
static inline int32_t fuzz_i32(fuzz_reader *r) {
  uint32_t k = fuzz_u8(r);
  switch (k >> 5) {
  case 0: return (int32_t)(k & 31);
  case 1: return -(int32_t)(k & 31) - 1;
  case 2: return k & 1 ? INT32_MAX - (int32_t)(k & 15) : INT32_MIN + (int32_t)(k & 15);
  case 3: return (int32_t)fuzz_bytes(r, 2);
  case 4: return (int32_t)fuzz_bytes(r, 4);
  default: return (int32_t)(k & 63) - 8;
  }
}

static inline int64_t fuzz_i64(fuzz_reader *r) {
  uint32_t k = fuzz_u8(r);
  switch (k >> 6) {
  case 0: return (int64_t)fuzz_i32(r) * 100;
  case 1: return k & 1 ? INT64_MAX - (k & 15) : INT64_MIN + (k & 15);
  case 2: {
    uint64_t hi = (uint32_t)fuzz_i32(r);
    return (int64_t)(hi << 32 | (uint32_t)fuzz_i32(r));
  }
  default: return fuzz_i32(r);
  }
}

/* text with the line that starts with key replaced by prefix, middle and
 * suffix (the rule-language targets put an input into one table row). */
static inline char *fuzz_replace_line(const char *text, const char *key, const char *prefix, const char *middle,
                                      const char *suffix) {
  size_t cap = strlen(text) + strlen(prefix) + strlen(middle) + strlen(suffix) + 2;
  char *out = malloc(cap), *o = out;
  for (const char *p = text; *p;) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) + 1 : strlen(p);
    if (strncmp(p, key, strlen(key)) == 0) o += sprintf(o, "%s%s%s\n", prefix, middle, suffix);
    else memcpy(o, p, len), o += len;
    p += len;
  }
  *o = 0;
  return out;
}

/* Reads every field of every row of a loaded batch back; a row with a
 * problem must have a message. */
static inline void fuzz_read_back_cases(const ygt_cases *c) {
  for (size_t r = 0; r < ygt_cases_count(c); r++) {
    int32_t v;
    int64_t v64;
    for (int col = 0; col < ygt_cases_column_count(); col++) {
      int type = ygt_cases_column_type(col);
      if (type == YGT_CASE_TYPE_STRING) ygt_cases_get_string(c, r, col);
      else if (type == YGT_CASE_TYPE_INT64) ygt_cases_get_int64(c, r, col, &v64);
      else if (type == YGT_CASE_TYPE_CODE_LIST) {
        const int32_t *ids;
        size_t k;
        ygt_cases_get_codes(c, r, col, &ids, &k);
      } else ygt_cases_get_int(c, r, col, &v);
    }
    if (ygt_cases_row_flags(c, r) && !ygt_cases_row_message(c, r)[0]) __builtin_trap();
  }
}

#endif
