/* Handle and error helpers shared by every file of the Lua binding. */
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

void ygt_lua_register_type(lua_State *L, const char *tname, const luaL_Reg *methods,
                           lua_CFunction gc) {
  luaL_newmetatable(L, tname);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
}
