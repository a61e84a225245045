/**
 * @file county.h
 * @brief Synthetic county generator: a seeded, deterministic year of
 *        residents, out-patient visits and in-patient stays, routed by a
 *        bundle's referral rules and priced, ready for settlement, budgets
 *        and scoring.
 *
 * A **case mix** (#ygt_casemix, file format doc/formats/casemix.md) lists
 * conditions: diagnosis, procedures, the age and sex band they occur in,
 * their rate per 1000 person-years, mean cost and its spread, length of stay
 * and the share that present as emergencies.
 *
 * ygt_county_generate() builds one year (#ygt_county) from a community model
 * (residents per grid, insured counts, institutions), a referral rule set
 * and a case mix:
 *
 * 1. **Residents**: round(grid population × @c population_scale) per grid,
 *    in model grid order; age from the built-in rural-county age pyramid
 *    (ygt_county_age_share()), sex 1:1, insurance by the grid's insured
 *    counts (employee, resident, the rest uninsured).
 *    **Signing** (家庭医生签约, column @c resident_signed): each institution's
 *    family-doctor teams signed Σ @c signed residents in the model; scaled
 *    by s = residents generated / Σ grid populations (the scale the year's
 *    capitation pools use) that is round(Σ signed × s) residents, drawn
 *    among the insured residents of the grids whose township institution
 *    it is (all of them when there are fewer; none for a team of an
 *    institution that is no grid's township).  The draw is selection
 *    sampling in resident order with one draw per resident from the seed
 *    (a stream of its own: no other column moved when it was added), so
 *    the count is exact and every set of that size equally likely.
 * 2. **Needs**: per resident a Poisson number of events of the conditions of
 *    its age and sex (rates × @c outpatient_factor or @c inpatient_factor),
 *    each with a day uniform in the year, a cost draw, a length of stay and
 *    whether it presents as an emergency.
 * 3. **First contact**: in-patient emergencies start at the grid's township
 *    (the ambulance goes where the rules send triage level
 *    @c emergency_acuity); out-patient emergencies at the county hospital
 *    (triage level 3); other needs go straight out of the county with
 *    probability @c out_of_county_bypass (out-patient) or
 *    @c inpatient_bypass (a share @c bypass_slip of them on a slip of the
 *    county hospital), else to the grid's primary care with probability
 *    @c primary_first_contact (a village clinic for @c village_share of
 *    out-patient visits when the grid has one), else to the county hospital
 *    (the lead of the grid's community), where a share @c inpatient_ask_out
 *    of the stays ask for a referral out of the county.
 *    **Cost response** (@c cost_response > 0): a patient going out of the
 *    county compares what they would pay there with what they would pay on
 *    the in-county contact the draws above give (the rules decide both
 *    routes and their money); one at the county hospital compares it with
 *    the grid's primary care.  With s the extra share of the chosen route's
 *    cost they would pay (clamped at 0), they take the cheaper contact with
 *    probability min(1, @c cost_response × s): a bigger penalty or a wider
 *    reimbursement gap keeps more needs in the county.
 *    **Phases and episodes**: an event of a condition with a phase
 *    (case-mix column @c phase) is in it for a share @c phase_share
 *    (stable chronic follow-ups, recovery, post-operative care), else
 *    acute; a stay of a condition with a @c continuation is followed, for a
 *    share @c continuation_share, by a stay of that condition admitted the
 *    day it ends, which starts where the first was treated (at home when
 *    that was out of the county) and carries the episode (its institution
 *    and deductible) so the rules' down lists and deductible continuity
 *    (连续计算起付线) apply.  **Specialty**: where a specialty rule names
 *    the need, a share @c specialty_share of the patients who would go to
 *    the county hospital go to the specialty community's lead (also on a
 *    referral up to its tier).
 * 4. **Routing**: the referral rules decide at the first contact
 *    (ygt_referral_decide() semantics, direction "decide" or "out", the
 *    event's phase and episode): treat
 *    here, refer up, down or out (the first destination treats the patient;
 *    a referral out without a destination in the model stays at the first
 *    contact), emergency.
 * 5. **Money**: cost = the need's draw × @c tier_cost of the treating tier;
 *    the fund pays what the rules' reimbursement gives for that route
 *    (deductible, ratio, penalty); uninsured residents pay everything.
 *
 * @par Determinism
 * Every random number is a hash of (seed, resident, event, draw) (a
 * counter-based generator), so the same seed and inputs give bit-identical
 * results, a resident's draws do not depend on other residents, and a
 * different rule set with the same seed gives the same residents and needs
 * (condition, day, emergency, cost draw, length of stay): only first contact
 * (when @c cost_response > 0), routing and money differ.  The cost response
 * has draws of its own, made only when it is on: with @c cost_response 0
 * every column is what it was before the option existed.
 *
 * @par Ownership and threads
 * A case mix and a county are immutable once built and may be shared
 * between threads.  A county borrows its model, rules and case mix: they
 * must outlive it.  Columns, the encounter batch and the case batch are
 * owned by the county (do not modify or free them).
 */
