/* Lua binding of the community model (include/yigongti/model.h).
 *
 *   local m = assert(ygt.model_load("examples/data/ninghai"))
 *   local c = m:community_of(m:institution_find("NH-T03"))
 *   print(m:community_name(c), m:institution_tier(0))   -- "宁海县第一综合医共体", "county"
 *
 * Indices are the C library's dense indices (0 .. count-1), not 1-based.
 * Enumeration arguments take file names ("county"), Chinese labels or
 * numbers; enumeration results are file names.  "None" answers (no parent,
 * no comprehensive community) are `nil, message, "YGT_ENOTFOUND"`. */
#include "ygt_lua.h"

#define MODEL_T "yigongti.model"
#define BUILDER_T "yigongti.model_builder"

/* ---- enumerations ------------------------------------------------------ */

enum { E_TIER, E_KIND, E_LEVEL, E_DESIGNATION, E_COMMUNITY_KIND, E_ROLE, E_INSURANCE, E_COUNT };

static const ygt_lua_enum enums[E_COUNT] = {
  {"tier", ygt_tier_name, ygt_tier_label, ygt_tier_from_name},
  {"institution_kind", ygt_institution_kind_name, ygt_institution_kind_label, ygt_institution_kind_from_name},
  {"hospital_level", ygt_hospital_level_name, ygt_hospital_level_label, ygt_hospital_level_from_name},
  {"designation", ygt_designation_name, ygt_designation_label, ygt_designation_from_name},
  {"community_kind", ygt_community_kind_name, ygt_community_kind_label, ygt_community_kind_from_name},
  {"member_role", ygt_member_role_name, ygt_member_role_label, ygt_member_role_from_name},
  {"insurance", ygt_insurance_name, ygt_insurance_label, ygt_insurance_from_name},
};

/* The enumeration value at idx: a number, or a name parsed by C.  Returns
 * 0 or the C error code (the caller returns ygt_lua_fail). */
static int enum_arg(lua_State *L, int idx, int e, int *out) {
  if (lua_type(L, idx) == LUA_TNUMBER) {
    *out = (int)luaL_checkinteger(L, idx);
    return 0;
  }
  return enums[e].from(out, luaL_checkstring(L, idx));
}

/* An optional filter argument: nil or absent gives -1. */
static int filter_arg(lua_State *L, int idx, int e, int *out) {
  *out = -1;
  return lua_isnoneornil(L, idx) ? 0 : enum_arg(L, idx, e, out);
}

static int push_enum(lua_State *L, int e, int value) {
  if (value < 0) return ygt_lua_fail(L, value);
  lua_pushstring(L, enums[e].name(value));
  return 1;
}

/* The spelling tables of labels.h by their short names, in ygt_label_set order. */
static const char *const label_sets[] = {"insurance", "level", "tier", "setting", "sex", NULL};

/* ygt.label(set, text): the value of a spelling ("职工", "三甲", "男") through the C table. */
static int l_label(lua_State *L) {
  int set = luaL_checkoption(L, 1, NULL, label_sets), v;
  int rc = ygt_label_parse(&v, set, luaL_checkstring(L, 2));
  if (rc) return ygt_lua_fail(L, rc);
  lua_pushinteger(L, v);
  return 1;
}

/* ygt.label_set_name(set): the enumeration's name in messages ("insurance type"). */
static int l_label_set_name(lua_State *L) {
  lua_pushstring(L, ygt_label_set_name(luaL_checkoption(L, 1, NULL, label_sets)));
  return 1;
}

/* ygt.label_spellings(set): {spelling = value, ...} of every accepted spelling. */
static int l_label_spellings(lua_State *L) {
  int set = luaL_checkoption(L, 1, NULL, label_sets), v = 0;
  lua_newtable(L);
  for (int i = 0;; i++) {
    const char *s = ygt_label_spelling(set, i, &v);
    if (!s) return 1;
    lua_pushinteger(L, v);
    lua_setfield(L, -2, s);
  }
}

static int l_is_comprehensive(lua_State *L) {
  int kind;
  int rc = enum_arg(L, 1, E_COMMUNITY_KIND, &kind);
  if (!rc) rc = ygt_community_kind_is_comprehensive(kind);
  if (rc < 0) return ygt_lua_fail(L, rc);
  lua_pushboolean(L, rc);
  return 1;
}

