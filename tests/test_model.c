/* The community model: every validation rule with a malformed bundle (file,
 * line or JSON path, code, message fragment), the builder API, and
 * allocation failures.  Queries on the example bundles are in
 * test_model_bundles.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "yigongti.h"

/* ---- a small valid bundle and its mutations ---------------------------- */

static const char *const BASE_JSON =
  "{\"format\": \"yigongti.model\", \"version\": 1,\n"
  " \"locality\": {\"code\": \"999\", \"name\": \"测试县\"},\n"
  " \"tables\": {\"institutions\": \"institutions.tsv\", \"grids\": \"grids.tsv\", \"teams\": \"teams.tsv\"},\n"
  " \"rules\": {\"reserved\": true},\n"
  " \"communities\": [\n"
  "  {\"code\": \"C1\", \"name\": \"一体\", \"kind\": \"comprehensive\", \"lead\": \"H1\", \"members\": [\"H1\", \"T1\"],"
  " \"with_children\": true},\n"
  "  {\"code\": \"C2\", \"name\": \"二体\", \"kind\": \"comprehensive\", \"lead\": \"H3\", \"members\": [\"T3\", \"V3\"]},\n"
  "  {\"code\": \"S1\", \"name\": \"中医\", \"kind\": \"specialty\", \"lead\": \"H2\", \"linked\": [\"T1\", \"T3\"]}\n"
  " ]}\n";

static const char *const BASE_INST =
  "# a test county\n"
  "code\tname\ttier\tkind\tlevel\tbeds\tdesignations\tparent\n"
  "H1\t县医院\tcounty\tgeneral_hospital\t3B\t500\tchest_pain; stroke;lab\t\n"
  "H2\t中医院\tcounty\ttcm_hospital\t二级甲等\t200\t\t\n"
  "H3\t二院\tcounty\tgeneral_hospital\t2A\t300\tchest_pain\t\n"
  "T1\t甲中心卫生院\ttownship\tcentral_township\t1\t40\t\t\n"
  "T2\t乙卫生院\ttownship\ttownship\t1\t20\t\tT1\n"
  "T3\t丙卫生院\ttownship\ttownship\t\t20\t\t\n"
  "V1\t甲村卫生室\tvillage\tvillage_clinic\tunrated\t0\t\tT1\n"
  "V2\t乙村卫生室\tvillage\tvillage_clinic\t\t\t\tT2\n"
  "V3\t丙村卫生室\tvillage\t村卫生室\t\t0\t\tT3\n"
  "R1\t市医院\tcity\tgeneral_hospital\t3A\t2000\tchest_pain,stroke,trauma\t\n";

static const char *const BASE_GRIDS =
  "code\tname\tcommunity\ttownship\tpopulation\temployee_insured\tresident_insured\n"
  "G1\t甲镇\tC1\tT1\t30000\t9000\t20000\n"
  "G2\t乙乡\tC1\tT2\t10000\t3000\t6500\n"
  "G3\t丙乡\tC2\tT3\t8000\t2000\t5500\n";

static const char *const BASE_TEAMS =
  "code\tname\tinstitution\tsigned\n"
  "F1\t甲团队\tT1\t3000\n"
  "F2\t\tV2\t800\n";

typedef struct bundle {
  char dir[128];
  char path[4][200];
} bundle;

static const char *const FILES[4] = {"model.json", "institutions.tsv", "grids.tsv", "teams.tsv"};

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* Writes a bundle; a NULL text leaves that file out. */
static void bundle_write(bundle *bd, const char *json, const char *inst, const char *grids, const char *teams) {
  snprintf(bd->dir, sizeof bd->dir, "/tmp/ygt-model-XXXXXX");
  assert_non_null(mkdtemp(bd->dir));
  const char *texts[4] = {json, inst, grids, teams};
  for (int i = 0; i < 4; i++) {
    snprintf(bd->path[i], sizeof bd->path[i], "%s/%s", bd->dir, FILES[i]);
    if (texts[i]) write_file(bd->path[i], texts[i]);
  }
}

static void bundle_remove(bundle *bd) {
  for (int i = 0; i < 4; i++) unlink(bd->path[i]);
  rmdir(bd->dir);
}

/* `base` with the first occurrence of `from` replaced by `to` (static buffer). */
static const char *edit(const char *base, const char *from, const char *to) {
  static char buf[4][8192];
  static int slot;
  char *out = buf[slot++ % 4], edited[sizeof buf[0]];
  const char *at = strstr(base, from);
  assert_non_null(at);
  /* through a copy: base may be an earlier result in buf */
  assert_true(snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from)) <
              (int)sizeof edited);
  memcpy(out, edited, sizeof edited);
  return out;
}

