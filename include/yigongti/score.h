/**
 * @file score.h
 * @brief Performance scoring (绩效考核): indicators computed from encounter
 *        batches and the community model, scorecards, and the money that
 *        follows the score.
 *
 * The pieces, in the order they are used:
 *
 * 1. An **encounter batch** (#ygt_encounters): one row per out-patient visit,
 *    in-patient stay or day-surgery case (or per group of them, with a
 *    count), held as caller-owned columns attached without copying, or
 *    loaded from a table.
 * 2. An **indicator registry** (#ygt_indicators): indicators as data — a
 *    formula over measures (sums over filtered encounters, model figures or
 *    external inputs), a direction, a unit, a target and a floor.  The
 *    shipped national set is ygt_indicators_defaults().
 * 3. **External inputs** (#ygt_score_inputs): survey results and other
 *    figures that do not come from encounters, by name, scope and period.
 * 4. **Indicator values** (#ygt_indicator_values): every indicator for every
 *    scope (county, community, tier, institution), for one period and
 *    against the previous one, computed in one pass over the batch.
 * 5. A **scorecard** (#ygt_scorecard): dimensions of weighted items, each
 *    with a scoring method; grade bands; money links.  ygt_scorecard_score()
 *    gives a #ygt_score: the total, the grade, veto state, every item's value
 *    and points and why, as data and as text lines.
 *
 * Formats (indicator tables, the measure language, scorecard JSON, inputs
 * and encounter tables) are in doc/formats/score.md.
 */
#ifndef YIGONGTI_SCORE_H
#define YIGONGTI_SCORE_H

#include <yigongti/common.h>
#include <yigongti/model.h>
#include <yigongti/referral.h>

YGT_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/** @name Enumerations
 *  The @c _name functions return NULL for values out of range, so bindings
 *  can list the values by counting up from 0.
 *  @{ */

/** @brief Columns of an encounter batch.  The element type of each is fixed. */
typedef enum ygt_encounter_column {
  YGT_ENC_INSTITUTION = 0, /**< int32: institution index in the model (required). */
  YGT_ENC_GRID = 1,        /**< int32: the patient's grid index, -1 for a non-resident (required). */
  YGT_ENC_PERIOD = 2,      /**< int32: period, e.g. 2023 or 202301 (required). */
  YGT_ENC_SETTING = 3,     /**< int8: 0 out-patient, 1 in-patient, 2 day surgery (required). */
  YGT_ENC_INSURANCE = 4,   /**< int8: a #ygt_insurance, -1 unknown or uninsured (default -1). */
  YGT_ENC_REFERRAL = 5,    /**< int8: a #ygt_encounter_referral (default none). */
  YGT_ENC_COST = 6,        /**< int64: total cost in fen (default 0). */
  YGT_ENC_FUND = 7,        /**< int64: fund payment in fen (default 0). */
  YGT_ENC_COUNT = 8        /**< int64: encounters the row stands for, >= 0 (default 1). */
} ygt_encounter_column;

/** @brief How an encounter came about with respect to referral. */
typedef enum ygt_encounter_referral {
  YGT_ENC_REFERRAL_NONE = 0, /**< Not referred ("none"). */
  YGT_ENC_REFERRAL_UP = 1,   /**< Referred up inside the county ("up"). */
  YGT_ENC_REFERRAL_DOWN = 2, /**< Referred down to primary care ("down"). */
  YGT_ENC_REFERRAL_OUT = 3   /**< Referred out of the county ("out"). */
} ygt_encounter_referral;

/** @brief Where an indicator is computed. */
typedef enum ygt_scope {
  YGT_SCOPE_COUNTY = 0,      /**< Encounters of all residents, wherever treated ("county"). */
  YGT_SCOPE_COMMUNITY = 1,   /**< Encounters of the residents of the community's grids ("community"). */
  YGT_SCOPE_TIER = 2,        /**< Encounters at institutions of a #ygt_tier ("tier"). */
  YGT_SCOPE_INSTITUTION = 3  /**< Encounters at one institution ("institution"). */
} ygt_scope;

