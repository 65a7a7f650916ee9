"""Maps: the classes a map is coloured by (share bins, stages, schedule statuses) and the choropleth
that draws them, panel by panel, without a basemap."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import SCHEDULE_COLORS, SCHEDULE_KEYS, STAGE_COLORS, STAGE_KEYS, luminance
from dashboard.charts.style import apply_layout
from dashboard.plain import figure_text
from schemas.vocabulary.labels import schedule_label, stage_label
from schemas.vocabulary.labels import text as txt
from schemas.vocabulary.language import in_lang

NO_DATA_COLOR = STAGE_COLORS["no_report"]
SHARE_BINS: list[float] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


# The share classes (no data, then under 20 % to 80 % and over) are told apart by lightness as well as
# hue: each class at least NEIGHBOUR_CONTRAST:1 (WCAG's contrast ratio) against the class beside it in
# the legend, the no-data grey included, so that they stay apart in a grey photocopy or to a reader who
# does not see the hue.
NEIGHBOUR_CONTRAST = 1.5
DARKEST_LUMINANCE = 0.055  # the top class: the palette colour, darkened to this relative luminance if lighter


def _rgb(h: str) -> tuple[int, int, int]:
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(round(min(max(c, 0), 255)) for c in rgb))


def _mix(a: tuple[int, int, int], b: tuple[float, float, float], t: float) -> tuple[float, float, float]:
    return tuple(x + (y - x) * t for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _with_luminance(color: str, target: float) -> str:
    """The colour mixed with white (to lighten) or black (to darken) until its luminance is `target`."""
    base = _rgb(color)
    other = (255.0, 255.0, 255.0) if luminance(color) < target else (0.0, 0.0, 0.0)
    low, high = 0.0, 1.0
    for _ in range(40):
        mid = (low + high) / 2
        if (luminance(_hex(_mix(base, other, mid))) < target) == (other[0] == 255.0):
            low = mid
        else:
            high = mid
    return _hex(_mix(base, other, high))


def ramp(color: str, n: int, below: str | None = None) -> list[str]:
    """n colours of `color`'s hue from light to dark, each NEIGHBOUR_CONTRAST:1 or more from the next
    (and the first from `below`, the class before them, when given): luminances in equal ratios from
    `below` (or white) down to the palette colour, or darker when it is too light for the steps."""
    start = luminance(below) if below else 1.0
    top = min(luminance(color), DARKEST_LUMINANCE)
    ratio = ((start + 0.05) / (top + 0.05)) ** (1 / n)
    targets = [(start + 0.05) / ratio ** (i + 1) - 0.05 for i in range(n)]
    colors = [_with_luminance(color, t) for t in targets]
    if luminance(color) <= DARKEST_LUMINANCE:
        colors[-1] = color
    return colors


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
    colors = ramp(color, n, below=NO_DATA_COLOR)
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


@dataclass(frozen=True)
class _Column:
    """Where an inset's names go: a point per name in a column east of the islands, and the view."""

    points: dict[str, tuple[float, float]]
    lon_range: tuple[float, float]
    lat_range: tuple[float, float]


LABEL_TEXT_SIZE = 11
CREDIT_LINE_CHARS = 48  # the credit's longest line, in characters (the Japanese one is 34)
LABEL_ROOM = 0.9  # the column's share of the islands' own width left for the names, east of the column
TITLE_BAND = 0.2  # the top share of an inset kept for its title


