/* DIP: catalogue loading and validation, matching with traces, case scores
 * computed by hand, deviation boundaries, and malformed catalogues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "dip_fixture.h"
#include "shared_data.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (fixture_open(f, NULL)) {
    fprintf(stderr, "fixture: %s\n", ygt_error_last()->message);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture_close(*state);
  free(*state);
  assert_int_equal(ygt_allocated_blocks(), 0);
  return 0;
}

static ygt_cases *new_batch(const fixture *f) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f->dx, f->proc, 0), YGT_OK);
  return c;
}

static void test_catalog(void **state) {
  fixture *f = *state;
  assert_int_equal(ygt_dip_catalog_group_count(f->cat), 6);
  int32_t g = ygt_dip_catalog_group_find(f->cat, "K80-CON");
  assert_int_equal(g, 2);
  assert_string_equal(ygt_dip_group_code(f->cat, g), "K80-CON");
  assert_string_equal(ygt_dip_group_name(f->cat, g), "胆囊结石保守治疗");
  assert_int_equal(ygt_dip_group_kind(f->cat, g), YGT_DIP_CORE);
  assert_int_equal(ygt_dip_group_grassroots(f->cat, g), 1);
  assert_int_equal(ygt_dip_group_kind(f->cat, 4), YGT_DIP_COMPREHENSIVE);
  double rw;
  assert_int_equal(ygt_dip_group_rw(&rw, f->cat, 0), YGT_OK);
  assert_true(rw == 1.5);
  int64_t std;
  assert_int_equal(ygt_dip_group_std_cost(&std, f->cat, 0, YGT_LEVEL_3A), YGT_OK);
  assert_int_equal(std, 1200000); /* the 三级 column: 12000 yuan */
  assert_int_equal(ygt_dip_group_std_cost(&std, f->cat, 0, YGT_LEVEL_1), YGT_OK);
  assert_int_equal(std, 1000000); /* no 一级 column: std_cost */
  assert_int_equal(ygt_dip_group_kind(f->cat, 99), YGT_ERANGE);
  assert_null(ygt_dip_group_code(f->cat, -1));
  assert_int_equal(ygt_dip_catalog_group_find(f->cat, "nope"), YGT_ENOTFOUND);
  assert_string_equal(ygt_dip_proc_type_name(YGT_DIP_SURGICAL), "surgical");
  assert_null(ygt_dip_proc_type_name(4));
}

/* Matching: longest combination first, conservative core groups only for
 * cases without typed procedures, then comprehensive, else unmatched. */
static void test_match(void **state) {
  fixture *f = *state;
  ygt_cases *c = new_batch(f);
  const fx_case k[] = {
    {0, 0, 20240115, "K80.100", NULL, "51.2300", 100, 0, 0, 0},         /* core K80-LC */
    {0, 0, 20240115, "K80.100", NULL, "99.0400,51.2300", 100, 0, 0, 0}, /* core K80-LC-T (longer) */
    {0, 0, 20240115, "K80.101", NULL, NULL, 100, 0, 0, 0},              /* core K80-CON */
    {0, 0, 20240115, "K80.100", NULL, "88.7100", 100, 0, 0, 0},         /* diagnostic: comprehensive K80-DIA */
    {0, 0, 20240115, "I63.901", NULL, "00.6600", 100, 0, 0, 0},         /* comprehensive I63-SUR */
    {0, 0, 20240115, "I63.900", NULL, "88.7100", 100, 0, 0, 0},         /* no I63 diagnostic group */
    {0, 0, 20240115, "J18.900", NULL, NULL, 100, 0, 0, 0},              /* not in the catalogue */
    {0, 0, 20240115, "K80.200", NULL, "51.2200", 100, 0, 0, 0},         /* K80.2: no core, no surgical comp */
  };
  const int32_t want[] = {0, 1, 2, 5, 4, YGT_ENOTFOUND, YGT_ENOTFOUND, YGT_ENOTFOUND};
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) assert_int_equal(fixture_add(c, &k[i]), YGT_OK);
  char trace[512];
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int32_t g = ygt_dip_match(trace, sizeof trace, f->cat, c, i);
    if (g != want[i]) fail_msg("case %zu: group %d, want %d (%s)", i, g, want[i], trace);
  }
  ygt_dip_match(trace, sizeof trace, f->cat, c, 1);
  assert_non_null(strstr(trace, "core group K80-LC-T"));
  assert_non_null(strstr(trace, "procedures 99.0400+51.2300"));
  ygt_dip_match(trace, sizeof trace, f->cat, c, 3);
  assert_non_null(strstr(trace, "comprehensive group K80-DIA"));
  assert_non_null(strstr(trace, "type diagnostic"));
  ygt_dip_match(trace, sizeof trace, f->cat, c, 5);
  assert_non_null(strstr(trace, "unmatched, special review"));
  assert_int_equal(ygt_dip_match(trace, sizeof trace, f->cat, c, 99), YGT_ERANGE);
  ygt_cases_free(c);
}

