/* Step 2 of a year run: the scheme's settlement.  Stays go to the scheme as
 * the county's case batch with their groups (the case mix's group code, or
 * per-diem class, looked up once per condition); visits go aggregated by
 * institution × home pool × insurance × workload item (from the visits'
 * cells, year_visits.c, not visit by visit), because capitation
 * charges, workload units and fee-for-service sums are all additive.  A
 * resident's capitation pool is held by the township centre of the grid
 * (its family-doctor teams) and covers the resident only as the basis says
 * (year_pools.c): signed with those teams, or insured; anyone else's visits
 * go to no pool and are paid fee for service.  Without a scheme every line
 * is fee for service. */
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "year_internal.h"
#include "yigongti/settle.h"

enum { NINS = 3 };

typedef struct cell {
  int64_t cost, fund, count;
} cell;

struct yr_visit_rows {
  size_t ninst, nitem, ncell, n;
  int basis;                      /* capitation basis, -1 when the line is not capitation */
  cell *at;                       /* dense cells, while filling */
  int32_t *inst, *home, *ins, *item;
  int64_t *vcost, *vfund, *qty;   /* rows */
};
typedef struct yr_visit_rows visits;

typedef struct stays {
  int32_t *group, *cls;
  int64_t *patient;
} stays;

/* Per condition: its index in a line's table, -1 when it has none. */
static int lookup(int32_t **out, const ygt_scheme *s, const ygt_casemix *cm, int line,
                  const char *(*code_of)(const ygt_casemix *, int32_t)) {
  size_t n = ygt_casemix_count(cm);
  int32_t *idx = ygt__malloc((n ? n : 1) * sizeof *idx);
  if (!idx) return YGT_ENOMEM;
  int has = ygt_scheme_method(s, line) != YGT_PAY_NONE;
  for (size_t i = 0; i < n; i++) {
    const char *code = code_of(cm, (int32_t)i);
    idx[i] = has && code && *code ? ygt_scheme_group_find(s, line, code) : -1;
  }
  *out = idx;
  return 0;
}

static int fill_stays(stays *st, const yr_events *ev, const yr_visits_cells *vc, const int32_t *group,
                      const int32_t *cls, size_t ncases) {
  size_t m = ncases ? ncases : 1;
  st->group = ygt__malloc(m * sizeof *st->group);
  st->cls = ygt__malloc(m * sizeof *st->cls);
  st->patient = ygt__malloc(m * sizeof *st->patient);
  if (!st->group || !st->cls || !st->patient) return YGT_ENOMEM;
  for (size_t r = 0; r < ncases; r++) st->group[r] = st->cls[r] = -1, st->patient[r] = -1;
  for (size_t k = 0; k < vc->nstay; k++) {
    size_t e = vc->stay[k];
    int64_t row = ev->row[e], cond = ev->cond[e];
    if ((size_t)row >= ncases) return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu names case row %lld", e, (long long)row);
    st->group[row] = group[cond];
    st->cls[row] = cls[cond];
    st->patient[row] = ev->patient[e];
  }
  return 0;
}

static size_t visit_cell(const visits *v, size_t inst, size_t home, size_t ins, size_t item) {
  return ((inst * (v->ninst + 1) + home) * NINS + ins) * v->nitem + item;
}

static void add_visit(visits *v, const ygt_year *y, const int32_t *item, const yr_visits_cell *c) {
  int32_t home = ygt__year_pool_home(y, v->basis, c->grid, c->ins, c->signed_);
  int32_t it = y->tier_of[c->inst] <= YGT_TIER_TOWNSHIP ? item[c->rep] : -1;
  size_t k = visit_cell(v, (size_t)c->inst, (size_t)(home + 1), (size_t)(c->ins + 1), (size_t)(it + 1));
  v->at[k].cost += c->cost; /* a year of one county is far below 2^63 fen; totals are checked later */
  v->at[k].fund += c->fund;
  v->at[k].count += c->count;
}

