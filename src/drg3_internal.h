/* Internal layout of CHS-DRG 3.0 configurations (include/yigongti/drg3.h).
 *
 * The official rule language is compiled once into nodes: set names become
 * indexes of bitsets over the configuration's dictionaries, variables become
 * case fields, so grouping does no string work.  Sets cover only the id
 * range [base, base + nbits) of their members, as in drg_internal.h. */
#ifndef YGT_DRG3_INTERNAL_H
#define YGT_DRG3_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "yigongti/drg3.h"

/* Subjects of a membership test (bits, combined by set literals). */
enum { D3_ZYZD = 1, D3_QTZD = 2, D3_ZYSS = 4, D3_QTSS = 8, D3_DX = 3, D3_PROC = 12 };
enum d3_var { D3_NL, D3_XSRTL, D3_XSRTZ, D3_XB, D3_NVAR };
enum d3_cmp { D3_LT, D3_LE, D3_GT, D3_GE, D3_EQ };
enum d3_op { D3_TRUE, D3_FALSE, D3_AND, D3_OR, D3_NOT, D3_IN, D3_SEV, D3_CMP, D3_COUNT };
enum { D3_SEV_MCC = 1, D3_SEV_CC = 2 };
enum { D3_KIND_NONE = 0 }; /* a set's kind otherwise is YGT_CODE_DIAGNOSIS / _PROCEDURE */

/* IN: subj, a = set.  SEV: a = D3_SEV_* bits.  CMP: subj = variable, cmp,
 * a = value.  COUNT: subj, a = set, cmp, b = value.  AND/OR: a, b.  NOT: a. */
typedef struct d3_node {
  uint8_t op, subj, cmp, pad;
  int32_t a, b;
} d3_node;

/* A compiled rule: root node, or -1 for an empty rule. */
typedef struct d3_rule {
  int32_t root;
} d3_rule;

typedef struct d3_set {
  char *name;
  int kind;                 /* D3_KIND_NONE until a rule uses it */
  uint32_t base, nbits;
  size_t woff;              /* first word in g->words */
  size_t rows;              /* member rows read for it */
} d3_set;

/* One MDC, ADRG or DRG row. */
typedef struct d3_group {
  char *code, *name, *text; /* text: the rule as written, for traces */
  int32_t parent, sort, row; /* parent: MDC (ADRG) or ADRG (DRG) id, -1 for MDCs */
  d3_rule rule;
  int32_t first, n;          /* children in g->order[level + 1] */
} d3_group;

struct ygt_drg3 {
  ygt_codes *dx, *proc;
  d3_group *g[3];            /* MDC, ADRG, DRG rows in file order */
  size_t n[3], cap[3];
  int32_t *order[3];         /* ids: MDCs by (sort, row); children grouped by parent */
  d3_node *nodes;
  size_t nnodes, nodes_cap;
  d3_set *sets;
  size_t nsets, sets_cap;
  uint64_t *words;
  size_t nwords;
  size_t missing;            /* sets named by rules without any member row */
  uint8_t *level;            /* per diagnosis id: D3_SEV_* of the CC sheet, 0 */
  int32_t *table;            /* per diagnosis id: its exclusion table, or -1 */
  uint64_t *excl;            /* sorted (table << 32 | principal diagnosis id) */
  size_t nexcl;
  char *prov[5];             /* provenance values by key (drg3_provenance.c) */
  char **tables;             /* exclusion table names; ids are indexes */
  size_t ntables, tables_cap;
  const struct ygt__drg3_text *texts; /* while loading from memory: the sheets; NULL from files */
};

/* A parse failure: byte offset into the text and a message. */
typedef struct d3_perr {
  size_t pos;
  char msg[160];
} d3_perr;

/* drg3_rule.c: compiles text into g->nodes; an empty text gives root -1.
 * Names new sets in g->sets.  On failure fills err, leaves g->nodes as it
 * was and returns YGT_EPARSE (YGT_ENOMEM and YGT_ELIMIT record an error). */
int ygt__drg3_compile(ygt_drg3 *g, const char *text, d3_rule *out, d3_perr *err);
/* The character (not byte) offset of pos in text, from 1. */
size_t ygt__drg3_column(const char *text, size_t pos);
/* The set index of a name, or -1. */
int32_t ygt__drg3_set_find(const ygt_drg3 *g, const char *name);

/* drg3_eval.c: the case as rules see it. */
typedef struct d3_case {
  int32_t var[D3_NVAR];
  int32_t pdx;
  const int32_t *sdx, *proc;
  size_t nsdx, nproc;
  int sev;                   /* -1 until computed */
} d3_case;

int ygt__drg3_eval(const ygt_drg3 *g, int32_t node, d3_case *c);
/* Whether exclusion table `table` lists principal diagnosis pdx. */
int ygt__drg3_excluded(const ygt_drg3 *g, int32_t table, int32_t pdx);

static inline int d3_has(const ygt_drg3 *g, int32_t set, int32_t id) {
  const d3_set *s = &g->sets[set];
  uint32_t i = (uint32_t)id - s->base;
  return i < s->nbits && ((g->words[s->woff + (i >> 6)] >> (i & 63)) & 1);
}

/* drg3_load.c / drg3_sets.c */
struct ygt_table;
typedef struct d3_colname {
  const char *name;
  int role;
} d3_colname;
/* Maps header columns to roles through NULL-terminated lists of names
 * (col[role] = column or -1); unknown and repeated columns are errors. */
int ygt__drg3_columns(const struct ygt_table *t, const d3_colname *const *lists, int nroles, int *col);
/* YGT_EPARSE "missing column name" unless col[role] was found. */
int ygt__drg3_need(const struct ygt_table *t, const int *col, int role, const char *name);
int ygt__drg3_load_groups(ygt_drg3 *g, int level, const char *path);
int ygt__drg3_link(ygt_drg3 *g, const char *const paths[3]);
/* The id of field col of t in dict, adding the code when new (name from name_field). */
int ygt__drg3_code_id(ygt_codes *dict, const struct ygt_table *t, int col, const char *name_field, int32_t *id);
int ygt__drg3_load_sets(ygt_drg3 *g, const char *path, int options);
int ygt__drg3_load_provenance(ygt_drg3 *g, const char *path);
int ygt__drg3_provenance_key(const char *key);
int ygt__drg3_load_cc(ygt_drg3 *g, const char *cc, const char *exclusion);

/* drg3.c: a sheet held in memory; source stands for its path (its name in
 * messages, ".csv" at the end for CSV). */
typedef struct ygt__drg3_text {
  const char *source, *data;
  size_t len;
} ygt__drg3_text;
/* ygt_drg3_load_files() over sheets in memory, in ygt_drg3_sheet order (data
 * NULL: no such sheet; the first four are required).  For loaders that hold
 * the sheets already, such as the rule fuzz target: no file is written or read. */
int ygt__drg3_load_texts(ygt_drg3 **out, const ygt__drg3_text *texts, int options);
/* Opens the sheet named path: from g->texts while loading from memory, else the file. */
int ygt__drg3_open(const ygt_drg3 *g, struct ygt_table *t, const char *path);

#endif
