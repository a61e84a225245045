/* The per-batch DIP match cache (dip_match_cache.h). */
#include "dip_match_cache.h"

#include "alloc_internal.h"

#define MIN_ROWS 256
#define MAX_SLOTS ((size_t)1 << 14)

int ygt__dip_match_cacheable(const ygt_dip_catalog *cat) {
  for (size_t g = 0; g < cat->ngroups; g++)
    if (cat->groups[g].ncond || cat->groups[g].with_dx) return 0;
  return 1;
}

void ygt__dip_match_cache_new(ygt__dip_match_cache *m, const ygt_dip_catalog *cat, size_t rows) {
  m->slots = NULL;
  m->mask = 0;
  if (rows < MIN_ROWS || !ygt__dip_match_cacheable(cat)) return;
  size_t n = 64;
  while (n < MAX_SLOTS && n < rows / 4) n <<= 1;
  if (!(m->slots = ygt__malloc(n * sizeof *m->slots))) return; /* no memory: matched without the cache, same groups */
  for (size_t i = 0; i < n; i++) m->slots[i] = (ygt__dip_cache_slot){-1, {-1, -1, -1}, 0, -1};
  m->mask = n - 1;
}

void ygt__dip_match_cache_free(ygt__dip_match_cache *m) {
  ygt__free(m->slots);
  m->slots = NULL;
}
