/* Lua binding of the payment methods beside DIP: the DRG rate method
 * (drgpay.h), the point method (points.h), capitation (capitation.h),
 * per-diem payment (perdiem.h) and workload equivalents (workload.h).
 *
 *   local rates = assert(ygt.drgpay_load("drg-rates.tsv"))
 *   rates:set_base_rate(12000, "employee", "3A")
 *   local r = assert(rates:settle(model, cases, {"G1", "G2"}))   -- r.fund[row] in fen
 *   local pts = assert(ygt.points_load("drg-points.tsv"))
 *   local s = assert(pts:score(model, cases, {"P1", "P1"}, acc))
 *
 * Rows are 1-based; groups and classes are given by code per row ("" for
 * none); institutions are 0-based model indexes; money is integer fen;
 * parameters are named as in the Python binding. */
#include <stdlib.h>
#include <string.h>

#include "ygt_lua.h"

#define DRG_T "yigongti.drgpay"
#define POINTS_T "yigongti.points"
#define PERDIEM_T "yigongti.perdiem"
#define WORKLOAD_T "yigongti.workload"
#define ACCUM_T "yigongti.settle_accum"
#define VALUES_T "yigongti.settle_values"
#define MODEL_T "yigongti.model"

static const char *const drg_params[] = {"min_los", "max_los", "special_quota", "basic_level", "fund_rule", NULL};
static const char *const drg_level_params[] = {"adjust", "high_factor", "low_factor", NULL};
static const char *const point_params[] = {
  "low_ratio", "band1_max", "band2_max", "high_factor1", "high_factor2", "high_factor3", "high_variant",
  "area_mean_cost", "value_variant", "readmit_days", "readmit_factor", "min_group_cases", "prepay_ratio",
  "coef_mode", "blend_inst", "blend_level", "missing_below", "missing_above", "incomplete_mask", "low_cap",
  "special_quota", "fund_from_cases", NULL};

static ygt_drgpay *check_drg(lua_State *L, int i) { return ygt_lua_check_handle(L, i, DRG_T); }
static ygt_points *check_points(lua_State *L, int i) { return ygt_lua_check_handle(L, i, POINTS_T); }
static ygt_perdiem *check_perdiem(lua_State *L, int i) { return ygt_lua_check_handle(L, i, PERDIEM_T); }
static ygt_workload *check_workload(lua_State *L, int i) { return ygt_lua_check_handle(L, i, WORKLOAD_T); }
static const ygt_model *check_model(lua_State *L, int i) { return ygt_lua_check_handle(L, i, MODEL_T); }
static ygt_settle_accum *opt_acc(lua_State *L, int i) {
  return lua_isnoneornil(L, i) ? NULL : ygt_lua_check_handle(L, i, ACCUM_T);
}

static int done(lua_State *L, int rc) {
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* The result of a call returning a number: the number, or nil, message, code. */
static int number_result(lua_State *L, int rc, double v) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, v);
  return 1;
}

static int integer_result(lua_State *L, int rc, int64_t v) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

static int insurance_arg(lua_State *L, int idx) {
  if (lua_isnoneornil(L, idx)) return -1;
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)lua_tointeger(L, idx);
  int ins;
  if (ygt_insurance_from_name(&ins, luaL_checkstring(L, idx))) return luaL_argerror(L, idx, "unknown insurance type");
  return ins;
}

static int level_arg(lua_State *L, int idx) {
  if (lua_isnoneornil(L, idx)) return -1;
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)lua_tointeger(L, idx);
  int level;
  if (ygt_hospital_level_from_name(&level, luaL_checkstring(L, idx))) return luaL_argerror(L, idx, "unknown level");
  return level;
}

static int key_arg(lua_State *L, int idx, const char *const *names) {
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)lua_tointeger(L, idx);
  return luaL_checkoption(L, idx, NULL, names);
}

/* ---- arrays ------------------------------------------------------------ */

static void *arr(lua_State *L, size_t n, size_t size) {
  void *p = lua_newuserdata(L, (n ? n : 1) * size); /* collected with the call's stack */
  memset(p, 0, (n ? n : 1) * size);
  return p;
}

static size_t len(lua_State *L, int idx) {
  luaL_checktype(L, idx, LUA_TTABLE);
  return (size_t)lua_rawlen(L, idx);
}

