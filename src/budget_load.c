/* ygt_budget_load / _parse: a budget file (doc/formats/budget.md) into a
 * validated budget; errors name the file and the JSON path. */
#include <jansson.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "alloc_internal.h"
#include "budget_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "score_internal.h"
#include "table_internal.h"

#define FORMAT "yigongti.budget"
#define PCAP 256

static atomic_uint_fast64_t last_id;

uint64_t ygt__budget_new_id(void) {
  return (uint64_t)atomic_fetch_add(&last_id, 1) + 1;
}

typedef struct loader {
  const char *file;
  const ygt_model *m;
  ygt_budget *b;
} loader;

void ygt_budget_free(ygt_budget *b) {
  if (!b) return;
  ygt__free(b->document);
  ygt__free(b->locality);
  ygt__free(b->note);
  ygt__free(b->derived);
  ygt__free(b->amount);
  ygt__free(b->has);
  ygt__free(b->surplus);
  ygt__free(b->over);
  ygt__free(b);
}

/* ---- small readers --------------------------------------------------------- */

/* A number at key within [lo, hi]; absent keeps *out unless need. */
static int number_in(const loader *ld, json_t *obj, const char *path, const char *key, int need, double lo,
                     double hi, double *out) {
  double x = *out;
  int rc = ygt__sj_number(ld->file, obj, path, key, need, &x);
  if (rc || !json_object_get(obj, key)) return rc;
  if (!isfinite(x) || x < lo || x > hi) {
    char p[PCAP];
    ygt__sj_path(p, "%s%s%s", path, path[0] ? "." : "", key);
    return ygt__sj_fail(ld->file, p, YGT_ERANGE, "%g is outside [%g, %g]", x, lo, hi);
  }
  *out = x;
  return 0;
}

/* Money: a string of yuan with at most two decimals, or an integer of yuan. */
static int money(const loader *ld, json_t *v, const char *p, int64_t *out) {
  if (json_is_integer(v)) {
    json_int_t y = json_integer_value(v);
    if (y < -INT64_MAX / 100 || y > INT64_MAX / 100) return ygt__sj_fail(ld->file, p, YGT_ERANGE, "amount out of range");
    *out = (int64_t)y * 100;
    return 0;
  }
  if (!json_is_string(v) || ygt__parse_fen(json_string_value(v), out))
    return ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be an amount in yuan (a string like \"1234.50\" or an integer)");
  return 0;
}

static int choice(const loader *ld, json_t *obj, const char *path, const char *key, const char *const *names,
                  int *out) {
  const char *s = NULL;
  int rc = ygt__sj_string(ld->file, obj, path, key, 0, &s);
  if (rc || !s) return rc;
  int i = ygt__name_index(names, s);
  if (i < 0) {
    char p[PCAP];
    ygt__sj_path(p, "%s.%s", path, key);
    return ygt__sj_fail(ld->file, p, YGT_EPARSE, "unknown value '%s'", s);
  }
  *out = i;
  return 0;
}

/* ---- provenance and header --------------------------------------------------- */

static int load_header(const loader *ld, json_t *root) {
  const char *fmt = NULL;
  double version = 0, year = 0;
  int rc = ygt__sj_string(ld->file, root, "", "format", 1, &fmt);
  if (!rc && strcmp(fmt, FORMAT) != 0) return ygt__sj_fail(ld->file, "format", YGT_EUNSUPPORTED, "not '" FORMAT "'");
  if (!rc) rc = ygt__sj_number(ld->file, root, "", "version", 1, &version);
  if (!rc && version != 1) return ygt__sj_fail(ld->file, "version", YGT_EUNSUPPORTED, "version %g is not supported", version);
  if (!rc) rc = number_in(ld, root, "", "year", 1, 1900, 9999, &year);
  if (rc) return rc;
  ld->b->year = (int32_t)year;
  return ygt__sj_provenance(ld->file, root, &ld->b->document, &ld->b->locality, &ld->b->note, NULL);
}

/* ---- budgets ------------------------------------------------------------------- */

