/* A long stay's per-diem payment, explained (perdiem.h,
 * ygt_perdiem_explain): the bands its days fall in, each band's days × its
 * rate, and the fund's part, in numbers an auditor recomputes. */
#include "perdiem_internal.h"

#include "cases_internal.h"
#include "error_internal.h"
#include "yigongti/model.h"

/* The bands of a class at a level that a stay of `days` days reaches, as ygt_perdiem_amount() sums them. */
static void bands(ygt__text *t, const ygt_perdiem *p, int32_t cls, int use, int32_t days) {
  const char *sep = "";
  for (size_t i = 0; i < p->nbands; i++) {
    const band *b = &p->bands[i];
    if (b->cls != cls || b->level != use || b->from > days) continue;
    int32_t to = b->to < days ? b->to : days;
    ygt__text_add(t, "%sdays %d-%d: %d x %lld fen", sep, b->from, to, to - b->from + 1, (long long)b->rate);
    sep = " + ";
  }
}

int ygt_perdiem_explain(char *trace, size_t cap, const ygt_perdiem *p, const ygt_model *m, const ygt_cases *c,
                        int32_t cls, size_t row) {
  if (!p || !m || !c || (cap && !trace)) return ygt__error(YGT_EINVAL, "ygt_perdiem_explain: NULL argument");
  if (row >= c->count) return ygt__error(YGT_ERANGE, "row %zu outside the batch (%zu rows)", row, c->count);
  ygt__pay_row r;
  int rc = ygt__perdiem_row(&r, p, m, c, cls, row);
  if (rc) return rc;
  ygt__text t = ygt__text_over(trace, cap);
  if (r.status != YGT_SETTLE_OK) return ygt__pay_not_priced(&t, &r);
  int level = ygt_model_institution_level(m, ygt__cases_int(c, YGT_CASE_INSTITUTION, row));
  int use = ygt__perdiem_band_level(p, cls, level < 0 ? 0 : level);
  int32_t days = ygt__cases_int(c, YGT_CASE_LOS_DAYS, row);
  ygt__text_add(&t, "%s, %d days at level %s (bands of %s): ", p->classes[cls], days,
                ygt_hospital_level_name(level < 0 ? 0 : level), use == ANY_LEVEL ? "every level" : "that level");
  bands(&t, p, cls, use, days);
  ygt__text_add(&t, " = amount %lld fen", (long long)r.amount);
  ygt__pay_fund_explain(&t, c, row, r.fund, p->fund_ratio[ygt__cases_int(c, YGT_CASE_INSURANCE, row)]);
  return ygt__text_length(&t);
}
