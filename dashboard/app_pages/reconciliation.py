"""突合 Reconciliation: the municipalities' reports beside the ministry's workbook and the national list."""

import streamlit as st

from dashboard import charts, data, shape, summaries, view
from dashboard.i18n import tr

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
caption = shape.official_caption(latest, ["mic_progress", "da_special_support"], ctx.lang)
st.caption(
    tr(
        "総務省の完了率は手順（40）の完了割合で、稼働を意味しません（総務省自身の注記）。"
        "完了率100%で未稼働は参考として示します。",
        "The ministry's rate is the share of its 40 procedure steps done, not go-live (the ministry's own "
        "warning); 100 % and not live is shown for information, not as an error.",
    )
)

rec = data.reconciliation(ctx.db, ctx.version)
counts = shape.reconcile_counts(rec)
st.subheader(tr("区分ごとの件数", "Discrepancies per class"))
view.chart(
    charts.reconcile_bars(counts, ctx.lang),
    shape.reconcile_counts_table(counts, ctx.lang),
    "reconcile_counts",
    ctx,
    summary=summaries.reconcile(counts, ctx.lang),
    caption=caption,
)

st.subheader(tr("食い違いの一覧", "The discrepancies"))
kinds = view.url_multiselect(
    tr("区分で絞り込み", "Filter by class"),
    list(counts["kind"]),
    "kinds",
    format_func=lambda k: charts.reconcile_label(k, ctx.lang),
    placeholder=tr("すべての区分", "Every class"),
)
listing = shape.reconcile_table(rec, ctx.lang, kinds)
link_column = tr("団体のページ", "Municipality page")
view.table(
    listing,
    "reconcile_list",
    ctx,
    filename="reconciliation",
    caption=caption,
    column_config={link_column: st.column_config.LinkColumn(link_column, display_text=tr("開く", "Open"))},
)
