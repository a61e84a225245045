/* Queries on the four example bundles (examples/data/<locality>/), the
 * list-query contract, bad arguments, and sharing one model between
 * threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "yigongti.h"

static ygt_model *load(const char *locality) {
  char path[512];
  snprintf(path, sizeof path, "%s/examples/data/%s", SOURCE_ROOT, locality);
  ygt_model *m = NULL;
  int rc = ygt_model_load(&m, path);
  if (rc) print_error("%s: %s\n", path, ygt_error_last()->message);
  assert_int_equal(rc, YGT_OK);
  return m;
}

static int32_t inst(const ygt_model *m, const char *code) {
  int32_t i = ygt_model_institution_find(m, code);
  if (i < 0) print_error("no institution %s\n", code);
  assert_true(i >= 0);
  return i;
}

static int32_t comm(const ygt_model *m, const char *code) {
  int32_t c = ygt_model_community_find(m, code);
  assert_true(c >= 0);
  return c;
}

/* The codes of a list of institution indices, joined by spaces. */
static const char *codes(const ygt_model *m, const int32_t *v, size_t n) {
  static char buf[4096];
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? " " : "", ygt_model_institution_code(m, v[i]));
  return buf;
}

static size_t count_members(const ygt_model *m, int32_t c, int tier, int role) {
  size_t n = 0;
  assert_int_equal(ygt_model_community_members(NULL, 0, &n, m, c, tier, role), YGT_OK);
  return n;
}

static int64_t total_population(const ygt_model *m) {
  int64_t sum = 0;
  for (int32_t g = 0; g < (int32_t)ygt_model_grid_count(m); g++) sum += ygt_model_grid_population(m, g);
  return sum;
}

/* ---- Ninghai: 2 comprehensive + 2 specialty communities --------------- */

static void test_ninghai(void **state) {
  (void)state;
  ygt_model *m = load("ninghai");
  assert_string_equal(ygt_model_locality_code(m), "330226");
  assert_int_equal(ygt_model_institution_count(m), 78);
  assert_int_equal(ygt_model_community_count(m), 4);
  assert_int_equal(ygt_model_grid_count(m), 18);
  assert_int_equal(ygt_model_team_count(m), 22);
  assert_int_equal(total_population(m), 600000);
  int32_t c1 = comm(m, "NH-C1"), c2 = comm(m, "NH-C2"), s1 = comm(m, "NH-S1");
  assert_string_equal(ygt_model_institution_name(m, ygt_model_community_lead(m, c1)), "宁海县第一医院");
  assert_string_equal(ygt_model_institution_name(m, ygt_model_community_lead(m, c2)), "宁海县第二医院");
  assert_int_equal(ygt_model_community_kind(m, s1), YGT_COMMUNITY_SPECIALTY);
  /* 长街、力洋(茶院、胡陈)、桥头胡(梅林、强蛟、大佳何)、岔路(前童、桑洲)、深甽 */
  int32_t towns[16];
  size_t n = 0;
  assert_int_equal(ygt_model_community_members(towns, 16, &n, m, c1, YGT_TIER_TOWNSHIP, -1), YGT_OK);
  assert_string_equal(codes(m, towns, n),
                      "NH-T01 NH-T02 NH-T03 NH-T04 NH-T05 NH-T06 NH-T07 NH-T08 NH-T09 NH-T10 NH-T11 NH-T12 NH-T16");
  assert_int_equal(count_members(m, c2, YGT_TIER_TOWNSHIP, YGT_ROLE_MEMBER), 5); /* + 桃源, 西店 */
  assert_int_equal(count_members(m, c1, -1, YGT_ROLE_LEAD), 1);
  /* 茶院 is a branch of 力洋; its village clinics belong to it and to C1 */
  int32_t chayuan = inst(m, "NH-T03"), village = inst(m, "NH-V0301");
  assert_int_equal(ygt_model_institution_parent(m, chayuan), inst(m, "NH-T02"));
  assert_int_equal(ygt_model_township_of(m, village), chayuan);
  assert_int_equal(ygt_model_township_of(m, chayuan), chayuan);
  assert_int_equal(ygt_model_township_of(m, inst(m, "NH-H01")), YGT_ENOTFOUND);
  assert_int_equal(ygt_model_community_of(m, village), c1);
  assert_int_equal(ygt_model_institution_parent(m, inst(m, "NH-T02")), YGT_ENOTFOUND);
  /* a township centre is in one comprehensive community, linked to both specialty ones */
  int32_t list[8];
  assert_int_equal(ygt_model_institution_communities(list, 8, &n, m, inst(m, "NH-T13")), YGT_OK);
  assert_int_equal(n, 3);
  assert_int_equal(list[0], c2);
  assert_int_equal(ygt_model_member_role(m, list[1], inst(m, "NH-T13")), YGT_ROLE_LINKED);
  assert_int_equal(ygt_model_community_of(m, inst(m, "NH-H03")), YGT_ENOTFOUND); /* leads only a specialty one */
  assert_int_equal(ygt_model_member_role(m, c2, inst(m, "NH-T01")), YGT_ENOTFOUND);
  ygt_model_free(m);
}

