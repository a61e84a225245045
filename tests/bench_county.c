/* Benchmark: one synthetic year of the Ninghai bundle at scale 1.0 (600,000
 * residents) on one core: residents, needs, routing by the bundle's referral
 * rules, money, and the encounter and case batches; then the same with the
 * cost response on (cost_response 1: the patients' alternatives are routed
 * too), and that county routed again with more primary first contact
 * (ygt_county_generate_like(): its needs copied, not drawn).  Prints
 * residents, events, stays, seconds, events per second and the peak
 * resident set size; never fails on speed.
 * `meson test -C build --benchmark -v county`. */
#include <stdio.h>
#include <sys/resource.h>

#include "yigongti.h"
#include "bench_util.h"

#define BUNDLE SOURCE_ROOT "/examples/data/ninghai"

/* Best of 3 generations; the last county is left in *c. */
static int best_of_3(ygt_county **c, const ygt_model *m, const ygt_referral_rules *rules, const ygt_casemix *cm,
                     const ygt_county_options *o, double *best) {
  *best = 1e9;
  for (int rep = 0; rep < 3; rep++) {
    ygt_county_free(*c);
    double t0 = now();
    if (ygt_county_generate(c, m, rules, cm, o)) {
      fprintf(stderr, "generate: %s\n", ygt_error_last()->message);
      return 1;
    }
    double t = now() - t0;
    *best = t < *best ? t : *best;
  }
  return 0;
}

/* Best of 3 of the county routed again from like's needs, against a fresh generation's best. */
static int routed_again(const ygt_county *like, const ygt_referral_rules *rules, const ygt_county_options *o,
                        double fresh) {
  double best = 1e9;
  for (int rep = 0; rep < 3; rep++) {
    ygt_county *c = NULL;
    double t0 = now();
    if (ygt_county_generate_like(&c, like, rules, o)) {
      fprintf(stderr, "generate_like: %s\n", ygt_error_last()->message);
      return 1;
    }
    double t = now() - t0;
    best = t < best ? t : best;
    ygt_county_free(c);
  }
  printf("routed again like it (primary_first_contact 0.8): best of 3: %.3f s, %.0f %% of a generation\n", best,
         100.0 * best / fresh);
  return 0;
}

int main(void) {
  ygt_model *m = NULL;
  ygt_casemix *cm = NULL;
  ygt_referral_rules *rules = NULL;
  if (ygt_model_load(&m, BUNDLE) || ygt_casemix_load(&cm, NULL, NULL, SOURCE_ROOT "/examples/data/casemix.tsv") ||
      ygt_referral_rules_load(&rules, m, ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS), BUNDLE)) {
    fprintf(stderr, "setup: %s\n", ygt_error_last()->message);
    return 1;
  }
  ygt_county *c = NULL;
  for (int response = 0; response < 2; response++) {
    ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
    o.cost_response = response;
    double best;
    if (best_of_3(&c, m, rules, cm, &o, &best)) return 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    size_t events = ygt_county_event_count(c), stays = ygt_cases_count(ygt_county_cases(c));
    printf("county (Ninghai, scale 1.0, cost_response %d): %zu residents, %zu events (%zu visits, %zu stays)\n",
           response, ygt_county_resident_count(c), events, events - stays, stays);
    printf("best of 3: %.3f s, %.2f M events/s, peak RSS %.0f MB\n", best, (double)events / best / 1e6,
           (double)ru.ru_maxrss / 1024.0);
    ygt_county_options like = o;
    like.primary_first_contact = 0.8;
    if (response && routed_again(c, rules, &like, best)) return 1;
  }
  ygt_county_free(c);
  ygt_referral_rules_free(rules);
  ygt_casemix_free(cm);
  ygt_model_free(m);
  return 0;
}
