/* Lua binding of the global budget (include/yigongti/budget.h).
 *
 *   local b = assert(ygt.budget_load(m, "examples/data/linxiang/budget.json"))
 *   local r = assert(b:settle(enc))          -- or b:settle(enc, card, {75})
 *   print(r:community(0).final, r:outflow_share())
 *   for _, l in ipairs(r:ledger()) do print(l.kind, l.month, l.amount) end
 *   local nb = assert(b:next(r))             -- next year's budget (next_year rule)
 *
 * Communities, institutions and destinations are 0-based indices (nil: all);
 * insurance types and tiers are names.  Amounts are integers of fen. */
#include "ygt_lua.h"

#define BUDGET_T "yigongti.budget"
#define REPORT_T "yigongti.budget_report"
#define MODEL_T "yigongti.model"
#define ENC_T "yigongti.encounters"
#define CARD_T "yigongti.scorecard"
#define RULES_T "yigongti.referral_rules"

static ygt_budget *check_budget(lua_State *L, int i) { return ygt_lua_check_handle(L, i, BUDGET_T); }
static ygt_budget_report *check_report(lua_State *L, int i) { return ygt_lua_check_handle(L, i, REPORT_T); }

static int opt_index(lua_State *L, int i) {
  return lua_isnoneornil(L, i) ? -1 : (int)luaL_checkinteger(L, i);
}

static int opt_insurance(lua_State *L, int i) {
  int ins = -1;
  if (!lua_isnoneornil(L, i) && ygt_insurance_from_name(&ins, luaL_checkstring(L, i)))
    return luaL_argerror(L, i, "unknown insurance type");
  return ins;
}

static int budget_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, BUDGET_T);
  ygt_budget_free(*slot);
  *slot = NULL;
  return 0;
}

static int report_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, REPORT_T);
  ygt_budget_report_free(*slot);
  *slot = NULL;
  return 0;
}

static int push_budget(lua_State *L, int rc, ygt_budget *b) {
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, BUDGET_T, b);
  return 1;
}

static int l_budget_load(lua_State *L) {
  const ygt_model *m = ygt_lua_check_handle(L, 1, MODEL_T);
  ygt_budget *b = NULL;
  int rc = ygt_budget_load(&b, m, luaL_checkstring(L, 2));
  return push_budget(L, rc, b);
}

static int l_budget_parse(lua_State *L) {
  const ygt_model *m = ygt_lua_check_handle(L, 1, MODEL_T);
  ygt_budget *b = NULL;
  int rc = ygt_budget_parse(&b, m, luaL_checkstring(L, 2), luaL_optstring(L, 3, NULL));
  return push_budget(L, rc, b);
}

/* budget:scaled(scale): a copy for a population scale times the model's. */
static int l_budget_scaled(lua_State *L) {
  ygt_budget *b = NULL;
  int rc = ygt_budget_scale(&b, check_budget(L, 1), luaL_checknumber(L, 2));
  return push_budget(L, rc, b);
}

/* budget:next(report): next year's budget from this one and its settlement (the file's next_year rule). */
static int l_budget_next(lua_State *L) {
  ygt_budget *b = NULL;
  int rc = ygt_budget_next(&b, check_budget(L, 1), check_report(L, 2));
  return push_budget(L, rc, b);
}

static int l_budget_year(lua_State *L) {
  lua_pushinteger(L, ygt_budget_year(check_budget(L, 1)));
  return 1;
}

static int l_budget_provenance(lua_State *L) {
  const char *s = ygt_budget_provenance(check_budget(L, 1), luaL_checkstring(L, 2));
  if (s) lua_pushstring(L, s);
  else lua_pushnil(L);
  return 1;
}

static int l_budget_amount(lua_State *L) {
  int64_t v;
  int rc = ygt_budget_amount(&v, check_budget(L, 1), (int32_t)luaL_checkinteger(L, 2), opt_insurance(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

/* budget:settle(model, encounters [, card, scores [, rules]]) with scores a
 * sequence by community index + 1; rules (referral rules) draw "out of the
 * county" at their pooling area instead of by tier. */
static int l_budget_settle(lua_State *L) {
  const ygt_budget *b = check_budget(L, 1);
  const ygt_model *m = ygt_lua_check_handle(L, 2, MODEL_T);
  const ygt_encounters *e = ygt_lua_check_handle(L, 3, ENC_T);
  const ygt_scorecard *card = lua_isnoneornil(L, 4) ? NULL : ygt_lua_check_handle(L, 4, CARD_T);
  const ygt_referral_rules *rules = lua_isnoneornil(L, 6) ? NULL : ygt_lua_check_handle(L, 6, RULES_T);
  if (card) luaL_checktype(L, 5, LUA_TTABLE);
  size_t n = card ? (size_t)lua_rawlen(L, 5) : 0;
  double *scores = n ? lua_newuserdata(L, n * sizeof *scores) : NULL;
  for (size_t k = 0; k < n; k++) {
    lua_rawgeti(L, 5, (lua_Integer)k + 1);
    scores[k] = luaL_checknumber(L, -1);
    lua_pop(L, 1);
  }
  ygt_budget_report *r = NULL;
  int rc = ygt_budget_settle_pooled(&r, b, m, rules, e, card, scores, n);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, REPORT_T, r);
  return 1;
}

/* ---- report ----------------------------------------------------------------- */

static int l_report_community(lua_State *L) {
  const ygt_budget_report *r = check_report(L, 1);
  int32_t c = opt_index(L, 2);
  int ins = opt_insurance(L, 3);
  lua_newtable(L);
  for (int f = 0; ygt_budget_field_name(f); f++) {
    int64_t v;
    int rc = ygt_budget_report_community(&v, r, c, ins, f);
    if (rc) return ygt_lua_fail(L, rc);
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, ygt_budget_field_name(f));
  }
  return 1;
}

static int inst_table(lua_State *L, const ygt_budget_report *r, int32_t index, int tier, int32_t c) {
  lua_newtable(L);
  for (int f = 0; ygt_budget_inst_field_name(f); f++) {
    int64_t v;
    int rc = tier < 0 ? ygt_budget_report_institution(&v, r, index, f) : ygt_budget_report_tier(&v, r, c, tier, f);
    if (rc) return ygt_lua_fail(L, rc);
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, ygt_budget_inst_field_name(f));
  }
  return 1;
}

