/* The per-group and per-institution constants of DIP scoring's column
 * passes (dip_score_batch.c), and the AVX-512 form of its deviation class
 * and score passes (dip_score_avx512.c): the same IEEE operations on the
 * same operands in the same order, eight rows a vector (settle_avx512.h
 * says why the conversions and compares give the scalar bits). */
#ifndef YGT_DIP_SCORE_AVX512_H
#define YGT_DIP_SCORE_AVX512_H

#include "cpu_avx512.h"
#include "dip_internal.h"

/* A group's constants for the passes; after the groups a sentinel, the group of no group (not usable). */
typedef struct ygt__dip_pgroup {
  double rw, support;
  int64_t std_cost[YGT__DIP_NLEVELCLASS], base_units;
  int grassroots, usable; /* usable: its base units are formed (else the row path says why) */
} ygt__dip_pgroup;

/* An institution's constants; after them a sentinel, the institution of an invalid row. */
typedef struct ygt__dip_pinst {
  double level[2], assess; /* level: the institution's, the grassroots groups' */
  int cls;
} ygt__dip_pinst;

/* The constants of a batch's blocks. */
typedef struct ygt__dip_pconsts {
  ygt__dip_pgroup *g;
  ygt__dip_pinst *in;
  uint32_t ngroups, ninst;
} ygt__dip_pconsts;

/* The columns and limits valid_pass() reads (flags and los may be NULL). */
typedef struct ygt__dip_valid_cols {
  const int32_t *inst, *ins, *pdx, *los;
  const int64_t *cost;
  const uint8_t *flags;
  unsigned present; /* bit i: insurance type i has parameters */
  uint32_t ninst;
  double max_los;
} ygt__dip_valid_cols;

/* Whether rows r0 .. r0 + n - 1 are valid and not excluded, as dip_score_batch.c's valid_pass() finds it: fast[i]
 * 1 or 0, inst_out[i] the institution or k->ninst.  Call it only when ygt__avx512() says so. */
void ygt__dip_valid_avx512(uint8_t *fast, uint32_t *inst_out, const ygt__dip_valid_cols *k, size_t r0, size_t n);

/* The deviation class, cost ratio and score of rows 0 .. n - 1 of a block as dip_score_batch.c's class_pass(),
 * ratio_pass() and score_pass() form them (before the rounding): group[i] and inst[i] index t (the sentinels for a
 * row that is not fast), cost and day (NULL: absent) are the block's columns, aux its auxiliary coefficients, nm the
 * parameters; writes why[i] and score[i] of every row and clears fast[i] of an extreme one.  Call it only when
 * ygt__avx512() says so. */
void ygt__dip_class_score_avx512(double *score, int8_t *why, uint8_t *fast, const uint32_t *group,
                                 const uint32_t *inst, const double *aux, const int64_t *cost, const int32_t *day,
                                 const ygt__dip_pconsts *t, const double *nm, size_t n);

#endif