/* Loads the bundle and checks the code, the file the error names and a
 * message fragment; nothing may be leaked and no model returned. */
static void expect_failure(const char *json, const char *inst, const char *grids, const char *teams, int code,
                           const char *file, const char *fragment) {
  bundle bd;
  bundle_write(&bd, json, inst, grids, teams);
  ygt_model *m = (ygt_model *)&bd; /* must be reset to NULL */
  int rc = ygt_model_load(&m, bd.dir);
  const ygt_error *e = ygt_error_last();
  if (rc != code || !strstr(e->message, fragment))
    print_error("got %s: %s (wanted %s, '%s')\n", ygt_error_name(rc), e->message, ygt_error_name(code), fragment);
  assert_int_equal(rc, code);
  assert_null(m);
  assert_non_null(strstr(e->message, fragment));
  if (file) assert_non_null(strstr(e->source, file));
  assert_int_equal(ygt_allocated_blocks(), 0);
  bundle_remove(&bd);
}

#define BAD_JSON(json, code, frag) expect_failure(json, BASE_INST, BASE_GRIDS, BASE_TEAMS, code, "model.json", frag)
#define BAD_INST(inst, code, frag) expect_failure(BASE_JSON, inst, BASE_GRIDS, BASE_TEAMS, code, "institutions.tsv", frag)
#define BAD_GRIDS(grids, code, frag) expect_failure(BASE_JSON, BASE_INST, grids, BASE_TEAMS, code, "grids.tsv", frag)
#define BAD_TEAMS(teams, code, frag) expect_failure(BASE_JSON, BASE_INST, BASE_GRIDS, teams, code, "teams.tsv", frag)

/* ---- the valid fixture ------------------------------------------------- */

static void test_base_bundle_loads(void **state) {
  (void)state;
  bundle bd;
  bundle_write(&bd, BASE_JSON, BASE_INST, BASE_GRIDS, BASE_TEAMS);
  ygt_model *m = NULL;
  assert_int_equal(ygt_model_load(&m, bd.path[0]), YGT_OK);
  assert_string_equal(ygt_model_locality_name(m), "测试县");
  assert_int_equal(ygt_model_institution_count(m), 10);
  int32_t v1 = ygt_model_institution_find(m, "V1"), c1 = ygt_model_community_find(m, "C1");
  assert_int_equal(ygt_model_community_of(m, v1), c1); /* with_children */
  assert_int_equal(ygt_model_community_of(m, ygt_model_institution_find(m, "V2")), c1); /* child of a child */
  assert_int_equal(ygt_model_institution_level(m, ygt_model_institution_find(m, "H2")), YGT_LEVEL_2A);
  assert_int_equal(ygt_model_institution_level(m, ygt_model_institution_find(m, "T3")), YGT_LEVEL_UNRATED);
  assert_int_equal(ygt_model_institution_designations(m, ygt_model_institution_find(m, "H1")),
                   (1 << YGT_DESIGNATION_CHEST_PAIN) | (1 << YGT_DESIGNATION_STROKE) | (1 << YGT_DESIGNATION_LAB));
  assert_int_equal(ygt_model_member_role(m, ygt_model_community_find(m, "S1"), ygt_model_institution_find(m, "T1")),
                   YGT_ROLE_LINKED);
  assert_string_equal(ygt_model_team_name(m, 1), "");
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
  bundle_remove(&bd);
}

static void test_csv_tables(void **state) {
  (void)state;
  bundle bd;
  bundle_write(&bd, edit(BASE_JSON, "\"institutions.tsv\"", "\"inst.csv\""), NULL, BASE_GRIDS, BASE_TEAMS);
  char csv[256];
  snprintf(csv, sizeof csv, "%s/inst.csv", bd.dir);
  write_file(csv, "code,name,tier,kind,designations,parent\n"
                  "H1,县医院,county,general_hospital,\"chest_pain,stroke\",\n"
                  "H2,中医院,county,tcm_hospital,,\nH3,二院,county,general_hospital,,\n"
                  "T1,甲,township,central_township,,\nT2,乙,township,township,,T1\nT3,丙,township,township,,\n"
                  "V1,a,village,village_clinic,,T1\nV2,b,village,village_clinic,,T2\nV3,c,village,village_clinic,,T3\n");
  ygt_model *m = NULL;
  assert_int_equal(ygt_model_load(&m, bd.dir), YGT_OK);
  assert_int_equal(ygt_model_institution_designations(m, 0), 3);
  ygt_model_free(m);
  unlink(csv);
  bundle_remove(&bd);
}

