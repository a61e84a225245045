/* DRG rule packs: malformed packs, each a copy of the tiny pack with one
 * change, give their error code and name the file, line and field; a failed
 * load leaves nothing allocated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "testutil.h"
#include "drg_testutil.h"

static const char *const pack_files[] = {
  "pack.tsv", "mdc.tsv", "mdc_dx.tsv", "adrg.tsv", "adrg_codes.tsv", "drg.tsv", "cc.tsv", "mcc.tsv",
  "cce.tsv", "ss_valid.tsv", "dx_codes.tsv", "proc_codes.tsv", "dx_map.tsv", "proc_map.tsv", NULL,
};

typedef struct breakage {
  const char *what;
  const char *file;
  int line;          /* line to replace (1 = header); 0 appends; -1 deletes the file */
  const char *text;  /* the new line, without '\n' */
  int code;          /* expected error */
  int err_line;      /* expected line in the error (0: not checked) */
  const char *fragment;
} breakage;

/* Copies the tiny pack into dir, applying one change. */
static void make_pack(const char *dir, const breakage *b) {
  for (int i = 0; pack_files[i]; i++) {
    char src[512], dst[512], line[4096];
    snprintf(src, sizeof src, "%s/%s", TINY_PACK, pack_files[i]);
    snprintf(dst, sizeof dst, "%s/%s", dir, pack_files[i]);
    int target = strcmp(pack_files[i], b->file) == 0;
    if (target && b->line < 0) continue;
    FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
    assert_non_null(in);
    assert_non_null(out);
    for (int n = 1; fgets(line, sizeof line, in); n++) {
      if (target && n == b->line) fprintf(out, "%s\n", b->text);
      else fputs(line, out);
    }
    if (target && b->line == 0) fprintf(out, "%s\n", b->text);
    fclose(in);
    fclose(out);
  }
}

static void clean_pack(const char *dir) {
  char path[512];
  for (int i = 0; pack_files[i]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, pack_files[i]);
    remove(path);
  }
  rmdir(dir);
}

static void expect_broken(const breakage *b) {
  char dir[] = "/tmp/ygt-drg-pack-XXXXXX";
  assert_non_null(mkdtemp(dir));
  make_pack(dir, b);
  ygt_drg_pack *p = (ygt_drg_pack *)&p;
  int rc = ygt_drg_pack_load(&p, dir);
  const ygt_error *e = ygt_error_last();
  if (rc != b->code || !strstr(e->source, b->file) || (b->err_line && e->line != b->err_line) ||
      !strstr(e->message, b->fragment))
    fail_msg("%s: got %s at %s:%d: %s", b->what, ygt_error_name(rc), e->source, e->line, e->message);
  assert_null(p);
  assert_int_equal(ygt_allocated_blocks(), 0);
  clean_pack(dir);
}

