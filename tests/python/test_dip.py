"""DIP settlement from Python: catalogue, parameters, numpy/pandas batches,
partition-independent totals and the command line."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import dip

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
ICD = SHARED / "icd"
ZH = ROOT / "examples" / "data" / "zhuhai"
LX = ROOT / "examples" / "data" / "linxiang"

pytestmark = pytest.mark.skipif(not (ICD / "icd10_yibao_v2.0.tsv").exists(), reason="missing shared data: %s" % (ICD / "icd10_yibao_v2.0.tsv"))


@pytest.fixture(scope="module")
def world():
    dx = yigongti.Codes.load(str(ICD / "icd10_yibao_v2.0.tsv"), kind="diagnosis")
    proc = yigongti.Codes.load(str(ICD / "icd9cm3_yibao_v2.0.tsv"), kind="procedure")
    model = yigongti.Model.load(str(ZH))
    cat = dip.Catalog.load(dx, proc, ZH / "dip-catalogue.tsv")
    params = dip.Params.load(ZH / "dip-params.json")
    return dx, proc, model, cat, params


def test_catalog_and_params(world):
    dx, proc, model, cat, params = world
    rows = (ZH / "dip-catalogue.tsv").read_text(encoding="utf-8").splitlines()
    assert len(cat) == sum(r.split("\t")[0] in ("core", "comprehensive") for r in rows)
    g = cat.find("K80.1-CON")
    info = cat.group(g)
    assert info["kind"] == "core" and info["grassroots"] and info["rw"] > 0
    assert params.id == "zhuhai-dip-2024-illustrative"
    assert params.provenance("locality") == "440400"
    assert params.provenance("period_from") == "2024-01-01"
    assert params.get("dev_extreme") == 5
    assert params.get("special_review_quota") == 0.005
    assert params.has_insurance("employee") and params.has_insurance("居民")
    assert params.model_path().endswith("zhuhai/model.json")


def test_errors_name_file_line_field(world, tmp_path):
    dx, proc, *_ = world
    bad = tmp_path / "cat.tsv"
    bad.write_text("kind\tgroup\tdx\trw\tstd_cost\ncore\tG1\tZ99.999\t1\t100\n", encoding="utf-8")
    with pytest.raises(yigongti.NotFoundError) as e:
        dip.Catalog.load(dx, proc, bad)
    assert e.value.line == 2 and e.value.field == "dx" and e.value.source == str(bad)
    with pytest.raises(yigongti.ParseError) as e:
        dip.Params.parse('{"format": "yigongti-settle/1",\n "id": 5}', "p.json")
    assert e.value.field == "id" and e.value.line == 2 and e.value.source == "p.json"


def test_file_and_dataframe_batches_agree(world):
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    dx, proc, model, cat, params = world
    engine = dip.Engine(cat, params, model)
    from_file = dip.load_cases(dx, proc, ZH / "dip-cases.tsv", model)
    df = pd.read_csv(ZH / "dip-cases.tsv", sep="\t", comment="#", dtype=str, keep_default_na=False)
    from_df = dip.batch_from_dataframe(dx, proc, df, model)
    assert len(from_df) == len(from_file) == 3000
    a, b = dip.settle(engine, from_file), dip.settle(engine, from_df)
    for key in ("group", "status", "reason", "score_units", "amount", "fund"):
        assert np.array_equal(a[key], b[key]), key
    assert a.values.point_value("employee") == b.values.point_value("employee")
    frame = a.to_dataframe(from_file)
    assert list(frame.columns[:2]) == ["case_id", "group"] and len(frame) == 3000


def test_partitions_give_identical_totals(world):
    np = pytest.importorskip("numpy")
    dx, proc = world[:2]
    lx_params = dip.Params.load(LX / "dip-params.json")
    lx_model = yigongti.Model.load(str(LX))
    cases = dip.load_cases(dx, proc, LX / "dip-cases.tsv", lx_model)
    lx_cat = dip.Catalog.load(dx, proc, LX / "dip-catalogue.tsv")
    engine = dip.Engine(lx_cat, lx_params, lx_model)
    one = dip.settle(engine, cases, partitions=1)
    for parts in (2, 3, 7):
        other = dip.settle(engine, cases, partitions=parts)
        assert np.array_equal(one["amount"], other["amount"])
        for field in dip.FIELDS:
            assert one.ledger.total(field) == other.ledger.total(field)
            assert one.scores.total(field) == other.scores.total(field)
        assert one.values.point_value("resident") == other.values.point_value("resident")
    # totals are sums of the rounded case amounts
    assert one.ledger.total("amount") == int(one["amount"].sum())
    assert dip.clearing(one.ledger, one.values) == one.ledger.total("fund") - dip.prepayment(one.ledger, one.values)


def test_accumulator_by_hand():
    acc = dip.Accumulator(2)
    acc.add(0, "employee", 1, dip.OK, score_units=1_000_001, base_units=1_000_000, patient_share=200_000)
    acc.add(1, "employee", 2, dip.OK, score_units=3_999_999, base_units=3_000_000, patient_share=50_000)
    params = dip.Params.parse(
        '{"format": "yigongti-settle/1", "id": "t", "provenance": {"document": "d", "locality": "l", '
        '"period": ["2024-01-01", "2024-12-31"]}, "insurance": {"employee": {"fund": "100000.00", '
        '"reimbursement_ratio": 0.8}}}')
    values = dip.Values.finalise(acc, params)
    # 100000 / 0.8 = 125000 yuan over 5 points
    assert values.point_value("employee") == 25000.0
    assert values.params_id == "t"
    assert acc.total("score_units") == 5_000_000
    assert dip.field_name(7) == "score_units" and dip.proc_type_name(0) == "conservative"
    assert dip.status_name(dip.SPECIAL_REVIEW) == "special_review" and dip.reason_name(6) == "unmatched"
    assert dip.SCORE_UNIT == 1_000_000 and acc.institutions == 2


def test_cli(tmp_path):
    out = tmp_path / "out.tsv"
    env = dict(os.environ, YGT_SHARED_DATA=str(SHARED))
    proc = subprocess.run([sys.executable, "-m", "yigongti", "dip", "settle", "--catalog",
                           str(ZH / "dip-catalogue.tsv"), "--cases", str(ZH / "dip-cases.tsv"), "--params",
                           str(ZH / "dip-params.json"), "--out", str(out)],
                          capture_output=True, text=True, env=env, check=True)
    assert "zhuhai-dip-2024-illustrative" in proc.stdout
    assert "\ntotal\t3000\t" in proc.stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith("\tamount_yuan\tfund_yuan") and len(lines) == 3002   # units in the header


def _half_away(q):
    from fractions import Fraction
    n = abs(q) + Fraction(1, 2)
    return int(n.numerator // n.denominator) * (1 if q >= 0 else -1)


def test_scores_round_as_exact_decimals(world):
    """0.4583 × 1.10 × 1.15 = 0.5797495 exactly: half a unit of 10^-6 points, away from zero (was 0.579749)."""
    from fractions import Fraction as F
    dx, proc, model, cat, params = world
    cases = dip.load_cases(dx, proc, ZH / "dip-cases.tsv", model)
    result = dip.settle(dip.Engine(cat, params, model), cases)
    ids = [line.split("\t", 1)[0] for line in (ZH / "dip-cases.tsv").read_text(encoding="utf-8").splitlines()
           if line and not line.startswith("#")][1:]
    exact = {"ZH-00462": F("0.4583") * F("1.10") * F("1.15"), "ZH-01741": F("0.5245") * F("1.10") * F("0.85")}
    for case_id, score in exact.items():
        assert result["score_units"][ids.index(case_id)] == _half_away(score * 10**6), case_id


def test_scaled_params():
    """A parameter set scaled for half the population halves the fund and the history, so both point
    values halve."""
    text = ('{"format": "yigongti-settle/1", "id": "t", "provenance": {"document": "d", "locality": "l", '
            '"period": ["2024-01-01", "2024-12-31"]}, "insurance": {"employee": {"fund": "100000.00", '
            '"reimbursement_ratio": 0.8, "history": {"costs": ["1000.00"]}}}}')
    params = dip.Params.parse(text)
    acc = dip.Accumulator(2)
    acc.add(0, "employee", 1, dip.OK, score_units=1_000_000, base_units=1_000_000, patient_share=200_000)
    acc.add(1, "employee", 2, dip.OK, score_units=1_000_000, base_units=1_000_000, patient_share=0)
    values = dip.Values.finalise(acc, params)
    assert values.budget_point_value("employee") == 500.0  # 1000 yuan over Σ RW × N = 2
    half = params.scaled(0.5)
    assert half.id == "t" and half.has_insurance("employee")
    halved = dip.Values.finalise(acc, half)
    assert halved.point_value("employee") == values.point_value("employee") / 2
    assert halved.budget_point_value("employee") == 250.0
    with pytest.raises(yigongti.YgtError):
        params.scaled(0)


def test_prepayments_of_a_priced_batch_are_not_negative(world):
    """Linxiang's sample priced with a history of 1 yuan: every month's budget fund is negative, every
    prepayment 0, the floors counted, and the clearing pays the whole fund."""
    dx, proc = world[:2]
    lx_model = yigongti.Model.load(str(LX))
    doc = json.loads((LX / "dip-params.json").read_text(encoding="utf-8"))
    for ins in doc["insurance"].values():
        ins["history"]["costs"] = ["1.00"] * len(ins["history"]["costs"])
    params = dip.Params.parse(json.dumps(doc), str(LX / "dip-params.json"))
    engine = dip.Engine(dip.Catalog.load(dx, proc, LX / "dip-catalogue.tsv"), params, lx_model)
    one = dip.settle(engine, dip.load_cases(dx, proc, LX / "dip-cases.tsv", lx_model))
    assert one.ledger.total("budget_fund") < 0
    assert dip.prepayment(one.ledger, one.values) == 0
    cells, raised = dip.prepayment_floors(one.ledger, one.values)
    assert cells > 0 and raised > 0
    assert sum(dip.prepayment_floors(one.ledger, one.values, month=m)[0] for m in range(13)) == cells
    assert dip.clearing(one.ledger, one.values) == one.ledger.total("fund")


def test_pregroup_kind(world, tmp_path):
    """A DIP 3.0 pre-group: kind "pregroup", tried before the core groups, procedures anywhere."""
    dx, proc = world[0], world[1]
    path = tmp_path / "dip3.tsv"
    path.write_text("kind\tgroup\tdx\tprocs\trw\tstd_cost\n"
                    "pregroup\tPRE-ECMO\t\t39.65*\t10\t100000\n"
                    "core\tK80-LC\tK80*\t51.23*\t1.5\t10000\n", encoding="utf-8")
    with dip.Catalog.load(dx, proc, path) as cat:
        assert cat.group(cat.find("PRE-ECMO"))["kind"] == "pregroup"
        with yigongti.Cases(dx, proc) as cases:
            cases.append(pdx="K80.100", procs=["51.2300", "39.6500"])
            cases.append(pdx="K80.100", procs=["51.2300"])
            assert [cat.code(cat.match(cases, r)[0]) for r in range(2)] == ["PRE-ECMO", "K80-LC"]
