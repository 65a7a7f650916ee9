"""ガバメントクラウド Government Cloud: readiness by business and municipality, and the two tracks."""

from functools import partial

import streamlit as st

from dashboard import charts, data, shape, summaries, view
from dashboard.i18n import label, tr

ctx = view.start(
    "ガバメントクラウド",
    "Government Cloud",
    "標準準拠システムへの移行（標準化）とガバメントクラウドへの移行は別々に進む二つの軸です。",
    "Standardisation and the move to the Government Cloud are two tracks that advance separately.",
)

tracks = data.cloud_tracks(ctx.db, ctx.version)
if tracks.empty:
    st.info(tr("対象のシステムがまだありません。", "No systems in scope yet."))
    st.stop()

st.subheader(tr("二つの軸：標準化とガバメントクラウド", "Two tracks: standardisation and the Government Cloud"))
stage_totals = shape.ordered(shape.track_totals(tracks, "stage"), "stage", charts.STAGE_KEYS)
cloud_totals = shape.ordered(shape.track_totals(tracks, "gov_cloud"), "gov_cloud", charts.CLOUD_KEYS)
view.chart(
    charts.two_tracks(stage_totals, cloud_totals, ctx.lang),
    shape.two_track_table(stage_totals, cloud_totals, ctx.lang),
    "cloud_two_tracks",
    ctx,
    summary=summaries.two_tracks(stage_totals, cloud_totals, ctx.lang),
)

st.subheader(tr("業務別：両方の軸での位置", "By business: where each system stands on both tracks"))
view.chart(
    charts.track_bars(shape.tracks_by_business(tracks), ctx.lang),
    shape.tracks_table(tracks, ctx.lang),
    "cloud_tracks",
    ctx,
    summary=summaries.tracks(tracks, ctx.lang),
)

st.subheader(tr("業務別のガバメントクラウド利用状況", "Government Cloud status by business"))
by_business = data.cloud_by_business(ctx.db, ctx.version)
view.chart(
    charts.cloud_bars(by_business, ctx.lang),
    shape.cloud_table(by_business, ctx.lang),
    "cloud_business",
    ctx,
    summary=summaries.cloud_business(by_business, ctx.lang),
)

st.subheader(
    tr("都道府県別のクラウド稼働率", "Share running on the cloud by prefecture")
    if ctx.national
    else tr("団体別のクラウド稼働率", "Share running on the cloud by municipality")
)
regions: list[str] = []
if not ctx.national:
    regions = view.url_multiselect(
        tr("地域", "Region"),
        shape.REGIONS,
        "region",
        format_func=partial(label, "region", language=ctx.lang),
        placeholder=tr("すべて", "All"),
    )
by_area = shape.cloud_by_area(data.cloud_by_municipality(ctx.db, ctx.version), ctx.national, ctx.lang, regions)
view.chart(
    charts.share_bars(
        by_area,
        "label",
        "share_running",
        color=charts.CLOUD_COLORS["running"],
        lang=ctx.lang,
        x_title=tr("ガバメントクラウドで稼働（対象システム中）", "Running on the cloud (of systems in scope)"),
    ),
    shape.cloud_municipality_table(by_area, ctx.lang),
    "cloud_municipality",
    ctx,
    summary=summaries.cloud_area(by_area, ctx.lang, ctx.national),
)
