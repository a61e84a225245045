/**
 * @file scheme.h
 * @brief Payment schemes: one payment method per service line
 *        (doc/formats/scheme.md), loaded from JSON and run over a whole
 *        year of stays and visits.
 *
 * A scheme names a method for each of four service lines: in-patient stays
 * (fee for service, the point method, the DRG rate method or DIP), long
 * stays (fee for service or per-diem payment), out-patient visits (fee for
 * service or capitation) and primary care (workload equivalents).  Loading
 * configures the C objects of the methods (points.h, drgpay.h, dip.h,
 * perdiem.h, workload.h, capitation.h) from the file and its tables; the
 * scheme is then immutable.
 *
 * ygt_scheme_settle() settles a year: every stay and visit is routed to its
 * line and settled by the line's method; lump sums (capitation pools,
 * workload money) are paid to the institutions; the result holds, per
 * institution and line, the cost, what the method values the care at, what
 * the fund pays and how many cases were settled, plus the scheme's figures
 * (point values, special review, the workload unit value) and one result per
 * stay.
 *
 * Who pays what (the same rule for every method):
 * - rows without an insurance type are paid by the patient: their cost is
 *   the patients' (#YGT_SCHEME_PATIENT) and the fund pays nothing;
 * - insured rows that the line's method settles (status OK) are paid by the
 *   fund as the method says (#YGT_SCHEME_FUND);
 * - insured rows the method does not settle (no group, special review,
 *   excluded, no method on the line) are counted in #YGT_SCHEME_UNSETTLED
 *   with their cost and their fee-for-service fund payment, so that a
 *   caller can pay them by items after review; #YGT_SCHEME_FUND leaves them
 *   out.
 *
 * Results do not depend on the order of the rows: every total is a sum of
 * integers fixed per row, and the methods' point values come from such
 * sums.
 *
 * @par Threads
 * A scheme is immutable once loaded and may be shared; it borrows the model
 * and the dictionaries it was loaded with.  A result is immutable too.
 */
#ifndef YIGONGTI_SCHEME_H
#define YIGONGTI_SCHEME_H

#include <yigongti/common.h>
#include <yigongti/cases.h>
#include <yigongti/codes.h>
#include <yigongti/model.h>

YGT_BEGIN_DECLS

/** @brief A payment scheme (immutable). */
typedef struct ygt_scheme ygt_scheme;
/** @brief The settlement of a year under a scheme (immutable). */
typedef struct ygt_scheme_result ygt_scheme_result;

/** @brief Service lines of a scheme.  Values are ABI; names as in scheme.json. */
typedef enum ygt_service_line {
  YGT_LINE_INPATIENT = 0,    /**< In-patient and day-surgery stays ("inpatient"). */
  YGT_LINE_OUTPATIENT = 1,   /**< Out-patient visits ("outpatient"). */
  YGT_LINE_LONG_STAY = 2,    /**< Long stays paid per day: psychiatric, rehabilitation, palliative ("long_stay"). */
  YGT_LINE_PRIMARY_CARE = 3  /**< Primary-care services counted in workload equivalents ("primary_care"). */
} ygt_service_line;

/** @brief Payment methods.  Values are ABI; names as in scheme.json. */
typedef enum ygt_pay_method {
  YGT_PAY_NONE = 0,       /**< The line has no method ("none"). */
  YGT_PAY_FFS = 1,        /**< Fee for service: the amount is the cost, the fund pays its fee-for-service part ("ffs"). */
  YGT_PAY_POINTS = 2,     /**< DRG point method, points.h ("points"). */
  YGT_PAY_DRG = 3,        /**< DRG rate method, drgpay.h ("drg"). */
  YGT_PAY_DIP = 4,        /**< DIP, dip.h and settle.h ("dip"). */
  YGT_PAY_CAPITATION = 5, /**< Capitation, capitation.h ("capitation"). */
  YGT_PAY_PERDIEM = 6,    /**< Per-diem payment, perdiem.h ("perdiem"). */
  YGT_PAY_WORKLOAD = 7    /**< Workload equivalents, workload.h ("workload"). */
} ygt_pay_method;