static int64_t *int64_table(lua_State *L, int idx, size_t n) {
  int64_t *v = arr(L, n, sizeof *v);
  for (size_t i = 0; i < n && !lua_isnoneornil(L, idx); i++) {
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    v[i] = (int64_t)luaL_optinteger(L, -1, 0);
    lua_pop(L, 1);
  }
  return v;
}

static int32_t *int32_table(lua_State *L, int idx, size_t n) {
  int32_t *v = arr(L, n, sizeof *v);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    v[i] = (int32_t)luaL_optinteger(L, -1, -1);
    lua_pop(L, 1);
  }
  return v;
}

static double *double_table(lua_State *L, int idx, size_t n) {
  double *v = arr(L, n, sizeof *v);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    v[i] = luaL_optnumber(L, -1, 1.0);
    lua_pop(L, 1);
  }
  return v;
}

/* Group indexes of a table of codes per row (find maps a code). */
static int32_t *code_table(lua_State *L, int idx, size_t n, const void *obj, int32_t (*find)(const void *, const char *)) {
  int32_t *v = arr(L, n, sizeof *v);
  luaL_checktype(L, idx, LUA_TTABLE);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    const char *code = lua_tostring(L, -1);
    v[i] = code && code[0] ? find(obj, code) : -1;
    lua_pop(L, 1);
  }
  return v;
}

static int32_t find_drg(const void *p, const char *c) { return ygt_drgpay_group_find(p, c); }
static int32_t find_points(const void *p, const char *c) { return ygt_points_group_find(p, c); }
static int32_t find_class(const void *p, const char *c) { return ygt_perdiem_class_find(p, c); }

static void push_i64(lua_State *L, const int64_t *v, size_t n, const char *name) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, (lua_Integer)v[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  if (name) lua_setfield(L, -2, name);
}

static void push_i8(lua_State *L, const int8_t *v, size_t n, const char *name) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, v[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, name);
}

static void push_doubles(lua_State *L, const double *v, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushnumber(L, v[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* The outputs of a settle call, pushed as {status, reason, amount, fund}. */
typedef struct outs {
  int8_t *status, *reason;
  int64_t *amount, *fund;
} outs;

static outs new_outs(lua_State *L, size_t n) {
  outs o = {arr(L, n, 1), arr(L, n, 1), arr(L, n, 8), arr(L, n, 8)};
  return o;
}

static int push_outs(lua_State *L, const outs *o, size_t n) {
  lua_createtable(L, 0, 4);
  push_i8(L, o->status, n, "status");
  push_i8(L, o->reason, n, "reason");
  push_i64(L, o->amount, n, "amount");
  push_i64(L, o->fund, n, "fund");
  return 1;
}

#define GC(name, type, fn)                              \
  static int name(lua_State *L) {                       \
    void **slot = (void **)luaL_checkudata(L, 1, type); \
    if (*slot) fn(*slot);                               \
    *slot = NULL;                                       \
    return 0;                                           \
  }
GC(gc_drg, DRG_T, ygt_drgpay_free)
GC(gc_points, POINTS_T, ygt_points_free)
GC(gc_perdiem, PERDIEM_T, ygt_perdiem_free)
GC(gc_workload, WORKLOAD_T, ygt_workload_free)

#define LOADER(name, type, T, fn)                    \
  static int name(lua_State *L) {                    \
    type *p;                                         \
    int rc = fn(&p, luaL_checkstring(L, 1));         \
    if (rc) return ygt_lua_fail(L, rc);              \
    ygt_lua_new_handle(L, T, p);                     \
    return 1;                                        \
  }
LOADER(l_drg_load, ygt_drgpay, DRG_T, ygt_drgpay_load)
LOADER(l_points_load, ygt_points, POINTS_T, ygt_points_load)
LOADER(l_perdiem_load, ygt_perdiem, PERDIEM_T, ygt_perdiem_load)
LOADER(l_workload_load, ygt_workload, WORKLOAD_T, ygt_workload_load)

/* ---- DRG rate method --------------------------------------------------- */

/* drgpay_new({codes}, {rw} [, {basic 0/1}]) */
static int l_drg_new(lua_State *L) {
  lua_settop(L, 3); /* scratch arrays go above the arguments */
  size_t n = len(L, 1);
  const char **codes = arr(L, n, sizeof *codes);
  uint8_t *basic = arr(L, n, 1);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 1, (lua_Integer)i + 1);
    codes[i] = lua_tostring(L, -1);
    lua_pop(L, 1); /* the string stays in the table */
    if (lua_istable(L, 3)) {
      lua_rawgeti(L, 3, (lua_Integer)i + 1);
      basic[i] = (uint8_t)lua_toboolean(L, -1) && lua_tointeger(L, -1) != 0;
      lua_pop(L, 1);
    }
  }
  luaL_checktype(L, 2, LUA_TTABLE);
  double *rw = arr(L, n, sizeof *rw);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    rw[i] = luaL_checknumber(L, -1);
    lua_pop(L, 1);
  }
  ygt_drgpay *p;
  int rc = ygt_drgpay_new(&p, codes, rw, basic, n);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, DRG_T, p);
  return 1;
}

