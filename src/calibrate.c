/* Calibration: iterations of the targets' figures under the settings, a
 * secant step per fitted setting on its own target, and the result. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "calibrate_internal.h"
#include "county_settings_internal.h"
#include "error_internal.h"

#define FAR 1e3  /* distance counted for a target whose year gives no value */
#define DONE 0.25 /* stop when every target holds and the distance is below this: a margin for other seeds and scales */

struct ygt_calibration {
  size_t ntargets, nit, best;
  double *distance;     /* [iteration] */
  double *sim;          /* [iteration][target] */
  int within;           /* of the best iteration */
  ygt_county_settings *best_settings;
};

/* One fitted setting and its last two points (value, its target's distance). */
typedef struct cb_fit {
  size_t target;
  const char *name;
  double lo, hi, x, x_prev, d_prev;
  int has_prev;
} cb_fit;

void ygt_calibration_inputs_init(ygt_calibration_inputs *in) {
  static const ygt_calibration_inputs init = YGT_CALIBRATION_INPUTS_INIT;
  if (in) *in = init;
}

void ygt_calibration_free(ygt_calibration *c) {
  if (!c) return;
  ygt__free(c->distance);
  ygt__free(c->sim);
  ygt_county_settings_free(c->best_settings);
  ygt__free(c);
}

static int check_inputs(const ygt_calibration_inputs *in) {
  if (!in || in->version != YGT_CALIBRATION_INPUTS_VERSION)
    return ygt__error(YGT_EINVAL, "ygt_calibrate: inputs NULL or not version %d", YGT_CALIBRATION_INPUTS_VERSION);
  if (!in->model || !in->rules || !in->casemix || !in->targets || !in->settings)
    return ygt__error(YGT_EINVAL, "ygt_calibrate: model, rules, case mix, targets and settings are required");
  if (!(in->population_scale > 0 && in->population_scale <= 100))
    return ygt__error(YGT_EINVAL, "ygt_calibrate: population_scale %g is outside (0, 100]", in->population_scale);
  if (in->max_iterations < 1 || in->max_iterations > 1000)
    return ygt__error(YGT_EINVAL, "ygt_calibrate: max_iterations %d is outside 1..1000", in->max_iterations);
  return 0;
}

/* Bounds of a setting or a trend rate; the name was checked to exist. */
static void bounds(const ygt_county_settings *s, const char *name, double *lo, double *hi) {
  int i = ygt__cs_index(name);
  size_t p;
  if (i >= 0) *lo = ygt__cs_desc[i].lo, *hi = ygt__cs_desc[i].hi;
  else if (!ygt__cs_trend_ref(s, name, &p, &i)) *lo = CS_RATE_LO, *hi = CS_RATE_HI;
}

static int fits_of(cb_fit *f, size_t *nfit, const ygt_calibration_inputs *in) {
  *nfit = 0;
  for (size_t i = 0; i < ygt_targets_count(in->targets); i++) {
    const char *name = ygt_targets_text(in->targets, i, YGT_TARGET_FIT);
    if (!name[0]) continue;
    cb_fit *g = &f[(*nfit)++];
    memset(g, 0, sizeof *g);
    g->target = i, g->name = name;
    if (ygt_county_settings_get(&g->x, in->settings, name))
      return ygt__error(YGT_ENOTFOUND, "ygt_calibrate: target %zu (%s in its year) fits '%s', which the settings do not have",
                        i + 1, ygt_targets_text(in->targets, i, YGT_TARGET_INDICATOR), name);
    bounds(in->settings, name, &g->lo, &g->hi);
  }
  return 0;
}

/* Distance of every target, their root mean square, and whether all hold. */
static double measure(const ygt_targets *t, const double *sim, int *within) {
  size_t n = ygt_targets_count(t);
  double sum = 0;
  *within = 1;
  for (size_t i = 0; i < n; i++) {
    int32_t ind;
    int rel;
    double d = ygt_targets_distance(t, i, sim[i]), v, tol;
    ygt_targets_get(&ind, NULL, &rel, &v, &tol, t, i);
    if (isnan(d)) d = FAR;
    *within &= rel == YGT_TARGET_EQUAL ? fabs(sim[i] - v) <= tol : d == 0;
    sum += d * d;
  }
  return n ? sqrt(sum / (double)n) : 0;
}

/* The secant step on the last two points; a 5 % nudge in the direction that
 * an increasing relation would need when there is no usable pair. */
static double step_of(const cb_fit *f, double d) {
  double x = f->x;
  if (f->has_prev && x != f->x_prev && d != f->d_prev && isfinite(d)) {
    double slope = (d - f->d_prev) / (x - f->x_prev);
    if (isfinite(slope) && slope != 0) return -d / slope;
  }
  double h = fabs(x) > 1e-6 ? 0.05 * fabs(x) : 0.01;
  return d > 0 ? -h : h;
}

