"""ガバメントクラウド Government Cloud: readiness by business and municipality, and the two tracks."""

from functools import partial

import streamlit as st

from dashboard import data, exhibits, view
from dashboard.charts.bars import track_bars
from dashboard.i18n import label, tr
from dashboard.shape.cloud import cloud_by_area, tracks_by_business, tracks_table
from dashboard.shape.heatmap import REGIONS
from dashboard.summaries import cloud

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

two_tracks = exhibits.two_tracks(tracks, ctx.meta, ctx.lang)
st.subheader(two_tracks.title)
view.exhibit(two_tracks, ctx)

st.subheader(tr("業務別：両方の軸での位置", "By business: where each system stands on both tracks"))
view.chart(
    track_bars(tracks_by_business(tracks), ctx.lang),
    tracks_table(tracks, ctx.lang),
    "cloud_tracks",
    ctx,
    summary=cloud.tracks(tracks, ctx.lang),
)

by_business = exhibits.cloud_business(data.cloud_by_business(ctx.db, ctx.version), ctx.meta, ctx.lang)
st.subheader(by_business.title)
view.exhibit(by_business, ctx)

st.subheader(exhibits.title("cloud_area_national" if ctx.national else "cloud_area", ctx.lang))
regions: list[str] = []
if not ctx.national:
    regions = view.url_multiselect(
        tr("地域", "Region"),
        REGIONS,
        "region",
        format_func=partial(label, "region", language=ctx.lang),
        placeholder=tr("すべて", "All"),
    )
by_area = cloud_by_area(data.cloud_by_municipality(ctx.db, ctx.version), ctx.national, ctx.lang, regions)
view.exhibit(exhibits.cloud_area(by_area, ctx.national, ctx.meta, ctx.lang), ctx)
