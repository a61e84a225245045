/* DRG rule packs: turning the collected rows into the pack's final form:
 * department ids, per-code tables (CC/MCC/CCE, trauma sites, code maps),
 * code sets, resolved set references, try orders and the QY groups. */
#include "drg_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

static int fail_at(const char *dir, const char *file, int line, const char *field, int code,
                   const char *what) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return ygt__error_at(code, path, line, 0, field, "%s", what);
}

/* ---- departments ---- */

static int by_dept_str(const void *a, const void *b, const char *pool) {
  return strcmp(pool + *(const uint32_t *)a, pool + *(const uint32_t *)b);
}

/* Insertion into a sorted unique array keeps this free of qsort contexts:
 * department lists are short (tens of codes). */
static int dept_ids(ygt_drg_pack *p, drg_entry *rows, size_t n) {
  size_t cap = 0;
  for (size_t i = 0; i < n; i++) {
    if (rows[i].owner < 0 || (rows[i].roletag & 0xff) != ROLE_DEPT) continue;
    uint32_t off = (uint32_t)rows[i].id;
    size_t lo = 0, hi = p->ndepts;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (by_dept_str(&p->depts[mid], &off, p->str) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo == p->ndepts || by_dept_str(&p->depts[lo], &off, p->str) != 0) {
      if (ygt__grow((void **)&p->depts, &cap, p->ndepts + 1, sizeof *p->depts)) return YGT_ENOMEM;
      memmove(p->depts + lo + 1, p->depts + lo, (p->ndepts - lo) * sizeof *p->depts);
      p->depts[lo] = off;
      p->ndepts++;
    }
  }
  for (size_t i = 0; i < n; i++)
    if (rows[i].owner >= 0 && (rows[i].roletag & 0xff) == ROLE_DEPT)
      rows[i].id = ygt__drg_dept_id(p, p->str + (uint32_t)rows[i].id);
  return YGT_OK;
}

/* ---- per-code tables ---- */

static int32_t *filled(size_t n) {
  int32_t *a = ygt__malloc((n ? n : 1) * sizeof *a);
  if (a) for (size_t i = 0; i < n; i++) a[i] = -1;
  return a;
}

static int code_tables(ygt_drg_pack *p, const drg_entry *rows, size_t n, const char *dir) {
  size_t nd = (size_t)p->dx_known;
  if (!(p->cce = filled(nd)) || !(p->cc = filled(nd)) || !(p->mcc = filled(nd)) ||
      !(p->site = ygt__calloc(nd ? nd : 1, 1)))
    return YGT_ENOMEM;
  if (p->want_map[0] && !(p->dx_map = filled(ygt_codes_count(p->dx)))) return YGT_ENOMEM;
  if (p->want_map[1] && !(p->proc_map = filled(ygt_codes_count(p->proc)))) return YGT_ENOMEM;
  static const char *const files[] = {"", "cc.tsv", "mcc.tsv", "cce.tsv", "mdc_dx.tsv", "dx_map.tsv", "proc_map.tsv"};
  for (size_t i = 0; i < n; i++) {
    const drg_entry *e = &rows[i];
    if (e->owner >= 0) continue;
    int32_t *slot = e->owner == OWN_CC ? &p->cc[e->id] : e->owner == OWN_MCC ? &p->mcc[e->id]
                  : e->owner == OWN_CCE ? &p->cce[e->id] : e->owner == OWN_DXMAP ? &p->dx_map[e->id]
                  : e->owner == OWN_PROCMAP ? &p->proc_map[e->id] : NULL;
    const ygt_codes *dict = e->owner == OWN_PROCMAP ? p->proc : p->dx;
    char what[160];
    if (e->owner == OWN_SITE) {
      if (p->site[e->id] && p->site[e->id] != e->roletag) {
        snprintf(what, sizeof what, "code %s has two trauma sites", ygt_codes_code(dict, e->id));
        return fail_at(dir, files[4], e->line, "trauma_site", YGT_EVALIDATE, what);
      }
      p->site[e->id] = (uint8_t)e->roletag;
    } else if (*slot >= 0) { /* identical rows too: drg-pack.md allows a code once per file */
      snprintf(what, sizeof what, "code %s is listed twice", ygt_codes_code(dict, e->id));
      return fail_at(dir, files[-e->owner], e->line, "code", YGT_EEXISTS, what);
    } else {
      *slot = e->roletag;
    }
  }
  return YGT_OK;
}

