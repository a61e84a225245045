/* Internal layout of DRG rule packs (include/yigongti/drg.h).
 *
 * Code sets of the rules are bitsets over dictionary ids that cover only the
 * range [base, base + nbits) of their members: the lists of one ADRG are
 * mostly neighbouring codes, so this keeps the whole CHS-DRG 1.1 pack small
 * and membership one subtraction, one compare and one bit test. */
#ifndef YGT_DRG_INTERNAL_H
#define YGT_DRG_INTERNAL_H

#include <stdint.h>

#include "table_internal.h"
#include "yigongti/drg.h"

enum drg_op { OP_TRUE, OP_FALSE, OP_AND, OP_OR, OP_NOT, OP_MCC, OP_CC, OP_HAS_PROC, OP_HAS_SDX,
              OP_MEMBER, OP_CMP, OP_IN };
enum drg_sel { SEL_PDX, SEL_ANYDX, SEL_SDX, SEL_PROC1, SEL_ANYPROC, SEL_DEPT };
enum drg_role { ROLE_MDC, ROLE_SS_VALID, ROLE_PDX, ROLE_SDX, ROLE_PPROC, ROLE_SPROC, ROLE_DEPT };
enum drg_var { VAR_AGE, VAR_AGE_DAYS, VAR_WEIGHT, VAR_LOS, VAR_SEX, VAR_LEAVING, VAR_SITES, VAR_N };
enum drg_cmp { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE };
enum drg_scope { SCOPE_MDC, SCOPE_ADRG, SCOPE_DRG };

/* MEMBER: sel; before the sets are built a = owner (MDC or ADRG index),
 * b = role | tag << 8; afterwards a = set index.  CMP: var, cmp, a = value.
 * IN: var, a = first value in pack->ints, b = count.  AND/OR: a, b.  NOT: a. */
typedef struct drg_node {
  uint8_t op, sel, var, cmp;
  int32_t a, b;
} drg_node;

typedef struct drg_expr {
  int32_t root, first, end; /* nodes [first, end) */
  uint32_t text;            /* source text in the string pool */
  int32_t line;
} drg_expr;

typedef struct drg_mdc {
  uint32_t code, name;
  int32_t check_order, line;
  drg_expr entry;
  int qy_enabled;
  uint32_t qy_after;        /* ADRG code after which the QY check runs, "-" or "" */
  int32_t qy_pos;           /* QY check runs before the ADRG at this position */
  int32_t qy_adrg, qy_drg;  /* the synthetic QY group */
  int32_t first, n;         /* its ADRGs in pack->adrg_order */
} drg_mdc;

typedef struct drg_adrg {
  uint32_t code, name;
  int32_t mdc, try_order, line;
  uint8_t kind;             /* 0 surgical, 1 non_or, 2 medical, 3 qy */
  drg_expr entry;
  int32_t first, n;         /* its DRGs in pack->drg_order */
} drg_adrg;

typedef struct drg_drg {
  uint32_t code, name;
  int32_t adrg, try_order, line;
  drg_expr rule;
} drg_drg;

typedef struct drg_set {
  uint32_t base, nbits;
  size_t woff;              /* first word in pack->words */
} drg_set;

typedef struct drg_key {
  int32_t owner, roletag, set;
} drg_key;

struct ygt_drg_pack {
  ygt_codes *dx, *proc;
  int32_t dx_known, proc_known; /* ids below these are known to the rules */
  char *str;
  size_t str_len, str_cap;
  uint32_t name, none_mdc, none_adrg, none_drg;
  int unlisted_error;
  drg_mdc *mdc;
  size_t nmdc, mdc_cap;
  int32_t *mdc_order;           /* MDC ids in check order */
  drg_adrg *adrg;
  size_t nadrg, adrg_cap;
  int32_t *adrg_order;
  drg_drg *drg;
  size_t ndrg, drg_cap;
  int32_t *drg_order;
  drg_node *nodes;
  size_t nnodes, nodes_cap;
  int32_t *ints;
  size_t nints, ints_cap;
  drg_set *sets;                /* sets[0] is the empty set */
  size_t nsets;
  uint64_t *words;
  size_t nwords;
  drg_key *keys;                /* sorted by (owner, roletag) */
  size_t nkeys;
  int32_t ss_valid;             /* set index */
  uint32_t *depts;              /* sorted department codes (string offsets) */
  size_t ndepts;
  int32_t *cce, *cc, *mcc;      /* per known diagnosis id: exclusion table or -1 */
  uint8_t *site;                /* per known diagnosis id: trauma site + 1, or 0 */
  uint32_t site_names[32];
  size_t nsites;
  int32_t *dx_map, *proc_map;   /* per id: translated id or -1; NULL without a map */
  int32_t *by_code[3];          /* MDC, ADRG, DRG ids sorted by code */
  size_t by_code_n[3];
  uint8_t want_map[2];          /* dx_map.tsv / proc_map.tsv present */
  void *image;                  /* a cached pack: the block every array points into */
};

