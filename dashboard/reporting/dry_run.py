"""The dry run: a submission read and checked by ingest's own `check` on a read-only connection,
nothing kept, plus what the page shows beside it (the cells as written, the changes against the
last accepted report, an earlier submission of the same bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.reporting.access import check, connection, digest, earlier_submission, latest_own, raw_file, read_file
from dashboard.reporting.form import DIFF_FIELDS
from dashboard.reporting.values import plain, row_number, text
from etl.read import ReadResult


@dataclass(frozen=True)
class Places:
    """Where a file's data rows are as its user sees them: the CSV line or Excel row (header
    counted) with the sheet's name, or the n-th row of the form; and each row's business."""

    source: str
    header_row: int = 0
    sheet: str | None = None
    businesses: tuple[tuple[int, str], ...] = ()  # (data row, business id or the cell as written)

    def row(self, data_row: object) -> int | None:
        """The row the user sees for a data row (None for a finding about the whole file)."""
        n = row_number(data_row)
        return None if n is None else n + self.header_row

    def business(self, data_row: object) -> str | None:
        """The business of a data row, None when unknown."""
        n = row_number(data_row)
        return None if n is None else dict(self.businesses).get(n)


def places_of(result: ReadResult, source: str) -> Places:
    """The places of a read file's rows."""
    pairs: tuple[tuple[int, str], ...] = ()
    if result.frame is not None:
        pairs = tuple(zip(result.row_numbers, result.frame["business_id"].tolist(), strict=True))
    return Places(source, result.header_row, result.sheet, pairs)


def stored_places(raw: bytes, filename: str | None, source: str) -> Places:
    """The places of a kept submission's rows, read again from its raw bytes."""
    return places_of(read_file(raw, filename, source), source)


def places_of_submission(con: duckdb.DuckDBPyConnection, submission_id: int) -> Places | None:
    """The places of a kept submission's rows, None when there is no such submission."""
    kept = raw_file(con, submission_id)
    return None if kept is None else stored_places(kept.data, kept.original_name, kept.source)


@dataclass
class Preview:
    """A submission checked but not yet kept: its bytes, findings, cells as written and changes."""

    raw: bytes
    filename: str
    source: str
    sha256: str
    findings: pd.DataFrame
    cells: pd.DataFrame | None  # the rows as written, with their 1-based row numbers as index
    changes: pd.DataFrame  # row, business_id, column, before, after (canonical text)
    n_rows: int
    duplicate_of: int | None = None  # an earlier submission of these very bytes by this municipality
    previous_as_of: date | None = None
    places: Places = Places("form")
    standing: frozenset[int] = frozenset()  # data rows unchanged since the pair's last accepted report
    duplicate_outcome: str | None = None  # that earlier submission's outcome

    @property
    def errors(self) -> pd.DataFrame:
        """The findings that block the submission."""
        return self.findings[self.findings["severity"] == "error"]

    @property
    def new_warnings(self) -> pd.DataFrame:
        """Warnings on rows that changed (or are new): each needs reading."""
        part = self.findings[self.findings["severity"] == "warning"]
        return part[~part["row"].isin(self.standing)]

    @property
    def standing_warnings(self) -> pd.DataFrame:
        """Warnings on rows unchanged since the last accepted report: already known, grouped by kind."""
        part = self.findings[self.findings["severity"] == "warning"]
        return part[part["row"].isin(self.standing)]

    @property
    def n_errors(self) -> int:
        """How many findings block the submission."""
        return int((self.findings["severity"] == "error").sum()) if len(self.findings) else 0

    @property
    def n_warnings(self) -> int:
        """How many findings are advice that needs acknowledging."""
        return int((self.findings["severity"] == "warning").sum()) if len(self.findings) else 0


def preview(raw: bytes, *, filename: str, source: str, code: str, db: str | Path | None = None) -> Preview:
    """Read and check a submission exactly as the ingest would (its own `check`), and compare it with
    the last report; nothing is stored."""
    with connection(read_only=True, db=db) as con:
        checked = check(con, raw, filename=filename, source=source, code=code)
        latest = latest_own(con, code)
        earlier = earlier_submission(con, digest(raw), code)
    result = checked.result
    cells = None
    if result.raw is not None:
        cells = result.raw.copy()
        cells.index = pd.Index(result.row_numbers, name="row")
    changes = diff(latest, result.frame, result.row_numbers, code)
    prev = plain(latest["as_of"].max()) if len(latest) else None
    return Preview(
        raw,
        filename,
        source,
        checked.sha256,
        checked.findings,
        cells,
        changes,
        checked.n_rows,
        duplicate_of=None if earlier is None else earlier[0],
        previous_as_of=prev if isinstance(prev, date) else None,
        places=places_of(result, source),
        standing=unchanged_rows(latest, result.frame, result.row_numbers, code, changes),
        duplicate_outcome=None if earlier is None else earlier[1],
    )


def unchanged_rows(
    latest: pd.DataFrame, frame: pd.DataFrame | None, row_numbers: list[int], code: str, changes: pd.DataFrame
) -> frozenset[int]:
    """The data rows of this municipality's businesses that were reported before and changed nothing."""
    if frame is None or not len(frame) or not len(latest):
        return frozenset()
    reported = set(latest["business_id"])
    changed = set(changes["row"].tolist())
    codes, businesses = frame["municipality_code"].tolist(), frame["business_id"].tolist()
    counts = pd.Series(businesses).value_counts()
    return frozenset(
        n
        for n, c, b in zip(row_numbers, codes, businesses, strict=True)
        if c == code and b in reported and n not in changed and counts[b] == 1
    )


def diff(latest: pd.DataFrame, frame: pd.DataFrame | None, row_numbers: list[int], code: str) -> pd.DataFrame:
    """Cells that differ from the last accepted report: row, business_id, column, before, after."""
    columns = ["row", "business_id", "column", "before", "after"]
    if frame is None or not len(frame):
        return pd.DataFrame(columns=columns)
    before = latest.set_index("business_id") if len(latest) else pd.DataFrame()
    out = []
    for position, row in enumerate(frame.to_dict("records")):
        if row["municipality_code"] != code:
            continue
        biz = row["business_id"]
        last = before.loc[biz] if biz in before.index else None
        for column in DIFF_FIELDS:
            old = "" if last is None else text(column, last[column])
            new = text(column, row[column])
            if column == "special_support" and last is None and new == "false":
                continue  # a new row that is not special-support changes nothing worth showing
            if old != new:
                out.append(
                    {"row": row_numbers[position], "business_id": biz, "column": column, "before": old, "after": new}
                )
    return pd.DataFrame(out, columns=columns)