typedef struct expect {
  fx_case k;
  int status, reason;
  int64_t units;
} expect;

static void run_expect(fixture *f, const expect *e, size_t n) {
  ygt_cases *c = new_batch(f);
  for (size_t i = 0; i < n; i++) assert_int_equal(fixture_add(c, &e[i].k), YGT_OK);
  int32_t group[32];
  int8_t status[32], reason[32];
  int64_t units[32];
  assert_int_equal(ygt_dip_score(NULL, group, status, reason, units, f->engine, c, 0, n), YGT_OK);
  for (size_t i = 0; i < n; i++) {
    char why[1024];
    ygt_dip_explain(why, sizeof why, f->engine, c, i);
    if (status[i] != e[i].status || reason[i] != e[i].reason || units[i] != e[i].units)
      fail_msg("case %zu: status %d reason %d units %lld, want %d %d %lld\n  %s", i, status[i], reason[i],
               (long long)units[i], e[i].status, e[i].reason, (long long)e[i].units, why);
  }
  ygt_cases_free(c);
}

/* Level coefficients: 3A (H3, index 0) 1.2, level 1 (H1, index 1) 0.8. */
static void test_scores_by_hand(void **state) {
  fixture *f = *state;
  const expect e[] = {
    /* K80-LC at 3A: std 12000 (三级), cost 12000 -> ratio 1; 1.5 × 1.2 = 1.8 points */
    {{0, 0, 20240110, "K80.100", NULL, "51.2300", 1200000, 0, 0, 0}, 0, 0, 1800000},
    /* K80-LC at level 1: std 10000, cost 10000; 1.5 × 0.8 = 1.2 */
    {{1, 0, 20240110, "K80.100", NULL, "51.2300", 1000000, 0, 0, 0}, 0, 0, 1200000},
    /* K80-LC-T at level 1, cost 3000 / std 12000 = 0.25 < 0.5: 1.8 × 0.8 × 0.25 = 0.36 */
    {{1, 1, 20240110, "K80.100", NULL, "51.2300,99.0400", 300000, 0, 0, 0}, 0, YGT_REASON_LOW_COST, 360000},
    /* 基层病种 K80-CON: 0.6 at level 1 and at 3A alike (level coefficient 1) */
    {{1, 0, 20240110, "K80.100", NULL, NULL, 400000, 0, 0, 0}, 0, 0, 600000},
    {{0, 0, 20240110, "K80.100", NULL, NULL, 400000, 0, 0, 0}, 0, 0, 600000},
    /* I63-SUR at 3A, age 85, cost 50000 / 20000 = 2.5 > 2: 2.0 × 1.1 × 1.2 × (2.5 - 1) = 3.96 */
    {{0, 1, 20240110, "I63.901", NULL, "00.6600", 5000000, 0, 85, 0}, 0, YGT_REASON_HIGH_COST, 3960000},
    /* I63-CON at 3A, std 8000: exactly 5 × std is high, not extreme: 1.0 × 1.2 × (5 - 1) = 4.8 */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 4000000, 0, 0, 0}, 0, YGT_REASON_HIGH_COST, 4800000},
    /* one fen above 5 × std: extreme, special review */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 4000001, 0, 0, 0}, 3, YGT_REASON_EXTREME_COST, 0},
    /* exactly 2 × std: normal, 1.2 */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 1600000, 0, 0, 0}, 0, 0, 1200000},
    /* one fen above 2 × std is high: 1.2 × (16000.01 / 8000 - 1) = 1.2 × 1.00000125 = 1.2000015 points
     * = 1200001.5 units, rounded once half away from zero: 1200002 */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 1600001, 0, 0, 0}, 0, YGT_REASON_HIGH_COST, 1200002},
    /* 16008 / 8000 = 2.001 > 2: 1.2 × (2.001 - 1) = 1.2012 */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 1600800, 0, 0, 0}, 0, YGT_REASON_HIGH_COST, 1201200},
    /* exactly 0.5 × std: normal */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 400000, 0, 0, 0}, 0, 0, 1200000},
    /* 3000 / 8000 = 0.375 < 0.5: 1.2 × 0.375 = 0.45 */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 300000, 0, 0, 0}, 0, YGT_REASON_LOW_COST, 450000},
    /* CCI 1 + 2 = 3 (× 1.2), severity 3 (× 1.05), age 85 (× 1.1), level 1 (× 0.8):
     * 1.0 × 1.1 × 1.2 × 1.05 × 0.8 = 1.1088 */
    {{1, 0, 20240110, "I63.900", "I10.x00,E11.900,N18.500", NULL, 800000, 0, 85, 0}, 0, 0, 1108800},
    /* CCI 1 only: no band; 1.0 × 0.8 = 0.8 */
    {{1, 0, 20240110, "I63.900", "I10.x00,I10.x00", NULL, 800000, 0, 0, 0}, 0, 0, 800000},
    /* day surgery: no deviation although cost / std = 0.25; 1.5 × 1.2 × 1 = 1.8 */
    {{0, 0, 20240110, "K80.100", NULL, "51.2300", 300000, 0, 0, 1}, 0, YGT_REASON_DAY_SURGERY, 1800000},
    /* unmatched: special review */
    {{0, 0, 20240110, "J18.900", NULL, NULL, 300000, 0, 0, 0}, 3, YGT_REASON_UNMATCHED, 0},
    /* invalid records */
    {{5, 0, 20240110, "I63.900", NULL, NULL, 300000, 0, 0, 0}, 1, YGT_REASON_NO_INSTITUTION, 0},
    {{0, 7, 20240110, "I63.900", NULL, NULL, 300000, 0, 0, 0}, 1, YGT_REASON_NO_INSURANCE, 0},
    {{0, 0, 20240110, "", NULL, NULL, 300000, 0, 0, 0}, 1, YGT_REASON_NO_PDX, 0},
    {{0, 0, 20240110, "I63.900", NULL, NULL, YGT_CASES_NA64, 0, 0, 0}, 1, YGT_REASON_NO_COST, 0},
    {{0, 0, 20240110, "Z99.999", NULL, NULL, 300000, 0, 0, 0}, 1, YGT_REASON_ROW_PROBLEM, 0},
  };
  run_expect(f, e, sizeof e / sizeof e[0]);
}

