/* Order, split and thread independence of every settlement engine over case
 * rows: DIP, the point method (点数法, readmissions included), DRG rates, per
 * diem, capitation charges and workload tallies (the global budget:
 * test_budget_order.c).  For several seeds a random batch is settled once in
 * order, in one part; then shuffled, shuffled and cut into up to eight parts
 * whose accumulators are merged last to first, and on four threads (in
 * order and shuffled, each thread its own accumulator).  Every per-row output
 * (group, status, reason, score, amount, fund, readmission mark), every
 * accumulator and ledger cell, every point value (its bits) and every
 * per-institution total must be identical (doc/conventions.md: results do
 * not depend on input order, batch split or thread count). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>

#include "dip_fixture.h"
#include "pay_fixture.h"

enum { N = 2000, NINST = 3, NTHREAD = 4, MAXPARTS = 8, NPATIENT = 40, NFIELD = 16 };

static uint64_t rng;
static uint32_t draw(uint32_t n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

/* ---- the rows ----------------------------------------------------------- */

/* Every column any engine reads, one entry per row. */
typedef struct rows {
  int32_t inst[N], ins[N], date[N], admit[N], los[N], leaving[N], pdx[N], age[N], day[N];
  int64_t cost[N], self[N], poff[N + 1], soff[N + 1];
  int32_t procs[2 * N], sdx[3 * N];
  int32_t pgroup[N], dgroup[N], cls[N], home[N], item[N];
  int64_t patient[N], qty[N];
} rows;

/* Three months of short stays of NPATIENT patients, so that one patient's
 * stays in a group fall within the readmission window, some admitted and
 * discharged the same days. */
static void random_row(rows *k, int i, int32_t ndx, int32_t nproc) {
  int32_t admit = 20240000 + 100 * (1 + (int32_t)draw(3)) + 1 + (int32_t)draw(24);
  k->inst[i] = (int32_t)draw(NINST), k->ins[i] = (int32_t)draw(2);
  k->date[i] = admit + (int32_t)draw(4);
  k->admit[i] = draw(4) ? admit : YGT_CASES_NA;
  k->los[i] = 1 + (int32_t)draw(40), k->leaving[i] = 1 + (int32_t)draw(5);
  k->pdx[i] = (int32_t)draw((uint32_t)ndx), k->age[i] = (int32_t)draw(100), k->day[i] = draw(20) == 0;
  k->cost[i] = 1000 + (int64_t)draw(5000000), k->self[i] = draw(3) ? k->cost[i] / (2 + draw(5)) : 0;
  int64_t np = draw(3), ns = draw(4);
  k->poff[i + 1] = k->poff[i] + np, k->soff[i + 1] = k->soff[i] + ns;
  for (int64_t j = 0; j < np; j++) k->procs[k->poff[i] + j] = (int32_t)draw((uint32_t)nproc);
  for (int64_t j = 0; j < ns; j++) k->sdx[k->soff[i] + j] = (int32_t)draw((uint32_t)ndx);
  k->pgroup[i] = (int32_t)draw(5) - 1, k->dgroup[i] = (int32_t)draw(5) - 1, k->cls[i] = (int32_t)draw(3) - 1;
  k->home[i] = (int32_t)draw(NINST + 1) - 1, k->item[i] = (int32_t)draw(3), k->qty[i] = draw(50);
  k->patient[i] = draw(10) ? (int64_t)draw(NPATIENT) : -1;
}

static void random_rows(rows *k, int32_t ndx, int32_t nproc) {
  k->poff[0] = k->soff[0] = 0;
  for (int i = 0; i < N; i++) random_row(k, i, ndx, nproc);
}

