/* Lua binding of DRG rule packs, grouping and traces (include/yigongti/drg.h).
 *
 *   local pack = assert(ygt.drg_pack_load("../shared/data/chs-drg-1.1"))
 *   local cases = assert(ygt.cases_new(pack))
 *   cases:append{sex = 1, age_years = 65, pdx = "C61.x00", procs = {"60.5x02"}}
 *   local r = pack:group(cases)[1]          -- r.drg == "MA19", r.status == "OK"
 *   local r1, steps = pack:group_traced(cases, 1)
 *
 * Batch rows are 1-based here; MDC, ADRG, DRG and code ids are the C ids. */
#include <string.h>

#include "ygt_lua.h"

#define PACK_T "yigongti.drg_pack"
#define CODES_T "yigongti.codes"
#define TRACE_T "yigongti.drg_trace"

ygt_drg_pack *ygt_lua_check_pack(lua_State *L, int idx) {
  return (ygt_drg_pack *)ygt_lua_check_handle(L, idx, PACK_T);
}

static ygt_drg_trace *check_trace(lua_State *L, int idx) {
  return (ygt_drg_trace *)ygt_lua_check_handle(L, idx, TRACE_T);
}

static int kind_arg(lua_State *L, int idx) {
  static const char *const names[] = {"diagnosis", "procedure", NULL};
  return luaL_checkoption(L, idx, NULL, names) + 1;
}

/* drg_pack_load(dir [, cache]): with a cache path, through that compiled cache. */
static int l_pack_load(lua_State *L) {
  ygt_drg_pack *p;
  const char *dir = luaL_checkstring(L, 1), *cache = luaL_optstring(L, 2, NULL);
  int rc = cache ? ygt_drg_pack_load_cached(&p, dir, cache) : ygt_drg_pack_load(&p, dir);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, PACK_T, p);
  return 1;
}

static int l_pack_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, PACK_T);
  ygt_drg_pack_free((ygt_drg_pack *)*slot);
  *slot = NULL;
  return 0;
}

static int l_pack_name(lua_State *L) {
  lua_pushstring(L, ygt_drg_pack_name(ygt_lua_check_pack(L, 1)));
  return 1;
}

static int l_pack_cached(lua_State *L) {
  lua_pushboolean(L, ygt_drg_pack_cached(ygt_lua_check_pack(L, 1)));
  return 1;
}

static int l_has_map(lua_State *L) {
  lua_pushboolean(L, ygt_drg_pack_has_map(ygt_lua_check_pack(L, 1), kind_arg(L, 2)));
  return 1;
}

/* pack:codes(kind): the pack's dictionary as a read-only codes handle that
 * keeps the pack alive. */
void ygt_lua_push_pack_codes(lua_State *L, int pack_idx, int kind) {
  ygt_lua_push_borrowed(L, CODES_T, ygt_drg_pack_codes(ygt_lua_check_pack(L, pack_idx), kind), pack_idx);
}

static int l_pack_codes(lua_State *L) {
  ygt_lua_push_pack_codes(L, 1, kind_arg(L, 2));
  return 1;
}

static int l_count(lua_State *L, size_t (*get)(const ygt_drg_pack *)) {
  lua_pushinteger(L, (lua_Integer)get(ygt_lua_check_pack(L, 1)));
  return 1;
}

static int l_mdc_count(lua_State *L) { return l_count(L, ygt_drg_pack_mdc_count); }
static int l_adrg_count(lua_State *L) { return l_count(L, ygt_drg_pack_adrg_count); }
static int l_drg_count(lua_State *L) { return l_count(L, ygt_drg_pack_drg_count); }

static int l_text(lua_State *L, const char *(*get)(const ygt_drg_pack *, int32_t)) {
  int32_t id = (int32_t)luaL_checkinteger(L, 2);
  const char *s = get(ygt_lua_check_pack(L, 1), id);
  if (!s) return luaL_error(L, "id %d outside the pack", (int)id);
  lua_pushstring(L, s);
  return 1;
}

static int l_mdc_code(lua_State *L) { return l_text(L, ygt_drg_pack_mdc_code); }
static int l_mdc_name(lua_State *L) { return l_text(L, ygt_drg_pack_mdc_name); }
static int l_adrg_code(lua_State *L) { return l_text(L, ygt_drg_pack_adrg_code); }
static int l_adrg_name(lua_State *L) { return l_text(L, ygt_drg_pack_adrg_name); }
static int l_drg_code(lua_State *L) { return l_text(L, ygt_drg_pack_drg_code); }
static int l_drg_name(lua_State *L) { return l_text(L, ygt_drg_pack_drg_name); }

