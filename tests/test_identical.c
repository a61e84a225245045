/* The fast batch paths give bit-identical results to the reference paths
 * they replace: every row's outputs and every accumulator cell, over random
 * batches that reach every status, reason and fallback (invalid rows,
 * unknown codes, deviations, extreme costs, day surgery, auxiliary bands,
 * grassroots groups).  The reference runs in the same test, so nothing here
 * is a hard-coded figure. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "yigongti.h"
#include "dip_fixture.h"
#include "dip_internal.h"
#include "points_internal.h"
#include "referral_internal.h"
#include "dip_match_cache.h"
#include "settle_avx512.h"
#include "shared_data.h"
#include "bundle_rules.h"

#define NROWS 70000 /* past a block of pending sums (src/accum_pending.h) */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 11) % n;
}

static const char *const dx_pool[] = {"I63.900", "I63.901", "K80.100", "K80.101", "J18.900", "E11.900",
                                      "I10.x00", "N18.500", "K80.200", "Z99.999"};
static const char *const proc_pool[] = {"51.2300", "51.2200", "88.7100", "99.0400", "00.6600", "39.6500"};

static void add_codes(ygt_cases *c, size_t r, int col, const char *const *pool, size_t npool, uint32_t max) {
  for (uint32_t k = rnd(max + 1); k > 0; k--) assert_int_equal(ygt_cases_add_code(c, r, col, pool[rnd((uint32_t)npool)]), 0);
}

/* One random row: mostly plain cases, every field sometimes odd. */
static void add_row(ygt_cases *c) {
  size_t r;
  assert_int_equal(ygt_cases_append(c, &r), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_INSTITUTION, rnd(20) ? (int32_t)rnd(2) : 7), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_INSURANCE, rnd(30) ? (int32_t)rnd(2) : -1), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_DISCHARGE_DATE, rnd(40) ? 20240101 + 100 * (int32_t)rnd(12) : 20241301), 0);
  if (rnd(50)) assert_int_equal(ygt_cases_set_code(c, r, YGT_CASE_PDX, dx_pool[rnd(10)]), 0);
  add_codes(c, r, YGT_CASE_SDX, dx_pool, 9, 4);
  add_codes(c, r, YGT_CASE_PROCS, proc_pool, 6, 3);
  int64_t cost = rnd(50) ? 100000 + (int64_t)rnd(4000000) : (int64_t)rnd(100000000);
  assert_int_equal(ygt_cases_set_int64(c, r, YGT_CASE_TOTAL_COST, cost), 0);
  if (rnd(4)) assert_int_equal(ygt_cases_set_int64(c, r, YGT_CASE_SELF_PAID, cost / (2 + rnd(8))), 0);
  else if (rnd(2)) assert_int_equal(ygt_cases_set_int64(c, r, YGT_CASE_FUND_PAID, cost / 2), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_AGE_YEARS, (int32_t)rnd(100)), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_DAY_SURGERY, rnd(40) == 0), 0);
  if (rnd(3) == 0) assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_LOS_DAYS, (int32_t)rnd(100)), 0);
}

typedef struct outputs {
  int32_t group[NROWS];
  int8_t status[NROWS], reason[NROWS];
  int64_t units[NROWS], amount[NROWS], fund[NROWS];
} outputs;

/* Scores rows [0, n) and prices them, by the batch paths or the references. */
static void settle(outputs *o, ygt_settle_accum **acc, ygt_settle_accum **ledger, const fixture *f,
                   const ygt_cases *c, size_t n, int reference) {
  assert_int_equal(ygt_settle_accum_new(acc, 2), 0);
  assert_int_equal(ygt_settle_accum_new(ledger, 2), 0);
  int rc = reference ? ygt__dip_score_reference(*acc, o->group, o->status, o->reason, o->units, f->engine, c, 0, n)
                     : ygt_dip_score(*acc, o->group, o->status, o->reason, o->units, f->engine, c, 0, n);
  assert_int_equal(rc, 0);
  ygt_settle_values *v;
  assert_int_equal(ygt_settle_finalise(&v, *acc, f->params), 0);
  rc = (reference ? ygt__settle_price_reference : ygt_settle_price)(*ledger, o->amount, o->fund, v, c, o->status,
                                                                    o->units, 0, n);
  assert_int_equal(rc, 0);
  ygt_settle_values_free(v);
}

static void assert_same_cells(const ygt_settle_accum *a, const ygt_settle_accum *b) {
  size_t n = (a->ninst + 1) * YGT__NINS_SLOT * YGT__NMONTH * YGT__NFIELD;
  assert_memory_equal(a->cells, b->cells, n * sizeof *a->cells);
}

/* The fixture's parameters with one more member (`"name": value`). */
static char *params_with(const char *member) {
  static char text[sizeof fixture_params + 64];
  const char *at = strstr(fixture_params, "  \"prepay_ratio\"");
  snprintf(text, sizeof text, "%.*s  %s,\n%s", (int)(at - fixture_params), fixture_params, member, at);
  return text;
}

static void dip_batch_equals_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, params_with("\"max_los_days\": 60")) /* rows are excluded too */, 0);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), 0);
  for (int i = 0; i < NROWS; i++) add_row(c);
  static outputs fast, ref;
  ygt_settle_accum *acc[2], *ledger[2];
  settle(&fast, &acc[0], &ledger[0], &f, c, NROWS, 0);
  settle(&ref, &acc[1], &ledger[1], &f, c, NROWS, 1);
  assert_memory_equal(&fast, &ref, sizeof fast);
  assert_same_cells(acc[0], acc[1]);
  assert_same_cells(ledger[0], ledger[1]);
  /* every path was taken: the check could fail */
  int seen_status[4] = {0}, seen_reason[32] = {0};
  for (int i = 0; i < NROWS; i++) seen_status[fast.status[i]]++, seen_reason[fast.reason[i]]++;
  for (int st = 0; st < 4; st++) assert_true(seen_status[st] > 0);
  int reasons[] = {YGT_REASON_NONE, YGT_REASON_LOW_COST, YGT_REASON_HIGH_COST, YGT_REASON_EXTREME_COST,
                   YGT_REASON_DAY_SURGERY, YGT_REASON_UNMATCHED, YGT_REASON_NO_PDX, YGT_REASON_NO_INSTITUTION};
  for (size_t k = 0; k < sizeof reasons / sizeof *reasons; k++) {
    if (!seen_reason[reasons[k]]) printf("reason %s never seen\n", ygt_settle_reason_name(reasons[k]));
    assert_true(seen_reason[reasons[k]] > 0);
  }
  for (int k = 0; k < 2; k++) ygt_settle_accum_free(acc[k]), ygt_settle_accum_free(ledger[k]);
  ygt_cases_free(c);
  fixture_close(&f);
}

/* A point table: complete / low / high stays in every base-point band, a
 * per-diem group, a readmission-exempt one, one whose points lie on a half. */
static const char points_table[] = "group_code|base_points|mean_cost|per_diem_points|readmit_exempt\n"
                                   "P1|100|10000||\nP2|250|25000||1\nP3|40|5000||\nP4|0|0|30|\n"
                                   "P5|350|12000||\nP6|12.3456785|8000||\n";
#define NPGROUPS 6

typedef struct points_out {
  int8_t status[NROWS], reason[NROWS];
  int64_t units[NROWS], amount[NROWS], fund[NROWS];
} points_out;

typedef struct points_in {
  ygt_points *p;
  const ygt_model *m;
  const ygt_cases *c;
  int32_t group[NROWS];
  uint8_t earlier[NROWS];
  int64_t counts[NPGROUPS];
} points_in;

/* Scores and prices every row by the batch paths or the references. */
static void points_settle(points_out *o, ygt_settle_accum *acc[2], const points_in *in, int reference) {
  assert_int_equal(ygt_settle_accum_new(&acc[0], 2), 0);
  assert_int_equal(ygt_settle_accum_new(&acc[1], 2), 0);
  int rc = (reference ? ygt__points_score_reference : ygt_points_score)(acc[0], o->status, o->reason, o->units, in->p,
                                                                       in->m, in->c, in->group, in->earlier,
                                                                       in->counts, 0, NROWS);
  assert_int_equal(rc, 0);
  ygt_settle_values *v;
  assert_int_equal(ygt_points_finalise(&v, acc[0], in->p), 0);
  rc = (reference ? ygt__settle_price_reference : ygt_settle_price)(acc[1], o->amount, o->fund, v, in->c, o->status,
                                                                    o->units, 0, NROWS);
  assert_int_equal(rc, 0);
  ygt_settle_values_free(v);
}

