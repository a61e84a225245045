/* Read-only queries of a built model.  Nothing here writes to the model, so
 * any number of threads may call these at once. */
#include "error_internal.h"
#include "model_internal.h"

/* ---- argument checks --------------------------------------------------- */

static int bad(const char *fn, const char *what) { return ygt__error(YGT_EINVAL, "%s: %s", fn, what); }

static const m_inst *get_inst(const ygt_model *m, int32_t i, const char *fn) {
  if (!m) { bad(fn, "model is NULL"); return NULL; }
  if (i < 0 || (size_t)i >= m->ninsts) {
    ygt__error(YGT_EINVAL, "%s: institution index %d out of range (0..%zu)", fn, (int)i, m->ninsts);
    return NULL;
  }
  return &m->insts[i];
}

static const m_comm *get_comm(const ygt_model *m, int32_t c, const char *fn) {
  if (!m) { bad(fn, "model is NULL"); return NULL; }
  if (c < 0 || (size_t)c >= m->ncomms) {
    ygt__error(YGT_EINVAL, "%s: community index %d out of range (0..%zu)", fn, (int)c, m->ncomms);
    return NULL;
  }
  return &m->comms[c];
}

static const m_grid *get_grid(const ygt_model *m, int32_t g, const char *fn) {
  if (!m) { bad(fn, "model is NULL"); return NULL; }
  if (g < 0 || (size_t)g >= m->ngrids) {
    ygt__error(YGT_EINVAL, "%s: grid index %d out of range (0..%zu)", fn, (int)g, m->ngrids);
    return NULL;
  }
  return &m->grids[g];
}

static const m_team *get_team(const ygt_model *m, int32_t t, const char *fn) {
  if (!m) { bad(fn, "model is NULL"); return NULL; }
  if (t < 0 || (size_t)t >= m->nteams) {
    ygt__error(YGT_EINVAL, "%s: team index %d out of range (0..%zu)", fn, (int)t, m->nteams);
    return NULL;
  }
  return &m->teams[t];
}

static int32_t find(const ygt_model *m, const char *code, const ygt__code_entry *e, size_t n, const char *what) {
  if (!m || !code) return ygt__error(YGT_EINVAL, "find %s: NULL argument", what);
  int32_t i = ygt__code_index_find(e, n, code);
  return i >= 0 ? i : ygt__error(YGT_ENOTFOUND, "%s '%s' not found", what, code);
}

/* "None" answers (no parent, no community) are YGT_ENOTFOUND naming the code. */
static int none(const char *what, const char *code) {
  return ygt__error(YGT_ENOTFOUND, "%s '%s' %s", "institution", code, what);
}

/* List queries count first and fill second, so that a too small buffer is
 * left unwritten.  Returns 1 when the caller should fill `out`. */
static int deliver(int32_t *out, size_t cap, size_t *count, size_t n, const char *fn, int *rc) {
  *count = n;
  *rc = YGT_OK;
  if (!out) return 0;
  if (cap < n) {
    *rc = ygt__error(YGT_EBUFSIZE, "%s: %zu results do not fit a buffer of %zu", fn, n, cap);
    return 0;
  }
  return 1;
}

static void put(int32_t *out, size_t *n, int32_t v) {
  if (out) out[*n] = v;
  (*n)++;
}

/* ---- model ------------------------------------------------------------- */

const char *ygt_model_locality_code(const ygt_model *m) { return m ? m->locality_code : NULL; }
const char *ygt_model_locality_name(const ygt_model *m) { return m ? m->locality_name : NULL; }

/* ---- institutions ------------------------------------------------------ */

size_t ygt_model_institution_count(const ygt_model *m) { return m ? m->ninsts : 0; }

int32_t ygt_model_institution_find(const ygt_model *m, const char *code) {
  return find(m, code, m ? m->inst_index : NULL, m ? m->ninsts : 0, "institution");
}

const char *ygt_model_institution_code(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_code");
  return x ? x->code : NULL;
}

const char *ygt_model_institution_name(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_name");
  return x ? x->name : NULL;
}

int ygt_model_institution_tier(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_tier");
  return x ? x->tier : YGT_EINVAL;
}

