/**
 * @file budget.h
 * @brief Global budget (医保总额预算) and community settlement: budgets,
 *        money that follows the patient, year-end sharing, distribution
 *        inside the community, prepayments, the quality guarantee fund and
 *        the final clearing, with a ledger that balances to the fen.
 *
 * A budget file (doc/formats/budget.md) gives, per community and insurance
 * type, how the budget is formed (last year's actual, a weighted mean of
 * three years, or insured persons × a per-capita standard, then × (1 +
 * growth) + adjustment), the sharing bands, the distribution rule and the
 * prepayment plan.  ygt_budget_settle() takes a year of encounters (the
 * score module's #ygt_encounters: patient grid → community, treating
 * institution, fund payment) and gives a #ygt_budget_report.
 *
 * The surplus kept goes over the tier groups (village, township, county and
 * above) by the fixed ratios or the groups' workload; when village +
 * township are below the primary-care floor they are raised to it, the
 * raised share split between them in the ratio they had (their ratios or
 * their workload; equally when both were 0) and the county group taking the
 * rest (doc/formats/budget.md, Distribution).
 *
 * Every amount is integer fen.  Shares of an amount over several parties
 * (months, tiers, institutions) are exact: the largest-remainder method,
 * ties to the lower index, so the parts always sum to the whole.
 *
 * @par Threads
 * Budgets and reports are immutable and may be shared between threads.
 */
#ifndef YIGONGTI_BUDGET_H
#define YIGONGTI_BUDGET_H

#include <yigongti/common.h>
#include <yigongti/model.h>
#include <yigongti/score.h>

YGT_BEGIN_DECLS

/** @brief A validated budget file (immutable). */
typedef struct ygt_budget ygt_budget;
/** @brief The year-end settlement of a budget (immutable). */
typedef struct ygt_budget_report ygt_budget_report;

/** @brief Figures of a community (per insurance type or summed), read with ygt_budget_report_community(). */
typedef enum ygt_budget_field {
  YGT_BUDGET_AMOUNT = 0,         /**< The budget ("budget"). */
  YGT_BUDGET_RESERVE = 1,        /**< Reserve 调剂金 held back from the prepayments ("reserve"). */
  YGT_BUDGET_ACTUAL = 2,         /**< Fund spending of the community's insured residents, wherever treated ("actual"). */
  YGT_BUDGET_INSIDE = 3,         /**< ... of which at the community's own institutions ("inside"). */
  YGT_BUDGET_OUTSIDE = 4,        /**< ... of which charged back from elsewhere (other communities, out of county) ("outside"). */
  YGT_BUDGET_OUT_OF_COUNTY = 5,  /**< ... of which out of the county: at institutions of no community outside the pooling area (ygt_budget_settle_pooled()), or of city tier and above ("out_of_county"). */
  YGT_BUDGET_REFERRED_OUT = 6,   /**< ... of the outside spending, by referral ("referred_out"). */
  YGT_BUDGET_BALANCE = 7,        /**< Budget − actual: > 0 surplus, < 0 overspend ("balance"). */
  YGT_BUDGET_SURPLUS_KEPT = 8,   /**< Surplus retained by the community, after the assessment multiplier ("surplus_kept"). */
  YGT_BUDGET_SURPLUS_FUND = 9,   /**< Surplus returned to the fund ("surplus_fund"). */
  YGT_BUDGET_OVER_FUND = 10,     /**< Overspend borne by the fund ("over_fund"). */
  YGT_BUDGET_OVER_COMMUNITY = 11,/**< Overspend borne by the community ("over_community"). */
  YGT_BUDGET_ENTITLED = 12,      /**< Inside + surplus kept − overspend borne ("entitled"). */
  YGT_BUDGET_PREPAID = 13,       /**< Monthly prepayments, before withholding ("prepaid"). */
  YGT_BUDGET_WITHHELD = 14,      /**< Quality guarantee fund withheld from the prepayments ("withheld"). */
  YGT_BUDGET_RELEASED = 15,      /**< Withheld money released at year end by the score ("released"). */
  YGT_BUDGET_FORFEITED = 16,     /**< Withheld money not released ("forfeited"). */
  YGT_BUDGET_CLEARING = 17,      /**< Year-end clearing: entitled − prepaid (negative: paid back) ("clearing"). */
  YGT_BUDGET_FINAL = 18          /**< Received for the year: prepaid − withheld + released + clearing = entitled − forfeited ("final"). */
} ygt_budget_field;