/* ---- model.json -------------------------------------------------------- */

static void test_json_syntax(void **state) {
  (void)state;
  BAD_JSON("{\"version\": 1,\n \"tables\": {,}}\n", YGT_EPARSE, "model.json:2:");
  BAD_JSON("[1, 2]", YGT_EPARSE, "top level must be a JSON object");
  BAD_JSON("{\"communities\": [], \"communities\": []}", YGT_EPARSE, "duplicate");
}

static void test_json_version_and_format(void **state) {
  (void)state;
  BAD_JSON(edit(BASE_JSON, "\"version\": 1", "\"version\": 2"), YGT_EUNSUPPORTED, "version: model format version 2");
  BAD_JSON(edit(BASE_JSON, "\"version\": 1", "\"version\": \"1\""), YGT_EPARSE, "version: must be an integer");
  BAD_JSON(edit(BASE_JSON, "yigongti.model", "other"), YGT_EUNSUPPORTED, "format: format 'other'");
}

static void test_json_structure(void **state) {
  (void)state;
  BAD_JSON(edit(BASE_JSON, "\"tables\"", "\"tablez\""), YGT_EPARSE, "tables: missing required key");
  BAD_JSON(edit(BASE_JSON, "\"communities\"", "\"communitiez\""), YGT_EPARSE, "communities: missing required key");
  BAD_JSON(edit(BASE_JSON, "\"institutions\": \"institutions.tsv\"", "\"institutions\": 3"), YGT_EPARSE,
           "tables.institutions: must be a string");
  BAD_JSON(edit(BASE_JSON, "\"name\": \"二体\"", "\"nam\": \"二体\""), YGT_EPARSE,
           "communities[1]: unknown key 'nam' in a community (did you mean `name`?)");
  BAD_JSON(edit(BASE_JSON, "\"lead\": \"H3\", ", ""), YGT_EPARSE, "communities[1].lead: missing required key");
  BAD_JSON(edit(BASE_JSON, "\"members\": [\"T3\", \"V3\"]", "\"members\": \"T3\""), YGT_EPARSE,
           "communities[1].members: must be an array");
  BAD_JSON(edit(BASE_JSON, "[\"T3\", \"V3\"]", "[\"T3\", 7]"), YGT_EPARSE, "communities[1].members[1]: must be");
  BAD_JSON(edit(BASE_JSON, "\"with_children\": true", "\"with_children\": 1"), YGT_EPARSE,
           "communities[0].with_children: must be true or false");
}

static void test_missing_table_file(void **state) {
  (void)state;
  expect_failure(BASE_JSON, BASE_INST, BASE_GRIDS, NULL, YGT_EIO, "teams.tsv", "cannot open");
}

/* ---- communities ------------------------------------------------------- */

static void test_community_kind_and_codes(void **state) {
  (void)state;
  BAD_JSON(edit(BASE_JSON, "\"kind\": \"specialty\"", "\"kind\": \"alliance\""), YGT_EPARSE,
           "communities[2].kind: unknown community kind 'alliance'");
  BAD_JSON(edit(BASE_JSON, "\"code\": \"S1\"", "\"code\": \"C2\""), YGT_EEXISTS,
           "communities[2].code: community 'C2' is defined twice");
  BAD_JSON(edit(BASE_JSON, "\"lead\": \"H2\"", "\"lead\": \"H9\""), YGT_ENOTFOUND,
           "communities[2].lead.institution: member of 'S1': institution 'H9' not found");
  BAD_JSON(edit(BASE_JSON, "[\"T3\", \"V3\"]", "[\"T3\", \"X9\"]"), YGT_ENOTFOUND, "communities[1].members[1]");
}

static void test_community_lead_rules(void **state) {
  (void)state;
  BAD_JSON(edit(BASE_JSON, "\"lead\": \"H3\", \"members\": [\"T3\", \"V3\"]", "\"lead\": \"T3\", \"members\": [\"V3\"]"),
           YGT_EVALIDATE, "lead 'T3' of community 'C2' is at tier 'township'");
  BAD_JSON(edit(BASE_JSON, "[\"T3\", \"V3\"]", "[\"T3\", \"V3\", \"T3\"]"), YGT_EEXISTS,
           "communities[1].members[2].institution: institution 'T3' is listed twice in community 'C2'");
  BAD_JSON(edit(BASE_JSON, "\"linked\": [\"T1\", \"T3\"]", "\"linked\": [\"T1\", \"H2\"]"), YGT_EEXISTS,
           "institution 'H2' is listed twice in community 'S1'");
}