static int history_base(const loader *ld, json_t *row, const char *path, long double *base) {
  char p[PCAP];
  json_t *h = json_object_get(row, "history"), *w = json_object_get(row, "weights");
  ygt__sj_path(p, "%s.history", path);
  if (!json_is_array(h) || !json_array_size(h)) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be a non-empty array of amounts");
  size_t n = json_array_size(h);
  static const double dflt[3] = {1, 2, 7};
  if (!w && n != 3) return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "%zu years need explicit weights (default 1:2:7 is for 3)", n);
  if (w && (!json_is_array(w) || json_array_size(w) != n)) {
    ygt__sj_path(p, "%s.weights", path);
    return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "must be an array of %zu numbers, one per year of history", n);
  }
  long double sum = 0, wsum = 0;
  for (size_t k = 0; k < n; k++) {
    int64_t a;
    double wk = w ? json_number_value(json_array_get(w, k)) : dflt[k];
    ygt__sj_path(p, "%s.history[%zu]", path, k);
    int rc = money(ld, json_array_get(h, k), p, &a);
    if (rc) return rc;
    if (a < 0) return ygt__sj_fail(ld->file, p, YGT_ERANGE, "amount must not be negative");
    ygt__sj_path(p, "%s.weights[%zu]", path, k);
    if (w && (!json_is_number(json_array_get(w, k)) || !(wk >= 0) || !isfinite(wk)))
      return ygt__sj_fail(ld->file, p, YGT_ERANGE, "must be a number >= 0");
    sum += (long double)a * wk;
    wsum += wk;
  }
  if (!(wsum > 0)) return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "weights sum to 0");
  *base = sum / wsum;
  return 0;
}

static int per_capita_base(const loader *ld, json_t *v, const char *path, int32_t c, int ins, long double *base) {
  char p[PCAP];
  int64_t std, insured = 0;
  size_t ng = 0;
  ygt__sj_path(p, "%s.per_capita", path);
  int rc = money(ld, v, p, &std);
  if (!rc && std < 0) rc = ygt__sj_fail(ld->file, p, YGT_ERANGE, "amount must not be negative");
  if (!rc) rc = ygt_model_community_grids(NULL, 0, &ng, ld->m, c);
  int32_t *g = rc || !ng ? NULL : ygt__calloc(ng, sizeof *g);
  if (!rc && ng && !g) return YGT_ENOMEM;
  if (!rc && ng) rc = ygt_model_community_grids(g, ng, &ng, ld->m, c);
  for (size_t k = 0; !rc && k < ng; k++)
    if (__builtin_add_overflow(insured, ygt_model_grid_insured(ld->m, g[k], ins), &insured))
      rc = ygt__sj_fail(ld->file, p, YGT_EOVERFLOW, "the insured persons of the community's grids overflow int64");
  ygt__free(g);
  *base = (long double)insured * std;
  return rc;
}

static int base_of(const loader *ld, json_t *row, const char *path, int32_t c, int ins, long double *base) {
  json_t *ly = json_object_get(row, "last_year"), *h = json_object_get(row, "history"),
         *pc = json_object_get(row, "per_capita");
  char p[PCAP];
  if ((ly != NULL) + (h != NULL) + (pc != NULL) != 1)
    return ygt__sj_fail(ld->file, path, YGT_EPARSE, "needs exactly one of last_year, history, per_capita");
  if (h) return history_base(ld, row, path, base);
  if (pc) return per_capita_base(ld, pc, path, c, ins, base);
  int64_t a;
  ygt__sj_path(p, "%s.last_year", path);
  int rc = money(ld, ly, p, &a);
  if (!rc && a < 0) rc = ygt__sj_fail(ld->file, p, YGT_ERANGE, "amount must not be negative");
  *base = (long double)a;
  return rc;
}

static int where(const loader *ld, json_t *row, const char *path, int32_t *c, int *ins) {
  const char *code = NULL, *insn = NULL;
  char p[PCAP];
  int rc = ygt__sj_string(ld->file, row, path, "community", 1, &code);
  if (!rc) rc = ygt__sj_string(ld->file, row, path, "insurance", 1, &insn);
  if (rc) return rc;
  ygt__sj_path(p, "%s.community", path);
  *c = ygt_model_community_find(ld->m, code);
  if (*c < 0) return ygt__sj_fail(ld->file, p, YGT_ENOTFOUND, "unknown community '%s'", code);
  if (ygt_community_kind_is_comprehensive(ygt_model_community_kind(ld->m, *c)) != 1)
    return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "community '%s' is not of the comprehensive class (it has no residents)", code);
  ygt__sj_path(p, "%s.insurance", path);
  if (ygt_insurance_from_name(ins, insn)) return ygt__sj_fail(ld->file, p, YGT_ENOTFOUND, "unknown insurance type '%s'", insn);
  if (ld->b->has[(size_t)*c * BG_INS + (size_t)*ins])
    return ygt__sj_fail(ld->file, path, YGT_EEXISTS, "a second budget for '%s', %s", code, insn);
  return 0;
}

