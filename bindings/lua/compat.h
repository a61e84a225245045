/* The few Lua 5.2+ API calls the module uses, for Lua 5.1 and LuaJIT, so
 * that one source serves every version. */
#ifndef YGT_LUA_COMPAT_H
#define YGT_LUA_COMPAT_H

#include <lauxlib.h>
#include <lua.h>

#if LUA_VERSION_NUM < 502
static void ygt_compat_setfuncs(lua_State *L, const luaL_Reg *reg, int nup) {
  for (; reg->name != NULL; reg++) {
    for (int i = 0; i < nup; i++) lua_pushvalue(L, -nup);
    lua_pushcclosure(L, reg->func, nup);
    lua_setfield(L, -(nup + 2), reg->name);
  }
  lua_pop(L, nup);
}
#  define luaL_setfuncs(L, reg, nup) ygt_compat_setfuncs((L), (reg), (nup))
#  define luaL_newlib(L, reg) (lua_newtable(L), luaL_setfuncs((L), (reg), 0))
#endif

#endif
