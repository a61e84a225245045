"""The county year from Python: a small Ninghai year end to end, money that
reconciles, borrowed stage results that outlive their handles, determinism
and errors."""
import gc
from pathlib import Path

import pytest

from yigongti import Budget, Indicators, Model, ReferralRules, Scorecard
from yigongti.county import Casemix, County
from yigongti.errors import InvalidArgumentError
from yigongti.year import FIELDS, Year

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"


@pytest.fixture(scope="module")
def ninghai():
    m = Model.load(DATA / "ninghai")
    cm = Casemix.load(DATA / "casemix.tsv")
    rules = ReferralRules.load(m, cm.codes("diagnosis"), DATA / "ninghai")
    budget = Budget.load(m, DATA / "ninghai" / "budget.json")
    reg = Indicators.load(DATA / "indicators.tsv")
    card = Scorecard.load(reg, DATA / "ninghai" / "scorecard.json")
    return m, cm, rules, budget, reg, card


def _year(ninghai, seed=4, scale=0.02):
    m, cm, rules, budget, reg, card = ninghai
    county = County.generate(m, rules, cm, seed=seed, population_scale=scale, year=budget.year)
    before = County.generate(m, rules, cm, seed=seed + 1, population_scale=scale, year=budget.year - 1)
    return Year.run(m, county, previous=before, budget=budget, indicators=reg, scorecard=card), county


def test_year_reconciles(ninghai):
    y, county = _year(ninghai)
    t = y.total()
    assert set(t) == set(FIELDS)
    assert t["visits"] + t["stays"] == county.event_count
    assert t["cost"] == int(county.column("cost").sum())
    assert t["cost"] == t["fund_ffs"] + t["patient_paid"]
    assert t["amount"] == t["cost"] and t["fund"] == t["fund_ffs"]   # no scheme: fee for service
    tiers = [y.tier(name) for name in ("village", "township", "county", "city", "province", "out_of_area")]
    for field in FIELDS:
        if field != "patients":
            assert sum(tier[field] for tier in tiers) == t[field]
    inst = [y.institution(i) for i in range(ninghai[0].institution_count())]
    assert sum(r["revenue"] for r in inst) == t["revenue"]
    assert y.institution("NH-H01")["stays"] > 0


def test_borrowed_results_outlive_handles(ninghai):
    y, _ = _year(ninghai)
    report, values, score = y.budget_report, y.indicator_values, y.score("NH-C1")
    del y
    gc.collect()
    assert report.community("NH-C1")["actual"] > 0
    value, status = values.get("primary_visit_rate")
    assert status == "ok" and 0 < value < 100
    assert 0 <= score.total <= 100 and score.grade
    text_year, _ = _year(ninghai)
    assert "基层就诊率" in text_year.report() and "Global budget 2024" in text_year.report()


def test_deterministic(ninghai):
    a, _ = _year(ninghai, seed=9)
    b, _ = _year(ninghai, seed=9)
    assert a.report() == b.report()
    assert a.total() == b.total()


def test_year_before_as_totals_gives_the_same_year(ninghai):
    m, cm, rules, budget, reg, card = ninghai
    county = County.generate(m, rules, cm, seed=4, population_scale=0.02, year=budget.year)
    before = County.generate(m, rules, cm, seed=5, population_scale=0.02, year=budget.year - 1)
    totals = County.generate_totals(m, rules, cm, seed=5, population_scale=0.02, year=budget.year - 1)
    assert totals.event_count == 0 and totals.resident_count == before.resident_count
    e = totals.encounters
    assert 0 < len(e) < before.event_count
    full = Year.run(m, county, previous=before, budget=budget, indicators=reg, scorecard=card)
    summed = Year.run(m, county, previous=totals, budget=budget, indicators=reg, scorecard=card)
    assert summed.report() == full.report()
    with pytest.raises(InvalidArgumentError, match="totals only"):
        Year.run(m, totals)


def test_errors(ninghai):
    m, cm, rules, budget, reg, card = ninghai
    county = County.generate(m, rules, cm, seed=1, population_scale=0.005, year=budget.year - 1)
    with pytest.raises(InvalidArgumentError, match="budget"):
        Year.run(m, county, budget=budget)
    with pytest.raises(InvalidArgumentError, match="registry"):
        Year.run(m, county, scorecard=card)
    other = Model.load(DATA / "ninghai")
    with pytest.raises(InvalidArgumentError, match="another model"):
        Year.run(other, county)


