"""Whole columns through the binding: grouping results and case fields come back as one array per column
(numpy when installed, array.array of the standard library otherwise) and equal what the row API gives,
value for value; the ``drg group`` command writes them column by column without importing numpy."""
import array
import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import columns
from yigongti import drg as ygt_drg

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "drg" / "tiny"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
CHS11 = SHARED / "chs-drg-1.1"
HAVE_NUMPY = columns.numpy_module(None) is not None
NUMPY_CHOICES = [False, None] + ([True] if HAVE_NUMPY else [])


def _varied(pack):
    """Rows that end in every kind of result: grouped, CC/MCC splits, QY, invalid, unknown and mapped codes."""
    cases = yigongti.Cases.for_pack(pack)
    cases.append(case_id="a", sex=1, age_years=50, pdx="A00.000", sdx=["J96.000"])
    cases.append(case_id="bb", sex=2, age_years=60, pdx="N40.000", dept="0301")
    cases.append(case_id="", sex=3, age_years=60, pdx="N40.000")
    cases.append(case_id="四", sex=1, age_years=50, pdx="A00.000", procs=["99.0000", "45.0000"])
    cases.append(case_id="e", sex=1, age_years=50, pdx="A00.001")
    cases.append(sex=1, age_years=50, pdx="A00.000", sdx=["E11.000", "X00.000"], procs=["45.1000", "45.2000"])
    cases.append(sex=1, age_years=None, pdx="A00.000")
    return cases


def _row_values(results, field):
    return [getattr(r, field) for r in results]


@pytest.mark.parametrize("numpy", NUMPY_CHOICES)
@pytest.mark.parametrize("options", [0, ygt_drg.QY_OFF, ygt_drg.MAP_CODES, ygt_drg.MAP_CODES | ygt_drg.QY_ON])
def test_group_columns_equal_the_rows(tiny, numpy, options):
    cases = _varied(tiny)
    for first, n in [(0, None), (0, 0), (2, 3), (6, 1)]:
        rows = tiny.group(cases, first, n, options)
        groups = tiny.group_columns(cases, first, n, options, numpy=numpy)
        assert groups.results() == rows
        assert len(groups) == len(rows)
        for level in ("mdc", "adrg", "drg"):
            assert groups.codes(level) == _row_values(rows, level)
            assert groups.ids(level).tolist() == _row_values(rows, level + "_id")
        assert groups.status_names() == _row_values(rows, "status")
        assert groups.flags.tolist() == _row_values(rows, "flags")
        assert groups.names("drg") == [tiny.group_name("drg", r.drg_id) if r.drg_id >= 0 else "" for r in rows]
        texts = ["\t".join(fields) for fields in zip(groups.codes("mdc"), groups.codes("adrg"), groups.codes("drg"),
                                                     groups.names("drg"), groups.status_names())]
        assert groups.text() == texts
        assert [t for k in range(len(rows)) for t in groups.text(k, 1)] == texts  # the memo gives the same
    assert {r.status for r in tiny.group(cases, options=options)} >= {"OK", "INVALID_SEX", "MISSING_AGE"}


def test_group_columns_are_numpy_or_array(tiny):
    cases = _varied(tiny)
    stdlib = tiny.group_columns(cases, numpy=False)
    assert isinstance(stdlib.drg_id, array.array) and stdlib.drg_id.typecode == "i"
    assert isinstance(stdlib.flags, array.array) and stdlib.flags.typecode == "I"
    if HAVE_NUMPY:
        np = columns.numpy_module(True)
        arrays = tiny.group_columns(cases)
        assert isinstance(arrays.drg_id, np.ndarray) and arrays.drg_id.dtype == np.int32
        assert arrays.flags.dtype == np.uint32
        assert (arrays.drg_id == np.array(stdlib.drg_id)).all()
        ids = tiny.group_ids(cases)  # the older numpy API agrees too
        assert all((ids[k] == getattr(arrays, k if k in ("status", "flags") else k + "_id")).all() for k in ids)


@pytest.mark.skipif(not CHS11.exists(), reason="missing shared data: %s" % CHS11)
@pytest.mark.parametrize("numpy", NUMPY_CHOICES)
def test_labelled_cases_columns_equal_rows(numpy):
    pack = yigongti.Pack.load(CHS11)
    cases = yigongti.Cases.for_pack(pack).load(CHS11 / "labelled_cases.tsv", allow="expected_drg")
    for options in (0, ygt_drg.MAP_CODES):
        assert pack.group_columns(cases, options=options, numpy=numpy).results() == pack.group(cases, options=options)


