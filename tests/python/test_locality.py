"""A bundle's settings, targets and calibration from Python, and what issue 19 asks of the shipped
bundles at seed 1 and scale 1: Chun'an reports seed 002's visits, discharges and their growth; Linxiang's
years before the reform spend over 40 % of the fund outside the county, rising; every bundle's calibration
table says "within tolerance"; the multi-year runs carry each year's budget into the next."""
import json
import math
from pathlib import Path

import pytest

from yigongti import CountySettings, Targets, calibrate
from yigongti.errors import NotFoundError, ParseError, RangeError
from yigongti.year import Bundle, Year, run_bundle
from yigongti.years import run_years

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
HEAD = '{"format": "yigongti.county", "version": 1, "provenance": {"document": "d"}, "base_year": 2020'


@pytest.fixture(scope="module")
def bundles():
    return {name: Bundle(DATA / name) for name in ("ninghai", "chunan", "zhuhai", "linxiang")}


def test_settings_by_year_and_back():
    s = CountySettings.parse(HEAD + ', "settings": {"outpatient_factor": 2}, '
                             '"trends": [{"from": 2000, "outpatient_factor": 0.25}]}')
    assert s.options(2022)["outpatient_factor"] == 2 * 1.25 * 1.25
    assert s.options(2019)["outpatient_factor"] == 2 / 1.25
    t = s.with_value("trend.2000.outpatient_factor", 1 / 3)
    again = CountySettings.parse(t.json())
    assert again.get("trend.2000.outpatient_factor") == 1 / 3 and again.json() == t.json()
    with pytest.raises(NotFoundError):
        s.get("trend.1999.outpatient_factor")
    with pytest.raises(RangeError):
        s.with_value("village_share", 2)
    with pytest.raises(ParseError, match="did you mean `outpatient_factor`"):
        CountySettings.parse(HEAD + ', "settings": {"outpatent_factor": 2}}')


def test_targets_rows(bundles):
    t = bundles["chunan"].targets
    rows = list(t)
    assert [r["indicator"] for r in rows][:2] == ["county_visits", "county_visit_growth"]
    assert rows[0]["tolerance"] == pytest.approx(0.02 * 2750000) and rows[0]["source"] == "002"
    assert t.distance(0, 2750000 + 27500) == pytest.approx(0.5)


@pytest.fixture(scope="module")
def chunan_year(bundles):
    return run_bundle(bundles["chunan"], seed=1, scale=1.0)


def test_chunan_reports_its_document(chunan_year):
    """Seed 002: 医共体 out-patients 275万 (+11.15 %, primary +12.7 %), discharges 63,415 (+9.02 %)."""
    v = chunan_year.indicator_values
    get = (lambda k: v.get(k)[0])
    assert abs(get("county_visits") / 2750000 - 1) <= 0.02
    assert abs(get("county_visit_growth") - 11.15) <= 1
    assert abs(get("primary_visit_growth") - 12.7) <= 1
    assert abs(get("county_discharges") / 63415 - 1) <= 0.02
    assert abs(get("county_discharge_growth") - 9.02) <= 1


def test_linxiang_outflow_over_40_and_rising(bundles):
    """Seed 004: over 40 % of the fund used outside the county, rising for three years (2021-2023, fee for
    service before the 2024 reform)."""
    rows = run_years(bundles["linxiang"], 2021, 2023, reform=2024, seed=1, scale=1.0)
    out = [r["fund_outflow_rate"] for r in rows]
    assert all(x > 40 for x in out) and out[0] < out[1] < out[2], out
    assert all(r["budget"] == 0 for r in rows)  # no global budget before the reform


