/* Scorecards: every scoring method with hand-computed points and its edge
 * cases, veto items, grades, money links, the explanation, malformed cards
 * and the seed bundles' scorecards. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "score_fixture.h"
#include "testutil.h"

#define EPS 1e-9

static const char *const REGISTRY =
  "id\tname\tformula\tnumerator\tdenominator\tscale\tdirection\tunit\ttarget\tfloor\n"
  "a\t甲\tvalue\tinput(a)\t\t1\thigher\t%\t90\t\n"
  "b\t乙\tvalue\tinput(a)\t\t1\tlower\t%\t\t\n"
  "f\t填\tvalue\tinput(f)\t\t1\thigher\t%\t\t\n"
  "z\t零\tratio\tinput(a)\tinput(zero)\t1\thigher\t%\t\t\n";

static ygt_model *M;
static ygt_indicators *R;
static char reg_path[256];

static int setup(void **state) {
  (void)state;
  M = fixture_model();
  assert_non_null(testutil_write_temp(reg_path, sizeof reg_path, ".tsv", REGISTRY));
  assert_int_equal(ygt_indicators_load(&R, reg_path), 0);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_indicators_free(R);
  ygt_model_free(M);
  unlink(reg_path);
  assert_int_equal(ygt_allocated_blocks(), 0);
  return 0;
}

static ygt_indicator_values *values_with(double a) {
  ygt_encounters *e = NULL;
  ygt_score_inputs *in = NULL;
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_encounters_new(&e), 0);
  assert_int_equal(ygt_score_inputs_new(&in), 0);
  assert_int_equal(ygt_score_inputs_set(in, "a", YGT_SCOPE_COUNTY, 0, 2023, a), 0);
  assert_int_equal(ygt_score_inputs_set(in, "f", YGT_SCOPE_COUNTY, 0, 2023, 0), 0);
  assert_int_equal(ygt_score_inputs_set(in, "zero", YGT_SCOPE_COUNTY, 0, 2023, 0), 0);
  assert_int_equal(ygt_indicator_values_compute(&v, R, M, e, in, 2023, 2022), 0);
  ygt_score_inputs_free(in);
  ygt_encounters_free(e);
  return v;
}

static const char *card_text(char *buf, size_t cap, const char *item, double weight, const char *extra) {
  snprintf(buf, cap,
           "{\"format\": \"yigongti.scorecard\", \"version\": 1, \"name\": \"测试\",\n"
           " \"dimensions\": [{\"name\": \"维度\", \"items\": [%s,\n"
           "   {\"id\": \"fill\", \"indicator\": \"f\", \"weight\": %g, \"method\": \"proportional\"}]}],\n"
           " \"grades\": [{\"name\": \"优秀\", \"min\": 90}, {\"name\": \"合格\", \"min\": 60}, {\"name\": \"不合格\", \"min\": 0}]%s}\n",
           item, 100 - weight, extra);
  return buf;
}

static ygt_scorecard *load_card(const char *item, double weight, const char *extra) {
  char text[4096], path[256];
  ygt_scorecard *c = NULL;
  assert_non_null(testutil_write_temp(path, sizeof path, ".json", card_text(text, sizeof text, item, weight, extra)));
  int rc = ygt_scorecard_load(&c, R, path);
  if (rc) fail_msg("%s", ygt_error_last()->message);
  unlink(path);
  return c;
}

/* Points of the first item for value a; reason into why (may be NULL). */
static double points(const char *item, double weight, double a, char *why, size_t cap) {
  ygt_scorecard *c = load_card(item, weight, "");
  ygt_indicator_values *v = values_with(a);
  ygt_score *s = NULL;
  double pts, total;
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  ygt_score_item(NULL, &pts, s, 0);
  total = ygt_score_total(s);
  if (!ygt_score_vetoed(s)) assert_float_equal(total, pts, EPS); /* the filler earns nothing */
  if (why) snprintf(why, cap, "%s", ygt_score_item_reason(s, 0));
  ygt_score_free(s);
  ygt_indicator_values_free(v);
  ygt_scorecard_free(c);
  return pts;
}

#define ITEM(m, w, rest) "{\"indicator\": \"a\", \"weight\": " #w ", \"method\": \"" m "\"" rest "}"
#define LOWER(m, w, rest) "{\"indicator\": \"b\", \"weight\": " #w ", \"method\": \"" m "\"" rest "}"

