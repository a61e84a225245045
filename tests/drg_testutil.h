/* Helpers of the DRG tests: the tiny synthetic pack and one-line cases. */
#ifndef YGT_DRG_TESTUTIL_H
#define YGT_DRG_TESTUTIL_H

#include <string.h>

#include "yigongti.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif
#define TINY_PACK SOURCE_ROOT "/tests/data/drg/tiny"

#define NA YGT_CASES_NA

/* One case; sdx and procs are '|'-separated ("" for none); pdx NULL for none. */
typedef struct tcase {
  int32_t sex, age, days, weight, los, leaving;
  const char *dept, *pdx, *sdx, *procs;
} tcase;

static inline void tcase_codes(ygt_cases *c, size_t row, int column, const char *list) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", list ? list : "");
  for (char *save = NULL, *tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save))
    if (ygt_cases_add_code(c, row, column, tok)) fail_msg("add_code %s: %s", tok, ygt_error_last()->message);
}

static inline size_t tcase_add(ygt_cases *c, const tcase *t) {
  size_t row;
  assert_int_equal(ygt_cases_append(c, &row), YGT_OK);
  int32_t v[] = {t->sex, t->age, t->days, t->weight, t->los, t->leaving};
  int cols[] = {YGT_CASE_SEX, YGT_CASE_AGE_YEARS, YGT_CASE_AGE_DAYS, YGT_CASE_BIRTH_WEIGHT_G,
                YGT_CASE_LOS_DAYS, YGT_CASE_LEAVING_TYPE};
  for (int i = 0; i < 6; i++) assert_int_equal(ygt_cases_set_int(c, row, cols[i], v[i]), YGT_OK);
  if (t->dept) assert_int_equal(ygt_cases_set_string(c, row, YGT_CASE_DEPT, t->dept), YGT_OK);
  assert_int_equal(ygt_cases_set_code(c, row, YGT_CASE_PDX, t->pdx), YGT_OK);
  tcase_codes(c, row, YGT_CASE_SDX, t->sdx);
  tcase_codes(c, row, YGT_CASE_PROCS, t->procs);
  return row;
}

#endif
