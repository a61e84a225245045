/* The DIP catalogue loader's state, shared by the readers of the old rows
 * (dip_catalog_load.c) and the DIP 3.0 rows (dip_catalog_v3.c). */
#ifndef YGT_DIP_LOAD_INTERNAL_H
#define YGT_DIP_LOAD_INTERNAL_H

#include "dip_internal.h"
#include "error_internal.h"
#include "table_internal.h"

/* Catalogue columns, in the order of the header table of dip_catalog_load.c. */
enum { K_KIND, K_GROUP, K_NAME, K_DX, K_PROCS, K_PTYPE, K_RW, K_STD, K_STD1, K_STD2, K_STD3, K_GRASS,
       K_FACTOR, K_LOW, K_HIGH, K_COEF, K_WEIGHT, K_PPROC, K_COND, K_NOT_PROCS, K_WITH_DX, K_PARENT, K_N };

#define K_BIT(k) (1u << (k))
#define K_SCORE (K_BIT(K_RW) | K_BIT(K_STD) | K_BIT(K_STD1) | K_BIT(K_STD2) | K_BIT(K_STD3))

typedef struct ygt__dip_loader {
  ygt_dip_catalog *cat;
  ygt_table *t;
  const int *idx;
  ygt_codeset **dxsets; /* per group, freed after indexing */
  size_t dcap;
  int scores_apart;     /* scores come from a score table: the catalogue's score columns stay empty */
} ygt__dip_loader;

static inline const char *ygt__dl_field(const ygt__dip_loader *ld, int k) { return ygt__table_field(ld->t, ld->idx[k]); }

/* An error at column k of the current row; a column the header lacks is
 * still named (missing columns read as empty fields). */
int ygt__dl_err(const ygt__dip_loader *ld, int k, int code, const char *what);

/* Fails on the first non-empty field outside cols (K_BIT mask; kind is always allowed). */
int ygt__dl_only(const ygt__dip_loader *ld, unsigned cols, const char *kind);

/* A required code-set field over dict. */
int ygt__dl_parse_set(const ygt__dip_loader *ld, int k, const ygt_codes *dict, ygt_codeset **out);

/* An optional one: *out stays NULL when the field is empty. */
int ygt__dl_parse_set_opt(const ygt__dip_loader *ld, int k, const ygt_codes *dict, ygt_codeset **out);

/* The '+'-separated procedure combination of group g. */
int ygt__dl_parse_procs(const ygt__dip_loader *ld, ygt__dip_group *g);

/* rw, std_cost and std_cost_1..3 of group g from the current row. */
int ygt__dl_read_scores(const ygt__dip_loader *ld, ygt__dip_group *g);

/* DIP 3.0 rows (dip_catalog_v3.c). */
int ygt__dl_read_pregroup(ygt__dip_loader *ld, ygt__dip_group *g);
int ygt__dl_read_subdivision(ygt__dip_loader *ld, ygt__dip_group *g);
int ygt__dl_read_not_grouped(ygt__dip_loader *ld, int dx);

#endif
