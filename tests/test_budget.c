/* Global budget settlement: band boundaries, money that follows the patient,
 * distribution with its floor, the quality fund, and a ledger that balances
 * to the fen.  Every figure below is computed by hand in the comments. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "budget_fixture.h"

#define M 1000000LL /* fen */

typedef struct run {
  ygt_model *m;
  ygt_budget *b;
  ygt_encounters *e;
  ygt_budget_report *r;
  brows rows;
} run;

/* Settles `json` with rows already in t->rows; the card may be NULL. */
static void settle(run *t, const char *json, const ygt_scorecard *card, const double *scores) {
  t->m = fixture_model();
  assert_int_equal(ygt_budget_parse(&t->b, t->m, json, "budget.json"), 0);
  t->e = brows_batch(&t->rows);
  assert_int_equal(ygt_budget_settle(&t->r, t->b, t->m, t->e, card, scores, card ? 2 : 0), 0);
  assert_ledger_balances(t->r, 2);
}

static void done(run *t) {
  ygt_budget_report_free(t->r);
  ygt_encounters_free(t->e);
  ygt_budget_free(t->b);
  ygt_model_free(t->m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* K1's employees spend `actual` fen at H1; budget 100,000,000 fen. */
static void band_case(int64_t actual, int64_t kept, int64_t s_fund, int64_t o_fund, int64_t o_comm) {
  run t = {0};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, actual);
  settle(&t, budget_base, NULL, NULL);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_AMOUNT), 100 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_BALANCE), 100 * M - actual);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_SURPLUS_KEPT), kept);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_SURPLUS_FUND), s_fund);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_OVER_FUND), o_fund);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_OVER_COMMUNITY), o_comm);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_ENTITLED), actual + kept - o_comm);
  done(&t);
}

static void test_surplus_bands(void **state) {
  (void)state;
  band_case(100 * M, 0, 0, 0, 0);                        /* r = 0 */
  band_case(95 * M + 1, 5 * M - 1, 0, 0, 0);             /* r just under 5 %: all kept */
  band_case(95 * M, 5 * M, 0, 0, 0);                     /* r = 5 % exactly: all kept */
  band_case(95 * M - 1, 5 * M + 1, 0, 0, 0);             /* 1 fen in band 2: 0.5 rounds away from zero to 1 */
  band_case(95 * M - 3, 5 * M + 2, 1, 0, 0);             /* 3 fen × 0.5 = 1.5 -> 2 */
  band_case(90 * M, 7500000, 2500000, 0, 0);             /* r = 10 %: 5 M + 5 M × 0.5 */
  band_case(90 * M - 1, 7500000, 2500001, 0, 0);         /* beyond the last band: to the fund */
  band_case(85 * M, 7500000, 7500000, 0, 0);             /* r = 15 % */
}

static void test_overspend_bands(void **state) {
  (void)state;
  band_case(100 * M + 1, 0, 0, 1, 0);                    /* 1 × 0.7 = 0.7 -> fund 1 */
  band_case(105 * M, 0, 0, 3500000, 1500000);            /* −r = 5 %: 70 / 30 */
  band_case(105 * M + 1, 0, 0, 3500000, 1500001);        /* 1 fen at 50 %: the community's 0.5 -> 1 */
  band_case(110 * M, 0, 0, 6000000, 4000000);            /* −r = 10 %: 3.5 M + 2.5 M */
  band_case(110 * M + 7, 0, 0, 6000000, 4000007);        /* beyond: the community bears all */
  band_case(120 * M, 0, 0, 6000000, 14000000);
}

