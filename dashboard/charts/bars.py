"""Horizontal bar charts: each business's systems stacked by stage, cloud status, track or schedule
status; the two tracks side by side; shares and counts per row; national figures beside a jurisdiction's."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.palette import (
    CLOUD_COLORS,
    CLOUD_KEYS,
    SCHEDULE_COLORS,
    SCHEDULE_KEYS,
    SIDE_COLORS,
    STAGE_COLORS,
    STAGE_KEYS,
    TRACK_COLORS,
)
from dashboard.charts.style import apply_layout, business_axis
from dashboard.plain import figure_text
from schemas.vocabulary.display import TRACKS
from schemas.vocabulary.labels import cloud_label, schedule_label, stage_label
from schemas.vocabulary.labels import text as txt
from schemas.vocabulary.language import in_lang, lang_column


def _stacked_by_business(
    counts: pd.DataFrame,
    category: str,
    labels: dict[str, str],
    colors: dict[str, str],
    lang: str = "ja",
    x_title: str = "",
) -> go.Figure:
    """Stacked horizontal bars per business, one trace per category in the given order."""
    name = lang_column("business", lang)
    order = business_axis(counts, lang)
    fig = go.Figure()
    for key, label in labels.items():
        part = counts[counts[category] == key]
        if part.empty:
            continue
        fig.add_bar(
            y=part[name],
            x=part["n"],
            orientation="h",
            name=label,
            marker_color=colors[key],
            hovertemplate="%{y}<br>" + label + ": %{x:,}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(title=x_title, tickformat=",d")
    return apply_layout(fig, height=max(420, 28 * len(order) + 120))


@figure_text
def stage_bars(dist: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Stacked horizontal bars of each business's stages, resident registry on top."""
    name = lang_column("business", lang)
    order = business_axis(dist, lang)
    fig = go.Figure()
    for stage in STAGE_KEYS:
        part = dist[dist["stage"] == stage]
        if part.empty:
            continue
        fig.add_bar(
            y=part[name],
            x=part["n"],
            orientation="h",
            name=stage_label(stage, lang),
            marker_color=STAGE_COLORS[stage],
            legendgroup=stage,
            hovertemplate="%{y}<br>" + stage_label(stage, lang) + ": %{x:,}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(title=in_lang(("団体数", "Municipalities"), lang), tickformat=",d")
    return apply_layout(fig, height=max(420, 28 * len(order) + 120))


@figure_text
def cloud_bars(counts: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Government Cloud status of each business's in-scope systems."""
    labels = {k: cloud_label(k, lang) for k in CLOUD_KEYS}
    return _stacked_by_business(counts, "gov_cloud", labels, CLOUD_COLORS, lang, txt("n_systems", lang))


@figure_text
def track_bars(counts: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Each business's systems by their place on the standardisation and cloud tracks."""
    labels = {k: in_lang(v, lang) for k, v in TRACKS.items()}
    return _stacked_by_business(counts, "track", labels, TRACK_COLORS, lang, txt("n_systems", lang))


@figure_text
def stage_count_bars(frame: pd.DataFrame, lang: str = "ja", x_title: str = "") -> go.Figure:
    """Counts per business split by stage (e.g. overdue systems), in the stage colours."""
    labels = {s: stage_label(s, lang) for s in STAGE_KEYS}
    return _stacked_by_business(frame, "stage", labels, STAGE_COLORS, lang, x_title)


@figure_text
def schedule_count_bars(frame: pd.DataFrame, lang: str = "ja", x_title: str = "") -> go.Figure:
    """Counts per business split by schedule status (e.g. systems past due), in the schedule colours."""
    labels = {s: schedule_label(s, lang) for s in SCHEDULE_KEYS}
    return _stacked_by_business(frame, "schedule_status", labels, SCHEDULE_COLORS, lang, x_title)


@figure_text
def two_tracks(stage_totals: pd.DataFrame, cloud_totals: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Standardisation and Government Cloud side by side: all in-scope systems on each track."""

    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(
            txt("standardisation_stages", lang),
            txt("gov_cloud", lang),
        ),
    )
    tracks = (
        (stage_totals, "stage", stage_label, STAGE_COLORS, "stage"),
        (cloud_totals, "gov_cloud", cloud_label, CLOUD_COLORS, "cloud"),
    )
    for col, (totals, key, label, colors, group) in enumerate(tracks, start=1):
        for _, r in totals.iterrows():
            name = label(r[key], lang)
            fig.add_bar(
                x=[r["n"]],
                y=[""],
                orientation="h",
                name=name,
                marker_color=colors[r[key]],
                legendgroup=group,
                row=1,
                col=col,
                hovertemplate=name + ": %{x:,}<extra></extra>",
            )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=",d")
    fig = apply_layout(fig, height=260)
    fig.update_layout(legend={"y": -0.25, "yanchor": "top"}, margin={"b": 80})
    return fig


@figure_text
def share_bars(
    frame: pd.DataFrame,
    label_col: str,
    value_col: str,
    highlight: str | None = None,
    color: str = STAGE_COLORS["live"],
    lang: str = "ja",
    x_title: str = "",
) -> go.Figure:
    """Horizontal bars of a share (0-1) per row, in the frame's order; one row may be highlighted."""
    colors = [("#000000" if lbl == highlight else color) for lbl in frame[label_col]]
    fig = go.Figure(
        go.Bar(
            y=frame[label_col],
            x=frame[value_col] * 100,
            orientation="h",
            marker_color=colors,
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=frame[label_col].tolist()[::-1])
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=x_title, gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(300, 20 * len(frame) + 120))


@figure_text
def count_bars(frame: pd.DataFrame, label_col: str, value_col: str, color: str, x_title: str = "") -> go.Figure:
    """Plain horizontal count bars in the frame's order."""
    fig = go.Figure(
        go.Bar(
            y=frame[label_col],
            x=frame[value_col],
            orientation="h",
            marker_color=color,
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=frame[label_col].tolist()[::-1])
    fig.update_xaxes(title=x_title, tickformat=",d", gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(260, 26 * len(frame) + 120))


@figure_text
def context_bars(frame: pd.DataFrame, lang: str = "ja", local_name: str = "") -> go.Figure:
    """National headline shares beside the jurisdiction's (label, national_share, local_share)."""
    fig = go.Figure()
    for column, name, color in (
        ("national_share", in_lang(("全国", "National"), lang), SIDE_COLORS["national"]),
        ("local_share", local_name, SIDE_COLORS["local"]),
    ):
        fig.add_bar(
            y=frame["label"],
            x=frame[column],
            orientation="h",
            name=name,
            marker_color=color,
            hovertemplate="%{y}<br>" + name + ": %{x:.1%}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(categoryorder="array", categoryarray=frame["label"].tolist()[::-1])
    fig.update_xaxes(tickformat=".0%", range=[0, 1], gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(300, 60 * len(frame) + 120))
