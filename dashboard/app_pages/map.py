"""地図 Map: Tokyo's 62 municipalities (or, at national scale, the prefectures) coloured by a measure."""

import streamlit as st

from dashboard import charts, data, geo, shape, summaries, view
from dashboard.i18n import tr

ctx = view.start(
    "地図",
    "Map",
    "団体ごとの状況を地図で示します。団体をクリックするとその団体のページを開きます。",
    "Each municipality's status on a map; click a municipality to open its page.",
)

metric = view.url_select(
    tr("指標", "Measure"),
    shape.MAP_METRICS,
    "metric",
    "live",
    format_func=lambda m: shape.map_metric_label(m, ctx.lang),  # the page's language, also outside a run
    widget="radio",
    horizontal=True,
)
cells = data.heatmap_cells(ctx.db, ctx.version, ctx.today)
business = ""
if metric in shape.MAP_BUSINESS_METRICS:
    names = shape.business_names(cells, ctx.lang)
    business = view.url_select(
        tr("業務", "Business"), list(names), "business", next(iter(names)), format_func=names.get
    )

summary = data.municipality_summary(ctx.db, ctx.version, ctx.today)
rollup = data.prefecture_rollup(ctx.db, ctx.version) if ctx.national else None
mv = shape.map_view(metric, business, summary, cells, rollup, ctx.national, ctx.lang)
shapes = geo.boundaries(ctx.national)
st.subheader(mv.label)
points = view.chart(
    charts.choropleth(
        mv.frame,
        shapes.geojson,
        shapes.panels,
        mv.categories,
        ctx.lang,
        credit=geo.credit(ctx.lang),
        metric_label=mv.label,
        markers=shapes.markers,
    ),
    shape.map_table(mv.frame, mv.categories, ctx.lang, metric),
    "map",
    ctx,
    filename=f"map_{metric}{'_' + business if business else ''}",
    selectable=True,
    title=mv.label,
    summary=summaries.map_view(mv, ctx.lang),
)
st.caption(geo.credit(ctx.lang))

picked = view.selected_customdata(points)
if picked:
    lang_param = {"lang": "en"} if ctx.lang == "en" else {}
    if ctx.national:  # a prefecture: its municipalities on the heatmap
        st.switch_page("app_pages/heatmap.py", query_params={"pref": picked[0], **lang_param})
    st.switch_page("app_pages/municipality.py", query_params={"muni": picked[0], **lang_param})
