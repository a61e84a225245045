/**
 * @file settle.h
 * @brief Settlement machinery shared by the payment methods (DIP, DRG rate
 *        and point methods): parameter sets with provenance, accumulators
 *        that merge exactly, point values, pricing, monthly prepayment and
 *        year-end clearing.
 *
 * A year is settled in three steps, each of which may run per partition
 * (by month, by hospital, in several processes):
 * 1. a method (e.g. ygt_dip_score()) gives every case a status and a score
 *    in integer units of 10^-6 point (#YGT_SETTLE_SCORE_UNIT per point,
 *    rounded once per case, half away from zero) and adds it to an
 *    accumulator;
 * 2. the accumulators are merged (ygt_settle_accum_merge(), exact integer
 *    sums) and ygt_settle_finalise() turns the totals into point values per
 *    insurance type;
 * 3. ygt_settle_price() prices the cases of each partition: every case
 *    amount is rounded once to the fen and added to a ledger (another
 *    accumulator); ledgers merge like accumulators.
 * Because every total is a sum of integers fixed per case, results are
 * bit-identical whatever the order of the cases and however they are split.
 *
 * Money is int64 fen; point values are reported in yuan per point.
 *
 * @par Threads
 * Parameter sets and values are immutable and may be shared.  An
 * accumulator belongs to one thread at a time; give each thread its own and
 * merge them.
 */
#ifndef YIGONGTI_SETTLE_H
#define YIGONGTI_SETTLE_H

#include <yigongti/common.h>
#include <yigongti/cases.h>

YGT_BEGIN_DECLS

/** @brief A payment parameter set with its provenance (immutable). */
typedef struct ygt_settle_params ygt_settle_params;
/** @brief Mergeable totals per institution, insurance type and month (mutable). */
typedef struct ygt_settle_accum ygt_settle_accum;
/** @brief Point values and the numbers they came from (immutable). */
typedef struct ygt_settle_values ygt_settle_values;

/** @brief Score units per point: case scores are integers of 10^-6 point. */
#define YGT_SETTLE_SCORE_UNIT 1000000

/** @brief Status of a case after settlement.  Values are ABI. */
typedef enum ygt_settle_status {
  YGT_SETTLE_OK = 0,             /**< Scored and paid by the method. */
  YGT_SETTLE_INVALID = 1,        /**< Not settled: the record is unusable (see the reason). */
  YGT_SETTLE_EXCLUDED = 2,       /**< Excluded from the method by a parameter (e.g. long stay). */
  YGT_SETTLE_SPECIAL_REVIEW = 3  /**< 特例单议: unmatched or extreme cost; settled after expert review. */
} ygt_settle_status;

/** @brief Why a case has its status (or how it was scored).  Values are ABI. */
typedef enum ygt_settle_reason {
  YGT_REASON_NONE = 0,          /**< Normal case. */
  YGT_REASON_ROW_PROBLEM = 1,   /**< The row has a problem flag (malformed field or unknown code). */
  YGT_REASON_NO_PDX = 2,        /**< No principal diagnosis. */
  YGT_REASON_NO_INSTITUTION = 3,/**< Institution missing or not in the model. */
  YGT_REASON_NO_INSURANCE = 4,  /**< Insurance type missing or without parameters. */
  YGT_REASON_NO_COST = 5,       /**< Total cost missing. */
  YGT_REASON_UNMATCHED = 6,     /**< No group matched (special review). */
  YGT_REASON_EXTREME_COST = 7,  /**< Cost ratio above the extreme threshold (special review). */
  YGT_REASON_LOW_COST = 8,      /**< Scored as a low-cost deviation case. */
  YGT_REASON_HIGH_COST = 9,     /**< Scored as a high-cost deviation case. */
  YGT_REASON_LONG_STAY = 10,    /**< Excluded: stay longer than the parameter allows. */
  YGT_REASON_DAY_SURGERY = 11,  /**< Scored as day surgery (no deviation adjustment). */
  YGT_REASON_SHORT_STAY = 12,   /**< Excluded: stay shorter than the parameter allows. */
  YGT_REASON_PER_DIEM = 13,     /**< Paid per diem: excluded by the DRG rate method; scored per day by the point method and per-diem payment. */
  YGT_REASON_READMISSION = 14,  /**< Scored with the readmission reduction (point method). */
  YGT_REASON_SMALL_GROUP = 15,  /**< Special review: the group has too few cases (point method). */
  YGT_REASON_INCOMPLETE = 16,   /**< Scored as an incomplete stay (point method). */
  YGT_REASON_OUT_OF_AREA = 17,  /**< Excluded by a scheme: treated out of the province (省外), settled by the treating place's rules and paid fee for service. */
  YGT_REASON_NOT_GROUPED = 18   /**< Special review: the principal diagnosis or procedure is on a DIP 3.0 not-grouped list. */
} ygt_settle_reason;