/* The case being grouped, as the expressions see it. */
typedef struct drg_case {
  int32_t var[VAR_N];           /* YGT_CASES_NA when missing; SITES computed lazily */
  int32_t pdx;
  const int32_t *sdx, *proc;
  size_t nsdx, nproc;
  const char *dept;
  int32_t dept_id;              /* -2 until looked up */
  int sev;                      /* -1 until computed; bit 0 MCC, bit 1 CC */
} drg_case;

/* A grouped case, as both groupers (drg_group.c, drg3_group.c) report it. */
typedef struct drg_result {
  int32_t mdc, adrg, drg, status;
  uint32_t flags;
} drg_result;

/* Writes r into entry i of each output array that is not NULL. */
static inline void ygt__drg_put(const drg_result *r, size_t i, int32_t *mdc, int32_t *adrg, int32_t *drg,
                                int32_t *status, uint32_t *flags) {
  if (mdc) mdc[i] = r->mdc;
  if (adrg) adrg[i] = r->adrg;
  if (drg) drg[i] = r->drg;
  if (status) status[i] = r->status;
  if (flags) flags[i] = r->flags;
}

#define DRG_SITES_UNSET (-2147483647 - 1 + 1)

static inline const char *drg_str(const ygt_drg_pack *p, uint32_t off) { return p->str + off; }

static inline int drg_has(const ygt_drg_pack *p, int32_t set, int32_t id) {
  const drg_set *s = &p->sets[set];
  uint32_t i = (uint32_t)id - s->base;
  return i < s->nbits && ((p->words[s->woff + (i >> 6)] >> (i & 63)) & 1);
}

/* drg_expr.c: compiles `text` (field `col` of the current row of t) into
 * pack->nodes.  owner_mdc / owner_adrg name the sets MDC and PDX, ...; scope
 * limits which set names are allowed. */
int ygt__drg_compile(ygt_drg_pack *p, const ygt_table *t, int col, int scope, int32_t owner_mdc,
                     int32_t owner_adrg, drg_expr *out);
int ygt__drg_eval(const ygt_drg_pack *p, int32_t node, drg_case *c);
/* The severity bits of a case (bit 0 MCC, bit 1 CC). */
int ygt__drg_severity(const ygt_drg_pack *p, const drg_case *c);

/* drg_pack_build.c: sets from the collected rows, orders, QY groups. */
typedef struct drg_entry {
  int32_t owner, roletag, id, line;
} drg_entry;
/* Owners below 0 are per-code tables rather than sets. */
enum { OWN_CC = -1, OWN_MCC = -2, OWN_CCE = -3, OWN_SITE = -4, OWN_DXMAP = -5, OWN_PROCMAP = -6 };
int ygt__drg_build(ygt_drg_pack *p, drg_entry *rows, size_t nrows, const char *dir);
/* drg_entry_sort.c: rows in increasing (owner, roletag, id); 0 or YGT_ENOMEM. */
int ygt__drg_sort_entries(drg_entry *rows, size_t n);
/* Sorts the ids of one level (0 MDC, 1 ADRG, 2 DRG) by code; a code given
 * twice is YGT_EEXISTS naming `file` and the line of the second. */
int ygt__drg_index(ygt_drg_pack *p, int level, const char *file);
int32_t ygt__drg_find(const ygt_drg_pack *p, int level, const char *code);

/* drg_pack.c */
int ygt__drg_str(ygt_drg_pack *p, const char *s, uint32_t *off);
int32_t ygt__drg_dept_id(const ygt_drg_pack *p, const char *dept);

/* drg_trace.c */
void ygt__drg_trace_reset(ygt_drg_trace *t);
int ygt__drg_trace_add(ygt_drg_trace *t, int kind, int32_t object, int32_t code, int32_t value,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

#endif
