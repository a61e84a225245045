/* ygt_encounters_load: an encounter table (doc/formats/score.md) resolved
 * against a model into columns owned by the batch. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "labels_internal.h"
#include "score_internal.h"
#include "table_internal.h"

enum { C_INST, C_GRID, C_PERIOD, C_SETTING, C_INS, C_REF, C_COST, C_FUND, C_COUNT };

static const char *const header[] = {"institution", "grid", "period", "setting", "?insurance",
                                     "?referral", "?cost", "?fund", "?count", NULL};

typedef struct enc_cols {
  int32_t *inst, *grid, *period;
  int8_t *setting, *ins, *ref;
  int64_t *cost, *fund, *count;
  size_t n, cap;
} enc_cols;

static void cols_free(enc_cols *c) {
  void *p[] = {c->inst, c->grid, c->period, c->setting, c->ins, c->ref, c->cost, c->fund, c->count};
  for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) ygt__free(p[i]);
}

/* Makes room for one more row in every column (all share one capacity). */
static int cols_reserve(enc_cols *c) {
  if (c->n < c->cap) return 0;
  void **arr[] = {(void **)&c->inst, (void **)&c->grid, (void **)&c->period, (void **)&c->setting,
                  (void **)&c->ins, (void **)&c->ref, (void **)&c->cost, (void **)&c->fund,
                  (void **)&c->count};
  size_t width[] = {4, 4, 4, 1, 1, 1, 8, 8, 8};
  size_t want = c->cap ? c->cap * 2 : 1024;
  for (size_t i = 0; i < 9; i++) {
    void *p = ygt__realloc(*arr[i], want * width[i]);
    if (!p) return YGT_ENOMEM;
    *arr[i] = p;
  }
  c->cap = want;
  return 0;
}

static int parse_enum(const ygt_table *t, int col, const char *const *names, int dflt, int8_t *out) {
  const char *s = ygt__table_field(t, col);
  if (col < 0 || !s[0]) {
    *out = (int8_t)dflt;
    return 0;
  }
  int v = ygt__name_index(names, s);
  if (v < 0) return ygt__table_error(t, col, YGT_EPARSE, "unknown value '%s'", s);
  *out = (int8_t)v;
  return 0;
}

/* Cost and fund of encounters are >= 0: a negative one would reach the
 * indicators (cost growth) and the budget as if care had been refunded. */
static int parse_money(const ygt_table *t, int col, int64_t *out) {
  const char *s = ygt__table_field(t, col);
  *out = 0;
  if (col < 0 || !s[0]) return 0;
  int rc = ygt__parse_fen(s, out);
  if (rc) return ygt__table_error(t, col, rc, "'%s' is not an amount in yuan with at most two decimals", s);
  return *out < 0 ? ygt__table_error(t, col, YGT_ERANGE, "'%s' is negative: an amount must be >= 0", s) : 0;
}

/* Setting and insurance through the table of accepted spellings (labels.c). */
static int parse_label(const ygt_table *t, int col, int set, int8_t *out) {
  const char *s = ygt__table_field(t, col);
  int v;
  if (ygt__label_find(set, s, &v) != YGT_OK)
    return ygt__table_error(t, col, YGT_EPARSE, "unknown %s '%s' (see doc/formats/labels.md)", ygt_label_set_name(set), s);
  *out = (int8_t)v;
  return 0;
}

/* Empty or "unknown" is an encounter of no known insurance type (-1). */
static int parse_insurance(const ygt_table *t, int col, int8_t *out) {
  const char *s = ygt__table_field(t, col);
  *out = -1;
  if (col < 0 || !s[0] || strcmp(s, "unknown") == 0) return 0;
  return parse_label(t, col, YGT_LABELS_INSURANCE, out);
}

static int parse_codes(const ygt_table *t, const int *idx, const ygt_model *m, enc_cols *c) {
  const char *inst = ygt__table_field(t, idx[C_INST]);
  int32_t i = ygt_model_institution_find(m, inst);
  if (i < 0) return ygt__table_error(t, idx[C_INST], YGT_ENOTFOUND, "unknown institution '%s'", inst);
  const char *grid = ygt__table_field(t, idx[C_GRID]);
  int32_t g = -1;
  if (grid[0] && strcmp(grid, "-") != 0) {
    g = ygt_model_grid_find(m, grid);
    if (g < 0) return ygt__table_error(t, idx[C_GRID], YGT_ENOTFOUND, "unknown grid '%s'", grid);
  }
  c->inst[c->n] = i;
  c->grid[c->n] = g;
  return 0;
}

static int parse_row(const ygt_table *t, const int *idx, const ygt_model *m, enc_cols *c) {
  int64_t v;
  int rc = cols_reserve(c);
  if (!rc) rc = parse_codes(t, idx, m, c);
  if (rc) return rc;
  const char *s = ygt__table_field(t, idx[C_PERIOD]);
  if (ygt__parse_int64(s, &v) || v < INT32_MIN || v > INT32_MAX)
    return ygt__table_error(t, idx[C_PERIOD], YGT_EPARSE, "'%s' is not a period (an integer such as 2023)", s);
  c->period[c->n] = (int32_t)v;
  rc = parse_label(t, idx[C_SETTING], YGT_LABELS_SETTING, &c->setting[c->n]);
  if (!rc) rc = parse_insurance(t, idx[C_INS], &c->ins[c->n]);
  if (!rc) rc = parse_enum(t, idx[C_REF], ygt__referral_names, 0, &c->ref[c->n]);
  if (!rc) rc = parse_money(t, idx[C_COST], &c->cost[c->n]);
  if (!rc) rc = parse_money(t, idx[C_FUND], &c->fund[c->n]);
  if (rc) return rc;
  c->count[c->n] = 1;
  s = ygt__table_field(t, idx[C_COUNT]);
  if (idx[C_COUNT] >= 0 && s[0] && (ygt__parse_int64(s, &c->count[c->n]) || c->count[c->n] < 0))
    return ygt__table_error(t, idx[C_COUNT], YGT_EPARSE, "'%s' is not a count >= 0", s);
  c->n++;
  return 0;
}

static int read_rows(ygt_table *t, const ygt_model *m, enc_cols *c) {
  int idx[9];
  int rc = ygt__table_columns(t, header, idx);
  while (!rc && (rc = ygt__table_next(t)) == 1) rc = parse_row(t, idx, m, c);
  return rc;
}

static int to_batch(ygt_encounters **out, enc_cols *c) {
  int rc = ygt_encounters_new(out);
  if (rc) return rc;
  void *p[] = {c->inst, c->grid, c->period, c->setting, c->ins, c->ref, c->cost, c->fund, c->count};
  for (int i = 0; i < SC_COLUMNS; i++) (*out)->cols[i] = (*out)->owned[i] = p[i];
  (*out)->n = c->n;
  return 0;
}

int ygt_encounters_load(ygt_encounters **out, const ygt_model *model, const char *path) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_encounters_load: out is NULL");
  *out = NULL;
  if (!model || !path) return ygt__error(YGT_EINVAL, "ygt_encounters_load: NULL argument");
  ygt_table t;
  enc_cols c = {0};
  int rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  rc = read_rows(&t, model, &c);
  ygt__table_close(&t);
  if (!rc) rc = cols_reserve(&c); /* an empty table still gets (empty) owned columns */
  if (!rc) rc = to_batch(out, &c);
  if (rc) cols_free(&c);
  return rc;
}
