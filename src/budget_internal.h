/* Internal: global budget and community settlement (include/yigongti/budget.h).
 *
 * A budget holds one computed amount per community and insurance type plus
 * the rules (bands, distribution, prepayment).  Settling runs in four steps,
 * one file each: flows (one pass over the encounters into exact integer
 * sums), share (bands of the balance ratio), distribute (tiers and
 * institutions) and ledger (cash flow and the lines that sum to the totals). */
#ifndef YGT_BUDGET_INTERNAL_H
#define YGT_BUDGET_INTERNAL_H

#include <stdint.h>

#include "yigongti/budget.h"

#define BG_INS 2          /* employee, resident */
#define BG_NFIELDS 19     /* ygt_budget_field */
#define BG_NINST 5        /* ygt_budget_inst_field */
#define BG_GROUPS 3       /* tier groups: village, township, county and above */

typedef struct bg_band {
  double from, to;   /* slice of the balance ratio */
  double community;  /* the community's share of the slice; the fund has the rest */
} bg_band;

enum { BG_BEAR_LEAD = 0, BG_BEAR_DISTRIBUTION = 1 };
enum { BG_DIST_FIXED = 0, BG_DIST_WORKLOAD = 1 };
enum { BG_WORK_FUND = 0, BG_WORK_ENCOUNTERS = 1 };

/* The next_year rule (budget_next_rule.c): how ygt_budget_next() forms next
 * year's lines.  Ratios are held as exact millionths (at most 6 decimals), so
 * base × (1 + growth) is one exact integer product rounded once. */
enum { BG_NEXT_NONE = 0, BG_NEXT_ACTUAL = 1, BG_NEXT_BUDGET = 2, BG_NEXT_WEIGHTED = 3 };
enum { BG_CARRY_NONE = 0, BG_CARRY_FUND_OVERSPEND = 1 };
#define BG_MICRO 1000000LL

typedef struct bg_next {
  int base;                   /* BG_NEXT_*; NONE: the file has no next_year */
  int64_t w_actual, w_budget; /* weights of this year's actual and budget, millionths, summing to BG_MICRO */
  int64_t floor;              /* base >= floor × this year's budget; millionths, 0 = none */
  int64_t growth;             /* millionths */
  int carry;                  /* BG_CARRY_* */
} bg_next;

struct ygt_budget {
  uint64_t id;               /* unique per budget made (loaded, scaled, derived): reports name it */
  char *document, *locality, *note;
  char *derived;             /* "" for a loaded budget; ygt_budget_next() says from what */
  bg_next next;
  int32_t year;
  size_t ncomm;
  int64_t *amount;           /* [ncomm][BG_INS] */
  unsigned char *has;        /* [ncomm][BG_INS]: the file gives a budget */
  double reserve, prepay_ratio;
  int months;
  bg_band *surplus, *over;
  size_t nsurplus, nover;
  int bearer, method, workload;
  double ratios[BG_GROUPS];  /* by tier group */
  double floor;              /* minimum share of township + village */
};

typedef struct bg_line {
  int32_t community, institution;
  int insurance, month, kind;
  int64_t amount;
} bg_line;

struct ygt_budget_report {
  uint64_t budget_id;        /* the budget settled: ygt_budget_next() checks a report against it */
  int32_t year;
  size_t ncomm, ninst, ndest;
  int64_t *comm;             /* [ncomm][BG_INS][BG_NFIELDS] */
  int64_t *inst;             /* [ninst][BG_NINST] */
  int32_t *inst_comm;        /* comprehensive community of each institution, -1 none */
  int8_t *inst_tier;
  int64_t *flows;            /* [ncomm][BG_INS][ndest][2 referred] */
  int64_t unattributed, skipped;
  bg_line *lines;
  size_t nlines, caplines;
};

/* budget_load.c: a fresh budget id (thread-safe). */
uint64_t ygt__budget_new_id(void);

/* Tier group of a ygt_tier: 0 village, 1 township, 2 county and above. */
int ygt__budget_group(int tier);

/* budget_flows.c: one pass over the encounters of b's year into r's flows,
 * inst actual and workload; r's tables are allocated by the caller.  rules
 * (may be NULL) give the pooling area that decides "out of the county". */
int ygt__budget_flows(ygt_budget_report *r, const ygt_budget *b, const ygt_model *m, const ygt_referral_rules *rules,
                      const ygt_encounters *e);

/* budget_share.c: the community's part of a surplus or overspend `amount`
 * (>= 0) of a budget, sliced by bands of amount / budget; beyond the last
 * band the community's share is `beyond`.  Each slice is rounded once. */
int ygt__budget_band_share(int64_t *out, int64_t amount, int64_t budget, const bg_band *bands, size_t n,
                           double beyond);
/* Exact split of `total` fen over n parties by weights (largest remainder,
 * ties to the lower index; equal weights when they sum to 0). */
int ygt__budget_split(int64_t *out, const double *w, size_t n, int64_t total);

/* budget_distribute.c: surplus kept and overspend borne of community c to
 * its lead and members (r->inst, ledger lines). */
int ygt__budget_distribute(ygt_budget_report *r, const ygt_budget *b, const ygt_model *m, int32_t c);

/* budget_ledger.c */
int ygt__budget_line(ygt_budget_report *r, int32_t c, int32_t inst, int ins, int month, int kind, int64_t amount);
/* Year-end settlement of one community and insurance type (fields filled
 * from the flows), with its monthly lines. */
int ygt__budget_settle_cell(ygt_budget_report *r, const ygt_budget *b, int32_t c, int ins,
                            const ygt_scorecard *card, double score);
int64_t *ygt__budget_cell(const ygt_budget_report *r, int32_t c, int ins);

/* budget_next_rule.c: the optional top-level "next_year" object of a budget
 * file into *out (left BG_NEXT_NONE when absent). */
struct json_t;
int ygt__budget_next_rule(const char *file, struct json_t *root, bg_next *out);
/* The rule as text for the derived provenance ("base actual, growth 0.06"). */
void ygt__budget_next_describe(char *out, size_t cap, const bg_next *n);

#endif