static void test_attainment(void **state) {
  (void)state;
  char why[512];
  assert_float_equal(points(ITEM("attainment", 10, ""), 10, 81, why, sizeof why), 9, EPS); /* target 90 from the registry */
  assert_string_equal(why, "attainment: min(1, 81 / 90) × 10 = 9.00");
  assert_float_equal(points(ITEM("attainment", 10, ""), 10, 90, NULL, 0), 10, EPS); /* exactly reached */
  assert_float_equal(points(ITEM("attainment", 10, ""), 10, 95, NULL, 0), 10, EPS);
  assert_float_equal(points(ITEM("attainment", 10, ""), 10, 0, NULL, 0), 0, EPS);
  assert_float_equal(points(ITEM("attainment", 10, ", \"target\": 65"), 10, 52, NULL, 0), 8, EPS);
  /* inverse: lower is better */
  assert_float_equal(points(LOWER("attainment", 10, ", \"target\": 50"), 10, 40, NULL, 0), 10, EPS);
  assert_float_equal(points(LOWER("attainment", 10, ", \"target\": 50"), 10, 50, NULL, 0), 10, EPS);
  assert_float_equal(points(LOWER("attainment", 10, ", \"target\": 50"), 10, 100, NULL, 0), 5, EPS);
}

static void test_linear(void **state) {
  (void)state;
  char why[512];
  const char *it = ITEM("linear", 10, ", \"target\": 65, \"floor\": 50");
  assert_float_equal(points(it, 10, 62, why, sizeof why), 8, EPS);
  assert_string_equal(why, "linear: (62 − 50) / (65 − 50) × 10 = 8.00");
  assert_float_equal(points(it, 10, 65, NULL, 0), 10, EPS);
  assert_float_equal(points(it, 10, 70, NULL, 0), 10, EPS);
  assert_float_equal(points(it, 10, 50, NULL, 0), 0, EPS);
  assert_float_equal(points(it, 10, 45, NULL, 0), 0, EPS);
  const char *lo = LOWER("linear", 10, ", \"target\": 10, \"floor\": 20");
  assert_float_equal(points(lo, 10, 12.5, NULL, 0), 7.5, EPS);
  assert_float_equal(points(lo, 10, 10, NULL, 0), 10, EPS);
  assert_float_equal(points(lo, 10, 25, NULL, 0), 0, EPS);
}

static void test_deduction(void **state) {
  (void)state;
  char why[512];
  const char *it = ITEM("deduction", 10, ", \"target\": 100, \"unit\": 5, \"points\": 2");
  assert_float_equal(points(it, 10, 88, why, sizeof why), 6, EPS); /* 12 short: 2 whole units × 2 */
  assert_string_equal(why, "deduction: 88 is 12 short of 100: 2 whole units × 2 points off 10 = 6.00");
  assert_float_equal(points(it, 10, 100, NULL, 0), 10, EPS);
  assert_float_equal(points(it, 10, 85, NULL, 0), 4, EPS); /* exactly 3 units */
  assert_float_equal(points(it, 10, 0, NULL, 0), 0, EPS); /* not below zero */
  const char *cont = ITEM("deduction", 10, ", \"target\": 100, \"unit\": 5, \"points\": 2, \"whole\": false");
  assert_float_equal(points(cont, 10, 88, NULL, 0), 5.2, EPS);
  const char *lo = LOWER("deduction", 10, ", \"target\": 3, \"points\": 1");
  assert_float_equal(points(lo, 10, 5, NULL, 0), 8, EPS); /* two units over */
}

static void test_proportional(void **state) {
  (void)state;
  assert_float_equal(points(ITEM("proportional", 10, ""), 10, 92, NULL, 0), 9.2, EPS);
  assert_float_equal(points(ITEM("proportional", 10, ""), 10, 120, NULL, 0), 10, EPS);
  assert_float_equal(points(ITEM("proportional", 10, ""), 10, -5, NULL, 0), 0, EPS);
  assert_float_equal(points(ITEM("proportional", 10, ", \"zero\": 50, \"full\": 100"), 10, 80, NULL, 0), 6, EPS);
  assert_float_equal(points(LOWER("proportional", 10, ""), 10, 30, NULL, 0), 7, EPS);
}

