/* Fuzz target: the county settings parser (county.json,
 * doc/formats/county-settings.md), and the same text through the file
 * loader.  Settings that parse are read back (every setting, the trend
 * rates of the periods the text names), changed one value at a time, applied
 * to generator options for several years, and written out: the written
 * text must parse again to the same values and the same text.  Nothing may
 * leak. */
#include <math.h>

#include "fuzz_util.h"
#include "yigongti.h"

/* Two values read back are the same double (NaN never is a value). */
static void same_value(double a, double b) {
  if (memcmp(&a, &b, sizeof a) != 0) __builtin_trap();
}

/* Every setting and the rate of each under "trend.FROM.NAME" for the
 * years FROM the text may name. */
static void read_back(const ygt_county_settings *s, const ygt_county_settings *again) {
  static const int32_t froms[] = {1900, 2000, 2017, 2018, 2024, 9999};
  for (size_t i = 0; i < ygt_county_settings_count(); i++) {
    const char *name = ygt_county_settings_name(i);
    double a = NAN, b = NAN;
    if (ygt_county_settings_get(&a, s, name) != YGT_OK || !isfinite(a)) __builtin_trap();
    if (again) {
      if (ygt_county_settings_get(&b, again, name) != YGT_OK) __builtin_trap();
      same_value(a, b);
    }
    for (size_t k = 0; k < sizeof froms / sizeof froms[0]; k++) {
      char trend[96];
      snprintf(trend, sizeof trend, "trend.%d.%s", (int)froms[k], name);
      if (ygt_county_settings_get(&a, s, trend) != YGT_OK || !again) continue;
      if (ygt_county_settings_get(&b, again, trend) != YGT_OK) __builtin_trap();
      same_value(a, b);
    }
  }
}

/* Applying the settings to options of several years; a failure leaves the
 * options as they were. */
static void apply(const ygt_county_settings *s) {
  const int32_t base = ygt_county_settings_base_year(s);
  const int32_t years[] = {1900, base - 1, base, base + 1, base + 30, 9999};
  for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
    ygt_county_options o, before;
    memset(&o, 0, sizeof o); /* padding too: memcmp below compares every byte */
    ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION);
    before = o;
    if (ygt_county_settings_options(&o, s, years[k]) != YGT_OK && memcmp(&o, &before, sizeof o) != 0)
      __builtin_trap();
  }
}

/* One value changed: the copy has it, the original keeps its own. */
static void change(const ygt_county_settings *s, uint8_t pick) {
  const char *name = ygt_county_settings_name(pick % ygt_county_settings_count());
  static const double values[] = {0, 0.5, 1, -1, 1e300, 3};
  double old = NAN, v = NAN;
  if (ygt_county_settings_get(&old, s, name) != YGT_OK) __builtin_trap();
  ygt_county_settings *c = NULL;
  int rc = ygt_county_settings_with(&c, s, name, values[pick / 16 % 6]);
  if (rc == YGT_OK && (ygt_county_settings_get(&v, c, name) || v != values[pick / 16 % 6])) __builtin_trap();
  if (rc != YGT_OK && c) __builtin_trap();
  if (ygt_county_settings_get(&v, s, name) != YGT_OK) __builtin_trap();
  same_value(old, v);
  ygt_county_settings_free(c);
}

/* The written text parses back to the same settings and is written alike. */
static void round_trip(const ygt_county_settings *s) {
  int64_t n = ygt_county_settings_json(NULL, 0, s);
  if (n < 0) __builtin_trap();
  char *text = malloc((size_t)n + 1), *again_text = malloc((size_t)n + 1);
  if (ygt_county_settings_json(text, (size_t)n + 1, s) != n) __builtin_trap();
  ygt_county_settings *again = NULL;
  if (ygt_county_settings_parse(&again, text, "written.json") != YGT_OK) __builtin_trap();
  if (ygt_county_settings_json(again_text, (size_t)n + 1, again) != n || memcmp(text, again_text, (size_t)n) != 0)
    __builtin_trap();
  if (ygt_county_settings_base_year(again) != ygt_county_settings_base_year(s)) __builtin_trap();
  read_back(s, again);
  ygt_county_settings_free(again);
  free(text), free(again_text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static long base_blocks = -1;
  if (base_blocks < 0) base_blocks = (long)ygt_allocated_blocks();
  char *json = fuzz_text(data, size);
  ygt_county_settings *s = NULL;
  int rc = ygt_county_settings_parse(&s, json, "county.json");
  if (rc == YGT_OK) {
    read_back(s, NULL);
    apply(s);
    change(s, size ? data[size - 1] : 0);
    round_trip(s);
  } else if (s) {
    __builtin_trap();
  }
  ygt_county_settings_free(s);
  /* the file loader agrees with the parser (for text without a NUL) */
  if (size < 4096 && !memchr(data, 0, size)) {
    const char *path = fuzz_write_file(data, size, ".json");
    s = NULL;
    int file_rc = path ? ygt_county_settings_load(&s, path) : rc;
    if ((file_rc == YGT_OK) != (rc == YGT_OK)) __builtin_trap();
    ygt_county_settings_free(s);
  }
  free(json);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
