"""進捗マップ Heatmap: municipalities x businesses by stage, grouped by region; national: by prefecture.
Filters by business and schedule status, the laggards of one business, a click on a cell opens the
municipality's page."""

from functools import partial

import streamlit as st

from dashboard import cell_list, data, exhibits, view
from dashboard.charts.palette import SCHEDULE_KEYS
from dashboard.i18n import column, label, lang_query, tr
from dashboard.shape.heatmap import (
    KINDS,
    SORTS,
    filter_cells,
    group_column,
    order_cells,
    prefecture_options,
    region_label,
    region_options,
)
from dashboard.shape.schedule import laggards, laggards_table
from schemas.vocabulary.contract import RESIDENT_REGISTRY
from schemas.vocabulary.labels import schedule_label

ctx = view.start(
    "進捗マップ",
    "Heatmap",
    "団体×業務の進捗段階。セルにカーソルを合わせると詳細を、クリックするとその団体のページを表示します。",
    "Each municipality's stage in each business; hover a cell for its details, click it to open the "
    "municipality's page.",
)

if ctx.national:
    st.subheader(exhibits.title("prefecture_rollup", ctx.lang))
    rollup = data.prefecture_rollup(ctx.db, ctx.version)
    view.exhibit(exhibits.prefecture_rollup(rollup, ctx.meta, ctx.lang), ctx)

cells = data.heatmap_cells(ctx.db, ctx.version, ctx.today)
if ctx.national:
    # 35,000 cells do not fit one page: the map below shows one prefecture at a time
    rollup_names = dict(zip(rollup["prefecture_code"], rollup[column("prefecture")], strict=True))
    prefectures = prefecture_options(cells)
    pref = view.url_select(
        tr("都道府県", "Prefecture"),
        prefectures,
        "pref",
        "13" if "13" in prefectures else prefectures[0],
        format_func=lambda c: rollup_names.get(c, c),
    )
    cells = cells[cells["prefecture_code"] == pref]
region_names = {r: region_label(r, n, ctx.lang) for r, n in region_options(cells).items()}
left, middle, right = st.columns(3)
with left:
    regions = view.url_multiselect(
        tr("地域", "Region"),
        list(region_names),
        "region",
        format_func=region_names.get,
        placeholder=tr("すべて", "All"),
    )
with middle:
    kinds = view.url_multiselect(
        tr("団体区分", "Kind"),
        KINDS,
        "kind",
        format_func=partial(label, "kind", language=ctx.lang),
        placeholder=tr("すべて", "All"),
    )
with right:
    sort = view.url_select(
        tr("並び順", "Order"),
        SORTS,
        "sort",
        "code",
        format_func=partial(label, "sort", language=ctx.lang),
    )

business_names = dict(zip(cells["business_id"], cells[column("business")], strict=False))
left, right = st.columns(2)
with left:
    businesses = view.url_multiselect(
        tr("業務", "Business"),
        list(business_names),
        "business",
        format_func=business_names.get,
        placeholder=tr("すべて", "All"),
    )
with right:
    statuses = view.url_multiselect(
        tr("スケジュール（該当するセルのある団体）", "Schedule status (municipalities with such a cell)"),
        SCHEDULE_KEYS,
        "status",
        format_func=lambda s: schedule_label(s, ctx.lang),
        placeholder=tr("すべて", "All"),
    )

shown = group_column(order_cells(filter_cells(cells, regions, kinds, businesses, statuses), sort), ctx.lang)
st.subheader(tr("団体×業務", "Municipalities x businesses"))
if shown.empty:
    st.info(tr("条件に合う団体がありません。", "No municipality matches these filters."))
else:
    # on a phone the cells are too narrow to name their businesses: a list stands above the chart
    # (its place kept here, filled once the chart is on its way: the chart is what everyone waits for)
    phone_list = st.empty()
    clicked = view.exhibit(exhibits.heatmap_cells(shown, ctx.meta, ctx.lang), ctx, selectable=True)
    phone_list.html(cell_list.CSS + cell_list.cell_list_html(shown, ctx.lang))
    picked = view.selected_customdata(clicked)
    if picked:
        params = {"muni": picked[-1], **lang_query()}
        st.switch_page("app_pages/municipality.py", query_params=params)

    munis = shown.drop_duplicates("municipality_code")
    names = dict(zip(munis["municipality_code"], munis[column("municipality")], strict=True))
    chosen = st.selectbox(
        tr("団体のページを開く", "Open a municipality's page"),
        list(names),
        index=None,
        format_func=lambda c: f"{names[c]} ({c})",
        key="heatmap_open",
        placeholder=tr("団体を選択", "Choose a municipality"),
    )
    if chosen:
        params = {"muni": chosen, **lang_query()}
        st.switch_page("app_pages/municipality.py", query_params=params)

st.subheader(tr("業務別の未稼働団体", "Laggards for one business"))
laggard_business = view.url_select(
    tr("業務", "Business"),
    list(business_names),
    "laggards",
    RESIDENT_REGISTRY,
    format_func=business_names.get,
)
behind = laggards(filter_cells(cells, regions, kinds), laggard_business)
st.caption(
    tr(
        f"{business_names[laggard_business]}が未稼働の団体: {len(behind):,}（期日を過ぎたものから）",
        f"Municipalities whose {business_names[laggard_business]} is not live: {len(behind):,} (past due first)",
    )
)
view.table(laggards_table(behind, ctx.lang), "heatmap_laggards", ctx, filename=f"laggards_{laggard_business}")
