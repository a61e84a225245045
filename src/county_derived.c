/* Event columns that follow from others are not stored while generating
 * (27 of the 70 bytes an event, a third of a county's memory): month and
 * period from the day, diagnosis and procedure from the condition, grid and
 * insurance from the patient, patient_paid = cost - fund.  One is made the
 * first time a caller asks for it (ygt_county_column()), and so is the
 * encounter batch, which holds grid, period and insurance.  A county is
 * shared between threads: each maker publishes its copy with a
 * compare-and-swap, the first one wins and the others free theirs, so every
 * caller sees the same array.  So is what a year run works out from the
 * county alone (ygt__county_keep()), for the next run over it. */
#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

int ygt__cy_is_derived_column(int column) {
  switch (column) {
  case YGT_COUNTY_EVENT_MONTH: case YGT_COUNTY_EVENT_PERIOD: case YGT_COUNTY_EVENT_DIAGNOSIS:
  case YGT_COUNTY_EVENT_PROCEDURE: case YGT_COUNTY_EVENT_GRID: case YGT_COUNTY_EVENT_INSURANCE:
  case YGT_COUNTY_EVENT_PATIENT_PAID: return 1;
  default: return 0;
  }
}

static const int32_t *patient_of(const ygt_county *c) { return c->col[YGT_COUNTY_EVENT_PATIENT]; }

static const cy_condition *condition_of(const ygt_county *c, size_t e) {
  return &c->cm->c[((const int32_t *)c->col[YGT_COUNTY_EVENT_CONDITION])[e]];
}

/* Month of each day of the year (index 1 .. 366), computed once a column. */
static void month_table(int8_t month[367], int32_t year) {
  for (int d = 1; d <= 366; d++) month[d] = (int8_t)ygt__cy_month_of(year, d);
}

static void fill_month(void *out, const ygt_county *c, int as_period) {
  int8_t month[367];
  month_table(month, c->opts.year);
  const int32_t *day = c->col[YGT_COUNTY_EVENT_DAY];
  for (size_t e = 0; e < c->nev; e++)
    if (as_period) ((int32_t *)out)[e] = c->opts.year * 100 + month[day[e]];
    else ((int8_t *)out)[e] = month[day[e]];
}

static void fill_codes(int32_t *out, const ygt_county *c, int procedure) {
  for (size_t e = 0; e < c->nev; e++) {
    const cy_condition *k = condition_of(c, e);
    out[e] = !procedure ? k->dx : k->nprocs ? k->procs[0] : -1;
  }
}

static void fill_resident(void *out, const ygt_county *c, int insurance) {
  const int32_t *patient = patient_of(c);
  for (size_t e = 0; e < c->nev; e++)
    if (insurance) ((int8_t *)out)[e] = ygt__cy_resident_insurance(c, (size_t)patient[e]);
    else ((int32_t *)out)[e] = ygt__cy_resident_grid(c, (size_t)patient[e]);
}

static void fill_paid(int64_t *out, const ygt_county *c) {
  const int64_t *cost = c->col[YGT_COUNTY_EVENT_COST], *fund = c->col[YGT_COUNTY_EVENT_FUND];
  for (size_t e = 0; e < c->nev; e++) out[e] = cost[e] - fund[e];
}

static void fill(void *out, const ygt_county *c, int column) {
  switch (column) {
  case YGT_COUNTY_EVENT_MONTH: fill_month(out, c, 0); break;
  case YGT_COUNTY_EVENT_PERIOD: fill_month(out, c, 1); break;
  case YGT_COUNTY_EVENT_DIAGNOSIS: fill_codes(out, c, 0); break;
  case YGT_COUNTY_EVENT_PROCEDURE: fill_codes(out, c, 1); break;
  case YGT_COUNTY_EVENT_GRID: fill_resident(out, c, 0); break;
  case YGT_COUNTY_EVENT_INSURANCE: fill_resident(out, c, 1); break;
  default: fill_paid(out, c); break;
  }
}

/* The county is immutable to its users; its slots of derived columns are
 * the one thing made later, atomically. */
static _Atomic(void *) *slot_of(const ygt_county *c, int column) { return &((ygt_county *)c)->derived[column]; }

int ygt__cy_derived(const void **out, const ygt_county *c, int column) {
  void *have = atomic_load(slot_of(c, column));
  if (!have) {
    void *made = ygt__malloc((c->nev ? c->nev : 1) * (size_t)ygt_county_column_width(column));
    if (!made) return YGT_ENOMEM;
    fill(made, c, column);
    if (atomic_compare_exchange_strong(slot_of(c, column), &have, made)) have = made;
    else ygt__free(made); /* another thread was first: have is its column */
  }
  *out = have;
  return YGT_OK;
}

/* ---- the encounter batch --------------------------------------------------------- */

static int attach_all(ygt_encounters *b, const ygt_county *c) {
  static const int map[][2] = {
    {YGT_ENC_INSTITUTION, YGT_COUNTY_EVENT_INSTITUTION}, {YGT_ENC_GRID, YGT_COUNTY_EVENT_GRID},
    {YGT_ENC_PERIOD, YGT_COUNTY_EVENT_PERIOD},           {YGT_ENC_SETTING, YGT_COUNTY_EVENT_SETTING},
    {YGT_ENC_INSURANCE, YGT_COUNTY_EVENT_INSURANCE},     {YGT_ENC_REFERRAL, YGT_COUNTY_EVENT_REFERRAL},
    {YGT_ENC_COST, YGT_COUNTY_EVENT_COST},               {YGT_ENC_FUND, YGT_COUNTY_EVENT_FUND}};
  int rc = YGT_OK;
  for (size_t i = 0; i < sizeof map / sizeof map[0] && !rc; i++) {
    const void *data = c->col[map[i][1]];
    if (ygt__cy_is_derived_column(map[i][1])) rc = ygt__cy_derived(&data, c, map[i][1]);
    if (!rc) rc = ygt_encounters_attach(b, map[i][0], data, c->nev);
  }
  return rc;
}

const ygt_encounters *ygt_county_encounters(const ygt_county *c) {
  if (!c) return NULL;
  if (c->totals) return c->totals->rows.enc;
  _Atomic(ygt_encounters *) *slot = &((ygt_county *)c)->enc;
  ygt_encounters *have = atomic_load(slot), *made = NULL;
  if (have) return have;
  if (ygt_encounters_new(&made) || attach_all(made, c)) {
    ygt_encounters_free(made);
    return NULL;
  }
  if (atomic_compare_exchange_strong(slot, &have, made)) return made;
  ygt_encounters_free(made); /* another thread was first */
  return have;
}

const ygt__county_kept *ygt__county_kept_of(const ygt_county *c) { return atomic_load(&((ygt_county *)c)->kept); }

const ygt__county_kept *ygt__county_keep(const ygt_county *c, ygt__county_kept *made) {
  ygt__county_kept *none = NULL;
  if (atomic_compare_exchange_strong(&((ygt_county *)c)->kept, &none, made)) return made;
  made->free(made); /* another run kept its own first: the same cells */
  return none;
}

void ygt__cy_derived_free(ygt_county *c) {
  ygt__county_kept *kept = atomic_load(&c->kept);
  if (kept) kept->free(kept);
  ygt_encounters_free(atomic_load(&c->enc));
  for (int k = 0; k < CY_COLUMNS; k++) ygt__free(atomic_load(&c->derived[k]));
}
