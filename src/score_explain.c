/* ygt_scorecard_score: a scorecard applied to the indicator values of one
 * scope, with the points of every item, the reason and text lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "score_internal.h"

struct ygt_score {
  const ygt_scorecard *card;
  double total;
  double scored_weight; /* the weight of the items that were scored (not missing an input) */
  int vetoed;
  double *dim_points, *values, *points;
  int *status;
  char **reasons, **lines;
  size_t nlines;
};

void ygt_score_free(ygt_score *s) {
  if (!s) return;
  for (size_t i = 0; s->reasons && i < s->card->nitems; i++) ygt__free(s->reasons[i]);
  for (size_t i = 0; i < s->nlines; i++) ygt__free(s->lines[i]);
  ygt__free(s->reasons);
  ygt__free(s->lines);
  ygt__free(s->dim_points);
  ygt__free(s->values);
  ygt__free(s->points);
  ygt__free(s->status);
  ygt__free(s);
}

static ygt_score *alloc_score(const ygt_scorecard *c) {
  ygt_score *s = ygt__calloc(1, sizeof *s);
  if (!s) return NULL;
  s->card = c;
  size_t n = c->nitems;
  s->dim_points = ygt__calloc(c->ndims, sizeof(double));
  s->values = ygt__calloc(n, sizeof(double));
  s->points = ygt__calloc(n, sizeof(double));
  s->status = ygt__calloc(n, sizeof(int));
  s->reasons = ygt__calloc(n, sizeof(char *));
  s->lines = ygt__calloc(2 + c->ndims + n, sizeof(char *)); /* total, conversion, dimensions, items */
  if (s->dim_points && s->values && s->points && s->status && s->reasons && s->lines) return s;
  ygt_score_free(s);
  return NULL;
}

/* An item whose external input was not given is not scored: it earns
 * nothing and leaves the full mark, rather than counting as a 0 the scope
 * never earned. */
static int not_scored(const sc_item *it, int status) {
  return status == YGT_VALUE_MISSING_INPUT && it->method != YGT_METHOD_VETO;
}

/* The total out of 100: the points over the weight that was scored, as an
 * assessment office converts a card with items it could not assess
 * (缺项按比例折算); nothing scored gives 0. */
static double converted(double sum, double scored_weight) {
  if (scored_weight <= 0) return 0;
  return scored_weight >= 100 ? sum : fmin(100, sum * 100 / scored_weight);
}

/* Points of every item; the total (capped by the lowest cap of a holding veto). */
static int score_items(ygt_score *s, const ygt_indicator_values *v, int scope, int32_t index) {
  const ygt_scorecard *c = s->card;
  double sum = 0, cap = 100;
  s->scored_weight = 0;
  for (size_t i = 0; i < c->nitems; i++) {
    const sc_item *it = &c->items[i];
    char buf[512];
    int vetoed;
    s->status[i] = ygt_indicator_values_get(&s->values[i], v, it->ind, scope, index);
    s->points[i] = ygt__method_points(it, s->values[i], s->status[i], &vetoed, buf, sizeof buf);
    if (vetoed) {
      s->vetoed = 1;
      cap = fmin(cap, it->cap);
    }
    if (not_scored(it, s->status[i])) snprintf(buf, sizeof buf, "not scored: input missing; left out of the full mark");
    else s->scored_weight += it->weight;
    s->dim_points[it->dim] += s->points[i];
    sum += s->points[i];
    if (!(s->reasons[i] = ygt__strdup(buf))) return YGT_ENOMEM;
  }
  s->total = fmin(converted(sum, s->scored_weight), cap);
  return 0;
}

static const char *scope_label(const ygt_indicator_values *v, int scope, int32_t index) {
  switch (scope) {
  case YGT_SCOPE_COUNTY: return ygt_model_locality_name(v->model);
  case YGT_SCOPE_COMMUNITY: return ygt_model_community_name(v->model, index);
  case YGT_SCOPE_TIER: return ygt_tier_label(index);
  default: return ygt_model_institution_name(v->model, index);
  }
}

static int add_line(ygt_score *s, const char *text) {
  if (!(s->lines[s->nlines] = ygt__strdup(text))) return YGT_ENOMEM;
  s->nlines++;
  return 0;
}

