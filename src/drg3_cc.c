/* Reading the CC and 排除表 (exclusion) sheets of a CHS-DRG 3.0 workbook
 * export: each CC row gives a diagnosis its level (MCC or CC) and an
 * exclusion table; each exclusion row lists a principal diagnosis under
 * which the CCs of that table do not count. */
#include "drg3_internal.h"

#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

enum { C_CODE, C_LEVEL, C_TABLE, C_NAME, C_N };

static const d3_colname cc_cols[] = {{"code", C_CODE}, {"编码", C_CODE}, {"level", C_LEVEL}, {"类型", C_LEVEL},
                                     {"exclusion", C_TABLE}, {"排除表", C_TABLE}, {"name", C_NAME},
                                     {"名称", C_NAME}, {NULL, 0}};
static const d3_colname ex_cols[] = {{"table", C_TABLE}, {"排除表", C_TABLE}, {"code", C_CODE}, {"编码", C_CODE},
                                     {"name", C_NAME}, {"名称", C_NAME}, {NULL, 0}};

typedef struct ccrow {
  int32_t id, table;
  uint8_t level;
} ccrow;

typedef struct ccload {
  ygt_drg3 *g;
  ccrow *cc;
  size_t ncc, cc_cap, excl_cap;
} ccload;

/* The id of an exclusion table name, interned on first use; -1 for "". */
static int table_id(ygt_drg3 *g, const char *name, int32_t *out) {
  *out = -1;
  if (!name[0]) return YGT_OK;
  for (size_t i = g->ntables; i-- > 0;)
    if (strcmp(g->tables[i], name) == 0) return (*out = (int32_t)i, YGT_OK);
  if (g->ntables >= INT32_MAX) return ygt__error(YGT_ELIMIT, "too many exclusion tables");
  if (ygt__grow((void **)&g->tables, &g->tables_cap, g->ntables + 1, sizeof *g->tables)) return YGT_ENOMEM;
  if (!(g->tables[g->ntables] = ygt__strdup(name))) return YGT_ENOMEM;
  *out = (int32_t)g->ntables++;
  return YGT_OK;
}

static int read_level(const ygt_table *t, int col, uint8_t *level) {
  const char *v = ygt__table_field(t, col);
  *level = strcmp(v, "MCC") == 0 ? D3_SEV_MCC : strcmp(v, "CC") == 0 ? D3_SEV_CC : 0;
  return *level ? YGT_OK : ygt__table_error(t, col, YGT_EPARSE, "expected MCC or CC, not '%s'", v);
}

static int read_cc(ccload *l, const ygt_table *t, const int *col) {
  ccrow row;
  int rc = ygt__drg3_code_id(l->g->dx, t, col[C_CODE], ygt__table_field(t, col[C_NAME]), &row.id);
  if (!rc) rc = read_level(t, col[C_LEVEL], &row.level);
  if (!rc) rc = table_id(l->g, col[C_TABLE] >= 0 ? ygt__table_field(t, col[C_TABLE]) : "", &row.table);
  if (rc) return rc;
  for (size_t i = 0; i < l->ncc; i++)
    if (l->cc[i].id == row.id) return ygt__table_error(t, col[C_CODE], YGT_EEXISTS, "code listed twice");
  if (ygt__grow((void **)&l->cc, &l->cc_cap, l->ncc + 1, sizeof row)) return YGT_ENOMEM;
  l->cc[l->ncc++] = row;
  return YGT_OK;
}

static int read_excl(ccload *l, const ygt_table *t, const int *col) {
  ygt_drg3 *g = l->g;
  int32_t id, table;
  if (!ygt__table_field(t, col[C_TABLE])[0]) return ygt__table_error(t, col[C_TABLE], YGT_EPARSE, "empty table name");
  int rc = ygt__drg3_code_id(g->dx, t, col[C_CODE], ygt__table_field(t, col[C_NAME]), &id);
  if (!rc) rc = table_id(g, ygt__table_field(t, col[C_TABLE]), &table);
  if (rc) return rc;
  if (ygt__grow((void **)&g->excl, &l->excl_cap, g->nexcl + 1, sizeof *g->excl)) return YGT_ENOMEM;
  g->excl[g->nexcl++] = (uint64_t)(uint32_t)table << 32 | (uint32_t)id;
  return YGT_OK;
}

/* Reads one sheet with its columns; `ex` selects the exclusion sheet. */
static int read_sheet(ccload *l, const char *path, int ex) {
  ygt_table t;
  int col[C_N], rc = ygt__drg3_open(l->g, &t, path);
  if (rc) return rc;
  const d3_colname *const lists[] = {ex ? ex_cols : cc_cols, NULL};
  rc = ygt__drg3_columns(&t, lists, C_N, col);
  if (!rc) rc = ygt__drg3_need(&t, col, C_CODE, "code");
  if (!rc) rc = ygt__drg3_need(&t, col, ex ? C_TABLE : C_LEVEL, ex ? "table" : "level");
  while (!rc && (rc = ygt__table_next(&t)) == 1) rc = ex ? read_excl(l, &t, col) : read_cc(l, &t, col);
  ygt__table_close(&t);
  return rc;
}

static int by_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return (a > b) - (a < b);
}

/* Per-diagnosis level and table, sized after every code is known. */
static int fill(ygt_drg3 *g, const ccload *l) {
  size_t n = ygt_codes_count(g->dx);
  if (!(g->level = ygt__calloc(n ? n : 1, 1)) || !(g->table = ygt__malloc((n ? n : 1) * sizeof *g->table)))
    return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) g->table[i] = -1;
  for (size_t i = 0; i < l->ncc; i++) {
    g->level[l->cc[i].id] = l->cc[i].level;
    g->table[l->cc[i].id] = l->cc[i].table;
  }
  if (g->nexcl) qsort(g->excl, g->nexcl, sizeof *g->excl, by_u64); /* excl is NULL without the sheet */
  return YGT_OK;
}

int ygt__drg3_load_cc(ygt_drg3 *g, const char *cc, const char *exclusion) {
  ccload l = {g, NULL, 0, 0, 0};
  int rc = cc ? read_sheet(&l, cc, 0) : YGT_OK;
  if (!rc && exclusion) rc = read_sheet(&l, exclusion, 1);
  if (!rc) rc = fill(g, &l);
  ygt__free(l.cc);
  return rc;
}
