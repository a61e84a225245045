/* Lua binding of CHS-DRG 3.0 configurations (include/yigongti/drg3.h).
 *
 *   local cfg = assert(ygt.drg3_load("chs-drg-3.0-export"))   -- or drg3_load_files{mdc = ..., ...}
 *   local cases = assert(ygt.cases_new(cfg))
 *   cases:append{sex = 1, age_years = 45, pdx = "K80.101", sdx = {"I50.900"}, procs = {"51.2300"}}
 *   local r = cfg:group(cases)[1]            -- r.drg == "HC43", r.status == "OK"
 *
 * Batch rows are 1-based here; MDC, ADRG and DRG ids are the C ids. */
#include <string.h>

#include "ygt_lua.h"

#define DRG3_T "yigongti.drg3"
#define CODES_T "yigongti.codes"

static const char *const levels[] = {"mdc", "adrg", "drg", NULL};

static ygt_drg3 *check_drg3(lua_State *L, int idx) { return (ygt_drg3 *)ygt_lua_check_handle(L, idx, DRG3_T); }

void ygt_lua_push_drg3_codes(lua_State *L, int idx, int kind) {
  ygt_lua_push_borrowed(L, CODES_T, ygt_drg3_codes(check_drg3(L, idx), kind), idx);
}

static int push_loaded(lua_State *L, int rc, ygt_drg3 *g) {
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, DRG3_T, g);
  return 1;
}

/* drg3_load(dir [, missing_sets_empty]) */
static int l_load(lua_State *L) {
  ygt_drg3 *g;
  int options = lua_toboolean(L, 2) ? YGT_DRG3_MISSING_SETS_EMPTY : 0;
  int rc = ygt_drg3_load(&g, luaL_checkstring(L, 1), options);
  return push_loaded(L, rc, g);
}

/* drg3_load_files{mdc =, adrg =, drg =, sets = [, cc =, exclusion =, provenance =]} [, missing_sets_empty] */
static int l_load_files(lua_State *L) {
  static const char *const keys[YGT_DRG3_FILES] = {"mdc", "adrg", "drg", "sets", "cc", "exclusion", "provenance"};
  const char *paths[YGT_DRG3_FILES];
  luaL_checktype(L, 1, LUA_TTABLE);
  for (int i = 0; i < YGT_DRG3_FILES; i++) {
    lua_getfield(L, 1, keys[i]);
    paths[i] = lua_isnil(L, -1) ? NULL : luaL_checkstring(L, -1); /* kept alive by the table */
    lua_pop(L, 1);
  }
  ygt_drg3 *g;
  int options = lua_toboolean(L, 2) ? YGT_DRG3_MISSING_SETS_EMPTY : 0;
  int rc = ygt_drg3_load_files(&g, paths, options);
  return push_loaded(L, rc, g);
}

static int l_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, DRG3_T);
  ygt_drg3_free((ygt_drg3 *)*slot);
  *slot = NULL;
  return 0;
}

static int l_codes(lua_State *L) {
  static const char *const kinds[] = {"diagnosis", "procedure", NULL};
  ygt_lua_push_drg3_codes(L, 1, luaL_checkoption(L, 2, NULL, kinds) + 1);
  return 1;
}

static int l_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_drg3_count(check_drg3(L, 1), luaL_checkoption(L, 2, NULL, levels) + 1));
  return 1;
}

static int l_text(lua_State *L, const char *(*get)(const ygt_drg3 *, int, int32_t)) {
  int level = luaL_checkoption(L, 2, NULL, levels) + 1;
  int32_t id = (int32_t)luaL_checkinteger(L, 3);
  const char *s = get(check_drg3(L, 1), level, id);
  if (!s) return luaL_error(L, "%s id %d outside the configuration", levels[level - 1], (int)id);
  lua_pushstring(L, s);
  return 1;
}

static int l_code(lua_State *L) { return l_text(L, ygt_drg3_code); }
static int l_name(lua_State *L) { return l_text(L, ygt_drg3_name); }

/* cfg:find("mdc"|"adrg"|"drg", code): the id, or nil, message, code. */
static int l_find(lua_State *L) {
  int level = luaL_checkoption(L, 2, NULL, levels) + 1;
  const char *code = luaL_checkstring(L, 3);
  return ygt_lua_push_found(L, ygt_drg3_find(check_drg3(L, 1), level, code), levels[level - 1], code,
                            "configuration");
}

