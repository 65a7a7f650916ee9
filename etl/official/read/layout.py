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
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date

from etl.official.read.model import key

HEAD_ROWS = 20  # a header is looked for in the first rows of each sheet
HEADING_SPAN = 3  # a layout's words may lie over this many consecutive heading rows
MORE_HEADING_ROWS = 3  # rows below the one holding the layout's words that may still be headings
# the header words that make each layout, folded and without spaces; the first layout a sheet's
# heading holds wins (a prefecture table, without 市区町村, is read only when nothing else is there)
LAYOUTS: dict[str, set[str]] = {
    "steps": {"都道府県名", "市区町村名", "業務名"},
    "rates": {"都道府県", "市区町村", "完了率"},
    "list": {"団体コード", "自治体名"},
    "prefecture_rates": {"都道府県", "完了率"},
    "steps_without_municipality": {"都道府県名", "業務名"},
}
VALUE_WORDS = frozenset({"完了率"})  # a layout word over values, not over the names of bodies
# other column names a heading may hold besides the layouts' words and the business names
OTHER_NAMES = frozenset({"自治体区分"})
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
    """A sheet found by its heading: its layout, each column's name taken from the heading rows
    together, the rows above and within the heading, its body."""

    name: str
    layout: str
    header_row: int  # the last heading row (the row the names stand on)
    header: list[str]  # each column's name as written ('' for a column without one)
    head: list[tuple]  # the rows above the body: titles and the heading rows
    body: list[tuple]
    first_row: int  # the sheet row number of body[0]
    first_header_row: int = 0  # the first heading row
    name_rows: list[int] = field(default_factory=list)  # the row each column's name stands on
    heading_cells: list[list[str]] = field(default_factory=list)  # each column's heading cells, top down

    @property
    def heading_rows(self) -> str:
        """The heading rows as a person names them: '3' or '1–2'."""
        first = self.first_header_row or self.header_row
        return str(first) if first == self.header_row else f"{first}–{self.header_row}"


def _words(row: tuple) -> set[str]:
    return {key(c) for c in row if isinstance(c, str)}


def _found(rows: list[tuple]) -> tuple[str, int] | None:
    """(layout, span) when the last rows of `rows` hold a layout's words, over as few rows as may be."""
    for span in range(1, min(HEADING_SPAN, len(rows)) + 1):
        words = set().union(*(_words(r) for r in rows[-span:]))
        layout = next((name for name, needed in LAYOUTS.items() if needed <= words), None)
        if layout:
            return layout, span
    return None


def _is_number(cell: object) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def _key_columns(rows: list[tuple], layout: str) -> set[int]:
    """The columns of the layout's naming words (a body row names its body there; 完了率 is a value)."""
    needed = LAYOUTS[layout] - VALUE_WORDS
    return {i for row in rows for i, c in enumerate(row) if isinstance(c, str) and key(c) in needed}


def _is_heading(row: tuple, key_columns: set[int], layout: str) -> bool:
    """A row below the layout's words is still a heading when its key columns are empty (or repeat
    their heading) and it holds no number: business names under a merged group heading, a unit row."""
    for i in key_columns:
        cell = row[i] if i < len(row) else None
        if cell is not None and key(cell) != "" and key(cell) not in LAYOUTS[layout]:
            return False
    return not any(_is_number(c) for c in row)


def heading_cells(heading: list[tuple]) -> list[list[str]]:
    """Each column's non-blank heading cells as written, top down."""
    width = max((len(r) for r in heading), default=0)
    return [
        [str(r[col]).strip() for r in heading if col < len(r) and r[col] is not None and key(r[col]) != ""]
        for col in range(width)
    ]


def column_names(heading: list[tuple], first_row: int, known: Collection[str]) -> tuple[list[str], list[int]]:
    """Each column's name from the heading rows together, and the row it stands on.

    A column's name is the lowest of its heading cells that names a business (a merged group
    heading such as 業務別完了率 above it is passed over), else one of the layouts' words (完了率
    only as the top heading: below a name it is a unit), else its heading cells joined (a name
    nothing maps, reported as written); blank cells and group headings repeated along a row are
    passed over."""
    width = max((len(r) for r in heading), default=0)
    names, rows = [], []
    businesses = set(known)
    words = set().union(*LAYOUTS.values()) | OTHER_NAMES
    for col in range(width):
        cells = [
            (first_row + n, str(r[col]).strip())
            for n, r in enumerate(heading)
            if col < len(r) and r[col] is not None and key(r[col]) != ""
        ]
        chosen = next((c for c in reversed(cells) if key(c[1]) in businesses), None)
        # a naming word anywhere; a value word (完了率) only as the column's top heading, since below a
        # name it is a unit row's (住民記録 over 完了率)
        chosen = chosen or next((c for c in reversed(cells) if key(c[1]) in words - VALUE_WORDS), None)
        if chosen is None and cells and key(cells[0][1]) in VALUE_WORDS:
            chosen = cells[0]
        if chosen is None and cells:
            texts = [c for c in cells if key(c[1]) not in VALUE_WORDS] or cells
            chosen = (texts[-1][0], " / ".join(text for _, text in texts))
        names.append(chosen[1] if chosen else "")
        rows.append(chosen[0] if chosen else first_row + len(heading) - 1)
    return names, rows


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


def header_sheets(raw: bytes, known: Collection[str] = ()) -> Iterator[Sheet]:
    """Every sheet whose first rows hold a known heading (over one or several rows), its body
    streamed in. `known`: the folded business names a column may carry."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            found = _sheet(sheet.title, sheet.iter_rows(values_only=True), known)
            if found:
                yield found
    finally:
        book.close()


def _sheet(title: str, rows: Iterator[tuple], known: Collection[str]) -> Sheet | None:
    top: list[tuple] = []
    for row in rows:
        top.append(row)
        hit = _found(top)
        if hit:
            layout, span = hit
            start = len(top) - span
            keys = _key_columns(top[start:], layout)
            extra = 0
            first_body: tuple | None = None
            for below in rows:
                if extra < MORE_HEADING_ROWS and _is_heading(below, keys, layout):
                    top.append(below)
                    extra += 1
                    continue
                first_body = below
                break
            heading = top[start:]
            # the whole heading decides: 市区町村 on a row below 都道府県 and 完了率 is no prefecture table
            words = set().union(*(_words(r) for r in heading))
            layout = next(name for name, needed in LAYOUTS.items() if needed <= words)
            names, name_rows = column_names(heading, start + 1, known)
            with _no_cycle_collection():
                body = ([first_body] if first_body is not None else []) + list(rows)
            return Sheet(
                title, layout, len(top), names, top, body, len(top) + 1, start + 1, name_rows, heading_cells(heading)
            )
        if len(top) >= HEAD_ROWS:
            return None
    return None


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