static int l_report_institution(lua_State *L) {
  return inst_table(L, check_report(L, 1), (int32_t)luaL_checkinteger(L, 2), -1, -1);
}

static int l_report_tier(lua_State *L) {
  const ygt_budget_report *r = check_report(L, 1);
  int tier;
  if (ygt_tier_from_name(&tier, luaL_checkstring(L, 2))) return luaL_argerror(L, 2, "unknown tier");
  return inst_table(L, r, 0, tier, opt_index(L, 3));
}

static int l_report_ratio(lua_State *L) {
  double x;
  int rc = ygt_budget_report_ratio(&x, check_report(L, 1), opt_index(L, 2), opt_insurance(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, x);
  return 1;
}

static int l_report_destinations(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_budget_report_destinations(check_report(L, 1)));
  return 1;
}

static int l_report_flow(lua_State *L) {
  const ygt_budget_report *r = check_report(L, 1);
  int referred = lua_isnoneornil(L, 4) ? -1 : lua_toboolean(L, 4);
  int64_t v;
  int rc = ygt_budget_report_flow(&v, r, opt_index(L, 2), (int32_t)luaL_checkinteger(L, 3), referred);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

static int l_report_outflow_share(lua_State *L) {
  double x;
  int rc = ygt_budget_report_outflow_share(&x, check_report(L, 1), opt_index(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, x);
  return 1;
}

static int l_report_unattributed(lua_State *L) {
  int64_t fund, skipped;
  int rc = ygt_budget_report_unattributed(&fund, &skipped, check_report(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)fund);
  lua_pushinteger(L, (lua_Integer)skipped);
  return 2;
}

static void set_int(lua_State *L, const char *key, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

static int l_report_ledger(lua_State *L) {
  const ygt_budget_report *r = check_report(L, 1);
  lua_newtable(L);
  for (size_t k = 0; k < ygt_budget_report_ledger_count(r); k++) {
    int32_t c, i;
    int ins, month, kind;
    int64_t amount;
    ygt_budget_report_ledger_line(&c, &i, &ins, &month, &kind, &amount, r, k);
    lua_createtable(L, 0, 6);
    set_int(L, "community", c);
    if (i >= 0) set_int(L, "institution", i);
    if (ins >= 0) lua_pushstring(L, ygt_insurance_name(ins)), lua_setfield(L, -2, "insurance");
    set_int(L, "month", month);
    lua_pushstring(L, ygt_budget_entry_name(kind));
    lua_setfield(L, -2, "kind");
    set_int(L, "amount", (lua_Integer)amount);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 1;
}

/* ---- registration ------------------------------------------------------------------ */

static const luaL_Reg budget_methods[] = {
  {"year", l_budget_year}, {"provenance", l_budget_provenance}, {"amount", l_budget_amount},
  {"scaled", l_budget_scaled}, {"next", l_budget_next}, {"settle", l_budget_settle}, {NULL, NULL}};
static const luaL_Reg report_methods[] = {
  {"community", l_report_community}, {"institution", l_report_institution}, {"tier", l_report_tier},
  {"ratio", l_report_ratio}, {"destinations", l_report_destinations}, {"flow", l_report_flow},
  {"outflow_share", l_report_outflow_share}, {"unattributed", l_report_unattributed},
  {"ledger", l_report_ledger}, {NULL, NULL}};
static const luaL_Reg functions[] = {
  {"budget_load", l_budget_load}, {"budget_parse", l_budget_parse}, {NULL, NULL}};

void ygt_lua_open_budget(lua_State *L) {
  ygt_lua_register_type(L, BUDGET_T, budget_methods, budget_gc);
  ygt_lua_register_type(L, REPORT_T, report_methods, report_gc);
  luaL_setfuncs(L, functions, 0);
}
