/* Internal: scanning words, shared by the two rule-language compilers (the
 * pack expressions of drg_expr.c and the CHS-DRG 3.0 rules of drg3_rule.c). */
#ifndef YGT_LEX_INTERNAL_H
#define YGT_LEX_INTERNAL_H

#include <stddef.h>
#include <string.h>

/* Letters, '_' and digits; a digit starts a word only when digit_first. */
static inline int ygt__lex_word_char(char ch, int digit_ok) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' || (digit_ok && ch >= '0' && ch <= '9');
}

/* Copies the word at s into w (cap bytes); returns its length, 0 when there
 * is none or it does not fit. */
static inline size_t ygt__lex_copy_word(const char *s, int digit_first, char *w, size_t cap) {
  size_t n = 0;
  while (ygt__lex_word_char(s[n], n > 0 || digit_first)) n++;
  if (n == 0 || n >= cap) return 0;
  memcpy(w, s, n);
  w[n] = '\0';
  return n;
}

/* Whether s starts with the whole word `word` (not a prefix of a longer word). */
static inline int ygt__lex_is_word(const char *s, const char *word) {
  size_t n = strlen(word);
  return strncmp(s, word, n) == 0 && !ygt__lex_word_char(s[n], 1);
}

#endif
