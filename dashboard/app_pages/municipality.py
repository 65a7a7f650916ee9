"""団体別 Municipality: one municipality's 20 systems, its history, its peers and its last report."""

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import captions, cost_view, data, exhibits, view
from dashboard.charts.bars import share_bars
from dashboard.charts.ministry import step_grid
from dashboard.i18n import column, label, text, tr
from dashboard.shape import forecast as forecast_shape
from dashboard.shape.municipality import peers, peers_table, systems_table
from dashboard.shape.official import list_marks_text, official_caption, steps_table
from dashboard.summaries import municipality
from documents import sheet
from schemas.vocabulary.display import OVERDUE

ctx = view.start("団体別", "Municipality")

munis = data.municipality_list(ctx.db, ctx.version)
name_col = column("municipality")
names = dict(zip(munis["municipality_code"], munis[name_col], strict=True))
code = view.url_select(
    tr("団体", "Municipality"),
    list(names),
    "muni",
    next(iter(names)),
    format_func=lambda c: f"{names[c]} ({c})",
    keep_default=True,
)

summary = data.municipality_summary(ctx.db, ctx.version, ctx.today)
me = summary[summary["municipality_code"] == code].iloc[0]
st.header(tr(f"{names[code]}（{code}）", f"{names[code]} ({code})"))

c1, c2, c3, c4 = st.columns([1, 1.8, 0.8, 1.1])  # the registry stage is the longest text
with c1.container(border=True, key="muni_live"):
    st.metric(
        tr("稼働済み / 対象", "Live / in scope"),
        f"{captions.fmt_int(me['n_live'])} / {captions.fmt_int(me['n_in_scope'])}",
        help=tr(
            "新しい標準のシステムで動いている業務の数と、対象の業務の数（対象外を除き、報告のない業務を含みます）です。",
            "Systems running on a standard-compliant system, of those in scope (not applicable excluded, "
            "unreported ones included).",
        ),
    )
with c2.container(border=True, key="muni_registry"):
    st.metric(text("resident_registry"), label("stage", me["registry_stage"]))
with c3.container(border=True, key="muni_overdue"):
    st.metric(
        tr(*OVERDUE),
        captions.fmt_int(me["n_overdue"]),
        help=tr(
            "期日を過ぎても、まだ新しいシステムで動いていないこの団体のシステムの数です（報告のないものを含みます。"
            "概要ページの「期限超過」と同じ数え方です）。",
            "This municipality's systems not yet running on a standard-compliant system after their due date, "
            "unreported ones included (counted as on the overview).",
        ),
    )
with c4.container(border=True, key="muni_last_report"):
    st.metric(tr("最終報告日", "Last report"), captions.fmt_date(me["last_report"]))
# the A4 sheet (PDF) is made only when asked for: rendering it takes a few seconds
st.download_button(
    tr("カルテ（A4 PDF）をダウンロード", "Download its sheet (A4 PDF)"),
    partial(sheet.render_sheet, ctx.db, code, lang=ctx.lang, day=ctx.today, costs=cost_view.may_see(code)),
    file_name=sheet.file_name(code, captions.iso_date(ctx.meta["data_as_of"]), ctx.lang),
    mime="application/pdf",
    key="muni_sheet_pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)
if me["n_in_scope"] == 0 and me["registry_stage"] == "no_report":
    st.warning(tr("この団体からの報告はまだありません。", "This municipality has not reported yet."))

st.subheader(tr("20業務の状況", "Its 20 systems"))
systems = data.municipality_systems(ctx.db, ctx.version, code, ctx.today)
view.table(systems_table(systems, ctx.lang), "muni_systems", ctx, filename=f"systems_{code}")

st.subheader(tr("稼働の見通し（予測）", "Go-live forecast"))
ahead = data.forecast(ctx.db, ctx.version, ctx.today)
st.caption(
    tr(
        "期日までに稼働する確率と予測稼働日（報告の履歴から学習した所要期間による模擬）。期日を過ぎたシステムは0%です。",
        "The chance of going live by the due date and the forecast go-live (drawn from the stage durations "
        "learned from the report history). A system past its due date shows 0%.",
    )
)
fiscal_year_end = date(ctx.today.year + (1 if ctx.today.month >= 4 else 0), 3, 31)
live_by = st.date_input(text("p_by_pick"), value=fiscal_year_end, min_value=ctx.today, key="forecast_by")
p_by = pd.Series(ahead.forecast.p_by(live_by), index=ahead.forecast.systems.index)
view.table(
    forecast_shape.municipality_table(ahead.forecast.systems, code, ctx.lang, p_by, live_by),
    "muni_forecast",
    ctx,
    filename=f"forecast_{code}",
)
st.page_link(
    "app_pages/forecast.py",
    label=tr("予測の方法と検証", "How the forecast works and is checked"),
    icon=":material/info:",
)

steps = data.municipality_steps(ctx.db, ctx.version, code)
if not steps.empty:
    st.subheader(tr("総務省 手順の進捗", "The ministry's procedure steps"))
    view.chart(
        step_grid(steps, ctx.lang),
        steps_table(steps, ctx.lang),
        "muni_steps",
        ctx,
        filename=f"steps_{code}",
        summary=municipality.steps(steps, ctx.lang),
        caption=official_caption(data.official_latest(ctx.db, ctx.version), ["mic_progress"], ctx.lang),
    )

marks = data.municipality_marks(ctx.db, ctx.version, code)
if not marks.empty:
    st.subheader(tr("国の特定移行支援システム該当見込み一覧", "The national list of expected special-support systems"))
    st.markdown(list_marks_text(marks, ctx.lang))
    st.caption(official_caption(data.official_latest(ctx.db, ctx.version), ["da_special_support"], ctx.lang))

cost_view.municipality_costs(ctx, code)

st.subheader(tr("報告の履歴", "Its history"))
history = data.municipality_history(ctx.db, ctx.version, code)
if history.empty:
    st.info(tr("履歴はまだありません。", "No history yet."))
else:
    view.exhibit(exhibits.history(history, names[code], ctx.meta, ctx.lang, "muni_history", f"history_{code}"), ctx)

st.subheader(tr("類似団体との比較", "Compared with its peers"))
peer_labels = {"kind": tr("同じ団体区分", "Same kind"), "region": tr("同じ地域", "Same region")}
peers_by = view.url_select(
    tr("比較対象", "Peers"),
    ["kind", "region"],
    "peers",
    "kind",
    format_func=peer_labels.get,
    widget="radio",
    horizontal=True,
)
peer_frame = peers(summary, code, peers_by).assign(label=lambda f: f[name_col])
view.chart(
    share_bars(
        peer_frame,
        "label",
        "share_live",
        highlight=names[code],
        lang=ctx.lang,
        x_title=tr("稼働率（対象システム中）", "Share live (of systems in scope)"),
    ),
    peers_table(peer_frame, ctx.lang),
    "muni_peers",
    ctx,
    filename=f"peers_{code}",
    summary=municipality.peers(peer_frame, code, ctx.lang),
)
