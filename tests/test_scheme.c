/* Payment schemes: the four bundles' schemes load; malformed schemes fail
 * naming the JSON path; the Ninghai and Chun'an case files settle to the
 * fen `python3 -m yigongti settle` gave before the scheme moved to C; the
 * order of the rows does not matter; every total reconciles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "scheme_fixture.h"
#include "shared_data.h"

#define DATA SOURCE_ROOT "/examples/data/"

typedef struct world {
  ygt_model *model;
  ygt_scheme *scheme;
  sf_year year;
} world;

static void world_open(world *w, const char *bundle) {
  char path[512];
  snprintf(path, sizeof path, DATA "%s", bundle);
  assert_int_equal(ygt_model_load(&w->model, path), YGT_OK);
  snprintf(path, sizeof path, DATA "%s/%s", bundle, strcmp(bundle, "ninghai") ? "scheme.json" : "scheme-cases.json");
  int rc = ygt_scheme_load(&w->scheme, w->model, NULL, NULL, path);
  if (rc) fail_msg("%s: %s", path, ygt_error_last()->message);
  snprintf(path, sizeof path, DATA "%s/payment-cases.tsv", bundle);
  assert_int_equal(sf_read(&w->year, w->scheme, w->model, path), 0);
}

static void world_close(world *w) {
  sf_free(&w->year);
  ygt_scheme_free(w->scheme);
  ygt_model_free(w->model);
}

static ygt_scheme_result *settle(const world *w) {
  ygt_scheme_input in;
  ygt_scheme_result *r = NULL;
  sf_input(&in, &w->year);
  int rc = ygt_scheme_settle(&r, w->scheme, &in);
  if (rc) fail_msg("settle: %s", ygt_error_last()->message);
  return r;
}

static int64_t get(const ygt_scheme_result *r, int32_t inst, int line, int field) {
  int64_t v = -1;
  assert_int_equal(ygt_scheme_result_get(&v, r, inst, line, field), YGT_OK);
  return v;
}

static double figure(const ygt_scheme_result *r, int what, int index) {
  double v = -1;
  assert_int_equal(ygt_scheme_result_figure(&v, r, what, index), YGT_OK);
  return v;
}

static int32_t inst(const world *w, const char *code) { return ygt_model_institution_find(w->model, code); }

/* ---- names and bundles ---------------------------------------------------------- */

static void test_names(void **state) {
  (void)state;
  int v = -1;
  assert_string_equal(ygt_service_line_name(YGT_LINE_LONG_STAY), "long_stay");
  assert_null(ygt_service_line_name(4));
  assert_int_equal(ygt_service_line_from_name(&v, "primary_care"), YGT_OK);
  assert_int_equal(v, YGT_LINE_PRIMARY_CARE);
  assert_int_equal(ygt_service_line_from_name(&v, "dental"), YGT_ENOTFOUND);
  assert_string_equal(ygt_pay_method_name(YGT_PAY_DIP), "dip");
  assert_null(ygt_pay_method_name(8));
  assert_int_equal(ygt_pay_method_from_name(&v, "ffs"), YGT_OK);
  assert_int_equal(v, YGT_PAY_FFS);
  assert_string_equal(ygt_scheme_field_name(YGT_SCHEME_CLEARING), "clearing");
  assert_string_equal(ygt_scheme_field_name(YGT_SCHEME_UNINSURED_COST), "uninsured_cost");
  assert_string_equal(ygt_scheme_field_name(YGT_SCHEME_PREPAY_RAISED), "prepay_raised");
  assert_null(ygt_scheme_field_name(19));
  assert_string_equal(ygt_scheme_figure_name(YGT_SCHEME_UNIT_VALUE), "unit_value");
  assert_string_equal(ygt_scheme_figure_name(YGT_SCHEME_SPECIAL_OVER_METHOD_FUND), "special_over_method_fund");
  assert_string_equal(ygt_scheme_figure_name(YGT_SCHEME_POINT_VALUE_FEN), "point_value_fen");
  assert_null(ygt_scheme_figure_name(10));
  ygt_scheme_input in = YGT_SCHEME_INPUT_INIT, in2;
  memset(&in2, 0xff, sizeof in2);
  ygt_scheme_input_init(&in2);
  assert_int_equal(in.version, YGT_SCHEME_INPUT_VERSION);
  assert_int_equal(in2.version, YGT_SCHEME_INPUT_VERSION);
  assert_true(!in2.stays && !in2.stay_group && !in2.stay_class && !in2.stay_patient && !in2.nvisits &&
              !in2.visit_institution && !in2.visit_home && !in2.visit_insurance && !in2.visit_cost &&
              !in2.visit_fund && !in2.visit_item && !in2.visit_quantity);
}

static void test_ninghai_and_chunan_load(void **state) {
  (void)state;
  world w = {0};
  world_open(&w, "ninghai");
  const ygt_scheme *s = w.scheme;
  assert_string_equal(ygt_scheme_id(s), "ninghai-2024-mixed-illustrative");
  assert_int_equal(ygt_scheme_illustrative(s), 1);
  assert_string_equal(ygt_scheme_provenance(s, "period_to"), "2024-12-31");
  assert_non_null(strstr(ygt_scheme_provenance(s, "model"), "ninghai/model.json"));
  assert_null(ygt_scheme_provenance(s, "colour"));
  assert_int_equal(ygt_scheme_method(s, YGT_LINE_INPATIENT), YGT_PAY_POINTS);
  assert_int_equal(ygt_scheme_method(s, YGT_LINE_OUTPATIENT), YGT_PAY_CAPITATION);
  assert_int_equal(ygt_scheme_method(s, YGT_LINE_LONG_STAY), YGT_PAY_PERDIEM);
  assert_int_equal(ygt_scheme_method(s, YGT_LINE_PRIMARY_CARE), YGT_PAY_NONE);
  assert_int_equal(ygt_scheme_method(s, 7), YGT_EINVAL);
  assert_int_equal(ygt_scheme_group_find(s, YGT_LINE_INPATIENT, "BR23"), 0);
  assert_int_equal(ygt_scheme_group_find(s, YGT_LINE_INPATIENT, "ZZ99"), -1);
  assert_int_equal(ygt_scheme_group_find(s, YGT_LINE_LONG_STAY, "rehabilitation"), 1);
  assert_int_equal(ygt_scheme_group_find(s, YGT_LINE_OUTPATIENT, "BR23"), -1);
  assert_int_equal(ygt_scheme_group_count(s, YGT_LINE_LONG_STAY), 3);
  assert_true(ygt_scheme_group_count(s, YGT_LINE_INPATIENT) >= 5);
  world_close(&w);
  world_open(&w, "chunan");
  assert_int_equal(ygt_scheme_method(w.scheme, YGT_LINE_INPATIENT), YGT_PAY_DRG);
  assert_int_equal(ygt_scheme_method(w.scheme, YGT_LINE_PRIMARY_CARE), YGT_PAY_WORKLOAD);
  assert_int_equal(ygt_scheme_group_find(w.scheme, YGT_LINE_PRIMARY_CARE, "FD01"), 1);
  assert_true(ygt_scheme_group_count(w.scheme, YGT_LINE_PRIMARY_CARE) >= 5);
  world_close(&w);
}

