/* A small DIP world shared by test_dip.c and test_settle.c: dictionaries of
 * real ICD-10 / ICD-9-CM-3 医保版 codes, a two-hospital model, a catalogue
 * and a parameter set whose numbers the tests compute by hand. */
#ifndef YGT_DIP_FIXTURE_H
#define YGT_DIP_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fixture {
  ygt_codes *dx, *proc;
  ygt_model *model;
  ygt_dip_catalog *cat;
  ygt_settle_params *params;
  ygt_dip_engine *engine;
  char cat_path[256];
} fixture;

/* Rows written with '|' between fields; turned into tabs. */
static inline char *fixture_tsv(const char *text) {
  char *s = strdup(text);
  for (char *p = s; *p; p++)
    if (*p == '|') *p = '\t';
  return s;
}

#define DIP_HEADER "kind|group|name|dx|procs|proc_type|rw|std_cost|std_cost_3|grassroots|factor|low|high|coef|weight|pproc\n"

/* RW and standard costs (yuan) used by the hand computations:
 *   K80-LC    K80.1* + 51.23*            RW 1.5, std 10000, 三级 12000
 *   K80-LC-T  K80.1* + 51.23* + 99.04*   RW 1.8, std 12000
 *   K80-CON   K80.1*, conservative       RW 0.6, std 4000, 基层病种
 *   I63-CON   I63.9*, conservative       RW 1.0, std 8000
 *   I63-SUR   I63*, surgical (comprehensive)     RW 2.0, std 20000
 *   K80-DIA   K80*, diagnostic (comprehensive)   RW 0.7, std 5000
 * aux: age 80+ × 1.1; CCI (I10* 1, E11* 2) 3+ × 1.2; severity (N18.5* 3) 3+ × 1.05 */
static const char fixture_catalog[] = DIP_HEADER
  "proc_type||||51.23*, 51.22*, 00.66*|surgical|||||||||\n"
  "proc_type||||88.7*|diagnostic|||||||||\n"
  "proc_type||||99.04*|therapeutic|||||||||\n"
  "core|K80-LC|腹腔镜胆囊切除|K80.1*|51.23*||1.5|10000|12000||||||\n"
  "core|K80-LC-T|腹腔镜胆囊切除伴输血|K80.1*|51.23* + 99.04*||1.8|12000|||||||\n"
  "core|K80-CON|胆囊结石保守治疗|K80.1*|||0.6|4000||1|||||\n"
  "core|I63-CON|脑梗死保守治疗|I63.9*|||1.0|8000|||||||\n"
  "comprehensive|I63-SUR|脑梗死手术|I63*||surgical|2.0|20000|||||||\n"
  "comprehensive|K80-DIA|胆石症诊断性操作|K80*||diagnostic|0.7|5000|||||||\n"
  "aux||||||||||age|80||1.1|\n"
  "cci|||I10*|||||||||||1\n"
  "cci|||E11*|||||||||||2\n"
  "aux||||||||||cci|3||1.2|\n"
  "severity|||N18.5*|||||||||||3\n"
  "aux||||||||||severity|3|9|1.05|\n";

static inline char *fixture_catalog_text(void) { return fixture_tsv(fixture_catalog); }

static const char fixture_params[] =
  "{\n"
  "  \"format\": \"yigongti-settle/1\",\n"
  "  \"id\": \"test-dip-2024\",\n"
  "  \"method\": \"dip\",\n"
  "  \"provenance\": {\"document\": \"unit test\", \"locality\": \"440400\",\n"
  "                  \"period\": [\"2024-01-01\", \"2024-12-31\"]},\n"
  "  \"deviation\": {\"low\": 0.5, \"high\": 2, \"extreme\": 5},\n"
  "  \"level_coefficients\": {\"3A\": 1.2, \"1\": 0.8},\n"
  "  \"prepay_ratio\": 0.9,\n"
  "  \"insurance\": {\n"
  "    \"employee\": {\"fund\": \"100000.00\", \"reimbursement_ratio\": 0.8,\n"
  "                 \"history\": {\"costs\": [\"9000.00\", \"10000.00\", \"11000.00\"]}},\n"
  "    \"resident\": {\"fund\": \"50000.00\", \"reimbursement_ratio\": 0.5}\n"
  "  }\n"
  "}\n";

static const char *const fixture_dx_codes[] = {"I63.900", "I63.901", "K80.100", "K80.101", "J18.900",
                                               "E11.900", "I10.x00", "N18.500", "K80.200", NULL};