/* A DIP 3.0-shaped catalogue: pre-groups (先期分组, tried first, procedures
 * anywhere in the list, "手术操作中包含 39.6500或39.6500x001，不限定为主要手术操作"),
 * merge-rule cores at category level (K80*) with a principal-procedure list
 * (pproc) and related procedures, and a comprehensive group.
 *   PRE-ECMO  any dx, 39.65* anywhere                    RW 10,  std 100000
 *   PRE-I63   I63*, 99.04* anywhere                      RW 3,   std 30000
 *   K80-LC    K80* + 51.23* anywhere                     RW 1.5, std 10000
 *   K80-P     K80*, principal procedure in 51.2*         RW 1.6, std 11000
 *   K80-PR    K80*, principal in 51.2*, + 99.04*         RW 2.0, std 15000
 *   I63-SUR   I63*, surgical (comprehensive)             RW 2.0, std 20000 */
static const char dip3_catalog[] =
  "kind|group|name|dx|procs|proc_type|rw|std_cost|pproc\n"
  "proc_type||||51.23*, 00.66*, 39.65*|surgical|||\n"
  "proc_type||||99.04*|therapeutic|||\n"
  "pregroup|PRE-ECMO|体外膜肺氧合||39.65*||10|100000|\n"
  "pregroup|PRE-I63|脑梗死溶栓|I63*|99.04*||3|30000|\n"
  "core|K80-LC|胆石症腹腔镜胆囊切除|K80*|51.23*||1.5|10000|\n"
  "core|K80-P|胆石症，主要手术胆囊手术|K80*|||1.6|11000|51.2*\n"
  "core|K80-PR|胆石症，主要手术胆囊手术伴治疗性操作|K80*|99.04*||2.0|15000|51.2*\n"
  "comprehensive|I63-SUR|脑梗死手术|I63*||surgical|2.0|20000|\n";

