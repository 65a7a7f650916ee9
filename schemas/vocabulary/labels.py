"""Every labelled kind of code in one table, and the helpers that pick a code's label in a language.

`hyojunka init` writes the table into the database's `labels` table (label_rows) for the SQL.
"""

from __future__ import annotations

import pandas as pd

from schemas.vocabulary.contract import (
    COLUMNS,
    GOV_CLOUD,
    HEADERS_EN,
    HEADERS_JA,
    NO_REPORT,
    NO_REPORT_LABEL,
    RESIDENT_REGISTRY,
    SCHEDULE_STATUSES,
    SPECIAL_SUPPORT_REASONS,
    STAGES,
    UNDER_WAY,
)
from schemas.vocabulary.costs import COST_CATEGORIES, COST_GROUPS, COST_KINDS
from schemas.vocabulary.display import COVERAGE, KINDS, KPI_LABELS, REGIONS, SORTS_TEXT, TEXT, TRACKS
from schemas.vocabulary.language import Pair, in_lang
from schemas.vocabulary.releases import NATIONAL_FIGURES, OFFICIAL_KINDS, RECONCILE_KINDS, STEP_STATUSES

# every labelled kind of code, for the labels table and for label()
LABELS: dict[str, dict[str, Pair]] = {
    "stage": {**STAGES, NO_REPORT: NO_REPORT_LABEL},
    "gov_cloud": GOV_CLOUD,
    "special_support_reason": {str(k): v for k, v in SPECIAL_SUPPORT_REASONS.items()},
    "region": REGIONS,
    "kind": KINDS,
    "track": TRACKS,
    "kpi": KPI_LABELS,
    "sort": SORTS_TEXT,
    "schedule_status": {**SCHEDULE_STATUSES, NO_REPORT: NO_REPORT_LABEL},
    "official_kind": OFFICIAL_KINDS,
    "step_status": STEP_STATUSES,
    "reconcile_kind": RECONCILE_KINDS,
    "national_figure": {k: (ja, en) for k, (ja, en, _unit) in NATIONAL_FIGURES.items()},
    "coverage": COVERAGE,
    "column": {**{c: (HEADERS_JA[c], HEADERS_EN[c]) for c in COLUMNS}},
    "cost_category": COST_CATEGORIES,
    "cost_group": COST_GROUPS,
    "cost_kind": COST_KINDS,
}
# named sets of codes the SQL asks about (macros is_under_way, is_resident_registry)
CODE_SETS: dict[str, list[str]] = {"under_way": UNDER_WAY, "resident_registry": [RESIDENT_REGISTRY]}


def text(key: str, lang: str) -> str:
    """A column or axis label of the dashboard in the language."""
    return in_lang(TEXT[key], lang)


def label(kind: str, code: object, lang: str = "ja") -> str:
    """A code's label of the given kind in the language; empty for no value, the code itself if unknown."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    key = str(int(code)) if isinstance(code, float) else str(code)
    pair = LABELS[kind].get(key)
    return in_lang(pair, lang) if pair else key


def schedule_label(status: str, lang: str = "ja") -> str:
    """A schedule status's label (no_report included) in the language."""
    return label("schedule_status", status, lang)


def stage_label(stage: str, lang: str = "ja") -> str:
    """A stage's label (no_report included) in the language."""
    return label("stage", stage, lang)


def cloud_label(value: str | None, lang: str = "ja") -> str:
    """A Government Cloud status's label."""
    return label("gov_cloud", value, lang)


def reason_label(value: object, lang: str = "ja") -> str:
    """A special-support reason's label (1-4)."""
    return label("special_support_reason", value, lang)


def label_rows() -> list[tuple[str, str, int, str, str]]:
    """Every (kind, code, order, ja, en), for the labels table `hyojunka init` writes."""
    return [
        (kind, code, order, ja, en)
        for kind, pairs in LABELS.items()
        for order, (code, (ja, en)) in enumerate(pairs.items(), start=1)
    ]