/** @brief Numeric parameters, read with ygt_settle_params_get(). */
typedef enum ygt_settle_param {
  YGT_PARAM_DEV_LOW = 0,           /**< Low-cost threshold of the cost ratio (default 0.5). */
  YGT_PARAM_DEV_HIGH = 1,          /**< High-cost threshold (default 2). */
  YGT_PARAM_DEV_EXTREME = 2,       /**< Extreme threshold: special review above it (default 5). */
  YGT_PARAM_DEV_HIGH_OFFSET = 3,   /**< High-cost coefficient = ratio - this (default 1). */
  YGT_PARAM_SPECIAL_QUOTA = 4,     /**< Special-review quota as a share of cases (default 0.005). */
  YGT_PARAM_PREPAY_RATIO = 5,      /**< Share of the budget-priced fund paid monthly (default 1). */
  YGT_PARAM_GRASSROOTS_COEF = 6,   /**< Level coefficient of 基层病种 at every level (default 1). */
  YGT_PARAM_DAY_SURGERY_COEF = 7,  /**< Coefficient of day-surgery cases (default 1). */
  YGT_PARAM_MAX_LOS_DAYS = 8,      /**< Stays longer than this are excluded; 0 for no limit (default 0). */
  YGT_PARAM_AUX_MAX = 9            /**< 1 if the largest auxiliary coefficient wins, 0 if they multiply (default 0). */
} ygt_settle_param;

/** @brief Totals kept per institution, insurance type and month. */
typedef enum ygt_settle_field {
  YGT_FIELD_CASES = 0,          /**< Cases seen. */
  YGT_FIELD_OK = 1,             /**< Cases with status OK. */
  YGT_FIELD_INVALID = 2,        /**< Cases with status INVALID. */
  YGT_FIELD_EXCLUDED = 3,       /**< Cases with status EXCLUDED. */
  YGT_FIELD_SPECIAL_REVIEW = 4, /**< Cases with status SPECIAL_REVIEW. */
  YGT_FIELD_LOW_COST = 5,       /**< OK cases scored as low-cost deviation. */
  YGT_FIELD_HIGH_COST = 6,      /**< OK cases scored as high-cost deviation. */
  YGT_FIELD_SCORE_UNITS = 7,    /**< Sum of case scores of OK cases, in score units. */
  YGT_FIELD_BASE_UNITS = 8,     /**< Sum of the groups' RW of OK cases (Σ RW × N), in score units. */
  YGT_FIELD_TOTAL_COST = 9,     /**< Total cost of OK cases, fen. */
  YGT_FIELD_PATIENT_SHARE = 10, /**< Patients' share of OK cases, fen. */
  YGT_FIELD_FUND_PAID = 11,     /**< Fund payments recorded on OK cases (as billed), fen. */
  YGT_FIELD_AMOUNT = 12,        /**< Ledger: Σ case amounts at the settlement point value, fen. */
  YGT_FIELD_FUND = 13,          /**< Ledger: Σ (case amount - patients' share), fen. */
  YGT_FIELD_BUDGET_AMOUNT = 14, /**< Ledger: Σ case amounts at the budget point value, fen. */
  YGT_FIELD_BUDGET_FUND = 15    /**< Ledger: Σ (budget amount - patients' share), fen. */
} ygt_settle_field;

