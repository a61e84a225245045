/* Internal: performance scoring (include/yigongti/score.h).
 *
 * Encounters are aggregated in one pass into per-scope accumulators of
 * (count, cost, fund) over "cells": every combination of setting, referral,
 * insurance and residence of the patient (base cell, SC_BASE_CELLS), and for
 * community scopes also the place where the care happened (its tier, inside
 * or outside the pooling area).  A measure is a
 * filter over cells, so every indicator at every scope is a sum over a few
 * hundred integers, independent of the batch size and order. */
#ifndef YGT_SCORE_INTERNAL_H
#define YGT_SCORE_INTERNAL_H

#include <stdint.h>

#include "yigongti/score.h"

#if defined(__GNUC__)
#  define YGT_SJ_PRINTF __attribute__((format(printf, 4, 5)))
#  define YGT_SJ_PATH_PRINTF __attribute__((format(printf, 2, 3)))
#else
#  define YGT_SJ_PATH_PRINTF
#  define YGT_SJ_PRINTF
#endif

#define SC_SETTINGS 3
#define SC_TIERS 6
/* Where care happened: a tier inside the pooling area (0..5), or the same
 * tier outside it (6..11).  The place filter is a mask over these. */
#define SC_PLACES (2 * SC_TIERS)
#define SC_REFERRALS 4
#define SC_INSURANCES 3 /* employee, resident, unknown */
#define SC_RESIDENCES 3 /* non-resident, resident of another community, of the institution's own community */
#define SC_BASE_CELLS (SC_SETTINGS * SC_REFERRALS * SC_INSURANCES * SC_RESIDENCES)
#define SC_COLUMNS 9

/* ---- encounters (score_encounters.c, score_encounters_load.c) ---------- */

struct ygt_encounters {
  size_t n;
  const void *cols[SC_COLUMNS]; /* borrowed (attached) or owned (loaded) */
  void *owned[SC_COLUMNS];
};

/* ---- measures (score_measure.c) ----------------------------------------- */

typedef enum sc_measure_kind { SC_M_SUM = 0, SC_M_MODEL = 1, SC_M_INPUT = 2 } sc_measure_kind;
typedef enum sc_sum_value { SC_V_COUNT = 0, SC_V_COST = 1, SC_V_FUND = 2 } sc_sum_value;
typedef enum sc_model_figure {
  SC_F_POPULATION = 0, SC_F_INSURED = 1, SC_F_INSURED_EMPLOYEE = 2, SC_F_INSURED_RESIDENT = 3,
  SC_F_SIGNED = 4
} sc_model_figure;

typedef struct sc_filter {
  unsigned setting, place, referral, insurance, residence; /* bit masks over the dimension's values (place: SC_PLACES) */
} sc_filter;

typedef struct sc_measure {
  int kind;     /* sc_measure_kind */
  int value;    /* sc_sum_value or sc_model_figure */
  sc_filter f;
  char *input;  /* SC_M_INPUT: the input's name (owned) */
  /* SC_M_SUM: the base cells the filter passes, in increasing order, listed
   * once at parse time so that a sum at a scope touches only those. */
  int ncells;
  uint8_t cells[SC_BASE_CELLS];
} sc_measure;

/* Parses `text` into m.  0, or YGT_EPARSE / YGT_ENOMEM with a message in
 * err (cap bytes) and nothing owned left in m. */
int ygt__measure_parse(sc_measure *m, const char *text, char *err, size_t cap);
void ygt__measure_clear(sc_measure *m);

/* ---- registry (score_indicators.c) -------------------------------------- */

typedef struct sc_indicator {
  char *id, *name, *unit, *definition;
  int formula, direction;
  sc_measure num, den;
  int has_den;
  double scale, target, floor; /* NaN when absent */
} sc_indicator;

struct ygt_indicators {
  sc_indicator *items;
  size_t n;
};

/* The shipped registry as TSV text (score_defaults.c). */
extern const char ygt__indicators_default_tsv[];

/* ---- inputs (score_inputs.c) -------------------------------------------- */

typedef struct sc_input {
  char *name;
  int scope;
  int32_t index, period;
  double value;
} sc_input;

struct ygt_score_inputs {
  sc_input *items;
  size_t n, cap;
};

/* The figure for (name, scope, index, period): 1 and *out, or 0 when absent. */
int ygt__inputs_find(const ygt_score_inputs *in, const char *name, int scope, int32_t index,
                     int32_t period, double *out);

/* ---- values (score_compute.c) ------------------------------------------- */

typedef struct sc_value {
  double value, num, den;
  int status;
} sc_value;