/* Money follows the patient: where K1's residents were treated. */
static void test_flows(void **state) {
  (void)state;
  run t = {0};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, YGT_ENC_REFERRAL_NONE, 50 * M);
  brow(&t.rows, I_H2, 0, 2023, YGT_INSURANCE_EMPLOYEE, YGT_ENC_REFERRAL_UP, 10 * M);
  brow(&t.rows, I_C1, 0, 202307, YGT_INSURANCE_EMPLOYEE, YGT_ENC_REFERRAL_OUT, 30 * M);
  brow(&t.rows, I_C1, 0, 202312, YGT_INSURANCE_EMPLOYEE, YGT_ENC_REFERRAL_NONE, 5 * M);
  brow(&t.rows, I_T1, 0, 2023, YGT_INSURANCE_RESIDENT, 0, 7 * M);  /* no resident budget */
  brow(&t.rows, I_H1, -1, 2023, YGT_INSURANCE_EMPLOYEE, 0, 2 * M); /* non-resident */
  brow(&t.rows, I_H1, 0, 2022, YGT_INSURANCE_EMPLOYEE, 0, 9 * M);  /* another year */
  settle(&t, budget_base, NULL, NULL);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_ACTUAL), 95 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_INSIDE), 50 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_OUTSIDE), 45 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_OUT_OF_COUNTY), 35 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_REFERRED_OUT), 40 * M);
  assert_int_equal(ygt_budget_report_destinations(t.r), 4);
  int64_t v;
  assert_int_equal(ygt_budget_report_flow(&v, t.r, 0, 0, -1), 0);
  assert_int_equal(v, 50 * M);
  assert_int_equal(ygt_budget_report_flow(&v, t.r, 0, 1, 1), 0);
  assert_int_equal(v, 10 * M);
  assert_int_equal(ygt_budget_report_flow(&v, t.r, 0, 3, 0), 0);
  assert_int_equal(v, 5 * M);
  assert_int_equal(ygt_budget_report_flow(&v, t.r, -1, 3, -1), 0);
  assert_int_equal(v, 35 * M);
  assert_int_equal(ygt_budget_report_flow(&v, t.r, 0, 4, -1), YGT_EINVAL);
  double share;
  assert_int_equal(ygt_budget_report_outflow_share(&share, t.r, -1), 0);
  assert_true(fabs(share - 35.0 / 95.0) < 1e-12);
  int64_t un, skipped;
  assert_int_equal(ygt_budget_report_unattributed(&un, &skipped, t.r), 0);
  assert_int_equal(un, 9 * M);
  assert_int_equal(skipped, 1);
  /* Surplus 5 M at r = 5 %: all kept; H1's own residents' spending is its actual. */
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_SURPLUS_KEPT), 5 * M);
  assert_int_equal(inst_of(t.r, I_H1, YGT_BUDGET_INST_ACTUAL), 50 * M);
  assert_int_equal(inst_of(t.r, I_H2, YGT_BUDGET_INST_ACTUAL), 0);
  double ratio;
  assert_int_equal(ygt_budget_report_ratio(&ratio, t.r, 0, 0), 0);
  assert_true(fabs(ratio - 0.05) < 1e-12);
  assert_int_equal(ygt_budget_report_ratio(&ratio, t.r, 1, -1), 0);
  assert_true(isnan(ratio));
  done(&t);
}

/* Prepayments: 100,000,001 fen over 12 months = 8,333,333 and 5 fen left,
 * given to months 1-5 (equal remainders, lower index first). */
static void test_prepayment_split(void **state) {
  (void)state;
  char json[4096];
  run t = {0};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 100 * M);
  settle(&t, budget_edit(json, "\"1000000.00\"", "\"1000000.01\""), NULL, NULL);
  for (size_t l = 0; l < ygt_budget_report_ledger_count(t.r); l++) {
    int month, kind;
    int64_t amt;
    assert_int_equal(ygt_budget_report_ledger_line(NULL, NULL, NULL, &month, &kind, &amt, t.r, l), 0);
    if (kind == YGT_BUDGET_ENTRY_PREPAY) assert_int_equal(amt, month <= 5 ? 8333334 : 8333333);
  }
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_PREPAID), 100 * M + 1);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_CLEARING), 0); /* entitled 100 M + surplus 1 = prepaid */
  done(&t);
}

/* Reserve 5 %, prepay ratio 0.9: prepaid = round(95 M × 0.9) = 85.5 M. */
static void test_reserve(void **state) {
  (void)state;
  char a[4096], b2[4096];
  run t = {0};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 100 * M);
  budget_edit(a, "\"reserve\": 0", "\"reserve\": 0.05");
  const char *at = strstr(a, "\"ratio\": 1,");
  snprintf(b2, sizeof b2, "%.*s\"ratio\": 0.9,%s", (int)(at - a), a, at + strlen("\"ratio\": 1,"));
  settle(&t, b2, NULL, NULL);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_RESERVE), 5 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_PREPAID), 85500000);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_CLEARING), 100 * M - 85500000);
  done(&t);
}

