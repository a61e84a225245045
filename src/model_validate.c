/* The rules of the community model that involve several records (see
 * doc/formats/model.md, "Rules").  Each check reports the first violation
 * in file order at the record that breaks the rule. */
#include "error_internal.h"
#include "model_internal.h"

static const ygt__origin *inst_at(const ygt_model_builder *b, int32_t i) { return &b->insts[i].at; }
static const ygt__origin *member_at(const ygt_model_builder *b, const m_member *x) {
  return &b->members[x->src].at;
}

static int is_comprehensive_class(int kind) { return ygt_community_kind_is_comprehensive(kind) == 1; }
static int belongs(int role) { return role == YGT_ROLE_LEAD || role == YGT_ROLE_MEMBER; }

/* A parent is a township-tier institution, and not itself a branch: the
 * chain village → branch → central centre is at most two steps, so no
 * cycles can form. */
static int check_parents(const ygt_model *m, const ygt_model_builder *b) {
  for (size_t i = 0; i < m->ninsts; i++) {
    const m_inst *x = &m->insts[i];
    if (x->parent < 0) continue;
    const m_inst *p = &m->insts[x->parent];
    if (p->tier != YGT_TIER_TOWNSHIP)
      return ygt__mb_fail(b, inst_at(b, (int32_t)i), "parent", YGT_EVALIDATE,
                          "parent '%s' of '%s' is at tier '%s'; it must be a township-tier institution", p->code,
                          x->code, ygt_tier_name(p->tier));
    if (x->tier == YGT_TIER_TOWNSHIP && p->parent >= 0)
      return ygt__mb_fail(b, inst_at(b, (int32_t)i), "parent", YGT_EVALIDATE,
                          "branch '%s' has parent '%s', which is itself a branch of '%s'", x->code, p->code,
                          m->insts[p->parent].code);
  }
  return YGT_OK;
}

/* Exactly one lead per community, at county tier or above. */
static int check_leads(ygt_model *m, const ygt_model_builder *b) {
  for (size_t c = 0; c < m->ncomms; c++) {
    m_comm *k = &m->comms[c];
    for (size_t j = k->first_member; j < k->first_member + k->nmembers; j++) {
      const m_member *x = &m->members[j];
      if (x->role != YGT_ROLE_LEAD) continue;
      if (k->lead >= 0)
        return ygt__mb_fail(b, member_at(b, x), "role", YGT_EVALIDATE, "community '%s' has two leads: '%s' and '%s'",
                            k->code, m->insts[k->lead].code, m->insts[x->institution].code);
      k->lead = x->institution;
    }
    if (k->lead < 0)
      return ygt__mb_fail(b, &b->comms[c].at, "lead", YGT_EVALIDATE, "community '%s' has no lead", k->code);
    const m_inst *lead = &m->insts[k->lead];
    if (lead->tier < YGT_TIER_COUNTY)
      return ygt__mb_fail(b, &b->comms[c].at, "lead", YGT_EVALIDATE,
                          "lead '%s' of community '%s' is at tier '%s'; a lead is at county tier or above",
                          lead->code, k->code, ygt_tier_name(lead->tier));
  }
  return YGT_OK;
}

/* An institution is lead or member of at most one comprehensive-class
 * community; links are free.  Fills m_inst.comprehensive. */
static int check_comprehensive(ygt_model *m, const ygt_model_builder *b) {
  const m_member *worst = NULL;
  for (size_t i = 0; i < m->nmembers; i++) {
    const m_member *x = &m->links[i];
    if (!belongs(x->role) || !is_comprehensive_class(m->comms[x->community].kind)) continue;
    m_inst *inst = &m->insts[x->institution];
    if (inst->comprehensive < 0) { inst->comprehensive = x->community; continue; }
    if (!worst || x->src < worst->src) worst = x;
  }
  if (!worst) return YGT_OK;
  const m_inst *inst = &m->insts[worst->institution];
  return ygt__mb_fail(b, member_at(b, worst), "institution", YGT_EVALIDATE,
                      "institution '%s' is in comprehensive communities '%s' and '%s'; it may be lead or member of "
                      "only one (use role 'linked' for the others)",
                      inst->code, m->comms[inst->comprehensive].code, m->comms[worst->community].code);
}