/* base × (1 + growth) to the fen, rounded as the decimal product would be
 * (1 + growth formed as the decimal it is); a base beyond double's exact
 * fen (9e15) is rounded as it stands — the caller refuses it anyway. */
static long double grown(long double base, double growth) {
  const double factors[] = {(double)base, ygt__decimal_add(1, growth)};
  int64_t rounded;
  if (base < 9e15L && !ygt__round_product(factors, 2, &rounded)) return (long double)rounded;
  return roundl(base * (1.0L + growth));
}

static int load_budget(const loader *ld, json_t *row, const char *path) {
  static const char *const keys[] = {"community", "insurance", "last_year", "history", "weights", "per_capita",
                                     "growth", "adjustment", "note", NULL};
  int32_t c;
  int ins;
  double growth = 0;
  int64_t adj = 0;
  long double base = 0;
  char p[PCAP];
  if (!json_is_object(row)) return ygt__sj_fail(ld->file, path, YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(ld->file, row, path, keys);
  if (!rc) rc = where(ld, row, path, &c, &ins);
  if (!rc) rc = number_in(ld, row, path, "growth", 0, -0.99, 10, &growth);
  ygt__sj_path(p, "%s.adjustment", path);
  if (!rc && json_object_get(row, "adjustment")) rc = money(ld, json_object_get(row, "adjustment"), p, &adj);
  if (!rc) rc = base_of(ld, row, path, c, ins, &base);
  if (rc) return rc;
  long double amount = grown(base, growth) + (long double)adj;
  if (!(amount >= 0) || amount > 1.0e17L)
    return ygt__sj_fail(ld->file, path, YGT_ERANGE, "the budget %.2Lf yuan is negative or too large", amount / 100);
  size_t k = (size_t)c * BG_INS + (size_t)ins;
  ld->b->amount[k] = (int64_t)amount;
  ld->b->has[k] = 1;
  return 0;
}

static int load_budgets(const loader *ld, json_t *root) {
  json_t *list = json_object_get(root, "budgets");
  if (!json_is_array(list) || !json_array_size(list))
    return ygt__sj_fail(ld->file, "budgets", YGT_EPARSE, "missing or not a non-empty array");
  for (size_t i = 0; i < json_array_size(list); i++) {
    char p[PCAP];
    ygt__sj_path(p, "budgets[%zu]", i);
    int rc = load_budget(ld, json_array_get(list, i), p);
    if (rc) return rc;
  }
  return 0;
}

/* ---- bands, distribution, cash flow ------------------------------------------------ */

static int load_band(const loader *ld, json_t *row, const char *p, double hi, bg_band *b) {
  static const char *const keys[] = {"from", "to", "community", "fund", "note", NULL};
  double fund = NAN, comm = NAN;
  b->from = b->to = NAN;
  if (!json_is_object(row)) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(ld->file, row, p, keys);
  if (!rc) rc = number_in(ld, row, p, "from", 1, 0, hi, &b->from);
  if (!rc) rc = number_in(ld, row, p, "to", 1, 0, hi, &b->to);
  if (!rc) rc = number_in(ld, row, p, "community", 0, 0, 1, &comm);
  if (!rc) rc = number_in(ld, row, p, "fund", 0, 0, 1, &fund);
  if (rc) return rc;
  if (isnan(comm) && isnan(fund)) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "needs a community or fund share");
  if (!isnan(comm) && !isnan(fund) && fabs(comm + fund - 1) > 1e-9)
    return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "community %g + fund %g do not add up to 1", comm, fund);
  b->community = isnan(comm) ? 1 - fund : comm;
  if (!(b->to > b->from)) return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "'to' (%g) must exceed 'from' (%g)", b->to, b->from);
  return 0;
}

static int check_order(const loader *ld, const bg_band *b, size_t k, const char *p) {
  double prev = k ? b[k - 1].to : 0;
  if (b[k].from < prev) return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "overlaps or is out of order: starts at %g before %g", b[k].from, prev);
  if (b[k].from > prev) return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "leaves a gap: starts at %g, not %g", b[k].from, prev);
  return 0;
}

