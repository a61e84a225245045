/* Internal: the county year (include/yigongti/year.h).
 *
 * A run has four steps, one file each: tally (one pass over the county's
 * events into per-institution and per-tier figures), pay (the scheme's
 * settlement and what it pays each stay), aggregate (the encounter batch the
 * budget and the indicators read, keyed by institution × grid × setting ×
 * insurance × referral × year) and assess (indicators, scores, budget);
 * year_dip.c pays the year again when the scheme's DIP assessment
 * coefficient comes from the scores.
 * year_text.c renders the report. */
#ifndef YGT_YEAR_INTERNAL_H
#define YGT_YEAR_INTERNAL_H

#include <stdint.h>

#include "yigongti/year.h"

#define YR_NFIELDS 11  /* ygt_year_field */
#define YR_NTIERS 6    /* ygt_tier */

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

/* The aggregated encounter batch and the arrays it borrows. */
typedef struct yr_batch {
  ygt_encounters *enc;
  size_t n;
  int32_t *inst, *grid, *period;
  int8_t *setting, *insurance, *referral;
  int64_t *cost, *fund, *count;
} yr_batch;

struct ygt_year {
  int32_t year;
  ygt_year_inputs in;          /* borrowed inputs, for the report */
  size_t ninst, ncomm;
  int64_t *inst;               /* [ninst][YR_NFIELDS] */
  int64_t tier[YR_NTIERS][YR_NFIELDS];
  int64_t total[YR_NFIELDS];
  int64_t *stay_fund;          /* per case row: the scheme's fund payment, -1 when the scheme did not settle
                                  the stay (paid fee for service); NULL without a scheme */
  yr_batch batch;
  ygt_scheme_result *scheme;
  ygt_indicators *own_indicators; /* the defaults, when the inputs gave none */
  ygt_indicator_values *values;
  ygt_score **scores;          /* [ncomm + 1]: communities, then the county */
  ygt_budget_report *budget;
  double *dip_assess;          /* per institution: the DIP assessment coefficient from the scores; NULL unless
                                  the scheme's DIP line takes it from the scorecard */
};

int ygt__year_column(yr_column *out, const ygt_county *c, int column);
/* Opens n columns: dst[k] receives column cols[k]. */
int ygt__year_columns(yr_column *const *dst, const int *cols, size_t n, const ygt_county *c);
int ygt__year_tally(ygt_year *y);
int ygt__year_pay(ygt_year *y);
int ygt__year_aggregate(ygt_year *y);
int ygt__year_assess(ygt_year *y);
int ygt__year_values(ygt_year *y);
int ygt__year_dip_assessment(ygt_year *y);
void ygt__year_batch_free(yr_batch *b);

#endif /* YGT_YEAR_INTERNAL_H */