/** @brief Figures of an institution or a tier, read with ygt_budget_report_institution(). */
typedef enum ygt_budget_inst_field {
  YGT_BUDGET_INST_ACTUAL = 0,    /**< Fund spending of its community's residents treated there ("actual"). */
  YGT_BUDGET_INST_WORKLOAD = 1,  /**< Its workload (fund or encounters, all patients) ("workload"). */
  YGT_BUDGET_INST_SURPLUS = 2,   /**< Its part of the retained surplus ("surplus"). */
  YGT_BUDGET_INST_OVERSPEND = 3, /**< Its part of the community's overspend share ("overspend"). */
  YGT_BUDGET_INST_NET = 4        /**< actual + surplus − overspend ("net"). */
} ygt_budget_inst_field;

/** @brief Kinds of ledger lines. */
typedef enum ygt_budget_entry {
  YGT_BUDGET_ENTRY_PREPAY = 0,    /**< Monthly prepayment to the community ("prepay"). */
  YGT_BUDGET_ENTRY_WITHHOLD = 1,  /**< Quality fund withheld from a prepayment, negative ("withhold"). */
  YGT_BUDGET_ENTRY_RELEASE = 2,   /**< Withheld money released at year end ("release"). */
  YGT_BUDGET_ENTRY_CLEARING = 3,  /**< Year-end clearing ("clearing"). */
  YGT_BUDGET_ENTRY_SURPLUS = 4,   /**< Retained surplus given to an institution ("surplus"). */
  YGT_BUDGET_ENTRY_OVERSPEND = 5  /**< Overspend share borne by an institution, negative ("overspend"). */
} ygt_budget_entry;

/**
 * @brief Name of a #ygt_budget_field ("budget", "actual", ...).
 * @param field A #ygt_budget_field.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_budget_field_name(int field);

/**
 * @brief Name of a #ygt_budget_inst_field ("actual", "surplus", ...).
 * @param field A #ygt_budget_inst_field.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_budget_inst_field_name(int field);

/**
 * @brief Name of a #ygt_budget_entry ("prepay", "withhold", ...).
 * @param entry A #ygt_budget_entry.
 * @return A static string; NULL when out of range.
 */
YGT_API const char *ygt_budget_entry_name(int entry);

/**
 * @brief Load a budget file (doc/formats/budget.md) against a model.
 * @param[out] out Receives the budget, owned by the caller (ygt_budget_free()); NULL on failure, nothing leaked.
 * @param[in] model The model whose community codes the file names; not NULL; only read during the call.
 * @param[in] path The JSON file; not NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_EIO; #YGT_EPARSE (syntax,
 *         type, missing or unknown key); #YGT_EUNSUPPORTED (format or version);
 *         #YGT_ERANGE (a ratio or amount out of range); #YGT_EVALIDATE
 *         (overlapping or unordered bands, shares that do not add up);
 *         #YGT_ENOTFOUND (unknown community or insurance type); #YGT_EEXISTS
 *         (a community and insurance type given twice); #YGT_EOVERFLOW;
 *         #YGT_ENOMEM.  Errors name the file and the JSON path.
 */
YGT_API int ygt_budget_load(ygt_budget **out, const ygt_model *model, const char *path);

/**
 * @brief Parse a budget from JSON text.
 * @param[out] out Receives the budget; NULL on failure, nothing leaked.
 * @param[in] model The model; not NULL.
 * @param[in] json The text; not NULL.
 * @param[in] source Name used in error messages; NULL means "<string>".
 * @return As ygt_budget_load() (without #YGT_EIO).
 */
YGT_API int ygt_budget_parse(ygt_budget **out, const ygt_model *model, const char *json, const char *source);

