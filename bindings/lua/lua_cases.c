/* Lua binding of case batches (include/yigongti/cases.h).
 *
 *   local cases = assert(ygt.cases_new(pack))      -- or ygt.cases_new(dx, proc)
 *   local row = cases:append{sex = 1, age_years = 50, pdx = "A00.000", sdx = {"E11.000"}}
 *   assert(cases:load("labelled_cases.tsv"))
 *   print(cases:get(row, "pdx"), cases:row_message(row))
 *
 * Rows are 1-based; columns are given by name ("sex") or by C number.  The
 * batch keeps its dictionaries (and any attached arrays) alive in its user
 * value. */
#include <string.h>

#include "ygt_lua.h"

#define CASES_T "yigongti.cases"

ygt_cases *ygt_lua_check_cases(lua_State *L, int idx) {
  return (ygt_cases *)ygt_lua_check_handle(L, idx, CASES_T);
}

static int column_arg(lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)lua_tointeger(L, idx);
  const char *name = luaL_checkstring(L, idx);
  for (int i = 0; i < ygt_cases_column_count(); i++)
    if (strcmp(ygt_cases_column_name(i), name) == 0) return i;
  return luaL_argerror(L, idx, lua_pushfstring(L, "no case column '%s'", name));
}

static size_t row_arg(lua_State *L, int idx) {
  lua_Integer r = luaL_checkinteger(L, idx);
  luaL_argcheck(L, r >= 1, idx, "rows start at 1");
  return (size_t)r - 1;
}

static int ok_or_fail(lua_State *L, int rc) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* Whether the value at idx is a userdata with metatable tname (Lua 5.1 has
 * no luaL_testudata). */
static int is_type(lua_State *L, int idx, const char *tname) {
  if (!lua_getmetatable(L, idx)) return 0;
  luaL_getmetatable(L, tname);
  int same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same;
}

/* cases_new(pack [, capacity]), cases_new(drg3 [, capacity]) or cases_new(dx, proc [, capacity]). */
static int l_cases_new(lua_State *L) {
  const ygt_codes *dx, *proc;
  if (is_type(L, 1, "yigongti.drg3")) { /* as cases_new(dx, proc): borrowed dictionaries keep it alive */
    lua_Integer capacity = luaL_optinteger(L, 2, 0);
    lua_settop(L, 1);
    ygt_lua_push_drg3_codes(L, 1, YGT_CODE_DIAGNOSIS);
    ygt_lua_push_drg3_codes(L, 1, YGT_CODE_PROCEDURE);
    lua_pushinteger(L, capacity);
    lua_remove(L, 1);
  }
  int from_pack = is_type(L, 1, "yigongti.drg_pack");
  size_t capacity = (size_t)luaL_optinteger(L, from_pack ? 2 : 3, 0);
  lua_settop(L, from_pack ? 1 : 2);
  lua_createtable(L, 2, 0);
  int holders = lua_gettop(L);
  if (from_pack) {
    for (int kind = 1; kind <= 2; kind++) {
      ygt_lua_push_pack_codes(L, 1, kind);
      lua_rawseti(L, holders, kind);
    }
    dx = ygt_drg_pack_codes(ygt_lua_check_pack(L, 1), YGT_CODE_DIAGNOSIS);
    proc = ygt_drg_pack_codes(ygt_lua_check_pack(L, 1), YGT_CODE_PROCEDURE);
  } else {
    dx = (const ygt_codes *)ygt_lua_check_handle(L, 1, "yigongti.codes");
    proc = (const ygt_codes *)ygt_lua_check_handle(L, 2, "yigongti.codes");
    for (int i = 1; i <= 2; i++) {
      lua_pushvalue(L, i);
      lua_rawseti(L, holders, i);
    }
  }
  ygt_cases *c;
  int rc = ygt_cases_new(&c, dx, proc, capacity);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, CASES_T, c);
  lua_pushvalue(L, holders);
  ygt_compat_setuservalue(L, -2);
  return 1;
}

static int l_cases_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, CASES_T);
  ygt_cases_free((ygt_cases *)*slot);
  *slot = NULL;
  return 0;
}

static int l_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_cases_count(ygt_lua_check_cases(L, 1)));
  return 1;
}

/* cases:codes("diagnosis"|"procedure"): the dictionary handle it was made with. */
static int l_codes(lua_State *L) {
  static const char *const kinds[] = {"diagnosis", "procedure", NULL};
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  int kind = luaL_checkoption(L, 2, NULL, kinds) + 1;
  if (!ygt_cases_codes(c, kind)) return luaL_error(L, "no dictionary");
  ygt_compat_getuservalue(L, 1);
  lua_rawgeti(L, -1, kind);
  return 1;
}

