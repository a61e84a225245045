"""Real inputs (issue 20): the settlement-list upload (4101 JSON), 病案首页 exports with Chinese headers
(CSV, xlsx) or HQMS pinyin ids load into the same case batch as the plain case file and group and settle
to the same results through the CLI; malformed variants fail with the exact message of doc/formats/exports.md."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti.cases import Cases, builtin_maps, column_count, column_name

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "real"
ZHUHAI = ROOT / "examples" / "data" / "zhuhai"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
ICD = SHARED / "icd"
CHS11 = SHARED / "chs-drg-1.1"
need_icd = pytest.mark.skipif(not ICD.exists(), reason="missing shared data: %s" % ICD)
need_chs = pytest.mark.skipif(not CHS11.exists(), reason="missing shared data: %s" % CHS11)


@pytest.fixture(scope="module")
def dicts():
    if not ICD.exists():
        pytest.skip("missing shared data: %s" % ICD)
    return (yigongti.Codes.load(str(ICD / "icd10_yibao_v2.0.tsv"), kind="diagnosis"),
            yigongti.Codes.load(str(ICD / "icd9cm3_yibao_v2.0.tsv"), kind="procedure"))


def _rows(dicts, path, map=None):  # noqa: A002
    cases = Cases(*dicts).load(path, map=map)
    assert cases.problems() == []
    return [{column_name(k): cases.get(r, k) for k in range(column_count())} for r in range(len(cases))]


def xlsx():
    """The committed xlsx sheet of homepage-zh.csv (cells typed: dates, numbers; make_fixtures.py)."""
    pytest.importorskip("openpyxl")
    return REAL / "homepage-zh.xlsx"


def test_the_xlsx_fixture_holds_typed_cells():
    openpyxl = pytest.importorskip("openpyxl")
    rows = list(openpyxl.load_workbook(xlsx(), read_only=True).worksheets[0].iter_rows(values_only=True))
    types = {type(v).__name__ for row in rows[1:] for v in row}
    assert {"datetime", "float", "int", "str"} <= types and len(rows) == 13


def test_builtin_maps():
    assert builtin_maps() == ["4101", "hqms", "zh"]


def test_every_layout_loads_the_plain_batch(dicts, tmp_path):
    plain = _rows(dicts, REAL / "cases-12.tsv")
    assert len(plain) == 12 and any(r["vent_hours"] == 37 for r in plain)
    assert _rows(dicts, REAL / "settlement-4101.json") == plain
    assert _rows(dicts, REAL / "homepage-zh.csv", map="zh") == plain
    assert _rows(dicts, xlsx(), map="zh") == plain
    hqms = _rows(dicts, REAL / "homepage-hqms.tsv", map="hqms")
    grouped = ("case_id", "sex", "age_years", "los_days", "leaving_type", "transfer_to", "pdx", "sdx", "procs",
               "institution", "admit_date", "discharge_date", "total_cost", "insurance", "adm_cond", "coma_before_min")
    assert any(r["coma_before_min"] == 1590 for r in plain) and all(r["adm_cond"] for r in plain)
    assert [{k: r[k] for k in grouped} for r in hqms] == [{k: r[k] for k in grouped} for r in plain]


def test_gbk_export_fails_with_the_hint(dicts):
    with pytest.raises(yigongti.ParseError) as info:
        Cases(*dicts).load(REAL / "homepage-zh-gbk.csv", map="zh")
    assert "the file looks like GBK: convert it to UTF-8 (iconv -f GBK -t UTF-8)" in info.value.message
    assert info.value.line == 1


def _one(dicts, tmp_path, text, name="c.tsv", map=None):  # noqa: A002
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Cases(*dicts).load(path, map=map)


@pytest.mark.parametrize("text,column,value", [
    ("2024-01-10", "admit_date", 20240110), ("2024/1/10", "admit_date", 20240110),
    ("2024-01-10 08:30:00", "admit_date", 20240110), ("20240110", "admit_date", 20240110),
    ("2024年1月10日", "admit_date", 20240110), ("２０２４－０１－１０", "admit_date", 20240110),
    ("1/13/24", "vent_hours", 37), ("0/95/0", "vent_hours", None), ("3/23/59", "vent_hours", 95),
    ("96", "vent_hours", 96), ("1/13/24", "coma_before_min", 2244), ("１２", "age_years", 12),
    ("１,２３４.５", "total_cost", 123450), ("2024-02-30", "admit_date", None), ("45.0", "age_years", 45),
    ("45.5", "age_years", None), ("3200.0", "admit_weight_g", 3200),
])
def test_value_spellings(dicts, tmp_path, text, column, value):
    cases = _one(dicts, tmp_path, "pdx\t%s\nI10.x00\t%s\n" % (column, text))
    if value is None:
        assert cases.row_flags(0) == 1 and column in cases.row_message(0)
    else:
        assert cases.get(0, column) == value and cases.row_flags(0) == 0


def test_user_map_with_list_columns(dicts, tmp_path):
    m = tmp_path / "map.tsv"
    m.write_text("column\tfield\nZD\tpdx\nQT1\tsdx\nQT2\tsdx\nNAME\t-\nBQ*\t-\n", encoding="utf-8")
    cases = Cases(*dicts).load(_write(tmp_path, "ZD\tQT1\tNAME\tQT2\tBQ1\nI10.x00\tE11.900\t张三\tJ44.100\t1\n"),
                               map=str(m))
    assert [dicts[0].code(i) for i in cases.get(0, "sdx")] == ["E11.900", "J44.100"]
    with pytest.raises(yigongti.ParseError) as info:
        Cases(*dicts).load(_write(tmp_path, "ZD\tZD2\nI10.x00\t1\n"), map=str(m))
    assert info.value.message.startswith("%s:1:2: ZD2: unknown column (known: case_id, sex" % (tmp_path / "x.tsv"))
    many = tmp_path / "many.tsv"
    many.write_text("column\tfield\nZD\tpdx\nQT*\tsdx\n", encoding="utf-8")
    header = "\t".join(["ZD"] + ["QT%d" % i for i in range(65)])
    with pytest.raises(yigongti.LimitError) as info:
        Cases(*dicts).load(_write(tmp_path, header + "\n"), map=str(many))
    assert info.value.message.endswith("sdx: more than 64 columns for one list")
    with pytest.raises(yigongti.NotFoundError) as info:
        Cases(*dicts).use_map("hqsm")
    assert "did you mean `hqms`?" in info.value.message


def _write(tmp_path, text, name="x.tsv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# The malformed variants of a record and the exact error each gets (doc/formats/exports.md).
BAD_4101 = [
    ('[{"setlinfo": {"setl_id": "A", "gendr": "1"}}]', yigongti.ParseError,
     "x.json:1: record 1: setlinfo.gendr: unknown key (did you mean `gend`?)"),
    ('[{"setlinfo": {"setl_id": "A"}},\n {"setlinfo": {}, "diseinfo": [{"diag_cod": "I10.x00"}]}]',
     yigongti.ParseError, "x.json:2: record 2: diseinfo[0].diag_cod: unknown key (did you mean `diag_code`?)"),
    ('{"setlinfo": {"setl_id": "A"}, "diseinfo": {"diag_code": "I10.x00"}}', yigongti.ParseError,
     "x.json:1: record 1: diseinfo: not an array"),
    ('[{"setlinfo": {"setl_id": "A", "gend": true}}]', yigongti.ParseError,
     "x.json:1: record 1: setlinfo.gend: not a string or a number"),
    ('{"setlinfo": {"setl_id": "A"}, "extra": 1}', yigongti.ParseError, "x.json:1: record 1: extra: unknown key"),
    ('[{"diseinfo": []}]', yigongti.ParseError, "x.json:1: record 1: setlinfo: missing (every record has one)"),
    ('[{"setlinfo": {"setl_id": "A"}}] x', yigongti.ParseError, "x.json:1: text after the array of records"),
    ('[{"setlinfo": {"setl_id": "A"}},\n{"setlinfo": {"setl_id": "B"}', yigongti.ParseError,
     "x.json:2: the array of records does not end"),
    ('[{"setlinfo": {"setl_id": "A"}},\n{"setlinfo": {"setl_id": "A"}}]', yigongti.ExistsError,
     "x.json:2: case_id: case id 'A' is given twice (also line 1)"),
    ('[{"setlinfo": {"setl_id": "A",\n "age": 5, "age": 6}}]', yigongti.ParseError,
     "x.json:2:16: duplicate object key near '\"age\"'"),
]


@pytest.mark.parametrize("text,exc,message", BAD_4101)
def test_malformed_4101_records(dicts, tmp_path, text, exc, message):
    path = _write(tmp_path, text, "x.json")
    cases = Cases(*dicts)
    with pytest.raises(exc) as info:
        cases.load(path)
    assert str(info.value.message).replace(str(tmp_path) + "/", "").endswith(message)
    assert len(cases) == 0  # nothing of a failed load stays


BAD_ROWS = [
    ('{"setlinfo": {"setl_id": "A", "vent_used_dura": "1/25/00"}}',
     "x.json:1: vent_hours: not an integer (hours) or D/H/M (天/时/分): '1/25/00'"),
    ('[{"setlinfo": {"setl_id": "A"}, "diseinfo": [{"diag_code": "I10.x00", "maindiag_flag": "1"},\n'
     ' {"diag_code": "E11.900", "maindiag_flag": 1}]}]',
     "x.json:1: record 1: diseinfo[1]: a second diagnosis with maindiag_flag 1"),
    ('[{"setlinfo": {"setl_id": "A"}, "diseinfo": [{"diag_code": "I10.x00", "maindiag_flag": "0"}]}]',
     "x.json:1: record 1: diseinfo: no diagnosis with maindiag_flag 1"),
    ('[{"setlinfo": {"setl_id": "A", "medfee_sumamt": 12.345}}]',
     "x.json:1: total_cost: not an amount in yuan (>= 0, two decimals): '12.345000000000001'"),
    ('[{"setlinfo": {"setl_id": "A"}, "icuinfo": [{"scs_cutd_sum_dura": "2 days"}]}]',
     "x.json:1: icu_hours: not an integer (hours) or D/H/M (天/时/分): '2 days'"),
]


@pytest.mark.parametrize("text,message", BAD_ROWS)
def test_malformed_4101_values_are_row_problems(dicts, tmp_path, text, message):
    cases = Cases(*dicts).load(_write(tmp_path, text, "x.json"))
    assert len(cases) == 1 and cases.row_flags(0) == 1
    assert cases.row_message(0).replace(str(tmp_path) + "/", "") == message


def test_a_record_over_the_json_cap(dicts, tmp_path):
    item = '{"med_chrgitm": "%s", "amt": "1.00"}' % ("x" * 200)
    big = '[{"setlinfo": {"setl_id": "A"}},\n{"setlinfo": {"setl_id": "B"}, "iteminfo": [%s]}]' % ",".join(
        [item] * 6000)
    with pytest.raises(yigongti.LimitError) as info:
        Cases(*dicts).load(_write(tmp_path, big, "x.json"))
    assert info.value.message.endswith("x.json:2: JSON record is larger than the limit of 1048576 bytes")


def test_many_records_beyond_the_json_cap(dicts, tmp_path):
    rec = ('{"setlinfo": {"setl_id": "S%d", "gend": "1", "age": 40, "medfee_sumamt": "1,000.00"},'
           ' "diseinfo": [{"diag_type": "1", "diag_code": "I10.x00", "maindiag_flag": "1"}]}')
    path = _write(tmp_path, "[" + ",\n".join(rec % i for i in range(12000)) + "]", "x.json")
    assert path.stat().st_size > 1 << 20
    cases = Cases(*dicts).load(path)
    assert len(cases) == 12000 and cases.row_line(11999) == 12000 and cases.get(5, "total_cost") == 100000


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "yigongti", *args], capture_output=True, text=True, cwd=ROOT)


def _inputs(tmp_path):
    return [[str(REAL / "settlement-4101.json")], [str(REAL / "homepage-zh.csv"), "--map", "zh"],
            [str(xlsx()), "--map", "zh"]]


@need_chs
def test_drg_group_cli_same_results(tmp_path):
    def group(args, name):
        out = tmp_path / name
        rc = _cli("drg", "group", "--pack", str(CHS11), "--cases", *args, "--out", str(out))
        assert rc.returncode == 0, rc.stderr
        return out.read_text(encoding="utf-8")
    plain = group([str(REAL / "cases-12.tsv")], "plain.tsv")
    assert plain.count("\tOK") >= 10
    for i, args in enumerate(_inputs(tmp_path) + [[str(REAL / "homepage-hqms.tsv"), "--map", "hqms"]]):
        assert group(args, "g%d.tsv" % i) == plain


@need_icd
def test_dip_settle_cli_same_results(tmp_path):
    def settle(args, name):
        out = tmp_path / name
        rc = _cli("dip", "settle", "--catalog", str(ZHUHAI / "dip-catalogue.tsv"), "--params",
                  str(ZHUHAI / "dip-params.json"), "--cases", *args, "--out", str(out))
        assert rc.returncode == 0, rc.stderr
        rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
        return rc.stdout, [r[:1] + r[2:] for r in rows]  # `line` is each file's own line
    plain = settle([str(REAL / "cases-12.tsv")], "plain.tsv")
    assert "total\t12\t12\t" in plain[0]
    for i, args in enumerate(_inputs(tmp_path)):
        assert settle(args, "d%d.tsv" % i) == plain


def test_keep_needs_a_table(tmp_path):
    rc = _cli("drg", "group", "--pack", str(CHS11), "--cases", str(REAL / "settlement-4101.json"), "--keep", "x",
              "--out", str(tmp_path / "o.tsv"))
    assert rc.returncode == 2 and "--keep copies columns of a TSV/CSV file" in rc.stderr


def test_exports_doc_lists_every_builtin_name():
    """doc/formats/exports.md names every header of the built-in maps and every known 4101 key."""
    doc = (ROOT / "doc" / "formats" / "exports.md").read_text(encoding="utf-8")
    names = re.findall(r'\{"([^"]+)", (?:NOT_READ|"[^"]+")\}', (ROOT / "src" / "cases_maps.c").read_text(
        encoding="utf-8"))
    keys = re.findall(r'"([a-z_0-9]+)"', (ROOT / "src" / "cases_4101_keys.c").read_text(encoding="utf-8"))
    assert len(names) > 100 and len(keys) > 100
    keys = [k for k in keys if k not in ("record", "envelope")]  # the key check's own part names
    missing = [n for n in names if "`%s`" % n not in doc] + [k for k in keys if k not in doc]
    assert missing == []


@need_icd
def test_dip_settle_exits_3_when_rows_have_problems(tmp_path):
    """The output is complete (each case with its status) and the exit status says some rows were not clean."""
    text = (REAL / "cases-12.tsv").read_text(encoding="utf-8").replace("\tZH-H03\t", "\tZH-X99\t", 1)
    cases = _write(tmp_path, text, "cases.tsv")
    out = tmp_path / "d.tsv"
    rc = _cli("dip", "settle", "--catalog", str(ZHUHAI / "dip-catalogue.tsv"), "--params",
              str(ZHUHAI / "dip-params.json"), "--cases", str(cases), "--out", str(out))
    assert rc.returncode == 3
    assert "cases.tsv:5: institution: unknown code 'ZH-X99'" in rc.stderr
    assert "yigongti: 1 of 12 cases have problems (in %s with their status; exit status 3)" % out in rc.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 14 and "\tinvalid\t" in rows[3]


@need_icd
def test_dip_settle_keeps_columns_and_names_the_group(tmp_path):
    out = tmp_path / "d.tsv"
    rc = _cli("dip", "settle", "--catalog", str(ZHUHAI / "dip-catalogue.tsv"), "--params",
              str(ZHUHAI / "dip-params.json"), "--cases", str(REAL / "homepage-zh.csv"), "--map", "zh",
              "--keep", "姓名,病案号", "--out", str(out))
    assert rc.returncode == 0, rc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].split("\t")[:7] == ["case_id", "姓名", "病案号", "line", "institution", "group", "group_name"]
    first = lines[2].split("\t")
    assert first[:5] == ["ZH-00001", "患者1", "ZH-00001", "2", "ZH-H08"] and first[6]


NINGHAI = ROOT / "examples" / "data" / "ninghai"
_TO_NINGHAI = {"ZH-H02": "NH-H01", "ZH-H03": "NH-H02", "ZH-H05": "NH-H03", "ZH-H06": "NH-H04", "ZH-H07": "NH-T01",
               "ZH-H08": "NH-T02", "ZH-H09": "NH-R01", "ZH-R01": "NH-R03"}


def _in_ninghai(text):
    return re.sub(r"ZH-[HR]0[0-9]", lambda m: _TO_NINGHAI[m.group(0)], text)


def _scheme_file(tmp_path, plain, groups):
    """The scheme's own case file for the plain batch: its rows with the DRG the pack gave each."""
    header, *rows = [line.split("\t") for line in plain.splitlines() if not line.startswith("#")]
    drg = {g[0]: g[3] for g in (line.split("\t") for line in groups.splitlines()[1:])}
    col = {name: header.index(name) for name in header}
    out = ["case_id\tinstitution\tinsurance\tdischarge_date\tlos_days\tleaving_type\ttotal_cost\tself_paid\tgroup"]
    out += ["\t".join([r[col[n]] for n in ("case_id", "institution", "insurance", "discharge_date", "los_days",
                                            "leaving_type", "total_cost", "self_paid")] + [drg[r[0]]]) for r in rows]
    path = tmp_path / "scheme-cases.tsv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@need_chs
