/**
 * @file referral.h
 * @brief Referral routing (分级诊疗, 双向转诊): tiered rules as data, one
 *        decision per request, with the money it means for the patient.
 *
 * A rule set (#ygt_referral_rules) is loaded from a referral file (format:
 * doc/formats/referral.md) against a community model and a diagnosis
 * dictionary, validated as a whole, and immutable afterwards: any number of
 * threads may decide with one rule set at once.  It keeps pointers to the
 * model and the dictionary, which must outlive it.
 *
 * A decision answers one request (patient, encounter, direction asked):
 * the route (treat here, refer up, refer down, refer out of the county,
 * emergency bypass), the ranked destinations, priority flags, the
 * reimbursement ratio and deductible the patient faces on that route, the
 * state of the referral in FHIR ServiceRequest/Task terms and a trace of
 * every rule that fired.  An episode (#ygt_episode) carries the deductible
 * already paid across the transfers of one illness, for deductible
 * continuity (连续计算起付线).  ygt_referral_decide_batch() decides many
 * requests given as columns.
 *
 * @par Money
 * Amounts are integer fen.  When a request gives an expected cost, the fund
 * pays (cost - deductible) x ratio, rounded once half away from zero to the
 * fen (never below 0), and the patient pays the rest.
 *
 * @par Files
 * The rule format, the order in which rules apply and the definition of the
 * nearest centre are in doc/formats/referral.md.
 *
 * @par Enumerations
 * Every enumeration has fixed values and a name used in files and bindings;
 * the @c _name functions return NULL out of range (bindings list values by
 * counting up from 0 until NULL) and the @c _from_name functions parse them.
 */
#ifndef YIGONGTI_REFERRAL_H
#define YIGONGTI_REFERRAL_H

#include <yigongti/common.h>
#include <yigongti/codes.h>
#include <yigongti/model.h>

YGT_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/** @name Enumerations and their names
 *  @{ */

/** @brief What a decision tells the patient to do. */
typedef enum ygt_route {
  YGT_ROUTE_TREAT_HERE = 0, /**< Stay at the current institution ("treat_here"). */
  YGT_ROUTE_REFER_UP = 1,   /**< Refer to a higher tier inside the county ("refer_up"). */
  YGT_ROUTE_REFER_DOWN = 2, /**< Refer down to primary care ("refer_down"). */
  YGT_ROUTE_REFER_OUT = 3,  /**< Refer out of the county ("refer_out"). */
  YGT_ROUTE_EMERGENCY = 4   /**< Emergency bypass to a designated centre ("emergency"). */
} ygt_route;

/** @brief Direction asked by the caller. */
typedef enum ygt_direction {
  YGT_DIRECTION_DECIDE = 0, /**< Let the rules decide ("decide"). */
  YGT_DIRECTION_UP = 1,     /**< A referral up is asked for ("up"). */
  YGT_DIRECTION_DOWN = 2,   /**< A referral down is asked for ("down"). */
  YGT_DIRECTION_OUT = 3     /**< A referral out of the county is asked for ("out"). */
} ygt_direction;

/** @brief State of a referral, after FHIR Task.status (ServiceRequest + Task). */
typedef enum ygt_referral_state {
  YGT_REFERRAL_NONE = 0,        /**< No referral is involved ("none"). */
  YGT_REFERRAL_REQUESTED = 1,   /**< Issued, waiting for the destination ("requested"). */
  YGT_REFERRAL_ACCEPTED = 2,    /**< Accepted by the destination ("accepted"). */
  YGT_REFERRAL_REJECTED = 3,    /**< Refused by the rules or the destination ("rejected"). */
  YGT_REFERRAL_IN_PROGRESS = 4, /**< The patient is being treated on the referral ("in-progress"). */
  YGT_REFERRAL_COMPLETED = 5,   /**< Treatment on the referral finished ("completed"). */
  YGT_REFERRAL_CANCELLED = 6,   /**< Withdrawn ("cancelled"). */
  YGT_REFERRAL_EXPIRED = 7      /**< The slip's validity ran out (ServiceRequest revoked; "expired"). */
} ygt_referral_state;