/* Surplus 7.5 M (actual 90 M at H1 60 M, T1 20 M, V1 10 M). */
static void dist_case(const char *json, int64_t h1, int64_t t1, int64_t v1) {
  run t = {0};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 60 * M);
  brow(&t.rows, I_T1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 20 * M);
  brow(&t.rows, I_V1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 10 * M);
  settle(&t, json, NULL, NULL);
  assert_int_equal(field_of(t.r, 0, -1, YGT_BUDGET_SURPLUS_KEPT), 7500000);
  assert_int_equal(inst_of(t.r, I_H1, YGT_BUDGET_INST_SURPLUS), h1);
  assert_int_equal(inst_of(t.r, I_T1, YGT_BUDGET_INST_SURPLUS), t1);
  assert_int_equal(inst_of(t.r, I_V1, YGT_BUDGET_INST_SURPLUS), v1);
  assert_int_equal(inst_of(t.r, I_T1, YGT_BUDGET_INST_NET), 20 * M + t1);
  int64_t tier;
  assert_int_equal(ygt_budget_report_tier(&tier, t.r, 0, YGT_TIER_COUNTY, YGT_BUDGET_INST_SURPLUS), 0);
  assert_int_equal(tier, h1);
  assert_int_equal(ygt_budget_report_tier(&tier, t.r, -1, YGT_TIER_VILLAGE, YGT_BUDGET_INST_ACTUAL), 0);
  assert_int_equal(tier, 10 * M);
  done(&t);
}

static void test_distribution(void **state) {
  (void)state;
  char json[4096];
  /* Fixed 0.6 / 0.3 / 0.1, floor 0.5: primary 0.4 raised to 0.5 -> 0.5 / 0.375 / 0.125. */
  dist_case(budget_base, 3750000, 2812500, 937500);
  /* Without the floor: 4.5 M / 2.25 M / 0.75 M. */
  dist_case(budget_edit(json, "\"primary_floor\": 0.5", "\"primary_floor\": 0"), 4500000, 2250000, 750000);
  /* Floor exactly met (0.4): unchanged. */
  dist_case(budget_edit(json, "\"primary_floor\": 0.5", "\"primary_floor\": 0.4"), 4500000, 2250000, 750000);
  /* Workload 60 : 20 : 10 with floor 0.5: 0.5 / (0.5 × 2/3) / (0.5 × 1/3). */
  dist_case(budget_edit(json, "\"method\": \"fixed\"", "\"method\": \"workload\""), 3750000, 2500000, 1250000);
}

static void test_distribution_remainder(void **state) {
  (void)state;
  char a[4096], json[4096];
  /* Workload without floor: 5,000,000 / 1,666,666.67 / 833,333.33: the
   * left-over fen goes to the largest remainder (township). */
  budget_edit(a, "\"method\": \"fixed\"", "\"method\": \"workload\"");
  const char *at = strstr(a, "\"primary_floor\": 0.5");
  snprintf(json, sizeof json, "%.*s\"primary_floor\": 0%s", (int)(at - a), a, at + strlen("\"primary_floor\": 0.5"));
  dist_case(json, 5000000, 1666667, 833333);
}

/* Products of published decimals round as the exact decimal would (doc/conventions.md, Rounding). */
static void test_exact_halves(void **state) {
  (void)state;
  char a[4096], json[4096];
  run t = {0};
  /* last year 0.10 yuan × (1 + 0.15) = 11.5 fen -> 12 (was 11) */
  settle(&t, budget_edit(json, "\"last_year\": \"1000000.00\"", "\"last_year\": \"0.10\", \"growth\": 0.15"), NULL,
         NULL);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_AMOUNT), 12);
  done(&t);
  /* prepayment of 10 fen at 0.85 = 8.5 -> 9 (was 8) */
  budget_edit(a, "\"last_year\": \"1000000.00\"", "\"last_year\": \"0.10\"");
  const char *at = strstr(a, "\"ratio\": 1,");
  snprintf(json, sizeof json, "%.*s\"ratio\": 0.85,%s", (int)(at - a), a, at + strlen("\"ratio\": 1,"));
  memset(&t, 0, sizeof t);
  settle(&t, json, NULL, NULL);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_PREPAID), 9);
  done(&t);
}

/* A surplus of 10 fen kept, primary floor 0.45: primary care 4.5 and the
 * county 5.5 fen tie; primary care gets the fen: 5 and 5 (was 4 and 6). */