int ygt_model_institution_kind(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_kind");
  return x ? x->kind : YGT_EINVAL;
}

int ygt_model_institution_level(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_level");
  return x ? x->level : YGT_EINVAL;
}

int64_t ygt_model_institution_beds(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_beds");
  return x ? x->beds : YGT_EINVAL;
}

int ygt_model_institution_designations(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_designations");
  return x ? (int)x->designations : YGT_EINVAL;
}

int32_t ygt_model_institution_parent(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_parent");
  if (!x) return YGT_EINVAL;
  return x->parent >= 0 ? x->parent : none("has no parent", x->code);
}

int32_t ygt_model_township_of(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_township_of");
  if (!x) return YGT_EINVAL;
  if (x->tier == YGT_TIER_TOWNSHIP) return i;
  if (x->tier == YGT_TIER_VILLAGE) return x->parent;
  return none("is above township tier", x->code);
}

int32_t ygt_model_community_of(const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_community_of");
  if (!x) return YGT_EINVAL;
  return x->comprehensive >= 0 ? x->comprehensive
                               : none("is in no comprehensive community", x->code);
}

int ygt_model_institution_communities(int32_t *out, size_t cap, size_t *count, const ygt_model *m, int32_t i) {
  const m_inst *x = get_inst(m, i, "ygt_model_institution_communities");
  if (!x || !count) return x ? bad("ygt_model_institution_communities", "count is NULL") : YGT_EINVAL;
  int rc;
  if (!deliver(out, cap, count, x->nlinks, "ygt_model_institution_communities", &rc)) return rc;
  for (size_t k = 0; k < x->nlinks; k++) out[k] = m->links[x->first_link + k].community;
  return YGT_OK;
}

/* ---- centres ----------------------------------------------------------- */

/* The role of institution i in community c, or -1; records nothing, so
 * that successful queries leave the error record alone. */
static int role_in(const ygt_model *m, int32_t c, int32_t i) {
  const m_comm *k = &m->comms[c];
  for (size_t j = k->first_member; j < k->first_member + k->nmembers; j++)
    if (m->members[j].institution == i) return m->members[j].role;
  return -1;
}

static int in_scope(const ygt_model *m, int32_t community, int32_t i) {
  return community < 0 || role_in(m, community, i) >= 0;
}

static size_t collect_centres(const ygt_model *m, int designation, int32_t community, int32_t *out) {
  size_t n = 0;
  for (size_t i = 0; i < m->ninsts; i++)
    if ((m->insts[i].designations & (1u << designation)) && in_scope(m, community, (int32_t)i))
      put(out, &n, (int32_t)i);
  return n;
}

/* Nearest tier first (an emergency goes to the local centre before the
 * city's), then highest level, then lowest index. */
static int before(const ygt_model *m, int32_t a, int32_t b) {
  const m_inst *x = &m->insts[a], *y = &m->insts[b];
  if (x->tier != y->tier) return x->tier < y->tier;
  if (x->level != y->level) return x->level > y->level;
  return a < b;
}

static void rank(const ygt_model *m, int32_t *v, size_t n) {
  for (size_t i = 1; i < n; i++) { /* insertion sort: centre lists are short */
    int32_t x = v[i];
    size_t j = i;
    for (; j > 0 && before(m, x, v[j - 1]); j--) v[j] = v[j - 1];
    v[j] = x;
  }
}

int ygt_model_centres(int32_t *out, size_t cap, size_t *count, const ygt_model *m, int designation,
                      int32_t community, int ranked) {
  const char *fn = "ygt_model_centres";
  if (!m || !count) return bad(fn, "NULL model or count");
  if (designation < 0 || designation >= YGT__DESIGNATION_COUNT) return bad(fn, "designation out of range");
  if (community >= 0 && !get_comm(m, community, fn)) return YGT_EINVAL;
  if (community < -1) return bad(fn, "community out of range");
  int rc;
  if (!deliver(out, cap, count, collect_centres(m, designation, community, NULL), fn, &rc)) return rc;
  collect_centres(m, designation, community, out);
  if (ranked) rank(m, out, *count);
  return YGT_OK;
}

