"""Pure reshaping between the query layer and the pages: filters, orderings, labelled tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from html import escape
from typing import Any

import pandas as pd

from dashboard.charts import (  # the palette: the map's classes carry their colours
    CLOUD_COLORS,
    SCHEDULE_COLORS,
    SCHEDULE_KEYS,
    STAGE_COLORS,
    STEP_COLORS,
    schedule_categories,
    share_categories,
    share_class,
    stage_categories,
)
from dashboard.queries import Projection
from schemas import vocabulary
from schemas.vocabulary import (
    GOV_CLOUD,
    KPI_HELP,
    KPI_LABELS,
    NATIONAL_FIGURES,
    OFFICIAL_KINDS,
    OVERDUE_STATUSES,
    RECONCILE_INFORMATIVE,
    RECONCILE_KINDS,
    SORTS_TEXT,
    TEXT,
    TRACKS,
    cloud_label,
    in_lang,
    lang_column,
    reason_label,
    schedule_label,
    stage_label,
    text,
)

REGION_LABELS = vocabulary.REGIONS
KIND_LABELS = vocabulary.KINDS
REGIONS = list(REGION_LABELS)
KINDS = list(KIND_LABELS)
SORT_LABELS = SORTS_TEXT
SORTS = list(SORT_LABELS)


def _dates(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d").fillna("")
    return out


OVERDUE_SPLIT = ["overdue_deadline", "overdue_special", "overdue_target"]


def overdue_split(kpis: pd.DataFrame, lang: str) -> str:
    """The past-due figure's parts, by schedule status, with how many have no report."""
    k = kpis.set_index("kpi")["value"]
    parts = [f"{schedule_label(s, lang)} {int(k[s]):,}" for s in OVERDUE_SPLIT if s != "overdue_target" or k[s]]
    no_report = int(k["overdue_no_report"])
    if no_report:
        parts.append(in_lang((f"うち未報告 {no_report:,}", f"of which no report {no_report:,}"), lang))
    return " · ".join(parts)


def kpi_cards(kpis: pd.DataFrame, lang: str, deadline: object = None) -> list[dict]:
    """The overview's cards: label, value, out-of, change over 30 days (share in points), help, split."""
    k = kpis.set_index("kpi")
    share_now = k.at["live", "value"] / k.at["in_scope", "value"] if k.at["in_scope", "value"] else None
    share_before = k.at["live", "before"] / k.at["in_scope", "before"] if k.at["in_scope", "before"] else None
    of_systems, of_munis = int(k.at["in_scope", "value"]), int(k.at["n_municipalities", "value"])
    cards = []
    for key in KPI_LABELS:
        if key == "share":
            value = "—" if share_now is None else f"{share_now * 100:.1f}%"
            change = None if share_now is None or share_before is None else (share_now - share_before) * 100
            delta = None if change is None else f"{change:+.1f} pt"
            out_of = ""
        else:
            value = f"{int(k.at[key, 'value']):,}"
            delta = f"{int(k.at[key, 'change']):+,}"
            total = of_munis if key in ("registry_live", "reported_30d") else of_systems
            out_of = f"/ {total:,}" if key in ("live", "registry_live", "reported_30d") else ""
        # more overdue is worse: colour its change the other way round
        # no change is shown flat, not as a rise; more overdue is worse, so its change is coloured the other way
        flat = delta is None or delta.lstrip("+-").rstrip(" pt") in ("0", "0.0")
        colour = "off" if flat else ("inverse" if key == "overdue" else "normal")
        cards.append(
            {
                "key": key,
                "label": in_lang(KPI_LABELS[key], lang),
                "value": f"{value} {out_of}".strip(),
                "delta": "±0" if flat and delta is not None else delta,
                "delta_color": colour,
                "delta_arrow": "off" if flat else "auto",
                "help": in_lang(KPI_HELP[key], lang).format(deadline=_day(deadline)) if key in KPI_HELP else None,
                "split": overdue_split(kpis, lang) if key == "overdue" else None,
            }
        )
    return cards


