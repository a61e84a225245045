/* Order, split and thread independence of the engines that had no such
 * test: per-diem settlement, capitation charges and workload tallies.  A
 * random batch (fixed seed) is settled once in order; then shuffled, in three
 * partitions merged, and by four threads each with its own accumulator; every
 * total must be bit-identical (doc/conventions.md: results do not depend on
 * input order, batch split or thread count). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>

#include "pay_fixture.h"

enum { N = 3000, NINST = 3, NTHREAD = 4 };

static uint64_t rng = 88172645463325252u;
static uint32_t draw(uint32_t n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

/* Stays and visits: institution, insurance, month, length of stay, cost. */
static void make_rows(pf_case *k, int32_t *cls, int32_t *home, int32_t *item, int64_t *qty) {
  for (size_t i = 0; i < N; i++) {
    k[i] = (pf_case){(int32_t)draw(NINST), (int32_t)draw(2), 20240100 + 100 * (int32_t)draw(12) + 1 + (int32_t)draw(28),
                     1 + (int32_t)draw(90), 1, 1000 + (int64_t)draw(5000000), (int64_t)draw(1000), 0, 0};
    cls[i] = (int32_t)draw(2), home[i] = (int32_t)draw(NINST + 1) - 1, item[i] = (int32_t)draw(3);
    qty[i] = draw(50);
  }
}

static void shuffle(size_t *idx) {
  for (size_t i = 0; i < N; i++) idx[i] = i;
  for (size_t i = N - 1; i > 0; i--) {
    size_t j = draw((uint32_t)i + 1), t = idx[i];
    idx[i] = idx[j], idx[j] = t;
  }
}

/* What one engine produces over rows [begin, end) of a batch. */
typedef struct world {
  pf_world w;
  ygt_perdiem *perdiem;
  ygt_workload *workload;
  pf_case k[N];
  int32_t cls[N], home[N], item[N], inst[N];
  int64_t qty[N];
} world;

typedef struct result {
  ygt_settle_accum *acc, *ledger;
  int64_t charged[NINST], units[NINST];
} result;

/* The rows of batch c (row i is world row idx[i]) from begin to end into r. */
static int run(result *r, const world *x, const ygt_cases *c, const size_t *idx, size_t begin, size_t end) {
  int32_t cls[N], home[N], item[N], inst[N];
  int64_t qty[N];
  for (size_t i = begin; i < end; i++) {
    size_t s = idx ? idx[i] : i;
    cls[i] = x->cls[s], home[i] = x->home[s], item[i] = x->item[s], inst[i] = x->inst[s], qty[i] = x->qty[s];
  }
  int rc = ygt_perdiem_settle(r->acc, r->ledger, NULL, NULL, NULL, NULL, x->perdiem, x->w.model, c, cls, begin, end);
  if (!rc) rc = ygt_capitation_charges(r->charged, NINST, c, home, begin, end);
  if (!rc) rc = ygt_workload_tally(r->units, NINST, x->workload, inst + begin, item + begin, qty + begin, end - begin);
  return rc;
}

static void result_new(result *r) {
  memset(r, 0, sizeof *r);
  assert_int_equal(ygt_settle_accum_new(&r->acc, NINST) | ygt_settle_accum_new(&r->ledger, NINST), YGT_OK);
}

static void result_free(result *r) { ygt_settle_accum_free(r->acc), ygt_settle_accum_free(r->ledger); }

/* a += b: accumulators merged, charges and units added. */
static void merge(result *a, const result *b) {
  assert_int_equal(ygt_settle_accum_merge(a->acc, b->acc) | ygt_settle_accum_merge(a->ledger, b->ledger), YGT_OK);
  for (int i = 0; i < NINST; i++) a->charged[i] += b->charged[i], a->units[i] += b->units[i];
}

