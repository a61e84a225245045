/* Reading the MDC, ADRG and DRG sheets of a CHS-DRG 3.0 workbook export,
 * compiling their rules, and ordering them by (parent, sort, row). */
#include "drg3_internal.h"

#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

enum role { R_CODE, R_NAME, R_SORT, R_RULE, R_PARENT, R_MDC, R_ROW, R_N };

/* Header names of each sheet and their roles: the transcription's English
 * names and the workbook's Chinese ones (编码 / 名称 / 规则 / 所属 / 排序). */
static const d3_colname common[] = {{"name", R_NAME}, {"名称", R_NAME}, {"sort", R_SORT}, {"排序", R_SORT},
                                    {"rule", R_RULE}, {"规则", R_RULE}, {"source_row", R_ROW}, {"编码", R_CODE},
                                    {"所属", R_PARENT}, {NULL, 0}};
static const d3_colname level_cols[3][4] = {
  {{"mdc", R_CODE}, {NULL, 0}},
  {{"adrg", R_CODE}, {"mdc", R_PARENT}, {NULL, 0}},
  {{"drg", R_CODE}, {"adrg", R_PARENT}, {"mdc", R_MDC}, {NULL, 0}},
};
static const char *const level_names[3] = {"MDC", "ADRG", "DRG"};

static int role_of(const d3_colname *const *lists, const char *name) {
  for (int l = 0; lists[l]; l++)
    for (int i = 0; lists[l][i].name; i++)
      if (strcmp(lists[l][i].name, name) == 0) return lists[l][i].role;
  return -1;
}

int ygt__drg3_columns(const ygt_table *t, const d3_colname *const *lists, int nroles, int *col) {
  for (int r = 0; r < nroles; r++) col[r] = -1;
  for (size_t i = 0; i < t->nheader; i++) {
    int r = role_of(lists, t->header[i]);
    if (r < 0) return ygt__error_at(YGT_EPARSE, t->source, t->line, (int)i + 1, t->header[i], "unknown column");
    if (col[r] >= 0) return ygt__error_at(YGT_EPARSE, t->source, t->line, (int)i + 1, t->header[i], "repeats a column");
    col[r] = ygt__table_column(t, t->header[i]); /* claims it for the table's own unknown-column check */
  }
  return YGT_OK;
}

int ygt__drg3_need(const ygt_table *t, const int *col, int role, const char *name) {
  return col[role] >= 0 ? YGT_OK : ygt__error_at(YGT_EPARSE, t->source, t->line, 0, "", "missing column %s", name);
}

static int map_columns(const ygt_table *t, int level, int col[R_N]) {
  const d3_colname *const lists[] = {level_cols[level], common, NULL};
  int rc = ygt__drg3_columns(t, lists, R_N, col);
  const char *parent = level ? level_cols[level][1].name : NULL;
  if (!rc) rc = ygt__drg3_need(t, col, R_CODE, level_cols[level][0].name);
  if (!rc) rc = ygt__drg3_need(t, col, R_NAME, "name");
  if (!rc) rc = ygt__drg3_need(t, col, R_SORT, "sort");
  if (!rc) rc = ygt__drg3_need(t, col, R_RULE, "rule");
  if (!rc && parent) rc = ygt__drg3_need(t, col, R_PARENT, parent);
  return rc;
}

static int32_t find_code(const ygt_drg3 *g, int level, const char *code) {
  for (size_t i = 0; i < g->n[level]; i++)
    if (strcmp(g->g[level][i].code, code) == 0) return (int32_t)i;
  return -1;
}

static int read_int_field(const ygt_table *t, int col, int32_t *out) {
  int64_t v;
  if (ygt__parse_int64(ygt__table_field(t, col), &v) || v < 0 || v > INT32_MAX)
    return ygt__table_error(t, col, YGT_EPARSE, "expected a whole number >= 0, not '%s'", ygt__table_field(t, col));
  *out = (int32_t)v;
  return YGT_OK;
}

/* The parent id of a row; the DRG sheet's optional mdc must be its ADRG's. */
static int read_parent(const ygt_drg3 *g, const ygt_table *t, int level, const int col[R_N], int32_t *out) {
  const char *code = ygt__table_field(t, col[R_PARENT]);
  *out = -1;
  if (level == 0)
    return code[0] ? ygt__table_error(t, col[R_PARENT], YGT_EPARSE, "an MDC has no parent") : YGT_OK;
  if ((*out = find_code(g, level - 1, code)) < 0)
    return ygt__table_error(t, col[R_PARENT], YGT_ENOTFOUND, "no %s '%s'", level_names[level - 1], code);
  if (col[R_MDC] < 0) return YGT_OK;
  const char *mdc = ygt__table_field(t, col[R_MDC]);
  const char *want = g->g[0][g->g[1][*out].parent].code;
  if (strcmp(mdc, want) != 0)
    return ygt__table_error(t, col[R_MDC], YGT_EVALIDATE, "ADRG %s belongs to %s, not '%s'", code, want, mdc);
  return YGT_OK;
}

