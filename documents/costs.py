"""Operating costs in the outputs, self-contained: the deck's cost slide (the jurisdiction's figures,
never one municipality's yen, withheld under five municipalities) and the A4 sheet's cost line (the
municipality's own costs: on the sheet made for itself or the CIO office)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboard import cost_queries
from dashboard.charts import costs as cost_charts
from dashboard.shape import costs as cost_shape
from etl.costs import settings
from schemas.vocabulary.costs import COST_TEXT
from schemas.vocabulary.language import in_lang

WORDS: dict[str, tuple[str, str]] = {
    "slide": ("運用経費：FY2018 との比較", "Operating costs against FY2018"),
    "note": (
        "経費加重の比率 {weighted} · 団体の中央値 {median} · 目標 {target} · 1.0倍超 {above_one} / {n} 団体 · "
        "目標超 {above_target} / {n} 団体（報告 {reported} 団体）",
        "Cost-weighted ratio {weighted} · median municipality {median} · target {target} · above 1.0× "
        "{above_one} of {n} · above the target {above_target} of {n} ({reported} reported)",
    ),
    "withheld": (
        "比較できる団体が {minimum} 団体未満のため、運用経費の集計は示しません（報告 {reported} 団体）。",
        "Fewer than {minimum} municipalities can be compared: no cost figure is shown ({reported} reported).",
    ),
    "sheet": (
        "運用経費（FY2018 比）: {ratio}（目標 {target}）· FY2018 {base} 円 → {year}年度 {latest} 円 · 比較できる業務 {n} / {reported}",
        "Operating costs (ratio to FY2018): {ratio} (target {target}) · FY2018 {base} yen → FY{year} {latest} yen · "
        "businesses compared {n} of {reported}",
    ),
    "sheet_none": ("運用経費: 報告なし", "Operating costs: not reported"),
}


@dataclass(frozen=True)
class CostSlide:
    """What the deck's cost slide shows (aggregates only)."""

    figures: dict
    bins: pd.DataFrame
    references: pd.DataFrame
    minimum: int


def slide_data(con: duckdb.DuckDBPyConnection) -> CostSlide:
    """Read the cost slide's figures."""
    minimum = 0 if settings.publish_per_municipality() else settings.min_municipalities()
    return CostSlide(
        cost_queries.cost_figures(con),
        cost_shape.ratio_bins(cost_queries.cost_municipalities(con)),
        settings.national_references(),
        minimum,
    )


def _ratio(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):.2f}×"


def slide_parts(c: CostSlide, lang: str) -> tuple[str, object | None, str]:
    """(title, figure or None when withheld, the line of figures under it)."""
    f = c.figures
    n = int(f.get("n_compared") or 0)
    reported = int(f.get("n_reported") or 0)
    title = in_lang(WORDS["slide"], lang)
    if not cost_shape.figures_public(f, c.minimum):
        return (
            title,
            None,
            in_lang(WORDS["withheld"], lang).format(minimum=settings.min_municipalities(), reported=reported),
        )
    target = settings.target_ratio()
    weighted = f.get("weighted_ratio")
    weighted_value = None if weighted is None or pd.isna(weighted) else float(weighted)
    fig = cost_charts.ratio_histogram(c.bins, c.references, target, weighted_value, lang)
    note = in_lang(WORDS["note"], lang).format(
        weighted=_ratio(weighted),
        median=_ratio(f.get("median_ratio")),
        target=_ratio(target),
        above_one=int(f.get("n_above_one") or 0),
        above_target=int(f.get("n_above_target") or 0),
        n=n,
        reported=reported,
    )
    return title, fig, note


def add_slide(
    prs: object, c: CostSlide, lang: str, new_slide: Callable, add_chart: Callable, add_text: Callable
) -> None:
    """The cost slide, through the deck's own slide, chart and text helpers."""
    title, fig, note = slide_parts(c, lang)
    slide = new_slide(prs, title)
    if fig is not None:
        add_chart(slide, fig, "costs", title)
    add_text(slide, note)


def sheet_line(con: duckdb.DuckDBPyConnection, code: str, lang: str) -> str:
    """The sheet's one line on the municipality's own costs."""
    own = cost_queries.cost_of_municipality(con, code)
    if own.empty:
        return in_lang(WORDS["sheet_none"], lang)
    compared = own[own["ratio"].notna()]
    base = int(compared["baseline_total"].sum()) if len(compared) else 0
    latest = int(compared["current_total"].sum()) if len(compared) else 0
    year = int(compared["current_year"].max()) if len(compared) else "—"
    return in_lang(WORDS["sheet"], lang).format(
        ratio=_ratio(latest / base if base else None),
        target=_ratio(settings.target_ratio()),
        base=f"{base:,}",
        latest=f"{latest:,}",
        year=year,
        n=len(compared),
        reported=len(own),
    )


__all__ = ["COST_TEXT", "CostSlide", "add_slide", "sheet_line", "slide_data", "slide_parts"]
