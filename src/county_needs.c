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

#define PIECE CY_PIECE
#define MAX_EVENTS CY_MAX_EVENTS

static const cy_cell *cell_of(const ygt_county *c, const cy_cells *cells, size_t r) {
  const int8_t *age = c->col[YGT_COUNTY_RESIDENT_AGE], *sex = c->col[YGT_COUNTY_RESIDENT_SEX];
  return &cells->cell[age[r]][sex[r] - 1];
}

static int events_of(const ygt_county *c, size_t r, const cy_cell *cell) {
  double lambda = cell->total;
  if (lambda <= PIECE) /* one piece, its exp(-lambda) worked out once */
    return lambda > 0 ? ygt__cy_poisson_at(lambda, cell->none, ygt__cy_draw(c, r, CY_RESIDENT, CY_D_COUNT)) : 0;
  int n = 0;
  for (uint32_t piece = 0; lambda > 0; piece++) {
    double l = lambda > PIECE ? PIECE : lambda;
    n += ygt__cy_poisson(l, ygt__cy_draw(c, r, CY_RESIDENT, CY_D_COUNT + piece));
    lambda -= l;
  }
  return n > MAX_EVENTS ? MAX_EVENTS : n;
}

/* Refuses before anything is allocated when the year would have far more
 * events than a batch holds (the exact count is checked again below). */
int ygt__cy_check_size(ygt_county *c, const cy_cells *cells) {
  double people = 0, mean = 0;
  size_t ng = ygt_model_grid_count(c->model);
  for (size_t g = 0; g < ng; g++)
    people += round((double)ygt_model_grid_population(c->model, (int32_t)g) * c->opts.population_scale);
  double cdf[CY_AGES], male = c->opts.male_share;
  ygt__cy_age_cdf(&c->opts, cdf);
  for (int a = 0; a < CY_AGES; a++)
    mean += (cdf[a] - (a ? cdf[a - 1] : 0)) * (cells->cell[a][0].total * male + cells->cell[a][1].total * (1 - male));
  c->events_per_resident = mean;
  if (people * mean < 1.9e9) return YGT_OK;
  return ygt__error(YGT_ELIMIT, "ygt_county_generate: about %.0f events expected, more than a batch holds "
                    "(2^31 - 1; lower population_scale or the factors)", people * mean);
}

/* Room for n events in every event column: grown geometrically, so a
 * county is generated in one pass without counting its events first. */
int ygt__cy_reserve(ygt_county *c, size_t n) {
  if (n > INT32_MAX)
    return ygt__error(YGT_ELIMIT, "ygt_county_generate: more than 2^31 - 1 events (lower the scale or factors)");
  if (n <= c->cap) return YGT_OK;
  size_t cap = c->cap;
  int rc = ygt__grow((void **)&c->key, &cap, n, sizeof *c->key);
  for (int k = YGT_COUNTY_EVENT_PATIENT; k < CY_COLUMNS && !rc; k++) {
    if (ygt__cy_is_resident_column(k) || ygt__cy_is_derived_column(k)) continue; /* signed: after the residents */
    cap = c->cap;
    rc = ygt__grow(&c->col[k], &cap, n, (size_t)ygt_county_column_width(k));
  }
  if (!rc) c->cap = cap;
  return rc;
}

/* The pages the next residents' events will be written to, populated in one
 * call each (ygt__populate); an estimate, so the writes still reserve their room. */
int ygt__cy_reserve_ahead(ygt_county *c, size_t residents) {
  size_t n = c->nev + (size_t)(c->events_per_resident * 1.05 * (double)residents);
  int rc = ygt__cy_reserve(c, n < INT32_MAX ? n : INT32_MAX);
  for (int k = YGT_COUNTY_EVENT_PATIENT; k < CY_COLUMNS && !rc; k++) {
    size_t w = (size_t)ygt_county_column_width(k), end = n < c->cap ? n : c->cap;
    if (c->col[k] && !ygt__cy_is_resident_column(k) && end > c->nev)
      ygt__populate((char *)c->col[k] + c->nev * w, (end - c->nev) * w);
  }
  return rc;
}

/* ---- one resident ----------------------------------------------------------- */

/* Needs of one draw are ordered by day, then condition, then draw order:
 * inserted in draw order, a need goes after those of its day and condition,
 * so day and condition (both >= 0) in one word decide. */
static uint64_t order_of(const cy_need *a) { return (uint64_t)(uint32_t)a->day << 32 | (uint32_t)a->cond; }

/* A resident's draws of day, condition and emergency of events 0 .. n - 1,
 * made in one pass each (county_draws.c). */
typedef struct need_draws {
  double *day, *cond, *emergency; /* CY_MAX_EVENTS each */
} need_draws;

static void draw_rows(const ygt_county *c, const need_draws *u, int n) {
  static const uint32_t draws[CY_ROWS] = {CY_D_DAY, CY_D_CONDITION, CY_D_EMERGENCY};
  double *const rows[CY_ROWS] = {u->day, u->cond, u->emergency};
  ygt__cy_rows(c, rows, draws, n);
}

/* Conditions and days keyed by the draw order, then sorted by day; the
 * draw key of each is then its place by day (what it always was). */
