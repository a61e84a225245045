/* The auxiliary coefficient of a DIP case (bands of age, CCI, severity, ICU
 * hours, length of stay), inline over columns looked up once: the row path
 * (dip_score.c) looks them up per case, the batch path (dip_score_batch.c)
 * once per batch, and both then run this same code. */
#ifndef YGT_DIP_AUX_H
#define YGT_DIP_AUX_H

#include "dip_internal.h"

typedef struct ygt__dip_aux_cols {
  const int32_t *age, *age_days, *icu, *los; /* NULL when absent */
  const int64_t *sdx_off;
  const int32_t *sdx;
} ygt__dip_aux_cols;

static inline void ygt__dip_aux_cols_get(ygt__dip_aux_cols *k, const ygt_cases *c) {
  k->age = c->cols[YGT_CASE_AGE_YEARS].data;
  k->age_days = c->cols[YGT_CASE_AGE_DAYS].data;
  k->icu = c->cols[YGT_CASE_ICU_HOURS].data;
  k->los = c->cols[YGT_CASE_LOS_DAYS].data;
  k->sdx_off = c->cols[YGT_CASE_SDX].off;
  k->sdx = c->cols[YGT_CASE_SDX].vals;
}

/* An int column's value, -1 when missing. */
static inline int64_t ygt__dip_aux_int(const int32_t *col, size_t r) {
  int32_t v = col ? col[r] : YGT_CASES_NA;
  return v == YGT_CASES_NA ? -1 : v;
}

/* Age in years, from days when the years are missing; -1 when both are. */
static inline int64_t ygt__dip_aux_age(const ygt__dip_aux_cols *k, size_t r) {
  int32_t v = k->age ? k->age[r] : YGT_CASES_NA;
  if (v == YGT_CASES_NA && (v = k->age_days ? k->age_days[r] : YGT_CASES_NA) != YGT_CASES_NA) v /= 365;
  return v == YGT_CASES_NA ? -1 : v;
}

/* The CCI (summed weights of the conditions present) or the highest severity of the secondary diagnoses. */
static inline int64_t ygt__dip_aux_sdx(const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k, size_t r, int factor) {
  size_t n = k->sdx_off ? (size_t)(k->sdx_off[r + 1] - k->sdx_off[r]) : 0;
  const int32_t *sdx = n ? k->sdx + k->sdx_off[r] : NULL;
  uint64_t mask = 0;
  int64_t sev = 0;
  for (size_t j = 0; j < n; j++) {
    if (sdx[j] < 0) continue;
    if (factor == DIP_AUX_CCI && cat->cci_mask) mask |= cat->cci_mask[sdx[j]];
    if (factor == DIP_AUX_SEVERITY && cat->severity && cat->severity[sdx[j]] > sev) sev = cat->severity[sdx[j]];
  }
  if (factor == DIP_AUX_SEVERITY) return sev;
  int64_t cci = 0;
  for (; mask; mask &= mask - 1) cci += cat->cci_weight[__builtin_ctzll(mask)]; /* the conditions present */
  return cci;
}

static inline int64_t ygt__dip_aux_value(const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k, size_t r,
                                         int factor) {
  switch (factor) {
  case DIP_AUX_AGE: return ygt__dip_aux_age(k, r);
  case DIP_AUX_ICU_HOURS: return ygt__dip_aux_int(k->icu, r);
  case DIP_AUX_LOS_DAYS: return ygt__dip_aux_int(k->los, r);
  default: return ygt__dip_aux_sdx(cat, k, r, factor);
  }
}

/* The bands the case falls in, multiplied or the largest (parameter
 * aux_combine), in file order; 1 when none applies.  Each factor's value
 * is read once, when its first band is reached. */
static inline double ygt__dip_aux_of(const ygt_dip_engine *e, const ygt__dip_aux_cols *k, size_t r) {
  const ygt_dip_catalog *cat = e->cat;
  int use_max = e->params->num[YGT_PARAM_AUX_MAX] != 0, any = 0;
  double coef = 1.0;
  int64_t value[DIP_AUX_N];
  for (int f = 0; f < DIP_AUX_N; f++) value[f] = INT64_MIN;
  for (size_t i = 0; i < cat->nbands; i++) {
    const ygt__dip_band *b = &cat->bands[i];
    if (value[b->factor] == INT64_MIN) value[b->factor] = ygt__dip_aux_value(cat, k, r, b->factor);
    int64_t v = value[b->factor];
    if (v < b->low || v > b->high) continue;
    coef = use_max ? (any && coef > b->coef ? coef : b->coef) : coef * b->coef;
    any = 1;
  }
  return coef;
}

#endif
