/* "Did you mean" hints: the closest known name by edit distance. */
#include <string.h>

#include <stdio.h>

#include "error_internal.h"

enum { MAX_LEN = 64 };

static size_t min3(size_t a, size_t b, size_t c) {
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

/* Optimal string alignment distance (Levenshtein plus adjacent swaps, the
 * commonest typing slip); words longer than MAX_LEN never match. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb) {
  size_t rows[3][MAX_LEN + 1];
  size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
  for (size_t j = 0; j <= nb; j++) prev[j] = j;
  for (size_t i = 1; i <= na; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, sub);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
        cur[j] = prev2[j - 2] + 1;
    }
    size_t *t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return prev[nb];
}

/* A third of the longer word, at least 1: "sdx1" -> "sdx", not "los_days". */
static size_t allowed(size_t na, size_t nb) {
  size_t longer = na > nb ? na : nb;
  return longer / 3 ? longer / 3 : 1;
}

int ygt_closest_name(const char *word, const char *const *names, size_t n) {
  size_t nw = word ? strlen(word) : 0;
  if (nw == 0 || nw > MAX_LEN || !names) return -1;
  int best = -1;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; i < n; i++) {
    size_t nn = names[i] ? strlen(names[i]) : 0;
    if (nn == 0 || nn > MAX_LEN) continue;
    size_t d = distance(word, nw, names[i], nn);
    if (d <= allowed(nw, nn) && d < best_d) { best = (int)i; best_d = d; }
  }
  return best;
}

const char *ygt__did_you_mean(char *out, size_t cap, const char *word, const char *const *names) {
  size_t n = 0;
  while (names && names[n]) n++;
  int k = ygt_closest_name(word, names, n);
  if (k >= 0) snprintf(out, cap, " (did you mean `%s`?)", names[k]);
  else if (cap) out[0] = '\0';
  return out;
}