/* Batch and reference agree on every output and cell; returns the reasons seen. */
static void points_compare(const points_in *in, int *seen_reason) {
  static points_out fast, ref;
  ygt_settle_accum *a[2], *b[2];
  points_settle(&fast, a, in, 0);
  points_settle(&ref, b, in, 1);
  assert_memory_equal(&fast, &ref, sizeof fast);
  assert_same_cells(a[0], b[0]);
  assert_same_cells(a[1], b[1]);
  for (int i = 0; i < NROWS; i++) seen_reason[fast.reason[i]]++;
  for (int k = 0; k < 2; k++) ygt_settle_accum_free(a[k]), ygt_settle_accum_free(b[k]);
}

/* The point table of points_table with coefficients for both institutions, into in->p. */
static void points_open(points_in *in) {
  char *text = fixture_tsv(points_table), path[256];
  assert_true(testutil_write_temp(path, sizeof path, ".tsv", text));
  free(text);
  assert_int_equal(ygt_points_load(&in->p, path), 0);
  unlink(path);
  const double inst_coef[] = {1.15, 0.85};
  assert_int_equal(ygt_points_set_level_coef(in->p, YGT_LEVEL_3A, 1.2), 0);
  assert_int_equal(ygt_points_set_level_coef(in->p, YGT_LEVEL_1, 0.8), 0);
  assert_int_equal(ygt_points_set_institution_coefs(in->p, inst_coef, 2), 0);
  for (int g = 0; g < NPGROUPS; g++) in->counts[g] = g == 2 ? 3 : 1000;
}

/* One random row with its leaving type, group and readmission mark as row i of in. */
static void add_points_row(points_in *in, ygt_cases *c, size_t i) {
  add_row(c);
  size_t r = ygt_cases_count(c) - 1;
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_LEAVING_TYPE, rnd(6) ? 1 : (int32_t)rnd(6)), 0);
  in->group[i] = rnd(40) ? (int32_t)rnd(NPGROUPS) : (int32_t)rnd(NPGROUPS + 3) - 1;
  in->earlier[i] = rnd(5) == 0;
}

static void points_batch_equals_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  static points_in in;
  points_open(&in);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), 0);
  for (size_t i = 0; i < NROWS; i++) add_points_row(&in, c, i);
  in.m = f.model, in.c = c;
  int seen[32] = {0};
  points_compare(&in, seen);
  /* the other variants: extra points × coefficient, low points capped at B × k, blended coefficients, area mean */
  double variant[][2] = {{YGT_POINTS_HIGH_VARIANT, 1}, {YGT_POINTS_LOW_CAP, 1}, {YGT_POINTS_COEF_MODE, 2},
                         {YGT_POINTS_AREA_MEAN_COST, 9000}};
  for (size_t k = 0; k < sizeof variant / sizeof *variant; k++) {
    assert_int_equal(ygt_points_set(in.p, (int)variant[k][0], variant[k][1]), 0);
    points_compare(&in, seen);
  }
  int reasons[] = {YGT_REASON_NONE, YGT_REASON_LOW_COST, YGT_REASON_HIGH_COST, YGT_REASON_INCOMPLETE,
                   YGT_REASON_PER_DIEM, YGT_REASON_READMISSION, YGT_REASON_SMALL_GROUP, YGT_REASON_UNMATCHED,
                   YGT_REASON_NO_INSTITUTION, YGT_REASON_NO_INSURANCE};
  for (size_t k = 0; k < sizeof reasons / sizeof *reasons; k++) {
    if (!seen[reasons[k]]) printf("reason %s never seen\n", ygt_settle_reason_name(reasons[k]));
    assert_true(seen[reasons[k]] > 0);
  }
  ygt_cases_free(c);
  ygt_points_free(in.p);
  fixture_close(&f);
}

/* Shuffles the NROWS row numbers of order. */
static void shuffle(size_t *order) {
  for (size_t i = NROWS - 1; i > 0; i--) {
    size_t j = rnd((uint32_t)i + 1), t = order[i];
    order[i] = order[j], order[j] = t;
  }
}

/* Row j of in and c is row order[j] of the seed: each row draws from its own state. */
static void points_rows(points_in *in, ygt_cases *c, uint64_t seed, const size_t *order) {
  for (size_t j = 0; j < NROWS; j++) {
    rng_state = ((seed << 32) ^ order[j]) * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    for (int k = 0; k < 4; k++) rnd(2);
    add_points_row(in, c, j);
  }
}

/* A new accumulator holding, when v is not 0, one OK case of v in every sum of (institution 0, employee, January). */
static ygt_settle_accum *preloaded(int64_t v) {
  ygt_settle_accum *a;
  assert_int_equal(ygt_settle_accum_new(&a, 2), 0);
  if (v) assert_int_equal(ygt_settle_accum_add(a, 0, 0, 1, YGT_SETTLE_OK, YGT_REASON_NONE, v, v, v, v, v), 0);
  return a;
}

/* Scores every row of in into acc and the outputs out: the reference (reference 1) in one call, the batch path in
 * three calls cut at cut[0] <= cut[1]. */
typedef int split_fn(void *out, ygt_settle_accum *acc, const void *in, int reference, const size_t cut[2]);

/* The batch path and the reference agree on the error, every output (fast and ref, `size` bytes) and every cell;
 * the batch's cells into keep. */
static int batch_same(split_fn *split, const void *in, void *fast, void *ref, size_t size, int64_t preload,
                      const size_t cut[2], ygt_settle_accum *keep) {
  memset(fast, 0, size), memset(ref, 0, size);
  ygt_settle_accum *a = preloaded(preload), *b = preloaded(preload);
  int rc = split(fast, a, in, 0, cut);
  assert_int_equal(rc, split(ref, b, in, 1, cut));
  assert_memory_equal(fast, ref, size);
  assert_same_cells(a, b);
  if (keep) memcpy(keep->cells, a->cells, (a->ninst + 1) * YGT__NINS_SLOT * YGT__NMONTH * YGT__NFIELD * sizeof *a->cells);
  ygt_settle_accum_free(a), ygt_settle_accum_free(b);
  return rc;
}

/* Scores every row into acc: the reference in one call, the batch path in three calls cut at cut[0] <= cut[1]. */
static int points_split(void *out, ygt_settle_accum *acc, const void *input, int reference, const size_t cut[2]) {
  points_out *o = out;
  const points_in *in = input;
  const size_t at[] = {0, cut[0], cut[1], NROWS};
  for (int k = reference ? 2 : 0; k < 3; k++) {
    size_t from = reference ? 0 : at[k];
    int rc = (reference ? ygt__points_score_reference : ygt_points_score)(acc, o->status, o->reason, o->units, in->p,
                                                                         in->m, in->c, in->group, in->earlier,
                                                                         in->counts, from, at[k + 1]);
    if (rc) return rc;
  }
  return YGT_OK;
}

/* The batch path and the reference agree on the error, every output and every cell; the batch's cells into keep. */
static int points_same(const points_in *in, int64_t preload, const size_t cut[2], ygt_settle_accum *keep) {
  static points_out fast, ref;
  return batch_same(points_split, in, &fast, &ref, sizeof fast, preload, cut, keep);
}

/* The first row from r on without a row problem made an OK case of group P1 at (institution 0, employee,
 * January) costing `cost`. */
static size_t set_points_case(points_in *in, ygt_cases *c, size_t r, int64_t cost) {
  while (c->flags && c->flags[r]) r++;
  const int cols[] = {YGT_CASE_INSTITUTION, YGT_CASE_INSURANCE, YGT_CASE_DISCHARGE_DATE, YGT_CASE_LEAVING_TYPE};
  const int32_t v[] = {0, 0, 20240115, 1};
  for (int k = 0; k < 4; k++) assert_int_equal(ygt_cases_set_int(c, r, cols[k], v[k]), 0);
  assert_int_equal(ygt_cases_set_int64(c, r, YGT_CASE_TOTAL_COST, cost), 0);
  in->group[r] = 0, in->earlier[r] = 0;
  return r;
}