#ifndef YIGONGTI_COUNTY_H
#define YIGONGTI_COUNTY_H

#include <yigongti/common.h>
#include <yigongti/cases.h>
#include <yigongti/codes.h>
#include <yigongti/model.h>
#include <yigongti/referral.h>
#include <yigongti/score.h>

YGT_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/** @name Case mix
 *  @{ */

/** @brief A validated case mix (immutable; safe to share between threads). */
typedef struct ygt_casemix ygt_casemix;

/**
 * @brief Load a case-mix file (format: doc/formats/casemix.md).
 * @param[out] out Receives the case mix, owned by the caller (ygt_casemix_free());
 *             set to NULL on failure, and nothing is leaked.
 * @param[in] dx Diagnosis dictionary, or NULL: the case mix then builds and
 *             owns dictionaries holding exactly the codes it names (named
 *             after the first condition that names them).  Non-NULL: every
 *             diagnosis must be in it, and it must outlive the case mix.
 * @param[in] proc Procedure dictionary, or NULL (as @p dx).  Both NULL or both non-NULL.
 * @param[in] path The file; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL @p out or @p path, one dictionary
 *         NULL and the other not, or dictionaries of the wrong kind;
 *         #YGT_EIO; #YGT_EPARSE for a missing column or a malformed field;
 *         #YGT_ENOTFOUND for a code not in the given dictionary; #YGT_EEXISTS
 *         for a condition given twice; #YGT_ERANGE for a number out of range;
 *         #YGT_EVALIDATE for a file without conditions; #YGT_ENOMEM.  The
 *         error names the file, line and field.
 */
YGT_API int ygt_casemix_load(ygt_casemix **out, const ygt_codes *dx, const ygt_codes *proc, const char *path);

/**
 * @brief Free a case mix (and the dictionaries it built).
 * @param cm The case mix; NULL does nothing.
 */
YGT_API void ygt_casemix_free(ygt_casemix *cm);

/**
 * @brief The dictionary the case mix's code ids refer to.
 * @param[in] cm The case mix; NULL gives NULL.
 * @param kind #YGT_CODE_DIAGNOSIS or #YGT_CODE_PROCEDURE.
 * @return The dictionary given to ygt_casemix_load() or the one the case mix
 *         built (owned by it); NULL for a NULL case mix or another kind.
 */
YGT_API const ygt_codes *ygt_casemix_codes(const ygt_casemix *cm, int kind);

/**
 * @brief Number of conditions.
 * @param[in] cm The case mix; NULL gives 0.
 * @return The count; conditions are indexed 0 .. count - 1 in file order.
 */
YGT_API size_t ygt_casemix_count(const ygt_casemix *cm);

/**
 * @brief Index of a condition by its id.
 * @param[in] cm The case mix; may be NULL.
 * @param[in] condition The id; may be NULL.
 * @return The index, or -1 when not found (or a NULL argument).
 */
YGT_API int32_t ygt_casemix_find(const ygt_casemix *cm, const char *condition);

/**
 * @brief Id of a condition (column @c condition).
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @return A string owned by @p cm; NULL for a NULL case mix or bad index.
 */
YGT_API const char *ygt_casemix_condition(const ygt_casemix *cm, int32_t i);

/**
 * @brief Name of a condition (column @c name).
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @return A string owned by @p cm; NULL for a NULL case mix or bad index.
 */
YGT_API const char *ygt_casemix_name(const ygt_casemix *cm, int32_t i);

/**
 * @brief Setting of a condition.
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @return A #ygt_setting; #YGT_EINVAL for a NULL case mix or bad index.
 */
YGT_API int ygt_casemix_setting(const ygt_casemix *cm, int32_t i);

