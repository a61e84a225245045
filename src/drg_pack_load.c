#define _POSIX_C_SOURCE 200809L /* stat */
/* DRG rule packs: reading the tables of a pack directory (see
 * doc/formats/drg-pack.md).  Rows are checked and collected here; sets,
 * orders and per-code tables are built in drg_pack_build.c. */
#include "drg_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc_internal.h"
#include "error_internal.h"

typedef struct loader {
  ygt_drg_pack *p;
  const char *dir;
  char path[4096];
  drg_entry *rows;
  size_t nrows, cap;
} loader;

/* stat, not fopen: opening a FIFO would block; the table reader refuses
 * anything that is not a regular file, naming it. */
static int file_exists(loader *L, const char *name) {
  struct stat st;
  snprintf(L->path, sizeof L->path, "%s/%s", L->dir, name);
  return stat(L->path, &st) == 0;
}

/* Opens dir/name: 0 when open, 1 when an optional file is absent, or an error. */
static int open_table(loader *L, const char *name, ygt_table *t, int optional) {
  int n = snprintf(L->path, sizeof L->path, "%s/%s", L->dir, name);
  if (n < 0 || (size_t)n >= sizeof L->path) return ygt__error(YGT_EINVAL, "pack path too long: %s", L->dir);
  if (optional && !file_exists(L, name)) return 1;
  return ygt__table_open(t, L->path, '\t');
}

static int add_row(loader *L, int32_t owner, int32_t roletag, int32_t id, int line) {
  if (ygt__grow((void **)&L->rows, &L->cap, L->nrows + 1, sizeof *L->rows)) return YGT_ENOMEM;
  L->rows[L->nrows++] = (drg_entry){owner, roletag, id, line};
  return YGT_OK;
}

static int field_int(const ygt_table *t, int col, int64_t min, int64_t max, int32_t *out) {
  const char *v = ygt__table_field(t, col);
  int64_t x;
  if (ygt__parse_int64(v, &x)) return ygt__table_error(t, col, YGT_EPARSE, "not an integer: '%.40s'", v);
  if (x < min || x > max)
    return ygt__table_error(t, col, YGT_ERANGE, "%lld outside %lld..%lld", (long long)x, (long long)min,
                            (long long)max);
  *out = (int32_t)x;
  return YGT_OK;
}

static int field_str(ygt_drg_pack *p, const ygt_table *t, int col, int required, uint32_t *off) {
  const char *v = ygt__table_field(t, col);
  if (required && !v[0]) return ygt__table_error(t, col, YGT_EPARSE, "empty field");
  return ygt__drg_str(p, v, off);
}

/* The id of the code in field col, adding codes the dictionary lacks unless
 * the pack says unlisted_codes = error. */
static int field_code(loader *L, const ygt_table *t, int col, int kind, int32_t *id) {
  ygt_codes *dict = kind == YGT_CODE_DIAGNOSIS ? L->p->dx : L->p->proc;
  const char *raw = ygt__table_field(t, col);
  if (!raw[0]) return ygt__table_error(t, col, YGT_EPARSE, "empty code");
  if ((*id = ygt_codes_id(dict, raw)) >= 0) return YGT_OK;
  char canon[YGT_CODE_MAX + 1];
  if (ygt_code_normalize(canon, sizeof canon, raw) < 0)
    return ygt__table_error(t, col, YGT_EPARSE, "not a valid code: '%.80s'", raw);
  if (L->p->unlisted_error)
    return ygt__table_error(t, col, YGT_ENOTFOUND, "code %s is in no dictionary (%s)", canon,
                            kind == YGT_CODE_DIAGNOSIS ? "dx_codes.tsv" : "proc_codes.tsv");
  return ygt_codes_add(dict, canon, "", id);
}

/* Runs fn on every row of dir/name after resolving its columns. */
typedef int (*row_fn)(loader *L, const ygt_table *t, const int *col);

