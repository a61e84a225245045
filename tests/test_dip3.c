/* DIP 3.0 catalogue structure: pre-groups on ventilation hours (with and
 * without CRRT) and newborn weight bands, the not-grouped lists,
 * subdivisions of core groups (burns, tumours, drug-resistant tuberculosis),
 * 基层病种 and a separate score table; scores computed by hand; loader errors
 * naming file, line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "dip_fixture.h"

/* Synthetic codes in the 医保版 shapes; what each stands for is in its comment. */
static const char *const dx_codes[] = {
  "J96.000",     /* 急性呼吸衰竭 */
  "P07.100",     /* 低出生体重 */
  "R50.900",     /* 发热 (a principal diagnosis that is not grouped) */
  "A16.200",     /* 肺结核 */
  "A15.000x007", /* 耐多药肺结核 (drug-resistant) */
  "T21.300",     /* 躯干三度烧伤 */
  "T31.300",     /* 烧伤面积 30-39% */
  "T31.100",     /* 烧伤面积 10-19% */
  "C34.900",     /* 肺恶性肿瘤 */
  NULL};
static const char *const proc_codes[] = {
  "39.9500", /* CRRT */
  "89.0300", /* a principal procedure that is not grouped */
  "33.2200", /* 支气管镜检查 */
  "86.2200", /* 清创 */
  "99.2500", /* 化疗 */
  "92.2900", /* 放疗 */
  NULL};

/* Scores are in a table of their own; the catalogue has none.
 *   PRE-VENT-CRRT  vent_hours >= 96 and CRRT anywhere     RW 20,  std 200000
 *   PRE-VENT       vent_hours >= 96, no CRRT              RW 15,  std 150000
 *   PRE-P07-A      P07*, age_days < 29, weight < 1000     RW 12,  std 120000
 *   PRE-P07-B      P07*, age_days < 29, 1000..1499 g      RW 8,   std 80000
 *   J96-CON        J96*, conservative                     RW 1.2, std 12000
 *   T21-DEB        T21*, 86.22*                           RW 3,   std 30000
 *   T21-DEB-30     … with a diagnosis T31.3* (30-39 %)    RW 5,   std 50000
 *   C34-CHEMO      C34*, 99.25*                           RW 1.5, std 15000
 *   C34-CHEMO-RT   … with 92.29* anywhere                 RW 2.5, std 25000
 *   A16-CON        A16*, conservative, 基层病种            RW 0.8, std 8000
 *   A16-CON-DR     … with A15.000x007 (drug-resistant)    RW 1.6, std 16000
 *   A16-BRONCH     A16*, 33.22*                           RW 1.1, std 11000 */
static const char catalog[] =
  "kind|group|name|dx|procs|cond|not_procs|with_dx|parent|grassroots\n"
  "pregroup|PRE-VENT-CRRT|呼吸机≥96小时伴CRRT||39.95*|vent_hours>=96||||\n"
  "pregroup|PRE-VENT|呼吸机≥96小时不伴CRRT|||vent_hours ≥ 96|39.95*|||\n"
  "pregroup|PRE-P07-A|新生儿<1000克|P07*||age_days<29; birth_weight_g<1000||||\n"
  "pregroup|PRE-P07-B|新生儿1000-1499克|P07*||age_days<29;birth_weight_g>=1000;birth_weight_g<=1499||||\n"
  "not_grouped_dx||发热|R50*||||||\n"
  "not_grouped_proc||诊断性访谈||89.03*|||||\n"
  "core|J96-CON|呼吸衰竭|J96*||||||\n"
  "core|T21-DEB|躯干烧伤清创|T21*|86.22*|||||\n"
  "subdivision|T21-DEB-30|躯干烧伤清创，面积30-39%|||||T31.3*|T21-DEB|\n"
  "core|C34-CHEMO|肺癌化疗|C34*|99.25*|||||\n"
  "subdivision|C34-CHEMO-RT|肺癌化疗伴放疗||92.29*||||C34-CHEMO|\n"
  "core|A16-CON|肺结核|A16*||||||1\n"
  "subdivision|A16-CON-DR|耐药肺结核|||||A15.000x007|A16-CON|\n"
  "core|A16-BRONCH|肺结核支气管镜|A16*|33.22*|||||\n";