/* The batches of one seed and order against the reference (see below); the plain batch's cells into keep. */
static void points_blocks_one(points_in *in, ygt_cases *c, ygt_settle_accum *keep) {
  size_t cut[2], whole[2] = {0, 0};
  cut[0] = rnd(NROWS / 2), cut[1] = cut[0] + 1 + rnd(2000); /* a large, a small and a large batch */
  assert_int_equal(points_same(in, 0, cut, keep), YGT_OK);
  assert_int_equal(points_same(in, (int64_t)1 << 61, whole, NULL), YGT_OK);     /* blocks on, near their bound */
  assert_int_equal(points_same(in, INT64_MAX - 1000, whole, NULL), YGT_EOVERFLOW); /* blocks off */
  set_points_case(in, c, 1000, (int64_t)1 << 47); /* score units beyond the blocks' bound: they stop there */
  assert_int_equal(points_same(in, 0, cut, NULL), YGT_OK);
  assert_int_equal(points_same(in, (int64_t)1 << 61, whole, NULL), YGT_OK);
  set_points_case(in, c, 50000, (int64_t)1 << 62); /* score units beyond int64: an error with blocks on */
  assert_int_equal(points_same(in, 0, whole, NULL), YGT_EOVERFLOW);
  /* a per-diem case (its points do not grow with its cost) whose cost takes a cell's total past int64 */
  in->group[set_points_case(in, c, 20000, (int64_t)3 << 61)] = 3;
  assert_int_equal(points_same(in, ((int64_t)1 << 62) - 1, whole, NULL), YGT_EOVERFLOW);
}

/* The batch path adds its sums in blocks of pending sums per cell (src/accum_pending.h): over three seeds, in
 * row order and shuffled, in one call and split into batches, past a block's 65,536 rows, with values beyond the
 * blocks' bound and on accumulators preloaded near int64's limits, it leaves the reference's error, outputs and
 * cells; and the shuffled rows leave the cells of the rows in order. */
static void points_blocks_equal_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  static points_in in;
  static size_t order[NROWS];
  points_open(&in);
  in.m = f.model;
  for (uint64_t seed = 1; seed <= 3; seed++) {
    ygt_settle_accum *cells[2] = {preloaded(0), preloaded(0)};
    for (size_t i = 0; i < NROWS; i++) order[i] = i;
    for (int shuffled = 0; shuffled < 2; shuffled++) {
      if (shuffled) shuffle(order);
      ygt_cases *c;
      assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), 0);
      points_rows(&in, c, seed, order);
      in.c = c;
      points_blocks_one(&in, c, cells[shuffled]);
      ygt_cases_free(c);
    }
    assert_same_cells(cells[0], cells[1]);
    ygt_settle_accum_free(cells[0]), ygt_settle_accum_free(cells[1]);
  }
  ygt_points_free(in.p);
  fixture_close(&f);
}

/* Prices o's rows into a new ledger (or none) holding `preload` in every amount of (institution 0, employee,
 * January): the reference in one call, the batch path in three calls cut at cut[0] <= cut[1]; the outputs
 * into amount and fund when `outputs`, and the ledger's cells into keep. */
static int price_split(int64_t *amount, int64_t *fund, ygt_settle_accum *keep, const ygt_settle_values *v,
                       const points_in *in, const points_out *o, int reference, const size_t cut[2], int64_t preload,
                       int written) {
  ygt_settle_accum *l = NULL;
  if (keep) {
    assert_int_equal(ygt_settle_accum_new(&l, 2), 0);
    for (int f = YGT_FIELD_AMOUNT; f <= YGT_FIELD_BUDGET_FUND; f++) l->cells[ygt__accum_cell(l, 0, 0, 1) + f] = preload;
  }
  const size_t at[] = {0, cut[0], cut[1], NROWS};
  int rc = YGT_OK;
  for (int k = reference ? 2 : 0; !rc && k < 3; k++)
    rc = (reference ? ygt__settle_price_reference : ygt_settle_price)(l, written ? amount : NULL,
                                                                      written ? fund : NULL, v, in->c, o->status,
                                                                      o->units, reference ? 0 : at[k], at[k + 1]);
  if (l) memcpy(keep->cells, l->cells, (l->ninst + 1) * YGT__NINS_SLOT * YGT__NMONTH * YGT__NFIELD * sizeof *l->cells);
  ygt_settle_accum_free(l);
  return rc;
}

/* The batch path of pricing and its reference agree on the error, every output and every ledger cell. */
static int price_same(const points_in *in, const points_out *o, const ygt_settle_values *v, int64_t preload,
                      const size_t cut[2], int ledger, int written) {
  static int64_t amount[2][NROWS], fund[2][NROWS];
  memset(amount, 0, sizeof amount), memset(fund, 0, sizeof fund);
  ygt_settle_accum *keep[2] = {NULL, NULL};
  for (int k = 0; ledger && k < 2; k++) assert_int_equal(ygt_settle_accum_new(&keep[k], 2), 0);
  int rc = price_split(amount[0], fund[0], keep[0], v, in, o, 0, cut, preload, written);
  assert_int_equal(rc, price_split(amount[1], fund[1], keep[1], v, in, o, 1, cut, preload, written));
  assert_memory_equal(amount[0], amount[1], sizeof amount[0]);
  assert_memory_equal(fund[0], fund[1], sizeof fund[0]);
  if (ledger) assert_same_cells(keep[0], keep[1]);
  ygt_settle_accum_free(keep[0]), ygt_settle_accum_free(keep[1]);
  return rc;
}

/* Pricing runs in column passes over blocks of rows (src/settle_price_batch.c): in one call and split at random
 * rows, without a ledger or outputs, with a budget point value of its own, into a ledger near int64's limit and
 * with amounts beyond int64, it leaves the reference's error, outputs and ledger cells. */
static void price_blocks_equal_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  static points_in in;
  static points_out o;
  points_open(&in);
  in.m = f.model;
  assert_int_equal(ygt_points_set_fund(in.p, 0, 100000000000, 0), 0); /* point values, so that amounts are not 0 */
  assert_int_equal(ygt_points_set_fund(in.p, 1, 80000000000, 0), 0);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), 0);
  for (size_t i = 0; i < NROWS; i++) add_points_row(&in, c, i);
  in.c = c;
  ygt_settle_accum *acc;
  assert_int_equal(ygt_settle_accum_new(&acc, 2), 0);
  assert_int_equal(ygt__points_score_reference(acc, o.status, o.reason, o.units, in.p, in.m, c, in.group, in.earlier,
                                               in.counts, 0, NROWS), 0);
  ygt_settle_values *v;
  assert_int_equal(ygt_points_finalise(&v, acc, in.p), 0);
  size_t cut[2], whole[2] = {0, 0};
  cut[0] = rnd(NROWS / 2), cut[1] = cut[0] + 1 + rnd(3000);
  assert_int_equal(price_same(&in, &o, v, 0, cut, 1, 1), YGT_OK);
  assert_int_equal(price_same(&in, &o, v, 0, cut, 0, 1), YGT_OK);
  assert_int_equal(price_same(&in, &o, v, 0, whole, 1, 0), YGT_OK);
  assert_int_equal(price_same(&in, &o, v, INT64_MAX - 100000, cut, 1, 1), YGT_EOVERFLOW);
  price_same(&in, &o, v, INT64_MIN + 1, whole, 1, 1); /* a negative fund, if any, overflows there */
  v->bpv_fen[1] = v->pv_fen[1] * 1.1; /* a budget point value of its own */
  assert_int_equal(price_same(&in, &o, v, 0, cut, 1, 1), YGT_OK);
  v->pv_fen[0] = 1e20; /* amounts beyond int64 */
  assert_int_equal(price_same(&in, &o, v, 0, cut, 1, 1), YGT_EOVERFLOW);
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc);
  ygt_cases_free(c);
  ygt_points_free(in.p);
  fixture_close(&f);
}

/* Cases with only the institution, insurance and cost columns (no dates, leaving types, stays, shares, fund
 * payments or row problems): scoring's and pricing's column passes read what is absent as the row paths do. */
