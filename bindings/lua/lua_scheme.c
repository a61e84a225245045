/* Lua binding of payment schemes (include/yigongti/scheme.h).
 *
 *   local s = assert(ygt.scheme_load(m, "examples/data/ninghai/scheme.json"))   -- [, dx, proc] for DIP
 *   local r = assert(s:settle{stays = cases, groups = {"BR23", ...}, classes = {"", "psychiatric"},
 *                             visits = {institution = {...}, home = {...}, insurance = {...},
 *                                       cost = {...}, fund = {...}, item = {"OP01", ...}, quantity = {...}}})
 *   print(r:get("fund", nil, "inpatient"), r:figure("point_value", "employee"), r:stays()[1].fund)
 *
 * Rows are 1-based; institutions are 0-based model indexes (-1: none);
 * groups, classes and items are codes ("" for none) or 0-based indexes;
 * lines, fields, figures, insurance types are names; money is integer fen. */
#include <string.h>

#include "ygt_lua.h"

#define SCHEME_T "yigongti.scheme"
#define RESULT_T "yigongti.scheme_result"
#define MODEL_T "yigongti.model"
#define CODES_T "yigongti.codes"
#define CASES_T "yigongti.cases"

static ygt_scheme *check_scheme(lua_State *L, int i) { return ygt_lua_check_handle(L, i, SCHEME_T); }
static ygt_scheme_result *check_result(lua_State *L, int i) { return ygt_lua_check_handle(L, i, RESULT_T); }

static int name_arg(lua_State *L, int idx, const char *(*name)(int), const char *what) {
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)lua_tointeger(L, idx);
  const char *s = luaL_checkstring(L, idx);
  for (int k = 0; name(k); k++)
    if (strcmp(name(k), s) == 0) return k;
  return luaL_argerror(L, idx, lua_pushfstring(L, "unknown %s '%s'", what, s));
}

static int line_arg(lua_State *L, int idx) {
  return lua_isnoneornil(L, idx) ? -1 : name_arg(L, idx, ygt_service_line_name, "service line");
}

static int gc_scheme(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, SCHEME_T);
  ygt_scheme_free(*slot);
  *slot = NULL;
  return 0;
}

static int gc_result(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, RESULT_T);
  ygt_scheme_result_free(*slot);
  *slot = NULL;
  return 0;
}

/* Pushes the scheme handle, keeping the model and dictionaries (stack
 * slots m, dx, proc) alive in its user value. */
static int push_scheme(lua_State *L, int rc, ygt_scheme *s, int m, int dx, int proc) {
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, SCHEME_T, s);
  lua_createtable(L, 3, 0);
  int slots[] = {m, dx, proc};
  for (int k = 0; k < 3; k++) {
    lua_pushvalue(L, slots[k]);
    lua_rawseti(L, -2, k + 1);
  }
  ygt_compat_setuservalue(L, -2);
  return 1;
}

static const ygt_codes *opt_codes(lua_State *L, int idx) {
  return lua_isnoneornil(L, idx) ? NULL : ygt_lua_check_handle(L, idx, CODES_T);
}

/* scheme_load(model, path [, dx, proc]) */
static int l_scheme_load(lua_State *L) {
  const ygt_model *m = ygt_lua_check_handle(L, 1, MODEL_T);
  const char *path = luaL_checkstring(L, 2);
  ygt_scheme *s = NULL;
  int rc = ygt_scheme_load(&s, m, opt_codes(L, 3), opt_codes(L, 4), path);
  return push_scheme(L, rc, s, 1, 3, 4);
}

/* scheme_parse(model, text [, source [, base_dir [, dx, proc]]]) */
static int l_scheme_parse(lua_State *L) {
  const ygt_model *m = ygt_lua_check_handle(L, 1, MODEL_T);
  ygt_scheme *s = NULL;
  int rc = ygt_scheme_parse(&s, m, opt_codes(L, 5), opt_codes(L, 6), luaL_checkstring(L, 2),
                            luaL_optstring(L, 3, NULL), luaL_optstring(L, 4, NULL));
  return push_scheme(L, rc, s, 1, 5, 6);
}

static int l_id(lua_State *L) {
  lua_pushstring(L, ygt_scheme_id(check_scheme(L, 1)));
  return 1;
}

static int l_provenance(lua_State *L) {
  const char *v = ygt_scheme_provenance(check_scheme(L, 1), luaL_checkstring(L, 2));
  if (v) lua_pushstring(L, v);
  else lua_pushnil(L);
  return 1;
}

static int l_illustrative(lua_State *L) {
  lua_pushboolean(L, ygt_scheme_illustrative(check_scheme(L, 1)));
  return 1;
}

