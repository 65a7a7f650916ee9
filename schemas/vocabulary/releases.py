"""The official releases: the ministry's PMO workbook and the Digital Agency's special-support list.

Their kinds, the business names and orders they print, the step statuses, the national headline
figures and the reconciliation classes against the municipalities' own reports.
"""

from __future__ import annotations

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
    "mic_prefecture": (
        "総務省 標準化手順の進捗（都道府県実施分: 生活保護・児童扶養手当）",
        "MIC progress of the procedure, prefecture-run businesses (public assistance, child-rearing allowance)",
    ),
}
# the two businesses prefectures run themselves for their town-and-village areas: the ministry
# publishes their progress in a workbook of their own, one row per prefecture
PREFECTURE_BUSINESSES: list[str] = ["public_assistance", "child_rearing_allowance"]
# a prefecture workbook's step sheet writes this (or nothing) where a municipality's name would stand
NO_MUNICIPALITY = frozenset({"-", "－", "―", "ー", "‐", "—", ""})
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
# the words the published step sheets use besides the four above: 未 (a third of the real cells) is
# not started, as the ministry's definitions page says
STEP_STATUS_ALIASES: dict[str, str] = {"未": "not_started"}
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
        "特定移行支援と報告、最新の国の一覧では該当見込みなし（一覧にない団体を含む）",
        "Reported special support, no ● on the latest national list (a body absent from it has none)",
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