static void points_few_columns_equal_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  static points_in in;
  static int32_t inst[NROWS], ins[NROWS];
  static int64_t cost[NROWS];
  points_open(&in);
  in.m = f.model;
  assert_int_equal(ygt_points_set_fund(in.p, 0, 100000000000, 0), 0);
  for (size_t i = 0; i < NROWS; i++) {
    inst[i] = rnd(20) ? (int32_t)rnd(2) : 7, ins[i] = rnd(30) ? (int32_t)rnd(2) : -1;
    cost[i] = rnd(50) ? 100000 + (int64_t)rnd(4000000) : rnd(2) ? YGT_CASES_NA64 : (int64_t)rnd(100000000);
    in.group[i] = rnd(40) ? (int32_t)rnd(NPGROUPS) : (int32_t)rnd(NPGROUPS + 3) - 1;
    in.earlier[i] = rnd(5) == 0;
  }
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), 0);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_INSTITUTION, inst, NROWS), 0);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_INSURANCE, ins, NROWS), 0);
  assert_int_equal(ygt_cases_attach_int64(c, YGT_CASE_TOTAL_COST, cost, NROWS), 0);
  in.c = c;
  int seen[32] = {0};
  points_compare(&in, seen);
  assert_true(seen[YGT_REASON_NONE] > 0 && seen[YGT_REASON_HIGH_COST] > 0 && seen[YGT_REASON_PER_DIEM] > 0);
  ygt_cases_free(c);
  ygt_points_free(in.p);
  fixture_close(&f);
}

/* The DIP batch path against its reference in blocks (src/accum_pending.h), as for the point method: engines of
 * the fixture's catalogue (match cache on) and of one with a subdivision by a secondary diagnosis (no cache), with
 * the bands multiplied and with the largest band. */
typedef struct dip_in {
  const ygt_dip_engine *e;
  ygt_cases *c;
} dip_in;

typedef struct dip_out {
  int32_t group[NROWS];
  int8_t status[NROWS], reason[NROWS];
  int64_t units[NROWS];
} dip_out;

/* A split_fn for DIP. */
static int dip_split(void *out, ygt_settle_accum *acc, const void *input, int reference, const size_t cut[2]) {
  dip_out *o = out;
  const dip_in *in = input;
  if (reference) return ygt__dip_score_reference(acc, o->group, o->status, o->reason, o->units, in->e, in->c, 0, NROWS);
  const size_t at[] = {0, cut[0], cut[1], NROWS};
  for (int k = 0; k < 3; k++) {
    int rc = ygt_dip_score(acc, o->group, o->status, o->reason, o->units, in->e, in->c, at[k], at[k + 1]);
    if (rc) return rc;
  }
  return YGT_OK;
}

/* batch_same() for DIP. */
static int dip_same(const dip_in *in, int64_t preload, const size_t cut[2], ygt_settle_accum *keep) {
  static dip_out fast, ref;
  return batch_same(dip_split, in, &fast, &ref, sizeof fast, preload, cut, keep);
}

/* The first row from r on that the reference scores OK at the standard cost, moved to (institution 0, employee,
 * January) with a patients' share of `share` (neither changes its status). */
static void set_dip_share(const dip_in *in, size_t r, int64_t share) {
  static dip_out o;
  assert_int_equal(ygt__dip_score_reference(NULL, o.group, o.status, o.reason, o.units, in->e, in->c, 0, NROWS), 0);
  while (o.status[r] != YGT_SETTLE_OK || o.reason[r] != YGT_REASON_NONE) r++;
  const int cols[] = {YGT_CASE_INSTITUTION, YGT_CASE_INSURANCE, YGT_CASE_DISCHARGE_DATE};
  const int32_t v[] = {0, 0, 20240115};
  for (int k = 0; k < 3; k++) assert_int_equal(ygt_cases_set_int(in->c, r, cols[k], v[k]), 0);
  assert_int_equal(ygt_cases_set_int64(in->c, r, YGT_CASE_SELF_PAID, share), 0);
}

/* The batches of one seed and order against the reference; the plain batch's cells into keep. */
static void dip_blocks_one(const dip_in *in, ygt_settle_accum *keep) {
  size_t cut[2], whole[2] = {0, 0};
  cut[0] = rnd(NROWS / 2), cut[1] = cut[0] + 1 + rnd(2000); /* a large, a small and a large batch */
  assert_int_equal(dip_same(in, 0, cut, keep), YGT_OK);
  assert_int_equal(dip_same(in, (int64_t)1 << 61, whole, NULL), YGT_OK);       /* blocks on, near their bound */
  assert_int_equal(dip_same(in, INT64_MAX - 1000, whole, NULL), YGT_EOVERFLOW); /* blocks off */
  set_dip_share(in, 1000, (int64_t)1 << 47); /* a share beyond the blocks' bound: they stop there */
  assert_int_equal(dip_same(in, 0, cut, NULL), YGT_OK);
  assert_int_equal(dip_same(in, (int64_t)1 << 61, whole, NULL), YGT_OK);
  set_dip_share(in, 50000, (int64_t)3 << 61); /* with the next, a cell's share beyond int64 */
  set_dip_share(in, 60000, (int64_t)3 << 61);
  assert_int_equal(dip_same(in, 0, whole, NULL), YGT_EOVERFLOW); /* one call: the reference takes all rows back */
  assert_int_equal(dip_same(in, ((int64_t)1 << 62) - 1, whole, NULL), YGT_EOVERFLOW);
}

/* Row j of c is row order[j] of the seed: each row draws from its own state. */
static void dip_rows(ygt_cases *c, uint64_t seed, const size_t *order) {
  for (size_t j = 0; j < NROWS; j++) {
    rng_state = ((seed << 32) ^ order[j]) * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    for (int k = 0; k < 4; k++) rnd(2);
    add_row(c);
  }
}

/* Three seeds, rows in order and shuffled (the shuffled cells must equal the ordered ones). */
static void dip_blocks_engine(const fixture *f, const ygt_dip_engine *e) {
  static size_t order[NROWS];
  for (uint64_t seed = 1; seed <= 3; seed++) {
    ygt_settle_accum *cells[2] = {preloaded(0), preloaded(0)};
    for (size_t i = 0; i < NROWS; i++) order[i] = i;
    for (int shuffled = 0; shuffled < 2; shuffled++) {
      if (shuffled) shuffle(order);
      dip_in in = {e, NULL};
      assert_int_equal(ygt_cases_new(&in.c, f->dx, f->proc, 0), 0);
      dip_rows(in.c, seed, order);
      dip_blocks_one(&in, cells[shuffled]);
      ygt_cases_free(in.c);
    }
    assert_same_cells(cells[0], cells[1]);
    ygt_settle_accum_free(cells[0]), ygt_settle_accum_free(cells[1]);
  }
}

/* The catalogue of `text` ('|' between fields). */
static ygt_dip_catalog *dip_catalog_of(const fixture *f, const char *text) {
  char *tsv = fixture_tsv(text), path[256];
  assert_true(testutil_write_temp(path, sizeof path, ".tsv", tsv));
  free(tsv);
  ygt_dip_catalog *cat;
  assert_int_equal(ygt_dip_catalog_load(&cat, f->dx, f->proc, path), 0);
  unlink(path);
  return cat;
}

/* The fixture's catalogue with a subdivision of K80-LC for cases with hypertension among their diagnoses: each
 * row gets two more fields, with_dx and parent. */
static ygt_dip_catalog *dip_catalog_with_dx(const fixture *f) {
  static char text[2 * sizeof fixture_catalog + 256];
  size_t len = 0;
  for (const char *line = fixture_catalog, *end; *line; line = end + 1) {
    end = strchr(line, '\n');
    len += (size_t)snprintf(text + len, sizeof text - len, "%.*s%s\n", (int)(end - line), line,
                            line == fixture_catalog ? "|with_dx|parent" : "||");
  }
  snprintf(text + len, sizeof text - len, "subdivision|K80-LC-HT|腹腔镜胆囊切除伴高血压||||1.7|11000|||||||||I10*|K80-LC\n");
  return dip_catalog_of(f, text);
}

/* The fixture's catalogue with `more` (catalogue rows) after it. */
static ygt_dip_catalog *dip_catalog_plus(const fixture *f, const char *more) {
  static char text[sizeof fixture_catalog + 512];
  snprintf(text, sizeof text, "%s%s", fixture_catalog, more);
  return dip_catalog_of(f, text);
}

