"""The cost charts' headlines: one short phrase each, with its figure."""

from __future__ import annotations

import pandas as pd

from schemas.vocabulary.language import in_lang


def ratios(figures: dict, target: float, lang: str) -> str:
    """The distribution of ratios: the cost-weighted ratio and how many are above the target."""
    weighted = figures.get("weighted_ratio")
    if weighted is None or pd.isna(weighted):
        return in_lang(("比較できる団体 0", "0 municipalities to compare"), lang)
    n = int(figures.get("n_compared") or 0)
    above = int(figures.get("n_above_target") or 0)
    return in_lang(
        (
            f"経費加重の比率 {weighted:.2f}倍、目標 {target:.2f}倍を上回る団体 {above} / {n}",
            f"cost-weighted ratio {weighted:.2f}×, {above} of {n} municipalities above the {target:.2f}× target",
        ),
        lang,
    )


def categories(frame: pd.DataFrame, lang: str) -> str:
    """What moved most: the largest rise and the largest fall."""
    moved = frame.dropna(subset=["change"])
    if moved.empty:
        return in_lang(("比較できる経費なし", "no costs to compare"), lang)
    rise = moved.loc[moved["change"].astype(float).idxmax()]
    fall = moved.loc[moved["change"].astype(float).idxmin()]
    return in_lang(
        (
            f"最大の増加は{rise['label']}（{float(rise['change']) / 1e6:+,.0f}百万円）、"
            f"最大の減少は{fall['label']}（{float(fall['change']) / 1e6:+,.0f}百万円）",
            f"largest rise {rise['label']} ({float(rise['change']) / 1e6:+,.0f} million yen), "
            f"largest fall {fall['label']} ({float(fall['change']) / 1e6:+,.0f} million yen)",
        ),
        lang,
    )


def groups(frame: pd.DataFrame, lang: str) -> str:
    """Cost against stage or cloud use: the group with the highest ratio."""
    shown = frame.dropna(subset=["ratio"])
    if shown.empty:
        return in_lang(("示せる区分なし", "no group large enough to show"), lang)
    top = shown.loc[shown["ratio"].astype(float).idxmax()]
    return in_lang(
        (
            f"比率が最も高いのは{top['label']}（{float(top['ratio']):.2f}倍）",
            f"highest ratio: {top['label']} ({float(top['ratio']):.2f}×)",
        ),
        lang,
    )


def before_after(frame: pd.DataFrame, lang: str) -> str:
    """The arrangements' members before and after, added up."""
    if frame.empty:
        return in_lang(("共同調達 0件", "0 arrangements"), lang)
    before = float(frame["before_total"].fillna(0).sum())
    after = float(frame["after_total"].fillna(0).sum())
    return in_lang(
        (
            f"{len(frame)}件の参加団体の合計 {before / 1e6:,.0f}百万円 → {after / 1e6:,.0f}百万円",
            f"{len(frame)} arrangements' members together: {before / 1e6:,.0f} → {after / 1e6:,.0f} million yen",
        ),
        lang,
    )
