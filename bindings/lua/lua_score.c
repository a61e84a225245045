/* Lua binding of performance scoring (include/yigongti/score.h).
 *
 *   local reg = assert(ygt.indicators_defaults())
 *   local enc = assert(ygt.encounters_load(m, "examples/data/chunan/encounters.tsv"))
 *   local v = assert(ygt.indicator_values(reg, m, enc, nil, 2018, 2017))
 *   print(v:get("visit_growth"))               -- 11.15..., "ok"
 *   local card = assert(ygt.scorecard_load(reg, "examples/data/chunan"))
 *   local s = assert(card:score(v, "county", 0))
 *   for _, line in ipairs(s:lines()) do print(line) end
 *
 * Scope indices are the C library's (0-based); scopes are named ("county",
 * "community", "tier", "institution").  Encounter columns given as Lua
 * tables are copied into arrays owned by the batch handle. */
#include <stdlib.h>
#include <string.h>

#include "ygt_lua.h"

#define REG_T "yigongti.indicators"
#define ENC_T "yigongti.encounters"
#define INPUTS_T "yigongti.score_inputs"
#define VALUES_T "yigongti.indicator_values"
#define CARD_T "yigongti.scorecard"
#define SCORE_T "yigongti.score"
#define MODEL_T "yigongti.model"

typedef struct enc_handle {
  ygt_encounters *e; /* first, so that ygt_lua_check_handle reads it */
  void *cols[9];
} enc_handle;

static ygt_indicators *check_reg(lua_State *L, int i) { return ygt_lua_check_handle(L, i, REG_T); }
static ygt_encounters *check_enc(lua_State *L, int i) { return ygt_lua_check_handle(L, i, ENC_T); }
static ygt_score_inputs *check_inputs(lua_State *L, int i) { return ygt_lua_check_handle(L, i, INPUTS_T); }
static ygt_indicator_values *check_values(lua_State *L, int i) { return ygt_lua_check_handle(L, i, VALUES_T); }
static ygt_scorecard *check_card(lua_State *L, int i) { return ygt_lua_check_handle(L, i, CARD_T); }
static ygt_score *check_score(lua_State *L, int i) { return ygt_lua_check_handle(L, i, SCORE_T); }
static const ygt_model *check_model(lua_State *L, int i) { return ygt_lua_check_handle(L, i, MODEL_T); }

/* Keeps the values at the stack slots a, b, c, d (0: none) alive with the handle on top. */
static void keep(lua_State *L, int a, int b, int c, int d) {
  int slots[4] = {a, b, c, d};
  lua_createtable(L, 4, 0);
  for (int k = 0; k < 4; k++)
    if (slots[k] && !lua_isnoneornil(L, slots[k])) {
      lua_pushvalue(L, slots[k]);
      lua_rawseti(L, -2, k + 1);
    }
  ygt_compat_setuservalue(L, -2);
}

static int scope_arg(lua_State *L, int idx, int *scope) {
  *scope = YGT_SCOPE_COUNTY;
  if (lua_isnoneornil(L, idx)) return 0;
  if (lua_type(L, idx) == LUA_TNUMBER) return (void)(*scope = (int)lua_tointeger(L, idx)), 0;
  return ygt_scope_from_name(scope, luaL_checkstring(L, idx));
}

static int push_fen(lua_State *L, int rc, int64_t fen) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)fen);
  return 1;
}

static int push_double(lua_State *L, int rc, double x) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, x);
  return 1;
}

#define GC(name, T, type, fn)                                  \
  static int name(lua_State *L) {                             \
    void **slot = (void **)luaL_checkudata(L, 1, T);          \
    fn((type *)*slot);                                        \
    *slot = NULL;                                             \
    return 0;                                                 \
  }

GC(reg_gc, REG_T, ygt_indicators, ygt_indicators_free)
GC(inputs_gc, INPUTS_T, ygt_score_inputs, ygt_score_inputs_free)
GC(values_gc, VALUES_T, ygt_indicator_values, ygt_indicator_values_free)
GC(card_gc, CARD_T, ygt_scorecard, ygt_scorecard_free)
GC(score_gc, SCORE_T, ygt_score, ygt_score_free)

/* ---- registry ------------------------------------------------------------ */

static int push_reg(lua_State *L, int rc, ygt_indicators *r) {
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, REG_T, r);
  return 1;
}

static int l_indicators_defaults(lua_State *L) {
  ygt_indicators *r = NULL;
  int rc = ygt_indicators_defaults(&r);
  return push_reg(L, rc, r);
}