static void test_one_comprehensive_community(void **state) {
  (void)state;
  BAD_JSON(edit(BASE_JSON, "[\"T3\", \"V3\"]", "[\"T3\", \"V3\", \"T1\"]"), YGT_EVALIDATE,
           "communities[1].members[2].institution: institution 'T1' is in comprehensive communities 'C1' and 'C2'");
  /* urban groups are of the comprehensive class, specialty alliances are not */
  BAD_JSON(edit(BASE_JSON, "\"kind\": \"specialty\", \"lead\": \"H2\", \"linked\"",
                "\"kind\": \"urban_group\", \"lead\": \"H2\", \"members\""),
           YGT_EVALIDATE, "institution 'T1' is in comprehensive communities 'C1' and 'S1'");
  bundle bd;
  bundle_write(&bd, edit(BASE_JSON, "\"kind\": \"specialty\", \"lead\": \"H2\", \"linked\"",
                         "\"kind\": \"specialty_alliance\", \"lead\": \"H2\", \"members\""),
               BASE_INST, BASE_GRIDS, BASE_TEAMS);
  ygt_model *m = NULL;
  assert_int_equal(ygt_model_load(&m, bd.dir), YGT_OK);
  ygt_model_free(m);
  bundle_remove(&bd);
}

static void test_one_plus_n_takes_everyone(void **state) {
  (void)state;
  const char *json = "{\"tables\": {\"institutions\": \"institutions.tsv\"}, \"communities\": ["
                     "{\"code\": \"N\", \"name\": \"总医院\", \"kind\": \"one_plus_n\", \"lead\": \"H1\","
                     " \"members\": [\"H2\", \"H3\", \"T1\", \"T2\", \"T3\", \"V1\", \"V2\"]}]}";
  expect_failure(json, BASE_INST, NULL, NULL, YGT_EVALIDATE, "model.json",
                 "1+N community 'N' must have every county, township and village institution as lead or member; "
                 "'V3' is not");
  bundle bd;
  bundle_write(&bd, edit(json, "[\"H2\", \"H3\", \"T1\", \"T2\", \"T3\", \"V1\", \"V2\"]", "\"*\""), BASE_INST, NULL,
               NULL);
  ygt_model *m = NULL;
  assert_int_equal(ygt_model_load(&m, bd.dir), YGT_OK);
  size_t n = 0;
  assert_int_equal(ygt_model_community_members(NULL, 0, &n, m, 0, -1, -1), YGT_OK);
  assert_int_equal(n, 9); /* everyone but the city hospital R1 */
  ygt_model_free(m);
  bundle_remove(&bd);
}

/* ---- institutions.tsv -------------------------------------------------- */

static void test_institution_columns_and_fields(void **state) {
  (void)state;
  BAD_INST(edit(BASE_INST, "\tkind\t", "\tsort\t"), YGT_EPARSE, "kind: required column is missing");
  BAD_INST(edit(BASE_INST, "T1\t甲中心卫生院\ttownship", "T1\t甲中心卫生院\ttown"), YGT_EPARSE,
           "institutions.tsv:6:3: tier: unknown tier 'town' (expected village, township, county");
  BAD_INST(edit(BASE_INST, "tcm_hospital", "herbal"), YGT_EPARSE, ":4:4: kind: unknown institution kind 'herbal'");
  BAD_INST(edit(BASE_INST, "3B", "4A"), YGT_EPARSE, ":3:5: level: unknown hospital level '4A'");
  BAD_INST(edit(BASE_INST, "\t500\t", "\tmany\t"), YGT_EPARSE, ":3:6: beds: not an integer: 'many'");
  BAD_INST(edit(BASE_INST, "\t500\t", "\t-5\t"), YGT_ERANGE, ":3: beds: institution 'H1': negative beds");
  BAD_INST(edit(BASE_INST, "stroke;lab", "stroke;spa"), YGT_EPARSE, ":3:7: designations: unknown designation 'spa'");
  BAD_INST(edit(BASE_INST, "H2\t中医院", "\t中医院"), YGT_EPARSE, ":4:1: code: empty value");
  BAD_INST(edit(BASE_INST, "H2\t中医院", "H2\t"), YGT_EPARSE, ":4:2: name: empty value");
}

