/**
 * @file year.h
 * @brief The county year: one synthetic year of a county run
 *        through every stage — routing already decided by the county
 *        generator, payment under a scheme, the global budget and its
 *        sharing, indicators and scorecards — with a year-end report.
 *
 * ygt_year_run() takes a #ygt_county (county.h) and the optional pieces of
 * a scenario: a payment scheme (scheme.h; NULL means fee for service on
 * every line), a budget (budget.h), an indicator registry with a scorecard
 * (score.h) and, for growth indicators, the year before.  The result, a
 * #ygt_year, holds:
 * - tallies per institution, tier and county (#ygt_year_field): visits,
 *   stays, distinct patients, cost, what the fund and the patients paid
 *   under the referral rules' reimbursement (fee for service), and what the
 *   scheme pays;
 * - the stage results, readable with their own modules' functions: the
 *   aggregated encounter batch, the scheme result, the budget report, the
 *   indicator values and one score per community and for the county;
 * - a readable year-end report (ygt_year_report_text()).
 *
 * When the scheme's DIP line takes its assessment coefficient (考核系数) from
 * the scorecard (ygt_scheme_dip_assessment_scored()), the year is paid
 * again after scoring, each institution's DIP scores × the scorecard's
 * dip_coefficient at its community's score (1 outside the communities with
 * residents): the scores are those of the care, every money figure that of
 * the clearing with the coefficient.
 *
 * What a scheme's method does not settle — a line without a method, a stay
 * sent to special review or without a group, a visit without a capitation
 * pool — is paid fee for service, as special review pays it in the end.
 *
 * Which money goes where.  Every fen of cost is charged to exactly one
 * payer under the referral rules' reimbursement: the fund, the insured
 * patient, or the uninsured patient, who pays all of it
 * (#YGT_YEAR_FUND_FFS + #YGT_YEAR_PATIENT_PAID = #YGT_YEAR_COST for every
 * institution; the uninsured's cost is all in #YGT_YEAR_PATIENT_PAID).  The
 * patient pays that share whatever the scheme; the scheme decides what the
 * fund pays the institution (#YGT_YEAR_FUND), and the institution's
 * revenue is the two (#YGT_YEAR_REVENUE = fund + patients):
 * - a stay settled by the method: the method's amount less what the
 *   patient paid (DRG with @c fund_rule "standard_less_patient_share",
 *   drgpay.h; the point method and DIP by construction), so fund + patient
 *   = the standard; a stay the method did not settle: fee for service;
 * - an out-patient visit of a resident a capitation pool covers (on the
 *   "signed" basis one signed with the family-doctor teams of the grid's
 *   township institution, county.h column @c resident_signed; on the
 *   "insured" basis every insured resident of its grids): nothing where the
 *   pool's holder treats it, fee for service elsewhere, taken back from the
 *   pool; the holder receives pool − those charges (negative when the
 *   pool is overdrawn: the holder bears its residents' care elsewhere,
 *   capitation.h).  Anyone else's visit: fee for service;
 * - the primary-care line's workload money: a fixed budget of the scheme's
 *   own, shared by workload equivalents, on top of the visits' payments.
 *
 * The global budget is settled on what the fund paid for the care it
 * covers (ygt_year_encounters(): the fund column): stays at the scheme's
 * payment for them (negative ones included), each capitation pool in
 * place of its residents' out-patient visits (the pool spread over the
 * grid and insurance of the residents it covers, to the fen; their visits
 * elsewhere at what the treating institution was paid, less as much from
 * the holder), other visits at their fee-for-service payment.  So the
 * budget's actual plus its unattributed fund is every fen the fund paid
 * except the workload money, which the global budget does not cover.
 *
 * @par Threads
 * A #ygt_year is immutable; several years may be run at once on different
 * threads from the same model, rules, scheme, budget and scorecard.
 */
#ifndef YIGONGTI_YEAR_H
#define YIGONGTI_YEAR_H

#include <yigongti/common.h>
#include <yigongti/model.h>
#include <yigongti/score.h>
#include <yigongti/budget.h>
#include <yigongti/county.h>
#include <yigongti/scheme.h>
#include <yigongti/targets.h>

YGT_BEGIN_DECLS

/** @brief Version of #ygt_year_inputs this header describes. */
#define YGT_YEAR_INPUTS_VERSION 2

/** @brief What a year run takes.  Everything is borrowed for the call and,
 *         except @c previous, must outlive the #ygt_year. */
