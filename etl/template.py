"""The submission template: one municipality's 20 systems prefilled with its latest status."""

from __future__ import annotations

import io
from datetime import date

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl import cells, clock, reference
from etl.costs.prefill import cost_prefill
from etl.costs.template import add_cost_sheet
from etl.prefill import prefill as prefilled
from etl.read import reason_choice
from schemas.fields import FIELDS, Field
from schemas.vocabulary.contract import COLUMNS, GOV_CLOUD, HEADERS_JA, SPECIAL_SUPPORT_REASONS, STAGES

YES, NO = "はい", "いいえ"


def _written(f: Field, rows: pd.DataFrame, code: str, today: date) -> object:
    """One column of the template's rows as a person writes it: Japanese labels, はい/いいえ, the
    drop-down's reason; the pair and the day from the arguments."""
    if f.name == "municipality_code":
        return code
    if f.name == "business_id":
        return rows["business_ja"]
    if f.role == "day":
        return today
    if f.normaliser == "stage":
        return [STAGES[s][0] for s in rows[f.name]]
    if f.normaliser == "gov_cloud":
        return [GOV_CLOUD[g][0] for g in rows[f.name]]
    if f.kind == "bool":
        return [YES if v else NO for v in rows[f.name]]
    if f.normaliser == "reason":
        return [None if r is None or pd.isna(r) else reason_choice(int(r)) for r in rows[f.name]]
    return rows[f.name]


def prefill(con: duckdb.DuckDBPyConnection, code: str, today: date) -> pd.DataFrame:
    """The municipality's 20 rows in business order with its latest status, labels in Japanese."""
    rows = prefilled(con, code)
    return pd.DataFrame({f.name: _written(f, rows, code, today) for f in FIELDS}, columns=COLUMNS)


def to_csv(frame: pd.DataFrame) -> bytes:
    """The template as CSV with Japanese headers, UTF-8 with BOM so that Excel opens it right."""
    return cells.csv_bytes(frame.rename(columns=HEADERS_JA))


def to_xlsx(frame: pd.DataFrame, costs: pd.DataFrame | None = None) -> bytes:
    """The template as an Excel workbook: Japanese headers, real dates, drop-down lists, text never a
    formula; with `costs`, a second sheet 運用経費 of the cost rows (etl.costs.template)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "報告"
    lists = book.create_sheet("選択肢")
    lists.sheet_state = "hidden"
    choices = {
        "A": [b for b in reference.businesses()["name_ja"]],
        "B": [ja for ja, _ in STAGES.values()],
        "C": [ja for ja, _ in GOV_CLOUD.values()],
        "D": [YES, NO],
        "E": [reason_choice(n) for n in SPECIAL_SUPPORT_REASONS],
    }
    for col, values in choices.items():
        for i, value in enumerate(values, start=1):
            cells.xlsx_set(lists, f"{col}{i}", value)
    cells.xlsx_row(sheet, [HEADERS_JA[c] for c in COLUMNS])
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
    for record in frame.itertuples(index=False):
        cells.xlsx_row(sheet, [None if (v is None or (isinstance(v, float) and pd.isna(v))) else v for v in record])
    last = max(len(frame) + 1, 2) + 200  # room for rows added by hand
    formats = {"date": "yyyy-mm-dd", "code": "@"}  # dates as dates, codes as text (leading zeros)
    for col_idx, f in enumerate(FIELDS, start=1):
        if f.kind in formats:
            for row in range(2, last + 1):
                sheet.cell(row=row, column=col_idx).number_format = formats[f.kind]

    def validation(list_col: str, count: int, target_col: int, prompt: str) -> None:
        dv = DataValidation(type="list", formula1=f"=選択肢!${list_col}$1:${list_col}${count}", allow_blank=True)
        dv.error = "一覧から選んでください / choose from the list"
        dv.errorTitle = "入力エラー"
        dv.prompt = prompt
        letter = get_column_letter(target_col)
        dv.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(dv)

    # a drop-down list for each column whose normalising step reads a list's choices
    lists_of = {
        "business": ("A", "業務を選択"),
        "stage": ("B", "進捗段階を選択"),
        "gov_cloud": ("C", "ガバメントクラウドの利用状況を選択"),
        "boolean": ("D", "特定移行支援システムか"),
        "reason": ("E", "特定移行支援事由を選択"),
    }
    for col_idx, f in enumerate(FIELDS, start=1):
        if f.normaliser in lists_of:
            list_col, prompt = lists_of[f.normaliser]
            validation(list_col, len(choices[list_col]), col_idx, prompt)
    for col_idx, f in enumerate(FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(col_idx)].width = f.width
    sheet.freeze_panes = "C2"
    if costs is not None:
        add_cost_sheet(book, costs)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_template(con: duckdb.DuckDBPyConnection, code: str, fmt: str = "xlsx", today: date | None = None) -> bytes:
    """The prefilled template for one municipality as xlsx or csv bytes."""
    day = today or clock.today()
    frame = prefill(con, code, day)
    return to_xlsx(frame, cost_prefill(con, code, day)) if fmt == "xlsx" else to_csv(frame)
