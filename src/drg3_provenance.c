/* The provenance table of a CHS-DRG 3.0 configuration (key, value): which
 * workbook the sheets were exported from, so that a result can be traced to
 * the file (its SHA-256) that produced it. */
#include "drg3_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

static const char *const keys[] = {"name", "version", "workbook", "sha256", "imported", NULL};

int ygt__drg3_provenance_key(const char *key) {
  for (int i = 0; keys[i]; i++)
    if (strcmp(keys[i], key) == 0) return i;
  return -1;
}

static int read_pair(ygt_drg3 *g, const ygt_table *t, const int *col) {
  const char *key = ygt__table_field(t, col[0]);
  int k = ygt__drg3_provenance_key(key);
  if (k < 0) return ygt__table_error(t, col[0], YGT_EPARSE, "unknown key '%s'", key);
  if (g->prov[k]) return ygt__table_error(t, col[0], YGT_EEXISTS, "key %s given twice", key);
  return (g->prov[k] = ygt__strdup(ygt__table_field(t, col[1]))) ? YGT_OK : YGT_ENOMEM;
}

int ygt__drg3_load_provenance(ygt_drg3 *g, const char *path) {
  static const d3_colname cols[] = {{"key", 0}, {"value", 1}, {NULL, 0}};
  const d3_colname *const lists[] = {cols, NULL};
  ygt_table t;
  int col[2], rc = ygt__drg3_open(g, &t, path);
  if (rc) return rc;
  rc = ygt__drg3_columns(&t, lists, 2, col);
  if (!rc) rc = ygt__drg3_need(&t, col, 0, "key");
  if (!rc) rc = ygt__drg3_need(&t, col, 1, "value");
  while (!rc && (rc = ygt__table_next(&t)) == 1) rc = read_pair(g, &t, col);
  ygt__table_close(&t);
  return rc;
}