/** @brief Setting of an encounter. */
typedef enum ygt_setting {
  YGT_SETTING_OUTPATIENT = 0, /**< Out-patient visit 门诊 ("outpatient"). */
  YGT_SETTING_INPATIENT = 1,  /**< In-patient stay 住院 ("inpatient"). */
  YGT_SETTING_DAY_SURGERY = 2 /**< Day surgery 日间手术 ("day_surgery"). */
} ygt_setting;

/** @brief Clinical phase of the encounter (conditions of down-referral). */
typedef enum ygt_phase {
  YGT_PHASE_ACUTE = 0,          /**< Acute or undetermined ("acute"). */
  YGT_PHASE_STABLE_CHRONIC = 1, /**< Stable chronic disease 病情稳定的慢性病 ("stable_chronic"). */
  YGT_PHASE_RECOVERY = 2,       /**< Recovery after acute illness 急性病恢复期 ("recovery"). */
  YGT_PHASE_POST_OPERATIVE = 3  /**< Recovery after surgery 术后恢复期 ("post_operative"). */
} ygt_phase;

/** @brief Deductible continuity policy for a transfer inside the community. */
typedef enum ygt_continuity {
  YGT_CONTINUITY_RESET = 0,  /**< Pay the destination's full deductible again ("reset"). */
  YGT_CONTINUITY_TOP_UP = 1, /**< Pay only what the destination's deductible exceeds the paid one ("top_up"). */
  YGT_CONTINUITY_WAIVE = 2   /**< Pay no deductible ("waive"). */
} ygt_continuity;

/** @brief Priority services for referred patients; a set is a mask of (1 << value). */
typedef enum ygt_priority {
  YGT_PRIORITY_APPOINTMENT = 0, /**< Priority appointment 优先接诊 ("appointment"). */
  YGT_PRIORITY_EXAMINATION = 1, /**< Priority examination 优先检查 ("examination"). */
  YGT_PRIORITY_ADMISSION = 2    /**< Priority admission 优先住院 ("admission"). */
} ygt_priority;

/** @brief Kind of a rule of a rule set (what a trace entry names). */
typedef enum ygt_referral_rule_kind {
  YGT_RULE_CATALOGUE = 0,     /**< A tier catalogue entry ("catalogue"). */
  YGT_RULE_UP = 1,            /**< An up-referral list entry ("up"). */
  YGT_RULE_DOWN = 2,          /**< A down-referral list entry ("down"). */
  YGT_RULE_EMERGENCY = 3,     /**< An emergency route to a designated centre ("emergency"). */
  YGT_RULE_SPECIALTY = 4,     /**< A specialty route to a specialty community ("specialty"). */
  YGT_RULE_FIRST_CONTACT = 5, /**< First contact at primary care 基层首诊 ("first_contact"). */
  YGT_RULE_OUT_OF_COUNTY = 6, /**< The out-of-county slip rule ("out_of_county"). */
  YGT_RULE_REIMBURSEMENT = 7, /**< A row of the reimbursement table ("reimbursement"). */
  YGT_RULE_PENALTY = 8,       /**< The out-of-county penalty or its emergency exemption ("penalty"). */
  YGT_RULE_CONTINUITY = 9,    /**< A deductible continuity policy ("continuity"). */
  YGT_RULE_PRIORITY = 10      /**< Priority services of a route ("priority"). */
} ygt_referral_rule_kind;

/**
 * @brief File name of a route, e.g. "refer_up".
 * @param route A #ygt_route value.
 * @return A static string, or NULL when @p route is out of range.
 */
YGT_API const char *ygt_route_name(int route);
/**
 * @brief Parse a route from its name.
 * @param[out] out Receives the #ygt_route; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_route_from_name(int *out, const char *name);
/**
 * @brief File name of a direction, e.g. "decide".
 * @param direction A #ygt_direction value.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_direction_name(int direction);
/**
 * @brief Parse a direction from its name.
 * @param[out] out Receives the #ygt_direction; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_direction_from_name(int *out, const char *name);
/**
 * @brief FHIR name of a referral state, e.g. "in-progress".
 * @param state A #ygt_referral_state value.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_referral_state_name(int state);
/**
 * @brief Parse a referral state from its FHIR name.
 * @param[out] out Receives the #ygt_referral_state; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_referral_state_from_name(int *out, const char *name);
/**
 * @brief Whether a referral may go from one state to another.
 *
 * requested → accepted, rejected, cancelled, expired; accepted →
 * in-progress, cancelled, expired; in-progress → completed, cancelled;
 * none → requested, accepted, in-progress (a referral that starts already
 * accepted or with the patient present); rejected, completed, cancelled and
 * expired are final.
 * @param from A #ygt_referral_state.
 * @param to A #ygt_referral_state.
 * @return 1 if allowed, 0 if not (also for values out of range).
 */
