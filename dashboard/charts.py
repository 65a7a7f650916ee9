"""Charts: pure functions, DataFrame -> plotly Figure. The one place the palette is defined."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from schemas.vocabulary import (
    SCHEDULE_STATUSES,
    TRACKS,
    cloud_label,
    in_lang,
    lang_column,
    reason_label,
    schedule_label,
    stage_label,
)
from schemas.vocabulary import label as vocab_label
from schemas.vocabulary import text as txt

# labels live in the vocabulary; re-exported here for the pages that have long found them here
__all__ = ["cloud_label", "reason_label", "schedule_label", "stage_label"]

# One colour per stage everywhere: Okabe-Ito's colour-blind-safe set, ordered warm (not started)
# to green (live); grey for not applicable, a pale grey for a municipality yet to report.
STAGE_COLORS: dict[str, str] = {
    "not_started": "#D55E00",
    "planning": "#E69F00",
    "fit_gap": "#F0E442",
    "procurement": "#56B4E9",
    "migration": "#0072B2",
    "live": "#009E73",
    "not_applicable": "#999999",
    "no_report": "#E6E6E6",
}
STAGE_KEYS: list[str] = list(STAGE_COLORS)

# Government Cloud is a second, ordered dimension: a single-hue blue ramp, darkest when running.
CLOUD_COLORS: dict[str, str] = {
    "running": "#08306B",
    "preparing": "#4292C6",
    "planned": "#9ECAE1",
    "not_planned": "#DDDDDD",
}
CLOUD_KEYS: list[str] = ["running", "preparing", "planned", "not_planned"]

# Where a system stands on both tracks: blues once standardised, purples while still under way.
TRACK_COLORS: dict[str, str] = {
    "live_running": "#08306B",
    "live_cloud_pending": "#4292C6",
    "live_no_cloud": "#9ECAE1",
    "underway_cloud_preparing": "#882255",
    "underway_cloud_planned": "#CC79A7",
    "underway_no_cloud": "#DDDDDD",
}

# One colour per schedule status everywhere (etl/sql/schedule.sql): live keeps the stage's green,
# the overdue classes the darkest; Okabe-Ito with Tol's wine for "missed the deadline".
SCHEDULE_COLORS: dict[str, str] = {
    "live": STAGE_COLORS["live"],
    "on_track": "#56B4E9",
    "after_deadline_planned": "#F0E442",
    "overdue_target": "#E69F00",
    "overdue_deadline": "#882255",
    "overdue_special": "#CC79A7",
    "not_applicable": "#999999",
}
SCHEDULE_KEYS: list[str] = list(SCHEDULE_STATUSES)

# lines stand alone on white: each at 3:1 or more (WCAG 1.4.11); the scope line a darker grey than
# the not-applicable fill, which is outlined instead
LINE_COLORS = {"planned": "#000000", "deadline": "#882255", "scope": "#767676"}

# the official releases: the ministry's step statuses (green done, as a live stage), the
# reconciliation classes, and the two sides of a comparison (the release, the reports)
STEP_COLORS: dict[str, str] = {
    "done": "#009E73",
    "in_progress": "#56B4E9",
    "not_started": "#E69F00",
    "not_applicable": "#999999",
}
RECONCILE_COLORS: dict[str, str] = {
    "live_procedure_incomplete": "#D55E00",
    "procedure_done_not_live": "#999999",
    "listed_reported_not_special": "#CC79A7",
    "special_not_listed": "#E69F00",
    "listed_never_reported": "#0072B2",
}
SIDE_COLORS: dict[str, str] = {"ministry": "#0072B2", "reported": "#009E73", "national": "#999999", "local": "#0072B2"}
FONT = "Noto Sans CJK JP, Hiragino Sans, Meiryo, sans-serif"
CHART_BACKGROUND = "#FFFFFF"
# Okabe-Ito's light members (yellow, orange, sky blue, the greys) cannot reach 3:1 on white and stay
# told apart by colour-blind readers; so every bar is drawn with this dark outline, which carries the
# mark's 3:1 against white (WCAG 1.4.11 lets a boundary do so), and what a colour stands for is also
# written in the legend, the hover text and the table tab beside every chart.
MARK_OUTLINE = "#4D4D4D"
MARK_OUTLINE_WIDTH = 0.6
NON_TEXT_CONTRAST = 3.0


def _luminance(color: str) -> float:
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str = CHART_BACKGROUND) -> float:
    """The WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _layout(fig: go.Figure, *, height: int = 480, legend_title: str | None = None) -> go.Figure:
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


