"""Exhibits: a chart as one object, built once from the frames already read, that every output renders.

An `Exhibit` holds what a chart is anywhere it appears: its title in the reader's language, the plotly
figure, the table it plots (shown, downloaded and written beside the static page), its headline
figure as a phrase from `dashboard.summaries`, the source line inside its image and its file stem.
The Streamlit pages put one on screen with `view.exhibit`, the static edition with `Page.exhibit`
and the briefing deck as a slide's picture, so a title, a summary or a number cannot say one thing on
a page and another in the deck.

One builder per chart that more than one output shows; each takes the frames the caller has read, the
store's as-of facts (`meta`, as `queries.meta` returns them) and the language. Pure: no database, no
session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import captions, figures, geo
from dashboard.charts import bars, heatmaps, palette, timelines, vendors
from dashboard.shape.cloud import cloud_municipality_table, cloud_table, ordered, track_totals, two_track_table
from dashboard.shape.heatmap import heatmap_table, rollup_table
from dashboard.shape.municipality import history_table
from dashboard.shape.progress import progress_table, projection, projection_points, stage_table
from dashboard.shape.schedule import overdue_counts, overdue_counts_table, reason_counts
from dashboard.shape.vendors import vendor_business_table, vendor_summary_table
from dashboard.summaries import cloud, delays, municipality, standardisation
from schemas.vocabulary.display import OVERDUE
from schemas.vocabulary.language import in_lang

# every exhibit's title, in one place: the pages, the static edition and the deck all take it from here
TITLES: dict[str, tuple[str, str]] = {
    "stages": ("業務別の進捗段階", "Stages of each business"),
    "progress": ("稼働システム数の推移（{name}）", "Systems live over time ({name})"),
    "all_businesses": ("全業務", "all businesses"),
    "two_tracks": ("二つの軸：標準化とガバメントクラウド", "Two tracks: standardisation and the Government Cloud"),
    "cloud_business": ("業務別のガバメントクラウド利用状況", "Government Cloud status by business"),
    "cloud_area_national": ("都道府県別のクラウド稼働率", "Share running on the cloud by prefecture"),
    "cloud_area": ("団体別のクラウド稼働率", "Share running on the cloud by municipality"),
    "reasons": ("特定移行支援システム：事由別", "Special-support systems by reason"),
    "overdue": OVERDUE,
    "vendor_schedule": (
        "ベンダ別のスケジュール（期日を過ぎたシステムの多い順）",
        "Schedule per vendor (most systems past due first)",
    ),
    "vendor_matrix": ("ベンダ×業務：担当団体数", "Vendors x businesses: municipalities served"),
    "prefecture_rollup": ("都道府県別の稼働率", "Share live by prefecture"),
    "heatmap_cells": ("団体×業務", "Municipalities x businesses"),
    "history": ("報告の履歴：{name}", "Its history: {name}"),
}
SYSTEMS = ("システム数", "Systems")
REASON = ("事由", "Reason")


@dataclass(frozen=True)
class Exhibit:
    """One chart as every output shows it.

    `key` names it on a page (widget keys, the static edition's files), `file_stem` its downloads;
    `summary` is its headline figure as a phrase, `sentence` the whole sentence a screen reader hears;
    `source` is the line inside its image and `credit` a line the chart must carry (the map's)."""

    key: str
    title: str
    figure: go.Figure
    table: pd.DataFrame
    summary: str
    source: str
    file_stem: str
    as_of: Any
    lang: str
    credit: str = ""

    @property
    def sentence(self) -> str:
        """The chart in one sentence: its title, as-of day and headline figure."""
        return sentence(self.title, self.as_of, self.summary, self.lang)


def title(key: str, lang: str, **names: str) -> str:
    """An exhibit's title in the language (with its `{name}` filled in)."""
    return in_lang(TITLES[key], lang).format(**names)


def sentence(name: str, as_of: Any, headline: str, lang: str) -> str:
    """One sentence for a screen reader: the chart's name, its as-of day and its headline figure."""
    day = captions.fmt_date(as_of)
    return in_lang(
        (f"グラフ「{name}」（{day}時点）。{headline}。", f"Chart: {name} (as of {day}); {headline}."),
        lang,
    )


def source_line(meta: dict, lang: str) -> str:
    """The source of the figures, for inside a chart image."""
    n, n_rep = captions.fmt_int(meta["n_municipalities"]), captions.fmt_int(meta["n_reporting"])
    return in_lang(
        (f"{n}団体中{n_rep}団体の報告（hyojunka）", f"reports of {n_rep} of {n} municipalities (hyojunka)"),
        lang,
    )


def _deadline(meta: dict) -> date:
    return pd.Timestamp(meta["national_deadline"]).date()


def _make(
    key: str,
    name: str,
    figure: go.Figure,
    table: pd.DataFrame,
    summary: str,
    meta: dict,
    lang: str,
    file_stem: str | None = None,
    credit: str = "",
) -> Exhibit:
    return Exhibit(
        key=key,
        title=name,
        figure=figure,
        table=table,
        summary=summary,
        source=source_line(meta, lang),
        file_stem=file_stem or key,
        as_of=meta["data_as_of"],
        lang=lang,
        credit=credit,
    )


def stages(dist: pd.DataFrame, meta: dict, lang: str, key: str = "overview_stages") -> Exhibit:
    """Each business's systems by stage (`queries.stage_distribution`)."""
    return _make(
        key,
        title("stages", lang),
        bars.stage_bars(dist, lang),
        stage_table(dist, lang),
        standardisation.stages(dist, lang),
        meta,
        lang,
    )


def map_of(part: figures.MapPart, meta: dict, lang: str, key: str, file_stem: str | None = None) -> Exhibit:
    """A map already built (`figures.build_map`, kept per data version by the pages): titled with its
    measure, carrying the boundaries' credit."""
    return _make(
        key, part.view.label, part.figure, part.table, part.summary, meta, lang, file_stem, credit=geo.credit(lang)
    )


def map_file_stem(metric: str, business: str = "") -> str:
    """A map's download name: map_<measure>[_<business>]."""
    return f"map_{metric}{'_' + business if business else ''}"


def live_map(
    summary: pd.DataFrame,
    cells: pd.DataFrame,
    rollup: pd.DataFrame | None,
    national: bool,
    meta: dict,
    lang: str,
    key: str = "overview_map",
    height: int = 640,
) -> Exhibit:
    """The map of the share live in each municipality (each prefecture nationally)."""
    part = figures.build_map("live", "", summary, cells, rollup, national, lang, height)
    return map_of(part, meta, lang, key, map_file_stem("live"))


def progress(
    series: pd.DataFrame,
    planned: pd.DataFrame,
    meta: dict,
    lang: str,
    business_name: str = "",
    curve: pd.DataFrame | None = None,
    key: str = "progress_lines",
) -> Exhibit:
    """Systems live over time with the planned go-lives, the deadline and the recent pace's projection
    (and the forecast's curve when given), for one business (`business_name`) or all."""
    points = projection_points(projection(series))
    name = title("progress", lang, name=business_name or in_lang(TITLES["all_businesses"], lang))
    return _make(
        key,
        name,
        timelines.progress_lines(series, planned, points, lang, _deadline(meta), curve),
        progress_table(series, planned, points, lang, curve),
        standardisation.progress(series, lang),
        meta,
        lang,
    )


def two_tracks(tracks: pd.DataFrame, meta: dict, lang: str, key: str = "cloud_two_tracks") -> Exhibit:
    """Systems by stage beside systems by Government Cloud status (`queries.cloud_tracks`)."""
    stage_totals = ordered(track_totals(tracks, "stage"), "stage", palette.STAGE_KEYS)
    cloud_totals = ordered(track_totals(tracks, "gov_cloud"), "gov_cloud", palette.CLOUD_KEYS)
    return _make(
        key,
        title("two_tracks", lang),
        bars.two_tracks(stage_totals, cloud_totals, lang),
        two_track_table(stage_totals, cloud_totals, lang),
        cloud.two_tracks(stage_totals, cloud_totals, lang),
        meta,
        lang,
    )


def cloud_business(by_business: pd.DataFrame, meta: dict, lang: str, key: str = "cloud_business") -> Exhibit:
    """Each business's systems by Government Cloud status (`queries.cloud_by_business`)."""
    return _make(
        key,
        title("cloud_business", lang),
        bars.cloud_bars(by_business, lang),
        cloud_table(by_business, lang),
        cloud.cloud_business(by_business, lang),
        meta,
        lang,
    )


def cloud_area(
    by_area: pd.DataFrame, national: bool, meta: dict, lang: str, key: str = "cloud_municipality"
) -> Exhibit:
    """The share running on the cloud per municipality (per prefecture nationally): `shape.cloud.cloud_by_area`."""
    return _make(
        key,
        title("cloud_area_national" if national else "cloud_area", lang),
        bars.share_bars(
            by_area,
            "label",
            "share_running",
            color=palette.CLOUD_COLORS["running"],
            lang=lang,
            x_title=in_lang(
                ("ガバメントクラウドで稼働（対象システム中）", "Running on the cloud (of systems in scope)"), lang
            ),
        ),
        cloud_municipality_table(by_area, lang),
        cloud.cloud_area(by_area, lang, national),
        meta,
        lang,
    )


def reasons(special: pd.DataFrame, meta: dict, lang: str, key: str = "delays_reasons") -> Exhibit:
    """Special-support systems counted by reason (`queries.special_support`)."""
    counts = reason_counts(special, lang)
    systems = in_lang(SYSTEMS, lang)
    return _make(
        key,
        title("reasons", lang),
        bars.count_bars(counts, "reason", "n", palette.SCHEDULE_COLORS["overdue_special"], systems),
        counts.rename(columns={"reason": in_lang(REASON, lang), "n": systems}),
        delays.reasons(counts, lang),
        meta,
        lang,
    )


def overdue(late: pd.DataFrame, meta: dict, lang: str, key: str = "delays_overdue_by_business") -> Exhibit:
    """Systems past due per business by schedule status (`queries.overdue`, not empty)."""
    counts = overdue_counts(late)
    return _make(
        key,
        title("overdue", lang),
        bars.schedule_count_bars(counts, lang, in_lang(SYSTEMS, lang)),
        overdue_counts_table(counts, lang),
        delays.overdue(counts, lang),
        meta,
        lang,
    )


def vendor_schedule(summary: pd.DataFrame, meta: dict, lang: str, key: str = "vendors_schedule") -> Exhibit:
    """Each vendor's systems by schedule status (`queries.vendor_summary`)."""
    return _make(
        key,
        title("vendor_schedule", lang),
        vendors.schedule_bars(summary, lang),
        vendor_summary_table(summary, lang),
        delays.vendor_schedule(summary, lang),
        meta,
        lang,
    )


def vendor_matrix(top: pd.DataFrame, meta: dict, lang: str, key: str = "vendors_matrix") -> Exhibit:
    """Municipalities served per vendor and business, for the vendors chosen (`shape.vendors.top_vendors`)."""
    return _make(
        key,
        title("vendor_matrix", lang),
        vendors.vendor_matrix(top, lang),
        vendor_business_table(top, lang),
        delays.vendor_matrix(top, lang),
        meta,
        lang,
    )


def prefecture_rollup(rollup: pd.DataFrame, meta: dict, lang: str, key: str = "heatmap_prefectures") -> Exhibit:
    """The share live per prefecture and business (`queries.prefecture_rollup`)."""
    return _make(
        key,
        title("prefecture_rollup", lang),
        heatmaps.prefecture_heatmap(rollup, lang),
        rollup_table(rollup, lang),
        standardisation.prefecture_rollup(rollup, lang),
        meta,
        lang,
    )


def heatmap_cells(shown: pd.DataFrame, meta: dict, lang: str, key: str = "heatmap_cells") -> Exhibit:
    """Each municipality's stage in each business, in groups (`shape.heatmap.group_column`)."""
    return _make(
        key,
        title("heatmap_cells", lang),
        heatmaps.stage_heatmap(shown, lang, group_by="group"),
        heatmap_table(shown, lang),
        standardisation.heatmap_cells(shown, lang),
        meta,
        lang,
    )


def history(frame: pd.DataFrame, name: str, meta: dict, lang: str, key: str, file_stem: str | None = None) -> Exhibit:
    """One municipality's (`name`) report history (`queries.municipality_history`)."""
    return _make(
        key,
        title("history", lang, name=name),
        timelines.municipality_timeline(frame, lang),
        history_table(frame, lang),
        municipality.history(frame, lang),
        meta,
        lang,
        file_stem,
    )
