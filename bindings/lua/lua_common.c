/* Handle and error helpers shared by every file of the Lua binding. */
#include <stdint.h>

#include "ygt_lua.h"

int ygt_lua_fail(lua_State *L, int rc) {
  lua_pushnil(L);
  lua_pushstring(L, ygt_error_last()->message);
  lua_pushstring(L, ygt_error_name(rc));
  return 3;
}

void **ygt_lua_new_handle(lua_State *L, const char *tname, void *ptr) {
  void **slot = (void **)lua_newuserdata(L, sizeof(void *));
  *slot = ptr;
  luaL_getmetatable(L, tname);
  lua_setmetatable(L, -2);
  return slot;
}

void *ygt_lua_check_handle(lua_State *L, int idx, const char *tname) {
  void **slot = (void **)luaL_checkudata(L, idx, tname);
  if (*slot == NULL) luaL_argerror(L, idx, "handle already freed");
  return *slot;
}

/* __gc of every handle type: the type's own function (upvalue 1), except
 * for a borrowed handle, whose object its owner frees. */
static int handle_gc(lua_State *L) {
  if (lua_rawlen(L, 1) == 2 * sizeof(void *)) return 0;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_call(L, 1, 0);
  return 0;
}

void ygt_lua_register_type(lua_State *L, const char *tname, const luaL_Reg *methods,
                           lua_CFunction gc) {
  luaL_newmetatable(L, tname);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, gc);
  lua_pushcclosure(L, handle_gc, 1);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
}

void ygt_lua_push_borrowed(lua_State *L, const char *tname, const void *ptr, int owner) {
  if (!ptr) {
    lua_pushnil(L);
    return;
  }
  if (owner < 0) owner = lua_gettop(L) + owner + 1;
  void **slot = (void **)lua_newuserdata(L, 2 * sizeof(void *));
  slot[0] = (void *)(uintptr_t)ptr; /* the methods of a borrowed type only read */
  slot[1] = slot;
  luaL_getmetatable(L, tname);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, owner);
  ygt_compat_setuservalue(L, -2);
}

int ygt_lua_is_borrowed(lua_State *L, int idx) {
  return lua_type(L, idx) == LUA_TUSERDATA && lua_rawlen(L, idx) == 2 * sizeof(void *);
}

int ygt_lua_push_found(lua_State *L, int32_t id, const char *level, const char *code, const char *where) {
  if (id >= 0) {
    lua_pushinteger(L, id);
    return 1;
  }
  lua_pushnil(L);
  lua_pushfstring(L, "no %s %s in the %s", level, code, where);
  lua_pushstring(L, ygt_error_name(id));
  return 3;
}