/* ---- code sets ---- */

static int by_key(const void *a, const void *b) {
  const drg_entry *x = a, *y = b;
  if (x->owner != y->owner) return (x->owner > y->owner) - (x->owner < y->owner);
  if (x->roletag != y->roletag) return (x->roletag > y->roletag) - (x->roletag < y->roletag);
  return (x->id > y->id) - (x->id < y->id);
}

static int add_set(ygt_drg_pack *p, const drg_entry *g, size_t n, size_t *words_cap) {
  uint32_t base = (uint32_t)g[0].id, nbits = (uint32_t)(g[n - 1].id - g[0].id) + 1;
  size_t nw = (nbits + 63) / 64;
  if (ygt__grow((void **)&p->words, words_cap, p->nwords + nw, sizeof *p->words)) return YGT_ENOMEM;
  uint64_t *w = p->words + p->nwords;
  memset(w, 0, nw * sizeof *w);
  for (size_t i = 0; i < n; i++) {
    uint32_t b = (uint32_t)g[i].id - base;
    w[b >> 6] |= (uint64_t)1 << (b & 63);
  }
  p->sets[p->nsets] = (drg_set){base, nbits, p->nwords};
  p->keys[p->nkeys++] = (drg_key){g[0].owner, g[0].roletag, (int32_t)p->nsets++};
  p->nwords += nw;
  return YGT_OK;
}

static int build_sets(ygt_drg_pack *p, drg_entry *rows, size_t n) {
  int rc = ygt__drg_sort_entries(rows, n);
  if (rc) return rc;
  size_t first = 0, groups = 0, words_cap = 0;
  while (first < n && rows[first].owner < 0) first++;
  for (size_t i = first; i < n; i++)
    groups += i == first || by_key(&(drg_entry){rows[i].owner, rows[i].roletag, 0, 0},
                                   &(drg_entry){rows[i - 1].owner, rows[i - 1].roletag, 0, 0}) != 0;
  p->sets = ygt__calloc(groups + 1, sizeof *p->sets);
  p->keys = ygt__calloc(groups + 1, sizeof *p->keys);
  if (!p->sets || !p->keys || ygt__grow((void **)&p->words, &words_cap, 1, sizeof *p->words))
    return YGT_ENOMEM;
  p->nsets = 1; /* sets[0]: the empty set */
  for (size_t i = first; i < n;) {
    size_t j = i + 1;
    while (j < n && rows[j].owner == rows[i].owner && rows[j].roletag == rows[i].roletag) j++;
    if ((rc = add_set(p, rows + i, j - i, &words_cap))) return rc;
    i = j;
  }
  return YGT_OK;
}

