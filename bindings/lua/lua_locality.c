/* Lua binding of a bundle's settings, targets and calibration
 * (include/yigongti/county_settings.h, targets.h, calibrate.h).
 *
 *   local s = assert(ygt.county_settings_load("examples/data/chunan/county.json"))
 *   print(s:base_year(), s:get("outpatient_factor"), s:get("trend.2000.outpatient_factor"))
 *   local t = assert(ygt.targets_load(registry, "examples/data/chunan/targets.tsv"))
 *   print(t:count(), t:get(0).indicator, t:evaluate(0, year:indicator_values(), 0.1))
 *   local c = assert(ygt.calibrate{model = m, rules = r, casemix = cm, scheme = sch, targets = t,
 *                                  settings = s, seed = 1, population_scale = 0.1, max_iterations = 10})
 *   print(c:iterations(), c:distance(0), c:within(), c:settings():json())
 *
 * Targets and iterations are 0-based (the C indices).  Targets keep their
 * registry, a calibration its inputs, alive. */
#include <stdlib.h>

#include "ygt_lua.h"

#define SETTINGS_T "yigongti.county_settings"
#define TARGETS_T "yigongti.targets"
#define CALIB_T "yigongti.calibration"
#define REG_T "yigongti.indicators"
#define VALUES_T "yigongti.indicator_values"

static const ygt_county_settings *check_settings(lua_State *L, int i) { return ygt_lua_check_handle(L, i, SETTINGS_T); }
static const ygt_targets *check_targets(lua_State *L, int i) { return ygt_lua_check_handle(L, i, TARGETS_T); }
static const ygt_calibration *check_calib(lua_State *L, int i) { return ygt_lua_check_handle(L, i, CALIB_T); }

/* ---- settings ------------------------------------------------------------------ */

static int push_settings(lua_State *L, int rc, ygt_county_settings *s) {
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, SETTINGS_T, s);
  return 1;
}

static int l_settings_load(lua_State *L) {
  ygt_county_settings *s = NULL;
  int rc = ygt_county_settings_load(&s, luaL_checkstring(L, 1));
  return push_settings(L, rc, s);
}

static int l_settings_parse(lua_State *L) {
  ygt_county_settings *s = NULL;
  int rc = ygt_county_settings_parse(&s, luaL_checkstring(L, 1), luaL_optstring(L, 2, NULL));
  return push_settings(L, rc, s);
}

/* county_settings_names(): every setting name, a sequence (ygt_county_settings_count / _name). */
static int l_settings_names(lua_State *L) {
  size_t n = ygt_county_settings_count();
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushstring(L, ygt_county_settings_name(i));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int l_base_year(lua_State *L) {
  lua_pushinteger(L, ygt_county_settings_base_year(check_settings(L, 1)));
  return 1;
}

static int l_get(lua_State *L) {
  double v;
  int rc = ygt_county_settings_get(&v, check_settings(L, 1), luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, v);
  return 1;
}

static int l_with(lua_State *L) {
  ygt_county_settings *s = NULL;
  int rc = ygt_county_settings_with(&s, check_settings(L, 1), luaL_checkstring(L, 2), luaL_checknumber(L, 3));
  return push_settings(L, rc, s);
}

static int l_json(lua_State *L) {
  const ygt_county_settings *s = check_settings(L, 1);
  int64_t n = ygt_county_settings_json(NULL, 0, s);
  char *buf = n < 0 ? NULL : malloc((size_t)n + 1);
  if (!buf) return n < 0 ? ygt_lua_fail(L, (int)n) : luaL_error(L, "out of memory");
  ygt_county_settings_json(buf, (size_t)n + 1, s);
  lua_pushlstring(L, buf, (size_t)n);
  free(buf);
  return 1;
}

static int settings_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, SETTINGS_T);
  ygt_county_settings_free(*slot);
  *slot = NULL;
  return 0;
}

/* ---- targets ------------------------------------------------------------------- */

static int l_targets_load(lua_State *L) {
  const ygt_indicators *reg = ygt_lua_check_handle(L, 1, REG_T);
  ygt_targets *t = NULL;
  int rc = ygt_targets_load(&t, reg, luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, TARGETS_T, t);
  lua_pushvalue(L, 1); /* the registry outlives the targets */
  ygt_compat_setuservalue(L, -2);
  return 1;
}

static int l_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_targets_count(check_targets(L, 1)));
  return 1;
}

static void set_text(lua_State *L, const ygt_targets *t, size_t i) {
  static const char *const names[] = {"indicator", "fit", "source", "quote"};
  for (int k = 0; k < 4; k++) {
    lua_pushstring(L, ygt_targets_text(t, i, k));
    lua_setfield(L, -2, names[k]);
  }
}

static int l_target(lua_State *L) {
  static const char *const relations[] = {"=", ">=", "<="};
  const ygt_targets *t = check_targets(L, 1);
  size_t i = (size_t)luaL_checkinteger(L, 2);
  int32_t year;
  int rel;
  double value, tol;
  int rc = ygt_targets_get(NULL, &year, &rel, &value, &tol, t, i);
  if (rc) return ygt_lua_fail(L, rc);
  lua_newtable(L);
  lua_pushinteger(L, year), lua_setfield(L, -2, "year");
  lua_pushstring(L, relations[rel]), lua_setfield(L, -2, "relation");
  lua_pushnumber(L, value), lua_setfield(L, -2, "value");
  lua_pushnumber(L, tol), lua_setfield(L, -2, "tolerance");
  set_text(L, t, i);
  return 1;
}

