/**
 * @file targets.h
 * @brief The figures a bundle's documents report, with their provenance, to
 *        check and calibrate a synthetic county against (a bundle's
 *        @c targets.tsv, format doc/formats/targets.md).
 *
 * A target is an indicator of the registry (score.h) at county scope in a
 * year, a relation (@c =, @c >=, @c <=), a value and a tolerance, the
 * document and the phrase it quotes, and optionally the setting
 * (county_settings.h) that calibration (calibrate.h) moves to meet it.
 * A target of an indicator of formula @c value and unit @c count (e.g.
 * visits) is for the whole county: a county generated at population scale s is
 * compared with s × the value.
 *
 * Targets are immutable once loaded and safe to share between threads.
 * They borrow the indicator registry they were loaded with.
 */
#ifndef YIGONGTI_TARGETS_H
#define YIGONGTI_TARGETS_H

#include <yigongti/common.h>
#include <yigongti/score.h>

YGT_BEGIN_DECLS

/** @brief A bundle's targets (opaque, immutable). */
typedef struct ygt_targets ygt_targets;

/** @brief How a simulated figure must compare with a target's value. */
typedef enum ygt_target_relation {
  YGT_TARGET_EQUAL = 0,   /**< Within the tolerance of the value ("="). */
  YGT_TARGET_AT_LEAST = 1, /**< At least the value less the tolerance (">="). */
  YGT_TARGET_AT_MOST = 2  /**< At most the value plus the tolerance ("<="). */
} ygt_target_relation;

/** @brief Text fields of a target, read with ygt_targets_text(). */
typedef enum ygt_target_text {
  YGT_TARGET_INDICATOR = 0, /**< Indicator id ("indicator"). */
  YGT_TARGET_FIT = 1,       /**< Setting calibration moves, "" for none ("fit"). */
  YGT_TARGET_SOURCE = 2,    /**< Source document ("source"). */
  YGT_TARGET_QUOTE = 3      /**< The phrase of the document that reports the figure ("quote"). */
} ygt_target_text;

/**
 * @brief Load a targets table (doc/formats/targets.md).
 * @param[out] out Receives the targets (ygt_targets_free()); NULL on failure.
 * @param[in] indicators The registry the indicator ids refer to; must outlive the targets.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EINVAL for NULL arguments; #YGT_EIO; #YGT_EPARSE for a
 *         missing column or a malformed field; #YGT_ENOTFOUND for an unknown
 *         indicator; #YGT_ERANGE for a negative tolerance or a year outside
 *         1900..9999; #YGT_EEXISTS for a target given twice (indicator and year);
 *         #YGT_EVALIDATE for a @c fit on a relation other than "=", or a
 *         setting fitted to two targets; #YGT_ENOMEM.  The error names the
 *         file, line and field.
 */
YGT_API int ygt_targets_load(ygt_targets **out, const ygt_indicators *indicators, const char *path);

/**
 * @brief Free targets.
 * @param t The targets; NULL does nothing.
 */
YGT_API void ygt_targets_free(ygt_targets *t);

/**
 * @brief Number of targets.
 * @param[in] t The targets; NULL gives 0.
 * @return The count; targets are indexed in file order.
 */
YGT_API size_t ygt_targets_count(const ygt_targets *t);

/**
 * @brief The registry the targets were loaded with.
 * @param[in] t The targets; NULL gives NULL.
 * @return The registry.
 */
YGT_API const ygt_indicators *ygt_targets_indicators(const ygt_targets *t);

/**
 * @brief A target's numbers.
 * @param[out] indicator Receives the indicator's index in the registry; may be NULL.
 * @param[out] year Receives the year; may be NULL.
 * @param[out] relation Receives a #ygt_target_relation; may be NULL.
 * @param[out] value Receives the value, in the indicator's unit; may be NULL.
 * @param[out] tolerance Receives the tolerance (absolute, in the unit); may be NULL.
 * @param[in] t The targets.
 * @param i Target index.
 * @return #YGT_OK; #YGT_EINVAL for NULL targets or a bad index.
 */
YGT_API int ygt_targets_get(int32_t *indicator, int32_t *year, int *relation, double *value, double *tolerance,
                            const ygt_targets *t, size_t i);

/**
 * @brief A target's text field.
 * @param[in] t The targets.
 * @param i Target index.
 * @param field A #ygt_target_text.
 * @return A string owned by the targets; NULL for NULL targets, a bad index or field.
 */
YGT_API const char *ygt_targets_text(const ygt_targets *t, size_t i, int field);

/**
 * @brief Compare a year's figure with a target.
 * @param[out] simulated Receives the county-scope value of the target's
 *             indicator (a count divided by @p scale), NaN when it has none; may be NULL.
 * @param[in] t The targets.
 * @param i Target index.
 * @param[in] values Indicator values of the target's year, computed with the targets' registry.
 * @param scale Population scale the county was generated at (counts are divided by it), > 0.
 * @return 1 within tolerance, 0 not (or no value); #YGT_EINVAL for NULL
 *         arguments, a bad index or scale.
 */
YGT_API int ygt_targets_evaluate(double *simulated, const ygt_targets *t, size_t i,
                                 const ygt_indicator_values *values, double scale);

/**
 * @brief How far a simulated figure is from a target, in tolerances: for
 *        "=", (simulated − value) / tolerance; for ">=" and "<=", how far
 *        beyond the allowed side it is (0 when the relation holds).
 * @param[in] t The targets.
 * @param i Target index.
 * @param simulated The figure.
 * @return The signed distance; NaN for a bad index, NaN @p simulated; a
 *         zero tolerance counts as 1 % of the value (1e-9 when the value is 0).
 */
YGT_API double ygt_targets_distance(const ygt_targets *t, size_t i, double simulated);

YGT_END_DECLS

#endif