static int l_drg_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_drgpay_group_count(check_drg(L, 1)));
  return 1;
}

static int l_drg_group(lua_State *L) {
  ygt_drgpay *p = check_drg(L, 1);
  int32_t g = ygt_drgpay_group_find(p, luaL_checkstring(L, 2));
  double rw;
  int basic, per_diem;
  if (g < 0) return 0;
  ygt_drgpay_group_info(&rw, &basic, &per_diem, p, g);
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, g), lua_setfield(L, -2, "index");
  lua_pushnumber(L, rw), lua_setfield(L, -2, "rw");
  lua_pushboolean(L, basic), lua_setfield(L, -2, "basic");
  lua_pushboolean(L, per_diem), lua_setfield(L, -2, "per_diem");
  return 1;
}

/* rates:code(index): the code of a 0-based table index, or nil. */
static int l_drg_code(lua_State *L) {
  const char *code = ygt_drgpay_group_code(check_drg(L, 1), (int32_t)luaL_checkinteger(L, 2));
  if (!code) return 0;
  lua_pushstring(L, code);
  return 1;
}

static int l_drg_set_base_rate(lua_State *L) {
  return done(L, ygt_drgpay_set_base_rate(check_drg(L, 1), insurance_arg(L, 3), level_arg(L, 4), luaL_checknumber(L, 2)));
}

static int l_drg_base_rate(lua_State *L) {
  double v;
  int rc = ygt_drgpay_base_rate(&v, check_drg(L, 1), insurance_arg(L, 2), level_arg(L, 3));
  return number_result(L, rc, v);
}

static int l_drg_set_fund_ratio(lua_State *L) {
  return done(L, ygt_drgpay_set_fund_ratio(check_drg(L, 1), insurance_arg(L, 3), luaL_checknumber(L, 2)));
}

static int l_drg_set(lua_State *L) {
  return done(L, ygt_drgpay_set(check_drg(L, 1), key_arg(L, 2, drg_params), luaL_checknumber(L, 3)));
}

static int l_drg_get(lua_State *L) {
  double v;
  int rc = ygt_drgpay_get(&v, check_drg(L, 1), key_arg(L, 2, drg_params));
  return number_result(L, rc, v);
}

static int l_drg_set_level(lua_State *L) {
  return done(L, ygt_drgpay_set_level(check_drg(L, 1), level_arg(L, 4), key_arg(L, 2, drg_level_params),
                                      luaL_checknumber(L, 3)));
}

/* rates:standard(code, insurance, level [, coef]) -> fen */
static int l_drg_standard(lua_State *L) {
  ygt_drgpay *p = check_drg(L, 1);
  int64_t v;
  int rc = ygt_drgpay_standard(&v, p, ygt_drgpay_group_find(p, luaL_checkstring(L, 2)), insurance_arg(L, 3),
                               level_arg(L, 4), luaL_optnumber(L, 5, 1.0));
  return integer_result(L, rc, v);
}

/* rates:base_rate_from_budget(budget_fen, ratio, {counts in table order}) */
static int l_drg_rate_budget(lua_State *L) {
  lua_settop(L, 4); /* scratch arrays go above the arguments */
  ygt_drgpay *p = check_drg(L, 1);
  double v;
  int rc = ygt_drgpay_base_rate_from_budget(&v, p, (int64_t)luaL_checkinteger(L, 2), luaL_checknumber(L, 3),
                                            int64_table(L, 4, ygt_drgpay_group_count(p)));
  return number_result(L, rc, v);
}

