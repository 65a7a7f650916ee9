"""The one vocabulary: every code the project uses with its (Japanese, English) label.

The report's enumerations and column names (the data contract), the dashboard's regions, kinds,
tracks and measures, and the helpers that pick a label in a language. Nothing else in the code
writes a stage, business, cloud or other code label as a literal (tests/test_vocabulary.py scans
for them); SQL carries codes and joins the `labels` table that `hyojunka init` writes from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

Pair = tuple[str, str]

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
    "overdue_target": ("予定日超過（期限前）", "Past its own target (before the deadline)"),
    "overdue_deadline": ("期限超過（特定移行支援なし）", "Missed the deadline (no special support)"),
    "overdue_special": ("特定移行支援・新たな予定日超過", "Special support, past its new date"),
    "not_applicable": ("対象外", "Not applicable"),
}
# "Overdue" on any page: these three classes
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

# --- official releases (the ministry's PMO workbook, the Digital Agency's special-support list) -----
# release kinds, recognised from a workbook's content
OFFICIAL_KINDS: dict[str, tuple[str, str]] = {
    "mic_progress": (
        "総務省 標準化手順の進捗（PMOツール）",
        "MIC progress of the standardisation procedure (PMO tool)",
    ),
    "da_special_support": (
        "デジタル庁 特定移行支援システムの該当見込み",
        "Digital Agency list of expected special-support systems",
    ),
}
# business names as the releases print them, where they differ from businesses.csv
BUSINESS_ALIASES: dict[str, str] = {
    "住民記録": "resident_registry",
    "戸籍附票": "family_register_supplement",
}
# the Digital Agency's list carries a 21st column beside the 20 businesses
COMMON_FUNCTION = "common_function"
COMMON_FUNCTION_LABEL: tuple[str, str] = ("共通機能", "Common functions")
# the ministry's step statuses, in order; done and not_applicable count towards the completion rate
STEP_STATUSES: dict[str, tuple[str, str]] = {
    "done": ("完了済み", "Done"),
    "in_progress": ("作業中", "In progress"),
    "not_started": ("未着手", "Not started"),
    "not_applicable": ("対象外", "Not applicable"),
}
N_STEPS = 40
NATIONAL_MARK = "●"
OFFICIAL_MAX_BYTES = 60 * 1024 * 1024  # a national workbook: 34,820 x 43 step cells
OFFICIAL_MAX_UNPACKED = 400 * 1024 * 1024  # what its XML may unpack to before openpyxl reads a byte

# reconciliation classes: the conditions live in etl/sql/official_views.sql, the labels here
RECONCILE_KINDS: dict[str, tuple[str, str]] = {
    "live_procedure_incomplete": (
        "稼働と報告、総務省の完了率は100%未満",
        "Reported live, ministry completion rate below 100 %",
    ),
    "procedure_done_not_live": (
        "総務省の完了率100%、報告は未稼働（参考）",
        "Ministry at 100 %, not live in the report (informative)",
    ),
    "listed_reported_not_special": (
        "国の一覧に●、報告は特定移行支援なし",
        "● on the national list, reported as not special support",
    ),
    "special_not_listed": (
        "特定移行支援と報告、最新の国の一覧に●なし",
        "Reported special support, not on the latest national list",
    ),
    "listed_never_reported": ("国の一覧に●、報告なし", "● on the national list, never reported"),
}
RECONCILE_INFORMATIVE = frozenset({"procedure_done_not_live"})

# national headline figures (data/reference/national_figures.csv): code -> (ja, en, unit)
# unit: count (value of denominator) or rate (a fraction 0-1)
NATIONAL_FIGURES: dict[str, tuple[str, str, str]] = {
    "bodies_special_support": (
        "特定移行支援システムの該当見込みがある団体",
        "Bodies with expected special-support systems",
        "count",
    ),
    "systems_special_support": (
        "特定移行支援システムの該当見込み（システム数）",
        "Expected special-support systems",
        "count",
    ),
    "systems_special_reason_1": ("事由1 メインフレーム（システム数）", "Reason 1 mainframe (systems)", "count"),
    "systems_special_reason_2": ("事由2 個別開発（システム数）", "Reason 2 custom-built (systems)", "count"),
    "systems_special_reason_3": ("事由3 製品なし・代替不可（システム数）", "Reason 3 no product (systems)", "count"),
    "systems_special_reason_4": (
        "事由4 事業者のリソース不足（システム数）",
        "Reason 4 vendor shortage (systems)",
        "count",
    ),
    "bodies_special_reason_1": ("事由1 メインフレーム（団体数）", "Reason 1 mainframe (bodies)", "count"),
    "bodies_special_reason_2": ("事由2 個別開発（団体数）", "Reason 2 custom-built (bodies)", "count"),
    "bodies_special_reason_3": ("事由3 製品なし・代替不可（団体数）", "Reason 3 no product (bodies)", "count"),
    "bodies_special_reason_4": ("事由4 事業者のリソース不足（団体数）", "Reason 4 vendor shortage (bodies)", "count"),
    "systems_running_standard": (
        "標準準拠システムで稼働（システム数）",
        "Systems running standard-compliant systems",
        "count",
    ),
    "pmo_rate_mean": ("PMO完了率 全国平均", "PMO completion rate, national average", "rate"),
    "pmo_rate_median": ("PMO完了率 全国中央値", "PMO completion rate, national median", "rate"),
}
# the business columns in the order each release prints them
MINISTRY_BUSINESS_ORDER: list[str] = [
    "resident_registry",
    "electoral_register",
    "fixed_asset_tax",
    "individual_inhabitant_tax",
    "corporate_inhabitant_tax",
    "light_vehicle_tax",
    "school_enrollment",
    "national_pension",
    "national_health_insurance",
    "late_stage_elderly_medical",
    "long_term_care_insurance",
    "disability_welfare",
    "public_assistance",
    "health_management",
    "child_allowance",
    "child_rearing_allowance",
    "child_care_support",
    "family_register",
    "family_register_supplement",
    "seal_registration",
]
LIST_BUSINESS_ORDER: list[str] = [
    "resident_registry",
    "seal_registration",
    "family_register",
    "family_register_supplement",
    "electoral_register",
    "individual_inhabitant_tax",
    "corporate_inhabitant_tax",
    "fixed_asset_tax",
    "light_vehicle_tax",
    "school_enrollment",
    "national_pension",
    "national_health_insurance",
    "late_stage_elderly_medical",
    "long_term_care_insurance",
    "disability_welfare",
    "public_assistance",
    "health_management",
    "child_allowance",
    "child_rearing_allowance",
    "child_care_support",
    COMMON_FUNCTION,
]

# bounds on what a file may hold, enforced while it is read (etl.bounded)
MAX_COLUMNS = len(COLUMNS) + 8  # the 12 columns and a small margin for a helper column or two
MAX_CELL_CHARS = 4 * NOTES_MAX  # any one cell, before the per-column limits above
MAX_JSON_DEPTH = 8  # {"rows": [{"vendor": ...}]} is 3 deep
FINDING_VALUE_MAX = 200  # a finding repeats at most this much of the cell it is about


REGIONS: dict[str, Pair] = {"ku": ("区部", "Special wards"), "tama": ("多摩", "Tama"), "islands": ("島しょ", "Islands")}
KINDS: dict[str, Pair] = {
    "ward": ("特別区", "Ward"),
    "city": ("市", "City"),
    "town": ("町", "Town"),
    "village": ("村", "Village"),
}

# where a system stands on both tracks (standardisation x Government Cloud)
TRACKS: dict[str, Pair] = {
    "live_running": ("稼働・クラウド稼働", "Live, running on the cloud"),
    "live_cloud_pending": ("稼働・クラウド移行前", "Live, cloud move pending"),
    "live_no_cloud": ("稼働・クラウド利用予定なし", "Live, no cloud planned"),
    "underway_cloud_preparing": ("移行中・クラウド環境構築中", "Under way, cloud being prepared"),
    "underway_cloud_planned": ("移行中・クラウド利用予定", "Under way, cloud planned"),
    "underway_no_cloud": ("移行中・クラウド利用予定なし", "Under way, no cloud planned"),
}

# the labels of the dashboard's table columns and chart axes, by column name
TEXT: dict[str, Pair] = {
    "municipality_code": ("団体コード", "Code"),
    "municipality": ("団体", "Municipality"),
    "business": ("業務", "Business"),
    "stage": ("進捗段階", "Stage"),
    "stage_code": ("段階コード", "Stage code"),
    "target_date": ("移行完了予定日", "Target date"),
    "new_target_date": ("新たな移行完了予定日", "New target date"),
    "go_live_date": ("稼働日", "Go-live date"),
    "gov_cloud": ("ガバメントクラウド", "Government Cloud"),
    "special_support": ("特定移行支援", "Special support"),
    "special_support_reason": ("特定移行支援事由", "Special-support reason"),
    "reason": ("事由", "Reason"),
    "vendor": ("ベンダ", "Vendor"),
    "pmo_progress": ("PMO完了率", "PMO progress"),
    "as_of": ("基準日", "As of"),
    "region": ("地域", "Region"),
    "prefecture": ("都道府県", "Prefecture"),
    "n_live": ("稼働", "Live"),
    "n_in_scope": ("対象", "In scope"),
    "n_overdue": ("期限超過", "Overdue"),
    "n_systems": ("システム数", "Systems"),
    "n_municipalities": ("団体数", "Municipalities"),
    "share_live": ("稼働率", "Share live"),
    "share_live_pct": ("稼働率(%)", "Share live (%)"),
    "days_overdue": ("超過日数", "Days overdue"),
    "last_report": ("最終報告", "Last report"),
    "track": ("区分", "Track"),
    "axis": ("軸", "Track"),
    "status": ("状態", "Status"),
    "series": ("系列", "Series"),
    "day": ("日付", "Day"),
    "measure": ("指標", "Measure"),
    "now": ("現在", "Now"),
    "before_30d": ("30日前", "30 days before"),
    "change": ("増減", "Change"),
    "standardisation": ("標準化", "Standardisation"),
    "standardisation_stages": ("標準化（進捗段階）", "Standardisation"),
    "in_scope": ("対象システム数", "Systems in scope"),
    "live_reported": ("稼働（報告）", "Live (reported)"),
    "planned": ("稼働予定（予定日ベース）", "Planned go-lives"),
    "projection": ("直近ペースでの見通し", "Projection at recent pace"),
    "deadline": ("期限", "Deadline"),
    "nothing_in_scope": ("対象なし・未報告", "Nothing in scope or no report"),
    "resident_registry": ("住民基本台帳", "Resident registry"),
    "n_running": ("稼働", "Running"),
}

# how recently a municipality has reported (the admin's coverage list)
COVERAGE: dict[str, Pair] = {
    "never": ("未報告", "Never reported"),
    "late": ("報告が途絶", "Late"),
    "up_to_date": ("報告済み", "Up to date"),
}

SORTS_TEXT: dict[str, Pair] = {
    "code": ("団体コード順", "By code"),
    "progress_desc": ("進捗の高い順", "Most progress first"),
    "progress_asc": ("進捗の低い順", "Least progress first"),
}

# the overview's measures
KPI_LABELS: dict[str, Pair] = {
    "live": ("稼働済みシステム", "Systems live"),
    "share": ("稼働率（対象外を除く）", "Share live (in scope)"),
    "registry_live": ("住民基本台帳 稼働団体", "Resident registry live"),
    "cloud_running": ("ガバメントクラウドで稼働", "Running on the Government Cloud"),
    "special_support": ("特定移行支援システム", "Special-support systems"),
    "overdue": ("期日を過ぎて未稼働", "Past due, not live"),
    "reported_30d": ("30日以内に報告した団体", "Reported within 30 days"),
}

KPI_HELP: dict[str, Pair] = {
    "share": ("稼働済み ÷ 対象システム（対象外を除く）", "Live systems ÷ systems in scope (not applicable excluded)"),
    "overdue": (
        "期日を過ぎて未稼働の対象システム（未報告を含む）。期日は、特定移行支援システムなら新たな移行完了予定日、"
        "それ以外は移行完了予定日と全国の期限 {deadline} の早い方（予定日がなければ {deadline}）。"
        "内訳: 期限を過ぎ特定移行支援の指定なし／特定移行支援で新たな予定日も経過／期限前に自らの予定日を経過。"
        "hyojunka export の schedule_status が overdue_ で始まる行の数と同じです。",
        "In-scope systems not live past their due date (no report included). Due: a special-support system's "
        "new target date; otherwise the earlier of its target date and the national deadline {deadline} "
        "(no target: {deadline}). Split: missed the deadline without designation / special support past its "
        "new date / past its own target before the deadline. Equals the rows of hyojunka export whose "
        "schedule_status starts with overdue_.",
    ),
    "live": (
        "稼働済み ÷ 対象システム。対象は全団体×業務から対象外を除いたもので、未報告も含みます",
        "Live systems of those in scope: every municipality x business but the not applicable, no report included",
    ),
    "reported_30d": (
        "過去30日以内に受理された報告がある団体",
        "Municipalities with an accepted report in the last 30 days",
    ),
}

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
}
# named sets of codes the SQL asks about (macros is_under_way, is_resident_registry)
CODE_SETS: dict[str, list[str]] = {"under_way": UNDER_WAY, "resident_registry": [RESIDENT_REGISTRY]}


def in_lang(pair: Iterable[str], lang: str) -> str:
    """The pair's (ja, en) text in the language: English for 'en', Japanese otherwise."""
    ja, en = tuple(pair)[:2]
    return en if lang == "en" else ja