static int alloc_visit_rows(visits *v) {
  size_t m = v->n ? v->n : 1;
  v->inst = ygt__malloc(m * sizeof *v->inst);
  v->home = ygt__malloc(m * sizeof *v->home);
  v->ins = ygt__malloc(m * sizeof *v->ins);
  v->item = ygt__malloc(m * sizeof *v->item);
  v->vcost = ygt__malloc(m * sizeof *v->vcost);
  v->vfund = ygt__malloc(m * sizeof *v->vfund);
  v->qty = ygt__malloc(m * sizeof *v->qty);
  return v->inst && v->home && v->ins && v->item && v->vcost && v->vfund && v->qty ? 0 : YGT_ENOMEM;
}

static void put_visit_row(visits *v, size_t r, size_t k) {
  size_t item = k % v->nitem, ins = k / v->nitem % NINS, rest = k / (v->nitem * NINS);
  v->inst[r] = (int32_t)(rest / (v->ninst + 1));
  v->home[r] = (int32_t)(rest % (v->ninst + 1)) - 1;
  v->ins[r] = (int32_t)ins - 1;
  v->item[r] = (int32_t)item - 1;
  v->vcost[r] = v->at[k].cost;
  v->vfund[r] = v->at[k].fund;
  v->qty[r] = v->at[k].count;
}

static int fill_visits(visits *v, const ygt_year *y, const int32_t *item) {
  v->at = ygt__calloc(v->ncell ? v->ncell : 1, sizeof *v->at);
  if (!v->at) return YGT_ENOMEM;
  for (size_t c = 0; c < y->visits.n; c++) add_visit(v, y, item, &y->visits.at[c]);
  for (size_t k = 0; k < v->ncell; k++) v->n += v->at[k].count != 0;
  int rc = alloc_visit_rows(v);
  for (size_t k = 0, r = 0; !rc && k < v->ncell; k++)
    if (v->at[k].count) put_visit_row(v, r++, k);
  ygt__free(v->at);
  v->at = NULL;
  return rc;
}

static void free_visits(visits *v) {
  void *p[] = {v->at, v->inst, v->home, v->ins, v->item, v->vcost, v->vfund, v->qty};
  for (size_t k = 0; k < sizeof p / sizeof p[0]; k++) ygt__free(p[k]);
}

void ygt__year_visit_rows_free(yr_visit_rows *v) {
  if (v) free_visits(v);
  ygt__free(v);
}

/* The visits' rows do not change when the year is paid again (year_dip.c):
 * the first pass's are kept (y->visit_rows), and taken again. */
static int visit_rows(visits **out, visits *mine, ygt_year *y, const int32_t *item) {
  *out = y->visit_rows ? y->visit_rows : mine;
  if (y->visit_rows) return 0;
  mine->ninst = y->ninst;
  mine->basis = ygt__year_pool_basis(y);
  mine->nitem = ygt_scheme_group_count(y->in.scheme, YGT_LINE_PRIMARY_CARE) + 1;
  mine->ncell = y->ninst * (y->ninst + 1) * NINS * mine->nitem;
  return fill_visits(mine, y, item);
}

static int keep_visits(ygt_year *y, visits *mine) {
  if (y->visit_rows || !ygt__year_repays(y)) return 0;
  y->visit_rows = ygt__malloc(sizeof *y->visit_rows);
  if (!y->visit_rows) return YGT_ENOMEM;
  *y->visit_rows = *mine;
  memset(mine, 0, sizeof *mine); /* now the year's */
  return 0;
}