def test_year_command_equals_the_c_example(capsys):
    """`python3 -m yigongti year` prints byte for byte what build/examples/county_year prints."""
    import os
    import subprocess
    from yigongti.cli import main
    example = Path(os.environ.get("YIGONGTI_LIBRARY", ROOT / "build" / "src" / "x")).parent.parent / "examples" / "county_year"
    if not example.exists():
        pytest.skip("the C example is not built")
    args = ["--seed", "3", "--scale", "0.01"]
    want = subprocess.run([str(example), str(DATA / "ninghai")] + args, capture_output=True, text=True, check=True)
    assert main(["year", "--bundle", str(DATA / "ninghai")] + args) == 0
    got = capsys.readouterr().out
    assert "宁海县 (330226): the county year 2024" in got  # the bundle's year: its scheme's period
    assert got == want.stdout


@pytest.mark.parametrize("bundle", ["ninghai", "zhuhai", "chunan", "linxiang"])
def test_bundle_budgets_fit_their_synthetic_year(bundle):
    """Every budget of an example bundle is within 15 % of what its synthetic year spends: the budgets are
    illustrative and sized to the full-scale year (within 8 %); a tenth of the county, whose budget is scaled
    with it, adds sampling noise (up to 13 % in a small pool)."""
    from yigongti.year import run_bundle
    y = run_bundle(DATA / bundle, scale=0.1, previous=False)
    report, checked = y.budget_report, 0
    for c in range(y.model.community_count()):
        for ins in ("employee", "resident"):
            f = report.community(c, ins)
            if f["budget"]:
                assert abs(f["balance"]) < 0.15 * f["budget"], (bundle, c, ins, f["budget"], f["actual"])
                checked += 1
    assert checked >= 2


@pytest.mark.parametrize("bundle", ["ninghai", "chunan", "zhuhai", "linxiang"])
def test_accounts_balance_on_every_bundle(bundle):
    from yigongti.year import run_bundle
    for seed in (1, 2):
        y = run_bundle(DATA / bundle, seed=seed, scale=0.02)
        y.check()  # raises AccountsError naming the broken account
        report = y.report()
        assert "every account balances to the fen" in report
        assert "\nExceptions\n" in report
        t = y.total()
        assert t["revenue"] == t["fund"] + t["patient_paid"] and min(t.values()) >= 0


def test_accounts_error_code():
    from yigongti import AccountsError, error_name
    assert AccountsError.code == -15 and error_name(-15) == "YGT_EACCOUNTS"


def _bundle_year(bundle, scale=0.05, seed=2):
    """A bundle's year with its scheme and budget (scaled), and the county it ran on."""
    import json
    from yigongti.scheme import Scheme
    d = DATA / bundle
    m = Model.load(d)
    cm = Casemix.load(DATA / "casemix.tsv")
    rules = ReferralRules.load(m, cm.codes("diagnosis"), d)
    scheme = Scheme(d / "scheme.json", m, cm.codes("diagnosis"), cm.codes("procedure"))
    budget = Budget.load(m, d / "budget.json").scaled(scale)
    county = County.generate(m, rules, cm, seed=seed, population_scale=scale, year=budget.year)
    y = Year.run(m, county, scheme=scheme, budget=budget)
    out = json.loads((d / "scheme.json").read_text(encoding="utf-8"))["lines"]["outpatient"]
    return y, county, m, out


