/* CHS-DRG 3.0 configurations without shared data: the rule language on
 * small hand-written rules, the loader's errors, and a synthetic workbook in
 * the official layout (tests/data/drg3/synthetic) grouping hand-checked cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <pthread.h>
#include <cmocka.h>

#include "testutil.h"
#include "drg_testutil.h"
#include "alloc_internal.h"
#include "drg3_internal.h"

#define SYNTH SOURCE_ROOT "/tests/data/drg3/synthetic"

/* ---- the rule language ---- */

/* Compiles text into a fresh configuration; returns the code, fills err. */
static int compile(const char *text, d3_perr *err, size_t *nodes) {
  ygt_drg3 *g = ygt__calloc(1, sizeof *g); /* freed by ygt_drg3_free, through the library allocator */
  d3_rule r;
  int rc = ygt__drg3_compile(g, text, &r, err);
  *nodes = g->nnodes;
  if (!rc) assert_true(text[strspn(text, " ")] == '\0' ? r.root == -1 : r.root >= 0);
  ygt_drg3_free(g);
  return rc;
}

static void test_rules_that_compile(void **state) {
  (void)state;
  static const struct { const char *text; size_t nodes; } ok[] = {
    {"", 0}, {"  ", 0}, {"1", 1}, {"0", 1},
    {"ZYZD in DI_H00", 1},
    {"ZYSS not in OP_ALL", 2},
    {"(NL=0) and (XSRTL>=29) and (XSRTL<366)", 5},
    {"XSRTZ>2499 or XSRTZ<=1499 or XB = 2", 5},
    {"{ZYSS, QTSS} in OP2_AC1", 1},
    {"({ZYZD, QTZD} in DI_PS2)", 1},
    {"QTZD in {MCC, CC}", 3},
    {"QTZD in {DI_Z02, DI_Z03, DI_Z04}", 5},
    {"length(OP_IC2 \xe2\x88\xa9 {ZYSS, QTSS})>=2 and ZYSS in OP_IC2", 3},
    {"(ZYSS in OP1_DC3) OR  (ZYSS in OP2_DC3 and {ZYSS, QTSS} in OP3_DC3)", 5},
    {"ZYZD in DI_OBD or QTZD in MCC", 3},
    {"\xef\xbc\x88NL\xe2\x89\xa5" "70\xef\xbc\x89", 1}, /* （NL≥70） */
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    d3_perr err;
    size_t nodes;
    int rc = compile(ok[i].text, &err, &nodes);
    if (rc) fail_msg("'%s': %s at %zu", ok[i].text, err.msg, err.pos);
    if (nodes != ok[i].nodes) fail_msg("'%s': %zu nodes, expected %zu", ok[i].text, nodes, ok[i].nodes);
  }
}