static int load_bands(const loader *ld, json_t *sharing, const char *key, double hi, bg_band **out, size_t *n) {
  char p[PCAP];
  json_t *list = json_object_get(sharing, key);
  ygt__sj_path(p, "sharing.%s", key);
  if (!json_is_array(list) || !json_array_size(list))
    return ygt__sj_fail(ld->file, p, YGT_EPARSE, "missing or not a non-empty array of bands");
  if (!(*out = ygt__calloc(json_array_size(list), sizeof **out))) return YGT_ENOMEM;
  for (size_t k = 0; k < json_array_size(list); k++) {
    ygt__sj_path(p, "sharing.%s[%zu]", key, k);
    int rc = load_band(ld, json_array_get(list, k), p, hi, &(*out)[k]);
    if (!rc) rc = check_order(ld, *out, k, p);
    if (rc) return rc;
    *n = k + 1;
  }
  return 0;
}

static int load_sharing(const loader *ld, json_t *root) {
  static const char *const keys[] = {"surplus", "overspend", "overspend_bearer", "note", NULL};
  static const char *const bearers[] = {"lead", "distribution", NULL};
  json_t *s = json_object_get(root, "sharing");
  if (!json_is_object(s)) return ygt__sj_fail(ld->file, "sharing", YGT_EPARSE, "missing or not an object");
  int rc = ygt__sj_known_keys(ld->file, s, "sharing", keys);
  if (!rc) rc = load_bands(ld, s, "surplus", 1, &ld->b->surplus, &ld->b->nsurplus);
  if (!rc) rc = load_bands(ld, s, "overspend", 100, &ld->b->over, &ld->b->nover);
  if (!rc) rc = choice(ld, s, "sharing", "overspend_bearer", bearers, &ld->b->bearer);
  return rc;
}

