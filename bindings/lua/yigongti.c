/* Lua binding of libyigongti: a thin layer over the C API.
 *
 * Error convention (every function): on success the results; on failure
 * three values `nil, message, code_name`, e.g.
 *   nil, "model.json:3: lead: ...", "YGT_EVALIDATE"
 * so `assert(ygt.f(...))` raises with the message and callers that want to
 * branch on the code can.  Handles are full userdata freed by __gc.
 *
 * This file holds the core functions (version, errors, allocator) and the
 * module opener; every other module of the library has its lua_<module>.c. */
#include <string.h>

#include "ygt_lua.h"

static int l_version(lua_State *L) {
  lua_pushstring(L, ygt_version_string());
  return 1;
}

static int l_version_number(lua_State *L) {
  lua_pushinteger(L, ygt_version_number());
  return 1;
}

/* version_info(): major, minor, patch. */
static int l_version_info(lua_State *L) {
  int major, minor, patch;
  ygt_version(&major, &minor, &patch);
  lua_pushinteger(L, major);
  lua_pushinteger(L, minor);
  lua_pushinteger(L, patch);
  return 3;
}

/* clear_error(): resets the thread's error record (messages returned to Lua
 * are copies, so this only matters to C code sharing the thread). */
static int l_clear_error(lua_State *L) {
  ygt_error_clear();
  lua_pushboolean(L, 1);
  return 1;
}

static int l_strerror(lua_State *L) {
  lua_pushstring(L, ygt_strerror((int)luaL_checkinteger(L, 1)));
  return 1;
}

static int l_error_name(lua_State *L) {
  lua_pushstring(L, ygt_error_name((int)luaL_checkinteger(L, 1)));
  return 1;
}

/* closest_name(word, {names...}): the closest name for a "did you mean"
 * hint, or nil.  The names are borrowed from the Lua strings for the call. */
static int l_closest_name(lua_State *L) {
  const char *word = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t n = (size_t)luaL_len(L, 2);
  const char **names = lua_newuserdata(L, (n ? n : 1) * sizeof *names);
  for (size_t i = 0; i < n; i++) {
    lua_geti(L, 2, (lua_Integer)i + 1);
    names[i] = luaL_checkstring(L, -1);
    lua_pop(L, 1); /* the table keeps the string alive */
  }
  int k = ygt_closest_name(word, names, n);
  if (k < 0) lua_pushnil(L);
  else lua_pushstring(L, names[k]);
  return 1;
}

/* Frees nothing and allocates nothing: ygt_set_allocator is for C hosts, but
 * restoring the default (no arguments) is useful to test the error path. */
static int l_reset_allocator(lua_State *L) {
  int rc = ygt_set_allocator(NULL, NULL, NULL, NULL);
  if (rc != YGT_OK) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_allocated_blocks(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_allocated_blocks());
  return 1;
}

static int l_set_outside_paths(lua_State *L) {
  lua_pushboolean(L, ygt_set_outside_paths(lua_toboolean(L, 1)));
  return 1;
}

static int l_outside_paths(lua_State *L) {
  lua_pushboolean(L, ygt_outside_paths());
  return 1;
}

/* errors = { YGT_ENOMEM = -1, ... }: every code by name. */
static void push_error_table(lua_State *L) {
  lua_newtable(L);
  for (int code = 0; code >= -64; code--) {
    const char *name = ygt_error_name(code);
    if (strcmp(name, "YGT_EUNKNOWN") == 0) break; /* past the last code */
    lua_pushinteger(L, code);
    lua_setfield(L, -2, name);
  }
}

static const luaL_Reg functions[] = {
  {"version", l_version},
  {"version_number", l_version_number},
  {"version_info", l_version_info},
  {"clear_error", l_clear_error},
  {"strerror", l_strerror},
  {"error_name", l_error_name},
  {"closest_name", l_closest_name},
  {"reset_allocator", l_reset_allocator},
  {"allocated_blocks", l_allocated_blocks},
  {"set_outside_paths", l_set_outside_paths},
  {"outside_paths", l_outside_paths},
  {NULL, NULL},
};

void ygt_lua_open_core(lua_State *L) {
  luaL_setfuncs(L, functions, 0);
  push_error_table(L);
  lua_setfield(L, -2, "errors");
}

/* Module openers, one per library module, in dependency order. */
static void (*const openers[])(lua_State *L) = {
  ygt_lua_open_core,
  ygt_lua_open_codes,
  ygt_lua_open_model,
  ygt_lua_open_cases,
  ygt_lua_open_drg,
  ygt_lua_open_drg3,
  ygt_lua_open_drg_versions,
  ygt_lua_open_referral,
  ygt_lua_open_dip,
  ygt_lua_open_score,
  ygt_lua_open_budget,
  ygt_lua_open_payment,
  ygt_lua_open_county,
  ygt_lua_open_scheme,
  ygt_lua_open_year,
  ygt_lua_open_locality,
};

int luaopen_yigongti(lua_State *L);

int luaopen_yigongti(lua_State *L) {
  lua_newtable(L);
  for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++) openers[i](L);
  return 1;
}