static void test_rule_errors(void **state) {
  (void)state;
  static const struct { const char *text; size_t column; const char *msg; } bad[] = {
    {"ZYZD in", 8, "expected a set name"},
    {"ZYZD DI_H00", 6, "expected 'in' or 'not in'"},
    {"ZYZD not DI_H00", 10, "expected 'in' after 'not'"},
    {"(ZYZD in DI_H00", 16, "expected ')'"},
    {"ZYZD in DI_H00)", 15, "unexpected ')'"},
    {"FOO in DI_H00", 1, "unknown word 'FOO'"},
    {"2", 1, "a constant condition is 1 or 0"},
    {"NL >> 3", 5, "expected a number"},
    {"NL in DI_H00", 4, "expected =, <, <=, > or >="},
    {"{ZYZD, ZYSS} in X", 13, "mixes diagnoses and procedures"},
    {"{ZYZD, NL} in X", 8, "is not ZYZD, QTZD, ZYSS or QTSS"},
    {"ZYZD in MCC", 9, "MCC applies to QTZD"},
    {"ZYSS in DI_H00 and ZYZD in DI_H00", 28, "set DI_H00 holds procedures"},
    {"QTZD in {MCC, CC", 17, "expected ',' or '}'"},
    {"length(OP_IC2 {ZYSS})>=2", 15, "intersection"},
    {"length(MCC \xe2\x88\xa9 {QTZD})>=1", 8, "length() takes a code set"},
    {"\xe5\x8f\x82\xe6\x95\xb0 in X", 1, "expected a condition"}, /* a non-ASCII word: column counts characters */
    {"ZYZD in DI_H00 and \xe2\x88\xa9", 20, "expected a condition"},
    {"NL>=99999999999", 5, "number too large"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    d3_perr err;
    size_t nodes;
    int rc = compile(bad[i].text, &err, &nodes);
    if (rc != YGT_EPARSE) fail_msg("'%s' compiled (%d)", bad[i].text, rc);
    if (nodes != 0) fail_msg("'%s' left %zu nodes", bad[i].text, nodes);
    size_t col = ygt__drg3_column(bad[i].text, err.pos);
    if (col != bad[i].column || !strstr(err.msg, bad[i].msg))
      fail_msg("'%s': character %zu '%s', expected %zu '%s'", bad[i].text, col, err.msg, bad[i].column, bad[i].msg);
  }
}

static void test_deep_nesting_is_an_error(void **state) {
  (void)state;
  char text[400];
  size_t n = 0;
  for (int i = 0; i < 70; i++) text[n++] = '(';
  memcpy(text + n, "1", 2);
  d3_perr err;
  size_t nodes;
  assert_int_equal(compile(text, &err, &nodes), YGT_EPARSE);
  assert_non_null(strstr(err.msg, "nested more than 64"));
}

/* ---- loading ---- */

typedef struct sheets {
  const char *text[YGT_DRG3_FILES];
} sheets;

static const sheets base = {{
  "mdc\tname\tsort\trule\nMDCH\tH\t1\tZYZD in DI_H00\n",
  "adrg\tmdc\tname\tsort\trule\nHC4\tMDCH\tx\t1\tZYSS in OP_HC4\nH00\tMDCH\t\t2\t\n",
  "drg\tadrg\tname\tsort\trule\nHC43\tHC4\tx\t1\tQTZD in CC\nHC45\tHC4\tx\t2\t\nH000\tH00\t\t1\t\n",
  "set\tcode\nDI_H00\tK80.101\nDI_H00\tK81.000\nOP_HC4\t51.2300\n",
  "code\tlevel\texclusion\nI50.900\tCC\tT1\n",
  "table\tcode\nT1\tK81.000\n",
  "key\tvalue\nworkbook\tw.xlsx\nsha256\t2037d128\n",
}};

/* Writes the sheets (one replaced by `text` at `which`, -1 none) and loads them. */
static int load(int which, const char *text, int options, ygt_drg3 **out) {
  char path[YGT_DRG3_FILES][256];
  const char *paths[YGT_DRG3_FILES];
  for (int i = 0; i < YGT_DRG3_FILES; i++) {
    paths[i] = testutil_write_temp(path[i], sizeof path[i], ".tsv", i == which ? text : base.text[i]);
    assert_non_null(paths[i]);
  }
  int rc = ygt_drg3_load_files(out, paths, options);
  for (int i = 0; i < YGT_DRG3_FILES; i++) unlink(path[i]);
  return rc;
}

static void test_base_loads(void **state) {
  (void)state;
  ygt_drg3 *g;
  assert_int_equal(load(-1, NULL, 0, &g), YGT_OK);
  assert_int_equal(ygt_drg3_count(g, 1), 1);
  assert_int_equal(ygt_drg3_count(g, 2), 2);
  assert_int_equal(ygt_drg3_count(g, 3), 3);
  assert_int_equal(ygt_drg3_find(g, 3, "HC45"), 1);
  assert_string_equal(ygt_drg3_provenance(g, "workbook"), "w.xlsx");
  assert_string_equal(ygt_drg3_provenance(g, "sha256"), "2037d128");
  assert_null(ygt_drg3_provenance(g, "version"));
  assert_null(ygt_drg3_provenance(g, "colour"));
  assert_int_equal(ygt_drg3_find(g, 3, "nope"), YGT_ENOTFOUND);
  assert_int_equal(ygt_drg3_find(g, 4, "HC45"), YGT_EINVAL);
  assert_null(ygt_drg3_code(g, 3, 3));
  assert_null(ygt_drg3_name(g, 0, 0));
  assert_int_equal(ygt_codes_count(ygt_drg3_codes(g, YGT_CODE_DIAGNOSIS)), 3);
  assert_int_equal(ygt_codes_count(ygt_drg3_codes(g, YGT_CODE_PROCEDURE)), 1);
  ygt_drg3_free(g);
}

static void test_load_errors(void **state) {
  (void)state;
  static const struct { int sheet; const char *text; int code, line; const char *field, *msg; } bad[] = {
    {0, "mdc\tname\tsort\trule\tcolour\nMDCH\tH\t1\t\n", YGT_EPARSE, 1, "colour", "unknown column"},
    {0, "mdc\tname\trule\nMDCH\tH\t\n", YGT_EPARSE, 1, "", "missing column sort"},
    {0, "mdc\tname\tsort\t编码\trule\n", YGT_EPARSE, 1, "编码", "repeats a column"},
    {0, "mdc\tname\tsort\trule\nMDCH\tH\tx\t\n", YGT_EPARSE, 2, "sort", "whole number"},
    {0, "mdc\tname\tsort\trule\nMDCH\tH\t1\t\nMDCH\tH\t2\t\n", YGT_EEXISTS, 3, "mdc", "defined twice"},
    {0, "mdc\tname\tsort\trule\n\nMDCH\tH\t1\t(ZYZD in DI_H00\n", YGT_EPARSE, 3, "rule",
     "rule of MDCH: at character 16: expected ')'"},
    {0, "mdc\tname\tsort\trule\t所属\nMDCH\tH\t1\t\tMDCX\n", YGT_EPARSE, 2, "所属", "an MDC has no parent"},
    {0, "mdc\tname\tsort\trule\n", YGT_EVALIDATE, 0, "", "no MDC rows"},
    {1, "adrg\tmdc\tname\tsort\trule\nHC4\tMDCX\tx\t1\t\n", YGT_ENOTFOUND, 2, "mdc", "no MDC 'MDCX'"},
    {1, "adrg\tmdc\tname\tsort\trule\nHC4\tMDCH\tx\t1\tZYSS in DI_H00\n", YGT_EPARSE, 2, "rule", "holds diagnoses"},
    {2, "drg\tadrg\tmdc\tname\tsort\trule\nHC45\tHC4\tMDCX\tx\t1\t\nH000\tH00\tMDCH\t\t1\t\n", YGT_EVALIDATE, 2,
     "mdc", "ADRG HC4 belongs to MDCH"},
    {2, "drg\tadrg\tname\tsort\trule\nHC45\tHC4\tx\t1\t\n", YGT_EVALIDATE, 3, "", "ADRG H00 has no DRG rows"},
    {3, "set\tcode\nDI_H00\tK80.101\n", YGT_ENOTFOUND, 0, "", "set OP_HC4, named by a rule, has no rows"},
    {3, "set\tcode\nDI_H00\t\nOP_HC4\t51.2300\n", YGT_EINVAL, 2, "code", "'' is not a code"},
    {3, "set\tcode\tweight\n", YGT_EPARSE, 1, "weight", "unknown column"},
    {4, "code\tlevel\nI50.900\tSEVERE\n", YGT_EPARSE, 2, "level", "expected MCC or CC"},
    {4, "code\tlevel\nI50.900\tCC\nI50.900\tMCC\n", YGT_EEXISTS, 3, "code", "listed twice"},
    {4, "code\texclusion\n", YGT_EPARSE, 1, "", "missing column level"},
    {5, "table\tcode\n\tK81.000\n", YGT_EPARSE, 2, "table", "empty table name"},
    {6, "key\tvalue\nsha265\tx\n", YGT_EPARSE, 2, "key", "unknown key 'sha265'"},
    {6, "key\tvalue\nname\tx\nname\ty\n", YGT_EEXISTS, 3, "key", "given twice"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ygt_drg3 *g = (ygt_drg3 *)1;
    int rc = load(bad[i].sheet, bad[i].text, 0, &g);
    const ygt_error *e = ygt_error_last();
    if (rc != bad[i].code || g != NULL || e->line != bad[i].line || strcmp(e->field, bad[i].field) != 0 ||
        !strstr(e->message, bad[i].msg) || !strstr(e->source, "/tmp/ygt-test-"))
      fail_msg("case %zu: %d (%s), expected %d at line %d field '%s' '%s'", i, rc, e->message, bad[i].code,
               bad[i].line, bad[i].field, bad[i].msg);
  }
}

static void test_bad_arguments(void **state) {
  (void)state;
  ygt_drg3 *g = (ygt_drg3 *)1;
  const char *none[YGT_DRG3_FILES] = {0};
  assert_int_equal(ygt_drg3_load_files(&g, none, 0), YGT_EINVAL);
  assert_null(g);
  assert_int_equal(ygt_drg3_load_files(NULL, none, 0), YGT_EINVAL);
  assert_int_equal(load(-1, NULL, 8, &g), YGT_EINVAL);
  assert_int_equal(ygt_drg3_load(&g, "/nonexistent-ygt-dir", 0), YGT_EIO);
  assert_non_null(strstr(ygt_error_last()->message, "mdc.tsv"));
  ygt_drg3_free(NULL);
}

/* ---- the synthetic workbook ---- */

static ygt_drg3 *synth;

typedef struct expect {
  tcase c;
  const char *mdc, *adrg, *drg;
  int status;
  uint32_t flags;
} expect;

/* Hand-checked against tests/data/drg3/synthetic (see its comments). */
static const expect cases[] = {
  /* MDCH before MDCX (same sort, earlier row); HC4 DRGs in sort order, not row order */
  {{1, 45, NA, NA, 5, 1, NULL, "K80.101", "", "51.2300"}, "MDCH", "HC4", "HC45", YGT_DRG_OK, 0},
  {{1, 45, NA, NA, 5, 1, NULL, "K80.101", "I50.900", "51.2300"}, "MDCH", "HC4", "HC43", YGT_DRG_OK, 0},
  {{1, 45, NA, NA, 5, 1, NULL, "K81.000", "I50.900", "51.2300"}, "MDCH", "HC4", "HC45", YGT_DRG_OK, 0}, /* T1 */
  {{1, 72, NA, NA, 5, 1, NULL, "K80.101", "J96.000", "51.2300"}, "MDCH", "HC4", "HC4E", YGT_DRG_OK, 0},
  {{1, 45, NA, NA, 5, 1, NULL, "K80.101", "J96.000", "51.2300"}, "MDCH", "HC4", "HC41", YGT_DRG_OK, 0},
  {{1, 45, NA, NA, 5, 1, NULL, "K80.302", "J96.000", "51.2300"}, "MDCH", "HC4", "HC45", YGT_DRG_OK, 0}, /* T2 */
  {{1, 45, NA, NA, 5, 1, NULL, "K80.302", "J96.000|I50.900", "51.2300"}, "MDCH", "HC4", "HC43", YGT_DRG_OK, 0},
  {{1, 70, NA, NA, 5, 1, NULL, "K80.101", "E87.100", "51.2300"}, "MDCH", "HC4", "HC4F", YGT_DRG_OK, 0},
  {{1, 70, NA, NA, 5, 1, NULL, "K80.101", "", "51.2300"}, "MDCH", "HC4", "HC4G", YGT_DRG_OK, 0},
  {{1, 45, NA, NA, 5, 1, NULL, "K80.101", "", "51.2300|17.4100"}, "MDCH", "HC4", "HC40", YGT_DRG_OK, 0},
  {{1, NA, NA, NA, 5, 1, NULL, "K80.101", "", "51.2300"}, "MDCH", "HC4", "HC45", YGT_DRG_OK, 0}, /* NA compares false */
  /* length(OP_HB1 ∩ {ZYSS, QTSS}) >= 2 counts distinct codes */
  {{1, 5, NA, NA, 5, 1, NULL, "K80.101", "", "51.3600|51.3700"}, "MDCH", "HB1", "HB1D", YGT_DRG_OK, 0},
  {{1, 30, NA, NA, 5, 1, NULL, "K80.101", "", "51.3700|51.3600"}, "MDCH", "HB1", "HB19", YGT_DRG_OK, 0},
  {{1, 30, NA, NA, 5, 1, NULL, "K80.101", "", "51.3600|51.3600"}, "MDCH", "HQY", "HQY", YGT_DRG_QY, 0},
  {{1, 30, NA, NA, 5, 1, NULL, "K80.101", "", "51.8800"}, "MDCH", "HQY", "HQY", YGT_DRG_QY, 0},
  /* HR1: (ZYZD in DI1_HR1) OR (QTZD in DI2_HR1); H/3/C/5 */
  {{1, 80, NA, NA, 5, 1, NULL, "K83.000", "", ""}, "MDCH", "HR1", "HR1H", YGT_DRG_OK, 0},
  {{1, 40, NA, NA, 5, 1, NULL, "K80.101", "R17.x00|I50.900", ""}, "MDCH", "HR1", "HR13", YGT_DRG_OK, 0},
  {{1, 3, NA, NA, 5, 1, NULL, "K80.101", "R17.x00", ""}, "MDCH", "HR1", "HR1C", YGT_DRG_OK, 0},
  {{1, 40, NA, NA, 5, 1, NULL, "K80.101", "R17.x00", ""}, "MDCH", "HR1", "HR15", YGT_DRG_OK, 0},
  /* HS1 before H00 (same sort, earlier row); ZYZD in DI_OBD or QTZD in MCC */
  {{1, 40, NA, NA, 5, 1, NULL, "K82.900", "", ""}, "MDCH", "HS1", "HS11", YGT_DRG_OK, 0},
  {{1, 40, NA, NA, 5, 1, NULL, "K82.000", "J96.000", ""}, "MDCH", "HS1", "HS11", YGT_DRG_OK, 0},
  {{1, 40, NA, NA, 5, 1, NULL, "K82.000", "", ""}, "MDCH", "HS1", "HS15", YGT_DRG_OK, 0},
  {{1, 40, NA, NA, 5, 1, NULL, "K80.101", "", "52.8000"}, "MDCH", "H00", "H000", YGT_DRG_OK, YGT_DRG3_FLAG_PLACEHOLDER},
  /* MDCA: entered only through its ADRG rules; AC1's symmetric rule */
  {{1, 45, NA, NA, 5, 1, NULL, "K80.302", "", "50.5100"}, "MDCA", "AA1", "AA19", YGT_DRG_OK, 0},
  {{1, 45, NA, NA, 5, 1, NULL, "K80.101", "", "52.8000|55.6900"}, "MDCA", "AC1", "AC19", YGT_DRG_OK, 0},
  {{1, 45, NA, NA, 5, 1, NULL, "K80.101", "", "55.6900|52.8000"}, "MDCA", "AC1", "AC19", YGT_DRG_OK, 0},
  /* MDCP: NL=0 with XSRTL bands; {ZYZD, QTZD} in DI_PS1 and XSRTZ<1000 */
  {{1, 0, 10, 900, 5, 1, NULL, "P07.000", "", ""}, "MDCP", "PS1", "PS19", YGT_DRG_OK, 0},
  {{1, 0, 10, 900, 5, 1, NULL, "P59.900", "P07.000", ""}, "MDCP", "PS1", "PS19", YGT_DRG_OK, 0},
  {{1, 0, 10, 2000, 5, 1, NULL, "P07.000", "", "51.2300"}, "MDCP", "PQY", "PQY", YGT_DRG_QY, 0},
  {{1, 0, 100, NA, 5, 1, NULL, "P59.900", "", ""}, "MDCP", "P00", "P000", YGT_DRG_OK, YGT_DRG3_FLAG_PLACEHOLDER},
  {{1, 0, 100, NA, 5, 1, NULL, "P59.900", "", "51.2300"}, NULL, NULL, NULL, YGT_DRG_NO_MDC, 0},
  {{1, NA, 10, 900, 5, 1, NULL, "P07.000", "", ""}, NULL, NULL, NULL, YGT_DRG_NO_MDC, 0},
  /* MDCZ: two body sites, ZZ1's rule is 1 */
  {{1, 30, NA, NA, 5, 1, NULL, "S06.000", "S32.000", ""}, "MDCZ", "ZZ1", "ZZ19", YGT_DRG_OK, 0},
  {{1, 30, NA, NA, 5, 1, NULL, "S06.000", "S06.000", ""}, NULL, NULL, NULL, YGT_DRG_NO_MDC, 0},
  /* MDCM: XB = 1 */
  {{1, 30, NA, NA, 5, 1, NULL, "N40.x00", "", ""}, "MDCM", "M00", "M000", YGT_DRG_OK, YGT_DRG3_FLAG_PLACEHOLDER},
  {{2, 30, NA, NA, 5, 1, NULL, "N40.x00", "", ""}, NULL, NULL, NULL, YGT_DRG_NO_MDC, 0},
  {{1, 30, NA, NA, 5, 1, NULL, "K85.000", "", "51.2300"}, "MDCX", "XJ1", "XJ19", YGT_DRG_OK, 0},
  /* unknown and missing principal diagnoses */
  {{1, 30, NA, NA, 5, 1, NULL, "A00.000", "B00.000", "99.9900"}, NULL, NULL, NULL, YGT_DRG_UNKNOWN_PDX, 7},
  {{1, 30, NA, NA, 5, 1, NULL, NULL, "", ""}, NULL, NULL, NULL, YGT_DRG_MISSING_PDX, 0},
};
enum { NCASES = sizeof cases / sizeof cases[0] };

static const char *code_or_null(int level, int32_t id) { return id < 0 ? NULL : ygt_drg3_code(synth, level, id); }

static int same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static ygt_cases *synth_batch(void) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg3_codes(synth, YGT_CODE_DIAGNOSIS),
                                 ygt_drg3_codes(synth, YGT_CODE_PROCEDURE), NCASES), YGT_OK);
  for (size_t i = 0; i < NCASES; i++) tcase_add(c, &cases[i].c);
  return c;
}