enum { NDIP3 = 7 };

static void test_dip3_catalog_by_hand(void **state) {
  fixture *f = *state;
  char path[256], *tsv = fixture_tsv(dip3_catalog);
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", tsv));
  free(tsv);
  fixture g = *f;
  assert_int_equal(ygt_dip_catalog_load(&g.cat, f->dx, f->proc, path), YGT_OK);
  unlink(path);
  assert_int_equal(ygt_dip_group_kind(g.cat, 0), YGT_DIP_PREGROUP);
  assert_int_equal(ygt_dip_engine_new(&g.engine, g.cat, f->params, f->model), YGT_OK);
  ygt_cases *c = new_batch(&g);
  const fx_case k[NDIP3 + 1] = {
    {0, 0, 20240110, "K80.100", NULL, "51.2300,39.6500", 10000000, 0, 0, 0},     /* PRE-ECMO, not the principal */
    {1, 0, 20240110, "J18.900", NULL, "39.6500x001", 10000000, 0, 0, 0},        /* PRE-ECMO, any diagnosis */
    {1, 0, 20240110, "I63.900", NULL, "00.6600,99.0400", 3000000, 0, 0, 0},     /* PRE-I63 beats I63-SUR */
    {1, 0, 20240110, "K80.100", NULL, "99.0400,51.2300", 1000000, 0, 0, 0},     /* principal 99.04: K80-LC */
    {0, 0, 20240110, "I63.901", NULL, "00.6600", 2000000, 0, 0, 0},             /* comprehensive I63-SUR */
    {1, 0, 20240110, "K80.100", NULL, "51.2200", 1100000, 0, 0, 0},             /* K80-P */
    {1, 0, 20240110, "K80.100", NULL, "51.2200,99.0400", 1500000, 0, 0, 0},     /* K80-PR, the longer */
    {1, 0, 20240110, "K80.100", NULL, "99.0400,51.2200", 1500000, 0, 0, 0},     /* 51.22 not principal: none */
  };
  const char *const want[NDIP3] = {"PRE-ECMO", "PRE-ECMO", "PRE-I63", "K80-LC", "I63-SUR", "K80-P", "K80-PR"};
  /* by hand, level 3A (index 0) × 1.2, level 1 (index 1) × 0.8, cost = std: 10 × 1.2 = 12; 10 × 0.8 = 8;
   * 3 × 0.8 = 2.4; 1.5 × 0.8 = 1.2; 2.0 × 1.2 = 2.4; 1.6 × 0.8 = 1.28; 2.0 × 0.8 = 1.6 points */
  const int64_t units[NDIP3] = {12000000, 8000000, 2400000, 1200000, 2400000, 1280000, 1600000};
  for (size_t i = 0; i <= NDIP3; i++) assert_int_equal(fixture_add(c, &k[i]), YGT_OK);
  int32_t group[NDIP3];
  int8_t status[NDIP3], reason[NDIP3];
  int64_t got[NDIP3];
  assert_int_equal(ygt_dip_score(NULL, group, status, reason, got, g.engine, c, 0, NDIP3), YGT_OK);
  for (size_t i = 0; i < NDIP3; i++) {
    if (strcmp(ygt_dip_group_code(g.cat, group[i]), want[i]) != 0 || got[i] != units[i] || status[i] != 0)
      fail_msg("case %zu: %s %lld units (status %d), want %s %lld", i, ygt_dip_group_code(g.cat, group[i]),
               (long long)got[i], status[i], want[i], (long long)units[i]);
  }
  char trace[512];
  ygt_dip_match(trace, sizeof trace, g.cat, c, 0);
  assert_non_null(strstr(trace, "pre-group PRE-ECMO (dx any, procedures 39.65* anywhere), tried before the core"));
  ygt_dip_match(trace, sizeof trace, g.cat, c, 6);
  assert_non_null(strstr(trace, "core group K80-PR (dx K80*, procedures principal 51.2* | 99.04*)"));
  assert_int_equal(ygt_dip_match(trace, sizeof trace, g.cat, c, NDIP3), YGT_ENOTFOUND);
  ygt_cases_free(c);
  ygt_dip_engine_free(g.engine);
  ygt_dip_catalog_free(g.cat);
}