static int settle(ygt_year *y, const stays *st, const visits *v, const ygt_cases *cases) {
  ygt_scheme_input in = YGT_SCHEME_INPUT_INIT;
  in.stays = cases;
  in.stay_group = st->group;
  in.stay_class = st->cls;
  in.stay_patient = st->patient;
  in.nvisits = v->n;
  in.visit_institution = v->inst;
  in.visit_home = v->home;
  in.visit_insurance = v->ins;
  in.visit_cost = v->vcost;
  in.visit_fund = v->vfund;
  in.visit_item = v->item;
  in.visit_quantity = v->qty;
  in.person_scale = ygt__county_person_scale(y->in.model, ygt_county_resident_count(y->in.county));
  /* y->dip_assess: the scores' DIP assessment coefficients (year_dip.c), NULL on the first pass */
  int rc = ygt_scheme_settle_assessed(&y->scheme, y->in.scheme, &in, y->dip_assess);
  size_t n = ygt_cases_count(cases);
  int8_t *status = rc ? NULL : ygt__malloc(n ? n : 1);
  if (!rc) y->stay_fund = ygt__malloc((n ? n : 1) * sizeof *y->stay_fund);
  if (!rc && (!y->stay_fund || !status)) rc = YGT_ENOMEM;
  if (!rc) rc = ygt_scheme_result_stays(NULL, NULL, status, NULL, NULL, y->stay_fund, y->scheme, n);
  for (size_t r = 0; !rc && r < n; r++)
    if (status[r] != YGT_SETTLE_OK) y->stay_fund[r] = YR_UNSETTLED; /* not settled by the method: fee for service */
  ygt__free(status);
  return rc;
}

/* What the method settles at its price; what it does not settle (a line
 * without a method, special review, no group, a visit without a pool) at
 * fee for service, as special review pays it in the end; the uninsured's
 * care at its cost, all paid by them. */
static int line_money(int64_t *amount, int64_t *fund, const ygt_year *y, int32_t i, int line) {
  int64_t cost = 0, ffs = 0, uninsured = 0;
  int none = ygt_scheme_method(y->in.scheme, line) == YGT_PAY_NONE;
  int rc = ygt_scheme_result_get(amount, y->scheme, i, line, none ? YGT_SCHEME_COST : YGT_SCHEME_AMOUNT);
  if (!rc) rc = ygt_scheme_result_get(fund, y->scheme, i, line, none ? YGT_SCHEME_FFS_FUND : YGT_SCHEME_FUND);
  if (!rc && !none) rc = ygt_scheme_result_get(&cost, y->scheme, i, line, YGT_SCHEME_UNSETTLED_COST);
  if (!rc && !none) rc = ygt_scheme_result_get(&ffs, y->scheme, i, line, YGT_SCHEME_UNSETTLED_FUND);
  if (!rc && !none) rc = ygt_scheme_result_get(&uninsured, y->scheme, i, line, YGT_SCHEME_UNINSURED_COST);
  if (!rc && (__builtin_add_overflow(*amount, cost, amount) || __builtin_add_overflow(*amount, uninsured, amount) ||
              __builtin_add_overflow(*fund, ffs, fund)))
    rc = ygt__error(YGT_EOVERFLOW, "ygt_year_run: a payment total does not fit 64 bits");
  return rc;
}

static int add_scheme_money(ygt_year *y, int32_t i) {
  int64_t *f = y->inst + (size_t)i * YR_NFIELDS;
  f[YGT_YEAR_AMOUNT] = f[YGT_YEAR_FUND] = 0;
  for (int line = YGT_LINE_INPATIENT; line <= YGT_LINE_PRIMARY_CARE; line++) {
    int64_t amount, fund;
    int rc = line_money(&amount, &fund, y, i, line);
    if (rc) return rc;
    if (__builtin_add_overflow(f[YGT_YEAR_AMOUNT], amount, &f[YGT_YEAR_AMOUNT]) ||
        __builtin_add_overflow(f[YGT_YEAR_FUND], fund, &f[YGT_YEAR_FUND]))
      return ygt__error(YGT_EOVERFLOW, "ygt_year_run: a payment total does not fit 64 bits");
  }
  return 0;
}