/** @brief Figures per institution and line of a result (ygt_scheme_result_get()).  Values are ABI. */
typedef enum ygt_scheme_field {
  YGT_SCHEME_COST = 0,           /**< Total cost of the line's rows, fen ("cost"). */
  YGT_SCHEME_AMOUNT = 1,         /**< What the method values the settled care at, fen: the cost (fee for service), the standard or points × value; for capitation and workload the money paid plus the patients' share of the settled rows ("amount"). */
  YGT_SCHEME_FUND = 2,           /**< What the fund pays the institution under the method, fen: settled rows, capitation pool balances and charges, workload money ("fund"). */
  YGT_SCHEME_PATIENT = 3,        /**< Patients' share: of the insured rows, plus the whole cost of uninsured rows, fen ("patient"). */
  YGT_SCHEME_FFS_FUND = 4,       /**< Fee-for-service fund payment of the insured rows as given in the input, fen ("ffs_fund"). */
  YGT_SCHEME_CASES = 5,          /**< Rows of the line: settled + unsettled + uninsured ("cases"). */
  YGT_SCHEME_SETTLED = 6,        /**< Insured rows the method settled ("settled"). */
  YGT_SCHEME_UNSETTLED = 7,      /**< Insured rows the method did not settle ("unsettled"). */
  YGT_SCHEME_UNINSURED = 8,      /**< Rows without an insurance type, paid by the patient ("uninsured"). */
  YGT_SCHEME_UNSETTLED_COST = 9, /**< Cost of the unsettled rows, fen ("unsettled_cost"). */
  YGT_SCHEME_UNSETTLED_FUND = 10,/**< Fee-for-service fund payment of the unsettled rows, fen ("unsettled_fund"). */
  YGT_SCHEME_SCORE_UNITS = 11,   /**< Σ 10^-6 units of the settled rows: points, RW, days or workload equivalents ("score_units"). */
  YGT_SCHEME_POOL = 12,          /**< Capitation: the institution's pool, fen ("pool"). */
  YGT_SCHEME_CHARGED = 13,       /**< Capitation: visits elsewhere charged to the institution's pool, fen ("charged"). */
  YGT_SCHEME_PREPAYMENT = 14,    /**< Point method and DIP: the year's monthly prepayments, fen ("prepayment"). */
  YGT_SCHEME_CLEARING = 15,      /**< Point method and DIP: year-end clearing (fund − prepayments), fen ("clearing"). */
  YGT_SCHEME_UNINSURED_COST = 16,/**< Cost of the rows without an insurance type (all paid by the patient), fen ("uninsured_cost"). */
  YGT_SCHEME_PREPAY_FLOORED = 17,/**< Point method and DIP: monthly prepayments (per insurance type and month) that were negative and paid as 0 — the fund never bills an institution monthly; the clearing settles the rest (ygt_settle_prepayment_floors()) ("prepay_floored"). */
  YGT_SCHEME_PREPAY_RAISED = 18  /**< Point method and DIP: what those floors added, fen: the negative prepayments as a positive amount ("prepay_raised"). */
} ygt_scheme_field;

/** @brief Figures of the whole scheme (ygt_scheme_result_figure()).  Values are ABI. */
typedef enum ygt_scheme_figure {
  YGT_SCHEME_POINT_VALUE = 0,        /**< In-patient point or DIP settlement point value, yuan per point; index: #ygt_insurance ("point_value"). */
  YGT_SCHEME_BUDGET_POINT_VALUE = 1, /**< Budget point value (monthly prepayment), yuan per point; index: #ygt_insurance ("budget_point_value"). */
  YGT_SCHEME_TOTAL_POINTS = 2,       /**< Σ points the value divides by; index: #ygt_insurance ("total_points"). */
  YGT_SCHEME_SPECIAL_REVIEW = 3,     /**< Special-review cases of a line; index: #ygt_service_line ("special_review"). */
  YGT_SCHEME_SPECIAL_ALLOWED = 4,    /**< Special-review quota of a line (0 where the method has none); index: #ygt_service_line ("special_allowed"). */
  YGT_SCHEME_UNIT_VALUE = 5,         /**< Workload unit value, yuan per equivalent; index ignored ("unit_value"). */
  YGT_SCHEME_SPECIAL_OVER_QUOTA = 6, /**< DIP line: special-review stays beyond the quota (special_review − special_allowed, at least 0; 0 on other lines); index: #ygt_service_line ("special_over_quota"). */
  YGT_SCHEME_SPECIAL_OVER_FFS_FUND = 7, /**< DIP line: what the fund pays the stays over the quota by items (fee for service), yuan; the quota takes the stays with the largest such payment first; index: #ygt_service_line ("special_over_ffs_fund"). */
  YGT_SCHEME_SPECIAL_OVER_METHOD_FUND = 8, /**< DIP line: what the method would have paid the same stays (extreme cost: the high-cost rule at the settlement point value − patients' share; unmatched: 0), yuan; index: #ygt_service_line ("special_over_method_fund"). */
  YGT_SCHEME_POINT_VALUE_FEN = 9     /**< In-patient point or DIP settlement point value in fen per point, the exact double the stays are priced with (amount = units × it ÷ 10^6, half away from zero; see ygt_scheme_result_explain()); index: #ygt_insurance ("point_value_fen"). */
} ygt_scheme_figure;

