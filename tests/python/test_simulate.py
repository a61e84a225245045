"""Scenario runs from Python: ``python3 -m yigongti simulate`` on a small
Ninghai year writes consistent tables and real PNG plots, is deterministic,
and names the file and JSON path of a bad scenario file."""
import csv
import json
import re
import struct
from pathlib import Path

import pytest

from yigongti import cli
from yigongti.scenarios import ScenarioError, ScenarioFile, merge_patch
from yigongti.score import STATUSES

ROOT = Path(__file__).resolve().parents[2]
NINGHAI = ROOT / "examples" / "data" / "ninghai"
SCALE = "0.02"
TABLES = ("scenarios.csv", "tiers.csv", "institutions.csv", "indicators.csv")
PLOTS = ("revenue_by_tier.png", "fund_balance.png", "primary_share.png", "indicators.png")
OUT_OF_COUNTY = ("city", "province", "out_of_area")
MONEY = ("cost", "fund_ffs", "patient_paid", "amount", "fund", "revenue")
COUNTS = ("visits", "stays", "referred_up", "referred_out")

SCENARIOS = {
    "format": "yigongti-scenarios/1",
    "seed": 3,
    "scale": 1.0,
    "scenarios": [
        {"name": "ffs", "scheme": None},
        {"name": "bundle"},
        {"name": "penalty", "referral_patch": {"penalty": {"out_of_county_points": 60}},
         "budget_patch": {"budgets": {"*": {"growth": 0.0}}}},
    ],
}


def _write(path, doc):
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _simulate(scenarios, out, *extra):
    return cli.main(["simulate", "--bundle", str(NINGHAI), "--scenarios", str(scenarios), "--out", str(out),
                     "--scale", SCALE] + list(extra))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("simulate")
    scenarios = _write(base / "scenarios.json", SCENARIOS)
    assert _simulate(scenarios, base / "out", "--quiet") == 0
    return scenarios, base / "out"


def _rows(out, name):
    """A table's rows keyed by column name without its unit (test_headers_name_units checks the units)."""
    with open(out / name, encoding="utf-8", newline="") as f:
        return [{re.sub(r"_(yuan|pct)$", "", k): v for k, v in row.items()} for row in csv.DictReader(f)]


def test_headers_name_units(run):
    _, out = run
    with open(out / "scenarios.csv", encoding="utf-8") as f:
        head = f.readline().strip().split(",")
    for column in MONEY + ("fund_in_county", "budget", "balance"):
        assert column + "_yuan" in head
    for column in ("county_visit_rate", "primary_visit_rate", "outflow_share"):
        assert column + "_pct" in head
    with open(out / "tiers.csv", encoding="utf-8") as f:
        assert set(MONEY) <= {h[:-len("_yuan")] for h in f.readline().strip().split(",") if h.endswith("_yuan")}


def _fen(text):
    """A yuan cell ("-12.30") as integer fen, checking it has exactly two decimals."""
    assert re.fullmatch(r"-?\d+\.\d\d", text), text
    return int(text.replace(".", ""))


def test_outputs(run):
    _, out = run
    for name in TABLES:
        assert (out / name).stat().st_size > 100
    for name in PLOTS:
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert data[12:16] == b"IHDR"
        width, height = struct.unpack(">II", data[16:24])
        assert width >= 600 and height >= 300
        assert len(data) > 10_000  # bars, labels and legends, not an empty canvas


def test_one_row_per_scenario_and_tier(run):
    _, out = run
    summary = _rows(out, "scenarios.csv")
    assert [r["scenario"] for r in summary] == ["ffs", "bundle", "penalty"]
    tiers = _rows(out, "tiers.csv")
    assert len(tiers) == 3 * 6
    names = {r["institution"] for r in _rows(out, "institutions.csv")}
    assert {"NH-H01", "NH-T01", "NH-R01"} <= names
    # the same residents and needs in every scenario
    assert len({(r["residents"], r["visits"], r["stays"], r["cost"]) for r in summary}) == 1
    assert int(summary[0]["residents"]) > 10_000 and int(summary[0]["stays"]) > 500


