"""Global budget from Python: loading, errors, settlement figures, flows,
the ledger, DataFrames and the command line."""
import math
from pathlib import Path

import pytest

import yigongti
from yigongti import Budget, Encounters, Indicators, Model, Scorecard
from yigongti.errors import NotFoundError, ValidationError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
# Linxiang's budget sized to the bundle's encounters.tsv (the bundle's budget.json is sized to the synthetic year)
LINXIANG_BUDGET = ROOT / "tests" / "data" / "budget" / "linxiang-encounters.json"


@pytest.fixture(scope="module")
def linxiang():
    m = Model.load(DATA / "linxiang")
    b = Budget.load(m, LINXIANG_BUDGET)
    enc = Encounters.load(m, DATA / "linxiang" / "encounters.tsv")
    return m, b, enc


def test_budget_amounts(linxiang):
    m, b, _ = linxiang
    assert b.year == 2023
    # 100,000 employee insured × 3,400 yuan; 375,000 residents × 400 yuan
    assert b.amount("LX-G1", "employee") == 340_000_000_00
    assert b.amount("LX-G1", "resident") == 150_000_000_00
    assert b.amount(0) == 490_000_000_00
    assert "临湘" in b.provenance("document")


def test_settlement(linxiang):
    m, b, enc = linxiang
    r = b.settle(enc)
    c = r.community("LX-G1")
    assert c["budget"] == 490_000_000_00 and c["actual"] == 500_000_000_00
    assert c["balance"] == -10_000_000_00
    # employee: overspend 7.5 M yuan is 2.2 % of 340 M, all in the first band (fund 70 %)
    e = r.community("LX-G1", "employee")
    assert e["over_fund"] + e["over_community"] == 7_500_000_00
    assert e["over_fund"] == 5_250_000_00
    # Linxiang's problem as a figure: 42.5 % of the fund flows out of the county
    assert r.outflow_share() == pytest.approx(0.425)
    assert r.flow("LX-G1", "out_of_county") == c["out_of_county"] == 212_500_000_00
    assert r.ratio("LX-G1") == pytest.approx(-10 / 490)
    # the lead bears the community's overspend
    lead = m.lead("LX-G1")
    assert r.institution(lead)["overspend"] == c["over_community"]
    ledger = r.ledger()
    assert sum(x["amount"] for x in ledger if x["institution"] is None) == c["final"]
    assert sum(x["amount"] for x in ledger if x["kind"] == "overspend") == -c["over_community"]
    assert r.tier("county", "LX-G1")["overspend"] == c["over_community"]
    assert r.unattributed()[1] == 3


def test_quality_fund(linxiang):
    m, b, enc = linxiang
    card = Scorecard.load(Indicators.defaults(), DATA / "linxiang")
    full = b.settle(enc, card, {"LX-G1": 100}).community()
    none = b.settle(enc, card, [0]).community()
    assert full["withheld"] > 0 and full["released"] == full["withheld"]
    assert none["released"] == 0 and none["forfeited"] == none["withheld"]
    assert full["final"] - none["final"] == full["withheld"]
    with pytest.raises(yigongti.InvalidArgumentError):
        b.settle(enc, card, [math.nan])


def test_frames(linxiang):
    pd = pytest.importorskip("pandas")
    _, b, enc = linxiang
    r = b.settle(enc)
    df = r.to_dataframe("community")
    assert isinstance(df, pd.DataFrame)
    assert set(df["insurance"]) == {"all", "employee", "resident"}
    assert r.to_dataframe("ledger")["amount"].sum() == sum(x["amount"] for x in r.ledger())
    assert "net" in r.to_dataframe("institution").columns
    assert len(r.to_dataframe("flow")) == 2
    with pytest.raises(ValueError, match="kind must be one of"):
        r.to_dataframe("nope")


def test_old_frame_names_are_deprecated_aliases(linxiang):
    """community_frame() & co. (0.1 names) still work, warn, and give what to_dataframe(kind) gives."""
    pytest.importorskip("pandas")
    _, b, enc = linxiang
    r = b.settle(enc)
    for old, kind in (("community_frame", "community"), ("institution_frame", "institution"),
                      ("flow_frame", "flow"), ("ledger_frame", "ledger")):
        with pytest.warns(DeprecationWarning, match="to_dataframe"):
            df = getattr(r, old)()
        assert df.equals(r.to_dataframe(kind))


def test_errors(linxiang):
    m = linxiang[0]
    text = LINXIANG_BUDGET.read_text(encoding="utf-8")
    with pytest.raises(NotFoundError) as exc:
        Budget.parse(m, text.replace('"LX-G1", "insurance": "resident"', '"LX-X", "insurance": "resident"'), "b.json")
    assert exc.value.field == "budgets[1].community" and exc.value.source == "b.json"
    with pytest.raises(ValidationError) as exc:
        Budget.parse(m, text.replace('{"from": 0.03, "to": 0.08', '{"from": 0.02, "to": 0.08'))
    assert "overlaps" in exc.value.message and exc.value.field == "sharing.overspend[1]"
    assert yigongti.allocated_blocks() >= 0


@pytest.mark.parametrize("bundle", ["ninghai", "zhuhai", "chunan", "linxiang"])
def test_cli(bundle, capsys):
    from yigongti.cli import main
    assert main(["budget", "--bundle", str(DATA / bundle)]) == 0
    out = capsys.readouterr().out
    assert "community" in out and "final" in out and "outflow" in out


def test_cli_score(capsys):
    from yigongti.cli import main
    assert main(["budget", "--bundle", str(DATA / "ninghai"), "--year-cases",
                 str(DATA / "ninghai" / "encounters.tsv"), "--score", "75"]) == 0
    assert "withheld" in capsys.readouterr().out


def test_scaled(linxiang):
    m, b, enc = linxiang
    tenth = b.scaled(0.1)
    assert tenth.amount("LX-G1", "employee") == 34_000_000_00 and tenth.amount(0) == 49_000_000_00
    assert b.amount(0) == 490_000_000_00 and tenth.year == b.year
    assert tenth.settle(enc).community("LX-G1")["budget"] == 49_000_000_00
    with pytest.raises(yigongti.YgtError) as exc:
        b.scaled(float("nan"))
    assert exc.value.name == "YGT_ERANGE" and "scale" in exc.value.message
