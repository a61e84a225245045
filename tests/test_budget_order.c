/* Order and thread independence of the global budget's settlement.  For
 * several seeds and two budgets (fixed ratios with the overspend on the lead;
 * workload by encounters with the overspend spread) a random year of
 * encounters is settled as given, in shuffled orders, and on four threads
 * at once, each settling its own shuffle with the same budget and model: every
 * report gives the same figures — community, ratio (its bits), institution,
 * tier, flow, outflow share, unattributed fund — and the same ledger, line
 * for line.  There is no split to try: the budget takes the year's
 * encounters in one batch and has no partial settlement to merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>

#include "budget_fixture.h"

enum { NENC = 3000, NINST = 6, NCOMM = 2, NTHREAD = 4, NFIGURE = 4096 };

static uint64_t rng;
static uint32_t draw(uint32_t n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

/* A year of encounters: columns of the batch. */
typedef struct year {
  int32_t inst[NENC], grid[NENC], period[NENC];
  int8_t setting[NENC], ins[NENC], ref[NENC];
  int64_t fund[NENC], count[NENC];
} year;

/* Encounters of both communities' grids and of non-residents, some of
 * another year or without insurance; the fund per row is chosen so that the
 * year's spending is near the budgets (scale: 1 about even). */
static void random_year(year *y, double scale) {
  static const int32_t periods[] = {2023, 202301, 202306, 202312, 2022};
  for (int i = 0; i < NENC; i++) {
    y->inst[i] = (int32_t)draw(NINST), y->grid[i] = (int32_t)draw(3) - 1, y->period[i] = periods[draw(5)];
    y->setting[i] = (int8_t)draw(3), y->ins[i] = (int8_t)(draw(5) == 0 ? -1 : (int)draw(2));
    y->ref[i] = (int8_t)draw(4), y->count[i] = draw(4);
    y->fund[i] = 1 + (int64_t)draw((uint32_t)(scale * 600000));
  }
}

static void permute(year *out, const year *in, const size_t *idx) {
  for (int i = 0; i < NENC; i++) {
    size_t k = idx[i];
    out->inst[i] = in->inst[k], out->grid[i] = in->grid[k], out->period[i] = in->period[k];
    out->setting[i] = in->setting[k], out->ins[i] = in->ins[k], out->ref[i] = in->ref[k];
    out->fund[i] = in->fund[k], out->count[i] = in->count[k];
  }
}

static void shuffle(size_t *idx) {
  for (size_t i = 0; i < NENC; i++) idx[i] = i;
  for (size_t i = NENC - 1; i > 0; i--) {
    size_t j = draw((uint32_t)i + 1), t = idx[i];
    idx[i] = idx[j], idx[j] = t;
  }
}

static ygt_encounters *batch(const year *y) {
  ygt_encounters *e = NULL;
  assert_int_equal(ygt_encounters_new(&e), YGT_OK);
  const struct { int col; const void *v; } cols[] = {
    {YGT_ENC_INSTITUTION, y->inst}, {YGT_ENC_GRID, y->grid}, {YGT_ENC_PERIOD, y->period},
    {YGT_ENC_SETTING, y->setting}, {YGT_ENC_INSURANCE, y->ins}, {YGT_ENC_REFERRAL, y->ref},
    {YGT_ENC_FUND, y->fund}, {YGT_ENC_COUNT, y->count}};
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
    assert_int_equal(ygt_encounters_attach(e, cols[i].col, cols[i].v, NENC), YGT_OK);
  return e;
}

/* Every figure of a report, in a fixed order: doubles by their bits. */
typedef struct figures {
  int64_t v[NFIGURE];
  size_t n;
  int rc;          /* the first failing call's code */
  int64_t balance; /* K1's employee balance: the year reaches surplus or overspend */
} figures;

static void put(figures *f, int rc, int64_t v) {
  if (rc && !f->rc) f->rc = rc;
  if (f->n < NFIGURE) f->v[f->n++] = v;
}

static void put_double(figures *f, int rc, double d) {
  int64_t bits;
  memcpy(&bits, &d, sizeof bits);
  put(f, rc, bits);
}

/* The call first, then its result (arguments are evaluated in no set order). */
#define PUT(call, v)     \
  do {                   \
    int rc_ = (call);    \
    put(f, rc_, v);      \
  } while (0)
#define PUT_DOUBLE(call, d) \
  do {                      \
    int rc_ = (call);       \
    put_double(f, rc_, d);  \
  } while (0)

static void community_figures(figures *f, const ygt_budget_report *r) {
  int64_t v;
  double d;
  for (int32_t c = -1; c < NCOMM; c++)
    for (int ins = -1; ins < 2; ins++) {
      for (int field = 0; field <= YGT_BUDGET_FINAL; field++)
        PUT(ygt_budget_report_community(&v, r, c, ins, field), v);
      PUT_DOUBLE(ygt_budget_report_ratio(&d, r, c, ins), d);
    }
  for (int32_t c = -1; c < NCOMM; c++) {
    PUT_DOUBLE(ygt_budget_report_outflow_share(&d, r, c), d);
    for (int tier = 0; tier < 4; tier++)
      for (int field = 0; field <= YGT_BUDGET_INST_NET; field++)
        PUT(ygt_budget_report_tier(&v, r, c, tier, field), v);
  }
}