/**
 * @brief File name of a service line ("inpatient", ...).
 * @param line A #ygt_service_line.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_service_line_name(int line);

/**
 * @brief A service line by file name.
 * @param[out] out Receives the #ygt_service_line; unchanged on failure; not NULL.
 * @param[in] name The name; not NULL.
 * @return #YGT_OK; #YGT_ENOTFOUND; #YGT_EINVAL for NULL arguments.
 */
YGT_API int ygt_service_line_from_name(int *out, const char *name);

/**
 * @brief File name of a payment method ("none", "ffs", "points", ...).
 * @param method A #ygt_pay_method.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_pay_method_name(int method);

/**
 * @brief A payment method by file name.
 * @param[out] out Receives the #ygt_pay_method; unchanged on failure; not NULL.
 * @param[in] name The name; not NULL.
 * @return #YGT_OK; #YGT_ENOTFOUND; #YGT_EINVAL for NULL arguments.
 */
YGT_API int ygt_pay_method_from_name(int *out, const char *name);

/**
 * @brief Name of a result field ("cost", "fund", ...).
 * @param field A #ygt_scheme_field.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_scheme_field_name(int field);

/**
 * @brief Name of a scheme figure ("point_value", ...).
 * @param figure A #ygt_scheme_figure.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_scheme_figure_name(int figure);

/**
 * @brief Load a scheme from a JSON file.
 *
 * Tables and DIP files named in the scheme are read relative to the file's
 * directory.  The file's "model" key is informational: the scheme is
 * configured for @p model.
 * @param[out] out Receives the scheme; set to NULL on failure.
 * @param[in] model The model whose institutions the scheme pays; must
 *        outlive the scheme; not NULL.
 * @param[in] dx Diagnosis dictionary of the stays to settle (DIP catalogues
 *        are read over it); must outlive the scheme; may be NULL when the
 *        scheme has no DIP line.
 * @param[in] proc Procedure dictionary, as @p dx.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (syntax, wrong type, unknown key,
 *         unknown line or method); #YGT_EUNSUPPORTED (format);
 *         #YGT_ERANGE; #YGT_EVALIDATE; #YGT_ENOTFOUND (unknown institution,
 *         level or insurance type); #YGT_EINVAL; #YGT_ENOMEM; or the error
 *         of a table the scheme names (which names that file, line and
 *         column).  Errors of the scheme file name it and the JSON path
 *         (e.g. "lines.inpatient.fund.employee").
 */
YGT_API int ygt_scheme_load(ygt_scheme **out, const ygt_model *model, const ygt_codes *dx, const ygt_codes *proc,
                            const char *path);

/**
 * @brief Parse a scheme from JSON text.
 * @param[out] out Receives the scheme; set to NULL on failure.
 * @param[in] model As ygt_scheme_load().
 * @param[in] dx As ygt_scheme_load().
 * @param[in] proc As ygt_scheme_load().
 * @param[in] json The JSON text; not NULL.
 * @param[in] source Name used in error messages; NULL means "<string>".
 * @param[in] base_dir Directory the table paths are relative to; NULL means
 *        the directory of @p source (the current directory when it has none).
 * @return As ygt_scheme_load().
 */
YGT_API int ygt_scheme_parse(ygt_scheme **out, const ygt_model *model, const ygt_codes *dx, const ygt_codes *proc,
                             const char *json, const char *source, const char *base_dir);

/**
 * @brief Free a scheme (results made from it first need not be freed first).
 * @param s The scheme, or NULL (nothing happens).
 */
YGT_API void ygt_scheme_free(ygt_scheme *s);

/**
 * @brief Identifier of the scheme ("id" in the file, "" when absent).
 * @param[in] s The scheme; not NULL.
 * @return A string owned by the scheme.
 */
YGT_API const char *ygt_scheme_id(const ygt_scheme *s);