YGT_API int ygt_referral_state_transition_allowed(int from, int to);
/**
 * @brief File name of a setting, e.g. "day_surgery".
 * @param setting A #ygt_setting value.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_setting_name(int setting);
/**
 * @brief Parse a setting from its name.
 * @param[out] out Receives the #ygt_setting; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_setting_from_name(int *out, const char *name);
/**
 * @brief File name of a clinical phase, e.g. "post_operative".
 * @param phase A #ygt_phase value.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_phase_name(int phase);
/**
 * @brief Parse a clinical phase from its name.
 * @param[out] out Receives the #ygt_phase; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_phase_from_name(int *out, const char *name);
/**
 * @brief File name of a continuity policy, e.g. "top_up".
 * @param policy A #ygt_continuity value.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_continuity_name(int policy);
/**
 * @brief Parse a continuity policy from its name.
 * @param[out] out Receives the #ygt_continuity; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_continuity_from_name(int *out, const char *name);
/**
 * @brief File name of a priority service, e.g. "admission".
 * @param priority A #ygt_priority value (a bit number, not a mask).
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_priority_name(int priority);
/**
 * @brief Parse a priority service from its name.
 * @param[out] out Receives the #ygt_priority; unchanged on failure.
 * @param[in] name The name; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer; #YGT_ENOTFOUND for an unknown name.
 */
YGT_API int ygt_priority_from_name(int *out, const char *name);
/**
 * @brief File name of a rule kind, e.g. "emergency".
 * @param kind A #ygt_referral_rule_kind value.
 * @return A static string, or NULL when out of range.
 */
