"""Performance scoring from Python: registry, numpy encounter batches,
values, scorecards, money links, the command line."""
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import (Encounters, IndicatorValues, Indicators, Inputs, Model,
                      Scorecard)
from yigongti.errors import NotFoundError, ParseError, ValidationError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"


@pytest.fixture(scope="module")
def reg():
    return Indicators.defaults()


def test_registry(reg):
    assert len(reg) == 33
    x = reg["primary_visit_rate"]
    assert (x.name, x.unit, x.direction, x.formula, x.target, x.floor) == ("基层就诊率", "%", "higher", "ratio", 65, None)
    assert "county_visit_rate" in reg.ids()
    with pytest.raises(NotFoundError):
        reg.index("nope")


def test_bad_registry(tmp_path):
    p = tmp_path / "ind.tsv"
    p.write_text("id\tname\tformula\tnumerator\tdirection\nA-1\tx\tvalue\tcount\thigher\n")
    with pytest.raises(ParseError) as exc:
        Indicators.load(p)
    assert exc.value.line == 2 and exc.value.field == "id"


def test_numpy_batch_chunan_growth(reg):
    np = pytest.importorskip("numpy")
    m = Model.load(DATA / "chunan")
    t1, h1, g1 = m.find_institution("CA-T01"), m.find_institution("CA-H01"), m.find_grid("CA-G01")
    enc = Encounters.from_arrays(
        institution=np.array([t1, h1, t1, h1, h1, h1], dtype=np.int32),
        grid=np.full(6, g1, dtype=np.int32),
        period=np.array([2017, 2017, 2018, 2018, 2017, 2018], dtype=np.int32),
        setting=np.array([0, 0, 0, 0, 1, 1], dtype=np.int8),
        count=np.array([1200000, 1274134, 1352400, 1397600, 58169, 63415], dtype=np.int64))
    assert len(enc) == 6 and enc.period_range() == (2017, 2018)
    vals = IndicatorValues.compute(reg, m, enc)
    assert (vals.period, vals.previous) == (2018, 2017)
    v, status = vals.get("visit_growth")
    assert status == "ok" and round(v, 2) == 11.15
    assert round(vals.get("discharge_growth")[0], 2) == 9.02
    assert round(vals.get("primary_visit_growth")[0], 1) == 12.7
    n, d, _ = vals.parts("visit_growth")
    assert (n, d) == (2750000, 2474134)
    assert vals.get("cost_per_visit")[1] == "ok"
    assert vals.get("contract_rate", "institution", "CA-H01")[1] == "not_applicable"
    assert vals.scope_count("community") == 3


def test_values_frame(reg):
    pd = pytest.importorskip("pandas")
    m = Model.load(DATA / "linxiang")
    vals = IndicatorValues.compute(reg, m, Encounters.load(m, DATA / "linxiang" / "encounters.tsv"), period=2023)
    df = vals.to_dataframe(scopes=("county",))
    assert isinstance(df, pd.DataFrame) and len(df) == 33
    row = df[df.indicator == "fund_outflow_rate"].iloc[0]
    assert row.value == pytest.approx(42.5) and row.value > 40


def test_scorecard_and_money(reg):
    m = Model.load(DATA / "zhuhai")
    card = Scorecard.load(reg, DATA / "zhuhai")
    assert card.dimensions()[0] == "职责履行" and len(card.dimensions()) == 6
    assert sum(i.weight for i in card.items()) == 100
    inputs = Inputs().load(m, DATA / "zhuhai" / "inputs.tsv")
    assert len(inputs) == 48  # 8 figures for 2023 (the sample encounters), 8 × 5 scopes for 2024
    vals = IndicatorValues.compute(reg, m, Encounters.load(m, DATA / "zhuhai" / "encounters.tsv"), inputs)
    s = card.score(vals)
    assert 0 <= s.total <= 100 and s.grade == card.grade(s.total) and not s.vetoed
    items = {i["indicator"]: i for i in s.items()}
    assert items["duty_level"]["points"] == 8 and items["duty_level"]["reason"].startswith("levels: level 1")
    assert s.lines()[0].startswith("珠海市城市医联体综合绩效考核 — county 珠海市")
    assert s.scored_weight == 100  # every input given
    bare = card.score(IndicatorValues.compute(reg, m, Encounters.load(m, DATA / "zhuhai" / "encounters.tsv")))
    assert bare.scored_weight < 100  # the external items are not scored, not 0
    assert {i["status"] for i in bare.items() if i["reason"].startswith("not scored")} == {"missing_input"}
    assert bare.total == pytest.approx(min(100, sum(i["points"] for i in bare.items()) * 100 / bare.scored_weight))
    assert card.release_ratio(75) == pytest.approx(0.5)
    assert card.withheld_fen(1000000) == 30000
    assert card.release_fen(75, 30001) == 15001  # 15000.5 → half away from zero
    assert card.surplus_multiplier(85) == 1.0 and card.surplus_fen(50, 1001) == 501
    assert card.dip_coefficient(95) == 1.02


def test_bad_scorecard(reg, tmp_path):
    p = tmp_path / "scorecard.json"
    p.write_text('{"format": "yigongti.scorecard", "name": "x", "dimensions": [{"name": "d", "items": '
                 '[{"indicator": "county_visit_rate", "weight": 90, "method": "attainment"}]}], '
                 '"grades": [{"name": "A", "min": 0}]}')
    with pytest.raises(ValidationError) as exc:
        Scorecard.load(reg, tmp_path)
    assert exc.value.field == "dimensions" and "sum to 90" in exc.value.message
    assert yigongti.allocated_blocks() >= 0


def test_cli_without_encounters(tmp_path, capsys):
    """A bundle without encounters.tsv scored an empty batch (0 points, exit 0); now an error naming the file."""
    from yigongti.cli import main
    import shutil
    for f in (DATA / "chunan").iterdir():
        if f.name != "encounters.tsv":
            shutil.copy(f, tmp_path / f.name)
    assert main(["score", "--bundle", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "%s: no encounter table in the bundle" % (tmp_path / "encounters.tsv") in captured.err
    assert captured.out == ""


def test_cli(capsys):
    from yigongti.cli import main
    assert main(["score", "--bundle", str(DATA / "chunan"), "--money"]) == 0
    out = capsys.readouterr().out
    assert "visit_growth 门诊人次增长率 = 11.15 %" in out
    assert "money: quality fund released" in out