/* scheme:dip_assessment_scored(): whether the DIP line takes its 考核系数 from the scorecard. */
static int l_dip_assessment_scored(lua_State *L) {
  lua_pushboolean(L, ygt_scheme_dip_assessment_scored(check_scheme(L, 1)));
  return 1;
}

static int l_method(lua_State *L) {
  int m = ygt_scheme_method(check_scheme(L, 1), name_arg(L, 2, ygt_service_line_name, "service line"));
  if (m < 0) return ygt_lua_fail(L, m);
  lua_pushstring(L, ygt_pay_method_name(m));
  return 1;
}

static int l_find(lua_State *L) {
  int32_t g = ygt_scheme_group_find(check_scheme(L, 1), name_arg(L, 2, ygt_service_line_name, "service line"),
                                    luaL_checkstring(L, 3));
  if (g < 0) lua_pushnil(L);
  else lua_pushinteger(L, g);
  return 1;
}

static int l_group_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_scheme_group_count(check_scheme(L, 1),
                                                          name_arg(L, 2, ygt_service_line_name, "service line")));
  return 1;
}

/* ---- settle ------------------------------------------------------------------------- */

static void *buffer(lua_State *L, size_t n, size_t size) {
  void *p = lua_newuserdata(L, (n ? n : 1) * size); /* collected with the call's stack */
  memset(p, 0, (n ? n : 1) * size);
  return p;
}

/* Field `key` of the table at t as an int64 column of n rows (NULL when absent). */
static int64_t *int64_column(lua_State *L, int t, const char *key, size_t n) {
  lua_getfield(L, t, key);
  int col = lua_gettop(L);
  int64_t *v = lua_istable(L, col) ? buffer(L, n, sizeof *v) : NULL;
  for (size_t i = 0; v && i < n; i++) {
    lua_rawgeti(L, col, (lua_Integer)i + 1);
    v[i] = (int64_t)luaL_checkinteger(L, -1);
    lua_pop(L, 1);
  }
  return v; /* the column table and the buffer stay on the stack until the call returns */
}

/* Field `key` of the table at t as a double column of n rows (NULL when absent). */
static double *double_column(lua_State *L, int t, const char *key, size_t n) {
  lua_getfield(L, t, key);
  int col = lua_gettop(L);
  double *v = lua_istable(L, col) ? buffer(L, n, sizeof *v) : NULL;
  for (size_t i = 0; v && i < n; i++, lua_pop(L, 1)) {
    lua_rawgeti(L, col, (lua_Integer)i + 1);
    v[i] = (double)luaL_checknumber(L, -1);
  }
  return v;
}

#define NUMBERS (-1)
#define INSURANCE (-2)

/* A string of an int32 column: a code of the line's table ("" or unknown:
 * -1) or an insurance type name (unknown: -1). */
static int32_t from_string(const ygt_scheme *s, int mode, const char *text) {
  int ins = -1;
  if (mode >= 0) return ygt_scheme_group_find(s, mode, text);
  return mode == INSURANCE && ygt_insurance_from_name(&ins, text) == YGT_OK ? ins : -1;
}

/* An int32 column (NULL when absent): numbers as they are, strings by mode
 * (NUMBERS, INSURANCE or a line whose table holds the codes). */
static int32_t *int32_column(lua_State *L, int t, const char *key, size_t n, const ygt_scheme *s, int mode) {
  lua_getfield(L, t, key);
  int col = lua_gettop(L);
  int32_t *v = lua_istable(L, col) ? buffer(L, n, sizeof *v) : NULL;
  for (size_t i = 0; v && i < n; i++) {
    lua_rawgeti(L, col, (lua_Integer)i + 1);
    if (lua_type(L, -1) == LUA_TSTRING && mode != NUMBERS) v[i] = from_string(s, mode, lua_tostring(L, -1));
    else v[i] = (int32_t)luaL_optinteger(L, -1, -1);
    lua_pop(L, 1);
  }
  return v;
}

static int column_length(lua_State *L, int t, const char *key) {
  lua_getfield(L, t, key);
  int n = lua_istable(L, -1) ? (int)lua_rawlen(L, -1) : 0;
  lua_pop(L, 1);
  return n;
}

