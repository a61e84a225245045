/* Referral decisions remembered while generating: most events ask the rules
 * the same question as an event before them (Ninghai at scale 0.25: 1.85
 * million decisions, 10,920 distinct questions but for the patient's age and
 * sex), and a decision costs about 48 ns.  The key is every input the
 * decision reads (ygt__rf_decide(), with the money it adds at cost 0): the
 * condition (the diagnosis list), institution, grid, acuity, phase, setting,
 * direction, slip issuer (the slip is always of the day), insurance, the
 * episode so far, sex when a rule names one, and the age as the band
 * between the rule set's own age limits.  A direct-mapped table: a
 * collision replaces the slot, so the memory stays fixed. */
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

#define SLOTS 16384 /* a power of two; about 4.5 MB */
#define WORDS 5

typedef struct slot {
  uint64_t key[WORDS];
  int used;
  ygt_referral_decision d;
} slot;

struct cy_decisions {
  slot *slot;
  int8_t age_band[CY_AGES]; /* ages with the same band pass the same rules' age limits */
  int by_sex;               /* a rule names a sex */
};

static void bands(cy_decisions *t, const ygt_referral_rules *r) {
  for (int a = 0; a < CY_AGES; a++) {
    int band = 0;
    for (size_t i = 0; i < r->nrules; i++)
      band += (r->rules[i].age_min >= 0 && a >= r->rules[i].age_min) +
              (r->rules[i].age_max >= 0 && a > r->rules[i].age_max);
    t->age_band[a] = (int8_t)(band > 127 ? 127 : band); /* 127: more limits than ages, never reached */
  }
  for (size_t i = 0; i < r->nrules; i++) t->by_sex |= r->rules[i].sex != 0;
}

int ygt__cy_decisions_new(cy_decisions **out, const ygt_referral_rules *r) {
  cy_decisions *t = ygt__calloc(1, sizeof *t);
  if (t) t->slot = ygt__calloc(SLOTS, sizeof *t->slot);
  if (!t || !t->slot) {
    ygt__cy_decisions_free(t);
    return YGT_ENOMEM;
  }
  bands(t, r);
  *out = t;
  return YGT_OK;
}

void ygt__cy_decisions_free(cy_decisions *t) {
  if (!t) return;
  ygt__free(t->slot);
  ygt__free(t);
}

static uint64_t u32(int32_t v) { return (uint64_t)(uint32_t)v; }
static uint64_t u8(int32_t v) { return (uint64_t)(uint8_t)v; }

static void key_of(uint64_t k[WORDS], const cy_decisions *t, int32_t cond, const rf_in *in) {
  int band = in->age >= 0 && in->age < CY_AGES ? t->age_band[in->age] : -1 - in->age; /* ages are 0..99 here */
  k[0] = u32(cond) | u32(in->inst) << 32;
  k[1] = u32(in->grid) | u32(in->slip_issuer) << 32;
  k[2] = u32(in->ep_inst) | u8(in->acuity) << 32 | u8(in->phase) << 40 | u8(in->setting) << 48 | u8(in->direction) << 56;
  k[3] = u8(in->insurance) | u8(t->by_sex ? in->sex : 0) << 8 | u32(band) << 16;
  k[4] = (uint64_t)in->ep_paid;
}

static size_t slot_of(const uint64_t k[WORDS]) {
  uint64_t h = 0;
  for (int i = 0; i < WORDS; i++) h = ygt__cy_mix(h ^ k[i]);
  return (size_t)(h & (SLOTS - 1));
}

/* A decision as #YGT_REFERRAL_DECISION_INIT leaves it but for its
 * destination and trace arrays, which an untraced decision reads only up
 * to their counts: clearing all 200 bytes was a third of routing an event. */
static void decision_init(ygt_referral_decision *d) {
  d->version = YGT_REFERRAL_DECISION_VERSION;
  d->route = d->state = d->priority = d->ndestinations = 0;
  d->institution = d->continuity = -1;
  d->tier = d->setting = d->slip_valid = 0;
  d->ratio = 0.0;
  d->deductible_fen = d->fund_fen = d->patient_fen = 0;
  d->ntrace = d->trace_truncated = 0;
}

/* Copies what an untraced decision holds: its fields and destinations. */
static void copy_decision(ygt_referral_decision *to, const ygt_referral_decision *from) {
  int32_t n = from->ndestinations;
  decision_init(to);
  to->route = from->route, to->state = from->state, to->priority = from->priority, to->ndestinations = n;
  for (int32_t i = 0; i < n; i++) to->destinations[i] = from->destinations[i];
  to->institution = from->institution, to->tier = from->tier, to->setting = from->setting;
  to->slip_valid = from->slip_valid, to->continuity = from->continuity, to->ratio = from->ratio;
  to->deductible_fen = from->deductible_fen, to->fund_fen = from->fund_fen, to->patient_fen = from->patient_fen;
}

int ygt__cy_decide(cy_decisions *t, const ygt_referral_rules *r, int32_t cond, const rf_in *in,
                   ygt_referral_decision *d) {
  uint64_t k[WORDS];
  key_of(k, t, cond, in);
  slot *s = &t->slot[slot_of(k)];
  if (s->used && !memcmp(s->key, k, sizeof k)) {
    copy_decision(d, &s->d);
    return YGT_OK;
  }
  decision_init(d);
  int rc = ygt__rf_decide(r, in, d, 0);
  if (rc) return rc;
  memcpy(s->key, k, sizeof k);
  copy_decision(&s->d, d);
  s->used = 1;
  return YGT_OK;
}
