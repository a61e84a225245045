#!/usr/bin/env python3
"""Generate the illustrative DIP files of the Zhuhai and Linxiang examples.

    python3 examples/dip_examples.py [--icd ../shared/data/icd]

writes, for each locality, into examples/data/<locality>/:

- dip-catalogue.tsv  a catalogue built the way the DIP technical specification
                     builds one: from a (simulated) history of cost data, with
                     RW = group mean cost / mean cost of all cases and the
                     standard cost = the group mean (per level where a level
                     has enough cases);
- dip-cases.tsv      a simulated year of in-patient cases to settle;
- dip-params.json    the payment parameters (fund, ratios, coefficients).

Everything is ILLUSTRATIVE: simulated costs, not a published catalogue.
The diagnosis and procedure codes are real ICD-10 / ICD-9-CM-3 医保版 codes;
the dictionaries are read at run time to pick them (they are never copied
into the project).  The output is deterministic (fixed seeds).
"""
import argparse
import csv
import datetime
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_ICD = ROOT.parent.parent / "shared" / "data" / "icd"

# Core groups: (code, name, dx prefix, procedures, base cost in yuan, base
# length of stay, 基层病种, day surgery possible, typical age)
CORE = [
    ("K80.1-LC", "胆囊结石伴胆囊炎 腹腔镜胆囊切除", "K80.1", ["51.23"], 14000, 6, 0, 1, 55),
    ("K80.1-CON", "胆囊结石伴胆囊炎 保守治疗", "K80.1", [], 4500, 5, 1, 0, 55),
    ("I63.9-CON", "脑梗死 保守治疗", "I63.9", [], 11000, 11, 0, 0, 70),
    ("I21.9-PCI", "急性心肌梗死 冠脉支架", "I21.9", ["00.66", "36.07"], 52000, 8, 0, 0, 64),
    ("I21.9-CON", "急性心肌梗死 保守治疗", "I21.9", [], 16000, 9, 0, 0, 70),
    ("J18.9-CON", "肺炎 保守治疗", "J18.9", [], 5200, 7, 1, 0, 45),
    ("E11.9-CON", "2型糖尿病 保守治疗", "E11.9", [], 5800, 8, 1, 0, 62),
    ("I10-CON", "高血压 保守治疗", "I10.", [], 4300, 7, 1, 0, 66),
    ("H25-PHACO", "老年性白内障 超声乳化", "H25.", ["13.41"], 7800, 3, 0, 1, 71),
    ("K35.8-LA", "急性阑尾炎 腹腔镜阑尾切除", "K35.8", ["47.01"], 12500, 5, 0, 0, 32),
    ("O80-CON", "顺产", "O80.", [], 3600, 3, 1, 0, 28),
    ("C34.9-VATS", "肺恶性肿瘤 胸腔镜肺叶切除", "C34.9", ["32.41"], 68000, 13, 0, 0, 61),
    ("S72.0-THA", "股骨颈骨折 全髋关节置换", "S72.0", ["81.51"], 56000, 14, 0, 0, 76),
    ("J44.1-CON", "慢阻肺急性加重 保守治疗", "J44.1", [], 8200, 9, 1, 0, 72),
    ("N18.5-HD", "慢性肾脏病5期 血液透析", "N18.5", ["39.95"], 15500, 10, 0, 0, 60),
]

# Cases that no core combination takes: (dx prefix, procedures, base cost, los, age)
COMPREHENSIVE_CASES = [
    ("I50.9", [], 9000, 9, 74),          # heart failure: circulatory, conservative
    ("K80.1", ["45.13"], 7000, 6, 58),   # gallstones with endoscopy: digestive, diagnostic
    ("J18.9", ["93.90"], 12000, 10, 70), # pneumonia with ventilation: respiratory, therapeutic
    ("I63.9", ["88.71"], 12500, 12, 69), # stroke with ultrasound: circulatory, diagnostic
]

