/* The long lists of a model bundle: institutions, grids and teams as
 * TSV/CSV tables (doc/formats/model.md).  Field syntax is checked here, with
 * the file, line, column and field of the offending value; the record is
 * then added to the builder with its origin so that later rules can name
 * the line too. */
#include <stdio.h>
#include <string.h>

#include "error_internal.h"
#include "model_internal.h"
#include "table_internal.h"

#define MAX_COLUMNS 8

typedef int (*row_fn)(ygt_model_builder *b, const ygt_table *t, const int *col, const ygt__origin *at);

static int load_table(ygt_model_builder *b, const char *path, const char *const *names, row_fn fn) {
  int src = ygt__mb_source(b, path);
  if (src < 0) return src;
  ygt_table t;
  int rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  int col[MAX_COLUMNS];
  rc = ygt__table_columns(&t, names, col);
  while (rc == 0) {
    int more = ygt__table_next(&t);
    if (more <= 0) { rc = more; break; }
    ygt__origin at = {src, t.line, NULL};
    rc = fn(b, &t, col, &at);
  }
  ygt__table_close(&t);
  return rc;
}

/* Field `c` must not be empty. */
static int required(const ygt_table *t, int c, const char **out) {
  *out = ygt__table_field(t, c);
  if ((*out)[0] == '\0') return ygt__table_error(t, c, YGT_EPARSE, "empty value");
  return 0;
}

/* Lists the names of enumeration `e` into buf, for "expected ..." messages. */
static const char *expected(ygt__enum_id e, char *buf, size_t cap) {
  size_t n = 0;
  buf[0] = '\0';
  for (int i = 0; i < ygt__enum_count(e) && n < cap; i++)
    n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", ygt__enum_name(e, i));
  return buf;
}

static int parse_enum(const ygt_table *t, int c, ygt__enum_id e, const char *text, const char *what, int *out) {
  if (ygt__enum_parse(e, text, out) == 0) return 0;
  char buf[256];
  return ygt__table_error(t, c, YGT_EPARSE, "unknown %s '%s' (expected %s)", what, text, expected(e, buf, sizeof buf));
}

/* An optional enumeration column: empty gives `dflt`. */
static int field_enum(const ygt_table *t, int c, ygt__enum_id e, const char *what, int dflt, int *out) {
  const char *s = ygt__table_field(t, c);
  *out = dflt;
  return s[0] ? parse_enum(t, c, e, s, what, out) : 0;
}

/* An integer column; empty is 0 unless `need`. */
static int field_int(const ygt_table *t, int c, int need, int64_t *out) {
  const char *s = ygt__table_field(t, c);
  *out = 0;
  if (s[0] == '\0') return need ? ygt__table_error(t, c, YGT_EPARSE, "empty value") : 0;
  int rc = ygt__parse_int64(s, out);
  if (rc == YGT_ERANGE) return ygt__table_error(t, c, rc, "integer '%s' out of range", s);
  if (rc) return ygt__table_error(t, c, rc, "not an integer: '%s'", s);
  return 0;
}

/* "chest_pain; stroke" (';' or ',' between names) to a mask. */
static int field_designations(const ygt_table *t, int c, uint32_t *out) {
  char buf[512];
  const char *s = ygt__table_field(t, c);
  *out = 0;
  if (strlen(s) >= sizeof buf) return ygt__table_error(t, c, YGT_EPARSE, "designation list too long");
  memcpy(buf, s, strlen(s) + 1);
  for (char *p = buf; *p;) {
    size_t n = strcspn(p, ";,");
    char *next = p + n + (p[n] != '\0');
    p[n] = '\0';
    while (*p == ' ') p++;
    for (size_t k = strlen(p); k > 0 && p[k - 1] == ' '; k--) p[k - 1] = '\0';
    if (*p) {
      int d = 0;
      if (parse_enum(t, c, YGT__ENUM_DESIGNATION, p, "designation", &d)) return YGT_EPARSE;
      *out |= 1u << d;
    }
    p = next;
  }
  return 0;
}

/* ---- institutions ------------------------------------------------------ */

