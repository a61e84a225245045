/* Loading referral rules: malformed rule files and tables (each with its
 * error code, message fragment, and file, line or JSON path of the field),
 * allocation failures, and the seed bundles of examples/data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "referral_fixture.h"
#include "testutil.h"
#include "shared_data.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

#define ICD10 SHARED_DATA_DIR "/icd/icd10_yibao_v2.0.tsv"

typedef struct bad_case {
  const char *key, *value; /* section replaced; key NULL: value is the whole text */
  int code;
  const char *fragment;
  const char *field; /* expected field (JSON path or column), NULL: not checked */
  int line;          /* expected line, -1: not checked */
} bad_case;

static char tsv_dup[256], tsv_badtier[256], tsv_nocodes[256];
static char sect_dup[600], sect_badtier[600], sect_nocodes[600];

static const char *const ROW = "{\"tier\": \"village\", \"insurance\": \"resident\", \"setting\": \"inpatient\", ";

static char sect_ratio[300], sect_negded[300], sect_decimals[300], sect_incomplete[300];

/* The malformed tables are temporary files named by absolute paths, which
 * a bundle may only name when the host allows it. */
static void make_files(void) {
  ygt_set_outside_paths(1);
  testutil_write_temp(tsv_dup, sizeof tsv_dup, ".tsv",
                      "tier\tinsurance\tsetting\tdeductible_yuan\tratio\n"
                      "county\tresident\tinpatient\t600\t0.8\n"
                      "# a comment\n"
                      "county\tresident\tinpatient\t600\t0.8\n");
  testutil_write_temp(tsv_badtier, sizeof tsv_badtier, ".tsv",
                      "tier\tsetting\tcodes\n"
                      "village\toutpatient\tI10*\n"
                      "xiang\toutpatient\tJ06*\n");
  testutil_write_temp(tsv_nocodes, sizeof tsv_nocodes, ".tsv", "tier\tsetting\tcode_set\nvillage\toutpatient\tI10*\n");
  snprintf(sect_dup, sizeof sect_dup, "[{\"file\": \"%s\"}]", tsv_dup);
  snprintf(sect_badtier, sizeof sect_badtier, "[{\"file\": \"%s\"}]", tsv_badtier);
  snprintf(sect_nocodes, sizeof sect_nocodes, "[{\"file\": \"%s\"}]", tsv_nocodes);
  snprintf(sect_ratio, sizeof sect_ratio, "[%s\"deductible\": \"100\", \"ratio\": 1.5}]", ROW);
  snprintf(sect_negded, sizeof sect_negded, "[%s\"deductible\": \"-1\", \"ratio\": 0.5}]", ROW);
  snprintf(sect_decimals, sizeof sect_decimals, "[%s\"deductible\": \"1.005\", \"ratio\": 0.5}]", ROW);
  snprintf(sect_incomplete, sizeof sect_incomplete, "[%s\"deductible\": \"100\", \"ratio\": 0.5}]", ROW);
}

static void remove_files(void) {
  unlink(tsv_dup);
  unlink(tsv_badtier);
  unlink(tsv_nocodes);
}

