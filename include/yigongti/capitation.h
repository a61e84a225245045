/**
 * @file capitation.h
 * @brief Capitation (按人头付费): a rate per insured or signed resident and
 *        month × eligible persons × months × performance multiplier, with
 *        the out-patient spending of those residents elsewhere charged to
 *        the pool [inferred].
 *
 * pool = rate × persons × eligible share × months × performance, rounded
 * once to the fen; balance = pool − Σ charges (negative: the pool is
 * overdrawn, and the holder bears it: that is the risk capitation passes
 * to it).
 *
 * Whom a pool covers, and so whose visits elsewhere are charged to it: on
 * the #YGT_CAPITATION_SIGNED basis the residents signed with the holder's
 * family-doctor teams, on the #YGT_CAPITATION_INSURED basis the insured
 * residents of the grids whose township institution the holder is — the
 * same persons the pool is paid for.  ygt_capitation_charges() charges a
 * row to the pool named in @c home; a caller passes -1 for a resident the
 * pool does not cover (a county year does: ygt_year_run() reads the
 * county's @c resident_signed column), and that visit is paid fee for
 * service.  Charges are summed per home institution as exact integers,
 * so they do not depend on order or partitioning.
 */
#ifndef YIGONGTI_CAPITATION_H
#define YIGONGTI_CAPITATION_H

#include <yigongti/common.h>
#include <yigongti/cases.h>
#include <yigongti/model.h>

YGT_BEGIN_DECLS

/** @brief Whom capitation counts. */
typedef enum ygt_capitation_basis {
  YGT_CAPITATION_INSURED = 0, /**< Insured persons of the grids whose township institution it is. */
  YGT_CAPITATION_SIGNED = 1   /**< Residents signed with the institution's family-doctor teams. */
} ygt_capitation_basis;

/**
 * @brief Persons counted for an institution.
 * @param[out] out Receives the count; not NULL.
 * @param[in] model The model; not NULL.
 * @param institution An institution index.
 * @param basis A #ygt_capitation_basis.
 * @param insurance A #ygt_insurance, or -1 for both (#YGT_CAPITATION_INSURED only).
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW (the persons summed do not fit int64).
 */
YGT_API int ygt_capitation_persons(int64_t *out, const ygt_model *model, int32_t institution, int basis,
                                   int insurance);

/**
 * @brief The capitation pool.
 * @param[out] out Receives the pool in fen; not NULL.
 * @param rate_fen Rate per person and month in fen (>= 0).
 * @param persons Persons counted (>= 0).
 * @param eligible Share of them that is eligible (有效签约), in [0, 1].
 * @param months Months of the period (> 0, at most 120).
 * @param performance Performance multiplier from the assessment (>= 0, at most 10).
 * @return #YGT_OK; #YGT_ERANGE; #YGT_EOVERFLOW.
 */
YGT_API int ygt_capitation_pool(int64_t *out, int64_t rate_fen, int64_t persons, double eligible, double months,
                                double performance);

/**
 * @brief Charge out-patient spending made elsewhere to the home pools.
 *
 * For every row whose treating institution differs from the patient's home
 * institution, the fund's part of the visit (fund paid, else total cost −
 * patients' share) is added to @p charged[home].  @p home names the pool
 * that covers the patient: -1 for a patient no pool covers (on the signed
 * basis, one who did not sign with the pool holder's teams).
 * @param[in,out] charged Per-institution charges in fen, added to; not NULL.
 * @param ninst Number of entries of @p charged.
 * @param[in] cases The visits; not NULL.
 * @param[in] home Pool covering the patient of each row (negative: none); not NULL.
 * @param begin First row.
 * @param end One past the last row.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_ERANGE; #YGT_EOVERFLOW (nothing added).
 */
YGT_API int ygt_capitation_charges(int64_t *charged, size_t ninst, const ygt_cases *cases, const int32_t *home,
                                   size_t begin, size_t end);

/**
 * @brief The balance of a pool: pool − charged.
 * @param[out] out Receives the balance in fen; not NULL.
 * @param pool The pool in fen.
 * @param charged The charges in fen.
 * @return #YGT_OK; #YGT_EINVAL; #YGT_EOVERFLOW.
 */
YGT_API int ygt_capitation_balance(int64_t *out, int64_t pool, int64_t charged);

YGT_END_DECLS

#endif /* YIGONGTI_CAPITATION_H */
