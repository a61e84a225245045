/* Needs: how many events each resident has (Poisson of the total rate of its
 * age and sex), which conditions (alias tables), on which days, and the
 * draws that do not depend on routing (emergency, length of stay).  Nothing
 * here looks at the referral rules, so a scenario with other rules keeps the
 * same needs. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

#define PIECE 30.0       /* Poisson means are split into pieces of at most this */
#define MAX_EVENTS 4096  /* events of one resident; the rates would have to be absurd */

static const cy_cell *cell_of(const ygt_county *c, const cy_cells *cells, size_t r) {
  const int8_t *age = c->col[YGT_COUNTY_RESIDENT_AGE], *sex = c->col[YGT_COUNTY_RESIDENT_SEX];
  return &cells->cell[age[r]][sex[r] - 1];
}

static int events_of(uint64_t seed, size_t r, double lambda) {
  int n = 0;
  for (uint32_t piece = 0; lambda > 0; piece++) {
    double l = lambda > PIECE ? PIECE : lambda;
    n += ygt__cy_poisson(l, ygt__cy_uniform(seed, r, CY_RESIDENT, CY_D_COUNT + piece));
    lambda -= l;
  }
  return n > MAX_EVENTS ? MAX_EVENTS : n;
}

static int count_events(ygt_county *c, const cy_cells *cells, size_t *total) {
  size_t n = 0;
  for (size_t r = 0; r < c->nres; r++) {
    n += (size_t)events_of(c->opts.seed, r, cell_of(c, cells, r)->total);
    if (n > INT32_MAX)
      return ygt__error(YGT_ELIMIT, "ygt_county_generate: more than 2^31 - 1 events (lower the scale or factors)");
  }
  *total = n;
  return YGT_OK;
}

/* Refuses before anything is allocated when the year would have far more
 * events than a batch holds (the exact count is checked again below). */
int ygt__cy_check_size(const ygt_county *c, const cy_cells *cells) {
  double people = 0, mean = 0;
  size_t ng = ygt_model_grid_count(c->model);
  for (size_t g = 0; g < ng; g++)
    people += round((double)ygt_model_grid_population(c->model, (int32_t)g) * c->opts.population_scale);
  for (int a = 0; a < CY_AGES; a++)
    mean += ygt_county_age_share(a) * (cells->cell[a][0].total + cells->cell[a][1].total) / 2;
  if (people * mean < 1.9e9) return YGT_OK;
  return ygt__error(YGT_ELIMIT, "ygt_county_generate: about %.0f events expected, more than a batch holds "
                    "(2^31 - 1; lower population_scale or the factors)", people * mean);
}

static int alloc_events(ygt_county *c, size_t n) {
  size_t cap = n ? n : 1;
  for (int k = YGT_COUNTY_EVENT_PATIENT; k <= YGT_COUNTY_EVENT_EMERGENCY; k++) { /* the event columns */
    c->col[k] = ygt__malloc(cap * (size_t)ygt_county_column_width(k));
    if (!c->col[k]) return YGT_ENOMEM;
  }
  c->nev = n;
  return YGT_OK;
}

/* ---- one resident ----------------------------------------------------------- */

typedef struct need {
  int32_t day, cond, key;
} need;

static int before(const need *a, const need *b) {
  if (a->day != b->day) return a->day < b->day;
  if (a->cond != b->cond) return a->cond < b->cond;
  return a->key < b->key;
}

/* Conditions and days keyed by the draw order, then sorted by day. */
static void draw_needs(const ygt_county *c, const cy_cell *cell, size_t r, need *v, int n, int days) {
  for (int k = 0; k < n; k++) {
    int32_t day = 1 + (int32_t)(ygt__cy_uniform(c->opts.seed, r, (uint32_t)k, CY_D_DAY) * days);
    need x = {day > days ? days : day, ygt__cy_cell_pick(cell, ygt__cy_uniform(c->opts.seed, r, (uint32_t)k, CY_D_CONDITION)), k};
    int j = k;
    while (j > 0 && before(&x, &v[j - 1])) v[j] = v[j - 1], j--;
    v[j] = x;
  }
}

static int32_t draw_los(const ygt_county *c, const cy_condition *k, size_t r, uint32_t j) {
  if (k->setting == YGT_SETTING_OUTPATIENT) return 0;
  if (k->setting == YGT_SETTING_DAY_SURGERY) return 1;
  double z = ygt__cy_normal(ygt__cy_uniform(c->opts.seed, r, j, CY_D_LOS1), ygt__cy_uniform(c->opts.seed, r, j, CY_D_LOS2));
  double los = k->los * ygt__cy_lognormal(c->opts.los_cv, z);
  return los < 1.5 ? 1 : los > 3650 ? 3650 : (int32_t)(los + 0.5);
}

typedef struct cols {
  int32_t *patient, *cond, *day, *dx, *proc, *los, *grid, *period;
  int8_t *month, *setting, *ins, *emergency;
} cols;

static void write_event(const ygt_county *c, const cols *o, size_t e, size_t r, uint32_t j, const need *x) {
  const cy_condition *k = &c->cm->c[x->cond];
  int month = ygt__cy_month_of(c->opts.year, x->day);
  o->patient[e] = (int32_t)r;
  o->cond[e] = x->cond;
  o->day[e] = x->day;
  o->month[e] = (int8_t)month;
  o->setting[e] = (int8_t)k->setting;
  o->dx[e] = k->dx;
  o->proc[e] = k->nprocs ? k->procs[0] : -1;
  o->los[e] = draw_los(c, k, r, j);
  o->grid[e] = ((const int32_t *)c->col[YGT_COUNTY_RESIDENT_GRID])[r];
  o->period[e] = c->opts.year * 100 + month;
  o->ins[e] = ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_INSURANCE])[r];
  o->emergency[e] = ygt__cy_uniform(c->opts.seed, r, j, CY_D_EMERGENCY) < k->emergency;
}

static cols columns_of(ygt_county *c) {
  cols o = {c->col[YGT_COUNTY_EVENT_PATIENT], c->col[YGT_COUNTY_EVENT_CONDITION], c->col[YGT_COUNTY_EVENT_DAY],
            c->col[YGT_COUNTY_EVENT_DIAGNOSIS], c->col[YGT_COUNTY_EVENT_PROCEDURE], c->col[YGT_COUNTY_EVENT_LOS],
            c->col[YGT_COUNTY_EVENT_GRID], c->col[YGT_COUNTY_EVENT_PERIOD], c->col[YGT_COUNTY_EVENT_MONTH],
            c->col[YGT_COUNTY_EVENT_SETTING], c->col[YGT_COUNTY_EVENT_INSURANCE], c->col[YGT_COUNTY_EVENT_EMERGENCY]};
  return o;
}

int ygt__cy_needs(ygt_county *c, const cy_cells *cells) {
  size_t n = 0;
  int rc = count_events(c, cells, &n);
  if (!rc) rc = alloc_events(c, n);
  need *v = rc ? NULL : ygt__malloc(MAX_EVENTS * sizeof *v);
  if (rc || !v) return rc ? rc : YGT_ENOMEM;
  cols o = columns_of(c);
  int days = ygt__cy_days_in_year(c->opts.year);
  size_t e = 0;
  for (size_t r = 0; r < c->nres; r++) {
    const cy_cell *cell = cell_of(c, cells, r);
    int k = events_of(c->opts.seed, r, cell->total);
    draw_needs(c, cell, r, v, k, days);
    for (int j = 0; j < k; j++) write_event(c, &o, e++, r, (uint32_t)j, &v[j]);
  }
  ygt__free(v);
  return YGT_OK;
}
