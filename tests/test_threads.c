/* Several threads share the immutable objects (dictionaries, model, DIP
 * catalogue, parameters, engine) and each settles its own slice of the
 * Zhuhai example year; the merged totals, point values and payments must be
 * bit-identical to one thread settling everything.  Run under
 * ThreadSanitizer in CI (build-tsan), so a data race fails the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>

#include "testutil.h"
#include "shared_data.h"

#define THREADS 4
#define BUNDLE SOURCE_ROOT "/examples/data/zhuhai"

typedef struct shared {
  ygt_codes *dx, *proc;
  ygt_model *model;
  ygt_dip_catalog *cat;
  ygt_settle_params *params;
  ygt_dip_engine *engine;
  ygt_cases *cases;
  size_t n;
  int8_t *status;
  int64_t *units, *amount, *fund;
} shared;

typedef struct slice {
  const shared *s;
  size_t begin, end;
  ygt_settle_accum *acc;
  const ygt_settle_values *values;
  ygt_settle_accum *ledger;
  int rc;
} slice;

static int load_shared(shared *s) {
  memset(s, 0, sizeof *s);
  if (!shared_data_have(SHARED_ICD10) || !shared_data_have(SHARED_ICD9)) return -1;
  if (ygt_codes_load(&s->dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10)) return -2;
  if (ygt_codes_load(&s->proc, YGT_CODE_PROCEDURE, SHARED_ICD9)) return -2;
  if (ygt_model_load(&s->model, BUNDLE) || ygt_dip_catalog_load(&s->cat, s->dx, s->proc, BUNDLE "/dip-catalogue.tsv") ||
      ygt_settle_params_load(&s->params, BUNDLE "/dip-params.json") ||
      ygt_dip_engine_new(&s->engine, s->cat, s->params, s->model) || ygt_cases_new(&s->cases, s->dx, s->proc, 0) ||
      ygt_cases_load(s->cases, BUNDLE "/dip-cases.tsv") || ygt_cases_resolve_institutions(s->cases, s->model) < 0)
    return -3;
  s->n = ygt_cases_count(s->cases);
  s->status = calloc(s->n, sizeof *s->status);
  s->units = calloc(s->n, sizeof *s->units);
  s->amount = calloc(s->n, sizeof *s->amount);
  s->fund = calloc(s->n, sizeof *s->fund);
  return 0;
}

static void free_shared(shared *s) {
  free(s->status); free(s->units); free(s->amount); free(s->fund);
  ygt_cases_free(s->cases);
  ygt_dip_engine_free(s->engine);
  ygt_settle_params_free(s->params);
  ygt_dip_catalog_free(s->cat);
  ygt_model_free(s->model);
  ygt_codes_free(s->proc);
  ygt_codes_free(s->dx);
}

static void *score_slice(void *arg) {
  slice *sl = arg;
  const shared *s = sl->s;
  sl->rc = ygt_dip_score(sl->acc, NULL, s->status, NULL, s->units, s->engine, s->cases, sl->begin, sl->end);
  return NULL;
}

static void *price_slice(void *arg) {
  slice *sl = arg;
  const shared *s = sl->s;
  sl->rc = ygt_settle_price(sl->ledger, s->amount, s->fund, sl->values, s->cases, s->status, s->units,
                            sl->begin, sl->end);
  return NULL;
}

/* Scores and prices [0, n) on `threads` threads; returns the merged ledger
 * and copies of the per-case amounts. */
static ygt_settle_accum *settle(shared *s, int threads, int64_t *amounts, double *point_value) {
  size_t ninst = ygt_model_institution_count(s->model);
  slice sl[THREADS];
  pthread_t t[THREADS];
  ygt_settle_accum *acc, *ledger;
  assert_int_equal(ygt_settle_accum_new(&acc, ninst), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&ledger, ninst), YGT_OK);
  for (int i = 0; i < threads; i++) {
    sl[i] = (slice){s, s->n * (size_t)i / (size_t)threads, s->n * (size_t)(i + 1) / (size_t)threads, NULL, NULL, NULL, 0};
    assert_int_equal(ygt_settle_accum_new(&sl[i].acc, ninst), YGT_OK);
    assert_int_equal(ygt_settle_accum_new(&sl[i].ledger, ninst), YGT_OK);
    assert_int_equal(pthread_create(&t[i], NULL, score_slice, &sl[i]), 0);
  }
  for (int i = 0; i < threads; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(sl[i].rc, YGT_OK);
    assert_int_equal(ygt_settle_accum_merge(acc, sl[i].acc), YGT_OK);
  }
  ygt_settle_values *values;
  assert_int_equal(ygt_settle_finalise(&values, acc, s->params), YGT_OK);
  assert_int_equal(ygt_settle_values_get(point_value, values, YGT_VALUE_POINT_VALUE, YGT_INSURANCE_EMPLOYEE), YGT_OK);
  for (int i = 0; i < threads; i++) {
    sl[i].values = values;
    assert_int_equal(pthread_create(&t[i], NULL, price_slice, &sl[i]), 0);
  }
  for (int i = 0; i < threads; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(sl[i].rc, YGT_OK);
    assert_int_equal(ygt_settle_accum_merge(ledger, sl[i].ledger), YGT_OK);
    ygt_settle_accum_free(sl[i].acc);
    ygt_settle_accum_free(sl[i].ledger);
  }
  memcpy(amounts, s->amount, s->n * sizeof *amounts);
  ygt_settle_values_free(values);
  ygt_settle_accum_free(acc);
  return ledger;
}

static void test_threads_equal_one_thread(void **state) {
  (void)state;
  shared s;
  int rc = load_shared(&s);
  if (rc == -1) skip(); /* shared ICD data not present */
  assert_int_equal(rc, 0);
  assert_true(s.n > 1000);
  int64_t *one = calloc(s.n, sizeof *one), *many = calloc(s.n, sizeof *many);
  double pv_one, pv_many;
  ygt_settle_accum *l1 = settle(&s, 1, one, &pv_one);
  ygt_settle_accum *l4 = settle(&s, THREADS, many, &pv_many);
  assert_true(pv_one == pv_many); /* bit-identical, not merely close */
  assert_memory_equal(one, many, s.n * sizeof *one);
  for (int field = YGT_FIELD_CASES; field <= YGT_FIELD_BUDGET_FUND; field++) {
    int64_t a, b;
    assert_int_equal(ygt_settle_accum_total(&a, l1, field, -1, -1, -1), YGT_OK);
    assert_int_equal(ygt_settle_accum_total(&b, l4, field, -1, -1, -1), YGT_OK);
    assert_int_equal(a, b);
  }
  int64_t amount;
  assert_int_equal(ygt_settle_accum_total(&amount, l4, YGT_FIELD_AMOUNT, -1, -1, -1), YGT_OK);
  assert_true(amount > 0);
  ygt_settle_accum_free(l1);
  ygt_settle_accum_free(l4);
  free(one);
  free(many);
  free_shared(&s);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_threads_equal_one_thread),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
