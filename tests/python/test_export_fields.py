"""入院病情 per diagnosis (adm_cond), the institution's level from the file and its check against the
model, and the translated fields of the built-in maps (YLFKFS, ipt_med_type, coma in three columns)."""
from pathlib import Path

import pytest

import yigongti
from yigongti import cases as C
from yigongti.cases import Cases
from yigongti.dip import resolve_institutions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dicts():
    dx, proc = yigongti.Codes(kind="diagnosis"), yigongti.Codes(kind="procedure")
    for code in ("I10.x00", "E11.900", "J44.100"):
        dx.add(code)
    return dx, proc


def _load(dicts, tmp_path, text, name="x.tsv", map=None):  # noqa: A002
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, Cases(*dicts).load(path, map=map)


def test_adm_cond_is_stored_parallel_to_the_diagnoses(dicts, tmp_path):
    path, cases = _load(dicts, tmp_path, "pdx\tsdx\tadm_cond\nI10.x00\tE11.900|J44.100\t有|４|临床未确定\n"
                                         "I10.x00\tE11.900\t1\nI10.x00\t\t无\n")
    assert cases.get(0, C.ADM_COND) == "1|4|2" and cases.get(2, "adm_cond") == "4"
    assert cases.problems() == [(1, 3, C.ROW_MALFORMED, "%s:3: adm_cond: 1 flags for 2 diagnoses (pdx and sdx)" % path)]


def test_adm_cond_of_the_hqms_columns_and_4101(dicts, tmp_path):
    _, cases = _load(dicts, tmp_path, "BAH\tJBDM\tRYBQ\tJBDM1\tRYBQ1\nA\tI10.x00\t3\tE11.900\t4\n", map="hqms")
    assert cases.get(0, "adm_cond") == "3|4"
    record = ('{"setlinfo": {"setl_id": "A"}, "diseinfo": [{"diag_code": "E11.900", "adm_cond_type": "4"},'
              ' {"diag_code": "I10.x00", "maindiag_flag": "1", "adm_cond_type": "1"}]}')
    _, cases = _load(dicts, tmp_path, record, name="x.json")
    assert cases.get(0, "adm_cond") == "1|4"


def test_level_is_checked_against_the_model(dicts, tmp_path):
    model = yigongti.Model.load(str(ROOT / "examples" / "data" / "zhuhai"))
    path, cases = _load(dicts, tmp_path, "case_id\tpdx\tinstitution\tlevel\nA\tI10.x00\tZH-H03\t三甲\n"
                                         "B\tI10.x00\tZH-H07\t三级甲等\nC\tI10.x00\tZH-H09\t二级甲等\n")
    assert cases.get(0, C.LEVEL) == 7 and cases.get(2, "level") == 4
    assert resolve_institutions(cases, model) == 0
    # ZH-H09 is rated "2" without a grade: 二级甲等 agrees; ZH-H07 is 2A, not 三级甲等.
    assert [(r, f) for r, _, f, _ in cases.problems()] == [(1, C.ROW_LEVEL_MISMATCH)]
    assert cases.row_message(1) == "%s:3: level: '3A' but the model rates institution 'ZH-H07' '2A'" % path
    cases.append(pdx="I10.x00", level="二级")
    assert cases.get(3, "level") == 2


def test_translated_fields(dicts, tmp_path):
    path, cases = _load(dicts, tmp_path, "BAH\tJBDM\tYLFKFS\tRYH_T\tRYH_XS\tRYH_F\nA\tI10.x00\t2\t0\t1\t5\n"
                                         "B\tI10.x00\t9\t\t\t\nC\tI10.x00\t0\t\t\t\n", map="hqms")
    assert cases.get(0, "insurance") == 1 and cases.get(0, "coma_after_min") == 65
    assert cases.get(1, "insurance") == C.NA  # 9 其他: known, not a basic insurance
    assert cases.row_flags(1) == 0
    assert cases.problems() == [(2, 4, C.ROW_MALFORMED,
                                 "%s:4: insurance/ylfkfs: unknown code (see doc/formats/exports.md): '0'" % path)]
    _, cases = _load(dicts, tmp_path, '{"setlinfo": {"setl_id": "A", "ipt_med_type": "2"}}', name="x.json")
    assert cases.get(0, "day_surgery") == 1


def test_plain_and_translated_column_is_an_error(dicts, tmp_path):
    with pytest.raises(yigongti.ParseError) as info:
        _load(dicts, tmp_path, "pdx\tday_surgery\tday_surgery/ipt_med_type\nI10.x00\t1\t2\n")
    assert "the field is also given untranslated (column 2, 'day_surgery'); keep one" in info.value.message


def test_dip_settle_names_a_level_the_model_does_not_give(tmp_path):
    """The file says 三级甲等 for ZH-H08 (2A in the zhuhai model): the case is a row problem, exit 3."""
    import os
    import subprocess
    import sys
    shared = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not (shared / "icd").exists():
        pytest.skip("missing shared data: %s" % (shared / "icd"))
    zhuhai = ROOT / "examples" / "data" / "zhuhai"
    lines = [t for t in (zhuhai / "dip-cases.tsv").read_text(encoding="utf-8").splitlines() if not t.startswith("#")]
    levels = ["level", "三级甲等", "三甲"]  # ZH-00001 at ZH-H08 (2A), ZH-00002 at ZH-H03 (3A)
    cases = tmp_path / "c.tsv"
    cases.write_text("".join("%s\t%s\n" % (t, v) for t, v in zip(lines[:3], levels)), encoding="utf-8")
    rc = subprocess.run([sys.executable, "-m", "yigongti", "dip", "settle", "--catalog",
                         str(zhuhai / "dip-catalogue.tsv"), "--params", str(zhuhai / "dip-params.json"), "--cases",
                         str(cases), "--out", str(tmp_path / "d.tsv")], capture_output=True, text=True)
    assert rc.returncode == 3, rc.stderr
    assert "%s:2: level: '3A' but the model rates institution 'ZH-H08' '2A'" % cases in rc.stderr
    out = (tmp_path / "d.tsv").read_text(encoding="utf-8").splitlines()
    assert out[2].split("\t")[0] == "ZH-00001" and "row_problem" in out[2] and "row_problem" not in out[3]