/* Zhuhai and Linxiang: DIP catalogues over the real ICD dictionaries. */
static int load_icd(ygt_codes **dx, ygt_codes **proc) {
  if (!shared_data_have(SHARED_ICD10) || !shared_data_have(SHARED_ICD9)) return -1;
  assert_int_equal(ygt_codes_load(dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10), YGT_OK);
  assert_int_equal(ygt_codes_load(proc, YGT_CODE_PROCEDURE, SHARED_ICD9), YGT_OK);
  return 0;
}

static void test_dip_bundles_load(void **state) {
  (void)state;
  ygt_codes *dx, *proc;
  if (load_icd(&dx, &proc)) skip();
  const char *bundles[] = {"zhuhai", "linxiang"};
  const int outpatient[] = {YGT_PAY_FFS, YGT_PAY_CAPITATION};
  for (int b = 0; b < 2; b++) {
    char path[512];
    ygt_model *m;
    ygt_scheme *s = NULL;
    snprintf(path, sizeof path, DATA "%s", bundles[b]);
    assert_int_equal(ygt_model_load(&m, path), YGT_OK);
    snprintf(path, sizeof path, DATA "%s/scheme.json", bundles[b]);
    assert_int_equal(ygt_scheme_load(&s, m, NULL, NULL, path), YGT_EINVAL);
    assert_string_equal(ygt_error_last()->field, "lines.inpatient.method");
    if (ygt_scheme_load(&s, m, dx, proc, path)) fail_msg("%s", ygt_error_last()->message);
    assert_int_equal(ygt_scheme_method(s, YGT_LINE_INPATIENT), YGT_PAY_DIP);
    assert_int_equal(ygt_scheme_method(s, YGT_LINE_OUTPATIENT), outpatient[b]);
    assert_int_equal(ygt_scheme_group_find(s, YGT_LINE_INPATIENT, "K80.1-LC"), 0);
    assert_true(ygt_scheme_illustrative(s));
    ygt_scheme_free(s);
    ygt_model_free(m);
  }
  ygt_codes_free(dx);
  ygt_codes_free(proc);
}

/* Every code of the synthetic case mix is in the Ninghai and Chun'an tables. */
static void test_casemix_codes(void **state) {
  (void)state;
  FILE *f = fopen(DATA "casemix.tsv", "r");
  assert_non_null(f);   /* in the repository: never skipped */
  world nh = {0}, ca = {0};
  world_open(&nh, "ninghai");
  world_open(&ca, "chunan");
  char line[2048], head[2048], *h[32], *v[32];
  int nh_cols = 0, checked = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#') continue;
    if (!nh_cols) {
      strcpy(head, line);
      nh_cols = sf_split(head, h, 32);
      continue;
    }
    int n = sf_split(line, v, 32);
    const char *setting = sf_get(v, n, h, nh_cols, "setting"), *group = sf_get(v, n, h, nh_cols, "group");
    const char *long_stay = sf_get(v, n, h, nh_cols, "long_stay"), *item = sf_get(v, n, h, nh_cols, "workload");
    if (strcmp(setting, "outpatient") != 0 && group[0]) {
      if (ygt_scheme_group_find(nh.scheme, YGT_LINE_INPATIENT, group) < 0) fail_msg("Ninghai: no points for %s", group);
      if (ygt_scheme_group_find(ca.scheme, YGT_LINE_INPATIENT, group) < 0) fail_msg("Chun'an: no RW for %s", group);
      checked++;
    }
    if (long_stay[0] && ygt_scheme_group_find(nh.scheme, YGT_LINE_LONG_STAY, long_stay) < 0)
      fail_msg("Ninghai: no per-diem class %s", long_stay);
    if (item[0] && ygt_scheme_group_find(ca.scheme, YGT_LINE_PRIMARY_CARE, item) < 0)
      fail_msg("Chun'an: no workload item %s", item);
  }
  fclose(f);
  assert_true(checked > 10);
  world_close(&nh);
  world_close(&ca);
}

/* ---- malformed schemes ------------------------------------------------------------- */

typedef struct bad_case {
  const char *bundle, *find, *repl;
  int code;
  const char *fragment, *field;
} bad_case;

