/* Case batches: the built-in column maps (doc/formats/exports.md) -- the
 * national settlement list's field names (4101), the 病案首页 pinyin ids
 * (HQMS / 卫统 N041) and the Chinese headers of both -- in the format of
 * ygt_cases_map_columns(), so that a vendor's export loads as it is.  "-"
 * marks a column the map knows and no engine reads. */
#include "cases_internal.h"
#include "cases_4101_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

typedef struct pair {
  const char *column, *field;
} pair;

#define NOT_READ YGT__CASES_NOT_READ

/* 医疗保障基金结算清单 (4101 setlinfo), with the settlement amounts of the
 * settlement output (2304 setlinfo) that exports join to it. */
static const pair map_4101[] = {
  {"setl_id", "case_id"}, {"gend", "sex"}, {"age", "age_years"}, {"nwb_age", "age_days"},
  {"nwb_bir_wt", "birth_weight_g"}, {"nwb_adm_wt", "admit_weight_g"}, {"dscg_caty", "dept"},
  {"act_ipt_days", "los_days"}, {"dscg_way", "leaving_type"}, {"acp_optins_code", "transfer_to"},
  {"fixmedins_code", "institution"}, {"insutype", "insurance"}, {"adm_time", "admit_date"},
  {"dscg_time", "discharge_date"}, {"vent_used_dura", "vent_hours"}, {"pwcry_bfadm_coma_dura", "coma_before_min"},
  {"pwcry_afadm_coma_dura", "coma_after_min"}, {"medfee_sumamt", "total_cost"}, {"fulamt_ownpay_amt", "self_paid"},
  {"preselfpay_amt", "first_self_paid"}, {"act_pay_dedc", "deductible"}, {"hifp_pay", "fund_paid"},
  {"acct_pay", "personal_account"}, {"hi_setl_lv", "level"}, {"ipt_med_type", "day_surgery/ipt_med_type"},
  {"mdtrt_id", NOT_READ}, {"psn_no", NOT_READ}, {"psn_name", NOT_READ},
  {"medcasno", NOT_READ}, {"fixmedins_name", NOT_READ}, {"brdy", NOT_READ}, {"hi_type", NOT_READ},
  {"acp_medins_name", NOT_READ}, {"adm_caty", NOT_READ}, {"psn_selfpay", NOT_READ}, {"psn_ownpay", NOT_READ},
  {"psn_cashpay", NOT_READ}, {"setl_begn_date", NOT_READ}, {"setl_end_date", NOT_READ}, {NULL, NULL},
};

/* 病案首页 pinyin ids (卫统 N041 / HQMS 住院病案首页数据采集接口). */
static const pair map_hqms[] = {
  {"BAH", "case_id"}, {"XB", "sex"}, {"NL", "age_years"}, {"BZYZS_NL", "age_days"},
  {"XSECSTZ", "birth_weight_g"}, {"XSERYTZ", "admit_weight_g"}, {"CYKB", "dept"}, {"SJZYTS", "los_days"},
  {"LYFS", "leaving_type"}, {"YZZY_JGMC", "transfer_to"}, {"WSY_JGMC", "transfer_to"}, {"ZZJGDM", "institution"},
  {"RYSJ", "admit_date"}, {"CYSJ", "discharge_date"}, {"ZFY", "total_cost"}, {"JBDM", "pdx"},
  {"JBDM1", "sdx"}, {"JBDM2", "sdx"}, {"JBDM3", "sdx"}, {"JBDM4", "sdx"}, {"JBDM5", "sdx"}, {"JBDM6", "sdx"},
  {"JBDM7", "sdx"}, {"JBDM8", "sdx"}, {"JBDM9", "sdx"}, {"JBDM10", "sdx"}, {"JBDM11", "sdx"},
  {"JBDM12", "sdx"}, {"JBDM13", "sdx"}, {"JBDM14", "sdx"}, {"JBDM15", "sdx"}, {"SSJCZBM1", "pproc"},
  {"SSJCZBM2", "other_procs"}, {"SSJCZBM3", "other_procs"}, {"SSJCZBM4", "other_procs"},
  {"SSJCZBM5", "other_procs"}, {"SSJCZBM6", "other_procs"}, {"SSJCZBM7", "other_procs"},
  {"XM", NOT_READ}, {"ZYCS", NOT_READ}, {"CSRQ", NOT_READ}, {"JGMC", NOT_READ}, {"RYKB", NOT_READ},
  {"RYBQ*", "adm_cond"}, {"YLFKFS", "insurance/ylfkfs"}, {"RYQ_T", "coma_before_min/days"},
  {"RYQ_XS", "coma_before_min/hours"}, {"RYQ_F", "coma_before_min/minutes"}, {"RYH_T", "coma_after_min/days"},
  {"RYH_XS", "coma_after_min/hours"}, {"RYH_F", "coma_after_min/minutes"}, {"ZYZD", NOT_READ}, {"QTZD*", NOT_READ},
  {"SSJCZMC*", NOT_READ}, {"SSJCZRQ*", NOT_READ},
  {"ZFJE", NOT_READ}, {NULL, NULL},
};