static void test_bands(void **state) {
  (void)state;
  char why[512];
  const char *it = ITEM("bands", 10, ", \"bands\": [{\"min\": 90, \"points\": 10}, {\"min\": 80, \"points\": 6}, "
                                     "{\"min\": 60, \"points\": 3}]");
  assert_float_equal(points(it, 10, 85, why, sizeof why), 6, EPS);
  assert_string_equal(why, "bands: 85 >= 80: 6 points");
  assert_float_equal(points(it, 10, 90, NULL, 0), 10, EPS); /* on the boundary */
  assert_float_equal(points(it, 10, 60, NULL, 0), 3, EPS);
  assert_float_equal(points(it, 10, 59.9, NULL, 0), 0, EPS);
  const char *lo = LOWER("bands", 10, ", \"bands\": [{\"max\": 5, \"points\": 10}, {\"max\": 10, \"points\": 5}]");
  assert_float_equal(points(lo, 10, 5, NULL, 0), 10, EPS);
  assert_float_equal(points(lo, 10, 7, NULL, 0), 5, EPS);
  assert_float_equal(points(lo, 10, 11, NULL, 0), 0, EPS);
}

static void test_levels(void **state) {
  (void)state;
  char why[512];
  const char *it = ITEM("levels", 4, ", \"levels\": [{\"name\": \"完成\", \"points\": 4}, {\"name\": \"基本完成\", "
                                    "\"points\": 2}, {\"name\": \"未完成\", \"points\": 0}]");
  assert_float_equal(points(it, 4, 0, NULL, 0), 4, EPS);
  assert_float_equal(points(it, 4, 1, why, sizeof why), 2, EPS);
  assert_string_equal(why, "levels: level 1 '基本完成': 2 points");
  assert_float_equal(points(it, 4, 2, NULL, 0), 0, EPS);
  assert_float_equal(points(it, 4, 3, why, sizeof why), 0, EPS);
  assert_non_null(strstr(why, "is not a level"));
  assert_float_equal(points(it, 4, 0.5, NULL, 0), 0, EPS);
}

static void test_veto(void **state) {
  (void)state;
  const char *veto = "{\"id\": \"v\", \"indicator\": \"a\", \"method\": \"veto\", "
                     "\"condition\": {\"op\": \">=\", \"value\": 1}}";
  char item[512];
  snprintf(item, sizeof item, "%s, %s", veto, ITEM("proportional", 40, ""));
  ygt_scorecard *c = load_card(item, 40, "");
  ygt_score *s = NULL;
  /* a = 1: the veto holds, 40 × 1 % = 0.4 points are capped at 0 */
  ygt_indicator_values *v = values_with(1);
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  assert_int_equal(ygt_score_vetoed(s), 1);
  assert_float_equal(ygt_score_total(s), 0, EPS);
  assert_string_equal(ygt_score_grade(s), "不合格");
  assert_string_equal(ygt_score_item_reason(s, 0), "veto: 1 >= 1 holds: the total is capped");
  double d;
  assert_int_equal(ygt_score_dimension_points(&d, s, 0), 0);
  assert_float_equal(d, 0.4, EPS); /* dimension points are before the cap */
  ygt_score_free(s);
  ygt_indicator_values_free(v);
  /* a = 0.5: no veto */
  v = values_with(0.5);
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  assert_int_equal(ygt_score_vetoed(s), 0);
  assert_float_equal(ygt_score_total(s), 0.2, EPS);
  ygt_score_free(s);
  ygt_indicator_values_free(v);
  ygt_scorecard_free(c);
  /* a cap of 59 */
  snprintf(item, sizeof item, "{\"id\": \"v\", \"indicator\": \"a\", \"method\": \"veto\", \"cap\": 59, "
                              "\"condition\": {\"op\": \">\", \"value\": 50}}, %s", ITEM("proportional", 40, ""));
  c = load_card(item, 40, "");
  v = values_with(100);
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  assert_float_equal(ygt_score_total(s), 40, EPS); /* under the cap */
  ygt_score_free(s);
  ygt_indicator_values_free(v);
  ygt_scorecard_free(c);
}

static void test_missing_values(void **state) {
  (void)state;
  char why[512];
  /* z's denominator is zero: no points, and the reason says why */
  assert_float_equal(points("{\"indicator\": \"z\", \"weight\": 10, \"method\": \"proportional\"}", 10, 50, why,
                            sizeof why), 0, EPS);
  assert_string_equal(why, "proportional: no value (zero_denominator): 0 points");
}

/* Values of a (given) without the input f. */
static ygt_indicator_values *values_without_f(double a) {
  ygt_encounters *e = NULL;
  ygt_score_inputs *in = NULL;
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_encounters_new(&e), 0);
  assert_int_equal(ygt_score_inputs_new(&in), 0);
  assert_int_equal(ygt_score_inputs_set(in, "a", YGT_SCOPE_COUNTY, 0, 2023, a), 0);
  assert_int_equal(ygt_indicator_values_compute(&v, R, M, e, in, 2023, 2022), 0);
  ygt_score_inputs_free(in);
  ygt_encounters_free(e);
  return v;
}