static int32_t find_set(const ygt_drg_pack *p, int32_t owner, int32_t roletag) {
  size_t lo = 0, hi = p->nkeys;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const drg_key *k = &p->keys[mid];
    if (k->owner == owner && k->roletag == roletag) return k->set;
    if (k->owner < owner || (k->owner == owner && k->roletag < roletag)) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* Points the set references of one expression at their sets; a reference to
 * a list with no rows is a mistake in the pack (a typo in a tag or role). */
static int resolve(ygt_drg_pack *p, const drg_expr *e, const char *dir, const char *file, const char *field) {
  static const char *const roles[] = {"MDC", "SS_VALID", "PDX", "SDX", "PPROC", "SPROC", "DEPT"};
  for (int32_t i = e->first; i < e->end; i++) {
    drg_node *n = &p->nodes[i];
    if (n->op != OP_MEMBER) continue;
    int32_t set = find_set(p, n->a, n->b);
    if (set == 0 && (n->b & 0xff) != ROLE_SS_VALID) {
      char what[200];
      const char *list = (n->b & 0xff) == ROLE_MDC ? "mdc_dx.tsv" : "adrg_codes.tsv";
      if (n->b >> 8) snprintf(what, sizeof what, "set %s[%d] has no rows in %s", roles[n->b & 0xff], n->b >> 8, list);
      else snprintf(what, sizeof what, "set %s has no rows in %s", roles[n->b & 0xff], list);
      return fail_at(dir, file, e->line, field, YGT_EVALIDATE, what);
    }
    n->a = set;
    n->b = 0;
  }
  return YGT_OK;
}

static int resolve_all(ygt_drg_pack *p, const char *dir) {
  int rc = YGT_OK;
  p->ss_valid = find_set(p, 0, ROLE_SS_VALID);
  for (size_t i = 0; i < p->nmdc && !rc; i++) rc = resolve(p, &p->mdc[i].entry, dir, "mdc.tsv", "entry_condition");
  for (size_t i = 0; i < p->nadrg && !rc; i++) rc = resolve(p, &p->adrg[i].entry, dir, "adrg.tsv", "entry_condition");
  for (size_t i = 0; i < p->ndrg && !rc; i++) rc = resolve(p, &p->drg[i].rule, dir, "drg.tsv", "rule");
  return rc;
}

/* ---- try orders ---- */

typedef struct order_key {
  int32_t group, order, id, line;
} order_key;

static int by_order(const void *a, const void *b) {
  const order_key *x = a, *y = b;
  if (x->group != y->group) return (x->group > y->group) - (x->group < y->group);
  if (x->order != y->order) return (x->order > y->order) - (x->order < y->order);
  return (x->id > y->id) - (x->id < y->id);
}

/* Sorts ids by (group, order) into *out; an order given twice in a group is
 * an error naming the later row. */
static int sort_order(order_key *k, size_t n, int32_t **out, const char *dir, const char *file,
                      const char *field) {
  qsort(k, n, sizeof *k, by_order);
  for (size_t i = 1; i < n; i++)
    if (k[i].group == k[i - 1].group && k[i].order == k[i - 1].order) {
      char what[80];
      snprintf(what, sizeof what, "%s %d is used twice", field, k[i].order);
      int32_t line = k[i].line > k[i - 1].line ? k[i].line : k[i - 1].line;
      return fail_at(dir, file, line, field, YGT_EEXISTS, what);
    }
  if (!(*out = ygt__malloc((n ? n : 1) * sizeof **out))) return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) (*out)[i] = k[i].id;
  return YGT_OK;
}

static int orders(ygt_drg_pack *p, const char *dir) {
  size_t most = p->nmdc > p->nadrg ? p->nmdc : p->nadrg;
  most = most > p->ndrg ? most : p->ndrg;
  order_key *k = ygt__malloc((most ? most : 1) * sizeof *k);
  if (!k) return YGT_ENOMEM;
  for (size_t i = 0; i < p->nmdc; i++) k[i] = (order_key){0, p->mdc[i].check_order, (int32_t)i, p->mdc[i].line};
  int rc = sort_order(k, p->nmdc, &p->mdc_order, dir, "mdc.tsv", "check_order");
  for (size_t i = 0; i < p->nadrg; i++)
    k[i] = (order_key){p->adrg[i].mdc, p->adrg[i].try_order, (int32_t)i, p->adrg[i].line};
  if (!rc) rc = sort_order(k, p->nadrg, &p->adrg_order, dir, "adrg.tsv", "try_order");
  for (size_t i = 0; i < p->ndrg; i++)
    k[i] = (order_key){p->drg[i].adrg, p->drg[i].try_order, (int32_t)i, p->drg[i].line};
  if (!rc) rc = sort_order(k, p->ndrg, &p->drg_order, dir, "drg.tsv", "try_order");
  ygt__free(k);
  if (rc) return rc;
  for (size_t i = p->nadrg; i-- > 0;) {
    drg_mdc *m = &p->mdc[p->adrg[p->adrg_order[i]].mdc];
    m->first = (int32_t)i;
    m->n++;
  }
  for (size_t i = p->ndrg; i-- > 0;) {
    drg_adrg *a = &p->adrg[p->drg[p->drg_order[i]].adrg];
    a->first = (int32_t)i;
    a->n++;
  }
  for (size_t i = 0; i < p->nadrg; i++)
    if (p->adrg[i].n == 0) {
      char what[80];
      snprintf(what, sizeof what, "ADRG %s has no DRG in drg.tsv", drg_str(p, p->adrg[i].code));
      return fail_at(dir, "adrg.tsv", p->adrg[i].line, "adrg", YGT_EVALIDATE, what);
    }
  return YGT_OK;
}

