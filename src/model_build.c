/* ygt_model_build: copies the builder's records into a new model, turns
 * codes into dense indices (reporting duplicates and unknown references),
 * then hands the model to the rules of model_validate.c.  The model is only
 * given to the caller once everything passed; otherwise it is freed whole. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "model_internal.h"

/* ---- code maps --------------------------------------------------------- */

static int cmp_entry(const void *a, const void *b) {
  const ygt__code_entry *x = a, *y = b;
  int c = strcmp(x->code, y->code);
  if (c) return c;
  return (x->index > y->index) - (x->index < y->index);
}

void ygt__code_index_sort(ygt__code_entry *e, size_t n) {
  if (n > 1) qsort(e, n, sizeof *e, cmp_entry);
}

int32_t ygt__code_index_duplicate(const ygt__code_entry *e, size_t n, int32_t *first) {
  int32_t dup = -1;
  for (size_t i = 1; i < n; i++) {
    if (strcmp(e[i - 1].code, e[i].code) != 0) continue;
    if (dup < 0 || e[i].index < dup) {
      dup = e[i].index;
      *first = e[i - 1].index;
    }
  }
  return dup;
}

int32_t ygt__code_index_find(const ygt__code_entry *e, size_t n, const char *code) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(e[mid].code, code);
    if (c == 0) return e[mid].index;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* Where a table of records keeps its codes and origins: model records
 * (code at code_off) and the builder records they came from (origin at at_off). */
typedef struct index_spec {
  const void *records;
  size_t stride, code_off;
  const void *brecords;
  size_t bstride, at_off;
  const char *what;
} index_spec;

static const char *spec_code(const index_spec *s, size_t i) {
  return *(char *const *)(const void *)((const char *)s->records + i * s->stride + s->code_off);
}

static const ygt__origin *spec_origin(const index_spec *s, size_t i) {
  return (const ygt__origin *)(const void *)((const char *)s->brecords + i * s->bstride + s->at_off);
}

/* Builds the code map of `n` records and reports a duplicate code at the
 * builder record of its second definition. */
static int make_index(ygt__code_entry **out, size_t n, const index_spec *s, const ygt_model_builder *b) {
  ygt__code_entry *e = ygt__calloc(n ? n : 1, sizeof *e);
  if (!e) return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    e[i].code = spec_code(s, i);
    e[i].index = (int32_t)i;
  }
  ygt__code_index_sort(e, n);
  *out = e;
  int32_t orig = 0, dup = ygt__code_index_duplicate(e, n, &orig);
  if (dup < 0) return YGT_OK;
  const ygt__origin *at = spec_origin(s, (size_t)dup), *at0 = spec_origin(s, (size_t)orig);
  if (at0->line > 0)
    return ygt__mb_fail(b, at, "code", YGT_EEXISTS, "%s '%s' is defined twice (first on line %d)", s->what,
                        spec_code(s, (size_t)dup), at0->line);
  return ygt__mb_fail(b, at, "code", YGT_EEXISTS, "%s '%s' is defined twice", s->what, spec_code(s, (size_t)dup));
}

/* ---- copying ----------------------------------------------------------- */

static int copy_str(char **dst, const char *s) {
  *dst = ygt__strdup(s ? s : "");
  return *dst ? YGT_OK : YGT_ENOMEM;
}

static int copy_institutions(ygt_model *m, const ygt_model_builder *b) {
  m->insts = ygt__calloc(b->ninsts ? b->ninsts : 1, sizeof *m->insts);
  if (!m->insts) return YGT_ENOMEM;
  m->ninsts = b->ninsts;
  for (size_t i = 0; i < b->ninsts; i++) {
    const mb_inst *r = &b->insts[i];
    m_inst *x = &m->insts[i];
    x->tier = r->tier; x->kind = r->kind; x->level = r->level;
    x->beds = r->beds; x->designations = r->designations;
    x->parent = -1; x->comprehensive = -1;
    if (copy_str(&x->code, r->code) || copy_str(&x->name, r->name)) return YGT_ENOMEM;
  }
  index_spec spec = {m->insts, sizeof *m->insts, offsetof(m_inst, code),
                     b->insts, sizeof *b->insts, offsetof(mb_inst, at), "institution"};
  return make_index(&m->inst_index, m->ninsts, &spec, b);
}

static int resolve_inst(const ygt_model *m, const ygt_model_builder *b, const ygt__origin *at,
                        const char *field, const char *code, const char *whose, int32_t *out) {
  *out = ygt__code_index_find(m->inst_index, m->ninsts, code);
  if (*out >= 0) return YGT_OK;
  return ygt__mb_fail(b, at, field, YGT_ENOTFOUND, "%s: institution '%s' not found", whose, code);
}

