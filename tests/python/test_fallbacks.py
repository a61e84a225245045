""""*" keys never depend on where they stand (issue 18, part 3), through the
binding: scheme.json DRG base rates and levels (C parser) and scenario
array patches (Python)."""
from pathlib import Path

import pytest

import yigongti
from yigongti.scenarios import merge_patch

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def chunan():
    with yigongti.Model.load(str(ROOT / "examples" / "data" / "chunan")) as m:
        yield m


def _amount(model, tmp_path, base_rates, levels, cost_yuan):
    (tmp_path / "drg-rates.tsv").write_text("drg_code\trw\nG1\t1\n", encoding="utf-8")
    text = ('{"format": "yigongti-scheme/1", "lines": {"inpatient": {"method": "drg", "table": "drg-rates.tsv",'
            ' "base_rates": %s, "levels": %s}}}' % (base_rates, levels))
    with yigongti.Scheme.parse(text, model, base_dir=str(tmp_path)) as s, \
            yigongti.Codes("diagnosis") as dx, yigongti.Codes("procedure") as proc, \
            yigongti.Cases(dx, proc) as c:
        c.append(institution_index=model.find_institution("CA-R01"), insurance="居民", los_days=5,
                 discharge_date=20240310, total_cost=cost_yuan * 100)
        with s.settle(stays=c, groups=[s.find("inpatient", "G1")]) as r:
            return int(r.stays()["amount"][0])


def test_base_rates_star_either_order(chunan, tmp_path):
    levels = '{"3A": {"adjust": 1.1}}'
    assert _amount(chunan, tmp_path, '{"resident": {"3A": 10000, "*": 6500}}', levels, 8000) == 1100000
    assert _amount(chunan, tmp_path, '{"resident": {"*": 6500, "3A": 10000}}', levels, 8000) == 1100000


def test_levels_star_either_order(chunan, tmp_path):
    rates = '{"resident": {"*": 10000}}'
    for levels in ('{"3A": {"high_factor": 3}, "*": {"high_factor": 5}}',
                   '{"*": {"high_factor": 5}, "3A": {"high_factor": 3}}'):
        assert _amount(chunan, tmp_path, rates, levels, 40000) == 4000000  # high-cost: paid its cost


def test_scenario_array_patch_star_either_order():
    base = {"budgets": [{"growth": 0}, {"growth": 0}]}
    want = [{"growth": 0.1}, {"growth": 0.05}]
    assert merge_patch(base, {"budgets": {"0": {"growth": 0.1}, "*": {"growth": 0.05}}})["budgets"] == want
    assert merge_patch(base, {"budgets": {"*": {"growth": 0.05}, "0": {"growth": 0.1}}})["budgets"] == want
