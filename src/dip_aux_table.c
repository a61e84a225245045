/* The tables of auxiliary coefficients (dip_aux_table.h). */
#include "dip_aux_table.h"

#include "cpu_avx512.h"

static void cci_tables(ygt__dip_aux_table *t, const ygt_dip_catalog *cat);

/* ygt__dip_aux_of()'s loop over the bands of `set`, in file order. */
static double coef_of(const ygt_dip_engine *e, unsigned set) {
  int use_max = e->params->num[YGT_PARAM_AUX_MAX] != 0, any = 0;
  double coef = 1.0;
  for (size_t i = 0; i < e->cat->nbands; i++) {
    const ygt__dip_band *b = &e->cat->bands[i];
    if (!(set >> i & 1)) continue;
    coef = use_max ? (any && coef > b->coef ? coef : b->coef) : coef * b->coef;
    any = 1;
  }
  return coef;
}

void ygt__dip_aux_table_new(ygt__dip_aux_table *t, const ygt_dip_engine *e, size_t rows) {
  const ygt_dip_catalog *cat = e->cat;
  t->on = cat->nbands <= YGT__DIP_AUX_TABLE_BANDS && rows >= (size_t)4 << cat->nbands && rows >= 4096;
  if (!t->on) return;
  t->nbands = (int)cat->nbands, t->factors = 0;
  for (int i = 0; i < t->nbands; i++) {
    t->factor[i] = cat->bands[i].factor, t->low[i] = cat->bands[i].low, t->high[i] = cat->bands[i].high;
    t->factors |= 1u << t->factor[i];
  }
  for (int f = 0; f < DIP_AUX_N; f++)
    for (int v = 0; v < YGT__DIP_AUX_SPAN; v++) t->bands[f][v] = (uint8_t)ygt__dip_aux_bands_of(t, f, v - 1);
  for (unsigned set = 0; set < 1u << t->nbands; set++) t->coef[set] = coef_of(e, set);
  cci_tables(t, cat);
}

/* The CCI of a mask as the sum of its bytes' weights: integer sums, in any order the same. */
static void cci_tables(ygt__dip_aux_table *t, const ygt_dip_catalog *cat) {
  t->cci_bytes = cat->ncci <= 16 ? (cat->ncci + 7) / 8 : 0;
  for (int b = 0; b < t->cci_bytes; b++)
    for (unsigned x = 0; x < 256; x++) {
      int64_t sum = 0;
      for (int j = 0; j < 8 && 8 * b + j < cat->ncci; j++) sum += (x >> j & 1) ? cat->cci_weight[8 * b + j] : 0;
      t->cci_sum[b][x] = sum;
    }
}

/* The CCI mask of secondary diagnosis v (none when negative), without a branch. */
static inline uint64_t cci_mask_of(const ygt_dip_catalog *cat, int32_t v) {
  int32_t neg = v >> 31; /* -1 when negative: arithmetic, so the compiler makes no branch of it */
  return cat->cci_mask[v & ~neg] & ~(uint64_t)(int64_t)neg;
}

/* ygt__dip_aux_sdx(..., DIP_AUX_CCI) of row r with the byte tables; the first four diagnoses read without a branch
 * on the list's length (a coin toss for a branch predictor), past its end at place 0: sdx holds a value. */
static inline int64_t cci_of(const ygt__dip_aux_table *t, const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k,
                             const int32_t *sdx, size_t r) {
  int64_t at = k->sdx_off[r], n = k->sdx_off[r + 1] - at;
  uint64_t mask = 0;
  for (int j = 0; j < 4; j++) {
    mask |= cci_mask_of(cat, sdx[(at + j) & -(int64_t)(j < n)] | -(int32_t)(j >= n)); /* -1 past the list's end */
  }
  for (int64_t j = 4; j < n; j++) mask |= cci_mask_of(cat, sdx[at + j]);
  return t->cci_sum[0][mask & 255] + (t->cci_bytes > 1 ? t->cci_sum[1][mask >> 8 & 255] : 0);
}

