/* A small county for the scoring tests: two communities, a city hospital,
 * and an encounter batch for 2023 with its previous year 2022.
 *
 * Institutions: 0 H1 county (K1 lead), 1 T1 township (K1), 2 T2 township
 * (K2), 3 V1 village (K1, run by T1), 4 C1 city, 5 H2 county (K2 lead).
 * Grids: 0 G1 (K1; population 1000, insured 200 + 700), 1 G2 (K2; 500,
 * 100 + 350).  Teams: T1 300 signed, T2 100. */
#ifndef SCORE_FIXTURE_H
#define SCORE_FIXTURE_H

#include <cmocka.h>

#include "yigongti.h"

static inline ygt_model *fixture_model(void) {
  ygt_model_builder *b = NULL;
  ygt_model *m = NULL;
  assert_int_equal(ygt_model_builder_new(&b), 0);
  assert_int_equal(ygt_model_builder_set_locality(b, "999", "测试县"), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "H1", "县医院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL,
                                                     YGT_LEVEL_2A, 300, 0, NULL), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "T1", "甲卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_TOWNSHIP,
                                                     YGT_LEVEL_1, 20, 0, NULL), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "T2", "乙卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_TOWNSHIP,
                                                     YGT_LEVEL_1, 20, 0, NULL), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "V1", "甲村卫生室", YGT_TIER_VILLAGE,
                                                     YGT_KIND_VILLAGE_CLINIC, YGT_LEVEL_UNRATED, 0, 0, "T1"), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "C1", "市医院", YGT_TIER_CITY, YGT_KIND_GENERAL_HOSPITAL,
                                                     YGT_LEVEL_3A, 2000, 0, NULL), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "H2", "二院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL,
                                                     YGT_LEVEL_2A, 200, 0, NULL), 0);
  assert_int_equal(ygt_model_builder_add_community(b, "K1", "一体", YGT_COMMUNITY_COMPREHENSIVE), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "K1", "H1", YGT_ROLE_LEAD), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "K1", "T1", YGT_ROLE_MEMBER), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "K1", "V1", YGT_ROLE_MEMBER), 0);
  assert_int_equal(ygt_model_builder_add_community(b, "K2", "二体", YGT_COMMUNITY_COMPREHENSIVE), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "K2", "H2", YGT_ROLE_LEAD), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "K2", "T2", YGT_ROLE_MEMBER), 0);
  assert_int_equal(ygt_model_builder_add_grid(b, "G1", "甲镇", "K1", "T1", 1000, 200, 700), 0);
  assert_int_equal(ygt_model_builder_add_grid(b, "G2", "乙乡", "K2", "T2", 500, 100, 350), 0);
  assert_int_equal(ygt_model_builder_add_team(b, "F1", NULL, "T1", 300), 0);
  assert_int_equal(ygt_model_builder_add_team(b, "F2", NULL, "T2", 100), 0);
  assert_int_equal(ygt_model_build(&m, b), 0);
  ygt_model_builder_free(b);
  return m;
}

enum { OUT = 0, IN = 1, EMP = 0, RES = 1, UNK = -1, NONE = 0, UP = 1, DOWN = 2, OUTR = 3 };

/* One row per line: institution, grid, period, setting, insurance, referral, cost, fund, count. */
#define FIXTURE_ROWS 15
static const struct {
  int32_t inst, grid, period;
  int8_t setting, ins, ref;
  int64_t cost, fund, count;
} fixture_rows[FIXTURE_ROWS] = {
  {1, 0, 2023, OUT, RES, NONE, 10000, 6000, 60},    /* r1 T1, own community */
  {3, 0, 2023, OUT, RES, NONE, 2000, 1000, 20},     /* r2 V1 */
  {0, 0, 2023, OUT, EMP, NONE, 30000, 20000, 20},   /* r3 H1 */
  {4, 0, 2023, OUT, EMP, OUTR, 50000, 30000, 10},   /* r4 C1, out of county */
  {0, 0, 2023, IN, RES, UP, 500000, 300000, 8},     /* r5 H1 up-referred stays */
  {4, 0, 2023, IN, EMP, OUTR, 800000, 600000, 2},   /* r6 C1 stays */
  {1, 0, 2023, IN, RES, DOWN, 40000, 30000, 4},     /* r7 T1 down-referred stays */
  {0, -1, 2023, OUT, UNK, NONE, 5000, 0, 7},        /* r8 H1, non-residents */
  {2, 1, 2023, OUT, RES, NONE, 3000, 2000, 30},     /* r9 T2, own community */
  {0, 1, 2023, OUT, RES, NONE, 6000, 4000, 10},     /* r10 H1, a K2 resident */
  {1, 0, 2022, OUT, RES, NONE, 9000, 5000, 50},     /* p1 */
  {0, 0, 2022, IN, RES, UP, 450000, 270000, 6},     /* p2 */
  {1, 0, 2022, IN, RES, DOWN, 30000, 20000, 2},     /* p3 */
  {4, 0, 2022, IN, EMP, OUTR, 700000, 500000, 2},   /* p4 */
  {0, 0, 2022, OUT, EMP, NONE, 28000, 18000, 20},   /* p5 */
};

typedef struct fixture_cols {
  int32_t inst[FIXTURE_ROWS], grid[FIXTURE_ROWS], period[FIXTURE_ROWS];
  int8_t setting[FIXTURE_ROWS], ins[FIXTURE_ROWS], ref[FIXTURE_ROWS];
  int64_t cost[FIXTURE_ROWS], fund[FIXTURE_ROWS], count[FIXTURE_ROWS];
} fixture_cols;

static inline ygt_encounters *fixture_encounters(fixture_cols *c) {
  for (int i = 0; i < FIXTURE_ROWS; i++) {
    c->inst[i] = fixture_rows[i].inst;
    c->grid[i] = fixture_rows[i].grid;
    c->period[i] = fixture_rows[i].period;
    c->setting[i] = fixture_rows[i].setting;
    c->ins[i] = fixture_rows[i].ins;
    c->ref[i] = fixture_rows[i].ref;
    c->cost[i] = fixture_rows[i].cost;
    c->fund[i] = fixture_rows[i].fund;
    c->count[i] = fixture_rows[i].count;
  }
  ygt_encounters *e = NULL;
  assert_int_equal(ygt_encounters_new(&e), 0);
  const void *data[] = {c->inst, c->grid, c->period, c->setting, c->ins, c->ref, c->cost, c->fund, c->count};
  for (int col = 0; col < 9; col++) assert_int_equal(ygt_encounters_attach(e, col, data[col], FIXTURE_ROWS), 0);
  return e;
}

#endif