static void test_institution_codes(void **state) {
  (void)state;
  BAD_INST(edit(BASE_INST, "R1\t市医院", "H3\t市医院"), YGT_EEXISTS,
           "institutions.tsv:12: code: institution 'H3' is defined twice (first on line 5)");
}

static void test_institution_kind_at_tier(void **state) {
  (void)state;
  BAD_INST(edit(BASE_INST, "H2\t中医院\tcounty", "H2\t中医院\ttownship"), YGT_EVALIDATE,
           ":4: kind: institution 'H2': kind 'tcm_hospital' is not allowed at tier 'township'");
  BAD_INST(edit(BASE_INST, "V3\t丙村卫生室\tvillage", "V3\t丙村卫生室\ttownship"), YGT_EVALIDATE,
           "kind 'village_clinic' is not allowed at tier 'township'");
}

static void test_institution_parents(void **state) {
  (void)state;
  BAD_INST(edit(BASE_INST, "\t0\t\tT3\n", "\t0\t\t\n"), YGT_EVALIDATE,
           ":11: parent: village institution 'V3' has no parent");
  BAD_INST(edit(BASE_INST, "\tT3\n", "\tT9\n"), YGT_ENOTFOUND, ":11: parent: parent of 'V3': institution 'T9' not found");
  BAD_INST(edit(BASE_INST, "\tT3\n", "\tH3\n"), YGT_EVALIDATE,
           ":11: parent: parent 'H3' of 'V3' is at tier 'county'; it must be a township-tier institution");
  BAD_INST(edit(BASE_INST, "300\tchest_pain\t\n", "300\tchest_pain\tT1\n"), YGT_EVALIDATE,
           ":5: parent: institution 'H3' at tier 'county' cannot have a parent ('T1')");
  BAD_INST(edit(BASE_INST, "T3\t丙卫生院\ttownship\ttownship\t\t20\t\t\n", "T3\t丙卫生院\ttownship\ttownship\t\t20\t\tT2\n"),
           YGT_EVALIDATE, ":8: parent: branch 'T3' has parent 'T2', which is itself a branch of 'T1'");
  BAD_INST(edit(BASE_INST, "\tT3\n", "\tV3\n"), YGT_EVALIDATE, "institution 'V3' is its own parent");
}

static void test_parent_in_same_community(void **state) {
  (void)state;
  /* without with_children, V1 can be put in C2 while its township T1 is in C1 */
  const char *json = edit(edit(BASE_JSON, ", \"with_children\": true", ""), "[\"T3\", \"V3\"]", "[\"T3\", \"V3\", \"V1\"]");
  expect_failure(json, BASE_INST, BASE_GRIDS, BASE_TEAMS, YGT_EVALIDATE, "institutions.tsv",
                 ":9: parent: 'V1' is in community 'C2' but its parent 'T1' is in 'C1'");
}

/* ---- grids.tsv and teams.tsv ------------------------------------------- */

static void test_grid_rules(void **state) {
  (void)state;
  BAD_GRIDS(edit(BASE_GRIDS, "C2\tT3", "C9\tT3"), YGT_ENOTFOUND, "grids.tsv:4: community: grid 'G3': community 'C9'");
  BAD_GRIDS(edit(BASE_GRIDS, "C2\tT3", "S1\tT3"), YGT_EVALIDATE, "grid 'G3' is served by 'S1', a specialty community");
  BAD_GRIDS(edit(BASE_GRIDS, "C2\tT3", "C2\tT1"), YGT_EVALIDATE,
            ":4: township: township 'T1' of grid 'G3' is not in the grid's community 'C2'");
  BAD_GRIDS(edit(BASE_GRIDS, "C2\tT3", "C2\tV3"), YGT_EVALIDATE, "township 'V3' of grid 'G3' is at tier 'village'");
  BAD_GRIDS(edit(BASE_GRIDS, "C2\tT3", "C2\tZZ"), YGT_ENOTFOUND, "township of grid 'G3': institution 'ZZ' not found");
  BAD_GRIDS(edit(BASE_GRIDS, "\t8000\t", "\t\t"), YGT_EPARSE, "grids.tsv:4:5: population: empty value");
  BAD_GRIDS(edit(BASE_GRIDS, "\t8000\t", "\t-1\t"), YGT_ERANGE, ":4: population: grid 'G3': negative population");
  BAD_GRIDS(edit(BASE_GRIDS, "\t5500\n", "\t-3\n"), YGT_ERANGE, "resident_insured: grid 'G3': negative resident_insured");
  /* counts that would overflow a budget or a pool: 3.7e18 residents (a budget of 5.3e14 yuan was loaded) */
  BAD_GRIDS(edit(BASE_GRIDS, "\t8000\t", "\t3700000000000000000\t"), YGT_ERANGE,
            ":4: population: grid 'G3': population 3700000000000000000 is above the maximum of 2000000000 persons");
  BAD_GRIDS(edit(BASE_GRIDS, "G3\t", "G1\t"), YGT_EEXISTS, "grid 'G1' is defined twice (first on line 2)");
  BAD_GRIDS(edit(BASE_GRIDS, "\tcommunity\t", "\tgroup\t"), YGT_EPARSE, "community: required column is missing");
}