static void test_ninghai_grids_and_centres(void **state) {
  (void)state;
  ygt_model *m = load("ninghai");
  int32_t g = ygt_model_grid_find(m, "NH-G03"), v[64];
  size_t n = 0;
  assert_string_equal(ygt_model_grid_name(m, g), "茶院乡");
  assert_int_equal(ygt_model_grid_community(m, g), comm(m, "NH-C1"));
  assert_int_equal(ygt_model_grid_township(m, g), inst(m, "NH-T03"));
  assert_int_equal(ygt_model_grid_institutions(v, 64, &n, m, g, -1), YGT_OK);
  assert_string_equal(codes(m, v, n), "NH-H01 NH-T03 NH-V0301 NH-V0302");
  /* 力洋 runs its branches 茶院 and 胡陈 and their village clinics */
  assert_int_equal(ygt_model_grid_institutions(v, 64, &n, m, ygt_model_grid_find(m, "NH-G02"), YGT_TIER_TOWNSHIP), 0);
  assert_string_equal(codes(m, v, n), "NH-T02 NH-T03 NH-T04");
  int32_t city = ygt_model_grid_find(m, "NH-G16"); /* 跃龙街道: its community health centre and stations */
  assert_int_equal(ygt_model_grid_township(m, city), inst(m, "NH-T16"));
  assert_int_equal(ygt_model_grid_institutions(v, 64, &n, m, city, -1), YGT_OK);
  assert_string_equal(codes(m, v, n), "NH-H01 NH-T16 NH-V1601 NH-V1602 NH-V1603 NH-V1604");
  assert_int_equal(ygt_model_grid_insured(m, g, YGT_INSURANCE_EMPLOYEE), 3600);
  assert_int_equal(ygt_model_grid_insured(m, g, YGT_INSURANCE_RESIDENT), 7680);
  assert_int_equal(ygt_model_community_grids(v, 64, &n, m, comm(m, "NH-C2")), YGT_OK);
  assert_int_equal(n, 5);
  assert_int_equal(ygt_model_community_grids(NULL, 0, &n, m, comm(m, "NH-S1")), YGT_OK);
  assert_int_equal(n, 0);
  assert_int_equal(ygt_model_centres(v, 64, &n, m, YGT_DESIGNATION_CRITICAL_MATERNAL, -1, 0), YGT_OK);
  assert_string_equal(codes(m, v, n), "NH-H04");
  assert_int_equal(ygt_model_centres(v, 64, &n, m, YGT_DESIGNATION_STROKE, -1, 1), YGT_OK);
  assert_string_equal(codes(m, v, n), "NH-H01 NH-R01 NH-R02 NH-R03");
  assert_int_equal(ygt_model_centres(v, 64, &n, m, YGT_DESIGNATION_CHEST_PAIN, comm(m, "NH-C2"), 1), YGT_OK);
  assert_string_equal(codes(m, v, n), "NH-H02");
  int32_t f = ygt_model_team_find(m, "NH-F01-1");
  assert_int_equal(ygt_model_team_institution(m, f), inst(m, "NH-T01"));
  assert_true(ygt_model_team_signed(m, f) > 0);
  assert_string_equal(ygt_model_team_code(m, f), "NH-F01-1");
  ygt_model_free(m);
}