static const char scores[] =
  "group|name|rw|std_cost\n"
  "PRE-VENT-CRRT||20|200000\nPRE-VENT||15|150000\nPRE-P07-A||12|120000\nPRE-P07-B||8|80000\n"
  "J96-CON||1.2|12000\nT21-DEB||3|30000\nT21-DEB-30||5|50000\nC34-CHEMO||1.5|15000\nC34-CHEMO-RT||2.5|25000\n"
  "A16-CON||0.8|8000\nA16-CON-DR||1.6|16000\nA16-BRONCH||1.1|11000\n";

typedef struct world {
  fixture f;
  char cat_path[256], score_path[256];
} world;

static int dicts(fixture *f) {
  int rc = ygt_codes_new(&f->dx, YGT_CODE_DIAGNOSIS);
  if (!rc) rc = ygt_codes_new(&f->proc, YGT_CODE_PROCEDURE);
  for (int i = 0; !rc && dx_codes[i]; i++) rc = ygt_codes_add(f->dx, dx_codes[i], "", NULL);
  for (int i = 0; !rc && proc_codes[i]; i++) rc = ygt_codes_add(f->proc, proc_codes[i], "", NULL);
  return rc;
}

static const char *write_tsv(char *path, size_t cap, const char *text) {
  char *tsv = fixture_tsv(text);
  const char *p = testutil_write_temp(path, cap, ".tsv", tsv);
  free(tsv);
  return p;
}

static int setup(void **state) {
  world *w = calloc(1, sizeof *w);
  fixture *f = &w->f;
  int rc = dicts(f);
  if (!rc) rc = fixture_model(&f->model);
  if (!rc && (!write_tsv(w->cat_path, sizeof w->cat_path, catalog) ||
              !write_tsv(w->score_path, sizeof w->score_path, scores)))
    rc = YGT_EIO;
  if (!rc) rc = ygt_dip_catalog_load_scored(&f->cat, f->dx, f->proc, w->cat_path, w->score_path);
  if (!rc) rc = ygt_settle_params_parse(&f->params, fixture_params, "params.json");
  if (!rc) rc = ygt_dip_engine_new(&f->engine, f->cat, f->params, f->model);
  if (rc) fprintf(stderr, "setup: %s\n", ygt_error_last()->message);
  *state = w;
  return rc ? -1 : 0;
}

static int teardown(void **state) {
  world *w = *state;
  unlink(w->cat_path);
  unlink(w->score_path);
  fixture_close(&w->f);
  free(w);
  assert_int_equal(ygt_allocated_blocks(), 0);
  return 0;
}

/* A case: institution (0: 三甲 × 1.2, 1: 一级 × 0.8), diagnoses, procedures,
 * ventilation hours, age in days and birth weight (-1: not given), cost in fen. */
typedef struct v3_case {
  int32_t inst;
  const char *pdx, *sdx, *procs;
  int32_t vent, age_days, weight;
  int64_t cost;
  const char *want;
  int status, reason;
  int64_t units;
} v3_case;

enum { OK = YGT_SETTLE_OK, SR = YGT_SETTLE_SPECIAL_REVIEW };

/* By hand: the cost equals the group's standard cost (deviation 1), so
 * units = RW × level × 10^6; A16-CON is a 基层病种 (level coefficient 1). */
