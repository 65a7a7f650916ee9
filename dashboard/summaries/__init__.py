"""Each chart's headline figure as one phrase, for the sentence a screen reader hears before the chart
(`view.chart`'s `summary`): pure text from the same frames the chart plots, in either language, its
numbers formatted as on the pages (`captions.fmt_int`, `captions.fmt_pct`).

- `standardisation`: the stage bars, the maps, the heatmaps, progress over time;
- `cloud`: the two tracks, tracks and cloud status by business, cloud share per area;
- `municipality`: one municipality's context, ministry steps, history and peers;
- `delays`: special support, systems past due, the vendors;
- `ministry`: the official releases (procedure rates, reconciliation).

Every summary is re-exported here: callers use `summaries.stages`, `summaries.map_view` and so on.
"""

from __future__ import annotations

from dashboard.summaries.cloud import cloud_area, cloud_business, tracks, two_tracks
from dashboard.summaries.delays import OVERDUE_ORDER, overdue, reasons, vendor_matrix, vendor_schedule
from dashboard.summaries.ministry import procedure_over_time, procedure_vs_running, reconcile
from dashboard.summaries.municipality import context, history, peers, steps
from dashboard.summaries.standardisation import heatmap_cells, map_view, prefecture_rollup, progress, stages

__all__ = [
    "OVERDUE_ORDER",
    "cloud_area",
    "cloud_business",
    "context",
    "heatmap_cells",
    "history",
    "map_view",
    "overdue",
    "peers",
    "prefecture_rollup",
    "procedure_over_time",
    "procedure_vs_running",
    "progress",
    "reasons",
    "reconcile",
    "stages",
    "steps",
    "tracks",
    "two_tracks",
    "vendor_matrix",
    "vendor_schedule",
]
