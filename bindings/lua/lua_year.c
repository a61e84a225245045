/* Lua binding of the county year (include/yigongti/year.h).
 *
 *   local y = assert(ygt.year_run{model = m, county = c, previous = before, scheme = s,
 *                                 budget = b, indicators = r, scorecard = card,
 *                                 targets = t, population_scale = 0.1})
 *   print(y:report())
 *   print(y:total().fund, y:tier("township").revenue, y:institution(0).patients)
 *   local r = y:budget_report()   -- and y:encounters(), y:scheme_result(), y:indicator_values()
 *
 * Everything but model and county is optional.  Figures are tables keyed by
 * the year field names (visits, stays, patients, ..., revenue); money in fen.
 * The year keeps its inputs alive. */
#include <stdlib.h>

#include "ygt_lua.h"

#define YEAR_T "yigongti.year"
#define MODEL_T "yigongti.model"
#define COUNTY_T "yigongti.county"
#define SCHEME_T "yigongti.scheme"
#define BUDGET_T "yigongti.budget"
#define REG_T "yigongti.indicators"
#define CARD_T "yigongti.scorecard"
#define INPUTS_T "yigongti.score_inputs"
#define ENC_T "yigongti.encounters"
#define RESULT_T "yigongti.scheme_result"
#define REPORT_T "yigongti.budget_report"
#define VALUES_T "yigongti.indicator_values"

static ygt_year *check_year(lua_State *L, int i) { return ygt_lua_check_handle(L, i, YEAR_T); }

/* The handle in field `name` of the table at index 1, or NULL when absent. */
static const void *field_handle(lua_State *L, const char *name, const char *tname) {
  lua_getfield(L, 1, name);
  const void *p = lua_isnil(L, -1) ? NULL : ygt_lua_check_handle(L, lua_gettop(L), tname);
  lua_pop(L, 1);
  return p;
}

static int l_year_run(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  ygt_year_inputs in = YGT_YEAR_INPUTS_INIT;
  in.model = field_handle(L, "model", MODEL_T);
  in.county = field_handle(L, "county", COUNTY_T);
  in.previous = field_handle(L, "previous", COUNTY_T);
  in.scheme = field_handle(L, "scheme", SCHEME_T);
  in.budget = field_handle(L, "budget", BUDGET_T);
  in.indicators = field_handle(L, "indicators", REG_T);
  in.scorecard = field_handle(L, "scorecard", CARD_T);
  in.score_inputs = field_handle(L, "inputs", INPUTS_T);
  in.targets = field_handle(L, "targets", "yigongti.targets");
  lua_getfield(L, 1, "population_scale");
  in.population_scale = luaL_optnumber(L, -1, 0.0);
  lua_pop(L, 1);
  ygt_year *y = NULL;
  int rc = ygt_year_run(&y, &in);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, YEAR_T, y);
  lua_pushvalue(L, 1); /* the inputs table keeps every input alive */
  ygt_compat_setuservalue(L, -2);
  return 1;
}

typedef int (*getter)(int64_t *, const ygt_year *, int32_t, int);

static int push_fields(lua_State *L, const ygt_year *y, getter get, int32_t index) {
  lua_newtable(L);
  for (int f = 0; ygt_year_field_name(f); f++) {
    int64_t v;
    int rc = get(&v, y, index, f);
    if (rc) return ygt_lua_fail(L, rc);
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, ygt_year_field_name(f));
  }
  return 1;
}

static int get_institution(int64_t *out, const ygt_year *y, int32_t i, int f) {
  return ygt_year_institution(out, y, i, f);
}

static int get_tier(int64_t *out, const ygt_year *y, int32_t t, int f) {
  return ygt_year_tier(out, y, (int)t, f);
}

static int get_total(int64_t *out, const ygt_year *y, int32_t unused, int f) {
  (void)unused;
  return ygt_year_total(out, y, f);
}

static int l_institution(lua_State *L) {
  return push_fields(L, check_year(L, 1), get_institution, (int32_t)luaL_checkinteger(L, 2));
}