/* ---- communities ------------------------------------------------------- */

size_t ygt_model_community_count(const ygt_model *m) { return m ? m->ncomms : 0; }

int32_t ygt_model_community_find(const ygt_model *m, const char *code) {
  return find(m, code, m ? m->comm_index : NULL, m ? m->ncomms : 0, "community");
}

const char *ygt_model_community_code(const ygt_model *m, int32_t c) {
  const m_comm *k = get_comm(m, c, "ygt_model_community_code");
  return k ? k->code : NULL;
}

const char *ygt_model_community_name(const ygt_model *m, int32_t c) {
  const m_comm *k = get_comm(m, c, "ygt_model_community_name");
  return k ? k->name : NULL;
}

int ygt_model_community_kind(const ygt_model *m, int32_t c) {
  const m_comm *k = get_comm(m, c, "ygt_model_community_kind");
  return k ? k->kind : YGT_EINVAL;
}

int32_t ygt_model_community_lead(const ygt_model *m, int32_t c) {
  const m_comm *k = get_comm(m, c, "ygt_model_community_lead");
  return k ? k->lead : YGT_EINVAL;
}

static size_t collect_members(const ygt_model *m, const m_comm *k, int tier, int role, int32_t *out) {
  size_t n = 0;
  for (size_t j = k->first_member; j < k->first_member + k->nmembers; j++) {
    const m_member *x = &m->members[j];
    if ((role < 0 || x->role == role) && (tier < 0 || m->insts[x->institution].tier == tier))
      put(out, &n, x->institution);
  }
  return n;
}

int ygt_model_community_members(int32_t *out, size_t cap, size_t *count, const ygt_model *m, int32_t c, int tier,
                                int role) {
  const char *fn = "ygt_model_community_members";
  const m_comm *k = get_comm(m, c, fn);
  if (!k) return YGT_EINVAL;
  if (!count) return bad(fn, "count is NULL");
  if (tier < -1 || tier >= YGT__TIER_COUNT) return bad(fn, "tier out of range");
  if (role < -1 || role >= YGT__ROLE_COUNT) return bad(fn, "role out of range");
  int rc;
  if (!deliver(out, cap, count, collect_members(m, k, tier, role, NULL), fn, &rc)) return rc;
  collect_members(m, k, tier, role, out);
  return YGT_OK;
}

int ygt_model_member_role(const ygt_model *m, int32_t c, int32_t i) {
  const m_comm *k = get_comm(m, c, "ygt_model_member_role");
  const m_inst *x = k ? get_inst(m, i, "ygt_model_member_role") : NULL;
  if (!x) return YGT_EINVAL;
  int role = role_in(m, c, i);
  return role >= 0 ? role : ygt__error(YGT_ENOTFOUND, "institution '%s' is not in community '%s'", x->code, k->code);
}

static size_t collect_grids(const ygt_model *m, int32_t c, int32_t *out) {
  size_t n = 0;
  for (size_t g = 0; g < m->ngrids; g++)
    if (m->grids[g].community == c) put(out, &n, (int32_t)g);
  return n;
}

int ygt_model_community_grids(int32_t *out, size_t cap, size_t *count, const ygt_model *m, int32_t c) {
  const char *fn = "ygt_model_community_grids";
  if (!get_comm(m, c, fn)) return YGT_EINVAL;
  if (!count) return bad(fn, "count is NULL");
  int rc;
  if (!deliver(out, cap, count, collect_grids(m, c, NULL), fn, &rc)) return rc;
  collect_grids(m, c, out);
  return YGT_OK;
}

/* ---- grids ------------------------------------------------------------- */

size_t ygt_model_grid_count(const ygt_model *m) { return m ? m->ngrids : 0; }

int32_t ygt_model_grid_find(const ygt_model *m, const char *code) {
  return find(m, code, m ? m->grid_index : NULL, m ? m->ngrids : 0, "grid");
}

const char *ygt_model_grid_code(const ygt_model *m, int32_t g) {
  const m_grid *x = get_grid(m, g, "ygt_model_grid_code");
  return x ? x->code : NULL;
}

