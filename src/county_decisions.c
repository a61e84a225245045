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
#include <stdint.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

#define SLOTS 16384 /* a power of two; 2 MB */
#define WORDS 5

/* What an untraced decision holds, in two cache lines with the key in the
 * first (a whole decision made the table 4.5 MB).  The money is not kept:
 * the caller's ygt__rf_money() sets all of it for the event's cost. */
typedef struct slot {
  uint64_t key[WORDS];
  int32_t institution, continuity, priority;
  int8_t used, route, state, tier, setting, slip_valid, ndestinations;
  int32_t destinations[YGT_REFERRAL_MAX_DESTINATIONS];
} __attribute__((aligned(64))) slot;

struct cy_decisions {
  void *block; /* the slots' allocation; they start at a cache line in it */
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
  if (t) t->block = ygt__calloc(SLOTS * sizeof *t->slot + 64, 1);
  if (!t || !t->block) {
    ygt__cy_decisions_free(t);
    return YGT_ENOMEM;
  }
  t->slot = (slot *)(((uintptr_t)t->block + 63) & ~(uintptr_t)63);
  bands(t, r);
  *out = t;
  return YGT_OK;
}

void ygt__cy_decisions_free(cy_decisions *t) {
  if (!t) return;
  ygt__free(t->block);
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

/* One multiply a word and one mix: the slots fill as evenly as with a mix a
 * word (Ninghai: 97.2 % of look-ups hit either way), at a third of the cost. */
static size_t slot_of(const uint64_t k[WORDS]) {
  static const uint64_t odd[WORDS] = {0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull,
                                      0xd6e8feb86659fd93ull, 0xff51afd7ed558ccdull};
  uint64_t h = 0;
  for (int i = 0; i < WORDS; i++) h ^= k[i] * odd[i];
  return (size_t)(ygt__cy_mix(h) & (SLOTS - 1));
}

/* A remembered decision as #YGT_REFERRAL_DECISION_INIT and the engine leave
 * it, each field written once: its destinations and trace arrays are read
 * only up to their counts (clearing all 200 bytes was a third of routing an
 * event); the money is 0 until the caller's ygt__rf_money(). */
static void recall(ygt_referral_decision *to, const slot *from) {
  int32_t n = from->ndestinations;
  to->version = YGT_REFERRAL_DECISION_VERSION;
  to->route = from->route, to->state = from->state, to->priority = from->priority, to->ndestinations = n;
  for (int32_t i = 0; i < n; i++) to->destinations[i] = from->destinations[i];
  to->institution = from->institution, to->tier = from->tier, to->setting = from->setting;
  to->slip_valid = from->slip_valid, to->continuity = from->continuity, to->ratio = 0.0;
  to->deductible_fen = to->fund_fen = to->patient_fen = 0;
  to->ntrace = to->trace_truncated = 0;
}

/* Remembers an untraced decision: the narrow fields hold every value the
 * engine gives them (routes, states, tiers, settings, flags, and counts up to
 * #YGT_REFERRAL_MAX_DESTINATIONS). */
static void remember(slot *to, const ygt_referral_decision *from) {
  int32_t n = from->ndestinations;
  to->route = (int8_t)from->route, to->state = (int8_t)from->state, to->priority = from->priority;
  to->ndestinations = (int8_t)n;
  for (int32_t i = 0; i < n; i++) to->destinations[i] = from->destinations[i];
  to->institution = from->institution, to->tier = (int8_t)from->tier, to->setting = (int8_t)from->setting;
  to->slip_valid = (int8_t)from->slip_valid, to->continuity = from->continuity;
}

int ygt__cy_decide(cy_decisions *t, const ygt_referral_rules *r, int32_t cond, const rf_in *in,
                   ygt_referral_decision *d) {
  uint64_t k[WORDS];
  key_of(k, t, cond, in);
  slot *s = &t->slot[slot_of(k)];
  if (s->used && !memcmp(s->key, k, sizeof k)) {
    recall(d, s);
    return YGT_OK;
  }
  recall(d, &(slot){.institution = -1, .continuity = -1});
  int rc = ygt__rf_decide(r, in, d, 0);
  if (rc) return rc;
  memcpy(s->key, k, sizeof k);
  remember(s, d);
  s->used = 1;
  return YGT_OK;
}