/* designations: a table of names, or a number used as the mask. */
static int designations_arg(lua_State *L, int idx, uint32_t *mask) {
  *mask = 0;
  if (lua_isnoneornil(L, idx)) return 0;
  if (lua_type(L, idx) == LUA_TNUMBER) { *mask = (uint32_t)luaL_checkinteger(L, idx); return 0; }
  luaL_checktype(L, idx, LUA_TTABLE);
  for (int k = 1;; k++) {
    lua_rawgeti(L, idx, k);
    if (lua_isnil(L, -1)) { lua_pop(L, 1); return 0; }
    int d, rc = enum_arg(L, lua_gettop(L), E_DESIGNATION, &d);
    lua_pop(L, 1);
    if (rc) return rc;
    *mask |= 1u << d;
  }
}

/* ---- builder ----------------------------------------------------------- */

static ygt_model_builder *check_builder(lua_State *L) {
  return (ygt_model_builder *)ygt_lua_check_handle(L, 1, BUILDER_T);
}

static int done(lua_State *L, int rc) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_settop(L, 1); /* the builder, so that calls chain */
  return 1;
}

static int l_builder_new(lua_State *L) {
  ygt_model_builder *b;
  int rc = ygt_model_builder_new(&b);
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, BUILDER_T, b);
  return 1;
}

static int l_builder_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, BUILDER_T);
  ygt_model_builder_free((ygt_model_builder *)*slot);
  *slot = NULL;
  return 0;
}

static int l_set_locality(lua_State *L) {
  return done(L, ygt_model_builder_set_locality(check_builder(L), luaL_optstring(L, 2, ""), luaL_optstring(L, 3, "")));
}

/* b:add_institution(code, name, tier, kind [, level [, beds [, designations [, parent]]]]) */
static int l_add_institution(lua_State *L) {
  ygt_model_builder *b = check_builder(L);
  int tier, kind, level = YGT_LEVEL_UNRATED;
  uint32_t mask;
  int rc = enum_arg(L, 4, E_TIER, &tier);
  if (!rc) rc = enum_arg(L, 5, E_KIND, &kind);
  if (!rc && !lua_isnoneornil(L, 6)) rc = enum_arg(L, 6, E_LEVEL, &level);
  if (!rc) rc = designations_arg(L, 8, &mask);
  if (rc) return ygt_lua_fail(L, rc);
  return done(L, ygt_model_builder_add_institution(b, luaL_checkstring(L, 2), luaL_checkstring(L, 3), tier, kind,
                                                   level, (int64_t)luaL_optinteger(L, 7, 0), mask,
                                                   luaL_optstring(L, 9, NULL)));
}

static int l_add_community(lua_State *L) {
  ygt_model_builder *b = check_builder(L);
  int kind, rc = enum_arg(L, 4, E_COMMUNITY_KIND, &kind);
  if (rc) return ygt_lua_fail(L, rc);
  return done(L, ygt_model_builder_add_community(b, luaL_checkstring(L, 2), luaL_checkstring(L, 3), kind));
}

/* b:add_member(community, institution [, role = "member"]) */
static int l_add_member(lua_State *L) {
  ygt_model_builder *b = check_builder(L);
  int role = YGT_ROLE_MEMBER, rc = lua_isnoneornil(L, 4) ? 0 : enum_arg(L, 4, E_ROLE, &role);
  if (rc) return ygt_lua_fail(L, rc);
  return done(L, ygt_model_builder_add_member(b, luaL_checkstring(L, 2), luaL_checkstring(L, 3), role));
}

/* b:add_grid(code, name, community, township_or_nil, population [, employee [, resident]]) */
static int l_add_grid(lua_State *L) {
  ygt_model_builder *b = check_builder(L);
  return done(L, ygt_model_builder_add_grid(b, luaL_checkstring(L, 2), luaL_checkstring(L, 3), luaL_checkstring(L, 4),
                                            luaL_optstring(L, 5, NULL), (int64_t)luaL_checkinteger(L, 6),
                                            (int64_t)luaL_optinteger(L, 7, 0), (int64_t)luaL_optinteger(L, 8, 0)));
}

