"""DIP settlement results as columns: numpy arrays when numpy is installed, array.array of the standard
library otherwise, the same values either way and the same as scoring row by row; ``dip settle`` writes
the same table without numpy."""
import array
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import columns, dip

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
ICD = SHARED / "icd"
ZH = ROOT / "examples" / "data" / "zhuhai"
KEYS = ("group", "status", "reason", "score_units", "amount", "fund")

pytestmark = pytest.mark.skipif(not (ICD / "icd10_yibao_v2.0.tsv").exists(),
                                reason="missing shared data: %s" % (ICD / "icd10_yibao_v2.0.tsv"))


@pytest.fixture(scope="module")
def world():
    dx = yigongti.Codes.load(str(ICD / "icd10_yibao_v2.0.tsv"), kind="diagnosis")
    proc = yigongti.Codes.load(str(ICD / "icd9cm3_yibao_v2.0.tsv"), kind="procedure")
    model = yigongti.Model.load(str(ZH))
    engine = dip.Engine(dip.Catalog.load(dx, proc, ZH / "dip-catalogue.tsv"), dip.Params.load(ZH / "dip-params.json"),
                        model)
    return engine, dip.load_cases(dx, proc, ZH / "dip-cases.tsv", model)


def test_settlement_columns_with_and_without_numpy(world):
    engine, cases = world
    stdlib = dip.settle(engine, cases, partitions=3, numpy=False)
    assert all(isinstance(stdlib[k], array.array) for k in KEYS)
    assert {stdlib["status"][r] for r in range(len(cases))} >= {dip.OK, dip.SPECIAL_REVIEW}
    if columns.numpy_module(None) is not None:
        arrays = dip.settle(engine, cases)
        for k in KEYS:
            assert type(arrays[k]).__name__ == "ndarray" and arrays[k].tolist() == stdlib[k].tolist(), k
    # the totals are those of the row-range split (partitions) and of one call
    one = dip.settle(engine, cases, numpy=False)
    assert all(one[k] == stdlib[k] for k in KEYS)
    assert one.ledger.total("amount") == stdlib.ledger.total("amount") != 0


def test_columns_equal_one_row_at_a_time(world):
    """Scoring and pricing each row alone gives the column of the whole batch, value for value."""
    engine, cases = world
    whole = dip.settle(engine, cases, numpy=False)
    n = len(cases)
    for r in range(0, n, max(1, n // 50)):
        one = engine.score(cases, None, r, r + 1, numpy=False)
        assert [one[k][r] for k in ("group", "status", "reason", "score_units")] == \
            [whole[k][r] for k in ("group", "status", "reason", "score_units")]
        amount, fund = dip.price(whole.values, cases, whole, None, r, r + 1, numpy=False)
        assert (amount[r], fund[r]) == (whole["amount"][r], whole["fund"][r])


def test_price_takes_columns_of_either_kind(world):
    np = pytest.importorskip("numpy")
    engine, cases = world
    whole = dip.settle(engine, cases, numpy=False)
    as_lists = {"status": list(whole["status"]), "score_units": np.array(whole["score_units"], dtype=np.int64)}
    for numpy in (False, True):
        amount, fund = dip.price(whole.values, cases, as_lists, numpy=numpy)
        assert list(amount) == list(whole["amount"]) and list(fund) == list(whole["fund"])


def test_cli_writes_the_same_table_without_numpy(tmp_path):
    blocker = tmp_path / "block"
    (blocker / "numpy").mkdir(parents=True)
    (blocker / "numpy" / "__init__.py").write_text("raise ModuleNotFoundError(name='numpy')\n")
    outs = []
    for path in ([str(blocker)], []):
        out = tmp_path / ("out%d.tsv" % len(outs))
        env = dict(os.environ, YGT_SHARED_DATA=str(SHARED),
                   PYTHONPATH=os.pathsep.join(path + [os.environ.get("PYTHONPATH", "")]))
        run = subprocess.run([sys.executable, "-m", "yigongti", "dip", "settle", "--catalog",
                              str(ZH / "dip-catalogue.tsv"), "--cases", str(ZH / "dip-cases.tsv"), "--params",
                              str(ZH / "dip-params.json"), "--out", str(out)],
                             capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        outs.append((out.read_text(encoding="utf-8"), run.stdout))
    assert outs[0] == outs[1]
    assert len(outs[0][0].splitlines()) == 3002
