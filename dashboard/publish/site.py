"""Build the static public edition from the database: pages, charts, their data files and the index."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, figures, geo, queries, shape
from etl import cells, export, store
from schemas import vocabulary
from schemas.vocabulary import in_lang as _t

LANGS = ("ja", "en")
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
HERE = Path(__file__).resolve().parent

# the site's own words; code labels (stages, businesses, ...) come from the vocabulary through shape
TEXT: dict[str, tuple[str, str]] = {
    "brand": ("標準化 公開版", "standardisation, public edition"),
    "other_lang": ("English", "日本語"),
    "csv": ("CSV", "CSV"),
    "json": ("JSON", "JSON"),
    "open_data": ("オープンデータ一覧（data/index.json）", "Open data index (data/index.json)"),
    "licence": (f"データの利用条件: {LICENCE}", f"Data licence: {LICENCE}"),
    "footer": (
        "出典: 東京都内団体の移行状況報告（hyojunka）。静的公開版: 報告・管理は公開していません。",
        "Source: the municipalities' status reports (hyojunka). Static public edition: reporting and "
        "administration are not part of it.",
    ),
}
PAGE_TITLES: dict[str, tuple[str, str]] = {
    "overview": ("概要", "Overview"),
    "map": ("地図", "Map"),
    "heatmap": ("進捗マップ", "Heatmap"),
    "progress": ("推移", "Progress over time"),
    "gov_cloud": ("ガバメントクラウド", "Government Cloud"),
    "delays": ("特定移行支援・遅延", "Special support & delays"),
    "vendors": ("ベンダ", "Vendors"),
    "municipalities": ("団体別", "Municipalities"),
}
PAGE_FILES: dict[str, str] = {
    "overview": "index.html",
    "map": "map.html",
    "heatmap": "heatmap.html",
    "progress": "progress.html",
    "gov_cloud": "gov_cloud.html",
    "delays": "delays.html",
    "vendors": "vendors.html",
    "municipalities": "municipality/index.html",
}


@dataclass
class PublishResult:
    """What a publish wrote: its folder, pages, files, and the time it took (wall clock and CPU)."""

    out: Path
    pages: int
    files: int
    seconds: float
    cpu_seconds: float = 0.0


@dataclass
class _Data:
    """Everything the pages show, read once from the database."""

    meta: dict
    today: date
    deadline: date
    national: bool
    kpis: pd.DataFrame
    dist: pd.DataFrame
    cells: pd.DataFrame
    summary: pd.DataFrame
    rollup: pd.DataFrame | None
    series: pd.DataFrame
    planned: pd.DataFrame
    tracks: pd.DataFrame
    cloud_business: pd.DataFrame
    cloud_municipality: pd.DataFrame
    special: pd.DataFrame
    overdue: pd.DataFrame
    vendor_summary: pd.DataFrame
    vendor_business: pd.DataFrame
    histories: dict[str, pd.DataFrame]
    latest_csv: bytes


def _read(con: duckdb.DuckDBPyConnection, today: date) -> _Data:
    meta = queries.meta(con)
    national = int(meta.get("n_prefectures") or 0) > 1
    summary = queries.municipality_summary(con, today)
    # a municipality's history is a chart on its page; at national scale 1,741 of them would make
    # the publish slow and the site large, so there the page keeps its table and peers only
    histories = {} if national else {c: queries.municipality_history(con, c) for c in summary["municipality_code"]}
    return _Data(
        meta=meta,
        today=today,
        deadline=pd.Timestamp(meta["national_deadline"]).date(),
        national=national,
        kpis=queries.kpis_with_change(con, today),
        dist=queries.stage_distribution(con),
        cells=queries.heatmap_cells(con, today),
        summary=summary,
        rollup=queries.prefecture_rollup(con) if national else None,
        series=queries.live_over_time(con, today, ""),
        planned=queries.planned_go_lives(con, ""),
        tracks=queries.cloud_tracks(con),
        cloud_business=queries.cloud_by_business(con),
        cloud_municipality=queries.cloud_by_municipality(con),
        special=queries.special_support(con),
        overdue=queries.overdue(con, today),
        vendor_summary=queries.vendor_summary(con, today),
        vendor_business=queries.vendor_business(con, today),
        histories=histories,
        latest_csv=export.render(con, "csv", include_notes=False, day=today),
    )


def _fmt_date(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _as_of(meta: dict, lang: str) -> str:
    n, n_rep = int(meta["n_municipalities"] or 0), int(meta["n_reporting"] or 0)
    return _t(
        (
            f"データ基準日 {_fmt_date(meta['data_as_of'])} · 出典: {n:,}団体中{n_rep:,}団体の報告（hyojunka）",
            f"Data as of {_fmt_date(meta['data_as_of'])} · Source: reports of {n_rep:,} of {n:,} "
            "municipalities (hyojunka)",
        ),
        lang,
    )


def _html_table(frame: pd.DataFrame) -> str:
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    shown = frame.assign(**{c: frame[c].fillna("") for c in text}) if text else frame
    return shown.to_html(index=False, border=0, na_rep="", escape=True)


def _script_json(text: str) -> str:
    # inside <script type="application/json">: no sequence may close the element or open a comment
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


@dataclass
class _Site:
    """The folder being written and the open-data index it collects."""

    out: Path
    base_url: str | None
    as_of: str
    env: jinja2.Environment
    index: list[dict] = field(default_factory=list)
    pages: int = 0
    files: int = 0

    def write(self, rel: str, data: bytes | str) -> None:
        """Write one file of the site."""
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        self.files += 1

    def data_files(self, rel_stem: str, table: pd.DataFrame, description: str, lang: str) -> tuple[str, str]:
        """The table as CSV (cells made safe) and JSON beside each other; both go into the index."""
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        self.write(f"{rel_stem}.csv", cells.csv_bytes(table))
        self.write(f"{rel_stem}.json", json.dumps(records, ensure_ascii=False, default=str))
        for fmt in ("csv", "json"):
            self.index.append(
                {
                    "file": f"{rel_stem}.{fmt}",
                    "description": description,
                    "language": lang,
                    "licence": LICENCE,
                    "licence_url": LICENCE_URL,
                    "as_of": self.as_of,
                }
            )
        return f"{rel_stem}.csv", f"{rel_stem}.json"


class _Page:
    """The blocks of one page in one language, with its charts' files written as they are added."""

    def __init__(self, site: _Site, lang: str, key: str, rel: str, title: str, intro: str = "") -> None:
        self.site, self.lang, self.key, self.rel, self.title, self.intro = site, lang, key, rel, title, intro
        self.blocks: list[dict] = []
        self.depth = rel.count("/")
        parent = Path(rel).parent.as_posix()
        self.data_dir = "data" if parent == "." else f"{parent}/data"

    def _local(self, rel_from_site: str) -> str:
        # a link from this page to a file given relative to the site's root
        return "../" * self.depth + rel_from_site

    def heading(self, text: str) -> None:
        """A section heading."""
        self.blocks.append({"kind": "heading", "text": text})

    def text(self, text: str) -> None:
        """A line of small print."""
        self.blocks.append({"kind": "text", "text": text})

    def plain(self, title: str, html: str) -> None:
        """The page in plain words: trusted HTML (<ruby> only, figures escaped) under a heading."""
        self.blocks.append({"kind": "plain", "title": title, "html": html})

    def cards(self, cards: list[dict]) -> None:
        """Headline figures."""
        self.blocks.append({"kind": "cards", "cards": cards})

    def links(self, links: list[dict]) -> None:
        """A list of links."""
        self.blocks.append({"kind": "links", "links": links})

    def chart(
        self,
        name: str,
        fig: go.Figure,
        table: pd.DataFrame,
        title: str,
        link: str | None = None,
        credit: str = "",
    ) -> None:
        """A figure drawn in the page, with its data as CSV and JSON beside the page."""
        csv, js = self.site.data_files(f"{self.data_dir}/{name}", table, title, self.lang)
        spec = _script_json(fig.to_json())
        self.blocks.append(
            {
                "kind": "chart",
                "id": f"fig-{name}",
                "spec": spec,
                "title": title,
                "csv": self._local(csv),
                "json": self._local(js),
                "link": link,
                "credit": credit,
            }
        )

    def table(self, name: str, frame: pd.DataFrame, title: str, files: bool = True) -> None:
        """A table in full, with its data as CSV and JSON beside the page (unless `files` is off)."""
        block: dict[str, Any] = {"kind": "table", "html": _html_table(frame), "csv": None, "json": None}
        if files:
            csv, js = self.site.data_files(f"{self.data_dir}/{name}", frame, title, self.lang)
            block.update(csv=self._local(csv), json=self._local(js))
        self.blocks.append(block)

    def render(self, meta: dict) -> None:
        """Write the page."""
        other = "en" if self.lang == "ja" else "ja"
        root = "../" * self.depth
        # the same page in the other language: ja at the root, en under en/
        bare = self.rel[3:] if self.lang == "en" else self.rel
        other_rel = f"en/{bare}" if other == "en" else bare
        t = {k: _t(v, self.lang) for k, v in TEXT.items()}
        nav = [{"key": k, "href": PAGE_FILES[k], "label": _t(PAGE_TITLES[k], self.lang)} for k in PAGE_TITLES]
        html = self.site.env.get_template("page.html.j2").render(
            lang=self.lang,
            other_lang=other,
            title=self.title,
            intro=self.intro,
            as_of=_as_of(meta, self.lang),
            blocks=self.blocks,
            nav=nav,
            page_key=self.key,
            root=root,
            lang_dir="en/" if self.lang == "en" else "",
            other_lang_href=root + other_rel,
            canonical=f"{self.site.base_url.rstrip('/')}/{self.rel}" if self.site.base_url else None,
            t=t,
        )
        self.site.write(self.rel, html)
        self.site.pages += 1


