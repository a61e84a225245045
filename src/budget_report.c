/* Reading a budget report: community, tier and institution figures, money
 * flows, the outflow share and the ledger; names of the enumerations. */
#include <math.h>

#include "budget_internal.h"
#include "error_internal.h"
#include "score_internal.h"

static const char *const field_names[] = {"budget", "reserve", "actual", "inside", "outside", "out_of_county",
                                          "referred_out", "balance", "surplus_kept", "surplus_fund", "over_fund",
                                          "over_community", "entitled", "prepaid", "withheld", "released",
                                          "forfeited", "clearing", "final", NULL};
static const char *const inst_names[] = {"actual", "workload", "surplus", "overspend", "net", NULL};
static const char *const entry_names[] = {"prepay", "withhold", "release", "clearing", "surplus", "overspend", NULL};

const char *ygt_budget_field_name(int field) {
  return field >= 0 && field < BG_NFIELDS ? field_names[field] : NULL;
}

const char *ygt_budget_inst_field_name(int field) {
  return field >= 0 && field < BG_NINST ? inst_names[field] : NULL;
}

const char *ygt_budget_entry_name(int entry) {
  return entry >= 0 && entry <= YGT_BUDGET_ENTRY_OVERSPEND ? entry_names[entry] : NULL;
}

static int bad(const char *fn) {
  return ygt__error(YGT_EINVAL, "%s: NULL argument or bad index", fn);
}

static int comm_ok(const ygt_budget_report *r, int32_t c) {
  return c >= -1 && (c < 0 || (size_t)c < r->ncomm);
}

int ygt_budget_report_community(int64_t *out, const ygt_budget_report *r, int32_t community, int insurance,
                                int field) {
  if (!out || !r || !comm_ok(r, community) || insurance < -1 || insurance >= BG_INS || field < 0 ||
      field >= BG_NFIELDS)
    return bad("ygt_budget_report_community");
  int64_t sum = 0;
  for (size_t c = 0; c < r->ncomm; c++) {
    for (int i = 0; i < BG_INS; i++) {
      if ((community >= 0 && (size_t)community != c) || (insurance >= 0 && insurance != i)) continue;
      if (__builtin_add_overflow(sum, ygt__budget_cell(r, (int32_t)c, i)[field], &sum))
        return ygt__error(YGT_EOVERFLOW, "ygt_budget_report_community: the total does not fit 64 bits");
    }
  }
  *out = sum;
  return 0;
}

int ygt_budget_report_ratio(double *out, const ygt_budget_report *r, int32_t community, int insurance) {
  int64_t budget, actual;
  if (!out) return bad("ygt_budget_report_ratio");
  int rc = ygt_budget_report_community(&budget, r, community, insurance, YGT_BUDGET_AMOUNT);
  if (!rc) rc = ygt_budget_report_community(&actual, r, community, insurance, YGT_BUDGET_ACTUAL);
  if (!rc) *out = budget ? (double)(budget - actual) / (double)budget : NAN;
  return rc;
}

int ygt_budget_report_institution(int64_t *out, const ygt_budget_report *r, int32_t institution, int field) {
  if (!out || !r || institution < 0 || (size_t)institution >= r->ninst || field < 0 || field >= BG_NINST)
    return bad("ygt_budget_report_institution");
  *out = r->inst[(size_t)institution * BG_NINST + (size_t)field];
  return 0;
}

int ygt_budget_report_tier(int64_t *out, const ygt_budget_report *r, int32_t community, int tier, int field) {
  if (!out || !r || !comm_ok(r, community) || tier < 0 || tier > YGT_TIER_OUT_OF_AREA || field < 0 ||
      field >= BG_NINST)
    return bad("ygt_budget_report_tier");
  int64_t sum = 0;
  for (size_t i = 0; i < r->ninst; i++) {
    if (r->inst_tier[i] != tier || r->inst_comm[i] < 0 || (community >= 0 && r->inst_comm[i] != community)) continue;
    if (__builtin_add_overflow(sum, r->inst[i * BG_NINST + (size_t)field], &sum))
      return ygt__error(YGT_EOVERFLOW, "ygt_budget_report_tier: the total does not fit 64 bits");
  }
  *out = sum;
  return 0;
}

size_t ygt_budget_report_destinations(const ygt_budget_report *r) {
  return r ? r->ndest : 0;
}

int ygt_budget_report_flow(int64_t *out, const ygt_budget_report *r, int32_t from, int32_t to, int referred) {
  if (!out || !r || !comm_ok(r, from) || to < 0 || (size_t)to >= r->ndest || referred < -1 || referred > 1)
    return bad("ygt_budget_report_flow");
  int64_t sum = 0;
  for (size_t c = 0; c < r->ncomm; c++) {
    for (size_t i = 0; (from < 0 || (size_t)from == c) && i < BG_INS; i++) {
      const int64_t *fl = r->flows + ((c * BG_INS + i) * r->ndest + (size_t)to) * 2;
      for (int ref = 0; ref < 2; ref++)
        if ((referred < 0 || referred == ref) && __builtin_add_overflow(sum, fl[ref], &sum))
          return ygt__error(YGT_EOVERFLOW, "ygt_budget_report_flow: the total does not fit 64 bits");
    }
  }
  *out = sum;
  return 0;
}

int ygt_budget_report_outflow_share(double *out, const ygt_budget_report *r, int32_t community) {
  int64_t ooc, actual;
  if (!out) return bad("ygt_budget_report_outflow_share");
  int rc = ygt_budget_report_community(&ooc, r, community, -1, YGT_BUDGET_OUT_OF_COUNTY);
  if (!rc) rc = ygt_budget_report_community(&actual, r, community, -1, YGT_BUDGET_ACTUAL);
  if (!rc) *out = actual ? (double)ooc / (double)actual : 0;
  return rc;
}

int ygt_budget_report_unattributed(int64_t *fund, int64_t *skipped, const ygt_budget_report *r) {
  if (!r) return bad("ygt_budget_report_unattributed");
  if (fund) *fund = r->unattributed;
  if (skipped) *skipped = r->skipped;
  return 0;
}

size_t ygt_budget_report_ledger_count(const ygt_budget_report *r) {
  return r ? r->nlines : 0;
}

int ygt_budget_report_ledger_line(int32_t *community, int32_t *institution, int *insurance, int *month, int *kind,
                                  int64_t *amount, const ygt_budget_report *r, size_t line) {
  if (!r || line >= r->nlines) return bad("ygt_budget_report_ledger_line");
  const bg_line *l = &r->lines[line];
  if (community) *community = l->community;
  if (institution) *institution = l->institution;
  if (insurance) *insurance = l->insurance;
  if (month) *month = l->month;
  if (kind) *kind = l->kind;
  if (amount) *amount = l->amount;
  return 0;
}