/** @brief Numbers of a #ygt_settle_values, read with ygt_settle_values_get(). */
typedef enum ygt_settle_value {
  YGT_VALUE_POINT_VALUE = 0,    /**< Settlement point value, yuan per point. */
  YGT_VALUE_BUDGET_POINT_VALUE = 1, /**< Budget point value, yuan per point. */
  YGT_VALUE_TOTAL_POINTS = 2,   /**< Σ case scores (points) the value divides by. */
  YGT_VALUE_FUND_BASE = 3,      /**< Fund for the method / reimbursement ratio, yuan. */
  YGT_VALUE_POINT_VALUE_FEN = 4 /**< Settlement point value in fen per point: the exact double
                                     ygt_settle_price() multiplies by (for a trace that recomputes it). */
} ygt_settle_value;

/**
 * @brief #YGT_SETTLE_SCORE_UNIT, for bindings that cannot read macros.
 * @return 1000000.
 */
YGT_API int64_t ygt_settle_score_unit(void);

/**
 * @brief Name of a status ("ok", "invalid", "excluded", "special_review").
 * @param status A #ygt_settle_status.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_settle_status_name(int status);

/**
 * @brief Name of a reason ("none", "row_problem", ..., "not_grouped").
 * @param reason A #ygt_settle_reason.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_settle_reason_name(int reason);

/**
 * @brief Name of an accumulator field ("cases", "score_units", ...).
 * @param field A #ygt_settle_field.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_settle_field_name(int field);

/**
 * @brief Load a parameter set from a JSON file (doc/formats/settle-params.md).
 * @param[out] out Receives the parameter set; set to NULL on failure.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (syntax, wrong type, unknown key);
 *         #YGT_EUNSUPPORTED (format); #YGT_ERANGE; #YGT_EVALIDATE;
 *         #YGT_ENOTFOUND (unknown level or insurance type); #YGT_ENOMEM.
 *         Errors name the file, the line and the field path.
 */
YGT_API int ygt_settle_params_load(ygt_settle_params **out, const char *path);

/**
 * @brief Parse a parameter set from JSON text.
 * @param[out] out Receives the parameter set; set to NULL on failure.
 * @param[in] json The JSON text; not NULL.
 * @param[in] source Name used in error messages and to resolve the relative
 *        "model" path; NULL means "<string>".
 * @return As ygt_settle_params_load() (without #YGT_EIO).
 */
YGT_API int ygt_settle_params_parse(ygt_settle_params **out, const char *json, const char *source);

/**
 * @brief A parameter set for a population @p scale times the one its
 *        whole-county amounts were set for (a county generated at
 *        population_scale, as ygt_budget_scale() does for budgets).
 *
 * Each insurance type's fund and history costs are multiplied by @p scale
 * and rounded once to the fen, half away from zero; the expected scores
 * ("budget_scores") are multiplied too.  Ratios, coefficients, thresholds,
 * growth and provenance are copied unchanged.  The copy does not depend on
 * @p params.
 * @param[out] out Receives the copy; set to NULL on failure.
 * @param[in] params The parameter set; not NULL.
 * @param scale The population multiplier, in (0, 1e6].
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE (scale); #YGT_EOVERFLOW;
 *         #YGT_ENOMEM.
 */
YGT_API int ygt_settle_params_scale(ygt_settle_params **out, const ygt_settle_params *params, double scale);

/**
 * @brief Free a parameter set.
 * @param params The set, or NULL (nothing happens).
 */
YGT_API void ygt_settle_params_free(ygt_settle_params *params);

/**
 * @brief Identifier of the parameter set ("id" in the file).
 * @param[in] params The set; not NULL.
 * @return A string owned by the set.
 */
YGT_API const char *ygt_settle_params_id(const ygt_settle_params *params);

