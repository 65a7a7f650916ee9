"""The Government Cloud's headlines: the two tracks, each business's tracks and cloud status, and the
cloud share per area."""

from __future__ import annotations

import pandas as pd

from dashboard.captions import fmt_int, fmt_pct
from dashboard.summaries.common import ratio
from schemas.vocabulary.display import TRACKS
from schemas.vocabulary.language import in_lang, lang_column


def two_tracks(stage_totals: pd.DataFrame, cloud_totals: pd.DataFrame, lang: str) -> str:
    """The two tracks: of the systems in scope, those live and those running on the Government Cloud."""
    total = int(stage_totals["n"].sum())
    live = int(stage_totals.loc[stage_totals["stage"] == "live", "n"].sum())
    running = int(cloud_totals.loc[cloud_totals["gov_cloud"] == "running", "n"].sum())
    live_pct, running_pct = fmt_pct(ratio(live, total)), fmt_pct(ratio(running, total))
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
    pct = fmt_pct(ratio(both, total))
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
    pct = fmt_pct(ratio(n, total))
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
    pct = fmt_pct(ratio(n, total))
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