static int l_indicators_load(lua_State *L) {
  ygt_indicators *r = NULL;
  int rc = ygt_indicators_load(&r, luaL_checkstring(L, 1));
  return push_reg(L, rc, r);
}

/* An indicator argument: a 0-based index or an id. */
static int32_t indicator_arg(lua_State *L, const ygt_indicators *r, int idx) {
  if (lua_type(L, idx) == LUA_TNUMBER) return (int32_t)lua_tointeger(L, idx);
  return ygt_indicators_find(r, luaL_checkstring(L, idx));
}

static int l_reg_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_indicators_count(check_reg(L, 1)));
  return 1;
}

static int l_reg_find(lua_State *L) {
  int32_t i = ygt_indicators_find(check_reg(L, 1), luaL_checkstring(L, 2));
  if (i < 0) return ygt_lua_fail(L, i);
  lua_pushinteger(L, i);
  return 1;
}

/* info(i): id, name, unit, definition, direction, formula, target, floor (nil when absent). */
static int l_reg_info(lua_State *L) {
  const ygt_indicators *r = check_reg(L, 1);
  int32_t i = indicator_arg(L, r, 2);
  double t, f;
  int rc = i < 0 ? i : ygt_indicators_target(&t, &f, r, i);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushstring(L, ygt_indicators_id(r, i));
  lua_pushstring(L, ygt_indicators_name(r, i));
  lua_pushstring(L, ygt_indicators_unit(r, i));
  lua_pushstring(L, ygt_indicators_definition(r, i));
  lua_pushstring(L, ygt_indicator_direction_name(ygt_indicators_direction(r, i)));
  lua_pushstring(L, ygt_indicator_formula_name(ygt_indicators_formula(r, i)));
  if (t == t) lua_pushnumber(L, t);
  else lua_pushnil(L);
  if (f == f) lua_pushnumber(L, f);
  else lua_pushnil(L);
  return 8;
}

/* ---- encounters ------------------------------------------------------------ */

static int enc_gc(lua_State *L) {
  enc_handle *h = (enc_handle *)luaL_checkudata(L, 1, ENC_T);
  ygt_encounters_free(h->e);
  h->e = NULL;
  for (int c = 0; c < 9; c++) {
    free(h->cols[c]);
    h->cols[c] = NULL;
  }
  return 0;
}

static enc_handle *new_enc(lua_State *L, ygt_encounters *e) {
  enc_handle *h = (enc_handle *)lua_newuserdata(L, sizeof *h);
  memset(h, 0, sizeof *h);
  h->e = e;
  luaL_getmetatable(L, ENC_T);
  lua_setmetatable(L, -2);
  return h;
}

static int l_encounters_new(lua_State *L) {
  ygt_encounters *e = NULL;
  int rc = ygt_encounters_new(&e);
  if (rc) return ygt_lua_fail(L, rc);
  new_enc(L, e);
  return 1;
}

static int l_encounters_load(lua_State *L) {
  ygt_encounters *e = NULL;
  int rc = ygt_encounters_load(&e, check_model(L, 1), luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  new_enc(L, e);
  return 1;
}

static void store(void *arr, int width, size_t i, lua_Integer v) {
  if (width == 1) ((int8_t *)arr)[i] = (int8_t)v;
  else if (width == 4) ((int32_t *)arr)[i] = (int32_t)v;
  else ((int64_t *)arr)[i] = (int64_t)v;
}

/* enc:attach(column_name, {values...}): copies the table into an owned array. */
static int l_enc_attach(lua_State *L) {
  enc_handle *h = (enc_handle *)luaL_checkudata(L, 1, ENC_T);
  if (ygt_lua_is_borrowed(L, 1)) return luaL_argerror(L, 1, "a borrowed batch is read-only");
  int col;
  int rc = ygt_encounter_column_from_name(&col, luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  luaL_checktype(L, 3, LUA_TTABLE);
  size_t n = lua_rawlen(L, 3);
  int width = ygt_encounter_column_width(col);
  void *arr = malloc(n ? n * (size_t)width : 1);
  if (!arr) return luaL_error(L, "out of memory");
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 3, (int)i + 1);
    store(arr, width, i, luaL_checkinteger(L, -1));
    lua_pop(L, 1);
  }
  rc = ygt_encounters_attach(h->e, col, arr, n);
  if (rc) {
    free(arr);
    return ygt_lua_fail(L, rc);
  }
  free(h->cols[col]);
  h->cols[col] = arr;
  lua_pushvalue(L, 1);
  return 1;
}