/* Chinese headers: the 病案首页 form's and the 结算清单's labels. */
static const pair map_zh[] = {
  {"病案号", "case_id"}, {"结算ID", "case_id"}, {"性别", "sex"}, {"年龄", "age_years"},
  {"年龄不足1周岁的年龄(天)", "age_days"}, {"新生儿出生体重(克)", "birth_weight_g"},
  {"新生儿入院体重(克)", "admit_weight_g"}, {"出院科别", "dept"}, {"实际住院天数", "los_days"},
  {"实际住院(天)", "los_days"}, {"离院方式", "leaving_type"}, {"拟接收机构代码", "transfer_to"},
  {"主要诊断编码", "pdx"}, {"其他诊断编码1", "sdx"}, {"其他诊断编码2", "sdx"}, {"其他诊断编码3", "sdx"},
  {"其他诊断编码4", "sdx"}, {"其他诊断编码5", "sdx"}, {"其他诊断编码6", "sdx"}, {"其他诊断编码7", "sdx"},
  {"其他诊断编码8", "sdx"}, {"其他诊断编码9", "sdx"}, {"其他诊断编码10", "sdx"}, {"其他诊断编码11", "sdx"},
  {"其他诊断编码12", "sdx"}, {"其他诊断编码13", "sdx"}, {"其他诊断编码14", "sdx"}, {"其他诊断编码15", "sdx"},
  {"主要手术操作编码", "pproc"}, {"其他手术操作编码1", "other_procs"}, {"其他手术操作编码2", "other_procs"},
  {"其他手术操作编码3", "other_procs"}, {"其他手术操作编码4", "other_procs"}, {"其他手术操作编码5", "other_procs"},
  {"其他手术操作编码6", "other_procs"}, {"定点医疗机构代码", "institution"}, {"定点医药机构编号", "institution"},
  {"险种类型", "insurance"},
  {"入院时间", "admit_date"}, {"入院日期", "admit_date"}, {"出院时间", "discharge_date"},
  {"出院日期", "discharge_date"}, {"重症监护时长", "icu_hours"},
  {"呼吸机使用时长", "vent_hours"}, {"颅脑损伤患者入院前昏迷时长", "coma_before_min"},
  {"颅脑损伤患者入院后昏迷时长", "coma_after_min"}, {"日间手术", "day_surgery"}, {"总费用", "total_cost"},
  {"全自费金额", "self_paid"}, {"先行自付金额", "first_self_paid"}, {"起付线", "deductible"},
  {"共付金额", "coinsurance"}, {"统筹基金支付", "fund_paid"}, {"个人账户支付", "personal_account"},
  {"入院病情*", "adm_cond"}, {"医保结算等级", "level"}, {"医院等级", "level"},
  {"医疗付费方式", "insurance/ylfkfs"}, {"住院医疗类型", "day_surgery/ipt_med_type"},
  {"姓名", NOT_READ}, {"出生日期", NOT_READ}, {"其他诊断名称*", NOT_READ},
  {"主要诊断名称", NOT_READ}, {NULL, NULL},
};

static const struct {
  const char *name;
  const pair *pairs;
} builtin[] = {{"4101", map_4101}, {"hqms", map_hqms}, {"zh", map_zh}};

enum { NBUILTIN = sizeof builtin / sizeof builtin[0] };

/* "column\0field\0...\0" as ygt_cases_map_columns() builds it. */
static char *flatten(const pair *p) {
  size_t len = 1;
  for (const pair *q = p; q->column; q++) len += strlen(q->column) + strlen(q->field) + 2;
  char *buf = ygt__malloc(len), *w = buf;
  for (; buf && p->column; p++) {
    size_t a = strlen(p->column) + 1, b = strlen(p->field) + 1;
    memcpy(w, p->column, a);
    memcpy(w + a, p->field, b);
    w += a + b;
  }
  if (buf) *w = '\0';
  return buf;
}

const char *ygt__cases_4101_field(const char *key) {
  for (const pair *p = map_4101; p->column; p++)
    if (p->column[0] == key[0] && strcmp(p->column, key) == 0) return strcmp(p->field, NOT_READ) ? p->field : NULL;
  return NULL;
}

const char *ygt_cases_map_builtin_name(int i) { return i >= 0 && i < NBUILTIN ? builtin[i].name : NULL; }

int ygt_cases_map_builtin(ygt_cases *c, const char *name) {
  if (!c || !name) return ygt__error(YGT_EINVAL, "ygt_cases_map_builtin: NULL argument");
  const char *names[NBUILTIN + 1] = {0};
  for (int i = 0; i < NBUILTIN; i++) {
    names[i] = builtin[i].name;
    if (strcmp(name, builtin[i].name) != 0) continue;
    char *buf = flatten(builtin[i].pairs);
    if (!buf) return YGT_ENOMEM;
    ygt__free(c->map);
    c->map = buf;
    return YGT_OK;
  }
  char hint[64];
  return ygt__error(YGT_ENOTFOUND, "no built-in column map '%.40s'%s (known: 4101, hqms, zh)", name,
                    ygt__did_you_mean(hint, sizeof hint, name, names));
}