static const bad_case bad[] = {
  {"ninghai", "yigongti-scheme/1", "yigongti-scheme/2", YGT_EUNSUPPORTED, "not 'yigongti-scheme/1'", "format"},
  {"ninghai", "\"format\": \"yigongti-scheme/1\",", "", YGT_EPARSE, "missing required key", "format"},
  {"ninghai", "\"model\": \"model.json\"", "\"model\": \"model.json\", \"colour\": 1", YGT_EPARSE, "unknown key", "colour"},
  {"ninghai", "\"id\": \"ninghai-2024-mixed-illustrative\"", "\"id\": 5", YGT_EPARSE, "must be a string", "id"},
  {"ninghai", "\"period\": [\"2024-01-01\", \"2024-12-31\"]", "\"period\": \"2024\"", YGT_EPARSE, "two dates", "provenance.period"},
  {"ninghai", "\"2024-12-31\"]", "\"2024-02-31\"]", YGT_EVALIDATE, "not a valid period '2024-01-01' .. '2024-02-31'",
   "provenance.period"},
  {"ninghai", "\"2024-12-31\"]", "\"2023-12-31\"]", YGT_EVALIDATE, "not a valid period", "provenance.period"},
  {"ninghai", "\"illustrative\": true", "\"illustrative\": 1", YGT_EPARSE, "true or false", "provenance.illustrative"},
  {"ninghai", "\"long_stay\":", "\"dental\": {\"method\": \"ffs\"}, \"long_stay\":", YGT_EPARSE, "unknown service line", "lines.dental"},
  {"ninghai", "\"outpatient\": {\"method\": \"capitation\"", "\"outpatient\": {\"method\": \"points\"", YGT_EPARSE,
   "not a method of this line (ffs, capitation)", "lines.outpatient.method"},
  {"ninghai", "\"method\": \"points\",", "", YGT_EPARSE, "missing required key", "lines.inpatient.method"},
  {"ninghai", "\"method\": \"points\",", "\"method\": \"dip\", \"catalogue\": \"x.tsv\",", YGT_EINVAL,
   "needs the diagnosis and procedure dictionaries", "lines.inpatient.method"},
  {"ninghai", "\"table\": \"drg-points.tsv\",", "", YGT_EPARSE, "missing required key", "lines.inpatient.table"},
  {"ninghai", "\"table\": \"drg-points.tsv\",", "\"table\": \"drg-points.tsv\", \"tabel\": 1,", YGT_EPARSE,
   "unknown key (did you mean `table`?)", "lines.inpatient.tabel"},
  {"ninghai", "\"readmit_days\": 15", "\"readmit_weeks\": 2", YGT_EPARSE, "unknown parameter",
   "lines.inpatient.parameters.readmit_weeks"},
  {"ninghai", "\"prepay_ratio\": 0.85", "\"prepay_ratio\": 1.5", YGT_ERANGE, "", "lines.inpatient.parameters.prepay_ratio"},
  {"ninghai", "\"3B\": 1.15", "\"3Z\": 1.15", YGT_ENOTFOUND, "unknown hospital level", "lines.inpatient.level_coefficients.3Z"},
  {"ninghai", "\"120000.00\"", "\"120000.001\"", YGT_EPARSE, "amount in yuan", "lines.inpatient.fund.employee"},
  {"ninghai", "\"fund\": {\"employee\"", "\"fund\": {\"retired\"", YGT_ENOTFOUND, "unknown insurance type", "lines.inpatient.fund.retired"},
  {"ninghai", "\"resident\": \"90000.00\"", "\"resident\": \"-1.00\"", YGT_ERANGE, "negative", "lines.inpatient.fund.resident"},
  {"ninghai", ", \"resident\": \"90000.00\"", "", YGT_EVALIDATE, "no amount for 'resident'",
   "lines.inpatient.budget_point_value.resident"},
  {"ninghai", "\"rate\": \"10.00\", ", "", YGT_EPARSE, "missing required key", "lines.outpatient.rate"},
  {"ninghai", "\"basis\": \"signed\"", "\"basis\": \"everyone\"", YGT_EPARSE, "'signed' or 'insured'", "lines.outpatient.basis"},
  {"ninghai", "\"months\": 12", "\"months\": 0", YGT_ERANGE, "outside", "lines.outpatient.months"},
  {"ninghai", "\"eligible\": 0.9", "\"eligible\": 1.5", YGT_ERANGE, "outside [0, 1]", "lines.outpatient.eligible"},
  {"ninghai", "\"NH-T01\": 1.05", "\"NH-X99\": 1.05", YGT_ENOTFOUND, "unknown institution", "lines.outpatient.performance.NH-X99"},
  {"ninghai", "\"fund_ratio\": 0.8", "\"fund_ratio\": 1.2", YGT_ERANGE, "outside [0, 1]", "lines.long_stay.fund_ratio"},
  {"ninghai", "\"fund_ratio\": 0.8", "\"fund_ratio\": \"0.8\"", YGT_EPARSE, "a number or an object", "lines.long_stay.fund_ratio"},
  {"ninghai", "\"lines\": {", "\"lines\": [], \"x\": {", YGT_EPARSE, "unknown key", "x"},
  {"chunan", "\"2B\": 9947", "\"4Z\": 9947", YGT_ENOTFOUND, "unknown hospital level", "lines.inpatient.base_rates.employee.4Z"},
  {"chunan", "\"high_factor\": 2.5", "\"slope\": 2.5", YGT_EPARSE, "unknown parameter", "lines.inpatient.levels.2A.slope"},
  {"chunan", "\"special_quota\": 0.05", "\"special_quota\": 0.05, \"basic_level\": \"9\"", YGT_ENOTFOUND,
   "unknown hospital level", "lines.inpatient.parameters.basic_level"},
  {"chunan", "\"special_quota\": 0.05", "\"special_quota\": 2", YGT_ERANGE, "", "lines.inpatient.parameters.special_quota"},
  {"chunan", "\"base_rates\": {", "\"fund_ratio\": {\"resident\": 1.7}, \"base_rates\": {", YGT_ERANGE, "outside [0, 1]",
   "lines.inpatient.fund_ratio.resident"},
  {"chunan", "\"standard_less_patient_share\"", "\"all_of_it\"", YGT_EPARSE, "not a fund rule",
   "lines.inpatient.parameters.fund_rule"},
  {"chunan", "\"budget\": \"3000000.00\"", "\"budget\": \"-3.00\"", YGT_ERANGE, "negative", "lines.primary_care.budget"},
  {"chunan", "\"CA-T02\": 0.95", "\"CA-T02\": 11", YGT_ERANGE, "outside [0, 10]", "lines.primary_care.assessment.CA-T02"},
  {"chunan", "\"table\": \"workload-items.tsv\"", "\"table\": \"\"", YGT_EPARSE, "must name a file", "lines.primary_care.table"},
  {"chunan", "\"method\": \"workload\"", "\"method\": \"perdiem\"", YGT_EPARSE, "(ffs, workload)", "lines.primary_care.method"},
  {"chunan", "\"base_rates\": {", "\"base_rates\": 5, \"x\": {", YGT_EPARSE, "unknown key", "lines.inpatient.x"},
};

static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char buf[1 << 14];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return strdup(buf);
}

static char *replace(const char *text, const char *find, const char *repl) {
  const char *at = strstr(text, find);
  if (!at) fail_msg("'%s' is not in the scheme", find);
  size_t n = strlen(text) - strlen(find) + strlen(repl) + 1;
  char *out = malloc(n);
  snprintf(out, n, "%.*s%s%s", (int)(at - text), text, repl, at + strlen(find));
  return out;
}