static int each_row(loader *L, const char *name, const char *const *cols, row_fn fn, int optional) {
  ygt_table t;
  int rc = open_table(L, name, &t, optional);
  if (rc) return rc == 1 ? YGT_OK : rc;
  int col[8];
  rc = ygt__table_columns(&t, cols, col);
  while (rc == 0 && (rc = ygt__table_next(&t)) == 1) rc = fn(L, &t, col);
  ygt__table_close(&t);
  return rc;
}

static int pack_row(loader *L, const ygt_table *t, const int *col) {
  ygt_drg_pack *p = L->p;
  const char *key = ygt__table_field(t, col[0]), *value = ygt__table_field(t, col[1]);
  if (strcmp(key, "unlisted_codes") == 0) {
    if (strcmp(value, "add") && strcmp(value, "error"))
      return ygt__table_error(t, col[1], YGT_EPARSE, "unlisted_codes must be 'add' or 'error', not '%.40s'", value);
    p->unlisted_error = strcmp(value, "error") == 0;
    return YGT_OK;
  }
  static const char *const keys[] = {"name", "none_mdc", "none_adrg", "none_drg"};
  uint32_t *slots[] = {&p->name, &p->none_mdc, &p->none_adrg, &p->none_drg};
  for (int i = 0; i < 4; i++)
    if (strcmp(key, keys[i]) == 0) return field_str(p, t, col[1], 1, slots[i]);
  if (strcmp(key, "version") == 0) return YGT_OK;
  return ygt__table_error(t, col[0], YGT_EVALIDATE, "unknown key '%.40s'", key);
}

static int mdc_row(loader *L, const ygt_table *t, const int *col) {
  ygt_drg_pack *p = L->p;
  if (ygt__grow((void **)&p->mdc, &p->mdc_cap, p->nmdc + 1, sizeof *p->mdc)) return YGT_ENOMEM;
  drg_mdc *m = &p->mdc[p->nmdc];
  memset(m, 0, sizeof *m);
  m->line = t->line;
  int32_t qy = 0;
  int rc;
  if ((rc = field_str(p, t, col[0], 1, &m->code)) || (rc = field_str(p, t, col[1], 0, &m->name)) ||
      (rc = field_int(t, col[2], 1, INT32_MAX, &m->check_order)) ||
      (rc = ygt__drg_compile(p, t, col[3], SCOPE_MDC, (int32_t)p->nmdc, -1, &m->entry)) ||
      (rc = field_int(t, col[4], 0, 1, &qy)) || (rc = field_str(p, t, col[5], 0, &m->qy_after)))
    return rc;
  m->qy_enabled = qy;
  if (p->nmdc >= 4096) return ygt__table_error(t, col[0], YGT_ELIMIT, "more than 4096 MDCs");
  p->nmdc++;
  return YGT_OK;
}

static int mdc_dx_row(loader *L, const ygt_table *t, const int *col) {
  ygt_drg_pack *p = L->p;
  int32_t mdc = ygt__drg_find(p, 0, ygt__table_field(t, col[0])), id;
  if (mdc < 0) return ygt__table_error(t, col[0], YGT_ENOTFOUND, "unknown MDC '%.40s'", ygt__table_field(t, col[0]));
  int rc = field_code(L, t, col[1], YGT_CODE_DIAGNOSIS, &id);
  if (rc || (rc = add_row(L, mdc, ROLE_MDC, id, t->line))) return rc;
  const char *site = ygt__table_field(t, col[2]);
  if (!site[0]) return YGT_OK;
  size_t s = 0;
  while (s < p->nsites && strcmp(drg_str(p, p->site_names[s]), site) != 0) s++;
  if (s == p->nsites) {
    if (s == 32) return ygt__table_error(t, col[2], YGT_ELIMIT, "more than 32 trauma sites");
    if ((rc = ygt__drg_str(p, site, &p->site_names[s]))) return rc;
    p->nsites++;
  }
  return add_row(L, OWN_SITE, (int32_t)s + 1, id, t->line);
}