static void test_malformed_packs(void **state) {
  (void)state;
  const breakage cases[] = {
    {"missing mdc.tsv", "mdc.tsv", -1, "", YGT_EIO, 0, "mdc.tsv"},
    {"missing dx_codes.tsv", "dx_codes.tsv", -1, "", YGT_EIO, 0, "dx_codes.tsv"},
    {"missing column", "drg.tsv", 1, "drg\tadrg\tname\ttry_order", YGT_EPARSE, 1, "rule"},
    {"unknown MDC in mdc_dx.tsv", "mdc_dx.tsv", 0, "MDCQ\tA00.000\t", YGT_ENOTFOUND, 17, "unknown MDC 'MDCQ'"},
    {"unknown MDC in adrg.tsv", "adrg.tsv", 0, "QR1\tMDCQ\t血液\tmedical\t1\tpdx in PDX", YGT_ENOTFOUND, 19,
     "unknown MDC 'MDCQ'"},
    {"unknown ADRG in adrg_codes.tsv", "adrg_codes.tsv", 3, "GZ1\tpdx\tA00.000\t", YGT_ENOTFOUND, 3,
     "unknown ADRG 'GZ1'"},
    {"unknown ADRG in drg.tsv", "drg.tsv", 0, "GZ19\tGZ1\t其他\t1\tTRUE", YGT_ENOTFOUND, 26, "unknown ADRG 'GZ1'"},
    {"expression cut short", "adrg.tsv", 2, "AA1\tMDCA\t心脏移植\tsurgical\t1\tproc1 in", YGT_EPARSE, 2,
     "expected a set name after 'in'"},
    {"unknown word", "drg.tsv", 15, "GB11\tGB1\tx\t1\tMCCC", YGT_EPARSE, 15, "unknown word 'MCCC'"},
    {"unbalanced parenthesis", "adrg.tsv", 7, "ZZ1\tMDCZ\t多发创伤\tmedical\t1\tnot (anyproc in SS_VALID",
     YGT_EPARSE, 7, "expected ')'"},
    {"selector and set of different kinds", "adrg.tsv", 8, "MR1\tMDCM\t男性\tmedical\t1\tpdx in PPROC",
     YGT_EPARSE, 8, "selector pdx cannot be tested against set PPROC"},
    {"ADRG set in an MDC rule", "mdc.tsv", 3, "MDCP\t新生儿\t2\tpdx in PDX\t0\t-", YGT_EPARSE, 3,
     "cannot be used in an MDC rule"},
    {"trailing text", "drg.tsv", 16, "GB15\tGB1\tx\t2\tTRUE TRUE", YGT_EPARSE, 16, "unexpected text 'TRUE'"},
    {"comparison without a number", "drg.tsv", 0, "XU17\tXU1\tx\t5\tLOS>", YGT_EPARSE, 26, "expected an integer"},
    {"code in no dictionary", "cc.tsv", 0, "E99.000\t4", YGT_ENOTFOUND, 4, "E99.000 is in no dictionary"},
    {"not a code", "mcc.tsv", 0, "脑梗死\t4", YGT_EPARSE, 4, "not a valid code"},
    {"exclusion table not a number", "cce.tsv", 2, "A00.000\tx1", YGT_EPARSE, 2, "not an integer"},
    {"CC listed twice with two tables", "cc.tsv", 0, "E10.000\t7", YGT_EEXISTS, 4, "E10.000 is listed twice"},
    /* identical rows passed, where drg-pack.md allows a code once per file */
    {"CC listed twice, the same table", "cc.tsv", 0, "E10.000\t1", YGT_EEXISTS, 4, "E10.000 is listed twice"},
    {"map row listed twice", "dx_map.tsv", 0, "A01.000\tA01.000", YGT_EEXISTS, 22, "A01.000 is listed twice"},
    {"duplicate DRG", "drg.tsv", 0, "GR13\tGR1\t重复\t4\tTRUE", YGT_EEXISTS, 26, "DRG GR13 is defined twice"},
    {"duplicate ADRG", "adrg.tsv", 0, "GR1\tMDCG\t重复\tmedical\t9\tpdx in PDX", YGT_EEXISTS, 19,
     "ADRG GR1 is defined twice"},
    {"duplicate MDC", "mdc.tsv", 0, "MDCG\t重复\t9\tpdx in MDC\t0\t-", YGT_EEXISTS, 10, "MDC MDCG is defined twice"},
    {"try order used twice", "adrg.tsv", 13, "GR1\tMDCG\t消化内科\tmedical\t3\tpdx in PDX", YGT_EEXISTS, 13,
     "try_order 3 is used twice"},
    {"check order used twice", "mdc.tsv", 9, "MDCX\t其他\t7\tpdx in MDC\t0\t", YGT_EEXISTS, 9,
     "check_order 7 is used twice"},
    {"ADRG without DRG", "adrg.tsv", 0, "GV1\tMDCG\t无DRG\tmedical\t9\tTRUE", YGT_EVALIDATE, 19,
     "ADRG GV1 has no DRG"},
    {"rule refers to an empty list", "adrg.tsv", 11,
     "GJ1\tMDCG\tx\tsurgical\t2\tpdx in PDX and anyproc in PPROC[4]", YGT_EVALIDATE, 11,
     "set PPROC[4] has no rows in adrg_codes.tsv"},
    {"unknown role", "adrg_codes.tsv", 2, "AA1\tmainproc\t37.5100\t", YGT_EPARSE, 2, "role must be"},
    {"unknown kind", "adrg.tsv", 2, "AA1\tMDCA\t心脏移植\tsurgery\t1\tproc1 in PPROC", YGT_EPARSE, 2,
     "kind must be"},
    {"tag out of range", "adrg_codes.tsv", 12, "GJ1\tpproc\t46.1000\t100", YGT_ERANGE, 12, "100 outside 1..99"},
    {"qy_after names another MDC's ADRG", "mdc.tsv", 8, "MDCG\t消化\t7\tpdx in MDC\t1\tAA1", YGT_ENOTFOUND, 8,
     "qy_after AA1 is not an ADRG of MDCG"},
    {"two trauma sites for one code", "mdc_dx.tsv", 0, "MDCZ\tS06.000\tchest", YGT_EVALIDATE, 17,
     "S06.000 has two trauma sites"},
    {"unknown pack key", "pack.tsv", 0, "colour\tblue", YGT_EVALIDATE, 5, "unknown key 'colour'"},
    {"map target in no dictionary", "dx_map.tsv", 0, "A00.002\tA99.999", YGT_ENOTFOUND, 22, "A99.999"},
    {"duplicate code in dx_codes.tsv", "dx_codes.tsv", 0, "a00.000\t重复", YGT_EEXISTS, 22, "listed twice"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) expect_broken(&cases[i]);
}

static void test_unlisted_codes_are_added(void **state) {
  (void)state;
  /* Without `unlisted_codes error` a code used by the rules joins the
   * dictionary (CHS-DRG 1.1 uses 4 codes that dx_codes.tsv lacks). */
  breakage b = {"", "pack.tsv", 4, "unlisted_codes\tadd", 0, 0, ""};
  char dir[] = "/tmp/ygt-drg-pack-XXXXXX";
  assert_non_null(mkdtemp(dir));
  make_pack(dir, &b);
  char path[512];
  snprintf(path, sizeof path, "%s/mdc_dx.tsv", dir);
  FILE *f = fopen(path, "a");
  fputs("MDCG\tK43.900\t\n", f);
  fclose(f);
  ygt_drg_pack *p;
  assert_int_equal(ygt_drg_pack_load(&p, dir), YGT_OK);
  const ygt_codes *dx = ygt_drg_pack_codes(p, YGT_CODE_DIAGNOSIS);
  int32_t id = ygt_codes_id(dx, "K43.900");
  assert_true(id >= 20);
  assert_string_equal(ygt_codes_name(dx, id), "");
  ygt_drg_pack_free(p);
  clean_pack(dir);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_load_arguments(void **state) {
  (void)state;
  ygt_drg_pack *p;
  assert_int_equal(ygt_drg_pack_load(NULL, TINY_PACK), YGT_EINVAL);
  assert_int_equal(ygt_drg_pack_load(&p, NULL), YGT_EINVAL);
  assert_null(p);
  assert_int_equal(ygt_drg_pack_load(&p, "/nonexistent/pack"), YGT_EIO);
  ygt_drg_pack_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_malformed_packs),
    cmocka_unit_test(test_unlisted_codes_are_added),
    cmocka_unit_test(test_load_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