/* aux_combine "max" and other thresholds come from the parameters. */
static void test_parameters_change_scores(void **state) {
  (void)state;
  char params[4096];
  const char *from = strstr(fixture_params, "\"prepay_ratio\"");
  snprintf(params, sizeof params, "%.*s\"aux_combine\": \"max\", \"max_los_days\": 60,\n"
           "  \"deviation\": {\"low\": 0.4, \"high\": 3, \"extreme\": 6},\n"
           "  \"assessment_coefficients\": {\"H1\": 1.05}, \"support_coefficients\": {\"I63-CON\": 1.5},\n  %s",
           (int)(strstr(fixture_params, "  \"deviation\"") - fixture_params), fixture_params, from);
  fixture f;
  if (fixture_open(&f, params)) fail_msg("%s", ygt_error_last()->message);
  const expect e[] = {
    /* this set has no level coefficients (1 everywhere).  The largest of 1.1, 1.2, 1.05 = 1.2;
     * × assessment of H1 1.05 × support of I63-CON 1.5 = 1.89 */
    {{1, 0, 20240110, "I63.900", "I10.x00,E11.900,N18.500", NULL, 800000, 0, 85, 0}, 0, 0, 1890000},
    /* 0.45 of std is normal with low 0.4: 1.0 × 1.5 = 1.5 */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 360000, 0, 0, 0}, 0, 0, 1500000},
    /* 2.5 of std is normal with high 3 */
    {{0, 0, 20240110, "I63.900", NULL, NULL, 2000000, 0, 0, 0}, 0, 0, 1500000},
  };
  run_expect(&f, e, sizeof e / sizeof e[0]);
  ygt_cases *c = new_batch(&f);
  fx_case k = {0, 0, 20240110, "I63.900", NULL, NULL, 800000, 0, 0, 0};
  assert_int_equal(fixture_add(c, &k), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, 0, YGT_CASE_LOS_DAYS, 61), YGT_OK);
  int8_t st, why;
  assert_int_equal(ygt_dip_score(NULL, NULL, &st, &why, NULL, f.engine, c, 0, 1), YGT_OK);
  assert_int_equal(st, YGT_SETTLE_EXCLUDED);
  assert_int_equal(why, YGT_REASON_LONG_STAY);
  ygt_cases_free(c);
  fixture_close(&f);
}

static void test_explain(void **state) {
  fixture *f = *state;
  ygt_cases *c = new_batch(f);
  fx_case k = {0, 1, 20240110, "I63.901", NULL, "00.6600", 5000000, 0, 85, 0};
  assert_int_equal(fixture_add(c, &k), YGT_OK);
  char why[1024];
  int n = ygt_dip_explain(why, sizeof why, f->engine, c, 0);
  assert_true(n > 0);
  assert_non_null(strstr(why, "comprehensive group I63-SUR"));
  assert_non_null(strstr(why, "cost ratio 2.5"));
  assert_non_null(strstr(why, "high > 2"));
  assert_non_null(strstr(why, "aux 1.1"));
  assert_non_null(strstr(why, "= 3960000 units"));
  assert_int_equal(ygt_dip_explain(why, sizeof why, f->engine, c, 5), YGT_ERANGE);
  ygt_cases_free(c);
}

/* ---- malformed catalogues --------------------------------------------- */

typedef struct bad_catalog {
  const char *rows; /* after the header, '|' for tabs */
  int code, line;
  const char *field, *fragment;
} bad_catalog;

#define OKROW "core|G0||I63.9*|||1.0|8000|||||||\n"