static int adrg_kind(const ygt_table *t, int col, uint8_t *kind) {
  static const char *const kinds[] = {"surgical", "non_or", "medical"};
  const char *v = ygt__table_field(t, col);
  for (uint8_t i = 0; i < 3; i++)
    if (strcmp(v, kinds[i]) == 0) { *kind = i; return YGT_OK; }
  return ygt__table_error(t, col, YGT_EPARSE, "kind must be surgical, non_or or medical, not '%.40s'", v);
}

static int adrg_row(loader *L, const ygt_table *t, const int *col) {
  ygt_drg_pack *p = L->p;
  if (ygt__grow((void **)&p->adrg, &p->adrg_cap, p->nadrg + 1, sizeof *p->adrg)) return YGT_ENOMEM;
  drg_adrg *a = &p->adrg[p->nadrg];
  memset(a, 0, sizeof *a);
  a->line = t->line;
  a->mdc = ygt__drg_find(p, 0, ygt__table_field(t, col[1]));
  if (a->mdc < 0) return ygt__table_error(t, col[1], YGT_ENOTFOUND, "unknown MDC '%.40s'", ygt__table_field(t, col[1]));
  int rc;
  if ((rc = field_str(p, t, col[0], 1, &a->code)) || (rc = field_str(p, t, col[2], 0, &a->name)) ||
      (rc = adrg_kind(t, col[3], &a->kind)) || (rc = field_int(t, col[4], 1, INT32_MAX, &a->try_order)) ||
      (rc = ygt__drg_compile(p, t, col[5], SCOPE_ADRG, a->mdc, (int32_t)p->nadrg, &a->entry)))
    return rc;
  if (p->nadrg >= 1 << 20) return ygt__table_error(t, col[0], YGT_ELIMIT, "more than 2^20 ADRGs");
  p->nadrg++;
  return YGT_OK;
}

static int role_of(const ygt_table *t, int col, int *role) {
  static const char *const roles[] = {"pdx", "sdx", "pproc", "sproc", "dept"};
  static const int values[] = {ROLE_PDX, ROLE_SDX, ROLE_PPROC, ROLE_SPROC, ROLE_DEPT};
  const char *v = ygt__table_field(t, col);
  for (int i = 0; i < 5; i++)
    if (strcmp(v, roles[i]) == 0) { *role = values[i]; return YGT_OK; }
  return ygt__table_error(t, col, YGT_EPARSE, "role must be pdx, sdx, pproc, sproc or dept, not '%.40s'", v);
}

static int adrg_code_row(loader *L, const ygt_table *t, const int *col) {
  ygt_drg_pack *p = L->p;
  const char *code = ygt__table_field(t, col[0]);
  int32_t adrg = ygt__drg_find(p, 1, code), id, tag = 0;
  if (adrg < 0) return ygt__table_error(t, col[0], YGT_ENOTFOUND, "unknown ADRG '%.40s'", code);
  int role = 0, rc = role_of(t, col[1], &role);
  if (rc) return rc;
  if (col[3] >= 0 && ygt__table_field(t, col[3])[0] && (rc = field_int(t, col[3], 1, 99, &tag))) return rc;
  if (role == ROLE_DEPT) {
    uint32_t off; /* departments get ids when the sets are built */
    if ((rc = field_str(p, t, col[2], 1, &off))) return rc;
    id = (int32_t)off;
  } else {
    int kind = role <= ROLE_SDX ? YGT_CODE_DIAGNOSIS : YGT_CODE_PROCEDURE;
    if ((rc = field_code(L, t, col[2], kind, &id))) return rc;
  }
  if ((rc = add_row(L, adrg, role, id, t->line))) return rc;
  return tag ? add_row(L, adrg, role | tag << 8, id, t->line) : YGT_OK;
}

