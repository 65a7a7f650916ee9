"""運用経費 Operating costs: each system's cost before and after the move, against the 30 % target; the
categories that moved; cost against stage and Government Cloud use; joint procurement.

Privacy: one municipality's yen only to itself and the CIO office; the public sees figures that add
up at least the setting's number of municipalities (5), unless the deployment publishes them."""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import auth, data, view
from dashboard.charts import costs as cost_charts
from dashboard.i18n import column, tr
from dashboard.shape import costs as cost_shape
from dashboard.summaries import costs as cost_summaries
from etl.costs import settings
from etl.costs.export import xlsx_bytes
from schemas.vocabulary.costs import COST_TEXT
from schemas.vocabulary.language import in_lang

SHOWN = 100  # candidates listed on the page; the Excel download holds them all
ctx = view.start(
    "運用経費",
    "Operating costs",
    "標準準拠システムの運用経費を平成30年度（FY2018）と比べます。国の目標は3割減（0.7倍）です。",
    "Operating costs of the standard-compliant systems against FY2018. The national target is 30 % less (0.7×).",
)
principal = auth.current()
role = principal.role if principal else None
own = principal.municipality_code if principal else None
published = settings.publish_per_municipality()
admin = role == "admin"
minimum = 0 if (published or admin) else settings.min_municipalities()
target = settings.target_ratio()
figures = data.cost_figures(ctx.db, ctx.version)
n_reported, n_compared = int(figures.get("n_reported") or 0), int(figures.get("n_compared") or 0)


def caption() -> str:
    """Where the cost figures come from."""
    return tr(
        f"出典: 各団体の運用経費の報告（hyojunka）。報告 {n_reported} 団体、うち FY2018 と直近年度の両方がある"
        f" {n_compared} 団体・{int(figures.get('n_pairs') or 0):,} システムで比較。",
        f"Source: the municipalities' cost reports (hyojunka). {n_reported} reported; {n_compared} municipalities "
        f"and {int(figures.get('n_pairs') or 0):,} systems have both FY2018 and a latest year.",
    )


def L(key: str) -> str:  # noqa: N802 (a label of the cost page's words)
    return in_lang(COST_TEXT[key], ctx.lang)


st.caption(caption())
if n_reported == 0:
    st.info(
        tr(
            "運用経費の報告はまだありません。報告ページの「運用経費」タブ、テンプレートの「運用経費」シート、"
            "または `hyojunka costs ingest ファイル` で報告できます。",
            "No cost report yet. Report on the report page's cost tab, in the template's 運用経費 sheet, or with "
            "`hyojunka costs ingest FILE`.",
        )
    )
    st.stop()
if not cost_shape.figures_public(figures, minimum):
    st.info(
        tr(
            f"比較できる団体が {settings.min_municipalities()} 団体未満のため、集計値は表示しません。",
            f"Fewer than {settings.min_municipalities()} municipalities can be compared: no figure is shown.",
        )
    )
    st.stop()

weighted = figures.get("weighted_ratio")
weighted = None if weighted is None or pd.isna(weighted) else float(weighted)
c1, c2, c3, c4 = st.columns(4)
with c1.container(border=True, key="cost_weighted"):
    st.metric(
        L("weighted_ratio"),
        "—" if weighted is None else f"{weighted:.2f}×",
        help=tr(
            "比較できる全システムの直近年度の経費の合計 ÷ FY2018 の経費の合計",
            "All compared systems' latest-year costs added up ÷ their FY2018 costs added up",
        ),
    )
with c2.container(border=True, key="cost_median"):
    median = figures.get("median_ratio")
    st.metric(L("median_ratio"), "—" if median is None or pd.isna(median) else f"{float(median):.2f}×")
with c3.container(border=True, key="cost_above_one"):
    st.metric(L("above_one"), f"{int(figures.get('n_above_one') or 0)} / {n_compared}")
with c4.container(border=True, key="cost_above_target"):
    st.metric(f"{L('above_target')} ({target:.2f}×)", f"{int(figures.get('n_above_target') or 0)} / {n_compared}")