/* Rows with procedure lists of up to six and secondary diagnoses of up to eight (past the three and four the
 * column passes read without a branch), ICU hours, on a catalogue with bands of ICU hours and of stay too: the
 * batch (in one call and split at random rows) against the reference. */
static void dip_lists_equal_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  ygt_dip_catalog *cat = dip_catalog_plus(&f, "aux||||||||||icu_hours|48||1.15|\naux||||||||||los_days|30|60|1.05|\n");
  ygt_dip_engine *e;
  assert_int_equal(ygt_dip_engine_new(&e, cat, f.params, f.model), 0);
  for (int seed = 0; seed < 2; seed++) {
    dip_in in = {e, NULL};
    assert_int_equal(ygt_cases_new(&in.c, f.dx, f.proc, 0), 0);
    for (size_t r = 0; r < NROWS; r++) {
      add_row(in.c);
      if (rnd(4) == 0) add_codes(in.c, r, YGT_CASE_SDX, dx_pool, 9, 4);
      if (rnd(4) == 0) add_codes(in.c, r, YGT_CASE_PROCS, proc_pool, 6, 3);
      if (rnd(2)) assert_int_equal(ygt_cases_set_int(in.c, r, YGT_CASE_ICU_HOURS, (int32_t)rnd(100) - 1), 0);
    }
    size_t cut[2] = {rnd(NROWS / 2), 0}, whole[2] = {0, 0};
    cut[1] = cut[0] + 1 + rnd(2000);
    assert_int_equal(dip_same(&in, 0, cut, NULL), YGT_OK);
    assert_int_equal(dip_same(&in, 0, whole, NULL), YGT_OK);
    ygt_cases_free(in.c);
  }
  ygt_dip_engine_free(e), ygt_dip_catalog_free(cat);
  fixture_close(&f);
}

/* Cases with only the institution, insurance, principal diagnosis and cost columns (no dates, lists, ages, stays,
 * day surgery, shares or fund payments): the column passes read what is absent as the row path does. */
static void dip_few_columns_equal_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  static int32_t inst[NROWS], ins[NROWS], pdx[NROWS];
  static int64_t cost[NROWS];
  const int32_t dx[] = {ygt_codes_id(f.dx, "I63.900"), ygt_codes_id(f.dx, "K80.100"), -1};
  for (size_t i = 0; i < NROWS; i++) {
    inst[i] = rnd(20) ? (int32_t)rnd(2) : 7, ins[i] = rnd(30) ? (int32_t)rnd(2) : -1, pdx[i] = dx[rnd(40) ? rnd(2) : 2];
    cost[i] = rnd(50) ? 100000 + (int64_t)rnd(4000000) : rnd(2) ? YGT_CASES_NA64 : (int64_t)rnd(100000000);
  }
  dip_in in = {f.engine, NULL};
  assert_int_equal(ygt_cases_new(&in.c, f.dx, f.proc, 0), 0);
  assert_int_equal(ygt_cases_attach_int32(in.c, YGT_CASE_INSTITUTION, inst, NROWS), 0);
  assert_int_equal(ygt_cases_attach_int32(in.c, YGT_CASE_INSURANCE, ins, NROWS), 0);
  assert_int_equal(ygt_cases_attach_int32(in.c, YGT_CASE_PDX, pdx, NROWS), 0);
  assert_int_equal(ygt_cases_attach_int64(in.c, YGT_CASE_TOTAL_COST, cost, NROWS), 0);
  size_t cut[2] = {rnd(NROWS / 2), 0}, whole[2] = {0, 0};
  cut[1] = cut[0] + 1 + rnd(2000);
  assert_int_equal(dip_same(&in, 0, cut, NULL), YGT_OK);
  assert_int_equal(dip_same(&in, 0, whole, NULL), YGT_OK);
  static dip_out o;
  assert_int_equal(ygt_dip_score(NULL, o.group, o.status, o.reason, o.units, in.e, in.c, 0, NROWS), 0);
  int ok = 0;
  for (size_t i = 0; i < NROWS; i++) ok += o.status[i] == YGT_SETTLE_OK;
  assert_true(ok > NROWS / 2);
  ygt_cases_free(in.c);
  fixture_close(&f);
}

/* A cost at or next to a deviation threshold of some group's standard cost (n × std as the passes form it), or an
 * odd one within the pending sums' bound (a larger one would turn the blocks off for the rest of the batch). */
static int64_t odd_cost(const ygt_dip_engine *e) {
  static const int64_t extreme[] = {0, 1, -1, ((int64_t)1 << 45) + 1, -((int64_t)1 << 45)};
  const double *n = e->params->num, at[] = {n[YGT_PARAM_DEV_EXTREME], n[YGT_PARAM_DEV_HIGH], n[YGT_PARAM_DEV_LOW], 1};
  if (rnd(8) == 0) return extreme[rnd(sizeof extreme / sizeof *extreme)];
  double std = (double)e->group_const[rnd((uint32_t)e->cat->ngroups)].std_cost[rnd(YGT__DIP_NLEVELCLASS)];
  return (int64_t)(at[rnd(4)] * std) + (int64_t)rnd(3) - 1;
}

/* An int value at an edge of the bands' tables (-1 .. 254 by table, beyond band by band) or missing. */
static int32_t odd_int(void) {
  static const int32_t v[] = {YGT_CASES_NA, -2, -1, 0, 4, 5, 6, 47, 48, 79, 80, 253, 254, 255, 256, 1000000,
                              INT32_MAX, -365, 364, 365, 29200, -29565};
  return v[rnd(sizeof v / sizeof *v)];
}

/* Rows whose costs lie at and next to the deviation thresholds or are extreme, day surgery 0, 1 or 2, ages, ICU
 * hours and stays at the edges of the bands' tables or missing (ages then from days, themselves sometimes
 * missing), on a catalogue with bands of every factor: the batch against the reference. */
/* Four bands in all (their coefficients permuted from two vectors on AVX-512); or bands of every factor and eight
 * more CCI conditions, ten in all (past the vectors' masked additions: by the byte tables, the last two in the second
 * byte), each alone of a weight in the band 1-2, and lists long enough that a block's diagnoses are read by code. */
static const char age_band[] = "aux||||||||||age|0|5|1.3|\n";
static const char odd_bands[] = "aux||||||||||icu_hours|48||1.15|\naux||||||||||los_days|5|60|1.05|\n"
                                "aux||||||||||cci|1|2|1.01|\n";
static const char more_cci[] = "cci|||I63.900|||||||||||1\ncci|||I63.901|||||||||||2\ncci|||K80.100|||||||||||1\n"
                               "cci|||K80.101|||||||||||2\ncci|||J18*|||||||||||1\ncci|||N18*|||||||||||2\n"
                               "cci|||K80.2*|||||||||||1\ncci|||Z99*|||||||||||2\n";

