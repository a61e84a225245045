/* A bundle's referral rules over the shared ICD-10 dictionary, for the tests
 * that decide requests on the example bundles (include shared_data.h first
 * and skip without SHARED_ICD10). */
#ifndef YGT_BUNDLE_RULES_H
#define YGT_BUNDLE_RULES_H

#include "yigongti.h"

typedef struct bundle_rules {
  ygt_codes *dx;
  ygt_model *m;
  ygt_referral_rules *r;
} bundle_rules;

/* Loads the dictionary, the bundle directory's model and its rules; 0 or the first error's code. */
static inline int bundle_rules_load(bundle_rules *b, const char *dir) {
  *b = (bundle_rules){NULL, NULL, NULL};
  int rc = ygt_codes_load(&b->dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10);
  if (!rc) rc = ygt_model_load(&b->m, dir);
  if (!rc) rc = ygt_referral_rules_load(&b->r, b->m, b->dx, dir);
  return rc;
}

static inline void bundle_rules_free(bundle_rules *b) {
  ygt_referral_rules_free(b->r);
  ygt_model_free(b->m);
  ygt_codes_free(b->dx);
}

#endif
