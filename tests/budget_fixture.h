/* Shared by the budget tests: the scoring fixture's county (score_fixture.h:
 * K1 = H1 county lead, T1 township, V1 village; K2 = H2 lead, T2; C1 city
 * hospital out of the county), a valid budget text and small encounter
 * batches built row by row. */
#ifndef BUDGET_FIXTURE_H
#define BUDGET_FIXTURE_H

#include <string.h>

#include "score_fixture.h"
#include "testutil.h"

enum { I_H1 = 0, I_T1 = 1, I_T2 = 2, I_V1 = 3, I_C1 = 4, I_H2 = 5 };

/* K1 employee budget 1,000,000.00 yuan = 100,000,000 fen. */
static const char budget_base[] =
    "{\"format\": \"yigongti.budget\", \"version\": 1,\n"
    " \"provenance\": {\"document\": \"test\", \"locality\": \"999\"},\n"
    " \"year\": 2023, \"reserve\": 0, \"prepay\": {\"ratio\": 1, \"months\": 12},\n"
    " \"budgets\": [{\"community\": \"K1\", \"insurance\": \"employee\", \"last_year\": \"1000000.00\"}],\n"
    " \"sharing\": {\"surplus\": [{\"from\": 0, \"to\": 0.05, \"community\": 1}, {\"from\": 0.05, \"to\": 0.1, \"community\": 0.5}],\n"
    "   \"overspend\": [{\"from\": 0, \"to\": 0.05, \"fund\": 0.7}, {\"from\": 0.05, \"to\": 0.1, \"fund\": 0.5}],\n"
    "   \"overspend_bearer\": \"lead\"},\n"
    " \"distribution\": {\"method\": \"fixed\", \"ratios\": {\"county\": 0.6, \"township\": 0.3, \"village\": 0.1},\n"
    "   \"primary_floor\": 0.5}}\n";

/* budget_base with the first occurrence of `find` replaced (out: 4096 bytes). */
static inline const char *budget_edit(char *out, const char *find, const char *repl) {
  const char *at = strstr(budget_base, find);
  assert_non_null(at);
  snprintf(out, 4096, "%.*s%s%s", (int)(at - budget_base), budget_base, repl, at + strlen(find));
  return out;
}

#define BROWS 16
typedef struct brows {
  int32_t inst[BROWS], grid[BROWS], period[BROWS];
  int8_t ins[BROWS], ref[BROWS];
  int64_t fund[BROWS];
  size_t n;
} brows;

static inline void brow(brows *b, int32_t inst, int32_t grid, int32_t period, int ins, int ref, int64_t fund) {
  size_t i = b->n++;
  b->inst[i] = inst, b->grid[i] = grid, b->period[i] = period, b->ins[i] = (int8_t)ins, b->ref[i] = (int8_t)ref;
  b->fund[i] = fund;
}

static inline ygt_encounters *brows_batch(const brows *b) {
  ygt_encounters *e = NULL;
  assert_int_equal(ygt_encounters_new(&e), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_INSTITUTION, b->inst, b->n), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_GRID, b->grid, b->n), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_PERIOD, b->period, b->n), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_INSURANCE, b->ins, b->n), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_REFERRAL, b->ref, b->n), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_FUND, b->fund, b->n), 0);
  return e;
}

static inline int64_t field_of(const ygt_budget_report *r, int32_t c, int ins, int field) {
  int64_t v = 0;
  assert_int_equal(ygt_budget_report_community(&v, r, c, ins, field), 0);
  return v;
}

static inline int64_t inst_of(const ygt_budget_report *r, int32_t i, int field) {
  int64_t v = 0;
  assert_int_equal(ygt_budget_report_institution(&v, r, i, field), 0);
  return v;
}

/* The ledger balances: per community and insurance type the lines of each
 * kind sum to the report's totals, and all of them to the final payment;
 * the distribution lines sum to the surplus kept and overspend borne. */
static inline void assert_ledger_balances(const ygt_budget_report *r, size_t ncomm) {
  for (int32_t c = 0; c < (int32_t)ncomm; c++) {
    int64_t dist[2] = {0, 0};
    for (int ins = 0; ins < 2; ins++) {
      int64_t k[6] = {0}, total = 0;
      for (size_t l = 0; l < ygt_budget_report_ledger_count(r); l++) {
        int32_t lc, li;
        int lins, month, kind;
        int64_t amt;
        assert_int_equal(ygt_budget_report_ledger_line(&lc, &li, &lins, &month, &kind, &amt, r, l), 0);
        if (lc != c) continue;
        if (ins == 0 && li >= 0) dist[kind == YGT_BUDGET_ENTRY_OVERSPEND] += amt;
        if (lins != ins) continue;
        k[kind] += amt;
        total += amt;
      }
      assert_int_equal(k[YGT_BUDGET_ENTRY_PREPAY], field_of(r, c, ins, YGT_BUDGET_PREPAID));
      assert_int_equal(-k[YGT_BUDGET_ENTRY_WITHHOLD], field_of(r, c, ins, YGT_BUDGET_WITHHELD));
      assert_int_equal(k[YGT_BUDGET_ENTRY_RELEASE], field_of(r, c, ins, YGT_BUDGET_RELEASED));
      assert_int_equal(k[YGT_BUDGET_ENTRY_CLEARING], field_of(r, c, ins, YGT_BUDGET_CLEARING));
      assert_int_equal(total, field_of(r, c, ins, YGT_BUDGET_FINAL));
      assert_int_equal(field_of(r, c, ins, YGT_BUDGET_FINAL),
                       field_of(r, c, ins, YGT_BUDGET_ENTITLED) - field_of(r, c, ins, YGT_BUDGET_FORFEITED));
    }
    assert_int_equal(dist[0], field_of(r, c, -1, YGT_BUDGET_SURPLUS_KEPT));
    assert_int_equal(-dist[1], field_of(r, c, -1, YGT_BUDGET_OVER_COMMUNITY));
  }
}

#endif