def plain_summary(kpis: pd.DataFrame, lang: str, deadline: object) -> str:
    """The overview in plain words (HTML with <ruby> only), its figures filled in from the headline figures."""
    k = kpis.set_index("kpi")["value"]
    in_scope, live = int(k.get("in_scope", 0) or 0), int(k.get("live", 0) or 0)
    day = pd.Timestamp(deadline) if deadline is not None and not pd.isna(deadline) else None
    if day is None:
        when = "—"
    else:
        when = f"{day.year}年{day.month}月{day.day}日" if lang == "ja" else f"{day.day} {day:%B} {day.year}"
    figures = {
        "n_municipalities": f"{int(k.get('n_municipalities', 0) or 0):,}",
        "in_scope": f"{in_scope:,}" + in_lang(("システム", ""), lang),
        "live": f"{live:,}" + in_lang(("システム", ""), lang),
        "percent": f"{round(100 * live / in_scope) if in_scope else 0}",
        "deadline": when,
        "overdue": f"{int(k.get('overdue', 0) or 0):,}" + in_lang(("システム", ""), lang),
    }
    return in_lang(vocabulary.PLAIN_SUMMARY, lang).format(**{key: escape(v) for key, v in figures.items()})


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def kpi_table(kpis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cards as a table: value, 30 days before, change."""
    names = {
        **{k: in_lang(v, lang) for k, v in KPI_LABELS.items()},
        **{k: schedule_label(k, lang) for k in OVERDUE_SPLIT},
        "overdue_no_report": in_lang(("期日を過ぎて未稼働のうち未報告", "Past due with no report"), lang),
        "in_scope": text("in_scope", lang),
        "n_municipalities": text("n_municipalities", lang),
    }
    out = kpis.assign(kpi=kpis["kpi"].map(names))
    return out.rename(
        columns={
            "kpi": text("measure", lang),
            "value": text("now", lang),
            "before": text("before_30d", lang),
            "change": text("change", lang),
        }
    )


def stage_table(dist: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stage distribution as plotted: business, stage, count."""
    out = dist.sort_values(["business_order", "stage"]).assign(
        stage_label=[stage_label(s, lang) for s in dist.sort_values(["business_order", "stage"])["stage"]]
    )
    return out[[lang_column("business", lang), "stage", "stage_label", "n"]].rename(
        columns={
            lang_column("business", lang): text("business", lang),
            "stage": text("stage_code", lang),
            "stage_label": text("stage", lang),
            "n": text("n_municipalities", lang),
        }
    )


def filter_cells(
    cells: pd.DataFrame,
    regions: list[str],
    kinds: list[str],
    businesses: list[str] | None = None,
    statuses: list[str] | None = None,
) -> pd.DataFrame:
    """Heatmap cells of the chosen regions, kinds and businesses; with schedule statuses chosen, the
    municipalities with at least one such cell among those businesses (empty choice = all)."""
    keep = pd.Series(True, index=cells.index)
    if regions:
        keep &= cells["region"].isin(regions)
    if kinds:
        keep &= cells["kind"].isin(kinds)
    if businesses:
        keep &= cells["business_id"].isin(businesses)
    if statuses:
        hit = cells.loc[keep & cells["schedule_status"].isin(statuses), "municipality_code"]
        keep &= cells["municipality_code"].isin(hit.unique())
    return cells[keep]


# the laggards list: systems not live, the most overdue classes first
LAGGARD_ORDER = ["overdue_special", "overdue_deadline", "overdue_target", "after_deadline_planned", "on_track"]


def laggards(cells: pd.DataFrame, business: str) -> pd.DataFrame:
    """Every municipality whose system of one business is in scope and not live, most overdue first."""
    rank = {s: i for i, s in enumerate(LAGGARD_ORDER)}
    out = cells[(cells["business_id"] == business) & cells["schedule_status"].isin(LAGGARD_ORDER)]
    out = out.assign(_rank=out["schedule_status"].map(rank))
    return out.sort_values(["_rank", "due_date", "municipality_code"], kind="stable").drop(columns="_rank")


def laggards_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The laggards for reading and CSV: municipality, stage, schedule status, due date, vendor."""
    out = _dates(frame, ["due_date", "target_date", "as_of"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        schedule=[schedule_label(s, lang) for s in out["schedule_status"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        lang_column("business", lang): TEXT["business"],
        "stage_label": TEXT["stage"],
        "schedule": ("スケジュール", "Schedule status"),
        "due_date": ("期日", "Due date"),
        "target_date": TEXT["target_date"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def order_cells(cells: pd.DataFrame, sort: str) -> pd.DataFrame:
    """Cells grouped by region (区部, 多摩, 島しょ) and, within a region, in the chosen order."""
    rank = {r: i for i, r in enumerate(region_options(cells))}
    share = (cells["n_live"] / cells["n_in_scope"].where(cells["n_in_scope"] > 0)).fillna(-1)
    out = cells.assign(_region=cells["region"].map(rank).fillna(len(rank)), _share=share)
    keys, ascending = ["_region", "municipality_code"], [True, True]
    if sort == "progress_desc":
        keys, ascending = ["_region", "_share", "municipality_code"], [True, False, True]
    elif sort == "progress_asc":
        keys, ascending = ["_region", "_share", "municipality_code"], [True, True, True]
    out = out.sort_values(keys + ["business_order"], ascending=ascending + [True], kind="stable")
    return out.drop(columns=["_region", "_share"])


def region_label(region: str, region_ja: str | None, lang: str) -> str:
    """A region's label: Tokyo's three in the language, elsewhere the reference's own name."""
    if region in REGION_LABELS:
        return in_lang(REGION_LABELS[region], lang)
    if lang == "en":
        return str(region).replace("_", " ").title()
    return region_ja or str(region)


def region_options(cells: pd.DataFrame) -> dict[str, str]:
    """The regions present, Tokyo's in their fixed order first, each with its Japanese name."""
    pairs = cells.drop_duplicates("region").sort_values("prefecture_code")
    found = dict(zip(pairs["region"], pairs["region_ja"], strict=True))
    tokyo = {r: found[r] for r in REGIONS if r in found}
    return {**tokyo, **{r: n for r, n in found.items() if r not in tokyo}}


def prefecture_options(cells: pd.DataFrame) -> list[str]:
    """The prefecture codes present, in code order."""
    return sorted(cells["prefecture_code"].dropna().unique().tolist())


def group_column(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add the heatmap's group label: the region's name in the language."""
    names = {r: region_label(r, n, lang) for r, n in region_options(cells).items()}
    return cells.assign(group=cells["region"].map(names).fillna(cells["prefecture_code"]))


def heatmap_table(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The heatmap's cells as a table, in the plotted order, without notes."""
    out = _dates(cells, ["as_of", "target_date", "due_date", "go_live_date"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        schedule=[schedule_label(s, lang) for s in out["schedule_status"]],
        cloud=[cloud_label(v, lang) for v in out["gov_cloud"]],
        reason=[reason_label(v, lang) for v in out["special_support_reason"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        "group": TEXT["region"],
        lang_column("business", lang): TEXT["business"],
        "stage_label": TEXT["stage"],
        "schedule": ("スケジュール", "Schedule status"),
        "due_date": ("期日", "Due date"),
        "target_date": TEXT["target_date"],
        "go_live_date": TEXT["go_live_date"],
        "cloud": TEXT["gov_cloud"],
        "reason": TEXT["special_support_reason"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def rollup_table(rollup: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The prefecture roll-up as a table."""
    cols = {
        lang_column("prefecture", lang): TEXT["prefecture"],
        lang_column("business", lang): TEXT["business"],
        "n_live": TEXT["n_live"],
        "n_in_scope": TEXT["n_in_scope"],
        "share_live": TEXT["share_live"],
    }
    out = rollup.assign(share_live=(rollup["share_live"] * 100).round(1))
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def projection_points(p: Projection) -> pd.DataFrame:
    """The projection as a two-point line from the last week to the projected completion."""
    if p.start is None or p.completion is None or p.remaining == 0:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "live": pd.Series(dtype=float)})
    return pd.DataFrame({"day": pd.to_datetime([p.start, p.completion]), "live": [p.start_live, p.target]})


def progress_table(series: pd.DataFrame, planned: pd.DataFrame, points: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every plotted point of the progress chart in one long table: series, day, value."""
    names = {
        "live": TEXT["live_reported"],
        "in_scope": TEXT["in_scope"],
        "planned": TEXT["planned"],
        "projection": TEXT["projection"],
    }
    parts = [
        pd.DataFrame({"series": "live", "day": series["week"], "value": series["live"]}),
        pd.DataFrame({"series": "in_scope", "day": series["week"], "value": series["in_scope"]}),
        pd.DataFrame({"series": "planned", "day": planned["day"], "value": planned["planned_cumulative"]}),
        pd.DataFrame({"series": "projection", "day": points["day"], "value": points["live"]}),
    ]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else parts[0]
    out = out.assign(
        series=out["series"].map(lambda s: in_lang(names[s], lang)),
        day=pd.to_datetime(out["day"]).dt.strftime("%Y-%m-%d"),
    )
    return out.rename(
        columns={
            "series": text("series", lang),
            "day": text("day", lang),
            "value": text("n_systems", lang),
        }
    )


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
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


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


def systems_table(systems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's 20 systems for reading: stage, schedule status, dates, cloud, special support,
    vendor, PMO."""
    out = _dates(systems, ["as_of", "target_date", "due_date", "go_live_date"])
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
        "schedule": ("スケジュール", "Schedule status"),
        "due_date": ("期日", "Due date"),
        "target_date": TEXT["target_date"],
        "go_live_date": TEXT["go_live_date"],
        "cloud": TEXT["gov_cloud"],
        "special": TEXT["special_support"],
        "reason": TEXT["reason"],
        "vendor": TEXT["vendor"],
        "pmo": TEXT["pmo_progress"],
        "as_of": TEXT["as_of"],
    }
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's reports as plotted: day, business, stage."""
    out = _dates(history, ["as_of", "target_date", "go_live_date"])
    out = out.assign(stage_label=[stage_label(s, lang) for s in out["stage"]])
    cols = {
        "as_of": TEXT["as_of"],
        lang_column("business", lang): TEXT["business"],
        "stage_label": TEXT["stage"],
        "target_date": TEXT["target_date"],
        "go_live_date": TEXT["go_live_date"],
    }
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


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
    out = _dates(peer_frame, ["last_report"])
    out = out.assign(
        share=(out["share_live"] * 100).round(1), registry=[stage_label(s, lang) for s in out["registry_stage"]]
    )
    cols = {
        lang_column("municipality", lang): TEXT["municipality"],
        "n_live": TEXT["n_live"],
        "n_in_scope": TEXT["n_in_scope"],
        "share": TEXT["share_live_pct"],
        "n_overdue": ("期日超過", "Past due"),
        "registry": TEXT["resident_registry"],
        "last_report": TEXT["last_report"],
    }
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def reason_counts(special: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Special-support systems counted per reason, reasons 1-4 in order."""
    counts = special.groupby("special_support_reason").size().reindex([1, 2, 3, 4], fill_value=0)
    return pd.DataFrame({"reason": [reason_label(r, lang) for r in counts.index], "n": counts.to_numpy()})


def special_table(special: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Special-support systems with reason and new target."""
    out = _dates(special, ["target_date", "go_live_date", "as_of"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        reason=[reason_label(v, lang) for v in out["special_support_reason"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        lang_column("business", lang): TEXT["business"],
        "reason": TEXT["reason"],
        "stage_label": TEXT["stage"],
        "target_date": TEXT["new_target_date"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def overdue_counts(late: pd.DataFrame) -> pd.DataFrame:
    """Systems past due per business and schedule status."""
    cols = ["business_id", "business_order", "business_ja", "business_en", "schedule_status"]
    return late.groupby(cols, as_index=False).size().rename(columns={"size": "n"})


def overdue_counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Past-due counts as plotted."""
    out = counts.sort_values(["business_order", "schedule_status"])
    out = out.assign(schedule_status=[schedule_label(s, lang) for s in out["schedule_status"]])
    return out[[lang_column("business", lang), "schedule_status", "n"]].rename(
        columns={
            lang_column("business", lang): text("business", lang),
            "schedule_status": in_lang(("スケジュール", "Schedule status"), lang),
            "n": text("n_systems", lang),
        }
    )


def overdue_by_status(late: pd.DataFrame) -> dict[str, int]:
    """How many systems are past due in each overdue_ schedule status."""
    counts = late["schedule_status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("overdue_deadline", "overdue_special", "overdue_target")}


def overdue_table(late: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Systems past due, most days past due first."""
    out = _dates(late, ["target_date", "due_date", "as_of"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        schedule=[schedule_label(s, lang) for s in out["schedule_status"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        lang_column("business", lang): TEXT["business"],
        "schedule": ("スケジュール", "Schedule status"),
        "stage_label": TEXT["stage"],
        "due_date": ("期日", "Due date"),
        "days_past_due": ("超過日数", "Days past due"),
        "target_date": TEXT["target_date"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def top_vendors(vb: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Vendor x business rows of the vendors serving the most municipalities."""
    totals = vb.groupby("vendor")["n_municipalities"].sum().sort_values(ascending=False)
    return vb[vb["vendor"].isin(totals.head(limit).index)]


def joint_candidates(vb: pd.DataFrame, minimum: int) -> pd.DataFrame:
    """Vendor x business pairs recurring in at least `minimum` municipalities."""
    return vb[vb["n_municipalities"] >= minimum].sort_values(
        ["n_municipalities", "business_order", "vendor"], ascending=[False, True, True]
    )


def vendor_business_table(vb: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Vendor x business rows for reading."""
    cols = {
        "vendor": TEXT["vendor"],
        lang_column("business", lang): TEXT["business"],
        "n_municipalities": TEXT["n_municipalities"],
        "n_live": TEXT["n_live"],
        "n_overdue": KPI_LABELS["overdue"],
        "n_special": ("特定移行支援（未稼働）", "Special support, not live"),
        lang_column("municipalities", lang): ("団体", "Municipalities served"),
    }
    return vb[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


def vendor_summary_table(vs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per-vendor schedule as plotted: systems by schedule status, those behind first."""
    cols = {
        "vendor": TEXT["vendor"],
        "n_systems": TEXT["n_systems"],
        "n_municipalities": TEXT["n_municipalities"],
        "n_overdue": KPI_LABELS["overdue"],
    }
    names = {k: in_lang(v, lang) for k, v in cols.items()}
    for status in SCHEDULE_KEYS:
        if f"n_{status}" in vs:
            names[f"n_{status}"] = schedule_label(status, lang)
    return vs[list(names)].rename(columns=names)


def days(n: int) -> timedelta:
    """n days."""
    return timedelta(days=n)


# --- the map --------------------------------------------------------------------------------------

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
    return pd.DataFrame(
        {
            "code": frame["code"].astype(str),
            "name": frame["name"],
            "n": frame[count].astype(int),
            "n_in_scope": frame["n_in_scope"].astype(int),
            "share": share,
            "category": [share_class(v) for v in share],
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
    return out[list(cols)].rename(columns={k: in_lang(v, lang) for k, v in cols.items()})


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
            title = f"{business}: " + in_lang(("期限超過の割合", "share overdue"), lang)
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


def sheet_systems(systems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's 20 systems for its printed sheet, with schedule status: codes beside their labels."""
    out = _dates(systems, ["as_of", "target_date", "due_date", "go_live_date"])
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

    One row per measure: its value, the whole jurisdiction's pooled value, the median municipality's,
    and its rank (1 = most progress; for overdue, 1 = fewest) among the municipalities that reported.
    """
    reported = summary[summary["n_in_scope"] > 0].copy()
    reported["share_cloud"] = reported["n_cloud_running"] / reported["n_in_scope"]
    me = summary[summary["municipality_code"] == code]
    mine = reported[reported["municipality_code"] == code]
    rows = []
    for measure, column, pooled_of, ascending in (
        ("share_live", "share_live", "n_live", False),
        ("share_cloud", "share_cloud", "n_cloud_running", False),
        ("overdue", "n_overdue", None, True),
    ):
        total = reported["n_in_scope"].sum()
        pooled = reported[pooled_of].sum() / total if pooled_of and total else reported[column].sum()
        ranks = reported[column].rank(method="min", ascending=ascending)
        rows.append(
            {
                "measure": measure,
                "value": mine.iloc[0][column] if len(mine) else None,
                "all": pooled if len(reported) else None,
                "median": reported[column].median() if len(reported) else None,
                "rank": int(ranks[mine.index[0]]) if len(mine) else None,
                "n_ranked": len(reported),
                "n_municipalities": len(summary),
                "reported": not me.empty and bool(len(mine)),
            }
        )
    return pd.DataFrame(rows)


# --- the official releases -----------------------------------------------------------------------
def _pct(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value) * 100:.1f}%"


def _month(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m")


def official_caption(latest: pd.DataFrame, kinds: list[str], lang: str) -> str:
    """The as-of month and source of the latest release of each kind, for under an official chart."""
    parts = []
    for kind in kinds:
        row = latest[latest["kind"] == kind]
        if row.empty:
            continue
        r = row.iloc[0]
        url = f" {r['source_url']}" if isinstance(r["source_url"], str) and r["source_url"] else ""
        base = in_lang(("基準月", "as of"), lang)
        loaded = in_lang(("取込", "loaded"), lang)
        parts.append(f"{in_lang(OFFICIAL_KINDS[kind], lang)} {base} {_month(r['as_of'])}（{loaded} #{r['id']}）{url}")
    return in_lang(("出典: ", "Source: "), lang) + " · ".join(parts) if parts else ""


def reconcile_counts(rec: pd.DataFrame) -> pd.DataFrame:
    """Discrepancies per class, every class listed (zero too), in the vocabulary's order."""
    counts = rec["kind"].value_counts() if len(rec) else pd.Series(dtype=int)
    return pd.DataFrame({"kind": list(RECONCILE_KINDS), "n": [int(counts.get(k, 0)) for k in RECONCILE_KINDS]})


def reconcile_counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The counts per class as a labelled table (informative classes marked)."""
    informative = in_lang(("参考", "informative"), lang)
    return pd.DataFrame(
        {
            in_lang(("区分", "Class"), lang): [vocabulary.label("reconcile_kind", k, lang) for k in counts["kind"]],
            in_lang(("件数", "Count"), lang): counts["n"],
            in_lang(("性格", "Nature"), lang): [
                informative if k in RECONCILE_INFORMATIVE else "" for k in counts["kind"]
            ],
        }
    )


def reconcile_table(rec: pd.DataFrame, lang: str, kinds: list[str] | None = None) -> pd.DataFrame:
    """One row per discrepancy for reading, with a link to the municipality's page."""
    out = rec if not kinds else rec[rec["kind"].isin(kinds)]
    yes, no = in_lang(("あり", "yes"), lang), in_lang(("なし", "no"), lang)
    link = "" if lang == "ja" else "&lang=en"
    frame = pd.DataFrame(
        {
            in_lang(("団体", "Municipality"), lang): out[lang_column("municipality", lang)],
            in_lang(("団体コード", "Code"), lang): out["municipality_code"],
            in_lang(("業務", "Business"), lang): out[lang_column("business", lang)],
            in_lang(("区分", "Class"), lang): [vocabulary.label("reconcile_kind", k, lang) for k in out["kind"]],
            in_lang(("報告の進捗段階", "Reported stage"), lang): [
                "" if not isinstance(s, str) else stage_label(s, lang) for s in out["reported_stage"]
            ],
            in_lang(("報告の特定移行支援", "Reported special support"), lang): [
                "" if pd.isna(v) else (yes if v else no) for v in out["reported_special_support"].astype(object)
            ],
            in_lang(("報告の基準日", "Reported as of"), lang): [
                "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d") for v in out["reported_as_of"]
            ],
            in_lang(("総務省の完了率", "Ministry rate"), lang): out["official_rate"].map(_pct),
            in_lang(("国の一覧の●", "● on the national list"), lang): [
                "" if pd.isna(v) else ("●" if v else no) for v in out["official_marked"].astype(object)
            ],
            in_lang(("公表資料の基準月", "Release as of"), lang): out["release_as_of"].map(_month),
            in_lang(("団体のページ", "Municipality page"), lang): [
                f"/municipality?muni={c}{link}" for c in out["municipality_code"]
            ],
        }
    )
    return frame.reset_index(drop=True)


def procedure_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per business: the ministry's rate, the share at 100 %, live of reported in scope, share live."""
    return pd.DataFrame(
        {
            in_lang(("業務", "Business"), lang): frame[lang_column("business", lang)],
            in_lang(("手続の完了率 平均（総務省）", "Procedure done, average (ministry)"), lang): frame[
                "mean_rate"
            ].map(_pct),
            in_lang(("完了率100%の団体の割合", "Share at 100 %"), lang): frame["share_done"].map(_pct),
            in_lang(("稼働（報告）", "Live (reported)"), lang): frame["n_live"].fillna(0).astype(int),
            in_lang(("対象（報告）", "In scope (reported)"), lang): frame["n_in_scope"].fillna(0).astype(int),
            in_lang(("稼働の割合（報告）", "Share running (reported)"), lang): frame["share_live"].map(_pct),
        }
    )


def procedure_time_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per ministry month: its average rate and the reported share live at the month's end."""
    return pd.DataFrame(
        {
            in_lang(("月", "Month"), lang): frame["month"].map(_month),
            in_lang(("手続の完了率 平均（総務省）", "Procedure done, average (ministry)"), lang): frame[
                "mean_rate"
            ].map(_pct),
            in_lang(("稼働（報告、月末）", "Live (reported, month end)"), lang): frame["n_live"],
            in_lang(("対象（報告、月末）", "In scope (reported, month end)"), lang): frame["n_in_scope"],
            in_lang(("稼働の割合", "Share running"), lang): frame["share_live"].map(_pct),
        }
    )


def _share(value: Any, denominator: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    if denominator is None or pd.isna(denominator):
        return float(value)  # a rate already
    return float(value) / float(denominator) if float(denominator) else None


def _figure_text(figure: str, value: Any, denominator: Any) -> str:
    if value is None or pd.isna(value):
        return "—"
    if NATIONAL_FIGURES[figure][2] == "rate":
        return _pct(value)
    if denominator is None or pd.isna(denominator):
        return f"{int(value):,}"
    share = _share(value, denominator)
    return f"{int(value):,} / {int(denominator):,}（{_pct(share)}）"


def _local_source(kind: str, lang: str) -> str:
    if kind == "reports":
        return in_lang(("各団体の報告（hyojunka）", "the municipalities' reports (hyojunka)"), lang)
    return in_lang(OFFICIAL_KINDS[kind], lang)


def context_frame(national: pd.DataFrame, local: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each national figure beside the jurisdiction's, both with as-of and source; shares for the chart."""
    here = local.set_index("figure")
    rows = []
    for r in national.itertuples():
        mine = here.loc[r.figure] if r.figure in here.index else None
        local_value = None if mine is None else mine["value"]
        local_den = None if mine is None else mine["denominator"]
        rows.append(
            {
                "figure": r.figure,
                "label": in_lang(NATIONAL_FIGURES[r.figure][:2], lang),
                "national": _figure_text(r.figure, r.value, r.denominator),
                "national_as_of": pd.Timestamp(r.as_of).strftime("%Y-%m-%d"),
                "national_source": r.source,
                "national_url": r.url if isinstance(r.url, str) else "",
                "national_share": _share(r.value, r.denominator)
                if NATIONAL_FIGURES[r.figure][2] == "rate" or (r.denominator is not None and not pd.isna(r.denominator))
                else None,
                "local": "—" if mine is None else _figure_text(r.figure, local_value, local_den),
                "local_as_of": ""
                if mine is None or pd.isna(mine["as_of"])
                else pd.Timestamp(mine["as_of"]).strftime("%Y-%m-%d"),
                "local_source": "" if mine is None else _local_source(mine["source"], lang),
                "local_share": None if mine is None else _share(local_value, local_den),
            }
        )
    order = list(NATIONAL_FIGURES)
    out = pd.DataFrame(rows)
    return out.sort_values("figure", key=lambda s: s.map(order.index)).reset_index(drop=True) if len(out) else out


def context_chart_frame(context: pd.DataFrame) -> pd.DataFrame:
    """The figures with a share on both sides (what the chart compares)."""
    if context.empty:
        return context
    return context.dropna(subset=["national_share", "local_share"]).reset_index(drop=True)


def context_table(context: pd.DataFrame, lang: str, local_name: str) -> pd.DataFrame:
    """The context panel as a table: each figure, national and local, each with as-of and source."""
    national = in_lang(("全国", "National"), lang)
    as_of, source = in_lang(("基準日", "as of"), lang), in_lang(("出典", "source"), lang)
    return pd.DataFrame(
        {
            in_lang(("指標", "Figure"), lang): context["label"],
            national: context["national"],
            f"{national} {as_of}": context["national_as_of"],
            f"{national} {source}": context["national_source"],
            f"{national} URL": context["national_url"],
            local_name: context["local"],
            f"{local_name} {as_of}": context["local_as_of"],
            f"{local_name} {source}": context["local_source"],
        }
    )


def steps_table(steps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per business: the ministry's rate and how many of its steps are in each status."""
    counts = steps.pivot_table(index="business_id", columns="status", values="step_no", aggfunc="count").fillna(0)
    first = steps.drop_duplicates("business_id").set_index("business_id")
    out = pd.DataFrame(
        {
            in_lang(("業務", "Business"), lang): first[lang_column("business", lang)],
            in_lang(("完了率（総務省）", "Completion rate (ministry)"), lang): first["rate"].map(_pct),
        }
    )
    for status in STEP_COLORS:
        out[vocabulary.label("step_status", status, lang)] = counts[status].astype(int) if status in counts else 0
    return out.reset_index(drop=True)
