/**
 * @file workload.h
 * @brief Workload equivalents for primary care (标化工作当量法): every
 *        service item has a standardised equivalent; an institution's
 *        compensation = its equivalents × unit value (budget / all
 *        equivalents) × its assessment factor.
 *
 * Equivalents are summed as integers of 10^-6 equivalent (rounded once per
 * item), so tallies merge exactly; each compensation is rounded once to the
 * fen.
 *
 * @par Threads
 * A table is immutable after loading and may be shared.
 */
#ifndef YIGONGTI_WORKLOAD_H
#define YIGONGTI_WORKLOAD_H

#include <yigongti/common.h>

YGT_BEGIN_DECLS

/** @brief A service-item table of equivalents (immutable). */
typedef struct ygt_workload ygt_workload;

/**
 * @brief Load an item table (TSV or CSV, doc/formats/workload-items.md).
 * @param[out] out Receives the table; set to NULL on failure.
 * @param[in] path The file; not NULL.  Columns item_code and equivalent
 *        are required; name is optional.
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE; #YGT_ERANGE; #YGT_EVALIDATE
 *         (duplicate, empty); #YGT_ENOMEM.  Errors name file, line, column.
 */
YGT_API int ygt_workload_load(ygt_workload **out, const char *path);

/**
 * @brief Free a table.
 * @param workload The table, or NULL (nothing happens).
 */
YGT_API void ygt_workload_free(ygt_workload *workload);

/**
 * @brief Index of an item by code.
 * @param[in] workload The table; not NULL.
 * @param[in] code The code; not NULL.
 * @return The index, or -1.
 */
YGT_API int32_t ygt_workload_item_find(const ygt_workload *workload, const char *code);

/**
 * @brief Add services to per-institution equivalents.
 * @param[in,out] units Per-institution equivalents in 10^-6 units, added to; not NULL.
 * @param ninst Entries of @p units.
 * @param[in] workload The table; not NULL.
 * @param[in] institution @p n institution indexes; not NULL.
 * @param[in] item @p n item indexes; not NULL.
 * @param[in] quantity @p n quantities (>= 0); not NULL.
 * @param n Number of records.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE (bad index or quantity; nothing added); #YGT_EOVERFLOW; #YGT_ENOMEM.
 */
YGT_API int ygt_workload_tally(int64_t *units, size_t ninst, const ygt_workload *workload,
                               const int32_t *institution, const int32_t *item, const int64_t *quantity, size_t n);

/**
 * @brief Compensation from tallied equivalents.
 * @param[out] out Receives @p ninst amounts in fen; not NULL.
 * @param[out] unit_value Receives the unit value in yuan per equivalent; may be NULL.
 * @param[in] units Per-institution equivalents in 10^-6 units; not NULL.
 * @param[in] assessment Per-institution assessment factors (>= 0); NULL for 1.
 * @param ninst Number of institutions.
 * @param budget_fen The budget in fen (>= 0).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EVALIDATE (no equivalents); #YGT_EOVERFLOW.
 */
YGT_API int ygt_workload_compensate(int64_t *out, double *unit_value, const int64_t *units, const double *assessment,
                                    size_t ninst, int64_t budget_fen);

YGT_END_DECLS

#endif /* YIGONGTI_WORKLOAD_H */
