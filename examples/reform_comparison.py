#!/usr/bin/env python3
"""Two reforms against a fee-for-service baseline on Ninghai: a worked example
of the researchers' tools (``python3 -m yigongti simulate``) from Python.

    python3 examples/reform_comparison.py [--scale 1.0] [--seed 1] [--out DIR]

The scenarios are examples/scenarios/ninghai-two-reforms.json:

- ``baseline-ffs``: every line paid fee for service under the bundle's
  referral rules and reimbursement;
- ``drg-inpatient`` (reform 1): stays paid by the DRG rate method (费率法,
  examples/data/ninghai/drg-rates-reform.tsv), everything else as the baseline;
- ``penalty-40`` (reform 2): out-of-county care without a referral slip
  reimbursed 40 percentage points lower instead of 20.

Every scenario has the same cost response (``"county": {"cost_response":
0.5}``): patients who would pay more out of the county than in it may stay,
so reform 2 moves patients as well as money.

One synthetic Ninghai year is generated per distinct rule set (the same seed
gives the same residents and needs in every scenario), run through payment,
the global budget (budget.json) and the scorecard, and the figures printed
side by side with their change against the baseline.  With ``--out`` the
tables and plots of ``simulate`` are written too.  Every number is computed
by the C library; the bundle's documents are illustrative, so are the
figures.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "bindings" / "python"))

from yigongti.simulate import simulate, write_tables  # noqa: E402

BUNDLE = ROOT / "data" / "ninghai"
SCENARIOS = ROOT / "scenarios" / "ninghai-two-reforms.json"

# (label, how to read it from a Result, unit): money in 10,000 yuan (万元)
FIGURES = [
    ("fund paid (all care)", lambda r: r.summary["fund"], "money"),
    ("  of which out of the county", lambda r: r.summary["fund_out_of_county"], "money"),
    ("patients paid", lambda r: r.summary["patient_paid"], "money"),
    ("what the care was valued at", lambda r: r.summary["amount"], "money"),
    ("revenue: county hospitals", lambda r: _tier(r, "county"), "money"),
    ("revenue: townships", lambda r: _tier(r, "township"), "money"),
    ("revenue: village clinics", lambda r: _tier(r, "village"), "money"),
    ("revenue: out of the county", lambda r: sum(_tier(r, t) for t in ("city", "province", "out_of_area")),
     "money"),
    ("budget balance (+ surplus)", lambda r: r.summary["balance"], "money"),
    ("  surplus kept by communities", lambda r: r.summary["surplus_kept"], "money"),
    ("  overspend borne by communities", lambda r: r.summary["overspend_community"], "money"),
    ("  overspend borne by the fund", lambda r: r.summary["overspend_fund"], "money"),
    ("county visit rate % (县域就诊率)", lambda r: r.summary["county_visit_rate"], "rate"),
    ("primary visit rate % (基层就诊率)", lambda r: r.summary["primary_visit_rate"], "rate"),
    ("fund spent in the county %", lambda r: _indicator(r, "fund_in_county_rate"), "rate"),
    ("county score", lambda r: r.summary["score"], "rate"),
]


def _tier(result, tier):
    return next(t["revenue"] for t in result.tiers if t["tier"] == tier)


def _indicator(result, indicator):
    return next(i["value"] for i in result.indicators if i["indicator"] == indicator)


def _show(value, unit):
    if value is None:
        return "-"
    return "%.1f" % (value / 1e6) if unit == "money" else "%.2f" % value


def _change(value, base, unit):
    if value is None or base is None:
        return ""
    diff = _show(value - base, unit)
    pct = " (%+.1f %%)" % (100.0 * (value - base) / abs(base)) if unit == "money" and base else ""
    return ("+" if value >= base else "") + diff + pct


def comparison_lines(results):
    """The figures of every scenario, the reforms with their change against the first (the baseline)."""
    base = results[0]
    s = base.summary
    lines = ["Ninghai %d, %d residents: %d visits, %d stays, the same in every scenario (money in 万元)"
             % (s["year"], s["residents"], s["visits"], s["stays"])]
    head = ["figure", base.name] + [x for r in results[1:] for x in (r.name, "change")]
    rows = [head]
    for label, get, unit in FIGURES:
        row = [label, _show(get(base), unit)]
        for r in results[1:]:
            row += [_show(get(r), unit), _change(get(r), get(base), unit)]
        rows.append(row)
    widths = [max(_width(row[k]) for row in rows) for k in range(len(head))]
    for row in rows:
        cells = [c + " " * (w - _width(c)) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells))
    return lines


def _width(text):
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=None, help="residents per person of the model (file: 1.0)")
    p.add_argument("--seed", type=int, default=None, help="seed of the synthetic county (file: 1)")
    p.add_argument("--out", help="also write the simulate tables and plots here")
    args = p.parse_args(argv)
    results = simulate(BUNDLE, SCENARIOS, seed=args.seed, scale=args.scale)
    for line in comparison_lines(results):
        print(line)
    if args.out:
        from yigongti.simulate_plots import write_plots
        paths = write_tables(args.out, results) + write_plots(args.out, results)
        print("wrote " + ", ".join(str(Path(x).name) for x in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