/* ---- Zhuhai: urban groups, district communities, alliances ------------- */

static void test_zhuhai(void **state) {
  (void)state;
  ygt_model *m = load("zhuhai");
  assert_int_equal(total_population(m), 2410000);
  int32_t g1 = comm(m, "ZH-G1"), d1 = comm(m, "ZH-D1"), a1 = comm(m, "ZH-A1");
  assert_int_equal(ygt_model_community_kind(m, g1), YGT_COMMUNITY_URBAN_GROUP);
  assert_int_equal(ygt_model_community_kind(m, a1), YGT_COMMUNITY_SPECIALTY_ALLIANCE);
  int32_t people = inst(m, "ZH-H01"), priv = inst(m, "ZH-H09");
  assert_int_equal(ygt_model_institution_level(m, people), YGT_LEVEL_3A);
  assert_int_equal(ygt_model_institution_tier(m, people), YGT_TIER_CITY);
  assert_int_equal(ygt_model_community_of(m, people), g1);
  assert_int_equal(ygt_model_member_role(m, d1, people), YGT_ROLE_LINKED); /* collaborating tertiary hospital */
  assert_int_equal(ygt_model_institution_kind(m, priv), YGT_KIND_PRIVATE);
  assert_int_equal(ygt_model_member_role(m, g1, priv), YGT_ROLE_MEMBER);
  /* every grid is served by exactly one comprehensive-class community */
  for (int32_t g = 0; g < (int32_t)ygt_model_grid_count(m); g++)
    assert_int_equal(ygt_community_kind_is_comprehensive(ygt_model_community_kind(m, ygt_model_grid_community(m, g))), 1);
  int32_t v[64];
  size_t n = 0;
  int32_t hq = ygt_model_grid_find(m, "ZH-G18"); /* 横琴: the group as a whole */
  assert_int_equal(ygt_model_grid_institutions(NULL, 0, &n, m, hq, -1), YGT_OK);
  assert_int_equal(n, count_members(m, g1, -1, YGT_ROLE_LEAD) + count_members(m, g1, -1, YGT_ROLE_MEMBER));
  /* the five centres */
  assert_int_equal(ygt_model_centres(v, 64, &n, m, YGT_DESIGNATION_CRITICAL_CHILD, -1, 0), YGT_OK);
  assert_string_equal(codes(m, v, n), "ZH-H06");
  assert_int_equal(ygt_model_centres(v, 64, &n, m, YGT_DESIGNATION_TRAUMA, -1, 1), YGT_OK);
  assert_string_equal(codes(m, v, n), "ZH-H08 ZH-H01 ZH-H05 ZH-R01");
  assert_int_equal(ygt_model_centres(v, 64, &n, m, YGT_DESIGNATION_STROKE, d1, 1), YGT_OK);
  assert_string_equal(codes(m, v, n), "ZH-H07 ZH-H01"); /* the linked city hospital counts */
  assert_int_equal(ygt_model_institution_beds(m, people), 2500);
  int desig = ygt_model_institution_designations(m, people);
  assert_true(desig & (1 << YGT_DESIGNATION_CHEST_PAIN));
  assert_false(desig & (1 << YGT_DESIGNATION_CRITICAL_MATERNAL));
  ygt_model_free(m);
}

/* ---- Chun'an: three county communities --------------------------------- */

