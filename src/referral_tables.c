/* Catalogue and reimbursement tables of a referral rule set, and the code
 * sets and reimbursement rows that the JSON loader shares with them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "referral_internal.h"
#include "table_internal.h"

int ygt__rf_codeset(ygt_codeset **out, const ygt_referral_rules *r, const char *spec, const char *source,
                    int line, int column, const char *field) {
  int rc = ygt_codeset_parse(out, r->codes, spec);
  if (rc) {
    char msg[300];
    snprintf(msg, sizeof msg, "%s", ygt_error_last()->message);
    return ygt__error_at(rc, source, line, column, field, "code set '%.60s': %s", spec, msg);
  }
  if (ygt_codeset_count(*out) == 0) {
    ygt_codeset_free(*out);
    *out = NULL;
    return ygt__error_at(YGT_EVALIDATE, source, line, column, field,
                         "code set '%.60s' names no known code of the dictionary", spec);
  }
  return 0;
}

int ygt__rf_add_reimbursement(ygt_referral_rules *r, int tier, int insurance, int setting, int64_t fen,
                              double ratio, const char *source, int line, const char *where) {
  char id[96], origin[1200];
  snprintf(id, sizeof id, "reimbursement:%s:%s:%s", ygt_tier_name(tier), ygt_insurance_name(insurance),
           ygt__rf_setting_names[setting]);
  if (fen < 0)
    return ygt__error_at(YGT_ERANGE, source, line, 0, where, "deductible must not be negative");
  if (!(ratio >= 0 && ratio <= 1))
    return ygt__error_at(YGT_ERANGE, source, line, 0, where, "ratio %g is outside 0 .. 1", ratio);
  int32_t prev = r->reimb[tier][insurance][setting];
  if (prev >= 0)
    return ygt__error_at(YGT_EEXISTS, source, line, 0, where, "%s is given twice (first at %s)", id,
                         r->rules[prev].origin);
  if (line > 0) snprintf(origin, sizeof origin, "%s:%d", source, line);
  else snprintf(origin, sizeof origin, "%s: %s", source, where);
  int32_t k = ygt__rf_add_rule(r, YGT_RULE_REIMBURSEMENT, id, origin);
  if (k < 0) return k;
  rf_rule *u = &r->rules[k];
  u->tier = tier;
  u->insurance = insurance;
  u->setting = setting;
  u->deductible = fen;
  u->ratio_ppm = llround(ratio * RF_PPM);
  r->reimb[tier][insurance][setting] = k;
  return 0;
}

typedef int (*enum_parse_fn)(int *out, const char *name);

static int field_enum(const ygt_table *t, int col, enum_parse_fn parse, const char *what, int *out) {
  const char *v = ygt__table_field(t, col);
  if (parse(out, v)) return ygt__table_error(t, col, YGT_EPARSE, "unknown %s '%.40s'", what, v);
  return 0;
}

static int tier_parse(int *out, const char *name) { return ygt_tier_from_name(out, name); }
static int insurance_parse(int *out, const char *name) { return ygt_insurance_from_name(out, name); }

static int catalogue_row(ygt_referral_rules *r, const ygt_table *t, const int *col, const char *display) {
  int tier, setting;
  int rc = field_enum(t, col[0], tier_parse, "tier", &tier);
  if (!rc) rc = field_enum(t, col[1], ygt_setting_from_name, "setting", &setting);
  if (rc) return rc;
  char id[1300], origin[1200];
  const char *given = ygt__table_field(t, col[3]);
  snprintf(origin, sizeof origin, "%s:%d", display, t->line);
  snprintf(id, sizeof id, "%s", given[0] ? given : origin);
  for (size_t i = 0; i < r->nrules; i++)
    if (strcmp(r->rules[i].id, id) == 0)
      return ygt__table_error(t, col[3], YGT_EEXISTS, "rule id '%.60s' is used twice", id);
  int32_t k = ygt__rf_add_rule(r, YGT_RULE_CATALOGUE, id, origin);
  if (k < 0) return k;
  rf_rule *u = &r->rules[k];
  u->tier = tier;
  u->setting = setting;
  return ygt__rf_codeset(&u->codes, r, ygt__table_field(t, col[2]), display, t->line, col[2] + 1, "codes");
}

int ygt__rf_load_catalogue_table(ygt_referral_rules *r, const char *path, const char *display) {
  static const char *const names[] = {"tier", "setting", "codes", "?id", "?note", NULL};
  ygt_table t;
  int col[5];
  int rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  rc = ygt__table_columns(&t, names, col);
  while (!rc && (rc = ygt__table_next(&t)) == 1) rc = catalogue_row(r, &t, col, display);
  ygt__table_close(&t);
  return rc;
}

static int reimbursement_row(ygt_referral_rules *r, const ygt_table *t, const int *col, const char *display) {
  int tier, ins, setting;
  int64_t fen;
  double ratio;
  int rc = field_enum(t, col[0], tier_parse, "tier", &tier);
  if (!rc) rc = field_enum(t, col[1], insurance_parse, "insurance type", &ins);
  if (!rc) rc = field_enum(t, col[2], ygt_setting_from_name, "setting", &setting);
  if (rc) return rc;
  if ((rc = ygt__parse_fen(ygt__table_field(t, col[3]), &fen)))
    return ygt__table_error(t, col[3], rc, "not an amount in yuan with at most two decimals: '%.40s'",
                            ygt__table_field(t, col[3]));
  if ((rc = ygt__parse_double(ygt__table_field(t, col[4]), &ratio)))
    return ygt__table_error(t, col[4], rc, "not a number: '%.40s'", ygt__table_field(t, col[4]));
  if (fen < 0) return ygt__table_error(t, col[3], YGT_ERANGE, "deductible must not be negative");
  if (!(ratio >= 0 && ratio <= 1)) return ygt__table_error(t, col[4], YGT_ERANGE, "ratio %g is outside 0 .. 1", ratio);
  return ygt__rf_add_reimbursement(r, tier, ins, setting, fen, ratio, display, t->line, "tier");
}

int ygt__rf_load_reimbursement_table(ygt_referral_rules *r, const char *path, const char *display) {
  static const char *const names[] = {"tier", "insurance", "setting", "deductible_yuan", "ratio", "?note", NULL};
  ygt_table t;
  int col[6];
  int rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  rc = ygt__table_columns(&t, names, col);
  while (!rc && (rc = ygt__table_next(&t)) == 1) rc = reimbursement_row(r, &t, col, display);
  ygt__table_close(&t);
  return rc;
}
