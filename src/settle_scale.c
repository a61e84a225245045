/* ygt_settle_params_scale: a parameter set for a scaled population.  The
 * fund, the history costs and the expected scores of a parameter file are
 * whole-county amounts; a synthetic county generated at population scale s
 * has s times the cases, so a consistent budget and settlement point value
 * need those amounts × s (ratios, coefficients and thresholds stay). */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "settle_internal.h"

#define MAX_FEN 9.0e18

/* A copy of a code map; *count is set once the array exists, so that a
 * failed copy can be freed. */
static int copy_map(ygt__coef_entry **to, size_t *count, const ygt__coef_entry *from, size_t n) {
  if (!n) return YGT_OK;
  if (!(*to = ygt__calloc(n, sizeof **to))) return YGT_ENOMEM;
  *count = n;
  for (size_t i = 0; i < n; i++) {
    (*to)[i].coef = from[i].coef;
    if (!((*to)[i].code = ygt__strdup(from[i].code))) return YGT_ENOMEM;
  }
  return YGT_OK;
}

/* Every owned part of @p p into @p c (whose scalars are already a copy). */
static int copy_parts(ygt_settle_params *c, const ygt_settle_params *p) {
  char **to[] = {&c->id, &c->document, &c->locality, &c->period_from, &c->period_to, &c->method, &c->note,
                 &c->source, &c->model};
  const char *from[] = {p->id, p->document, p->locality, p->period_from, p->period_to, p->method, p->note,
                        p->source, p->model};
  for (size_t i = 0; i < sizeof to / sizeof *to; i++) *to[i] = NULL;
  c->assess = c->support = NULL;
  c->nassess = c->nsupport = 0;
  for (size_t i = 0; i < sizeof to / sizeof *to; i++)
    if (from[i] && !(*to[i] = ygt__strdup(from[i]))) return YGT_ENOMEM;
  int rc = copy_map(&c->assess, &c->nassess, p->assess, p->nassess);
  return rc ? rc : copy_map(&c->support, &c->nsupport, p->support, p->nsupport);
}

/* An amount in fen × scale, rounded half away from zero. */
static int scale_fen(int64_t *fen, double scale) {
  double x = round((double)*fen * scale);
  if (!(x < MAX_FEN)) return ygt__error(YGT_EOVERFLOW, "ygt_settle_params_scale: an amount × %g does not fit", scale);
  *fen = (int64_t)x;
  return YGT_OK;
}

static int scale_insurance(ygt__ins_params *ip, double scale) {
  int rc = scale_fen(&ip->fund, scale);
  for (int k = 0; !rc && k < ip->nhist; k++) rc = scale_fen(&ip->hist_cost[k], scale);
  ip->budget_scores *= scale;
  return rc;
}

int ygt_settle_params_scale(ygt_settle_params **out, const ygt_settle_params *p, double scale) {
  if (out) *out = NULL;
  if (!out || !p) return ygt__error(YGT_EINVAL, "ygt_settle_params_scale: NULL argument");
  if (!(scale > 0 && scale <= 1e6))
    return ygt__error(YGT_ERANGE, "ygt_settle_params_scale: scale %g is not in (0, 1e6]", scale);
  ygt_settle_params *c = ygt__malloc(sizeof *c);
  if (!c) return YGT_ENOMEM;
  *c = *p;
  int rc = copy_parts(c, p);
  for (int ins = 0; !rc && ins < YGT__NINS; ins++) rc = scale_insurance(&c->ins[ins], scale);
  if (rc) {
    ygt_settle_params_free(c);
    return rc;
  }
  *out = c;
  return YGT_OK;
}
