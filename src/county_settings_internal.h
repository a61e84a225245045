/* Internal: a county's generator settings (include/yigongti/county_settings.h).
 *
 *   county_settings_names.c  the named settings: options field, bounds, default
 *   county_settings.c        values by year, get, with, free
 *   county_settings_load.c   the settings file (doc/formats/county-settings.md)
 *   county_settings_json.c   the settings written back as a file */
#ifndef YGT_COUNTY_SETTINGS_INTERNAL_H
#define YGT_COUNTY_SETTINGS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "yigongti/county_settings.h"

#define CS_N 42          /* named settings */
#define CS_PYRAMID 22    /* index of age_pyramid.0; the 20 bands follow */
#define CS_RATE_LO (-0.99)
#define CS_RATE_HI 10.0

/* One named setting: where it goes in the options and its bounds. */
typedef struct cs_desc {
  const char *name;
  size_t offset;        /* of a double (or int32_t when integer) in ygt_county_options */
  double lo, hi;
  int integer;          /* an int32_t option: no trend */
} cs_desc;

extern const cs_desc ygt__cs_desc[CS_N];
int ygt__cs_index(const char *name);              /* -1 when unknown */
double ygt__cs_default(int i);
double ygt__cs_read(const ygt_county_options *o, int i);
void ygt__cs_write(ygt_county_options *o, int i, double v);

/* From year `from` on, the rate per year of each setting. */
typedef struct cs_trend {
  int32_t from;
  double rate[CS_N];
  uint8_t given[CS_N];
} cs_trend;

struct ygt_county_settings {
  char *document, *locality, *note;
  int illustrative;
  int32_t base_year;
  double value[CS_N];
  uint8_t given[CS_N];  /* in the file or set by ygt_county_settings_with(): written back */
  cs_trend *trend;      /* by from, ascending */
  size_t ntrend;
};

ygt_county_settings *ygt__cs_new(void);
int ygt__cs_copy(ygt_county_settings **out, const ygt_county_settings *s);
/* A trend name "trend.FROM.NAME": its period and setting, or -1. */
int ygt__cs_trend_ref(const ygt_county_settings *s, const char *name, size_t *period, int *setting);

#endif
