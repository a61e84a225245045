/* The events of a county, generated a block of residents at a time: the
 * block's needs are written and routed while they are in the cache.  A
 * full county keeps every block (its columns grow); a totals-only county
 * sums each block into its totals and reuses the columns for the next, so
 * its memory does not grow with the county.  Every draw is keyed by
 * (seed, resident, event), so the blocks never change a number. */
#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

#define BLOCK 4096 /* residents: about 25,000 events, 2 MB of columns */

static int block(ygt_county *c, const cy_cells *cells, const cy_places *places, size_t r0, size_t r1,
                 cy_need *v, int64_t *paid) {
  size_t e0 = c->nev;
  int rc = ygt__cy_reserve_ahead(c, r1 - r0);
  if (!rc) rc = ygt__cy_needs(c, cells, r0, r1, v);
  if (!rc) rc = ygt__cy_route(c, places, e0, paid);
  if (rc || !c->totals) return rc;
  rc = ygt__cy_totals_add(c);
  c->nev = 0;
  return rc;
}

int ygt__cy_events(ygt_county *c, const cy_cells *cells, const cy_places *places) {
  cy_need *v = ygt__malloc(2 * CY_MAX_EVENTS * sizeof *v);
  int64_t *paid = ygt__malloc(2 * CY_MAX_EVENTS * sizeof *paid);
  int rc = v && paid ? ygt__cy_reserve(c, 1) : YGT_ENOMEM; /* columns even for an empty county */
  for (size_t r0 = 0; r0 < c->nres && !rc; r0 += BLOCK)
    rc = block(c, cells, places, r0, c->nres - r0 < BLOCK ? c->nres : r0 + BLOCK, v, paid);
  ygt__free(v);
  ygt__free(paid);
  return rc;
}
