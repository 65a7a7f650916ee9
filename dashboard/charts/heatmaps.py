"""Heatmaps of the municipalities: each municipality x business cell by stage (clickable, with its
details on hover), and each prefecture x business by the share live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.palette import STAGE_COLORS, STAGE_KEYS
from dashboard.charts.style import apply_layout, business_axis, discrete_scale, fmt_date
from dashboard.plain import figure_text
from schemas.vocabulary.labels import cloud_label, reason_label, schedule_label, stage_label
from schemas.vocabulary.labels import text as txt
from schemas.vocabulary.language import in_lang, lang_column


def _cell_hover(lang: str) -> str:
    rows = [
        ("進捗", "Stage"),
        ("スケジュール", "Schedule"),
        ("期日", "Due"),
        ("移行完了予定日", "Target"),
        ("稼働日", "Go-live"),
        ("ガバメントクラウド", "Gov. Cloud"),
        ("特定移行支援", "Special support"),
        ("ベンダ", "Vendor"),
        ("基準日", "As of"),
    ]
    lines = [f"{in_lang(pair, lang)}: %{{customdata[{i}]}}" for i, pair in enumerate(rows)]
    return "<b>%{y}</b> · %{x}<br>" + "<br>".join(lines) + "<extra></extra>"


CELL_FIELDS = [
    "stage_text",
    "schedule_text",
    "due_text",
    "target_text",
    "live_text",
    "cloud_text",
    "special_text",
    "vendor_text",
    "as_of_text",
    "municipality_code",
]


def _stage_legend(fig: go.Figure, stages: list[str], lang: str) -> None:
    # heatmaps have a colour scale, not a legend: one invisible marker per stage gives the legend
    for stage in stages:
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=stage_label(stage, lang),
            marker={
                "color": STAGE_COLORS[stage],
                "symbol": "square",
                "size": 12,
                "line": {"color": "#666666", "width": 0.5},
            },
            showlegend=True,
        )


def _each(values: pd.Series, text: Callable[[Any], str]) -> pd.Series:
    """`text` of each cell, worked out once per distinct value (a few stages, a few hundred days)."""
    distinct = values.drop_duplicates()
    return values.map(dict(zip(distinct, (text(v) for v in distinct), strict=True))).fillna("").astype(str)


def _cell_texts(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every cell's hover texts (CELL_FIELDS, in order), the municipality code last."""
    blank = pd.Series("", index=cells.index)
    return pd.DataFrame(
        {
            "stage_text": _each(cells["stage"], lambda s: stage_label(s, lang)),
            "schedule_text": _each(cells["schedule_status"], lambda s: schedule_label(s, lang))
            if "schedule_status" in cells
            else blank,
            "due_text": _each(cells["due_date"], fmt_date) if "due_date" in cells else blank,
            "target_text": _each(cells["target_date"], fmt_date),
            "live_text": _each(cells["go_live_date"], fmt_date),
            "cloud_text": _each(cells["gov_cloud"], lambda v: cloud_label(v, lang)),
            "special_text": _each(cells["special_support_reason"], lambda r: reason_label(r, lang)),
            "vendor_text": cells["vendor"].fillna("").astype(str),
            "as_of_text": _each(cells["as_of"], fmt_date),
            "municipality_code": cells["municipality_code"].astype(str),
        }
    )[CELL_FIELDS]


@figure_text
def stage_heatmap(cells: pd.DataFrame, lang: str = "ja", group_by: str = "region_ja") -> go.Figure:
    """Municipality x business coloured by stage, one block per group, rows in the given order.

    Over each block lies an invisible square marker per cell carrying the hover text and, last in its
    customdata, the municipality code: plotly's selection events reach scatter points, not heatmap
    cells, so a click on a cell selects its marker (`st.plotly_chart(..., on_select="rerun")`).
    """
    muni = lang_column("municipality", lang)
    business = lang_column("business", lang)
    x_order = business_axis(cells, lang)
    groups = list(dict.fromkeys(cells[group_by])) if len(cells) else []
    sizes = [cells.loc[cells[group_by] == g, "municipality_code"].nunique() for g in groups]
    fig = make_subplots(
        rows=max(len(groups), 1), cols=1, shared_xaxes=True, vertical_spacing=0.02, row_heights=sizes or None
    )
    codes = {s: i for i, s in enumerate(STAGE_KEYS)}
    hover = _cell_texts(cells, lang)
    for row, group in enumerate(groups, start=1):
        part = cells[cells[group_by] == group]
        rows = list(dict.fromkeys(part[muni]))
        z = part.pivot_table(index=muni, columns=business, values="stage", aggfunc="first").reindex(
            index=rows, columns=x_order
        )
        fig.add_heatmap(
            z=z.map(lambda s: codes.get(s, codes["no_report"])).to_numpy(),
            x=x_order,
            y=rows,
            zmin=-0.5,
            zmax=len(STAGE_KEYS) - 0.5,
            colorscale=discrete_scale([STAGE_COLORS[s] for s in STAGE_KEYS]),
            showscale=False,
            xgap=1,
            ygap=1,
            hoverinfo="skip",
            row=row,
            col=1,
        )
        fig.add_scatter(
            x=part[business],
            y=part[muni],
            mode="markers",
            marker={"symbol": "square", "size": 14, "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            customdata=hover.loc[part.index].to_numpy(dtype=str),
            hovertemplate=_cell_hover(lang),
            showlegend=False,
            name="",
            row=row,
            col=1,
        )
        # the group's name as its block's axis title, clear of the business names along the top
        fig.update_yaxes(
            autorange="reversed",
            title_text=f"<b>{group}</b>",
            categoryorder="array",
            categoryarray=rows,
            row=row,
            col=1,
        )
    _stage_legend(fig, STAGE_KEYS, lang)
    fig.update_xaxes(side="top", tickangle=-45, categoryorder="array", categoryarray=x_order, row=1, col=1)
    fig.update_xaxes(showticklabels=False)
    fig.update_xaxes(showticklabels=True, row=1, col=1)
    n_rows = sum(sizes)
    fig = apply_layout(fig, height=max(360, 18 * n_rows + 60 * len(groups) + 200))
    fig.update_layout(margin={"t": 150}, legend={"y": -0.02, "yanchor": "top"}, clickmode="event+select")
    return fig


@figure_text
def prefecture_heatmap(rollup: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """National scale: prefecture x business coloured by the share of in-scope systems live."""

    pref = lang_column("prefecture", lang)
    business = lang_column("business", lang)
    x_order = business_axis(rollup, lang)
    rows = list(dict.fromkeys(rollup[pref]))
    z = rollup.pivot_table(index=pref, columns=business, values="share_live", aggfunc="first")
    z = z.reindex(index=rows, columns=x_order)
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy() * 100,
            x=x_order,
            y=rows,
            zmin=0,
            zmax=100,
            xgap=1,
            ygap=1,
            colorscale=[[0, "#F7F7F7"], [1, STAGE_COLORS["live"]]],
            colorbar={"title": "%", "ticksuffix": "%"},
            hovertemplate="<b>%{y}</b> · %{x}<br>" + txt("n_live", lang) + ": %{z:.1f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-45)
    return apply_layout(fig, height=max(420, 18 * len(rows) + 220))
