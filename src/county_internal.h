/* Internal: the synthetic county generator (include/yigongti/county.h).
 *
 *   county_casemix.c       case-mix objects: accessors and free
 *   county_casemix_load.c  the case-mix file (doc/formats/casemix.md)
 *   county_options.c       options, column names and widths, the age pyramid
 *   county_rng.c           alias tables of the conditions per age and sex
 *   county_population.c    residents: grid, age, sex, insurance
 *   county_signing.c       residents signed with a family doctor
 *   county_needs.c         events: counts, conditions, days, draws
 *   county_episodes.c      continuations of stays (episodes)
 *   county_route.c         first contact, referral decision, cost and money
 *   county_decisions.c     referral decisions remembered for the events asking the same
 *   county_draws.c         draws made ahead in column passes (AVX-512 where the CPU has it)
 *   county_events.c        the events, a block of residents at a time
 *   county_like.c          another county's residents and needs routed again
 *   county_totals.c        a totals-only county: the blocks summed, not kept
 *   county_batches.c       the case batch over the columns
 *   county_derived.c       columns that follow from others, and the encounter batch, made on request
 *   county.c               ygt_county_generate() and the accessors */
#ifndef YGT_COUNTY_INTERNAL_H
#define YGT_COUNTY_INTERNAL_H

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "enc_rows_internal.h"
#include "yigongti/county.h"

#define CY_AGES 100    /* ages 0..99 of the pyramid */
#define CY_COLUMNS 28  /* ygt_county_column values */
#define CY_TIERS 6

/* One condition of a case mix. */
typedef struct cy_condition {
  char *id, *name, *group, *long_stay, *workload;
  int setting;              /* ygt_setting */
  int sex;                  /* 0 any, 1 male, 2 female */
  int age_from, age_to;
  double rate, cost, cost_cv, los, emergency;
  int32_t dx;               /* principal diagnosis id */
  int32_t *sdx;             /* secondary diagnosis ids */
  size_t nsdx;
  int32_t *procs;           /* procedure ids, principal first */
  size_t nprocs;
  int phase;                /* ygt_phase of a share phase_share of the events, the rest acute */
  double phase_share;
  int32_t next;             /* condition of the stay continuing a share next_share of these stays, -1 */
  double next_share;
  double specialty_share;   /* share of the patients a specialty rule names who go to its community's lead */
} cy_condition;

struct ygt_casemix {
  ygt_codes *own_dx, *own_proc;   /* built when no dictionaries were given */
  const ygt_codes *dx, *proc;
  cy_condition *c;
  size_t n, cap;
};

void ygt__cy_condition_free(cy_condition *k);

#define CY_PIECE 30.0 /* Poisson means are split into pieces of at most this */

/* Alias tables (Walker/Vose) of the conditions of one age and sex: pick a
 * condition with probability proportional to its rate with one uniform. */
typedef struct cy_pick {
  double prob;              /* keep probability of the slot */
  int32_t cond[2];          /* its condition, and its alias's */
} cy_pick;

typedef struct cy_cell {
  double total;             /* events per person-year, all conditions */
  double none;              /* exp(-total): the chance of none, when total is one Poisson piece (<= CY_PIECE) */
  size_t n;                 /* conditions of this cell */
  int32_t *cond;            /* condition index per slot */
  double *prob;             /* keep probability per slot */
  int32_t *alias;           /* slot index to use otherwise */
  cy_pick *pick;            /* the three above per slot in one place, as a pick reads them; */
  int shares_pick;          /* 1: the previous age's (the same table), not owned */
} cy_cell;

typedef struct cy_cells {
  cy_cell cell[CY_AGES][2]; /* [age][sex - 1] */
} cy_cells;

int ygt__cy_cells_build(cy_cells **out, const ygt_casemix *cm, double outpatient_factor, double inpatient_factor);
void ygt__cy_cells_free(cy_cells *cells);
/* Selects, not branches (u is random): x >= 0, so the signed conversions
 * give what size_t's would. */
