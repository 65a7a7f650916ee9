"""ベンダ Vendors: by business and municipalities served, joint-procurement candidates, systems behind."""

import streamlit as st

from dashboard import data, exhibits, view
from dashboard.i18n import tr
from dashboard.shape.vendors import joint_candidates, top_vendors, vendor_business_table

ctx = view.start(
    "ベンダ", "Vendors", "報告されたベンダ名の表記どおりに集計しています。", "Counted by the vendor names as reported."
)

vb = data.vendor_business(ctx.db, ctx.version, ctx.today)
vs = data.vendor_summary(ctx.db, ctx.version, ctx.today)
if vb.empty:
    st.info(tr("ベンダの報告はまだありません。", "No vendor has been reported yet."))
    st.stop()

schedule = exhibits.vendor_schedule(vs, ctx.meta, ctx.lang)
st.subheader(schedule.title)
view.exhibit(schedule, ctx)

st.subheader(exhibits.title("vendor_matrix", ctx.lang))
limit = view.url_number(
    tr("表示するベンダ数（担当団体数の多い順）", "Vendors shown (most municipalities first)"),
    "top",
    default=15,
    min_value=1,
    max_value=max(1, min(50, vb["vendor"].nunique())),
)
top = top_vendors(vb, limit)
view.exhibit(exhibits.vendor_matrix(top, ctx.meta, ctx.lang), ctx)

st.subheader(
    tr(
        "共同調達の候補：同じベンダ×業務が複数団体で重なる組合せ",
        "Joint-procurement candidates: the same vendor and business in several municipalities",
    )
)
minimum = view.url_number(
    tr("最低団体数", "At least this many municipalities"), "min", default=3, min_value=2, max_value=20
)
candidates = joint_candidates(vb, minimum)
st.caption(
    tr(
        f"{len(candidates):,}組が{minimum}団体以上で重なっています。",
        f"{len(candidates):,} vendor x business pairs recur in {minimum} or more municipalities.",
    )
)
view.table(vendor_business_table(candidates, ctx.lang), "vendors_joint", ctx)