/**
 * @brief Free a budget.
 * @param b The budget; NULL does nothing.
 */
YGT_API void ygt_budget_free(ygt_budget *b);

/**
 * @brief The year the budget is for.
 * @param[in] b The budget.
 * @return The year; #YGT_EINVAL for NULL.
 */
YGT_API int32_t ygt_budget_year(const ygt_budget *b);

/**
 * @brief A provenance field ("document", "locality", "note", "derived").
 *
 * "derived" is "" for a loaded budget; for one made by ygt_budget_next() it
 * names the year it came from and the rule ("from the 2024 budget and its
 * settlement: base actual, growth 0.06, carry none").
 * @param[in] b The budget; not NULL.
 * @param[in] key The key; not NULL.
 * @return A string owned by @p b ("" when not given); NULL for NULL arguments or an unknown key.
 */
YGT_API const char *ygt_budget_provenance(const ygt_budget *b, const char *key);

/**
 * @brief The budget of a community for one insurance type (or both).
 * @param[out] out Receives fen (0 where the file gives none); not NULL.
 * @param[in] b The budget; not NULL.
 * @param community Community index in the model.
 * @param insurance A #ygt_insurance, or -1 for the sum.
 * @return #YGT_OK; #YGT_EINVAL for NULL or bad indices.
 */
YGT_API int ygt_budget_amount(int64_t *out, const ygt_budget *b, int32_t community, int insurance);

/**
 * @brief A copy of a budget for a population @p scale times the model's.
 *
 * A synthetic county generated at population_scale s (county.h) spends about
 * s times what the whole county does; settling it against the file's budget
 * would show a surplus of about 1 - s.  The copy has every community's amount
 * × @p scale, rounded half away from zero to the fen; rules, bands and
 * provenance are the same.  The reserve and prepayment follow from the scaled
 * amount when settling.  The copy is a budget of its own: a report of @p b
 * does not settle it (ygt_budget_next()).
 * @param[out] out Receives the copy, owned by the caller (ygt_budget_free()); NULL on failure.
 * @param[in] b The budget; not NULL; only read.
 * @param scale Multiplier in [0, 1e6] (1 gives an equal copy).
 * @return #YGT_OK; #YGT_EINVAL for NULL; #YGT_ERANGE for a scale out of range or NaN;
 *         #YGT_EOVERFLOW when a scaled amount exceeds the loader's bound (1e15 yuan); #YGT_ENOMEM.
 * @since 0.2
 */
YGT_API int ygt_budget_scale(ygt_budget **out, const ygt_budget *b, double scale);

/**
 * @brief Next year's budget from this year's and its settlement (multi-year runs).
 *
 * The budget file's `next_year` rule (doc/formats/budget.md, Next year) says
 * what each line grows from: `actual` — this year's actual spending of the
 * line, so a community that saved gets a smaller base (the ratchet);
 * `budget` — this year's budget, so savings do not shrink it; `weighted` —
 * a weighted mean of the two; optionally raised to `floor` × this year's
 * budget.  Each line of the copy is round(base × (1 + growth)), computed
 * exactly and rounded once half away from zero; with `carry:
 * fund_overspend` the overspend the fund bore this year is deducted.  The
 * year is this year + 1; communities, insurance lines, bands, distribution,
 * reserve, prepayment and the rule itself are the same, so the call chains;
 * provenance "derived" says where it came from.  Nothing else is carried:
 * under seed 000 the surplus is kept and the overspend shared this year.
 * @param[out] out Receives the budget, owned by the caller (ygt_budget_free()); NULL on failure.
 * @param[in] b This year's budget; not NULL; only read.
 * @param[in] r The settlement of @p b itself (ygt_budget_settle() or ygt_budget_settle_pooled()); a report
 *            of another budget — an equal one, a scaled copy — is refused; not NULL; only read.
 * @return #YGT_OK; #YGT_EINVAL for NULL or a report of another budget; #YGT_ENOTFOUND when the file has no `next_year` rule; #YGT_ERANGE when the year is
 *         9999 or a carried overspend exceeds the next line; #YGT_EOVERFLOW beyond the loader's 1e15 yuan;
 *         #YGT_ENOMEM.
 * @since 0.2
 */
