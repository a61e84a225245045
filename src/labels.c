/* The one table of spellings accepted for insurance type, hospital level,
 * tier, setting and sex (doc/formats/labels.md).  Every loader and both
 * bindings parse through ygt_label_parse(), so a 医保 export that one reader
 * accepts, every reader accepts.  A new spelling is a new row here. */
#include <string.h>

#include "error_internal.h"
#include "labels_internal.h"
#include "yigongti/model.h"
#include "yigongti/referral.h"

typedef struct label {
  const char *spelling;
  int value;
} label;

/* English names, the labels of 医保 exports, then codes: 0/1 are the
 * library's own values, 310/390 the national 险种类型 (insutype) codes. */
static const label insurance[] = {
  {"employee", YGT_INSURANCE_EMPLOYEE}, {"resident", YGT_INSURANCE_RESIDENT},
  {"职工", YGT_INSURANCE_EMPLOYEE}, {"居民", YGT_INSURANCE_RESIDENT},
  {"职工医保", YGT_INSURANCE_EMPLOYEE}, {"居民医保", YGT_INSURANCE_RESIDENT},
  {"职工基本医疗保险", YGT_INSURANCE_EMPLOYEE}, {"城乡居民基本医疗保险", YGT_INSURANCE_RESIDENT},
  {"0", YGT_INSURANCE_EMPLOYEE}, {"1", YGT_INSURANCE_RESIDENT},
  {"310", YGT_INSURANCE_EMPLOYEE}, {"390", YGT_INSURANCE_RESIDENT}, {NULL, 0},
};

/* The names are already the short codes ("3A"); exports also write the
 * grade in full (三级甲等) or abbreviated (三甲). */
static const label level[] = {
  {"unrated", YGT_LEVEL_UNRATED}, {"1", YGT_LEVEL_1}, {"2", YGT_LEVEL_2}, {"2B", YGT_LEVEL_2B},
  {"2A", YGT_LEVEL_2A}, {"3", YGT_LEVEL_3}, {"3B", YGT_LEVEL_3B}, {"3A", YGT_LEVEL_3A},
  {"未定级", YGT_LEVEL_UNRATED}, {"一级", YGT_LEVEL_1}, {"二级", YGT_LEVEL_2}, {"二级乙等", YGT_LEVEL_2B},
  {"二级甲等", YGT_LEVEL_2A}, {"三级", YGT_LEVEL_3}, {"三级乙等", YGT_LEVEL_3B}, {"三级甲等", YGT_LEVEL_3A},
  {"二乙", YGT_LEVEL_2B}, {"二甲", YGT_LEVEL_2A}, {"三乙", YGT_LEVEL_3B}, {"三甲", YGT_LEVEL_3A},
  {NULL, 0},
};

static const label tier[] = {
  {"village", YGT_TIER_VILLAGE}, {"township", YGT_TIER_TOWNSHIP}, {"county", YGT_TIER_COUNTY},
  {"city", YGT_TIER_CITY}, {"province", YGT_TIER_PROVINCE}, {"out_of_area", YGT_TIER_OUT_OF_AREA},
  {"村级", YGT_TIER_VILLAGE}, {"乡镇级", YGT_TIER_TOWNSHIP}, {"县级", YGT_TIER_COUNTY},
  {"市级", YGT_TIER_CITY}, {"省级", YGT_TIER_PROVINCE}, {"省外", YGT_TIER_OUT_OF_AREA}, {NULL, 0},
};

static const label setting[] = {
  {"outpatient", YGT_SETTING_OUTPATIENT}, {"inpatient", YGT_SETTING_INPATIENT},
  {"day_surgery", YGT_SETTING_DAY_SURGERY}, {"门诊", YGT_SETTING_OUTPATIENT},
  {"住院", YGT_SETTING_INPATIENT}, {"日间手术", YGT_SETTING_DAY_SURGERY}, {NULL, 0},
};

/* GB/T 2261.1: the codes are the values. */
static const label sex[] = {
  {"unknown", YGT_SEX_UNKNOWN}, {"male", YGT_SEX_MALE}, {"female", YGT_SEX_FEMALE},
  {"unspecified", YGT_SEX_UNSPECIFIED}, {"未知的性别", YGT_SEX_UNKNOWN}, {"男", YGT_SEX_MALE},
  {"女", YGT_SEX_FEMALE}, {"未说明的性别", YGT_SEX_UNSPECIFIED}, {"0", YGT_SEX_UNKNOWN},
  {"1", YGT_SEX_MALE}, {"2", YGT_SEX_FEMALE}, {"9", YGT_SEX_UNSPECIFIED}, {NULL, 0},
};

static const struct {
  const label *rows;
  const char *what;
} sets[] = {
  [YGT_LABELS_INSURANCE] = {insurance, "insurance type"}, [YGT_LABELS_LEVEL] = {level, "hospital level"},
  [YGT_LABELS_TIER] = {tier, "tier"}, [YGT_LABELS_SETTING] = {setting, "setting"},
  [YGT_LABELS_SEX] = {sex, "sex"},
};

#define NSETS ((int)(sizeof sets / sizeof sets[0]))

const char *ygt_label_set_name(int set) { return set >= 0 && set < NSETS ? sets[set].what : NULL; }

/* The lookup without an error message, for callers that try several readings. */
int ygt__label_find(int set, const char *text, int *out) {
  if (set < 0 || set >= NSETS || !text) return YGT_EINVAL;
  for (const label *l = sets[set].rows; l->spelling; l++)
    if (l->spelling[0] == text[0] && strcmp(l->spelling, text) == 0) return (*out = l->value), YGT_OK;
  return YGT_ENOTFOUND;
}

int ygt_label_parse(int *out, int set, const char *text) {
  if (!out || !text || set < 0 || set >= NSETS) return ygt__error(YGT_EINVAL, "ygt_label_parse: bad argument");
  if (ygt__label_find(set, text, out) == YGT_OK) return YGT_OK;
  return ygt__error(YGT_ENOTFOUND, "unknown %s '%.60s' (see doc/formats/labels.md)", sets[set].what, text);
}

const char *ygt_label_spelling(int set, int i, int *value) {
  if (set < 0 || set >= NSETS || i < 0) return NULL;
  const label *l = sets[set].rows;
  for (int k = 0; k < i; k++)
    if (!l[k].spelling) return NULL;
  if (l[i].spelling && value) *value = l[i].value;
  return l[i].spelling;
}