/** @brief Whether more or less of an indicator is better. */
typedef enum ygt_indicator_direction {
  YGT_HIGHER_BETTER = 0, /**< ("higher"). */
  YGT_LOWER_BETTER = 1   /**< ("lower"). */
} ygt_indicator_direction;

/** @brief How an indicator's value is formed from its numerator N and denominator D. */
typedef enum ygt_indicator_formula {
  YGT_FORMULA_RATIO = 0,  /**< scale × N / D ("ratio"). */
  YGT_FORMULA_GROWTH = 1, /**< scale × ((N/D) / (N'/D') − 1), primes for the previous period; D may be absent ("growth"). */
  YGT_FORMULA_VALUE = 2   /**< scale × N ("value"). */
} ygt_indicator_formula;

/** @brief Status of a computed indicator value. */
typedef enum ygt_value_status {
  YGT_VALUE_OK = 0,               /**< The value is defined ("ok"). */
  YGT_VALUE_ZERO_DENOMINATOR = 1, /**< The denominator is zero ("zero_denominator"). */
  YGT_VALUE_NO_PREVIOUS = 2,      /**< Growth against a previous period whose figure is zero ("no_previous"). */
  YGT_VALUE_MISSING_INPUT = 3,    /**< An external input was not given ("missing_input"). */
  YGT_VALUE_NOT_APPLICABLE = 4    /**< A model figure has no meaning at this scope ("not_applicable"). */
} ygt_value_status;

/** @brief Scoring methods of scorecard items (formulas in doc/formats/score.md). */
typedef enum ygt_scoring_method {
  YGT_METHOD_ATTAINMENT = 0,   /**< w·min(1, x/target), or w·min(1, target/x) when lower is better ("attainment"). */
  YGT_METHOD_LINEAR = 1,       /**< Linear between floor (0) and target (w) ("linear"). */
  YGT_METHOD_DEDUCTION = 2,    /**< w minus points per unit of shortfall, not below 0 ("deduction"). */
  YGT_METHOD_PROPORTIONAL = 3, /**< w·(x − zero)/(full − zero), clamped ("proportional"). */
  YGT_METHOD_BANDS = 4,        /**< Points of the band the value falls in ("bands"). */
  YGT_METHOD_LEVELS = 5,       /**< Qualitative level: the value is a 0-based level index ("levels"). */
  YGT_METHOD_VETO = 6          /**< No points; caps the total when its condition holds ("veto"). */
} ygt_scoring_method;

/**
 * @brief File name of an encounter column, e.g. "institution".
 * @param column A #ygt_encounter_column.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_encounter_column_name(int column);
/**
 * @brief Parse an encounter column name.
 * @param[out] out Receives the #ygt_encounter_column; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_encounter_column_from_name(int *out, const char *name);
/**
 * @brief Element size in bytes of an encounter column (1, 4 or 8).
 * @param column A #ygt_encounter_column.
 * @return The size; #YGT_EINVAL when out of range.
 */
YGT_API int ygt_encounter_column_width(int column);
/**
 * @brief File name of an encounter referral kind, e.g. "up".
 * @param referral A #ygt_encounter_referral.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_encounter_referral_name(int referral);
/**
 * @brief File name of a scope kind, e.g. "community".
 * @param scope A #ygt_scope.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_scope_name(int scope);
/**
 * @brief Parse a scope kind name.
 * @param[out] out Receives the #ygt_scope; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_scope_from_name(int *out, const char *name);
/**
 * @brief File name of a direction ("higher" or "lower").
 * @param direction A #ygt_indicator_direction.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_indicator_direction_name(int direction);
/**
 * @brief File name of a formula ("ratio", "growth", "value").
 * @param formula A #ygt_indicator_formula.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_indicator_formula_name(int formula);
/**
 * @brief File name of a value status, e.g. "zero_denominator".
 * @param status A #ygt_value_status.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_value_status_name(int status);
/**
 * @brief File name of a scoring method, e.g. "linear".
 * @param method A #ygt_scoring_method.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_scoring_method_name(int method);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Encounter batch
 *  Columns are attached without copying: the caller keeps the arrays alive
 *  and unchanged while the batch is used.  Every attached column has the
 *  same length.  Rows whose values are out of range (an institution or grid
 *  index the model does not have, an unknown setting ...) are not errors:
 *  they are skipped and counted (ygt_indicator_values_skipped()).
 *
 *  Stays of a case batch (cases.h) are fed the same way: attach the case
 *  batch's institution, insurance, total cost and fund columns, a setting
 *  column (1, or 2 for day surgery), a period column derived from the
 *  discharge date and the patients' grids.
 *  @{ */

