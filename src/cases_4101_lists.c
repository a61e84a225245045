/* The settlement-list reader: a record's lists (diseinfo, oprninfo,
 * icuinfo, payinfo, iteminfo) into case fields (doc/formats/exports.md). */
#include "cases_4101_internal.h"

#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"
#include "value_forms_internal.h"

enum { TEXT_CAP = 256 };

/* The array at key (NULL when absent or null); an object entry check is per entry. */
static int list_of(const json_t *record, const char *key, const ygt__4101_at *at, const json_t **out) {
  const json_t *v = json_object_get(record, key);
  *out = NULL;
  if (!v || json_is_null(v)) return YGT_OK;
  if (!json_is_array(v))
    return ygt__error_at(YGT_EPARSE, at->source, at->line, 0, "", "record %zu: %s: not an array", at->index + 1, key);
  *out = v;
  return YGT_OK;
}

/* Entry i of a list: an object with known keys; its text at key. */
static int entry(const json_t *list, size_t i, const char *part, const ygt__4101_at *at, char *path,
                 const json_t **out) {
  snprintf(path, 64, "%s[%zu]", part, i);
  *out = json_array_get(list, i);
  if (!json_is_object(*out))
    return ygt__error_at(YGT_EPARSE, at->source, at->line, 0, "", "record %zu: %s: not an object", at->index + 1,
                         path);
  return ygt__4101_check_keys(*out, part, at, path);
}

static int text_at(const json_t *obj, const char *key, char *out, const ygt__4101_at *at, const char *path) {
  const json_t *v = json_object_get(obj, key);
  if (!v) return out[0] = '\0', YGT_OK;
  return ygt__4101_text(v, out, TEXT_CAP, at, path, key);
}

/* Appends code to a '|'-separated list in buf (a growable string). */
static int add_code(char **buf, size_t *len, size_t *cap, const char *code) {
  size_t n = strlen(code);
  if (ygt__grow((void **)buf, cap, *len + n + 2, 1)) return YGT_ENOMEM;
  if (*len) (*buf)[(*len)++] = '|';
  memcpy(*buf + *len, code, n + 1);
  *len += n;
  return YGT_OK;
}

typedef struct codes_acc {
  char first[TEXT_CAP];
  char *rest;
  size_t len, cap;
} codes_acc;

/* One code into the principal slot or the others; a second principal is a problem. */
static int take_code(codes_acc *a, const char *code, int principal, ygt__4101_row *r, const ygt__4101_at *at,
                     const char *path, const char *what) {
  if (strchr(code, '|')) return ygt__4101_problem(r, at, path, "'|' inside a code"), YGT_OK;
  if (!code[0]) return ygt__4101_problem(r, at, path, "no code"), YGT_OK;
  if (principal && !a->first[0]) return snprintf(a->first, sizeof a->first, "%s", code), YGT_OK;
  if (principal) ygt__4101_problem(r, at, path, what);
  return add_code(&a->rest, &a->len, &a->cap, code);
}

static int flush_codes(codes_acc *a, ygt__4101_row *r, const char *first, const char *rest) {
  int rc = a->first[0] ? ygt__4101_set(r, first, a->first) : YGT_OK;
  if (!rc && a->len) rc = ygt__4101_set(r, rest, a->rest);
  ygt__free(a->rest);
  return rc;
}

/* 入院病情 of the diagnoses taken: the principal's first, then the others'
 * in order, '|'-separated (cases_adm_cond.c checks them against the codes). */
static int flush_adm_cond(codes_acc *f, ygt__4101_row *r) {
  char *both = NULL;
  size_t len = 0, cap = 0;
  int rc = f->first[0] ? add_code(&both, &len, &cap, f->first) : YGT_OK;
  if (!rc && f->len) rc = add_code(&both, &len, &cap, f->rest);
  if (!rc && len) rc = ygt__4101_set(r, "adm_cond", both);
  ygt__free(both);
  ygt__free(f->rest);
  return rc;
}

