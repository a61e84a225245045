"""DRG rate method, point method, capitation, per-diem and workload
equivalents from Python: the same hand-computed numbers as the C tests,
the city tables, partition invariance and errors naming file, line, field."""
import os
from pathlib import Path

import pytest

import yigongti
from yigongti import payment
from yigongti.dip import Accumulator

np = pytest.importorskip("numpy")
ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="module")
def model():
    b = yigongti.ModelBuilder()
    b.set_locality("330226", "宁海县")
    b.add_institution("H3", "县第一医院", "county", "general_hospital", level="3A")
    b.add_institution("H2", "县中医院", "county", "tcm_hospital", level="2A")
    b.add_institution("H1", "镇卫生院", "township", "township", level="1")
    b.add_community("C1", "宁海医共体", "comprehensive")
    b.add_member("C1", "H3", "lead").add_member("C1", "H2").add_member("C1", "H1")
    b.add_grid("G1", "东片", "C1", 12000, 3000, 7000, township="H1")
    b.add_team("T1", "H1", 1200).add_team("T2", "H1", 800)
    return b.build()


@pytest.fixture
def outside_paths():
    """The test names files by absolute paths inside a bundle file, as a host that trusts them may."""
    yigongti.set_outside_paths(True)
    yield
    yigongti.set_outside_paths(False)


def batch(rows):
    dx, proc = yigongti.Codes("diagnosis"), yigongti.Codes("procedure")
    c = yigongti.Cases(dx, proc)
    c._keep_dicts = (dx, proc)
    for inst, ins, date, los, leaving, cost, self_paid in rows:
        c.append(institution_index=inst, insurance=ins, discharge_date=date, los_days=los, leaving_type=leaving,
                 total_cost=cost, self_paid=self_paid or None)
    return c


def tsv(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text.replace("|", "\t"), encoding="utf-8")
    return p


def test_drg_rate_method(tmp_path, model):
    rates = payment.DrgRates.load(tsv(tmp_path, "r.tsv", "drg_code|rw|basic_group\nG1|1.5|0\nG2|0.8|1\n"))
    assert len(rates) == 2 and rates.find("G2") == 1 and rates.group(1)["basic"]
    rates.set_base_rate(12000, "employee")
    rates.set_base_rate(6960, "employee", level="1")
    rates.set_fund_ratio(0.9)
    # 12000 × 1.5 = 18000.00; 基础病组 at 三甲: 6960 × 0.8 = 5568.00
    assert rates.standard(0, "employee", "3A") == 1800000
    assert rates.standard(1, "employee", "3A") == 556800
    cases = batch([(0, 0, 20240115, 7, 1, 1500000, 100000), (0, 0, 20240115, 7, 1, 6000000, 0)])
    acc, led = Accumulator(3), Accumulator(3)
    r = rates.settle(model, cases, [0, 0], acc, led)
    # (18000 - 1000) × 0.9 = 15300.00; 60000 > 3 × 18000: by items, 54000.00
    assert list(r["fund"]) == [1530000, 5400000]
    assert r["reason"][1] == 9  # high_cost
    assert led.total("fund") == 6930000
    assert rates.special_review(acc) == (0, 0, False)
    text = rates.explain(model, cases, "G1", 0)
    assert "RW 1.5 x level adjustment 1 x institution coefficient 1 x base rate 12000 yuan = standard 1800000" in text
    assert "amount 1800000 fen (the standard); fund 1530000 fen" in text
    assert "amount 6000000 fen (high_cost: the cost)" in rates.explain(model, cases, 0, 1)
    assert "special_review: unmatched" in rates.explain(model, cases, "nope", 0)
    with pytest.raises(yigongti.RangeError):
        rates.explain(model, cases, 0, 2)
    assert rates.base_rate_from_budget(171000000, 0.9, [100, 50]) == pytest.approx(1900000 / 190)
    rw = payment.weights_from_costs(2, [0, 0, 1], [100, 300, 400])
    assert rw[1] == pytest.approx(400 / (800 / 3))
    with pytest.raises(yigongti.RangeError):
        rates.set_fund_ratio(1.5)


@pytest.mark.parametrize("city,cols,rates,basic", [
    ("qingdao_2023.tsv", [("pay_level3", "3", 1.0), ("pay_level2", "2", 1.0), ("pay_level1", "1", 1.0),
                          ("pay_top4", "3", 1.1)], {"1": 6960, "2": 9600, "3": 12000}, 0),
    ("wuxi_2022.tsv", [("pay_level1", "1", 1.0), ("pay_level2", "2", 1.0), ("pay_level3", "3", 1.0)],
     {"1": 7782, "2": 9947, "3": 13060}, 25)])
