/* The county's stays as the case batch other modules take (arrays owned by
 * the county, attached without copying); the encounter batch is made on
 * request (county_derived.c). */
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

/* ---- the case batch ------------------------------------------------------------ */

enum {
  K_INST, K_INS, K_AGE, K_AGE_DAYS, K_WEIGHT, K_SEX, K_PDX, K_LOS, K_ADMIT, K_DISCHARGE, K_LEAVING, K_DAY_SURGERY,
  K_INT32, /* int32 columns above, then: */
  K_COST = K_INT32, K_FUND, K_SDX_OFF, K_PROC_OFF, K_SDX, K_PROCS, K_N
};
static const int case_columns[K_INT32] = {
  YGT_CASE_INSTITUTION, YGT_CASE_INSURANCE, YGT_CASE_AGE_YEARS, YGT_CASE_AGE_DAYS, YGT_CASE_BIRTH_WEIGHT_G,
  YGT_CASE_SEX, YGT_CASE_PDX, YGT_CASE_LOS_DAYS, YGT_CASE_ADMIT_DATE, YGT_CASE_DISCHARGE_DATE,
  YGT_CASE_LEAVING_TYPE, YGT_CASE_DAY_SURGERY};

/* Counts the stays and their codes; numbers CASE_ROW. */
static void count_stays(ygt_county *c, size_t *nsdx, size_t *nproc) {
  const int8_t *setting = c->col[YGT_COUNTY_EVENT_SETTING];
  const int32_t *cond = c->col[YGT_COUNTY_EVENT_CONDITION];
  int32_t *row = c->col[YGT_COUNTY_EVENT_CASE_ROW];
  size_t n = 0;
  *nsdx = *nproc = 0;
  for (size_t e = 0; e < c->nev; e++) {
    if (setting[e] == YGT_SETTING_OUTPATIENT) {
      row[e] = -1;
      continue;
    }
    row[e] = (int32_t)n++;
    *nsdx += c->cm->c[cond[e]].nsdx;
    *nproc += c->cm->c[cond[e]].nprocs;
  }
  c->ncase = n;
}

static int alloc_cases(ygt_county *c, size_t nsdx, size_t nproc) {
  size_t n = c->ncase ? c->ncase : 1;
  for (int k = 0; k < K_INT32; k++) c->case_col[k] = ygt__malloc(n * sizeof(int32_t));
  c->case_col[K_COST] = ygt__malloc(n * sizeof(int64_t));
  c->case_col[K_FUND] = ygt__malloc(n * sizeof(int64_t));
  c->case_col[K_SDX_OFF] = ygt__malloc((c->ncase + 1) * sizeof(int64_t));
  c->case_col[K_PROC_OFF] = ygt__malloc((c->ncase + 1) * sizeof(int64_t));
  c->case_col[K_SDX] = ygt__malloc((nsdx ? nsdx : 1) * sizeof(int32_t));
  c->case_col[K_PROCS] = ygt__malloc((nproc ? nproc : 1) * sizeof(int32_t));
  for (int k = 0; k < K_N; k++)
    if (!c->case_col[k]) return YGT_ENOMEM;
  return YGT_OK;
}

/* Age in days: whole years × 365 plus a resident's own draw of days. */
static int32_t age_days(const ygt_county *c, size_t r, int age) {
  int32_t extra = (int32_t)(ygt__cy_uniform(c->opts.seed, r, CY_RESIDENT, CY_D_AGE_DAYS) * 365.0);
  return age * 365 + (extra > 364 ? 364 : extra);
}

static void append_codes(int64_t *off, int32_t *values, size_t i, const int32_t *ids, size_t n) {
  if (n) memcpy(values + off[i], ids, n * sizeof *ids); /* ids is NULL for an empty list */
  off[i + 1] = off[i] + (int64_t)n;
}

