"""Page parts that are costly to build and the same for everybody: built from the cached readers of
`dashboard.data` and kept whole, figure included, per database, data version and choice.

The map is the one such part: at national scale its figure holds 1,741 shapes, and building it (one
trace per category and panel, every property validated by plotly) cost more than the rest of the
overview's run. A kept part is shared by every session, so nothing that receives it may change it:
`st.plotly_chart` serialises a figure without touching it and `dashboard.images` frames a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, geo, shape, summaries


@dataclass(frozen=True)
class MapPart:
    """A map ready for `view.chart`: its view (frame, categories, label), figure, table and summary."""

    view: shape.MapView
    figure: go.Figure
    table: pd.DataFrame
    summary: str


@st.cache_resource(ttl=data.TTL, max_entries=32, show_spinner=False)
def map_part(
    db: str,
    version: data.Version,
    today: date,
    metric: str,
    business: str,
    national: bool,
    lang: str,
    height: int = 640,
) -> MapPart:
    """The map of one measure (and business) on `today`, in `lang`, as the overview and the map page show it."""
    summary = data.municipality_summary(db, version, today)
    cells = data.heatmap_cells(db, version, today)
    rollup = data.prefecture_rollup(db, version) if national else None
    mv = shape.map_view(metric, business, summary, cells, rollup, national, lang)
    shapes = geo.boundaries(national)
    figure = charts.choropleth(
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
    return MapPart(mv, figure, shape.map_table(mv.frame, mv.categories, lang, metric), summaries.map_view(mv, lang))
