/**
 * @file county_settings.h
 * @brief A county's generator settings (a bundle's @c county.json, format
 *        doc/formats/county-settings.md): how its residents behave, in a
 *        base year and from year to year.
 *
 * The synthetic county generator (county.h) takes #ygt_county_options.  A
 * bundle carries the options that make it behave like its county —
 * utilisation, first contact, out-of-county propensity, cost levels,
 * the age pyramid — as @b settings: named numbers such as
 * "outpatient_factor", "tier_cost.county" or "age_pyramid.60" (the band
 * 60-64), each with its value in the base year, and @b trends: from a year
 * on, the relative change of a setting per year (visits growing 11.15 % a
 * year, out-of-county stays 5 % more each year until a reform).
 *
 * The value of a setting in year y is its base-year value times
 * (1 + r(t)) for every year t from base + 1 to y (divided, for the years
 * t from y + 1 to base, when y is before the base year), r(t) being the
 * rate of the last trend period starting in or before t (0 before the
 * first).  The setting @c population multiplies the caller's
 * @c population_scale.
 *
 * Settings are immutable once loaded; ygt_county_settings_with() makes a
 * changed copy (what calibration does).  Safe to share between threads.
 */
#ifndef YIGONGTI_COUNTY_SETTINGS_H
#define YIGONGTI_COUNTY_SETTINGS_H

#include <yigongti/common.h>
#include <yigongti/county.h>

YGT_BEGIN_DECLS

/** @brief A county's generator settings (opaque, immutable). */
typedef struct ygt_county_settings ygt_county_settings;

/**
 * @brief Load a settings file (doc/formats/county-settings.md).
 * @param[out] out Receives the settings (ygt_county_settings_free()); NULL on failure.
 * @param[in] path The file; not NULL.
 * @return #YGT_OK; #YGT_EINVAL for NULL arguments; #YGT_EIO (also not a regular file); #YGT_ELIMIT for a text over the JSON size cap (doc/limits.md); #YGT_EPARSE for
 *         JSON syntax, a wrong type, a missing or unknown key (with the
 *         closest known name); #YGT_EUNSUPPORTED for another format or
 *         version; #YGT_ERANGE for a value outside its bounds;
 *         #YGT_EVALIDATE for trend periods out of order or a partial age
 *         pyramid; #YGT_ENOMEM.  The error names the file and the key.
 */
YGT_API int ygt_county_settings_load(ygt_county_settings **out, const char *path);

/**
 * @brief Parse settings from JSON text (as ygt_county_settings_load()).
 * @param[out] out Receives the settings; NULL on failure.
 * @param[in] json The text; not NULL.
 * @param[in] source Name used in error messages, or NULL ("<string>").
 * @return As ygt_county_settings_load().
 */
YGT_API int ygt_county_settings_parse(ygt_county_settings **out, const char *json, const char *source);

/**
 * @brief Free settings.
 * @param s The settings; NULL does nothing.
 */
YGT_API void ygt_county_settings_free(ygt_county_settings *s);

/**
 * @brief The base year: the year the settings' values are for.
 * @param[in] s The settings; NULL gives 0.
 * @return The year.
 */
YGT_API int32_t ygt_county_settings_base_year(const ygt_county_settings *s);

/**
 * @brief Number of setting names (ygt_county_settings_name()); the same for every settings object.
 * @return The count.
 */
YGT_API size_t ygt_county_settings_count(void);

/**
 * @brief Name of a setting, e.g. "inpatient_bypass".
 * @param i Index, 0 .. ygt_county_settings_count() - 1.
 * @return A static string; NULL out of range.
 */
YGT_API const char *ygt_county_settings_name(size_t i);

/**
 * @brief The value of a setting or a trend rate.
 * @param[out] out Receives the value; unchanged on failure.
 * @param[in] s The settings.
 * @param[in] name A setting name (its base-year value) or
 *            "trend.FROM.NAME" (the rate per year of that setting in the
 *            trend period starting in year FROM; 0 when the period does not
 *            change it).
 * @return #YGT_OK; #YGT_EINVAL for NULL arguments; #YGT_ENOTFOUND for an
 *         unknown name or a trend period that does not exist.
 */
YGT_API int ygt_county_settings_get(double *out, const ygt_county_settings *s, const char *name);

/**
 * @brief A copy of the settings with one value changed.
 * @param[out] out Receives the copy (ygt_county_settings_free()); NULL on failure.
 * @param[in] s The settings (unchanged).
 * @param[in] name As ygt_county_settings_get().
 * @param value The new value.
 * @return #YGT_OK; #YGT_EINVAL for NULL arguments; #YGT_ENOTFOUND as
 *         ygt_county_settings_get(); #YGT_ERANGE for a value outside the
 *         setting's bounds (a rate outside -0.99 .. 10); #YGT_ENOMEM.
 */
YGT_API int ygt_county_settings_with(ygt_county_settings **out, const ygt_county_settings *s, const char *name,
                                     double value);

/**
 * @brief Fill generator options for a year.
 *
 * Sets every option a setting names (trends applied), @c year, and
 * multiplies @c population_scale by the setting @c population; leaves
 * @c version, @c seed and the rest of @c population_scale as the caller set them.
 * @param[in,out] o Options, e.g. from ygt_county_options_init().
 * @param[in] s The settings.
 * @param year The calendar year, 1900..9999.
 * @return #YGT_OK; #YGT_EINVAL for NULL arguments, a version-1 @p o or a
 *         value that the trends take outside its bounds in that year (the
 *         message names the setting and the year; @p o is then unchanged).
 */
YGT_API int ygt_county_settings_options(ygt_county_options *o, const ygt_county_settings *s, int32_t year);

/**
 * @brief The settings as a settings file (JSON text), every setting written
 *        with the digits that read back to the same double.
 * @param[out] buf Receives the text, NUL-terminated and cut to @p cap; may be NULL when @p cap is 0.
 * @param cap Size of @p buf.
 * @param[in] s The settings.
 * @return The full length of the text (without the NUL), as snprintf;
 *         #YGT_EINVAL for NULL settings.
 */
YGT_API int64_t ygt_county_settings_json(char *buf, size_t cap, const ygt_county_settings *s);

YGT_END_DECLS

#endif