static void fill_case(ygt_county *c, size_t i, size_t e) {
  int32_t **k32 = (int32_t **)c->case_col;
  const cy_condition *k = &c->cm->c[((const int32_t *)c->col[YGT_COUNTY_EVENT_CONDITION])[e]];
  size_t r = (size_t)((const int32_t *)c->col[YGT_COUNTY_EVENT_PATIENT])[e];
  int age = ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_AGE])[r];
  int ins = ygt__cy_resident_insurance(c, r);
  int day = ((const int32_t *)c->col[YGT_COUNTY_EVENT_DAY])[e];
  int los = ((const int32_t *)c->col[YGT_COUNTY_EVENT_LOS])[e];
  k32[K_INST][i] = ((const int32_t *)c->col[YGT_COUNTY_EVENT_INSTITUTION])[e];
  k32[K_INS][i] = ins < 0 ? YGT_CASES_NA : ins;
  k32[K_AGE][i] = age;
  k32[K_AGE_DAYS][i] = age_days(c, r, age);
  k32[K_WEIGHT][i] = age == 0 && k32[K_AGE_DAYS][i] <= 28 ? 3200 : YGT_CASES_NA; /* a typical newborn */
  k32[K_SEX][i] = ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_SEX])[r];
  k32[K_PDX][i] = k->dx;
  k32[K_LOS][i] = los;
  k32[K_DISCHARGE][i] = ygt__cy_date_of(c->opts.year, day);
  k32[K_ADMIT][i] = ygt__cy_date_of(c->opts.year, k->setting == YGT_SETTING_DAY_SURGERY ? day : day - los);
  k32[K_LEAVING][i] = 1; /* 医嘱离院 */
  k32[K_DAY_SURGERY][i] = k->setting == YGT_SETTING_DAY_SURGERY;
  ((int64_t *)c->case_col[K_COST])[i] = ((const int64_t *)c->col[YGT_COUNTY_EVENT_COST])[e];
  ((int64_t *)c->case_col[K_FUND])[i] = ((const int64_t *)c->col[YGT_COUNTY_EVENT_FUND])[e];
  append_codes(c->case_col[K_SDX_OFF], c->case_col[K_SDX], i, k->sdx, k->nsdx);
  append_codes(c->case_col[K_PROC_OFF], c->case_col[K_PROCS], i, k->procs, k->nprocs);
}

static int attach_cases(ygt_county *c) {
  size_t n = c->ncase;
  int rc = YGT_OK;
  for (int k = 0; k < K_INT32 && !rc; k++) rc = ygt_cases_attach_int32(c->cases, case_columns[k], c->case_col[k], n);
  if (!rc) rc = ygt_cases_attach_int64(c->cases, YGT_CASE_TOTAL_COST, c->case_col[K_COST], n);
  if (!rc) rc = ygt_cases_attach_int64(c->cases, YGT_CASE_FUND_PAID, c->case_col[K_FUND], n);
  if (!rc) rc = ygt_cases_attach_list(c->cases, YGT_CASE_SDX, c->case_col[K_SDX_OFF], c->case_col[K_SDX], n);
  if (!rc) rc = ygt_cases_attach_list(c->cases, YGT_CASE_PROCS, c->case_col[K_PROC_OFF], c->case_col[K_PROCS], n);
  return rc;
}

static int cases(ygt_county *c) {
  size_t nsdx, nproc;
  count_stays(c, &nsdx, &nproc);
  int rc = alloc_cases(c, nsdx, nproc);
  if (rc) return rc;
  ((int64_t *)c->case_col[K_SDX_OFF])[0] = ((int64_t *)c->case_col[K_PROC_OFF])[0] = 0;
  const int32_t *row = c->col[YGT_COUNTY_EVENT_CASE_ROW];
  for (size_t e = 0; e < c->nev; e++)
    if (row[e] >= 0) fill_case(c, (size_t)row[e], e);
  rc = ygt_cases_new(&c->cases, c->cm->dx, c->cm->proc, 0);
  return rc ? rc : attach_cases(c);
}

int ygt__cy_batches(ygt_county *c) {
  if (c->nev > INT32_MAX) return ygt__error(YGT_ELIMIT, "ygt_county_generate: too many events for a batch");
  return cases(c);
}
