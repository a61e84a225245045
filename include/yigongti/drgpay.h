/**
 * @file drgpay.h
 * @brief DRG payment by the rate method (费率法): relative weights, base
 *        rates per insurance type and hospital level, payment standards,
 *        fund payments, 基础病组, outliers, exclusions and special review.
 *
 * A rate table (doc/formats/drg-rates.md) lists the groups with their
 * relative weight (RW) and flags; the rates and thresholds are set on the
 * table after loading.  Case settlement puts the case statuses and amounts
 * into caller arrays, the scoring totals into a settlement accumulator and
 * the amounts into a ledger (settle.h), so partitions merge exactly.
 *
 * Formulas (every amount rounded once, half away from zero, to the fen;
 * the standard's product is first snapped to 10^-6 fen so that binary
 * noise cannot move an exact half: RW 0.505 × 9947 yuan is 5023.235 and
 * pays 5023.24, as the Wuxi 2022 table does):
 * - standard = base rate[insurance][level] × RW × adjustment[level] ×
 *   institution coefficient; a 基础病组 (basic group) uses the base rate of
 *   #YGT_DRGPAY_BASIC_LEVEL at every level, with neither the level
 *   adjustment nor the institution coefficient (同病同价);
 * - a case whose total cost exceeds high factor[level] × standard, or is
 *   below low factor[level] × standard, is settled by items: its amount is
 *   its total cost (reason HIGH_COST / LOW_COST);
 * - fund = max(0, (amount − fully self-paid − first self-paid −
 *   deductible) × fund ratio[insurance]).
 *
 * @par Threads
 * Configure a table (the setters) before sharing it; once configured it is
 * only read and may be shared between threads.
 */
#ifndef YIGONGTI_DRGPAY_H
#define YIGONGTI_DRGPAY_H

#include <yigongti/common.h>
#include <yigongti/cases.h>
#include <yigongti/drg.h>
#include <yigongti/model.h>
#include <yigongti/settle.h>

YGT_BEGIN_DECLS

/** @brief A DRG rate table with its rates and thresholds. */
typedef struct ygt_drgpay ygt_drgpay;

/** @brief Numeric parameters of a rate table (ygt_drgpay_set()). */
typedef enum ygt_drgpay_param {
  YGT_DRGPAY_MIN_LOS = 0,       /**< Stays of at most this many days (los <= min_los, inclusive) are excluded; 0 for none (default 0). */
  YGT_DRGPAY_MAX_LOS = 1,       /**< Stays of at least this many days (los >= max_los, inclusive) are excluded; 0 for none (default 0). */
  YGT_DRGPAY_SPECIAL_QUOTA = 2, /**< Special-review quota as a share of cases (default 0.05). */
  YGT_DRGPAY_BASIC_LEVEL = 3,   /**< #ygt_hospital_level whose rate 基础病组 use (default 1, 一级). */
  YGT_DRGPAY_FUND_RULE = 4      /**< How the fund's part of a case is computed, a #ygt_drgpay_fund_rule ("fund_rule",
                                     default #YGT_DRGPAY_FUND_RATIO). */
} ygt_drgpay_param;

/**
 * @brief How the fund's part of a settled case is computed (#YGT_DRGPAY_FUND_RULE).
 *
 * The amount of a case is the DRG payment standard (the cost for an
 * outlier).  Under #YGT_DRGPAY_FUND_RATIO the fund pays a share of it set
 * apart from what the patient was charged, so fund + patient share is not
 * the amount.  Under #YGT_DRGPAY_FUND_LESS_SHARE the fund pays what the
 * patient did not: the hospital receives the standard exactly, from two
 * payers, and every yuan of it is paid once.
 */
typedef enum ygt_drgpay_fund_rule {
  /** max(0, (amount − self-paid − first self-paid − deductible) × fund ratio): the national form. */
  YGT_DRGPAY_FUND_RATIO = 0,
  /** max(0, amount − the patient's share), the share being what the patient was charged under the
   *  reimbursement table: self-paid + first self-paid + deductible + co-insurance when the case gives
   *  any of them, else total cost − fund paid (fee for service).  A patient who paid more than the
   *  standard gets nothing back from the fund (the fund pays 0).  A case whose share cannot be
   *  computed falls back to #YGT_DRGPAY_FUND_RATIO. */
  YGT_DRGPAY_FUND_LESS_SHARE = 1
} ygt_drgpay_fund_rule;

