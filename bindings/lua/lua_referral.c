/* Lua binding of referral routing (include/yigongti/referral.h).
 *
 *   local rules = assert(ygt.referral_load(model, dx, "examples/data/ninghai"))
 *   local d = assert(rules:decide{institution = "NH-H01", diagnoses = {"I10.x00"}, grid = "NH-G01"})
 *   print(d.route, d.destinations[1], d.ratio, table.concat(d.trace, ","))
 *   local out = assert(rules:decide_batch{institution = {0, 4}, diagnosis = {id1, id2}})
 *
 * Enumerations are names; institutions and grids are codes or 0-based model
 * indices; diagnoses codes or ids.  A rule set keeps its model and
 * dictionary alive in its user value. */
#include <string.h>

#include "ygt_lua.h"

#define RULES_T "yigongti.referral_rules"
#define EPISODE_T "yigongti.episode"
#define DECISION_T "yigongti.referral_decision"

static ygt_referral_rules *check_rules(lua_State *L, int idx) {
  return (ygt_referral_rules *)ygt_lua_check_handle(L, idx, RULES_T);
}

static ygt_episode *check_episode(lua_State *L, int idx) {
  return (ygt_episode *)ygt_lua_check_handle(L, idx, EPISODE_T);
}

/* The model and dictionary of the rules at idx (from its user value). */
static void rules_parts(lua_State *L, int idx, const ygt_model **m, const ygt_codes **dx) {
  ygt_compat_getuservalue(L, idx);
  lua_rawgeti(L, -1, 1);
  *m = *(const ygt_model **)lua_touserdata(L, -1);
  lua_rawgeti(L, -2, 2);
  *dx = *(const ygt_codes **)lua_touserdata(L, -1);
  lua_pop(L, 3);
}

static int push_rules(lua_State *L, int rc, ygt_referral_rules *r) {
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, RULES_T, r);
  lua_createtable(L, 2, 0);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 1);
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, 2);
  ygt_compat_setuservalue(L, -2);
  return 1;
}

static int l_load(lua_State *L) {
  ygt_referral_rules *r;
  int rc = ygt_referral_rules_load(&r, (const ygt_model *)ygt_lua_check_handle(L, 1, "yigongti.model"),
                                   (const ygt_codes *)ygt_lua_check_handle(L, 2, "yigongti.codes"),
                                   luaL_checkstring(L, 3));
  return push_rules(L, rc, r);
}

static int l_parse(lua_State *L) {
  ygt_referral_rules *r;
  int rc = ygt_referral_rules_parse(&r, (const ygt_model *)ygt_lua_check_handle(L, 1, "yigongti.model"),
                                    (const ygt_codes *)ygt_lua_check_handle(L, 2, "yigongti.codes"),
                                    luaL_checkstring(L, 3), luaL_optstring(L, 4, NULL), luaL_optstring(L, 5, NULL));
  return push_rules(L, rc, r);
}

static int l_rules_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, RULES_T);
  ygt_referral_rules_free((ygt_referral_rules *)*slot);
  *slot = NULL;
  return 0;
}

static int l_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_referral_rules_count(check_rules(L, 1)));
  return 1;
}

/* rule(i): id, kind, origin of the rule with 0-based index i. */
static int l_rule(lua_State *L) {
  ygt_referral_rules *r = check_rules(L, 1);
  int32_t i = (int32_t)luaL_checkinteger(L, 2);
  const char *id = ygt_referral_rules_rule_id(r, i);
  if (!id) {
    lua_pushnil(L);
    lua_pushfstring(L, "rule %d out of range", (int)i);
    lua_pushstring(L, "YGT_ERANGE");
    return 3;
  }
  lua_pushstring(L, id);
  lua_pushstring(L, ygt_referral_rule_kind_name(ygt_referral_rules_rule_kind(r, i)));
  lua_pushstring(L, ygt_referral_rules_rule_origin(r, i));
  return 3;
}

static int l_slip_days(lua_State *L) {
  lua_pushinteger(L, ygt_referral_rules_slip_valid_days(check_rules(L, 1)));
  return 1;
}

/* rules:inside(institution): true inside the pooling area, false outside; the institution a code or a
 * 0-based index; nil, message, code-name for an unknown one. */
static int l_inside(lua_State *L) {
  ygt_referral_rules *r = check_rules(L, 1);
  const ygt_model *m;
  const ygt_codes *dx;
  rules_parts(L, 1, &m, &dx);
  int32_t i = lua_type(L, 2) == LUA_TSTRING ? ygt_model_institution_find(m, lua_tostring(L, 2))
                                              : (int32_t)luaL_checkinteger(L, 2);
  int rc = ygt_referral_rules_inside(r, i < 0 ? -1 : i);
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, rc);
  return 1;
}

