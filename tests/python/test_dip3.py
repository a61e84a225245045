"""DIP 3.0: a synthetic workbook in the official layout (written here with
openpyxl), imported by ``dip3 import``, its scores filled, and cases settled
through the C engine with hand-checked scores."""
import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import dip, dip3

openpyxl = pytest.importorskip("openpyxl", reason="missing python3-openpyxl (Debian package)")

ROOT = Path(__file__).resolve().parents[2]
ZH = ROOT / "examples" / "data" / "zhuhai"

DX = ["J96.000", "P07.100", "R50.900", "A16.200", "A15.000x007", "T21.300", "T31.300", "A40.000", "A40.100",
      "K80.100", "C34.900"]
PROC = ["39.9500", "39.6500", "39.6500x001", "89.0300", "86.2200", "99.2500", "92.2900", "33.2200", "51.2300"]

PRE = ["序号", "分组编码", "分组名称", "主要诊断编码", "手术操作编码", "排除手术操作编码", "呼吸机使用时间（小时）",
       "新生儿日龄（天）", "出生体重（克）", "说明"]
SHEETS = {
    "一、先期分组": [PRE,
                [1, "XQ01", "体外膜肺氧合", None, "39.6500或39.6500x001", None, None, None, None,
                 "手术操作中包含39.6500或39.6500x001，不限定为主要手术操作"],
                [2, "XQ02", "呼吸机≥96小时伴CRRT", None, "39.9500", None, "≥96", None, None, None],
                [3, "XQ03", "呼吸机≥96小时不伴CRRT", None, None, "39.9500", "≥96", None, None, None],
                [4, "XQ04", "新生儿1000-1499克", "P07.100", None, None, None, "<29", "1000-1499", None]],
    "二、并项规则下的核心病种": [["序号", "病种编码", "病种名称", "主要诊断编码", "主要手术操作编码", "相关手术操作编码"],
                     [1, "BX01", "败血症：支气管镜伴化疗或放疗", "A40", "33.2200", "99.2500或92.2900"]],
    "三、基础核心病种": [["序号", "病种编码", "病种名称", "主要诊断编码", "手术操作编码"],
                 [1, "JC01", "胆石症：腹腔镜胆囊切除", "K80.100", "51.2300"],
                 [2, "JC02", "胆石症：保守治疗", "K80.100", None],
                 [3, "JC03", "躯干烧伤：清创", "T21.300", "86.2200"],
                 [4, "JC04", "肺结核：保守治疗", "A16.200", None],
                 [5, "JC05", "肺癌：化疗", "C34.900", "99.2500"]],
    "四、烧伤辅助分型": [["序号", "分型编码", "分型名称", "所属病种编码", "伴随诊断编码", "手术操作编码"],
                 [1, "FX01", "躯干烧伤清创，面积30-39%", "JC03", "T31.300", None]],
    "五、肿瘤辅助分型": [["序号", "分型编码", "分型名称", "所属病种编码", "伴随诊断编码", "手术操作编码"],
                 [1, "FX02", "肺癌化疗伴放疗", "JC05", None, "92.2900"]],
    "六、结核辅助分型": [["序号", "分型编码", "分型名称", "所属病种编码", "伴随诊断编码", "手术操作编码"],
                 [1, "FX03", "耐药肺结核", "JC04", "耐药结核诊断", None]],
    "七、耐药结核诊断": [["序号", "编码", "名称"], [1, "A15.000x007", "耐多药肺结核"]],
    "八、不纳入分组的主要诊断": [["序号", "编码", "名称"], [1, "R50.900", "发热"]],
    "九、不纳入分组的主要手术操作": [["序号", "编码", "名称"], [1, "89.0300", "诊断性访谈"]],
    "十、基层病种": [["序号", "病种编码", "病种名称"], [1, "JC02", "胆石症：保守治疗"]],
}

# Local scores (the workbook has none): group → (rw, std_cost in yuan).
SCORES = {"XQ01": ("10", "100000"), "XQ02": ("20", "200000"), "XQ03": ("15", "150000"), "XQ04": ("8", "80000"),
          "BX01": ("2", "20000"), "JC01": ("1.5", "10000"), "JC02": ("0.6", "4000"), "JC03": ("3", "30000"),
          "JC04": ("0.8", "8000"), "JC05": ("1.5", "15000"), "FX01": ("5", "50000"), "FX02": ("2.5", "25000"),
          "FX03": ("1.6", "16000")}

# Cases at ZH-H01 (三甲, level coefficient 1.0), cost = the group's standard cost (deviation 1):
# units = RW × 10^6 by hand; JC02 is a 基层病种 (grassroots coefficient 1.0).
CASES = [
    (dict(pdx="K80.100", procs=["51.2300", "39.6500x001"]), "XQ01", 10_000_000),  # ECMO anywhere in the list
    (dict(pdx="J96.000", procs=["39.9500"], vent_hours=100), "XQ02", 20_000_000),
    (dict(pdx="J96.000", vent_hours=96), "XQ03", 15_000_000),
    (dict(pdx="P07.100", age_days=5, birth_weight_g=1200), "XQ04", 8_000_000),
    (dict(pdx="A40.100", procs=["33.2200", "92.2900"]), "BX01", 2_000_000),     # category A40, related 92.29
    (dict(pdx="K80.100", procs=["51.2300"]), "JC01", 1_500_000),
    (dict(pdx="K80.100"), "JC02", 600_000),
    (dict(pdx="T21.300", sdx=["T31.300"], procs=["86.2200"]), "FX01", 5_000_000),
    (dict(pdx="C34.900", procs=["99.2500", "92.2900"]), "FX02", 2_500_000),
    (dict(pdx="A16.200", sdx=["A15.000x007"]), "FX03", 1_600_000),
    (dict(pdx="R50.900"), None, 0),
    (dict(pdx="A16.200", procs=["89.0300"]), None, 0),
]


