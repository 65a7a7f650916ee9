"""The map: per municipality or per prefecture, the rows of each measure with their legend classes and texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.charts.maps import schedule_categories, share_categories, share_class, stage_categories
from dashboard.charts.palette import CLOUD_COLORS, SCHEDULE_COLORS, STAGE_COLORS  # the map's classes' colours
from dashboard.shape.common import labelled
from schemas.vocabulary.contract import OVERDUE_STATUSES
from schemas.vocabulary.display import OVERDUE
from schemas.vocabulary.labels import schedule_label, stage_label
from schemas.vocabulary.language import in_lang, lang_column

MAP_METRICS = ["live", "stage", "cloud", "schedule"]


MAP_METRIC_LABELS: dict[str, tuple[str, str]] = {
    "live": ("稼働率（対象システム中）", "Share live (of systems in scope)"),
    "stage": ("業務の進捗段階", "One business's stage"),
    "cloud": ("ガバメントクラウド稼働率", "Share running on the Government Cloud"),
    "schedule": ("業務のスケジュール状況", "One business's schedule status"),
}


MAP_BUSINESS_METRICS = ("stage", "schedule")


def map_metric_label(metric: str, lang: str) -> str:
    """A map measure's name in the language."""
    return in_lang(MAP_METRIC_LABELS[metric], lang)


_SHARE_COUNTS = {"live": "n_live", "cloud": "n_cloud_running"}


def _share_text(n: Any, total: Any) -> str:
    if not total or pd.isna(total):
        return "—"
    return f"{n / total * 100:.1f}% ({int(n):,}/{int(total):,})"


def map_share_frame(summary: pd.DataFrame, metric: str, lang: str, by_prefecture: bool = False) -> pd.DataFrame:
    """Per municipality (or prefecture): code, name, share, its class and its text, for `live` or `cloud`."""
    count = _SHARE_COUNTS[metric]
    if by_prefecture:
        frame = summary.groupby("prefecture_code", as_index=False)[[count, "n_in_scope"]].sum()
        frame = frame.rename(columns={"prefecture_code": "code"})
        frame["name"] = frame["code"]
    else:
        frame = summary.rename(columns={"municipality_code": "code"})
        frame = frame.assign(name=frame[lang_column("municipality", lang)])
    share = frame[count] / frame["n_in_scope"].where(frame["n_in_scope"] > 0)
    # the overview's denominator (unreported systems in scope), so the map adds up to its cards; a
    # municipality that has never reported keeps its figures but is drawn as "no report"
    reported = frame["last_report"].notna() if "last_report" in frame and not by_prefecture else share.notna() | True
    return pd.DataFrame(
        {
            "code": frame["code"].astype(str),
            "name": frame["name"],
            "n": frame[count].astype(int),
            "n_in_scope": frame["n_in_scope"].astype(int),
            "share": share,
            "category": [share_class(v) for v in share.where(reported)],
            "value_text": [_share_text(n, t) for n, t in zip(frame[count], frame["n_in_scope"], strict=True)],
        }
    )


def map_stage_frame(cells: pd.DataFrame, business_id: str, lang: str) -> pd.DataFrame:
    """Per municipality: code, name and the stage of one business (no_report when it has none)."""
    part = cells[cells["business_id"] == business_id]
    return pd.DataFrame(
        {
            "code": part["municipality_code"].astype(str),
            "name": part[lang_column("municipality", lang)],
            "category": part["stage"].fillna("no_report"),
            "value_text": [stage_label(s, lang) for s in part["stage"].fillna("no_report")],
        }
    ).reset_index(drop=True)


def map_schedule_frame(cells: pd.DataFrame, business_id: str, lang: str) -> pd.DataFrame:
    """Per municipality: code, name and the schedule status of one business on the cells' day."""
    part = cells[cells["business_id"] == business_id]
    return pd.DataFrame(
        {
            "code": part["municipality_code"].astype(str),
            "name": part[lang_column("municipality", lang)],
            "category": part["schedule_status"],
            "value_text": [schedule_label(s, lang) for s in part["schedule_status"]],
        }
    ).reset_index(drop=True)


