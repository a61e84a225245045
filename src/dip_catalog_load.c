/* DIP catalogues: reading the rows of doc/formats/dip-catalogue.md. */
#include "dip_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "dip_load_internal.h"

static const char *const header[K_N + 1] = {
  "kind", "?group", "?name", "?dx", "?procs", "?proc_type", "?rw", "?std_cost", "?std_cost_1", "?std_cost_2",
  "?std_cost_3", "?grassroots", "?factor", "?low", "?high", "?coef", "?weight", "?pproc", "?cond", "?not_procs",
  "?with_dx", "?parent", NULL};

static const char *const ptype_names[] = {"conservative", "diagnostic", "therapeutic", "surgical"};
static const char *const factor_names[DIP_AUX_N] = {"age", "cci", "severity", "icu_hours", "los_days"};

const char *ygt_dip_proc_type_name(int type) { return (type >= 0 && type < 4) ? ptype_names[type] : NULL; }

typedef ygt__dip_loader loader;

#define field ygt__dl_field

int ygt__dl_err(const loader *ld, int k, int code, const char *what) {
  if (ld->idx[k] >= 0) return ygt__table_error(ld->t, ld->idx[k], code, "%s", what);
  const char *name = header[k] + (header[k][0] == '?');
  return ygt__error_at(code, ld->t->source, ld->t->line, 0, name, "%s (the header has no %s column)", what, name);
}
#define err ygt__dl_err
#define only ygt__dl_only

/* Columns each kind may fill; any other non-empty field is an error, so that
 * a shifted column is caught. */
static const struct {
  const char *kind;
  unsigned cols;
} kinds[] = {
  {"", 0},
  [YGT_DIP_CORE] = {"core", K_BIT(K_DX) | K_BIT(K_PROCS) | K_BIT(K_PPROC) | K_SCORE},
  [YGT_DIP_COMPREHENSIVE] = {"comprehensive", K_BIT(K_DX) | K_BIT(K_PTYPE) | K_SCORE},
  [YGT_DIP_PREGROUP] = {"pregroup", K_BIT(K_DX) | K_BIT(K_PROCS) | K_BIT(K_COND) | K_BIT(K_NOT_PROCS) | K_SCORE},
  [YGT_DIP_SUBDIVISION] = {"subdivision", K_BIT(K_PARENT) | K_BIT(K_WITH_DX) | K_BIT(K_PROCS) | K_BIT(K_COND) |
                           K_SCORE},
};
#define K_GROUP_COLS (K_BIT(K_KIND) | K_BIT(K_GROUP) | K_BIT(K_NAME) | K_BIT(K_GRASS))

int ygt__dl_only(const loader *ld, unsigned cols, const char *kind) {
  cols |= K_BIT(K_KIND);
  for (int k = 0; k < K_N; k++) {
    if (!field(ld, k)[0] || (cols & K_BIT(k))) continue;
    if (ld->scores_apart && (K_SCORE & K_BIT(k)))
      return ygt__table_error(ld->t, ld->idx[k], YGT_EPARSE, "scores come from the score table, not the catalogue");
    return ygt__table_error(ld->t, ld->idx[k], YGT_EPARSE, "not used by %s rows", kind);
  }
  return YGT_OK;
}

int ygt__dl_parse_set(const loader *ld, int k, const ygt_codes *dict, ygt_codeset **out) {
  const char *spec = field(ld, k);
  if (!spec[0]) return err(ld, k, YGT_EPARSE, "missing (required)");
  int rc = ygt_codeset_parse(out, dict, spec);
  if (rc) return ygt__table_error(ld->t, ld->idx[k], rc, "%s", ygt_error_last()->message);
  return YGT_OK;
}

int ygt__dl_parse_set_opt(const loader *ld, int k, const ygt_codes *dict, ygt_codeset **out) {
  return field(ld, k)[0] ? ygt__dl_parse_set(ld, k, dict, out) : YGT_OK;
}

#define parse_set ygt__dl_parse_set

static int parse_ptype(const loader *ld, int *out) {
  const char *v = field(ld, K_PTYPE);
  for (int i = 0; i < 4; i++)
    if (strcmp(v, ptype_names[i]) == 0) { *out = i; return YGT_OK; }
  return ygt__table_error(ld->t, ld->idx[K_PTYPE], YGT_EPARSE,
                          "'%.40s' is not conservative, diagnostic, therapeutic or surgical", v);
}

