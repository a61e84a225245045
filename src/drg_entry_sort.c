/* Sorting a pack's set entries by (owner, roletag, id) for build_sets
 * (drg_pack_build.c): an LSD radix sort a byte at a time, skipping the
 * bytes every entry shares.  qsort's call of a comparison function per
 * comparison was a tenth of a pack load.  Entries with equal keys keep their
 * order; the sets built from them do not depend on it. */
#include <string.h>

#include "alloc_internal.h"
#include "drg_internal.h"
#include "yigongti/error.h"

enum { PASSES = 12 }; /* 3 keys of 4 bytes, the least significant first */

/* Byte `pass` of the key, signed order made unsigned order. */
static unsigned digit(const drg_entry *e, int pass) {
  int key = pass / 4;
  int32_t v = key == 0 ? e->id : key == 1 ? e->roletag : e->owner;
  return (((uint32_t)v ^ 0x80000000u) >> (8 * (pass % 4))) & 0xFFu;
}

/* One stable counting pass from src to dst; count holds the pass's histogram. */
static void pass_into(const drg_entry *src, drg_entry *dst, size_t n, int pass, size_t *count) {
  size_t at = 0;
  for (int d = 0; d < 256; d++) {
    size_t c = count[d];
    count[d] = at;
    at += c;
  }
  for (size_t i = 0; i < n; i++) dst[count[digit(&src[i], pass)]++] = src[i];
}

/* The histograms of every pass, counted in one read of the entries. */
static void histograms(const drg_entry *rows, size_t n, size_t (*count)[256]) {
  for (size_t i = 0; i < n; i++)
    for (int p = 0; p < PASSES; p++) count[p][digit(&rows[i], p)]++;
}

int ygt__drg_sort_entries(drg_entry *rows, size_t n) {
  if (n < 2) return YGT_OK;
  size_t (*count)[256] = ygt__calloc(PASSES, sizeof *count); /* 24 kB: off the stack, threads may be small */
  drg_entry *tmp = ygt__malloc(n * sizeof *tmp), *src = rows, *dst = tmp;
  if (!count || !tmp) {
    ygt__free(count);
    ygt__free(tmp);
    return YGT_ENOMEM;
  }
  histograms(rows, n, count);
  for (int p = 0; p < PASSES; p++) {
    if (count[p][digit(&src[0], p)] == n) continue; /* every entry has this byte */
    pass_into(src, dst, n, p, count[p]);
    drg_entry *swap = src;
    src = dst;
    dst = swap;
  }
  if (src != rows) memcpy(rows, src, n * sizeof *rows);
  ygt__free(tmp);
  ygt__free(count);
  return YGT_OK;
}
