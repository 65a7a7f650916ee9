"""Findings: {row, column, code, value, message_ja, message_en, severity}, one per row and rule."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from etl import hygiene, reference
from etl.costs.messages import COST_MESSAGES
from etl.distinct import Distinct
from schemas.vocabulary.contract import (
    EARLIEST_AS_OF,
    FINDING_VALUE_MAX,
    GOV_CLOUD,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_JSON_DEPTH,
    MAX_ROWS,
    NOTES_MAX,
    SPECIAL_SUPPORT_REASONS,
    STAGES,
    VENDOR_MAX,
)

# days in messages as on screen (YYYY/MM/DD)
_DEADLINE = f"{reference.national_deadline():%Y/%m/%d}"
_HORIZON = f"{reference.special_support_horizon():%Y/%m/%d}"
_EARLIEST = f"{EARLIEST_AS_OF:%Y/%m/%d}"


def _allowed(pairs: dict, lang: int) -> str:
    # a vocabulary column's allowed values, as the user writes them (the labels; the codes are accepted too)
    return "、".join(pair[0] for pair in pairs.values()) if lang == 0 else ", ".join(pair[1] for pair in pairs.values())


_STAGES_JA, _STAGES_EN = _allowed(STAGES, 0), _allowed(STAGES, 1)
_CLOUD_JA, _CLOUD_EN = _allowed(GOV_CLOUD, 0), _allowed(GOV_CLOUD, 1)
_REASONS_JA = "、".join(f"{k}（{ja}）" for k, (ja, _) in SPECIAL_SUPPORT_REASONS.items())
_REASONS_EN = ", ".join(f"{k} ({en})" for k, (_, en) in SPECIAL_SUPPORT_REASONS.items())
_LIVE_JA, _LIVE_EN = STAGES["live"]
FINDING_COLUMNS = ["row", "column", "code", "value", "message_ja", "message_en", "severity"]

# code -> (Japanese, English): what is wrong, with the values involved, and what to change. {value} is
# the cell as written, {column_ja} the column's Japanese header, {as_of} the row's 基準日 as written
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
    "text_invisible": (
        "「{column_ja}」に見えない文字 {value} が含まれています（ソフトハイフン、異体字セレクタ、タグ文字など）。削除してください。",
        "{column} contains the invisible character {value} (a soft hyphen, variation selector, tag character or the like): remove it.",
    ),
    "text_line_break": (
        "「{column_ja}」に改行 {value} が含まれています。1 行で入力してください。",
        "{column} contains a line break ({value}); write it on one line.",
    ),
    # errors
    "municipality_code_invalid": (
        "団体コード「{value}」は 6 桁の正しいコード（検査数字付き）ではありません。団体コードの列を直してください（例: 131016）。",
        "Municipality code '{value}' is not a 6-digit code with a valid check digit: correct the municipality "
        "code column (for example 131016).",
    ),
    "municipality_code_unknown": (
        "団体コード「{value}」は対象団体の一覧にありません。団体コードの列を、自団体の6桁のコードに直してください。",
        "Municipality code '{value}' is not in this jurisdiction's list: put your municipality's 6-digit code "
        "in the municipality code column.",
    ),
    "municipality_not_own": (
        "団体コード「{value}」は提出団体のものではありません。自団体の行だけを提出してください。",
        "Row for municipality '{value}', which is not the submitter's own.",
    ),
    "business_unknown": (
        "業務「{value}」は 20 の基幹業務のいずれでもありません。業務の列を、基幹業務の名前（例: 住民基本台帳）に直してください。",
        "Business '{value}' is not one of the 20 core businesses: write a core business's name in the "
        "business column (for example Basic Resident Registry).",
    ),
    "as_of_invalid_date": (
        "基準日「{value}」は日付として読めません。基準日の列を 2026/11/01 の形で入力してください。",
        "As-of date '{value}' is not a date: write the as-of date as 2026/11/01.",
    ),
    "as_of_in_future": (
        "基準日「{value}」が未来の日付です。基準日の列を今日以前の日付に直してください。",
        "As-of date '{value}' is in the future: change the as-of date to today or earlier.",
    ),
    "as_of_before_start": (
        f"基準日「{{value}}」が {_EARLIEST} より前です。基準日の列を {_EARLIEST} 以降の日付に直してください。",
        f"As-of date '{{value}}' is before {_EARLIEST}: change the as-of date to {_EARLIEST} or later.",
    ),
    "stage_unknown": (
        f"進捗段階「{{value}}」は定められた値ではありません。進捗段階の列を次のいずれかにしてください: {_STAGES_JA}。",
        f"Stage '{{value}}' is not a known stage. Put one of these in the stage column: {_STAGES_EN}.",
    ),
    "target_date_invalid_date": (
        "移行完了予定日「{value}」は日付として読めません。移行完了予定日の列を 2026/11/01 の形で入力してください。",
        "Target date '{value}' is not a date: write the target date as 2026/11/01.",
    ),
    "go_live_date_invalid_date": (
        "稼働日「{value}」は日付として読めません。稼働日の列を 2026/11/01 の形で入力してください。",
        "Go-live date '{value}' is not a date: write the go-live date as 2026/11/01.",
    ),
    "gov_cloud_unknown": (
        f"ガバメントクラウド「{{value}}」は定められた値ではありません。ガバメントクラウドの列を次のいずれかにしてください: {_CLOUD_JA}。",
        f"Government Cloud value '{{value}}' is not a known value. Put one of these in the Government Cloud "
        f"column: {_CLOUD_EN}.",
    ),
    "special_support_invalid": (
        "特定移行支援システム「{value}」は読み取れません。特定移行支援システムの列を「はい」か「いいえ」にしてください。",
        "Special support '{value}' is not readable: put yes or no in the special-support column.",
    ),
    "special_support_reason_invalid": (
        f"特定移行支援事由「{{value}}」は定められた値ではありません。特定移行支援事由の列を次のいずれかにしてください: {_REASONS_JA}。",
        f"Special-support reason '{{value}}' is not a known reason. Put one of these in the special-support "
        f"reason column: {_REASONS_EN}.",
    ),
    "pmo_progress_out_of_range": (
        "PMO完了率「{value}」は範囲外です。PMO完了率の列を 0〜100 の数値にするか、空欄にしてください。",
        "PMO progress '{value}' is out of range: put a number from 0 to 100 in the PMO progress column, or "
        "leave it empty.",
    ),
    "vendor_too_long": (
        f"ベンダが {VENDOR_MAX} 文字を超えています。ベンダの列を {VENDOR_MAX} 文字以内に短くしてください。",
        f"Vendor is longer than {VENDOR_MAX} characters: shorten the vendor column to {VENDOR_MAX} or fewer.",
    ),
    "notes_too_long": (
        f"備考が {NOTES_MAX:,} 文字を超えています。備考の列を {NOTES_MAX:,} 文字以内に短くしてください。",
        f"Notes are longer than {NOTES_MAX:,} characters: shorten the notes column to {NOTES_MAX:,} or fewer.",
    ),
    "go_live_date_required_when_live": (
        f"進捗段階が「{_LIVE_JA}」なのに稼働日が空欄です。稼働日の列に稼働した日を入力してください。",
        f"The stage is '{_LIVE_EN}' but the go-live date is empty: put the day it went live in the go-live "
        "date column.",
    ),
    "go_live_date_after_as_of": (
        "稼働日「{value}」が基準日「{as_of}」より後です。稼働日を基準日「{as_of}」以前に直すか、基準日を稼働日以降にしてください。",
        "Go-live date '{value}' is after the as-of date '{as_of}': change the go-live date to '{as_of}' or "
        "earlier, or the as-of date to the go-live date or later.",
    ),
    "go_live_date_only_when_live": (
        f"稼働日「{{value}}」がありますが、進捗段階が「{_LIVE_JA}」ではありません。稼働日を空欄にするか、進捗段階を「{_LIVE_JA}」にしてください。",
        f"Go-live date '{{value}}' is given, but the stage is not '{_LIVE_EN}': empty the go-live date, or set "
        f"the stage to '{_LIVE_EN}'.",
    ),
    "target_date_required_while_under_way": (
        "移行中のシステムの移行完了予定日が空欄です。移行完了予定日の列に予定日を入力してください。",
        "The target date of a system still under way is empty: put the planned day in the target date column.",
    ),
    "gov_cloud_running_requires_live": (
        f"ガバメントクラウドが「{GOV_CLOUD['running'][0]}」ですが、進捗段階が「{_LIVE_JA}」ではありません。"
        f"ガバメントクラウドを別の値にするか、進捗段階を「{_LIVE_JA}」にしてください。",
        f"Government Cloud is '{GOV_CLOUD['running'][1]}' but the stage is not '{_LIVE_EN}': choose another "
        f"Government Cloud value, or set the stage to '{_LIVE_EN}'.",
    ),
    "special_support_reason_required": (
        f"特定移行支援システムの事由が空欄です。特定移行支援事由の列に次のいずれかを入力してください: {_REASONS_JA}。",
        f"A special-support system needs its reason: put one of these in the special-support reason column: "
        f"{_REASONS_EN}.",
    ),
    "special_support_reason_without_flag": (
        "特定移行支援事由「{value}」がありますが、特定移行支援システムが「いいえ」です。事由を空欄にするか、特定移行支援システムを「はい」にしてください。",
        "Reason '{value}' is given, but special support is no: empty the reason, or set special support to yes.",
    ),
    "pair_duplicated": (
        "同じ団体・業務の行が重複しています（業務「{value}」）。どちらか一方の行を削除してください。",
        "The same municipality and business appear twice (business '{value}'): delete one of the two rows.",
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
        f"移行完了予定日が {_DEADLINE} より後で特定移行支援システムではない",
        f"target after {_DEADLINE} without special support",
    ),
    "pmo_progress_inconsistent": ("PMO完了率が進捗段階と合わない", "PMO progress does not fit the stage"),
}


def message(code: str, value: object = "", column: str | None = None, as_of: object = None) -> tuple[str, str]:
    """The Japanese and English message of a finding code (`as_of`: the row's 基準日 as written)."""
    from schemas.vocabulary.contract import HEADERS_EN, HEADERS_JA
    from schemas.vocabulary.costs import COST_HEADERS_EN, COST_HEADERS_JA

    ja, en = MESSAGES.get(code, (code, code))
    fields = {
        # a message shows the value with its control and invisible characters escaped (etl.hygiene)
        "value": hygiene.printable(value),
        "column": column or "",
        "column_ja": HEADERS_JA.get(column or "", COST_HEADERS_JA.get(column or "", column or "")),
        "column_en": HEADERS_EN.get(column or "", COST_HEADERS_EN.get(column or "", column or "")),
        "as_of": "" if as_of is None else as_of,
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


def text_findings(cells: dict[str, Distinct], row_numbers: list[int]) -> list[dict]:
    """One error per cell and text hygiene rule broken (`etl.hygiene`), naming the first refused
    character's code point."""
    return [finding(row, column, code, point) for row, column, code, point in hygiene.refused_cells(cells, row_numbers)]


def batch(
    rows: list[int],
    column: str | None,
    code: str,
    values: list[str | None],
    severity: str = "error",
    as_of: list[str | None] | None = None,
) -> dict[str, list]:
    """The findings of one rule on many rows, column by column, in the report's shape (`as_of`: each
    row's 基準日 as written, for the messages that name it)."""
    distinct = set(values)
    if any(value is not None and len(str(value)) > FINDING_VALUE_MAX for value in distinct):
        values = [clip(value) for value in values]
        distinct = set(values)
    n = len(rows)
    if as_of is not None and "{as_of}" in MESSAGES.get(code, ("", ""))[0]:
        pairs = [(value, clip(day)) for value, day in zip(values, as_of, strict=True)]
        by_pair = {pair: message(code, "" if pair[0] is None else pair[0], column, pair[1]) for pair in set(pairs)}
        return {
            "row": rows,
            "column": [column] * n,
            "code": [code] * n,
            "value": values,
            "message_ja": [by_pair[pair][0] for pair in pairs],
            "message_en": [by_pair[pair][1] for pair in pairs],
            "severity": [severity] * n,
        }
    # a rule's messages differ only by the cell: format each distinct cell once, not once a row
    texts = {value: message(code, "" if value is None else value, column) for value in distinct}
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