def _map_figure(
    d: _Data, metric: str, business: str, lang: str, height: int = 640
) -> tuple[go.Figure, pd.DataFrame, str]:
    part = figures.build_map(metric, business, d.summary, d.cells, d.rollup, d.national, lang, height)
    return part.figure, part.table, part.view.label


def _muni_link(d: _Data) -> str | None:
    # the map's click target, relative to a top-level page: a municipality's page (a prefecture has
    # none in the static edition)
    return None if d.national else "municipality/{code}.html"


def _overview(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    page = _Page(
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
    cards = shape.kpi_cards(d.kpis, lang)
    page.cards([{"label": c["label"], "value": c["value"], "delta": c["delta"] or ""} for c in cards])
    page.plain(_t(vocabulary.PLAIN_SUMMARY_TITLE, lang), shape.plain_summary(d.kpis, lang, d.meta["national_deadline"]))
    page.table("overview_kpis", shape.kpi_table(d.kpis, lang), _t(("指標の表", "The figures as a table"), lang))
    title = _t(("業務別の進捗段階", "Stages of each business"), lang)
    page.heading(title)
    page.chart("overview_stages", charts.stage_bars(d.dist, lang), shape.stage_table(d.dist, lang), title)
    fig, table, label = _map_figure(d, "live", "", lang, height=480)
    page.heading(_t(("地図", "Map"), lang) + f": {label}")
    page.chart("overview_map", fig, table, label, link=_muni_link(d), credit=geo.credit(lang))
    page.render(d.meta)


def _map(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    page = _Page(site, lang, "map", f"{prefix}map.html", _t(PAGE_TITLES["map"], lang))
    registry = "resident_registry"
    for metric, business in (("live", ""), ("stage", registry), ("cloud", ""), ("schedule", registry)):
        fig, table, label = _map_figure(d, metric, business, lang)
        page.heading(label)
        page.chart(f"map_{metric}", fig, table, label, link=_muni_link(d), credit=geo.credit(lang))
    page.render(d.meta)


def _heatmap(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    page = _Page(site, lang, "heatmap", f"{prefix}heatmap.html", _t(PAGE_TITLES["heatmap"], lang))
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


def _progress(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    page = _Page(site, lang, "progress", f"{prefix}progress.html", _t(PAGE_TITLES["progress"], lang))
    projection = queries.projection(d.series)
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


def _gov_cloud(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    page = _Page(site, lang, "gov_cloud", f"{prefix}gov_cloud.html", _t(PAGE_TITLES["gov_cloud"], lang))
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


def _delays(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    page = _Page(site, lang, "delays", f"{prefix}delays.html", _t(PAGE_TITLES["delays"], lang))
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
    title = _t(("期日を過ぎて未稼働のシステム", "Systems past due, not live"), lang)
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


def _vendors(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    page = _Page(site, lang, "vendors", f"{prefix}vendors.html", _t(PAGE_TITLES["vendors"], lang))
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


def _municipalities(site: _Site, d: _Data, lang: str, prefix: str) -> None:
    name_col = "municipality_en" if lang == "en" else "municipality_ja"
    index = _Page(
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
        page = _Page(
            site,
            lang,
            "municipalities",
            f"{prefix}municipality/{code}.html",
            f"{name}（{code}）" if lang == "ja" else f"{name} ({code})",
        )
        registry = charts.stage_label(row.registry_stage, lang)
        page.cards(
            [
                {
                    "label": _t(("稼働済み / 対象", "Live / in scope"), lang),
                    "value": f"{row.n_live} / {row.n_in_scope}",
                },
                {"label": _t(vocabulary.TEXT["resident_registry"], lang), "value": registry},
                {"label": _t(("期限超過", "Overdue"), lang), "value": f"{row.n_overdue:,}"},
                {"label": _t(("最終報告日", "Last report"), lang), "value": _fmt_date(row.last_report)},
            ]
        )
        title = _t(("20業務の状況", "Its 20 systems"), lang)
        page.heading(title)
        systems = cells_by_code.get(code, d.cells.iloc[0:0]).sort_values("business_order")
        # nationally, 3,482 pages' tables would be 14,000 files: data/latest_status.csv holds them all
        page.table(f"{code}_systems", shape.systems_table(systems, lang), f"{title}: {name}", files=not d.national)
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


def _copy_assets(site: _Site) -> None:
    plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
    site.write("assets/plotly.min.js", plotly_js.read_bytes())
    for name in ("site.css", "site.js"):
        site.write(f"assets/{name}", (HERE / "assets" / name).read_bytes())


def publish(db: str | Path, out: str | Path, base_url: str | None = None, today: date | None = None) -> PublishResult:
    """Write the static public edition of the database's public pages into `out` (replaced if there)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    day = today or pd.Timestamp.now(tz=store.TOKYO).date()
    with store.connect(db, read_only=True) as con:
        con.execute("set enable_progress_bar = false")
        d = _read(con, day)
    target = Path(out)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    site = _Site(target, base_url, _fmt_date(d.meta["data_as_of"]), env)
    _copy_assets(site)
    site.write("data/latest_status.csv", d.latest_csv)
    site.index.append(
        {
            "file": "data/latest_status.csv",
            "description": "Every municipality x business: latest status, due date and schedule status "
            "(codes; the columns of `hyojunka export`, without notes)",
            "language": "codes",
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "as_of": site.as_of,
        }
    )
    for lang in LANGS:
        prefix = "en/" if lang == "en" else ""
        for build in (_overview, _map, _heatmap, _progress, _gov_cloud, _delays, _vendors, _municipalities):
            build(site, d, lang, prefix)
    index = {
        "title": "hyojunka: standard-compliant systems and the Government Cloud, public edition",
        "as_of": site.as_of,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "base_url": base_url,
        "map_credit": geo.CREDIT[0],
        "files": site.index,
    }
    site.write("data/index.json", json.dumps(index, ensure_ascii=False, indent=1))
    return PublishResult(
        target, site.pages, site.files, time.perf_counter() - started, time.process_time() - cpu_started
    )
