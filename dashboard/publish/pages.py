"""The static edition's pages, one builder each: the overview, the map, the heatmap, progress over
time, the Government Cloud, special support and delays, vendors, and one page per municipality.

Each builder shapes the frames it needs with `dashboard.shape`, draws them with `dashboard.charts`
(the maps through `dashboard.figures`) and adds them as blocks to a `Page`, which writes each chart's
data beside it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, figures, geo, shape
from dashboard.captions import fmt_date
from dashboard.publish.data import SiteData
from dashboard.publish.writer import PAGE_TITLES, Page, Site, lang_dir
from schemas import vocabulary
from schemas.vocabulary import in_lang as _t
from schemas.vocabulary import lang_column


def _map_figure(
    d: SiteData, metric: str, business: str, lang: str, height: int = 640
) -> tuple[go.Figure, pd.DataFrame, str]:
    part = figures.build_map(metric, business, d.summary, d.cells, d.rollup, d.national, lang, height)
    return part.figure, part.table, part.view.label


def _muni_link(d: SiteData) -> str | None:
    # the map's click target, relative to a top-level page: a municipality's page (a prefecture has
    # none in the static edition)
    return None if d.national else "municipality/{code}.html"


def _overview(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(
        site,
        lang,
        "overview",
        f"{prefix}index.html",
        _t(PAGE_TITLES["overview"], lang),
        _t(
            (
                "基幹業務20業務の標準準拠システムへの移行状況",
                "How far the municipalities are in moving their 20 core systems to standard-compliant systems",
            ),
            lang,
        ),
    )
    cards = shape.kpi_cards(d.kpis, lang, d.deadline, int(d.meta["recent_report_days"]))
    page.cards(
        [{"label": c["label"], "value": c["value"], "delta": c["delta"] or "", "split": c["split"]} for c in cards]
    )
    page.plain(_t(vocabulary.PLAIN_SUMMARY_TITLE, lang), shape.plain_summary(d.kpis, lang, d.meta["national_deadline"]))
    page.table(
        "overview_kpis",
        shape.kpi_table(d.kpis, lang, int(d.meta["recent_report_days"])),
        _t(("指標の表", "The figures as a table"), lang),
    )
    title = _t(("業務別の進捗段階", "Stages of each business"), lang)
    page.heading(title)
    page.chart("overview_stages", charts.stage_bars(d.dist, lang), shape.stage_table(d.dist, lang), title)
    fig, table, label = _map_figure(d, "live", "", lang, height=480)
    page.heading(_t(("地図", "Map"), lang) + f": {label}")
    page.chart("overview_map", fig, table, label, link=_muni_link(d), credit=geo.credit(lang))
    page.render(d.meta)


def _map(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "map", f"{prefix}map.html", _t(PAGE_TITLES["map"], lang))
    registry = "resident_registry"
    for metric, business in (("live", ""), ("stage", registry), ("cloud", ""), ("schedule", registry)):
        fig, table, label = _map_figure(d, metric, business, lang)
        page.heading(label)
        page.chart(f"map_{metric}", fig, table, label, link=_muni_link(d), credit=geo.credit(lang))
    page.render(d.meta)


def _heatmap(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "heatmap", f"{prefix}heatmap.html", _t(PAGE_TITLES["heatmap"], lang))
    if d.national and d.rollup is not None:
        title = _t(("都道府県別の稼働率", "Share live by prefecture"), lang)
        page.heading(title)
        page.chart(
            "heatmap_prefectures",
            charts.prefecture_heatmap(d.rollup, lang),
            shape.rollup_table(d.rollup, lang),
            title,
        )
    else:
        shown = shape.group_column(shape.order_cells(d.cells, "code"), lang)
        title = _t(("団体×業務", "Municipalities x businesses"), lang)
        page.heading(title)
        page.chart(
            "heatmap_cells",
            charts.stage_heatmap(shown, lang, group_by="group"),
            shape.heatmap_table(shown, lang),
            title,
        )
    page.render(d.meta)


def _progress(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "progress", f"{prefix}progress.html", _t(PAGE_TITLES["progress"], lang))
    projection = shape.projection(d.series)
    points = shape.projection_points(projection)
    title = _t(("稼働システム数の推移（全業務）", "Systems live over time (all businesses)"), lang)
    page.heading(title)
    if not d.series.empty:
        page.chart(
            "progress_lines",
            charts.progress_lines(d.series, d.planned, points, lang, d.deadline),
            shape.progress_table(d.series, d.planned, points, lang),
            title,
        )
    page.render(d.meta)


def _gov_cloud(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "gov_cloud", f"{prefix}gov_cloud.html", _t(PAGE_TITLES["gov_cloud"], lang))
    if not d.tracks.empty:
        stage_totals = shape.ordered(shape.track_totals(d.tracks, "stage"), "stage", charts.STAGE_KEYS)
        cloud_totals = shape.ordered(shape.track_totals(d.tracks, "gov_cloud"), "gov_cloud", charts.CLOUD_KEYS)
        title = _t(
            ("二つの軸：標準化とガバメントクラウド", "Two tracks: standardisation and the Government Cloud"), lang
        )
        page.heading(title)
        page.chart(
            "cloud_two_tracks",
            charts.two_tracks(stage_totals, cloud_totals, lang),
            shape.two_track_table(stage_totals, cloud_totals, lang),
            title,
        )
        title = _t(("業務別のガバメントクラウド利用状況", "Government Cloud status by business"), lang)
        page.heading(title)
        page.chart(
            "cloud_business",
            charts.cloud_bars(d.cloud_business, lang),
            shape.cloud_table(d.cloud_business, lang),
            title,
        )
        by_area = shape.cloud_by_area(d.cloud_municipality, d.national, lang, [])
        title = _t(("クラウド稼働率", "Share running on the cloud"), lang)
        page.heading(title)
        page.chart(
            "cloud_municipality",
            charts.share_bars(by_area, "label", "share_running", color=charts.CLOUD_COLORS["running"], lang=lang),
            shape.cloud_municipality_table(by_area, lang),
            title,
        )
    page.render(d.meta)


def _delays(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "delays", f"{prefix}delays.html", _t(PAGE_TITLES["delays"], lang))
    by_status = shape.overdue_by_status(d.overdue)
    shown = ["overdue_deadline", "overdue_special"] + (["overdue_target"] if by_status["overdue_target"] else [])
    page.cards([{"label": charts.schedule_label(s, lang), "value": f"{by_status[s]:,}"} for s in shown])
    title = _t(("特定移行支援システム：事由別", "Special-support systems by reason"), lang)
    page.heading(title)
    reasons = shape.reason_counts(d.special, lang)
    systems = _t(("システム数", "Systems"), lang)
    page.chart(
        "delays_reasons",
        charts.count_bars(reasons, "reason", "n", charts.SCHEDULE_COLORS["overdue_special"], systems),
        reasons.rename(columns={"reason": _t(("事由", "Reason"), lang), "n": systems}),
        title,
    )
    page.table("delays_special", shape.special_table(d.special, lang), title)
    title = _t(vocabulary.OVERDUE, lang)
    page.heading(title)
    if not d.overdue.empty:
        counts = shape.overdue_counts(d.overdue)
        page.chart(
            "delays_overdue_by_business",
            charts.schedule_count_bars(counts, lang, systems),
            shape.overdue_counts_table(counts, lang),
            title,
        )
        page.table("delays_overdue", shape.overdue_table(d.overdue, lang), title)
    page.render(d.meta)


def _vendors(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "vendors", f"{prefix}vendors.html", _t(PAGE_TITLES["vendors"], lang))
    if not d.vendor_business.empty:
        title = _t(("スケジュールに遅れのあるシステム（ベンダ別）", "Systems behind schedule per vendor"), lang)
        page.heading(title)
        page.chart(
            "vendors_schedule",
            charts.schedule_bars(d.vendor_summary, lang),
            shape.vendor_summary_table(d.vendor_summary, lang),
            title,
        )
        top = shape.top_vendors(d.vendor_business, 15)
        title = _t(("ベンダ×業務：担当団体数", "Vendors x businesses: municipalities served"), lang)
        page.heading(title)
        page.chart("vendors_matrix", charts.vendor_matrix(top, lang), shape.vendor_business_table(top, lang), title)
    page.render(d.meta)


def _municipalities(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    name_col = lang_column("municipality", lang)
    index = Page(
        site, lang, "municipalities", f"{prefix}municipality/index.html", _t(PAGE_TITLES["municipalities"], lang)
    )
    index.links(
        [
            {"href": f"{code}.html", "label": f"{name} ({code})"}
            for code, name in zip(d.summary["municipality_code"], d.summary[name_col], strict=True)
        ]
    )
    index.render(d.meta)
    cells_by_code = dict(tuple(d.cells.groupby("municipality_code", sort=False)))
    # peers: the same kind in Tokyo; nationally the same prefecture, so a page stays small
    peer_by = "region" if d.national else "kind"
    peer_title = _t(
        ("同じ都道府県の団体との比較", "Compared with the municipalities of its prefecture")
        if d.national
        else ("同じ団体区分との比較", "Compared with municipalities of the same kind"),
        lang,
    )
    for row in d.summary.itertuples(index=False):
        code, name = row.municipality_code, getattr(row, name_col)
        page = Page(
            site,
            lang,
            "municipalities",
            f"{prefix}municipality/{code}.html",
            _t((f"{name}（{code}）", f"{name} ({code})"), lang),
        )
        registry = charts.stage_label(row.registry_stage, lang)
        page.cards(
            [
                {
                    "label": _t(("稼働済み / 対象", "Live / in scope"), lang),
                    "value": f"{row.n_live} / {row.n_in_scope}",
                },
                {"label": _t(vocabulary.TEXT["resident_registry"], lang), "value": registry},
                {"label": _t(vocabulary.OVERDUE, lang), "value": f"{row.n_overdue:,}"},
                {"label": _t(("最終報告日", "Last report"), lang), "value": fmt_date(row.last_report)},
            ]
        )
        title = _t(("20業務の状況", "Its 20 systems"), lang)
        page.heading(title)
        systems = cells_by_code.get(code, d.cells.iloc[0:0]).sort_values("business_order")
        # nationally, 3,482 pages' tables would be 14,000 files: data/latest_status.csv holds them all
        page.table(
            f"{code}_systems", shape.systems_table(systems, lang), f"{title}: {name}", files=not d.national, cards=True
        )
        history = d.histories.get(code)
        if history is not None and not history.empty:
            title = _t(("報告の履歴", "Its history"), lang)
            page.heading(title)
            page.chart(
                f"{code}_history",
                charts.municipality_timeline(history, lang),
                shape.history_table(history, lang),
                f"{title}: {name}",
            )
        page.heading(peer_title)
        peers = shape.peers_table(shape.peers(d.summary, code, peer_by), lang)
        page.table(f"{code}_peers", peers, f"{peer_title}: {name}", files=not d.national)
        page.render(d.meta)


def write_pages(site: Site, d: SiteData, lang: str) -> None:
    """Every page of the edition in one language."""
    prefix = lang_dir(lang)
    for build in (_overview, _map, _heatmap, _progress, _gov_cloud, _delays, _vendors, _municipalities):
        build(site, d, lang, prefix)
