/* The encounter batch: caller-owned columns attached without copying, or
 * columns owned by the batch after ygt_encounters_load(). */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "score_internal.h"

int ygt_encounters_new(ygt_encounters **out) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_encounters_new: out is NULL");
  *out = ygt__calloc(1, sizeof **out);
  return *out ? YGT_OK : YGT_ENOMEM;
}

void ygt_encounters_free(ygt_encounters *e) {
  if (!e) return;
  for (int c = 0; c < SC_COLUMNS; c++) ygt__free(e->owned[c]);
  ygt__free(e);
}

static int has_columns(const ygt_encounters *e) {
  for (int c = 0; c < SC_COLUMNS; c++)
    if (e->cols[c]) return 1;
  return 0;
}

int ygt_encounters_attach(ygt_encounters *e, int column, const void *data, size_t n) {
  if (!e || !data) return ygt__error(YGT_EINVAL, "ygt_encounters_attach: NULL argument");
  if (column < 0 || column >= SC_COLUMNS)
    return ygt__error(YGT_EINVAL, "ygt_encounters_attach: unknown column %d", column);
  for (int c = 0; c < SC_COLUMNS; c++)
    if (e->owned[c]) return ygt__error(YGT_ESTATE, "ygt_encounters_attach: the batch was loaded from a file");
  int others = 0;
  for (int c = 0; c < SC_COLUMNS; c++)
    if (c != column && e->cols[c]) others = 1;
  if (others && n != e->n)
    return ygt__error(YGT_EINVAL, "ygt_encounters_attach: column '%s' has %zu rows, the batch %zu",
                      ygt_encounter_column_name(column), n, e->n);
  e->cols[column] = data;
  e->n = n;
  return YGT_OK;
}

size_t ygt_encounters_count(const ygt_encounters *e) { return e && has_columns(e) ? e->n : 0; }

int ygt_encounters_period_range(int32_t *min, int32_t *max, const ygt_encounters *e) {
  if (!e) return ygt__error(YGT_EINVAL, "ygt_encounters_period_range: e is NULL");
  const int32_t *p = e->cols[YGT_ENC_PERIOD];
  if (!p || !e->n) return ygt__error(YGT_ENOTFOUND, "ygt_encounters_period_range: the batch has no periods");
  int32_t lo = p[0], hi = p[0];
  for (size_t i = 1; i < e->n; i++) {
    lo = p[i] < lo ? p[i] : lo;
    hi = p[i] > hi ? p[i] : hi;
  }
  if (min) *min = lo;
  if (max) *max = hi;
  return YGT_OK;
}