/* t:evaluate(i, values, scale) -> simulated, within */
static int l_evaluate(lua_State *L) {
  double sim;
  int rc = ygt_targets_evaluate(&sim, check_targets(L, 1), (size_t)luaL_checkinteger(L, 2),
                                ygt_lua_check_handle(L, 3, VALUES_T), luaL_optnumber(L, 4, 1.0));
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushnumber(L, sim);
  lua_pushboolean(L, rc == 1);
  return 2;
}

/* t:distance(i, simulated): how far from target i, in tolerances (0 when a >= / <= target holds) */
static int l_target_distance(lua_State *L) {
  lua_pushnumber(L, ygt_targets_distance(check_targets(L, 1), (size_t)luaL_checkinteger(L, 2), luaL_checknumber(L, 3)));
  return 1;
}

/* t:indicators(): the registry the targets were loaded with */
YGT_LUA_BORROWING_METHOD(l_target_indicators, REG_T, ygt_targets_indicators, check_targets)

static int targets_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, TARGETS_T);
  ygt_targets_free(*slot);
  *slot = NULL;
  return 0;
}

/* ---- calibration ------------------------------------------------------------------ */

static const void *field_handle(lua_State *L, const char *name, const char *tname) {
  lua_getfield(L, 1, name);
  const void *p = lua_isnil(L, -1) ? NULL : ygt_lua_check_handle(L, lua_gettop(L), tname);
  lua_pop(L, 1);
  return p;
}

static void read_numbers(lua_State *L, ygt_calibration_inputs *in) {
  lua_getfield(L, 1, "seed");
  in->seed = (uint64_t)luaL_optinteger(L, -1, 1);
  lua_getfield(L, 1, "population_scale");
  in->population_scale = luaL_optnumber(L, -1, 1.0);
  lua_getfield(L, 1, "max_iterations");
  in->max_iterations = (int)luaL_optinteger(L, -1, 20);
  lua_pop(L, 3);
}

static int l_calibrate(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  ygt_calibration_inputs in = YGT_CALIBRATION_INPUTS_INIT;
  in.model = field_handle(L, "model", "yigongti.model");
  in.rules = field_handle(L, "rules", "yigongti.referral_rules");
  in.casemix = field_handle(L, "casemix", "yigongti.casemix");
  in.scheme = field_handle(L, "scheme", "yigongti.scheme");
  in.targets = field_handle(L, "targets", TARGETS_T);
  in.settings = field_handle(L, "settings", SETTINGS_T);
  read_numbers(L, &in);
  ygt_calibration *c = NULL;
  int rc = ygt_calibrate(&c, &in);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CALIB_T, c);
  return 1;
}

static int l_iterations(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_calibration_iterations(check_calib(L, 1)));
  return 1;
}

static int l_distance(lua_State *L) {
  lua_pushnumber(L, ygt_calibration_distance(check_calib(L, 1), (size_t)luaL_checkinteger(L, 2)));
  return 1;
}

static int l_simulated(lua_State *L) {
  lua_pushnumber(L, ygt_calibration_simulated(check_calib(L, 1), (size_t)luaL_checkinteger(L, 2),
                                              (size_t)luaL_checkinteger(L, 3)));
  return 1;
}

static int l_best(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_calibration_best(check_calib(L, 1)));
  return 1;
}

static int l_within(lua_State *L) {
  lua_pushboolean(L, ygt_calibration_within(check_calib(L, 1)));
  return 1;
}

YGT_LUA_BORROWING_METHOD(l_calib_settings, SETTINGS_T, ygt_calibration_settings, check_calib)

static int calib_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, CALIB_T);
  ygt_calibration_free(*slot);
  *slot = NULL;
  return 0;
}

void ygt_lua_open_locality(lua_State *L) {
  static const luaL_Reg settings[] = {{"base_year", l_base_year}, {"get", l_get}, {"with", l_with},
                                      {"json", l_json}, {NULL, NULL}};
  static const luaL_Reg targets[] = {{"count", l_count},
                                     {"get", l_target},
                                     {"evaluate", l_evaluate},
                                     {"distance", l_target_distance},
                                     {"indicators", l_target_indicators},
                                     {NULL, NULL}};
  static const luaL_Reg calib[] = {{"iterations", l_iterations}, {"distance", l_distance}, {"simulated", l_simulated},
                                   {"best", l_best}, {"within", l_within}, {"settings", l_calib_settings},
                                   {NULL, NULL}};
  static const luaL_Reg functions[] = {{"county_settings_load", l_settings_load},
                                       {"county_settings_parse", l_settings_parse},
                                       {"county_settings_names", l_settings_names},
                                       {"targets_load", l_targets_load}, {"calibrate", l_calibrate}, {NULL, NULL}};
  ygt_lua_register_type(L, SETTINGS_T, settings, settings_gc);
  ygt_lua_register_type(L, TARGETS_T, targets, targets_gc);
  ygt_lua_register_type(L, CALIB_T, calib, calib_gc);
  luaL_setfuncs(L, functions, 0);
}
