"""One municipality: its systems and reports, its peers, its standing among all, its printed sheet's rows."""

from __future__ import annotations

import pandas as pd

from dashboard.shape.common import iso_dates, labelled
from schemas.vocabulary.display import TEXT
from schemas.vocabulary.labels import cloud_label, reason_label, schedule_label, stage_label
from schemas.vocabulary.language import lang_column


def systems_table(systems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's 20 systems for reading: stage, schedule status, dates, cloud, special support,
    vendor, PMO."""
    out = iso_dates(systems, ["as_of", "target_date", "due_date", "go_live_date"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        schedule=[schedule_label(s, lang) for s in out["schedule_status"]],
        cloud=[cloud_label(v, lang) for v in out["gov_cloud"]],
        special=[("○" if v is True else "") for v in out["special_support"].astype(object)],
        reason=[reason_label(v, lang) for v in out["special_support_reason"]],
        pmo=out["pmo_progress"].map(lambda v: "" if pd.isna(v) else f"{v:.0f}%"),
    )
    cols = {
        lang_column("business", lang): TEXT["business"],
        "stage_label": TEXT["stage"],
        "schedule": TEXT["schedule_status"],
        "due_date": TEXT["due_date"],
        "target_date": TEXT["target_date"],
        "go_live_date": TEXT["go_live_date"],
        "cloud": TEXT["gov_cloud"],
        "special": TEXT["special_support"],
        "reason": TEXT["reason"],
        "vendor": TEXT["vendor"],
        "pmo": TEXT["pmo_progress"],
        "as_of": TEXT["as_of"],
    }
    return labelled(out, cols, lang)


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's reports as plotted: day, business, stage."""
    out = iso_dates(history, ["as_of", "target_date", "go_live_date"])
    out = out.assign(stage_label=[stage_label(s, lang) for s in out["stage"]])
    cols = {
        "as_of": TEXT["as_of"],
        lang_column("business", lang): TEXT["business"],
        "stage_label": TEXT["stage"],
        "target_date": TEXT["target_date"],
        "go_live_date": TEXT["go_live_date"],
    }
    return labelled(out, cols, lang)


def peers(summary: pd.DataFrame, code: str, by: str) -> pd.DataFrame:
    """The municipality's peers of the same kind or region (itself included), most progress first."""
    me = summary[summary["municipality_code"] == code]
    if me.empty:
        return summary.iloc[0:0]
    column = "kind" if by == "kind" else "region"
    same = summary[summary[column] == me.iloc[0][column]]
    if column == "region" and pd.isna(me.iloc[0][column]):  # national scale: same prefecture
        same = summary[summary["prefecture_code"] == me.iloc[0]["prefecture_code"]]
    return same.sort_values(["share_live", "municipality_code"], ascending=[False, True], na_position="last")


def peers_table(peer_frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Peers as plotted: name, live, in scope, share, overdue, registry stage, last report."""
    out = iso_dates(peer_frame, ["last_report"])
    out = out.assign(
        share=(out["share_live"] * 100).round(1), registry=[stage_label(s, lang) for s in out["registry_stage"]]
    )
    cols = {
        lang_column("municipality", lang): TEXT["municipality"],
        "n_live": TEXT["n_live"],
        "n_in_scope": TEXT["n_in_scope"],
        "share": TEXT["share_live_pct"],
        "n_overdue": TEXT["n_overdue"],
        "registry": TEXT["resident_registry"],
        "last_report": TEXT["last_report"],
    }
    return labelled(out, cols, lang)


def sheet_systems(systems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's 20 systems for its printed sheet, with schedule status: codes beside their labels."""
    out = iso_dates(systems, ["as_of", "target_date", "due_date", "go_live_date"])
    return pd.DataFrame(
        {
            "business": out[lang_column("business", lang)],
            "stage": out["stage"],
            "stage_label": [stage_label(s, lang) for s in out["stage"]],
            "schedule_status": out["schedule_status"],
            "schedule_label": [schedule_label(s, lang) for s in out["schedule_status"]],
            "due_date": out["due_date"],
            "target_date": out["target_date"],
            "go_live_date": out["go_live_date"],
            "cloud": [cloud_label(v, lang) for v in out["gov_cloud"]],
            "special": [reason_label(v, lang) for v in out["special_support_reason"]],
            "vendor": out["vendor"].fillna(""),
            "as_of": out["as_of"],
        }
    )


def live_steps(history: pd.DataFrame) -> pd.DataFrame:
    """One municipality's systems live and in scope after each report day (its latest report per business)."""
    if history.empty:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "live": [], "in_scope": []})
    frame = history.assign(day=pd.to_datetime(history["as_of"])).sort_values(["day", "business_order"])
    rows = []
    for day in frame["day"].drop_duplicates():
        latest = frame[frame["day"] <= day].drop_duplicates("business_id", keep="last")
        rows.append(
            {
                "day": day,
                "live": int((latest["stage"] == "live").sum()),
                "in_scope": int((latest["stage"] != "not_applicable").sum()),
            }
        )
    return pd.DataFrame(rows)


def standing(summary: pd.DataFrame, code: str) -> pd.DataFrame:
    """How one municipality compares with all: share live, share on the Government Cloud, overdue.

    One row per measure: its value, the whole jurisdiction's pooled value (every municipality, no
    report included: the overview's figure), the median municipality's, and its rank (1 = most
    progress; for overdue, 1 = fewest) among the municipalities that reported.
    """
    everyone = summary.assign(
        share_cloud=summary["n_cloud_running"] / summary["n_in_scope"].where(summary["n_in_scope"] > 0)
    )
    reported = everyone[everyone["last_report"].notna() & (everyone["n_in_scope"] > 0)]
    me = summary[summary["municipality_code"] == code]
    mine = reported[reported["municipality_code"] == code]
    rows = []
    for measure, column, pooled_of, ascending in (
        ("share_live", "share_live", "n_live", False),
        ("share_cloud", "share_cloud", "n_cloud_running", False),
        ("overdue", "n_overdue", None, True),
    ):
        total = everyone["n_in_scope"].sum()
        pooled = everyone[pooled_of].sum() / total if pooled_of and total else everyone[column].sum()
        ranks = reported[column].rank(method="min", ascending=ascending)
        rows.append(
            {
                "measure": measure,
                "value": mine.iloc[0][column] if len(mine) else None,
                "all": pooled,
                "median": reported[column].median() if len(reported) else None,
                "rank": int(ranks[mine.index[0]]) if len(mine) else None,
                "n_ranked": len(reported),
                "n_municipalities": len(summary),
                "reported": not me.empty and bool(len(mine)),
            }
        )
    return pd.DataFrame(rows)
