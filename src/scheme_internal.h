/* Internal layout of payment schemes and their results
 * (include/yigongti/scheme.h), shared by scheme_*.c. */
#ifndef YGT_SCHEME_INTERNAL_H
#define YGT_SCHEME_INTERNAL_H

#include <stdint.h>

#include "yigongti/capitation.h"
#include "yigongti/dip.h"
#include "yigongti/drgpay.h"
#include "yigongti/perdiem.h"
#include "yigongti/points.h"
#include "yigongti/scheme.h"
#include "yigongti/settle.h"
#include "yigongti/workload.h"

#define SCH_LINES 4
#define SCH_FIELDS 19
#define SCH_INS 2
#define SCH_PATH_CAP 256

/* One line's method and what it was configured with. */
typedef struct sch_line {
  int method;
  ygt_points *points;
  ygt_drgpay *drg;
  double *inst_coef;           /* DRG: per institution (model order); NULL for 1 */
  ygt_dip_catalog *dip_cat;
  ygt_settle_params *dip_params;
  int dip_fund_from_cases;     /* DIP: the fund of the point value is the scored stays' fund payments */
  int dip_quota_settle;        /* DIP: special review beyond the quota settled by the high-cost rule */
  int dip_assess_scorecard;    /* DIP: assessment coefficients from the year's scorecard (ygt_scheme_settle_assessed) */
  ygt_dip_engine *dip;
  ygt_perdiem *perdiem;
  ygt_workload *workload;
  size_t nitems;               /* workload items (the table has no count function) */
  int basis;                   /* capitation */
  int64_t rate, budget;        /* capitation rate per person-month; workload budget (fen) */
  double months, eligible;
  double *factor;              /* per institution: capitation performance or workload assessment; NULL for 1 */
} sch_line;

struct ygt_scheme {
  char *id, *document, *locality, *period_from, *period_to, *note, *source, *model_path;
  int illustrative;
  const ygt_model *model;
  size_t ninst;
  const ygt_codes *dx, *proc;
  sch_line lines[SCH_LINES];
};

struct ygt_scheme_result {
  size_t ninst;                /* cells hold one more slot: rows of unknown institutions */
  int64_t *cells;              /* [(ninst + 1)][SCH_LINES][SCH_FIELDS] */
  size_t nstays;
  int8_t *line, *status, *reason;
  int32_t *group;
  int64_t *amount, *fund, *units;      /* units: score units of settled stays (points, RW, days × 10^6) */
  ygt_settle_values *values[SCH_LINES]; /* point-valued lines (points, DIP): their values, for explanations */
  double pv_fen[SCH_INS];              /* in-patient settlement point value, fen per point (exact double) */
  double point_value[SCH_INS], budget_value[SCH_INS], points[SCH_INS];
  double special[SCH_LINES], allowed[SCH_LINES];
  double over[SCH_LINES], over_ffs[SCH_LINES], over_method[SCH_LINES]; /* special review over the quota (yuan) */
  double unit_value;
};

/* The cell of an institution slot (already clamped) and line. */
static inline int64_t *sch_cell(ygt_scheme_result *r, size_t slot, int line) {
  return r->cells + (slot * SCH_LINES + (size_t)line) * SCH_FIELDS;
}

/* The slot of an institution index: itself, or ninst for anything outside the model. */
static inline size_t sch_slot(const ygt_scheme_result *r, int32_t inst) {
  return inst >= 0 && (size_t)inst < r->ninst ? (size_t)inst : r->ninst;
}

/* Adds v to a cell field; YGT_EOVERFLOW (recorded) when it does not fit. */
int ygt__scheme_add(int64_t *cell, int field, int64_t v);
/* Adds a row's SCH_FIELDS values to a cell (a failed call leaves the cell
 * partly changed: results are discarded on failure). */
int ygt__scheme_add_row(int64_t *cell, const int64_t *v);

/* One row as the result sees it: its cost, fee-for-service fund payment
 * and patients' share, whether it is insured and settled, and the
 * method's amount and fund payment when settled. */
typedef struct sch_row {
  int64_t cost, ffs, patient, amount, fund;
  int insured, settled;
} sch_row;

/* The cell values of a row: who pays what (scheme.h). */
void ygt__scheme_row_sums(int64_t v[SCH_FIELDS], const sch_row *row);

/* Loading one line's configuration (scheme_lines.c): obj is the line's
 * object at JSON path `path`; base is the directory of relative paths. */
typedef struct sch_loader {
  const char *file, *base;
  ygt_scheme *s;
} sch_loader;
struct json_t;
int ygt__scheme_load_line(const sch_loader *ld, int line, struct json_t *obj, const char *path);
void ygt__scheme_line_free(sch_line *l);

/* Money of a JSON value at path: a string of yuan with at most two
 * decimals, an integer of yuan, or a real with at most two decimals. */
int ygt__scheme_money(const sch_loader *ld, struct json_t *v, const char *path, int64_t *out);
/* A table path relative to the base directory, into out (PATH_MAX bytes). */
int ygt__scheme_path(const sch_loader *ld, const char *name, const char *path, char *out, size_t cap);

/* Settling the stays (scheme_stays.c) and the visits (scheme_visits.c)
 * into a result whose arrays are allocated. */
/* dip_assessment: per institution, the DIP assessment coefficients of a line that takes them from the
 * scorecard; NULL: the parameters'. */
int ygt__scheme_settle_stays(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in,
                             const double *dip_assessment);
int ygt__scheme_settle_visits(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in);

/* The fee-for-service fund payment of a stay: as given, else total −
 * patients' share (0 when neither is known). */
int64_t ygt__scheme_ffs_fund(const ygt_cases *c, size_t r);

/* Special review over the quota of a DIP line (scheme_quota.c): sets the
 * line's over, over_ffs and over_method from the gathered rows' statuses
 * and reasons and the line's point values. */
int ygt__scheme_dip_over_quota(ygt_scheme_result *r, int line, const ygt_dip_engine *e, const ygt_settle_values *v,
                               const ygt_cases *c, const int8_t *status, const int8_t *reason);

/* Enforces the special-review quota of a DIP line before its point values
 * (scheme_quota.c): the extreme-cost stays beyond it are settled by the
 * high-cost rule, in the accumulator and the per-row arrays. */
int ygt__scheme_dip_enforce_quota(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                                  const ygt_dip_engine *e, const ygt_settle_params *p, const ygt_cases *c);

/* A new batch holding copies of rows[0 .. n-1] of src (every integer,
 * money and code column and the row flags; strings are left out). */
int ygt__scheme_gather(ygt_cases **out, const ygt_cases *src, const size_t *rows, size_t n);

#endif