static const bad_catalog bad_catalogs[] = {
  {"bogus|G1||I63.9*|||1.0|8000|||||||\n", YGT_EPARSE, 2, "kind", "unknown kind"},
  {OKROW "core|G0||K80.1*|||1.0|8000|||||||\n", YGT_EEXISTS, 3, "group", "already defined on line 2"},
  {"core|G1||I63.9*||||8000|||||||\n", YGT_EPARSE, 2, "rw", "missing"},
  {"core|G1||I63.9*|||abc|8000|||||||\n", YGT_EPARSE, 2, "rw", "not a number"},
  {"core|G1||I63.9*|||-1|8000|||||||\n", YGT_ERANGE, 2, "rw", "outside (0, 1000]"},
  {"core|G1||I63.9*|||9.2e16|8000|||||||\n", YGT_ERANGE, 2, "rw", "'9.2e16' is outside (0, 1000]"},
  {"core|G1||||||1.0|8000|||||||\n", YGT_EPARSE, 2, "dx", "missing"},
  {"pregroup|P1|||||1.0|8000|||||||\n", YGT_EPARSE, 2, "procs", "a pre-group needs procedures"},
  {"pregroup|P1|||39.65*|surgical|1.0|8000|||||||\n", YGT_EPARSE, 2, "proc_type", "not used by pregroup rows"},
  {"comprehensive|G1||I63*||surgical|1.0|8000||||||||51.23*\n", YGT_EPARSE, 2, "pproc", "not used by comprehensive"},
  {"core|G1||I63*|||1.0|8000||||||||nonsense\n", YGT_ENOTFOUND, 2, "pproc", ""},
  {"core|G1||Z99.999|||1.0|8000|||||||\n", YGT_ENOTFOUND, 2, "dx", "Z99.999"},
  {"core|G1||I63-I20|||1.0|8000|||||||\n", YGT_EPARSE, 2, "dx", "backwards"},
  {"core|G1||I63.9*|99.9999||1.0|8000|||||||\n", YGT_ENOTFOUND, 2, "procs", "99.9999"},
  {"comprehensive|G1||I63*||surgery|1.0|8000|||||||\n", YGT_EPARSE, 2, "proc_type", "'surgery'"},
  {OKROW "core|G1||I63.900|||1.5|9000|||||||\n", YGT_EVALIDATE, 3, "dx", "overlaps group G0"},
  {"comprehensive|C1||I63*||surgical|1.0|8000|||||||\ncomprehensive|C2||I63.9*||surgical|1.0|8000|||||||\n",
   YGT_EVALIDATE, 3, "dx", "overlaps group C1"},
  {"core|G1||I63.9*|||1.0|12.345|||||||\n", YGT_EPARSE, 2, "std_cost", "not an amount"},
  {"core|G1||I63.9*|||1.0|8000||2||||||\n", YGT_ERANGE, 2, "grassroots", "outside 0..1"},
  {OKROW "aux||||||||||weight|1||1.1|\n", YGT_EPARSE, 3, "factor", "'weight'"},
  {OKROW "aux||||||||||age|60|80|1.1|\naux||||||||||age|80||1.2|\n", YGT_EVALIDATE, 4, "low", "overlaps"},
  {OKROW "aux||||||||||age|60||0|\n", YGT_ERANGE, 3, "coef", "outside (0, 100]"},
  {"", YGT_EVALIDATE, 0, "group", "no group"},
  {"comprehensive|C1||I63*|51.23*|surgical|1.0|8000|||||||\n", YGT_EPARSE, 2, "procs", "not used by"},
  {OKROW "proc_type||||51.23*|surgical|||||||||\nproc_type||||51.2300|diagnostic|||||||||\n", YGT_EVALIDATE, 4,
   "procs", "already has type surgical"},
  {"core|||I63.9*|||1.0|8000|||||||\n", YGT_EPARSE, 2, "group", "missing"},
  {OKROW "cci|||I10*|||||||||||x\n", YGT_EPARSE, 3, "weight", "not an integer"},
  {"core|G1||I63.9*|||1.0||||||||\n", YGT_EPARSE, 2, "std_cost", "missing"},
  {"core|G1||I63.9*|||1.0|8000|||||1.2||\n", YGT_EPARSE, 2, "high", "not used by core"},
};

