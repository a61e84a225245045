/* Who signed with a family doctor (家庭医生签约): each township
 * institution's teams' signed counts, scaled to the county's population,
 * drawn from the insured residents of the grids it serves.  Capitation on
 * the "signed" basis pays for, and is charged for, exactly these residents,
 * so the year needs to know them one by one, not only as a count. */
#include <math.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

/* A stream of draws of its own (no event uses this id), so that adding the
 * column moved none of the existing ones. */
#define CY_SIGNING (UINT32_MAX - 1u)

double ygt__county_person_scale(const ygt_model *m, size_t residents) {
  double population = 0; /* doubles cannot wrap: exact below 2^53 persons, and only a ratio is taken */
  for (size_t g = 0; g < ygt_model_grid_count(m); g++) population += (double)ygt_model_grid_population(m, (int32_t)g);
  return population > 0 ? (double)residents / population : 1;
}

/* Per institution: the residents its teams signed, scaled. */
static void targets(int64_t *want, const ygt_county *c) {
  double s = ygt__county_person_scale(c->model, c->nres);
  for (size_t t = 0; t < ygt_model_team_count(c->model); t++) {
    int32_t i = ygt_model_team_institution(c->model, (int32_t)t);
    int64_t n = ygt_model_team_signed(c->model, (int32_t)t);
    if (i >= 0 && n > 0) want[i] += n;
  }
  for (size_t i = 0; i < ygt_model_institution_count(c->model); i++) want[i] = llround((double)want[i] * s);
}

/* The township a resident could sign with, -1 when none (no township, or uninsured). */
static int32_t township_of(const ygt_county *c, size_t r) {
  const int32_t *grid = c->col[YGT_COUNTY_RESIDENT_GRID];
  const int8_t *ins = c->col[YGT_COUNTY_RESIDENT_INSURANCE];
  return ins[r] < 0 ? -1 : ygt_model_grid_township(c->model, grid[r]);
}

/* Selection sampling (Knuth's algorithm S) per township: resident r is
 * signed with probability (still wanted) / (candidates left), which gives
 * exactly min(wanted, candidates) signed residents, each set of that size
 * equally likely, with one draw per resident from the seed. */
static void draw(ygt_county *c, int64_t *want, int64_t *left) {
  int8_t *signed_ = c->col[YGT_COUNTY_RESIDENT_SIGNED];
  for (size_t r = 0; r < c->nres; r++) {
    int32_t t = township_of(c, r);
    signed_[r] = 0;
    if (t < 0) continue;
    double u = ygt__cy_uniform(c->opts.seed, r, CY_SIGNING, 0);
    if (want[t] > 0 && u * (double)left[t] < (double)want[t]) signed_[r] = 1, want[t]--;
    left[t]--;
  }
}

int ygt__cy_signing(ygt_county *c) {
  size_t ninst = ygt_model_institution_count(c->model);
  int64_t *want = ygt__calloc(ninst ? ninst : 1, sizeof *want), *left = ygt__calloc(ninst ? ninst : 1, sizeof *left);
  c->col[YGT_COUNTY_RESIDENT_SIGNED] = ygt__malloc(c->nres ? c->nres : 1);
  int rc = want && left && c->col[YGT_COUNTY_RESIDENT_SIGNED] ? YGT_OK : YGT_ENOMEM;
  if (!rc) {
    targets(want, c);
    for (size_t r = 0; r < c->nres; r++) {
      int32_t t = township_of(c, r);
      if (t >= 0) left[t]++;
    }
    draw(c, want, left);
  }
  ygt__free(want);
  ygt__free(left);
  return rc;
}