def test_city_tables(city, cols, rates, basic):
    from decimal import ROUND_HALF_UP, Decimal
    path = SHARED / "drg-payment" / city
    if not path.exists():
        pytest.skip("missing shared data: %s" % path)
    t = payment.DrgRates.load(path)
    for lv, rate in rates.items():
        t.set_base_rate(rate, level=lv)
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    nbasic = 0
    for line in lines[1:]:
        row = dict(zip(head, line.split("\t")))
        g = t.find(row["drg_code"])
        nbasic += t.group(g)["basic"]
        for col, lv, coef in cols:
            want = int((Decimal(row[col]) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            assert t.standard(g, "employee", lv, coef) == want, (row["drg_code"], col)
    assert nbasic == basic


def test_point_method(tmp_path, model):
    pts = payment.Points.load(tsv(tmp_path, "p.tsv", "group_code|base_points|mean_cost\nP1|100|10000\n"))
    pts.set_level_coef("3A", 1.2)
    pts.set_level_coef("1", 0.8)
    assert pts.level_coef("2A") == pytest.approx(1.08)
    assert pts.get("readmit_days") == 15
    pts.set_fund("employee", 2400000)
    # H3 complete 120 points; H1 complete 80; patients pay 0: value 24000 / 200 = 120 yuan
    cases = batch([(0, 0, 20240115, 7, 1, 900000, 0), (2, 0, 20240315, 7, 1, 900000, 0)])
    r = pts.settle(model, cases, [0, 0])
    assert list(r["score_units"]) == [120000000, 80000000]
    assert r["values"].point_value("employee") == pytest.approx(120)
    assert list(r["amount"]) == [1440000, 960000]
    # prepayment 85 % at the settlement value, clearing the rest
    assert r["prepayment"] == 2040000 and r["clearing"] == 360000
    # split in two partitions: identical totals
    a1, a2 = Accumulator(3), Accumulator(3)
    pts.score(model, cases, [0, 0], a1, begin=1)
    pts.score(model, cases, [0, 0], a2, end=1)
    assert a1.merge(a2).total("score_units") == r["scores"].total("score_units")
    with pytest.raises(yigongti.ParseError) as e:
        payment.Points.load(tsv(tmp_path, "bad.tsv", "group_code|base_points|mean_cost\nP|x|1\n"))
    assert e.value.line == 2 and e.value.field == "base_points"


def test_capitation_perdiem_workload(tmp_path, model):
    assert payment.capitation_persons(model, 2, "signed") == 2000
    assert payment.capitation_persons(model, 2, "insured", "resident") == 7000
    pool = payment.capitation_pool(1000, 2000, 0.9, 12, 1.05)
    assert pool == 22680000
    visits = batch([(0, 1, 20240105, 1, 1, 50000, 0), (2, 1, 20240105, 1, 1, 9000, 0)])
    charged = payment.capitation_charges(visits, [2, 2], 3)
    assert list(charged) == [0, 0, 50000]
    assert payment.capitation_balance(pool, charged[2]) == 22630000
    pd = payment.PerDiem.load(tsv(tmp_path, "b.tsv", "class|level|from_day|to_day|rate\npsy|*|1|30|300\npsy|*|31||250\n"))
    psy = pd.find("psy")
    assert pd.amount(psy, "1", 40) == 30 * 30000 + 10 * 25000
    pd.set_fund_ratio(0.8)
    r = pd.settle(model, batch([(2, 0, 20240301, 40, 1, 1000000, 0)]), [psy])
    assert r["fund"][0] == 920000
    stay = batch([(2, 0, 20240301, 40, 1, 1000000, 0)])
    text = pd.explain(model, stay, "psy", 0)
    assert "days 1-30: 30 x 30000 fen + days 31-40: 10 x 25000 fen = amount 1150000 fen" in text
    assert "fund 920000 fen" in text and "fund ratio 0.8" in text
    w = payment.Workload.load(tsv(tmp_path, "w.tsv", "item_code|equivalent\nV|1\nH|3.5\n"))
    units = w.tally(2, [0, 1], [w.find("V"), w.find("H")], [100, 20])
    amounts, unit = w.compensate(units, 1700000, [1.0, 0.9])
    # 170 equivalents, 100 yuan each: 10000.00 and 70 × 100 × 0.9 = 6300.00
    assert unit == pytest.approx(100) and list(amounts) == [1000000, 630000]
    with pytest.raises(yigongti.ValidationError) as e:
        payment.PerDiem.load(tsv(tmp_path, "o.tsv", "class|level|from_day|to_day|rate\np|*|1|9|1\np|*|5|9|1\n"))
    assert e.value.line == 3


@pytest.mark.parametrize("bundle,expect", [
    ("ninghai", ["inpatient (points, 9 cases)", "long_stay (perdiem, 2 cases): fund 23840.00"]),
    ("chunan", ["inpatient (drg, 7 cases)", "CA-T01 pool 22032000.00, charged 200.00, balance 22031800.00",
                "CA-T01 2000000.00, CA-T02 950000.00"])])
def test_settle_command(tmp_path, bundle, expect):
    import subprocess
    import sys
    out = tmp_path / "out.tsv"
    r = subprocess.run([sys.executable, "-m", "yigongti", "settle", "--bundle", str(ROOT / "examples" / "data" / bundle),
                        "--out", str(out)], capture_output=True, text=True, env=os.environ.copy())
    assert r.returncode == 0, r.stderr
    for text in expect:
        assert text in r.stdout
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("case_id\tline\tmethod")


def test_scheme_errors(tmp_path, outside_paths):
    from yigongti.scheme import Scheme, SchemeError
    bad = tmp_path / "scheme.json"
    bad.write_text('{"format": "yigongti-scheme/1", "model": "%s", "lines": {"inpatient": {"method": "dip"}}}'
                   % (ROOT / "examples" / "data" / "ninghai" / "model.json"), encoding="utf-8")
    with pytest.raises(SchemeError) as e:
        Scheme(bad)
    assert e.value.path == "lines.inpatient.method"