static int resolve_parents(ygt_model *m, const ygt_model_builder *b) {
  for (size_t i = 0; i < b->ninsts; i++) {
    const mb_inst *r = &b->insts[i];
    if (!r->parent) continue;
    char whose[160];
    snprintf(whose, sizeof whose, "parent of '%s'", r->code);
    int rc = resolve_inst(m, b, &r->at, "parent", r->parent, whose, &m->insts[i].parent);
    if (rc) return rc;
  }
  return YGT_OK;
}

static int copy_communities(ygt_model *m, const ygt_model_builder *b) {
  m->comms = ygt__calloc(b->ncomms ? b->ncomms : 1, sizeof *m->comms);
  if (!m->comms) return YGT_ENOMEM;
  m->ncomms = b->ncomms;
  for (size_t i = 0; i < b->ncomms; i++) {
    m->comms[i].kind = b->comms[i].kind;
    m->comms[i].lead = -1;
    if (copy_str(&m->comms[i].code, b->comms[i].code) || copy_str(&m->comms[i].name, b->comms[i].name))
      return YGT_ENOMEM;
  }
  index_spec spec = {m->comms, sizeof *m->comms, offsetof(m_comm, code),
                     b->comms, sizeof *b->comms, offsetof(mb_comm, at), "community"};
  return make_index(&m->comm_index, m->ncomms, &spec, b);
}

/* ---- memberships ------------------------------------------------------- */

static int cmp_by_community(const void *a, const void *b) {
  const m_member *x = a, *y = b;
  if (x->community != y->community) return x->community < y->community ? -1 : 1;
  if (x->institution != y->institution) return x->institution < y->institution ? -1 : 1;
  return (x->src > y->src) - (x->src < y->src);
}

static int cmp_by_institution(const void *a, const void *b) {
  const m_member *x = a, *y = b;
  if (x->institution != y->institution) return x->institution < y->institution ? -1 : 1;
  return (x->community > y->community) - (x->community < y->community);
}

static int resolve_member(const ygt_model *m, const ygt_model_builder *b, size_t i, m_member *out) {
  const mb_member *r = &b->members[i];
  out->src = (int32_t)i;
  out->role = r->role;
  out->community = ygt__code_index_find(m->comm_index, m->ncomms, r->community);
  if (out->community < 0)
    return ygt__mb_fail(b, &r->at, "community", YGT_ENOTFOUND, "community '%s' not found", r->community);
  char whose[160];
  snprintf(whose, sizeof whose, "member of '%s'", r->community);
  return resolve_inst(m, b, &r->at, "institution", r->institution, whose, &out->institution);
}

/* The first (in builder order) institution listed twice in one community. */
static int check_member_duplicates(const ygt_model *m, const ygt_model_builder *b) {
  int32_t dup = -1;
  for (size_t i = 1; i < m->nmembers; i++) {
    const m_member *p = &m->members[i - 1], *q = &m->members[i];
    if (p->community == q->community && p->institution == q->institution && (dup < 0 || q->src < dup))
      dup = q->src;
  }
  if (dup < 0) return YGT_OK;
  const mb_member *r = &b->members[dup];
  return ygt__mb_fail(b, &r->at, "institution", YGT_EEXISTS, "institution '%s' is listed twice in community '%s'",
                      r->institution, r->community);
}

static void link_members(ygt_model *m) {
  for (size_t i = 0; i < m->nmembers; i++) {
    m_comm *c = &m->comms[m->members[i].community];
    if (c->nmembers++ == 0) c->first_member = i;
  }
  memcpy(m->links, m->members, m->nmembers * sizeof *m->links);
  if (m->nmembers > 1) qsort(m->links, m->nmembers, sizeof *m->links, cmp_by_institution);
  for (size_t i = 0; i < m->nmembers; i++) {
    m_inst *x = &m->insts[m->links[i].institution];
    if (x->nlinks++ == 0) x->first_link = i;
  }
}

static int copy_members(ygt_model *m, const ygt_model_builder *b) {
  size_t n = b->nmembers;
  m->members = ygt__calloc(n ? n : 1, sizeof *m->members);
  m->links = ygt__calloc(n ? n : 1, sizeof *m->links);
  if (!m->members || !m->links) return YGT_ENOMEM;
  m->nmembers = n;
  for (size_t i = 0; i < n; i++) {
    int rc = resolve_member(m, b, i, &m->members[i]);
    if (rc) return rc;
  }
  if (n > 1) qsort(m->members, n, sizeof *m->members, cmp_by_community);
  int rc = check_member_duplicates(m, b);
  if (rc) return rc;
  link_members(m);
  return YGT_OK;
}

/* ---- grids and teams --------------------------------------------------- */