static void test_floor_to_the_fen(void **state) {
  (void)state;
  char json[4096];
  run t = {0};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 100 * M - 10);
  settle(&t, budget_edit(json, "\"primary_floor\": 0.5", "\"primary_floor\": 0.45"), NULL, NULL);
  assert_int_equal(field_of(t.r, 0, -1, YGT_BUDGET_SURPLUS_KEPT), 10);
  int64_t v = 0, tw = 0, cty = 0;
  assert_int_equal(ygt_budget_report_tier(&v, t.r, 0, YGT_TIER_VILLAGE, YGT_BUDGET_INST_SURPLUS), 0);
  assert_int_equal(ygt_budget_report_tier(&tw, t.r, 0, YGT_TIER_TOWNSHIP, YGT_BUDGET_INST_SURPLUS), 0);
  assert_int_equal(ygt_budget_report_tier(&cty, t.r, 0, YGT_TIER_COUNTY, YGT_BUDGET_INST_SURPLUS), 0);
  assert_int_equal(v + tw, 5);
  assert_int_equal(cty, 5);
  done(&t);
}

static void test_overspend_bearer(void **state) {
  (void)state;
  char json[4096];
  run t = {0};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 110 * M);
  settle(&t, budget_base, NULL, NULL); /* lead bears 4 M */
  assert_int_equal(inst_of(t.r, I_H1, YGT_BUDGET_INST_OVERSPEND), 4 * M);
  assert_int_equal(inst_of(t.r, I_H1, YGT_BUDGET_INST_NET), 106 * M);
  assert_int_equal(inst_of(t.r, I_T1, YGT_BUDGET_INST_OVERSPEND), 0);
  done(&t);
  run u = {0};
  brow(&u.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 110 * M);
  settle(&u, budget_edit(json, "\"lead\"", "\"distribution\""), NULL, NULL); /* 0.6 / 0.3 / 0.1, no floor */
  assert_int_equal(inst_of(u.r, I_H1, YGT_BUDGET_INST_OVERSPEND), 2400000);
  assert_int_equal(inst_of(u.r, I_T1, YGT_BUDGET_INST_OVERSPEND), 1200000);
  assert_int_equal(inst_of(u.r, I_V1, YGT_BUDGET_INST_OVERSPEND), 400000);
  done(&u);
}

/* ---- the quality fund through the scorecard's money links ------------------- */

static const char card_json[] =
    "{\"format\": \"yigongti.scorecard\", \"version\": 1, \"name\": \"t\",\n"
    " \"dimensions\": [{\"name\": \"d\", \"items\": [{\"indicator\": \"county_visit_rate\", \"weight\": 100,"
    " \"method\": \"linear\", \"target\": 90, \"floor\": 80}]}],\n"
    " \"grades\": [{\"name\": \"ok\", \"min\": 0}],\n"
    " \"money\": {\"quality_fund\": {\"withhold\": 0.10, \"s_min\": 60, \"s_full\": 90},\n"
    "   \"surplus_multiplier\": [{\"min\": 90, \"multiplier\": 1.0}, {\"min\": 60, \"multiplier\": 0.5},"
    " {\"min\": 0, \"multiplier\": 0}]}}\n";

/* Budget 120 M, actual 108 M: balance 12 M (r = 10 %): 6 M + 3 M = 9 M
 * before the multiplier.  Prepaid 10 M a month, 1 M withheld each. */
static void quality_case(double score, int64_t released, int64_t kept) {
  char path[256], json[4096];
  ygt_indicators *reg = NULL;
  ygt_scorecard *card = NULL;
  assert_int_equal(ygt_indicators_defaults(&reg), 0);
  assert_int_equal(ygt_scorecard_load(&card, reg, testutil_write_temp(path, sizeof path, ".json", card_json)), 0);
  unlink(path);
  run t = {0};
  double scores[2] = {score, 50};
  brow(&t.rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 108 * M);
  settle(&t, budget_edit(json, "\"1000000.00\"", "\"1200000.00\""), card, scores);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_PREPAID), 120 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_WITHHELD), 12 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_RELEASED), released);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_FORFEITED), 12 * M - released);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_SURPLUS_KEPT), kept);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_CLEARING), 108 * M + kept - 120 * M);
  assert_int_equal(field_of(t.r, 0, 0, YGT_BUDGET_FINAL), 108 * M + kept - (12 * M - released));
  ygt_budget_report_free(t.r);
  t.r = NULL;
  assert_int_equal(ygt_budget_settle(&t.r, t.b, t.m, t.e, card, NULL, 0), YGT_EINVAL);
  scores[0] = NAN;
  assert_int_equal(ygt_budget_settle(&t.r, t.b, t.m, t.e, card, scores, 2), YGT_EINVAL);
  assert_null(t.r);
  ygt_scorecard_free(card);
  ygt_indicators_free(reg);
  done(&t);
}