static void test_malformed_catalogs(void **state) {
  fixture *f = *state;
  char path[256];
  for (size_t i = 0; i < sizeof bad_catalogs / sizeof bad_catalogs[0]; i++) {
    const bad_catalog *b = &bad_catalogs[i];
    char text[2048];
    snprintf(text, sizeof text, DIP_HEADER "%s", b->rows);
    char *tsv = fixture_tsv(text);
    assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", tsv));
    free(tsv);
    ygt_dip_catalog *cat = (ygt_dip_catalog *)1;
    int rc = ygt_dip_catalog_load(&cat, f->dx, f->proc, path);
    const ygt_error *e = ygt_error_last();
    if (rc != b->code || e->line != b->line || strcmp(e->field, b->field) != 0 || !strstr(e->message, b->fragment) ||
        !strstr(e->message, path))
      fail_msg("catalogue %zu: rc %d line %d field '%s': %s", i, rc, e->line, e->field, e->message);
    assert_null(cat);
    unlink(path);
  }
  /* the header needs a kind column */
  char *tsv = fixture_tsv("group|dx\nG1|I63.9*\n");
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", tsv));
  free(tsv);
  ygt_dip_catalog *cat;
  assert_int_equal(ygt_dip_catalog_load(&cat, f->dx, f->proc, path), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "kind"));
  unlink(path);
  assert_int_equal(ygt_dip_catalog_load(&cat, f->dx, f->proc, "/nonexistent/cat.tsv"), YGT_EIO);
  assert_int_equal(ygt_dip_catalog_load(&cat, f->proc, f->dx, path), YGT_EINVAL);
}

/* Allocation failures at every step leave nothing behind. */
static void test_catalog_oom(void **state) {
  fixture *f = *state;
  size_t base = ygt_allocated_blocks();
  /* the fixture holds blocks from the default allocator: use a fresh world */
  (void)base;
  fixture_close(f);
  assert_int_equal(ygt_allocated_blocks(), 0);
  char *text = fixture_catalog_text();
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
  free(text);
  testutil_failing fail;
  int done = 0;
  for (long at = 1; !done && at < 5000; at++) {
    assert_int_equal(testutil_fail_install(&fail, 0), YGT_OK);
    fixture w;
    memset(&w, 0, sizeof w);
    assert_int_equal(fixture_dicts(&w), YGT_OK);
    fail.calls = 0;
    fail.fail_at = at;
    ygt_dip_catalog *cat = NULL;
    int rc = ygt_dip_catalog_load(&cat, w.dx, w.proc, path);
    fail.fail_at = 0;
    if (rc == YGT_OK) done = 1;
    else assert_int_equal(rc, YGT_ENOMEM);
    ygt_dip_catalog_free(cat);
    ygt_codes_free(w.dx);
    ygt_codes_free(w.proc);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  }
  assert_true(done);
  unlink(path);
  assert_int_equal(fixture_open(f, NULL), YGT_OK);
}

/* The same catalogue over the national dictionaries (skipped without them). */
static void test_real_dictionaries(void **state) {
  (void)state;
  ygt_codes *dx, *proc;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  SKIP_WITHOUT_SHARED(SHARED_ICD9);
  assert_int_equal(ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10), YGT_OK);
  assert_int_equal(ygt_codes_load(&proc, YGT_CODE_PROCEDURE, SHARED_DATA_DIR "/icd/icd9cm3_yibao_v2.0.tsv"), YGT_OK);
  char *text = fixture_catalog_text(), path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
  free(text);
  ygt_dip_catalog *cat;
  if (ygt_dip_catalog_load(&cat, dx, proc, path)) fail_msg("%s", ygt_error_last()->message);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  fx_case k = {0, 0, 20240110, "K80.100x001", NULL, "51.2300x004", 100, 0, 0, 0};
  if (ygt_codes_id(dx, k.pdx) < 0) k.pdx = "K80.100";
  if (ygt_codes_id(proc, k.procs) < 0) k.procs = "51.2300";
  assert_int_equal(fixture_add(c, &k), YGT_OK);
  char trace[512];
  assert_int_equal(ygt_dip_match(trace, sizeof trace, cat, c, 0), 0);
  ygt_cases_free(c);
  ygt_dip_catalog_free(cat);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_catalog),
    cmocka_unit_test(test_match),
    cmocka_unit_test(test_scores_by_hand),
    cmocka_unit_test(test_dip3_catalog_by_hand),
    cmocka_unit_test(test_parameters_change_scores),
    cmocka_unit_test(test_explain),
    cmocka_unit_test(test_malformed_catalogs),
    cmocka_unit_test(test_catalog_oom),
    cmocka_unit_test(test_real_dictionaries),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, setup, teardown));
}