/* Row i of out is row perm[i] of in. */
static void permute(rows *out, const rows *in, const size_t *perm) {
  out->poff[0] = out->soff[0] = 0;
  for (int i = 0; i < N; i++) {
    size_t s = perm[i];
#define COPY(f) out->f[i] = in->f[s]
    COPY(inst), COPY(ins), COPY(date), COPY(admit), COPY(los), COPY(leaving), COPY(pdx), COPY(age), COPY(day);
    COPY(cost), COPY(self), COPY(pgroup), COPY(dgroup), COPY(cls), COPY(home), COPY(item), COPY(patient), COPY(qty);
#undef COPY
    int64_t np = in->poff[s + 1] - in->poff[s], ns = in->soff[s + 1] - in->soff[s];
    out->poff[i + 1] = out->poff[i] + np, out->soff[i + 1] = out->soff[i] + ns;
    memcpy(out->procs + out->poff[i], in->procs + in->poff[s], (size_t)np * sizeof(int32_t));
    memcpy(out->sdx + out->soff[i], in->sdx + in->soff[s], (size_t)ns * sizeof(int32_t));
  }
}

static ygt_cases *attach(const fixture *f, const rows *k) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f->dx, f->proc, 0), YGT_OK);
  const struct { int col; const int32_t *v; } i32[] = {
    {YGT_CASE_INSTITUTION, k->inst}, {YGT_CASE_INSURANCE, k->ins}, {YGT_CASE_DISCHARGE_DATE, k->date},
    {YGT_CASE_ADMIT_DATE, k->admit}, {YGT_CASE_LOS_DAYS, k->los}, {YGT_CASE_LEAVING_TYPE, k->leaving},
    {YGT_CASE_PDX, k->pdx}, {YGT_CASE_AGE_YEARS, k->age}, {YGT_CASE_DAY_SURGERY, k->day}};
  for (size_t i = 0; i < sizeof i32 / sizeof i32[0]; i++)
    assert_int_equal(ygt_cases_attach_int32(c, i32[i].col, i32[i].v, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int64(c, YGT_CASE_TOTAL_COST, k->cost, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int64(c, YGT_CASE_SELF_PAID, k->self, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_list(c, YGT_CASE_PROCS, k->poff, k->procs, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_list(c, YGT_CASE_SDX, k->soff, k->sdx, N), YGT_OK);
  return c;
}

/* ---- the engines -------------------------------------------------------- */

/* The dictionaries and DIP objects of dip_fixture.h on the three-hospital
 * model of pay_fixture.h, and one table for each other engine. */
typedef struct world {
  fixture f;
  ygt_points *points;
  ygt_drgpay *pay;
  ygt_perdiem *perdiem;
  ygt_workload *workload;
} world;

static void load_table(void *out, int (*load)(void *, const char *), const char *text) {
  char path[256];
  assert_non_null(pf_tsv(path, text));
  assert_int_equal(load(out, path), YGT_OK);
  unlink(path);
}

static int load_points(void *o, const char *p) { return ygt_points_load(o, p); }
static int load_drgpay(void *o, const char *p) { return ygt_drgpay_load(o, p); }
static int load_perdiem(void *o, const char *p) { return ygt_perdiem_load(o, p); }
static int load_workload(void *o, const char *p) { return ygt_workload_load(o, p); }

static void set_rates(ygt_drgpay *p) {
  const struct { int ins, level; double yuan; } rate[] = {
    {0, -1, 12000}, {0, YGT_LEVEL_2A, 9600}, {0, YGT_LEVEL_1, 6960},
    {1, -1, 10000}, {1, YGT_LEVEL_2A, 8000}, {1, YGT_LEVEL_1, 6000}};
  for (size_t i = 0; i < sizeof rate / sizeof rate[0]; i++)
    assert_int_equal(ygt_drgpay_set_base_rate(p, rate[i].ins, rate[i].level, rate[i].yuan), YGT_OK);
  assert_int_equal(ygt_drgpay_set_fund_ratio(p, 0, 0.9) | ygt_drgpay_set_fund_ratio(p, 1, 0.7), YGT_OK);
  assert_int_equal(ygt_drgpay_set(p, YGT_DRGPAY_MIN_LOS, 1) | ygt_drgpay_set(p, YGT_DRGPAY_MAX_LOS, 30), YGT_OK);
}

static void world_open(world *w) {
  memset(w, 0, sizeof *w);
  fixture *f = &w->f;
  assert_int_equal(fixture_dicts(f) | pf_model(&f->model), YGT_OK);
  char *text = fixture_catalog_text();
  assert_non_null(testutil_write_temp(f->cat_path, sizeof f->cat_path, ".tsv", text));
  free(text);
  assert_int_equal(ygt_dip_catalog_load(&f->cat, f->dx, f->proc, f->cat_path), YGT_OK);
  assert_int_equal(ygt_settle_params_parse(&f->params, fixture_params, "params.json"), YGT_OK);
  assert_int_equal(ygt_dip_engine_new(&f->engine, f->cat, f->params, f->model), YGT_OK);
  load_table(&w->points, load_points, "group_code|base_points|mean_cost|per_diem_points|readmit_exempt\n"
                                      "P1|100|10000||\nP2|250|25000||1\nP3|400|40000||\nPD|0|0|30|\n");
  assert_int_equal(ygt_points_set_level_coef(w->points, YGT_LEVEL_3A, 1.2), YGT_OK);
  assert_int_equal(ygt_points_set_level_coef(w->points, YGT_LEVEL_1, 0.8), YGT_OK);
  assert_int_equal(ygt_points_set_fund(w->points, 0, 1548400000, 0) | ygt_points_set_fund(w->points, 1, 900000000, 0),
                   YGT_OK);
  load_table(&w->pay, load_drgpay, "drg_code|drg_name|rw|basic_group|per_diem\n"
                                   "G1|one|1.5|0|0\nG2|two|0.8|1|\nG3|three|2.0||1\nG4|four|0.125||\n");
  set_rates(w->pay);
  load_table(&w->perdiem, load_perdiem, "class|level|from_day|to_day|rate\npsychiatric|*|1||300.33\n"
                                        "rehabilitation|*|1|20|500.50\nrehabilitation|3A|1||601.07\n");
  assert_int_equal(ygt_perdiem_set_fund_ratio(w->perdiem, -1, 0.83), YGT_OK);
  load_table(&w->workload, load_workload, "item_code|equivalent|name\nV01|1.0|门诊\nF01|0.25|随访\nH01|3.5|家庭病床\n");
}

static void world_close(world *w) {
  ygt_points_free(w->points), ygt_drgpay_free(w->pay), ygt_perdiem_free(w->perdiem);
  ygt_workload_free(w->workload);
  fixture_close(&w->f);
}

/* One engine's per-row outputs. */
typedef struct rowout {
  int32_t group[N];
  int8_t status[N], reason[N];
  uint8_t earlier[N];
  int64_t units[N], amount[N], fund[N];
} rowout;

/* One arrangement of the rows: the batch and what the stages share. */
typedef struct batch {
  const world *w;
  const rows *k;
  ygt_cases *c;
  int64_t counts[8];
  const ygt_settle_values *values;
  rowout *out; /* indexed by batch row */
} batch;

/* What one part of a batch adds up. */
typedef struct part {
  ygt_settle_accum *acc, *ledger;
  int64_t inst[NINST];
} part;

typedef int (*stage_fn)(const batch *b, part *p, size_t begin, size_t end);

static int dip_score(const batch *b, part *p, size_t begin, size_t end) {
  rowout *o = b->out;
  return ygt_dip_score(p->acc, o->group, o->status, o->reason, o->units, b->w->f.engine, b->c, begin, end);
}

static int price(const batch *b, part *p, size_t begin, size_t end) {
  rowout *o = b->out;
  return ygt_settle_price(p->ledger, o->amount, o->fund, b->values, b->c, o->status, o->units, begin, end);
}

static int dip_values(ygt_settle_values **v, const world *w, const ygt_settle_accum *acc) {
  return ygt_settle_finalise(v, acc, w->f.params);
}

/* Readmissions over the whole batch (one pass over the year); group counts
 * added part by part. */
static int points_prepare(batch *b, const size_t *cuts, int parts) {
  memset(b->counts, 0, sizeof b->counts);
  int rc = ygt_points_readmissions(b->out->earlier, b->w->points, b->c, b->k->patient, b->k->pgroup);
  for (int p = 0; !rc && p < parts; p++)
    rc = ygt_points_group_counts(b->counts, b->w->points, b->k->pgroup + cuts[p], cuts[p + 1] - cuts[p]);
  return rc;
}

static int points_score(const batch *b, part *p, size_t begin, size_t end) {
  const world *w = b->w;
  rowout *o = b->out;
  return ygt_points_score(p->acc, o->status, o->reason, o->units, w->points, w->f.model, b->c, b->k->pgroup,
                          o->earlier, b->counts, begin, end);
}

static int points_values(ygt_settle_values **v, const world *w, const ygt_settle_accum *acc) {
  return ygt_points_finalise(v, acc, w->points);
}

static int drg_settle(const batch *b, part *p, size_t begin, size_t end) {
  rowout *o = b->out;
  return ygt_drgpay_settle(p->acc, p->ledger, o->status, o->reason, o->amount, o->fund, b->w->pay, b->w->f.model,
                           NULL, b->c, b->k->dgroup, begin, end);
}

static int perdiem_settle(const batch *b, part *p, size_t begin, size_t end) {
  rowout *o = b->out;
  return ygt_perdiem_settle(p->acc, p->ledger, o->status, o->reason, o->amount, o->fund, b->w->perdiem,
                            b->w->f.model, b->c, b->k->cls, begin, end);
}

static int capitation_charge(const batch *b, part *p, size_t begin, size_t end) {
  return ygt_capitation_charges(p->inst, NINST, b->c, b->k->home, begin, end);
}

static int workload_tally(const batch *b, part *p, size_t begin, size_t end) {
  const rows *k = b->k;
  return ygt_workload_tally(p->inst, NINST, b->w->workload, k->inst + begin, k->item + begin, k->qty + begin,
                            end - begin);
}

typedef struct engine {
  const char *name;
  int (*prepare)(batch *b, const size_t *cuts, int parts); /* may be NULL */
  stage_fn score, price;                                   /* price NULL: one stage */
  int (*values)(ygt_settle_values **v, const world *w, const ygt_settle_accum *acc);
} engine;

static const engine engines[] = {
  {"DIP", NULL, dip_score, price, dip_values},
  {"points", points_prepare, points_score, price, points_values},
  {"DRG rates", NULL, drg_settle, NULL, NULL},
  {"per diem", NULL, perdiem_settle, NULL, NULL},
  {"capitation", NULL, capitation_charge, NULL, NULL},
  {"workload", NULL, workload_tally, NULL, NULL},
};

/* ---- running one arrangement -------------------------------------------- */

static void part_new(part *p) {
  memset(p, 0, sizeof *p);
  assert_int_equal(ygt_settle_accum_new(&p->acc, NINST) | ygt_settle_accum_new(&p->ledger, NINST), YGT_OK);
}

static void part_free(part *p) { ygt_settle_accum_free(p->acc), ygt_settle_accum_free(p->ledger); }

/* a += b: accumulators merged, per-institution totals added. */
static void part_merge(part *a, const part *b) {
  assert_int_equal(ygt_settle_accum_merge(a->acc, b->acc) | ygt_settle_accum_merge(a->ledger, b->ledger), YGT_OK);
  for (int i = 0; i < NINST; i++) a->inst[i] += b->inst[i];
}

typedef struct job {
  const batch *b;
  stage_fn fn;
  part p;
  size_t begin, end;
  int rc;
} job;

static void *work(void *arg) {
  job *j = arg;
  j->rc = j->fn(j->b, &j->p, j->begin, j->end);
  return NULL;
}

/* One stage over the parts cut at cuts[], one after another or each on its
 * own thread; the parts are merged into total last to first. */
static void stage(part *total, const batch *b, stage_fn fn, const size_t *cuts, int parts, int threaded) {
  job jobs[MAXPARTS];
  pthread_t t[MAXPARTS];
  for (int p = 0; p < parts; p++) {
    jobs[p] = (job){b, fn, {0}, cuts[p], cuts[p + 1], 0};
    part_new(&jobs[p].p);
    if (threaded) assert_int_equal(pthread_create(&t[p], NULL, work, &jobs[p]), 0);
    else work(&jobs[p]);
  }
  for (int p = parts - 1; p >= 0; p--) {
    if (threaded) pthread_join(t[p], NULL);
    assert_int_equal(jobs[p].rc, YGT_OK);
    part_merge(total, &jobs[p].p);
    part_free(&jobs[p].p);
  }
}

/* Everything an engine produced for a batch, rows in the original order. */
typedef struct outcome {
  rowout row;
  int64_t acc[NFIELD][NINST + 1][3][13], ledger[NFIELD][NINST + 1][3][13];
  double values[2][4];
  int64_t inst[NINST];
} outcome;

static void read_cells(int64_t cells[NFIELD][NINST + 1][3][13], const ygt_settle_accum *a) {
  for (int f = 0; f < NFIELD; f++)
    for (int32_t i = 0; i <= NINST; i++)
      for (int s = 0; s < 3; s++)
        for (int m = 0; m < 13; m++) assert_int_equal(ygt_settle_accum_total(&cells[f][i][s][m], a, f, i, s, m), YGT_OK);
}

static void read_values(double values[2][4], const ygt_settle_values *v) {
  for (int ins = 0; ins < 2; ins++)
    for (int what = 0; what < 4; what++) assert_int_equal(ygt_settle_values_get(&values[ins][what], v, what, ins), YGT_OK);
}

static void read_rows(rowout *o, const rowout *in, const size_t *perm) {
  for (size_t i = 0; i < N; i++) {
    size_t r = perm[i];
    o->group[r] = in->group[i], o->status[r] = in->status[i], o->reason[r] = in->reason[i];
    o->earlier[r] = in->earlier[i], o->units[r] = in->units[i], o->amount[r] = in->amount[i];
    o->fund[r] = in->fund[i];
  }
}

/* Settles the rows in the order perm, in the parts cut at cuts[]. */
static void settle(outcome *o, const engine *e, const world *w, const rows *k, const size_t *perm,
                   const size_t *cuts, int parts, int threaded) {
  static rowout out;
  memset(&out, 0, sizeof out), memset(o, 0, sizeof *o);
  batch b = {w, k, attach(&w->f, k), {0}, NULL, &out};
  if (e->prepare) assert_int_equal(e->prepare(&b, cuts, parts), YGT_OK);
  part total;
  part_new(&total);
  stage(&total, &b, e->score, cuts, parts, threaded);
  ygt_settle_values *v = NULL;
  if (e->values) {
    assert_int_equal(e->values(&v, w, total.acc), YGT_OK);
    read_values(o->values, v);
    b.values = v;
    stage(&total, &b, e->price, cuts, parts, threaded);
  }
  read_cells(o->acc, total.acc), read_cells(o->ledger, total.ledger);
  memcpy(o->inst, total.inst, sizeof o->inst);
  read_rows(&o->row, &out, perm);
  ygt_settle_values_free(v);
  part_free(&total);
  ygt_cases_free(b.c);
}

/* ---- arrangements -------------------------------------------------------- */

typedef struct plan {
  int shuffled, parts, threaded; /* parts 0: a random number of random parts */
} plan;

static const plan plans[] = {{1, 1, 0}, {1, 0, 0}, {1, 0, 0}, {0, NTHREAD, 1}, {1, NTHREAD, 1}};

static void make_perm(size_t *perm, int shuffled) {
  for (size_t i = 0; i < N; i++) perm[i] = i;
  for (size_t i = N - 1; shuffled && i > 0; i--) {
    size_t j = draw((uint32_t)i + 1), t = perm[i];
    perm[i] = perm[j], perm[j] = t;
  }
}

/* parts + 1 sorted cut points from 0 to N: equal for threads, else random
 * (empty parts allowed); returns the number of parts. */
static int make_cuts(size_t *cuts, const plan *p) {
  int parts = p->parts ? p->parts : 2 + (int)draw(MAXPARTS - 1);
  cuts[0] = 0, cuts[parts] = N;
  for (int q = 1; q < parts; q++) cuts[q] = p->threaded ? (size_t)q * N / (size_t)parts : draw(N + 1);
  for (int q = 2; q < parts; q++)
    for (int r = q; r > 1 && cuts[r] < cuts[r - 1]; r--) {
      size_t t = cuts[r];
      cuts[r] = cuts[r - 1], cuts[r - 1] = t;
    }
  return parts;
}

#define SAME(m)                                                                                                       \
  if (memcmp(&a->m, &b->m, sizeof a->m) != 0)                                                                         \
  fail_msg("%s, seed %d, arrangement %d (%d parts%s): %s differs", e->name, seed, arrangement, parts,                \
           threaded ? ", threads" : "", #m)

static void same(const outcome *a, const outcome *b, const engine *e, int seed, int arrangement, int parts,
                 int threaded) {
  SAME(row.group); SAME(row.status); SAME(row.reason); SAME(row.earlier);
  SAME(row.units); SAME(row.amount); SAME(row.fund);
  SAME(acc); SAME(ledger); SAME(values); SAME(inst);
}

/* The batch reaches the engine: something is paid, scored or tallied. */
static void reached(const outcome *o) {
  int64_t any = 0;
  for (int i = 0; i < NINST; i++) any |= o->inst[i];
  for (int f = YGT_FIELD_OK; f < NFIELD; f++) any |= o->acc[f][0][0][1] | o->ledger[f][0][0][1];
  assert_true(any != 0);
}

/* Pairs of stays of one patient and group admitted and discharged the same
 * days: the rows reach the case the readmission rule once decided by row
 * order. */
static int same_day_stays(const rows *k) {
  int n = 0;
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++)
      n += k->patient[i] >= 0 && k->patient[i] == k->patient[j] && k->pgroup[i] >= 0 &&
           k->pgroup[i] == k->pgroup[j] && k->admit[i] != YGT_CASES_NA && k->admit[i] == k->admit[j] &&
           k->date[i] == k->date[j];
  return n;
}

static void check_engine(const engine *e, const world *w, int seed) {
  static rows base, shuffled;
  static outcome one, other;
  static size_t ident[N], perm[N];
  rng = 0x9E3779B97F4A7C15u * (uint64_t)(seed + 1);
  random_rows(&base, (int32_t)ygt_codes_count(w->f.dx), (int32_t)ygt_codes_count(w->f.proc));
  make_perm(ident, 0);
  const size_t whole[2] = {0, N};
  settle(&one, e, w, &base, ident, whole, 1, 0);
  reached(&one);
  if (e->prepare) assert_true(same_day_stays(&base) > 0 && memchr(one.row.earlier, 1, N) != NULL);
  for (int a = 0; a < (int)(sizeof plans / sizeof plans[0]); a++) {
    size_t cuts[MAXPARTS + 1];
    make_perm(perm, plans[a].shuffled);
    int parts = make_cuts(cuts, &plans[a]);
    permute(&shuffled, &base, perm);
    settle(&other, e, w, &shuffled, perm, cuts, parts, plans[a].threaded);
    same(&one, &other, e, seed, a, parts, plans[a].threaded);
  }
}

static void test_every_engine(void **state) {
  (void)state;
  static world w;
  world_open(&w);
  for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++)
    for (int seed = 0; seed < 4; seed++) check_engine(&engines[e], &w, seed);
  world_close(&w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_engine)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
