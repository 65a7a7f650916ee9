"""地図 Map: Tokyo's 62 municipalities (or, at national scale, the prefectures) coloured by a measure."""

import streamlit as st

from dashboard import data, exhibits, geo, view
from dashboard.i18n import lang_query, tr
from dashboard.shape.maps import MAP_BUSINESS_METRICS, MAP_METRICS, business_names, map_metric_label

ctx = view.start(
    "地図",
    "Map",
    "団体ごとの状況を地図で示します。団体をクリックするとその団体のページを開きます。",
    "Each municipality's status on a map; click a municipality to open its page.",
)

metric = view.url_select(
    tr("指標", "Measure"),
    MAP_METRICS,
    "metric",
    "live",
    format_func=lambda m: map_metric_label(m, ctx.lang),  # the page's language, also outside a run
    widget="radio",
    horizontal=True,
)
cells = data.heatmap_cells(ctx.db, ctx.version, ctx.today)
business = ""
if metric in MAP_BUSINESS_METRICS:
    names = business_names(cells, ctx.lang)
    business = view.url_select(
        tr("業務", "Business"), list(names), "business", next(iter(names)), format_func=names.get
    )

part = data.map_part(ctx.db, ctx.version, ctx.today, metric, business, ctx.national, ctx.lang)
st.subheader(part.view.label)
points = view.exhibit(
    exhibits.map_of(part, ctx.meta, ctx.lang, "map", exhibits.map_file_stem(metric, business)), ctx, selectable=True
)
st.caption(geo.credit(ctx.lang))

picked = view.selected_customdata(points)
if picked:
    lang_param = lang_query()
    if ctx.national:  # a prefecture: its municipalities on the heatmap
        st.switch_page("app_pages/heatmap.py", query_params={"pref": picked[0], **lang_param})
    st.switch_page("app_pages/municipality.py", query_params={"muni": picked[0], **lang_param})
