/* The closest of a list of names to a misspelt one, for "did you mean"
 * hints: the smallest edit distance (insert, delete, substitute), if at
 * most a third of the longer word (at least 2). */
#include <string.h>

#include "score_internal.h"

#define WORD_CAP 64

static size_t min3(size_t a, size_t b, size_t c) {
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

/* Levenshtein distance with one row; words longer than WORD_CAP never match. */
static size_t distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b), row[WORD_CAP + 1];
  if (na > WORD_CAP || nb > WORD_CAP) return (size_t)-1;
  for (size_t j = 0; j <= nb; j++) row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j];
      row[j] = min3(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1]));
      diag = up;
    }
  }
  return row[nb];
}

const char *ygt__closest_name(const char *word, const char *const *names) {
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t k = 0; names[k]; k++) {
    size_t d = distance(word, names[k]), longer = strlen(word) > strlen(names[k]) ? strlen(word) : strlen(names[k]);
    size_t limit = longer / 3 > 2 ? longer / 3 : 2;
    if (d <= limit && d < best_d) best = names[k], best_d = d;
  }
  return best;
}
