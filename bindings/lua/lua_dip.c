/* Lua binding of DIP and the settlement machinery (include/yigongti/dip.h,
 * include/yigongti/settle.h), and of the settlement columns of batches.
 *
 *   local cat = assert(ygt.dip_catalog_load(dx, proc, "dip-catalogue.tsv"))
 *   local params = assert(ygt.settle_params_load("dip-params.json"))
 *   local engine = assert(ygt.dip_engine(cat, params, model))
 *   local r = assert(ygt.dip_settle(engine, cases))   -- r.amount[row], r.point_value.employee ...
 *
 * Rows are 1-based; groups are returned as codes; statuses and reasons as
 * numbers (ygt.settle_status_name / ygt.settle_reason_name name them);
 * money is integer fen.  Handles keep what they borrow in their user value. */
#include <stdlib.h>
#include <string.h>

#include "ygt_lua.h"

#define CAT_T "yigongti.dip_catalog"
#define PARAMS_T "yigongti.settle_params"
#define ENGINE_T "yigongti.dip_engine"
#define ACCUM_T "yigongti.settle_accum"
#define VALUES_T "yigongti.settle_values"

static ygt_dip_catalog *check_cat(lua_State *L, int i) { return ygt_lua_check_handle(L, i, CAT_T); }
static ygt_settle_params *check_params(lua_State *L, int i) { return ygt_lua_check_handle(L, i, PARAMS_T); }
static ygt_dip_engine *check_engine(lua_State *L, int i) { return ygt_lua_check_handle(L, i, ENGINE_T); }
static ygt_settle_accum *check_acc(lua_State *L, int i) { return ygt_lua_check_handle(L, i, ACCUM_T); }
static ygt_settle_values *check_values(lua_State *L, int i) { return ygt_lua_check_handle(L, i, VALUES_T); }
static ygt_settle_accum *opt_acc(lua_State *L, int i) { return lua_isnoneornil(L, i) ? NULL : check_acc(L, i); }

/* Keeps the values at the given stack slots alive with the handle on top. */
static void keep(lua_State *L, int a, int b, int c) {
  lua_createtable(L, 3, 0);
  int slots[3] = {a, b, c};
  for (int k = 0; k < 3; k++)
    if (slots[k]) {
      lua_pushvalue(L, slots[k]);
      lua_rawseti(L, -2, k + 1);
    }
  ygt_compat_setuservalue(L, -2);
}

static int insurance_arg(lua_State *L, int idx) {
  if (lua_isnoneornil(L, idx)) return -1;
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)lua_tointeger(L, idx);
  int ins;
  if (ygt_insurance_from_name(&ins, luaL_checkstring(L, idx))) return luaL_argerror(L, idx, "unknown insurance type");
  return ins;
}

static int field_arg(lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)lua_tointeger(L, idx);
  const char *name = luaL_checkstring(L, idx);
  for (int f = 0; ygt_settle_field_name(f); f++)
    if (strcmp(ygt_settle_field_name(f), name) == 0) return f;
  return luaL_argerror(L, idx, "unknown field");
}

#define GC(name, type, fn)                                       \
  static int name(lua_State *L) {                                \
    void **slot = (void **)luaL_checkudata(L, 1, type);          \
    fn(*slot);                                                   \
    *slot = NULL;                                                \
    return 0;                                                    \
  }
GC(cat_gc, CAT_T, ygt_dip_catalog_free)
GC(params_gc, PARAMS_T, ygt_settle_params_free)
GC(engine_gc, ENGINE_T, ygt_dip_engine_free)
GC(acc_gc, ACCUM_T, ygt_settle_accum_free)
GC(values_gc, VALUES_T, ygt_settle_values_free)

/* ---- case columns ------------------------------------------------------ */