static void draw_needs(const cy_cell *cell, const need_draws *u, cy_need *v, int n, int days) {
  for (int k = 0; k < n; k++) {
    int32_t day = 1 + (int32_t)(u->day[k] * days);
    cy_need x = {.cond = ygt__cy_cell_pick(cell, u->cond[k]), .day = day > days ? days : day, .key = (uint32_t)k,
                 .stay = -1};
    int j = k;
    uint64_t o = order_of(&x);
    while (j > 0 && o < order_of(&v[j - 1])) v[j] = v[j - 1], j--;
    v[j] = x;
  }
  for (int k = 0; k < n; k++) v[k].key = (uint32_t)k;
}

/* A resident's needs by day, continuations of stays included. */
static int resident_needs(const ygt_county *c, const cy_cell *cell, size_t r, cy_need *v, int days,
                          const need_draws *u) {
  int n = events_of(c, r, cell);
  draw_rows(c, u, n);
  draw_needs(cell, u, v, n, days);
  return ygt__cy_continue(c, r, v, n, days);
}

int32_t ygt__cy_los(const ygt_county *c, const cy_condition *k, size_t r, uint32_t j) {
  if (k->setting == YGT_SETTING_OUTPATIENT) return 0;
  if (k->setting == YGT_SETTING_DAY_SURGERY) return 1;
  double z = ygt__cy_normal(ygt__cy_draw(c, r, j, CY_D_LOS1), ygt__cy_draw(c, r, j, CY_D_LOS2));
  double los = k->los * ygt__cy_lognormal(&c->los_spread, z);
  return los < 1.5 ? 1 : los > 3650 ? 3650 : (int32_t)(los + 0.5);
}

typedef struct cols {
  int32_t *patient, *cond, *day, *los, *episode;
  int8_t *setting, *emergency, *phase;
} cols;

/* The phase of an event: the condition's for a share of them, else acute. */
static int8_t phase_of(const ygt_county *c, const cy_condition *k, size_t r, uint32_t key) {
  if (k->phase == YGT_PHASE_ACUTE || !(k->phase_share > 0)) return YGT_PHASE_ACUTE;
  return (int8_t)(ygt__cy_draw(c, r, key, CY_D_PHASE) < k->phase_share ? k->phase : YGT_PHASE_ACUTE);
}

/* A continuation is a planned transfer: no emergency, and no operation of
 * its own (the post-operative stay after the operation).  The columns that
 * follow from these are made on request (county_derived.c). */
static void write_event(const ygt_county *c, const cols *o, size_t e, size_t r, size_t first, const cy_need *x,
                        const need_draws *u) {
  const cy_condition *k = &c->cm->c[x->cond];
  uint32_t j = x->key;
  int continued = x->stay >= 0;
  o->patient[e] = (int32_t)r;
  o->cond[e] = x->cond;
  o->day[e] = x->day;
  o->setting[e] = (int8_t)k->setting;
  o->los[e] = k->setting == YGT_SETTING_OUTPATIENT ? 0 : ygt__cy_los(c, k, r, j); /* most: no call */
  o->emergency[e] = !continued && u->emergency[j] < k->emergency; /* j: the need's place by day */
  o->phase[e] = phase_of(c, k, r, j);
  o->episode[e] = continued ? (int32_t)(first + (size_t)x->stay) : -1;
  c->key[e] = j;
}

static cols columns_of(ygt_county *c) {
  cols o = {c->col[YGT_COUNTY_EVENT_PATIENT], c->col[YGT_COUNTY_EVENT_CONDITION], c->col[YGT_COUNTY_EVENT_DAY],
            c->col[YGT_COUNTY_EVENT_LOS],     c->col[YGT_COUNTY_EVENT_EPISODE],   c->col[YGT_COUNTY_EVENT_SETTING],
            c->col[YGT_COUNTY_EVENT_EMERGENCY], c->col[YGT_COUNTY_EVENT_PHASE]};
  return o;
}

/* Appends the events of residents r0 .. r1 - 1; v is scratch of 2 × CY_MAX_EVENTS needs. */
int ygt__cy_needs(ygt_county *c, const cy_cells *cells, size_t r0, size_t r1, cy_need *v) {
  cols o = columns_of(c);
  int days = ygt__cy_days_in_year(c->opts.year);
  double *scratch = ygt__malloc(3 * CY_MAX_EVENTS * sizeof *scratch);
  if (!scratch) return YGT_ENOMEM;
  need_draws u = {scratch, scratch + CY_MAX_EVENTS, scratch + 2 * CY_MAX_EVENTS};
  int rc = YGT_OK;
  for (size_t r = r0; r < r1 && !rc; r++) {
    ygt__cy_at_resident(c, r);
    int k = resident_needs(c, cell_of(c, cells, r), r, v, days, &u);
    size_t cap = c->cap;
    rc = ygt__cy_reserve(c, c->nev + (size_t)k);
    if (c->cap != cap) o = columns_of(c); /* the growth may have moved them */
    size_t first = c->nev;
    for (int j = 0; j < k && !rc; j++) write_event(c, &o, c->nev++, r, first, &v[j], &u);
  }
  ygt__free(scratch);
  return rc;
}
