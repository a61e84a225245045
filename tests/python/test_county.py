"""The synthetic county from Python: case mix, generation with keyword
options, numpy column views, the encounter and case batches, Chun'an's
calibration at scale 1.0, Linxiang's outflow with the documented options,
errors, and the cost response."""
import gc
import json
import os
from pathlib import Path

import numpy as np
import pytest

from yigongti import Budget, Casemix, Codes, County, Model, Pack, ReferralRules
from yigongti import county as county_mod
from yigongti.errors import InvalidArgumentError, NotFoundError, ParseError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="module")
def casemix():
    return Casemix.load(DATA / "casemix.tsv")


def bundle(cm, name):
    m = Model.load(DATA / name)
    return m, ReferralRules.load(m, cm.codes("diagnosis"), str(DATA / name))


@pytest.fixture(scope="module")
def chunan(casemix):
    m, rules = bundle(casemix, "chunan")
    return m, rules, County.generate(m, rules, casemix)


def test_casemix(casemix):
    assert 30 <= len(casemix) <= 70
    rows = casemix.conditions()
    stroke = next(r for r in rows if r["condition"] == "stroke")
    assert stroke["group"] == "BR23" and stroke["diagnosis"] == "I63.900" and stroke["secondary"] == ["J18.900"]
    assert casemix.setting("cataract") == "day_surgery"
    assert casemix.text("rehabilitation", "long_stay") == "rehabilitation"
    assert casemix.find("nothing") == -1
    with pytest.raises(KeyError):
        casemix.setting("nothing")
    ids = {r["diagnosis"] for r in rows} | {c for r in rows for c in r["secondary"]}
    assert len(ids) == len(casemix.codes("diagnosis"))


def test_casemix_errors(tmp_path):
    bad = tmp_path / "cm.tsv"
    bad.write_text((DATA / "casemix.tsv").read_text(encoding="utf-8").replace("\tI63.900\t", "\tI63.900;X\t", 1),
                   encoding="utf-8")
    with pytest.raises(ParseError) as exc:
        Casemix.load(bad)
    assert exc.value.field == "diagnosis" and exc.value.line > 1
    with pytest.raises(Exception):
        Casemix.load(tmp_path / "missing.tsv")


def test_chunan_calibration(chunan):
    m, _, c = chunan
    setting = c.column("setting")
    visits, stays = int((setting == 0).sum()), int((setting != 0).sum())
    # Chun'an: about 2.75 million visits and 63,000 discharges a year (±10 %)
    assert abs(visits / 2_750_000 - 1) < 0.10, visits
    assert abs(stays / 63_000 - 1) < 0.10, stays
    assert c.resident_count == 449_000 and c.event_count == visits + stays
    age = c.column("resident_age")
    per_head = np.bincount(age[c.column("patient")], minlength=100) / np.maximum(np.bincount(age, minlength=100), 1)
    assert per_head[70:80].mean() > 2 * per_head[20:40].mean()
    assert per_head[0:5].mean() > per_head[20:40].mean()


def test_money_and_batches(chunan):
    _, _, c = chunan
    cost, fund, paid = c.column("cost"), c.column("fund"), c.column("patient_paid")
    assert cost.dtype == np.int64 and (cost == fund + paid).all() and (fund >= 0).all()
    assert (fund[c.column("insurance") < 0] == 0).all()
    assert len(c.encounters) == c.event_count
    stays = c.column("case_row") >= 0
    assert len(c.cases) == int(stays.sum())
    assert (c.column("case_row")[stays] == np.arange(len(c.cases))).all()
    with pytest.raises(ValueError):
        c.column("cost")[0] = 1  # read-only views


def test_views_keep_the_county(casemix):
    m, rules = bundle(casemix, "linxiang")
    c = County.generate(m, rules, casemix, population_scale=0.01, seed=5)
    cost = c.column("cost")
    total = int(cost.sum())
    del c
    gc.collect()
    assert int(cost.sum()) == total


def test_determinism_and_options(casemix):
    m, rules = bundle(casemix, "ninghai")
    a = County.generate(m, rules, casemix, population_scale=0.02, seed=11)
    b = County.generate(m, rules, casemix, population_scale=0.02, seed=11)
    d = County.generate(m, rules, casemix, population_scale=0.02, seed=12)
    for name in county_mod.COLUMNS:
        assert np.array_equal(a.column(name), b.column(name)), name
    assert not np.array_equal(a.column("condition"), d.column("condition"))
    # more first contacts at primary care: the same needs, more visits treated at village and township
    p = County.generate(m, rules, casemix, population_scale=0.02, seed=11, primary_first_contact=0.9)
    assert np.array_equal(a.column("condition"), p.column("condition"))
    tiers = np.array([i.tier for i in m.institutions()])
    primary = lambda c: np.isin(tiers[c.column("institution")], ["village", "township"]).mean()
    assert primary(p) > primary(a)
    assert county_mod.option_defaults()["tier_cost"] == [0.6, 0.8, 1.0, 1.5, 1.8, 2.0]
    with pytest.raises(TypeError):
        County.generate(m, rules, casemix, colour=1)
    with pytest.raises(InvalidArgumentError) as exc:
        County.generate(m, rules, casemix, population_scale=-1)
    assert "population_scale" in str(exc.value)
    other = Casemix.load(DATA / "casemix.tsv")
    with pytest.raises(InvalidArgumentError):
        County.generate(m, rules, other)


