/* Names of the referral enumerations, initialisers of the public structs and
 * the FHIR state machine of a referral. */
#include <string.h>

#include "error_internal.h"
#include "labels_internal.h"
#include "referral_internal.h"

const char *const ygt__rf_route_names[RF_ROUTES] = {"treat_here", "refer_up", "refer_down", "refer_out",
                                                    "emergency"};
static const char *const direction_names[] = {"decide", "up", "down", "out"};
static const char *const state_names[] = {"none",        "requested", "accepted",  "rejected",
                                          "in-progress", "completed", "cancelled", "expired"};
const char *const ygt__rf_setting_names[RF_SETTINGS] = {"outpatient", "inpatient", "day_surgery"};
const char *const ygt__rf_phase_names[RF_PHASES] = {"acute", "stable_chronic", "recovery", "post_operative"};
static const char *const continuity_names[] = {"reset", "top_up", "waive"};
static const char *const priority_names[] = {"appointment", "examination", "admission"};
static const char *const kind_names[] = {"catalogue",     "up",           "down",       "emergency",
                                         "specialty",     "first_contact", "out_of_county",
                                         "reimbursement", "penalty",      "continuity", "priority"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *name_at(const char *const *names, int count, int v) {
  return (v >= 0 && v < count) ? names[v] : NULL;
}

int ygt__rf_enum_parse(int *out, const char *const *names, int count, const char *name) {
  if (!out || !name) return ygt__error(YGT_EINVAL, "NULL argument");
  for (int i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0) {
      *out = i;
      return YGT_OK;
    }
  return ygt__error(YGT_ENOTFOUND, "unknown name '%.60s'", name);
}

const char *ygt_route_name(int v) { return name_at(ygt__rf_route_names, RF_ROUTES, v); }
int ygt_route_from_name(int *out, const char *name) {
  return ygt__rf_enum_parse(out, ygt__rf_route_names, RF_ROUTES, name);
}
const char *ygt_direction_name(int v) { return name_at(direction_names, COUNT(direction_names), v); }
int ygt_direction_from_name(int *out, const char *name) {
  return ygt__rf_enum_parse(out, direction_names, COUNT(direction_names), name);
}
const char *ygt_referral_state_name(int v) { return name_at(state_names, COUNT(state_names), v); }
int ygt_referral_state_from_name(int *out, const char *name) {
  return ygt__rf_enum_parse(out, state_names, COUNT(state_names), name);
}
const char *ygt_setting_name(int v) { return name_at(ygt__rf_setting_names, RF_SETTINGS, v); }
/* Settings are read through the table of accepted spellings (labels.c). */
int ygt_setting_from_name(int *out, const char *name) { return ygt_label_parse(out, YGT_LABELS_SETTING, name); }
const char *ygt_phase_name(int v) { return name_at(ygt__rf_phase_names, RF_PHASES, v); }
int ygt_phase_from_name(int *out, const char *name) {
  return ygt__rf_enum_parse(out, ygt__rf_phase_names, RF_PHASES, name);
}
const char *ygt_continuity_name(int v) { return name_at(continuity_names, COUNT(continuity_names), v); }
int ygt_continuity_from_name(int *out, const char *name) {
  return ygt__rf_enum_parse(out, continuity_names, COUNT(continuity_names), name);
}
const char *ygt_priority_name(int v) { return name_at(priority_names, COUNT(priority_names), v); }
int ygt_priority_from_name(int *out, const char *name) {
  return ygt__rf_enum_parse(out, priority_names, COUNT(priority_names), name);
}
const char *ygt_referral_rule_kind_name(int v) { return name_at(kind_names, COUNT(kind_names), v); }

/* Allowed moves, one bit per target state, indexed by the source state. */
#define S(x) (1u << YGT_REFERRAL_##x)
static const unsigned transitions[] = {
    [YGT_REFERRAL_NONE] = S(REQUESTED) | S(ACCEPTED) | S(IN_PROGRESS),
    [YGT_REFERRAL_REQUESTED] = S(ACCEPTED) | S(REJECTED) | S(CANCELLED) | S(EXPIRED),
    [YGT_REFERRAL_ACCEPTED] = S(IN_PROGRESS) | S(CANCELLED) | S(EXPIRED),
    [YGT_REFERRAL_REJECTED] = 0,
    [YGT_REFERRAL_IN_PROGRESS] = S(COMPLETED) | S(CANCELLED),
    [YGT_REFERRAL_COMPLETED] = 0,
    [YGT_REFERRAL_CANCELLED] = 0,
    [YGT_REFERRAL_EXPIRED] = 0,
};
#undef S

int ygt_referral_state_transition_allowed(int from, int to) {
  if (from < 0 || from >= COUNT(state_names) || to < 0 || to >= COUNT(state_names)) return 0;
  return (transitions[from] >> to) & 1u;
}

void ygt_referral_request_init(ygt_referral_request *req) {
  static const ygt_referral_request init = YGT_REFERRAL_REQUEST_INIT;
  if (req) *req = init;
}

void ygt_referral_decision_init(ygt_referral_decision *d) {
  static const ygt_referral_decision init = YGT_REFERRAL_DECISION_INIT;
  if (d) *d = init;
}

void ygt_referral_columns_init(ygt_referral_columns *cols) {
  static const ygt_referral_columns init = YGT_REFERRAL_COLUMNS_INIT;
  if (cols) *cols = init;
}