static int l_enc_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_encounters_count(check_enc(L, 1)));
  return 1;
}

static int l_enc_period_range(lua_State *L) {
  int32_t lo, hi;
  int rc = ygt_encounters_period_range(&lo, &hi, check_enc(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, lo);
  lua_pushinteger(L, hi);
  return 2;
}

/* ---- inputs ----------------------------------------------------------------- */

static int l_score_inputs(lua_State *L) {
  ygt_score_inputs *in = NULL;
  int rc = ygt_score_inputs_new(&in);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, INPUTS_T, in);
  return 1;
}

/* in:set(name, value, period[, scope[, index]]) */
static int l_inputs_set(lua_State *L) {
  ygt_score_inputs *in = check_inputs(L, 1);
  int scope;
  int rc = scope_arg(L, 5, &scope);
  if (!rc) rc = ygt_score_inputs_set(in, luaL_checkstring(L, 2), scope, (int32_t)luaL_optinteger(L, 6, 0),
                                     (int32_t)luaL_checkinteger(L, 4), luaL_checknumber(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushvalue(L, 1);
  return 1;
}

static int l_inputs_load(lua_State *L) {
  int rc = ygt_score_inputs_load(check_inputs(L, 1), check_model(L, 2), luaL_checkstring(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushvalue(L, 1);
  return 1;
}

static int l_inputs_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_score_inputs_count(check_inputs(L, 1)));
  return 1;
}

/* ---- values --------------------------------------------------------------------- */

/* indicator_values(reg, model, enc, inputs|nil, period, previous [, rules]): with referral rules, "in the
 * county" is their pooling area (only read during the call). */
static int l_indicator_values(lua_State *L) {
  ygt_indicators *r = check_reg(L, 1);
  const ygt_model *m = check_model(L, 2);
  ygt_encounters *e = check_enc(L, 3);
  ygt_score_inputs *in = lua_isnoneornil(L, 4) ? NULL : check_inputs(L, 4);
  const ygt_referral_rules *rules =
      lua_isnoneornil(L, 7) ? NULL : (const ygt_referral_rules *)ygt_lua_check_handle(L, 7, "yigongti.referral_rules");
  ygt_indicator_values *v = NULL;
  int rc = ygt_indicator_values_compute_pooled(&v, r, m, rules, e, in, (int32_t)luaL_checkinteger(L, 5),
                                               (int32_t)luaL_checkinteger(L, 6));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, VALUES_T, v);
  keep(L, 1, 2, 3, 4);
  return 1;
}

static const ygt_indicators *values_reg(lua_State *L) {
  ygt_compat_getuservalue(L, 1);
  lua_rawgeti(L, -1, 1);
  const ygt_indicators *r = check_reg(L, -1);
  lua_pop(L, 2);
  return r;
}

/* v:get(indicator[, scope[, index]]): value, status name */
static int l_values_get(lua_State *L) {
  ygt_indicator_values *v = check_values(L, 1);
  int32_t i = indicator_arg(L, values_reg(L), 2);
  int scope;
  int rc = i < 0 ? i : scope_arg(L, 3, &scope);
  double x;
  int st = rc ? rc : ygt_indicator_values_get(&x, v, i, scope, (int32_t)luaL_optinteger(L, 4, 0));
  if (st < 0) return ygt_lua_fail(L, st);
  lua_pushnumber(L, x);
  lua_pushstring(L, ygt_value_status_name(st));
  return 2;
}

/* v:parts(indicator[, scope[, index]]): numerator, denominator, status name */
static int l_values_parts(lua_State *L) {
  ygt_indicator_values *v = check_values(L, 1);
  int32_t i = indicator_arg(L, values_reg(L), 2);
  int scope;
  int rc = i < 0 ? i : scope_arg(L, 3, &scope);
  double n, d;
  int st = rc ? rc : ygt_indicator_values_parts(&n, &d, v, i, scope, (int32_t)luaL_optinteger(L, 4, 0));
  if (st < 0) return ygt_lua_fail(L, st);
  lua_pushnumber(L, n);
  lua_pushnumber(L, d);
  lua_pushstring(L, ygt_value_status_name(st));
  return 3;
}

static int l_values_scope_count(lua_State *L) {
  int scope;
  int rc = scope_arg(L, 2, &scope);
  int64_t n = rc ? rc : ygt_indicator_values_scope_count(check_values(L, 1), scope);
  if (n < 0) return ygt_lua_fail(L, (int)n);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

static int l_values_skipped(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_indicator_values_skipped(check_values(L, 1)));
  return 1;
}

/* ---- scorecards ------------------------------------------------------------------- */

static int l_scorecard_load(lua_State *L) {
  ygt_scorecard *c = NULL;
  int rc = ygt_scorecard_load(&c, check_reg(L, 1), luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CARD_T, c);
  keep(L, 1, 0, 0, 0);
  return 1;
}

static int l_card_name(lua_State *L) {
  lua_pushstring(L, ygt_scorecard_name(check_card(L, 1)));
  return 1;
}

static int l_card_dimensions(lua_State *L) {
  const ygt_scorecard *c = check_card(L, 1);
  lua_newtable(L);
  for (size_t d = 0; d < ygt_scorecard_dimension_count(c); d++) {
    lua_pushstring(L, ygt_scorecard_dimension_name(c, (int32_t)d));
    lua_rawseti(L, -2, (int)d + 1);
  }
  return 1;
}

/* card:item(i): dimension, indicator index, method name, weight */
static int l_card_item(lua_State *L) {
  int32_t d, ind;
  int method;
  double w;
  int rc = ygt_scorecard_item(&d, &ind, &method, &w, check_card(L, 1), (int32_t)luaL_checkinteger(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, d);
  lua_pushinteger(L, ind);
  lua_pushstring(L, ygt_scoring_method_name(method));
  lua_pushnumber(L, w);
  return 4;
}

static int l_card_item_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_scorecard_item_count(check_card(L, 1)));
  return 1;
}

