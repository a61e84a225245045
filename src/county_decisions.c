/* Referral decisions remembered while generating: most events ask the rules
 * the same question as an event before them (Ninghai at scale 0.25: 1.85
 * million decisions, 10,920 distinct questions but for the patient's age and
 * sex), and a decision costs about 48 ns.  The key is every input the
 * decision reads (ygt__rf_decide(), with the money it adds at cost 0): the
 * condition (the diagnosis list), institution, grid, acuity, phase, setting,
 * direction, slip issuer (the slip is always of the day), insurance, the
 * episode so far, sex when a rule names one, and the age as the band
 * between the rule set's own age limits.  A direct-mapped table: a
 * collision replaces the slot, so the memory stays fixed.  A slot also
 * keeps the terms of the decision's money (ratio after penalty, deductible),
 * which do not depend on the cost: a hit routes an event with one cache
 * line and no whole decision. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

#define SLOT_BITS 14
#define SLOTS (1u << SLOT_BITS) /* 2 MB */
#define WORDS 5
#define NEVER UINT64_MAX /* key[3] of an empty slot: a key's top 16 bits there are always 0 */

/* An untraced decision in two cache lines: the key and what routing an
 * event reads (the money's terms included) in the first, the rest of the
 * decision in the second, read only when an event changes the decision.
 * (a whole decision made the table 4.5 MB). */
typedef struct slot {
  uint64_t key[WORDS];
  cy_choice choice;
  int32_t priority;
  int8_t state, setting;
  int32_t destinations[YGT_REFERRAL_MAX_DESTINATIONS];
} __attribute__((aligned(64))) slot;

_Static_assert(offsetof(slot, priority) == 64, "the key and the choice fill the first cache line");

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
  for (size_t i = 0; i < SLOTS; i++) t->slot[i].key[3] = NEVER;
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

/* One multiply a word, the top bits of the products (which every bit of
 * the word moves): the slot is known a mix sooner than with a mix of them,
 * and as many look-ups hit.  Any slot gives the same decisions: a key only
 * ever finds its own. */
static size_t slot_of(const uint64_t k[WORDS]) {
  static const uint64_t odd[WORDS] = {0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull,
                                      0xd6e8feb86659fd93ull, 0xff51afd7ed558ccdull};
  uint64_t h = 0;
  for (int i = 0; i < WORDS; i++) h ^= k[i] * odd[i];
  return (size_t)(h >> (64 - SLOT_BITS));
}

static const slot *slot_of_choice(const cy_choice *c) {
  return (const slot *)(const void *)((const char *)c - offsetof(slot, choice));
}

const int32_t *ygt__cy_destinations(const cy_choice *c) { return slot_of_choice(c)->destinations; }

/* A remembered decision as #YGT_REFERRAL_DECISION_INIT, the engine and its
 * money at cost 0 leave it, each field written once: its destinations and
 * trace arrays are read only up to their counts (clearing all 200 bytes was
 * a third of routing an event). */
void ygt__cy_decision_of(ygt_referral_decision *to, const cy_choice *c) {
  const slot *from = slot_of_choice(c);
  int32_t n = c->ndestinations;
  to->version = YGT_REFERRAL_DECISION_VERSION;
  to->route = c->route, to->state = from->state, to->priority = from->priority, to->ndestinations = n;
  for (int32_t i = 0; i < n; i++) to->destinations[i] = from->destinations[i];
  to->institution = c->institution, to->tier = c->tier, to->setting = from->setting;
  to->slip_valid = c->slip_valid, to->continuity = c->continuity, to->ratio = 0.0;
  to->deductible_fen = to->fund_fen = to->patient_fen = 0;
  to->ntrace = to->trace_truncated = 0;
}

/* Remembers an untraced decision and its money's terms: the narrow fields
 * hold every value the engine gives them (routes, states, tiers, settings,
 * flags, continuities, and counts up to #YGT_REFERRAL_MAX_DESTINATIONS;
 * ratios up to 1 in ppm). */
static void remember(slot *to, const ygt_referral_decision *from, int64_t ppm) {
  int32_t n = from->ndestinations;
  to->choice = (cy_choice){from->deductible_fen, (int32_t)ppm, from->institution, (int8_t)from->route,
                           (int8_t)from->tier, (int8_t)from->slip_valid, (int8_t)from->continuity, (int8_t)n};
  to->state = (int8_t)from->state, to->priority = from->priority, to->setting = (int8_t)from->setting;
  for (int32_t i = 0; i < n; i++) to->destinations[i] = from->destinations[i];
}

static int same(const uint64_t a[WORDS], const uint64_t b[WORDS]) {
  return !((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]) | (a[4] ^ b[4]));
}

/* A miss (3-8 % of the look-ups): decided and remembered in slot s.  Not
 * inlined, so that a hit does not pay for this frame. */
static __attribute__((noinline)) int learn(slot *s, const uint64_t k[WORDS], const ygt_referral_rules *r,
                                           const rf_in *in) {
  ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
  int rc = ygt__rf_decide(r, in, &d, 0);
  if (rc) return rc;
  memcpy(s->key, k, WORDS * sizeof *k);
  remember(s, &d, ygt__rf_money_terms(r, in, &d, 0));
  return YGT_OK;
}

int ygt__cy_decide(cy_decisions *t, const ygt_referral_rules *r, int32_t cond, const rf_in *in,
                   const cy_choice **out) {
  uint64_t k[WORDS];
  key_of(k, t, cond, in);
  slot *s = &t->slot[slot_of(k)];
  *out = &s->choice;
  return same(s->key, k) ? YGT_OK : learn(s, k, r, in);
}
