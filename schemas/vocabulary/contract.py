"""The status report's data contract: its columns and headers, its coded values with their labels,
and the limits a submitted file is held to."""

from __future__ import annotations

from datetime import date

COLUMNS: list[str] = [
    "municipality_code",
    "business_id",
    "as_of",
    "stage",
    "target_date",
    "go_live_date",
    "gov_cloud",
    "special_support",
    "special_support_reason",
    "pmo_progress",
    "vendor",
    "notes",
]
REQUIRED_COLUMNS: list[str] = COLUMNS[:9]
# what a report says of one system on its day: every column after the municipality, the business and the day
STATUS_FIELDS: list[str] = COLUMNS[3:]
OPTIONAL_COLUMNS: list[str] = ["pmo_progress", "vendor", "notes"]

HEADERS_JA: dict[str, str] = {
    "municipality_code": "団体コード",
    "business_id": "業務",
    "as_of": "基準日",
    "stage": "進捗段階",
    "target_date": "移行完了予定日",
    "go_live_date": "稼働日",
    "gov_cloud": "ガバメントクラウド",
    "special_support": "特定移行支援システム",
    "special_support_reason": "特定移行支援事由",
    "pmo_progress": "PMO完了率",
    "vendor": "ベンダ",
    "notes": "備考",
}
HEADERS_EN: dict[str, str] = {
    "municipality_code": "Municipality code",
    "business_id": "Business",
    "as_of": "As of",
    "stage": "Stage",
    "target_date": "Target date",
    "go_live_date": "Go-live date",
    "gov_cloud": "Government Cloud",
    "special_support": "Special support",
    "special_support_reason": "Special-support reason",
    "pmo_progress": "PMO progress",
    "vendor": "Vendor",
    "notes": "Notes",
}

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
VENDOR_MAX = 100
NOTES_MAX = 1000
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000

# bounds on what a file may hold, enforced while it is read (etl.bounded)
MAX_COLUMNS = len(COLUMNS) + 8  # the 12 columns and a small margin for a helper column or two
MAX_CELL_CHARS = 4 * NOTES_MAX  # any one cell, before the per-column limits above
MAX_JSON_DEPTH = 8  # {"rows": [{"vendor": ...}]} is 3 deep
FINDING_VALUE_MAX = 200  # a finding repeats at most this much of the cell it is about