static const v3_case cases[] = {
  {0, "J96.000", NULL, "39.9500", 100, -1, -1, 20000000, "PRE-VENT-CRRT", OK, 0, 24000000},      /* 20 × 1.2 */
  {1, "J96.000", NULL, NULL, 96, -1, -1, 15000000, "PRE-VENT", OK, 0, 12000000},                 /* 15 × 0.8 */
  {1, "J96.000", NULL, NULL, 95, -1, -1, 1200000, "J96-CON", OK, 0, 960000},                     /* 1.2 × 0.8 */
  {1, "J96.000", NULL, NULL, -1, -1, -1, 1200000, "J96-CON", OK, 0, 960000},                     /* no hours */
  {0, "P07.100", NULL, NULL, -1, 10, 900, 12000000, "PRE-P07-A", OK, 0, 14400000},               /* 12 × 1.2 */
  {0, "P07.100", NULL, NULL, -1, 28, 1499, 8000000, "PRE-P07-B", OK, 0, 9600000},                /* 8 × 1.2 */
  {0, "P07.100", NULL, NULL, -1, 29, 900, 8000000, NULL, SR, YGT_REASON_UNMATCHED, 0},           /* 29 days */
  {0, "P07.100", NULL, NULL, -1, 10, 1500, 8000000, NULL, SR, YGT_REASON_UNMATCHED, 0},          /* 1500 g */
  {0, "P07.100", NULL, NULL, -1, 10, 0, 8000000, NULL, SR, YGT_REASON_UNMATCHED, 0},             /* no weight */
  {1, "R50.900", NULL, NULL, -1, -1, -1, 100000, NULL, SR, YGT_REASON_NOT_GROUPED, 0},
  {1, "A16.200", NULL, "89.0300", -1, -1, -1, 100000, NULL, SR, YGT_REASON_NOT_GROUPED, 0},
  {1, "A16.200", NULL, "33.2200,89.0300", -1, -1, -1, 1100000, "A16-BRONCH", OK, 0, 880000},     /* 1.1 × 0.8 */
  {0, "T21.300", "T31.300", "86.2200", -1, -1, -1, 5000000, "T21-DEB-30", OK, 0, 6000000},      /* 5 × 1.2 */
  {0, "T21.300", "T31.100", "86.2200", -1, -1, -1, 3000000, "T21-DEB", OK, 0, 3600000},         /* 3 × 1.2 */
  {1, "C34.900", NULL, "99.2500,92.2900", -1, -1, -1, 2500000, "C34-CHEMO-RT", OK, 0, 2000000}, /* 2.5 × 0.8 */
  {1, "C34.900", NULL, "99.2500", -1, -1, -1, 1500000, "C34-CHEMO", OK, 0, 1200000},            /* 1.5 × 0.8 */
  {1, "A16.200", "A15.000x007", NULL, -1, -1, -1, 1600000, "A16-CON-DR", OK, 0, 1280000},       /* 1.6 × 0.8 */
  {0, "A16.200", NULL, NULL, -1, -1, -1, 800000, "A16-CON", OK, 0, 800000},                     /* 0.8 × 1 */
  {1, "R50.900", NULL, NULL, 120, -1, -1, 15000000, "PRE-VENT", OK, 0, 12000000},               /* pre-groups first */
};
#define NCASES (sizeof cases / sizeof cases[0])

static void add_case(ygt_cases *c, const v3_case *k) {
  fx_case fx = {k->inst, 0, 20270310, k->pdx, k->sdx, k->procs, k->cost, 0, 0, 0};
  assert_int_equal(fixture_add(c, &fx), YGT_OK);
  size_t r = ygt_cases_count(c) - 1;
  if (k->vent >= 0) assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_VENT_HOURS, k->vent), YGT_OK);
  if (k->age_days >= 0) assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_AGE_DAYS, k->age_days), YGT_OK);
  if (k->weight >= 0) assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_BIRTH_WEIGHT_G, k->weight), YGT_OK);
}

static ygt_cases *batch(const fixture *f) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f->dx, f->proc, 0), YGT_OK);
  for (size_t i = 0; i < NCASES; i++) add_case(c, &cases[i]);
  return c;
}