static void test_team_rules(void **state) {
  (void)state;
  BAD_TEAMS(edit(BASE_TEAMS, "T1\t3000", "T7\t3000"), YGT_ENOTFOUND, "teams.tsv:2: institution: team 'F1'");
  BAD_TEAMS(edit(BASE_TEAMS, "T1\t3000", "H1\t3000"), YGT_EVALIDATE,
            "team 'F1' works for 'H1' at tier 'county'; family-doctor teams belong to township or village");
  BAD_TEAMS(edit(BASE_TEAMS, "\t800", "\tlots"), YGT_EPARSE, "teams.tsv:3:4: signed: not an integer: 'lots'");
  BAD_TEAMS(edit(BASE_TEAMS, "\t800", "\t-800"), YGT_ERANGE, "signed: team 'F2': negative signed");
  BAD_TEAMS(edit(BASE_TEAMS, "\t800", "\t4611686018427387904"), YGT_ERANGE, "team 'F2': signed 4611686018427387904 is above the maximum");
  BAD_TEAMS(edit(BASE_TEAMS, "F2\t", "F1\t"), YGT_EEXISTS, "team 'F1' is defined twice");
}

/* ---- the builder API --------------------------------------------------- */

static ygt_model_builder *small_builder(void) {
  ygt_model_builder *b = NULL;
  assert_int_equal(ygt_model_builder_new(&b), YGT_OK);
  assert_int_equal(ygt_model_builder_set_locality(b, "1", "县"), YGT_OK);
  assert_int_equal(ygt_model_builder_add_institution(b, "H", "县医院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL,
                                                     YGT_LEVEL_2A, 300, 1u << YGT_DESIGNATION_STROKE, NULL), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "T", "卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_TOWNSHIP,
                                                     YGT_LEVEL_1, 20, 0, ""), 0);
  assert_int_equal(ygt_model_builder_add_institution(b, "V", "村卫生室", YGT_TIER_VILLAGE, YGT_KIND_VILLAGE_CLINIC,
                                                     YGT_LEVEL_UNRATED, 0, 0, "T"), 0);
  assert_int_equal(ygt_model_builder_add_community(b, "C", "医共体", YGT_COMMUNITY_COMPREHENSIVE), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "C", "H", YGT_ROLE_LEAD), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "C", "T", YGT_ROLE_MEMBER), 0);
  return b;
}

