"""Charts: pure functions, DataFrame -> plotly Figure, for the pages, the static edition and the outputs.

- `palette`: the one place the colours (and the font and mark outline) are defined, with the contrast check;
- `style`: the layout every figure shares, the business axis, discrete colour scales;
- `bars`: bars per business (stages, cloud, tracks, schedule) and per row (shares, counts, context);
- `timelines`: systems live over time, nationally and for one municipality;
- `heatmaps`: municipality x business by stage, prefecture x business by share live;
- `vendors`: each vendor's schedule and the vendor x business matrix;
- `maps`: the map classes and the choropleth;
- `ministry`: the official releases (reconciliation, procedure rates, steps).

Every name is re-exported here: callers use `charts.stage_bars`, `charts.STAGE_COLORS` and so on.
Every chart (a function returning a figure) is exported with `dashboard.plain.figure_text` around it:
the text its frames hold reaches plotly's labels with `&` `<` `>` escaped, so stored text is drawn as
typed, never as markup.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts.bars import (
    cloud_bars,
    context_bars,
    count_bars,
    schedule_count_bars,
    share_bars,
    stacked_by_business,
    stage_bars,
    stage_count_bars,
    track_bars,
    two_tracks,
)
from dashboard.charts.heatmaps import CELL_FIELDS, prefecture_heatmap, stage_heatmap
from dashboard.charts.maps import (
    NO_DATA_COLOR,
    SHARE_BINS,
    choropleth,
    map_colors,
    ramp,
    schedule_categories,
    share_categories,
    share_class,
    stage_categories,
)
from dashboard.charts.ministry import (
    procedure_lines,
    procedure_vs_running,
    reconcile_bars,
    reconcile_label,
    step_grid,
    step_label,
)
from dashboard.charts.palette import (
    CHART_BACKGROUND,
    CLOUD_COLORS,
    CLOUD_KEYS,
    FONT,
    LINE_COLORS,
    MARK_OUTLINE,
    MARK_OUTLINE_WIDTH,
    NON_TEXT_CONTRAST,
    RECONCILE_COLORS,
    SCHEDULE_COLORS,
    SCHEDULE_KEYS,
    SIDE_COLORS,
    STAGE_COLORS,
    STAGE_KEYS,
    STEP_COLORS,
    TRACK_COLORS,
    contrast_ratio,
)
from dashboard.charts.timelines import live_steps, municipality_timeline, progress_lines
from dashboard.charts.vendors import schedule_bars, vendor_matrix
from dashboard.plain import figure_text

# labels live in the vocabulary; re-exported here for the pages that have long found them here
from schemas.vocabulary.labels import cloud_label, reason_label, schedule_label, stage_label

__all__ = [
    "CELL_FIELDS",
    "CHART_BACKGROUND",
    "CLOUD_COLORS",
    "CLOUD_KEYS",
    "FONT",
    "LINE_COLORS",
    "MARK_OUTLINE",
    "MARK_OUTLINE_WIDTH",
    "NON_TEXT_CONTRAST",
    "NO_DATA_COLOR",
    "RECONCILE_COLORS",
    "SCHEDULE_COLORS",
    "SCHEDULE_KEYS",
    "SHARE_BINS",
    "SIDE_COLORS",
    "STAGE_COLORS",
    "STAGE_KEYS",
    "STEP_COLORS",
    "TRACK_COLORS",
    "choropleth",
    "cloud_bars",
    "cloud_label",
    "context_bars",
    "contrast_ratio",
    "count_bars",
    "live_steps",
    "map_colors",
    "municipality_timeline",
    "prefecture_heatmap",
    "procedure_lines",
    "procedure_vs_running",
    "progress_lines",
    "ramp",
    "reason_label",
    "reconcile_bars",
    "reconcile_label",
    "schedule_bars",
    "schedule_categories",
    "schedule_count_bars",
    "schedule_label",
    "share_bars",
    "share_categories",
    "share_class",
    "stacked_by_business",
    "stage_bars",
    "stage_categories",
    "stage_count_bars",
    "stage_heatmap",
    "stage_label",
    "step_grid",
    "step_label",
    "track_bars",
    "two_tracks",
    "vendor_matrix",
]

# every chart drawn from frames: stored text escaped for plotly's labels where it enters the figure
for _name in __all__:
    _chart = globals()[_name]
    if callable(_chart) and getattr(_chart, "__annotations__", {}).get("return") in ("go.Figure", go.Figure):
        globals()[_name] = figure_text(_chart)