/* b:add_team(code, name_or_nil, institution, signed) */
static int l_add_team(lua_State *L) {
  ygt_model_builder *b = check_builder(L);
  return done(L, ygt_model_builder_add_team(b, luaL_checkstring(L, 2), luaL_optstring(L, 3, NULL),
                                            luaL_checkstring(L, 4), (int64_t)luaL_checkinteger(L, 5)));
}

static int l_build(lua_State *L) {
  ygt_model *m;
  int rc = ygt_model_build(&m, check_builder(L));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, MODEL_T, m);
  return 1;
}

/* ---- model: helpers ---------------------------------------------------- */

static const ygt_model *check_model(lua_State *L) {
  return (const ygt_model *)ygt_lua_check_handle(L, 1, MODEL_T);
}

static int32_t arg_index(lua_State *L, int idx) { return (int32_t)luaL_checkinteger(L, idx); }

static int push_index(lua_State *L, int64_t v) {
  if (v < 0) return ygt_lua_fail(L, (int)v);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

static int push_text(lua_State *L, const char *s) {
  if (!s) return ygt_lua_fail(L, ygt_error_last()->code);
  lua_pushstring(L, s);
  return 1;
}

/* A scratch buffer owned by the Lua stack, so a later raise cannot leak it. */
static int32_t *scratch(lua_State *L, size_t n) {
  return (int32_t *)lua_newuserdata(L, (n ? n : 1) * sizeof(int32_t));
}

static int push_list(lua_State *L, int rc, const int32_t *v, size_t n) {
  if (rc) return ygt_lua_fail(L, rc);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, v[i]);
    lua_rawseti(L, -2, (lua_Integer)(i + 1));
  }
  return 1;
}

#define COUNT_METHOD(lname, cfn) \
  static int lname(lua_State *L) { lua_pushinteger(L, (lua_Integer)cfn(check_model(L))); return 1; }
#define FIND_METHOD(lname, cfn) \
  static int lname(lua_State *L) { return push_index(L, cfn(check_model(L), luaL_checkstring(L, 2))); }
#define TEXT_METHOD(lname, cfn) \
  static int lname(lua_State *L) { return push_text(L, cfn(check_model(L), arg_index(L, 2))); }
#define INDEX_METHOD(lname, cfn) \
  static int lname(lua_State *L) { return push_index(L, cfn(check_model(L), arg_index(L, 2))); }
#define ENUM_METHOD(lname, cfn, e) \
  static int lname(lua_State *L) { return push_enum(L, e, cfn(check_model(L), arg_index(L, 2))); }

static int l_model_load(lua_State *L) {
  ygt_model *m;
  int rc = ygt_model_load(&m, luaL_checkstring(L, 1));
  if (rc) return ygt_lua_fail(L, rc);
  ygt_lua_new_handle(L, MODEL_T, m);
  return 1;
}

static int l_model_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, MODEL_T);
  ygt_model_free((ygt_model *)*slot);
  *slot = NULL;
  return 0;
}

/* m:free(): frees an owned model now (a borrowed one belongs to its owner). */
static int l_model_free(lua_State *L) {
  if (ygt_lua_is_borrowed(L, 1)) return luaL_argerror(L, 1, "a borrowed model is freed by its owner");
  return l_model_gc(L);
}

static int l_locality(lua_State *L) {
  const ygt_model *m = check_model(L);
  lua_pushstring(L, ygt_model_locality_code(m));
  lua_pushstring(L, ygt_model_locality_name(m));
  return 2;
}

/* ---- institutions ------------------------------------------------------ */

COUNT_METHOD(l_institution_count, ygt_model_institution_count)
FIND_METHOD(l_institution_find, ygt_model_institution_find)
TEXT_METHOD(l_institution_code, ygt_model_institution_code)
TEXT_METHOD(l_institution_name, ygt_model_institution_name)
ENUM_METHOD(l_institution_tier, ygt_model_institution_tier, E_TIER)
ENUM_METHOD(l_institution_kind, ygt_model_institution_kind, E_KIND)
ENUM_METHOD(l_institution_level, ygt_model_institution_level, E_LEVEL)
INDEX_METHOD(l_institution_beds, ygt_model_institution_beds)
INDEX_METHOD(l_institution_parent, ygt_model_institution_parent)
INDEX_METHOD(l_township_of, ygt_model_township_of)
INDEX_METHOD(l_community_of, ygt_model_community_of)