/**
 * @brief A provenance field of the scheme.
 * @param[in] s The scheme; not NULL.
 * @param[in] key "document", "locality", "period_from", "period_to",
 *        "note", "source" (the file) or "model" (the file's model path,
 *        resolved against its directory; "" if none); not NULL.
 * @return A string owned by the scheme ("" when not given); NULL for an
 *         unknown key.
 */
YGT_API const char *ygt_scheme_provenance(const ygt_scheme *s, const char *key);

/**
 * @brief Whether the scheme's DIP line takes its assessment coefficients
 *        (考核系数) from the year's assessment: @c "assessment": @c "scorecard"
 *        in the line (doc/formats/scheme.md).  The caller then gives each
 *        institution's coefficient to ygt_scheme_settle_assessed() — the
 *        county year gives ygt_scorecard_dip_coefficient() at the score of
 *        the institution's community.
 * @param[in] s The scheme; NULL gives 0.
 * @return 1 or 0 (no DIP line, or coefficients from the parameter file).
 * @since 0.3
 */
YGT_API int ygt_scheme_dip_assessment_scored(const ygt_scheme *s);

/**
 * @brief Whether the file says its numbers are illustrative.
 * @param[in] s The scheme; not NULL.
 * @return 1 or 0.
 */
YGT_API int ygt_scheme_illustrative(const ygt_scheme *s);

/**
 * @brief The method of a line.
 * @param[in] s The scheme; not NULL.
 * @param line A #ygt_service_line.
 * @return A #ygt_pay_method (#YGT_PAY_NONE when the line has none);
 *         #YGT_EINVAL for a bad line.
 */
YGT_API int ygt_scheme_method(const ygt_scheme *s, int line);

/**
 * @brief Index of a code in a line's table: a point or DRG group or a DIP
 *        group (in-patient), a per-diem class (long stay), a workload item
 *        (primary care).
 * @param[in] s The scheme; not NULL.
 * @param line A #ygt_service_line.
 * @param[in] code The code; not NULL.
 * @return The index; -1 when not found, when the line's method has no table
 *         or for bad arguments.
 */
YGT_API int32_t ygt_scheme_group_find(const ygt_scheme *s, int line, const char *code);

/**
 * @brief Number of entries of a line's table (see ygt_scheme_group_find()).
 * @param[in] s The scheme; not NULL.
 * @param line A #ygt_service_line.
 * @return The count; 0 when the line's method has no table.
 */
YGT_API size_t ygt_scheme_group_count(const ygt_scheme *s, int line);

/** @brief Version of #ygt_scheme_input this header describes. */
#define YGT_SCHEME_INPUT_VERSION 1

/**
 * @brief A year to settle: stays as a case batch with per-stay columns, and
 *        out-patient visits as columns.  Start from #YGT_SCHEME_INPUT_INIT
 *        or ygt_scheme_input_init(); fields are only appended.
 *
 * Everything is borrowed for the call.  A stay goes to the long-stay line
 * when its @c stay_class is >= 0, else to the in-patient line.  Every visit
 * is on the out-patient line; visits with a workload item also count for
 * the primary-care line when their institution is of the village or
 * township tier.  Visits whose cost or fund payment is negative are
 * counted as unsettled and carry no money.
 */
typedef struct ygt_scheme_input {
  int version;                       /**< #YGT_SCHEME_INPUT_VERSION. */
  const ygt_cases *stays;            /**< In-patient and day-surgery stays; NULL for none.  Columns used:
                                          INSTITUTION, INSURANCE, TOTAL_COST, the patients' parts and
                                          FUND_PAID (the fee-for-service fund payment), LOS_DAYS,
                                          ADMIT_DATE / DISCHARGE_DATE, LEAVING_TYPE, and for DIP the codes,
                                          age, ICU hours and day surgery.  With a DIP line it must be over
                                          the scheme's dictionaries. */
  const int32_t *stay_group;         /**< Per stay: ygt_scheme_group_find() of the in-patient line (-1: no group); NULL for none.  Not used by DIP, which matches the catalogue. */
  const int32_t *stay_class;         /**< Per stay: the per-diem class index of a long stay, -1 otherwise; NULL: no long stays. */
  const int64_t *stay_patient;       /**< Per stay: patient key for the point method's readmissions (negative: unknown); NULL for none. */
  size_t nvisits;                    /**< Number of visits. */
  const int32_t *visit_institution;  /**< Required with visits: treating institution (model index; others: unknown). */
  const int32_t *visit_home;         /**< Institution holding the patient's capitation pool, -1 for none; NULL for none. */
  const int32_t *visit_insurance;    /**< Required with visits: #ygt_insurance, -1 for uninsured. */
  const int64_t *visit_cost;         /**< Required with visits: cost, fen. */
  const int64_t *visit_fund;         /**< Required with visits: fee-for-service fund payment, fen. */
  const int32_t *visit_item;         /**< Workload item index (ygt_scheme_group_find() of primary care), -1 for none; NULL for none. */
  const int64_t *visit_quantity;     /**< Quantity of the workload item (>= 0); NULL for 1. */
  double person_scale;               /**< Multiplier of the model's person counts in capitation pools, e.g. the
                                          population scale of a synthetic county; 0 means 1.  The DIP line's
                                          whole-county amounts (each insurance type's fund, history costs and
                                          expected scores) are scaled by it too (ygt_settle_params_scale()). */
} ygt_scheme_input;

