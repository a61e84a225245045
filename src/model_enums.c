/* Names and labels of the model's enumerations, and the table of which
 * institution kinds may sit at which tier. */
#include <string.h>

#include "error_internal.h"
#include "labels_internal.h"
#include "model_internal.h"

typedef struct enum_row {
  const char *name;  /* file name, ASCII */
  const char *label; /* Chinese label */
} enum_row;

static const enum_row tiers[YGT__TIER_COUNT] = {
  {"village", "村级"}, {"township", "乡镇级"}, {"county", "县级"},
  {"city", "市级"}, {"province", "省级"}, {"out_of_area", "省外"},
};

static const enum_row kinds[YGT__KIND_COUNT] = {
  {"general_hospital", "综合医院"}, {"tcm_hospital", "中医医院"},
  {"maternal_child", "妇幼保健院"}, {"specialty_hospital", "专科医院"},
  {"central_township", "中心卫生院"}, {"township", "乡镇卫生院"},
  {"community_centre", "社区卫生服务中心"}, {"community_station", "社区卫生服务站"},
  {"village_clinic", "村卫生室"}, {"private", "民营医疗机构"},
  {"public_health", "公共卫生机构"},
};

static const enum_row levels[YGT__LEVEL_COUNT] = {
  {"unrated", "未定级"}, {"1", "一级"}, {"2", "二级"}, {"2B", "二级乙等"},
  {"2A", "二级甲等"}, {"3", "三级"}, {"3B", "三级乙等"}, {"3A", "三级甲等"},
};

static const enum_row designations[YGT__DESIGNATION_COUNT] = {
  {"chest_pain", "胸痛中心"}, {"stroke", "卒中中心"}, {"trauma", "创伤中心"},
  {"critical_maternal", "危重孕产妇救治中心"}, {"critical_child", "危重儿童和新生儿救治中心"},
  {"lab", "临床检验中心"}, {"imaging", "医学影像中心"}, {"ecg", "心电诊断中心"},
  {"pathology", "病理诊断中心"}, {"sterilisation", "消毒供应中心"},
};

static const enum_row community_kinds[YGT__COMMUNITY_KIND_COUNT] = {
  {"comprehensive", "综合医共体"}, {"specialty", "专科医共体"},
  {"urban_group", "城市医疗集团"}, {"specialty_alliance", "专科联盟"},
  {"one_plus_n", "1+N医疗集团"},
};

static const enum_row roles[YGT__ROLE_COUNT] = {
  {"lead", "牵头单位"}, {"member", "成员单位"}, {"linked", "医联单位"},
};

static const enum_row insurances[YGT__INSURANCE_COUNT] = {
  {"employee", "职工医保"}, {"resident", "居民医保"},
};

static const struct {
  const enum_row *rows;
  int count;
  const char *what; /* for error messages */
} enums[] = {
  [YGT__ENUM_TIER] = {tiers, YGT__TIER_COUNT, "tier"},
  [YGT__ENUM_KIND] = {kinds, YGT__KIND_COUNT, "institution kind"},
  [YGT__ENUM_LEVEL] = {levels, YGT__LEVEL_COUNT, "hospital level"},
  [YGT__ENUM_DESIGNATION] = {designations, YGT__DESIGNATION_COUNT, "designation"},
  [YGT__ENUM_COMMUNITY_KIND] = {community_kinds, YGT__COMMUNITY_KIND_COUNT, "community kind"},
  [YGT__ENUM_ROLE] = {roles, YGT__ROLE_COUNT, "member role"},
  [YGT__ENUM_INSURANCE] = {insurances, YGT__INSURANCE_COUNT, "insurance type"},
};

/* Tiers (bit = 1 << tier) at which each kind may sit.  A row of data, so a
 * locality with, say, township-level TCM hospitals changes one mask. */
#define T(t) (1u << (t))
#define HOSPITAL_TIERS (T(YGT_TIER_COUNTY) | T(YGT_TIER_CITY) | T(YGT_TIER_PROVINCE) | T(YGT_TIER_OUT_OF_AREA))
static const unsigned kind_tiers[YGT__KIND_COUNT] = {
  [YGT_KIND_GENERAL_HOSPITAL] = HOSPITAL_TIERS,
  [YGT_KIND_TCM_HOSPITAL] = HOSPITAL_TIERS,
  [YGT_KIND_MATERNAL_CHILD] = HOSPITAL_TIERS,
  [YGT_KIND_SPECIALTY_HOSPITAL] = HOSPITAL_TIERS,
  [YGT_KIND_CENTRAL_TOWNSHIP] = T(YGT_TIER_TOWNSHIP),
  [YGT_KIND_TOWNSHIP] = T(YGT_TIER_TOWNSHIP),
  [YGT_KIND_COMMUNITY_CENTRE] = T(YGT_TIER_TOWNSHIP),
  [YGT_KIND_COMMUNITY_STATION] = T(YGT_TIER_VILLAGE),
  [YGT_KIND_VILLAGE_CLINIC] = T(YGT_TIER_VILLAGE),
  [YGT_KIND_PRIVATE] = (1u << YGT__TIER_COUNT) - 1u,
  [YGT_KIND_PUBLIC_HEALTH] = HOSPITAL_TIERS,
};

/* Parent rule per tier: a village institution is run by a township centre
 * (required); a township centre may be a branch of a central one
 * (optional); higher tiers have none. */
