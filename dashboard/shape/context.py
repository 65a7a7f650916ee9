"""The national context: each national figure beside the jurisdiction's, for the panel's chart and table."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.shape.common import pct_text
from schemas.vocabulary.language import in_lang
from schemas.vocabulary.releases import NATIONAL_FIGURES, OFFICIAL_KINDS


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
        return pct_text(value)
    if denominator is None or pd.isna(denominator):
        return f"{int(value):,}"
    share = _share(value, denominator)
    return f"{int(value):,} / {int(denominator):,}（{pct_text(share)}）"


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