/** @brief Per-level parameters of a rate table (ygt_drgpay_set_level()). */
typedef enum ygt_drgpay_level_param {
  YGT_DRGPAY_ADJUST = 0,      /**< Adjustment coefficient of the level (default 1). */
  YGT_DRGPAY_HIGH_FACTOR = 1, /**< High-cost outlier above factor × standard; 0 for none (default 3 at 三级, 2 elsewhere). */
  YGT_DRGPAY_LOW_FACTOR = 2   /**< Low-cost outlier below factor × standard; 0 for none (default 0.4). */
} ygt_drgpay_level_param;

/**
 * @brief Load a rate table (TSV or CSV, doc/formats/drg-rates.md).
 * @param[out] out Receives the table; set to NULL on failure.
 * @param[in] path The file; not NULL.  Columns drg_code and rw are
 *        required; basic_group and per_diem are optional; others are ignored.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (missing column, bad number or
 *         flag); #YGT_ERANGE (negative RW); #YGT_EVALIDATE (duplicate code,
 *         empty table); #YGT_ENOMEM.  Errors name the file, line and column.
 */
YGT_API int ygt_drgpay_load(ygt_drgpay **out, const char *path);

/**
 * @brief Make a rate table from arrays (e.g. weights from ygt_drgpay_weights_from_costs()).
 * @param[out] out Receives the table; set to NULL on failure.
 * @param[in] codes @p n group codes; not NULL; copied.
 * @param[in] rw @p n relative weights (finite, >= 0); not NULL.
 * @param[in] basic @p n 基础病组 flags (0/1); NULL for none.
 * @param n Number of groups (at least 1).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EVALIDATE (duplicate code); #YGT_ENOMEM.
 */
YGT_API int ygt_drgpay_new(ygt_drgpay **out, const char *const *codes, const double *rw, const uint8_t *basic,
                           size_t n);

/**
 * @brief Free a rate table.
 * @param pay The table, or NULL (nothing happens).
 */
YGT_API void ygt_drgpay_free(ygt_drgpay *pay);

/**
 * @brief Number of groups.
 * @param[in] pay The table; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drgpay_group_count(const ygt_drgpay *pay);

/**
 * @brief Index of a group by code.
 * @param[in] pay The table; not NULL.
 * @param[in] code The code; not NULL.
 * @return The index, or -1 when absent.
 */
YGT_API int32_t ygt_drgpay_group_find(const ygt_drgpay *pay, const char *code);

/**
 * @brief Code of a group.
 * @param[in] pay The table; not NULL.
 * @param group A group index.
 * @return A string owned by the table; NULL for a bad index.
 */
YGT_API const char *ygt_drgpay_group_code(const ygt_drgpay *pay, int32_t group);

/**
 * @brief Relative weight and flags of a group.
 * @param[out] rw Receives the RW; may be NULL.
 * @param[out] basic Receives 1 for a 基础病组; may be NULL.
 * @param[out] per_diem Receives 1 for a group paid per diem (excluded); may be NULL.
 * @param[in] pay The table; not NULL.
 * @param group A group index.
 * @return #YGT_OK; #YGT_ERANGE for a bad index.
 */
YGT_API int ygt_drgpay_group_info(double *rw, int *basic, int *per_diem, const ygt_drgpay *pay, int32_t group);

/**
 * @brief Relative weights from cost data, with trimming.
 *
 * Cases whose cost lies outside [trim_low, trim_high] × their group's mean
 * are left out (a bound of 0 disables it); RW_g = trimmed mean of g /
 * trimmed mean of all cases.  Sums are exact integers, so the result does
 * not depend on the order of the cases.
 * @param[out] rw Receives @p ngroups weights (0 for a group without cases); not NULL.
 * @param ngroups Number of groups.
 * @param[in] group @p n group indexes (negative or >= ngroups: ignored); not NULL.
 * @param[in] cost @p n costs in fen (#YGT_CASES_NA64 or negative: ignored); not NULL.
 * @param n Number of cases.
 * @param trim_low Lower trimming factor (0 or in (0, 1]).
 * @param trim_high Upper trimming factor (0 or >= 1).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE (bad factor); #YGT_EVALIDATE
 *         (no case left); #YGT_EOVERFLOW; #YGT_ENOMEM.
 */