static inline int32_t ygt__cy_cell_pick(const cy_cell *cell, double u) {
  double x = u * (double)cell->n;
  int64_t i = (int64_t)x, last = (int64_t)cell->n - 1;
  i = i > last ? last : i;
  const cy_pick *s = &cell->pick[i];
  return s->cond[!(x - (double)i < s->prob)];
}

/* ---- counter-based random numbers ---------------------------------------
 * A draw is a hash of (seed, resident, event, draw): the splitmix64 finaliser
 * applied in turn, so draws never depend on the order they are made in. */
enum {
  CY_D_AGE = 0, CY_D_SEX, CY_D_INSURANCE, CY_D_AGE_DAYS, CY_D_COUNT, /* resident draws (event CY_RESIDENT); COUNT + piece last */
  CY_D_CONDITION = 0, CY_D_DAY, CY_D_EMERGENCY, CY_D_CONTACT,   /* event draws */
  CY_D_PRIMARY, CY_D_PICK, CY_D_COST1, CY_D_COST2, CY_D_LOS1, CY_D_LOS2, CY_D_ASK_OUT, CY_D_SLIP,
  CY_D_STAY_IN, CY_D_GO_PRIMARY, /* cost response: used only when cost_response > 0, so the others never move */
  CY_D_PHASE, CY_D_CONTINUE,     /* phase and continuation: draws of their own, so the others never move */
  CY_D_SPECIALTY                 /* specialty routing (case-mix specialty_share) */
};
#define CY_RESIDENT UINT32_MAX

static inline uint64_t ygt__cy_mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static inline uint64_t ygt__cy_bits(uint64_t seed, uint64_t resident, uint32_t event, uint32_t draw) {
  uint64_t h = ygt__cy_mix(seed ^ ygt__cy_mix(resident));
  return ygt__cy_mix(h ^ (((uint64_t)event << 32) | draw));
}

