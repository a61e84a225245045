/* Options of the synthetic county, its column names and widths, the
 * calendar and the built-in age pyramid. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "county_internal.h"
#include "error_internal.h"

/* Bytes of each version of the struct: a caller's struct is only that long. */
static size_t options_size(int version) {
  return version == 1 ? offsetof(ygt_county_options, male_share) : sizeof(ygt_county_options);
}

int ygt_county_options_init_version(ygt_county_options *o, int version) {
  static const ygt_county_options init = YGT_COUNTY_OPTIONS_INIT;
  if (!o || version < 1 || version > YGT_COUNTY_OPTIONS_VERSION)
    return ygt__error(YGT_EINVAL, "ygt_county_options_init_version: NULL options or version %d is not 1..%d",
                      version, YGT_COUNTY_OPTIONS_VERSION);
  memcpy(o, &init, options_size(version));
  o->version = version;
  return 0;
}

/* 0.1's function: a 0.1 caller's struct is version 1, so only that much is written. */
void ygt_county_options_init(ygt_county_options *o) {
  if (o) ygt_county_options_init_version(o, 1);
}

/* Share (percent) of each 5-year band 0-4 .. 95-99: the shape of a rural
 * Chinese county at the 2020 census (few young adults, who work in the
 * cities; about a quarter aged 60 and over).  Illustrative, documented in
 * doc/formats/casemix.md. */
static const double pyramid[CY_AGES / 5] = {4.5, 5.5, 5.5, 4.5, 4.5, 5.5, 7.0, 6.5, 6.5, 8.0,
                                            9.0, 8.5, 6.5, 6.5, 5.0, 3.2, 2.2, 1.2, 0.4, 0.1};

double ygt_county_age_share(int age) {
  if (age < 0 || age >= CY_AGES) return 0.0;
  double total = 0;
  for (int b = 0; b < CY_AGES / 5; b++) total += pyramid[b];
  return pyramid[age / 5] / 5.0 / total;
}

/* Cumulative age shares of ages 0..99: the options' pyramid when it has a
 * positive band, else the built-in one. */
void ygt__cy_age_cdf(const ygt_county_options *o, double cdf[CY_AGES]) {
  double total = 0, sum = 0;
  for (int b = 0; b < CY_AGES / 5; b++) total += o->age_pyramid[b];
  for (int a = 0; a < CY_AGES; a++) {
    sum += total > 0 ? o->age_pyramid[a / 5] / 5.0 / total : ygt_county_age_share(a);
    cdf[a] = sum;
  }
}

static const char *const column_names[CY_COLUMNS] = {
  "resident_grid", "resident_age", "resident_sex", "resident_insurance", "patient", "condition", "day",
  "month", "setting", "first_contact", "institution", "route", "referral", "diagnosis", "procedure", "los",
  "cost", "fund", "patient_paid", "case_row", "grid", "period", "insurance", "emergency", "resident_signed", "phase",
  "episode", "continuity"};

static const int column_widths[CY_COLUMNS] = {4, 1, 1, 1, 4, 4, 4, 1, 1, 4, 4, 1, 1, 4, 4, 4, 8, 8, 8, 4, 4, 4, 1, 1,
                                              1, 1, 4, 1};

const char *ygt_county_column_name(int column) {
  return column >= 0 && column < CY_COLUMNS ? column_names[column] : NULL;
}

int ygt_county_column_width(int column) {
  if (column < 0 || column >= CY_COLUMNS)
    return ygt__error(YGT_EINVAL, "ygt_county_column_width: unknown column %d", column);
  return column_widths[column];
}

int ygt__cy_is_resident_column(int column) {
  return (column >= 0 && column <= YGT_COUNTY_RESIDENT_INSURANCE) || column == YGT_COUNTY_RESIDENT_SIGNED;
}

/* ---- checks -------------------------------------------------------------- */