static void test_builder_builds(void **state) {
  (void)state;
  ygt_model_builder *b = small_builder();
  assert_int_equal(ygt_model_builder_add_grid(b, "G", "镇", "C", "T", 100, 30, 60), 0);
  assert_int_equal(ygt_model_builder_add_team(b, "F", NULL, "V", 50), 0);
  ygt_model *m = NULL, *m2 = NULL;
  assert_int_equal(ygt_model_build(&m, b), YGT_OK);
  assert_int_equal(ygt_model_build(&m2, b), YGT_OK); /* the builder is unchanged and reusable */
  assert_int_equal(ygt_model_community_lead(m, 0), 0);
  assert_int_equal(ygt_model_community_of(m, 2), YGT_ENOTFOUND); /* V was not added to C */
  assert_int_equal(ygt_model_township_of(m, 2), 1);
  assert_int_equal(ygt_model_grid_insured(m2, 0, YGT_INSURANCE_RESIDENT), 60);
  assert_string_equal(ygt_model_team_name(m, 0), "");
  ygt_model_free(m);
  ygt_model_free(m2);
  ygt_model_builder_free(b);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void expect_build_failure(ygt_model_builder *b, int code, const char *fragment) {
  ygt_model *m = (ygt_model *)b;
  assert_int_equal(ygt_model_build(&m, b), code);
  assert_null(m);
  if (!strstr(ygt_error_last()->message, fragment)) print_error("message: %s\n", ygt_error_last()->message);
  assert_non_null(strstr(ygt_error_last()->message, fragment));
  assert_string_equal(ygt_error_last()->source, ""); /* records from the C API have no file */
  ygt_model_builder_free(b);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_builder_lead_rules(void **state) {
  (void)state;
  ygt_model_builder *b = small_builder();
  assert_int_equal(ygt_model_builder_add_member(b, "C", "T", YGT_ROLE_LEAD), 0);
  expect_build_failure(b, YGT_EEXISTS, "institution 'T' is listed twice in community 'C'");
  b = small_builder();
  assert_int_equal(ygt_model_builder_add_institution(b, "H2", "二院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL,
                                                     YGT_LEVEL_2, 10, 0, NULL), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "C", "H2", YGT_ROLE_LEAD), 0);
  expect_build_failure(b, YGT_EVALIDATE, "role: community 'C' has two leads: 'H' and 'H2'");
  b = small_builder();
  assert_int_equal(ygt_model_builder_add_community(b, "S", "专科", YGT_COMMUNITY_SPECIALTY), 0);
  assert_int_equal(ygt_model_builder_add_member(b, "S", "T", YGT_ROLE_LINKED), 0);
  expect_build_failure(b, YGT_EVALIDATE, "lead: community 'S' has no lead");
  b = small_builder();
  assert_int_equal(ygt_model_builder_add_member(b, "Q", "T", YGT_ROLE_LINKED), 0);
  expect_build_failure(b, YGT_ENOTFOUND, "community: community 'Q' not found");
}

static void test_builder_argument_checks(void **state) {
  (void)state;
  ygt_model_builder *b = small_builder();
  assert_int_equal(ygt_model_builder_add_institution(NULL, "X", "x", 0, 0, 0, 0, 0, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_institution(b, "", "x", 2, 0, 0, 0, 0, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_institution(b, "X", NULL, 2, 0, 0, 0, 0, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_institution(b, "X", "x", 6, 0, 0, 0, 0, NULL), YGT_EINVAL);
  assert_string_equal(ygt_error_last()->field, "tier");
  assert_int_equal(ygt_model_builder_add_institution(b, "X", "x", 2, 11, 0, 0, 0, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_institution(b, "X", "x", 2, 0, 8, 0, 0, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_institution(b, "X", "x", 2, 0, 0, -1, 0, NULL), YGT_ERANGE);
  assert_int_equal(ygt_model_builder_add_institution(b, "X", "x", 2, 0, 0, 0, 1u << 10, NULL), YGT_ERANGE);
  assert_int_equal(ygt_model_builder_add_institution(b, "X", "x", 0, YGT_KIND_VILLAGE_CLINIC, 0, 0, 0, NULL),
                   YGT_EVALIDATE);
  assert_int_equal(ygt_model_builder_add_community(b, "K", "k", 5), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_community(b, NULL, "k", 0), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_member(b, "C", "H", 3), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_member(b, "C", "", 1), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_grid(b, "G", "g", NULL, NULL, 1, 0, 0), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_grid(b, "G", "g", "C", NULL, 1, -1, 0), YGT_ERANGE);
  assert_int_equal(ygt_model_builder_add_team(b, "F", "f", NULL, 1), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_add_team(b, "F", "f", "T", -1), YGT_ERANGE);
  assert_int_equal(ygt_model_builder_set_locality(NULL, "", ""), YGT_EINVAL);
  assert_int_equal(ygt_model_builder_new(NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_build(NULL, b), YGT_EINVAL);
  ygt_model *m = NULL;
  assert_int_equal(ygt_model_build(&m, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_load(&m, NULL), YGT_EINVAL);
  assert_int_equal(ygt_model_load(NULL, "x"), YGT_EINVAL);
  /* the failed adds left the builder as it was: it still builds */
  assert_int_equal(ygt_model_build(&m, b), YGT_OK);
  assert_int_equal(ygt_model_institution_count(m), 3);
  ygt_model_free(m);
  ygt_model_builder_free(b);
  ygt_model_builder_free(NULL);
  ygt_model_free(NULL);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* ---- enumerations ------------------------------------------------------ */

static void test_enum_names(void **state) {
  (void)state;
  int v = -1;
  assert_string_equal(ygt_tier_name(YGT_TIER_OUT_OF_AREA), "out_of_area");
  assert_null(ygt_tier_name(6));
  assert_null(ygt_tier_label(-1));
  assert_int_equal(ygt_tier_from_name(&v, "乡镇级"), 0);
  assert_int_equal(v, YGT_TIER_TOWNSHIP);
  assert_int_equal(ygt_tier_from_name(&v, "town"), YGT_ENOTFOUND);
  assert_non_null(strstr(ygt_error_last()->message, "unknown tier 'town'"));
  assert_int_equal(ygt_tier_from_name(NULL, "x"), YGT_EINVAL);
  assert_int_equal(ygt_hospital_level_from_name(&v, "三级甲等"), 0);
  assert_int_equal(v, YGT_LEVEL_3A);
  assert_string_equal(ygt_hospital_level_label(YGT_LEVEL_2B), "二级乙等");
  assert_int_equal(ygt_institution_kind_from_name(&v, "中心卫生院"), 0);
  assert_int_equal(v, YGT_KIND_CENTRAL_TOWNSHIP);
  assert_string_equal(ygt_institution_kind_label(YGT_KIND_MATERNAL_CHILD), "妇幼保健院");
  assert_int_equal(ygt_designation_from_name(&v, "critical_child"), 0);
  assert_int_equal(v, YGT_DESIGNATION_CRITICAL_CHILD);
  assert_string_equal(ygt_designation_label(YGT_DESIGNATION_CHEST_PAIN), "胸痛中心");
  assert_int_equal(ygt_community_kind_from_name(&v, "1+N医疗集团"), 0);
  assert_int_equal(v, YGT_COMMUNITY_ONE_PLUS_N);
  assert_int_equal(ygt_community_kind_is_comprehensive(YGT_COMMUNITY_URBAN_GROUP), 1);
  assert_int_equal(ygt_community_kind_is_comprehensive(YGT_COMMUNITY_SPECIALTY_ALLIANCE), 0);
  assert_int_equal(ygt_community_kind_is_comprehensive(9), YGT_EINVAL);
  assert_string_equal(ygt_community_kind_label(YGT_COMMUNITY_SPECIALTY), "专科医共体");
  assert_int_equal(ygt_member_role_from_name(&v, "linked"), 0);
  assert_int_equal(v, YGT_ROLE_LINKED);
  assert_string_equal(ygt_member_role_label(YGT_ROLE_LEAD), "牵头单位");
  assert_int_equal(ygt_insurance_from_name(&v, "居民医保"), 0);
  assert_int_equal(v, YGT_INSURANCE_RESIDENT);
  assert_string_equal(ygt_insurance_name(YGT_INSURANCE_EMPLOYEE), "employee");
  assert_null(ygt_insurance_label(2));
  for (int i = 0; ygt_institution_kind_name(i); i++) {
    assert_int_equal(ygt_institution_kind_from_name(&v, ygt_institution_kind_name(i)), 0);
    assert_int_equal(v, i);
  }
}

/* ---- allocation failures ----------------------------------------------- */

static void test_load_survives_every_allocation_failure(void **state) {
  (void)state;
  bundle bd;
  bundle_write(&bd, BASE_JSON, BASE_INST, BASE_GRIDS, BASE_TEAMS);
  testutil_failing f;
  int ok = 0;
  for (long k = 1; k < 5000 && !ok; k++) {
    assert_int_equal(testutil_fail_install(&f, k), YGT_OK);
    ygt_model *m = NULL;
    int rc = ygt_model_load(&m, bd.dir);
    if (rc == YGT_OK) { ok = 1; ygt_model_free(m); }
    else { assert_int_equal(rc, YGT_ENOMEM); assert_null(m); }
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  }
  assert_true(ok);
  bundle_remove(&bd);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_base_bundle_loads),
    cmocka_unit_test(test_csv_tables),
    cmocka_unit_test(test_json_syntax),
    cmocka_unit_test(test_json_version_and_format),
    cmocka_unit_test(test_json_structure),
    cmocka_unit_test(test_missing_table_file),
    cmocka_unit_test(test_community_kind_and_codes),
    cmocka_unit_test(test_community_lead_rules),
    cmocka_unit_test(test_one_comprehensive_community),
    cmocka_unit_test(test_one_plus_n_takes_everyone),
    cmocka_unit_test(test_institution_columns_and_fields),
    cmocka_unit_test(test_institution_codes),
    cmocka_unit_test(test_institution_kind_at_tier),
    cmocka_unit_test(test_institution_parents),
    cmocka_unit_test(test_parent_in_same_community),
    cmocka_unit_test(test_grid_rules),
    cmocka_unit_test(test_team_rules),
    cmocka_unit_test(test_builder_builds),
    cmocka_unit_test(test_builder_lead_rules),
    cmocka_unit_test(test_builder_argument_checks),
    cmocka_unit_test(test_enum_names),
    cmocka_unit_test(test_load_survives_every_allocation_failure),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
