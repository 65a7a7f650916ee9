"""特定移行支援・遅延 Special support and delays: designated systems with reasons and new targets; overdue."""

import streamlit as st

from dashboard import charts, data, shape, view
from dashboard.i18n import tr

ctx = view.start(
    "特定移行支援・遅延",
    "Special support & delays",
    "特定移行支援システムは個別に移行完了予定日を定めます。期限超過は特定移行支援を除いて数えます。",
    "Special-support systems have individually planned dates; overdue counts exclude them.",
)

special = data.special_support(ctx.db, ctx.version)
late = data.overdue(ctx.db, ctx.version, ctx.today)
c1, c2 = st.columns(2)
with c1.container(border=True, key="delays_special_count"):
    st.metric(tr("特定移行支援システム", "Special-support systems"), view.fmt_int(len(special)))
with c2.container(border=True, key="delays_overdue_count"):
    st.metric(
        tr(f"期限超過（{view.fmt_date(ctx.today)}時点）", f"Overdue (on {view.fmt_date(ctx.today)})"),
        view.fmt_int(len(late)),
    )

st.subheader(tr("特定移行支援システム：事由別", "Special-support systems by reason"))
reasons = shape.reason_counts(special, ctx.lang)
view.chart(
    charts.count_bars(reasons, "reason", "n", "#CC79A7", tr("システム数", "Systems")),
    reasons.rename(columns={"reason": tr("事由", "Reason"), "n": tr("システム数", "Systems")}),
    "delays_reasons",
    ctx,
)
with st.expander(
    tr("特定移行支援システムの一覧（事由と新たな予定日）", "Special-support systems (reasons and new targets)"),
    expanded=True,
):
    view.table(shape.special_table(special, ctx.lang), "delays_special", ctx)

st.subheader(tr("期限超過のシステム", "Overdue systems"))
if late.empty:
    st.success(tr("期限超過のシステムはありません。", "No system is overdue."))
else:
    counts = shape.overdue_counts(late)
    view.chart(
        charts.stage_count_bars(counts, ctx.lang, tr("システム数", "Systems")),
        shape.overdue_counts_table(counts, ctx.lang),
        "delays_overdue_by_business",
        ctx,
    )
    view.table(shape.overdue_table(late, ctx.lang), "delays_overdue", ctx)
