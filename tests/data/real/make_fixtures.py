# Writes the fixtures of tests/data/real from examples/data/zhuhai/dip-cases.tsv (run from any directory:
# /usr/bin/python3 tests/data/real/make_fixtures.py).  Kept so that the fixtures can be checked and remade.
import json, csv, io, os
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
rows = []
for line in open(os.path.join(ROOT, 'examples/data/zhuhai/dip-cases.tsv'), encoding='utf-8'):
    if line.startswith('#'): continue
    f = line.rstrip('\n').split('\t')
    if f[0] == 'case_id': hdr = f; continue
    d = dict(zip(hdr, f))
    if d['day_surgery'] == '0': rows.append(d)
    if len(rows) == 12: break
vent = {0: (37, "1/13/24"), 2: (96, "4/0/0"), 7: (12, "0/12/59")}
leave = {4: ('5', ''), 8: ('2', 'ZH-H03')}
D = os.path.join(ROOT, 'tests/data/real/')
plain = ['case_id','institution','insurance','admit_date','discharge_date','los_days','age_years','sex','leaving_type','transfer_to','pdx','sdx','pproc','other_procs','icu_hours','vent_hours','total_cost','self_paid','first_self_paid','deductible','fund_paid','personal_account','adm_cond','level','day_surgery','coma_before_min']
acct = lambda i: '%d.%02d' % (100 + i * 7, i * 3)
# The institutions' levels in the zhuhai model, spelt as each layout writes them (plain, 4101, zh).
levels = {'3A': ('3A', '三甲', '三级甲等'), '2A': ('2A', '二甲', '二级甲等'), '2': ('2', '二级', '二级')}
inst_level = {'ZH-H02': '3A', 'ZH-H03': '3A', 'ZH-H05': '3A', 'ZH-H06': '3A', 'ZH-R01': '3A', 'ZH-H07': '2A',
              'ZH-H08': '2A', 'ZH-H09': '2'}
level = lambda d, k: levels[inst_level[d['institution']]][k]
# 入院病情: the principal diagnosis 1 (有), the others 2 (临床未确定), in each layout's spelling.
def adm_cond(d, principal='1', other='2'):
    return '|'.join([principal] + [other for c in d['sdx'].split('|') if c])
coma = {2: (1590, "1/2/30", ("1", "2", "30"))}  # minutes of coma before admission
with open(D + 'cases-12.tsv', 'w', encoding='utf-8') as out:
    out.write('# The 12 cases of settlement-4101.json, homepage-zh.csv and homepage-hqms.tsv in the plain case-file layout\n')
    out.write('# (cases 1-12 of examples/data/zhuhai/dip-cases.tsv without day surgery, coinsurance dropped; tests/python/test_real_inputs.py).\n')
    out.write('\t'.join(plain) + '\n')
    for i, d in enumerate(rows):
        v = dict(d)
        v['vent_hours'] = str(vent[i][0]) if i in vent else ''
        v['leaving_type'], v['transfer_to'] = leave.get(i, ('1', ''))
        v['personal_account'] = acct(i)
        v['icu_hours'] = '' if v['icu_hours'] == '0' else v['icu_hours']
        v['adm_cond'], v['level'] = adm_cond(d), level(d, 0)
        v['coma_before_min'] = str(coma[i][0]) if i in coma else ''
        out.write('\t'.join(v.get(k, '') for k in plain) + '\n')

def fen(s):
    y, c = s.split('.'); return int(y) * 100 + int(c)
