/* Routing the seeds describe, in the synthetic county of every example
 * bundle (issue 17): phases and episodes (down-referral of stable,
 * recovering and post-operative patients, 连续计算起付线 across a stay and its
 * continuation), specialty routing to the 专科医共体, and primary care
 * carried by each grid's own centre.  Invariants and rates, not figures of
 * one run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "yigongti.h"

#define DATA SOURCE_ROOT "/examples/data"

static const char *const bundles[] = {"ninghai", "chunan", "zhuhai", "linxiang"};
static ygt_casemix *cm;

typedef struct world {
  ygt_model *m;
  ygt_referral_rules *r;
  ygt_county *c;
  size_t n;
} world;

static int setup(void **state) {
  (void)state;
  return ygt_casemix_load(&cm, NULL, NULL, DATA "/casemix.tsv");
}

static int teardown(void **state) {
  (void)state;
  ygt_casemix_free(cm);
  return ygt_allocated_blocks() != 0;
}

static void open_world(world *w, const char *name, uint64_t seed, double scale) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/%s", DATA, name);
  if (ygt_model_load(&w->m, dir)) fail_msg("%s", ygt_error_last()->message);
  if (ygt_referral_rules_load(&w->r, w->m, ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS), dir))
    fail_msg("%s: %s", name, ygt_error_last()->message);
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.seed = seed;
  o.population_scale = scale;
  if (ygt_county_generate(&w->c, w->m, w->r, cm, &o)) fail_msg("%s", ygt_error_last()->message);
  w->n = ygt_county_event_count(w->c);
}

static void close_world(world *w) {
  ygt_county_free(w->c);
  ygt_referral_rules_free(w->r);
  ygt_model_free(w->m);
}

static const void *col(const world *w, int column) {
  const void *data;
  size_t k;
  assert_int_equal(ygt_county_column(&data, &k, w->c, column), YGT_OK);
  return data;
}

static double cm_value(int32_t cond, int field) {
  double v;
  assert_int_equal(ygt_casemix_value(&v, cm, cond, field), YGT_OK);
  return v;
}

/* ---- episodes ---------------------------------------------------------------- */

/* A continuation is its stay's next stay: the same patient, later in the
 * year by its own length of stay, the case mix's continuation condition, no
 * emergency, starting where the stay was treated (at home, in the grid's
 * community, when that was out of the county). */
static void check_continuation(const world *w, size_t e, int32_t s) {
  const int32_t *patient = col(w, YGT_COUNTY_EVENT_PATIENT), *cond = col(w, YGT_COUNTY_EVENT_CONDITION);
  const int32_t *day = col(w, YGT_COUNTY_EVENT_DAY), *los = col(w, YGT_COUNTY_EVENT_LOS);
  const int32_t *inst = col(w, YGT_COUNTY_EVENT_INSTITUTION), *first = col(w, YGT_COUNTY_EVENT_FIRST_CONTACT);
  const int8_t *setting = col(w, YGT_COUNTY_EVENT_SETTING), *emergency = col(w, YGT_COUNTY_EVENT_EMERGENCY);
  assert_true(s >= 0 && (size_t)s < e && patient[s] == patient[e]);
  assert_true(setting[s] != YGT_SETTING_OUTPATIENT && setting[e] == YGT_SETTING_INPATIENT);
  assert_int_equal(cond[e], (int32_t)cm_value(cond[s], YGT_CASEMIX_CONTINUATION));
  assert_int_equal(day[e], day[s] + los[e]);
  assert_int_equal(emergency[e], 0);
  if (first[e] == inst[s]) return;
  assert_true(ygt_model_institution_tier(w->m, inst[s]) >= YGT_TIER_CITY); /* out of the county, then */
  const int32_t *grid = col(w, YGT_COUNTY_EVENT_GRID);
  assert_int_equal(ygt_model_community_of(w->m, first[e]), ygt_model_grid_community(w->m, grid[e])); /* home */
}

typedef struct tally {
  size_t continued, eligible, down_not_acute, continuity, in_phase, phased;
  double expected_continued, expected_in_phase;
} tally;

static void count_event(const world *w, size_t e, tally *t) {
  const int32_t *cond = col(w, YGT_COUNTY_EVENT_CONDITION), *episode = col(w, YGT_COUNTY_EVENT_EPISODE);
  const int8_t *phase = col(w, YGT_COUNTY_EVENT_PHASE), *route = col(w, YGT_COUNTY_EVENT_ROUTE);
  const int8_t *continuity = col(w, YGT_COUNTY_EVENT_CONTINUITY);
  if (episode[e] >= 0) {
    check_continuation(w, e, episode[e]);
    t->continued++;
    t->continuity += continuity[e] >= 0;
    return;
  }
  t->down_not_acute += route[e] == YGT_ROUTE_REFER_DOWN && phase[e] != YGT_PHASE_ACUTE;
  if (cm_value(cond[e], YGT_CASEMIX_CONTINUATION) >= 0) {
    t->eligible++;
    t->expected_continued += cm_value(cond[e], YGT_CASEMIX_CONTINUATION_SHARE);
  }
  if (cm_value(cond[e], YGT_CASEMIX_PHASE) != YGT_PHASE_ACUTE) {
    t->phased++;
    t->in_phase += phase[e] != YGT_PHASE_ACUTE;
    t->expected_in_phase += cm_value(cond[e], YGT_CASEMIX_PHASE_SHARE);
  }
}