static void dip_odd_values_one(const fixture *f, int many) {
  char more[sizeof age_band + sizeof odd_bands + sizeof more_cci];
  snprintf(more, sizeof more, "%s%s%s", age_band, many ? odd_bands : "", many ? more_cci : "");
  ygt_dip_catalog *cat = dip_catalog_plus(f, more);
  ygt_dip_engine *e;
  assert_int_equal(ygt_dip_engine_new(&e, cat, f->params, f->model), 0);
  assert_true(many ? e->cat->ncci == 10 && e->cat->nbands == 7 : e->cat->ncci == 2 && e->cat->nbands == 4);
  dip_in in = {e, NULL};
  assert_int_equal(ygt_cases_new(&in.c, f->dx, f->proc, 0), 0);
  int seen[32] = {0};
  for (size_t r = 0; r < NROWS; r++) {
    add_row(in.c);
    for (int k = 0; k < (many ? 2 : rnd(3) == 0); k++) /* many: past 4,096 diagnoses in a block of 1,024 rows */
      add_codes(in.c, r, YGT_CASE_SDX, dx_pool, 10, 4);
    assert_int_equal(ygt_cases_set_int64(in.c, r, YGT_CASE_TOTAL_COST, odd_cost(e)), 0);
    assert_int_equal(ygt_cases_set_int(in.c, r, YGT_CASE_DAY_SURGERY, rnd(10) ? 0 : (int32_t)rnd(3)), 0);
    const int cols[] = {YGT_CASE_AGE_YEARS, YGT_CASE_AGE_DAYS, YGT_CASE_ICU_HOURS, YGT_CASE_LOS_DAYS};
    for (int k = 0; k < 4; k++)
      if (rnd(2)) assert_int_equal(ygt_cases_set_int(in.c, r, cols[k], odd_int()), 0);
  }
  size_t cut[2] = {rnd(NROWS / 2), 0}, whole[2] = {0, 0};
  cut[1] = cut[0] + 1 + rnd(2000);
  assert_int_equal(dip_same(&in, 0, cut, NULL), YGT_OK);
  assert_int_equal(dip_same(&in, 0, whole, NULL), YGT_OK);
  static dip_out o;
  assert_int_equal(ygt_dip_score(NULL, o.group, o.status, o.reason, o.units, e, in.c, 0, NROWS), 0);
  for (size_t i = 0; i < NROWS; i++) seen[o.reason[i]] += o.status[i] == YGT_SETTLE_OK;
  assert_true(seen[YGT_REASON_NONE] > 0 && seen[YGT_REASON_HIGH_COST] > 0 && seen[YGT_REASON_LOW_COST] > 0 &&
              seen[YGT_REASON_DAY_SURGERY] > 0);
  ygt_cases_free(in.c);
  ygt_dip_engine_free(e), ygt_dip_catalog_free(cat);
}

static void dip_odd_values_equal_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  for (int many = 0; many < 2; many++) /* four bands and two CCI conditions, seven bands and ten conditions */
    dip_odd_values_one(&f, many);
  fixture_close(&f);
}

static void dip_blocks_equal_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  dip_blocks_engine(&f, f.engine);
  ygt_dip_catalog *cat = dip_catalog_with_dx(&f);
  ygt_dip_engine *e;
  assert_int_equal(ygt_dip_engine_new(&e, cat, f.params, f.model), 0);
  dip_blocks_engine(&f, e);
  ygt_settle_params *max;
  assert_int_equal(ygt_settle_params_parse(&max, params_with("\"aux_combine\": \"max\""), "params.json"), 0);
  ygt_dip_engine_free(e);
  assert_int_equal(ygt_dip_engine_new(&e, f.cat, max, f.model), 0);
  dip_blocks_engine(&f, e);
  ygt_dip_engine_free(e), ygt_settle_params_free(max), ygt_dip_catalog_free(cat);
  fixture_close(&f);
}

#define NINGHAI SOURCE_ROOT "/examples/data/ninghai" /* the bundle the referral batch tests decide on */

/* The batch of referral decisions against one ygt_referral_decide() per
 * request (with trace, fully cleared decisions) on the Ninghai bundle. */
static void referral_batch_equals_single(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  bundle_rules b;
  assert_int_equal(bundle_rules_load(&b, NINGHAI), 0);
  ygt_codes *dx = b.dx;
  ygt_model *m = b.m;
  ygt_referral_rules *r = b.r;
  enum { N = 20000 };
  static int32_t col[20][N];
  static int64_t cost[N], paid[N], money[3][N];
  static double ratio[N];
  static const char *const codes[] = {"I10.x00", "E11.900", "J06.900", "J18.900", "I63.900", "I21.900", "K35.800",
                                      "S72.000", "O14.100", "M17.900", "C71.900", "A09.000", "K29.700", "J44.900"};
  uint32_t ni = (uint32_t)ygt_model_institution_count(m), ng = (uint32_t)ygt_model_grid_count(m);
  for (size_t i = 0; i < N; i++) {
    col[0][i] = (int32_t)rnd(ni), col[1][i] = ygt_codes_id(dx, codes[rnd(14)]), col[2][i] = (int32_t)rnd(ng + 1) - 1;
    col[3][i] = (int32_t)rnd(100) - 1, col[4][i] = (int32_t)rnd(3), col[5][i] = (int32_t)rnd(2);
    col[6][i] = rnd(5) ? 0 : (int32_t)rnd(3), col[7][i] = (int32_t)rnd(4), col[8][i] = (int32_t)rnd(3);
    col[9][i] = rnd(4) ? 0 : (int32_t)rnd(4), col[10][i] = rnd(3) ? -1 : (int32_t)rnd(ni);
    col[11][i] = 100, col[12][i] = 100 + (int32_t)rnd(200), col[13][i] = rnd(3) ? -1 : (int32_t)rnd(ni);
    cost[i] = rnd(4) ? (int64_t)rnd(5000000) : 0, paid[i] = col[13][i] >= 0 ? (int64_t)rnd(50000) : 0;
  }
  ygt_referral_columns k = YGT_REFERRAL_COLUMNS_INIT;
  k.n = N;
  k.institution = col[0], k.diagnosis = col[1], k.grid = col[2], k.age = col[3], k.sex = col[4], k.insurance = col[5];
  k.acuity = col[6], k.phase = col[7], k.setting = col[8], k.direction = col[9], k.slip_issuer = col[10];
  k.slip_day = col[11], k.today = col[12], k.episode_institution = col[13], k.cost_fen = cost;
  k.episode_paid_fen = paid, k.status = col[14], k.route = col[15], k.state = col[16], k.priority = col[17];
  k.destination = col[18], k.tier = col[19], k.ratio = ratio, k.deductible_fen = money[0], k.fund_fen = money[1];
  k.patient_fen = money[2];
  assert_int_equal(ygt_referral_decide_batch(r, &k), 0);
  int routes[5] = {0};
  for (size_t i = 0; i < N; i++) {
    ygt_episode *ep = NULL;
    if (col[13][i] >= 0) {
      assert_int_equal(ygt_episode_new(&ep), 0);
      assert_int_equal(ygt_episode_set(ep, col[13][i], paid[i]), 0);
    }
    ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
    ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
    q.institution = col[0][i], q.diagnoses = &col[1][i], q.ndiagnoses = 1, q.grid = col[2][i], q.age = col[3][i];
    q.sex = col[4][i], q.insurance = col[5][i], q.acuity = col[6][i], q.phase = col[7][i], q.setting = col[8][i];
    q.direction = col[9][i], q.slip_issuer = col[10][i], q.slip_day = col[11][i], q.today = col[12][i];
    q.cost_fen = cost[i];
    assert_int_equal(ygt_referral_decide(&d, r, &q, ep), 0);
    ygt_episode_free(ep);
    assert_int_equal(col[14][i], 0);
    assert_int_equal(col[15][i], d.route);
    assert_int_equal(col[16][i], d.state);
    assert_int_equal(col[17][i], d.priority);
    assert_int_equal(col[18][i], d.ndestinations ? d.destinations[0] : -1);
    assert_int_equal(col[19][i], d.tier);
    assert_true(ratio[i] == d.ratio);
    assert_int_equal(money[0][i], d.deductible_fen);
    assert_int_equal(money[1][i], d.fund_fen);
    assert_int_equal(money[2][i], d.patient_fen);
    routes[d.route]++;
  }
  for (int rt = 0; rt < 5; rt++) assert_true(routes[rt] > 0);
  bundle_rules_free(&b);
}

/* A value at or beyond an edge of what a request may hold. */
static int32_t edge(int32_t lo, int32_t hi) {
  const int32_t v[] = {INT32_MIN, lo - 1, lo, hi, hi + 1, INT32_MAX, lo + (int32_t)rnd((uint32_t)(hi - lo + 1))};
  return v[rnd(7)];
}

/* The batch's row check against ygt__rf_check_in(): every row's status is
 * the reference's code, over rows whose values sit at the edges. */
