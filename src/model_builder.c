/* The model builder: records added through the C API or by the loader, each
 * checked on its own when it is added.  Rules between records are checked by
 * ygt_model_build (model_build.c, model_validate.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "model_internal.h"

int ygt__mb_fail(const ygt_model_builder *b, const ygt__origin *at, const char *field, int code,
                 const char *fmt, ...) {
  char msg[512], where[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (!at || at->source < 0) return ygt__error_at(code, "", 0, 0, field, "%s", msg);
  const char *source = b->sources[at->source];
  if (at->path) {
    snprintf(where, sizeof where, "%s%s%s", at->path, field[0] ? "." : "", field);
    return ygt__error_at(code, source, 0, 0, where, "%s", msg);
  }
  return ygt__error_at(code, source, at->line, 0, field, "%s", msg);
}

int ygt_model_builder_new(ygt_model_builder **out) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_model_builder_new: out is NULL");
  *out = ygt__calloc(1, sizeof **out);
  return *out ? YGT_OK : YGT_ENOMEM;
}

static void free_origin(ygt__origin *at) { ygt__free(at->path); }

static void free_inst(mb_inst *r) {
  ygt__free(r->code); ygt__free(r->name); ygt__free(r->parent); free_origin(&r->at);
}
static void free_comm(mb_comm *r) { ygt__free(r->code); ygt__free(r->name); free_origin(&r->at); }
static void free_member(mb_member *r) {
  ygt__free(r->community); ygt__free(r->institution); free_origin(&r->at);
}
static void free_grid(mb_grid *r) {
  ygt__free(r->code); ygt__free(r->name); ygt__free(r->community); ygt__free(r->township);
  free_origin(&r->at);
}
static void free_team(mb_team *r) {
  ygt__free(r->code); ygt__free(r->name); ygt__free(r->institution); free_origin(&r->at);
}

void ygt_model_builder_free(ygt_model_builder *b) {
  if (!b) return;
  for (size_t i = 0; i < b->ninsts; i++) free_inst(&b->insts[i]);
  for (size_t i = 0; i < b->ncomms; i++) free_comm(&b->comms[i]);
  for (size_t i = 0; i < b->nmembers; i++) free_member(&b->members[i]);
  for (size_t i = 0; i < b->ngrids; i++) free_grid(&b->grids[i]);
  for (size_t i = 0; i < b->nteams; i++) free_team(&b->teams[i]);
  for (size_t i = 0; i < b->nsources; i++) ygt__free(b->sources[i]);
  ygt__free(b->insts); ygt__free(b->comms); ygt__free(b->members);
  ygt__free(b->grids); ygt__free(b->teams); ygt__free(b->sources);
  ygt__free(b->locality_code); ygt__free(b->locality_name);
  ygt__free(b);
}

int ygt_model_builder_set_locality(ygt_model_builder *b, const char *code, const char *name) {
  if (!b) return ygt__error(YGT_EINVAL, "ygt_model_builder_set_locality: builder is NULL");
  char *c = ygt__strdup(code ? code : "");
  char *n = ygt__strdup(name ? name : "");
  if (!c || !n) { ygt__free(c); ygt__free(n); return YGT_ENOMEM; }
  ygt__free(b->locality_code);
  ygt__free(b->locality_name);
  b->locality_code = c;
  b->locality_name = n;
  return YGT_OK;
}

int ygt__mb_source(ygt_model_builder *b, const char *name) {
  for (size_t i = 0; i < b->nsources; i++)
    if (strcmp(b->sources[i], name) == 0) return (int)i;
  char *copy = ygt__strdup(name);
  if (!copy) return YGT_ENOMEM;
  if (ygt__grow((void **)&b->sources, &b->csources, b->nsources + 1, sizeof *b->sources)) {
    ygt__free(copy);
    return YGT_ENOMEM;
  }
  b->sources[b->nsources] = copy;
  return (int)b->nsources++;
}

/* Copies `s` (NULL or "" → NULL when `empty_is_null`, else "") into *dst;
 * *failed is set on allocation failure so that callers can copy several
 * strings and test once. */