/* The spelling table (labels.h) of an integer column that has one, or -1. */
static int label_set_of(int col) {
  return col == YGT_CASE_INSURANCE ? YGT_LABELS_INSURANCE
         : col == YGT_CASE_SEX     ? YGT_LABELS_SEX
         : col == YGT_CASE_LEVEL   ? YGT_LABELS_LEVEL
                                   : -1;
}

/* Sets field col of row from the Lua value at index v. */
static int set_value(lua_State *L, ygt_cases *c, size_t row, int col, int v) {
  int type = ygt_cases_column_type(col), set = label_set_of(col), x, rc;
  if (set >= 0 && lua_type(L, v) == LUA_TSTRING) /* "职工", "男": the C table, as the file loader */
    return (rc = ygt_label_parse(&x, set, lua_tostring(L, v))) ? rc : ygt_cases_set_int(c, row, col, x);
  if (type == YGT_CASE_TYPE_INT32 || (type == YGT_CASE_TYPE_CODE && lua_type(L, v) == LUA_TNUMBER))
    return ygt_cases_set_int(c, row, col, lua_isnil(L, v) ? YGT_CASES_NA : (int32_t)luaL_checkinteger(L, v));
  if (type == YGT_CASE_TYPE_INT64)
    return ygt_cases_set_int64(c, row, col, lua_isnil(L, v) ? ygt_cases_na64() : (int64_t)luaL_checkinteger(L, v));
  if (type == YGT_CASE_TYPE_STRING) return ygt_cases_set_string(c, row, col, luaL_optstring(L, v, NULL));
  if (type == YGT_CASE_TYPE_CODE) return ygt_cases_set_code(c, row, col, luaL_optstring(L, v, NULL));
  if (type != YGT_CASE_TYPE_CODE_LIST) return ygt_cases_set_int(c, row, col, 0); /* reports EINVAL */
  luaL_checktype(L, v, LUA_TTABLE);
  rc = YGT_OK;
  for (lua_Integer i = 1; rc == YGT_OK; i++) {
    lua_rawgeti(L, v, i);
    if (lua_isnil(L, -1)) { lua_pop(L, 1); break; }
    rc = lua_type(L, -1) == LUA_TNUMBER ? ygt_cases_add_code_id(c, row, col, (int32_t)lua_tointeger(L, -1))
                                        : ygt_cases_add_code(c, row, col, luaL_checkstring(L, -1));
    lua_pop(L, 1);
  }
  return rc;
}

/* cases:append{field = value, ...}: the new row (1-based). */
static int l_append(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  size_t row;
  int rc = ygt_cases_append(c, &row);
  if (rc) return ygt_lua_fail(L, rc);
  if (lua_istable(L, 2)) {
    for (int col = 0; col < ygt_cases_column_count() && !rc; col++) {
      lua_getfield(L, 2, ygt_cases_column_name(col));
      if (!lua_isnil(L, -1)) rc = set_value(L, c, row, col, lua_gettop(L));
      lua_pop(L, 1);
    }
  }
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, (lua_Integer)row + 1);
  return 1;
}

static int l_set(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  return ok_or_fail(L, set_value(L, c, row_arg(L, 2), column_arg(L, 3), 4));
}

static int l_set_int(lua_State *L) {
  return ok_or_fail(L, ygt_cases_set_int(ygt_lua_check_cases(L, 1), row_arg(L, 2), column_arg(L, 3),
                                         (int32_t)luaL_checkinteger(L, 4)));
}

static int l_set_string(lua_State *L) {
  return ok_or_fail(L, ygt_cases_set_string(ygt_lua_check_cases(L, 1), row_arg(L, 2), column_arg(L, 3),
                                            luaL_optstring(L, 4, NULL)));
}

static int l_set_code(lua_State *L) {
  return ok_or_fail(L, ygt_cases_set_code(ygt_lua_check_cases(L, 1), row_arg(L, 2), column_arg(L, 3),
                                          luaL_optstring(L, 4, NULL)));
}

static int l_add_code(lua_State *L) {
  return ok_or_fail(L, ygt_cases_add_code(ygt_lua_check_cases(L, 1), row_arg(L, 2), column_arg(L, 3),
                                          luaL_checkstring(L, 4)));
}

static int l_add_code_id(lua_State *L) {
  return ok_or_fail(L, ygt_cases_add_code_id(ygt_lua_check_cases(L, 1), row_arg(L, 2), column_arg(L, 3),
                                             (int32_t)luaL_checkinteger(L, 4)));
}

/* cases:allow_columns("expected_drg,ward" | "*" | nil) */
static int l_allow_columns(lua_State *L) {
  return ok_or_fail(L, ygt_cases_allow_columns(ygt_lua_check_cases(L, 1), luaL_optstring(L, 2, NULL)));
}

