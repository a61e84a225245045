/* Evaluating compiled CHS-DRG 3.0 rules on one case (no string work). */
#include "drg3_internal.h"

static int any_in(const ygt_drg3 *g, int32_t set, const int32_t *ids, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (d3_has(g, set, ids[i])) return 1;
  return 0;
}

/* A list variable matches when any member does; {A, B} when either does. */
static int member(const ygt_drg3 *g, int subj, int32_t set, const d3_case *c) {
  if ((subj & D3_ZYZD) && d3_has(g, set, c->pdx)) return 1;
  if ((subj & D3_QTZD) && any_in(g, set, c->sdx, c->nsdx)) return 1;
  if ((subj & D3_ZYSS) && c->nproc > 0 && d3_has(g, set, c->proc[0])) return 1;
  return (subj & D3_QTSS) && c->nproc > 1 && any_in(g, set, c->proc + 1, c->nproc - 1);
}

/* The subjects' codes as a head (ZYZD or ZYSS) and a tail (QTZD or QTSS). */
typedef struct d3_span {
  const int32_t *a, *b;
  size_t na, nb;
} d3_span;

static d3_span subjects(int subj, const d3_case *c) {
  if (subj & D3_DX)
    return (d3_span){&c->pdx, c->sdx, (subj & D3_ZYZD) && c->pdx >= 0, (subj & D3_QTZD) ? c->nsdx : 0};
  int has = c->nproc > 0;
  return (d3_span){c->proc, has ? c->proc + 1 : NULL, (subj & D3_ZYSS) && has,
                   (subj & D3_QTSS) && has ? c->nproc - 1 : 0};
}

static int32_t span_at(const d3_span *s, size_t i) { return i < s->na ? s->a[i] : s->b[i - s->na]; }

/* length(S ∩ {…}): distinct codes, since ∩ is a set operation. */
static int32_t count_in(const ygt_drg3 *g, int subj, int32_t set, const d3_case *c) {
  d3_span s = subjects(subj, c);
  int32_t k = 0;
  for (size_t i = 0; i < s.na + s.nb; i++) {
    int32_t id = span_at(&s, i);
    int fresh = d3_has(g, set, id);
    for (size_t j = 0; fresh && j < i; j++) fresh = span_at(&s, j) != id;
    k += fresh;
  }
  return k;
}

int ygt__drg3_excluded(const ygt_drg3 *g, int32_t table, int32_t pdx) {
  uint64_t key = (uint64_t)(uint32_t)table << 32 | (uint32_t)pdx;
  size_t lo = 0, hi = g->nexcl;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (g->excl[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < g->nexcl && g->excl[lo] == key;
}

/* D3_SEV_* bits of the other diagnoses, each filtered by the exclusion table
 * of its CC row: a CC whose table lists the principal diagnosis does not count. */
static int severity(const ygt_drg3 *g, const d3_case *c) {
  size_t known = ygt_codes_count(g->dx);
  int sev = 0;
  for (size_t i = 0; i < c->nsdx; i++) {
    int32_t id = c->sdx[i];
    if (id < 0 || (size_t)id >= known || !g->level[id]) continue;
    if (g->table[id] >= 0 && c->pdx >= 0 && ygt__drg3_excluded(g, g->table[id], c->pdx)) continue;
    sev |= g->level[id];
  }
  return sev;
}

static int compare(int cmp, int32_t x, int32_t v) {
  switch (cmp) {
  case D3_LT: return x < v;
  case D3_LE: return x <= v;
  case D3_GT: return x > v;
  case D3_GE: return x >= v;
  default: return x == v;
  }
}

int ygt__drg3_eval(const ygt_drg3 *g, int32_t i, d3_case *c) {
  const d3_node *n = &g->nodes[i];
  switch (n->op) {
  case D3_TRUE: return 1;
  case D3_FALSE: return 0;
  case D3_AND: return ygt__drg3_eval(g, n->a, c) && ygt__drg3_eval(g, n->b, c);
  case D3_OR: return ygt__drg3_eval(g, n->a, c) || ygt__drg3_eval(g, n->b, c);
  case D3_NOT: return !ygt__drg3_eval(g, n->a, c);
  case D3_IN: return member(g, n->subj, n->a, c);
  case D3_SEV:
    if (c->sev < 0) c->sev = severity(g, c);
    return (c->sev & n->a) != 0;
  case D3_COUNT: return compare(n->cmp, count_in(g, n->subj, n->a, c), n->b);
  default: break;
  }
  int32_t x = c->var[n->subj];
  return x != YGT_CASES_NA && compare(n->cmp, x, n->a); /* a missing value compares false */
}
