/* Rounding a product of published decimals as the exact decimal product
 * would be rounded (doc/conventions.md, "Rounding").
 *
 * Parameters are published as short decimals (RW 0.4583, coefficient 1.15,
 * ratio 0.85) but held as binary doubles, so their double product can lie
 * just below an exact half (0.4583 × 1.10 × 1.15 = 0.5797495 exactly, but
 * 0.57974949999… in binary) and round the wrong way.  A #ygt__dprod carries
 * the factors beside their double product.  Rounding looks at the double
 * first; only when it lies within rounding noise of a half does it recover
 * each factor's shortest decimal (the one a person wrote), multiply those
 * exactly in 128-bit integers and round that.  A value that is not a
 * product of decimals (a ratio of costs, a point value) is marked inexact
 * and rounded as its double, since no decimal figure stands behind it. */
#ifndef YGT_DECIMAL_INTERNAL_H
#define YGT_DECIMAL_INTERNAL_H

#include <stdint.h>

#define YGT__DPROD_MAX 8

typedef struct ygt__dprod {
  double value;              /* the double product */
  double f[YGT__DPROD_MAX];  /* its factors */
  int n;                     /* number of factors; -1: not a product of decimals */
} ygt__dprod;

static inline void ygt__dprod_init(ygt__dprod *p, double x) {
  p->value = x;
  p->f[0] = x;
  p->n = 1;
}

static inline void ygt__dprod_mul(ygt__dprod *p, double x) {
  p->value *= x;
  if (p->n >= 0 && p->n < YGT__DPROD_MAX) p->f[p->n++] = x;
  else p->n = -1;
}

/* A computed value that no decimal figure stands behind. */
static inline void ygt__dprod_inexact(ygt__dprod *p, double x) {
  p->value = x;
  p->n = -1;
}

/* Half away from zero of the product × unit (a power of ten, or 1). */
int ygt__dprod_round(const ygt__dprod *p, double unit, int64_t *out);
/* The same for a plain list of factors. */
int ygt__round_product(const double *factors, int n, int64_t *out);
/* The nearest double to the exact decimal sum a + b (1 + growth, 1 − floor). */
double ygt__decimal_add(double a, double b);
/* Half away from zero of fen × ratio, an exact half of the decimal product rounded away from zero; callers keep
 * |fen × ratio| below 2^63. */
int64_t ygt__fen_times(int64_t fen, double ratio);
/* The shortest decimal m × 10^-e (0 <= e <= 15) that reads back as x; -1 when there is none. */
int ygt__decimal_of(double x, int64_t *mantissa, int *exponent);

#endif /* YGT_DECIMAL_INTERNAL_H */
