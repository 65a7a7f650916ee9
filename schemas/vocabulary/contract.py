"""The status report's data contract: its columns and headers (derived from the column registry,
`schemas.fields`), its coded values with their labels, and the limits a submitted file is held to."""

from __future__ import annotations

from datetime import date
from typing import cast

from schemas.fields import FIELDS, Field, field


def derived(fields: list[Field]) -> dict[str, list[str] | dict[str, str]]:
    """The contract's column lists and headers as `fields` (the registry, schemas.fields) give them."""
    return {
        "COLUMNS": [f.name for f in fields],
        # the columns a file must have (their cells may still be blank where the rules allow it)
        "REQUIRED_COLUMNS": [f.name for f in fields if f.required],
        # what a report says of one system on its day: every column but the pair and the day
        "STATUS_FIELDS": [f.name for f in fields if f.role == "status"],
        "OPTIONAL_COLUMNS": [f.name for f in fields if not f.required],
        "PUBLIC_COLUMNS": [f.name for f in fields if f.public],
        "HEADERS_JA": {f.name: f.header_ja for f in fields},
        "HEADERS_EN": {f.name: f.header_en for f in fields},
    }


_DERIVED = derived(FIELDS)
COLUMNS: list[str] = cast(list[str], _DERIVED["COLUMNS"])
REQUIRED_COLUMNS: list[str] = cast(list[str], _DERIVED["REQUIRED_COLUMNS"])
STATUS_FIELDS: list[str] = cast(list[str], _DERIVED["STATUS_FIELDS"])
OPTIONAL_COLUMNS: list[str] = cast(list[str], _DERIVED["OPTIONAL_COLUMNS"])
# every column but the private ones (the notes): what public pages, views and the default export carry
PUBLIC_COLUMNS: list[str] = cast(list[str], _DERIVED["PUBLIC_COLUMNS"])
HEADERS_JA: dict[str, str] = cast(dict[str, str], _DERIVED["HEADERS_JA"])
HEADERS_EN: dict[str, str] = cast(dict[str, str], _DERIVED["HEADERS_EN"])

# in order; not_applicable is outside every denominator
STAGES: dict[str, tuple[str, str]] = {
    "not_started": ("未着手", "Not started"),
    "planning": ("計画立案", "Planning"),
    "fit_gap": ("現行調査・Fit&Gap分析", "Survey / fit & gap"),
    "procurement": ("事業者選定・契約", "Vendor selection"),
    "migration": ("移行作業・テスト", "Migration / testing"),
    "live": ("標準準拠システム稼働", "Live"),
    "not_applicable": ("対象外", "Not applicable"),
}
STAGE_ORDER: dict[str, int] = {s: i for i, s in enumerate(STAGES, start=1)}
UNDER_WAY: list[str] = ["not_started", "planning", "fit_gap", "procurement", "migration"]

GOV_CLOUD: dict[str, tuple[str, str]] = {
    "not_planned": ("利用予定なし", "Not planned"),
    "planned": ("利用予定", "Planned"),
    "preparing": ("環境構築中", "Preparing"),
    "running": ("ガバメントクラウドで稼働", "Running"),
}

SPECIAL_SUPPORT_REASONS: dict[int, tuple[str, str]] = {
    1: ("メインフレーム", "Mainframe"),
    2: ("個別開発システム", "Custom-built system"),
    3: ("標準準拠製品の見込みなし", "No standard-compliant product in sight"),
    4: ("事業者のリソース不足", "Vendor resource shortage"),
}

TRUE_WORDS = {"true", "1", "yes", "y", "はい", "○", "〇", "◯", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "いいえ", "", "×", "f"}

# Schedule status of a pair on a day against the national deadline D (data/reference/settings.csv);
# the definition is etl/sql/schedule.sql. In display order: live first, the overdue classes last.
SCHEDULE_STATUSES: dict[str, tuple[str, str]] = {
    "live": ("稼働済み", "Live"),
    "on_track": ("予定どおり", "On track"),
    "after_deadline_planned": ("期限後に完了予定", "Planned after the deadline"),
    # the three parts of 期限超過 (past due), named as parts: none of them is called 期限超過 itself
    "overdue_target": ("自らの予定日を経過（全国の期限前）", "Past its own target (before the deadline)"),
    "overdue_deadline": ("全国の期限を経過（特定移行支援なし）", "Past the national deadline (no special support)"),
    "overdue_special": ("特定移行支援・新たな予定日を経過", "Special support, past its new date"),
    "not_applicable": ("対象外", "Not applicable"),
}
# 期限超過 (past due) on any page: these three classes
OVERDUE_STATUSES: list[str] = ["overdue_target", "overdue_deadline", "overdue_special"]
# a pair with no report yet: its stage in the grids, the schedule views and the export
NO_REPORT = "no_report"
NO_REPORT_LABEL: tuple[str, str] = ("未報告", "No report")

EARLIEST_AS_OF = date(2021, 9, 1)
RESIDENT_REGISTRY = "resident_registry"
VENDOR_MAX: int = cast(int, field("vendor").max_chars)
NOTES_MAX: int = cast(int, field("notes").max_chars)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000

# bounds on what a file may hold, enforced while it is read (etl.bounded)
MAX_COLUMNS = len(COLUMNS) + 8  # the columns and a small margin for a helper column or two
MAX_CELL_CHARS = 4 * NOTES_MAX  # any one cell, before the per-column limits above
MAX_JSON_DEPTH = 8  # {"rows": [{"vendor": ...}]} is 3 deep
FINDING_VALUE_MAX = 200  # a finding repeats at most this much of the cell it is about
