"""The status report's column registry: each column once, in the report's order.

Every list that names the report's columns is derived from `FIELDS`: the contract's lists and headers
(`schemas.vocabulary.contract`), the pandera schema's columns and its length rules
(`schemas.status_report`), the reader's normalising steps (`etl.read`), the store's types
(`etl.validate.typed`), the column lists of the SQL that carries a whole status row (`etl.paths`
expands `{{ status_columns }}` and the like), the template, the prefill, the report form and the
export. docs/adding-a-column.md lists what is still written per column.

This module imports nothing of the project: the vocabulary is built on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# what a column holds, and so how the reader, the store, the form and the template treat it
Kind = Literal["code", "vocabulary", "date", "bool", "int", "percent", "text"]
# a key column names the pair (municipality x business), the day column the day the row describes,
# a status column what the report says of that pair on that day (the form's and prefill's fields)
Role = Literal["key", "day", "status"]


@dataclass(frozen=True)
class Field:
    """One column of the status report."""

    name: str
    header_ja: str
    header_en: str
    kind: Kind
    # DuckDB's type of the column in status_reports and latest_status
    store_type: str
    # the names of the checks in schemas.status_report reported against this column (a cell rule in
    # COLUMN_ERRORS, a rule across columns in FRAME_ERRORS or FRAME_WARNINGS); tests/test_fields.py
    # holds them equal
    rules: tuple[str, ...]
    # what the column holds, for the pandera schema and the docs
    description: str
    # True: a file must have the column (its cells may still be blank where the rules allow it)
    required: bool = True
    # False: private, never on a public page or in the default export (the notes)
    public: bool = True
    role: Role = "status"
    # the most characters a cell may hold; a `<name>_too_long` check follows from it
    max_chars: int | None = None
    # the reader's normalising step (etl.read.NORMALISERS), None for text kept as written (folded)
    normaliser: str | None = None
    # why a column has no rule, when it has none: a column must have a rule or say why not
    unchecked: str = ""
    # the column's width in the Excel template
    width: int = 14


VENDOR_CHARS = 100
NOTES_CHARS = 1000

FIELDS: list[Field] = [
    Field(
        "municipality_code",
        "団体コード",
        "Municipality code",
        kind="code",
        store_type="varchar",
        rules=("municipality_code_invalid", "municipality_code_unknown", "municipality_not_own"),
        description="全国地方公共団体コード (6 digits with check digit) in the jurisdiction's list",
        role="key",
        normaliser="code",
        width=12,
    ),
    Field(
        "business_id",
        "業務",
        "Business",
        kind="vocabulary",
        store_type="varchar",
        rules=("business_unknown", "pair_duplicated"),
        description="one of the 20 core businesses (id; the Japanese name is normalised to it)",
        role="key",
        normaliser="business",
        width=22,
    ),
    Field(
        "as_of",
        "基準日",
        "As of",
        kind="date",
        store_type="date",
        rules=("as_of_invalid_date", "as_of_in_future", "as_of_before_start"),
        description="the day the status describes (ISO date), not after today, not before 2021-09-01",
        role="day",
        normaliser="date",
        width=12,
    ),
    Field(
        "stage",
        "進捗段階",
        "Stage",
        kind="vocabulary",
        store_type="varchar",
        rules=("stage_unknown", "stage_moved_backwards", "live_before_resident_registry"),
        description="migration stage: not_started .. live, or not_applicable",
        normaliser="stage",
        width=22,
    ),
    Field(
        "target_date",
        "移行完了予定日",
        "Target date",
        kind="date",
        store_type="date",
        rules=(
            "target_date_invalid_date",
            "target_date_required_while_under_way",
            "target_date_passed_not_live",
            "target_after_deadline_without_special_support",
            "special_support_target_after_horizon",
        ),
        description="planned go-live (ISO date); required while the stage is under way",
        normaliser="date",
        width=14,
    ),
    Field(
        "go_live_date",
        "稼働日",
        "Go-live date",
        kind="date",
        store_type="date",
        rules=(
            "go_live_date_invalid_date",
            "go_live_date_required_when_live",
            "go_live_date_after_as_of",
            "go_live_date_only_when_live",
        ),
        description="the day the standard-compliant system went live; only and always when live",
        normaliser="date",
        width=12,
    ),
    Field(
        "gov_cloud",
        "ガバメントクラウド",
        "Government Cloud",
        kind="vocabulary",
        store_type="varchar",
        rules=("gov_cloud_unknown", "gov_cloud_running_requires_live"),
        description="Government Cloud use: not_planned, planned, preparing, running",
        normaliser="gov_cloud",
        width=24,
    ),
    Field(
        "special_support",
        "特定移行支援システム",
        "Special support",
        kind="bool",
        store_type="boolean",
        rules=("special_support_invalid",),
        description="特定移行支援システム designation (true/false)",
        normaliser="boolean",
        width=18,
    ),
    Field(
        "special_support_reason",
        "特定移行支援事由",
        "Special-support reason",
        kind="int",
        store_type="tinyint",
        rules=(
            "special_support_reason_invalid",
            "special_support_reason_required",
            "special_support_reason_without_flag",
        ),
        description="1 mainframe, 2 custom-built, 3 no product in sight, 4 vendor shortage",
        normaliser="reason",
        width=14,
    ),
    Field(
        "pmo_progress",
        "PMO完了率",
        "PMO progress",
        kind="percent",
        store_type="double",
        rules=("pmo_progress_out_of_range", "pmo_progress_inconsistent"),
        description="the step-based completion rate from the national PMO tool, 0-100",
        required=False,
        normaliser="percent",
        width=11,
    ),
    Field(
        "vendor",
        "ベンダ",
        "Vendor",
        kind="text",
        store_type="varchar",
        rules=("vendor_too_long",),
        description=f"the vendor, at most {VENDOR_CHARS} characters",
        required=False,
        max_chars=VENDOR_CHARS,
        width=24,
    ),
    Field(
        "notes",
        "備考",
        "Notes",
        kind="text",
        store_type="varchar",
        rules=("notes_too_long",),
        description=f"private notes, at most {NOTES_CHARS} characters",
        required=False,
        public=False,
        max_chars=NOTES_CHARS,
        width=40,
    ),
]


def by_name(fields: list[Field] | None = None) -> dict[str, Field]:
    """The registry's fields by column name."""
    return {f.name: f for f in (FIELDS if fields is None else fields)}


def field(name: str) -> Field:
    """One column of the registry by name (KeyError when there is none)."""
    return by_name()[name]


def names(fields: list[Field] | None = None, **where: object) -> list[str]:
    """The names of the registry's columns, in order, whose attributes equal `where`'s:
    `names(public=True)`, `names(kind="date")`."""
    chosen = FIELDS if fields is None else fields
    return [f.name for f in chosen if all(getattr(f, k) == v for k, v in where.items())]