def map_prefecture_overdue_frame(
    cells: pd.DataFrame, business_id: str, lang: str, names: dict[str, str]
) -> pd.DataFrame:
    """National scale, one business: each prefecture's share of its in-scope systems overdue, classed."""
    part = cells[(cells["business_id"] == business_id) & (cells["stage"] != "not_applicable")]
    grouped = part.assign(overdue=part["schedule_status"].isin(OVERDUE_STATUSES)).groupby("prefecture_code")
    frame = grouped.agg(n=("overdue", "sum"), n_in_scope=("overdue", "size")).reset_index()
    share = frame["n"] / frame["n_in_scope"].where(frame["n_in_scope"] > 0)
    return pd.DataFrame(
        {
            "code": frame["prefecture_code"].astype(str),
            "name": frame["prefecture_code"].map(names).fillna(frame["prefecture_code"]),
            "n": frame["n"].astype(int),
            "n_in_scope": frame["n_in_scope"].astype(int),
            "share": share,
            "category": [share_class(v) for v in share],
            "value_text": [_share_text(n, t) for n, t in zip(frame["n"], frame["n_in_scope"], strict=True)],
        }
    )


def map_prefecture_stage_frame(rollup: pd.DataFrame, business_id: str, lang: str) -> pd.DataFrame:
    """National scale, one business: each prefecture's share of its systems live, classed."""
    part = rollup[rollup["business_id"] == business_id]
    return pd.DataFrame(
        {
            "code": part["prefecture_code"].astype(str),
            "name": part[lang_column("prefecture", lang)],
            "n": part["n_live"].astype(int),
            "n_in_scope": part["n_in_scope"].astype(int),
            "share": part["share_live"],
            "category": [share_class(v) for v in part["share_live"]],
            "value_text": [_share_text(n, t) for n, t in zip(part["n_live"], part["n_in_scope"], strict=True)],
        }
    ).reset_index(drop=True)


def map_table(frame: pd.DataFrame, categories: dict[str, tuple[str, str]], lang: str, metric: str) -> pd.DataFrame:
    """The map as a table: code, name, the value shown and its class in the legend."""
    out = frame.assign(legend=frame["category"].map(lambda c: categories[c][0]))
    cols = {
        "code": ("コード", "Code"),
        "name": ("名称", "Name"),
        "value_text": (in_lang(MAP_METRIC_LABELS[metric], "ja"), in_lang(MAP_METRIC_LABELS[metric], "en")),
        "legend": ("凡例の区分", "Legend class"),
    }
    return labelled(out, cols, lang)


@dataclass(frozen=True)
class MapView:
    """One map's rows (code, name, category, value_text), its legend classes and its measure's name."""

    frame: pd.DataFrame
    categories: dict[str, tuple[str, str]]
    metric: str
    label: str


def business_names(cells: pd.DataFrame, lang: str) -> dict[str, str]:
    """The businesses present, in display order: id -> name in the language."""
    rows = cells.sort_values("business_order").drop_duplicates("business_id")
    return dict(zip(rows["business_id"], rows[lang_column("business", lang)], strict=True))


def map_view(
    metric: str,
    business_id: str,
    summary: pd.DataFrame,
    cells: pd.DataFrame,
    rollup: pd.DataFrame | None,
    national: bool,
    lang: str,
) -> MapView:
    """The map of a measure: per municipality, or per prefecture at national scale."""
    title = in_lang(MAP_METRIC_LABELS[metric], lang)
    if metric == "schedule":
        business = business_names(cells, lang).get(business_id, business_id)
        if national and rollup is not None:
            names = rollup.drop_duplicates("prefecture_code")
            names = dict(zip(names["prefecture_code"], names[lang_column("prefecture", lang)], strict=True))
            title = f"{business}: " + in_lang(OVERDUE, lang) + in_lang(("の割合", ": share"), lang)
            frame = map_prefecture_overdue_frame(cells, business_id, lang, names)
            return MapView(frame, share_categories(SCHEDULE_COLORS["overdue_deadline"], lang), metric, title)
        title = f"{business}: " + in_lang(("スケジュール状況", "schedule status"), lang)
        return MapView(map_schedule_frame(cells, business_id, lang), schedule_categories(lang), metric, title)
    if metric == "stage":
        title = f"{business_names(cells, lang).get(business_id, business_id)}: " + (
            in_lang(("稼働率", "share live"), lang) if national else in_lang(("進捗段階", "stage"), lang)
        )
        if national and rollup is not None:
            frame = map_prefecture_stage_frame(rollup, business_id, lang)
            return MapView(frame, share_categories(STAGE_COLORS["live"], lang), metric, title)
        return MapView(map_stage_frame(cells, business_id, lang), stage_categories(lang), metric, title)
    frame = map_share_frame(summary, metric, lang, by_prefecture=national)
    if national and rollup is not None:
        names = rollup.drop_duplicates("prefecture_code")
        frame = frame.assign(
            name=frame["code"].map(
                dict(zip(names["prefecture_code"], names[lang_column("prefecture", lang)], strict=True))
            )
        )
    color = STAGE_COLORS["live"] if metric == "live" else CLOUD_COLORS["running"]
    return MapView(frame, share_categories(color, lang), metric, title)