static int l_set_int64(lua_State *L) {
  int rc = ygt_cases_set_int64(ygt_lua_check_cases(L, 1), (size_t)luaL_checkinteger(L, 2) - 1,
                               (int)luaL_checkinteger(L, 3), (int64_t)luaL_checkinteger(L, 4));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_get_int64(lua_State *L) {
  int64_t v;
  int rc = ygt_cases_get_int64(ygt_lua_check_cases(L, 1), (size_t)luaL_checkinteger(L, 2) - 1,
                               (int)luaL_checkinteger(L, 3), &v);
  if (rc) return ygt_lua_fail(L, rc);
  if (v == ygt_cases_na64()) lua_pushnil(L);
  else lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

/* cases_attach_int64(cases, column, {fen...}): copied once into a block the
 * batch keeps in its user value (Lua has no arrays to share). */
static int l_attach_int64(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  int col = (int)luaL_checkinteger(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  size_t n = (size_t)lua_rawlen(L, 3);
  int64_t *block = (int64_t *)lua_newuserdata(L, (n + 1) * sizeof *block);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 3, (lua_Integer)i + 1);
    block[i] = (int64_t)luaL_checkinteger(L, -1);
    lua_pop(L, 1);
  }
  int rc = ygt_cases_attach_int64(c, col, block, n);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_compat_getuservalue(L, 1);
  lua_pushvalue(L, -2);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_na64(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_cases_na64());
  return 1;
}

static int l_resolve(lua_State *L) {
  int64_t n = ygt_cases_resolve_institutions(ygt_lua_check_cases(L, 1),
                                             ygt_lua_check_handle(L, 2, "yigongti.model"));
  if (n < 0) return ygt_lua_fail(L, (int)n);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* ---- catalogue ---------------------------------------------------------- */

/* dip_catalog_load(dx, proc, path [, scores]): scores is a score table keyed by group code. */
static int l_catalog_load(lua_State *L) {
  ygt_dip_catalog *cat;
  const ygt_codes *dx = ygt_lua_check_handle(L, 1, "yigongti.codes"), *proc = ygt_lua_check_handle(L, 2, "yigongti.codes");
  const char *path = luaL_checkstring(L, 3), *scores = luaL_optstring(L, 4, NULL);
  int rc = scores ? ygt_dip_catalog_load_scored(&cat, dx, proc, path, scores) : ygt_dip_catalog_load(&cat, dx, proc, path);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CAT_T, cat);
  keep(L, 1, 2, 0);
  return 1;
}

static int l_cat_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_dip_catalog_group_count(check_cat(L, 1)));
  return 1;
}

/* group(code): a table {code, name, kind, grassroots, rw, parent (subdivisions)}, or nil. */
static int l_cat_group(lua_State *L) {
  ygt_dip_catalog *cat = check_cat(L, 1);
  int32_t g = ygt_dip_catalog_group_find(cat, luaL_checkstring(L, 2));
  if (g < 0) return ygt_lua_fail(L, g);
  double rw;
  ygt_dip_group_rw(&rw, cat, g);
  lua_createtable(L, 0, 5);
  lua_pushstring(L, ygt_dip_group_code(cat, g));
  lua_setfield(L, -2, "code");
  lua_pushstring(L, ygt_dip_group_name(cat, g));
  lua_setfield(L, -2, "name");
  static const char *const kinds[] = {"", "core", "comprehensive", "pregroup", "subdivision"};
  int kind = ygt_dip_group_kind(cat, g);
  lua_pushstring(L, kind >= YGT_DIP_CORE && kind <= YGT_DIP_SUBDIVISION ? kinds[kind] : "?");
  lua_setfield(L, -2, "kind");
  int32_t parent = ygt_dip_group_parent(cat, g);
  if (parent >= 0) {
    lua_pushstring(L, ygt_dip_group_code(cat, parent));
    lua_setfield(L, -2, "parent");
  }
  lua_pushboolean(L, ygt_dip_group_grassroots(cat, g) == 1);
  lua_setfield(L, -2, "grassroots");
  lua_pushnumber(L, rw);
  lua_setfield(L, -2, "rw");
  return 1;
}

