"""Cells made safe for a spreadsheet: every CSV and XLSX the project writes goes through here.

A spreadsheet runs a cell as a formula when its text starts with `=`, `+`, `-` or `@` (and some
read a leading tab or carriage return the same way); NFKC folding, which Excel's import and our own
reader both apply, turns the full-width forms `＝＋－＠` into those. `safe` gives such a cell a
leading apostrophe in a CSV, the spreadsheet's own mark for "this is text". Stored text is never
altered: only what is written out is. CSVs quote every field, so a carriage return or line feed
inside a value never splits a row. XLSX text cells are written as strings, never as formulas, and a
formula-like one keeps its text unchanged with Excel's own quote prefix (the cell style's
`quotePrefix`, what Excel sets when one types `'=1+1`: a style, not a character), so that a
workbook read back gives the stored text as it was. Our CSV template's apostrophe is taken off on
ingest only where our writer put it (`from_csv`): before text `safe` would have marked.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = frozenset("=+-@")
_CONTROL_START = ("\t", "\r", "\n")
# characters XML 1.0 (and so XLSX) cannot hold: openpyxl refuses them
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read this text as a formula."""
    if not text:
        return False
    if text.startswith(_CONTROL_START):
        return True
    # some spreadsheets skip leading blanks; only the head is folded (a long note costs nothing)
    head = unicodedata.normalize("NFKC", text.lstrip()[:8]).lstrip()
    return bool(head) and head[0] in FORMULA_START


def safe(value: object) -> object:
    """A cell a spreadsheet shows as text: formula-like text gets a leading apostrophe, others pass."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and every column name made safe (`safe` cell by cell)."""
    out = frame.copy()
    for col in out.columns:
        if _is_text(out[col]):
            values = out[col].astype(object)
            out[col] = values.map(safe, na_action="ignore")
    out.columns = [safe(c) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, *, bom: bool = True) -> bytes:
    """A frame as CSV: cells made safe, every field quoted, UTF-8 (with a BOM for Excel in Japan)."""
    text = safe_frame(frame).to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def from_csv(text: str) -> str:
    """A cell of a CSV as our writer meant it: the apostrophe `safe` put before formula-like text
    taken off; any other apostrophe (one a person typed) kept."""
    if text.startswith("'") and is_risky(text[1:]):
        return text[1:]
    return text


def xlsx_value(value: object) -> object:
    """A value for an openpyxl cell: text stripped of characters XML cannot hold (else unchanged)."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("\ufffd", value)
    return value


def _text_cell(cell: Cell) -> None:
    # a string, never a formula; formula-like text keeps its characters under Excel's quote prefix
    cell.data_type = "s"
    if is_risky(str(cell.value)):
        cell.quotePrefix = True


def xlsx_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """Append one row to an openpyxl sheet; text cells are strings (data type 's'), never formulas."""
    values = [xlsx_value(v) for v in values]
    sheet.append(values)
    row = sheet.max_row
    for i, value in enumerate(values, start=1):
        if isinstance(value, str):
            _text_cell(sheet.cell(row=row, column=i))


def xlsx_set(sheet: Worksheet, coordinate: str, value: object) -> None:
    """Set one openpyxl cell; text is a string (data type 's'), never a formula."""
    cell = sheet[coordinate]
    cell.value = xlsx_value(value)
    if isinstance(cell.value, str):
        _text_cell(cell)


# a text column whose every non-empty cell is one of these is written as dates (or date-times)
_DATE_TEXT = re.compile(r"^\d{4}[-/]\d{2}[-/]\d{2}$")
_DATETIME_TEXT = re.compile(r"^\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")
DATE_FORMAT, DATETIME_FORMAT = "yyyy/mm/dd", "yyyy/mm/dd hh:mm"
MAX_WIDTH = 60


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, (str, list, tuple, dict)) and bool(pd.isna(value)))


def _date_kind(values: pd.Series) -> str | None:
    """'date' or 'datetime' when a column holds dates (typed, or text that reads as one), else None."""
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = values.dropna()
        return (
            "date"
            if len(stamps) and (stamps.dt.tz_localize(None).dt.normalize() == stamps.dt.tz_localize(None)).all()
            else "datetime"
        )
    cells = [v for v in values if not _blank(v) and v != ""]
    if not cells:
        return None
    if all(isinstance(v, (datetime, date)) for v in cells):
        return "datetime" if any(isinstance(v, datetime) for v in cells) else "date"
    if all(isinstance(v, str) and _DATE_TEXT.match(v) for v in cells):
        return "date"
    if all(isinstance(v, str) and _DATETIME_TEXT.match(v) for v in cells):
        return "datetime"
    return None


def _as_date(value: object, kind: str) -> object:
    if _blank(value) or value == "":
        return None
    stamp = pd.Timestamp(str(value).replace("/", "-")) if isinstance(value, str) else pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)  # the time as shown (already in Tokyo), Excel has no zones
    return stamp.date() if kind == "date" else stamp.to_pydatetime()


def _cell_value(value: object) -> object:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    if isinstance(value, (int, float, str, date)):
        return value
    return str(value)


def _width(value: object) -> int:
    text = "" if value is None else (f"{value:%Y/%m/%d}" if isinstance(value, date) else str(value))
    # East Asian wide characters take two columns
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text.split("\n")[0])


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """A frame as an XLSX workbook: the same cells as `csv_bytes` (made safe, text never a formula),
    the frame's headers (Japanese where the table is), dates as date cells, numbers as numbers,
    column widths fitted to the contents and the header row frozen."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _XML_ILLEGAL.sub("", re.sub(r"[\[\]:*?/\\]", "_", sheet_name))[:31] or "data"
    kinds = {col: _date_kind(frame[col]) for col in frame.columns}
    header = [str(c) for c in frame.columns]
    xlsx_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_width(h) for h in header]
    columns = list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        row = []
        for col, value in zip(columns, values, strict=True):
            kind = kinds[col]
            row.append(_as_date(value, kind) if kind else _cell_value(value))
        xlsx_row(sheet, row)
        r = sheet.max_row
        for i, (col, value) in enumerate(zip(columns, row, strict=True)):
            kind = kinds[col]
            if kind and value is not None:
                sheet.cell(row=r, column=i + 1).number_format = DATE_FORMAT if kind == "date" else DATETIME_FORMAT
            widths[i] = max(widths[i], 16 if kind == "datetime" else 10 if kind == "date" else _width(value))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