/* ---- the ambiguous group ---- */

/* Where the QY check of an MDC runs: after the ADRG named by qy_after, at the
 * start for "-", and before the first medical ADRG when it is empty. */
static int qy_position(ygt_drg_pack *p, drg_mdc *m, const char *dir) {
  const char *after = drg_str(p, m->qy_after);
  int32_t pos = 0;
  if (strcmp(after, "-") == 0) pos = 0;
  else if (!after[0]) {
    while (pos < m->n && p->adrg[p->adrg_order[m->first + pos]].kind != 2) pos++;
  } else {
    int32_t id = ygt__drg_find(p, 1, after);
    for (pos = 0; pos < m->n && p->adrg_order[m->first + pos] != id; pos++) {}
    if (pos == m->n) {
      char what[120];
      snprintf(what, sizeof what, "qy_after %.40s is not an ADRG of %.40s", after, drg_str(p, m->code));
      return fail_at(dir, "mdc.tsv", m->line, "qy_after", YGT_ENOTFOUND, what);
    }
    pos++;
  }
  m->qy_pos = pos;
  return YGT_OK;
}

static int qy_groups(ygt_drg_pack *p, const char *dir) {
  size_t nm = p->nmdc;
  if (ygt__grow((void **)&p->adrg, &p->adrg_cap, p->nadrg + nm, sizeof *p->adrg) ||
      ygt__grow((void **)&p->drg, &p->drg_cap, p->ndrg + nm, sizeof *p->drg))
    return YGT_ENOMEM;
  uint32_t qy, name;
  int rc = ygt__drg_str(p, "QY", &qy);
  if (rc || (rc = ygt__drg_str(p, "歧义病案", &name))) return rc;
  for (size_t i = 0; i < nm; i++) {
    drg_mdc *m = &p->mdc[i];
    if ((rc = qy_position(p, m, dir))) return rc;
    const char *code = drg_str(p, m->code);
    char drg_code[8];
    snprintf(drg_code, sizeof drg_code, "%cQY", code[0] ? code[strlen(code) - 1] : '?');
    uint32_t dc;
    if ((rc = ygt__drg_str(p, drg_code, &dc))) return rc;
    m->qy_adrg = (int32_t)p->nadrg;
    m->qy_drg = (int32_t)p->ndrg;
    /* memset, not a compound literal: the padding too is zero, so that a
     * compiled cache of the pack has the same bytes every time */
    drg_adrg *a = memset(&p->adrg[p->nadrg++], 0, sizeof *a);
    a->code = qy, a->name = name, a->mdc = (int32_t)i, a->line = m->line, a->kind = 3;
    drg_drg *d = memset(&p->drg[p->ndrg++], 0, sizeof *d);
    d->code = dc, d->name = name, d->adrg = m->qy_adrg, d->try_order = 1, d->line = m->line;
  }
  return YGT_OK;
}

int ygt__drg_build(ygt_drg_pack *p, drg_entry *rows, size_t nrows, const char *dir) {
  int rc;
  if ((rc = dept_ids(p, rows, nrows)) || (rc = code_tables(p, rows, nrows, dir)) ||
      (rc = build_sets(p, rows, nrows)) || (rc = resolve_all(p, dir)) || (rc = orders(p, dir)))
    return rc;
  return qy_groups(p, dir);
}