static void flow_figures(figures *f, const ygt_budget_report *r) {
  int64_t v, skipped;
  for (int32_t from = -1; from < NCOMM; from++)
    for (int32_t to = 0; to < (int32_t)ygt_budget_report_destinations(r); to++)
      for (int referred = -1; referred < 2; referred++) PUT(ygt_budget_report_flow(&v, r, from, to, referred), v);
  PUT(ygt_budget_report_unattributed(&v, &skipped, r), v);
  put(f, YGT_OK, skipped);
  for (int32_t i = 0; i < NINST; i++)
    for (int field = 0; field <= YGT_BUDGET_INST_NET; field++)
      PUT(ygt_budget_report_institution(&v, r, i, field), v);
}

static void ledger_figures(figures *f, const ygt_budget_report *r) {
  put(f, YGT_OK, (int64_t)ygt_budget_report_ledger_count(r));
  for (size_t l = 0; l < ygt_budget_report_ledger_count(r); l++) {
    int32_t c, i;
    int ins, month, kind;
    int64_t amount;
    int rc = ygt_budget_report_ledger_line(&c, &i, &ins, &month, &kind, &amount, r, l);
    put(f, rc, c), put(f, rc, i), put(f, rc, ins), put(f, rc, month), put(f, rc, kind), put(f, rc, amount);
  }
}

/* The figures of settling y with budget b (threads call this at once). */
static void settle(figures *f, const ygt_budget *b, const ygt_model *m, const year *y) {
  memset(f, 0, sizeof *f);
  ygt_encounters *e = batch(y);
  ygt_budget_report *r = NULL;
  f->rc = ygt_budget_settle(&r, b, m, e, NULL, NULL, 0);
  if (!f->rc) community_figures(f, r), flow_figures(f, r), ledger_figures(f, r);
  if (!f->rc) f->rc = ygt_budget_report_community(&f->balance, r, 0, YGT_INSURANCE_EMPLOYEE, YGT_BUDGET_BALANCE);
  ygt_budget_report_free(r);
  ygt_encounters_free(e);
}

typedef struct job {
  const ygt_budget *b;
  const ygt_model *m;
  year y;
  figures f;
} job;

static void *work(void *arg) {
  job *j = arg;
  settle(&j->f, j->b, j->m, &j->y);
  return NULL;
}

static void same(const figures *a, const figures *b, const char *what, int seed) {
  assert_int_equal(b->rc, YGT_OK);
  assert_true(b->n < NFIGURE);
  if (a->n != b->n || memcmp(a->v, b->v, a->n * sizeof a->v[0]) != 0) fail_msg("seed %d, %s: reports differ", seed, what);
}

/* Both communities, both insurance types (K1's resident budget from the
 * grids); variant 1 distributes by encounters and spreads the overspend. */
static ygt_budget *budget_variant(const ygt_model *m, int variant) {
  static const char budgets[] =
    "\"last_year\": \"1000000.00\"}, {\"community\": \"K1\", \"insurance\": \"resident\", \"per_capita\": \"300.07\"}, "
    "{\"community\": \"K2\", \"insurance\": \"employee\", \"last_year\": \"400000.01\"}]";
  static const char workload[] =
    ", \"distribution\": {\"method\": \"workload\", \"workload\": \"encounters\", \"primary_floor\": 0.4}, "
    "\"sharing\": {\"surplus\": [{\"from\": 0, \"to\": 1, \"community\": 0.5}], \"overspend\": [{\"from\": 0, "
    "\"to\": 1, \"fund\": 0.5}], \"overspend_bearer\": \"distribution\"}}";
  char json[4096];
  budget_edit(json, "\"last_year\": \"1000000.00\"}]", budgets);
  if (variant == 1) { /* the base's sharing and distribution replaced after the budgets' closing bracket */
    char *end = strchr(json, ']') + 1;
    snprintf(end, sizeof json - (size_t)(end - json), "%s", workload);
  }
  ygt_budget *b = NULL;
  assert_int_equal(ygt_budget_parse(&b, m, json, "budget.json"), YGT_OK);
  return b;
}

static void check(const ygt_budget *b, const ygt_model *m, int seed, double scale) {
  static year base, other;
  static figures one, f;
  static job jobs[NTHREAD];
  random_year(&base, scale);
  settle(&one, b, m, &base);
  assert_int_equal(one.rc, YGT_OK);
  assert_true(one.n > 100 && (scale < 1 ? one.balance > 0 : one.balance < 0));
  for (int k = 0; k < 3; k++) {
    size_t idx[NENC];
    shuffle(idx), permute(&other, &base, idx);
    settle(&f, b, m, &other);
    same(&one, &f, "shuffled", seed);
  }
  pthread_t t[NTHREAD];
  for (int k = 0; k < NTHREAD; k++) {
    size_t idx[NENC];
    shuffle(idx);
    jobs[k].b = b, jobs[k].m = m;
    permute(&jobs[k].y, &base, idx);
    assert_int_equal(pthread_create(&t[k], NULL, work, &jobs[k]), 0);
  }
  for (int k = 0; k < NTHREAD; k++) pthread_join(t[k], NULL);
  for (int k = 0; k < NTHREAD; k++) same(&one, &jobs[k].f, "threads", seed);
}

static void test_budget_any_order(void **state) {
  (void)state;
  ygt_model *m = fixture_model();
  for (int variant = 0; variant < 2; variant++) {
    ygt_budget *b = budget_variant(m, variant);
    for (int seed = 0; seed < 4; seed++) {
      rng = 0x9E3779B97F4A7C15u * (uint64_t)(2 * seed + variant + 1);
      check(b, m, seed, seed % 2 ? 1.3 : 0.8); /* overspend, surplus */
    }
    ygt_budget_free(b);
  }
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_budget_any_order)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
