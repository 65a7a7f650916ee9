"""Which sheets a release workbook holds: each sheet's first rows looked at for a known header (a sheet
without one is left unread past them), and the month their names or titles give.
"""

from __future__ import annotations

import contextlib
import gc
import io
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from etl.official.read.model import key

HEAD_ROWS = 20  # a header row is looked for in the first rows of each sheet
# the header words that make each layout, folded and without spaces
LAYOUTS: dict[str, set[str]] = {
    "steps": {"都道府県名", "市区町村名", "業務名"},
    "rates": {"都道府県", "市区町村", "完了率"},
    "list": {"団体コード", "自治体名"},
}
_ERA = re.compile(r"(令和|平成)\s*(\d+|元)\s*年\s*(\d{1,2})\s*月")
_WESTERN = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月")
ERA_START = {"令和": 2018, "平成": 1988}


def month_in(text: str) -> date | None:
    """The first month named in a text (令和8年1月, 平成31年4月, 2026年1月) as its first day."""
    text = unicodedata.normalize("NFKC", text)
    era = _ERA.search(text)
    if era:
        year = ERA_START[era.group(1)] + (1 if era.group(2) == "元" else int(era.group(2)))
        month = int(era.group(3))
    else:
        western = _WESTERN.search(text)
        if not western:
            return None
        year, month = int(western.group(1)), int(western.group(2))
    return date(year, month, 1) if 1 <= month <= 12 else None


@dataclass
class Sheet:
    """A sheet found by its header: its layout, the header as written, the title rows above it, its body."""

    name: str
    layout: str
    header_row: int
    header: list[str]  # as written
    head: list[tuple]  # the rows above the header (titles)
    body: list[tuple]
    first_row: int  # the sheet row number of body[0]


def _layout(row: tuple) -> str | None:
    words = {key(c) for c in row if isinstance(c, str)}
    return next((name for name, needed in LAYOUTS.items() if needed <= words), None)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while a sheet's rows are kept: a national workbook's
    1.5 million cells arrive as tuples of plain values (no cycles, freed by reference counting),
    and each collection the allocations set off walks every one kept so far (a fifth of the read)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def header_sheets(raw: bytes) -> Iterator[Sheet]:
    """Every sheet whose first rows hold a known header, its body streamed in."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            head: list[tuple] = []
            for number, row in enumerate(rows, start=1):
                layout = _layout(row)
                if layout:
                    with _no_cycle_collection():
                        body = list(rows)
                    yield Sheet(sheet.title, layout, number, list(row), head, body, number + 1)
                    break
                head.append(row)
                if number >= HEAD_ROWS:
                    break
    finally:
        book.close()


def sheets_month(sheets: list[Sheet]) -> date | None:
    """The month the sheets' names give, else the first their title rows give."""
    for sheet in sheets:
        month = month_in(sheet.name)
        if month:
            return month
    for sheet in sheets:
        for row in sheet.head:
            for cell in row:
                month = month_in(cell) if isinstance(cell, str) else None
                if month:
                    return month
    return None
