"""The ministry's official releases' headlines: the procedure's completion rate beside the share running
(over time and per business), and the discrepancies with the reports."""

from __future__ import annotations

import pandas as pd

from dashboard.captions import fmt_int, fmt_pct
from dashboard.summaries.common import ratio
from schemas.vocabulary.labels import label
from schemas.vocabulary.language import in_lang


def _month(value: object) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m")


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
    share = fmt_pct(ratio(live, in_scope))
    return in_lang(
        (
            f"手続の完了率 平均 {fmt_pct(rate)}（総務省）、報告で稼働 {fmt_int(live)} / {fmt_int(in_scope)} "
            f"システム（{share}）",
            f"ministry procedure done {fmt_pct(rate)} on average; {fmt_int(live)} of {fmt_int(in_scope)} "
            f"reported systems running ({share})",
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