static void referral_batch_checks_equal_reference(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  bundle_rules b;
  assert_int_equal(bundle_rules_load(&b, NINGHAI), 0);
  ygt_codes *dx = b.dx;
  ygt_model *m = b.m;
  ygt_referral_rules *r = b.r;
  enum { N = 20000 };
  static int32_t col[15][N];
  static int64_t cost[N], paid[N];
  int32_t ni = (int32_t)ygt_model_institution_count(m), ng = (int32_t)ygt_model_grid_count(m);
  int32_t nc = (int32_t)ygt_codes_count(dx);
  const int32_t lo[13] = {0, 0, -1, -1, 0, 0, 0, 0, 0, 0, -1, -1, 0};
  const int32_t hi[13] = {ni - 1, nc - 1, ng - 1, 150, 2, 1, 4, 3, 2, 3, ni - 1, ni - 1, 0};
  for (size_t i = 0; i < N; i++) {
    for (int k = 0; k < 13; k++) col[k][i] = rnd(8) ? lo[k] + (int32_t)rnd((uint32_t)(hi[k] - lo[k] + 1)) : edge(lo[k], hi[k]);
    cost[i] = rnd(10) ? (int64_t)rnd(1000000) : -(int64_t)rnd(3);
    paid[i] = rnd(10) ? (int64_t)rnd(1000) : -(int64_t)rnd(3);
  }
  ygt_referral_columns k = YGT_REFERRAL_COLUMNS_INIT;
  k.n = N;
  k.institution = col[0], k.diagnosis = col[1], k.grid = col[2], k.age = col[3], k.sex = col[4], k.insurance = col[5];
  k.acuity = col[6], k.phase = col[7], k.setting = col[8], k.direction = col[9], k.slip_issuer = col[10];
  k.episode_institution = col[11], k.slip_day = col[12], k.today = col[12], k.cost_fen = cost;
  k.episode_paid_fen = paid, k.status = col[14];
  int64_t bad = ygt_referral_decide_batch(r, &k), want_bad = 0;
  for (size_t i = 0; i < N; i++) {
    int32_t d = col[1][i];
    rf_in in = {col[0][i], col[2][i], col[3][i], col[4][i], col[5][i], col[6][i], col[7][i], col[8][i], col[9][i],
                col[10][i], col[12][i], col[12][i], col[11][i], &d, 1, cost[i], paid[i]};
    int rc = ygt__rf_check_in(r, &in);
    want_bad += rc != 0;
    assert_int_equal(col[14][i], rc);
  }
  assert_int_equal(bad, want_bad);
  assert_true(want_bad > N / 4 && want_bad < N); /* both kinds of rows are many */
  bundle_rules_free(&b);
}

/* The batch with its optional columns absent against the same batch with
 * them present and holding their defaults (age -1, sex 0, grid -1, resident
 * insurance, no slip, no episode, ...), and with some result columns absent:
 * the results given are the same. */
static void referral_batch_absent_columns(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  bundle_rules b;
  assert_int_equal(bundle_rules_load(&b, NINGHAI), 0);
  ygt_codes *dx = b.dx;
  ygt_model *m = b.m;
  ygt_referral_rules *r = b.r;
  enum { N = 1000 }; /* not a multiple of the batch's blocks */
  static const char *const codes[] = {"I10.x00", "I63.900", "I21.900", "K35.800", "S72.000", "O14.100", "C71.900"};
  static int32_t inst[N], dxs[N], dflt[3][N], out[2][6][N];
  static int64_t zero[N], money[2][3][N];
  static double ratio[2][N];
  for (size_t i = 0; i < N; i++) {
    inst[i] = (int32_t)rnd((uint32_t)ygt_model_institution_count(m)), dxs[i] = ygt_codes_id(dx, codes[rnd(7)]);
    dflt[0][i] = -1, dflt[1][i] = 0, dflt[2][i] = YGT_INSURANCE_RESIDENT;
  }
  ygt_referral_columns k[2] = {YGT_REFERRAL_COLUMNS_INIT, YGT_REFERRAL_COLUMNS_INIT};
  for (int v = 0; v < 2; v++) {
    k[v].n = N, k[v].institution = inst, k[v].diagnosis = dxs;
    k[v].status = out[v][0], k[v].route = out[v][1], k[v].destination = out[v][4], k[v].deductible_fen = money[v][0];
    k[v].ratio = ratio[v];
  }
  k[0].age = k[0].grid = k[0].slip_issuer = k[0].episode_institution = dflt[0];
  k[0].sex = k[0].acuity = k[0].phase = k[0].setting = k[0].direction = k[0].slip_day = k[0].today = dflt[1];
  k[0].insurance = dflt[2], k[0].cost_fen = k[0].episode_paid_fen = zero;
  k[0].state = out[0][2], k[0].priority = out[0][3], k[0].tier = out[0][5];
  k[0].fund_fen = money[0][1], k[0].patient_fen = money[0][2];
  assert_int_equal(ygt_referral_decide_batch(r, &k[0]), 0);
  assert_int_equal(ygt_referral_decide_batch(r, &k[1]), 0);
  for (int c = 0; c < 6; c++)
    if (c == 0 || c == 1 || c == 4) assert_memory_equal(out[0][c], out[1][c], sizeof out[0][c]);
  assert_memory_equal(money[0][0], money[1][0], sizeof money[0][0]);
  assert_memory_equal(ratio[0], ratio[1], sizeof ratio[0]);
  bundle_rules_free(&b);
}

/* ---- the AVX-512 passes (src/cpu_avx512.h) against the portable ones ---- */

/* Whether this CPU runs the AVX-512 passes (not under valgrind, which does not emulate them); says so if not. */
static int have_avx512(void) {
  if (!ygt__cpu_avx512()) printf("no AVX-512 on this CPU: only the portable passes are compared\n");
  return ygt__cpu_avx512();
}

/* The score units pass on vectors against the row path's rounding (ygt__round_or_near()): the same units where
 * a row stays fast, and a row leaves the fast path exactly when its points lie near a half, beyond ±9e18 units
 * or are not a number. */
static void avx512_units_edge_values(void **state) {
  (void)state;
  if (!have_avx512()) return;
  static const double pts[] = {0, -0.0, 0.5e-6, -0.5e-6, 1.5e-6, -2.5e-6, 0.1234565, -0.1234575, 7.0000005,
                               123.4567895, 8.999999e12, -8.999999e12, 9e12, -9e12, 9.1e12, 1e300, -1e300,
                               INFINITY, -INFINITY, NAN, -NAN, 4.9e-324, 1.0 / 3, 2.0 / 3, 12345.678, 4503599627.3704995,
                               1e-7, -1e-7, 33.9999995, 0.7};
  enum { N = sizeof pts / sizeof *pts };
  int64_t units[N];
  uint8_t fast[N];
  memset(fast, 1, sizeof fast);
  ygt__points_units_avx512(units, fast, pts, N);
  for (int i = 0; i < N; i++) {
    double x = pts[i] * YGT_SETTLE_SCORE_UNIT;
    int64_t want = 0;
    int near = ygt__round_or_near(x, &want), in = x > -9e18 && x < 9e18;
    assert_int_equal(fast[i], in && near == 0);
    if (fast[i]) assert_int_equal(units[i], want);
  }
}

/* The amounts pass on vectors against the row path's pricing (ygt__price_units()) on extreme units, shares and
 * point values (beyond int64, not a number, ±0): the same amounts where a row stays fast, and a row left to the
 * row path exactly when its amounts overflow. */
