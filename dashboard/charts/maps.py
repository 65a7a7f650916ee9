"""Maps: the classes a map is coloured by (share bins, stages, schedule statuses) and the choropleth
that draws them, panel by panel, without a basemap."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import SCHEDULE_COLORS, SCHEDULE_KEYS, STAGE_COLORS, STAGE_KEYS
from dashboard.charts.style import apply_layout
from schemas.vocabulary import in_lang, schedule_label, stage_label
from schemas.vocabulary import text as txt

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
    fig = apply_layout(fig, height=height)
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