static void test_scores_by_hand(void **state) {
  fixture *f = &((world *)*state)->f;
  ygt_cases *c = batch(f);
  int32_t group[NCASES];
  int8_t status[NCASES], reason[NCASES];
  int64_t units[NCASES];
  assert_int_equal(ygt_dip_score(NULL, group, status, reason, units, f->engine, c, 0, NCASES), YGT_OK);
  for (size_t i = 0; i < NCASES; i++) {
    const v3_case *k = &cases[i];
    const char *got = group[i] >= 0 ? ygt_dip_group_code(f->cat, group[i]) : NULL;
    int same = k->want ? (got && strcmp(got, k->want) == 0) : got == NULL;
    if (!same || status[i] != k->status || reason[i] != k->reason || units[i] != k->units)
      fail_msg("case %zu: %s status %d reason %d %lld units; want %s %d %d %lld", i, got ? got : "-", status[i],
               reason[i], (long long)units[i], k->want ? k->want : "-", k->status, k->reason, (long long)k->units);
    /* one row at a time gives the same as the batch */
    int32_t g1;
    int64_t u1;
    assert_int_equal(ygt_dip_score(NULL, &g1 - i, NULL, NULL, &u1 - i, f->engine, c, i, i + 1), YGT_OK);
    assert_int_equal(g1, group[i]);
    assert_int_equal(u1, units[i]);
  }
  ygt_cases_free(c);
}

/* A batch large enough for the batch path's match cache: rows with the
 * same diagnosis and procedures but other ventilation hours, ages or
 * secondary diagnoses still get their own groups (conditions and
 * with-diagnosis lists turn the cache off). */
static void test_large_batch(void **state) {
  fixture *f = &((world *)*state)->f;
  enum { COPIES = 40 };
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f->dx, f->proc, 0), YGT_OK);
  for (size_t k = 0; k < COPIES; k++)
    for (size_t i = 0; i < NCASES; i++) add_case(c, &cases[i]);
  static int32_t group[COPIES * NCASES];
  static int64_t units[COPIES * NCASES];
  assert_int_equal(ygt_dip_score(NULL, group, NULL, NULL, units, f->engine, c, 0, COPIES * NCASES), YGT_OK);
  for (size_t r = 0; r < COPIES * NCASES; r++) {
    const v3_case *k = &cases[r % NCASES];
    const char *got = group[r] >= 0 ? ygt_dip_group_code(f->cat, group[r]) : NULL;
    if (k->want ? !got || strcmp(got, k->want) != 0 : got != NULL)
      fail_msg("row %zu: %s, want %s", r, got ? got : "-", k->want ? k->want : "-");
    assert_int_equal(units[r], k->units);
  }
  ygt_cases_free(c);
}

static void test_structure_and_traces(void **state) {
  fixture *f = &((world *)*state)->f;
  const ygt_dip_catalog *cat = f->cat;
  int32_t sub = ygt_dip_catalog_group_find(cat, "T21-DEB-30");
  assert_int_equal(ygt_dip_group_kind(cat, sub), YGT_DIP_SUBDIVISION);
  assert_int_equal(ygt_dip_group_parent(cat, sub), ygt_dip_catalog_group_find(cat, "T21-DEB"));
  assert_int_equal(ygt_dip_group_parent(cat, 0), -1);
  assert_int_equal(ygt_dip_group_parent(cat, 99), YGT_ERANGE);
  assert_int_equal(ygt_dip_group_grassroots(cat, ygt_dip_catalog_group_find(cat, "A16-CON")), 1);
  double rw;
  assert_int_equal(ygt_dip_group_rw(&rw, cat, sub), YGT_OK);
  assert_true(rw == 5.0);
  ygt_cases *c = batch(f);
  char trace[512];
  assert_int_equal(ygt_dip_match(trace, sizeof trace, cat, c, 9), YGT_ENOTFOUND);
  assert_non_null(strstr(trace, "the principal diagnosis is not grouped ("));
  assert_non_null(strstr(trace, "line 6)"));
  assert_int_equal(ygt_dip_match(trace, sizeof trace, cat, c, 10), YGT_ENOTFOUND);
  assert_non_null(strstr(trace, "the principal procedure is not grouped"));
  ygt_dip_match(trace, sizeof trace, cat, c, 12);
  assert_non_null(strstr(trace, "core group T21-DEB (the best of 1 core candidate(s)), refined by its subdivision "
                                "T21-DEB-30"));
  ygt_dip_match(trace, sizeof trace, cat, c, 1);
  assert_non_null(strstr(trace, "pre-group PRE-VENT (dx any, procedures  anywhere, its conditions hold)"));
  assert_true(ygt_dip_explain(trace, sizeof trace, f->engine, c, 9) > 0);
  assert_non_null(strstr(trace, "(not_grouped)"));
  ygt_cases_free(c);
}

