"""The static edition's pages, one builder each: the overview, the map, the heatmap, progress over
time, the Government Cloud, special support and delays, vendors, and one page per municipality.

Each builder takes its charts as exhibits (`dashboard.exhibits`: the same title, figure, table and
summary sentence as the app's pages and the briefing deck) and adds them as blocks to a `Page`, which
writes each chart's data beside it and prints its summary under it.
"""

from __future__ import annotations

from dashboard import exhibits, figures
from dashboard.captions import fmt_date
from dashboard.publish.data import SiteData
from dashboard.publish.writer import PAGE_TITLES, Page, Site, lang_dir
from dashboard.shape import cloud, headline, heatmap, municipality, schedule, vendors
from schemas.vocabulary.display import OVERDUE, PLAIN_SUMMARY_TITLE, TEXT
from schemas.vocabulary.labels import schedule_label, stage_label
from schemas.vocabulary.language import in_lang as _t
from schemas.vocabulary.language import lang_column


def _map(d: SiteData, metric: str, business: str, lang: str, key: str, height: int = 640) -> exhibits.Exhibit:
    part = figures.build_map(metric, business, d.summary, d.cells, d.rollup, d.national, lang, height)
    return exhibits.map_of(part, d.meta, lang, key, exhibits.map_file_stem(metric, business))


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
    cards = headline.kpi_cards(d.kpis, lang, d.deadline, int(d.meta["recent_report_days"]))
    page.cards(
        [{"label": c["label"], "value": c["value"], "delta": c["delta"] or "", "split": c["split"]} for c in cards]
    )
    page.plain(_t(PLAIN_SUMMARY_TITLE, lang), headline.plain_summary(d.kpis, lang, d.meta["national_deadline"]))
    page.table(
        "overview_kpis",
        headline.kpi_table(d.kpis, lang, int(d.meta["recent_report_days"])),
        _t(("指標の表", "The figures as a table"), lang),
    )
    stages = exhibits.stages(d.dist, d.meta, lang)
    page.heading(stages.title)
    page.exhibit(stages)
    live = exhibits.live_map(d.summary, d.cells, d.rollup, d.national, d.meta, lang, height=480)
    page.heading(_t(("地図", "Map"), lang) + f": {live.title}")
    page.exhibit(live, link=_muni_link(d))
    page.render(d.meta)


def _maps(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "map", f"{prefix}map.html", _t(PAGE_TITLES["map"], lang))
    registry = "resident_registry"
    for metric, business in (("live", ""), ("stage", registry), ("cloud", ""), ("schedule", registry)):
        one = _map(d, metric, business, lang, f"map_{metric}")
        page.heading(one.title)
        page.exhibit(one, link=_muni_link(d))
    page.render(d.meta)


def _heatmap(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "heatmap", f"{prefix}heatmap.html", _t(PAGE_TITLES["heatmap"], lang))
    if d.national and d.rollup is not None:
        ex = exhibits.prefecture_rollup(d.rollup, d.meta, lang)
    else:
        ex = exhibits.heatmap_cells(heatmap.group_column(heatmap.order_cells(d.cells, "code"), lang), d.meta, lang)
    page.heading(ex.title)
    page.exhibit(ex)
    page.render(d.meta)


def _progress(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "progress", f"{prefix}progress.html", _t(PAGE_TITLES["progress"], lang))
    page.heading(exhibits.title("progress", lang, name=_t(exhibits.TITLES["all_businesses"], lang)))
    if not d.series.empty:
        page.exhibit(exhibits.progress(d.series, d.planned, d.meta, lang))
    page.render(d.meta)


def _gov_cloud(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "gov_cloud", f"{prefix}gov_cloud.html", _t(PAGE_TITLES["gov_cloud"], lang))
    if not d.tracks.empty:
        by_area = cloud.cloud_by_area(d.cloud_municipality, d.national, lang, [])
        for ex in (
            exhibits.two_tracks(d.tracks, d.meta, lang),
            exhibits.cloud_business(d.cloud_business, d.meta, lang),
            exhibits.cloud_area(by_area, d.national, d.meta, lang),
        ):
            page.heading(ex.title)
            page.exhibit(ex)
    page.render(d.meta)


def _delays(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "delays", f"{prefix}delays.html", _t(PAGE_TITLES["delays"], lang))
    by_status = schedule.overdue_by_status(d.overdue)
    shown = ["overdue_deadline", "overdue_special"] + (["overdue_target"] if by_status["overdue_target"] else [])
    page.cards([{"label": schedule_label(s, lang), "value": f"{by_status[s]:,}"} for s in shown])
    reasons = exhibits.reasons(d.special, d.meta, lang)
    page.heading(reasons.title)
    page.exhibit(reasons)
    page.table("delays_special", schedule.special_table(d.special, lang), reasons.title)
    title = exhibits.title("overdue", lang)
    page.heading(title)
    if not d.overdue.empty:
        page.exhibit(exhibits.overdue(d.overdue, d.meta, lang))
        page.table("delays_overdue", schedule.overdue_table(d.overdue, lang), title)
    page.render(d.meta)


def _vendors(site: Site, d: SiteData, lang: str, prefix: str) -> None:
    page = Page(site, lang, "vendors", f"{prefix}vendors.html", _t(PAGE_TITLES["vendors"], lang))
    if not d.vendor_business.empty:
        top = vendors.top_vendors(d.vendor_business, 15)
        for ex in (
            exhibits.vendor_schedule(d.vendor_summary, d.meta, lang),
            exhibits.vendor_matrix(top, d.meta, lang),
        ):
            page.heading(ex.title)
            page.exhibit(ex)
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
        registry = stage_label(row.registry_stage, lang)
        page.cards(
            [
                {
                    "label": _t(("稼働済み / 対象", "Live / in scope"), lang),
                    "value": f"{row.n_live} / {row.n_in_scope}",
                },
                {"label": _t(TEXT["resident_registry"], lang), "value": registry},
                {"label": _t(OVERDUE, lang), "value": f"{row.n_overdue:,}"},
                {"label": _t(("最終報告日", "Last report"), lang), "value": fmt_date(row.last_report)},
            ]
        )
        title = _t(("20業務の状況", "Its 20 systems"), lang)
        page.heading(title)
        systems = cells_by_code.get(code, d.cells.iloc[0:0]).sort_values("business_order")
        # nationally, 3,482 pages' tables would be 14,000 files: data/latest_status.csv holds them all
        page.table(
            f"{code}_systems",
            municipality.systems_table(systems, lang),
            f"{title}: {name}",
            files=not d.national,
            cards=True,
        )
        history = d.histories.get(code)
        if history is not None and not history.empty:
            page.heading(_t(("報告の履歴", "Its history"), lang))
            page.exhibit(exhibits.history(history, name, d.meta, lang, f"{code}_history"))
        page.heading(peer_title)
        peers = municipality.peers_table(municipality.peers(d.summary, code, peer_by), lang)
        page.table(f"{code}_peers", peers, f"{peer_title}: {name}", files=not d.national)
        page.render(d.meta)


def write_pages(site: Site, d: SiteData, lang: str) -> None:
    """Every page of the edition in one language."""
    prefix = lang_dir(lang)
    for build in (_overview, _maps, _heatmap, _progress, _gov_cloud, _delays, _vendors, _municipalities):
        build(site, d, lang, prefix)
