/* Internal layout of DIP catalogues and engines (include/yigongti/dip.h). */
#ifndef YGT_DIP_INTERNAL_H
#define YGT_DIP_INTERNAL_H

#include <stdint.h>

#include "codes_internal.h"
#include "settle_internal.h"
#include "yigongti/dip.h"

#define YGT__DIP_MAX_CCI 64
#define YGT__DIP_NLEVELCLASS 4 /* 0: std_cost, 1-3: 一级/二级/三级 */

#define YGT__DIP_MAX_COND 4

/* A condition on a case field (`vent_hours>=96`); a missing value fails it. */
typedef struct ygt__dip_cond {
  int column; /* a ygt_case_column */
  int op;     /* DIP_OP_* */
  int32_t value;
} ygt__dip_cond;

enum { DIP_OP_LT, DIP_OP_LE, DIP_OP_EQ, DIP_OP_GE, DIP_OP_GT };

/* Auxiliary factors. */
enum { DIP_AUX_AGE, DIP_AUX_CCI, DIP_AUX_SEVERITY, DIP_AUX_ICU_HOURS, DIP_AUX_LOS_DAYS, DIP_AUX_N };

typedef struct ygt__dip_group {
  char *code, *name, *dx_spec, *procs_key;
  int kind, proc_type, grassroots, line;
  double rw;
  int64_t std_cost[YGT__DIP_NLEVELCLASS]; /* fen; 0 = not given (class > 0) */
  int32_t pset_first, pset_n;             /* procedure element sets */
  ygt_codeset *pre_dx;                    /* pre-groups: the diagnoses, NULL for any */
  ygt_codeset *pproc;                     /* cores: the principal procedure's list, NULL for none */
  ygt_codeset *not_procs;                 /* pre-groups: no procedure of the case may be in it, or NULL */
  ygt_codeset *with_dx;                   /* subdivisions: the principal or another diagnosis in it, or NULL */
  ygt__dip_cond cond[YGT__DIP_MAX_COND];  /* pre-groups, subdivisions: all must hold */
  int ncond;
  int32_t parent, first_sub, next_sub;    /* subdivisions of a core, in file order; -1 = none */
  int scored;                             /* 1 once its score is read (catalogue or score table) */
} ygt__dip_group;

typedef struct ygt__dip_band {
  int factor, line;
  int64_t low, high; /* inclusive */
  double coef;
} ygt__dip_band;

struct ygt_dip_catalog {
  const ygt_codes *dx, *proc;
  char source[256];
  ygt__dip_group *groups;
  size_t ngroups, gcap;
  ygt_codeset **psets;
  size_t npsets, pcap;
  int32_t *core_off, *core_list; /* per dx id: candidate core groups, best first */
  int32_t *comp;                 /* [dx id][4]: comprehensive group per procedure type, -1 */
  int32_t *pre;                  /* pre-groups in file order (tried before everything else) */
  size_t npre, pre_cap;
  uint8_t *ptype;                /* per procedure id: type + 1, 0 = not classified */
  int has_ptype;
  uint64_t *cci_mask;            /* per dx id: CCI conditions (NULL if none) */
  int32_t cci_weight[YGT__DIP_MAX_CCI];
  int ncci;
  uint8_t *severity;             /* per dx id: severity level (NULL if none) */
  ygt__dip_band *bands;
  size_t nbands, bcap;
  int32_t *ng_dx, *ng_proc;      /* per dx / procedure id: line of its not-grouped row, 0 = grouped (NULL: none) */
};

/* Per-group constants of an engine, computed once (dip_score.c): the
 * standard cost of each level class with the fallback to class 0 resolved,
 * and the group's base units, RW × unit rounded as its exact decimal. */
typedef struct ygt__dip_group_const {
  int64_t std_cost[YGT__DIP_NLEVELCLASS];
  int64_t base_units;
  int base_rc; /* nonzero (overflow): the group's cases go by the row-at-a-time path */
} ygt__dip_group_const;

struct ygt_dip_engine {
  const ygt_dip_catalog *cat;
  const ygt_settle_params *params;
  size_t ninst;
  uint8_t *inst_class;    /* level class 1-3 per institution */
  double *inst_level;     /* level coefficient per institution */
  double *inst_assess;    /* assessment coefficient per institution */
  double *group_support;  /* support coefficient per group */
  ygt__dip_group_const *group_const;
};