/* The flag of a diagnosis into the principal's slot or the others', as take_code placed its code. */
static int take_flag(codes_acc *f, const codes_acc *a, int was_first, size_t was_len, const char *flag) {
  if (!flag[0] || strchr(flag, '|')) return YGT_OK; /* the count check reports it */
  if (!was_first && a->first[0]) return snprintf(f->first, sizeof f->first, "%s", flag), YGT_OK;
  return a->len != was_len ? add_code(&f->rest, &f->len, &f->cap, flag) : YGT_OK;
}

/* diseinfo: western diagnoses (diag_type 1 or none) only; TCM ones (2, 3) are not ICD-10 codes. */
static int diagnoses(const json_t *record, ygt__4101_row *r, const ygt__4101_at *at) {
  const json_t *list, *e;
  codes_acc a = {{0}, NULL, 0, 0}, f = {{0}, NULL, 0, 0};
  int rc = list_of(record, "diseinfo", at, &list);
  char path[64], type[TEXT_CAP], flag[TEXT_CAP], code[TEXT_CAP], cond[TEXT_CAP];
  for (size_t i = 0; !rc && list && i < json_array_size(list); i++) {
    if ((rc = entry(list, i, "diseinfo", at, path, &e)) || (rc = text_at(e, "diag_type", type, at, path)) ||
        (rc = text_at(e, "maindiag_flag", flag, at, path)) || (rc = text_at(e, "diag_code", code, at, path)) ||
        (rc = text_at(e, "adm_cond_type", cond, at, path)))
      break;
    if (type[0] && strcmp(type, "1") != 0) continue;
    int was_first = a.first[0] != 0;
    size_t was_len = a.len;
    rc = take_code(&a, code, strcmp(flag, "1") == 0, r, at, path, "a second diagnosis with maindiag_flag 1");
    if (!rc) rc = take_flag(&f, &a, was_first, was_len, cond);
  }
  if (!rc && list && !a.first[0] && a.len) ygt__4101_problem(r, at, "diseinfo", "no diagnosis with maindiag_flag 1");
  if (rc) ygt__free(f.rest);
  else rc = flush_adm_cond(&f, r);
  if (rc) { ygt__free(a.rest); return rc; }
  return flush_codes(&a, r, "pdx", "sdx");
}

/* oprninfo: the principal procedure is the one with main_oprn_flag 1, else the first. */
static int procedures(const json_t *record, ygt__4101_row *r, const ygt__4101_at *at) {
  const json_t *list, *e;
  codes_acc a = {{0}, NULL, 0, 0};
  int rc = list_of(record, "oprninfo", at, &list), flagged = 0;
  char path[64], flag[TEXT_CAP], code[TEXT_CAP];
  for (size_t i = 0; !rc && list && i < json_array_size(list); i++)
    if (!(rc = entry(list, i, "oprninfo", at, path, &e)) && !(rc = text_at(e, "main_oprn_flag", flag, at, path)))
      flagged |= strcmp(flag, "1") == 0;
  for (size_t i = 0; !rc && list && i < json_array_size(list); i++) {
    e = json_array_get(list, i);
    snprintf(path, sizeof path, "oprninfo[%zu]", i);
    if ((rc = text_at(e, "main_oprn_flag", flag, at, path)) || (rc = text_at(e, "oprn_oprt_code", code, at, path)))
      break;
    int principal = flagged ? strcmp(flag, "1") == 0 : i == 0;
    rc = take_code(&a, code, principal, r, at, path, "a second procedure with main_oprn_flag 1");
  }
  if (rc) { ygt__free(a.rest); return rc; }
  if (!a.first[0] && a.len) ygt__4101_problem(r, at, "oprninfo", "no principal procedure");
  return flush_codes(&a, r, "pproc", "other_procs");
}

static int in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return 1;
  return 0;
}