st.subheader(tr("団体ごとの FY2018 比の分布", "Each municipality's ratio to FY2018"))
munis = data.cost_municipalities(ctx.db, ctx.version)
bins = cost_shape.ratio_bins(munis)
references = settings.national_references()
view.chart(
    cost_charts.ratio_histogram(bins, references, target, weighted, ctx.lang),
    cost_shape.bins_table(bins, ctx.lang),
    "cost_ratios",
    ctx,
    summary=cost_summaries.ratios(figures, target, ctx.lang),
    caption=caption(),
)
st.caption(
    tr("参考線（公表値）: ", "Reference lines (reported figures): ")
    + " · ".join(
        f"{r.label_en if ctx.lang == 'en' else r.label_ja} — {r.source}（{r.as_of}）" for r in references.itertuples()
    )
)

st.subheader(tr("何が増えたか：経費区分ごとの増減", "What moved: the change by category"))
categories = cost_shape.categories_frame(data.cost_categories(ctx.db, ctx.version), ctx.lang)
view.chart(
    cost_charts.category_change_bars(categories, ctx.lang),
    cost_shape.categories_table(categories, ctx.lang),
    "cost_categories",
    ctx,
    summary=cost_summaries.categories(categories, ctx.lang),
    caption=caption(),
)

st.subheader(tr("移行の段階・ガバメントクラウドの利用と経費", "Cost against migration stage and Government Cloud use"))
by = view.url_select(
    tr("区分", "By"),
    ["stage", "gov_cloud"],
    "by",
    "stage",
    format_func=lambda v: L("stage") if v == "stage" else L("gov_cloud"),
    widget="radio",
    horizontal=True,
)
groups = cost_shape.withhold(cost_shape.group_frame(data.cost_by_group(ctx.db, ctx.version, by), by, ctx.lang), minimum)
view.chart(
    cost_charts.group_ratio_bars(groups, target, ctx.lang),
    cost_shape.group_table(groups, by, ctx.lang),
    f"cost_by_{by}",
    ctx,
    summary=cost_summaries.groups(groups, ctx.lang),
    caption=caption(),
)
if minimum > 1:
    st.caption(
        tr(
            f"{minimum} 団体未満の区分は経費を表示しません。",
            f"Groups of fewer than {minimum} municipalities show no cost.",
        )
    )

st.subheader(tr("業務別", "By business"))
businesses = cost_shape.withhold(data.cost_by_business(ctx.db, ctx.version), minimum)
view.table(cost_shape.business_table(businesses, ctx.lang), "cost_business", ctx, caption=caption())

if admin or published:
    st.subheader(tr("団体別（FY2018 比の高い順）", "By municipality (highest ratio first)"))
    view.table(cost_shape.municipalities_table(munis, ctx.lang), "cost_municipalities", ctx, caption=caption())
elif role == "municipality" and own is not None:
    mine = munis[munis["municipality_code"] == own]
    st.subheader(tr("自団体", "Your municipality"))
    if mine.empty:
        st.info(tr("自団体の運用経費の報告はまだありません。", "Your municipality has not reported its costs yet."))
    else:
        view.table(cost_shape.municipalities_table(mine, ctx.lang), "cost_own", ctx, caption=caption())

st.subheader(tr("共同調達の候補", "Joint-procurement candidates"))
st.caption(
    tr(
        "同じ業務を同じベンダ（またはパッケージ）から調達し、契約が同じ年度に満了する 2 団体以上。合計年額は各団体の直近年度。",
        "Two or more municipalities buying the same business from the same vendor (or package) with contracts "
        "ending in the same fiscal year; the combined cost is each one's latest year.",
    )
)
candidates = cost_shape.withhold(data.joint_candidates(ctx.db, ctx.version), minimum)
candidate_table = cost_shape.candidates_table(candidates, ctx.lang)
if len(candidate_table) > SHOWN:
    st.caption(
        tr(
            f"{len(candidate_table):,} 組のうち、満了の早い順に {SHOWN} 組を表示しています（全件は Excel で）。",
            f"The first {SHOWN} of {len(candidate_table):,} by ending window are shown (all in the Excel file).",
        )
    )
