/* Lua binding of DRG versions side by side (include/yigongti/drg_versions.h).
 *
 *   local v = assert(ygt.drg_versions_load("periods.tsv"))
 *   local batches = {}
 *   for i = 1, v:count() do
 *     batches[i] = assert(ygt.cases_new(v:codes(i, "diagnosis"), v:codes(i, "procedure")))
 *     assert(batches[i]:load("cases.tsv"))
 *   end
 *   local r = v:group(batches)[1]             -- r.version, r.drg, r.status ("NO_PERIOD" outside every period)
 *
 * Periods and rows are 1-based here. */
#include "ygt_lua.h"

#define VERSIONS_T "yigongti.drg_versions"
#define CODES_T "yigongti.codes"

static ygt_drg_versions *check_versions(lua_State *L, int idx) {
  return (ygt_drg_versions *)ygt_lua_check_handle(L, idx, VERSIONS_T);
}

static size_t period_arg(lua_State *L, int idx, const ygt_drg_versions *v) {
  lua_Integer i = luaL_checkinteger(L, idx);
  luaL_argcheck(L, i >= 1 && (size_t)i <= ygt_drg_versions_count(v), idx, "no such period");
  return (size_t)i - 1;
}

/* drg_versions_load(path [, missing_sets_empty]) */
static int l_load(lua_State *L) {
  ygt_drg_versions *v;
  int rc = ygt_drg_versions_load(&v, luaL_checkstring(L, 1), lua_toboolean(L, 2) ? YGT_DRG3_MISSING_SETS_EMPTY : 0);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, VERSIONS_T, v);
  return 1;
}

static int l_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, VERSIONS_T);
  ygt_drg_versions_free((ygt_drg_versions *)*slot);
  *slot = NULL;
  return 0;
}

static int l_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_drg_versions_count(check_versions(L, 1)));
  return 1;
}

/* v:period(i): from, to (YYYYMMDD; to 99991231 when open), grouper directory. */
static int l_period(lua_State *L) {
  ygt_drg_versions *v = check_versions(L, 1);
  size_t i = period_arg(L, 2, v);
  int32_t from, to;
  ygt_drg_versions_period(v, i, &from, &to);
  lua_pushinteger(L, from);
  lua_pushinteger(L, to);
  lua_pushstring(L, ygt_drg_versions_grouper(v, i));
  return 3;
}

/* v:find(date): the period holding a YYYYMMDD date, or nil. */
static int l_find(lua_State *L) {
  int i = ygt_drg_versions_find(check_versions(L, 1), (int32_t)luaL_checkinteger(L, 2));
  if (i < 0) lua_pushnil(L);
  else lua_pushinteger(L, i + 1);
  return 1;
}

/* v:codes(i, "diagnosis" | "procedure"): the dictionary of period i's grouper. */
static int l_codes(lua_State *L) {
  static const char *const kinds[] = {"diagnosis", "procedure", NULL};
  ygt_drg_versions *v = check_versions(L, 1);
  size_t i = period_arg(L, 2, v);
  ygt_lua_push_borrowed(L, CODES_T, ygt_drg_versions_codes(v, i, luaL_checkoption(L, 3, NULL, kinds) + 1), 1);
  return 1;
}

/* v:is_pack(i): whether period i's grouper is a 1.1-style pack (else a 3.0 configuration). */
static int l_is_pack(lua_State *L) {
  ygt_drg_versions *v = check_versions(L, 1);
  lua_pushboolean(L, ygt_drg_versions_is_pack(v, period_arg(L, 2, v)));
  return 1;
}

static const char *code_of(const ygt_drg_versions *v, int w, int level, int32_t id) {
  if (!ygt_drg_versions_is_pack(v, (size_t)w)) return ygt_drg3_code(ygt_drg_versions_drg3(v, (size_t)w), level, id);
  const ygt_drg_pack *p = ygt_drg_versions_pack(v, (size_t)w);
  return level == 1 ? ygt_drg_pack_mdc_code(p, id) : level == 2 ? ygt_drg_pack_adrg_code(p, id)
                                                                 : ygt_drg_pack_drg_code(p, id);
}

static void push_result(lua_State *L, const ygt_drg_versions *v, int w, const int32_t *ids, int32_t status) {
  static const char *const fields[] = {"mdc", "adrg", "drg"};
  lua_createtable(L, 0, 5);
  if (w >= 0) {
    lua_pushinteger(L, w + 1);
    lua_setfield(L, -2, "version");
  }
  for (int l = 0; l < 3 && w >= 0; l++) {
    if (ids[l] < 0) continue;
    lua_pushstring(L, code_of(v, w, l + 1, ids[l]));
    lua_setfield(L, -2, fields[l]);
  }
  lua_pushstring(L, ygt_drg_status_name(status));
  lua_setfield(L, -2, "status");
}

/* v:group(batches [, which]): batches[i] over period i's dictionaries, the same cases;
 * which: a period for every case (default: by discharge date).  A list of results. */
static int l_group(lua_State *L) {
  ygt_drg_versions *v = check_versions(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t np = ygt_drg_versions_count(v), n = 0;
  int which = lua_isnoneornil(L, 3) ? -1 : (int)period_arg(L, 3, v);
  const ygt_cases **b = (const ygt_cases **)lua_newuserdata(L, np * sizeof *b);
  for (size_t i = 0; i < np; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    b[i] = lua_isnil(L, -1) ? NULL : ygt_lua_check_cases(L, -1);
    if (b[i]) n = ygt_cases_count(b[i]);
    lua_pop(L, 1); /* the table keeps the batch alive */
  }
  size_t m = n ? n : 1;
  int32_t *out = (int32_t *)lua_newuserdata(L, m * 5 * sizeof(int32_t));
  int rc = ygt_drg_versions_group(v, b, 0, n, which, out, out + m, out + 2 * m, out + 3 * m, out + 4 * m, NULL);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t r = 0; r < n; r++) {
    int32_t ids[3] = {out[m + r], out[2 * m + r], out[3 * m + r]};
    push_result(L, v, out[r], ids, out[4 * m + r]);
    lua_rawseti(L, -2, (lua_Integer)r + 1);
  }
  return 1;
}

static const luaL_Reg methods[] = {
  {"count", l_count}, {"period", l_period}, {"find", l_find}, {"codes", l_codes}, {"is_pack", l_is_pack}, {"group", l_group}, {NULL, NULL},
};

static const luaL_Reg functions[] = {{"drg_versions_load", l_load}, {NULL, NULL}};

void ygt_lua_open_drg_versions(lua_State *L) {
  ygt_lua_register_type(L, VERSIONS_T, methods, l_gc);
  luaL_setfuncs(L, functions, 0);
}