enum { I_CODE, I_NAME, I_TIER, I_KIND, I_LEVEL, I_BEDS, I_DESIG, I_PARENT };
static const char *const inst_columns[] = {"code", "name", "tier", "kind", "?level", "?beds",
                                           "?designations", "?parent", NULL};

static int inst_row(ygt_model_builder *b, const ygt_table *t, const int *col, const ygt__origin *at) {
  mb_inst r = {0};
  const char *code, *name, *tier, *kind;
  int rc = required(t, col[I_CODE], &code);
  if (!rc) rc = required(t, col[I_NAME], &name);
  if (!rc) rc = required(t, col[I_TIER], &tier);
  if (!rc) rc = required(t, col[I_KIND], &kind);
  if (!rc) rc = parse_enum(t, col[I_TIER], YGT__ENUM_TIER, tier, "tier", &r.tier);
  if (!rc) rc = parse_enum(t, col[I_KIND], YGT__ENUM_KIND, kind, "institution kind", &r.kind);
  if (!rc) rc = field_enum(t, col[I_LEVEL], YGT__ENUM_LEVEL, "hospital level", YGT_LEVEL_UNRATED, &r.level);
  if (!rc) rc = field_int(t, col[I_BEDS], 0, &r.beds);
  if (!rc) rc = field_designations(t, col[I_DESIG], &r.designations);
  if (rc) return rc;
  r.code = (char *)code;
  r.name = (char *)name;
  r.parent = (char *)ygt__table_field(t, col[I_PARENT]);
  return ygt__mb_add_institution(b, &r, at);
}

int ygt__model_load_institutions(ygt_model_builder *b, const char *path) {
  return load_table(b, path, inst_columns, inst_row);
}

/* ---- grids ------------------------------------------------------------- */

enum { G_CODE, G_NAME, G_COMMUNITY, G_TOWNSHIP, G_POPULATION, G_EMPLOYEE, G_RESIDENT };
static const char *const grid_columns[] = {"code", "name", "community", "?township", "population",
                                           "?employee_insured", "?resident_insured", NULL};

static int grid_row(ygt_model_builder *b, const ygt_table *t, const int *col, const ygt__origin *at) {
  mb_grid r = {0};
  const char *code, *name, *community;
  int rc = required(t, col[G_CODE], &code);
  if (!rc) rc = required(t, col[G_NAME], &name);
  if (!rc) rc = required(t, col[G_COMMUNITY], &community);
  if (!rc) rc = field_int(t, col[G_POPULATION], 1, &r.population);
  if (!rc) rc = field_int(t, col[G_EMPLOYEE], 0, &r.insured[YGT_INSURANCE_EMPLOYEE]);
  if (!rc) rc = field_int(t, col[G_RESIDENT], 0, &r.insured[YGT_INSURANCE_RESIDENT]);
  if (rc) return rc;
  r.code = (char *)code;
  r.name = (char *)name;
  r.community = (char *)community;
  r.township = (char *)ygt__table_field(t, col[G_TOWNSHIP]);
  return ygt__mb_add_grid(b, &r, at);
}

int ygt__model_load_grids(ygt_model_builder *b, const char *path) {
  return load_table(b, path, grid_columns, grid_row);
}

/* ---- teams ------------------------------------------------------------- */

enum { T_CODE, T_NAME, T_INSTITUTION, T_SIGNED };
static const char *const team_columns[] = {"code", "?name", "institution", "signed", NULL};

static int team_row(ygt_model_builder *b, const ygt_table *t, const int *col, const ygt__origin *at) {
  mb_team r = {0};
  const char *code, *institution;
  int rc = required(t, col[T_CODE], &code);
  if (!rc) rc = required(t, col[T_INSTITUTION], &institution);
  if (!rc) rc = field_int(t, col[T_SIGNED], 1, &r.signed_residents);
  if (rc) return rc;
  r.code = (char *)code;
  r.name = (char *)ygt__table_field(t, col[T_NAME]);
  r.institution = (char *)institution;
  return ygt__mb_add_team(b, &r, at);
}

int ygt__model_load_teams(ygt_model_builder *b, const char *path) {
  return load_table(b, path, team_columns, team_row);
}