/* rates:map_pack(pack, {drg ids}) -> {table indexes, -1 for none} */
static int l_drg_map_pack(lua_State *L) {
  lua_settop(L, 3); /* scratch arrays go above the arguments */
  size_t n = len(L, 3);
  int32_t *ids = int32_table(L, 3, n), *out = arr(L, n, sizeof *out);
  int rc = ygt_drgpay_map_pack(out, check_drg(L, 1), ygt_lua_check_pack(L, 2), ids, n);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) lua_pushinteger(L, out[i]), lua_rawseti(L, -2, (lua_Integer)i + 1);
  return 1;
}

/* rates:settle(model, cases, {codes} [, acc [, ledger [, {inst coefs}]]]) */
static int l_drg_settle(lua_State *L) {
  lua_settop(L, 7); /* scratch arrays go above the arguments */
  ygt_drgpay *p = check_drg(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 3);
  size_t n = ygt_cases_count(c);
  int32_t *g = code_table(L, 4, n, p, find_drg);
  const ygt_model *m = check_model(L, 2);
  double *k = lua_istable(L, 7) ? double_table(L, 7, ygt_model_institution_count(m)) : NULL;
  outs o = new_outs(L, n);
  int rc = ygt_drgpay_settle(opt_acc(L, 5), opt_acc(L, 6), o.status, o.reason, o.amount, o.fund, p, m, k, c, g, 0, n);
  if (rc) return ygt_lua_fail(L, rc);
  return push_outs(L, &o, n);
}

/* rates:explain(model, cases, code, row [, {inst coefs}]) -> the row's (1-based) settlement in numbers */
static int l_drg_explain(lua_State *L) {
  lua_settop(L, 6); /* scratch arrays go above the arguments */
  const ygt_drgpay *p = check_drg(L, 1);
  const ygt_model *m = check_model(L, 2);
  const ygt_cases *c = ygt_lua_check_cases(L, 3);
  int32_t group = ygt_drgpay_group_find(p, luaL_checkstring(L, 4));
  size_t row = (size_t)(luaL_checkinteger(L, 5) - 1);
  const double *coef = lua_istable(L, 6) ? double_table(L, 6, ygt_model_institution_count(m)) : NULL;
  int n = ygt_drgpay_explain(NULL, 0, p, m, coef, c, group, row); /* the length, as snprintf */
  if (n < 0) return ygt_lua_fail(L, n);
  char *text = arr(L, (size_t)n + 1, 1);
  ygt_drgpay_explain(text, (size_t)n + 1, p, m, coef, c, group, row);
  lua_pushstring(L, text);
  return 1;
}

static int l_drg_special(lua_State *L) {
  int64_t count, allowed;
  int rc = ygt_drgpay_special_review(&count, &allowed, ygt_lua_check_handle(L, 2, ACCUM_T), check_drg(L, 1));
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)count);
  lua_pushinteger(L, (lua_Integer)allowed);
  lua_pushboolean(L, rc);
  return 3;
}

/* weights_from_costs(ngroups, {group 0-based}, {cost fen} [, lo [, hi]]) */
static int weights(lua_State *L, int (*fn)(double *, size_t, const int32_t *, const int64_t *, size_t, double, double)) {
  lua_settop(L, 5); /* scratch arrays go above the arguments */
  size_t ng = (size_t)luaL_checkinteger(L, 1), n = len(L, 2);
  int32_t *g = int32_table(L, 2, n);
  int64_t *cost = int64_table(L, 3, n);
  double *out = arr(L, ng, sizeof *out);
  int rc = fn(out, ng, g, cost, n, luaL_optnumber(L, 4, 0), luaL_optnumber(L, 5, 0));
  if (rc) return ygt_lua_fail(L, rc);
  push_doubles(L, out, ng);
  return 1;
}

static int l_weights(lua_State *L) { return weights(L, ygt_drgpay_weights_from_costs); }
static int l_base_points(lua_State *L) { return weights(L, ygt_points_base_from_costs); }

/* ---- point method ------------------------------------------------------ */

static int l_pts_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_points_group_count(check_points(L, 1)));
  return 1;
}

static int l_pts_find(lua_State *L) {
  lua_pushinteger(L, ygt_points_group_find(check_points(L, 1), luaL_checkstring(L, 2)));
  return 1;
}

