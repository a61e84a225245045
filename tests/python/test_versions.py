"""DRG versions from Python (bindings/python/yigongti/versions.py): the tiny
1.1-style pack until 2026-06-30, the synthetic 3.0 workbook from 2026-07-01."""
import gc
from pathlib import Path

import pytest

import yigongti
from yigongti.drg3 import Config
from yigongti.versions import Versions

ROOT = Path(__file__).resolve().parents[2]


def _load(tmp_path):
    table = tmp_path / "periods.tsv"
    table.write_text("from\tto\tgrouper\n2026-01-01\t2026-06-30\t%s\n2026-07-01\t\t%s\n"
                     % (ROOT / "tests" / "data" / "drg" / "tiny", ROOT / "tests" / "data" / "drg3" / "synthetic"))
    return Versions.load(table)


@pytest.fixture(name="versions")
def _versions(tmp_path):
    with _load(tmp_path) as v:
        yield v


def _ptr(obj):
    return obj._as_parameter_.value


def test_codes_are_each_periods_grouper_dictionaries(versions):
    pack, cfg = versions.groupers
    assert _ptr(versions.codes(0)) == _ptr(pack.dx_codes)
    assert _ptr(versions.codes(0, "procedure")) == _ptr(pack.proc_codes)
    assert _ptr(versions.codes(1, "diagnosis")) == _ptr(cfg.dx_codes)
    assert _ptr(versions.codes(1, "procedure")) == _ptr(cfg.proc_codes)
    # K80.101 is in the 3.0 workbook's dictionary, not in the tiny pack's
    assert "K80.101" in versions.codes(1) and "K80.101" not in versions.codes(0)


def test_codes_keep_the_versions_object_alive(tmp_path):
    dx = _load(tmp_path).codes(1)  # no other reference to the Versions object
    gc.collect()
    with Config.load(ROOT / "tests" / "data" / "drg3" / "synthetic") as alone:
        assert len(dx) == len(alone.dx_codes) > 0
    assert dx.code(dx.id("K80.101")) == "K80.101"


def test_codes_of_a_missing_period_or_kind(versions):
    with pytest.raises(IndexError):
        versions.codes(2)
    with pytest.raises(IndexError):
        versions.codes(-1)
    with pytest.raises(ValueError):
        versions.codes(0, "dx")


def test_cases_grouped_by_discharge_date(versions):
    batches = versions.batches()
    for b in batches:
        for date in (20260630, 20260701, 20250101):
            b.append(sex=1, age_years=45, pdx="K80.101", procs=["51.2300"], discharge_date=date)
    got = versions.group(batches)
    assert [w for w, _ in got] == [0, 1, None]
    assert got[1][1].drg == "HC45" and isinstance(got[0][1], yigongti.drg.Result)