def write_workbook(path, sheets=SHEETS):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append([title])  # the title row above the header, as in the official sheets
        for row in rows:
            sheet.append(row)
    book.save(path)


@pytest.fixture()
def dicts():
    dx, proc = yigongti.Codes(kind="diagnosis"), yigongti.Codes(kind="procedure")
    for c in DX:
        dx.add(c)
    for c in PROC:
        proc.add(c)
    return dx, proc


def fill_scores(path):
    rows = [r for r in path.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    header = rows[0].split("\t")
    out = [rows[0]]
    for line in rows[1:]:
        cells = dict(zip(header, line.split("\t")))
        cells["rw"], cells["std_cost"] = SCORES[cells["group"]]
        out.append("\t".join(cells.get(h, "") for h in header))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_import_and_settle_by_hand(tmp_path, dicts):
    dx, proc = dicts
    book = tmp_path / "按病种分值（DIP）付费3.0版分组方案.xlsx"
    write_workbook(book)
    out = tmp_path / "dip3"
    assert dip3.import_workbook(book, out, dx, proc) == 13
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    prov = dict(r.split("\t") for r in (out / "provenance.tsv").read_text(encoding="utf-8").splitlines()[1:])
    assert prov["sha256"] == digest and prov["workbook"] == book.name
    assert digest in (out / "catalogue.tsv").read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(yigongti.ParseError):  # the template's scores are empty until the locality fills them
        dip.Catalog.load(dx, proc, out / "catalogue.tsv", scores=out / "scores.tsv")
    fill_scores(out / "scores.tsv")
    model = yigongti.Model.load(str(ZH))
    cat = dip.Catalog.load(dx, proc, out / "catalogue.tsv", scores=out / "scores.tsv")
    assert cat.group(cat.find("FX03"))["kind"] == "subdivision" and cat.group(cat.find("FX03"))["parent"] == "JC04"
    assert cat.group(cat.find("JC02"))["grassroots"] and not cat.group(cat.find("JC01"))["grassroots"]
    engine = dip.Engine(cat, dip.Params.load(ZH / "dip-params.json"), model)
    cases = yigongti.Cases(dx, proc)
    for fields, group, _ in CASES:
        std = int(SCORES[group][1]) * 100 if group else 100_000
        r = cases.append(institution="ZH-H01", insurance=0, discharge_date=20270310, **fields)
        dip.set_int64(cases, r, dip.TOTAL_COST, std)
    dip.resolve_institutions(cases, model)
    got = engine.score(cases)
    for i, (_, group, units) in enumerate(CASES):
        assert cat.code(int(got["group"][i])) == group, (i, engine.explain(cases, i))
        assert int(got["score_units"][i]) == units, i
    assert [dip.reason_name(int(x)) for x in got["reason"][-2:]] == ["not_grouped", "not_grouped"]


def _without(title):
    return {k: v for k, v in SHEETS.items() if k != title}


@pytest.mark.parametrize("change, message", [
    ({"一、先期分组": [PRE, [1, "XQ09", "x", None, None, None, "96小时以上", None, None, None]]},
     r"w.xlsx: sheet 一、先期分组, row 3, column vent_hours: '96小时以上'"),
    ({"十、基层病种": [["序号", "病种编码", "病种名称"], [1, "JC99", "?"]]}, "row 3: 病种编码 'JC99' is not a group"),
    ({"七、耐药结核诊断": [["序号", "代码", "名称"], [1, "A15.000x007", "x"]]},
     "sheet 七、耐药结核诊断: unknown column '代码'"),
    (None, "no sheet 基础核心病种"),
])
def test_errors_name_sheet_row_and_column(tmp_path, change, message):
    sheets = _without("三、基础核心病种") if change is None else dict(SHEETS, **change)
    write_workbook(tmp_path / "w.xlsx", sheets)
    with pytest.raises(dip3.WorkbookError, match=message):
        dip3.import_workbook(tmp_path / "w.xlsx", tmp_path / "out")


def test_cell_readings():
    assert dip3.code_list("51.2300、51.2200或51.2201") == "51.2300, 51.2200, 51.2201"
    assert dip3.combination("39.6500或39.6500x001+99.0400") == "39.6500, 39.6500x001 + 99.0400"
    assert dip3.category("A40、A09.0") == "A40*, A09.0*"


def test_command_line(tmp_path):
    book = tmp_path / "w.xlsx"
    write_workbook(book)
    env = {"PYTHONPATH": str(ROOT / "bindings" / "python"), "PATH": "/usr/bin:/bin"}
    import os
    env["YIGONGTI_LIBRARY"] = os.environ.get("YIGONGTI_LIBRARY", "")
    dx = tmp_path / "dx.tsv"
    dx.write_text("code\tname\n" + "".join(c + "\tx\n" for c in DX), encoding="utf-8")
    proc = tmp_path / "proc.tsv"
    proc.write_text("code\tname\n" + "".join(c + "\tx\n" for c in PROC), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "yigongti", "dip3", "import", str(book), "--out", str(tmp_path / "o"),
                          "--dx", str(dx), "--proc", str(proc)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "13 groups written" in run.stdout and "(loaded and checked)" in run.stdout
    with open(tmp_path / "o" / "scores.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")]
    assert rows[0] == list(dip3.SCORE_COLUMNS) and len(rows) == 14 and all(r[2] == "" for r in rows[1:])