/** @brief Initialiser of #ygt_scheme_input: version set, everything else 0 / NULL. */
#define YGT_SCHEME_INPUT_INIT {YGT_SCHEME_INPUT_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, \
  NULL, NULL, 0.0}

/**
 * @brief Set an input to #YGT_SCHEME_INPUT_INIT.
 * @param[out] in The input; NULL does nothing.
 */
YGT_API void ygt_scheme_input_init(ygt_scheme_input *in);

/**
 * @brief Settle a year under a scheme.
 *
 * In-patient line: fee for service; the point method (readmissions from
 * @c stay_patient, the small-group rule over the year's counts, score,
 * point values, price); the DRG rate method; or DIP (score, point values,
 * price).  Long-stay line: fee for service or per-diem payment.
 * Out-patient line: fee for service, or capitation: every institution's
 * pool (ygt_capitation_pool() of its persons) is paid to it, and the fund
 * part of each insured visit made away from the patient's home institution
 * is charged to the home's pool and paid to the treating institution, so
 * the line's fund is the sum of the pools; visits without a home are
 * unsettled.  Primary-care line: workload equivalents of the visits,
 * compensated from the line's budget (no equivalents: nothing is paid).
 * @param[out] out Receives the result; set to NULL on failure.
 * @param[in] s The scheme; not NULL.
 * @param[in] in The year; not NULL.
 * @return #YGT_OK; #YGT_EINVAL (NULL, bad version, a required column
 *         missing, stays over other dictionaries than a DIP line's, a
 *         group, class or item index outside its table); #YGT_EOVERFLOW;
 *         #YGT_ENOMEM; or a method's error.
 */
YGT_API int ygt_scheme_settle(ygt_scheme_result **out, const ygt_scheme *s, const ygt_scheme_input *in);

/**
 * @brief ygt_scheme_settle() with the year's DIP assessment coefficients
 *        (考核系数): when the scheme's DIP line takes them from the scorecard
 *        (ygt_scheme_dip_assessment_scored()), every case score uses its
 *        institution's coefficient from @p dip_assessment in place of the
 *        parameter file's; otherwise @p dip_assessment is not used.
 * @param[out] out Receives the result; set to NULL on failure.
 * @param[in] s The scheme; not NULL.
 * @param[in] in The year; not NULL.
 * @param[in] dip_assessment Per institution (model index), a coefficient in
 *            [0, 10]; only read during the call; NULL is ygt_scheme_settle().
 * Python: Scheme.settle(dip_assessment=...); Lua: s:settle{assessment = ...},
 * and ygt.year_run applies the year's coefficients when the scheme asks.
 * @return As ygt_scheme_settle(); #YGT_ERANGE for a coefficient out of range.
 * @since 0.3
 */
YGT_API int ygt_scheme_settle_assessed(ygt_scheme_result **out, const ygt_scheme *s, const ygt_scheme_input *in,
                                       const double *dip_assessment);

/**
 * @brief Free a result.
 * @param r The result, or NULL (nothing happens).
 */
YGT_API void ygt_scheme_result_free(ygt_scheme_result *r);

/**
 * @brief A figure of an institution and line.
 * @param[out] out Receives the figure; not NULL.
 * @param[in] r The result; not NULL.
 * @param institution An institution index, -1 for all, or the model's
 *        institution count for rows whose institution is not in the model.
 * @param line A #ygt_service_line, or -1 for all lines.
 * @param field A #ygt_scheme_field.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW.
 */
