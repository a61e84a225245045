"""CHS-DRG 3.0 from Python: the synthetic workbook (tests/data/drg3/synthetic),
an .xlsx written from it and imported with ``drg3 import``, and the official
rules of ../shared/data/chs-drg-3.0 (skipped, naming the file, without them)."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import drg3

ROOT = Path(__file__).resolve().parents[2]
SYNTH = ROOT / "tests" / "data" / "drg3" / "synthetic"
FIXTURE = ROOT / "tests" / "data" / "drg3"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
OFFICIAL = SHARED / "chs-drg-3.0"

# (pdx, sdx, procs, age) -> DRG, checked by hand against the synthetic sheets
CASES = [
    ("K80.101", [], ["51.2300"], 45, "HC45"),
    ("K80.101", ["I50.900"], ["51.2300"], 45, "HC43"),
    ("K81.000", ["I50.900"], ["51.2300"], 45, "HC45"),  # I50.900 excluded under K81.000 (table T1)
    ("K80.101", ["J96.000"], ["51.2300"], 72, "HC4E"),
    ("K80.101", [], ["51.2300", "17.4100"], 45, "HC40"),
    ("K80.101", [], ["51.3600", "51.3700"], 5, "HB1D"),
    ("K80.302", [], ["50.5100"], 45, "AA19"),
    ("K85.000", [], ["51.2300"], 45, "XJ19"),
]


def _group(cfg, rows):
    with yigongti.Cases.for_pack(cfg) as cases:
        for pdx, sdx, procs, age, _ in rows:
            cases.append(sex=1, age_years=age, pdx=pdx, sdx=sdx, procs=procs)
        return cfg.group(cases)


def test_synthetic_groups():
    with drg3.Config.load(SYNTH) as cfg:
        assert (cfg.count("mdc"), cfg.count("adrg"), cfg.count("drg")) == (6, 15, 26)
        assert cfg.provenance("name") == "synthetic" and cfg.provenance("sha256") is None
        assert [r.drg for r in _group(cfg, CASES)] == [c[4] for c in CASES]
        hqy = _group(cfg, [("K80.101", [], ["51.8800"], 30, None)])[0]
        assert (hqy.mdc, hqy.adrg, hqy.drg, hqy.status) == ("MDCH", "HQY", "HQY", "QY")
        none = _group(cfg, [("A00.000", [], [], 30, None)])[0]
        assert (none.mdc, none.drg, none.status) == (None, None, "UNKNOWN_PDX")
        h00 = _group(cfg, [("K80.101", [], [], 30, None)])[0]
        assert h00.drg == "H000" and h00.flags & drg3.FLAG_PLACEHOLDER
        assert cfg.group_name("drg", cfg.find("drg", "HC43")) == "胆囊切除，伴一般合并症或并发症"
        assert cfg.find("drg", "ZZ99") is None


def test_node_count():
    # the C library's count for the synthetic workbook (tests/lua/test_drg3.lua asserts the same),
    # the same through either loader
    with drg3.Config.load(SYNTH) as cfg:
        assert cfg.node_count == 68
    files = {k: SYNTH / (k + ".tsv") for k in ("mdc", "adrg", "drg", "sets", "cc", "exclusion")}
    with drg3.Config.load_files(**files) as cfg:
        assert cfg.node_count == 68


def test_traced():
    with drg3.Config.load(SYNTH) as cfg, yigongti.Cases.for_pack(cfg) as cases:
        cases.append(sex=1, age_years=45, pdx="K81.000", sdx=["I50.900"], procs=["51.2300"])
        result, steps = cfg.group_traced(cases, 0)
        assert result.drg == "HC45" and steps[-1].kind == "result" and steps[-1].line == "result: HC45 OK"
        excluded = [s for s in steps if s.kind == "cc_excluded"]
        assert len(excluded) == 1 and "exclusion table T1" in excluded[0].line
        assert [s.line for s in steps if s.kind == "drg"][-1] == "DRG HC45 [empty rule]: true"


def test_errors_name_file_line_and_rule(tmp_path):
    for name in drg3.FILES[:6]:
        (tmp_path / (name + ".tsv")).write_text((SYNTH / (name + ".tsv")).read_text(encoding="utf-8"), encoding="utf-8")
    adrg = tmp_path / "adrg.tsv"
    adrg.write_text(adrg.read_text(encoding="utf-8").replace("ZYSS in OP_HC4", "ZYSS in (OP_HC4"), encoding="utf-8")
    with pytest.raises(yigongti.ParseError) as err:
        drg3.Config.load(tmp_path)
    assert "adrg.tsv" in str(err.value) and "rule of HC4: at character 9" in str(err.value)
    assert err.value.field == "规则"


def _write_xlsx(path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, sheet in zip(drg3.FILES, drg3.SHEETS):
        ws = book.create_sheet(sheet)
        ws.append([sheet + " (title row)"])  # the official sheets start with a title
        for line in (SYNTH / (name + ".tsv")).read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                ws.append([int(c) if c.isdigit() else c for c in line.split("\t")])
    book.save(path)


def test_import_workbook_round_trip(tmp_path):
    xlsx = tmp_path / "按病组（DRG）付费3.0版分组方案配置信息.xlsx"
    _write_xlsx(xlsx)
    out = tmp_path / "export"
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "yigongti", "drg3", "import", str(xlsx), "--out", str(out)],
                          env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    digest = hashlib.sha256(xlsx.read_bytes()).hexdigest()
    assert digest in proc.stdout
    with drg3.Config.load(out) as cfg:
        assert cfg.provenance("sha256") == digest
        assert cfg.provenance("workbook") == xlsx.name
        assert [r.drg for r in _group(cfg, CASES)] == [c[4] for c in CASES]


@pytest.mark.skipif(not (OFFICIAL / "drg.tsv").exists(), reason="%s not found" % (OFFICIAL / "drg.tsv"))
def test_official_cases():
    with drg3.Config.load_files(OFFICIAL / "mdc.tsv", OFFICIAL / "adrg.tsv", OFFICIAL / "drg.tsv",
                                OFFICIAL / "sets_sample.tsv", FIXTURE / "official_cc.tsv",
                                FIXTURE / "official_exclusion.tsv", missing_sets_empty=True) as cfg:
        assert (cfg.count("mdc"), cfg.count("adrg"), cfg.count("drg")) == (26, 537, 870)
        assert cfg.missing_set_count > 0
        res = _group(cfg, [("K80.101", ["I50.900"], ["51.2300"], 45, None),
                           ("K80.302", ["I10.x00", "E11.900"], ["51.2300"], 70, None),
                           ("K80.302", [], ["50.5100"], 45, None)])
        assert [(r.mdc, r.adrg, r.drg) for r in res] == [("MDCH", "HC4", "HC43"), ("MDCH", "HC4", "HC45"),
                                                         ("MDCA", "AB1", "AB19")]
    with pytest.raises(yigongti.NotFoundError):
        drg3.Config.load_files(OFFICIAL / "mdc.tsv", OFFICIAL / "adrg.tsv", OFFICIAL / "drg.tsv",
                               OFFICIAL / "sets_sample.tsv")


def test_group_command(tmp_path):
    cases = tmp_path / "cases.tsv"
    cases.write_text("case_id\tsex\tage_years\tpdx\tsdx\tpproc\tother_procs\n"
                     "c1\t1\t45\tK80.101\tI50.900\t51.2300\t\nc2\t1\t30\tK80.101\t\t51.3600\t51.3700\n"
                     "c3\t1\t30\tA00.000\t\t\t\n", encoding="utf-8")
    out = tmp_path / "groups.tsv"
    proc = subprocess.run([sys.executable, "-m", "yigongti", "drg3", "group", "--config", str(SYNTH),
                           "--cases", str(cases), "--out", str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").splitlines() == [
        "case_id\tmdc\tadrg\tdrg\tstatus", "c1\tMDCH\tHC4\tHC43\tOK", "c2\tMDCH\tHB1\tHB19\tOK",
        "c3\t\t\t\tUNKNOWN_PDX"]


def test_compare_versions(tmp_path):
    """Version b makes HC43 need an MCC: exactly the CC cases of HC4 move to HC45."""
    b = tmp_path / "b"
    b.mkdir()
    for name in drg3.FILES:
        text = (SYNTH / (name + ".tsv")).read_text(encoding="utf-8")
        if name == "drg":
            text = text.replace("\tQTZD in CC\tHC4\t5", "\tQTZD in MCC\tHC4\t5")
        (b / (name + ".tsv")).write_text(text, encoding="utf-8")
    cases = tmp_path / "cases.tsv"
    cases.write_text("case_id\tsex\tage_years\tpdx\tsdx\tpproc\tother_procs\n"
                     "c1\t1\t45\tK80.101\tI50.900\t51.2300\t\n"      # HC43 -> HC45
                     "c2\t1\t45\tK80.101\tE87.100\t51.2300\t\n"      # HC43 -> HC45
                     "c3\t1\t45\tK80.101\tJ96.000\t51.2300\t\n"      # HC41 both
                     "c4\t1\t45\tK80.101\t\t51.2300\t\n", encoding="utf-8")  # HC45 both
    out = tmp_path / "pairs.tsv"
    proc = subprocess.run([sys.executable, "-m", "yigongti", "drg3", "compare", "--a", str(SYNTH), "--b", str(b),
                           "--cases", str(cases), "--out", str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("4 cases: 2 change DRG (50.0%), 0 change MDC")
    assert out.read_text(encoding="utf-8").splitlines() == ["drg_a\tdrg_b\tcases", "HC43\tHC45\t2"]


def test_compare_with_a_rule_pack(tmp_path):
    """A 1.1-style pack and a 3.0 configuration side by side, each reading the
    cases over its own dictionaries."""
    tiny = ROOT / "tests" / "data" / "drg" / "tiny"
    cases = tmp_path / "cases.tsv"
    cases.write_text("case_id\tsex\tage_years\tpdx\tsdx\tpproc\tother_procs\n"
                     "c1\t1\t50\tA00.000\t\t\t\n"             # tiny: a DRG; synthetic: unknown, none
                     "c2\t1\t45\tK80.101\t\t51.2300\t\n", encoding="utf-8")  # tiny: unknown; synthetic: HC45
    with drg3.load_grouper(tiny) as a, drg3.load_grouper(SYNTH) as b:
        assert isinstance(a, yigongti.Pack) and isinstance(b, drg3.Config)
        cmp = drg3.compare(cases, a, b)
    assert (cmp.cases, cmp.drg_changed, cmp.mdc_changed) == (2, 2, 2)
    assert cmp.pairs[("-", "HC45")] == 1
    (tiny_drg, none), = [k for k in cmp.pairs if k[1] == "-"]
    assert tiny_drg != "-" and none == "-"


def test_periods_choose_by_discharge_date(tmp_path):
    """A year that spans a switch: the 1.1-style tiny pack until 2026-06-30, the
    synthetic 3.0 configuration from 2026-07-01."""
    periods = tmp_path / "periods.tsv"
    periods.write_text("from\tto\tgrouper\n2026-01-01\t2026-06-30\t%s\n2026-07-01\t\t%s\n"
                       % (ROOT / "tests" / "data" / "drg" / "tiny", SYNTH), encoding="utf-8")
    cases = tmp_path / "cases.tsv"
    cases.write_text("case_id\tsex\tage_years\tpdx\tsdx\tpproc\tother_procs\tdischarge_date\n"
                     "c1\t1\t45\tK80.101\t\t51.2300\t\t2026-06-30\n"
                     "c2\t1\t45\tK80.101\t\t51.2300\t\t2026-07-01\n"
                     "c3\t1\t45\tK80.101\t\t51.2300\t\t2025-12-31\n"
                     "c4\t1\t45\tK80.101\t\t51.2300\t\t\n", encoding="utf-8")
    with drg3.load_periods(periods) as loaded:
        res = drg3.group_by_period(cases, loaded)
        assert len(loaded) == 2 and loaded.period(1) == (20260701, 99991231) and loaded.find(20260630) == 0
        batches = loaded.batches(cases)
        forced = loaded.group(batches, which=1)  # every case with the 3.0 configuration
        assert [w for w, _ in forced] == [1, 1, 1, 1] and forced[0][1].drg == "HC45"
        assert [w for w, _ in loaded.group(batches)] == [0, 1, None, None]
    assert [r.status for r in res] == ["UNKNOWN_PDX", "OK", "NO_PERIOD", "NO_PERIOD"]
    assert res[1].drg == "HC45"
    out = tmp_path / "groups.tsv"
    proc = subprocess.run([sys.executable, "-m", "yigongti", "drg3", "group", "--periods", str(periods),
                           "--cases", str(cases), "--out", str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").splitlines()[2] == "c2\tMDCH\tHC4\tHC45\tOK"


@pytest.mark.parametrize("text, message", [
    ("from\tto\n", "grouper: required column"),
    ("from\tto\tgrouper\n2026-13\t\tx\n", ":2:1: from: not a date"),
    ("from\tto\tgrouper\n2026-07-01\t2026-06-01\tx\n", ":2:2: to: the period ends before it starts"),
])
def test_period_errors(tmp_path, text, message):
    periods = tmp_path / "periods.tsv"
    periods.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        drg3.load_periods(periods)


def test_overlapping_periods(tmp_path):
    periods = tmp_path / "periods.tsv"
    periods.write_text("from\tto\tgrouper\n2026-01-01\t2026-07-01\t%s\n2026-07-01\t\t%s\n" % (SYNTH, SYNTH),
                       encoding="utf-8")
    with pytest.raises(ValueError, match=":3: from: the period from 20260701 overlaps the period of line 2"):
        drg3.load_periods(periods)
    periods.write_text("from\tto\tgrouper\n2026-01-01\t2026-06-29\t%s\n2026-07-01\t\t%s\n" % (SYNTH, SYNTH),
                       encoding="utf-8")
    with pytest.raises(ValueError, match=":3: from: a gap: the period of line 2 ends on 20260629"):
        drg3.load_periods(periods)