/* At most a doubling or halving (0.1 for a rate near 0), within the bounds. */
static double next_x(const cb_fit *f, double d) {
  double step = step_of(f, d), x = f->x, cap = fabs(x) > 0.1 ? fabs(x) : 0.1;
  if (step > cap) step = cap;
  if (step < -cap / 2 && x > 0) step = -cap / 2;
  double n = x + step;
  return n < f->lo ? f->lo : n > f->hi ? f->hi : n;
}

static int move(ygt_county_settings **s, cb_fit *f, size_t nfit, const ygt_targets *t, const double *sim) {
  for (size_t k = 0; k < nfit; k++) {
    double d = ygt_targets_distance(t, f[k].target, sim[f[k].target]);
    if (isnan(d)) d = FAR;
    if (fabs(d) <= 0.25) continue; /* comfortably inside: let the others settle */
    double x = next_x(&f[k], d);
    ygt_county_settings *n = NULL;
    int rc = ygt_county_settings_with(&n, *s, f[k].name, x);
    if (rc) return rc;
    ygt_county_settings_free(*s);
    *s = n;
    f[k].x_prev = f[k].x, f[k].d_prev = d, f[k].has_prev = 1, f[k].x = x;
  }
  return 0;
}

static int keep_best(ygt_calibration *c, const ygt_county_settings *s, int within) {
  size_t i = c->nit - 1;
  if (i && !(c->distance[i] < c->distance[c->best])) return 0;
  ygt_county_settings *copy = NULL;
  int rc = ygt__cs_copy(&copy, s);
  if (rc) return rc;
  ygt_county_settings_free(c->best_settings);
  c->best_settings = copy, c->best = i, c->within = within;
  return 0;
}

static int iterate(ygt_calibration *c, const ygt_calibration_inputs *in, cb_fit *f, size_t nfit) {
  ygt_county_settings *s = NULL;
  int rc = ygt__cs_copy(&s, in->settings), within = 0, done = 0;
  for (int it = 0; !rc && it < in->max_iterations && !done; it++) {
    double *sim = c->sim + (size_t)it * c->ntargets;
    rc = ygt__calibrate_eval(in, s, sim);
    if (rc) break;
    c->distance[c->nit++] = measure(in->targets, sim, &within);
    done = within && c->distance[c->nit - 1] <= DONE;
    rc = keep_best(c, s, within);
    if (!rc && !done) rc = move(&s, f, nfit, in->targets, sim);
  }
  ygt_county_settings_free(s);
  return rc;
}

static ygt_calibration *alloc_result(size_t ntargets, int iterations) {
  ygt_calibration *c = ygt__calloc(1, sizeof *c);
  if (!c) return NULL;
  c->ntargets = ntargets;
  c->distance = ygt__calloc((size_t)iterations, sizeof *c->distance);
  c->sim = ygt__calloc((size_t)iterations * (ntargets ? ntargets : 1), sizeof *c->sim);
  if (c->distance && c->sim) return c;
  ygt_calibration_free(c);
  return NULL;
}

int ygt_calibrate(ygt_calibration **out, const ygt_calibration_inputs *in) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_calibrate: out is NULL");
  *out = NULL;
  int rc = check_inputs(in);
  if (rc) return rc;
  size_t n = ygt_targets_count(in->targets), nfit;
  cb_fit *f = ygt__calloc(n ? n : 1, sizeof *f);
  ygt_calibration *c = f ? alloc_result(n, in->max_iterations) : NULL;
  rc = c ? fits_of(f, &nfit, in) : YGT_ENOMEM;
  if (!rc) rc = iterate(c, in, f, nfit);
  ygt__free(f);
  if (rc) ygt_calibration_free(c);
  else *out = c;
  return rc;
}

size_t ygt_calibration_iterations(const ygt_calibration *c) { return c ? c->nit : 0; }

double ygt_calibration_distance(const ygt_calibration *c, size_t iteration) {
  return c && iteration < c->nit ? c->distance[iteration] : NAN;
}

double ygt_calibration_simulated(const ygt_calibration *c, size_t iteration, size_t target) {
  return c && iteration < c->nit && target < c->ntargets ? c->sim[iteration * c->ntargets + target] : NAN;
}

size_t ygt_calibration_best(const ygt_calibration *c) { return c ? c->best : 0; }

int ygt_calibration_within(const ygt_calibration *c) { return c ? c->within : 0; }

const ygt_county_settings *ygt_calibration_settings(const ygt_calibration *c) {
  return c ? c->best_settings : NULL;
}
