/* Reading the 集合 (code sets) sheet of a CHS-DRG 3.0 workbook export into
 * bitsets over the configuration's dictionaries.  A set's kind (diagnosis
 * or procedure) comes from the rules that use it; rows of sets no rule uses
 * are skipped. */
#include "drg3_internal.h"

#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

enum { S_SET, S_CODE, S_NAME, S_N };

static const d3_colname set_cols[] = {{"set", S_SET}, {"集合", S_SET}, {"code", S_CODE}, {"编码", S_CODE},
                                      {"name", S_NAME}, {"名称", S_NAME}, {NULL, 0}};

typedef struct member {
  int32_t set, id;
} member;

typedef struct named {
  const char *name;
  int32_t set;
} named;

typedef struct reader {
  ygt_drg3 *g;
  named *by_name;            /* the sets sorted by name */
  member *rows;
  size_t nrows, cap;
  int32_t last;              /* set of the previous row (rows come grouped) */
} reader;

static int by_name(const void *x, const void *y) {
  return strcmp(((const named *)x)->name, ((const named *)y)->name);
}

static int32_t find_set(const reader *r, const char *name) {
  size_t lo = 0, hi = r->g->nsets;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(r->by_name[mid].name, name);
    if (c == 0) return r->by_name[mid].set;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* The id of a code in a dictionary, added when new; invalid codes are errors. */
int ygt__drg3_code_id(ygt_codes *dict, const ygt_table *t, int col, const char *name_field, int32_t *id) {
  const char *code = ygt__table_field(t, col);
  if ((*id = ygt_codes_id(dict, code)) >= 0) return YGT_OK;
  int rc = ygt_codes_add(dict, code, name_field, id);
  if (rc == YGT_EINVAL) return ygt__table_error(t, col, rc, "'%s' is not a code", code);
  return rc ? ygt__table_error(t, col, rc, "%s", ygt_error_last()->message) : YGT_OK;
}

static int read_member(reader *r, const ygt_table *t, const int *col) {
  const char *name = ygt__table_field(t, col[S_SET]);
  if (!name[0]) return ygt__table_error(t, col[S_SET], YGT_EPARSE, "empty set name");
  if (r->last < 0 || strcmp(r->g->sets[r->last].name, name) != 0) r->last = find_set(r, name);
  if (r->last < 0) return YGT_OK; /* no rule uses it */
  d3_set *s = &r->g->sets[r->last];
  ygt_codes *dict = s->kind == YGT_CODE_DIAGNOSIS ? r->g->dx : r->g->proc;
  int32_t id;
  int rc = ygt__drg3_code_id(dict, t, col[S_CODE], ygt__table_field(t, col[S_NAME]), &id);
  if (rc) return rc;
  if (ygt__grow((void **)&r->rows, &r->cap, r->nrows + 1, sizeof *r->rows)) return YGT_ENOMEM;
  r->rows[r->nrows++] = (member){r->last, id};
  s->rows++;
  return YGT_OK;
}

static int by_member(const void *x, const void *y) {
  const member *a = x, *b = y;
  if (a->set != b->set) return a->set < b->set ? -1 : 1;
  return (a->id > b->id) - (a->id < b->id);
}

/* Bitsets over [min id, max id] of each set, from rows sorted by (set, id). */
static int build_bits(ygt_drg3 *g, member *rows, size_t n) {
  qsort(rows, n, sizeof *rows, by_member);
  size_t words = 0;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i; j < n && rows[j].set == rows[i].set; j++) {}
    d3_set *s = &g->sets[rows[i].set];
    s->base = (uint32_t)rows[i].id;
    s->nbits = (uint32_t)(rows[j - 1].id - rows[i].id) + 1;
    s->woff = words;
    words += (s->nbits + 63) / 64;
  }
  if (!(g->words = ygt__calloc(words ? words : 1, sizeof *g->words))) return YGT_ENOMEM;
  g->nwords = words;
  for (size_t i = 0; i < n; i++) {
    const d3_set *s = &g->sets[rows[i].set];
    uint32_t b = (uint32_t)rows[i].id - s->base;
    g->words[s->woff + (b >> 6)] |= (uint64_t)1 << (b & 63);
  }
  return YGT_OK;
}

/* Sets that rules name and no row defines: an error, or empty sets. */
static int check_missing(ygt_drg3 *g, const char *path, int options) {
  for (size_t i = 0; i < g->nsets; i++) {
    if (g->sets[i].rows) continue;
    if (!(options & YGT_DRG3_MISSING_SETS_EMPTY))
      return ygt__error_at(YGT_ENOTFOUND, path, 0, 0, "", "set %s, named by a rule, has no rows", g->sets[i].name);
    g->missing++;
  }
  return YGT_OK;
}

static int read_sets(reader *r, const char *path) {
  ygt_table t;
  int col[S_N], rc = ygt__drg3_open(r->g, &t, path);
  if (rc) return rc;
  const d3_colname *const lists[] = {set_cols, NULL};
  rc = ygt__drg3_columns(&t, lists, S_N, col);
  if (!rc) rc = ygt__drg3_need(&t, col, S_SET, "set");
  if (!rc) rc = ygt__drg3_need(&t, col, S_CODE, "code");
  while (!rc && (rc = ygt__table_next(&t)) == 1) rc = read_member(r, &t, col);
  ygt__table_close(&t);
  return rc;
}

int ygt__drg3_load_sets(ygt_drg3 *g, const char *path, int options) {
  reader r = {g, ygt__malloc((g->nsets ? g->nsets : 1) * sizeof(named)), NULL, 0, 0, -1};
  if (!r.by_name) return YGT_ENOMEM;
  for (size_t i = 0; i < g->nsets; i++) r.by_name[i] = (named){g->sets[i].name, (int32_t)i};
  qsort(r.by_name, g->nsets, sizeof *r.by_name, by_name);
  int rc = read_sets(&r, path);
  if (!rc) rc = check_missing(g, path, options);
  if (!rc) rc = build_bits(g, r.rows, r.nrows);
  ygt__free(r.by_name);
  ygt__free(r.rows);
  return rc;
}
