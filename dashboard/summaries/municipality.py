"""One municipality's headlines: its figures against the national ones, its ministry steps, its history
of reports and its place among its peers."""

from __future__ import annotations

import pandas as pd

from dashboard.captions import fmt_date, fmt_int, fmt_pct
from schemas.vocabulary.language import in_lang, lang_column


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