static void test_malformed(void **state) {
  (void)state;
  ygt_model *models[2];
  char *texts[2];
  const char *names[2] = {"ninghai", "chunan"};
  for (int b = 0; b < 2; b++) {
    char path[512];
    snprintf(path, sizeof path, DATA "%s", names[b]);
    assert_int_equal(ygt_model_load(&models[b], path), YGT_OK);
    snprintf(path, sizeof path, DATA "%s/%s", names[b], b ? "scheme.json" : "scheme-cases.json");
    texts[b] = read_text(path);
  }
  assert_true(sizeof bad / sizeof *bad >= 20);
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    int b = strcmp(bad[k].bundle, "chunan") == 0;
    char dir[512], *text = replace(texts[b], bad[k].find, bad[k].repl);
    snprintf(dir, sizeof dir, DATA "%s", names[b]);
    ygt_scheme *s = (ygt_scheme *)1;
    int rc = ygt_scheme_parse(&s, models[b], NULL, NULL, text, "scheme.json", dir);
    const ygt_error *e = ygt_error_last();
    if (rc != bad[k].code || !strstr(e->message, bad[k].fragment) || strcmp(e->field, bad[k].field) != 0 ||
        strcmp(e->source, "scheme.json") != 0)
      fail_msg("case %zu: %s (%s): %s [field %s]", k, ygt_error_name(rc), bad[k].repl, e->message, e->field);
    assert_null(s);
    free(text);
  }
  /* a table the scheme names: its own file and line */
  char dir[512], *text = replace(texts[0], "\"drg-points.tsv\"", "\"no-such-table.tsv\"");
  ygt_scheme *s;
  snprintf(dir, sizeof dir, DATA "ninghai");
  assert_int_equal(ygt_scheme_parse(&s, models[0], NULL, NULL, text, NULL, dir), YGT_EIO);
  assert_non_null(strstr(ygt_error_last()->source, "ninghai/no-such-table.tsv"));
  free(text);
  assert_int_equal(ygt_scheme_parse(&s, models[0], NULL, NULL, "{\"format\": ", "x.json", dir), YGT_EPARSE);
  assert_int_equal(ygt_error_last()->line, 1);
  assert_int_equal(ygt_scheme_parse(&s, models[0], NULL, NULL, "[1]", NULL, dir), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "<string>"));
  assert_int_equal(ygt_scheme_parse(&s, models[0], NULL, NULL,
                                    "{\"format\": \"yigongti-scheme/1\", \"lines\": {}}", NULL, dir), YGT_EVALIDATE);
  assert_int_equal(ygt_scheme_load(&s, models[0], NULL, NULL, "/nonexistent/scheme.json"), YGT_EIO);
  assert_int_equal(ygt_scheme_load(&s, NULL, NULL, NULL, "x"), YGT_EINVAL);
  assert_int_equal(ygt_scheme_parse(&s, models[0], NULL, NULL, NULL, NULL, NULL), YGT_EINVAL);
  for (int b = 0; b < 2; b++) {
    free(texts[b]);
    ygt_model_free(models[b]);
  }
}

/* ---- the case files, to the fen of the Python settle command -------------------------- */

typedef struct expect_stay {
  int status, reason;
  int64_t amount, fund;
} expect_stay;

static void check_stays(const ygt_scheme_result *r, const expect_stay *want, size_t n) {
  int8_t line[SF_MAX], status[SF_MAX], reason[SF_MAX];
  int32_t group[SF_MAX];
  int64_t amount[SF_MAX], fund[SF_MAX];
  assert_int_equal(ygt_scheme_result_stay_count(r), n);
  assert_int_equal(ygt_scheme_result_stays(line, group, status, reason, amount, fund, r, n), YGT_OK);
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, NULL, NULL, NULL, NULL, r, n + 1), YGT_EINVAL);
  for (size_t k = 0; k < n; k++) {
    if (status[k] != want[k].status || reason[k] != want[k].reason || amount[k] != want[k].amount ||
        fund[k] != want[k].fund)
      fail_msg("stay %zu: %s/%s %lld %lld, want %s/%s %lld %lld", k, ygt_settle_status_name(status[k]),
               ygt_settle_reason_name(reason[k]), (long long)amount[k], (long long)fund[k],
               ygt_settle_status_name(want[k].status), ygt_settle_reason_name(want[k].reason),
               (long long)want[k].amount, (long long)want[k].fund);
  }
}

/* Every field of every institution and line summed over the institutions
 * (and the unknown slot) equals the total the result gives for "all". */
static void check_reconciles(const ygt_scheme_result *r) {
  size_t ninst = ygt_scheme_result_institutions(r);
  for (int line = -1; line < 4; line++)
    for (int f = 0; f < 16; f++) {
      int64_t sum = 0;
      for (size_t i = 0; i <= ninst; i++) sum += get(r, (int32_t)i, line, f);
      assert_int_equal(sum, get(r, -1, line, f));
    }
  for (int line = 0; line < 4; line++) {
    int64_t cases = get(r, -1, line, YGT_SCHEME_CASES);
    assert_int_equal(cases, get(r, -1, line, YGT_SCHEME_SETTLED) + get(r, -1, line, YGT_SCHEME_UNSETTLED) +
                                get(r, -1, line, YGT_SCHEME_UNINSURED));
  }
}