YGT_API int ygt_drgpay_weights_from_costs(double *rw, size_t ngroups, const int32_t *group, const int64_t *cost,
                                          size_t n, double trim_low, double trim_high);

/**
 * @brief Base rate from the budget: (fund budget / reimbursement ratio) / Σ N_g × RW_g.
 * @param[out] out Receives the base rate in yuan; not NULL.
 * @param[in] pay The table; not NULL.
 * @param budget_fen The DRG fund budget in fen (>= 0).
 * @param ratio The expected reimbursement ratio, in (0, 1].
 * @param[in] counts Expected cases per group (ygt_drgpay_group_count() entries); not NULL.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EVALIDATE (Σ N × RW is 0).
 */
YGT_API int ygt_drgpay_base_rate_from_budget(double *out, const ygt_drgpay *pay, int64_t budget_fen, double ratio,
                                             const int64_t *counts);

/**
 * @brief Set a base rate.
 * @param[in,out] pay The table; not NULL.
 * @param insurance A #ygt_insurance, or -1 for both.
 * @param level A #ygt_hospital_level, or -1 for every level.
 * @param yuan The rate in yuan per RW (finite, >= 0).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE.
 */
YGT_API int ygt_drgpay_set_base_rate(ygt_drgpay *pay, int insurance, int level, double yuan);

/**
 * @brief A base rate.
 * @param[out] out Receives the rate in yuan; not NULL.
 * @param[in] pay The table; not NULL.
 * @param insurance A #ygt_insurance.
 * @param level A #ygt_hospital_level.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE.
 */
YGT_API int ygt_drgpay_base_rate(double *out, const ygt_drgpay *pay, int insurance, int level);

/**
 * @brief Set the fund ratio of an insurance type (default 1).
 * @param[in,out] pay The table; not NULL.
 * @param insurance A #ygt_insurance, or -1 for both.
 * @param ratio The share of the reimbursable amount the fund pays, in [0, 1].
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE.
 */
YGT_API int ygt_drgpay_set_fund_ratio(ygt_drgpay *pay, int insurance, double ratio);

/**
 * @brief Set a numeric parameter.
 * @param[in,out] pay The table; not NULL.
 * @param key A #ygt_drgpay_param.
 * @param value The value: days >= 0, a quota in [0, 1], a level in range.
 * @return #YGT_OK; #YGT_EINVAL (unknown key); #YGT_ERANGE.
 */
YGT_API int ygt_drgpay_set(ygt_drgpay *pay, int key, double value);

/**
 * @brief A numeric parameter.
 * @param[out] out Receives the value; not NULL.
 * @param[in] pay The table; not NULL.
 * @param key A #ygt_drgpay_param.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_drgpay_get(double *out, const ygt_drgpay *pay, int key);

/**
 * @brief Set a per-level parameter.
 * @param[in,out] pay The table; not NULL.
 * @param level A #ygt_hospital_level, or -1 for every level.
 * @param key A #ygt_drgpay_level_param.
 * @param value The value (finite, >= 0; a low factor at most 1).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE.
 */
YGT_API int ygt_drgpay_set_level(ygt_drgpay *pay, int level, int key, double value);

/**
 * @brief The payment standard of a group, rounded once to the fen.
 * @param[out] out Receives the standard in fen; not NULL.
 * @param[in] pay The table; not NULL.
 * @param group A group index.
 * @param insurance A #ygt_insurance.
 * @param level A #ygt_hospital_level.
 * @param coef The institution's coefficient (1 for none; finite, >= 0).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW.
 */
YGT_API int ygt_drgpay_standard(int64_t *out, const ygt_drgpay *pay, int32_t group, int insurance, int level,
                                double coef);