/* Every bundle, seeds 1 and 2: stays continue at the case mix's rates (less
 * the continuations that end next year), stable chronic follow-ups are
 * drawn at theirs, the rules' down lists fire on them, and the deductible
 * is carried across the episode. */
static void test_episodes(void **state) {
  (void)state;
  for (size_t b = 0; b < sizeof bundles / sizeof bundles[0]; b++)
    for (uint64_t seed = 1; seed <= 2; seed++) {
      world w;
      open_world(&w, bundles[b], seed, 0.05);
      tally t = {0};
      for (size_t e = 0; e < w.n; e++) count_event(&w, e, &t);
      double cont = (double)t.continued / t.expected_continued, phased = (double)t.in_phase / t.expected_in_phase;
      if (!(cont > 0.8 && cont < 1.1) || !(fabs(phased - 1) < 0.03) || !t.down_not_acute || !t.continuity)
        fail_msg("%s seed %d: %zu continued of %zu stays (%.2f of the expected), phase %.3f of the expected, "
                 "%zu non-acute down-referrals, %zu continuations with continuity",
                 bundles[b], (int)seed, t.continued, t.eligible, cont, phased, t.down_not_acute, t.continuity);
      close_world(&w);
    }
}

/* ---- specialty routing and capable destinations ----------------------------- */

static void treated_at(const world *w, int32_t inst, size_t *visits, size_t *stays) {
  const int32_t *at = col(w, YGT_COUNTY_EVENT_INSTITUTION);
  const int8_t *setting = col(w, YGT_COUNTY_EVENT_SETTING);
  *visits = *stays = 0;
  for (size_t e = 0; e < w->n; e++)
    if (at[e] == inst) *(setting[e] == YGT_SETTING_OUTPATIENT ? visits : stays) += 1;
}

/* Ninghai's specialty communities' leads, 县中医医院 and 县妇幼保健院, treat
 * visits and stays (the 中医医院 treated none). */
static void test_specialty_leads(void **state) {
  (void)state;
  for (uint64_t seed = 1; seed <= 3; seed++) {
    world w;
    open_world(&w, "ninghai", seed, 0.05);
    static const char *const leads[] = {"NH-H03", "NH-H04"};
    for (int k = 0; k < 2; k++) {
      size_t visits, stays;
      treated_at(&w, ygt_model_institution_find(w.m, leads[k]), &visits, &stays);
      if (!visits || !stays) fail_msg("seed %d: %s treated %zu visits, %zu stays", (int)seed, leads[k], visits, stays);
    }
    close_world(&w);
  }
}

/* No stroke is treated at a 妇幼保健院, specialty hospital or CDC, in any bundle. */
static void test_stroke_at_capable(void **state) {
  (void)state;
  int32_t stroke = ygt_casemix_find(cm, "stroke"), bleed = ygt_casemix_find(cm, "ich");
  for (size_t b = 0; b < sizeof bundles / sizeof bundles[0]; b++) {
    world w;
    open_world(&w, bundles[b], 1, 0.05);
    const int32_t *cond = col(&w, YGT_COUNTY_EVENT_CONDITION), *at = col(&w, YGT_COUNTY_EVENT_INSTITUTION);
    for (size_t e = 0; e < w.n; e++) {
      if (cond[e] != stroke && cond[e] != bleed) continue;
      int kind = ygt_model_institution_kind(w.m, at[e]);
      if (kind == YGT_KIND_MATERNAL_CHILD || kind == YGT_KIND_SPECIALTY_HOSPITAL || kind == YGT_KIND_PUBLIC_HEALTH)
        fail_msg("%s: a stroke treated at %s", bundles[b], ygt_model_institution_name(w.m, at[e]));
    }
    close_world(&w);
  }
}

/* ---- primary care carried by each grid's centre ----------------------------- */

/* Visits treated at a grid's township-tier centre per resident of the grids
 * it serves stay below 8 a year (the case mix has 6.1 visits a head in all,
 * at every tier): 长街中心卫生院 had 9.7 for its own 55,000 residents,
 * carrying the county seat's primary care. */
static void test_primary_care_load(void **state) {
  (void)state;
  for (size_t b = 0; b < sizeof bundles / sizeof bundles[0]; b++) {
    world w;
    open_world(&w, bundles[b], 1, 0.05);
    size_t ni = ygt_model_institution_count(w.m);
    double people[1024] = {0}, visits[1024] = {0};
    assert_true(ni <= 1024);
    for (int32_t g = 0; g < (int32_t)ygt_model_grid_count(w.m); g++)
      if (ygt_model_grid_township(w.m, g) >= 0)
        people[ygt_model_grid_township(w.m, g)] += ygt_model_grid_population(w.m, g) * 0.05;
    const int32_t *at = col(&w, YGT_COUNTY_EVENT_INSTITUTION);
    const int8_t *setting = col(&w, YGT_COUNTY_EVENT_SETTING);
    for (size_t e = 0; e < w.n; e++) visits[at[e]] += setting[e] == YGT_SETTING_OUTPATIENT;
    for (size_t i = 0; i < ni; i++)
      if (people[i] > 0 && visits[i] / people[i] > 8)
        fail_msg("%s: %s treats %.1f visits a resident", bundles[b], ygt_model_institution_name(w.m, (int32_t)i),
                 visits[i] / people[i]);
    close_world(&w);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_episodes),
    cmocka_unit_test(test_specialty_leads),
    cmocka_unit_test(test_stroke_at_capable),
    cmocka_unit_test(test_primary_care_load),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