typedef struct ygt_year_inputs {
  int version;                        /**< #YGT_YEAR_INPUTS_VERSION. */
  const ygt_model *model;             /**< Required: the model the county was generated on. */
  const ygt_county *county;           /**< Required: the year. */
  const ygt_county *previous;         /**< Optional: the year before, for growth indicators (only its encounters are used: a totals-only county of ygt_county_generate_totals() gives the same result in a fraction of the memory). */
  const ygt_scheme *scheme;           /**< Optional: payment scheme; NULL means fee for service on every line. */
  const ygt_budget *budget;           /**< Optional: global budget of the county's year. */
  const ygt_indicators *indicators;   /**< Optional: indicator registry; required with @c scorecard (the one it was loaded with). */
  const ygt_scorecard *scorecard;     /**< Optional: scores every community and the county. */
  const ygt_score_inputs *score_inputs; /**< Optional: external inputs of the indicators (surveys ...). */
  /* version 2 (0.2) */
  const ygt_targets *targets;         /**< Optional: the bundle's targets (targets.h); those of the year are compared in the report's calibration table.  Loaded with @c indicators, which is then required. (version 2) */
  double population_scale;            /**< Scale of the county against the real one (the caller's @c population_scale, before any settings' population), for the targets' counts; 0 means 1. (version 2) */
} ygt_year_inputs;

/** @brief Initialiser of #ygt_year_inputs: version set, everything else NULL. */
#define YGT_YEAR_INPUTS_INIT {YGT_YEAR_INPUTS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0.0}

/**
 * @brief Set version-1 inputs (0.1's struct) to #YGT_YEAR_INPUTS_INIT's values, version 1.
 *
 * A program built against 0.1 allocates the version-1 struct, so this
 * function writes only its fields.  New code uses #YGT_YEAR_INPUTS_INIT or
 * ygt_year_inputs_init_version().
 * @note C only in the bindings: they fill the struct themselves (doc/bindings-c-only.tsv).
 * @param[out] in The inputs; NULL does nothing.
 */
YGT_API void ygt_year_inputs_init(ygt_year_inputs *in);

/**
 * @brief Set inputs of a given version to #YGT_YEAR_INPUTS_INIT's values.
 * @param[out] in The inputs, at least as large as that version's struct.
 * @param version 1 .. #YGT_YEAR_INPUTS_VERSION; the fields of later versions are not written.
 * @return #YGT_OK; #YGT_EINVAL for NULL or an unknown version.
 */
YGT_API int ygt_year_inputs_init_version(ygt_year_inputs *in, int version);

/** @brief Figures of an institution, a tier or the county (ygt_year_institution(), ygt_year_tier(), ygt_year_total()). */
typedef enum ygt_year_field {
  YGT_YEAR_VISITS = 0,       /**< Out-patient visits ("visits"). */
  YGT_YEAR_STAYS = 1,        /**< In-patient and day-surgery stays ("stays"). */
  YGT_YEAR_PATIENTS = 2,     /**< Distinct residents treated ("patients"). */
  YGT_YEAR_REFERRED_UP = 3,  /**< Encounters that came by referral up inside the county ("referred_up"). */
  YGT_YEAR_REFERRED_OUT = 4, /**< Encounters that came by referral out of the county ("referred_out"). */
  YGT_YEAR_COST = 5,         /**< Total cost in fen ("cost"). */
  YGT_YEAR_FUND_FFS = 6,     /**< Fund payment under the rules' reimbursement (fee for service), fen ("fund_ffs"). */
  YGT_YEAR_PATIENT_PAID = 7, /**< Paid by the patients, fen; cost = fund_ffs + patient_paid ("patient_paid"). */
  YGT_YEAR_AMOUNT = 8,       /**< What the scheme values the care at, fen (fee for service: the cost) ("amount"). */
  YGT_YEAR_FUND = 9,         /**< What the fund pays the institution under the scheme, lump sums included, fen ("fund"). */
  YGT_YEAR_REVENUE = 10      /**< The institution's revenue: fund + patient_paid, fen ("revenue"). */
} ygt_year_field;

/**
 * @brief File name of a year field, e.g. "fund_ffs".
 * @param field A #ygt_year_field.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_year_field_name(int field);

/** @brief The result of a year run (opaque, immutable). */
typedef struct ygt_year ygt_year;

/**
 * @brief Run one year through payment, budget and scoring.
 * @param[out] out Receives the year (ygt_year_free()); NULL on failure.
 * @param[in] in The inputs; not NULL.
 * @return #YGT_OK; #YGT_EINVAL for a missing required input, a wrong
 *         version, a scorecard without its registry or a county generated
 *         on another model; #YGT_EOVERFLOW; #YGT_ENOMEM; or the error of the
 *         stage that failed (scheme, budget, scoring), with its message.
 */
YGT_API int ygt_year_run(ygt_year **out, const ygt_year_inputs *in);

/**
 * @brief Free a year.
 * @param y The year, or NULL (nothing happens).
 */
YGT_API void ygt_year_free(ygt_year *y);

/**
 * @brief The calendar year that was run.
 * @param[in] y The year; not NULL.
 * @return The year, e.g. 2024.
 */
YGT_API int32_t ygt_year_year(const ygt_year *y);

/**
 * @brief A figure of one institution.
 * @param[out] out Receives the figure; not NULL.
 * @param[in] y The year; not NULL.
 * @param institution Model index.
 * @param field A #ygt_year_field.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE for an index out of range.
 */
YGT_API int ygt_year_institution(int64_t *out, const ygt_year *y, int32_t institution, int field);