/**
 * @brief A provenance field of the set.
 * @param[in] params The set; not NULL.
 * @param[in] key "document", "locality", "period_from", "period_to",
 *        "method", "note", "source" (the file) or "model" (the model path
 *        resolved against the file's directory, "" if none); not NULL.
 * @return A string owned by the set ("" when not given); NULL for an unknown key.
 */
YGT_API const char *ygt_settle_params_provenance(const ygt_settle_params *params, const char *key);

/**
 * @brief A numeric parameter.
 * @param[out] out Receives the value; not NULL.
 * @param[in] params The set; not NULL.
 * @param key A #ygt_settle_param.
 * @return #YGT_OK; #YGT_EINVAL for an unknown key.
 */
YGT_API int ygt_settle_params_get(double *out, const ygt_settle_params *params, int key);

/**
 * @brief The hospital-level coefficient (1 where the file gives none).
 * @param[out] out Receives the coefficient; not NULL.
 * @param[in] params The set; not NULL.
 * @param level A #ygt_hospital_level.
 * @return #YGT_OK; #YGT_ERANGE for a level out of range.
 */
YGT_API int ygt_settle_params_level_coef(double *out, const ygt_settle_params *params, int level);

/**
 * @brief Whether an insurance type has parameters (a fund and a ratio).
 * @param[in] params The set; not NULL.
 * @param insurance A #ygt_insurance.
 * @return 1 or 0.
 */
YGT_API int ygt_settle_params_has_insurance(const ygt_settle_params *params, int insurance);

/**
 * @brief Create an empty accumulator.
 * @param[out] out Receives the accumulator; set to NULL on failure.
 * @param institutions Number of institutions (the model's count); cases
 *        without a valid institution are kept in one extra slot.
 * @return #YGT_OK; #YGT_ELIMIT above 2^20 institutions; #YGT_EINVAL; #YGT_ENOMEM.
 */
YGT_API int ygt_settle_accum_new(ygt_settle_accum **out, size_t institutions);

/**
 * @brief Free an accumulator.
 * @param acc The accumulator, or NULL (nothing happens).
 */
YGT_API void ygt_settle_accum_free(ygt_settle_accum *acc);

/**
 * @brief Number of institutions the accumulator was made for.
 * @param[in] acc The accumulator; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_settle_accum_institutions(const ygt_settle_accum *acc);

/**
 * @brief Add one scored case (for methods other than DIP, and for tests).
 * @param[in,out] acc The accumulator; not NULL.
 * @param institution Institution index; negative or too large for "unknown".
 * @param insurance #ygt_insurance; anything else counts as unknown.
 * @param month 1-12; anything else counts as month 0 (unknown).
 * @param status A #ygt_settle_status.
 * @param reason A #ygt_settle_reason (LOW_COST and HIGH_COST are counted).
 * @param score_units The case score in score units (OK cases only).
 * @param base_units The group's RW in score units (OK cases only).
 * @param total_cost Total cost, fen (OK cases only).
 * @param patient_share The patients' share, fen (OK cases only).
 * @param fund_paid The fund payment as billed, fen (OK cases only).
 * @return #YGT_OK; #YGT_EINVAL for a bad status; #YGT_EOVERFLOW (nothing added).
 */
YGT_API int ygt_settle_accum_add(ygt_settle_accum *acc, int32_t institution, int insurance, int month,
                                 int status, int reason, int64_t score_units, int64_t base_units,
                                 int64_t total_cost, int64_t patient_share, int64_t fund_paid);

/**
 * @brief Add every total of another accumulator (exact; order-independent).
 * @param[in,out] acc The accumulator; not NULL; unchanged on failure.
 * @param[in] other Another accumulator with the same institution count; not NULL.
 * @return #YGT_OK; #YGT_EINVAL for different sizes; #YGT_EOVERFLOW.
 */
YGT_API int ygt_settle_accum_merge(ygt_settle_accum *acc, const ygt_settle_accum *other);