static void test_synthetic_cases(void **state) {
  (void)state;
  ygt_cases *c = synth_batch();
  int32_t mdc[NCASES], adrg[NCASES], drg[NCASES], status[NCASES];
  uint32_t flags[NCASES];
  assert_string_equal(ygt_drg3_provenance(synth, "name"), "synthetic");
  assert_int_equal(ygt_drg3_group(synth, c, 0, NCASES, 0, mdc, adrg, drg, status, flags), YGT_OK);
  for (size_t i = 0; i < NCASES; i++) {
    const expect *e = &cases[i];
    if (!same(code_or_null(1, mdc[i]), e->mdc) || !same(code_or_null(2, adrg[i]), e->adrg) ||
        !same(code_or_null(3, drg[i]), e->drg) || status[i] != e->status || flags[i] != e->flags)
      fail_msg("case %zu (%s): %s/%s/%s status %d flags %u, expected %s/%s/%s %d %u", i, e->c.pdx,
               code_or_null(1, mdc[i]), code_or_null(2, adrg[i]), code_or_null(3, drg[i]), status[i], flags[i],
               e->mdc, e->adrg, e->drg, e->status, e->flags);
  }
  /* one row at a time gives the same; NULL outputs are allowed */
  for (size_t i = 0; i < NCASES; i++) {
    int32_t d;
    assert_int_equal(ygt_drg3_group(synth, c, i, 1, 0, NULL, NULL, &d, NULL, NULL), YGT_OK);
    assert_int_equal(d, drg[i]);
  }
  ygt_cases_free(c);
}

