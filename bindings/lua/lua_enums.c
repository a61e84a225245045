/* Enumerations of the C API as Lua functions: for each, <prefix>_name(value),
 * <prefix>_label(value or name) where C has labels and <prefix>_from_name(name)
 * where C parses names.  They are closures over the enumeration's row and call
 * the C functions, so the binding keeps no copy of a C table. */
#include <stdint.h>

#include "ygt_lua.h"

static const ygt_lua_enum *row(lua_State *L) {
  return (const ygt_lua_enum *)lua_touserdata(L, lua_upvalueindex(1));
}

static int push_text(lua_State *L, const char *s) {
  if (s) lua_pushstring(L, s);
  else lua_pushnil(L);
  return 1;
}

static int l_name(lua_State *L) { return push_text(L, row(L)->name((int)luaL_checkinteger(L, 1))); }

static int l_from_name(lua_State *L) {
  int v;
  int rc = row(L)->from(&v, luaL_checkstring(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, v);
  return 1;
}

/* A label takes a value or a name (parsed by C). */
static int l_label(lua_State *L) {
  const ygt_lua_enum *e = row(L);
  int v;
  if (lua_type(L, 1) == LUA_TNUMBER) return push_text(L, e->label((int)luaL_checkinteger(L, 1)));
  int rc = e->from(&v, luaL_checkstring(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  return push_text(L, e->label(v));
}

static void add(lua_State *L, const ygt_lua_enum *e, const char *suffix, lua_CFunction f) {
  lua_pushfstring(L, "%s%s", e->prefix, suffix);
  lua_pushlightuserdata(L, (void *)(uintptr_t)e); /* read only: the rows are static tables */
  lua_pushcclosure(L, f, 1);
  lua_settable(L, -3);
}

void ygt_lua_register_enums(lua_State *L, const ygt_lua_enum *enums, size_t n) {
  for (size_t i = 0; i < n; i++) {
    add(L, &enums[i], "_name", l_name);
    if (enums[i].label && enums[i].from) add(L, &enums[i], "_label", l_label);
    if (enums[i].from) add(L, &enums[i], "_from_name", l_from_name);
  }
}