def test_tiers_and_institutions_add_up_to_the_county(run):
    _, out = run
    tiers, insts = _rows(out, "tiers.csv"), _rows(out, "institutions.csv")
    for s in _rows(out, "scenarios.csv"):
        mine_t = [t for t in tiers if t["scenario"] == s["scenario"]]
        mine_i = [i for i in insts if i["scenario"] == s["scenario"]]
        for field in MONEY:
            assert sum(_fen(t[field]) for t in mine_t) == _fen(s[field]), field
            assert sum(_fen(i[field]) for i in mine_i) == _fen(s[field]), field
        for field in COUNTS:
            assert sum(int(t[field]) for t in mine_t) == int(s[field]), field
        out_fund = sum(_fen(t["fund"]) for t in mine_t if t["tier"] in OUT_OF_COUNTY)
        assert _fen(s["fund_out_of_county"]) == out_fund
        assert _fen(s["fund_in_county"]) + out_fund == _fen(s["fund"])


def test_every_yuan_has_one_payer(run):
    _, out = run
    for name in ("scenarios.csv", "tiers.csv", "institutions.csv"):
        for r in _rows(out, name):
            assert _fen(r["cost"]) == _fen(r["fund_ffs"]) + _fen(r["patient_paid"])
            assert _fen(r["revenue"]) == _fen(r["fund"]) + _fen(r["patient_paid"])


def test_fee_for_service_pays_the_cost(run):
    _, out = run
    ffs = _rows(out, "scenarios.csv")[0]
    assert ffs["scheme"] == "ffs"
    assert _fen(ffs["amount"]) == _fen(ffs["cost"]) > 0
    assert _fen(ffs["fund"]) == _fen(ffs["fund_ffs"])
    bundle = _rows(out, "scenarios.csv")[1]
    assert bundle["scheme"] == json.loads((NINGHAI / "scheme.json").read_text(encoding="utf-8"))["id"]
    assert _fen(bundle["amount"]) != _fen(bundle["cost"])


def test_patches_change_what_they_should(run):
    _, out = run
    summary = {r["scenario"]: r for r in _rows(out, "scenarios.csv")}
    tiers = {(r["scenario"], r["tier"]): r for r in _rows(out, "tiers.csv")}
    # a heavier penalty moves money from the fund to the patients out of the county only
    for tier in OUT_OF_COUNTY[:1]:
        assert _fen(tiers["penalty", tier]["fund_ffs"]) < _fen(tiers["bundle", tier]["fund_ffs"])
    for tier in ("village", "township", "county"):
        assert tiers["penalty", tier]["fund_ffs"] == tiers["bundle", tier]["fund_ffs"]
    # no growth: a smaller budget than the bundle's 8 % and 10 %
    assert 0 < _fen(summary["penalty"]["budget"]) < _fen(summary["bundle"]["budget"])
    assert summary["ffs"]["budget"] == summary["bundle"]["budget"]
    b = summary["bundle"]
    assert _fen(b["balance"]) == _fen(b["budget"]) - _fen(b["budget_actual"])


def test_indicators_table(run):
    _, out = run
    summary = {r["scenario"]: r for r in _rows(out, "scenarios.csv")}
    rows = _rows(out, "indicators.csv")
    assert {r["status"] for r in rows} <= set(STATUSES)
    for r in rows:
        if r["indicator"] in ("county_visit_rate", "primary_visit_rate"):
            assert r["status"] == "ok" and r["value"] == summary[r["scenario"]][r["indicator"]]
            assert 0 < float(r["value"]) <= 100
    assert any(r["indicator"] == "county_visit_rate" and r["target"] == "90.000000" for r in rows)
    assert all(0 <= float(s["score"]) <= 100 and s["grade"] for s in summary.values())


def test_same_seed_same_bytes(run, tmp_path, capsys):
    scenarios, out = run
    assert _simulate(scenarios, tmp_path / "again") == 0
    for name in TABLES:
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes(), name
    text = capsys.readouterr().out
    assert "penalty" in text and "wrote scenarios.csv" in text
    assert _simulate(scenarios, tmp_path / "other", "--seed", "4", "--quiet") == 0
    assert (tmp_path / "other" / "scenarios.csv").read_bytes() != (out / "scenarios.csv").read_bytes()


def _bad(tmp_path, capsys, **change):
    doc = json.loads(json.dumps(SCENARIOS))
    scenario = change.pop("scenario", None)
    if scenario is not None:
        doc["scenarios"] = [dict({"name": "bad"}, **scenario)]
    doc.update(change)
    path = _write(tmp_path / "bad-scenarios.json", doc)
    rc = _simulate(path, tmp_path / "out", "--quiet")
    err = capsys.readouterr().err
    assert rc == 1 and str(path) in err, err
    assert not (tmp_path / "out" / "scenarios.csv").exists()
    return err


