/**
 * @file calibrate.h
 * @brief Fit a bundle's settings (county_settings.h) to its targets
 *        (targets.h): the synthetic county made to report the figures its
 *        documents report.
 *
 * Each target with a @c fit names the one setting that is moved to meet it
 * (a base-year value or a trend rate).  An iteration generates every year
 * that has targets (the year before too when a target is a growth), runs
 * it through the scheme, computes the indicators and measures each
 * target's distance (ygt_targets_distance()).  The next values come from a
 * secant step per fitted setting on its own target's distance (the first
 * step perturbs each by 5 %), kept within the setting's bounds and to at
 * most a doubling or halving per step; the other settings' effects are
 * taken up by the following iterations.  It stops when every target is
 * within tolerance and the distance is at most 0.25 (a margin for other
 * seeds and scales), or after @c max_iterations.
 *
 * The same seed is used in every iteration (common random numbers), so
 * the result is deterministic and a setting's effect is not hidden by
 * noise.  The result keeps each iteration's distance (the root mean square
 * of the targets' distances) and the settings of the best iteration.
 */
#ifndef YIGONGTI_CALIBRATE_H
#define YIGONGTI_CALIBRATE_H

#include <yigongti/common.h>
#include <yigongti/county.h>
#include <yigongti/county_settings.h>
#include <yigongti/scheme.h>
#include <yigongti/targets.h>

YGT_BEGIN_DECLS

/** @brief Version of #ygt_calibration_inputs this header describes. */
#define YGT_CALIBRATION_INPUTS_VERSION 1

/** @brief What a calibration takes; everything is borrowed for the call. */
typedef struct ygt_calibration_inputs {
  int version;                          /**< #YGT_CALIBRATION_INPUTS_VERSION. */
  const ygt_model *model;               /**< Required. */
  const ygt_referral_rules *rules;      /**< Required. */
  const ygt_casemix *casemix;           /**< Required. */
  const ygt_scheme *scheme;             /**< Optional: pays the years from the one its period starts in (fund indicators depend on it); earlier years and NULL: fee for service. */
  const ygt_targets *targets;           /**< Required, with its indicator registry. */
  const ygt_county_settings *settings;  /**< Required: the starting values. */
  uint64_t seed;                        /**< Seed of every year [1]; the year before a year gets seed + 1. */
  double population_scale;              /**< Scale of the generated counties, (0, 100] [1]. */
  int max_iterations;                   /**< 1..1000 [20]. */
} ygt_calibration_inputs;

/** @brief Initialiser of #ygt_calibration_inputs. */
#define YGT_CALIBRATION_INPUTS_INIT {YGT_CALIBRATION_INPUTS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 1u, 1.0, 20}

/**
 * @brief Set inputs to #YGT_CALIBRATION_INPUTS_INIT.
 * @note C only in the Lua binding, which uses the macro (doc/bindings-c-only.tsv).
 * @param[out] in The inputs; NULL does nothing.
 */
YGT_API void ygt_calibration_inputs_init(ygt_calibration_inputs *in);

/** @brief The result of a calibration (opaque, immutable). */
typedef struct ygt_calibration ygt_calibration;

/**
 * @brief Fit the settings to the targets.
 * @param[out] out Receives the result (ygt_calibration_free()); NULL on failure.
 * @param[in] in The inputs.
 * @return #YGT_OK (also when the targets are not all met: see
 *         ygt_calibration_within()); #YGT_EINVAL for missing inputs or a bad
 *         version, scale or iteration count; #YGT_ENOTFOUND for a @c fit
 *         that names no setting of @c settings; or the error of a year that
 *         could not be generated or run.
 */
YGT_API int ygt_calibrate(ygt_calibration **out, const ygt_calibration_inputs *in);

/**
 * @brief Free a calibration.
 * @param c The result; NULL does nothing.
 */
YGT_API void ygt_calibration_free(ygt_calibration *c);

/**
 * @brief Iterations run.
 * @param[in] c The result; NULL gives 0.
 * @return The count (iteration 0 evaluates the starting settings).
 */
YGT_API size_t ygt_calibration_iterations(const ygt_calibration *c);

/**
 * @brief An iteration's distance: the root mean square of every target's
 *        distance in tolerances (0 when every target holds exactly).
 * @param[in] c The result.
 * @param iteration 0 .. ygt_calibration_iterations() - 1.
 * @return The distance; NaN for a bad argument.
 */
YGT_API double ygt_calibration_distance(const ygt_calibration *c, size_t iteration);

/**
 * @brief A target's simulated figure in an iteration (as ygt_targets_evaluate()).
 * @param[in] c The result.
 * @param iteration The iteration.
 * @param target Target index.
 * @return The figure; NaN for a bad argument or when the year has no value.
 */
YGT_API double ygt_calibration_simulated(const ygt_calibration *c, size_t iteration, size_t target);

/**
 * @brief The best iteration (the smallest distance; the earliest of equals).
 * @param[in] c The result; NULL gives 0.
 * @return Its index.
 */
YGT_API size_t ygt_calibration_best(const ygt_calibration *c);

/**
 * @brief Whether every target is within tolerance at the best iteration.
 * @param[in] c The result; NULL gives 0.
 * @return 1 or 0.
 */
YGT_API int ygt_calibration_within(const ygt_calibration *c);

/**
 * @brief The settings of the best iteration.
 * @param[in] c The result.
 * @return Settings owned by @p c (copy them with ygt_county_settings_json() to keep them); NULL for NULL.
 */
YGT_API const ygt_county_settings *ygt_calibration_settings(const ygt_calibration *c);

YGT_END_DECLS

#endif
