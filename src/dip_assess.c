/* A DIP engine whose assessment coefficients (考核系数) come from the year's
 * assessment instead of the parameter file: a scheme that asks for the
 * scorecard's coefficient settles its stays with a copy of its engine, so
 * the scheme's own engine stays immutable and shareable. */
#include <string.h>

#include "alloc_internal.h"
#include "dip_internal.h"
#include "error_internal.h"

static void *copy_of(const void *src, size_t size) {
  void *p = ygt__malloc(size ? size : 1);
  if (p && size) memcpy(p, src, size);
  return p;
}

int ygt__dip_engine_assessed(ygt_dip_engine **out, const ygt_dip_engine *e, const double *assessment) {
  *out = NULL;
  for (size_t i = 0; i < e->ninst; i++)
    if (!(assessment[i] >= 0 && assessment[i] <= 10))
      return ygt__error(YGT_ERANGE, "DIP assessment coefficient %g of institution %zu is not in [0, 10]",
                        assessment[i], i);
  ygt_dip_engine *c = ygt__calloc(1, sizeof *c);
  if (!c) return YGT_ENOMEM;
  *c = *e;
  c->inst_class = copy_of(e->inst_class, e->ninst);
  c->inst_level = copy_of(e->inst_level, e->ninst * sizeof *e->inst_level);
  c->inst_assess = copy_of(assessment, e->ninst * sizeof *assessment);
  c->group_support = copy_of(e->group_support, e->cat->ngroups * sizeof *e->group_support);
  c->group_const = copy_of(e->group_const, e->cat->ngroups * sizeof *e->group_const);
  if (!c->inst_class || !c->inst_level || !c->inst_assess || !c->group_support || !c->group_const) {
    ygt_dip_engine_free(c);
    return YGT_ENOMEM;
  }
  *out = c;
  return YGT_OK;
}
