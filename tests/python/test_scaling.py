"""simulate --scale scales the amounts the documents fix for the whole county
(the budget in C, ygt_budget_scale; the scheme in yigongti/scaling.py): to the
fen, without touching the originals, leaving what is not an amount for the C
parser to report."""
import json
from pathlib import Path

from yigongti import scaling
from yigongti.simulate import Bundle, Runner
from yigongti.scenarios import ScenarioFile
from yigongti.scheme import Scheme

ROOT = Path(__file__).resolve().parents[2]
NINGHAI = ROOT / "examples" / "data" / "ninghai"
CHUNAN = ROOT / "examples" / "data" / "chunan"


def test_yuan_rounds_once_to_the_fen():
    assert scaling.yuan("182000000.00", 0.1) == "18200000.00"
    assert scaling.yuan("0.05", 0.5) == "0.03"  # 2.5 fen, half away from zero
    assert scaling.yuan("-0.05", 0.5) == "-0.03"
    assert scaling.yuan(420, 0.02) == "8.40"
    assert scaling.yuan("1234.56", 1) == "1234.56"


def test_scheme_scales_the_point_fund_and_the_workload_budget_only():
    doc = {"lines": {"inpatient": {"method": "points", "fund": {"employee": "500.00", "resident": 300}},
                     "outpatient": {"method": "capitation", "rate": "8.00"},
                     "primary_care": {"method": "workload", "budget": "3000000.00"},
                     "long_stay": {"method": "perdiem", "fund_ratio": 0.7}}}
    out = scaling.scheme(doc, 0.25)
    assert out["lines"]["inpatient"]["fund"] == {"employee": "125.00", "resident": "75.00"}
    assert out["lines"]["primary_care"]["budget"] == "750000.00"
    assert out["lines"]["outpatient"] == doc["lines"]["outpatient"]
    assert out["lines"]["long_stay"] == doc["lines"]["long_stay"]
    assert doc["lines"]["primary_care"]["budget"] == "3000000.00"


def _runner(bundle, scale, tmp_path):
    path = tmp_path / ("s%s.json" % scale)
    path.write_text(json.dumps({"format": "yigongti-scenarios/1", "seed": 1, "scale": scale,
                                "scenarios": [{"name": "bundle"}]}), encoding="utf-8")
    sf = ScenarioFile.load(str(path))
    return Runner(Bundle(str(bundle), sf), sf), sf.scenarios[0]


def test_a_scaled_run_budgets_a_scaled_county(tmp_path):
    full, scenario = _runner(NINGHAI, 1.0, tmp_path)
    small, _ = _runner(NINGHAI, 0.1, tmp_path)
    b1, b01 = full.budget(scenario), small.budget(scenario)
    model = full.bundle.model
    compared = 0
    for c in range(model.community_count()):
        for ins in ("employee", "resident"):
            whole = b1.amount(c, ins)  # 0: a specialty community without a budget
            assert abs(b01.amount(c, ins) - round(whole * 0.1)) <= 2, (c, ins)
            compared += whole > 0
    assert compared == 4


def test_the_scheme_parsed_is_the_scaled_one(tmp_path, monkeypatch):
    small, scenario = _runner(CHUNAN, 0.5, tmp_path)
    seen = []
    real = Scheme.parse
    monkeypatch.setattr(Scheme, "parse", lambda text, *a: seen.append(json.loads(text)) or real(text, *a))
    assert small.scheme(scenario) is not None
    whole = json.loads((CHUNAN / "scheme.json").read_text(encoding="utf-8"))["lines"]["primary_care"]["budget"]
    assert seen[0]["lines"]["primary_care"]["budget"] == scaling.yuan(whole, 0.5) != whole
