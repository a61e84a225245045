"""Strict tables from Python (issue 20): the tables Python reads itself (yigongti.tables, the settle case
file) fail as the C reader does, with file, line and field; the C-read tables (DIP cases) give the same
"did you mean" through the binding; the CLI exits non-zero with the message on stderr."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import tables
from yigongti.scheme_cases import read_cases

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
NINGHAI = DATA / "ninghai"
CASES = (NINGHAI / "payment-cases.tsv").read_text(encoding="utf-8")
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="module")
def model():
    return yigongti.Model.load(NINGHAI)


def _file(tmp_path, text, name="cases.tsv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _fails(exc_class, fn, *args):
    with pytest.raises(exc_class) as info:
        fn(*args)
    err = info.value
    del info  # the traceback holds C objects; free them before the allocator checks
    return err


def test_closest_name_is_the_c_rule():
    assert tables.closest_name("sdx1", ["pdx", "sdx", "los_days"]) == "sdx"
    assert tables.closest_name("co_insurance", ["coinsurance", "fund_paid"]) == "coinsurance"
    assert tables.closest_name("ward", ["pdx", "sdx"]) is None


def test_reader_rules(tmp_path):
    path = _file(tmp_path, "# c\n\ncase_id\ttotal_cost\nA\t1.00\n# x\nB\t2.00\n")
    header, rows = tables.read(path, known=("case_id", "total_cost"))
    assert header == ["case_id", "total_cost"]
    assert [line for line, _ in rows] == [4, 6]  # the file's own lines
    err = _fails(yigongti.ParseError, tables.read, path, ("case_id", "total_cost", "self_paid"), ("self_paid",))
    assert (err.line, err.field) == (3, "self_paid") and "required column is missing" in err.message
    csv_path = _file(tmp_path, 'case_id,totl_cost\n"a\nb",1\n', name="x.csv")
    err = _fails(yigongti.ParseError, tables.read, csv_path, ("case_id", "total_cost"))
    assert str(err) == "%s:1:2: totl_cost: unknown column (did you mean `total_cost`?)" % csv_path
    _, rows = tables.read(csv_path, ("case_id",), allow=("totl_*",))
    assert rows == [(2, {"case_id": "a\nb", "totl_cost": "1"})]
    dup = _file(tmp_path, "case_id\tline\tcase_id\n")
    err = _fails(yigongti.ParseError, tables.read, dup, ("case_id", "line"))
    assert (err.line, err.column, err.field) == (1, 3, "case_id") and "appears twice (also column 1)" in err.message
    remarks = _file(tmp_path, "case_id\tnote\tnote_ward\nA\tchecked\t3\n")
    assert tables.read(remarks, ("case_id",))[1] == [(2, {"case_id": "A", "note": "checked", "note_ward": "3"})]
    trailing = _file(tmp_path, "case_id\t\nA\t\nB\tx\n")
    err = _fails(yigongti.ParseError, tables.read, trailing, ("case_id",))
    assert (err.line, err.column) == (3, 2) and "field 2 has no column in the header (2 columns)" in err.message
    wide = _file(tmp_path, "case_id\nA\t\nB\tx\n")
    err = _fails(yigongti.ParseError, tables.read, wide, ("case_id",))
    assert (err.line, err.column) == (3, 2) and "no column in the header" in err.message


def test_gbk_file_gets_a_hint(tmp_path, model):
    gbk = _file(tmp_path, CASES.replace("NH-002\t", "内科-002\t"), encoding="gbk")
    err = _fails(yigongti.ParseError, read_cases, gbk, model)
    assert (err.line, err.column, err.field) == (5, 1, "case_id")
    assert "invalid UTF-8 byte" in err.message and "looks like GBK" in err.message
    latin = _file(tmp_path, CASES.replace("NH-002\t", "NH-002\xff\t"), encoding="latin-1")
    err = _fails(yigongti.ParseError, read_cases, latin, model)
    assert "invalid UTF-8 byte 0xFF" in err.message and "GBK" not in err.message


@pytest.mark.parametrize("edit, exc, line, field, fragment", [
    (lambda t: t.replace("\t11800.00\t", "\t-11800.00\t"), yigongti.RangeError, 4, "total_cost",
     "negative amount -11800.00"),
    (lambda t: t.replace("\t1200.00\t", "\t12x\t", 1), yigongti.ParseError, 4, "self_paid", "not an amount"),
    (lambda t: t.replace("NH-002\t1\t", "NH-001\t1\t"), yigongti.ExistsError, 5, "case_id",
     "case id 'NH-001' is given twice (also line 4)"),
    (lambda t: t.replace("\tNH-H02\tresident\t2024-02-03", "\tNH-X99\tresident\t2024-02-03"),
     yigongti.NotFoundError, 6, "institution", "unknown institution 'NH-X99'"),
    (lambda t: t.replace("\tresident\t2024-02-03", "\tresidnt\t2024-02-03"), yigongti.ParseError, 6, "insurance",
     "residnt"),
    (lambda t: t.replace("\tself_paid\t", "\tself_payed\t"), yigongti.ParseError, 3, "self_payed",
     "did you mean `self_paid`?"),
    (lambda t: t.replace("\tinstitution\t", "\tinst\t"), yigongti.ParseError, 3, "institution",
     "required column is missing"),
    (lambda t: t.replace("\t8\t1\t11800.00", "\teight\t1\t11800.00"), yigongti.ParseError, 4, "los_days",
     "not a whole number"),
    (lambda t: t.replace("2024-01-10", "2024/01/10"), yigongti.ParseError, 4, "discharge_date", "not a date"),
    (lambda t: t.replace("\tinpatient\t", "\tinpatinet\t", 1), yigongti.ParseError, 4, "line",
     "did you mean `inpatient`?"),
])
def test_settle_case_file_errors(tmp_path, model, edit, exc, line, field, fragment):
    text = edit(CASES)
    assert text != CASES
    err = _fails(exc, read_cases, _file(tmp_path, text), model)
    assert (err.line, err.field) == (line, field), str(err)
    assert fragment in err.message and str(tmp_path) in err.message


def test_thousands_separators(tmp_path, model):
    rows = read_cases(_file(tmp_path, CASES.replace("\t52000.00\t", "\t52,000.00\t")), model)
    assert [r["_cost"] for r in rows["inpatient"] if r["case_id"] == "NH-005"] == [5200000]
    err = _fails(yigongti.ParseError, read_cases, _file(tmp_path, CASES.replace("\t52000.00\t", "\t5,20,00.00\t")),
                 model)
    assert (err.line, err.field) == (8, "total_cost")


def test_settle_reads_the_shipped_files(model):
    rows = read_cases(NINGHAI / "payment-cases.tsv", model)
    first = rows["inpatient"][0]
    assert (first["_line"], first["_cost"], first["_self"], first["_date"]) == (4, 1180000, 120000, 20240110)
    assert first["_inst"] == model.find_institution("NH-H01")
    chunan = read_cases(DATA / "chunan" / "payment-cases.tsv", yigongti.Model.load(DATA / "chunan"))
    assert sum(len(v) for v in chunan.values()) == 13


def test_c_read_tables_through_the_binding(tmp_path):
    """The C readers' strictness reaches Python as exceptions carrying the place."""
    model = yigongti.Model.load(DATA / "zhuhai")
    path = _file(tmp_path, "name\tscope\tperiod\tvalue\nx\tcounty\t2023\t1\n# again\nx\tcounty\t2023\t2\n",
                 name="inputs.tsv")
    err = _fails(yigongti.ExistsError, yigongti.Inputs().load, model, path)
    assert (err.line, err.field) == (4, "name") and "also line 2" in err.message
    path = _file(tmp_path, "name\tscope\tperoid\tvalue\n", name="inputs2.tsv")
    err = _fails(yigongti.ParseError, yigongti.Inputs().load, model, path)
    assert str(err).endswith("inputs2.tsv:1:3: period: required column is missing from the header "
                             "(column 3, `peroid`, is close: a misspelling?)")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "yigongti", *args], capture_output=True, text=True)