def lang_column(what: str, lang: str) -> str:
    """The frame column holding `what` in the language, e.g. business_en."""
    return f"{what}_{'en' if lang == 'en' else 'ja'}"


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


# The overview in plain Japanese (やさしい日本語: the Agency for Cultural Affairs' guidance for public
# information: short sentences, everyday words, ルビ on hard kanji, no abbreviations), and the same
# in plain English. HTML: <ruby> is the only markup; the figures are filled in by
# dashboard.shape.plain_summary, escaped.
PLAIN_SUMMARY_TITLE: Pair = ("やさしい日本語で", "In plain words")
PLAIN_SUMMARY: Pair = (
    "<p>東京都の{n_municipalities}の<ruby>区市町村<rt>くしちょうそん</rt></ruby>は、"
    "<ruby>住民<rt>じゅうみん</rt></ruby>の<ruby>記録<rt>きろく</rt></ruby>や税金などの仕事に"
    "コンピューターを使っています。</p>"
    "<p>国は、このコンピューターの<ruby>仕組<rt>しく</rt></ruby>みを、みんな同じ形に変えるように決めました。</p>"
    "<p>変えるコンピューターは、全部で{in_scope}あります。"
    "いま、そのうち{live}が新しい形で動いています。100のうち{percent}ぐらいです。</p>"
    "<p>国は「{deadline}までに変える」という<ruby>目標<rt>もくひょう</rt></ruby>を決めています。"
    "この日を過ぎても、まだ変わっていないコンピューターが{overdue}あります。</p>",
    "<p>Tokyo's {n_municipalities} cities, towns and villages use computer systems for their work, "
    "such as the records of the people who live there and taxes.</p>"
    "<p>The national government has decided that these systems should all change to one common form.</p>"
    "<p>There are {in_scope} systems to change. {live} of them already work in the new form: "
    "about {percent} out of every 100.</p>"
    "<p>The government's goal is to change them by {deadline}. {overdue} systems have passed their date "
    "and have not changed yet.</p>",
)
