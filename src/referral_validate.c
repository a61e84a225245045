/* The model as the decision engine reads it (precomputed arrays), and the
 * checks of a rule set as a whole: complete reimbursement tables, centres
 * that exist, and rules that contradict each other. */
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

/* ---- model -------------------------------------------------------------- */

static int32_t or_none(int32_t v) { return v >= 0 ? v : -1; }

/* A 妇幼保健院, another specialty hospital or a CDC treats only its own
 * field: it is a destination of a referral only through a route naming it
 * (its designation, its specialty community), never as "another hospital
 * of the tier". */
static int limited_scope(int kind) {
  return kind == YGT_KIND_MATERNAL_CHILD || kind == YGT_KIND_SPECIALTY_HOSPITAL || kind == YGT_KIND_PUBLIC_HEALTH;
}

static int institutions(ygt_referral_rules *r) {
  const ygt_model *m = r->model;
  size_t n = r->ninst;
  r->tier = ygt__calloc(n + 1, 1);
  r->community = ygt__calloc(n + 1, sizeof *r->community);
  r->township = ygt__calloc(n + 1, sizeof *r->township);
  r->desig = ygt__calloc(n + 1, sizeof *r->desig);
  r->slip_issuer = ygt__calloc(n + 1, 1);
  r->outside = ygt__calloc(n + 1, 1);
  r->limited = ygt__calloc(n + 1, 1);
  if (!r->tier || !r->community || !r->township || !r->desig || !r->slip_issuer || !r->outside || !r->limited)
    return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    r->tier[i] = (uint8_t)ygt_model_institution_tier(m, (int32_t)i);
    r->community[i] = or_none(ygt_model_community_of(m, (int32_t)i));
    r->township[i] = or_none(ygt_model_township_of(m, (int32_t)i));
    r->desig[i] = (uint16_t)ygt_model_institution_designations(m, (int32_t)i);
    r->limited[i] = (uint8_t)limited_scope(ygt_model_institution_kind(m, (int32_t)i));
  }
  return 0;
}

static int grids(ygt_referral_rules *r) {
  r->grid_comm = ygt__calloc(r->ngrid + 1, sizeof *r->grid_comm);
  r->grid_township = ygt__calloc(r->ngrid + 1, sizeof *r->grid_township);
  if (!r->grid_comm || !r->grid_township) return YGT_ENOMEM;
  for (size_t g = 0; g < r->ngrid; g++) {
    r->grid_comm[g] = or_none(ygt_model_grid_community(r->model, (int32_t)g));
    r->grid_township[g] = or_none(ygt_model_grid_township(r->model, (int32_t)g));
  }
  return 0;
}

/* Lead and members of community c at tier t (lead first, then index order). */
static int append_members(ygt_referral_rules *r, int32_t c, int t, size_t *n) {
  size_t cnt = 0;
  int32_t lead = r->lead[c];
  if (lead >= 0 && r->tier[lead] == t) r->ct_items[(*n)++] = lead;
  int rc = ygt_model_community_members(r->ct_items + *n, r->ninst, &cnt, r->model, c, t, YGT_ROLE_MEMBER);
  if (rc) return rc;
  *n += cnt;
  return 0;
}

static int communities(ygt_referral_rules *r) {
  size_t nc = r->ncomm;
  r->lead = ygt__calloc(nc + 1, sizeof *r->lead);
  r->ct_off = ygt__calloc(nc * RF_TIERS + 1, sizeof *r->ct_off);
  /* every institution is lead or member of each community at most once */
  r->ct_items = ygt__calloc(nc * (r->ninst + 1) + 1, sizeof *r->ct_items);
  if (!r->lead || !r->ct_off || !r->ct_items) return YGT_ENOMEM;
  size_t n = 0;
  for (size_t c = 0; c < nc; c++) r->lead[c] = or_none(ygt_model_community_lead(r->model, (int32_t)c));
  for (size_t c = 0; c < nc; c++)
    for (int t = 0; t < RF_TIERS; t++) {
      r->ct_off[c * RF_TIERS + (size_t)t] = n;
      int rc = append_members(r, (int32_t)c, t, &n);
      if (rc) return rc;
    }
  r->ct_off[nc * RF_TIERS] = n;
  return 0;
}

/* Nearest first: lowest tier (closest to the patient), then highest level, then index. */
static int centre_before(const ygt_referral_rules *r, int32_t x, int32_t y) {
  int tx = r->tier[x], ty = r->tier[y];
  if (tx != ty) return tx < ty;
  int lx = ygt_model_institution_level(r->model, x), ly = ygt_model_institution_level(r->model, y);
  if (lx != ly) return lx > ly;
  return x < y;
}

/* Insertion sort: lists are short and qsort has no context argument. */
static void sort_centres(const ygt_referral_rules *r, int32_t *a, size_t n) {
  for (size_t i = 1; i < n; i++) {
    int32_t v = a[i];
    size_t j = i;
    for (; j > 0 && centre_before(r, v, a[j - 1]); j--) a[j] = a[j - 1];
    a[j] = v;
  }
}

