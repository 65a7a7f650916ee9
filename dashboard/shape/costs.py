"""Operating costs (運用経費): the privacy rule, the ratio classes, the labelled tables.

The privacy rule: yen of one municipality are shown to that municipality and the CIO office only; a
public page (and the static edition) shows a cost figure only where it adds up at least the setting's
number of municipalities (5), unless the deployment publishes each municipality's costs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.shape.common import labelled
from schemas.vocabulary.contract import NO_REPORT, NO_REPORT_LABEL
from schemas.vocabulary.costs import COST_CATEGORY_GROUP, COST_TEXT
from schemas.vocabulary.display import TEXT
from schemas.vocabulary.labels import label
from schemas.vocabulary.language import in_lang, lang_column

YEN_COLUMNS = ["baseline_total", "current_total", "baseline", "current", "change", "combined_total", "ratio"]
BIN_WIDTH = 0.1


def may_see_municipality(role: str | None, own_code: str | None, code: str, published: bool) -> bool:
    """Whether a viewer may see one municipality's yen: the CIO office (admin), the municipality
    itself, or anyone when the deployment publishes them."""
    return published or role == "admin" or (role == "municipality" and own_code == code)


def withhold(frame: pd.DataFrame, minimum: int, n_col: str = "n_municipalities") -> pd.DataFrame:
    """The frame with every yen figure (and ratio) of a row aggregating fewer than `minimum`
    municipalities blanked out; `minimum` 0 or 1 withholds nothing."""
    if frame.empty or minimum <= 1:
        return frame
    small = frame[n_col] < minimum
    cols = [c for c in YEN_COLUMNS if c in frame.columns]
    out = frame.copy()
    for col in cols:
        out[col] = out[col].astype("Float64" if col == "ratio" else "Int64").mask(small)
    return out


def figures_public(figures: dict, minimum: int) -> bool:
    """True when the jurisdiction's figures aggregate enough municipalities to be shown publicly."""
    return int(figures.get("n_compared") or 0) >= minimum


def ratio_bins(municipalities: pd.DataFrame) -> pd.DataFrame:
    """How many municipalities fall in each 0.1-wide class of the ratio (lower, upper, n)."""
    ratios = municipalities["ratio"].dropna().astype(float)
    if ratios.empty:
        return pd.DataFrame({"lower": [], "upper": [], "n_municipalities": []})
    top = max(2.0, math.ceil(ratios.max() / BIN_WIDTH) * BIN_WIDTH + BIN_WIDTH)
    edges = np.round(np.arange(0.0, top + BIN_WIDTH / 2, BIN_WIDTH), 2)
    index = np.clip(np.floor(ratios.to_numpy() / BIN_WIDTH + 1e-9).astype(int), 0, len(edges) - 2)
    counts = np.bincount(index, minlength=len(edges) - 1)
    return pd.DataFrame({"lower": edges[:-1], "upper": edges[1:], "n_municipalities": counts})


