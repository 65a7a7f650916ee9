"""The official releases' parsed frames, every rule a named pandera check (the name is the finding code).

`etl.official.read` turns a workbook into three kinds of frame, one row per sheet row:

- ``rows``: every data row of a sheet, with the jurisdiction's code it matched (empty: none);
- ``rates``: the ministry's completion rates, one column per business (a fraction 0-1, NaN empty,
  -1 where the cell is not a number);
- ``steps``: the ministry's step statuses, one column per step (a status code, or the word as written);
- ``marks``: the Digital Agency's list, one column per business (the mark as written).

ROW_RULES and CELL_RULES are the rule tables: (frame, finding code, test, severity, (Japanese,
English) message). A cell rule runs on each value column of its frame. FILE_MESSAGES are the
findings about a workbook as a whole. In messages, {value} is the cell as written, {column} its
header, {sheet} and {cell} where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import pandas as pd
import pandera.pandas as pa

from schemas.vocabulary.releases import NATIONAL_FIGURES, NATIONAL_MARK, STEP_STATUSES

Test = Callable[[pd.Series], pd.Series]
Rule = tuple[str, str, Test, str, tuple[str, str]]

# --- one row per sheet row: (frame, code, test(municipality_code column) -> passes, severity, message)
ROW_RULES: list[Rule] = [
    (
        "rows",
        "official_row_unmatched",
        lambda s: s != "",
        "warning",
        (
            "シート「{sheet}」{row}行目の「{value}」は対象団体のどれにも一致しません（同じ都道府県の近い名前: {closest}）。"
            "この行は取り込みません。",
            "Sheet '{sheet}' row {row}: '{value}' matches no municipality of the jurisdiction (closest names in "
            "that prefecture: {closest}); the row is not loaded.",
        ),
    ),
]

# --- one check per value column of a frame -----------------------------------------------------
CELL_RULES: list[Rule] = [
    (
        "rates",
        "official_rate_out_of_range",
        lambda s: s.isna() | s.between(0, 1),
        "warning",
        (
            "シート「{sheet}」{cell}（{column}）の完了率「{value}」は 0〜1 の割合ではありません。このセルは取り込みません。",
            "Sheet '{sheet}' cell {cell} ({column}): completion rate '{value}' is not a fraction from 0 to 1; "
            "the cell is not loaded.",
        ),
    ),
    (
        "steps",
        "official_step_status_unknown",
        lambda s: s.isin([*STEP_STATUSES, ""]),
        "warning",
        (
            "シート「{sheet}」{cell}（{column}）の状況「{value}」は 完了済み・作業中・未（未着手）・対象外 のいずれでも"
            "ありません。このセルは取り込みません。",
            "Sheet '{sheet}' cell {cell} ({column}): status '{value}' is none of 完了済み (done), 作業中 (in progress), "
            "未 or 未着手 (not started), 対象外 (not applicable); the cell is not loaded.",
        ),
    ),
    (
        "marks",
        "official_mark_invalid",
        lambda s: s.isin([NATIONAL_MARK, ""]),
        "warning",
        (
            "シート「{sheet}」{cell}（{column}）の印「{value}」は ● でも空欄でもありません。このセルは取り込みません。",
            "Sheet '{sheet}' cell {cell} ({column}): mark '{value}' is neither ● nor empty; the cell is not loaded.",
        ),
    ),
]

FILE_MESSAGES: dict[str, tuple[str, str]] = {
    "official_layout_unknown": (
        "総務省の進捗ワークブック（見出しに 都道府県・市区町村・完了率、または 都道府県名・市区町村名・業務名 のあるシート。"
        "都道府県実施分は 都道府県・完了率）とも、デジタル庁の一覧（見出しに 団体コード・自治体名 のあるシート）とも"
        "読めません（各シートの先頭 20 行で、見出しは 3 行までにまたがってよいものとして探しました）。",
        "Neither layout found: no sheet with a heading holding 都道府県, 市区町村 and 完了率, or 都道府県名, 市区町村名 "
        "and 業務名 (the ministry's workbook; 都道府県 and 完了率 for the prefecture-run businesses), or 団体コード and "
        "自治体名 (the Digital Agency's list); looked for in each sheet's first 20 rows, a heading spanning up to 3 rows.",
    ),
    "official_business_column_missing": (
        "シート「{sheet}」に業務「{value}」の列がありません（見出し {rows} 行目の各列で「{looked_for}」を探しました。"
        "列名は見出し行を上から合わせて読みます）。",
        "Sheet '{sheet}' has no column for business '{value}': looked for {looked_for} in heading rows {rows} "
        "(a column's name is read from its heading rows together).",
    ),
    "official_rate_not_step_multiple": (
        "シート「{sheet}」{cell}（{column}）の完了率「{value}」は 1/40（手順 40 のうち完了の数）の倍数ではありません。"
        "値はそのまま取り込みます。",
        "Sheet '{sheet}' cell {cell} ({column}): completion rate '{value}' is not a multiple of 1/40 (steps done of "
        "40); the value is loaded as written.",
    ),
    "official_total_inconsistent": (
        "シート「{sheet}」{cell}（{column}）の完了率「{value}」は 20 業務の完了率の平均 {expected} と 0.005 を超えて"
        "異なります。値はそのまま取り込みます。",
        "Sheet '{sheet}' cell {cell} ({column}): overall completion rate '{value}' differs from the mean of the 20 "
        "business rates, {expected}, by more than 0.005; the value is loaded as written.",
    ),
    "official_step_renamed": (
        "シート「{sheet}」{cell} の手順 {step} の名前「{value}」は手順書の「{expected}」と異なります。"
        "列の位置どおり手順 {step} として取り込みます。",
        "Sheet '{sheet}' cell {cell}: step {step} is named '{value}', the procedure's name is '{expected}'; it is "
        "loaded as step {step}, by its position.",
    ),
    "official_column_unknown": (
        "シート「{sheet}」{cell} の見出し「{value}」はどの業務にも当たりません。この列は取り込みません。",
        "Sheet '{sheet}' cell {cell}: header '{value}' is no known business; the column is not loaded.",
    ),
    "official_business_unknown": (
        "シート「{sheet}」{cell} の業務名「{value}」はどの業務にも当たりません。この行は取り込みません。",
        "Sheet '{sheet}' cell {cell}: business '{value}' is no known business; the row is not loaded.",
    ),
    "official_as_of_unknown": (
        "基準月が分かりません（シート名・表題に 令和8年1月 のような年月がありません）。--as-of YYYY-MM で指定してください。",
        "The month is unknown: no era month such as 令和8年1月 in a sheet name or title. Give it with --as-of YYYY-MM.",
    ),
    "official_as_of_mismatch": (
        "ファイルの基準月 {value} と --as-of の指定が異なります。",
        "The file's month {value} differs from --as-of.",
    ),
    "official_no_rows": ("シート「{sheet}」にデータ行がありません。", "Sheet '{sheet}' has no data rows."),
    "official_steps_count": (
        "シート「{sheet}」の手順の列は {value} 列です（通常 40 列）。",
        "Sheet '{sheet}' has {value} step columns (40 expected).",
    ),
    "official_file_unreadable": ("ワークブックを読み取れません（{value}）。", "The workbook cannot be read ({value})."),
    "official_file_too_large": (
        "ファイルが大きすぎます（{value}）。",
        "The file is too large ({value}).",
    ),
    # the bounds of etl/official/read/bounds.py, checked while the workbook is read
    "official_too_many_parts": (
        "ワークブックの構成要素が多すぎます（{value} 個）。",
        "The workbook holds too many parts ({value}).",
    ),
    "official_compression_ratio": (
        "ワークブックの圧縮率が異常です（{value}）。",
        "The workbook is compressed suspiciously well ({value}).",
    ),
    "official_too_many_strings": (
        "ワークブックの文字列が多すぎます（{value} 個）。",
        "The workbook holds too many distinct texts ({value}).",
    ),
    "official_used_range_too_large": (
        "シート「{sheet}」の使用範囲が公表資料の大きさを超えています（{value}）。",
        "Sheet '{sheet}' uses a range larger than a release can hold ({value}).",
    ),
    "official_cell_too_long": (
        "シート「{sheet}」のセル {value} の文字数が多すぎます。",
        "Sheet '{sheet}' cell {value} holds too long a text.",
    ),
    "official_formula_without_value": (
        "シート「{sheet}」のセル {value} は計算結果が保存されていない数式です。Excel で開いて保存し直してください。",
        "Sheet '{sheet}' cell {value} holds a formula without a saved result: open and save it in Excel again.",
    ),
    "official_municipality_twice": (
        "シート「{sheet}」{cell} の「{value}」は同じシートの前の行にもあります。",
        "Sheet '{sheet}' cell {cell}: '{value}' appears on an earlier row of the same sheet too.",
    ),
    "official_text_refused": (
        "シート「{sheet}」{cell} に制御文字または見えない文字 {value} が含まれています。",
        "Sheet '{sheet}' cell {cell} holds a control or invisible character {value}.",
    ),
    "official_duplicate": (
        "同じ内容の公表資料は取込み済みです（#{value}）。再度は反映しません。",
        "This release was already loaded (#{value}); it is not applied twice.",
    ),
}
FILE_SEVERITY: dict[str, str] = {
    "official_rate_not_step_multiple": "warning",
    "official_total_inconsistent": "warning",
    "official_step_renamed": "warning",
    "official_column_unknown": "warning",
    "official_business_unknown": "warning",
    "official_steps_count": "warning",
    "official_duplicate": "warning",
}

MESSAGES: dict[str, tuple[str, str]] = {code: msg for _, code, _, _, msg in ROW_RULES + CELL_RULES} | FILE_MESSAGES
SEVERITY: dict[str, str] = {code: sev for _, code, _, sev, _ in ROW_RULES + CELL_RULES} | FILE_SEVERITY


def _check(code: str, test: Test) -> pa.Check:
    return pa.Check(test, name=code, error=code)


def rows_schema() -> pa.DataFrameSchema:
    """OfficialRows: every data row of a sheet with the code it matched (empty when none)."""
    checks = [_check(code, test) for frame, code, test, _, _ in ROW_RULES if frame == "rows"]
    return pa.DataFrameSchema(
        {
            "sheet_row": pa.Column(int, description="the row's number in its sheet (1-based)"),
            "written": pa.Column(str, description="the municipality as written (prefecture + name, or code)"),
            "municipality_code": pa.Column(str, checks=checks, description="the matched code, empty when none"),
        },
        name="OfficialRows",
        strict=False,
    )


def cells_schema(frame: str, columns: Collection[str]) -> pa.DataFrameSchema:
    """The cell rules of one frame kind (rates, steps or marks) on each of its value columns."""
    checks = [(code, test) for kind, code, test, _, _ in CELL_RULES if kind == frame]
    return pa.DataFrameSchema(
        {col: pa.Column(checks=[_check(code, test) for code, test in checks], nullable=True) for col in columns},
        name={"rates": "MinistryRates", "steps": "MinistrySteps", "marks": "NationalList"}[frame],
        strict=False,
    )


def figures_schema() -> pa.DataFrameSchema:
    """NationalFigures: dated headline figures (as_of, figure, value, denominator, source, url)."""
    return pa.DataFrameSchema(
        {
            "as_of": pa.Column("datetime64[ns]", nullable=False, description="the day the figure describes"),
            "figure": pa.Column(str, _check("figure_unknown", lambda s: s.isin(list(NATIONAL_FIGURES)))),
            "value": pa.Column(float, _check("value_negative", lambda s: s >= 0), nullable=False),
            "denominator": pa.Column(float, _check("denominator_not_positive", lambda s: s > 0), nullable=True),
            "source": pa.Column(str, _check("source_missing", lambda s: s.str.len().between(1, 200))),
            "url": pa.Column(str, nullable=True),
        },
        name="NationalFigures",
        strict=True,
        coerce=True,
    )
