/* Case batches: 入院病情 (present on admission) per diagnosis -- the
 * `adm_cond` columns (4101 diseinfo.adm_cond_type, 病案首页 RYBQ, RYBQ1 ...,
 * 入院病情 ...) stored as one digit per diagnosis, the principal's first,
 * '|'-separated, parallel to pdx and sdx.  Stored only: no grouping rule
 * reads it. */
#include "cases_internal.h"

#include <string.h>

#include "error_internal.h"
#include "table_internal.h"
#include "value_forms_internal.h"

/* The code (1 有, 2 临床未确定, 3 情况不明, 4 无) of one spelling; 0 for none. */
static char adm_cond_code(const char *s, size_t len) {
  static const char *const words[] = {"有", "临床未确定", "情况不明", "无"};
  char buf[64], item[64];
  if (len == 0 || len >= sizeof item) return 0;
  memcpy(item, s, len);
  item[len] = '\0';
  const char *v = ygt__fold_wide(item, buf, sizeof buf);
  if (v[0] >= '1' && v[0] <= '4' && !v[1]) return v[0];
  for (int i = 0; i < 4; i++)
    if (strcmp(v, words[i]) == 0) return (char)('1' + i);
  return 0;
}

enum { MAX_FLAGS = 128 };

typedef struct flags {
  char code[MAX_FLAGS];
  size_t n;
} flags;

/* Adds the '|'-separated flags of one field; 0, or the bad item's offset + 1. */
static size_t add_flags(flags *f, const char *p) {
  for (const char *q = p; *q;) {
    size_t len = strcspn(q, "|");
    char code = adm_cond_code(q, len);
    if (!code || f->n == MAX_FLAGS) return (size_t)(q - p) + 1;
    f->code[f->n++] = code;
    q += len + (q[len] == '|');
  }
  return 0;
}

/* The diagnoses of the row: the principal (when given, known or not) and the secondary ones. */
static size_t diagnoses(const ygt_cases *c, size_t row) {
  size_t n;
  ygt__cases_list(c, YGT_CASE_SDX, row, &n);
  return n + (ygt__cases_pdx(c, row) != YGT_CASES_NO_CODE);
}

int ygt__cases_read_adm_cond(ygt_cases *c, const ygt_table *t, size_t row, int first) {
  flags f = {{0}, 0};
  for (size_t i = first < 0 ? t->nheader : (size_t)first; i < t->nheader; i++) {
    const char *v = ygt__table_field(t, (int)i);
    size_t bad = strcmp(t->header[i], "adm_cond") == 0 ? add_flags(&f, v) : 0;
    if (bad)
      return ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED,
                                "%s:%d: adm_cond: not 1-4 or 有/临床未确定/情况不明/无: '%.40s'", t->source, t->line,
                                v + bad - 1);
  }
  if (f.n == 0) return YGT_OK;
  size_t want = diagnoses(c, row);
  if (f.n != want)
    return ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED, "%s:%d: adm_cond: %zu flags for %zu diagnoses (pdx and sdx)",
                              t->source, t->line, f.n, want);
  char text[2 * MAX_FLAGS];
  for (size_t i = 0; i < f.n; i++) {
    text[2 * i] = f.code[i];
    text[2 * i + 1] = i + 1 < f.n ? '|' : '\0';
  }
  return ygt_cases_set_string(c, row, YGT_CASE_ADM_COND, text);
}
