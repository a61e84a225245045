/* The auxiliary coefficient of a DIP case from tables, for the batch path
 * (dip_score_batch.c).  The coefficient is a function of the set of bands
 * the case falls in (those that apply, multiplied or the largest, in file
 * order), so one table holds, for every set, the double ygt__dip_aux_of()
 * computes, by the same operations in the same order; and for each factor
 * a second table gives the bands a value falls in, for the small values
 * cases have (others are tested band by band). */
#ifndef YGT_DIP_AUX_TABLE_H
#define YGT_DIP_AUX_TABLE_H

#include "dip_aux.h"

#define YGT__DIP_AUX_TABLE_BANDS 8
#define YGT__DIP_AUX_SPAN 256 /* values -1 .. 254 go by the per-factor tables */

typedef struct ygt__dip_aux_table {
  int on;           /* 0: no tables (too many bands, or a batch too small to pay for them) */
  unsigned factors; /* bit f: a band reads factor f */
  int nbands;
  int factor[YGT__DIP_AUX_TABLE_BANDS];
  int64_t low[YGT__DIP_AUX_TABLE_BANDS], high[YGT__DIP_AUX_TABLE_BANDS];
  uint8_t bands[DIP_AUX_N][YGT__DIP_AUX_SPAN]; /* [f][v + 1]: the bands of factor f value v falls in */
  double coef[1u << YGT__DIP_AUX_TABLE_BANDS]; /* by the set of bands that apply */
  int cci_bytes; /* the CCI mask's bytes summed by cci_sum; 0: by the weights' loop (more than 16 conditions) */
  int64_t cci_sum[2][256]; /* [b][x]: the weights of the conditions of bits 8b .. 8b + 7 set in x */
} ygt__dip_aux_table;

/* Fills t for engine e and a batch of `rows` rows; t->on is 0 when the
 * caller should use ygt__dip_aux_of() instead. */
void ygt__dip_aux_table_new(ygt__dip_aux_table *t, const ygt_dip_engine *e, size_t rows);

/* The bands of factor f that value v falls in, tested one by one. */
static inline unsigned ygt__dip_aux_bands_of(const ygt__dip_aux_table *t, int f, int64_t v) {
  unsigned set = 0;
  for (int i = 0; i < t->nbands; i++) set |= (unsigned)(t->factor[i] == f && v >= t->low[i] && v <= t->high[i]) << i;
  return set;
}

/* The bands of factor f that value v falls in. */
static inline unsigned ygt__dip_aux_bands(const ygt__dip_aux_table *t, int f, int64_t v) {
  return (uint64_t)v + 1 < YGT__DIP_AUX_SPAN ? t->bands[f][v + 1] : ygt__dip_aux_bands_of(t, f, v);
}

/* ygt__dip_aux_of() of row r through the tables (t->on); each factor read is written out so that it inlines. */
static inline double ygt__dip_aux_table_of(const ygt__dip_aux_table *t, const ygt_dip_catalog *cat,
                                           const ygt__dip_aux_cols *k, size_t r) {
  unsigned set = 0, f = t->factors;
  if (f >> DIP_AUX_AGE & 1) set |= ygt__dip_aux_bands(t, DIP_AUX_AGE, ygt__dip_aux_age(k, r));
  if (f >> DIP_AUX_CCI & 1) set |= ygt__dip_aux_bands(t, DIP_AUX_CCI, ygt__dip_aux_sdx(cat, k, r, DIP_AUX_CCI));
  if (f >> DIP_AUX_SEVERITY & 1)
    set |= ygt__dip_aux_bands(t, DIP_AUX_SEVERITY, ygt__dip_aux_sdx(cat, k, r, DIP_AUX_SEVERITY));
  if (f >> DIP_AUX_ICU_HOURS & 1) set |= ygt__dip_aux_bands(t, DIP_AUX_ICU_HOURS, ygt__dip_aux_int(k->icu, r));
  if (f >> DIP_AUX_LOS_DAYS & 1) set |= ygt__dip_aux_bands(t, DIP_AUX_LOS_DAYS, ygt__dip_aux_int(k->los, r));
  return t->coef[set];
}

/* The auxiliary coefficients of rows r0 .. r0 + n - 1 into aux, as ygt__dip_aux_table_of() gives them, one pass
 * over the block for each factor the bands read (t->on). */
void ygt__dip_aux_table_block(double *aux, const ygt__dip_aux_table *t, const ygt_dip_catalog *cat,
                              const ygt__dip_aux_cols *k, size_t r0, size_t n);

/* The coefficients of rows r0 .. r0 + n - 1 into aux on AVX-512 vectors: the band sets in set (of the factors the
 * portable passes formed) ORed with those of the factors in `factors` (age, CCI by the byte tables, ICU hours,
 * stay; not severity), then each set's coefficient.  The same sets and doubles as the portable passes; call it only
 * when ygt__avx512() (cpu_avx512.h) says so. */
void ygt__dip_aux_coef_avx512(double *aux, const uint8_t *set, unsigned factors, const ygt__dip_aux_table *t,
                              const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k, size_t r0, size_t n);

#endif
