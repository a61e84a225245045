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

/* cnt[id * RF_DX_KINDS + k]: how many rules of kind k name code id. */
static void count(const ygt_referral_rules *r, size_t ncodes, uint32_t *cnt) {
  for (int k = 0; k < RF_DX_KINDS; k++) {
    size_t n;
    const int32_t *list = kind_list(r, k, &n);
    for (size_t i = 0; i < n; i++) EACH_CODE(r->rules[list[i]].codes, ncodes, id, cnt[id * RF_DX_KINDS + k]++);
  }
}

/* Slots for the codes some rule names; returns how many. */
static size_t slots(rf_dx_index *x, const uint32_t *cnt) {
  size_t nslot = 0;
  for (size_t id = 0; id < x->ncodes; id++) {
    uint32_t any = 0;
    for (int k = 0; k < RF_DX_KINDS; k++) any |= cnt[id * RF_DX_KINDS + k];
    x->slot[id] = any ? (int32_t)nslot++ : -1;
  }
  return nslot;
}

/* Offsets from the counts; the fill below advances `next` from them. */
static size_t offsets(rf_dx_index *x, const uint32_t *cnt, uint32_t *next) {
  uint32_t total = 0;
  for (size_t id = 0; id < x->ncodes; id++) {
    if (x->slot[id] < 0) continue;
    uint32_t *o = &x->off[(size_t)x->slot[id] * (RF_DX_KINDS + 1)];
    for (int k = 0; k < RF_DX_KINDS; k++) {
      o[k] = next[id * RF_DX_KINDS + k] = total;
      total += cnt[id * RF_DX_KINDS + k];
    }
    o[RF_DX_KINDS] = total;
  }
  return total;
}

static void fill(const ygt_referral_rules *r, rf_dx_index *x, uint32_t *next) {
  for (int k = 0; k < RF_DX_KINDS; k++) {
    size_t n;
    const int32_t *list = kind_list(r, k, &n);
    for (size_t i = 0; i < n; i++)
      EACH_CODE(r->rules[list[i]].codes, x->ncodes, id, x->items[next[id * RF_DX_KINDS + k]++] = list[i]);
  }
}

static int dx_index(ygt_referral_rules *r) {
  rf_dx_index *x = &r->by_dx;
  x->ncodes = ygt_codes_count(r->codes);
  uint32_t *cnt = ygt__calloc(x->ncodes * RF_DX_KINDS + 1, sizeof *cnt);
  uint32_t *next = ygt__calloc(x->ncodes * RF_DX_KINDS + 1, sizeof *next);
  x->slot = ygt__calloc(x->ncodes + 1, sizeof *x->slot);
  int rc = cnt && next && x->slot ? 0 : YGT_ENOMEM;
  if (!rc) {
    count(r, x->ncodes, cnt);
    size_t nslot = slots(x, cnt);
    x->off = ygt__calloc(nslot * (RF_DX_KINDS + 1) + 1, sizeof *x->off);
    if (!x->off) rc = YGT_ENOMEM;
  }
  if (!rc) {
    x->items = ygt__calloc(offsets(x, cnt, next) + 1, sizeof *x->items);
    if (x->items) fill(r, x, next);
    else rc = YGT_ENOMEM;
  }
  ygt__free(cnt);
  ygt__free(next);
  return rc;
}

/* Bit setting * RF_TIERS + tier of every code that tier's catalogue treats
 * in that setting: every code at a tier without catalogue rows. */
static int treating(ygt_referral_rules *r) {
  rf_dx_index *x = &r->by_dx;
  x->treats = ygt__calloc(x->ncodes + 1, sizeof *x->treats);
  if (!x->treats) return YGT_ENOMEM;
  for (int s = 0; s < RF_SETTINGS; s++)
    for (int t = 0; t < RF_TIERS; t++) {
      uint32_t bit = 1u << (s * RF_TIERS + t);
      const ygt_codeset *set = r->treats[t][ygt__rf_catalogue_setting(r, t, s)];
      if (!(r->restricted_tiers & (1u << t))) x->treats_any |= bit;
      else if (set) EACH_CODE(set, x->ncodes, id, x->treats[id] |= bit);
    }
  for (size_t id = 0; id < x->ncodes; id++) x->treats[id] |= x->treats_any;
  return 0;
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
  if (!rc) rc = treating(r);
  return rc ? rc : by_tier(r);
}

void ygt__rf_index_free(ygt_referral_rules *r) {
  ygt__free(r->by_dx.slot);
  ygt__free(r->by_dx.off);
  ygt__free(r->by_dx.items);
  ygt__free(r->by_dx.treats);
  ygt__free(r->tier_items);
}
