"""Charts over time: systems live against the plan, the scope and the deadline (nationally and for one
municipality), and one municipality's reports by stage."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import FORECAST_COLOR, FORECAST_FILL, LINE_COLORS, STAGE_COLORS, STAGE_KEYS
from dashboard.charts.style import apply_layout, business_axis, fmt_date
from dashboard.plain import figure_text
from schemas.vocabulary.labels import stage_label
from schemas.vocabulary.labels import text as txt
from schemas.vocabulary.language import lang_column


@figure_text
def progress_lines(
    series: pd.DataFrame,
    planned: pd.DataFrame,
    projection_points: pd.DataFrame,
    lang: str = "ja",
    deadline: date | None = None,
    forecast: pd.DataFrame | None = None,
) -> go.Figure:
    """Systems live over time, planned go-lives, the in-scope total, the deadline and a projection at the
    recent pace; with `forecast` (week, live_median, live_low, live_high) the forecast and its 80 % band."""

    fig = go.Figure()
    if forecast is not None and len(forecast):
        band = forecast_band(forecast, lang)
        for trace in band:
            fig.add_trace(trace)
    if len(series):
        fig.add_scatter(
            x=series["week"],
            y=series["in_scope"],
            name=txt("in_scope", lang),
            mode="lines",
            line={"color": LINE_COLORS["scope"], "dash": "dot", "width": 1.5},
        )
        fig.add_scatter(
            x=series["week"],
            y=series["live"],
            name=txt("live_reported", lang),
            mode="lines",
            line={"color": STAGE_COLORS["live"], "width": 3},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra></extra>",
        )
    if len(planned):
        fig.add_scatter(
            x=planned["day"],
            y=planned["planned_cumulative"],
            line_shape="hv",
            mode="lines",
            name=txt("planned", lang),
            line={"color": LINE_COLORS["planned"], "dash": "dash", "width": 2},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra></extra>",
        )
    if len(projection_points):
        fig.add_scatter(
            x=projection_points["day"],
            y=projection_points["live"],
            mode="lines+markers",
            name=txt("projection", lang),
            line={"color": STAGE_COLORS["live"], "dash": "dot", "width": 2},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f}<extra></extra>",
        )
    if deadline is not None:
        fig.add_vline(
            x=pd.Timestamp(deadline).timestamp() * 1000,
            line={"color": LINE_COLORS["deadline"], "dash": "dash"},
            annotation_text=txt("deadline", lang) + " " + fmt_date(deadline),
            annotation_position="top left",
        )
    fig.update_yaxes(title=txt("n_systems", lang), rangemode="tozero", tickformat=",d", gridcolor="#EEEEEE")
    fig.update_xaxes(tickformat="%Y-%m", gridcolor="#EEEEEE")
    return apply_layout(fig, height=460)


def forecast_band(forecast: pd.DataFrame, lang: str = "ja") -> list[go.Scatter]:
    """The forecast of systems live: its 80 % band (filled between its two edges) and its median."""
    return [
        go.Scatter(
            x=forecast["week"],
            y=forecast["live_high"],
            mode="lines",
            line={"width": 0, "color": FORECAST_COLOR},
            name=txt("forecast_high", lang),
            showlegend=False,
            hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f}<extra></extra>",
        ),
        go.Scatter(
            x=forecast["week"],
            y=forecast["live_low"],
            mode="lines",
            line={"width": 0, "color": FORECAST_COLOR},
            fill="tonexty",
            fillcolor=FORECAST_FILL,
            name=txt("forecast_band", lang),
            hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f}<extra></extra>",
        ),
        go.Scatter(
            x=forecast["week"],
            y=forecast["live_median"],
            mode="lines",
            line={"color": FORECAST_COLOR, "width": 2.5},
            name=txt("forecast", lang),
            hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f}<extra></extra>",
        ),
    ]


@figure_text
def live_steps(steps: pd.DataFrame, lang: str = "ja", deadline: date | None = None) -> go.Figure:
    """One municipality's systems live after each report, against its systems in scope and the deadline."""

    fig = go.Figure()
    if len(steps):
        fig.add_scatter(
            x=steps["day"],
            y=steps["in_scope"],
            name=txt("in_scope", lang),
            mode="lines",
            line_shape="hv",
            line={"color": LINE_COLORS["scope"], "dash": "dot", "width": 1.5},
        )
        fig.add_scatter(
            x=steps["day"],
            y=steps["live"],
            name=txt("live_reported", lang),
            mode="lines+markers",
            line_shape="hv",
            line={"color": STAGE_COLORS["live"], "width": 3},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra></extra>",
        )
    if deadline is not None:
        fig.add_vline(
            x=pd.Timestamp(deadline).timestamp() * 1000,
            line={"color": LINE_COLORS["deadline"], "dash": "dash"},
            annotation_text=txt("deadline", lang) + " " + fmt_date(deadline),
            annotation_position="top left",
        )
    fig.update_yaxes(title=txt("n_systems", lang), rangemode="tozero", tickformat=",d", gridcolor="#EEEEEE")
    fig.update_xaxes(tickformat="%Y-%m", gridcolor="#EEEEEE")
    return apply_layout(fig, height=300)


@figure_text
def municipality_timeline(history: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """One municipality's reports over time: a square per report, coloured by its stage."""
    name = lang_column("business", lang)
    order = business_axis(history, lang)
    fig = go.Figure()
    for stage in STAGE_KEYS:
        part = history[history["stage"] == stage]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["as_of"],
            y=part[name],
            mode="markers",
            name=stage_label(stage, lang),
            marker={
                "color": STAGE_COLORS[stage],
                "symbol": "square",
                "size": 11,
                "line": {"color": "#666666", "width": 0.5},
            },
            hovertemplate="%{y}<br>%{x|%Y-%m-%d}: " + stage_label(stage, lang) + "<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(tickformat="%Y-%m", gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(380, 24 * len(order) + 140))
