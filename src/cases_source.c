/* Which file each range of a batch's rows was loaded from (cases_internal.h). */
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "yigongti/error.h"

int ygt__cases_add_source(ygt_cases *c, size_t first, const char *path) {
  if (first == c->count) return YGT_OK;
  char *p = ygt__strdup(path);
  if (!p || ygt__grow((void **)&c->files, &c->cfiles, c->nfiles + 1, sizeof *c->files)) {
    ygt__free(p);
    return YGT_ENOMEM;
  }
  c->files[c->nfiles++] = (ygt__cases_source){first, c->count, p};
  return YGT_OK;
}

const char *ygt__cases_source_of(const ygt_cases *c, size_t r) {
  for (size_t k = 0; k < c->nfiles; k++)
    if (r >= c->files[k].first && r < c->files[k].end) return c->files[k].path;
  return "case batch";
}

void ygt__cases_sources_free(ygt_cases *c) {
  for (size_t k = 0; k < c->nfiles; k++) ygt__free(c->files[k].path);
  ygt__free(c->files);
  c->files = NULL;
  c->nfiles = c->cfiles = 0;
}