/* An item missing its external input is not scored: it leaves the full mark and the points of the scored
 * items are converted to 100 (缺项按比例折算), instead of the item counting as 0. */
static void test_not_scored(void **state) {
  (void)state;
  ygt_scorecard *c = load_card(ITEM("linear", 40, ", \"target\": 65, \"floor\": 50"), 40, "");
  ygt_indicator_values *v = values_without_f(59);
  ygt_score *s = NULL;
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  double value, pts;
  assert_int_equal(ygt_score_item(&value, &pts, s, 0), YGT_VALUE_OK);
  assert_float_equal(pts, 24, EPS); /* 40 × (59 − 50) / 15 */
  assert_int_equal(ygt_score_item(&value, &pts, s, 1), YGT_VALUE_MISSING_INPUT);
  assert_float_equal(pts, 0, 0);
  assert_string_equal(ygt_score_item_reason(s, 1), "not scored: input missing; left out of the full mark");
  assert_float_equal(ygt_score_scored_weight(s), 40, EPS);
  assert_float_equal(ygt_score_total(s), 60, EPS); /* 24 of 40 scored points, not 24 of 100 */
  assert_string_equal(ygt_score_grade(s), "合格");
  assert_string_equal(ygt_score_line(s, 1), "items of 40 of 100 points scored (the rest miss an input): total converted to 100");
  ygt_score_free(s);
  ygt_indicator_values_free(v);
  /* every input given: nothing converted */
  v = values_with(59);
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  assert_float_equal(ygt_score_scored_weight(s), 100, EPS);
  assert_float_equal(ygt_score_total(s), 24, EPS);
  ygt_score_free(s);
  ygt_indicator_values_free(v);
  assert_true(isnan(ygt_score_scored_weight(NULL)));
  ygt_scorecard_free(c);
}

static void test_grades_and_explanation(void **state) {
  (void)state;
  ygt_scorecard *c = load_card(ITEM("linear", 100, ", \"target\": 65, \"floor\": 50"), 100, "");
  assert_string_equal(ygt_scorecard_grade(c, 90), "优秀");
  assert_string_equal(ygt_scorecard_grade(c, 89.99), "合格");
  assert_string_equal(ygt_scorecard_grade(c, 60), "合格");
  assert_string_equal(ygt_scorecard_grade(c, 0), "不合格");
  assert_null(ygt_scorecard_grade(c, NAN));
  assert_string_equal(ygt_scorecard_name(c), "测试");
  assert_int_equal(ygt_scorecard_dimension_count(c), 1);
  assert_string_equal(ygt_scorecard_dimension_name(c, 0), "维度");
  assert_int_equal(ygt_scorecard_item_count(c), 2);
  int32_t dim, ind;
  int method;
  double w;
  assert_int_equal(ygt_scorecard_item(&dim, &ind, &method, &w, c, 0), 0);
  assert_int_equal(dim, 0);
  assert_int_equal(ind, 0);
  assert_int_equal(method, YGT_METHOD_LINEAR);
  assert_float_equal(w, 100, 0);
  assert_int_equal(ygt_scorecard_item(NULL, NULL, NULL, NULL, c, 2), YGT_EINVAL);
  ygt_indicator_values *v = values_with(59);
  ygt_score *s = NULL;
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  assert_float_equal(ygt_score_total(s), 60, EPS);
  assert_int_equal(ygt_score_line_count(s), 4);
  assert_string_equal(ygt_score_line(s, 0), "测试 — county 测试县: 60.00 points, grade 合格");
  assert_string_equal(ygt_score_line(s, 1), "维度: 60.00 / 100");
  assert_string_equal(ygt_score_line(s, 2),
                      "  a 甲 = 59 %; linear: (59 − 50) / (65 − 50) × 100 = 60.00; weight 100: 60.00");
  assert_null(ygt_score_line(s, 4));
  double value, pts;
  assert_int_equal(ygt_score_item(&value, &pts, s, 0), YGT_VALUE_OK);
  assert_float_equal(value, 59, 0);
  assert_int_equal(ygt_score_item(NULL, NULL, s, 5), YGT_EINVAL);
  ygt_score_free(s);
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COMMUNITY, 2), YGT_EINVAL);
  assert_null(s);
  ygt_indicator_values_free(v);
  ygt_scorecard_free(c);
}

/* ---- money ------------------------------------------------------------------------ */

