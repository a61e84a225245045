/* DRG versions side by side: the periods table, its checks (no overlap, no
 * gap) and the groupers it names (include/yigongti/drg_versions.h). */
#include "drg_versions_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

#define OPEN_END 99991231

enum { C_FROM, C_TO, C_GROUPER, C_N };

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* The day after d (YYYYMMDD). */
static int32_t next_day(int32_t d) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  int last = days[m - 1] + (m == 2 && is_leap(y));
  if (day < last) return d + 1;
  return m < 12 ? y * 10000 + (m + 1) * 100 + 1 : (y + 1) * 10000 + 101;
}

static int read_date(const ygt_table *t, int col, int open_ok, int32_t *out) {
  const char *v = ygt__table_field(t, col);
  if (!v[0] && open_ok) return *out = OPEN_END, YGT_OK;
  if ((*out = ygt__parse_date(v)) < 0)
    return ygt__table_error(t, col, YGT_EPARSE, "not a date (YYYY-MM-DD): '%.40s'", v);
  return YGT_OK;
}

/* The directory of the table joined with a relative grouper path. */
static char *grouper_path(const char *table, const char *dir) {
  const char *slash = strrchr(table, '/');
  size_t base = dir[0] == '/' || !slash ? 0 : (size_t)(slash - table) + 1;
  char *p = ygt__malloc(base + strlen(dir) + 1);
  if (p) {
    memcpy(p, table, base);
    strcpy(p + base, dir);
  }
  return p;
}

static int file_exists(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "r");
  if (f) fclose(f);
  return f != NULL;
}

/* A directory with mdc_dx.tsv is a rule pack, any other a 3.0 configuration. */
static int load_grouper(ygt__drg_period *p, const char *table, int options) {
  char *dir = grouper_path(table, p->grouper);
  if (!dir) return YGT_ENOMEM;
  int rc = file_exists(dir, "mdc_dx.tsv") ? ygt_drg_pack_load(&p->pack, dir) : ygt_drg3_load(&p->drg3, dir, options);
  ygt__free(dir);
  return rc;
}

static int read_row(ygt_drg_versions *v, const ygt_table *t, const int *col, int options) {
  int rc = ygt__grow((void **)&v->p, &v->cap, v->n + 1, sizeof *v->p);
  if (rc) return rc;
  ygt__drg_period *p = &v->p[v->n];
  memset(p, 0, sizeof *p);
  p->line = t->line;
  if ((rc = read_date(t, col[C_FROM], 0, &p->from)) || (rc = read_date(t, col[C_TO], 1, &p->to))) return rc;
  if (p->to < p->from) return ygt__table_error(t, col[C_TO], YGT_EVALIDATE, "the period ends before it starts");
  const char *g = ygt__table_field(t, col[C_GROUPER]);
  if (!g[0]) return ygt__table_error(t, col[C_GROUPER], YGT_EPARSE, "missing (required)");
  if (!(p->grouper = ygt__strdup(g))) return YGT_ENOMEM;
  v->n++; /* counted now so that a failure frees what was set */
  return load_grouper(p, t->source, options);
}

static int by_from(const void *a, const void *b) {
  const ygt__drg_period *x = a, *y = b;
  return (x->from > y->from) - (x->from < y->from);
}

/* Sorted by from, each period must start the day after the previous ends. */
static int check_cover(ygt_drg_versions *v, const char *path) {
  if (v->n == 0) return ygt__error_at(YGT_EVALIDATE, path, 0, 0, "from", "the table lists no period");
  qsort(v->p, v->n, sizeof *v->p, by_from);
  for (size_t i = 1; i < v->n; i++) {
    const ygt__drg_period *a = &v->p[i - 1], *b = &v->p[i];
    if (b->from <= a->to)
      return ygt__error_at(YGT_EVALIDATE, path, b->line, 0, "from", "the period from %d overlaps the period of line %d "
                           "(%d to %d)", (int)b->from, a->line, (int)a->from, (int)a->to);
    if (a->to == OPEN_END || b->from != next_day(a->to))
      return ygt__error_at(YGT_EVALIDATE, path, b->line, 0, "from", "a gap: the period of line %d ends on %d, this one "
                           "starts on %d", a->line, (int)a->to, (int)b->from);
  }
  return YGT_OK;
}

static int read_all(ygt_drg_versions *v, const char *path, int options) {
  static const char *const header[] = {"from", "to", "grouper", NULL};
  ygt_table t;
  int col[C_N], rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  if (!(rc = ygt__table_columns(&t, header, col)))
    while ((rc = ygt__table_next(&t)) == 1)
      if ((rc = read_row(v, &t, col, options))) break;
  ygt__table_close(&t);
  return rc ? rc : check_cover(v, path);
}

int ygt_drg_versions_load(ygt_drg_versions **out, const char *path, int options) {
  if (out) *out = NULL;
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_drg_versions_load: NULL argument");
  ygt_drg_versions *v = ygt__calloc(1, sizeof *v);
  if (!v) return YGT_ENOMEM;
  int rc = read_all(v, path, options);
  if (rc) {
    ygt_drg_versions_free(v);
    return rc;
  }
  *out = v;
  return YGT_OK;
}

void ygt_drg_versions_free(ygt_drg_versions *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) {
    ygt__free(v->p[i].grouper);
    ygt_drg_pack_free(v->p[i].pack);
    ygt_drg3_free(v->p[i].drg3);
  }
  ygt__free(v->p);
  ygt__free(v);
}
