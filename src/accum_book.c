/* Opening pending sums for scored cases (accum_book.h). */
#include "accum_book.h"

static const uint16_t ok_lanes[YGT__PENDING_LANES] = {
    1u << YGT_FIELD_CASES | 1u << YGT_FIELD_OK, 1u << YGT_FIELD_LOW_COST,   1u << YGT_FIELD_HIGH_COST,
    1u << YGT_FIELD_SCORE_UNITS,                1u << YGT_FIELD_BASE_UNITS, 1u << YGT_FIELD_TOTAL_COST,
    1u << YGT_FIELD_PATIENT_SHARE,              1u << YGT_FIELD_FUND_PAID};

int ygt__pending_open_ok(ygt__pending *p, ygt_settle_accum *acc, size_t rows) {
  return ygt__pending_open(p, acc, ok_lanes, rows);
}