@pytest.mark.parametrize("bundle", ["ninghai", "zhuhai", "chunan", "linxiang"])
def test_capitation_and_budget_on_what_the_fund_paid(bundle):
    """Each capitation pool is charged only the out-patient visits elsewhere of the residents it covers
    (signed with its teams on the "signed" basis, insured on the "insured" one); the budget's actual is what
    the fund paid for the care it covers (all but the workload line's money); every settled in-patient stay
    is paid once (fund + the patient's share = the method's amount); no tier's fund or revenue is negative."""
    import numpy as np
    y, c, m, out = _bundle_year(bundle)
    r = y.scheme_result
    ninst = len(list(m.institutions()))
    want = np.zeros(ninst, np.int64)
    if out["method"] == "capitation":
        township = np.array([-1 if g.township is None else g.township for g in m.grids()])
        p = c.column("patient")
        home = township[c.column("resident_grid")][p]
        covered = c.column("resident_insurance")[p] >= 0
        if out.get("basis", "signed") == "signed":
            covered &= c.column("resident_signed")[p] == 1
        inst = c.column("institution")
        sel = (c.column("setting") == 0) & covered & (home >= 0) & (home != inst)
        np.add.at(want, home[sel], c.column("fund")[sel])
        assert want.sum() > 0
    got = np.array([r.get("charged", i, "outpatient") for i in range(ninst)])
    assert (got == want).all(), (bundle, np.nonzero(got != want))
    workload = r.get("fund", -1, "primary_care") if "primary_care" in y.scheme.lines else 0
    rep = y.budget_report
    assert rep.community()["actual"] + rep.unattributed()[0] == y.total()["fund"] - workload
    stays = r.stays()
    row = c.column("case_row")
    ev = row >= 0
    share = np.zeros(len(stays["fund"]), np.int64)
    share[row[ev]] = c.column("cost")[ev] - c.column("fund")[ev]
    ok = (stays["line"] == 0) & (stays["status"] == 0)
    expect = stays["amount"] - share
    if out is not None and bundle == "chunan":  # DRG: the fund never pays less than nothing
        expect = np.maximum(expect, 0)
    assert (stays["fund"][ok] == expect[ok]).all()
    for tier in ("village", "township", "county", "city", "province"):
        t = y.tier(tier)
        assert t["fund"] >= 0 and t["revenue"] >= 0, (bundle, tier, t)


@pytest.mark.parametrize("bundle", ["zhuhai", "linxiang"])
@pytest.mark.parametrize("seed", [1, 2])
def test_dip_prepayments_not_negative(bundle, seed):
    """The DIP bundles' county year at a tenth of the population: every monthly prepayment is at least 0,
    the budget point value is of the settlement's order (it was a tenth of it: prepayments of −17.8 and
    −89.9 million yuan), and the stays over the special-review quota are counted as the quota says; Zhuhai
    stays within its 5 per mille quota (it was 30 times over), Linxiang, whose county.json sends most stays to
    the city at a city's cost (seed 004), does not: a finding its report prices, not an error."""
    from yigongti.year import run_bundle
    r = run_bundle(DATA / bundle, seed=seed, scale=0.1, previous=False).scheme_result
    assert all(r.get("prepayment", i, "inpatient") >= 0 for i in range(r.institution_count()))
    assert r.get("prepayment", line="inpatient") + r.get("clearing", line="inpatient") == r.get("fund", line="inpatient")
    for ins in ("employee", "resident"):
        pv, bpv = r.figure("point_value", ins), r.figure("budget_point_value", ins)
        assert pv / 2 < bpv < pv * 2, (ins, pv, bpv)
    special, allowed = r.figure("special_review", "inpatient"), r.figure("special_allowed", "inpatient")
    assert r.figure("special_over_quota", "inpatient") == max(0, special - allowed)
    assert bundle != "zhuhai" or special <= allowed


@pytest.mark.parametrize("args", [["--scale", "0"], ["--scale", "abc"], ["--scale", "-0.5"], ["--scale", "nan"],
                                  ["--scale", "101"], ["--seed", "-1"], ["--seed", "1.5"],
                                  ["--seed", str(2 ** 64 - 1)]])
def test_year_command_refuses_bad_scale_and_seed(args, capsys):
    """A scale of 0 (an empty county still paid its capitation) or not a number, a negative or fractional
    seed: a message and exit status 2, no report."""
    from yigongti.cli import main
    with pytest.raises(SystemExit) as exc:
        main(["year", "--bundle", str(DATA / "ninghai")] + args)
    assert exc.value.code == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert ("--" + args[0][2:]) in out.err and "must be" in out.err