static int drg_row(loader *L, const ygt_table *t, const int *col) {
  ygt_drg_pack *p = L->p;
  if (ygt__grow((void **)&p->drg, &p->drg_cap, p->ndrg + 1, sizeof *p->drg)) return YGT_ENOMEM;
  drg_drg *d = &p->drg[p->ndrg];
  memset(d, 0, sizeof *d);
  d->line = t->line;
  d->adrg = ygt__drg_find(p, 1, ygt__table_field(t, col[1]));
  if (d->adrg < 0) return ygt__table_error(t, col[1], YGT_ENOTFOUND, "unknown ADRG '%.40s'", ygt__table_field(t, col[1]));
  int rc;
  if ((rc = field_str(p, t, col[0], 1, &d->code)) || (rc = field_str(p, t, col[2], 0, &d->name)) ||
      (rc = field_int(t, col[3], 1, INT32_MAX, &d->try_order)) ||
      (rc = ygt__drg_compile(p, t, col[4], SCOPE_DRG, p->adrg[d->adrg].mdc, d->adrg, &d->rule)))
    return rc;
  if (p->ndrg >= 1 << 20) return ygt__table_error(t, col[0], YGT_ELIMIT, "more than 2^20 DRGs");
  p->ndrg++;
  return YGT_OK;
}

static int sev_row_as(loader *L, const ygt_table *t, const int *col, int32_t owner) {
  int32_t id = -1, table = -1;
  int rc = field_code(L, t, col[0], YGT_CODE_DIAGNOSIS, &id);
  if (rc || (rc = field_int(t, col[1], 0, INT32_MAX, &table))) return rc;
  return add_row(L, owner, table, id, t->line);
}

static int cc_row(loader *L, const ygt_table *t, const int *col) { return sev_row_as(L, t, col, OWN_CC); }
static int mcc_row(loader *L, const ygt_table *t, const int *col) { return sev_row_as(L, t, col, OWN_MCC); }
static int cce_row(loader *L, const ygt_table *t, const int *col) { return sev_row_as(L, t, col, OWN_CCE); }

static int ss_row(loader *L, const ygt_table *t, const int *col) {
  int32_t id;
  int rc = field_code(L, t, col[0], YGT_CODE_PROCEDURE, &id);
  return rc ? rc : add_row(L, 0, ROLE_SS_VALID, id, t->line);
}

/* A map's old codes are always added (they are what the map is for); a
 * from_code that cannot be a code at all (e.g. with '/') can never be
 * looked up, so its row is skipped. */
static int map_row(loader *L, const ygt_table *t, const int *col, int kind) {
  ygt_codes *dict = kind == YGT_CODE_DIAGNOSIS ? L->p->dx : L->p->proc;
  const char *raw = ygt__table_field(t, col[0]);
  char canon[YGT_CODE_MAX + 1];
  if (ygt_code_normalize(canon, sizeof canon, raw) < 0) return YGT_OK;
  int32_t from = ygt_codes_id(dict, canon), to;
  int rc = from >= 0 ? YGT_OK : ygt_codes_add(dict, canon, "", &from);
  if (rc || (rc = field_code(L, t, col[1], kind, &to))) return rc;
  return add_row(L, kind == YGT_CODE_DIAGNOSIS ? OWN_DXMAP : OWN_PROCMAP, to, from, t->line);
}

static int dx_map_row(loader *L, const ygt_table *t, const int *col) { return map_row(L, t, col, YGT_CODE_DIAGNOSIS); }
static int proc_map_row(loader *L, const ygt_table *t, const int *col) { return map_row(L, t, col, YGT_CODE_PROCEDURE); }

static int load_codes(loader *L) {
  int n = snprintf(L->path, sizeof L->path, "%s/dx_codes.tsv", L->dir);
  if (n < 0 || (size_t)n >= sizeof L->path) return ygt__error(YGT_EINVAL, "pack path too long");
  int rc = ygt_codes_load(&L->p->dx, YGT_CODE_DIAGNOSIS, L->path);
  if (rc) return rc;
  snprintf(L->path, sizeof L->path, "%s/proc_codes.tsv", L->dir);
  return ygt_codes_load(&L->p->proc, YGT_CODE_PROCEDURE, L->path);
}