static void dup_into(char **dst, const char *s, int empty_is_null, int *failed) {
  *dst = NULL;
  if (empty_is_null && (!s || !s[0])) return;
  *dst = ygt__strdup(s ? s : "");
  if (!*dst) *failed = 1;
}

static void copy_origin(ygt__origin *dst, const ygt__origin *at, int *failed) {
  dst->source = at ? at->source : -1;
  dst->line = at ? at->line : 0;
  dup_into(&dst->path, at ? at->path : NULL, 1, failed);
}

static int empty(const char *s) { return !s || !s[0]; }

/* ---- institutions ------------------------------------------------------ */

static int check_inst_values(const ygt_model_builder *b, const mb_inst *in, const ygt__origin *at) {
  if (empty(in->code)) return ygt__mb_fail(b, at, "code", YGT_EINVAL, "institution code is empty");
  if (empty(in->name)) return ygt__mb_fail(b, at, "name", YGT_EINVAL, "institution '%s' has no name", in->code);
  if (in->tier < 0 || in->tier >= YGT__TIER_COUNT)
    return ygt__mb_fail(b, at, "tier", YGT_EINVAL, "institution '%s': tier %d out of range", in->code, in->tier);
  if (in->kind < 0 || in->kind >= YGT__KIND_COUNT)
    return ygt__mb_fail(b, at, "kind", YGT_EINVAL, "institution '%s': kind %d out of range", in->code, in->kind);
  if (in->level < 0 || in->level >= YGT__LEVEL_COUNT)
    return ygt__mb_fail(b, at, "level", YGT_EINVAL, "institution '%s': level %d out of range", in->code, in->level);
  if (in->beds < 0)
    return ygt__mb_fail(b, at, "beds", YGT_ERANGE, "institution '%s': negative beds", in->code);
  if (in->designations & ~YGT__DESIGNATION_MASK)
    return ygt__mb_fail(b, at, "designations", YGT_ERANGE, "institution '%s': unknown designation bits 0x%x",
                        in->code, (unsigned)(in->designations & ~YGT__DESIGNATION_MASK));
  return YGT_OK;
}

static int check_inst_rules(const ygt_model_builder *b, const mb_inst *in, const ygt__origin *at) {
  if (!ygt__kind_allowed_at(in->kind, in->tier))
    return ygt__mb_fail(b, at, "kind", YGT_EVALIDATE, "institution '%s': kind '%s' is not allowed at tier '%s'",
                        in->code, ygt_institution_kind_name(in->kind), ygt_tier_name(in->tier));
  int rule = ygt__tier_parent_rule(in->tier);
  if (rule == 2 && empty(in->parent))
    return ygt__mb_fail(b, at, "parent", YGT_EVALIDATE,
                        "village institution '%s' has no parent (the township centre that runs it)", in->code);
  if (rule == 0 && !empty(in->parent))
    return ygt__mb_fail(b, at, "parent", YGT_EVALIDATE, "institution '%s' at tier '%s' cannot have a parent ('%s')",
                        in->code, ygt_tier_name(in->tier), in->parent);
  if (!empty(in->parent) && strcmp(in->parent, in->code) == 0)
    return ygt__mb_fail(b, at, "parent", YGT_EVALIDATE, "institution '%s' is its own parent", in->code);
  return YGT_OK;
}

int ygt__mb_add_institution(ygt_model_builder *b, const mb_inst *in, const ygt__origin *at) {
  int rc = check_inst_values(b, in, at);
  if (rc == YGT_OK) rc = check_inst_rules(b, in, at);
  if (rc) return rc;
  mb_inst r = *in;
  int failed = 0;
  dup_into(&r.code, in->code, 0, &failed);
  dup_into(&r.name, in->name, 0, &failed);
  dup_into(&r.parent, in->parent, 1, &failed);
  copy_origin(&r.at, at, &failed);
  if (failed || ygt__grow((void **)&b->insts, &b->cinsts, b->ninsts + 1, sizeof *b->insts)) {
    free_inst(&r);
    return YGT_ENOMEM;
  }
  b->insts[b->ninsts++] = r;
  return YGT_OK;
}