/**
 * @brief A total.
 * @param[out] out Receives the total; not NULL.
 * @param[in] acc The accumulator; not NULL.
 * @param field A #ygt_settle_field.
 * @param institution An institution index, -1 for all, or the count for
 *        the "unknown institution" slot.
 * @param insurance A #ygt_insurance, 2 for unknown, or -1 for all.
 * @param month 0-12 (0: unknown month), or -1 for all.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW.
 */
YGT_API int ygt_settle_accum_total(int64_t *out, const ygt_settle_accum *acc, int field,
                                   int32_t institution, int insurance, int month);

/**
 * @brief Compute the point values from merged accumulator totals.
 *
 * Per insurance type with parameters: settlement point value = (fund /
 * reimbursement ratio) / Σ case scores; budget point value = weighted
 * history cost (weights default 1:2:7) × (1 + growth) / expected scores
 * (the file's "budget_scores", else Σ RW × N of the accumulated cases).
 * A type without scores gets point value 0.
 * @param[out] out Receives the values; set to NULL on failure.
 * @param[in] acc The merged scoring accumulator; not NULL.
 * @param[in] params The parameter set; not NULL; need not outlive the values.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ENOMEM.
 */
YGT_API int ygt_settle_finalise(ygt_settle_values **out, const ygt_settle_accum *acc,
                                const ygt_settle_params *params);

/**
 * @brief Free point values.
 * @param values The values, or NULL (nothing happens).
 */
YGT_API void ygt_settle_values_free(ygt_settle_values *values);

/**
 * @brief A number of the values.
 * @param[out] out Receives the number; not NULL.
 * @param[in] values The values; not NULL.
 * @param what A #ygt_settle_value.
 * @param insurance A #ygt_insurance.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_settle_values_get(double *out, const ygt_settle_values *values, int what, int insurance);

/**
 * @brief The id of the parameter set the values were made with.
 * @param[in] values The values; not NULL.
 * @return A string owned by the values.
 */
YGT_API const char *ygt_settle_values_params_id(const ygt_settle_values *values);

/**
 * @brief Special-review cases against the quota.
 * @param[out] count Receives the number of special-review cases; not NULL.
 * @param[out] allowed Receives floor(quota × cases seen); not NULL.
 * @param[in] values The values; not NULL.
 * @return 1 if the count exceeds the quota, 0 if not.
 */
YGT_API int ygt_settle_values_special_review(int64_t *count, int64_t *allowed, const ygt_settle_values *values);

/**
 * @brief Price scored cases: amount = score × point value rounded once,
 *        half away from zero, to the fen; fund = amount - patients' share.
 *
 * Rows @p begin .. @p end - 1 are priced; the arrays are indexed by row
 * (they hold at least @p end entries).  Cases whose status is not OK get
 * 0.  Budget amounts (at the budget point value) go to the ledger only.
 * @param[in,out] ledger Receives the amounts per institution, insurance
 *        type and month; may be NULL.
 * @param[out] amount Receives case amounts in fen; may be NULL.
 * @param[out] fund Receives case fund payments in fen; may be NULL.
 * @param[in] values The point values; not NULL.
 * @param[in] cases The batch the scores belong to; not NULL.
 * @param[in] status Case statuses from the method; not NULL.
 * @param[in] score_units Case scores from the method; not NULL.
 * @param begin First row.
 * @param end One past the last row (at most the row count).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW (the ledger is
 *         then unchanged).
 */
YGT_API int ygt_settle_price(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund,
                             const ygt_settle_values *values, const ygt_cases *cases,
                             const int8_t *status, const int64_t *score_units, size_t begin, size_t end);

/**
 * @brief The patients' share of a case that ygt_settle_price() takes from
 *        the amount: self_paid + first_self_paid + deductible + coinsurance
 *        (the ones given), else total_cost - fund_paid; 0 when negative.
 * @param[out] out Receives the share in fen, or #YGT_CASES_NA64 when the
 *        case gives none of these columns (the fund is then the amount); not NULL.
 * @param[in] cases The batch; not NULL.
 * @param row A row index.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE for a bad row.
 */
YGT_API int ygt_settle_patient_share(int64_t *out, const ygt_cases *cases, size_t row);