def _nested(levels):
    value = 1
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("change, fragments", [
    ({"sede": 1}, ["sede: unknown key (did you mean `seed`?)"]),
    ({"colour": 1}, ["colour: unknown key (known: format, "]),
    ({"format": "yigongti-scenarios/9"}, ["format: must be 'yigongti-scenarios/1'"]),
    ({"seed": -1}, ["seed: must be an integer"]),
    ({"scenarios": []}, ["scenarios: must be a non-empty array"]),
    ({"scenario": {"shceme": None}}, ["scenarios[0].shceme: unknown key (did you mean `scheme`?)"]),
    ({"scenario": {"scheme": None, "scheme_patch": {}}}, ["scenarios[0].scheme_patch: cannot patch"]),
    ({"scenario": {"county": {"primary_first": 0.7}}}, ["scenarios[0].county.primary_first: unknown county option"]),
    ({"scenario": {"county": {"seed": 2}}}, ["scenarios[0].county.seed: set once"]),
    ({"scenario": {"county": {"tier_cost": [1, 2]}}}, ["scenarios[0].county.tier_cost: must be an array of 6"]),
    ({"scenario": {"county": {"primary_first_contact": 1.5}}}, ["scenarios[0].county:", "primary_first_contact"]),
    ({"scenario": {"budget_patch": {"budgets": {"7": {"growth": 0.1}}}}},
     ["scenarios[0].budget_patch.budgets.7: not an element"]),
    ({"scenario": {"budget_patch": {"sharing": {"overspend": {"0": {"fund": "half"}}}}}},
     ["scenarios[0].budget_patch over", "budget.json: sharing.overspend[0].fund"]),
    ({"scenario": {"referral_patch": {"penalty": {"out_of_county_points": 500}}}},
     ["scenarios[0].referral_patch over", "penalty.out_of_county_points"]),
    ({"scenario": {"scheme_patch": {"lines": {"inpatient": {"method": "magic"}}}}},
     ["scenarios[0].scheme_patch over", "lines.inpatient.method"]),
    ({"scenario": {"scheme": "no-such-scheme.json"}}, ["scenarios[0].scheme:", "no-such-scheme.json"]),
    ({"scenario": {"county": {"year": 2020}}}, ["scenarios[0].county.year: the budget settles 2024"]),
    # found by tests/fuzz/fuzz_scenarios.py: "²".isdigit() is true and int("²") raised a bare ValueError
    ({"scenario": {"budget_patch": {"budgets": {"²": {"growth": 0.1}}}}},
     ["scenarios[0].budget_patch.budgets.²: not an element"]),
    ({"scenario": {"budget_patch": {"budgets": {"٣": {"growth": 0.1}}}}},
     ["scenarios[0].budget_patch.budgets.٣: not an element"]),
    # ... an integer beyond a double raised OverflowError (a traceback) when the county was generated
    ({"scenario": {"county": {"outpatient_factor": 10 ** 400}}},
     ["scenarios[0].county.outpatient_factor: county option outpatient_factor:", "does not fit a double"]),
    # ... an integer beyond its C field was a ValueError naming no file
    ({"scenario": {"county": {"emergency_acuity": 2 ** 70}}}, ["scenarios[0].county.emergency_acuity:", "outside"]),
    ({"scenario": {"budget_patch": {"k": _nested(70)}}}, ["scenarios[0].budget_patch.k[0]", "nested deeper than 64"]),
    ({"casemix": "../../etc/passwd"}, ["casemix: path '../../etc/passwd' leaves the scenario file's directory"]),
    ({"indicators": "/etc/passwd"}, ["indicators: path '/etc/passwd' leaves"]),
])
def test_bad_scenario_files(tmp_path, capsys, change, fragments):
    err = _bad(tmp_path, capsys, **change)
    for fragment in fragments:
        assert fragment in err, err


def test_scheme_by_file_name_is_the_default(tmp_path):
    doc = dict(SCENARIOS, scenarios=[{"name": "a"}, {"name": "b", "scheme": "scheme.json"},
                                     {"name": "c", "county": {"year": 2024}}])
    assert _simulate(_write(tmp_path / "s.json", doc), tmp_path / "out", "--quiet") == 0
    rows = [r.split(",", 1)[1] for r in (tmp_path / "out" / "scenarios.csv").read_text().splitlines()[1:]]
    assert rows[0] == rows[1] == rows[2]