/* The vent_hours column is read from case files like the other settlement columns. */
static void test_vent_hours_column(void **state) {
  fixture *f = &((world *)*state)->f;
  assert_string_equal(ygt_cases_column_name(YGT_CASE_VENT_HOURS), "vent_hours");
  assert_int_equal(ygt_cases_column_type(YGT_CASE_VENT_HOURS), YGT_CASE_TYPE_INT32);
  assert_true(ygt_cases_column_count() > YGT_CASE_VENT_HOURS);
  char path[256];
  assert_non_null(write_tsv(path, sizeof path, "case_id|pdx|vent_hours\nA|J96.000|97\nB|J96.000|x\n"));
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f->dx, f->proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(c, path), YGT_OK);
  int32_t v;
  assert_int_equal(ygt_cases_get_int(c, 0, YGT_CASE_VENT_HOURS, &v), YGT_OK);
  assert_int_equal(v, 97);
  assert_int_equal(ygt_cases_row_flags(c, 1), YGT_CASE_ROW_MALFORMED);
  assert_non_null(strstr(ygt_cases_row_message(c, 1), "vent_hours"));
  ygt_cases_free(c);
  unlink(path);
}

typedef struct bad {
  const char *catalog, *scores; /* rows after the headers */
  int code, line;
  const char *field, *fragment;
  int in_scores; /* the error names the score table */
} bad;

#define CAT_HEADER "kind|group|name|dx|procs|cond|not_procs|with_dx|parent|rw|std_cost\n"
#define CORE "core|K|肺结核|A16*||||||\n"
#define SCORE_HEADER "group|rw|std_cost\n"

static const bad bads[] = {
  {"pregroup|P||||vent>=96|||\n", "", YGT_EPARSE, 2, "cond", "expected vent_hours, age_days", 0},
  {"pregroup|P||||vent_hours~96|||\n", "", YGT_EPARSE, 2, "cond", "expected one of >=", 0},
  {"pregroup|P||||vent_hours>=x|||\n", "", YGT_EPARSE, 2, "cond", "whole number", 0},
  {"pregroup|P||||vent_hours>=1;age_days<2;age_days<3;age_days<4;age_days<5|||\n", "", YGT_ELIMIT, 2, "cond",
   "at most 4", 0},
  {"pregroup|P|||||39.95*||\n", "", YGT_EPARSE, 2, "procs", "procedures or a condition", 0},
  {"pregroup|P||||||A16*|\n", "", YGT_EPARSE, 2, "with_dx", "not used by pregroup", 0},
  {"subdivision|S||||||A15*|K\n" CORE, "", YGT_ENOTFOUND, 2, "parent", "no core group 'K' on an earlier line", 0},
  {CORE "subdivision|S|||||||K\n", "", YGT_EPARSE, 3, "with_dx", "needs with_dx, procs or cond", 0},
  {"pregroup|P||||age_days<29|||\nsubdivision|S||||||A15*|P\n", "", YGT_EPARSE, 3, "parent", "not a core", 0},
  {CORE "subdivision|S||||||Z99.999|K\n", "", YGT_ENOTFOUND, 3, "with_dx", "Z99.999", 0},
  {"not_grouped_dx|||R50*|39.95*|||||\n" CORE, "", YGT_EPARSE, 2, "procs", "not used by not_grouped_dx", 0},
  {"not_grouped_proc|||R50*||||||\n" CORE, "", YGT_EPARSE, 2, "dx", "not used by not_grouped_proc", 0},
  {"not_grouped_proc||||||||||\n" CORE, "", YGT_EPARSE, 2, "procs", "missing", 0},
  {"core|K|肺结核|A16*||||||0.8|8000\n", "K|1|1\n", YGT_EPARSE, 2, "rw", "scores come from the score table", 0},
  {CORE, "K|1|100\nX|1|100\n", YGT_ENOTFOUND, 3, "group", "'X' is not in the catalogue", 1},
  {CORE, "K|1|100\nK|1|100\n", YGT_EEXISTS, 3, "group", "scored twice", 1},
  {CORE "core|K2||A15*||||||\n", "K|1|100\n", YGT_EPARSE, 0, "group", "group K2 (catalogue line 3) has no row", 1},
  {CORE, "K|0|100\n", YGT_ERANGE, 2, "rw", "outside (0, 1000]", 1},
  {CORE, "K|1|\n", YGT_EPARSE, 2, "std_cost", "missing", 1},
};

