"""突合 Reconciliation: the municipalities' reports beside the ministry's workbook and the national list."""

import streamlit as st

from dashboard import data, view
from dashboard.charts.ministry import reconcile_bars, reconcile_label
from dashboard.i18n import tr
from dashboard.shape.official import (
    loads_table,
    official_caption,
    reconcile_counts,
    reconcile_counts_table,
    reconcile_table,
)
from dashboard.summaries import ministry

ctx = view.start(
    "突合",
    "Reconciliation",
    "各団体の報告と、総務省の標準化手順の進捗（PMOツール）・デジタル庁の特定移行支援システム該当見込みとの食い違い",
    "Where the municipalities' own reports and the national releases (the ministry's PMO progress, the "
    "Digital Agency's special-support list) disagree",
)

latest = data.official_latest(ctx.db, ctx.version)
if latest.empty:
    st.info(
        tr(
            "公表資料がまだ取り込まれていません。`hyojunka official ingest ファイル` で取り込んでください。",
            "No official release loaded yet. Load one with `hyojunka official ingest FILE`.",
        ),
        icon=":material/info:",
    )
    st.stop()
caption = official_caption(latest, ["mic_progress", "da_special_support"], ctx.lang)
st.caption(
    tr(
        "総務省の完了率は手順（40）の完了割合で、稼働を意味しません（総務省自身の注記）。"
        "完了率100%で未稼働は参考として示します。",
        "The ministry's rate is the share of its 40 procedure steps done, not go-live (the ministry's own "
        "warning); 100 % and not live is shown for information, not as an error.",
    )
    + " "
    + tr(
        "デジタル庁の一覧は●のある団体だけを載せます。一覧にない団体は特定移行支援システムの該当見込みなしと読みます"
        "（未回答ではありません）。",
        "The Digital Agency lists only bodies with at least one ●: a municipality absent from the list has no "
        "expected special-support system (it is not 'unreported').",
    )
)

rec = data.reconciliation(ctx.db, ctx.version)
counts = reconcile_counts(rec)
st.subheader(tr("区分ごとの件数", "Discrepancies per class"))
view.chart(
    reconcile_bars(counts, ctx.lang),
    reconcile_counts_table(counts, ctx.lang),
    "reconcile_counts",
    ctx,
    summary=ministry.reconcile(counts, ctx.lang),
    caption=caption,
)

st.subheader(tr("食い違いの一覧", "The discrepancies"))
kinds = view.url_multiselect(
    tr("区分で絞り込み", "Filter by class"),
    list(counts["kind"]),
    "kinds",
    format_func=lambda k: reconcile_label(k, ctx.lang),
    placeholder=tr("すべての区分", "Every class"),
)
listing = reconcile_table(rec, ctx.lang, kinds)
link_column = tr("団体のページ", "Municipality page")
view.table(
    listing,
    "reconcile_list",
    ctx,
    filename="reconciliation",
    caption=caption,
    column_config={link_column: st.column_config.LinkColumn(link_column, display_text=tr("開く", "Open"))},
)

st.subheader(tr("取り込んだ公表資料", "The releases loaded"))
st.caption(
    tr(
        "総務省は毎月のファイルを同じURLで公表します。取込ごとに基準月とURLを記録し、同じ月の後の版が最新版になります（旧版も記録に残ります）。",
        "The ministry serves each month's file at one address: every load keeps its month and URL, and a later "
        "file of a month already loaded is that month's newest revision (the older stays in the record).",
    )
)
view.table(
    loads_table(data.official_loads(ctx.db, ctx.version), ctx.lang),
    "official_loads",
    ctx,
    filename="official_loads",
)