def test_not_json_and_duplicate_names(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{\"format\": ", encoding="utf-8")
    assert _simulate(path, tmp_path / "out") == 1
    assert "broken.json: not JSON" in capsys.readouterr().err
    doc = dict(SCENARIOS, scenarios=[{"name": "a"}, {"name": "a"}])
    with pytest.raises(ScenarioError, match=r"scenarios\[1\]\.name: 'a' is used twice"):
        ScenarioFile(tmp_path / "dup.json", doc, {})


def test_merge_patch():
    base = {"a": {"b": 1, "c": [1, 2]}, "list": [{"g": 1, "k": "x"}, {"g": 2}]}
    assert merge_patch(base, {"a": {"b": None, "d": 3}}) == {"a": {"c": [1, 2], "d": 3}, "list": base["list"]}
    assert merge_patch(base, {"a": {"c": [9]}})["a"]["c"] == [9]  # arrays are replaced
    assert merge_patch(base, {"list": {"*": {"g": 0}}})["list"] == [{"g": 0, "k": "x"}, {"g": 0}]
    assert merge_patch(base, {"list": {"1": {"g": 5}}})["list"] == [{"g": 1, "k": "x"}, {"g": 5}]
    assert base["list"][0]["g"] == 1  # the base is not changed
    with pytest.raises(ValueError, match=r"list\.2"):
        merge_patch(base, {"list": {"2": {}}})


def test_example_scenario_file_is_valid():
    sf = ScenarioFile.load(ROOT / "examples" / "scenarios" / "ninghai-reforms.json")
    assert [s.name for s in sf.scenarios][:3] == ["ffs", "points+capitation", "drg-rates"]
    assert sf.seed == 1 and sf.scale == 1.0


def test_scenario_file_must_be_a_regular_file(tmp_path):
    import os
    os.mkfifo(tmp_path / "fifo.json")
    with pytest.raises(ScenarioError, match="not a regular file"):
        ScenarioFile.load(tmp_path / "fifo.json", {})


def test_deep_nesting_is_refused_by_name(tmp_path, capsys):
    """Found by tests/fuzz/fuzz_scenarios.py: 3000 nested objects made Python's
    JSON reader raise RecursionError, a traceback instead of a message."""
    path = tmp_path / "deep.json"
    path.write_text('{"format": "yigongti-scenarios/1", "scenarios": [{"name": "x", "budget_patch": '
                    + '{"a": ' * 3000 + "1" + "}" * 3000 + "}]}", encoding="utf-8")
    assert _simulate(path, tmp_path / "out") == 1
    assert "deep.json: nested deeper than 64 levels" in capsys.readouterr().err


def test_scenario_file_over_the_size_cap(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"format": "yigongti-scenarios/1", "note": "%s", "scenarios": [{"name": "x"}]}' % ("x" * (1 << 20)),
                    encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"big\.json: file of 1048\d+ bytes is larger than the limit of 1048576"):
        ScenarioFile.load(path, {})


def test_workers_do_not_change_results(tmp_path):
    """One thread or several make the same numbers, in file order (the C calls run on a pool)."""
    from yigongti.simulate import simulate
    path = _write(tmp_path / "s.json", SCENARIOS)
    one = simulate(NINGHAI, str(path), scale=0.01, workers=1)
    three = simulate(NINGHAI, str(path), scale=0.01, workers=3)
    assert [r.name for r in three] == [s["name"] for s in SCENARIOS["scenarios"]]
    for a, b in zip(one, three):
        assert (a.summary, a.tiers, a.institutions, a.indicators) == (b.summary, b.tiers, b.institutions,
                                                                      b.indicators)
    assert one[0].summary["fund"] != one[2].summary["fund"]  # the penalty scenario's own county


def test_every_year_before_is_the_status_quo(tmp_path):
    """Growth indicators compare each scenario's year with one year before, the first scenario's (the status
    quo): a reform's growth shows the reform, not its own drift.  So for 基层门诊人次增长率 the ratio of two
    scenarios' (1 + growth) is the ratio of their primary visits this year."""
    from yigongti.simulate import simulate
    doc = {"format": "yigongti-scenarios/1", "seed": 5, "scenarios": [
        {"name": "status quo"}, {"name": "primary-first-90%", "county": {"primary_first_contact": 0.9}}]}
    base, reform = simulate(NINGHAI, str(_write(tmp_path / "s.json", doc)), scale=0.02)

    def primary_visits(r):
        return sum(t["visits"] for t in r.tiers if t["tier"] in ("village", "township"))

    def growth(r):
        return next(i["value"] for i in r.indicators if i["indicator"] == "primary_visit_growth") / 100

    assert primary_visits(reform) > primary_visits(base) * 1.01   # the reform moves visits to primary care
    assert (1 + growth(reform)) / (1 + growth(base)) == pytest.approx(primary_visits(reform) / primary_visits(base),
                                                                      rel=1e-12)