CHAPTERS = [("CIRC", "循环系统", "I00-I99"), ("DIG", "消化系统", "K00-K93"), ("RESP", "呼吸系统", "J00-J99"),
            ("NEO", "肿瘤", "C00-D48"), ("INJ", "损伤", "S00-T98"), ("ENDO", "内分泌", "E00-E90"),
            ("EYE", "眼", "H00-H59"), ("OBS", "妊娠分娩", "O00-O99"), ("GU", "泌尿生殖", "N00-N99"),
            # Chapters of in-patient conditions of examples/data/casemix.tsv that no group above takes
            # (胃肠炎 A09, 精神分裂症 F20, 腰椎间盘突出 M51, 新生儿黄疸 P59, 化疗 Z51.1): without them every
            # such stay of a county year was unmatched and went to special review (14 % of the stays, 30 times
            # the 5 per mille quota).
            ("INF", "传染病和寄生虫病", "A00-B99"), ("MENT", "精神和行为障碍", "F00-F99"),
            ("MUSC", "肌肉骨骼系统", "M00-M99"), ("PERI", "围生期", "P00-P96"),
            ("FACT", "影响健康状态的因素 (含化疗)", "Z00-Z99")]
TYPES = [("conservative", "保守治疗"), ("diagnostic", "诊断性操作"), ("therapeutic", "治疗性操作"),
         ("surgical", "相关手术")]
PROC_TYPES = [("00-86", "surgical"), ("87-91", "diagnostic"), ("92-99", "therapeutic")]
COMORBID = ["I10.x00", "E11.900", "N18.500", "I50.900", "J44.100"]
LEVEL_FACTOR = {1: 0.62, 2: 1.0, 3: 1.25}

LOCALITIES = {
    "zhuhai": {
        "id": "zhuhai-dip-2024-illustrative",
        "document": "珠海市开展城市医疗联合体建设试点工作方案 (2019), seed 001: 按病种分值付费为主, "
                    "基层病种同病同付, 日间手术",
        "locality": "440400",
        "note": "ILLUSTRATIVE parameters for the example bundle: DIP as the main in-patient payment; 基层病种 "
                "scored alike at every level; day surgery paid at the full group score.",
        "levels": {"3A": 1.0, "3": 0.96, "2A": 0.88, "2": 0.85, "1": 0.72, "unrated": 0.72},
        "day_surgery_share": 0.35, "fund_share": 0.97, "seed": 4404, "cases": 3000,
    },
    "linxiang": {
        "id": "linxiang-dip-2024-illustrative",
        "document": "临湘市医疗集团(总医院)工作进展 (2024), seed 004: 医保总额打包 + DIP, 结余留用、超支合理分担",
        "locality": "430682",
        "note": "ILLUSTRATIVE parameters: the in-patient part of the packaged budget (医保总额打包) paid to the "
                "group by DIP points; the fund below is the DIP share of the package.",
        "levels": {"3A": 1.05, "2A": 0.9, "2B": 0.86, "1": 0.7, "unrated": 0.7},
        "day_surgery_share": 0.1, "fund_share": 0.94, "seed": 4306, "cases": 2400,
    },
}