static int copy_grid(ygt_model *m, const ygt_model_builder *b, size_t i) {
  const mb_grid *r = &b->grids[i];
  m_grid *g = &m->grids[i];
  g->population = r->population;
  memcpy(g->insured, r->insured, sizeof g->insured);
  g->township = -1;
  if (copy_str(&g->code, r->code) || copy_str(&g->name, r->name)) return YGT_ENOMEM;
  g->community = ygt__code_index_find(m->comm_index, m->ncomms, r->community);
  if (g->community < 0)
    return ygt__mb_fail(b, &r->at, "community", YGT_ENOTFOUND, "grid '%s': community '%s' not found", r->code,
                        r->community);
  if (!r->township) return YGT_OK;
  char whose[160];
  snprintf(whose, sizeof whose, "township of grid '%s'", r->code);
  return resolve_inst(m, b, &r->at, "township", r->township, whose, &g->township);
}

static int copy_grids(ygt_model *m, const ygt_model_builder *b) {
  m->grids = ygt__calloc(b->ngrids ? b->ngrids : 1, sizeof *m->grids);
  if (!m->grids) return YGT_ENOMEM;
  m->ngrids = b->ngrids;
  for (size_t i = 0; i < b->ngrids; i++) {
    int rc = copy_grid(m, b, i);
    if (rc) return rc;
  }
  index_spec spec = {m->grids, sizeof *m->grids, offsetof(m_grid, code),
                     b->grids, sizeof *b->grids, offsetof(mb_grid, at), "grid"};
  return make_index(&m->grid_index, m->ngrids, &spec, b);
}

static int copy_teams(ygt_model *m, const ygt_model_builder *b) {
  m->teams = ygt__calloc(b->nteams ? b->nteams : 1, sizeof *m->teams);
  if (!m->teams) return YGT_ENOMEM;
  m->nteams = b->nteams;
  for (size_t i = 0; i < b->nteams; i++) {
    const mb_team *r = &b->teams[i];
    m_team *t = &m->teams[i];
    t->signed_residents = r->signed_residents;
    if (copy_str(&t->code, r->code) || copy_str(&t->name, r->name)) return YGT_ENOMEM;
    char whose[160];
    snprintf(whose, sizeof whose, "team '%s'", r->code);
    int rc = resolve_inst(m, b, &r->at, "institution", r->institution, whose, &t->institution);
    if (rc) return rc;
  }
  index_spec spec = {m->teams, sizeof *m->teams, offsetof(m_team, code),
                     b->teams, sizeof *b->teams, offsetof(mb_team, at), "team"};
  return make_index(&m->team_index, m->nteams, &spec, b);
}

/* ---- the whole --------------------------------------------------------- */

void ygt_model_free(ygt_model *m) {
  if (!m) return;
  for (size_t i = 0; m->insts && i < m->ninsts; i++) { ygt__free(m->insts[i].code); ygt__free(m->insts[i].name); }
  for (size_t i = 0; m->comms && i < m->ncomms; i++) { ygt__free(m->comms[i].code); ygt__free(m->comms[i].name); }
  for (size_t i = 0; m->grids && i < m->ngrids; i++) { ygt__free(m->grids[i].code); ygt__free(m->grids[i].name); }
  for (size_t i = 0; m->teams && i < m->nteams; i++) { ygt__free(m->teams[i].code); ygt__free(m->teams[i].name); }
  ygt__free(m->insts); ygt__free(m->comms); ygt__free(m->members); ygt__free(m->links);
  ygt__free(m->grids); ygt__free(m->teams);
  ygt__free(m->inst_index); ygt__free(m->comm_index); ygt__free(m->grid_index); ygt__free(m->team_index);
  ygt__free(m->locality_code); ygt__free(m->locality_name);
  ygt__free(m);
}

static int build_into(ygt_model *m, const ygt_model_builder *b) {
  int rc = copy_str(&m->locality_code, b->locality_code);
  if (!rc) rc = copy_str(&m->locality_name, b->locality_name);
  if (!rc) rc = copy_institutions(m, b);
  if (!rc) rc = resolve_parents(m, b);
  if (!rc) rc = copy_communities(m, b);
  if (!rc) rc = copy_members(m, b);
  if (!rc) rc = copy_grids(m, b);
  if (!rc) rc = copy_teams(m, b);
  if (!rc) rc = ygt__model_validate(m, b);
  return rc;
}

int ygt_model_build(ygt_model **out, const ygt_model_builder *b) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_model_build: out is NULL");
  *out = NULL;
  if (!b) return ygt__error(YGT_EINVAL, "ygt_model_build: builder is NULL");
  ygt_model *m = ygt__calloc(1, sizeof *m);
  if (!m) return YGT_ENOMEM;
  int rc = build_into(m, b);
  if (rc) {
    ygt_model_free(m);
    return rc;
  }
  *out = m;
  return YGT_OK;
}