const char *ygt_model_grid_name(const ygt_model *m, int32_t g) {
  const m_grid *x = get_grid(m, g, "ygt_model_grid_name");
  return x ? x->name : NULL;
}

int64_t ygt_model_grid_population(const ygt_model *m, int32_t g) {
  const m_grid *x = get_grid(m, g, "ygt_model_grid_population");
  return x ? x->population : YGT_EINVAL;
}

int64_t ygt_model_grid_insured(const ygt_model *m, int32_t g, int insurance) {
  const m_grid *x = get_grid(m, g, "ygt_model_grid_insured");
  if (!x) return YGT_EINVAL;
  if (insurance < 0 || insurance >= YGT__INSURANCE_COUNT)
    return bad("ygt_model_grid_insured", "insurance type out of range");
  return x->insured[insurance];
}

int32_t ygt_model_grid_community(const ygt_model *m, int32_t g) {
  const m_grid *x = get_grid(m, g, "ygt_model_grid_community");
  return x ? x->community : YGT_EINVAL;
}

int32_t ygt_model_grid_township(const ygt_model *m, int32_t g) {
  const m_grid *x = get_grid(m, g, "ygt_model_grid_township");
  if (!x) return YGT_EINVAL;
  return x->township >= 0 ? x->township : ygt__error(YGT_ENOTFOUND, "grid '%s' names no township institution", x->code);
}

/* Whether `town` is `i` or runs it (directly or through a branch). */
static int runs(const ygt_model *m, int32_t town, int32_t i) {
  for (int depth = 0; i >= 0 && depth < 3; depth++, i = m->insts[i].parent)
    if (i == town) return 1;
  return 0;
}

static size_t collect_serving(const ygt_model *m, const m_grid *g, int tier, int32_t *out) {
  const m_comm *k = &m->comms[g->community];
  size_t n = 0;
  for (size_t j = k->first_member; j < k->first_member + k->nmembers; j++) {
    const m_member *x = &m->members[j];
    int t = m->insts[x->institution].tier;
    if (x->role == YGT_ROLE_LINKED || (tier >= 0 && t != tier)) continue;
    if (g->township >= 0 && t <= YGT_TIER_TOWNSHIP && !runs(m, g->township, x->institution)) continue;
    put(out, &n, x->institution);
  }
  return n;
}

int ygt_model_grid_institutions(int32_t *out, size_t cap, size_t *count, const ygt_model *m, int32_t g, int tier) {
  const char *fn = "ygt_model_grid_institutions";
  const m_grid *x = get_grid(m, g, fn);
  if (!x) return YGT_EINVAL;
  if (!count) return bad(fn, "count is NULL");
  if (tier < -1 || tier >= YGT__TIER_COUNT) return bad(fn, "tier out of range");
  int rc;
  if (!deliver(out, cap, count, collect_serving(m, x, tier, NULL), fn, &rc)) return rc;
  collect_serving(m, x, tier, out);
  return YGT_OK;
}

/* ---- teams ------------------------------------------------------------- */

size_t ygt_model_team_count(const ygt_model *m) { return m ? m->nteams : 0; }

int32_t ygt_model_team_find(const ygt_model *m, const char *code) {
  return find(m, code, m ? m->team_index : NULL, m ? m->nteams : 0, "team");
}

const char *ygt_model_team_code(const ygt_model *m, int32_t t) {
  const m_team *x = get_team(m, t, "ygt_model_team_code");
  return x ? x->code : NULL;
}

const char *ygt_model_team_name(const ygt_model *m, int32_t t) {
  const m_team *x = get_team(m, t, "ygt_model_team_name");
  return x ? x->name : NULL;
}

int32_t ygt_model_team_institution(const ygt_model *m, int32_t t) {
  const m_team *x = get_team(m, t, "ygt_model_team_institution");
  return x ? x->institution : YGT_EINVAL;
}

int64_t ygt_model_team_signed(const ygt_model *m, int32_t t) {
  const m_team *x = get_team(m, t, "ygt_model_team_signed");
  return x ? x->signed_residents : YGT_EINVAL;
}
