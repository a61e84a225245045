/* The measure language of indicator definitions (doc/formats/score.md):
 *
 *   count | cost | fund [ "(" key "=" value { "|" value } { "," ... } ")" ]
 *   population | insured | insured_employee | insured_resident | signed
 *   input "(" NAME ")"
 *
 * A sum measure becomes bit masks over the dimensions of an accumulator cell. */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "score_internal.h"

typedef struct alias {
  const char *name;
  unsigned mask;
} alias;

/* Places are bits tier (inside the pooling area) and SC_TIERS + tier
 * (outside it): in_county and out_of_county follow the pooling area, the
 * tier names and primary / county_level follow the tier wherever it is. */
static const alias places[] = {
  {"any", 0xfff}, {"in_county", 0x03f}, {"out_of_county", 0xfc0}, {"primary", 0x0c3},
  {"county_level", 0x104}, {"village", 0x041}, {"township", 0x082}, {"county", 0x104},
  {"city", 0x208}, {"province", 0x410}, {"out_of_area", 0x820}, {NULL, 0}};
static const alias settings[] = {
  {"any", 0x7}, {"outpatient", 0x1}, {"inpatient", 0x2}, {"day_surgery", 0x4}, {"stay", 0x6}, {NULL, 0}};
static const alias referrals[] = {
  {"any", 0xf}, {"none", 0x1}, {"up", 0x2}, {"down", 0x4}, {"out", 0x8}, {"referred", 0xe}, {NULL, 0}};
static const alias insurances[] = {
  {"any", 0x7}, {"employee", 0x1}, {"resident", 0x2}, {"unknown", 0x4}, {"insured", 0x3}, {NULL, 0}};
static const alias patients[] = {
  {"any", 0x7}, {"nonresident", 0x1}, {"resident", 0x6}, {"other_community", 0x2},
  {"own_community", 0x4}, {NULL, 0}};

static const struct {
  const char *key;
  const alias *values;
  size_t offset;
} keys[] = {
  {"setting", settings, offsetof(sc_filter, setting)},
  {"place", places, offsetof(sc_filter, place)},
  {"referral", referrals, offsetof(sc_filter, referral)},
  {"insurance", insurances, offsetof(sc_filter, insurance)},
  {"patient", patients, offsetof(sc_filter, residence)},
};

static const char *const sums[] = {"count", "cost", "fund", NULL};
static const char *const figures[] = {"population", "insured", "insured_employee", "insured_resident",
                                      "signed", NULL};

typedef struct lexer {
  const char *s;
  char *err;
  size_t cap;
} lexer;

static int fail(lexer *lx, const char *fmt, ...) YGT_PRINTF(2, 3);
static int fail(lexer *lx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lx->err, lx->cap, fmt, ap);
  va_end(ap);
  return YGT_EPARSE;
}

static void skip_spaces(lexer *lx) {
  while (*lx->s == ' ') lx->s++;
}

/* A word of [A-Za-z0-9_.-] into buf. */
static int word(lexer *lx, char *buf, size_t cap, const char *what) {
  skip_spaces(lx);
  size_t n = 0;
  while (isalnum((unsigned char)*lx->s) || *lx->s == '_' || *lx->s == '.' || *lx->s == '-') {
    if (n + 1 >= cap) return fail(lx, "%s is too long", what);
    buf[n++] = *lx->s++;
  }
  buf[n] = '\0';
  if (!n) return fail(lx, "expected %s at '%s'", what, lx->s);
  skip_spaces(lx);
  return 0;
}

static int expect(lexer *lx, char c) {
  skip_spaces(lx);
  if (*lx->s != c) return fail(lx, "expected '%c' at '%s'", c, lx->s);
  lx->s++;
  skip_spaces(lx);
  return 0;
}

static int alias_mask(const alias *a, const char *name, unsigned *mask) {
  for (; a->name; a++)
    if (strcmp(a->name, name) == 0) {
      *mask = a->mask;
      return 0;
    }
  return -1;
}

