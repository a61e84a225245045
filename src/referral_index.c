/* Tables built once per rule set so that a decision looks up what it used
 * to scan for: per diagnosis, the up, down, emergency and specialty rules
 * whose codes name it (in their order in the kind's list), and the
 * institutions ordered by tier.  The decision walks these lists with the
 * same tests in the same order as the full scans, so its results do not
 * change (tests/test_referral_recorded.c, tests/test_referral.c). */

#include "alloc_internal.h"
#include "error_internal.h"
#include "codes_internal.h"
#include "referral_internal.h"

static const int32_t *kind_list(const ygt_referral_rules *r, int k, size_t *n) {
  const int32_t *lists[RF_DX_KINDS] = {r->up, r->down, r->emergency, r->specialty};
  const size_t counts[RF_DX_KINDS] = {r->nup, r->ndown, r->nemergency, r->nspecialty};
  *n = counts[k];
  return lists[k];
}

/* Runs `body` with `id` set to every code of the set below `ncodes`, in id order. */
#define EACH_CODE(set, ncodes, id, body)                                                     \
  for (size_t w_ = 0; w_ * 64 < (set)->nbits && w_ * 64 < (ncodes); w_++)                    \
    for (uint64_t m_ = (set)->words[w_]; m_; m_ &= m_ - 1) {                                 \
      size_t id = w_ * 64 + (size_t)__builtin_ctzll(m_);                                    \
      if (id < (set)->nbits && id < (ncodes)) body;                                          \
    }

/* A slot for every code some rule of the kinds names, in id order; returns how many. */
static size_t slots(const ygt_referral_rules *r, rf_dx_index *x) {
  size_t nwords = (x->ncodes + 63) / 64, nslot = 0;
  uint64_t *named = ygt__calloc(nwords + 1, sizeof *named);
  if (!named) return SIZE_MAX;
  for (int k = 0; k < RF_DX_KINDS; k++) {
    size_t n;
    const int32_t *list = kind_list(r, k, &n);
    for (size_t i = 0; i < n; i++) EACH_CODE(r->rules[list[i]].codes, x->ncodes, id, named[id / 64] |= 1ull << (id % 64));
  }
  for (size_t id = 0; id < x->ncodes; id++) x->code[id].slot = -1;
  for (size_t w = 0; w < nwords; w++)
    for (uint64_t m = named[w]; m; m &= m - 1) x->code[w * 64 + (size_t)__builtin_ctzll(m)].slot = (int32_t)nslot++;
  ygt__free(named);
  return nslot;
}

/* The lists' lengths into off (one a slot and kind), then their offsets. */
static uint32_t offsets(const ygt_referral_rules *r, rf_dx_index *x, size_t nslot) {
  for (int k = 0; k < RF_DX_KINDS; k++) {
    size_t n;
    const int32_t *list = kind_list(r, k, &n);
    for (size_t i = 0; i < n; i++)
      EACH_CODE(r->rules[list[i]].codes, x->ncodes, id, x->off[(size_t)x->code[id].slot * (RF_DX_KINDS + 1) + k]++);
  }
  uint32_t total = 0; /* the last entry of a slot counts 0 and becomes its lists' end */
  for (size_t j = 0; j < nslot * (RF_DX_KINDS + 1); j++) {
    uint32_t len = x->off[j];
    x->off[j] = total;
    total += len;
  }
  return total;
}

/* Each list filled in its kind's order; `next` counts the items placed in each. */
static void fill(const ygt_referral_rules *r, rf_dx_index *x, uint32_t *next) {
  for (int k = 0; k < RF_DX_KINDS; k++) {
    size_t n;
    const int32_t *list = kind_list(r, k, &n);
    for (size_t i = 0; i < n; i++)
      EACH_CODE(r->rules[list[i]].codes, x->ncodes, id, {
        size_t j = (size_t)x->code[id].slot * (RF_DX_KINDS + 1) + k;
        x->items[x->off[j] + next[j]++] = list[i];
      });
  }
}

static int dx_index(ygt_referral_rules *r) {
  rf_dx_index *x = &r->by_dx;
  x->ncodes = ygt_codes_count(r->codes);
  x->code = ygt__malloc((x->ncodes + 1) * sizeof *x->code);
  if (!x->code) return YGT_ENOMEM;
  size_t nslot = slots(r, x);
  if (nslot == SIZE_MAX) return YGT_ENOMEM;
  x->off = ygt__calloc(nslot * (RF_DX_KINDS + 1) + 1, sizeof *x->off);
  uint32_t *next = ygt__calloc(nslot * (RF_DX_KINDS + 1) + 1, sizeof *next);
  int rc = x->off && next ? 0 : YGT_ENOMEM;
  if (!rc) {
    x->items = ygt__calloc(offsets(r, x, nslot) + 1, sizeof *x->items);
    if (x->items) fill(r, x, next);
    else rc = YGT_ENOMEM;
  }
  ygt__free(next);
  return rc;
}

/* Bit setting * RF_TIERS + tier of every code that tier's catalogue treats
 * in that setting: every code at a tier without catalogue rows. */
static void treating(ygt_referral_rules *r) {
  rf_dx_index *x = &r->by_dx;
  for (int s = 0; s < RF_SETTINGS; s++)
    for (int t = 0; t < RF_TIERS; t++)
      if (!(r->restricted_tiers & (1u << t))) x->treats_any |= 1u << (s * RF_TIERS + t);
  for (size_t id = 0; id < x->ncodes; id++) x->code[id].treats = x->treats_any;
  for (int s = 0; s < RF_SETTINGS; s++)
    for (int t = 0; t < RF_TIERS; t++) {
      const ygt_codeset *set = r->treats[t][ygt__rf_catalogue_setting(r, t, s)];
      if ((r->restricted_tiers & (1u << t)) && set)
        EACH_CODE(set, x->ncodes, id, x->code[id].treats |= 1u << (s * RF_TIERS + t));
    }
}

/* Institutions by tier, in index order within a tier. */
static int by_tier(ygt_referral_rules *r) {
  r->tier_items = ygt__calloc(r->ninst + 1, sizeof *r->tier_items);
  if (!r->tier_items) return YGT_ENOMEM;
  size_t n = 0;
  for (int t = 0; t < RF_TIERS; t++) {
    r->tier_off[t] = n;
    for (size_t i = 0; i < r->ninst; i++)
      if (r->tier[i] == t) r->tier_items[n++] = (int32_t)i;
  }
  r->tier_off[RF_TIERS] = n;
  return 0;
}

int ygt__rf_index(ygt_referral_rules *r) {
  for (size_t i = 0; i < r->nrules; i++) r->rules[i].ratio = (double)r->rules[i].ratio_ppm / RF_PPM;
  int rc = dx_index(r);
  if (!rc) treating(r);
  return rc ? rc : by_tier(r);
}

void ygt__rf_index_free(ygt_referral_rules *r) {
  ygt__free(r->by_dx.code);
  ygt__free(r->by_dx.off);
  ygt__free(r->by_dx.items);
  ygt__free(r->tier_items);
}