/**
 * @brief A figure of one tier (all institutions of the tier; distinct
 *        patients counted once per tier).
 * @param[out] out Receives the figure; not NULL.
 * @param[in] y The year; not NULL.
 * @param tier A #ygt_tier.
 * @param field A #ygt_year_field.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE for a tier out of range.
 */
YGT_API int ygt_year_tier(int64_t *out, const ygt_year *y, int tier, int field);

/**
 * @brief A figure of the whole county (every institution; distinct
 *        patients counted once).
 * @param[out] out Receives the figure; not NULL.
 * @param[in] y The year; not NULL.
 * @param field A #ygt_year_field.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_year_total(int64_t *out, const ygt_year *y, int field);

/**
 * @brief The year's encounters aggregated by institution, grid, setting,
 *        insurance and referral (period = the year; the year before when
 *        given), with the fund valued as the budget sees it.
 * @param[in] y The year; not NULL.
 * @return The batch, owned by the year.
 */
YGT_API const ygt_encounters *ygt_year_encounters(const ygt_year *y);

/**
 * @brief The scheme's settlement.
 * @param[in] y The year; not NULL.
 * @return The result, owned by the year; NULL when the run had no scheme.
 */
YGT_API const ygt_scheme_result *ygt_year_scheme_result(const ygt_year *y);

/**
 * @brief The budget's year-end settlement.
 * @param[in] y The year; not NULL.
 * @return The report, owned by the year; NULL when the run had no budget.
 */
YGT_API const ygt_budget_report *ygt_year_budget_report(const ygt_year *y);

/**
 * @brief The indicator values of the year (against the year before when given).
 * @param[in] y The year; not NULL.
 * @return The values, owned by the year; without an indicator registry in
 *         the inputs, those of the default registry (ygt_indicators_defaults()).
 */
YGT_API const ygt_indicator_values *ygt_year_indicator_values(const ygt_year *y);

/**
 * @brief The score of a community or of the county.
 * @param[in] y The year; not NULL.
 * @param scope #YGT_SCOPE_COMMUNITY or #YGT_SCOPE_COUNTY.
 * @param index Community index (ignored for the county).
 * @return The score, owned by the year; NULL without a scorecard or for a
 *         scope or index out of range.
 */
YGT_API const ygt_score *ygt_year_score(const ygt_year *y, int scope, int32_t index);

/**
 * @brief The readable year-end report: patients by tier, 县域就诊率 and
 *        基层就诊率 against their targets, the fund in and out of the
 *        county, payments by line and tier, each community's surplus or
 *        overspend and who gets or bears it, the scores, the accounts
 *        (money in, out and balance of the fund, the patients and the
 *        institutions, and what ygt_year_check() says of them) and the
 *        exceptions (what a method did not settle and why, special review
 *        against its quota, stays netted at the institution, visits without
 *        a capitation pool, fund spending charged to no budget).
 * @param[out] buf Receives the text, NUL-terminated and truncated to @p cap; may be NULL when @p cap is 0.
 * @param cap Size of @p buf.
 * @param[in] y The year; not NULL.
 * @return The length of the whole text (as snprintf); #YGT_EINVAL.
 */
YGT_API int64_t ygt_year_report_text(char *buf, size_t cap, const ygt_year *y);

/**
 * @brief Check the year's accounts: every identity an auditor would recompute.
 *
 * - Payers: every event's cost is its fund payment plus its patient's
 *   payment, none negative; per institution, cost = fund (fee for service)
 *   + patients and revenue = fund + patients.
 * - Levels: every tier's and the county's figures are the sums of their
 *   institutions' (distinct patients excepted).
 * - No negative money: no institution's cost, fund, amount or revenue, no
 *   scheme line's amount, fund or prepayment of an institution and no
 *   stay's payment is negative; each scheme line's institutions add up to
 *   the line.  One documented exception: the point method and DIP settle
 *   with an institution as a whole (fund = Σ payments − Σ patients'
 *   shares), so the fund part of a stay whose patients paid more than its
 *   payment may be negative; the report counts those stays.
 * - The budget (when the year has one), per community and insurance type:
 *   balance = budget − actual; actual = inside + outside; the surplus is
 *   kept or returned and the overspend borne by the community or the fund,
 *   to the fen; entitled = inside + kept − borne; received = prepaid −
 *   withheld + released + clearing = entitled − forfeited; no prepayment
 *   negative; the tiers' shares add up to the community's; the budgets'
 *   actual plus the fund charged to no budget is the fund's spending on the
 *   year's care; every kind of ledger line adds up to its total.
 *
 * @param[in] y The year; not NULL.
 * @return #YGT_OK when every account balances; #YGT_EACCOUNTS otherwise,
 *         with a message naming the first broken account and both amounts
 *         (and how many more are broken); #YGT_EINVAL for NULL.
 */
YGT_API int ygt_year_check(const ygt_year *y);

YGT_END_DECLS

#endif /* YIGONGTI_YEAR_H */
