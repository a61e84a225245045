"""PNG plots of ``python3 -m yigongti simulate`` (matplotlib, Agg backend).

Each plot compares the scenarios of one run (a list of
:class:`yigongti.simulate.Result`); labels are ASCII (scenario names and
indicator ids) so that the default fonts draw them.  Amounts are plotted
in million yuan.
"""
import os

PANEL_INDICATORS = ("county_visit_rate", "primary_visit_rate", "fund_in_county_rate", "fund_primary_rate",
                    "down_up_ratio")
BALANCE_PARTS = (("surplus_kept", 1, "surplus kept by the community", "#2e7d32"),
                 ("surplus_to_fund", 1, "surplus returned to the fund", "#a5d6a7"),
                 ("overspend_fund", -1, "overspend borne by the fund", "#ffb74d"),
                 ("overspend_community", -1, "overspend borne by the community", "#c62828"))


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _million(fen):
    return (fen or 0) / 1e8


def _names(results):
    return [r.name for r in results]


def _save(plt, fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return path


def _scenario_axis(ax, results):
    ax.set_xticks(range(len(results)))
    ax.set_xticklabels(_names(results), rotation=25, ha="right", fontsize=8)


def revenue_by_tier(plt, path, results):
    """Grouped bars: per tier (groups), the revenue of its institutions under each scenario (bars)."""
    revenue = [{t["tier"]: t["revenue"] for t in r.tiers} for r in results]
    tiers = [t["tier"] for t in results[0].tiers if any(rev[t["tier"]] for rev in revenue)]
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(results)
    for s, r in enumerate(results):
        xs = [k + (s - (len(results) - 1) / 2) * width for k in range(len(tiers))]
        ax.bar(xs, [_million(revenue[s][t]) for t in tiers], width, label=r.name)
    ax.set_xticks(range(len(tiers)))
    ax.set_xticklabels(tiers)
    ax.set_ylabel("revenue (million yuan): fund + patients")
    ax.set_title("Revenue per tier by scenario")
    ax.legend(fontsize=8)
    return _save(plt, fig, path)


def fund_balance(plt, path, results):
    """Per scenario: the budget balance (dot) and who keeps the surplus or bears the overspend (stacked bars)."""
    fig, ax = plt.subplots(figsize=(11, 5))
    xs = range(len(results))
    up, down = [0.0] * len(results), [0.0] * len(results)
    for key, sign, label, colour in BALANCE_PARTS:
        vals = [_million(r.summary.get(key)) for r in results]
        base = up if sign > 0 else down
        heights = [sign * v for v in vals]
        ax.bar(xs, heights, 0.6, bottom=list(base), label=label, color=colour)
        for k, h in enumerate(heights):
            base[k] += h
    balance = [_million(r.summary.get("balance")) for r in results]
    ax.plot(xs, balance, "ko", label="balance (budget - actual)")
    ax.axhline(0, color="black", linewidth=0.8)
    # stacked bars pin the autoscale to their edges: pad the limits by hand
    lo, hi = min(down + balance + [0.0]), max(up + balance + [0.0])
    pad = 0.08 * (hi - lo or 1.0)
    ax.set_ylim(lo - pad, hi + pad)
    _scenario_axis(ax, results)
    ax.set_ylabel("million yuan")
    ax.set_title("Global budget: balance and its sharing")
    if all(r.summary.get("budget") is None for r in results):
        ax.text(0.5, 0.5, "no budget in the bundle", transform=ax.transAxes, ha="center")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(plt, fig, path)


def _indicator(result, indicator, key="value"):
    """A column (value, target, unit) of an indicator's row of a result, None when absent."""
    for row in result.indicators:
        if row["indicator"] == indicator:
            return row[key]
    return None


def _value(result, indicator):
    return _indicator(result, indicator)


def primary_share(plt, path, results):
    """Per scenario: 基层就诊率 (primary_visit_rate) and 县域就诊率 (county_visit_rate), with their targets."""
    fig, ax = plt.subplots(figsize=(9, 5))
    xs = list(range(len(results)))
    for offset, ind, colour in ((-0.2, "primary_visit_rate", "#1565c0"), (0.2, "county_visit_rate", "#90caf9")):
        bars = ax.bar([x + offset for x in xs], [_value(r, ind) or 0 for r in results], 0.4, label=ind,
                      color=colour)
        ax.bar_label(bars, fmt="%.1f", fontsize=7)
        target = _indicator(results[0], ind, "target")
        if target is not None:
            ax.axhline(target, color=colour, linestyle="--", linewidth=1, label="%s target %g %%" % (ind, target))
    _scenario_axis(ax, results)
    ax.set_ylim(0, 125)
    ax.set_ylabel("%")
    ax.set_title("Primary-care share of out-patient visits and care inside the county")
    ax.legend(fontsize=8, loc="upper center", ncol=2)
    return _save(plt, fig, path)


def indicator_panel(plt, path, results):
    """Small multiples: key indicators and the county score, one bar per scenario."""
    shown = [i for i in PANEL_INDICATORS if _indicator(results[0], i, "indicator")]
    panels = [(i, [_value(r, i) for r in results], _unit(results[0], i)) for i in shown]
    panels.append(("county score", [r.summary.get("score") for r in results], "points"))
    cols = 3
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(12, 3.6 * rows), squeeze=False)
    for ax, (title, values, unit) in zip(axes.flat, panels):
        bars = ax.bar(range(len(results)), [v if v is not None else 0 for v in values], color="#5c6bc0")
        ax.bar_label(bars, fmt="%.4g", fontsize=7)
        ax.margins(y=0.15)
        _scenario_axis(ax, results)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(unit, fontsize=8)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle("Key indicators by scenario")
    return _save(plt, fig, path)


def _unit(result, indicator):
    """The unit when the default fonts can draw it (%, count, ratio)."""
    unit = _indicator(result, indicator, "unit") or ""
    return unit if unit.isascii() else ""


PLOTS = (("revenue_by_tier.png", revenue_by_tier), ("fund_balance.png", fund_balance),
         ("primary_share.png", primary_share), ("indicators.png", indicator_panel))


def write_plots(out_dir, results):
    """Write every plot into ``out_dir``; returns their paths."""
    plt = _pyplot()
    os.makedirs(out_dir, exist_ok=True)
    return [func(plt, os.path.join(out_dir, name), results) for name, func in PLOTS]