def test_settle_a_vendor_export_as_the_schemes_own_file(tmp_path):
    """`settle --map 4101 --pack` (Ninghai's point method): the 4101 records, grouped by the pack, settle to
    the fen as the scheme's own case file with the same stays and groups; the stay at 华山医院 (out of the
    province) is left to fee for service."""
    plain = tmp_path / "plain.tsv"
    plain.write_text(_in_ninghai((REAL / "cases-12.tsv").read_text(encoding="utf-8")), encoding="utf-8")
    export = tmp_path / "records.json"
    export.write_text(_in_ninghai((REAL / "settlement-4101.json").read_text(encoding="utf-8")), encoding="utf-8")
    groups = tmp_path / "groups.tsv"
    assert _cli("drg", "group", "--pack", str(CHS11), "--cases", str(plain), "--out", str(groups)).returncode == 0

    def settle(args, name):
        trace = tmp_path / (name + ".trace")
        rc = _cli("settle", "--bundle", str(NINGHAI), "--out", str(tmp_path / name), "--trace", str(trace),
                  "--cases", *args)
        assert rc.returncode == 0, rc.stderr
        return rc.stdout, (tmp_path / name).read_text(encoding="utf-8"), trace.read_text(encoding="utf-8")
    own = settle([str(_scheme_file(tmp_path, plain.read_text(encoding="utf-8"), groups.read_text("utf-8")))], "a")
    vendor = settle([str(export), "--map", "4101", "--pack", str(CHS11)], "b")
    assert vendor[0] == own[0] and vendor[2] == own[2]  # the summary and the per-case traces
    assert own[2].count("units x") >= 5

    def without_names(text):  # the pack names the vendor's groups; the scheme's own file has no names
        rows = [x.split("\t") for x in text.splitlines() if not x.startswith("#")]
        k = rows[0].index("group_name")
        return [r[:k] + r[k + 1:] for r in rows], [r[k] for r in rows[1:]]
    assert without_names(vendor[1])[0] == without_names(own[1])[0]
    rows, names = without_names(vendor[1])
    group = rows[0].index("group")
    assert any(names) and all(n or r[group] in ("", "0000") for n, r in zip(names, rows[1:]))  # 0000: ungrouped
    assert not any(without_names(own[1])[1])
    assert "inpatient (points, 12 cases)" in own[0]
    assert re.search(r"^ZH-\d+\tinpatient\tpoints\t\w+\t\texcluded\tout_of_area\t0.00\t0.00$", own[1], re.M)


@need_chs
def test_settle_a_vendor_export_needs_map_and_pack_and_a_grouped_line(tmp_path):
    rc = _cli("settle", "--bundle", str(NINGHAI), "--out", str(tmp_path / "o"), "--cases",
              str(REAL / "settlement-4101.json"), "--map", "4101")
    assert rc.returncode != 0 and "needs both --map and --pack" in rc.stderr
    rc = _cli("settle", "--bundle", str(ZHUHAI), "--out", str(tmp_path / "o"), "--cases",
              str(REAL / "settlement-4101.json"), "--map", "4101", "--pack", str(CHS11))
    assert rc.returncode == 2 and "method 'dip' needs the diagnosis and procedure dictionaries" in rc.stderr
    rc = _cli("settle", "--bundle", str(NINGHAI), "--out", str(tmp_path / "o"), "--cases",
              str(REAL / "settlement-4101.json"), "--map", "4101", "--pack", str(CHS11))
    assert rc.returncode != 0 and "'ZH-H08' is not in the bundle's model" in rc.stderr