@pytest.mark.parametrize("numpy", NUMPY_CHOICES)
def test_case_strings_and_rows_equal_the_row_getters(tiny, tmp_path, numpy):
    path = tmp_path / "cases.tsv"
    path.write_text("case_id\tsex\tage_years\tpdx\tsdx\tdept\n"
                    "a\t1\t50\tA00.000\tE11.000|X00.000\t07\n"
                    "# a comment\n"
                    "病例-二\tx\t50\tA00.000\t\t\n"
                    "\t2\t40\tN40.000\t\t0301\n", encoding="utf-8")
    cases = yigongti.Cases.for_pack(tiny).load(path)
    cases.append(case_id="added", sex=1, age_years=3, pdx="A00.000")
    n = len(cases)
    for first in range(n + 1):
        for count in range(n - first + 1):
            for column in ("case_id", "dept", "institution"):
                assert cases.strings(column, first, count) == [cases.get(r, column) for r in range(first, first + count)]
            flags, lines = cases.rows(first, count, numpy=numpy)
            assert list(flags) == [cases.row_flags(r) for r in range(first, first + count)]
            assert list(lines) == [cases.row_line(r) for r in range(first, first + count)]
    assert cases.strings("case_id") == ["a", "病例-二", "", "added"]
    assert cases.rows()[1].tolist() == [2, 4, 5, 0]
    assert cases.problems() == [(r, cases.row_line(r), cases.row_flags(r), cases.row_message(r))
                                for r in range(n) if cases.row_flags(r)]
    assert [p[0] for p in cases.problems()] == [0, 1]
    with pytest.raises(yigongti.RangeError):
        cases.strings("case_id", 2, 3)
    with pytest.raises(yigongti.RangeError):
        cases.rows(5, 0)
    with pytest.raises(yigongti.InvalidArgumentError):
        cases.strings("sex")


def test_join_rows_is_a_join_per_row():
    table = [["a", "", "病例"], ["1", "2", "3"], ["x\ty", "", "z"]]
    assert columns.join_rows(table) == "".join("\t".join(row) + "\n" for row in zip(*table))
    assert columns.join_rows([["only"], ]) == "only\n"
    assert columns.join_rows([[], []]) == columns.join_rows([]) == ""
    import io
    for size in (1, 2, 3, 100):
        out = io.StringIO()
        with pytest.MonkeyPatch.context() as m:
            m.setattr(columns, "ROWS_PER_WRITE", size)
            columns.write_rows(out, table)
        assert out.getvalue() == columns.join_rows(table)
    with pytest.raises(ValueError):
        columns.join_rows([["a", "b"], ["1"]])  # a short column is refused, never misaligned


def test_write_table_in_blocks_equals_one_block(tiny, monkeypatch):
    import io
    from yigongti import drg_columns
    cases = _varied(tiny)
    kept = [[str(r), "k%d" % r] for r in range(len(cases))]

    def written(rows_per_write):
        monkeypatch.setattr(columns, "ROWS_PER_WRITE", rows_per_write)
        out = io.StringIO()
        drg_columns.write_table(out, tiny, cases, tiny.group_columns(cases, numpy=False), kept, ["r", "k"],
                                ygt_drg.Trace())
        return out.getvalue()
    whole = written(len(cases))
    assert whole.count("\n") == len(cases) + 1 and whole.startswith("case_id\tr\tk\tmdc")
    assert all(written(size) == whole for size in (1, 2, 3, len(cases) + 5))


def test_column_helpers():
    col = columns.new(ctypes.c_int64, 3, None, fill=-1)
    assert isinstance(col, array.array) and col.tolist() == [-1, -1, -1]
    with pytest.raises(TypeError):
        columns.pointer(col, ctypes.c_int32)
    assert not columns.pointer(columns.new(ctypes.c_int32, 0), ctypes.c_int32)  # NULL for an empty column
    calls = []
    assert columns.lookup(array.array("i", [3, 1, 3, 3, 1]), lambda v: calls.append(v) or str(v)) == \
        ["3", "1", "3", "3", "1"]
    assert sorted(calls) == [1, 3]
    if HAVE_NUMPY:
        np = columns.numpy_module(True)
        with pytest.raises(TypeError):
            columns.pointer(np.zeros(4, np.int64)[::2], ctypes.c_int64)  # not contiguous


@pytest.mark.skipif(not HAVE_NUMPY, reason="numpy is not installed")
def test_new_numpy_columns_hold_their_fill_after_populating(monkeypatch):
    """Large numpy columns have their pages faulted in by one madvise call each before the fill: the call is
    made (on Linux) for exactly the whole pages inside the column, and the values are the fill, whatever the
    type and whether the call is made or not."""
    np = columns.numpy_module(True)
    seen = []
    real = columns._populate
    monkeypatch.setattr(columns, "_populate", lambda address, nbytes: (seen.append((address, nbytes)),
                                                                         real(address, nbytes)))
    for ctype, fill in ((ctypes.c_int8, -1), (ctypes.c_int32, -7), (ctypes.c_uint32, 5), (ctypes.c_int64, -(2**40)),
                        (ctypes.c_double, 0.5)):
        for n in (0, 1, 100_003, 1_000_000):
            col = columns.new(ctype, n, np, fill)
            assert col.dtype == np.dtype(columns._NUMPY_TYPES[ctype]) and len(col) == n
            assert (col == fill).all()
            assert seen[-1] == (col.ctypes.data, col.nbytes)
    if sys.platform.startswith("linux"):
        assert columns._MADVISE is not None
    full = np.full(1_000_000, 7, dtype=np.int64)  # the advice must never change what the pages hold
    real(full.ctypes.data, full.nbytes)
    assert (full == 7).all()