/* m:institution_designations(i) -> {names...}, mask */
static int l_institution_designations(lua_State *L) {
  int mask = ygt_model_institution_designations(check_model(L), arg_index(L, 2));
  if (mask < 0) return ygt_lua_fail(L, mask);
  lua_newtable(L);
  int k = 0;
  for (int d = 0; ygt_designation_name(d); d++) {
    if (!(mask & (1 << d))) continue;
    lua_pushstring(L, ygt_designation_name(d));
    lua_rawseti(L, -2, ++k);
  }
  lua_pushinteger(L, mask);
  return 2;
}

static int l_institution_communities(lua_State *L) {
  const ygt_model *m = check_model(L);
  int32_t i = arg_index(L, 2);
  size_t n = 0;
  int rc = ygt_model_institution_communities(NULL, 0, &n, m, i);
  if (rc) return ygt_lua_fail(L, rc);
  int32_t *v = scratch(L, n);
  return push_list(L, ygt_model_institution_communities(v, n, &n, m, i), v, n);
}

/* m:centres(designation [, community [, ranked]]) */
static int l_centres(lua_State *L) {
  const ygt_model *m = check_model(L);
  int d, rc = enum_arg(L, 2, E_DESIGNATION, &d);
  if (rc) return ygt_lua_fail(L, rc);
  int32_t c = (int32_t)luaL_optinteger(L, 3, -1);
  int ranked = lua_toboolean(L, 4);
  size_t n = 0;
  rc = ygt_model_centres(NULL, 0, &n, m, d, c, ranked);
  if (rc) return ygt_lua_fail(L, rc);
  int32_t *v = scratch(L, n);
  return push_list(L, ygt_model_centres(v, n, &n, m, d, c, ranked), v, n);
}

/* ---- communities ------------------------------------------------------- */

COUNT_METHOD(l_community_count, ygt_model_community_count)
FIND_METHOD(l_community_find, ygt_model_community_find)
TEXT_METHOD(l_community_code, ygt_model_community_code)
TEXT_METHOD(l_community_name, ygt_model_community_name)
ENUM_METHOD(l_community_kind, ygt_model_community_kind, E_COMMUNITY_KIND)
INDEX_METHOD(l_community_lead, ygt_model_community_lead)

/* m:community_members(c [, tier [, role]]) */
static int l_community_members(lua_State *L) {
  const ygt_model *m = check_model(L);
  int32_t c = arg_index(L, 2);
  int tier, role;
  int rc = filter_arg(L, 3, E_TIER, &tier);
  if (!rc) rc = filter_arg(L, 4, E_ROLE, &role);
  size_t n = 0;
  if (!rc) rc = ygt_model_community_members(NULL, 0, &n, m, c, tier, role);
  if (rc) return ygt_lua_fail(L, rc);
  int32_t *v = scratch(L, n);
  return push_list(L, ygt_model_community_members(v, n, &n, m, c, tier, role), v, n);
}

static int l_member_role(lua_State *L) {
  return push_enum(L, E_ROLE, ygt_model_member_role(check_model(L), arg_index(L, 2), arg_index(L, 3)));
}

static int l_community_grids(lua_State *L) {
  const ygt_model *m = check_model(L);
  int32_t c = arg_index(L, 2);
  size_t n = 0;
  int rc = ygt_model_community_grids(NULL, 0, &n, m, c);
  if (rc) return ygt_lua_fail(L, rc);
  int32_t *v = scratch(L, n);
  return push_list(L, ygt_model_community_grids(v, n, &n, m, c), v, n);
}

/* ---- grids and teams --------------------------------------------------- */

COUNT_METHOD(l_grid_count, ygt_model_grid_count)
FIND_METHOD(l_grid_find, ygt_model_grid_find)
TEXT_METHOD(l_grid_code, ygt_model_grid_code)
TEXT_METHOD(l_grid_name, ygt_model_grid_name)
INDEX_METHOD(l_grid_population, ygt_model_grid_population)
INDEX_METHOD(l_grid_community, ygt_model_grid_community)
INDEX_METHOD(l_grid_township, ygt_model_grid_township)