YGT_API int ygt_scheme_result_get(int64_t *out, const ygt_scheme_result *r, int32_t institution, int line,
                                  int field);

/**
 * @brief A figure of the whole scheme.
 * @param[out] out Receives the figure (0 where the scheme has no such thing); not NULL.
 * @param[in] r The result; not NULL.
 * @param figure A #ygt_scheme_figure.
 * @param index The insurance type or line the figure needs (see #ygt_scheme_figure).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE.
 */
YGT_API int ygt_scheme_result_figure(double *out, const ygt_scheme_result *r, int figure, int index);

/**
 * @brief Number of institutions of the result (the model's count).
 * @param[in] r The result; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_scheme_result_institutions(const ygt_scheme_result *r);

/**
 * @brief Number of stays of the result.
 * @param[in] r The result; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_scheme_result_stay_count(const ygt_scheme_result *r);

/**
 * @brief The result of every stay, in the input's order.
 *
 * Uninsured stays are INVALID with reason NO_INSURANCE; stays of a line
 * without a method are EXCLUDED with reason NONE.
 * @param[out] line Receives the #ygt_service_line of each stay; may be NULL.
 * @param[out] group Receives the group the stay was settled in (the DIP
 *        group matched, the input group or class), -1 for none; may be NULL.
 * @param[out] status Receives #ygt_settle_status; may be NULL.
 * @param[out] reason Receives #ygt_settle_reason; may be NULL.
 * @param[out] amount Receives the method's amount in fen (0 unless settled); may be NULL.
 * @param[out] fund Receives the fund payment in fen (0 unless settled); may be NULL.
 * @param[in] r The result; not NULL.
 * @param n Entries of each array: ygt_scheme_result_stay_count().
 * @return #YGT_OK; #YGT_EINVAL (NULL result or @p n not the count).
 */
YGT_API int ygt_scheme_result_stays(int8_t *line, int32_t *group, int8_t *status, int8_t *reason, int64_t *amount,
                                    int64_t *fund, const ygt_scheme_result *r, size_t n);

/**
 * @brief The score units of every stay, in the input's order.
 *
 * Units are 10^-6 of the method's unit: points (point method), scores (DIP),
 * RW × level adjustment × institution coefficient (DRG rate method) or days
 * (per diem); 0 for stays the method did not settle and for fee for
 * service.  Their sum per institution and line is #YGT_SCHEME_SCORE_UNITS.
 * @param[out] units Receives one value per stay; not NULL.
 * @param[in] r The result; not NULL.
 * @param n Entries of @p units: ygt_scheme_result_stay_count().
 * @return #YGT_OK; #YGT_EINVAL (NULL argument or @p n not the count).
 */
YGT_API int ygt_scheme_result_stay_units(int64_t *units, const ygt_scheme_result *r, size_t n);

/**
 * @brief One stay's settlement under a scheme, explained in numbers an
 *        auditor recomputes its amount and fund payment from.
 *
 * By the method of the stay's line: fee for service (the cost and the fund
 * payment as given or as cost − patients' share); the point method and DIP
 * (score units × the settlement point value in fen ÷ 10^6, half away from
 * zero, as ygt_settle_price_explain() writes it, then any fen the line moved
 * to pay its fund base to the fen — the largest remainders first); the DRG
 * rate method (ygt_drgpay_explain()); per diem (ygt_perdiem_explain()).  A
 * stay the method did not settle gives its status and reason.  Visits are
 * paid per institution (capitation pools, workload money), so they have no
 * explanation per row.
 * @param[out] trace Receives the text, cut to @p cap bytes and NUL-terminated;
 *        may be NULL when @p cap is 0.
 * @param cap Bytes of @p trace.
 * @param[in] r The result; not NULL.
 * @param[in] s The scheme that made it; not NULL.
 * @param[in] in The input it was made from; not NULL.
 * @param stay The stay's row in the input.
 * @return The length of the whole text (as snprintf: call with @p cap 0 to
 *         size the buffer); #YGT_EINVAL (NULL argument, or a result of another
 *         scheme or input); #YGT_ERANGE (stay outside the input); #YGT_EOVERFLOW.
 */
YGT_API int ygt_scheme_result_explain(char *trace, size_t cap, const ygt_scheme_result *r, const ygt_scheme *s,
                                      const ygt_scheme_input *in, size_t stay);

YGT_END_DECLS

#endif /* YIGONGTI_SCHEME_H */