def _without_numpy(code):
    """Run code in a fresh interpreter in which numpy cannot be imported; returns its stdout."""
    guard = "import sys; sys.modules['numpy'] = None\n"
    out = subprocess.run([sys.executable, "-c", guard + code], capture_output=True, text=True, env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_stdlib_fallback_without_numpy():
    out = _without_numpy("import yigongti\n"
                         "pack = yigongti.Pack.load(%r)\n"
                         "cases = yigongti.Cases.for_pack(pack)\n"
                         "cases.append(sex=1, age_years=50, pdx='A00.000', sdx=['J96.000'])\n"
                         "g = pack.group_columns(cases)\n"
                         "print(type(g.drg_id).__name__, g.codes('drg'), g.results() == pack.group(cases))\n"
                         % str(TINY))
    assert out.split() == ["array", "['GR11']", "True"]


@pytest.mark.skipif(not CHS11.exists(), reason="missing shared data: %s" % CHS11)
def test_cli_output_equals_the_row_api_and_imports_no_numpy(tmp_path):
    out = tmp_path / "groups.tsv"
    code = ("import runpy, sys\n"
            "sys.argv = ['yigongti', 'drg', 'group', '--pack', %r, '--cases', %r, '--out', %r,\n"
            "            '--keep', 'expected_drg,dept', '--map-codes']\n"
            "sys.modules.pop('numpy', None)\n"
            "try:\n    runpy.run_module('yigongti', run_name='__main__')\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print('numpy' in sys.modules)\n" % (str(CHS11), str(CHS11 / "labelled_cases.tsv"), str(out)))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False"]
    pack = yigongti.Pack.load(CHS11)
    cases = yigongti.Cases.for_pack(pack).load(CHS11 / "labelled_cases.tsv", allow="expected_drg")
    expected = ["case_id\texpected_drg\tdept\tmdc\tadrg\tdrg\tdrg_name\tstatus"]
    with open(CHS11 / "labelled_cases.tsv", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        kept = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]
    for row, r in enumerate(pack.group(cases, options=ygt_drg.MAP_CODES)):
        name = pack.group_name("drg", r.drg_id) if r.drg_id >= 0 else ""
        expected.append("\t".join([cases.get(row, "case_id"), kept[row]["expected_drg"], kept[row]["dept"],
                                   r.mdc, r.adrg, r.drg, name, r.status]))
    assert out.read_text(encoding="utf-8").splitlines() == expected


@pytest.mark.parametrize("numpy", NUMPY_CHOICES)
def test_drg3_group_columns_equal_the_rows(numpy):
    from yigongti import drg3
    synthetic = ROOT / "tests" / "data" / "drg3" / "synthetic"
    with drg3.Config.load(synthetic) as cfg, yigongti.Cases.for_pack(cfg) as cases:
        for pdx, sdx, procs, age in [("K80.101", [], ["51.2300"], 45), ("K80.101", ["I50.900"], ["51.2300"], 45),
                                     ("K80.101", [], ["51.8800"], 30), ("A00.000", [], [], 30),
                                     ("K80.101", [], [], 30), ("K85.000", [], ["51.2300"], 45)]:
            cases.append(case_id="c%d" % len(cases), sex=1, age_years=age, pdx=pdx, sdx=sdx, procs=procs)
        rows = cfg.group(cases)
        assert cfg.group_columns(cases, numpy=numpy).results() == rows
        assert cfg.group_columns(cases, 2, 3, numpy=numpy).results() == cfg.group(cases, 2, 3)
        assert {r.status for r in rows} >= {"OK", "QY", "UNKNOWN_PDX"} and None in {r.drg for r in rows}


def test_drg3_cli_table_equals_the_row_api(tmp_path):
    from yigongti import drg3
    synthetic = ROOT / "tests" / "data" / "drg3" / "synthetic"
    path, out = tmp_path / "cases.tsv", tmp_path / "groups.tsv"
    path.write_text("case_id\tsex\tage_years\tpdx\tsdx\tpproc\tother_procs\n"
                    "a\t1\t45\tK80.101\tI50.900\t51.2300\t\n"
                    "b\t1\t30\tK80.101\t\t51.8800\t\n"
                    "c\t1\t30\tA00.000\t\t\t\n"
                    "d\t1\t5\tK80.101\t\t51.3600\t51.3700\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "yigongti", "drg3", "group", "--config", str(synthetic), "--cases",
                          str(path), "--out", str(out)], capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    with drg3.Config.load(synthetic) as cfg, yigongti.Cases.for_pack(cfg) as cases:
        cases.load(path)
        expected = ["case_id\tmdc\tadrg\tdrg\tstatus"] + [
            "\t".join([cases.get(row, "case_id")] + [v or "" for v in (r.mdc, r.adrg, r.drg)] + [r.status])
            for row, r in enumerate(cfg.group(cases))]
    assert out.read_text(encoding="utf-8").splitlines() == expected