view.table(candidate_table.head(SHOWN), "cost_candidates", ctx, caption=caption())
st.download_button(
    tr("候補を Excel でダウンロード（全件）", "Download every candidate (Excel)"),
    data=partial(xlsx_bytes, candidate_table, "candidates"),  # made when asked for
    file_name=f"joint_candidates_{ctx.lang}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="cost_candidates_all_xlsx",
    on_click="ignore",
)

members = data.joint_members(ctx.db, ctx.version)
st.subheader(tr("成立した共同調達：参加団体の前後", "Arrangements formed: their members before and after"))
if members.empty:
    st.info(tr("成立した共同調達はまだありません。", "No arrangement has been formed yet."))
else:
    totals = cost_shape.withhold(cost_shape.arrangement_totals(members), minimum)
    view.chart(
        cost_charts.before_after_bars(totals, ctx.lang),
        totals.rename(columns={"name": L("arrangement"), "before_total": L("before"), "after_total": L("after")}),
        "cost_arrangements",
        ctx,
        summary=cost_summaries.before_after(totals, ctx.lang),
        caption=caption(),
    )
    if admin or published:
        view.table(cost_shape.members_table(members, ctx.lang), "cost_members", ctx, caption=caption())


def arrangement_form() -> None:
    """The CIO office marks an arrangement as formed."""
    from etl import reference, store
    from etl.costs.joint import form_arrangement
    from etl.errors import UserError

    names = data.municipality_list(ctx.db, ctx.version)
    labels = dict(zip(names["municipality_code"], names[column("municipality")], strict=True))
    business_names = reference.businesses()
    blabels = dict(zip(business_names["business_id"], business_names[column("name")], strict=True))
    with st.form("cost_arrangement_form"):
        name = st.text_input(L("arrangement"), key="arr_name")
        business = st.selectbox(
            tr("業務", "Business"), list(blabels), format_func=lambda b: blabels.get(b, b), key="arr_business"
        )
        vendor = st.text_input(L("vendor_or_package"), key="arr_vendor")
        start = st.date_input(L("start"), value=date(ctx.today.year, 4, 1), key="arr_start")
        base = st.number_input(L("base_cost"), min_value=0, step=100_000, key="arr_base")
        chosen = st.multiselect(
            L("participants"), list(labels), format_func=lambda c: labels.get(c, c), key="arr_members"
        )
        shares = st.text_input(
            tr(
                "利用量の割合（参加団体の順にカンマ区切り、空欄は均等）",
                "Usage shares (comma-separated, in order; empty: equal)",
            ),
            key="arr_shares",
        )
        submitted = st.form_submit_button(tr("成立として登録", "Record as formed"))
    if submitted and principal is not None:
        try:
            weights = [float(x) for x in shares.split(",")] if shares.strip() else [1.0] * len(chosen)
            if len(weights) != len(chosen):
                raise UserError("割合の数が参加団体の数と違います。", "Give one share per participant.")
            with store.connect(ctx.db) as con:
                aid = form_arrangement(
                    con,
                    name=name,
                    business_id=str(business),
                    vendor=vendor,
                    start=start,
                    base_cost=int(base),
                    usage=dict(zip(chosen, weights, strict=True)),
                    created_by=auth.submitter(principal),
                )
            st.success(tr(f"共同調達 #{aid} を登録しました。", f"Arrangement #{aid} recorded."))
        except ValueError:
            st.error(tr("割合は数値で入力してください。", "Shares must be numbers."))
        except UserError as exc:
            st.error(exc.message(ctx.lang))


if admin and principal is not None:
    with st.expander(tr("共同調達の成立を登録（都 CIO 室）", "Record an arrangement as formed (CIO office)")):
        arrangement_form()