/* ---- request fields ------------------------------------------------------ */

typedef int (*parse_fn)(int *out, const char *name);

/* Field `key` of the table at idx: a name (parsed) or an integer; dflt when absent. */
static int32_t enum_field(lua_State *L, int idx, const char *key, parse_fn parse, int32_t dflt) {
  int32_t v = dflt;
  lua_getfield(L, idx, key);
  if (lua_type(L, -1) == LUA_TSTRING) {
    int x;
    if (parse(&x, lua_tostring(L, -1))) luaL_error(L, "%s: unknown name '%s'", key, lua_tostring(L, -1));
    v = x;
  } else if (!lua_isnil(L, -1)) {
    v = (int32_t)luaL_checkinteger(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

static int32_t int_field(lua_State *L, int idx, const char *key, int32_t dflt) {
  lua_getfield(L, idx, key);
  int32_t v = lua_isnil(L, -1) ? dflt : (int32_t)luaL_checkinteger(L, -1);
  lua_pop(L, 1);
  return v;
}

/* An institution or grid: a code (looked up; unknown codes raise) or an index. */
static int32_t ref_field(lua_State *L, int idx, const char *key, const ygt_model *m,
                         int32_t (*find)(const ygt_model *, const char *)) {
  int32_t v = -1;
  lua_getfield(L, idx, key);
  if (lua_type(L, -1) == LUA_TSTRING) {
    v = find(m, lua_tostring(L, -1));
    if (v < 0) luaL_error(L, "%s: unknown code '%s'", key, lua_tostring(L, -1));
  } else if (!lua_isnil(L, -1)) {
    v = (int32_t)luaL_checkinteger(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

static int32_t dx_value(lua_State *L, int idx, const ygt_codes *dx) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    return ygt_codes_id_n(dx, s, len);
  }
  return (int32_t)luaL_checkinteger(L, idx);
}

static int insurance_parse(int *out, const char *name) { return ygt_insurance_from_name(out, name); }

/* Diagnoses: `diagnoses` (a list) or `diagnosis` (one). */
static size_t diagnoses(lua_State *L, int idx, const ygt_codes *dx, int32_t *ids, size_t cap) {
  size_t n = 0;
  lua_getfield(L, idx, "diagnoses");
  if (lua_istable(L, -1)) {
    size_t len = (size_t)lua_rawlen(L, -1);
    for (size_t i = 0; i < len && n < cap; i++) {
      lua_rawgeti(L, -1, (lua_Integer)i + 1);
      ids[n++] = dx_value(L, -1, dx);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  lua_getfield(L, idx, "diagnosis");
  if (!lua_isnil(L, -1) && n < cap) ids[n++] = dx_value(L, -1, dx);
  lua_pop(L, 1);
  return n;
}

static void request_from_table(lua_State *L, int idx, const ygt_model *m, const ygt_codes *dx,
                               ygt_referral_request *q, int32_t *ids, size_t cap) {
  luaL_checktype(L, idx, LUA_TTABLE);
  ygt_referral_request_init(q);
  q->institution = ref_field(L, idx, "institution", m, ygt_model_institution_find);
  q->grid = ref_field(L, idx, "grid", m, ygt_model_grid_find);
  q->slip_issuer = ref_field(L, idx, "slip_issuer", m, ygt_model_institution_find);
  q->age = int_field(L, idx, "age", -1);
  q->sex = int_field(L, idx, "sex", 0);
  q->insurance = enum_field(L, idx, "insurance", insurance_parse, YGT_INSURANCE_RESIDENT);
  q->acuity = int_field(L, idx, "acuity", 0);
  q->phase = enum_field(L, idx, "phase", ygt_phase_from_name, 0);
  q->setting = enum_field(L, idx, "setting", ygt_setting_from_name, 0);
  q->direction = enum_field(L, idx, "direction", ygt_direction_from_name, 0);
  q->slip_day = int_field(L, idx, "slip_day", 0);
  q->today = int_field(L, idx, "today", 0);
  lua_getfield(L, idx, "cost_fen");
  q->cost_fen = lua_isnil(L, -1) ? 0 : (int64_t)luaL_checkinteger(L, -1);
  lua_pop(L, 1);
  q->ndiagnoses = diagnoses(L, idx, dx, ids, cap);
  q->diagnoses = ids;
}

/* ---- decisions ------------------------------------------------------------- */

static void set_string(lua_State *L, const char *key, const char *value) {
  lua_pushstring(L, value);
  lua_setfield(L, -2, key);
}

static void set_int(lua_State *L, const char *key, lua_Integer value) {
  lua_pushinteger(L, value);
  lua_setfield(L, -2, key);
}

static void push_decision(lua_State *L, const ygt_referral_rules *r, const ygt_model *m,
                          const ygt_referral_decision *d) {
  lua_newtable(L);
  set_string(L, "route", ygt_route_name(d->route));
  set_string(L, "state", ygt_referral_state_name(d->state));
  lua_newtable(L);
  for (int p = 0, n = 0; ygt_priority_name(p); p++)
    if (d->priority & (1 << p)) {
      lua_pushstring(L, ygt_priority_name(p));
      lua_rawseti(L, -2, ++n);
    }
  lua_setfield(L, -2, "priority");
  lua_newtable(L);
  lua_newtable(L);
  for (int i = 0; i < d->ndestinations; i++) {
    lua_pushstring(L, ygt_model_institution_code(m, d->destinations[i]));
    lua_rawseti(L, -3, i + 1);
    lua_pushinteger(L, d->destinations[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -3, "destination_indices");
  lua_setfield(L, -2, "destinations");
  if (d->institution >= 0) set_string(L, "institution", ygt_model_institution_code(m, d->institution));
  set_string(L, "tier", ygt_tier_name(d->tier));
  set_string(L, "setting", ygt_setting_name(d->setting));
  lua_pushboolean(L, d->slip_valid);
  lua_setfield(L, -2, "slip_valid");
  if (d->continuity >= 0) set_string(L, "continuity", ygt_continuity_name(d->continuity));
  lua_pushnumber(L, d->ratio);
  lua_setfield(L, -2, "ratio");
  set_int(L, "deductible_fen", d->deductible_fen);
  set_int(L, "fund_fen", d->fund_fen);
  set_int(L, "patient_fen", d->patient_fen);
  lua_newtable(L);
  for (int i = 0; i < d->ntrace; i++) {
    lua_pushstring(L, ygt_referral_rules_rule_id(r, d->trace[i]));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "trace");
  lua_pushboolean(L, d->trace_truncated);
  lua_setfield(L, -2, "trace_truncated");
  /* the raw struct, for episode:record() */
  ygt_referral_decision *raw = (ygt_referral_decision *)lua_newuserdata(L, sizeof *raw);
  *raw = *d;
  luaL_getmetatable(L, DECISION_T);
  lua_setmetatable(L, -2);
  lua_setfield(L, -2, "_raw");
}

/* rules:decide(request [, episode]) -> decision table */
static int l_decide(lua_State *L) {
  ygt_referral_rules *r = check_rules(L, 1);
  const ygt_model *m;
  const ygt_codes *dx;
  rules_parts(L, 1, &m, &dx);
  ygt_episode *ep = lua_isnoneornil(L, 3) ? NULL : check_episode(L, 3);
  ygt_referral_request q;
  int32_t ids[64];
  request_from_table(L, 2, m, dx, &q, ids, 64);
  ygt_referral_decision d;
  ygt_referral_decision_init(&d);
  int rc = ygt_referral_decide(&d, r, &q, ep);
  if (rc) return ygt_lua_fail(L, rc);
  push_decision(L, r, m, &d);
  return 1;
}

/* ---- batch ------------------------------------------------------------------ */

static const char *const batch_inputs[] = {"institution", "diagnosis", "age", "sex", "grid", "insurance",
                                           "acuity", "phase", "setting", "direction", "slip_issuer",
                                           "slip_day", "today", "episode_institution", NULL};

/* Column `key` of the table at idx into a new userdata array of n int32 (NULL when absent). */
static int32_t *int_column(lua_State *L, int idx, const char *key, size_t n) {
  lua_getfield(L, idx, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return NULL;
  }
  luaL_checktype(L, -1, LUA_TTABLE);
  if ((size_t)lua_rawlen(L, -1) != n) luaL_error(L, "column %s has %d values, not %d", key, (int)lua_rawlen(L, -1), (int)n);
  int32_t *a = (int32_t *)lua_newuserdata(L, (n ? n : 1) * sizeof *a);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, -2, (lua_Integer)i + 1);
    a[i] = (int32_t)luaL_checkinteger(L, -1);
    lua_pop(L, 1);
  }
  lua_replace(L, -2); /* keep the array on the stack until the call is done */
  return a;
}

static int64_t *int64_column(lua_State *L, int idx, const char *key, size_t n) {
  lua_getfield(L, idx, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return NULL;
  }
  luaL_checktype(L, -1, LUA_TTABLE);
  if ((size_t)lua_rawlen(L, -1) != n) luaL_error(L, "column %s has %d values, not %d", key, (int)lua_rawlen(L, -1), (int)n);
  int64_t *a = (int64_t *)lua_newuserdata(L, (n ? n : 1) * sizeof *a);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, -2, (lua_Integer)i + 1);
    a[i] = (int64_t)luaL_checkinteger(L, -1);
    lua_pop(L, 1);
  }
  lua_replace(L, -2);
  return a;
}

static void push_int_array(lua_State *L, const char *key, const int32_t *a, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, a[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, key);
}

static void push_int64_array(lua_State *L, const char *key, const int64_t *a, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, (lua_Integer)a[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, key);
}

/* rules:decide_batch{institution = {...}, diagnosis = {...}, ...} -> columns of results
 * (status, route, state, priority, destination, tier: integers; ratio; money in fen). */
static int l_decide_batch(lua_State *L) {
  ygt_referral_rules *r = check_rules(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checkstack(L, 40, "decide_batch");
  lua_getfield(L, 2, "institution");
  size_t n = lua_istable(L, -1) ? (size_t)lua_rawlen(L, -1) : 0;
  lua_pop(L, 1);
  ygt_referral_columns c;
  ygt_referral_columns_init(&c);
  c.n = n;
  const int32_t **in[] = {&c.institution, &c.diagnosis, &c.age, &c.sex, &c.grid, &c.insurance, &c.acuity,
                          &c.phase, &c.setting, &c.direction, &c.slip_issuer, &c.slip_day, &c.today,
                          &c.episode_institution};
  for (int k = 0; batch_inputs[k]; k++) *in[k] = int_column(L, 2, batch_inputs[k], n);
  c.cost_fen = int64_column(L, 2, "cost_fen", n);
  c.episode_paid_fen = int64_column(L, 2, "episode_paid_fen", n);
  size_t cap = n ? n : 1;
  int32_t *i32 = (int32_t *)lua_newuserdata(L, 6 * cap * sizeof *i32);
  int64_t *i64 = (int64_t *)lua_newuserdata(L, 3 * cap * sizeof *i64);
  double *ratio = (double *)lua_newuserdata(L, cap * sizeof *ratio);
  c.status = i32, c.route = i32 + cap, c.state = i32 + 2 * cap, c.priority = i32 + 3 * cap;
  c.destination = i32 + 4 * cap, c.tier = i32 + 5 * cap;
  c.deductible_fen = i64, c.fund_fen = i64 + cap, c.patient_fen = i64 + 2 * cap, c.ratio = ratio;
  int64_t bad = ygt_referral_decide_batch(r, &c);
  if (bad < 0) return ygt_lua_fail(L, (int)bad);
  lua_newtable(L);
  push_int_array(L, "status", c.status, n);
  push_int_array(L, "route", c.route, n);
  push_int_array(L, "state", c.state, n);
  push_int_array(L, "priority", c.priority, n);
  push_int_array(L, "destination", c.destination, n);
  push_int_array(L, "tier", c.tier, n);
  push_int64_array(L, "deductible_fen", c.deductible_fen, n);
  push_int64_array(L, "fund_fen", c.fund_fen, n);
  push_int64_array(L, "patient_fen", c.patient_fen, n);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushnumber(L, ratio[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "ratio");
  lua_pushinteger(L, (lua_Integer)bad);
  return 2;
}

/* ---- episodes ---------------------------------------------------------------- */

static int l_episode(lua_State *L) {
  ygt_episode *ep;
  int rc = ygt_episode_new(&ep);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, EPISODE_T, ep);
  return 1;
}

static int l_episode_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, EPISODE_T);
  ygt_episode_free((ygt_episode *)*slot);
  *slot = NULL;
  return 0;
}

static int ok_or_fail(lua_State *L, int rc) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* episode:record(rules, decision) */
static int l_record(lua_State *L) {
  ygt_episode *ep = check_episode(L, 1);
  ygt_referral_rules *r = check_rules(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_getfield(L, 3, "_raw");
  const ygt_referral_decision *d = (const ygt_referral_decision *)luaL_checkudata(L, -1, DECISION_T);
  return ok_or_fail(L, ygt_episode_record(ep, r, d));
}

static int l_set(lua_State *L) {
  return ok_or_fail(L, ygt_episode_set(check_episode(L, 1), (int32_t)luaL_checkinteger(L, 2),
                                       (int64_t)luaL_optinteger(L, 3, 0)));
}

static int l_set_state(lua_State *L) {
  ygt_episode *ep = check_episode(L, 1);
  int state;
  if (ygt_referral_state_from_name(&state, luaL_checkstring(L, 2))) return ygt_lua_fail(L, YGT_ENOTFOUND);
  return ok_or_fail(L, ygt_episode_set_state(ep, state));
}

static int l_ep_institution(lua_State *L) {
  lua_pushinteger(L, ygt_episode_institution(check_episode(L, 1)));
  return 1;
}

static int l_ep_paid(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_episode_paid_fen(check_episode(L, 1)));
  return 1;
}

static int l_ep_state(lua_State *L) {
  lua_pushstring(L, ygt_referral_state_name(ygt_episode_state(check_episode(L, 1))));
  return 1;
}

static int l_ep_steps(lua_State *L) {
  lua_pushinteger(L, ygt_episode_steps(check_episode(L, 1)));
  return 1;
}

/* ---- names -------------------------------------------------------------------- */

static int l_transition_allowed(lua_State *L) {
  int from, to;
  if (ygt_referral_state_from_name(&from, luaL_checkstring(L, 1)) ||
      ygt_referral_state_from_name(&to, luaL_checkstring(L, 2)))
    return ygt_lua_fail(L, YGT_ENOTFOUND);
  lua_pushboolean(L, ygt_referral_state_transition_allowed(from, to));
  return 1;
}

/* The enumerations of referral.h: route_name(v), route_from_name(s), ... and,
 * under the keys of list_keys, the lists of referral_names. */
static const ygt_lua_enum enums[] = {
  {"route", ygt_route_name, NULL, ygt_route_from_name},
  {"direction", ygt_direction_name, NULL, ygt_direction_from_name},
  {"referral_state", ygt_referral_state_name, NULL, ygt_referral_state_from_name},
  {"setting", ygt_setting_name, NULL, ygt_setting_from_name},
  {"phase", ygt_phase_name, NULL, ygt_phase_from_name},
  {"continuity", ygt_continuity_name, NULL, ygt_continuity_from_name},
  {"priority", ygt_priority_name, NULL, ygt_priority_from_name},
  {"referral_rule_kind", ygt_referral_rule_kind_name, NULL, NULL},
};
#define NENUMS (sizeof enums / sizeof enums[0])
static const char *const list_keys[NENUMS] = {"routes", "directions", "states", "settings",
                                              "phases", "continuity", "priorities", "rule_kinds"};

/* referral_names = {routes = {...}, states = {...}, ...}: lists in value order (value = position - 1). */
static void push_names(lua_State *L) {
  lua_newtable(L);
  for (size_t k = 0; k < NENUMS; k++) {
    lua_newtable(L);
    for (int v = 0; enums[k].name(v); v++) {
      lua_pushstring(L, enums[k].name(v));
      lua_rawseti(L, -2, v + 1);
    }
    lua_setfield(L, -2, list_keys[k]);
  }
}

static const luaL_Reg rules_methods[] = {
  {"count", l_count}, {"rule", l_rule}, {"slip_valid_days", l_slip_days}, {"inside", l_inside},
  {"decide", l_decide}, {"decide_batch", l_decide_batch}, {NULL, NULL},
};

static const luaL_Reg episode_methods[] = {
  {"record", l_record}, {"set", l_set}, {"set_state", l_set_state}, {"institution", l_ep_institution},
  {"paid_fen", l_ep_paid}, {"state", l_ep_state}, {"steps", l_ep_steps}, {NULL, NULL},
};

static const luaL_Reg functions[] = {
  {"referral_load", l_load}, {"referral_parse", l_parse}, {"episode", l_episode},
  {"referral_transition_allowed", l_transition_allowed}, {NULL, NULL},
};

void ygt_lua_open_referral(lua_State *L) {
  ygt_lua_register_type(L, RULES_T, rules_methods, l_rules_gc);
  ygt_lua_register_type(L, EPISODE_T, episode_methods, l_episode_gc);
  luaL_newmetatable(L, DECISION_T);
  lua_pop(L, 1);
  luaL_setfuncs(L, functions, 0);
  push_names(L);
  lua_setfield(L, -2, "referral_names");
  ygt_lua_register_enums(L, enums, NENUMS);
}