YGT_API int ygt_budget_next(ygt_budget **out, const ygt_budget *b, const ygt_budget_report *r);

/**
 * @brief Settle a year: money follows the patient, sharing, distribution, cash flow.
 *
 * "Out of the county" is by tier here; ygt_budget_settle_pooled() takes it
 * from referral rules and, with NULL rules, is this function — the Python
 * and Lua bindings call that one.
 *
 * Encounters of the budget's year (period YYYY or YYYYMM) with a resident
 * grid and an insurance type are charged to the budget of the grid's
 * community; the others are counted as unattributed.
 * @param[out] out Receives the report, owned by the caller (ygt_budget_report_free()); NULL on failure.
 * @param[in] b The budget; not NULL; must outlive nothing (the report copies what it needs).
 * @param[in] model The model the budget and the encounters were made with; not NULL; only read during the call.
 * @param[in] e The encounters; not NULL; columns institution, grid and period required, fund, insurance,
 *            referral and count used when present.  Only read during the call.
 * @param[in] card A scorecard whose money links (quality fund withhold and release, surplus multiplier) apply;
 *            NULL for none (nothing withheld, multiplier 1).
 * @param[in] scores Assessment score per community index (@p nscores of them); NULL when @p card is NULL.
 * @param nscores Number of scores; must equal the model's community count when @p card is not NULL.
 * @return #YGT_OK; #YGT_EINVAL for NULL or missing arguments, a NaN score or a missing column;
 *         #YGT_EOVERFLOW; #YGT_ENOMEM.
 */
YGT_API int ygt_budget_settle(ygt_budget_report **out, const ygt_budget *b, const ygt_model *model,
                              const ygt_encounters *e, const ygt_scorecard *card, const double *scores,
                              size_t nscores);

/**
 * @brief ygt_budget_settle() with "out of the county" taken from referral
 *        rules: an institution in no community is out of the county when it
 *        is outside the rules' pooling area (ygt_referral_rules_inside()),
 *        not by its tier; an institution of a community stays its
 *        community's destination.  This is how the county year settles, so
 *        the budget's outflow and the indicators' fund outflow count the
 *        same places.
 * @param[out] out Receives the report (ygt_budget_report_free()); NULL on failure.
 * @param[in] b The budget; not NULL.
 * @param[in] model The model; not NULL.
 * @param[in] rules Referral rules loaded on @p model, only read during the
 *            call; NULL is ygt_budget_settle().
 * @param[in] e The encounters; not NULL.
 * @param[in] card A scorecard for the money links; NULL for none.
 * @param[in] scores Assessment score per community; NULL when @p card is NULL.
 * @param nscores Number of scores.
 * @return As ygt_budget_settle(); #YGT_EINVAL also for rules loaded on
 *         another model.
 * @since 0.3
 */
YGT_API int ygt_budget_settle_pooled(ygt_budget_report **out, const ygt_budget *b, const ygt_model *model,
                                     const ygt_referral_rules *rules, const ygt_encounters *e,
                                     const ygt_scorecard *card, const double *scores, size_t nscores);

/**
 * @brief Free a report.
 * @param r The report; NULL does nothing.
 */
YGT_API void ygt_budget_report_free(ygt_budget_report *r);

/**
 * @brief A figure of a community, or of the whole county.
 * @param[out] out Receives fen; not NULL.
 * @param[in] r The report; not NULL.
 * @param community Community index, or -1 for the sum over communities.
 * @param insurance A #ygt_insurance, or -1 for the sum.
 * @param field A #ygt_budget_field.
 * @return #YGT_OK; #YGT_EINVAL for NULL or a bad index or field; #YGT_EOVERFLOW.
 */
YGT_API int ygt_budget_report_community(int64_t *out, const ygt_budget_report *r, int32_t community,
                                        int insurance, int field);