static int l_parent(lua_State *L, int32_t (*get)(const ygt_drg_pack *, int32_t)) {
  int32_t r = get(ygt_lua_check_pack(L, 1), (int32_t)luaL_checkinteger(L, 2));
  if (r < 0) return ygt_lua_fail(L, r);
  lua_pushinteger(L, r);
  return 1;
}

static int l_adrg_mdc(lua_State *L) { return l_parent(L, ygt_drg_pack_adrg_mdc); }
static int l_drg_adrg(lua_State *L) { return l_parent(L, ygt_drg_pack_drg_adrg); }

/* pack:find("mdc"|"adrg"|"drg", code): the id, or nil, message, code. */
static int l_find(lua_State *L) {
  static const char *const levels[] = {"mdc", "adrg", "drg", NULL};
  ygt_drg_pack *p = ygt_lua_check_pack(L, 1);
  int level = luaL_checkoption(L, 2, NULL, levels) + 1;
  const char *code = luaL_checkstring(L, 3);
  return ygt_lua_push_found(L, ygt_drg_pack_find(p, level, code), levels[level - 1], code, "pack");
}

static void push_result(lua_State *L, const ygt_drg_pack *p, int32_t mdc, int32_t adrg, int32_t drg,
                        int32_t status, uint32_t flags) {
  lua_createtable(L, 0, 9);
  lua_pushstring(L, ygt_drg_pack_mdc_code(p, mdc));
  lua_setfield(L, -2, "mdc");
  lua_pushstring(L, ygt_drg_pack_adrg_code(p, adrg));
  lua_setfield(L, -2, "adrg");
  lua_pushstring(L, ygt_drg_pack_drg_code(p, drg));
  lua_setfield(L, -2, "drg");
  lua_pushstring(L, ygt_drg_status_name(status));
  lua_setfield(L, -2, "status");
  const char *names[] = {"mdc_id", "adrg_id", "drg_id", "status_code", "flags"};
  lua_Integer values[] = {mdc, adrg, drg, status, (lua_Integer)flags};
  for (int i = 0; i < 5; i++) {
    lua_pushinteger(L, values[i]);
    lua_setfield(L, -2, names[i]);
  }
}

/* pack:group(cases [, first [, n [, options]]]): a list of result tables. */
static int l_group(lua_State *L) {
  ygt_drg_pack *p = ygt_lua_check_pack(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  size_t count = ygt_cases_count(c);
  lua_Integer first = luaL_optinteger(L, 3, 1);
  lua_Integer n = luaL_optinteger(L, 4, (lua_Integer)count - first + 1);
  int options = (int)luaL_optinteger(L, 5, 0);
  luaL_argcheck(L, first >= 1 && n >= 0, 3, "rows start at 1");
  size_t m = (size_t)n ? (size_t)n : 1;
  int32_t *out = (int32_t *)lua_newuserdata(L, m * (4 * sizeof(int32_t) + sizeof(uint32_t)));
  uint32_t *flags = (uint32_t *)(out + 4 * m);
  int rc = ygt_drg_group(p, c, (size_t)first - 1, (size_t)n, options, out, out + m, out + 2 * m, out + 3 * m, flags);
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < (size_t)n; i++) {
    push_result(L, p, out[i], out[m + i], out[2 * m + i], out[3 * m + i], flags[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

void ygt_lua_push_drg_steps(lua_State *L, const ygt_drg_trace *t) {
  static const char *const kinds[] = {"", "map", "validate", "mdc", "qy", "adrg", "mdc_left", "mcc", "cc",
                                      "mcc_excluded", "cc_excluded", "drg", "result"};
  size_t n = ygt_drg_trace_count(t);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    int kind;
    int32_t object, code, value;
    ygt_drg_trace_step(t, i, &kind, &object, &code, &value);
    lua_createtable(L, 0, 5);
    lua_pushstring(L, kind >= 1 && kind <= 12 ? kinds[kind] : "?");
    lua_setfield(L, -2, "kind");
    lua_pushinteger(L, object);
    lua_setfield(L, -2, "object");
    lua_pushinteger(L, code);
    lua_setfield(L, -2, "code");
    lua_pushinteger(L, value);
    lua_setfield(L, -2, "value");
    lua_pushstring(L, ygt_drg_trace_line(t, i));
    lua_setfield(L, -2, "line");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* pack:group_traced(cases, row [, options [, trace]]): result, steps. */
static int l_group_traced(lua_State *L) {
  ygt_drg_pack *p = ygt_lua_check_pack(L, 1);
  ygt_cases *c = ygt_lua_check_cases(L, 2);
  lua_Integer row = luaL_checkinteger(L, 3);
  int options = (int)luaL_optinteger(L, 4, 0);
  ygt_drg_trace *t = lua_isnoneornil(L, 5) ? NULL : check_trace(L, 5), *own = NULL;
  luaL_argcheck(L, row >= 1, 3, "rows start at 1");
  if (!t) {
    int rc = ygt_drg_trace_new(&own);
    if (rc) return ygt_lua_fail(L, rc);
    ygt_lua_new_handle(L, TRACE_T, own); /* collected with the call's stack */
    t = own;
  }
  int32_t mdc, adrg, drg, status;
  uint32_t flags;
  int rc = ygt_drg_group_traced(p, c, (size_t)row - 1, options, t, &mdc, &adrg, &drg, &status, &flags);
  if (rc) return ygt_lua_fail(L, rc);
  push_result(L, p, mdc, adrg, drg, status, flags);
  ygt_lua_push_drg_steps(L, t);
  return 2;
}

static int l_trace_new(lua_State *L) {
  ygt_drg_trace *t;
  int rc = ygt_drg_trace_new(&t);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, TRACE_T, t);
  return 1;
}

static int l_trace_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, TRACE_T);
  ygt_drg_trace_free((ygt_drg_trace *)*slot);
  *slot = NULL;
  return 0;
}

static int l_trace_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ygt_drg_trace_count(check_trace(L, 1)));
  return 1;
}

