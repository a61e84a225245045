"""Several years of a bundle (``python3 -m yigongti years``): each year generated once with the bundle's
settings for that year (county.json: volumes and behaviour change as its trends say), the year before it
as the base of its growth indicators; from the reform year on, paid under the scheme and settled against
a global budget that is each year based on the year before (budget.json's ``next_year`` rule: the ratchet).

>>> rows = run_years("examples/data/linxiang", 2022, 2026, reform=2024, scale=0.1)
>>> [(r["year"], round(r["fund_outflow_rate"], 1), r["budget"], r["balance"]) for r in rows]

The reform year's first budget is the bundle's budget rule applied to the year before the reform (a
settlement of that fee-for-service year against the budget, as if it had been in force), so that
``"base": "actual"`` starts from the last actual spending, as seed 000 says (以上一年度实际发生数为基数).
A reform that starts in the middle of a year (Linxiang: 2024-07) is counted from that year's start.
"""
import json
import math
import sys

from . import cli
from .budget import Budget
from .year import Bundle, Year

INDICATORS = ("fund_outflow_rate", "county_visit_rate", "county_visit_rate_stays", "primary_visit_rate")
BUDGET = ("budget", "actual", "balance", "surplus_kept", "surplus_fund", "over_fund", "over_community")


def _budget_of_year(bundle, year, scale):
    """The bundle's budget file as if it were for ``year`` (its rules; its amounts × scale)."""
    data = json.loads((bundle.path / "budget.json").read_text(encoding="utf-8"))
    data["year"] = year
    b = Budget.parse(bundle.model, json.dumps(data, ensure_ascii=False), str(bundle.path / "budget.json"))
    return b.scaled(scale) if scale != 1 else b


def _first_budget(bundle, reform, before, scale):
    """The reform year's budget: the year before settled against the budget's rules, then next_year."""
    shadow = _budget_of_year(bundle, reform - 1, scale)
    return shadow.next(shadow.settle(before.encounters, rules=bundle.rules))


def _row(bundle, y, scale):
    row = {"year": y.year}
    row.update({k: v for k, v in y.total().items() if k in ("visits", "stays", "cost", "fund")})
    values = y.indicator_values
    for k in INDICATORS:
        v, status = values.get(k)
        row[k] = v if status == "ok" else math.nan
    report = y.budget_report
    community = report.community() if report is not None else {}
    row.update({k: community.get(k, 0) for k in BUDGET})
    table = bundle.targets.table(y, scale) if bundle.targets is not None else []
    row["targets"] = "%d/%d" % (sum(t["within"] for t in table), len(table)) if table else ""
    return row


def _seed_of(seed, year, last):
    return seed + (last - year)  # the last year gets the seed, each earlier one the next (as county_year)


def _next_budget(bundle, budget, report, scale):
    """Next year's budget by the file's next_year rule; without one, the same file a year later (no ratchet)."""
    from .errors import NotFoundError
    try:
        return budget.next(report)
    except NotFoundError:
        return _budget_of_year(bundle, budget.year + 1, scale)


def run_years(bundle, first, last, reform=None, seed=1, scale=1.0, casemix=None):
    """One row (a dict) per year ``first`` .. ``last``: totals, indicators, budget figures (fen), targets met."""
    b = bundle if isinstance(bundle, Bundle) else Bundle(bundle, casemix)
    reform = b.year if reform is None else reform
    prev_county = b.county(first - 1, _seed_of(seed, first - 1, last), scale)
    prev_year = Year.run(b.model, prev_county, indicators=b.indicators)
    budget, rows = None, []
    for year in range(first, last + 1):
        county = b.county(year, _seed_of(seed, year, last), scale)
        reformed = reform is not None and year >= reform
        if reformed and budget is None and b.budget is not None:
            budget = _first_budget(b, year, prev_year, scale)
        y = Year.run(b.model, county, previous=prev_county, scheme=b.scheme if reformed else None, budget=budget,
                     indicators=b.indicators, scorecard=b.scorecard, inputs=b.inputs, targets=b.targets,
                     population_scale=scale)
        y.check()  # a broken account is a bug, never a result
        rows.append(_row(b, y, scale))
        if budget is not None:
            budget = _next_budget(b, budget, y.budget_report, scale)
        prev_county, prev_year = county, y
    return rows


