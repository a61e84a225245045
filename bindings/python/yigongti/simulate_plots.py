"""PNG plots of ``python3 -m yigongti simulate`` (matplotlib, Agg backend).

Each plot compares the scenarios of one run (a list of
:class:`yigongti.simulate.Result`) and names the county, year, seed and scale
under its title (and in the PNG's Title/Description text).  Indicators are
labelled with their Chinese names when a CJK font is installed, with their ids
otherwise (plot_style).  Shares are drawn on axes zoomed to the values, and the
indicator panel shows each scenario's difference against the first (the
baseline), because differences under 1 % vanish on a 0-100 % axis.  Amounts
are plotted in million yuan.
"""
import os

from .plot_style import context_line, label, use_cjk_font, zoom_limits

PANEL_INDICATORS = ("county_visit_rate", "primary_visit_rate", "fund_in_county_rate", "fund_primary_rate",
                    "down_up_ratio")
BALANCE_PARTS = (("surplus_kept", 1, "surplus kept by the community", "#2e7d32"),
                 ("surplus_to_fund", 1, "surplus returned to the fund", "#a5d6a7"),
                 ("overspend_fund", -1, "overspend borne by the fund", "#ffb74d"),
                 ("overspend_community", -1, "overspend borne by the community", "#c62828"))


def _pyplot():
    """pyplot on the Agg backend, and whether it can draw Chinese."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt, use_cjk_font(matplotlib)


def _million(fen):
    return (fen or 0) / 1e8


def _names(results):
    return [r.name for r in results]


def _save(plt, fig, path, title, style):
    """Title the figure with the run's context under it, and write it (the same text in the PNG)."""
    fig.suptitle("%s\n%s" % (title, style["context"]), fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None, "Title": title, "Description": style["context"]})
    plt.close(fig)
    return path


def _scenario_axis(ax, results):
    ax.set_xticks(range(len(results)))
    ax.set_xticklabels(_names(results), rotation=25, ha="right", fontsize=8)


def revenue_by_tier(plt, path, results, style):
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
    ax.legend(fontsize=8)
    return _save(plt, fig, path, "Revenue per tier by scenario", style)


def fund_balance(plt, path, results, style):
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
    if all(r.summary.get("budget") is None for r in results):
        ax.text(0.5, 0.5, "no budget in the bundle", transform=ax.transAxes, ha="center")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(plt, fig, path, "Global budget: balance and its sharing", style)


def _indicator(result, indicator, key="value"):
    """A column (value, target, unit) of an indicator's row of a result, None when absent."""
    for row in result.indicators:
        if row["indicator"] == indicator:
            return row[key]
    return None


def _value(result, indicator):
    return _indicator(result, indicator)


def primary_share(plt, path, results, style):
    """Per scenario: 基层就诊率 (primary_visit_rate) and 县域就诊率 (county_visit_rate), with their targets,
    on an axis zoomed to the values (it does not start at 0: the bars' tops are what differ)."""
    fig, ax = plt.subplots(figsize=(9, 5))
    xs = list(range(len(results)))
    shown = []
    for offset, ind, colour in ((-0.2, "primary_visit_rate", "#1565c0"), (0.2, "county_visit_rate", "#90caf9")):
        values = [_value(r, ind) for r in results]
        name = label(ind, _indicator(results[0], ind, "name"), style["cjk"])
        bars = ax.bar([x + offset for x in xs], [v or 0 for v in values], 0.4, label=name, color=colour)
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
        target = _indicator(results[0], ind, "target")
        if target is not None:
            ax.axhline(target, color=colour, linestyle="--", linewidth=1, label="%s target %g %%" % (name, target))
        shown += values + [target]
    _scenario_axis(ax, results)
    lo, hi = zoom_limits(shown, floor=0.0)
    ax.set_ylim(lo, hi)
    ax.set_ylabel("%% (axis from %.1f)" % lo)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _save(plt, fig, path, "Primary-care share of out-patient visits and care inside the county", style)


def _difference_panel(ax, results, title, values, unit):
    """One panel: each scenario's value minus the baseline's (the first scenario)."""
    base = values[0]
    # float noise (1e-17) is no difference: it would set the axis' scale
    diffs = [None if v is None or base is None else (0.0 if abs(v - base) < 1e-9 else v - base) for v in values]
    colours = ["#9e9e9e" if d is None or d == 0 else "#2e7d32" if d > 0 else "#c62828" for d in diffs]
    bars = ax.bar(range(len(results)), [d or 0 for d in diffs], color=colours)
    ax.bar_label(bars, labels=["base" if k == 0 else "" if d is None else "%+.3g" % d
                               for k, d in enumerate(diffs)], fontsize=7)
    ax.axhline(0, color="black", linewidth=0.8)
    if not any(diffs):
        ax.set_ylim(-1, 1)   # no scenario differs: say so on a plain axis
    ax.margins(y=0.25)
    _scenario_axis(ax, results)
    baseline = "n/a" if base is None else "%.4g %s" % (base, unit)
    ax.set_title("%s\n%s = %s" % (title, results[0].name, baseline), fontsize=9)
    ax.set_ylabel("difference (%s)" % unit if unit else "difference", fontsize=8)


def indicator_panel(plt, path, results, style):
    """Small multiples: key indicators and the county score, each scenario's difference against the
    baseline (the first scenario), whose own value is in the panel's title."""
    shown = [i for i in PANEL_INDICATORS if _indicator(results[0], i, "indicator")]
    panels = [(label(i, _indicator(results[0], i, "name"), style["cjk"]), [_value(r, i) for r in results],
               _unit(results[0], i, style["cjk"])) for i in shown]
    panels.append(("county score", [r.summary.get("score") for r in results], "points"))
    cols = 3
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(12, 3.8 * rows), squeeze=False)
    for ax, (title, values, unit) in zip(axes.flat, panels):
        _difference_panel(ax, results, title, values, unit)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    return _save(plt, fig, path, "Key indicators: difference against the baseline scenario %r" % results[0].name,
                 style)


def _unit(result, indicator, cjk):
    """The unit, when the font can draw it (without a CJK font: %, count, ratio only)."""
    unit = _indicator(result, indicator, "unit") or ""
    return unit if cjk or unit.isascii() else ""


PLOTS = (("revenue_by_tier.png", revenue_by_tier), ("fund_balance.png", fund_balance),
         ("primary_share.png", primary_share), ("indicators.png", indicator_panel))


def write_plots(out_dir, results):
    """Write every plot into ``out_dir``; returns their paths."""
    plt, cjk = _pyplot()
    os.makedirs(out_dir, exist_ok=True)
    style = {"cjk": cjk, "context": context_line(results[0].context, cjk)}
    return [func(plt, os.path.join(out_dir, name), results, style) for name, func in PLOTS]
