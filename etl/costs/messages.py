"""The cost report's finding messages, (Japanese, English); {value} is the cell as written."""

from __future__ import annotations

from schemas.vocabulary.costs import (
    BASELINE_YEAR,
    COST_MAX_BYTES,
    COST_MAX_ROWS,
    COST_MEDIAN_FACTOR,
    COST_NOTE_MAX,
    COST_TEXT_MAX,
    COST_YEARS_AHEAD,
    FIRST_REPORTED_YEAR,
    YEN_MAX,
)

COST_MESSAGES: dict[str, tuple[str, str]] = {
    "cost_file_too_large": (
        f"運用経費のファイルが大きすぎます（上限 {COST_MAX_BYTES // 1024 // 1024} MB、{{value}}）。",
        f"The cost file is larger than {COST_MAX_BYTES // 1024 // 1024} MB ({{value}}).",
    ),
    "cost_too_many_rows": (
        f"運用経費の行数が多すぎます（上限 {COST_MAX_ROWS:,} 行、このファイルは {{value}} 行）。",
        f"Too many cost rows: at most {COST_MAX_ROWS:,}, this file has {{value}}.",
    ),
    "cost_fiscal_year_invalid": (
        "年度「{value}」は年度として読めません（例: 2024、2024年度、令和6年度）。",
        "Fiscal year '{value}' is not a year (for example 2024, FY2024 or 令和6年度).",
    ),
    "cost_fiscal_year_out_of_range": (
        f"年度「{{value}}」は報告の対象外です（基準の {BASELINE_YEAR} 年度と、{FIRST_REPORTED_YEAR} 年度から"
        f"今年度の {COST_YEARS_AHEAD} 年後まで）。",
        f"Fiscal year '{{value}}' is not reported: the base year {BASELINE_YEAR}, then {FIRST_REPORTED_YEAR} to "
        f"{COST_YEARS_AHEAD} years after the current one.",
    ),
    "cost_kind_unknown": (
        "区分「{value}」は 決算・予算・見込み のいずれかです。",
        "Kind '{value}' must be actual, budget or estimate.",
    ),
    "cost_yen_not_integer": (
        "「{column_ja}」の「{value}」は円単位の整数ではありません。",
        "{column_en}: '{value}' is not a whole number of yen.",
    ),
    "cost_yen_negative": (
        "「{column_ja}」の「{value}」が負の値です。",
        "{column_en}: '{value}' is negative.",
    ),
    "cost_yen_too_large": (
        f"「{{column_ja}}」の「{{value}}」が大きすぎます（上限 {YEN_MAX:,} 円）。単位をご確認ください。",
        f"{{column_en}}: '{{value}}' is larger than {YEN_MAX:,} yen; please check the unit.",
    ),
    "cost_contract_end_invalid_date": (
        "契約満了日「{value}」は日付として読めません（例: 2027-03-31）。",
        "Contract end '{value}' is not a date (for example 2027-03-31).",
    ),
    "cost_text_too_long": (
        f"「{{column_ja}}」は {COST_TEXT_MAX} 文字以内です。",
        f"{{column_en}} is longer than {COST_TEXT_MAX} characters.",
    ),
    "cost_note_too_long": (
        f"備考は {COST_NOTE_MAX:,} 文字以内です。",
        f"The note is longer than {COST_NOTE_MAX:,} characters.",
    ),
    "cost_actual_in_future": (
        "年度「{value}」はまだ始まっていないため、決算として報告できません（予算または見込みとしてください）。",
        "Fiscal year '{value}' has not begun: it cannot be an actual (report it as a budget or an estimate).",
    ),
    "cost_shared_beyond_total": (
        "共同調達による負担分「{value}」が、この行の 10 区分の合計を超えています。",
        "The part paid through a joint arrangement ('{value}') is more than the row's ten categories together.",
    ),
    "cost_row_duplicated": (
        "同じ団体・業務・年度・区分の行が重複しています（区分「{value}」）。",
        "The same municipality, business, fiscal year and kind appear twice (kind '{value}').",
    ),
    "cost_above_median": (
        f"「{{column_ja}}」の「{{value}}」円は、この団体のこの業務の中央値の {COST_MEDIAN_FACTOR} 倍を超えます。"
        "単位（千円と円など）をご確認ください。",
        f"{{column_en}}: {{value}} yen is more than {COST_MEDIAN_FACTOR} times this municipality's median for this "
        "business; please check the unit (thousands of yen or yen).",
    ),
    "cost_baseline_missing": (
        f"{BASELINE_YEAR} 年度の経費がありません（年度「{{value}}」を報告）。{BASELINE_YEAR} 年度がないと比較に入りません。",
        f"No FY{BASELINE_YEAR} figure for this system (FY '{{value}}' reported): without it the system is not "
        "compared.",
    ),
    "cost_duplicate_submission": (
        "同じ内容の運用経費ファイルは受付済みです（提出 #{value}）。再度は反映しません。",
        "This cost file was already accepted (submission #{value}); it is not applied twice.",
    ),
}