static int run_scheme(ygt_year *y) {
  const ygt_casemix *cm = ygt_county_casemix(y->in.county);
  const ygt_cases *cases = ygt_county_cases(y->in.county);
  yr_events ev;
  visits mine, *v = &mine;
  stays st;
  memset(&mine, 0, sizeof mine);
  memset(&st, 0, sizeof st);
  int32_t *group = NULL, *cls = NULL, *item = NULL;
  int rc = ygt__year_events(&ev, y->in.county);
  if (!rc) rc = lookup(&group, y->in.scheme, cm, YGT_LINE_INPATIENT, ygt_casemix_group);
  if (!rc) rc = lookup(&cls, y->in.scheme, cm, YGT_LINE_LONG_STAY, ygt_casemix_long_stay);
  if (!rc) rc = lookup(&item, y->in.scheme, cm, YGT_LINE_PRIMARY_CARE, ygt_casemix_workload);
  if (!rc) rc = fill_stays(&st, &ev, &y->visits, group, cls, ygt_cases_count(cases));
  if (!rc) rc = visit_rows(&v, &mine, y, item);
  if (!rc) rc = settle(y, &st, v, cases);
  if (!rc) rc = keep_visits(y, &mine);
  for (size_t i = 0; !rc && i < y->ninst; i++) rc = add_scheme_money(y, (int32_t)i);
  free_visits(&mine);
  ygt__free(st.group);
  ygt__free(st.cls);
  ygt__free(st.patient);
  ygt__free(group);
  ygt__free(cls);
  ygt__free(item);
  return rc;
}

static void fee_for_service(ygt_year *y) {
  for (size_t i = 0; i < y->ninst; i++) {
    int64_t *f = y->inst + i * YR_NFIELDS;
    f[YGT_YEAR_AMOUNT] = f[YGT_YEAR_COST];
    f[YGT_YEAR_FUND] = f[YGT_YEAR_FUND_FFS];
  }
}

/* Tier and county sums of the scheme's money, and every revenue. */
static int sum_up(ygt_year *y) {
  int fields[] = {YGT_YEAR_AMOUNT, YGT_YEAR_FUND};
  for (size_t k = 0; k < 2; k++) {
    for (int t = 0; t < YR_NTIERS; t++) y->tier[t][fields[k]] = 0;
    y->total[fields[k]] = 0;
  }
  for (size_t i = 0; i < y->ninst; i++) {
    int64_t *f = y->inst + i * YR_NFIELDS;
    int64_t *t = y->tier[y->tier_of[i]];
    for (size_t k = 0; k < 2; k++)
      if (__builtin_add_overflow(t[fields[k]], f[fields[k]], &t[fields[k]]) ||
          __builtin_add_overflow(y->total[fields[k]], f[fields[k]], &y->total[fields[k]]))
        return ygt__error(YGT_EOVERFLOW, "ygt_year_run: a payment total does not fit 64 bits");
  }
  for (size_t i = 0; i < y->ninst; i++) {
    int64_t *f = y->inst + i * YR_NFIELDS;
    f[YGT_YEAR_REVENUE] = f[YGT_YEAR_FUND] + f[YGT_YEAR_PATIENT_PAID];
  }
  for (int t = 0; t < YR_NTIERS; t++) y->tier[t][YGT_YEAR_REVENUE] = y->tier[t][YGT_YEAR_FUND] + y->tier[t][YGT_YEAR_PATIENT_PAID];
  y->total[YGT_YEAR_REVENUE] = y->total[YGT_YEAR_FUND] + y->total[YGT_YEAR_PATIENT_PAID];
  return 0;
}

int ygt__year_pay(ygt_year *y) {
  if (y->in.scheme) {
    int rc = run_scheme(y);
    if (rc) return rc;
  } else {
    fee_for_service(y);
  }
  return sum_up(y);
}