/**
 * @brief Explain the price of one scored case as ygt_settle_price() computes
 *        it: the insurance type, score units × the point value in fen per
 *        point (#YGT_VALUE_POINT_VALUE_FEN, printed so that it reads back
 *        exactly) ÷ #YGT_SETTLE_SCORE_UNIT, rounded half away from zero to
 *        the fen, less the patients' share (ygt_settle_patient_share()).
 *        A case that is not OK is priced 0 and says why.
 * @param[out] trace Receives the text (truncated to @p cap); may be NULL when @p cap is 0.
 * @param cap Size of @p trace.
 * @param[in] values The point values; not NULL.
 * @param[in] cases The batch; not NULL.
 * @param status The case's #ygt_settle_status from the method.
 * @param score_units The case's score from the method.
 * @param row A row index.
 * @return The length of the full text; #YGT_EINVAL; #YGT_ERANGE;
 *         #YGT_EOVERFLOW as ygt_settle_price().
 */
YGT_API int ygt_settle_price_explain(char *trace, size_t cap, const ygt_settle_values *values,
                                     const ygt_cases *cases, int status, int64_t score_units, size_t row);

/**
 * @brief Monthly prepayment: prepay ratio × the fund priced at the budget
 *        point value, rounded to the fen per institution, insurance type
 *        and month, floored at 0 per cell (ygt_settle_prepayment_floors()),
 *        and summed over the cells asked for.
 * @param[out] out Receives the prepayment in fen; not NULL.
 * @param[in] ledger The ledger filled by ygt_settle_price(); not NULL.
 * @param[in] values The values; not NULL.
 * @param institution An institution index or -1 for all.
 * @param insurance A #ygt_insurance or -1 for all.
 * @param month 1-12, 0 for cases without a discharge month, -1 for all.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW.
 */
YGT_API int ygt_settle_prepayment(int64_t *out, const ygt_settle_accum *ledger, const ygt_settle_values *values,
                                  int32_t institution, int insurance, int month);

/**
 * @brief The zero floor of the monthly prepayments: how many ledger cells
 *        (institution × insurance type × month) would have prepaid a
 *        negative amount and were raised to 0.
 *
 * A cell's prepayment is negative when the case amounts at the budget point
 * value fall short of the patients' share; the fund never bills an
 * institution monthly, so ygt_settle_prepayment() pays 0 for such a cell
 * and the year-end clearing (ygt_settle_clearing()) settles the difference.
 * @param[out] cells Receives the number of cells raised to 0; not NULL.
 * @param[out] raised Receives the fen the floors added (the sum of the
 *        negative prepayments, as a positive amount); not NULL.
 * @param[in] ledger The ledger filled by ygt_settle_price(); not NULL.
 * @param[in] values The values; not NULL.
 * @param institution An institution index or -1 for all.
 * @param insurance A #ygt_insurance or -1 for all.
 * @param month 1-12, 0 for cases without a discharge month, -1 for all.
 * @return As ygt_settle_prepayment().
 */
YGT_API int ygt_settle_prepayment_floors(int64_t *cells, int64_t *raised, const ygt_settle_accum *ledger,
                                         const ygt_settle_values *values, int32_t institution, int insurance,
                                         int month);

/**
 * @brief Year-end clearing: the fund payment at the settlement point value
 *        minus every prepayment of the year as paid, i.e. after the zero
 *        floor (positive: the fund still pays; negative: the institution
 *        pays back).
 * @param[out] out Receives the clearing amount in fen; not NULL.
 * @param[in] ledger The ledger; not NULL.
 * @param[in] values The values; not NULL.
 * @param institution An institution index or -1 for all.
 * @param insurance A #ygt_insurance or -1 for all.
 * @return As ygt_settle_prepayment().
 */
YGT_API int ygt_settle_clearing(int64_t *out, const ygt_settle_accum *ledger, const ygt_settle_values *values,
                                int32_t institution, int insurance);

YGT_END_DECLS

#endif /* YIGONGTI_SETTLE_H */