static int compile_rule(ygt_drg3 *g, const ygt_table *t, int col, const char *code, d3_rule *rule) {
  d3_perr err;
  const char *text = ygt__table_field(t, col);
  int rc = ygt__drg3_compile(g, text, rule, &err);
  if (rc == YGT_EPARSE)
    return ygt__table_error(t, col, rc, "rule of %s: at character %zu: %s", code, ygt__drg3_column(text, err.pos),
                            err.msg);
  return rc ? ygt__table_error(t, col, rc, "rule of %s: %s", code, err.msg) : YGT_OK;
}

static int read_row(ygt_drg3 *g, const ygt_table *t, int level, const int col[R_N]) {
  const char *code = ygt__table_field(t, col[R_CODE]);
  d3_group row = {0};
  int32_t source_row; /* checked, informational */
  int rc;
  if (!code[0]) return ygt__table_error(t, col[R_CODE], YGT_EPARSE, "empty code");
  if (find_code(g, level, code) >= 0) return ygt__table_error(t, col[R_CODE], YGT_EEXISTS, "%s %s defined twice", level_names[level], code);
  if ((rc = read_int_field(t, col[R_SORT], &row.sort)) || (col[R_ROW] >= 0 && (rc = read_int_field(t, col[R_ROW], &source_row))))
    return rc;
  if ((rc = read_parent(g, t, level, col, &row.parent)) || (rc = compile_rule(g, t, col[R_RULE], code, &row.rule))) return rc;
  if (ygt__grow((void **)&g->g[level], &g->cap[level], g->n[level] + 1, sizeof row)) return YGT_ENOMEM;
  row.row = t->line;
  row.code = ygt__strdup(code);
  row.name = ygt__strdup(ygt__table_field(t, col[R_NAME]));
  row.text = ygt__strdup(ygt__table_field(t, col[R_RULE]));
  g->g[level][g->n[level]++] = row; /* freed with g even when a copy failed */
  return row.code && row.name && row.text ? YGT_OK : YGT_ENOMEM;
}

int ygt__drg3_load_groups(ygt_drg3 *g, int level, const char *path) {
  ygt_table t;
  int col[R_N], rc = ygt__drg3_open(g, &t, path);
  if (rc) return rc;
  rc = map_columns(&t, level, col);
  while (!rc && (rc = ygt__table_next(&t)) == 1) rc = read_row(g, &t, level, col);
  if (!rc && g->n[level] == 0) rc = ygt__error_at(YGT_EVALIDATE, path, 0, 0, "", "no %s rows", level_names[level]);
  if (!rc && g->n[level] > INT32_MAX) rc = ygt__error_at(YGT_ELIMIT, path, 0, 0, "", "too many rows");
  ygt__table_close(&t);
  return rc;
}

/* ---- ordering ---- */

typedef struct sortkey {
  int32_t parent, sort, row, id;
} sortkey;

static int by_key(const void *x, const void *y) {
  const sortkey *a = x, *b = y;
  if (a->parent != b->parent) return a->parent < b->parent ? -1 : 1;
  if (a->sort != b->sort) return a->sort < b->sort ? -1 : 1;
  return (a->row > b->row) - (a->row < b->row);
}

/* order[level]: the ids by (parent, sort, row); each parent's first and n. */
static int order_level(ygt_drg3 *g, int level, const char *parent_path) {
  size_t n = g->n[level];
  sortkey *k = ygt__malloc(n * sizeof *k);
  if (!k || !(g->order[level] = ygt__malloc(n * sizeof *g->order[level]))) return (ygt__free(k), YGT_ENOMEM);
  for (size_t i = 0; i < n; i++) {
    const d3_group *r = &g->g[level][i];
    k[i] = (sortkey){r->parent, r->sort, r->row, (int32_t)i};
  }
  qsort(k, n, sizeof *k, by_key);
  for (size_t i = n; i-- > 0;) {
    g->order[level][i] = k[i].id;
    if (level == 0) continue;
    d3_group *p = &g->g[level - 1][k[i].parent];
    p->first = (int32_t)i;
    p->n++;
  }
  ygt__free(k);
  for (size_t i = 0; level > 0 && i < g->n[level - 1]; i++)
    if (g->g[level - 1][i].n == 0)
      return ygt__error_at(YGT_EVALIDATE, parent_path, g->g[level - 1][i].row, 0, "", "%s %s has no %s rows",
                           level_names[level - 1], g->g[level - 1][i].code, level_names[level]);
  return YGT_OK;
}

int ygt__drg3_link(ygt_drg3 *g, const char *const paths[3]) {
  int rc = YGT_OK;
  for (int level = 0; level < 3 && !rc; level++) rc = order_level(g, level, level ? paths[level - 1] : "");
  return rc;
}
