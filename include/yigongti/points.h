/**
 * @file points.h
 * @brief DRG point method (点数法, Zhejiang 2019 / Jinhua 2017): base points,
 *        difference coefficients, complete, incomplete, low- and high-cost
 *        stays, per-diem points, readmissions, small groups, the point value
 *        from the budget, monthly prepayment and annual clearing.
 *
 * A point table (doc/formats/drg-points.md) lists the groups with their
 * base points and mean cost.  ygt_points_score() gives every case its
 * points in score units (#YGT_SETTLE_SCORE_UNIT per point) and adds them to
 * a settlement accumulator; after merging, ygt_points_finalise() makes the
 * point values (a #ygt_settle_values), and ygt_settle_price(),
 * ygt_settle_prepayment() and ygt_settle_clearing() do the rest.
 *
 * Case points (base B, coefficient k, group mean cost M, case cost C):
 * - complete stay: B × k;
 * - high cost is tested first: a stay above the high-cost line below is
 *   paid as high-cost even when it is also incomplete;
 * - incomplete stay (leaving type in #YGT_POINTS_INCOMPLETE_MASK) or low
 *   cost (C < #YGT_POINTS_LOW_RATIO × M): B × k × C / M, capped at B
 *   (variant #YGT_POINTS_LOW_CAP 1: capped at B × k);
 * - high cost (C > f × M, f by the band of B): B × k + (C − f × M) /
 *   (A / 100), A the area mean cost (#YGT_POINTS_AREA_MEAN_COST; 0 means
 *   M × 100 / B, the same price of a point) [inferred]; variant
 *   #YGT_POINTS_HIGH_VARIANT 1 multiplies the extra points by k;
 * - per-diem group: daily points × length of stay;
 * - the earlier stay of a readmission (ygt_points_readmissions()) is
 *   multiplied by #YGT_POINTS_READMIT_FACTOR.
 *
 * Difference coefficient k by #YGT_POINTS_COEF_MODE: the institution's
 * (ygt_points_set_institution_coefs()), the level's, or w1 × institution +
 * w2 × level.  A level without a coefficient takes
 * #YGT_POINTS_MISSING_BELOW × the nearest higher level's that has one, else
 * #YGT_POINTS_MISSING_ABOVE × the nearest lower one's, else 1 (levels in
 * the order of #ygt_hospital_level).
 *
 * @par Threads
 * Configure a table before sharing it; once configured it is only read.
 */
#ifndef YIGONGTI_POINTS_H
#define YIGONGTI_POINTS_H

#include <yigongti/common.h>
#include <yigongti/cases.h>
#include <yigongti/model.h>
#include <yigongti/settle.h>

YGT_BEGIN_DECLS

/** @brief A point table with its parameters. */
typedef struct ygt_points ygt_points;

/** @brief Numeric parameters of the point method (ygt_points_set()). */
typedef enum ygt_points_param {
  YGT_POINTS_LOW_RATIO = 0,         /**< Low-cost stay below ratio × group mean cost (default 0.4). */
  YGT_POINTS_BAND1_MAX = 1,         /**< Upper bound of the first base-point band (default 100). */
  YGT_POINTS_BAND2_MAX = 2,         /**< Upper bound of the second band (default 300). */
  YGT_POINTS_HIGH_FACTOR1 = 3,      /**< High-cost factor of the first band (default 3) [inferred]. */
  YGT_POINTS_HIGH_FACTOR2 = 4,      /**< High-cost factor of the second band (default 2) [inferred]. */
  YGT_POINTS_HIGH_FACTOR3 = 5,      /**< High-cost factor above the second band (default 1.5) [inferred]. */
  YGT_POINTS_HIGH_VARIANT = 6,      /**< 0: extra points without the coefficient; 1: × coefficient (default 0). */
  YGT_POINTS_AREA_MEAN_COST = 7,    /**< Area mean cost per case in yuan; 0: derived per group (default 0). */
  YGT_POINTS_VALUE_VARIANT = 8,     /**< Point value: 0 (fund + patients' share) / points [inferred]; 1 fund / points (default 0). */
  YGT_POINTS_READMIT_DAYS = 9,      /**< Readmission window in days; 0 disables (default 15). */
  YGT_POINTS_READMIT_FACTOR = 10,   /**< Factor of the earlier stay's points (default 0.5). */
  YGT_POINTS_MIN_GROUP_CASES = 11,  /**< Groups with fewer cases go to special review (default 5). */
  YGT_POINTS_PREPAY_RATIO = 12,     /**< Share paid monthly (default 0.85). */
  YGT_POINTS_COEF_MODE = 13,        /**< 0 institution, 1 level, 2 blend (default 1). */
  YGT_POINTS_BLEND_INST = 14,       /**< w1 of the blend (default 0.5). */
  YGT_POINTS_BLEND_LEVEL = 15,      /**< w2 of the blend (default 0.5). */
  YGT_POINTS_MISSING_BELOW = 16,    /**< Missing level: this × the next higher level's (default 0.9). */
  YGT_POINTS_MISSING_ABOVE = 17,    /**< Else this × the next lower level's (default 1.1). */
  YGT_POINTS_INCOMPLETE_MASK = 18,  /**< Leaving types that make a stay incomplete, bit 1 << type (default 20: types 2 and 4). */
  YGT_POINTS_LOW_CAP = 19,          /**< 0: low/incomplete points capped at B; 1: at B × k (default 0). */
  YGT_POINTS_SPECIAL_QUOTA = 20,    /**< Special-review quota as a share of cases (default 0.05). */
  YGT_POINTS_FUND_FROM_CASES = 21   /**< 1: an insurance type without a fund (ygt_points_set_fund()) takes the fund
                                         payments recorded on its scored cases (#YGT_FIELD_FUND_PAID) — the
                                         same money shared by points, budget-neutral; 0: no fund (default 0). */
} ygt_points_param;