static void test_group_arguments(void **state) {
  (void)state;
  ygt_cases *c = synth_batch(), *other;
  int32_t d;
  assert_int_equal(ygt_drg3_group(synth, c, NCASES, 1, 0, NULL, NULL, &d, NULL, NULL), YGT_ERANGE);
  assert_int_equal(ygt_drg3_group(synth, c, 0, 1, 1, NULL, NULL, &d, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_drg3_group(NULL, c, 0, 1, 0, NULL, NULL, &d, NULL, NULL), YGT_EINVAL);
  ygt_codes *dx, *proc;
  assert_int_equal(ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS), YGT_OK);
  assert_int_equal(ygt_codes_new(&proc, YGT_CODE_PROCEDURE), YGT_OK);
  assert_int_equal(ygt_cases_new(&other, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_drg3_group(synth, other, 0, 0, 0, NULL, NULL, NULL, NULL, NULL), YGT_EINVAL);
  ygt_cases_free(other);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  ygt_cases_free(c);
}

/* The traced grouping agrees with the batch and says why. */
static int has_line(const ygt_drg_trace *t, int kind, const char *text) {
  for (size_t i = 0; i < ygt_drg_trace_count(t); i++) {
    int k;
    ygt_drg_trace_step(t, i, &k, NULL, NULL, NULL);
    if (k == kind && strstr(ygt_drg_trace_line(t, i), text)) return 1;
  }
  return 0;
}

static void test_traced(void **state) {
  (void)state;
  ygt_cases *c = synth_batch();
  ygt_drg_trace *t;
  assert_int_equal(ygt_drg_trace_new(&t), YGT_OK);
  int32_t drg[NCASES], status[NCASES];
  assert_int_equal(ygt_drg3_group(synth, c, 0, NCASES, 0, NULL, NULL, drg, status, NULL), YGT_OK);
  for (size_t i = 0; i < NCASES; i++) {
    int32_t d, st;
    assert_int_equal(ygt_drg3_group_traced(synth, c, i, t, NULL, NULL, &d, &st, NULL), YGT_OK);
    assert_int_equal(d, drg[i]);
    assert_int_equal(st, status[i]);
    int kind;
    int32_t object, value;
    assert_int_equal(ygt_drg_trace_step(t, ygt_drg_trace_count(t) - 1, &kind, &object, NULL, &value), YGT_OK);
    assert_int_equal(kind, YGT_DRG_STEP_RESULT);
    assert_int_equal(object, d);
    assert_int_equal(value, st);
  }
  assert_int_equal(ygt_drg3_group_traced(synth, c, 2, t, NULL, NULL, NULL, NULL, NULL), YGT_OK); /* K81.000 + I50.900 */
  assert_true(has_line(t, YGT_DRG_STEP_MDC, "MDCA [empty rule]: entered only through its ADRG rules"));
  assert_true(has_line(t, YGT_DRG_STEP_MDC, "MDCH [ZYZD in DI_H00]: entered"));
  assert_true(has_line(t, YGT_DRG_STEP_ADRG, "HB1 [length(OP_HB1 \xe2\x88\xa9 {ZYSS, QTSS})>=2 and ZYSS in OP_HB1]: no"));
  assert_true(has_line(t, YGT_DRG_STEP_CC_EXCLUDED, "QTZD I50.900: CC, exclusion table T1, which lists the principal"));
  assert_true(has_line(t, YGT_DRG_STEP_DRG, "HC43 [QTZD in CC]: false"));
  assert_true(has_line(t, YGT_DRG_STEP_DRG, "HC45 [empty rule]: true"));
  assert_int_equal(ygt_drg3_group_traced(synth, c, 1, t, NULL, NULL, NULL, NULL, NULL), YGT_OK); /* K80.101 + I50.900 */
  assert_true(has_line(t, YGT_DRG_STEP_CC, "QTZD I50.900: CC, exclusion table T1"));
  assert_false(has_line(t, YGT_DRG_STEP_CC_EXCLUDED, "I50.900"));
  assert_int_equal(ygt_drg3_group_traced(synth, c, 0, NULL, NULL, NULL, NULL, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_drg3_group_traced(synth, c, NCASES, t, NULL, NULL, NULL, NULL, NULL), YGT_ERANGE);
  ygt_drg_trace_free(t);
  ygt_cases_free(c);
}

/* A configuration is immutable: threads grouping the same batch at once get
 * what one thread gets. */
typedef struct job {
  ygt_cases *cases;
  int32_t drg[NCASES];
  int rc;
} job;

static void *group_job(void *arg) {
  job *j = arg;
  for (int k = 0; k < 200 && !j->rc; k++)
    j->rc = ygt_drg3_group(synth, j->cases, 0, NCASES, 0, NULL, NULL, j->drg, NULL, NULL);
  return NULL;
}

static void test_threads_agree(void **state) {
  (void)state;
  ygt_cases *c = synth_batch();
  static job jobs[4];
  pthread_t t[4];
  for (int i = 0; i < 4; i++) {
    jobs[i].cases = c;
    jobs[i].rc = 0;
    assert_int_equal(pthread_create(&t[i], NULL, group_job, &jobs[i]), 0);
  }
  for (int i = 0; i < 4; i++) assert_int_equal(pthread_join(t[i], NULL), 0);
  int32_t one[NCASES];
  assert_int_equal(ygt_drg3_group(synth, c, 0, NCASES, 0, NULL, NULL, one, NULL, NULL), YGT_OK);
  for (int i = 0; i < 4; i++) {
    assert_int_equal(jobs[i].rc, YGT_OK);
    assert_memory_equal(jobs[i].drg, one, sizeof one);
  }
  ygt_cases_free(c);
}

/* A TSV sheet rewritten as CSV, every field quoted, into a temporary file. */
static const char *as_csv(char *path, size_t cap, const char *tsv) {
  static char out[16384];
  char line[2048];
  size_t n = 0;
  FILE *f = fopen(tsv, "r");
  assert_non_null(f);
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (line[0] == '#') continue;
    out[n++] = '"';
    for (char *p = line; *p; p++) {
      if (*p == '\t') n += (size_t)snprintf(out + n, sizeof out - n, "\",\"");
      else if (*p == '"') n += (size_t)snprintf(out + n, sizeof out - n, "\"\"");
      else out[n++] = *p;
    }
    n += (size_t)snprintf(out + n, sizeof out - n, "\"\r\n");
    assert_true(n < sizeof out - 64);
  }
  out[n] = '\0';
  fclose(f);
  return testutil_write_temp(path, cap, ".csv", out);
}

/* The synthetic workbook's rule sheets as CSV group the same cases the same way. */
static void test_csv_sheets(void **state) {
  (void)state;
  char path[3][256];
  const char *paths[YGT_DRG3_FILES] = {as_csv(path[0], 256, SYNTH "/mdc.tsv"), as_csv(path[1], 256, SYNTH "/adrg.tsv"),
                                        as_csv(path[2], 256, SYNTH "/drg.tsv"), SYNTH "/sets.tsv", SYNTH "/cc.tsv",
                                        SYNTH "/exclusion.tsv"};
  ygt_drg3 *g;
  assert_int_equal(ygt_drg3_load_files(&g, paths, 0), YGT_OK);
  for (int i = 0; i < 3; i++) unlink(path[i]);
  ygt_cases *c = synth_batch();
  int32_t a[NCASES], b[NCASES];
  assert_int_equal(ygt_drg3_group(synth, c, 0, NCASES, 0, NULL, NULL, a, NULL, NULL), YGT_OK);
  ygt_cases_free(c);
  assert_int_equal(ygt_cases_new(&c, ygt_drg3_codes(g, YGT_CODE_DIAGNOSIS), ygt_drg3_codes(g, YGT_CODE_PROCEDURE), 0),
                   YGT_OK);
  for (size_t i = 0; i < NCASES; i++) tcase_add(c, &cases[i].c);
  assert_int_equal(ygt_drg3_group(g, c, 0, NCASES, 0, NULL, NULL, b, NULL, NULL), YGT_OK);
  for (size_t i = 0; i < NCASES; i++) assert_string_equal(a[i] < 0 ? "-" : ygt_drg3_code(synth, 3, a[i]),
                                                           b[i] < 0 ? "-" : ygt_drg3_code(g, 3, b[i]));
  ygt_cases_free(c);
  ygt_drg3_free(g);
}

/* A whole file, NUL-terminated, in a static buffer of its own (one per sheet). */
static const char *whole(char *buf, size_t cap, const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t n = fread(buf, 1, cap - 1, f);
  assert_true(n < cap - 1);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

/* The internal in-memory loader (the rule fuzz target's) reads the sheets as
 * the file loader does: same groups for the same cases, same provenance,
 * messages naming the source given for a sheet, no optional sheet required. */
static void test_sheets_in_memory(void **state) {
  (void)state;
  static const char *const names[YGT_DRG3_FILES] = {"mdc.tsv", "adrg.tsv", "drg.tsv", "sets.tsv",
                                                    "cc.tsv", "exclusion.tsv", "provenance.tsv"};
  static char text[YGT_DRG3_FILES][16384];
  ygt__drg3_text texts[YGT_DRG3_FILES];
  size_t blocks = ygt_allocated_blocks(); /* the shared configuration's */
  for (int i = 0; i < YGT_DRG3_FILES; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", SYNTH, names[i]);
    texts[i] = (ygt__drg3_text){names[i], whole(text[i], sizeof text[i], path), strlen(text[i])};
  }
  ygt_drg3 *g;
  assert_int_equal(ygt__drg3_load_texts(&g, texts, 0), YGT_OK);
  assert_string_equal(ygt_drg3_provenance(g, "name"), "synthetic");
  for (int level = 1; level <= 3; level++) assert_int_equal(ygt_drg3_count(g, level), ygt_drg3_count(synth, level));
  ygt_cases *c = synth_batch(), *d;
  assert_int_equal(ygt_cases_new(&d, ygt_drg3_codes(g, YGT_CODE_DIAGNOSIS), ygt_drg3_codes(g, YGT_CODE_PROCEDURE), 0),
                   YGT_OK);
  for (size_t i = 0; i < NCASES; i++) tcase_add(d, &cases[i].c);
  int32_t a[NCASES], b[NCASES], sa[NCASES], sb[NCASES];
  assert_int_equal(ygt_drg3_group(synth, c, 0, NCASES, 0, NULL, NULL, a, sa, NULL), YGT_OK);
  assert_int_equal(ygt_drg3_group(g, d, 0, NCASES, 0, NULL, NULL, b, sb, NULL), YGT_OK);
  for (size_t i = 0; i < NCASES; i++) {
    assert_string_equal(a[i] < 0 ? "-" : ygt_drg3_code(synth, 3, a[i]), b[i] < 0 ? "-" : ygt_drg3_code(g, 3, b[i]));
    assert_int_equal(sa[i], sb[i]);
  }
  ygt_cases_free(c);
  ygt_cases_free(d);
  ygt_drg3_free(g);
  /* without the optional sheets; a broken sheet's error names its source and line */
  texts[YGT_DRG3_CC].data = texts[YGT_DRG3_EXCLUSION].data = texts[YGT_DRG3_PROVENANCE].data = NULL;
  assert_int_equal(ygt__drg3_load_texts(&g, texts, 0), YGT_OK);
  assert_null(ygt_drg3_provenance(g, "name"));
  ygt_drg3_free(g);
  texts[YGT_DRG3_ADRG] = (ygt__drg3_text){"adrg.tsv", "adrg\tname\tsort\trule\tmdc\nHC4\tx\tone\t1\tMDCH\n", 40};
  texts[YGT_DRG3_ADRG].len = strlen(texts[YGT_DRG3_ADRG].data);
  assert_int_equal(ygt__drg3_load_texts(&g, texts, 0), YGT_EPARSE);
  assert_null(g);
  assert_non_null(strstr(ygt_error_last()->message, "adrg.tsv:2"));
  texts[YGT_DRG3_SETS].data = NULL; /* a required sheet */
  assert_int_equal(ygt__drg3_load_texts(&g, texts, 0), YGT_EINVAL);
  assert_int_equal(ygt_allocated_blocks(), blocks);
}

static int setup(void **state) {
  (void)state;
  if (ygt_drg3_load(&synth, SYNTH, 0)) {
    printf("# %s\n", ygt_error_last()->message);
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_drg3_free(synth);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rules_that_compile), cmocka_unit_test(test_rule_errors),
    cmocka_unit_test(test_deep_nesting_is_an_error), cmocka_unit_test(test_base_loads),
    cmocka_unit_test(test_load_errors), cmocka_unit_test(test_bad_arguments),
    cmocka_unit_test(test_synthetic_cases),
    cmocka_unit_test(test_group_arguments), cmocka_unit_test(test_threads_agree),
    cmocka_unit_test(test_traced), cmocka_unit_test(test_csv_sheets),
    cmocka_unit_test(test_sheets_in_memory),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