/** @brief A columnar batch of encounters (opaque; one thread at a time). */
typedef struct ygt_encounters ygt_encounters;

/**
 * @brief Create an empty batch.
 * @param[out] out Receives the batch, owned by the caller (ygt_encounters_free()); NULL on failure.
 * @return #YGT_OK; #YGT_EINVAL if @p out is NULL; #YGT_ENOMEM.
 */
YGT_API int ygt_encounters_new(ygt_encounters **out);

/**
 * @brief Load a batch from a TSV or CSV table (doc/formats/score.md), resolving
 *        institution and grid codes against a model.
 * @param[out] out Receives the batch, which owns its columns; NULL on failure, nothing leaked.
 * @param[in] model The model the codes refer to; must not be NULL; only read during the call.
 * @param[in] path The table file (".csv" is CSV, anything else TSV); must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_EIO; #YGT_EPARSE for a
 *         malformed table or field (file, line, column and field named);
 *         #YGT_ENOTFOUND for an unknown institution or grid code; #YGT_ENOMEM.
 */
YGT_API int ygt_encounters_load(ygt_encounters **out, const ygt_model *model, const char *path);

/**
 * @brief Free a batch (not the attached arrays).
 * @param e The batch; NULL does nothing.
 */
YGT_API void ygt_encounters_free(ygt_encounters *e);

/**
 * @brief Attach a caller-owned column (no copy).
 * @param e The batch; must not be NULL.
 * @param column A #ygt_encounter_column; the array's element type is the column's.
 * @param[in] data @p n elements; must not be NULL; borrowed until the column
 *            is replaced or the batch freed.
 * @param n Rows; must equal the length of the columns attached before (the
 *          first attach sets it).
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer, an unknown column or a
 *         length that differs from the batch's; #YGT_ESTATE for a loaded batch.
 */
YGT_API int ygt_encounters_attach(ygt_encounters *e, int column, const void *data, size_t n);

/**
 * @brief Number of rows.
 * @param[in] e The batch; NULL gives 0.
 * @return The row count (0 before the first attach).
 */
YGT_API size_t ygt_encounters_count(const ygt_encounters *e);

/**
 * @brief Smallest and largest period of the batch (e.g. to choose the period to assess).
 * @param[out] min Receives the smallest period; may be NULL.
 * @param[out] max Receives the largest period; may be NULL.
 * @param[in] e The batch; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL batch; #YGT_ENOTFOUND for a batch
 *         without rows or without a period column.
 */