static const char *const fixture_proc_codes[] = {"51.2300", "51.2200", "88.7100", "99.0400", "00.6600",
                                                 "39.6500", "39.6500x001", NULL};

static inline int fixture_model(ygt_model **out) {
  ygt_model_builder *b;
  int rc = ygt_model_builder_new(&b);
  if (rc) return rc;
  rc = ygt_model_builder_set_locality(b, "440400", "珠海市");
  if (!rc) rc = ygt_model_builder_add_institution(b, "H3", "市人民医院", YGT_TIER_CITY, YGT_KIND_GENERAL_HOSPITAL,
                                                  YGT_LEVEL_3A, 1000, 0, NULL);
  if (!rc) rc = ygt_model_builder_add_institution(b, "H1", "镇卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_TOWNSHIP,
                                                  YGT_LEVEL_1, 50, 0, NULL);
  if (!rc) rc = ygt_model_build(out, b);
  ygt_model_builder_free(b);
  return rc;
}

static inline int fixture_dicts(fixture *f) {
  int rc = ygt_codes_new(&f->dx, YGT_CODE_DIAGNOSIS);
  if (!rc) rc = ygt_codes_new(&f->proc, YGT_CODE_PROCEDURE);
  for (int i = 0; !rc && fixture_dx_codes[i]; i++) rc = ygt_codes_add(f->dx, fixture_dx_codes[i], "", NULL);
  for (int i = 0; !rc && fixture_proc_codes[i]; i++) rc = ygt_codes_add(f->proc, fixture_proc_codes[i], "", NULL);
  return rc;
}

static inline int fixture_open(fixture *f, const char *params_json) {
  memset(f, 0, sizeof *f);
  int rc = fixture_dicts(f);
  if (!rc) rc = fixture_model(&f->model);
  char *text = fixture_catalog_text();
  if (!rc && !testutil_write_temp(f->cat_path, sizeof f->cat_path, ".tsv", text)) rc = YGT_EIO;
  free(text);
  if (!rc) rc = ygt_dip_catalog_load(&f->cat, f->dx, f->proc, f->cat_path);
  if (!rc) rc = ygt_settle_params_parse(&f->params, params_json ? params_json : fixture_params, "params.json");
  if (!rc) rc = ygt_dip_engine_new(&f->engine, f->cat, f->params, f->model);
  return rc;
}

static inline void fixture_close(fixture *f) {
  ygt_dip_engine_free(f->engine);
  ygt_settle_params_free(f->params);
  ygt_dip_catalog_free(f->cat);
  ygt_model_free(f->model);
  ygt_codes_free(f->dx);
  ygt_codes_free(f->proc);
  if (f->cat_path[0]) unlink(f->cat_path);
  memset(f, 0, sizeof *f);
}

/* One case added to a batch: institution index, insurance, YYYYMMDD,
 * principal diagnosis, '|'-free lists as "a,b", cost in fen, age. */
typedef struct fx_case {
  int32_t inst, ins, date;
  const char *pdx, *sdx, *procs;
  int64_t cost, share;
  int32_t age, day_surgery;
} fx_case;

static inline int fixture_add_list(ygt_cases *c, size_t row, int column, const char *list) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", list ? list : "");
  for (char *p = strtok(buf, ","); p; p = strtok(NULL, ",")) {
    int rc = ygt_cases_add_code(c, row, column, p);
    if (rc) return rc;
  }
  return YGT_OK;
}

static inline int fixture_add(ygt_cases *c, const fx_case *k) {
  size_t r;
  int rc = ygt_cases_append(c, &r);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_INSTITUTION, k->inst);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_INSURANCE, k->ins);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_DISCHARGE_DATE, k->date);
  if (!rc) rc = ygt_cases_set_code(c, r, YGT_CASE_PDX, k->pdx);
  if (!rc) rc = fixture_add_list(c, r, YGT_CASE_SDX, k->sdx);
  if (!rc) rc = fixture_add_list(c, r, YGT_CASE_PROCS, k->procs);
  if (!rc) rc = ygt_cases_set_int64(c, r, YGT_CASE_TOTAL_COST, k->cost);
  if (!rc) rc = ygt_cases_set_int64(c, r, YGT_CASE_SELF_PAID, k->share);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_AGE_YEARS, k->age ? k->age : 50);
  if (!rc) rc = ygt_cases_set_int(c, r, YGT_CASE_DAY_SURGERY, k->day_surgery);
  return rc;
}

#endif