/* A 1+N community takes every local (county, township, village) institution. */
static int check_one_plus_n(const ygt_model *m, const ygt_model_builder *b) {
  for (size_t c = 0; c < m->ncomms; c++) {
    if (m->comms[c].kind != YGT_COMMUNITY_ONE_PLUS_N) continue;
    for (size_t i = 0; i < m->ninsts; i++) {
      const m_inst *x = &m->insts[i];
      if (x->tier > YGT_TIER_COUNTY || x->comprehensive == (int32_t)c) continue;
      return ygt__mb_fail(b, &b->comms[c].at, "members", YGT_EVALIDATE,
                          "1+N community '%s' must have every county, township and village institution as lead or "
                          "member; '%s' is not",
                          m->comms[c].code, x->code);
    }
  }
  return YGT_OK;
}

/* A village clinic (or branch) and the centre that runs it are in the same
 * comprehensive community when both are in one. */
static int check_parent_community(const ygt_model *m, const ygt_model_builder *b) {
  for (size_t i = 0; i < m->ninsts; i++) {
    const m_inst *x = &m->insts[i];
    if (x->parent < 0) continue;
    const m_inst *p = &m->insts[x->parent];
    if (x->comprehensive < 0 || p->comprehensive < 0 || x->comprehensive == p->comprehensive) continue;
    return ygt__mb_fail(b, inst_at(b, (int32_t)i), "parent", YGT_EVALIDATE,
                        "'%s' is in community '%s' but its parent '%s' is in '%s'", x->code,
                        m->comms[x->comprehensive].code, p->code, m->comms[p->comprehensive].code);
  }
  return YGT_OK;
}

static int in_community(const ygt_model *m, int32_t c, int32_t inst) {
  const m_comm *k = &m->comms[c];
  for (size_t j = k->first_member; j < k->first_member + k->nmembers; j++)
    if (m->members[j].institution == inst) return 1;
  return 0;
}

static int check_grids(const ygt_model *m, const ygt_model_builder *b) {
  for (size_t g = 0; g < m->ngrids; g++) {
    const m_grid *x = &m->grids[g];
    const m_comm *k = &m->comms[x->community];
    const ygt__origin *at = &b->grids[g].at;
    if (!is_comprehensive_class(k->kind))
      return ygt__mb_fail(b, at, "community", YGT_EVALIDATE,
                          "grid '%s' is served by '%s', a %s community; a grid is served by a comprehensive, urban "
                          "group or 1+N community", x->code, k->code, ygt_community_kind_name(k->kind));
    if (x->township < 0) continue;
    const m_inst *t = &m->insts[x->township];
    if (t->tier != YGT_TIER_TOWNSHIP)
      return ygt__mb_fail(b, at, "township", YGT_EVALIDATE, "township '%s' of grid '%s' is at tier '%s'", t->code,
                          x->code, ygt_tier_name(t->tier));
    if (!in_community(m, x->community, x->township))
      return ygt__mb_fail(b, at, "township", YGT_EVALIDATE,
                          "township '%s' of grid '%s' is not in the grid's community '%s'", t->code, x->code, k->code);
  }
  return YGT_OK;
}

static int check_teams(const ygt_model *m, const ygt_model_builder *b) {
  for (size_t t = 0; t < m->nteams; t++) {
    const m_inst *x = &m->insts[m->teams[t].institution];
    if (x->tier <= YGT_TIER_TOWNSHIP) continue;
    return ygt__mb_fail(b, &b->teams[t].at, "institution", YGT_EVALIDATE,
                        "team '%s' works for '%s' at tier '%s'; family-doctor teams belong to township or village "
                        "institutions", m->teams[t].code, x->code, ygt_tier_name(x->tier));
  }
  return YGT_OK;
}

int ygt__model_validate(ygt_model *m, const ygt_model_builder *b) {
  int rc = check_parents(m, b);
  if (!rc) rc = check_leads(m, b);
  if (!rc) rc = check_comprehensive(m, b);
  if (!rc) rc = check_one_plus_n(m, b);
  if (!rc) rc = check_parent_community(m, b);
  if (!rc) rc = check_grids(m, b);
  if (!rc) rc = check_teams(m, b);
  return rc;
}
