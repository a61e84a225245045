/* Shared by fuzz_dip_catalog.c and fuzz_settle_params.c: scores, prices and
 * settles a small fixed batch with a catalogue and parameters, over the
 * dictionaries and model of tests/dip_fixture.h. */
#ifndef YGT_FUZZ_DIP_WORLD_H
#define YGT_FUZZ_DIP_WORLD_H

#include "../dip_fixture.h"
#include "fuzz_util.h"

static const fx_case FUZZ_CASES[] = {
  {0, 0, 20240115, "K80.100", "I10.x00,E11.900", "51.2300", 1200000, 0, 81, 0},
  {1, 1, 20240220, "K80.101", "", "51.2300,99.0400", 300000, 1000, 40, 0},
  {0, 1, 20240331, "I63.900", "N18.500", "", 9000000, 0, 70, 0},
  {1, 0, 20241201, "K80.200", "", "88.7100", 100, 0, 30, 1},
  {5, 0, 20240101, "J18.900", "", "", 50000, 0, 20, 0},
  {0, 3, 20241301, "I63.901", "", "00.6600", -5, 0, -1, 0},
};
#define FUZZ_NCASES (sizeof FUZZ_CASES / sizeof FUZZ_CASES[0])

static void fuzz_dip_settle(const ygt_dip_catalog *cat, const ygt_settle_params *params, const ygt_codes *dx,
                            const ygt_codes *proc, const ygt_model *model) {
  ygt_dip_engine *engine;
  if (ygt_dip_engine_new(&engine, cat, params, model) != YGT_OK) return;
  ygt_cases *c;
  if (ygt_cases_new(&c, dx, proc, 0)) __builtin_trap();
  for (size_t i = 0; i < FUZZ_NCASES; i++) fixture_add(c, &FUZZ_CASES[i]);
  size_t n = ygt_cases_count(c), ninst = ygt_model_institution_count(model);
  int32_t group[FUZZ_NCASES];
  int8_t status[FUZZ_NCASES], reason[FUZZ_NCASES];
  int64_t units[FUZZ_NCASES], amount[FUZZ_NCASES], fund[FUZZ_NCASES];
  char trace[512];
  ygt_settle_accum *acc, *ledger;
  if (ygt_settle_accum_new(&acc, ninst)) __builtin_trap();
  if (ygt_settle_accum_new(&ledger, ninst)) __builtin_trap();
  if (ygt_dip_score(acc, group, status, reason, units, engine, c, 0, n) == YGT_OK) {
    for (size_t r = 0; r < n; r++) {
      ygt_dip_explain(trace, sizeof trace, engine, c, r);
      ygt_dip_match(trace, sizeof trace, cat, c, r);
    }
    ygt_settle_values *values;
    if (ygt_settle_finalise(&values, acc, params) == YGT_OK) {
      double d;
      for (int what = 0; what < 4; what++)
        for (int ins = 0; ins < 2; ins++) ygt_settle_values_get(&d, values, what, ins);
      int64_t cnt, allowed, out;
      ygt_settle_values_special_review(&cnt, &allowed, values);
      if (ygt_settle_price(ledger, amount, fund, values, c, status, units, 0, n) == YGT_OK)
        for (int32_t i = 0; i < (int32_t)ninst; i++)
          for (int ins = 0; ins < 2; ins++) {
            ygt_settle_prepayment(&out, ledger, values, i, ins, 1);
            ygt_settle_clearing(&out, ledger, values, i, ins);
          }
      ygt_settle_values_free(values);
    }
  }
  ygt_settle_accum_free(ledger);
  ygt_settle_accum_free(acc);
  ygt_cases_free(c);
  ygt_dip_engine_free(engine);
}

#endif
