"""DRG grouping and case batches from Python: the tiny test pack, the
CHS-DRG 1.1 labelled cases, numpy/pandas input and the command line."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import cases as ygt_cases
from yigongti import drg as ygt_drg

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "drg" / "tiny"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
CHS11 = SHARED / "chs-drg-1.1"


def test_pack_access(tiny):
    assert tiny.name == "tiny"
    assert (tiny.count("mdc"), tiny.count("adrg"), tiny.count("drg")) == (8, 17, 24)
    gr13 = tiny.find("drg", "GR13")
    assert tiny.code("drg", gr13) == "GR13"
    assert tiny.group_name("drg", gr13) == "消化内科，伴并发症"
    assert tiny.code("adrg", tiny.drg_adrg(gr13)) == "GR1"
    assert tiny.code("mdc", tiny.adrg_mdc(tiny.drg_adrg(gr13))) == "MDCG"
    assert tiny.group_name("mdc", tiny.find("mdc", "MDCG")) == "消化"
    assert tiny.group_name("adrg", tiny.find("adrg", "GR1")) == "消化内科"
    assert tiny.code("mdc", -1) == "0000" and tiny.code("adrg", -1) == "00"
    assert tiny.find("drg", "ZZ99") is None
    assert tiny.has_map(1) and tiny.has_map(2)
    assert len(tiny.dx_codes) == 21 and tiny.dx_codes.id("A00.000") == 0
    with pytest.raises(IndexError):
        tiny.code("drg", 999)
    with pytest.raises(yigongti.RangeError):
        tiny.adrg_mdc(999)


def test_group_rows(tiny):
    cases = yigongti.Cases.for_pack(tiny)
    cases.append(sex=1, age_years=50, pdx="A00.000", sdx=["J96.000"])
    cases.append(sex=2, age_years=60, pdx="N40.000")
    cases.append(sex=3, age_years=60, pdx="N40.000")
    cases.append(sex=1, age_years=50, pdx="A00.000", procs=["99.0000", "45.0000"])
    cases.append(sex=1, age_years=50, pdx="A00.001")
    res = tiny.group(cases)
    assert [r.drg for r in res] == ["GR11", "NR19", "0000", "GQY", "0000"]
    assert [r.status for r in res] == ["OK", "OK", "INVALID_SEX", "QY", "UNKNOWN_PDX"]
    assert res[4].flags == ygt_drg.FLAG_UNKNOWN_PDX
    assert tiny.group(cases, 3, 1, options=ygt_drg.QY_OFF)[0].drg == "GR15"
    mapped = tiny.group(cases, 4, 1, options=ygt_drg.MAP_CODES)[0]
    assert (mapped.drg, mapped.flags) == ("GR15", ygt_drg.FLAG_MAPPED)
    assert ygt_drg.status_name(ygt_drg.NO_ADRG) == "NO_ADRG"
    assert ygt_drg.status_class(ygt_drg.MISSING_PDX) == ygt_drg.CLASS_CHECK_FAILED
    with pytest.raises(yigongti.InvalidArgumentError):
        tiny.group(cases, options=ygt_drg.QY_ON | ygt_drg.QY_OFF)
    with pytest.raises(yigongti.RangeError):
        tiny.group(cases, 4, 2)


def test_trace(tiny):
    cases = yigongti.Cases.for_pack(tiny)
    cases.append(sex=1, age_years=50, pdx="A00.000", sdx=["I50.000", "E11.000"])
    result, steps = tiny.group_traced(cases, 0)
    assert result.drg == "GR13"
    kinds = [s.kind for s in steps]
    assert kinds[0] == "validate" and kinds[-1] == "result"
    excluded = [s for s in steps if s.kind == "mcc_excluded"][0]
    assert excluded.code == tiny.dx_codes.id("I50.000") and excluded.value == 1
    assert "excluded" in excluded.line
    assert any(s.line == "DRG GR13 [MCC or CC]: true" for s in steps)
    trace = yigongti.Trace()
    tiny.group_traced(cases, 0, trace=trace)
    assert len(trace) == len(steps)
    with pytest.raises(IndexError):
        trace.line(len(trace))
    with pytest.raises(yigongti.RangeError):
        trace.step(len(trace))


def test_batch_fields_and_problems(tiny, tmp_path):
    path = tmp_path / "cases.tsv"
    path.write_text("case_id\tsex\tage_years\tpdx\tsdx\tpproc\tother_procs\tward\n"
                    "a\t1\t50\tA00.000\tE11.000|X00.000\t45.1000\t45.2000\tignored\n"
                    "b\tx\t50\tA00.000\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(yigongti.ParseError) as info:  # the user's own column must be named
        yigongti.Cases.for_pack(tiny).load(path)
    assert (info.value.line, info.value.column, info.value.field) == (1, 8, "ward")
    del info  # its traceback holds the failed batch: free it before the allocator checks
    cases = yigongti.Cases.for_pack(tiny).load(path, allow="ward")
    assert len(cases) == 2
    assert cases.get(0, "case_id") == "a"
    assert cases.get(0, "sex") == 1 and cases.get(1, "sex") == ygt_cases.NA
    assert cases.get(0, "procs") == [tiny.proc_codes.id("45.1000"), tiny.proc_codes.id("45.2000")]
    assert cases.get(0, ygt_cases.PDX) == 0
    assert cases.problem_count() == 2
    problems = cases.problems()
    assert problems[0][:3] == (0, 2, ygt_cases.ROW_UNKNOWN_SDX)
    assert "X00.000" in problems[0][3]
    assert problems[1][1:3] == (3, ygt_cases.ROW_MALFORMED)
    assert cases.row_line(1) == 3 and cases.row_flags(1) == 1 and "sex" in cases.row_message(1)
    assert [r.drg for r in tiny.group(cases)] == ["GC13", "0000"]
    assert ygt_cases.column_name(ygt_cases.BIRTH_WEIGHT_G) == "birth_weight_g"
    assert ygt_cases.column_type(ygt_cases.SDX) == ygt_cases.TYPE_CODE_LIST
    assert ygt_cases.column_count() >= 11
    assert cases.codes(1) and cases.codes(3) is None
    with pytest.raises(yigongti.ParseError):
        yigongti.Cases.for_pack(tiny).load(TINY / "mdc.tsv")


def test_numpy_columns(tiny):
    np = pytest.importorskip("numpy")
    dx = tiny.dx_codes
    cases = yigongti.Cases.from_columns(
        tiny, sex=np.array([1, 2, 1], dtype=np.int32), age_years=np.array([50, 60, 40]),
        pdx=np.array([dx.id("A00.000"), dx.id("N40.000"), ygt_cases.NO_CODE], dtype=np.int32),
        sdx=(np.array([0, 1, 1, 1]), np.array([dx.id("J96.000")])))
    out = tiny.group_ids(cases)
    assert [tiny.code("drg", d) for d in out["drg"]] == ["GR11", "NR19", "0000"]
    assert out["status"][2] == ygt_drg.MISSING_PDX
    with pytest.raises(yigongti.StateError):
        cases.append(sex=1)


def test_pandas_dataframe(tiny):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"sex": [1, 2, None], "age_years": [50, 60, 40], "pdx": ["A00.000", "N40.000", "A00.000"],
                       "sdx": ["J96.000", "", None], "pproc": [None, None, "37.5100"]})
    out = tiny.group_dataframe(df)
    assert list(out["drg"]) == ["GR11", "NR19", "0000"]
    assert list(out["status"]) == ["OK", "OK", "INVALID_SEX"]


@pytest.mark.skipif(not CHS11.exists(), reason="missing shared data: %s" % CHS11)
def test_labelled_cases_and_cli(tmp_path):
    out = tmp_path / "groups.tsv"
    env = dict(os.environ)
    rc = subprocess.run([sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(CHS11),
                         "--cases", str(CHS11 / "labelled_cases.tsv"), "--out", str(out), "--trace",
                         "--keep", "expected_drg"],
                        env=env, capture_output=True, text=True)
    assert rc.returncode == 0, rc.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["case_id", "expected_drg", "mdc", "adrg", "drg", "drg_name", "status", "trace"]
    got = {r[0]: r[4] for r in rows[1:]}
    with open(CHS11 / "labelled_cases.tsv", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        labels = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]
    labelled = [lab for lab in labels if lab["expected_drg"]]
    assert len(labelled) == 24
    assert all(got[lab["case_id"]] == lab["expected_drg"] for lab in labelled)
    assert [r[1] for r in rows[1:]] == [lab["expected_drg"] for lab in labels]  # kept, in file order
    assert got["22089232"] == "BY23" and got["22091181"] == "ZZ15"
    pack = yigongti.Pack.load(CHS11)
    by_code = {r[4]: r[5] for r in rows[1:]}
    assert by_code["GC13"] == pack.group_name("drg", pack.find("drg", "GC13")) and by_code["GC13"]
    assert rows[1][7].startswith("validate: passed | MDC MDCA")


@pytest.mark.skipif(not CHS11.exists(), reason="shared CHS-DRG 1.1 data absent")
def test_cli_chinese_headers_through_a_column_map(tmp_path):
    """The labelled cases with Chinese headers group as the original, through --columns."""
    mapping = ROOT / "examples" / "data" / "maps" / "homepage-zh.tsv"
    zh_of = dict(reversed(l.split("\t")) for l in mapping.read_text(encoding="utf-8").splitlines()[4:])
    lines = (CHS11 / "labelled_cases.tsv").read_text(encoding="utf-8").splitlines()
    lines[0] = "\t".join(zh_of.get(name, name) for name in lines[0].split("\t"))
    assert lines[0].startswith("病案号\t性别\t")
    path = tmp_path / "homepage.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outs = []
    for cases, extra in ((CHS11 / "labelled_cases.tsv", []), (path, ["--columns", str(mapping)])):
        out = tmp_path / ("g%d.tsv" % len(outs))
        rc = subprocess.run([sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(CHS11), "--cases",
                             str(cases), "--out", str(out), "--keep", "expected_drg", *extra],
                            capture_output=True, text=True)
        assert rc.returncode == 0, rc.stderr
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] and "GC13" in outs[0]


@pytest.mark.skipif(not CHS11.exists(), reason="shared CHS-DRG 1.1 data absent")
def test_cli_keep_every_column(tmp_path):
    """`--keep '*'` copies every column of the file (but case_id) in its order, each row's own values."""
    out = tmp_path / "g.tsv"
    rc = subprocess.run([sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(CHS11), "--cases",
                         str(CHS11 / "labelled_cases.tsv"), "--out", str(out), "--keep", "*"],
                        capture_output=True, text=True)
    assert rc.returncode == 0, rc.stderr
    src = [l.split("\t") for l in (CHS11 / "labelled_cases.tsv").read_text(encoding="utf-8").splitlines()
           if l and not l.startswith("#")]
    got = [l.split("\t") for l in out.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    assert got[0] == src[0][:1] + src[0][1:] + ["mdc", "adrg", "drg", "drg_name", "status"]
    assert [g[:len(src[0])] for g in got[1:]] == [r + [""] * (len(src[0]) - len(r)) for r in src[1:]]


@pytest.mark.skipif(not CHS11.exists(), reason="shared CHS-DRG 1.1 data absent")
def test_cli_misspelt_column_is_an_error(tmp_path):
    """Issue 20: `sdx1` for `sdx` grouped GC13 as GC15 without a word; now it names the column."""
    lines = (CHS11 / "labelled_cases.tsv").read_text(encoding="utf-8").splitlines()
    case = next(l for l in lines if l.startswith("22062109\t"))
    path = tmp_path / "cases.csv"
    path.write_text("# one case\n" + lines[0].replace("\tsdx\t", "\tsdx1\t").replace("\t", ",") + "\n"
                    + case.replace("\t", ",") + "\n", encoding="utf-8")
    rc = subprocess.run([sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(CHS11), "--cases", str(path),
                         "--out", str(tmp_path / "g.tsv"), "--allow", "expected_drg"],
                        capture_output=True, text=True)
    assert rc.returncode != 0
    assert "cases.csv:2:10: sdx1: unknown column (did you mean `sdx`?)" in rc.stderr
    with pytest.raises(yigongti.ParseError) as info:
        ygt_cases.Cases.for_pack(yigongti.Pack.load(CHS11)).load(path, allow=["expected_drg"])
    assert (info.value.line, info.value.column, info.value.field) == (2, 10, "sdx1")
    del info  # its traceback holds the failed batch: free it before the allocator checks


def test_bad_pack(tmp_path):
    with pytest.raises(yigongti.YgtIOError) as info:
        yigongti.Pack.load(tmp_path)
    assert "mdc.tsv" in str(info.value) or "dx_codes.tsv" in str(info.value)
    assert yigongti.allocated_blocks() >= 0


def test_money_columns_through_generic_set_and_get():
    import yigongti
    from yigongti import cases as ygt_cases
    dx = yigongti.Codes("diagnosis")
    px = yigongti.Codes("procedure")
    batch = yigongti.Cases(dx, px)
    col = next(c for c in range(ygt_cases.column_count())
               if ygt_cases.column_type(c) == ygt_cases.TYPE_INT64)
    name = ygt_cases.column_name(col)
    row = batch.append(**{name: 1234567})
    assert batch.get(row, name) == 1234567
    batch.set(row, name, None)
    assert batch.get(row, name) == ygt_cases.NA64


def _pack_contents(pack):
    """Every group's code, name and parent, and every code of both dictionaries."""
    levels = {lv: [(pack.code(lv, i), pack.group_name(lv, i)) for i in range(pack.count(lv))]
              for lv in ("mdc", "adrg", "drg")}
    parents = ([pack.adrg_mdc(i) for i in range(pack.count("adrg"))],
               [pack.drg_adrg(i) for i in range(pack.count("drg"))])
    codes = [[(d.code(i), d.name(i), d.is_grey(i)) for i in range(len(d))]
             for d in (pack.dx_codes, pack.proc_codes)]
    return pack.name, levels, parents, codes, pack.has_map(1), pack.has_map(2)


def test_pack_cache(tmp_path):
    """A compiled cache gives the same pack; a corrupt one is ignored and rewritten."""
    cache = tmp_path / "tiny.cache"
    text = ygt_drg.Pack.load(TINY)
    first = ygt_drg.Pack.load(TINY, cache=cache)
    assert not text.cached and not first.cached and cache.stat().st_size > 0
    again = ygt_drg.Pack.load(TINY, cache=str(cache))
    assert again.cached
    assert _pack_contents(again) == _pack_contents(text)
    good = cache.read_bytes()
    cache.write_bytes(good[:len(good) // 2])
    assert not ygt_drg.Pack.load(TINY, cache=cache).cached
    assert cache.read_bytes() == good
    assert ygt_drg.Pack.load(TINY, cache=cache).cached
    with pytest.raises(yigongti.YgtError):
        ygt_drg.Pack.load(tmp_path / "none", cache=cache)


def test_cli_pack_cache(tmp_path):
    """drg group --pack-cache: the same output with the cache written and with it read."""
    cache = tmp_path / "tiny.cache"
    cases = tmp_path / "cases.tsv"
    cases.write_text("case_id\tsex\tage_years\tpdx\n1\t1\t40\tA00.000\n", encoding="utf-8")
    outs = []
    for run in range(2):
        out = tmp_path / ("g%d.tsv" % run)
        rc = subprocess.run([sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(TINY), "--cases",
                             str(cases), "--out", str(out), "--pack-cache", str(cache)], capture_output=True, text=True)
        assert rc.returncode in (0, 3), rc.stderr
        outs.append(out.read_text(encoding="utf-8"))
    assert cache.stat().st_size > 0 and outs[0] == outs[1]
    assert ygt_drg.Pack.load(TINY, cache=cache).cached
