/* Shared helpers of the Lua binding.  Each module of the library has its own
 * file (lua_<module>.c) with an opener that adds its functions to the module
 * table on top of the stack; yigongti.c calls every opener.
 *
 * Error convention: on failure a function returns `nil, message, code_name`
 * (ygt_lua_fail); argument type errors raise, as in Lua's standard library.
 * Handles are full userdata holding a pointer, with a metatable named
 * "yigongti.<type>" whose __gc calls the C _free function. */
#ifndef YGT_LUA_H
#define YGT_LUA_H

#include "compat.h"

#include <yigongti.h>

/* Pushes nil, the thread's last error message and the code's name; returns 3. */
int ygt_lua_fail(lua_State *L, int rc);

/* The answer of a find-by-code method: the id (returns 1), or nil, "no LEVEL
 * CODE in WHERE" and the error's name (returns 3) when id < 0. */
int ygt_lua_push_found(lua_State *L, int32_t id, const char *level, const char *code, const char *where);

/* Creates a userdata holding ptr with the metatable `tname`; returns the slot. */
void **ygt_lua_new_handle(lua_State *L, const char *tname, void *ptr);

/* The pointer of the handle at `idx` (raises if it is not a live `tname`). */
void *ygt_lua_check_handle(lua_State *L, int idx, const char *tname);

/* Registers a metatable `tname` with __index = methods and a __gc that
 * calls gc for owned handles only. */
void ygt_lua_register_type(lua_State *L, const char *tname, const luaL_Reg *methods,
                           lua_CFunction gc);

/* Pushes a borrowed handle of type `tname` to ptr (nil when NULL), an object
 * owned by the value at index `owner`, which the handle keeps alive; its
 * __gc frees nothing.  Only for types whose methods do not change the object
 * (or that refuse borrowed handles, see ygt_lua_is_borrowed). */
void ygt_lua_push_borrowed(lua_State *L, const char *tname, const void *ptr, int owner);

/* Whether the value at idx is a borrowed handle. */
int ygt_lua_is_borrowed(lua_State *L, int idx);

/* Defines the method `name`: getter(check(L, 1)) as a borrowed `tname`
 * handle that keeps its owner, argument 1, alive. */
#define YGT_LUA_BORROWING_METHOD(name, tname, getter, check)              \
  static int name(lua_State *L) {                                        \
    ygt_lua_push_borrowed(L, (tname), getter(check(L, 1)), 1);           \
    return 1;                                                            \
  }

/* One enumeration of the C API (lua_enums.c): its name function, and its
 * label and parse functions or NULL when C has none. */
typedef struct ygt_lua_enum {
  const char *prefix;
  const char *(*name)(int);
  const char *(*label)(int);
  int (*from)(int *, const char *);
} ygt_lua_enum;

/* Adds <prefix>_name, <prefix>_label and <prefix>_from_name (those C has) of
 * each of the n enumerations to the table on top of the stack; the rows must
 * outlive the module (static tables). */
void ygt_lua_register_enums(lua_State *L, const ygt_lua_enum *enums, size_t n);

/* Module openers: each adds its functions to the table on top of the stack. */
void ygt_lua_open_core(lua_State *L);
void ygt_lua_open_codes(lua_State *L);
void ygt_lua_open_model(lua_State *L);
void ygt_lua_open_cases(lua_State *L);
void ygt_lua_open_drg(lua_State *L);
void ygt_lua_open_drg3(lua_State *L);
void ygt_lua_open_drg_versions(lua_State *L);

/* Shared between lua_cases.c and lua_drg.c. */
ygt_cases *ygt_lua_check_cases(lua_State *L, int idx);
ygt_drg_pack *ygt_lua_check_pack(lua_State *L, int idx);
/* Pushes the pack's dictionary of `kind` as a read-only handle keeping the pack alive. */
void ygt_lua_push_pack_codes(lua_State *L, int pack_idx, int kind);
/* Pushes a list of a trace's steps (tables kind, object, code, value, line). */
void ygt_lua_push_drg_steps(lua_State *L, const ygt_drg_trace *t);
/* The same for a CHS-DRG 3.0 configuration (lua_drg3.c). */
void ygt_lua_push_drg3_codes(lua_State *L, int idx, int kind);
void ygt_lua_open_referral(lua_State *L);
void ygt_lua_open_dip(lua_State *L);
void ygt_lua_open_score(lua_State *L);
void ygt_lua_open_budget(lua_State *L);
void ygt_lua_open_payment(lua_State *L);
void ygt_lua_open_county(lua_State *L);
void ygt_lua_open_scheme(lua_State *L);
void ygt_lua_open_year(lua_State *L);
void ygt_lua_open_locality(lua_State *L);

#endif