static void test_ninghai_like_python(void **state) {
  (void)state;
  world w = {0};
  world_open(&w, "ninghai");
  ygt_scheme_result *r = settle(&w);
  /* `python3 -m yigongti settle --bundle examples/data/ninghai` before the scheme moved to C */
  const expect_stay want[] = {
    {0, YGT_REASON_READMISSION, 1102802, 982802}, {0, 0, 2205604, 2095604}, {0, 0, 3084859, 2994859},
    {0, YGT_REASON_LOW_COST, 786639, 756639}, {0, YGT_REASON_HIGH_COST, 6273187, 5773187},
    {0, YGT_REASON_INCOMPLETE, 2313644, 2253644}, {0, 0, 1654203, 1574203}, {0, 0, 1654203, 1574203},
    {0, YGT_REASON_PER_DIEM, 3084859, 2994859}, {0, YGT_REASON_PER_DIEM, 1890000, 1352000},
    {0, YGT_REASON_PER_DIEM, 1440000, 1032000}};
  check_stays(r, want, 11);
  assert_true(fabs(figure(r, YGT_SCHEME_POINT_VALUE, 0) - 159.8264) < 5e-5);
  assert_true(fabs(figure(r, YGT_SCHEME_POINT_VALUE, 1) - 385.6073) < 5e-5);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_PREPAYMENT), 7161208);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_CLEARING), 13838792);
  assert_int_equal(get(r, -1, YGT_LINE_LONG_STAY, YGT_SCHEME_FUND), 2384000);
  int32_t t01 = inst(&w, "NH-T01"), t15 = inst(&w, "NH-T15"), h01 = inst(&w, "NH-H01");
  assert_int_equal(get(r, t01, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL), 218181600);
  assert_int_equal(get(r, t01, YGT_LINE_OUTPATIENT, YGT_SCHEME_CHARGED), 16000);
  assert_int_equal(get(r, t15, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL), 94500000);
  /* the pool balance goes to NH-T01, the charge to NH-H01 where the visit was */
  assert_int_equal(get(r, t01, YGT_LINE_OUTPATIENT, YGT_SCHEME_FUND), 218181600 - 16000);
  assert_int_equal(get(r, h01, YGT_LINE_OUTPATIENT, YGT_SCHEME_FUND), 16000);
  assert_int_equal(get(r, -1, YGT_LINE_OUTPATIENT, YGT_SCHEME_FUND), get(r, -1, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL));
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_FUND),
                   982802 + 2095604 + 2994859 + 756639 + 5773187 + 2253644 + 1574203 * 2 + 2994859);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_SETTLED), 9);
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_CASES), 13);
  check_reconciles(r);
  ygt_scheme_result_free(r);
  world_close(&w);
}

/* person_scale scales the model's persons in the capitation pools (a scaled synthetic county). */
static void test_person_scale(void **state) {
  (void)state;
  world w = {0};
  world_open(&w, "ninghai");
  ygt_scheme_input in;
  ygt_scheme_result *r;
  sf_input(&in, &w.year);
  int32_t t01 = inst(&w, "NH-T01");
  in.person_scale = 0.5;
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, &in), YGT_OK);
  /* 0.5 × the 36,360 signed persons of NH-T01: 18,180 × 10 yuan × 12 × 0.9 × 1.05 */
  assert_int_equal(get(r, t01, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL), 218181600 / 2);
  ygt_scheme_result_free(r);
  in.person_scale = -1;
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "person_scale"));
  world_close(&w);
}

/* 异地就医: a stay out of the province (NH-R03, 华山医院) is left to the treating place's rules: excluded
 * from the point method with reason out_of_area and paid fee for service, never priced by the county's point
 * value (which, below the patient's share, gave the hospital a negative fund in the county year). */
static void test_out_of_area_stay_is_fee_for_service(void **state) {
  (void)state;
  world w = {0};
  world_open(&w, "ninghai");
  int32_t r03 = inst(&w, "NH-R03");
  assert_int_equal(ygt_cases_set_int(w.year.stays, 0, YGT_CASE_INSTITUTION, r03), YGT_OK);
  ygt_scheme_result *r = settle(&w);
  int8_t status[SF_MAX], reason[SF_MAX];
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, status, reason, NULL, NULL, r, w.year.nstays), YGT_OK);
  assert_int_equal(status[0], YGT_SETTLE_EXCLUDED);
  assert_int_equal(reason[0], YGT_REASON_OUT_OF_AREA);
  assert_string_equal(ygt_settle_reason_name(reason[0]), "out_of_area");
  int64_t ffs = get(r, r03, YGT_LINE_INPATIENT, YGT_SCHEME_FFS_FUND);
  assert_true(ffs > 0);
  assert_int_equal(get(r, r03, YGT_LINE_INPATIENT, YGT_SCHEME_UNSETTLED_FUND), ffs);
  assert_int_equal(get(r, r03, YGT_LINE_INPATIENT, YGT_SCHEME_FUND), 0);
  assert_int_equal(get(r, r03, YGT_LINE_INPATIENT, YGT_SCHEME_SCORE_UNITS), 0);
  check_reconciles(r);
  ygt_scheme_result_free(r);
  world_close(&w);
}

/* The point method with fund_from_cases (Ninghai's scheme.json): the stays' amounts add up, to the fen, to
 * the fund base, point value × points (each stay rounded on its own drifted from it). */
static void test_points_from_cases_to_the_fen(void **state) {
  (void)state;
  world w = {0};
  assert_int_equal(ygt_model_load(&w.model, DATA "ninghai"), YGT_OK);
  assert_int_equal(ygt_scheme_load(&w.scheme, w.model, NULL, NULL, DATA "ninghai/scheme.json"), YGT_OK);
  assert_int_equal(sf_read(&w.year, w.scheme, w.model, DATA "ninghai/payment-cases.tsv"), 0);
  ygt_scheme_result *r = settle(&w);
  double base = 0;
  for (int ins = 0; ins < 2; ins++)
    base += figure(r, YGT_SCHEME_POINT_VALUE, ins) * figure(r, YGT_SCHEME_TOTAL_POINTS, ins) * 100;
  int64_t amount = 0;
  for (size_t i = 0; i < ygt_model_institution_count(w.model); i++)
    amount += get(r, (int32_t)i, YGT_LINE_INPATIENT, YGT_SCHEME_AMOUNT);
  if (amount != llround(base)) fail_msg("the stays are paid %lld fen, the fund base is %.3f", (long long)amount, base);
  assert_true(amount > 0);
  ygt_scheme_result_free(r);
  world_close(&w);
}

