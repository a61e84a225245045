/* The year's visits (events without a case row) summed into cells, once a
 * run: the scheme (year_pay.c) and the encounter batch (year_aggregate.c)
 * both tell visits apart only by the institution, the patient's grid,
 * insurance and signing, the setting, the referral and the condition's
 * workload code, and both sum cost, fund and count, so each reads a few
 * thousand cells instead of every visit; the stays (the events with a case
 * row) are listed, so that the steps that read them one by one pass over
 * them alone.  A cell's condition stands for its
 * workload code: it is the first condition of the case mix with that code.
 * Cells are found by a hash of their key (open addressing, linear probing);
 * their order is the order of first sight, which no result depends on. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

enum { NSET = 3, NINS = 3, NREF = 4 };

typedef struct table {
  uint64_t *key;  /* key + 1; 0: empty */
  uint32_t *cell;
  size_t cap;     /* a power of 2 */
} table;

typedef struct builder {
  yr_visits_cells *out;
  size_t cap, stay_cap; /* of out->at, out->stay */
  table t;
  int32_t *rep;   /* per condition: the first condition with its workload code */
  size_t ncond, ngrid;
  uint64_t nresident_keys, resident_key; /* the current patient's part of the key */
  yr_visits_cell at; /* the current event's key fields */
} builder;

static int same_code(const char *a, const char *b) {
  int none_a = !a || !*a, none_b = !b || !*b;
  return none_a || none_b ? none_a && none_b : strcmp(a, b) == 0;
}

static int representatives(builder *b, const ygt_casemix *cm) {
  b->ncond = ygt_casemix_count(cm);
  b->rep = ygt__malloc((b->ncond ? b->ncond : 1) * sizeof *b->rep);
  if (!b->rep) return YGT_ENOMEM;
  for (size_t i = 0; i < b->ncond; i++) {
    const char *code = ygt_casemix_workload(cm, (int32_t)i);
    size_t j = 0;
    while (j < i && !same_code(ygt_casemix_workload(cm, (int32_t)j), code)) j++;
    b->rep[i] = (int32_t)j;
  }
  return 0;
}

static size_t home_slot(const table *t, uint64_t key) {
  return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (t->cap - 1);
}

/* The slot holding key, or the empty one where it goes. */
static size_t probe(const table *t, uint64_t key) {
  size_t i = home_slot(t, key);
  while (t->key[i] && t->key[i] != key + 1) i = (i + 1) & (t->cap - 1);
  return i;
}

static int resize(table *t, size_t cap) {
  table n = {ygt__calloc(cap, sizeof *n.key), ygt__malloc(cap * sizeof *n.cell), cap};
  if (!n.key || !n.cell) {
    ygt__free(n.key);
    ygt__free(n.cell);
    return YGT_ENOMEM;
  }
  for (size_t i = 0; i < t->cap; i++)
    if (t->key[i]) {
      size_t j = probe(&n, t->key[i] - 1);
      n.key[j] = t->key[i];
      n.cell[j] = t->cell[i];
    }
  ygt__free(t->key);
  ygt__free(t->cell);
  *t = n;
  return 0;
}

/* A new cell for key at slot i, its key fields from the event. */
static int add_cell(builder *b, size_t i, uint64_t key, const yr_visits_cell *proto) {
  yr_visits_cells *o = b->out;
  if (o->n >= UINT32_MAX) return ygt__error(YGT_ELIMIT, "ygt_year_run: more than 2^32 visit cells");
  if (ygt__grow((void **)&o->at, &b->cap, o->n + 1, sizeof *o->at)) return YGT_ENOMEM;
  b->t.key[i] = key + 1;
  b->t.cell[i] = (uint32_t)o->n;
  o->at[o->n++] = *proto;
  return (o->n * 2 > b->t.cap) ? resize(&b->t, b->t.cap * 2) : 0;
}

/* The patient's part of the key, looked up once for a run of the
 * patient's events (a county's events come resident by resident). */
static int resident(builder *b, const yr_events *ev, int32_t p, size_t e) {
  b->at.grid = ev->grid[p];
  b->at.ins = ev->insurance[p];
  b->at.signed_ = ev->signed_[p];
  if ((uint32_t)(b->at.grid + 1) > b->ngrid || (uint8_t)(b->at.ins + 1) >= NINS)
    return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu has an insurance or grid out of range", e);
  b->resident_key = ((uint64_t)(b->at.grid + 1) * NINS + (uint64_t)(b->at.ins + 1)) * 2 + (b->at.signed_ != 0);
  return 0;
}

/* The cell of key, found or made with the key fields of b->at. */
static int cell_of(size_t *cell, builder *b, uint64_t key) {
  size_t i = probe(&b->t, key);
  *cell = b->t.key[i] ? b->t.cell[i] : b->out->n;
  return b->t.key[i] ? 0 : add_cell(b, i, key, &b->at);
}