static int between(const char *name, double v, double lo, double hi) {
  if (isfinite(v) && v >= lo && v <= hi) return YGT_OK;
  return ygt__error(YGT_EINVAL, "ygt_county_generate: option %s = %g is outside %g..%g", name, v, lo, hi);
}

static int check_arrays(const ygt_county_options *o) {
  static const char *const tiers[CY_TIERS] = {"village", "township", "county", "city", "province", "out_of_area"};
  char name[48];
  int rc = YGT_OK;
  for (int t = 0; t < CY_TIERS && !rc; t++) {
    snprintf(name, sizeof name, "tier_cost[%s]", tiers[t]);
    rc = between(name, o->tier_cost[t], 1e-6, 1000);
  }
  for (int t = 0; t < 3 && !rc; t++) {
    snprintf(name, sizeof name, "bypass_weight[%s]", tiers[t + 3]);
    rc = between(name, o->bypass_weight[t], 0, 1e6);
  }
  for (int b = 0; b < CY_AGES / 5 && !rc; b++) {
    snprintf(name, sizeof name, "age_pyramid[%d-%d]", 5 * b, 5 * b + 4);
    rc = between(name, o->age_pyramid[b], 0, 100);
  }
  return rc;
}

int ygt__cy_options_check(const ygt_county_options *o) {
  if (o->version < 1 || o->version > YGT_COUNTY_OPTIONS_VERSION)
    return ygt__error(YGT_EINVAL, "ygt_county_generate: options version %d is not 1..%d", o->version,
                      YGT_COUNTY_OPTIONS_VERSION);
  if (o->year < 1900 || o->year > 9999)
    return ygt__error(YGT_EINVAL, "ygt_county_generate: option year = %d is outside 1900..9999", (int)o->year);
  if (o->emergency_acuity < 1 || o->emergency_acuity > 4)
    return ygt__error(YGT_EINVAL, "ygt_county_generate: option emergency_acuity = %d is outside 1..4",
                      (int)o->emergency_acuity);
  int rc = between("population_scale", o->population_scale, 0, 100);
  if (!rc) rc = between("outpatient_factor", o->outpatient_factor, 0, 100);
  if (!rc) rc = between("inpatient_factor", o->inpatient_factor, 0, 100);
  if (!rc) rc = between("primary_first_contact", o->primary_first_contact, 0, 1);
  if (!rc) rc = between("out_of_county_bypass", o->out_of_county_bypass, 0, 1);
  if (!rc) rc = between("inpatient_bypass", o->inpatient_bypass, 0, 1);
  if (!rc) rc = between("village_share", o->village_share, 0, 1);
  if (!rc) rc = between("inpatient_ask_out", o->inpatient_ask_out, 0, 1);
  if (!rc) rc = between("bypass_slip", o->bypass_slip, 0, 1);
  if (!rc) rc = between("los_cv", o->los_cv, 0, 5);
  if (!rc) rc = between("cost_response", o->cost_response, 0, 100);
  if (!rc) rc = between("male_share", o->male_share, 0, 1);
  return rc ? rc : check_arrays(o);
}

/* ---- calendar ------------------------------------------------------------ */

static int leap(int32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int ygt__cy_days_in_year(int32_t year) { return leap(year) ? 366 : 365; }

static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int days_of_month(int32_t year, int m) { return month_days[m] + (m == 1 && leap(year)); }

int ygt__cy_month_of(int32_t year, int day) {
  int m = 0;
  while (m < 11 && day > days_of_month(year, m)) day -= days_of_month(year, m++);
  return m + 1;
}

/* Day of the year (1-based; 0 and below are days of earlier years) to YYYYMMDD. */
int32_t ygt__cy_date_of(int32_t year, int day) {
  while (day < 1) day += ygt__cy_days_in_year(--year);
  while (day > ygt__cy_days_in_year(year)) day -= ygt__cy_days_in_year(year++);
  int m = 0;
  while (day > days_of_month(year, m)) day -= days_of_month(year, m++);
  return year * 10000 + (m + 1) * 100 + day;
}
