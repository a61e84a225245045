/* Rounding products of published decimals exactly (decimal_internal.h). */
#include <math.h>

#include "decimal_internal.h"
#include "settle_internal.h"

static const double pow10_double[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* (double)m / 10^e is the correctly rounded value of the decimal m × 10^-e
 * (both operands exact, division correctly rounded), i.e. what strtod gives
 * for it; the first e that reads back as x gives the shortest decimal. */
int ygt__decimal_of(double x, int64_t *mantissa, int *exponent) {
  for (int e = 0; e < 16; e++) {
    double scaled = x * pow10_double[e];
    if (!(fabs(scaled) < 9e15)) return -1;
    int64_t m = (int64_t)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
    if ((double)m / pow10_double[e] == x) {
      *mantissa = m;
      *exponent = e;
      return 0;
    }
  }
  return -1;
}

typedef __int128 i128;

static i128 pow10_i128(int e) {
  i128 p = 1;
  while (e-- > 0) p *= 10;
  return p;
}

/* The exact product as m × 10^-e; -1 when a factor has no short decimal or the product overflows. */
static int exact_product(const double *f, int n, double unit, i128 *m, int *e) {
  const i128 limit = ((i128)1 << 120);
  *m = 1;
  *e = 0;
  for (int k = 0; k <= n; k++) {
    int64_t fm;
    int fe;
    if (ygt__decimal_of(k < n ? f[k] : unit, &fm, &fe)) return -1;
    i128 a = fm < 0 ? -(i128)fm : (i128)fm, b = *m < 0 ? -*m : *m;
    if (a && b > limit / a) return -1;
    *m *= fm;
    *e += fe;
  }
  return *e <= 36 ? 0 : -1;
}

static int round_exact(const double *f, int n, double unit, int64_t *out) {
  i128 m;
  int e;
  if (exact_product(f, n, unit, &m, &e)) return -1;
  i128 d = pow10_i128(e), q = m / d, r = m % d;
  if (2 * (r < 0 ? -r : r) >= d) q += m < 0 ? -1 : 1;
  if (q > INT64_MAX || q < -INT64_MAX) return -1;
  *out = (int64_t)q;
  return 0;
}

int ygt__round_exact(const double *f, int n, double unit, double x, int64_t *out) {
  if (n > 0 && round_exact(f, n, unit, out) == 0) return 0;
  return ygt__round_fen(x, out);
}

/* The double product's error is a few ulps; only a value this close to a
 * half can round differently from its exact decimal.  Beyond int64 (or NaN)
 * it is not: ygt__round_fen() reports the overflow. */
static int near_half(double x) {
  if (!(x > -9e18 && x < 9e18)) return 0;
  double frac = x - (double)(int64_t)x;
  frac = frac < 0 ? -frac : frac;
  double d = frac - 0.5, tol = (x < 0 ? -x : x) * 1e-14 + 1e-12;
  return d <= tol && d >= -tol;
}

double ygt__decimal_add(double a, double b) {
  int64_t ma, mb;
  int ea, eb;
  if (ygt__decimal_of(a, &ma, &ea) || ygt__decimal_of(b, &mb, &eb)) return a + b;
  int e = ea > eb ? ea : eb;
  i128 sum = (i128)ma * pow10_i128(e - ea) + (i128)mb * pow10_i128(e - eb);
  if (sum >= ((i128)1 << 53) || sum <= -((i128)1 << 53)) return a + b;
  return (double)(int64_t)sum / pow10_double[e];
}

int64_t ygt__fen_times(int64_t fen, double ratio) {
  long double x = (long double)fen * (long double)ratio;
  const double factors[] = {(double)fen, ratio};
  int64_t out;
  if (fen > -(INT64_C(1) << 53) && fen < (INT64_C(1) << 53) && near_half((double)x) &&
      round_exact(factors, 2, 1, &out) == 0)
    return out;
  return (int64_t)roundl(x);
}
