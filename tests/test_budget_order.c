/* Order independence of the global budget's settlement: a random year of
 * encounters (fixed seed) settled as given and in ten shuffled orders gives
 * the same report, figure for figure and ledger line for ledger line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "budget_fixture.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t draw(uint32_t n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

static void random_year(brows *b) {
  static const int32_t periods[] = {2023, 202301, 202306, 202312};
  b->n = 0;
  while (b->n < BROWS)
    brow(b, (int32_t)draw(6), (int32_t)draw(2), periods[draw(4)], (int)draw(2), (int)draw(4),
         1 + (int64_t)draw(30000000));
}

/* b's rows in the order idx. */
static brows permuted(const brows *b, const size_t *idx) {
  brows p = {.n = 0};
  for (size_t i = 0; i < b->n; i++) {
    size_t k = idx[i];
    brow(&p, b->inst[k], b->grid[k], b->period[k], b->ins[k], b->ref[k], b->fund[k]);
  }
  return p;
}

static ygt_budget_report *settle(const ygt_budget *budget, const ygt_model *m, const brows *rows) {
  ygt_encounters *e = brows_batch(rows);
  ygt_budget_report *r = NULL;
  assert_int_equal(ygt_budget_settle(&r, budget, m, e, NULL, NULL, 0), YGT_OK);
  ygt_encounters_free(e);
  return r;
}

static void same_report(const ygt_budget_report *a, const ygt_budget_report *b) {
  for (int32_t c = 0; c < 2; c++)
    for (int ins = -1; ins < 2; ins++)
      for (int f = 0; f <= YGT_BUDGET_FINAL; f++) assert_int_equal(field_of(a, c, ins, f), field_of(b, c, ins, f));
  for (int32_t i = 0; i < 6; i++)
    for (int f = 0; f <= YGT_BUDGET_INST_NET; f++) assert_int_equal(inst_of(a, i, f), inst_of(b, i, f));
  assert_int_equal(ygt_budget_report_ledger_count(a), ygt_budget_report_ledger_count(b));
  for (size_t l = 0; l < ygt_budget_report_ledger_count(a); l++) {
    int32_t ca, cb, ia, ib;
    int sa, sb, ma, mb, ka, kb;
    int64_t xa, xb;
    assert_int_equal(ygt_budget_report_ledger_line(&ca, &ia, &sa, &ma, &ka, &xa, a, l), YGT_OK);
    assert_int_equal(ygt_budget_report_ledger_line(&cb, &ib, &sb, &mb, &kb, &xb, b, l), YGT_OK);
    assert_true(ca == cb && ia == ib && sa == sb && ma == mb && ka == kb && xa == xb);
  }
}

static void test_budget_any_order(void **state) {
  (void)state;
  ygt_model *m = fixture_model();
  ygt_budget *budget;
  char json[4096];
  /* both insurance types, a resident budget from the grids, workload distribution */
  budget_edit(json, "\"last_year\": \"1000000.00\"}]",
              "\"last_year\": \"1000000.00\"}, {\"community\": \"K1\", \"insurance\": \"resident\", "
              "\"per_capita\": \"300.07\"}]");
  assert_int_equal(ygt_budget_parse(&budget, m, json, "budget.json"), YGT_OK);
  brows rows;
  random_year(&rows);
  ygt_budget_report *one = settle(budget, m, &rows);
  assert_true(field_of(one, 0, -1, YGT_BUDGET_ACTUAL) > 0); /* the year reaches the budget */
  for (int k = 0; k < 10; k++) {
    size_t idx[BROWS];
    for (size_t i = 0; i < BROWS; i++) idx[i] = i;
    for (size_t i = BROWS - 1; i > 0; i--) {
      size_t j = draw((uint32_t)i + 1), t = idx[i];
      idx[i] = idx[j], idx[j] = t;
    }
    brows p = permuted(&rows, idx);
    ygt_budget_report *other = settle(budget, m, &p);
    same_report(one, other);
    ygt_budget_report_free(other);
  }
  ygt_budget_report_free(one);
  ygt_budget_free(budget);
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_budget_any_order)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