def bins_table(bins: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The classes as plotted."""
    out = pd.DataFrame(
        {
            in_lang(COST_TEXT["ratio_bin"], lang): [
                f"{a:.1f}–{b:.1f}" for a, b in zip(bins["lower"], bins["upper"], strict=True)
            ],
            in_lang(TEXT["n_municipalities"], lang): bins["n_municipalities"].astype(int),
        }
    )
    return out


def categories_frame(categories: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The categories with their labels and groups, largest change first."""
    out = categories.copy()
    out["label"] = [label("cost_category", c, lang) for c in out["category"]]
    out["group"] = [label("cost_group", COST_CATEGORY_GROUP.get(c, ""), lang) for c in out["category"]]
    return out.sort_values("category_order")


def categories_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What moved, for reading: each category's base-year and latest totals and the change."""
    cols = {
        "group": COST_TEXT["group"],
        "label": COST_TEXT["category"],
        "baseline": COST_TEXT["baseline"],
        "current": COST_TEXT["current"],
        "change": COST_TEXT["change"],
        "n_municipalities": TEXT["n_municipalities"],
    }
    return labelled(frame, cols, lang)


def group_frame(groups: pd.DataFrame, kind: str, lang: str) -> pd.DataFrame:
    """The compared pairs by stage or cloud use, labelled, in the vocabulary's order."""
    order = {code: i for i, code in enumerate(_order(kind))}
    out = groups.copy()
    out["label"] = [
        in_lang(NO_REPORT_LABEL, lang)
        if g == NO_REPORT
        else label("stage" if kind == "stage" else "gov_cloud", g, lang)
        for g in out["grp"]
    ]
    out["order"] = out["grp"].map(order).fillna(len(order))
    return out.sort_values("order")


def _order(kind: str) -> list[str]:
    from schemas.vocabulary.contract import GOV_CLOUD, STAGES

    return [*STAGES, "no_report"] if kind == "stage" else [*GOV_CLOUD, "no_report"]


def group_table(frame: pd.DataFrame, kind: str, lang: str) -> pd.DataFrame:
    """Cost against stage or cloud use, for reading."""
    cols = {
        "label": COST_TEXT["stage"] if kind == "stage" else COST_TEXT["gov_cloud"],
        "n_municipalities": TEXT["n_municipalities"],
        "n_pairs": COST_TEXT["n_pairs"],
        "baseline_total": COST_TEXT["baseline_total"],
        "current_total": COST_TEXT["current_total"],
        "ratio": COST_TEXT["ratio"],
    }
    return labelled(frame, cols, lang)


def business_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cost by business, for reading."""
    cols = {
        lang_column("business", lang): TEXT["business"],
        "n_municipalities": TEXT["n_municipalities"],
        "baseline_total": COST_TEXT["baseline_total"],
        "current_total": COST_TEXT["current_total"],
        "ratio": COST_TEXT["ratio"],
    }
    return labelled(frame, cols, lang)


def municipalities_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each municipality's ratio and yen (private: the CIO office, or a deployment that publishes them)."""
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        "n_pairs": COST_TEXT["n_pairs"],
        "baseline_total": COST_TEXT["baseline_total"],
        "current_total": COST_TEXT["current_total"],
        "current_year": COST_TEXT["current_year"],
        "ratio": COST_TEXT["ratio"],
    }
    return labelled(frame.sort_values("ratio", ascending=False), cols, lang)


def own_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One municipality's businesses: base year, latest year and ratio."""
    out = frame.assign(kind_label=[label("cost_kind", k, lang) for k in frame["current_kind"]])
    cols = {
        lang_column("business", lang): TEXT["business"],
        "baseline_total": COST_TEXT["baseline_total"],
        "current_year": COST_TEXT["current_year"],
        "kind_label": COST_TEXT["current_kind"],
        "current_total": COST_TEXT["current_total"],
        "ratio": COST_TEXT["ratio"],
    }
    return labelled(out, cols, lang)


def candidates_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Joint-procurement candidates for the procurement team."""
    cols = {
        lang_column("business", lang): TEXT["business"],
        "supplier": COST_TEXT["vendor_or_package"],
        "window_year": COST_TEXT["window"],
        "n_municipalities": TEXT["n_municipalities"],
        "combined_total": COST_TEXT["combined"],
        lang_column("municipalities", lang): COST_TEXT["participants"],
    }
    return labelled(frame, cols, lang)


def members_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each arrangement's members before and after it began."""
    cols = {
        "name": COST_TEXT["arrangement"],
        lang_column("business", lang): TEXT["business"],
        "start_date": COST_TEXT["start"],
        "base_cost": COST_TEXT["base_cost"],
        lang_column("municipality", lang): TEXT["municipality"],
        "usage_share": COST_TEXT["usage"],
        "before_total": COST_TEXT["before"],
        "after_total": COST_TEXT["after"],
    }
    return labelled(frame, cols, lang)


def arrangement_totals(members: pd.DataFrame) -> pd.DataFrame:
    """Each arrangement's members added up before and after (n_municipalities, before, after)."""
    if members.empty:
        return pd.DataFrame(columns=["arrangement_id", "name", "n_municipalities", "before_total", "after_total"])
    return (
        members.groupby(["arrangement_id", "name"], as_index=False)
        .agg(
            n_municipalities=("municipality_code", "nunique"),
            before_total=("before_total", "sum"),
            after_total=("after_total", "sum"),
        )
        .sort_values("arrangement_id")
    )