int ygt_model_builder_add_institution(ygt_model_builder *b, const char *code, const char *name,
                                      int tier, int kind, int level, int64_t beds,
                                      uint32_t designations, const char *parent) {
  if (!b) return ygt__error(YGT_EINVAL, "ygt_model_builder_add_institution: builder is NULL");
  mb_inst in = {(char *)code, (char *)name, (char *)parent, tier, kind, level, beds, designations, {-1, 0, NULL}};
  return ygt__mb_add_institution(b, &in, NULL);
}

/* ---- communities and members ------------------------------------------- */

int ygt__mb_add_community(ygt_model_builder *b, const mb_comm *in, const ygt__origin *at) {
  if (empty(in->code)) return ygt__mb_fail(b, at, "code", YGT_EINVAL, "community code is empty");
  if (empty(in->name)) return ygt__mb_fail(b, at, "name", YGT_EINVAL, "community '%s' has no name", in->code);
  if (in->kind < 0 || in->kind >= YGT__COMMUNITY_KIND_COUNT)
    return ygt__mb_fail(b, at, "kind", YGT_EINVAL, "community '%s': kind %d out of range", in->code, in->kind);
  mb_comm r = *in;
  int failed = 0;
  dup_into(&r.code, in->code, 0, &failed);
  dup_into(&r.name, in->name, 0, &failed);
  copy_origin(&r.at, at, &failed);
  if (failed || ygt__grow((void **)&b->comms, &b->ccomms, b->ncomms + 1, sizeof *b->comms)) {
    free_comm(&r);
    return YGT_ENOMEM;
  }
  b->comms[b->ncomms++] = r;
  return YGT_OK;
}

int ygt_model_builder_add_community(ygt_model_builder *b, const char *code, const char *name, int kind) {
  if (!b) return ygt__error(YGT_EINVAL, "ygt_model_builder_add_community: builder is NULL");
  mb_comm in = {(char *)code, (char *)name, kind, {-1, 0, NULL}};
  return ygt__mb_add_community(b, &in, NULL);
}

int ygt__mb_add_member(ygt_model_builder *b, const mb_member *in, const ygt__origin *at) {
  if (empty(in->community)) return ygt__mb_fail(b, at, "community", YGT_EINVAL, "member without community code");
  if (empty(in->institution))
    return ygt__mb_fail(b, at, "institution", YGT_EINVAL, "member of '%s' without institution code", in->community);
  if (in->role < 0 || in->role >= YGT__ROLE_COUNT)
    return ygt__mb_fail(b, at, "role", YGT_EINVAL, "member '%s': role %d out of range", in->institution, in->role);
  mb_member r = *in;
  int failed = 0;
  dup_into(&r.community, in->community, 0, &failed);
  dup_into(&r.institution, in->institution, 0, &failed);
  copy_origin(&r.at, at, &failed);
  if (failed || ygt__grow((void **)&b->members, &b->cmembers, b->nmembers + 1, sizeof *b->members)) {
    free_member(&r);
    return YGT_ENOMEM;
  }
  b->members[b->nmembers++] = r;
  return YGT_OK;
}

int ygt_model_builder_add_member(ygt_model_builder *b, const char *community, const char *institution, int role) {
  if (!b) return ygt__error(YGT_EINVAL, "ygt_model_builder_add_member: builder is NULL");
  mb_member in = {(char *)community, (char *)institution, role, {-1, 0, NULL}};
  return ygt__mb_add_member(b, &in, NULL);
}

/* ---- grids and teams --------------------------------------------------- */

/* A count of persons (a grid's population or insured, a team's signed
 * residents) is at most YGT__MAX_PERSONS (doc/limits.md): sums over every
 * grid and team, and persons × a per-capita amount in fen, then stay far
 * inside int64 and cannot wrap into a wrong budget or pool. */
#define YGT__MAX_PERSONS INT64_C(2000000000)

