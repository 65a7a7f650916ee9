"""The heatmap's cells: filters, regions and orderings, the cells and the prefecture roll-up as tables."""

from __future__ import annotations

import pandas as pd

from dashboard.shape.common import iso_dates, labelled
from schemas.vocabulary import display
from schemas.vocabulary.display import SORTS_TEXT, TEXT
from schemas.vocabulary.labels import cloud_label, reason_label, schedule_label, stage_label
from schemas.vocabulary.language import in_lang, lang_column

REGION_LABELS = display.REGIONS


KIND_LABELS = display.KINDS


REGIONS = list(REGION_LABELS)


KINDS = list(KIND_LABELS)


SORT_LABELS = SORTS_TEXT


SORTS = list(SORT_LABELS)


def filter_cells(
    cells: pd.DataFrame,
    regions: list[str],
    kinds: list[str],
    businesses: list[str] | None = None,
    statuses: list[str] | None = None,
) -> pd.DataFrame:
    """Heatmap cells of the chosen regions, kinds and businesses; with schedule statuses chosen, the
    municipalities with at least one such cell among those businesses (empty choice = all)."""
    keep = pd.Series(True, index=cells.index)
    if regions:
        keep &= cells["region"].isin(regions)
    if kinds:
        keep &= cells["kind"].isin(kinds)
    if businesses:
        keep &= cells["business_id"].isin(businesses)
    if statuses:
        hit = cells.loc[keep & cells["schedule_status"].isin(statuses), "municipality_code"]
        keep &= cells["municipality_code"].isin(hit.unique())
    return cells[keep]


def order_cells(cells: pd.DataFrame, sort: str) -> pd.DataFrame:
    """Cells grouped by region (区部, 多摩, 島しょ) and, within a region, in the chosen order."""
    rank = {r: i for i, r in enumerate(region_options(cells))}
    share = (cells["n_live"] / cells["n_in_scope"].where(cells["n_in_scope"] > 0)).fillna(-1)
    out = cells.assign(_region=cells["region"].map(rank).fillna(len(rank)), _share=share)
    keys, ascending = ["_region", "municipality_code"], [True, True]
    if sort == "progress_desc":
        keys, ascending = ["_region", "_share", "municipality_code"], [True, False, True]
    elif sort == "progress_asc":
        keys, ascending = ["_region", "_share", "municipality_code"], [True, True, True]
    out = out.sort_values(keys + ["business_order"], ascending=ascending + [True], kind="stable")
    return out.drop(columns=["_region", "_share"])


def region_label(region: str, region_ja: str | None, lang: str) -> str:
    """A region's label: Tokyo's three in the language, elsewhere the reference's own name."""
    if region in REGION_LABELS:
        return in_lang(REGION_LABELS[region], lang)
    return in_lang((region_ja or str(region), str(region).replace("_", " ").title()), lang)


def region_options(cells: pd.DataFrame) -> dict[str, str]:
    """The regions present, Tokyo's in their fixed order first, each with its Japanese name."""
    pairs = cells.drop_duplicates("region").sort_values("prefecture_code")
    found = dict(zip(pairs["region"], pairs["region_ja"], strict=True))
    tokyo = {r: found[r] for r in REGIONS if r in found}
    return {**tokyo, **{r: n for r, n in found.items() if r not in tokyo}}


def prefecture_options(cells: pd.DataFrame) -> list[str]:
    """The prefecture codes present, in code order."""
    return sorted(cells["prefecture_code"].dropna().unique().tolist())


def group_column(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add the heatmap's group label: the region's name in the language."""
    names = {r: region_label(r, n, lang) for r, n in region_options(cells).items()}
    return cells.assign(group=cells["region"].map(names).fillna(cells["prefecture_code"]))


def heatmap_table(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The heatmap's cells as a table, in the plotted order, without notes."""
    out = iso_dates(cells, ["as_of", "target_date", "due_date", "go_live_date"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        schedule=[schedule_label(s, lang) for s in out["schedule_status"]],
        cloud=[cloud_label(v, lang) for v in out["gov_cloud"]],
        reason=[reason_label(v, lang) for v in out["special_support_reason"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        "group": TEXT["region"],
        lang_column("business", lang): TEXT["business"],
        "stage_label": TEXT["stage"],
        "schedule": TEXT["schedule_status"],
        "due_date": TEXT["due_date"],
        "target_date": TEXT["target_date"],
        "go_live_date": TEXT["go_live_date"],
        "cloud": TEXT["gov_cloud"],
        "reason": TEXT["special_support_reason"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return labelled(out, cols, lang)


def rollup_table(rollup: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The prefecture roll-up as a table."""
    cols = {
        lang_column("prefecture", lang): TEXT["prefecture"],
        lang_column("business", lang): TEXT["business"],
        "n_live": TEXT["n_live"],
        "n_in_scope": TEXT["n_in_scope"],
        "share_live": TEXT["share_live"],
    }
    out = rollup.assign(share_live=(rollup["share_live"] * 100).round(1))
    return labelled(out, cols, lang)