static int l_provenance(lua_State *L) {
  const char *v = ygt_drg3_provenance(check_drg3(L, 1), luaL_checkstring(L, 2));
  if (v) lua_pushstring(L, v);
  else lua_pushnil(L);
  return 1;
}

static int l_missing(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_drg3_missing_set_count(check_drg3(L, 1)));
  return 1;
}

static int l_node_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_drg3_node_count(check_drg3(L, 1)));
  return 1;
}

static void set_code(lua_State *L, const ygt_drg3 *g, int level, int32_t id, const char *field) {
  if (id >= 0) lua_pushstring(L, ygt_drg3_code(g, level, id));
  else lua_pushnil(L);
  lua_setfield(L, -2, field);
}

static void push_result(lua_State *L, const ygt_drg3 *g, const int32_t *ids, int32_t status, uint32_t flags) {
  lua_createtable(L, 0, 6);
  for (int l = 0; l < 3; l++) set_code(L, g, l + 1, ids[l], levels[l]);
  lua_pushstring(L, ygt_drg_status_name(status));
  lua_setfield(L, -2, "status");
  lua_pushinteger(L, status);
  lua_setfield(L, -2, "status_code");
  lua_pushinteger(L, (lua_Integer)flags);
  lua_setfield(L, -2, "flags");
}

/* cfg:group(cases [, first [, n]]): a list of result tables (codes nil where none). */
static int l_group(lua_State *L) {
  ygt_drg3 *g = check_drg3(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  lua_Integer first = luaL_optinteger(L, 3, 1);
  lua_Integer n = luaL_optinteger(L, 4, (lua_Integer)ygt_cases_count(c) - first + 1);
  luaL_argcheck(L, first >= 1 && n >= 0, 3, "rows start at 1");
  size_t m = (size_t)n ? (size_t)n : 1;
  int32_t *out = (int32_t *)lua_newuserdata(L, m * (4 * sizeof(int32_t) + sizeof(uint32_t)));
  uint32_t *flags = (uint32_t *)(out + 4 * m);
  int rc = ygt_drg3_group(g, c, (size_t)first - 1, (size_t)n, 0, out, out + m, out + 2 * m, out + 3 * m, flags);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < (size_t)n; i++) {
    int32_t ids[3] = {out[i], out[m + i], out[2 * m + i]};
    push_result(L, g, ids, out[3 * m + i], flags[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* cfg:group_traced(cases, row): result, steps (as pack:group_traced). */
static int l_group_traced(lua_State *L) {
  ygt_drg3 *g = check_drg3(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  lua_Integer row = luaL_checkinteger(L, 3);
  luaL_argcheck(L, row >= 1, 3, "rows start at 1");
  ygt_drg_trace *t;
  int rc = ygt_drg_trace_new(&t);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, "yigongti.drg_trace", t); /* collected with the call's stack */
  int32_t ids[3], status;
  uint32_t flags;
  rc = ygt_drg3_group_traced(g, c, (size_t)row - 1, t, &ids[0], &ids[1], &ids[2], &status, &flags);
  if (rc) return ygt_lua_fail(L, rc);
  push_result(L, g, ids, status, flags);
  ygt_lua_push_drg_steps(L, t);
  return 2;
}

static const luaL_Reg methods[] = {
  {"codes", l_codes}, {"count", l_count}, {"code", l_code}, {"name", l_name}, {"find", l_find},
  {"provenance", l_provenance}, {"missing_set_count", l_missing}, {"node_count", l_node_count},
  {"group", l_group}, {"group_traced", l_group_traced}, {NULL, NULL},
};

static const luaL_Reg functions[] = {
  {"drg3_load", l_load}, {"drg3_load_files", l_load_files}, {NULL, NULL},
};

void ygt_lua_open_drg3(lua_State *L) {
  ygt_lua_register_type(L, DRG3_T, methods, l_gc);
  luaL_setfuncs(L, functions, 0);
  lua_pushinteger(L, YGT_DRG3_FLAG_PLACEHOLDER);
  lua_setfield(L, -2, "DRG3_FLAG_PLACEHOLDER");
}
