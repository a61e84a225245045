/* Internal: the referral rule set and the functions shared between
 * src/referral*.c and src/episode.c.
 *
 *   referral_enums.c     enumeration names, request/decision init, FHIR state transitions
 *   referral_load.c      referral.json (jansson) into rules
 *   referral_tables.c    catalogue and reimbursement tables (TSV/CSV)
 *   referral_validate.c  model look-ups, completeness and contradiction checks
 *   referral_index.c     per-diagnosis rule lists, catalogue bits, institutions by tier
 *   referral_decide.c    the decision engine (routes and destinations)
 *   referral_money.c     reimbursement, penalty, deductible continuity, rounding
 *   referral_batch.c     public decide functions: one request and columns
 *   episode.c            episodes */
#ifndef YGT_REFERRAL_INTERNAL_H
#define YGT_REFERRAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "yigongti/error.h"
#include "yigongti/referral.h"

#define RF_TIERS 6
#define RF_SETTINGS 3
#define RF_INSURANCES 2
#define RF_PHASES 4
#define RF_ROUTES 5
#define RF_DESIGNATIONS 10
#define RF_PPM 1000000 /* ratios are kept as integer parts per million */

/* One rule of any kind; the fields a kind does not use keep their defaults
 * (masks 0 = no restriction, numbers -1 = none). */
typedef struct rf_rule {
  char *id;
  char *origin;         /* "file:line" or "file: json.path" */
  int kind;             /* ygt_referral_rule_kind */
  ygt_codeset *codes;   /* NULL for kinds without codes */
  uint32_t from_tiers;  /* up/down: tiers the rule applies at */
  int tier;             /* catalogue/reimbursement tier; up/down target (-1 auto) */
  uint32_t settings;    /* mask of settings (0 = every setting) */
  uint32_t phases;      /* mask of phases (0 = every phase) */
  int acuity_max;       /* up: only for acuity 1..acuity_max (-1 = any) */
  int designation;      /* emergency: centre designation, -1 for the general bypass */
  int age_min, age_max; /* -1 = no bound */
  int sex;              /* 0 = any */
  int32_t community;    /* specialty: community index */
  int insurance, setting;
  int64_t deductible;   /* reimbursement: fen */
  int64_t ratio_ppm;    /* reimbursement: ratio; penalty: points as ppm */
  double ratio;         /* ratio_ppm / RF_PPM, divided once (referral_index.c) */
  int policy;           /* continuity */
  uint32_t mask;        /* priority bits */
} rf_rule;

/* Per diagnosis, the rules of each of these kinds whose codes name it
 * (referral_index.c). */
enum { RF_DX_UP, RF_DX_DOWN, RF_DX_EMERGENCY, RF_DX_SPECIALTY, RF_DX_KINDS };
typedef struct rf_dx_code {
  int32_t slot;    /* -1 when no rule of these kinds names the code, else its slot */
  uint32_t treats; /* bit setting * RF_TIERS + tier when that tier's catalogue treats the code */
} rf_dx_code;
typedef struct rf_dx_index {
  size_t ncodes;   /* codes of the dictionary when built: no rule names a later one */
  rf_dx_code *code;
  uint32_t *off;   /* per slot, RF_DX_KINDS + 1 offsets into items, one list a kind */
  int32_t *items;  /* rule indices, each list in the order of its kind's list */
  uint32_t treats_any; /* treats of a later code: the tiers without catalogue rows */
} rf_dx_index;

struct ygt_referral_rules {
  const ygt_model *model;
  const ygt_codes *codes;
  rf_rule *rules;
  size_t nrules, crules;

