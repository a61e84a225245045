"""What the simulate plots carry besides their data (yigongti.plot_style): the
county/year/seed/scale line, Chinese labels only with a CJK font, axes zoomed
to the values; and the written PNGs carry title and context as text."""
import struct
from pathlib import Path

import pytest

from yigongti.plot_style import cjk_family, context_line, label, zoom_limits

CONTEXT = {"county": "宁海县", "bundle": "ninghai", "year": 2024, "seed": 3, "scale": 0.02}


def test_context_names_county_year_seed_and_scale():
    assert context_line(CONTEXT, cjk=True) == "宁海县 (ninghai), year 2024, seed 3, scale 0.02"
    assert context_line(CONTEXT, cjk=False) == "ninghai, year 2024, seed 3, scale 0.02"   # no tofu boxes


def test_chinese_labels_only_with_a_cjk_font():
    assert label("primary_visit_rate", "基层就诊率", True) == "基层就诊率 (primary_visit_rate)"
    assert label("primary_visit_rate", "基层就诊率", False) == "primary visit rate"
    assert label("down_up_ratio", "", True) == "down up ratio"


def test_cjk_family_prefers_the_noto_sans_family():
    assert cjk_family(["DejaVu Sans", "Noto Serif CJK SC", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert cjk_family(["DejaVu Sans"]) is None


def test_zoomed_axis_shows_a_difference_under_one_percent():
    lo, hi = zoom_limits([97.11, 97.22, None, 90.0], floor=0.0)
    assert 0 < lo < 90.0 and 97.22 < hi < 100
    # on the zoomed axis 0.11 points is a visible share of the height; on 0-120 it was under 0.1 %
    assert 0.11 / (hi - lo) > 0.005
    assert zoom_limits([5.0, 5.0]) == (4.5, 5.5)      # one value: a small band around it
    assert zoom_limits([1.0, 2.0], floor=1.0)[0] == 1.0
    assert zoom_limits([None]) == (0.0, 1.0)


def png_text(path):
    """The text chunks of a PNG as a dict: tEXt (Latin-1) and uncompressed iTXt (UTF-8, for Chinese)."""
    data, out, pos = Path(path).read_bytes(), {}, 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        key, _, value = body.partition(b"\0")
        if kind == b"tEXt":
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt" and value[:1] == b"\0":   # not compressed
            out[key.decode("latin-1")] = value[2:].split(b"\0", 2)[2].decode("utf-8")
        pos += 12 + length
    return out


def test_every_plot_names_its_run(tmp_path):
    pytest.importorskip("matplotlib")
    from yigongti import cli
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "out"
    assert cli.main(["simulate", "--bundle", str(root / "examples" / "data" / "ninghai"), "--scenarios",
                     str(root / "examples" / "scenarios" / "ninghai-reforms.json"), "--out", str(out),
                     "--scale", "0.02", "--seed", "3", "--quiet", "--outside-paths"]) == 0
    for name in ("revenue_by_tier.png", "fund_balance.png", "primary_share.png", "indicators.png"):
        text = png_text(out / name)
        assert text["Title"], name
        assert "ninghai" in text["Description"] and "year 2024, seed 3, scale 0.02" in text["Description"], name
    assert "difference against the baseline scenario 'ffs'" in png_text(out / "indicators.png")["Title"]
