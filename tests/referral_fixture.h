/* A small county for the referral tests, built through the model builder
 * API, a small diagnosis dictionary, and a valid rule file whose sections
 * each test may replace. */
#ifndef YGT_REFERRAL_FIXTURE_H
#define YGT_REFERRAL_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yigongti.h"

/* Institutions (model index in brackets):
 *   CH [0] county general 3B, chest pain + stroke + trauma, lead of K1
 *   CT [1] county TCM hospital, lead of specialty community S1
 *   CM [2] county maternal-child, critical maternal + child, lead of S2
 *   T1 [3] central township (K1)       T2 [4] township (K1)
 *   V1 [5] village clinic run by T1 (K1)
 *   DH [6] county general 2A, chest pain, lead of K2     T3 [7] township (K2)
 *   R1 [8] city hospital 3A, chest pain + stroke          R2 [9] provincial hospital 3A
 * Grids: G1 -> K1 (T1), G2 -> K1 (T2), G3 -> K2 (T3). */
enum { CH, CT, CM, T1, T2, V1, DH, T3, R1, R2 };
enum { G1, G2, G3 };

static const char *const fixture_codes[] = {
  "I10.x00", "E11.900", "J06.900", "J18.900", "I63.900", "I69.300", "I21.900", "K35.800",
  "S72.000", "O14.100", "P07.300", "M17.900", "C71.900", "R07.400", NULL,
};

static inline ygt_codes *fixture_dictionary(void) {
  ygt_codes *dx;
  if (ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS)) return NULL;
  for (int i = 0; fixture_codes[i]; i++)
    if (ygt_codes_add(dx, fixture_codes[i], fixture_codes[i], NULL)) return NULL;
  return dx;
}

#define DES(x) (1u << YGT_DESIGNATION_##x)