COLUMNS = [("year", "year", "%4d"), ("visits", "visits", "%9d"), ("stays", "stays", "%7d"),
           ("fund", "fund (yuan)", "%14s"), ("fund_outflow_rate", "out %", "%6.1f"),
           ("county_visit_rate_stays", "stays in %", "%10.1f"), ("primary_visit_rate", "primary %", "%9.1f"),
           ("budget", "budget (yuan)", "%14s"), ("actual", "actual (yuan)", "%14s"),
           ("balance", "balance (yuan)", "%14s"), ("targets", "targets met", "%11s")]


def _yuan(fen):
    return "{:,}".format(int(fen) // 100) if fen else "--"


def print_table(rows, out=None):
    """The rows as a fixed-width table (on ``out``, default stdout); money in yuan (truncated), "--" for no
    budget."""
    out = out or sys.stdout
    widths = [max(len(title), len(fmt % 0) if "s" not in fmt else 14) for _, title, fmt in COLUMNS]
    print("  ".join(title.rjust(w) for (_, title, _), w in zip(COLUMNS, widths)), file=out)
    for r in rows:
        cells = []
        for (key, _, fmt), w in zip(COLUMNS, widths):
            v = r[key]
            text = _yuan(v) if key in ("fund",) + BUDGET else (fmt % v if not (isinstance(v, float) and math.isnan(v)) else "n/a")
            cells.append(text.rjust(w))
        print("  ".join(cells), file=out)


def plot(rows, path, title):
    """Outflow, stays in the county and primary care (%) and budget against actual (yuan) over the years."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    years = [r["year"] for r in rows]
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    for key, label in (("fund_outflow_rate", "fund spent out of the county"), ("county_visit_rate_stays", "stays in the county"),
                       ("primary_visit_rate", "visits at primary care")):
        a.plot(years, [r[key] for r in rows], marker="o", label=label)
    a.set_ylabel("%")
    a.legend(fontsize=8)
    for key, label in (("budget", "global budget"), ("actual", "spending charged to it")):
        b.plot(years, [r[key] / 100 if r[key] else math.nan for r in rows], marker="o", label=label)
    b.set_ylabel("yuan")
    b.legend(fontsize=8)
    for ax in (a, b):
        ax.set_xticks(years)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _cmd(args):
    rows = run_years(args.bundle, args.first, args.last, reform=args.reform, seed=args.seed, scale=args.scale,
                     casemix=args.casemix)
    print_table(rows)
    if args.csv:
        import csv
        with open(args.csv, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    if args.plot:
        plot(rows, args.plot, "%s %d-%d (seed %d, scale %g)" % (args.bundle, args.first, args.last, args.seed, args.scale))
    return 0


def _year_arg(text):
    if not text.isdigit() or not 1901 <= int(text) <= 9999:
        raise cli.argparse.ArgumentTypeError("a year 1901..9999, not %r" % text)
    return int(text)


def register(subparsers):
    """Add ``years`` to the command line."""
    p = subparsers.add_parser("years", help="run a bundle over several years (budgets based on the year before)",
                              description="Several synthetic years of a bundle: its county.json for each year, "
                                          "fee for service before the reform year, then its scheme and a global "
                                          "budget based each year on the year before (budget.json next_year).")
    p.add_argument("--bundle", required=True, help="bundle directory")
    p.add_argument("--from", dest="first", type=_year_arg, required=True, help="first year")
    p.add_argument("--to", dest="last", type=_year_arg, required=True, help="last year")
    p.add_argument("--reform", type=_year_arg, help="first year of the scheme and the budget (default: the bundle's year)")
    p.add_argument("--seed", type=cli.seed_arg, default=1, help="seed of the last year; each earlier year gets the next")
    p.add_argument("--scale", type=cli.scale_arg, default=1.0, help="population scale, in (0, 100] (default 1.0)")
    p.add_argument("--casemix", help="case mix (default BUNDLE/../casemix.tsv)")
    p.add_argument("--csv", help="write the rows to this CSV file (money in fen)")
    p.add_argument("--plot", help="write a PNG of the years to this file (needs matplotlib)")
    p.set_defaults(func=_cmd)


cli.subcommand(register)
