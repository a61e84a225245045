/* Rounding a product of published decimals as the exact decimal product
 * would be rounded (doc/conventions.md, "Rounding").
 *
 * Parameters are published as short decimals (RW 0.4583, coefficient 1.15,
 * ratio 0.85) but held as binary doubles, so their double product can lie
 * just below an exact half (0.4583 × 1.10 × 1.15 = 0.5797495 exactly, but
 * 0.57974949999… in binary) and round the wrong way.  Rounding looks at the
 * double first; only when it lies within rounding noise of a half does it
 * recover each factor's shortest decimal (the one a person wrote), multiply
 * those exactly in 128-bit integers and round that — so the common case
 * costs one comparison, and callers gather the factors only then.  A value
 * that is not a product of decimals (a ratio of costs, a point value) is
 * rounded as its double, since no decimal figure stands behind it. */
#ifndef YGT_DECIMAL_INTERNAL_H
#define YGT_DECIMAL_INTERNAL_H

#include <stdint.h>

/* Out of line, for the rare value near a half: the exact decimal product of
 * f[0..n) × unit rounded half away from zero, else x rounded as it is. */
int ygt__round_exact(const double *f, int n, double unit, double x, int64_t *out);

/* The YGT_EOVERFLOW of an amount beyond int64 (settle_accum.c), out of line: it formats a message. */
int ygt__round_fen_overflow(double x);

/* Half away from zero without a library call, inline (it runs several times a case): truncation and the
 * difference are exact for |x| < 2^53 (beyond it x is an integer already); amounts beyond int64 are
 * YGT_EOVERFLOW. */
static inline int ygt__round_fen(double x, int64_t *out) {
  if (!(x > -9.2e18 && x < 9.2e18)) return ygt__round_fen_overflow(x);
  int64_t i = (int64_t)x;
  double frac = x - (double)i;
  *out = i + (frac >= 0.5) - (frac <= -0.5);
  return 0;
}

/* Half away from zero of x into *out, inline: 0 when *out is final, 1 when
 * x lies within rounding noise of a half (the caller then rounds the exact
 * decimal with ygt__round_exact()), YGT_EOVERFLOW beyond int64. */
static inline int ygt__round_or_near(double x, int64_t *out) {
  if (!(x > -9e18 && x < 9e18)) return ygt__round_fen(x, out);
  int64_t i = (int64_t)x;
  double frac = x - (double)i, d = (frac < 0 ? -frac : frac) - 0.5, tol = (x < 0 ? -x : x) * 1e-14 + 1e-12;
  *out = i + (frac >= 0.5) - (frac <= -0.5);
  return d <= tol && d >= -tol;
}

/* ygt__round_or_near() of x without a branch, for loops over columns (whether a value lies near a half is a coin
 * toss a branch predictor loses): *out as it rounds; 1 when *out is final, 0 when x lies near a half or beyond
 * ±9e18 (NaN among them), where the caller takes the general path.  |(|frac| − 0.5)| > tol is
 * !(d <= tol && d >= −tol) for every d that is not NaN. */
static inline int ygt__round_plain(double x, int64_t *out) {
  int in = (x > -9e18) & (x < 9e18);
  x = in ? x : 0;
  int64_t i = (int64_t)x;
  double frac = x - (double)i, d = __builtin_fabs(__builtin_fabs(frac) - 0.5), tol = __builtin_fabs(x) * 1e-14 + 1e-12;
  *out = i + (frac >= 0.5) - (frac <= -0.5);
  return in & (d > tol);
}

/* Half away from zero of the product of factors, as the exact decimal product would round. */
static inline int ygt__round_product(const double *factors, int n, int64_t *out) {
  double x = 1;
  for (int k = 0; k < n; k++) x *= factors[k];
  int rc = ygt__round_or_near(x, out);
  return rc <= 0 ? rc : ygt__round_exact(factors, n, 1, x, out);
}

/* The nearest double to the exact decimal sum a + b (1 + growth, 1 − floor). */
double ygt__decimal_add(double a, double b);
/* Half away from zero of fen × ratio, an exact half of the decimal product rounded away from zero; callers keep
 * |fen × ratio| below 2^63. */
int64_t ygt__fen_times(int64_t fen, double ratio);
/* The shortest decimal m × 10^-e (0 <= e <= 15) that reads back as x; -1 when there is none. */
int ygt__decimal_of(double x, int64_t *mantissa, int *exponent);

#endif /* YGT_DECIMAL_INTERNAL_H */