static int person_count(const ygt_model_builder *b, const ygt__origin *at, const char *field, const char *what,
                        const char *code, int64_t n) {
  if (n < 0) return ygt__mb_fail(b, at, field, YGT_ERANGE, "%s '%s': negative %s", what, code, field);
  if (n > YGT__MAX_PERSONS)
    return ygt__mb_fail(b, at, field, YGT_ERANGE, "%s '%s': %s %lld is above the maximum of %lld persons", what,
                        code, field, (long long)n, (long long)YGT__MAX_PERSONS);
  return YGT_OK;
}

static int check_grid(const ygt_model_builder *b, const mb_grid *in, const ygt__origin *at) {
  if (empty(in->code)) return ygt__mb_fail(b, at, "code", YGT_EINVAL, "grid code is empty");
  if (empty(in->name)) return ygt__mb_fail(b, at, "name", YGT_EINVAL, "grid '%s' has no name", in->code);
  if (empty(in->community))
    return ygt__mb_fail(b, at, "community", YGT_EINVAL, "grid '%s' has no community (each grid is served by one)",
                        in->code);
  int rc = person_count(b, at, "population", "grid", in->code, in->population);
  static const char *const fields[YGT__INSURANCE_COUNT] = {"employee_insured", "resident_insured"};
  for (int k = 0; !rc && k < YGT__INSURANCE_COUNT; k++) rc = person_count(b, at, fields[k], "grid", in->code, in->insured[k]);
  return rc;
}

int ygt__mb_add_grid(ygt_model_builder *b, const mb_grid *in, const ygt__origin *at) {
  int rc = check_grid(b, in, at);
  if (rc) return rc;
  mb_grid r = *in;
  int failed = 0;
  dup_into(&r.code, in->code, 0, &failed);
  dup_into(&r.name, in->name, 0, &failed);
  dup_into(&r.community, in->community, 0, &failed);
  dup_into(&r.township, in->township, 1, &failed);
  copy_origin(&r.at, at, &failed);
  if (failed || ygt__grow((void **)&b->grids, &b->cgrids, b->ngrids + 1, sizeof *b->grids)) {
    free_grid(&r);
    return YGT_ENOMEM;
  }
  b->grids[b->ngrids++] = r;
  return YGT_OK;
}

int ygt_model_builder_add_grid(ygt_model_builder *b, const char *code, const char *name,
                               const char *community, const char *township, int64_t population,
                               int64_t employee_insured, int64_t resident_insured) {
  if (!b) return ygt__error(YGT_EINVAL, "ygt_model_builder_add_grid: builder is NULL");
  mb_grid in = {(char *)code, (char *)name, (char *)community, (char *)township, population,
                {employee_insured, resident_insured}, {-1, 0, NULL}};
  return ygt__mb_add_grid(b, &in, NULL);
}

int ygt__mb_add_team(ygt_model_builder *b, const mb_team *in, const ygt__origin *at) {
  if (empty(in->code)) return ygt__mb_fail(b, at, "code", YGT_EINVAL, "team code is empty");
  if (empty(in->institution))
    return ygt__mb_fail(b, at, "institution", YGT_EINVAL, "team '%s' has no institution", in->code);
  int rc = person_count(b, at, "signed", "team", in->code, in->signed_residents);
  if (rc) return rc;
  mb_team r = *in;
  int failed = 0;
  dup_into(&r.code, in->code, 0, &failed);
  dup_into(&r.name, in->name, 0, &failed);
  dup_into(&r.institution, in->institution, 0, &failed);
  copy_origin(&r.at, at, &failed);
  if (failed || ygt__grow((void **)&b->teams, &b->cteams, b->nteams + 1, sizeof *b->teams)) {
    free_team(&r);
    return YGT_ENOMEM;
  }
  b->teams[b->nteams++] = r;
  return YGT_OK;
}

int ygt_model_builder_add_team(ygt_model_builder *b, const char *code, const char *name,
                               const char *institution, int64_t signed_residents) {
  if (!b) return ygt__error(YGT_EINVAL, "ygt_model_builder_add_team: builder is NULL");
  mb_team in = {(char *)code, (char *)name, (char *)institution, signed_residents, {-1, 0, NULL}};
  return ygt__mb_add_team(b, &in, NULL);
}
