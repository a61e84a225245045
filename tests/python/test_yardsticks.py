"""The benchmarks' yardsticks compute what the library computes: the numpy DIP settlement (tests/bench/
numpy_dip.py) gives every column and point value of ``dip.settle`` for the example bundles' cases, and the
plain-Python grouper (tests/bench/plain_grouper.py) writes the table of ``drg group``.  A yardstick that
computed something else would make its benchmark's ratio meaningless."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import dip

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "tests" / "bench"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
ICD = SHARED / "icd"
CHS11 = SHARED / "chs-drg-1.1"
sys.path.insert(0, str(BENCH))


@pytest.mark.skipif(not (ICD / "icd10_yibao_v2.0.tsv").exists(), reason="missing shared data: %s" % ICD)
@pytest.mark.parametrize("bundle", ["zhuhai", "linxiang"])
def test_numpy_dip_settles_as_the_library(bundle):
    np = pytest.importorskip("numpy")
    import bench_python_dip
    import numpy_dip
    path = ROOT / "examples" / "data" / bundle
    dx = yigongti.Codes.load(str(ICD / "icd10_yibao_v2.0.tsv"), kind="diagnosis")
    proc = yigongti.Codes.load(str(ICD / "icd9cm3_yibao_v2.0.tsv"), kind="procedure")
    model = yigongti.Model.load(str(path))
    catalog = dip.Catalog.load(dx, proc, path / "dip-catalogue.tsv")
    engine = dip.Engine(catalog, dip.Params.load(path / "dip-params.json"), model)
    try:
        tables = numpy_dip.Tables(dx, proc, path / "dip-catalogue.tsv", path / "dip-params.json", model, catalog)
    except NotImplementedError as exc:
        pytest.skip("the numpy yardstick does not hold %s's catalogue: %s" % (bundle, exc))
    cases = dip.load_cases(dx, proc, path / "dip-cases.tsv", model)
    lib = dip.settle(engine, cases)
    ours = numpy_dip.settle(tables, bench_python_dip.columns_of(cases, np))
    assert bench_python_dip.same(lib, ours, np) == []
    assert len(set(lib["reason"].tolist())) >= 4 and lib["amount"].sum() > 0  # a varied year, not all zeros
    ours["score_units"][0] += 1
    assert bench_python_dip.same(lib, ours, np) == ["score_units"]  # the comparison sees a difference


@pytest.mark.skipif(not CHS11.exists(), reason="missing shared data: %s" % CHS11)
def test_plain_grouper_writes_the_table_of_drg_group(tmp_path):
    cases = tmp_path / "cases.tsv"
    lines = (CHS11 / "labelled_cases.tsv").read_text(encoding="utf-8").splitlines()
    drop = lines[0].split("\t").index("expected_drg")
    cases.write_text("".join("\t".join(f for i, f in enumerate(line.split("\t")) if i != drop) + "\n"
                             for line in lines), encoding="utf-8")
    plain, ours = tmp_path / "plain.tsv", tmp_path / "ours.tsv"
    subprocess.run([sys.executable, str(BENCH / "plain_grouper.py"), str(CHS11), str(cases), str(plain)], check=True)
    subprocess.run([sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(CHS11), "--cases", str(cases),
                    "--out", str(ours)], check=True, env=dict(os.environ))
    assert plain.read_text(encoding="utf-8") == ours.read_text(encoding="utf-8")
    assert len(plain.read_text(encoding="utf-8").splitlines()) == 31
