"""Code dictionaries and sets from Python."""
import os
from pathlib import Path

import pytest

import yigongti
from yigongti import codes as ygt_codes

SHARED = Path(os.environ.get("YGT_SHARED_DATA", "../shared/data"))


@pytest.fixture
def dx():
    d = yigongti.Codes("diagnosis")
    for code, name in [("I63.900", "脑梗死"), ("I21.900", "急性心肌梗死"),
                       ("I20.000", "不稳定性心绞痛"), ("I63.900x001", "脑梗死恢复期"),
                       ("A01.002+G01*", "伤寒脑膜炎"), ("O80.000", "单胎顺产")]:
        d.add(code, name)
    yield d
    d.close()


def test_normalize():
    assert yigongti.normalize(" k35.800X001 ") == "K35.800x001"
    assert yigongti.normalize("A01.002\u2020G01") == "A01.002+G01*"
    assert yigongti.normalize("\uff29\uff16\uff13\uff0e\uff19\uff10\uff10") == "I63.900"
    with pytest.raises(yigongti.InvalidArgumentError):
        yigongti.normalize("脑梗死")


def test_dictionary(dx):
    assert len(dx) == 6
    assert dx.kind == "diagnosis"
    assert dx.id("i63.900") == 0
    assert dx.id("Z99.999") is None
    assert "I21.900" in dx and "I21.901" not in dx
    assert dx.code(3) == "I63.900x001"
    assert dx.name(1) == "急性心肌梗死"
    assert dx.ids(["O80.000", "nope", None]) == [5, ygt_codes.UNKNOWN_ID, ygt_codes.UNKNOWN_ID]
    with pytest.raises(IndexError):
        dx.code(6)
    with pytest.raises(yigongti.ExistsError) as info:
        dx.add("I63.900")
    assert "I63.900" in info.value.message


def test_grey(dx, tmp_path):
    assert not dx.is_grey(0)
    dx.set_grey(0)
    assert dx.is_grey(0)
    grey = tmp_path / "grey.tsv"
    grey.write_text("code\nI21.900\nZ99.999\n", encoding="utf-8")
    with pytest.raises(yigongti.NotFoundError) as info:
        dx.load_grey(grey)
    assert info.value.line == 3 and info.value.field == "code"
    assert not dx.is_grey(1)  # nothing applied


def test_load_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("code\tname\nI63.900\tA\nI63.900\tB\n", encoding="utf-8")
    with pytest.raises(yigongti.ExistsError) as info:
        yigongti.Codes.load(bad)
    assert info.value.source == str(bad) and info.value.line == 3
    with pytest.raises(yigongti.YgtIOError):
        yigongti.Codes.load(tmp_path / "missing.tsv")
    with pytest.raises(ValueError):
        yigongti.Codes("organ")


def test_code_sets(dx):
    s = yigongti.CodeSet(dx, "I*, !I63.900x001")
    assert sorted(dx.code(i) for i in s) == ["I20.000", "I21.900", "I63.900"]
    assert "I63.900" in s and "I63.900x001" not in s and "Z99" not in s
    assert len(s) == 3
    s.add("O*").add_id(dx.id("I63.900x001"))
    assert len(s) == 5
    other = yigongti.CodeSet(dx, "I2*")
    s.subtract(other)
    assert len(s) == 3
    s.union(other)
    assert len(s) == 5
    assert s.same_dictionary(dx)
    with pytest.raises(yigongti.NotFoundError) as info:
        yigongti.CodeSet(dx, "I63.900 I63.999")
    assert info.value.column == 9 and info.value.field == "I63.999"


def test_numpy_columns(dx):
    np = pytest.importorskip("numpy")
    ids = dx.ids_array(["I63.900", "O80.000", "bad", "I20.000"])
    assert ids.dtype == np.int32
    assert list(ids) == [0, 5, ygt_codes.UNKNOWN_ID, 2]
    s = yigongti.CodeSet(dx, "I*")
    assert list(s.has_many(ids)) == [True, False, False, True]


def test_national_list_and_grey():
    path = SHARED / "icd" / "icd10_yibao_v2.0.tsv"
    if not path.exists():
        pytest.skip("missing shared data: %s" % path)
    dx = yigongti.Codes.load(path, grey=SHARED / "icd" / "icd10_yibao_v2.0_grey.tsv")
    assert len(dx) == 33307
    assert dx.is_grey(dx.id("A00.000")) and not dx.is_grey(dx.id("A00.000x001"))
    stroke = yigongti.CodeSet(dx, "I60-I64")
    assert dx.id("I63.900") in stroke
    dx.close()
    dx.close()  # closing twice is harmless


def test_load_cached(tmp_path):
    """A compiled cache gives the same dictionary; a corrupt one is ignored and rewritten."""
    source = Path(__file__).resolve().parents[2] / "tests" / "data" / "drg" / "tiny" / "dx_codes.tsv"
    listed = tmp_path / "dx.tsv"
    listed.write_bytes(source.read_bytes())
    cache = tmp_path / "dx.cache"
    text = ygt_codes.Codes.load(listed)
    first = ygt_codes.Codes.load(listed, cache=cache)
    good = cache.read_bytes()
    again = ygt_codes.Codes.load(str(listed), cache=str(cache))
    for d in (first, again):
        assert [(d.code(i), d.name(i), d.is_grey(i)) for i in range(len(d))] == \
            [(text.code(i), text.name(i), text.is_grey(i)) for i in range(len(text))]
    again.add("Z99.999x999", "新")
    assert again.id("Z99.999x999") == len(text)
    cache.write_bytes(good[: len(good) // 3])
    assert len(ygt_codes.Codes.load(listed, cache=cache)) == len(text)
    assert cache.read_bytes() == good
    with pytest.raises(yigongti.YgtError):
        ygt_codes.Codes.load(tmp_path / "none.tsv", cache=cache)
