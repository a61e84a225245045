/* Internal: the county year (include/yigongti/year.h).
 *
 * A run has five steps, one file each: visits (the year's visits summed
 * into cells that the tally, the scheme and the batch read instead of every
 * visit), tally (per-institution and per-tier figures), pay (the scheme's
 * settlement and what it pays each stay), aggregate (the encounter batch the
 * budget and the indicators read, keyed by institution × grid × setting ×
 * insurance × referral × year) and assess (indicators, scores, budget);
 * year_dip.c pays the year again when the scheme's DIP assessment
 * coefficient comes from the scores.
 * year_text.c renders the report. */
#ifndef YGT_YEAR_INTERNAL_H
#define YGT_YEAR_INTERNAL_H

#include <stdint.h>

#include "enc_rows_internal.h"
#include "yigongti/capitation.h"
#include "yigongti/year.h"

#define YR_NFIELDS 11  /* ygt_year_field */
#define YR_NTIERS 6    /* ygt_tier */
/* stay_fund of a stay the scheme did not settle (a settled stay's payment
 * may be negative: a point method pays points × value − the patient's share). */
#define YR_UNSETTLED INT64_MIN

/* A county column read whatever its element width (1, 4 or 8 bytes). */
typedef struct yr_column {
  const void *data;
  int width;
} yr_column;

static inline int64_t yr_get(yr_column c, size_t i) {
  switch (c.width) {
    case 1: return ((const int8_t *)c.data)[i];
    case 4: return ((const int32_t *)c.data)[i];
    default: return ((const int64_t *)c.data)[i];
  }
}

/* The county's columns a year run reads, typed as county.h documents them
 * (ygt__year_events() checks the widths), so a pass over the events reads
 * them without a switch on the width per value. */
typedef struct yr_events {
  const int32_t *patient, *cond, *inst, *row;   /* per event */
  const int8_t *setting, *referral;
  const int64_t *cost, *fund;
  const int32_t *grid;                          /* per resident */
  const int8_t *insurance, *signed_;
  size_t n, nres;
} yr_events;

/* year_visits.c: the year's visits (events without a case row) summed into
 * cells by what the scheme and the encounter batch tell them apart by, the
 * stays listed, the patients counted. */
typedef struct yr_visits_cell {
  int64_t cost, fund, count;
  int32_t inst, grid, rep;         /* grid -1: none; rep: the first condition with the visits' workload code */
  int8_t ins, signed_, set, ref;   /* the patient's insurance and signing, the visits' setting and referral */
} yr_visits_cell;

/* Distinct patients per institution, tier and the county, counted from
 * events that come resident by resident: at each, the last resident counted
 * and the count, [ninst + YR_NTIERS + 1] (institutions, tiers, the county).
 * in_order: 0 when an event came out of resident order, where counting
 * stopped: the counts are then not the year's. */
typedef struct yr_patients {
  int64_t *last, *count;
  int in_order;
} yr_patients;

/* Counts patient p at institution inst, its tier and the county (the
 * caller checks that the events are still in resident order). */
static inline void yr_count_patient(int64_t *last, int64_t *count, const int8_t *tier_of, size_t ninst, int32_t p,
                                    int32_t inst) {
  size_t at[3] = {(size_t)inst, ninst + (size_t)tier_of[inst], ninst + YR_NTIERS};
  for (int k = 0; k < 3; k++)
    if (last[at[k]] != p) count[at[k]]++, last[at[k]] = p;
}

typedef struct yr_visits_cells {
  yr_visits_cell *at;
  size_t n;
  uint32_t *stay;   /* the other events (the stays, with a case row): their indices in event order */
  size_t nstay;
  yr_patients patients; /* of every event, counted in the same pass */
} yr_visits_cells;

/* year_pay.c: the visits as the scheme settles them. */
typedef struct yr_visit_rows yr_visit_rows;

/* The aggregated encounter batch and the arrays it owns. */
typedef ygt__enc_rows yr_batch;

struct ygt_year {
  int32_t year;
  ygt_year_inputs in;          /* borrowed inputs, for the report */
  size_t ninst, ncomm, ngrid;
  int8_t *tier_of;             /* [ninst]: each institution's tier (model lookups made once, not per event) */
  int32_t *township;           /* [ngrid + 1]: at grid + 1, the grid's township institution, -1 none */
  int64_t *inst;               /* [ninst][YR_NFIELDS] */
  int64_t tier[YR_NTIERS][YR_NFIELDS];
  int64_t total[YR_NFIELDS];
  int64_t *stay_fund;          /* per case row: the scheme's fund payment, YR_UNSETTLED when the scheme did not settle
                                  the stay (paid fee for service); NULL without a scheme */
  yr_batch batch;
  ygt_scheme_result *scheme;
  ygt_indicators *own_indicators; /* the defaults, when the inputs gave none */
  ygt_indicator_values *values;
  ygt_score **scores;          /* [ncomm + 1]: communities, then the county */
  ygt_budget_report *budget;
  yr_visits_cells visits;      /* during the run: the visits' cells (year_visits.c) */
  yr_visit_rows *visit_rows;   /* kept from the first pass for the second when ygt__year_repays(): the visits as
                                  the scheme settles them (year_pay.c) */
  double *dip_assess;          /* per institution: the DIP assessment coefficient from the scores; NULL unless
                                  the scheme's DIP line takes it from the scorecard */
};

