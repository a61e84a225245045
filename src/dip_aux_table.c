/* The tables of auxiliary coefficients (dip_aux_table.h). */
#include "dip_aux_table.h"

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
}
