"""Vendors: the largest, the vendor x business pairs that recur, and both as tables."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.palette import SCHEDULE_KEYS
from dashboard.shape.common import labelled
from schemas.vocabulary.display import KPI_LABELS, TEXT
from schemas.vocabulary.labels import schedule_label
from schemas.vocabulary.language import in_lang, lang_column


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
    return labelled(vb, cols, lang)


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