static void test_chunan(void **state) {
  (void)state;
  ygt_model *m = load("chunan");
  assert_int_equal(ygt_model_community_count(m), 3);
  assert_int_equal(total_population(m), 449000);
  size_t per[3] = {0, 0, 0};
  for (int32_t i = 0; i < (int32_t)ygt_model_institution_count(m); i++) {
    int tier = ygt_model_institution_tier(m, i);
    int32_t c = ygt_model_community_of(m, i);
    if (tier == YGT_TIER_TOWNSHIP) { assert_true(c >= 0); per[c]++; }
    if (tier > YGT_TIER_COUNTY) assert_int_equal(c, YGT_ENOTFOUND);
    if (tier == YGT_TIER_VILLAGE) assert_int_equal(c, ygt_model_community_of(m, ygt_model_township_of(m, i)));
  }
  assert_int_equal(per[0] + per[1] + per[2], 23);
  assert_int_equal(per[0], 8);
  for (int32_t c = 0; c < 3; c++) {
    assert_int_equal(ygt_model_community_kind(m, c), YGT_COMMUNITY_COMPREHENSIVE);
    assert_int_equal(ygt_model_institution_tier(m, ygt_model_community_lead(m, c)), YGT_TIER_COUNTY);
  }
  assert_int_equal(ygt_model_community_of(m, inst(m, "CA-H04")), comm(m, "CA-C1"));
  ygt_model_free(m);
}

/* ---- Linxiang: one 1+N group with every institution -------------------- */

static void test_linxiang(void **state) {
  (void)state;
  ygt_model *m = load("linxiang");
  assert_int_equal(ygt_model_community_count(m), 1);
  assert_int_equal(ygt_model_community_kind(m, 0), YGT_COMMUNITY_ONE_PLUS_N);
  assert_string_equal(ygt_model_institution_name(m, ygt_model_community_lead(m, 0)), "临湘市人民医院");
  size_t local = 0;
  for (int32_t i = 0; i < (int32_t)ygt_model_institution_count(m); i++) {
    int32_t c = ygt_model_community_of(m, i);
    if (ygt_model_institution_tier(m, i) <= YGT_TIER_COUNTY) { assert_int_equal(c, 0); local++; }
    else assert_int_equal(c, YGT_ENOTFOUND);
  }
  assert_int_equal(count_members(m, 0, -1, -1), local);
  assert_int_equal(ygt_model_institution_tier(m, inst(m, "LX-R03")), YGT_TIER_OUT_OF_AREA);
  size_t n = 0;
  assert_int_equal(ygt_model_community_grids(NULL, 0, &n, m, 0), YGT_OK);
  assert_int_equal(n, ygt_model_grid_count(m));
  assert_int_equal(total_population(m), 500000);
  ygt_model_free(m);
}

/* ---- contract of the list queries and bad arguments -------------------- */

