/* The settings written back as a settings file: what calibration fits is
 * saved in the bundle.  Numbers get the fewest digits that read back to
 * the same double, so a file written and loaded again is the same. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "county_settings_internal.h"
#include "error_internal.h"
#include "year_internal.h"

static void number(yr_sink *o, double v) {
  char t[40];
  if (v == 0 && signbit(v)) { /* "-0" reads back as the integer 0, that is +0 */
    ygt__yr_put(o, "-0.0");
    return;
  }
  for (int digits = 6; digits <= 17; digits++) {
    snprintf(t, sizeof t, "%.*g", digits, v);
    if (strtod(t, NULL) == v) break;
  }
  ygt__yr_put(o, "%s", t);
}

/* A JSON string; the texts are the file's own (valid UTF-8), so only quotes,
 * backslashes and control characters need escaping. */
static void text(yr_sink *o, const char *s) {
  ygt__yr_put(o, "\"");
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') ygt__yr_put(o, "\\%c", c);
    else if (c < 0x20) ygt__yr_put(o, "\\u%04x", c);
    else ygt__yr_put(o, "%c", c);
  }
  ygt__yr_put(o, "\"");
}

static void provenance(yr_sink *o, const ygt_county_settings *s) {
  ygt__yr_put(o, "  \"provenance\": {\n    \"document\": ");
  text(o, s->document);
  ygt__yr_put(o, ",\n    \"locality\": ");
  text(o, s->locality);
  ygt__yr_put(o, ",\n    \"note\": ");
  text(o, s->note);
  ygt__yr_put(o, ",\n    \"illustrative\": %s\n  },\n", s->illustrative ? "true" : "false");
}

static void values(yr_sink *o, const ygt_county_settings *s) {
  const char *sep = "\n";
  ygt__yr_put(o, "  \"settings\": {");
  for (int i = 0; i < CS_N; i++) {
    if (!s->given[i]) continue;
    ygt__yr_put(o, "%s    \"%s\": ", sep, ygt__cs_desc[i].name);
    number(o, s->value[i]);
    sep = ",\n";
  }
  ygt__yr_put(o, "\n  }");
}

static void period(yr_sink *o, const cs_trend *t) {
  ygt__yr_put(o, "    {\"from\": %d", (int)t->from);
  for (int i = 0; i < CS_N; i++) {
    if (!t->given[i]) continue;
    ygt__yr_put(o, ", \"%s\": ", ygt__cs_desc[i].name);
    number(o, t->rate[i]);
  }
  ygt__yr_put(o, "}");
}

static void trends(yr_sink *o, const ygt_county_settings *s) {
  if (!s->ntrend) return;
  ygt__yr_put(o, ",\n  \"trends\": [\n");
  for (size_t p = 0; p < s->ntrend; p++) {
    period(o, &s->trend[p]);
    ygt__yr_put(o, "%s\n", p + 1 < s->ntrend ? "," : "");
  }
  ygt__yr_put(o, "  ]");
}

int64_t ygt_county_settings_json(char *buf, size_t cap, const ygt_county_settings *s) {
  if (!s) return ygt__error(YGT_EINVAL, "ygt_county_settings_json: settings are NULL");
  yr_sink o = {buf, cap, 0};
  if (buf && cap) buf[0] = '\0';
  ygt__yr_put(&o, "{\n  \"format\": \"yigongti.county\",\n  \"version\": 1,\n");
  provenance(&o, s);
  ygt__yr_put(&o, "  \"base_year\": %d,\n", (int)s->base_year);
  values(&o, s);
  trends(&o, s);
  ygt__yr_put(&o, "\n}\n");
  return (int64_t)o.len;
}
