"""概要 Overview: the headline figures with their change over 30 days, and each business's stages."""

from functools import partial

import streamlit as st

from dashboard import captions, data, exhibits, view
from dashboard.charts.bars import context_bars
from dashboard.charts.ministry import procedure_vs_running
from dashboard.i18n import lang_query, tr
from dashboard.shape.common import days
from dashboard.shape.context import context_chart_frame, context_frame, context_table
from dashboard.shape.headline import kpi_cards, kpi_table, plain_summary
from dashboard.shape.official import official_caption, procedure_table
from dashboard.summaries import ministry, municipality
from documents import deck
from schemas.vocabulary.display import PLAIN_SUMMARY_TITLE

ctx = view.start(
    "概要",
    "Overview",
    "東京都内62団体の基幹業務20業務の標準準拠システムへの移行状況",
    "How far Tokyo's municipalities are in moving their 20 core systems to standard-compliant systems",
)

kpis = data.kpis(ctx.db, ctx.version, ctx.today)
cards = kpi_cards(kpis, ctx.lang, ctx.deadline, ctx.recent_days)
# one row of columns per four cards: on a phone the columns stack row by row, so the cards keep the
# desktop's reading order (one set of four columns would stack column by column)
for i, card in enumerate(cards):
    if i % 4 == 0:
        columns = st.columns(4)
    with columns[i % 4].container(border=True, key=f"kpi_{card['key']}"):
        st.metric(
            card["label"],
            card["value"],
            card["delta"],
            help=card["help"],
            delta_color=card["delta_color"],
            delta_arrow=card["delta_arrow"],
        )
        if card["split"]:
            st.caption(card["split"])
before = captions.fmt_date(ctx.today - days(30))
st.caption(
    tr(
        f"増減は30日前（{before}）との比較。対象外のシステムは分母に含めません。",
        f"Changes against 30 days before ({before}). Systems not applicable are outside every denominator.",
    )
)
with st.expander(tr(*PLAIN_SUMMARY_TITLE), expanded=ctx.lang == "ja"):
    st.html(f'<div class="hyj-plain" lang="{ctx.lang}">{plain_summary(kpis, ctx.lang, ctx.deadline)}</div>')
# the briefing deck (PPTX) is built only when asked for: its charts take some seconds to render
st.download_button(
    tr("ブリーフィング資料（PowerPoint）をダウンロード", "Download the briefing deck (PowerPoint)"),
    partial(deck.render_deck, ctx.db, day=ctx.today, lang=ctx.lang),
    file_name=deck.file_name(captions.iso_date(ctx.meta["data_as_of"]), ctx.lang),
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    key="overview_deck_pptx",
    icon=":material/slideshow:",
    on_click="ignore",
)
with st.expander(tr("指標の表", "The figures as a table")):
    view.table(kpi_table(kpis, ctx.lang, ctx.recent_days), "overview_kpis", ctx)

stages = exhibits.stages(data.stage_distribution(ctx.db, ctx.version), ctx.meta, ctx.lang)
st.subheader(stages.title)
view.exhibit(stages, ctx)

st.subheader(tr("地図: 団体ごとの稼働率", "Map: share live in each municipality"))
map_card = data.map_part(ctx.db, ctx.version, ctx.today, "live", "", ctx.national, ctx.lang, height=460)
view.exhibit(exhibits.map_of(map_card, ctx.meta, ctx.lang, "overview_map", exhibits.map_file_stem("live")), ctx)
st.page_link(
    "app_pages/map.py",
    label=tr("地図のページで指標を選ぶ", "Choose another measure on the map page"),
    icon=":material/map:",
    query_params=lang_query() or None,
)

latest = data.official_latest(ctx.db, ctx.version)
if not latest.empty:
    st.subheader(tr("手続の完了（総務省）と稼働（報告）", "Procedure done (ministry) vs running (reported)"))
    st.caption(
        tr(
            "総務省の完了率は40の手順のうち完了（対象外を含む）の割合で、稼働の割合ではありません。",
            "The ministry's rate is the share of its 40 procedure steps done (not applicable included), "
            "not the share running.",
        )
    )
    procedure = data.procedure_vs_running(ctx.db, ctx.version)
    view.chart(
        procedure_vs_running(procedure, ctx.lang),
        procedure_table(procedure, ctx.lang),
        "overview_procedure",
        ctx,
        summary=ministry.procedure_vs_running(procedure, ctx.lang),
        caption=official_caption(latest, ["mic_progress"], ctx.lang) + " · " + view.as_of_caption(ctx),
    )

view.prefecture_record(ctx, "overview_prefecture")

national, local = data.context_figures(ctx.db, ctx.version)
if not national.empty:
    local_name = tr("対象団体", "This jurisdiction") if ctx.national else tr("都内", "Tokyo")
    st.subheader(tr("全国との比較", "Against the national figures"))
    context = context_frame(national, local, ctx.lang)
    view.chart(
        context_bars(context_chart_frame(context), ctx.lang, local_name),
        context_table(context, ctx.lang, local_name),
        "overview_context",
        ctx,
        summary=municipality.context(context, ctx.lang, local_name),
        caption=tr(
            "全国の数値は公表資料（出典・基準日は表に記載）、都内は各団体の報告と取り込んだ公表資料から。"
            "デジタル庁の一覧は●のある団体だけを載せます: 一覧にない団体は該当見込みなし（未回答ではありません）。",
            "National figures from the releases (source and as-of in the table); the jurisdiction's from the "
            "municipalities' reports and the releases loaded. The Digital Agency lists only bodies with at "
            "least one ●: a body absent from the list has no expected special-support system (not 'unreported').",
        ),
    )