static void test_quality_fund(void **state) {
  (void)state;
  quality_case(95, 12 * M, 9 * M);      /* above S_full: all released, multiplier 1 */
  quality_case(90, 12 * M, 9 * M);      /* at S_full: all released */
  quality_case(75, 6 * M, 4500000);     /* halfway: half released, multiplier 0.5 */
  quality_case(60, 0, 4500000);         /* at S_min: ratio 0 */
  quality_case(59.9, 0, 0);             /* below: nothing, multiplier 0 */
}

static void test_names_and_args(void **state) {
  (void)state;
  assert_string_equal(ygt_budget_field_name(YGT_BUDGET_OUT_OF_COUNTY), "out_of_county");
  assert_string_equal(ygt_budget_field_name(YGT_BUDGET_FINAL), "final");
  assert_null(ygt_budget_field_name(19));
  assert_string_equal(ygt_budget_inst_field_name(YGT_BUDGET_INST_NET), "net");
  assert_null(ygt_budget_inst_field_name(-1));
  assert_string_equal(ygt_budget_entry_name(YGT_BUDGET_ENTRY_OVERSPEND), "overspend");
  assert_null(ygt_budget_entry_name(6));
  run t = {0};
  settle(&t, budget_base, NULL, NULL);
  int64_t v;
  assert_int_equal(ygt_budget_amount(&v, t.b, 0, -1), 0);
  assert_int_equal(v, 100 * M);
  assert_int_equal(ygt_budget_amount(&v, t.b, 2, 0), YGT_EINVAL);
  assert_int_equal(ygt_budget_year(t.b), 2023);
  assert_string_equal(ygt_budget_provenance(t.b, "locality"), "999");
  assert_null(ygt_budget_provenance(t.b, "nope"));
  assert_int_equal(ygt_budget_report_community(&v, t.r, 2, 0, 0), YGT_EINVAL);
  assert_int_equal(ygt_budget_report_community(&v, t.r, 0, 0, 19), YGT_EINVAL);
  assert_int_equal(ygt_budget_report_institution(&v, t.r, 6, 0), YGT_EINVAL);
  assert_int_equal(ygt_budget_report_tier(&v, t.r, 0, 6, 0), YGT_EINVAL);
  assert_int_equal(ygt_budget_report_ledger_line(NULL, NULL, NULL, NULL, NULL, NULL, t.r, 9999), YGT_EINVAL);
  assert_int_equal(ygt_budget_settle(NULL, t.b, t.m, t.e, NULL, NULL, 0), YGT_EINVAL);
  done(&t);
}

/* K1 employee 1,000,000.00 yuan and K2 resident 0.05 yuan (5 fen, for the rounding). */
static const char *two_budgets(char *out) {
  return budget_edit(out, "\"last_year\": \"1000000.00\"}]",
                     "\"last_year\": \"1000000.00\"}, {\"community\": \"K2\", \"insurance\": \"resident\", "
                     "\"last_year\": \"0.05\"}]");
}

static int64_t amount_of(const ygt_budget *b, int32_t c, int ins) {
  int64_t v = -1;
  assert_int_equal(ygt_budget_amount(&v, b, c, ins), YGT_OK);
  return v;
}

