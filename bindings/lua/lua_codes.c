/* Lua binding of code dictionaries and code sets (include/yigongti/codes.h).
 *
 *   local dx = assert(ygt.codes_load("icd10.tsv", "diagnosis"))
 *   local s = assert(ygt.codeset(dx, "I60-I64, !I64*"))
 *   print(s:has("I63.900"), dx:name(dx:id("I63.900")))
 */
#include <string.h>

#include "ygt_lua.h"

#define CODES_T "yigongti.codes"
#define CODESET_T "yigongti.codeset"

static int kind_arg(lua_State *L, int idx) {
  static const char *const names[] = {"diagnosis", "procedure", NULL};
  return luaL_checkoption(L, idx, "diagnosis", names) + 1;
}

static ygt_codes *check_codes(lua_State *L, int idx) {
  return (ygt_codes *)ygt_lua_check_handle(L, idx, CODES_T);
}

/* A dictionary the call may change: not one borrowed from a pack, a case
 * mix or a code set. */
static ygt_codes *check_own_codes(lua_State *L, int idx) {
  ygt_codes *c = check_codes(L, idx);
  if (ygt_lua_is_borrowed(L, idx)) luaL_argerror(L, idx, "a borrowed dictionary is read-only");
  return c;
}

static ygt_codeset *check_set(lua_State *L, int idx) {
  return (ygt_codeset *)ygt_lua_check_handle(L, idx, CODESET_T);
}

static int32_t check_id(lua_State *L, int idx) {
  return (int32_t)luaL_checkinteger(L, idx);
}

static int l_normalize(lua_State *L) {
  char out[YGT_CODE_MAX + 1];
  int rc = ygt_code_normalize(out, sizeof out, luaL_checkstring(L, 1));
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushstring(L, out);
  return 1;
}

static int l_code_max_length(lua_State *L) {
  lua_pushinteger(L, ygt_code_max_length());
  return 1;
}

static int l_codes_new(lua_State *L) {
  ygt_codes *c;
  int rc = ygt_codes_new(&c, kind_arg(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CODES_T, c);
  return 1;
}

/* codes_load(path, kind [, cache]): with a cache path, through that compiled cache. */
static int l_codes_load(lua_State *L) {
  ygt_codes *c;
  const char *path = luaL_checkstring(L, 1), *cache = luaL_optstring(L, 3, NULL);
  int kind = kind_arg(L, 2);
  int rc = cache ? ygt_codes_load_cached(&c, kind, path, cache) : ygt_codes_load(&c, kind, path);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CODES_T, c);
  return 1;
}

static int l_codes_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, CODES_T);
  ygt_codes_free((ygt_codes *)*slot);
  *slot = NULL;
  return 0;
}

static int l_load_grey(lua_State *L) {
  int rc = ygt_codes_load_grey(check_own_codes(L, 1), luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_add(lua_State *L) {
  int32_t id;
  int rc = ygt_codes_add(check_own_codes(L, 1), luaL_checkstring(L, 2), luaL_optstring(L, 3, ""), &id);
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, id);
  return 1;
}

static int l_set_grey(lua_State *L) {
  int rc = ygt_codes_set_grey(check_own_codes(L, 1), check_id(L, 2), lua_isnone(L, 3) || lua_toboolean(L, 3));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_kind(lua_State *L) {
  lua_pushstring(L, ygt_codes_kind(check_codes(L, 1)) == YGT_CODE_DIAGNOSIS ? "diagnosis" : "procedure");
  return 1;
}

static int l_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_codes_count(check_codes(L, 1)));
  return 1;
}

/* id(code): the id, or nil, message, "YGT_ENOTFOUND".  Lua strings carry
 * their length, so this uses ygt_codes_id_n() rather than ygt_codes_id(). */
static int l_id(lua_State *L) {
  size_t len;
  const char *code = luaL_checklstring(L, 2, &len);
  int32_t id = ygt_codes_id_n(check_codes(L, 1), code, len);
  if (id < 0) {
    lua_pushnil(L);
    lua_pushfstring(L, "unknown code '%s'", code);
    lua_pushstring(L, ygt_error_name(id));
    return 3;
  }
  lua_pushinteger(L, id);
  return 1;
}

/* ids({codes...}): a table of ids, YGT_ENOTFOUND (-6) for unknown codes or
 * non-string entries.  The strings stay referenced by the argument table
 * during the one ygt_codes_ids call. */
static int l_ids(lua_State *L) {
  ygt_codes *c = check_codes(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t n = (size_t)lua_rawlen(L, 2);
  const char **list = (const char **)lua_newuserdata(L, (n ? n : 1) * sizeof *list);
  int32_t *ids = (int32_t *)lua_newuserdata(L, (n ? n : 1) * sizeof *ids);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    list[i] = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);
  }
  ygt_codes_ids(c, list, n, ids);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, ids[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int push_or_range_error(lua_State *L, const char *s, int32_t id) {
  if (!s) {
    lua_pushnil(L);
    lua_pushfstring(L, "code id %d outside the dictionary", (int)id);
    lua_pushstring(L, "YGT_ERANGE");
    return 3;
  }
  lua_pushstring(L, s);
  return 1;
}

static int l_code(lua_State *L) {
  int32_t id = check_id(L, 2);
  return push_or_range_error(L, ygt_codes_code(check_codes(L, 1), id), id);
}

static int l_name(lua_State *L) {
  int32_t id = check_id(L, 2);
  return push_or_range_error(L, ygt_codes_name(check_codes(L, 1), id), id);
}

static int l_is_grey(lua_State *L) {
  int rc = ygt_codes_is_grey(check_codes(L, 1), check_id(L, 2));
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, rc);
  return 1;
}

