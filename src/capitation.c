/* Capitation: persons, pools and charges for spending elsewhere. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"
#include "pay_internal.h"
#include "yigongti/capitation.h"

/* Persons summed checked: the model bounds each count, not their sum. */
static int add_persons(int64_t *n, int64_t k, const char *what, const char *code) {
  if (k > 0 && __builtin_add_overflow(*n, k, n))
    return ygt__error(YGT_EOVERFLOW, "%s %s: the institution's persons overflow int64", what, code);
  return YGT_OK;
}

static int insured_persons(int64_t *out, const ygt_model *m, int32_t inst, int ins) {
  int64_t n = 0;
  for (size_t g = 0; g < ygt_model_grid_count(m); g++) {
    if (ygt_model_grid_township(m, (int32_t)g) != inst) continue;
    for (int i = ins < 0 ? 0 : ins; i <= (ins < 0 ? 1 : ins); i++) {
      int rc = add_persons(&n, ygt_model_grid_insured(m, (int32_t)g, i), "grid", ygt_model_grid_code(m, (int32_t)g));
      if (rc) return rc;
    }
  }
  *out = n;
  return YGT_OK;
}

int ygt_capitation_persons(int64_t *out, const ygt_model *m, int32_t inst, int basis, int ins) {
  if (!out || !m) return ygt__error(YGT_EINVAL, "NULL argument");
  if (inst < 0 || (size_t)inst >= ygt_model_institution_count(m) || ins < -1 || ins > 1 || basis < 0 || basis > 1)
    return ygt__error(YGT_ERANGE, "institution %d, basis %d or insurance %d out of range", inst, basis, ins);
  if (basis == YGT_CAPITATION_INSURED) return insured_persons(out, m, inst, ins);
  int64_t n = 0;
  for (size_t t = 0; t < ygt_model_team_count(m); t++) {
    if (ygt_model_team_institution(m, (int32_t)t) != inst) continue;
    int rc = add_persons(&n, ygt_model_team_signed(m, (int32_t)t), "team", ygt_model_team_code(m, (int32_t)t));
    if (rc) return rc;
  }
  *out = n;
  return YGT_OK;
}

int ygt_capitation_pool(int64_t *out, int64_t rate, int64_t persons, double eligible, double months,
                        double performance) {
  if (!out) return ygt__error(YGT_EINVAL, "NULL argument");
  if (rate < 0 || persons < 0 || !(eligible >= 0 && eligible <= 1) || !(months > 0 && months <= 120) ||
      !(performance >= 0 && performance <= 10))
    return ygt__error(YGT_ERANGE, "capitation rate, persons, eligible share, months or multiplier out of range");
  const double factors[] = {(double)rate, (double)persons, eligible, months, performance};
  return ygt__round_product(factors, 5, out);
}

static int64_t visit_fund(const ygt_cases *c, size_t r) {
  int64_t paid = ygt__cases_int64(c, YGT_CASE_FUND_PAID, r), total = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r);
  if (paid != YGT_CASES_NA64) return paid;
  if (total == YGT_CASES_NA64) return 0;
  int64_t share = ygt__patient_share(c, r);
  return share > 0 ? total - share : total;
}

int ygt_capitation_charges(int64_t *charged, size_t ninst, const ygt_cases *c, const int32_t *home, size_t begin,
                           size_t end) {
  if (!charged || !c || !home) return ygt__error(YGT_EINVAL, "NULL argument");
  if (begin > end || end > c->count) return ygt__error(YGT_ERANGE, "rows %zu..%zu outside the batch", begin, end);
  int64_t *sum = ygt__calloc(ninst ? ninst : 1, sizeof *sum);
  if (!sum) return YGT_ENOMEM;
  int bad = 0;
  for (size_t r = begin; r < end; r++) {
    int32_t h = home[r], at = ygt__cases_int(c, YGT_CASE_INSTITUTION, r);
    if (h < 0 || (size_t)h >= ninst || at == h) continue;
    bad |= __builtin_add_overflow(sum[h], visit_fund(c, r), &sum[h]);
  }
  for (size_t i = 0; !bad && i < ninst; i++) bad |= __builtin_add_overflow(charged[i], sum[i], &(int64_t){0});
  for (size_t i = 0; !bad && i < ninst; i++) charged[i] += sum[i];
  ygt__free(sum);
  return bad ? ygt__error(YGT_EOVERFLOW, "capitation charges overflow int64") : YGT_OK;
}

int ygt_capitation_balance(int64_t *out, int64_t pool, int64_t charged) {
  if (!out) return ygt__error(YGT_EINVAL, "NULL argument");
  if (__builtin_sub_overflow(pool, charged, out)) return ygt__error(YGT_EOVERFLOW, "balance overflows int64");
  return YGT_OK;
}
