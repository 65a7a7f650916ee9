"""The standardisation's headlines: the stage bars, the maps, the heatmaps and progress over time."""

from __future__ import annotations

import pandas as pd

from dashboard.captions import fmt_date, fmt_int, fmt_pct
from dashboard.shape.maps import MapView
from dashboard.shape.progress import PACE_WEEKS
from dashboard.summaries.common import ratio
from schemas.vocabulary.contract import GOV_CLOUD, OVERDUE_STATUSES
from schemas.vocabulary.display import OVERDUE
from schemas.vocabulary.language import in_lang, lang_column


def stages(dist: pd.DataFrame, lang: str) -> str:
    """Stage bars: systems live of those in scope (every pair but the not applicable, no report included)."""
    live = int(dist.loc[dist["stage"] == "live", "n"].sum())
    in_scope = int(dist.loc[dist["stage"] != "not_applicable", "n"].sum())
    pct = fmt_pct(ratio(live, in_scope))
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
    "schedule": (OVERDUE[0], "past due"),
}


def map_view(mv: MapView, lang: str) -> str:
    """A map: the share over every area shown, or, for one business's classes, the areas live (stage)
    or past due (schedule)."""
    frame = mv.frame
    what = _MAP_COUNTED[mv.metric]
    if "n" in frame.columns:
        n, total = int(frame["n"].sum()), int(frame["n_in_scope"].sum())
        pct = fmt_pct(ratio(n, total))
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
    pct = fmt_pct(ratio(live, n))
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
    pct = fmt_pct(ratio(live, in_scope))
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
    pct = fmt_pct(ratio(last["live"], last["in_scope"]))
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
