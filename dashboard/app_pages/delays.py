"""特定移行支援・遅延 Special support and delays: designated systems with reasons and new dates; every
system past due by schedule status (one definition: etl/sql/schedule.sql)."""

import streamlit as st

from dashboard import captions, data, exhibits, view
from dashboard.i18n import tr
from dashboard.shape.schedule import overdue_by_status, overdue_table, special_table
from schemas.vocabulary.display import OVERDUE
from schemas.vocabulary.labels import schedule_label

ctx = view.start(
    "特定移行支援・遅延",
    "Special support & delays",
    "期日を過ぎて未稼働のシステムを、全国の期限と特定移行支援の指定で分類します（未報告を含む）。"
    "特定移行支援システムの期日は新たな移行完了予定日です。",
    "Systems not live past their due date, classified against the national deadline and the special-support "
    "designation (no report included); a special-support system is due on its new date.",
)

special = data.special_support(ctx.db, ctx.version)
late = data.overdue(ctx.db, ctx.version, ctx.today)
by_status = overdue_by_status(late)
shown = ["overdue_deadline", "overdue_special"] + (["overdue_target"] if by_status["overdue_target"] else [])
columns = st.columns(len(shown) + 1)
for column, status in zip(columns, shown, strict=False):
    with column.container(border=True, key=f"delays_{status}"):
        st.metric(
            schedule_label(status, ctx.lang),
            captions.fmt_int(by_status[status]),
            help=tr(f"{captions.fmt_date(ctx.today)}時点", f"On {captions.fmt_date(ctx.today)}"),
        )
with columns[-1].container(border=True, key="delays_special_count"):
    st.metric(tr("特定移行支援システム", "Special-support systems"), captions.fmt_int(len(special)))

reasons = exhibits.reasons(special, ctx.meta, ctx.lang)
st.subheader(reasons.title)
view.exhibit(reasons, ctx)
with st.expander(
    tr("特定移行支援システムの一覧（事由と新たな予定日）", "Special-support systems (reasons and new targets)"),
    expanded=True,
):
    view.table(special_table(special, ctx.lang), "delays_special", ctx)

st.subheader(tr(*OVERDUE))
if late.empty:
    st.success(tr("期日を過ぎたシステムはありません。", "No system is past due."))
else:
    view.exhibit(exhibits.overdue(late, ctx.meta, ctx.lang), ctx)
    view.table(overdue_table(late, ctx.lang), "delays_overdue", ctx)