static int l_pts_set(lua_State *L) {
  return done(L, ygt_points_set(check_points(L, 1), key_arg(L, 2, point_params), luaL_checknumber(L, 3)));
}

static int l_pts_get(lua_State *L) {
  double v;
  int rc = ygt_points_get(&v, check_points(L, 1), key_arg(L, 2, point_params));
  return number_result(L, rc, v);
}

static int l_pts_set_level(lua_State *L) {
  return done(L, ygt_points_set_level_coef(check_points(L, 1), level_arg(L, 2), luaL_checknumber(L, 3)));
}

static int l_pts_level(lua_State *L) {
  double v;
  int rc = ygt_points_level_coef(&v, check_points(L, 1), level_arg(L, 2));
  return number_result(L, rc, v);
}

static int l_pts_set_inst(lua_State *L) {
  lua_settop(L, 2); /* scratch arrays go above the arguments */
  size_t n = len(L, 2);
  return done(L, ygt_points_set_institution_coefs(check_points(L, 1), double_table(L, 2, n), n));
}

static int l_pts_set_fund(lua_State *L) {
  return done(L, ygt_points_set_fund(check_points(L, 1), insurance_arg(L, 2), (int64_t)luaL_checkinteger(L, 3),
                                     luaL_optnumber(L, 4, 0)));
}

/* pts:readmissions(cases, {patient keys}, {codes}) -> {0/1 per row} */
static int l_pts_readmit(lua_State *L) {
  lua_settop(L, 4); /* scratch arrays go above the arguments */
  ygt_points *p = check_points(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  size_t n = ygt_cases_count(c);
  int64_t *pat = int64_table(L, 3, n);
  int32_t *g = code_table(L, 4, n, p, find_points);
  uint8_t *out = arr(L, n, 1);
  int rc = ygt_points_readmissions(out, p, c, pat, g);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) lua_pushinteger(L, out[i]), lua_rawseti(L, -2, (lua_Integer)i + 1);
  return 1;
}

/* pts:group_counts({codes}) -> {counts in table order} */
static int l_pts_counts(lua_State *L) {
  lua_settop(L, 2); /* scratch arrays go above the arguments */
  ygt_points *p = check_points(L, 1);
  size_t n = len(L, 2), ng = ygt_points_group_count(p);
  int32_t *g = code_table(L, 2, n, p, find_points);
  int64_t *out = arr(L, ng, sizeof *out);
  int rc = ygt_points_group_counts(out, p, g, n);
  if (rc) return ygt_lua_fail(L, rc);
  push_i64(L, out, ng, NULL);
  return 1;
}

/* pts:score(model, cases, {codes} [, acc [, {earlier} [, {counts}]]]) -> {status, reason, score_units} */
static int l_pts_score(lua_State *L) {
  lua_settop(L, 7); /* scratch arrays go above the arguments */
  ygt_points *p = check_points(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 3);
  size_t n = ygt_cases_count(c);
  int32_t *g = code_table(L, 4, n, p, find_points);
  uint8_t *earlier = NULL;
  if (lua_istable(L, 6)) {
    earlier = arr(L, n, 1);
    for (size_t i = 0; i < n; i++) {
      lua_rawgeti(L, 6, (lua_Integer)i + 1);
      earlier[i] = (uint8_t)(luaL_optinteger(L, -1, 0) != 0);
      lua_pop(L, 1);
    }
  }
  int64_t *counts = lua_istable(L, 7) ? int64_table(L, 7, ygt_points_group_count(p)) : NULL;
  int8_t *st = arr(L, n, 1), *re = arr(L, n, 1);
  int64_t *units = arr(L, n, 8);
  int rc = ygt_points_score(opt_acc(L, 5), st, re, units, p, check_model(L, 2), c, g, earlier, counts, 0, n);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, 0, 3);
  push_i8(L, st, n, "status");
  push_i8(L, re, n, "reason");
  push_i64(L, units, n, "score_units");
  return 1;
}