/**
 * @brief Translate grouper DRG ids (ygt_drg_group()) into table indexes by code.
 * @param[out] out Receives @p n indexes (-1 where the code is not in the table); not NULL.
 * @param[in] pay The table; not NULL.
 * @param[in] pack The DRG pack the ids come from; not NULL.
 * @param[in] drg_ids @p n DRG ids (negative: none); not NULL.
 * @param n Number of ids.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_drgpay_map_pack(int32_t *out, const ygt_drgpay *pay, const ygt_drg_pack *pack,
                                const int32_t *drg_ids, size_t n);

/**
 * @brief Settle cases by the rate method.
 *
 * Rows @p begin .. @p end - 1 are settled; the arrays are indexed by row.
 * The first rule that applies decides (doc/formats/drg-rates.md,
 * Settlement rules): a row problem, no known institution, no insurance type
 * or no total cost makes a case INVALID before any other check (a per-diem
 * group or short stay without a cost is INVALID, NO_COST); cases without a
 * group go to special review (UNMATCHED); cases of a per-diem group or
 * outside the stay limits (both inclusive: los <= min_los, los >= max_los)
 * are EXCLUDED (PER_DIEM, SHORT_STAY, LONG_STAY); cases whose insurance
 * type and level have no base rate (0) are INVALID (NO_INSURANCE).  OK cases add score units RW × coefficients × 10^6
 * to @p acc and their amount and fund payment to @p ledger (both its
 * settlement and budget fields, as the rate method has one price).
 * @param[in,out] acc Scoring totals; may be NULL.
 * @param[in,out] ledger Amounts per institution, insurance and month; may be NULL.
 * @param[out] status Receives #ygt_settle_status per row; may be NULL.
 * @param[out] reason Receives #ygt_settle_reason per row; may be NULL.
 * @param[out] amount Receives the amount (standard or, for outliers, the cost) in fen; may be NULL.
 * @param[out] fund Receives the fund payment in fen; may be NULL.
 * @param[in] pay The table; not NULL.
 * @param[in] model The model giving institution levels; not NULL.
 * @param[in] inst_coef Per-institution coefficients (model order); NULL for 1.
 * @param[in] cases The batch (institution indexes resolved); not NULL.
 * @param[in] group Table indexes per row (negative: no group); not NULL.
 * @param begin First row.
 * @param end One past the last row.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW (then @p acc
 *         and @p ledger are unchanged).
 */
YGT_API int ygt_drgpay_settle(ygt_settle_accum *acc, ygt_settle_accum *ledger, int8_t *status, int8_t *reason,
                              int64_t *amount, int64_t *fund, const ygt_drgpay *pay, const ygt_model *model,
                              const double *inst_coef, const ygt_cases *cases, const int32_t *group, size_t begin,
                              size_t end);

/**
 * @brief One case's settlement by the rate method, explained in numbers an
 *        auditor recomputes its amount and fund payment from.
 *
 * The case is settled as ygt_drgpay_settle() settles it.  For an OK case the
 * text gives the group, insurance type and levels, the four published
 * decimals whose exact product is the standard (RW, level adjustment,
 * institution coefficient, base rate in yuan) and the standard in fen, the
 * cost against the high- and low-cost factors, the amount, and the fund's
 * part with the rule and numbers it came from; otherwise the status and
 * reason.  The words are for people; the numbers are stable.
 * @param[out] trace Receives the text, cut to @p cap bytes and NUL-terminated;
 *        may be NULL when @p cap is 0.
 * @param cap Bytes of @p trace.
 * @param[in] pay The table; not NULL.
 * @param[in] model As ygt_drgpay_settle(); not NULL.
 * @param[in] inst_coef As ygt_drgpay_settle(); NULL for 1.
 * @param[in] cases The batch; not NULL.
 * @param group The case's table index (negative: no group).
 * @param row The case's row.
 * @return The length of the whole text (as snprintf: call with @p cap 0 to
 *         size the buffer); #YGT_EINVAL; #YGT_ERANGE (row outside the batch);
 *         #YGT_EOVERFLOW.
 */
YGT_API int ygt_drgpay_explain(char *trace, size_t cap, const ygt_drgpay *pay, const ygt_model *model,
                               const double *inst_coef, const ygt_cases *cases, int32_t group, size_t row);

/**
 * @brief Special-review cases of merged totals against the quota.
 * @param[out] count Receives the number of special-review cases; not NULL.
 * @param[out] allowed Receives floor(quota × cases seen); not NULL.
 * @param[in] acc The merged accumulator; not NULL.
 * @param[in] pay The table; not NULL.
 * @return 1 if the count exceeds the quota, 0 if not, #YGT_EINVAL.
 */
YGT_API int ygt_drgpay_special_review(int64_t *count, int64_t *allowed, const ygt_settle_accum *acc,
                                      const ygt_drgpay *pay);

YGT_END_DECLS

#endif /* YIGONGTI_DRGPAY_H */
