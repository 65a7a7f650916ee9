"""Contrast (JIS X 8341-3 / WCAG 1.4.3 and 1.4.11): text at 4.5:1, chart marks and lines at 3:1 on white."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from dashboard import a11y, charts

ROOT = Path(__file__).resolve().parent.parent
PALETTES = {
    "stage": charts.STAGE_COLORS,
    "schedule": charts.SCHEDULE_COLORS,
    "cloud": charts.CLOUD_COLORS,
    "track": charts.TRACK_COLORS,
    "step": charts.STEP_COLORS,
    "reconcile": charts.RECONCILE_COLORS,
    "side": charts.SIDE_COLORS,
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
    assert charts.contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.01)
    assert charts.contrast_ratio(bg, fg) == pytest.approx(expected, abs=0.01)


def test_caption_text_reaches_4_5() -> None:
    # Streamlit draws captions and help texts in the theme's text colour at 60 % opacity
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    faded = _blend(theme["textColor"], 0.6, theme.get("backgroundColor", "#FFFFFF"))
    assert charts.contrast_ratio(faded) >= 4.5, faded
    assert charts.contrast_ratio(a11y.MUTED_TEXT) >= 4.5
    assert charts.contrast_ratio(theme["primaryColor"]) >= 4.5  # links and the active tab


def test_focus_ring_and_separator_reach_3() -> None:
    # 1.4.11 (WCAG 2.1): the keyboard's ring and the navigation's line, on white and on the sidebar
    sidebar = "#F0F2F6"
    for color in (a11y.FOCUS_RING, a11y.NAV_SEPARATOR):
        assert charts.contrast_ratio(color) >= 3.0, color
        assert charts.contrast_ratio(color, sidebar) >= 3.0, color
    assert a11y.FOCUS_RING in a11y.SITE_CSS and a11y.NAV_SEPARATOR in a11y.SITE_CSS


def test_lines_reach_3() -> None:
    for name, color in charts.LINE_COLORS.items():
        assert charts.contrast_ratio(color) >= 3.0, f"line {name} {color}: {charts.contrast_ratio(color):.2f}"


def test_outline_carries_the_light_marks() -> None:
    light = {
        f"{p}.{k}": c for p, palette in PALETTES.items() for k, c in palette.items() if charts.contrast_ratio(c) < 3
    }
    assert light, "the palette has light colours: the outline is what makes them visible"
    assert charts.contrast_ratio(charts.MARK_OUTLINE) >= 3.0
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
    fig = charts.stage_bars(dist, "ja")
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.marker.color for t in bars} == {charts.STAGE_COLORS["fit_gap"], charts.STAGE_COLORS["live"]}
    for trace in bars:
        assert trace.marker.line.color == charts.MARK_OUTLINE
        assert trace.marker.line.width and trace.marker.line.width > 0


def test_stage_colours_are_distinct_and_shared() -> None:
    assert len(set(charts.STAGE_COLORS.values())) == len(charts.STAGE_COLORS)
    assert charts.SCHEDULE_COLORS["live"] == charts.STAGE_COLORS["live"]


@pytest.mark.parametrize(
    "base",
    [charts.STAGE_COLORS["live"], charts.CLOUD_COLORS["running"], charts.SCHEDULE_COLORS["overdue_deadline"]],
)
def test_share_classes_on_the_map_are_apart_by_lightness(base: str) -> None:
    # the six classes of a share map (no data, then under 20 % to 80 % and over), each 1.5:1 or more
    # against the class beside it, light to dark: told apart in grey too
    categories = charts.share_categories(base, "ja")
    assert list(categories) == ["q0", "q1", "q2", "q3", "q4", "none"]
    by_lightness = [categories[k][1] for k in ("none", "q0", "q1", "q2", "q3", "q4")]
    assert len(set(by_lightness)) == 6
    for lighter, darker in zip(by_lightness, by_lightness[1:], strict=False):
        ratio = charts.contrast_ratio(lighter, darker)
        assert ratio >= 1.5, f"{lighter} / {darker}: {ratio:.2f}"
        assert charts.contrast_ratio(lighter) < charts.contrast_ratio(darker)  # each darker than the last
    # beside each other in the legend: the top class and no data
    assert charts.contrast_ratio(categories["q4"][1], categories["none"][1]) >= 1.5
