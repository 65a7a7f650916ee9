"""The template's second sheet, 運用経費: the municipality's cost rows (last year's figures prefilled),
Japanese headers, kind and business as drop-down lists, yen as whole numbers, text never a formula.

Kept apart from `etl.template` (the status sheet): `add_cost_sheet` adds it to any workbook."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl import cells, reference
from schemas.cost_report import CATEGORIES
from schemas.vocabulary.costs import COST_COLUMNS, COST_HEADERS_JA, COST_KINDS, COST_SHEET

COST_LIST_SHEET = "選択肢_運用経費"


def sheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The cost rows as the sheet shows them: business and kind by their Japanese names."""
    names = dict(zip(reference.businesses()["business_id"], reference.businesses()["name_ja"], strict=True))
    out = frame.copy()
    out["business_id"] = out["business_id"].map(names).fillna(out["business_id"])
    out["kind"] = [COST_KINDS[k][0] if k in COST_KINDS else k for k in out["kind"]]
    return out[COST_COLUMNS]


def add_cost_sheet(book: Workbook, frame: pd.DataFrame) -> None:
    """Add the 運用経費 sheet (and its hidden lists) to a workbook."""
    sheet = book.create_sheet(COST_SHEET)
    lists = book.create_sheet(COST_LIST_SHEET)
    lists.sheet_state = "hidden"
    businesses = list(reference.businesses()["name_ja"])
    kinds = [ja for ja, _ in COST_KINDS.values()]
    for i, value in enumerate(businesses, start=1):
        cells.xlsx_set(lists, f"A{i}", value)
    for i, value in enumerate(kinds, start=1):
        cells.xlsx_set(lists, f"B{i}", value)
    cells.xlsx_row(sheet, [COST_HEADERS_JA[c] for c in COST_COLUMNS])
    fill = PatternFill("solid", fgColor="DDE7F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for record in sheet_frame(frame).itertuples(index=False):
        cells.xlsx_row(sheet, [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in record])
    last = len(frame) + 1 + 100
    yen_cols = [COST_COLUMNS.index(c) + 1 for c in [*CATEGORIES, "shared_cost_share"]]
    date_col = COST_COLUMNS.index("contract_end") + 1
    for row in range(2, last + 1):
        sheet.cell(row=row, column=1).number_format = "@"
        for col in yen_cols:
            sheet.cell(row=row, column=col).number_format = "#,##0"
        sheet.cell(row=row, column=date_col).number_format = "yyyy-mm-dd"
    for list_col, count, target, prompt in (
        ("A", len(businesses), 2, "業務を選択"),
        ("B", len(kinds), 4, "区分を選択"),
    ):
        dv = DataValidation(
            type="list", formula1=f"={COST_LIST_SHEET}!${list_col}$1:${list_col}${count}", allow_blank=True
        )
        dv.error = "一覧から選んでください / choose from the list"
        dv.errorTitle = "入力エラー"
        dv.prompt = prompt
        letter = get_column_letter(target)
        dv.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(dv)
    for i, name in enumerate(COST_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = (
            12 if name in ("municipality_code", "fiscal_year", "kind") else 16
        )
    sheet.column_dimensions["B"].width = 22
    sheet.freeze_panes = "E2"


def cost_csv(frame: pd.DataFrame) -> bytes:
    """The cost rows as a CSV with Japanese headers (UTF-8 with BOM), for a separate cost file."""
    return cells.csv_bytes(sheet_frame(frame).rename(columns=COST_HEADERS_JA))