static int l_pts_finalise(lua_State *L) {
  ygt_settle_values *v;
  int rc = ygt_points_finalise(&v, ygt_lua_check_handle(L, 2, ACCUM_T), check_points(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, VALUES_T, v);
  return 1;
}

/* ---- capitation, per-diem, workload ------------------------------------ */

static int l_cap_persons(lua_State *L) {
  static const char *const bases[] = {"insured", "signed", NULL};
  int64_t v;
  int rc = ygt_capitation_persons(&v, check_model(L, 1), (int32_t)luaL_checkinteger(L, 2),
                                  luaL_checkoption(L, 3, "signed", bases), insurance_arg(L, 4));
  return integer_result(L, rc, v);
}

static int l_cap_pool(lua_State *L) {
  int64_t v;
  int rc = ygt_capitation_pool(&v, (int64_t)luaL_checkinteger(L, 1), (int64_t)luaL_checkinteger(L, 2),
                               luaL_optnumber(L, 3, 1), luaL_optnumber(L, 4, 12), luaL_optnumber(L, 5, 1));
  return integer_result(L, rc, v);
}

/* capitation_charges(cases, {home 0-based per row}, ninst) -> {charges per institution, 1-based} */
static int l_cap_charges(lua_State *L) {
  lua_settop(L, 3); /* scratch arrays go above the arguments */
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  size_t n = ygt_cases_count(c), ninst = (size_t)luaL_checkinteger(L, 3);
  int32_t *home = int32_table(L, 2, n);
  int64_t *out = arr(L, ninst, sizeof *out);
  int rc = ygt_capitation_charges(out, ninst, c, home, 0, n);
  if (rc) return ygt_lua_fail(L, rc);
  push_i64(L, out, ninst, NULL);
  return 1;
}

static int l_cap_balance(lua_State *L) {
  int64_t v;
  int rc = ygt_capitation_balance(&v, (int64_t)luaL_checkinteger(L, 1), (int64_t)luaL_checkinteger(L, 2));
  return integer_result(L, rc, v);
}

static int l_pd_ratio(lua_State *L) {
  return done(L, ygt_perdiem_set_fund_ratio(check_perdiem(L, 1), insurance_arg(L, 3), luaL_checknumber(L, 2)));
}

static int l_pd_amount(lua_State *L) {
  ygt_perdiem *p = check_perdiem(L, 1);
  int64_t v;
  int rc = ygt_perdiem_amount(&v, p, ygt_perdiem_class_find(p, luaL_checkstring(L, 2)), level_arg(L, 3),
                              (int32_t)luaL_checkinteger(L, 4));
  return integer_result(L, rc, v);
}

/* perdiem:settle(model, cases, {classes} [, acc [, ledger]]) */
static int l_pd_settle(lua_State *L) {
  lua_settop(L, 6); /* scratch arrays go above the arguments */
  ygt_perdiem *p = check_perdiem(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 3);
  size_t n = ygt_cases_count(c);
  int32_t *cls = code_table(L, 4, n, p, find_class);
  outs o = new_outs(L, n);
  int rc = ygt_perdiem_settle(opt_acc(L, 5), opt_acc(L, 6), o.status, o.reason, o.amount, o.fund, p,
                              check_model(L, 2), c, cls, 0, n);
  if (rc) return ygt_lua_fail(L, rc);
  return push_outs(L, &o, n);
}

/* perdiem:explain(model, cases, class, row) -> the row's (1-based) settlement in numbers */
static int l_pd_explain(lua_State *L) {
  lua_settop(L, 5);
  const ygt_perdiem *p = check_perdiem(L, 1);
  const ygt_model *m = check_model(L, 2);
  const ygt_cases *c = ygt_lua_check_cases(L, 3);
  int32_t cls = ygt_perdiem_class_find(p, luaL_checkstring(L, 4));
  size_t row = (size_t)(luaL_checkinteger(L, 5) - 1);
  int n = ygt_perdiem_explain(NULL, 0, p, m, c, cls, row); /* the length, as snprintf */
  if (n < 0) return ygt_lua_fail(L, n);
  char *text = arr(L, (size_t)n + 1, 1);
  ygt_perdiem_explain(text, (size_t)n + 1, p, m, c, cls, row);
  lua_pushstring(L, text);
  return 1;
}

static int l_pd_find(lua_State *L) {
  lua_pushinteger(L, ygt_perdiem_class_find(check_perdiem(L, 1), luaL_checkstring(L, 2)));
  return 1;
}

static int l_wl_find(lua_State *L) {
  lua_pushinteger(L, ygt_workload_item_find(check_workload(L, 1), luaL_checkstring(L, 2)));
  return 1;
}

/* w:tally(ninst, {inst 0-based}, {item codes}, {quantity}) -> {units per institution} */
static int l_wl_tally(lua_State *L) {
  lua_settop(L, 5); /* scratch arrays go above the arguments */
  ygt_workload *w = check_workload(L, 1);
  size_t ninst = (size_t)luaL_checkinteger(L, 2), n = len(L, 3);
  int32_t *inst = int32_table(L, 3, n), *items = arr(L, n, sizeof *items);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 4, (lua_Integer)i + 1);
    items[i] = ygt_workload_item_find(w, luaL_checkstring(L, -1));
    lua_pop(L, 1);
  }
  int64_t *qty = int64_table(L, 5, n), *units = arr(L, ninst, sizeof *units);
  int rc = ygt_workload_tally(units, ninst, w, inst, items, qty, n);
  if (rc) return ygt_lua_fail(L, rc);
  push_i64(L, units, ninst, NULL);
  return 1;
}