YGT_API int ygt_encounters_period_range(int32_t *min, int32_t *max, const ygt_encounters *e);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Indicator registry
 *  @{ */

/** @brief An immutable set of indicator definitions (opaque; shareable between threads). */
typedef struct ygt_indicators ygt_indicators;

/**
 * @brief The indicators shipped with the library (doc/formats/score.md lists them).
 * @param[out] out Receives a new registry owned by the caller; NULL on failure.
 * @return #YGT_OK; #YGT_EINVAL if @p out is NULL; #YGT_ENOMEM.
 */
YGT_API int ygt_indicators_defaults(ygt_indicators **out);

/**
 * @brief Load an indicator registry from a TSV or CSV table.
 * @param[out] out Receives the registry owned by the caller; NULL on failure, nothing leaked.
 * @param[in] path The table; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_EIO; #YGT_EPARSE for a
 *         malformed row or measure expression; #YGT_EEXISTS for a duplicate id;
 *         #YGT_EVALIDATE for a broken rule (a growth without previous period
 *         measure, a floor on the wrong side of the target ...); #YGT_ENOMEM.
 *         Errors name the file, line, column and field.
 */
YGT_API int ygt_indicators_load(ygt_indicators **out, const char *path);

/**
 * @brief Free a registry.
 * @param r The registry; NULL does nothing.
 */
YGT_API void ygt_indicators_free(ygt_indicators *r);

/**
 * @brief Number of indicators.
 * @param[in] r The registry; NULL gives 0.
 * @return The count; indices run from 0 to count - 1 in file order.
 */
YGT_API size_t ygt_indicators_count(const ygt_indicators *r);

/**
 * @brief Index of an indicator by id.
 * @param[in] r The registry; must not be NULL.
 * @param[in] id The id; must not be NULL.
 * @return The index; #YGT_ENOTFOUND; #YGT_EINVAL for a NULL pointer.
 */
YGT_API int32_t ygt_indicators_find(const ygt_indicators *r, const char *id);

/**
 * @brief Id of an indicator, e.g. "county_visit_rate".
 * @param[in] r The registry.
 * @param i Indicator index.
 * @return A string owned by @p r, or NULL for a NULL registry or bad index.
 */
YGT_API const char *ygt_indicators_id(const ygt_indicators *r, int32_t i);

/**
 * @brief Name (Chinese) of an indicator, e.g. "县域就诊率".
 * @param[in] r The registry.
 * @param i Indicator index.
 * @return A string owned by @p r, or NULL for a NULL registry or bad index.
 */
YGT_API const char *ygt_indicators_name(const ygt_indicators *r, int32_t i);

/**
 * @brief Unit of an indicator ("%", "yuan", "count" ...).
 * @param[in] r The registry.
 * @param i Indicator index.
 * @return A string owned by @p r ("" when none), or NULL for a NULL registry or bad index.
 */
YGT_API const char *ygt_indicators_unit(const ygt_indicators *r, int32_t i);

/**
 * @brief The definition as written: "ratio: NUMERATOR / DENOMINATOR × SCALE".
 * @param[in] r The registry.
 * @param i Indicator index.
 * @return A string owned by @p r, or NULL for a NULL registry or bad index.
 */
YGT_API const char *ygt_indicators_definition(const ygt_indicators *r, int32_t i);

/**
 * @brief Direction of an indicator.
 * @param[in] r The registry.
 * @param i Indicator index.
 * @return A #ygt_indicator_direction; #YGT_EINVAL for a NULL registry or bad index.
 */
YGT_API int ygt_indicators_direction(const ygt_indicators *r, int32_t i);

/**
 * @brief Formula of an indicator.
 * @param[in] r The registry.
 * @param i Indicator index.
 * @return A #ygt_indicator_formula; #YGT_EINVAL for a NULL registry or bad index.
 */
YGT_API int ygt_indicators_formula(const ygt_indicators *r, int32_t i);

/**
 * @brief Default target and floor of an indicator (a scorecard item may override them).
 * @param[out] target Receives the target, NaN when none; may be NULL.
 * @param[out] floor Receives the floor, NaN when none; may be NULL.
 * @param[in] r The registry.
 * @param i Indicator index.
 * @return #YGT_OK; #YGT_EINVAL for a NULL registry or bad index.
 */
YGT_API int ygt_indicators_target(double *target, double *floor, const ygt_indicators *r, int32_t i);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name External inputs
 *  @{ */

/** @brief External figures by name, scope and period (opaque; one thread at a time). */
typedef struct ygt_score_inputs ygt_score_inputs;

/**
 * @brief Create an empty set of inputs.
 * @param[out] out Receives the set, owned by the caller; NULL on failure.
 * @return #YGT_OK; #YGT_EINVAL if @p out is NULL; #YGT_ENOMEM.
 */
YGT_API int ygt_score_inputs_new(ygt_score_inputs **out);

/**
 * @brief Free a set of inputs.
 * @param in The set; NULL does nothing.
 */
YGT_API void ygt_score_inputs_free(ygt_score_inputs *in);

/**
 * @brief Set one figure (replacing the same name, scope and period).
 * @param in The set; must not be NULL.
 * @param[in] name Input name as used by `input(NAME)` in measures; must not be NULL or empty.
 * @param scope A #ygt_scope.
 * @param index Index of the community, tier or institution (ignored, use 0, for the county).
 * @param period The period.
 * @param value A finite number.
 * @return #YGT_OK; #YGT_EINVAL for a NULL or empty name, a bad scope or
 *         negative index; #YGT_ERANGE for a value that is not finite; #YGT_ENOMEM.
 */
YGT_API int ygt_score_inputs_set(ygt_score_inputs *in, const char *name, int scope, int32_t index,
                                 int32_t period, double value);

/**
 * @brief Add the rows of an input table (columns name, scope, period, value;
 *        scope is "county", "community:CODE", "tier:NAME" or "institution:CODE").
 *        On failure the set is unchanged.
 * @param in The set; must not be NULL.
 * @param[in] model The model the codes refer to; must not be NULL.
 * @param[in] path The table; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_EIO; #YGT_EPARSE (file, line, field);
 *         #YGT_ENOTFOUND for an unknown code; #YGT_ENOMEM.
 */
YGT_API int ygt_score_inputs_load(ygt_score_inputs *in, const ygt_model *model, const char *path);

/**
 * @brief Number of figures held.
 * @param[in] in The set; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_score_inputs_count(const ygt_score_inputs *in);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Indicator values
 *  Scopes are addressed by kind and index: the county is index 0, a
 *  community, institution or tier (a #ygt_tier value) by its index.
 *  @{ */

/** @brief Every indicator of a registry for every scope (opaque; immutable). */
typedef struct ygt_indicator_values ygt_indicator_values;

/**
 * @brief Compute every indicator of @p r for every scope, in one pass over @p e.
 *
 * "In the county" is by tier here; ygt_indicator_values_compute_pooled()
 * takes it from referral rules and, with NULL rules, is this function — the
 * Python and Lua bindings call that one.
 * @param[out] out Receives the values, owned by the caller; NULL on failure.
 *             They borrow @p r and @p model, which must outlive them.
 * @param[in] r The registry; must not be NULL.
 * @param[in] model The model; must not be NULL.
 * @param[in] e The encounters; must not be NULL and have the required columns.
 * @param[in] inputs External figures; NULL means none (indicators needing them are #YGT_VALUE_MISSING_INPUT).
 * @param period The period assessed.
 * @param previous The period growth is measured against (may equal @p period:
 *        growth is then 0 where defined).
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or a missing required column;
 *         #YGT_EOVERFLOW when a sum does not fit 64 bits; #YGT_ENOMEM.
 * @note C only in the bindings: they call ygt_indicator_values_compute_pooled(), this
 *       function with NULL rules (doc/bindings-c-only.tsv).
 */
YGT_API int ygt_indicator_values_compute(ygt_indicator_values **out, const ygt_indicators *r,
                                         const ygt_model *model, const ygt_encounters *e,
                                         const ygt_score_inputs *inputs, int32_t period,
                                         int32_t previous);

/**
 * @brief ygt_indicator_values_compute() with "in the county" taken from
 *        referral rules: the places @c in_county and @c out_of_county of
 *        the measures (doc/formats/score.md) follow the rules' pooling area
 *        (ygt_referral_rules_inside()) instead of the tiers.  A city's own
 *        tertiary hospitals listed in @c out_of_county.inside then count as
 *        in the county for 县域就诊率 and the fund's outflow.
 * @param[out] out Receives the values, owned by the caller; NULL on failure.
 * @param[in] r The registry; must not be NULL.
 * @param[in] model The model; must not be NULL.
 * @param[in] rules Referral rules loaded on @p model, only read during the
 *            call; NULL counts the tiers village to county as in the county
 *            (what ygt_indicator_values_compute() does).
 * @param[in] e The encounters; must not be NULL.
 * @param[in] inputs External figures; NULL means none.
 * @param period The period assessed.
 * @param previous The period growth is measured against.
 * @return As ygt_indicator_values_compute(); #YGT_EINVAL also for rules
 *         loaded on another model.
 * @since 0.3
 */
YGT_API int ygt_indicator_values_compute_pooled(ygt_indicator_values **out, const ygt_indicators *r,
                                                const ygt_model *model, const ygt_referral_rules *rules,
                                                const ygt_encounters *e, const ygt_score_inputs *inputs,
                                                int32_t period, int32_t previous);

/**
 * @brief Free computed values.
 * @param v The values; NULL does nothing.
 */
YGT_API void ygt_indicator_values_free(ygt_indicator_values *v);

/**
 * @brief Number of scopes of a kind: 1 county, the model's communities, 6 tiers, its institutions.
 * @param[in] v The values.
 * @param scope A #ygt_scope.
 * @return The count; #YGT_EINVAL for a NULL pointer or bad scope.
 */
YGT_API int64_t ygt_indicator_values_scope_count(const ygt_indicator_values *v, int scope);

/**
 * @brief One indicator's value at one scope.
 * @param[out] value Receives the value (NaN unless the status is #YGT_VALUE_OK); may be NULL.
 * @param[in] v The values.
 * @param indicator Indicator index in the registry.
 * @param scope A #ygt_scope.
 * @param index Scope index.
 * @return A #ygt_value_status (>= 0); #YGT_EINVAL for a NULL pointer or bad index.
 */
YGT_API int ygt_indicator_values_get(double *value, const ygt_indicator_values *v, int32_t indicator,
                                     int scope, int32_t index);

/**
 * @brief The figures behind a value: numerator and denominator of the period
 *        (for growth: the period's and the previous period's N/D).
 * @param[out] numerator Receives N (growth: N/D of the period); may be NULL.
 * @param[out] denominator Receives D (growth: N/D of the previous period; value: 1); may be NULL.
 * @param[in] v The values.
 * @param indicator Indicator index.
 * @param scope A #ygt_scope.
 * @param index Scope index.
 * @return A #ygt_value_status (>= 0); #YGT_EINVAL for a NULL pointer or bad index.
 */
YGT_API int ygt_indicator_values_parts(double *numerator, double *denominator,
                                       const ygt_indicator_values *v, int32_t indicator, int scope,
                                       int32_t index);

/**
 * @brief Rows of the batch that were skipped for out-of-range values.
 * @param[in] v The values; NULL gives 0.
 * @return The count.
 */
YGT_API int64_t ygt_indicator_values_skipped(const ygt_indicator_values *v);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Scorecards
 *  @{ */

/** @brief A validated scorecard (opaque; immutable, shareable between threads). */
typedef struct ygt_scorecard ygt_scorecard;

/**
 * @brief Load and validate a scorecard JSON file (doc/formats/score.md).
 * @param[out] out Receives the scorecard, owned by the caller; NULL on failure, nothing leaked.
 * @param[in] r The registry its items refer to; must not be NULL and must outlive the card.
 * @param[in] path The JSON file, or a directory holding scorecard.json; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_EIO; #YGT_EPARSE for
 *         malformed JSON or a missing or mistyped key; #YGT_ENOTFOUND for an
 *         unknown indicator, method or operator; #YGT_EVALIDATE for broken
 *         rules (weights not summing to 100, unordered or overlapping bands,
 *         a veto item without condition ...); #YGT_EUNSUPPORTED for an unknown
 *         format version; #YGT_ENOMEM.  Errors name the file and the JSON path.
 */
YGT_API int ygt_scorecard_load(ygt_scorecard **out, const ygt_indicators *r, const char *path);

/**
 * @brief Free a scorecard.
 * @param c The scorecard; NULL does nothing.
 */
YGT_API void ygt_scorecard_free(ygt_scorecard *c);

/**
 * @brief Name of the scorecard.
 * @param[in] c The scorecard.
 * @return A string owned by @p c, or NULL for a NULL card.
 */
YGT_API const char *ygt_scorecard_name(const ygt_scorecard *c);

/**
 * @brief Number of dimensions.
 * @param[in] c The scorecard; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_scorecard_dimension_count(const ygt_scorecard *c);

/**
 * @brief Name of a dimension.
 * @param[in] c The scorecard.
 * @param d Dimension index.
 * @return A string owned by @p c, or NULL for a NULL card or bad index.
 */
YGT_API const char *ygt_scorecard_dimension_name(const ygt_scorecard *c, int32_t d);

/**
 * @brief Number of items over all dimensions.
 * @param[in] c The scorecard; NULL gives 0.
 * @return The count; items are numbered in file order across dimensions.
 */
YGT_API size_t ygt_scorecard_item_count(const ygt_scorecard *c);

/**
 * @brief Facts of an item.
 * @param[out] dimension Receives the dimension index; may be NULL.
 * @param[out] indicator Receives the indicator index in the registry; may be NULL.
 * @param[out] method Receives the #ygt_scoring_method; may be NULL.
 * @param[out] weight Receives the weight (maximum points; 0 for veto items); may be NULL.
 * @param[in] c The scorecard.
 * @param item Item index.
 * @return #YGT_OK; #YGT_EINVAL for a NULL card or bad index.
 */
YGT_API int ygt_scorecard_item(int32_t *dimension, int32_t *indicator, int *method, double *weight,
                               const ygt_scorecard *c, int32_t item);

/**
 * @brief Grade of a score by the card's bands.
 * @param[in] c The scorecard.
 * @param score A score in [0, 100].
 * @return A string owned by @p c, or NULL for a NULL card or a score that is NaN.
 */
YGT_API const char *ygt_scorecard_grade(const ygt_scorecard *c, double score);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Money that follows the score
 *  The settlement modules consume these.  Ratios are doubles; amounts are
 *  integer fen rounded once, half away from zero.
 *  @{ */

/**
 * @brief Share of the withheld quality fund released at a score: 0 below
 *        S_min, 1 at or above S_full, linear between.
 * @param[out] ratio Receives the ratio in [0, 1]; must not be NULL.
 * @param[in] c The scorecard; must not be NULL.
 * @param score The score.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or a NaN score.
 */
YGT_API int ygt_scorecard_release_ratio(double *ratio, const ygt_scorecard *c, double score);

/**
 * @brief Quality-fund amount withheld from a settlement: settlement × withhold ratio.
 * @param[out] out Receives fen; must not be NULL.
 * @param[in] c The scorecard; must not be NULL.
 * @param settlement_fen The settlement amount in fen.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_EOVERFLOW.
 */
YGT_API int ygt_scorecard_withheld_fen(int64_t *out, const ygt_scorecard *c, int64_t settlement_fen);

/**
 * @brief Amount of a withheld fund released at a score: withheld × release ratio.
 * @param[out] out Receives fen; must not be NULL.
 * @param[in] c The scorecard; must not be NULL.
 * @param score The score.
 * @param withheld_fen The withheld amount in fen.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or a NaN score; #YGT_EOVERFLOW.
 */
YGT_API int ygt_scorecard_release_fen(int64_t *out, const ygt_scorecard *c, double score,
                                      int64_t withheld_fen);

/**
 * @brief Multiplier on the community's surplus share at a score (by bands).
 * @param[out] multiplier Receives the multiplier; must not be NULL.
 * @param[in] c The scorecard; must not be NULL.
 * @param score The score.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or a NaN score.
 */
YGT_API int ygt_scorecard_surplus_multiplier(double *multiplier, const ygt_scorecard *c, double score);

/**
 * @brief A surplus share after the multiplier: share × multiplier.
 * @param[out] out Receives fen; must not be NULL.
 * @param[in] c The scorecard; must not be NULL.
 * @param score The score.
 * @param share_fen The surplus share before assessment, in fen.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or a NaN score; #YGT_EOVERFLOW.
 */
YGT_API int ygt_scorecard_surplus_fen(int64_t *out, const ygt_scorecard *c, double score,
                                      int64_t share_fen);

/**
 * @brief Assessment coefficient applied to DIP scores at a score (by bands).
 * @param[out] coefficient Receives the coefficient; must not be NULL.
 * @param[in] c The scorecard; must not be NULL.
 * @param score The score.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or a NaN score.
 */
YGT_API int ygt_scorecard_dip_coefficient(double *coefficient, const ygt_scorecard *c, double score);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Scores and their explanation
 *  @{ */

/** @brief The result of scoring one scope with a scorecard (opaque; immutable). */
typedef struct ygt_score ygt_score;

/**
 * @brief Score one scope.
 * @param[out] out Receives the score, owned by the caller; NULL on failure.
 *             It borrows @p c, which must outlive it.
 * @param[in] c The scorecard; must not be NULL.
 * @param[in] v Indicator values computed with the card's registry; must not be NULL.
 * @param scope A #ygt_scope.
 * @param index Scope index.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer, a bad scope or index or
 *         values from another registry; #YGT_ENOMEM.
 */
YGT_API int ygt_scorecard_score(ygt_score **out, const ygt_scorecard *c, const ygt_indicator_values *v,
                                int scope, int32_t index);

/**
 * @brief Free a score.
 * @param s The score; NULL does nothing.
 */
YGT_API void ygt_score_free(ygt_score *s);

/**
 * @brief Total points (after any veto cap), in [0, 100].
 *
 * An item whose indicator misses an external input (#YGT_VALUE_MISSING_INPUT:
 * a survey not held, a figure not reported) is **not scored**: it earns no
 * points and its weight leaves the full mark, and the points of the items
 * that were scored are converted to 100 (points × 100 / scored weight, at most
 * 100), as assessment offices convert a card with items they could not assess
 * (缺项按比例折算).  Items whose value is undefined for another reason (a zero
 * denominator, no previous year) still earn 0 out of their weight.  With no
 * item scored the total is 0.
 * @param[in] s The score; NULL gives NaN.
 * @return The total.
 */
YGT_API double ygt_score_total(const ygt_score *s);

/**
 * @brief The weight of the items that were scored: 100 when every input was
 *        given, less by the weight of each item not scored for a missing
 *        input (see ygt_score_total()).
 * @param[in] s The score; NULL gives NaN.
 * @return The weight, in [0, 100].
 * @since 0.3
 */
YGT_API double ygt_score_scored_weight(const ygt_score *s);

/**
 * @brief Grade of the total.
 * @param[in] s The score.
 * @return A string owned by the scorecard, or NULL for a NULL score.
 */
YGT_API const char *ygt_score_grade(const ygt_score *s);

/**
 * @brief Whether a veto item's condition held.
 * @param[in] s The score.
 * @return 1 if vetoed, 0 if not; #YGT_EINVAL for a NULL score.
 */
YGT_API int ygt_score_vetoed(const ygt_score *s);

/**
 * @brief Points of a dimension.
 * @param[out] points Receives the sum of its items' points (before any veto cap); must not be NULL.
 * @param[in] s The score.
 * @param d Dimension index.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or bad index.
 */
YGT_API int ygt_score_dimension_points(double *points, const ygt_score *s, int32_t d);

/**
 * @brief An item's indicator value and points.
 * @param[out] value Receives the value (NaN when undefined); may be NULL.
 * @param[out] points Receives the points earned (0 for veto items); may be NULL.
 * @param[in] s The score.
 * @param item Item index of the scorecard.
 * @return The value's #ygt_value_status (>= 0); #YGT_EINVAL for a NULL score or bad index.
 */
YGT_API int ygt_score_item(double *value, double *points, const ygt_score *s, int32_t item);

/**
 * @brief Why an item earned its points, e.g. "linear: (62.00 − 50) / (65 − 50) × 10 = 8.00".
 * @param[in] s The score.
 * @param item Item index.
 * @return A string owned by @p s, or NULL for a NULL score or bad index.
 */
YGT_API const char *ygt_score_item_reason(const ygt_score *s, int32_t item);

/**
 * @brief Number of lines of the text explanation.
 * @param[in] s The score; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_score_line_count(const ygt_score *s);

/**
 * @brief One line of the text explanation (total and grade first, then —
 *        when items were not scored — the weight that was, then one line per
 *        dimension and per item).
 * @param[in] s The score.
 * @param i Line index.
 * @return A UTF-8 string owned by @p s, or NULL for a NULL score or bad index.
 */
YGT_API const char *ygt_score_line(const ygt_score *s, size_t i);

/** @} */

YGT_END_DECLS

#endif /* YIGONGTI_SCORE_H */
