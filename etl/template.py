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
from schemas.vocabulary import COLUMNS, GOV_CLOUD, HEADERS_JA, SPECIAL_SUPPORT_REASONS, STAGES

YES, NO = "はい", "いいえ"


def prefill(con: duckdb.DuckDBPyConnection, code: str, today: date) -> pd.DataFrame:
    """The municipality's 20 rows in business order with its latest status, labels in Japanese."""
    rows = prefilled(con, code)
    out = pd.DataFrame(
        {
            "municipality_code": code,
            "business_id": rows["business_ja"],
            "as_of": today,
            "stage": [STAGES[s][0] for s in rows["stage"]],
            "target_date": rows["target_date"],
            "go_live_date": rows["go_live_date"],
            "gov_cloud": [GOV_CLOUD[g][0] for g in rows["gov_cloud"]],
            "special_support": [YES if s else NO for s in rows["special_support"]],
            "special_support_reason": [
                None if r is None or pd.isna(r) else reason_choice(int(r)) for r in rows["special_support_reason"]
            ],
            "pmo_progress": rows["pmo_progress"],
            "vendor": rows["vendor"],
            "notes": rows["notes"],
        },
        columns=COLUMNS,
    )
    return out


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
    for col_idx in (3, 5, 6):  # as_of, target_date, go_live_date
        for row in range(2, last + 1):
            sheet.cell(row=row, column=col_idx).number_format = "yyyy-mm-dd"
    for col_idx in (1,):
        for row in range(2, last + 1):
            sheet.cell(row=row, column=col_idx).number_format = "@"

    def validation(list_col: str, count: int, target_col: int, prompt: str) -> None:
        dv = DataValidation(type="list", formula1=f"=選択肢!${list_col}$1:${list_col}${count}", allow_blank=True)
        dv.error = "一覧から選んでください / choose from the list"
        dv.errorTitle = "入力エラー"
        dv.prompt = prompt
        letter = get_column_letter(target_col)
        dv.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(dv)

    validation("A", len(choices["A"]), 2, "業務を選択")
    validation("B", len(choices["B"]), 4, "進捗段階を選択")
    validation("C", len(choices["C"]), 7, "ガバメントクラウドの利用状況を選択")
    validation("D", 2, 8, "特定移行支援システムか")
    validation("E", len(choices["E"]), 9, "特定移行支援事由を選択")
    widths = [12, 22, 12, 22, 14, 12, 24, 18, 14, 11, 24, 40]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
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
