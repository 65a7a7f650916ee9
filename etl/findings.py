"""Findings: {row, column, code, value, message_ja, message_en, severity}, one per row and rule."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from etl import reference
from etl.costs.messages import COST_MESSAGES
from schemas.vocabulary import (
    EARLIEST_AS_OF,
    FINDING_VALUE_MAX,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_JSON_DEPTH,
    MAX_ROWS,
    NOTES_MAX,
    VENDOR_MAX,
)

_DEADLINE = reference.national_deadline().isoformat()
_HORIZON = reference.special_support_horizon().isoformat()
FINDING_COLUMNS = ["row", "column", "code", "value", "message_ja", "message_en", "severity"]

# code -> (Japanese, English); {value} is the cell as written, {column_ja} the column's Japanese header
MESSAGES: dict[str, tuple[str, str]] = {
    # file level
    "file_empty": ("ファイルが空です。", "The file is empty."),
    "file_too_large": (
        f"ファイルが大きすぎます（上限 {MAX_BYTES // 1024 // 1024} MB）。",
        f"The file is larger than {MAX_BYTES // 1024 // 1024} MB.",
    ),
    "too_many_rows": (
        f"行数が多すぎます（上限 {MAX_ROWS:,} 行、このファイルは {{value}} 行）。",
        f"Too many rows: at most {MAX_ROWS:,}, this file has {{value}}.",
    ),
    "encoding_unreadable": (
        "文字コードを判別できません。UTF-8 または Shift_JIS で保存してください。",
        "The text encoding is not readable: save the file as UTF-8 or Shift_JIS.",
    ),
    "file_unreadable": ("ファイルを読み取れません（{value}）。", "The file cannot be read ({value})."),
    "missing_column": ("必須の列「{column_ja}」がありません。", "The required column {column} is missing."),
    "no_rows": ("データ行がありません。", "The file has no data rows."),
    # file level: bounds on hostile or broken files (etl.bounded), checked while reading
    "too_many_columns": (
        f"列が多すぎます（上限 {MAX_COLUMNS} 列、{{value}}）。",
        f"Too many columns: at most {MAX_COLUMNS} ({{value}}).",
    ),
    "cell_too_long": (
        f"セル {{value}} が長すぎます（上限 {MAX_CELL_CHARS:,} 文字）。",
        f"Cell {{value}} is longer than {MAX_CELL_CHARS:,} characters.",
    ),
    "column_duplicated": (
        "列「{column_ja}」が重複しています（見出し: {value}）。",
        "The column {column} appears more than once (headers: {value}).",
    ),
    "json_too_deep": (
        f"JSON の入れ子が深すぎます（上限 {MAX_JSON_DEPTH} 段）。",
        f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels.",
    ),
    "json_key_duplicated": (
        "JSON の同じオブジェクトにキー「{value}」が重複しています。",
        "A JSON object repeats the key '{value}'.",
    ),
    "xlsx_too_large_uncompressed": (
        "Excel ファイルの展開後のサイズが上限を超えます（{value}）。",
        "The Excel file is too large once uncompressed ({value}).",
    ),
    "xlsx_too_many_entries": (
        "Excel ファイルの構成要素が多すぎます（{value} 個）。",
        "The Excel file holds too many parts ({value}).",
    ),
    "xlsx_compression_ratio": (
        "Excel ファイルの圧縮率が異常です（{value}）。",
        "The Excel file is compressed suspiciously well ({value}).",
    ),
    "xlsx_too_many_strings": (
        "Excel ファイルの文字列が多すぎます（{value} 個）。",
        "The Excel file holds too many distinct texts ({value}).",
    ),
    "xlsx_used_range_too_large": (
        f"シートの使用範囲が大きすぎます（{{value}}、上限 {MAX_ROWS + 1:,} 行 × {MAX_COLUMNS} 列）。",
        f"The sheet's used range is too large ({{value}}; at most {MAX_ROWS + 1:,} rows by {MAX_COLUMNS} columns).",
    ),
    "formula_without_value": (
        "セル {value} は計算結果が保存されていない数式です。Excel で開いて保存し直してください。",
        "Cell {value} holds a formula without a saved result: open and save the file in Excel again.",
    ),
    # cell text that can deceive a reader or split a row (etl.hygiene)
    "text_control_character": (
        "「{column_ja}」に制御文字 {value} が含まれています。",
        "{column} contains the control character {value}.",
    ),
    "text_bidi_control": (
        "「{column_ja}」に文字の向きを変える制御文字 {value} が含まれています。",
        "{column} contains the bidirectional control {value}.",
    ),
    "text_zero_width": (
        "「{column_ja}」に幅のない文字 {value} が含まれています。",
        "{column} contains the zero-width character {value}.",
    ),
    "text_line_break": (
        "「{column_ja}」に改行 {value} が含まれています。1 行で入力してください。",
        "{column} contains a line break ({value}); write it on one line.",
    ),
    # errors
    "municipality_code_invalid": (
        "団体コード「{value}」は 6 桁の正しいコード（検査数字付き）ではありません。",
        "Municipality code '{value}' is not a 6-digit code with a valid check digit.",
    ),
    "municipality_code_unknown": (
        "団体コード「{value}」は対象団体の一覧にありません。",
        "Municipality code '{value}' is not in this jurisdiction's list.",
    ),
    "municipality_not_own": (
        "団体コード「{value}」は提出団体のものではありません。自団体の行だけを提出してください。",
        "Row for municipality '{value}', which is not the submitter's own.",
    ),
    "business_unknown": (
        "業務「{value}」は 20 の基幹業務のいずれでもありません。",
        "Business '{value}' is not one of the 20 core businesses.",
    ),
    "as_of_invalid_date": (
        "基準日「{value}」は日付として読めません（例: 2026-11-01）。",
        "As-of date '{value}' is not a date (for example 2026-11-01).",
    ),
    "as_of_in_future": ("基準日「{value}」が未来の日付です。", "As-of date '{value}' is in the future."),
    "as_of_before_start": (
        f"基準日「{{value}}」が {EARLIEST_AS_OF.isoformat()} より前です。",
        f"As-of date '{{value}}' is before {EARLIEST_AS_OF.isoformat()}.",
    ),
    "stage_unknown": ("進捗段階「{value}」は定められた値ではありません。", "Stage '{value}' is not a known stage."),
    "target_date_invalid_date": (
        "移行完了予定日「{value}」は日付として読めません。",
        "Target date '{value}' is not a date.",
    ),
    "go_live_date_invalid_date": ("稼働日「{value}」は日付として読めません。", "Go-live date '{value}' is not a date."),
    "gov_cloud_unknown": (
        "ガバメントクラウド「{value}」は定められた値ではありません。",
        "Government Cloud value '{value}' is not a known value.",
    ),
    "special_support_invalid": (
        "特定移行支援システム「{value}」は はい/いいえ で入力してください。",
        "Special support '{value}' must be yes or no.",
    ),
    "special_support_reason_invalid": (
        "特定移行支援事由「{value}」は 1〜4 のいずれかです。",
        "Special-support reason '{value}' must be 1, 2, 3 or 4.",
    ),
    "pmo_progress_out_of_range": (
        "PMO完了率「{value}」は 0〜100 の数値で入力してください。",
        "PMO progress '{value}' must be a number from 0 to 100.",
    ),
    "vendor_too_long": (f"ベンダは {VENDOR_MAX} 文字以内です。", f"Vendor is longer than {VENDOR_MAX} characters."),
    "notes_too_long": (f"備考は {NOTES_MAX:,} 文字以内です。", f"Notes are longer than {NOTES_MAX:,} characters."),
    "go_live_date_required_when_live": ("稼働済みの行には稼働日が必要です。", "A live system needs its go-live date."),
    "go_live_date_after_as_of": (
        "稼働日「{value}」が基準日より後です。",
        "Go-live date '{value}' is after the as-of date.",
    ),
    "go_live_date_only_when_live": (
        "稼働日「{value}」は進捗段階が稼働のときだけ入力します。",
        "Go-live date '{value}' is given, but the stage is not live.",
    ),
    "target_date_required_while_under_way": (
        "移行作業中の行には移行完了予定日が必要です。",
        "A system still under way needs a target date.",
    ),
    "gov_cloud_running_requires_live": (
        "ガバメントクラウドで稼働は、標準準拠システム稼働の行だけです。",
        "Government Cloud 'running' needs the stage live.",
    ),
    "special_support_reason_required": (
        "特定移行支援システムには事由（1〜4）が必要です。",
        "A special-support system needs a reason (1-4).",
    ),
    "special_support_reason_without_flag": (
        "特定移行支援事由「{value}」がありますが、特定移行支援システムではありません。",
        "Reason '{value}' is given, but the system is not special-support.",
    ),
    "pair_duplicated": (
        "同じ団体・業務の行が重複しています（業務「{value}」）。",
        "The same municipality and business appear twice (business '{value}').",
    ),
    # warnings
    "stage_moved_backwards": (
        "進捗段階「{value}」は前回の報告より後退しています。",
        "Stage '{value}' moved backwards against the last accepted report.",
    ),
    "target_date_passed_not_live": (
        "移行完了予定日「{value}」を過ぎていますが稼働していません。",
        "Target date '{value}' has passed and the system is not live.",
    ),
    "live_before_resident_registry": (
        "住民基本台帳が稼働前なのに、この業務が稼働になっています。",
        "This business is live while the resident registry is not.",
    ),
    "target_after_deadline_without_special_support": (
        f"移行完了予定日「{{value}}」が {_DEADLINE} より後ですが、特定移行支援システムではありません。",
        f"Target date '{{value}}' is after {_DEADLINE} without the special-support flag.",
    ),
    "special_support_target_after_horizon": (
        f"特定移行支援システムの新たな移行完了予定日「{{value}}」が {_HORIZON} より後です。日付をご確認ください。",
        f"The special-support system's new target date '{{value}}' is after {_HORIZON}: please check the date.",
    ),
    "pmo_progress_inconsistent": (
        "PMO完了率「{value}」が進捗段階と合いません（稼働前で 100、または稼働で 50 未満）。",
        "PMO progress '{value}' does not fit the stage (100 before live, or under 50 when live).",
    ),
    "duplicate_submission": (
        "同じ内容のファイルは受付済みです（提出 #{value}）。再度は反映しません。",
        "This file was already accepted (submission #{value}); it is not applied twice.",
    ),
}

MESSAGES.update(COST_MESSAGES)  # the cost report's (etl/costs/messages.py)

# what a warning says, without the cell: one line stands for many rows of one kind
KINDS: dict[str, tuple[str, str]] = {
    "stage_moved_backwards": ("進捗段階が前回の報告より後退", "stage moved backwards"),
    "target_date_passed_not_live": ("移行完了予定日を過ぎて未稼働", "target date passed, not live"),
    "live_before_resident_registry": ("住民基本台帳より先に稼働", "live before the resident registry"),
    "target_after_deadline_without_special_support": (
        "移行完了予定日が 2026-03-31 より後で特定移行支援システムではない",
        "target after 2026-03-31 without special support",
    ),
    "pmo_progress_inconsistent": ("PMO完了率が進捗段階と合わない", "PMO progress does not fit the stage"),
}


def message(code: str, value: object = "", column: str | None = None) -> tuple[str, str]:
    """The Japanese and English message of a finding code."""
    from schemas.vocabulary import COST_HEADERS_EN, COST_HEADERS_JA, HEADERS_EN, HEADERS_JA

    ja, en = MESSAGES.get(code, (code, code))
    fields = {
        "value": "" if value is None else value,
        "column": column or "",
        "column_ja": HEADERS_JA.get(column or "", COST_HEADERS_JA.get(column or "", column or "")),
        "column_en": HEADERS_EN.get(column or "", COST_HEADERS_EN.get(column or "", column or "")),
    }
    return ja.format(**fields), en.format(**fields)


def clip(value: object) -> str | None:
    """A cell as a finding repeats it: at most FINDING_VALUE_MAX characters, longer ones cut with '…'."""
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= FINDING_VALUE_MAX else text[: FINDING_VALUE_MAX - 1] + "…"


def finding(row: int | None, column: str | None, code: str, value: object = None, severity: str = "error") -> dict:
    """One finding as a dict in the report's shape (its value clipped)."""
    value = clip(value)
    ja, en = message(code, "" if value is None else value, column)
    return {
        "row": row,
        "column": column,
        "code": code,
        "value": value,
        "message_ja": ja,
        "message_en": en,
        "severity": severity,
    }


