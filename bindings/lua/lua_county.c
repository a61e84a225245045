/* Lua binding of the synthetic county generator (include/yigongti/county.h).
 *
 *   local cm = assert(ygt.casemix_load("examples/data/casemix.tsv"))   -- or (path, pack)
 *   local rules = assert(cm:referral_load(model, "examples/data/chunan"))
 *   local c = assert(ygt.county_generate(model, rules, cm, {seed = 7, population_scale = 0.1}))
 *   local s = assert(ygt.county_settings_load("examples/data/chunan/county.json"))
 *   local before = assert(ygt.county_generate(model, rules, cm, {settings = s, year = 2023, seed = 2}))
 *   print(c:resident_count(), c:event_count(), c:sum("cost"), c:get("institution", 0))
 *   print(c:count("setting", 0), c:sum("fund", "setting", 1))  -- visits; fund of stays
 *
 * Conditions, rows and code ids are 0-based (the C indices); settings are
 * names.  A case mix keeps its pack alive, a county its model, rules and case
 * mix (user values); c:model(), c:rules(), c:casemix() and c:encounters()
 * return them, read-only and keeping the county alive. */
#include <string.h>

#include "ygt_lua.h"

#define CASEMIX_T "yigongti.casemix"
#define CODES_T "yigongti.codes"
#define COUNTY_T "yigongti.county"
#define RULES_T "yigongti.referral_rules"
#define MODEL_T "yigongti.model"
#define ENC_T "yigongti.encounters"

static ygt_casemix *check_cm(lua_State *L, int i) { return ygt_lua_check_handle(L, i, CASEMIX_T); }
static ygt_county *check_county(lua_State *L, int i) { return ygt_lua_check_handle(L, i, COUNTY_T); }

static int kind_arg(lua_State *L, int idx) {
  static const char *const names[] = {"diagnosis", "procedure", NULL};
  return luaL_checkoption(L, idx, NULL, names) + 1;
}

/* ---- case mix ----------------------------------------------------------------- */

/* casemix_load(path [, pack]): own dictionaries, or the DRG pack's. */
static int l_casemix_load(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const ygt_drg_pack *pack = lua_isnoneornil(L, 2) ? NULL : ygt_lua_check_pack(L, 2);
  ygt_casemix *cm = NULL;
  int rc = ygt_casemix_load(&cm, pack ? ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS) : NULL,
                            pack ? ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE) : NULL, path);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CASEMIX_T, cm);
  lua_pushvalue(L, 2);
  ygt_compat_setuservalue(L, -2);
  return 1;
}

static int l_casemix_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, CASEMIX_T);
  ygt_casemix_free(*slot);
  *slot = NULL;
  return 0;
}

static int l_cm_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_casemix_count(check_cm(L, 1)));
  return 1;
}

static int l_cm_find(lua_State *L) {
  int32_t i = ygt_casemix_find(check_cm(L, 1), luaL_checkstring(L, 2));
  if (i < 0) lua_pushnil(L);
  else lua_pushinteger(L, i);
  return 1;
}

static int cm_text(lua_State *L, const char *(*get)(const ygt_casemix *, int32_t)) {
  const char *s = get(check_cm(L, 1), (int32_t)luaL_checkinteger(L, 2));
  if (!s) return luaL_argerror(L, 2, "no such condition");
  lua_pushstring(L, s);
  return 1;
}

static int l_cm_condition(lua_State *L) { return cm_text(L, ygt_casemix_condition); }
static int l_cm_name(lua_State *L) { return cm_text(L, ygt_casemix_name); }
static int l_cm_group(lua_State *L) { return cm_text(L, ygt_casemix_group); }
static int l_cm_long_stay(lua_State *L) { return cm_text(L, ygt_casemix_long_stay); }
static int l_cm_workload(lua_State *L) { return cm_text(L, ygt_casemix_workload); }