/**
 * @brief CHS-DRG group code of a condition's typical case (column @c group).
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @return A string owned by @p cm, "" when none; NULL for a NULL case mix or bad index.
 */
YGT_API const char *ygt_casemix_group(const ygt_casemix *cm, int32_t i);

/**
 * @brief Per-diem class of a condition paid per day (column @c long_stay).
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @return A string owned by @p cm, "" when none; NULL for a NULL case mix or bad index.
 */
YGT_API const char *ygt_casemix_long_stay(const ygt_casemix *cm, int32_t i);

/**
 * @brief Primary-care workload item of a condition (column @c workload).
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @return A string owned by @p cm, "" when none; NULL for a NULL case mix or bad index.
 */
YGT_API const char *ygt_casemix_workload(const ygt_casemix *cm, int32_t i);

/** @brief Fields of a condition, read with ygt_casemix_value(). */
typedef enum ygt_casemix_field {
  YGT_CASEMIX_SEX = 0,       /**< 0 any, 1 male, 2 female ("sex"). */
  YGT_CASEMIX_AGE_FROM = 1,  /**< Youngest age in years ("age_from"). */
  YGT_CASEMIX_AGE_TO = 2,    /**< Oldest age in years ("age_to"). */
  YGT_CASEMIX_RATE = 3,      /**< Events per 1000 person-years in the band ("rate"). */
  YGT_CASEMIX_COST = 4,      /**< Mean cost in yuan at a county hospital ("cost"). */
  YGT_CASEMIX_COST_CV = 5,   /**< Coefficient of variation of the cost ("cost_cv"). */
  YGT_CASEMIX_LOS = 6,       /**< Mean length of stay in days, 0 for out-patient ("los"). */
  YGT_CASEMIX_EMERGENCY = 7, /**< Share presenting as emergencies ("emergency"). */
  YGT_CASEMIX_DIAGNOSIS = 8, /**< Principal diagnosis code id ("diagnosis"). */
  YGT_CASEMIX_PROCEDURE = 9, /**< Principal procedure code id, -1 for none ("procedure"). */
  YGT_CASEMIX_PHASE = 10,    /**< The #ygt_phase of a share of the events ("phase"; default acute). */
  YGT_CASEMIX_PHASE_SHARE = 11, /**< Share of the events in that phase, the rest acute ("phase_share"). */
  YGT_CASEMIX_CONTINUATION = 12, /**< Index of the condition of the stay that continues some of these stays in the same episode, -1 for none ("continuation"). */
  YGT_CASEMIX_CONTINUATION_SHARE = 13, /**< Share of the stays followed by the continuation ("continuation_share"). */
  YGT_CASEMIX_SPECIALTY_SHARE = 14 /**< Share of the patients whose need a specialty rule names who go to that specialty community's lead ("specialty_share"; default 0.5). */
} ygt_casemix_field;

/**
 * @brief A number of a condition.
 * @param[out] out Receives the value; unchanged on failure.
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @param field A #ygt_casemix_field.
 * @return #YGT_OK; #YGT_EINVAL for NULL pointers, a bad index or field.
 */
YGT_API int ygt_casemix_value(double *out, const ygt_casemix *cm, int32_t i, int field);

/**
 * @brief Code ids of a condition's secondary diagnoses or procedures.
 * @param[out] ids Receives a pointer to the ids (owned by @p cm); may be NULL.
 * @param[out] n Receives the count; must not be NULL.
 * @param[in] cm The case mix.
 * @param i Condition index.
 * @param kind #YGT_CODE_DIAGNOSIS (the secondary diagnoses) or #YGT_CODE_PROCEDURE
 *        (every procedure, the principal first).
 * @return #YGT_OK; #YGT_EINVAL for NULL pointers, a bad index or kind.
 */
