"""Pure reshaping between the query layer and the pages: filters, orderings, labelled tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from dashboard.charts import (
    CLOUD_COLORS,
    SCHEDULE_KEYS,
    STAGE_COLORS,
    TRACKS,
    cloud_label,
    reason_label,
    schedule_label,
    share_categories,
    share_class,
    stage_categories,
    stage_label,
)
from dashboard.queries import Projection

REGIONS = ["ku", "tama", "islands"]
KINDS = ["ward", "city", "town", "village"]
REGION_LABELS = {"ku": ("区部", "Special wards"), "tama": ("多摩", "Tama"), "islands": ("島しょ", "Islands")}
KIND_LABELS = {"ward": ("特別区", "Ward"), "city": ("市", "City"), "town": ("町", "Town"), "village": ("村", "Village")}
SORTS = ["code", "progress_desc", "progress_asc"]
SORT_LABELS = {
    "code": ("団体コード順", "By code"),
    "progress_desc": ("進捗の高い順", "Most progress first"),
    "progress_asc": ("進捗の低い順", "Least progress first"),
}


def label(pair: tuple[str, str], lang: str) -> str:
    """The pair's text in the language."""
    return pair[1] if lang == "en" else pair[0]


def _name(lang: str, what: str) -> str:
    return f"{what}_{'en' if lang == 'en' else 'ja'}"


