/**
 * @file perdiem.h
 * @brief Per-diem payment (按床日付费): a rate per day by day band, hospital
 *        level and disease class (psychiatric, rehabilitation, palliative ...).
 *
 * A band table (doc/formats/perdiem-bands.md) gives rates in yuan per day
 * for days from_day .. to_day of a stay.  A stay of n days is paid
 * Σ_{d=1..n} rate(d), with the bands of its exact level, else those of
 * level "*".  Fund = max(0, (amount − fully self-paid − first self-paid −
 * deductible) × fund ratio).  Results go to caller arrays, a settlement
 * accumulator and a ledger (settle.h) that merge exactly.
 *
 * @par Threads
 * Configure a table before sharing it; once configured it is only read.
 */
#ifndef YIGONGTI_PERDIEM_H
#define YIGONGTI_PERDIEM_H

#include <yigongti/common.h>
#include <yigongti/cases.h>
#include <yigongti/model.h>
#include <yigongti/settle.h>

YGT_BEGIN_DECLS

/** @brief A per-diem band table. */
typedef struct ygt_perdiem ygt_perdiem;

/**
 * @brief Load a band table (TSV or CSV).
 * @param[out] out Receives the table; set to NULL on failure.
 * @param[in] path The file; not NULL.  Columns class, level, from_day,
 *        to_day (empty: open) and rate (yuan per day).
 * @return #YGT_OK; #YGT_EIO; #YGT_EPARSE; #YGT_ERANGE; #YGT_ENOTFOUND
 *         (unknown level); #YGT_EVALIDATE (overlapping bands, empty table);
 *         #YGT_ENOMEM.  Errors name the file, line and column.
 */
YGT_API int ygt_perdiem_load(ygt_perdiem **out, const char *path);

/**
 * @brief Free a table.
 * @param perdiem The table, or NULL (nothing happens).
 */
YGT_API void ygt_perdiem_free(ygt_perdiem *perdiem);

/**
 * @brief Index of a disease class.
 * @param[in] perdiem The table; not NULL.
 * @param[in] name The class name; not NULL.
 * @return The index, or -1.
 */
YGT_API int32_t ygt_perdiem_class_find(const ygt_perdiem *perdiem, const char *name);

/**
 * @brief Set the fund ratio of an insurance type (default 1).
 * @param[in,out] perdiem The table; not NULL.
 * @param insurance A #ygt_insurance, or -1 for both.
 * @param ratio In [0, 1].
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE.
 */
YGT_API int ygt_perdiem_set_fund_ratio(ygt_perdiem *perdiem, int insurance, double ratio);

/**
 * @brief The amount of a stay.
 * @param[out] out Receives the amount in fen; not NULL.
 * @param[in] perdiem The table; not NULL.
 * @param cls A class index.
 * @param level A #ygt_hospital_level.
 * @param days Days of the stay (>= 0).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_ENOTFOUND (a day without
 *         a band); #YGT_EOVERFLOW.
 */
YGT_API int ygt_perdiem_amount(int64_t *out, const ygt_perdiem *perdiem, int32_t cls, int level, int32_t days);

/**
 * @brief Settle stays per diem.
 *
 * A row problem, no known institution, no insurance type or no total cost
 * makes a row INVALID first (NO_COST even though the amount does not use the
 * cost).  Rows without a class (negative) or with a day not covered go to
 * special review (UNMATCHED); rows without a length of stay are INVALID.
 * @param[in,out] acc Scoring totals (score units: days × 10^6); may be NULL.
 * @param[in,out] ledger Amounts; may be NULL.
 * @param[out] status Receives #ygt_settle_status; may be NULL.
 * @param[out] reason Receives #ygt_settle_reason; may be NULL.
 * @param[out] amount Receives amounts in fen; may be NULL.
 * @param[out] fund Receives fund payments in fen; may be NULL.
 * @param[in] perdiem The table; not NULL.
 * @param[in] model The model giving levels; not NULL.
 * @param[in] cases The batch; not NULL.
 * @param[in] cls Class index per row; not NULL.
 * @param begin First row.
 * @param end One past the last row.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW (nothing added); #YGT_ENOMEM.
 */
YGT_API int ygt_perdiem_settle(ygt_settle_accum *acc, ygt_settle_accum *ledger, int8_t *status, int8_t *reason,
                               int64_t *amount, int64_t *fund, const ygt_perdiem *perdiem, const ygt_model *model,
                               const ygt_cases *cases, const int32_t *cls, size_t begin, size_t end);

/**
 * @brief One long stay's per-diem settlement, explained in numbers an
 *        auditor recomputes its amount and fund payment from.
 *
 * The stay is settled as ygt_perdiem_settle() settles it.  For an OK stay
 * the text gives the class, the days, the institution's level and whether
 * the class's bands of that level or of every level apply, each band the
 * stay reaches with its days and rate in fen, the amount, and the fund's
 * part (the self-paid parts taken off, the fund ratio); otherwise the status
 * and reason.
 * @param[out] trace Receives the text, cut to @p cap bytes and NUL-terminated;
 *        may be NULL when @p cap is 0.
 * @param cap Bytes of @p trace.
 * @param[in] perdiem The table; not NULL.
 * @param[in] model As ygt_perdiem_settle(); not NULL.
 * @param[in] cases The batch; not NULL.
 * @param cls The stay's class index (negative: none).
 * @param row The stay's row.
 * @return The length of the whole text (as snprintf: call with @p cap 0 to
 *         size the buffer); #YGT_EINVAL; #YGT_ERANGE (row outside the batch);
 *         #YGT_EOVERFLOW.
 */
YGT_API int ygt_perdiem_explain(char *trace, size_t cap, const ygt_perdiem *perdiem, const ygt_model *model,
                                const ygt_cases *cases, int32_t cls, size_t row);

YGT_END_DECLS

#endif /* YIGONGTI_PERDIEM_H */