/* ---- code sets: each keeps its dictionary alive in its user value ---- */

/* codeset(dict [, spec]): an empty set, or the set of a specification. */
static int l_codeset(lua_State *L) {
  ygt_codeset *s;
  ygt_codes *c = check_codes(L, 1);
  int rc = lua_isnoneornil(L, 2) ? ygt_codeset_new(&s, c) : ygt_codeset_parse(&s, c, luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CODESET_T, s);
  lua_pushvalue(L, 1);
  ygt_compat_setuservalue(L, -2);
  return 1;
}

static int l_set_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, CODESET_T);
  ygt_codeset_free((ygt_codeset *)*slot);
  *slot = NULL;
  return 0;
}

static int ok_or_fail(lua_State *L, int rc) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushvalue(L, 1); /* the set, for chaining */
  return 1;
}

static int l_set_add(lua_State *L) {
  return ok_or_fail(L, ygt_codeset_add_spec(check_set(L, 1), luaL_checkstring(L, 2)));
}

static int l_set_add_id(lua_State *L) {
  return ok_or_fail(L, ygt_codeset_add_id(check_set(L, 1), check_id(L, 2)));
}

static int l_set_union(lua_State *L) {
  return ok_or_fail(L, ygt_codeset_union(check_set(L, 1), check_set(L, 2)));
}

static int l_set_subtract(lua_State *L) {
  return ok_or_fail(L, ygt_codeset_subtract(check_set(L, 1), check_set(L, 2)));
}

/* The id of argument idx: an integer, or a code looked up in the set's dictionary. */
static int32_t id_arg(lua_State *L, const ygt_codeset *s, int idx) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char *code = lua_tolstring(L, idx, &len);
    return ygt_codes_id_n(ygt_codeset_codes(s), code, len);
  }
  return check_id(L, idx);
}

static int l_set_has(lua_State *L) {
  ygt_codeset *s = check_set(L, 1);
  lua_pushboolean(L, ygt_codeset_has(s, id_arg(L, s, 2)));
  return 1;
}

static int l_set_has_many(lua_State *L) {
  ygt_codeset *s = check_set(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t n = (size_t)lua_rawlen(L, 2);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 1; i <= n; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i);
    int32_t id = lua_isinteger(L, -1) ? (int32_t)lua_tointeger(L, -1) : YGT_ENOTFOUND;
    lua_pop(L, 1);
    uint8_t member;
    ygt_codeset_has_many(s, &id, 1, &member);
    lua_pushboolean(L, member);
    lua_rawseti(L, -2, (lua_Integer)i);
  }
  return 1;
}

static int l_set_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_codeset_count(check_set(L, 1)));
  return 1;
}

static int l_set_ids(lua_State *L) {
  ygt_codeset *s = check_set(L, 1);
  size_t n = ygt_codeset_ids(s, NULL, 0);
  int32_t *ids = (int32_t *)lua_newuserdata(L, (n ? n : 1) * sizeof *ids);
  ygt_codeset_ids(s, ids, n);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, ids[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int l_set_codes(lua_State *L) {
  check_set(L, 1);
  ygt_compat_getuservalue(L, 1);
  return 1;
}

static const luaL_Reg codes_methods[] = {
  {"load_grey", l_load_grey}, {"add", l_add}, {"set_grey", l_set_grey}, {"kind", l_kind},
  {"count", l_count}, {"id", l_id}, {"ids", l_ids}, {"code", l_code}, {"name", l_name},
  {"is_grey", l_is_grey}, {NULL, NULL},
};

static const luaL_Reg set_methods[] = {
  {"add", l_set_add}, {"add_id", l_set_add_id}, {"union", l_set_union},
  {"subtract", l_set_subtract}, {"has", l_set_has}, {"has_many", l_set_has_many},
  {"count", l_set_count}, {"ids", l_set_ids}, {"codes", l_set_codes}, {NULL, NULL},
};

static const luaL_Reg functions[] = {
  {"normalize", l_normalize}, {"code_max_length", l_code_max_length},
  {"codes_new", l_codes_new}, {"codes_load", l_codes_load}, {"codeset", l_codeset},
  {NULL, NULL},
};

void ygt_lua_open_codes(lua_State *L) {
  ygt_lua_register_type(L, CODES_T, codes_methods, l_codes_gc);
  ygt_lua_register_type(L, CODESET_T, set_methods, l_set_gc);
  luaL_setfuncs(L, functions, 0);
}
