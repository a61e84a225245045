/* Per age and sex, the conditions a resident can have and an alias table
 * (Vose) to pick one in proportion to its rate: the total rate gives the
 * Poisson count of a resident's events, the table their conditions, without
 * looping over every condition for every resident. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

static double weight(const cy_condition *k, int age, int sex, double out_f, double in_f) {
  if (age < k->age_from || age > k->age_to || (k->sex && k->sex != sex)) return 0;
  double f = k->setting == YGT_SETTING_OUTPATIENT ? out_f : in_f;
  return k->rate * f / 1000.0;
}

/* Vose's alias method over the weights w[0..n-1] (sum total > 0). */
static void alias_fill(cy_cell *cell, const double *w, int32_t *small, int32_t *large) {
  size_t n = cell->n, ns = 0, nl = 0;
  for (size_t i = 0; i < n; i++) {
    cell->prob[i] = w[i] * (double)n / cell->total;
    cell->alias[i] = (int32_t)i;
    if (cell->prob[i] < 1.0) small[ns++] = (int32_t)i;
    else large[nl++] = (int32_t)i;
  }
  while (ns && nl) {
    int32_t s = small[--ns], g = large[nl - 1];
    cell->alias[s] = g;
    cell->prob[g] -= 1.0 - cell->prob[s];
    if (cell->prob[g] < 1.0) {
      nl--;
      small[ns++] = g;
    }
  }
  while (nl) cell->prob[large[--nl]] = 1.0; /* rounding leftovers */
  while (ns) cell->prob[small[--ns]] = 1.0;
}

static int cell_alloc(cy_cell *cell, size_t n) {
  cell->cond = ygt__malloc(n * sizeof *cell->cond);
  cell->prob = ygt__malloc(n * sizeof *cell->prob);
  cell->alias = ygt__malloc(n * sizeof *cell->alias);
  cell->pick = ygt__malloc(n * sizeof *cell->pick);
  return cell->cond && cell->prob && cell->alias && cell->pick ? YGT_OK : YGT_ENOMEM;
}

/* w, small, large: scratch of cm->n elements. */
static int cell_build(cy_cell *cell, const ygt_casemix *cm, int age, int sex, double out_f, double in_f,
                      double *w, int32_t *small, int32_t *large) {
  size_t n = 0;
  for (size_t i = 0; i < cm->n; i++) {
    double x = weight(&cm->c[i], age, sex, out_f, in_f);
    if (x > 0) w[n++] = x, cell->total += x;
  }
  if (cell->total <= CY_PIECE) cell->none = exp(-cell->total);
  if (!n) return YGT_OK;
  if (cell_alloc(cell, n)) return YGT_ENOMEM;
  cell->n = n;
  n = 0;
  for (size_t i = 0; i < cm->n; i++)
    if (weight(&cm->c[i], age, sex, out_f, in_f) > 0) cell->cond[n++] = (int32_t)i;
  alias_fill(cell, w, small, large);
  for (size_t i = 0; i < n; i++) cell->pick[i] = (cy_pick){cell->prob[i], {cell->cond[i], cell->cond[cell->alias[i]]}};
  return YGT_OK;
}

void ygt__cy_cells_free(cy_cells *cells) {
  if (!cells) return;
  for (int a = 0; a < CY_AGES; a++)
    for (int s = 0; s < 2; s++) {
      ygt__free(cells->cell[a][s].cond);
      ygt__free(cells->cell[a][s].prob);
      ygt__free(cells->cell[a][s].alias);
      if (!cells->cell[a][s].shares_pick) ygt__free(cells->cell[a][s].pick);
    }
  ygt__free(cells);
}

/* An age whose table is the previous age's (most are: the case mix's age
 * bands are wide) reads the previous one's slots, so the picks of all ages
 * stay in a few cache lines. */
static void share_picks(cy_cells *cells) {
  for (int a = 1; a < CY_AGES; a++)
    for (int s = 0; s < 2; s++) {
      cy_cell *x = &cells->cell[a][s], *y = &cells->cell[a - 1][s];
      if (!x->n || x->n != y->n || memcmp(x->pick, y->pick, x->n * sizeof *x->pick)) continue;
      ygt__free(x->pick);
      x->pick = y->pick, x->shares_pick = 1;
    }
}

int ygt__cy_cells_build(cy_cells **out, const ygt_casemix *cm, double out_f, double in_f) {
  *out = NULL;
  cy_cells *cells = ygt__calloc(1, sizeof *cells);
  double *w = ygt__malloc(cm->n * sizeof *w);
  int32_t *small = ygt__malloc(cm->n * sizeof *small), *large = ygt__malloc(cm->n * sizeof *large);
  int rc = cells && w && small && large ? YGT_OK : YGT_ENOMEM;
  for (int a = 0; a < CY_AGES && !rc; a++)
    for (int s = 0; s < 2 && !rc; s++) rc = cell_build(&cells->cell[a][s], cm, a, s + 1, out_f, in_f, w, small, large);
  ygt__free(w);
  ygt__free(small);
  ygt__free(large);
  if (rc) {
    ygt__cy_cells_free(cells);
    return rc;
  }
  share_picks(cells);
  *out = cells;
  return YGT_OK;
}