/* std_cost(code, level): the standard cost in fen at a hospital level (0-7). */
static int l_cat_std_cost(lua_State *L) {
  ygt_dip_catalog *cat = check_cat(L, 1);
  int32_t g = ygt_dip_catalog_group_find(cat, luaL_checkstring(L, 2));
  if (g < 0) return ygt_lua_fail(L, g);
  int64_t v;
  int rc = ygt_dip_group_std_cost(&v, cat, g, (int)luaL_checkinteger(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

/* match(cases, row): group code (nil when unmatched) and the trace. */
static int l_cat_match(lua_State *L) {
  ygt_dip_catalog *cat = check_cat(L, 1);
  char trace[1024];
  int32_t g = ygt_dip_match(trace, sizeof trace, cat, ygt_lua_check_cases(L, 2), (size_t)luaL_checkinteger(L, 3) - 1);
  if (g < 0 && g != YGT_ENOTFOUND) return ygt_lua_fail(L, g);
  if (g >= 0) lua_pushstring(L, ygt_dip_group_code(cat, g));
  else lua_pushnil(L);
  lua_pushstring(L, trace);
  return 2;
}

/* ---- parameters ----------------------------------------------------------- */

static int push_params(lua_State *L, int rc, ygt_settle_params *p) {
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, PARAMS_T, p);
  return 1;
}

static int l_params_load(lua_State *L) {
  ygt_settle_params *p;
  int rc = ygt_settle_params_load(&p, luaL_checkstring(L, 1));
  return push_params(L, rc, p);
}

static int l_params_parse(lua_State *L) {
  ygt_settle_params *p;
  int rc = ygt_settle_params_parse(&p, luaL_checkstring(L, 1), luaL_optstring(L, 2, NULL));
  return push_params(L, rc, p);
}

/* p:scaled(s): ygt_settle_params_scale (whole-county amounts × s). */
static int l_params_scaled(lua_State *L) {
  ygt_settle_params *p;
  int rc = ygt_settle_params_scale(&p, check_params(L, 1), luaL_checknumber(L, 2));
  return push_params(L, rc, p);
}

static int l_params_id(lua_State *L) {
  lua_pushstring(L, ygt_settle_params_id(check_params(L, 1)));
  return 1;
}

static int l_params_provenance(lua_State *L) {
  const char *v = ygt_settle_params_provenance(check_params(L, 1), luaL_checkstring(L, 2));
  if (!v) return luaL_argerror(L, 2, "unknown provenance key");
  lua_pushstring(L, v);
  return 1;
}

static int l_params_get(lua_State *L) {
  double v;
  int rc = ygt_settle_params_get(&v, check_params(L, 1), (int)luaL_checkinteger(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, v);
  return 1;
}

static int l_params_level_coef(lua_State *L) {
  double v;
  int rc = ygt_settle_params_level_coef(&v, check_params(L, 1), (int)luaL_checkinteger(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, v);
  return 1;
}

static int l_params_has_insurance(lua_State *L) {
  lua_pushboolean(L, ygt_settle_params_has_insurance(check_params(L, 1), insurance_arg(L, 2)));
  return 1;
}

/* ---- engine --------------------------------------------------------------- */

static int l_engine(lua_State *L) {
  ygt_dip_engine *e;
  int rc = ygt_dip_engine_new(&e, check_cat(L, 1), check_params(L, 2), ygt_lua_check_handle(L, 3, "yigongti.model"));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, ENGINE_T, e);
  keep(L, 1, 2, 0);
  return 1;
}

static void push_i64_array(lua_State *L, const int64_t *v, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, (lua_Integer)v[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
}

static void push_i8_array(lua_State *L, const int8_t *v, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, v[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
}

typedef struct scored {
  size_t n;
  int32_t *group;
  int8_t *status, *reason;
  int64_t *units, *amount, *fund;
} scored;

static void scored_free(scored *s) {
  free(s->group); free(s->status); free(s->reason); free(s->units); free(s->amount); free(s->fund);
}

static int scored_alloc(scored *s, size_t n) {
  size_t m = n ? n : 1;
  s->n = n;
  s->group = calloc(m, sizeof *s->group);
  s->status = calloc(m, 1);
  s->reason = calloc(m, 1);
  s->units = calloc(m, sizeof *s->units);
  s->amount = calloc(m, sizeof *s->amount);
  s->fund = calloc(m, sizeof *s->fund);
  return s->group && s->status && s->reason && s->units && s->amount && s->fund;
}

/* Pushes {group = {codes}, status = {...}, reason = {...}, score_units = {...}}. */
static void push_scored(lua_State *L, const ygt_dip_catalog *cat, const scored *s, int priced) {
  lua_createtable(L, 0, 6);
  lua_createtable(L, (int)s->n, 0);
  for (size_t i = 0; i < s->n; i++) {
    const char *code = s->group[i] >= 0 ? ygt_dip_group_code(cat, s->group[i]) : "";
    lua_pushstring(L, code);
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "group");
  push_i8_array(L, s->status, s->n);
  lua_setfield(L, -2, "status");
  push_i8_array(L, s->reason, s->n);
  lua_setfield(L, -2, "reason");
  push_i64_array(L, s->units, s->n);
  lua_setfield(L, -2, "score_units");
  if (!priced) return;
  push_i64_array(L, s->amount, s->n);
  lua_setfield(L, -2, "amount");
  push_i64_array(L, s->fund, s->n);
  lua_setfield(L, -2, "fund");
}

/* score(cases [, acc]): the per-case results (a table of arrays). */
static int l_engine_score(lua_State *L) {
  ygt_dip_engine *e = check_engine(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  ygt_settle_accum *acc = opt_acc(L, 3);
  scored s;
  if (!scored_alloc(&s, ygt_cases_count(c))) {
    scored_free(&s);
    return luaL_error(L, "out of memory");
  }
  int rc = ygt_dip_score(acc, s.group, s.status, s.reason, s.units, e, c, 0, s.n);
  if (rc) {
    scored_free(&s);
    return ygt_lua_fail(L, rc);
  }
  ygt_compat_getuservalue(L, 1);
  lua_rawgeti(L, -1, 1);
  push_scored(L, ygt_lua_check_handle(L, -1, CAT_T), &s, 0);
  scored_free(&s);
  return 1;
}

static int l_engine_explain(lua_State *L) {
  char buf[2048];
  int rc = ygt_dip_explain(buf, sizeof buf, check_engine(L, 1), ygt_lua_check_cases(L, 2),
                           (size_t)luaL_checkinteger(L, 3) - 1);
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushstring(L, buf);
  return 1;
}

/* ---- accumulators and values --------------------------------------------- */

static int l_accum(lua_State *L) {
  ygt_settle_accum *a;
  int rc = ygt_settle_accum_new(&a, (size_t)luaL_checkinteger(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, ACCUM_T, a);
  return 1;
}

/* add(inst, insurance, month, status [, reason, score, base, cost, share, fund]); inst 1-based. */
static int l_acc_add(lua_State *L) {
  int rc = ygt_settle_accum_add(check_acc(L, 1), (int32_t)luaL_checkinteger(L, 2) - 1, insurance_arg(L, 3),
                                (int)luaL_checkinteger(L, 4), (int)luaL_checkinteger(L, 5),
                                (int)luaL_optinteger(L, 6, 0), luaL_optinteger(L, 7, 0), luaL_optinteger(L, 8, 0),
                                luaL_optinteger(L, 9, 0), luaL_optinteger(L, 10, 0), luaL_optinteger(L, 11, 0));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_acc_merge(lua_State *L) {
  int rc = ygt_settle_accum_merge(check_acc(L, 1), check_acc(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* total(field [, inst (1-based, nil all), insurance, month]). */
static int l_acc_total(lua_State *L) {
  int64_t v;
  int32_t inst = lua_isnoneornil(L, 3) ? -1 : (int32_t)luaL_checkinteger(L, 3) - 1;
  int month = lua_isnoneornil(L, 5) ? -1 : (int)luaL_checkinteger(L, 5);
  int rc = ygt_settle_accum_total(&v, check_acc(L, 1), field_arg(L, 2), inst, insurance_arg(L, 4), month);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

static int l_acc_institutions(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_settle_accum_institutions(check_acc(L, 1)));
  return 1;
}

static int l_finalise(lua_State *L) {
  ygt_settle_values *v;
  int rc = ygt_settle_finalise(&v, check_acc(L, 1), check_params(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, VALUES_T, v);
  return 1;
}

static int value_of(lua_State *L, int what) {
  double v;
  int rc = ygt_settle_values_get(&v, check_values(L, 1), what, insurance_arg(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, v);
  return 1;
}

static int l_point_value(lua_State *L) { return value_of(L, YGT_VALUE_POINT_VALUE); }
static int l_budget_point_value(lua_State *L) { return value_of(L, YGT_VALUE_BUDGET_POINT_VALUE); }
static int l_total_points(lua_State *L) { return value_of(L, YGT_VALUE_TOTAL_POINTS); }
static int l_fund_base(lua_State *L) { return value_of(L, YGT_VALUE_FUND_BASE); }
static int l_point_value_fen(lua_State *L) { return value_of(L, YGT_VALUE_POINT_VALUE_FEN); }

/* v:price_explain(cases, status, units, row): the price of one scored case in words (row 1-based). */
static int l_price_explain(lua_State *L) {
  char buf[1024];
  int rc = ygt_settle_price_explain(buf, sizeof buf, check_values(L, 1), ygt_lua_check_cases(L, 2),
                                    (int)luaL_checkinteger(L, 3), (int64_t)luaL_checkinteger(L, 4),
                                    (size_t)luaL_checkinteger(L, 5) - 1);
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushstring(L, buf);
  return 1;
}

/* ygt.settle_patient_share(cases, row): the share in fen, or nil when the case gives none. */
static int l_patient_share(lua_State *L) {
  int64_t share;
  int rc = ygt_settle_patient_share(&share, ygt_lua_check_cases(L, 1), (size_t)luaL_checkinteger(L, 2) - 1);
  if (rc) return ygt_lua_fail(L, rc);
  if (share == YGT_CASES_NA64) lua_pushnil(L);
  else lua_pushinteger(L, (lua_Integer)share);
  return 1;
}

static int l_values_params_id(lua_State *L) {
  lua_pushstring(L, ygt_settle_values_params_id(check_values(L, 1)));
  return 1;
}

static int l_special_review(lua_State *L) {
  int64_t count, allowed;
  int over = ygt_settle_values_special_review(&count, &allowed, check_values(L, 1));
  lua_pushinteger(L, (lua_Integer)count);
  lua_pushinteger(L, (lua_Integer)allowed);
  lua_pushboolean(L, over);
  return 3;
}

static int l_prepayment(lua_State *L) {
  int64_t v;
  int32_t inst = lua_isnoneornil(L, 3) ? -1 : (int32_t)luaL_checkinteger(L, 3) - 1;
  int month = lua_isnoneornil(L, 5) ? -1 : (int)luaL_checkinteger(L, 5);
  int rc = ygt_settle_prepayment(&v, check_acc(L, 1), check_values(L, 2), inst, insurance_arg(L, 4), month);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

/* settle_prepayment_floors(ledger, values [, inst, insurance, month]): cells, fen. */
static int l_prepayment_floors(lua_State *L) {
  int64_t cells, raised;
  int32_t inst = lua_isnoneornil(L, 3) ? -1 : (int32_t)luaL_checkinteger(L, 3) - 1;
  int month = lua_isnoneornil(L, 5) ? -1 : (int)luaL_checkinteger(L, 5);
  int rc = ygt_settle_prepayment_floors(&cells, &raised, check_acc(L, 1), check_values(L, 2), inst,
                                        insurance_arg(L, 4), month);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)cells);
  lua_pushinteger(L, (lua_Integer)raised);
  return 2;
}

static int l_clearing(lua_State *L) {
  int64_t v;
  int32_t inst = lua_isnoneornil(L, 3) ? -1 : (int32_t)luaL_checkinteger(L, 3) - 1;
  int rc = ygt_settle_clearing(&v, check_acc(L, 1), check_values(L, 2), inst, insurance_arg(L, 4));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

/* settle_price(values, cases, status, score_units [, ledger]): amount and
 * fund tables (fen) from the per-case tables of engine:score(). */
static int l_price(lua_State *L) {
  ygt_settle_values *v = check_values(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  luaL_checktype(L, 4, LUA_TTABLE);
  ygt_settle_accum *ledger = opt_acc(L, 5);
  scored s;
  if (!scored_alloc(&s, ygt_cases_count(c))) {
    scored_free(&s);
    return luaL_error(L, "out of memory");
  }
  for (size_t i = 0; i < s.n; i++) {
    lua_rawgeti(L, 3, (lua_Integer)i + 1);
    s.status[i] = (int8_t)luaL_optinteger(L, -1, YGT_SETTLE_INVALID);
    lua_rawgeti(L, 4, (lua_Integer)i + 1);
    s.units[i] = (int64_t)luaL_optinteger(L, -1, 0);
    lua_pop(L, 2);
  }
  int rc = ygt_settle_price(ledger, s.amount, s.fund, v, c, s.status, s.units, 0, s.n);
  if (rc) {
    scored_free(&s);
    return ygt_lua_fail(L, rc);
  }
  push_i64_array(L, s.amount, s.n);
  push_i64_array(L, s.fund, s.n);
  scored_free(&s);
  return 2;
}

/* dip_settle(engine, cases, model_size, params): score, finalise, price.
 * Returns the per-case table plus point_value, budget_point_value,
 * params_id and the scoring accumulator and ledger. */
static int l_settle(lua_State *L) {
  ygt_dip_engine *e = check_engine(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  ygt_compat_getuservalue(L, 1);
  lua_rawgeti(L, -1, 1);
  ygt_dip_catalog *cat = ygt_lua_check_handle(L, -1, CAT_T);
  lua_rawgeti(L, -2, 2);
  ygt_settle_params *p = ygt_lua_check_handle(L, -1, PARAMS_T);
  size_t ninst = (size_t)luaL_checkinteger(L, 3);
  ygt_settle_accum *acc, *ledger;
  ygt_settle_values *v = NULL;
  int rc = ygt_settle_accum_new(&acc, ninst);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, ACCUM_T, acc);
  if ((rc = ygt_settle_accum_new(&ledger, ninst))) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, ACCUM_T, ledger);
  scored s;
  if (!scored_alloc(&s, ygt_cases_count(c))) {
    scored_free(&s);
    return luaL_error(L, "out of memory");
  }
  rc = ygt_dip_score(acc, s.group, s.status, s.reason, s.units, e, c, 0, s.n);
  if (!rc) rc = ygt_settle_finalise(&v, acc, p);
  if (!rc) rc = ygt_settle_price(ledger, s.amount, s.fund, v, c, s.status, s.units, 0, s.n);
  if (rc) {
    scored_free(&s);
    ygt_settle_values_free(v);
    return ygt_lua_fail(L, rc);
  }
  int slots = lua_gettop(L); /* ..., acc, ledger */
  push_scored(L, cat, &s, 1);
  scored_free(&s);
  ygt_lua_new_handle(L, VALUES_T, v);
  lua_setfield(L, -2, "values");
  lua_pushvalue(L, slots - 1);
  lua_setfield(L, -2, "scores");
  lua_pushvalue(L, slots);
  lua_setfield(L, -2, "ledger");
  return 1;
}

static const luaL_Reg cat_methods[] = {
  {"count", l_cat_count}, {"group", l_cat_group}, {"std_cost", l_cat_std_cost}, {"match", l_cat_match},
  {NULL, NULL}};
static const luaL_Reg params_methods[] = {
  {"id", l_params_id}, {"provenance", l_params_provenance}, {"get", l_params_get},
  {"level_coef", l_params_level_coef}, {"has_insurance", l_params_has_insurance}, {"scaled", l_params_scaled},
  {NULL, NULL}};
static const luaL_Reg engine_methods[] = {{"score", l_engine_score}, {"explain", l_engine_explain}, {NULL, NULL}};
static const luaL_Reg acc_methods[] = {
  {"add", l_acc_add}, {"merge", l_acc_merge}, {"total", l_acc_total}, {"institutions", l_acc_institutions},
  {NULL, NULL}};
static const luaL_Reg values_methods[] = {
  {"point_value", l_point_value}, {"budget_point_value", l_budget_point_value},
  {"total_points", l_total_points}, {"fund_base", l_fund_base}, {"params_id", l_values_params_id},
  {"point_value_fen", l_point_value_fen}, {"price_explain", l_price_explain},
  {"special_review", l_special_review}, {NULL, NULL}};

static int l_status_name(lua_State *L) {
  lua_pushstring(L, ygt_settle_status_name((int)luaL_checkinteger(L, 1)));
  return 1;
}

static int l_reason_name(lua_State *L) {
  lua_pushstring(L, ygt_settle_reason_name((int)luaL_checkinteger(L, 1)));
  return 1;
}

static int l_proc_type_name(lua_State *L) {
  lua_pushstring(L, ygt_dip_proc_type_name((int)luaL_checkinteger(L, 1)));
  return 1;
}

static int l_field_name(lua_State *L) {
  lua_pushstring(L, ygt_settle_field_name((int)luaL_checkinteger(L, 1)));
  return 1;
}

static const luaL_Reg functions[] = {
  {"cases_attach_int64", l_attach_int64}, {"cases_na64", l_na64}, {"dip_proc_type_name", l_proc_type_name},
  {"settle_field_name", l_field_name}, {"settle_price", l_price},
  {"cases_set_int64", l_set_int64}, {"cases_get_int64", l_get_int64},
  {"cases_resolve_institutions", l_resolve}, {"dip_catalog_load", l_catalog_load},
  {"settle_params_load", l_params_load}, {"settle_params_parse", l_params_parse},
  {"dip_engine", l_engine}, {"settle_accum", l_accum}, {"settle_finalise", l_finalise},
  {"settle_prepayment", l_prepayment}, {"settle_clearing", l_clearing}, {"dip_settle", l_settle},
  {"settle_prepayment_floors", l_prepayment_floors}, {"settle_patient_share", l_patient_share},
  {"settle_status_name", l_status_name}, {"settle_reason_name", l_reason_name}, {NULL, NULL}};

void ygt_lua_open_dip(lua_State *L) {
  ygt_lua_register_type(L, CAT_T, cat_methods, cat_gc);
  ygt_lua_register_type(L, PARAMS_T, params_methods, params_gc);
  ygt_lua_register_type(L, ENGINE_T, engine_methods, engine_gc);
  ygt_lua_register_type(L, ACCUM_T, acc_methods, acc_gc);
  ygt_lua_register_type(L, VALUES_T, values_methods, values_gc);
  luaL_setfuncs(L, functions, 0);
  lua_pushinteger(L, (lua_Integer)ygt_settle_score_unit());
  lua_setfield(L, -2, "settle_score_unit");
}
