/* A county's generator settings: values by year, reading one, a changed
 * copy, freeing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_settings_internal.h"
#include "error_internal.h"

ygt_county_settings *ygt__cs_new(void) {
  ygt_county_settings *s = ygt__calloc(1, sizeof *s);
  if (!s) return NULL;
  for (int i = 0; i < CS_N; i++) s->value[i] = ygt__cs_default(i);
  return s;
}

void ygt_county_settings_free(ygt_county_settings *s) {
  if (!s) return;
  ygt__free(s->document);
  ygt__free(s->locality);
  ygt__free(s->note);
  ygt__free(s->trend);
  ygt__free(s);
}

static int dup_text(char **dst, const char *src) {
  return !src || (*dst = ygt__strdup(src)) != NULL ? 0 : YGT_ENOMEM;
}

int ygt__cs_copy(ygt_county_settings **out, const ygt_county_settings *s) {
  ygt_county_settings *c = ygt__calloc(1, sizeof *c);
  if (!c) return YGT_ENOMEM;
  *c = *s;
  c->document = c->locality = c->note = NULL;
  c->trend = s->ntrend ? ygt__malloc(s->ntrend * sizeof *c->trend) : NULL;
  int rc = s->ntrend && !c->trend ? YGT_ENOMEM : 0;
  if (!rc) rc = dup_text(&c->document, s->document);
  if (!rc) rc = dup_text(&c->locality, s->locality);
  if (!rc) rc = dup_text(&c->note, s->note);
  if (rc) {
    c->ntrend = 0;
    ygt_county_settings_free(c);
    return rc;
  }
  if (s->ntrend) memcpy(c->trend, s->trend, s->ntrend * sizeof *c->trend);
  *out = c;
  return 0;
}

int32_t ygt_county_settings_base_year(const ygt_county_settings *s) {
  return s ? s->base_year : 0;
}

/* "trend.FROM.NAME" */
int ygt__cs_trend_ref(const ygt_county_settings *s, const char *name, size_t *period, int *setting) {
  if (strncmp(name, "trend.", 6) != 0) return -1;
  char *end;
  errno = 0;
  long from = strtol(name + 6, &end, 10);
  if (errno || end == name + 6 || *end != '.' || (*setting = ygt__cs_index(end + 1)) < 0) return -1;
  for (*period = 0; *period < s->ntrend; ++*period)
    if (s->trend[*period].from == from) return 0;
  return -1;
}

static int not_found(const char *fn, const char *name) {
  return ygt__error(YGT_ENOTFOUND, "%s: no setting '%s' (a setting name or trend.FROM.NAME of an existing trend period)",
                    fn, name);
}

int ygt_county_settings_get(double *out, const ygt_county_settings *s, const char *name) {
  if (!out || !s || !name) return ygt__error(YGT_EINVAL, "ygt_county_settings_get: NULL argument");
  int i = ygt__cs_index(name);
  size_t p;
  if (i >= 0) *out = s->value[i];
  else if (!ygt__cs_trend_ref(s, name, &p, &i)) *out = s->trend[p].rate[i];
  else return not_found("ygt_county_settings_get", name);
  return 0;
}

static int check_value(const char *name, int i, int trend, double v) {
  double lo = trend ? CS_RATE_LO : ygt__cs_desc[i].lo, hi = trend ? CS_RATE_HI : ygt__cs_desc[i].hi;
  if (v >= lo && v <= hi && !(trend && ygt__cs_desc[i].integer)) return 0;
  return ygt__error(YGT_ERANGE, "ygt_county_settings_with: %s = %g is outside %g..%g%s", name, v, lo, hi,
                    trend && ygt__cs_desc[i].integer ? " (an integer setting has no trend)" : "");
}

int ygt_county_settings_with(ygt_county_settings **out, const ygt_county_settings *s, const char *name,
                             double value) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_county_settings_with: out is NULL");
  *out = NULL;
  if (!s || !name) return ygt__error(YGT_EINVAL, "ygt_county_settings_with: NULL argument");
  int i = ygt__cs_index(name), rc;
  size_t p = 0;
  int trend = i < 0;
  if (trend && ygt__cs_trend_ref(s, name, &p, &i)) return not_found("ygt_county_settings_with", name);
  if ((rc = check_value(name, i, trend, value)) != 0 || (rc = ygt__cs_copy(out, s)) != 0) return rc;
  if (trend) (*out)->trend[p].rate[i] = value, (*out)->trend[p].given[i] = 1;
  else (*out)->value[i] = value, (*out)->given[i] = 1;
  return 0;
}

/* The rate of setting i in year t: that of the last period starting in or before t. */
static double rate_in(const ygt_county_settings *s, int i, int32_t t) {
  double r = 0;
  for (size_t p = 0; p < s->ntrend && s->trend[p].from <= t; p++) r = s->trend[p].rate[i];
  return r;
}

static double value_in(const ygt_county_settings *s, int i, int32_t year) {
  double v = s->value[i];
  for (int32_t t = s->base_year + 1; t <= year; t++) v *= 1 + rate_in(s, i, t);
  for (int32_t t = year + 1; t <= s->base_year; t++) v /= 1 + rate_in(s, i, t);
  return v;
}

static int check_year(const ygt_county_settings *s, int32_t year, double v[CS_N]) {
  for (int i = 0; i < CS_N; i++) {
    v[i] = value_in(s, i, year);
    if (!(v[i] >= ygt__cs_desc[i].lo && v[i] <= ygt__cs_desc[i].hi))
      return ygt__error(YGT_EINVAL, "ygt_county_settings_options: %s in %d is %g, outside %g..%g (the trends take it there)",
                        ygt__cs_desc[i].name, (int)year, v[i], ygt__cs_desc[i].lo, ygt__cs_desc[i].hi);
  }
  return 0;
}

int ygt_county_settings_options(ygt_county_options *o, const ygt_county_settings *s, int32_t year) {
  if (!o || !s) return ygt__error(YGT_EINVAL, "ygt_county_settings_options: NULL argument");
  if (o->version < 2) return ygt__error(YGT_EINVAL, "ygt_county_settings_options: options version %d has no room for every setting (2 and later)", o->version);
  if (year < 1900 || year > 9999) return ygt__error(YGT_EINVAL, "ygt_county_settings_options: year %d is outside 1900..9999", (int)year);
  double v[CS_N];
  int rc = check_year(s, year, v);
  if (rc) return rc;
  double scale = o->population_scale;
  for (int i = 0; i < CS_N; i++) ygt__cs_write(o, i, v[i]);
  o->population_scale = scale * v[0];
  o->year = year;
  return 0;
}