/* cases:map_columns(path | nil) */
static int l_map_columns(lua_State *L) {
  return ok_or_fail(L, ygt_cases_map_columns(ygt_lua_check_cases(L, 1), luaL_optstring(L, 2, NULL)));
}

/* cases:map_builtin("4101" | "hqms" | "zh") */
static int l_map_builtin(lua_State *L) {
  return ok_or_fail(L, ygt_cases_map_builtin(ygt_lua_check_cases(L, 1), luaL_checkstring(L, 2)));
}

/* cases:load_4101(path): a settlement-list JSON file */
static int l_load_4101(lua_State *L) {
  return ok_or_fail(L, ygt_cases_load_4101(ygt_lua_check_cases(L, 1), luaL_checkstring(L, 2)));
}

/* cases_map_builtin_names(): {"4101", "hqms", "zh"} */
static int l_map_builtin_names(lua_State *L) {
  lua_newtable(L);
  for (int i = 0; ygt_cases_map_builtin_name(i); i++) {
    lua_pushstring(L, ygt_cases_map_builtin_name(i));
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static int l_load(lua_State *L) {
  return ok_or_fail(L, ygt_cases_load(ygt_lua_check_cases(L, 1), luaL_checkstring(L, 2)));
}

/* cases:get(row, column): an integer, a string, or a list of code ids. */
static int l_get(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  size_t row = row_arg(L, 2);
  int col = column_arg(L, 3), type = ygt_cases_column_type(col), rc;
  if (type == YGT_CASE_TYPE_STRING) {
    const char *s = ygt_cases_get_string(c, row, col);
    if (!s) return ygt_lua_fail(L, ygt_error_last()->code);
    lua_pushstring(L, s);
    return 1;
  }
  if (type == YGT_CASE_TYPE_INT64) {
    int64_t v;
    if ((rc = ygt_cases_get_int64(c, row, col, &v))) return ygt_lua_fail(L, rc);
    lua_pushinteger(L, (lua_Integer)v);
    return 1;
  }
  if (type == YGT_CASE_TYPE_CODE_LIST) {
    const int32_t *ids;
    size_t n;
    if ((rc = ygt_cases_get_codes(c, row, col, &ids, &n))) return ygt_lua_fail(L, rc);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
      lua_pushinteger(L, ids[i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
  }
  int32_t v;
  if ((rc = ygt_cases_get_int(c, row, col, &v))) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, v);
  return 1;
}

/* Copies a Lua list of integers into a userdata block kept in the batch's
 * user value (Lua has no arrays to share, so "attach" copies once). */
static void *keep_array(lua_State *L, int list, size_t elem, size_t extra, size_t *n) {
  luaL_checktype(L, list, LUA_TTABLE);
  *n = (size_t)lua_rawlen(L, list);
  char *block = (char *)lua_newuserdata(L, (*n + extra + 1) * elem);
  for (size_t i = 0; i < *n; i++) {
    lua_rawgeti(L, list, (lua_Integer)i + 1);
    lua_Integer v = luaL_checkinteger(L, -1);
    lua_pop(L, 1);
    if (elem == sizeof(int64_t)) ((int64_t *)block)[i] = (int64_t)v;
    else ((int32_t *)block)[i] = (int32_t)v;
  }
  ygt_compat_getuservalue(L, 1);
  lua_pushvalue(L, -2);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  lua_pop(L, 2);
  return block;
}

static int l_attach_int32(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  int col = column_arg(L, 2);
  size_t n;
  int32_t *values = (int32_t *)keep_array(L, 3, sizeof(int32_t), 0, &n);
  return ok_or_fail(L, ygt_cases_attach_int32(c, col, values, n));
}

/* cases:attach_list(column, offsets, ids): offsets has one more entry than rows. */
static int l_attach_list(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  int col = column_arg(L, 2);
  size_t noff, nval;
  int64_t *off = (int64_t *)keep_array(L, 3, sizeof(int64_t), 0, &noff);
  int32_t *val = (int32_t *)keep_array(L, 4, sizeof(int32_t), 0, &nval);
  luaL_argcheck(L, noff >= 1, 3, "offsets need at least one entry");
  if (noff && off[noff - 1] > (int64_t)nval) return luaL_argerror(L, 4, "fewer ids than the offsets say");
  return ok_or_fail(L, ygt_cases_attach_list(c, col, off, val, noff - 1));
}

static int l_row_int(lua_State *L, int (*get)(const ygt_cases *, size_t)) {
  int v = get(ygt_lua_check_cases(L, 1), row_arg(L, 2));
  if (v < 0) return ygt_lua_fail(L, v);
  lua_pushinteger(L, v);
  return 1;
}

static int l_row_flags(lua_State *L) { return l_row_int(L, ygt_cases_row_flags); }
static int l_row_line(lua_State *L) { return l_row_int(L, ygt_cases_row_line); }

static int l_row_message(lua_State *L) {
  const char *m = ygt_cases_row_message(ygt_lua_check_cases(L, 1), row_arg(L, 2));
  if (!m) return ygt_lua_fail(L, YGT_ERANGE);
  lua_pushstring(L, m);
  return 1;
}

/* Rows first..first+n-1 from the optional arguments (first, n) at idx, idx + 1: 1-based first, all rows
 * from first by default. */
static void range_args(lua_State *L, ygt_cases *c, int idx, size_t *first, size_t *n) {
  size_t count = ygt_cases_count(c);
  *first = lua_isnoneornil(L, idx) ? 0 : row_arg(L, idx);
  lua_Integer k = luaL_optinteger(L, idx + 1, (lua_Integer)(count > *first ? count - *first : 0));
  luaL_argcheck(L, k >= 0, idx + 1, "a number of rows is not negative");
  *n = (size_t)k;
}

/* cases:strings(column [, first [, n]]): the strings of a string column as a list (one C call). */
static int l_strings(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  int col = column_arg(L, 2);
  size_t first, n, size = 0;
  range_args(L, c, 3, &first, &n);
  int rc = ygt_cases_get_strings(NULL, 0, &size, c, col, first, n);
  if (rc && rc != YGT_EBUFSIZE) return ygt_lua_fail(L, rc);
  char *buf = (char *)lua_newuserdata(L, size ? size : 1);
  if ((rc = ygt_cases_get_strings(buf, size, NULL, c, col, first, n))) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++, buf += strlen(buf) + 1) {
    lua_pushstring(L, buf);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static void push_ints(lua_State *L, const int32_t *v, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, v[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* cases:rows([first [, n]]): two lists, the rows' flags and input lines (one C call). */
static int l_rows(lua_State *L) {
  ygt_cases *c = ygt_lua_check_cases(L, 1);
  size_t first, n;
  range_args(L, c, 2, &first, &n);
  int32_t *v = (int32_t *)lua_newuserdata(L, 2 * (n ? n : 1) * sizeof *v);
  int rc = ygt_cases_get_rows(v, v + n, c, first, n);
  if (rc) return ygt_lua_fail(L, rc);
  push_ints(L, v, n);
  push_ints(L, v + n, n);
  return 2;
}

static int l_problem_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_cases_problem_count(ygt_lua_check_cases(L, 1)));
  return 1;
}

static int l_na(lua_State *L) {
  lua_pushinteger(L, ygt_cases_na());
  return 1;
}

static int l_column_count(lua_State *L) {
  lua_pushinteger(L, ygt_cases_column_count());
  return 1;
}

static int l_column_name(lua_State *L) {
  const char *n = ygt_cases_column_name((int)luaL_checkinteger(L, 1));
  if (!n) return ygt_lua_fail(L, YGT_EINVAL);
  lua_pushstring(L, n);
  return 1;
}

static int l_column_type(lua_State *L) {
  int t = ygt_cases_column_type((int)luaL_checkinteger(L, 1));
  if (t < 0) return ygt_lua_fail(L, t);
  lua_pushinteger(L, t);
  return 1;
}

static const luaL_Reg methods[] = {
  {"count", l_count}, {"codes", l_codes}, {"append", l_append}, {"set", l_set},
  {"set_int", l_set_int}, {"set_string", l_set_string}, {"set_code", l_set_code},
  {"add_code", l_add_code}, {"add_code_id", l_add_code_id}, {"load", l_load}, {"get", l_get},
  {"allow_columns", l_allow_columns}, {"map_columns", l_map_columns}, {"map_builtin", l_map_builtin},
  {"load_4101", l_load_4101},
  {"attach_int32", l_attach_int32}, {"attach_list", l_attach_list}, {"row_flags", l_row_flags},
  {"row_line", l_row_line}, {"row_message", l_row_message}, {"problem_count", l_problem_count},
  {"strings", l_strings}, {"rows", l_rows},
  {NULL, NULL},
};

static const luaL_Reg functions[] = {
  {"cases_new", l_cases_new}, {"cases_na", l_na}, {"cases_column_count", l_column_count},
  {"cases_column_name", l_column_name}, {"cases_column_type", l_column_type},
  {"cases_map_builtin_names", l_map_builtin_names}, {NULL, NULL},
};

void ygt_lua_open_cases(lua_State *L) {
  ygt_lua_register_type(L, CASES_T, methods, l_cases_gc);
  luaL_setfuncs(L, functions, 0);
}
