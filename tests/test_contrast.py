"""Contrast (JIS X 8341-3 / WCAG 1.4.3 and 1.4.11): text at 4.5:1, chart marks and lines at 3:1 on white."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from dashboard import a11y
from dashboard.charts.bars import stage_bars
from dashboard.charts.maps import share_categories
from dashboard.charts.palette import (
    CLOUD_COLORS,
    LINE_COLORS,
    MARK_OUTLINE,
    RECONCILE_COLORS,
    SCHEDULE_COLORS,
    SIDE_COLORS,
    STAGE_COLORS,
    STEP_COLORS,
    TRACK_COLORS,
    contrast_ratio,
)

ROOT = Path(__file__).resolve().parent.parent
PALETTES = {
    "stage": STAGE_COLORS,
    "schedule": SCHEDULE_COLORS,
    "cloud": CLOUD_COLORS,
    "track": TRACK_COLORS,
    "step": STEP_COLORS,
    "reconcile": RECONCILE_COLORS,
    "side": SIDE_COLORS,
}


def _blend(color: str, alpha: float, background: str = "#FFFFFF") -> str:
    """A colour drawn at `alpha` over the background, as the browser composes it."""
    fg = [int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    bg = [int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(alpha * f + (1 - alpha) * b):02X}" for f, b in zip(fg, bg, strict=True))


@pytest.mark.parametrize(
    ("fg", "bg", "expected"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#767676", "#FFFFFF", 4.54),
        ("#828180", "#FFFFFF", 3.88),
    ],
)
def test_contrast_ratio_matches_wcag(fg: str, bg: str, expected: float) -> None:
    assert contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(bg, fg) == pytest.approx(expected, abs=0.01)


def test_caption_text_reaches_4_5() -> None:
    # Streamlit draws captions and help texts in the theme's text colour at 60 % opacity
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    faded = _blend(theme["textColor"], 0.6, theme.get("backgroundColor", "#FFFFFF"))
    assert contrast_ratio(faded) >= 4.5, faded
    assert contrast_ratio(a11y.MUTED_TEXT) >= 4.5
    assert contrast_ratio(theme["primaryColor"]) >= 4.5  # links and the active tab


def test_focus_ring_and_separator_reach_3() -> None:
    # 1.4.11 (WCAG 2.1): the keyboard's ring and the navigation's line, on white and on the sidebar
    sidebar = "#F0F2F6"
    for color in (a11y.FOCUS_RING, a11y.NAV_SEPARATOR):
        assert contrast_ratio(color) >= 3.0, color
        assert contrast_ratio(color, sidebar) >= 3.0, color
    assert a11y.FOCUS_RING in a11y.SITE_CSS and a11y.NAV_SEPARATOR in a11y.SITE_CSS


def test_lines_reach_3() -> None:
    for name, color in LINE_COLORS.items():
        assert contrast_ratio(color) >= 3.0, f"line {name} {color}: {contrast_ratio(color):.2f}"


def test_outline_carries_the_light_marks() -> None:
    light = {f"{p}.{k}": c for p, palette in PALETTES.items() for k, c in palette.items() if contrast_ratio(c) < 3}
    assert light, "the palette has light colours: the outline is what makes them visible"
    assert contrast_ratio(MARK_OUTLINE) >= 3.0
    # and the outline is really drawn on the bars
    dist = pd.DataFrame(
        {
            "business_id": ["a", "a"],
            "business_order": [1, 1],
            "business_ja": ["業務A", "業務A"],
            "business_en": ["A", "A"],
            "stage": ["fit_gap", "live"],
            "n": [3, 4],
        }
    )
    fig = stage_bars(dist, "ja")
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.marker.color for t in bars} == {STAGE_COLORS["fit_gap"], STAGE_COLORS["live"]}
    for trace in bars:
        assert trace.marker.line.color == MARK_OUTLINE
        assert trace.marker.line.width and trace.marker.line.width > 0


def test_stage_colours_are_distinct_and_shared() -> None:
    assert len(set(STAGE_COLORS.values())) == len(STAGE_COLORS)
    assert SCHEDULE_COLORS["live"] == STAGE_COLORS["live"]


@pytest.mark.parametrize(
    "base",
    [STAGE_COLORS["live"], CLOUD_COLORS["running"], SCHEDULE_COLORS["overdue_deadline"]],
)
def test_share_classes_on_the_map_are_apart_by_lightness(base: str) -> None:
    # the six classes of a share map (no data, then under 20 % to 80 % and over), each 1.5:1 or more
    # against the class beside it, light to dark: told apart in grey too
    categories = share_categories(base, "ja")
    assert list(categories) == ["q0", "q1", "q2", "q3", "q4", "none"]
    by_lightness = [categories[k][1] for k in ("none", "q0", "q1", "q2", "q3", "q4")]
    assert len(set(by_lightness)) == 6
    for lighter, darker in zip(by_lightness, by_lightness[1:], strict=False):
        ratio = contrast_ratio(lighter, darker)
        assert ratio >= 1.5, f"{lighter} / {darker}: {ratio:.2f}"
        assert contrast_ratio(lighter) < contrast_ratio(darker)  # each darker than the last
    # beside each other in the legend: the top class and no data
    assert contrast_ratio(categories["q4"][1], categories["none"][1]) >= 1.5