def test_pooling_area_zhuhai():
    """Zhuhai is a city: its own hospitals and the provincial hospitals listed in ``out_of_county.inside`` are
    in the county, for the rules, the indicators, the budget and the report alike."""
    import numpy as np
    from yigongti import Encounters, IndicatorValues
    from yigongti.year import run_bundle
    y = run_bundle(DATA / "zhuhai", scale=0.05, previous=False)
    rules = ReferralRules.load(y.model, Casemix.load(DATA / "casemix.tsv").codes("diagnosis"), DATA / "zhuhai")
    assert rules.inside("ZH-H01") and rules.inside("ZH-H02") and rules.inside("ZH-H03")
    assert not rules.inside("ZH-R01") and not rules.inside("ZH-R02")
    visits, status = y.indicator_values.get("county_visit_rate")
    assert status == "ok" and visits >= 90
    for c in range(y.model.community_count()):
        if y.budget_report.community(c)["budget"]:
            outflow, _ = y.indicator_values.get("fund_outflow_rate", "community", c)
            assert outflow == pytest.approx(100 * y.budget_report.outflow_share(c), abs=1e-9)
    assert "fund spent in the county" in y.report()
    # one visit at 广东省中医院珠海医院 (province tier, listed inside)
    enc = Encounters.from_arrays(institution=np.array([y.model.find_institution("ZH-H02")], dtype=np.int32),
                                 grid=np.array([0], dtype=np.int32), period=np.array([2024], dtype=np.int32),
                                 setting=np.array([0], dtype=np.int8), insurance=np.array([1], dtype=np.int8))
    reg = y.indicators
    by_rules = IndicatorValues.compute(reg, y.model, enc, period=2024, previous=2024, rules=rules)
    by_tier = IndicatorValues.compute(reg, y.model, enc, period=2024, previous=2024)
    assert by_rules.get("county_visit_rate")[0] == 100 and by_tier.get("county_visit_rate")[0] == 0


@pytest.mark.parametrize("bundle", ["ninghai", "zhuhai", "chunan", "linxiang"])
def test_bundle_year_is_its_schemes(bundle):
    """The year of a bundle is its scheme's period (Chun'an's report said "the county year 2018" for a 2024
    scheme); the budget settles that year."""
    from yigongti.year import run_bundle
    y = run_bundle(DATA / bundle, scale=0.01, previous=False)
    assert y.year == 2024 and y.budget_report is not None
    assert "the county year 2024" in y.report().splitlines()[0]


def test_zhuhai_scored_on_its_inputs():
    """The year command loads the bundle's inputs.tsv: Zhuhai's communities are scored on every item of their
    card (they scored 18.7-20.8, 不合格, with the external items at 0)."""
    from yigongti.year import run_bundle
    y = run_bundle(DATA / "zhuhai", scale=0.05, previous=True)
    for code in ("ZH-G1", "ZH-G2", "ZH-D1", "ZH-D2", None):
        s = y.score(code)
        assert s.scored_weight == 100 and s.total > 50, (code, s.total)


def test_dip_assessment_coefficient_from_the_scorecard():
    """Zhuhai's DIP line asks for the scorecard's assessment coefficient: each community lead's DIP scores are
    its community's coefficient times what they are when nothing is scored (the coefficient was computed and
    never applied); at least one community's coefficient is not 1."""
    from yigongti import Scheme
    from yigongti.score import Inputs
    m = Model.load(DATA / "zhuhai")
    cm = Casemix.load(DATA / "casemix.tsv")
    dx, proc = cm.codes("diagnosis"), cm.codes("procedure")
    scheme = Scheme(DATA / "zhuhai" / "scheme.json", m, dx, proc)
    assert scheme.dip_assessment_scored
    assert not Scheme(DATA / "chunan" / "scheme.json", Model.load(DATA / "chunan"), dx, proc).dip_assessment_scored
    rules = ReferralRules.load(m, dx, DATA / "zhuhai")
    reg = Indicators.load(DATA / "indicators.tsv")
    card = Scorecard.load(reg, DATA / "zhuhai" / "scorecard.json")
    inputs = Inputs().load(m, DATA / "zhuhai" / "inputs.tsv")
    county = County.generate(m, rules, cm, seed=1, population_scale=0.05, year=2024)
    before = County.generate(m, rules, cm, seed=2, population_scale=0.05, year=2023)
    scored = Year.run(m, county, previous=before, scheme=scheme, indicators=reg, scorecard=card, inputs=inputs)
    plain = Year.run(m, county, previous=before, scheme=scheme, indicators=reg)
    moved = 0
    for code in ("ZH-G1", "ZH-G2", "ZH-D1", "ZH-D2"):
        k = card.dip_coefficient(scored.score(code).total)
        lead = m.lead(code)
        units = [y.scheme_result.get("score_units", lead, "inpatient") for y in (scored, plain)]
        assert units[0] / units[1] == pytest.approx(k, abs=1e-3), code
        moved += k != 1
    assert moved
