/* Step 1 of a year run: one pass over the county's events into figures per
 * institution, tier and county.  Distinct patients are counted by visiting
 * the events resident by resident (a counting sort when the county's events
 * are not already in resident order) and remembering, per institution and
 * per tier, the last resident counted. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

typedef struct tally {
  yr_column patient, inst, setting, referral, cost, fund; /* patients pay cost - fund */
  size_t n, nres;
  const int8_t *tier_of;   /* per institution */
} tally;

static int open_columns(tally *t, const ygt_county *c) {
  static const int cols[] = {YGT_COUNTY_EVENT_PATIENT, YGT_COUNTY_EVENT_INSTITUTION, YGT_COUNTY_EVENT_SETTING,
                             YGT_COUNTY_EVENT_REFERRAL, YGT_COUNTY_EVENT_COST, YGT_COUNTY_EVENT_FUND};
  yr_column *const dst[] = {&t->patient, &t->inst, &t->setting, &t->referral, &t->cost, &t->fund};
  t->n = ygt_county_event_count(c);
  t->nres = ygt_county_resident_count(c);
  return ygt__year_columns(dst, cols, sizeof cols / sizeof cols[0], c);
}

static int add(int64_t *sum, int64_t v) {
  return __builtin_add_overflow(*sum, v, sum) ? ygt__error(YGT_EOVERFLOW, "ygt_year_run: a total does not fit 64 bits")
                                              : 0;
}

/* Add one event's counts and money to a row of figures. */
static int add_event(int64_t *f, const tally *t, size_t e) {
  f[yr_get(t->setting, e) == YGT_SETTING_OUTPATIENT ? YGT_YEAR_VISITS : YGT_YEAR_STAYS]++;
  int64_t ref = yr_get(t->referral, e);
  if (ref == YGT_ENC_REFERRAL_UP) f[YGT_YEAR_REFERRED_UP]++;
  if (ref == YGT_ENC_REFERRAL_OUT) f[YGT_YEAR_REFERRED_OUT]++;
  int64_t cost = yr_get(t->cost, e), fund = yr_get(t->fund, e);
  int rc = add(&f[YGT_YEAR_COST], cost);
  if (!rc) rc = add(&f[YGT_YEAR_FUND_FFS], fund);
  if (!rc) rc = add(&f[YGT_YEAR_PATIENT_PAID], cost - fund);
  return rc;
}

static int money_pass(ygt_year *y, const tally *t) {
  for (size_t e = 0; e < t->n; e++) {
    int64_t i = yr_get(t->inst, e);
    if (i < 0 || (size_t)i >= y->ninst)
      return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu has institution %lld, not in the model", e, (long long)i);
    int rc = add_event(y->inst + (size_t)i * YR_NFIELDS, t, e);
    if (!rc) rc = add_event(y->tier[t->tier_of[i]], t, e);
    if (!rc) rc = add_event(y->total, t, e);
    if (rc) return rc;
  }
  return 0;
}

static int in_resident_order(const tally *t) {
  for (size_t e = 1; e < t->n; e++)
    if (yr_get(t->patient, e) < yr_get(t->patient, e - 1)) return 0;
  return 1;
}

/* Event indices in resident order (a stable counting sort). */
static int resident_order(uint32_t **out, const tally *t) {
  size_t *start = ygt__calloc(t->nres + 1, sizeof *start);
  uint32_t *order = ygt__malloc((t->n ? t->n : 1) * sizeof *order);
  if (!start || !order) {
    ygt__free(start);
    ygt__free(order);
    return YGT_ENOMEM;
  }
  for (size_t e = 0; e < t->n; e++) start[yr_get(t->patient, e) + 1]++;
  for (size_t r = 0; r < t->nres; r++) start[r + 1] += start[r];
  for (size_t e = 0; e < t->n; e++) order[start[yr_get(t->patient, e)]++] = (uint32_t)e;
  ygt__free(start);
  *out = order;
  return 0;
}

/* Count each resident once per institution, tier and county. */
static void count_patients(ygt_year *y, const tally *t, const uint32_t *order, int64_t *last) {
  int64_t *last_tier = last + y->ninst, last_total = -1;
  for (size_t k = 0; k < t->n; k++) {
    size_t e = order ? order[k] : k;
    int64_t p = yr_get(t->patient, e), i = yr_get(t->inst, e);
    int tier = t->tier_of[i];
    if (last[i] != p) y->inst[(size_t)i * YR_NFIELDS + YGT_YEAR_PATIENTS]++, last[i] = p;
    if (last_tier[tier] != p) y->tier[tier][YGT_YEAR_PATIENTS]++, last_tier[tier] = p;
    if (last_total != p) y->total[YGT_YEAR_PATIENTS]++, last_total = p;
  }
}

static int patient_pass(ygt_year *y, const tally *t) {
  for (size_t e = 0; e < t->n; e++)
    if (yr_get(t->patient, e) < 0 || (size_t)yr_get(t->patient, e) >= t->nres)
      return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu names a resident out of range", e);
  uint32_t *order = NULL;
  if (t->n > UINT32_MAX) return ygt__error(YGT_ELIMIT, "ygt_year_run: more than 2^32 events");
  if (!in_resident_order(t) && resident_order(&order, t)) return YGT_ENOMEM;
  int64_t *last = ygt__malloc((y->ninst + YR_NTIERS) * sizeof *last);
  if (!last) {
    ygt__free(order);
    return YGT_ENOMEM;
  }
  for (size_t i = 0; i < y->ninst + YR_NTIERS; i++) last[i] = -1;
  count_patients(y, t, order, last);
  ygt__free(last);
  ygt__free(order);
  return 0;
}

int ygt__year_tally(ygt_year *y) {
  tally t;
  memset(&t, 0, sizeof t);
  int rc = open_columns(&t, y->in.county);
  if (rc) return rc;
  y->inst = ygt__calloc(y->ninst ? y->ninst * YR_NFIELDS : 1, sizeof *y->inst);
  int8_t *tier_of = ygt__malloc(y->ninst ? y->ninst : 1);
  if (!y->inst || !tier_of) {
    ygt__free(tier_of);
    return YGT_ENOMEM;
  }
  for (size_t i = 0; i < y->ninst; i++) tier_of[i] = (int8_t)ygt_model_institution_tier(y->in.model, (int32_t)i);
  t.tier_of = tier_of;
  rc = money_pass(y, &t);
  if (!rc) rc = patient_pass(y, &t);
  ygt__free(tier_of);
  return rc;
}