static int l_cm_setting(lua_State *L) {
  int s = ygt_casemix_setting(check_cm(L, 1), (int32_t)luaL_checkinteger(L, 2));
  if (s < 0) return ygt_lua_fail(L, s);
  lua_pushstring(L, ygt_setting_name(s));
  return 1;
}

/* cm:value(i, field): field by name (sex, age_from, ..., procedure). */
static int l_cm_value(lua_State *L) {
  static const char *const fields[] = {"sex", "age_from", "age_to", "rate", "cost", "cost_cv", "los",
                                       "emergency", "diagnosis", "procedure", "phase", "phase_share",
                                       "continuation", "continuation_share", "specialty_share", NULL};
  double v;
  int rc = ygt_casemix_value(&v, check_cm(L, 1), (int32_t)luaL_checkinteger(L, 2), luaL_checkoption(L, 3, NULL, fields));
  if (rc) return ygt_lua_fail(L, rc);
  if (v == (double)(lua_Integer)v) lua_pushinteger(L, (lua_Integer)v);
  else lua_pushnumber(L, v);
  return 1;
}

static int l_cm_codes_of(lua_State *L) {
  const int32_t *ids;
  size_t n;
  int rc = ygt_casemix_codes_of(&ids, &n, check_cm(L, 1), (int32_t)luaL_checkinteger(L, 2), kind_arg(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t k = 0; k < n; k++) {
    lua_pushinteger(L, ids[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 1;
}

/* cm:codes(kind): the dictionary as a read-only codes handle keeping the case mix alive. */
static void push_cm_codes(lua_State *L, int cm_idx, int kind) {
  ygt_lua_push_borrowed(L, CODES_T, ygt_casemix_codes(check_cm(L, cm_idx), kind), cm_idx);
}

static int l_cm_codes(lua_State *L) {
  push_cm_codes(L, 1, kind_arg(L, 2));
  return 1;
}

/* cm:referral_load(model, path): referral rules over the case mix's
 * diagnosis dictionary, as ygt.referral_load returns them. */
static int l_cm_referral_load(lua_State *L) {
  check_cm(L, 1);
  const ygt_model *m = ygt_lua_check_handle(L, 2, MODEL_T);
  ygt_referral_rules *r = NULL;
  int rc = ygt_referral_rules_load(&r, m, ygt_casemix_codes(check_cm(L, 1), YGT_CODE_DIAGNOSIS), luaL_checkstring(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, RULES_T, r);
  lua_createtable(L, 2, 0); /* the user value lua_referral.c reads: {model, dictionary} */
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, 1);
  push_cm_codes(L, 1, YGT_CODE_DIAGNOSIS);
  lua_rawseti(L, -2, 2);
  ygt_compat_setuservalue(L, -2);
  return 1;
}

/* ---- county --------------------------------------------------------------------- */

static void opt_number(lua_State *L, int t, const char *key, double *v) {
  lua_getfield(L, t, key);
  if (!lua_isnil(L, -1)) *v = luaL_checknumber(L, -1);
  lua_pop(L, 1);
}

static void opt_array(lua_State *L, int t, const char *key, double *v, int n) {
  lua_getfield(L, t, key);
  if (!lua_isnil(L, -1)) {
    luaL_checktype(L, -1, LUA_TTABLE);
    for (int k = 0; k < n; k++) {
      lua_rawgeti(L, -1, k + 1);
      if (!lua_isnil(L, -1)) v[k] = luaL_checknumber(L, -1);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

/* Options from a table whose keys are the C field names; unknown keys raise.  With settings, population_scale
 * and year were taken by apply_settings(). */
static void read_options(lua_State *L, int t, ygt_county_options *o, int with_settings) {
  static const char *const known[] = {"seed", "year", "population_scale", "outpatient_factor", "inpatient_factor",
    "primary_first_contact", "out_of_county_bypass", "inpatient_bypass", "village_share", "tier_cost",
    "bypass_weight", "los_cv", "emergency_acuity", "inpatient_ask_out", "bypass_slip", "cost_response",
    "male_share", "age_pyramid", "settings", NULL};
  for (lua_pushnil(L); lua_next(L, t); lua_pop(L, 1)) {
    const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    int ok = 0;
    for (int i = 0; known[i] && !ok; i++) ok = strcmp(k, known[i]) == 0;
    if (!ok) luaL_error(L, "unknown county option '%s'", k);
  }
  static const char *const ints[] = {"seed", "year", "emergency_acuity"};
  for (int k = 0; k < 3; k++) {
    if (with_settings && k == 1) continue;
    lua_getfield(L, t, ints[k]);
    if (!lua_isnil(L, -1)) {
      lua_Integer v = luaL_checkinteger(L, -1);
      if (k == 0) o->seed = (uint64_t)v;
      else if (k == 1) o->year = (int32_t)v;
      else o->emergency_acuity = (int32_t)v;
    }
    lua_pop(L, 1);
  }
  if (!with_settings) opt_number(L, t, "population_scale", &o->population_scale);
  opt_number(L, t, "outpatient_factor", &o->outpatient_factor);
  opt_number(L, t, "inpatient_factor", &o->inpatient_factor);
  opt_number(L, t, "primary_first_contact", &o->primary_first_contact);
  opt_number(L, t, "out_of_county_bypass", &o->out_of_county_bypass);
  opt_number(L, t, "inpatient_bypass", &o->inpatient_bypass);
  opt_number(L, t, "village_share", &o->village_share);
  opt_number(L, t, "los_cv", &o->los_cv);
  opt_number(L, t, "inpatient_ask_out", &o->inpatient_ask_out);
  opt_number(L, t, "bypass_slip", &o->bypass_slip);
  opt_number(L, t, "cost_response", &o->cost_response);
  opt_array(L, t, "tier_cost", o->tier_cost, 6);
  opt_array(L, t, "bypass_weight", o->bypass_weight, 3);
  opt_number(L, t, "male_share", &o->male_share);
  opt_array(L, t, "age_pyramid", o->age_pyramid, 20);
}

/* A bundle's settings (field `settings`) for the year (field `year`, default their base year), applied
 * before the other options; population_scale is multiplied by their population.  Sets *with. */
static int apply_settings(lua_State *L, int t, ygt_county_options *o, int *with) {
  lua_getfield(L, t, "settings");
  const ygt_county_settings *s = lua_isnil(L, -1) ? NULL : ygt_lua_check_handle(L, lua_gettop(L), "yigongti.county_settings");
  lua_pop(L, 1);
  if (!(*with = s != NULL)) return 0;
  lua_getfield(L, t, "year");
  int32_t year = (int32_t)luaL_optinteger(L, -1, ygt_county_settings_base_year(s));
  lua_pop(L, 1);
  lua_getfield(L, t, "population_scale");
  o->population_scale = luaL_optnumber(L, -1, 1.0);
  lua_pop(L, 1);
  return ygt_county_settings_options(o, s, year);
}

typedef int (*generator)(ygt_county **, const ygt_model *, const ygt_referral_rules *, const ygt_casemix *,
                         const ygt_county_options *);

/* The options table at index t (absent or nil: the defaults). */
static int options_at(lua_State *L, int t, ygt_county_options *o) {
  int rc = 0, with = 0;
  if (lua_isnoneornil(L, t)) return 0;
  luaL_checktype(L, t, LUA_TTABLE);
  rc = apply_settings(L, t, o, &with);
  if (!rc) read_options(L, t, o, with);
  return rc;
}

/* The new county's handle, keeping the model, rules and case mix at stack indices m, r, cm alive. */
static int push_county(lua_State *L, ygt_county *c, int m, int r, int cm) {
  ygt_lua_new_handle(L, COUNTY_T, c);
  lua_createtable(L, 3, 0);
  const int keep[3] = {m, r, cm};
  for (int k = 0; k < 3; k++) {
    lua_pushvalue(L, keep[k]);
    lua_rawseti(L, -2, k + 1);
  }
  ygt_compat_setuservalue(L, -2);
  return 1;
}

static int generate(lua_State *L, generator make) {
  const ygt_model *m = ygt_lua_check_handle(L, 1, MODEL_T);
  const ygt_referral_rules *r = ygt_lua_check_handle(L, 2, RULES_T);
  const ygt_casemix *cm = check_cm(L, 3);
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  int rc = options_at(L, 4, &o);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_county *c = NULL;
  rc = make(&c, m, r, cm, &o);
  return rc ? ygt_lua_fail(L, rc) : push_county(L, c, 1, 2, 3);
}

/* county_generate(model, rules, casemix [, options]) */
static int l_county_generate(lua_State *L) { return generate(L, ygt_county_generate); }

/* county_generate_totals(model, rules, casemix [, options]): the encounter totals only */
static int l_county_generate_totals(lua_State *L) { return generate(L, ygt_county_generate_totals); }

/* county_generate_like(county, rules [, options]): the county's residents and needs routed again under these
 * rules and options (those that shape the needs must be the county's) */
static int l_county_generate_like(lua_State *L) {
  const ygt_county *like = ygt_lua_check_handle(L, 1, COUNTY_T);
  const ygt_referral_rules *r = ygt_lua_check_handle(L, 2, RULES_T);
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  int rc = options_at(L, 3, &o);
  ygt_county *c = NULL;
  if (!rc) rc = ygt_county_generate_like(&c, like, r, &o);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_compat_getuservalue(L, 1); /* like's model and case mix */
  int kept = lua_gettop(L);
  lua_rawgeti(L, kept, 1);
  lua_rawgeti(L, kept, 3);
  return push_county(L, c, kept + 1, 2, kept + 2);
}

static int l_county_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, COUNTY_T);
  ygt_county_free(*slot);
  *slot = NULL;
  return 0;
}

static int l_county_columns(lua_State *L) {
  lua_newtable(L);
  for (int k = 0; ygt_county_column_name(k); k++) {
    lua_pushstring(L, ygt_county_column_name(k));
    lua_rawseti(L, -2, k + 1);
  }
  return 1;
}

static int column_arg(lua_State *L, int idx) {
  const char *name = luaL_checkstring(L, idx);
  for (int k = 0; ygt_county_column_name(k); k++)
    if (strcmp(name, ygt_county_column_name(k)) == 0) return k;
  return luaL_argerror(L, idx, "unknown county column");
}

static lua_Integer element(const void *data, int width, size_t i) {
  if (width == 1) return ((const int8_t *)data)[i];
  if (width == 4) return ((const int32_t *)data)[i];
  return (lua_Integer)((const int64_t *)data)[i];
}

/* county:get(column, row): one element (row 0-based). */
static int l_county_get(lua_State *L) {
  const ygt_county *c = check_county(L, 1);
  int col = column_arg(L, 2);
  const void *data;
  size_t n;
  int rc = ygt_county_column(&data, &n, c, col); /* a derived column is made on request: may fail */
  if (rc) return ygt_lua_fail(L, rc);
  lua_Integer i = luaL_checkinteger(L, 3);
  if (i < 0 || (size_t)i >= n) return luaL_argerror(L, 3, "row out of range");
  lua_pushinteger(L, element(data, ygt_county_column_width(col), (size_t)i));
  return 1;
}

/* county:sum(column [, where_column, value]): the column's sum, optionally
 * over the rows whose where_column equals value. */
static int l_county_sum(lua_State *L) {
  const ygt_county *c = check_county(L, 1);
  int col = column_arg(L, 2), where = lua_isnoneornil(L, 3) ? -1 : column_arg(L, 3);
  lua_Integer want = where >= 0 ? luaL_checkinteger(L, 4) : 0;
  const void *data, *wdata = NULL;
  size_t n, wn = 0;
  int rc = ygt_county_column(&data, &n, c, col);
  if (!rc && where >= 0) rc = ygt_county_column(&wdata, &wn, c, where);
  if (rc) return ygt_lua_fail(L, rc);
  if (where >= 0 && wn != n) return luaL_argerror(L, 3, "a resident and an event column");
  int width = ygt_county_column_width(col), wwidth = where >= 0 ? ygt_county_column_width(where) : 0;
  lua_Integer sum = 0;
  for (size_t i = 0; i < n; i++)
    if (where < 0 || element(wdata, wwidth, i) == want) sum += element(data, width, i);
  lua_pushinteger(L, sum);
  return 1;
}

/* county:count(column, value): rows whose column equals value. */
static int l_county_count(lua_State *L) {
  const ygt_county *c = check_county(L, 1);
  int col = column_arg(L, 2);
  lua_Integer want = luaL_checkinteger(L, 3), count = 0;
  const void *data;
  size_t n;
  int rc = ygt_county_column(&data, &n, c, col);
  if (rc) return ygt_lua_fail(L, rc);
  int width = ygt_county_column_width(col);
  for (size_t i = 0; i < n; i++) count += element(data, width, i) == want;
  lua_pushinteger(L, count);
  return 1;
}

static int l_county_counts(lua_State *L, size_t (*get)(const ygt_county *)) {
  lua_pushinteger(L, (lua_Integer)get(check_county(L, 1)));
  return 1;
}

static int l_county_residents(lua_State *L) { return l_county_counts(L, ygt_county_resident_count); }
static int l_county_events(lua_State *L) { return l_county_counts(L, ygt_county_event_count); }

static int l_county_stays(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_cases_count(ygt_county_cases(check_county(L, 1))));
  return 1;
}

static int l_county_year(lua_State *L) {
  lua_pushinteger(L, ygt_county_year(check_county(L, 1)));
  return 1;
}

/* c:model(), c:rules(), c:casemix(), c:encounters(): what the county was
 * generated from, and every event as an encounter batch, as read-only
 * handles that keep the county alive. */
YGT_LUA_BORROWING_METHOD(l_county_model, MODEL_T, ygt_county_model, check_county)
YGT_LUA_BORROWING_METHOD(l_county_rules, RULES_T, ygt_county_rules, check_county)
YGT_LUA_BORROWING_METHOD(l_county_casemix, CASEMIX_T, ygt_county_casemix, check_county)
YGT_LUA_BORROWING_METHOD(l_county_encounters, ENC_T, ygt_county_encounters, check_county)

static int l_age_share(lua_State *L) {
  lua_pushnumber(L, ygt_county_age_share((int)luaL_checkinteger(L, 1)));
  return 1;
}

static const luaL_Reg cm_methods[] = {
  {"count", l_cm_count}, {"find", l_cm_find}, {"condition", l_cm_condition}, {"name", l_cm_name},
  {"setting", l_cm_setting}, {"group", l_cm_group}, {"long_stay", l_cm_long_stay}, {"workload", l_cm_workload},
  {"value", l_cm_value}, {"codes_of", l_cm_codes_of}, {"codes", l_cm_codes},
  {"referral_load", l_cm_referral_load}, {NULL, NULL},
};

static const luaL_Reg county_methods[] = {
  {"resident_count", l_county_residents}, {"event_count", l_county_events}, {"stay_count", l_county_stays},
  {"year", l_county_year}, {"get", l_county_get}, {"sum", l_county_sum}, {"count", l_county_count},
  {"model", l_county_model}, {"rules", l_county_rules}, {"casemix", l_county_casemix},
  {"encounters", l_county_encounters}, {NULL, NULL},
};

static const luaL_Reg functions[] = {
  {"casemix_load", l_casemix_load}, {"county_generate", l_county_generate},
  {"county_generate_totals", l_county_generate_totals},
  {"county_generate_like", l_county_generate_like},
  {"county_columns", l_county_columns}, {"county_age_share", l_age_share}, {NULL, NULL},
};

void ygt_lua_open_county(lua_State *L) {
  ygt_lua_register_type(L, CASEMIX_T, cm_methods, l_casemix_gc);
  ygt_lua_register_type(L, COUNTY_T, county_methods, l_county_gc);
  luaL_setfuncs(L, functions, 0);
}