static int l_card_grade(lua_State *L) {
  const char *g = ygt_scorecard_grade(check_card(L, 1), luaL_checknumber(L, 2));
  if (!g) return ygt_lua_fail(L, YGT_EINVAL);
  lua_pushstring(L, g);
  return 1;
}

#define DOUBLE_FN(name, cfn)                                                   \
  static int name(lua_State *L) {                                             \
    double x = 0;                                                             \
    int rc = cfn(&x, check_card(L, 1), luaL_checknumber(L, 2));               \
    return push_double(L, rc, x);                                             \
  }

DOUBLE_FN(l_card_release_ratio, ygt_scorecard_release_ratio)
DOUBLE_FN(l_card_surplus_multiplier, ygt_scorecard_surplus_multiplier)
DOUBLE_FN(l_card_dip_coefficient, ygt_scorecard_dip_coefficient)

static int l_card_withheld_fen(lua_State *L) {
  int64_t fen = 0;
  int rc = ygt_scorecard_withheld_fen(&fen, check_card(L, 1), (int64_t)luaL_checkinteger(L, 2));
  return push_fen(L, rc, fen);
}

static int l_card_release_fen(lua_State *L) {
  int64_t fen = 0;
  int rc = ygt_scorecard_release_fen(&fen, check_card(L, 1), luaL_checknumber(L, 2), (int64_t)luaL_checkinteger(L, 3));
  return push_fen(L, rc, fen);
}

static int l_card_surplus_fen(lua_State *L) {
  int64_t fen = 0;
  int rc = ygt_scorecard_surplus_fen(&fen, check_card(L, 1), luaL_checknumber(L, 2), (int64_t)luaL_checkinteger(L, 3));
  return push_fen(L, rc, fen);
}

/* card:score(values[, scope[, index]]) */
static int l_card_score(lua_State *L) {
  const ygt_scorecard *c = check_card(L, 1);
  const ygt_indicator_values *v = check_values(L, 2);
  int scope;
  int rc = scope_arg(L, 3, &scope);
  ygt_score *s = NULL;
  if (!rc) rc = ygt_scorecard_score(&s, c, v, scope, (int32_t)luaL_optinteger(L, 4, 0));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, SCORE_T, s);
  keep(L, 1, 2, 0, 0);
  return 1;
}

/* ---- scores -------------------------------------------------------------------------- */

static int l_score_total(lua_State *L) {
  lua_pushnumber(L, ygt_score_total(check_score(L, 1)));
  return 1;
}

/* score:scored_weight(): the weight of the items scored (items missing an input are not). */
static int l_score_scored_weight(lua_State *L) {
  lua_pushnumber(L, ygt_score_scored_weight(check_score(L, 1)));
  return 1;
}

static int l_score_grade(lua_State *L) {
  lua_pushstring(L, ygt_score_grade(check_score(L, 1)));
  return 1;
}