/* Every entry of a list is an object with known keys, read or not. */
static int check_list(const json_t *record, const char *part, const ygt__4101_at *at) {
  const json_t *list, *e;
  char path[64];
  int rc = list_of(record, part, at, &list);
  for (size_t i = 0; !rc && list && i < json_array_size(list); i++) rc = entry(list, i, part, at, path, &e);
  return rc;
}

/* The sum of the amounts at key of a list's entries (when `type_key` is
 * given, only entries whose type is one of `types`) into field; a bad amount
 * goes into the field as it is, for the case reader to report. */
static int amounts(const json_t *record, const char *part, const char *key, const char *type_key,
                   const char *const *types, ygt__4101_row *r, const ygt__4101_at *at, const char *field) {
  const json_t *list, *e;
  int rc = list_of(record, part, at, &list);
  int64_t sum = 0;
  char path[64], v[TEXT_CAP], type[TEXT_CAP], buf[64];
  for (size_t i = 0; !rc && list && i < json_array_size(list); i++) {
    if ((rc = entry(list, i, part, at, path, &e)) || (rc = text_at(e, key, v, at, path))) return rc;
    if (type_key && ((rc = text_at(e, type_key, type, at, path)) || !in_list(types, type))) continue;
    int64_t fen;
    if (ygt__parse_fen(ygt__fold_wide(v, buf, sizeof buf), &fen) || fen < 0 || sum > INT64_MAX / 2 - fen)
      return ygt__4101_set(r, field, v);
    sum += fen;
  }
  if (rc || !list || !json_array_size(list)) return rc;
  snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(sum / 100), (long long)(sum % 100));
  return ygt__4101_set(r, field, buf);
}

/* icuinfo: the stays' scs_cutd_sum_dura (天/时/分) added up, as D/H/M. */
static int icu(const json_t *record, ygt__4101_row *r, const ygt__4101_at *at) {
  const json_t *list, *e;
  int rc = list_of(record, "icuinfo", at, &list);
  int64_t minutes = 0, m;
  char path[64], v[TEXT_CAP], buf[64];
  for (size_t i = 0; !rc && list && i < json_array_size(list); i++) {
    if ((rc = entry(list, i, "icuinfo", at, path, &e)) || (rc = text_at(e, "scs_cutd_sum_dura", v, at, path)))
      return rc;
    if (ygt__parse_duration(v, 1, &m) || m > INT32_MAX) return ygt__4101_set(r, "icu_hours", v);
    minutes += m;
  }
  if (rc || !list || !json_array_size(list)) return rc;
  snprintf(buf, sizeof buf, "%lld/%d/%d", (long long)(minutes / 1440), (int)(minutes / 60 % 24), (int)(minutes % 60));
  return ygt__4101_set(r, "icu_hours", buf);
}

/* The basic pooled funds of fund_pay_type: 310100 (职工), 390100 (居民). */
static const char *const pooled[] = {"310100", "390100", NULL};

int ygt__4101_lists(const json_t *record, ygt__4101_row *r, const ygt__4101_at *at) {
  int rc = diagnoses(record, r, at);
  if (rc || (rc = procedures(record, r, at)) || (rc = icu(record, r, at)) ||
      (rc = check_list(record, "opspdiseinfo", at)) || (rc = check_list(record, "iteminfo", at)) ||
      (rc = check_list(record, "payinfo", at)))
    return rc;
  if (!rc && !ygt__4101_get(r, "total_cost")) rc = amounts(record, "iteminfo", "amt", NULL, NULL, r, at, "total_cost");
  if (!rc && !ygt__4101_get(r, "self_paid"))
    rc = amounts(record, "iteminfo", "fulamt_ownpay_amt", NULL, NULL, r, at, "self_paid");
  if (!rc && !ygt__4101_get(r, "fund_paid"))
    rc = amounts(record, "payinfo", "fund_payamt", "fund_pay_type", pooled, r, at, "fund_paid");
  return rc;
}