/**
 * @brief Load a point table (TSV or CSV, doc/formats/drg-points.md).
 * @param[out] out Receives the table; set to NULL on failure.
 * @param[in] path The file; not NULL.  Columns group_code, base_points and
 *        mean_cost are required; per_diem_points and readmit_exempt optional.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE; #YGT_ERANGE; #YGT_EVALIDATE
 *         (duplicate or empty); #YGT_ENOMEM.  Errors name file, line, column.
 */
YGT_API int ygt_points_load(ygt_points **out, const char *path);

/**
 * @brief Base points from cost data: ygt_drgpay_weights_from_costs() × 100.
 * @param[out] points Receives @p ngroups base points; not NULL.
 * @param ngroups Number of groups.
 * @param[in] group @p n group indexes; not NULL.
 * @param[in] cost @p n costs in fen; not NULL.
 * @param n Number of cases.
 * @param trim_low Lower trimming factor (0: none).
 * @param trim_high Upper trimming factor (0: none).
 * @return As ygt_drgpay_weights_from_costs().
 */
YGT_API int ygt_points_base_from_costs(double *points, size_t ngroups, const int32_t *group, const int64_t *cost,
                                       size_t n, double trim_low, double trim_high);

/**
 * @brief Free a point table.
 * @param points The table, or NULL (nothing happens).
 */
YGT_API void ygt_points_free(ygt_points *points);

/**
 * @brief Number of groups.
 * @param[in] points The table; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_points_group_count(const ygt_points *points);

/**
 * @brief Index of a group by code.
 * @param[in] points The table; not NULL.
 * @param[in] code The code; not NULL.
 * @return The index, or -1.
 */
YGT_API int32_t ygt_points_group_find(const ygt_points *points, const char *code);

/**
 * @brief Set a numeric parameter.
 * @param[in,out] points The table; not NULL.
 * @param key A #ygt_points_param.
 * @param value The value (finite, >= 0; variants and modes are integers in range; ratios and weights at most 1 where they are shares).
 * @return #YGT_OK; #YGT_EINVAL (unknown key); #YGT_ERANGE.
 */
YGT_API int ygt_points_set(ygt_points *points, int key, double value);

/**
 * @brief A numeric parameter.
 * @param[out] out Receives the value; not NULL.
 * @param[in] points The table; not NULL.
 * @param key A #ygt_points_param.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_points_get(double *out, const ygt_points *points, int key);

/**
 * @brief Set the coefficient of a hospital level.
 * @param[in,out] points The table; not NULL.
 * @param level A #ygt_hospital_level.
 * @param coef The coefficient (finite, > 0), or 0 to mark it missing.
 * @return #YGT_OK; #YGT_ERANGE.
 */
YGT_API int ygt_points_set_level_coef(ygt_points *points, int level, double coef);

/**
 * @brief The coefficient of a level, with the missing-level rule applied.
 * @param[out] out Receives the coefficient; not NULL.
 * @param[in] points The table; not NULL.
 * @param level A #ygt_hospital_level.
 * @return #YGT_OK; #YGT_ERANGE.
 */