static int l_score_vetoed(lua_State *L) {
  lua_pushboolean(L, ygt_score_vetoed(check_score(L, 1)) == 1);
  return 1;
}

static int l_score_dimension_points(lua_State *L) {
  double p = 0;
  int rc = ygt_score_dimension_points(&p, check_score(L, 1), (int32_t)luaL_checkinteger(L, 2));
  return push_double(L, rc, p);
}

/* s:item(i): value, points, status name, reason */
static int l_score_item(lua_State *L) {
  const ygt_score *s = check_score(L, 1);
  int32_t i = (int32_t)luaL_checkinteger(L, 2);
  double v, p;
  int st = ygt_score_item(&v, &p, s, i);
  if (st < 0) return ygt_lua_fail(L, st);
  lua_pushnumber(L, v);
  lua_pushnumber(L, p);
  lua_pushstring(L, ygt_value_status_name(st));
  lua_pushstring(L, ygt_score_item_reason(s, i));
  return 4;
}

static int l_score_lines(lua_State *L) {
  const ygt_score *s = check_score(L, 1);
  lua_newtable(L);
  for (size_t i = 0; i < ygt_score_line_count(s); i++) {
    lua_pushstring(L, ygt_score_line(s, i));
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

/* ---- registration ------------------------------------------------------------------------ */

static const luaL_Reg reg_methods[] = {
  {"count", l_reg_count}, {"find", l_reg_find}, {"info", l_reg_info}, {NULL, NULL}};
static const luaL_Reg enc_methods[] = {
  {"attach", l_enc_attach}, {"count", l_enc_count}, {"period_range", l_enc_period_range}, {NULL, NULL}};
static const luaL_Reg inputs_methods[] = {
  {"set", l_inputs_set}, {"load", l_inputs_load}, {"count", l_inputs_count}, {NULL, NULL}};
static const luaL_Reg values_methods[] = {
  {"get", l_values_get}, {"parts", l_values_parts}, {"scope_count", l_values_scope_count},
  {"skipped", l_values_skipped}, {NULL, NULL}};
static const luaL_Reg card_methods[] = {
  {"name", l_card_name}, {"dimensions", l_card_dimensions}, {"item", l_card_item},
  {"item_count", l_card_item_count}, {"grade", l_card_grade}, {"release_ratio", l_card_release_ratio},
  {"withheld_fen", l_card_withheld_fen}, {"release_fen", l_card_release_fen},
  {"surplus_multiplier", l_card_surplus_multiplier}, {"surplus_fen", l_card_surplus_fen},
  {"dip_coefficient", l_card_dip_coefficient}, {"score", l_card_score}, {NULL, NULL}};
static const luaL_Reg score_methods[] = {
  {"total", l_score_total}, {"scored_weight", l_score_scored_weight}, {"grade", l_score_grade}, {"vetoed", l_score_vetoed},
  {"dimension_points", l_score_dimension_points}, {"item", l_score_item}, {"lines", l_score_lines},
  {NULL, NULL}};

static const luaL_Reg functions[] = {
  {"indicators_defaults", l_indicators_defaults}, {"indicators_load", l_indicators_load},
  {"encounters_new", l_encounters_new}, {"encounters_load", l_encounters_load},
  {"score_inputs", l_score_inputs}, {"indicator_values", l_indicator_values},
  {"scorecard_load", l_scorecard_load}, {NULL, NULL}};

/* encounter_column_name(i), encounter_column_from_name(s), encounter_referral_name(r), scope_name(s),
 * scope_from_name(s). */
static const ygt_lua_enum enums[] = {
  {"encounter_column", ygt_encounter_column_name, NULL, ygt_encounter_column_from_name},
  {"encounter_referral", ygt_encounter_referral_name, NULL, NULL},
  {"scope", ygt_scope_name, NULL, ygt_scope_from_name},
};

void ygt_lua_open_score(lua_State *L) {
  ygt_lua_register_type(L, REG_T, reg_methods, reg_gc);
  ygt_lua_register_type(L, ENC_T, enc_methods, enc_gc);
  ygt_lua_register_type(L, INPUTS_T, inputs_methods, inputs_gc);
  ygt_lua_register_type(L, VALUES_T, values_methods, values_gc);
  ygt_lua_register_type(L, CARD_T, card_methods, card_gc);
  ygt_lua_register_type(L, SCORE_T, score_methods, score_gc);
  luaL_setfuncs(L, functions, 0);
  ygt_lua_register_enums(L, enums, sizeof enums / sizeof enums[0]);
}