static int load_ratios(const loader *ld, json_t *d) {
  static const char *const keys[] = {"village", "township", "county", NULL};
  json_t *r = json_object_get(d, "ratios");
  if (!r) {
    if (ld->b->method == BG_DIST_FIXED) return ygt__sj_fail(ld->file, "distribution.ratios", YGT_EPARSE, "required by method 'fixed'");
    return 0;
  }
  if (!json_is_object(r)) return ygt__sj_fail(ld->file, "distribution.ratios", YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(ld->file, r, "distribution.ratios", keys);
  double sum = 0;
  for (int g = 0; !rc && g < BG_GROUPS; g++) {
    ld->b->ratios[g] = 0;
    rc = number_in(ld, r, "distribution.ratios", keys[g], 1, 0, 1, &ld->b->ratios[g]);
    sum += ld->b->ratios[g];
  }
  if (!rc && fabs(sum - 1) > 1e-9) return ygt__sj_fail(ld->file, "distribution.ratios", YGT_EVALIDATE, "ratios sum to %g, not 1", sum);
  return rc;
}

static int load_distribution(const loader *ld, json_t *root) {
  static const char *const keys[] = {"method", "workload", "ratios", "primary_floor", "note", NULL};
  static const char *const methods[] = {"fixed", "workload", NULL};
  static const char *const bases[] = {"fund", "encounters", NULL};
  json_t *d = json_object_get(root, "distribution");
  if (!json_is_object(d)) return ygt__sj_fail(ld->file, "distribution", YGT_EPARSE, "missing or not an object");
  int rc = ygt__sj_known_keys(ld->file, d, "distribution", keys);
  if (!rc && !json_object_get(d, "method")) return ygt__sj_fail(ld->file, "distribution.method", YGT_EPARSE, "missing required key");
  if (!rc) rc = choice(ld, d, "distribution", "method", methods, &ld->b->method);
  if (!rc) rc = choice(ld, d, "distribution", "workload", bases, &ld->b->workload);
  if (!rc) rc = load_ratios(ld, d);
  if (!rc) rc = number_in(ld, d, "distribution", "primary_floor", 0, 0, 1, &ld->b->floor);
  return rc;
}

static int load_cash(const loader *ld, json_t *root) {
  static const char *const keys[] = {"ratio", "months", NULL};
  double months = 12;
  int rc = number_in(ld, root, "", "reserve", 0, 0, 0.5, &ld->b->reserve);
  json_t *p = json_object_get(root, "prepay");
  if (rc || !p) return rc;
  if (!json_is_object(p)) return ygt__sj_fail(ld->file, "prepay", YGT_EPARSE, "must be an object");
  rc = ygt__sj_known_keys(ld->file, p, "prepay", keys);
  if (!rc) rc = number_in(ld, p, "prepay", "ratio", 0, 0, 1, &ld->b->prepay_ratio);
  if (!rc) rc = number_in(ld, p, "prepay", "months", 0, 1, 12, &months);
  if (!rc && months != floor(months)) return ygt__sj_fail(ld->file, "prepay.months", YGT_ERANGE, "must be a whole number");
  ld->b->months = (int)months;
  return rc;
}

/* ---- entry points ----------------------------------------------------------------- */

static int load_root(const loader *ld, json_t *root) {
  static const char *const keys[] = {"format", "version", "provenance", "year", "reserve", "prepay", "budgets",
                                     "sharing", "distribution", "next_year", "note", NULL};
  if (!json_is_object(root)) return ygt__sj_fail(ld->file, "", YGT_EPARSE, "the top level must be a JSON object");
  int rc = ygt__sj_known_keys(ld->file, root, "", keys);
  if (!rc) rc = load_header(ld, root);
  if (!rc) rc = load_cash(ld, root);
  if (!rc) rc = load_budgets(ld, root);
  if (!rc) rc = load_sharing(ld, root);
  if (!rc) rc = load_distribution(ld, root);
  if (!rc) rc = ygt__budget_next_rule(ld->file, root, &ld->b->next);
  return rc;
}

static int build(ygt_budget **out, const ygt_model *m, json_t *root, const char *file) {
  ygt_budget *b = ygt__calloc(1, sizeof *b);
  size_t nc = ygt_model_community_count(m);
  int rc = b ? 0 : YGT_ENOMEM;
  if (b) {
    b->id = ygt__budget_new_id();
    b->ncomm = nc;
    b->prepay_ratio = 1;
    b->months = 12;
    b->ratios[2] = 1;
    b->amount = ygt__calloc(nc * BG_INS + 1, sizeof *b->amount);
    b->has = ygt__calloc(nc * BG_INS + 1, 1);
    b->derived = ygt__strdup("");
    rc = b->amount && b->has && b->derived ? 0 : YGT_ENOMEM;
  }
  loader ld = {file, m, b};
  if (!rc) rc = load_root(&ld, root);
  json_decref(root);
  if (rc) {
    ygt_budget_free(b);
    return rc;
  }
  *out = b;
  return 0;
}

int ygt_budget_parse(ygt_budget **out, const ygt_model *model, const char *json, const char *source) {
  if (out) *out = NULL;
  if (!out || !model || !json) return ygt__error(YGT_EINVAL, "ygt_budget_parse: NULL argument");
  const char *file = source ? source : "<string>";
  json_t *root = NULL;
  int rc = ygt__json_parse(&root, json, file);
  return rc ? rc : build(out, model, root, file);
}

int ygt_budget_load(ygt_budget **out, const ygt_model *model, const char *path) {
  if (out) *out = NULL;
  if (!out || !model || !path) return ygt__error(YGT_EINVAL, "ygt_budget_load: NULL argument");
  json_t *root = NULL;
  int rc = ygt__json_read(&root, path);
  return rc ? rc : build(out, model, root, path);
}

int32_t ygt_budget_year(const ygt_budget *b) {
  return b ? b->year : ygt__error(YGT_EINVAL, "ygt_budget_year: NULL budget");
}

const char *ygt_budget_provenance(const ygt_budget *b, const char *key) {
  if (!b || !key) return NULL;
  if (!strcmp(key, "document")) return b->document;
  if (!strcmp(key, "locality")) return b->locality;
  if (!strcmp(key, "derived")) return b->derived;
  return strcmp(key, "note") ? NULL : b->note;
}

int ygt_budget_amount(int64_t *out, const ygt_budget *b, int32_t community, int insurance) {
  if (!out || !b || community < 0 || (size_t)community >= b->ncomm || insurance < -1 || insurance >= BG_INS)
    return ygt__error(YGT_EINVAL, "ygt_budget_amount: NULL argument or bad index");
  const int64_t *a = b->amount + (size_t)community * BG_INS;
  *out = insurance < 0 ? a[0] + a[1] : a[insurance];
  return 0;
}
