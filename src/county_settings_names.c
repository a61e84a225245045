/* The named settings of the generator: which option each one sets, its
 * bounds (those of ygt_county_options, county.h) and its default. */
#include <string.h>

#include "county_settings_internal.h"

#define OFF(field) offsetof(ygt_county_options, field)
#define SHARE(name, field) {name, OFF(field), 0, 1, 0}
#define FACTOR(name, field) {name, OFF(field), 0, 100, 0}
#define TIER(name, k) {"tier_cost." name, OFF(tier_cost) + (k) * sizeof(double), 1e-6, 1000, 0}
#define BYPASS(name, k) {"bypass_weight." name, OFF(bypass_weight) + (k) * sizeof(double), 0, 1e6, 0}
#define BAND(age) {"age_pyramid." #age, OFF(age_pyramid) + (age) / 5 * sizeof(double), 0, 100, 0}

/* "population" multiplies population_scale (ygt_county_settings_options()). */
const cs_desc ygt__cs_desc[CS_N] = {
  FACTOR("population", population_scale), FACTOR("outpatient_factor", outpatient_factor),
  FACTOR("inpatient_factor", inpatient_factor), SHARE("primary_first_contact", primary_first_contact),
  SHARE("out_of_county_bypass", out_of_county_bypass), SHARE("inpatient_bypass", inpatient_bypass),
  SHARE("village_share", village_share), TIER("village", 0), TIER("township", 1), TIER("county", 2),
  TIER("city", 3), TIER("province", 4), TIER("out_of_area", 5), BYPASS("city", 0), BYPASS("province", 1),
  BYPASS("out_of_area", 2), {"los_cv", OFF(los_cv), 0, 5, 0}, {"emergency_acuity", OFF(emergency_acuity), 1, 4, 1},
  SHARE("inpatient_ask_out", inpatient_ask_out), SHARE("bypass_slip", bypass_slip),
  FACTOR("cost_response", cost_response), SHARE("male_share", male_share),
  BAND(0), BAND(5), BAND(10), BAND(15), BAND(20), BAND(25), BAND(30), BAND(35), BAND(40), BAND(45),
  BAND(50), BAND(55), BAND(60), BAND(65), BAND(70), BAND(75), BAND(80), BAND(85), BAND(90), BAND(95)};

size_t ygt_county_settings_count(void) { return CS_N; }

const char *ygt_county_settings_name(size_t i) { return i < CS_N ? ygt__cs_desc[i].name : NULL; }

int ygt__cs_index(const char *name) {
  for (int i = 0; i < CS_N; i++)
    if (!strcmp(ygt__cs_desc[i].name, name)) return i;
  return -1;
}

double ygt__cs_read(const ygt_county_options *o, int i) {
  const char *p = (const char *)o + ygt__cs_desc[i].offset;
  if (ygt__cs_desc[i].integer) return *(const int32_t *)(const void *)p;
  return *(const double *)(const void *)p;
}

void ygt__cs_write(ygt_county_options *o, int i, double v) {
  char *p = (char *)o + ygt__cs_desc[i].offset;
  if (ygt__cs_desc[i].integer) *(int32_t *)(void *)p = (int32_t)(v < 0 ? v - 0.5 : v + 0.5);
  else *(double *)(void *)p = v;
}

/* The generator's default (YGT_COUNTY_OPTIONS_INIT); population 1. */
double ygt__cs_default(int i) {
  static const ygt_county_options init = YGT_COUNTY_OPTIONS_INIT;
  return i == 0 ? 1.0 : ygt__cs_read(&init, i);
}
