"""The forecast's check as a chart: the calibration (reliability) diagram, forecast against outcome."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import FORECAST_COLOR, LINE_COLORS
from dashboard.charts.style import apply_layout
from dashboard.plain import figure_text
from schemas.vocabulary.labels import text as txt


@figure_text
def calibration(cal: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Per tenth of forecast: the mean chance forecast (x) against the share that went live (y), marks
    sized by the systems in it, beside the diagonal a perfectly calibrated forecast would follow."""
    shown = cal[cal["n"] > 0]
    fig = go.Figure()
    fig.add_scatter(
        x=[0, 100],
        y=[0, 100],
        mode="lines",
        name=txt("perfect_calibration", lang),
        line={"color": LINE_COLORS["scope"], "dash": "dot", "width": 1.5},
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=shown["mean_forecast"] * 100,
        y=shown["observed"] * 100,
        mode="lines+markers",
        name=txt("observed_pct", lang),
        line={"color": FORECAST_COLOR, "width": 2},
        marker={"size": 9, "color": FORECAST_COLOR},
        customdata=shown["n"],
        hovertemplate="%{x:.0f}% → %{y:.0f}% (n=%{customdata:,})<extra></extra>",
    )
    fig.update_xaxes(title=txt("mean_forecast_pct", lang), range=[0, 100], ticksuffix="%", gridcolor="#EEEEEE")
    fig.update_yaxes(title=txt("observed_pct", lang), range=[0, 100], ticksuffix="%", gridcolor="#EEEEEE")
    return apply_layout(fig, height=420)