YGT_API const char *ygt_referral_rule_kind_name(int kind);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Rule sets
 *  @{ */

/** @brief An immutable, validated referral rule set; safe to share between threads. */
typedef struct ygt_referral_rules ygt_referral_rules;

/**
 * @brief Load and validate a referral rule file (format: doc/formats/referral.md).
 * @param[out] out Receives the rule set, owned by the caller (free it with
 *             ygt_referral_rules_free()); set to NULL on failure, and nothing is leaked.
 * @param[in] model The community model the rules refer to; must not be NULL
 *             and must outlive the rule set.
 * @param[in] codes The diagnosis dictionary code sets resolve against; must
 *             not be NULL and must outlive the rule set.
 * @param[in] path A bundle directory holding referral.json, or the JSON file
 *             itself; must not be NULL.  Catalogue and reimbursement tables
 *             named in it are relative to the JSON file's directory.
 * @return #YGT_OK; #YGT_EINVAL for a NULL pointer or a dictionary that is not
 *         of diagnoses; #YGT_EIO; #YGT_EPARSE for malformed JSON or tables,
 *         unknown keys, wrong types and unknown enumeration names;
 *         #YGT_EUNSUPPORTED for an unknown format or version;
 *         #YGT_ENOTFOUND for an unknown institution, community or exact code;
 *         #YGT_EEXISTS for a rule id or reimbursement row given twice;
 *         #YGT_ERANGE for a value out of range; #YGT_EVALIDATE for a code
 *         set that names no code, an incomplete table or contradictory
 *         rules; #YGT_ENOMEM.  The error names the file, the line (tables)
 *         or JSON path (field) of the offending value.
 */
YGT_API int ygt_referral_rules_load(ygt_referral_rules **out, const ygt_model *model,
                                    const ygt_codes *codes, const char *path);

/**
 * @brief Build a rule set from JSON text: the API way of building rules
 *        without a file (same format and checks as ygt_referral_rules_load()).
 * @param[out] out Receives the rule set; set to NULL on failure.
 * @param[in] model The community model; must not be NULL and must outlive the rule set.
 * @param[in] codes The diagnosis dictionary; must not be NULL and must outlive the rule set.
 * @param[in] json The JSON text; must not be NULL.
 * @param[in] source Name used in error messages; NULL means "<string>".
 * @param[in] base_dir Directory that table paths are relative to; NULL means ".".
 * @return As ygt_referral_rules_load().
 */
YGT_API int ygt_referral_rules_parse(ygt_referral_rules **out, const ygt_model *model,
                                     const ygt_codes *codes, const char *json, const char *source,
                                     const char *base_dir);

/**
 * @brief Free a rule set.
 * @param rules The rule set; NULL is accepted and does nothing.  No other thread may still use it.
 */
YGT_API void ygt_referral_rules_free(ygt_referral_rules *rules);

/**
 * @brief Number of rules (trace entries are indices 0 .. count - 1).
 * @param[in] rules The rule set; NULL gives 0.
 * @return The count.
 */
YGT_API size_t ygt_referral_rules_count(const ygt_referral_rules *rules);

/**
 * @brief Id of a rule, as written in the file or derived from its place
 *        (e.g. "catalogue:township:outpatient", "reimbursement:county:resident:inpatient").
 * @param[in] rules The rule set.
 * @param rule A rule index.
 * @return A string owned by @p rules, or NULL for a NULL rule set or bad index.
 */
YGT_API const char *ygt_referral_rules_rule_id(const ygt_referral_rules *rules, int32_t rule);

/**
 * @brief Kind of a rule.
 * @param[in] rules The rule set.
 * @param rule A rule index.
 * @return A #ygt_referral_rule_kind; #YGT_EINVAL for a NULL rule set or bad index.
 */
YGT_API int ygt_referral_rules_rule_kind(const ygt_referral_rules *rules, int32_t rule);

/**
 * @brief Where a rule was written: "FILE:LINE" for table rows, "FILE: PATH" for JSON.
 * @param[in] rules The rule set.
 * @param rule A rule index.
 * @return A string owned by @p rules, or NULL for a NULL rule set or bad index.
 */
YGT_API const char *ygt_referral_rules_rule_origin(const ygt_referral_rules *rules, int32_t rule);

/**
 * @brief Validity of a referral slip in days.
 * @param[in] rules The rule set; must not be NULL.
 * @return The number of days (>= 1); #YGT_EINVAL for NULL.
 */
YGT_API int ygt_referral_rules_slip_valid_days(const ygt_referral_rules *rules);

/**
 * @brief Whether an institution is inside the pooling area (统筹区) of the
 *        rules: its tier is below @c out_of_county.tier, or it is listed in
 *        @c out_of_county.inside (a city's own tertiary hospitals).  Care
 *        anywhere else is out of the county: it needs a slip and is
 *        reimbursed with the penalty.  Indicators and the year report count
 *        "in the county" with this same test.
 * @param[in] rules The rule set; must not be NULL.
 * @param institution Model index of the institution.
 * @return 1 inside, 0 outside; #YGT_EINVAL for NULL; #YGT_ERANGE for an
 *         index out of range.
 * @since 0.3
 */
YGT_API int ygt_referral_rules_inside(const ygt_referral_rules *rules, int32_t institution);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Requests and decisions
 *  @{ */

/** @brief Version of #ygt_referral_request that this header describes. */
#define YGT_REFERRAL_REQUEST_VERSION 1
/** @brief Version of #ygt_referral_decision that this header describes. */
#define YGT_REFERRAL_DECISION_VERSION 1
/** @brief Most destinations a decision ranks. */
#define YGT_REFERRAL_MAX_DESTINATIONS 8
/** @brief Most trace entries a decision keeps. */
#define YGT_REFERRAL_MAX_TRACE 24

/**
 * @brief One routing request, filled by the caller.  Start from
 *        #YGT_REFERRAL_REQUEST_INIT or ygt_referral_request_init(); fields are
 *        only appended (doc/abi.md).
 */
typedef struct ygt_referral_request {
  int version;               /**< #YGT_REFERRAL_REQUEST_VERSION. */
  int32_t age;               /**< Age in years, -1 when unknown. */
  int32_t sex;               /**< 0 unknown, 1 male, 2 female (GB/T 2261.1). */
  int32_t grid;              /**< The patient's grid (model index), -1 when unknown. */
  int32_t insurance;         /**< A #ygt_insurance. */
  int32_t institution;       /**< Current institution (model index); required. */
  const int32_t *diagnoses;  /**< Diagnosis code ids, principal first; borrowed for the call. */
  size_t ndiagnoses;         /**< Number of @c diagnoses; at least 1. */
  int32_t acuity;            /**< Triage level 1 (濒危) .. 4 (非急症), 0 when not triaged. */
  int32_t phase;             /**< A #ygt_phase. */
  int32_t setting;           /**< A #ygt_setting. */
  int32_t direction;         /**< A #ygt_direction. */
  int32_t slip_issuer;       /**< Institution that issued the patient's referral slip, -1 for none. */
  int32_t slip_day;          /**< Day number the slip was issued (any epoch, e.g. days since 1970-01-01). */
  int32_t today;             /**< Day number of this encounter, same epoch. */
  int64_t cost_fen;          /**< Expected cost of the encounter in fen, 0 when not known. */
} ygt_referral_request;

/** @brief Initialiser of a #ygt_referral_request with its defaults. */
#define YGT_REFERRAL_REQUEST_INIT \
  {YGT_REFERRAL_REQUEST_VERSION, -1, 0, -1, 1, -1, NULL, 0, 0, 0, 0, 0, -1, 0, 0, 0}

/**
 * @brief Set a request to its defaults (#YGT_REFERRAL_REQUEST_INIT) for
 *        callers that cannot use the macro.
 * @param[out] req The request; NULL does nothing.
 */
YGT_API void ygt_referral_request_init(ygt_referral_request *req);

/**
 * @brief One decision, filled by the library.  The caller allocates it and
 *        sets @c version (#YGT_REFERRAL_DECISION_INIT or
 *        ygt_referral_decision_init()); the library fills only the fields of
 *        that version.
 */
typedef struct ygt_referral_decision {
  int version;                  /**< #YGT_REFERRAL_DECISION_VERSION, set by the caller. */
  int32_t route;                /**< A #ygt_route. */
  int32_t state;                /**< A #ygt_referral_state. */
  int32_t priority;             /**< Mask of #ygt_priority bits. */
  int32_t ndestinations;        /**< Number of ranked destinations (0 for treat here). */
  int32_t destinations[YGT_REFERRAL_MAX_DESTINATIONS]; /**< Institution indices, best first. */
  int32_t institution;          /**< Where the money is computed: the first destination, or the current institution; -1 for a referral out of the county without a destination in the model. */
  int32_t tier;                 /**< Tier whose reimbursement row applies (#ygt_tier). */
  int32_t setting;              /**< The request's setting (#ygt_setting). */
  int32_t slip_valid;           /**< 1 when care out of the county is covered: the request's slip is from an issuer and within its validity, or the slip is issued now. */
  int32_t continuity;           /**< The #ygt_continuity policy applied, -1 when none (no episode or not inside the community). */
  double ratio;                 /**< Reimbursement ratio the patient faces, after any penalty. */
  int64_t deductible_fen;       /**< Deductible the patient faces on this route, in fen. */
  int64_t fund_fen;             /**< Fund payment for the request's cost (0 without cost). */
  int64_t patient_fen;          /**< The patient's share of the request's cost (0 without cost). */
  int32_t ntrace;               /**< Number of trace entries (at most #YGT_REFERRAL_MAX_TRACE). */
  int32_t trace_truncated;      /**< 1 when more rules fired than the trace holds. */
  int32_t trace[YGT_REFERRAL_MAX_TRACE]; /**< Indices of the rules that fired, in order. */
} ygt_referral_decision;

/** @brief Initialiser of a #ygt_referral_decision. */
#define YGT_REFERRAL_DECISION_INIT {YGT_REFERRAL_DECISION_VERSION, 0, 0, 0, 0, {0}, -1, 0, 0, 0, -1, 0.0, 0, 0, 0, 0, 0, {0}}

/**
 * @brief Set a decision to #YGT_REFERRAL_DECISION_INIT.
 * @param[out] d The decision; NULL does nothing.
 */
YGT_API void ygt_referral_decision_init(ygt_referral_decision *d);

/** @brief A referral episode: the transfers of one illness, carrying the
 *         deductible already paid.  Mutable; one thread at a time. */
typedef struct ygt_episode ygt_episode;

/**
 * @brief Decide one request.
 * @param[out] out The decision; must not be NULL and its @c version must be
 *             set (1 .. #YGT_REFERRAL_DECISION_VERSION).  Unchanged on failure.
 * @param[in] rules The rule set; must not be NULL.
 * @param[in] req The request; must not be NULL, @c version 1 .. #YGT_REFERRAL_REQUEST_VERSION.
 * @param[in] episode The episode so far for deductible continuity, or NULL for none.
 * @return #YGT_OK; #YGT_EINVAL for NULL pointers, a bad version, a
 *         request without diagnoses or an index or enumeration value out of
 *         range; #YGT_ENOTFOUND when the principal diagnosis is not a code
 *         id of the dictionary; #YGT_EOVERFLOW when the cost is negative or
 *         the money does not fit.
 */
YGT_API int ygt_referral_decide(ygt_referral_decision *out, const ygt_referral_rules *rules,
                                const ygt_referral_request *req, const ygt_episode *episode);

/** @brief Version of #ygt_referral_columns that this header describes. */
#define YGT_REFERRAL_COLUMNS_VERSION 1

/**
 * @brief Columns of a batch of requests and of its results.  Start from
 *        #YGT_REFERRAL_COLUMNS_INIT or ygt_referral_columns_init(); fields are only appended.
 *
 * Input columns hold @c n values each; a NULL optional input column means
 * its default for every row (the default of #ygt_referral_request; episodes
 * none).  Output columns receive @c n values each; NULL output columns are
 * not written.  Each row has one (principal) diagnosis.
 */
typedef struct ygt_referral_columns {
  int version;                  /**< #YGT_REFERRAL_COLUMNS_VERSION. */
  size_t n;                     /**< Number of rows. */
  const int32_t *institution;   /**< Required: current institution. */
  const int32_t *diagnosis;     /**< Required: principal diagnosis code id. */
  const int32_t *age;           /**< Optional. */
  const int32_t *sex;           /**< Optional. */
  const int32_t *grid;          /**< Optional. */
  const int32_t *insurance;     /**< Optional. */
  const int32_t *acuity;        /**< Optional. */
  const int32_t *phase;         /**< Optional. */
  const int32_t *setting;       /**< Optional. */
  const int32_t *direction;     /**< Optional. */
  const int32_t *slip_issuer;   /**< Optional. */
  const int32_t *slip_day;      /**< Optional. */
  const int32_t *today;         /**< Optional. */
  const int64_t *cost_fen;      /**< Optional. */
  const int32_t *episode_institution; /**< Optional: the episode's last institution, -1 for none. */
  const int64_t *episode_paid_fen;    /**< Optional: deductible already paid in the episode. */
  int32_t *status;              /**< Output: #YGT_OK or the row's error code (the row's other outputs are then -1 / 0). */
  int32_t *route;               /**< Output: #ygt_route. */
  int32_t *state;               /**< Output: #ygt_referral_state. */
  int32_t *priority;            /**< Output: priority mask. */
  int32_t *destination;         /**< Output: first destination, -1 for none. */
  int32_t *tier;                /**< Output: tier of the reimbursement row. */
  double *ratio;                /**< Output: reimbursement ratio. */
  int64_t *deductible_fen;      /**< Output: deductible. */
  int64_t *fund_fen;            /**< Output: fund payment. */
  int64_t *patient_fen;         /**< Output: patient share. */
} ygt_referral_columns;

/** @brief Initialiser of #ygt_referral_columns: version set, everything else 0 / NULL. */
#define YGT_REFERRAL_COLUMNS_INIT {YGT_REFERRAL_COLUMNS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Set columns to #YGT_REFERRAL_COLUMNS_INIT.
 * @param[out] cols The columns; NULL does nothing.
 */
YGT_API void ygt_referral_columns_init(ygt_referral_columns *cols);

/**
 * @brief Decide a batch of requests given as columns, without traces.
 *
 * Rows are independent: a bad row (unknown institution, diagnosis not in
 * the dictionary, value out of range) gets its error code in @c status and
 * does not stop the others.  The results do not depend on the batch split.
 * @param[in] rules The rule set; must not be NULL.
 * @param[in,out] cols The columns; must not be NULL; @c institution and
 *        @c diagnosis must not be NULL when @c n > 0.
 * @return The number of rows with a non-zero status (>= 0); #YGT_EINVAL for
 *         NULL pointers, a bad version or a missing required column.
 */
YGT_API int64_t ygt_referral_decide_batch(const ygt_referral_rules *rules, ygt_referral_columns *cols);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Episodes
 *  @{ */

/**
 * @brief Create an empty episode (no institution yet, nothing paid, state none).
 * @param[out] out Receives the episode, owned by the caller (free it with
 *             ygt_episode_free()); set to NULL on failure.
 * @return #YGT_OK; #YGT_EINVAL if @p out is NULL; #YGT_ENOMEM.
 */
YGT_API int ygt_episode_new(ygt_episode **out);

/**
 * @brief Free an episode.
 * @param ep The episode; NULL is accepted and does nothing.
 */
YGT_API void ygt_episode_free(ygt_episode *ep);

/**
 * @brief Record that the patient followed a decision: the episode moves to
 *        the decision's institution, adds the deductible paid there and takes
 *        the decision's referral state.
 *
 * The paid deductible grows when the decision applied top-up or waive
 * continuity and restarts from the decision's deductible otherwise; only
 * settings under continuity (see the rule file) count.
 * @param[in,out] ep The episode; must not be NULL.
 * @param[in] rules The rule set the decision was made with; must not be NULL.
 * @param[in] d A decision made with this episode; must not be NULL.
 * @return #YGT_OK; #YGT_EINVAL for NULL pointers or a decision without an
 *         institution; #YGT_EOVERFLOW when the paid amount does not fit.
 */
YGT_API int ygt_episode_record(ygt_episode *ep, const ygt_referral_rules *rules,
                               const ygt_referral_decision *d);

/**
 * @brief Set the episode's first institution and what was already paid
 *        (e.g. when the episode began outside the library).
 * @param[in,out] ep The episode; must not be NULL.
 * @param institution Institution index, or -1 for none.
 * @param paid_fen Deductible already paid, >= 0.
 * @return #YGT_OK; #YGT_EINVAL for NULL; #YGT_ERANGE for a negative amount.
 */
YGT_API int ygt_episode_set(ygt_episode *ep, int32_t institution, int64_t paid_fen);

/**
 * @brief Move the episode's referral to a new state, checked with
 *        ygt_referral_state_transition_allowed().
 * @param[in,out] ep The episode; must not be NULL.
 * @param state A #ygt_referral_state.
 * @return #YGT_OK; #YGT_EINVAL for NULL or a state out of range;
 *         #YGT_ESTATE for a transition that is not allowed (the episode is unchanged).
 */
YGT_API int ygt_episode_set_state(ygt_episode *ep, int state);

/**
 * @brief The episode's current institution.
 * @param[in] ep The episode; must not be NULL.
 * @return The institution index, or -1 when the episode has none yet.
 */
YGT_API int32_t ygt_episode_institution(const ygt_episode *ep);

/**
 * @brief Deductible paid so far in the episode, in fen.
 * @param[in] ep The episode; must not be NULL.
 * @return The amount (>= 0).
 */
YGT_API int64_t ygt_episode_paid_fen(const ygt_episode *ep);

/**
 * @brief The episode's referral state.
 * @param[in] ep The episode; must not be NULL.
 * @return A #ygt_referral_state.
 */
YGT_API int ygt_episode_state(const ygt_episode *ep);

/**
 * @brief Number of decisions recorded in the episode.
 * @param[in] ep The episode; must not be NULL.
 * @return The count.
 */
YGT_API int32_t ygt_episode_steps(const ygt_episode *ep);

/** @} */

YGT_END_DECLS

#endif /* YIGONGTI_REFERRAL_H */