/* value { "|" value } for one key. */
static int parse_values(lexer *lx, const char *key, const alias *values, unsigned *out) {
  char v[64];
  *out = 0;
  for (;;) {
    unsigned m;
    int rc = word(lx, v, sizeof v, "a value");
    if (rc) return rc;
    if (alias_mask(values, v, &m) < 0) return fail(lx, "unknown %s '%s'", key, v);
    *out |= m;
    if (*lx->s != '|') return 0;
    lx->s++;
  }
}

static int parse_filter(lexer *lx, sc_filter *f) {
  unsigned seen = 0;
  for (;;) {
    char key[32];
    size_t k = 0, nkeys = sizeof keys / sizeof keys[0];
    int rc = word(lx, key, sizeof key, "a filter key");
    if (rc) return rc;
    while (k < nkeys && strcmp(keys[k].key, key) != 0) k++;
    if (k == nkeys) return fail(lx, "unknown filter key '%s' (setting, place, referral, insurance, patient)", key);
    if (seen & (1u << k)) return fail(lx, "filter key '%s' given twice", key);
    seen |= 1u << k;
    if ((rc = expect(lx, '=')) != 0) return rc;
    rc = parse_values(lx, key, keys[k].values, (unsigned *)((char *)f + keys[k].offset));
    if (rc) return rc;
    if (*lx->s == ')') return 0;
    if ((rc = expect(lx, ',')) != 0) return rc;
  }
}

static int parse_input(lexer *lx, sc_measure *m) {
  char name[64];
  int rc = expect(lx, '(');
  if (!rc) rc = word(lx, name, sizeof name, "an input name");
  if (!rc) rc = expect(lx, ')');
  if (rc) return rc;
  m->kind = SC_M_INPUT;
  m->input = ygt__strdup(name);
  return m->input ? 0 : YGT_ENOMEM;
}

/* Whether base cell `cell` passes the filter's setting, referral, insurance and residence masks. */
static int filter_cell(const sc_filter *f, int cell) {
  int res = cell % SC_RESIDENCES, ins = (cell / SC_RESIDENCES) % SC_INSURANCES;
  int ref = (cell / (SC_RESIDENCES * SC_INSURANCES)) % SC_REFERRALS;
  int set = cell / (SC_RESIDENCES * SC_INSURANCES * SC_REFERRALS);
  return (f->setting >> set & 1) && (f->referral >> ref & 1) && (f->insurance >> ins & 1) &&
         (f->residence >> res & 1);
}

static void list_cells(sc_measure *m) {
  m->ncells = 0;
  for (int cell = 0; cell < SC_BASE_CELLS; cell++)
    if (filter_cell(&m->f, cell)) m->cells[m->ncells++] = (uint8_t)cell;
}

static int parse_sum(lexer *lx, sc_measure *m, int value) {
  m->kind = SC_M_SUM;
  m->value = value;
  m->f = (sc_filter){0x7, 0xfff, 0xf, 0x7, 0x7};
  int rc = 0;
  if (*lx->s == '(') {
    lx->s++;
    rc = parse_filter(lx, &m->f);
    if (!rc) rc = expect(lx, ')');
  }
  if (!rc) list_cells(m);
  return rc;
}

static int parse_any(lexer *lx, sc_measure *m) {
  char name[32];
  int rc = word(lx, name, sizeof name, "a measure");
  if (rc) return rc;
  int v = ygt__name_index(sums, name);
  if (v >= 0) return parse_sum(lx, m, v);
  if (strcmp(name, "input") == 0) return parse_input(lx, m);
  v = ygt__name_index(figures, name);
  if (v < 0)
    return fail(lx, "unknown measure '%s' (count, cost, fund, population, insured, insured_employee, "
                    "insured_resident, signed, input)", name);
  m->kind = SC_M_MODEL;
  m->value = v;
  return 0;
}

int ygt__measure_parse(sc_measure *m, const char *text, char *err, size_t cap) {
  lexer lx = {text, err, cap};
  memset(m, 0, sizeof *m);
  int rc = parse_any(&lx, m);
  skip_spaces(&lx);
  if (!rc && *lx.s) rc = fail(&lx, "unexpected '%s' after the measure", lx.s);
  if (rc == YGT_ENOMEM) snprintf(err, cap, "out of memory");
  if (rc) ygt__measure_clear(m);
  return rc;
}

void ygt__measure_clear(sc_measure *m) {
  ygt__free(m->input);
  m->input = NULL;
}