static int centres(ygt_referral_rules *r) {
  r->centre_off = ygt__calloc(RF_DESIGNATIONS + 1, sizeof *r->centre_off);
  r->centre_items = ygt__calloc(r->ninst * RF_DESIGNATIONS + 1, sizeof *r->centre_items);
  if (!r->centre_off || !r->centre_items) return YGT_ENOMEM;
  size_t n = 0;
  for (int d = 0; d < RF_DESIGNATIONS; d++) {
    r->centre_off[d] = n;
    for (size_t i = 0; i < r->ninst; i++)
      if (r->desig[i] & (1u << d)) r->centre_items[n++] = (int32_t)i;
    sort_centres(r, r->centre_items + r->centre_off[d], n - r->centre_off[d]);
  }
  r->centre_off[RF_DESIGNATIONS] = n;
  return 0;
}

int ygt__rf_precompute_model(ygt_referral_rules *r) {
  r->ninst = ygt_model_institution_count(r->model);
  r->ncomm = ygt_model_community_count(r->model);
  r->ngrid = ygt_model_grid_count(r->model);
  int rc = institutions(r);
  if (!rc) rc = grids(r);
  if (!rc) rc = communities(r);
  if (!rc) rc = centres(r);
  return rc;
}

/* ---- indices by kind ---------------------------------------------------- */

static int index_kind(const ygt_referral_rules *r, int kind, int32_t **out, size_t *n) {
  *out = ygt__calloc(r->nrules + 1, sizeof **out);
  if (!*out) return YGT_ENOMEM;
  *n = 0;
  for (size_t i = 0; i < r->nrules; i++)
    if (r->rules[i].kind == kind && r->rules[i].codes) (*out)[(*n)++] = (int32_t)i;
  return 0;
}

static int index_rules(ygt_referral_rules *r) {
  int rc = index_kind(r, YGT_RULE_UP, &r->up, &r->nup);
  if (!rc) rc = index_kind(r, YGT_RULE_DOWN, &r->down, &r->ndown);
  if (!rc) rc = index_kind(r, YGT_RULE_EMERGENCY, &r->emergency, &r->nemergency);
  if (!rc) rc = index_kind(r, YGT_RULE_SPECIALTY, &r->specialty, &r->nspecialty);
  if (!rc) rc = index_kind(r, YGT_RULE_CATALOGUE, &r->catalogue, &r->ncatalogue);
  return rc;
}

/* The union of each tier's catalogue rows per setting. */
static int catalogue_unions(ygt_referral_rules *r) {
  for (size_t i = 0; i < r->ncatalogue; i++) {
    const rf_rule *u = &r->rules[r->catalogue[i]];
    r->restricted_tiers |= 1u << u->tier;
    ygt_codeset **slot = &r->treats[u->tier][u->setting];
    int rc = *slot ? 0 : ygt_codeset_new(slot, r->codes);
    if (!rc) rc = ygt_codeset_union(*slot, u->codes);
    if (rc) return rc;
  }
  return 0;
}

/* ---- checks --------------------------------------------------------------- */

/* An error about a rule: its origin "FILE: PATH" or "FILE:LINE" gives the
 * source, line and field (PATH.suffix). */
