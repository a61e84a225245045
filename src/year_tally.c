/* Step 1 of a year run: the county's events into figures per institution,
 * then per tier and county as sums of the institutions'.  The visits' counts
 * and money come from their cells, the stays' from their list, the distinct
 * patients from the count made in the same pass (all year_visits.c) when
 * the county's events are in resident order (a generated county's are),
 * else from a count again in resident order after a counting sort. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

/* The fields summed over institutions into tiers and the county. */
static const int summed[] = {YGT_YEAR_VISITS, YGT_YEAR_STAYS, YGT_YEAR_REFERRED_UP, YGT_YEAR_REFERRED_OUT,
                             YGT_YEAR_COST, YGT_YEAR_FUND_FFS, YGT_YEAR_PATIENT_PAID};

static int add(int64_t *sum, int64_t v) {
  return __builtin_add_overflow(*sum, v, sum) ? ygt__error(YGT_EOVERFLOW, "ygt_year_run: a total does not fit 64 bits")
                                              : 0;
}

/* Add the counts and money of events of one kind to their institution's row of figures. */
static int add_events(int64_t *f, int setting, int referral, int64_t count, int64_t cost, int64_t fund) {
  f[setting == YGT_SETTING_OUTPATIENT ? YGT_YEAR_VISITS : YGT_YEAR_STAYS] += count;
  f[YGT_YEAR_REFERRED_UP] += referral == YGT_ENC_REFERRAL_UP ? count : 0;
  f[YGT_YEAR_REFERRED_OUT] += referral == YGT_ENC_REFERRAL_OUT ? count : 0;
  int rc = add(&f[YGT_YEAR_COST], cost);
  return rc ? rc : add(&f[YGT_YEAR_FUND_FFS], fund);
}

static int add_visits(ygt_year *y) {
  int rc = 0;
  for (size_t k = 0; !rc && k < y->visits.n; k++) {
    const yr_visits_cell *v = &y->visits.at[k];
    rc = add_events(y->inst + (size_t)v->inst * YR_NFIELDS, v->set, v->ref, v->count, v->cost, v->fund);
  }
  return rc;
}

/* The stays one by one (year_visits.c checked their institutions). */
static int add_stays(ygt_year *y, const yr_events *ev) {
  int rc = 0;
  for (size_t k = 0; !rc && k < y->visits.nstay; k++) {
    size_t e = y->visits.stay[k];
    rc = add_events(y->inst + (size_t)ev->inst[e] * YR_NFIELDS, ev->setting[e], ev->referral[e], 1, ev->cost[e],
                    ev->fund[e]);
  }
  return rc;
}

/* Event indices in resident order (a stable counting sort). */
static int resident_order(uint32_t **out, const yr_events *ev) {
  size_t *start = ygt__calloc(ev->nres + 1, sizeof *start);
  uint32_t *order = ygt__malloc((ev->n ? ev->n : 1) * sizeof *order);
  if (!start || !order) {
    ygt__free(start);
    ygt__free(order);
    return YGT_ENOMEM;
  }
  for (size_t e = 0; e < ev->n; e++) start[ev->patient[e] + 1]++;
  for (size_t r = 0; r < ev->nres; r++) start[r + 1] += start[r];
  for (size_t e = 0; e < ev->n; e++) order[start[ev->patient[e]]++] = (uint32_t)e;
  ygt__free(start);
  *out = order;
  return 0;
}

/* The patients counted while the events came resident by resident
 * (year_visits.c), else counted again in resident order. */
static int count_patients(ygt_year *y, const yr_events *ev) {
  yr_patients again = {NULL, NULL, 1}, *pc = &y->visits.patients;
  uint32_t *order = NULL;
  int rc = 0;
  if (!pc->in_order) {
    rc = ygt__year_patients_init(&again, y->ninst);
    if (!rc) rc = resident_order(&order, ev);
    for (size_t k = 0; !rc && k < ev->n; k++)
      yr_count_patient(again.last, again.count, y->tier_of, y->ninst, ev->patient[order[k]], ev->inst[order[k]]);
    pc = &again;
  }
  for (size_t i = 0; !rc && i < y->ninst; i++) y->inst[i * YR_NFIELDS + YGT_YEAR_PATIENTS] = pc->count[i];
  for (int t = 0; !rc && t < YR_NTIERS; t++) y->tier[t][YGT_YEAR_PATIENTS] = pc->count[y->ninst + (size_t)t];
  if (!rc) y->total[YGT_YEAR_PATIENTS] = pc->count[y->ninst + YR_NTIERS];
  ygt__year_patients_free(&again);
  ygt__free(order);
  return rc;
}

/* Patients' payments per institution, then the tiers' and the county's sums. */
static int sum_institutions(ygt_year *y) {
  for (size_t i = 0; i < y->ninst; i++) {
    int64_t *f = y->inst + i * YR_NFIELDS;
    if (__builtin_sub_overflow(f[YGT_YEAR_COST], f[YGT_YEAR_FUND_FFS], &f[YGT_YEAR_PATIENT_PAID]))
      return ygt__error(YGT_EOVERFLOW, "ygt_year_run: a total does not fit 64 bits");
    for (size_t k = 0; k < sizeof summed / sizeof summed[0]; k++) {
      int rc = add(&y->tier[y->tier_of[i]][summed[k]], f[summed[k]]);
      if (!rc) rc = add(&y->total[summed[k]], f[summed[k]]);
      if (rc) return rc;
    }
  }
  return 0;
}

int ygt__year_tally(ygt_year *y) {
  yr_events ev;
  int rc = ygt__year_events(&ev, y->in.county);
  if (rc) return rc;
  y->inst = ygt__calloc(y->ninst ? y->ninst * YR_NFIELDS : 1, sizeof *y->inst);
  if (!y->inst) return YGT_ENOMEM;
  rc = add_visits(y);
  if (!rc) rc = add_stays(y, &ev);
  if (!rc) rc = count_patients(y, &ev);
  if (!rc) rc = sum_institutions(y);
  return rc;
}