static void check_bad(const fixture *f, const bad *b, size_t i) {
  char text[1024], cat_path[256], score_path[256];
  snprintf(text, sizeof text, CAT_HEADER "%s", b->catalog);
  assert_non_null(write_tsv(cat_path, sizeof cat_path, text));
  snprintf(text, sizeof text, SCORE_HEADER "%s", b->scores);
  assert_non_null(write_tsv(score_path, sizeof score_path, text));
  ygt_dip_catalog *cat = (ygt_dip_catalog *)1;
  int rc = ygt_dip_catalog_load_scored(&cat, f->dx, f->proc, cat_path, score_path);
  const ygt_error *e = ygt_error_last();
  if (rc != b->code || e->line != b->line || strcmp(e->field, b->field) != 0 || !strstr(e->message, b->fragment) ||
      !strstr(e->message, b->in_scores ? score_path : cat_path))
    fail_msg("case %zu: rc %d line %d field '%s': %s", i, rc, e->line, e->field, e->message);
  assert_null(cat);
  unlink(cat_path);
  unlink(score_path);
}

static void test_errors(void **state) {
  fixture *f = &((world *)*state)->f;
  for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) check_bad(f, &bads[i], i);
  ygt_dip_catalog *cat;
  assert_int_equal(ygt_dip_catalog_load_scored(&cat, f->dx, f->proc, "x.tsv", NULL), YGT_EINVAL);
  assert_null(cat);
  /* the old loader wants the scores in the catalogue */
  world *w = *state;
  assert_int_equal(ygt_dip_catalog_load(&cat, f->dx, f->proc, w->cat_path), YGT_EPARSE);
  assert_string_equal(ygt_error_last()->field, "rw");
}

/* Every allocation failure while loading the catalogue and its score table
 * is YGT_ENOMEM and leaves nothing behind (a world of its own: the allocator
 * changes only with no block held). */
static void test_oom(void **state) {
  (void)state;
  char cat_path[256], score_path[256];
  assert_non_null(write_tsv(cat_path, sizeof cat_path, catalog));
  assert_non_null(write_tsv(score_path, sizeof score_path, scores));
  testutil_failing fail;
  int done = 0;
  for (long at = 1; !done && at < 5000; at++) {
    assert_int_equal(testutil_fail_install(&fail, 0), YGT_OK);
    fixture w;
    memset(&w, 0, sizeof w);
    assert_int_equal(dicts(&w), YGT_OK);
    fail.calls = 0;
    fail.fail_at = at;
    int rc = ygt_dip_catalog_load_scored(&w.cat, w.dx, w.proc, cat_path, score_path);
    fail.fail_at = 0;
    if (rc == YGT_OK) done = 1;
    else assert_int_equal(rc, YGT_ENOMEM);
    fixture_close(&w);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  }
  assert_true(done);
  unlink(cat_path);
  unlink(score_path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_scores_by_hand),
    cmocka_unit_test(test_large_batch),
    cmocka_unit_test(test_structure_and_traces),
    cmocka_unit_test(test_vent_hours_column),
    cmocka_unit_test(test_errors),
  };
  const struct CMUnitTest alone[] = {cmocka_unit_test(test_oom)};
  int failed = cmocka_run_group_tests(tests, setup, teardown);
  return failed + cmocka_run_group_tests(alone, NULL, NULL);
}