static void avx512_amounts_edge_values(void **state) {
  (void)state;
  if (!have_avx512()) return;
  enum { N = 64 };
  static const int64_t odd[] = {0, 1, -1, 999999, 500000, -500000, 1500000, INT64_MAX, INT64_MIN, INT64_MIN + 1,
                                (int64_t)1 << 62, -((int64_t)1 << 62), (int64_t)1 << 53, ((int64_t)1 << 53) + 1};
  static const double values[][2] = {{22.574, 22.574}, {22.574, 24.8314}, {1e20, 1e20}, {NAN, 3}, {0.0, -0.0},
                                     {INFINITY, 1e-300}, {-7.5, -7.5}, {9.2e12, 9.3e12}};
  int8_t status[N];
  int32_t ins[N];
  int64_t units[N], share[2][N], cost[N], fund[N], a[4][N];
  uint8_t fast[N];
  for (int i = 0; i < N; i++) {
    status[i] = rnd(8) ? YGT_SETTLE_OK : YGT_SETTLE_INVALID, ins[i] = rnd(10) ? (int32_t)rnd(2) : (int32_t)rnd(5) - 2;
    units[i] = rnd(3) ? odd[rnd(sizeof odd / sizeof *odd)] : (int64_t)rnd(1u << 31) * 977;
    for (int j = 0; j < 2; j++) share[j][i] = rnd(3) ? YGT_CASES_NA64 : rnd(4) ? (int64_t)rnd(100000) : odd[rnd(14)];
    cost[i] = rnd(4) ? (int64_t)rnd(1000000) : YGT_CASES_NA64, fund[i] = rnd(4) ? (int64_t)rnd(1000000) : YGT_CASES_NA64;
  }
  ygt__settle_cols k = {.ins = ins, .cost = cost, .fund = fund, .share = {share[0], share[1]}, .nshare = 2};
  for (size_t t = 0; t < sizeof values / sizeof *values; t++) {
    const double pv[YGT__NINS] = {values[t][0], 22.574}, bpv[YGT__NINS] = {values[t][1], 22.574};
    int64_t *const out[4] = {a[0], a[1], a[2], a[3]};
    size_t n = N - t; /* a last vector of every length */
    ygt__price_amounts_avx512(out, fast, &k, pv, bpv, pv[0] == bpv[0], status, units, 0, n);
    for (size_t i = 0; i < n; i++) {
      int ok = status[i] == YGT_SETTLE_OK && ins[i] >= 0 && ins[i] < YGT__NINS;
      int64_t want[4] = {0, 0, 0, 0}, sh = ygt__settle_cols_share(&k, i) < 0 ? 0 : ygt__settle_cols_share(&k, i);
      int fine = ok && !ygt__price_units(units[i], pv[ins[i]], &want[0]) &&
                 !__builtin_sub_overflow(want[0], sh, &want[1]) &&
                 !ygt__price_units(units[i], bpv[ins[i]], &want[2]) && !__builtin_sub_overflow(want[2], sh, &want[3]);
      assert_int_equal(fast[i], ok ? fine : 2);
      for (int f = 0; fine && f < 4; f++) assert_int_equal(a[f][i], want[f]);
    }
  }
}

/* The vector probe of the DIP match cache against the scalar one on a cache of eight slots filled from the rows'
 * own small pools (so that slots often hold a key that differs in one field only, and procedures past a slot's n
 * hold stale codes): a row gets a slot's group exactly when ygt__dip_match_cached_short() would hit that slot. */
static void avx512_match_probe_edge_values(void **state) {
  (void)state;
  if (!have_avx512()) return;
  rng_state = 0x5DEECE66Dull; /* its own draws, whatever the tests before drew */
  enum { N = 4099, NSLOT = 8 };
  static int32_t pdx[N], vals[6 * N], got[N];
  static int64_t off[N + 1];
  static uint8_t fast[N];
  ygt__dip_cache_slot slots[NSLOT];
  ygt__dip_match_cache m = {slots, NSLOT - 1};
  memset(slots, 0xFF, sizeof slots);
  for (int k = 0; k < 3 * NSLOT; k++) { /* a key at its own slot, then one field changed half the time */
    int32_t key[3] = {(int32_t)rnd(3), (int32_t)rnd(3), (int32_t)rnd(3)}, d = (int32_t)rnd(3);
    size_t n = rnd(4);
    ygt__dip_cache_slot *s = &slots[ygt__dip_cache_hash(d, key, n) & m.mask];
    *s = (ygt__dip_cache_slot){d, {key[0], key[1], key[2]}, (int32_t)n, (int32_t)rnd(100) - 1};
    for (size_t j = n; j < 3; j++) s->procs[j] = (int32_t)rnd(3); /* stale codes past n: never compared */
    int32_t *field[] = {&s->pdx, &s->n, &s->procs[0], &s->procs[1], &s->procs[2]};
    if (rnd(2)) *field[rnd(5)] += 1;
  }
  for (size_t r = 0; r < N; r++) {
    uint32_t n = rnd(6) == 0 ? 4 + rnd(3) : rnd(4);
    pdx[r] = (int32_t)rnd(3), fast[r] = rnd(8) != 0, off[r + 1] = off[r] + n;
    for (uint32_t j = 0; j < n; j++) vals[off[r] + j] = (int32_t)rnd(3);
  }
  for (size_t r0 = 0; r0 < N; r0 += 1024) {
    size_t n = N - r0 < 1024 ? N - r0 : 1024; /* a last, partial vector */
    ygt__dip_match_probe_avx512(got + r0, fast + r0, &m, pdx, off, vals, r0, n);
  }
  int hits = 0;
  for (size_t r = 0; r < N; r++) {
    size_t n = (size_t)(off[r + 1] - off[r]);
    const int32_t *p = vals + off[r];
    const ygt__dip_cache_slot *s = &slots[ygt__dip_cache_hash(pdx[r], p, n) & m.mask];
    int same = fast[r] && n <= 3 && s->pdx == pdx[r] && s->n == (int32_t)n;
    for (size_t j = 0; same && j < n; j++) same = s->procs[j] == p[j];
    assert_int_equal(got[r], same ? s->group : YGT__DIP_NOT_PROBED);
    hits += same;
  }
  assert_true(hits > N / 20 && hits < N / 2);
}

/* Scoring and pricing by the batch paths with the AVX-512 passes kept off and on give the same bytes: every
 * output, accumulator cell and ledger cell, with a budget point value of its own. */
static void avx512_equals_portable(void **state) {
  (void)state;
  if (!have_avx512()) return;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), 0);
  static points_in in;
  static points_out o[2];
  points_open(&in);
  assert_int_equal(ygt_points_set_fund(in.p, 0, 100000000000, 0), 0);
  assert_int_equal(ygt_points_set_fund(in.p, 1, 80000000000, 0), 0);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), 0);
  for (size_t i = 0; i < NROWS; i++) add_points_row(&in, c, i);
  in.m = f.model, in.c = c;
  ygt_settle_accum *acc[2][2];
  for (int on = 0; on < 2; on++) {
    ygt__avx512_knob = on ? 1 : -1;
    points_settle(&o[on], acc[on], &in, 0);
    ygt_settle_values *v;
    assert_int_equal(ygt_points_finalise(&v, acc[on][0], in.p), 0);
    v->bpv_fen[1] = v->pv_fen[1] * 1.1;
    assert_int_equal(ygt_settle_price(acc[on][1], o[on].amount, o[on].fund, v, c, o[on].status, o[on].units, 0, NROWS), 0);
    ygt_settle_values_free(v);
  }
  ygt__avx512_knob = 0;
  assert_memory_equal(&o[0], &o[1], sizeof o[0]);
  for (int k = 0; k < 2; k++) assert_same_cells(acc[0][k], acc[1][k]);
  for (int on = 0; on < 2; on++) ygt_settle_accum_free(acc[on][0]), ygt_settle_accum_free(acc[on][1]);
  ygt_cases_free(c);
  ygt_points_free(in.p);
  fixture_close(&f);
}

/* The comparisons with a batch path run twice: with the AVX-512 passes kept off, and on where the CPU has them. */
static int avx512_off(void **state) {
  (void)state;
  ygt__avx512_knob = -1;
  return 0;
}

static int avx512_on(void **state) {
  (void)state;
  ygt__avx512_knob = 1;
  return 0;
}

static int avx512_auto(void **state) {
  (void)state;
  ygt__avx512_knob = 0;
  return 0;
}

#define BOTH(test) {#test " (AVX-512 off)", test, avx512_off, avx512_auto, NULL}, \
                   {#test " (AVX-512 on)", test, avx512_on, avx512_auto, NULL}

int main(void) {
  const struct CMUnitTest tests[] = {
    BOTH(dip_batch_equals_reference),
    BOTH(points_batch_equals_reference),
    BOTH(points_blocks_equal_reference),
    BOTH(price_blocks_equal_reference),
    BOTH(points_few_columns_equal_reference),
    BOTH(dip_blocks_equal_reference),
    BOTH(dip_lists_equal_reference),
    BOTH(dip_few_columns_equal_reference),
    BOTH(dip_odd_values_equal_reference),
    cmocka_unit_test(avx512_units_edge_values),
    cmocka_unit_test(avx512_amounts_edge_values),
    cmocka_unit_test(avx512_equals_portable),
    cmocka_unit_test(avx512_match_probe_edge_values),
    cmocka_unit_test(referral_batch_equals_single),
    cmocka_unit_test(referral_batch_checks_equal_reference),
    cmocka_unit_test(referral_batch_absent_columns),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
