"""The ministry's official releases: discrepancies with the reports, the procedure's completion rate
beside the share running (per business and per month), and one municipality's steps."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import RECONCILE_COLORS, SIDE_COLORS, STEP_COLORS
from dashboard.charts.style import apply_layout, business_axis, discrete_scale
from dashboard.plain import figure_text
from schemas.vocabulary.labels import label as vocab_label
from schemas.vocabulary.language import in_lang, lang_column


def reconcile_label(kind: str, lang: str = "ja") -> str:
    """A reconciliation class's label."""
    return vocab_label("reconcile_kind", kind, lang)


def step_label(status: str, lang: str = "ja") -> str:
    """A ministry step status's label."""
    return vocab_label("step_status", status, lang)


@figure_text
def reconcile_bars(counts: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Discrepancies per class (kind, n), one colour per class."""
    labels = [reconcile_label(k, lang) for k in counts["kind"]]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=counts["n"],
            orientation="h",
            marker_color=[RECONCILE_COLORS[k] for k in counts["kind"]],
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_xaxes(title=in_lang(("件数", "Discrepancies"), lang), tickformat=",d", gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(260, 40 * len(labels) + 120))


@figure_text
def procedure_vs_running(frame: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Per business: the ministry's average completion rate beside the reported share live."""
    name = lang_column("business", lang)
    order = business_axis(frame, lang)
    fig = go.Figure()
    sides = [
        ("mean_rate", ("手続の完了率（総務省）", "Procedure done (ministry)"), SIDE_COLORS["ministry"]),
        ("share_live", ("稼働（報告）", "Running (reported)"), SIDE_COLORS["reported"]),
    ]
    for column, pair, color in sides:
        fig.add_bar(
            y=frame[name],
            x=frame[column],
            orientation="h",
            name=in_lang(pair, lang),
            marker_color=color,
            hovertemplate="%{y}<br>" + in_lang(pair, lang) + ": %{x:.1%}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(tickformat=".0%", range=[0, 1], gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(480, 36 * len(order) + 120))


@figure_text
def procedure_lines(frame: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Per ministry month: the average completion rate and the reported share live at the month's end."""
    fig = go.Figure()
    sides = [
        ("mean_rate", ("手続の完了率（総務省）", "Procedure done (ministry)"), SIDE_COLORS["ministry"]),
        ("share_live", ("稼働（報告、月末）", "Running (reported, month end)"), SIDE_COLORS["reported"]),
    ]
    for column, pair, color in sides:
        fig.add_scatter(
            x=frame["month"],
            y=frame[column],
            mode="lines+markers",
            name=in_lang(pair, lang),
            line={"color": color, "width": 3},
            hovertemplate="%{x|%Y-%m}<br>" + in_lang(pair, lang) + ": %{y:.1%}<extra></extra>",
        )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02], gridcolor="#EEEEEE")
    fig.update_xaxes(tickformat="%Y-%m", dtick="M1")
    return apply_layout(fig, height=380)


@figure_text
def step_grid(steps: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Business x step, coloured by the ministry's status of each step."""
    name = lang_column("business", lang)
    keys = list(STEP_COLORS)
    order = business_axis(steps, lang)
    z = steps.pivot(index=name, columns="step_no", values="status").reindex(order)
    codes = z.apply(lambda col: col.map({k: i for i, k in enumerate(keys)})).astype(float)
    texts = z.apply(lambda col: col.map(lambda s: step_label(s, lang) if isinstance(s, str) else ""))
    step_names = steps.drop_duplicates("step_no").set_index("step_no")["step_name"].reindex(z.columns)
    hover = [[f"{row} · {step_names[c]}: {texts.at[row, c]}" for c in z.columns] for row in z.index]
    fig = go.Figure(
        go.Heatmap(
            z=codes.to_numpy(),
            x=[str(c) for c in z.columns],
            y=list(z.index),
            zmin=-0.5,
            zmax=len(keys) - 0.5,
            colorscale=discrete_scale([STEP_COLORS[k] for k in keys]),
            showscale=False,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    for key in keys:  # a legend entry per status
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=step_label(key, lang),
            marker={"color": STEP_COLORS[key], "size": 12},
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=in_lang(("手順", "Step"), lang), type="category")
    return apply_layout(fig, height=max(320, 26 * len(order) + 140))