@pytest.mark.parametrize("name", ["ninghai", "chunan", "linxiang"])
def test_calibration_tables_within_tolerance(bundles, chunan_year, name):
    """Every target a bundle lists holds in its own year at seed 1, scale 1 (the years before a target's
    year run as the multi-year command runs them)."""
    b = bundles[name]
    years = sorted({t["year"] for t in b.targets})
    if name == "chunan":
        table = b.targets.table(chunan_year, 1.0)
    else:
        table = []
        for year in years:
            y = run_bundle(b, seed=1, scale=1.0, year=year) if year == b.year else None
            if y is None:
                before = b.county(year - 1, 2, 1.0)
                reformed = year >= b.year
                y = Year.run(b.model, b.county(year, 1, 1.0), previous=before,
                             scheme=b.scheme if reformed else None, indicators=b.indicators, targets=b.targets)
            table += b.targets.table(y, 1.0)
    assert len(table) == len(b.targets)
    assert all(row["within"] for row in table), [(r["indicator"], r["year"], r["simulated"]) for r in table]


def test_report_has_the_table(chunan_year):
    text = chunan_year.report()
    assert "Calibration: the documents' figures for 2024" in text
    assert text.count("within tolerance") == 5 and "NOT within" not in text
    assert "county_visit_rate_stays" in text  # 县域就诊率 over stays, named


def test_calibrate_moves_a_target(bundles, tmp_path):
    b = bundles["chunan"]
    (tmp_path / "t.tsv").write_text("indicator\tyear\trelation\tvalue\ttolerance\tfit\tsource\tquote\n"
                                    "county_discharges\t2024\t=\t70000\t2%\tinpatient_factor\tx\ty\n")
    t = Targets.load(b.indicators, tmp_path / "t.tsv")
    c = calibrate(b.model, b.rules, b.casemix, t, b.settings, scheme=b.scheme, population_scale=0.05,
                  max_iterations=10)
    assert c.within and c.distances[c.best] <= c.distances[0]
    assert abs(c.simulated(c.best)[0] / 70000 - 1) <= 0.02
    assert c.settings.get("inpatient_factor") > b.settings.get("inpatient_factor")
    assert json.loads(c.settings.json())["settings"]["inpatient_factor"] == c.settings.get("inpatient_factor")


def test_ninghai_years_ratchet(bundles):
    """Ninghai 2017-2020, the pilot from 2018: each year's budget is the year before's actual × 1.06
    (budget.json next_year, seed 000: 以上一年度实际发生数为基数)."""
    rows = run_years(bundles["ninghai"], 2017, 2020, reform=2018, seed=1, scale=0.1)
    assert rows[0]["budget"] == 0 and all(r["budget"] > 0 for r in rows[1:])
    for prev, row in zip(rows[1:], rows[2:]):
        assert row["budget"] == pytest.approx(prev["actual"] * 1.06, abs=2 * bundles["ninghai"].model.community_count())
    assert all(math.isfinite(r["primary_visit_rate"]) for r in rows)


def test_cli(capsys, tmp_path):
    from yigongti.cli import main
    assert main(["years", "--bundle", str(DATA / "linxiang"), "--from", "2023", "--to", "2024", "--scale", "0.02",
                 "--csv", str(tmp_path / "y.csv")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["year", "visits", "stays"] and "2024" in out
    assert (tmp_path / "y.csv").read_text().startswith("year,")
    assert main(["calibrate", "--bundle", str(DATA / "chunan"), "--scale", "0.02", "--iterations", "1",
                 "--out", str(tmp_path / "c.json")]) in (0, 1)
    assert "iteration  distance" in capsys.readouterr().err
    assert CountySettings.load(tmp_path / "c.json").base_year == 2024


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ninghai_pilot_from_2018_small_scale(bundles, seed):
    """At scale 0.05 the point method once priced the stays at 华山医院 (out of the province) by the county's
    point value, below what the patients had paid there: the year check stopped on a negative fund. Such stays
    are fee for service now, and every year's accounts hold (ygt_year_check runs inside each year)."""
    rows = run_years(bundles["ninghai"], 2017, 2020, reform=2018, seed=seed, scale=0.05)
    assert [r["year"] for r in rows] == [2017, 2018, 2019, 2020]
    assert all(r["fund"] > 0 and r["budget"] >= 0 for r in rows)
