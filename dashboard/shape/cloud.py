"""The two tracks, standardisation and the Government Cloud: totals, per business and per area, as plotted."""

from __future__ import annotations

import pandas as pd

from dashboard.shape.common import labelled
from schemas.vocabulary.contract import GOV_CLOUD
from schemas.vocabulary.display import TEXT, TRACKS
from schemas.vocabulary.labels import cloud_label, stage_label, text
from schemas.vocabulary.language import in_lang, lang_column


def track_totals(tracks: pd.DataFrame, column: str) -> pd.DataFrame:
    """All in-scope systems counted by stage or by cloud status (for the two-track view)."""
    return tracks.groupby(column, as_index=False)["n"].sum()


def ordered(frame: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    """Rows in a given category order."""
    rank = {v: i for i, v in enumerate(order)}
    return frame.assign(_o=frame[column].map(rank)).sort_values("_o").drop(columns="_o")


def tracks_by_business(tracks: pd.DataFrame) -> pd.DataFrame:
    """Per business and track."""
    cols = ["business_id", "business_order", "business_ja", "business_en", "track"]
    return tracks.groupby(cols, as_index=False)["n"].sum()


def tracks_table(tracks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The two-track counts as plotted: business, track, count."""
    out = tracks_by_business(tracks).sort_values(["business_order", "track"])
    out = out.assign(track=out["track"].map(lambda t: in_lang(TRACKS[t], lang)))
    return out[[lang_column("business", lang), "track", "n"]].rename(
        columns={
            lang_column("business", lang): text("business", lang),
            "track": text("track", lang),
            "n": text("n_systems", lang),
        }
    )


def two_track_table(stage_totals: pd.DataFrame, cloud_totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The side-by-side totals as one table: track, status, count."""
    a = pd.DataFrame(
        {
            "track": text("standardisation", lang),
            "status": [stage_label(s, lang) for s in stage_totals["stage"]],
            "n": stage_totals["n"],
        }
    )
    b = pd.DataFrame(
        {
            "track": text("gov_cloud", lang),
            "status": [cloud_label(s, lang) for s in cloud_totals["gov_cloud"]],
            "n": cloud_totals["n"],
        }
    )
    return pd.concat([a, b], ignore_index=True).rename(
        columns={
            "track": text("axis", lang),
            "status": text("status", lang),
            "n": text("n_systems", lang),
        }
    )


def cloud_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cloud status per business as plotted."""
    out = counts.assign(status=[cloud_label(s, lang) for s in counts["gov_cloud"]])
    return out[[lang_column("business", lang), "status", "n"]].rename(
        columns={
            lang_column("business", lang): text("business", lang),
            "status": text("gov_cloud", lang),
            "n": text("n_systems", lang),
        }
    )


def cloud_municipality_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cloud readiness per municipality (or prefecture) as plotted."""
    cols = {
        "label": TEXT["municipality"],
        "n_in_scope": TEXT["n_in_scope"],
        "n_running": TEXT["n_running"],
        "n_preparing": GOV_CLOUD["preparing"],
        "n_planned": GOV_CLOUD["planned"],
        "n_not_planned": GOV_CLOUD["not_planned"],
        "share_running": ("クラウド稼働率(%)", "Share running (%)"),
    }
    out = frame.assign(share_running=(frame["share_running"] * 100).round(1))
    return labelled(out, cols, lang)


def cloud_by_area(frame: pd.DataFrame, national: bool, lang: str, regions: list[str]) -> pd.DataFrame:
    """Cloud readiness per municipality (Tokyo) or per prefecture (national), lowest share first."""
    if national:
        grouped = (
            frame.assign(prefecture=frame["municipality_code"].str[:2])
            .groupby("prefecture", as_index=False)[
                ["n_in_scope", "n_running", "n_preparing", "n_planned", "n_not_planned"]
            ]
            .sum()
        )
        grouped["share_running"] = grouped["n_running"] / grouped["n_in_scope"]
        grouped["label"] = grouped["prefecture"]
    else:
        grouped = frame[frame["region"].isin(regions)] if regions else frame
        grouped = grouped.assign(label=grouped[lang_column("municipality", lang)])
    return grouped.sort_values(["share_running", "label"], ascending=[False, True]).reset_index(drop=True)
