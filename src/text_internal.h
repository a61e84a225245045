/* Internal: text written piece by piece into a caller's buffer the way
 * snprintf writes it: cut to the capacity, NUL-terminated, while the
 * length counts everything, so that a caller learns the size it needs. */
#ifndef YGT_TEXT_INTERNAL_H
#define YGT_TEXT_INTERNAL_H

#include <stddef.h>

typedef struct ygt__text {
  char *buf;   /* NULL when cap is 0 */
  size_t cap;  /* bytes of buf */
  size_t len;  /* bytes written so far, including those that did not fit */
} ygt__text;

/* A text over buf[0 .. cap - 1] (buf may be NULL when cap is 0). */
static inline ygt__text ygt__text_over(char *buf, size_t cap) {
  ygt__text t = {cap ? buf : NULL, cap, 0};
  if (cap) buf[0] = '\0';
  return t;
}

/* Appends printf-style text. */
void ygt__text_add(ygt__text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The length as snprintf returns it (bytes the whole text needs, without the NUL). */
int ygt__text_length(const ygt__text *t);

#endif