/* A figure of the year's budget report (community or -1, insurance or -1),
 * 0 without a budget; the report checked its arguments when it was made. */
static inline int64_t yr_budget_figure(const ygt_year *y, int32_t community, int insurance, int field) {
  int64_t v = 0;
  ygt_budget_report_community(&v, y->budget, community, insurance, field);
  return v;
}

/* A figure of the year's scheme result (institution or -1, line or -1), 0 without a scheme. */
static inline int64_t yr_scheme_figure(const ygt_year *y, int32_t institution, int line, int field) {
  int64_t v = 0;
  ygt_scheme_result_get(&v, y->scheme, institution, line, field);
  return v;
}

/* ygt_year_check(): the first account found broken, in words, and how many are. */
typedef struct yr_audit {
  char first[600];
  long failures;
} yr_audit;

__attribute__((format(printf, 2, 3))) void ygt__audit_fail(yr_audit *a, const char *fmt, ...);
/* Records "ACCOUNT: LEFT fen, but RULE is RIGHT fen" when left != right. */
void ygt__audit_equal(yr_audit *a, const char *account, int64_t left, const char *rule, int64_t right);
void ygt__audit_not_negative(yr_audit *a, const char *account, int64_t v);
void ygt__year_check_budget(yr_audit *a, const ygt_year *y);

/* The report's text sink: counts the whole length, writes what fits (as snprintf). */
typedef struct yr_sink {
  char *buf;
  size_t cap, len;
} yr_sink;

__attribute__((format(printf, 2, 3))) void ygt__yr_put(yr_sink *s, const char *fmt, ...);
/* Yuan with thousands separators, from fen (truncated toward zero). */
const char *ygt__yr_yuan(char *out, size_t cap, int64_t fen);
/* "12.3 %" of a share, "n/a" for NaN. */
const char *ygt__yr_pct(char *out, size_t cap, double share);
void ygt__year_text_accounts(yr_sink *s, const ygt_year *y);
void ygt__year_text_exceptions(yr_sink *s, const ygt_year *y);
void ygt__year_text_targets(yr_sink *s, const ygt_year *y);

int ygt__year_column(yr_column *out, const ygt_county *c, int column);
int ygt__year_events(yr_events *ev, const ygt_county *c);
/* year_lookup.c: y->tier_of and y->township from the model. */
int ygt__year_lookups(ygt_year *y);
/* Opens n columns: dst[k] receives column cols[k]. */
int ygt__year_columns(yr_column *const *dst, const int *cols, size_t n, const ygt_county *c);
int ygt__year_tally(ygt_year *y);
int ygt__year_visits(yr_visits_cells *out, const ygt_year *y);
int ygt__year_patients_init(yr_patients *pc, size_t ninst);
void ygt__year_patients_free(yr_patients *pc);
int ygt__year_pay(ygt_year *y);
int ygt__year_aggregate(ygt_year *y);
int ygt__year_assess(ygt_year *y);

/* year_pools.c: capitation pools.  The out-patient line's basis
 * (ygt_capitation_basis), -1 when it is not capitation. */
int ygt__year_pool_basis(const ygt_year *y);
/* The institution whose pool covers a resident's out-patient care, -1 none:
 * the township institution of its grid, when the basis covers the resident. */
static inline int32_t ygt__year_pool_home(const ygt_year *y, int basis, int64_t grid, int64_t insurance,
                                          int64_t signed_) {
  if (basis < 0 || insurance < 0 || (basis == YGT_CAPITATION_SIGNED && !signed_)) return -1;
  return (uint64_t)(grid + 1) <= y->ngrid ? y->township[grid + 1] : -1;
}
/* Each pool spread over the residents it covers: *out[(holder × (grids + 1)
 * + grid + 1) × 3 + insurance + 1] in fen (ygt__free()); NULL without pools. */
int ygt__year_pool_shares(int64_t **out, const ygt_year *y);
/* What a capitation pool's holder bears beyond its pool (<= 0), 0 without pools. */
int64_t ygt__year_pool_overdraft(const ygt_year *y, int32_t institution);
int ygt__year_values(ygt_year *y);
int ygt__year_dip_assessment(ygt_year *y);
/* Whether the year is paid a second time, with the scores' DIP assessment coefficients (year_dip.c). */
int ygt__year_repays(const ygt_year *y);
void ygt__year_visit_rows_free(yr_visit_rows *v);
/* Frees what a run keeps only between its two passes. */
void ygt__year_forget_passes(ygt_year *y);

#endif /* YGT_YEAR_INTERNAL_H */