  /* rule indices by kind */
  int32_t *up, *down, *emergency, *specialty, *catalogue;
  size_t nup, ndown, nemergency, nspecialty, ncatalogue;
  int32_t reimb[RF_TIERS][RF_INSURANCES][RF_SETTINGS]; /* -1 = missing */
  uint32_t restricted_tiers;  /* tiers with catalogue rows: others treat everything */
  ygt_codeset *treats[RF_TIERS][RF_SETTINGS]; /* union of each tier's catalogue rows */
  int32_t first_contact;      /* rule index or -1 */
  int first_contact_tier;
  int32_t out_rule;           /* the out_of_county rule (always present) */
  int slip_valid_days;
  uint32_t slip_issuer_tiers;
  int out_tier;
  int32_t *out_dest;
  size_t nout_dest;
  int32_t penalty_rule, exempt_rule; /* -1 when absent */
  int64_t penalty_ppm;
  int emergency_acuity_max;
  int32_t emergency_general;  /* rule index or -1 */
  int32_t continuity_rule[3]; /* up, down, lateral */
  int continuity_policy[3];
  uint32_t continuity_settings;
  int32_t priority_rule[RF_ROUTES]; /* -1 when none */
  uint32_t priority_mask[RF_ROUTES];
  int accept_internal;

  /* the model, precomputed for the hot path */
  size_t ninst, ncomm, ngrid;
  uint8_t *tier;
  int32_t *community;   /* comprehensive-class community, -1 */
  int32_t *township;    /* township-tier institution responsible, -1 */
  uint16_t *desig;
  uint8_t *slip_issuer; /* per institution: 1 when it may issue out-of-county slips */
  uint8_t *outside;     /* per institution: 1 when care there is out of the county (pooling area) */
  uint8_t *limited;     /* per institution: 1 for a hospital of limited scope (maternal-child, specialty,
                           public health), a destination only where a route names what it treats */
  int32_t *lead;        /* per community */
  int32_t *grid_comm, *grid_township;
  size_t *ct_off;       /* CSR by (community * RF_TIERS + tier): lead and members */
  int32_t *ct_items;
  size_t *centre_off;   /* CSR by designation: centres nearest-first (lowest tier, highest level, index) */
  int32_t *centre_items;
  rf_dx_index by_dx;
  size_t tier_off[RF_TIERS + 1]; /* institutions by tier, index order within one */
  int32_t *tier_items;
};

/* referral_enums.c */
int ygt__rf_enum_parse(int *out, const char *const *names, int count, const char *name);
extern const char *const ygt__rf_setting_names[RF_SETTINGS];
extern const char *const ygt__rf_phase_names[RF_PHASES];
extern const char *const ygt__rf_route_names[RF_ROUTES];

/* referral_load.c: appends a rule with defaults; returns its index or YGT_ENOMEM. */
int32_t ygt__rf_add_rule(ygt_referral_rules *r, int kind, const char *id, const char *origin);
void ygt__rf_rules_free_parts(ygt_referral_rules *r);

/* referral_tables.c */
int ygt__rf_load_catalogue_table(ygt_referral_rules *r, const char *path, const char *display);
int ygt__rf_load_reimbursement_table(ygt_referral_rules *r, const char *path, const char *display);
/* A code set of a specification that must name at least one code. */
int ygt__rf_codeset(ygt_codeset **out, const ygt_referral_rules *r, const char *spec, const char *source,
                    int line, int column, const char *field);
/* Registers a reimbursement row (duplicates are EEXISTS naming where). */
int ygt__rf_add_reimbursement(ygt_referral_rules *r, int tier, int insurance, int setting, int64_t fen,
                              double ratio, const char *source, int line, const char *where);

/* referral_validate.c */
int ygt__rf_precompute_model(ygt_referral_rules *r);
int ygt__rf_validate(ygt_referral_rules *r, const char *source);

/* referral_index.c: the tables above, built once the rules are checked. */
int ygt__rf_index(ygt_referral_rules *r);
void ygt__rf_index_free(ygt_referral_rules *r);

/* The list offsets by kind of diagnosis dx, NULL when no rule names it
 * (a decision looks them up once for all its lists). */
static inline const uint32_t *ygt__rf_lists_of(const ygt_referral_rules *r, int32_t dx) {
  const rf_dx_index *x = &r->by_dx;
  int32_t s = dx >= 0 && (size_t)dx < x->ncodes ? x->code[dx].slot : -1;
  return s < 0 ? NULL : &x->off[(size_t)s * (RF_DX_KINDS + 1)];
}