/**
 * @brief Balance ratio r = (budget − actual) / budget.
 * @param[out] out Receives r (NaN for a zero budget); not NULL.
 * @param[in] r The report; not NULL.
 * @param community Community index, or -1 for the county.
 * @param insurance A #ygt_insurance, or -1 for both.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_budget_report_ratio(double *out, const ygt_budget_report *r, int32_t community, int insurance);

/**
 * @brief A figure of an institution (summed over the communities it is lead or member of).
 * @param[out] out Receives fen (encounters for a workload by encounters); not NULL.
 * @param[in] r The report; not NULL.
 * @param institution Institution index.
 * @param field A #ygt_budget_inst_field.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_budget_report_institution(int64_t *out, const ygt_budget_report *r, int32_t institution,
                                          int field);

/**
 * @brief A figure of one tier of a community (the sum over its lead and members of that tier).
 * @param[out] out Receives fen; not NULL.
 * @param[in] r The report; not NULL.
 * @param community Community index, or -1 for every community.
 * @param tier A #ygt_tier.
 * @param field A #ygt_budget_inst_field.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_EOVERFLOW.
 */
YGT_API int ygt_budget_report_tier(int64_t *out, const ygt_budget_report *r, int32_t community, int tier,
                                   int field);

/**
 * @brief Number of destinations of money flows: the communities, then "in the county but in no
 *        community", then "out of the county".
 * @param[in] r The report; NULL gives 0.
 * @return The model's community count + 2; the destination of an institution in no community is
 *         "out of the county" when its tier is city or above.
 */
YGT_API size_t ygt_budget_report_destinations(const ygt_budget_report *r);

/**
 * @brief Where the money of a community's residents went.
 * @param[out] out Receives fen; not NULL.
 * @param[in] r The report; not NULL.
 * @param from Community index of the patients, or -1 for every community.
 * @param to A destination (see ygt_budget_report_destinations()).
 * @param referred 1: by referral, 0: without, -1: both.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_budget_report_flow(int64_t *out, const ygt_budget_report *r, int32_t from, int32_t to,
                                   int referred);

/**
 * @brief Share of the actual spending that left the county (Linxiang's "over 40 %").
 * @param[out] out Receives out_of_county / actual (0 when nothing was spent); not NULL.
 * @param[in] r The report; not NULL.
 * @param community Community index, or -1 for the county.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_budget_report_outflow_share(double *out, const ygt_budget_report *r, int32_t community);

/**
 * @brief Fund spending not charged to any budget (non-residents, no insurance type, grids of
 *        communities without a budget), and rows skipped.
 * @param[out] fund Receives the fund in fen; may be NULL.
 * @param[out] skipped Receives the rows of other years or with an index out of range; may be NULL.
 * @param[in] r The report; not NULL.
 * @return #YGT_OK; #YGT_EINVAL.
 */
YGT_API int ygt_budget_report_unattributed(int64_t *fund, int64_t *skipped, const ygt_budget_report *r);

/**
 * @brief Number of ledger lines.
 * @param[in] r The report; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_budget_report_ledger_count(const ygt_budget_report *r);

/**
 * @brief One ledger line.  Lines of a kind sum exactly to the report's totals.
 * @param[out] community Receives the community index; may be NULL.
 * @param[out] institution Receives the institution index, -1 for the community as a whole; may be NULL.
 * @param[out] insurance Receives the #ygt_insurance, -1 for distribution lines (both types); may be NULL.
 * @param[out] month Receives 1-12 for monthly lines, 13 for year-end lines; may be NULL.
 * @param[out] kind Receives the #ygt_budget_entry; may be NULL.
 * @param[out] amount Receives the amount in fen (positive: to the community); may be NULL.
 * @param[in] r The report; not NULL.
 * @param line Line index.
 * @return #YGT_OK; #YGT_EINVAL for NULL or a bad index.
 */
YGT_API int ygt_budget_report_ledger_line(int32_t *community, int32_t *institution, int *insurance, int *month,
                                          int *kind, int64_t *amount, const ygt_budget_report *r, size_t line);

YGT_END_DECLS

#endif /* YIGONGTI_BUDGET_H */
