"""Each chart's headline figure as one phrase, for the sentence a screen reader hears before the chart
(`view.chart`'s `summary`): pure text from the same frames the chart plots, in either language, its
numbers formatted as on the pages (`captions.fmt_int`, `captions.fmt_pct`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.captions import fmt_date, fmt_int, fmt_pct
from dashboard.queries import PACE_WEEKS
from dashboard.shape import MapView
from schemas.vocabulary import (
    GOV_CLOUD,
    OVERDUE_STATUSES,
    TRACKS,
    in_lang,
    label,
    lang_column,
    schedule_label,
)

# the past-due split in the overview's order: the national deadline, special support, own target
OVERDUE_ORDER = ["overdue_deadline", "overdue_special", "overdue_target"]


def _share(n: Any, total: Any) -> float | None:
    return float(n) / float(total) if total else None


def _month(value: object) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m")


def stages(dist: pd.DataFrame, lang: str) -> str:
    """Stage bars: systems live of those in scope (every pair but the not applicable, no report included)."""
    live = int(dist.loc[dist["stage"] == "live", "n"].sum())
    in_scope = int(dist.loc[dist["stage"] != "not_applicable", "n"].sum())
    pct = fmt_pct(_share(live, in_scope))
    return in_lang(
        (
            f"稼働済み {fmt_int(live)} / {fmt_int(in_scope)} システム（{pct}）",
            f"{fmt_int(live)} of {fmt_int(in_scope)} systems live ({pct})",
        ),
        lang,
    )


_MAP_COUNTED: dict[str, tuple[str, str]] = {
    "live": ("稼働", "live"),
    "stage": ("稼働", "live"),
    "cloud": (GOV_CLOUD["running"][0], "running on the Government Cloud"),  # the vocabulary's label
    "schedule": ("期日超過", "past due"),
}


def map_view(mv: MapView, lang: str) -> str:
    """A map: the share over every area shown, or, for one business's classes, the areas live (stage)
    or past due (schedule)."""
    frame = mv.frame
    what = _MAP_COUNTED[mv.metric]
    if "n" in frame.columns:
        n, total = int(frame["n"].sum()), int(frame["n_in_scope"].sum())
        pct = fmt_pct(_share(n, total))
        return in_lang(
            (
                f"全体で{what[0]} {fmt_int(n)} / {fmt_int(total)} システム（{pct}）",
                f"{fmt_int(n)} of {fmt_int(total)} systems {what[1]} overall ({pct})",
            ),
            lang,
        )
    counted = frame["category"].isin(OVERDUE_STATUSES) if mv.metric == "schedule" else frame["category"] == "live"
    k, areas = int(counted.sum()), len(frame)
    return in_lang(
        (
            f"{what[0]}の団体 {fmt_int(k)} / {fmt_int(areas)}",
            f"{fmt_int(k)} of {fmt_int(areas)} municipalities {what[1]}",
        ),
        lang,
    )


def heatmap_cells(cells: pd.DataFrame, lang: str) -> str:
    """The heatmap: pairs live of the municipality x business pairs shown (the not applicable left out)."""
    in_scope = cells[cells["stage"] != "not_applicable"]
    live, n = int((in_scope["stage"] == "live").sum()), len(in_scope)
    pct = fmt_pct(_share(live, n))
    return in_lang(
        (
            f"表示中の団体×業務 {fmt_int(n)}組（対象外を除く）のうち稼働済み {fmt_int(live)}組（{pct}）",
            f"{fmt_int(live)} of the {fmt_int(n)} municipality x business pairs shown are live "
            f"(not applicable left out; {pct})",
        ),
        lang,
    )


def prefecture_rollup(rollup: pd.DataFrame, lang: str) -> str:
    """The prefecture heatmap: systems live overall and the prefecture with the highest share."""
    live, in_scope = int(rollup["n_live"].sum()), int(rollup["n_in_scope"].sum())
    pct = fmt_pct(_share(live, in_scope))
    name = lang_column("prefecture", lang)
    per = rollup.groupby([name], as_index=False)[["n_live", "n_in_scope"]].sum()
    per = per[per["n_in_scope"] > 0].assign(share=lambda f: f["n_live"] / f["n_in_scope"])
    overall = in_lang(
        (
            f"稼働 {fmt_int(live)} / {fmt_int(in_scope)} システム（{pct}）",
            f"{fmt_int(live)} of {fmt_int(in_scope)} systems live ({pct})",
        ),
        lang,
    )
    if per.empty:
        return overall
    top = per.sort_values(["share", name], ascending=[False, True]).iloc[0]
    return overall + in_lang(
        (
            f"、稼働率が最も高いのは{top[name]}（{fmt_pct(top['share'])}）",
            f"; highest share in {top[name]} ({fmt_pct(top['share'])})",
        ),
        lang,
    )


def progress(series: pd.DataFrame, lang: str, weeks: int = PACE_WEEKS) -> str:
    """Progress over time: systems live in the latest week and the change over the last `weeks` weeks
    (the projection's pace window; fewer when the history is shorter)."""
    last = series.iloc[-1]
    earlier = series.iloc[max(0, len(series) - 1 - weeks)]
    span = (pd.Timestamp(last["week"]) - pd.Timestamp(earlier["week"])).days // 7
    pct = fmt_pct(_share(last["live"], last["in_scope"]))
    day = fmt_date(last["week"])
    text = in_lang(
        (
            f"最新週（{day}）の稼働 {fmt_int(last['live'])} / {fmt_int(last['in_scope'])} システム（{pct}）",
            f"{fmt_int(last['live'])} of {fmt_int(last['in_scope'])} systems live in the latest week ({day}; {pct})",
        ),
        lang,
    )
    if span <= 0:
        return text
    change = int(last["live"]) - int(earlier["live"])
    return text + in_lang((f"、{span}週間で{change:+,}", f", {change:+,} over {span} weeks"), lang)


def procedure_over_time(frame: pd.DataFrame, lang: str) -> str:
    """The ministry's months: the latest month's average completion rate beside the share running."""
    last = frame.iloc[-1]
    month, rate, running = _month(last["month"]), fmt_pct(last["mean_rate"]), fmt_pct(last["share_live"])
    return in_lang(
        (
            f"{month}の手続の完了率 平均 {rate}（総務省）、報告で稼働 {running}",
            f"{month}: ministry procedure done {rate} on average, {running} running as reported",
        ),
        lang,
    )


def procedure_vs_running(frame: pd.DataFrame, lang: str) -> str:
    """Procedure vs running per business: the ministry's average rate over every rate, and the reported
    systems live of those in scope."""
    rated = frame[frame["n_rates"] > 0]
    n_rates = int(rated["n_rates"].sum())
    rate = (rated["mean_rate"] * rated["n_rates"]).sum() / n_rates if n_rates else None
    live, in_scope = int(frame["n_live"].fillna(0).sum()), int(frame["n_in_scope"].fillna(0).sum())
    share = fmt_pct(_share(live, in_scope))
    return in_lang(
        (
            f"手続の完了率 平均 {fmt_pct(rate)}（総務省）、報告で稼働 {fmt_int(live)} / {fmt_int(in_scope)} "
            f"システム（{share}）",
            f"ministry procedure done {fmt_pct(rate)} on average; {fmt_int(live)} of {fmt_int(in_scope)} "
            f"reported systems running ({share})",
        ),
        lang,
    )


def context(context: pd.DataFrame, lang: str, local_name: str) -> str:
    """Against the national figures: the first figure, national beside the jurisdiction's."""
    if context.empty:
        return in_lang(("比較できる指標 0件", "0 figures to compare"), lang)
    first = context.iloc[0]
    return in_lang(
        (
            f"{first['label']}: 全国 {first['national']}、{local_name} {first['local']}",
            f"{first['label']}: national {first['national']}, {local_name} {first['local']}",
        ),
        lang,
    )


def two_tracks(stage_totals: pd.DataFrame, cloud_totals: pd.DataFrame, lang: str) -> str:
    """The two tracks: of the systems in scope, those live and those running on the Government Cloud."""
    total = int(stage_totals["n"].sum())
    live = int(stage_totals.loc[stage_totals["stage"] == "live", "n"].sum())
    running = int(cloud_totals.loc[cloud_totals["gov_cloud"] == "running", "n"].sum())
    live_pct, running_pct = fmt_pct(_share(live, total)), fmt_pct(_share(running, total))
    return in_lang(
        (
            f"対象 {fmt_int(total)} システムのうち標準化で稼働 {fmt_int(live)}（{live_pct}）、"
            f"ガバメントクラウドで稼働 {fmt_int(running)}（{running_pct}）",
            f"of {fmt_int(total)} systems in scope, {fmt_int(live)} live on the standard systems ({live_pct}) "
            f"and {fmt_int(running)} running on the Government Cloud ({running_pct})",
        ),
        lang,
    )


def tracks(tracks: pd.DataFrame, lang: str) -> str:
    """Both tracks by business: the systems done on both (live, running on the cloud) of those in scope."""
    total = int(tracks["n"].sum())
    both = int(tracks.loc[tracks["track"] == "live_running", "n"].sum())
    pct = fmt_pct(_share(both, total))
    name = in_lang(TRACKS["live_running"], lang)
    return in_lang(
        (
            f"{name} {fmt_int(both)} / {fmt_int(total)} システム（{pct}）",
            f"{name}: {fmt_int(both)} of {fmt_int(total)} systems ({pct})",
        ),
        lang,
    )


def cloud_business(counts: pd.DataFrame, lang: str) -> str:
    """Cloud status by business: systems running of those in scope, and the business with the most."""
    total = int(counts["n"].sum())
    running = counts[counts["gov_cloud"] == "running"]
    n = int(running["n"].sum())
    pct = fmt_pct(_share(n, total))
    text = in_lang(
        (
            f"ガバメントクラウドで稼働 {fmt_int(n)} / {fmt_int(total)} システム（{pct}）",
            f"{fmt_int(n)} of {fmt_int(total)} systems running on the Government Cloud ({pct})",
        ),
        lang,
    )
    if not n:
        return text
    name = lang_column("business", lang)
    top = running.sort_values(["n", "business_order"], ascending=[False, True]).iloc[0]
    return text + in_lang(
        (f"、最も多いのは{top[name]}（{fmt_int(top['n'])}）", f"; most in {top[name]} ({fmt_int(top['n'])})"),
        lang,
    )


def cloud_area(by_area: pd.DataFrame, lang: str, national: bool) -> str:
    """Cloud share per municipality (prefecture): running of in scope over those shown, and the highest
    (`by_area` comes highest share first)."""
    areas = len(by_area)
    n, total = int(by_area["n_running"].sum()), int(by_area["n_in_scope"].sum())
    pct = fmt_pct(_share(n, total))
    kind = in_lang(("都道府県", "prefectures") if national else ("団体", "municipalities"), lang)
    text = in_lang(
        (
            f"表示中の{fmt_int(areas)}{kind}でガバメントクラウドで稼働 {fmt_int(n)} / {fmt_int(total)} "
            f"システム（{pct}）",
            f"{fmt_int(n)} of {fmt_int(total)} systems running on the Government Cloud in the {fmt_int(areas)} "
            f"{kind} shown ({pct})",
        ),
        lang,
    )
    if by_area.empty:
        return text
    top = by_area.iloc[0]
    return text + in_lang(
        (
            f"、最も高いのは{top['label']}（{fmt_pct(top['share_running'])}）",
            f"; highest {top['label']} ({fmt_pct(top['share_running'])})",
        ),
        lang,
    )


def steps(steps: pd.DataFrame, lang: str) -> str:
    """One municipality's ministry steps: its average completion rate and the steps done."""
    rates = steps.drop_duplicates("business_id")["rate"]
    n_businesses = len(rates)
    rate = rates.mean() if rates.notna().any() else None
    done, total = int((steps["status"] == "done").sum()), len(steps)
    return in_lang(
        (
            f"{fmt_int(n_businesses)}業務の完了率 平均 {fmt_pct(rate)}（総務省）、"
            f"手順 {fmt_int(total)}件のうち完了 {fmt_int(done)}件",
            f"ministry completion rate {fmt_pct(rate)} on average over {fmt_int(n_businesses)} businesses; "
            f"{fmt_int(done)} of {fmt_int(total)} steps done",
        ),
        lang,
    )


def history(history: pd.DataFrame, lang: str) -> str:
    """One municipality's history: how many report days, and its businesses live in the latest reports."""
    days = history["as_of"].nunique()
    last = fmt_date(history["as_of"].max())
    latest = history.groupby("business_id").tail(1)  # the history comes oldest first
    in_scope = latest[latest["stage"] != "not_applicable"]
    live = int((in_scope["stage"] == "live").sum())
    return in_lang(
        (
            f"{fmt_int(days)}日分の報告、最新（{last}）時点で稼働 {fmt_int(live)} / {fmt_int(len(in_scope))} 業務",
            f"reports of {fmt_int(days)} days; as of the latest ({last}) {fmt_int(live)} of "
            f"{fmt_int(len(in_scope))} businesses live",
        ),
        lang,
    )


def peers(peer_frame: pd.DataFrame, code: str, lang: str) -> str:
    """Peers: the municipality's share live and its place among them (ties share the higher place)."""
    me = peer_frame[peer_frame["municipality_code"] == code]
    n = len(peer_frame)
    if me.empty:
        return in_lang((f"比較対象 {fmt_int(n)}団体", f"{fmt_int(n)} peers"), lang)
    row = me.iloc[0]
    name = row[lang_column("municipality", lang)]
    share = row["share_live"]
    if share is None or pd.isna(share):
        return in_lang(
            (
                f"{name}は対象システムの報告なし、比較対象 {fmt_int(n)}団体",
                f"{name} has reported no system in scope, among {fmt_int(n)} peers",
            ),
            lang,
        )
    text = in_lang(
        (
            f"{name}の稼働率 {fmt_pct(share)}（{fmt_int(row['n_live'])} / {fmt_int(row['n_in_scope'])}）",
            f"{name}: {fmt_pct(share)} live ({fmt_int(row['n_live'])} of {fmt_int(row['n_in_scope'])})",
        ),
        lang,
    )
    place = 1 + int((peer_frame["share_live"] > share).sum())
    return text + in_lang(
        (f"、{fmt_int(n)}団体中{fmt_int(place)}位", f", place {fmt_int(place)} of {fmt_int(n)}"), lang
    )


def reasons(reasons: pd.DataFrame, lang: str) -> str:
    """Special support by reason: the systems designated and the most frequent reason."""
    total = int(reasons["n"].sum())
    text = in_lang((f"特定移行支援 {fmt_int(total)} システム", f"{fmt_int(total)} special-support systems"), lang)
    if not total:
        return text
    top = reasons.sort_values("n", ascending=False, kind="stable").iloc[0]
    return text + in_lang(
        (
            f"、最も多い事由は「{top['reason']}」（{fmt_int(top['n'])}）",
            f"; most often for {top['reason']} ({fmt_int(top['n'])})",
        ),
        lang,
    )


def overdue(counts: pd.DataFrame, lang: str) -> str:
    """Systems past due by business: how many, split by schedule status."""
    per = counts.groupby("schedule_status")["n"].sum()
    total = int(per.sum())
    split = " · ".join(
        f"{schedule_label(s, lang)} {fmt_int(per[s])}" for s in OVERDUE_ORDER if s in per.index and per[s]
    )
    return in_lang(
        (
            f"期日超過 {fmt_int(total)} システム（{split}）" if split else f"期日超過 {fmt_int(total)} システム",
            f"{fmt_int(total)} systems past due ({split})" if split else f"{fmt_int(total)} systems past due",
        ),
        lang,
    )


def vendor_schedule(vs: pd.DataFrame, lang: str) -> str:
    """Schedule per vendor: the vendor with the most systems behind (past due)."""
    if vs.empty or not int(vs["n_overdue"].sum()):
        return in_lang(
            (
                f"{fmt_int(len(vs))}社とも期日超過のシステムはありません",
                f"none of the {fmt_int(len(vs))} vendors has a system past due",
            ),
            lang,
        )
    top = vs.sort_values(["n_overdue", "n_systems", "vendor"], ascending=[False, False, True]).iloc[0]
    return in_lang(
        (
            f"期日超過が最も多いベンダは{top['vendor']}（{fmt_int(top['n_overdue'])} / "
            f"{fmt_int(top['n_systems'])} システム）",
            f"{top['vendor']} has the most systems past due ({fmt_int(top['n_overdue'])} of "
            f"{fmt_int(top['n_systems'])})",
        ),
        lang,
    )


def vendor_matrix(top: pd.DataFrame, lang: str) -> str:
    """Vendors x businesses: of the vendors shown, the one serving the most systems, in how many businesses."""
    per = top.groupby("vendor").agg(n=("n_municipalities", "sum"), b=("business_id", "nunique")).reset_index()
    if per.empty:
        return in_lang(("表示中のベンダ 0社", "0 vendors shown"), lang)
    first = per.sort_values(["n", "vendor"], ascending=[False, True]).iloc[0]
    return in_lang(
        (
            f"表示中の{fmt_int(len(per))}社で最も多く担当するのは{first['vendor']}"
            f"（{fmt_int(first['b'])}業務・{fmt_int(first['n'])}システム）",
            f"of the {fmt_int(len(per))} vendors shown, {first['vendor']} serves the most "
            f"({fmt_int(first['n'])} systems in {fmt_int(first['b'])} businesses)",
        ),
        lang,
    )


def reconcile(counts: pd.DataFrame, lang: str) -> str:
    """Discrepancies per class: the total and each class's count."""
    total = int(counts["n"].sum())
    parts = " · ".join(
        f"{label('reconcile_kind', k, lang)} {fmt_int(n)}" for k, n in zip(counts["kind"], counts["n"], strict=True)
    )
    return in_lang((f"食い違い {fmt_int(total)}件（{parts}）", f"{fmt_int(total)} discrepancies ({parts})"), lang)