static const bad_case *bad_cases(size_t *n) {
  static bad_case cases[] = {
    {NULL, "{\"format\": \"yigongti-referral\",\n \"version\": }", YGT_EPARSE, "", "", 2},
    {NULL, "{\"format\": \"yigongti-referral\", \"version\": 1, \"version\": 1}", YGT_EPARSE, "duplicate", "", -1},
    {"colour", "1", YGT_EPARSE, "unknown key 'colour'", "colour", -1},
    {"versoin", "1", YGT_EPARSE, "unknown key 'versoin' (did you mean `version`?)", "versoin", -1},
    {"version", "2", YGT_EUNSUPPORTED, "version 2 is not supported", "version", -1},
    {"format", "\"yigongti.model\"", YGT_EUNSUPPORTED, "is not 'yigongti-referral'", "format", -1},
    {"catalogues", "[{\"tier\": \"xian\", \"setting\": \"outpatient\", \"codes\": \"I10*\"}]", YGT_EPARSE,
     "unknown tier 'xian'", "catalogues[0].tier", -1},
    {"catalogues", "[{\"tier\": \"village\", \"setting\": \"outpatient\", \"codes\": \"I10.x00, Q99.999\"}]",
     YGT_ENOTFOUND, "Q99.999", "catalogues[0].codes", -1},
    {"catalogues", "[{\"tier\": \"village\", \"setting\": \"outpatient\", \"codes\": \"Z88*\"}]", YGT_EVALIDATE,
     "names no known code", "catalogues[0].codes", -1},
    {"catalogues", "[{\"tier\": \"village\", \"setting\": \"evening\", \"codes\": \"I10*\"}]", YGT_EPARSE,
     "unknown setting 'evening'", "catalogues[0].setting", -1},
    {"out_of_county", "{\"slip_issuers\": [\"county\", \"NOPE\"]}", YGT_ENOTFOUND, "unknown institution 'NOPE'",
     "out_of_county.slip_issuers[1]", -1},
    {"out_of_county", "{\"destinations\": [\"T1\"]}", YGT_EVALIDATE, "inside the county",
     "out_of_county.destinations[0]", -1},
    {"out_of_county", "{\"slip_valid_days\": 0}", YGT_ERANGE, "outside 1 .. 3650", "out_of_county.slip_valid_days", -1},
    {"specialty", "[{\"community\": \"S9\", \"codes\": \"M17*\"}]", YGT_ENOTFOUND, "unknown community 'S9'",
     "specialty[0].community", -1},
    {"specialty", "[{\"community\": \"K1\", \"codes\": \"M17*\"}]", YGT_EVALIDATE, "not a specialty one",
     "specialty[0].community", -1},
    {"emergency", "{\"routes\": [{\"centre\": \"burns\", \"codes\": \"T20-T32\"}]}", YGT_EPARSE,
     "unknown designation 'burns'", "emergency.routes[0].centre", -1},
    {"emergency", "{\"routes\": [{\"centre\": \"lab\", \"codes\": \"I10*\"}]}", YGT_EPARSE,
     "five treatment centres", "emergency.routes[0]", -1},
    {"emergency", "{\"acuity_max\": 7}", YGT_ERANGE, "outside 0 .. 4", "emergency.acuity_max", -1},
    {"reimbursement", sect_ratio, YGT_ERANGE, "outside 0 .. 1", "reimbursement[0].ratio", -1},
    {"reimbursement", sect_negded, YGT_ERANGE, "must not be negative", "reimbursement[0]", -1},
    {"reimbursement", sect_decimals, YGT_ERANGE, "at most two decimals", "reimbursement[0].deductible", -1},
    {"reimbursement", sect_incomplete, YGT_EVALIDATE, "incomplete table: no row for tier village, insurance employee", "reimbursement", -1},
    {"reimbursement", sect_dup, YGT_EEXISTS, "reimbursement:county:resident:inpatient is given twice", NULL, 4},
    {"catalogues", sect_badtier, YGT_EPARSE, "unknown tier 'xiang'", "tier", 3},
    {"catalogues", sect_nocodes, YGT_EPARSE, "codes", "codes", -1},
    {"catalogues", "[{\"file\": \"/nonexistent/catalogue.tsv\"}]", YGT_EIO, "", NULL, -1},
    {"up", "[{\"id\": \"x\", \"codes\": \"I21*\"}, {\"id\": \"x\", \"codes\": \"I22*\"}]", YGT_EEXISTS,
     "rule id 'x' is used twice", "up[1].id", -1},
    {"up", "[{\"codes\": 5}]", YGT_EPARSE, "must be a string", "up[0].codes", -1},
    {"up", "[{\"codes\": \"I21*\", \"sex\": \"M\"}]", YGT_ENOTFOUND, "'M' is not male or female", "up[0].sex", -1},
    {"up", "[{\"codes\": \"I21*\", \"to\": \"city\"}]", YGT_ERANGE, "stays in the county", "up[0]", -1},
    {"up", "[{\"id\": \"up-all\", \"codes\": \"I63*\"}]", YGT_EVALIDATE, "contradictory rules: down rule 'down-rehab'",
     "down[0].codes", -1},
    {"down", "[{\"codes\": \"C71*\", \"phases\": [\"recovery\"]}]", YGT_EVALIDATE, "catalogue does not list it",
     "down[0].codes", -1},
    {"down", "[{\"codes\": \"I10*\"}]", YGT_EPARSE, "missing required key 'phases'", "down[0]", -1},
    {"down", "[{\"codes\": \"I10*\", \"phases\": [\"resting\"]}]", YGT_EPARSE, "unknown phase 'resting'",
     "down[0].phases[0]", -1},
    {"continuity", "{\"up\": \"half\"}", YGT_EPARSE, "unknown continuity policy 'half'", "continuity.up", -1},
    {"first_contact", "{\"tier\": \"county\"}", YGT_ERANGE, "village or township", "first_contact.tier", -1},
    {"priority", "{\"refer_up\": [\"vip\"]}", YGT_EPARSE, "unknown priority service 'vip'", "priority.refer_up[0]", -1},
    {"penalty", "{\"out_of_county_points\": 120}", YGT_ERANGE, "outside 0 .. 100", "penalty.out_of_county_points", -1},
  };
  *n = sizeof cases / sizeof cases[0];
  return cases;
}