static int rule_error(const rf_rule *u, const char *suffix, int code, const char *fmt, ...) YGT_PRINTF(4, 5);
static int rule_error(const rf_rule *u, const char *suffix, int code, const char *fmt, ...) {
  char src[1200], field[300], msg[600];
  int line = 0;
  snprintf(src, sizeof src, "%s", u->origin);
  char *sep = strstr(src, ": ");
  field[0] = '\0';
  if (sep) {
    *sep = '\0';
    snprintf(field, sizeof field, "%s.%s", sep + 2, suffix);
  } else {
    char *colon = strrchr(src, ':');
    if (colon) {
      *colon = '\0';
      line = atoi(colon + 1);
    }
    snprintf(field, sizeof field, "%s", suffix);
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return ygt__error_at(code, src, line, 0, field, "%s", msg);
}

static int reimbursement_complete(const ygt_referral_rules *r, const char *source) {
  for (int s = 0; s < RF_SETTINGS; s++) {
    int any = 0;
    for (int t = 0; t < RF_TIERS; t++)
      for (int i = 0; i < RF_INSURANCES; i++) any |= r->reimb[t][i][s] >= 0;
    if (!any && s != YGT_SETTING_INPATIENT) continue; /* falls back to in-patient rows */
    for (int t = 0; t < RF_TIERS; t++)
      for (int i = 0; i < RF_INSURANCES; i++)
        if (r->reimb[t][i][s] < 0)
          return ygt__error_at(YGT_EVALIDATE, source, 0, 0, "reimbursement",
                               "incomplete table: no row for tier %s, insurance %s, setting %s (a setting "
                               "that has rows needs every tier and insurance type)",
                               ygt_tier_name(t), ygt_insurance_name(i), ygt__rf_setting_names[s]);
  }
  return 0;
}

static int centres_exist(const ygt_referral_rules *r) {
  for (size_t i = 0; i < r->nemergency; i++) {
    const rf_rule *u = &r->rules[r->emergency[i]];
    int d = u->designation;
    if (r->centre_off[d + 1] == r->centre_off[d])
      return rule_error(u, "centre", YGT_EVALIDATE,
                           "rule '%s': no institution of the model is designated %s", u->id,
                           ygt_designation_name(d));
  }
  return 0;
}

/* *found: the first member of a that is (want = 1) or is not (want = 0) in
 * b, or -1.  Returns 0 or YGT_ENOMEM. */
static int first_code(const ygt_codeset *a, const ygt_codeset *b, int want, int32_t *found) {
  size_t n = ygt_codeset_count(a);
  int32_t *ids = ygt__malloc((n ? n : 1) * sizeof *ids);
  if (!ids) return YGT_ENOMEM;
  ygt_codeset_ids(a, ids, n);
  *found = -1;
  for (size_t i = 0; i < n && *found < 0; i++)
    if ((b && ygt_codeset_has(b, ids[i])) == want) *found = ids[i];
  ygt__free(ids);
  return 0;
}

static int masks_meet(uint32_t a, uint32_t b) { return a == 0 || b == 0 || (a & b) != 0; }

/* An up rule that applies at the tier a down rule sends patients to, in the
 * same phases and settings, for the same codes, would send them straight back. */
static int up_down_conflict(const ygt_referral_rules *r, const rf_rule *up, const rf_rule *down) {
  if (!(up->from_tiers & (1u << down->tier))) return 0;
  if (!masks_meet(up->phases, down->phases) || !masks_meet(up->settings, down->settings)) return 0;
  if (up->acuity_max > 0) return 0; /* fires only for triaged acute patients */
  int32_t code;
  int rc = first_code(down->codes, up->codes, 1, &code);
  if (rc || code < 0) return rc;
  return rule_error(down, "codes", YGT_EVALIDATE,
                       "contradictory rules: down rule '%s' sends %s to %s, where up rule '%s' (%s) sends it "
                       "back up",
                       down->id, ygt_codes_code(r->codes, code), ygt_tier_name(down->tier), up->id, up->origin);
}

/* A down rule must send patients to a tier whose catalogue lists their codes. */
static int down_target_treats(const ygt_referral_rules *r, const rf_rule *down) {
  if (!(r->restricted_tiers & (1u << down->tier))) return 0;
  for (int s = 0; s < RF_SETTINGS; s++) {
    if (down->settings && !(down->settings & (1u << s))) continue;
    if (!r->treats[down->tier][s]) continue;
    int32_t code;
    int rc = first_code(down->codes, r->treats[down->tier][s], 0, &code);
    if (rc || code < 0) return rc;
  }
  int32_t code;
  int rc = first_code(down->codes, r->treats[down->tier][YGT_SETTING_OUTPATIENT], 0, &code);
  if (rc) return rc;
  return rule_error(down, "codes", YGT_EVALIDATE,
                       "contradictory rules: down rule '%s' sends %s to %s, whose catalogue does not list it",
                       down->id, code >= 0 ? ygt_codes_code(r->codes, code) : "its codes", ygt_tier_name(down->tier));
}

static int contradictions(const ygt_referral_rules *r) {
  for (size_t j = 0; j < r->ndown; j++) {
    const rf_rule *down = &r->rules[r->down[j]];
    int rc = down_target_treats(r, down);
    for (size_t i = 0; i < r->nup && !rc; i++) rc = up_down_conflict(r, &r->rules[r->up[i]], down);
    if (rc) return rc;
  }
  if (r->first_contact >= 0 && !(r->restricted_tiers & (1u << r->first_contact_tier)))
    return rule_error(&r->rules[r->first_contact], "tier", YGT_EVALIDATE,
                         "first contact at %s, which has no catalogue", ygt_tier_name(r->first_contact_tier));
  return 0;
}

static int issuers_exist(const ygt_referral_rules *r, const char *source) {
  for (size_t i = 0; i < r->ninst; i++)
    if (r->slip_issuer[i]) return 0;
  return ygt__error_at(YGT_EVALIDATE, source, 0, 0, "out_of_county.slip_issuers",
                       "no institution of the model may issue an out-of-county slip");
}

int ygt__rf_validate(ygt_referral_rules *r, const char *source) {
  for (size_t i = 0; i < r->ninst; i++) {
    if (r->slip_issuer_tiers & (1u << r->tier[i])) r->slip_issuer[i] = 1;
    r->outside[i] = r->outside[i] != 2 && r->tier[i] >= r->out_tier;
  }
  int rc = index_rules(r);
  if (!rc) rc = catalogue_unions(r);
  if (!rc) rc = reimbursement_complete(r, source);
  if (!rc) rc = centres_exist(r);
  if (!rc) rc = contradictions(r);
  if (!rc) rc = issuers_exist(r, source);
  if (!rc) rc = ygt__rf_index(r);
  return rc;
}
