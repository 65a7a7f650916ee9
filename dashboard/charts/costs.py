"""Operating-cost charts (運用経費): the distribution of ratios with the target and the reported national
figures as dated lines, the categories that moved, cost against stage or cloud use, before and after."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import LINE_COLORS, SIDE_COLORS
from dashboard.charts.style import apply_layout
from dashboard.plain import figure_text
from schemas.vocabulary.costs import COST_TEXT
from schemas.vocabulary.display import TEXT
from schemas.vocabulary.language import in_lang

# Okabe-Ito: a rise in cost vermillion, a fall bluish green; the bars of ratios the reports' blue
RISE, FALL, BARS = "#D55E00", "#009E73", "#0072B2"
REFERENCE_DASH = ["dot", "dash", "dashdot", "longdash"]
MILLION = 1_000_000


def _vline(x: float, color: str, width: float, dash: str = "solid") -> dict:
    # a layout shape written out: plotly's add_vline looks the subplots up on every call
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": color, "width": width, "dash": dash},
    }


def _note(x: float, y: float, text: str, anchor: str, **font: object) -> dict:
    return {
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "xanchor": anchor,
        "yanchor": "bottom",
        **({"font": font} if font else {}),
    }


@figure_text
def ratio_histogram(
    bins: pd.DataFrame, references: pd.DataFrame, target: float, weighted: float | None, lang: str = "ja"
) -> go.Figure:
    """Municipalities per class of the ratio to FY2018, with the target, 1.0x, the cost-weighted ratio
    and each reported national figure (dated, with its source) as vertical lines."""
    centres = (bins["lower"] + bins["upper"]) / 2
    fig = go.Figure(
        go.Bar(
            x=centres,
            y=bins["n_municipalities"],
            width=[0.095] * len(bins),
            marker_color=BARS,
            name=in_lang(TEXT["n_municipalities"], lang),
            hovertemplate="%{x:.2f}×: %{y:,}<extra></extra>",
        )
    )
    top = max(
        float(bins["upper"].max()) if len(bins) else 2.0,
        float(references["ratio"].max()) + 0.3 if len(references) else 0.0,
    )

    def side(x: float) -> str:
        # a line in the right half of the axis has its words on its left, so that they stay in the picture
        return "right" if x > top / 2 else "left"

    shapes = [_vline(target, LINE_COLORS["deadline"], 2), _vline(1.0, LINE_COLORS["scope"], 1)]
    notes = [
        _note(target, 1, f"{in_lang(COST_TEXT['target'], lang)} {target:.2f}×", "right", color=LINE_COLORS["deadline"])
    ]
    if weighted is not None:
        shapes.append(_vline(weighted, "#000000", 2))
        notes.append(
            _note(weighted, 0.92, f"{in_lang(COST_TEXT['weighted_ratio'], lang)} {weighted:.2f}×", side(weighted))
        )
    for i, ref in enumerate(references.itertuples(index=False)):
        text = f"{ref.label_en} ({ref.as_of})" if lang == "en" else f"{ref.label_ja}（{ref.as_of}）"
        shapes.append(_vline(float(ref.ratio), LINE_COLORS["planned"], 1, REFERENCE_DASH[i % 4]))
        notes.append(_note(float(ref.ratio), 0.8 - 0.1 * i, text, side(float(ref.ratio)), size=11))
    fig.update_layout(shapes=shapes, annotations=notes)
    fig.update_xaxes(title=in_lang(COST_TEXT["ratio"], lang), range=[0, top], ticksuffix="×", gridcolor="#EEEEEE")
    fig.update_yaxes(title=in_lang(TEXT["n_municipalities"], lang), tickformat=",d", gridcolor="#EEEEEE")
    fig = apply_layout(fig, height=420)
    fig.update_layout(showlegend=False)
    return fig


@figure_text
def category_change_bars(frame: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Each category's change from FY2018 to the latest year (millions of yen), rises and falls coloured."""
    change = frame["change"].astype(float) / MILLION
    fig = go.Figure(
        go.Bar(
            y=frame["label"],
            x=change,
            orientation="h",
            marker_color=[RISE if v > 0 else FALL for v in change.fillna(0)],
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=frame["label"].tolist()[::-1])
    fig.update_xaxes(
        title=in_lang(("増減（百万円）", "Change (millions of yen)"), lang), tickformat=",.0f", gridcolor="#EEEEEE"
    )
    return apply_layout(fig, height=max(300, 30 * len(frame) + 120))


@figure_text
def group_ratio_bars(frame: pd.DataFrame, target: float, lang: str = "ja", title: str = "") -> go.Figure:
    """The ratio to FY2018 of each group (stage or cloud use), the target as a line; a withheld group has no bar."""
    fig = go.Figure(
        go.Bar(
            y=frame["label"],
            x=frame["ratio"].astype(float),
            orientation="h",
            marker_color=BARS,
            customdata=frame[["n_municipalities"]].to_numpy(),
            hovertemplate="%{y}: %{x:.2f}× (n=%{customdata[0]})<extra></extra>",
        )
    )
    fig.update_layout(shapes=[_vline(target, LINE_COLORS["deadline"], 2), _vline(1.0, LINE_COLORS["scope"], 1)])
    fig.update_yaxes(categoryorder="array", categoryarray=frame["label"].tolist()[::-1], title=title)
    fig.update_xaxes(title=in_lang(COST_TEXT["ratio"], lang), ticksuffix="×", rangemode="tozero", gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(280, 34 * len(frame) + 120))


@figure_text
def before_after_bars(frame: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Each arrangement's members added up before and after it began (millions of yen)."""
    fig = go.Figure()
    for col, key, color in (
        ("before_total", "before", SIDE_COLORS["national"]),
        ("after_total", "after", SIDE_COLORS["local"]),
    ):
        fig.add_bar(
            y=frame["name"],
            x=frame[col].astype(float) / MILLION,
            orientation="h",
            name=in_lang(COST_TEXT[key], lang),
            marker_color=color,
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(categoryorder="array", categoryarray=frame["name"].tolist()[::-1])
    fig.update_xaxes(title=in_lang(("百万円", "Millions of yen"), lang), tickformat=",.0f", gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(260, 60 * len(frame) + 120))