static const int tier_parent[YGT__TIER_COUNT] = {
  [YGT_TIER_VILLAGE] = 2, [YGT_TIER_TOWNSHIP] = 1,
};

int ygt__kind_allowed_at(int kind, int tier) {
  if (kind < 0 || kind >= YGT__KIND_COUNT || tier < 0 || tier >= YGT__TIER_COUNT) return 0;
  return (kind_tiers[kind] & T(tier)) != 0;
}

int ygt__tier_parent_rule(int tier) {
  return (tier >= 0 && tier < YGT__TIER_COUNT) ? tier_parent[tier] : 0;
}

int ygt__enum_count(ygt__enum_id e) { return enums[e].count; }

const char *ygt__enum_name(ygt__enum_id e, int value) {
  return (value >= 0 && value < enums[e].count) ? enums[e].rows[value].name : NULL;
}

static const char *enum_label(ygt__enum_id e, int value) {
  return (value >= 0 && value < enums[e].count) ? enums[e].rows[value].label : NULL;
}

/* The enumerations a 医保 export carries are read through the one table of
 * accepted spellings (labels.c); the others by name or label. */
static int label_set_of(ygt__enum_id e) {
  switch (e) {
  case YGT__ENUM_TIER: return YGT_LABELS_TIER;
  case YGT__ENUM_LEVEL: return YGT_LABELS_LEVEL;
  case YGT__ENUM_INSURANCE: return YGT_LABELS_INSURANCE;
  default: return -1;
  }
}

int ygt__enum_parse(ygt__enum_id e, const char *text, int *out) {
  int set = label_set_of(e);
  if (set >= 0) return ygt__label_find(set, text, out) == YGT_OK ? 0 : YGT_ENOTFOUND;
  for (int i = 0; i < enums[e].count; i++) {
    if (strcmp(text, enums[e].rows[i].name) == 0 || strcmp(text, enums[e].rows[i].label) == 0) {
      *out = i;
      return 0;
    }
  }
  return YGT_ENOTFOUND;
}

static int from_name(ygt__enum_id e, int *out, const char *name) {
  if (!out || !name) return ygt__error(YGT_EINVAL, "%s from name: NULL argument", enums[e].what);
  if (ygt__enum_parse(e, name, out) != 0)
    return ygt__error(YGT_ENOTFOUND, "unknown %s '%s'", enums[e].what, name);
  return YGT_OK;
}

const char *ygt_tier_name(int v) { return ygt__enum_name(YGT__ENUM_TIER, v); }
const char *ygt_tier_label(int v) { return enum_label(YGT__ENUM_TIER, v); }
int ygt_tier_from_name(int *out, const char *name) { return from_name(YGT__ENUM_TIER, out, name); }

const char *ygt_institution_kind_name(int v) { return ygt__enum_name(YGT__ENUM_KIND, v); }
const char *ygt_institution_kind_label(int v) { return enum_label(YGT__ENUM_KIND, v); }
int ygt_institution_kind_from_name(int *out, const char *name) { return from_name(YGT__ENUM_KIND, out, name); }

const char *ygt_hospital_level_name(int v) { return ygt__enum_name(YGT__ENUM_LEVEL, v); }
const char *ygt_hospital_level_label(int v) { return enum_label(YGT__ENUM_LEVEL, v); }
int ygt_hospital_level_from_name(int *out, const char *name) { return from_name(YGT__ENUM_LEVEL, out, name); }

const char *ygt_designation_name(int v) { return ygt__enum_name(YGT__ENUM_DESIGNATION, v); }
const char *ygt_designation_label(int v) { return enum_label(YGT__ENUM_DESIGNATION, v); }
int ygt_designation_from_name(int *out, const char *name) { return from_name(YGT__ENUM_DESIGNATION, out, name); }

const char *ygt_community_kind_name(int v) { return ygt__enum_name(YGT__ENUM_COMMUNITY_KIND, v); }
const char *ygt_community_kind_label(int v) { return enum_label(YGT__ENUM_COMMUNITY_KIND, v); }
int ygt_community_kind_from_name(int *out, const char *name) {
  return from_name(YGT__ENUM_COMMUNITY_KIND, out, name);
}

int ygt_community_kind_is_comprehensive(int kind) {
  if (kind < 0 || kind >= YGT__COMMUNITY_KIND_COUNT)
    return ygt__error(YGT_EINVAL, "community kind %d out of range", kind);
  return kind == YGT_COMMUNITY_COMPREHENSIVE || kind == YGT_COMMUNITY_URBAN_GROUP ||
         kind == YGT_COMMUNITY_ONE_PLUS_N;
}

const char *ygt_member_role_name(int v) { return ygt__enum_name(YGT__ENUM_ROLE, v); }
const char *ygt_member_role_label(int v) { return enum_label(YGT__ENUM_ROLE, v); }
int ygt_member_role_from_name(int *out, const char *name) { return from_name(YGT__ENUM_ROLE, out, name); }

const char *ygt_insurance_name(int v) { return ygt__enum_name(YGT__ENUM_INSURANCE, v); }
const char *ygt_insurance_label(int v) { return enum_label(YGT__ENUM_INSURANCE, v); }
int ygt_insurance_from_name(int *out, const char *name) { return from_name(YGT__ENUM_INSURANCE, out, name); }
