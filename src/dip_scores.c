/* DIP score tables: the local scores and standard costs of a catalogue's
 * groups, keyed by group code, in a file of their own (the DIP 3.0 workbook
 * publishes no scores; doc/formats/dip-catalogue.md). */
#include "dip_load_internal.h"

static const char *const score_header[] = {"group", "?name", "rw", "std_cost", "?std_cost_1", "?std_cost_2",
                                           "?std_cost_3", NULL};
static const int score_keys[] = {K_GROUP, K_NAME, K_RW, K_STD, K_STD1, K_STD2, K_STD3};

static int read_row(ygt__dip_loader *ld) {
  ygt_dip_catalog *cat = ld->cat;
  const char *code = ygt__dl_field(ld, K_GROUP);
  int32_t g = ygt_dip_catalog_group_find(cat, code);
  if (g < 0)
    return ygt__table_error(ld->t, ld->idx[K_GROUP], YGT_ENOTFOUND, "group '%.40s' is not in the catalogue %s",
                            code, cat->source);
  if (cat->groups[g].scored)
    return ygt__table_error(ld->t, ld->idx[K_GROUP], YGT_EEXISTS, "group '%.40s' is scored twice", code);
  return ygt__dl_read_scores(ld, &cat->groups[g]);
}

/* Every group needs its score. */
static int check_all(const ygt_dip_catalog *cat, const char *path) {
  for (size_t i = 0; i < cat->ngroups; i++)
    if (!cat->groups[i].scored)
      return ygt__error_at(YGT_EPARSE, path, 0, 0, "group", "group %s (catalogue line %d) has no row",
                           cat->groups[i].code, cat->groups[i].line);
  return YGT_OK;
}

int ygt__dip_scores_read(ygt_dip_catalog *cat, const char *path) {
  ygt_table t;
  int cols[7], idx[K_N];
  int rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  ygt__dip_loader ld = {cat, &t, idx, NULL, 0, 1};
  if (!(rc = ygt__table_columns(&t, score_header, cols))) {
    for (int k = 0; k < K_N; k++) idx[k] = -1;
    for (int i = 0; i < 7; i++) idx[score_keys[i]] = cols[i];
    while ((rc = ygt__table_next(&t)) == 1)
      if ((rc = read_row(&ld))) break;
  }
  ygt__table_close(&t);
  return rc ? rc : check_all(cat, path);
}