static int load_tables(loader *L) {
  static const char *const c_pack[] = {"key", "value", NULL};
  static const char *const c_mdc[] = {"mdc", "name", "check_order", "entry_condition", "qy_enabled", "qy_after", NULL};
  static const char *const c_mdc_dx[] = {"mdc", "dx_code", "?trauma_site", NULL};
  static const char *const c_adrg[] = {"adrg", "mdc", "name", "kind", "try_order", "entry_condition", NULL};
  static const char *const c_codes[] = {"adrg", "role", "code", "?tag", NULL};
  static const char *const c_drg[] = {"drg", "adrg", "name", "try_order", "rule", NULL};
  static const char *const c_sev[] = {"code", "exclusion_table", NULL};
  static const char *const c_cce[] = {"pdx_code", "exclusion_table", NULL};
  static const char *const c_ss[] = {"proc_code", "?name", NULL};
  static const char *const c_map[] = {"from_code", "to_code", NULL};
  int rc;
  if ((rc = each_row(L, "pack.tsv", c_pack, pack_row, 1)) || (rc = load_codes(L)) ||
      (rc = each_row(L, "mdc.tsv", c_mdc, mdc_row, 0)) || (rc = ygt__drg_index(L->p, 0, L->path)) ||
      (rc = each_row(L, "mdc_dx.tsv", c_mdc_dx, mdc_dx_row, 0)) ||
      (rc = each_row(L, "adrg.tsv", c_adrg, adrg_row, 0)) || (rc = ygt__drg_index(L->p, 1, L->path)) ||
      (rc = each_row(L, "adrg_codes.tsv", c_codes, adrg_code_row, 0)) ||
      (rc = each_row(L, "drg.tsv", c_drg, drg_row, 0)) || (rc = ygt__drg_index(L->p, 2, L->path)) ||
      (rc = each_row(L, "cc.tsv", c_sev, cc_row, 0)) || (rc = each_row(L, "mcc.tsv", c_sev, mcc_row, 0)) ||
      (rc = each_row(L, "cce.tsv", c_cce, cce_row, 0)) || (rc = each_row(L, "ss_valid.tsv", c_ss, ss_row, 0)))
    return rc;
  L->p->want_map[0] = file_exists(L, "dx_map.tsv");
  L->p->want_map[1] = file_exists(L, "proc_map.tsv");
  L->p->dx_known = (int32_t)ygt_codes_count(L->p->dx);
  L->p->proc_known = (int32_t)ygt_codes_count(L->p->proc);
  if ((rc = each_row(L, "dx_map.tsv", c_map, dx_map_row, 1)) ||
      (rc = each_row(L, "proc_map.tsv", c_map, proc_map_row, 1)))
    return rc;
  return ygt__drg_build(L->p, L->rows, L->nrows, L->dir);
}

/* The last part of the directory's path, the pack's default name. */
static int default_names(ygt_drg_pack *p, const char *dir) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  size_t start = n;
  while (start > 0 && dir[start - 1] != '/') start--;
  char name[256];
  snprintf(name, sizeof name, "%.*s", (int)(n - start), dir + start);
  int rc;
  if ((rc = ygt__drg_str(p, name, &p->name)) || (rc = ygt__drg_str(p, "0000", &p->none_mdc)) ||
      (rc = ygt__drg_str(p, "00", &p->none_adrg)))
    return rc;
  p->none_drg = p->none_mdc;
  return YGT_OK;
}

int ygt_drg_pack_load(ygt_drg_pack **out, const char *dir) {
  if (out) *out = NULL;
  if (!out || !dir) return ygt__error(YGT_EINVAL, "ygt_drg_pack_load: NULL argument");
  loader L = {0};
  L.dir = dir;
  if (!(L.p = ygt__calloc(1, sizeof *L.p))) return YGT_ENOMEM;
  int rc = default_names(L.p, dir);
  if (!rc) rc = load_tables(&L);
  ygt__free(L.rows);
  if (rc) {
    ygt_drg_pack_free(L.p);
    return rc;
  }
  *out = L.p;
  return YGT_OK;
}
