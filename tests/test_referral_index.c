/* The tables src/referral_index.c builds against the scans they replace,
 * on every example bundle and every code of the dictionary (and one past
 * it): the rules of each kind naming a diagnosis, in their order; the
 * tiers whose catalogue treats it in each setting; the institutions of
 * each tier in index order; each rule's ratio as a double. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "yigongti.h"
#include "codes_internal.h"
#include "referral_internal.h"
#include "shared_data.h"
#include "bundle_rules.h"

static void rules_equal_scan(const ygt_referral_rules *r, int32_t dx) {
  const int32_t *lists[RF_DX_KINDS] = {r->up, r->down, r->emergency, r->specialty};
  const size_t counts[RF_DX_KINDS] = {r->nup, r->ndown, r->nemergency, r->nspecialty};
  for (int k = 0; k < RF_DX_KINDS; k++) {
    size_t n, j = 0;
    const int32_t *got = ygt__rf_rules_of(r, k, dx, &n);
    for (size_t i = 0; i < counts[k]; i++)
      if (ygt__codeset_has(r->rules[lists[k][i]].codes, dx)) {
        assert_true(j < n);
        assert_int_equal(got[j++], lists[k][i]);
      }
    assert_int_equal(j, n);
  }
}

/* The scan the engine made before the table. */
static int treats_scan(const ygt_referral_rules *r, int tier, int setting, int32_t dx) {
  if (!(r->restricted_tiers & (1u << tier))) return 1;
  const ygt_codeset *s = r->treats[tier][ygt__rf_catalogue_setting(r, tier, setting)];
  return s && ygt__codeset_has(s, dx);
}

static void treating_equals_scan(const ygt_referral_rules *r, int32_t dx) {
  for (int s = 0; s < RF_SETTINGS; s++) {
    uint32_t want = 0;
    for (int t = 0; t < RF_TIERS; t++) want |= (uint32_t)treats_scan(r, t, s, dx) << t;
    assert_int_equal(ygt__rf_treating_tiers(r, s, dx), want);
  }
}

static void tiers_equal_scan(const ygt_referral_rules *r) {
  size_t j = 0;
  for (int t = 0; t < RF_TIERS; t++) {
    assert_int_equal(r->tier_off[t], j);
    for (size_t i = 0; i < r->ninst; i++)
      if (r->tier[i] == t) assert_int_equal(r->tier_items[j++], (int32_t)i);
  }
  assert_int_equal(r->tier_off[RF_TIERS], j);
}

static void bundle(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/examples/data/%s", SOURCE_ROOT, name);
  bundle_rules b;
  assert_int_equal(bundle_rules_load(&b, path), 0);
  ygt_codes *dx = b.dx;
  ygt_referral_rules *r = b.r;
  int32_t n = (int32_t)ygt_codes_count(dx);
  for (int32_t id = -1; id <= n; id++) {
    rules_equal_scan(r, id);
    treating_equals_scan(r, id);
  }
  tiers_equal_scan(r);
  for (size_t i = 0; i < r->nrules; i++) {
    double want = (double)r->rules[i].ratio_ppm / RF_PPM;
    assert_memory_equal(&r->rules[i].ratio, &want, sizeof want);
  }
  bundle_rules_free(&b);
}

static void every_bundle(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  const char *names[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) bundle(names[i]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_bundle),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
