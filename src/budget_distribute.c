/* Distribution inside a community: the retained surplus (and, when the
 * community's members bear it together, the overspend share) over the tier
 * groups — village, township, county and above — by fixed ratios or by
 * workload, with a floor for primary care, then over the institutions of
 * each group by workload.  Every split is exact (ygt__budget_split). */
#include "alloc_internal.h"
#include "budget_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

typedef struct members {
  int32_t *idx;
  size_t n;
  double group_work[BG_GROUPS];
  size_t group_n[BG_GROUPS];
} members;

static double work(const ygt_budget_report *r, int32_t i) {
  return (double)r->inst[(size_t)i * BG_NINST + YGT_BUDGET_INST_WORKLOAD];
}

static int collect(members *mb, const ygt_budget_report *r, int32_t c) {
  if (!(mb->idx = ygt__calloc(r->ninst + 1, sizeof *mb->idx))) return YGT_ENOMEM;
  for (size_t i = 0; i < r->ninst; i++) {
    if (r->inst_comm[i] != c) continue;
    int g = ygt__budget_group(r->inst_tier[i]);
    mb->idx[mb->n++] = (int32_t)i;
    mb->group_work[g] += work(r, (int32_t)i);
    mb->group_n[g]++;
  }
  return 0;
}

static void normalise(double *w, const members *mb) {
  double sum = 0;
  size_t nonempty = 0;
  for (int g = 0; g < BG_GROUPS; g++) {
    if (!mb->group_n[g]) w[g] = 0;
    sum += w[g];
    nonempty += mb->group_n[g] != 0;
  }
  for (int g = 0; g < BG_GROUPS; g++) w[g] = sum > 0 ? w[g] / sum : (mb->group_n[g] ? 1.0 / (double)nonempty : 0);
}

/* The primary groups (village, township) get at least `floor` together. */
static void apply_floor(double *w, const members *mb, double floor) {
  double p = w[0] + w[1];
  size_t np = (mb->group_n[0] != 0) + (mb->group_n[1] != 0);
  if (!np || p >= floor) return;
  for (int g = 0; g < 2; g++) w[g] = p > 0 ? w[g] * floor / p : (mb->group_n[g] ? floor / (double)np : 0);
  w[2] = mb->group_n[2] ? ygt__decimal_add(1, -floor) : 0; /* 1 − 0.45 is 0.55, not 0.55000000000000004 */
  if (!mb->group_n[2]) normalise(w, mb);
}

static void group_weights(double *w, const ygt_budget *b, const members *mb, int with_floor) {
  double total = mb->group_work[0] + mb->group_work[1] + mb->group_work[2];
  for (int g = 0; g < BG_GROUPS; g++)
    w[g] = b->method == BG_DIST_WORKLOAD && total > 0 ? mb->group_work[g] : b->ratios[g];
  normalise(w, mb);
  if (with_floor) apply_floor(w, mb, b->floor);
}

/* Split `amount` of group g over its institutions by workload. */
static int to_institutions(ygt_budget_report *r, const members *mb, int g, int64_t amount, int32_t c, int field,
                           int kind) {
  size_t n = mb->group_n[g], k = 0;
  int32_t *who = ygt__calloc(n + 1, sizeof *who);
  double *w = ygt__calloc(n + 1, sizeof *w);
  int64_t *part = ygt__calloc(n + 1, sizeof *part);
  int rc = who && w && part ? 0 : YGT_ENOMEM;
  for (size_t i = 0; !rc && i < mb->n; i++)
    if (ygt__budget_group(r->inst_tier[mb->idx[i]]) == g) who[k] = mb->idx[i], w[k] = work(r, mb->idx[i]), k++;
  if (!rc) rc = ygt__budget_split(part, w, n, amount);
  for (size_t i = 0; !rc && i < n; i++) {
    r->inst[(size_t)who[i] * BG_NINST + (size_t)field] += part[i];
    if (part[i]) rc = ygt__budget_line(r, c, who[i], -1, 13, kind, kind == YGT_BUDGET_ENTRY_OVERSPEND ? -part[i] : part[i]);
  }
  ygt__free(who);
  ygt__free(w);
  ygt__free(part);
  return rc;
}

/* Primary care (village + township) against the county first, then village
 * against township: a remainder fen that ties between primary care and the
 * county goes to primary care (the lower index), so the primary floor is
 * met to the fen (10 fen at a 0.45 floor: 5 and 5, not 4 and 6). */
static int split_groups(int64_t *part, const double *w, int64_t amount) {
  const double sides[2] = {w[0] + w[1], w[2]};
  int64_t two[2];
  int rc = ygt__budget_split(two, sides, 2, amount);
  if (!rc) rc = ygt__budget_split(part, w, 2, two[0]);
  part[2] = two[1];
  return rc;
}

static int spread(ygt_budget_report *r, const ygt_budget *b, const members *mb, int32_t c, int64_t amount,
                  int field, int kind) {
  double w[BG_GROUPS];
  int64_t part[BG_GROUPS];
  group_weights(w, b, mb, kind == YGT_BUDGET_ENTRY_SURPLUS);
  int rc = split_groups(part, w, amount);
  for (int g = 0; !rc && g < BG_GROUPS; g++)
    if (part[g]) rc = to_institutions(r, mb, g, part[g], c, field, kind);
  return rc;
}

static int64_t community_sum(const ygt_budget_report *r, int32_t c, int field) {
  return ygt__budget_cell(r, c, 0)[field] + ygt__budget_cell(r, c, 1)[field];
}

int ygt__budget_distribute(ygt_budget_report *r, const ygt_budget *b, const ygt_model *m, int32_t c) {
  members mb = {0};
  int64_t kept = community_sum(r, c, YGT_BUDGET_SURPLUS_KEPT), borne = community_sum(r, c, YGT_BUDGET_OVER_COMMUNITY);
  int rc = collect(&mb, r, c);
  if (!rc && kept) rc = spread(r, b, &mb, c, kept, YGT_BUDGET_INST_SURPLUS, YGT_BUDGET_ENTRY_SURPLUS);
  if (!rc && borne && b->bearer == BG_BEAR_DISTRIBUTION)
    rc = spread(r, b, &mb, c, borne, YGT_BUDGET_INST_OVERSPEND, YGT_BUDGET_ENTRY_OVERSPEND);
  if (!rc && borne && b->bearer == BG_BEAR_LEAD) {
    int32_t lead = ygt_model_community_lead(m, c);
    r->inst[(size_t)lead * BG_NINST + YGT_BUDGET_INST_OVERSPEND] += borne;
    rc = ygt__budget_line(r, c, lead, -1, 13, YGT_BUDGET_ENTRY_OVERSPEND, -borne);
  }
  ygt__free(mb.idx);
  return rc;
}
