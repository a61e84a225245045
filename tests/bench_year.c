/* Benchmark: a Ninghai-scale county year end to end on one core — about
 * 650,000 residents (the bundle's 600,000 × 1.083), generated with their
 * first contacts and referrals, then paid under the bundle's scheme,
 * settled against the budget and scored — plus the peak resident memory.
 * Prints the figures; never fails on speed.
 * `meson test -C build --benchmark --suite year -v`. */
#include <stdio.h>
#include <sys/resource.h>

#include "bench_util.h"
#include "year_fixture.h"

static int fail(const char *what) {
  fprintf(stderr, "bench_year: %s: %s\n", what, ygt_error_last()->message);
  return 1;
}

int main(void) {
  year_bundle b;
  if (year_fixture_load(&b, "ninghai")) return fail("load the bundle");
  ygt_county_options o = year_fixture_options(&b, 650000.0 / 600000.0, 1);
  ygt_county *county = NULL;
  ygt_year *year = NULL;
  double t0 = now();
  if (ygt_county_generate(&county, b.model, b.rules, b.casemix, &o)) return fail("generate");
  double t1 = now();
  ygt_year_inputs in = year_fixture_inputs(&b, county, NULL);
  if (ygt_year_run(&year, &in)) return fail("run");
  double t2 = now();
  int64_t visits = 0, stays = 0;
  ygt_year_total(&visits, year, YGT_YEAR_VISITS);
  ygt_year_total(&stays, year, YGT_YEAR_STAYS);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("residents %zu, visits %lld, stays %lld\n", ygt_county_resident_count(county), (long long)visits,
         (long long)stays);
  printf("generate %.3f s (%.2f M events/s), year run %.3f s, end to end %.3f s (target < 5 s)\n", t1 - t0,
         (double)(visits + stays) / (t1 - t0) / 1e6, t2 - t1, t2 - t0);
  printf("peak resident memory %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
  ygt_year_free(year);
  ygt_county_free(county);
  year_fixture_free(&b);
  return 0;
}