static int l_tier(lua_State *L) {
  int tier;
  if (ygt_tier_from_name(&tier, luaL_checkstring(L, 2))) return luaL_argerror(L, 2, "unknown tier");
  return push_fields(L, check_year(L, 1), get_tier, tier);
}

static int l_total(lua_State *L) {
  return push_fields(L, check_year(L, 1), get_total, 0);
}

static int l_year(lua_State *L) {
  lua_pushinteger(L, ygt_year_year(check_year(L, 1)));
  return 1;
}

static int l_score(lua_State *L) {
  const ygt_year *y = check_year(L, 1);
  const ygt_score *s = lua_isnoneornil(L, 2) ? ygt_year_score(y, YGT_SCOPE_COUNTY, 0)
                                             : ygt_year_score(y, YGT_SCOPE_COMMUNITY, (int32_t)luaL_checkinteger(L, 2));
  if (!s) return 0;
  lua_pushnumber(L, ygt_score_total(s));
  lua_pushstring(L, ygt_score_grade(s));
  return 2;
}

/* The stages' results as read-only handles that keep the year alive (nil
 * for a stage the year did not run). */
YGT_LUA_BORROWING_METHOD(l_encounters, ENC_T, ygt_year_encounters, check_year)
YGT_LUA_BORROWING_METHOD(l_scheme_result, RESULT_T, ygt_year_scheme_result, check_year)
YGT_LUA_BORROWING_METHOD(l_budget_report, REPORT_T, ygt_year_budget_report, check_year)

static int l_values(lua_State *L) {
  const ygt_indicator_values *v = ygt_year_indicator_values(check_year(L, 1));
  if (!v) return lua_pushnil(L), 1;
  /* The values' methods find their registry at [1] of the handle's user
   * value: the owner is {registry, year}.  A year run without a registry
   * used the defaults, which an equal registry of our own stands for. */
  lua_createtable(L, 2, 0);
  ygt_compat_getuservalue(L, 1);
  lua_getfield(L, -1, "indicators");
  if (lua_isnil(L, -1)) {
    ygt_indicators *r = NULL;
    int rc = ygt_indicators_defaults(&r);
    if (rc) return ygt_lua_fail(L, rc);
    lua_pop(L, 1);
    ygt_lua_new_handle(L, REG_T, r);
  }
  lua_rawseti(L, -3, 1);
  lua_pop(L, 1);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 2);
  ygt_lua_push_borrowed(L, VALUES_T, v, -1);
  return 1;
}

static int l_report(lua_State *L) {
  const ygt_year *y = check_year(L, 1);
  int64_t n = ygt_year_report_text(NULL, 0, y);
  if (n < 0) return ygt_lua_fail(L, (int)n);
  char *buf = malloc((size_t)n + 1);
  if (!buf) return luaL_error(L, "out of memory");
  ygt_year_report_text(buf, (size_t)n + 1, y);
  lua_pushlstring(L, buf, (size_t)n);
  free(buf);
  return 1;
}

/* y:check(): true when every account balances, else nil, message, "YGT_EACCOUNTS". */
static int l_check(lua_State *L) {
  int rc = ygt_year_check(check_year(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

static int year_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, YEAR_T);
  ygt_year_free(*slot);
  *slot = NULL;
  return 0;
}

void ygt_lua_open_year(lua_State *L) {
  static const luaL_Reg methods[] = {
    {"year", l_year}, {"institution", l_institution}, {"tier", l_tier}, {"total", l_total}, {"score", l_score},
    {"report", l_report}, {"check", l_check}, {"encounters", l_encounters}, {"scheme_result", l_scheme_result},
    {"budget_report", l_budget_report}, {"indicator_values", l_values}, {NULL, NULL}};
  ygt_lua_register_type(L, YEAR_T, methods, year_gc);
  lua_pushcfunction(L, l_year_run);
  lua_setfield(L, -2, "year_run");
}
