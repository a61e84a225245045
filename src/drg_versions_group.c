/* DRG versions side by side: accessors, and grouping each case with the
 * grouper of its discharge date, one call per run of consecutive cases of
 * the same version (include/yigongti/drg_versions.h). */
#include "drg_versions_internal.h"

#include <string.h>

#include "cases_internal.h"
#include "error_internal.h"

static const ygt__drg_period *period(const ygt_drg_versions *v, size_t i) {
  if (i < v->n) return &v->p[i];
  ygt__error(YGT_ERANGE, "period %zu outside the %zu periods", i, v->n);
  return NULL;
}

size_t ygt_drg_versions_count(const ygt_drg_versions *v) { return v->n; }

int ygt_drg_versions_period(const ygt_drg_versions *v, size_t i, int32_t *from, int32_t *to) {
  const ygt__drg_period *p = period(v, i);
  if (!p) return YGT_ERANGE;
  if (from) *from = p->from;
  if (to) *to = p->to;
  return YGT_OK;
}

const char *ygt_drg_versions_grouper(const ygt_drg_versions *v, size_t i) {
  const ygt__drg_period *p = period(v, i);
  return p ? p->grouper : NULL;
}

int ygt_drg_versions_is_pack(const ygt_drg_versions *v, size_t i) {
  const ygt__drg_period *p = period(v, i);
  return p ? p->pack != NULL : YGT_ERANGE;
}

const ygt_drg_pack *ygt_drg_versions_pack(const ygt_drg_versions *v, size_t i) {
  const ygt__drg_period *p = period(v, i);
  return p ? p->pack : NULL;
}

const ygt_drg3 *ygt_drg_versions_drg3(const ygt_drg_versions *v, size_t i) {
  const ygt__drg_period *p = period(v, i);
  return p ? p->drg3 : NULL;
}

const ygt_codes *ygt_drg_versions_codes(const ygt_drg_versions *v, size_t i, int kind) {
  const ygt__drg_period *p = period(v, i);
  if (!p) return NULL;
  return p->pack ? ygt_drg_pack_codes(p->pack, kind) : ygt_drg3_codes(p->drg3, kind);
}

int ygt_drg_versions_find(const ygt_drg_versions *v, int32_t date) {
  size_t lo = 0, hi = v->n; /* periods are sorted and disjoint */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v->p[mid].to < date) lo = mid + 1;
    else hi = mid;
  }
  return lo < v->n && v->p[lo].from <= date ? (int)lo : YGT_ENOTFOUND;
}

typedef struct outputs {
  int32_t *version, *mdc, *adrg, *drg, *status;
  uint32_t *flags;
} outputs;

static int32_t *at(int32_t *a, size_t k) { return a ? a + k : NULL; }

/* Rows first+k .. first+k+len-1 with version w (-1: none). */
static int group_run(const ygt_drg_versions *v, const ygt_cases *const *b, size_t first, size_t k, size_t len, int w,
                     const outputs *o) {
  for (size_t j = k; j < k + len && o->version; j++) o->version[j] = w;
  if (w < 0) {
    for (size_t j = k; j < k + len; j++) {
      int32_t *ids[] = {at(o->mdc, j), at(o->adrg, j), at(o->drg, j)};
      for (int x = 0; x < 3; x++)
        if (ids[x]) *ids[x] = -1;
      if (o->status) o->status[j] = YGT_DRG_NO_PERIOD;
      if (o->flags) o->flags[j] = 0;
    }
    return YGT_OK;
  }
  const ygt__drg_period *p = &v->p[w];
  uint32_t *fl = o->flags ? o->flags + k : NULL;
  if (!b[w]) return ygt__error(YGT_EINVAL, "no batch for the period of %s", p->grouper);
  return p->pack ? ygt_drg_group(p->pack, b[w], first + k, len, 0, at(o->mdc, k), at(o->adrg, k), at(o->drg, k),
                                 at(o->status, k), fl)
                 : ygt_drg3_group(p->drg3, b[w], first + k, len, 0, at(o->mdc, k), at(o->adrg, k), at(o->drg, k),
                                  at(o->status, k), fl);
}

/* The version of one row: its discharge date in the first batch there is. */
static int version_of(const ygt_drg_versions *v, const ygt_cases *const *b, size_t row) {
  const ygt_cases *c = NULL;
  for (size_t i = 0; i < v->n && !c; i++) c = b[i];
  int32_t d = ygt__cases_int(c, YGT_CASE_DISCHARGE_DATE, row);
  int w = d == YGT_CASES_NA ? YGT_ENOTFOUND : ygt_drg_versions_find(v, d);
  return w < 0 ? -1 : w;
}

static int check_batches(const ygt_drg_versions *v, const ygt_cases *const *b, size_t end) {
  size_t count = (size_t)-1;
  for (size_t i = 0; i < v->n; i++) {
    if (!b[i]) continue;
    if (count != (size_t)-1 && b[i]->count != count)
      return ygt__error(YGT_EINVAL, "the batches hold %zu and %zu cases", count, b[i]->count);
    count = b[i]->count;
  }
  if (count == (size_t)-1) return ygt__error(YGT_EINVAL, "ygt_drg_versions_group: no batch");
  return end > count ? ygt__error(YGT_ERANGE, "rows up to %zu outside the batch of %zu", end, count) : YGT_OK;
}

int ygt_drg_versions_group(const ygt_drg_versions *v, const ygt_cases *const *batches, size_t first, size_t n,
                           int which, int32_t *version, int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status,
                           uint32_t *flags) {
  if (!v || !batches) return ygt__error(YGT_EINVAL, "ygt_drg_versions_group: NULL argument");
  if (which < -1 || (which >= 0 && (size_t)which >= v->n))
    return ygt__error(YGT_ERANGE, "version %d outside the %zu periods", which, v->n);
  int rc = check_batches(v, batches, first + n);
  const outputs o = {version, mdc, adrg, drg, status, flags};
  for (size_t k = 0; !rc && k < n;) {
    int w = which >= 0 ? which : version_of(v, batches, first + k);
    size_t len = 1;
    while (k + len < n && (which >= 0 || version_of(v, batches, first + k + len) == w)) len++;
    rc = group_run(v, batches, first, k, len, w, &o);
    k += len;
  }
  return rc;
}