/* Whether the CCI goes by the byte tables (cci_of()). */
static int cci_by_bytes(const ygt__dip_aux_table *t, const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k) {
  return t->cci_bytes && k->sdx_off && cat->cci_mask;
}

/* The CCI bands of rows r0 .. r0 + n - 1. */
static void cci_bands(uint8_t *set, const ygt__dip_aux_table *t, const ygt_dip_catalog *cat,
                      const ygt__dip_aux_cols *k, size_t r0, size_t n) {
  static const int32_t empty = -1;
  if (!cci_by_bytes(t, cat, k))
    for (size_t i = 0; i < n; i++)
      set[i] |= (uint8_t)ygt__dip_aux_bands(t, DIP_AUX_CCI, ygt__dip_aux_sdx(cat, k, r0 + i, DIP_AUX_CCI));
  else {
    const int32_t *sdx = k->sdx_off[r0 + n] > 0 ? k->sdx : &empty; /* else every list is empty */
    for (size_t i = 0; i < n; i++) set[i] |= (uint8_t)ygt__dip_aux_bands(t, DIP_AUX_CCI, cci_of(t, cat, k, sdx, r0 + i));
  }
}

/* The bands of an int column's factor (a missing value or column: -1). */
static void int_bands(uint8_t *set, const ygt__dip_aux_table *t, int f, const int32_t *col, size_t r0, size_t n) {
  unsigned none = ygt__dip_aux_bands(t, f, -1);
  if (!col)
    for (size_t i = 0; i < n; i++) set[i] |= (uint8_t)none;
  else
    for (size_t i = 0; i < n; i++) set[i] |= (uint8_t)(col[r0 + i] == YGT_CASES_NA ? none : ygt__dip_aux_bands(t, f, col[r0 + i]));
}

/* Rows r0 .. r0 + n - 1 (n <= BLOCK); on AVX-512 every factor but severity (and the CCI without its byte tables)
 * by vectors, the same sets. */
#define BLOCK 1024
static void aux_block(double *aux, const ygt__dip_aux_table *t, const ygt_dip_catalog *cat,
                      const ygt__dip_aux_cols *k, size_t r0, size_t n) {
  uint8_t set[BLOCK] = {0};
  unsigned f = t->factors, vec = 0;
  if (ygt__avx512())
    vec = f & ~(1u << DIP_AUX_SEVERITY) & ~(cci_by_bytes(t, cat, k) ? 0u : 1u << DIP_AUX_CCI);
  f &= ~vec;
  if (f >> DIP_AUX_AGE & 1)
    for (size_t i = 0; i < n; i++) set[i] |= (uint8_t)ygt__dip_aux_bands(t, DIP_AUX_AGE, ygt__dip_aux_age(k, r0 + i));
  if (f >> DIP_AUX_CCI & 1)
    cci_bands(set, t, cat, k, r0, n);
  if (f >> DIP_AUX_SEVERITY & 1)
    for (size_t i = 0; i < n; i++)
      set[i] |= (uint8_t)ygt__dip_aux_bands(t, DIP_AUX_SEVERITY, ygt__dip_aux_sdx(cat, k, r0 + i, DIP_AUX_SEVERITY));
  if (f >> DIP_AUX_ICU_HOURS & 1) int_bands(set, t, DIP_AUX_ICU_HOURS, k->icu, r0, n);
  if (f >> DIP_AUX_LOS_DAYS & 1) int_bands(set, t, DIP_AUX_LOS_DAYS, k->los, r0, n);
  if (ygt__avx512()) ygt__dip_aux_coef_avx512(aux, set, vec, t, cat, k, r0, n);
  else
    for (size_t i = 0; i < n; i++) aux[i] = t->coef[set[i]];
}

void ygt__dip_aux_table_block(double *aux, const ygt__dip_aux_table *t, const ygt_dip_catalog *cat,
                              const ygt__dip_aux_cols *k, size_t r0, size_t n) {
  for (size_t i = 0; i < n; i += BLOCK) aux_block(aux + i, t, cat, k, r0 + i, n - i < BLOCK ? n - i : BLOCK);
}