static void item_line(char *buf, size_t cap, const ygt_score *s, size_t i) {
  const sc_item *it = &s->card->items[i];
  const sc_indicator *x = &s->card->reg->items[it->ind];
  char value[64];
  if (s->status[i] == YGT_VALUE_OK) snprintf(value, sizeof value, "%.4g %s", s->values[i], x->unit);
  else snprintf(value, sizeof value, "(%s)", ygt_value_status_name(s->status[i]));
  snprintf(buf, cap, "  %s %s = %s; %s; weight %g: %.2f", it->id, x->name, value, s->reasons[i], it->weight,
           s->points[i]);
}

static int explain(ygt_score *s, const ygt_indicator_values *v, int scope, int32_t index) {
  const ygt_scorecard *c = s->card;
  char buf[1024];
  const char *label = scope_label(v, scope, index);
  snprintf(buf, sizeof buf, "%s — %s %s: %.2f points, grade %s%s", c->name, ygt_scope_name(scope),
           label ? label : "", s->total, ygt_scorecard_grade(c, s->total), s->vetoed ? " (vetoed)" : "");
  int rc = add_line(s, buf);
  if (s->scored_weight < 100) {
    snprintf(buf, sizeof buf, "items of %g of 100 points scored (the rest miss an input): total converted to 100",
             s->scored_weight);
    rc = add_line(s, buf);
  }
  for (size_t d = 0; !rc && d < c->ndims; d++) {
    double w = 0;
    for (size_t i = 0; i < c->nitems; i++) w += c->items[i].dim == (int32_t)d ? c->items[i].weight : 0;
    snprintf(buf, sizeof buf, "%s: %.2f / %g", c->dims[d], s->dim_points[d], w);
    rc = add_line(s, buf);
    for (size_t i = 0; !rc && i < c->nitems; i++) {
      if (c->items[i].dim != (int32_t)d) continue;
      item_line(buf, sizeof buf, s, i);
      rc = add_line(s, buf);
    }
  }
  return rc;
}

int ygt_scorecard_score(ygt_score **out, const ygt_scorecard *c, const ygt_indicator_values *v, int scope,
                        int32_t index) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_scorecard_score: out is NULL");
  *out = NULL;
  if (!c || !v) return ygt__error(YGT_EINVAL, "ygt_scorecard_score: NULL argument");
  if (v->reg != c->reg)
    return ygt__error(YGT_EINVAL, "ygt_scorecard_score: the values were computed with another indicator registry");
  if (ygt__values_flat(v, scope, index) < 0)
    return ygt__error(YGT_EINVAL, "ygt_scorecard_score: bad scope %d or index %d", scope, (int)index);
  ygt_score *s = alloc_score(c);
  int rc = s ? score_items(s, v, scope, index) : YGT_ENOMEM;
  if (!rc) rc = explain(s, v, scope, index);
  if (rc) ygt_score_free(s);
  else *out = s;
  return rc;
}

double ygt_score_total(const ygt_score *s) { return s ? s->total : NAN; }
double ygt_score_scored_weight(const ygt_score *s) { return s ? s->scored_weight : NAN; }
const char *ygt_score_grade(const ygt_score *s) { return s ? ygt_scorecard_grade(s->card, s->total) : NULL; }
int ygt_score_vetoed(const ygt_score *s) { return s ? s->vetoed : ygt__error(YGT_EINVAL, "ygt_score_vetoed: NULL"); }

int ygt_score_dimension_points(double *points, const ygt_score *s, int32_t d) {
  if (!points || !s || d < 0 || (size_t)d >= s->card->ndims)
    return ygt__error(YGT_EINVAL, "ygt_score_dimension_points: bad argument");
  *points = s->dim_points[d];
  return YGT_OK;
}

int ygt_score_item(double *value, double *points, const ygt_score *s, int32_t item) {
  if (!s || item < 0 || (size_t)item >= s->card->nitems) return ygt__error(YGT_EINVAL, "ygt_score_item: bad item");
  if (value) *value = s->values[item];
  if (points) *points = s->points[item];
  return s->status[item];
}

const char *ygt_score_item_reason(const ygt_score *s, int32_t item) {
  return s && item >= 0 && (size_t)item < s->card->nitems ? s->reasons[item] : NULL;
}

size_t ygt_score_line_count(const ygt_score *s) { return s ? s->nlines : 0; }
const char *ygt_score_line(const ygt_score *s, size_t i) { return s && i < s->nlines ? s->lines[i] : NULL; }
