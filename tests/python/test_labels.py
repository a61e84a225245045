"""The one table of accepted spellings (labels.h) from Python: the C parser
behind labels.parse, the DataFrame batch, the file loader and the payment
helpers agree, and an unknown spelling names its row and field."""
import pytest

import yigongti
from yigongti import dip, labels, payment
from yigongti.errors import NotFoundError

EMPLOYEE = ["employee", "职工", "职工医保", "职工基本医疗保险", "0", "310"]
RESIDENT = ["resident", "居民", "居民医保", "城乡居民基本医疗保险", "1", "390"]


def test_parse_through_the_c_table():
    for s in EMPLOYEE:
        assert labels.parse(labels.INSURANCE, s) == 0 == dip._insurance(s)
    for s in RESIDENT:
        assert labels.parse(labels.INSURANCE, s) == 1 == dip._insurance(s)
    assert labels.parse(labels.LEVEL, "三甲") == payment.level("3A") == payment.level("三级甲等") == 7
    assert labels.parse(labels.SEX, "男") == 1 and labels.parse(labels.SETTING, "日间手术") == 2
    assert labels.spellings(labels.INSURANCE)["居民"] == 1
    assert all(dip.INSURANCE_TYPES[k] == v for k, v in labels.spellings(labels.INSURANCE).items())
    with pytest.raises(NotFoundError, match="unknown insurance type '农合'"):
        labels.parse(labels.INSURANCE, "农合")


def _codes():
    dx, proc = yigongti.Codes("diagnosis"), yigongti.Codes("procedure")
    dx.add("A00.000")
    return dx, proc


def test_dataframe_and_file_load_the_same_values(tmp_path):
    pd = pytest.importorskip("pandas")
    dx, proc = _codes()
    model = yigongti.Model.load(str(__import__("pathlib").Path(__file__).resolve().parents[2] / "examples" / "data" / "zhuhai"))
    spellings = EMPLOYEE + RESIDENT
    sexes = ["男", "1", "male", "男", "1", "男", "女", "2", "female", "女", "2", "女"]
    df = pd.DataFrame({"pdx": ["A00.000"] * 12, "insurance": spellings, "sex": sexes})
    batch = dip.batch_from_dataframe(dx, proc, df, model)
    path = tmp_path / "c.tsv"
    path.write_text("pdx\tinsurance\tsex\n" + "".join("A00.000\t%s\t%s\n" % r for r in zip(spellings, sexes)),
                    encoding="utf-8")
    loaded = yigongti.Cases(dx, proc)
    loaded.load(str(path))
    for row in range(12):
        want = 0 if row < 6 else 1
        assert batch.get(row, "insurance") == loaded.get(row, "insurance") == want
        assert batch.get(row, "sex") == loaded.get(row, "sex") == want + 1
        assert loaded.row_flags(row) == 0
    for h in (batch, loaded, model, dx, proc):
        h.close()


def test_unknown_spelling_names_row_and_field():
    pd = pytest.importorskip("pandas")
    dx, proc = _codes()
    df = pd.DataFrame({"pdx": ["A00.000", "A00.000"], "insurance": ["职工", "农合"]})
    with pytest.raises(NotFoundError) as err:
        dip.batch_from_dataframe(dx, proc, df, None)
    assert err.value.field == "insurance" and "row 1" in str(err.value) and "农合" in str(err.value)
    dx.close()
    proc.close()
    assert yigongti.allocated_blocks() == 0


def test_budget_and_model_helpers_take_spellings():
    from yigongti import budget
    from yigongti.model import INSURANCES, LEVELS, TIERS
    assert budget._ins("职工") == 0 and budget._ins("居民医保") == 1 and budget._ins(None) == -1
    assert INSURANCES.value("居民") == 1 and LEVELS.value("三甲") == 7 and TIERS.value("县级") == 2
