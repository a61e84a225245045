/* Workload equivalents: item tables, tallies and compensation. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "budget_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"
#include "pay_internal.h"
#include "table_internal.h"
#include "yigongti/workload.h"

typedef struct item {
  char *code;
  int64_t units; /* equivalent × 10^6 */
} item;

struct ygt_workload {
  item *items;
  size_t n, cap;
};

void ygt_workload_free(ygt_workload *w) {
  if (!w) return;
  for (size_t i = 0; i < w->n; i++) ygt__free(w->items[i].code);
  ygt__free(w->items);
  ygt__free(w);
}

int32_t ygt_workload_item_find(const ygt_workload *w, const char *code) {
  for (size_t i = 0; w && code && i < w->n; i++)
    if (strcmp(w->items[i].code, code) == 0) return (int32_t)i;
  return -1;
}

enum { C_CODE, C_EQ, C_NAME, C_N };
static const char *const columns[C_N + 1] = {"item_code", "equivalent", "?name", NULL};

static int load_item(ygt_workload *w, ygt_table *t, const int *idx, item *it) {
  const char *code = ygt__table_field(t, idx[C_CODE]);
  double eq;
  if (!code[0]) return ygt__table_error(t, idx[C_CODE], YGT_EPARSE, "missing (required)");
  if (ygt_workload_item_find(w, code) >= 0)
    return ygt__table_error(t, idx[C_CODE], YGT_EVALIDATE, "item '%.40s' is listed twice", code);
  if (ygt__parse_double(ygt__table_field(t, idx[C_EQ]), &eq) || !isfinite(eq))
    return ygt__table_error(t, idx[C_EQ], YGT_EPARSE, "not a number");
  if (eq < 0 || eq > 1e6) return ygt__table_error(t, idx[C_EQ], YGT_ERANGE, "%g is outside [0, 1e6]", eq);
  int rc = ygt__round_product((const double[]){eq, 1e6}, 2, &it->units);
  if (rc) return rc;
  return (it->code = ygt__strdup(code)) ? YGT_OK : YGT_ENOMEM;
}

static int load_row(void *obj, ygt_table *t, const int *idx) {
  ygt_workload *w = obj;
  item it = {0};
  int rc = load_item(w, t, idx, &it);
  if (!rc) rc = ygt__grow((void **)&w->items, &w->cap, w->n + 1, sizeof *w->items);
  if (rc) {
    ygt__free(it.code);
    return rc;
  }
  w->items[w->n++] = it;
  return YGT_OK;
}

static void free_any(void *w) { ygt_workload_free(w); }

int ygt_workload_load(ygt_workload **out, const char *path) {
  if (out) *out = NULL;
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_workload_load: NULL argument");
  ygt_workload *w = ygt__calloc(1, sizeof *w);
  if (!w) return YGT_ENOMEM;
  return ygt__pay_load((void **)out, w, free_any, path, columns, load_row, "item");
}

int ygt_workload_tally(int64_t *units, size_t ninst, const ygt_workload *w, const int32_t *inst, const int32_t *it,
                       const int64_t *qty, size_t n) {
  if (!units || !w || !inst || !it || !qty) return ygt__error(YGT_EINVAL, "NULL argument");
  int64_t *sum = ygt__calloc(ninst ? ninst : 1, sizeof *sum);
  if (!sum) return YGT_ENOMEM;
  int rc = YGT_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    int64_t add;
    if (inst[i] < 0 || (size_t)inst[i] >= ninst || it[i] < 0 || (size_t)it[i] >= w->n || qty[i] < 0)
      rc = ygt__error(YGT_ERANGE, "record %zu: institution, item or quantity out of range", i);
    else if (__builtin_mul_overflow(w->items[it[i]].units, qty[i], &add) ||
             __builtin_add_overflow(sum[inst[i]], add, &sum[inst[i]]))
      rc = ygt__error(YGT_EOVERFLOW, "equivalents overflow int64");
  }
  for (size_t i = 0; !rc && i < ninst; i++)
    if (__builtin_add_overflow(units[i], sum[i], &(int64_t){0})) rc = ygt__error(YGT_EOVERFLOW, "equivalents overflow int64");
  for (size_t i = 0; !rc && i < ninst; i++) units[i] += sum[i];
  ygt__free(sum);
  return rc;
}

/* The assessed equivalents' share of the budget, rounded once, split to the
 * fen by largest remainder so that the parts add up to it (3 equal
 * institutions and 200 fen are paid 67 + 67 + 66, not 67 × 3). */
static int assessed_split(int64_t *out, const int64_t *units, const double *assess, size_t ninst, int64_t budget,
                          int64_t total) {
  double *w = ygt__malloc((ninst ? ninst : 1) * sizeof *w);
  if (!w) return YGT_ENOMEM;
  long double weighted = 0;
  for (size_t i = 0; i < ninst; i++) weighted += w[i] = (double)units[i] * (assess ? assess[i] : 1);
  long double earned = roundl((long double)budget * weighted / (long double)total);
  int rc = earned < 9.2e18L ? ygt__budget_split(out, w, ninst, (int64_t)earned)
                            : ygt__error(YGT_EOVERFLOW, "the assessed compensation does not fit int64 fen");
  ygt__free(w);
  return rc;
}

int ygt_workload_compensate(int64_t *out, double *unit_value, const int64_t *units, const double *assess, size_t ninst,
                            int64_t budget) {
  if (!out || !units) return ygt__error(YGT_EINVAL, "NULL argument");
  if (budget < 0) return ygt__error(YGT_ERANGE, "the budget is negative");
  int64_t total = 0;
  for (size_t i = 0; i < ninst; i++) {
    if (units[i] < 0 || (assess && !(assess[i] >= 0 && assess[i] <= 10)))
      return ygt__error(YGT_ERANGE, "institution %zu: equivalents or assessment factor out of range", i);
    if (__builtin_add_overflow(total, units[i], &total)) return ygt__error(YGT_EOVERFLOW, "equivalents overflow");
  }
  if (total == 0) return ygt__error(YGT_EVALIDATE, "there are no equivalents to divide the budget by");
  int64_t *tmp = ygt__malloc((ninst ? ninst : 1) * sizeof *tmp);
  int rc = tmp ? assessed_split(tmp, units, assess, ninst, budget, total) : YGT_ENOMEM;
  if (!rc) memcpy(out, tmp, ninst * sizeof *tmp);
  if (!rc && unit_value) *unit_value = (double)budget / (double)total * 1e6 / 100; /* yuan per equivalent */
  ygt__free(tmp);
  return rc;
}