static void read_visits(lua_State *L, int t, const ygt_scheme *s, ygt_scheme_input *in) {
  lua_getfield(L, t, "visits");
  int v = lua_gettop(L);
  if (!lua_istable(L, v)) return;
  size_t n = (size_t)column_length(L, v, "institution");
  in->nvisits = n;
  in->visit_institution = int32_column(L, v, "institution", n, s, NUMBERS);
  in->visit_home = int32_column(L, v, "home", n, s, NUMBERS);
  in->visit_insurance = int32_column(L, v, "insurance", n, s, INSURANCE);
  in->visit_cost = int64_column(L, v, "cost", n);
  in->visit_fund = int64_column(L, v, "fund", n);
  in->visit_item = int32_column(L, v, "item", n, s, YGT_LINE_PRIMARY_CARE);
  in->visit_quantity = int64_column(L, v, "quantity", n);
}

/* Gives the result on top of the stack what r:explain() passes back to C:
 * the scheme (slot 1), the input (slot top, under "input") and everything
 * the input points into (the columns' buffers and tables, the stays). */
static void keep_input(lua_State *L, int top) {
  lua_createtable(L, top, 1);
  for (int k = 1; k <= top; k++) {
    lua_pushvalue(L, k);
    lua_rawseti(L, -2, k);
  }
  lua_pushvalue(L, top);
  lua_setfield(L, -2, "input");
  ygt_compat_setuservalue(L, -2);
}

/* The model a scheme handle keeps in its user value (push_scheme: slot 1). */
static const ygt_model *model_of(lua_State *L, int idx) {
  ygt_compat_getuservalue(L, idx);
  lua_rawgeti(L, -1, 1);
  const ygt_model *m = ygt_lua_check_handle(L, lua_gettop(L), MODEL_T);
  lua_pop(L, 2);
  return m;
}

/* scheme:settle{stays = cases, groups = {...}, classes = {...}, patients = {...}, visits = {...}
 *               [, assessment = {coefficient per institution}]} (DIP assessment from the scorecard) */
static int l_settle(lua_State *L) {
  const ygt_scheme *s = check_scheme(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  ygt_scheme_input in;
  ygt_scheme_input_init(&in);
  lua_getfield(L, 2, "stays");
  if (!lua_isnil(L, -1)) {
    in.stays = ygt_lua_check_handle(L, lua_gettop(L), CASES_T);
    size_t n = ygt_cases_count(in.stays);
    in.stay_group = int32_column(L, 2, "groups", n, s, YGT_LINE_INPATIENT);
    in.stay_class = int32_column(L, 2, "classes", n, s, YGT_LINE_LONG_STAY);
    in.stay_patient = int64_column(L, 2, "patients", n);
  }
  read_visits(L, 2, s, &in);
  const double *assessment = double_column(L, 2, "assessment", ygt_model_institution_count(model_of(L, 1)));
  ygt_scheme_input *kept = buffer(L, 1, sizeof *kept); /* last on the stack: keep_input() names it "input" */
  *kept = in;
  ygt_scheme_result *r = NULL;
  int rc = assessment ? ygt_scheme_settle_assessed(&r, s, kept, assessment) : ygt_scheme_settle(&r, s, kept);
  if (rc) return ygt_lua_fail(L, rc);
  int top = lua_gettop(L);
  ygt_lua_new_handle(L, RESULT_T, r);
  keep_input(L, top);
  return 1;
}

/* ---- results -------------------------------------------------------------------------- */

/* r:get(field [, institution [, line]]) */
static int l_get(lua_State *L) {
  const ygt_scheme_result *r = check_result(L, 1);
  int field = name_arg(L, 2, ygt_scheme_field_name, "field");
  int64_t v;
  int rc = ygt_scheme_result_get(&v, r, (int32_t)luaL_optinteger(L, 3, -1), line_arg(L, 4), field);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

/* r:institution(i [, line]): every field as a table. */
static int l_institution(lua_State *L) {
  const ygt_scheme_result *r = check_result(L, 1);
  int32_t i = (int32_t)luaL_optinteger(L, 2, -1);
  int line = line_arg(L, 3);
  lua_newtable(L);
  for (int f = 0; ygt_scheme_field_name(f); f++) {
    int64_t v;
    int rc = ygt_scheme_result_get(&v, r, i, line, f);
    if (rc) return ygt_lua_fail(L, rc);
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, ygt_scheme_field_name(f));
  }
  return 1;
}

/* r:figure(name [, index]) with index an insurance type or line name, or a number. */
static int l_figure(lua_State *L) {
  const ygt_scheme_result *r = check_result(L, 1);
  int figure = name_arg(L, 2, ygt_scheme_figure_name, "figure"), index = 0;
  if (lua_type(L, 3) == LUA_TSTRING && ygt_insurance_from_name(&index, lua_tostring(L, 3)))
    index = name_arg(L, 3, ygt_service_line_name, "insurance type or line");
  else if (lua_type(L, 3) == LUA_TNUMBER)
    index = (int)lua_tointeger(L, 3);
  double v;
  int rc = ygt_scheme_result_figure(&v, r, figure, index);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, v);
  return 1;
}

