/* The few Lua 5.2+ API calls the module uses, for Lua 5.1 and LuaJIT, so
 * that one source serves every version. */
#ifndef YGT_LUA_COMPAT_H
#define YGT_LUA_COMPAT_H

#include <lauxlib.h>
#include <lua.h>

#if LUA_VERSION_NUM < 502
static inline void ygt_compat_setfuncs(lua_State *L, const luaL_Reg *reg, int nup) {
  for (; reg->name != NULL; reg++) {
    for (int i = 0; i < nup; i++) lua_pushvalue(L, -nup);
    lua_pushcclosure(L, reg->func, nup);
    lua_setfield(L, -(nup + 2), reg->name);
  }
  lua_pop(L, nup);
}
#  define luaL_setfuncs(L, reg, nup) ygt_compat_setfuncs((L), (reg), (nup))
#  define luaL_newlib(L, reg) (lua_newtable(L), luaL_setfuncs((L), (reg), 0))
#  define lua_rawlen(L, idx) lua_objlen((L), (idx))
#endif

/* The user value of a full userdata (one value per userdata is enough). */
#if LUA_VERSION_NUM >= 504
#  define ygt_compat_setuservalue(L, idx) lua_setiuservalue((L), (idx), 1)
#  define ygt_compat_getuservalue(L, idx) lua_getiuservalue((L), (idx), 1)
#elif LUA_VERSION_NUM >= 502
#  define ygt_compat_setuservalue(L, idx) lua_setuservalue((L), (idx))
#  define ygt_compat_getuservalue(L, idx) lua_getuservalue((L), (idx))
#else
/* Lua 5.1 environments must be tables: keep the value at index 1 of one.
 * idx must be negative and refer to the userdata below the value on top. */
static inline void ygt_compat_setuservalue(lua_State *L, int idx) {
  lua_newtable(L);
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  lua_setfenv(L, idx);
}
static inline void ygt_compat_getuservalue(lua_State *L, int idx) {
  lua_getfenv(L, idx);
  lua_rawgeti(L, -1, 1);
  lua_remove(L, -2);
}
#endif
#if LUA_VERSION_NUM < 503
#  define lua_isinteger(L, idx) (lua_type((L), (idx)) == LUA_TNUMBER)
#endif

#endif