static void test_chunan_like_python(void **state) {
  (void)state;
  world w = {0};
  world_open(&w, "chunan");
  ygt_scheme_result *r = settle(&w);
  const expect_stay want[] = {
    /* the fund pays the standard less what the patient paid (fund_rule standard_less_patient_share) */
    {0, 0, 976099, 976099 - 90000}, {0, 0, 660914, 660914 - 70000}, {0, 0, 298550, 298550 - 30000},
    {0, 0, 298550, 298550 - 30000}, {0, YGT_REASON_HIGH_COST, 4000000, 4000000 - 400000}, {YGT_SETTLE_EXCLUDED, YGT_REASON_LONG_STAY, 0, 0},
    {YGT_SETTLE_SPECIAL_REVIEW, YGT_REASON_UNMATCHED, 0, 0}};
  check_stays(r, want, 7);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_FUND), 886099 + 590914 + 268550 * 2 + 3600000);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_REVIEW, YGT_LINE_INPATIENT) == 1);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_ALLOWED, YGT_LINE_INPATIENT) == 0);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_UNSETTLED), 2);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_UNSETTLED_COST), 1200000);
  int32_t t01 = inst(&w, "CA-T01"), t02 = inst(&w, "CA-T02");
  assert_int_equal(get(r, t01, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL), 2203200000); /* 45 yuan × 48,000 signed × 0.85 × 12 */
  assert_int_equal(get(r, t01, YGT_LINE_OUTPATIENT, YGT_SCHEME_CHARGED), 20000);
  assert_true(fabs(figure(r, YGT_SCHEME_UNIT_VALUE, 0) - 111.1111) < 5e-5);
  assert_int_equal(get(r, t01, YGT_LINE_PRIMARY_CARE, YGT_SCHEME_FUND), 200000000);
  assert_int_equal(get(r, t02, YGT_LINE_PRIMARY_CARE, YGT_SCHEME_FUND), 95000000);
  assert_int_equal(get(r, -1, YGT_LINE_PRIMARY_CARE, YGT_SCHEME_SETTLED), 4);
  assert_int_equal(get(r, t01, YGT_LINE_PRIMARY_CARE, YGT_SCHEME_SCORE_UNITS), 18000000000);
  check_reconciles(r);
  ygt_scheme_result_free(r);
  world_close(&w);
}

/* ---- order, fee for service, input errors ----------------------------------------------- */

/* dst: src's stays and visits in the order of the permutations. */
static void permute(sf_year *dst, const sf_year *src, const size_t *ps, const size_t *pv) {
  static const int ints[] = {YGT_CASE_INSTITUTION, YGT_CASE_INSURANCE, YGT_CASE_DISCHARGE_DATE, YGT_CASE_LOS_DAYS,
                             YGT_CASE_LEAVING_TYPE};
  static const int money[] = {YGT_CASE_TOTAL_COST, YGT_CASE_SELF_PAID};
  *dst = *src;
  assert_int_equal(ygt_codes_new(&dst->dx, YGT_CODE_DIAGNOSIS), YGT_OK);
  assert_int_equal(ygt_codes_new(&dst->proc, YGT_CODE_PROCEDURE), YGT_OK);
  assert_int_equal(ygt_cases_new(&dst->stays, dst->dx, dst->proc, 0), YGT_OK);
  for (size_t k = 0; k < src->nstays; k++) {
    size_t row, o = ps[k];
    assert_int_equal(ygt_cases_append(dst->stays, &row), YGT_OK);
    for (size_t c = 0; c < 5; c++) {
      int32_t v;
      assert_int_equal(ygt_cases_get_int(src->stays, o, ints[c], &v), YGT_OK);
      assert_int_equal(ygt_cases_set_int(dst->stays, row, ints[c], v), YGT_OK);
    }
    for (size_t c = 0; c < 2; c++) {
      int64_t v;
      assert_int_equal(ygt_cases_get_int64(src->stays, o, money[c], &v), YGT_OK);
      assert_int_equal(ygt_cases_set_int64(dst->stays, row, money[c], v), YGT_OK);
    }
    dst->group[k] = src->group[o];
    dst->cls[k] = src->cls[o];
    dst->patient[k] = src->patient[o];
  }
  for (size_t k = 0; k < src->nvisits; k++) {
    size_t o = pv[k];
    dst->v_inst[k] = src->v_inst[o], dst->v_home[k] = src->v_home[o], dst->v_ins[k] = src->v_ins[o];
    dst->v_item[k] = src->v_item[o], dst->v_cost[k] = src->v_cost[o], dst->v_fund[k] = src->v_fund[o];
    dst->v_qty[k] = src->v_qty[o];
  }
}

static void same_results(const ygt_scheme_result *a, const ygt_scheme_result *b, const size_t *ps, size_t n) {
  size_t ninst = ygt_scheme_result_institutions(a);
  for (size_t i = 0; i <= ninst; i++)
    for (int line = 0; line < 4; line++)
      for (int f = 0; f < 16; f++) assert_int_equal(get(a, (int32_t)i, line, f), get(b, (int32_t)i, line, f));
  for (int fig = 0; fig < 6; fig++)
    for (int k = 0; k < (fig >= 3 && fig < 5 ? 4 : 2); k++)
      assert_true(figure(a, fig, k) == figure(b, fig, k));
  int64_t fa[SF_MAX], fb[SF_MAX];
  int8_t sa[SF_MAX], sb[SF_MAX];
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, sa, NULL, NULL, fa, a, n), YGT_OK);
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, sb, NULL, NULL, fb, b, n), YGT_OK);
  for (size_t k = 0; k < n; k++) {
    assert_int_equal(fa[ps[k]], fb[k]);
    assert_int_equal(sa[ps[k]], sb[k]);
  }
}

static void test_order_does_not_matter(void **state) {
  (void)state;
  const char *bundles[] = {"ninghai", "chunan"};
  for (int b = 0; b < 2; b++) {
    world w = {0};
    world_open(&w, bundles[b]);
    ygt_scheme_result *r = settle(&w);
    for (unsigned seed = 1; seed <= 5; seed++) {
      size_t ps[SF_MAX], pv[SF_MAX];
      for (size_t k = 0; k < w.year.nstays; k++) ps[k] = k;
      for (size_t k = 0; k < w.year.nvisits; k++) pv[k] = k;
      srand(seed);
      for (size_t k = w.year.nstays; k > 1; k--) {
        size_t j = (size_t)rand() % k, t = ps[k - 1];
        ps[k - 1] = ps[j], ps[j] = t;
      }
      for (size_t k = w.year.nvisits; k > 1; k--) {
        size_t j = (size_t)rand() % k, t = pv[k - 1];
        pv[k - 1] = pv[j], pv[j] = t;
      }
      world v = w;
      permute(&v.year, &w.year, ps, pv);
      ygt_scheme_result *q = settle(&v);
      same_results(r, q, ps, w.year.nstays);
      ygt_scheme_result_free(q);
      sf_free(&v.year);
    }
    ygt_scheme_result_free(r);
    world_close(&w);
  }
}

