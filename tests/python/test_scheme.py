"""Payment schemes from Python (yigongti.scheme, backed by ygt_scheme): the
four bundles load, a year settles from numpy columns to the same fen as the C
tests, the row order does not matter, totals reconcile, errors name the JSON
path."""
import os
from pathlib import Path

import pytest

import yigongti
from yigongti.dip import load_cases
from yigongti.scheme import FIELDS, LINES, Scheme, SchemeError

np = pytest.importorskip("numpy")
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture
def outside_paths():
    """The test names files by absolute paths inside a bundle file, as a host that trusts them may."""
    yigongti.set_outside_paths(True)
    yield
    yigongti.set_outside_paths(False)


def year(model, scheme, order=None):
    """Three stays and four visits of Chun'an; ``order`` permutes both."""
    stays = [("CA-H01", 0, 20240110, 8, 900000, 90000, "BR23"), ("CA-T02", 1, 20240220, 4, 300000, 30000, "GZ15"),
             ("CA-H02", 1, 20240320, 12, 600000, 60000, "XX99")]
    visits = [("CA-H01", "CA-T01", 1, 24000, 20000, None, 1), ("CA-T01", "CA-T01", 1, 5500, 4500, "OP01", 1),
              ("CA-T02", None, -1, 3000, 0, "FU01", 2000), ("CA-T01", None, 0, 0, 0, "OP01", 12000)]
    s_order = order[0] if order else range(len(stays))
    v_order = order[1] if order else range(len(visits))
    dx, proc = yigongti.Codes("diagnosis"), yigongti.Codes("procedure")
    cases = yigongti.Cases(dx, proc)
    groups = []
    for k in s_order:
        inst, ins, date, los, cost, self_paid, group = stays[k]
        cases.append(institution_index=model.find_institution(inst), insurance=ins, discharge_date=date,
                     los_days=los, leaving_type=1, total_cost=cost, self_paid=self_paid)
        groups.append(scheme.find("inpatient", group) if scheme.find("inpatient", group) is not None else -1)
    v = [visits[k] for k in v_order]
    cols = {"institution": [model.find_institution(r[0]) for r in v],
            "home": [model.find_institution(r[1]) if r[1] else -1 for r in v],
            "insurance": [r[2] for r in v], "cost": [r[3] for r in v], "fund": [r[4] for r in v],
            "item": [scheme.find("primary_care", r[5]) if r[5] else -1 for r in v],
            "quantity": [r[6] for r in v]}
    return cases, groups, cols


@pytest.fixture(scope="module")
def chunan():
    return Scheme(DATA / "chunan" / "scheme.json")


def test_bundles_load(chunan):
    ninghai = Scheme(DATA / "ninghai" / "scheme.json")
    assert ninghai.lines == {"inpatient": "points", "outpatient": "capitation", "long_stay": "perdiem"}
    assert ninghai.id == "ninghai-county-year-illustrative" and ninghai.illustrative
    assert Scheme(DATA / "ninghai" / "scheme-cases.json").id == "ninghai-2024-mixed-illustrative"
    assert ninghai.provenance("locality") == "330226"
    assert ninghai.find("long_stay", "psychiatric") == 0 and ninghai.find("inpatient", "nope") is None
    assert chunan.method("primary_care") == "workload" and chunan.group_count("primary_care") >= 5
    dx_path, proc_path = SHARED / "icd" / "icd10_yibao_v2.0.tsv", SHARED / "icd" / "icd9cm3_yibao_v2.0.tsv"
    if not dx_path.exists():
        pytest.skip("missing shared data: %s" % dx_path)
    dx, proc = yigongti.Codes.load(dx_path, "diagnosis"), yigongti.Codes.load(proc_path, "procedure")
    for bundle, outpatient in (("zhuhai", "ffs"), ("linxiang", "capitation")):
        with pytest.raises(SchemeError) as e:
            Scheme(DATA / bundle / "scheme.json")
        assert e.value.path == "lines.inpatient.method"
        s = Scheme(DATA / bundle / "scheme.json", dx=dx, proc=proc)
        assert s.method("inpatient") == "dip" and s.method("outpatient") == outpatient
    zh = Scheme(DATA / "zhuhai" / "scheme.json", dx=dx, proc=proc)
    cases = load_cases(dx, proc, DATA / "zhuhai" / "dip-cases.tsv", zh.model)
    r = zh.settle(cases)
    per = r.stays()
    assert int(per["fund"].sum()) == r.get("fund", line="inpatient") > 0
    assert r.figure("point_value", "resident") > 0
    assert (per["status"] == 0).sum() == r.get("settled", line="inpatient") > len(cases) * 0.9
    assert (per["group"][per["status"] == 0] >= 0).all()