YGT_API int ygt_casemix_codes_of(const int32_t **ids, size_t *n, const ygt_casemix *cm, int32_t i, int kind);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Options
 *  @{ */

/** @brief Version of #ygt_county_options that this header describes. */
#define YGT_COUNTY_OPTIONS_VERSION 2

/**
 * @brief Parameters of a synthetic year.  Start from #YGT_COUNTY_OPTIONS_INIT
 *        or ygt_county_options_init_version(); fields are only appended (doc/abi.md).
 *        Defaults are in brackets.  A caller built against version 1 (0.1)
 *        passes the fields up to @c cost_response; the later ones then take
 *        their defaults.  A bundle's settings file (county_settings.h) fills
 *        these for a given year.
 */
typedef struct ygt_county_options {
  int version;                  /**< #YGT_COUNTY_OPTIONS_VERSION. */
  uint64_t seed;                /**< Seed of every random draw [1]. */
  int32_t year;                 /**< Calendar year, 1900..9999 [2024]; 366 days when a leap year. */
  double population_scale;      /**< Residents per person of the model's grid populations, 0..100 [1.0]. */
  double outpatient_factor;     /**< Multiplier of the out-patient rates, 0..100 [1.0]. */
  double inpatient_factor;      /**< Multiplier of the in-patient and day-surgery rates, 0..100 [1.0]. */
  double primary_first_contact; /**< Share of non-emergency needs that start at the grid's primary care, 0..1 [0.6]. */
  double out_of_county_bypass;  /**< Share of non-emergency out-patient needs that go straight out of the county, 0..1 [0.04]. */
  double inpatient_bypass;      /**< Share of non-emergency in-patient and day-surgery needs that go straight out of the county, 0..1 [0.12]. */
  double village_share;         /**< Share of primary-care out-patient first contacts at a village clinic when the grid has one, 0..1 [0.6]. */
  double tier_cost[6];          /**< Cost multiplier per #ygt_tier (village .. out_of_area), > 0 [0.6, 0.8, 1.0, 1.5, 1.8, 2.0]. */
  double bypass_weight[3];      /**< Weights of the city, province and out-of-area tiers for the bypass, >= 0 [0.6, 0.3, 0.1]. */
  double los_cv;                /**< Coefficient of variation of the length of stay (log-normal), 0..5 [0.5]. */
  int32_t emergency_acuity;     /**< Triage level (1..4) given to in-patient emergencies [2]; out-patient emergencies get 3. */
  double inpatient_ask_out;     /**< Share of non-emergency in-patient and day-surgery needs presenting at the county hospital that ask for a referral out of the county (direction "out"; the rules decide slip and penalty), 0..1 [0.10]. */
  double bypass_slip;           /**< Share of out-of-county bypasses holding a slip of the county hospital issued that day (异地就医备案: no penalty, counted as referred out), 0..1 [0.5]. */
  double cost_response;         /**< Cost response: a patient who would go out of the county, or to the county hospital instead of primary care, and would pay a share s of that route's cost more out of pocket than on the in-county (primary-care) route takes that route with probability min(1, cost_response × s), 0..100 [0: patients do not respond; the bypass options then are the shares observed under the bundle's rules, see doc/formats/casemix.md]. */
  /* version 2 (0.2) */
  double male_share;            /**< Share of residents who are male, 0..1 [0.5]. (version 2) */
  double age_pyramid[20];       /**< Relative weights of the 5-year age bands 0-4 .. 95-99, each 0..100; all 0 means the built-in pyramid (ygt_county_age_share()) [all 0]. (version 2) */
} ygt_county_options;

/** @brief Initialiser of #ygt_county_options with its defaults. */
#define YGT_COUNTY_OPTIONS_INIT \
  {YGT_COUNTY_OPTIONS_VERSION, 1u, 2024, 1.0, 1.0, 1.0, 0.6, 0.04, 0.12, 0.6, \
   {0.6, 0.8, 1.0, 1.5, 1.8, 2.0}, {0.6, 0.3, 0.1}, 0.5, 2, 0.10, 0.5, 0.0, 0.5, {0}}

/**
 * @brief Set version-1 options (0.1's struct) to their defaults, version 1.
 *
 * A program built against 0.1 allocates the version-1 struct, so this
 * function writes only its fields.  New code uses #YGT_COUNTY_OPTIONS_INIT
 * or ygt_county_options_init_version().
 * @note C only in the bindings: they fill the struct themselves (doc/bindings-c-only.tsv).
 * @param[out] o The options; NULL does nothing.
 */
YGT_API void ygt_county_options_init(ygt_county_options *o);

/**
 * @brief Set options of a given version to their defaults (for callers that cannot use the macro).
 * @param[out] o The options, at least as large as that version's struct.
 * @param version 1 .. #YGT_COUNTY_OPTIONS_VERSION; the fields of later versions are not written.
 * @return #YGT_OK; #YGT_EINVAL for NULL or an unknown version.
 */
YGT_API int ygt_county_options_init_version(ygt_county_options *o, int version);

/**
 * @brief Share of residents of one age in the built-in age pyramid (a rural
 *        Chinese county, 2020 census shape: 5-year bands spread evenly over
 *        their years, ages 0..99, about 25 % aged 60 and over).
 * @param age Age in years.
 * @return The share (the shares of ages 0..99 sum to 1); 0 outside 0..99.
 */
YGT_API double ygt_county_age_share(int age);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Generating a year
 *  @{ */

/** @brief One synthetic year of a county (immutable; safe to share between threads). */
typedef struct ygt_county ygt_county;

/**
 * @brief Generate one synthetic year.
 * @param[out] out Receives the county, owned by the caller (ygt_county_free());
 *             set to NULL on failure, and nothing is leaked.
 * @param[in] model The community model; must not be NULL and outlive the county.
 * @param[in] rules Referral rules loaded with @p model and the case mix's
 *             diagnosis dictionary (ygt_casemix_codes(cm, #YGT_CODE_DIAGNOSIS));
 *             must not be NULL and must outlive the county.
 * @param[in] cm The case mix; must not be NULL and must outlive the county.
 * @param[in] opts The options; NULL means the defaults.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer, a bad options version,
 *         an option out of range (named in the message), rules built on
 *         another model or dictionary, or a grid without any institution to
 *         go to; #YGT_ELIMIT when the residents, events or stays do not fit
 *         in 2^31 - 1; #YGT_EOVERFLOW when a cost does not fit; #YGT_ENOMEM.
 */
YGT_API int ygt_county_generate(ygt_county **out, const ygt_model *model, const ygt_referral_rules *rules,
                                const ygt_casemix *cm, const ygt_county_options *opts);

/**
 * @brief Generate a year's encounter totals only, for the year before of
 *        ygt_year_run() (#ygt_year_inputs @c previous).
 *
 * The events are generated, routed and paid exactly as ygt_county_generate()
 * does with the same arguments, but summed as they are made and not kept,
 * so the memory does not grow with the events.  The county has its
 * residents and no events: ygt_county_event_count() is 0, the event columns
 * are empty and ygt_county_cases() is NULL.  ygt_county_encounters() has
 * one row per institution × grid × setting × insurance × referral that had
 * an event, in that key order, with the year as its period, the events'
 * summed cost and fee-for-service fund, and their count.  A year run takes
 * it as the year before (the same result as with the full county), never
 * as the year.
 * @param[out] out Receives the county (ygt_county_free()); NULL on failure.
 * @param[in] model As ygt_county_generate().
 * @param[in] rules As ygt_county_generate().
 * @param[in] cm As ygt_county_generate().
 * @param[in] opts As ygt_county_generate().
 * @return As ygt_county_generate().
 */
YGT_API int ygt_county_generate_totals(ygt_county **out, const ygt_model *model, const ygt_referral_rules *rules,
                                       const ygt_casemix *cm, const ygt_county_options *opts);

/**
 * @brief Generate a year with the residents and needs of another county,
 *        under other referral rules or routing options.
 *
 * The result is, bit for bit, what ygt_county_generate() gives with
 * @p like's model and case mix and these rules and options: needs never
 * depend on the rules or on the routing options, so they are copied and
 * only routed again, which costs about three quarters of a generation.  A
 * comparison of scenarios on one county (python3 -m yigongti simulate)
 * generates the first county and the others like it.
 * @param[out] out Receives the county (ygt_county_free()); NULL on failure.
 * @param[in] like A county of ygt_county_generate() (not totals only); it may
 *        be freed afterwards (its model and case mix must outlive both).
 * @param[in] rules The referral rules, loaded with @p like's model and its
 *        case mix's diagnosis dictionary.
 * @param[in] opts The options; NULL means the defaults.  Those that shape the
 *        needs must equal @p like's: @c seed, @c year, @c population_scale,
 *        @c outpatient_factor, @c inpatient_factor, @c los_cv, @c male_share
 *        and @c age_pyramid; the others (first contact, bypass, village share,
 *        tier costs, bypass weights, emergency acuity, asking out, slips, cost
 *        response) may differ.
 * @return As ygt_county_generate(); #YGT_EINVAL also names an option that
 *         differs from @p like's where it must not, or a totals-only @p like.
 */
YGT_API int ygt_county_generate_like(ygt_county **out, const ygt_county *like, const ygt_referral_rules *rules,
                                     const ygt_county_options *opts);

/**
 * @brief Free a county, its columns and batches.
 * @param c The county; NULL does nothing.
 */
YGT_API void ygt_county_free(ygt_county *c);

/**
 * @brief The model a county was generated on.
 * @param[in] c The county; NULL gives NULL.
 * @return The borrowed model.
 */
YGT_API const ygt_model *ygt_county_model(const ygt_county *c);

/**
 * @brief The referral rules a county was routed with.
 * @param[in] c The county; NULL gives NULL.
 * @return The borrowed rule set.
 */
YGT_API const ygt_referral_rules *ygt_county_rules(const ygt_county *c);

/**
 * @brief The case mix a county was generated from.
 * @param[in] c The county; NULL gives NULL.
 * @return The borrowed case mix.
 */
YGT_API const ygt_casemix *ygt_county_casemix(const ygt_county *c);

/**
 * @brief The calendar year of a county (option @c year).
 * @param[in] c The county.
 * @return The year; #YGT_EINVAL for NULL.
 */
YGT_API int32_t ygt_county_year(const ygt_county *c);

/**
 * @brief Number of residents.
 * @param[in] c The county; NULL gives 0.
 * @return The count (rows of the resident columns).
 */
YGT_API size_t ygt_county_resident_count(const ygt_county *c);

/**
 * @brief Number of events (out-patient visits, in-patient stays and day surgeries).
 * @param[in] c The county; NULL gives 0.
 * @return The count (rows of the event columns).
 */
YGT_API size_t ygt_county_event_count(const ygt_county *c);

/**
 * @brief Columns of a county.  Resident columns have one row per resident,
 *        event columns one per event, in resident order (a resident's events
 *        are consecutive, by day).  The element type of each is fixed.
 */
typedef enum ygt_county_field {
  YGT_COUNTY_RESIDENT_GRID = 0,      /**< int32: grid index in the model ("resident_grid"). */
  YGT_COUNTY_RESIDENT_AGE = 1,       /**< int8: age in years, 0..99 ("resident_age"). */
  YGT_COUNTY_RESIDENT_SEX = 2,       /**< int8: 1 male, 2 female ("resident_sex"). */
  YGT_COUNTY_RESIDENT_INSURANCE = 3, /**< int8: a #ygt_insurance, -1 uninsured ("resident_insurance"). */
  YGT_COUNTY_EVENT_PATIENT = 4,      /**< int32: resident index ("patient"). */
  YGT_COUNTY_EVENT_CONDITION = 5,    /**< int32: condition index in the case mix ("condition"). */
  YGT_COUNTY_EVENT_DAY = 6,          /**< int32: day of the year, 1..366; for stays the discharge day ("day"). */
  YGT_COUNTY_EVENT_MONTH = 7,        /**< int8: month of @c day, 1..12 ("month"). */
  YGT_COUNTY_EVENT_SETTING = 8,      /**< int8: a #ygt_setting ("setting"). */
  YGT_COUNTY_EVENT_FIRST_CONTACT = 9,/**< int32: institution where the patient presented ("first_contact"). */
  YGT_COUNTY_EVENT_INSTITUTION = 10, /**< int32: institution that treated the patient ("institution"). */
  YGT_COUNTY_EVENT_ROUTE = 11,       /**< int8: the #ygt_route decided at the first contact ("route"). */
  YGT_COUNTY_EVENT_REFERRAL = 12,    /**< int8: a #ygt_encounter_referral ("referral"). */
  YGT_COUNTY_EVENT_DIAGNOSIS = 13,   /**< int32: principal diagnosis code id ("diagnosis"). */
  YGT_COUNTY_EVENT_PROCEDURE = 14,   /**< int32: principal procedure code id, -1 for none ("procedure"). */
  YGT_COUNTY_EVENT_LOS = 15,         /**< int32: length of stay in days, 0 for out-patient ("los"). */
  YGT_COUNTY_EVENT_COST = 16,        /**< int64: total cost in fen ("cost"). */
  YGT_COUNTY_EVENT_FUND = 17,        /**< int64: fee-for-service fund payment under the rules' reimbursement, in fen ("fund"). */
  YGT_COUNTY_EVENT_PATIENT_PAID = 18,/**< int64: cost - fund, in fen ("patient_paid"). */
  YGT_COUNTY_EVENT_CASE_ROW = 19,    /**< int32: row in ygt_county_cases(), -1 for out-patient ("case_row"). */
  YGT_COUNTY_EVENT_GRID = 20,        /**< int32: the patient's grid ("grid"). */
  YGT_COUNTY_EVENT_PERIOD = 21,      /**< int32: year × 100 + month ("period"). */
  YGT_COUNTY_EVENT_INSURANCE = 22,   /**< int8: the patient's #ygt_insurance, -1 uninsured ("insurance"). */
  YGT_COUNTY_EVENT_EMERGENCY = 23,   /**< int8: 1 when the need presented as an emergency ("emergency"). */
  YGT_COUNTY_RESIDENT_SIGNED = 24,   /**< int8: 1 when the resident signed with a family-doctor team of its grid's
                                          township institution, else 0 ("resident_signed"); see "Signing" above. */
  YGT_COUNTY_EVENT_PHASE = 25,       /**< int8: the #ygt_phase the rules were asked with ("phase"). */
  YGT_COUNTY_EVENT_EPISODE = 26,     /**< int32: row of the stay this stay continues (same episode), -1 ("episode"). */
  YGT_COUNTY_EVENT_CONTINUITY = 27   /**< int8: the #ygt_continuity applied to the deductible, -1 when none ("continuity"). */
} ygt_county_field;

/**
 * @brief Name of a column, e.g. "resident_age".
 * @param column A #ygt_county_field.
 * @return A static string; NULL out of range (bindings count up from 0 until NULL).
 */
YGT_API const char *ygt_county_column_name(int column);

/**
 * @brief Element size of a column in bytes: 1 (int8), 4 (int32) or 8 (int64).
 * @param column A #ygt_county_field.
 * @return The size; #YGT_EINVAL out of range.
 */
YGT_API int ygt_county_column_width(int column);

/**
 * @brief Borrow a column.
 * @param[out] data Receives the array (owned by @p c, valid while it lives;
 *             NULL for an empty column); must not be NULL.
 * @param[out] n Receives the number of rows; must not be NULL.
 * @param[in] c The county; must not be NULL.
 * @param column A #ygt_county_field.
 * @return #YGT_OK; #YGT_EINVAL for NULL pointers or an unknown column;
 *         #YGT_ENOMEM when a column that follows from others (month, period,
 *         diagnosis, procedure, grid, insurance, patient_paid: not stored
 *         while generating, made on the first request, safely from several
 *         threads at once) cannot be made (then @p data is NULL and @p n 0).
 */
YGT_API int ygt_county_column(const void **data, size_t *n, const ygt_county *c, int column);

/**
 * @brief Every event as an encounter batch, owned by the county, over its
 *        columns without copying: institution, grid, period (year × 100 +
 *        month), setting, insurance, referral, cost, fund.  Feed it to
 *        ygt_budget_settle() and ygt_indicator_values_compute().  Made on the first request (with
 *        the grid, period and insurance columns), safely from several threads.
 * @param[in] c The county; NULL gives NULL.
 * @return The batch; do not attach to it or free it.  NULL when it cannot be
 *         made (#YGT_ENOMEM, in ygt_error_last()).
 */
YGT_API const ygt_encounters *ygt_county_encounters(const ygt_county *c);

/**
 * @brief In-patient and day-surgery stays as a case batch owned by the
 *        county, over the case mix's dictionaries: INSTITUTION, INSURANCE
 *        (#YGT_CASES_NA when uninsured), AGE_YEARS, AGE_DAYS (age × 365 + 180,
 *        or the days since birth for infants), BIRTH_WEIGHT_G (3200 for infants
 *        under 29 days, else missing), SEX, PDX, SDX, PROCS, LOS_DAYS, ADMIT_DATE
 *        (discharge minus the stay), DISCHARGE_DATE, LEAVING_TYPE (1),
 *        DAY_SURGERY, TOTAL_COST and FUND_PAID.  Feed it to the DRG grouper,
 *        DIP, and the point and DRG rate methods (with dictionaries of the
 *        pack: load the case mix with the pack's dictionaries).
 * @param[in] c The county; NULL gives NULL.
 * @return The batch; do not modify or free it.
 */
YGT_API const ygt_cases *ygt_county_cases(const ygt_county *c);

/** @} */

YGT_END_DECLS

#endif /* YIGONGTI_COUNTY_H */