static inline ygt_model *fixture_model(void) {
  ygt_model_builder *b;
  ygt_model *m = NULL;
  int rc = ygt_model_builder_new(&b);
  rc |= ygt_model_builder_add_institution(b, "CH", "县医院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL, YGT_LEVEL_3B,
                                          500, DES(CHEST_PAIN) | DES(STROKE) | DES(TRAUMA), NULL);
  rc |= ygt_model_builder_add_institution(b, "CT", "中医院", YGT_TIER_COUNTY, YGT_KIND_TCM_HOSPITAL, YGT_LEVEL_2A,
                                          200, 0, NULL);
  rc |= ygt_model_builder_add_institution(b, "CM", "妇幼", YGT_TIER_COUNTY, YGT_KIND_MATERNAL_CHILD, YGT_LEVEL_2A,
                                          100, DES(CRITICAL_MATERNAL) | DES(CRITICAL_CHILD), NULL);
  rc |= ygt_model_builder_add_institution(b, "T1", "甲中心卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_CENTRAL_TOWNSHIP,
                                          YGT_LEVEL_1, 40, 0, NULL);
  rc |= ygt_model_builder_add_institution(b, "T2", "乙卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_TOWNSHIP, YGT_LEVEL_1, 20,
                                          0, NULL);
  rc |= ygt_model_builder_add_institution(b, "V1", "村卫生室", YGT_TIER_VILLAGE, YGT_KIND_VILLAGE_CLINIC,
                                          YGT_LEVEL_UNRATED, 0, 0, "T1");
  rc |= ygt_model_builder_add_institution(b, "DH", "二院", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL, YGT_LEVEL_2A,
                                          300, DES(CHEST_PAIN), NULL);
  rc |= ygt_model_builder_add_institution(b, "T3", "丙卫生院", YGT_TIER_TOWNSHIP, YGT_KIND_TOWNSHIP, YGT_LEVEL_1, 20,
                                          0, NULL);
  rc |= ygt_model_builder_add_institution(b, "R1", "市医院", YGT_TIER_CITY, YGT_KIND_GENERAL_HOSPITAL, YGT_LEVEL_3A,
                                          2000, DES(CHEST_PAIN) | DES(STROKE), NULL);
  rc |= ygt_model_builder_add_institution(b, "R2", "省医院", YGT_TIER_PROVINCE, YGT_KIND_GENERAL_HOSPITAL,
                                          YGT_LEVEL_3A, 3000, 0, NULL);
  rc |= ygt_model_builder_add_community(b, "K1", "一体", YGT_COMMUNITY_COMPREHENSIVE);
  rc |= ygt_model_builder_add_community(b, "K2", "二体", YGT_COMMUNITY_COMPREHENSIVE);
  rc |= ygt_model_builder_add_community(b, "S1", "中医专科", YGT_COMMUNITY_SPECIALTY);
  rc |= ygt_model_builder_add_community(b, "S2", "妇幼专科", YGT_COMMUNITY_SPECIALTY);
  rc |= ygt_model_builder_add_member(b, "K1", "CH", YGT_ROLE_LEAD);
  rc |= ygt_model_builder_add_member(b, "K1", "T1", YGT_ROLE_MEMBER);
  rc |= ygt_model_builder_add_member(b, "K1", "T2", YGT_ROLE_MEMBER);
  rc |= ygt_model_builder_add_member(b, "K1", "V1", YGT_ROLE_MEMBER);
  rc |= ygt_model_builder_add_member(b, "K2", "DH", YGT_ROLE_LEAD);
  rc |= ygt_model_builder_add_member(b, "K2", "T3", YGT_ROLE_MEMBER);
  rc |= ygt_model_builder_add_member(b, "S1", "CT", YGT_ROLE_LEAD);
  rc |= ygt_model_builder_add_member(b, "S1", "T1", YGT_ROLE_LINKED);
  rc |= ygt_model_builder_add_member(b, "S2", "CM", YGT_ROLE_LEAD);
  rc |= ygt_model_builder_add_member(b, "S2", "T1", YGT_ROLE_LINKED);
  rc |= ygt_model_builder_add_grid(b, "G1", "甲镇", "K1", "T1", 1000, 300, 700);
  rc |= ygt_model_builder_add_grid(b, "G2", "乙镇", "K1", "T2", 1000, 300, 700);
  rc |= ygt_model_builder_add_grid(b, "G3", "丙镇", "K2", "T3", 1000, 300, 700);
  if (!rc) rc = ygt_model_build(&m, b);
  if (rc) fprintf(stderr, "fixture model: %s\n", ygt_error_last()->message);
  ygt_model_builder_free(b);
  return m;
}

/* Reimbursement rows: out-patient 0 yuan / 50 %; in-patient deductibles and
 * resident ratios below, employee ratios 5 points higher. */
static inline void fixture_reimbursement(char *out, size_t cap) {
  static const char *const tiers[] = {"village", "township", "county", "city", "province", "out_of_area"};
  static const char *const ded[] = {"100", "300", "600", "1000", "1200", "1500"};
  static const double ratio[] = {0.90, 0.90, 0.80, 0.65, 0.55, 0.45};
  size_t n = (size_t)snprintf(out, cap, "[");
  for (int t = 0; t < 6; t++)
    for (int e = 0; e < 2; e++) {
      n += (size_t)snprintf(out + n, cap - n,
                            "%s{\"tier\": \"%s\", \"insurance\": \"%s\", \"setting\": \"inpatient\", \"deductible\": "
                            "\"%s\", \"ratio\": %.2f},\n"
                            "{\"tier\": \"%s\", \"insurance\": \"%s\", \"setting\": \"outpatient\", \"deductible\": "
                            "\"0\", \"ratio\": 0.5}",
                            n > 1 ? "," : "", tiers[t], e ? "employee" : "resident", ded[t], ratio[t] + 0.05 * e,
                            tiers[t], e ? "employee" : "resident");
    }
  snprintf(out + n, cap - n, "]");
}

typedef struct fixture_section {
  const char *key, *value;
} fixture_section;