/* The rules of kind k (RF_DX_*) in the lists of ygt__rf_lists_of(), in the
 * kind's order: *n of them from the pointer returned. */
static inline const int32_t *ygt__rf_rules_in(const ygt_referral_rules *r, const uint32_t *lists, int k, size_t *n) {
  *n = lists ? lists[k + 1] - lists[k] : 0;
  return r->by_dx.items + (lists ? lists[k] : 0);
}

/* The rules of kind k naming diagnosis dx. */
static inline const int32_t *ygt__rf_rules_of(const ygt_referral_rules *r, int k, int32_t dx, size_t *n) {
  return ygt__rf_rules_in(r, ygt__rf_lists_of(r, dx), k, n);
}

/* Day surgery without catalogue rows of its own follows the in-patient rows. */
static inline int ygt__rf_catalogue_setting(const ygt_referral_rules *r, int tier, int setting) {
  if (setting == YGT_SETTING_DAY_SURGERY && !r->treats[tier][setting]) return YGT_SETTING_INPATIENT;
  return setting;
}

/* Bit t set when the catalogue of tier t treats diagnosis dx in the setting
 * (every diagnosis at a tier without catalogue rows). */
static inline uint32_t ygt__rf_treating_tiers(const ygt_referral_rules *r, int setting, int32_t dx) {
  const rf_dx_index *x = &r->by_dx;
  uint32_t bits = dx >= 0 && (size_t)dx < x->ncodes ? x->code[dx].treats : x->treats_any;
  return (bits >> (setting * RF_TIERS)) & ((1u << RF_TIERS) - 1);
}

/* referral_decide.c: the core, for one request already checked. */
typedef struct rf_in {
  int32_t inst, grid, age, sex, insurance, acuity, phase, setting, direction;
  int32_t slip_issuer, slip_day, today, ep_inst;
  const int32_t *dx;
  size_t ndx;
  int64_t cost, ep_paid;
} rf_in;
int ygt__rf_check_in(const ygt_referral_rules *r, const rf_in *in);
int ygt__rf_decide(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int tracing);
/* The same without trace, keeping only the first destination (all that a
 * batch reports): the walks for the others are skipped. */
int ygt__rf_decide_first(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d);
void ygt__rf_trace_add(ygt_referral_decision *d, int32_t rule);
/* Names a rule in the trace when tracing (inline: untraced decisions call it often). */
static inline void ygt__rf_trace(ygt_referral_decision *d, int tracing, int32_t rule) {
  if (tracing && rule >= 0) ygt__rf_trace_add(d, rule);
}
/* The lead of the specialty community of the first specialty rule naming
 * the principal diagnosis and the patient, -1 when none. */
int32_t ygt__rf_specialty_lead(const ygt_referral_rules *r, const rf_in *in);

/* referral_money.c: the money of a decision for the request's cost. */
int ygt__rf_money(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int tracing);
/* Its terms, which do not depend on the cost: sets d's ratio, deductible
 * (and continuity) and returns the ratio after any penalty in ppm. */
int64_t ygt__rf_money_terms(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int tracing);
int ygt__rf_too_large(int64_t cost); /* the error of a cost whose split would overflow */

/* The fund's share of a cost above the deductible, at ppm, rounded once
 * half up to the fen (0 for a cost at or below the deductible). */
static inline int ygt__rf_fund(int64_t cost, int64_t deductible, int64_t ppm, int64_t *fund) {
  *fund = 0;
  if (cost <= 0) return YGT_OK;
  int64_t base = cost - deductible;
  if (base <= 0) return YGT_OK;
  if (base > (INT64_MAX - RF_PPM / 2) / RF_PPM) return ygt__rf_too_large(cost);
  *fund = (base * ppm + RF_PPM / 2) / RF_PPM;
  return YGT_OK;
}

#endif
