/* A small world for the payment-method tests (test_drgpay.c,
 * test_points.c, test_capitation.c): a model of three hospitals (三甲 H3,
 * 二甲 H2, 一级 H1) and a batch builder for settlement fields only. */
#ifndef YGT_PAY_FIXTURE_H
#define YGT_PAY_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

enum { PF_H3 = 0, PF_H2 = 1, PF_H1 = 2 };

static inline int pf_model(ygt_model **out) {
  ygt_model_builder *b;
  int rc = ygt_model_builder_new(&b);
  if (rc) return rc;
  rc = ygt_model_builder_set_locality(b, "330226", "宁海县");
  if (!rc) rc = ygt_model_builder_add_institution(b, "H3", "县第一医院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL,
                                                  YGT_LEVEL_3A, 800, 0, NULL);
  if (!rc) rc = ygt_model_builder_add_institution(b, "H2", "县中医院", YGT_TIER_COUNTY, YGT_KIND_TCM_HOSPITAL,
                                                  YGT_LEVEL_2A, 300, 0, NULL);
  if (!rc) rc = ygt_model_builder_add_institution(b, "H1", "镇卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_TOWNSHIP,
                                                  YGT_LEVEL_1, 50, 0, NULL);
  /* community C1 (H3 lead); grids G1 (H1: 3000 employee, 7000 resident) and
   * G2 (H1: 1000, 2000); teams T1 (H1, 1200 signed) and T2 (H1, 800) */
  if (!rc) rc = ygt_model_builder_add_community(b, "C1", "宁海医共体", YGT_COMMUNITY_COMPREHENSIVE);
  if (!rc) rc = ygt_model_builder_add_member(b, "C1", "H3", YGT_ROLE_LEAD);
  if (!rc) rc = ygt_model_builder_add_member(b, "C1", "H2", YGT_ROLE_MEMBER);
  if (!rc) rc = ygt_model_builder_add_member(b, "C1", "H1", YGT_ROLE_MEMBER);
  if (!rc) rc = ygt_model_builder_add_grid(b, "G1", "东片", "C1", "H1", 12000, 3000, 7000);
  if (!rc) rc = ygt_model_builder_add_grid(b, "G2", "西片", "C1", "H1", 4000, 1000, 2000);
  if (!rc) rc = ygt_model_builder_add_team(b, "T1", "一组", "H1", 1200);
  if (!rc) rc = ygt_model_builder_add_team(b, "T2", "二组", "H1", 800);
  if (!rc) rc = ygt_model_build(out, b);
  ygt_model_builder_free(b);
  return rc;
}

/* One stay: institution, insurance, discharge YYYYMMDD, length of stay,
 * leaving type, total cost, self-paid, first self-paid, deductible (fen). */
typedef struct pf_case {
  int32_t inst, ins, date, los, leaving;
  int64_t cost, self, first, deductible;
} pf_case;

static inline int pf_add(ygt_cases *c, const pf_case *k) {
  size_t r;
  int rc = ygt_cases_append(c, &r);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_INSTITUTION, k->inst);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_INSURANCE, k->ins);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_DISCHARGE_DATE, k->date ? k->date : 20240315);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_LOS_DAYS, k->los ? k->los : 7);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_LEAVING_TYPE, k->leaving ? k->leaving : 1);
  if (!rc) rc = ygt_cases_set_int64(c, r, YGT_CASE_TOTAL_COST, k->cost);
  if (!rc && k->self) rc = ygt_cases_set_int64(c, r, YGT_CASE_SELF_PAID, k->self);
  if (!rc && k->first) rc = ygt_cases_set_int64(c, r, YGT_CASE_FIRST_SELF_PAID, k->first);
  if (!rc && k->deductible) rc = ygt_cases_set_int64(c, r, YGT_CASE_DEDUCTIBLE, k->deductible);
  return rc;
}

/* The model and the (empty) dictionaries batches need. */
typedef struct pf_world {
  ygt_model *model;
  ygt_codes *dx, *proc;
} pf_world;

static inline int pf_open(pf_world *w) {
  memset(w, 0, sizeof *w);
  int rc = pf_model(&w->model);
  if (!rc) rc = ygt_codes_new(&w->dx, YGT_CODE_DIAGNOSIS);
  if (!rc) rc = ygt_codes_new(&w->proc, YGT_CODE_PROCEDURE);
  return rc;
}

static inline void pf_close(pf_world *w) {
  ygt_model_free(w->model);
  ygt_codes_free(w->dx);
  ygt_codes_free(w->proc);
}

/* A batch of the given stays, in the order of idx (NULL: as listed). */
static inline int pf_cases(ygt_cases **out, const pf_world *w, const pf_case *k, size_t n, const size_t *idx) {
  int rc = ygt_cases_new(out, w->dx, w->proc, n);
  for (size_t i = 0; !rc && i < n; i++) rc = pf_add(*out, &k[idx ? idx[i] : i]);
  return rc;
}

/* Writes '|'-separated rows as a temporary TSV file; path[256]. */
static inline const char *pf_tsv(char *path, const char *text) {
  char *s = strdup(text);
  for (char *p = s; *p; p++)
    if (*p == '|') *p = '\t';
  const char *r = testutil_write_temp(path, 256, ".tsv", s);
  free(s);
  return r;
}

/* Every total of two accumulators, cell by cell, is the same. */
static inline int pf_accum_equal(const ygt_settle_accum *a, const ygt_settle_accum *b) {
  size_t n = ygt_settle_accum_institutions(a);
  for (int f = 0; f < 16; f++)
    for (int32_t i = 0; i <= (int32_t)n; i++)
      for (int s = 0; s < 3; s++)
        for (int m = 0; m <= 12; m++) {
          int64_t x = -1, y = -2;
          if (ygt_settle_accum_total(&x, a, f, i, s, m) || ygt_settle_accum_total(&y, b, f, i, s, m) || x != y)
            return 0;
        }
  return 1;
}

/* A malformed table and the error it must give (cmocka must be included
 * before this header to use pf_check_bad()). */
typedef struct pf_bad {
  const char *text;
  int code, line;
  const char *field, *fragment;
} pf_bad;

typedef int (*pf_loader)(void **out, const char *path);

/* Every case fails with its code, line, field and message fragment, names
 * the file, returns no object and leaks nothing. */
#ifdef fail_msg
static inline void pf_check_bad(const pf_bad *cases, size_t n, pf_loader load) {
  for (size_t i = 0; i < n; i++) {
    char path[256];
    assert_non_null(pf_tsv(path, cases[i].text));
    void *obj = (void *)1;
    long blocks = (long)ygt_allocated_blocks();
    int rc = load(&obj, path);
    const ygt_error *e = ygt_error_last();
    if (rc != cases[i].code || !strstr(e->message, cases[i].fragment) || e->line != cases[i].line ||
        strcmp(e->field, cases[i].field) != 0 || strcmp(e->source, path) != 0)
      fail_msg("case %zu: rc %d, line %d, field '%s', message '%s'", i, rc, e->line, e->field, e->message);
    assert_null(obj);
    assert_int_equal((long)ygt_allocated_blocks(), blocks);
    unlink(path);
  }
}
#endif

#endif