def batch(
    rows: list[int], column: str | None, code: str, values: list[str | None], severity: str = "error"
) -> dict[str, list]:
    """The findings of one rule on many rows, column by column, in the report's shape."""
    distinct = set(values)
    if any(value is not None and len(str(value)) > FINDING_VALUE_MAX for value in distinct):
        values = [clip(value) for value in values]
        distinct = set(values)
    # a rule's messages differ only by the cell: format each distinct cell once, not once a row
    texts = {value: message(code, "" if value is None else value, column) for value in distinct}
    n = len(rows)
    return {
        "row": rows,
        "column": [column] * n,
        "code": [code] * n,
        "value": values,
        "message_ja": [texts[value][0] for value in values],
        "message_en": [texts[value][1] for value in values],
        "severity": [severity] * n,
    }


def frame(items: list[dict], batches: Iterable[dict[str, list]] = ()) -> pd.DataFrame:
    """Findings (single ones and batches) as a DataFrame, sorted by row, severity and code."""
    columns = {c: [item[c] for item in items] for c in FINDING_COLUMNS}
    for part in batches:
        for c in FINDING_COLUMNS:
            columns[c].extend(part[c])
    # built column-wise, which infers the same types as from records; with no finding at all,
    # from records, whose empty columns stay object-typed
    out = pd.DataFrame(columns if columns["code"] else items, columns=FINDING_COLUMNS)
    out["row"] = out["row"].astype("Int64")
    return out.sort_values(["row", "severity", "code"], na_position="first", kind="stable").reset_index(drop=True)