/* How a case matched: the group and what decided it. */
typedef struct ygt__dip_match_info {
  int32_t group;
  int case_type;   /* the case's procedure type */
  int tried_core;  /* number of core candidates of the diagnosis */
  int pre;         /* 1 when a pre-group decided */
  int not_grouped; /* DIP_NG_DX / DIP_NG_PROC: the principal diagnosis or procedure is not grouped */
  int32_t core;    /* the core a subdivision refined, else -1 */
} ygt__dip_match_info;

enum { DIP_NG_NONE, DIP_NG_DX, DIP_NG_PROC };

/* How many procedures a core requires: its combination, plus the principal
 * procedure when it has a principal-procedure list. */
static inline int32_t ygt__dip_core_len(const ygt__dip_group *g) { return g->pset_n + (g->pproc != NULL); }

/* Matches row r of a batch; returns the group or -1. */
int32_t ygt__dip_match(const ygt_dip_catalog *cat, const ygt_cases *c, size_t r, ygt__dip_match_info *info);

/* Parses the `cond` field ("vent_hours>=96; age_days<29") into g (dip_cond.c);
 * the error message goes to *why. */
int ygt__dip_cond_parse(ygt__dip_group *g, const char *text, const char **why);

/* Whether row r meets all of g's conditions, diagnoses and excluded procedures (dip_cond.c). */
int ygt__dip_cond_hold(const ygt__dip_group *g, const ygt_cases *c, size_t r);

/* Reads a score table keyed by group code into the catalogue (dip_scores.c). */
int ygt__dip_scores_read(ygt_dip_catalog *cat, const char *path);

/* Builds the per-code indexes from every group's diagnosis set once the
 * rows are read; overlapping combinations are errors (dip_catalog_index.c). */
int ygt__dip_catalog_index_sets(ygt_dip_catalog *cat, ygt_codeset *const *dxsets, const char *source);

/* The score units of row r as if the extreme-cost threshold did not exist
 * (an extreme case scored by the high-cost rule); 0 for a case the method
 * cannot score (unmatched, invalid, excluded). */
int ygt__dip_units_no_extreme(int64_t *units, const ygt_dip_engine *e, const ygt_cases *c, size_t r);

/* Settles an extreme-cost row r by the high-cost rule: its special-review
 * sums leave the accumulator, its high-cost score enters it, and its
 * status, reason and units change.  Other rows are left alone. */
int ygt__dip_settle_extreme(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                            const ygt_dip_engine *e, const ygt_cases *c, size_t r);

/* Row r scored alone, the reference path (dip_score.c): its sums and
 * group (-1 when none); no_extreme scores an extreme case by the high-cost
 * rule. */
int ygt__dip_score_row(const ygt_dip_engine *e, const ygt_cases *c, size_t r, ygt__case_sums *s, int32_t *group,
                       int no_extreme);

/* The auxiliary coefficient of row r (dip_score.c). */
double ygt__dip_aux_coef(const ygt_dip_engine *e, const ygt_cases *c, size_t r);

/* ygt_dip_score() one row at a time through ygt__dip_score_row(): the
 * reference the batch path must agree with bit for bit (tests). */
int ygt__dip_score_reference(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason,
                             int64_t *score_units, const ygt_dip_engine *e, const ygt_cases *c, size_t begin,
                             size_t end);

/* Takes rows begin .. r - 1 back out of acc after a failure at row r. */
void ygt__dip_score_undo(ygt_settle_accum *acc, const ygt_dip_engine *e, const ygt_cases *c, size_t begin, size_t r);

/* ygt_dip_score() for a batch (dip_score_batch.c): the common case inline
 * with the engine's constants, any other row by ygt__dip_score_row(). */
int ygt__dip_score_batch(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason, int64_t *score_units,
                         const ygt_dip_engine *e, const ygt_cases *c, size_t begin, size_t end);

/* Level class (1-3) of a hospital level. */
int ygt__dip_level_class(int level);

/* A copy of engine e with every institution's assessment coefficient taken
 * from `assessment` (e->ninst values in [0, 10]) in place of the
 * parameters' (dip_assess.c). */
int ygt__dip_engine_assessed(ygt_dip_engine **out, const ygt_dip_engine *e, const double *assessment);

#endif
