/* The canonical form of diagnosis and procedure codes (see codes.h). */
#include <string.h>

#include "codes_internal.h"
#include "error_internal.h"

/* Decodes the character at s (len bytes left) into an ASCII equivalent:
 * returns it and sets *used, or returns -1 for characters that cannot be
 * part of a code.  Full-width ASCII (U+FF01..U+FF5E) folds to ASCII, the
 * ideographic space U+3000 to ' ', the dagger U+2020 to '+'. */
static int fold_char(const unsigned char *s, size_t len, size_t *used) {
  *used = 1;
  if (s[0] < 0x80) return s[0];
  if (len < 3) return -1;
  *used = 3;
  unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
  if ((s[0] & 0xF0) != 0xE0 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return -1;
  if (cp >= 0xFF01 && cp <= 0xFF5E) return (int)(cp - 0xFEE0);
  if (cp == 0x3000) return ' ';
  if (cp == 0x2020) return '+';
  return -1;
}

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Maps one folded character given whether it starts a part (the code or its
 * asterisk part); returns the character to store or -1. */
static int canon_char(int c, int part_start) {
  if (c >= '0' && c <= '9') return c;
  if (c == '.' || c == '+' || c == '*') return c;
  if (c >= 'a' && c <= 'z') c -= 'a' - 'A';
  if (c >= 'A' && c <= 'Z') return (c == 'X' && !part_start) ? 'x' : c;
  return -1;
}

/* A code is [part]['+' part '*']: no empty part, '+' at most once, '*' only
 * closing the asterisk part. */
static int well_formed(const char *out, size_t n) {
  const char *plus = memchr(out, '+', n);
  const char *star = memchr(out, '*', n);
  if (n == 0 || out[0] == '+' || out[0] == '*' || out[0] == '.') return 0;
  if (!plus) return star == NULL;
  if (memchr(plus + 1, '+', n - (size_t)(plus + 1 - out))) return 0;
  if (plus + 1 >= out + n - 1 || plus[1] == '*') return 0;
  return star == out + n - 1;
}

int ygt__code_canon(char *out, const char *code, size_t len) {
  const unsigned char *s = (const unsigned char *)code;
  size_t n = 0, used;
  int part_start = 1, has_plus = 0;
  for (size_t i = 0; i < len; i += used) {
    int c = fold_char(s + i, len - i, &used);
    if (c < 0) return YGT_EINVAL;
    if (is_space(c)) continue;
    c = canon_char(c, part_start);
    if (c < 0 || n >= YGT_CODE_MAX) return YGT_EINVAL;
    out[n++] = (char)c;
    part_start = (c == '+');
    has_plus |= (c == '+');
  }
  if (has_plus && n > 0 && out[n - 1] != '*') {
    if (n >= YGT_CODE_MAX) return YGT_EINVAL;
    out[n++] = '*';
  }
  out[n] = '\0';
  return well_formed(out, n) ? (int)n : YGT_EINVAL;
}

int ygt_code_max_length(void) { return YGT_CODE_MAX; }

int ygt_code_normalize(char *out, size_t cap, const char *code) {
  char buf[YGT_CODE_MAX + 1];
  if (!code) return ygt__error(YGT_EINVAL, "ygt_code_normalize: code is NULL");
  int n = ygt__code_canon(buf, code, strlen(code));
  if (n < 0) return ygt__error(YGT_EINVAL, "not a valid code: '%.80s'", code);
  if ((size_t)n + 1 > cap)
    return ygt__error(YGT_EBUFSIZE, "ygt_code_normalize: %d bytes needed, %zu given", n + 1, cap);
  memcpy(out, buf, (size_t)n + 1);
  return n;
}

uint32_t ygt__code_hash(const char *code, size_t len) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)code[i]) * 16777619u;
  return h;
}