def test_settle_columns(chunan):
    m = chunan.model
    cases, groups, cols = year(m, chunan)
    r = chunan.settle(cases, groups, visits=cols)
    per = r.stays()
    # BR23 at 二甲, employee: 9947 × 0.9813 = 9760.99; fund (9760.99 − 900) × 0.85
    assert list(per["amount"]) == [976099, 298550, 0]
    assert list(per["fund"]) == [976099 - 90000, 298550 - 30000, 0]  # standard − patient share
    assert list(per["status"]) == [0, 0, 3]
    t01, h01 = m.find_institution("CA-T01"), m.find_institution("CA-H01")
    assert r.get("charged", t01, "outpatient") == 20000
    assert r.get("fund", h01, "outpatient") == 20000
    assert r.get("fund", line="outpatient") == r.get("pool", line="outpatient")
    # workload: T01 12001 equivalents, T02 1000 (FU01 × 0.5 × 2000), budget 3,000,000 yuan
    assert r.get("score_units", t01, "primary_care") == 12001 * 10 ** 6
    assert r.figure("unit_value") == pytest.approx(300000000 / 13001 / 100)
    assert r.get("uninsured", line="outpatient") == 1
    assert r.get("cases") == 7 + 3  # 3 stays, 4 visits, 3 workload records
    for line in LINES:
        for f in FIELDS:
            assert sum(r.get(f, i, line) for i in range(r.institution_count() + 1)) == r.get(f, line=line)
    assert r.institution(t01, "primary_care")["settled"] == 2


def test_order_does_not_matter(chunan):
    m = chunan.model
    base = chunan.settle(*year(m, chunan)[:2], visits=year(m, chunan)[2])
    cases, groups, cols = year(m, chunan, ([2, 0, 1], [3, 1, 0, 2]))
    other = chunan.settle(cases, groups, visits=cols)
    for i in range(base.institution_count() + 1):
        assert base.institution(i) == other.institution(i)
    assert list(other.stays()["fund"]) == [0, 976099 - 90000, 298550 - 30000]


def test_errors(tmp_path, chunan, outside_paths):
    bad = tmp_path / "scheme.json"
    bad.write_text('{"format": "yigongti-scheme/1", "model": "%s", "lines": {"outpatient": {"method": "capitation",'
                   ' "rate": "8.001"}}}' % (DATA / "chunan" / "model.json"), encoding="utf-8")
    with pytest.raises(SchemeError) as e:
        Scheme(bad)
    assert e.value.path == "lines.outpatient.rate" and "amount in yuan" in str(e.value)
    assert isinstance(e.value, yigongti.YgtError) and e.value.source == str(bad)
    with pytest.raises(SchemeError) as e:
        Scheme.parse('{"format": "yigongti-scheme/1", "lines": {"long_stay": {"method": "drg"}}}', chunan.model)
    assert e.value.path == "lines.long_stay.method"
    s = Scheme.parse('{"format": "yigongti-scheme/1", "lines": {"inpatient": {"method": "ffs"}}}', chunan.model)
    assert s.lines == {"inpatient": "ffs"} and s.id == ""
    cases, groups, cols = year(chunan.model, chunan)
    del cols["fund"]
    with pytest.raises(yigongti.InvalidArgumentError):
        chunan.settle(cases, groups, visits=cols)
    with pytest.raises(KeyError):
        chunan.settle(cases).get("fund", line="dental")


