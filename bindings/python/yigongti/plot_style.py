"""What every ``simulate`` plot carries besides its data: a CJK font when one is
installed (Debian: fonts-noto-cjk) so that indicators keep their Chinese names,
ASCII ids without one (no tofu boxes), and the line naming the county, year,
seed and scale the figures come from."""

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "AR PL UMing CN")


def cjk_family(font_names):
    """The first CJK family among the installed ``font_names``, else None."""
    installed = set(font_names)
    return next((f for f in CJK_FAMILIES if f in installed), None)


def _register_cjk_files(font_manager):
    """Add CJK font files matplotlib's cache does not know (a cache built before fonts-noto-cjk was
    installed keeps ignoring it)."""
    for path in font_manager.findSystemFonts():
        if "CJK" in path or "wqy" in path.lower():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read: leave it out
                pass


def use_cjk_font(matplotlib):
    """Make matplotlib draw Chinese if a CJK font is installed; True when it can."""
    from matplotlib import font_manager
    family = cjk_family(f.name for f in font_manager.fontManager.ttflist)
    if family is None:
        _register_cjk_files(font_manager)
        family = cjk_family(f.name for f in font_manager.fontManager.ttflist)
    if family is None:
        return False
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return True


def label(indicator_id, chinese_name, cjk):
    """An indicator's label: "基层就诊率 (primary_visit_rate)" with a CJK font, the id without one."""
    if cjk and chinese_name and not chinese_name.isascii():
        return "%s (%s)" % (chinese_name, indicator_id)
    return indicator_id.replace("_", " ")


def context_line(context, cjk):
    """ "宁海县 (ninghai), year 2024, seed 1, scale 0.1" from a Result's context; the county's Chinese
    name only when the font can draw it."""
    county = context.get("bundle", "county")
    if cjk and context.get("county"):
        county = "%s (%s)" % (context["county"], county)
    return "%s, year %s, seed %s, scale %g" % (county, context.get("year", "?"), context.get("seed", "?"),
                                               context.get("scale", 1))


def zoom_limits(values, pad_share=0.25, floor=None):
    """Axis limits around ``values`` (None ignored) so that differences of a fraction of a
    percent show; never below ``floor``."""
    xs = [v for v in values if v is not None]
    if not xs:
        return 0.0, 1.0
    lo, hi = min(xs), max(xs)
    pad = (hi - lo) * pad_share or max(abs(hi) * 0.01, 0.5)
    lo, hi = lo - pad, hi + pad
    return (max(lo, floor) if floor is not None else lo), hi