static void test_money(void **state) {
  (void)state;
  const char *money = ", \"money\": {\"quality_fund\": {\"withhold\": 0.03, \"s_min\": 60, \"s_full\": 90},"
                      " \"surplus_multiplier\": [{\"min\": 90, \"multiplier\": 1.0}, {\"min\": 75, \"multiplier\": 0.8},"
                      " {\"min\": 0, \"multiplier\": 0.5}],"
                      " \"dip_coefficient\": [{\"min\": 85, \"coefficient\": 1.02}, {\"min\": 0, \"coefficient\": 0.97}]}";
  ygt_scorecard *c = load_card(ITEM("proportional", 100, ""), 100, money);
  double r;
  assert_int_equal(ygt_scorecard_release_ratio(&r, c, 95), 0);
  assert_float_equal(r, 1, 0);
  assert_int_equal(ygt_scorecard_release_ratio(&r, c, 90), 0); /* S_full exactly */
  assert_float_equal(r, 1, 0);
  assert_int_equal(ygt_scorecard_release_ratio(&r, c, 75), 0);
  assert_float_equal(r, 0.5, EPS);
  assert_int_equal(ygt_scorecard_release_ratio(&r, c, 60), 0); /* S_min exactly: nothing yet */
  assert_float_equal(r, 0, 0);
  assert_int_equal(ygt_scorecard_release_ratio(&r, c, 59.9), 0);
  assert_float_equal(r, 0, 0);
  assert_int_equal(ygt_scorecard_release_ratio(&r, c, NAN), YGT_EINVAL);
  int64_t fen;
  assert_int_equal(ygt_scorecard_withheld_fen(&fen, c, 1000000), 0);
  assert_int_equal(fen, 30000);
  assert_int_equal(ygt_scorecard_release_fen(&fen, c, 70, 30001), 0); /* 30001 / 3 = 10000.33 */
  assert_int_equal(fen, 10000);
  assert_int_equal(ygt_scorecard_release_fen(&fen, c, 69, 5), 0); /* 5 × 0.3 = 1.5 → 2 */
  assert_int_equal(fen, 2);
  assert_int_equal(ygt_scorecard_release_fen(&fen, c, 69, -5), 0); /* half away from zero */
  assert_int_equal(fen, -2);
  assert_int_equal(ygt_scorecard_surplus_multiplier(&r, c, 80), 0);
  assert_float_equal(r, 0.8, 0);
  assert_int_equal(ygt_scorecard_surplus_multiplier(&r, c, 90), 0);
  assert_float_equal(r, 1.0, 0);
  assert_int_equal(ygt_scorecard_surplus_fen(&fen, c, 50, 1234567), 0);
  assert_int_equal(fen, 617284); /* 617283.5 → 617284 */
  assert_int_equal(ygt_scorecard_dip_coefficient(&r, c, 85), 0);
  assert_float_equal(r, 1.02, 0);
  assert_int_equal(ygt_scorecard_dip_coefficient(&r, c, 84), 0);
  assert_float_equal(r, 0.97, 0);
  assert_int_equal(ygt_scorecard_release_fen(&fen, c, 95, INT64_MAX), YGT_EOVERFLOW);
  assert_int_equal(ygt_scorecard_dip_coefficient(NULL, c, 85), YGT_EINVAL);
  ygt_scorecard_free(c);
  /* defaults: 10 % withheld, released from 60 to 90, multipliers 1 */
  c = load_card(ITEM("proportional", 100, ""), 100, "");
  assert_int_equal(ygt_scorecard_withheld_fen(&fen, c, 1000000), 0);
  assert_int_equal(fen, 100000);
  assert_int_equal(ygt_scorecard_release_ratio(&r, c, 81), 0);
  assert_float_equal(r, 0.7, EPS);
  assert_int_equal(ygt_scorecard_surplus_multiplier(&r, c, 10), 0);
  assert_float_equal(r, 1, 0);
  assert_int_equal(ygt_scorecard_dip_coefficient(&r, c, 10), 0);
  assert_float_equal(r, 1, 0);
  ygt_scorecard_free(c);
}

/* ---- malformed scorecards ---------------------------------------------------------- */

typedef struct bad_card {
  const char *text; /* a whole file, or an item (starting with '{"i') put into the template */
  double weight;
  const char *extra;
  int code;
  const char *field;
  const char *fragment;
} bad_card;