static const fixture_section fixture_sections[] = {
  {"format", "\"yigongti-referral\""},
  {"version", "1"},
  {"catalogues",
   "[{\"id\": \"cat-v-op\", \"tier\": \"village\", \"setting\": \"outpatient\", \"codes\": \"I10*, E11*, J06*\"},\n"
   " {\"id\": \"cat-t-op\", \"tier\": \"township\", \"setting\": \"outpatient\", \"codes\": \"I10*, E11*, J06*, J18*, M17*\"},\n"
   " {\"id\": \"cat-t-ip\", \"tier\": \"township\", \"setting\": \"inpatient\", \"codes\": \"J18*, I63*, I69*, K35*, S72*\"},\n"
   " {\"id\": \"cat-c-op\", \"tier\": \"county\", \"setting\": \"outpatient\", \"codes\": \"A00-Z99, !C71*\"},\n"
   " {\"id\": \"cat-c-ip\", \"tier\": \"county\", \"setting\": \"inpatient\", \"codes\": \"A00-Z99, !C71*\"}]"},
  {"up",
   "[{\"id\": \"up-acute\", \"codes\": \"I20-I25, I60-I64\", \"phases\": [\"acute\"], \"to\": \"county\"},\n"
   " {\"id\": \"up-surgery\", \"codes\": \"K35*, S72*\", \"phases\": [\"acute\"], \"settings\": [\"inpatient\"]}]"},
  {"down",
   "[{\"id\": \"down-rehab\", \"codes\": \"I63*, I69*\", \"phases\": [\"recovery\"], \"settings\": [\"inpatient\"]},\n"
   " {\"id\": \"down-chronic\", \"codes\": \"I10*, E11*\", \"phases\": [\"stable_chronic\"]}]"},
  {"emergency",
   "{\"acuity_max\": 2, \"routes\": [\n"
   " {\"id\": \"em-chest\", \"centre\": \"chest_pain\", \"codes\": \"I20-I25, R07.4*\"},\n"
   " {\"id\": \"em-stroke\", \"centre\": \"stroke\", \"codes\": \"I60-I64\"},\n"
   " {\"id\": \"em-maternal\", \"centre\": \"critical_maternal\", \"codes\": \"O00-O99\", \"sex\": 2},\n"
   " {\"id\": \"em-child\", \"centre\": \"critical_child\", \"codes\": \"P00-P96, J00-J99\", \"age_max\": 14}]}"},
  {"specialty",
   "[{\"id\": \"sp-tcm\", \"community\": \"S1\", \"codes\": \"M17*\"},\n"
   " {\"id\": \"sp-mch\", \"community\": \"S2\", \"codes\": \"O00-O99\"}]"},
  {"first_contact", "{\"tier\": \"township\"}"},
  {"out_of_county", "{\"slip_valid_days\": 30}"},
  {"reimbursement", NULL}, /* fixture_reimbursement() */
  {"penalty", "{\"out_of_county_points\": 20}"},
  {"continuity", "{\"up\": \"top_up\", \"down\": \"waive\", \"lateral\": \"top_up\"}"},
  {"priority",
   "{\"refer_up\": [\"appointment\", \"examination\", \"admission\"], \"refer_down\": [\"appointment\"],"
   " \"emergency\": [\"admission\"]}"},
};

/* The rule file with section `key` replaced by `value` (appended when the
 * file has no such key; value NULL removes it).  Returns a malloc'ed string. */
static inline char *fixture_json(const char *key, const char *value) {
  size_t cap = 1 << 16;
  char *out = malloc(cap), reimb[12000];
  size_t n = (size_t)snprintf(out, cap, "{\n");
  int replaced = 0, first = 1;
  fixture_reimbursement(reimb, sizeof reimb);
  for (size_t i = 0; i < sizeof fixture_sections / sizeof fixture_sections[0]; i++) {
    const char *v = fixture_sections[i].value ? fixture_sections[i].value : reimb;
    if (key && strcmp(key, fixture_sections[i].key) == 0) {
      replaced = 1;
      if (!value) continue;
      v = value;
    }
    n += (size_t)snprintf(out + n, cap - n, "%s\"%s\": %s\n", first ? "" : ",", fixture_sections[i].key, v);
    first = 0;
  }
  if (key && value && !replaced) n += (size_t)snprintf(out + n, cap - n, ",\"%s\": %s\n", key, value);
  snprintf(out + n, cap - n, "}\n");
  return out;
}

#endif
