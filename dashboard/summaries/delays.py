"""The delays' and vendors' headlines: special support by reason, systems past due, and the vendors
behind and serving the most."""

from __future__ import annotations

import pandas as pd

from dashboard.captions import fmt_int
from dashboard.shape.headline import part_name
from schemas.vocabulary.display import OVERDUE
from schemas.vocabulary.labels import schedule_label
from schemas.vocabulary.language import in_lang

# the past-due split in the overview's order: the national deadline, special support, own target
OVERDUE_ORDER = ["overdue_deadline", "overdue_special", "overdue_target"]


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
        f"{part_name(schedule_label(s, lang), lang)} {fmt_int(per[s])}"
        for s in OVERDUE_ORDER
        if s in per.index and per[s]
    )
    return in_lang(
        (
            f"{OVERDUE[0]} {fmt_int(total)} システム（{split}）"
            if split
            else f"{OVERDUE[0]} {fmt_int(total)} システム",
            f"{fmt_int(total)} systems past due ({split})" if split else f"{fmt_int(total)} systems past due",
        ),
        lang,
    )


def vendor_schedule(vs: pd.DataFrame, lang: str) -> str:
    """Schedule per vendor: the vendor with the most systems behind (past due)."""
    if vs.empty or not int(vs["n_overdue"].sum()):
        return in_lang(
            (
                f"{fmt_int(len(vs))}社とも{OVERDUE[0]}のシステムはありません",
                f"none of the {fmt_int(len(vs))} vendors has a system past due",
            ),
            lang,
        )
    top = vs.sort_values(["n_overdue", "n_systems", "vendor"], ascending=[False, False, True]).iloc[0]
    return in_lang(
        (
            f"{OVERDUE[0]}が最も多いベンダは{top['vendor']}（{fmt_int(top['n_overdue'])} / "
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