static void test_malformed_cards(void **state) {
  (void)state;
  static const bad_card cases[] = {
    {ITEM("proportional", 10, ""), 20, "", YGT_EVALIDATE, "dimensions", "sum to 90, not 100"},
    {"{\"indicator\": \"nope\", \"weight\": 10, \"method\": \"linear\"}", 10, "", YGT_ENOTFOUND,
     "dimensions[0].items[0].indicator", "unknown indicator 'nope'"},
    {ITEM("magic", 10, ""), 10, "", YGT_ENOTFOUND, "dimensions[0].items[0].method", "unknown scoring method"},
    {ITEM("bands", 10, ", \"bands\": [{\"min\": 80, \"points\": 6}, {\"min\": 90, \"points\": 10}]"), 10, "",
     YGT_EVALIDATE, "dimensions[0].items[0].bands[1]", "ordered"},
    {ITEM("bands", 10, ", \"bands\": [{\"min\": 80, \"points\": 6}, {\"min\": 80, \"points\": 3}]"), 10, "",
     YGT_EVALIDATE, "dimensions[0].items[0].bands[1]", "without overlap"},
    {ITEM("bands", 10, ", \"bands\": [{\"min\": 80, \"points\": 6}, {\"max\": 10, \"points\": 3}]"), 10, "",
     YGT_EVALIDATE, "dimensions[0].items[0].bands[1]", "mix"},
    {ITEM("bands", 10, ", \"bands\": [{\"min\": 80, \"points\": 12}]"), 10, "", YGT_EVALIDATE,
     "dimensions[0].items[0].bands[0]", "outside [0, weight 10]"},
    {ITEM("bands", 10, ", \"bands\": []"), 10, "", YGT_EPARSE, "dimensions[0].items[0].bands", "non-empty"},
    {"{\"indicator\": \"a\", \"method\": \"veto\"}", 0, "", YGT_EVALIDATE, "dimensions[0].items[0].condition",
     "needs a condition"},
    {"{\"indicator\": \"a\", \"weight\": 5, \"method\": \"veto\", \"condition\": {\"op\": \">\", \"value\": 1}}", 5,
     "", YGT_EVALIDATE, "dimensions[0].items[0].weight", "no weight"},
    {"{\"indicator\": \"a\", \"method\": \"veto\", \"condition\": {\"op\": \"=>\", \"value\": 1}}", 0, "",
     YGT_ENOTFOUND, "dimensions[0].items[0].condition.op", "unknown operator"},
    {ITEM("linear", 10, ", \"target\": 65"), 10, "", YGT_EVALIDATE, "dimensions[0].items[0].floor", "required"},
    {ITEM("linear", 10, ", \"target\": 65, \"floor\": 70"), 10, "", YGT_EVALIDATE, "dimensions[0].items[0].floor",
     "below the target"},
    {LOWER("attainment", 10, ""), 10, "", YGT_EVALIDATE, "dimensions[0].items[0].target", "required"},
    {ITEM("attainment", 10, ", \"target\": 0"), 10, "", YGT_EVALIDATE, "dimensions[0].items[0].target", "> 0"},
    {ITEM("deduction", 10, ", \"target\": 5"), 10, "", YGT_EPARSE, "dimensions[0].items[0].points", "missing"},
    {ITEM("deduction", 10, ", \"target\": 5, \"points\": 0"), 10, "", YGT_EVALIDATE, "dimensions[0].items[0].points",
     "> 0"},
    {ITEM("proportional", 10, ", \"zero\": 5, \"full\": 5"), 10, "", YGT_EVALIDATE, "dimensions[0].items[0].full",
     "differ"},
    {ITEM("levels", 4, ", \"levels\": [{\"name\": \"x\", \"points\": 4}, {\"name\": \"x\", \"points\": 0}]"), 4, "",
     YGT_EEXISTS, "dimensions[0].items[0].levels[1]", "given twice"},
    {ITEM("proportional", 10, ", \"colour\": 1"), 10, "", YGT_EPARSE, "dimensions[0].items[0].colour", "unknown key"},
    {"{\"indicator\": \"a\", \"weight\": \"ten\", \"method\": \"proportional\"}", 10, "", YGT_EPARSE,
     "dimensions[0].items[0].weight", "must be a number"},
    {"{\"id\": \"fill\", \"indicator\": \"a\", \"weight\": 10, \"method\": \"proportional\"}", 10, "", YGT_EEXISTS,
     "dimensions[0].items[1]", "used twice"},
    {ITEM("proportional", 10, ""), 10, ", \"money\": {\"quality_fund\": {\"s_min\": 90, \"s_full\": 60}}",
     YGT_EVALIDATE, "money.quality_fund.s_full", "s_min < s_full"},
    {ITEM("proportional", 10, ""), 10, ", \"money\": {\"surplus_multiplier\": [{\"min\": 50, \"multiplier\": 1}]}",
     YGT_EVALIDATE, "money.surplus_multiplier[0].min", "start at 0"},
    {ITEM("proportional", 10, ""), 10,
     ", \"money\": {\"dip_coefficient\": [{\"min\": 0, \"coefficient\": 1}, {\"min\": 50, \"coefficient\": 1}]}",
     YGT_EVALIDATE, "money.dip_coefficient[1]", "decreasing"},
    {ITEM("proportional", 10, ""), 10, ", \"money\": {\"bonus\": 1}", YGT_EPARSE, "money.bonus", "unknown key"},
    {"{\"format\": \"yigongti.scorecard\", \"name\": \"x\", \"dimensions\": [{\"name\": \"d\", \"items\": "
     "[{\"indicator\": \"a\", \"weight\": 100, \"method\": \"proportional\"}]}], \"grades\": [{\"name\": \"A\", "
     "\"min\": 50}, {\"name\": \"B\", \"min\": 60}, {\"name\": \"C\", \"min\": 0}]}",
     0, NULL, YGT_EVALIDATE, "grades[1]", "strictly decreasing"},
    {"{\"format\": \"yigongti.scorecard\", \"name\": \"x\", \"dimensions\": [{\"name\": \"d\", \"items\": "
     "[{\"indicator\": \"a\", \"weight\": 100, \"method\": \"proportional\"}]}], \"grades\": [{\"name\": \"A\", "
     "\"min\": 50}]}",
     0, NULL, YGT_EVALIDATE, "grades[0].min", "start at 0"},
    {"{\"format\": \"yigongti.scorecard\", \"name\": \"x\", \"dimensions\": [{\"name\": \"d\", \"weight\": 90, "
     "\"items\": [{\"indicator\": \"a\", \"weight\": 100, \"method\": \"proportional\"}]}], \"grades\": "
     "[{\"name\": \"A\", \"min\": 0}]}",
     0, NULL, YGT_EVALIDATE, "dimensions[0].weight", "differs"},
    {"{\"name\": \"x\"}", 0, NULL, YGT_EPARSE, "format", "missing"},
    {"{\"format\": \"yigongti.model\", \"name\": \"x\"}", 0, NULL, YGT_EUNSUPPORTED, "format", "is not"},
    {"{\"format\": \"yigongti.scorecard\", \"version\": 2, \"name\": \"x\"}", 0, NULL, YGT_EUNSUPPORTED, "version",
     "not supported"},
    {"{\"format\": \"yigongti.scorecard\", \"name\": \"x\", \"dimensions\": []}", 0, NULL, YGT_EPARSE, "dimensions",
     "non-empty"},
    {"{\"format\": \"yigongti.scorecard\",\n \"name\": \"x\",,}", 0, NULL, YGT_EPARSE, "", ""},
    {"[1, 2]", 0, NULL, YGT_EPARSE, "", "top level"},
  };
  size_t base = ygt_allocated_blocks();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char text[4096], path[256];
    const char *body = cases[k].extra ? card_text(text, sizeof text, cases[k].text, cases[k].weight, cases[k].extra)
                                      : cases[k].text;
    assert_non_null(testutil_write_temp(path, sizeof path, ".json", body));
    ygt_scorecard *c = (ygt_scorecard *)&k;
    int rc = ygt_scorecard_load(&c, R, path);
    const ygt_error *err = ygt_error_last();
    if (rc != cases[k].code || strcmp(err->field, cases[k].field) != 0 || !strstr(err->message, cases[k].fragment))
      fail_msg("case %zu: rc %d, field '%s', message '%s'", k, rc, err->field, err->message);
    assert_null(c);
    assert_string_equal(err->source, path);
    unlink(path);
    assert_int_equal(ygt_allocated_blocks(), base); /* nothing leaked */
  }
  ygt_scorecard *c = NULL;
  assert_int_equal(ygt_scorecard_load(&c, R, "/nonexistent/scorecard.json"), YGT_EIO);
  assert_int_equal(ygt_scorecard_load(&c, NULL, "x"), YGT_EINVAL);
}