static int l_trace_steps(lua_State *L) {
  ygt_lua_push_drg_steps(L, check_trace(L, 1));
  return 1;
}

/* trace:line(i), 1-based: the text, or nil, message, code. */
static int l_trace_line(lua_State *L) {
  ygt_drg_trace *t = check_trace(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  int32_t object;
  int rc = i >= 1 ? ygt_drg_trace_step(t, (size_t)i - 1, NULL, &object, NULL, NULL) : YGT_ERANGE;
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushstring(L, ygt_drg_trace_line(t, (size_t)i - 1));
  return 1;
}

static int l_status_name(lua_State *L) {
  lua_pushstring(L, ygt_drg_status_name((int)luaL_checkinteger(L, 1)));
  return 1;
}

static int l_status_class(lua_State *L) {
  int c = ygt_drg_status_class((int)luaL_checkinteger(L, 1));
  if (c < 0) return ygt_lua_fail(L, c);
  lua_pushinteger(L, c);
  return 1;
}

static const luaL_Reg pack_methods[] = {
  {"name", l_pack_name}, {"has_map", l_has_map}, {"cached", l_pack_cached}, {"codes", l_pack_codes},
  {"mdc_count", l_mdc_count}, {"adrg_count", l_adrg_count}, {"drg_count", l_drg_count},
  {"mdc_code", l_mdc_code}, {"mdc_name", l_mdc_name}, {"adrg_code", l_adrg_code},
  {"adrg_name", l_adrg_name}, {"drg_code", l_drg_code}, {"drg_name", l_drg_name},
  {"adrg_mdc", l_adrg_mdc}, {"drg_adrg", l_drg_adrg}, {"find", l_find}, {"group", l_group},
  {"group_traced", l_group_traced}, {NULL, NULL},
};

static const luaL_Reg trace_methods[] = {
  {"count", l_trace_count}, {"steps", l_trace_steps}, {"line", l_trace_line}, {NULL, NULL},
};

static const luaL_Reg functions[] = {
  {"drg_pack_load", l_pack_load}, {"drg_trace_new", l_trace_new},
  {"drg_status_name", l_status_name}, {"drg_status_class", l_status_class}, {NULL, NULL},
};

void ygt_lua_open_drg(lua_State *L) {
  ygt_lua_register_type(L, PACK_T, pack_methods, l_pack_gc);
  ygt_lua_register_type(L, TRACE_T, trace_methods, l_trace_gc);
  luaL_setfuncs(L, functions, 0);
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, YGT_DRG_MAP_CODES);
  lua_setfield(L, -2, "MAP_CODES");
  lua_pushinteger(L, YGT_DRG_QY_ON);
  lua_setfield(L, -2, "QY_ON");
  lua_pushinteger(L, YGT_DRG_QY_OFF);
  lua_setfield(L, -2, "QY_OFF");
  lua_setfield(L, -2, "drg_options");
}
