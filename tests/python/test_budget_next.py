"""Next year's budget from Python (Budget.next): the Ninghai bundle's ratchet,
the exact rounding of every line, a chain of years and bad inputs."""
import json
from pathlib import Path

import pytest

from yigongti import Budget, Encounters, Model
from yigongti.errors import InvalidArgumentError, NotFoundError, ParseError, RangeError

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
INS = ("employee", "resident")


@pytest.fixture(scope="module")
def ninghai():
    m = Model.load(DATA / "ninghai")
    doc = json.loads((DATA / "ninghai" / "budget.json").read_text(encoding="utf-8"))
    doc["year"] = 2023  # the year of the bundle's encounters.tsv (the file is sized to the synthetic year)
    text = json.dumps(doc, ensure_ascii=False)
    enc = Encounters.load(m, DATA / "ninghai" / "encounters.tsv")
    return m, text, enc


def grown(base, growth_millionths):
    """round(base × (1 + g)) half away from zero, in integers (base >= 0)."""
    return (base * (1_000_000 + growth_millionths) + 500_000) // 1_000_000


def with_rule(m, text, rule):
    doc = json.loads(text)
    doc["next_year"] = rule
    return Budget.parse(m, json.dumps(doc, ensure_ascii=False), "budget.json")


def lines(m, b):
    return [(c, i) for c in range(m.community_count()) for i in INS if b.amount(c, i)]


def test_bundle_rule_is_the_ratchet(ninghai):
    m, text, enc = ninghai
    b = Budget.parse(m, text)
    r = b.settle(enc)
    n = b.next(r)
    assert n.year == b.year + 1
    assert n.provenance("derived") == (
        "from the %d budget and its settlement: base actual, growth 0.06, carry none" % b.year)
    assert n.provenance("document") == b.provenance("document")
    assert r.community("NH-C1", "employee")["actual"] > 0
    for c, i in lines(m, b):
        assert n.amount(c, i) == grown(r.community(c, i)["actual"], 60_000)


@pytest.mark.parametrize("growth", [0, 0.05, -0.2, 0.123456])
def test_actual_against_budget(ninghai, growth):
    m, text, enc = ninghai
    g = round(growth * 1_000_000)
    by_actual = with_rule(m, text, {"base": "actual", "growth": growth})
    by_budget = with_rule(m, text, {"base": "budget", "growth": growth})
    r_a, r_b = by_actual.settle(enc), by_budget.settle(enc)
    n_a, n_b = by_actual.next(r_a), by_budget.next(r_b)
    savers = 0
    for c, i in lines(m, by_actual):
        actual, budget = r_a.community(c, i)["actual"], by_actual.amount(c, i)
        assert n_a.amount(c, i) == grown(actual, g)
        assert n_b.amount(c, i) == grown(budget, g)
        if actual < budget:  # the saver's base shrinks under "actual" only
            assert n_a.amount(c, i) < n_b.amount(c, i)
            savers += 1
        else:
            assert n_a.amount(c, i) >= n_b.amount(c, i)
    assert savers >= 1 and savers < len(lines(m, by_actual))


def test_chain_of_years(ninghai):
    m, text, enc = ninghai
    b = with_rule(m, text, {"base": "budget", "growth": 0.1})
    first = b.year
    for k in range(1, 4):
        r = b.settle(enc)
        n = b.next(r)
        assert n.year == first + k
        assert n.provenance("derived").startswith("from the %d budget" % (first + k - 1))
        for c, i in lines(m, b):
            assert n.amount(c, i) == grown(b.amount(c, i), 100_000)
        b = n


def test_bad_inputs(ninghai):
    m, text, enc = ninghai
    b = Budget.parse(m, text)
    other = with_rule(m, text, {"base": "budget"}).scaled(0.5)
    with pytest.raises(TypeError):
        b.next(None)
    with pytest.raises(InvalidArgumentError, match="another budget"):
        b.next(other.settle(enc))
    doc = json.loads(text)
    del doc["next_year"]
    plain = Budget.parse(m, json.dumps(doc, ensure_ascii=False))
    with pytest.raises(NotFoundError, match="no next_year rule"):
        plain.next(plain.settle(enc))
    with pytest.raises(RangeError, match="outside"):
        with_rule(m, text, {"base": "actual", "growth": -0.995})
    with pytest.raises(ParseError, match="unknown key"):
        with_rule(m, text, {"base": "actual", "ratchet": True})
    assert b.amount(0, "employee") == Budget.parse(m, text).amount(0, "employee")


def test_linxiang_package_does_not_ratchet():
    """Linxiang's bundle (医保总额打包 per insured person) grows from the budget: what
    the community spent does not move next year's package."""
    m = Model.load(DATA / "linxiang")
    b = Budget.load(m, DATA / "linxiang" / "budget.json")
    spent = b.settle(Encounters.load(m, DATA / "linxiang" / "encounters.tsv"))
    assert spent.community("LX-G1")["actual"] < b.amount("LX-G1")  # it saved (all of it: other year's rows)
    n = b.next(spent)
    assert n.year == b.year + 1
    assert "base budget, growth 0" in n.provenance("derived")
    for i in INS:
        assert n.amount("LX-G1", i) == b.amount("LX-G1", i)


def test_cli_next(capsys):
    from yigongti.cli import main
    assert main(["budget", "--bundle", str(DATA / "linxiang"), "--next"]) == 0
    out = capsys.readouterr().out
    assert "next year 2025 (from the 2024 budget and its settlement: base budget" in out
    import re
    assert re.search(r"next LX-G1 \(employee\): budget ([0-9.]+) \(this year \1\)", out), out