static int parse_pos_double(const loader *ld, int k, double max, double *out) {
  const char *v = field(ld, k);
  if (!v[0]) return err(ld, k, YGT_EPARSE, "missing (required)");
  if (ygt__parse_double(v, out)) return ygt__table_error(ld->t, ld->idx[k], YGT_EPARSE, "not a number: '%.40s'", v);
  if (!(*out > 0 && *out <= max))
    return ygt__table_error(ld->t, ld->idx[k], YGT_ERANGE, "'%.40s' is outside (0, %g]", v, max);
  return YGT_OK;
}

static int parse_cost(const loader *ld, int k, int need, int64_t *out) {
  const char *v = field(ld, k);
  *out = 0;
  if (!v[0]) return need ? err(ld, k, YGT_EPARSE, "missing (required)") : YGT_OK;
  if (ygt__parse_fen(v, out)) return ygt__table_error(ld->t, ld->idx[k], YGT_EPARSE, "not an amount in yuan: '%.40s'", v);
  if (*out <= 0) return ygt__table_error(ld->t, ld->idx[k], YGT_ERANGE, "must be > 0: '%.40s'", v);
  return YGT_OK;
}

static int parse_int(const loader *ld, int k, int64_t lo, int64_t hi, int need, int64_t *out) {
  const char *v = field(ld, k);
  if (!v[0]) return need ? err(ld, k, YGT_EPARSE, "missing (required)") : 1;
  if (ygt__parse_int64(v, out)) return ygt__table_error(ld->t, ld->idx[k], YGT_EPARSE, "not an integer: '%.40s'", v);
  if (*out < lo || *out > hi)
    return ygt__table_error(ld->t, ld->idx[k], YGT_ERANGE, "%lld is outside %lld..%lld", (long long)*out,
                            (long long)lo, (long long)hi);
  return YGT_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The '+'-separated procedure combination: one code set per element, and a
 * key (the elements sorted) that identifies the combination. */
int ygt__dl_parse_procs(const loader *ld, ygt__dip_group *g) {
  ygt_dip_catalog *cat = ld->cat;
  char *text = ygt__strdup(field(ld, K_PROCS)), *parts[16];
  if (!text) return YGT_ENOMEM;
  int n = 0, rc = YGT_OK;
  for (char *p = strtok(text, "+"); p && rc == YGT_OK; p = strtok(NULL, "+")) {
    while (*p == ' ') p++;
    if (!*p) continue;
    if (n == 16) { rc = err(ld, K_PROCS, YGT_ELIMIT, "at most 16 procedures in a combination"); break; }
    parts[n++] = p;
  }
  g->pset_first = (int32_t)cat->npsets;
  for (int i = 0; i < n && !rc; i++) {
    ygt_codeset *s;
    if ((rc = ygt_codeset_parse(&s, cat->proc, parts[i])))
      rc = ygt__table_error(ld->t, ld->idx[K_PROCS], rc, "%s", ygt_error_last()->message);
    else if ((rc = ygt__grow((void **)&cat->psets, &cat->pcap, cat->npsets + 1, sizeof *cat->psets)))
      ygt_codeset_free(s);
    else
      cat->psets[cat->npsets++] = s;
  }
  g->pset_n = (int32_t)cat->npsets - g->pset_first;
  qsort(parts, (size_t)n, sizeof *parts, cmp_str);
  size_t len = 1;
  for (int i = 0; i < n; i++) len += strlen(parts[i]) + 1;
  if (!rc && !(g->procs_key = ygt__malloc(len))) rc = YGT_ENOMEM;
  if (!rc) {
    g->procs_key[0] = '\0';
    for (int i = 0; i < n; i++) strcat(strcat(g->procs_key, i ? "+" : ""), parts[i]);
  }
  ygt__free(text);
  return rc;
}

static int check_duplicate(const loader *ld, const char *code) {
  for (size_t i = 0; i < ld->cat->ngroups; i++)
    if (strcmp(ld->cat->groups[i].code, code) == 0)
      return ygt__table_error(ld->t, ld->idx[K_GROUP], YGT_EEXISTS, "group '%.40s' already defined on line %d", code,
                              ld->cat->groups[i].line);
  return YGT_OK;
}

/* A core's procedures: the combination, and the principal-procedure list
 * (pproc) of a DIP 3.0 merge-rule core, which joins the combination's key. */
static int parse_core_procs(loader *ld, ygt__dip_group *g) {
  int rc = field(ld, K_PPROC)[0] ? parse_set(ld, K_PPROC, ld->cat->proc, &g->pproc) : YGT_OK;
  if (!rc) rc = ygt__dl_parse_procs(ld, g);
  if (rc || !g->pproc) return rc;
  const char *spec = field(ld, K_PPROC);
  char *key = ygt__malloc(strlen(spec) + strlen(g->procs_key) + 16);
  if (!key) return YGT_ENOMEM;
  sprintf(key, "principal %s | %s", spec, g->procs_key);
  ygt__free(g->procs_key);
  g->procs_key = key;
  return YGT_OK;
}

int ygt__dl_read_scores(const loader *ld, ygt__dip_group *g) {
  int rc;
  if ((rc = parse_pos_double(ld, K_RW, YGT__RW_MAX, &g->rw)) || (rc = parse_cost(ld, K_STD, 1, &g->std_cost[0])) ||
      (rc = parse_cost(ld, K_STD1, 0, &g->std_cost[1])) || (rc = parse_cost(ld, K_STD2, 0, &g->std_cost[2])) ||
      (rc = parse_cost(ld, K_STD3, 0, &g->std_cost[3])))
    return rc;
  g->scored = 1;
  return YGT_OK;
}

/* A new group, counted at once so that a failure frees what was set. */
static int add_group(loader *ld, int kind, ygt__dip_group **out) {
  ygt_dip_catalog *cat = ld->cat;
  const char *code = field(ld, K_GROUP);
  int rc;
  if (!code[0]) return err(ld, K_GROUP, YGT_EPARSE, "missing (required)");
  if ((rc = check_duplicate(ld, code))) return rc;
  if ((rc = ygt__grow((void **)&cat->groups, &cat->gcap, cat->ngroups + 1, sizeof *cat->groups)) ||
      (rc = ygt__grow((void **)&ld->dxsets, &ld->dcap, cat->ngroups + 1, sizeof *ld->dxsets)))
    return rc;
  ygt__dip_group *g = *out = &cat->groups[cat->ngroups];
  memset(g, 0, sizeof *g);
  g->parent = g->first_sub = g->next_sub = -1;
  ld->dxsets[cat->ngroups++] = NULL;
  g->kind = kind;
  g->line = ld->t->line;
  if (!(g->code = ygt__strdup(code)) || !(g->name = ygt__strdup(field(ld, K_NAME))) ||
      !(g->dx_spec = ygt__strdup(field(ld, K_DX))))
    return YGT_ENOMEM;
  return YGT_OK;
}

static int read_kind(loader *ld, int kind, ygt__dip_group *g) {
  ygt_codeset **dxset = &ld->dxsets[ld->cat->ngroups - 1];
  switch (kind) {
  case YGT_DIP_PREGROUP: return ygt__dl_read_pregroup(ld, g);
  case YGT_DIP_SUBDIVISION: return ygt__dl_read_subdivision(ld, g);
  default: break;
  }
  int rc = parse_set(ld, K_DX, ld->cat->dx, dxset);
  if (rc) return rc;
  return kind == YGT_DIP_CORE ? parse_core_procs(ld, g) : parse_ptype(ld, &g->proc_type);
}

static int read_group(loader *ld, int kind) {
  ygt__dip_group *g = NULL;
  unsigned cols = (kinds[kind].cols | K_GROUP_COLS) & (ld->scores_apart ? ~K_SCORE : ~0u);
  int rc = only(ld, cols, kinds[kind].kind);
  if (rc || (rc = add_group(ld, kind, &g)) || (rc = read_kind(ld, kind, g)) || (!ld->scores_apart && (rc = ygt__dl_read_scores(ld, g))))
    return rc;
  int64_t grass = 0;
  rc = parse_int(ld, K_GRASS, 0, 1, 0, &grass);
  if (rc < 0) return rc;
  g->grassroots = (int)grass;
  return YGT_OK;
}

static int read_proc_type(loader *ld) {
  ygt_dip_catalog *cat = ld->cat;
  ygt_codeset *s = NULL;
  int type = 0, rc = only(ld, K_BIT(K_PROCS) | K_BIT(K_PTYPE), "proc_type");
  if (rc || (rc = parse_ptype(ld, &type)) || (rc = parse_set(ld, K_PROCS, cat->proc, &s))) return rc;
  size_t n = ygt_codeset_count(s), np = ygt_codes_count(cat->proc);
  int32_t *ids = ygt__malloc((n ? n : 1) * sizeof *ids);
  if (!cat->ptype && !(cat->ptype = ygt__calloc(np ? np : 1, 1))) rc = YGT_ENOMEM;
  if (!ids) rc = YGT_ENOMEM;
  if (!rc) ygt_codeset_ids(s, ids, n);
  for (size_t i = 0; !rc && i < n; i++) {
    if (cat->ptype[ids[i]] && cat->ptype[ids[i]] != type + 1)
      rc = ygt__table_error(ld->t, ld->idx[K_PROCS], YGT_EVALIDATE, "procedure %s already has type %s",
                            ygt_codes_code(cat->proc, ids[i]), ptype_names[cat->ptype[ids[i]] - 1]);
    else
      cat->ptype[ids[i]] = (uint8_t)(type + 1);
  }
  cat->has_ptype = 1;
  ygt__free(ids);
  ygt_codeset_free(s);
  return rc;
}

static int read_aux(loader *ld) {
  ygt_dip_catalog *cat = ld->cat;
  int rc = only(ld, K_BIT(K_FACTOR) | K_BIT(K_LOW) | K_BIT(K_HIGH) | K_BIT(K_COEF), "aux");
  if (rc) return rc;
  ygt__dip_band b = {-1, ld->t->line, 0, INT64_MAX, 1};
  for (int f = 0; f < DIP_AUX_N; f++)
    if (strcmp(field(ld, K_FACTOR), factor_names[f]) == 0) b.factor = f;
  if (b.factor < 0)
    return ygt__table_error(ld->t, ld->idx[K_FACTOR], YGT_EPARSE,
                            "'%.40s' is not age, cci, severity, icu_hours or los_days", field(ld, K_FACTOR));
  if ((rc = parse_int(ld, K_LOW, 0, INT32_MAX, 1, &b.low)) < 0) return rc;
  if ((rc = parse_int(ld, K_HIGH, b.low, INT32_MAX, 0, &b.high)) < 0) return rc;
  if ((rc = parse_pos_double(ld, K_COEF, 100, &b.coef))) return rc;
  for (size_t i = 0; i < cat->nbands; i++) {
    const ygt__dip_band *o = &cat->bands[i];
    if (o->factor == b.factor && o->low <= b.high && b.low <= o->high)
      return ygt__table_error(ld->t, ld->idx[K_LOW], YGT_EVALIDATE, "band of %s overlaps the band on line %d",
                              factor_names[b.factor], o->line);
  }
  if ((rc = ygt__grow((void **)&cat->bands, &cat->bcap, cat->nbands + 1, sizeof *cat->bands))) return rc;
  cat->bands[cat->nbands++] = b;
  return YGT_OK;
}

/* cci and severity rows: a diagnosis set and its weight (CCI) or level. */
static int read_dx_weight(loader *ld, int cci) {
  ygt_dip_catalog *cat = ld->cat;
  int64_t w;
  int rc = only(ld, K_BIT(K_DX) | K_BIT(K_WEIGHT), cci ? "cci" : "severity");
  if (rc || (rc = parse_int(ld, K_WEIGHT, 1, cci ? 100 : 255, 1, &w))) return rc;
  if (cci && cat->ncci == YGT__DIP_MAX_CCI) return err(ld, K_DX, YGT_ELIMIT, "at most 64 cci rows");
  size_t nd = ygt_codes_count(cat->dx);
  if (cci && !cat->cci_mask && !(cat->cci_mask = ygt__calloc(nd ? nd : 1, sizeof *cat->cci_mask))) return YGT_ENOMEM;
  if (!cci && !cat->severity && !(cat->severity = ygt__calloc(nd ? nd : 1, 1))) return YGT_ENOMEM;
  ygt_codeset *s;
  if ((rc = parse_set(ld, K_DX, cat->dx, &s))) return rc;
  for (size_t id = 0; id < nd; id++) {
    if (!ygt_codeset_has(s, (int32_t)id)) continue;
    if (cci) cat->cci_mask[id] |= (uint64_t)1 << cat->ncci;
    else if (cat->severity[id] < w) cat->severity[id] = (uint8_t)w;
  }
  if (cci) cat->cci_weight[cat->ncci++] = (int32_t)w;
  ygt_codeset_free(s);
  return YGT_OK;
}

static int read_row(loader *ld) {
  const char *kind = field(ld, K_KIND);
  if (strcmp(kind, "core") == 0) return read_group(ld, YGT_DIP_CORE);
  if (strcmp(kind, "comprehensive") == 0) return read_group(ld, YGT_DIP_COMPREHENSIVE);
  if (strcmp(kind, "pregroup") == 0) return read_group(ld, YGT_DIP_PREGROUP);
  if (strcmp(kind, "subdivision") == 0) return read_group(ld, YGT_DIP_SUBDIVISION);
  if (strcmp(kind, "not_grouped_dx") == 0) return ygt__dl_read_not_grouped(ld, 1);
  if (strcmp(kind, "not_grouped_proc") == 0) return ygt__dl_read_not_grouped(ld, 0);
  if (strcmp(kind, "proc_type") == 0) return read_proc_type(ld);
  if (strcmp(kind, "aux") == 0) return read_aux(ld);
  if (strcmp(kind, "cci") == 0) return read_dx_weight(ld, 1);
  if (strcmp(kind, "severity") == 0) return read_dx_weight(ld, 0);
  return ygt__table_error(ld->t, ld->idx[K_KIND], YGT_EPARSE,
                          "unknown kind '%.40s' (pregroup, core, comprehensive, subdivision, not_grouped_dx, "
                          "not_grouped_proc, proc_type, aux, cci, severity)", kind);
}

static int read_all(loader *ld) {
  int idx[K_N], rc = ygt__table_columns(ld->t, header, idx);
  if (rc) return rc;
  ld->idx = idx;
  while ((rc = ygt__table_next(ld->t)) == 1)
    if ((rc = read_row(ld))) return rc;
  if (rc) return rc;
  if (ld->cat->ngroups == 0)
    return ygt__error_at(YGT_EVALIDATE, ld->t->source, 0, 0, "group", "the catalogue defines no group");
  return YGT_OK;
}

static int load(ygt_dip_catalog **out, const ygt_codes *dx, const ygt_codes *proc, const char *path,
                const char *scores) {
  if (out) *out = NULL;
  if (!out || !dx || !proc || !path) return ygt__error(YGT_EINVAL, "ygt_dip_catalog_load: NULL argument");
  if (ygt_codes_kind(dx) != YGT_CODE_DIAGNOSIS || ygt_codes_kind(proc) != YGT_CODE_PROCEDURE)
    return ygt__error(YGT_EINVAL, "ygt_dip_catalog_load: needs a diagnosis and a procedure dictionary");
  ygt_dip_catalog *cat = ygt__calloc(1, sizeof *cat);
  if (!cat) return YGT_ENOMEM;
  cat->dx = dx;
  cat->proc = proc;
  snprintf(cat->source, sizeof cat->source, "%s", path);
  ygt_table t;
  loader ld = {cat, &t, NULL, NULL, 0, scores != NULL};
  int rc = ygt__table_open(&t, path, 0);
  if (!rc) {
    rc = read_all(&ld);
    if (!rc) rc = ygt__dip_catalog_index_sets(cat, ld.dxsets, path);
    ygt__table_close(&t);
  }
  for (size_t i = 0; ld.dxsets && i < cat->ngroups; i++) ygt_codeset_free(ld.dxsets[i]);
  ygt__free(ld.dxsets);
  if (!rc && scores) rc = ygt__dip_scores_read(cat, scores);
  if (rc) {
    ygt_dip_catalog_free(cat);
    return rc;
  }
  *out = cat;
  return YGT_OK;
}

int ygt_dip_catalog_load(ygt_dip_catalog **out, const ygt_codes *dx, const ygt_codes *proc, const char *path) {
  return load(out, dx, proc, path, NULL);
}

int ygt_dip_catalog_load_scored(ygt_dip_catalog **out, const ygt_codes *dx, const ygt_codes *proc,
                                const char *path, const char *scores) {
  if (!scores) {
    if (out) *out = NULL;
    return ygt__error(YGT_EINVAL, "ygt_dip_catalog_load_scored: NULL argument");
  }
  return load(out, dx, proc, path, scores);
}
