"""Figures built from several frames that more than one output draws: the map (its view, figure,
table and summary) for the pages, the static edition and the briefing deck.

At national scale the map holds 1,741 shapes and building it costs more than the rest of the
overview's run, so the pages take it kept per data version and choice (`data.map_part`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import geo
from dashboard.charts.maps import choropleth
from dashboard.shape.maps import MapView, map_table, map_view
from dashboard.summaries import standardisation


@dataclass(frozen=True)
class MapPart:
    """A map ready for `view.chart`: its view (frame, categories, label), figure, table and summary."""

    view: MapView
    figure: go.Figure
    table: pd.DataFrame
    summary: str


def build_map(
    metric: str,
    business: str,
    summary: pd.DataFrame,
    cells: pd.DataFrame,
    rollup: pd.DataFrame | None,
    national: bool,
    lang: str,
    height: int = 640,
) -> MapPart:
    """The map of one measure (and business) from its frames, in `lang`: the pages (through the kept
    `data.map_part`), the static edition and the briefing deck all draw it here."""
    mv = map_view(metric, business, summary, cells, rollup, national, lang)
    shapes = geo.boundaries(national)
    figure = choropleth(
        mv.frame,
        shapes.geojson,
        shapes.panels,
        mv.categories,
        lang,
        credit=geo.credit(lang),
        metric_label=mv.label,
        markers=shapes.markers,
        height=height,
    )
    return MapPart(mv, figure, map_table(mv.frame, mv.categories, lang, metric), standardisation.map_view(mv, lang))