YGT_API int ygt_points_level_coef(double *out, const ygt_points *points, int level);

/**
 * @brief Set the institutions' own coefficients (model order).
 * @param[in,out] points The table; not NULL.
 * @param[in] coefs @p n coefficients (finite, > 0); copied; NULL with n 0 clears them (all 1).
 * @param n Number of institutions.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_ENOMEM.
 */
YGT_API int ygt_points_set_institution_coefs(ygt_points *points, const double *coefs, size_t n);

/**
 * @brief Set the point-method fund of an insurance type for the year.
 * @param[in,out] points The table; not NULL.
 * @param insurance A #ygt_insurance.
 * @param fund_fen The fund budget in fen (>= 0).
 * @param budget_value Point value for monthly prepayment in yuan per point;
 *        0 to prepay at the settlement point value.
 * @return #YGT_OK; #YGT_ERANGE.
 */
YGT_API int ygt_points_set_fund(ygt_points *points, int insurance, int64_t fund_fen, double budget_value);

/**
 * @brief Mark the earlier stays of readmissions (a whole year, one pass).
 *
 * A stay is marked when the same patient has a later stay in the same
 * group — admitted on a later day, or the same day and discharged later —
 * admitted within #YGT_POINTS_READMIT_DAYS days of its discharge, unless
 * the group is exempt (readmit_exempt, e.g. chemotherapy).  The admission
 * day is the discharge date minus the stay when absent.  Only patients,
 * groups and days count: the order of the rows never changes the marks
 * (doc/formats/drg-points.md, Readmissions).
 * @param[out] earlier Receives 1 for a marked stay, else 0 (@p n entries); not NULL.
 * @param[in] points The table; not NULL.
 * @param[in] cases The batch; not NULL.
 * @param[in] patient Patient keys per row (negative: unknown, never marked); not NULL.
 * @param[in] group Group indexes per row; not NULL.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ENOMEM.
 */
YGT_API int ygt_points_readmissions(uint8_t *earlier, const ygt_points *points, const ygt_cases *cases,
                                    const int64_t *patient, const int32_t *group);

/**
 * @brief Count cases per group (for the small-group rule).
 * @param[out] counts Receives ygt_points_group_count() counts, added to (zero them first); not NULL.
 * @param[in] points The table; not NULL.
 * @param[in] group @p n group indexes (others ignored); not NULL.
 * @param n Number of rows.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_points_group_counts(int64_t *counts, const ygt_points *points, const int32_t *group, size_t n);

/**
 * @brief Score cases: points in score units, statuses, reasons.
 *
 * Rows @p begin .. @p end - 1; the arrays are indexed by row.  Cases
 * without a group, or of a group with fewer than
 * #YGT_POINTS_MIN_GROUP_CASES cases in @p counts, go to special review.
 * @param[in,out] acc Receives the totals; may be NULL.
 * @param[out] status Receives #ygt_settle_status; not NULL.
 * @param[out] reason Receives #ygt_settle_reason; may be NULL.
 * @param[out] score_units Receives the points × #YGT_SETTLE_SCORE_UNIT; not NULL.
 * @param[in] points The table; not NULL.
 * @param[in] model The model giving levels; not NULL.
 * @param[in] cases The batch; not NULL.
 * @param[in] group Group indexes per row; not NULL.
 * @param[in] earlier Readmission marks from ygt_points_readmissions(); may be NULL.
 * @param[in] counts Cases per group of the whole year; NULL disables the small-group rule.
 * @param begin First row.
 * @param end One past the last row.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW (@p acc unchanged); #YGT_ENOMEM.
 */
YGT_API int ygt_points_score(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *score_units,
                             const ygt_points *points, const ygt_model *model, const ygt_cases *cases,
                             const int32_t *group, const uint8_t *earlier, const int64_t *counts, size_t begin,
                             size_t end);

/**
 * @brief Point values of merged totals: (fund + patients' share of the
 *        scored cases) / Σ points per insurance type (variant 1: fund / Σ
 *        points).  Price cases with ygt_settle_price().
 * @param[out] out Receives the values; set to NULL on failure.
 * @param[in] acc The merged accumulator of ygt_points_score(); not NULL.
 * @param[in] points The table; not NULL.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ENOMEM.
 */
YGT_API int ygt_points_finalise(ygt_settle_values **out, const ygt_settle_accum *acc, const ygt_points *points);

YGT_END_DECLS

#endif /* YIGONGTI_POINTS_H */