def yuan(f): return '%d.%02d' % (f // 100, f % 100)
dates = ['%s 08:30:00', '%s', '{slash}', '{compact}']
def dform(s, i):
    k = i % 4
    if k == 0: return s + ' 08:30:00'
    if k == 1: return s
    if k == 2: return s.replace('-', '/')
    return s.replace('-', '')
recs = []
for i, d in enumerate(rows):
    s = {"mdtrt_id": "MD%04d" % (i + 1), "setl_id": d['case_id'], "psn_no": "P%06d" % (i + 1),
         "psn_name": "患者%d" % (i + 1), "gend": d['sex'], "age": int(d['age_years']) if i % 2 else d['age_years'],
         "fixmedins_code": d['institution'], "fixmedins_name": "定点机构",
         "insutype": '310' if d['insurance'] == 'employee' else '390',
         "adm_time": dform(d['admit_date'], i), "dscg_time": dform(d['discharge_date'], i + 1),
         "act_ipt_days": d['los_days'], "dscg_way": leave.get(i, ('1', ''))[0],
         "acct_pay": acct(i), "preselfpay_amt": d['first_self_paid'], "act_pay_dedc": d['deductible'],
         "hi_setl_lv": level(d, 1), "ipt_med_type": "1"}
    if i in coma: s["pwcry_bfadm_coma_dura"] = coma[i][1]
    if leave.get(i, ('', ''))[1]:
        s["acp_optins_code"] = leave[i][1]; s["acp_medins_name"] = "接收机构"
    if i in vent: s["vent_used_dura"] = vent[i][1]
    if i == 5: s["age"] = "５８"  # full-width digits
    rec = {"setlinfo": s}
    if i % 3 == 1:  # amounts from the lists
        tot, own = fen(d['total_cost']), fen(d['self_paid'])
        rec["iteminfo"] = [{"med_chrgitm": "01", "amt": yuan(tot - 10000 - own), "fulamt_ownpay_amt": "0.00", "claa_sumfee": "0", "clab_amt": "0", "oth_amt": "0"},
                           {"med_chrgitm": "09", "amt": yuan(own), "fulamt_ownpay_amt": yuan(own)},
                           {"med_chrgitm": "14", "amt": "100.00", "fulamt_ownpay_amt": "0"}]
        rec["payinfo"] = [{"fund_pay_type": "310100" if d['insurance'] == 'employee' else "390100", "fund_payamt": d['fund_paid']},
                          {"fund_pay_type": "390200", "fund_payamt": "1000.00"}]
    else:
        s["medfee_sumamt"] = float(d['total_cost']) if i % 3 == 2 else d['total_cost']
        s["fulamt_ownpay_amt"] = d['self_paid']; s["hifp_pay"] = d['fund_paid']
    dis = []
    sdx = [c for c in d['sdx'].split('|') if c]
    if i == 0:
        dis.append({"diag_type": "1", "diag_code": sdx[0], "diag_name": "", "maindiag_flag": "0", "adm_cond_type": "2"})
        dis.append({"diag_type": "1", "diag_code": d['pdx'], "diag_name": "", "maindiag_flag": "1", "adm_cond_type": "1"})
        rest = sdx[1:]
    else:
        dis.append({"diag_type": "1", "diag_code": d['pdx'], "diag_name": "", "maindiag_flag": 1, "adm_cond_type": "1"})
        rest = sdx
    dis += [{"diag_type": "1", "diag_code": c, "diag_name": "", "maindiag_flag": "0", "adm_cond_type": "2"} for c in rest]
    if i == 2: dis.append({"diag_type": "2", "diag_code": "BNV060", "diag_name": "中医病名", "maindiag_flag": "0"})
    rec["diseinfo"] = dis
    procs = [c for c in [d['pproc']] + d['other_procs'].split('|') if c]
    if procs:
        ops = [{"oprn_oprt_type": "1", "oprn_oprt_code": c, "oprn_oprt_name": "", "oprn_oprt_date": d['admit_date'], "main_oprn_flag": "1" if j == 0 else "0"} for j, c in enumerate(procs)]
        if len(ops) > 1: ops.reverse()
        rec["oprninfo"] = ops
    icu = int(d['icu_hours'] or 0)
    if icu:
        rec["icuinfo"] = [{"scs_cutd_ward_type": "1", "scs_cutd_inpool_time": "", "scs_cutd_exit_time": "", "scs_cutd_sum_dura": "1/0/0"},
                          {"scs_cutd_ward_type": "1", "scs_cutd_sum_dura": "%d/%d/0" % ((icu - 24) // 24, (icu - 24) % 24)}]
    if i == 3: rec = {"infno": "4101", "msgid": "H0001", "input": rec}
    recs.append(rec)
with open(D + 'settlement-4101.json', 'w', encoding='utf-8') as out:
    json.dump(recs, out, ensure_ascii=False, indent=1)
    out.write('\n')

# 病案首页 with Chinese headers (zh map)
zh = ['病案号', '姓名', '性别', '年龄', '实际住院天数', '离院方式', '拟接收机构代码', '主要诊断编码', '入院病情', '其他诊断编码1', '入院病情1', '其他诊断编码2', '入院病情2', '其他诊断编码3', '入院病情3',
      '主要手术操作编码', '其他手术操作编码1', '定点医疗机构代码', '险种类型', '入院时间', '出院时间', '重症监护时长', '呼吸机使用时长',
      '总费用', '全自费金额', '先行自付金额', '起付线', '统筹基金支付', '个人账户支付', '医保结算等级', '住院医疗类型',
      '颅脑损伤患者入院前昏迷时长']
def thousands(s):
    y, c = s.split('.'); return '{:,}'.format(int(y)) + '.' + c
def cn_date(s):
    y, m, dd = s.split('-'); return '%s年%d月%d日' % (y, int(m), int(dd))
wide = str.maketrans('0123456789', '０１２３４５６７８９')
cond = lambda code: '临床未确定' if code else ''
buf = io.StringIO()
w = csv.writer(buf, lineterminator='\n')
w.writerow(zh)
for i, d in enumerate(rows):
    sdx = [c for c in d['sdx'].split('|') if c] + ['', '', '']
    other = [c for c in d['other_procs'].split('|') if c] + ['']
    icu = int(d['icu_hours'] or 0)
    w.writerow([d['case_id'], '患者%d' % (i + 1), '男' if d['sex'] == '1' else '女',
                d['age_years'].translate(wide) if i == 4 else d['age_years'], d['los_days'],
                leave.get(i, ('1', ''))[0], leave.get(i, ('', ''))[1], d['pdx'], '有' if i % 2 else '１',
                sdx[0], cond(sdx[0]), sdx[1], cond(sdx[1]), sdx[2], cond(sdx[2]),
                d['pproc'], other[0], d['institution'], '职工' if d['insurance'] == 'employee' else '居民',
                cn_date(d['admit_date']) if i % 2 else d['admit_date'].replace('-', '/'),
                d['discharge_date'] + ' 10:00:00' if i % 2 else cn_date(d['discharge_date']),
                '%d/%d/0' % (icu // 24, icu % 24) if icu else '', vent[i][1] if i in vent else '',
                thousands(d['total_cost']), d['self_paid'], d['first_self_paid'], d['deductible'],
                thousands(d['fund_paid']), acct(i), level(d, 2), '住院', coma[i][1] if i in coma else ''])
open(D + 'homepage-zh.csv', 'w', encoding='utf-8').write(buf.getvalue())
open(D + 'homepage-zh-gbk.csv', 'wb').write(buf.getvalue().encode('gbk'))

# 病案首页 pinyin ids (hqms map)
hq = ['BAH', 'YLFKFS', 'XM', 'XB', 'NL', 'SJZYTS', 'LYFS', 'YZZY_JGMC', 'JBDM', 'RYBQ', 'JBDM1', 'RYBQ1', 'JBDM2', 'RYBQ2', 'JBDM3', 'RYBQ3',
      'SSJCZBM1', 'SSJCZBM2', 'ZZJGDM', 'RYSJ', 'CYSJ', 'ZFY', 'RYQ_T', 'RYQ_XS', 'RYQ_F']
with open(D + 'homepage-hqms.tsv', 'w', encoding='utf-8') as out:
    out.write('\t'.join(hq) + '\n')
    for i, d in enumerate(rows):
        sdx = [c for c in d['sdx'].split('|') if c] + ['', '', '']
        other = [c for c in d['other_procs'].split('|') if c] + ['']
        ylfkfs = '1' if d['insurance'] == 'employee' else ('3' if i % 2 else '2')  # 新农合 and 城镇居民 are both residents
        flag = lambda code: '2' if code else ''
        out.write('\t'.join([d['case_id'], ylfkfs, '患者%d' % (i + 1), d['sex'], d['age_years'], d['los_days'], leave.get(i, ('1', ''))[0],
                             leave.get(i, ('', ''))[1], d['pdx'], '1', sdx[0], flag(sdx[0]), sdx[1], flag(sdx[1]), sdx[2], flag(sdx[2]),
                             d['pproc'], other[0], d['institution'], d['admit_date'] + ' 08:30:00', d['discharge_date'], d['total_cost']]
                            + list(coma[i][2] if i in coma else ('', '', ''))) + '\n')

# The same 病案首页 as an xlsx sheet, cells typed as a spreadsheet holds them (needs openpyxl).
import datetime, re
import openpyxl
def cell(header, text):
    if re.fullmatch(r"\d{4}/\d{2}/\d{2}", text):
        return datetime.datetime.strptime(text, "%Y/%m/%d")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", text):
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    if re.fullmatch(r"\d+\.\d\d", text):
        return float(text)
    if re.fullmatch(r"\d+", text) and header in ("年龄", "实际住院天数", "离院方式"):
        return int(text)
    return text
book = openpyxl.Workbook()
book.properties.created = book.properties.modified = datetime.datetime(2026, 12, 7)
table = list(csv.reader(io.StringIO(buf.getvalue())))
book.active.append(table[0])
for r in table[1:]:
    book.active.append([cell(h, t) for h, t in zip(table[0], r)])
book.save(D + 'homepage-zh.xlsx')
