"""examples/dask_settlement.py: DIP settlement partitioned under Dask and merged
with the library equals the single-process settlement, total by total and case
by case, whatever the scheduler and the number of partitions."""
import importlib.util
import io
from pathlib import Path

import pytest

pytest.importorskip("dask")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("dask_settlement", ROOT / "examples" / "dask_settlement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("partitions, scheduler", [(7, "threads"), (3, "sync"), (1, "threads")])
def test_dask_equals_one_process(example, partitions, scheduler):
    out = io.StringIO()
    a, b, equal = example.run(ROOT / "examples" / "data" / "zhuhai", scale=0.02, partitions=partitions,
                              scheduler=scheduler, out=out)
    assert equal and a == b
    assert a["scores.cases"] > 1000 and a["scores.ok"] > 0 and a["ledger.fund"] != 0
    assert a["point_value.employee"] > 0 and a["point_value.resident"] > 0
    # the history is resized with the fund: the budget value is of the settlement's order, no prepayment < 0
    for ins in ("employee", "resident"):
        assert a["point_value." + ins] / 2 < a["budget_point_value." + ins] < a["point_value." + ins] * 2
    assert a["prepayment"] > 0 and a["prepayment"] + a["clearing"] == a["ledger.fund"]
    assert out.getvalue().rstrip().endswith("equal: True")


def test_partitions_really_split(example):
    model, county, engine = example.load(ROOT / "examples" / "data" / "zhuhai", 0.02, 5)
    cases = county.cases
    n = len(cases)
    acc, scored = example.score_partition(engine, cases, n // 2, n)
    assert acc.total("cases") == n - n // 2 == len(scored["status"])
    whole = example.merge([acc, example.score_partition(engine, cases, 0, n // 2)[0]])
    assert whole.total("cases") == n
    assert whole.total("score_units") == example.settle_with_dask(engine, cases, 4, "sync").scores.total("score_units")


def test_a_difference_is_noticed(example):
    model, county, engine = example.load(ROOT / "examples" / "data" / "zhuhai", 0.02, 5)
    one = example.settle_with_dask(engine, county.cases, 2, "sync")
    two = example.settle_with_dask(engine, county.cases, 2, "sync")
    assert example.same_cases(one, two)
    two["fund"][0] += 1
    assert not example.same_cases(one, two)