def _panel_bounds(geojson: dict, panel: Any) -> tuple[tuple[float, float], tuple[float, float]]:
    if panel.lon is not None and panel.lat is not None:
        return tuple(panel.lon), tuple(panel.lat)
    wanted = set(panel.codes)
    points = []
    for feature in geojson["features"]:
        if feature["properties"]["code"] in wanted:
            geometry = feature["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            points += [p for polygon in polygons for ring in polygon for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons) - 0.05, max(lons) + 0.05), (min(lats) - 0.05, max(lats) + 0.05)


def _island_labels(
    part: pd.DataFrame, markers: dict[str, tuple[float, float]], bounds: tuple[tuple[float, float], tuple[float, float]]
) -> _Column:
    """Names set in a column east of an inset's islands, north to south and evenly spaced below the
    inset's title, each joined to its island by a leader line: names never meet, however close the
    islands lie (利島村, 新島村 and 神津島村 are a few pixels apart on a small map)."""
    (lon0, lon1), (lat0, lat1) = bounds
    codes = sorted(part.index, key=lambda c: -markers[c][1])
    span_lat = lat1 - lat0
    top = lat1 - TITLE_BAND * span_lat
    bottom = lat0 + 0.05 * span_lat
    column_lon = lon1 + 0.1 * (lon1 - lon0)
    if len(codes) == 1:
        lats = [min(max(markers[codes[0]][1], bottom), top) - 0.15 * span_lat]
    else:
        lats = [top - (top - bottom) * i / (len(codes) - 1) for i in range(len(codes))]
    longest = max(len(str(n)) for n in part["name"])
    room = (column_lon - lon0) * LABEL_ROOM * max(longest, 4) / 4
    return _Column(
        dict(zip(codes, ((column_lon, lat) for lat in lats), strict=True)),
        (lon0, column_lon + room),
        (lat0, lat1),
    )


def _add_island_labels(
    fig: go.Figure,
    part: pd.DataFrame,
    markers: dict[str, tuple[float, float]],
    column: _Column,
    categories: dict[str, tuple[str, str]],
    metric_label: str,
    geo: str,
) -> None:
    codes = list(column.points)
    names = part.loc[codes, "name"].tolist()
    lons: list[float | None] = []
    lats: list[float | None] = []
    for code in codes:  # a leader line from each island to its name
        lons += [markers[code][0], column.points[code][0], None]
        lats += [markers[code][1], column.points[code][1], None]
    fig.add_scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"color": "#767676", "width": 0.8},
        hoverinfo="skip",
        showlegend=False,
        geo=geo,
    )
    fig.add_scattergeo(
        lon=[column.points[c][0] for c in codes],
        lat=[column.points[c][1] for c in codes],
        mode="text",
        text=names,
        textposition="middle right",
        textfont={"size": LABEL_TEXT_SIZE, "color": "#333333"},
        hoverinfo="skip",
        showlegend=False,
        geo=geo,
    )
    fig.add_scattergeo(
        lon=[markers[c][0] for c in codes],
        lat=[markers[c][1] for c in codes],
        mode="markers",
        marker={
            "color": [categories[c][1] for c in part.loc[codes, "category"]],
            "size": 10,
            "line": {"color": "#666666", "width": 0.8},
        },
        customdata=np.array([codes, names, part.loc[codes, "value_text"].tolist()], dtype=object).T,
        hovertemplate="<b>%{customdata[1]}</b><br>" + metric_label + ": %{customdata[2]}<extra></extra>",
        showlegend=False,
        geo=geo,
    )


@figure_text
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
        labelled = in_panel[in_panel.index.isin(markers)] if p_index > 0 and markers else in_panel.iloc[0:0]
        if len(labelled):  # islands are specks at this scale: a marker each, its name in a column beside
            column = _island_labels(labelled, markers or {}, _panel_bounds(geojson, panel))
            _add_island_labels(fig, labelled, markers or {}, column, categories, metric_label, geo)
            lon_range, lat_range = column.lon_range, column.lat_range
        else:
            lon_range, lat_range = panel.lon, panel.lat
        view: dict = {
            "visible": False,
            "projection": {"type": "mercator"},
            "domain": {"x": list(panel.x), "y": list(panel.y)},
            "bgcolor": "rgba(0,0,0,0)",
        }
        if lon_range is not None and lat_range is not None:
            view.update(lonaxis={"range": list(lon_range)}, lataxis={"range": list(lat_range)}, fitbounds=False)
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
            text=credit_lines(credit),
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
    # the legend's title on a row of its own: plotly wraps a horizontal legend at the plot's width but
    # sets a title beside it to the left, which pushed the last classes beyond a narrow screen's edge
    fig.update_layout(legend={"title": {"text": metric_label or None, "side": "top"}}, dragmode=False)
    return fig


def credit_lines(credit: str, width: int = CREDIT_LINE_CHARS) -> str:
    """The credit in short lines (each language on its own, long lines broken between words), so that
    it stays inside a map as narrow as a phone's screen."""
    return "<br>".join(line for part in credit.split(" / ") for line in textwrap.wrap(part, width) or [part])


def map_colors(fig: go.Figure) -> dict[str, str]:
    """Each shape's colour on a map from `choropleth`: code -> colour (for tests and the static site)."""
    out: dict[str, str] = {}
    for trace in fig.data:
        if trace.type == "choropleth" and trace.locations is not None:
            for code in trace.locations:
                out[code] = trace.colorscale[0][1]
    return out