static int l_grid_insured(lua_State *L) {
  const ygt_model *m = check_model(L);
  int32_t g = arg_index(L, 2);
  int ins, rc = enum_arg(L, 3, E_INSURANCE, &ins);
  if (rc) return ygt_lua_fail(L, rc);
  return push_index(L, ygt_model_grid_insured(m, g, ins));
}

/* m:grid_institutions(g [, tier]) */
static int l_grid_institutions(lua_State *L) {
  const ygt_model *m = check_model(L);
  int32_t g = arg_index(L, 2);
  int tier, rc = filter_arg(L, 3, E_TIER, &tier);
  size_t n = 0;
  if (!rc) rc = ygt_model_grid_institutions(NULL, 0, &n, m, g, tier);
  if (rc) return ygt_lua_fail(L, rc);
  int32_t *v = scratch(L, n);
  return push_list(L, ygt_model_grid_institutions(v, n, &n, m, g, tier), v, n);
}

COUNT_METHOD(l_team_count, ygt_model_team_count)
FIND_METHOD(l_team_find, ygt_model_team_find)
TEXT_METHOD(l_team_code, ygt_model_team_code)
TEXT_METHOD(l_team_name, ygt_model_team_name)
INDEX_METHOD(l_team_institution, ygt_model_team_institution)
INDEX_METHOD(l_team_signed, ygt_model_team_signed)

/* ---- registration ------------------------------------------------------ */

static const luaL_Reg builder_methods[] = {
  {"set_locality", l_set_locality}, {"add_institution", l_add_institution}, {"add_community", l_add_community},
  {"add_member", l_add_member}, {"add_grid", l_add_grid}, {"add_team", l_add_team}, {"build", l_build},
  {"free", l_builder_gc}, {NULL, NULL},
};

static const luaL_Reg model_methods[] = {
  {"locality", l_locality}, {"free", l_model_free},
  {"institution_count", l_institution_count}, {"institution_find", l_institution_find},
  {"institution_code", l_institution_code}, {"institution_name", l_institution_name},
  {"institution_tier", l_institution_tier}, {"institution_kind", l_institution_kind},
  {"institution_level", l_institution_level}, {"institution_beds", l_institution_beds},
  {"institution_designations", l_institution_designations}, {"institution_parent", l_institution_parent},
  {"township_of", l_township_of}, {"community_of", l_community_of},
  {"institution_communities", l_institution_communities}, {"centres", l_centres},
  {"community_count", l_community_count}, {"community_find", l_community_find},
  {"community_code", l_community_code}, {"community_name", l_community_name},
  {"community_kind", l_community_kind}, {"community_lead", l_community_lead},
  {"community_members", l_community_members}, {"member_role", l_member_role},
  {"community_grids", l_community_grids},
  {"grid_count", l_grid_count}, {"grid_find", l_grid_find}, {"grid_code", l_grid_code}, {"grid_name", l_grid_name},
  {"grid_population", l_grid_population}, {"grid_insured", l_grid_insured},
  {"grid_community", l_grid_community}, {"grid_township", l_grid_township},
  {"grid_institutions", l_grid_institutions},
  {"team_count", l_team_count}, {"team_find", l_team_find}, {"team_code", l_team_code}, {"team_name", l_team_name},
  {"team_institution", l_team_institution}, {"team_signed", l_team_signed},
  {NULL, NULL},
};

static const luaL_Reg functions[] = {
  {"model_load", l_model_load}, {"model_builder", l_builder_new},
  {"community_kind_is_comprehensive", l_is_comprehensive}, {"label", l_label},
  {"label_spellings", l_label_spellings}, {"label_set_name", l_label_set_name}, {NULL, NULL},
};

void ygt_lua_open_model(lua_State *L) {
  ygt_lua_register_type(L, MODEL_T, model_methods, l_model_gc);
  ygt_lua_register_type(L, BUILDER_T, builder_methods, l_builder_gc);
  luaL_setfuncs(L, functions, 0);
  ygt_lua_register_enums(L, enums, E_COUNT); /* tier_name, tier_label, tier_from_name, ... */
}
