"""The submission template: one municipality's 20 systems prefilled with its latest status."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl import cells, reference, store
from schemas.vocabulary import COLUMNS, GOV_CLOUD, HEADERS_JA, SPECIAL_SUPPORT_REASONS, STAGES

YES, NO = "はい", "いいえ"


def prefill(con: duckdb.DuckDBPyConnection, code: str, today: date) -> pd.DataFrame:
    """The municipality's 20 rows in business order with its latest status, labels in Japanese."""
    known = store.scalar(con, "select count(*) from municipalities where code = ?", [code])
    if not known:
        raise ValueError(f"団体コード {code} は対象団体の一覧にありません / unknown municipality code {code}")
    latest = con.execute("select * from latest_status where municipality_code = ?", [code]).df()
    latest = latest.set_index("business_id") if len(latest) else pd.DataFrame()
    rows = []
    for biz in reference.businesses().itertuples():
        last = latest.loc[biz.business_id] if biz.business_id in latest.index else None

        def get(col: str, _last: pd.Series | None = last) -> Any:
            if _last is None:
                return None
            value = _last[col]
            return None if pd.isna(value) else value

        stage = get("stage") or "not_started"
        gov = get("gov_cloud") or "planned"
        special = bool(get("special_support") or False)
        reason = get("special_support_reason")
        pmo = get("pmo_progress")
        rows.append(
            {
                "municipality_code": code,
                "business_id": biz.name_ja,
                "as_of": today,
                "stage": STAGES[stage][0],
                "target_date": _day(get("target_date")),
                "go_live_date": _day(get("go_live_date")),
                "gov_cloud": GOV_CLOUD[gov][0],
                "special_support": YES if special else NO,
                "special_support_reason": int(reason) if reason is not None else None,
                "pmo_progress": float(pmo) if pmo is not None else None,
                "vendor": get("vendor"),
                "notes": get("notes"),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _day(value: object) -> date | None:
    if value is None:
        return None
    return pd.Timestamp(value).date()


def to_csv(frame: pd.DataFrame) -> bytes:
    """The template as CSV with Japanese headers, UTF-8 with BOM so that Excel opens it right."""
    return cells.csv_bytes(frame.rename(columns=HEADERS_JA))


def to_xlsx(frame: pd.DataFrame) -> bytes:
    """The template as an Excel workbook: Japanese headers, real dates, drop-down lists, text never a formula."""
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
        "E": list(SPECIAL_SUPPORT_REASONS),
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
    validation("E", 4, 9, "1 メインフレーム / 2 個別開発 / 3 製品の見込みなし / 4 事業者リソース不足")
    widths = [12, 22, 12, 22, 14, 12, 24, 18, 14, 11, 24, 40]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_template(con: duckdb.DuckDBPyConnection, code: str, fmt: str = "xlsx", today: date | None = None) -> bytes:
    """The prefilled template for one municipality as xlsx or csv bytes."""
    from etl.validate import today_in_tokyo

    frame = prefill(con, code, today or today_in_tokyo().date())
    return to_xlsx(frame) if fmt == "xlsx" else to_csv(frame)
