"""``settle --trace`` and ``--keep`` (yigongti.scheme_trace, ygt_scheme_result_explain): every stay's amount
is recomputed from the trace's own numbers -- points and DIP from score units and the point value in fen
plus the fen the line moved to the fen, DRG rates from the four decimals of the standard and the outlier
test, per diem from the bands, fee for service from the cost -- and the trace's amounts add up to the
settlement's output; kept columns come back as the input has them."""
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from yigongti.scheme import Scheme

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
BUNDLES = [("ninghai", "scheme.json"), ("ninghai", "scheme-cases.json"), ("chunan", "scheme.json")]


def settle(tmp_path, bundle, scheme, *extra):
    out, trace = tmp_path / "out.tsv", tmp_path / "trace.tsv"
    subprocess.run([sys.executable, "-m", "yigongti", "settle", "--bundle", str(DATA / bundle), "--scheme", scheme,
                    "--out", str(out), "--trace", str(trace), *extra], check=True, capture_output=True)
    return table(out), table(trace)


def table(path):
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, x.split("\t"))) for x in lines[1:]]


def half_away(x):
    return int(Decimal(repr(x)).to_integral_value(ROUND_HALF_UP)) if x >= 0 else -half_away(-x)


def point_valued(row):
    moved = re.search(r"to the fen ([+-]\d+) fen", row["trace"])
    priced = half_away(int(row["score_units"]) * float(row["point_value_fen"]) / 1e6)
    return priced + (int(moved.group(1)) if moved else 0)


def drg(row):
    f = re.search(r"RW (\S+) x level adjustment (\S+) x institution coefficient (\S+) x base rate (\S+) yuan = "
                  r"standard (\d+) fen", row["trace"]).groups()
    exact = Decimal(f[0]) * Decimal(f[1]) * Decimal(f[2]) * Decimal(f[3]) * 100
    assert int(exact.to_integral_value(ROUND_HALF_UP)) == int(f[4]), row
    return int(row["cost_fen"]) if "the cost)" in row["trace"] else int(f[4])


def perdiem(row):
    bands = re.findall(r"days (\d+)-(\d+): (\d+) x (\d+) fen", row["trace"])
    assert bands, row
    assert all(int(n) == int(b) - int(a) + 1 for a, b, n, _ in bands)
    return sum(int(n) * int(rate) for _, _, n, rate in bands)


RECOMPUTE = {"points": point_valued, "dip": point_valued, "drg": drg, "perdiem": perdiem,
             "ffs": lambda row: int(row["cost_fen"])}


@pytest.mark.parametrize("bundle,scheme", BUNDLES)
def test_every_amount_recomputes_from_the_trace(tmp_path, bundle, scheme):
    out, trace = settle(tmp_path, bundle, scheme)
    assert [r["case_id"] for r in trace] == [r["case_id"] for r in out]
    settled = 0
    for row, o in zip(trace, out):
        if row["status"] != "ok":
            assert row["amount_fen"] in ("", "0"), row
            continue
        settled += 1
        assert RECOMPUTE[row["method"]](row) == int(row["amount_fen"]), row
        assert "amount %s fen" % row["amount_fen"] in row["trace"]
        amount_yuan = Decimal(o["amount_yuan"]) * 100
        assert int(amount_yuan) == int(row["amount_fen"])
    assert settled >= 5


def test_the_fen_moved_to_the_fen_are_few(tmp_path):
    """Ninghai's scheme.json pays the fund base to the fen: some stays move one fen, none more."""
    _, trace = settle(tmp_path, "ninghai", "scheme.json")
    moved = [int(m.group(1)) for r in trace for m in [re.search(r"to the fen ([+-]\d+)", r["trace"])] if m]
    assert moved and all(abs(m) == 1 for m in moved)


def test_keep_copies_the_input_columns(tmp_path):
    cases = tmp_path / "cases.tsv"
    src = (DATA / "chunan" / "payment-cases.tsv").read_text(encoding="utf-8").splitlines()
    body = [x for x in src if not x.startswith("#")]
    cases.write_text("\n".join([body[0] + "\tward"] + ["%s\tW%d" % (x, k) for k, x in enumerate(body[1:])]) + "\n",
                     encoding="utf-8")
    out, _ = settle(tmp_path, "chunan", "scheme.json", "--cases", str(cases), "--keep", "ward,patient")
    assert list(out[0])[:3] == ["case_id", "ward", "patient"]
    head = body[0].split("\t")
    want = {dict(zip(head, x.split("\t")))["case_id"]: "W%d" % k for k, x in enumerate(body[1:])}
    assert len(out) == len(want) and all(want[r["case_id"]] == r["ward"] for r in out)
    every, _ = settle(tmp_path, "chunan", "scheme.json", "--cases", str(cases), "--keep", "*")
    own = [h for h in head + ["ward"] if h not in ("case_id", "line", "group")]  # the output writes line and group itself
    assert list(every[0]) == ["case_id"] + own + ["line", "method", "group", "group_name", "status", "reason",
                                                  "amount_yuan", "fund_yuan"]
    assert all(want[r["case_id"]] == r["ward"] for r in every)
    bad = subprocess.run([sys.executable, "-m", "yigongti", "settle", "--bundle", str(DATA / "chunan"), "--cases",
                          str(cases), "--out", str(tmp_path / "x.tsv")], capture_output=True, text=True)
    assert bad.returncode != 0 and "ward" in bad.stderr


def test_explain_needs_a_settled_result():
    """A year's result (borrowed from the year, no input kept) cannot be explained; a settled one can."""
    from yigongti.year import run_bundle
    y = run_bundle(DATA / "ninghai", seed=3, scale=0.01, previous=False)
    with pytest.raises(ValueError, match="Scheme.settle"):
        y.scheme_result.explain(0)
    scheme = Scheme(DATA / "chunan" / "scheme.json")
    assert scheme.settle().stay_units().size == 0