/* ---- the seed bundles ---------------------------------------------------------------------- */

static void score_bundle(const char *bundle, int32_t period, int32_t previous, double *total, char *grade,
                         size_t cap) {
  char dir[512], path[600];
  snprintf(dir, sizeof dir, "%s/examples/data/%s", SOURCE_ROOT, bundle);
  ygt_model *m = NULL;
  ygt_indicators *r = NULL;
  ygt_scorecard *c = NULL;
  ygt_encounters *e = NULL;
  ygt_score_inputs *in = NULL;
  ygt_indicator_values *v = NULL;
  ygt_score *s = NULL;
  assert_int_equal(ygt_model_load(&m, dir), 0);
  assert_int_equal(ygt_indicators_defaults(&r), 0);
  if (ygt_scorecard_load(&c, r, dir)) fail_msg("%s", ygt_error_last()->message);
  snprintf(path, sizeof path, "%s/encounters.tsv", dir);
  if (access(path, R_OK) == 0) assert_int_equal(ygt_encounters_load(&e, m, path), 0);
  else assert_int_equal(ygt_encounters_new(&e), 0);
  assert_int_equal(ygt_score_inputs_new(&in), 0);
  snprintf(path, sizeof path, "%s/inputs.tsv", dir);
  if (access(path, R_OK) == 0 && ygt_score_inputs_load(in, m, path)) fail_msg("%s", ygt_error_last()->message);
  assert_int_equal(ygt_indicator_values_compute(&v, r, m, e, in, period, previous), 0);
  assert_int_equal(ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0), 0);
  *total = ygt_score_total(s);
  snprintf(grade, cap, "%s", ygt_score_grade(s));
  ygt_score_free(s);
  ygt_indicator_values_free(v);
  ygt_score_inputs_free(in);
  ygt_encounters_free(e);
  ygt_scorecard_free(c);
  ygt_indicators_free(r);
  ygt_model_free(m);
}

