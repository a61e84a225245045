"""``dip settle --trace``: every case's amount and fund payment recomputed from the trace's numbers alone
(score units, the point value in fen, the rounding rule, the patients' share) equal the settlement's, and
the traced amounts add up to the total the command prints."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ZHUHAI = ROOT / "examples" / "data" / "zhuhai"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", ROOT.parent / "shared" / "data"))


def round_half_away(x):
    i = int(x)
    frac = x - i
    return i + (frac >= 0.5) - (frac <= -0.5)


def _settle(tmp_path, cases):
    if not (SHARED / "icd").exists():
        pytest.skip("missing shared data: %s" % (SHARED / "icd"))
    out, trace = tmp_path / "d.tsv", tmp_path / "t.tsv"
    rc = subprocess.run([sys.executable, "-m", "yigongti", "dip", "settle", "--catalog",
                         str(ZHUHAI / "dip-catalogue.tsv"), "--params", str(ZHUHAI / "dip-params.json"), "--cases", str(cases), "--out", str(out),
                         "--trace", str(trace)], capture_output=True, text=True, env=dict(os.environ))
    assert rc.returncode == 0, rc.stderr
    lines = trace.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# DIP settlement trace: amount_fen = round_half_away(")
    header = lines[1].split("\t")
    return rc.stdout, [dict(zip(header, line.split("\t"))) for line in lines[2:]]


def _yuan(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


@pytest.mark.parametrize("cases", [ZHUHAI / "dip-cases.tsv", ROOT / "tests" / "data" / "real" / "settlement-4101.json"])
def test_amounts_recompute_from_the_trace(tmp_path, cases):
    stdout, rows = _settle(tmp_path, cases)
    total, priced, fund = 0, 0, 0
    for row in rows:
        amount = int(row["amount_fen"])
        if row["status"] != "ok":
            assert amount == 0 and row["price_trace"].startswith("not priced (%s)" % row["status"])
            continue
        units, pv = int(row["score_units"]), float(row["point_value_fen"])
        assert round_half_away(units * pv / 1000000) == amount, row
        share = int(row["patient_share_fen"] or 0)
        assert amount - share == int(row["fund_fen"])
        assert row["score_trace"].endswith("= %d units" % units)
        assert ("amount %d fen" % amount) in row["price_trace"]
        total += amount
        fund += amount - share
        priced += 1
    assert priced >= 0.9 * len(rows) and priced > 10
    last = stdout.strip().splitlines()[-1].split("\t")
    assert last[0] == "total" and last[6] == _yuan(total) and last[7] == _yuan(fund)


def test_price_explain_through_the_api(tmp_path):
    import yigongti
    from yigongti.cases import Cases
    from yigongti import dip
    from yigongti.price_trace import patient_share, price_explain, trace_rows
    if not (SHARED / "icd").exists():
        pytest.skip("missing shared data: %s" % (SHARED / "icd"))
    dx = yigongti.Codes.load(str(SHARED / "icd" / "icd10_yibao_v2.0.tsv"), kind="diagnosis")
    proc = yigongti.Codes.load(str(SHARED / "icd" / "icd9cm3_yibao_v2.0.tsv"), kind="procedure")
    model = yigongti.Model.load(str(ZHUHAI))
    cases = dip.load_cases(dx, proc, ZHUHAI / "dip-cases.tsv", model)
    engine = dip.Engine(dip.Catalog.load(dx, proc, str(ZHUHAI / "dip-catalogue.tsv")),
                        dip.Params.load(str(ZHUHAI / "dip-params.json")), model)
    r = dip.settle(engine, cases, numpy=False)
    rows = list(trace_rows(r, cases, engine))
    assert len(rows) == len(cases)
    assert patient_share(cases, 0) == rows[0]["patient_share_fen"]
    text = price_explain(r.values, cases, 0, 1000000, 0)
    assert text.startswith("%s: 1000000 units x " % rows[0]["insurance"])
    assert r.values.point_value_fen("employee") == pytest.approx(r.values.point_value("employee") * 100)
