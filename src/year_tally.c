/* Step 1 of a year run: the county's events into figures per institution,
 * then per tier and county as sums of the institutions'.  The visits' counts
 * and money come from their cells, the stays' from their list (both
 * year_visits.c).  A pass over the events counts distinct patients: by
 * visiting the events resident by resident and remembering, per institution
 * and per tier, the last resident counted, in the same pass when the
 * county's events are in resident order (a generated county's are), else
 * again after a counting sort. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

/* The fields summed over institutions into tiers and the county. */
static const int summed[] = {YGT_YEAR_VISITS, YGT_YEAR_STAYS, YGT_YEAR_REFERRED_UP, YGT_YEAR_REFERRED_OUT,
                             YGT_YEAR_COST, YGT_YEAR_FUND_FFS, YGT_YEAR_PATIENT_PAID};

/* The last resident counted per institution, per tier and in the county. */
typedef struct last_seen {
  int64_t *inst;
  int64_t tier[YR_NTIERS], total;
} last_seen;

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

/* The stays one by one (event_pass() checked their institutions). */
static int add_stays(ygt_year *y, const yr_events *ev) {
  int rc = 0;
  for (size_t k = 0; !rc && k < y->visits.nstay; k++) {
    size_t e = y->visits.stay[k];
    rc = add_events(y->inst + (size_t)ev->inst[e] * YR_NFIELDS, ev->setting[e], ev->referral[e], 1, ev->cost[e],
                    ev->fund[e]);
  }
  return rc;
}

static void count_patient(ygt_year *y, last_seen *l, int64_t p, int32_t i) {
  int tier = y->tier_of[i];
  if (l->inst[i] != p) y->inst[(size_t)i * YR_NFIELDS + YGT_YEAR_PATIENTS]++, l->inst[i] = p;
  if (l->tier[tier] != p) y->tier[tier][YGT_YEAR_PATIENTS]++, l->tier[tier] = p;
  if (l->total != p) y->total[YGT_YEAR_PATIENTS]++, l->total = p;
}

static void forget(ygt_year *y, last_seen *l) {
  for (size_t i = 0; i < y->ninst; i++) l->inst[i] = -1;
  for (int t = 0; t < YR_NTIERS; t++) l->tier[t] = -1;
  l->total = -1;
}

/* Patients of every event while the events are in resident order.
 * *sorted: whether they were. */
static int event_pass(ygt_year *y, const yr_events *ev, last_seen *l, int *sorted) {
  int64_t before = -1;
  int in_order = 1;
  for (size_t e = 0; e < ev->n; e++) {
    int32_t i = ev->inst[e];
    int64_t p = ev->patient[e];
    if (i < 0 || (size_t)i >= y->ninst)
      return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu has institution %d, not in the model", e, (int)i);
    if (p < 0 || (size_t)p >= ev->nres)
      return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu names a resident out of range", e);
    in_order &= p >= before;
    before = p;
    if (in_order) count_patient(y, l, p, i);
  }
  *sorted = in_order;
  return 0;
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

/* Patients again, counted in resident order, when the events are not in it. */
static int recount_patients(ygt_year *y, const yr_events *ev, last_seen *l) {
  if (ev->n > UINT32_MAX) return ygt__error(YGT_ELIMIT, "ygt_year_run: more than 2^32 events");
  uint32_t *order = NULL;
  if (resident_order(&order, ev)) return YGT_ENOMEM;
  for (size_t i = 0; i < y->ninst; i++) y->inst[i * YR_NFIELDS + YGT_YEAR_PATIENTS] = 0;
  for (int t = 0; t < YR_NTIERS; t++) y->tier[t][YGT_YEAR_PATIENTS] = 0;
  y->total[YGT_YEAR_PATIENTS] = 0;
  forget(y, l);
  for (size_t k = 0; k < ev->n; k++) count_patient(y, l, ev->patient[order[k]], ev->inst[order[k]]);
  ygt__free(order);
  return 0;
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
  last_seen l;
  int rc = ygt__year_events(&ev, y->in.county);
  if (rc) return rc;
  y->inst = ygt__calloc(y->ninst ? y->ninst * YR_NFIELDS : 1, sizeof *y->inst);
  l.inst = ygt__malloc((y->ninst ? y->ninst : 1) * sizeof *l.inst);
  if (!y->inst || !l.inst) {
    ygt__free(l.inst);
    return YGT_ENOMEM;
  }
  forget(y, &l);
  int sorted = 1;
  rc = add_visits(y);
  if (!rc) rc = event_pass(y, &ev, &l, &sorted);
  if (!rc) rc = add_stays(y, &ev);
  if (!rc && !sorted) rc = recount_patients(y, &ev, &l);
  if (!rc) rc = sum_institutions(y);
  ygt__free(l.inst);
  return rc;
}