static int out_of_range(size_t e) {
  return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu has a condition, setting or referral out of range", e);
}

static int add_stay(builder *b, size_t e) {
  yr_visits_cells *o = b->out;
  if (ygt__grow((void **)&o->stay, &b->stay_cap, o->nstay + 1, sizeof *o->stay)) return YGT_ENOMEM;
  o->stay[o->nstay++] = (uint32_t)e;
  return 0;
}

int ygt__year_patients_init(yr_patients *pc, size_t ninst) {
  size_t n = ninst + YR_NTIERS + 1;
  pc->last = ygt__malloc(n * sizeof *pc->last);
  pc->count = ygt__calloc(n, sizeof *pc->count);
  if (!pc->last || !pc->count) return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) pc->last[i] = -1;
  pc->in_order = 1;
  return 0;
}

void ygt__year_patients_free(yr_patients *pc) {
  ygt__free(pc->last);
  ygt__free(pc->count);
  pc->last = pc->count = NULL;
}

static int bad_event(size_t e, int32_t inst) {
  return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu has institution %d, not in the model, or a resident out of "
                    "range", e, (int)inst);
}

/* Each event's patient counted, each visit into its cell, each stay onto the list.  The loop keeps its state in locals: a
 * patient's part of the key is looked up once for a run of the patient's
 * events (a county's events come resident by resident), a cell once for a
 * run of visits with the same key. */
static int add_visits(builder *b, const yr_events *ev, const ygt_year *y) {
  const size_t ninst = y->ninst, ncond = b->ncond;
  int32_t patient = -1;
  uint64_t last_key = UINT64_MAX;
  yr_visits_cell *c = NULL;
  yr_patients *pc = &b->out->patients;
  int64_t *last = pc->last, *count = pc->count, before = -1;
  int in_order = 1;
  for (size_t e = 0; e < ev->n; e++) {
    int32_t p = ev->patient[e], inst = ev->inst[e];
    if ((uint32_t)inst >= ninst || (uint32_t)p >= ev->nres) return bad_event(e, inst);
    in_order &= p >= before;
    before = p;
    if (in_order) yr_count_patient(last, count, y->tier_of, ninst, p, inst);
    if (ev->row[e] >= 0) {
      if (add_stay(b, e)) return YGT_ENOMEM;
      continue;
    }
    int32_t cond = ev->cond[e];
    int8_t set = ev->setting[e], ref = ev->referral[e];
    if (p != patient && resident(b, ev, p, e)) return YGT_EINVAL;
    patient = p;
    if ((uint8_t)set >= NSET || (uint8_t)ref >= NREF || (uint32_t)cond >= ncond) return out_of_range(e);
    int32_t rep = b->rep[cond];
    uint64_t key = (((uint64_t)inst * NSET + (uint64_t)set) * NREF + (uint64_t)ref) * ncond + (uint64_t)rep;
    key = key * b->nresident_keys + b->resident_key;
    if (key != last_key) {
      size_t cell;
      b->at.inst = inst, b->at.set = set, b->at.ref = ref, b->at.rep = rep;
      int rc = cell_of(&cell, b, key);
      if (rc) return rc;
      last_key = key;
      c = &b->out->at[cell]; /* valid until the next cell is made */
    }
    c->cost += ev->cost[e]; /* a year of one county is far below 2^63 fen; totals are checked where they are used */
    c->fund += ev->fund[e];
    c->count++;
  }
  pc->in_order = in_order;
  return 0;
}

int ygt__year_visits(yr_visits_cells *out, const ygt_year *y) {
  builder b = {.out = out, .t = {NULL, NULL, 1024}, .ngrid = y->ngrid, .nresident_keys = (y->ngrid + 1) * NINS * 2};
  yr_events ev;
  memset(out, 0, sizeof *out);
  int rc = ygt__year_events(&ev, y->in.county);
  if (!rc && ev.n > UINT32_MAX) rc = ygt__error(YGT_ELIMIT, "ygt_year_run: more than 2^32 events");
  if (!rc) rc = representatives(&b, ygt_county_casemix(y->in.county));
  if (!rc) rc = ygt__year_patients_init(&out->patients, y->ninst);
  if (!rc) {
    b.t.key = ygt__calloc(b.t.cap, sizeof *b.t.key);
    b.t.cell = ygt__malloc(b.t.cap * sizeof *b.t.cell);
    if (!b.t.key || !b.t.cell) rc = YGT_ENOMEM;
  }
  if (!rc) rc = add_visits(&b, &ev, y);
  ygt__free(b.t.key);
  ygt__free(b.t.cell);
  ygt__free(b.rep);
  return rc;
}