static void test_malformed(void **state) {
  (void)state;
  make_files();
  ygt_codes *dx = fixture_dictionary();
  ygt_model *m = fixture_model();
  size_t blocks = ygt_allocated_blocks(), n;
  const bad_case *cases = bad_cases(&n);
  assert_true(n >= 15);
  for (size_t i = 0; i < n; i++) {
    const bad_case *c = &cases[i];
    char *json = c->key ? fixture_json(c->key, c->value) : strdup(c->value);
    ygt_referral_rules *r = (ygt_referral_rules *)&r;
    int rc = ygt_referral_rules_parse(&r, m, dx, json, "bad.json", ".");
    const ygt_error *e = ygt_error_last();
    if (rc != c->code) fail_msg("case %zu (%s): got %d (%s), want %d", i, c->key, rc, e->message, c->code);
    assert_null(r);
    if (!strstr(e->message, c->fragment)) fail_msg("case %zu: message '%s' lacks '%s'", i, e->message, c->fragment);
    if (c->field && strcmp(e->field, c->field) != 0) fail_msg("case %zu: field '%s', want '%s'", i, e->field, c->field);
    if (c->line >= 0 && e->line != c->line) fail_msg("case %zu: line %d, want %d", i, e->line, c->line);
    const char *want_source = strstr(c->value, ".tsv\"") ? ".tsv" : "bad.json";
    if (!strstr(e->source, want_source) && c->code != YGT_EIO)
      fail_msg("case %zu: source '%s'", i, e->source);
    assert_int_equal(ygt_allocated_blocks(), blocks);
    free(json);
  }
  /* the message itself names the file and the field */
  char *json = fixture_json("specialty", "[{\"community\": \"S9\", \"codes\": \"M17*\"}]");
  ygt_referral_rules *r;
  assert_int_equal(ygt_referral_rules_parse(&r, m, dx, json, "bad.json", "."), YGT_ENOTFOUND);
  assert_non_null(strstr(ygt_error_last()->message, "bad.json"));
  assert_non_null(strstr(ygt_error_last()->message, "specialty[0].community"));
  free(json);
  ygt_model_free(m);
  ygt_codes_free(dx);
  remove_files();
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_arguments(void **state) {
  (void)state;
  ygt_codes *dx = fixture_dictionary(), *proc;
  ygt_model *m = fixture_model();
  ygt_referral_rules *r;
  char *json = fixture_json(NULL, NULL);
  assert_int_equal(ygt_referral_rules_parse(NULL, m, dx, json, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_referral_rules_parse(&r, NULL, dx, json, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_referral_rules_parse(&r, m, dx, NULL, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_codes_new(&proc, YGT_CODE_PROCEDURE), YGT_OK);
  assert_int_equal(ygt_referral_rules_parse(&r, m, proc, json, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_referral_rules_load(&r, m, dx, "/nonexistent/referral.json"), YGT_EIO);
  assert_non_null(strstr(ygt_error_last()->source, "/nonexistent/referral.json"));
  /* defaults: no source name, no base directory */
  assert_int_equal(ygt_referral_rules_parse(&r, m, dx, json, NULL, NULL), YGT_OK);
  ygt_referral_rules_free(r);
  ygt_referral_rules_free(NULL);
  free(json);
  /* a file in a directory, loaded by directory name */
  char dir[] = "/tmp/ygt-referral-XXXXXX", path[300];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/referral.json", dir);
  json = fixture_json(NULL, NULL);
  FILE *fp = fopen(path, "w");
  fputs(json, fp);
  fclose(fp);
  assert_int_equal(ygt_referral_rules_load(&r, m, dx, dir), YGT_OK);
  ygt_referral_rules_free(r);
  assert_int_equal(ygt_referral_rules_load(&r, m, dx, path), YGT_OK);
  ygt_referral_rules_free(r);
  unlink(path);
  rmdir(dir);
  free(json);
  ygt_codes_free(proc);
  ygt_model_free(m);
  ygt_codes_free(dx);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* Checks that need another model: a centre nobody is designated, no slip issuer. */
static void test_model_mismatch(void **state) {
  (void)state;
  ygt_codes *dx = fixture_dictionary();
  ygt_model_builder *b;
  ygt_model *m;
  assert_int_equal(ygt_model_builder_new(&b), YGT_OK);
  assert_int_equal(ygt_model_builder_add_institution(b, "H", "县医院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL,
                                                     YGT_LEVEL_2A, 100, 0, NULL), YGT_OK);
  assert_int_equal(ygt_model_build(&m, b), YGT_OK);
  ygt_model_builder_free(b);
  char reimb[12000], json[14000];
  fixture_reimbursement(reimb, sizeof reimb);
  static const struct {
    const char *section, *fragment, *field;
  } cases[] = {
    {"\"emergency\": {\"routes\": [{\"centre\": \"stroke\", \"codes\": \"I63*\"}]}",
     "no institution of the model is designated stroke", "emergency.routes[0].centre"},
    {"\"out_of_county\": {\"slip_issuers\": [\"province\"]}", "may issue an out-of-county slip",
     "out_of_county.slip_issuers"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(json, sizeof json, "{\"format\": \"yigongti-referral\", \"version\": 1, %s, \"reimbursement\": %s}",
             cases[i].section, reimb);
    ygt_referral_rules *r;
    assert_int_equal(ygt_referral_rules_parse(&r, m, dx, json, "m.json", NULL), YGT_EVALIDATE);
    assert_non_null(strstr(ygt_error_last()->message, cases[i].fragment));
    assert_string_equal(ygt_error_last()->field, cases[i].field);
    assert_string_equal(ygt_error_last()->source, "m.json");
  }
  ygt_model_free(m);
  ygt_codes_free(dx);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* Every allocation of a load fails in turn: each failure is YGT_ENOMEM and
 * leaks nothing, and the load finally succeeds. */
static void test_out_of_memory(void **state) {
  (void)state;
  testutil_failing fl;
  assert_int_equal(testutil_fail_install(&fl, 0), YGT_OK);
  ygt_codes *dx = fixture_dictionary();
  ygt_model *m = fixture_model();
  char *json = fixture_json(NULL, NULL);
  size_t blocks = ygt_allocated_blocks();
  ygt_referral_rules *r = NULL;
  long k;
  for (k = 1; k < 100000; k++) {
    fl.calls = 0;
    fl.fail_at = k;
    int rc = ygt_referral_rules_parse(&r, m, dx, json, "oom.json", ".");
    fl.fail_at = 0;
    if (rc == YGT_OK) break;
    if (rc != YGT_ENOMEM) fail_msg("allocation %ld: %d %s", k, rc, ygt_error_last()->message);
    assert_null(r);
    assert_int_equal(ygt_allocated_blocks(), blocks);
  }
  assert_non_null(r);
  assert_true(k > 20);
  ygt_episode *ep;
  fl.calls = 0;
  fl.fail_at = 1;
  assert_int_equal(ygt_episode_new(&ep), YGT_ENOMEM);
  fl.fail_at = 0;
  ygt_referral_rules_free(r);
  ygt_model_free(m);
  ygt_codes_free(dx);
  free(json);
  assert_int_equal(ygt_allocated_blocks(), 0);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
}

/* ---- the seed bundles ------------------------------------------------------------ */

typedef struct bundle {
  ygt_codes *dx;
  ygt_model *m;
  ygt_referral_rules *r;
} bundle;

static int open_bundle(bundle *b, const char *name) {
  char dir[512];
  if (!shared_data_have(ICD10)) return 0;
  snprintf(dir, sizeof dir, "%s/examples/data/%s", SOURCE_ROOT, name);
  if (ygt_codes_load(&b->dx, YGT_CODE_DIAGNOSIS, ICD10)) fail_msg("icd: %s", ygt_error_last()->message);
  if (ygt_model_load(&b->m, dir)) fail_msg("model %s: %s", name, ygt_error_last()->message);
  if (ygt_referral_rules_load(&b->r, b->m, b->dx, dir)) fail_msg("rules %s: %s", name, ygt_error_last()->message);
  return 1;
}

static void close_bundle(bundle *b) {
  ygt_referral_rules_free(b->r);
  ygt_model_free(b->m);
  ygt_codes_free(b->dx);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static ygt_referral_decision bundle_decide(const bundle *b, const char *inst, const char *grid, const char *code,
                                           int setting, int phase, int acuity, const ygt_episode *ep) {
  ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
  int32_t dx = ygt_codes_id(b->dx, code);
  assert_true(dx >= 0);
  q.institution = ygt_model_institution_find(b->m, inst);
  assert_true(q.institution >= 0);
  q.grid = grid ? ygt_model_grid_find(b->m, grid) : -1;
  q.diagnoses = &dx;
  q.ndiagnoses = 1;
  q.setting = setting;
  q.phase = phase;
  q.acuity = acuity;
  q.age = 60;
  q.sex = 1;
  ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
  if (ygt_referral_decide(&d, b->r, &q, ep)) fail_msg("decide: %s", ygt_error_last()->message);
  return d;
}

static const char *dest(const bundle *b, const ygt_referral_decision *d, int i) {
  return i < d->ndestinations ? ygt_model_institution_code(b->m, d->destinations[i]) : "";
}

static void test_bundle_ninghai(void **state) {
  (void)state;
  bundle b;
  if (!open_bundle(&b, "ninghai")) skip();
  /* hypertension at the county hospital's out-patient desk: first contact at the grid's township */
  ygt_referral_decision d = bundle_decide(&b, "NH-H01", "NH-G01", "I10.x00", YGT_SETTING_OUTPATIENT, 0, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_REFER_DOWN);
  assert_string_equal(dest(&b, &d, 0), "NH-T01");
  /* acute stroke at a village clinic, triage 1: stroke centre of the own community (第一医院) */
  d = bundle_decide(&b, "NH-V1301", "NH-G13", "I63.900", YGT_SETTING_INPATIENT, 0, 1, NULL);
  assert_int_equal(d.route, YGT_ROUTE_EMERGENCY);
  assert_string_equal(dest(&b, &d, 0), "NH-H01");
  /* a brain tumour at the county: out of the county on the county's slip */
  d = bundle_decide(&b, "NH-H01", NULL, "C71.900", YGT_SETTING_INPATIENT, 0, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_REFER_OUT);
  assert_int_equal(d.state, YGT_REFERRAL_REQUESTED);
  assert_string_equal(dest(&b, &d, 0), "NH-R01");
  assert_int_equal(d.deductible_fen, 50000);
  /* the same patient at a township asks out: rejected, 65 % - 20 points */
  ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
  int32_t dx = ygt_codes_id(b.dx, "C71.900");
  q.institution = ygt_model_institution_find(b.m, "NH-T05");
  q.diagnoses = &dx, q.ndiagnoses = 1, q.setting = YGT_SETTING_INPATIENT, q.direction = YGT_DIRECTION_OUT;
  assert_int_equal(ygt_referral_decide(&d, b.r, &q, NULL), YGT_OK);
  assert_int_equal(d.state, YGT_REFERRAL_REJECTED);
  assert_true(d.ratio > 0.449999 && d.ratio < 0.450001);
  /* knee osteoarthritis asked up from a township: the lead, then the TCM community's lead */
  q.direction = YGT_DIRECTION_UP, q.setting = YGT_SETTING_OUTPATIENT;
  dx = ygt_codes_id(b.dx, "M17.900");
  assert_int_equal(ygt_referral_decide(&d, b.r, &q, NULL), YGT_OK);
  assert_string_equal(dest(&b, &d, 0), "NH-H01");
  assert_string_equal(dest(&b, &d, 1), "NH-H03");
  close_bundle(&b);
}

static void test_bundle_zhuhai(void **state) {
  (void)state;
  bundle b;
  if (!open_bundle(&b, "zhuhai")) skip();
  /* the five centres: chest pain at a Doumen township goes to the district's own centre first */
  ygt_referral_decision d = bundle_decide(&b, "ZH-T09", "ZH-G09", "I21.900", YGT_SETTING_INPATIENT, 0, 1, NULL);
  assert_int_equal(d.route, YGT_ROUTE_EMERGENCY);
  assert_string_equal(dest(&b, &d, 0), "ZH-H07");
  assert_int_equal(d.priority, (1 << YGT_PRIORITY_EXAMINATION) | (1 << YGT_PRIORITY_ADMISSION));
  /* grid responsibility: recovery goes to the township of the patient's grid */
  d = bundle_decide(&b, "ZH-H01", "ZH-G03", "I63.900", YGT_SETTING_INPATIENT, YGT_PHASE_RECOVERY, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_REFER_DOWN);
  assert_string_equal(dest(&b, &d, 0), "ZH-T03");
  /* a district hospital refers cancer up to the city's own tertiary hospital: inside, no slip needed */
  d = bundle_decide(&b, "ZH-H07", NULL, "C34.900", YGT_SETTING_INPATIENT, 0, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_string_equal(dest(&b, &d, 0), "ZH-H01");
  assert_int_equal(d.priority, 7);
  /* continuity inside the 医联体: township 300 yuan paid, the city hospital's 800 topped up */
  ygt_episode *ep;
  assert_int_equal(ygt_episode_new(&ep), YGT_OK);
  assert_int_equal(ygt_episode_set(ep, ygt_model_institution_find(b.m, "ZH-T01"), 30000), YGT_OK);
  d = bundle_decide(&b, "ZH-T01", "ZH-G01", "I63.900", YGT_SETTING_INPATIENT, 0, 0, ep);
  assert_string_equal(dest(&b, &d, 0), "ZH-H01");
  assert_int_equal(d.continuity, YGT_CONTINUITY_TOP_UP);
  assert_int_equal(d.deductible_fen, 50000);
  ygt_episode_free(ep);
  close_bundle(&b);
}

static void test_bundle_chunan(void **state) {
  (void)state;
  bundle b;
  if (!open_bundle(&b, "chunan")) skip();
  /* the township catalogue treats hypertension in-patients */
  ygt_referral_decision d = bundle_decide(&b, "CA-T09", NULL, "I10.x00", YGT_SETTING_INPATIENT, 0, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_int_equal(d.deductible_fen, 30000);
  /* lung cancer is county-catalogue care: up to the community's lead (the TCM hospital leads 医共体二) */
  ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
  int32_t dx = ygt_codes_id(b.dx, "C34.900");
  q.institution = ygt_model_institution_find(b.m, "CA-T09");
  q.diagnoses = &dx, q.ndiagnoses = 1, q.setting = YGT_SETTING_INPATIENT, q.cost_fen = 2000000;
  assert_int_equal(ygt_referral_decide(&d, b.r, &q, NULL), YGT_OK);
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_string_equal(dest(&b, &d, 0), "CA-H02");
  /* differentiated payment: 600 yuan and 80 % at the county */
  assert_int_equal(d.deductible_fen, 60000);
  assert_int_equal(d.fund_fen, 1552000);
  assert_int_equal(d.patient_fen, 448000);
  close_bundle(&b);
}

static void test_bundle_linxiang(void **state) {
  (void)state;
  bundle b;
  if (!open_bundle(&b, "linxiang")) skip();
  /* one group: an in-county referral is internal and accepted at once, the lead first */
  ygt_referral_decision d = bundle_decide(&b, "LX-T07", "LX-G07", "I63.900", YGT_SETTING_INPATIENT, 0, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_int_equal(d.state, YGT_REFERRAL_ACCEPTED);
  assert_string_equal(dest(&b, &d, 0), "LX-H01");
  d = bundle_decide(&b, "LX-H01", "LX-G07", "I63.900", YGT_SETTING_INPATIENT, YGT_PHASE_RECOVERY, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_REFER_DOWN);
  assert_int_equal(d.state, YGT_REFERRAL_ACCEPTED);
  assert_string_equal(dest(&b, &d, 0), "LX-T07");
  /* out of the county is not internal: requested on the lead's slip */
  d = bundle_decide(&b, "LX-H01", NULL, "C71.900", YGT_SETTING_INPATIENT, 0, 0, NULL);
  assert_int_equal(d.route, YGT_ROUTE_REFER_OUT);
  assert_int_equal(d.state, YGT_REFERRAL_REQUESTED);
  assert_int_equal(ygt_referral_rules_slip_valid_days(b.r), 15);
  close_bundle(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_malformed),
    cmocka_unit_test(test_arguments),
    cmocka_unit_test(test_model_mismatch),
    cmocka_unit_test(test_out_of_memory),
    cmocka_unit_test(test_bundle_ninghai),
    cmocka_unit_test(test_bundle_zhuhai),
    cmocka_unit_test(test_bundle_chunan),
    cmocka_unit_test(test_bundle_linxiang),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