static void test_list_contract(void **state) {
  (void)state;
  ygt_model *m = load("ninghai");
  int32_t c1 = comm(m, "NH-C1"), small[3] = {-7, -7, -7};
  size_t n = 99;
  assert_int_equal(ygt_model_community_members(small, 3, &n, m, c1, -1, -1), YGT_EBUFSIZE);
  assert_int_equal(n, 52);
  assert_int_equal(small[0], -7); /* left unwritten */
  assert_int_equal(ygt_model_community_members(small, 3, NULL, m, c1, -1, -1), YGT_EINVAL);
  assert_int_equal(ygt_model_community_members(small, 3, &n, m, c1, 6, -1), YGT_EINVAL);
  assert_int_equal(ygt_model_community_members(small, 3, &n, m, c1, -1, 3), YGT_EINVAL);
  assert_int_equal(ygt_model_community_members(small, 3, &n, m, 99, -1, -1), YGT_EINVAL);
  assert_int_equal(ygt_model_centres(small, 3, &n, m, 10, -1, 0), YGT_EINVAL);
  assert_int_equal(ygt_model_centres(small, 3, &n, m, 0, 42, 0), YGT_EINVAL);
  assert_int_equal(ygt_model_grid_institutions(small, 3, &n, m, -1, -1), YGT_EINVAL);
  assert_int_equal(ygt_model_institution_communities(small, 3, &n, m, 78), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "institution index 78 out of range"));
  assert_null(ygt_model_institution_code(m, -1));
  assert_null(ygt_model_community_name(m, 4));
  assert_null(ygt_model_grid_code(m, 18));
  assert_null(ygt_model_team_name(m, 22));
  assert_int_equal(ygt_model_institution_tier(NULL, 0), YGT_EINVAL);
  assert_int_equal(ygt_model_institution_beds(m, 78), YGT_EINVAL);
  assert_int_equal(ygt_model_grid_insured(m, 0, 2), YGT_EINVAL);
  assert_int_equal(ygt_model_team_signed(m, -3), YGT_EINVAL);
  assert_int_equal(ygt_model_institution_find(m, "nope"), YGT_ENOTFOUND);
  assert_int_equal(ygt_model_community_find(m, "nope"), YGT_ENOTFOUND);
  assert_int_equal(ygt_model_grid_find(m, "nope"), YGT_ENOTFOUND);
  assert_int_equal(ygt_model_team_find(m, "nope"), YGT_ENOTFOUND);
  assert_int_equal(ygt_model_institution_find(m, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_institution_count(NULL), 0);
  assert_null(ygt_model_locality_name(NULL));
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* ---- one model, many threads ------------------------------------------- */

typedef struct job {
  const ygt_model *m;
  size_t sum;
} job;

static void *reader(void *arg) {
  job *j = arg;
  for (int round = 0; round < 200; round++) {
    for (int32_t i = 0; i < (int32_t)ygt_model_institution_count(j->m); i++) {
      size_t n = 0;
      ygt_model_institution_communities(NULL, 0, &n, j->m, i);
      j->sum += n + (size_t)ygt_model_institution_tier(j->m, i);
    }
  }
  return NULL;
}

static void test_shared_between_threads(void **state) {
  (void)state;
  ygt_model *m = load("zhuhai");
  job jobs[4];
  pthread_t th[4];
  for (int t = 0; t < 4; t++) {
    jobs[t] = (job){m, 0};
    assert_int_equal(pthread_create(&th[t], NULL, reader, &jobs[t]), 0);
  }
  for (int t = 0; t < 4; t++) pthread_join(th[t], NULL);
  for (int t = 1; t < 4; t++) assert_int_equal(jobs[t].sum, jobs[0].sum);
  assert_true(jobs[0].sum > 0);
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* ---- every bundle: primary care for every resident ---------------------- */

/* Every populated grid names a township-tier institution (township health
 * centre or community health centre) of its own community, so its
 * residents' primary care is not charged to another town's centre (without
 * one, Ninghai's county seat, 223,000 residents of 跃龙, 桃源 and 西店,
 * went to 长街中心卫生院). */
static void test_every_grid_has_primary_care(void **state) {
  (void)state;
  static const char *const bundles[] = {"ninghai", "chunan", "zhuhai", "linxiang"};
  for (size_t b = 0; b < sizeof bundles / sizeof bundles[0]; b++) {
    ygt_model *m = load(bundles[b]);
    for (int32_t g = 0; g < (int32_t)ygt_model_grid_count(m); g++) {
      if (ygt_model_grid_population(m, g) <= 0) continue;
      int32_t t = ygt_model_grid_township(m, g);
      if (t < 0 && strcmp(ygt_model_grid_code(m, g), "ZH-G18") == 0) continue; /* 横琴: the group as a whole */
      if (t < 0) fail_msg("%s: grid %s names no township institution", bundles[b], ygt_model_grid_code(m, g));
      assert_int_equal(ygt_model_institution_tier(m, t), YGT_TIER_TOWNSHIP);
      assert_int_equal(ygt_model_community_of(m, t), ygt_model_grid_community(m, g));
    }
    ygt_model_free(m);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ninghai),
    cmocka_unit_test(test_ninghai_grids_and_centres),
    cmocka_unit_test(test_zhuhai),
    cmocka_unit_test(test_chunan),
    cmocka_unit_test(test_linxiang),
    cmocka_unit_test(test_list_contract),
    cmocka_unit_test(test_shared_between_threads),
    cmocka_unit_test(test_every_grid_has_primary_care),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
