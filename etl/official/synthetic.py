"""Release workbooks in the two published layouts, written from frames: for the demo and the benchmark.
The layouts follow what the ministry and the Digital Agency published in 2025-2026.

XlsxWriter writes them as Excel does (a shared-string table, the sheet's dimension), so that reading
them costs what reading a published file costs; openpyxl's write-only mode writes inline strings
and no dimension, which read several times slower.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, time

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from etl import reference
from etl.official.read.model import printed_name
from schemas.vocabulary.releases import (
    LIST_BUSINESS_ORDER,
    MINISTRY_BUSINESS_ORDER,
    N_STEPS,
    PREFECTURE_BUSINESSES,
    STEP_STATUSES,
)

RATES_SUFFIX = "_進捗状況"
STEPS_SHEET = "業務別ステップ別進捗一覧"
LIST_SHEET = "結果一覧"
LIST_TITLE = "特定移行支援システムの該当見込み"
STATUS_JA = {code: ja for code, (ja, _) in STEP_STATUSES.items()}
STEP_WORDS = STATUS_JA | {"not_started": "未"}  # the real step sheet writes 未, never 未着手
GROUP_HEADING = "業務別完了率"


class _Sheet:
    """Rows appended one after another, empty cells left blank (as a published file has them)."""

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet, self.row = worksheet, 0

    def append(self, values: Iterable[object]) -> None:
        for col, value in enumerate(values):
            if value is None or value == "" or (isinstance(value, float) and value != value):
                continue
            self.worksheet.write(self.row, col, value.item() if hasattr(value, "item") else value)
        self.row += 1


def era_month(month: date) -> str:
    """A month in the Japanese era as the ministry names its sheets (2026-01 -> 令和8年1月)."""
    return f"令和{month.year - 2018}年{month.month}月"


def _workbook(out: io.BytesIO, month: date) -> xlsxwriter.Workbook:
    """A workbook written in memory whose bytes depend only on what it holds: its creation stamp is the
    month it describes (xlsxwriter stamps the time of writing otherwise, and dates its parts 1980)."""
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": datetime.combine(month, time(0))})
    return book


def ministry_workbook(
    rates: pd.DataFrame,
    steps: pd.DataFrame | None,
    month: date,
    *,
    header_at: int = 1,
    prefecture_sheet_first: bool = False,
    headers: dict[str, str] | None = None,
    sheet_name: str | None = None,
) -> bytes:
    """The ministry's workbook: a rates sheet (prefecture, municipality, total, 20 businesses) and a
    step sheet (prefecture, municipality, business, 40 statuses).

    `rates`: prefecture, municipality, total and one column per business_id (fractions or any cell);
    `steps`: prefecture, municipality, business_id and s01..s40 (status codes or any cell). The
    header starts at row `header_at` (two heading rows, as published); `headers` renames a column.
    """
    out = io.BytesIO()
    book = _workbook(out, month)
    if prefecture_sheet_first:
        summary = _Sheet(book.add_worksheet("都道府県別"))
        summary.append(["都道府県", "完了率（平均）"])
        for prefecture, group in rates.groupby("prefecture", sort=False):
            summary.append([prefecture, float(pd.to_numeric(group["total"], errors="coerce").mean())])
    sheet = _Sheet(book.add_worksheet(sheet_name or f"{era_month(month)}{RATES_SUFFIX}"))
    for _ in range(header_at - 1):
        sheet.append([f"標準化手順の進捗状況（{era_month(month)}末時点）"] if _ == 0 else [])
    names = {b: printed_name(b, ministry=True) for b in MINISTRY_BUSINESS_ORDER} | (headers or {})
    _two_heading_rows(book, sheet, ["都道府県", "市区町村", "完了率"], [names[b] for b in MINISTRY_BUSINESS_ORDER])
    columns = ["prefecture", "municipality", "total", *MINISTRY_BUSINESS_ORDER]
    for row in rates[columns].itertuples(index=False, name=None):
        sheet.append(row)
    if steps is not None:
        _step_sheet(book, steps, names)
    book.close()
    return out.getvalue()


def _two_heading_rows(book: xlsxwriter.Workbook, sheet: _Sheet, keys: list[str], names: list[str]) -> None:
    """The rate sheet's heading as published: the key columns merged down two rows, one merged
    業務別完了率 over the business columns, the business names on the second row."""
    top = sheet.row
    for col, word in enumerate(keys):
        sheet.worksheet.merge_range(top, col, top + 1, col, word)
    first = len(keys)
    if len(names) > 1:
        sheet.worksheet.merge_range(top, first, top, first + len(names) - 1, GROUP_HEADING)
    else:
        sheet.worksheet.write(top, first, GROUP_HEADING)
    for col, name in enumerate(names, start=first):
        sheet.worksheet.write(top + 1, col, name)
    sheet.row += 2


def _step_sheet(book: xlsxwriter.Workbook, steps: pd.DataFrame, names: dict[str, str]) -> None:
    detail = _Sheet(book.add_worksheet(STEPS_SHEET))
    detail.append(["都道府県名", "市区町村名", "業務名", *reference.pmo_steps()["step_name_ja"]])
    words = steps.copy()
    step_cols = [f"s{n:02d}" for n in range(1, N_STEPS + 1)]
    words["business"] = words["business_id"].map(lambda b: names.get(b, b))
    for col in step_cols:
        words[col] = _each_word(words[col])
    for row in words[["prefecture", "municipality", "business", *step_cols]].itertuples(index=False, name=None):
        detail.append(row)


def _each_word(codes: pd.Series) -> pd.Series:
    """Status codes as the published words (any other cell as it is)."""
    return codes.map(lambda s: STEP_WORDS.get(s, s))


def prefecture_workbook(rates: pd.DataFrame, steps: pd.DataFrame | None, month: date) -> bytes:
    """The prefecture-run businesses' workbook: a rate sheet of prefecture rows (prefecture, total and
    the two businesses; no 市区町村 column) and a step sheet whose 市区町村名 is `-` on every row.

    `rates`: prefecture, total and one column per business of PREFECTURE_BUSINESSES; `steps`:
    prefecture, business_id and s01..s40."""
    out = io.BytesIO()
    book = _workbook(out, month)
    sheet = _Sheet(book.add_worksheet(f"{era_month(month)}{RATES_SUFFIX}"))
    names = {b: printed_name(b, ministry=True) for b in PREFECTURE_BUSINESSES}
    _two_heading_rows(book, sheet, ["都道府県", "完了率"], [names[b] for b in PREFECTURE_BUSINESSES])
    for row in rates[["prefecture", "total", *PREFECTURE_BUSINESSES]].itertuples(index=False, name=None):
        sheet.append(row)
    if steps is not None:
        _step_sheet(book, steps.assign(municipality="-"), names)
    book.close()
    return out.getvalue()


def national_list(marks: pd.DataFrame, as_of: date, *, headers: dict[str, str] | None = None) -> bytes:
    """The Digital Agency's list: a title, an empty row, the header on row 3, then one row per body.

    `marks`: code, name (with the prefecture), kind and one column per business_id plus
    common_function, each "●", "" or any cell.
    """
    out = io.BytesIO()
    book = _workbook(out, as_of)
    sheet = _Sheet(book.add_worksheet(LIST_SHEET))
    sheet.append([f"{LIST_TITLE}（{era_month(as_of)}末時点）"])
    sheet.append([])
    names = {b: printed_name(b, ministry=False) for b in LIST_BUSINESS_ORDER} | (headers or {})
    sheet.append(["団体コード", "自治体名", "自治体区分", *[names[b] for b in LIST_BUSINESS_ORDER]])
    for row in marks[["code", "name", "kind", *LIST_BUSINESS_ORDER]].itertuples(index=False, name=None):
        sheet.append(row)
    book.close()
    return out.getvalue()
