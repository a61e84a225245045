/* Residents: round(population × scale) per grid in model grid order, with
 * age from the options' pyramid (else the built-in one), sex by
 * male_share and insurance by the grid's
 * insured counts.  Each resident's draws are keyed by its index alone. */
#include <math.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

static int count_residents(const ygt_county *c, size_t *total) {
  size_t ng = ygt_model_grid_count(c->model), n = 0;
  for (size_t g = 0; g < ng; g++) {
    double x = (double)ygt_model_grid_population(c->model, (int32_t)g) * c->opts.population_scale;
    n += x > 0 ? (size_t)llround(x) : 0;
    if (n > INT32_MAX)
      return ygt__error(YGT_ELIMIT, "ygt_county_generate: more than 2^31 - 1 residents (lower population_scale)");
  }
  *total = n;
  return YGT_OK;
}

/* Insurance shares of a grid: employee, then employee + resident. */
static void insured_shares(const ygt_model *m, int32_t g, double share[2]) {
  double pop = (double)ygt_model_grid_population(m, g);
  double emp = (double)ygt_model_grid_insured(m, g, YGT_INSURANCE_EMPLOYEE);
  double res = (double)ygt_model_grid_insured(m, g, YGT_INSURANCE_RESIDENT);
  share[0] = pop > 0 && emp > 0 ? emp / pop : 0;
  share[1] = share[0] + (pop > 0 && res > 0 ? res / pop : 0);
}

/* The age pyramid's cdf, and where a scan for a u of [b / BUCKETS, (b + 1) /
 * BUCKETS) may start: the first age whose cdf reaches b / BUCKETS (the cdf
 * never falls, its shares being >= 0, so u is above every cdf before it). */
#define BUCKETS 256
typedef struct ages {
  double cdf[CY_AGES];
  uint8_t start[BUCKETS];
} ages;

static void ages_of(ages *x, const ygt_county_options *o) {
  ygt__cy_age_cdf(o, x->cdf);
  int a = 0;
  for (int b = 0; b < BUCKETS; b++) {
    while (a < CY_AGES - 1 && (double)b / BUCKETS > x->cdf[a]) a++;
    x->start[b] = (uint8_t)a;
  }
}

/* The first age whose cdf reaches u, else the last, as a scan from age 0
 * finds it; u * BUCKETS is exact (a power of two), so u >= b / BUCKETS. */
static int8_t draw_age(const ages *x, double u) {
  int a = x->start[(int)(u * BUCKETS)];
  while (a < CY_AGES - 1 && u > x->cdf[a]) a++;
  return (int8_t)a;
}

static void fill_grid(ygt_county *c, int32_t g, size_t first, size_t n, const ages *cdf) {
  int32_t *grid = c->col[YGT_COUNTY_RESIDENT_GRID];
  int8_t *age = c->col[YGT_COUNTY_RESIDENT_AGE], *sex = c->col[YGT_COUNTY_RESIDENT_SEX];
  int8_t *ins = c->col[YGT_COUNTY_RESIDENT_INSURANCE];
  double share[2];
  insured_shares(c->model, g, share);
  for (size_t r = first; r < first + n; r++) {
    ygt__cy_at_resident(c, r);
    grid[r] = g;
    age[r] = draw_age(cdf, ygt__cy_draw(c, r, CY_RESIDENT, CY_D_AGE));
    sex[r] = ygt__cy_draw(c, r, CY_RESIDENT, CY_D_SEX) < c->opts.male_share ? 1 : 2;
    double u = ygt__cy_draw(c, r, CY_RESIDENT, CY_D_INSURANCE);
    ins[r] = u < share[0] ? YGT_INSURANCE_EMPLOYEE : u < share[1] ? YGT_INSURANCE_RESIDENT : -1;
  }
}

int ygt__cy_residents(ygt_county *c) {
  size_t n = 0;
  int rc = count_residents(c, &n);
  if (rc) return rc;
  size_t cap = n ? n : 1;
  for (int k = YGT_COUNTY_RESIDENT_GRID; k <= YGT_COUNTY_RESIDENT_INSURANCE; k++) {
    c->col[k] = ygt__malloc(cap * (size_t)ygt_county_column_width(k));
    if (!c->col[k]) return YGT_ENOMEM;
  }
  ages cdf;
  ages_of(&cdf, &c->opts);
  size_t first = 0, ng = ygt_model_grid_count(c->model);
  for (size_t g = 0; g < ng; g++) {
    double x = (double)ygt_model_grid_population(c->model, (int32_t)g) * c->opts.population_scale;
    size_t k = x > 0 ? (size_t)llround(x) : 0;
    fill_grid(c, (int32_t)g, first, k, &cdf);
    first += k;
  }
  c->nres = n;
  return YGT_OK;
}