static void test_bundles(void **state) {
  (void)state;
  double total;
  char grade[64];
  score_bundle("ninghai", 2023, 2022, &total, grade, sizeof grade);
  assert_true(total >= 0 && total <= 100);
  score_bundle("zhuhai", 2023, 2022, &total, grade, sizeof grade);
  assert_true(total >= 0 && total <= 100);
  score_bundle("chunan", 2018, 2017, &total, grade, sizeof grade);
  assert_true(total >= 0 && total <= 100);
  score_bundle("linxiang", 2023, 2022, &total, grade, sizeof grade);
  assert_true(total >= 0 && total <= 100);
}

static void test_out_of_memory(void **state) {
  (void)state;
  char text[4096], path[256];
  const char *item = ITEM("levels", 4, ", \"levels\": [{\"name\": \"完成\", \"points\": 4}, {\"name\": \"未完成\", "
                                      "\"points\": 0}]");
  assert_non_null(testutil_write_temp(path, sizeof path, ".json",
                                      card_text(text, sizeof text, item, 4, ", \"money\": {\"surplus_multiplier\": "
                                                "[{\"min\": 0, \"multiplier\": 1}]}")));
  char rpath[256];
  assert_non_null(testutil_write_temp(rpath, sizeof rpath, ".tsv", REGISTRY));
  teardown(NULL);
  testutil_failing f;
  for (long k = 1; k < 200; k++) {
    assert_int_equal(testutil_fail_install(&f, k), 0);
    ygt_indicators *r = NULL;
    ygt_scorecard *c = NULL;
    ygt_score *s = NULL;
    ygt_indicator_values *v = NULL;
    ygt_model *m = NULL;
    ygt_encounters *e = NULL;
    int rc = ygt_indicators_load(&r, rpath);
    if (!rc) rc = ygt_scorecard_load(&c, r, path);
    if (!rc) {
      long at = f.fail_at;
      f.fail_at = 0;
      m = fixture_model();
      assert_int_equal(ygt_encounters_new(&e), 0);
      assert_int_equal(ygt_indicator_values_compute(&v, r, m, e, NULL, 2023, 2022), 0);
      f.fail_at = at;
      rc = ygt_scorecard_score(&s, c, v, YGT_SCOPE_COUNTY, 0);
    }
    if (rc && rc != YGT_ENOMEM) fail_msg("allocation %ld: rc %d: %s", k, rc, ygt_error_last()->message);
    ygt_score_free(s);
    ygt_indicator_values_free(v);
    ygt_encounters_free(e);
    ygt_model_free(m);
    ygt_scorecard_free(c);
    ygt_indicators_free(r);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), 0);
    if (!rc) break;
  }
  assert_true(f.fail_at > 10); /* the loop ran until everything succeeded */
  unlink(path);
  unlink(rpath);
  setup(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_attainment),
    cmocka_unit_test(test_linear),
    cmocka_unit_test(test_deduction),
    cmocka_unit_test(test_proportional),
    cmocka_unit_test(test_bands),
    cmocka_unit_test(test_levels),
    cmocka_unit_test(test_veto),
    cmocka_unit_test(test_missing_values),
    cmocka_unit_test(test_not_scored),
    cmocka_unit_test(test_grades_and_explanation),
    cmocka_unit_test(test_money),
    cmocka_unit_test(test_malformed_cards),
    cmocka_unit_test(test_bundles),
    cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