def _dates(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d").fillna("")
    return out


KPI_HELP: dict[str, tuple[str, str]] = {
    "share": ("稼働済み ÷ 対象システム（対象外を除く）", "Live systems ÷ systems in scope (not applicable excluded)"),
    "overdue": (
        "期日を過ぎて未稼働の対象システム（未報告を含む）。期日は、特定移行支援システムなら新たな移行完了予定日、"
        "それ以外は移行完了予定日と全国の期限 {deadline} の早い方（予定日がなければ {deadline}）。"
        "内訳: 期限を過ぎ特定移行支援の指定なし／特定移行支援で新たな予定日も経過／期限前に自らの予定日を経過。"
        "hyojunka export の schedule_status が overdue_ で始まる行の数と同じです。",
        "In-scope systems not live past their due date (no report included). Due: a special-support system's "
        "new target date; otherwise the earlier of its target date and the national deadline {deadline} "
        "(no target: {deadline}). Split: missed the deadline without designation / special support past its "
        "new date / past its own target before the deadline. Equals the rows of hyojunka export whose "
        "schedule_status starts with overdue_.",
    ),
    "live": (
        "稼働済み ÷ 対象システム。対象は全団体×業務から対象外を除いたもので、未報告も含みます",
        "Live systems of those in scope: every municipality x business but the not applicable, no report included",
    ),
    "reported_30d": (
        "過去30日以内に受理された報告がある団体",
        "Municipalities with an accepted report in the last 30 days",
    ),
}

KPI_LABELS: dict[str, tuple[str, str]] = {
    "live": ("稼働済みシステム", "Systems live"),
    "share": ("稼働率（対象外を除く）", "Share live (in scope)"),
    "registry_live": ("住民基本台帳 稼働団体", "Resident registry live"),
    "cloud_running": ("ガバメントクラウドで稼働", "Running on the Government Cloud"),
    "special_support": ("特定移行支援システム", "Special-support systems"),
    "overdue": ("期日を過ぎて未稼働", "Past due, not live"),
    "reported_30d": ("30日以内に報告した団体", "Reported within 30 days"),
}


OVERDUE_SPLIT = ["overdue_deadline", "overdue_special", "overdue_target"]


def overdue_split(kpis: pd.DataFrame, lang: str) -> str:
    """The past-due figure's parts, by schedule status, with how many have no report."""
    k = kpis.set_index("kpi")["value"]
    parts = [f"{schedule_label(s, lang)} {int(k[s]):,}" for s in OVERDUE_SPLIT if s != "overdue_target" or k[s]]
    no_report = int(k["overdue_no_report"])
    if no_report:
        parts.append(label((f"うち未報告 {no_report:,}", f"of which no report {no_report:,}"), lang))
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
                "label": label(KPI_LABELS[key], lang),
                "value": f"{value} {out_of}".strip(),
                "delta": "±0" if flat and delta is not None else delta,
                "delta_color": colour,
                "delta_arrow": "off" if flat else "auto",
                "help": label(KPI_HELP[key], lang).format(deadline=_day(deadline)) if key in KPI_HELP else None,
                "split": overdue_split(kpis, lang) if key == "overdue" else None,
            }
        )
    return cards


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def kpi_table(kpis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cards as a table: value, 30 days before, change."""
    names = {
        **{k: label(v, lang) for k, v in KPI_LABELS.items()},
        **{k: schedule_label(k, lang) for k in OVERDUE_SPLIT},
        "overdue_no_report": label(("期日を過ぎて未稼働のうち未報告", "Past due with no report"), lang),
        "in_scope": label(("対象システム数", "Systems in scope"), lang),
        "n_municipalities": label(("団体数", "Municipalities"), lang),
    }
    out = kpis.assign(kpi=kpis["kpi"].map(names))
    return out.rename(
        columns={
            "kpi": label(("指標", "Measure"), lang),
            "value": label(("現在", "Now"), lang),
            "before": label(("30日前", "30 days before"), lang),
            "change": label(("増減", "Change"), lang),
        }
    )


def stage_table(dist: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stage distribution as plotted: business, stage, count."""
    out = dist.sort_values(["business_order", "stage"]).assign(
        stage_label=[stage_label(s, lang) for s in dist.sort_values(["business_order", "stage"])["stage"]]
    )
    return out[[_name(lang, "business"), "stage", "stage_label", "n"]].rename(
        columns={
            _name(lang, "business"): label(("業務", "Business"), lang),
            "stage": label(("段階コード", "Stage code"), lang),
            "stage_label": label(("進捗段階", "Stage"), lang),
            "n": label(("団体数", "Municipalities"), lang),
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
        "municipality_code": ("団体コード", "Code"),
        _name(lang, "municipality"): ("団体", "Municipality"),
        _name(lang, "business"): ("業務", "Business"),
        "stage_label": ("進捗段階", "Stage"),
        "schedule": ("スケジュール", "Schedule status"),
        "due_date": ("期日", "Due date"),
        "target_date": ("移行完了予定日", "Target date"),
        "vendor": ("ベンダ", "Vendor"),
        "as_of": ("基準日", "As of"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


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
        return label(REGION_LABELS[region], lang)
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
        "municipality_code": ("団体コード", "Code"),
        _name(lang, "municipality"): ("団体", "Municipality"),
        "group": ("地域", "Region"),
        _name(lang, "business"): ("業務", "Business"),
        "stage_label": ("進捗段階", "Stage"),
        "schedule": ("スケジュール", "Schedule status"),
        "due_date": ("期日", "Due date"),
        "target_date": ("移行完了予定日", "Target date"),
        "go_live_date": ("稼働日", "Go-live date"),
        "cloud": ("ガバメントクラウド", "Government Cloud"),
        "reason": ("特定移行支援事由", "Special-support reason"),
        "vendor": ("ベンダ", "Vendor"),
        "as_of": ("基準日", "As of"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


def rollup_table(rollup: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The prefecture roll-up as a table."""
    cols = {
        _name(lang, "prefecture"): ("都道府県", "Prefecture"),
        _name(lang, "business"): ("業務", "Business"),
        "n_live": ("稼働", "Live"),
        "n_in_scope": ("対象", "In scope"),
        "share_live": ("稼働率", "Share live"),
    }
    out = rollup.assign(share_live=(rollup["share_live"] * 100).round(1))
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


def projection_points(p: Projection) -> pd.DataFrame:
    """The projection as a two-point line from the last week to the projected completion."""
    if p.start is None or p.completion is None or p.remaining == 0:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "live": pd.Series(dtype=float)})
    return pd.DataFrame({"day": pd.to_datetime([p.start, p.completion]), "live": [p.start_live, p.target]})


def progress_table(series: pd.DataFrame, planned: pd.DataFrame, points: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every plotted point of the progress chart in one long table: series, day, value."""
    names = {
        "live": ("稼働（報告）", "Live (reported)"),
        "in_scope": ("対象システム数", "Systems in scope"),
        "planned": ("稼働予定（予定日ベース）", "Planned go-lives"),
        "projection": ("直近ペースでの見通し", "Projection at recent pace"),
    }
    parts = [
        pd.DataFrame({"series": "live", "day": series["week"], "value": series["live"]}),
        pd.DataFrame({"series": "in_scope", "day": series["week"], "value": series["in_scope"]}),
        pd.DataFrame({"series": "planned", "day": planned["day"], "value": planned["planned_cumulative"]}),
        pd.DataFrame({"series": "projection", "day": points["day"], "value": points["live"]}),
    ]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else parts[0]
    out = out.assign(
        series=out["series"].map(lambda s: label(names[s], lang)),
        day=pd.to_datetime(out["day"]).dt.strftime("%Y-%m-%d"),
    )
    return out.rename(
        columns={
            "series": label(("系列", "Series"), lang),
            "day": label(("日付", "Day"), lang),
            "value": label(("システム数", "Systems"), lang),
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
    out = out.assign(track=out["track"].map(lambda t: label(TRACKS[t][:2], lang)))
    return out[[_name(lang, "business"), "track", "n"]].rename(
        columns={
            _name(lang, "business"): label(("業務", "Business"), lang),
            "track": label(("区分", "Track"), lang),
            "n": label(("システム数", "Systems"), lang),
        }
    )


def two_track_table(stage_totals: pd.DataFrame, cloud_totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The side-by-side totals as one table: track, status, count."""
    a = pd.DataFrame(
        {
            "track": label(("標準化", "Standardisation"), lang),
            "status": [stage_label(s, lang) for s in stage_totals["stage"]],
            "n": stage_totals["n"],
        }
    )
    b = pd.DataFrame(
        {
            "track": label(("ガバメントクラウド", "Government Cloud"), lang),
            "status": [cloud_label(s, lang) for s in cloud_totals["gov_cloud"]],
            "n": cloud_totals["n"],
        }
    )
    return pd.concat([a, b], ignore_index=True).rename(
        columns={
            "track": label(("軸", "Track"), lang),
            "status": label(("状態", "Status"), lang),
            "n": label(("システム数", "Systems"), lang),
        }
    )


def cloud_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cloud status per business as plotted."""
    out = counts.assign(status=[cloud_label(s, lang) for s in counts["gov_cloud"]])
    return out[[_name(lang, "business"), "status", "n"]].rename(
        columns={
            _name(lang, "business"): label(("業務", "Business"), lang),
            "status": label(("ガバメントクラウド", "Government Cloud"), lang),
            "n": label(("システム数", "Systems"), lang),
        }
    )


def cloud_municipality_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cloud readiness per municipality (or prefecture) as plotted."""
    cols = {
        "label": ("団体", "Municipality"),
        "n_in_scope": ("対象", "In scope"),
        "n_running": ("稼働", "Running"),
        "n_preparing": ("環境構築中", "Preparing"),
        "n_planned": ("利用予定", "Planned"),
        "n_not_planned": ("利用予定なし", "Not planned"),
        "share_running": ("クラウド稼働率(%)", "Share running (%)"),
    }
    out = frame.assign(share_running=(frame["share_running"] * 100).round(1))
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


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
        grouped = grouped.assign(label=grouped[_name(lang, "municipality")])
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
        _name(lang, "business"): ("業務", "Business"),
        "stage_label": ("進捗段階", "Stage"),
        "schedule": ("スケジュール", "Schedule status"),
        "due_date": ("期日", "Due date"),
        "target_date": ("移行完了予定日", "Target date"),
        "go_live_date": ("稼働日", "Go-live date"),
        "cloud": ("ガバメントクラウド", "Government Cloud"),
        "special": ("特定移行支援", "Special support"),
        "reason": ("事由", "Reason"),
        "vendor": ("ベンダ", "Vendor"),
        "pmo": ("PMO完了率", "PMO progress"),
        "as_of": ("基準日", "As of"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's reports as plotted: day, business, stage."""
    out = _dates(history, ["as_of", "target_date", "go_live_date"])
    out = out.assign(stage_label=[stage_label(s, lang) for s in out["stage"]])
    cols = {
        "as_of": ("基準日", "As of"),
        _name(lang, "business"): ("業務", "Business"),
        "stage_label": ("進捗段階", "Stage"),
        "target_date": ("移行完了予定日", "Target date"),
        "go_live_date": ("稼働日", "Go-live date"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


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
        _name(lang, "municipality"): ("団体", "Municipality"),
        "n_live": ("稼働", "Live"),
        "n_in_scope": ("対象", "In scope"),
        "share": ("稼働率(%)", "Share live (%)"),
        "n_overdue": ("期日超過", "Past due"),
        "registry": ("住民基本台帳", "Resident registry"),
        "last_report": ("最終報告", "Last report"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


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
        "municipality_code": ("団体コード", "Code"),
        _name(lang, "municipality"): ("団体", "Municipality"),
        _name(lang, "business"): ("業務", "Business"),
        "reason": ("事由", "Reason"),
        "stage_label": ("進捗段階", "Stage"),
        "target_date": ("新たな移行完了予定日", "New target date"),
        "vendor": ("ベンダ", "Vendor"),
        "as_of": ("基準日", "As of"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


def overdue_counts(late: pd.DataFrame) -> pd.DataFrame:
    """Systems past due per business and schedule status."""
    cols = ["business_id", "business_order", "business_ja", "business_en", "schedule_status"]
    return late.groupby(cols, as_index=False).size().rename(columns={"size": "n"})


def overdue_counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Past-due counts as plotted."""
    out = counts.sort_values(["business_order", "schedule_status"])
    out = out.assign(schedule_status=[schedule_label(s, lang) for s in out["schedule_status"]])
    return out[[_name(lang, "business"), "schedule_status", "n"]].rename(
        columns={
            _name(lang, "business"): label(("業務", "Business"), lang),
            "schedule_status": label(("スケジュール", "Schedule status"), lang),
            "n": label(("システム数", "Systems"), lang),
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
        "municipality_code": ("団体コード", "Code"),
        _name(lang, "municipality"): ("団体", "Municipality"),
        _name(lang, "business"): ("業務", "Business"),
        "schedule": ("スケジュール", "Schedule status"),
        "stage_label": ("進捗段階", "Stage"),
        "due_date": ("期日", "Due date"),
        "days_past_due": ("超過日数", "Days past due"),
        "target_date": ("移行完了予定日", "Target date"),
        "vendor": ("ベンダ", "Vendor"),
        "as_of": ("基準日", "As of"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


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
        "vendor": ("ベンダ", "Vendor"),
        _name(lang, "business"): ("業務", "Business"),
        "n_municipalities": ("団体数", "Municipalities"),
        "n_live": ("稼働", "Live"),
        "n_overdue": ("期日を過ぎて未稼働", "Past due, not live"),
        "n_special": ("特定移行支援（未稼働）", "Special support, not live"),
        _name(lang, "municipalities"): ("団体", "Municipalities served"),
    }
    return vb[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


def vendor_summary_table(vs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per-vendor schedule as plotted: systems by schedule status, those behind first."""
    cols = {
        "vendor": ("ベンダ", "Vendor"),
        "n_systems": ("システム数", "Systems"),
        "n_municipalities": ("団体数", "Municipalities"),
        "n_overdue": ("期日を過ぎて未稼働", "Past due, not live"),
    }
    names = {k: label(v, lang) for k, v in cols.items()}
    for status in SCHEDULE_KEYS:
        if f"n_{status}" in vs:
            cols[f"n_{status}"] = status
            names[f"n_{status}"] = schedule_label(status, lang)
    return vs[list(cols)].rename(columns=names)


def days(n: int) -> timedelta:
    """n days."""
    return timedelta(days=n)


# --- the map --------------------------------------------------------------------------------------

MAP_METRICS = ["live", "stage", "cloud"]
MAP_METRIC_LABELS: dict[str, tuple[str, str]] = {
    "live": ("稼働率（対象システム中）", "Share live (of systems in scope)"),
    "stage": ("業務の進捗段階", "One business's stage"),
    "cloud": ("ガバメントクラウド稼働率", "Share running on the Government Cloud"),
}
_SHARE_COUNTS = {"live": "n_live", "cloud": "n_cloud_running"}


def _share_text(n: object, total: object) -> str:
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
        frame = frame.assign(name=frame[_name(lang, "municipality")])
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
            "name": part[_name(lang, "municipality")],
            "category": part["stage"].fillna("no_report"),
            "value_text": [stage_label(s, lang) for s in part["stage"].fillna("no_report")],
        }
    ).reset_index(drop=True)


def map_prefecture_stage_frame(rollup: pd.DataFrame, business_id: str, lang: str) -> pd.DataFrame:
    """National scale, one business: each prefecture's share of its systems live, classed."""
    part = rollup[rollup["business_id"] == business_id]
    return pd.DataFrame(
        {
            "code": part["prefecture_code"].astype(str),
            "name": part[_name(lang, "prefecture")],
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
        "value_text": (label(MAP_METRIC_LABELS[metric], "ja"), label(MAP_METRIC_LABELS[metric], "en")),
        "legend": ("凡例の区分", "Legend class"),
    }
    return out[list(cols)].rename(columns={k: label(v, lang) for k, v in cols.items()})


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
    return dict(zip(rows["business_id"], rows[_name(lang, "business")], strict=True))


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
    title = label(MAP_METRIC_LABELS[metric], lang)
    if metric == "stage":
        title = f"{business_names(cells, lang).get(business_id, business_id)}: " + (
            label(("稼働率", "share live"), lang) if national else label(("進捗段階", "stage"), lang)
        )
        if national and rollup is not None:
            frame = map_prefecture_stage_frame(rollup, business_id, lang)
            return MapView(frame, share_categories(STAGE_COLORS["live"], lang), metric, title)
        return MapView(map_stage_frame(cells, business_id, lang), stage_categories(lang), metric, title)
    frame = map_share_frame(summary, metric, lang, by_prefecture=national)
    if national and rollup is not None:
        names = rollup.drop_duplicates("prefecture_code")
        frame = frame.assign(
            name=frame["code"].map(dict(zip(names["prefecture_code"], names[_name(lang, "prefecture")], strict=True)))
        )
    color = STAGE_COLORS["live"] if metric == "live" else CLOUD_COLORS["running"]
    return MapView(frame, share_categories(color, lang), metric, title)


def sheet_systems(systems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's 20 systems for its printed sheet: codes kept beside their labels."""
    out = _dates(systems, ["as_of", "target_date", "go_live_date"])
    return pd.DataFrame(
        {
            "business": out[_name(lang, "business")],
            "stage": out["stage"],
            "stage_label": [stage_label(s, lang) for s in out["stage"]],
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