/* workload_compensate({units}, budget_fen [, {assessment}]) -> {fen}, unit value */
static int l_wl_comp(lua_State *L) {
  lua_settop(L, 3); /* scratch arrays go above the arguments */
  size_t n = len(L, 1);
  int64_t *units = int64_table(L, 1, n), *out = arr(L, n, sizeof *out);
  double *assess = lua_istable(L, 3) ? double_table(L, 3, n) : NULL, unit;
  int rc = ygt_workload_compensate(out, &unit, units, assess, n, (int64_t)luaL_checkinteger(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  push_i64(L, out, n, NULL);
  lua_pushnumber(L, unit);
  return 2;
}

static const luaL_Reg drg_methods[] = {
  {"count", l_drg_count}, {"group", l_drg_group}, {"code", l_drg_code}, {"set_base_rate", l_drg_set_base_rate},
  {"base_rate", l_drg_base_rate}, {"set_fund_ratio", l_drg_set_fund_ratio}, {"set", l_drg_set},
  {"get", l_drg_get}, {"set_level", l_drg_set_level}, {"standard", l_drg_standard},
  {"base_rate_from_budget", l_drg_rate_budget}, {"map_pack", l_drg_map_pack}, {"settle", l_drg_settle},
  {"explain", l_drg_explain},
  {"special_review", l_drg_special}, {NULL, NULL}};
static const luaL_Reg points_methods[] = {
  {"count", l_pts_count}, {"find", l_pts_find}, {"set", l_pts_set}, {"get", l_pts_get},
  {"set_level_coef", l_pts_set_level}, {"level_coef", l_pts_level}, {"set_institution_coefs", l_pts_set_inst},
  {"set_fund", l_pts_set_fund}, {"readmissions", l_pts_readmit}, {"group_counts", l_pts_counts},
  {"score", l_pts_score}, {"finalise", l_pts_finalise}, {NULL, NULL}};
static const luaL_Reg perdiem_methods[] = {
  {"find", l_pd_find}, {"set_fund_ratio", l_pd_ratio}, {"amount", l_pd_amount}, {"settle", l_pd_settle},
  {"explain", l_pd_explain},
  {NULL, NULL}};
static const luaL_Reg workload_methods[] = {{"find", l_wl_find}, {"tally", l_wl_tally}, {NULL, NULL}};

static const luaL_Reg functions[] = {
  {"drgpay_load", l_drg_load}, {"drgpay_new", l_drg_new}, {"drgpay_weights_from_costs", l_weights},
  {"points_load", l_points_load}, {"points_base_from_costs", l_base_points},
  {"capitation_persons", l_cap_persons}, {"capitation_pool", l_cap_pool},
  {"capitation_charges", l_cap_charges}, {"capitation_balance", l_cap_balance},
  {"perdiem_load", l_perdiem_load}, {"workload_load", l_workload_load},
  {"workload_compensate", l_wl_comp}, {NULL, NULL}};

void ygt_lua_open_payment(lua_State *L) {
  ygt_lua_register_type(L, DRG_T, drg_methods, gc_drg);
  ygt_lua_register_type(L, POINTS_T, points_methods, gc_points);
  ygt_lua_register_type(L, PERDIEM_T, perdiem_methods, gc_perdiem);
  ygt_lua_register_type(L, WORKLOAD_T, workload_methods, gc_workload);
  luaL_setfuncs(L, functions, 0);
}
