/**
 * @file drg_versions.h
 * @brief DRG versions side by side: a table of effective periods, each with
 *        its grouper (a rule pack of drg.h, e.g. CHS-DRG 1.1, or a CHS-DRG
 *        3.0 configuration of drg3.h), and grouping that picks the grouper of
 *        each case by its discharge date.
 *
 * A grouper is versioned as a whole (AA1 is 心脏移植 in 1.1 and 心肺移植 in
 * 3.0), so a year that spans a switch groups each case with the version in
 * force on its discharge day.  The periods table (TSV or CSV) has the
 * columns `from`, `to` (inclusive dates `YYYY-MM-DD`; `to` empty: open) and
 * `grouper` (a directory, relative to the table): a directory with
 * `mdc_dx.tsv` is a rule pack, any other a 3.0 configuration.  Periods may
 * be listed in any order; together they must cover one unbroken range:
 * overlaps and gaps are errors naming the file, line and field.
 *
 * Each grouper has its own dictionaries, so the same cases are given as one
 * batch per version (ygt_drg_versions_codes() gives the dictionaries); ids in
 * the results refer to the chosen version (its index is returned per case).
 *
 * @par Threads
 * A versions object is immutable and may be shared between threads.
 */
#ifndef YIGONGTI_DRG_VERSIONS_H
#define YIGONGTI_DRG_VERSIONS_H

#include <yigongti/common.h>
#include <yigongti/cases.h>
#include <yigongti/codes.h>
#include <yigongti/drg.h>
#include <yigongti/drg3.h>

YGT_BEGIN_DECLS

/** @brief Groupers with their effective periods (immutable). */
typedef struct ygt_drg_versions ygt_drg_versions;

/**
 * @brief Load a periods table and every grouper it names.
 * @param[out] out Receives the object; set to NULL on failure.
 * @param[in] path The periods table; not NULL.
 * @param options #ygt_drg3_option bits passed to the 3.0 configurations.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE (a malformed date, a missing or
 *         unknown column); #YGT_EVALIDATE (a period that ends before it
 *         starts, overlaps another or leaves a gap; no period); the errors of
 *         ygt_drg_pack_load() and ygt_drg3_load(); #YGT_ENOMEM.  Errors name
 *         the file, line and field.
 */
YGT_API int ygt_drg_versions_load(ygt_drg_versions **out, const char *path, int options);

/**
 * @brief Free the object and its groupers.
 * @param v The object, or NULL (nothing happens).
 */
YGT_API void ygt_drg_versions_free(ygt_drg_versions *v);

/**
 * @brief Number of periods; indexes run from 0 in date order.
 * @param[in] v The object; not NULL.
 * @return The count.
 */
YGT_API size_t ygt_drg_versions_count(const ygt_drg_versions *v);

/**
 * @brief The dates of a period.
 * @param[in] v The object; not NULL.
 * @param i A period index.
 * @param[out] from First day (YYYYMMDD); may be NULL.
 * @param[out] to Last day (YYYYMMDD; 99991231 when open); may be NULL.
 * @return #YGT_OK; #YGT_ERANGE for a bad index.
 */
YGT_API int ygt_drg_versions_period(const ygt_drg_versions *v, size_t i, int32_t *from, int32_t *to);

/**
 * @brief The grouper directory of a period, as the table gives it.
 * @param[in] v The object; not NULL.
 * @param i A period index.
 * @return A string owned by the object; NULL for a bad index.
 */
YGT_API const char *ygt_drg_versions_grouper(const ygt_drg_versions *v, size_t i);

/**
 * @brief Whether a period's grouper is a 1.1-style rule pack (1) or a 3.0 configuration (0).
 * @param[in] v The object; not NULL.
 * @param i A period index.
 * @return 1 or 0; #YGT_ERANGE for a bad index.
 */
YGT_API int ygt_drg_versions_is_pack(const ygt_drg_versions *v, size_t i);

/**
 * @brief The rule pack of a period (NULL when it is a 3.0 configuration).
 * @param[in] v The object; not NULL.
 * @param i A period index.
 * @return The pack, owned by the object; NULL otherwise.
 */
YGT_API const ygt_drg_pack *ygt_drg_versions_pack(const ygt_drg_versions *v, size_t i);

/**
 * @brief The 3.0 configuration of a period (NULL when it is a rule pack).
 * @param[in] v The object; not NULL.
 * @param i A period index.
 * @return The configuration, owned by the object; NULL otherwise.
 */
YGT_API const ygt_drg3 *ygt_drg_versions_drg3(const ygt_drg_versions *v, size_t i);

/**
 * @brief The dictionaries of a period's grouper, to make its batch over.
 * @param[in] v The object; not NULL.
 * @param i A period index.
 * @param kind #YGT_CODE_DIAGNOSIS or #YGT_CODE_PROCEDURE.
 * @return The dictionary, owned by the object; NULL for a bad index or kind.
 */
YGT_API const ygt_codes *ygt_drg_versions_codes(const ygt_drg_versions *v, size_t i, int kind);

/**
 * @brief The period whose dates hold a day.
 * @param[in] v The object; not NULL.
 * @param date The day as YYYYMMDD.
 * @return The index; #YGT_ENOTFOUND when no period holds it.
 */
YGT_API int ygt_drg_versions_find(const ygt_drg_versions *v, int32_t date);

/**
 * @brief Group rows @p first .. @p first + @p n - 1, each with the grouper
 *        of its discharge date, or all with one version.
 *
 * @p batches holds one batch per period (ygt_drg_versions_count() of them),
 * batches[i] over ygt_drg_versions_codes() of period i, all holding the same
 * cases in the same order; the discharge date (#YGT_CASE_DISCHARGE_DATE) is
 * read from each case's own batch.  A case without a discharge date or
 * outside every period gets version -1, status #YGT_DRG_NO_PERIOD and ids
 * -1.  Each output receives @p n entries and may be NULL.
 * @param[in] v The object; not NULL.
 * @param[in] batches The batches; not NULL; an entry may be NULL only when
 *        no case falls in its period (or, with @p which >= 0, for every
 *        other period).
 * @param first First row.
 * @param n Number of rows.
 * @param which -1: by discharge date; otherwise the version for every row.
 * @param[out] version Period index of each case (-1 none).
 * @param[out] mdc MDC ids (-1 none).
 * @param[out] adrg ADRG ids (-1 none).
 * @param[out] drg DRG ids (-1 none).
 * @param[out] status #ygt_drg_status values or #YGT_DRG_NO_PERIOD.
 * @param[out] flags Flag bits of the grouper.
 * @return #YGT_OK; #YGT_EINVAL (NULL argument, a needed batch missing or over
 *         other dictionaries, batches of different lengths); #YGT_ERANGE
 *         (rows outside the batches, @p which out of range); the errors of
 *         ygt_drg_group() and ygt_drg3_group().
 */
YGT_API int ygt_drg_versions_group(const ygt_drg_versions *v, const ygt_cases *const *batches, size_t first,
                                   size_t n, int which, int32_t *version, int32_t *mdc, int32_t *adrg, int32_t *drg,
                                   int32_t *status, uint32_t *flags);

YGT_END_DECLS

#endif /* YIGONGTI_DRG_VERSIONS_H */
