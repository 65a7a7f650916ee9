"""What every figure shares: the layout (font, margins, legend, bar outline), the business axis, a
discrete colour scale for heatmaps and the date format of hover texts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.charts.palette import CHART_BACKGROUND, FONT, MARK_OUTLINE, MARK_OUTLINE_WIDTH
from schemas.vocabulary.language import lang_column

# Every figure's JSON (what Streamlit sends the browser, what the images and the static edition embed)
# written by orjson: Japanese text as UTF-8 rather than six-byte escapes (a heatmap's hover texts half
# the size) and several times quicker to write.
pio.json.config.default_engine = "orjson"


def apply_layout(fig: go.Figure, *, height: int = 480, legend_title: str | None = None) -> go.Figure:
    """The shared look: font, margins, a horizontal legend on top, white plot, outlined bars."""
    fig.update_layout(
        height=height,
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.01,
            "x": 0,
            "title": legend_title,
            "traceorder": "normal",
        },
        plot_bgcolor=CHART_BACKGROUND,
        hoverlabel={"font_family": FONT},
    )
    fig.update_traces(marker_line_color=MARK_OUTLINE, marker_line_width=MARK_OUTLINE_WIDTH, selector={"type": "bar"})
    return fig


def business_axis(frame: pd.DataFrame, lang: str) -> list[str]:
    """The businesses' names in the language, in their official order."""
    names = frame.sort_values("business_order").drop_duplicates("business_id")
    return names[lang_column("business", lang)].tolist()


def discrete_scale(colors: list[str]) -> list[list]:
    """A colour scale of equal steps, one per colour: code i (of n) takes colours[i]."""
    n = len(colors)
    scale: list[list] = []
    for i, color in enumerate(colors):
        scale += [[i / n, color], [(i + 1) / n, color]]
    return scale


def fmt_date(value: object) -> str:
    """A date as YYYY-MM-DD; empty for none."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y/%m/%d")