static void set_string(lua_State *L, const char *key, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, key);
}

static void set_integer(lua_State *L, const char *key, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

/* r:stays(): {line, group, status, reason, amount, fund} per stay. */
static int l_stays(lua_State *L) {
  const ygt_scheme_result *r = check_result(L, 1);
  size_t n = ygt_scheme_result_stay_count(r);
  int8_t *line = buffer(L, n, 1), *status = buffer(L, n, 1), *reason = buffer(L, n, 1);
  int32_t *group = buffer(L, n, sizeof *group);
  int64_t *amount = buffer(L, n, sizeof *amount), *fund = buffer(L, n, sizeof *fund);
  int rc = ygt_scheme_result_stays(line, group, status, reason, amount, fund, r, n);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t k = 0; k < n; k++) {
    lua_createtable(L, 0, 6);
    set_string(L, "line", ygt_service_line_name(line[k]));
    set_integer(L, "group", group[k]);
    set_string(L, "status", ygt_settle_status_name(status[k]));
    set_string(L, "reason", ygt_settle_reason_name(reason[k]));
    set_integer(L, "amount", (lua_Integer)amount[k]);
    set_integer(L, "fund", (lua_Integer)fund[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 1;
}

/* r:stay_units() -> {units, ...} (10^-6 points, scores, RW or days per stay) */
static int l_stay_units(lua_State *L) {
  const ygt_scheme_result *r = check_result(L, 1);
  size_t n = ygt_scheme_result_stay_count(r);
  int64_t *units = buffer(L, n, sizeof *units);
  int rc = ygt_scheme_result_stay_units(units, r, n);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t k = 0; k < n; k++) {
    lua_pushinteger(L, (lua_Integer)units[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 1;
}

/* r:explain(k) -> the k-th stay's (1-based) settlement in words and numbers; a result of s:settle only. */
static int l_explain(lua_State *L) {
  const ygt_scheme_result *r = check_result(L, 1);
  lua_Integer k = luaL_checkinteger(L, 2);
  ygt_compat_getuservalue(L, 1);
  if (lua_istable(L, -1)) lua_getfield(L, -1, "input");
  if (!lua_isuserdata(L, -1)) return luaL_error(L, "r:explain needs a result of s:settle (it keeps the input)");
  const ygt_scheme_input *in = lua_touserdata(L, -1);
  lua_rawgeti(L, -2, 1);
  const ygt_scheme *s = check_scheme(L, lua_gettop(L));
  size_t stay = k >= 1 ? (size_t)(k - 1) : (size_t)-1;
  int n = ygt_scheme_result_explain(NULL, 0, r, s, in, stay);
  if (n < 0) return ygt_lua_fail(L, n);
  char *text = buffer(L, (size_t)n + 1, 1);
  ygt_scheme_result_explain(text, (size_t)n + 1, r, s, in, stay);
  lua_pushstring(L, text);
  return 1;
}

static int l_institutions(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_scheme_result_institutions(check_result(L, 1)));
  return 1;
}

/* ---- registration ------------------------------------------------------------------------ */

static const luaL_Reg scheme_methods[] = {
  {"id", l_id}, {"provenance", l_provenance}, {"illustrative", l_illustrative}, {"method", l_method},
  {"dip_assessment_scored", l_dip_assessment_scored},
  {"find", l_find}, {"group_count", l_group_count}, {"settle", l_settle}, {NULL, NULL}};
static const luaL_Reg result_methods[] = {
  {"get", l_get}, {"institution", l_institution}, {"figure", l_figure}, {"stays", l_stays},
  {"stay_units", l_stay_units}, {"explain", l_explain}, {"institutions", l_institutions}, {NULL, NULL}};
static const luaL_Reg functions[] = {{"scheme_load", l_scheme_load}, {"scheme_parse", l_scheme_parse}, {NULL, NULL}};

/* service_line_name(i), service_line_from_name(s), pay_method_name(i), pay_method_from_name(s). */
static const ygt_lua_enum enums[] = {
  {"service_line", ygt_service_line_name, NULL, ygt_service_line_from_name},
  {"pay_method", ygt_pay_method_name, NULL, ygt_pay_method_from_name},
};

void ygt_lua_open_scheme(lua_State *L) {
  ygt_lua_register_type(L, SCHEME_T, scheme_methods, gc_scheme);
  ygt_lua_register_type(L, RESULT_T, result_methods, gc_result);
  luaL_setfuncs(L, functions, 0);
  ygt_lua_register_enums(L, enums, sizeof enums / sizeof enums[0]);
}