/* Uniform in (0, 1) from 64 bits: never 0 or 1, so logs and inverses are finite. */
static inline double ygt__cy_unit(uint64_t bits) {
  return ((double)(bits >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static inline double ygt__cy_uniform(uint64_t seed, uint64_t resident, uint32_t event, uint32_t draw) {
  return ygt__cy_unit(ygt__cy_bits(seed, resident, event, draw));
}

/* llround(x) for |x| < 9e18, without the call: the cast truncates, and
 * the fraction x - trunc(x) is exact (x is whole from 2^52 up). */
static inline int64_t ygt__cy_round(double x) {
  int64_t i = (int64_t)x;
  double f = x - (double)i;
  return i + (f >= 0.5) - (f <= -0.5);
}

/* Standard normal from two uniforms (Box-Muller). */
static inline double ygt__cy_normal(double u1, double u2) {
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* exp(sigma z - sigma^2 / 2) with sigma^2 = log(1 + cv^2): a log-normal
 * factor of mean 1 and coefficient of variation cv.  sigma^2 and sigma are
 * worked out once per cv (a condition's cost, the option los_cv). */
typedef struct cy_spread {
  int none;                 /* cv <= 0: the factor is 1 */
  double s2, s;             /* sigma^2, sigma */
} cy_spread;

static inline cy_spread ygt__cy_spread(double cv) {
  cy_spread x = {cv <= 0, 0, 0};
  if (!x.none) x.s2 = log1p(cv * cv), x.s = sqrt(x.s2);
  return x;
}

static inline double ygt__cy_lognormal(const cy_spread *x, double z) {
  return x->none ? 1.0 : exp(x->s * z - x->s2 / 2);
}

/* Poisson count of mean lambda by inversion with one uniform; lambda is
 * split into pieces of at most 30 by the caller so exp(-lambda) stays normal. */
static inline int ygt__cy_poisson_at(double lambda, double p, double u) { /* p: exp(-lambda) */
  double cdf = p;
  int k = 0;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
    if (p < 1e-300) break; /* cdf rounded short of u: the tail is empty */
  }
  return k;
}

static inline int ygt__cy_poisson(double lambda, double u) { return ygt__cy_poisson_at(lambda, exp(-lambda), u); }

/* ---- the county ---------------------------------------------------------- */

/* Per grid: where its residents go first. */
typedef struct cy_grid {
  int32_t village[8];       /* village clinics of the grid (first 8) */
  int nvillage;
  int32_t township;         /* the grid's township institution, -1 */
  int32_t county;           /* county hospital: lead of the grid's community, -1 */
} cy_grid;

/* A totals-only county (ygt_county_generate_totals()): while generating,
 * dense cells institution × grid × setting × insurance × referral; then the
 * non-empty cells as rows in key order (the encounter batch's columns). */
typedef struct cy_totals {
  size_t ninst, ngrid, ncell;
  int64_t *cell_cost, *cell_fund, *cell_count; /* freed when the rows are made */
  ygt__enc_rows rows;       /* its encounter batch is the county's */
} cy_totals;

typedef struct cy_decisions cy_decisions; /* county_decisions.c */

/* What a year run works out from a county alone (year_visits.c), kept on
 * the county for the next run over it and freed with it; its first member
 * says how to free it. */
typedef struct ygt__county_kept {
  void (*free)(struct ygt__county_kept *kept);
} ygt__county_kept;

struct ygt_county {
  const ygt_model *model;
  const ygt_referral_rules *rules;
  const ygt_casemix *cm;
  ygt_county_options opts;
  size_t nres, nev, ncase;
  size_t cap;               /* events the event columns have room for */
  void *col[CY_COLUMNS];    /* owned arrays, resident or event columns; NULL for a derived column */
  _Atomic(void *) derived[CY_COLUMNS]; /* derived columns once asked for (county_derived.c) */
  uint32_t *key;            /* per event: its draw key (see cy_need) */
  _Atomic(ygt_encounters *) enc; /* the encounter batch once asked for */
  _Atomic(ygt__county_kept *) kept; /* a year run's pass over the events, once made (ygt__county_keep) */
  ygt_cases *cases;
  void *case_col[20];       /* owned arrays attached to the case batch */
  cy_totals *totals;        /* a totals-only county's totals, else NULL */
  cy_spread los_spread;     /* while generating: of the option los_cv */
  cy_spread *cost_spread;   /* while generating: of each condition's cost_cv */
  int32_t *dx_list;         /* while generating: each condition's diagnoses, principal first, */
  size_t *dx_at;            /* one list after the other from dx_at[condition] */
  cy_decisions *decisions;  /* while generating: referral decisions already made */
  double events_per_resident; /* expected (ygt__cy_check_size), to size and populate the columns ahead */
  int avx512;               /* while generating: the draws' passes run on AVX-512 (county_draws.c) */
  const struct cy_run *run; /* while routing: the draws made ahead (county_draws.c) */
  size_t draw_r;            /* while generating: the resident whose draws are keyed by draw_key */
  uint64_t draw_key;        /* mix(seed ^ mix(draw_r)), the first two rounds of its every draw */
};

/* While generating: the resident being drawn for, so its draws skip the
 * two rounds of the hash they share (the same bits as ygt__cy_uniform()). */
static inline void ygt__cy_at_resident(ygt_county *c, size_t r) {
  c->draw_r = r;
  c->draw_key = ygt__cy_mix(c->opts.seed ^ ygt__cy_mix(r));
}

static inline double ygt__cy_draw(const ygt_county *c, size_t r, uint32_t event, uint32_t draw) {
  if (r != c->draw_r) return ygt__cy_uniform(c->opts.seed, r, event, draw);
  return ygt__cy_unit(ygt__cy_mix(c->draw_key ^ (((uint64_t)event << 32) | draw)));
}

/* county.c: the steps ygt_county_generate() and ygt_county_generate_like() share. */
int ygt__cy_check_inputs(const ygt_model *model, const ygt_referral_rules *rules, const ygt_casemix *cm);
void ygt__cy_options_of(ygt_county_options *o, const ygt_county_options *opts); /* over the defaults */
ygt_county *ygt__cy_new(const ygt_model *model, const ygt_referral_rules *rules, const ygt_casemix *cm,
                        const ygt_county_options *o); /* NULL: out of memory */
int ygt__cy_spreads(ygt_county *c);   /* cost_spread, los_spread, dx_list, dx_at */
void ygt__cy_generated(ygt_county *c); /* frees what serves the generation only */

/* county_options.c */
int ygt__cy_options_check(const ygt_county_options *o);
void ygt__cy_age_cdf(const ygt_county_options *o, double cdf[CY_AGES]);
int ygt__cy_is_resident_column(int column);
int ygt__cy_days_in_year(int32_t year);
int ygt__cy_month_of(int32_t year, int day);
int32_t ygt__cy_date_of(int32_t year, int day); /* day of year (may be <= 0) to YYYYMMDD */

/* county_population.c */
int ygt__cy_residents(ygt_county *c);

/* county_signing.c: the resident_signed column (after the residents). */
int ygt__cy_signing(ygt_county *c);

/* One need of a resident.  key is the draw key of its event: its place
 * among the resident's drawn needs by day, or CY_CONTINUED + the key of the
 * stay it continues (so continuations never move the other events' draws);
 * stay is the place, in the resident's list, of the stay it continues, -1. */
#define CY_MAX_EVENTS 4096        /* drawn needs of one resident; the rates would have to be absurd */
#define CY_CONTINUED 0x100000u
typedef struct cy_need {
  int32_t cond, day;        /* this order: day << 32 | cond, the sort order of needs, is one load */
  uint32_t key;
  int32_t stay;
} cy_need;

/* county_episodes.c: adds the continuations of a resident's stays (sorted
 * by day, keys set) and sorts them in; returns the new count. */
int ygt__cy_continue(const ygt_county *c, size_t r, cy_need *v, int n, int days);
int32_t ygt__cy_los(const ygt_county *c, const cy_condition *k, size_t r, uint32_t key);

/* county_needs.c: the needs part of the event columns, appended for
 * residents r0 .. r1 - 1 (v: scratch of 2 × CY_MAX_EVENTS). */
int ygt__cy_needs(ygt_county *c, const cy_cells *cells, size_t r0, size_t r1, cy_need *v);
/* Room for n events in every event column (grown geometrically). */
int ygt__cy_reserve(ygt_county *c, size_t n);
/* Room for the expected events of the next `residents`, their pages populated. */
int ygt__cy_reserve_ahead(ygt_county *c, size_t residents);
int ygt__cy_check_size(ygt_county *c, const cy_cells *cells); /* sets events_per_resident */

/* county_route.c: first contact, route, institution, cost and money. */
typedef struct cy_places {
  cy_grid *grid;            /* per model grid */
  int32_t *outside[3];      /* out-of-county institutions of city, province, out_of_area */
  size_t noutside[3];
  double weight[3];         /* bypass weights of the tiers that have institutions, cumulative */
} cy_places;
int ygt__cy_places_build(cy_places *p, const ygt_model *model, const ygt_county_options *o);
void ygt__cy_places_free(cy_places *p);
/* Routes the events e0 .. nev - 1, whole residents (paid: scratch of 2 × CY_MAX_EVENTS). */
int ygt__cy_route(ygt_county *c, const cy_places *p, size_t e0, int64_t *paid);

/* county_decisions.c: the rules' decision (ygt__rf_decide(), untraced) for a
 * request of condition cond, remembered for the requests that ask the same,
 * with the terms of its money (ygt__rf_money_terms()), which do not depend
 * on the cost. */
struct rf_in;
typedef struct cy_choice {
  int64_t deductible;       /* the deductible faced */
  int32_t ppm;              /* the fund's ratio after any penalty, parts per million */
  int32_t institution;      /* where the money is computed, -1 */
  int8_t route, tier, slip_valid, continuity, ndestinations;
} cy_choice;
int ygt__cy_decisions_new(cy_decisions **out, const ygt_referral_rules *r);
void ygt__cy_decisions_free(cy_decisions *t);
/* *out: the remembered choice, valid until the next call. */
int ygt__cy_decide(cy_decisions *t, const ygt_referral_rules *r, int32_t cond, const struct rf_in *in,
                   const cy_choice **out);
/* The ranked destinations of a remembered choice, and the whole decision
 * (untraced, money of cost 0) for an event that changes it. */
const int32_t *ygt__cy_destinations(const cy_choice *c);
void ygt__cy_decision_of(ygt_referral_decision *to, const cy_choice *c);

/* county_draws.c: the draws routing makes for nearly every event, made
 * ahead for a run of up to CY_RUN events e0 .. e0 + n - 1 (the same bits as
 * ygt__cy_draw()); u[RUN_*][e - e0], and the cost factors they give. */
enum { CY_RUN_PICK, CY_RUN_CONTACT, CY_RUN_PRIMARY, CY_RUN_COST1, CY_RUN_COST2, CY_RUN_DRAWS };
#define CY_RUN 512
struct cy_run {
  size_t e0, n;
  double u[CY_RUN_DRAWS][CY_RUN];
  double cost_factor[CY_RUN]; /* the log-normal factor of each event's cost (ygt__cy_lognormal()) */
};
typedef struct cy_run cy_run;
void ygt__cy_run_draws(cy_run *run, const ygt_county *c, size_t e0, size_t n);
/* u[d][k]: the draw draw[d] of event k of the resident at hand (ygt__cy_at_resident()), k < n. */
#define CY_ROWS 3
void ygt__cy_rows(const ygt_county *c, double *const u[CY_ROWS], const uint32_t draw[CY_ROWS], int n);

/* county_events.c: needs and routes of every resident, block by block. */
int ygt__cy_events(ygt_county *c, const cy_cells *cells, const cy_places *places);

/* county_totals.c */
int ygt__cy_totals_start(ygt_county *c);
int ygt__cy_totals_add(ygt_county *c);    /* the events of one block */
int ygt__cy_totals_finish(ygt_county *c); /* rows and the encounter batch */
void ygt__cy_totals_free(cy_totals *t);
/* The totals of a totals-only county, NULL for a county with its events. */
const cy_totals *ygt__county_totals(const ygt_county *c);

/* county_batches.c */
int ygt__cy_batches(ygt_county *c);

/* county_derived.c: columns not stored while generating (they follow from
 * others), made on the first request; safe when threads ask at once. */
int ygt__cy_is_derived_column(int column);
int ygt__cy_derived(const void **out, const ygt_county *c, int column);
void ygt__cy_derived_free(ygt_county *c);
/* What a year run kept on the county, NULL before the first; ygt__county_keep()
 * keeps `made` unless another thread kept one first (then `made` is freed) and
 * returns the one kept. */
const ygt__county_kept *ygt__county_kept_of(const ygt_county *c);
const ygt__county_kept *ygt__county_keep(const ygt_county *c, ygt__county_kept *made);

/* A resident's column value of an event's patient (grid, insurance: what
 * the derived event columns hold). */
static inline int32_t ygt__cy_resident_grid(const ygt_county *c, size_t r) {
  return ((const int32_t *)c->col[YGT_COUNTY_RESIDENT_GRID])[r];
}
static inline int8_t ygt__cy_resident_insurance(const ygt_county *c, size_t r) {
  return ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_INSURANCE])[r];
}

/* Residents per person of the model's grid populations (county_signing.c): the
 * scale of signed residents here and of the year's capitation pools (year_pay.c). */
double ygt__county_person_scale(const ygt_model *m, size_t residents);

#endif