def test_settle_cli_refuses_a_negative_cost(tmp_path):
    path = _file(tmp_path, CASES.replace("\t11800.00\t", "\t-11800.00\t"))
    out = tmp_path / "out.tsv"
    rc = _cli("settle", "--bundle", str(NINGHAI), "--cases", str(path), "--out", str(out))
    assert rc.returncode == 1
    assert "cases.tsv:4:8: total_cost: negative amount -11800.00" in rc.stderr
    assert not out.exists()


MAP = DATA / "maps" / "homepage-zh.tsv"


def _chinese(text):
    """The case file with its header in the map's Chinese names."""
    names = {}
    for line in MAP.read_text(encoding="utf-8").splitlines()[4:]:
        column, field = line.split("\t")
        names[field] = column
    lines = text.splitlines()
    k = next(i for i, l in enumerate(lines) if not l.startswith("#"))
    lines[k] = "\t".join(names[f] for f in lines[k].split("\t"))
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(not (SHARED / "icd").exists(), reason="shared ICD lists absent")
def test_dip_settle_with_chinese_headers(tmp_path):
    """A file with Chinese headers settles to the same fen as the file with the case-file names."""
    text = (DATA / "zhuhai" / "dip-cases.tsv").read_text(encoding="utf-8")
    zh = _file(tmp_path, _chinese(text), name="zh.tsv")
    assert "主要诊断编码" in zh.read_text(encoding="utf-8")
    args = ["dip", "settle", "--catalog", str(DATA / "zhuhai" / "dip-catalogue.tsv"),
            "--params", str(DATA / "zhuhai" / "dip-params.json")]
    plain = _cli(*args, "--cases", str(DATA / "zhuhai" / "dip-cases.tsv"), "--out", str(tmp_path / "a.tsv"))
    mapped = _cli(*args, "--cases", str(zh), "--columns", str(MAP), "--out", str(tmp_path / "b.tsv"))
    assert plain.returncode == 0 and mapped.returncode == 0, mapped.stderr
    assert plain.stdout == mapped.stdout and "35405431.96" in plain.stdout
    assert (tmp_path / "a.tsv").read_text() == (tmp_path / "b.tsv").read_text()
    unmapped = _cli(*args, "--cases", str(zh), "--out", str(tmp_path / "c.tsv"))
    assert unmapped.returncode == 1 and "pdx: required column is missing" in unmapped.stderr


