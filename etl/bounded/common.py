"""What the bounded readers share: the row bound, the `Refused` exception, a cell as text, overlong cells."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import numpy as np

from etl import findings as fnd
from etl.distinct import Distinct
from schemas.vocabulary.contract import MAX_CELL_CHARS, MAX_ROWS

MB = 1024 * 1024
ROW_LIMIT = MAX_ROWS + 1 + 1_000  # the header, the data rows and a margin of blank or formatted rows
FORMULA_FINDINGS_MAX = 50


class Refused(Exception):
    """A file stopped while it is read, with the findings that say why."""

    def __init__(self, *items: dict) -> None:
        super().__init__(items[0]["code"] if items else "refused")
        self.findings = list(items)


def refuse(code: str, value: object = None, row: int | None = None, column: str | None = None) -> Refused:
    """The `Refused` of one finding (raise it)."""
    return Refused(fnd.finding(row, column, code, value))


def cell_text(value: object) -> str:
    """A spreadsheet or JSON value as the text a CSV would hold (dates ISO, 3.0 as 3)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def long_cells(cells: dict[str, Distinct], row_numbers: list[int]) -> Iterator[dict]:
    """A cell_too_long finding for every cell over MAX_CELL_CHARS (row and column named)."""
    for col, cell in cells.items():
        lengths = cell.per_row(cell.values.str.len().to_numpy())
        for i in np.flatnonzero(lengths > MAX_CELL_CHARS)[:FORMULA_FINDINGS_MAX]:
            yield fnd.finding(row_numbers[i], col, "cell_too_long", f"{col} #{row_numbers[i]}")
