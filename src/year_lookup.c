/* Model lookups a year run would otherwise make per event (an institution's
 * tier, a grid's township institution), made once per run as tables. */
#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

int ygt__year_lookups(ygt_year *y) {
  y->ngrid = ygt_model_grid_count(y->in.model);
  y->tier_of = ygt__malloc(y->ninst ? y->ninst : 1);
  y->township = ygt__malloc((y->ngrid + 1) * sizeof *y->township);
  if (!y->tier_of || !y->township) return YGT_ENOMEM;
  for (size_t i = 0; i < y->ninst; i++) y->tier_of[i] = (int8_t)ygt_model_institution_tier(y->in.model, (int32_t)i);
  y->township[0] = -1; /* no grid */
  for (size_t g = 0; g < y->ngrid; g++) {
    int32_t h = ygt_model_grid_township(y->in.model, (int32_t)g);
    y->township[g + 1] = h >= 0 ? h : -1;
  }
  return 0;
}