/* Fee for service on every line pays exactly the input's fund column. */
static void test_fee_for_service(void **state) {
  (void)state;
  world w = {0};
  world_open(&w, "ninghai");
  ygt_scheme *ffs;
  const char *text = "{\"format\": \"yigongti-scheme/1\", \"id\": \"ffs\", \"lines\": {\"inpatient\": {\"method\": \"ffs\"},"
                     " \"outpatient\": {\"method\": \"ffs\"}, \"long_stay\": {\"method\": \"ffs\"},"
                     " \"primary_care\": {\"method\": \"ffs\", \"note\": \"no workload money\"}}}";
  assert_int_equal(ygt_scheme_parse(&ffs, w.model, NULL, NULL, text, "ffs.json", NULL), YGT_OK);
  assert_string_equal(ygt_scheme_provenance(ffs, "document"), "");
  /* one stay and one visit uninsured: the patient pays them */
  assert_int_equal(ygt_cases_set_int(w.year.stays, 3, YGT_CASE_INSURANCE, YGT_CASES_NA), YGT_OK);
  w.year.v_ins[1] = -1;
  ygt_scheme *keep = w.scheme;
  w.scheme = ffs;
  ygt_scheme_result *r = settle(&w);
  int64_t fund = 0, cost = 0;
  for (size_t k = 0; k < w.year.nstays; k++) {
    int64_t c, s;
    int32_t ins;
    ygt_cases_get_int64(w.year.stays, k, YGT_CASE_TOTAL_COST, &c);
    ygt_cases_get_int64(w.year.stays, k, YGT_CASE_SELF_PAID, &s);
    ygt_cases_get_int(w.year.stays, k, YGT_CASE_INSURANCE, &ins);
    cost += c;
    fund += ins == YGT_CASES_NA ? 0 : c - s;
  }
  for (size_t k = 0; k < w.year.nvisits; k++) {
    cost += w.year.v_cost[k];
    fund += w.year.v_ins[k] < 0 ? 0 : w.year.v_fund[k];
  }
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_FUND), fund);
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_FFS_FUND), fund);
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_COST), cost);
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_PATIENT) + fund, cost);
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_UNINSURED), 2);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_AMOUNT),
                   get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_COST) - 240000);
  int8_t status[SF_MAX], reason[SF_MAX];
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, status, reason, NULL, NULL, r, w.year.nstays), YGT_OK);
  assert_int_equal(status[3], YGT_SETTLE_INVALID);
  assert_int_equal(reason[3], YGT_REASON_NO_INSURANCE);
  assert_int_equal(get(r, -1, YGT_LINE_PRIMARY_CARE, YGT_SCHEME_FUND), 0);
  check_reconciles(r);
  ygt_scheme_result_free(r);
  w.scheme = keep;
  ygt_scheme_free(ffs);
  world_close(&w);
}

static void test_bad_input(void **state) {
  (void)state;
  world w = {0};
  world_open(&w, "chunan");
  ygt_scheme_input in;
  ygt_scheme_result *r = (ygt_scheme_result *)1;
  sf_input(&in, &w.year);
  in.version = 2;
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, &in), YGT_EINVAL);
  assert_null(r);
  sf_input(&in, &w.year);
  in.visit_fund = NULL;
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "visits need"));
  sf_input(&in, &w.year);
  w.year.group[2] = 5000;
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "stay 2: group 5000"));
  w.year.group[2] = -1;
  w.year.v_item[0] = 99;
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "visit 0: workload item 99"));
  w.year.v_item[0] = -1;
  assert_int_equal(ygt_scheme_settle(NULL, w.scheme, &in), YGT_EINVAL);
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, NULL), YGT_EINVAL);
  /* no rows at all: the pools are still paid, nothing else */
  ygt_scheme_input_init(&in);
  assert_int_equal(ygt_scheme_settle(&r, w.scheme, &in), YGT_OK);
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_FUND), get(r, -1, -1, YGT_SCHEME_POOL));
  assert_int_equal(get(r, -1, -1, YGT_SCHEME_CASES), 0);
  assert_int_equal(ygt_scheme_result_stay_count(r), 0);
  int64_t v;
  assert_int_equal(ygt_scheme_result_get(&v, r, -2, 0, 0), YGT_ERANGE);
  assert_int_equal(ygt_scheme_result_get(&v, r, 0, 4, 0), YGT_ERANGE);
  assert_int_equal(ygt_scheme_result_get(&v, r, 0, 0, 19), YGT_EINVAL);
  double d;
  assert_int_equal(ygt_scheme_result_figure(&d, r, YGT_SCHEME_POINT_VALUE, 2), YGT_ERANGE);
  assert_int_equal(ygt_scheme_result_figure(&d, r, YGT_SCHEME_POINT_VALUE_FEN, 2), YGT_ERANGE);
  assert_int_equal(ygt_scheme_result_figure(&d, r, 10, 0), YGT_EINVAL);
  ygt_scheme_result_free(r);
  world_close(&w);
}

/* ---- DIP through the scheme equals DIP run by hand ----------------------------------------- */