struct ygt_indicator_values {
  const ygt_indicators *reg;
  const ygt_model *model;
  int64_t nscope[4];   /* county, communities, tiers, institutions */
  int64_t offset[4];   /* first flat scope index of each kind */
  int64_t nflat;
  sc_value *cells;     /* [indicator][flat scope] */
  int64_t skipped;
};

/* Flat scope index of (scope, index), or -1 when out of range. */
int64_t ygt__values_flat(const ygt_indicator_values *v, int scope, int32_t index);

/* ---- scorecards (scorecard_load.c, score_methods.c) --------------------- */

typedef struct sc_band {
  double bound; /* min (value >= bound) or max (value <= bound) */
  double out;   /* points, multiplier or coefficient */
} sc_band;

typedef enum sc_op { SC_OP_LT = 0, SC_OP_LE, SC_OP_GT, SC_OP_GE, SC_OP_EQ, SC_OP_NE } sc_op;

typedef struct sc_item {
  char *id;
  int32_t dim, ind;
  int method, direction;
  double weight, target, floor;
  double unit, per_unit;  /* deduction */
  int whole;              /* deduction: count whole units only */
  double zero, full;      /* proportional */
  sc_band *bands;         /* bands */
  size_t nbands;
  int upper;              /* bands keyed by "max" */
  char **level_names;     /* levels */
  double *level_points;
  size_t nlevels;
  int op;                 /* veto */
  double cond, cap;
} sc_item;

struct ygt_scorecard {
  char *name;
  const ygt_indicators *reg;
  char **dims;
  size_t ndims;
  sc_item *items;
  size_t nitems;
  char **grade_names;
  double *grade_mins;
  size_t ngrades;
  double s_min, s_full, withhold;
  sc_band *surplus, *dip;
  size_t nsurplus, ndip;
};

void ygt__scorecard_item_clear(sc_item *it);

/* Points of an item for value x (status: a ygt_value_status); the reason
 * text goes to buf.  For veto items *vetoed is set when the condition holds. */
double ygt__method_points(const sc_item *it, double x, int status, int *vetoed, char *buf, size_t cap);
/* The value of the first band (ordered by the loader) that x falls in, or `none`. */
double ygt__band_lookup(const sc_band *b, size_t n, int upper, double x, double none);
const char *ygt__op_name(int op);
int ygt__op_holds(int op, double x, double v);

/* Half away from zero to an integer fen; YGT_EOVERFLOW outside int64's range. */
int ygt__score_round_fen(int64_t *out, double amount);

/* Names shared by parsers (score_enums.c): index of `name` in a NULL-terminated list, or -1. */
int ygt__name_index(const char *const *names, const char *name);
extern const char *const ygt__setting_names[];
extern const char *const ygt__referral_names[];
extern const char *const ygt__insurance_names[];
extern const char *const ygt__tier_names[];
extern const char *const ygt__direction_names[];
extern const char *const ygt__formula_names[];
extern const char *const ygt__method_names[];
extern const char *const ygt__scope_names[];

#endif

/* ---- scorecard JSON helpers (scorecard_load.c) --------------------------- */

struct json_t;

/* Formats a JSON path into out (SC_PATH_CAP bytes, truncated if longer). */
void ygt__sj_path(char *out, const char *fmt, ...) YGT_SJ_PATH_PRINTF;
/* Records a failure at a JSON path of `file` and returns code. */
int ygt__sj_fail(const char *file, const char *path, int code, const char *fmt, ...) YGT_SJ_PRINTF;
/* Member `key` of obj at path: a number (finite), a string or a boolean.
 * Absent: YGT_EPARSE when need, else 0 with *out unchanged. */
int ygt__sj_number(const char *file, struct json_t *obj, const char *path, const char *key, int need, double *out);
int ygt__sj_string(const char *file, struct json_t *obj, const char *path, const char *key, int need,
                   const char **out);
int ygt__sj_bool(const char *file, struct json_t *obj, const char *path, const char *key, int *out);
/* Fails with YGT_EPARSE naming the first member of obj not in keys (NULL-terminated). */
int ygt__sj_known_keys(const char *file, struct json_t *obj, const char *path, const char *const *keys);
/* The "provenance" object of a file (document required; locality, note, illustrative optional; no other
 * key): the strings copied (the caller frees them, also on failure); illustrative may be NULL. */
int ygt__sj_provenance(const char *file, struct json_t *root, char **document, char **locality, char **note,
                       int *illustrative);
/* Parses one item of a dimension into it (scorecard_items.c). */
int ygt__sj_item(const char *file, const ygt_indicators *reg, struct json_t *obj, const char *path, sc_item *it);
