/* The keys of a settlement-list record (医疗保障基金结算清单, interface
 * 4101 / 4101A; doc/formats/exports.md names the sources), for the strict
 * check of the 4101 reader: an unknown key is an error with the closest
 * known one. */
#include "cases_4101_internal.h"

#include <string.h>

#include "error_internal.h"

/* setlinfo: the 82 fields of 4101, then the settlement amounts and codes of
 * the settlement output (2304 setlinfo) that exports join to them. */
static const char *const setlinfo[] = {
  "mdtrt_id", "setl_id", "fixmedins_name", "fixmedins_code", "hi_setl_lv", "hi_no", "medcasno", "dcla_time",
  "psn_name", "gend", "brdy", "age", "ntly", "nwb_age", "naty", "patn_cert_type", "certno", "prfs", "curr_addr",
  "emp_name", "emp_addr", "emp_tel", "poscode", "coner_name", "patn_rlts", "coner_addr", "coner_tel", "hi_type",
  "insuplc", "sp_psn_type", "nwb_adm_type", "nwb_bir_wt", "nwb_adm_wt", "opsp_diag_caty", "opsp_mdtrt_date",
  "ipt_med_type", "adm_way", "trt_type", "adm_time", "adm_caty", "refldept_dept", "dscg_time", "dscg_caty",
  "act_ipt_days", "otp_wm_dise", "wm_dise_code", "otp_tcm_dise", "tcm_dise_code", "diag_code_cnt",
  "oprn_oprt_code_cnt", "vent_used_dura", "pwcry_bfadm_coma_dura", "pwcry_afadm_coma_dura", "bld_cat", "bld_amt",
  "bld_unt", "spga_nurscare_days", "lv1_nurscare_days", "scd_nurscare_days", "lv3_nurscare_days", "dscg_way",
  "acp_medins_name", "acp_optins_code", "bill_code", "bill_no", "biz_sn", "days_rinp_flag_31", "days_rinp_pup_31",
  "chfpdr_name", "chfpdr_code", "setl_begn_date", "setl_end_date", "psn_selfpay", "psn_ownpay", "acct_pay",
  "psn_cashpay", "hi_paymtd", "hsorg", "hsorg_opter", "medins_fill_dept", "medins_fill_psn", "prfs_name",
  "psn_no", "insutype", "medfee_sumamt", "fulamt_ownpay_amt", "preselfpay_amt", "act_pay_dedc", "hifp_pay", NULL,
};

static const char *const diseinfo[] = {"maindiag_flag", "diag_type", "diag_code", "diag_name", "adm_cond_type",
                                       NULL};
static const char *const oprninfo[] = {
  "oprn_oprt_type", "oprn_oprt_name", "oprn_oprt_code", "oprn_oprt_date", "anst_way", "oper_dr_name",
  "oper_dr_code", "anst_dr_name", "anst_dr_code", "main_oprn_flag", "oprn_oprt_begntime", "oprn_oprt_endtime",
  "anst_begntime", "anst_endtime", NULL,
};
static const char *const icuinfo[] = {"scs_cutd_ward_type", "scs_cutd_inpool_time", "scs_cutd_exit_time",
                                      "scs_cutd_sum_dura", NULL};
static const char *const payinfo[] = {"fund_pay_type", "fund_payamt", NULL};
static const char *const iteminfo[] = {"med_chrgitm", "amt", "claa_sumfee", "clab_amt", "fulamt_ownpay_amt",
                                       "oth_amt", NULL};
static const char *const opspdiseinfo[] = {"diag_name", "diag_code", "oprn_oprt_name", "oprn_oprt_code", NULL};
static const char *const record[] = {"setlinfo", "payinfo", "opspdiseinfo", "diseinfo", "iteminfo", "oprninfo",
                                     "icuinfo", NULL};
/* The request envelope of the national interface, around `input`. */
static const char *const envelope[] = {
  "infno", "msgid", "mdtrtarea_admvs", "insuplc_admdvs", "recer_sys_code", "dev_no", "dev_safe_info", "cainfo",
  "signtype", "infver", "opter_type", "opter", "opter_name", "inf_time", "fixmedins_code", "fixmedins_name",
  "sign_no", "input", NULL,
};

const char *const *ygt__4101_keys(const char *part) {
  static const struct {
    const char *name;
    const char *const *keys;
  } parts[] = {{"setlinfo", setlinfo}, {"diseinfo", diseinfo}, {"oprninfo", oprninfo}, {"icuinfo", icuinfo},
               {"payinfo", payinfo}, {"iteminfo", iteminfo}, {"opspdiseinfo", opspdiseinfo},
               {"record", record}, {"envelope", envelope}};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (strcmp(parts[i].name, part) == 0) return parts[i].keys;
  return NULL;
}

static int known(const char *const *keys, const char *key) {
  for (; *keys; keys++) /* the first byte first: most keys differ there */
    if (**keys == *key && strcmp(*keys, key) == 0) return 1;
  return 0;
}

int ygt__4101_check_keys(const json_t *obj, const char *part, const ygt__4101_at *at, const char *path) {
  const char *const *keys = ygt__4101_keys(part);
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)obj, key, v) {
    if (known(keys, key)) continue;
    char hint[96];
    return ygt__error_at(YGT_EPARSE, at->source, at->line, 0, "", "record %zu: %s%s%.60s: unknown key%s",
                         at->index + 1, path, path[0] ? "." : "", key, ygt__did_you_mean(hint, sizeof hint, key, keys));
  }
  return YGT_OK;
}