static void test_dip_year(void **state) {
  (void)state;
  ygt_codes *dx, *proc;
  if (load_icd(&dx, &proc)) skip();
  ygt_model *m;
  ygt_scheme *s;
  ygt_cases *c;
  assert_int_equal(ygt_model_load(&m, DATA "zhuhai"), YGT_OK);
  /* the parameter file's fund, as the by-hand run below uses it */
  char *text = read_text(DATA "zhuhai/scheme.json"), *plain = replace(text, ",\n                  \"fund_from_cases\": true", "");
  assert_int_equal(ygt_scheme_parse(&s, m, dx, proc, plain, "scheme.json", DATA "zhuhai"), YGT_OK);
  free(text);
  free(plain);
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(c, DATA "zhuhai/dip-cases.tsv"), YGT_OK);
  assert_true(ygt_cases_resolve_institutions(c, m) >= 0);
  size_t n = ygt_cases_count(c);
  ygt_scheme_input in;
  ygt_scheme_result *r;
  ygt_scheme_input_init(&in);
  in.stays = c;
  assert_int_equal(ygt_scheme_settle(&r, s, &in), YGT_OK);
  /* by hand: score, point values, price */
  ygt_dip_catalog *cat;
  ygt_settle_params *params;
  ygt_dip_engine *engine;
  ygt_settle_accum *acc, *ledger;
  ygt_settle_values *values;
  int8_t *status = calloc(n, 1);
  int64_t *units = calloc(n, sizeof *units), *fund = calloc(n, sizeof *fund), *got = calloc(n, sizeof *got);
  assert_int_equal(ygt_dip_catalog_load(&cat, dx, proc, DATA "zhuhai/dip-catalogue.tsv"), YGT_OK);
  assert_int_equal(ygt_settle_params_load(&params, DATA "zhuhai/dip-params.json"), YGT_OK);
  assert_int_equal(ygt_dip_engine_new(&engine, cat, params, m), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&acc, ygt_model_institution_count(m)), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&ledger, ygt_model_institution_count(m)), YGT_OK);
  assert_int_equal(ygt_dip_score(acc, NULL, status, NULL, units, engine, c, 0, n), YGT_OK);
  assert_int_equal(ygt_settle_finalise(&values, acc, params), YGT_OK);
  assert_int_equal(ygt_settle_price(ledger, NULL, fund, values, c, status, units, 0, n), YGT_OK);
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, NULL, NULL, NULL, got, r, n), YGT_OK);
  for (size_t k = 0; k < n; k++) assert_int_equal(got[k], status[k] == YGT_SETTLE_OK ? fund[k] : 0);
  int64_t total;
  double pv;
  assert_int_equal(ygt_settle_accum_total(&total, ledger, YGT_FIELD_FUND, -1, -1, -1), YGT_OK);
  assert_int_equal(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_FUND), total);
  assert_int_equal(ygt_settle_values_get(&pv, values, YGT_VALUE_POINT_VALUE, 1), YGT_OK);
  assert_true(figure(r, YGT_SCHEME_POINT_VALUE, 1) == pv && pv > 0);
  assert_true(get(r, -1, YGT_LINE_INPATIENT, YGT_SCHEME_SETTLED) > (int64_t)n * 9 / 10);
  check_reconciles(r);
  free(status), free(units), free(fund), free(got);
  ygt_settle_values_free(values);
  ygt_settle_accum_free(acc);
  ygt_settle_accum_free(ledger);
  ygt_dip_engine_free(engine);
  ygt_settle_params_free(params);
  ygt_dip_catalog_free(cat);
  ygt_scheme_result_free(r);
  /* stays over other dictionaries than the catalogue's */
  ygt_cases *other;
  ygt_codes *dx2;
  assert_int_equal(ygt_codes_new(&dx2, YGT_CODE_DIAGNOSIS), YGT_OK);
  assert_int_equal(ygt_cases_new(&other, dx2, proc, 0), YGT_OK);
  in.stays = other;
  assert_int_equal(ygt_scheme_settle(&r, s, &in), YGT_EINVAL);
  ygt_cases_free(other);
  ygt_codes_free(dx2);
  ygt_cases_free(c);
  ygt_scheme_free(s);
  ygt_model_free(m);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
}

/* ---- out of memory --------------------------------------------------------------------------- */

typedef struct attempt {
  const ygt_model *model;
  const ygt_codes *dx, *proc;
  const char *path;
  const ygt_scheme *scheme;
  const ygt_scheme_input *in;
} attempt;

static int try_load(void **out, const attempt *a) {
  return ygt_scheme_load((ygt_scheme **)out, a->model, a->dx, a->proc, a->path);
}

static int try_settle(void **out, const attempt *a) {
  return ygt_scheme_settle((ygt_scheme_result **)out, a->scheme, a->in);
}

static void free_scheme(void *p) { ygt_scheme_free(p); }
static void free_result(void *p) { ygt_scheme_result_free(p); }

/* Runs fn with the n-th allocation after the setup failing, n = 1, 2, ...
 * until it succeeds; every failure must be a clean YGT_ENOMEM that returns
 * no object and leaves nothing allocated.  Returns the number of failures. */
static long fail_each(testutil_failing *f, int (*fn)(void **, const attempt *), void (*destroy)(void *),
                      const attempt *a) {
  long n;
  for (n = 1; n < 1000000; n++) {
    size_t before = ygt_allocated_blocks();
    void *obj = (void *)1;
    f->fail_at = f->calls + n;
    int rc = fn(&obj, a);
    f->fail_at = 0;
    if (rc == YGT_OK) {
      destroy(obj);
      break;
    }
    if (rc != YGT_ENOMEM) fail_msg("allocation %ld: %s", n, ygt_error_last()->message);
    assert_null(obj);
    assert_int_equal(ygt_allocated_blocks(), before);
  }
  return n - 1;
}

static void test_out_of_memory(void **state) {
  (void)state;
  const char *bundles[] = {"ninghai", "chunan"};
  for (int b = 0; b < 2; b++) {
    testutil_failing f;
    assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
    world w = {0};
    world_open(&w, bundles[b]);
    char path[512];
    ygt_scheme_input in;
    sf_input(&in, &w.year);
    snprintf(path, sizeof path, DATA "%s/scheme.json", bundles[b]);
    attempt a = {w.model, NULL, NULL, path, w.scheme, &in};
    assert_true(fail_each(&f, try_load, free_scheme, &a) > 10);
    assert_true(fail_each(&f, try_settle, free_result, &a) > 10);
    world_close(&w);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  }
}

/* A DIP scheme fails cleanly at every allocation of its catalogue and parameters. */
static void test_out_of_memory_dip(void **state) {
  (void)state;
  testutil_failing f;
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
  ygt_codes *dx, *proc;
  ygt_model *m;
  if (load_icd(&dx, &proc)) {
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
    skip();
  }
  assert_int_equal(ygt_model_load(&m, DATA "linxiang"), YGT_OK);
  attempt a = {m, dx, proc, DATA "linxiang/scheme.json", NULL, NULL};
  assert_true(fail_each(&f, try_load, free_scheme, &a) > 20);
  ygt_model_free(m);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  assert_int_equal(ygt_allocated_blocks(), 0);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_names),
    cmocka_unit_test(test_ninghai_and_chunan_load),
    cmocka_unit_test(test_dip_bundles_load),
    cmocka_unit_test(test_casemix_codes),
    cmocka_unit_test(test_malformed),
    cmocka_unit_test(test_ninghai_like_python),
    cmocka_unit_test(test_person_scale),
    cmocka_unit_test(test_out_of_area_stay_is_fee_for_service),
    cmocka_unit_test(test_chunan_like_python),
    cmocka_unit_test(test_points_from_cases_to_the_fen),
    cmocka_unit_test(test_order_does_not_matter),
    cmocka_unit_test(test_fee_for_service),
    cmocka_unit_test(test_bad_input),
    cmocka_unit_test(test_dip_year),
    cmocka_unit_test(test_out_of_memory),
    cmocka_unit_test(test_out_of_memory_dip),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