static void same(const result *a, const result *b) {
  assert_true(pf_accum_equal(a->acc, b->acc) && pf_accum_equal(a->ledger, b->ledger));
  assert_memory_equal(a->charged, b->charged, sizeof a->charged);
  assert_memory_equal(a->units, b->units, sizeof a->units);
}

typedef struct job {
  const world *x;
  const ygt_cases *c;
  size_t begin, end;
  result r;
  int rc;
} job;

static void *work(void *arg) {
  job *j = arg;
  j->rc = run(&j->r, j->x, j->c, NULL, j->begin, j->end);
  return NULL;
}

static void threaded(result *out, const world *x, const ygt_cases *c) {
  job jobs[NTHREAD];
  pthread_t t[NTHREAD];
  for (int k = 0; k < NTHREAD; k++) {
    jobs[k] = (job){x, c, (size_t)k * N / NTHREAD, (size_t)(k + 1) * N / NTHREAD, {0}, 0};
    result_new(&jobs[k].r);
    assert_int_equal(pthread_create(&t[k], NULL, work, &jobs[k]), 0);
  }
  for (int k = 0; k < NTHREAD; k++) {
    pthread_join(t[k], NULL);
    assert_int_equal(jobs[k].rc, YGT_OK);
    merge(out, &jobs[k].r);
    result_free(&jobs[k].r);
  }
}

static void test_order_split_threads(void **state) {
  (void)state;
  static world x;
  char bands[256], items[256];
  assert_int_equal(pf_open(&x.w), YGT_OK);
  assert_non_null(pf_tsv(bands, "class|level|from_day|to_day|rate\npsychiatric|*|1||300.33\n"
                                "rehabilitation|*|1|60|500.50\nrehabilitation|3A|1||601.07\n"));
  assert_non_null(pf_tsv(items, "item_code|equivalent|name\nV01|1.0|门诊\nF01|0.25|随访\nH01|3.5|家庭病床\n"));
  assert_int_equal(ygt_perdiem_load(&x.perdiem, bands) | ygt_workload_load(&x.workload, items), YGT_OK);
  assert_int_equal(ygt_perdiem_set_fund_ratio(x.perdiem, -1, 0.83), YGT_OK);
  make_rows(x.k, x.cls, x.home, x.item, x.qty);
  for (size_t i = 0; i < N; i++) x.inst[i] = x.k[i].inst;
  size_t idx[N];
  shuffle(idx);
  ygt_cases *c, *shuffled;
  assert_int_equal(pf_cases(&c, &x.w, x.k, N, NULL) | pf_cases(&shuffled, &x.w, x.k, N, idx), YGT_OK);
  result one, other, parts;
  result_new(&one), result_new(&other), result_new(&parts);
  assert_int_equal(run(&one, &x, c, NULL, 0, N), YGT_OK);
  int64_t amount = 0;
  assert_int_equal(ygt_settle_accum_total(&amount, one.ledger, YGT_FIELD_AMOUNT, -1, -1, -1), YGT_OK);
  assert_true(amount > 0 && one.units[0] > 0 && one.charged[0] != 0); /* the batch reaches every engine */
  assert_int_equal(run(&other, &x, shuffled, idx, 0, N), YGT_OK);
  same(&one, &other);
  const size_t cut[] = {0, 1, N / 3 + 7, N};
  for (int p = 2; p >= 0; p--) { /* partitions merged last to first */
    result r;
    result_new(&r);
    assert_int_equal(run(&r, &x, shuffled, idx, cut[p], cut[p + 1]), YGT_OK);
    merge(&parts, &r);
    result_free(&r);
  }
  same(&one, &parts);
  result_free(&other), result_new(&other);
  threaded(&other, &x, c);
  same(&one, &other);
  result_free(&one), result_free(&other), result_free(&parts);
  ygt_cases_free(c), ygt_cases_free(shuffled);
  ygt_perdiem_free(x.perdiem), ygt_workload_free(x.workload);
  unlink(bands), unlink(items);
  pf_close(&x.w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_order_split_threads)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