def test_settle_with_its_own_headers(tmp_path, model):
    """settle --columns: the ninghai case file with Chinese headers settles to the same output."""
    mapping = _file(tmp_path, "column\tfield\n病案号\tcase_id\n医疗机构编码\tinstitution\n总费用\ttotal_cost\n"
                              "全自费\tself_paid\n", name="map.tsv")
    zh = CASES.replace("case_id\tpatient\tinstitution\t", "病案号\tpatient\t医疗机构编码\t").replace(
        "\ttotal_cost\tself_paid\t", "\t总费用\t全自费\t")
    path = _file(tmp_path, zh, name="zh.tsv")
    assert read_cases(path, model, columns=mapping) == read_cases(NINGHAI / "payment-cases.tsv", model)
    outs = [_cli("settle", "--bundle", str(NINGHAI), "--out", str(tmp_path / "a.tsv")),
            _cli("settle", "--bundle", str(NINGHAI), "--cases", str(path), "--columns", str(mapping),
                 "--out", str(tmp_path / "b.tsv"))]
    assert [o.returncode for o in outs] == [0, 0] and outs[0].stdout == outs[1].stdout
    assert (tmp_path / "a.tsv").read_text() == (tmp_path / "b.tsv").read_text()
    err = _fails(yigongti.ParseError, read_cases, path, model)
    assert err.field == "institution" and "required column is missing" in err.message
    bad = _file(tmp_path, "column\tfield\n总费用\ttotal_cots\n", name="bad.tsv")
    err = _fails(yigongti.ParseError, read_cases, path, model, bad)
    assert (err.line, err.field) == (2, "field") and "did you mean `total_cost`?" in err.message
    twice = _file(tmp_path, "column\tfield\n病案号\tcase_id\n病案号\tpatient\n", name="twice.tsv")
    err = _fails(yigongti.ExistsError, read_cases, path, model, twice)
    assert (err.line, err.field) == (3, "column")
    clash = _file(tmp_path, "column\tfield\n医疗机构编码\tinstitution\npatient\tcase_id\n病案号\tcase_id\n",
                  name="clash.tsv")
    err = _fails(yigongti.ParseError, read_cases, path, model, clash)
    assert "column appears twice" in err.message


def test_cases_column_map_errors(tmp_path):
    bad = _file(tmp_path, "column\tfield\n总费用\ttotal_cots\n", name="map.tsv")
    batch = yigongti.Cases(yigongti.Codes("diagnosis"), yigongti.Codes("procedure"))
    err = _fails(yigongti.ParseError, batch.map_columns, bad)
    assert (err.line, err.field) == (2, "field") and "did you mean `total_cost`?" in err.message


@pytest.mark.skipif(not (SHARED / "icd").exists(), reason="shared ICD lists absent")
def test_dip_settle_misspelt_column(tmp_path):
    text = (DATA / "zhuhai" / "dip-cases.tsv").read_text(encoding="utf-8")
    path = _file(tmp_path, text.replace("\tcoinsurance\t", "\tco_insurance\t"), name="dip.tsv")
    rc = _cli("dip", "settle", "--catalog", str(DATA / "zhuhai" / "dip-catalogue.tsv"), "--cases", str(path),
              "--params", str(DATA / "zhuhai" / "dip-params.json"), "--out", str(tmp_path / "d.tsv"))
    assert rc.returncode == 1
    assert "dip.tsv:3:19: co_insurance: unknown column (did you mean `coinsurance`?)" in rc.stderr
