/* CHS-DRG 3.0 configurations: loading the six sheets in order, freeing,
 * and read access to groups and dictionaries. */
#include "drg3_internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

void ygt_drg3_free(ygt_drg3 *g) {
  if (!g) return;
  ygt_codes_free(g->dx);
  ygt_codes_free(g->proc);
  for (int l = 0; l < 3; l++) {
    for (size_t i = 0; i < g->n[l]; i++) {
      ygt__free(g->g[l][i].code);
      ygt__free(g->g[l][i].name);
      ygt__free(g->g[l][i].text);
    }
    ygt__free(g->g[l]);
    ygt__free(g->order[l]);
  }
  for (size_t i = 0; i < g->nsets; i++) ygt__free(g->sets[i].name);
  for (size_t i = 0; i < g->ntables; i++) ygt__free(g->tables[i]);
  for (size_t i = 0; i < sizeof g->prov / sizeof g->prov[0]; i++) ygt__free(g->prov[i]);
  void *blocks[] = {g->nodes, g->sets, g->words, g->level, g->table, g->excl, g->tables};
  for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) ygt__free(blocks[i]);
  ygt__free(g);
}

/* Rules first (they give the sets their kinds), then sets, then CCs. */
static int load_all(ygt_drg3 *g, const char *const *paths, int options) {
  int rc = YGT_OK;
  if ((rc = ygt_codes_new(&g->dx, YGT_CODE_DIAGNOSIS)) || (rc = ygt_codes_new(&g->proc, YGT_CODE_PROCEDURE))) return rc;
  for (int level = 0; level < 3 && !rc; level++) rc = ygt__drg3_load_groups(g, level, paths[level]);
  if (!rc) rc = ygt__drg3_link(g, paths);
  if (!rc) rc = ygt__drg3_load_sets(g, paths[YGT_DRG3_SETS], options);
  if (!rc) rc = ygt__drg3_load_cc(g, paths[YGT_DRG3_CC], paths[YGT_DRG3_EXCLUSION]);
  if (!rc && paths[YGT_DRG3_PROVENANCE]) rc = ygt__drg3_load_provenance(g, paths[YGT_DRG3_PROVENANCE]);
  return rc;
}

/* texts: the sheets in memory, or NULL (read the files). */
static int load_new(ygt_drg3 **out, const char *const *paths, const ygt__drg3_text *texts, int options) {
  if (out) *out = NULL;
  if (!out || !paths) return ygt__error(YGT_EINVAL, "ygt_drg3_load_files: NULL argument");
  for (int i = 0; i < YGT_DRG3_CC; i++)
    if (!paths[i]) return ygt__error(YGT_EINVAL, "ygt_drg3_load_files: sheet %d has no path", i);
  if (options & ~YGT_DRG3_MISSING_SETS_EMPTY) return ygt__error(YGT_EINVAL, "ygt_drg3_load_files: unknown options %d", options);
  ygt_drg3 *g = ygt__calloc(1, sizeof *g);
  if (!g) return YGT_ENOMEM;
  g->texts = texts;
  int rc = load_all(g, paths, options);
  g->texts = NULL;
  if (rc) {
    ygt_drg3_free(g);
    return rc;
  }
  *out = g;
  return YGT_OK;
}

int ygt_drg3_load_files(ygt_drg3 **out, const char *const *paths, int options) {
  return load_new(out, paths, NULL, options);
}

int ygt__drg3_load_texts(ygt_drg3 **out, const ygt__drg3_text *texts, int options) {
  const char *names[YGT_DRG3_FILES];
  for (int i = 0; i < YGT_DRG3_FILES; i++) names[i] = texts && texts[i].data ? texts[i].source : NULL;
  return load_new(out, texts ? names : NULL, texts, options);
}

int ygt__drg3_open(const ygt_drg3 *g, ygt_table *t, const char *path) {
  for (int i = 0; g->texts && i < YGT_DRG3_FILES; i++)
    if (g->texts[i].data && strcmp(g->texts[i].source, path) == 0)
      return ygt__table_open_mem(t, path, g->texts[i].data, g->texts[i].len, 0);
  return ygt__table_open(t, path, 0);
}

/* dir/name.tsv, else dir/name.csv; NULL (optional sheets) when neither exists. */
static const char *sheet_path(char *buf, size_t cap, const char *dir, const char *name) {
  snprintf(buf, cap, "%s/%s.tsv", dir, name);
  if (access(buf, F_OK) == 0) return buf;
  snprintf(buf, cap, "%s/%s.csv", dir, name);
  return access(buf, F_OK) == 0 ? buf : NULL;
}

int ygt_drg3_load(ygt_drg3 **out, const char *dir, int options) {
  static const char *const names[YGT_DRG3_FILES] = {"mdc", "adrg", "drg", "sets", "cc", "exclusion", "provenance"};
  char buf[YGT_DRG3_FILES][4096];
  const char *paths[YGT_DRG3_FILES];
  if (out) *out = NULL;
  if (!out || !dir) return ygt__error(YGT_EINVAL, "ygt_drg3_load: NULL argument");
  for (int i = 0; i < YGT_DRG3_FILES; i++) {
    paths[i] = sheet_path(buf[i], sizeof buf[i], dir, names[i]);
    if (!paths[i] && i < YGT_DRG3_CC)
      return ygt__error_at(YGT_EIO, dir, 0, 0, "", "no %s.tsv or %s.csv in the directory", names[i], names[i]);
  }
  return ygt_drg3_load_files(out, paths, options);
}

const ygt_codes *ygt_drg3_codes(const ygt_drg3 *g, int kind) {
  return kind == YGT_CODE_DIAGNOSIS ? g->dx : kind == YGT_CODE_PROCEDURE ? g->proc : NULL;
}

size_t ygt_drg3_count(const ygt_drg3 *g, int level) { return level >= 1 && level <= 3 ? g->n[level - 1] : 0; }

static const d3_group *group_at(const ygt_drg3 *g, int level, int32_t id) {
  if (level < 1 || level > 3 || id < 0 || (size_t)id >= g->n[level - 1]) return NULL;
  return &g->g[level - 1][id];
}

const char *ygt_drg3_code(const ygt_drg3 *g, int level, int32_t id) {
  const d3_group *r = group_at(g, level, id);
  return r ? r->code : NULL;
}

const char *ygt_drg3_name(const ygt_drg3 *g, int level, int32_t id) {
  const d3_group *r = group_at(g, level, id);
  return r ? r->name : NULL;
}

int32_t ygt_drg3_find(const ygt_drg3 *g, int level, const char *code) {
  if (level < 1 || level > 3) return ygt__error(YGT_EINVAL, "ygt_drg3_find: level %d is not 1, 2 or 3", level);
  for (size_t i = 0; code && i < g->n[level - 1]; i++)
    if (strcmp(g->g[level - 1][i].code, code) == 0) return (int32_t)i;
  return YGT_ENOTFOUND;
}

const char *ygt_drg3_provenance(const ygt_drg3 *g, const char *key) {
  int k = key ? ygt__drg3_provenance_key(key) : -1;
  return k >= 0 ? g->prov[k] : NULL;
}

size_t ygt_drg3_missing_set_count(const ygt_drg3 *g) { return g->missing; }

size_t ygt_drg3_node_count(const ygt_drg3 *g) { return g->nnodes; }