def test_linxiang_outflow(casemix):
    """Linxiang's 'over 40 % of the fund out of the county' by options (doc/formats/casemix.md)."""
    m, rules = bundle(casemix, "linxiang")
    budget = Budget.load(m, DATA / "linxiang" / "budget.json")
    base = County.generate(m, rules, casemix, population_scale=0.2, year=budget.year)
    out = County.generate(m, rules, casemix, population_scale=0.2, year=budget.year, out_of_county_bypass=0.2,
                          inpatient_bypass=0.5, inpatient_ask_out=0.8, bypass_slip=0.9, primary_first_contact=0.5)
    low, high = budget.settle(base.encounters).outflow_share(), budget.settle(out.encounters).outflow_share()
    assert low < 0.15 and 0.35 < high < 0.45, (low, high)


def test_cases_group_with_the_pack():
    if not (SHARED / "chs-drg-1.1" / "drg.tsv").exists():
        pytest.skip("missing shared data: %s" % (SHARED / "chs-drg-1.1" / "drg.tsv"))
    pack = Pack.load(SHARED / "chs-drg-1.1")
    cm = Casemix.load(DATA / "casemix.tsv", pack=pack)
    m, rules = bundle(cm, "zhuhai")
    c = County.generate(m, rules, cm, population_scale=0.02)
    ids = pack.group_ids(c.cases)
    cond = c.column("condition")[c.column("case_row") >= 0]
    want = np.array([pack.find("adrg", cm.text(int(k), "group")[:3]) for k in cond])
    assert (ids["adrg"] == want).mean() > 0.9
    with pytest.raises(NotFoundError):
        Casemix.load(DATA / "casemix.tsv", dx=Codes("diagnosis"), proc=Codes("procedure"))


def test_cost_response(casemix):
    """Patients keep away from a dearer route: a bigger penalty for care out of the
    county without a slip keeps more needs in the county, with the same needs."""
    assert county_mod.option_defaults()["cost_response"] == 0.0
    m, rules = bundle(casemix, "ninghai")
    doc = json.loads((DATA / "ninghai" / "referral.json").read_text(encoding="utf-8"))
    doc["penalty"]["out_of_county_points"] = 60
    penalty = ReferralRules.parse(m, casemix.codes("diagnosis"), json.dumps(doc), "penalty", str(DATA / "ninghai"))
    outside = np.isin(np.array([i.tier for i in m.institutions()]), ["city", "province", "out_of_area"])
    runs = {(name, k): County.generate(m, r, casemix, population_scale=0.02, seed=4, cost_response=k)
            for name, r in (("base", rules), ("penalty", penalty)) for k in (0.0, 2.0)}
    out = {key: int(outside[c.column("institution")].sum()) for key, c in runs.items()}
    assert out["base", 0.0] == out["penalty", 0.0] > out["base", 2.0] > out["penalty", 2.0]
    for c in runs.values():
        for name in ("condition", "day", "patient", "emergency", "los", "resident_age"):
            assert np.array_equal(c.column(name), runs["base", 0.0].column(name)), name
        assert (c.column("cost") == c.column("fund") + c.column("patient_paid")).all()
    # those who moved pay less out of pocket than they would have
    a, b = runs["penalty", 0.0], runs["penalty", 2.0]
    moved = a.column("first_contact") != b.column("first_contact")
    assert moved.any() and (b.column("patient_paid")[moved] < a.column("patient_paid")[moved]).all()
    for bad in (-1, float("nan"), 101):
        with pytest.raises(InvalidArgumentError) as exc:
            County.generate(m, rules, casemix, population_scale=0.01, cost_response=bad)
        assert "cost_response" in str(exc.value)


def test_cost_response_in_scenario_files(tmp_path):
    from yigongti.scenarios import ScenarioError, ScenarioFile
    doc = {"format": "yigongti-scenarios/1", "scenarios": [{"name": "a", "county": {"cost_response": 0.5}}]}
    assert ScenarioFile(tmp_path / "s.json", doc, county_mod.option_defaults()).scenarios[0].county == \
        {"cost_response": 0.5}
    doc["scenarios"][0]["county"]["cost_response"] = "high"
    with pytest.raises(ScenarioError, match=r"scenarios\[0\]\.county\.cost_response: must be a number"):
        ScenarioFile(tmp_path / "s.json", doc, county_mod.option_defaults())


