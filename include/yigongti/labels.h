/**
 * @file labels.h
 * @brief The spellings accepted for the enumerations a 医保 export carries:
 *        insurance type, hospital level, tier, setting and sex.
 *
 * Every loader of the library (cases, schemes, budgets, models, referral
 * rules, per-diem bands, encounters, casemixes) and both bindings parse these
 * fields through one table, so that a file accepted by one reader is accepted
 * by all.  The table is listed in doc/formats/labels.md; ygt_label_spelling()
 * enumerates it at run time.  Matching is exact (UTF-8 bytes, case matters).
 */
#ifndef YIGONGTI_LABELS_H
#define YIGONGTI_LABELS_H

#include <yigongti/common.h>

YGT_BEGIN_DECLS

/** @brief The enumerations that have a table of accepted spellings. */
typedef enum ygt_label_set {
  YGT_LABELS_INSURANCE = 0, /**< #ygt_insurance: "employee", "职工", "职工医保", "0", "310", ... */
  YGT_LABELS_LEVEL = 1,     /**< #ygt_hospital_level: "3A", "三级甲等", "三甲", ... */
  YGT_LABELS_TIER = 2,      /**< #ygt_tier: "county", "县级", ... */
  YGT_LABELS_SETTING = 3,   /**< #ygt_setting: "inpatient", "住院", ... */
  YGT_LABELS_SEX = 4        /**< #ygt_sex: "male", "男", "1", ... */
} ygt_label_set;

/** @brief Sex, with the values of GB/T 2261.1 (the codes are the values). */
typedef enum ygt_sex {
  YGT_SEX_UNKNOWN = 0,    /**< 未知的性别 ("unknown", code 0). */
  YGT_SEX_MALE = 1,       /**< 男 ("male", code 1). */
  YGT_SEX_FEMALE = 2,     /**< 女 ("female", code 2). */
  YGT_SEX_UNSPECIFIED = 9 /**< 未说明的性别 ("unspecified", code 9). */
} ygt_sex;

/**
 * @brief Parse one spelling of an enumeration's value.
 * @param[out] out Receives the value (e.g. #YGT_INSURANCE_RESIDENT); unchanged on failure.
 * @param[in] set A #ygt_label_set.
 * @param[in] text The spelling, UTF-8; must not be NULL.  Matched exactly, no trimming.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or an unknown @p set;
 *         #YGT_ENOTFOUND for a spelling the table does not list (the message
 *         names the enumeration and the spelling).
 */
YGT_API int ygt_label_parse(int *out, int set, const char *text);

/**
 * @brief The @p i-th accepted spelling of an enumeration, for listings and bindings.
 * @param[in] set A #ygt_label_set.
 * @param[in] i 0, 1, 2, ... in table order (English name first for each value).
 * @param[out] value Receives the value the spelling stands for; may be NULL.
 * @return A static UTF-8 string, or NULL past the end or for an unknown @p set.
 */
YGT_API const char *ygt_label_spelling(int set, int i, int *value);

/**
 * @brief Name of an enumeration with a spelling table, as in messages ("insurance type", "sex").
 * @param[in] set A #ygt_label_set.
 * @return A static string, or NULL for an unknown @p set.
 */
YGT_API const char *ygt_label_set_name(int set);

YGT_END_DECLS

#endif /* YIGONGTI_LABELS_H */