def _business_axis(frame: pd.DataFrame, lang: str) -> list[str]:
    names = frame.sort_values("business_order").drop_duplicates("business_id")
    return names[lang_column("business", lang)].tolist()


def stage_bars(dist: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Stacked horizontal bars of each business's stages, resident registry on top."""
    name = lang_column("business", lang)
    order = _business_axis(dist, lang)
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
    fig.update_xaxes(title="団体数" if lang == "ja" else "Municipalities", tickformat=",d")
    return _layout(fig, height=max(420, 28 * len(order) + 120))


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


def _discrete_scale(colors: list[str]) -> list[list]:
    n = len(colors)
    scale: list[list] = []
    for i, color in enumerate(colors):
        scale += [[i / n, color], [(i + 1) / n, color]]
    return scale


def _cell_hover(en: bool) -> str:
    rows = [
        ("Stage", "進捗"),
        ("Schedule", "スケジュール"),
        ("Due", "期日"),
        ("Target", "移行完了予定日"),
        ("Go-live", "稼働日"),
        ("Gov. Cloud", "ガバメントクラウド"),
        ("Special support", "特定移行支援"),
        ("Vendor", "ベンダ"),
        ("As of", "基準日"),
    ]
    lines = [f"{name[0] if en else name[1]}: %{{customdata[{i}]}}" for i, name in enumerate(rows)]
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


def stage_heatmap(cells: pd.DataFrame, lang: str = "ja", group_by: str = "region_ja") -> go.Figure:
    """Municipality x business coloured by stage, one block per group, rows in the given order.

    Over each block lies an invisible square marker per cell carrying the hover text and, last in its
    customdata, the municipality code: plotly's selection events reach scatter points, not heatmap
    cells, so a click on a cell selects its marker (`st.plotly_chart(..., on_select="rerun")`).
    """
    en = lang == "en"
    muni = lang_column("municipality", lang)
    business = lang_column("business", lang)
    x_order = _business_axis(cells, lang)
    groups = list(dict.fromkeys(cells[group_by])) if len(cells) else []
    sizes = [cells.loc[cells[group_by] == g, "municipality_code"].nunique() for g in groups]
    fig = make_subplots(
        rows=max(len(groups), 1), cols=1, shared_xaxes=True, vertical_spacing=0.02, row_heights=sizes or None
    )
    codes = {s: i for i, s in enumerate(STAGE_KEYS)}
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
            colorscale=_discrete_scale([STAGE_COLORS[s] for s in STAGE_KEYS]),
            showscale=False,
            xgap=1,
            ygap=1,
            hoverinfo="skip",
            row=row,
            col=1,
        )
        detail = part.assign(
            stage_text=[stage_label(s, lang) for s in part["stage"]],
            schedule_text=[schedule_label(s, lang) for s in part["schedule_status"]]
            if "schedule_status" in part
            else "",
            due_text=part["due_date"].map(_fmt_date) if "due_date" in part else "",
            cloud_text=[cloud_label(v, lang) for v in part["gov_cloud"]],
            special_text=[reason_label(r, lang) for r in part["special_support_reason"]],
            target_text=part["target_date"].map(_fmt_date),
            live_text=part["go_live_date"].map(_fmt_date),
            as_of_text=part["as_of"].map(_fmt_date),
            vendor_text=part["vendor"].fillna(""),
        )
        fig.add_scatter(
            x=detail[business],
            y=detail[muni],
            mode="markers",
            marker={"symbol": "square", "size": 14, "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            customdata=detail[CELL_FIELDS].fillna("").astype(str).to_numpy(),
            hovertemplate=_cell_hover(en),
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
    fig = _layout(fig, height=max(360, 18 * n_rows + 60 * len(groups) + 200))
    fig.update_layout(margin={"t": 150}, legend={"y": -0.02, "yanchor": "top"}, clickmode="event+select")
    return fig


def prefecture_heatmap(rollup: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """National scale: prefecture x business coloured by the share of in-scope systems live."""

    pref = lang_column("prefecture", lang)
    business = lang_column("business", lang)
    x_order = _business_axis(rollup, lang)
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
    return _layout(fig, height=max(420, 18 * len(rows) + 220))


def _fmt_date(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def progress_lines(
    series: pd.DataFrame,
    planned: pd.DataFrame,
    projection_points: pd.DataFrame,
    lang: str = "ja",
    deadline: date | None = None,
) -> go.Figure:
    """Systems live over time, planned go-lives, the in-scope total, the deadline and a projection."""

    fig = go.Figure()
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
            annotation_text=txt("deadline", lang) + " " + deadline.isoformat(),
            annotation_position="top left",
        )
    fig.update_yaxes(title=txt("n_systems", lang), rangemode="tozero", tickformat=",d", gridcolor="#EEEEEE")
    fig.update_xaxes(tickformat="%Y-%m", gridcolor="#EEEEEE")
    return _layout(fig, height=460)


def stacked_by_business(
    counts: pd.DataFrame,
    category: str,
    labels: dict[str, str],
    colors: dict[str, str],
    lang: str = "ja",
    x_title: str = "",
) -> go.Figure:
    """Stacked horizontal bars per business, one trace per category in the given order."""
    name = lang_column("business", lang)
    order = _business_axis(counts, lang)
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
    return _layout(fig, height=max(420, 28 * len(order) + 120))


def cloud_bars(counts: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Government Cloud status of each business's in-scope systems."""
    labels = {k: cloud_label(k, lang) for k in CLOUD_KEYS}
    return stacked_by_business(counts, "gov_cloud", labels, CLOUD_COLORS, lang, txt("n_systems", lang))


def track_bars(counts: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Each business's systems by their place on the standardisation and cloud tracks."""
    labels = {k: in_lang(v, lang) for k, v in TRACKS.items()}
    return stacked_by_business(counts, "track", labels, TRACK_COLORS, lang, txt("n_systems", lang))


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
    for _, r in stage_totals.iterrows():
        fig.add_bar(
            x=[r["n"]],
            y=[""],
            orientation="h",
            name=stage_label(r["stage"], lang),
            marker_color=STAGE_COLORS[r["stage"]],
            legendgroup="stage",
            row=1,
            col=1,
            hovertemplate=stage_label(r["stage"], lang) + ": %{x:,}<extra></extra>",
        )
    for _, r in cloud_totals.iterrows():
        fig.add_bar(
            x=[r["n"]],
            y=[""],
            orientation="h",
            name=cloud_label(r["gov_cloud"], lang),
            marker_color=CLOUD_COLORS[r["gov_cloud"]],
            legendgroup="cloud",
            row=1,
            col=2,
            hovertemplate=cloud_label(r["gov_cloud"], lang) + ": %{x:,}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=",d")
    fig = _layout(fig, height=260)
    fig.update_layout(legend={"y": -0.25, "yanchor": "top"}, margin={"b": 80})
    return fig


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
    return _layout(fig, height=max(300, 20 * len(frame) + 120))


def municipality_timeline(history: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """One municipality's reports over time: a square per report, coloured by its stage."""
    name = lang_column("business", lang)
    order = _business_axis(history, lang)
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
    return _layout(fig, height=max(380, 24 * len(order) + 140))


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
    return _layout(fig, height=max(260, 26 * len(frame) + 120))


def stage_count_bars(frame: pd.DataFrame, lang: str = "ja", x_title: str = "") -> go.Figure:
    """Counts per business split by stage (e.g. overdue systems), in the stage colours."""
    labels = {s: stage_label(s, lang) for s in STAGE_KEYS}
    return stacked_by_business(frame, "stage", labels, STAGE_COLORS, lang, x_title)


def schedule_count_bars(frame: pd.DataFrame, lang: str = "ja", x_title: str = "") -> go.Figure:
    """Counts per business split by schedule status (e.g. systems past due), in the schedule colours."""
    labels = {s: schedule_label(s, lang) for s in SCHEDULE_KEYS}
    return stacked_by_business(frame, "schedule_status", labels, SCHEDULE_COLORS, lang, x_title)


def schedule_bars(vendors: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Each vendor's systems by schedule status, in the frame's order (most behind first)."""
    fig = go.Figure()
    for status in SCHEDULE_KEYS:
        column = f"n_{status}"
        if column in vendors:
            name = schedule_label(status, lang)
            fig.add_bar(
                y=vendors["vendor"],
                x=vendors[column],
                orientation="h",
                name=name,
                marker_color=SCHEDULE_COLORS[status],
                hovertemplate="%{y}<br>" + name + ": %{x:,}<extra></extra>",
            )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=vendors["vendor"].tolist()[::-1] if len(vendors) else [])
    fig.update_xaxes(title=txt("n_systems", lang), tickformat=",d", gridcolor="#EEEEEE")
    return _layout(fig, height=max(320, 24 * len(vendors) + 120))


def vendor_matrix(vb: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Vendor x business: the number of municipalities served (where joint procurement could pool)."""
    business = lang_column("business", lang)
    x_order = _business_axis(vb, lang)
    vendors = vb.groupby("vendor")["n_municipalities"].sum().sort_values(ascending=False).index.tolist()
    z = vb.pivot_table(index="vendor", columns=business, values="n_municipalities", aggfunc="sum")
    z = z.reindex(index=vendors, columns=x_order)
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=x_order,
            y=vendors,
            colorscale="Blues",
            xgap=1,
            ygap=1,
            colorbar={"title": "団体数" if lang == "ja" else "Munis"},
            text=z.fillna(0).astype(int).to_numpy(),
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{z:,}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-45)
    return _layout(fig, height=max(360, 26 * len(vendors) + 220))


# --- maps -----------------------------------------------------------------------------------------

NO_DATA_COLOR = STAGE_COLORS["no_report"]
SHARE_BINS: list[float] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


def ramp(color: str, n: int, start: float = 0.18) -> list[str]:
    """n colours from a pale tint of `color` (a palette colour) to the colour itself, evenly spaced in RGB."""

    def rgb(h: str) -> tuple[int, int, int]:
        return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)

    a, b = (255, 255, 255), rgb(color)
    steps = [start + (1 - start) * i / (n - 1) for i in range(n)] if n > 1 else [1.0]
    return ["#{:02X}{:02X}{:02X}".format(*(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))) for t in steps]


def share_class(value: Any) -> str:
    """The map class of a share (0-1): 'q0' (under 20%) to 'q4' (80% and over); 'none' when unknown."""
    if value is None or pd.isna(value):
        return "none"
    for i, upper in enumerate(SHARE_BINS[1:-1]):
        if float(value) < upper:
            return f"q{i}"
    return f"q{len(SHARE_BINS) - 2}"


def share_categories(color: str, lang: str = "ja") -> dict[str, tuple[str, str]]:
    """The share classes in order, each with its legend label and its colour on a ramp to `color`."""
    n = len(SHARE_BINS) - 1
    colors = ramp(color, n)
    out: dict[str, tuple[str, str]] = {}
    for i in range(n):
        low, high = round(SHARE_BINS[i] * 100), round(SHARE_BINS[i + 1] * 100)
        text = f"{low}–{high}%" if i == n - 1 else f"{low}–{high - 1}%"
        out[f"q{i}"] = (text, colors[i])
    out["none"] = (txt("nothing_in_scope", lang), NO_DATA_COLOR)
    return out


def stage_categories(lang: str = "ja") -> dict[str, tuple[str, str]]:
    """The stages (no report included) as map categories: label and colour."""
    return {s: (stage_label(s, lang), STAGE_COLORS[s]) for s in STAGE_KEYS}


def schedule_categories(lang: str = "ja") -> dict[str, tuple[str, str]]:
    """The schedule statuses as map categories: label and colour, in their display order."""
    return {s: (schedule_label(s, lang), SCHEDULE_COLORS[s]) for s in SCHEDULE_KEYS}


def _features(geojson: dict, codes: list[str]) -> dict:
    wanted = set(codes)
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["properties"]["code"] in wanted],
    }


def choropleth(
    frame: pd.DataFrame,
    geojson: dict,
    panels: list,
    categories: dict[str, tuple[str, str]],
    lang: str = "ja",
    credit: str = "",
    metric_label: str = "",
    height: int = 640,
    markers: dict[str, tuple[float, float]] | None = None,
) -> go.Figure:
    """A map coloured by category: one shape per row of `frame` (code, name, category, value_text).

    Each panel (a `dashboard.geo.Panel`) is its own geo subplot without a basemap; every category is a
    trace per panel (one legend entry each), carrying only its own shapes, so colours are fixed here
    and not by a colour scale. customdata holds the code, for a click to open its page. `markers`
    (code -> lon, lat) puts a named marker on each shape of an inset, where shapes are small.
    """
    fig = go.Figure()
    rows = frame.set_index("code")
    for key, (label, color) in categories.items():  # the legend: every class, present or not
        fig.add_scattergeo(
            lon=[None],
            lat=[None],
            mode="markers",
            name=label,
            legendgroup=key,
            marker={"color": color, "symbol": "square", "size": 12, "line": {"color": "#666666", "width": 0.5}},
            hoverinfo="skip",
        )
    for p_index, panel in enumerate(panels):
        geo = "geo" if p_index == 0 else f"geo{p_index + 1}"
        in_panel = rows[rows.index.isin(panel.codes)]
        if p_index > 0:
            # plotly.js fetches a world topojson from its CDN when a geo's first trace has a location
            # mode (a choropleth has one): an empty first trace without one keeps every panel offline
            fig.add_scattergeo(lon=[None], lat=[None], mode="markers", showlegend=False, hoverinfo="skip", geo=geo)
        for key, (label, color) in categories.items():
            part = in_panel[in_panel["category"] == key]
            if part.empty:
                continue
            codes = part.index.tolist()
            fig.add_choropleth(
                geojson=_features(geojson, codes),
                featureidkey="properties.code",
                locations=codes,
                z=[1] * len(codes),
                zmin=0,
                zmax=1,
                colorscale=[[0, color], [1, color]],
                showscale=False,
                marker={"line": {"color": "#FFFFFF", "width": 0.6}},
                name=label,
                legendgroup=key,
                showlegend=False,
                customdata=np.array([codes, part["name"].tolist(), part["value_text"].tolist()], dtype=object).T
                if codes
                else None,
                hovertemplate="<b>%{customdata[1]}</b><br>" + metric_label + ": %{customdata[2]}<extra></extra>",
                geo=geo,
            )
        if p_index > 0 and markers:  # islands are specks at this scale: a marker and a name each
            part = in_panel[in_panel.index.isin(markers)]
            fig.add_scattergeo(
                lon=[markers[c][0] for c in part.index],
                lat=[markers[c][1] for c in part.index],
                mode="markers+text",
                text=part["name"].tolist(),
                textposition="middle right",
                textfont={"size": 10, "color": "#333333"},
                marker={
                    "color": [categories[c][1] for c in part["category"]],
                    "size": 10,
                    "line": {"color": "#666666", "width": 0.8},
                },
                customdata=np.array(
                    [part.index.tolist(), part["name"].tolist(), part["value_text"].tolist()], dtype=object
                ).T,
                hovertemplate="<b>%{customdata[1]}</b><br>" + metric_label + ": %{customdata[2]}<extra></extra>",
                showlegend=False,
                geo=geo,
            )
        view: dict = {
            "visible": False,
            "projection": {"type": "mercator"},
            "domain": {"x": list(panel.x), "y": list(panel.y)},
            "bgcolor": "rgba(0,0,0,0)",
        }
        if panel.lon is not None:
            view.update(lonaxis={"range": list(panel.lon)}, lataxis={"range": list(panel.lat)}, fitbounds=False)
        else:
            view["fitbounds"] = "locations"
        fig.update_layout({geo: view})
        if p_index > 0:  # an inset: framed, with its name
            fig.add_shape(
                type="rect",
                xref="paper",
                yref="paper",
                x0=panel.x[0],
                x1=panel.x[1],
                y0=panel.y[0],
                y1=panel.y[1],
                line={"color": "#BBBBBB", "width": 1},
            )
            fig.add_annotation(
                text=in_lang(panel.title, lang),
                xref="paper",
                yref="paper",
                x=panel.x[0] + 0.005,
                y=panel.y[1] - 0.005,
                xanchor="left",
                yanchor="top",
                showarrow=False,
                font={"size": 11, "color": "#555555"},
            )
    if credit:
        fig.add_annotation(
            text=credit,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"size": 10, "color": "#555555"},
        )
    fig = _layout(fig, height=height)
    fig.update_layout(legend={"title": metric_label or None}, dragmode=False)
    return fig


def map_colors(fig: go.Figure) -> dict[str, str]:
    """Each shape's colour on a map from `choropleth`: code -> colour (for tests and the static site)."""
    out: dict[str, str] = {}
    for trace in fig.data:
        if trace.type == "choropleth" and trace.locations is not None:
            for code in trace.locations:
                out[code] = trace.colorscale[0][1]
    return out


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
            annotation_text=txt("deadline", lang) + " " + deadline.isoformat(),
            annotation_position="top left",
        )
    fig.update_yaxes(title=txt("n_systems", lang), rangemode="tozero", tickformat=",d", gridcolor="#EEEEEE")
    fig.update_xaxes(tickformat="%Y-%m", gridcolor="#EEEEEE")
    return _layout(fig, height=300)


def reconcile_label(kind: str, lang: str = "ja") -> str:
    """A reconciliation class's label."""
    return vocab_label("reconcile_kind", kind, lang)


def step_label(status: str, lang: str = "ja") -> str:
    """A ministry step status's label."""
    return vocab_label("step_status", status, lang)


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
    fig.update_xaxes(title="件数" if lang == "ja" else "Discrepancies", tickformat=",d", gridcolor="#EEEEEE")
    return _layout(fig, height=max(260, 40 * len(labels) + 120))


def procedure_vs_running(frame: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Per business: the ministry's average completion rate beside the reported share live."""
    name = "business_en" if lang == "en" else "business_ja"
    order = _business_axis(frame, lang)
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
    return _layout(fig, height=max(480, 36 * len(order) + 120))


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
    return _layout(fig, height=380)


def context_bars(frame: pd.DataFrame, lang: str = "ja", local_name: str = "") -> go.Figure:
    """National headline shares beside the jurisdiction's (label, national_share, local_share)."""
    fig = go.Figure()
    for column, name, color in (
        ("national_share", "全国" if lang == "ja" else "National", SIDE_COLORS["national"]),
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
    return _layout(fig, height=max(300, 60 * len(frame) + 120))


def step_grid(steps: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Business x step, coloured by the ministry's status of each step."""
    name = "business_en" if lang == "en" else "business_ja"
    keys = list(STEP_COLORS)
    order = _business_axis(steps, lang)
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
            colorscale=_discrete_scale([STEP_COLORS[k] for k in keys]),
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
    fig.update_xaxes(title="手順" if lang == "ja" else "Step", type="category")
    return _layout(fig, height=max(320, 26 * len(order) + 140))