static void test_scale(void **state) {
  (void)state;
  char text[4096];
  ygt_model *m = fixture_model();
  ygt_budget *b = NULL, *half = NULL, *tenth = NULL;
  assert_int_equal(ygt_budget_parse(&b, m, two_budgets(text), "b.json"), YGT_OK);
  assert_int_equal(ygt_budget_scale(&half, b, 0.5), YGT_OK);
  assert_int_equal(amount_of(half, 0, YGT_INSURANCE_EMPLOYEE), 50 * M);
  assert_int_equal(amount_of(half, 1, YGT_INSURANCE_RESIDENT), 3); /* 2.5 fen: half away from zero */
  assert_int_equal(amount_of(half, 1, YGT_INSURANCE_EMPLOYEE), 0); /* no budget stays none */
  assert_int_equal(amount_of(b, 0, YGT_INSURANCE_EMPLOYEE), 100 * M); /* the original is unchanged */
  assert_int_equal(ygt_budget_year(half), 2023);
  assert_string_equal(ygt_budget_provenance(half, "document"), "test");
  /* a tenth of the county spending 9,500,000 fen: 5 % under its 10,000,000, all kept as in the full one */
  assert_int_equal(ygt_budget_scale(&tenth, b, 0.1), YGT_OK);
  brows rows = {0};
  brow(&rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 95 * M / 10);
  ygt_encounters *e = brows_batch(&rows);
  ygt_budget_report *r = NULL;
  assert_int_equal(ygt_budget_settle(&r, tenth, m, e, NULL, NULL, 0), YGT_OK);
  assert_int_equal(field_of(r, 0, 0, YGT_BUDGET_AMOUNT), 10 * M);
  assert_int_equal(field_of(r, 0, 0, YGT_BUDGET_SURPLUS_KEPT), M / 2);
  assert_ledger_balances(r, 2);
  ygt_budget_report_free(r);
  ygt_encounters_free(e);
  ygt_budget_free(tenth);
  ygt_budget_free(half);
  ygt_budget_free(b);
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_scale_errors(void **state) {
  (void)state;
  char text[4096];
  ygt_model *m = fixture_model();
  ygt_budget *b = NULL, *big = NULL, *out = (ygt_budget *)&text; /* not NULL: a failure must clear it */
  assert_int_equal(ygt_budget_parse(&b, m, budget_base, "b.json"), YGT_OK);
  assert_int_equal(ygt_budget_scale(&out, NULL, 1), YGT_EINVAL);
  assert_null(out);
  assert_int_equal(ygt_budget_scale(NULL, b, 1), YGT_EINVAL);
  const double bad[] = {-0.1, NAN, INFINITY, 1e6 + 1};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    assert_int_equal(ygt_budget_scale(&out, b, bad[k]), YGT_ERANGE);
    assert_null(out);
    assert_non_null(strstr(ygt_error_last()->message, "scale"));
  }
  /* 1e14 yuan is within the loader's bound; a million times it is not */
  assert_int_equal(ygt_budget_parse(&big, m, budget_edit(text, "1000000.00", "100000000000000.00"), "b.json"), 0);
  assert_int_equal(ygt_budget_scale(&out, big, 1e6), YGT_EOVERFLOW);
  assert_null(out);
  assert_int_equal(ygt_budget_scale(&out, big, 0), YGT_OK);
  assert_int_equal(amount_of(out, 0, YGT_INSURANCE_EMPLOYEE), 0);
  ygt_budget_free(out);
  ygt_budget_free(big);
  ygt_budget_free(b);
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* The n-th allocation failing, n = 1, 2, ...: YGT_ENOMEM and nothing leaked.
 * The failing allocator is installed before the model is made (it refuses
 * to replace one with live blocks), never failing during the setup. */
static void test_failing_allocations(void **state) {
  (void)state;
  testutil_failing f;
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
  ygt_model *m = fixture_model();
  brows rows = {0};
  brow(&rows, I_H1, 0, 2023, YGT_INSURANCE_EMPLOYEE, 0, 110 * M);
  ygt_encounters *e = brows_batch(&rows);
  size_t base = ygt_allocated_blocks();
  long k;
  for (k = 1; k < 400; k++) {
    ygt_budget *b = NULL, *s = NULL;
    ygt_budget_report *r = NULL;
    f.calls = 0, f.fail_at = k;
    int rc = ygt_budget_parse(&b, m, budget_base, "b.json");
    if (!rc) rc = ygt_budget_scale(&s, b, 0.5);
    if (!rc) rc = ygt_budget_settle(&r, s, m, e, NULL, NULL, 0);
    f.fail_at = 0;
    if (rc) assert_null(r);
    ygt_budget_report_free(r);
    ygt_budget_free(s);
    ygt_budget_free(b);
    assert_int_equal(ygt_allocated_blocks(), base);
    if (!rc) break;
    assert_int_equal(rc, YGT_ENOMEM);
  }
  assert_true(k > 20 && k < 400); /* parse, copy and settle each failed, and then all succeeded */
  ygt_encounters_free(e);
  ygt_model_free(m);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_surplus_bands),      cmocka_unit_test(test_overspend_bands),
      cmocka_unit_test(test_flows),              cmocka_unit_test(test_prepayment_split),
      cmocka_unit_test(test_reserve),            cmocka_unit_test(test_distribution),
      cmocka_unit_test(test_distribution_remainder), cmocka_unit_test(test_overspend_bearer),
      cmocka_unit_test(test_exact_halves), cmocka_unit_test(test_floor_to_the_fen),
      cmocka_unit_test(test_quality_fund),       cmocka_unit_test(test_names_and_args),
      cmocka_unit_test(test_scale),              cmocka_unit_test(test_scale_errors),
      cmocka_unit_test(test_failing_allocations),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
