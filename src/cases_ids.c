/* Case batches: a case id given twice in one loaded file.  A settlement
 * would pay the stay twice, so the load fails instead. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"

typedef struct { const char *id; int32_t line; } id_line;

/* By id, then line, so that the first repeat found names the later line. */
static int by_id(const void *a, const void *b) {
  const id_line *x = a, *y = b;
  int d = strcmp(x->id, y->id);
  return d ? d : (x->line > y->line) - (x->line < y->line);
}

static size_t collect(const ygt_cases *c, size_t first, id_line *ids) {
  size_t n = 0;
  for (size_t r = first; r < c->count; r++) {
    const char *id = ygt__cases_str(c, YGT_CASE_CASE_ID, r);
    if (id[0]) ids[n++] = (id_line){id, c->line[r]};
  }
  return n;
}

static uint32_t id_hash(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
  return h;
}

/* 1 when an id of rows first.. is given twice, 0 when none is, or YGT_ENOMEM: one pass over a hash set of
 * row numbers (4 bytes a slot), so that a clean file, the usual one, is not sorted. */
static int any_repeat(const ygt_cases *c, size_t first) {
  size_t cap = 16;
  while (cap < 2 * (c->count - first)) cap *= 2;
  uint32_t *slot = ygt__calloc(cap, sizeof *slot); /* row - first + 1; 0 is empty */
  if (!slot) return YGT_ENOMEM;
  int found = 0;
  for (size_t r = first; r < c->count && !found; r++) {
    const char *id = ygt__cases_str(c, YGT_CASE_CASE_ID, r);
    if (!id[0]) continue;
    size_t i = id_hash(id) & (cap - 1);
    while (slot[i] && !(found = !strcmp(ygt__cases_str(c, YGT_CASE_CASE_ID, first + slot[i] - 1), id)))
      i = (i + 1) & (cap - 1);
    slot[i] = (uint32_t)(r - first + 1);
  }
  ygt__free(slot);
  return found;
}

int ygt__cases_unique_ids(const ygt_cases *c, size_t first, const char *source) {
  if (c->count <= first + 1) return YGT_OK;
  if (c->count - first < UINT32_MAX) {
    int repeat = any_repeat(c, first);
    if (repeat <= 0) return repeat; /* none (or no memory); a repeat is named by the sort below */
  }
  id_line *ids = ygt__malloc((c->count - first) * sizeof *ids);
  if (!ids) return YGT_ENOMEM;
  size_t n = collect(c, first, ids);
  qsort(ids, n, sizeof *ids, by_id);
  int rc = YGT_OK;
  for (size_t i = 1; i < n && !rc; i++)
    if (strcmp(ids[i].id, ids[i - 1].id) == 0)
      rc = ygt__error_at(YGT_EEXISTS, source, ids[i].line, 0, "case_id", "case id '%.80s' is given twice (also line %d)",
                         ids[i].id, ids[i - 1].line);
  ygt__free(ids);
  return rc;
}