def read_codes(path):
    with open(path, encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        return [r[0] for r in rows if r and not r[0].startswith("#")]


def pick(codes, prefix):
    found = [c for c in codes if c.startswith(prefix) and "+" not in c]
    if not found:
        raise SystemExit("no code starts with %s in the dictionary" % prefix)
    return found


def institutions(locality):
    """Hospitals and township centres of the model with their level class."""
    out = {"hospital": [], "township": []}
    with open(ROOT / "data" / locality / "institutions.tsv", encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(lines, delimiter="\t"):
        level = r["level"]
        cls = 3 if level.startswith("3") else 2 if level.startswith("2") else 1
        if r["tier"] in ("county", "city", "province") and r["kind"] != "public_health":
            out["hospital"].append((r["code"], cls))
        elif r["tier"] == "township":
            out["township"].append((r["code"], cls))
    return out


class Simulator:
    def __init__(self, rng, dx, proc, insts, cfg):
        self.rng, self.insts, self.cfg = rng, insts, cfg
        self.dx = {p: pick(dx, p) for p in {g[2] for g in CORE} | {c[0] for c in COMPREHENSIVE_CASES}}
        self.proc = {p: pick(proc, p) for g in CORE for p in g[3]}
        self.proc.update({p: pick(proc, p) for c in COMPREHENSIVE_CASES for p in c[1]})

    def one(self, n):
        rng = self.rng
        if rng.random() < 0.12:
            prefix, procs, base, los, age = rng.choice(COMPREHENSIVE_CASES)
            group, grass, day_ok = None, 0, 0
        else:
            group, _, prefix, procs, base, los, grass, day_ok, age = rng.choice(CORE)
        where = "township" if (grass or not procs) and rng.random() < 0.45 else "hospital"
        inst, cls = rng.choice(self.insts[where] or self.insts["hospital"])
        day = int(bool(day_ok) and rng.random() < self.cfg["day_surgery_share"])
        cost = base * LEVEL_FACTOR[cls] * rng.lognormvariate(0, 0.3) * (0.75 if day else 1.0)
        u = rng.random()
        cost *= 0.3 if u < 0.03 else 2.6 if u < 0.06 else 6.0 if u < 0.063 else 1.0
        return {
            "group": group, "inst": inst, "cls": cls, "day": day, "cost": round(cost, 2),
            "pdx": rng.choice(self.dx[prefix]), "procs": [rng.choice(self.proc[p]) for p in procs],
            "los": 1 if day else max(1, int(rng.gauss(los, los / 4))),
            "age": max(0, min(99, int(rng.gauss(age, 12)))), "sex": rng.choice([1, 2]) if prefix != "O80." else 2,
            "sdx": rng.sample(COMORBID, k=rng.choice([0, 0, 1, 1, 2, 3])),
            "ins": "employee" if rng.random() < 0.4 else "resident", "month": 1 + n % 12,
        }


def money_parts(case, rng):
    """Split the total cost into the patients' parts and the fund payment."""
    total = case["cost"]
    self_paid = round(total * rng.uniform(0.03, 0.08), 2)
    first = round(total * 0.05, 2)
    deductible = min({1: 200.0, 2: 500.0, 3: 800.0}[case["cls"]], round(total - self_paid - first, 2))
    rest = total - self_paid - first - deductible
    coins = round(rest * (0.2 if case["ins"] == "employee" else 0.35), 2)
    fund = round(total - self_paid - first - deductible - coins, 2)
    return self_paid, first, deductible, coins, fund


def catalogue(history, locality):
    """RW = group mean / overall mean; standard cost = group mean (per level class with >= 30 cases)."""
    overall = sum(c["cost"] for c in history) / len(history)
    rows = []
    for code, name, prefix, procs, _, _, grass, _, _ in CORE:
        cases = [c for c in history if c["group"] == code and not c["day"]]
        mean = sum(c["cost"] for c in cases) / len(cases)
        by_level = {}
        for k in (1, 2, 3):
            sub = [c["cost"] for c in cases if c["cls"] == k]
            by_level[k] = "%.2f" % (sum(sub) / len(sub)) if len(sub) >= 30 else ""
        rows.append(["core", code, name, prefix + "*", " + ".join(p + "*" for p in procs), "",
                     "%.4f" % (mean / overall), "%.2f" % mean, by_level[1], by_level[2], by_level[3], str(grass)])
    comp = [c for c in history if c["group"] is None]
    comp_mean = sum(c["cost"] for c in comp) / len(comp)
    for ccode, cname, spec in CHAPTERS:
        for i, (tname, tlabel) in enumerate(TYPES):
            # comprehensive groups: the pooled mean of the leftover cases, scaled by the procedure type
            mean = comp_mean * (0.8, 1.0, 1.25, 1.9)[i]
            rows.append(["comprehensive", "%s-%s" % (ccode, tname[:3].upper()), cname + " " + tlabel, spec, "",
                         tname, "%.4f" % (mean / overall), "%.2f" % mean, "", "", "", "0"])
    return rows, overall


def write_catalogue(path, rows, locality, n):
    header = ["kind", "group", "name", "dx", "procs", "proc_type", "rw", "std_cost", "std_cost_1", "std_cost_2",
              "std_cost_3", "grassroots", "factor", "low", "high", "coef", "weight"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("# ILLUSTRATIVE DIP catalogue of %s, generated by examples/dip_examples.py from %d simulated\n"
                "# cases (RW = group mean cost / mean cost of all cases; std_cost = group mean in yuan).\n"
                "# Not a published catalogue.  Format: doc/formats/dip-catalogue.md.\n" % (locality, n))
        f.write("\t".join(header) + "\n")
        for spec, t in PROC_TYPES:
            f.write("\t".join(["proc_type", "", "", "", spec, t] + [""] * 11) + "\n")
        for r in rows:
            f.write("\t".join(r + ["", "", "", "", ""]) + "\n")
        aux = [("age", "0", "5", "1.10"), ("age", "80", "", "1.08"), ("cci", "3", "", "1.10"),
               ("icu_hours", "48", "", "1.15")]
        for factor, low, high, coef in aux:
            f.write("\t".join(["aux"] + [""] * 11 + [factor, low, high, coef, ""]) + "\n")
        for spec, weight in (("I10*", "1"), ("E11*", "1"), ("N18*", "2"), ("I50*", "2"), ("J44*", "1")):
            f.write("\t".join(["cci", "", "", spec] + [""] * 12 + [weight]) + "\n")


def write_cases(path, cases, rng, locality):
    cols = ["case_id", "institution", "insurance", "admit_date", "discharge_date", "los_days", "age_years", "sex",
            "pdx", "sdx", "pproc", "other_procs", "icu_hours", "day_surgery", "total_cost", "self_paid",
            "first_self_paid", "deductible", "coinsurance", "fund_paid"]
    totals = {"employee": [0.0, 0.0], "resident": [0.0, 0.0]}
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("# ILLUSTRATIVE simulated in-patient cases of %s for DIP settlement (examples/dip_examples.py).\n"
                "# Money in yuan; format: doc/formats/dip-catalogue.md (case columns).\n" % locality)
        f.write("\t".join(cols) + "\n")
        for i, c in enumerate(cases):
            parts = money_parts(c, rng)
            totals[c["ins"]][0] += c["cost"]
            totals[c["ins"]][1] += parts[4]
            discharge = datetime.date(2024, c["month"], 1 + rng.randrange(28))
            admit = discharge - datetime.timedelta(days=c["los"])
            row = ["%s-%05d" % (locality[:2].upper(), i + 1), c["inst"], c["ins"],
                   admit.isoformat(), discharge.isoformat(), str(c["los"]),
                   str(c["age"]), str(c["sex"]), c["pdx"], "|".join(c["sdx"]), c["procs"][0] if c["procs"] else "",
                   "|".join(c["procs"][1:]), str(72 if rng.random() < 0.02 else 0), str(c["day"]),
                   "%.2f" % c["cost"]] + ["%.2f" % p for p in parts]
            f.write("\t".join(row) + "\n")
    return totals


def write_params(path, cfg, totals):
    insurance = {}
    for ins, (cost, fund) in totals.items():
        insurance[ins] = {
            "fund": "%.2f" % (fund * cfg["fund_share"]),
            "reimbursement_ratio": round(fund / cost, 2),
            "history": {"costs": ["%.2f" % (cost * 0.88), "%.2f" % (cost * 0.94), "%.2f" % (cost * 1.0)],
                        "weights": [1, 2, 7], "growth": 0.03},
        }
    params = {
        "format": "yigongti-settle/1", "id": cfg["id"], "method": "dip",
        "provenance": {"document": cfg["document"], "locality": cfg["locality"],
                       "period": ["2024-01-01", "2024-12-31"], "note": cfg["note"], "illustrative": True},
        "model": "model.json",
        "deviation": {"low": 0.5, "high": 2, "extreme": 5, "high_offset": 1},
        "special_review_quota": 0.005, "level_coefficients": cfg["levels"],
        "grassroots_level_coefficient": 1.0, "day_surgery_coefficient": 1.0, "aux_combine": "multiply",
        "prepay_ratio": 0.9, "insurance": insurance,
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(params, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--icd", default=str(DEFAULT_ICD), help="directory of the ICD dictionaries")
    args = ap.parse_args()
    dx = read_codes(Path(args.icd) / "icd10_yibao_v2.0.tsv")
    proc = read_codes(Path(args.icd) / "icd9cm3_yibao_v2.0.tsv")
    for locality, cfg in LOCALITIES.items():
        rng = random.Random(cfg["seed"])
        sim = Simulator(rng, dx, proc, institutions(locality), cfg)
        history = [sim.one(n) for n in range(20000)]
        rows, _ = catalogue(history, locality)
        out = ROOT / "data" / locality
        write_catalogue(out / "dip-catalogue.tsv", rows, locality, len(history))
        cases = [sim.one(n) for n in range(cfg["cases"])]
        totals = write_cases(out / "dip-cases.tsv", cases, rng, locality)
        write_params(out / "dip-params.json", cfg, totals)
        print("%s: %d groups, %d cases" % (locality, len(rows), len(cases)))


if __name__ == "__main__":
    main()