def test_dip_prepayments_and_special_review_quota():
    """Zhuhai's sample year: no institution's prepayment is negative (the zero floor is counted in
    prepay_floored / prepay_raised), prepayment + clearing = fund, and special review over the quota is
    special_review − special_allowed (0 here), priced in special_over_ffs_fund / special_over_method_fund."""
    dx_path, proc_path = SHARED / "icd" / "icd10_yibao_v2.0.tsv", SHARED / "icd" / "icd9cm3_yibao_v2.0.tsv"
    if not dx_path.exists():
        pytest.skip("missing shared data: %s" % dx_path)
    dx, proc = yigongti.Codes.load(dx_path, "diagnosis"), yigongti.Codes.load(proc_path, "procedure")
    zh = Scheme(DATA / "zhuhai" / "scheme.json", dx=dx, proc=proc)
    r = zh.settle(load_cases(dx, proc, DATA / "zhuhai" / "dip-cases.tsv", zh.model))
    for i in range(r.institution_count()):
        f = r.institution(i, "inpatient")
        assert f["prepayment"] >= 0 and f["prepayment"] + f["clearing"] == f["fund"]
        assert (f["prepay_floored"] == 0) == (f["prepay_raised"] == 0)
    special, allowed = r.figure("special_review", "inpatient"), r.figure("special_allowed", "inpatient")
    assert r.figure("special_over_quota", "inpatient") == max(0.0, special - allowed)
    assert r.figure("special_over_ffs_fund", "inpatient") >= 0
    assert "special_over_method_fund" in yigongti.scheme.FIGURES
    pv, bpv = r.figure("point_value", "employee"), r.figure("budget_point_value", "employee")
    assert pv / 2 < bpv < pv * 2


def test_dip_quota_settle(tmp_path, outside_paths):
    """"quota": "settle": with a quota of 1 per mille the extreme-cost stays beyond it are settled by the
    high-cost rule, so fewer stays stay in review and more are settled than under the default report."""
    dx_path, proc_path = SHARED / "icd" / "icd10_yibao_v2.0.tsv", SHARED / "icd" / "icd9cm3_yibao_v2.0.tsv"
    if not dx_path.exists():
        pytest.skip("missing shared data: %s" % dx_path)
    dx, proc = yigongti.Codes.load(dx_path, "diagnosis"), yigongti.Codes.load(proc_path, "procedure")
    zh = DATA / "zhuhai"
    params = (zh / "dip-params.json").read_text(encoding="utf-8").replace(
        '"special_review_quota": 0.005', '"special_review_quota": 0.001')
    (tmp_path / "p.json").write_text(params, encoding="utf-8")
    text = (zh / "scheme.json").read_text(encoding="utf-8").replace(
        '"params": "dip-params.json"', '"params": "%s"' % (tmp_path / "p.json"))
    model = yigongti.Model.load(zh)
    cases = load_cases(dx, proc, zh / "dip-cases.tsv", model)
    report = Scheme.parse(text, model, dx, proc, str(zh / "scheme.json"), str(zh)).settle(cases)
    settled = Scheme.parse(text.replace('"fund_from_cases": true', '"fund_from_cases": true, "quota": "settle"'),
                           model, dx, proc, str(zh / "scheme.json"), str(zh)).settle(cases)
    allowed = report.figure("special_allowed", "inpatient")
    assert report.figure("special_review", "inpatient") > allowed + 1
    assert report.figure("special_over_quota", "inpatient") > 0
    assert settled.figure("special_review", "inpatient") <= allowed
    assert settled.figure("special_over_quota", "inpatient") == 0
    moved = report.figure("special_review", "inpatient") - settled.figure("special_review", "inpatient")
    assert settled.get("settled", line="inpatient") == report.get("settled", line="inpatient") + moved
    with pytest.raises(SchemeError):
        Scheme.parse(text.replace('"fund_from_cases": true', '"quota": "enforce"'), model, dx, proc, "s.json", str(zh))


def test_scheme_file_paths(tmp_path):
    """The scheme file is read only when it is a regular file (a FIFO hung open()), and the model it names stays
    in its directory, as the C loader's rule (doc/limits.md, "Files and paths")."""
    import os
    os.mkfifo(tmp_path / "fifo.json")
    with pytest.raises(SchemeError, match="not a regular file"):
        Scheme(tmp_path / "fifo.json")
    bad = tmp_path / "scheme.json"
    bad.write_text('{"format": "yigongti-scheme/1", "model": "../../etc/passwd", "lines": {}}', encoding="utf-8")
    with pytest.raises(SchemeError) as e:
        Scheme(bad)
    assert e.value.path == "model" and "leaves the bundle's directory" in str(e.value)


def test_settle_command_names_units(tmp_path):
    """settle's per-case table says its money is in yuan (the API's is fen)."""
    import subprocess
    import sys
    out = tmp_path / "out.tsv"
    subprocess.run([sys.executable, "-m", "yigongti", "settle", "--bundle", str(DATA / "chunan"), "--out", str(out)],
                   check=True, capture_output=True)
    head = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")][0]
    assert head.split("\t")[-2:] == ["amount_yuan", "fund_yuan"]