@pytest.mark.parametrize("name", ["ninghai", "chunan", "zhuhai", "linxiang"])
def test_signed_residents(casemix, name):
    """resident_signed: per township, its teams' signed counts scaled by
    residents / model population (or every insured candidate when fewer),
    drawn among the insured residents of its grids; seeded."""
    m, rules = bundle(casemix, name)
    c = County.generate(m, rules, casemix, seed=5, population_scale=0.05)
    signed, ins = c.column("resident_signed"), c.column("resident_insurance")
    assert "resident_signed" in c.columns("resident") and "resident_signed" not in c.columns()
    assert set(np.unique(signed)) <= {0, 1} and (ins[signed == 1] >= 0).all()
    township = np.array([-1 if g.township is None else g.township for g in m.grids()])[c.column("resident_grid")]
    assert (township[signed == 1] >= 0).all()
    scale = c.resident_count / sum(g.population for g in m.grids())
    want = {}
    for t in m.teams():
        want[t.institution] = want.get(t.institution, 0) + t.signed
    for inst in range(len(list(m.institutions()))):
        cand = ((township == inst) & (ins >= 0)).sum()
        got = signed[township == inst].sum()
        assert got == min(cand, int(np.floor(want.get(inst, 0) * scale + 0.5)))
    other = County.generate(m, rules, casemix, seed=6, population_scale=0.05)
    if m.team_count():
        assert signed.sum() > 0 and not np.array_equal(signed, other.column("resident_signed"))


def test_phases_episodes_and_specialty(casemix):
    """Issue 17: the generator asks the rules with phases and episodes, so down-referral of stable,
    recovering and post-operative patients, deductible continuity and specialty routing happen."""
    rows = {r["condition"]: r for r in casemix.conditions()}
    assert rows["stroke"]["continuation"] == "rehabilitation" and rows["stroke"]["continuation_share"] == 0.3
    assert rows["htn_old"]["phase"] == "stable_chronic" and rows["htn_old"]["phase_share"] == 0.8
    assert rows["rehabilitation"]["phase"] == "recovery" and rows["hip_rehab"]["phase"] == "post_operative"
    assert rows["cold"]["phase"] == "acute" and rows["cold"]["continuation"] is None
    assert rows["stroke"]["specialty_share"] == 0.5
    assert county_mod.COLUMNS[-3:] == ["phase", "episode", "continuity"]
    for name in ("ninghai", "chunan", "zhuhai", "linxiang"):
        m, rules = bundle(casemix, name)
        c = County.generate(m, rules, casemix, population_scale=0.03, seed=2)
        ep, phase, route, cont = (c.column(k) for k in ("episode", "phase", "route", "continuity"))
        later = np.flatnonzero(ep >= 0)
        assert later.size > 0 and (ep[later] < later).all(), name
        assert (c.column("patient")[ep[later]] == c.column("patient")[later]).all()
        assert (c.column("day")[later] == c.column("day")[ep[later]] + c.column("los")[later]).all()
        assert ((route == 2) & (phase != 0)).sum() > 0, name  # refer_down of a non-acute phase
        assert (cont[later] >= 0).sum() > 0, name  # 连续计算起付线 applied
        assert (cont[ep < 0] < 0).all()  # only an episode carries a deductible
    m, rules = bundle(casemix, "ninghai")
    c = County.generate(m, rules, casemix, population_scale=0.03, seed=2)
    tcm = c.column("institution") == m.find_institution("NH-H03")
    assert (tcm & (c.column("setting") == 0)).sum() > 0 and (tcm & (c.column("setting") != 0)).sum() > 0


def test_integer_options_out_of_range_are_refused():
    """ctypes wrapped seed=-1 to 2^64 - 1 and ran it; now refused, naming the option."""
    from yigongti.county import options
    assert options(seed=2 ** 64 - 1).seed == 2 ** 64 - 1
    for key, value in (("seed", -1), ("seed", 2 ** 64), ("year", 2 ** 31), ("emergency_acuity", -2 ** 31 - 1)):
        with pytest.raises(ValueError, match="county option %s: %d is outside" % (key, value)):
            options(**{key: value})


def test_generate_like(casemix):
    """A county routed again from another's needs equals a fresh generation, column for column; options that
    shape the needs are refused by name."""
    m, rules = bundle(casemix, "ninghai")
    like = County.generate(m, rules, casemix, population_scale=0.02, seed=4)
    routing = {"population_scale": 0.02, "seed": 4, "primary_first_contact": 0.85, "cost_response": 0.5}
    assert like.shares_needs(**routing) and not like.shares_needs(population_scale=0.02, seed=5)
    again = County.generate_like(like, rules, **routing)
    fresh = County.generate(m, rules, casemix, **routing)
    like_columns = {name: like.column(name).copy() for name in county_mod.COLUMNS}
    like.close()   # the new county owns its copies
    for name in county_mod.COLUMNS:
        assert np.array_equal(again.column(name), fresh.column(name)), name
    assert not np.array_equal(again.column("institution"), like_columns["institution"])
    assert np.array_equal(again.column("condition"), like_columns["condition"])
    with pytest.raises(InvalidArgumentError, match="option inpatient_factor differs"):
        County.generate_like(fresh, rules, **dict(routing, inpatient_factor=1.2))
    totals = County.generate_totals(m, rules, casemix, population_scale=0.02, seed=4)
    assert not totals.shares_needs(population_scale=0.02, seed=4)
